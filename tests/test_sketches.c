/*
 * test_sketches.c -- the streaming summaries of the signals, each
 * against the exact computation over generated data: HyperLogLog
 * (analyzer/hll.c), exact-then-approximate distinct counts
 * (analyzer/distinct.c), Space-Saving top lists (analyzer/topk.c) and
 * the log-bucketed quantile histogram (analyzer/quantile.c), and their
 * merges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "analyzer/distinct.h"
#include "analyzer/hll.h"
#include "analyzer/quantile.h"
#include "analyzer/topk.h"
#include "tests/signal_test.h"
#include "tests/test_util.h"

static struct ip_addr
v4(uint32_t a)
{
	struct ip_addr ad;

	memset(&ad, 0, sizeof(ad));
	ad.afi = AFI_IPV4;
	ad.bytes[0] = (uint8_t)(a >> 24);
	ad.bytes[1] = (uint8_t)(a >> 16);
	ad.bytes[2] = (uint8_t)(a >> 8);
	ad.bytes[3] = (uint8_t)a;
	return ad;
}

static struct ip_addr
random_v6(void)
{
	struct ip_addr ad;
	uint64_t hi = test_rng_next(), lo = test_rng_next();

	memset(&ad, 0, sizeof(ad));
	ad.afi = AFI_IPV6;
	memcpy(ad.bytes, &hi, 8);
	memcpy(ad.bytes + 8, &lo, 8);
	return ad;
}

static int
addr_cmp(const void *a, const void *b)
{
	const struct ip_addr *x = a, *y = b;

	if (x->afi != y->afi)
		return x->afi < y->afi ? -1 : 1;
	return memcmp(x->bytes, y->bytes, 16);
}

/* Distinct addresses among a[0..n), exactly (sorts a). */
static size_t
exact_distinct(struct ip_addr *a, size_t n)
{
	size_t i, d = 0;

	qsort(a, n, sizeof(*a), addr_cmp);
	for (i = 0; i < n; i++)
		if (i == 0 || addr_cmp(&a[i - 1], &a[i]) != 0)
			d++;
	return d;
}

static void
assert_within_hll_error(double estimate, double truth)
{
	double err = fabs(estimate - truth) / truth;

	if (err > 3 * HLL_STD_ERROR)
		fail_msg("estimate %.1f of %.0f: relative error %.4f > 3 SE",
		    estimate, truth, err);
}

/* ------------------------------------------------------------------ */
/* HyperLogLog                                                         */

static void
test_hll_empty_and_duplicates(void **state)
{
	struct hll *h = xmalloc(sizeof(*h));
	struct ip_addr a = v4(0xc0000201);
	int i;

	(void)state;
	hll_init(h);
	assert_true(hll_estimate(h) == 0.0);
	for (i = 0; i < 1000; i++)
		hll_add_hash(h, hll_hash_addr(&a));
	/* Linear counting: one register of 16384 set. */
	assert_true(fabs(hll_estimate(h) - 1.0) < 0.01);
	free(h);
}

static void
test_hll_hash_distinguishes_families(void **state)
{
	struct ip_addr a = v4(0x0a000001), b;

	(void)state;
	/* The same bytes as IPv6 (10.0.0.1 in the first four) differ. */
	b = a;
	b.afi = AFI_IPV6;
	assert_true(hll_hash_addr(&a) != hll_hash_addr(&b));
	/* Any byte counts, the last included. */
	b = a;
	b.bytes[15] = 1;
	assert_true(hll_hash_addr(&a) != hll_hash_addr(&b));
	/* Deterministic. */
	assert_true(hll_hash_addr(&a) == hll_hash_addr(&a));
}

/* Consecutive IPv4 addresses: the worst case for a weak hash. */
static void
check_sequential_v4(uint32_t n)
{
	struct hll *h = xmalloc(sizeof(*h));
	struct ip_addr a;
	uint32_t i;

	hll_init(h);
	for (i = 0; i < n; i++) {
		a = v4(0x0a000000 + i);
		hll_add_hash(h, hll_hash_addr(&a));
	}
	assert_within_hll_error(hll_estimate(h), n);
	free(h);
}

static void
test_hll_sequential_v4(void **state)
{
	(void)state;
	check_sequential_v4(100);
	check_sequential_v4(5000);
	check_sequential_v4(11000);	/* linear counting */
	check_sequential_v4(12000);	/* just past its threshold */
	check_sequential_v4(40000);
	check_sequential_v4(100000);
	check_sequential_v4(1000000);
}

