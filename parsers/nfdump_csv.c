/*
 * nfdump_csv.c -- flow records from the output of `nfdump -o csv`.
 *
 * The format, as nfdump writes it (nf_common.c flow_record_to_csv in
 * 1.6, the csv format of output_fmt.c / output_csv.c in 1.7, checked
 * against nfdump 1.7.1 of Debian 12):
 *
 *	ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,
 *	sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,
 *	mpls1,...,mpls10,cl,sl,al,ra,eng,exid,tr
 *	2023-04-04 16:44:24,2023-04-04 16:44:24,0.000,161.202.212.212,...
 *	...
 *	(an empty line, in some versions)
 *	Summary
 *	flows,bytes,packets,avg_bps,avg_pps,avg_bpp
 *	58,4077345,31078,0,0,131
 *
 * Older 1.6 builds stop after "ra,eng" (no cl, sl, al, exid, tr); some
 * builds print IPv4 addresses as ::a.b.c.d (1.7.1 itself does for some
 * NetFlow v9 records).  Columns are therefore looked up by their header
 * names; unknown columns are ignored.
 *
 * One line is one record: nfdump never writes a line break inside a
 * field, so the reader cuts lines itself and hands each one to libcsv
 * (which also trims the blanks nfdump pads cl, sl and al with).
 *
 * nfdump has no notion of an absent field: a field its record lacks is
 * printed as 0 (0.0.0.0 for next hops, 0/0 for the engine).  Those
 * zeros are kept as printed -- they are nfdump's values, and a 0
 * interface or AS cannot be told from an absent one -- with one
 * exception: a time of 0 (1970-01-01 00:00:00.000), which nfdump's own
 * raw output calls "<unknown>", leaves the time absent.
 *
 * Times have no zone: nfdump prints them in its local time.  They are
 * read as UTC, so run nfdump with TZ=UTC.  nfdump 1.7.1 prints ts and te
 * to the second only (tr has milliseconds); ".mmm" is read when present.
 * td, opkt, obyt, dtos, nhb, the VLAN, MAC and MPLS columns, cl, sl, al
 * and exid have no place in flow_record and are ignored.
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
#include "parsers/nfdump_csv.h"

/* A line longer than this is not nfdump's: skipped whole. */
#define NFCSV_MAX_LINE		(1024 * 1024)
/* First window asked of the input for a line. */
/* Fields kept per line; more are counted, not stored. */

/* The columns this reader maps; the rest are ignored. */
enum nfcsv_column {
	COL_PR,		/* first: dp depends on it (ICMP type.code) */
	COL_TS, COL_TE, COL_SA, COL_DA, COL_SP, COL_DP, COL_FLG, COL_STOS,
	COL_IPKT, COL_IBYT, COL_IN, COL_OUT, COL_SAS, COL_DAS, COL_SMK,
	COL_DMK, COL_DIR, COL_NH, COL_RA, COL_ENG, COL_FL, COL_TR,
	NCOLUMNS
};

/*
 * Header names.  "pkt", "byt" and "tos" are the names nfdump's fmt:
 * output gives the same values (1.6 and 1.7 format tables).
 */
static const struct {
	const char		*name;
	enum nfcsv_column	 col;
} column_names[] = {
	{ "ts", COL_TS }, { "te", COL_TE }, { "sa", COL_SA },
	{ "da", COL_DA }, { "sp", COL_SP }, { "dp", COL_DP },
	{ "pr", COL_PR }, { "flg", COL_FLG }, { "stos", COL_STOS },
	{ "tos", COL_STOS }, { "ipkt", COL_IPKT }, { "pkt", COL_IPKT },
	{ "ibyt", COL_IBYT }, { "byt", COL_IBYT }, { "in", COL_IN },
	{ "out", COL_OUT }, { "sas", COL_SAS }, { "das", COL_DAS },
	{ "smk", COL_SMK }, { "dmk", COL_DMK }, { "dir", COL_DIR },
	{ "nh", COL_NH }, { "ra", COL_RA }, { "eng", COL_ENG },
	{ "fl", COL_FL }, { "tr", COL_TR },
};

