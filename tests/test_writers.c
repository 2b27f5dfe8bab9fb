/*
 * test_writers.c -- the output side: number, address and time text
 * (reports/outbuf.c), the `bgpdump -m` line format
 * (reports/bgpdump_text.c) and lightsout's own text and CSV records
 * (reports/record_writer.c).
 *
 * Records are made by hand, not decoded, so that each writer is tested
 * alone.  Output goes through an outbuf on a tmpfile() and is read back.
 * The bgpdump lines expected here are what Debian's bgpdump 1.6.2
 * prints for the same routes written as MRT records, except where
 * lightsout deliberately corrects it (see the BGPDUMP COMPATIBILITY
 * section of lightsout(1)); those places say so.
 */
#include <arpa/inet.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/flow_record.h"
#include "reports/bgpdump_text.h"
#include "reports/flow_writer.h"
#include "reports/probe_writer.h"
#include "reports/outbuf.h"
#include "reports/record_writer.h"

/* ------------------------------------------------------------------ */
/* Capturing output                                                    */

struct cap {
	FILE		*fp;
	struct outbuf	 o;
	char		 text[16384];
};

static struct outbuf *
cap_begin(struct cap *c)
{
	c->fp = tmpfile();
	assert_non_null(c->fp);
	assert_int_equal(outbuf_init(&c->o, c->fp), 0);
	return &c->o;
}

/* Flush, read everything written back, and release the outbuf. */
static const char *
cap_end(struct cap *c)
{
	size_t n;

	assert_int_equal(outbuf_flush(&c->o), 0);
	assert_false(c->o.failed);
	rewind(c->fp);
	n = fread(c->text, 1, sizeof(c->text) - 1, c->fp);
	assert_true(n < sizeof(c->text) - 1);
	c->text[n] = '\0';
	fclose(c->fp);
	outbuf_free(&c->o);
	return c->text;
}

/* ------------------------------------------------------------------ */
/* Hand-made records                                                   */

struct rec {
	struct bgp_record	r;
	struct bgp_attrs	a;
	struct as_segment	segs[4];
	uint32_t		asns[16];
	uint8_t			comm[64];
	uint8_t			lcomm[48];
};

static struct ip_addr
addr(const char *s)
{
	struct ip_addr a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, s, a.bytes) == 1)
		a.afi = AFI_IPV4;
	else if (inet_pton(AF_INET6, s, a.bytes) == 1)
		a.afi = AFI_IPV6;
	else
		fail_msg("bad test address %s", s);
	return a;
}

/* "10.0.0.0/8" as it would be on the wire (host bits and all). */
static struct ip_prefix
prefix(const char *s)
{
	struct ip_prefix p;
	char buf[64];
	char *slash;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	assert_non_null(slash);
	*slash = '\0';
	p.addr = addr(buf);
	p.len = (uint8_t)atoi(slash + 1);
	return p;
}

static void
rec_init(struct rec *x, uint16_t type, uint16_t subtype, int64_t time,
    enum bgp_kind kind, const char *peer, uint32_t peer_as)
{
	memset(x, 0, sizeof(*x));
	x->r.mrt_type = type;
	x->r.mrt_subtype = subtype;
	x->r.time = time;
	x->r.kind = kind;
	x->r.peer_addr = addr(peer);
	x->r.peer_as = peer_as;
	x->r.record_no = 1;
	x->a.as_path.segs = x->segs;
	x->a.as_path.asns = x->asns;
	if (kind == BGP_KIND_RIB || kind == BGP_KIND_ANNOUNCE ||
	    kind == BGP_KIND_WITHDRAW)
		x->r.attrs = &x->a;
}

static void
rec_prefix(struct rec *x, const char *p)
{
	x->r.prefix = x->r.wire_prefix = prefix(p);
	x->r.afi = x->r.prefix.addr.afi;
	x->r.safi = SAFI_UNICAST;
}

static void
rec_segment(struct rec *x, uint8_t type, const uint32_t *asns, uint8_t n)
{
	struct as_segment *s = &x->segs[x->a.as_path.nsegs++];

	s->type = type;
	s->count = n;
	s->first = x->a.as_path.nasns;
	memcpy(&x->asns[s->first], asns, n * sizeof(*asns));
	x->a.as_path.nasns += n;
	x->a.present |= ATTR_BIT(ATTR_AS_PATH);
}

static void
be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* RFC 1997 communities, in wire order. */
static void
rec_community(struct rec *x, uint32_t v)
{
	be32(x->comm + 4 * x->a.ncommunities++, v);
	x->a.communities = x->comm;
	x->a.present |= ATTR_BIT(ATTR_COMMUNITIES);
}

/* RFC 8092 large communities. */
static void
rec_large(struct rec *x, uint32_t g, uint32_t l1, uint32_t l2)
{
	uint8_t *p = x->lcomm + 12 * x->a.nlarge_communities++;

	be32(p, g);
	be32(p + 4, l1);
	be32(p + 8, l2);
	x->a.large_communities = x->lcomm;
	x->a.present |= ATTR_BIT(ATTR_LARGE_COMMUNITIES);
}

static void
rec_attr_u32(struct rec *x, int type, uint32_t v)
{
	x->a.present |= ATTR_BIT(type);
	switch (type) {
	case ATTR_ORIGIN:
		x->a.origin = (uint8_t)v;
		break;
	case ATTR_MED:
		x->a.med = v;
		break;
	case ATTR_LOCAL_PREF:
		x->a.local_pref = v;
		break;
	case ATTR_OTC:
		x->a.otc = v;
		break;
	}
}

static void
rec_next_hop(struct rec *x, const char *ip)
{
	x->a.next_hop = addr(ip);
	x->a.present |= ATTR_BIT(ATTR_NEXT_HOP);
}

/* MP_REACH_NLRI's next hop, as RFC 4760 3 gives it. */
static void
rec_mp_next_hop(struct rec *x, uint16_t afi, uint8_t safi, const char *nh,
    const char *nh_local)
{
	x->a.present |= ATTR_BIT(ATTR_MP_REACH_NLRI);
	x->a.mp_afi = afi;
	x->a.mp_safi = safi;
	x->a.mp_nexthop = addr(nh);
	x->a.mp_nexthop_len = x->a.mp_nexthop.afi == AFI_IPV4 ? 4 : 16;
	if (nh_local != NULL) {
		x->a.mp_nexthop_local = addr(nh_local);
		x->a.mp_nexthop_len = 32;
	}
}

static void
rec_aggregator(struct rec *x, uint32_t as, const char *ip)
{
	x->a.present |= ATTR_BIT(ATTR_AGGREGATOR);
	x->a.aggregator_as = as;
	x->a.aggregator_addr = addr(ip);
}

