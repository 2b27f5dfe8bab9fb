/*
 * probe_csv.c -- probe records from CSV probe logs.
 *
 * The first non-blank line names the columns; they are mapped by name,
 * case-insensitively, in any order; unknown columns are ignored.  Lines
 * starting with '#' are comments.  The names, with their aliases:
 *
 *	time		time, timestamp, start, start_time	(required)
 *	end		end, end_time
 *	vantage		vantage, vp, probe, host
 *	source		source, src, src_addr, source_address
 *	target		target, dst, dst_addr, destination	(required)
 *	target_name	target_name, dst_name, hostname
 *	kind		kind, type: ping | traceroute | trace
 *	sent		sent, packets_sent
 *	received	received, rcvd, packets_received
 *	rtt_min		rtt_min, min_rtt
 *	rtt_avg		rtt_avg, avg_rtt
 *	rtt_max		rtt_max, max_rtt
 *	rtt_median	rtt_median, median_rtt
 *	rtt		rtt (the RTT of a single reply)
 *	reached		reached, dest_reached: true/false, yes/no, 1/0
 *	hops		hops, hop_count
 *	last_hop	last_hop (the address of the last hop that answered)
 *
 * Values: times are ISO 8601 ("2024-01-02T03:04:05[.fff][Z|+hh:mm]",
 * a space for the T allowed, no zone read as UTC) or unix seconds with
 * an optional fraction; RTTs are milliseconds.  target is an address,
 * or else a name, which then becomes dst_name (target_name, when given,
 * names the target instead).  An empty value is absent.
 *
 * A table with an rtt column has one probe per row: sent 1, received 1
 * when rtt holds a value and 0 when it is empty (a loss), and the rtt
 * is min, avg, max and median at once; sent and received columns, when
 * also present and filled, win.
 *
 * rtt_min, rtt_avg and rtt_max go into the record only all three
 * together (one PROBE_HAS_RTT bit covers them): a row giving only some
 * of them is decoded without RTTs.
 *
 * The record's kind has no "absent": a row without a kind is a ping.
 * A last_hop address also sets last_hop_responded (it names the hop that
 * answered).  vantage, when the row has none, is the one given to
 * probe_csv_open, or the file's base name less its extensions.
 *
 * As in nfdump_csv.c, the reader cuts lines itself (no line break inside
 * a quoted field) and hands each to libcsv.  A last line without its
 * line break is decoded when it has all its fields and they parse.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/civil_time.h"
#include "parsers/csv_split.h"
#include "parsers/probe_csv.h"
#include "parsers/vantage_name.h"

#define PCSV_MAX_LINE		(1024 * 1024)

enum pcsv_column {
	COL_TIME, COL_END, COL_VANTAGE, COL_SOURCE, COL_TARGET,
	COL_TARGET_NAME, COL_KIND, COL_SENT, COL_RECEIVED, COL_RTT_MIN,
	COL_RTT_AVG, COL_RTT_MAX, COL_RTT_MEDIAN, COL_RTT, COL_REACHED,
	COL_HOPS, COL_LAST_HOP,
	NCOLUMNS
};

static const struct {
	const char		*name;
	enum pcsv_column	 col;
} column_names[] = {
	{ "time", COL_TIME }, { "timestamp", COL_TIME },
	{ "start", COL_TIME }, { "start_time", COL_TIME },
	{ "end", COL_END }, { "end_time", COL_END },
	{ "vantage", COL_VANTAGE }, { "vp", COL_VANTAGE },
	{ "probe", COL_VANTAGE }, { "host", COL_VANTAGE },
	{ "source", COL_SOURCE }, { "src", COL_SOURCE },
	{ "src_addr", COL_SOURCE }, { "source_address", COL_SOURCE },
	{ "target", COL_TARGET }, { "dst", COL_TARGET },
	{ "dst_addr", COL_TARGET }, { "destination", COL_TARGET },
	{ "target_name", COL_TARGET_NAME }, { "dst_name", COL_TARGET_NAME },
	{ "hostname", COL_TARGET_NAME },
	{ "kind", COL_KIND }, { "type", COL_KIND },
	{ "sent", COL_SENT }, { "packets_sent", COL_SENT },
	{ "received", COL_RECEIVED }, { "rcvd", COL_RECEIVED },
	{ "packets_received", COL_RECEIVED },
	{ "rtt_min", COL_RTT_MIN }, { "min_rtt", COL_RTT_MIN },
	{ "rtt_avg", COL_RTT_AVG }, { "avg_rtt", COL_RTT_AVG },
	{ "rtt_max", COL_RTT_MAX }, { "max_rtt", COL_RTT_MAX },
	{ "rtt_median", COL_RTT_MEDIAN }, { "median_rtt", COL_RTT_MEDIAN },
	{ "rtt", COL_RTT },
	{ "reached", COL_REACHED }, { "dest_reached", COL_REACHED },
	{ "hops", COL_HOPS }, { "hop_count", COL_HOPS },
	{ "last_hop", COL_LAST_HOP },
};

static const char *const column_label[NCOLUMNS] = {
	[COL_TIME] = "time", [COL_END] = "end", [COL_VANTAGE] = "vantage",
	[COL_SOURCE] = "source", [COL_TARGET] = "target",
	[COL_TARGET_NAME] = "target_name", [COL_KIND] = "kind",
	[COL_SENT] = "sent", [COL_RECEIVED] = "received",
	[COL_RTT_MIN] = "rtt_min", [COL_RTT_AVG] = "rtt_avg",
	[COL_RTT_MAX] = "rtt_max", [COL_RTT_MEDIAN] = "rtt_median",
	[COL_RTT] = "rtt", [COL_REACHED] = "reached", [COL_HOPS] = "hops",
	[COL_LAST_HOP] = "last_hop",
};

struct probe_csv_reader {
	struct input		*in;
	const char		*file;
	char			*vantage;	/* default; owned; NULL */
	struct csv_split	 cols;		/* the current line, split */
	bool			 ended;
	uint64_t		 lines;
	struct decode_stats	 stats;

	bool			 have_header;
	int			 column_of[NCOLUMNS];
	size_t			 header_fields;


	struct probe_record	 rec;
};

