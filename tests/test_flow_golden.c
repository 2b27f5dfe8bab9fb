/*
 * test_flow_golden.c -- the flow decoders against tshark 4.0.17 on the
 * real samples of tests/data/flows.
 *
 * tests/data/flows/units.tsv lists the decode units: files decoded in
 * order through one flow_session (templates first), as the MANIFEST
 * says, and the file in expected/ holding tshark's decoding of the same
 * packets (one row per flow record that has an address, port or octet
 * field; made with tshark -T pdml and the sample set's pdml2records).
 * For every unit, lightsout's flow records must equal tshark's rows
 * field by field: frame number, version, observation domain / source
 * id, template id, addresses, ports, protocol, octets, packets, start
 * and end (uptime-relative seconds as sent, or absolute time to the
 * millisecond), interfaces, TCP flags, ASes and next hop.  An empty
 * field on one side must be empty on the other: nothing is invented.
 *
 * Where tshark is wrong, tests/data/flows/tshark-differences.tsv says
 * so, row by row: the unit, the row (from 1), the field, tshark's value
 * and lightsout's.  Each listed difference must be met exactly, and
 * every other field must agree.  Units where tshark decodes nothing
 * that lightsout decodes (data before its template) list lightsout's
 * extra rows there too, as "extra".
 *
 * Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>

#include <cmocka.h>
#include <csv.h>

#include "parsers/flow.h"
#include "parsers/input.h"
#include "parsers/netflow.h"

#define DATADIR		"tests/data/flows"
#define UNITS		DATADIR "/units.tsv"
#define DIFFERENCES	DATADIR "/tshark-differences.tsv"

/* The columns of the expected records files, in order. */
enum column {
	C_FRAME, C_FRAME_TIME, C_VERSION, C_DOMAIN, C_TEMPLATE, C_SRC, C_DST,
	C_SRC_PORT, C_DST_PORT, C_PROTO, C_OCTETS, C_PACKETS, C_START, C_END,
	C_IN_IF, C_OUT_IF, C_TCP_FLAGS, C_SRC_AS, C_DST_AS, C_NEXT_HOP,
	NCOLUMNS
};

static const char *const column_names[NCOLUMNS] = {
	"frame", "frame_time_epoch", "cflow_version",
	"obs_domain_or_source_id", "flowset_or_template_id", "srcaddr",
	"dstaddr", "srcport", "dstport", "protocol", "octets", "packets",
	"start", "end", "inputint", "outputint", "tcpflags", "srcas", "dstas",
	"nexthop",
};

#define FIELD_MAX	64

/* One flow record in canonical text, field by field. */
struct row {
	char	f[NCOLUMNS][FIELD_MAX];
};

struct rows {
	struct row	*v;
	size_t		 n, cap;
};

struct unit {
	char	*name;
	char	*files;		/* space-separated */
	char	*expected;
	long	 count;
};

struct difference {
	char	*unit;
	long	 row;		/* from 1 */
	long	 last_row;	/* "11-21": a range of extra rows */
	char	*field;		/* a column name, or "extra" */
	char	*tshark;
	char	*lightsout;
	int	 met;
};

static struct unit *units;
static size_t nunits;
static struct difference *diffs;
static size_t ndiffs;

static struct row *
rows_add(struct rows *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = realloc(r->v, r->cap * sizeof(*r->v));
		assert_non_null(r->v);
	}
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	return &r->v[r->n++];
}

static void
setf(struct row *row, enum column c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(row->f[c], FIELD_MAX, fmt, ap);
	va_end(ap);
}

/* Canonical forms, so that "0x0018" and "0x18" compare equal. */
static void
canon_hex(char *s)
{
	unsigned long v;

	if (*s == '\0')
		return;
	v = strtoul(s, NULL, 16);
	snprintf(s, FIELD_MAX, "%lu", v);
}

/*
 * tshark's times: "116800.990000000 seconds" (relative to sysUpTime)
 * becomes "up116800990" (ms); "Jun  4, 2023 08:39:53.216000000 UTC"
 * becomes "at<unix ms>", the nanoseconds cut to milliseconds.
 */
