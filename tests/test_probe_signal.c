/*
 * test_probe_signal.c -- the probe signal (analyzer/probe_signal.c)
 * from hand-built probe records: scopes (the target, its hosts, the
 * vantages: Atlas probes, named vantages, source addresses), pings and
 * traces that succeed or not, success ratios, RTT quantiles, vantage
 * counts, one vantage failing while the others succeed, binning, and
 * the merge of two runs against one run over everything, row by row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "analyzer/probe_signal.h"
#include "analyzer/quantile.h"
#include "tests/signal_test.h"
#include "tests/test_util.h"

/* ------------------------------------------------------------------ */
/* The analysis: North Korea's /22 and two hosts elsewhere.            */

static struct signal_fixture *
fixture_new(void)
{
	return signal_fixture_new("175.45.176.0/22",
	    "2001:db8::53 203.0.113.7");
}

static struct probe_signal *
signal_new(const struct signal_fixture *f)
{
	struct probe_signal *s = probe_signal_new(&f->grid, &f->target,
	    &f->tuning);

	assert_non_null(s);
	return s;
}

/* An Atlas ping from probe prb at second t: sent, received, avg RTT. */
static struct probe_record
atlas_ping(int64_t t, uint32_t prb, const char *dst, uint32_t sent,
    uint32_t received, double rtt)
{
	struct probe_record r;

	memset(&r, 0, sizeof(r));
	r.present = PROBE_HAS_TIME | PROBE_HAS_PRB_ID | PROBE_HAS_SENT |
	    PROBE_HAS_RECEIVED;
	r.kind = PROBE_PING;
	r.source = PROBE_SRC_ATLAS;
	r.time_ms = t * 1000;
	r.prb_id = prb;
	r.dst = test_addr(dst);
	r.sent = sent;
	r.received = received;
	if (received > 0) {
		r.present |= PROBE_HAS_RTT;
		r.rtt_min = rtt * 0.9;
		r.rtt_avg = rtt;
		r.rtt_max = rtt * 1.5;
	}
	return r;
}

/* A trace from a named vantage. */
static struct probe_record
trace(int64_t t, const char *vantage, const char *dst, bool reached,
    double last_rtt)
{
	struct probe_record r;

	memset(&r, 0, sizeof(r));
	r.present = PROBE_HAS_TIME | PROBE_HAS_HOPS | PROBE_HAS_REACHED |
	    PROBE_HAS_LAST_HOP | PROBE_HAS_LAST_RTT;
	r.kind = PROBE_TRACE;
	r.source = PROBE_SRC_WARTS;
	r.time_ms = t * 1000;
	r.vantage = vantage;
	r.dst = test_addr(dst);
	r.hop_count = 12;
	r.dest_reached = reached;
	r.last_hop_responded = true;
	r.last_median_rtt = last_rtt;	/* of whatever hop answered last */
	return r;
}

static void
add(struct probe_signal *s, const struct probe_record *r)
{
	assert_int_equal(probe_signal_add(s, r), 0);
}

/* ------------------------------------------------------------------ */
/* Rows as emitted                                                     */

static void
rows_fn(const void *s, uint32_t bin, series_emit_fn emit, void *arg)
{
	probe_signal_rows(s, bin, emit, arg);
}

static struct captured_rows
rows_of(const struct probe_signal *s, uint32_t bin)
{
	struct captured_rows rows = captured_bins(rows_fn, s, bin, bin + 1);
	size_t i;

	for (i = 0; i < rows.n; i++) {
		assert_string_equal(rows.v[i].signal, "probe");
		assert_int_equal(rows.v[i].bin, bin);
		assert_false(rows.v[i].has_text);
	}
	return rows;
}