static bool
lookup_column(const char *name, enum pcsv_column *col)
{
	size_t i;

	for (i = 0; i < sizeof(column_names) / sizeof(column_names[0]); i++)
		if (strcasecmp(column_names[i].name, name) == 0) {
			*col = column_names[i].col;
			return true;
		}
	return false;
}

static bool
read_header(struct probe_csv_reader *r)
{
	size_t i;
	enum pcsv_column col;

	for (i = 0; i < NCOLUMNS; i++)
		r->column_of[i] = -1;
	for (i = 0; i < csv_split_count(&r->cols); i++)
		if (lookup_column(csv_split_field(&r->cols, i), &col) &&
		    r->column_of[col] < 0)
			r->column_of[col] = (int)i;
	r->header_fields = csv_split_count(&r->cols);
	return r->column_of[COL_TIME] >= 0 && r->column_of[COL_TARGET] >= 0;
}

/* --- values ------------------------------------------------------------ */

/* A non-negative decimal: digits[.digits] or .digits. */
static bool
parse_ms(const char *s, double *out)
{
	const char *p = s;
	char *end;
	bool digit = false;

	while (isdigit((unsigned char)*p)) {
		p++;
		digit = true;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digit = true;
		}
	}
	if (!digit || *p != '\0')
		return false;
	*out = strtod(s, &end);
	return end == p;
}

/* Milliseconds from ".fff...": the first three digits. */
static const char *
fraction_ms(const char *s, int *ms)
{
	int n = 0, v = 0;

	if (!isdigit((unsigned char)*s))
		return NULL;
	for (; isdigit((unsigned char)*s); s++)
		if (n < 3) {
			v = v * 10 + (*s - '0');
			n++;
		}
	while (n++ < 3)
		v *= 10;
	*ms = v;
	return s;
}

/* ISO 8601 (UTC, or an offset) or unix seconds[.frac]. */
static bool
parse_time(const char *s, int64_t *out)
{
	static const uint8_t mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int year, mon, day, hour, min, sec, frac = 0;
	const char *p;

	if (strlen(s) >= 10 && s[4] == '-') {
		if (strlen(s) < 19 || !fixed_digits(s, 4, &year) || s[4] != '-' ||
		    !fixed_digits(s + 5, 2, &mon) || s[7] != '-' ||
		    !fixed_digits(s + 8, 2, &day) || (s[10] != 'T' &&
		    s[10] != 't' && s[10] != ' ') ||
		    !fixed_digits(s + 11, 2, &hour) || s[13] != ':' ||
		    !fixed_digits(s + 14, 2, &min) || s[16] != ':' ||
		    !fixed_digits(s + 17, 2, &sec))
			return false;
		if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] ||
		    hour > 23 || min > 59 || sec > 60)
			return false;
		p = s + 19;
		if (*p == '.' && (p = fraction_ms(p + 1, &frac)) == NULL)
			return false;
		*out = ((days_from_civil(year, (unsigned)mon, (unsigned)day) *
		    24 + hour) * 60 + min) * 60000 + (int64_t)sec * 1000 + frac;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;
			int64_t off;

			if (!fixed_digits(p + 1, 2, &oh) || p[3] != ':' ||
			    !fixed_digits(p + 4, 2, &om) || oh > 23 || om > 59)
				return false;
			off = ((int64_t)oh * 60 + om) * 60000;
			*out += *p == '+' ? -off : off;
			p += 6;
		}
		return *p == '\0';
	}
	/* Unix seconds. */
	{
		uint64_t secs = 0;

		p = s;
		if (!isdigit((unsigned char)*p))
			return false;
		for (; isdigit((unsigned char)*p); p++) {
			if (secs > UINT64_C(100000000000))
				return false;
			secs = secs * 10 + (uint64_t)(*p - '0');
		}
		if (*p == '.' && (p = fraction_ms(p + 1, &frac)) == NULL)
			return false;
		if (*p != '\0')
			return false;
		*out = (int64_t)secs * 1000 + frac;
		return true;
	}
}

