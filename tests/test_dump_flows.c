/*
 * test_dump_flows.c -- `lightsout dump` on flow evidence, end to end.
 *
 * Group "units": for every decode unit of tests/data/flows/units.tsv (its
 * files in order, templates first, in one invocation),
 *
 *	$LIGHTSOUT_BIN dump --format csv tests/data/flows/FILE...
 *
 * must exit 0 or 1, print the documented header (flow_columns) and rows
 * of as many fields, and its standard output must equal the pinned
 * tests/data/flows/golden/UNIT.lightsout.csv; its standard error and exit
 * status the pinned UNIT.lightsout.stderr (first line "exit N").  The
 * text format of the same unit must print the same records, '|'
 * separated, without the last two columns (file, packet).
 *
 * Group "dump": filters on real samples (the expectation computed here
 * from the unfiltered CSV), filters that cannot apply (exit 2), MRT and
 * flow files mixed, gzip and standard input, damaged inputs.
 *
 * Group "sweep": every prefix of every flow sample (all of them up to 4
 * KiB; the first and last 4 KiB and 1024 offsets between for larger
 * ones) decoded through the library, after the files its unit decodes
 * before it: no crash, an end, and never more records than the whole.
 *
 * LIGHTSOUT_BIN defaults to ./lightsout.  Run from the repository root:
 * every path is relative to it.  LIGHTSOUT_REGOLD=1 rewrites the pinned
 * files instead of checking them (review the diff).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
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

#include <cmocka.h>
#include <zlib.h>

#include "parsers/flow.h"
#include "parsers/input.h"
#include "parsers/netflow.h"
#include "reports/flow_writer.h"
#include "tests/test_util.h"

#define DATADIR		"tests/data/flows"
#define UNITS		DATADIR "/units.tsv"
#define GOLDEN_DIR	DATADIR "/golden"
#define MRT_SMALL	"tests/data/mrt/mrtparse__bird6-mrtdump_rib"

#define DUMP_RUN_TMPDIR	"/tmp/lightsout-dumpflows.XXXXXX"
#include "tests/dump_run.h"

static size_t
ncolumns(void)
{
	return columns_count(flow_columns);
}

static int
column(const char *name)
{
	return column_index(flow_columns, name);
}

/* Flow rows: no field of ours holds a comma (file names aside). */
static size_t
comma_fields(char *s, char **f)
{
	return split_fields(s, ',', f);
}

/* The documented header, then rows of exactly the columns. */
static void
parse_csv(const struct run *r, struct lines *rows)
{
	check_csv(r, flow_columns, comma_fields, rows);
}

/* A CSV row without its file column, for outputs of renamed inputs. */
static char *
without_file(const char *row)
{
	char	*copy = xstrdup(row), *f[MAX_FIELDS], *out, *t;
	size_t	 n, i;
	int	 fc = column("file");

	n = split_fields(copy, ',', f);
	out = xstrdup("");
	for (i = 0; i < n; i++) {
		if ((int)i == fc)
			continue;
		t = xasprintf("%s%s%s", out, *out ? "," : "", f[i]);
		free(out);
		out = t;
	}
	free(copy);
	return out;
}

/* ---- Decode units ----------------------------------------------------- */

struct unit {
	char	 *name;
	char	**files;
	size_t	  nfiles;
	char	 *args;		/* the files as arguments */
};

static struct unit *units;
static size_t	    nunits;
static char	    units_error[256];

static void
load_units(void)
{
	FILE	*fp;
	char	*line = NULL, *tab, *tab2, *tok, *save;
	size_t	 cap = 0;
	ssize_t	 n;

	if ((fp = fopen(UNITS, "r")) == NULL) {
		snprintf(units_error, sizeof(units_error), "%s: %s", UNITS,
		    strerror(errno));
		return;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		struct unit *u;

		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((tab = strchr(line, '\t')) == NULL ||
		    (tab2 = strchr(tab + 1, '\t')) == NULL) {
			snprintf(units_error, sizeof(units_error),
			    "%s: bad line: %.100s", UNITS, line);
			break;
		}
		*tab = *tab2 = '\0';
		units = xrealloc(units, (nunits + 1) * sizeof(*units));
		u = &units[nunits++];
		memset(u, 0, sizeof(*u));
		u->name = xstrdup(line);
		u->args = xstrdup("");
		for (tok = strtok_r(tab + 1, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save)) {
			char *q, *path, *t;

			u->files = xrealloc(u->files, (u->nfiles + 1) *
			    sizeof(*u->files));
			u->files[u->nfiles++] = xstrdup(tok);
			path = xasprintf(DATADIR "/%s", tok);
			q = shquote(path);
			t = xasprintf("%s%s%s", u->args, *u->args ? " " : "",
			    q);
			free(u->args);
			u->args = t;
			free(q);
			free(path);
		}
	}
	free(line);
	fclose(fp);
}

static const struct unit *
find_unit(const char *name)
{
	size_t i;

	for (i = 0; i < nunits; i++)
		if (strcmp(units[i].name, name) == 0)
			return &units[i];
	fail_msg("no unit %s in " UNITS, name);
	return NULL;
}

static void
test_units_loaded(void **state)
{
	(void)state;
	if (units_error[0] != '\0')
		fail_msg("%s", units_error);
	if (nunits < 10)
		fail_msg(UNITS ": only %zu units", nunits);
}

static void
test_unit(void **state)
{
	const struct unit	*u = *state;
	struct run		 csv, text;
	struct lines		 rows, tl;
	char			*args, *pin, *errpin, *f[MAX_FIELDS], *copy;
	char			*want;
	size_t			 i, k, nf;

	check_lightsout_bin();
	args = xasprintf("--format csv %s", u->args);
	run_dump(&csv, NULL, args);
	free(args);
	if (csv.code != 0 && csv.code != 1) {
		fprintf(stderr, "%s", csv.err);
		fail_msg("%s: exit %d", u->name, csv.code);
	}
	parse_csv(&csv, &rows);

	pin = xasprintf(GOLDEN_DIR "/%s.lightsout.csv", u->name);
	check_pin(pin, csv.out, csv.outlen);
	errpin = xasprintf(GOLDEN_DIR "/%s.lightsout.stderr", u->name);
	want = xasprintf("exit %d\n%s", csv.code, csv.err);
	check_pin(errpin, want, strlen(want));
	free(want);

	/* The text format: the same records, '|', no file and packet. */
	run_dump(&text, NULL, u->args);
	assert_int_equal(text.code, csv.code);
	assert_string_equal(text.err, csv.err);
	split_lines(&tl, text.out, text.outlen, "\n");
	if (tl.n != rows.n)
		fail_msg("%s: %zu text lines, %zu CSV rows", u->name, tl.n,
		    rows.n);
	for (i = 0; i < tl.n; i++) {
		char *joined = xstrdup(""), *t;

		copy = xstrdup(tl.v[i]);
		nf = split_fields(copy, '|', f);
		if (nf != ncolumns() - 2)
			fail_msg("%s: text line %zu has %zu fields: %s",
			    u->name, i + 1, nf, tl.v[i]);
		free(copy);
		copy = xstrdup(rows.v[i]);
		split_fields(copy, ',', f);
		for (k = 0; k < ncolumns() - 2; k++) {
			t = xasprintf("%s%s%s", joined, k ? "|" : "", f[k]);
			free(joined);
			joined = t;
		}
		free(copy);
		if (strcmp(joined, tl.v[i]) != 0)
			fail_msg("%s: record %zu\n  text %s\n  csv  %s",
			    u->name, i + 1, tl.v[i], rows.v[i]);
		free(joined);
	}
	lines_free(&tl);
	lines_free(&rows);
	free(pin);
	free(errpin);
	run_free(&csv);
	run_free(&text);
}