/* Random IPv4 addresses with repeats, 10^5 to 10^6 of them. */
static void
test_hll_random_v4(void **state)
{
	static const size_t sizes[] = { 100000, 300000, 1000000 };
	struct hll *h = xmalloc(sizeof(*h));
	struct ip_addr *all;
	size_t i, k, n;

	(void)state;
	test_rng_seed(42);
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		n = sizes[k];
		all = xmalloc(n * sizeof(*all));
		hll_init(h);
		for (i = 0; i < n; i++) {
			/* 2^21 addresses in 10/8: many repeat at 10^6. */
			all[i] = v4(0x0a000000 |
			    (uint32_t)(test_rng_next() >> 43));
			hll_add_hash(h, hll_hash_addr(&all[i]));
		}
		assert_within_hll_error(hll_estimate(h),
		    (double)exact_distinct(all, n));
		free(all);
	}
	free(h);
}

static void
test_hll_random_v6_merge(void **state)
{
	struct hll *whole = xmalloc(sizeof(*whole));
	struct hll *h1 = xmalloc(sizeof(*h1)), *h2 = xmalloc(sizeof(*h2));
	size_t n = 600000, i;
	struct ip_addr *all = xmalloc(n * sizeof(*all));

	(void)state;
	test_rng_seed(7);
	hll_init(whole);
	hll_init(h1);
	hll_init(h2);
	for (i = 0; i < n; i++) {
		all[i] = random_v6();
		hll_add_hash(whole, hll_hash_addr(&all[i]));
		/* Overlapping halves: the middle third goes to both. */
		if (i < 2 * n / 3)
			hll_add_hash(h1, hll_hash_addr(&all[i]));
		if (i >= n / 3)
			hll_add_hash(h2, hll_hash_addr(&all[i]));
	}
	assert_within_hll_error(hll_estimate(h1), 2.0 * n / 3);
	hll_merge(h1, h2);
	assert_memory_equal(h1->reg, whole->reg, sizeof(whole->reg));
	assert_true(hll_estimate(h1) == hll_estimate(whole));
	assert_within_hll_error(hll_estimate(whole),
	    (double)exact_distinct(all, n));
	free(all);
	free(whole);
	free(h1);
	free(h2);
}

/* ------------------------------------------------------------------ */
/* Distinct counting                                                   */

static void
test_distinct_exact_below_limit(void **state)
{
	struct distinct d;
	struct ip_addr a, absent;
	uint32_t i;

	(void)state;
	distinct_init(&d, 1000);
	assert_true(distinct_count(&d) == 0.0);
	assert_true(distinct_is_exact(&d));
	for (i = 0; i < 3000; i++) {
		a = v4(0xc0000000 + i % 1000);	/* each three times */
		assert_int_equal(distinct_add(&d, &a), 0);
	}
	memset(&absent, 0, sizeof(absent));
	assert_int_equal(distinct_add(&d, &absent), 0);
	assert_true(distinct_is_exact(&d));
	assert_true(distinct_count(&d) == 1000.0);
	assert_true(distinct_error(&d) == 0.0);

	/* One more and it is an estimate, still close. */
	a = v4(0xc0000000 + 1000);
	assert_int_equal(distinct_add(&d, &a), 0);
	assert_false(distinct_is_exact(&d));
	assert_true(distinct_error(&d) == HLL_STD_ERROR);
	assert_within_hll_error(distinct_count(&d), 1001);
	for (i = 0; i < 200000; i++) {
		a = v4(0xc0000000 + i);
		assert_int_equal(distinct_add(&d, &a), 0);
	}
	assert_within_hll_error(distinct_count(&d), 200000);
	distinct_free(&d);
}

static void
test_distinct_mixed_families(void **state)
{
	struct distinct d;
	struct ip_addr a;

	(void)state;
	distinct_init(&d, 10);
	a = v4(0x0a000001);
	assert_int_equal(distinct_add(&d, &a), 0);
	a.afi = AFI_IPV6;
	assert_int_equal(distinct_add(&d, &a), 0);
	assert_true(distinct_count(&d) == 2.0);
	distinct_free(&d);
}

