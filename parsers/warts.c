/*
 * warts.c -- scamper warts files through Debian's libscamperfile.
 *
 * libscamperfile does the decoding; this file feeds it and normalizes
 * what it returns.  The bytes come from the input layer through the
 * library's read hook (scamper_file_setreadfunc(), scamper_file.h): for
 * every read warts_read() in scamper_file_warts.c asks the hook for
 * exactly len bytes in a fresh malloc'd buffer that the library frees;
 * the hook returns 0 with the buffer, or -2 for end of file.  So
 * compressed files work as plain ones, with no pipe and no thread, and
 * the offset of every byte handed over is known.
 *
 * Warts framing (scamper warts(5)): every record starts with an 8-byte
 * header, magic 0x1205, 16-bit type, 32-bit length of the body.
 *
 * What libscamperfile does with damaged input (scamper 20211212):
 *   - a record whose body does not parse, or a header whose magic is not
 *     0x1205: scamper_file_read() returns -1.  The reader does not
 *     resynchronise, so neither do we: one SKIP_BAD_WARTS naming the
 *     offset of the record, then PROBE_END.
 *   - a file that ends inside a record: the hook cannot give all the
 *     bytes, says end of file, and the library reports a clean end; we
 *     know better and report SKIP_TRUNCATED (or SKIP_DECOMPRESS when the
 *     compressed stream broke).
 *   - it prints every record it fails to decode on stderr ("off 0x...
 *     magic ... type ... len ...", the offset meaningless without a
 *     descriptor); a bad magic we refuse first, so that one stays quiet.
 *   - bugs we work around or cannot: extract_addr() reads up to 16 bytes
 *     past a damaged record (READ_SLACK below keeps that inside our
 *     buffer); the ping reader leaks the ping and its replies when a
 *     reply does not parse (e.g. any byte of the replies of
 *     dioptra__ping_google_dns_v4_default.warts flipped), and the trace
 *     reader its hops when a hop does not parse (byte 162 of
 *     dioptra__trace_google_dns_v4_default.warts flipped); only a fixed
 *     library can stop those.
 *
 * Records: ping becomes PROBE_PING, trace and tracelb PROBE_TRACE; list
 * and cycle records are read for the vantage (cycle-start "hostname",
 * else the list's "monitor") and yield nothing; every other type
 * (dealias, neighbourdisc, tbit, sting, sniff, host) is skipped as
 * NOTE_OTHER_RESULT.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <netinet/in.h>	/* scamper_icmpext.h needs struct in_addr */

#include <scamper_addr.h>
#include <scamper_list.h>
#include <scamper_file.h>
#include <scamper_ping.h>
#include <scamper_trace.h>
#include <scamper_tracelb.h>
#include <scamper_dealias.h>
#include <scamper_neighbourdisc.h>
#include <scamper_tbit.h>
#include <scamper_sting.h>
#include <scamper_sniff.h>
#include <scamper_host.h>

#include "parsers/warts.h"

#define WARTS_MAGIC		0x1205
#define WARTS_HEADER_LEN	8
#define VANTAGE_MAX		256
/*
 * libscamperfile 20211212 reads embedded addresses (extract_addr() into
 * scamper_addr_alloc()) without checking that the address bytes lie
 * inside the record: a damaged record makes it read up to 16 bytes past
 * the buffer (found by test_flipped_everywhere under ASan).  Every
 * buffer the hook hands over carries this many zero bytes beyond len, so
 * that over-read stays inside our allocation and reads zeros.
 */
#define READ_SLACK		64
#define UNKNOWN_PENDING_MAX	64	/* between two objects; more are
					 * counted without a message each */
#define OBJ_TYPE_MAX_KNOWN	SCAMPER_FILE_OBJ_HOST	/* scamper 20211212 */

struct warts_reader {
	struct input		*in;
	const char		*file;
	scamper_file_t		*sf;
	scamper_file_filter_t	*filter;
	bool			 done;

	/* What the read hook saw. */
	uint64_t		 next_header;	/* offset of the next record */
	uint64_t		 record_start;	/* offset of the last header read */
	bool			 short_read;	/* the hook ran out of bytes */
	uint64_t		 short_offset;	/* where */
	size_t			 short_want, short_have;
	bool			 too_large;	/* a length beyond the window */
	bool			 bad_magic;	/* a header not starting 0x1205 */
	uint16_t		 magic_seen;

