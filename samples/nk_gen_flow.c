/*
 * nk_gen_flow.c -- the flows of the North Korea re-creation: NetFlow v9
 * export packets (RFC 3954) of a router of AS4837 on its link to
 * AS131279, captured at the collector, one pcap file a day:
 *
 *   flows/as4837-border.YYYYMMDD.pcap.gz
 *
 * The exporter (chosen): 219.158.3.17, source ID 0, packet sampling 1 in
 * 1000 (random), announced in options data (RFC 3954 6.1: scope System,
 * SAMPLING_INTERVAL and SAMPLING_ALGORITHM) with the templates, at the
 * start of each file and every 20 data packets or 30 minutes; active
 * timeout 60 s, inactive 15 s.  So a long flow gives one record a
 * minute, and counters are of sampled packets: a reader multiplies by
 * 1000.
 *
 * What crosses the link: modest traffic of North Korea's web and DNS
 * servers and of its users; the attacks of the story, one record per
 * source per minute (a real spoofed flood would give one record per
 * sampled packet: the sources here are fewer than an attack has, so
 * that the files stay small); nothing of a /24 while its route is gone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples/nk_gen.h"

#define SAMPLING	1000
#define EXPORTER	0xdb9e0311u	/* 219.158.3.17 */
#define COLLECTOR	0xdb9e03c8u	/* 219.158.3.200 */
#define LINK_NEXT_HOP	0xaf2db001u	/* 175.45.176.1, Star's side */
#define UP_NEXT_HOP	0xdb9e0301u	/* 219.158.3.1 */
#define IF_STAR		37		/* the interface to AS131279 */
#define V9_PORT		2055
#define TPL_ID		260
#define OPT_ID		300
#define REFRESH_PACKETS	20
#define REFRESH_MS	(30 * 60 * 1000)
#define MAX_RECORDS	28		/* a data packet: 20 + 4 + 28 * 45 */
/* The router came up on 2014-11-21 03:17:42 UTC (chosen): sysUptime
 * stays below 2^32 ms through the window. */
#define BOOT_MS		((int64_t)(NK_START - 27 * NK_DAY + 3 * 3600 + \
			    17 * 60 + 42) * 1000)

struct flow {
	uint32_t	 src, dst;
	uint16_t	 sport, dport;
	uint8_t		 proto, flags, tos, smask, dmask;
	uint32_t	 bytes, packets;
	int64_t		 first_ms, last_ms, export_ms;
	uint16_t	 in_if, out_if;
	uint32_t	 src_as, dst_as, next_hop;
	uint32_t	 order;
};

struct flows {
	struct flow	*f;
	size_t		 n, cap;
};

static struct flow *
flow_new(struct flows *fs)
{
	struct flow *f;

	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 65536;
		fs->f = realloc(fs->f, fs->cap * sizeof(*fs->f));
		if (fs->f == NULL)
			nk_die("out of memory", NULL);
	}
	f = &fs->f[fs->n];
	memset(f, 0, sizeof(*f));
	f->order = (uint32_t)fs->n++;
	return f;
}

/* --- addresses ------------------------------------------------------------ */

/* A routable-looking address outside the target, from a number. */
static uint32_t
global_addr(uint64_t h)
{
	for (;; h = nk_mix(h, 1)) {
		uint32_t a = (uint32_t)h;
		unsigned o = a >> 24;

		if (o == 0 || o == 10 || o == 127 || o >= 224 ||
		    (a & 0xfff00000u) == 0xac100000u ||
		    (a & 0xffff0000u) == 0xc0a80000u ||
		    (a & 0xffc00000u) == 0x64400000u ||
		    (a & 0xfffffc00u) == 0xaf2db000u)
			continue;
		return a;
	}
}

/* The origin AS of an address, made up but stable. */
static uint32_t
as_of(uint32_t addr)
{
	uint64_t h = nk_mix(addr >> 12, 77);

	return h % 4 == 0 ? 131072 + (uint32_t)(h >> 8) % 69000 :
	    1000 + (uint32_t)(h >> 8) % 63000;
}

#define NK_HOST(c, d)	((175u << 24) | (45u << 16) | ((unsigned)(c) << 8) | (d))

