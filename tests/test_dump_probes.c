/*
 * test_dump_probes.c -- `lightsout dump` on probe results, end to end.
 *
 * Group "samples": for every probe sample of tests/data/probes (RIPE
 * Atlas JSON lines and arrays, scamper warts, 'ping -D' logs) and a CSV
 * probe log written here,
 *
 *	$LIGHTSOUT_BIN dump --format csv FILE
 *
 * must exit 0, print the documented header (probe_columns) and rows of
 * as many fields; its standard output must equal the pinned
 * tests/data/probes/golden/FILE.lightsout.csv, its standard error and
 * exit status the pinned FILE.lightsout.stderr (first line "exit N").
 * The text format must print the same records, '|' separated, without
 * the last two columns (file, record).
 *
 * Group "dump": --target, --vantage and --from/--until on the samples
 * (the expectation computed here from the unfiltered CSV), filters and
 * formats that cannot apply (exit 2), probe and flow files in one CSV,
 * --vantage-name, gzip and standard input, damaged inputs; -j 1, 2 and
 * 4 byte for byte the same on the Atlas samples and on files of many
 * batches (damaged, arrays, bzip2, cut, --strict), the errors and
 * counts of such a file, -j out of range (exit 2).
 *
 * LIGHTSOUT_BIN defaults to ./lightsout.  Run from the repository root.
 * LIGHTSOUT_REGOLD=1 rewrites the pinned files instead of checking them.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bzlib.h>
#include <cmocka.h>

#include "analyzer/filter.h"
#include "reports/probe_writer.h"
#include "tests/test_util.h"

#define DATADIR		"tests/data/probes"
#define GOLDEN_DIR	DATADIR "/golden"
#define FLOW_PCAP	"tests/data/flows/akvorado__data+templates.pcap"
#define MRT_SMALL	"tests/data/mrt/mrtparse__bird6-mrtdump_rib"
#define ATLAS_PING	DATADIR "/sagan__atlas-ping-results.ndjson"
#define ATLAS_TRACE	DATADIR "/sagan__atlas-traceroute-results.ndjson"
#define ATLAS_ARRAY	DATADIR "/pierky__msm3359986.results.json"
#define PING_LOG	DATADIR "/local__ping-D-loopback.log"
#define PING_LOG6	DATADIR "/local__ping-D-loopback6.log"
#define WARTS_TRACE	DATADIR "/dioptra__trace_google_dns_v4_default.warts"
#define CSV_LOG_NAME	"written__probe-log.csv"

/* A CSV probe log: both families, a vantage column, a comma in a name. */
static const char csv_log[] =
    "time,end,vantage,target,kind,sent,received,rtt_min,rtt_avg,rtt_max\n"
    "1700000000,1700000003,\"lab, east\",192.0.2.1,ping,3,3,1.5,2.25,3.0005\n"
    "1700000060,1700000063,lab-west,2001:db8::1,ping,3,0,,,\n"
    "1700000120,1700000123,lab-west,198.51.100.9,ping,3,2,10,10.5,11\n";

#define DUMP_RUN_TMPDIR	"/tmp/lightsout-dumpprobes.XXXXXX"
#include "tests/dump_run.h"

/* Split a CSV row in place, unquoting quoted fields. */
static size_t
csv_fields(char *s, char **f)
{
	size_t	 n = 0;
	char	*w = s;

	for (;;) {
		if (n == MAX_FIELDS)
			fail_msg("too many fields");
		f[n++] = w;
		if (*s == '"') {
			s++;
			for (;;) {
				if (*s == '\0')
					fail_msg("unterminated quoted field");
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else
					*w++ = *s++;
			}
			if (*s != ',' && *s != '\0')
				fail_msg("text after a quoted field");
		} else
			while (*s != ',' && *s != '\0')
				*w++ = *s++;
		if (*s == '\0') {
			*w = '\0';
			return n;
		}
		s++;
		*w++ = '\0';
	}
}

static size_t
ncolumns(void)
{
	return columns_count(probe_columns);
}

static int
column(const char *name)
{
	return column_index(probe_columns, name);
}

/* The documented header, then rows of exactly the columns. */
static void
parse_csv(const struct run *r, struct lines *rows)
{
	check_csv(r, probe_columns, csv_fields, rows);
}

/* Column col of a CSV row, unquoted; the caller frees it. */
static char *
csv_get(const char *row, const char *col)
{
	char	*copy = xstrdup(row), *f[MAX_FIELDS], *v;

	if (csv_fields(copy, f) != ncolumns())
		fail_msg("row with a wrong field count: %s", row);
	v = xstrdup(f[column(col)]);
	free(copy);
	return v;
}

/* A CSV row without its file and record columns. */
static char *
without_origin(const char *row)
{
	char	*copy = xstrdup(row), *f[MAX_FIELDS], *out, *t;
	size_t	 n, i;

	n = csv_fields(copy, f);
	out = xstrdup("");
	for (i = 0; i + 2 < n; i++) {
		t = xasprintf("%s%s%s", out, i ? "|" : "", f[i]);
		free(out);
		out = t;
	}
	free(copy);
	return out;
}

