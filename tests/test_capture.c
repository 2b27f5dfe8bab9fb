/*
 * test_capture.c -- UDP datagrams out of pcap and pcapng captures
 * (parsers/capture.c).
 *
 * Captures are built byte by byte at test time: the pcap file format
 * (tcpdump.org pcap-savefile(5)), pcapng (draft-ietf-opsawg-pcapng), link
 * headers per the tcpdump.org LINKTYPE_ list, IPv4 (RFC 791), IPv6 and
 * its extension headers (RFC 8200), UDP (RFC 768).  They are written to
 * a temporary directory and read back through the input layer, as the
 * analyzer does.  Two real captures from tests/data/flows are read too.
 *
 * Run from the repository root: the data paths are relative to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "parsers/capture.h"
#include "parsers/input.h"

#define DATADIR		"tests/data/flows"

/* tcpdump.org link types, as written in files. */
#define LT_NULL		0
#define LT_EN10MB	1
#define LT_RAW		101
#define LT_LOOP		108
#define LT_LINUX_SLL	113
#define LT_IEEE802_11	105
#define LT_IPV4		228
#define LT_IPV6		229
#define LT_LINUX_SLL2	276

#define T0_US		1700000000000000LL	/* 2023-11-14T22:13:20Z */

static char	tmpdir[64];

/* ------------------------------------------------------------------ */
/* Building packets                                                    */

struct pkt {
	uint8_t	b[70000];
	size_t	len;
};

static void
p8(struct pkt *p, uint8_t v)
{
	assert_true(p->len < sizeof(p->b));
	p->b[p->len++] = v;
}

static void
p16(struct pkt *p, uint16_t v)
{
	p8(p, (uint8_t)(v >> 8));
	p8(p, (uint8_t)v);
}

static void
p32(struct pkt *p, uint32_t v)
{
	p16(p, (uint16_t)(v >> 16));
	p16(p, (uint16_t)v);
}

static void
pbytes(struct pkt *p, const void *d, size_t n)
{
	assert_true(p->len + n <= sizeof(p->b));
	memcpy(p->b + p->len, d, n);
	p->len += n;
}

/* Payload byte i of datagram seed. */
static uint8_t
pattern(unsigned seed, size_t i)
{
	return (uint8_t)(i * 7 + seed * 31 + (i >> 8));
}

static void
ppattern(struct pkt *p, unsigned seed, size_t from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p8(p, pattern(seed, from + i));
}

/* Ethernet II MAC addresses; the EtherType (and tags) follow. */
static void
eth_macs(struct pkt *p)
{
	static const uint8_t macs[12] = { 0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10 };

	pbytes(p, macs, sizeof(macs));
}

static void
eth(struct pkt *p, uint16_t type)
{
	eth_macs(p);
	p16(p, type);
}

/* IPv4 header (RFC 791 3.1), no options, for payload_len bytes. */
static void
ipv4(struct pkt *p, uint32_t src, uint8_t proto, uint16_t id, uint16_t frag,
    size_t payload_len)
{
	p8(p, 0x45);
	p8(p, 0);
	p16(p, (uint16_t)(20 + payload_len));
	p16(p, id);
	p16(p, frag);
	p8(p, 64);
	p8(p, proto);
	p16(p, 0);
	p32(p, src);
	p32(p, 0xc0000201);	/* 192.0.2.1 */
}

static const uint8_t SRC6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0x05 };

static void
ipv6(struct pkt *p, uint8_t nh, size_t payload_len)
{
	static const uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0x01 };

	p32(p, 0x60000000);
	p16(p, (uint16_t)payload_len);
	p8(p, nh);
	p8(p, 64);
	pbytes(p, SRC6, 16);
	pbytes(p, dst, 16);
}

static void
udp(struct pkt *p, uint16_t sport, size_t payload_len)
{
	p16(p, sport);
	p16(p, 2055);
	p16(p, (uint16_t)(8 + payload_len));
	p16(p, 0);
}

/* A whole IPv4/UDP packet carrying n pattern bytes. */
static void
udp4(struct pkt *p, uint32_t src, uint16_t sport, unsigned seed, size_t n)
{
	ipv4(p, src, 17, 1, 0, 8 + n);
	udp(p, sport, n);
	ppattern(p, seed, 0, n);
}

static void
udp6(struct pkt *p, uint16_t sport, unsigned seed, size_t n)
{
	ipv6(p, 17, 8 + n);
	udp(p, sport, n);
	ppattern(p, seed, 0, n);
}

/* ------------------------------------------------------------------ */
/* Building capture files                                              */

struct cap {
	uint8_t	*b;
	size_t	 len;
	bool	 ng;
};

static void
cap_put(struct cap *c, const void *d, size_t n)
{
	c->b = realloc(c->b, c->len + n + 1);
	assert_non_null(c->b);
	memcpy(c->b + c->len, d, n);
	c->len += n;
}

/* Little-endian fields, as a little-endian host writes them. */
static void
cap_le16(struct cap *c, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	cap_put(c, b, 2);
}

static void
cap_le32(struct cap *c, uint32_t v)
{
	cap_le16(c, (uint16_t)v);
	cap_le16(c, (uint16_t)(v >> 16));
}

static void
cap_begin(struct cap *c, uint32_t linktype, bool ng)
{
	memset(c, 0, sizeof(*c));
	c->ng = ng;
	if (!ng) {
		/* pcap-savefile(5): magic, 2.4, zone, sigfigs, snaplen, type */
		cap_le32(c, 0xa1b2c3d4);
		cap_le16(c, 2);
		cap_le16(c, 4);
		cap_le32(c, 0);
		cap_le32(c, 0);
		cap_le32(c, 262144);
		cap_le32(c, linktype);
		return;
	}
	/* Section header block, then one interface description block. */
	cap_le32(c, 0x0a0d0d0a);
	cap_le32(c, 28);
	cap_le32(c, 0x1a2b3c4d);
	cap_le16(c, 1);
	cap_le16(c, 0);
	cap_le32(c, 0xffffffff);
	cap_le32(c, 0xffffffff);
	cap_le32(c, 28);
	cap_le32(c, 1);
	cap_le32(c, 20);
	cap_le16(c, (uint16_t)linktype);
	cap_le16(c, 0);
	cap_le32(c, 262144);
	cap_le32(c, 20);
}