/* The TABLE_DUMP_V2 IPv4 route of the bgpdump example. */
static void
rib_v4(struct rec *x)
{
	static const uint32_t path[] = { 65015, 65014 };

	rec_init(x, MRT_TABLE_DUMP_V2, 2, 1452168107, BGP_KIND_RIB,
	    "10.0.15.1", 65015);
	rec_prefix(x, "10.0.10.0/24");
	rec_attr_u32(x, ATTR_ORIGIN, 0);
	rec_segment(x, AS_SEQUENCE, path, 2);
	rec_next_hop(x, "10.0.15.1");
	rec_attr_u32(x, ATTR_LOCAL_PREF, 100);
	x->r.record_no = 2;
	x->r.offset = 58;
}

/*
 * A TABLE_DUMP_V2 IPv6 route with everything bgpdump prints: an AS_SET,
 * well-known communities, a large community, ATOMIC_AGGREGATE, a 4-octet
 * AGGREGATOR, a global and link-local next hop (RFC 2545 3).
 */
static void
rib_v6(struct rec *x)
{
	static const uint32_t seq[] = { 4200000001u, 65001 };
	static const uint32_t set[] = { 64500, 64501 };

	rec_init(x, MRT_TABLE_DUMP_V2, 4, 1452168107, BGP_KIND_RIB,
	    "2001:db8::15", 4200000001u);
	rec_prefix(x, "2001:db8:0:1::/64");
	rec_attr_u32(x, ATTR_ORIGIN, 2);
	rec_segment(x, AS_SEQUENCE, seq, 2);
	rec_segment(x, AS_SET, set, 2);
	x->a.mp_abbreviated = true;
	rec_mp_next_hop(x, 0, 0, "2001:db8::15", "fe80::15");
	rec_attr_u32(x, ATTR_MED, 20);
	x->a.present |= ATTR_BIT(ATTR_ATOMIC_AGGREGATE);
	rec_aggregator(x, 4200000001u, "10.0.15.2");
	rec_community(x, 65001u << 16 | 100);
	rec_community(x, 0xffffff01u);		/* NO_EXPORT */
	rec_community(x, 0xffffff02u);		/* NO_ADVERTISE */
	rec_community(x, 0xffffff03u);		/* NO_EXPORT_SUBCONFED */
	rec_community(x, 0);
	rec_large(x, 4200000001u, 1, 2);
	x->r.record_no = 3;
	x->r.offset = 119;
}

/* A BGP4MP_MESSAGE_AS4 announcement of one of two prefixes. */
static void
announce_v4(struct rec *x, const char *p)
{
	static const uint32_t seq[] = { 65001, 65002 };
	static const uint32_t set[] = { 64500, 64501 };

	rec_init(x, MRT_BGP4MP, 4, 1470931200, BGP_KIND_ANNOUNCE,
	    "192.0.2.1", 65001);
	rec_prefix(x, p);
	x->r.local_addr = addr("192.0.2.254");
	x->r.local_as = 65000;
	x->r.as4 = true;
	x->r.msg_type = BGP_MSG_UPDATE;
	rec_attr_u32(x, ATTR_ORIGIN, 1);
	rec_segment(x, AS_SEQUENCE, seq, 2);
	rec_segment(x, AS_SET, set, 2);
	rec_next_hop(x, "192.0.2.1");
	rec_attr_u32(x, ATTR_MED, 0xffffffffu);
	rec_community(x, 65001u << 16 | 100);
	rec_community(x, 0xffffff01u);
	rec_aggregator(x, 65002, "192.0.2.2");
	x->r.record_no = 4;
	x->r.offset = 276;
}

/* ------------------------------------------------------------------ */
/* outbuf: numbers, addresses, times                                   */

static void
test_u64(void **state)
{
	struct cap c;
	struct outbuf *o = cap_begin(&c);
	static const uint64_t v[] = { 0, 9, 10, 99, 100, 101, 999, 1000,
	    65535, 4294967295u, 10000000000000000000u, UINT64_MAX };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		outbuf_u64(o, v[i]);
		outbuf_char(o, ' ');
	}
	outbuf_i64(o, -1);
	outbuf_char(o, ' ');
	outbuf_i64(o, INT64_MIN);
	outbuf_char(o, ' ');
	outbuf_i64(o, INT64_MAX);
	outbuf_char(o, ' ');
	outbuf_u32_pad(o, 7, 2);
	outbuf_char(o, ' ');
	outbuf_u32_pad(o, 123456, 6);
	outbuf_char(o, ' ');
	outbuf_u32_pad(o, 0, 4);
	outbuf_char(o, ' ');
	outbuf_u32_pad(o, 4294967295u, 10);
	assert_string_equal(cap_end(&c),
	    "0 9 10 99 100 101 999 1000 65535 4294967295 "
	    "10000000000000000000 18446744073709551615 "
	    "-1 -9223372036854775808 9223372036854775807 "
	    "07 123456 0000 4294967295");
}

static void
test_ipv4(void **state)
{
	struct cap c;
	struct outbuf *o = cap_begin(&c);
	static const uint8_t a[][4] = {
		{ 0, 0, 0, 0 }, { 255, 255, 255, 255 }, { 10, 0, 0, 1 },
		{ 192, 168, 100, 99 }, { 1, 22, 133, 9 },
	};
	size_t i;

	(void)state;
	/* Each right after another: the writer copies whole words. */
	for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		outbuf_ipv4(o, a[i]);
		outbuf_char(o, '|');
	}
	assert_string_equal(cap_end(&c), "0.0.0.0|255.255.255.255|10.0.0.1|"
	    "192.168.100.99|1.22.133.9|");
}

struct v6case {
	const char	*in;
	const char	*out;
};

/* Render bytes written by inet_pton from in with fn; compare to out. */
static void
check_v6(void (*fn)(struct outbuf *, const uint8_t *),
    const struct v6case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct cap c;
		struct outbuf *o = cap_begin(&c);
		uint8_t b[16];

		assert_int_equal(inet_pton(AF_INET6, cases[i].in, b), 1);
		fn(o, b);
		if (strcmp(cap_end(&c), cases[i].out) != 0)
			fail_msg("%s: got %s, want %s", cases[i].in, c.text,
			    cases[i].out);
	}
}

