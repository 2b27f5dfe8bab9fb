/*
 * test_detect.c -- the detectors, the correlator and the matching of
 * published findings on hand-built series.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/correlate.h"
#include "analyzer/detect.h"
#include "analyzer/event.h"
#include "analyzer/expect_match.h"
#include "analyzer/series_table.h"

/* Two days of 5-minute bins from 2014-12-21T00:00Z. */
#define T0	1419120000
#define NBINS	576

struct fixture {
	struct bin_grid		 grid;
	struct series_table	 table;
	struct detect_params	 params;
	struct interval_list	 ivs;
	struct correlation	 corr;
};

/* One row into the fixture's table. */
static void
put_row(struct fixture *f, uint32_t bin, const char *signal,
    const char *metric, const char *scope, bool known, double value,
    const char *text)
{
	struct series_row row;

	memset(&row, 0, sizeof(row));
	row.bin = bin;
	row.signal = signal;
	row.metric = metric;
	row.scope = scope;
	row.known = known;
	row.value = value;
	row.text = text;
	series_table_add(&row, &f->table);
}

static void
put(struct fixture *f, uint32_t bin, const char *signal, const char *metric,
    const char *scope, double value)
{
	put_row(f, bin, signal, metric, scope, true, value, NULL);
}

static void
put_text(struct fixture *f, uint32_t bin, const char *metric,
    const char *text)
{
	put_row(f, bin, "bgp", metric, "target", true, 0, text);
}

static void
put_unknown(struct fixture *f, uint32_t bin, const char *signal,
    const char *metric, const char *scope)
{
	put_row(f, bin, signal, metric, scope, false, 0, NULL);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_true(bin_grid_init(&f->grid, T0, T0 + NBINS * 300, 300));
	series_table_init(&f->table, &f->grid, detect_wants, detect_nwants);
	detect_params_default(&f->params);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	correlation_free(&f->corr);
	interval_list_free(&f->ivs);
	series_table_free(&f->table);
	free(f);
	return 0;
}

static void
run(struct fixture *f, bool bgp, bool flow, bool probe)
{
	assert_false(f->table.failed);
	assert_int_equal(detect_intervals(&f->table, &f->params, &f->ivs), 0);
	assert_int_equal(correlate(&f->ivs, bgp, flow, probe, &f->corr), 0);
}

static size_t
count_kind(const struct fixture *f, enum interval_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < f->ivs.n; i++)
		n += f->ivs.v[i].kind == k;
	return n;
}

static const struct interval *
first_of(const struct fixture *f, enum interval_kind k)
{
	size_t i;

	for (i = 0; i < f->ivs.n; i++)
		if (f->ivs.v[i].kind == k)
			return &f->ivs.v[i];
	fail_msg("no %s interval", interval_kind_name(k));
	return NULL;
}

/* A quiet BGP day: 4 prefixes visible, a little churn, 2 collectors. */
static void
quiet_bgp(struct fixture *f, uint32_t bin)
{
	put(f, bin, "bgp", "visible_prefixes", "target", 4);
	put(f, bin, "bgp", "announcements", "target", bin % 3);
	put(f, bin, "bgp", "withdrawals", "target", bin % 2);
	put(f, bin, "bgp", "collectors_known", "target", 2);
	put(f, bin, "bgp", "full_feed_peers", "target", 20);
	put(f, bin, "bgp", "visible", "198.18.0.0/24", 1);
	put(f, bin, "bgp", "visible", "198.18.1.0/24", 1);
}

