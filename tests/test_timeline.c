/*
 * test_timeline.c -- `lightsout timeline` end to end on the generated
 * scenario of tests/scenario_gen.c, whose story is known: a collector
 * gap, a blackout, a boundary record repeated in two files, an upstream
 * that appears, one peer's session reset.  The series must tell each of
 * these as what it is, and be the same bytes for any -j.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/test_util.h"
#define DUMP_RUN_TMPDIR "/tmp/lightsout-timeline-XXXXXX"
#include "tests/dump_run.h"

#include "tests/scenario_run.h"

/* --- the CSV series ------------------------------------------------------ */

struct series {
	struct lines	 lines;
	char		*text;
};

static void
run_csv(struct series *s, const char *args)
{
	struct run r;
	char *cmd = xasprintf("timeline %s --format csv -q %s", event_path,
	    args);

	run_lightsout(&r, NULL, cmd);
	if (r.code != 0)
		fprintf(stderr, "%s", r.err);
	assert_int_equal(r.code, 0);
	assert_int_equal(r.errlen, 0);
	s->text = r.out;
	r.out = NULL;
	split_lines(&s->lines, s->text, strlen(s->text), "\r\n");
	run_free(&r);
	free(cmd);
}

static void
series_free(struct series *s)
{
	lines_free(&s->lines);
	free(s->text);
}

/*
 * The value of one series in the bin starting at hh:mm, as text; NULL
 * when the row is missing.  "" is an unknown value.
 */
static const char *
value_at(const struct series *s, const char *hhmm, const char *signal,
    const char *metric, const char *scope)
{
	static char value[256];
	char *start = xasprintf("2014-12-22T%s:00Z", hhmm);
	size_t i;

	for (i = 1; i < s->lines.n; i++) {
		char *copy = xstrdup(s->lines.v[i]);
		char *f[8];
		size_t n = split_fields(copy, ',', f);

		if (n == 6 && strcmp(f[0], start) == 0 &&
		    strcmp(f[2], signal) == 0 && strcmp(f[3], metric) == 0 &&
		    strcmp(f[4], scope) == 0) {
			snprintf(value, sizeof(value), "%s", f[5]);
			free(copy);
			free(start);
			return value;
		}
		free(copy);
	}
	free(start);
	return NULL;
}

static void
expect_bgp(const struct series *s, const char *hhmm, const char *metric,
    const char *want)
{
	const char *got = value_at(s, hhmm, "bgp", metric, "target");

	if (got == NULL)
		fail_msg("no bgp %s row for %s", metric, hhmm);
	if (strcmp(got, want) != 0)
		fail_msg("bgp %s at %s: '%s', want '%s'", metric, hhmm, got,
		    want);
}

static void
hhmm_of(unsigned bin, char *buf, size_t len)
{
	snprintf(buf, len, "%02u:%02u", bin * 5 / 60, bin * 5 % 60);
}

/* --- tests ----------------------------------------------------------------- */

/* The blackout: all four prefixes invisible from 00:50 to 01:15. */
static void
test_blackout(void **state)
{
	struct series s;
	unsigned bin;
	char hhmm[8];

	(void)state;
	run_csv(&s, "-j 1");
	assert_string_equal(s.lines.v[0],
	    "bin_start,bin_end,signal,metric,scope,value");
	for (bin = 0; bin < 24; bin++) {
		hhmm_of(bin, hhmm, sizeof(hhmm));
		expect_bgp(&s, hhmm, "visible_prefixes",
		    bin >= 10 && bin <= 15 ? "0" : "4");
		expect_bgp(&s, hhmm, "visible_slash24",
		    bin >= 10 && bin <= 15 ? "0" : "4");
	}
	/* Every peer of both collectors withdrew the four prefixes. */
	expect_bgp(&s, "00:50", "withdrawals", "32");
	expect_bgp(&s, "00:45", "withdrawals", "0");
	expect_bgp(&s, "00:55", "withdrawals", "0");
	expect_bgp(&s, "00:50", "first_withdrawal", "2014-12-22T00:50:10Z");
	/* Peers withdraw one second apart: 4 peers per collector. */
	expect_bgp(&s, "00:50", "last_withdrawal", "2014-12-22T00:50:13Z");
	/* Per prefix, too. */
	assert_string_equal(value_at(&s, "01:00", "bgp", "visible",
	    "198.18.2.0/24"), "0");
	assert_string_equal(value_at(&s, "01:30", "bgp", "visible",
	    "198.18.2.0/24"), "1");
	assert_string_equal(value_at(&s, "00:00", "bgp", "full_feed_with_route",
	    "198.18.0.0/24"), "8");
	series_free(&s);
}

