/*
 * quantile.c -- log-bucketed histograms with 1% relative accuracy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/quantile.h"

/* log(gamma), gamma = (1 + a) / (1 - a). */
static double
log_gamma(void)
{
	return log((1.0 + QUANTILE_ACCURACY) / (1.0 - QUANTILE_ACCURACY));
}

void
quantile_init(struct quantile *q)
{
	memset(q, 0, sizeof(*q));
}

void
quantile_free(struct quantile *q)
{
	free(q->counts);
	quantile_init(q);
}

static int32_t
bucket_of(double x)
{
	double i = ceil(log(x) / log_gamma());

	if (i < -QUANTILE_MAX_INDEX)
		return -QUANTILE_MAX_INDEX;
	if (i > QUANTILE_MAX_INDEX)
		return QUANTILE_MAX_INDEX;
	return (int32_t)i;
}

/* Make buckets [from, to] part of the dense range. */
static int
cover(struct quantile *q, int32_t from, int32_t to)
{
	uint64_t *counts;
	int32_t lo, hi, slack;
	uint32_t n;

	if (q->counts != NULL) {
		hi = q->lo + (int32_t)q->nbuckets - 1;
		if (from >= q->lo && to <= hi)
			return 0;
		/* Grow by half again at least, so that a widening stream
		   reallocates a logarithmic number of times. */
		slack = (int32_t)q->nbuckets / 2 + 16;
		lo = from < q->lo ? from - slack : q->lo;
		hi = to > hi ? to + slack : hi;
		if (lo < -QUANTILE_MAX_INDEX)
			lo = -QUANTILE_MAX_INDEX;
		if (hi > QUANTILE_MAX_INDEX)
			hi = QUANTILE_MAX_INDEX;
	} else {
		lo = from;
		hi = to;
	}
	n = (uint32_t)(hi - lo + 1);
	if ((counts = calloc(n, sizeof(*counts))) == NULL)
		return -1;
	if (q->counts != NULL)
		memcpy(counts + (q->lo - lo), q->counts,
		    q->nbuckets * sizeof(*counts));
	free(q->counts);
	q->counts = counts;
	q->lo = lo;
	q->nbuckets = n;
	return 0;
}

int
quantile_add(struct quantile *q, double x)
{
	int32_t i;

	if (isnan(x))
		return 0;
	if (x <= 0.0) {
		q->nonpositive++;
		q->n++;
		return 0;
	}
	i = bucket_of(x);
	if (cover(q, i, i) == -1)
		return -1;
	q->counts[i - q->lo]++;
	q->n++;
	return 0;
}

int
quantile_merge(struct quantile *dst, const struct quantile *src)
{
	uint32_t i;

	if (src->counts != NULL) {
		if (cover(dst, src->lo,
		    src->lo + (int32_t)src->nbuckets - 1) == -1)
			return -1;
		for (i = 0; i < src->nbuckets; i++)
			dst->counts[src->lo - dst->lo + (int32_t)i] +=
			    src->counts[i];
	}
	dst->nonpositive += src->nonpositive;
	dst->n += src->n;
	return 0;
}

uint64_t
quantile_count(const struct quantile *q)
{
	return q->n;
}

bool
quantile_value(const struct quantile *q, double p, double *v)
{
	double gamma = (1.0 + QUANTILE_ACCURACY) / (1.0 - QUANTILE_ACCURACY);
	uint64_t rank, seen;
	uint32_t i;

	if (q->n == 0)
		return false;
	if (p < 0.0)
		p = 0.0;
	if (p > 1.0)
		p = 1.0;
	rank = (uint64_t)floor(p * (double)(q->n - 1));
	seen = q->nonpositive;
	if (rank < seen) {
		*v = 0.0;
		return true;
	}
	for (i = 0; i < q->nbuckets; i++) {
		seen += q->counts[i];
		if (rank < seen)
			break;
	}
	if (i == q->nbuckets)
		i = q->nbuckets - 1;
	*v = 2.0 * pow(gamma, q->lo + (int32_t)i) / (gamma + 1.0);
	return true;
}