/* The row's value, or NAN when unknown; fails when there is no row. */
static double
value(const struct probe_signal *s, uint32_t bin, const char *scope,
    const char *metric)
{
	struct captured_rows rows = rows_of(s, bin);
	const struct captured_row *r = captured_find(&rows, scope, metric);
	double v;

	if (r == NULL)
		fail_msg("no row %s %s in bin %u", scope, metric, bin);
	v = r->known ? r->value : NAN;
	captured_free(&rows);
	return v;
}

static bool
has_row(const struct probe_signal *s, uint32_t bin, const char *scope,
    const char *metric)
{
	struct captured_rows rows = rows_of(s, bin);
	bool found = captured_find(&rows, scope, metric) != NULL;

	captured_free(&rows);
	return found;
}

static void
assert_near(double got, double want, double rel)
{
	if (isnan(got) || fabs(got - want) > rel * fabs(want))
		fail_msg("%.6g, want %.6g within %.3g", got, want, rel);
}

/* ------------------------------------------------------------------ */

static void
test_scopes_and_order(void **state)
{
	static const char *const metrics[] = { "results", "sent", "received",
	    "successes", "success_ratio", "rtt_median", "rtt_p95",
	    "vantages", "vantages_ok" };
	static const char *const scopes[] = { "target",
	    "host 175.45.176.1", "host 175.45.177.9", "host 203.0.113.7",
	    "host 2001:db8::53",
	    "vantage 192.0.2.5", "vantage nyc1", "vantage prb 10",
	    "vantage prb 6001", "vantage unknown" };
	struct signal_fixture *f = fixture_new();
	struct probe_signal *s = signal_new(f);
	struct probe_record r;
	struct captured_rows rows;
	size_t i, k, nscopes = sizeof(scopes) / sizeof(scopes[0]);

	(void)state;
	r = atlas_ping(T0 + 400, 6001, "175.45.177.9", 3, 3, 10);
	add(s, &r);
	r = atlas_ping(T0 + 400, 10, "175.45.176.1", 3, 3, 10);
	add(s, &r);
	r = trace(T0 + 400, "nyc1", "203.0.113.7", true, 50);
	add(s, &r);
	/* No name, no probe id: its source address names it. */
	r = trace(T0 + 400, NULL, "175.45.176.1", true, 50);
	r.src = test_addr("192.0.2.5");
	add(s, &r);
	/* Nothing at all. */
	r.src.afi = 0;
	r.vantage = "";
	add(s, &r);

	/* Every bin has every scope, in order: the target, hosts by
	   address (IPv4 first), vantages by name. */
	rows = rows_of(s, 0);
	k = 0;
	for (i = 0; i < nscopes; i++) {
		size_t m, nm = strncmp(scopes[i], "vantage ", 8) == 0 ? 7 : 9;

		for (m = 0; m < nm; m++, k++) {
			assert_true(k < rows.n);
			assert_string_equal(rows.v[k].scope, scopes[i]);
			assert_string_equal(rows.v[k].metric, metrics[m]);
		}
	}
	assert_int_equal(rows.n, k);
	/* Bin 0 has no result: counts 0, ratio and RTTs unknown. */
	for (i = 0; i < rows.n; i++) {
		if (strcmp(rows.v[i].metric, "success_ratio") == 0 ||
		    strncmp(rows.v[i].metric, "rtt_", 4) == 0)
			assert_false(rows.v[i].known);
		else {
			assert_true(rows.v[i].known);
			assert_true(rows.v[i].value == 0);
		}
	}
	captured_free(&rows);

	assert_true(value(s, 1, "target", "results") == 5);
	assert_true(value(s, 1, "target", "vantages") == 5);
	assert_true(value(s, 1, "host 175.45.176.1", "results") == 3);
	assert_true(value(s, 1, "host 175.45.176.1", "vantages") == 3);
	assert_true(value(s, 1, "vantage unknown", "results") == 1);
	/* An event host never probed is there, with nothing. */
	assert_true(value(s, 1, "host 2001:db8::53", "results") == 0);
	assert_true(isnan(value(s, 1, "host 2001:db8::53", "success_ratio")));
	assert_false(has_row(s, 1, "vantage prb 10", "vantages"));
	/* Past the grid: nothing. */
	rows = rows_of(s, NBINS);
	assert_int_equal(rows.n, 0);
	captured_free(&rows);
	probe_signal_free(s);
	signal_fixture_free(f);
}