static void
test_distinct_merge_exact(void **state)
{
	struct distinct a, b;
	struct ip_addr ad;
	uint32_t i;

	(void)state;
	distinct_init(&a, 500);
	distinct_init(&b, 500);
	for (i = 0; i < 300; i++) {
		ad = v4(i);
		assert_int_equal(distinct_add(&a, &ad), 0);
		ad = v4(i + 100);		/* 100..399 */
		assert_int_equal(distinct_add(&b, &ad), 0);
	}
	assert_int_equal(distinct_merge(&a, &b), 0);
	assert_true(distinct_is_exact(&a));
	assert_true(distinct_count(&a) == 400.0);
	/* b is unchanged. */
	assert_true(distinct_count(&b) == 300.0);

	/* Past the limit together: an estimate. */
	distinct_free(&b);
	distinct_init(&b, 500);
	for (i = 0; i < 300; i++) {
		ad = v4(i + 1000);
		assert_int_equal(distinct_add(&b, &ad), 0);
	}
	assert_int_equal(distinct_merge(&a, &b), 0);
	assert_false(distinct_is_exact(&a));
	assert_within_hll_error(distinct_count(&a), 700);
	distinct_free(&a);
	distinct_free(&b);
}

/* Every way of splitting a stream merges into the counter of the whole. */
static void
test_distinct_merge_halves(void **state)
{
	struct distinct whole, h1, h2, h3;
	struct ip_addr ad;
	uint32_t i, n = 50000;

	(void)state;
	test_rng_seed(99);
	distinct_init(&whole, 4096);
	distinct_init(&h1, 4096);
	distinct_init(&h2, 4096);
	distinct_init(&h3, 4096);
	for (i = 0; i < n; i++) {
		ad = v4((uint32_t)(test_rng_next() >> 32));
		assert_int_equal(distinct_add(&whole, &ad), 0);
		/* h1 stays below the limit, h2 goes past it. */
		if (i < 3000)
			assert_int_equal(distinct_add(&h1, &ad), 0);
		else
			assert_int_equal(distinct_add(&h2, &ad), 0);
	}
	assert_true(distinct_is_exact(&h1));
	assert_false(distinct_is_exact(&h2));
	/* Exact into estimate, and estimate into exact. */
	assert_int_equal(distinct_merge(&h3, &h1), 0);
	assert_int_equal(distinct_merge(&h3, &h2), 0);
	assert_int_equal(distinct_merge(&h2, &h1), 0);
	assert_memory_equal(h2.hll->reg, whole.hll->reg, HLL_REGISTERS);
	assert_memory_equal(h3.hll->reg, whole.hll->reg, HLL_REGISTERS);
	assert_true(distinct_count(&h2) == distinct_count(&whole));
	assert_within_hll_error(distinct_count(&whole), n);
	distinct_free(&whole);
	distinct_free(&h1);
	distinct_free(&h2);
	distinct_free(&h3);
}

static void
test_distinct_zero_limit(void **state)
{
	struct distinct d;
	struct ip_addr ad = v4(1);

	(void)state;
	distinct_init(&d, 0);
	assert_int_equal(distinct_add(&d, &ad), 0);
	assert_false(distinct_is_exact(&d));
	assert_true(fabs(distinct_count(&d) - 1.0) < 0.01);
	distinct_free(&d);
}

/* ------------------------------------------------------------------ */
/* Space-Saving                                                        */

#define NKEYS	5000

/* Zipf-like weights: key i weighs about 1/(i+1), times a random factor. */
static uint64_t
draw_weight(uint32_t *key)
{
	double u = test_rng_unit();

	/* Inverse of a continuous power law on [1, NKEYS]. */
	*key = (uint32_t)(pow((double)NKEYS, u)) - 1;
	return 1 + test_rng_next() % 1500;
}

static void
test_topk_exact_within_capacity(void **state)
{
	uint64_t truth[50];
	struct topk_entry out[64];
	struct topk t;
	struct ip_addr key;
	uint32_t i, n, k;
	uint64_t w;

	(void)state;
	memset(truth, 0, sizeof(truth));
	test_rng_seed(5);
	topk_init(&t, 64);
	for (i = 0; i < 20000; i++) {
		k = (uint32_t)(test_rng_next() % 50);
		w = test_rng_next() % 100000;
		truth[k] += w;
		key = topk_port_key((uint16_t)(1000 + k));
		assert_int_equal(topk_add(&t, &key, w), 0);
	}
	assert_true(topk_floor(&t) == 0);
	n = topk_sorted(&t, out);
	assert_int_equal(n, 50);
	for (i = 0; i < n; i++) {
		k = topk_key_port(&out[i].key) - 1000u;
		assert_true(k < 50);
		assert_true(out[i].count == truth[k]);
		assert_true(out[i].error == 0);
		if (i > 0)
			assert_true(out[i - 1].count > out[i].count ||
			    (out[i - 1].count == out[i].count &&
			    topk_key_port(&out[i - 1].key) <
			    topk_key_port(&out[i].key)));
	}
	topk_free(&t);
}