/* ---- Filters end to end ----------------------------------------------- */

/* Is the address text a inside prefix text p ("a.b.c.d/n", "x::/n")? */
static int
addr_inside(const char *a, const char *p)
{
	unsigned char	 ab[16], pb[16];
	char		 buf[64], *slash;
	int		 af, len, i, bits;

	if (*a == '\0')
		return 0;
	snprintf(buf, sizeof(buf), "%s", p);
	slash = strchr(buf, '/');
	assert_non_null(slash);
	*slash = '\0';
	len = atoi(slash + 1);
	af = strchr(buf, ':') != NULL ? AF_INET6 : AF_INET;
	if ((strchr(a, ':') != NULL ? AF_INET6 : AF_INET) != af)
		return 0;
	if (inet_pton(af, a, ab) != 1 || inet_pton(af, buf, pb) != 1)
		fail_msg("bad address %s or prefix %s", a, p);
	for (i = 0; i < len; i++) {
		bits = 7 - i % 8;
		if (((ab[i / 8] >> bits) & 1) != ((pb[i / 8] >> bits) & 1))
			return 0;
	}
	return 1;
}

/* "2022-03-14T19:25:25.050Z" in ms; -1 for an empty field. */
static int64_t
iso_ms(const char *s)
{
	struct tm	tm;
	int		ms = 0;

	if (*s == '\0')
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		fail_msg("bad time %s", s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

/*
 * The span filter.h documents, from the CSV columns: [start, end], one of
 * them alone, else the export time.  (The capture time, the last
 * fallback, is not a column: a row without any of these fails the test.)
 */
static void
row_span(char **f, int64_t *first, int64_t *last)
{
	int64_t s = iso_ms(f[column("start")]), e = iso_ms(f[column("end")]);
	int64_t x = iso_ms(f[column("export_time")]);

	if (s < 0 && e < 0) {
		if (x < 0)
			fail_msg("a row without any time; the test cannot "
			    "place it");
		*first = *last = x;
		return;
	}
	*first = s >= 0 ? s : e;
	*last = e >= 0 ? e : s;
	if (*last < *first)
		*last = *first;
}

struct expect {
	const char	*src, *src2, *dst;
	int		 proto;		/* -1: none */
	int		 port, port2;
	int64_t		 from, until;	/* seconds; -1: none */
};

static int
row_matches(const char *row, const struct expect *x)
{
	char	*copy = xstrdup(row), *f[MAX_FIELDS];
	int	 ok = 1;
	int64_t	 first, last;

	split_fields(copy, ',', f);
	if (x->src != NULL && !addr_inside(f[column("src")], x->src) &&
	    (x->src2 == NULL || !addr_inside(f[column("src")], x->src2)))
		ok = 0;
	if (x->dst != NULL && !addr_inside(f[column("dst")], x->dst))
		ok = 0;
	if (x->proto >= 0 && (*f[column("proto")] == '\0' ||
	    atoi(f[column("proto")]) != x->proto))
		ok = 0;
	if (x->port >= 0) {
		const char *sp = f[column("src_port")];
		const char *dp = f[column("dst_port")];
		int hit = 0;

		if (*sp && (atoi(sp) == x->port ||
		    (x->port2 >= 0 && atoi(sp) == x->port2)))
			hit = 1;
		if (*dp && (atoi(dp) == x->port ||
		    (x->port2 >= 0 && atoi(dp) == x->port2)))
			hit = 1;
		if (!hit)
			ok = 0;
	}
	if (x->from >= 0 || x->until >= 0) {
		row_span(f, &first, &last);
		if (x->from >= 0 && last < x->from * 1000)
			ok = 0;
		if (x->until >= 0 && first >= x->until * 1000)
			ok = 0;
	}
	free(copy);
	return ok;
}

/*
 * Run the unit unfiltered and with opts; the filtered rows must be
 * exactly the unfiltered rows x matches, in order.  Returns the number
 * of matching rows and sets *total.
 */
static size_t
check_filter(const char *unit, const char *opts, const struct expect *x,
    size_t *total)
{
	const struct unit *u = find_unit(unit);
	struct run	 all, got;
	struct lines	 arows, grows;
	char		*args;
	size_t		 i, k = 0;

	args = xasprintf("--format csv %s", u->args);
	run_dump(&all, NULL, args);
	free(args);
	args = xasprintf("--format csv %s %s", opts, u->args);
	run_dump(&got, NULL, args);
	free(args);
	assert_int_equal(got.code, all.code);
	parse_csv(&all, &arows);
	parse_csv(&got, &grows);
	for (i = 0; i < arows.n; i++) {
		if (!row_matches(arows.v[i], x))
			continue;
		if (k >= grows.n)
			fail_msg("%s %s: row missing: %s", unit, opts,
			    arows.v[i]);
		if (strcmp(grows.v[k], arows.v[i]) != 0)
			fail_msg("%s %s: expected row\n  %s\ngot\n  %s", unit,
			    opts, arows.v[i], grows.v[k]);
		k++;
	}
	if (k != grows.n)
		fail_msg("%s %s: %zu rows expected, %zu printed; first extra: "
		    "%s", unit, opts, k, grows.n, grows.v[k]);
	*total = arows.n;
	lines_free(&arows);
	lines_free(&grows);
	run_free(&all);
	run_free(&got);
	return k;
}

/* A field of the first row of a unit's CSV output with field f set. */
static char *
pick_field(const char *unit, const char *col, size_t nth)
{
	const struct unit *u = find_unit(unit);
	struct run	 r;
	struct lines	 rows;
	char		*args, *f[MAX_FIELDS], *copy, *v = NULL;
	size_t		 i, seen = 0;

	args = xasprintf("--format csv %s", u->args);
	run_dump(&r, NULL, args);
	free(args);
	parse_csv(&r, &rows);
	for (i = 0; i < rows.n && v == NULL; i++) {
		copy = xstrdup(rows.v[i]);
		split_fields(copy, ',', f);
		if (*f[column(col)] != '\0' && seen++ == nth)
			v = xstrdup(f[column(col)]);
		free(copy);
	}
	lines_free(&rows);
	run_free(&r);
	if (v == NULL)
		fail_msg("%s: no row with %s", unit, col);
	return v;
}

/* The /len prefix around an address, as text. */
static char *
prefix_of(const char *addr, int len)
{
	unsigned char	 b[16];
	char		 buf[INET6_ADDRSTRLEN];
	int		 af = strchr(addr, ':') ? AF_INET6 : AF_INET, i;

	if (inet_pton(af, addr, b) != 1)
		fail_msg("bad address %s", addr);
	for (i = len; i < (af == AF_INET ? 32 : 128); i++)
		b[i / 8] &= (unsigned char)~(1u << (7 - i % 8));
	inet_ntop(af, b, buf, sizeof(buf));
	return xasprintf("%s/%d", buf, len);
}

static const char *const filter_units[] = {
	"pmacct__111-IPFIXv10-NFv9-IPv6-IPv4-mix_sources__traffic-00",
	"pmacct__101-NFv9-CISCO-cust_primitives__traffic-00",
	"logstash__ipfix_test_mikrotik",
	"akvorado__nfv5",
	"logstash__netflow9_test_macaddr",
	NULL
};

static void
init_expect(struct expect *x)
{
	memset(x, 0, sizeof(*x));
	x->proto = x->port = x->port2 = -1;
	x->from = x->until = -1;
}

static void
test_filter_src_dst(void **state)
{
	struct expect	 x;
	size_t		 i, total, n, some = 0;
	char		*a, *p, *opts, *p2;

	(void)state;
	check_lightsout_bin();
	for (i = 0; filter_units[i] != NULL; i++) {
		const char *u = filter_units[i];

		a = pick_field(u, "src", 0);
		p = prefix_of(a, strchr(a, ':') ? 48 : 24);
		init_expect(&x);
		x.src = p;
		opts = xasprintf("--src %s", p);
		n = check_filter(u, opts, &x, &total);
		assert_true(n >= 1);
		some += n < total;
		free(opts);
		/* Two --src: either; one of the other family. */
		p2 = xstrdup(strchr(a, ':') ? "10.0.0.0/8" : "2000::/3");
		x.src2 = p2;
		opts = xasprintf("--src %s --src %s", p2, p);
		assert_int_equal(check_filter(u, opts, &x, &total), n);
		free(opts);
		free(p2);
		free(a);
		free(p);

		a = pick_field(u, "dst", 0);
		p = prefix_of(a, strchr(a, ':') ? 64 : 28);
		init_expect(&x);
		x.dst = p;
		opts = xasprintf("--dst %s", p);
		n = check_filter(u, opts, &x, &total);
		assert_true(n >= 1);
		some += n < total;
		free(opts);
		/* The whole family, and the other family (none). */
		x.dst = strchr(a, ':') ? "::/0" : "0.0.0.0/0";
		opts = xasprintf("--dst %s", x.dst);
		(void)check_filter(u, opts, &x, &total);
		free(opts);
		x.dst = strchr(a, ':') ? "0.0.0.0/0" : "::/0";
		opts = xasprintf("--dst %s", x.dst);
		(void)check_filter(u, opts, &x, &total);
		free(opts);
		free(a);
		free(p);
	}
	assert_true(some > 0);	/* some filter left rows out */
}

static void
test_filter_proto_port(void **state)
{
	struct expect	 x;
	size_t		 i, total, n;
	char		*v, *v2, *opts;

	(void)state;
	check_lightsout_bin();
	for (i = 0; filter_units[i] != NULL; i++) {
		const char *u = filter_units[i];

		v = pick_field(u, "proto", 0);
		init_expect(&x);
		x.proto = atoi(v);
		opts = xasprintf("--proto %s", v);
		assert_true(check_filter(u, opts, &x, &total) >= 1);
		free(opts);
		free(v);
		init_expect(&x);
		x.proto = 132;	/* SCTP: none in the samples */
		assert_int_equal(check_filter(u, "--proto 132", &x, &total),
		    0);

		v = pick_field(u, "dst_port", 0);
		v2 = pick_field(u, "src_port", 1);
		init_expect(&x);
		x.port = atoi(v);
		opts = xasprintf("--port %s", v);
		n = check_filter(u, opts, &x, &total);
		assert_true(n >= 1);
		free(opts);
		x.port2 = atoi(v2);
		opts = xasprintf("--port %s --port %s", v, v2);
		assert_true(check_filter(u, opts, &x, &total) >= n);
		free(opts);
		/* With --proto too: AND. */
		x.proto = 6;
		opts = xasprintf("--port %s --proto 6 --port %s", v, v2);
		(void)check_filter(u, opts, &x, &total);
		free(opts);
		free(v);
		free(v2);
	}
}

static void
test_filter_time(void **state)
{
	/* The column that places the flows: mikrotik sends uptimes only. */
	static const char *const tunits[][2] = {
		{ "pmacct__101-NFv9-CISCO-cust_primitives__traffic-00",
		    "start" },
		{ "logstash__ipfix_test_mikrotik", "export_time" },
		{ "logstash__netflow9_test_cisco_asa_2", "start" },
		{ "akvorado__nfv5", "start" },
		{ "logstash__netflow5_test_juniper_mx80", "start" },
		{ "logstash__ipfix_test_openbsd_pflow", "start" },
		{ NULL, NULL }
	};
	struct expect	 x;
	size_t		 i, total, n, some = 0;
	char		*v, *opts;
	int64_t		 t;

	(void)state;
	check_lightsout_bin();
	for (i = 0; tunits[i][0] != NULL; i++) {
		const char *u = tunits[i][0];

		v = pick_field(u, tunits[i][1], 2);
		t = iso_ms(v) / 1000;
		free(v);
		init_expect(&x);
		x.from = t;
		opts = xasprintf("--from %lld", (long long)t);
		n = check_filter(u, opts, &x, &total);
		assert_true(n >= 1);
		some += n < total;
		free(opts);
		init_expect(&x);
		x.until = t;
		opts = xasprintf("--until %lld", (long long)t);
		n = check_filter(u, opts, &x, &total);
		some += n > 0 && n < total;
		free(opts);
		init_expect(&x);
		x.from = t;
		x.until = t + 1;
		opts = xasprintf("--from %lld --until %lld", (long long)t,
		    (long long)t + 1);
		assert_true(check_filter(u, opts, &x, &total) >= 1);
		free(opts);
		/* ISO form, and combined with --proto. */
		{
			char	 iso[32];
			time_t	 tt = (time_t)t;
			struct tm tm;

			gmtime_r(&tt, &tm);
			strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
			init_expect(&x);
			x.from = t;
			x.proto = 6;
			opts = xasprintf("--proto 6 --from %s", iso);
			(void)check_filter(u, opts, &x, &total);
			free(opts);
		}
	}
	assert_true(some > 0);
}

/* nfdump CSV input: filters apply to its records as well. */
static void
test_filter_nfdump_csv(void **state)
{
	const char	*file = DATADIR "/nfdump/nfdump171__v9.nfdump-csv.csv";
	struct run	 all, got;
	struct lines	 arows, grows;
	struct expect	 x;
	char		*copy, *f[MAX_FIELDS], *args, *p;
	size_t		 i, k = 0;

	(void)state;
	check_lightsout_bin();
	args = xasprintf("--format csv %s", file);
	run_dump(&all, NULL, args);
	free(args);
	assert_int_equal(all.code, 0);
	parse_csv(&all, &arows);
	assert_true(arows.n > 10);
	copy = xstrdup(arows.v[arows.n / 2]);
	split_fields(copy, ',', f);
	p = prefix_of(f[column("src")], strchr(f[column("src")], ':') ? 32 :
	    16);
	init_expect(&x);
	x.src = p;
	x.proto = atoi(f[column("proto")]);
	x.from = iso_ms(f[column("start")]) / 1000;
	args = xasprintf("--format csv --src %s --proto %d --from %lld %s", p,
	    x.proto, (long long)x.from, file);
	free(copy);
	run_dump(&got, NULL, args);
	free(args);
	assert_int_equal(got.code, 0);
	parse_csv(&got, &grows);
	for (i = 0; i < arows.n; i++) {
		if (!row_matches(arows.v[i], &x))
			continue;
		if (k >= grows.n || strcmp(grows.v[k], arows.v[i]) != 0)
			fail_msg("nfdump CSV: row %zu: expected %s", k,
			    arows.v[i]);
		k++;
	}
	assert_int_equal(k, grows.n);
	assert_true(k >= 1);
	free(p);
	lines_free(&arows);
	lines_free(&grows);
	run_free(&all);
	run_free(&got);
}

/* ---- Filters and formats that cannot apply ---------------------------- */

#define FLOW_FILE	DATADIR "/akvorado__nfv5.pcap"

static void
expect_usage(const char *args, const char *opt, const char *file)
{
	struct run r;

	run_dump(&r, NULL, args);
	if (r.code != 2 || strstr(r.err, opt) == NULL ||
	    (file != NULL && strstr(r.err, file) == NULL)) {
		fprintf(stderr, "--- lightsout dump %s\nexit %d\n%s", args,
		    r.code, r.err);
		fail_msg("expected exit 2 and a message naming %s and %s",
		    opt, file ? file : "nothing");
	}
	run_free(&r);
}

static void
test_not_applicable(void **state)
{
	(void)state;
	check_lightsout_bin();
	expect_usage("--origin 1 " FLOW_FILE, "--origin", FLOW_FILE);
	expect_usage("--prefix 10.0.0.0/8 " FLOW_FILE, "--prefix", FLOW_FILE);
	expect_usage("--type withdraw " FLOW_FILE, "--type", FLOW_FILE);
	expect_usage("--src 10.0.0.0/8 " MRT_SMALL, "--src", MRT_SMALL);
	expect_usage("--port 80 " MRT_SMALL, "--port", MRT_SMALL);
	expect_usage("-m " FLOW_FILE, "-m", FLOW_FILE);
	expect_usage("--format bgpdump " FLOW_FILE, "-m", FLOW_FILE);
	/* Found at the second file: the first file's output stands. */
	expect_usage("--proto 6 " MRT_SMALL " " FLOW_FILE, "--proto",
	    MRT_SMALL);
	expect_usage("--origin 1 " MRT_SMALL " " FLOW_FILE, "--origin",
	    FLOW_FILE);
	/* Bad values. */
	expect_usage("--proto 256 " FLOW_FILE, "256", NULL);
	expect_usage("--port 65536 " FLOW_FILE, "65536", NULL);
	expect_usage("--src 10.0.0.0/33 " FLOW_FILE, "10.0.0.0/33", NULL);
}

static void
test_mixing(void **state)
{
	struct run	 r, mrt, flow;

	(void)state;
	check_lightsout_bin();
	/* CSV cannot hold both headers, in either order. */
	expect_usage("--format csv " MRT_SMALL " " FLOW_FILE, "cannot follow",
	    FLOW_FILE);
	expect_usage("--format csv " FLOW_FILE " " MRT_SMALL, "cannot follow",
	    MRT_SMALL);

	/* Text can: the two outputs one after the other. */
	run_dump(&mrt, NULL, MRT_SMALL);
	run_dump(&flow, NULL, FLOW_FILE);
	assert_int_equal(mrt.code, 0);
	assert_int_equal(flow.code, 0);
	assert_true(mrt.outlen > 0 && flow.outlen > 0);
	run_dump(&r, NULL, MRT_SMALL " " FLOW_FILE " " MRT_SMALL);
	assert_int_equal(r.code, 0);
	assert_int_equal(r.outlen, 2 * mrt.outlen + flow.outlen);
	assert_memory_equal(r.out, mrt.out, mrt.outlen);
	assert_memory_equal(r.out + mrt.outlen, flow.out, flow.outlen);
	assert_memory_equal(r.out + mrt.outlen + flow.outlen, mrt.out,
	    mrt.outlen);
	run_free(&r);
	run_free(&mrt);
	run_free(&flow);
}

/* ---- Compressed input and standard input ------------------------------ */

static void
gzip_file(const char *from, const char *to)
{
	char	*data;
	size_t	 len;
	gzFile	 gz;

	data = slurp(from, &len);
	assert_non_null(data);
	gz = gzopen(to, "wb9");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
	assert_int_equal(gzclose(gz), Z_OK);
	free(data);
}

/* Equal CSV outputs but for the file column. */
static void
same_but_file(const struct run *a, const struct run *b)
{
	struct lines	 ar, br;
	size_t		 i;
	char		*x, *y;

	parse_csv(a, &ar);
	parse_csv(b, &br);
	assert_int_equal(ar.n, br.n);
	for (i = 0; i < ar.n; i++) {
		x = without_file(ar.v[i]);
		y = without_file(br.v[i]);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	lines_free(&ar);
	lines_free(&br);
}

static void
test_gzip(void **state)
{
	const char	*plain = DATADIR "/pmacct__101-NFv9-CISCO-cust_primitives"
			    "__traffic-00.pcap";
	const char	*tpl = DATADIR "/akvorado__template.pcap";
	const char	*data = DATADIR "/akvorado__data.pcap";
	struct run	 a, b;
	char		*gz, *args;

	(void)state;
	check_lightsout_bin();
	gz = tmp_path("capture.pcap.gz");
	gzip_file(plain, gz);
	run_dump(&a, NULL, plain);
	args = xasprintf("%s", gz);
	run_dump(&b, NULL, args);
	free(args);
	assert_int_equal(a.code, b.code);
	assert_true(a.outlen > 0);
	assert_int_equal(a.outlen, b.outlen);
	assert_memory_equal(a.out, b.out, a.outlen);
	run_free(&a);
	run_free(&b);
	args = xasprintf("--format csv %s", plain);
	run_dump(&a, NULL, args);
	free(args);
	args = xasprintf("--format csv %s", gz);
	run_dump(&b, NULL, args);
	free(args);
	same_but_file(&a, &b);
	run_free(&a);
	run_free(&b);

	/* A compressed template file decodes the plain data file after it. */
	gzip_file(tpl, gz);
	args = xasprintf("%s %s", tpl, data);
	run_dump(&a, NULL, args);
	free(args);
	args = xasprintf("%s %s", gz, data);
	run_dump(&b, NULL, args);
	free(args);
	assert_int_equal(a.code, b.code);
	assert_true(a.outlen > 0);
	assert_int_equal(a.outlen, b.outlen);
	assert_memory_equal(a.out, b.out, a.outlen);
	run_free(&a);
	run_free(&b);
	free(gz);
}

static void
test_stdin(void **state)
{
	static const char *const files[] = {
		DATADIR "/pmacct__101-NFv9-CISCO-cust_primitives__traffic-00.pcap",
		DATADIR "/derived__logstash-mikrotik.ipfix",
		DATADIR "/logstash__netflow5_test_microtik.dat",
		DATADIR "/nfdump/nfdump171__ipfix.nfdump-csv.csv",
		NULL
	};
	struct run	 a, b;
	struct lines	 rows;
	char		*pre, *args;
	size_t		 i;

	(void)state;
	check_lightsout_bin();
	for (i = 0; files[i] != NULL; i++) {
		run_dump(&a, NULL, files[i]);
		pre = xasprintf("cat %s", files[i]);
		run_dump(&b, pre, "-");
		assert_int_equal(a.code, b.code);
		assert_true(a.outlen > 0);
		assert_int_equal(a.outlen, b.outlen);
		assert_memory_equal(a.out, b.out, a.outlen);
		run_free(&a);
		run_free(&b);

		args = xasprintf("--format csv %s", files[i]);
		run_dump(&a, NULL, args);
		free(args);
		run_dump(&b, pre, "--format csv -");
		same_but_file(&a, &b);
		parse_csv(&b, &rows);
		assert_true(rows.n > 0);
		assert_non_null(strstr(rows.v[0], ",(stdin),"));
		lines_free(&rows);
		run_free(&a);
		run_free(&b);
		free(pre);
	}
}

/* ---- Damaged inputs --------------------------------------------------- */

static void
test_garbage(void **state)
{
	uint8_t		 buf[8192];
	uint64_t	 x = 0x9e3779b97f4a7c15ull;
	size_t		 i;
	char		*path;
	struct run	 r;

	(void)state;
	check_lightsout_bin();
	for (i = 0; i < sizeof(buf); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)(x >> 24);
	}
	/* No compression magic, no capture magic, no export version. */
	buf[0] = 0x42;
	buf[1] = 0x00;
	assert_int_equal(flow_detect(buf, sizeof(buf)), FLOW_CONTAINER_NONE);
	path = tmp_path("garbage.bin");
	spew(path, buf, sizeof(buf));
	run_dump(&r, NULL, path);	/* a crash fails in run_dump */
	if (r.code != 1) {
		fprintf(stderr, "%s", r.err);
		fail_msg("garbage: exit %d, not 1", r.code);
	}
	assert_non_null(strstr(r.err, path));
	run_free(&r);
	free(path);
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
test_truncated_pcap(void **state)
{
	const char	*file = DATADIR "/pmacct__101-NFv9-CISCO-cust_primitives"
			    "__traffic-00.pcap";
	uint8_t		*data;
	size_t		 len, off, cut = 0, i;
	uint64_t	 pkt = 0, npkts = 0, target;
	char		*path, *args, *copy, *f[MAX_FIELDS], needle[64];
	struct run	 all, got;
	struct lines	 arows, grows;
	size_t		 k = 0;

	(void)state;
	check_lightsout_bin();
	data = (uint8_t *)slurp(file, &len);
	assert_non_null(data);
	assert_int_equal(le32(data), 0xa1b2c3d4);
	for (off = 24; off + 16 <= len; off += 16 + le32(data + off + 8))
		npkts++;
	assert_true(npkts >= 3);
	target = npkts / 2 + 1;
	for (off = 24; off + 16 <= len; off += 16 + le32(data + off + 8))
		if (++pkt == target) {
			cut = off + 16 + le32(data + off + 8) / 2;
			break;
		}
	assert_true(cut > 0);
	path = tmp_path("truncated.pcap");
	spew(path, data, cut);

	args = xasprintf("--format csv %s", file);
	run_dump(&all, NULL, args);
	free(args);
	args = xasprintf("--format csv %s", path);
	run_dump(&got, NULL, args);
	free(args);
	if (got.code != 1)
		fail_msg("truncated capture: exit %d\n%s", got.code, got.err);
	snprintf(needle, sizeof(needle), "packet %llu",
	    (unsigned long long)target);
	if (strstr(got.err, needle) == NULL || strstr(got.err, path) == NULL)
		fail_msg("truncated capture: no message naming %s and %s:\n%s",
		    path, needle, got.err);
	/* Everything before the cut packet is printed. */
	parse_csv(&all, &arows);
	parse_csv(&got, &grows);
	for (i = 0; i < arows.n; i++) {
		copy = xstrdup(arows.v[i]);
		split_fields(copy, ',', f);
		if (strtoull(f[column("packet")], NULL, 10) < target) {
			char *x = without_file(arows.v[i]), *y;

			if (k >= grows.n)
				fail_msg("truncated capture: missing %s", x);
			y = without_file(grows.v[k]);
			assert_string_equal(y, x);
			free(x);
			free(y);
			k++;
		}
		free(copy);
	}
	assert_true(k > 0);
	assert_int_equal(k, grows.n);
	lines_free(&arows);
	lines_free(&grows);
	run_free(&all);
	run_free(&got);
	free(path);
	free(data);
}

static void
test_corrupt_ipfix_set(void **state)
{
	const char	*file = DATADIR "/derived__pmacct-100-cisco.ipfix";
	uint8_t		*data;
	size_t		 len, off, moff = 0, mlen = 0, i, k = 0;
	uint64_t	 n = 0, target = 0;
	char		*path, *args, *copy, *f[MAX_FIELDS], *line, *p;
	char		 needle[64];
	struct run	 all, got;
	struct lines	 arows, grows, errs;
	int		 named = 0;

	(void)state;
	check_lightsout_bin();
	data = (uint8_t *)slurp(file, &len);
	assert_non_null(data);
	/* The last message with a data set (id >= 256) first. */
	for (off = 0; off + 16 <= len; off += (size_t)(data[off + 2] << 8 |
	    data[off + 3])) {
		assert_int_equal(data[off] << 8 | data[off + 1], 10);
		n++;
		if ((data[off + 16] << 8 | data[off + 17]) >= 256) {
			target = n;
			moff = off;
			mlen = (size_t)(data[off + 2] << 8 | data[off + 3]);
		}
	}
	assert_true(target > 0);
	/* The set claims to run 100 bytes past its message. */
	data[moff + 18] = (uint8_t)((mlen - 16 + 100) >> 8);
	data[moff + 19] = (uint8_t)(mlen - 16 + 100);
	path = tmp_path("corrupt.ipfix");
	spew(path, data, len);

	args = xasprintf("--format csv %s", file);
	run_dump(&all, NULL, args);
	free(args);
	args = xasprintf("--format csv %s", path);
	run_dump(&got, NULL, args);
	free(args);
	if (got.code != 1)
		fail_msg("corrupt set: exit %d\n%s", got.code, got.err);
	/* One error line naming the file, an offset in the message, and it. */
	/* "message N": but see test_ipfix_error_unit. */
	snprintf(needle, sizeof(needle), " %llu: ", (unsigned long long)target);
	split_lines(&errs, got.err, got.errlen, "\n");
	for (i = 0; i < errs.n; i++) {
		line = errs.v[i];
		if (strstr(line, path) == NULL || strstr(line, needle) == NULL ||
		    strstr(line, "note:") != NULL)
			continue;
		if ((p = strstr(line, "offset ")) == NULL)
			continue;
		off = strtoull(p + 7, NULL, 10);
		if (off >= moff && off < moff + mlen)
			named = 1;
	}
	if (!named)
		fail_msg("no error line names %s, an offset in [%zu, %zu) and "
		    "%s:\n%s", path, moff, moff + mlen, needle, got.err);
	lines_free(&errs);
	/* The other messages are decoded as before. */
	parse_csv(&all, &arows);
	parse_csv(&got, &grows);
	for (i = 0; i < arows.n; i++) {
		copy = xstrdup(arows.v[i]);
		split_fields(copy, ',', f);
		if (strtoull(f[column("packet")], NULL, 10) != target) {
			char *x = without_file(arows.v[i]), *y;

			if (k >= grows.n)
				fail_msg("corrupt set: missing %s", x);
			y = without_file(grows.v[k]);
			assert_string_equal(y, x);
			free(x);
			free(y);
			k++;
		}
		free(copy);
	}
	assert_int_equal(k, grows.n);
	assert_true(k < arows.n);
	lines_free(&arows);
	lines_free(&grows);
	run_free(&all);
	run_free(&got);
	free(path);
	free(data);
}

/*
 * In an IPFIX file (and raw NetFlow datagram files) the errors the export
 * decoder reports count messages, as the reader's own errors and the
 * summary do ("message N", "6 messages").
 */
static void
test_ipfix_error_unit(void **state)
{
	const char	*file = DATADIR "/derived__pmacct-100-cisco.ipfix";
	uint8_t		*data;
	size_t		 len, moff;
	char		*path, *args;
	struct run	 got;

	(void)state;
	check_lightsout_bin();
	data = (uint8_t *)slurp(file, &len);
	assert_non_null(data);
	/* The second message's first set overruns it. */
	moff = (size_t)(data[2] << 8 | data[3]);
	data[moff + 18] = 0xff;
	data[moff + 19] = 0xff;
	path = tmp_path("corrupt2.ipfix");
	spew(path, data, len);
	args = xasprintf("%s", path);
	run_dump(&got, NULL, args);
	free(args);
	assert_int_equal(got.code, 1);
	if (strstr(got.err, "message 2:") == NULL ||
	    strstr(got.err, "packet 2") != NULL)
		fail_msg("want \"message 2\":\n%s", got.err);
	run_free(&got);
	free(path);
	free(data);
}

/* A pcap record header (little-endian, microseconds) for len bytes. */
static void
put_rec(uint8_t *p, uint32_t sec, uint32_t len)
{
	uint32_t v[4] = { sec, 0, len, len };
	int i, j;

	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			p[4 * i + j] = (uint8_t)(v[i] >> (8 * j));
}

/* Ethernet + IPv4 header, proto, payload of plen bytes after it. */
static size_t
put_ipv4(uint8_t *p, uint8_t proto, size_t plen)
{
	size_t	 tot = 20 + plen;
	uint32_t sum = 0;
	int	 i;

	memset(p, 0, 34);
	memcpy(p, "\x00\x11\x22\x33\x44\x55\x00\x66\x77\x88\x99\xaa\x08\x00",
	    14);
	p[14] = 0x45;
	p[16] = (uint8_t)(tot >> 8);
	p[17] = (uint8_t)tot;
	p[22] = 64;
	p[23] = proto;
	memcpy(p + 26, "\xc0\x00\x02\x01\xc6\x33\x64\x07", 8);
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)(p[14 + i] << 8 | p[15 + i]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	p[24] = (uint8_t)(~sum >> 8);
	p[25] = (uint8_t)~sum;
	return 34;
}

static void
test_notes(void **state)
{
	const char	*file = DATADIR "/akvorado__nfv5.pcap";
	uint8_t		*orig, *cap, *p;
	size_t		 olen, first_end, n;
	char		*path, *args, *x, *y;
	struct run	 all, got;
	struct lines	 arows, grows;
	size_t		 i, k = 0;
	const char	 payload[] = "GET / HTTP/1.0\r\n\r\n";

	(void)state;
	check_lightsout_bin();
	orig = (uint8_t *)slurp(file, &olen);
	assert_non_null(orig);
	assert_int_equal(le32(orig + 20), 1);	/* Ethernet */
	first_end = 24 + 16 + le32(orig + 24 + 8);
	assert_true(first_end <= olen);
	cap = xmalloc(first_end + 4096);
	memcpy(cap, orig, first_end);
	p = cap + first_end;

	/* TCP segment. */
	n = put_ipv4(p + 16, 6, 20);
	memset(p + 16 + n, 0, 20);
	p[16 + n + 12] = 0x50;
	put_rec(p, 1647285928, (uint32_t)n + 20);
	p += 16 + n + 20;
	/* ARP. */
	memcpy(p + 16, "\xff\xff\xff\xff\xff\xff\x00\x66\x77\x88\x99\xaa"
	    "\x08\x06", 14);
	memset(p + 30, 0, 28);
	put_rec(p, 1647285928, 42);
	p += 16 + 42;
	/* A UDP datagram that is not an export packet. */
	n = put_ipv4(p + 16, 17, 8 + sizeof(payload) - 1);
	p[16 + n] = 0x30;	/* 12345 -> 2055 */
	p[16 + n + 1] = 0x39;
	p[16 + n + 2] = 0x08;
	p[16 + n + 3] = 0x07;
	p[16 + n + 4] = 0;
	p[16 + n + 5] = (uint8_t)(8 + sizeof(payload) - 1);
	memcpy(p + 16 + n + 8, payload, sizeof(payload) - 1);
	put_rec(p, 1647285928, (uint32_t)(n + 8 + sizeof(payload) - 1));
	p += 16 + n + 8 + sizeof(payload) - 1;

	path = tmp_path("notes.pcap");
	spew(path, cap, (size_t)(p - cap));
	args = xasprintf("--format csv %s", file);
	run_dump(&all, NULL, args);
	free(args);
	args = xasprintf("--format csv %s", path);
	run_dump(&got, NULL, args);
	free(args);
	if (got.code != 0 || strstr(got.err, "note:") == NULL ||
	    strstr(got.err, "2 packet not IP/UDP") == NULL ||
	    strstr(got.err, "1 UDP datagram not NetFlow/IPFIX") == NULL ||
	    strstr(got.err, "4 packets") == NULL)
		fail_msg("notes: exit %d (want 0), summary:\n%s", got.code,
		    got.err);
	/* The export packet's flows are printed. */
	parse_csv(&all, &arows);
	parse_csv(&got, &grows);
	for (i = 0; i < arows.n; i++) {
		char *copy = xstrdup(arows.v[i]), *f[MAX_FIELDS];

		split_fields(copy, ',', f);
		if (strcmp(f[column("packet")], "1") == 0) {
			x = without_file(arows.v[i]);
			if (k >= grows.n)
				fail_msg("notes: missing %s", x);
			y = without_file(grows.v[k]);
			assert_string_equal(y, x);
			free(x);
			free(y);
			k++;
		}
		free(copy);
	}
	assert_true(k > 0);
	assert_int_equal(k, grows.n);
	lines_free(&arows);
	lines_free(&grows);
	run_free(&all);
	run_free(&got);
	free(path);
	free(cap);
	free(orig);
}

/* ---- Truncation sweep through the library ----------------------------- */

struct sweep {
	char		*file;		/* under DATADIR */
	const struct unit *unit;	/* decoded before it: its earlier files */
	size_t		 pos;		/* of file in unit */
	char		*name;
};

/*
 * Known bugs: files whose sweep is skipped, with why.  Keep the test;
 * remove an entry once the bug is fixed.
 */
static const struct {
	const char *file;
	const char *why;
} sweep_bugs[] = {
	{ NULL, NULL }
};

#define SWEEP_MAX_STEPS	10000000ull
#define SWEEP_WORKERS	2	/* processes sharing a file's offsets */

/*
 * The sweep runs in worker processes, where cmocka's assertions cannot
 * be used: failures are messages, printed by the worker, and its exit
 * status says how it went.
 */
static char	sweep_msg[1024];

/* Flows of path through s to its end; -1 when not flow evidence. */
static int
decode_file(const char *path, struct flow_session *s, long long *n)
{
	char			 err[512];
	struct input		*in;
	struct flow_reader	*r;
	const struct flow_record *rec;
	struct decode_error	 derr;
	enum flow_status	 st;
	unsigned long long	 steps = 0;

	*n = 0;
	if ((in = input_open(path, err, sizeof(err))) == NULL) {
		snprintf(sweep_msg, sizeof(sweep_msg), "%s", err);
		return -1;
	}
	if ((r = flow_open(in, s, err, sizeof(err))) == NULL) {
		input_close(in);
		return 0;	/* not recognised: nothing decoded */
	}
	while ((st = flow_next(r, &rec, &derr)) != FLOW_END) {
		if (++steps > SWEEP_MAX_STEPS) {
			snprintf(sweep_msg, sizeof(sweep_msg), "%s: no end "
			    "after %llu steps", path, steps);
			flow_close(r);
			input_close(in);
			return -1;
		}
		if (st == FLOW_OK)
			(*n)++;
	}
	/* The end is final. */
	st = flow_next(r, &rec, &derr);
	flow_close(r);
	input_close(in);
	if (st != FLOW_END) {
		snprintf(sweep_msg, sizeof(sweep_msg), "%s: flow_next after "
		    "FLOW_END returned %d", path, (int)st);
		return -1;
	}
	return 0;
}

/* Flows from path after the unit's earlier files, through one session. */
static int
decode_in_unit(const struct sweep *sw, const char *path, long long *n)
{
	struct flow_session	*s;
	struct decode_error	 derr;
	long long		 m;
	size_t			 i;
	unsigned long long	 steps = 0;
	int			 rc = 0;

	if ((s = flow_session_new()) == NULL) {
		snprintf(sweep_msg, sizeof(sweep_msg), "out of memory");
		return -1;
	}
	for (i = 0; rc == 0 && sw->unit != NULL && i < sw->pos; i++) {
		char *p = xasprintf(DATADIR "/%s", sw->unit->files[i]);

		rc = decode_file(p, s, &m);
		free(p);
	}
	if (rc == 0)
		rc = decode_file(path, s, n);
	while (rc == 0 && flow_session_finish(s, &derr) == FLOW_SKIP)
		if (++steps > SWEEP_MAX_STEPS) {
			snprintf(sweep_msg, sizeof(sweep_msg), "%s: "
			    "flow_session_finish does not end", path);
			rc = -1;
		}
	flow_session_free(s);
	return rc;
}

/*
 * One worker: the strict prefixes ofs[w], ofs[w + WORKERS], ... of data
 * (descending), each in a file of its own, truncated step by step.
 */
static int
sweep_worker(const struct sweep *sw, const char *data, size_t len,
    const size_t *ofs, size_t nofs, size_t w, long long whole)
{
	char		*path, name[32];
	size_t		 i;
	long long	 n;
	int		 fd, rc = 0;

	snprintf(name, sizeof(name), "prefix.%zu", w);
	path = tmp_path(name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, data, len) != (ssize_t)len) {
		snprintf(sweep_msg, sizeof(sweep_msg), "%s: %s", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	for (i = w; rc == 0 && i < nofs; i += SWEEP_WORKERS) {
		if (ftruncate(fd, (off_t)ofs[i]) == -1) {
			snprintf(sweep_msg, sizeof(sweep_msg), "ftruncate: %s",
			    strerror(errno));
			rc = -1;
			break;
		}
		if ((rc = decode_in_unit(sw, path, &n)) != 0)
			break;
		if (n > whole) {
			snprintf(sweep_msg, sizeof(sweep_msg), "%s: the first "
			    "%zu of %zu bytes yield %lld flows, the whole file "
			    "%lld", sw->file, ofs[i], len, n, whole);
			rc = -1;
		}
	}
	close(fd);
	free(path);
	return rc;
}

/*
 * The prefix lengths to decode, descending.  The full plan: every one
 * for a file up to 4 KiB; else those of the first and last 4 KiB and
 * 1024 evenly spaced between.  Each prefix costs an input_open(), whose
 * 7 MiB of buffers take over 1 ms under AddressSanitizer (50 us
 * without), so a sanitized build runs a thinner plan unless
 * LIGHTSOUT_SWEEP=full: the first 384 and the last 128 lengths and 128
 * evenly spaced between (about 88000 decodes, 50 s on 2 cores).
 */
static size_t *
sweep_offsets(size_t len, size_t *nofs)
{
	size_t		 head = 4096, tail = 4096, mid = 1024, i;
	size_t		*ofs;
	unsigned char	*pick;
	const char	*env = getenv("LIGHTSOUT_SWEEP");

#if defined(__SANITIZE_ADDRESS__)
	if (env == NULL || strcmp(env, "full") != 0) {
		head = 384;
		tail = 128;
		mid = 128;
	}
#else
	(void)env;
#endif
	pick = xmalloc(len + 1);
	memset(pick, len <= head + tail, len + 1);
	if (len > head + tail) {
		for (i = 0; i < head; i++)
			pick[i] = 1;
		for (i = 0; i < tail; i++)
			pick[len - 1 - i] = 1;
		for (i = 1; i <= mid; i++)
			pick[(len - 1) * i / (mid + 1)] = 1;
	}
	ofs = xmalloc((len + 1) * sizeof(*ofs));
	*nofs = 0;
	for (i = len; i-- > 0;)
		if (pick[i])
			ofs[(*nofs)++] = i;
	free(pick);
	return ofs;
}

static void
test_sweep(void **state)
{
	const struct sweep *sw = *state;
	char		*full, *data;
	size_t		 len, i, nofs;
	size_t		*ofs;
	long long	 whole;
	pid_t		 pid[SWEEP_WORKERS];
	int		 status, failed = 0;

	for (i = 0; sweep_bugs[i].file != NULL; i++)
		if (strcmp(sweep_bugs[i].file, sw->file) == 0) {
			fprintf(stderr, "BUG: %s: %s\n", sw->file,
			    sweep_bugs[i].why);
			skip();
		}
	full = xasprintf(DATADIR "/%s", sw->file);
	data = slurp(full, &len);
	assert_non_null(data);
	if (decode_in_unit(sw, full, &whole) != 0)
		fail_msg("%s", sweep_msg);
	ofs = sweep_offsets(len, &nofs);

	fflush(NULL);
	for (i = 0; i < SWEEP_WORKERS; i++) {
		if ((pid[i] = fork()) == -1)
			fail_msg("fork: %s", strerror(errno));
		if (pid[i] == 0) {
			alarm(600);
			if (sweep_worker(sw, data, len, ofs, nofs, i,
			    whole) != 0) {
				fprintf(stderr, "%s\n", sweep_msg);
				fflush(stderr);
				_exit(1);
			}
			_exit(0);
		}
	}
	for (i = 0; i < SWEEP_WORKERS; i++) {
		while (waitpid(pid[i], &status, 0) == -1)
			if (errno != EINTR)
				fail_msg("waitpid: %s", strerror(errno));
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "%s: sweep worker %zu: %s %d\n",
			    sw->file, i, WIFSIGNALED(status) ? "signal" :
			    "exit", WIFSIGNALED(status) ? WTERMSIG(status) :
			    WEXITSTATUS(status));
			failed = 1;
		}
	}
	free(ofs);
	free(data);
	free(full);
	if (failed)
		fail_msg("%s: a prefix failed (see above)", sw->file);
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sweep's files: sorted, each with its unit when it has one. */
static struct sweep *
load_sweep(size_t *n)
{
	static const char *const dirs[] = { "", "nfdump/" };
	struct sweep	*sw = NULL;
	char		**names = NULL, *d;
	size_t		 nn = 0, i, u, f, di;
	DIR		*dp;
	struct dirent	*de;

	for (di = 0; di < 2; di++) {
		d = xasprintf(DATADIR "/%s", dirs[di]);
		if ((dp = opendir(d)) == NULL)
			fail_msg("%s: %s", d, strerror(errno));
		while ((de = readdir(dp)) != NULL) {
			if (!(di == 0 && (has_suffix(de->d_name, ".pcap") ||
			    has_suffix(de->d_name, ".dat") ||
			    has_suffix(de->d_name, ".ipfix"))) &&
			    !(di == 1 && has_suffix(de->d_name, ".csv")))
				continue;
			names = xrealloc(names, (nn + 1) * sizeof(*names));
			names[nn++] = xasprintf("%s%s", dirs[di], de->d_name);
		}
		closedir(dp);
		free(d);
	}
	qsort(names, nn, sizeof(*names), cmp_str);
	sw = xmalloc((nn + 1) * sizeof(*sw));
	for (i = 0; i < nn; i++) {
		sw[i].file = names[i];
		sw[i].unit = NULL;
		sw[i].pos = 0;
		sw[i].name = xasprintf("sweep %s", names[i]);
		for (u = 0; u < nunits && sw[i].unit == NULL; u++)
			for (f = 0; f < units[u].nfiles; f++)
				if (strcmp(units[u].files[f], names[i]) == 0) {
					sw[i].unit = &units[u];
					sw[i].pos = f;
					break;
				}
	}
	free(names);
	*n = nn;
	return sw;
}

/* ---- Main ------------------------------------------------------------- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
setup_tmp(void **state)
{
	(void)state;
	return 0;
}

int
main(void)
{
	struct CMUnitTest	*ut, *st;
	struct sweep		*sw;
	const char		*env;
	size_t			 i, nsw, nu = 0;
	int			 failed = 0;
	char			*cmd;
	double			 t0, t1, t2, t3;
	const struct CMUnitTest dump_tests[] = {
		cmocka_unit_test(test_filter_src_dst),
		cmocka_unit_test(test_filter_proto_port),
		cmocka_unit_test(test_filter_time),
		cmocka_unit_test(test_filter_nfdump_csv),
		cmocka_unit_test(test_not_applicable),
		cmocka_unit_test(test_mixing),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_truncated_pcap),
		cmocka_unit_test(test_corrupt_ipfix_set),
		cmocka_unit_test(test_ipfix_error_unit),
		cmocka_unit_test(test_notes),
	};

	if ((env = getenv("LIGHTSOUT_BIN")) != NULL && *env != '\0')
		lightsout_bin = env;
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	load_units();
	(void)mkdir(GOLDEN_DIR, 0755);

	ut = xmalloc((nunits + 1) * sizeof(*ut));
	ut[nu++] = (struct CMUnitTest){
		.name = "units loaded",
		.test_func = test_units_loaded,
	};
	for (i = 0; i < nunits; i++)
		ut[nu++] = (struct CMUnitTest){
			.name = units[i].name,
			.test_func = test_unit,
			.initial_state = &units[i],
		};
	sw = load_sweep(&nsw);
	st = xmalloc((nsw + 1) * sizeof(*st));
	for (i = 0; i < nsw; i++)
		st[i] = (struct CMUnitTest){
			.name = sw[i].name,
			.test_func = test_sweep,
			.initial_state = &sw[i],
		};

	t0 = now();
	failed += _cmocka_run_group_tests("units", ut, nu, setup_tmp, NULL);
	t1 = now();
	failed += cmocka_run_group_tests_name("dump", dump_tests, NULL, NULL);
	t2 = now();
	failed += _cmocka_run_group_tests("sweep", st, nsw, NULL, NULL);
	t3 = now();
	fprintf(stderr, "time: units %.1f s, dump %.1f s, sweep %.1f s\n",
	    t1 - t0, t2 - t1, t3 - t2);

	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	for (i = 0; i < nsw; i++) {
		free(sw[i].file);
		free(sw[i].name);
	}
	free(sw);
	free(st);
	free(ut);
	for (i = 0; i < nunits; i++) {
		size_t k;

		for (k = 0; k < units[i].nfiles; k++)
			free(units[i].files[k]);
		free(units[i].files);
		free(units[i].name);
		free(units[i].args);
	}
	free(units);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
