/*
 * topk.h -- the heaviest keys of a weighted stream: a Space-Saving
 * summary (Metwally, Agrawal, El Abbadi, "Efficient computation of
 * frequent and top-k elements in data streams", ICDT 2005).
 *
 * A summary of capacity k keeps k counters.  A monitored key adds its
 * weight to its counter; a new key takes a free counter, or else the
 * counter with the smallest count, inheriting that count as its error.
 * So every count is an upper bound of the key's true weight and
 * count - error a lower bound; a key not monitored weighs at most the
 * smallest count; and while no more than k keys were seen, every count
 * is exact (error 0).
 *
 * Merging follows the combine-and-prune of Agarwal et al., "Mergeable
 * summaries" (PODS 2012, section 3) for counter summaries: counters of
 * the same key add; a key missing from one summary is counted there at
 * that summary's smallest count (0 when it is not full), which is what
 * it may have weighed there, and that amount adds to its error; then
 * the k largest counts are kept.  Kept counts stay upper bounds with
 * their error stated, a dropped key weighs at most the new smallest
 * count, and summaries that together saw at most k keys merge exactly.
 *
 * Keys are struct ip_addr: an address is itself; a port is topk_port_key
 * (family 0, the port big-endian in the first two bytes), so that keys
 * order as addresses or numbers.
 */
#ifndef LIGHTSOUT_TOPK_H
#define LIGHTSOUT_TOPK_H

#include <stdint.h>

#include "parsers/bgp_record.h"

struct topk_entry {
	struct ip_addr	 key;
	uint64_t	 count;		/* upper bound of the key's weight */
	uint64_t	 error;		/* count - error is a lower bound */
};

struct topk {
	struct topk_entry *entries;	/* capacity of them; NULL until used */
	uint32_t	*heap;		/* entry numbers, min-heap by count */
	uint32_t	*heap_pos;	/* entry number -> place in heap */
	uint32_t	*index;		/* hash of keys: entry number + 1 */
	uint32_t	 nindex;	/* a power of two >= 2 * capacity */
	uint32_t	 n;		/* counters in use */
	uint32_t	 capacity;
};

void		 topk_init(struct topk *t, uint32_t capacity);
void		 topk_free(struct topk *t);

struct ip_addr	 topk_port_key(uint16_t port);
uint16_t	 topk_key_port(const struct ip_addr *key);

/* Add weight to key.  -1 on out of memory. */
int		 topk_add(struct topk *t, const struct ip_addr *key,
		    uint64_t weight);
int		 topk_merge(struct topk *dst, const struct topk *src);

/*
 * The counters into out (room for t->capacity), by count descending,
 * ties by key ascending; returns how many.
 */
uint32_t	 topk_sorted(const struct topk *t, struct topk_entry *out);

/* The smallest count when all counters are in use, else 0: the most a
   key not monitored can weigh. */
uint64_t	 topk_floor(const struct topk *t);

#endif