	/*
	 * Records of types libscamperfile does not know: it reads and drops
	 * them silently, so the hook notes them from their headers and
	 * warts_next() reports each before the object that followed.
	 */
	struct {
		uint64_t	 offset;
		uint16_t	 type;
	}			 unknown[UNKNOWN_PENDING_MAX];
	unsigned		 unknown_count, unknown_emitted;
	uint16_t		 held_type;	/* object read behind them */
	void			*held_data;
	int			 held_status;
	bool			 holding;

	/* Vantage from the last cycle-start or list record. */
	char			 cycle_host[VANTAGE_MAX];
	char			 list_monitor[VANTAGE_MAX];
	char			 vantage[VANTAGE_MAX];

	struct probe_record	 rec;
	struct decode_stats	 stats;
};

static void	 free_object(uint16_t type, void *data);

/* The record types asked for: everything but the internal address type. */
static uint16_t wanted_types[] = {
	SCAMPER_FILE_OBJ_LIST,
	SCAMPER_FILE_OBJ_CYCLE_START,
	SCAMPER_FILE_OBJ_CYCLE_DEF,
	SCAMPER_FILE_OBJ_CYCLE_STOP,
	SCAMPER_FILE_OBJ_TRACE,
	SCAMPER_FILE_OBJ_PING,
	SCAMPER_FILE_OBJ_TRACELB,
	SCAMPER_FILE_OBJ_DEALIAS,
	SCAMPER_FILE_OBJ_NEIGHBOURDISC,
	SCAMPER_FILE_OBJ_TBIT,
	SCAMPER_FILE_OBJ_STING,
	SCAMPER_FILE_OBJ_SNIFF,
	SCAMPER_FILE_OBJ_HOST,
};

bool
warts_detect(const uint8_t *data, size_t len)
{
	uint16_t magic, type;

	if (len < WARTS_HEADER_LEN)
		return false;
	magic = (uint16_t)(data[0] << 8 | data[1]);
	type = (uint16_t)(data[2] << 8 | data[3]);
	return magic == WARTS_MAGIC && type >= SCAMPER_FILE_OBJ_LIST &&
	    type <= 0x20;
}

/* ------------------------------------------------------------------ */
/* The read hook                                                        */

/* A record header went by: where the next one starts; unknown types. */
static void
note_header(struct warts_reader *r, const uint8_t *hdr)
{
	uint16_t magic = (uint16_t)(hdr[0] << 8 | hdr[1]);
	uint16_t type = (uint16_t)(hdr[2] << 8 | hdr[3]);
	uint32_t len = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
	    (uint32_t)hdr[6] << 8 | hdr[7];

	r->next_header = r->record_start + WARTS_HEADER_LEN + len;
	if (magic != WARTS_MAGIC ||
	    (type >= SCAMPER_FILE_OBJ_LIST && type <= OBJ_TYPE_MAX_KNOWN))
		return;
	if (r->unknown_count - r->unknown_emitted < UNKNOWN_PENDING_MAX) {
		r->unknown[r->unknown_count % UNKNOWN_PENDING_MAX].offset =
		    r->record_start;
		r->unknown[r->unknown_count % UNKNOWN_PENDING_MAX].type = type;
		r->unknown_count++;
	} else {
		r->stats.records++;
		r->stats.skipped[NOTE_OTHER_RESULT]++;
	}
}

/*
 * scamper_file_readfunc_t: len bytes in a new buffer the library frees,
 * 0; -2 at the end of the content (also when fewer than len remain: the
 * caller learns of the truncation from short_read); -1 for a length the
 * input window cannot hold.
 */
