/*
 * flow_writer.c -- lightsout's text and CSV formats for flow records.
 *
 * Text joins the columns with '|' and leaves out the last two (file,
 * packet); CSV writes all of them.  Only the file name can hold a comma
 * or a quote, so it alone goes through the CSV quoting.  Times are ISO
 * 8601 UTC with milliseconds; TCP flags are hexadecimal as tshark prints
 * them; everything else is decimal.
 */
#include <string.h>

#include "reports/csv_out.h"
#include "reports/flow_writer.h"

const char *const flow_columns[] = {
	"start", "end", "src", "dst", "src_port", "dst_port", "proto",
	"tcp_flags", "icmp_type", "icmp_code", "bytes", "packets", "flows",
	"in_if", "out_if", "src_as", "dst_as", "next_hop", "src_mask",
	"dst_mask", "tos", "direction", "sampling_rate", "exporter", "domain",
	"version", "template", "export_time", "start_uptime", "end_uptime",
	"file", "packet", NULL
};

static void
sep(struct outbuf *o, char c)
{
	outbuf_char(o, c);
}

static void
opt_u64(struct outbuf *o, const struct flow_record *f, uint32_t bit,
    uint64_t v)
{
	if (f->present & bit)
		outbuf_u64(o, v);
}

static void
opt_time(struct outbuf *o, const struct flow_record *f, uint32_t bit,
    int64_t ms)
{
	if (f->present & bit)
		outbuf_iso_time_ms(o, ms);
}

static void
hex16(struct outbuf *o, uint16_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[6];
	size_t n = 0;

	tmp[n++] = '0';
	tmp[n++] = 'x';
	if (v > 0xff) {
		tmp[n++] = digits[v >> 12];
		tmp[n++] = digits[(v >> 8) & 0xf];
	}
	tmp[n++] = digits[(v >> 4) & 0xf];
	tmp[n++] = digits[v & 0xf];
	outbuf_mem(o, tmp, n);
}

/* Uptime in seconds with milliseconds, as tshark shows it. */
static void
uptime(struct outbuf *o, uint32_t ms)
{
	outbuf_u64(o, ms / 1000);
	outbuf_char(o, '.');
	outbuf_u32_pad(o, ms % 1000, 3);
}

/* Every column but file and packet, joined by c. */
static void
fields(struct outbuf *o, const struct flow_record *f, char c)
{
	opt_time(o, f, FLOW_HAS_START, f->start_ms);
	sep(o, c);
	opt_time(o, f, FLOW_HAS_END, f->end_ms);
	sep(o, c);
	outbuf_addr(o, &f->src);
	sep(o, c);
	outbuf_addr(o, &f->dst);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_SRC_PORT, f->src_port);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_DST_PORT, f->dst_port);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_PROTO, f->proto);
	sep(o, c);
	if (f->present & FLOW_HAS_TCP_FLAGS)
		hex16(o, f->tcp_flags);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_ICMP, f->icmp_type);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_ICMP, f->icmp_code);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_BYTES, f->bytes);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_PACKETS, f->packets);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_FLOWS, f->flows);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_IN_IF, f->in_if);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_OUT_IF, f->out_if);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_SRC_AS, f->src_as);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_DST_AS, f->dst_as);
	sep(o, c);
	outbuf_addr(o, &f->next_hop);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_SRC_MASK, f->src_mask);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_DST_MASK, f->dst_mask);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_TOS, f->tos);
	sep(o, c);
	if (f->present & FLOW_HAS_DIRECTION)
		outbuf_str(o, f->direction == FLOW_DIR_INGRESS ? "in" :
		    f->direction == FLOW_DIR_EGRESS ? "out" : "?");
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_SAMPLING, f->sampling_rate);
	sep(o, c);
	outbuf_addr(o, &f->exporter);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_DOMAIN, f->domain);
	sep(o, c);
	if (f->version != 0)
		outbuf_u64(o, f->version);
	sep(o, c);
	opt_u64(o, f, FLOW_HAS_TEMPLATE, f->template_id);
	sep(o, c);
	opt_time(o, f, FLOW_HAS_EXPORT_TIME, f->export_ms);
	sep(o, c);
	if (f->present & FLOW_HAS_START_UPTIME)
		uptime(o, f->start_uptime_ms);
	sep(o, c);
	if (f->present & FLOW_HAS_END_UPTIME)
		uptime(o, f->end_uptime_ms);
}

void
flow_write_header(struct outbuf *o, enum record_format fmt)
{
	if (fmt == RECORD_CSV)
		csv_out_header(o, flow_columns);
}

void
flow_write(struct outbuf *o, enum record_format fmt,
    const struct flow_record *f, const char *file)
{
	if (fmt == RECORD_TEXT) {
		fields(o, f, '|');
		outbuf_char(o, '\n');
		return;
	}
	fields(o, f, ',');
	outbuf_char(o, ',');
	csv_out_field(o, file, strlen(file));
	outbuf_char(o, ',');
	outbuf_u64(o, f->packet_no);
	outbuf_str(o, "\r\n");
}