/* Blackout from bin 300 to 413 (the routes back at the end of 414). */
static void
test_blackout(void **state)
{
	struct fixture *f = *state;
	const struct interval *iv;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		quiet_bgp(f, b);
		if (b >= 300 && b <= 413) {
			put(f, b, "bgp", "visible_prefixes", "target", 0);
			put(f, b, "bgp", "visible", "198.18.0.0/24", 0);
		}
	}
	put(f, 300, "bgp", "withdrawals", "target", 80);
	put(f, 300, "bgp", "first_withdrawal", "target", T0 + 300 * 300 + 17);
	put(f, 414, "bgp", "announcements", "target", 80);
	run(f, true, false, false);

	assert_int_equal(count_kind(f, IV_BGP_BLACKOUT), 1);
	iv = first_of(f, IV_BGP_BLACKOUT);
	assert_int_equal(iv->start, T0 + 300 * 300);
	assert_int_equal(iv->end, T0 + 414 * 300);
	assert_true(iv->has_exact_start);
	assert_int_equal(iv->exact_start, T0 + 300 * 300 + 17);
	assert_int_equal(count_kind(f, IV_BGP_PARTIAL), 0);
	/* The withdrawal and announcement bursts are the blackout's edges. */
	assert_int_equal(f->corr.nincidents, 1);
	assert_int_equal(f->corr.incidents[0].kind, INC_BLACKOUT);
	assert_string_equal(f->corr.incidents[0].confidence, "medium");
}

/* Two of four prefixes lost: a partial outage naming the lost ones. */
static void
test_partial(void **state)
{
	struct fixture *f = *state;
	const struct interval *iv;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		bool out = b >= 400 && b < 420;

		quiet_bgp(f, b);
		if (out) {
			put(f, b, "bgp", "visible_prefixes", "target", 2);
			put(f, b, "bgp", "visible", "198.18.1.0/24", 0);
		}
		/* A probed host inside the lost prefix, one outside it. */
		put(f, b, "probe", "results", "host 198.18.1.7", 10);
		put(f, b, "probe", "successes", "host 198.18.1.7",
		    out ? 1 : 10);
		put(f, b, "probe", "results", "host 198.18.0.5", 10);
		put(f, b, "probe", "successes", "host 198.18.0.5", 10);
	}
	run(f, true, false, true);
	assert_int_equal(count_kind(f, IV_BGP_PARTIAL), 1);
	iv = first_of(f, IV_BGP_PARTIAL);
	assert_int_equal(iv->first, 400);
	assert_int_equal(iv->last, 419);
	assert_string_equal(iv->scope, "198.18.1.0/24");
	/* Only the host inside the lost prefix counts. */
	assert_int_equal(iv->host_runs, 200);
	assert_int_equal(iv->host_successes, 20);
	assert_int_equal(count_kind(f, IV_BGP_BLACKOUT), 0);
	/* The probes of that host agree with BGP. */
	assert_int_equal(f->corr.nincidents, 1);
	assert_int_equal(f->corr.incidents[0].agree, 2);
	assert_string_equal(f->corr.incidents[0].confidence, "high");
}

/* Churn far above the baseline, in bursts under an hour apart. */
static void
test_instability(void **state)
{
	struct fixture *f = *state;
	const struct interval *iv;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		quiet_bgp(f, b);
		/* Bursts every 6 bins (30 min) from bin 300 to 420. */
		if (b >= 300 && b <= 420 && b % 6 == 0)
			put(f, b, "bgp", "announcements", "target", 150);
	}
	run(f, true, false, false);
	assert_int_equal(count_kind(f, IV_BGP_INSTABILITY), 1);
	iv = first_of(f, IV_BGP_INSTABILITY);
	assert_int_equal(iv->first, 300);
	assert_int_equal(iv->last, 420);
	assert_true(iv->peak >= 150);
	assert_int_equal(f->corr.nincidents, 1);
	assert_int_equal(f->corr.incidents[0].kind, INC_INSTABILITY);
}

static void
test_upstream_change(void **state)
{
	struct fixture *f = *state;
	const struct interval *iv;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		quiet_bgp(f, b);
		put_text(f, b, "upstreams", b < 100 ? "4837" : "4837 20485");
		put_text(f, b, "upstreams_added", b == 100 ? "20485" : "");
		put_text(f, b, "upstreams_removed", "");
	}
	run(f, true, false, false);
	assert_int_equal(count_kind(f, IV_BGP_UPSTREAM), 1);
	iv = first_of(f, IV_BGP_UPSTREAM);
	assert_int_equal(iv->first, 100);
	assert_non_null(strstr(iv->detail, "+AS 20485"));
	assert_non_null(strstr(iv->scope, "4837 20485"));
}

