/*
 * test_archive.c -- finding, classifying and selecting the inputs of an
 * event (analyzer/archive.c): RouteViews, RIS and BGPStream names,
 * files of unknown layout read for their kind, time and collector, the
 * RIB and update files a window needs, why the others are left out,
 * the order, the gaps, and inputs that match nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/archive.h"
#include "tests/test_util.h"
#include "tests/archive_mrt.h"

/* 2015-04-01T00:00:00Z, the time of the BGPStream sample files. */
#define T0	1427846400
#define MIN	60
#define HOUR	3600

/* ------------------------------------------------------------------ */
/* Classification                                                      */

struct expect_class {
	const char	*path;
	enum archive_layout layout;
	enum archive_kind kind;
	const char	*collector;	/* NULL: not from the name */
	int64_t		 time;		/* ARCHIVE_TIME_UNKNOWN: none */
	int64_t		 cadence;
};

static void
check_class(const struct expect_class *e)
{
	struct archive_file f;

	archive_classify(e->path, ARCHIVE_MRT, &f);
	if (f.layout != e->layout || f.kind != e->kind || f.time != e->time ||
	    f.cadence != e->cadence)
		fail_msg("%s: layout %s kind %s time %lld cadence %lld; "
		    "expected %s %s %lld %lld", e->path,
		    archive_layout_name(f.layout), archive_kind_name(f.kind),
		    (long long)f.time, (long long)f.cadence,
		    archive_layout_name(e->layout), archive_kind_name(e->kind),
		    (long long)e->time, (long long)e->cadence);
	if (e->collector == NULL)
		assert_null(f.collector);
	else {
		assert_non_null(f.collector);
		assert_string_equal(f.collector, e->collector);
	}
	assert_true(f.time_from_name == (e->time != ARCHIVE_TIME_UNKNOWN));
	assert_null(f.path);
	assert_int_equal(f.source, ARCHIVE_MRT);
	free(f.collector);
}