/*
 * The Space-Saving guarantees: counts sum to the stream's weight; every
 * count is an upper bound and count - error a lower one; the error is
 * at most the floor, which is at most N / k; a key not monitored weighs
 * at most the floor (so every key heavier than N / k is monitored).
 */
static void
check_topk_bounds(const struct topk *t, const uint64_t *truth, uint64_t total,
    bool counts_sum)
{
	struct topk_entry *out = xmalloc(t->capacity * sizeof(*out));
	bool *seen = calloc(NKEYS, sizeof(*seen));
	uint64_t sum = 0, floor_count = topk_floor(t);
	uint32_t i, n, k;

	assert_non_null(seen);
	n = topk_sorted(t, out);
	assert_int_equal(n, t->capacity);
	for (i = 0; i < n; i++) {
		k = topk_key_port(&out[i].key);
		assert_true(k < NKEYS);
		assert_false(seen[k]);		/* keys are unique */
		seen[k] = true;
		assert_true(out[i].count >= truth[k]);
		assert_true(out[i].count - out[i].error <= truth[k]);
		assert_true(out[i].error <= floor_count);
		sum += out[i].count;
	}
	if (counts_sum)
		assert_true(sum == total);
	assert_true(floor_count <= (total + t->capacity - 1) / t->capacity ||
	    !counts_sum);
	for (k = 0; k < NKEYS; k++)
		if (!seen[k])
			assert_true(truth[k] <= floor_count);
	free(seen);
	free(out);
}

static void
test_topk_bounds_beyond_capacity(void **state)
{
	uint64_t *truth = calloc(NKEYS, sizeof(*truth)), total = 0, w;
	struct topk t;
	struct ip_addr key;
	uint32_t i, k;

	(void)state;
	assert_non_null(truth);
	test_rng_seed(11);
	topk_init(&t, 64);
	for (i = 0; i < 200000; i++) {
		w = draw_weight(&k);
		truth[k] += w;
		total += w;
		key = topk_port_key((uint16_t)k);
		assert_int_equal(topk_add(&t, &key, w), 0);
	}
	check_topk_bounds(&t, truth, total, true);
	/* The heaviest key is first and nearly exact. */
	{
		struct topk_entry out[64];

		topk_sorted(&t, out);
		assert_int_equal(topk_key_port(&out[0].key), 0);
		assert_true(out[0].count - out[0].error <= truth[0]);
		assert_true(out[0].count >= truth[0]);
	}
	topk_free(&t);
	free(truth);
}

static void
test_topk_merge_exact(void **state)
{
	struct topk whole, a, b;
	struct topk_entry ow[32], om[32];
	struct ip_addr key;
	uint32_t i, k, nw, nm;
	uint64_t w;

	(void)state;
	test_rng_seed(3);
	topk_init(&whole, 32);
	topk_init(&a, 32);
	topk_init(&b, 32);
	for (i = 0; i < 5000; i++) {
		k = (uint32_t)(test_rng_next() % 30);
		w = test_rng_next() % 1000;
		key = v4(0xc6336400 + k);
		assert_int_equal(topk_add(&whole, &key, w), 0);
		assert_int_equal(topk_add(i % 3 == 0 ? &a : &b, &key, w), 0);
	}
	assert_int_equal(topk_merge(&a, &b), 0);
	nw = topk_sorted(&whole, ow);
	nm = topk_sorted(&a, om);
	assert_int_equal(nw, 30);
	assert_int_equal(nm, 30);
	assert_memory_equal(ow, om, nw * sizeof(ow[0]));
	topk_free(&whole);
	topk_free(&a);
	topk_free(&b);
}

