/*
 * test_report.c -- `lightsout report` end to end on the generated
 * scenario of tests/scenario_gen.c: the blackout and the upstream change
 * are found, the collector gap and the peer reset are notes and nothing
 * else; published findings met and missed, --check, byte-identical
 * reports, several events at once.  And the bundled North Korea sample:
 * the published times within a bin, no outage but those expected.
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
#define DUMP_RUN_TMPDIR "/tmp/lightsout-report-XXXXXX"
#include "tests/dump_run.h"
#include "tests/scenario_run.h"

/* Run "lightsout report ARGS" and check its exit status. */
static void
report(const char *args, int want)
{
	struct run r;
	char *cmd = xasprintf("report %s", args);

	run_lightsout(&r, NULL, cmd);
	if (r.code != want)
		fprintf(stderr, "%s%s", r.out, r.err);
	assert_int_equal(r.code, want);
	run_free(&r);
	free(cmd);
}

static char *
read_report(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	size_t len;
	char *text = slurp(path, &len);

	if (text == NULL)
		fail_msg("%s: not written", path);
	free(path);
	return text;
}

static size_t
count_lines(const char *text)
{
	size_t n = 0;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* The story is told: one blackout, one upstream change, two notes. */
static void
test_incidents(void **state)
{
	char *dir = tmp_path("one");
	char *args = xasprintf("%s --out %s -q", event_path, dir);
	char *csv, *txt;

	(void)state;
	report(args, 0);
	csv = read_report(dir, "incidents.csv");
	/* The header and two incidents, in time order. */
	assert_int_equal(count_lines(csv), 3);
	assert_non_null(strstr(csv, "\r\n1,routing blackout,"
	    "2014-12-22T00:50:00Z,2014-12-22T01:20:00Z,1800,"
	    "2014-12-22T00:50:10Z,"));
	assert_non_null(strstr(csv, "\r\n2,upstream change,"
	    "2014-12-22T01:30:00Z,2014-12-22T01:35:00Z,300,"));
	txt = read_report(dir, "report.txt");
	assert_non_null(strstr(txt, "2 incidents: 1 routing blackout, "
	    "1 upstream change."));
	/* The gap and the reset are notes, never incidents. */
	assert_non_null(strstr(txt, "Note: collector gap "
	    "2014-12-22T00:15:00Z to 2014-12-22T00:45:00Z"));
	assert_non_null(strstr(txt, "Note: peer reset "
	    "2014-12-22T01:40:00Z to 2014-12-22T01:50:00Z"));
	assert_null(strstr(txt, "data gap,"));
	/* Every input with its digest (the RIB's is fixed by the generator). */
	assert_non_null(strstr(txt, "rrc99/2014.12/bview.20141222.0000.gz"));
	free(csv);
	free(txt);
	/* The series and the plots are there. */
	csv = read_report(dir, "timeline.csv");
	assert_true(strncmp(csv, "bin_start,bin_end,signal,metric,scope,"
	    "value\r\n", 44) == 0);
	free(csv);
	txt = read_report(dir, "timeline.png");
	assert_true(memcmp(txt, "\x89PNG", 4) == 0);
	free(txt);
	txt = read_report(dir, "timeline.svg");
	assert_non_null(strstr(txt, "<svg"));
	free(txt);
	free(args);
	free(dir);
}

/* The same inputs give the same bytes, whatever -j. */
static void
test_same_bytes(void **state)
{
	static const char *const files[] = { "report.txt", "incidents.csv",
	    "timeline.csv", "timeline.svg", "timeline.png" };
	char *a = tmp_path("a"), *b = tmp_path("b");
	char *args;
	size_t i;

	(void)state;
	args = xasprintf("%s --out %s -q -j 1", event_path, a);
	report(args, 0);
	free(args);
	args = xasprintf("%s --out %s -q -j 4", event_path, b);
	report(args, 0);
	free(args);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *pa = xasprintf("%s/%s", a, files[i]);
		char *pb = xasprintf("%s/%s", b, files[i]);
		size_t la, lb;
		char *ta = slurp(pa, &la), *tb = slurp(pb, &lb);

		assert_non_null(ta);
		assert_non_null(tb);
		if (la != lb || memcmp(ta, tb, la) != 0)
			fail_msg("%s differs between two runs", files[i]);
		free(ta);
		free(tb);
		free(pa);
		free(pb);
	}
	free(a);
	free(b);
}