/* One record of caplen bytes of a packet of origlen bytes. */
static void
cap_record(struct cap *c, int64_t ts_us, const struct pkt *p, size_t caplen,
    size_t origlen)
{
	static const uint8_t zero[4];
	size_t pad = (4 - caplen % 4) % 4;

	if (!c->ng) {
		cap_le32(c, (uint32_t)(ts_us / 1000000));
		cap_le32(c, (uint32_t)(ts_us % 1000000));
		cap_le32(c, (uint32_t)caplen);
		cap_le32(c, (uint32_t)origlen);
		cap_put(c, p->b, caplen);
		return;
	}
	/* Enhanced packet block, microsecond timestamps. */
	cap_le32(c, 6);
	cap_le32(c, (uint32_t)(32 + caplen + pad));
	cap_le32(c, 0);
	cap_le32(c, (uint32_t)((uint64_t)ts_us >> 32));
	cap_le32(c, (uint32_t)ts_us);
	cap_le32(c, (uint32_t)caplen);
	cap_le32(c, (uint32_t)origlen);
	cap_put(c, p->b, caplen);
	cap_put(c, zero, pad);
	cap_le32(c, (uint32_t)(32 + caplen + pad));
}

static void
cap_packet(struct cap *c, int64_t ts_us, const struct pkt *p)
{
	cap_record(c, ts_us, p, p->len, p->len);
}

