/*
 * test_packet_section.c -- the flow fields read from a sampled packet's
 * headers (parsers/packet_section.c), on hand-built sections.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/packet_section.h"

struct buf {
	uint8_t	b[512];
	size_t	n;
};

static void
put(struct buf *p, const void *data, size_t n)
{
	assert_true(p->n + n <= sizeof(p->b));
	memcpy(p->b + p->n, data, n);
	p->n += n;
}

static void
put8(struct buf *p, uint8_t v)
{
	put(p, &v, 1);
}

static void
put16(struct buf *p, uint16_t v)
{
	put8(p, (uint8_t)(v >> 8));
	put8(p, (uint8_t)v);
}

static void
put32(struct buf *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p, (uint16_t)v);
}

/* Ethernet II: two MACs, then the EtherType. */
static void
ethernet(struct buf *p, uint16_t type)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

	put(p, macs, sizeof(macs));
	put16(p, type);
}

/* IPv4 header without options, RFC 791 3.1. */
static void
ipv4(struct buf *p, uint8_t tos, uint16_t total, uint16_t frag,
    uint8_t proto, uint32_t src, uint32_t dst)
{
	put8(p, 0x45);
	put8(p, tos);
	put16(p, total);
	put16(p, 0x1234);
	put16(p, frag);
	put8(p, 64);
	put8(p, proto);
	put16(p, 0);
	put32(p, src);
	put32(p, dst);
}

static void
ipv6(struct buf *p, uint8_t tclass, uint16_t payload, uint8_t next)
{
	uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8 }, dst[16] = { 0x20, 0x01,
	    0x0d, 0xb8, 0, 1 };

	src[15] = 1;
	dst[15] = 2;
	put32(p, 0x60000000u | (uint32_t)tclass << 20);
	put16(p, payload);
	put8(p, next);
	put8(p, 64);
	put(p, src, 16);
	put(p, dst, 16);
}

static void
tcp(struct buf *p, uint16_t sport, uint16_t dport, uint8_t flags)
{
	put16(p, sport);
	put16(p, dport);
	put32(p, 1);
	put32(p, 2);
	put8(p, 0x50);
	put8(p, flags);
	put16(p, 65535);
	put32(p, 0);
}

static void
udp(struct buf *p, uint16_t sport, uint16_t dport)
{
	put16(p, sport);
	put16(p, dport);
	put16(p, 8);
	put16(p, 0);
}

static void
assert_v4(const struct ip_addr *a, uint32_t v)
{
	assert_int_equal(a->afi, AFI_IPV4);
	assert_int_equal(a->bytes[0], v >> 24);
	assert_int_equal(a->bytes[1], (v >> 16) & 0xff);
	assert_int_equal(a->bytes[2], (v >> 8) & 0xff);
	assert_int_equal(a->bytes[3], v & 0xff);
}

/* Ethernet, two VLAN tags (QinQ), IPv4, TCP. */
static void
test_ethernet_qinq_ipv4_tcp(void **state)
{
	struct buf p = { .n = 0 };
	struct packet_summary s;

	(void)state;
	ethernet(&p, 0x88a8);
	put16(&p, 100);
	put16(&p, 0x8100);
	put16(&p, 200);
	put16(&p, 0x0800);
	ipv4(&p, 0x20, 1500, 0x4000, 6, 0xc6336401, 0xc6336402);
	tcp(&p, 443, 55427, 0x18);
	assert_true(packet_section_read(p.b, p.n, true, &s));
	assert_v4(&s.src, 0xc6336401);
	assert_v4(&s.dst, 0xc6336402);
	assert_int_equal(s.proto, 6);
	assert_int_equal(s.tos, 0x20);
	assert_int_equal(s.ip_len, 1500);
	assert_true(s.has_ports);
	assert_int_equal(s.src_port, 443);
	assert_int_equal(s.dst_port, 55427);
	assert_true(s.has_tcp_flags);
	assert_int_equal(s.tcp_flags, 0x18);
	assert_false(s.has_icmp);
}

/* IPv6 with hop-by-hop and destination options before UDP. */
static void
test_ipv6_extensions_udp(void **state)
{
	struct buf p = { .n = 0 };
	struct packet_summary s;
	static const uint8_t pad6[6];

	(void)state;
	ethernet(&p, 0x86dd);
	ipv6(&p, 0xb8, 100, 0);
	put8(&p, 60);		/* hop-by-hop, next: destination options */
	put8(&p, 0);
	put(&p, pad6, 6);
	put8(&p, 17);		/* destination options, next: UDP */
	put8(&p, 0);
	put(&p, pad6, 6);
	udp(&p, 53, 33000);
	assert_true(packet_section_read(p.b, p.n, true, &s));
	assert_int_equal(s.src.afi, AFI_IPV6);
	assert_int_equal(s.src.bytes[15], 1);
	assert_int_equal(s.dst.bytes[15], 2);
	assert_int_equal(s.proto, 17);
	assert_int_equal(s.tos, 0xb8);
	assert_int_equal(s.ip_len, 140);
	assert_true(s.has_ports);
	assert_int_equal(s.src_port, 53);
	assert_int_equal(s.dst_port, 33000);
	assert_false(s.has_tcp_flags);
}

