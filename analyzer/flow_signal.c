/*
 * flow_signal.c -- flow records counted per bin and direction against
 * the target.
 *
 * The state of a bin is allocated on its first flow: a bin without
 * flows costs one pointer.  Within a bin, the exact address sets grow
 * with their content up to tuning->distinct_exact, a HyperLogLog (16
 * KiB) replaces one only past that, and a top list allocates its
 * 8 * tuning->top counters on its first key.
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/distinct.h"
#include "analyzer/flow_signal.h"
#include "analyzer/topk.h"
#include "reports/outbuf.h"		/* format_u64 */

enum flow_direction {
	DIR_TOWARDS,
	DIR_FROM,
	NDIRECTIONS
};

static const char *const direction_scope[NDIRECTIONS] = { "towards", "from" };

enum flow_proto_class {
	PROTO_TCP,
	PROTO_UDP,
	PROTO_ICMP,
	PROTO_OTHER,
	NPROTO_CLASSES
};

static const char *const proto_metric[NPROTO_CLASSES] = {
	"bytes_tcp", "bytes_udp", "bytes_icmp", "bytes_other"
};

enum flow_top_list {
	TOP_SRC,
	TOP_DST,
	TOP_SRC_PORT,
	TOP_DST_PORT,
	NTOP_LISTS
};

static const char *const top_metric[NTOP_LISTS] = {
	"top_src", "top_dst", "top_src_port", "top_dst_port"
};

/* Space-Saving counters per top-N entry asked for (flow_signal.h). */
#define TOP_COUNTERS_PER_ENTRY	8

/* TCP flags (RFC 9293 3.1): the six of RFC 793; ECE and CWR aside. */
#define TCP_FLAGS_CLASSIC	0x3f
#define TCP_FLAG_SYN		0x02

struct flow_direction_state {
	uint64_t	 bytes, packets, flows;		/* scaled */
	uint64_t	 bytes_proto[NPROTO_CLASSES];
	uint64_t	 bytes_reflection;
	uint64_t	 tcp_flows_flagged;	/* TCP flows with flags */
	uint64_t	 tcp_flows_syn_only;
	struct distinct	 src_addrs, dst_addrs;
	struct topk	 top[NTOP_LISTS];
};

struct flow_bin {
	struct flow_direction_state dir[NDIRECTIONS];
};

struct flow_signal {
	struct bin_grid	 grid;
	const struct target *target;
	const struct event_tuning *tuning;
	struct flow_bin	**bins;		/* NULL: no flow in the bin */
	uint64_t	*seen;		/* per bin: timed flows, any target */
	uint32_t	 top_counters;
	struct flow_signal_stats stats;
	/* Scratch for flow_signal_rows: sorted counters, list text. */
	struct topk_entry *sorted;
	char		*text;
	size_t		 textlen;
};

/* What a bin without flows reads as: all zero. */
static const struct flow_direction_state empty_direction;

static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

