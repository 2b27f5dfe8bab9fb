/*
 * bench_flow_gen.c -- write large, realistic flow exports for `make bench`.
 *
 *   bench_flow_gen ipfix OUT.ipfix OUT.pcap SIZE_MB
 *        an RFC 5655 IPFIX file (IPFIX messages back to back, RFC 7011)
 *        and its pcap twin: the same messages, one per UDP datagram
 *        (Ethernet/IPv4/UDP to port 4739), for tools that only read
 *        captures
 *   bench_flow_gen v9 OUT.pcap SIZE_MB
 *        a pcap of NetFlow v9 export datagrams (RFC 3954), Ethernet/IPv4/
 *        UDP to port 2055, with templates, an options template and options
 *        data (samplingInterval) refreshed every 20 datagrams per exporter
 *   bench_flow_gen replay IN.pcap PORT [PPS]
 *        send the UDP payloads of IN.pcap to 127.0.0.1:PORT, from
 *        127.0.0.2, 127.0.0.3, ... (one source address per exporter
 *        address in the capture), PPS datagrams per second (default 20000)
 *
 * Standalone (libc only), C11, deterministic: a fixed-seed xorshift64*
 * generator drives every random choice, so every machine benchmarks the
 * same bytes.  SIZE_MB is in MB (10^6 bytes); the output stops at the
 * first message at or after it.  The counts go to standard output as
 * "key value" lines: messages, flows (data records that are flows),
 * options (options data records), bytes.
 *
 * The model: two exporters (two observation domains / source IDs), each
 * a border router with its own template.  Flows are between ~4000
 * customer hosts in a few provider prefixes and the Internet at large;
 * 80% TCP (one side a well-known port, the other ephemeral), 18% UDP
 * (DNS, NTP, QUIC, high ports), 2% ICMP; packet counts heavy-tailed;
 * bytes per packet 40..1500; durations up to a minute, exported up to a
 * minute after their end.  All multi-byte fields are big-endian.
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Random numbers                                                      */
/* ------------------------------------------------------------------ */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint32_t rn(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

static int chance(unsigned pm)
{
	return rn(1000) < pm;
}

/* ------------------------------------------------------------------ */
/* Output helpers                                                      */
/* ------------------------------------------------------------------ */

static void die(const char *msg)
{
	fprintf(stderr, "bench_flow_gen: %s%s%s\n", msg,
		errno ? ": " : "", errno ? strerror(errno) : "");
	exit(1);
}

static uint8_t *put8(uint8_t *p, uint32_t v)
{
	*p++ = (uint8_t)v;
	return p;
}

static uint8_t *put16(uint8_t *p, uint32_t v)
{
	*p++ = (uint8_t)(v >> 8);
	*p++ = (uint8_t)v;
	return p;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	*p++ = (uint8_t)(v >> 24);
	*p++ = (uint8_t)(v >> 16);
	*p++ = (uint8_t)(v >> 8);
	*p++ = (uint8_t)v;
	return p;
}

static uint8_t *put64(uint8_t *p, uint64_t v)
{
	p = put32(p, (uint32_t)(v >> 32));
	return put32(p, (uint32_t)v);
}

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void xwrite(FILE *f, const void *buf, size_t n)
{
	if (n && fwrite(buf, 1, n, f) != n)
		die("write failed");
}

/* pcap (libpcap 2.4, microseconds, little-endian, Ethernet). */
static void pcap_header(FILE *f)
{
	static const uint8_t h[24] = {
		0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0, 0, 1, 0, 0, 0
	};
	xwrite(f, h, sizeof h);
}

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint64_t pcap_bytes;

/* One Ethernet/IPv4/UDP frame carrying PAYLOAD from SRC:SPORT to
 * DST:DPORT at time SEC.USEC. */
static void pcap_udp(FILE *f, uint32_t sec, uint32_t usec, uint32_t src,
		     uint32_t dst, unsigned sport, unsigned dport,
		     const uint8_t *payload, size_t len)
{
	static uint16_t ip_id;
	uint8_t h[16 + 14 + 20 + 8], *p = h + 16;
	size_t frame = 14 + 20 + 8 + len;
	le32(h, sec);
	le32(h + 4, usec);
	le32(h + 8, (uint32_t)frame);
	le32(h + 12, (uint32_t)frame);
	static const uint8_t mac[12] = {
		0x00, 0x1b, 0x21, 0x3c, 0x9d, 0x01,	/* collector */
		0x00, 0x0c, 0x29, 0x5a, 0x10, 0x02	/* exporter */
	};
	memcpy(p, mac, 12);
	p = put16(p + 12, 0x0800);
	uint8_t *ip = p;
	p = put8(p, 0x45);
	p = put8(p, 0);
	p = put16(p, (uint32_t)(20 + 8 + len));
	p = put16(p, ip_id++);
	p = put16(p, 0x4000);
	p = put8(p, 64);
	p = put8(p, 17);
	p = put16(p, 0);
	p = put32(p, src);
	p = put32(p, dst);
	uint32_t sum = 0;
	for (int i = 0; i < 20; i += 2)
		sum += get16(ip + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ip + 10, ~sum & 0xffff);
	p = put16(p, sport);
	p = put16(p, dport);
	p = put16(p, (uint32_t)(8 + len));
	p = put16(p, 0);	/* no UDP checksum (RFC 768, IPv4) */
	xwrite(f, h, sizeof h);
	xwrite(f, payload, len);
	pcap_bytes += sizeof h + len;
}

/* ------------------------------------------------------------------ */
/* The traffic model                                                   */
/* ------------------------------------------------------------------ */

struct flow {
	uint32_t src, dst, nexthop;
	uint16_t sport, dport;
	uint8_t proto, flags, tos, smask, dmask;
	uint64_t bytes, packets;
	uint64_t start_ms, end_ms;	/* Unix milliseconds */
	uint32_t in_if, out_if, src_as, dst_as;
};

/* Customer prefixes (a /16 and a few /20s in documentation-like but
 * routable-looking space) and their AS. */
static const uint32_t cust_net[] = { 0x5DB80000, 0xC3F21000, 0xC3F23000, 0x2E1D4000 };
static const uint8_t cust_len[] = { 16, 20, 20, 20 };
#define LOCAL_AS 64700u

static uint32_t internet_addr(void)
{
	for (;;) {
		uint32_t a = (uint32_t)rnd();
		uint8_t o = (uint8_t)(a >> 24);
		if (o == 0 || o == 10 || o == 127 || o >= 224 ||
		    (o == 172 && ((a >> 20) & 0xf) == 1) ||
		    (o == 192 && ((a >> 16) & 0xff) == 168))
			continue;
		/* a third of the flows go to a few popular /24s
		 * (CDNs, resolvers) */
		if (chance(300)) {
			static const uint32_t popular[] = {
				0x8EFA0000, 0x8EFB2000, 0x68100000, 0x68114000,
				0x97658000, 0x11FD2000, 0x34D00000, 0x0D200000
			};
			a = popular[rn(8)] | (a & 0xff) << 8 | rn(256);
		}
		return a;
	}
}

static uint32_t customer_addr(uint8_t *mask)
{
	unsigned i = rn(4);
	uint32_t host = rn(1u << (32 - cust_len[i] > 10 ? 10 : 32 - cust_len[i]));
	*mask = cust_len[i];
	return cust_net[i] | (host & ((1u << (32 - cust_len[i])) - 1)) | 1;
}

static uint32_t as_of(uint32_t addr)
{
	return 1000 + (addr >> 20) % 60000 + ((addr >> 8) & 1 ? 0 : 200000);
}

static const uint16_t tcp_ports[] = { 443, 443, 443, 443, 80, 80, 22, 25, 993, 8080, 3389, 179 };
static const uint16_t udp_ports[] = { 53, 53, 53, 123, 443, 443, 4500, 500, 1194, 3478 };

static void make_flow(struct flow *fl, uint64_t export_ms, unsigned exporter)
{
	uint8_t cmask, rmask;
	uint32_t cust = customer_addr(&cmask), remote = internet_addr();
	int inbound = chance(550);
	unsigned r = rn(100);
	uint16_t service, eph = (uint16_t)(32768 + rn(28232));
	rmask = (uint8_t)(16 + rn(9));
	memset(fl, 0, sizeof *fl);
	if (r < 80) {
		fl->proto = 6;
		service = tcp_ports[rn(sizeof tcp_ports / sizeof tcp_ports[0])];
	} else if (r < 98) {
		fl->proto = 17;
		service = chance(100) ? (uint16_t)(1024 + rn(64000))
				      : udp_ports[rn(sizeof udp_ports / sizeof udp_ports[0])];
	} else {
		fl->proto = 1;
		service = 0;
	}
	/* client -> server, or the server's answer; customers are mostly
	 * clients */
	int cust_is_client = chance(850);
	uint32_t client = cust_is_client ? cust : remote;
	uint32_t server = cust_is_client ? remote : cust;
	int to_server = inbound ? !cust_is_client : cust_is_client;
	if (to_server) {
		fl->src = client;
		fl->dst = server;
		fl->sport = eph;
		fl->dport = service;
	} else {
		fl->src = server;
		fl->dst = client;
		fl->sport = service;
		fl->dport = eph;
	}
	if (fl->proto == 1) {
		static const uint16_t icmp[] = { 0x0800, 0x0000, 0x0303, 0x0b00 };
		fl->sport = 0;
		fl->dport = icmp[rn(4)];
	}
	fl->smask = fl->src == cust ? cmask : rmask;
	fl->dmask = fl->dst == cust ? cmask : rmask;
	/* heavy-tailed packet counts: mostly short flows */
	uint64_t pk = 1 + rn(4);
	while (chance(450) && pk < (1ull << 30))
		pk = pk * 2 + rn((uint32_t)(pk < 1000 ? pk : 1000));
	fl->packets = pk;
	unsigned avg = to_server ? 60 + rn(200) : 200 + rn(1300);
	fl->bytes = pk * avg + rn(40);
	if (fl->proto == 6)
		fl->flags = pk == 1 ? (chance(500) ? 0x02 : 0x04)
				    : (uint8_t)(0x10 | 0x08 | (chance(800) ? 0x02 : 0) | (chance(700) ? 0x01 : 0));
	fl->tos = chance(900) ? 0 : (uint8_t)(rn(64) << 2);
	fl->end_ms = export_ms - rn(60000);
	fl->start_ms = fl->end_ms - (pk == 1 ? 0 : rn(pk < 60 ? (uint32_t)pk * 1000 : 60000));
	uint32_t up_if = 500 + exporter * 10 + rn(4), down_if = 600 + rn(24);
	fl->in_if = inbound ? up_if : down_if;
	fl->out_if = inbound ? down_if : up_if;
	fl->src_as = fl->src == cust ? 0 : as_of(fl->src);
	fl->dst_as = fl->dst == cust ? 0 : as_of(fl->dst);
	fl->nexthop = inbound ? 0x5DB8FF00 | (1 + rn(8)) : 0xB9010100 | (exporter * 4 + 1 + rn(2));
}

/* ------------------------------------------------------------------ */
/* IPFIX (RFC 7011) and the RFC 5655 file                               */
/* ------------------------------------------------------------------ */

/* Exporter 0: full-size counters; exporter 1: reduced-size encoding
 * (RFC 7011 6.2) of the counters, as many routers send. */
struct ie {
	uint16_t id, len;
};
static const struct ie ipfix_tpl[2][15] = {
	{ {8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {6, 1}, {1, 8}, {2, 8},
	  {152, 8}, {153, 8}, {10, 4}, {14, 4}, {16, 4}, {17, 4}, {15, 4} },
	{ {8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {6, 1}, {1, 4}, {2, 4},
	  {152, 8}, {153, 8}, {10, 4}, {14, 4}, {16, 4}, {17, 4}, {15, 4} },
};
#define IPFIX_NFIELDS 15
#define IPFIX_REFRESH 64	/* messages per exporter between templates */
#define IPFIX_PORT 4739
#define COLLECTOR 0xC633640Au	/* 198.51.100.10 */
static const uint32_t exporter_ip[2] = { 0xC6336401u, 0xC6336402u };	/* 198.51.100.1, .2 */

static uint8_t *put_uint(uint8_t *p, uint64_t v, unsigned len)
{
	switch (len) {
	case 1: return put8(p, (uint32_t)(v > 0xff ? 0xff : v));
	case 2: return put16(p, (uint32_t)(v > 0xffff ? 0xffff : v));
	case 4: return put32(p, (uint32_t)(v > 0xffffffffu ? 0xffffffffu : v));
	default: return put64(p, v);
	}
}

static uint8_t *ipfix_record(uint8_t *p, const struct ie *t, const struct flow *fl)
{
	for (int i = 0; i < IPFIX_NFIELDS; i++) {
		uint64_t v = 0;
		switch (t[i].id) {
		case 8: v = fl->src; break;
		case 12: v = fl->dst; break;
		case 7: v = fl->sport; break;
		case 11: v = fl->dport; break;
		case 4: v = fl->proto; break;
		case 6: v = fl->flags; break;
		case 1: v = fl->bytes; break;
		case 2: v = fl->packets; break;
		case 152: v = fl->start_ms; break;
		case 153: v = fl->end_ms; break;
		case 10: v = fl->in_if; break;
		case 14: v = fl->out_if; break;
		case 16: v = fl->src_as; break;
		case 17: v = fl->dst_as; break;
		case 15: v = fl->nexthop; break;
		}
		p = put_uint(p, v, t[i].len);
	}
	return p;
}

static unsigned rec_len(const struct ie *t, int n)
{
	unsigned l = 0;
	for (int i = 0; i < n; i++)
		l += t[i].len;
	return l;
}

#define START_TIME 1733011200u	/* 2024-12-01 00:00:00 UTC */

static int gen_ipfix(const char *out, const char *pcap_out, double mb)
{
	FILE *f = fopen(out, "wb"), *pc = fopen(pcap_out, "wb");
	if (!f || !pc)
		die("cannot create output");
	pcap_header(pc);
	uint64_t limit = (uint64_t)(mb * 1e6), bytes = 0, msgs = 0, flows = 0;
	uint32_t seq[2] = { 0, 0 }, since_tpl[2] = { IPFIX_REFRESH, IPFIX_REFRESH };
	uint64_t now_us = (uint64_t)START_TIME * 1000000;
	uint8_t msg[1500];
	while (bytes < limit) {
		unsigned ex = (unsigned)(msgs & 1) ^ (chance(100) ? 1 : 0);
		const struct ie *t = ipfix_tpl[ex];
		uint8_t *p = msg + 16;
		now_us += 2000 + rn(6000);
		uint32_t export_s = (uint32_t)(now_us / 1000000);
		if (since_tpl[ex] >= IPFIX_REFRESH) {
			/* template set (set ID 2): one template record */
			p = put16(p, 2);
			p = put16(p, 4 + 4 + 4 * IPFIX_NFIELDS);
			p = put16(p, 256 + ex);
			p = put16(p, IPFIX_NFIELDS);
			for (int i = 0; i < IPFIX_NFIELDS; i++) {
				p = put16(p, t[i].id);
				p = put16(p, t[i].len);
			}
			since_tpl[ex] = 0;
		}
		since_tpl[ex]++;
		unsigned rl = rec_len(t, IPFIX_NFIELDS);
		unsigned n = (unsigned)((1400 - (size_t)(p - msg) - 4) / rl);
		if (chance(50))
			n = 1 + rn(n);	/* a flush before the message is full */
		uint8_t *set = p;
		p = put16(p, 256 + ex);
		p = put16(p, 0);
		for (unsigned i = 0; i < n; i++) {
			struct flow fl;
			make_flow(&fl, (uint64_t)export_s * 1000, ex);
			p = ipfix_record(p, t, &fl);
		}
		put16(set + 2, (uint32_t)(p - set));
		size_t len = (size_t)(p - msg);
		uint8_t *h = msg;
		h = put16(h, 10);
		h = put16(h, (uint32_t)len);
		h = put32(h, export_s);
		h = put32(h, seq[ex]);
		put32(h, 1 + ex * 99);	/* observation domains 1 and 100 */
		seq[ex] += n;
		xwrite(f, msg, len);
		pcap_udp(pc, (uint32_t)(now_us / 1000000), (uint32_t)(now_us % 1000000),
			 exporter_ip[ex], COLLECTOR, 40000 + ex, IPFIX_PORT, msg, len);
		bytes += len;
		msgs++;
		flows += n;
	}
	if (fclose(f) || fclose(pc))
		die("write failed");
	printf("messages %llu\nflows %llu\noptions 0\nbytes %llu\npcap_bytes %llu\n",
	       (unsigned long long)msgs, (unsigned long long)flows,
	       (unsigned long long)bytes, (unsigned long long)pcap_bytes + 24);
	return 0;
}

/* ------------------------------------------------------------------ */
/* NetFlow v9 (RFC 3954)                                                */
/* ------------------------------------------------------------------ */

static const struct ie v9_tpl[] = {
	{8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {6, 1}, {1, 4}, {2, 4},
	{22, 4}, {21, 4}, {10, 2}, {14, 2}, {16, 4}, {17, 4}, {15, 4},
	{5, 1}, {9, 1}, {13, 1}
};
#define V9_NFIELDS ((int)(sizeof v9_tpl / sizeof v9_tpl[0]))
#define V9_TPL_ID 260
#define V9_OPT_ID 300
#define V9_REFRESH 20
#define V9_PORT 2055
#define V9_SAMPLING 1000	/* 1 in N packets */

static uint8_t *v9_record(uint8_t *p, const struct flow *fl, uint64_t boot_ms)
{
	for (int i = 0; i < V9_NFIELDS; i++) {
		uint64_t v = 0;
		switch (v9_tpl[i].id) {
		case 8: v = fl->src; break;
		case 12: v = fl->dst; break;
		case 7: v = fl->sport; break;
		case 11: v = fl->dport; break;
		case 4: v = fl->proto; break;
		case 6: v = fl->flags; break;
		case 1: v = fl->bytes; break;
		case 2: v = fl->packets; break;
		case 22: v = fl->start_ms - boot_ms; break;
		case 21: v = fl->end_ms - boot_ms; break;
		case 10: v = fl->in_if; break;
		case 14: v = fl->out_if; break;
		case 16: v = fl->src_as; break;
		case 17: v = fl->dst_as; break;
		case 15: v = fl->nexthop; break;
		case 5: v = fl->tos; break;
		case 9: v = fl->smask; break;
		case 13: v = fl->dmask; break;
		}
		p = put_uint(p, v, v9_tpl[i].len);
	}
	return p;
}

static int gen_v9(const char *pcap_out, double mb)
{
	FILE *pc = fopen(pcap_out, "wb");
	if (!pc)
		die("cannot create output");
	pcap_header(pc);
	uint64_t limit = (uint64_t)(mb * 1e6), msgs = 0, flows = 0, opts = 0;
	uint32_t seq[2] = { 0, 0 }, since_tpl[2] = { V9_REFRESH, V9_REFRESH };
	/* the routers booted ~40 and ~9 days before */
	uint64_t boot_ms[2] = { ((uint64_t)START_TIME - 3456000) * 1000,
				((uint64_t)START_TIME - 777600) * 1000 + 417 };
	uint64_t now_us = (uint64_t)START_TIME * 1000000;
	unsigned rl = rec_len(v9_tpl, V9_NFIELDS);
	uint8_t msg[1500];
	while (pcap_bytes < limit) {
		unsigned ex = (unsigned)(msgs & 1) ^ (chance(100) ? 1 : 0);
		uint8_t *p = msg + 20;
		unsigned count = 0;
		now_us += 1500 + rn(4000);
		uint64_t now_ms = now_us / 1000;
		if (since_tpl[ex] >= V9_REFRESH) {
			/* a datagram of templates and options, as IOS sends
			 * them: template flowset, options template flowset,
			 * options data flowset */
			p = put16(p, 0);
			p = put16(p, 4 + 4 + 4 * V9_NFIELDS);
			p = put16(p, V9_TPL_ID);
			p = put16(p, V9_NFIELDS);
			for (int i = 0; i < V9_NFIELDS; i++) {
				p = put16(p, v9_tpl[i].id);
				p = put16(p, v9_tpl[i].len);
			}
			count++;
			p = put16(p, 1);
			p = put16(p, 4 + 6 + 4 + 8 + 2);	/* padded to 24 */
			p = put16(p, V9_OPT_ID);
			p = put16(p, 4);	/* scope length: one field */
			p = put16(p, 8);	/* option length: two fields */
			p = put16(p, 1);	/* scope: System */
			p = put16(p, 4);
			p = put16(p, 34);	/* SAMPLING_INTERVAL */
			p = put16(p, 4);
			p = put16(p, 35);	/* SAMPLING_ALGORITHM */
			p = put16(p, 1);
			p = put16(p, 0);	/* padding */
			count++;
			p = put16(p, V9_OPT_ID);
			p = put16(p, 4 + 9 + 3);
			p = put32(p, exporter_ip[ex]);
			p = put32(p, V9_SAMPLING);
			p = put8(p, 2);	/* random sampling */
			p = put8(p, 0);
			p = put16(p, 0);
			count++;
			opts++;
			since_tpl[ex] = 0;
		} else {
			since_tpl[ex]++;
			unsigned n = (unsigned)((1400 - 20 - 4) / rl);
			if (chance(50))
				n = 1 + rn(n);
			uint8_t *set = p;
			p = put16(p, V9_TPL_ID);
			p = put16(p, 0);
			for (unsigned i = 0; i < n; i++) {
				struct flow fl;
				make_flow(&fl, now_ms, ex);
				p = v9_record(p, &fl, boot_ms[ex]);
			}
			while ((p - set) % 4)
				*p++ = 0;
			put16(set + 2, (uint32_t)(p - set));
			count += n;
			flows += n;
		}
		size_t len = (size_t)(p - msg);
		uint8_t *h = msg;
		h = put16(h, 9);
		h = put16(h, count);
		h = put32(h, (uint32_t)(now_ms - boot_ms[ex]));
		h = put32(h, (uint32_t)(now_us / 1000000));
		h = put32(h, seq[ex]++);
		put32(h, ex);	/* source ID */
		pcap_udp(pc, (uint32_t)(now_us / 1000000), (uint32_t)(now_us % 1000000),
			 exporter_ip[ex], COLLECTOR, 50000 + ex, V9_PORT, msg, len);
		msgs++;
	}
	if (fclose(pc))
		die("write failed");
	printf("messages %llu\nflows %llu\noptions %llu\nbytes %llu\n",
	       (unsigned long long)msgs, (unsigned long long)flows,
	       (unsigned long long)opts, (unsigned long long)pcap_bytes + 24);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Replaying a capture to a local collector                            */
/* ------------------------------------------------------------------ */

static int replay(const char *in, unsigned port, unsigned pps)
{
	FILE *f = fopen(in, "rb");
	uint8_t gh[24], rh[16];
	static uint8_t frame[65536];
	if (!f)
		die("cannot open capture");
	if (fread(gh, 1, 24, f) != 24 || gh[0] != 0xd4 || gh[1] != 0xc3)
		die("not a little-endian microsecond pcap");
	uint32_t srcs[8];
	int socks[8], nsrc = 0;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	to.sin_addr.s_addr = htonl(0x7f000001);
	uint64_t sent = 0, skipped = 0;
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (fread(rh, 1, 16, f) == 16) {
		uint32_t incl = (uint32_t)rh[8] | (uint32_t)rh[9] << 8 |
				(uint32_t)rh[10] << 16 | (uint32_t)rh[11] << 24;
		if (incl > sizeof frame || fread(frame, 1, incl, f) != incl)
			die("truncated capture");
		if (incl < 42 || get16(frame + 12) != 0x0800 || frame[23] != 17) {
			skipped++;
			continue;
		}
		uint32_t src = get32(frame + 26);
		size_t ihl = (size_t)(frame[14] & 15) * 4;
		const uint8_t *udp = frame + 14 + ihl;
		size_t len = get16(udp + 4) - 8;
		int s = -1;
		for (int i = 0; i < nsrc; i++)
			if (srcs[i] == src)
				s = socks[i];
		if (s < 0) {
			if (nsrc == 8)
				die("more than 8 exporters");
			struct sockaddr_in from = { .sin_family = AF_INET };
			from.sin_addr.s_addr = htonl(0x7f000002u + (uint32_t)nsrc);
			s = socket(AF_INET, SOCK_DGRAM, 0);
			if (s < 0 || bind(s, (struct sockaddr *)&from, sizeof from) < 0)
				die("socket");
			srcs[nsrc] = src;
			socks[nsrc++] = s;
		}
		/* pace: never ahead of PPS */
		for (;;) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			double el = (double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
			if ((double)sent <= el * pps)
				break;
			struct timespec d = { 0, 200000 };
			nanosleep(&d, NULL);
		}
		while (sendto(s, udp + 8, len, 0, (struct sockaddr *)&to, sizeof to) < 0) {
			if (errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED)
				die("sendto");
			struct timespec d = { 0, 1000000 };
			nanosleep(&d, NULL);
		}
		sent++;
	}
	fclose(f);
	printf("sent %llu\nskipped %llu\n", (unsigned long long)sent, (unsigned long long)skipped);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "ipfix"))
		return gen_ipfix(argv[2], argv[3], atof(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "v9"))
		return gen_v9(argv[2], atof(argv[3]));
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "replay"))
		return replay(argv[2], (unsigned)atoi(argv[3]),
			      argc == 5 ? (unsigned)atoi(argv[4]) : 20000);
	fprintf(stderr, "usage: bench_flow_gen ipfix OUT.ipfix OUT.pcap SIZE_MB\n"
			"       bench_flow_gen v9 OUT.pcap SIZE_MB\n"
			"       bench_flow_gen replay IN.pcap PORT [PPS]\n");
	return 2;
}