/* North Korea's servers and users (addresses chosen). */
static const uint32_t web_servers[] = {
	NK_HOST(176, 71), NK_HOST(176, 72), NK_HOST(177, 10),
	NK_HOST(178, 129),
};
static const uint32_t dns_servers[] = { NK_HOST(176, 15), NK_HOST(176, 16) };

static uint32_t
nk_client(struct nk_rng *r)
{
	return NK_HOST(179, 2 + nk_rng_below(r, 60));
}

static int
routed_at(uint32_t addr, int64_t ms)
{
	int k = nk_prefix_of(addr);

	return k < 0 || nk_story_routed((unsigned)k, ms / 1000);
}

/* --- background --------------------------------------------------------- */

/* Records a minute: Pyongyang (UTC+9) by day more than by night. */
static double
background_rate(int64_t t)
{
	int hour = (int)(((t - NK_START) % NK_DAY) / 3600 + 9) % 24;

	if (hour >= 8 && hour < 22)
		return 1.6;
	if (hour >= 6 && hour < 24)
		return 0.9;
	return 0.4;
}

static void
tcp_flags(struct flow *f, struct nk_rng *r)
{
	static const uint8_t flags[] = { 0x1b, 0x1b, 0x18, 0x10, 0x1a, 0x13 };

	f->flags = f->packets == 1 ? 0x10 : flags[nk_rng_below(r, 6)];
}

/* One background flow starting in the minute m. */
static void
background_one(struct flows *fs, struct nk_rng *r, int64_t m)
{
	struct flow *f = flow_new(fs);
	unsigned kind = nk_rng_below(r, 100);
	/* Users go to few places; servers are seen by many. */
	uint32_t remote = global_addr(nk_rng_below(r, 100) < 60 ?
	    nk_mix(443, nk_rng_below(r, 300)) : nk_rng_next(r));
	uint16_t eph = (uint16_t)(32768 + nk_rng_below(r, 28000));
	int towards;

	f->proto = 6;
	f->packets = 1;
	if (kind < 30) {		/* a request to a web server */
		towards = 1;
		f->src = remote;
		f->dst = web_servers[nk_rng_below(r, 4)];
		f->sport = eph;
		f->dport = 80;
		f->packets += nk_rng_below(r, 100) < 20 ? nk_rng_below(r, 5) : 0;
		f->bytes = f->packets * (52 + nk_rng_below(r, 350));
	} else if (kind < 45) {		/* its answer */
		towards = 0;
		f->src = web_servers[nk_rng_below(r, 4)];
		f->dst = remote;
		f->sport = 80;
		f->dport = eph;
		f->packets += nk_rng_below(r, 100) < 40 ? nk_rng_below(r, 12) : 0;
		f->bytes = f->packets * (600 + nk_rng_below(r, 900));
	} else if (kind < 55) {		/* a DNS query */
		towards = 1;
		f->proto = 17;
		f->src = remote;
		f->dst = dns_servers[nk_rng_below(r, 2)];
		f->sport = eph;
		f->dport = 53;
		f->bytes = 60 + nk_rng_below(r, 30);
	} else if (kind < 62) {		/* its answer */
		towards = 0;
		f->proto = 17;
		f->src = dns_servers[nk_rng_below(r, 2)];
		f->dst = remote;
		f->sport = 53;
		f->dport = eph;
		f->bytes = 90 + nk_rng_below(r, 300);
	} else if (kind < 80) {		/* a user's request out */
		towards = 0;
		f->src = nk_client(r);
		f->dst = remote;
		f->sport = eph;
		f->dport = nk_rng_below(r, 4) ? 80 : 443;
		f->packets += nk_rng_below(r, 4);
		f->bytes = f->packets * (52 + nk_rng_below(r, 250));
	} else {			/* the answer to a user */
		towards = 1;
		f->src = remote;
		f->dst = nk_client(r);
		f->sport = nk_rng_below(r, 4) ? 80 : 443;
		f->dport = eph;
		f->packets += nk_rng_below(r, 100) < 50 ? nk_rng_below(r, 20) : 0;
		f->bytes = f->packets * (1000 + nk_rng_below(r, 500));
	}
	if (f->proto == 6)
		tcp_flags(f, r);
	f->tos = nk_rng_below(r, 10) ? 0 : 0x20;
	f->first_ms = m * 1000 + nk_rng_below(r, 60000);
	f->last_ms = f->first_ms + (f->packets > 1 ?
	    nk_rng_below(r, f->packets * 3000 < 59000 ? f->packets * 3000 : 59000) :
	    0);
	f->export_ms = f->last_ms + 15000 + nk_rng_below(r, 1000);
	if (towards) {
		f->in_if = (uint16_t)(12 + nk_rng_below(r, 3));
		f->out_if = IF_STAR;
		f->src_as = as_of(f->src);
		f->dst_as = NK_ORIGIN_AS;
		f->next_hop = LINK_NEXT_HOP;
		f->smask = (uint8_t)(16 + f->src % 9);
		f->dmask = 24;
	} else {
		f->in_if = IF_STAR;
		f->out_if = (uint16_t)(12 + nk_rng_below(r, 3));
		f->src_as = NK_ORIGIN_AS;
		f->dst_as = as_of(f->dst);
		f->next_hop = UP_NEXT_HOP;
		f->smask = 24;
		f->dmask = (uint8_t)(16 + f->dst % 9);
	}
	/* No route, no traffic. */
	if (!routed_at(f->src, f->first_ms) || !routed_at(f->dst, f->first_ms))
		fs->n--;
}