static int
read_hook(void *param, uint8_t **data, size_t len)
{
	struct warts_reader *r = param;
	const uint8_t *bytes;
	uint8_t *copy;
	size_t have;
	bool at_header;

	*data = NULL;
	at_header = input_offset(r->in) == r->next_header &&
	    len == WARTS_HEADER_LEN;
	if (at_header)
		r->record_start = r->next_header;
	if (len > INPUT_MAX_WINDOW) {
		r->too_large = true;
		r->short_offset = input_offset(r->in);
		r->short_want = len;
		return -1;
	}
	have = input_peek(r->in, len, &bytes);
	/*
	 * A header without the magic: refuse it here, so that the library
	 * fails quietly (scamper_file_warts_read() would print the header
	 * and a meaningless offset on stderr before failing).
	 */
	if (at_header && have >= WARTS_HEADER_LEN &&
	    (bytes[0] << 8 | bytes[1]) != WARTS_MAGIC) {
		r->bad_magic = true;
		r->magic_seen = (uint16_t)(bytes[0] << 8 | bytes[1]);
		return -1;
	}
	if (have < len) {
		r->short_read = true;
		r->short_offset = input_offset(r->in);
		r->short_want = len;
		r->short_have = have;
		input_consume(r->in, have);
		return -2;
	}
	if ((copy = malloc(len + READ_SLACK)) == NULL)
		return -1;
	memcpy(copy, bytes, len);
	memset(copy + len, 0, READ_SLACK);
	if (at_header)
		note_header(r, bytes);
	input_consume(r->in, len);
	*data = copy;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Open and close                                                       */

struct warts_reader *
warts_open(struct input *in, const char *file, char *err, size_t errlen)
{
	struct warts_reader *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	r->in = in;
	r->file = file;
	r->next_header = input_offset(in);
	/*
	 * No descriptor: with a read hook set, warts_read() never touches
	 * it (scamper_file_warts.c), and the type is named so that
	 * scamper_file_openfd() does not read to detect it.
	 */
	r->sf = scamper_file_openfd(-1, (char *)file, 'r', (char *)"warts");
	if (r->sf == NULL) {
		snprintf(err, errlen, "%s: libscamperfile cannot open it "
		    "as warts", file);
		goto fail;
	}
	scamper_file_setreadfunc(r->sf, r, read_hook);
	r->filter = scamper_file_filter_alloc(wanted_types,
	    sizeof(wanted_types) / sizeof(wanted_types[0]));
	if (r->filter == NULL) {
		snprintf(err, errlen, "%s: libscamperfile: out of memory", file);
		goto fail;
	}
	return r;
fail:
	if (r->sf != NULL)
		scamper_file_close(r->sf);
	free(r);
	return NULL;
}

void
warts_close(struct warts_reader *r)
{
	if (r == NULL)
		return;
	if (r->holding && r->held_data != NULL)
		free_object(r->held_type, r->held_data);
	if (r->filter != NULL)
		scamper_file_filter_free(r->filter);
	if (r->sf != NULL)
		scamper_file_close(r->sf);	/* close(-1) is harmless */
	free(r);
}

const struct decode_stats *
warts_stats(const struct warts_reader *r)
{
	return &r->stats;
}

/* ------------------------------------------------------------------ */
/* Normalizing                                                          */

static int64_t
tv_ms(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000 + tv->tv_usec / 1000;
}

static double
tv_rtt_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1000.0 + (double)tv->tv_usec / 1000.0;
}

/* scamper_addr_t to ip_addr; absent (afi 0) for non-IP or NULL. */
static void
copy_addr(struct ip_addr *out, const scamper_addr_t *sa)
{
	memset(out, 0, sizeof(*out));
	if (sa == NULL || sa->addr == NULL)
		return;
	if (sa->type == SCAMPER_ADDR_TYPE_IPV4) {
		out->afi = AFI_IPV4;
		memcpy(out->bytes, sa->addr, 4);
	} else if (sa->type == SCAMPER_ADDR_TYPE_IPV6) {
		out->afi = AFI_IPV6;
		memcpy(out->bytes, sa->addr, 16);
	}
}