/* A host name: letters, digits, '-', '.', '_'; not all digits and dots. */
static bool
is_host_name(const char *s)
{
	bool alpha = false;

	if (*s == '\0' || strlen(s) > 253)
		return false;
	for (; *s != '\0'; s++) {
		if (isalpha((unsigned char)*s) || *s == '-' || *s == '_')
			alpha = true;
		else if (!isdigit((unsigned char)*s) && *s != '.')
			return false;
	}
	return alpha;
}

static bool
parse_bool(const char *s, bool *b)
{
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0 ||
	    strcmp(s, "1") == 0)
		*b = true;
	else if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0 ||
	    strcmp(s, "0") == 0)
		*b = false;
	else
		return false;
	return true;
}

/* --- records ----------------------------------------------------------- */

static void
fill_error(struct probe_csv_reader *r, struct decode_error *err,
    uint64_t offset, enum skip_reason reason)
{
	decode_error_set(err, r->file, offset, r->lines, "line", reason);
}

static void
bad_value(struct decode_error *err, enum pcsv_column c, const char *what,
    const char *value)
{
	snprintf(err->detail, sizeof(err->detail),
	    "column %s: bad %s '%.60s%s'", column_label[c], what, value,
	    strlen(value) > 60 ? "..." : "");
}

static const char *
value_of(const struct probe_csv_reader *r, enum pcsv_column c)
{
	if (r->column_of[c] < 0)
		return "";
	return csv_split_field(&r->cols, (size_t)r->column_of[c]);
}