/*
 * Protocol names nfdump prints (its protocol table, nf_common.c in 1.6,
 * util.c in 1.7); other protocols are printed as numbers.  Only the
 * names whose number is certain are listed; the rest fail as unknown.
 */
static const struct {
	const char	*name;
	uint8_t		 number;
} proto_names[] = {
	{ "ICMP", 1 }, { "IGMP", 2 }, { "GGP", 3 }, { "IPIP", 4 },
	{ "TCP", 6 }, { "EGP", 8 }, { "IGP", 9 }, { "UDP", 17 },
	{ "DCCP", 33 }, { "IPv6", 41 }, { "Rte6", 43 }, { "Frag6", 44 },
	{ "RSVP", 46 }, { "GRE", 47 }, { "ESP", 50 }, { "AH", 51 },
	{ "ICMP6", 58 }, { "NOHE6", 59 }, { "OPTS6", 60 }, { "EIGRP", 88 },
	{ "OSPF", 89 }, { "ETHIP", 97 }, { "ENCAP", 98 }, { "PIM", 103 },
	{ "VRRP", 112 }, { "L2TP", 115 }, { "ISIS4", 124 }, { "SCTP", 132 },
	{ "UDP-L", 136 }, { "MPLS", 137 },
};

struct nfdump_csv {
	struct input		*in;
	const char		*file;
	struct csv_split	 cols;		/* the current line, split */
	bool			 ended;
	uint64_t		 lines;		/* read so far */

	/* Column of each mapped field, -1 when the header lacks it. */
	bool			 have_header;
	int			 column_of[NCOLUMNS];
	size_t			 header_fields;

	struct flow_record	 rec;
};

static bool
lookup_column(const char *name, enum nfcsv_column *col)
{
	size_t i;

	for (i = 0; i < sizeof(column_names) / sizeof(column_names[0]); i++)
		if (strcmp(column_names[i].name, name) == 0) {
			*col = column_names[i].col;
			return true;
		}
	return false;
}

/* Map the header's names; true when it has ts, sa and da. */
static bool
read_header(struct nfdump_csv *r)
{
	size_t i, n = csv_split_count(&r->cols);
	enum nfcsv_column col;

	for (i = 0; i < NCOLUMNS; i++)
		r->column_of[i] = -1;
	if (n > CSV_SPLIT_MAX_FIELDS)
		n = CSV_SPLIT_MAX_FIELDS;
	for (i = 0; i < n; i++)
		if (lookup_column(csv_split_field(&r->cols, i), &col) &&
		    r->column_of[col] < 0)
			r->column_of[col] = (int)i;
	r->header_fields = csv_split_count(&r->cols);
	return r->column_of[COL_TS] >= 0 && r->column_of[COL_SA] >= 0 &&
	    r->column_of[COL_DA] >= 0;
}

/* --- values ----------------------------------------------------------- */

/* "YYYY-MM-DD HH:MM:SS" with an optional ".mmm", read as UTC. */
static bool
parse_time(const char *s, int64_t *ms)
{
	static const uint8_t mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int year, mon, day, hour, min, sec, frac = 0;

	if (strlen(s) < 19 || !fixed_digits(s, 4, &year) || s[4] != '-' ||
	    !fixed_digits(s + 5, 2, &mon) || s[7] != '-' ||
	    !fixed_digits(s + 8, 2, &day) || s[10] != ' ' ||
	    !fixed_digits(s + 11, 2, &hour) || s[13] != ':' ||
	    !fixed_digits(s + 14, 2, &min) || s[16] != ':' ||
	    !fixed_digits(s + 17, 2, &sec))
		return false;
	if (s[19] == '.') {
		if (strlen(s) != 23 || !fixed_digits(s + 20, 3, &frac))
			return false;
	} else if (s[19] != '\0')
		return false;
	if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] ||
	    hour > 23 || min > 59 || sec > 60)
		return false;
	*ms = ((days_from_civil(year, (unsigned)mon, (unsigned)day) * 24 +
	    hour) * 60 + min) * 60000 + (int64_t)sec * 1000 + frac;
	return true;
}

