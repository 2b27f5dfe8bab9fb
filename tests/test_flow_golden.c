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
 * Records that carry a sampled packet's headers instead of flow fields
 * (IPFIX dataLinkFrameSection) are left out of tshark's rows; the fields
 * lightsout reads from those headers are checked against
 * tests/data/flows/sampled-headers.tsv, transcribed from tshark -V.
 *
 * Group "live": when tshark is on PATH, each unit's packets are put in
 * one capture as the sample set did (mergecap -a for captures; od and
 * text2pcap for raw datagrams), decoded by the installed tshark with
 * -T fields, and compared with expected/UNIT.tshark-fields.csv, made by
 * tshark 4.0.17 the same way: so the decoding lightsout is held to above
 * is what the installed tshark prints.  Then, frame by frame, the
 * addresses, ports, octets and packets of lightsout's records of that
 * frame must all be among those tshark lists, as multisets (tshark's -T
 * fields lists each field apart, biflow reverse counters and zero
 * addresses of the other family included, so records cannot be matched
 * one to one), in the frames where no difference is listed.
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
#include <unistd.h>

#include <arpa/inet.h>

#include <cmocka.h>
#include <csv.h>

#include "parsers/flow.h"
#include "parsers/input.h"
#include "parsers/netflow.h"

#define DATADIR		"tests/data/flows"
#define UNITS		DATADIR "/units.tsv"
#define DIFFERENCES	DATADIR "/tshark-differences.tsv"
#define SAMPLED		DATADIR "/sampled-headers.tsv"

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
	/* tshark shows a time as it was sent: relative or absolute. */
	if (f->present & FLOW_HAS_START_UPTIME)
		setf(row, C_START, "up%lu", (unsigned long)f->start_uptime_ms);
	else if (f->present & FLOW_HAS_START)
		setf(row, C_START, "at%lld", (long long)f->start_ms);
	if (f->present & FLOW_HAS_END_UPTIME)
		setf(row, C_END, "up%lu", (unsigned long)f->end_uptime_ms);
	else if (f->present & FLOW_HAS_END)
		setf(row, C_END, "at%lld", (long long)f->end_ms);
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

/* ---- live comparison with the installed tshark ---- */

static int
on_path(const char *prog)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", prog);
	return system(cmd) == 0;
}

/* The ports the sample set told tshark to decode as NetFlow/IPFIX. */
#define TSHARK_PORTS	"-d udp.port==9990,cflow -d udp.port==9991,cflow " \
			"-d udp.port==9992,cflow -d udp.port==2100,cflow " \
			"-d udp.port==8096,cflow"
#define TSHARK_FIELDS	"-e frame.number -e frame.time_epoch " \
	"-e cflow.version -e cflow.count -e cflow.od_id -e cflow.source_id " \
	"-e cflow.template_id -e cflow.srcaddr -e cflow.srcaddrv6 " \
	"-e cflow.dstaddr -e cflow.dstaddrv6 -e cflow.srcport " \
	"-e cflow.dstport -e cflow.protocol -e cflow.octets -e cflow.packets " \
	"-e cflow.abstimestart -e cflow.abstimeend"

enum { TF_FRAME, TF_TIME, TF_VERSION, TF_COUNT, TF_OD, TF_SOURCE_ID,
	TF_TEMPLATE, TF_SRC4, TF_SRC6, TF_DST4, TF_DST6, TF_SRC_PORT,
	TF_DST_PORT, TF_PROTO, TF_OCTETS, TF_PACKETS, TF_START, TF_END,
	TF_NCOLUMNS };

