/*
 * diag.c -- names, formatting and tallies of decode problems.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "parsers/diag.h"

static const char *const reason_names[SKIP_NREASONS] = {
	[SKIP_TORN_HEADER] = "torn record header",
	[SKIP_TRUNCATED] = "truncated record",
	[SKIP_DECOMPRESS] = "damaged compressed stream",
	[SKIP_BAD_LENGTH] = "impossible length",
	[SKIP_MALFORMED] = "malformed record",
	[SKIP_BAD_MARKER] = "bad BGP marker",
	[SKIP_NO_PEER_INDEX] = "no peer index table",
	[SKIP_BAD_PEER_INDEX] = "unknown peer index",
	[SKIP_IO] = "read error",
	[SKIP_BAD_PACKET] = "malformed packet",
	[SKIP_BAD_EXPORT] = "malformed export packet",
	[SKIP_BAD_TEMPLATE] = "malformed template",
	[SKIP_NO_TEMPLATE] = "data without template",
	[SKIP_FRAGMENT] = "unreassembled fragment",
	[SKIP_BAD_CSV] = "malformed CSV line",
	[SKIP_BAD_JSON] = "invalid JSON",
	[SKIP_MISSING_FIELD] = "result missing a required field",
	[SKIP_BAD_LINE] = "malformed log line",
	[SKIP_BAD_WARTS] = "malformed warts record",
	[SKIP_UNKNOWN_TYPE] = "unsupported MRT type",
	[SKIP_UNKNOWN_SUBTYPE] = "unsupported MRT subtype",
	[SKIP_UNSUPPORTED_AFI] = "unsupported AFI/SAFI",
	[SKIP_TOO_LARGE] = "record too large",
	[NOTE_ADDPATH_FOUND] = "ADD-PATH identifiers in a non-ADD-PATH record",
	[NOTE_RIS2000_TABLE_DUMP] = "RIS 2000 TABLE_DUMP layout",
	[NOTE_NOT_UDP] = "packet not IP/UDP",
	[NOTE_NOT_EXPORT] = "UDP datagram not NetFlow/IPFIX",
	[NOTE_UNKNOWN_LINKTYPE] = "unsupported link type",
	[NOTE_ENTERPRISE_FIELD] = "enterprise-specific field skipped",
	[NOTE_OPTIONS_RECORD] = "options record (not a flow)",
	[NOTE_UNKNOWN_SET] = "unknown set id",
	[NOTE_OTHER_RESULT] = "result type not decoded",
};

const char *
skip_reason_name(enum skip_reason r)
{
	if (r >= SKIP_NREASONS)
		return "unknown";
	return reason_names[r];
}

bool
skip_reason_is_error(enum skip_reason r)
{
	return r < SKIP_UNKNOWN_TYPE;
}

void
decode_error_format(const struct decode_error *e, char *buf, size_t len)
{
	if (e->record_no > 0 && e->offset_in_record)
		snprintf(buf, len, "%s: %s %" PRIu64 ", offset %" PRIu64
		    " in it: %s: %s", e->file,
		    e->record_unit != NULL ? e->record_unit : "record",
		    e->record_no, e->offset, skip_reason_name(e->reason),
		    e->detail);
	else if (e->record_no > 0)
		snprintf(buf, len, "%s: offset %" PRIu64 ", %s %" PRIu64
		    ": %s: %s", e->file, e->offset,
		    e->record_unit != NULL ? e->record_unit : "record",
		    e->record_no,
		    skip_reason_name(e->reason), e->detail);
	else
		snprintf(buf, len, "%s: offset %" PRIu64 ": %s: %s", e->file,
		    e->offset, skip_reason_name(e->reason), e->detail);
}

void
decode_error_print(FILE *fp, const struct decode_error *e)
{
	char line[512];

	decode_error_format(e, line, sizeof(line));
	fprintf(fp, "lightsout: %s\n", line);
}

uint64_t
decode_stats_skipped(const struct decode_stats *s, bool errors_only)
{
	uint64_t total = 0;
	int r;

	for (r = 0; r < SKIP_NREASONS; r++)
		if (!errors_only || skip_reason_is_error(r))
			total += s->skipped[r];
	return total;
}

void
decode_stats_format(const char *name, const struct decode_stats *s,
    const char *const units[4], char *buf, size_t len)
{
	size_t n;
	int r, w;
	bool first = true;

	w = snprintf(buf, len, "%s: %" PRIu64 " %s, %" PRIu64 " decoded, %"
	    PRIu64 " %s; skipped or noted:", name, s->records,
	    s->records == 1 ? units[0] : units[1], s->decoded, s->items,
	    s->items == 1 ? units[2] : units[3]);
	if (w < 0)
		return;
	for (r = 0; r < SKIP_NREASONS; r++) {
		n = strlen(buf);
		if (s->skipped[r] == 0 || n + 1 >= len)
			continue;
		snprintf(buf + n, len - n, "%s %" PRIu64 " %s",
		    first ? "" : ",", s->skipped[r], skip_reason_name(r));
		first = false;
	}
}

void
decode_error_report(FILE *fp, const struct decode_error *e, bool *noted)
{
	char line[512];

	if (skip_reason_is_error(e->reason)) {
		decode_error_print(fp, e);
		return;
	}
	if (noted[e->reason])
		return;
	noted[e->reason] = true;
	decode_error_format(e, line, sizeof(line));
	fprintf(fp, "lightsout: note: %s (further ones counted in the "
	    "summary)\n", line);
}

void
decode_stats_print_summary(FILE *fp, const char *name,
    const struct decode_stats *s, const char *unit, const char *units,
    const char *item, const char *items)
{
	const char *const names[4] = { unit, units, item, items };
	char line[1024];

	decode_stats_format(name, s, names, line, sizeof(line));
	fprintf(fp, "lightsout: %s\n", line);
}

void
decode_error_set(struct decode_error *e, const char *file, uint64_t offset,
    uint64_t record_no, const char *unit, enum skip_reason reason)
{
	memset(e, 0, sizeof(*e));
	e->file = file;
	e->offset = offset;
	e->record_no = record_no;
	e->record_unit = unit;
	e->reason = reason;
}