static void
test_atlas_pings(void **state)
{
	struct signal_fixture *f = fixture_new();
	struct probe_signal *s = signal_new(f);
	struct probe_record r;

	(void)state;
	r = atlas_ping(T0, 6001, "175.45.176.1", 3, 3, 200);
	add(s, &r);
	r = atlas_ping(T0 + 240, 6001, "175.45.176.1", 3, 2, 210);
	add(s, &r);
	r = atlas_ping(T0 + 10, 6002, "175.45.176.1", 3, 0, 0);
	add(s, &r);
	/* A named vantage that looks like a number is not a probe. */
	r = atlas_ping(T0 + 20, 0, "175.45.176.1", 5, 5, 20);
	r.present &= ~(uint32_t)PROBE_HAS_PRB_ID;
	r.vantage = "6001";
	add(s, &r);

	assert_true(value(s, 0, "target", "results") == 4);
	assert_true(value(s, 0, "target", "sent") == 14);
	assert_true(value(s, 0, "target", "received") == 10);
	assert_true(value(s, 0, "target", "successes") == 3);
	assert_true(value(s, 0, "target", "success_ratio") == 0.75);
	assert_true(value(s, 0, "target", "vantages") == 3);
	assert_true(value(s, 0, "target", "vantages_ok") == 2);
	assert_true(value(s, 0, "vantage prb 6001", "results") == 2);
	assert_true(value(s, 0, "vantage prb 6001", "received") == 5);
	assert_true(value(s, 0, "vantage prb 6001", "success_ratio") == 1);
	assert_true(value(s, 0, "vantage prb 6002", "success_ratio") == 0);
	assert_true(isnan(value(s, 0, "vantage prb 6002", "rtt_median")));
	assert_true(value(s, 0, "vantage 6001", "results") == 1);
	/* RTTs of the runs that got replies: 20, 200, 210. */
	assert_near(value(s, 0, "target", "rtt_median"), 200,
	    QUANTILE_ACCURACY);
	assert_near(value(s, 0, "target", "rtt_p95"), 200,
	    QUANTILE_ACCURACY);
	assert_near(value(s, 0, "vantage prb 6001", "rtt_p95"), 200,
	    QUANTILE_ACCURACY);
	probe_signal_free(s);
	signal_fixture_free(f);
}

static void
test_ping_failures(void **state)
{
	struct signal_fixture *f = fixture_new();
	struct probe_signal *s = signal_new(f);
	struct probe_record r;

	(void)state;
	/* A run that failed as a whole, replies or not. */
	r = atlas_ping(T0, 1, "175.45.176.1", 3, 3, 20);
	r.present |= PROBE_HAS_ERROR;
	r.is_error = true;
	add(s, &r);
	/* No counts, but an RTT: a reply came. */
	r = atlas_ping(T0, 2, "175.45.176.1", 3, 3, 30);
	r.present &= ~(uint32_t)(PROBE_HAS_SENT | PROBE_HAS_RECEIVED);
	add(s, &r);
	/* No counts and no RTT: nothing came. */
	r.present &= ~(uint32_t)PROBE_HAS_RTT;
	add(s, &r);
	assert_true(value(s, 0, "target", "results") == 3);
	assert_true(value(s, 0, "target", "sent") == 3);
	assert_true(value(s, 0, "target", "received") == 3);
	assert_true(value(s, 0, "target", "successes") == 1);
	assert_near(value(s, 0, "target", "rtt_median"), 30,
	    QUANTILE_ACCURACY);
	assert_true(value(s, 0, "target", "vantages") == 2);
	assert_true(value(s, 0, "target", "vantages_ok") == 1);
	assert_true(value(s, 0, "vantage prb 1", "successes") == 0);
	probe_signal_free(s);
	signal_fixture_free(f);
}