/* Build the unit's capture in dir; returns its path (static storage). */
static const char *
unit_capture(const struct unit *u, const char *dir, int *synthetic)
{
	static char path[1024];
	char cmd[8192], *files, *name, *save = NULL;
	size_t n;

	*synthetic = strstr(u->files, ".dat") != NULL;
	snprintf(path, sizeof(path), "%s/unit.pcap", dir);
	files = xstrdup(u->files);
	if (*synthetic) {
		n = (size_t)snprintf(cmd, sizeof(cmd), "(");
		for (name = strtok_r(files, " ", &save); name != NULL;
		    name = strtok_r(NULL, " ", &save))
			n += (size_t)snprintf(cmd + n, sizeof(cmd) - n,
			    "od -Ax -tx1 -v " DATADIR "/%s; ", name);
		snprintf(cmd + n, sizeof(cmd) - n, ") | text2pcap -q -4 "
		    "192.0.2.1,192.0.2.2 -u 2055,2055 - %s", path);
	} else if (strchr(u->files, ' ') == NULL) {
		snprintf(path, sizeof(path), DATADIR "/%s", u->files);
		free(files);
		return path;
	} else {
		n = (size_t)snprintf(cmd, sizeof(cmd), "mergecap -a -w %s",
		    path);
		for (name = strtok_r(files, " ", &save); name != NULL;
		    name = strtok_r(NULL, " ", &save))
			n += (size_t)snprintf(cmd + n, sizeof(cmd) - n,
			    " " DATADIR "/%s", name);
	}
	free(files);
	n = strlen(cmd);
	snprintf(cmd + n, sizeof(cmd) - n, " >/dev/null 2>&1");
	if (system(cmd) != 0)
		fail_msg("%s: failed", cmd);
	return path;
}

/* Split one -T fields line (quoted, comma-separated) into columns. */
static int
split_fields(char *line, char **col, int max)
{
	int n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		if (*p == '"') {
			col[n++] = ++p;
			p = strchr(p, '"');
			if (p == NULL)
				return -1;
			*p++ = '\0';
		} else {
			col[n++] = p;
			p += strcspn(p, ",");
		}
		if (*p == '\0')
			break;
		if (*p != ',')
			return -1;
		*p++ = '\0';
	}
	return n;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "a|b" lists of several columns, joined and sorted, as one string. */
static void
multiset(char **cols, const int *which, int nwhich, char *out, size_t len)
{
	char buf[65536], *items[4096], *p, *save = NULL;
	size_t nitems = 0, i, o = 0;
	int w;

	buf[0] = '\0';
	for (w = 0; w < nwhich; w++) {
		if (*cols[which[w]] == '\0')
			continue;
		if (buf[0] != '\0')
			strncat(buf, "|", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, cols[which[w]], sizeof(buf) - strlen(buf) - 1);
	}
	for (p = strtok_r(buf, "|", &save); p != NULL && nitems < 4096;
	    p = strtok_r(NULL, "|", &save))
		items[nitems++] = p;
	qsort(items, nitems, sizeof(items[0]), cmp_str);
	out[0] = '\0';
	for (i = 0; i < nitems && o < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? "|" : "",
		    items[i]);
}

/* Is any difference listed for a row of this frame? */
static int
frame_has_listed_difference(const struct unit *u, const struct rows *mine,
    const char *frame)
{
	size_t i, k;

	for (i = 0; i < mine->n; i++) {
		if (strcmp(mine->v[i].f[C_FRAME], frame) != 0)
			continue;
		for (k = 0; k < ndiffs; k++)
			if (strcmp(diffs[k].unit, u->name) == 0 &&
			    diffs[k].row <= (long)i + 1 &&
			    (long)i + 1 <= diffs[k].last_row)
				return 1;
	}
	return 0;
}

/*
 * Is every item of the sorted '|' list small also in big (as a
 * multiset)?  tshark lists more than one record's worth of some fields:
 * the reverse counters of RFC 5103 biflows under cflow.octets, and both
 * address families where a template carries both, one of them zero.
 */
static int
sub_multiset(const char *small, const char *big)
{
	char a[65536], b[65536], *pa, *pb, *sa = NULL, *sb = NULL;
	int c;

	snprintf(a, sizeof(a), "%s", small);
	snprintf(b, sizeof(b), "%s", big);
	pb = strtok_r(b, "|", &sb);
	for (pa = strtok_r(a, "|", &sa); pa != NULL;
	    pa = strtok_r(NULL, "|", &sa)) {
		while (pb != NULL && (c = strcmp(pb, pa)) < 0)
			pb = strtok_r(NULL, "|", &sb);
		if (pb == NULL || strcmp(pb, pa) != 0)
			return 0;
		pb = strtok_r(NULL, "|", &sb);
	}
	return 1;
}