/* The missing files of one collector are unknown time, not an outage. */
static void
test_collector_gap(void **state)
{
	struct series s;
	unsigned bin;
	char hhmm[8];

	(void)state;
	run_csv(&s, "-j 1");
	for (bin = 0; bin < 24; bin++) {
		bool gap = bin >= 3 && bin <= 8;	/* [00:15, 00:45) */

		hhmm_of(bin, hhmm, sizeof(hhmm));
		expect_bgp(&s, hhmm, "collectors_known", gap ? "1" : "2");
	}
	/* Only rrc99's four peers are known then; the prefixes stay up. */
	assert_string_equal(value_at(&s, "00:20", "bgp", "full_feed_known",
	    "198.18.1.0/24"), "4");
	expect_bgp(&s, "00:20", "visible_prefixes", "4");
	series_free(&s);
}

/* A peer's session reset: unknown for its time, never withdrawals. */
static void
test_peer_reset(void **state)
{
	struct series s;

	(void)state;
	run_csv(&s, "-j 1");
	expect_bgp(&s, "01:35", "full_feed_peers", "8");
	expect_bgp(&s, "01:40", "full_feed_peers", "7");
	expect_bgp(&s, "01:45", "full_feed_peers", "7");
	expect_bgp(&s, "01:55", "full_feed_peers", "8");
	expect_bgp(&s, "01:40", "visible_prefixes", "4");
	expect_bgp(&s, "01:45", "visible_prefixes", "4");
	expect_bgp(&s, "01:40", "withdrawals", "0");
	expect_bgp(&s, "01:45", "withdrawals", "0");
	assert_string_equal(value_at(&s, "01:45", "bgp", "full_feed_known",
	    "198.18.0.0/24"), "7");
	series_free(&s);
}

/* The record repeated at a file boundary is applied once. */
static void
test_boundary_repeat(void **state)
{
	struct series s;

	(void)state;
	run_csv(&s, "-j 1");
	/* One announcement in 01:15 (peer 1, in two files), no duplicate. */
	expect_bgp(&s, "01:15", "announcements", "1");
	expect_bgp(&s, "01:15", "duplicate_announcements", "0");
	assert_string_equal(value_at(&s, "01:15", "bgp", "peers_with_route",
	    "198.18.0.0/24"), "1");
	series_free(&s);
}

/* AS64502 appears beside AS64501 at 01:30. */
static void
test_upstream_change(void **state)
{
	struct series s;

	(void)state;
	run_csv(&s, "-j 1");
	expect_bgp(&s, "01:25", "upstreams", "64501");
	expect_bgp(&s, "01:30", "upstreams", "64501 64502");
	expect_bgp(&s, "01:30", "upstreams_added", "64502");
	expect_bgp(&s, "01:35", "upstreams_added", "");
	series_free(&s);
}

/* The same bytes for any number of jobs, text and CSV. */
static void
test_jobs_identical(void **state)
{
	struct run one, four;
	char *a = xasprintf("timeline %s -j 1", event_path);
	char *b = xasprintf("timeline %s -j 4", event_path);

	(void)state;
	run_lightsout(&one, NULL, a);
	run_lightsout(&four, NULL, b);
	assert_int_equal(one.code, 0);
	assert_int_equal(four.code, 0);
	assert_int_equal(one.outlen, four.outlen);
	assert_memory_equal(one.out, four.out, one.outlen);
	assert_int_equal(one.errlen, four.errlen);
	assert_memory_equal(one.err, four.err, one.errlen);
	/* The text table: heading, then one line per bin. */
	assert_non_null(strstr(one.out, "lightsout timeline: scenario\n"));
	assert_non_null(strstr(one.out, "\n2014-12-22T00:50:00Z "));
	assert_non_null(strstr(one.out, "\n2014-12-22T01:55:00Z "));
	assert_null(strstr(one.out, "\n2014-12-22T02:00:00Z "));
	run_free(&one);
	run_free(&four);
	free(a);
	free(b);
	{
		struct series s1, s4;

		run_csv(&s1, "-j 1");
		run_csv(&s4, "-j 4");
		assert_string_equal(s1.text, s4.text);
		series_free(&s1);
		series_free(&s4);
	}
}