static void
canon_time(char *s)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char mon[4];
	struct tm tm;
	int day, year, hour, min, sec, i;
	long long whole;
	char frac[16];

	if (*s == '\0')
		return;
	if (strstr(s, " seconds") != NULL) {
		if (sscanf(s, "%lld.%3s", &whole, frac) != 2)
			fail_msg("bad relative time '%s'", s);
		snprintf(s, FIELD_MAX, "up%lld", whole * 1000 + atoi(frac));
		return;
	}
	if (sscanf(s, "%3s %d, %d %d:%d:%d.%3s", mon, &day, &year, &hour, &min,
	    &sec, frac) != 7)
		fail_msg("bad absolute time '%s'", s);
	memset(&tm, 0, sizeof(tm));
	for (i = 0; i < 12; i++)
		if (strcmp(mon, months[i]) == 0)
			tm.tm_mon = i;
	tm.tm_year = year - 1900;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	snprintf(s, FIELD_MAX, "at%lld", (long long)timegm(&tm) * 1000 +
	    atoi(frac));
}

static void
canon_expected(struct row *row)
{
	canon_hex(row->f[C_TCP_FLAGS]);
	canon_time(row->f[C_START]);
	canon_time(row->f[C_END]);
	row->f[C_FRAME_TIME][0] = '\0';	/* text2pcap's clock for .dat */
}

static void
addr_text(const struct ip_addr *a, char *out)
{
	char buf[64];

	out[0] = '\0';
	if (a->afi == AFI_IPV4)
		snprintf(out, FIELD_MAX, "%u.%u.%u.%u", a->bytes[0],
		    a->bytes[1], a->bytes[2], a->bytes[3]);
	else if (a->afi == AFI_IPV6) {
		if (inet_ntop(AF_INET6, a->bytes, buf, sizeof(buf)) != NULL)
			snprintf(out, FIELD_MAX, "%s", buf);
	}
}

/* Does tshark's row filter keep this record (address, port or octets)? */
static int
has_flow_fields(const struct flow_record *f)
{
	return f->src.afi != 0 || f->dst.afi != 0 ||
	    (f->present & (FLOW_HAS_SRC_PORT | FLOW_HAS_DST_PORT |
	    FLOW_HAS_BYTES)) != 0;
}

static void
opt(struct row *row, enum column c, const struct flow_record *f,
    uint32_t bit, unsigned long long v)
{
	if (f->present & bit)
		setf(row, c, "%llu", v);
}

static void
canon_record(struct row *row, const struct flow_record *f, uint64_t frame)
{
	setf(row, C_FRAME, "%llu", (unsigned long long)frame);
	setf(row, C_VERSION, "%u", f->version);
	if (f->version != 5) {
		opt(row, C_DOMAIN, f, FLOW_HAS_DOMAIN, f->domain);
		opt(row, C_TEMPLATE, f, FLOW_HAS_TEMPLATE, f->template_id);
	}
	addr_text(&f->src, row->f[C_SRC]);
	addr_text(&f->dst, row->f[C_DST]);
	opt(row, C_SRC_PORT, f, FLOW_HAS_SRC_PORT, f->src_port);
	opt(row, C_DST_PORT, f, FLOW_HAS_DST_PORT, f->dst_port);
	opt(row, C_PROTO, f, FLOW_HAS_PROTO, f->proto);
	opt(row, C_OCTETS, f, FLOW_HAS_BYTES, f->bytes);
	opt(row, C_PACKETS, f, FLOW_HAS_PACKETS, f->packets);
	if (f->present & FLOW_HAS_UPTIME) {
		setf(row, C_START, "up%lu", (unsigned long)f->start_uptime_ms);
		setf(row, C_END, "up%lu", (unsigned long)f->end_uptime_ms);
	} else {
		if (f->present & FLOW_HAS_START)
			setf(row, C_START, "at%lld", (long long)f->start_ms);
		if (f->present & FLOW_HAS_END)
			setf(row, C_END, "at%lld", (long long)f->end_ms);
	}
	opt(row, C_IN_IF, f, FLOW_HAS_IN_IF, f->in_if);
	opt(row, C_OUT_IF, f, FLOW_HAS_OUT_IF, f->out_if);
	opt(row, C_TCP_FLAGS, f, FLOW_HAS_TCP_FLAGS, f->tcp_flags);
	opt(row, C_SRC_AS, f, FLOW_HAS_SRC_AS, f->src_as);
	opt(row, C_DST_AS, f, FLOW_HAS_DST_AS, f->dst_as);
	addr_text(&f->next_hop, row->f[C_NEXT_HOP]);
}

