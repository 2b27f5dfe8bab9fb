/*
 * test_filter.c -- the record filters of `lightsout dump`
 * (analyzer/filter.c): parsing option values, prefix containment, and
 * matching records: every kind of filter must match (AND), any value of
 * one kind will do (OR).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/filter.h"
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

/* ------------------------------------------------------------------ */
/* Option values                                                       */

static void
test_parse_addr(void **state)
{
	struct ip_addr a;

	(void)state;
	assert_int_equal(parse_addr("192.0.2.1", &a, errbuf, sizeof(errbuf)),
	    0);
	assert_int_equal(a.afi, AFI_IPV4);
	assert_memory_equal(a.bytes, "\xc0\x00\x02\x01", 4);
	/* Unused bytes are zero, so that whole addresses compare. */
	assert_int_equal(a.bytes[4], 0);
	assert_int_equal(a.bytes[15], 0);

	assert_int_equal(parse_addr("2001:db8::1", &a, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(a.afi, AFI_IPV6);
	assert_memory_equal(a.bytes, "\x20\x01\x0d\xb8", 4);
	assert_int_equal(a.bytes[15], 1);

	assert_int_equal(parse_addr("::ffff:192.0.2.1", &a, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(a.afi, AFI_IPV6);

	errbuf[0] = '\0';
	assert_int_equal(parse_addr("300.0.0.1", &a, errbuf, sizeof(errbuf)),
	    -1);
	assert_non_null(strstr(errbuf, "300.0.0.1"));
	assert_int_equal(parse_addr("", &a, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_addr("example.net", &a, errbuf,
	    sizeof(errbuf)), -1);
	assert_int_equal(parse_addr("10.0.0.0/8", &a, errbuf, sizeof(errbuf)),
	    -1);
}

static void
test_parse_prefix(void **state)
{
	struct ip_prefix p;
	char longer[128];

	(void)state;
	p = P("10.0.0.0/8");
	assert_int_equal(p.addr.afi, AFI_IPV4);
	assert_int_equal(p.len, 8);
	assert_memory_equal(p.addr.bytes, "\x0a\0\0\0", 4);

	/* Host bits are cleared: 10.1.2.3/8 is 10.0.0.0/8. */
	p = P("10.1.2.3/8");
	assert_int_equal(p.len, 8);
	assert_memory_equal(p.addr.bytes, "\x0a\0\0\0", 4);
	p = P("192.0.2.255/25");
	assert_memory_equal(p.addr.bytes, "\xc0\x00\x02\x80", 4);

	/* A bare address is a host route. */
	p = P("192.0.2.1");
	assert_int_equal(p.len, 32);
	p = P("2001:db8::1");
	assert_int_equal(p.addr.afi, AFI_IPV6);
	assert_int_equal(p.len, 128);

	p = P("2001:db8:ffff::/32");
	assert_int_equal(p.len, 32);
	assert_int_equal(p.addr.bytes[4], 0);
	p = P("::/0");
	assert_int_equal(p.len, 0);
	p = P("0.0.0.0/0");
	assert_int_equal(p.addr.afi, AFI_IPV4);
	assert_int_equal(p.len, 0);

	assert_int_equal(parse_prefix("10.0.0.0/33", &p, errbuf,
	    sizeof(errbuf)), -1);
	assert_int_equal(parse_prefix("::/129", &p, errbuf, sizeof(errbuf)),
	    -1);
	assert_int_equal(parse_prefix("10.0.0.0/", &p, errbuf,
	    sizeof(errbuf)), -1);
	assert_int_equal(parse_prefix("10.0.0.0/x", &p, errbuf,
	    sizeof(errbuf)), -1);
	assert_int_equal(parse_prefix("10.0.0.0/8x", &p, errbuf,
	    sizeof(errbuf)), -1);
	assert_int_equal(parse_prefix("10.0.0.0/-1", &p, errbuf,
	    sizeof(errbuf)), -1);
	assert_int_equal(parse_prefix("10.0.0/8", &p, errbuf, sizeof(errbuf)),
	    -1);
	assert_int_equal(parse_prefix("", &p, errbuf, sizeof(errbuf)), -1);
	assert_int_equal(parse_prefix("/8", &p, errbuf, sizeof(errbuf)), -1);
	memset(longer, '1', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(parse_prefix(longer, &p, errbuf, sizeof(errbuf)),
	    -1);
}

static void
asn_ok(const char *s, uint32_t want)
{
	uint32_t as = 0xdeadbeef;

	if (parse_asn(s, &as, errbuf, sizeof(errbuf)) == -1)
		fail_msg("'%s' rejected: %s", s, errbuf);
	if (as != want)
		fail_msg("'%s' read as %u, not %u", s, as, want);
}

static void
asn_bad(const char *s)
{
	uint32_t as = 0xdeadbeef;

	errbuf[0] = '\0';
	if (parse_asn(s, &as, errbuf, sizeof(errbuf)) != -1)
		fail_msg("'%s' accepted as %u", s, as);
	assert_true(errbuf[0] != '\0');
}

/* asplain, "AS" prefixed, and RFC 5396 asdot. */
static void
test_parse_asn(void **state)
{
	(void)state;
	asn_ok("65000", 65000);
	asn_ok("0", 0);
	asn_ok("AS65000", 65000);
	asn_ok("as65000", 65000);
	asn_ok("4294967295", 4294967295u);
	asn_ok("1.10", 65546);
	asn_ok("AS1.10", 65546);
	asn_ok("0.65535", 65535);
	asn_ok("65535.65535", 4294967295u);

	asn_bad("");
	asn_bad("AS");
	asn_bad("4294967296");
	asn_bad("99999999999999999999999");
	asn_bad("-1");
	asn_bad("+1");
	asn_bad(" 1");
	asn_bad("1a");
	asn_bad("AS 1");
	asn_bad("65536.1");
	asn_bad("1.65536");
	asn_bad("1.2.3");
	asn_bad(".1");
}

/* asdot needs digits after the dot too. */
static void
test_parse_asn_asdot_low_part(void **state)
{
	(void)state;
	asn_bad("1.");
	asn_bad("1.+5");
	asn_bad("1. 5");
	asn_bad("1.-0");
}

static void
time_ok(const char *s, int64_t want)
{
	int64_t t = -42;

	if (parse_time(s, &t, errbuf, sizeof(errbuf)) == -1)
		fail_msg("'%s' rejected: %s", s, errbuf);
	if (t != want)
		fail_msg("'%s' read as %lld, not %lld", s, (long long)t,
		    (long long)want);
}

static void
time_bad(const char *s)
{
	int64_t t = -42;

	errbuf[0] = '\0';
	if (parse_time(s, &t, errbuf, sizeof(errbuf)) != -1)
		fail_msg("'%s' accepted as %lld", s, (long long)t);
	assert_true(errbuf[0] != '\0');
}

/* ISO 8601 in UTC, with or without seconds and Z, a date; or seconds. */
static void
test_parse_time(void **state)
{
	(void)state;
	time_ok("2014-12-22T16:15:05Z", 1419264905);
	time_ok("2014-12-22T16:15:05", 1419264905);
	time_ok("2014-12-22 16:15:05", 1419264905);
	time_ok("2014-12-22T16:15", 1419264900);
	time_ok("2014-12-22T16:15Z", 1419264900);
	time_ok("2014-12-22", 1419206400);
	time_ok("2016-02-29T23:59:59Z", 1456790399);
	time_ok("1970-01-01T00:00:00Z", 0);
	/* Past 2038: the result is 64 bits wide. */
	time_ok("2038-01-19T03:14:08Z", 2147483648LL);
	time_ok("1419264905", 1419264905);
	time_ok("0", 0);
	/* bgpdump's "seconds.microseconds" keeps its seconds. */
	time_ok("1419264905.123456", 1419264905);

	time_bad("");
	time_bad("yesterday");
	time_bad("2014-13-01");
	time_bad("2014-00-10");
	time_bad("2014-12-00");
	time_bad("2014-12-32");
	time_bad("2014-12-22T24:00");
	time_bad("2014-12-22T16:60");
	time_bad("2014-12-22T16");
	time_bad("2014-12-22T16:15:05+01:00");
	time_bad("2014-12-22T16:15:05.5Z");
	time_bad("2014-12-22X");
	time_bad("12/22/2014");
	time_bad("-5");
	time_bad("1419264905x");
}

/* A date that does not exist must not become another day. */
static void
test_parse_time_impossible_date(void **state)
{
	(void)state;
	time_bad("2014-02-30");
	time_bad("2014-02-29T00:00:00Z");	/* 2014 is no leap year */
	time_bad("2014-04-31");
}

static void
test_parse_kinds(void **state)
{
	unsigned int kinds;

	(void)state;
	kinds = 0;
	assert_int_equal(parse_kinds("rib", &kinds, errbuf, sizeof(errbuf)),
	    0);
	assert_int_equal(kinds, 1u << BGP_KIND_RIB);

	kinds = 0;
	assert_int_equal(parse_kinds("announce,withdraw", &kinds, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(kinds, 1u << BGP_KIND_ANNOUNCE |
	    1u << BGP_KIND_WITHDRAW);

	/* Repeated options add up. */
	assert_int_equal(parse_kinds("state,message", &kinds, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(kinds, 1u << BGP_KIND_ANNOUNCE |
	    1u << BGP_KIND_WITHDRAW | 1u << BGP_KIND_STATE |
	    1u << BGP_KIND_MESSAGE);

	kinds = 0;
	errbuf[0] = '\0';
	assert_int_equal(parse_kinds("rib,bogus", &kinds, errbuf,
	    sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "bogus"));
	assert_int_equal(parse_kinds("ri", &kinds, errbuf, sizeof(errbuf)),
	    -1);
	assert_int_equal(parse_kinds("ribs", &kinds, errbuf, sizeof(errbuf)),
	    -1);
	assert_int_equal(parse_kinds("rib,,announce", &kinds, errbuf,
	    sizeof(errbuf)), -1);
}

/* ------------------------------------------------------------------ */
/* Containment                                                         */

/* Does outer contain inner?  Both are parsed (and masked) first. */
static bool
contains(const char *outer, const char *inner)
{
	struct ip_prefix o = P(outer), i = P(inner);

	return prefix_contains(&o, &i);
}

static void
test_prefix_contains(void **state)
{
	(void)state;
	assert_true(contains("10.0.0.0/8", "10.1.0.0/16"));
	assert_false(contains("10.1.0.0/16", "10.0.0.0/8"));
	assert_true(contains("10.1.0.0/16", "10.1.0.0/16"));
	assert_false(contains("10.0.0.0/8", "11.0.0.0/16"));
	/* Boundaries inside an octet. */
	assert_true(contains("10.0.0.0/23", "10.0.1.0/24"));
	assert_false(contains("10.0.0.0/23", "10.0.2.0/24"));
	assert_true(contains("128.0.0.0/1", "200.0.0.0/8"));
	assert_false(contains("128.0.0.0/1", "100.0.0.0/8"));
	assert_true(contains("192.0.2.0/31", "192.0.2.1/32"));
	assert_false(contains("192.0.2.0/31", "192.0.2.2/32"));
	/* The default route covers its own family only. */
	assert_true(contains("0.0.0.0/0", "10.1.0.0/16"));
	assert_false(contains("::/0", "10.1.0.0/16"));
	assert_false(contains("0.0.0.0/0", "2001:db8::/32"));
	assert_true(contains("::/0", "2001:db8::/32"));
	assert_true(contains("2001:db8::/32", "2001:db8:ff::/48"));
	assert_false(contains("2001:db8::/32", "2001:db9::/48"));
	assert_true(contains("2001:db8::/127", "2001:db8::1"));
	assert_true(contains("2001:db8::1", "2001:db8::1"));
	assert_false(contains("2001:db8::1", "2001:db8::2"));
	/* The same leading bytes in the other family. */
	assert_false(contains("10.0.0.0/8", "a00::/8"));
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */

#define T	1419264905

/* A record and the attributes it points to. */
struct rec {
	struct bgp_record	r;
	struct bgp_attrs	a;
	struct as_segment	segs[4];
	uint32_t		asns[8];
};

static void
rec_init(struct rec *x, enum bgp_kind kind, const char *prefix,
    const char *peer, uint32_t peer_as)
{
	memset(x, 0, sizeof(*x));
	x->r.kind = kind;
	x->r.time = T;
	x->r.peer_addr = A(peer);
	x->r.peer_as = peer_as;
	if (prefix != NULL) {
		x->r.prefix = P(prefix);
		x->r.wire_prefix = x->r.prefix;
		x->r.afi = x->r.prefix.addr.afi;
		x->r.safi = SAFI_UNICAST;
	}
	if (kind == BGP_KIND_MESSAGE)
		x->r.msg_type = BGP_MSG_KEEPALIVE;
}

/* Append a segment to the record's AS_PATH. */
static void
rec_segment(struct rec *x, uint8_t type, const uint32_t *asns, uint8_t n)
{
	struct as_segment *s = &x->segs[x->a.as_path.nsegs++];

	s->type = type;
	s->count = n;
	s->first = x->a.as_path.nasns;
	memcpy(&x->asns[s->first], asns, n * sizeof(*asns));
	x->a.as_path.nasns += n;
	x->a.as_path.segs = x->segs;
	x->a.as_path.asns = x->asns;
	x->a.present |= ATTR_BIT(ATTR_AS_PATH);
	x->r.attrs = &x->a;
}

/* The records every matching test runs against. */
struct world {
	struct rec	rib;	/* 10.1.0.0/16 via 65001 65002 65003 */
	struct rec	ann;	/* 2001:db8:1::/48, 65010 {64500,64501} */
	struct rec	wd;	/* 10.2.0.0/16 withdrawn */
	struct rec	st;	/* state change */
	struct rec	msg;	/* keepalive */
};

static void
world_init(struct world *w)
{
	static const uint32_t seq[] = { 65001, 65002, 65003 };
	static const uint32_t first[] = { 65010 }, set[] = { 64500, 64501 };

	rec_init(&w->rib, BGP_KIND_RIB, "10.1.0.0/16", "192.0.2.1", 65001);
	rec_segment(&w->rib, AS_SEQUENCE, seq, 3);
	rec_init(&w->ann, BGP_KIND_ANNOUNCE, "2001:db8:1::/48", "2001:db8::2",
	    65010);
	rec_segment(&w->ann, AS_SEQUENCE, first, 1);
	rec_segment(&w->ann, AS_SET, set, 2);
	w->ann.r.time = T + 10;
	rec_init(&w->wd, BGP_KIND_WITHDRAW, "10.2.0.0/16", "192.0.2.1", 65001);
	/* A withdrawal may carry its UPDATE's attributes: no origin. */
	rec_segment(&w->wd, AS_SEQUENCE, seq, 3);
	w->wd.r.time = T - 10;
	rec_init(&w->st, BGP_KIND_STATE, NULL, "192.0.2.1", 65001);
	w->st.r.old_state = 6;
	w->st.r.new_state = 1;
	rec_init(&w->msg, BGP_KIND_MESSAGE, NULL, "192.0.2.3", 65003);
}

/*
 * Which of rib, ann, wd, st, msg (in that order) the filter lets
 * through, as a string of 1s and 0s: easy to read in a failure.
 */
static const char *
which(const struct record_filter *f, const struct world *w)
{
	static char out[6];
	const struct rec *all[5] = { &w->rib, &w->ann, &w->wd, &w->st,
	    &w->msg };
	int i;

	for (i = 0; i < 5; i++)
		out[i] = filter_match(f, &all[i]->r) ? '1' : '0';
	out[5] = '\0';
	return out;
}

static void
test_match_all(void **state)
{
	struct record_filter f;
	struct world w;

	(void)state;
	memset(&f, 0, sizeof(f));
	world_init(&w);
	assert_string_equal(which(&f, &w), "11111");
	assert_false(filter_needs_prefix(&f));
}

static void
test_match_kinds(void **state)
{
	struct record_filter f;
	struct world w;

	(void)state;
	world_init(&w);
	memset(&f, 0, sizeof(f));
	assert_int_equal(parse_kinds("rib", &f.kinds, errbuf, sizeof(errbuf)),
	    0);
	assert_string_equal(which(&f, &w), "10000");
	f.kinds = 0;
	assert_int_equal(parse_kinds("withdraw,state", &f.kinds, errbuf,
	    sizeof(errbuf)), 0);
	assert_string_equal(which(&f, &w), "00110");
	f.kinds = 1u << BGP_KIND_MESSAGE;
	assert_string_equal(which(&f, &w), "00001");
	assert_false(filter_needs_prefix(&f));
}

/* --from is inclusive, --until exclusive: [from, until). */
static void
test_match_time(void **state)
{
	struct record_filter f;
	struct world w;

	(void)state;
	/* wd at T - 10; rib, st and msg at T; ann at T + 10. */
	world_init(&w);
	memset(&f, 0, sizeof(f));
	f.has_from = true;
	f.from = T;
	assert_string_equal(which(&f, &w), "11011");
	f.from = T + 1;
	assert_string_equal(which(&f, &w), "01000");

	memset(&f, 0, sizeof(f));
	f.has_until = true;
	f.until = T;
	assert_string_equal(which(&f, &w), "00100");
	f.until = T + 1;
	assert_string_equal(which(&f, &w), "10111");

	f.has_from = true;
	f.from = T;
	f.until = T;			/* empty interval */
	assert_string_equal(which(&f, &w), "00000");
	f.until = T + 11;
	assert_string_equal(which(&f, &w), "11011");

	/* A value of 0 is a bound like any other, not "unset". */
	memset(&f, 0, sizeof(f));
	f.has_until = true;
	f.until = 0;
	assert_string_equal(which(&f, &w), "00000");
}

/* Exact prefixes; several values: any of them. */
static void
test_match_exact(void **state)
{
	struct record_filter f;
	struct world w;

	(void)state;
	world_init(&w);
	memset(&f, 0, sizeof(f));
	f.exact[f.nexact++] = P("10.1.0.0/16");
	assert_true(filter_needs_prefix(&f));
	/* Prefix filters never match records without a prefix. */
	assert_string_equal(which(&f, &w), "10000");
	f.exact[f.nexact++] = P("10.2.0.0/16");
	assert_string_equal(which(&f, &w), "10100");

	memset(&f, 0, sizeof(f));
	f.exact[f.nexact++] = P("10.0.0.0/8");	/* covers, not equal */
	f.exact[f.nexact++] = P("10.1.0.0/17");	/* inside, not equal */
	assert_string_equal(which(&f, &w), "00000");
	f.exact[f.nexact++] = P("2001:db8:1::/48");
	assert_string_equal(which(&f, &w), "01000");
}

/* -M: the prefix and everything inside it. */
static void
test_match_more_specific(void **state)
{
	struct record_filter f;
	struct world w;

	(void)state;
	world_init(&w);
	memset(&f, 0, sizeof(f));
	f.more[f.nmore++] = P("10.0.0.0/8");
	assert_string_equal(which(&f, &w), "10100");
	memset(&f, 0, sizeof(f));
	f.more[f.nmore++] = P("10.1.0.0/16");
	assert_string_equal(which(&f, &w), "10000");
	memset(&f, 0, sizeof(f));
	f.more[f.nmore++] = P("10.1.128.0/17");
	assert_string_equal(which(&f, &w), "00000");
	/* ::/0 is every IPv6 route and no IPv4 one. */
	memset(&f, 0, sizeof(f));
	f.more[f.nmore++] = P("::/0");
	assert_string_equal(which(&f, &w), "01000");
	f.more[f.nmore++] = P("0.0.0.0/0");
	assert_string_equal(which(&f, &w), "11100");
}

/* -m: the prefix and everything covering it. */
static void
test_match_less_specific(void **state)
{
	struct record_filter f;
	struct world w;

	(void)state;
	world_init(&w);
	memset(&f, 0, sizeof(f));
	f.less[f.nless++] = P("10.1.2.0/24");
	assert_string_equal(which(&f, &w), "10000");
	memset(&f, 0, sizeof(f));
	f.less[f.nless++] = P("10.1.0.0/16");
	assert_string_equal(which(&f, &w), "10000");
	memset(&f, 0, sizeof(f));
	f.less[f.nless++] = P("10.0.0.0/8");	/* nothing covers a /8 */
	assert_string_equal(which(&f, &w), "00000");
	f.less[f.nless++] = P("10.2.255.255/32");
	f.less[f.nless++] = P("2001:db8:1:2::/64");
	assert_string_equal(which(&f, &w), "01100");
}

/*
 * The origin AS: the last ASN of a final AS_SEQUENCE, or any ASN of a
 * final AS_SET (RFC 6811 2's "origin" is undefined there; the filter
 * errs on the side of showing the route).  Withdrawals have no origin.
 */
static void
test_match_origin(void **state)
{
	struct record_filter f;
	struct world w;
	uint32_t as;

	(void)state;
	world_init(&w);
	memset(&f, 0, sizeof(f));
	f.origin[f.norigin++] = 65003;
	assert_true(filter_needs_prefix(&f));
	assert_string_equal(which(&f, &w), "10000");
	f.origin[0] = 65002;
	assert_string_equal(which(&f, &w), "00000");
	f.origin[0] = 65001;			/* first, not last */
	assert_string_equal(which(&f, &w), "00000");
	f.origin[0] = 64501;
	assert_string_equal(which(&f, &w), "01000");
	f.origin[0] = 64500;
	assert_string_equal(which(&f, &w), "01000");
	f.origin[0] = 65010;			/* before the AS_SET */
	assert_string_equal(which(&f, &w), "00000");
	f.origin[f.norigin++] = 65003;
	f.origin[f.norigin++] = 64500;
	assert_string_equal(which(&f, &w), "11000");

	/* as_path_origin() is the strict one: a final set has none. */
	assert_true(as_path_origin(&w.rib.a.as_path, &as));
	assert_int_equal(as, 65003);
	assert_false(as_path_origin(&w.ann.a.as_path, &as));

	/* A path ending in a confederation segment, and an empty path. */
	{
		static const uint32_t conf[] = { 64512 };

		rec_segment(&w.rib, AS_CONFED_SEQUENCE, conf, 1);
		f.norigin = 1;
		f.origin[0] = 64512;
		assert_string_equal(which(&f, &w), "00000");
		w.rib.a.as_path.nsegs = 0;
		w.rib.a.as_path.nasns = 0;
		assert_string_equal(which(&f, &w), "00000");
		assert_false(as_path_origin(&w.rib.a.as_path, &as));
		/* No AS_PATH at all. */
		w.ann.a.present = 0;
		f.origin[0] = 64500;
		assert_string_equal(which(&f, &w), "00000");
	}
}

static void
test_match_peer(void **state)
{
	struct record_filter f;
	struct world w;

	(void)state;
	world_init(&w);
	memset(&f, 0, sizeof(f));
	f.peer_as[f.npeer_as++] = 65001;
	/* Peer filters are not prefix filters: state records match. */
	assert_false(filter_needs_prefix(&f));
	assert_string_equal(which(&f, &w), "10110");
	f.peer_as[f.npeer_as++] = 65003;
	assert_string_equal(which(&f, &w), "10111");

	memset(&f, 0, sizeof(f));
	f.peer[f.npeer++] = A("192.0.2.1");
	assert_string_equal(which(&f, &w), "10110");
	f.peer[0] = A("2001:db8::2");
	assert_string_equal(which(&f, &w), "01000");
	/* The same bytes in the other family are another address. */
	f.peer[0] = A("::c000:201");
	assert_string_equal(which(&f, &w), "00000");
	f.peer[f.npeer++] = A("192.0.2.3");
	assert_string_equal(which(&f, &w), "00001");
}

/* Every kind of filter given must match: AND across kinds. */
static void
test_match_combined(void **state)
{
	struct record_filter f;
	struct world w;

	(void)state;
	world_init(&w);
	memset(&f, 0, sizeof(f));
	f.more[f.nmore++] = P("10.0.0.0/8");
	f.peer_as[f.npeer_as++] = 65001;
	assert_string_equal(which(&f, &w), "10100");
	assert_int_equal(parse_kinds("withdraw", &f.kinds, errbuf,
	    sizeof(errbuf)), 0);
	assert_string_equal(which(&f, &w), "00100");
	f.has_from = true;
	f.from = T;
	assert_string_equal(which(&f, &w), "00000");

	memset(&f, 0, sizeof(f));
	f.origin[f.norigin++] = 65003;
	f.peer_as[f.npeer_as++] = 65010;	/* the rib's peer is 65001 */
	assert_string_equal(which(&f, &w), "00000");
	f.peer_as[f.npeer_as++] = 65001;
	assert_string_equal(which(&f, &w), "10000");
	f.exact[f.nexact++] = P("10.1.0.0/16");
	f.less[f.nless++] = P("10.1.1.1/32");
	f.peer[f.npeer++] = A("192.0.2.1");
	f.has_until = true;
	f.until = T + 1;
	assert_string_equal(which(&f, &w), "10000");
	f.peer[0] = A("192.0.2.2");
	assert_string_equal(which(&f, &w), "00000");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_addr),
		cmocka_unit_test(test_parse_prefix),
		cmocka_unit_test(test_parse_asn),
		cmocka_unit_test(test_parse_asn_asdot_low_part),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_parse_time_impossible_date),
		cmocka_unit_test(test_parse_kinds),
		cmocka_unit_test(test_prefix_contains),
		cmocka_unit_test(test_match_all),
		cmocka_unit_test(test_match_kinds),
		cmocka_unit_test(test_match_time),
		cmocka_unit_test(test_match_exact),
		cmocka_unit_test(test_match_more_specific),
		cmocka_unit_test(test_match_less_specific),
		cmocka_unit_test(test_match_origin),
		cmocka_unit_test(test_match_peer),
		cmocka_unit_test(test_match_combined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
