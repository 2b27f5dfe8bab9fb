/*
 * test_shards.c -- the per-bin state of separate runs merges into exactly
 * the state of one run: runs over disjoint collectors, and runs over
 * disjoint time ranges that each start from their own RIB dump (what a
 * cluster running lightsout in shards relies on).  On the generated
 * scenario of tests/scenario_gen.c, through the library: every row of
 * every bin of the merged signals must equal those of the single run.
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
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/analysis.h"
#include "analyzer/event.h"
#include "tests/test_util.h"
#define DUMP_RUN_TMPDIR "/tmp/lightsout-shards-XXXXXX"
#include "tests/dump_run.h"
#include "tests/scenario_run.h"

#define RV	"archive/route-views.test/bgpdata/2014.12/"
#define RIS	"archive/rrc99/2014.12/"

/* Every row, as text, one per line. */
struct rows_text {
	char	*text;
	size_t	 len, cap;
};

static void
keep_row(const struct series_row *row, void *arg)
{
	struct rows_text *t = arg;
	char line[1024];
	int n;

	n = snprintf(line, sizeof(line), "%u|%s|%s|%s|%d|%.17g|%s\n",
	    row->bin, row->signal, row->metric, row->scope, row->known,
	    row->known ? row->value : 0.0, row->text ? row->text : "-");
	assert_true(n > 0 && (size_t)n < sizeof(line));
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->text = xrealloc(t->text, t->cap);
	}
	memcpy(t->text + t->len, line, (size_t)n + 1);
	t->len += (size_t)n;
}

static char *
all_rows(const struct analysis *an, const struct bgp_signal *bgp)
{
	struct rows_text t = { NULL, 0, 0 };
	uint32_t bin;

	for (bin = 0; bin < an->grid.nbins; bin++)
		bgp_signal_rows(bgp, bin, keep_row, &t);
	assert_non_null(t.text);
	return t.text;
}

/* The scenario's event with the MRT inputs given (under the scratch dir). */
static void
analyse(struct analysis *an, struct event *ev, const char *const *mrt,
    size_t n)
{
	static const char *const settings[][2] = {
		{ "start", "2014-12-22T00:00Z" }, { "end", "2014-12-22T02:00Z" },
		{ "bin", "5m" }, { "prefix", "198.18.0.0/22" },
		{ "full-feed-ipv4", "30" },
	};
	char err[512];
	size_t i;

	event_init(ev);
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (event_set(ev, settings[i][0], settings[i][1], 0, err,
		    sizeof(err)) == -1)
			fail_msg("%s", err);
	for (i = 0; i < n; i++) {
		char *path = tmp_path(mrt[i]);

		if (event_set(ev, "mrt", path, 0, err, sizeof(err)) == -1)
			fail_msg("%s", err);
		free(path);
	}
	if (event_validate(ev, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	if (analysis_run(an, ev, 1, true, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	assert_false(an->io_error);
	assert_false(an->data_error);
	assert_non_null(an->bgp);
}

static void
compare(const char *merged, const char *single)
{
	size_t i, line = 1;

	for (i = 0; merged[i] != '\0' && merged[i] == single[i]; i++)
		if (merged[i] == '\n')
			line++;
	if (merged[i] != single[i])
		fail_msg("merged rows differ from one run's at row %zu:\n"
		    "merged: %.120s\none run: %.120s", line, merged + i,
		    single + i);
}

/*
 * One run over "archive" against runs a and b merged: apart neither is
 * the whole, merged they are, row for row.
 */
static void
check_merge(const char *const *a_inputs, size_t na,
    const char *const *b_inputs, size_t nb)
{
	static const char *const both[] = { "archive" };
	struct analysis one, a, b;
	struct event ev_one, ev_a, ev_b;
	char *single, *rows;

	analyse(&one, &ev_one, both, 1);
	analyse(&a, &ev_a, a_inputs, na);
	analyse(&b, &ev_b, b_inputs, nb);
	single = all_rows(&one, one.bgp);
	rows = all_rows(&a, a.bgp);
	assert_true(strcmp(rows, single) != 0);
	free(rows);
	rows = all_rows(&b, b.bgp);
	assert_true(strcmp(rows, single) != 0);
	free(rows);
	assert_int_equal(bgp_signal_merge(a.bgp, b.bgp), 0);
	rows = all_rows(&a, a.bgp);
	compare(rows, single);
	free(single);
	free(rows);
	analysis_free(&one);
	analysis_free(&a);
	analysis_free(&b);
	event_free(&ev_one);
	event_free(&ev_a);
	event_free(&ev_b);
}

static void
test_collectors(void **state)
{
	static const char *const rv[] = { "archive/route-views.test" };
	static const char *const ris[] = { "archive/rrc99" };

	(void)state;
	check_merge(rv, 1, ris, 1);
}

/*
 * Cut at 01:30: the first run has the RIBs of 00:00 and the updates
 * before 01:30, the second the RIBs of 01:30 and the updates from then.
 */
static void
test_time_ranges(void **state)
{
	static const char *const before[] = {
		RV "RIBS/rib.20141222.0000.bz2",
		RV "UPDATES/updates.20141222.00*",
		RV "UPDATES/updates.20141222.01[01]*",
		RIS "bview.20141222.0000.gz",
		RIS "updates.20141222.00*",
		RIS "updates.20141222.01[012]*",
	};
	static const char *const after[] = {
		RV "RIBS/rib.20141222.0130.bz2",
		RV "UPDATES/updates.20141222.01[345]*",
		RIS "bview.20141222.0130.gz",
		RIS "updates.20141222.01[345]*",
	};

	(void)state;
	check_merge(before, sizeof(before) / sizeof(before[0]), after,
	    sizeof(after) / sizeof(after[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collectors),
		cmocka_unit_test(test_time_ranges),
	};
	int failed;

	if (scenario_setup() == -1)
		return EXIT_FAILURE;
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	scenario_teardown();
	return failed;
}