/* Decode a unit's files in order through one session. */
static void
decode_unit(const struct unit *u, struct rows *out)
{
	struct flow_session *session;
	struct decode_error derr;
	char *files, *name, *save = NULL;
	uint64_t base = 0;

	session = flow_session_new();
	assert_non_null(session);
	files = strdup(u->files);
	assert_non_null(files);
	for (name = strtok_r(files, " ", &save); name != NULL;
	    name = strtok_r(NULL, " ", &save)) {
		char path[512], err[512];
		struct input *in;
		struct flow_reader *r;
		const struct flow_record *rec;
		enum flow_status st;

		snprintf(path, sizeof(path), DATADIR "/%s", name);
		in = input_open(path, err, sizeof(err));
		if (in == NULL)
			fail_msg("%s", err);
		r = flow_open(in, session, err, sizeof(err));
		if (r == NULL)
			fail_msg("%s", err);
		while ((st = flow_next(r, &rec, &derr)) != FLOW_END) {
			if (st == FLOW_SKIP)
				continue;
			if (has_flow_fields(rec))
				canon_record(rows_add(out), rec,
				    base + rec->packet_no);
		}
		base += flow_stats(r)->records;
		flow_close(r);
		input_close(in);
	}
	while (flow_session_finish(session, &derr) == FLOW_SKIP)
		;
	flow_session_free(session);
	free(files);
}

struct csv_state {
	struct rows	*rows;
	struct row	*cur;
	int		 col;
	long		 line;
};

static void
csv_field(void *data, size_t len, void *arg)
{
	struct csv_state *st = arg;

	if (st->cur == NULL)
		st->cur = rows_add(st->rows);
	if (st->col < NCOLUMNS) {
		if (len >= FIELD_MAX)
			len = FIELD_MAX - 1;
		memcpy(st->cur->f[st->col], data, len);
		st->cur->f[st->col][len] = '\0';
	}
	st->col++;
}

static void
csv_row(int c, void *arg)
{
	struct csv_state *st = arg;

	(void)c;
	if (st->cur != NULL && st->col != NCOLUMNS)
		fail_msg("expected row %ld has %d fields", st->line, st->col);
	st->line++;
	st->cur = NULL;
	st->col = 0;
}

/* tshark's rows, header dropped, in canonical form. */
static void
read_expected(const char *file, struct rows *out)
{
	char path[512], buf[8192];
	struct csv_parser p;
	struct csv_state st = { out, NULL, 0, 0 };
	struct rows all = { NULL, 0, 0 };
	FILE *fp;
	size_t n, i;

	snprintf(path, sizeof(path), DATADIR "/expected/%s", file);
	fp = fopen(path, "rb");
	if (fp == NULL)
		fail_msg("%s: cannot open", path);
	st.rows = &all;
	assert_int_equal(csv_init(&p, 0), 0);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		assert_int_equal(csv_parse(&p, buf, n, csv_field, csv_row,
		    &st), n);
	csv_fini(&p, csv_field, csv_row, &st);
	csv_free(&p);
	fclose(fp);
	assert_true(all.n >= 1);
	assert_string_equal(all.v[0].f[C_FRAME], "frame");
	for (i = 1; i < all.n; i++) {
		struct row *r = rows_add(out);

		*r = all.v[i];
		canon_expected(r);
	}
	free(all.v);
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

static void
load_units(void)
{
	char line[2048];
	FILE *fp = fopen(UNITS, "r");

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *f[4], *save = NULL;
		int n = 0;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (f[n] = strtok_r(line, "\t", &save); f[n] != NULL && n < 3;
		    f[++n] = strtok_r(NULL, "\t", &save))
			;
		assert_int_equal(n, 3);
		assert_non_null(f[3]);
		units = realloc(units, (nunits + 1) * sizeof(*units));
		assert_non_null(units);
		units[nunits].name = xstrdup(f[0]);
		units[nunits].files = xstrdup(f[1]);
		units[nunits].expected = xstrdup(f[2]);
		units[nunits].count = atol(f[3]);
		nunits++;
	}
	fclose(fp);
}

/* unit, row, field, tshark's value, lightsout's value; '-' for empty. */
static void
load_differences(void)
{
	char line[2048];
	FILE *fp = fopen(DIFFERENCES, "r");

	if (fp == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *f[5], *save = NULL;
		int n = 0, i;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (f[n] = strtok_r(line, "\t", &save); f[n] != NULL && n < 4;
		    f[++n] = strtok_r(NULL, "\t", &save))
			;
		assert_int_equal(n, 4);
		assert_non_null(f[4]);
		for (i = 3; i < 5; i++)
			if (strcmp(f[i], "-") == 0)
				f[i] = "";
		diffs = realloc(diffs, (ndiffs + 1) * sizeof(*diffs));
		assert_non_null(diffs);
		diffs[ndiffs].unit = xstrdup(f[0]);
		diffs[ndiffs].row = atol(f[1]);
		diffs[ndiffs].last_row = strchr(f[1], '-') != NULL ?
		    atol(strchr(f[1], '-') + 1) : diffs[ndiffs].row;
		diffs[ndiffs].field = xstrdup(f[2]);
		diffs[ndiffs].tshark = xstrdup(f[3]);
		diffs[ndiffs].lightsout = xstrdup(f[4]);
		diffs[ndiffs].met = 0;
		ndiffs++;
	}
	fclose(fp);
}