static void
test_topk_merge_beyond_capacity(void **state)
{
	uint64_t *truth = calloc(NKEYS, sizeof(*truth)), total = 0, w;
	struct topk parts[4], merged;
	struct ip_addr key;
	uint32_t i, k;

	(void)state;
	assert_non_null(truth);
	test_rng_seed(17);
	for (i = 0; i < 4; i++)
		topk_init(&parts[i], 64);
	topk_init(&merged, 64);
	for (i = 0; i < 200000; i++) {
		w = draw_weight(&k);
		truth[k] += w;
		total += w;
		key = topk_port_key((uint16_t)k);
		/* Parts of different kinds: contiguous runs, and a part
		   that sees few keys and stays below capacity. */
		if (i % 1000 == 0)
			key = topk_port_key((uint16_t)(k % 10));
		if (i % 1000 == 0)
			truth[k] -= w, truth[k % 10] += w;
		assert_int_equal(topk_add(&parts[i % 1000 == 0 ? 3 :
		    i / 66667], &key, w), 0);
	}
	assert_true(parts[3].n < 64);
	for (i = 0; i < 4; i++)
		assert_int_equal(topk_merge(&merged, &parts[i]), 0);
	check_topk_bounds(&merged, truth, total, false);
	for (i = 0; i < 4; i++)
		topk_free(&parts[i]);
	topk_free(&merged);
	free(truth);
}

/*
 * A key counted in both summaries but evicted from one: the merge must
 * count it there at that summary's floor, or its count would fall below
 * its true weight.
 */
static void
test_topk_merge_key_evicted_in_one(void **state)
{
	struct topk a, b;
	struct topk_entry out[4];
	struct ip_addr x = topk_port_key(9999), key;
	uint64_t floor_b;
	uint32_t i, n;

	(void)state;
	topk_init(&a, 4);
	topk_init(&b, 4);
	assert_int_equal(topk_add(&a, &x, 100), 0);
	assert_int_equal(topk_add(&b, &x, 5), 0);
	for (i = 0; i < 10; i++) {
		key = topk_port_key((uint16_t)i);
		assert_int_equal(topk_add(&b, &key, 10), 0);
	}
	/* x (5) was the smallest counter and went first. */
	floor_b = topk_floor(&b);
	assert_true(floor_b >= 10);
	n = topk_sorted(&b, out);
	for (i = 0; i < n; i++)
		assert_int_not_equal(topk_key_port(&out[i].key), 9999);

	assert_int_equal(topk_merge(&a, &b), 0);
	n = topk_sorted(&a, out);
	assert_int_equal(n, 4);
	assert_int_equal(topk_key_port(&out[0].key), 9999);
	assert_true(out[0].count == 100 + floor_b);
	assert_true(out[0].count >= 105);		/* its true weight */
	assert_true(out[0].error == floor_b);
	assert_true(out[0].count - out[0].error <= 105);
	topk_free(&a);
	topk_free(&b);
}

static void
test_topk_addresses_and_zero_capacity(void **state)
{
	struct topk t;
	struct topk_entry out[4];
	struct ip_addr a = v4(0x0a000002), b = v4(0x0a000001), c;

	(void)state;
	c = a;
	c.afi = AFI_IPV6;
	topk_init(&t, 4);
	assert_int_equal(topk_add(&t, &a, 10), 0);
	assert_int_equal(topk_add(&t, &b, 10), 0);
	assert_int_equal(topk_add(&t, &c, 10), 0);
	assert_int_equal(topk_sorted(&t, out), 3);
	/* Ties by key: IPv4 before IPv6, then by address. */
	assert_memory_equal(&out[0].key, &b, sizeof(b));
	assert_memory_equal(&out[1].key, &a, sizeof(a));
	assert_memory_equal(&out[2].key, &c, sizeof(c));
	topk_free(&t);

	topk_init(&t, 0);
	assert_int_equal(topk_add(&t, &a, 10), 0);
	assert_int_equal(topk_sorted(&t, out), 0);
	topk_free(&t);
}

/* ------------------------------------------------------------------ */
/* Quantiles                                                           */

static int
double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static const double probes[] = { 0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9,
    0.95, 0.99, 0.999, 1.0 };

static void
check_quantiles(const struct quantile *q, double *values, size_t n)
{
	double exact, est;
	size_t i;

	qsort(values, n, sizeof(*values), double_cmp);
	assert_true(quantile_count(q) == n);
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		exact = values[(size_t)floor(probes[i] * (double)(n - 1))];
		assert_true(quantile_value(q, probes[i], &est));
		if (fabs(est - exact) > QUANTILE_ACCURACY * exact * (1 + 1e-9))
			fail_msg("p%.3f: %.6g for %.6g", probes[i], est,
			    exact);
	}
}