/* --- attacks ---------------------------------------------------------------- */

/* What each kind of attack sends: protocol, source port (0: a random
 * one a source), destination port. */
static const struct {
	uint8_t		 proto;
	uint16_t	 sport, dport;
} attack_ports[] = {
	[NK_SYN_80] = { 6, 0, 80 },
	[NK_SSDP_80] = { 17, 1900, 80 },
	[NK_NTP_53] = { 17, 123, 53 },
	[NK_SSDP_53] = { 17, 1900, 53 },
};

/* Reflectors: one population of NTP servers, one of SSDP devices. */
#define NTP_REFLECTORS	6000
#define SSDP_REFLECTORS	9000

static uint32_t
attack_source(const struct nk_attack *a, size_t ai, unsigned s)
{
	uint64_t pick = nk_mix(ai + 1, s);

	switch (a->kind) {
	case NK_NTP_53:
		return global_addr(nk_mix(123, pick % NTP_REFLECTORS));
	case NK_SSDP_80:
	case NK_SSDP_53:
		return global_addr(nk_mix(1900, pick % SSDP_REFLECTORS));
	default:
		return global_addr(pick);	/* spoofed */
	}
}

/* The size of a source's packets: SYNs 60 bytes, NTP monlist replies
 * 482, an SSDP device's reply its own, about 330. */
static unsigned
packet_size(const struct nk_attack *a, size_t ai, unsigned s)
{
	if (a->kind == NK_SSDP_80 || a->kind == NK_SSDP_53)
		return 290 + (unsigned)(nk_mix(1900, nk_mix(ai + 1, s) %
		    SSDP_REFLECTORS) % 81);
	return a->packet_bytes;
}