static void
set_common(struct warts_reader *r, const struct timeval *start,
    const scamper_addr_t *src, const scamper_addr_t *dst,
    const scamper_cycle_t *cycle, const scamper_list_t *list)
{
	struct probe_record *p = &r->rec;
	const char *host = NULL;

	memset(p, 0, sizeof(*p));
	p->source = PROBE_SRC_WARTS;
	p->record_no = r->stats.records;
	p->time_ms = tv_ms(start);
	p->present |= PROBE_HAS_TIME;
	copy_addr(&p->src, src);
	copy_addr(&p->dst, dst);
	if (p->dst.afi != 0) {
		p->af = p->dst.afi == AFI_IPV4 ? 4 : 6;
		p->present |= PROBE_HAS_AF;
	}
	/* The record's own cycle and list first, then the file's last. */
	if (cycle != NULL && cycle->hostname != NULL)
		host = cycle->hostname;
	else if (r->cycle_host[0] != '\0')
		host = r->cycle_host;
	else if (list != NULL && list->monitor != NULL)
		host = list->monitor;
	else if (r->list_monitor[0] != '\0')
		host = r->list_monitor;
	if (host != NULL) {
		snprintf(r->vantage, sizeof(r->vantage), "%s", host);
		p->vantage = r->vantage;
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of n values (sorted in place); n > 0. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/*
 * ping: statistics as scamper_ping_stats() computes them, which is what
 * sc_warts2json prints under "statistics" (replies: probes answered at
 * least once; min, avg, max).  End: the latest reply's arrival; without
 * replies scamper records no end and none is given.
 */
static void
normalize_ping(struct warts_reader *r, const scamper_ping_t *ping)
{
	struct probe_record *p = &r->rec;
	scamper_ping_stats_t stats;
	const scamper_ping_reply_t *reply;
	struct timeval rx;
	int64_t end_ms = 0;
	bool have_end = false;
	uint16_t i;

	set_common(r, &ping->start, ping->src, ping->dst, ping->cycle,
	    ping->list);
	p->kind = PROBE_PING;
	p->sent = ping->ping_sent;
	p->present |= PROBE_HAS_SENT;
	memset(&stats, 0, sizeof(stats));
	if (scamper_ping_stats(ping, &stats) == 0) {
		p->received = stats.nreplies;
		p->present |= PROBE_HAS_RECEIVED;
		if (stats.nreplies > 0) {
			p->rtt_min = tv_rtt_ms(&stats.min_rtt);
			p->rtt_avg = tv_rtt_ms(&stats.avg_rtt);
			p->rtt_max = tv_rtt_ms(&stats.max_rtt);
			p->present |= PROBE_HAS_RTT;
		}
	}
	for (i = 0; ping->ping_replies != NULL && i < ping->ping_sent; i++) {
		for (reply = ping->ping_replies[i]; reply != NULL;
		    reply = reply->next) {
			timeradd(&reply->tx, &reply->rtt, &rx);
			if (!have_end || tv_ms(&rx) > end_ms)
				end_ms = tv_ms(&rx);
			have_end = true;
		}
	}
	if (have_end) {
		p->end_ms = end_ms;
		p->present |= PROBE_HAS_END;
	}
}

/*
 * trace: hop_count is scamper's (sc_warts2json "hop_count"), sent its
 * probec ("probe_count"); reached when stop_reason is COMPLETED (the
 * target answered: port unreachable, echo reply or TCP); the last hop is
 * the highest TTL with a reply, its RTT the median of the replies from
 * the first responding address at that TTL.
 */
static void
normalize_trace(struct warts_reader *r, const scamper_trace_t *trace)
{
	struct probe_record *p = &r->rec;
	const scamper_trace_hop_t *hop, *last = NULL;
	double rtts[256];
	size_t nrtt = 0;
	int i;

	set_common(r, &trace->start, trace->src, trace->dst, trace->cycle,
	    trace->list);
	p->kind = PROBE_TRACE;
	p->sent = trace->probec;
	p->hop_count = trace->hop_count;
	p->dest_reached = trace->stop_reason == SCAMPER_TRACE_STOP_COMPLETED;
	p->present |= PROBE_HAS_SENT | PROBE_HAS_HOPS | PROBE_HAS_REACHED;
	if (trace->hops == NULL || trace->hop_count == 0)
		return;
	for (i = trace->hop_count - 1; i >= 0 && last == NULL; i--)
		last = trace->hops[i];
	p->last_hop_responded = trace->hops[trace->hop_count - 1] != NULL;
	p->present |= PROBE_HAS_LAST_HOP;
	if (last == NULL)
		return;
	copy_addr(&p->last_hop, last->hop_addr);
	for (hop = last; hop != NULL && nrtt < sizeof(rtts) / sizeof(rtts[0]);
	    hop = hop->hop_next)
		if (scamper_addr_cmp(hop->hop_addr, last->hop_addr) == 0)
			rtts[nrtt++] = tv_rtt_ms(&hop->hop_rtt);
	if (nrtt > 0) {
		p->last_median_rtt = median(rtts, nrtt);
		p->present |= PROBE_HAS_LAST_RTT;
	}
}

/* Median RTT of the tracelb replies from addr over every link. */
static bool
tracelb_addr_rtt(const scamper_tracelb_t *lb, const scamper_addr_t *addr,
    double *out)
{
	double rtts[512];
	size_t nrtt = 0;
	const scamper_tracelb_link_t *link;
	const scamper_tracelb_probeset_t *set;
	const scamper_tracelb_probe_t *probe;
	struct timeval rtt;
	uint16_t l, k, q;
	uint8_t s;

	for (l = 0; lb->links != NULL && l < lb->linkc; l++) {
		if ((link = lb->links[l]) == NULL || link->sets == NULL)
			continue;
		for (s = 0; s < link->hopc; s++) {
			if ((set = link->sets[s]) == NULL || set->probes == NULL)
				continue;
			for (k = 0; k < set->probec; k++) {
				if ((probe = set->probes[k]) == NULL ||
				    probe->rxs == NULL)
					continue;
				for (q = 0; q < probe->rxc; q++) {
					if (probe->rxs[q] == NULL ||
					    scamper_addr_cmp(probe->rxs[q]->reply_from,
					    addr) != 0 ||
					    nrtt == sizeof(rtts) / sizeof(rtts[0]))
						continue;
					timersub(&probe->rxs[q]->reply_rx,
					    &probe->tx, &rtt);
					rtts[nrtt++] = tv_rtt_ms(&rtt);
				}
			}
		}
	}
	if (nrtt == 0)
		return false;
	*out = median(rtts, nrtt);
	return true;
}

/*
 * tracelb: a graph, not a path.  sent is probec (sc_warts2json "probec");
 * reached when a node is the target; hops are the TTL of the farthest
 * node, counted from firsthop along links (each link spans hopc TTLs),
 * breadth first so loops in damaged data end; the last hop is the target
 * when reached, else the farthest node (first discovered on ties).
 */
static void
normalize_tracelb(struct warts_reader *r, const scamper_tracelb_t *lb)
{
	struct probe_record *p = &r->rec;
	uint32_t *depth = NULL;
	uint16_t *queue = NULL;
	uint16_t head = 0, tail = 0, i, j, n, far = 0;
	const scamper_tracelb_node_t *node, *last = NULL;
	const scamper_tracelb_link_t *link;
	double rtt;

	set_common(r, &lb->start, lb->src, lb->dst, lb->cycle, lb->list);
	p->kind = PROBE_TRACE;
	p->sent = lb->probec;
	p->present |= PROBE_HAS_SENT | PROBE_HAS_REACHED;
	n = lb->nodes != NULL ? lb->nodec : 0;
	for (i = 0; i < n; i++) {
		node = lb->nodes[i];
		if (node != NULL && node->addr != NULL && lb->dst != NULL &&
		    scamper_addr_cmp(node->addr, lb->dst) == 0) {
			p->dest_reached = true;
			last = node;
		}
	}
	if (n == 0 || lb->nodes[0] == NULL)
		goto last_hop;
	depth = calloc(n, sizeof(*depth));
	queue = calloc(n, sizeof(*queue));
	if (depth == NULL || queue == NULL)
		goto last_hop;
	/* depth 0: not reached yet; the first node sits at firsthop. */
	depth[0] = lb->firsthop > 0 ? lb->firsthop : 1;
	queue[tail++] = 0;
	while (head < tail) {
		node = lb->nodes[queue[head++]];
		for (j = 0; node->links != NULL && j < node->linkc; j++) {
			if ((link = node->links[j]) == NULL || link->to == NULL)
				continue;
			for (i = 0; i < n && lb->nodes[i] != link->to; i++)
				;
			if (i == n || depth[i] != 0)
				continue;
			depth[i] = depth[queue[head - 1]] + link->hopc;
			queue[tail++] = i;
		}
	}
	for (i = 0; i < n; i++)
		if (depth[i] > depth[far])
			far = i;
	p->hop_count = (uint16_t)(depth[far] > UINT16_MAX ? UINT16_MAX :
	    depth[far]);
	p->present |= PROBE_HAS_HOPS;
	if (last == NULL)
		last = lb->nodes[far];
last_hop:
	if (last != NULL && last->addr != NULL) {
		copy_addr(&p->last_hop, last->addr);
		p->last_hop_responded = true;
		p->present |= PROBE_HAS_LAST_HOP;
		if (tracelb_addr_rtt(lb, last->addr, &rtt)) {
			p->last_median_rtt = rtt;
			p->present |= PROBE_HAS_LAST_RTT;
		}
	}
	free(depth);
	free(queue);
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

static const char *
type_name(uint16_t type)
{
	switch (type) {
	case SCAMPER_FILE_OBJ_DEALIAS:		return "dealias";
	case SCAMPER_FILE_OBJ_NEIGHBOURDISC:	return "neighbourdisc";
	case SCAMPER_FILE_OBJ_TBIT:		return "tbit";
	case SCAMPER_FILE_OBJ_STING:		return "sting";
	case SCAMPER_FILE_OBJ_SNIFF:		return "sniff";
	case SCAMPER_FILE_OBJ_HOST:		return "host";
	default:				return "unknown";
	}
}

/* Free what scamper_file_read() returned, by its type. */
static void
free_object(uint16_t type, void *data)
{
	switch (type) {
	case SCAMPER_FILE_OBJ_LIST:
		scamper_list_free(data);
		break;
	case SCAMPER_FILE_OBJ_CYCLE_START:
	case SCAMPER_FILE_OBJ_CYCLE_DEF:
	case SCAMPER_FILE_OBJ_CYCLE_STOP:
		scamper_cycle_free(data);
		break;
	case SCAMPER_FILE_OBJ_TRACE:
		scamper_trace_free(data);
		break;
	case SCAMPER_FILE_OBJ_PING:
		scamper_ping_free(data);
		break;
	case SCAMPER_FILE_OBJ_TRACELB:
		scamper_tracelb_free(data);
		break;
	case SCAMPER_FILE_OBJ_DEALIAS:
		scamper_dealias_free(data);
		break;
	case SCAMPER_FILE_OBJ_NEIGHBOURDISC:
		scamper_neighbourdisc_free(data);
		break;
	case SCAMPER_FILE_OBJ_TBIT:
		scamper_tbit_free(data);
		break;
	case SCAMPER_FILE_OBJ_STING:
		scamper_sting_free(data);
		break;
	case SCAMPER_FILE_OBJ_SNIFF:
		scamper_sniff_free(data);
		break;
	case SCAMPER_FILE_OBJ_HOST:
		scamper_host_free(data);
		break;
	default:
		break;	/* not asked for: cannot happen */
	}
}

static void
fill_error(struct warts_reader *r, struct decode_error *err,
    uint64_t offset, enum skip_reason reason)
{
	decode_error_set(err, r->file, offset, r->stats.records,
	    "warts record", reason);
	r->stats.skipped[reason]++;
}

/*
 * The end: clean when the last read asked for a header at a record
 * boundary and got nothing; else one error for where the bytes ran out
 * or where libscamperfile gave up.
 */
static enum probe_status
finish(struct warts_reader *r, int read_status, struct decode_error *err)
{
	const char *ierr = input_error(r->in);
	bool in_header = r->short_offset == r->next_header;

	r->done = true;
	r->stats.bytes = input_offset(r->in);
	if (r->too_large) {
		r->stats.records++;
		fill_error(r, err, r->record_start, SKIP_BAD_WARTS);
		snprintf(err->detail, sizeof(err->detail),
		    "record length %zu at offset %" PRIu64 " beyond the %u "
		    "byte window", r->short_want, r->short_offset,
		    INPUT_MAX_WINDOW);
		return PROBE_SKIP;
	}
	if (r->short_read && ierr != NULL) {
		if (r->short_have > 0 || !in_header)
			r->stats.records++;
		fill_error(r, err, in_header ? r->short_offset :
		    r->record_start, SKIP_DECOMPRESS);
		snprintf(err->detail, sizeof(err->detail), "%s (%zu bytes "
		    "wanted at offset %" PRIu64 ", %zu there)", ierr,
		    r->short_want, r->short_offset, r->short_have);
		return PROBE_SKIP;
	}
	if (r->short_read && (r->short_have > 0 || !in_header)) {
		r->stats.records++;
		fill_error(r, err, r->record_start,
		    in_header ? SKIP_TORN_HEADER : SKIP_TRUNCATED);
		snprintf(err->detail, sizeof(err->detail),
		    "file ends inside the record %s: %zu bytes wanted at "
		    "offset %" PRIu64 ", %zu left", in_header ? "header" :
		    "body", r->short_want, r->short_offset, r->short_have);
		return PROBE_SKIP;
	}
	if (r->bad_magic) {
		r->stats.records++;
		fill_error(r, err, r->record_start, SKIP_BAD_WARTS);
		snprintf(err->detail, sizeof(err->detail),
		    "record header magic 0x%04x, not 0x%04x; the reader does "
		    "not resynchronise, the rest of the file is not read",
		    r->magic_seen, WARTS_MAGIC);
		return PROBE_SKIP;
	}
	if (read_status != 0) {
		r->stats.records++;
		fill_error(r, err, r->record_start, SKIP_BAD_WARTS);
		snprintf(err->detail, sizeof(err->detail),
		    "libscamperfile cannot decode the record (read up to "
		    "offset %" PRIu64 "); it does not resynchronise, the rest "
		    "of the file is not read", input_offset(r->in));
		return PROBE_SKIP;
	}
	return PROBE_END;
}

/* A list or cycle record: remember the vantage it names. */
static void
track_list_cycle(struct warts_reader *r, uint16_t type, const void *data)
{
	const scamper_list_t *list;
	const scamper_cycle_t *cycle;

	if (type == SCAMPER_FILE_OBJ_LIST) {
		list = data;
		snprintf(r->list_monitor, sizeof(r->list_monitor), "%s",
		    list->monitor != NULL ? list->monitor : "");
		return;
	}
	cycle = data;
	if (type == SCAMPER_FILE_OBJ_CYCLE_START ||
	    type == SCAMPER_FILE_OBJ_CYCLE_DEF)
		snprintf(r->cycle_host, sizeof(r->cycle_host), "%s",
		    cycle->hostname != NULL ? cycle->hostname : "");
}

/* One record of a type libscamperfile skipped without a word. */
static enum probe_status
emit_unknown(struct warts_reader *r, struct decode_error *err)
{
	unsigned slot = r->unknown_emitted++ % UNKNOWN_PENDING_MAX;

	r->stats.records++;
	fill_error(r, err, r->unknown[slot].offset, NOTE_OTHER_RESULT);
	snprintf(err->detail, sizeof(err->detail),
	    "warts record type %u unknown to libscamperfile, skipped",
	    r->unknown[slot].type);
	return PROBE_SKIP;
}

/* What scamper_file_read() returned: a record, a skip or nothing. */
static enum probe_status
take_object(struct warts_reader *r, uint16_t type, void *data,
    const struct probe_record **rec, struct decode_error *err)
{
	r->stats.records++;
	switch (type) {
	case SCAMPER_FILE_OBJ_PING:
		normalize_ping(r, data);
		break;
	case SCAMPER_FILE_OBJ_TRACE:
		normalize_trace(r, data);
		break;
	case SCAMPER_FILE_OBJ_TRACELB:
		normalize_tracelb(r, data);
		break;
	case SCAMPER_FILE_OBJ_LIST:
	case SCAMPER_FILE_OBJ_CYCLE_START:
	case SCAMPER_FILE_OBJ_CYCLE_DEF:
	case SCAMPER_FILE_OBJ_CYCLE_STOP:
		track_list_cycle(r, type, data);
		free_object(type, data);
		r->stats.decoded++;
		return PROBE_END;	/* nothing to yield: read on */
	default:
		free_object(type, data);
		fill_error(r, err, r->record_start, NOTE_OTHER_RESULT);
		snprintf(err->detail, sizeof(err->detail),
		    "scamper %s record (type %u) not decoded",
		    type_name(type), type);
		return PROBE_SKIP;
	}
	free_object(type, data);
	r->stats.decoded++;
	r->stats.items++;
	*rec = &r->rec;
	return PROBE_OK;
}

enum probe_status
warts_next(struct warts_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	enum probe_status st;
	uint16_t type = 0;
	void *data;
	int status;

	*rec = NULL;
	for (;;) {
		if (r->unknown_emitted != r->unknown_count)
			return emit_unknown(r, err);
		if (r->holding) {
			r->holding = false;
			type = r->held_type;
			data = r->held_data;
			status = r->held_status;
		} else {
			if (r->done)
				return PROBE_END;
			data = NULL;
			status = scamper_file_read(r->sf, r->filter, &type,
			    &data);
			r->stats.bytes = input_offset(r->in);
			if (r->unknown_emitted != r->unknown_count) {
				/* Report the skipped ones first. */
				r->holding = true;
				r->held_type = type;
				r->held_data = data;
				r->held_status = status;
				continue;
			}
		}
		if (status != 0 || data == NULL)
			return finish(r, status, err);
		st = take_object(r, type, data, rec, err);
		if (st != PROBE_END)
			return st;
	}
}