static void
test_quantile_relative_accuracy(void **state)
{
	struct quantile q;
	size_t n = 200000, i;
	double *values = xmalloc(n * sizeof(*values));

	(void)state;
	test_rng_seed(23);
	quantile_init(&q);
	assert_false(quantile_value(&q, 0.5, &values[0]));
	for (i = 0; i < n; i++) {
		/* Log-uniform over six decades, as RTTs of 0.05 ms to
		   50 s, plus a cluster, as one path's RTTs. */
		values[i] = i % 2 ? 0.05 * pow(10.0, 6 * test_rng_unit()) :
		    180.0 + 5 * test_rng_unit();
		assert_int_equal(quantile_add(&q, values[i]), 0);
	}
	check_quantiles(&q, values, n);
	quantile_free(&q);
	free(values);
}

static void
test_quantile_small_and_zero(void **state)
{
	struct quantile q;
	double v, values[] = { 0.0, 3.0, 1.0, 2.0 };
	size_t i;

	(void)state;
	quantile_init(&q);
	for (i = 0; i < 4; i++)
		assert_int_equal(quantile_add(&q, values[i]), 0);
	assert_int_equal(quantile_add(&q, NAN), 0);	/* ignored */
	check_quantiles(&q, values, 4);
	assert_true(quantile_value(&q, 0.0, &v));
	assert_true(v == 0.0);
	assert_true(quantile_value(&q, 1.0, &v));
	assert_true(fabs(v - 3.0) <= 0.03);
	/* Median of 0,1,2,3 by rank floor(0.5 * 3) = 1: the value 1. */
	assert_true(quantile_value(&q, 0.5, &v));
	assert_true(fabs(v - 1.0) <= 0.01);
	quantile_free(&q);

	quantile_init(&q);
	assert_int_equal(quantile_add(&q, 42.0), 0);
	assert_true(quantile_value(&q, 0.95, &v));
	assert_true(fabs(v - 42.0) <= 0.42);
	quantile_free(&q);
}

static void
test_quantile_merge(void **state)
{
	struct quantile whole, a, b, empty;
	size_t n = 50000, i, k;
	double *values = xmalloc(n * sizeof(*values)), vw, vm;

	(void)state;
	test_rng_seed(31);
	quantile_init(&whole);
	quantile_init(&a);
	quantile_init(&b);
	quantile_init(&empty);
	for (i = 0; i < n; i++) {
		/* The halves cover different ranges, so the merge must
		   widen the buckets held on both sides. */
		values[i] = i < n / 2 ? 1 + 10 * test_rng_unit() :
		    (i % 7 == 0 ? 0.0 : 1e-3 + 1e4 * test_rng_unit());
		assert_int_equal(quantile_add(&whole, values[i]), 0);
		assert_int_equal(quantile_add(i < n / 2 ? &a : &b, values[i]),
		    0);
	}
	assert_int_equal(quantile_merge(&empty, &b), 0);
	assert_int_equal(quantile_merge(&empty, &a), 0);
	assert_int_equal(quantile_merge(&a, &b), 0);
	for (k = 0; k < sizeof(probes) / sizeof(probes[0]); k++) {
		assert_true(quantile_value(&whole, probes[k], &vw));
		assert_true(quantile_value(&a, probes[k], &vm));
		assert_true(vw == vm);
		assert_true(quantile_value(&empty, probes[k], &vm));
		assert_true(vw == vm);
	}
	check_quantiles(&a, values, n);
	quantile_free(&whole);
	quantile_free(&a);
	quantile_free(&b);
	quantile_free(&empty);
	free(values);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hll_empty_and_duplicates),
		cmocka_unit_test(test_hll_hash_distinguishes_families),
		cmocka_unit_test(test_hll_sequential_v4),
		cmocka_unit_test(test_hll_random_v4),
		cmocka_unit_test(test_hll_random_v6_merge),
		cmocka_unit_test(test_distinct_exact_below_limit),
		cmocka_unit_test(test_distinct_mixed_families),
		cmocka_unit_test(test_distinct_merge_exact),
		cmocka_unit_test(test_distinct_merge_halves),
		cmocka_unit_test(test_distinct_zero_limit),
		cmocka_unit_test(test_topk_exact_within_capacity),
		cmocka_unit_test(test_topk_bounds_beyond_capacity),
		cmocka_unit_test(test_topk_merge_exact),
		cmocka_unit_test(test_topk_merge_beyond_capacity),
		cmocka_unit_test(test_topk_merge_key_evicted_in_one),
		cmocka_unit_test(test_topk_addresses_and_zero_capacity),
		cmocka_unit_test(test_quantile_relative_accuracy),
		cmocka_unit_test(test_quantile_small_and_zero),
		cmocka_unit_test(test_quantile_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