static void
test_traces(void **state)
{
	struct signal_fixture *f = fixture_new();
	struct probe_signal *s = signal_new(f);
	struct probe_record r;

	(void)state;
	r = trace(T0, "ams1", "203.0.113.7", true, 80);
	add(s, &r);
	r = trace(T0, "ams1", "203.0.113.7", true, 82);
	add(s, &r);
	/* Not reached: a failure, and the last hop's RTT is not the
	   target's. */
	r = trace(T0, "lax2", "203.0.113.7", false, 5);
	add(s, &r);
	/* Reached but without an RTT. */
	r = trace(T0, "lax2", "203.0.113.7", true, 0);
	r.present &= ~(uint32_t)PROBE_HAS_LAST_RTT;
	add(s, &r);
	/* Without the reached flag: not known to succeed. */
	r = trace(T0, "lax2", "203.0.113.7", true, 5);
	r.present &= ~(uint32_t)PROBE_HAS_REACHED;
	add(s, &r);

	assert_true(value(s, 0, "host 203.0.113.7", "results") == 5);
	assert_true(value(s, 0, "host 203.0.113.7", "successes") == 3);
	assert_true(value(s, 0, "host 203.0.113.7", "success_ratio") == 0.6);
	assert_true(value(s, 0, "host 203.0.113.7", "vantages") == 2);
	assert_true(value(s, 0, "host 203.0.113.7", "vantages_ok") == 2);
	assert_near(value(s, 0, "host 203.0.113.7", "rtt_median"), 80,
	    QUANTILE_ACCURACY);
	/* Of two values, rank floor(0.95 * 1) = 0 is the lower. */
	assert_near(value(s, 0, "host 203.0.113.7", "rtt_p95"), 80,
	    QUANTILE_ACCURACY);
	assert_near(value(s, 0, "vantage ams1", "rtt_median"), 80,
	    QUANTILE_ACCURACY);
	assert_true(value(s, 0, "vantage lax2", "success_ratio") == 1.0 / 3);
	assert_true(isnan(value(s, 0, "vantage lax2", "rtt_median")));
	/* Traces send no counted probes here. */
	assert_true(value(s, 0, "target", "sent") == 0);
	probe_signal_free(s);
	signal_fixture_free(f);
}

/*
 * Three probes ping the target every four minutes; from bin 4 to 6 one
 * of them gets no reply while the others do: the target's ratio drops
 * by a third, that vantage's to 0, the others' stay 1.
 */
static void
test_one_vantage_failing(void **state)
{
	struct signal_fixture *f = fixture_new();
	struct probe_signal *s = signal_new(f);
	struct probe_record r;
	uint32_t prb, bin;
	int64_t t;

	(void)state;
	for (t = T0; t < T0 + NBINS * WIDTH; t += 240)
		for (prb = 6001; prb <= 6003; prb++) {
			bool down = prb == 6002 && t >= T0 + 4 * WIDTH &&
			    t < T0 + 7 * WIDTH;

			r = atlas_ping(t + prb % 10, prb, "175.45.178.20", 3,
			    down ? 0 : 3, 150 + prb % 10);
			add(s, &r);
		}
	for (bin = 0; bin < NBINS; bin++) {
		bool down = bin >= 4 && bin < 7;
		double results = value(s, bin, "target", "results");

		assert_true(results >= 3);
		assert_true(value(s, bin, "target", "vantages") == 3);
		assert_true(value(s, bin, "target", "vantages_ok") ==
		    (down ? 2 : 3));
		assert_true(value(s, bin, "host 175.45.178.20",
		    "vantages_ok") == (down ? 2 : 3));
		assert_true(value(s, bin, "vantage prb 6002",
		    "success_ratio") == (down ? 0 : 1));
		assert_true(value(s, bin, "vantage prb 6001",
		    "success_ratio") == 1);
		assert_true(value(s, bin, "vantage prb 6003",
		    "success_ratio") == 1);
		if (down)
			assert_true(value(s, bin, "target", "success_ratio") <
			    0.8);
		else
			assert_true(value(s, bin, "target", "success_ratio") ==
			    1);
	}
	probe_signal_free(s);
	signal_fixture_free(f);
}