/* IPv4, IPv6, or ::a.b.c.d (IPv4 as some nfdump builds print it). */
static bool
parse_addr(const char *s, struct ip_addr *a)
{
	static const uint8_t zeros[12];

	if (!ip_addr_parse(s, a))
		return false;
	if (a->afi == AFI_IPV6 && strncmp(s, "::", 2) == 0 &&
	    strchr(s, '.') != NULL && memcmp(a->bytes, zeros, 12) == 0) {
		memmove(a->bytes, a->bytes + 12, 4);
		memset(a->bytes + 4, 0, 12);
		a->afi = AFI_IPV4;
	}
	return true;
}

static bool
parse_proto(const char *s, uint8_t *proto)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++)
		if (strcasecmp(proto_names[i].name, s) == 0) {
			*proto = proto_names[i].number;
			return true;
		}
	if (!csv_field_u64(s, 255, &v))
		return false;
	*proto = (uint8_t)v;
	return true;
}

/*
 * TCP flags: 1.7 prints 8 positions "CEUAPRSF", 1.6 six "UAPRSF", '.'
 * where the flag is clear; 1.6 prints "0x.." when flags above 0x3f are
 * set.
 */
static bool
parse_flags(const char *s, uint16_t *flags)
{
	static const char letters[] = "CEUAPRSF";
	size_t len = strlen(s), i;
	const char *expect;
	uint64_t v = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < len; i++) {
			int c = tolower((unsigned char)s[i]);

			if (!isxdigit(c) || i > 5)
				return false;
			v = v * 16 + (unsigned)(isdigit(c) ? c - '0' :
			    c - 'a' + 10);
		}
		*flags = (uint16_t)v;
		return true;
	}
	if (len != 8 && len != 6)
		return false;
	expect = letters + (8 - len);
	for (i = 0; i < len; i++) {
		if (s[i] == expect[i])
			v |= 1u << (len - 1 - i);
		else if (s[i] != '.')
			return false;
	}
	*flags = (uint16_t)v;
	return true;
}

/* "type/id" (nfdump's engine column). */
static bool
parse_engine(const char *s, uint32_t *domain)
{
	char buf[16];
	const char *slash = strchr(s, '/');
	uint64_t type, id;
	size_t n;

	if (slash == NULL || (n = (size_t)(slash - s)) >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!csv_field_u64(buf, 255, &type) || !csv_field_u64(slash + 1, 255, &id))
		return false;
	*domain = (uint32_t)(type << 8 | id);
	return true;
}

/*
 * ICMP type and code from dp: nfdump keeps them in the destination port
 * as type << 8 | code and its csv prints that number (checked with
 * nfdump 1.7.1: dp 2048 and 771 where -o extended shows 8.0 and 3.3);
 * "type.code", how its text formats print it, is read too.  For ICMP
 * flows dp is not a port: the record gets icmp_type/icmp_code and no
 * destination port.
 */
