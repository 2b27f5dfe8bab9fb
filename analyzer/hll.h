/*
 * hll.h -- HyperLogLog distinct counting (Flajolet, Fusy, Gandouet,
 * Meunier 2007) with the HLL++ changes of Heule, Nunkesser and Hall
 * (EDBT 2013): a 64-bit hash, so no large-range correction is needed,
 * and linear counting for small cardinalities.
 *
 * 2^14 one-byte registers (16 KiB); relative standard error
 * 1.04 / sqrt(2^14) = 0.81%.  Two sketches merge by the register-wise
 * maximum, which is the sketch of the union of their inputs whatever
 * the order or the split: runs over disjoint inputs merge exactly.
 */
#ifndef LIGHTSOUT_HLL_H
#define LIGHTSOUT_HLL_H

#include <stdint.h>

#include "parsers/bgp_record.h"		/* struct ip_addr */

#define HLL_PRECISION	14
#define HLL_REGISTERS	(1u << HLL_PRECISION)
/* 1.04 / sqrt(HLL_REGISTERS) */
#define HLL_STD_ERROR	0.008125

struct hll {
	uint8_t		 reg[HLL_REGISTERS];
};

/*
 * The 64-bit hash of an address (family and all 16 bytes), from the
 * SplitMix64 finalizer (Steele, Lea, Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014; constants of Stafford's
 * "Mix13"): a bijection on 64 bits with full avalanche.
 */
uint64_t	 hll_hash_addr(const struct ip_addr *a);

void		 hll_init(struct hll *h);
void		 hll_add_hash(struct hll *h, uint64_t hash);
void		 hll_merge(struct hll *dst, const struct hll *src);
/* The estimated number of distinct hashes added. */
double		 hll_estimate(const struct hll *h);

#endif