/* MPLS over IPv4; and an Ethernet pseudowire with its control word. */
static void
test_mpls(void **state)
{
	struct buf p = { .n = 0 }, q = { .n = 0 };
	struct packet_summary s;

	(void)state;
	ethernet(&p, 0x8847);
	put32(&p, 300012u << 12 | 0x40);		/* not bottom */
	put32(&p, 17u << 12 | 0x100 | 0x40);	/* bottom of stack */
	ipv4(&p, 0, 60, 0, 1, 0x0a000001, 0x0a000002);
	put8(&p, 8);		/* ICMP echo request */
	put8(&p, 0);
	assert_true(packet_section_read(p.b, p.n, true, &s));
	assert_v4(&s.src, 0x0a000001);
	assert_int_equal(s.proto, 1);
	assert_true(s.has_icmp);
	assert_int_equal(s.icmp_type, 8);
	assert_int_equal(s.icmp_code, 0);
	assert_false(s.has_ports);

	ethernet(&q, 0x8847);
	put32(&q, 17u << 12 | 0x100 | 0x40);
	put32(&q, 0);		/* RFC 4448 control word */
	ethernet(&q, 0x0800);
	ipv4(&q, 0, 1492, 0, 6, 0xc6336401, 0xc6336402);
	tcp(&q, 443, 55427, 0x10);
	assert_true(packet_section_read(q.b, q.n, true, &s));
	assert_v4(&s.dst, 0xc6336402);
	assert_int_equal(s.ip_len, 1492);
	assert_int_equal(s.dst_port, 55427);
}

/* An IP section (IE 313) starts at the IP header. */
static void
test_ip_section(void **state)
{
	struct buf p = { .n = 0 };
	struct packet_summary s;

	(void)state;
	ipv4(&p, 0, 40, 0, 6, 0x01020304, 0x05060708);
	tcp(&p, 1, 2, 0x02);
	assert_true(packet_section_read(p.b, p.n, false, &s));
	assert_v4(&s.src, 0x01020304);
	assert_int_equal(s.tcp_flags, 0x02);
	/* The same bytes read as a frame are no Ethernet frame of IP. */
	assert_false(packet_section_read(p.b, p.n, true, &s));
	assert_false(s.has_ip);
}

/* A later fragment has no transport header to read. */
static void
test_later_fragment(void **state)
{
	struct buf p = { .n = 0 };
	struct packet_summary s;

	(void)state;
	ipv4(&p, 0, 1500, 0x00b9, 17, 0x01020304, 0x05060708);
	udp(&p, 1, 2);
	assert_true(packet_section_read(p.b, p.n, false, &s));
	assert_int_equal(s.proto, 17);
	assert_false(s.has_ports);
}

/* Neither IP nor MPLS: nothing. */
static void
test_not_ip(void **state)
{
	struct buf p = { .n = 0 };
	struct packet_summary s;

	(void)state;
	ethernet(&p, 0x0806);	/* ARP */
	put32(&p, 0x00010800);
	assert_false(packet_section_read(p.b, p.n, true, &s));
	assert_false(packet_section_read(p.b, 0, true, &s));
	assert_false(packet_section_read(NULL, 0, false, &s));
}

/*
 * Cut anywhere: no read past the cut (each cut copied to a buffer of its
 * exact size, for AddressSanitizer), and no field that lies past it.
 */
static void
test_every_cut(void **state)
{
	struct buf p = { .n = 0 };
	struct packet_summary s;
	size_t k;

	(void)state;
	ethernet(&p, 0x8100);
	put16(&p, 7);
	put16(&p, 0x86dd);
	ipv6(&p, 0, 28, 44);
	put8(&p, 6);		/* fragment header, first fragment */
	put8(&p, 0);
	put16(&p, 0x0001);
	put32(&p, 0xabcd);
	tcp(&p, 80, 8080, 0x12);
	for (k = 0; k <= p.n; k++) {
		uint8_t *copy = malloc(k > 0 ? k : 1);
		bool ip;

		assert_non_null(copy);
		memcpy(copy, p.b, k);
		ip = packet_section_read(copy, k, true, &s);
		/* 18 bytes of link header, 40 of IPv6 */
		assert_int_equal(ip, k >= 18 + 40);
		/* ports after the 8-byte fragment header, flags 13 later */
		assert_int_equal(s.has_ports, k >= 18 + 40 + 8 + 4);
		assert_int_equal(s.has_tcp_flags, k >= 18 + 40 + 8 + 14);
		if (s.has_tcp_flags)
			assert_int_equal(s.tcp_flags, 0x12);
		free(copy);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ethernet_qinq_ipv4_tcp),
		cmocka_unit_test(test_ipv6_extensions_udp),
		cmocka_unit_test(test_mpls),
		cmocka_unit_test(test_ip_section),
		cmocka_unit_test(test_later_fragment),
		cmocka_unit_test(test_not_ip),
		cmocka_unit_test(test_every_cut),
	};

	return cmocka_run_group_tests_name("packet_section", tests, NULL,
	    NULL);
}