static void
attack_minute(struct flows *fs, struct nk_rng *r, const struct nk_attack *a,
    size_t ai, int64_t m)
{
	int k = nk_prefix_of(a->target);
	double level = nk_attack_level(a, m), eff, weights[2048], wsum = 0;
	uint64_t packets, bytes, given_p = 0, given_b = 0;
	unsigned nrec, j, first;

	if (level <= 0)
		return;
	eff = level * nk_story_routed_share((unsigned)k, m, m + 60);
	if (eff <= 0)
		return;
	/* Sampled packets and bytes in the minute. */
	packets = (uint64_t)(a->mpps * 1e6 * 60 / SAMPLING * eff + 0.5);
	if (level == 1.0 && a->mpps == NK_PEAK_MPPS)
		bytes = (uint64_t)(NK_PEAK_GBPS * 1e9 / 8 * 60 / SAMPLING + 0.5);
	else
		bytes = (uint64_t)((double)packets * a->packet_bytes + 0.5);
	if (packets == 0)
		return;
	nrec = (unsigned)(a->per_minute * eff + 0.999);
	if (nrec < 1)
		nrec = 1;
	if (nrec > a->sources)
		nrec = a->sources;
	if (nrec > packets)
		nrec = (unsigned)packets;
	if (nrec > sizeof(weights) / sizeof(weights[0]))
		nk_die("too many sources a minute", NULL);
	for (j = 0; j < nrec; j++) {
		weights[j] = 0.3 + nk_rng_unit(r);
		wsum += weights[j];
	}
	/* The sources take turns: a bin of five minutes sees five
	 * minutes' worth of different ones. */
	first = (unsigned)(((m - a->start / 60 * 60) / 60 *
	    (int64_t)a->per_minute) % a->sources);
	for (j = 0; j < nrec; j++) {
		struct flow *f = flow_new(fs);
		unsigned s = (first + j) % a->sources;
		int64_t from = m > a->start ? m : a->start;

		/* Counts: shares of the minute's total, the rest to the last
		 * record, so that the minute sums exactly. */
		if (j + 1 < nrec) {
			f->packets = (uint32_t)(1 + (double)(packets - nrec) *
			    weights[j] / wsum);
			f->bytes = (uint32_t)((double)bytes * f->packets /
			    (double)packets);
			/* A reflector's replies are all of one size. */
			if (a->kind != NK_SYN_80 || a->packet_bytes == 60)
				f->bytes = f->packets * packet_size(a, ai, s);
		} else {
			f->packets = (uint32_t)(packets - given_p);
			f->bytes = (uint32_t)(bytes - given_b);
			if (a->kind != NK_SYN_80 || a->packet_bytes == 60)
				f->bytes = f->packets * packet_size(a, ai, s);
		}
		given_p += f->packets;
		given_b += f->bytes;
		f->src = attack_source(a, ai, s);
		f->dst = a->target;
		f->proto = attack_ports[a->kind].proto;
		f->flags = f->proto == 6 ? 0x02 : 0;	/* SYN alone */
		f->sport = attack_ports[a->kind].sport;
		if (f->sport == 0)
			f->sport = (uint16_t)(1024 + nk_mix(ai, s) % 64000);
		f->dport = attack_ports[a->kind].dport;
		f->first_ms = from * 1000 + nk_rng_below(r, 1500);
		f->last_ms = m * 1000 + 58000 + nk_rng_below(r, 1900);
		if (f->last_ms > a->end * 1000)
			f->last_ms = a->end * 1000 - 1;
		if (f->last_ms < f->first_ms)
			f->last_ms = f->first_ms;
		f->export_ms = m * 1000 + 60000 + nk_rng_below(r, 3000);
		f->in_if = (uint16_t)(12 + s % 3);
		f->out_if = IF_STAR;
		f->src_as = as_of(f->src);
		f->dst_as = NK_ORIGIN_AS;
		f->next_hop = LINK_NEXT_HOP;
		f->smask = (uint8_t)(16 + f->src % 9);
		f->dmask = 24;
	}
}

/* --- export packets ---------------------------------------------------------- */

struct field {
	uint16_t	 type, len;
};

/* The template: RFC 3954 8 field types, Cisco's usual set. */
static const struct field fields[] = {
	{ 8, 4 },	/* IPV4_SRC_ADDR */
	{ 12, 4 },	/* IPV4_DST_ADDR */
	{ 7, 2 },	/* L4_SRC_PORT */
	{ 11, 2 },	/* L4_DST_PORT */
	{ 4, 1 },	/* PROTOCOL */
	{ 6, 1 },	/* TCP_FLAGS */
	{ 1, 4 },	/* IN_BYTES */
	{ 2, 4 },	/* IN_PKTS */
	{ 22, 4 },	/* FIRST_SWITCHED */
	{ 21, 4 },	/* LAST_SWITCHED */
	{ 10, 2 },	/* INPUT_SNMP */
	{ 14, 2 },	/* OUTPUT_SNMP */
	{ 16, 4 },	/* SRC_AS */
	{ 17, 4 },	/* DST_AS */
	{ 15, 4 },	/* IPV4_NEXT_HOP */
	{ 5, 1 },	/* SRC_TOS */
	{ 9, 1 },	/* SRC_MASK */
	{ 13, 1 },	/* DST_MASK */
};
#define NFIELDS		(sizeof(fields) / sizeof(fields[0]))

static uint8_t *
put8(uint8_t *p, uint32_t v)
{
	*p++ = (uint8_t)v;
	return p;
}

static uint8_t *
put16(uint8_t *p, uint32_t v)
{
	*p++ = (uint8_t)(v >> 8);
	*p++ = (uint8_t)v;
	return p;
}

static uint8_t *
put32(uint8_t *p, uint32_t v)
{
	p = put16(p, v >> 16);
	return put16(p, v & 0xffff);
}