/* Our records of one frame as the same multisets. */
static void
our_frame(const struct rows *mine, const char *frame, int col0, int col1,
    char *out, size_t len)
{
	char buf[65536], *cols[1];
	int which[1] = { 0 };
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < mine->n; i++) {
		if (strcmp(mine->v[i].f[C_FRAME], frame) != 0)
			continue;
		if (*mine->v[i].f[col0] != '\0')
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
			    o ? "|" : "", mine->v[i].f[col0]);
		if (col1 >= 0 && *mine->v[i].f[col1] != '\0')
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
			    o ? "|" : "", mine->v[i].f[col1]);
	}
	cols[0] = buf;
	multiset(cols, which, 1, out, len);
}


/* tshark's -T fields lines of a unit, as recorded: one per frame. */
struct fields {
	char	**lines;	/* owned; cols point into them */
	char	*(*cols)[TF_NCOLUMNS];
	size_t	  n;
};

static void
fields_load(const struct unit *u, struct fields *f)
{
	char path[512], *line = NULL;
	size_t cap = 0, len;
	FILE *fp;

	memset(f, 0, sizeof(*f));
	len = strlen(u->expected) - strlen(".records.csv");
	snprintf(path, sizeof(path), DATADIR "/expected/%.*s.tshark-fields.csv",
	    (int)len, u->expected);
	fp = fopen(path, "r");
	if (fp == NULL)
		fail_msg("%s: cannot open", path);
	while (getline(&line, &cap, fp) > 0) {
		f->lines = realloc(f->lines, (f->n + 1) * sizeof(*f->lines));
		f->cols = realloc(f->cols, (f->n + 1) * sizeof(*f->cols));
		assert_non_null(f->lines);
		assert_non_null(f->cols);
		f->lines[f->n] = xstrdup(line);
		if (split_fields(f->lines[f->n], f->cols[f->n], TF_NCOLUMNS) !=
		    TF_NCOLUMNS)
			fail_msg("%s: bad line %zu", path, f->n + 1);
		f->n++;
	}
	free(line);
	fclose(fp);
}

static void
fields_free(struct fields *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->lines[i]);
	free(f->lines);
	free(f->cols);
}

static char **
fields_frame(const struct fields *f, const char *frame)
{
	size_t i;

	for (i = 1; i < f->n; i++)
		if (strcmp(f->cols[i][TF_FRAME], frame) == 0)
			return f->cols[i];
	return NULL;
}

/* Is addr one of the '|' items of the two columns? */
static int
listed(char **cols, int a, int b, const char *addr)
{
	char buf[65536], *p, *save = NULL;

	snprintf(buf, sizeof(buf), "%s|%s", cols[a], cols[b]);
	for (p = strtok_r(buf, "|", &save); p != NULL;
	    p = strtok_r(NULL, "|", &save))
		if (strcmp(p, addr) == 0)
			return 1;
	return 0;
}

/*
 * Some templates carry both address families.  tshark's row shows the
 * first address field of the template; lightsout takes the family whose
 * addresses are set (see netflow.c).  Such a difference is accepted only
 * when lightsout's address is one tshark decoded in that frame.
 */
static int
family_choice(const struct fields *f, const struct row *theirs,
    const struct row *mine, int c)
{
	const char *a = theirs->f[c], *b = mine->f[c];
	char **cols;

	if (*a == '\0' || *b == '\0' ||
	    (strchr(a, ':') != NULL) == (strchr(b, ':') != NULL))
		return 0;
	cols = fields_frame(f, theirs->f[C_FRAME]);
	if (cols == NULL)
		return 0;
	return c == C_SRC ? listed(cols, TF_SRC4, TF_SRC6, b) :
	    listed(cols, TF_DST4, TF_DST6, b);
}

/*
 * Frame by frame, lightsout's addresses, ports, octets and packets must
 * all be among those tshark lists for the frame (frames with a listed
 * difference are left to the row comparison).
 */