/* A file named for a time after the window is never opened. */
static void
test_outside_window_not_opened(void **state)
{
	struct run r;
	char *bogus = tmp_path("archive/route-views.test/bgpdata/2014.12/"
	    "UPDATES/updates.20141222.0300.bz2");
	char *cmd = xasprintf("timeline %s --format csv", event_path);

	(void)state;
	spew(bogus, "not MRT at all", 14);
	run_lightsout(&r, NULL, cmd);
	assert_int_equal(r.code, 0);
	assert_null(strstr(r.err, "updates.20141222.0300"));
	run_free(&r);
	unlink(bogus);
	free(bogus);
	free(cmd);
}

/* Bad command lines and event files are usage errors, with the line. */
static void
test_usage_errors(void **state)
{
	struct run r;
	char *bad = write_event("bad.event", "bin fortnight\n");
	char *cmd;

	(void)state;
	cmd = xasprintf("timeline %s -j 0", event_path);
	run_lightsout(&r, NULL, cmd);
	assert_int_equal(r.code, 2);
	run_free(&r);
	free(cmd);

	cmd = xasprintf("timeline %s", bad);
	run_lightsout(&r, NULL, cmd);
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "bad.event:10:"));
	run_free(&r);
	free(cmd);

	/* No target. */
	run_lightsout(&r, NULL, "timeline --start 2014-12-22 --end "
	    "2014-12-23 --mrt /nonexistent");
	assert_int_equal(r.code, 2);
	run_free(&r);
	free(bad);
}

/* An input that matches nothing is reported, and the exit status says. */
static void
test_missing_input(void **state)
{
	struct run r;
	char *cmd = xasprintf("timeline %s --format csv --mrt %s/archive "
	    "--mrt %s/no-such-dir", event_path, tmpdir, tmpdir);

	(void)state;
	run_lightsout(&r, NULL, cmd);
	assert_int_equal(r.code, 3);
	assert_non_null(strstr(r.err, "no-such-dir"));
	/* The rest is still analysed. */
	assert_non_null(strstr(r.out, ",bgp,visible_prefixes,target,4\r\n"));
	run_free(&r);
	free(cmd);
}

/* An inventory needs a window and inputs, not a target. */
static void
test_inventory_without_target(void **state)
{
	struct run r;
	char *cmd = xasprintf("inventory --start 2014-12-22T00:00Z --end "
	    "2014-12-22T02:00Z --mrt %s/archive", tmpdir);

	(void)state;
	run_lightsout(&r, NULL, cmd);
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "route-views.test"));
	assert_non_null(strstr(r.out, "2014-12-22T00:15:00Z"));
	run_free(&r);
	free(cmd);
	/* The timeline does need one. */
	cmd = xasprintf("timeline --start 2014-12-22T00:00Z --end "
	    "2014-12-22T02:00Z --mrt %s/archive", tmpdir);
	run_lightsout(&r, NULL, cmd);
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "no target"));
	run_free(&r);
	free(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blackout),
		cmocka_unit_test(test_collector_gap),
		cmocka_unit_test(test_peer_reset),
		cmocka_unit_test(test_boundary_repeat),
		cmocka_unit_test(test_upstream_change),
		cmocka_unit_test(test_jobs_identical),
		cmocka_unit_test(test_outside_window_not_opened),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_missing_input),
		cmocka_unit_test(test_inventory_without_target),
	};
	int failed;

	if (scenario_setup() == -1)
		return EXIT_FAILURE;
	check_lightsout_bin();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	scenario_teardown();
	return failed;
}