static void
le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* libpcap's file header: version 2.4, microseconds, Ethernet. */
static void
pcap_header(struct nk_buf *b)
{
	static const uint8_t h[24] = {
		0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0, 0, 1, 0, 0, 0
	};

	nk_buf_put(b, h, sizeof(h));
}

/* One Ethernet/IPv4/UDP frame from the exporter to the collector. */
static void
pcap_frame(struct nk_buf *b, int64_t us, const uint8_t *payload, size_t len,
    uint16_t ip_id)
{
	static const uint8_t mac[12] = {
		0x00, 0x1b, 0x21, 0x3c, 0x9d, 0x01,	/* collector */
		0x00, 0xe0, 0xfc, 0x12, 0x34, 0x56,	/* exporter */
	};
	uint8_t h[16 + 14 + 20 + 8], *p = h + 16, *ip;
	uint32_t sum = 0;
	size_t frame = 14 + 20 + 8 + len;
	int i;

	le32(h, (uint32_t)(us / 1000000));
	le32(h + 4, (uint32_t)(us % 1000000));
	le32(h + 8, (uint32_t)frame);
	le32(h + 12, (uint32_t)frame);
	memcpy(p, mac, 12);
	p = put16(p + 12, 0x0800);
	ip = p;
	p = put8(p, 0x45);
	p = put8(p, 0);
	p = put16(p, (uint32_t)(20 + 8 + len));
	p = put16(p, ip_id);
	p = put16(p, 0x4000);		/* don't fragment */
	p = put8(p, 255);
	p = put8(p, 17);
	p = put16(p, 0);
	p = put32(p, EXPORTER);
	p = put32(p, COLLECTOR);
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ip + 10, ~sum & 0xffff);
	p = put16(p, 50001);
	p = put16(p, V9_PORT);
	p = put16(p, (uint32_t)(8 + len));
	put16(p, 0);			/* no UDP checksum (RFC 768) */
	nk_buf_put(b, h, sizeof(h));
	nk_buf_put(b, payload, len);
}

struct exporter {
	uint32_t	 sequence;	/* export packets sent */
	uint16_t	 ip_id;
	unsigned	 since_templates;
	int64_t		 templates_ms;
};

/*
 * RFC 3954 5.1.  sysUptime and unix_secs are read at the same whole
 * second, so that a collector's start = unix_secs - (sysUptime -
 * FIRST_SWITCHED) is the exact millisecond the record says.
 */
static uint8_t *
v9_header(uint8_t *p, unsigned count, int64_t ms, uint32_t sequence)
{
	int64_t secs = ms / 1000;

	p = put16(p, 9);
	p = put16(p, count);
	p = put32(p, (uint32_t)(secs * 1000 - BOOT_MS));	/* sysUptime */
	p = put32(p, (uint32_t)secs);			/* unix_secs */
	p = put32(p, sequence);
	return put32(p, 0);				/* source ID */
}

/* A packet of the template, the options template and options data. */
static void
send_templates(struct nk_buf *b, struct exporter *e, int64_t ms)
{
	uint8_t msg[256], *p = msg + 20;
	size_t i;

	p = put16(p, 0);			/* template flowset */
	p = put16(p, 4 + 4 + 4 * NFIELDS);
	p = put16(p, TPL_ID);
	p = put16(p, NFIELDS);
	for (i = 0; i < NFIELDS; i++) {
		p = put16(p, fields[i].type);
		p = put16(p, fields[i].len);
	}
	p = put16(p, 1);			/* options template flowset */
	p = put16(p, 4 + 6 + 4 + 8 + 2);	/* padded to 24 */
	p = put16(p, OPT_ID);
	p = put16(p, 4);			/* scope: one field */
	p = put16(p, 8);			/* options: two fields */
	p = put16(p, 1);			/* scope System */
	p = put16(p, 4);
	p = put16(p, 34);			/* SAMPLING_INTERVAL */
	p = put16(p, 4);
	p = put16(p, 35);			/* SAMPLING_ALGORITHM */
	p = put16(p, 1);
	p = put16(p, 0);			/* padding */
	p = put16(p, OPT_ID);			/* options data */
	p = put16(p, 4 + 9 + 3);
	p = put32(p, EXPORTER);
	p = put32(p, SAMPLING);
	p = put8(p, 2);				/* random sampling */
	p = put8(p, 0);
	p = put16(p, 0);
	v9_header(msg, 3, ms, e->sequence++);
	pcap_frame(b, ms * 1000 + 250, msg, (size_t)(p - msg), e->ip_id++);
	e->since_templates = 0;
	e->templates_ms = ms;
}