/* RFC 5952 4: the canonical text form. */
static void
test_ipv6_rfc5952(void **state)
{
	static const struct v6case cases[] = {
		{ "::", "::" },
		{ "::1", "::1" },
		{ "1::", "1::" },
		{ "2001:db8::1", "2001:db8::1" },
		/* 4.1: no leading zeros; 4.3: lower case. */
		{ "2001:0DB8:00AB:000C::0001", "2001:db8:ab:c::1" },
		/* 4.2.2: a single zero group stays. */
		{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
		/* 4.2.3: the longest run... */
		{ "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },
		/* ...the first of equal ones. */
		{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
		{ "fe80::b:0:0", "fe80::b:0:0" },
		{ "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
		/* 5: IPv4-mapped addresses. */
		{ "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
		/* IPv4-compatible ones (deprecated) are plain IPv6. */
		{ "::c000:201", "::c000:201" },
	};

	(void)state;
	check_v6(outbuf_ipv6, cases, sizeof(cases) / sizeof(cases[0]));
}

/* bgpdump's fmt_ipv6: it compresses a single zero group too. */
static void
test_bgpdump_ipv6(void **state)
{
	static const struct v6case cases[] = {
		{ "::", "::" },
		{ "::1", "::1" },
		{ "1::", "1::" },
		{ "2001:db8::1", "2001:db8::1" },
		{ "2001:db8:0:1:1:1:1:1", "2001:db8::1:1:1:1:1" },
		{ "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },
		{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
		{ "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" },
		{ "1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7::" },
		{ "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
		/* IPv4-compatible: ::a.b.c.d, except :: and ::1. */
		{ "::c000:201", "::192.0.2.1" },
		{ "::2", "::0.0.0.2" },
	};

	(void)state;
	check_v6(bgpdump_ipv6, cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_addr_prefix(void **state)
{
	struct cap c;
	struct outbuf *o = cap_begin(&c);
	struct ip_addr none;
	struct ip_prefix p = prefix("2001:db8::/32");

	(void)state;
	memset(&none, 0, sizeof(none));
	outbuf_addr(o, &none);			/* absent: nothing */
	outbuf_char(o, '|');
	outbuf_prefix(o, &p);
	outbuf_char(o, '|');
	p = prefix("0.0.0.0/0");
	outbuf_prefix(o, &p);
	assert_string_equal(cap_end(&c), "|2001:db8::/32|0.0.0.0/0");
}

static void
test_iso_time(void **state)
{
	struct cap c;
	struct outbuf *o = cap_begin(&c);

	(void)state;
	outbuf_iso_time(o, 0, 0);
	outbuf_char(o, ' ');
	outbuf_iso_time(o, 1419264905, 123);
	outbuf_char(o, ' ');
	outbuf_iso_time(o, 1456790399, 999999);	/* leap day */
	outbuf_char(o, ' ');
	outbuf_iso_time(o, 4294967295LL, 0);	/* last MRT second */
	outbuf_char(o, ' ');
	outbuf_iso_time(o, -1, 0);
	assert_string_equal(cap_end(&c),
	    "1970-01-01T00:00:00.000000Z 2014-12-22T16:15:05.000123Z "
	    "2016-02-29T23:59:59.999999Z 2106-02-07T06:28:15.000000Z "
	    "1969-12-31T23:59:59.000000Z");
}

/* The millisecond form agrees with gmtime over centuries, both sides of 0. */
static void
test_iso_time_ms(void **state)
{
	static const int64_t ms[] = {
		0, 1, 999, -1, -86400000, 1419264905123LL, 951782400000LL,
		951868799999LL, 4102444800000LL, 253402300799999LL,
		-62135596800000LL, 1456790399999LL,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		struct cap c, d;
		struct outbuf *o = cap_begin(&c), *p = cap_begin(&d);
		int64_t secs = ms[i] >= 0 ? ms[i] / 1000 :
		    -((-ms[i] + 999) / 1000);
		uint32_t frac = (uint32_t)(ms[i] - secs * 1000);
		char want[64];

		outbuf_iso_time_ms(o, ms[i]);
		outbuf_iso_time(p, secs, frac * 1000);
		/* the microsecond form, cut to milliseconds */
		snprintf(want, sizeof(want), "%.23sZ", cap_end(&d));
		assert_string_equal(cap_end(&c), want);
	}
}

/* The kept second is reused only for the same second, in any order. */
static void
test_iso_time_ms_cache(void **state)
{
	struct cap c;
	struct outbuf *o = cap_begin(&c);

	(void)state;
	outbuf_iso_time_ms(o, 1419264905123LL);
	outbuf_char(o, ' ');
	outbuf_iso_time_ms(o, 1419264905999LL);
	outbuf_char(o, ' ');
	outbuf_iso_time_ms(o, 1419264906000LL);
	outbuf_char(o, ' ');
	outbuf_iso_time_ms(o, 1419264905000LL);
	outbuf_char(o, ' ');
	outbuf_iso_time_ms(o, -1);
	outbuf_char(o, ' ');
	outbuf_iso_time_ms(o, -1000);
	assert_string_equal(cap_end(&c),
	    "2014-12-22T16:15:05.123Z 2014-12-22T16:15:05.999Z "
	    "2014-12-22T16:15:06.000Z 2014-12-22T16:15:05.000Z "
	    "1969-12-31T23:59:59.999Z 1969-12-31T23:59:59.000Z");
}

static int
flow_column_count(void)
{
	int n = 0;

	while (flow_columns[n] != NULL)
		n++;
	return n;
}

static struct flow_record
flow_sample(void)
{
	struct flow_record f;

	memset(&f, 0, sizeof(f));
	f.version = 9;
	f.exporter = addr("192.0.2.1");
	f.domain = 7;
	f.template_id = 260;
	f.packet_no = 3;
	f.src = addr("10.0.0.1");
	f.dst = addr("2001:db8::1");
	f.start_ms = 1419264905123LL;
	f.end_ms = 1419264906000LL;
	f.src_port = 123;
	f.proto = 17;
	f.tcp_flags = 0x1b;
	f.bytes = 468;
	f.packets = 1;
	f.sampling_rate = 1000;
	f.start_uptime_ms = 1216;
	f.end_uptime_ms = 1217;
	f.present = FLOW_HAS_START | FLOW_HAS_END | FLOW_HAS_SRC_PORT |
	    FLOW_HAS_PROTO | FLOW_HAS_TCP_FLAGS | FLOW_HAS_BYTES |
	    FLOW_HAS_PACKETS | FLOW_HAS_SAMPLING | FLOW_HAS_DOMAIN |
	    FLOW_HAS_TEMPLATE | FLOW_HAS_UPTIME;
	return f;
}

/* Absent fields are empty, never 0; text drops file and packet. */
static void
test_flow_text(void **state)
{
	struct cap c;
	struct outbuf *o = cap_begin(&c);
	struct flow_record f = flow_sample();
	int fields = 1;
	const char *p, *text;

	(void)state;
	flow_write(o, RECORD_TEXT, &f, "x.pcap");
	text = cap_end(&c);
	assert_string_equal(text,
	    "2014-12-22T16:15:05.123Z|2014-12-22T16:15:06.000Z|10.0.0.1|"
	    "2001:db8::1|123||17|0x1b|||468|1|||||||||||1000|192.0.2.1|7|9|"
	    "260||1.216|1.217\n");
	for (p = text; *p != '\0'; p++)
		fields += *p == '|';
	assert_int_equal(fields, flow_column_count() - 2);
}

/* CSV: the header, every column, the file name quoted when it must be. */
static void
test_flow_csv(void **state)
{
	struct cap c;
	struct outbuf *o = cap_begin(&c);
	struct flow_record f = flow_sample();
	const char *text, *line2;
	int commas = 0;

	(void)state;
	f.present &= ~(uint32_t)FLOW_HAS_UPTIME;	/* kept, not printed */
	f.tcp_flags = 0x102;	/* IPFIX: 16 bits */
	flow_write_header(o, RECORD_CSV);
	flow_write(o, RECORD_CSV, &f, "a,\"b\".pcap");
	text = cap_end(&c);
	line2 = strstr(text, "\r\n");
	assert_non_null(line2);
	assert_int_equal(strncmp(text, "start,end,src,dst,", 18), 0);
	line2 += 2;
	assert_string_equal(line2,
	    "2014-12-22T16:15:05.123Z,2014-12-22T16:15:06.000Z,10.0.0.1,"
	    "2001:db8::1,123,,17,0x0102,,,468,1,,,,,,,,,,,1000,192.0.2.1,7,9,"
	    "260,,,,\"a,\"\"b\"\".pcap\",3\r\n");
	for (; text < line2 - 2; text++)
		commas += *text == ',';
	assert_int_equal(commas + 1, flow_column_count());
}

/* More than the buffer holds: flushed on the way, nothing lost. */
static void
test_outbuf_large(void **state)
{
	FILE *fp = tmpfile();
	struct outbuf o;
	char *big, *back;
	size_t n = OUTBUF_SIZE + OUTBUF_SLACK + 12345, i;

	(void)state;
	assert_non_null(fp);
	big = malloc(n);
	back = malloc(3 * n);
	assert_non_null(big);
	assert_non_null(back);
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	assert_int_equal(outbuf_init(&o, fp), 0);
	outbuf_str(&o, "<");
	outbuf_mem(&o, big, n);		/* larger than the buffer */
	for (i = 0; i < n / 10; i++)
		outbuf_mem(&o, big + i * 10, 10);
	outbuf_char(&o, '>');
	assert_int_equal(outbuf_flush(&o), 0);
	outbuf_free(&o);
	rewind(fp);
	assert_int_equal(fread(back, 1, 3 * n, fp), 2 + n + n / 10 * 10);
	assert_int_equal(back[0], '<');
	assert_memory_equal(back + 1, big, n);
	assert_memory_equal(back + 1 + n, big, n / 10 * 10);
	assert_int_equal(back[1 + n + n / 10 * 10], '>');
	fclose(fp);
	free(big);
	free(back);
}

/* ------------------------------------------------------------------ */
/* bgpdump -m                                                          */

static const char *
bgpdump_line(struct cap *c, const struct bgp_record *r, bool large)
{
	struct bgpdump_opts opts;
	struct outbuf *o = cap_begin(c);

	memset(&opts, 0, sizeof(opts));
	opts.large_communities = large;
	bgpdump_text_record(o, r, &opts);
	bgpdump_text_free(&opts);
	return cap_end(c);
}

static void
test_bgpdump_rib(void **state)
{
	struct rec x;
	struct cap c;

	(void)state;
	rib_v4(&x);
	assert_string_equal(bgpdump_line(&c, &x.r, false),
	    "TABLE_DUMP2|1452168107|B|10.0.15.1|65015|10.0.10.0/24|"
	    "65015 65014|IGP|10.0.15.1|100|0||NAG||\n");
	/* -l: an empty large communities field. */
	assert_string_equal(bgpdump_line(&c, &x.r, true),
	    "TABLE_DUMP2|1452168107|B|10.0.15.1|65015|10.0.10.0/24|"
	    "65015 65014|IGP|10.0.15.1|100|0|||NAG||\n");

	rib_v6(&x);
	assert_string_equal(bgpdump_line(&c, &x.r, false),
	    "TABLE_DUMP2|1452168107|B|2001:db8::15|4200000001|"
	    "2001:db8:0:1::/64|4200000001 65001 {64500,64501}|INCOMPLETE|"
	    "2001:db8::15|0|20|65001:100 no-export no-advertise local-AS "
	    "0:0|AG|4200000001 10.0.15.2|\n");
	assert_string_equal(bgpdump_line(&c, &x.r, true),
	    "TABLE_DUMP2|1452168107|B|2001:db8::15|4200000001|"
	    "2001:db8:0:1::/64|4200000001 65001 {64500,64501}|INCOMPLETE|"
	    "2001:db8::15|0|20|65001:100 no-export no-advertise local-AS "
	    "0:0|4200000001:1:2|AG|4200000001 10.0.15.2|\n");

	/* RFC 8050: the path identifier after the prefix. */
	rib_v4(&x);
	x.r.has_path_id = true;
	x.r.path_id = 77;
	assert_string_equal(bgpdump_line(&c, &x.r, false),
	    "TABLE_DUMP2_AP|1452168107|B|10.0.15.1|65015|10.0.10.0/24|77|"
	    "65015 65014|IGP|10.0.15.1|100|0||NAG||\n");

	/* bgpdump's stand-ins for absent attributes. */
	rec_init(&x, MRT_TABLE_DUMP_V2, 2, 1452168107, BGP_KIND_RIB,
	    "10.0.15.1", 65015);
	rec_prefix(&x, "10.0.10.0/24");
	assert_string_equal(bgpdump_line(&c, &x.r, false),
	    "TABLE_DUMP2|1452168107|B|10.0.15.1|65015|10.0.10.0/24||"
	    "INCOMPLETE|255.255.255.255|0|0||NAG||\n");
}

/* Host bits on the wire are shown as they came, as bgpdump does. */
static void
test_bgpdump_wire_prefix(void **state)
{
	struct rec x;
	struct cap c;

	(void)state;
	rib_v4(&x);
	x.r.wire_prefix = prefix("10.0.11.0/23");
	x.r.prefix = prefix("10.0.10.0/23");
	assert_non_null(strstr(bgpdump_line(&c, &x.r, false),
	    "|10.0.11.0/23|"));
}

static void
test_bgpdump_announce_withdraw(void **state)
{
	struct rec a1, a2, w;
	struct bgpdump_opts opts;
	struct cap c;
	struct outbuf *o;

	(void)state;
	rec_init(&w, MRT_BGP4MP, 4, 1470931200, BGP_KIND_WITHDRAW,
	    "192.0.2.1", 65001);
	rec_prefix(&w, "10.2.0.0/16");
	w.r.record_no = 4;
	announce_v4(&a1, "203.0.113.0/24");
	announce_v4(&a2, "198.51.100.128/25");

	/* One UPDATE: a withdrawal, then two routes sharing the tail. */
	memset(&opts, 0, sizeof(opts));
	o = cap_begin(&c);
	bgpdump_text_record(o, &w.r, &opts);
	bgpdump_text_record(o, &a1.r, &opts);
	bgpdump_text_record(o, &a2.r, &opts);
	bgpdump_text_free(&opts);
	assert_string_equal(cap_end(&c),
	    "BGP4MP|1470931200|W|192.0.2.1|65001|10.2.0.0/16\n"
	    "BGP4MP|1470931200|A|192.0.2.1|65001|203.0.113.0/24|"
	    "65001 65002 {64500,64501}|EGP|192.0.2.1|0|4294967295|"
	    "65001:100 no-export|NAG|65002 192.0.2.2|\n"
	    "BGP4MP|1470931200|A|192.0.2.1|65001|198.51.100.128/25|"
	    "65001 65002 {64500,64501}|EGP|192.0.2.1|0|4294967295|"
	    "65001:100 no-export|NAG|65002 192.0.2.2|\n");
}

/*
 * The head and tail of a line are remembered per record: the next
 * record, or the same record number in the next file, gets its own.
 */
static void
test_bgpdump_cache(void **state)
{
	static const uint32_t other[] = { 64999 };
	struct rec a1, a2;
	struct bgpdump_opts opts;
	struct cap c;
	struct outbuf *o;

	(void)state;
	announce_v4(&a1, "203.0.113.0/24");
	announce_v4(&a2, "203.0.113.0/24");
	a2.a.as_path.nsegs = a2.a.as_path.nasns = 0;
	rec_segment(&a2, AS_SEQUENCE, other, 1);
	a2.a.ncommunities = 0;
	a2.a.present &= ~(ATTR_BIT(ATTR_AGGREGATOR) |
	    ATTR_BIT(ATTR_COMMUNITIES));
	a2.r.peer_as = 65077;
	a2.r.record_no = 5;

	memset(&opts, 0, sizeof(opts));
	o = cap_begin(&c);
	bgpdump_text_record(o, &a1.r, &opts);
	bgpdump_text_record(o, &a2.r, &opts);
	bgpdump_text_new_file(&opts);
	a2.r.record_no = 4;			/* a1's number, next file */
	a2.r.peer_as = 65088;
	bgpdump_text_record(o, &a2.r, &opts);
	bgpdump_text_free(&opts);
	assert_string_equal(cap_end(&c),
	    "BGP4MP|1470931200|A|192.0.2.1|65001|203.0.113.0/24|"
	    "65001 65002 {64500,64501}|EGP|192.0.2.1|0|4294967295|"
	    "65001:100 no-export|NAG|65002 192.0.2.2|\n"
	    "BGP4MP|1470931200|A|192.0.2.1|65077|203.0.113.0/24|"
	    "64999|EGP|192.0.2.1|0|4294967295||NAG||\n"
	    "BGP4MP|1470931200|A|192.0.2.1|65088|203.0.113.0/24|"
	    "64999|EGP|192.0.2.1|0|4294967295||NAG||\n");
}

static void
test_bgpdump_state(void **state)
{
	struct rec s;
	struct cap c;

	(void)state;
	rec_init(&s, MRT_BGP4MP, 5, 1470931201, BGP_KIND_STATE, "192.0.2.1",
	    65001);
	s.r.old_state = 3;
	s.r.new_state = 4;
	assert_string_equal(bgpdump_line(&c, &s.r, false),
	    "BGP4MP|1470931201|STATE|192.0.2.1|65001|3|4\n");

	/* RFC 6396 3: _ET records show their microseconds. */
	rec_init(&s, MRT_BGP4MP_ET, 5, 1470931204, BGP_KIND_STATE,
	    "2001:db8::1", 4200000001u);
	s.r.usec = 5;
	s.r.has_usec = true;
	s.r.old_state = 6;
	s.r.new_state = 1;
	assert_string_equal(bgpdump_line(&c, &s.r, false),
	    "BGP4MP_ET|1470931204.000005|STATE|2001:db8::1|4200000001|6|1\n");
}

/* IPv6 through MP_REACH / MP_UNREACH, with microseconds. */
static void
test_bgpdump_mp_ipv6(void **state)
{
	static const uint32_t path[] = { 65001 };
	struct rec a, w;
	struct cap c;

	(void)state;
	rec_init(&w, MRT_BGP4MP_ET, 4, 1470931202, BGP_KIND_WITHDRAW,
	    "2001:db8::1", 65001);
	rec_prefix(&w, "2001:db8:2::/48");
	w.r.usec = 123;
	w.r.has_usec = true;
	w.r.mp_nlri = true;
	assert_string_equal(bgpdump_line(&c, &w.r, false),
	    "BGP4MP_ET|1470931202.000123|W|2001:db8::1|65001|"
	    "2001:db8:2::/48\n");

	rec_init(&a, MRT_BGP4MP_ET, 4, 1470931202, BGP_KIND_ANNOUNCE,
	    "2001:db8::1", 65001);
	rec_prefix(&a, "2001:db8:1::/48");
	a.r.usec = 123;
	a.r.has_usec = true;
	a.r.mp_nlri = true;
	rec_attr_u32(&a, ATTR_ORIGIN, 0);
	rec_segment(&a, AS_SEQUENCE, path, 1);
	rec_mp_next_hop(&a, AFI_IPV6, SAFI_UNICAST, "2001:db8::1", NULL);
	assert_string_equal(bgpdump_line(&c, &a.r, false),
	    "BGP4MP_ET|1470931202.000123|A|2001:db8::1|65001|"
	    "2001:db8:1::/48|65001|IGP|2001:db8::1|0|0||NAG||\n");
}

/* RFC 8050 3: the _AP names and the path identifier. */
static void
test_bgpdump_addpath(void **state)
{
	static const uint32_t path[] = { 65001 };
	struct rec a, w;
	struct cap c;

	(void)state;
	rec_init(&w, MRT_BGP4MP, 9, 1470931203, BGP_KIND_WITHDRAW,
	    "192.0.2.1", 65001);
	rec_prefix(&w, "10.3.0.0/16");
	w.r.has_path_id = true;
	w.r.path_id = 7;
	assert_string_equal(bgpdump_line(&c, &w.r, false),
	    "BGP4MP_AP|1470931203|W|192.0.2.1|65001|10.3.0.0/16|7\n");

	rec_init(&a, MRT_BGP4MP, 9, 1470931203, BGP_KIND_ANNOUNCE,
	    "192.0.2.1", 65001);
	rec_prefix(&a, "10.4.0.0/16");
	a.r.has_path_id = true;
	a.r.path_id = 8;
	rec_attr_u32(&a, ATTR_ORIGIN, 0);
	rec_segment(&a, AS_SEQUENCE, path, 1);
	rec_next_hop(&a, "192.0.2.1");
	assert_string_equal(bgpdump_line(&c, &a.r, false),
	    "BGP4MP_AP|1470931203|A|192.0.2.1|65001|10.4.0.0/16|8|65001|IGP|"
	    "192.0.2.1|0|0||NAG||\n");

	/* Sent by the collector: _LOCAL. */
	a.r.local_msg = true;
	a.r.mrt_type = MRT_BGP4MP_ET;
	assert_non_null(strstr(bgpdump_line(&c, &a.r, false),
	    "BGP4MP_ET_LOCAL_AP|1470931203.000000|A|"));
}

/* bgpdump prints LOCAL_PREF and MED of MP IPv4 routes as signed. */
static void
test_bgpdump_mp_ipv4_signed(void **state)
{
	static const uint32_t path[] = { 65001 };
	struct rec a;
	struct cap c;

	(void)state;
	rec_init(&a, MRT_BGP4MP, 4, 1470931205, BGP_KIND_ANNOUNCE,
	    "192.0.2.1", 65001);
	rec_prefix(&a, "198.51.100.0/24");
	a.r.safi = SAFI_MULTICAST;
	a.r.mp_nlri = true;
	rec_attr_u32(&a, ATTR_ORIGIN, 0);
	rec_segment(&a, AS_SEQUENCE, path, 1);
	rec_attr_u32(&a, ATTR_LOCAL_PREF, 0x80000000u);
	rec_mp_next_hop(&a, AFI_IPV4, SAFI_MULTICAST, "192.0.2.9", NULL);
	assert_string_equal(bgpdump_line(&c, &a.r, false),
	    "BGP4MP|1470931205|A|192.0.2.1|65001|198.51.100.0/24|65001|IGP|"
	    "192.0.2.9|-2147483648|0||NAG||\n");
}

/*
 * The deprecated BGP type: its own announcement line.  bgpdump glues
 * the communities to the MED ("|53333:100|"); lightsout keeps the
 * separator (lightsout(1), BGPDUMP COMPATIBILITY).
 */
static void
test_bgpdump_legacy(void **state)
{
	static const uint32_t path[] = { 3333, 1103 };
	struct rec a, s;
	struct cap c;

	(void)state;
	rec_init(&a, MRT_BGP, 1, 945187200, BGP_KIND_ANNOUNCE, "193.0.0.56",
	    3333);
	rec_prefix(&a, "195.66.224.0/19");
	rec_attr_u32(&a, ATTR_ORIGIN, 0);
	rec_segment(&a, AS_SEQUENCE, path, 2);
	rec_next_hop(&a, "193.0.0.56");
	rec_attr_u32(&a, ATTR_MED, 5);
	rec_community(&a, 3333u << 16 | 100);
	assert_string_equal(bgpdump_line(&c, &a.r, false),
	    "BGP|945187200|A|193.0.0.56|3333|195.66.224.0/19|3333 1103|IGP|"
	    "193.0.0.56|0|5|3333:100|NAG||\n");

	rec_init(&s, MRT_BGP, 3, 945187201, BGP_KIND_STATE, "193.0.0.56",
	    3333);
	s.r.old_state = 6;
	s.r.new_state = 1;
	assert_string_equal(bgpdump_line(&c, &s.r, false),
	    "BGP|945187201|STATE|193.0.0.56|3333|6|1\n");
}

/* bgpdump -m prints nothing for OPEN, KEEPALIVE and the like. */
static void
test_bgpdump_message_silent(void **state)
{
	struct rec m;
	struct cap c;

	(void)state;
	rec_init(&m, MRT_BGP4MP, 4, 1470931200, BGP_KIND_MESSAGE, "192.0.2.1",
	    65001);
	m.r.msg_type = BGP_MSG_KEEPALIVE;
	assert_string_equal(bgpdump_line(&c, &m.r, false), "");
	m.r.msg_type = BGP_MSG_END_OF_RIB;
	assert_string_equal(bgpdump_line(&c, &m.r, false), "");
}

/* ------------------------------------------------------------------ */
/* lightsout's text and CSV records                                    */

static const char *
record_line(struct cap *c, enum record_format fmt,
    const struct bgp_record *r, const char *file)
{
	struct outbuf *o = cap_begin(c);

	record_write(o, fmt, r, file);
	return cap_end(c);
}

static void
test_record_columns(void **state)
{
	struct cap c;
	struct outbuf *o;
	int n;

	(void)state;
	for (n = 0; record_columns[n] != NULL; n++)
		;
	assert_int_equal(n, 28);
	assert_string_equal(record_columns[0], "time");
	assert_string_equal(record_columns[n - 1], "offset");

	o = cap_begin(&c);
	record_write_header(o, RECORD_TEXT);	/* nothing */
	record_write_header(o, RECORD_CSV);
	assert_string_equal(cap_end(&c),
	    "time,kind,peer_ip,peer_as,prefix,path_id,as_path,origin_as,"
	    "origin,next_hop,local_pref,med,communities,large_communities,"
	    "ext_communities,atomic_aggregate,aggregator,originator_id,"
	    "cluster_list,otc,unknown_attrs,old_state,new_state,message,"
	    "mrt_type,file,record,offset\r\n");
}

static void
test_record_text(void **state)
{
	struct rec x;
	struct cap c;

	(void)state;
	rib_v4(&x);
	assert_string_equal(record_line(&c, RECORD_TEXT, &x.r, "f.mrt"),
	    "2016-01-07T12:01:47.000000Z|rib|10.0.15.1|65015|10.0.10.0/24||"
	    "65015 65014|65014|IGP|10.0.15.1|100|||||0|||||||||"
	    "TABLE_DUMP_V2/RIB_IPV4_UNICAST\n");

	/* The masked prefix here, not the wire one. */
	x.r.wire_prefix = prefix("10.0.11.0/23");
	x.r.prefix = prefix("10.0.10.0/23");
	assert_non_null(strstr(record_line(&c, RECORD_TEXT, &x.r, "f.mrt"),
	    "|10.0.10.0/23|"));
}

/*
 * RFC 4180 2.6 and 2.7: a field holding a comma (an AS_SET), a quote or
 * a line break is quoted, its quotes doubled; CRLF ends each row.
 */
static void
test_record_csv(void **state)
{
	struct rec x;
	struct cap c;

	(void)state;
	rib_v6(&x);
	assert_string_equal(record_line(&c, RECORD_CSV, &x.r, "f.mrt"),
	    "2016-01-07T12:01:47.000000Z,rib,2001:db8::15,4200000001,"
	    "2001:db8:0:1::/64,,\"4200000001 65001 {64500,64501}\",,"
	    "INCOMPLETE,2001:db8::15,,20,"
	    "65001:100 65535:65281 65535:65282 65535:65283 0:0,"
	    "4200000001:1:2,,1,4200000001 10.0.15.2,,,,,,,,"
	    "TABLE_DUMP_V2/RIB_IPV6_UNICAST,f.mrt,3,119\r\n");

	rib_v4(&x);
	assert_string_equal(record_line(&c, RECORD_CSV, &x.r,
	    "dir, \"quoted\"/rib.mrt"),
	    "2016-01-07T12:01:47.000000Z,rib,10.0.15.1,65015,10.0.10.0/24,,"
	    "65015 65014,65014,IGP,10.0.15.1,100,,,,,0,,,,,,,,,"
	    "TABLE_DUMP_V2/RIB_IPV4_UNICAST,"
	    "\"dir, \"\"quoted\"\"/rib.mrt\",2,58\r\n");
}

/* State changes and messages: the route columns stay empty. */
static void
test_record_csv_events(void **state)
{
	struct rec x;
	struct cap c;

	(void)state;
	rec_init(&x, MRT_BGP4MP, 5, 1470931201, BGP_KIND_STATE, "192.0.2.1",
	    65001);
	x.r.old_state = 3;
	x.r.new_state = 4;
	x.r.record_no = 5;
	x.r.offset = 400;
	assert_string_equal(record_line(&c, RECORD_CSV, &x.r, "f.mrt"),
	    "2016-08-11T16:00:01.000000Z,state,192.0.2.1,65001,"
	    ",,,,,,,,,,,,,,,,,Active,OpenSent,,"
	    "BGP4MP/STATE_CHANGE_AS4,f.mrt,5,400\r\n");

	rec_init(&x, MRT_BGP4MP_ET, 4, 1470931201, BGP_KIND_MESSAGE,
	    "192.0.2.1", 65001);
	x.r.usec = 250000;
	x.r.msg_type = BGP_MSG_OPEN;
	x.r.open.version = 4;
	x.r.open.my_as = 23456;
	x.r.open.cap_as4 = true;
	x.r.open.as4 = 4200000001u;
	x.r.open.hold_time = 180;
	x.r.open.bgp_id = addr("192.0.2.9");
	x.r.open.cap_route_refresh = true;
	x.r.open.cap_mp_ipv6_unicast = true;
	assert_string_equal(record_line(&c, RECORD_TEXT, &x.r, "f.mrt"),
	    "2016-08-11T16:00:01.250000Z|message|192.0.2.1|65001"
	    "||||||||||||||||||||"
	    "OPEN version=4 as=4200000001 hold=180 id=192.0.2.9 "
	    "ipv6-unicast as4 route-refresh|BGP4MP_ET/MESSAGE_AS4\n");

	x.r.msg_type = BGP_MSG_NOTIFICATION;
	x.r.notification.code = 6;
	x.r.notification.subcode = 2;
	x.r.notification.data = (const uint8_t *)"\x03" "bye";
	x.r.notification.len = 4;
	assert_non_null(strstr(record_line(&c, RECORD_TEXT, &x.r, "f.mrt"),
	    "|NOTIFICATION 6/2 data=03627965|"));

	x.r.msg_type = BGP_MSG_END_OF_RIB;
	x.r.afi = AFI_IPV6;
	x.r.safi = SAFI_UNICAST;
	assert_non_null(strstr(record_line(&c, RECORD_TEXT, &x.r, "f.mrt"),
	    "|END_OF_RIB 2/1|"));
}

/* The less common attributes in their columns. */
static void
test_record_attribute_columns(void **state)
{
	struct rec x;
	struct cap c;
	static const uint8_t ext[8] = { 0x00, 0x02, 0xfd, 0xe9, 0, 0, 0,
	    100 };
	static const uint8_t clusters[8] = { 10, 255, 0, 2, 10, 255, 0, 3 };
	struct unknown_attr unk = { 0xe0, 99, 3, (const uint8_t *)"abc" };
	const char *line;

	(void)state;
	rib_v4(&x);
	x.a.ext_communities = ext;
	x.a.next_communities = 1;
	x.a.present |= ATTR_BIT(ATTR_EXT_COMMUNITIES);
	x.a.originator_id = addr("10.255.0.1");
	x.a.present |= ATTR_BIT(ATTR_ORIGINATOR_ID);
	x.a.cluster_list = clusters;
	x.a.ncluster_list = 2;
	x.a.present |= ATTR_BIT(ATTR_CLUSTER_LIST);
	rec_attr_u32(&x, ATTR_OTC, 65015);
	x.a.unknown = &unk;
	x.a.nunknown = 1;
	x.r.has_path_id = true;
	x.r.path_id = 9;
	line = record_line(&c, RECORD_TEXT, &x.r, "f.mrt");
	assert_string_equal(line,
	    "2016-01-07T12:01:47.000000Z|rib|10.0.15.1|65015|10.0.10.0/24|9|"
	    "65015 65014|65014|IGP|10.0.15.1|100||||0002fde900000064|0||"
	    "10.255.0.1|10.255.0.2 10.255.0.3|65015|99:e0:616263||||"
	    "TABLE_DUMP_V2/RIB_IPV4_UNICAST\n");
}

/* ------------------------------------------------------------------ */
/* Probe records                                                       */

static int
probe_column_count(void)
{
	int n = 0;

	while (probe_columns[n] != NULL)
		n++;
	return n;
}

/* An Atlas ping with every field present. */
static struct probe_record
probe_sample(void)
{
	struct probe_record p;

	memset(&p, 0, sizeof(p));
	p.kind = PROBE_PING;
	p.source = PROBE_SRC_ATLAS;
	p.time_ms = INT64_C(1419264905123);	/* 2014-12-22T16:15:05.123Z */
	p.end_ms = INT64_C(1419264906000);
	p.prb_id = 677;
	p.vantage = "lab-1";
	p.msm_id = 1000192;
	p.firmware = 4720;
	p.src = addr("192.168.1.2");
	p.from = addr("2001:db8::1");
	p.af = 4;
	p.dst = addr("198.51.100.7");
	p.dst_name = "example.net";
	p.sent = 3;
	p.received = 2;
	p.rtt_min = 1.2345;		/* 1234.5 us: llround, half away */
	p.rtt_avg = 0.0005;		/* 0.5 us -> 0.001 */
	p.rtt_max = 2.0004999;		/* -> 2.000 */
	p.rtt_median = 34.2605;
	p.hop_count = 7;
	p.dest_reached = true;
	p.last_hop_responded = false;
	p.last_hop = addr("10.0.0.1");
	p.last_median_rtt = 12;
	p.is_error = false;
	p.record_no = 3;
	p.present = PROBE_HAS_TIME | PROBE_HAS_END | PROBE_HAS_PRB_ID |
	    PROBE_HAS_MSM_ID | PROBE_HAS_FIRMWARE | PROBE_HAS_AF |
	    PROBE_HAS_SENT | PROBE_HAS_RECEIVED | PROBE_HAS_RTT |
	    PROBE_HAS_RTT_MEDIAN | PROBE_HAS_HOPS | PROBE_HAS_REACHED |
	    PROBE_HAS_LAST_HOP | PROBE_HAS_LAST_RTT | PROBE_HAS_ERROR;
	return p;
}

static const char *
probe_line(struct cap *c, enum record_format fmt,
    const struct probe_record *p, const char *file)
{
	struct outbuf *o = cap_begin(c);

	probe_write(o, fmt, p, file);
	return cap_end(c);
}

static void
test_probe_columns(void **state)
{
	struct cap c;
	struct outbuf *o = cap_begin(&c);

	(void)state;
	assert_int_equal(probe_column_count(), 27);
	assert_string_equal(probe_columns[probe_column_count() - 2], "file");
	assert_string_equal(probe_columns[probe_column_count() - 1],
	    "record");
	probe_write_header(o, RECORD_CSV);
	assert_string_equal(cap_end(&c),
	    "time,end,kind,vantage,prb_id,msm_id,firmware,af,src,from,dst,"
	    "dst_name,sent,received,rtt_min,rtt_avg,rtt_max,rtt_median,hops,"
	    "reached,last_hop_responded,last_hop,last_rtt,error,source,file,"
	    "record\r\n");
	/* Text has no header. */
	o = cap_begin(&c);
	probe_write_header(o, RECORD_TEXT);
	assert_string_equal(cap_end(&c), "");
}

/* Every field; RTTs in ms with 3 decimals, rounded half away from 0. */
static void
test_probe_text(void **state)
{
	struct cap c;
	struct probe_record p = probe_sample();
	const char *text, *s;
	int fields = 1;

	(void)state;
	text = probe_line(&c, RECORD_TEXT, &p, "x.json");
	assert_string_equal(text,
	    "2014-12-22T16:15:05.123Z|2014-12-22T16:15:06.000Z|ping|lab-1|"
	    "677|1000192|4720|4|192.168.1.2|2001:db8::1|198.51.100.7|"
	    "example.net|3|2|1.235|0.001|2.000|34.261|7|true|false|10.0.0.1|"
	    "12.000|false|atlas\n");
	for (s = text; *s != '\0'; s++)
		fields += *s == '|';
	assert_int_equal(fields, probe_column_count() - 2);

	/* Booleans the other way round; a negative RTT keeps its sign. */
	p.dest_reached = false;
	p.last_hop_responded = true;
	p.is_error = true;
	p.rtt_min = -1.2345;
	p.rtt_avg = 0.0004999;
	p.kind = PROBE_TRACE;
	p.source = PROBE_SRC_WARTS;
	text = probe_line(&c, RECORD_TEXT, &p, "x.warts");
	assert_string_equal(text,
	    "2014-12-22T16:15:05.123Z|2014-12-22T16:15:06.000Z|traceroute|"
	    "lab-1|677|1000192|4720|4|192.168.1.2|2001:db8::1|198.51.100.7|"
	    "example.net|3|2|-1.235|0.000|2.000|34.261|7|false|true|10.0.0.1|"
	    "12.000|true|warts\n");
}

/*
 * RTTs no probe can measure (damaged input) take printf's path, not the
 * integer one that would overflow: 10^13 ms, infinity.
 */
static void
test_probe_absurd_rtt(void **state)
{
	struct cap c;
	struct probe_record p = probe_sample();
	const char *text;

	(void)state;
	p.rtt_min = 1e13;
	p.rtt_avg = -INFINITY;
	p.rtt_max = 999999999999.9994;	/* below the bound: integer path */
	text = probe_line(&c, RECORD_CSV, &p, "x.json");
	assert_non_null(strstr(text, ",10000000000000.000,-inf,"
	    "999999999999.999,"));
}

/* Absent fields are empty, never 0 or false; zeroes present are "0". */
static void
test_probe_absent(void **state)
{
	struct cap c;
	struct probe_record p;
	const char *line;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.prb_id = 5;		/* set but absent: not printed */
	p.sent = 4;
	p.dest_reached = true;
	p.rtt_min = 1.0;
	assert_string_equal(probe_line(&c, RECORD_TEXT, &p, "f"),
	    "||||||||||||||||||||||||\n");
	line = probe_line(&c, RECORD_CSV, &p, "f");
	assert_string_equal(line, ",,,,,,,,,,,,,,,,,,,,,,,,,f,0\r\n");

	/* Present zeroes print as such. */
	p.kind = PROBE_PING;
	p.source = PROBE_SRC_PINGLOG;
	p.prb_id = 0;
	p.sent = 0;
	p.received = 0;
	p.rtt_min = p.rtt_avg = p.rtt_max = 0;
	p.dest_reached = false;
	p.present = PROBE_HAS_PRB_ID | PROBE_HAS_SENT | PROBE_HAS_RECEIVED |
	    PROBE_HAS_RTT | PROBE_HAS_REACHED;
	assert_string_equal(probe_line(&c, RECORD_TEXT, &p, "f"),
	    "||ping||0||||||||0|0|0.000|0.000|0.000|||false|||||pinglog\n");

	/* An unknown kind or source prints nothing. */
	p.kind = 9;
	p.source = 0;
	p.present = 0;
	assert_string_equal(probe_line(&c, RECORD_TEXT, &p, "f"),
	    "||||||||||||||||||||||||\n");
}

/* CSV: the strings that may hold a comma or a quote are quoted. */
static void
test_probe_csv(void **state)
{
	struct cap c;
	struct probe_record p = probe_sample();
	const char *line;

	(void)state;
	p.vantage = "lab \"east\", rack 2";
	p.dst_name = "a,b";
	line = probe_line(&c, RECORD_CSV, &p, "d,\"x\".json");
	assert_string_equal(line,
	    "2014-12-22T16:15:05.123Z,2014-12-22T16:15:06.000Z,ping,"
	    "\"lab \"\"east\"\", rack 2\",677,1000192,4720,4,192.168.1.2,"
	    "2001:db8::1,198.51.100.7,\"a,b\",3,2,1.235,0.001,2.000,34.261,7,"
	    "true,false,10.0.0.1,12.000,false,atlas,\"d,\"\"x\"\".json\",3\r\n");

	/* Text writes them as they are. */
	line = probe_line(&c, RECORD_TEXT, &p, "d,\"x\".json");
	assert_non_null(strstr(line, "|lab \"east\", rack 2|677|"));
	assert_non_null(strstr(line, "|a,b|3|"));

	/* Plain strings are not quoted; an empty name is an empty field. */
	p = probe_sample();
	p.dst_name = NULL;
	p.vantage = NULL;
	line = probe_line(&c, RECORD_CSV, &p, "plain.json");
	assert_non_null(strstr(line, ",ping,,677,"));
	assert_non_null(strstr(line, ",198.51.100.7,,3,2,"));
	assert_non_null(strstr(line, ",atlas,plain.json,3\r\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6_rfc5952),
		cmocka_unit_test(test_bgpdump_ipv6),
		cmocka_unit_test(test_addr_prefix),
		cmocka_unit_test(test_iso_time),
		cmocka_unit_test(test_iso_time_ms),
		cmocka_unit_test(test_iso_time_ms_cache),
		cmocka_unit_test(test_flow_text),
		cmocka_unit_test(test_flow_csv),
		cmocka_unit_test(test_outbuf_large),
		cmocka_unit_test(test_bgpdump_rib),
		cmocka_unit_test(test_bgpdump_wire_prefix),
		cmocka_unit_test(test_bgpdump_announce_withdraw),
		cmocka_unit_test(test_bgpdump_cache),
		cmocka_unit_test(test_bgpdump_state),
		cmocka_unit_test(test_bgpdump_mp_ipv6),
		cmocka_unit_test(test_bgpdump_addpath),
		cmocka_unit_test(test_bgpdump_mp_ipv4_signed),
		cmocka_unit_test(test_bgpdump_legacy),
		cmocka_unit_test(test_bgpdump_message_silent),
		cmocka_unit_test(test_record_columns),
		cmocka_unit_test(test_record_text),
		cmocka_unit_test(test_record_csv),
		cmocka_unit_test(test_record_csv_events),
		cmocka_unit_test(test_record_attribute_columns),
		cmocka_unit_test(test_probe_columns),
		cmocka_unit_test(test_probe_text),
		cmocka_unit_test(test_probe_absurd_rtt),
		cmocka_unit_test(test_probe_absent),
		cmocka_unit_test(test_probe_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