static void
test_rtt_quantiles(void **state)
{
	struct signal_fixture *f = fixture_new();
	struct probe_signal *s = signal_new(f);
	struct probe_record r;
	int i;

	(void)state;
	/* RTTs 1..100 ms in a scrambled order. */
	for (i = 0; i < 100; i++) {
		r = atlas_ping(T0 + i, 7, "175.45.176.1", 1, 1,
		    1 + (i * 37) % 100);
		add(s, &r);
	}
	/* Ranks floor(0.5 * 99) = 49 and floor(0.95 * 99) = 94, from 0. */
	assert_near(value(s, 0, "target", "rtt_median"), 50,
	    QUANTILE_ACCURACY);
	assert_near(value(s, 0, "target", "rtt_p95"), 95, QUANTILE_ACCURACY);
	probe_signal_free(s);
	signal_fixture_free(f);
}

static void
test_window_and_matching(void **state)
{
	struct signal_fixture *f = fixture_new();
	struct probe_signal *s = signal_new(f);
	struct probe_record r;
	const struct probe_signal_stats *st;

	(void)state;
	r = atlas_ping(T0, 1, "175.45.176.1", 1, 1, 1);
	add(s, &r);				/* bin 0 */
	r.time_ms = (int64_t)(T0 + WIDTH) * 1000 - 1;
	add(s, &r);				/* bin 0 */
	r.time_ms = (int64_t)(T0 + WIDTH) * 1000;
	add(s, &r);				/* bin 1 */
	r.time_ms = (int64_t)(T0 + NBINS * WIDTH) * 1000 - 1;
	add(s, &r);				/* last bin */
	r.time_ms = (int64_t)(T0 + NBINS * WIDTH) * 1000;
	add(s, &r);				/* outside */
	r.time_ms = (int64_t)T0 * 1000 - 1;
	add(s, &r);				/* outside */
	r.present &= ~(uint32_t)PROBE_HAS_TIME;
	add(s, &r);				/* untimed */
	/* Not the target: next to the prefix, the host's neighbour. */
	r = atlas_ping(T0, 1, "175.45.180.1", 1, 1, 1);
	add(s, &r);
	r = atlas_ping(T0, 1, "203.0.113.8", 1, 1, 1);
	add(s, &r);
	r = atlas_ping(T0, 1, "175.45.176.1", 1, 1, 1);
	r.dst.afi = 0;
	add(s, &r);

	assert_true(value(s, 0, "target", "results") == 2);
	assert_true(value(s, 1, "target", "results") == 1);
	assert_true(value(s, NBINS - 1, "target", "results") == 1);
	assert_false(has_row(s, 0, "host 175.45.180.1", "results"));
	assert_false(has_row(s, 0, "host 203.0.113.8", "results"));
	st = probe_signal_stats(s);
	assert_true(st->results == 10);
	assert_true(st->untimed == 1);
	assert_true(st->in_window == 7);
	assert_true(st->matched == 4);
	probe_signal_free(s);
	signal_fixture_free(f);
}

/* ------------------------------------------------------------------ */
/* Merging                                                             */

static const char *const vantage_names[] = { "nyc1", "ams1", "lax2",
    "syd3", "fra1" };
static const char *const destinations[] = { "175.45.176.1",
    "175.45.176.2", "175.45.179.200", "203.0.113.7", "2001:db8::53",
    "198.51.100.1" };