static uint64_t
mul_sat(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct flow_signal *
flow_signal_new(const struct bin_grid *grid, const struct target *target,
    const struct event_tuning *tuning)
{
	struct flow_signal *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->grid = *grid;
	s->target = target;
	s->tuning = tuning;
	s->top_counters = tuning->top > UINT32_MAX / TOP_COUNTERS_PER_ENTRY ?
	    UINT32_MAX : tuning->top * TOP_COUNTERS_PER_ENTRY;
	/* A list entry: an address, '=', a count, a space. */
	s->textlen = (size_t)tuning->top * (INET6_ADDRSTRLEN + 22) + 1;
	if ((s->bins = calloc(grid->nbins, sizeof(*s->bins))) == NULL ||
	    (s->seen = calloc(grid->nbins, sizeof(*s->seen))) == NULL ||
	    (s->sorted = calloc(s->top_counters == 0 ? 1 : s->top_counters,
	    sizeof(*s->sorted))) == NULL ||
	    (s->text = malloc(s->textlen)) == NULL)
		goto fail;
	return s;
fail:
	flow_signal_free(s);
	return NULL;
}

static void
bin_free(struct flow_bin *b)
{
	int d, k;

	if (b == NULL)
		return;
	for (d = 0; d < NDIRECTIONS; d++) {
		distinct_free(&b->dir[d].src_addrs);
		distinct_free(&b->dir[d].dst_addrs);
		for (k = 0; k < NTOP_LISTS; k++)
			topk_free(&b->dir[d].top[k]);
	}
	free(b);
}

void
flow_signal_free(struct flow_signal *s)
{
	uint32_t i;

	if (s == NULL)
		return;
	if (s->bins != NULL)
		for (i = 0; i < s->grid.nbins; i++)
			bin_free(s->bins[i]);
	free(s->bins);
	free(s->seen);
	free(s->sorted);
	free(s->text);
	free(s);
}

static struct flow_bin *
bin_get(struct flow_signal *s, uint32_t i)
{
	struct flow_bin *b;
	int d, k;

	if (s->bins[i] != NULL)
		return s->bins[i];
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	for (d = 0; d < NDIRECTIONS; d++) {
		distinct_init(&b->dir[d].src_addrs, s->tuning->distinct_exact);
		distinct_init(&b->dir[d].dst_addrs, s->tuning->distinct_exact);
		for (k = 0; k < NTOP_LISTS; k++)
			topk_init(&b->dir[d].top[k], s->top_counters);
	}
	s->bins[i] = b;
	return b;
}

/*
 * The second a flow is binned at: its start (nfdump's rule), else its
 * export time, else its capture time; false when it has none.
 */
static bool
flow_second(const struct flow_record *rec, int64_t *t)
{
	if (rec->present & FLOW_HAS_START)
		*t = floor_div(rec->start_ms, 1000);
	else if (rec->present & FLOW_HAS_EXPORT_TIME)
		*t = floor_div(rec->export_ms, 1000);
	else if (rec->present & FLOW_HAS_RECV_TIME)
		*t = floor_div(rec->recv_us, 1000000);
	else
		return false;
	return true;
}

static enum flow_proto_class
proto_class(const struct flow_record *rec)
{
	if (!(rec->present & FLOW_HAS_PROTO))
		return PROTO_OTHER;
	switch (rec->proto) {
	case 6:
		return PROTO_TCP;
	case 17:
		return PROTO_UDP;
	case 1:		/* ICMP */
	case 58:	/* ICMPv6 */
		return PROTO_ICMP;
	default:
		return PROTO_OTHER;
	}
}

/*
 * Ports mean something for TCP, UDP, DCCP (33), SCTP (132) and UDP-Lite
 * (136) only; NetFlow v5 puts ICMP type and code in the port fields.
 */
static bool
proto_has_ports(const struct flow_record *rec)
{
	if (!(rec->present & FLOW_HAS_PROTO))
		return false;
	return rec->proto == 6 || rec->proto == 17 || rec->proto == 33 ||
	    rec->proto == 132 || rec->proto == 136;
}

static int
port_cmp(const void *key, const void *elem)
{
	uint16_t a = *(const uint16_t *)key, b = *(const uint16_t *)elem;

	return (a > b) - (a < b);
}

static bool
is_reflection(const struct flow_signal *s, const struct flow_record *rec)
{
	if (!flow_has(rec, FLOW_HAS_PROTO | FLOW_HAS_SRC_PORT) ||
	    rec->proto != 17 || s->tuning->nreflection_ports == 0)
		return false;
	return bsearch(&rec->src_port, s->tuning->reflection_ports,
	    s->tuning->nreflection_ports, sizeof(uint16_t), port_cmp) != NULL;
}

/* The record's figures, scaled, as they go into every direction. */
struct flow_weights {
	uint64_t	 bytes, packets, flows;
	enum flow_proto_class proto;
	bool		 reflection;
	bool		 tcp_flagged, syn_only;
	bool		 ports;
};

static int
count_direction(struct flow_direction_state *d, const struct flow_record *rec,
    const struct flow_weights *w)
{
	struct ip_addr key;

	d->bytes = add_sat(d->bytes, w->bytes);
	d->packets = add_sat(d->packets, w->packets);
	d->flows = add_sat(d->flows, w->flows);
	d->bytes_proto[w->proto] = add_sat(d->bytes_proto[w->proto],
	    w->bytes);
	if (w->reflection)
		d->bytes_reflection = add_sat(d->bytes_reflection, w->bytes);
	if (w->tcp_flagged)
		d->tcp_flows_flagged = add_sat(d->tcp_flows_flagged, w->flows);
	if (w->syn_only)
		d->tcp_flows_syn_only = add_sat(d->tcp_flows_syn_only,
		    w->flows);
	if (distinct_add(&d->src_addrs, &rec->src) == -1 ||
	    distinct_add(&d->dst_addrs, &rec->dst) == -1)
		return -1;
	if (w->bytes == 0)
		return 0;
	if (rec->src.afi != 0 &&
	    topk_add(&d->top[TOP_SRC], &rec->src, w->bytes) == -1)
		return -1;
	if (rec->dst.afi != 0 &&
	    topk_add(&d->top[TOP_DST], &rec->dst, w->bytes) == -1)
		return -1;
	if (w->ports && (rec->present & FLOW_HAS_SRC_PORT)) {
		key = topk_port_key(rec->src_port);
		if (topk_add(&d->top[TOP_SRC_PORT], &key, w->bytes) == -1)
			return -1;
	}
	if (w->ports && (rec->present & FLOW_HAS_DST_PORT)) {
		key = topk_port_key(rec->dst_port);
		if (topk_add(&d->top[TOP_DST_PORT], &key, w->bytes) == -1)
			return -1;
	}
	return 0;
}

int
flow_signal_add(struct flow_signal *s, const struct flow_record *rec)
{
	struct flow_weights w;
	struct flow_bin *b;
	int64_t t, bin;
	uint64_t scale = 1;
	bool towards, from;

	s->stats.flows++;
	if (!flow_second(rec, &t)) {
		s->stats.untimed++;
		return 0;
	}
	if ((bin = bin_of(&s->grid, t)) < 0)
		return 0;
	s->stats.in_window++;
	s->seen[bin]++;
	towards = rec->dst.afi != 0 && target_covers_addr(s->target, &rec->dst);
	from = rec->src.afi != 0 && target_covers_addr(s->target, &rec->src);
	if (!towards && !from)
		return 0;
	s->stats.matched++;

	if ((rec->present & FLOW_HAS_SAMPLING) && rec->sampling_rate > 1)
		scale = rec->sampling_rate;
	memset(&w, 0, sizeof(w));
	if (rec->present & FLOW_HAS_BYTES)
		w.bytes = mul_sat(rec->bytes, scale);
	if (rec->present & FLOW_HAS_PACKETS)
		w.packets = mul_sat(rec->packets, scale);
	w.flows = mul_sat((rec->present & FLOW_HAS_FLOWS) ? rec->flows : 1,
	    scale);
	w.proto = proto_class(rec);
	w.reflection = is_reflection(s, rec);
	w.tcp_flagged = w.proto == PROTO_TCP &&
	    (rec->present & FLOW_HAS_TCP_FLAGS);
	w.syn_only = w.tcp_flagged &&
	    (rec->tcp_flags & TCP_FLAGS_CLASSIC) == TCP_FLAG_SYN;
	w.ports = proto_has_ports(rec);

	if ((b = bin_get(s, (uint32_t)bin)) == NULL)
		return -1;
	if (towards && count_direction(&b->dir[DIR_TOWARDS], rec, &w) == -1)
		return -1;
	if (from && count_direction(&b->dir[DIR_FROM], rec, &w) == -1)
		return -1;
	return 0;
}

static int
merge_direction(struct flow_direction_state *dst,
    const struct flow_direction_state *src)
{
	int k;

	dst->bytes = add_sat(dst->bytes, src->bytes);
	dst->packets = add_sat(dst->packets, src->packets);
	dst->flows = add_sat(dst->flows, src->flows);
	for (k = 0; k < NPROTO_CLASSES; k++)
		dst->bytes_proto[k] = add_sat(dst->bytes_proto[k],
		    src->bytes_proto[k]);
	dst->bytes_reflection = add_sat(dst->bytes_reflection,
	    src->bytes_reflection);
	dst->tcp_flows_flagged = add_sat(dst->tcp_flows_flagged,
	    src->tcp_flows_flagged);
	dst->tcp_flows_syn_only = add_sat(dst->tcp_flows_syn_only,
	    src->tcp_flows_syn_only);
	if (distinct_merge(&dst->src_addrs, &src->src_addrs) == -1 ||
	    distinct_merge(&dst->dst_addrs, &src->dst_addrs) == -1)
		return -1;
	for (k = 0; k < NTOP_LISTS; k++)
		if (topk_merge(&dst->top[k], &src->top[k]) == -1)
			return -1;
	return 0;
}

int
flow_signal_merge(struct flow_signal *dst, const struct flow_signal *src)
{
	struct flow_bin *b;
	uint32_t i;
	int d;

	if (dst->grid.start != src->grid.start ||
	    dst->grid.width != src->grid.width ||
	    dst->grid.nbins != src->grid.nbins)
		return -1;
	for (i = 0; i < src->grid.nbins; i++) {
		dst->seen[i] = add_sat(dst->seen[i], src->seen[i]);
		if (src->bins[i] == NULL)
			continue;
		if ((b = bin_get(dst, i)) == NULL)
			return -1;
		for (d = 0; d < NDIRECTIONS; d++)
			if (merge_direction(&b->dir[d],
			    &src->bins[i]->dir[d]) == -1)
				return -1;
	}
	dst->stats.flows += src->stats.flows;
	dst->stats.in_window += src->stats.in_window;
	dst->stats.matched += src->stats.matched;
	dst->stats.untimed += src->stats.untimed;
	return 0;
}

const struct flow_signal_stats *
flow_signal_stats(const struct flow_signal *s)
{
	return &s->stats;
}

/* part / whole, unknown when whole is 0. */
static void
emit_share(struct series_writer *w, const char *metric, uint64_t part,
    uint64_t whole)
{
	series_emit_value(w, metric, whole != 0, whole != 0 ?
	    (double)part / (double)whole : 0.0);
}

/*
 * The list's first tuning->top entries as "KEY=BYTES ..." into the
 * scratch text; returns the largest error among them.
 */
static uint64_t
format_top(const struct flow_signal *s, const struct topk *t, bool ports)
{
	char *p = s->text;
	uint32_t n, i;
	uint64_t worst = 0;

	n = topk_sorted(t, s->sorted);
	if (n > s->tuning->top)
		n = s->tuning->top;
	for (i = 0; i < n; i++) {
		const struct topk_entry *e = &s->sorted[i];

		if (i > 0)
			*p++ = ' ';
		if (ports)
			p += format_u64(p, topk_key_port(&e->key));
		else if (inet_ntop(e->key.afi == AFI_IPV4 ? AF_INET : AF_INET6,
		    e->key.bytes, p, INET6_ADDRSTRLEN) != NULL)
			p += strlen(p);
		*p++ = '=';
		p += format_u64(p, e->count);
		if (e->error > worst)
			worst = e->error;
	}
	*p = '\0';
	return worst;
}

static void
direction_rows(const struct flow_signal *s,
    const struct flow_direction_state *d, struct series_writer *w)
{
	double err_src = distinct_error(&d->src_addrs);
	double err_dst = distinct_error(&d->dst_addrs);
	uint64_t worst = 0, e;
	int k;

	series_emit_value(w, "bytes", true, (double)d->bytes);
	series_emit_value(w, "packets", true, (double)d->packets);
	series_emit_value(w, "flows", true, (double)d->flows);
	/* An estimate is still a count: whole numbers. */
	series_emit_value(w, "src_addrs", true,
	    round(distinct_count(&d->src_addrs)));
	series_emit_value(w, "dst_addrs", true,
	    round(distinct_count(&d->dst_addrs)));
	series_emit_value(w, "addrs_error", true,
	    err_src > err_dst ? err_src : err_dst);
	for (k = 0; k < NPROTO_CLASSES; k++)
		series_emit_value(w, proto_metric[k], true,
		    (double)d->bytes_proto[k]);
	emit_share(w, "reflection_share", d->bytes_reflection, d->bytes);
	emit_share(w, "syn_only_share", d->tcp_flows_syn_only,
	    d->tcp_flows_flagged);
	for (k = 0; k < NTOP_LISTS; k++) {
		e = format_top(s, &d->top[k], k == TOP_SRC_PORT ||
		    k == TOP_DST_PORT);
		if (e > worst)
			worst = e;
		series_emit_text(w, top_metric[k], s->text);
	}
	series_emit_value(w, "top_error", true, (double)worst);
}

void
flow_signal_rows(const struct flow_signal *s, uint32_t bin,
    series_emit_fn emit, void *arg)
{
	struct series_writer w;
	int d;

	if (bin >= s->grid.nbins)
		return;
	memset(&w, 0, sizeof(w));
	w.emit = emit;
	w.arg = arg;
	w.row.bin = bin;
	w.row.signal = "flow";
	for (d = 0; d < NDIRECTIONS; d++) {
		w.row.scope = direction_scope[d];
		direction_rows(s, s->bins[bin] != NULL ?
		    &s->bins[bin]->dir[d] : &empty_direction, &w);
	}
	/* Whether the exporters were heard at all: a collapse or silence. */
	w.row.scope = "all";
	series_emit_value(&w, "flows_seen", true, (double)s->seen[bin]);
}