static const char *
write_file(const char *name, const uint8_t *b, size_t len)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	if (len > 0)
		assert_int_equal(fwrite(b, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void
cap_free(struct cap *c)
{
	free(c->b);
	c->b = NULL;
}

/* ------------------------------------------------------------------ */
/* Reading back                                                        */

#define MAXITEMS	160

struct item {
	enum capture_status	st;
	enum skip_reason	reason;
	uint64_t		packet_no;	/* or record_no for a skip */
	uint64_t		offset;
	bool			in_packet;
	size_t			len;
	uint8_t			data[4096];
	struct ip_addr		src;
	uint16_t		port;
	int64_t			recv_us;
	char			detail[DECODE_DETAIL_MAX];
};

struct run {
	struct item	it[MAXITEMS];
	int		n;
	uint64_t	packets;
	int		linktype;
	bool		pcapng;
};

static struct run *
read_path(const char *path)
{
	struct run *r = calloc(1, sizeof(*r));
	char err[256];
	struct input *in;
	struct capture *c;
	struct export_datagram d;
	struct decode_error e;
	enum capture_status st;

	assert_non_null(r);
	in = input_open(path, err, sizeof(err));
	assert_non_null(in);
	c = capture_open(in, "cap", err, sizeof(err));
	if (c == NULL)
		fail_msg("capture_open: %s", err);
	while ((st = capture_next(c, &d, &e)) != CAPTURE_END) {
		struct item *it;

		assert_true(r->n < MAXITEMS);
		it = &r->it[r->n++];
		it->st = st;
		if (st == CAPTURE_OK) {
			it->packet_no = d.packet_no;
			it->offset = d.offset;
			it->in_packet = d.offset_in_packet;
			it->len = d.len;
			memcpy(it->data, d.data,
			    d.len < sizeof(it->data) ? d.len : sizeof(it->data));
			it->src = d.exporter;
			it->port = d.exporter_port;
			it->recv_us = d.recv_us;
			assert_true(d.has_recv_time);
			assert_string_equal(d.file, "cap");
		} else {
			it->reason = e.reason;
			it->packet_no = e.record_no;
			it->offset = e.offset;
			assert_string_equal(e.file, "cap");
			assert_string_equal(e.record_unit, "packet");
			memcpy(it->detail, e.detail, sizeof(it->detail));
		}
	}
	/* CAPTURE_END stays. */
	assert_int_equal(capture_next(c, &d, &e), CAPTURE_END);
	r->packets = capture_packets(c);
	r->linktype = capture_linktype(c);
	r->pcapng = capture_is_pcapng(c);
	capture_close(c);
	input_close(in);
	return r;
}

static struct run *
read_cap(const struct cap *c)
{
	return read_path(write_file(c->ng ? "t.pcapng" : "t.pcap", c->b,
	    c->len));
}

static void
assert_ok(const struct item *it, uint64_t packet_no, unsigned seed, size_t n)
{
	size_t i;

	if (it->st != CAPTURE_OK)
		fail_msg("packet %llu: skipped: %s",
		    (unsigned long long)it->packet_no, it->detail);
	assert_int_equal(it->packet_no, packet_no);
	assert_int_equal(it->len, n);
	for (i = 0; i < n && i < sizeof(it->data); i++)
		if (it->data[i] != pattern(seed, i))
			fail_msg("packet %llu: byte %zu differs",
			    (unsigned long long)packet_no, i);
}

static void
assert_skip(const struct item *it, uint64_t packet_no, enum skip_reason r)
{
	if (it->st != CAPTURE_SKIP)
		fail_msg("packet %llu: decoded, expected a skip",
		    (unsigned long long)it->packet_no);
	if (it->reason != r)
		fail_msg("packet %llu: reason %s (%s), expected %s",
		    (unsigned long long)it->packet_no,
		    skip_reason_name(it->reason), it->detail,
		    skip_reason_name(r));
	assert_int_equal(it->packet_no, packet_no);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_detect(void **state)
{
	static const uint8_t magics[][4] = {
		{ 0xa1, 0xb2, 0xc3, 0xd4 }, { 0xd4, 0xc3, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0x3c, 0x4d }, { 0x4d, 0x3c, 0xb2, 0xa1 },
	};
	static const uint8_t ng[12] = { 0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0,
	    0x4d, 0x3c, 0x2b, 0x1a };
	static const uint8_t text[12] = "\n\r\r\nhello!";
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_true(capture_detect(magics[i], 4));
	assert_true(capture_detect(ng, sizeof(ng)));
	assert_false(capture_detect(text, sizeof(text)));
	assert_false(capture_detect(magics[0], 3));
	assert_false(capture_detect((const uint8_t *)"MRT!", 4));
	assert_false(capture_detect(NULL, 0));
}

/*
 * Ethernet, IPv4, UDP: every field of the datagram, the exact file
 * offset, and Ethernet padding trimmed by the IPv4 total length.
 */
static void
test_ethernet_ipv4(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;
	uint8_t pad[20] = { 0 };

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	memset(&p, 0, sizeof(p));
	eth(&p, 0x0800);
	udp4(&p, 0x0a000001, 9995, 1, 100);
	cap_packet(&c, T0_US + 123456, &p);
	/* 4 bytes of payload plus Ethernet padding to the 60-byte minimum. */
	p.len = 0;
	eth(&p, 0x0800);
	udp4(&p, 0x0a000002, 4739, 2, 4);
	pbytes(&p, pad, 60 - p.len);
	cap_packet(&c, T0_US + 2000000, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 2);
	assert_int_equal(r->linktype, LT_EN10MB);
	assert_false(r->pcapng);
	assert_int_equal(r->packets, 2);
	assert_ok(&r->it[0], 1, 1, 100);
	assert_int_equal(r->it[0].src.afi, AFI_IPV4);
	assert_memory_equal(r->it[0].src.bytes, "\x0a\x00\x00\x01", 4);
	assert_int_equal(r->it[0].port, 9995);
	assert_int_equal(r->it[0].recv_us, T0_US + 123456);
	/* 24 file header + 16 record header + 14 + 20 + 8 */
	assert_int_equal(r->it[0].offset, 24 + 16 + 14 + 20 + 8);
	assert_false(r->it[0].in_packet);
	assert_memory_equal(c.b + r->it[0].offset, r->it[0].data, 100);
	assert_ok(&r->it[1], 2, 2, 4);
	assert_int_equal(r->it[1].port, 4739);
	assert_int_equal(r->it[1].offset,
	    24 + 16 + (14 + 20 + 8 + 100) + 16 + 14 + 20 + 8);
	assert_memory_equal(c.b + r->it[1].offset, r->it[1].data, 4);
	free(r);
	cap_free(&c);
}

/* IEEE 802.1Q, 802.1ad and 0x9100 tags, stacked (QinQ). */
static void
test_vlan_qinq(void **state)
{
	static const uint16_t tags[][3] = {
		{ 0x8100 }, { 0x88a8, 0x8100 }, { 0x9100, 0x8100 },
		{ 0x88a8, 0x88a8, 0x8100 },
	};
	struct cap c;
	struct pkt p;
	struct run *r;
	size_t i, j;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	for (i = 0; i < 4; i++) {
		p.len = 0;
		eth_macs(&p);
		for (j = 0; j < 3 && tags[i][j] != 0; j++) {
			p16(&p, tags[i][j]);
			p16(&p, (uint16_t)(100 + j));
		}
		p16(&p, i % 2 ? 0x86dd : 0x0800);
		if (i % 2)
			udp6(&p, 2055, (unsigned)i, 50 + i);
		else
			udp4(&p, 0x0a000001, 2055, (unsigned)i, 50 + i);
		cap_packet(&c, T0_US, &p);
	}
	/* A tag cut short. */
	p.len = 0;
	eth_macs(&p);
	p16(&p, 0x8100);
	p8(&p, 0);
	cap_packet(&c, T0_US, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 5);
	for (i = 0; i < 4; i++)
		assert_ok(&r->it[i], i + 1, (unsigned)i, 50 + i);
	assert_int_equal(r->it[1].src.afi, AFI_IPV6);
	assert_memory_equal(r->it[1].src.bytes, SRC6, 16);
	assert_skip(&r->it[4], 5, SKIP_BAD_PACKET);
	free(r);
	cap_free(&c);
}

/* Non-UDP packets are counted, and numbering goes on past them. */
static void
test_not_udp(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	p.len = 0;				/* 1: ARP */
	eth(&p, 0x0806);
	ppattern(&p, 0, 0, 28);
	cap_packet(&c, T0_US, &p);
	p.len = 0;				/* 2: IEEE 802.3 + LLC */
	eth(&p, 46);
	ppattern(&p, 0, 0, 46);
	cap_packet(&c, T0_US, &p);
	p.len = 0;				/* 3: TCP */
	eth(&p, 0x0800);
	ipv4(&p, 0x0a000001, 6, 1, 0, 20);
	ppattern(&p, 0, 0, 20);
	cap_packet(&c, T0_US, &p);
	p.len = 0;				/* 4: ICMPv6 */
	eth(&p, 0x86dd);
	ipv6(&p, 58, 8);
	ppattern(&p, 0, 0, 8);
	cap_packet(&c, T0_US, &p);
	p.len = 0;				/* 5: UDP */
	eth(&p, 0x0800);
	udp4(&p, 0x0a000001, 2055, 5, 30);
	cap_packet(&c, T0_US, &p);
	p.len = 0;				/* 6: TCP, snaplen-cut: a note */
	eth(&p, 0x0800);
	ipv4(&p, 0x0a000001, 6, 1, 0, 1000);
	ppattern(&p, 0, 0, 40);
	cap_record(&c, T0_US, &p, p.len, p.len + 960);
	p.len = 0;				/* 7: TCP over IPv6, cut */
	eth(&p, 0x86dd);
	ipv6(&p, 6, 1000);
	ppattern(&p, 0, 0, 40);
	cap_record(&c, T0_US, &p, p.len, p.len + 960);
	p.len = 0;				/* 8: UDP over IPv6, cut */
	eth(&p, 0x86dd);
	udp6(&p, 2055, 1, 1000);
	cap_record(&c, T0_US, &p, 100, p.len);
	r = read_cap(&c);
	assert_int_equal(r->n, 8);
	assert_skip(&r->it[0], 1, NOTE_NOT_UDP);
	assert_skip(&r->it[1], 2, NOTE_NOT_UDP);
	assert_skip(&r->it[2], 3, NOTE_NOT_UDP);
	assert_non_null(strstr(r->it[2].detail, "TCP"));
	assert_skip(&r->it[3], 4, NOTE_NOT_UDP);
	assert_ok(&r->it[4], 5, 5, 30);
	assert_skip(&r->it[5], 6, NOTE_NOT_UDP);
	assert_skip(&r->it[6], 7, NOTE_NOT_UDP);
	assert_skip(&r->it[7], 8, SKIP_TRUNCATED);
	assert_int_equal(r->packets, 8);
	free(r);
	cap_free(&c);
}

/* Linux cooked capture v1 and v2. */
static void
test_linux_sll(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;
	int v;

	(void)state;
	for (v = 1; v <= 2; v++) {
		cap_begin(&c, v == 1 ? LT_LINUX_SLL : LT_LINUX_SLL2, false);
		p.len = 0;
		if (v == 1) {
			p16(&p, 0);		/* to us */
			p16(&p, 1);		/* ARPHRD_ETHER */
			p16(&p, 6);
			ppattern(&p, 9, 0, 8);
			p16(&p, 0x0800);
		} else {
			p16(&p, 0x0800);
			p16(&p, 0);
			p32(&p, 3);		/* interface index */
			p16(&p, 1);
			p8(&p, 0);
			p8(&p, 6);
			ppattern(&p, 9, 0, 8);
		}
		udp4(&p, 0x0a000009, 9996, 3, 77);
		cap_packet(&c, T0_US, &p);
		r = read_cap(&c);
		assert_int_equal(r->n, 1);
		assert_int_equal(r->linktype, v == 1 ? LT_LINUX_SLL :
		    LT_LINUX_SLL2);
		assert_ok(&r->it[0], 1, 3, 77);
		assert_int_equal(r->it[0].offset,
		    24 + 16 + (v == 1 ? 16 : 20) + 28);
		free(r);
		cap_free(&c);
	}
}

/* Raw IP: LINKTYPE_RAW either version, LINKTYPE_IPV4, LINKTYPE_IPV6. */
static void
test_raw_ip(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_RAW, false);
	p.len = 0;
	udp4(&p, 0x0a000001, 1000, 1, 10);
	cap_packet(&c, T0_US, &p);
	p.len = 0;
	udp6(&p, 1001, 2, 11);
	cap_packet(&c, T0_US, &p);
	p.len = 0;
	p8(&p, 0x50);			/* version 5 */
	ppattern(&p, 0, 0, 30);
	cap_packet(&c, T0_US, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 3);
	assert_ok(&r->it[0], 1, 1, 10);
	assert_ok(&r->it[1], 2, 2, 11);
	assert_int_equal(r->it[1].port, 1001);
	assert_skip(&r->it[2], 3, SKIP_BAD_PACKET);
	free(r);
	cap_free(&c);

	cap_begin(&c, LT_IPV4, false);
	p.len = 0;
	udp4(&p, 0x0a000001, 1000, 1, 10);
	cap_packet(&c, T0_US, &p);
	p.len = 0;
	udp6(&p, 1001, 2, 11);		/* IPv6 on an IPv4 link */
	cap_packet(&c, T0_US, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 2);
	assert_ok(&r->it[0], 1, 1, 10);
	assert_skip(&r->it[1], 2, SKIP_BAD_PACKET);
	free(r);
	cap_free(&c);

	cap_begin(&c, LT_IPV6, true);
	p.len = 0;
	udp6(&p, 1001, 2, 11);
	cap_packet(&c, T0_US, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 1);
	assert_ok(&r->it[0], 1, 2, 11);
	free(r);
	cap_free(&c);
}

/* BSD loopback: host byte order (either) for NULL, network for LOOP. */
static void
test_loopback(void **state)
{
	static const uint32_t fams[] = { 2, 24, 28, 30, 7 };
	struct cap c;
	struct pkt p;
	struct run *r;
	size_t i;
	int lt;

	(void)state;
	for (lt = 0; lt < 2; lt++) {
		cap_begin(&c, lt == 0 ? LT_NULL : LT_LOOP, false);
		for (i = 0; i < 5; i++) {
			p.len = 0;
			if (lt == 0 && i % 2 == 0) {	/* little-endian host */
				p8(&p, (uint8_t)fams[i]);
				p8(&p, 0);
				p16(&p, 0);
			} else
				p32(&p, fams[i]);
			if (fams[i] == 2)
				udp4(&p, 0x7f000001, 5000, 4, 20);
			else
				udp6(&p, 5000, 4, 20);
			cap_packet(&c, T0_US, &p);
		}
		r = read_cap(&c);
		assert_int_equal(r->n, 5);
		for (i = 0; i < 4; i++)
			assert_ok(&r->it[i], i + 1, 4, 20);
		assert_int_equal(r->it[0].src.afi, AFI_IPV4);
		assert_int_equal(r->it[3].src.afi, AFI_IPV6);
		assert_skip(&r->it[4], 5, NOTE_NOT_UDP);
		free(r);
		cap_free(&c);
	}
}

/* A link type carrying nothing we know: the file opens, packets count. */
static void
test_unknown_linktype(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_IEEE802_11, false);
	p.len = 0;
	ppattern(&p, 0, 0, 40);
	cap_packet(&c, T0_US, &p);
	cap_packet(&c, T0_US, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 2);
	assert_skip(&r->it[0], 1, NOTE_UNKNOWN_LINKTYPE);
	assert_skip(&r->it[1], 2, NOTE_UNKNOWN_LINKTYPE);
	assert_int_equal(r->linktype, LT_IEEE802_11);
	free(r);
	cap_free(&c);
}

/* RFC 8200 4: hop-by-hop, routing, destination options, then UDP. */
static void
test_ipv6_extension_headers(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	p.len = 0;
	eth(&p, 0x86dd);
	ipv6(&p, 0, 8 + 24 + 16 + 8 + 33);
	p8(&p, 43);			/* hop-by-hop, 8 bytes: PadN */
	p8(&p, 0);
	p8(&p, 1);
	p8(&p, 4);
	p32(&p, 0);
	p8(&p, 60);			/* routing, 24 bytes */
	p8(&p, 2);
	p8(&p, 4);
	p8(&p, 0);
	ppattern(&p, 7, 0, 20);
	p8(&p, 17);			/* destination options, 16 bytes */
	p8(&p, 1);
	ppattern(&p, 7, 0, 14);
	udp(&p, 7777, 33);
	ppattern(&p, 6, 0, 33);
	cap_packet(&c, T0_US, &p);
	/* An extension header running past the packet. */
	p.len = 0;
	eth(&p, 0x86dd);
	ipv6(&p, 60, 8);
	p8(&p, 17);
	p8(&p, 5);
	ppattern(&p, 7, 0, 6);
	cap_packet(&c, T0_US, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 2);
	assert_ok(&r->it[0], 1, 6, 33);
	assert_int_equal(r->it[0].port, 7777);
	assert_int_equal(r->it[0].offset,
	    24 + 16 + 14 + 40 + 8 + 24 + 16 + 8);
	assert_memory_equal(c.b + r->it[0].offset, r->it[0].data, 33);
	assert_skip(&r->it[1], 2, SKIP_BAD_PACKET);
	free(r);
	cap_free(&c);
}

/* Broken IPv4 and UDP headers. */
static void
test_bad_headers(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	p.len = 0;			/* 1: IHL 4 */
	eth(&p, 0x0800);
	udp4(&p, 0x0a000001, 1, 1, 10);
	p.b[14] = 0x44;
	cap_packet(&c, T0_US, &p);
	p.len = 0;			/* 2: version 6 in an IPv4 EtherType */
	eth(&p, 0x0800);
	udp4(&p, 0x0a000001, 1, 1, 10);
	p.b[14] = 0x65;
	cap_packet(&c, T0_US, &p);
	p.len = 0;			/* 3: total length past the frame */
	eth(&p, 0x0800);
	ipv4(&p, 0x0a000001, 17, 1, 0, 200);
	udp(&p, 1, 10);
	ppattern(&p, 1, 0, 10);
	cap_packet(&c, T0_US, &p);
	p.len = 0;			/* 4: UDP length past the IP payload */
	eth(&p, 0x0800);
	ipv4(&p, 0x0a000001, 17, 1, 0, 18);
	udp(&p, 1, 30);
	ppattern(&p, 1, 0, 10);
	cap_packet(&c, T0_US, &p);
	p.len = 0;			/* 5: UDP length below 8 */
	eth(&p, 0x0800);
	ipv4(&p, 0x0a000001, 17, 1, 0, 18);
	p16(&p, 1);
	p16(&p, 2);
	p16(&p, 7);
	p16(&p, 0);
	ppattern(&p, 1, 0, 10);
	cap_packet(&c, T0_US, &p);
	p.len = 0;			/* 6: UDP length shorter: it wins */
	eth(&p, 0x0800);
	ipv4(&p, 0x0a000001, 17, 1, 0, 8 + 20);
	udp(&p, 1, 12);
	ppattern(&p, 1, 0, 20);
	cap_packet(&c, T0_US, &p);
	p.len = 0;			/* 7: Ethernet header cut */
	ppattern(&p, 1, 0, 10);
	cap_packet(&c, T0_US, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 7);
	assert_skip(&r->it[0], 1, SKIP_BAD_PACKET);
	assert_skip(&r->it[1], 2, SKIP_BAD_PACKET);
	assert_skip(&r->it[2], 3, SKIP_BAD_PACKET);
	assert_skip(&r->it[3], 4, SKIP_BAD_PACKET);
	assert_non_null(strstr(r->it[3].detail, "UDP length 38"));
	assert_skip(&r->it[4], 5, SKIP_BAD_PACKET);
	assert_ok(&r->it[5], 6, 1, 12);
	assert_skip(&r->it[6], 7, SKIP_BAD_PACKET);
	free(r);
	cap_free(&c);
}

/* caplen < len: the snapshot length cut the UDP payload. */
static void
test_snaplen_truncated(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	p.len = 0;
	eth(&p, 0x0800);
	udp4(&p, 0x0a000001, 2055, 1, 1000);
	cap_record(&c, T0_US, &p, 96, p.len);
	cap_record(&c, T0_US, &p, 20, p.len);	/* IPv4 header cut */
	cap_packet(&c, T0_US, &p);
	/* Frame trailer cut only: the datagram is whole. */
	p.len = 0;
	eth(&p, 0x0800);
	udp4(&p, 0x0a000001, 2055, 2, 10);
	cap_record(&c, T0_US, &p, p.len, p.len + 4);
	r = read_cap(&c);
	assert_int_equal(r->n, 4);
	assert_skip(&r->it[0], 1, SKIP_TRUNCATED);
	assert_non_null(strstr(r->it[0].detail, "96 of 1042"));
	assert_int_equal(r->it[0].offset, 24 + 16 + 14);
	assert_skip(&r->it[1], 2, SKIP_TRUNCATED);
	assert_ok(&r->it[2], 3, 1, 1000);
	assert_ok(&r->it[3], 4, 2, 10);
	free(r);
	cap_free(&c);
}

/*
 * One IPv4 fragment (RFC 791 3.2) of a UDP datagram of total bytes
 * (header included), from offset off, n bytes.
 */
static void
frag4(struct cap *c, int64_t ts, uint32_t src, uint16_t id, unsigned seed,
    size_t total, size_t off, size_t n)
{
	struct pkt p;
	bool more = off + n < total;
	size_t i;

	p.len = 0;
	eth(&p, 0x0800);
	ipv4(&p, src, 17, id, (uint16_t)((more ? 0x2000 : 0) | off / 8), n);
	for (i = off; i < off + n; i++) {
		if (i == 0) {
			udp(&p, 2055, total - 8);
			i = 7;
		} else
			p8(&p, pattern(seed, i - 8));
	}
	cap_packet(c, ts, &p);
}

static void
test_ipv4_fragments(void **state)
{
	struct cap c;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	/* 1-3: in order, 3008 bytes of UDP. */
	frag4(&c, T0_US, 0x0a000001, 0x1234, 1, 3008, 0, 1480);
	frag4(&c, T0_US, 0x0a000001, 0x1234, 1, 3008, 1480, 1480);
	frag4(&c, T0_US, 0x0a000001, 0x1234, 1, 3008, 2960, 48);
	/* 4-6: out of order. */
	frag4(&c, T0_US, 0x0a000002, 0x1234, 2, 2000, 1000, 1000);
	frag4(&c, T0_US, 0x0a000002, 0x1234, 2, 2000, 504, 496);
	frag4(&c, T0_US, 0x0a000002, 0x1234, 2, 2000, 0, 504);
	r = read_cap(&c);
	assert_int_equal(r->n, 2);
	assert_ok(&r->it[0], 3, 1, 3000);
	assert_int_equal(r->it[0].port, 2055);
	assert_ok(&r->it[1], 6, 2, 1992);
	assert_memory_equal(r->it[1].src.bytes, "\x0a\x00\x00\x02", 4);
	assert_int_equal(r->packets, 6);
	free(r);
	cap_free(&c);
}

/* RFC 8200 4.5, with a destination options header in the fragmentable part. */
static void
test_ipv6_fragments(void **state)
{
	struct cap c;
	struct pkt p, whole;
	struct run *r;
	size_t off, n;

	(void)state;
	/* The fragmentable part: destination options, UDP, 2500 bytes. */
	whole.len = 0;
	p8(&whole, 17);
	p8(&whole, 0);
	p16(&whole, 0x0104);		/* PadN */
	p32(&whole, 0);
	udp(&whole, 6343, 2500);
	ppattern(&whole, 3, 0, 2500);
	cap_begin(&c, LT_EN10MB, true);
	for (off = 0; off < whole.len; off += n) {
		n = whole.len - off < 1232 ? whole.len - off : 1232;
		p.len = 0;
		eth(&p, 0x86dd);
		ipv6(&p, 44, 8 + n);
		p8(&p, 60);
		p8(&p, 0);
		p16(&p, (uint16_t)(off | (off + n < whole.len ? 1 : 0)));
		p32(&p, 0xdeadbeef);
		pbytes(&p, whole.b + off, n);
		cap_packet(&c, T0_US + (int64_t)off, &p);
	}
	/* An atomic fragment (RFC 6946): offset 0, M clear. */
	p.len = 0;
	eth(&p, 0x86dd);
	ipv6(&p, 44, 8 + 8 + 5);
	p8(&p, 17);
	p8(&p, 0);
	p16(&p, 0);
	p32(&p, 1);
	udp(&p, 6343, 5);
	ppattern(&p, 4, 0, 5);
	cap_packet(&c, T0_US, &p);
	r = read_cap(&c);
	assert_true(r->pcapng);
	assert_int_equal(r->n, 2);
	assert_ok(&r->it[0], 3, 3, 2500);
	assert_int_equal(r->it[0].port, 6343);
	assert_true(r->it[0].in_packet);
	assert_ok(&r->it[1], 4, 4, 5);
	assert_int_equal(r->it[1].offset, 14 + 40 + 8 + 8);
	free(r);
	cap_free(&c);
}

/* What cannot be reassembled: missing, overlapping, timed out. */
static void
test_fragment_failures(void **state)
{
	struct cap c;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	/* 1-2: 2 of 3 fragments, then the end (not timed out at 6). */
	frag4(&c, T0_US + 20000000, 0x0a000001, 0x1234, 1, 3008, 0, 1480);
	frag4(&c, T0_US + 20000000, 0x0a000001, 0x1234, 1, 3008, 2960, 48);
	/* 3-4: overlapping. */
	frag4(&c, T0_US, 0x0a000003, 0x99, 1, 3008, 0, 1480);
	frag4(&c, T0_US, 0x0a000003, 0x99, 1, 3008, 1000, 1480);
	/* 5: first of a datagram that times out; 6: 31 s later. */
	frag4(&c, T0_US, 0x0a000004, 0x77, 1, 3008, 0, 1480);
	frag4(&c, T0_US + 31000000, 0x0a000005, 0x1, 5, 100, 0, 40);
	/* 7: non-last fragment not a multiple of 8. */
	frag4(&c, T0_US + 31000000, 0x0a000006, 0x1, 5, 100, 0, 42);
	r = read_cap(&c);
	assert_int_equal(r->n, 5);
	assert_skip(&r->it[0], 4, SKIP_FRAGMENT);	/* the overlap */
	assert_non_null(strstr(r->it[0].detail, "overlapping"));
	assert_skip(&r->it[1], 5, SKIP_FRAGMENT);	/* timed out */
	assert_non_null(strstr(r->it[1].detail, "after 30 s"));
	assert_non_null(strstr(r->it[1].detail, "10.0.0.4"));
	assert_skip(&r->it[2], 7, SKIP_FRAGMENT);
	/* At the end, oldest first. */
	assert_skip(&r->it[3], 1, SKIP_FRAGMENT);
	assert_string_equal(r->it[3].detail, "IPv4 datagram id 0x1234 from "
	    "10.0.0.1: 2 fragments, 1528 of 3008 bytes: incomplete at the "
	    "end of the capture");
	assert_int_equal(r->it[3].offset, 24 + 16 + 14 + 20);
	assert_skip(&r->it[4], 6, SKIP_FRAGMENT);
	assert_non_null(strstr(r->it[4].detail, "last fragment missing"));
	free(r);
	cap_free(&c);
}

/* More datagrams in reassembly than the table holds: the oldest goes. */
static void
test_fragment_table_full(void **state)
{
	struct cap c;
	struct run *r;
	int i;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	for (i = 0; i < CAPTURE_MAX_REASSEMBLY + 1; i++)
		frag4(&c, T0_US, 0x0a000001, (uint16_t)i, 1, 3008, 0, 1480);
	/* Completes datagram 1 (0 was evicted). */
	frag4(&c, T0_US, 0x0a000001, 1, 1, 3008, 1480, 1528);
	r = read_cap(&c);
	assert_int_equal(r->n, 1 + 1 + CAPTURE_MAX_REASSEMBLY - 1);
	assert_skip(&r->it[0], 1, SKIP_FRAGMENT);
	assert_non_null(strstr(r->it[0].detail, "evicted"));
	assert_ok(&r->it[1], CAPTURE_MAX_REASSEMBLY + 2, 1, 3000);
	for (i = 2; i < r->n; i++)
		assert_skip(&r->it[i], (uint64_t)i + 1, SKIP_FRAGMENT);
	free(r);
	cap_free(&c);
}

/* pcapng: offsets count from the packet; nanosecond pcap timestamps. */
static void
test_pcapng_and_ns(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_EN10MB, true);
	p.len = 0;
	eth(&p, 0x0800);
	udp4(&p, 0x0a000001, 2055, 1, 33);	/* 33: padded block */
	cap_packet(&c, T0_US + 5, &p);
	cap_packet(&c, T0_US + 6, &p);
	r = read_cap(&c);
	assert_int_equal(r->n, 2);
	assert_ok(&r->it[1], 2, 1, 33);
	assert_true(r->it[1].in_packet);
	assert_int_equal(r->it[1].offset, 14 + 20 + 8);
	assert_int_equal(r->it[1].recv_us, T0_US + 6);
	free(r);
	cap_free(&c);

	/* pcap with nanoseconds (magic a1b23c4d): read as microseconds. */
	cap_begin(&c, LT_EN10MB, false);
	c.b[0] = 0x4d;
	c.b[1] = 0x3c;
	cap_le32(&c, (uint32_t)(T0_US / 1000000));
	cap_le32(&c, 123456789);
	cap_le32(&c, (uint32_t)p.len);
	cap_le32(&c, (uint32_t)p.len);
	cap_put(&c, p.b, p.len);
	r = read_cap(&c);
	assert_int_equal(r->n, 1);
	assert_ok(&r->it[0], 1, 1, 33);
	assert_int_equal(r->it[0].recv_us, T0_US + 123456);
	free(r);
	cap_free(&c);
}