static struct probe_record
random_record(void)
{
	struct probe_record r;
	uint64_t x = test_rng_next();
	int64_t t = T0 - WIDTH + (int64_t)(x % ((NBINS + 2) * WIDTH));
	const char *dst;

	x = test_rng_next();
	dst = destinations[x % 6];
	x /= 6;
	if (x % 3 != 0) {
		r = atlas_ping(t, 6000 + (uint32_t)(x / 3 % 40), dst, 3,
		    (uint32_t)(x / 120 % 4), 1 + (double)(x / 480 % 5000) / 10);
	} else {
		r = trace(t, vantage_names[x / 3 % 5], dst, x / 15 % 4 != 0,
		    1 + (double)(x / 60 % 3000) / 7);
	}
	if (test_rng_next() % 97 == 0)
		r.present &= ~(uint32_t)PROBE_HAS_TIME;
	return r;
}

static void
test_merge_equals_one_run(void **state)
{
	struct signal_fixture *f = fixture_new();
	struct probe_signal *whole = signal_new(f), *h1 = signal_new(f);
	struct probe_signal *h2 = signal_new(f), *fresh = signal_new(f);
	const struct probe_signal_stats *sw, *sm;
	struct probe_record *recs;
	int i, n = 6000;
	char why[512];

	(void)state;
	recs = xmalloc((size_t)n * sizeof(*recs));
	for (i = 0; i < n; i++)
		recs[i] = random_record();
	for (i = 0; i < n; i++)
		add(whole, &recs[i]);
	/* h1 takes the odd records forwards, h2 the even ones backwards:
	   they meet vantages and hosts in other orders, so their ids
	   differ and the merge has to map them. */
	for (i = 0; i < n; i++)
		if (i % 2 == 1)
			add(h1, &recs[i]);
	for (i = n - 1; i >= 0; i--)
		if (i % 2 == 0)
			add(h2, &recs[i]);
	assert_true(value(whole, 3, "target", "vantages") > 30);
	assert_true(value(whole, 3, "target", "success_ratio") < 1);

	assert_int_equal(probe_signal_merge(fresh, h2), 0);
	assert_int_equal(probe_signal_merge(fresh, h1), 0);
	assert_int_equal(probe_signal_merge(h1, h2), 0);
	if (!signals_same_rows(rows_fn, whole, h1, why, sizeof(why)) ||
	    !signals_same_rows(rows_fn, whole, fresh, why, sizeof(why)))
		fail_msg("%s", why);
	sw = probe_signal_stats(whole);
	sm = probe_signal_stats(h1);
	assert_true(sw->results == (uint64_t)n && sm->results == (uint64_t)n);
	assert_true(sw->in_window == sm->in_window);
	assert_true(sw->matched == sm->matched);
	assert_true(sw->matched < sw->in_window);
	assert_true(sw->untimed == sm->untimed && sw->untimed > 0);

	free(recs);
	probe_signal_free(whole);
	probe_signal_free(h1);
	probe_signal_free(h2);
	probe_signal_free(fresh);
	signal_fixture_free(f);
}

static void
test_merge_other_grid_refused(void **state)
{
	struct signal_fixture *f = fixture_new(), *g = fixture_new();
	struct probe_signal *a, *b;

	(void)state;
	assert_true(bin_grid_init(&g->grid, T0 + WIDTH,
	    T0 + (NBINS + 1) * WIDTH, WIDTH));
	a = signal_new(f);
	b = signal_new(g);
	assert_int_equal(probe_signal_merge(a, b), -1);
	probe_signal_free(a);
	probe_signal_free(b);
	signal_fixture_free(f);
	signal_fixture_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scopes_and_order),
		cmocka_unit_test(test_atlas_pings),
		cmocka_unit_test(test_ping_failures),
		cmocka_unit_test(test_traces),
		cmocka_unit_test(test_one_vantage_failing),
		cmocka_unit_test(test_rtt_quantiles),
		cmocka_unit_test(test_window_and_matching),
		cmocka_unit_test(test_merge_equals_one_run),
		cmocka_unit_test(test_merge_other_grid_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