/* Build the record of the split line; false with err set. */
static bool
decode_record(struct probe_csv_reader *r, struct decode_error *err)
{
	struct probe_record *p = &r->rec;
	const char *s;
	uint64_t v;
	double d;
	bool b;
	int c;

	if (csv_split_count(&r->cols) != r->header_fields) {
		err->reason = SKIP_BAD_CSV;
		snprintf(err->detail, sizeof(err->detail),
		    "%zu fields, the header has %zu",
		    csv_split_count(&r->cols),
		    r->header_fields);
		return false;
	}
	for (c = 0; c < NCOLUMNS; c++)
		if ((c == COL_TIME || c == COL_TARGET) &&
		    *value_of(r, (enum pcsv_column)c) == '\0') {
			err->reason = SKIP_MISSING_FIELD;
			snprintf(err->detail, sizeof(err->detail),
			    "column %s: empty (required)", column_label[c]);
			return false;
		}
	memset(p, 0, sizeof(*p));
	p->source = PROBE_SRC_CSV;
	p->kind = PROBE_PING;
	p->record_no = r->lines;
	p->vantage = r->vantage;
	err->reason = SKIP_BAD_CSV;

	for (c = 0; c < NCOLUMNS; c++) {
		enum pcsv_column col = (enum pcsv_column)c;

		s = value_of(r, col);
		if (*s == '\0')
			continue;
		switch (col) {
		case COL_TIME:
		case COL_END:
			if (!parse_time(s, col == COL_TIME ? &p->time_ms :
			    &p->end_ms)) {
				bad_value(err, col, "time", s);
				return false;
			}
			p->present |= col == COL_TIME ? PROBE_HAS_TIME :
			    PROBE_HAS_END;
			break;
		case COL_VANTAGE:
			p->vantage = s;
			break;
		case COL_SOURCE:
			if (!ip_addr_parse(s, &p->src)) {
				bad_value(err, col, "address", s);
				return false;
			}
			break;
		case COL_TARGET:
			if (ip_addr_parse(s, &p->dst)) {
				p->af = p->dst.afi == AFI_IPV4 ? 4 : 6;
				p->present |= PROBE_HAS_AF;
			} else if (is_host_name(s)) {
				p->dst_name = s;
			} else {
				bad_value(err, col, "address or name", s);
				return false;
			}
			break;
		case COL_TARGET_NAME:
			p->dst_name = s;
			break;
		case COL_KIND:
			if (strcasecmp(s, "ping") == 0)
				p->kind = PROBE_PING;
			else if (strcasecmp(s, "traceroute") == 0 ||
			    strcasecmp(s, "trace") == 0)
				p->kind = PROBE_TRACE;
			else {
				bad_value(err, col, "kind", s);
				return false;
			}
			break;
		case COL_SENT:
		case COL_RECEIVED:
			if (!csv_field_u64(s, UINT32_MAX, &v)) {
				bad_value(err, col, "number", s);
				return false;
			}
			break;
		case COL_RTT_MIN:
		case COL_RTT_AVG:
		case COL_RTT_MAX:
		case COL_RTT_MEDIAN:
		case COL_RTT:
			if (!parse_ms(s, &d)) {
				bad_value(err, col, "RTT", s);
				return false;
			}
			break;
		case COL_REACHED:
			if (!parse_bool(s, &b)) {
				bad_value(err, col, "boolean", s);
				return false;
			}
			p->dest_reached = b;
			p->present |= PROBE_HAS_REACHED;
			break;
		case COL_HOPS:
			if (!csv_field_u64(s, UINT16_MAX, &v)) {
				bad_value(err, col, "number", s);
				return false;
			}
			p->hop_count = (uint16_t)v;
			p->present |= PROBE_HAS_HOPS;
			break;
		case COL_LAST_HOP:
			if (!ip_addr_parse(s, &p->last_hop)) {
				bad_value(err, col, "address", s);
				return false;
			}
			p->last_hop_responded = true;
			p->present |= PROBE_HAS_LAST_HOP;
			break;
		default:
			break;
		}
	}

	/* Counts and RTTs, all checked above. */
	if (r->column_of[COL_RTT] >= 0) {
		s = value_of(r, COL_RTT);
		p->sent = 1;
		p->present |= PROBE_HAS_SENT | PROBE_HAS_RECEIVED;
		if (*s != '\0') {
			(void)parse_ms(s, &d);
			p->received = 1;
			p->rtt_min = p->rtt_avg = p->rtt_max = p->rtt_median = d;
			p->present |= PROBE_HAS_RTT | PROBE_HAS_RTT_MEDIAN;
		}
	}
	if (csv_field_u64(value_of(r, COL_SENT), UINT32_MAX, &v)) {
		p->sent = (uint32_t)v;
		p->present |= PROBE_HAS_SENT;
	}
	if (csv_field_u64(value_of(r, COL_RECEIVED), UINT32_MAX, &v)) {
		p->received = (uint32_t)v;
		p->present |= PROBE_HAS_RECEIVED;
	}
	{
		bool hmin = parse_ms(value_of(r, COL_RTT_MIN), &p->rtt_min) ||
		    probe_has(p, PROBE_HAS_RTT);
		bool havg = parse_ms(value_of(r, COL_RTT_AVG), &p->rtt_avg) ||
		    probe_has(p, PROBE_HAS_RTT);
		bool hmax = parse_ms(value_of(r, COL_RTT_MAX), &p->rtt_max) ||
		    probe_has(p, PROBE_HAS_RTT);

		/*
		 * PROBE_HAS_RTT covers all three: set only when all are
		 * known.  A row with only some keeps them out of the record
		 * (the record cannot say "avg known, min absent").
		 */
		if (hmin && havg && hmax)
			p->present |= PROBE_HAS_RTT;
		else
			p->rtt_min = p->rtt_avg = p->rtt_max = 0;
	}
	if (parse_ms(value_of(r, COL_RTT_MEDIAN), &p->rtt_median))
		p->present |= PROBE_HAS_RTT_MEDIAN;
	return true;
}

/* --- lines ------------------------------------------------------------- */

static enum probe_status
skip(struct probe_csv_reader *r, struct decode_error *err)
{
	r->stats.skipped[err->reason]++;
	r->stats.bytes = input_offset(r->in);
	return PROBE_SKIP;
}