/* A file ending inside a record: one SKIP_TRUNCATED, then the end. */
static void
test_truncated_file(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	p.len = 0;
	eth(&p, 0x0800);
	udp4(&p, 0x0a000001, 2055, 1, 100);
	cap_packet(&c, T0_US, &p);
	cap_packet(&c, T0_US, &p);
	c.len -= 10;
	r = read_cap(&c);
	assert_int_equal(r->n, 2);
	assert_ok(&r->it[0], 1, 1, 100);
	assert_skip(&r->it[1], 2, SKIP_TRUNCATED);
	assert_int_equal(r->it[1].offset, 24 + 16 + 142);
	assert_int_equal(r->packets, 1);
	free(r);
	cap_free(&c);
}

/*
 * Every prefix of a capture, pcap and pcapng: it opens or fails cleanly,
 * yields the whole packets before the cut, never reads out of bounds.
 */
static void
test_cut_everywhere(void **state)
{
	struct cap c;
	struct pkt p;
	int ng;

	(void)state;
	for (ng = 0; ng < 2; ng++) {
		size_t cut, ends[8];
		int nends = 0;

		cap_begin(&c, LT_EN10MB, ng == 1);
		ends[nends++] = c.len;
		p.len = 0;
		eth(&p, 0x0800);
		udp4(&p, 0x0a000001, 2055, 1, 21);
		cap_packet(&c, T0_US, &p);
		ends[nends++] = c.len;
		frag4(&c, T0_US, 0x0a000001, 7, 2, 108, 0, 48);
		ends[nends++] = c.len;
		frag4(&c, T0_US, 0x0a000001, 7, 2, 108, 48, 60);
		ends[nends++] = c.len;
		p.len = 0;
		eth(&p, 0x86dd);
		udp6(&p, 2055, 3, 17);
		cap_packet(&c, T0_US, &p);
		ends[nends++] = c.len;
		for (cut = 0; cut <= c.len; cut++) {
			const char *path = write_file("cut", c.b, cut);
			char err[256];
			struct input *in = input_open(path, err, sizeof(err));
			struct capture *cp;
			struct export_datagram d;
			struct decode_error e;
			enum capture_status st;
			int ok = 0, skips = 0, whole = 0, i;

			assert_non_null(in);
			cp = capture_open(in, "cap", err, sizeof(err));
			if (cp == NULL) {
				assert_true(cut < ends[0]);
				input_close(in);
				continue;
			}
			while ((st = capture_next(cp, &d, &e)) != CAPTURE_END) {
				if (st == CAPTURE_OK)
					ok++;
				else
					skips++;
				assert_true(ok + skips < 20);
			}
			for (i = 1; i < nends; i++)
				if (ends[i] <= cut)
					whole = i;
			/* Datagrams: packet 1, fragments 2+3, packet 4. */
			assert_int_equal(ok, (whole >= 1) + (whole >= 3) +
			    (whole >= 4));
			assert_int_equal(capture_packets(cp), whole);
			capture_close(cp);
			input_close(in);
		}
		cap_free(&c);
	}
}