static int
check_frames(const struct unit *u, const struct rows *mine,
    const struct fields *f)
{
	static const struct {
		int tf[2], ntf, col;
		const char *what;
	} sets[] = {
		{ { TF_SRC4, TF_SRC6 }, 2, C_SRC, "src" },
		{ { TF_DST4, TF_DST6 }, 2, C_DST, "dst" },
		{ { TF_SRC_PORT }, 1, C_SRC_PORT, "src ports" },
		{ { TF_DST_PORT }, 1, C_DST_PORT, "dst ports" },
		{ { TF_OCTETS }, 1, C_OCTETS, "octets" },
		{ { TF_PACKETS }, 1, C_PACKETS, "packets" },
	};
	static char theirs[65536], ours[65536];
	size_t i, k;
	int bad = 0;

	for (i = 1; i < f->n; i++) {
		char **cols = f->cols[i];

		if (frame_has_listed_difference(u, mine, cols[TF_FRAME]))
			continue;
		for (k = 0; k < sizeof(sets) / sizeof(sets[0]); k++) {
			multiset(cols, sets[k].tf, sets[k].ntf, theirs,
			    sizeof(theirs));
			our_frame(mine, cols[TF_FRAME], sets[k].col, -1, ours,
			    sizeof(ours));
			if (!sub_multiset(ours, theirs)) {
				print_error("%s frame %s %s: tshark {%s} "
				    "lightsout {%s}\n", u->name,
				    cols[TF_FRAME], sets[k].what, theirs,
				    ours);
				bad++;
			}
		}
	}
	return bad;
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
	struct fields f;
	size_t i;
	int c, bad = 0;

	decode_unit(u, &mine);
	read_expected(u->expected, &theirs);
	fields_load(u, &f);
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
			if ((c == C_SRC || c == C_DST) && strcmp(a, b) != 0 &&
			    family_choice(&f, &theirs.v[i], &mine.v[i], c))
				continue;
			if (strcmp(a, b) != 0) {
				print_error("%s row %ld (frame %s) %s: tshark "
				    "'%s' lightsout '%s'\n", u->name, rowno,
				    theirs.v[i].f[C_FRAME], column_names[c],
				    a, b);
				bad++;
			}
		}
	}
	bad += check_frames(u, &mine, &f);
	fields_free(&f);
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

static const struct unit *
unit_named(const char *name)
{
	size_t i;

	for (i = 0; i < nunits; i++)
		if (strcmp(units[i].name, name) == 0)
			return &units[i];
	fail_msg("no unit %s", name);
	return NULL;
}

/* The flow fields read from sampled packet headers, row by row. */
static void
test_sampled_headers(void **state)
{
	static const enum column cols[] = {
		C_SRC, C_DST, C_SRC_PORT, C_DST_PORT, C_PROTO, C_OCTETS,
	};
	char line[1024];
	const char *last_unit = NULL;
	struct rows mine = { NULL, 0, 0 };
	size_t listed = 0, checked = 0, c;
	FILE *fp = fopen(SAMPLED, "r");
	char *names[64];
	size_t nnames = 0;

	(void)state;
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *f[8], *save = NULL;
		long row;
		int n = 0;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (f[n] = strtok_r(line, "\t", &save); f[n] != NULL && n < 7;
		    f[++n] = strtok_r(NULL, "\t", &save))
			;
		assert_int_equal(n, 7);
		assert_non_null(f[7]);
		if (last_unit == NULL || strcmp(last_unit, f[0]) != 0) {
			if (last_unit != NULL)
				assert_int_equal(mine.n, listed);
			free(mine.v);
			memset(&mine, 0, sizeof(mine));
			decode_unit(unit_named(f[0]), &mine);
			assert_true(nnames < 64);
			names[nnames] = xstrdup(f[0]);
			last_unit = names[nnames++];
			listed = 0;
		}
		listed++;
		row = atol(f[1]);
		assert_true(row >= 1 && (size_t)row <= mine.n);
		for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
			const char *want = strcmp(f[2 + c], "-") == 0 ? "" :
			    f[2 + c];

			if (strcmp(mine.v[row - 1].f[cols[c]], want) != 0)
				fail_msg("%s row %ld %s: want '%s', lightsout "
				    "'%s'", f[0], row, column_names[cols[c]],
				    want, mine.v[row - 1].f[cols[c]]);
		}
		checked++;
	}
	if (last_unit != NULL)
		assert_int_equal(mine.n, listed);
	fclose(fp);
	free(mine.v);
	while (nnames > 0)
		free(names[--nnames]);
	assert_int_equal(checked, 13);
}

