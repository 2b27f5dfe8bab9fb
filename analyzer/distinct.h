/*
 * distinct.h -- the number of distinct addresses in a stream: exact up
 * to a limit, then estimated by a HyperLogLog (hll.h).
 *
 * The exact set is an open-addressing table that grows with its content
 * up to the limit; on the first address past it, every address in the
 * set goes into a HyperLogLog, the set is freed, and counting goes on
 * there (16 KiB, whatever comes).  Two counters merge into the counter
 * of the union of their inputs: sets unite (turning into a HyperLogLog
 * past the limit), a HyperLogLog absorbs a set, two take the
 * register-wise maximum.  The result does not depend on the order of
 * adds and merges.
 */
#ifndef LIGHTSOUT_DISTINCT_H
#define LIGHTSOUT_DISTINCT_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/hll.h"
#include "parsers/bgp_record.h"

struct distinct {
	struct ip_addr	*slots;		/* afi 0: empty; NULL until used */
	uint32_t	 nslots;	/* a power of two, or 0 */
	uint32_t	 count;		/* addresses in the exact set */
	uint32_t	 limit;		/* exact up to this many */
	struct hll	*hll;		/* non-NULL once past the limit */
};

void	distinct_init(struct distinct *d, uint32_t limit);
void	distinct_free(struct distinct *d);

/* Count a (an absent address, afi 0, is ignored).  -1 on out of memory. */
int	distinct_add(struct distinct *d, const struct ip_addr *a);
/* Count everything src counted into dst.  -1 on out of memory. */
int	distinct_merge(struct distinct *dst, const struct distinct *src);

/* The count: exact, or the HyperLogLog's estimate. */
double	distinct_count(const struct distinct *d);
bool	distinct_is_exact(const struct distinct *d);
/* Relative standard error of distinct_count: 0 while exact. */
double	distinct_error(const struct distinct *d);

#endif
