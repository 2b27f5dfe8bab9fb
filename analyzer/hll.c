/*
 * hll.c -- HyperLogLog with 2^14 registers over 64-bit hashes.
 *
 * Register update: the first HLL_PRECISION bits of the hash pick the
 * register, which keeps the largest rank seen, the rank being one more
 * than the number of leading zeros of the remaining 50 bits (51 when
 * they are all zero).
 *
 * Estimate, following HLL++ (Heule et al. 2013, section 5):
 *  - With a 64-bit hash, collisions matter only far beyond any count
 *    here, so the large-range correction of the original paper is gone.
 *  - Small range: linear counting, m ln(m / V) with V the empty
 *    registers, whenever some register is empty and that estimate is at
 *    most 11500, HLL++'s threshold for precision 14 (its Table 1 gives
 *    the point where linear counting stops being the better estimate).
 *  - Above it, HLL++ subtracts an empirically measured bias from the raw
 *    estimate alpha m^2 / sum 2^-M[j], using interpolation tables.  We
 *    use instead the improved raw estimator of Ertl ("New cardinality
 *    estimation algorithms for HyperLogLog sketches", arXiv:1702.01284,
 *    2017, algorithm 6), which is built from the register histogram and
 *    has no such bias over the whole range, so no tables are needed; its
 *    error stays within the 1.04 / sqrt(m) standard error.
 */
#include <math.h>
#include <string.h>

#include "analyzer/hll.h"

#define HLL_Q		(64 - HLL_PRECISION)	/* bits for the rank */
#define HLL_LC_THRESHOLD 11500.0		/* HLL++ Table 1, p = 14 */

static uint64_t
splitmix64_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
load_be64(const uint8_t *b)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

uint64_t
hll_hash_addr(const struct ip_addr *a)
{
	uint64_t h;

	/* The golden-ratio increment of SplitMix64 keeps the families
	   apart; each step is a bijection, so distinct IPv4 addresses
	   never collide. */
	h = splitmix64_mix(load_be64(a->bytes) ^
	    ((uint64_t)a->afi * 0x9e3779b97f4a7c15ULL));
	return splitmix64_mix(h ^ load_be64(a->bytes + 8));
}

void
hll_init(struct hll *h)
{
	memset(h->reg, 0, sizeof(h->reg));
}

void
hll_add_hash(struct hll *h, uint64_t hash)
{
	uint32_t idx = (uint32_t)(hash >> HLL_Q);
	uint64_t rest = hash << HLL_PRECISION;
	uint8_t rank;

	rank = rest == 0 ? HLL_Q + 1 : (uint8_t)(__builtin_clzll(rest) + 1);
	if (rank > h->reg[idx])
		h->reg[idx] = rank;
}

void
hll_merge(struct hll *dst, const struct hll *src)
{
	uint32_t i;

	for (i = 0; i < HLL_REGISTERS; i++)
		if (src->reg[i] > dst->reg[i])
			dst->reg[i] = src->reg[i];
}

/* Ertl's sigma(x) = x + sum_{k>=1} x^(2^k) 2^(k-1), for x in [0, 1). */
static double
ertl_sigma(double x)
{
	double y = 1.0, z = x, prev;

	if (x >= 1.0)
		return INFINITY;
	do {
		x *= x;
		prev = z;
		z += x * y;
		y += y;
	} while (z != prev);
	return z;
}

/*
 * Ertl's tau(x) = (1 - x - sum_{k>=1} (1 - x^(2^-k))^2 2^-k) / 3, for x
 * in [0, 1].
 */
static double
ertl_tau(double x)
{
	double y = 1.0, z, prev;

	if (x <= 0.0 || x >= 1.0)
		return 0.0;
	z = 1.0 - x;
	do {
		x = sqrt(x);
		prev = z;
		y *= 0.5;
		z -= (1.0 - x) * (1.0 - x) * y;
	} while (z != prev);
	return z / 3.0;
}

double
hll_estimate(const struct hll *h)
{
	uint32_t hist[HLL_Q + 2];
	double m = HLL_REGISTERS, z;
	uint32_t i;
	int k;

	memset(hist, 0, sizeof(hist));
	for (i = 0; i < HLL_REGISTERS; i++)
		hist[h->reg[i]]++;
	if (hist[0] == HLL_REGISTERS)
		return 0.0;
	if (hist[0] > 0) {
		double lc = m * log(m / hist[0]);

		if (lc <= HLL_LC_THRESHOLD)
			return lc;
	}
	z = m * ertl_tau((m - hist[HLL_Q + 1]) / m);
	for (k = HLL_Q; k >= 1; k--) {
		z += hist[k];
		z *= 0.5;
	}
	z += m * ertl_sigma(hist[0] / m);
	/* alpha_inf = 1 / (2 ln 2) */
	return m * m / (2.0 * log(2.0) * z);
}
