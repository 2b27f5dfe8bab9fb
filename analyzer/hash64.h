/*
 * hash64.h -- 64-bit hashing of small values, for the in-memory tables
 * of the BGP replay and signal (routes, peers, prefixes, boundary
 * duplicates).  Not cryptographic: the inputs are archives, and a
 * collision costs at worst one record treated as a repeat.
 *
 * hash64_word folds one 64-bit word into the state with the finalizer of
 * SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), whose every output bit depends on every
 * input bit; hash64_bytes feeds bytes eight at a time.
 */
#ifndef LIGHTSOUT_HASH64_H
#define LIGHTSOUT_HASH64_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parsers/bgp_record.h"

#define HASH64_SEED	0x9e3779b97f4a7c15ULL

static inline uint64_t
hash64_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static inline uint64_t
hash64_word(uint64_t h, uint64_t v)
{
	return hash64_mix(h + HASH64_SEED + v);
}

static inline uint64_t
hash64_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t w;

	while (n >= 8) {
		memcpy(&w, b, 8);
		h = hash64_word(h, w);
		b += 8;
		n -= 8;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, b, n);
		h = hash64_word(h, w ^ ((uint64_t)n << 56));
	}
	return h;
}

/* An address by its family and the bytes that family uses. */
static inline uint64_t
hash64_addr(uint64_t h, const struct ip_addr *a)
{
	h = hash64_word(h, a->afi);
	return hash64_bytes(h, a->bytes, a->afi == AFI_IPV4 ? 4 :
	    a->afi == AFI_IPV6 ? 16 : 0);
}

static inline uint64_t
hash64_prefix(uint64_t h, const struct ip_prefix *p)
{
	return hash64_addr(hash64_word(h, p->len), &p->addr);
}

/* Segment types and ASNs in order: equal paths, equal hashes. */
static inline uint64_t
hash64_as_path(uint64_t h, const struct as_path *path)
{
	uint32_t i;

	for (i = 0; i < path->nsegs; i++)
		h = hash64_word(h, (uint64_t)path->segs[i].type << 8 |
		    path->segs[i].count);
	for (i = 0; i < path->nasns; i++)
		h = hash64_word(h, path->asns[i]);
	return h;
}

#endif