/* A collector gap and a peer reset are notes; no collector is a gap. */
static void
test_bgp_quality(void **state)
{
	struct fixture *f = *state;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		quiet_bgp(f, b);
		if (b >= 50 && b < 56) {
			put(f, b, "bgp", "collectors_known", "target", 1);
			put(f, b, "bgp", "full_feed_peers", "target", 10);
		}
		if (b >= 200 && b < 203)
			put(f, b, "bgp", "full_feed_peers", "target", 19);
		if (b >= 500 && b < 510) {
			put(f, b, "bgp", "collectors_known", "target", 0);
			put(f, b, "bgp", "full_feed_peers", "target", 0);
			put_unknown(f, b, "bgp", "visible_prefixes", "target");
		}
	}
	run(f, true, false, false);
	assert_int_equal(count_kind(f, IV_NOTE_COLLECTOR_GAP), 1);
	assert_int_equal(first_of(f, IV_NOTE_COLLECTOR_GAP)->first, 50);
	assert_int_equal(count_kind(f, IV_NOTE_PEER_RESET), 1);
	assert_int_equal(first_of(f, IV_NOTE_PEER_RESET)->first, 200);
	assert_int_equal(count_kind(f, IV_BGP_GAP), 1);
	assert_int_equal(first_of(f, IV_BGP_GAP)->first, 500);
	assert_int_equal(count_kind(f, IV_BGP_BLACKOUT), 0);
	assert_int_equal(f->corr.nnotes, 2);
	assert_int_equal(f->corr.nincidents, 1);
	assert_int_equal(f->corr.incidents[0].kind, INC_DATA_GAP);
}

/* Traffic: a flood, then a collapse while the exporter still sends. */
static void
test_flood_and_collapse(void **state)
{
	struct fixture *f = *state;
	const struct interval *iv;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		double bytes = 2e8 + (b % 5) * 1e6;	/* ~5.3 Mbit/s */

		if (b >= 300 && b < 330)
			bytes = 2.2e11;			/* ~5.9 Gbit/s */
		if (b >= 400 && b < 420)
			bytes = 1e6;
		put(f, b, "flow", "bytes", "towards", bytes);
		put(f, b, "flow", "packets", "towards", bytes / 400);
		put(f, b, "flow", "src_addrs", "towards", 50);
		put(f, b, "flow", "reflection_share", "towards", 0.01);
		put(f, b, "flow", "flows_seen", "all", 1000);
	}
	run(f, false, true, false);
	assert_int_equal(count_kind(f, IV_FLOW_FLOOD), 1);
	iv = first_of(f, IV_FLOW_FLOOD);
	assert_int_equal(iv->first, 300);
	assert_int_equal(iv->last, 329);
	assert_true(iv->peak > 5.8e9 && iv->peak < 6e9);
	assert_int_equal(count_kind(f, IV_FLOW_COLLAPSE), 1);
	iv = first_of(f, IV_FLOW_COLLAPSE);
	assert_int_equal(iv->first, 400);
	assert_int_equal(iv->last, 419);
	/* The collapse alone, routes unknown: a data-plane outage. */
	assert_int_equal(f->corr.nincidents, 2);
	assert_int_equal(f->corr.incidents[1].kind, INC_DATA_PLANE);
}

/* An exporter gone silent is no collapse. */
static void
test_exporter_silent(void **state)
{
	struct fixture *f = *state;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		bool silent = b >= 400 && b < 420;

		put(f, b, "flow", "bytes", "towards", silent ? 0 : 2e8);
		put(f, b, "flow", "flows_seen", "all", silent ? 0 : 1000);
	}
	run(f, false, true, false);
	assert_int_equal(count_kind(f, IV_FLOW_COLLAPSE), 0);
}

