/*
 * target.h -- the target of an event resolved into what the signals
 * match against: prefixes (more-specifics included), origin ASNs, hosts.
 * Countries are resolved here through the event's registry files.
 *
 * Lookups are binary searches over sorted tables, so a target of
 * thousands of prefixes (a large country) costs a few comparisons per
 * record.
 */
#ifndef LIGHTSOUT_TARGET_H
#define LIGHTSOUT_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/event.h"
#include "parsers/bgp_record.h"

struct target {
	/* The target prefixes: given, and from countries; sorted by
	   (afi, address, length), duplicates removed. */
	struct ip_prefix *prefixes;
	size_t		 nprefixes;
	uint32_t	*asns;		/* sorted, unique */
	size_t		 nasns;
	struct ip_addr	*hosts;		/* sorted, unique */
	size_t		 nhosts;
	/* Address ranges covered by prefixes, merged, per family; for
	   target_covers_* (opaque to callers). */
	struct target_range *ranges;
	size_t		 nranges;
};

/*
 * Resolve ev's targets.  Countries need registry files; -1 with a
 * message in err when a file cannot be read or a country has nothing in
 * them.  warn (may be NULL) gets a note on bad registry records.
 */
int	target_build(struct target *t, const struct event *ev, char *warn,
	    size_t warnlen, char *err, size_t errlen);
void	target_free(struct target *t);

/* p is a target prefix or inside one. */
bool	target_covers_prefix(const struct target *t, const struct ip_prefix *p);
/* a is inside a target prefix or is a target host. */
bool	target_covers_addr(const struct target *t, const struct ip_addr *a);
bool	target_has_asn(const struct target *t, uint32_t asn);
/* Index of a in t->hosts, or -1. */
long	target_host_index(const struct target *t, const struct ip_addr *a);
/* Index in t->prefixes of the most specific target prefix holding p, or -1. */
long	target_prefix_index(const struct target *t, const struct ip_prefix *p);

#endif