static uint8_t *
put_record(uint8_t *p, const struct flow *f)
{
	p = put32(p, f->src);
	p = put32(p, f->dst);
	p = put16(p, f->sport);
	p = put16(p, f->dport);
	p = put8(p, f->proto);
	p = put8(p, f->flags);
	p = put32(p, f->bytes);
	p = put32(p, f->packets);
	p = put32(p, (uint32_t)(f->first_ms - BOOT_MS));
	p = put32(p, (uint32_t)(f->last_ms - BOOT_MS));
	p = put16(p, f->in_if);
	p = put16(p, f->out_if);
	p = put32(p, f->src_as);
	p = put32(p, f->dst_as);
	p = put32(p, f->next_hop);
	p = put8(p, f->tos);
	p = put8(p, f->smask);
	return put8(p, f->dmask);
}

/* A data packet of n records; sent when the last one is due. */
static void
send_data(struct nk_buf *b, struct exporter *e, const struct flow *f,
    size_t n)
{
	uint8_t msg[1500], *p = msg + 20, *set;
	int64_t ms = f[n - 1].export_ms;
	size_t i;

	if (e->since_templates >= REFRESH_PACKETS ||
	    ms - e->templates_ms >= REFRESH_MS)
		send_templates(b, e, ms);
	set = p;
	p = put16(p, TPL_ID);
	p = put16(p, 0);
	for (i = 0; i < n; i++)
		p = put_record(p, &f[i]);
	while ((p - set) % 4)			/* RFC 3954 5.3: padding */
		*p++ = 0;
	put16(set + 2, (uint32_t)(p - set));
	v9_header(msg, (unsigned)n, ms, e->sequence++);
	pcap_frame(b, ms * 1000 + 400 + (int64_t)n * 7, msg,
	    (size_t)(p - msg), e->ip_id++);
	e->since_templates++;
}

static int
by_export(const void *a, const void *b)
{
	const struct flow *x = a, *y = b;

	if (x->export_ms != y->export_ms)
		return x->export_ms < y->export_ms ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

void
nk_write_flows(const char *dir)
{
	struct flows fs = { 0 };
	struct nk_rng r;
	struct exporter e;
	const struct nk_attack *attacks;
	size_t nattacks, ai, i, j;
	int64_t m, day;
	double pending = 0;

	nk_rng_seed(&r, 0xf10f);
	attacks = nk_story_attacks(&nattacks);
	for (m = NK_START; m < NK_END; m += 60) {
		unsigned n;

		pending += background_rate(m) * (0.6 + 0.8 * nk_rng_unit(&r));
		for (n = (unsigned)pending; n > 0; n--)
			background_one(&fs, &r, m);
		pending -= (unsigned)pending;
		for (ai = 0; ai < nattacks; ai++)
			attack_minute(&fs, &r, &attacks[ai], ai, m);
	}
	qsort(fs.f, fs.n, sizeof(*fs.f), by_export);

	memset(&e, 0, sizeof(e));
	e.sequence = 48211;		/* counting since the boot */
	e.ip_id = 1;
	i = 0;
	for (day = NK_START; day < NK_END; day += NK_DAY) {
		struct nk_buf b = { 0 };
		char path[1024], when[32];

		pcap_header(&b);
		/* A capture begins with the templates. */
		send_templates(&b, &e, day * 1000);
		while (i < fs.n && fs.f[i].export_ms < (day + NK_DAY) * 1000) {
			/* A packet leaves when full or 15 s after its first
			 * record was due. */
			for (j = i + 1; j < fs.n && j - i < MAX_RECORDS &&
			    fs.f[j].export_ms < (day + NK_DAY) * 1000 &&
			    fs.f[j].export_ms - fs.f[i].export_ms < 15000; j++)
				;
			send_data(&b, &e, &fs.f[i], j - i);
			i = j;
		}
		nk_stamp(day, when, sizeof(when));
		when[8] = '\0';
		snprintf(path, sizeof(path), "%s/flows/as4837-border.%s.pcap.gz",
		    dir, when);
		nk_write_file(path, NK_GZIP, b.data, b.len);
		nk_buf_free(&b);
	}
	free(fs.f);
}