/* Read a capture to the end, checking only that it ends. */
static void
drain(const struct cap *c)
{
	const char *path = write_file("cut", c->b, c->len);
	char err[256];
	struct input *in = input_open(path, err, sizeof(err));
	struct capture *cp;
	struct export_datagram d;
	struct decode_error e;
	enum capture_status st;
	int n = 0;

	assert_non_null(in);
	cp = capture_open(in, "cap", err, sizeof(err));
	if (cp != NULL) {
		while ((st = capture_next(cp, &d, &e)) != CAPTURE_END) {
			if (st == CAPTURE_OK)
				assert_true(d.len <= 65535);
			else
				assert_true(e.reason < SKIP_NREASONS);
			assert_true(++n < 200);
		}
		capture_close(cp);
	}
	input_close(in);
}

/*
 * Every byte of a capture of every kind of packet flipped, one at a
 * time, to every bit pattern that matters most (all ones, +1): headers
 * and lengths that lie, never a read out of bounds (run under ASan).
 */
static void
test_flip_every_byte(void **state)
{
	static const uint8_t xors[] = { 0xff, 0x01, 0x80, 0x40 };
	struct cap c;
	struct pkt p;
	size_t i, x;
	int ng;

	(void)state;
	for (ng = 0; ng < 2; ng++) {
		cap_begin(&c, LT_EN10MB, ng == 1);
		p.len = 0;
		eth_macs(&p);
		p16(&p, 0x8100);
		p16(&p, 5);
		p16(&p, 0x0800);
		udp4(&p, 0x0a000001, 2055, 1, 21);
		cap_packet(&c, T0_US, &p);
		frag4(&c, T0_US, 0x0a000001, 7, 2, 108, 48, 60);
		frag4(&c, T0_US, 0x0a000001, 7, 2, 108, 0, 48);
		p.len = 0;
		eth(&p, 0x86dd);
		ipv6(&p, 60, 8 + 8 + 9);
		p8(&p, 17);
		p8(&p, 0);
		p16(&p, 0x0104);
		p32(&p, 0);
		udp(&p, 2055, 9);
		ppattern(&p, 3, 0, 9);
		cap_packet(&c, T0_US, &p);
		p.len = 0;
		eth(&p, 0x86dd);
		ipv6(&p, 44, 8 + 24);
		p8(&p, 17);
		p8(&p, 0);
		p16(&p, 1);
		p32(&p, 9);
		udp(&p, 2055, 100);
		ppattern(&p, 3, 0, 16);
		cap_packet(&c, T0_US, &p);
		for (i = 0; i < c.len; i++)
			for (x = 0; x < sizeof(xors); x++) {
				c.b[i] ^= xors[x];
				drain(&c);
				c.b[i] ^= xors[x];
			}
		cap_free(&c);
	}
}