/* Probes: most vantages failing is an outage; one vantage is a note. */
static void
test_probes(void **state)
{
	struct fixture *f = *state;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		bool down = b >= 300 && b < 320;
		bool lonely = b >= 100 && b < 130;	/* vantage 7 only */
		double ok = down ? 0 : lonely ? 9 : 10;

		put(f, b, "probe", "results", "target", 10);
		put(f, b, "probe", "successes", "target", ok);
		put(f, b, "probe", "success_ratio", "target", ok / 10);
		put(f, b, "probe", "vantages", "target", 10);
		put(f, b, "probe", "vantages_ok", "target", ok);
		put(f, b, "probe", "success_ratio", "vantage prb 7",
		    down || lonely ? 0 : 1);
		put(f, b, "probe", "success_ratio", "vantage prb 8",
		    down ? 0 : 1);
	}
	run(f, false, false, true);
	assert_int_equal(count_kind(f, IV_PROBE_OUTAGE), 1);
	assert_int_equal(first_of(f, IV_PROBE_OUTAGE)->first, 300);
	assert_int_equal(first_of(f, IV_PROBE_OUTAGE)->last, 319);
	assert_int_equal(count_kind(f, IV_NOTE_VANTAGE_LOSS), 1);
	assert_int_equal(first_of(f, IV_NOTE_VANTAGE_LOSS)->first, 100);
	assert_string_equal(first_of(f, IV_NOTE_VANTAGE_LOSS)->scope,
	    "vantage prb 7");
	assert_int_equal(f->corr.nincidents, 1);
	assert_int_equal(f->corr.incidents[0].kind, INC_DATA_PLANE);
}

/* BGP and probes agree on a blackout: high confidence, one incident. */
static void
test_agreeing_sources(void **state)
{
	struct fixture *f = *state;
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		bool out = b >= 300 && b < 340;

		quiet_bgp(f, b);
		if (out)
			put(f, b, "bgp", "visible_prefixes", "target", 0);
		put(f, b, "probe", "results", "target", 10);
		put(f, b, "probe", "successes", "target", out ? 0 : 10);
		put(f, b, "probe", "success_ratio", "target", out ? 0 : 1);
		put(f, b, "probe", "vantages", "target", 10);
		put(f, b, "probe", "vantages_ok", "target", out ? 0 : 10);
	}
	run(f, true, false, true);
	assert_int_equal(f->corr.nincidents, 1);
	assert_int_equal(f->corr.incidents[0].kind, INC_BLACKOUT);
	assert_int_equal(f->corr.incidents[0].agree, 2);
	assert_int_equal(f->corr.incidents[0].available, 2);
	assert_string_equal(f->corr.incidents[0].confidence, "high");
}

/* Published findings: met within the tolerance, missed, extra. */
static void
test_expect_match(void **state)
{
	struct fixture *f = *state;
	struct expect_report x;
	struct event ev;
	struct event_expect e[3];
	uint32_t b;

	for (b = 0; b < NBINS; b++) {
		quiet_bgp(f, b);
		if ((b >= 300 && b <= 413) || (b >= 500 && b < 510))
			put(f, b, "bgp", "visible_prefixes", "target", 0);
	}
	run(f, true, false, false);
	assert_int_equal(f->corr.nincidents, 2);

	memset(&ev, 0, sizeof(ev));
	memset(e, 0, sizeof(e));
	strcpy(e[0].kind, "blackout");
	e[0].start = T0 + 300 * 300 + 60;	/* a minute later */
	e[0].end = T0 + 414 * 300 + 60;
	strcpy(e[1].kind, "blackout");
	e[1].start = T0 + 100 * 300;		/* nothing then */
	e[1].end = T0 + 120 * 300;
	strcpy(e[2].kind, "flood");
	e[2].start = T0;
	e[2].end = T0 + 3600;
	e[2].has_tolerance = true;
	e[2].tolerance = 86400;
	ev.expects = e;
	ev.nexpects = 3;
	assert_int_equal(expect_match(&ev, &f->corr, 300, &x), 0);
	assert_int_equal(x.n, 3);
	assert_int_equal(x.met, 1);
	assert_true(x.results[0].met);
	assert_int_equal(x.results[0].incident, 0);
	assert_int_equal(x.results[0].start_diff, -60);
	assert_int_equal(x.results[0].end_diff, -60);
	/* The second blackout is too far: missed, closest is incident 2. */
	assert_false(x.results[1].met);
	assert_int_equal(x.results[1].incident, 1);
	assert_false(x.results[2].met);
	assert_int_equal(x.results[2].incident, -1);
	assert_true(x.matched[0]);
	assert_false(x.matched[1]);
	expect_report_free(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blackout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instability, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_upstream_change, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bgp_quality, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_flood_and_collapse, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_exporter_silent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_probes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agreeing_sources, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_expect_match, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
