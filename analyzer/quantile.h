/*
 * quantile.h -- quantiles of a stream of positive values with a bounded
 * relative error: a log-bucketed histogram after DDSketch (Masson,
 * Rim, Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019).
 *
 * With a = QUANTILE_ACCURACY and gamma = (1 + a) / (1 - a), a value x > 0
 * goes into bucket i = ceil(log_gamma(x)), which holds (gamma^(i-1),
 * gamma^i]; the bucket is read back as 2 gamma^i / (gamma + 1), within
 * a of every value in it.  Values of 0 or less are counted apart and
 * read back as 0.  Bucket numbers are clamped to
 * [-QUANTILE_MAX_INDEX, QUANTILE_MAX_INDEX], so the guarantee holds for
 * values from about 1.6e-18 to 6.3e17 (gamma^2048); the counts, kept
 * densely between the lowest and highest bucket used, take at most
 * 32 KiB.  Sketches merge by adding counts bucket by bucket: the merge
 * is the sketch of the union of the inputs.
 */
#ifndef LIGHTSOUT_QUANTILE_H
#define LIGHTSOUT_QUANTILE_H

#include <stdbool.h>
#include <stdint.h>

#define QUANTILE_ACCURACY	0.01
#define QUANTILE_MAX_INDEX	2048

struct quantile {
	uint64_t	*counts;	/* bucket lo + i at i; NULL until used */
	int32_t		 lo;		/* lowest bucket held */
	uint32_t	 nbuckets;
	uint64_t	 nonpositive;	/* values <= 0 */
	uint64_t	 n;		/* all values */
};

void		 quantile_init(struct quantile *q);
void		 quantile_free(struct quantile *q);

/* Count x (a NaN is ignored).  -1 on out of memory. */
int		 quantile_add(struct quantile *q, double x);
int		 quantile_merge(struct quantile *dst, const struct quantile *src);

uint64_t	 quantile_count(const struct quantile *q);

/*
 * The value of rank floor(p (n - 1)) (from 0, values sorted), for p in
 * [0, 1], within QUANTILE_ACCURACY of it relatively; false when empty.
 */
bool		 quantile_value(const struct quantile *q, double p, double *v);

#endif