/* A gzip-compressed capture, through the input layer. */
static void
test_gzip_capture(void **state)
{
	struct cap c;
	struct pkt p;
	struct run *r;
	char path[128];
	gzFile gz;
	int i;

	(void)state;
	cap_begin(&c, LT_EN10MB, false);
	for (i = 0; i < 100; i++) {
		p.len = 0;
		eth(&p, 0x0800);
		udp4(&p, 0x0a000001, 2055, (unsigned)i, 500 + (size_t)i);
		cap_packet(&c, T0_US + i, &p);
	}
	snprintf(path, sizeof(path), "%s/t.pcap.gz", tmpdir);
	gz = gzopen(path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, c.b, (unsigned)c.len), (int)c.len);
	assert_int_equal(gzclose(gz), Z_OK);
	r = read_path(path);
	assert_int_equal(r->n, 100);
	for (i = 0; i < 100; i++) {
		assert_ok(&r->it[i], (uint64_t)i + 1, (unsigned)i,
		    500 + (size_t)i);
		/* Offsets are in the uncompressed content. */
		assert_memory_equal(c.b + r->it[i].offset, r->it[i].data,
		    r->it[i].len);
	}
	free(r);

	/* The compressed stream cut short: SKIP_DECOMPRESS at the end. */
	{
		FILE *fp = fopen(path, "rb");
		uint8_t *buf = malloc(1 << 20);
		size_t n;

		assert_non_null(fp);
		assert_non_null(buf);
		n = fread(buf, 1, 1 << 20, fp);
		fclose(fp);
		r = read_path(write_file("cut.pcap.gz", buf, n / 2));
		free(buf);
	}
	assert_true(r->n >= 1);
	assert_skip(&r->it[r->n - 1], r->packets + 1, SKIP_DECOMPRESS);
	free(r);
	cap_free(&c);
}