static int
live_unit(const struct unit *u, const char *dir)
{
	char cmd[4096], want_path[512], *got = NULL, *want = NULL;
	size_t got_cap = 0, want_cap = 0;
	const char *capture;
	struct rows mine = { NULL, 0, 0 };
	FILE *pipe, *stored;
	int synthetic, bad = 0, lineno = 0;

	capture = unit_capture(u, dir, &synthetic);
	snprintf(want_path, sizeof(want_path), DATADIR "/expected/%s."
	    "tshark-fields.csv", u->name);
	stored = fopen(want_path, "r");
	if (stored == NULL)
		fail_msg("%s: cannot open", want_path);
	snprintf(cmd, sizeof(cmd), "tshark -r %s " TSHARK_PORTS " -T fields "
	    "-E header=y -E separator=, -E quote=d -E occurrence=a "
	    "-E aggregator='|' " TSHARK_FIELDS " 2>/dev/null", capture);
	pipe = popen(cmd, "r");
	assert_non_null(pipe);
	decode_unit(u, &mine);
	for (;;) {
		ssize_t gn = getline(&got, &got_cap, pipe);
		ssize_t wn = getline(&want, &want_cap, stored);
		char *gc[TF_NCOLUMNS], *wc[TF_NCOLUMNS];
		int c;

		lineno++;
		if (gn < 0 && wn < 0)
			break;
		if (gn < 0 || wn < 0) {
			print_error("%s: tshark prints %s lines than recorded\n",
			    u->name, gn < 0 ? "fewer" : "more");
			bad++;
			break;
		}
		if (split_fields(got, gc, TF_NCOLUMNS) != TF_NCOLUMNS ||
		    split_fields(want, wc, TF_NCOLUMNS) != TF_NCOLUMNS) {
			print_error("%s line %d: unexpected tshark fields\n",
			    u->name, lineno);
			bad++;
			continue;
		}
		for (c = 0; c < TF_NCOLUMNS; c++) {
			if (c == TF_TIME && synthetic)
				continue;	/* text2pcap's clock */
			if (strcmp(gc[c], wc[c]) != 0) {
				print_error("%s line %d column %d: installed "
				    "tshark '%s', recorded '%s'\n", u->name,
				    lineno, c + 1, gc[c], wc[c]);
				bad++;
			}
		}
	}
	if (pclose(pipe) != 0) {
		print_error("%s: tshark failed\n", u->name);
		bad++;
	}
	fclose(stored);
	free(got);
	free(want);
	free(mine.v);
	return bad;
}

static void
test_live_tshark(void **state)
{
	char dir[] = "/tmp/lightsout-flow-XXXXXX";
	size_t i;
	int bad = 0, n = 0;

	(void)state;
	if (!on_path("tshark") || !on_path("mergecap") ||
	    !on_path("text2pcap"))
		skip();
	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp failed");
	for (i = 0; i < nunits; i++) {
		char exp[512];

		snprintf(exp, sizeof(exp), "%s.records.csv", units[i].name);
		if (strcmp(exp, units[i].expected) != 0)
			continue;	/* a file built from another unit */
		bad += live_unit(&units[i], dir);
		n++;
	}
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		(void)system(cmd);
	}
	assert_true(n >= 69);
	if (bad > 0)
		fail_msg("%d differences from the installed tshark", bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units_listed),
		cmocka_unit_test(test_every_unit),
		cmocka_unit_test(test_every_difference_met),
		cmocka_unit_test(test_sampled_headers),
		cmocka_unit_test(test_live_tshark),
	};

	load_units();
	load_differences();
	return cmocka_run_group_tests_name("flow_golden", tests, NULL, NULL);
}