static void
test_classify_routeviews(void **state)
{
	static const struct expect_class cases[] = {
		{ "route-views.jinx/bgpdata/2015.04/UPDATES/"
		  "updates.20150401.0015.bz2", ARCHIVE_LAYOUT_ROUTEVIEWS,
		  ARCHIVE_KIND_UPDATES, "route-views.jinx", T0 + 15 * MIN,
		  900 },
		{ "/srv/mirror/route-views6/bgpdata/2014.12/RIBS/"
		  "rib.20141222.1600.bz2", ARCHIVE_LAYOUT_ROUTEVIEWS,
		  ARCHIVE_KIND_RIB, "route-views6", 1419264000, 0 },
		/* bgpdata/ at the top of the archive is route-views2. */
		{ "bgpdata/2014.12/UPDATES/updates.20141222.1615.bz2",
		  ARCHIVE_LAYOUT_ROUTEVIEWS, ARCHIVE_KIND_UPDATES,
		  "route-views2", 1419264000 + 15 * MIN, 900 },
		{ "./bgpdata/2014.12/RIBS/rib.20141222.1600.bz2",
		  ARCHIVE_LAYOUT_ROUTEVIEWS, ARCHIVE_KIND_RIB, "route-views2",
		  1419264000, 0 },
		{ "/data/archive.routeviews.org/bgpdata/2001.10/RIBS/"
		  "rib.20011026.1648.bz2", ARCHIVE_LAYOUT_ROUTEVIEWS,
		  ARCHIVE_KIND_RIB, "route-views2", 1004114880, 0 },
		{ "/data/archive.routeviews.org/route-views.sydney/bgpdata/"
		  "2024.02/UPDATES/updates.20240229.2345.bz2",
		  ARCHIVE_LAYOUT_ROUTEVIEWS, ARCHIVE_KIND_UPDATES,
		  "route-views.sydney", 1709250300, 900 },
		/* Not a date: the layout needs a real time. */
		{ "bgpdata/2015.02/UPDATES/updates.20150229.0000.bz2",
		  ARCHIVE_LAYOUT_NONE, ARCHIVE_KIND_UNKNOWN, NULL,
		  ARCHIVE_TIME_UNKNOWN, 0 },
		{ "bgpdata/2015.04/UPDATES/updates.20150401.2400.bz2",
		  ARCHIVE_LAYOUT_NONE, ARCHIVE_KIND_UNKNOWN, NULL,
		  ARCHIVE_TIME_UNKNOWN, 0 },
		{ "bgpdata/2015.04/UPDATES/updates.2015040.0000.bz2",
		  ARCHIVE_LAYOUT_NONE, ARCHIVE_KIND_UNKNOWN, NULL,
		  ARCHIVE_TIME_UNKNOWN, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_class(&cases[i]);
}

static void
test_classify_ris(void **state)
{
	static const struct expect_class cases[] = {
		{ "/data/ris/rrc06/2015.04/updates.20150401.0005.gz",
		  ARCHIVE_LAYOUT_RIS, ARCHIVE_KIND_UPDATES, "rrc06",
		  T0 + 5 * MIN, 300 },
		{ "rrc00/2014.12/bview.20141222.1600.gz", ARCHIVE_LAYOUT_RIS,
		  ARCHIVE_KIND_RIB, "rrc00", 1419264000, 0 },
		{ "data.ris.ripe.net/rrc21/2002.07/updates.20020722.2238.gz",
		  ARCHIVE_LAYOUT_RIS, ARCHIVE_KIND_UPDATES, "rrc21",
		  1027377480, 300 },
		/* rrc followed by something else is no collector. */
		{ "rrc6/2015.04/updates.20150401.0005.gz", ARCHIVE_LAYOUT_NONE,
		  ARCHIVE_KIND_UPDATES, NULL, T0 + 5 * MIN, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_class(&cases[i]);
}

static void
test_classify_bgpstream(void **state)
{
	static const struct expect_class cases[] = {
		{ "routeviews.route-views.jinx.updates.1427846400.bz2",
		  ARCHIVE_LAYOUT_BGPSTREAM, ARCHIVE_KIND_UPDATES,
		  "route-views.jinx", T0, 900 },
		{ "/tmp/x/ris.rrc06.updates.1427846400.gz",
		  ARCHIVE_LAYOUT_BGPSTREAM, ARCHIVE_KIND_UPDATES, "rrc06", T0,
		  300 },
		{ "ris.rrc00.ribs.1427846400.gz", ARCHIVE_LAYOUT_BGPSTREAM,
		  ARCHIVE_KIND_RIB, "rrc00", T0, 0 },
		{ "routeviews.route-views2.updates.1427847300.bz2",
		  ARCHIVE_LAYOUT_BGPSTREAM, ARCHIVE_KIND_UPDATES,
		  "route-views2", T0 + 15 * MIN, 900 },
		/* The sample files' names, with their source's prefix. */
		{ "tests/data/mrt/bgpstream__routeviews.route-views.jinx."
		  "updates.1427846400.bz2", ARCHIVE_LAYOUT_BGPSTREAM,
		  ARCHIVE_KIND_UPDATES, "route-views.jinx", T0, 900 },
		{ "bgpstream__ris.rrc06.updates.1427846400.gz",
		  ARCHIVE_LAYOUT_BGPSTREAM, ARCHIVE_KIND_UPDATES, "rrc06", T0,
		  300 },
		/* A project whose cadence is unknown. */
		{ "caida.bmp-collector.updates.1427846400",
		  ARCHIVE_LAYOUT_BGPSTREAM, ARCHIVE_KIND_UPDATES,
		  "bmp-collector", T0, 0 },
		{ "routeviews-stream.route-views.jinx.updates.1427846400.gz",
		  ARCHIVE_LAYOUT_BGPSTREAM, ARCHIVE_KIND_UPDATES,
		  "route-views.jinx", T0, 0 },
		/* No collector between the project and the kind. */
		{ "ris.updates.1427846400.gz", ARCHIVE_LAYOUT_NONE,
		  ARCHIVE_KIND_UNKNOWN, NULL, ARCHIVE_TIME_UNKNOWN, 0 },
		{ "ris.rrc06.updates.14278464x0.gz", ARCHIVE_LAYOUT_NONE,
		  ARCHIVE_KIND_UNKNOWN, NULL, ARCHIVE_TIME_UNKNOWN, 0 },
		/* Something made from such a file is not one. */
		{ "ris.rrc06.updates.1427846400.gz.bgpdump-m.txt.gz",
		  ARCHIVE_LAYOUT_NONE, ARCHIVE_KIND_UNKNOWN, NULL,
		  ARCHIVE_TIME_UNKNOWN, 0 },
		{ "ris.rrc06.updates.1427846400", ARCHIVE_LAYOUT_BGPSTREAM,
		  ARCHIVE_KIND_UPDATES, "rrc06", T0, 300 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_class(&cases[i]);
}

static void
test_classify_other(void **state)
{
	static const struct expect_class cases[] = {
		/* The name gives kind and time, not the collector. */
		{ "/data/updates.20150401.0000.gz", ARCHIVE_LAYOUT_NONE,
		  ARCHIVE_KIND_UPDATES, NULL, T0, 0 },
		{ "rib.20150401.0000", ARCHIVE_LAYOUT_NONE, ARCHIVE_KIND_RIB,
		  NULL, T0, 0 },
		{ "gobgpdump__arch0", ARCHIVE_LAYOUT_NONE, ARCHIVE_KIND_UNKNOWN,
		  NULL, ARCHIVE_TIME_UNKNOWN, 0 },
		{ "bgpkit__updates.20000325.0345.gz", ARCHIVE_LAYOUT_NONE,
		  ARCHIVE_KIND_UNKNOWN, NULL, ARCHIVE_TIME_UNKNOWN, 0 },
		{ "", ARCHIVE_LAYOUT_NONE, ARCHIVE_KIND_UNKNOWN, NULL,
		  ARCHIVE_TIME_UNKNOWN, 0 },
		{ "/", ARCHIVE_LAYOUT_NONE, ARCHIVE_KIND_UNKNOWN, NULL,
		  ARCHIVE_TIME_UNKNOWN, 0 },
	};
	struct archive_file f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_class(&cases[i]);

	/* Flow and probe files are data, whatever their names say. */
	archive_classify("rrc06/2015.04/updates.20150401.0005.gz",
	    ARCHIVE_FLOW, &f);
	assert_int_equal(f.kind, ARCHIVE_KIND_DATA);
	assert_int_equal(f.layout, ARCHIVE_LAYOUT_NONE);
	assert_null(f.collector);
	assert_true(f.time == ARCHIVE_TIME_UNKNOWN);
	archive_classify("msm-5001.json", ARCHIVE_PROBE, &f);
	assert_int_equal(f.source, ARCHIVE_PROBE);
	assert_int_equal(f.kind, ARCHIVE_KIND_DATA);
}

/* ------------------------------------------------------------------ */
/* A tree of files                                                     */

static char	tmpdir[] = "/tmp/test_archive.XXXXXX";

/* The event's lists point at these; the test owns the strings. */
static void
list_set(struct str_list *l, char **items, size_t n)
{
	l->items = items;
	l->n = n;
	l->cap = n;
}

static void
window_event(struct event *ev, int64_t start, int64_t end)
{
	memset(ev, 0, sizeof(*ev));
	ev->has_start = ev->has_end = true;
	ev->start = start;
	ev->end = end;
	ev->bin = 300;
	ev->tuning.peer_silence = EVENT_DEFAULT_PEER_SILENCE;
}

/* A file of the tree; its content does not matter (never opened). */
static void
touch(const char *rel, const char *content)
{
	char *path = amrt_path(tmpdir, rel);
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		fail_msg("cannot create %s", path);
	fputs(content, fp);
	fclose(fp);
	free(path);
}

static const struct archive_file *
find(const struct archive *a, const char *base)
{
	size_t i, n = strlen(base);

	for (i = 0; i < a->nfiles; i++) {
		size_t len = strlen(a->files[i].path);

		if (len >= n && strcmp(a->files[i].path + len - n, base) == 0 &&
		    (len == n || a->files[i].path[len - n - 1] == '/'))
			return &a->files[i];
	}
	fail_msg("%s not found", base);
	return NULL;
}

static void
assert_selected(const struct archive *a, const char *base)
{
	const struct archive_file *f = find(a, base);

	if (!f->selected || f->why_not != NULL)
		fail_msg("%s not selected: %s", base,
		    f->why_not ? f->why_not : "(no reason)");
}

static void
assert_left_out(const struct archive *a, const char *base, const char *why)
{
	const struct archive_file *f = find(a, base);

	if (f->selected)
		fail_msg("%s selected; expected left out: %s", base, why);
	assert_non_null(f->why_not);
	assert_string_equal(f->why_not, why);
}

static bool
has_line(char *const *lines, size_t n, const char *text)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(lines[i], text) != NULL)
			return true;
	return false;
}

static bool
has_problem(const struct archive *a, const char *text)
{
	return has_line(a->problems, a->nproblems, text);
}

static bool
has_note(const struct archive *a, const char *text)
{
	return has_line(a->notes, a->nnotes, text);
}

/*
 * The tree: route-views.jinx (RouteViews layout: three RIBs, update
 * files with one missing), rrc06 (RIS: updates only, the last one of
 * the window missing), rrc00 (one bview, no updates), files of unknown
 * layout (an update file, a RIB, an empty file, a text file), dot files,
 * flows and probes.
 */
#define RV	"rv/route-views.jinx/bgpdata/2015.04/"
#define RIS	"ris/rrc06/2015.04/"

static void
build_tree(void)
{
	static const struct amrt_peer peers[] = { { "192.0.2.1", 65001 } };
	static const char *const nlri[] = { "10.0.0.0/8", NULL };
	struct wbuf b = { NULL, 0, 0 };
	char *path;

	touch(RV "RIBS/rib.20150331.2200.bz2", "x");
	touch(RV "RIBS/rib.20150401.0000.bz2", "x");
	touch(RV "RIBS/rib.20150401.0200.bz2", "x");
	touch(RV "UPDATES/updates.20150331.2330.bz2", "x");
	touch(RV "UPDATES/updates.20150331.2345.bz2", "x");
	touch(RV "UPDATES/updates.20150401.0000.bz2", "x");
	touch(RV "UPDATES/updates.20150401.0015.bz2", "x");
	/* 00:30 is missing */
	touch(RV "UPDATES/updates.20150401.0045.bz2", "x");
	touch(RV "UPDATES/updates.20150401.0100.bz2", "x");
	touch(RV "UPDATES/.updates.20150401.0030.bz2.part", "x");
	touch("rv/.git/config", "x");

	touch(RIS "updates.20150401.0000.gz", "x");
	touch(RIS "updates.20150401.0005.gz", "x");
	touch(RIS "updates.20150401.0010.gz", "x");
	touch(RIS "updates.20150401.0015.gz", "x");
	touch(RIS "updates.20150401.0020.gz", "x");
	touch(RIS "updates.20150401.0025.gz", "x");
	touch(RIS "updates.20150401.0030.gz", "x");
	touch(RIS "updates.20150401.0035.gz", "x");
	touch(RIS "updates.20150401.0040.gz", "x");
	touch(RIS "updates.20150401.0045.gz", "x");
	touch(RIS "updates.20150401.0050.gz", "x");
	/* 00:55 is missing */
	touch("ris/rrc00/2015.03/bview.20150331.1600.gz", "x");

	/* Unknown layouts: read for what they hold. */
	amrt_update(&b, T0 + 20 * MIN, 65001, "192.0.2.1", "192.0.2.254",
	    nlri, NULL);
	amrt_write(&b, path = amrt_path(tmpdir, "other/session-a.mrt"));
	free(path);
	/* Of the same session: one a day before, one just before the start. */
	amrt_update(&b, T0 - 30 * HOUR, 65001, "192.0.2.1", "192.0.2.254",
	    nlri, NULL);
	amrt_write(&b, path = amrt_path(tmpdir, "other/session-0.mrt"));
	free(path);
	amrt_update(&b, T0 - 2 * HOUR, 65001, "192.0.2.1", "192.0.2.254",
	    nlri, NULL);
	amrt_write(&b, path = amrt_path(tmpdir, "other/session-1.mrt"));
	free(path);
	amrt_peer_index(&b, T0 - HOUR, "198.51.100.1", peers, 1);
	amrt_rib_entry(&b, T0 - HOUR, 0, "10.0.0.0/8", peers, 1);
	amrt_write(&b, path = amrt_path(tmpdir, "other/table.mrt"));
	free(path);
	touch("other/empty.mrt", "");
	touch("other/README.txt", "This directory holds the archive.\n");
	wbuf_free(&b);

	touch("flows/b.pcap", "x");
	touch("flows/a.pcap", "x");
	touch("flows/.a.pcap.swp", "x");
	touch("probes/ping-1.json", "x");
	touch("probes/ping-2.json", "x");
	touch("probes/notes.txt", "x");
}

static int
setup_tree(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	build_tree();
	return 0;
}

static int
remove_tree(void **state)
{
	(void)state;
	return amrt_remove_dir(tmpdir);
}

static void
test_scan_tree(void **state)
{
	char *mrt[4], *flows[1], *probes[2], err[256];
	struct event ev;
	struct archive a;
	static const char *const order[] = {
		/* MRT: collector, kind (RIB first), time, path */
		"session-0.mrt", "session-1.mrt",	/* collector */
		"session-a.mrt",		/* 192.0.2.254 */
		"table.mrt",			/* collector 198.51.100.1 */
		"README.txt", "empty.mrt",	/* collector "other" */
		"rib.20150331.2200.bz2", "rib.20150401.0000.bz2",
		"rib.20150401.0200.bz2",
		"updates.20150331.2330.bz2", "updates.20150331.2345.bz2",
		"updates.20150401.0000.bz2", "updates.20150401.0015.bz2",
		"updates.20150401.0045.bz2", "updates.20150401.0100.bz2",
		"bview.20150331.1600.gz",	/* rrc00 */
		"updates.20150401.0000.gz", "updates.20150401.0005.gz",
		"updates.20150401.0010.gz", "updates.20150401.0015.gz",
		"updates.20150401.0020.gz", "updates.20150401.0025.gz",
		"updates.20150401.0030.gz", "updates.20150401.0035.gz",
		"updates.20150401.0040.gz", "updates.20150401.0045.gz",
		"updates.20150401.0050.gz",
		/* flows, then probes: by path */
		"a.pcap", "b.pcap", "ping-1.json", "ping-2.json",
	};
	const struct archive_file *f;
	size_t i;

	(void)state;
	/* The window: 00:10 to 01:00. */
	window_event(&ev, T0 + 10 * MIN, T0 + HOUR);
	mrt[0] = xasprintf("%s/rv", tmpdir);
	mrt[1] = xasprintf("%s/ris/", tmpdir);
	mrt[2] = xasprintf("%s/other", tmpdir);
	/* The same files again, by a pattern: read once. */
	mrt[3] = xasprintf("%s/" RV "UPDATES/updates.20150401.00*", tmpdir);
	flows[0] = xasprintf("%s/flows", tmpdir);
	probes[0] = xasprintf("%s/probes/*.json", tmpdir);
	probes[1] = xasprintf("%s/nothing/*.json", tmpdir);
	list_set(&ev.mrt, mrt, 4);
	list_set(&ev.flows, flows, 1);
	list_set(&ev.probes, probes, 2);

	assert_int_equal(archive_scan(&a, &ev, err, sizeof(err)), 0);
	for (i = 0; i < a.nfiles && i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(strrchr(a.files[i].path, '/') + 1, order[i]) != 0)
			fail_msg("file %zu is %s, expected %s", i,
			    a.files[i].path, order[i]);
	assert_int_equal(a.nfiles, sizeof(order) / sizeof(order[0]));

	/* RouteViews: the RIB at 00:00 is the last at or before 00:10. */
	assert_left_out(&a, "rib.20150331.2200.bz2", "a later RIB is used");
	assert_selected(&a, "rib.20150401.0000.bz2");
	assert_left_out(&a, "rib.20150401.0200.bz2", "after the window");
	/* Updates from one cadence before the RIB (overlap) to the end. */
	assert_left_out(&a, "updates.20150331.2330.bz2",
	    "before the RIB at the window start");
	assert_selected(&a, "updates.20150331.2345.bz2");
	assert_selected(&a, "updates.20150401.0000.bz2");
	assert_selected(&a, "updates.20150401.0045.bz2");
	assert_left_out(&a, "updates.20150401.0100.bz2", "after the window");
	f = find(&a, "updates.20150401.0015.bz2");
	assert_string_equal(f->collector, "route-views.jinx");
	assert_int_equal(f->layout, ARCHIVE_LAYOUT_ROUTEVIEWS);
	assert_int_equal(f->size, 1);

	/* RIS without a RIB: from the window start less one cadence. */
	assert_left_out(&a, "updates.20150401.0000.gz",
	    "before the RIB at the window start");
	assert_selected(&a, "updates.20150401.0005.gz");
	assert_selected(&a, "updates.20150401.0050.gz");
	assert_true(has_note(&a, "rrc06: no RIB file"));
	assert_selected(&a, "bview.20150331.1600.gz");
	assert_false(has_note(&a, "rrc00: no RIB"));

	/* Unknown layouts: what the first records say. */
	f = find(&a, "session-a.mrt");
	assert_string_equal(f->collector, "collector 192.0.2.254");
	assert_int_equal(f->kind, ARCHIVE_KIND_UPDATES);
	assert_int_equal(f->time, T0 + 20 * MIN);
	assert_false(f->time_from_name);
	assert_int_equal(f->cadence, 0);
	assert_selected(&a, "session-a.mrt");
	/* Unknown cadence: the file before the start may run into it. */
	assert_selected(&a, "session-1.mrt");
	assert_left_out(&a, "session-0.mrt",
	    "before the RIB at the window start");
	f = find(&a, "table.mrt");
	assert_string_equal(f->collector, "collector 198.51.100.1");
	assert_int_equal(f->kind, ARCHIVE_KIND_RIB);
	assert_int_equal(f->time, T0 - HOUR);
	assert_selected(&a, "table.mrt");
	assert_left_out(&a, "README.txt", "not an MRT file");
	assert_string_equal(find(&a, "README.txt")->collector, "other");
	assert_left_out(&a, "empty.mrt", "empty file");

	/* Flows and probes: always read. */
	f = find(&a, "a.pcap");
	assert_int_equal(f->source, ARCHIVE_FLOW);
	assert_int_equal(f->kind, ARCHIVE_KIND_DATA);
	assert_null(f->collector);
	assert_true(f->selected);
	assert_true(find(&a, "ping-2.json")->selected);

	/* The pattern that matched nothing; collectors without a RIB. */
	assert_int_equal(a.nproblems, 1);
	assert_int_equal(a.nnotes, 2);
	assert_true(has_note(&a, "collector 192.0.2.254: no RIB file"));
	assert_true(has_problem(&a, "nothing/*.json: no such file or "
	    "directory"));
	archive_free(&a);
	assert_int_equal(a.nfiles, 0);
	for (i = 0; i < 4; i++)
		free(mrt[i]);
	free(flows[0]);
	free(probes[0]);
	free(probes[1]);
}

static void
test_gaps(void **state)
{
	char *mrt[2], err[256];
	struct event ev;
	struct archive a;
	struct archive_gap *gaps;
	size_t n;

	(void)state;
	window_event(&ev, T0 + 10 * MIN, T0 + HOUR);
	mrt[0] = xasprintf("%s/rv", tmpdir);
	mrt[1] = xasprintf("%s/ris", tmpdir);
	list_set(&ev.mrt, mrt, 2);
	assert_int_equal(archive_scan(&a, &ev, err, sizeof(err)), 0);
	assert_int_equal(archive_gaps(&a, ev.start, ev.end, &gaps, &n), 0);
	assert_int_equal(n, 3);
	/* route-views.jinx: 00:30 is missing. */
	assert_string_equal(gaps[0].collector, "route-views.jinx");
	assert_int_equal(gaps[0].kind, ARCHIVE_KIND_UPDATES);
	assert_int_equal(gaps[0].start, T0 + 30 * MIN);
	assert_int_equal(gaps[0].end, T0 + 45 * MIN);
	/* rrc00 has a bview but no update file at all. */
	assert_string_equal(gaps[1].collector, "rrc00");
	assert_int_equal(gaps[1].start, ev.start);
	assert_int_equal(gaps[1].end, ev.end);
	/* rrc06: the file of 00:55 is missing at the end of the window. */
	assert_string_equal(gaps[2].collector, "rrc06");
	assert_int_equal(gaps[2].start, T0 + 55 * MIN);
	assert_int_equal(gaps[2].end, T0 + HOUR);
	free(gaps);

	/* A narrower span: only what lies inside it. */
	assert_int_equal(archive_gaps(&a, T0 + 35 * MIN, T0 + 40 * MIN, &gaps,
	    &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(gaps[0].collector, "route-views.jinx");
	assert_int_equal(gaps[0].start, T0 + 35 * MIN);
	assert_int_equal(gaps[0].end, T0 + 40 * MIN);
	assert_string_equal(gaps[1].collector, "rrc00");
	free(gaps);
	assert_int_equal(archive_gaps(&a, T0 + 15 * MIN, T0 + 30 * MIN, &gaps,
	    &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(gaps[0].collector, "rrc00");
	free(gaps);
	archive_free(&a);
	free(mrt[0]);
	free(mrt[1]);
}

/* A window whose start comes before the first RIB. */
static void
test_first_rib_after_start(void **state)
{
	char *mrt[2], err[256];
	struct event ev;
	struct archive a;

	(void)state;
	window_event(&ev, T0 - 30 * MIN, T0 + 30 * MIN);
	mrt[0] = xasprintf("%s/rv/route-views.jinx/bgpdata/2015.04/*/*",
	    tmpdir);
	mrt[1] = NULL;
	list_set(&ev.mrt, mrt, 1);
	assert_int_equal(archive_scan(&a, &ev, err, sizeof(err)), 0);
	assert_selected(&a, "rib.20150331.2200.bz2");
	assert_left_out(&a, "rib.20150401.0000.bz2", "an earlier RIB is used");
	assert_left_out(&a, "rib.20150401.0200.bz2", "after the window");
	assert_false(has_note(&a, "the first after it is used"));
	archive_free(&a);

	window_event(&ev, T0 - 3 * HOUR, T0 + 30 * MIN);
	list_set(&ev.mrt, mrt, 1);
	assert_int_equal(archive_scan(&a, &ev, err, sizeof(err)), 0);
	assert_selected(&a, "rib.20150331.2200.bz2");
	assert_true(has_note(&a, "route-views.jinx: no RIB at or before "
	    "the window start; the first after it is used"));
	assert_left_out(&a, "rib.20150401.0000.bz2", "an earlier RIB is used");
	assert_selected(&a, "updates.20150331.2330.bz2");
	archive_free(&a);

	/* RIBs at 00:00 and 02:00 only: updates before 00:00 are left out. */
	free(mrt[0]);
	mrt[0] = xasprintf("%s/" RV "UPDATES/*", tmpdir);
	mrt[1] = xasprintf("%s/" RV "RIBS/rib.20150401.*", tmpdir);
	window_event(&ev, T0 - HOUR, T0 + 30 * MIN);
	list_set(&ev.mrt, mrt, 2);
	assert_int_equal(archive_scan(&a, &ev, err, sizeof(err)), 0);
	assert_selected(&a, "rib.20150401.0000.bz2");
	assert_true(has_note(&a, "the first after it is used"));
	/* Updates before the RIB cannot be applied on top of it. */
	assert_left_out(&a, "updates.20150331.2330.bz2",
	    "before the RIB at the window start");
	assert_selected(&a, "updates.20150331.2345.bz2");
	assert_selected(&a, "updates.20150401.0015.bz2");
	archive_free(&a);

	/* A window before every file: nothing but "after the window". */
	window_event(&ev, T0 - 30 * HOUR, T0 - 20 * HOUR);
	list_set(&ev.mrt, mrt, 2);
	assert_int_equal(archive_scan(&a, &ev, err, sizeof(err)), 0);
	assert_left_out(&a, "rib.20150401.0000.bz2", "after the window");
	assert_left_out(&a, "updates.20150331.2330.bz2", "after the window");
	archive_free(&a);
	free(mrt[0]);
	free(mrt[1]);
}

/* Inputs that are not there, and a link back up the tree. */
static void
test_missing_inputs(void **state)
{
	char *mrt[3], *link, err[256];
	struct event ev;
	struct archive a;

	(void)state;
	window_event(&ev, T0, T0 + HOUR);
	mrt[0] = xasprintf("%s/no-such-dir", tmpdir);
	mrt[1] = xasprintf("%s/ris/rrc06/2015.04/updates.2099*", tmpdir);
	mrt[2] = xasprintf("%s/ris/rrc06", tmpdir);
	link = xasprintf("%s/ris/rrc06/2015.04/up", tmpdir);
	assert_int_equal(symlink("..", link), 0);
	list_set(&ev.mrt, mrt, 3);
	assert_int_equal(archive_scan(&a, &ev, err, sizeof(err)), 0);
	assert_int_equal(a.nproblems, 2);
	assert_int_equal(a.nnotes, 1);
	assert_true(has_problem(&a, "no-such-dir: no such file or directory"));
	assert_true(has_problem(&a, "updates.2099*: no such file or "
	    "directory"));
	/* The 11 files of rrc06, once each despite the link. */
	assert_int_equal(a.nfiles, 11);
	archive_free(&a);
	assert_int_equal(unlink(link), 0);
	free(link);
	free(mrt[0]);
	free(mrt[1]);
	free(mrt[2]);
}

/* Without a window every file counts; the first RIB is the one. */
static void
test_no_window(void **state)
{
	char *mrt[1], err[256];
	struct event ev;
	struct archive a;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	mrt[0] = xasprintf("%s/rv", tmpdir);
	list_set(&ev.mrt, mrt, 1);
	assert_int_equal(archive_scan(&a, &ev, err, sizeof(err)), 0);
	assert_selected(&a, "rib.20150331.2200.bz2");
	assert_left_out(&a, "rib.20150401.0000.bz2", "an earlier RIB is used");
	assert_left_out(&a, "rib.20150401.0200.bz2", "an earlier RIB is used");
	assert_selected(&a, "updates.20150331.2330.bz2");
	assert_selected(&a, "updates.20150401.0100.bz2");
	assert_int_equal(a.nproblems, 0);
	assert_int_equal(a.nnotes, 0);
	archive_free(&a);
	free(mrt[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_routeviews),
		cmocka_unit_test(test_classify_ris),
		cmocka_unit_test(test_classify_bgpstream),
		cmocka_unit_test(test_classify_other),
		cmocka_unit_test(test_scan_tree),
		cmocka_unit_test(test_gaps),
		cmocka_unit_test(test_first_rib_after_start),
		cmocka_unit_test(test_missing_inputs),
		cmocka_unit_test(test_no_window),
	};

	return cmocka_run_group_tests(tests, setup_tree, remove_tree);
}