/* Not a capture at all. */
static void
test_open_errors(void **state)
{
	char err[256];
	const char *path = write_file("junk", (const uint8_t *)"not a capture "
	    "file, just text\n", 31);
	struct input *in = input_open(path, err, sizeof(err));

	(void)state;
	assert_non_null(in);
	assert_null(capture_open(in, "junk", err, sizeof(err)));
	assert_non_null(strstr(err, "junk: "));
	input_close(in);
}

/* Real captures: NetFlow v5 over Ethernet; IPFIX over IPv6, cooked. */
static void
test_real_captures(void **state)
{
	struct run *r;
	int i;

	(void)state;
	r = read_path(DATADIR "/akvorado__nfv5.pcap");
	assert_int_equal(r->n, 1);
	assert_int_equal(r->it[0].st, CAPTURE_OK);
	assert_int_equal(r->it[0].data[1], 5);		/* version 5 */
	assert_int_equal(r->it[0].len, 24 + 29 * 48);
	free(r);

	/* tshark -T fields -e frame.number -e ipv6.src -e udp.length */
	r = read_path(DATADIR "/pmacct__112-IPFIXv10-CISCO-options-map-"
	    "reassignment__traffic-00.pcap");
	assert_int_equal(r->linktype, LT_LINUX_SLL);
	assert_int_equal(r->n, 21);
	for (i = 0; i < 21; i++) {
		assert_int_equal(r->it[i].st, CAPTURE_OK);
		assert_int_equal(r->it[i].packet_no, i + 1);
		assert_int_equal(r->it[i].src.afi, AFI_IPV6);
		assert_int_equal(r->it[i].data[1], 10);	/* IPFIX */
	}
	assert_int_equal(r->it[0].len, 44 - 8);
	assert_int_equal(r->it[3].len, 912 - 8);
	assert_int_equal(r->it[0].port, 61853);
	assert_int_equal(r->it[0].offset, 104);
	free(r);
}

static int
setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/capXXXXXX",
	    base != NULL ? base : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = { "t.pcap", "t.pcapng", "cut",
	    "t.pcap.gz", "cut.pcap.gz", "junk" };
	char path[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		(void)unlink(path);
	}
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_ethernet_ipv4),
		cmocka_unit_test(test_vlan_qinq),
		cmocka_unit_test(test_not_udp),
		cmocka_unit_test(test_linux_sll),
		cmocka_unit_test(test_raw_ip),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_unknown_linktype),
		cmocka_unit_test(test_ipv6_extension_headers),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_snaplen_truncated),
		cmocka_unit_test(test_ipv4_fragments),
		cmocka_unit_test(test_ipv6_fragments),
		cmocka_unit_test(test_fragment_failures),
		cmocka_unit_test(test_fragment_table_full),
		cmocka_unit_test(test_pcapng_and_ns),
		cmocka_unit_test(test_truncated_file),
		cmocka_unit_test(test_cut_everywhere),
		cmocka_unit_test(test_flip_every_byte),
		cmocka_unit_test(test_gzip_capture),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_real_captures),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
