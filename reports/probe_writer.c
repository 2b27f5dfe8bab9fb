/*
 * probe_writer.c -- lightsout's text and CSV formats for probe records.
 *
 * Text joins the columns with '|' and leaves out the last two (file,
 * record); CSV writes all of them, the strings that may hold a comma or
 * a quote (vantage, target name, file) through the CSV quoting.  Times
 * are ISO 8601 UTC with milliseconds; RTTs are milliseconds with three
 * decimals, as RIPE Atlas and sagan give them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/csv_out.h"
#include "reports/probe_writer.h"

const char *const probe_columns[] = {
	"time", "end", "kind", "vantage", "prb_id", "msm_id", "firmware",
	"af", "src", "from", "dst", "dst_name", "sent", "received", "rtt_min",
	"rtt_avg", "rtt_max", "rtt_median", "hops", "reached",
	"last_hop_responded", "last_hop", "last_rtt", "error", "source",
	"file", "record", NULL
};

static const char *const kind_names[] = {
	[PROBE_PING] = "ping", [PROBE_TRACE] = "traceroute",
};

static const char *const source_names[] = {
	[PROBE_SRC_ATLAS] = "atlas", [PROBE_SRC_WARTS] = "warts",
	[PROBE_SRC_PINGLOG] = "pinglog", [PROBE_SRC_CSV] = "csv",
};

/*
 * Milliseconds, rounded to the microsecond: "12.345".  A value no probe
 * can measure (damaged input: beyond 10^12 ms, infinite, not a number)
 * is printed as printf prints it, rather than overflow the integer path.
 */
static void
rtt(struct outbuf *o, double ms)
{
	char text[64];
	int64_t us;

	if (!(fabs(ms) < 1e12)) {
		snprintf(text, sizeof(text), "%.3f", ms);
		outbuf_str(o, text);
		return;
	}
	us = (int64_t)llround(ms * 1000.0);

	if (us < 0) {
		outbuf_char(o, '-');
		us = -us;
	}
	outbuf_u64(o, (uint64_t)(us / 1000));
	outbuf_char(o, '.');
	outbuf_u32_pad(o, (uint32_t)(us % 1000), 3);
}

static void
opt_u64(struct outbuf *o, const struct probe_record *p, uint32_t bit,
    uint64_t v)
{
	if (p->present & bit)
		outbuf_u64(o, v);
}

static void
opt_bool(struct outbuf *o, const struct probe_record *p, uint32_t bit,
    bool v)
{
	if (p->present & bit)
		outbuf_str(o, v ? "true" : "false");
}

static void
text_field(struct outbuf *o, const char *s, enum record_format fmt)
{
	if (s == NULL)
		return;
	if (fmt == RECORD_CSV)
		csv_out_field(o, s, strlen(s));
	else
		outbuf_str(o, s);
}

static void
name(struct outbuf *o, const char *const *names, size_t n, unsigned v)
{
	if (v < n && names[v] != NULL)
		outbuf_str(o, names[v]);
}

void
probe_write_header(struct outbuf *o, enum record_format fmt)
{
	if (fmt == RECORD_CSV)
		csv_out_header(o, probe_columns);
}

void
probe_write(struct outbuf *o, enum record_format fmt,
    const struct probe_record *p, const char *file)
{
	char c = fmt == RECORD_CSV ? ',' : '|';

	if (p->present & PROBE_HAS_TIME)
		outbuf_iso_time_ms(o, p->time_ms);
	outbuf_char(o, c);
	if (p->present & PROBE_HAS_END)
		outbuf_iso_time_ms(o, p->end_ms);
	outbuf_char(o, c);
	name(o, kind_names, sizeof(kind_names) / sizeof(kind_names[0]),
	    p->kind);
	outbuf_char(o, c);
	text_field(o, p->vantage, fmt);
	outbuf_char(o, c);
	opt_u64(o, p, PROBE_HAS_PRB_ID, p->prb_id);
	outbuf_char(o, c);
	opt_u64(o, p, PROBE_HAS_MSM_ID, p->msm_id);
	outbuf_char(o, c);
	opt_u64(o, p, PROBE_HAS_FIRMWARE, p->firmware);
	outbuf_char(o, c);
	opt_u64(o, p, PROBE_HAS_AF, p->af);
	outbuf_char(o, c);
	outbuf_addr(o, &p->src);
	outbuf_char(o, c);
	outbuf_addr(o, &p->from);
	outbuf_char(o, c);
	outbuf_addr(o, &p->dst);
	outbuf_char(o, c);
	text_field(o, p->dst_name, fmt);
	outbuf_char(o, c);
	opt_u64(o, p, PROBE_HAS_SENT, p->sent);
	outbuf_char(o, c);
	opt_u64(o, p, PROBE_HAS_RECEIVED, p->received);
	outbuf_char(o, c);
	if (p->present & PROBE_HAS_RTT)
		rtt(o, p->rtt_min);
	outbuf_char(o, c);
	if (p->present & PROBE_HAS_RTT)
		rtt(o, p->rtt_avg);
	outbuf_char(o, c);
	if (p->present & PROBE_HAS_RTT)
		rtt(o, p->rtt_max);
	outbuf_char(o, c);
	if (p->present & PROBE_HAS_RTT_MEDIAN)
		rtt(o, p->rtt_median);
	outbuf_char(o, c);
	opt_u64(o, p, PROBE_HAS_HOPS, p->hop_count);
	outbuf_char(o, c);
	opt_bool(o, p, PROBE_HAS_REACHED, p->dest_reached);
	outbuf_char(o, c);
	opt_bool(o, p, PROBE_HAS_LAST_HOP, p->last_hop_responded);
	outbuf_char(o, c);
	outbuf_addr(o, &p->last_hop);
	outbuf_char(o, c);
	if (p->present & PROBE_HAS_LAST_RTT)
		rtt(o, p->last_median_rtt);
	outbuf_char(o, c);
	opt_bool(o, p, PROBE_HAS_ERROR, p->is_error);
	outbuf_char(o, c);
	name(o, source_names, sizeof(source_names) / sizeof(source_names[0]),
	    p->source);
	if (fmt == RECORD_TEXT) {
		outbuf_char(o, '\n');
		return;
	}
	outbuf_char(o, ',');
	csv_out_field(o, file, strlen(file));
	outbuf_char(o, ',');
	outbuf_u64(o, p->record_no);
	outbuf_str(o, "\r\n");
}
