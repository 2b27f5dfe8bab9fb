/*
 * test_flow_filter.c -- the flow filters of `lightsout dump`
 * (analyzer/flow_filter.c): --proto and --port values, which filters
 * apply to which kind of record, and flow_filter_match() on hand-built
 * flow records: --src/--dst prefix containment, --proto, --port (either
 * port), --from/--until overlap of the flow's span with [from, until)
 * and its fallbacks (export time, capture time), OR within one kind of
 * filter and AND across kinds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/filter.h"
#include "parsers/flow_record.h"
#include "tests/test_util.h"

static char	errbuf[256];

/* Literals of the tests (tests/test_util.h). */
static struct ip_prefix
P(const char *s)
{
	return prefix_literal(s);
}

static struct ip_addr
A(const char *s)
{
	return addr_literal(s);
}

/* A TCP flow 192.0.2.1:40000 -> 198.51.100.7:443, no times. */
static struct flow_record
flow4(void)
{
	struct flow_record r;

	memset(&r, 0, sizeof(r));
	r.version = 10;
	r.src = A("192.0.2.1");
	r.dst = A("198.51.100.7");
	r.src_port = 40000;
	r.dst_port = 443;
	r.proto = 6;
	r.present = FLOW_HAS_SRC_PORT | FLOW_HAS_DST_PORT | FLOW_HAS_PROTO;
	return r;
}

static struct flow_record
flow6(void)
{
	struct flow_record r = flow4();

	r.src = A("2001:db8:1::1");
	r.dst = A("2001:db8:2::7");
	return r;
}

static struct record_filter *
new_filter(void)
{
	static struct record_filter f;

	memset(&f, 0, sizeof(f));
	return &f;
}

static void
add_src(struct record_filter *f, const char *p)
{
	f->src[f->nsrc++] = P(p);
}

static void
add_dst(struct record_filter *f, const char *p)
{
	f->dst[f->ndst++] = P(p);
}

static void
set_from(struct record_filter *f, int64_t s)
{
	f->has_from = true;
	f->from = s;
}

static void
set_until(struct record_filter *f, int64_t s)
{
	f->has_until = true;
	f->until = s;
}

/* ------------------------------------------------------------------ */
/* Option values                                                       */