static bool
parse_icmp(const char *s, uint8_t *type, uint8_t *code)
{
	const char *dot = strchr(s, '.');
	uint64_t t, c;
	char buf[8];

	if (dot == NULL) {
		if (!csv_field_u64(s, 65535, &t))
			return false;
		*type = (uint8_t)(t >> 8);
		*code = (uint8_t)(t & 0xff);
		return true;
	}
	if ((size_t)(dot - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(dot - s));
	buf[dot - s] = '\0';
	if (!csv_field_u64(buf, 255, &t) || !csv_field_u64(dot + 1, 255, &c))
		return false;
	*type = (uint8_t)t;
	*code = (uint8_t)c;
	return true;
}

/* --- records ---------------------------------------------------------- */

static const char *const column_label[NCOLUMNS] = {
	[COL_PR] = "pr", [COL_TS] = "ts", [COL_TE] = "te", [COL_SA] = "sa",
	[COL_DA] = "da", [COL_SP] = "sp", [COL_DP] = "dp", [COL_FLG] = "flg",
	[COL_STOS] = "stos", [COL_IPKT] = "ipkt", [COL_IBYT] = "ibyt",
	[COL_IN] = "in", [COL_OUT] = "out", [COL_SAS] = "sas",
	[COL_DAS] = "das", [COL_SMK] = "smk", [COL_DMK] = "dmk",
	[COL_DIR] = "dir", [COL_NH] = "nh", [COL_RA] = "ra",
	[COL_ENG] = "eng", [COL_FL] = "fl", [COL_TR] = "tr",
};

static const char *const column_what[NCOLUMNS] = {
	[COL_PR] = "protocol", [COL_TS] = "time", [COL_TE] = "time",
	[COL_SA] = "address", [COL_DA] = "address", [COL_SP] = "port",
	[COL_DP] = "port", [COL_FLG] = "TCP flags", [COL_STOS] = "number",
	[COL_IPKT] = "number", [COL_IBYT] = "number", [COL_IN] = "number",
	[COL_OUT] = "number", [COL_SAS] = "number", [COL_DAS] = "number",
	[COL_SMK] = "number", [COL_DMK] = "number", [COL_DIR] = "number",
	[COL_NH] = "address", [COL_RA] = "address", [COL_ENG] = "engine",
	[COL_FL] = "number", [COL_TR] = "time",
};

/* One value into the record; false when it does not parse. */
static bool
set_field(struct flow_record *f, enum nfcsv_column col, const char *s)
{
	uint64_t v;
	int64_t ms;

	switch (col) {
	case COL_PR:
		if (!parse_proto(s, &f->proto))
			return false;
		f->present |= FLOW_HAS_PROTO;
		return true;
	case COL_TS:
	case COL_TE:
	case COL_TR:
		if (!parse_time(s, &ms))
			return false;
		if (ms == 0)		/* nfdump: "<unknown>" */
			return true;
		if (col == COL_TS) {
			f->start_ms = ms;
			f->present |= FLOW_HAS_START;
		} else if (col == COL_TE) {
			f->end_ms = ms;
			f->present |= FLOW_HAS_END;
		} else {
			f->recv_us = ms * 1000;
			f->present |= FLOW_HAS_RECV_TIME;
		}
		return true;
	case COL_SA:
		return parse_addr(s, &f->src);
	case COL_DA:
		return parse_addr(s, &f->dst);
	case COL_NH:
		return parse_addr(s, &f->next_hop);
	case COL_RA:
		return parse_addr(s, &f->exporter);
	case COL_SP:
		if (!csv_field_u64(s, 65535, &v))
			return false;
		f->src_port = (uint16_t)v;
		f->present |= FLOW_HAS_SRC_PORT;
		return true;
	case COL_DP:
		if (flow_has(f, FLOW_HAS_PROTO) &&
		    (f->proto == 1 || f->proto == 58)) {
			if (!parse_icmp(s, &f->icmp_type, &f->icmp_code))
				return false;
			f->present |= FLOW_HAS_ICMP;
			return true;
		}
		if (!csv_field_u64(s, 65535, &v))
			return false;
		f->dst_port = (uint16_t)v;
		f->present |= FLOW_HAS_DST_PORT;
		return true;
	case COL_FLG:
		if (!parse_flags(s, &f->tcp_flags))
			return false;
		f->present |= FLOW_HAS_TCP_FLAGS;
		return true;
	case COL_ENG:
		if (!parse_engine(s, &f->domain))
			return false;
		f->present |= FLOW_HAS_DOMAIN;
		return true;
	default:
		break;
	}

	/* The plain numbers. */
	if (!csv_field_u64(s, UINT64_MAX, &v))
		return false;
	switch (col) {
	case COL_STOS:
		if (v > 255)
			return false;
		f->tos = (uint8_t)v;
		f->present |= FLOW_HAS_TOS;
		break;
	case COL_IPKT:
		f->packets = v;
		f->present |= FLOW_HAS_PACKETS;
		break;
	case COL_IBYT:
		f->bytes = v;
		f->present |= FLOW_HAS_BYTES;
		break;
	case COL_FL:
		f->flows = v;
		f->present |= FLOW_HAS_FLOWS;
		break;
	case COL_IN:
	case COL_OUT:
	case COL_SAS:
	case COL_DAS:
		if (v > UINT32_MAX)
			return false;
		if (col == COL_IN) {
			f->in_if = (uint32_t)v;
			f->present |= FLOW_HAS_IN_IF;
		} else if (col == COL_OUT) {
			f->out_if = (uint32_t)v;
			f->present |= FLOW_HAS_OUT_IF;
		} else if (col == COL_SAS) {
			f->src_as = (uint32_t)v;
			f->present |= FLOW_HAS_SRC_AS;
		} else {
			f->dst_as = (uint32_t)v;
			f->present |= FLOW_HAS_DST_AS;
		}
		break;
	case COL_SMK:
	case COL_DMK:
		if (v > 128)
			return false;
		if (col == COL_SMK) {
			f->src_mask = (uint8_t)v;
			f->present |= FLOW_HAS_SRC_MASK;
		} else {
			f->dst_mask = (uint8_t)v;
			f->present |= FLOW_HAS_DST_MASK;
		}
		break;
	case COL_DIR:
		if (v > 255)
			return false;
		f->direction = (uint8_t)v;
		f->present |= FLOW_HAS_DIRECTION;
		break;
	default:
		return false;
	}
	return true;
}

static void
fill_error(struct nfdump_csv *r, struct decode_error *err, uint64_t offset,
    enum skip_reason reason)
{
	decode_error_set(err, r->file, offset, r->lines, "line", reason);
}

/* Quote at most 60 bytes of a value in an error message. */
static void
bad_value(struct decode_error *err, const char *column, const char *what,
    const char *value)
{
	snprintf(err->detail, sizeof(err->detail), "column %s: bad %s '%.60s%s'",
	    column, what, value, strlen(value) > 60 ? "..." : "");
}

/* Build the record of the split line; false with err->detail set. */
static bool
decode_record(struct nfdump_csv *r, struct decode_error *err)
{
	struct flow_record *f = &r->rec;
	int c;

	if (csv_split_count(&r->cols) != r->header_fields) {
		snprintf(err->detail, sizeof(err->detail),
		    "%zu fields, the header has %zu",
		    csv_split_count(&r->cols), r->header_fields);
		return false;
	}
	memset(f, 0, sizeof(*f));
	f->version = 0;
	f->packet_no = r->lines;
	for (c = 0; c < NCOLUMNS; c++) {
		const char *s;

		if (r->column_of[c] < 0)
			continue;
		s = csv_split_field(&r->cols, (size_t)r->column_of[c]);
		if (*s == '\0') {
			/* Required columns must hold a value. */
			if (c == COL_TS || c == COL_SA || c == COL_DA) {
				snprintf(err->detail, sizeof(err->detail),
				    "column %s: empty", column_label[c]);
				return false;
			}
			continue;
		}
		if (!set_field(f, (enum nfcsv_column)c, s)) {
			bad_value(err, column_label[c], column_what[c], s);
			return false;
		}
	}
	return true;
}

/* --- reading lines ---------------------------------------------------- */

/* Is this the line that starts nfdump's summary block? */
static bool
is_summary(const uint8_t *line, size_t len)
{
	return len >= 7 && memcmp(line, "Summary", 7) == 0 &&
	    (len == 7 || line[7] == ',' || line[7] == ' ');
}

enum flow_status
nfdump_csv_next(struct nfdump_csv *r, const struct flow_record **rec,
    struct decode_error *err)
{
	for (;;) {
		const uint8_t *line;
		size_t len = 0, consumed = 0;
		const char *why = NULL;
		uint64_t offset;
		enum input_line_status st;

		if (r->ended)
			return FLOW_END;
		offset = input_offset(r->in);
		st = input_line(r->in, NFCSV_MAX_LINE, &line, &len, &consumed,
		    &why);
		if (st == INPUT_LINE_EOF) {
			r->ended = true;
			return FLOW_END;
		}
		r->lines++;
		if (st == INPUT_LINE_DAMAGED) {
			r->ended = true;
			fill_error(r, err, offset, SKIP_DECOMPRESS);
			snprintf(err->detail, sizeof(err->detail), "%s", why);
			return FLOW_SKIP;
		}
		if (st == INPUT_LINE_TOO_LONG) {
			/* Skip to the next line break, or the end. */
			fill_error(r, err, offset, SKIP_BAD_CSV);
			snprintf(err->detail, sizeof(err->detail),
			    "line longer than %u bytes", NFCSV_MAX_LINE);
			input_consume(r->in, consumed);
			(void)input_skip_line(r->in);
			return FLOW_SKIP;
		}

		if (r->have_header && is_summary(line, len)) {
			r->ended = true;
			return FLOW_END;
		}
		if (csv_line_blank(line, len)) {
			input_consume(r->in, consumed);
			continue;
		}
		if (!csv_split_line(&r->cols, line, len)) {
			input_consume(r->in, consumed);
			fill_error(r, err, offset, SKIP_BAD_CSV);
			snprintf(err->detail, sizeof(err->detail),
			    "not a CSV line (unbalanced quote or too long)");
			if (!r->have_header)
				r->ended = true;
			return FLOW_SKIP;
		}
		input_consume(r->in, consumed);

		if (!r->have_header) {
			if (!read_header(r)) {
				r->ended = true;
				fill_error(r, err, offset, SKIP_BAD_CSV);
				snprintf(err->detail, sizeof(err->detail),
				    "not an nfdump CSV header (needs ts, sa "
				    "and da)");
				return FLOW_SKIP;
			}
			r->have_header = true;
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
			return FLOW_SKIP;
		}
		*rec = &r->rec;
		return FLOW_OK;
	}
}

/* --- detection and life ----------------------------------------------- */

bool
nfdump_csv_detect(const uint8_t *data, size_t len)
{
	static const char *const required[] = { "ts", "te", "sa", "da", "sp",
	    "dp", "pr" };
	bool seen[sizeof(required) / sizeof(required[0])] = { false };
	const uint8_t *nl = memchr(data, '\n', len);
	size_t end = nl != NULL ? (size_t)(nl - data) : len;
	size_t start = 0, i, k;

	if (end > 4096)
		return false;
	for (i = 0; i <= end; i++) {
		size_t n;

		if (i < end && data[i] != ',' && data[i] != '\r')
			continue;
		n = i - start;
		for (k = 0; k < sizeof(required) / sizeof(required[0]); k++)
			if (n == strlen(required[k]) &&
			    memcmp(data + start, required[k], n) == 0)
				seen[k] = true;
		start = i + 1;
	}
	for (k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (!seen[k])
			return false;
	return true;
}

struct nfdump_csv *
nfdump_csv_open(struct input *in, const char *file)
{
	struct nfdump_csv *r = calloc(1, sizeof(*r));

	if (r == NULL)
		goto fail;
	r->in = in;
	r->file = file;
	if (csv_split_init(&r->cols) == -1)
		goto fail;
	return r;
fail:
	free(r);
	return NULL;
}

void
nfdump_csv_close(struct nfdump_csv *r)
{
	if (r == NULL)
		return;
	csv_split_free(&r->cols);
	free(r);
}

uint64_t
nfdump_csv_lines(const struct nfdump_csv *r)
{
	return r->lines;
}