static struct difference *
find_difference(const char *unit, long row, const char *field)
{
	size_t i;

	for (i = 0; i < ndiffs; i++)
		if (diffs[i].row <= row && row <= diffs[i].last_row &&
		    strcmp(diffs[i].unit, unit) == 0 &&
		    strcmp(diffs[i].field, field) == 0)
			return &diffs[i];
	return NULL;
}

/*
 * Compare one unit; returns the number of unexplained mismatches, each
 * printed.  Rows beyond tshark's are "extra" and must be listed.
 */
static int
compare_unit(const struct unit *u)
{
	struct rows mine = { NULL, 0, 0 }, theirs = { NULL, 0, 0 };
	struct difference *d;
	size_t i;
	int c, bad = 0;

	decode_unit(u, &mine);
	read_expected(u->expected, &theirs);
	if ((long)theirs.n != u->count) {
		print_error("%s: expected file has %zu rows, units.tsv says "
		    "%ld\n", u->name, theirs.n, u->count);
		bad++;
	}
	for (i = 0; i < mine.n || i < theirs.n; i++) {
		long rowno = (long)i + 1;

		if (i >= theirs.n) {
			d = find_difference(u->name, rowno, "extra");
			if (d == NULL) {
				print_error("%s row %ld: lightsout has a record "
				    "tshark lacks (frame %s %s -> %s)\n",
				    u->name, rowno, mine.v[i].f[C_FRAME],
				    mine.v[i].f[C_SRC], mine.v[i].f[C_DST]);
				bad++;
			} else
				d->met++;
			continue;
		}
		if (i >= mine.n) {
			print_error("%s row %ld: tshark has a record lightsout "
			    "lacks (frame %s %s -> %s)\n", u->name, rowno,
			    theirs.v[i].f[C_FRAME], theirs.v[i].f[C_SRC],
			    theirs.v[i].f[C_DST]);
			bad++;
			continue;
		}
		for (c = 0; c < NCOLUMNS; c++) {
			const char *a = theirs.v[i].f[c], *b = mine.v[i].f[c];

			if (c == C_FRAME_TIME)
				continue;
			d = find_difference(u->name, rowno, column_names[c]);
			if (d != NULL) {
				if (strcmp(d->tshark, a) == 0 &&
				    strcmp(d->lightsout, b) == 0)
					d->met++;
				else {
					print_error("%s row %ld %s: listed "
					    "difference not met: tshark '%s' "
					    "lightsout '%s'\n", u->name, rowno,
					    column_names[c], a, b);
					bad++;
				}
				continue;
			}
			if (strcmp(a, b) != 0) {
				print_error("%s row %ld (frame %s) %s: tshark "
				    "'%s' lightsout '%s'\n", u->name, rowno,
				    theirs.v[i].f[C_FRAME], column_names[c],
				    a, b);
				bad++;
			}
		}
	}
	free(mine.v);
	free(theirs.v);
	return bad;
}

static void
test_units_listed(void **state)
{
	(void)state;
	/* 69 tshark units and 3 RFC 5655 files built from their payloads */
	assert_true(nunits >= 72);
}

static void
test_every_unit(void **state)
{
	size_t i;
	int bad = 0, units_bad = 0;

	(void)state;
	for (i = 0; i < nunits; i++) {
		int b = compare_unit(&units[i]);

		bad += b;
		units_bad += b > 0;
	}
	if (bad > 0)
		fail_msg("%d mismatches in %d of %zu units", bad, units_bad,
		    nunits);
}

static void
test_every_difference_met(void **state)
{
	size_t i;
	int unmet = 0;

	(void)state;
	for (i = 0; i < ndiffs; i++)
		diffs[i].met = 0;
	for (i = 0; i < nunits; i++)
		(void)compare_unit(&units[i]);
	for (i = 0; i < ndiffs; i++)
		if (diffs[i].met != diffs[i].last_row - diffs[i].row + 1) {
			print_error("difference not met: %s row %ld %s\n",
			    diffs[i].unit, diffs[i].row, diffs[i].field);
			unmet++;
		}
	assert_int_equal(unmet, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units_listed),
		cmocka_unit_test(test_every_unit),
		cmocka_unit_test(test_every_difference_met),
	};

	load_units();
	load_differences();
	return cmocka_run_group_tests_name("flow_golden", tests, NULL, NULL);
}