enum probe_status
probe_csv_next(struct probe_csv_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	for (;;) {
		const uint8_t *line;
		size_t len = 0, consumed = 0;
		const char *why = NULL;
		uint64_t offset;
		enum input_line_status st;

		if (r->ended)
			return PROBE_END;
		offset = input_offset(r->in);
		st = input_line(r->in, PCSV_MAX_LINE, &line, &len, &consumed,
		    &why);
		if (st == INPUT_LINE_EOF) {
			r->ended = true;
			return PROBE_END;
		}
		r->lines++;
		r->stats.records++;
		if (st == INPUT_LINE_DAMAGED) {
			input_consume(r->in, consumed);
			r->ended = true;
			fill_error(r, err, offset, SKIP_DECOMPRESS);
			snprintf(err->detail, sizeof(err->detail), "%s", why);
			return skip(r, err);
		}
		if (st == INPUT_LINE_TOO_LONG) {
			fill_error(r, err, offset, SKIP_BAD_CSV);
			snprintf(err->detail, sizeof(err->detail),
			    "line longer than %u bytes", PCSV_MAX_LINE);
			input_consume(r->in, consumed);
			(void)input_skip_line(r->in);
			if (!r->have_header)
				r->ended = true;
			return skip(r, err);
		}
		if (csv_line_blank(line, len) || (len > 0 && line[0] == '#')) {
			input_consume(r->in, consumed);
			r->stats.decoded++;
			continue;
		}
		if (!csv_split_line(&r->cols, line, len) ||
		    csv_split_count(&r->cols) > CSV_SPLIT_MAX_FIELDS) {
			input_consume(r->in, consumed);
			fill_error(r, err, offset, SKIP_BAD_CSV);
			snprintf(err->detail, sizeof(err->detail),
			    "not a CSV line (unbalanced quote or too many "
			    "fields)");
			if (!r->have_header)
				r->ended = true;
			return skip(r, err);
		}
		input_consume(r->in, consumed);
		r->stats.bytes = input_offset(r->in);

		if (!r->have_header) {
			if (!read_header(r)) {
				r->ended = true;
				fill_error(r, err, offset, SKIP_BAD_CSV);
				snprintf(err->detail, sizeof(err->detail),
				    "not a probe log header (needs time and "
				    "target columns)");
				return skip(r, err);
			}
			r->have_header = true;
			r->stats.decoded++;
			continue;
		}
		fill_error(r, err, offset, SKIP_BAD_CSV);
		if (!decode_record(r, err)) {
			if (st == INPUT_LINE_TORN) {
				size_t n = strlen(err->detail);

				snprintf(err->detail + n,
				    sizeof(err->detail) - n,
				    " (last line, no line break)");
			}
			return skip(r, err);
		}
		r->stats.decoded++;
		r->stats.items++;
		*rec = &r->rec;
		return PROBE_OK;
	}
}

/* --- detection and life ------------------------------------------------ */

/* One header name, its blanks and quotes stripped, against want. */
static bool
name_is(const uint8_t *s, size_t n, const char *want)
{
	while (n > 0 && (*s == ' ' || *s == '"')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '"' ||
	    s[n - 1] == '\r'))
		n--;
	return n == strlen(want) && strncasecmp((const char *)s, want, n) == 0;
}

bool
probe_csv_detect(const uint8_t *data, size_t len)
{
	const uint8_t *nl = memchr(data, '\n', len);
	size_t end = nl != NULL ? (size_t)(nl - data) : len;
	size_t start = 0, i;
	bool time = false, target = false;

	if (end > 4096)
		return false;
	for (i = 0; i <= end; i++) {
		if (i < end && data[i] != ',')
			continue;
		if (name_is(data + start, i - start, "time"))
			time = true;
		if (name_is(data + start, i - start, "target"))
			target = true;
		start = i + 1;
	}
	return time && target;
}

/* The extensions a file name of this format may end in. */
static const char *const name_exts[] = { ".gz", ".bz2", ".xz", ".zst",
	    ".csv", ".txt", ".log" };

struct probe_csv_reader *
probe_csv_open(struct input *in, const char *file, const char *vantage)
{
	struct probe_csv_reader *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->in = in;
	r->file = file;
	if (vantage != NULL) {
		if ((r->vantage = strdup(vantage)) == NULL)
			goto fail;
	} else
		r->vantage = vantage_from_file(file, name_exts,
		    sizeof(name_exts) / sizeof(name_exts[0]));
	if (csv_split_init(&r->cols) == -1)
		goto fail;
	return r;
fail:
	free(r->vantage);
	free(r);
	return NULL;
}

void
probe_csv_close(struct probe_csv_reader *r)
{
	if (r == NULL)
		return;
	csv_split_free(&r->cols);
	free(r->vantage);
	free(r);
}

const struct decode_stats *
probe_csv_stats(const struct probe_csv_reader *r)
{
	return &r->stats;
}