static void
test_parse_proto(void **state)
{
	uint8_t p = 99;

	(void)state;
	assert_int_equal(parse_proto("6", &p, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(p, 6);
	assert_int_equal(parse_proto("0", &p, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(p, 0);
	assert_int_equal(parse_proto("255", &p, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(p, 255);
	assert_int_equal(parse_proto("017", &p, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(p, 17);	/* decimal, not octal */

	errbuf[0] = '\0';
	assert_int_equal(parse_proto("256", &p, errbuf, sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "'256'"));
	assert_non_null(strstr(errbuf, "protocol"));
	assert_non_null(strstr(errbuf, "0-255"));
	errbuf[0] = '\0';
	assert_int_equal(parse_proto("tcp", &p, errbuf, sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "'tcp'"));
	errbuf[0] = '\0';
	assert_int_equal(parse_proto("", &p, errbuf, sizeof(errbuf)), -1);
	assert_true(errbuf[0] != '\0');
	assert_int_equal(parse_proto("-1", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_proto("+6", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_proto(" 6", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_proto("6 ", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_proto("6,17", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_proto("0x6", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_proto("99999999999999999999999", &p, errbuf,
	    sizeof(errbuf)), -1);
	assert_int_equal(parse_proto("4294967302", &p, errbuf,
	    sizeof(errbuf)), -1);	/* 2^32 + 6: no wrap to 6 */
}

static void
test_parse_port(void **state)
{
	uint16_t p = 99;

	(void)state;
	assert_int_equal(parse_port("443", &p, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(p, 443);
	assert_int_equal(parse_port("0", &p, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(p, 0);
	assert_int_equal(parse_port("65535", &p, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(p, 65535);

	errbuf[0] = '\0';
	assert_int_equal(parse_port("65536", &p, errbuf, sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "'65536'"));
	assert_non_null(strstr(errbuf, "port"));
	assert_non_null(strstr(errbuf, "0-65535"));
	errbuf[0] = '\0';
	assert_int_equal(parse_port("https", &p, errbuf, sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "'https'"));
	assert_int_equal(parse_port("", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_port("-80", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_port("80-90", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_port("8.0", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_port("4295032832", &p, errbuf,
	    sizeof(errbuf)), -1);	/* 2^32 + 65536 */
	assert_int_equal(parse_port("18446744073709551696", &p, errbuf,
	    sizeof(errbuf)), -1);	/* 2^64 + 80 */
}

/* ------------------------------------------------------------------ */
/* Which filters apply to which records                                */

static void
test_filter_kinds(void **state)
{
	struct record_filter *f = new_filter();

	(void)state;
	assert_null(filter_flow_only(f));
	assert_null(filter_bgp_only(f));

	/* Time filters apply to both. */
	set_from(f, 1);
	set_until(f, 2);
	assert_null(filter_flow_only(f));
	assert_null(filter_bgp_only(f));

	f = new_filter();
	add_src(f, "10.0.0.0/8");
	assert_string_equal(filter_flow_only(f), "--src");
	assert_null(filter_bgp_only(f));
	f = new_filter();
	add_dst(f, "10.0.0.0/8");
	assert_string_equal(filter_flow_only(f), "--dst");
	f = new_filter();
	f->proto[f->nproto++] = 6;
	assert_string_equal(filter_flow_only(f), "--proto");
	f = new_filter();
	f->port[f->nport++] = 0;
	assert_string_equal(filter_flow_only(f), "--port");
	assert_null(filter_bgp_only(f));

	f = new_filter();
	f->exact[f->nexact++] = P("10.0.0.0/8");
	assert_string_equal(filter_bgp_only(f), "--prefix");
	assert_null(filter_flow_only(f));
	f = new_filter();
	f->more[f->nmore++] = P("10.0.0.0/8");
	assert_string_equal(filter_bgp_only(f), "--more-specific");
	f = new_filter();
	f->less[f->nless++] = P("10.0.0.0/8");
	assert_string_equal(filter_bgp_only(f), "--less-specific");
	f = new_filter();
	f->origin[f->norigin++] = 1;
	assert_string_equal(filter_bgp_only(f), "--origin");
	f = new_filter();
	f->peer_as[f->npeer_as++] = 1;
	assert_string_equal(filter_bgp_only(f), "--peer-asn");
	f = new_filter();
	f->peer[f->npeer++] = A("192.0.2.1");
	assert_string_equal(filter_bgp_only(f), "--peer");
	f = new_filter();
	assert_int_equal(parse_kinds("withdraw", &f->kinds, errbuf,
	    sizeof(errbuf)), 0);
	assert_string_equal(filter_bgp_only(f), "--type");
	assert_null(filter_flow_only(f));

	/* Both kinds set: each side names its own. */
	add_src(f, "10.0.0.0/8");
	assert_string_equal(filter_bgp_only(f), "--type");
	assert_string_equal(filter_flow_only(f), "--src");
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */

static void
test_no_filter(void **state)
{
	struct record_filter *f = new_filter();
	struct flow_record r;

	(void)state;
	r = flow4();
	assert_true(flow_filter_match(f, &r));
	memset(&r, 0, sizeof(r));	/* nothing at all present */
	assert_true(flow_filter_match(f, &r));
}

static void
test_src_dst_v4(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow4();

	(void)state;
	f = new_filter();
	add_src(f, "192.0.2.0/24");
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	add_src(f, "192.0.2.1/32");
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	add_src(f, "0.0.0.0/0");
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	add_src(f, "192.0.2.2/32");
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	add_src(f, "198.51.100.0/24");	/* the destination's */
	assert_false(flow_filter_match(f, &r));

	f = new_filter();
	add_dst(f, "198.51.100.0/25");
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	add_dst(f, "198.51.100.128/25");
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	add_dst(f, "192.0.2.0/24");	/* the source's */
	assert_false(flow_filter_match(f, &r));

	/* An IPv6 prefix never holds an IPv4 address, even ::/0. */
	f = new_filter();
	add_src(f, "::/0");
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	add_dst(f, "::/0");
	assert_false(flow_filter_match(f, &r));
	/* Nor an IPv4-mapped one. */
	f = new_filter();
	add_src(f, "::ffff:192.0.2.0/120");
	assert_false(flow_filter_match(f, &r));
}

static void
test_src_dst_v6(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow6();

	(void)state;
	f = new_filter();
	add_src(f, "2001:db8:1::/48");
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	add_src(f, "2001:db8:1::1/128");
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	add_src(f, "::/0");
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	add_src(f, "2001:db8:2::/48");
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	add_dst(f, "2001:db8:2::/48");
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	add_dst(f, "2001:db8:1::/48");
	assert_false(flow_filter_match(f, &r));

	/* An IPv4 prefix never holds an IPv6 address, even 0.0.0.0/0. */
	f = new_filter();
	add_src(f, "0.0.0.0/0");
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	add_dst(f, "0.0.0.0/0");
	assert_false(flow_filter_match(f, &r));
	/* 2001:db8::/32 starts with the bytes of 32.1.13.184. */
	f = new_filter();
	add_src(f, "32.1.13.184/32");
	assert_false(flow_filter_match(f, &r));
}

static void
test_src_dst_absent(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow4();

	(void)state;
	memset(&r.src, 0, sizeof(r.src));
	memset(&r.dst, 0, sizeof(r.dst));
	f = new_filter();
	add_src(f, "0.0.0.0/0");
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	add_src(f, "::/0");
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	add_dst(f, "0.0.0.0/0");
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	add_dst(f, "::/0");
	assert_false(flow_filter_match(f, &r));
}

static void
test_src_dst_or(void **state)
{
	struct record_filter *f;
	struct flow_record r4 = flow4(), r6 = flow6();

	(void)state;
	/* Several --src: any will do, of either family. */
	f = new_filter();
	add_src(f, "10.0.0.0/8");
	add_src(f, "2001:db8:1::/48");
	add_src(f, "192.0.2.0/30");
	assert_true(flow_filter_match(f, &r4));
	assert_true(flow_filter_match(f, &r6));
	f = new_filter();
	add_src(f, "10.0.0.0/8");
	add_src(f, "2001:db8:3::/48");
	assert_false(flow_filter_match(f, &r4));
	assert_false(flow_filter_match(f, &r6));

	/* --src and --dst: both must hold. */
	f = new_filter();
	add_src(f, "192.0.2.0/24");
	add_dst(f, "198.51.100.0/24");
	assert_true(flow_filter_match(f, &r4));
	f = new_filter();
	add_src(f, "192.0.2.0/24");
	add_dst(f, "203.0.113.0/24");
	assert_false(flow_filter_match(f, &r4));
	/* The source inside a --dst prefix and vice versa is no match. */
	f = new_filter();
	add_src(f, "198.51.100.0/24");
	add_dst(f, "192.0.2.0/24");
	assert_false(flow_filter_match(f, &r4));
}

static void
test_proto(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow4();

	(void)state;
	f = new_filter();
	f->proto[f->nproto++] = 6;
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	f->proto[f->nproto++] = 17;
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	f->proto[f->nproto++] = 17;
	f->proto[f->nproto++] = 1;
	f->proto[f->nproto++] = 6;
	assert_true(flow_filter_match(f, &r));	/* OR */

	/* Absent protocol: no match, not even for 0 (the stored value). */
	r.present &= ~(uint32_t)FLOW_HAS_PROTO;
	r.proto = 0;
	f = new_filter();
	f->proto[f->nproto++] = 0;
	assert_false(flow_filter_match(f, &r));
	r.proto = 6;	/* stale value under a clear bit */
	f = new_filter();
	f->proto[f->nproto++] = 6;
	assert_false(flow_filter_match(f, &r));
	/* Present and 0 (IPv6 hop-by-hop) matches 0. */
	r.present |= FLOW_HAS_PROTO;
	r.proto = 0;
	f = new_filter();
	f->proto[f->nproto++] = 0;
	assert_true(flow_filter_match(f, &r));
}

static void
test_port(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow4();

	(void)state;
	f = new_filter();
	f->port[f->nport++] = 443;	/* destination */
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	f->port[f->nport++] = 40000;	/* source */
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	f->port[f->nport++] = 80;
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	f->port[f->nport++] = 80;
	f->port[f->nport++] = 443;
	assert_true(flow_filter_match(f, &r));	/* OR */

	/* Only the present port counts. */
	r.present &= ~(uint32_t)FLOW_HAS_DST_PORT;
	f = new_filter();
	f->port[f->nport++] = 443;
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	f->port[f->nport++] = 40000;
	assert_true(flow_filter_match(f, &r));
	r = flow4();
	r.present &= ~(uint32_t)FLOW_HAS_SRC_PORT;
	f = new_filter();
	f->port[f->nport++] = 40000;
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	f->port[f->nport++] = 443;
	assert_true(flow_filter_match(f, &r));

	/* No ports at all (ICMP, or not sent): --port 0 does not match. */
	r = flow4();
	r.present &= ~(uint32_t)(FLOW_HAS_SRC_PORT | FLOW_HAS_DST_PORT);
	r.src_port = r.dst_port = 0;
	f = new_filter();
	f->port[f->nport++] = 0;
	assert_false(flow_filter_match(f, &r));
	/* A present port 0 matches --port 0. */
	r.present |= FLOW_HAS_DST_PORT;
	assert_true(flow_filter_match(f, &r));
}

/* --from/--until in seconds, flow times in ms. */
static void
test_time_start_end(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow4();

	(void)state;
	/* Flow active over [1000.000 s, 1010.000 s]. */
	r.present |= FLOW_HAS_START | FLOW_HAS_END;
	r.start_ms = 1000000;
	r.end_ms = 1010000;

	f = new_filter();
	set_from(f, 1005);
	assert_true(flow_filter_match(f, &r));	/* overlap, not start */
	f = new_filter();
	set_from(f, 1010);
	assert_true(flow_filter_match(f, &r));	/* last ms at from */
	f = new_filter();
	set_from(f, 1011);
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	set_until(f, 1001);
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	set_until(f, 1000);
	assert_false(flow_filter_match(f, &r));	/* until is exclusive */
	f = new_filter();
	set_from(f, 1002);
	set_until(f, 1003);
	assert_true(flow_filter_match(f, &r));	/* window inside the flow */
	f = new_filter();
	set_from(f, 900);
	set_until(f, 2000);
	assert_true(flow_filter_match(f, &r));	/* flow inside the window */
	f = new_filter();
	set_from(f, 1011);
	set_until(f, 2000);
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 0);
	set_until(f, 1000);
	assert_false(flow_filter_match(f, &r));

	/* Millisecond precision at both edges. */
	r.start_ms = 999999;
	r.end_ms = 1009999;
	f = new_filter();
	set_until(f, 1000);
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 1010);
	assert_false(flow_filter_match(f, &r));

	/* An end before the start: the flow is the instant of its start. */
	r.start_ms = 1010000;
	r.end_ms = 1000000;
	f = new_filter();
	set_from(f, 1010);
	set_until(f, 1011);
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 1000);
	set_until(f, 1001);
	assert_false(flow_filter_match(f, &r));
}

static void
test_time_one_end(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow4();

	(void)state;
	/* Start only: the flow is that instant.  Export time ignored. */
	r.present |= FLOW_HAS_START | FLOW_HAS_EXPORT_TIME;
	r.start_ms = 1000000;
	r.export_ms = 5000000;
	f = new_filter();
	set_from(f, 1000);
	set_until(f, 1001);
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 1001);
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 5000);
	set_until(f, 5001);
	assert_false(flow_filter_match(f, &r));

	/* End only. */
	r = flow4();
	r.present |= FLOW_HAS_END | FLOW_HAS_RECV_TIME;
	r.end_ms = 2000000;
	r.recv_us = 7000000000;
	f = new_filter();
	set_from(f, 2000);
	set_until(f, 2001);
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	set_until(f, 2000);
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 2001);
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 7000);
	assert_false(flow_filter_match(f, &r));	/* not the capture time */
}

static void
test_time_fallbacks(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow4();

	(void)state;
	/* No start or end: the export time, over the capture time. */
	r.present |= FLOW_HAS_EXPORT_TIME | FLOW_HAS_RECV_TIME;
	r.export_ms = 3000500;
	r.recv_us = 9000000000;
	f = new_filter();
	set_from(f, 3000);
	set_until(f, 3001);
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 9000);
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	set_until(f, 3000);
	assert_false(flow_filter_match(f, &r));

	/* Capture time alone, us truncated to ms. */
	r.present &= ~(uint32_t)FLOW_HAS_EXPORT_TIME;
	f = new_filter();
	set_from(f, 9000);
	set_until(f, 9001);
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	set_until(f, 9000);
	assert_false(flow_filter_match(f, &r));
	r.recv_us = 8999999999;	/* 8999.999999 s */
	f = new_filter();
	set_until(f, 9000);
	assert_true(flow_filter_match(f, &r));
	f = new_filter();
	set_from(f, 9000);
	assert_false(flow_filter_match(f, &r));

	/* Uptimes alone do not place a flow in time. */
	r.present &= ~(uint32_t)FLOW_HAS_RECV_TIME;
	r.present |= FLOW_HAS_UPTIME | FLOW_HAS_SYS_UPTIME;
	r.start_uptime_ms = 1000;
	r.end_uptime_ms = 2000;
	f = new_filter();
	set_from(f, 0);
	assert_false(flow_filter_match(f, &r));
	f = new_filter();
	set_until(f, INT64_C(4000000000));
	assert_false(flow_filter_match(f, &r));
	/* ... but without a time filter it passes. */
	f = new_filter();
	assert_true(flow_filter_match(f, &r));

	/* Nothing at all. */
	r = flow4();
	f = new_filter();
	set_from(f, 0);
	set_until(f, INT64_C(4000000000));
	assert_false(flow_filter_match(f, &r));
}

static void
test_and_across_kinds(void **state)
{
	struct record_filter *f;
	struct flow_record r = flow4();

	(void)state;
	r.present |= FLOW_HAS_START | FLOW_HAS_END;
	r.start_ms = 1000000;
	r.end_ms = 1010000;

	f = new_filter();
	add_src(f, "192.0.2.0/24");
	add_dst(f, "198.51.100.0/24");
	f->proto[f->nproto++] = 6;
	f->port[f->nport++] = 443;
	set_from(f, 1000);
	set_until(f, 1020);
	assert_true(flow_filter_match(f, &r));

	/* Each kind failing alone fails the whole. */
	f->proto[0] = 17;
	assert_false(flow_filter_match(f, &r));
	f->proto[0] = 6;
	f->port[0] = 80;
	assert_false(flow_filter_match(f, &r));
	f->port[0] = 443;
	f->src[0] = P("10.0.0.0/8");
	assert_false(flow_filter_match(f, &r));
	f->src[0] = P("192.0.2.0/24");
	f->dst[0] = P("10.0.0.0/8");
	assert_false(flow_filter_match(f, &r));
	f->dst[0] = P("198.51.100.0/24");
	f->from = 1011;
	assert_false(flow_filter_match(f, &r));
	f->from = 1000;
	assert_true(flow_filter_match(f, &r));

	/* A second value of a failing kind rescues it (OR). */
	f->proto[0] = 17;
	f->proto[f->nproto++] = 6;
	assert_true(flow_filter_match(f, &r));
	f->port[0] = 80;
	f->port[f->nport++] = 40000;
	assert_true(flow_filter_match(f, &r));

	/* Routing filters are not looked at by the flow matcher. */
	f->origin[f->norigin++] = 64500;
	f->kinds = 1;
	assert_true(flow_filter_match(f, &r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_proto),
		cmocka_unit_test(test_parse_port),
		cmocka_unit_test(test_filter_kinds),
		cmocka_unit_test(test_no_filter),
		cmocka_unit_test(test_src_dst_v4),
		cmocka_unit_test(test_src_dst_v6),
		cmocka_unit_test(test_src_dst_absent),
		cmocka_unit_test(test_src_dst_or),
		cmocka_unit_test(test_proto),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_time_start_end),
		cmocka_unit_test(test_time_one_end),
		cmocka_unit_test(test_time_fallbacks),
		cmocka_unit_test(test_and_across_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