/* Published findings: met within a bin, missed; --check says so. */
static void
test_expectations(void **state)
{
	char *good = write_event("good.event",
	    "expect blackout 2014-12-22T00:51Z 2014-12-22T01:21Z\n"
	    "expect upstream-change 2014-12-22T01:30Z 2014-12-22T01:35Z\n");
	char *bad = write_event("bad.event",
	    "expect blackout 2014-12-22T00:51Z 2014-12-22T01:21Z\n"
	    "expect blackout 2014-12-22T00:15Z 2014-12-22T00:45Z\n");
	char *dir = tmp_path("expect"), *args, *txt;

	(void)state;
	args = xasprintf("%s --out %s -q --check", good, dir);
	report(args, 0);
	free(args);
	txt = read_report(dir, "report.txt");
	assert_non_null(strstr(txt, "MET   : blackout 2014-12-22T00:51:00Z "
	    "to 2014-12-22T01:21:00Z (within 5 min): incident 1: start "
	    "-1 min, end -1 min"));
	assert_non_null(strstr(txt, "2 of 2 expectations met"));
	free(txt);

	/* The collector gap is no blackout: missed, and --check fails. */
	args = xasprintf("%s --out %s -q --check", bad, dir);
	report(args, 4);
	free(args);
	txt = read_report(dir, "report.txt");
	assert_non_null(strstr(txt, "MISSED: blackout 2014-12-22T00:15:00Z"));
	assert_non_null(strstr(txt, "1 of 2 expectations met"));
	assert_non_null(strstr(txt, "Extra (found, in no expect line): 2"));
	free(txt);
	/* Without --check the report is written and the status is 0. */
	args = xasprintf("%s --out %s -q", bad, dir);
	report(args, 0);
	free(args);
	free(dir);
	free(good);
	free(bad);
}

/* Several events: one directory each, named after the event file. */
static void
test_several_events(void **state)
{
	char *second = write_event("second.event", "name second run\n");
	char *dir = tmp_path("many"), *args, *txt;
	struct stat st;

	(void)state;
	/* The first event twice: its second report goes beside, not over. */
	args = xasprintf("%s %s %s --out %s -q", event_path, second,
	    event_path, dir);
	report(args, 0);
	free(args);
	txt = xasprintf("%s/scenario/report.txt", dir);
	assert_int_equal(stat(txt, &st), 0);
	free(txt);
	txt = xasprintf("%s/second-run/report.txt", dir);
	assert_int_equal(stat(txt, &st), 0);
	free(txt);
	txt = xasprintf("%s/scenario-2/report.txt", dir);
	assert_int_equal(stat(txt, &st), 0);
	free(txt);
	free(dir);
	free(second);
}

/*
 * The bundled North Korea re-creation: every published expectation is
 * met (--check), and nothing but the expected outages is an outage.
 */
static void
test_north_korea(void **state)
{
	char *dir = tmp_path("nk"), *args, *csv, *txt, *line, *save = NULL;
	char cwd[PATH_MAX];
	size_t outages = 0;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	args = xasprintf("%s/samples/nk-2014/nk-2014.event --out %s -q "
	    "--check", cwd, dir);
	report(args, 0);
	free(args);
	txt = read_report(dir, "report.txt");
	assert_non_null(strstr(txt, "Published findings: 6 of 6 "
	    "expectations met."));
	assert_non_null(strstr(txt, "MET   : blackout 2014-12-22T16:15:00Z "
	    "to 2014-12-23T01:46:00Z (within 5 min)"));
	assert_non_null(strstr(txt, "MET   : blackout 2014-12-23T15:41:00Z "
	    "to 2014-12-23T16:12:00Z (within 5 min)"));
	/* Probe 14277's own trouble is a note. */
	assert_non_null(strstr(txt, "Note: vantage loss 2014-12-20T04:10:00Z "
	    "to 2014-12-20T07:35:00Z: vantage prb 14277"));
	free(txt);
	csv = read_report(dir, "incidents.csv");
	for (line = strtok_r(csv, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (strstr(line, ",routing blackout,") != NULL ||
		    strstr(line, ",partial routing outage,") != NULL ||
		    strstr(line, ",data-plane outage,") != NULL)
			outages++;
	/* The two blackouts and the re-creation's two partial outages. */
	assert_int_equal(outages, 4);
	free(csv);
	free(dir);
}

static void
test_usage(void **state)
{
	char *args = xasprintf("%s -q", event_path);

	(void)state;
	report(args, 2);			/* no --out */
	free(args);
	args = xasprintf("%s --out /dev/null/x -q", event_path);
	report(args, 3);			/* cannot write there */
	free(args);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incidents),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_expectations),
		cmocka_unit_test(test_several_events),
		cmocka_unit_test(test_north_korea),
		cmocka_unit_test(test_usage),
	};
	int failed;

	if (scenario_setup() == -1)
		return EXIT_FAILURE;
	check_lightsout_bin();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	scenario_teardown();
	return failed;
}