static bool
contains(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* "2012-06-24T07:45:08.123Z" in milliseconds since 1970. */
static int64_t
iso_ms(const char *s)
{
	struct tm tm;
	int ms;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		fail_msg("bad time %s", s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

/* ---- Samples ---------------------------------------------------------- */

struct sample {
	char	*name;		/* golden base name */
	char	*path;		/* as given to lightsout */
	bool	 in_tmp;	/* path relative to tmpdir */
};

static struct sample *samples;
static size_t	      nsamples;

static bool
is_probe_sample(const char *n)
{
	size_t l = strlen(n);

	return (l > 6 && strcmp(n + l - 6, ".warts") == 0) ||
	    (l > 4 && strcmp(n + l - 4, ".log") == 0) ||
	    (l > 5 && strcmp(n + l - 5, ".json") == 0) ||
	    (l > 7 && strcmp(n + l - 7, ".ndjson") == 0);
}

static int
cmp_sample(const void *a, const void *b)
{
	return strcmp(((const struct sample *)a)->name,
	    ((const struct sample *)b)->name);
}

static void
load_samples(void)
{
	DIR		*d;
	struct dirent	*e;

	if ((d = opendir(DATADIR)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!is_probe_sample(e->d_name))
			continue;
		samples = xrealloc(samples, (nsamples + 1) * sizeof(*samples));
		samples[nsamples].name = xstrdup(e->d_name);
		samples[nsamples].path = xasprintf(DATADIR "/%s", e->d_name);
		samples[nsamples].in_tmp = false;
		nsamples++;
	}
	closedir(d);
	qsort(samples, nsamples, sizeof(*samples), cmp_sample);
	samples = xrealloc(samples, (nsamples + 1) * sizeof(*samples));
	samples[nsamples].name = xstrdup(CSV_LOG_NAME);
	samples[nsamples].path = xstrdup(CSV_LOG_NAME);
	samples[nsamples].in_tmp = true;
	nsamples++;
}

static int
setup_tmp(void **state)
{
	char *p = tmp_path(CSV_LOG_NAME);

	(void)state;
	spew(p, csv_log, sizeof(csv_log) - 1);
	free(p);
	return 0;
}

static void
test_samples_loaded(void **state)
{
	(void)state;
	/* 8 warts, 2 ping logs, 3 Atlas arrays, 2 Atlas NDJSON, 1 CSV. */
	if (nsamples < 16)
		fail_msg(DATADIR ": only %zu probe samples", nsamples);
}

static void
test_sample(void **state)
{
	const struct sample	*s = *state;
	struct run		 csv, text;
	struct lines		 rows, tl;
	char			*args, *q, *pin, *errpin, *want, *f[MAX_FIELDS];
	char			*copy, *joined;
	size_t			 i, nf;

	check_lightsout_bin();
	q = shquote(s->path);
	run_cwd = s->in_tmp ? tmpdir : NULL;
	args = xasprintf("--format csv %s", q);
	run_dump(&csv, NULL, args);
	free(args);
	if (csv.code != 0) {
		fprintf(stderr, "%s", csv.err);
		fail_msg("%s: exit %d", s->name, csv.code);
	}
	parse_csv(&csv, &rows);
	if (rows.n == 0)
		fail_msg("%s: no records", s->name);
	for (i = 0; i < rows.n; i++) {
		char *file = csv_get(rows.v[i], "file");

		assert_string_equal(file, s->path);
		free(file);
	}

	pin = xasprintf(GOLDEN_DIR "/%s.lightsout.csv", s->name);
	check_pin(pin, csv.out, csv.outlen);
	errpin = xasprintf(GOLDEN_DIR "/%s.lightsout.stderr", s->name);
	want = xasprintf("exit %d\n%s", csv.code, csv.err);
	check_pin(errpin, want, strlen(want));
	free(want);

	/* Text: the same records, '|' separated, no file and record. */
	run_dump(&text, NULL, q);
	run_cwd = NULL;
	assert_int_equal(text.code, csv.code);
	assert_string_equal(text.err, csv.err);
	split_lines(&tl, text.out, text.outlen, "\n");
	if (tl.n != rows.n)
		fail_msg("%s: %zu text lines, %zu CSV rows", s->name, tl.n,
		    rows.n);
	for (i = 0; i < tl.n; i++) {
		copy = xstrdup(tl.v[i]);
		nf = split_fields(copy, '|', f);
		if (nf != ncolumns() - 2)
			fail_msg("%s: text line %zu has %zu fields: %s",
			    s->name, i + 1, nf, tl.v[i]);
		free(copy);
		joined = without_origin(rows.v[i]);
		if (strcmp(joined, tl.v[i]) != 0)
			fail_msg("%s: record %zu\n  text %s\n  csv  %s",
			    s->name, i + 1, tl.v[i], rows.v[i]);
		free(joined);
	}
	lines_free(&tl);
	lines_free(&rows);
	free(pin);
	free(errpin);
	free(q);
	run_free(&csv);
	run_free(&text);
}

/* ---- Filters ---------------------------------------------------------- */

#define FILTER_FILES	ATLAS_PING " " ATLAS_TRACE " " ATLAS_ARRAY " " \
			PING_LOG " " PING_LOG6 " " WARTS_TRACE

/* Run with filter options; check against the unfiltered rows kept. */
typedef bool (*keep_fn)(const char *row, const void *arg);

static void
check_filtered(const char *opts, keep_fn keep, const void *arg,
    size_t min_kept)
{
	struct run	 all, got;
	struct lines	 arows, grows;
	char		*args;
	size_t		 i, k = 0;

	check_lightsout_bin();
	run_dump(&all, NULL, "--format csv " FILTER_FILES);
	assert_int_equal(all.code, 0);
	parse_csv(&all, &arows);
	args = xasprintf("--format csv %s " FILTER_FILES, opts);
	run_dump(&got, NULL, args);
	if (got.code != 0)
		fail_msg("%s: exit %d: %s", args, got.code, got.err);
	assert_string_equal(got.err, "");
	parse_csv(&got, &grows);
	for (i = 0; i < arows.n; i++) {
		if (!keep(arows.v[i], arg))
			continue;
		if (k >= grows.n)
			fail_msg("%s: missing row %s", args, arows.v[i]);
		assert_string_equal(grows.v[k], arows.v[i]);
		k++;
	}
	if (k != grows.n)
		fail_msg("%s: %zu rows, %zu expected", args, grows.n, k);
	if (k < min_kept || k == arows.n)
		fail_msg("%s: %zu of %zu rows kept: a weak test", args, k,
		    arows.n);
	free(args);
	lines_free(&arows);
	lines_free(&grows);
	run_free(&all);
	run_free(&got);
}

struct prefixes {
	const char	*s[4];
};

static bool
keep_target(const char *row, const void *arg)
{
	const struct prefixes *p = arg;
	struct ip_prefix pf[4];
	struct ip_addr a;
	char err[128], *dst = csv_get(row, "dst");
	int n;
	bool in;

	for (n = 0; n < 4 && p->s[n] != NULL; n++)
		if (parse_prefix(p->s[n], &pf[n], err, sizeof(err)) == -1)
			fail_msg("%s", err);
	if (*dst == '\0') {
		free(dst);
		return false;
	}
	if (parse_addr(dst, &a, err, sizeof(err)) == -1)
		fail_msg("dst %s: %s", dst, err);
	in = addr_in_prefixes(pf, n, &a);
	free(dst);
	return in;
}

static void
test_filter_target(void **state)
{
	static const struct prefixes v4 = { { "62.2.16.0/24" } };
	static const struct prefixes v6 = { { "::/0" } };
	static const struct prefixes both = { { "62.2.16.12/32",
	    "8.8.0.0/16", "::1/128" } };
	static const struct prefixes all4 = { { "0.0.0.0/0" } };

	(void)state;
	check_filtered("--target 62.2.16.0/24", keep_target, &v4, 2);
	check_filtered("--target ::/0", keep_target, &v6, 1);
	check_filtered("--target 62.2.16.12/32 --target 8.8.0.0/16 "
	    "--target ::1/128", keep_target, &both, 3);
	/* Atlas runs with a name only have no target address. */
	check_filtered("--target 0.0.0.0/0", keep_target, &all4, 3);
}

static bool
keep_vantage(const char *row, const void *arg)
{
	const char *const *v = arg;
	char *name = csv_get(row, "vantage"), *id = csv_get(row, "prb_id");
	bool in = false;

	for (; *v != NULL; v++)
		if (strcmp(name, *v) == 0 || strcmp(id, *v) == 0)
			in = true;
	free(name);
	free(id);
	return in;
}

static void
test_filter_vantage(void **state)
{
	static const char *const id[] = { "677", NULL };
	static const char *const log[] = { "local__ping-D-loopback6", NULL };
	static const char *const either[] = { "165", "3183",
	    "ubuntu-linux-20-04-desktop", "local__ping-D-loopback", NULL };

	(void)state;
	check_filtered("--vantage 677", keep_vantage, id, 1);
	check_filtered("--vantage local__ping-D-loopback6", keep_vantage, log,
	    1);
	check_filtered("--vantage 165 --vantage 3183 "
	    "--vantage ubuntu-linux-20-04-desktop "
	    "--vantage local__ping-D-loopback", keep_vantage, either, 4);
}

struct span {
	int64_t from, until;	/* seconds; INT64_MIN/MAX: open */
	const char *const *vantage;	/* and this, when set */
};

static bool
keep_time(const char *row, const void *arg)
{
	const struct span *sp = arg;
	char *t = csv_get(row, "time"), *e = csv_get(row, "end");
	int64_t first, last;
	bool in;

	if (*t == '\0')
		in = false;
	else {
		first = iso_ms(t);
		last = *e != '\0' ? iso_ms(e) : first;
		if (last < first)
			last = first;
		in = last >= sp->from * 1000 && (sp->until == INT64_MAX ||
		    first < sp->until * 1000);
	}
	free(t);
	free(e);
	if (in && sp->vantage != NULL)
		in = keep_vantage(row, sp->vantage);
	return in;
}

static void
test_filter_time(void **state)
{
	static const struct span mid2012 = { 1338508800, 1341100800, NULL };
	/* 2015-12-15T11:18:25Z: inside traces that began before it. */
	static const struct span since = { 1450178305, INT64_MAX, NULL };
	static const struct span before = { INT64_MIN / 1000, 1400000000,
	    NULL };
	static const char *const v[] = { "426", "165", NULL };
	static const struct span and = { 1338508800, 1356998400, v };

	(void)state;
	check_filtered("--from 2012-06-01 --until 2012-07-01", keep_time,
	    &mid2012, 2);
	check_filtered("--from 2015-12-15T11:18:25Z", keep_time, &since, 3);
	check_filtered("--until 1400000000", keep_time, &before, 3);
	check_filtered("--from 2012-06-01 --until 2013-01-01 --vantage 426 "
	    "--vantage 165", keep_time, &and, 2);
}

/* ---- Options that cannot apply ---------------------------------------- */

static void
expect_usage(const char *args, const char *opt, const char *file)
{
	struct run r;

	check_lightsout_bin();
	run_dump(&r, NULL, args);
	if (r.code != 2)
		fail_msg("%s: exit %d, not 2", args, r.code);
	if (!contains(r.err, opt) || !contains(r.err, file))
		fail_msg("%s: the message names not %s and %s: %s", args, opt,
		    file, r.err);
	run_free(&r);
}

static void
test_not_applicable(void **state)
{
	struct run r;

	(void)state;
	expect_usage("--src 10.0.0.0/8 " PING_LOG, "--src", PING_LOG);
	expect_usage("--dst 10.0.0.0/8 " ATLAS_PING, "--dst", ATLAS_PING);
	expect_usage("--port 80 " WARTS_TRACE, "--port", WARTS_TRACE);
	expect_usage("--prefix 10.0.0.0/8 " ATLAS_PING, "--prefix",
	    ATLAS_PING);
	expect_usage("--target 10.0.0.0/8 " FLOW_PCAP, "--target", FLOW_PCAP);
	expect_usage("--vantage 677 " FLOW_PCAP, "--vantage", FLOW_PCAP);
	expect_usage("--target 10.0.0.0/8 " MRT_SMALL, "--target", MRT_SMALL);
	expect_usage("--vantage x " MRT_SMALL, "--vantage", MRT_SMALL);
	expect_usage("-m " PING_LOG, "-m", PING_LOG);
	expect_usage("--format bgpdump " ATLAS_PING, "-m", ATLAS_PING);

	/* Nothing is printed for the file that cannot be filtered. */
	run_dump(&r, NULL, "--format csv --src 10.0.0.0/8 " PING_LOG);
	assert_int_equal(r.code, 2);
	assert_false(contains(r.out, "127.0.0.1"));
	run_free(&r);
}

/* One CSV output cannot hold probe and flow (or routing) records. */
static void
test_mixing(void **state)
{
	struct run r, alone;

	(void)state;
	check_lightsout_bin();
	run_dump(&r, NULL, "--format csv " PING_LOG " " FLOW_PCAP);
	assert_int_equal(r.code, 2);
	assert_true(contains(r.err, FLOW_PCAP));
	assert_true(contains(r.err, "flow"));
	assert_true(contains(r.err, "probe"));
	/* The probe file before it was printed, and nothing else. */
	run_dump(&alone, NULL, "--format csv " PING_LOG);
	assert_string_equal(r.out, alone.out);
	run_free(&r);

	run_dump(&r, NULL, "--format csv " FLOW_PCAP " " ATLAS_PING);
	assert_int_equal(r.code, 2);
	assert_true(contains(r.err, ATLAS_PING));
	run_free(&r);

	run_dump(&r, NULL, "--format csv " MRT_SMALL " " WARTS_TRACE);
	assert_int_equal(r.code, 2);
	assert_true(contains(r.err, WARTS_TRACE));
	run_free(&r);

	/* Text output may mix them. */
	run_dump(&r, NULL, PING_LOG " " FLOW_PCAP);
	assert_int_equal(r.code, 0);
	run_free(&r);
	run_free(&alone);
}

/* --vantage-name renames a ping log's vantage, and nothing else. */
static void
test_vantage_name(void **state)
{
	struct run r, plain;
	struct lines rows, prows;
	char *v, *a, *b;
	size_t i;

	(void)state;
	check_lightsout_bin();
	run_dump(&plain, NULL, "--format csv " PING_LOG " " ATLAS_PING);
	run_dump(&r, NULL, "--format csv --vantage-name 'rack \"7\", east' "
	    PING_LOG " " ATLAS_PING);
	assert_int_equal(r.code, 0);
	parse_csv(&r, &rows);
	parse_csv(&plain, &prows);
	assert_int_equal(rows.n, prows.n);
	v = csv_get(rows.v[0], "vantage");
	assert_string_equal(v, "rack \"7\", east");
	free(v);
	v = csv_get(prows.v[0], "vantage");
	assert_string_equal(v, "local__ping-D-loopback");
	free(v);
	for (i = 1; i < rows.n; i++)		/* Atlas rows unchanged */
		assert_string_equal(rows.v[i], prows.v[i]);
	/* The renamed run is the same otherwise. */
	a = csv_get(rows.v[0], "rtt_avg");
	b = csv_get(prows.v[0], "rtt_avg");
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* And it is what --vantage then matches. */
	run_free(&r);
	run_dump(&r, NULL, "--vantage-name r7 --vantage r7 " PING_LOG " "
	    PING_LOG6);
	assert_int_equal(r.code, 0);
	lines_free(&prows);
	split_lines(&prows, r.out, r.outlen, "\n");
	lines_free(&rows);
	assert_int_equal(prows.n, 2);
	lines_free(&prows);
	run_free(&r);
	run_free(&plain);
}

/* ---- gzip and standard input ------------------------------------------ */

static const char *const io_files[] = {
	ATLAS_PING, ATLAS_ARRAY, WARTS_TRACE, PING_LOG6, NULL
};

/* The text output of args, which must succeed. */
static char *
text_of(const char *pre, const char *args)
{
	struct run r;
	char *out;

	run_dump(&r, pre, args);
	if (r.code != 0)
		fail_msg("dump %s: exit %d: %s", args, r.code, r.err);
	assert_string_equal(r.err, "");
	out = xstrdup(r.out);
	run_free(&r);
	return out;
}

static void
test_gzip(void **state)
{
	const char *const *f;
	char *gz, *cmd, *q, *qgz, *args, *a, *b;

	(void)state;
	check_lightsout_bin();
	for (f = io_files; *f != NULL; f++) {
		gz = tmp_path("sample.gz");
		q = shquote(*f);
		qgz = shquote(gz);
		cmd = xasprintf("gzip -c %s >%s", q, qgz);
		assert_int_equal(system(cmd), 0);
		args = xasprintf("--vantage-name v %s", q);
		a = text_of(NULL, args);
		free(args);
		args = xasprintf("--vantage-name v %s", qgz);
		b = text_of(NULL, args);
		if (strcmp(a, b) != 0)
			fail_msg("%s: gzip gives another output", *f);
		assert_true(strlen(a) > 0);
		free(args);
		free(a);
		free(b);
		free(cmd);
		free(q);
		free(qgz);
		free(gz);
	}
}

static void
test_stdin(void **state)
{
	const char *const *f;
	char *q, *pre, *a, *b;

	(void)state;
	check_lightsout_bin();
	for (f = io_files; *f != NULL; f++) {
		q = shquote(*f);
		a = xasprintf("--vantage-name v %s", q);
		b = text_of(NULL, a);
		free(a);
		a = b;
		pre = xasprintf("cat %s", q);
		b = text_of(pre, "--vantage-name v -");
		if (strcmp(a, b) != 0)
			fail_msg("%s: standard input gives another output",
			    *f);
		free(pre);
		/* gzip on standard input, too. */
		pre = xasprintf("gzip -c %s", q);
		free(b);
		b = text_of(pre, "--vantage-name v -");
		if (strcmp(a, b) != 0)
			fail_msg("%s: gzip on standard input gives another "
			    "output", *f);
		free(pre);
		free(a);
		free(b);
		free(q);
	}
}

/* ---- Damaged inputs --------------------------------------------------- */

/* A whole file; fails the test when it cannot be read. */
static char *
file_bytes(const char *path, size_t *len)
{
	char *d = slurp(path, len);

	if (d == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	return d;
}

/* An Atlas NDJSON with a bad line in the middle: the rest is printed. */
static void
test_bad_atlas_line(void **state)
{
	struct run good, bad;
	struct lines grows, brows;
	size_t len, i, cut;
	char *d, *p, *path, *q, *args, *a, *b;
	int line = 0;

	(void)state;
	check_lightsout_bin();
	d = file_bytes(ATLAS_PING, &len);
	/* After the fifth line. */
	for (p = d; line < 5; p++)
		if (*p == '\n')
			line++;
	cut = (size_t)(p - d);
	path = tmp_path("bad.ndjson");
	{
		const char junk[] = "{\"type\":\"ping\", garbage\n";
		char *buf = xmalloc(len + sizeof(junk));

		memcpy(buf, d, cut);
		memcpy(buf + cut, junk, sizeof(junk) - 1);
		memcpy(buf + cut + sizeof(junk) - 1, d + cut, len - cut);
		spew(path, buf, len + sizeof(junk) - 1);
		free(buf);
	}
	q = shquote(path);
	args = xasprintf("--format csv %s", q);
	run_dump(&bad, NULL, args);
	run_dump(&good, NULL, "--format csv " ATLAS_PING);
	assert_int_equal(bad.code, 1);
	parse_csv(&bad, &brows);
	parse_csv(&good, &grows);
	assert_int_equal(brows.n, grows.n);
	for (i = 0; i < brows.n; i++) {
		a = without_origin(brows.v[i]);
		b = without_origin(grows.v[i]);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	/* File, offset and result number. */
	a = xasprintf("%s: offset %zu, result 6: ", path, cut);
	if (!contains(bad.err, a))
		fail_msg("no \"%s\" in: %s", a, bad.err);
	free(a);
	assert_true(contains(bad.err, "invalid JSON"));
	lines_free(&brows);
	lines_free(&grows);
	free(args);
	free(q);
	free(path);
	free(d);
	run_free(&bad);
	run_free(&good);
}

/* A warts file cut short: the whole records before are printed. */
static void
test_warts_cut(void **state)
{
	struct run r, whole;
	size_t len;
	char *d, *path, *q, *args;

	(void)state;
	check_lightsout_bin();
	d = file_bytes(DATADIR "/dioptra__ping_google_dns_v4_default.warts",
	    &len);
	path = tmp_path("cut.warts");
	spew(path, d, len - 20);
	q = shquote(path);
	args = xasprintf("--format csv %s", q);
	run_dump(&r, NULL, args);
	assert_int_equal(r.code, 1);
	assert_true(contains(r.err, path));
	assert_true(contains(r.err, "offset "));
	assert_true(contains(r.err, "record "));
	assert_true(contains(r.err, "truncated"));
	run_dump(&whole, NULL, "--format csv "
	    DATADIR "/dioptra__ping_google_dns_v4_default.warts");
	assert_int_equal(whole.code, 0);
	/* Less than the whole, and only a header or whole rows. */
	assert_true(r.outlen < whole.outlen);
	{
		struct lines rows;

		parse_csv(&r, &rows);
		lines_free(&rows);
	}
	/* --strict stops there too, with the same exit. */
	free(args);
	run_free(&r);
	args = xasprintf("--strict %s", q);
	run_dump(&r, NULL, args);
	assert_int_equal(r.code, 1);
	free(args);
	free(q);
	free(path);
	free(d);
	run_free(&r);
	run_free(&whole);
}

/* A ping log with a garbage line: skipped, named by its line number. */
static void
test_pinglog_garbage(void **state)
{
	struct run r, good;
	size_t len;
	char *d, *p, *path, *q, *args, *buf, *a, *b;
	struct lines rows, grows;
	int line = 0;
	size_t cut;

	(void)state;
	check_lightsout_bin();
	d = file_bytes(PING_LOG, &len);
	for (p = d; line < 3; p++)
		if (*p == '\n')
			line++;
	cut = (size_t)(p - d);
	buf = xasprintf("%.*szzz garbage here\n%s", (int)cut, d, d + cut);
	path = tmp_path("local__ping-D-loopback.log");
	spew(path, buf, strlen(buf));
	q = shquote(path);
	args = xasprintf("--format csv %s", q);
	run_dump(&r, NULL, args);
	assert_int_equal(r.code, 1);
	a = xasprintf("%s: offset %zu, line 4: ", path, cut);
	if (!contains(r.err, a))
		fail_msg("no \"%s\" in: %s", a, r.err);
	free(a);
	assert_true(contains(r.err, "zzz garbage here"));
	/* The run is still printed, as without the line. */
	run_dump(&good, NULL, "--format csv " PING_LOG);
	parse_csv(&r, &rows);
	parse_csv(&good, &grows);
	assert_int_equal(rows.n, 1);
	assert_int_equal(grows.n, 1);
	a = without_origin(rows.v[0]);
	b = without_origin(grows.v[0]);
	assert_string_equal(a, b);
	free(a);
	free(b);
	lines_free(&rows);
	lines_free(&grows);
	free(args);
	free(q);
	free(path);
	free(buf);
	free(d);
	run_free(&r);
	run_free(&good);
}

/* ---- Threads (-j) ----------------------------------------------------- */

/*
 * dump -j 1, -j 2 and -j 4, text and CSV, on path: the same standard
 * output, standard error and exit status, byte for byte.  Returns the
 * exit status.
 */
static int
same_jobs(const char *path, const char *opts)
{
	static const char *const fmts[] = { "", "--format csv " };
	static const char *const jobs[] = { "2", "4" };
	struct run one, many;
	char *q = shquote(path), *args;
	size_t f, j;
	int code = -1;

	for (f = 0; f < 2; f++) {
		args = xasprintf("-j 1 %s%s %s", fmts[f], opts, q);
		run_dump(&one, NULL, args);
		free(args);
		code = one.code;
		for (j = 0; j < 2; j++) {
			args = xasprintf("--jobs %s %s%s %s", jobs[j], fmts[f],
			    opts, q);
			run_dump(&many, NULL, args);
			if (many.code != one.code)
				fail_msg("%s: exit %d, with -j 1 %d", args,
				    many.code, one.code);
			if (many.outlen != one.outlen ||
			    memcmp(many.out, one.out, one.outlen) != 0)
				fail_msg("%s: standard output differs from -j 1",
				    args);
			if (strcmp(many.err, one.err) != 0)
				fail_msg("%s: standard error differs from -j 1:"
				    "\n%s\n--- -j 1:\n%s", args, many.err,
				    one.err);
			run_free(&many);
			free(args);
		}
		run_free(&one);
	}
	free(q);
	return code;
}

/*
 * More results than several batches: the first line of the sagan ping
 * sample n times, but line bad is not JSON and line other another
 * result type.  As an array when array is set.
 */
static char *
atlas_repeated(size_t n, size_t bad, size_t other, bool array, size_t *len)
{
	size_t dlen, i, cap;
	char *d = file_bytes(ATLAS_PING, &dlen), *out, *p;
	size_t first = strcspn(d, "\n");

	cap = n * (first + 64) + 8;
	p = out = xmalloc(cap);
	if (array)
		*p++ = '[';
	for (i = 1; i <= n; i++) {
		if (i == bad)
			p += sprintf(p, "{\"type\":\"ping\",\"prb_id\":1 2}");
		else if (i == other)
			p += sprintf(p, "{\"type\":\"dns\",\"prb_id\":1,"
			    "\"msm_id\":2,\"timestamp\":3}");
		else {
			memcpy(p, d, first);
			p += first;
		}
		*p++ = array && i < n ? ',' : '\n';
	}
	if (array)
		*p++ = ']';
	*len = (size_t)(p - out);
	free(d);
	return out;
}

/* The offset of line n (from 1) of text. */
static size_t
line_offset(const char *text, size_t n)
{
	const char *p = text;

	while (--n > 0)
		p = strchr(p, '\n') + 1;
	return (size_t)(p - text);
}

/* The lines of text. */
static size_t
count_lines(const char *text)
{
	size_t n = 0;

	while ((text = strchr(text, '\n')) != NULL) {
		text++;
		n++;
	}
	return n;
}

/* data as a bzip2 file at path (cut to its first keep per cent). */
static void
spew_bz2(const char *path, const char *data, size_t len, unsigned keep)
{
	unsigned blen = (unsigned)(len + len / 100 + 1024);
	char *b = xmalloc(blen);

	if (BZ2_bzBuffToBuffCompress(b, &blen, (char *)data, (unsigned)len, 1,
	    0, 0) != BZ_OK)
		fail_msg("bzip2 compression failed");
	spew(path, b, (size_t)blen * keep / 100);
	free(b);
}

/* Every Atlas sample, with 1, 2 and 4 threads. */
static void
test_jobs_samples(void **state)
{
	static const char *const files[] = {
		ATLAS_PING, ATLAS_TRACE, ATLAS_ARRAY,
		DATADIR "/pierky__msm1033154.results.json",
		DATADIR "/pierky__msm3082698.results.json",
	};
	size_t i, len;

	(void)state;
	check_lightsout_bin();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *d = file_bytes(files[i], &len);
		char *cut = tmp_path("cut.json");

		assert_int_equal(same_jobs(files[i], ""), 0);
		/* Cut in the middle of a result. */
		spew(cut, d, len / 2 + 7);
		assert_int_equal(same_jobs(cut, ""), 1);
		free(cut);
		free(d);
	}
}

/*
 * A file of many batches with a bad line in the middle: the error names
 * its line and result, the summary counts it, whatever -j; and the
 * same damaged as an array, bzip2-compressed, cut, with --strict.
 */
static void
test_jobs_batches(void **state)
{
	size_t len;
	char *text = atlas_repeated(2000, 1001, 1500, false, &len);
	char *path = tmp_path("many.ndjson"), *q = shquote(path);
	char *args, *want, *bz = tmp_path("many.ndjson.bz2");
	size_t i;
	struct run r;

	(void)state;
	check_lightsout_bin();
	spew(path, text, len);
	assert_int_equal(same_jobs(path, ""), 1);
	for (i = 0; i < 3; i++) {
		args = xasprintf("-j %zu %s", i == 0 ? (size_t)1 : i * 2, q);
		run_dump(&r, NULL, args);
		assert_int_equal(r.code, 1);
		want = xasprintf("lightsout: %s: offset %zu, result 1001: "
		    "invalid JSON: line 1001: ", path, line_offset(text, 1001));
		if (!contains(r.err, want))
			fail_msg("%s: no \"%s\" in: %s", args, want, r.err);
		free(want);
		want = xasprintf("lightsout: note: %s: offset %zu, result 1500:"
		    " result type not decoded: line 1500: type \"dns\"", path,
		    line_offset(text, 1500));
		if (!contains(r.err, want))
			fail_msg("%s: no \"%s\" in: %s", args, want, r.err);
		free(want);
		want = xasprintf("lightsout: %s: 2000 results, 1998 decoded, "
		    "1998 runs; skipped or noted: 1 invalid JSON, 1 result "
		    "type not decoded\n", path);
		if (!contains(r.err, want))
			fail_msg("%s: no \"%s\" in: %s", args, want, r.err);
		free(want);
		assert_int_equal(count_lines(r.out), 1998);
		run_free(&r);
		free(args);
	}
	assert_int_equal(same_jobs(path, "--strict"), 1);
	assert_int_equal(same_jobs(path, "--strict --target 192.0.2.0/24"), 1);
	spew_bz2(bz, text, len, 100);
	assert_int_equal(same_jobs(bz, ""), 1);
	spew_bz2(bz, text, len, 60);
	assert_int_equal(same_jobs(bz, ""), 1);
	spew(path, text, len - 100);
	assert_int_equal(same_jobs(path, ""), 1);
	free(text);

	text = atlas_repeated(2000, 1001, 1500, true, &len);
	spew(path, text, len);
	assert_int_equal(same_jobs(path, ""), 1);
	spew(path, text, len - 1);		/* no ']' */
	assert_int_equal(same_jobs(path, ""), 1);
	spew(path, text, len - 100);		/* cut in an element */
	assert_int_equal(same_jobs(path, ""), 1);
	spew_bz2(bz, text, len, 60);
	assert_int_equal(same_jobs(bz, ""), 1);
	free(text);
	free(bz);
	free(q);
	free(path);
}

/* -j takes 1 to 64. */
static void
test_jobs_usage(void **state)
{
	static const char *const bad[] = { "0", "65", "x", "2x", "-1", "''",
	    "' 2'", "99999999999999999999" };
	struct run r;
	char *args;
	size_t i;

	(void)state;
	check_lightsout_bin();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		args = xasprintf("-j %s " ATLAS_PING, bad[i]);
		run_dump(&r, NULL, args);
		if (r.code != 2 || !contains(r.err, "-j takes a number of "
		    "threads from 1 to 64"))
			fail_msg("%s: exit %d: %s", args, r.code, r.err);
		assert_int_equal(r.outlen, 0);
		run_free(&r);
		free(args);
	}
	run_dump(&r, NULL, "--jobs=64 " ATLAS_PING);
	assert_int_equal(r.code, 0);
	run_free(&r);
}

int
main(void)
{
	struct CMUnitTest	*ut;
	const char		*env;
	char			 abs[PATH_MAX], *cmd;
	size_t			 i, nu = 0;
	int			 failed = 0;
	const struct CMUnitTest dump_tests[] = {
		cmocka_unit_test(test_filter_target),
		cmocka_unit_test(test_filter_vantage),
		cmocka_unit_test(test_filter_time),
		cmocka_unit_test(test_not_applicable),
		cmocka_unit_test(test_mixing),
		cmocka_unit_test(test_vantage_name),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_bad_atlas_line),
		cmocka_unit_test(test_warts_cut),
		cmocka_unit_test(test_pinglog_garbage),
		cmocka_unit_test(test_jobs_samples),
		cmocka_unit_test(test_jobs_batches),
		cmocka_unit_test(test_jobs_usage),
	};

	if ((env = getenv("LIGHTSOUT_BIN")) != NULL && *env != '\0')
		lightsout_bin = env;
	/* Absolute, for the runs in the temporary directory. */
	if (strchr(lightsout_bin, '/') != NULL &&
	    realpath(lightsout_bin, abs) != NULL)
		lightsout_bin = xstrdup(abs);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	load_samples();
	(void)mkdir(GOLDEN_DIR, 0755);

	ut = xmalloc((nsamples + 1) * sizeof(*ut));
	ut[nu++] = (struct CMUnitTest){
		.name = "samples loaded",
		.test_func = test_samples_loaded,
	};
	for (i = 0; i < nsamples; i++)
		ut[nu++] = (struct CMUnitTest){
			.name = samples[i].name,
			.test_func = test_sample,
			.initial_state = &samples[i],
		};
	failed += _cmocka_run_group_tests("samples", ut, nu, setup_tmp, NULL);
	failed += cmocka_run_group_tests_name("dump", dump_tests, setup_tmp,
	    NULL);

	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	for (i = 0; i < nsamples; i++) {
		free(samples[i].name);
		free(samples[i].path);
	}
	free(samples);
	free(ut);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
