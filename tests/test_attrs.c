/*
 * test_attrs.c -- BGP path attributes (parsers/bgp_attr.c) and NLRI
 * (parsers/bgp_msg.c), through attr_decode(), nlri_decode() and
 * prefix_decode() directly.
 *
 * Each attribute block is built byte by byte in the layout of RFC 4271
 * 4.3 (flags, type code, length of one octet or two, value), with the
 * value as the attribute's own RFC defines it.  Lengths an RFC fixes
 * must be exactly that; anything else makes the block SKIP_MALFORMED.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/bgp_decode.h"
#include "tests/mrt_build.h"

#define AS_TRANS	23456	/* RFC 6793 9 */

struct afx {
	struct attr_decoder	d;
	struct wbuf		b;
	struct decode_error	err;
	const struct bgp_attrs	*a;	/* &d.attrs */
};

static int
afx_setup(void **state)
{
	struct afx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->a = &f->d.attrs;
	*state = f;
	return 0;
}

static int
afx_teardown(void **state)
{
	struct afx *f = *state;

	attr_decoder_free(&f->d);
	wbuf_free(&f->b);
	free(f);
	return 0;
}

/*
 * Decode the block in f->b and start a new one.  On success the whole
 * block must have been consumed.
 */
static int
decode_ctx(struct afx *f, int asn_size, enum attr_context ctx)
{
	struct cursor c;
	int rc;

	memset(&f->err, 0, sizeof(f->err));
	f->err.reason = SKIP_NREASONS;
	cursor_init(&c, f->b.data, f->b.len);
	rc = attr_decode(&f->d, &c, asn_size, ctx, &f->err);
	if (rc == 0) {
		assert_int_equal(cursor_left(&c), 0);
		assert_int_equal(f->err.reason, SKIP_NREASONS);
	} else {
		assert_int_equal(rc, -1);
		assert_true(f->err.reason < SKIP_NREASONS);
		assert_true(f->err.detail[0] != '\0');
	}
	wbuf_reset(&f->b);
	return rc;
}

/* Most tests: an UPDATE of a 4-octet session. */
static int
decode4(struct afx *f)
{
	return decode_ctx(f, 4, ATTR_CTX_UPDATE);
}

static int
decode2(struct afx *f)
{
	return decode_ctx(f, 2, ATTR_CTX_UPDATE);
}

/* The block must be rejected as malformed. */
#define assert_malformed(f) do {					\
	assert_int_equal(decode4(f), -1);				\
	assert_int_equal((f)->err.reason, SKIP_MALFORMED);		\
} while (0)

static bool
has(const struct bgp_attrs *a, int type)
{
	return (a->present & ATTR_BIT(type)) != 0;
}

static const char *
atext(const struct ip_addr *a)
{
	static char ring[4][INET6_ADDRSTRLEN];
	static int next;
	char *buf = ring[next++ % 4];

	if (a->afi == AFI_IPV4)
		inet_ntop(AF_INET, a->bytes, buf, INET6_ADDRSTRLEN);
	else if (a->afi == AFI_IPV6)
		inet_ntop(AF_INET6, a->bytes, buf, INET6_ADDRSTRLEN);
	else
		snprintf(buf, INET6_ADDRSTRLEN, "(none)");
	return buf;
}

static const char *
ptext(const struct ip_prefix *p)
{
	static char ring[4][INET6_ADDRSTRLEN + 8];
	static int next;
	char *buf = ring[next++ % 4];

	snprintf(buf, INET6_ADDRSTRLEN + 8, "%s/%u", atext(&p->addr), p->len);
	return buf;
}

/* An AS path as flat text: "2:1,2 1:3,4" (type:asns per segment). */
static const char *
path_text(const struct as_path *p)
{
	static char buf[512];
	size_t pos = 0;
	uint32_t s, i;

	buf[0] = '\0';
	for (s = 0; s < p->nsegs; s++) {
		const struct as_segment *seg = &p->segs[s];

		assert_true(seg->first + seg->count <= p->nasns);
		pos += (size_t)snprintf(buf + pos, sizeof(buf) - pos, "%s%u:",
		    s > 0 ? " " : "", seg->type);
		for (i = 0; i < seg->count; i++)
			pos += (size_t)snprintf(buf + pos, sizeof(buf) - pos,
			    "%s%u", i > 0 ? "," : "", p->asns[seg->first + i]);
		assert_true(pos < sizeof(buf));
	}
	return buf;
}

/* An attribute with a fixed value of n octets. */
static void
put_attr(struct wbuf *b, uint8_t flags, uint8_t type, const void *v,
    size_t n)
{
	struct wmark m = attr_begin(b, flags, type);

	put_bytes(b, v, n);
	attr_end(b, m);
}

/* ------------------------------------------------------------------ */
/* RFC 4271 5.1 and 4.3: the well-known and common attributes          */

/* 4.3 (a): ORIGIN, one octet. */
static void
test_origin(void **state)
{
	struct afx *f = *state;
	uint8_t v;

	for (v = 0; v <= 2; v++) {
		attr_origin(&f->b, v);
		assert_int_equal(decode4(f), 0);
		assert_true(has(f->a, ATTR_ORIGIN));
		assert_int_equal(f->a->origin, v);
		assert_int_equal(f->a->present, ATTR_BIT(ATTR_ORIGIN));
	}
	put_attr(&f->b, FL_WELL_KNOWN, ATTR_ORIGIN, "", 0);
	assert_malformed(f);
	put_attr(&f->b, FL_WELL_KNOWN, ATTR_ORIGIN, "\0\0", 2);
	assert_malformed(f);
}

/* Nothing decoded leaves nothing present (no stale state either). */
static void
test_empty_block(void **state)
{
	struct afx *f = *state;
	static const uint32_t path[] = { 65001 };

	attr_origin(&f->b, 1);
	attr_as_path1(&f->b, ATTR_AS_PATH, 4, AS_SEQUENCE, path, 1);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->present, 0);
	assert_int_equal(f->a->as_path.nsegs, 0);
	assert_int_equal(f->a->as_path.nasns, 0);
	assert_int_equal(f->a->origin, 0);
}

/* 4.3 (b): AS_PATH segments of 2-octet ASNs (a 2-octet session). */
static void
test_as_path_2byte(void **state)
{
	struct afx *f = *state;
	static const uint32_t path[] = { 65001, 65535, 1 };

	attr_as_path1(&f->b, ATTR_AS_PATH, 2, AS_SEQUENCE, path, 3);
	assert_int_equal(decode2(f), 0);
	assert_true(has(f->a, ATTR_AS_PATH));
	assert_int_equal(f->a->as_path.nsegs, 1);
	assert_int_equal(f->a->as_path.nasns, 3);
	assert_string_equal(path_text(&f->a->as_path), "2:65001,65535,1");
	assert_false(f->a->as_path_merged);
}

/* RFC 6793 3: the same between NEW speakers, 4-octet ASNs. */
static void
test_as_path_4byte(void **state)
{
	struct afx *f = *state;
	static const uint32_t path[] = { 4200000001u, 65001, 0xffffffffu };

	attr_as_path1(&f->b, ATTR_AS_PATH, 4, AS_SEQUENCE, path, 3);
	assert_int_equal(decode4(f), 0);
	assert_string_equal(path_text(&f->a->as_path),
	    "2:4200000001,65001,4294967295");
}

/* AS_SET (RFC 4271), AS_CONFED_SEQUENCE and AS_CONFED_SET (RFC 5065 3). */
static void
test_as_path_segment_types(void **state)
{
	struct afx *f = *state;
	static const uint32_t seq[] = { 65001, 65002 }, set[] = { 3, 4, 5 },
	    cseq[] = { 64512 }, cset[] = { 64513, 64514 };
	struct wmark m = attr_begin(&f->b, FL_WELL_KNOWN, ATTR_AS_PATH);

	put_segment(&f->b, 4, AS_CONFED_SEQUENCE, cseq, 1);
	put_segment(&f->b, 4, AS_CONFED_SET, cset, 2);
	put_segment(&f->b, 4, AS_SEQUENCE, seq, 2);
	put_segment(&f->b, 4, AS_SET, set, 3);
	attr_end(&f->b, m);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->as_path.nsegs, 4);
	assert_int_equal(f->a->as_path.nasns, 8);
	assert_string_equal(path_text(&f->a->as_path),
	    "3:64512 4:64513,64514 2:65001,65002 1:3,4,5");
	assert_int_equal(f->a->as_path.segs[3].first, 5);

	/* An empty AS_PATH (iBGP, RFC 4271 5.1.2) is present and empty. */
	attr_as_path1(&f->b, ATTR_AS_PATH, 4, AS_SEQUENCE, NULL, 0);
	assert_int_equal(decode4(f), 0);
	assert_true(has(f->a, ATTR_AS_PATH));
	assert_int_equal(f->a->as_path.nsegs, 0);
}

static void
test_as_path_malformed(void **state)
{
	struct afx *f = *state;
	static const uint32_t two[] = { 1, 2 };
	struct wmark m;

	/* Segment types 0 and 5 are not defined. */
	attr_as_path1(&f->b, ATTR_AS_PATH, 4, 0, two, 2);
	assert_malformed(f);
	attr_as_path1(&f->b, ATTR_AS_PATH, 4, 5, two, 2);
	assert_malformed(f);

	/* A count of three with two ASNs. */
	m = attr_begin(&f->b, FL_WELL_KNOWN, ATTR_AS_PATH);
	put_u8(&f->b, AS_SEQUENCE);
	put_u8(&f->b, 3);
	put_n32(&f->b, 1);
	put_n32(&f->b, 2);
	attr_end(&f->b, m);
	assert_malformed(f);

	/* A segment header cut after its type. */
	m = attr_begin(&f->b, FL_WELL_KNOWN, ATTR_AS_PATH);
	put_segment(&f->b, 4, AS_SEQUENCE, two, 2);
	put_u8(&f->b, AS_SEQUENCE);
	attr_end(&f->b, m);
	assert_malformed(f);

	/* Three 2-octet ASNs read as 4-octet ones do not fit. */
	attr_as_path1(&f->b, ATTR_AS_PATH, 2, AS_SEQUENCE, two, 2);
	f->b.data[3] = 3;			/* count 3: 6 octets, not 12 */
	assert_malformed(f);
}

/* 4.3 (c): NEXT_HOP, an IPv4 address. */
static void
test_next_hop(void **state)
{
	struct afx *f = *state;

	attr_next_hop(&f->b, "192.0.2.1");
	assert_int_equal(decode4(f), 0);
	assert_string_equal(atext(&f->a->next_hop), "192.0.2.1");

	put_attr(&f->b, FL_WELL_KNOWN, ATTR_NEXT_HOP, "\xc0\0\x02\x01\0", 5);
	assert_malformed(f);
	/* An IPv6 address does not belong here (RFC 4760 does that). */
	{
		uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };

		put_attr(&f->b, FL_WELL_KNOWN, ATTR_NEXT_HOP, v6, 16);
		assert_malformed(f);
	}
}

/* 4.3 (d) and (e): MULTI_EXIT_DISC and LOCAL_PREF, four octets each. */
static void
test_med_local_pref(void **state)
{
	struct afx *f = *state;

	attr_u32(&f->b, FL_OPTIONAL, ATTR_MED, 0xfffffffeu);
	attr_u32(&f->b, FL_WELL_KNOWN, ATTR_LOCAL_PREF, 100);
	assert_int_equal(decode4(f), 0);
	assert_true(has(f->a, ATTR_MED) && has(f->a, ATTR_LOCAL_PREF));
	assert_true(f->a->med == 0xfffffffeu);
	assert_int_equal(f->a->local_pref, 100);

	put_attr(&f->b, FL_OPTIONAL, ATTR_MED, "\0\0\0", 3);
	assert_malformed(f);
	put_attr(&f->b, FL_WELL_KNOWN, ATTR_LOCAL_PREF, "\0\0\0\0\0", 5);
	assert_malformed(f);
}

/* 4.3 (f): ATOMIC_AGGREGATE, no value. */
static void
test_atomic_aggregate(void **state)
{
	struct afx *f = *state;

	put_attr(&f->b, FL_WELL_KNOWN, ATTR_ATOMIC_AGGREGATE, "", 0);
	assert_int_equal(decode4(f), 0);
	assert_true(has(f->a, ATTR_ATOMIC_AGGREGATE));

	put_attr(&f->b, FL_WELL_KNOWN, ATTR_ATOMIC_AGGREGATE, "\x01", 1);
	assert_malformed(f);
}

/*
 * 4.3 (g): AGGREGATOR, a 2-octet AS and an address; RFC 6793 3: a
 * 4-octet AS between NEW speakers.  The length tells which.
 */
static void
test_aggregator(void **state)
{
	struct afx *f = *state;
	struct wmark m;

	m = attr_begin(&f->b, FL_OPT_TRANS, ATTR_AGGREGATOR);
	put_n16(&f->b, 65001);
	put_ipv4(&f->b, "192.0.2.1");
	attr_end(&f->b, m);
	assert_int_equal(decode2(f), 0);
	assert_true(has(f->a, ATTR_AGGREGATOR));
	assert_int_equal(f->a->aggregator_as, 65001);
	assert_false(f->a->aggregator_as4);
	assert_string_equal(atext(&f->a->aggregator_addr), "192.0.2.1");

	m = attr_begin(&f->b, FL_OPT_TRANS, ATTR_AGGREGATOR);
	put_n32(&f->b, 4200000001u);
	put_ipv4(&f->b, "198.51.100.1");
	attr_end(&f->b, m);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->aggregator_as, 4200000001u);
	assert_true(f->a->aggregator_as4);
	assert_string_equal(atext(&f->a->aggregator_addr), "198.51.100.1");

	/* Eight octets in a 2-octet context (OpenBGPD's TABLE_DUMP). */
	m = attr_begin(&f->b, FL_OPT_TRANS, ATTR_AGGREGATOR);
	put_n32(&f->b, 4200000002u);
	put_ipv4(&f->b, "198.51.100.2");
	attr_end(&f->b, m);
	assert_int_equal(decode2(f), 0);
	assert_int_equal(f->a->aggregator_as, 4200000002u);

	put_attr(&f->b, FL_OPT_TRANS, ATTR_AGGREGATOR, "\0\x01\xc0\0\x02", 5);
	assert_malformed(f);
	put_attr(&f->b, FL_OPT_TRANS, ATTR_AGGREGATOR, "\0\0\0\x01\xc0\0\x02",
	    7);
	assert_malformed(f);
}

/* RFC 1997: COMMUNITIES, four octets each, kept in place. */
static void
test_communities(void **state)
{
	struct afx *f = *state;
	struct wmark m = attr_begin(&f->b, FL_OPT_TRANS, ATTR_COMMUNITIES);
	size_t at = f->b.len;
	const uint8_t *data;

	put_n16(&f->b, 65001), put_n16(&f->b, 100);
	put_n32(&f->b, 0xffffff01u);		/* NO_EXPORT */
	put_n16(&f->b, 0), put_n16(&f->b, 0);
	attr_end(&f->b, m);
	data = f->b.data;
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->ncommunities, 3);
	/* Not copied: the decoder points at the record's own bytes. */
	assert_ptr_equal(f->a->communities, data + at);
	assert_memory_equal(f->a->communities + 4, "\xff\xff\xff\x01", 4);

	put_attr(&f->b, FL_OPT_TRANS, ATTR_COMMUNITIES, "", 0);
	assert_int_equal(decode4(f), 0);
	assert_true(has(f->a, ATTR_COMMUNITIES));
	assert_int_equal(f->a->ncommunities, 0);

	put_attr(&f->b, FL_OPT_TRANS, ATTR_COMMUNITIES, "\0\0\0\0\0\0", 6);
	assert_malformed(f);
}

/* RFC 4456 8: ORIGINATOR_ID (four octets) and CLUSTER_LIST (4 each). */
static void
test_route_reflection(void **state)
{
	struct afx *f = *state;
	struct wmark m;

	m = attr_begin(&f->b, FL_OPTIONAL, ATTR_ORIGINATOR_ID);
	put_ipv4(&f->b, "10.255.0.1");
	attr_end(&f->b, m);
	m = attr_begin(&f->b, FL_OPTIONAL, ATTR_CLUSTER_LIST);
	put_ipv4(&f->b, "10.255.0.2");
	put_ipv4(&f->b, "10.255.0.3");
	attr_end(&f->b, m);
	assert_int_equal(decode4(f), 0);
	assert_string_equal(atext(&f->a->originator_id), "10.255.0.1");
	assert_int_equal(f->a->ncluster_list, 2);
	assert_memory_equal(f->a->cluster_list + 4, "\x0a\xff\x00\x03", 4);

	put_attr(&f->b, FL_OPTIONAL, ATTR_ORIGINATOR_ID, "\x0a\xff\0", 3);
	assert_malformed(f);
	put_attr(&f->b, FL_OPTIONAL, ATTR_CLUSTER_LIST, "\x0a\xff\0\x01\0", 5);
	assert_malformed(f);
}

/* RFC 4360: EXTENDED_COMMUNITIES, eight octets each. */
static void
test_ext_communities(void **state)
{
	struct afx *f = *state;
	struct wmark m = attr_begin(&f->b, FL_OPT_TRANS, ATTR_EXT_COMMUNITIES);

	/* Route target 65001:100, then a 4-octet-AS one (RFC 5668). */
	put_u8(&f->b, 0x00), put_u8(&f->b, 0x02);
	put_n16(&f->b, 65001), put_n32(&f->b, 100);
	put_u8(&f->b, 0x02), put_u8(&f->b, 0x02);
	put_n32(&f->b, 4200000001u), put_n16(&f->b, 7);
	attr_end(&f->b, m);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->next_communities, 2);
	assert_memory_equal(f->a->ext_communities + 8,
	    "\x02\x02\xfa\x56\xea\x01\x00\x07", 8);

	put_attr(&f->b, FL_OPT_TRANS, ATTR_EXT_COMMUNITIES,
	    "\0\0\0\0\0\0\0\0\0", 9);
	assert_malformed(f);
}

/* RFC 8092: LARGE_COMMUNITY, twelve octets each. */
static void
test_large_communities(void **state)
{
	struct afx *f = *state;
	struct wmark m = attr_begin(&f->b, FL_OPT_TRANS,
	    ATTR_LARGE_COMMUNITIES);

	put_n32(&f->b, 4200000001u), put_n32(&f->b, 1), put_n32(&f->b, 2);
	put_n32(&f->b, 65001), put_n32(&f->b, 0), put_n32(&f->b, 0xffffffffu);
	attr_end(&f->b, m);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->nlarge_communities, 2);
	assert_memory_equal(f->a->large_communities + 12,
	    "\0\0\xfd\xe9\0\0\0\0\xff\xff\xff\xff", 12);

	m = attr_begin(&f->b, FL_OPT_TRANS, ATTR_LARGE_COMMUNITIES);
	put_fill(&f->b, 0, 13);
	attr_end(&f->b, m);
	assert_malformed(f);
}

/* RFC 9234 5: Only to Customer, a 4-octet AS. */
static void
test_otc(void **state)
{
	struct afx *f = *state;

	attr_u32(&f->b, FL_OPT_TRANS, ATTR_OTC, 4200000001u);
	assert_int_equal(decode4(f), 0);
	assert_true(has(f->a, ATTR_OTC));
	assert_int_equal(f->a->otc, 4200000001u);

	put_attr(&f->b, FL_OPT_TRANS, ATTR_OTC, "\0\0\x01", 3);
	assert_malformed(f);
}

/*
 * Attributes this decoder has no use for are kept raw: flags, type,
 * length and the value bytes in place.
 */
static void
test_unknown_attributes(void **state)
{
	struct afx *f = *state;
	struct wmark m;
	size_t at1, at2;
	const uint8_t *data;
	uint8_t big[300];

	put_attr(&f->b, FL_OPT_TRANS | FL_PARTIAL, 99, "abc", 3);
	at1 = f->b.len - 3;
	memset(big, 0x5a, sizeof(big));
	m = attr_begin(&f->b, FL_OPTIONAL | FL_EXTLEN, 40);
	at2 = f->b.len;
	put_bytes(&f->b, big, sizeof(big));
	attr_end(&f->b, m);
	put_attr(&f->b, FL_OPTIONAL, 255, "", 0);
	attr_origin(&f->b, 2);
	data = f->b.data;
	assert_int_equal(decode4(f), 0);

	assert_int_equal(f->a->nunknown, 3);
	assert_int_equal(f->a->unknown[0].flags, 0xe0);
	assert_int_equal(f->a->unknown[0].type, 99);
	assert_int_equal(f->a->unknown[0].len, 3);
	assert_ptr_equal(f->a->unknown[0].data, data + at1);
	assert_int_equal(f->a->unknown[1].flags, 0x90);
	assert_int_equal(f->a->unknown[1].type, 40);
	assert_int_equal(f->a->unknown[1].len, 300);
	assert_ptr_equal(f->a->unknown[1].data, data + at2);
	assert_int_equal(f->a->unknown[2].type, 255);
	assert_int_equal(f->a->unknown[2].len, 0);
	/* Known ones around them are still decoded. */
	assert_int_equal(f->a->origin, 2);
	/* Type codes below 64 have a present bit; 99 and 255 do not. */
	assert_true(has(f->a, 40));
	assert_int_equal(f->a->present,
	    ATTR_BIT(40) | ATTR_BIT(ATTR_ORIGIN));

	/* Many unknown attributes: the array grows. */
	{
		int i;

		for (i = 0; i < 100; i++)
			put_attr(&f->b, FL_OPT_TRANS, (uint8_t)(100 + i), "x",
			    1);
		assert_int_equal(decode4(f), 0);
		assert_int_equal(f->a->nunknown, 100);
		assert_int_equal(f->a->unknown[99].type, 199);
	}
}

/* RFC 4271 4.3: the Extended Length bit gives a 2-octet length. */
static void
test_extended_length(void **state)
{
	struct afx *f = *state;
	struct wmark m;
	uint16_t i;

	m = attr_begin(&f->b, FL_WELL_KNOWN | FL_EXTLEN, ATTR_ORIGIN);
	put_u8(&f->b, 1);
	attr_end(&f->b, m);
	assert_int_equal(f->b.len, 5);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->origin, 1);

	/* 300 communities: 1200 octets, more than one length octet holds. */
	m = attr_begin(&f->b, FL_OPT_TRANS | FL_EXTLEN, ATTR_COMMUNITIES);
	for (i = 0; i < 300; i++)
		put_n32(&f->b, (uint32_t)65001 << 16 | i);
	attr_end(&f->b, m);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->ncommunities, 300);
	assert_memory_equal(f->a->communities + 4 * 299, "\xfd\xe9\x01\x2b",
	    4);

	/* The second length octet missing. */
	put_u8(&f->b, FL_WELL_KNOWN | FL_EXTLEN);
	put_u8(&f->b, ATTR_ORIGIN);
	put_u8(&f->b, 0);
	assert_malformed(f);
}

/* An attribute longer than what is left of the block. */
static void
test_attr_overrun(void **state)
{
	struct afx *f = *state;

	attr_origin(&f->b, 0);
	put_u8(&f->b, FL_WELL_KNOWN);
	put_u8(&f->b, ATTR_NEXT_HOP);
	put_u8(&f->b, 4);
	put_bytes(&f->b, "\xc0\0\x02", 3);
	assert_malformed(f);

	/* Extended length: 0x0100 octets announced, 10 present. */
	put_u8(&f->b, FL_OPT_TRANS | FL_EXTLEN);
	put_u8(&f->b, ATTR_COMMUNITIES);
	put_n16(&f->b, 0x100);
	put_fill(&f->b, 0, 10);
	assert_malformed(f);

	/* A block ending after the flags octet. */
	attr_origin(&f->b, 0);
	put_u8(&f->b, FL_WELL_KNOWN);
	assert_malformed(f);

	/* ...or after the type code. */
	put_u8(&f->b, FL_WELL_KNOWN);
	put_u8(&f->b, ATTR_ORIGIN);
	assert_malformed(f);
}

/*
 * RFC 7606 3 (g): of an attribute that appears more than once, the first
 * counts and the others are discarded -- even malformed ones -- but more
 * than one MP_REACH_NLRI or MP_UNREACH_NLRI is an error.
 */
static void
test_repeated_attribute(void **state)
{
	struct afx *f = *state;
	static const uint32_t p1[] = { 65001 }, p2[] = { 65002, 65003 };
	struct wmark m;

	attr_origin(&f->b, 0);
	attr_as_path1(&f->b, ATTR_AS_PATH, 4, AS_SEQUENCE, p1, 1);
	attr_origin(&f->b, 1);
	attr_as_path1(&f->b, ATTR_AS_PATH, 4, AS_SEQUENCE, p2, 2);
	put_attr(&f->b, FL_WELL_KNOWN, ATTR_ORIGIN, "\x02\x02", 2);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->a->origin, 0);
	assert_string_equal(path_text(&f->a->as_path), "2:65001");

	m = attr_mp_reach_begin(&f->b, AFI_IPV6, SAFI_UNICAST, "2001:db8::1",
	    NULL);
	attr_end(&f->b, m);
	m = attr_mp_reach_begin(&f->b, AFI_IPV6, SAFI_UNICAST, "2001:db8::2",
	    NULL);
	attr_end(&f->b, m);
	assert_malformed(f);

	m = attr_mp_unreach_begin(&f->b, AFI_IPV6, SAFI_UNICAST);
	attr_end(&f->b, m);
	m = attr_mp_unreach_begin(&f->b, AFI_IPV4, SAFI_MULTICAST);
	attr_end(&f->b, m);
	assert_malformed(f);
}

/* ------------------------------------------------------------------ */
/* RFC 4760: MP_REACH_NLRI and MP_UNREACH_NLRI                         */

/* The NLRI the decoder set aside, decoded as the UPDATE decoder would. */
static void
mp_nlri(struct cursor nlri, uint16_t afi, uint8_t safi, uint8_t kind,
    struct nlri_list *list)
{
	struct decode_error err;

	list->n = 0;
	assert_int_equal(nlri_decode(&nlri, afi, safi, false, kind, true, list,
	    &err), 0);
}

/* 3: AFI, SAFI, next hop length and next hop, reserved, NLRI. */
static void
test_mp_reach(void **state)
{
	struct afx *f = *state;
	static const struct {
		uint16_t	 afi;
		uint8_t		 safi;
		const char	*nh, *nh2;
		const char	*prefix;
	} cases[] = {
		{ AFI_IPV4, SAFI_UNICAST, "192.0.2.1", NULL, "10.0.0.0/8" },
		{ AFI_IPV4, SAFI_MULTICAST, "192.0.2.2", NULL,
		    "198.51.100.0/24" },
		{ AFI_IPV6, SAFI_UNICAST, "2001:db8::1", NULL,
		    "2001:db8:1::/48" },
		{ AFI_IPV6, SAFI_UNICAST, "2001:db8::1", "fe80::1",
		    "2001:db8:2::/48" },
		{ AFI_IPV6, SAFI_MULTICAST, "2001:db8::3", NULL, "ff0e::/16" },
	};
	struct nlri_list list = { NULL, 0, 0 };
	struct wmark m;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = attr_mp_reach_begin(&f->b, cases[i].afi, cases[i].safi,
		    cases[i].nh, cases[i].nh2);
		put_prefix(&f->b, cases[i].prefix);
		put_prefix(&f->b, cases[i].afi == AFI_IPV4 ? "0.0.0.0/0" :
		    "::/0");
		attr_end(&f->b, m);
		assert_int_equal(decode4(f), 0);
		assert_true(has(f->a, ATTR_MP_REACH_NLRI));
		assert_true(f->d.has_mp_reach);
		assert_true(f->d.mp_reach_supported);
		assert_false(f->a->mp_abbreviated);
		assert_int_equal(f->a->mp_afi, cases[i].afi);
		assert_int_equal(f->a->mp_safi, cases[i].safi);
		assert_int_equal(f->a->mp_nexthop_len, cases[i].afi ==
		    AFI_IPV4 ? 4 : cases[i].nh2 != NULL ? 32 : 16);
		assert_string_equal(atext(&f->a->mp_nexthop), cases[i].nh);
		if (cases[i].nh2 != NULL)
			assert_string_equal(atext(&f->a->mp_nexthop_local),
			    cases[i].nh2);
		else
			assert_int_equal(f->a->mp_nexthop_local.afi, 0);

		mp_nlri(f->d.mp_reach_nlri, cases[i].afi, cases[i].safi,
		    BGP_KIND_ANNOUNCE, &list);
		assert_int_equal(list.n, 2);
		assert_string_equal(ptext(&list.items[0].prefix),
		    cases[i].prefix);
		assert_int_equal(list.items[1].prefix.len, 0);
		assert_int_equal(list.items[0].safi, cases[i].safi);
		assert_true(list.items[0].mp);
	}
	free(list.items);
}

/* 4: AFI, SAFI, withdrawn routes. */
static void
test_mp_unreach(void **state)
{
	struct afx *f = *state;
	struct nlri_list list = { NULL, 0, 0 };
	struct wmark m;

	m = attr_mp_unreach_begin(&f->b, AFI_IPV6, SAFI_MULTICAST);
	put_prefix(&f->b, "2001:db8:dead::/48");
	put_prefix(&f->b, "2001:db8:beef:1::/64");
	attr_end(&f->b, m);
	assert_int_equal(decode4(f), 0);
	assert_true(f->d.has_mp_unreach);
	assert_true(f->d.mp_unreach_supported);
	assert_int_equal(f->d.mp_unreach_afi, AFI_IPV6);
	assert_int_equal(f->d.mp_unreach_safi, SAFI_MULTICAST);
	mp_nlri(f->d.mp_unreach_nlri, AFI_IPV6, SAFI_MULTICAST,
	    BGP_KIND_WITHDRAW, &list);
	assert_int_equal(list.n, 2);
	assert_string_equal(ptext(&list.items[1].prefix),
	    "2001:db8:beef:1::/64");
	assert_int_equal(list.items[1].kind, BGP_KIND_WITHDRAW);

	m = attr_mp_unreach_begin(&f->b, AFI_IPV4, SAFI_UNICAST);
	put_prefix(&f->b, "10.0.0.0/8");
	attr_end(&f->b, m);
	assert_int_equal(decode4(f), 0);
	mp_nlri(f->d.mp_unreach_nlri, AFI_IPV4, SAFI_UNICAST,
	    BGP_KIND_WITHDRAW, &list);
	assert_int_equal(list.n, 1);
	assert_string_equal(ptext(&list.items[0].prefix), "10.0.0.0/8");
	free(list.items);
}

/*
 * RFC 6396 4.3.4: in a RIB entry MP_REACH_NLRI may be only the next hop
 * length and next hop; writers also use the full form there.  In an
 * UPDATE only the full form exists.
 */
static void
test_mp_reach_rib_forms(void **state)
{
	struct afx *f = *state;
	struct wmark m, nl;

	m = attr_begin(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
	nl = wbuf_mark(&f->b, 1);
	put_ipv6(&f->b, "2001:db8::1");
	put_ipv6(&f->b, "fe80::1");
	wbuf_patch(&f->b, nl);
	attr_end(&f->b, m);
	assert_int_equal(decode_ctx(f, 4, ATTR_CTX_RIB), 0);
	assert_true(f->a->mp_abbreviated);
	assert_int_equal(f->a->mp_nexthop_len, 32);
	assert_string_equal(atext(&f->a->mp_nexthop), "2001:db8::1");
	assert_string_equal(atext(&f->a->mp_nexthop_local), "fe80::1");

	m = attr_begin(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
	nl = wbuf_mark(&f->b, 1);
	put_ipv4(&f->b, "192.0.2.7");
	wbuf_patch(&f->b, nl);
	attr_end(&f->b, m);
	assert_int_equal(decode_ctx(f, 4, ATTR_CTX_RIB), 0);
	assert_true(f->a->mp_abbreviated);
	assert_int_equal(f->a->mp_nexthop_len, 4);
	assert_string_equal(atext(&f->a->mp_nexthop), "192.0.2.7");

	m = attr_mp_reach_begin(&f->b, AFI_IPV6, SAFI_UNICAST, "2001:db8::9",
	    NULL);
	attr_end(&f->b, m);
	assert_int_equal(decode_ctx(f, 4, ATTR_CTX_RIB), 0);
	assert_false(f->a->mp_abbreviated);
	assert_int_equal(f->a->mp_afi, AFI_IPV6);
	assert_string_equal(atext(&f->a->mp_nexthop), "2001:db8::9");

	/* An abbreviated next hop cut short. */
	m = attr_begin(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
	put_u8(&f->b, 16);
	put_fill(&f->b, 0x20, 8);
	attr_end(&f->b, m);
	assert_int_equal(decode_ctx(f, 4, ATTR_CTX_RIB), -1);
	assert_int_equal(f->err.reason, SKIP_MALFORMED);
}

static void
test_mp_malformed(void **state)
{
	struct afx *f = *state;
	struct wmark m, nl;

	/* Shorter than AFI and SAFI. */
	put_attr(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI, "\0\x02", 2);
	assert_malformed(f);
	put_attr(&f->b, FL_OPTIONAL, ATTR_MP_UNREACH_NLRI, "\0\x02", 2);
	assert_malformed(f);

	/* A next hop length beyond the attribute. */
	m = attr_begin(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
	put_n16(&f->b, AFI_IPV6);
	put_u8(&f->b, SAFI_UNICAST);
	put_u8(&f->b, 32);
	put_fill(&f->b, 0x20, 16);
	attr_end(&f->b, m);
	assert_malformed(f);

	/* No reserved octet after the next hop. */
	m = attr_begin(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
	put_n16(&f->b, AFI_IPV6);
	put_u8(&f->b, SAFI_UNICAST);
	nl = wbuf_mark(&f->b, 1);
	put_ipv6(&f->b, "2001:db8::1");
	wbuf_patch(&f->b, nl);
	attr_end(&f->b, m);
	assert_malformed(f);
}

/*
 * Families other than IPv4/IPv6 unicast/multicast (RFC 4364 VPNv4,
 * RFC 4761 L2VPN, ...) are valid and set aside, counted, not errors.
 */
static void
test_mp_unsupported(void **state)
{
	struct afx *f = *state;
	struct wmark m, nl;

	m = attr_begin(&f->b, FL_OPTIONAL | FL_EXTLEN, ATTR_MP_REACH_NLRI);
	put_n16(&f->b, AFI_IPV4);
	put_u8(&f->b, 128);
	nl = wbuf_mark(&f->b, 1);
	put_fill(&f->b, 0, 8);
	put_ipv4(&f->b, "192.0.2.1");
	wbuf_patch(&f->b, nl);
	put_u8(&f->b, 0);
	put_u8(&f->b, 112);
	put_fill(&f->b, 0x33, 14);
	attr_end(&f->b, m);
	m = attr_mp_unreach_begin(&f->b, 25, 65);	/* L2VPN VPLS */
	put_fill(&f->b, 0x44, 9);
	attr_end(&f->b, m);
	attr_origin(&f->b, 0);
	assert_int_equal(decode4(f), 0);
	assert_true(f->d.has_mp_reach);
	assert_false(f->d.mp_reach_supported);
	assert_true(f->d.has_mp_unreach);
	assert_false(f->d.mp_unreach_supported);
	assert_int_equal(f->d.unsupported_afi, 2);
	assert_true(f->d.unsupported_detail[0] != '\0');
	assert_int_equal(f->a->mp_afi, AFI_IPV4);
	assert_int_equal(f->a->mp_safi, 128);
	assert_true(has(f->a, ATTR_ORIGIN));

	/* The count starts over with each block. */
	attr_origin(&f->b, 0);
	assert_int_equal(decode4(f), 0);
	assert_int_equal(f->d.unsupported_afi, 0);
	assert_false(f->d.has_mp_reach || f->d.has_mp_unreach);
}

/* ------------------------------------------------------------------ */
/* RFC 6793 4.2.3: AS4_PATH and AS4_AGGREGATOR from an OLD speaker     */

static void
put_as4_aggregator(struct wbuf *b, uint32_t as, const char *ip)
{
	struct wmark m = attr_begin(b, FL_OPT_TRANS, ATTR_AS4_AGGREGATOR);

	put_n32(b, as);
	put_ipv4(b, ip);
	attr_end(b, m);
}

static void
put_aggregator2(struct wbuf *b, uint16_t as, const char *ip)
{
	struct wmark m = attr_begin(b, FL_OPT_TRANS, ATTR_AGGREGATOR);

	put_n16(b, as);
	put_ipv4(b, ip);
	attr_end(b, m);
}

/*
 * AS_PATH has more ASNs than AS4_PATH: the leading ones come from
 * AS_PATH, the rest from AS4_PATH.
 */
static void
test_as4_path_merge(void **state)
{
	struct afx *f = *state;
	static const uint32_t path[] = { 65001, 65002, AS_TRANS, AS_TRANS };
	static const uint32_t path4[] = { 4200000001u, 4200000002u };
	uint32_t i;

	attr_as_path1(&f->b, ATTR_AS_PATH, 2, AS_SEQUENCE, path, 4);
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE, path4, 2);
	assert_int_equal(decode2(f), 0);
	assert_true(f->a->as_path_merged);
	assert_int_equal(f->a->as_path.nasns, 4);
	{
		static const uint32_t want[] = { 65001, 65002, 4200000001u,
		    4200000002u };

		for (i = 0; i < 4; i++)
			assert_int_equal(f->a->as_path.asns[i], want[i]);
	}
	for (i = 0; i < f->a->as_path.nsegs; i++)
		assert_int_equal(f->a->as_path.segs[i].type, AS_SEQUENCE);
	assert_true(has(f->a, ATTR_AS4_PATH));

	/* Of equal length: AS4_PATH is the path. */
	attr_as_path1(&f->b, ATTR_AS_PATH, 2, AS_SEQUENCE, path + 2, 2);
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE, path4, 2);
	assert_int_equal(decode2(f), 0);
	assert_true(f->a->as_path_merged);
	assert_string_equal(path_text(&f->a->as_path),
	    "2:4200000001,4200000002");
}

/* An AS_SET counts as one ASN (RFC 6793 4.2.3, RFC 4271 9.1.2.2). */
static void
test_as4_path_merge_set(void **state)
{
	struct afx *f = *state;
	static const uint32_t seq[] = { 65001, 65002, AS_TRANS },
	    set[] = { AS_TRANS, 65003 }, seq4[] = { 4200000001u },
	    set4[] = { 4200000002u, 65003 }, confed[] = { 64512 };
	struct wmark m;

	/* AS_PATH: (64512) 65001 65002 23456 {23456,65003}: length 4. */
	m = attr_begin(&f->b, FL_WELL_KNOWN, ATTR_AS_PATH);
	put_segment(&f->b, 2, AS_CONFED_SEQUENCE, confed, 1);
	put_segment(&f->b, 2, AS_SEQUENCE, seq, 3);
	put_segment(&f->b, 2, AS_SET, set, 2);
	attr_end(&f->b, m);
	/* AS4_PATH: 4200000001 {4200000002,65003}: length 2. */
	m = attr_begin(&f->b, FL_OPT_TRANS, ATTR_AS4_PATH);
	put_segment(&f->b, 4, AS_SEQUENCE, seq4, 1);
	put_segment(&f->b, 4, AS_SET, set4, 2);
	attr_end(&f->b, m);
	assert_int_equal(decode2(f), 0);
	assert_true(f->a->as_path_merged);
	/* Confederation segments do not count (RFC 6793 4.2.3 note). */
	assert_string_equal(path_text(&f->a->as_path),
	    "3:64512 2:65001,65002 2:4200000001 1:4200000002,65003");

	/*
	 * A set in AS_PATH only: 65001 23456 {65010,65011} is 3 long, not
	 * 4, so one leading ASN comes before the two of AS4_PATH.
	 */
	m = attr_begin(&f->b, FL_WELL_KNOWN, ATTR_AS_PATH);
	put_segment(&f->b, 2, AS_SEQUENCE, (const uint32_t[]){ 65001,
	    AS_TRANS }, 2);
	put_segment(&f->b, 2, AS_SET, (const uint32_t[]){ 65010, 65011 }, 2);
	attr_end(&f->b, m);
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE,
	    (const uint32_t[]){ 4200000001u, 65010 }, 2);
	assert_int_equal(decode2(f), 0);
	assert_true(f->a->as_path_merged);
	assert_string_equal(path_text(&f->a->as_path),
	    "2:65001 2:4200000001,65010");
}

/* AS4_PATH longer than AS_PATH cannot be right: it is ignored. */
static void
test_as4_path_longer_ignored(void **state)
{
	struct afx *f = *state;
	static const uint32_t path[] = { 65001, AS_TRANS };
	static const uint32_t path4[] = { 1, 2, 3 };

	attr_as_path1(&f->b, ATTR_AS_PATH, 2, AS_SEQUENCE, path, 2);
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE, path4, 3);
	assert_int_equal(decode2(f), 0);
	assert_false(f->a->as_path_merged);
	assert_string_equal(path_text(&f->a->as_path), "2:65001,23456");

	/* And AS4_PATH without AS_PATH has nothing to merge into. */
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE, path4, 3);
	assert_int_equal(decode2(f), 0);
	assert_false(f->a->as_path_merged);
	assert_false(has(f->a, ATTR_AS_PATH));
	assert_int_equal(f->a->as_path.nasns, 0);
}

/* AGGREGATOR naming AS_TRANS is replaced by AS4_AGGREGATOR. */
static void
test_as4_aggregator(void **state)
{
	struct afx *f = *state;
	static const uint32_t path[] = { 65001, AS_TRANS };
	static const uint32_t path4[] = { 4200000009u };

	put_aggregator2(&f->b, AS_TRANS, "192.0.2.1");
	attr_as_path1(&f->b, ATTR_AS_PATH, 2, AS_SEQUENCE, path, 2);
	put_as4_aggregator(&f->b, 4200000009u, "198.51.100.9");
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE, path4, 1);
	assert_int_equal(decode2(f), 0);
	assert_int_equal(f->a->aggregator_as, 4200000009u);
	assert_string_equal(atext(&f->a->aggregator_addr), "198.51.100.9");
	assert_true(f->a->as_path_merged);
	assert_string_equal(path_text(&f->a->as_path),
	    "2:65001 2:4200000009");
}

/*
 * AGGREGATOR naming another AS: an OLD speaker aggregated after the NEW
 * one, and both AS4_ attributes are stale (RFC 6793 4.2.3).
 */
static void
test_as4_aggregator_not_trans(void **state)
{
	struct afx *f = *state;
	static const uint32_t path[] = { 65001, AS_TRANS };
	static const uint32_t path4[] = { 4200000009u };

	put_aggregator2(&f->b, 65005, "192.0.2.5");
	attr_as_path1(&f->b, ATTR_AS_PATH, 2, AS_SEQUENCE, path, 2);
	put_as4_aggregator(&f->b, 4200000009u, "198.51.100.9");
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE, path4, 1);
	assert_int_equal(decode2(f), 0);
	assert_int_equal(f->a->aggregator_as, 65005);
	assert_string_equal(atext(&f->a->aggregator_addr), "192.0.2.5");
	assert_false(f->a->as_path_merged);
	assert_string_equal(path_text(&f->a->as_path), "2:65001,23456");

	/* AS4_AGGREGATOR without AGGREGATOR: AS4_PATH still merges. */
	attr_as_path1(&f->b, ATTR_AS_PATH, 2, AS_SEQUENCE, path, 2);
	put_as4_aggregator(&f->b, 4200000009u, "198.51.100.9");
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE, path4, 1);
	assert_int_equal(decode2(f), 0);
	assert_false(has(f->a, ATTR_AGGREGATOR));
	assert_true(f->a->as_path_merged);
}

/* Between NEW speakers the AS4_ attributes mean nothing (RFC 6793 3). */
static void
test_as4_in_4byte_context(void **state)
{
	struct afx *f = *state;
	static const uint32_t path[] = { 65001, AS_TRANS };
	static const uint32_t path4[] = { 4200000009u };
	struct wmark m;

	m = attr_begin(&f->b, FL_OPT_TRANS, ATTR_AGGREGATOR);
	put_n32(&f->b, AS_TRANS);
	put_ipv4(&f->b, "192.0.2.1");
	attr_end(&f->b, m);
	attr_as_path1(&f->b, ATTR_AS_PATH, 4, AS_SEQUENCE, path, 2);
	put_as4_aggregator(&f->b, 4200000009u, "198.51.100.9");
	attr_as_path1(&f->b, ATTR_AS4_PATH, 4, AS_SEQUENCE, path4, 1);
	assert_int_equal(decode4(f), 0);
	assert_false(f->a->as_path_merged);
	assert_string_equal(path_text(&f->a->as_path), "2:65001,23456");
	assert_int_equal(f->a->aggregator_as, AS_TRANS);
	assert_string_equal(atext(&f->a->aggregator_addr), "192.0.2.1");
	assert_true(has(f->a, ATTR_AS4_PATH));

	/* A malformed AS4_AGGREGATOR is an error all the same. */
	put_attr(&f->b, FL_OPT_TRANS, ATTR_AS4_AGGREGATOR, "\0\0\0\x01\0\0",
	    6);
	assert_malformed(f);
	/* ...as is a malformed AS4_PATH (2-octet ASNs where 4 belong). */
	attr_as_path1(&f->b, ATTR_AS4_PATH, 2, AS_SEQUENCE, path, 2);
	assert_malformed(f);
}

/* ------------------------------------------------------------------ */
/* NLRI, RFC 4271 4.3 and RFC 7911 3                                   */

static int
prefix_from(const uint8_t *p, size_t n, uint16_t afi, struct ip_prefix *out,
    size_t *used)
{
	struct cursor c;
	struct decode_error err;
	int rc;

	cursor_init(&c, p, n);
	rc = prefix_decode(&c, afi, out, &err);
	*used = cursor_pos(&c);
	if (rc == -1)
		assert_int_equal(err.reason, SKIP_MALFORMED);
	return rc;
}

static void
test_prefix_decode(void **state)
{
	struct ip_prefix p;
	size_t used;
	uint8_t v6[18];

	(void)state;
	/* Length, then ceil(length / 8) octets. */
	assert_int_equal(prefix_from((const uint8_t *)"\x00\xff", 2, AFI_IPV4,
	    &p, &used), 0);
	assert_int_equal(used, 1);
	assert_string_equal(ptext(&p), "0.0.0.0/0");
	assert_int_equal(prefix_from((const uint8_t *)"\x20\xc0\x00\x02\x01",
	    5, AFI_IPV4, &p, &used), 0);
	assert_string_equal(ptext(&p), "192.0.2.1/32");
	assert_int_equal(prefix_from((const uint8_t *)"\x09\x0a\x80", 3,
	    AFI_IPV4, &p, &used), 0);
	assert_int_equal(used, 3);
	assert_string_equal(ptext(&p), "10.128.0.0/9");
	/* Host bits are kept as they came: masking is the caller's. */
	assert_int_equal(prefix_from((const uint8_t *)"\x17\x0a\x00\x01", 4,
	    AFI_IPV4, &p, &used), 0);
	assert_string_equal(ptext(&p), "10.0.1.0/23");

	/* Too long for the family; too short for its length; nothing. */
	assert_int_equal(prefix_from((const uint8_t *)"\x21\x0a\0\0\0\0", 6,
	    AFI_IPV4, &p, &used), -1);
	assert_int_equal(prefix_from((const uint8_t *)"\x18\x0a\0", 3,
	    AFI_IPV4, &p, &used), -1);
	assert_int_equal(prefix_from((const uint8_t *)"", 0, AFI_IPV4, &p,
	    &used), -1);

	memset(v6, 0x20, sizeof(v6));
	v6[0] = 128;
	assert_int_equal(prefix_from(v6, 17, AFI_IPV6, &p, &used), 0);
	assert_int_equal(used, 17);
	assert_int_equal(p.len, 128);
	assert_int_equal(p.addr.afi, AFI_IPV6);
	v6[0] = 129;
	assert_int_equal(prefix_from(v6, 18, AFI_IPV6, &p, &used), -1);
	v6[0] = 33;				/* fine for IPv6 */
	assert_int_equal(prefix_from(v6, 6, AFI_IPV6, &p, &used), 0);
	assert_int_equal(used, 6);
	assert_string_equal(ptext(&p), "2020:2020:2000::/33");
}

static void
test_prefix_mask(void **state)
{
	struct ip_prefix p;

	(void)state;
	memset(&p, 0xff, sizeof(p));
	p.addr.afi = AFI_IPV4;
	p.len = 23;
	prefix_mask(&p);
	assert_string_equal(ptext(&p), "255.255.254.0/23");
	/* Bytes beyond the address are cleared too. */
	assert_int_equal(p.addr.bytes[15], 0);

	p.len = 0;
	memset(p.addr.bytes, 0xff, 16);
	prefix_mask(&p);
	assert_string_equal(ptext(&p), "0.0.0.0/0");

	memset(p.addr.bytes, 0xff, 16);
	p.addr.afi = AFI_IPV6;
	p.len = 128;
	prefix_mask(&p);
	assert_string_equal(ptext(&p),
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	p.len = 1;
	prefix_mask(&p);
	assert_string_equal(ptext(&p), "8000::/1");
}

static void
test_nlri_decode(void **state)
{
	struct wbuf b = { NULL, 0, 0 };
	struct nlri_list list = { NULL, 0, 0 };
	struct decode_error err;
	struct cursor c;

	(void)state;
	put_prefix(&b, "10.0.0.0/8");
	put_prefix(&b, "192.0.2.128/25");
	cursor_init(&c, b.data, b.len);
	assert_int_equal(nlri_decode(&c, AFI_IPV4, SAFI_UNICAST, false,
	    BGP_KIND_ANNOUNCE, false, &list, &err), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(ptext(&list.items[1].prefix), "192.0.2.128/25");
	assert_int_equal(list.items[1].kind, BGP_KIND_ANNOUNCE);
	assert_int_equal(list.items[1].afi, AFI_IPV4);
	assert_false(list.items[1].mp);

	/* A second list appends; RFC 7911 3: an identifier per prefix. */
	wbuf_reset(&b);
	put_prefix_id(&b, 1, "2001:db8::/32");
	put_prefix_id(&b, 0xffffffffu, "2001:db8::/32");
	cursor_init(&c, b.data, b.len);
	assert_int_equal(nlri_decode(&c, AFI_IPV6, SAFI_MULTICAST, true,
	    BGP_KIND_WITHDRAW, true, &list, &err), 0);
	assert_int_equal(list.n, 4);
	assert_int_equal(list.items[2].path_id, 1);
	assert_true(list.items[3].path_id == 0xffffffffu);
	assert_int_equal(list.items[3].safi, SAFI_MULTICAST);
	assert_int_equal(list.items[3].kind, BGP_KIND_WITHDRAW);
	assert_true(list.items[3].mp);
	assert_string_equal(ptext(&list.items[0].prefix), "10.0.0.0/8");

	/* An identifier cut short. */
	wbuf_reset(&b);
	put_prefix_id(&b, 1, "10.0.0.0/8");
	put_n16(&b, 0);
	cursor_init(&c, b.data, b.len);
	list.n = 0;
	assert_int_equal(nlri_decode(&c, AFI_IPV4, SAFI_UNICAST, true,
	    BGP_KIND_ANNOUNCE, false, &list, &err), -1);
	assert_int_equal(err.reason, SKIP_MALFORMED);
	assert_int_equal(list.n, 1);		/* what came before stays */

	/* An empty field is no prefix and no error. */
	cursor_init(&c, b.data, 0);
	list.n = 0;
	assert_int_equal(nlri_decode(&c, AFI_IPV4, SAFI_UNICAST, false,
	    BGP_KIND_ANNOUNCE, false, &list, &err), 0);
	assert_int_equal(list.n, 0);

	free(list.items);
	wbuf_free(&b);
}

/* A long withdrawal list: the list grows past its first allocation. */
static void
test_nlri_many(void **state)
{
	struct wbuf b = { NULL, 0, 0 };
	struct nlri_list list = { NULL, 0, 0 };
	struct decode_error err;
	struct cursor c;
	char text[32];
	uint32_t i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		snprintf(text, sizeof(text), "10.%u.%u.0/24", i / 256, i % 256);
		put_prefix(&b, text);
	}
	cursor_init(&c, b.data, b.len);
	assert_int_equal(nlri_decode(&c, AFI_IPV4, SAFI_UNICAST, false,
	    BGP_KIND_WITHDRAW, false, &list, &err), 0);
	assert_int_equal(list.n, 3000);
	assert_string_equal(ptext(&list.items[2999].prefix), "10.11.183.0/24");
	assert_string_equal(ptext(&list.items[256].prefix), "10.1.0.0/24");
	free(list.items);
	wbuf_free(&b);
}

/* RFC 4760 and the IANA SAFI registry: what this version decodes. */
static void
test_afi_safi_supported(void **state)
{
	(void)state;
	assert_true(afi_safi_supported(AFI_IPV4, SAFI_UNICAST));
	assert_true(afi_safi_supported(AFI_IPV4, SAFI_MULTICAST));
	assert_true(afi_safi_supported(AFI_IPV6, SAFI_UNICAST));
	assert_true(afi_safi_supported(AFI_IPV6, SAFI_MULTICAST));
	assert_false(afi_safi_supported(AFI_IPV4, 128));	/* VPN */
	assert_false(afi_safi_supported(AFI_IPV6, 4));	/* labeled */
	assert_false(afi_safi_supported(25, 65));		/* VPLS */
	assert_false(afi_safi_supported(0, SAFI_UNICAST));
	assert_false(afi_safi_supported(3, SAFI_UNICAST));
}

#define AFX_TEST(t)	cmocka_unit_test_setup_teardown(t, afx_setup, \
			    afx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		AFX_TEST(test_origin),
		AFX_TEST(test_empty_block),
		AFX_TEST(test_as_path_2byte),
		AFX_TEST(test_as_path_4byte),
		AFX_TEST(test_as_path_segment_types),
		AFX_TEST(test_as_path_malformed),
		AFX_TEST(test_next_hop),
		AFX_TEST(test_med_local_pref),
		AFX_TEST(test_atomic_aggregate),
		AFX_TEST(test_aggregator),
		AFX_TEST(test_communities),
		AFX_TEST(test_route_reflection),
		AFX_TEST(test_ext_communities),
		AFX_TEST(test_large_communities),
		AFX_TEST(test_otc),
		AFX_TEST(test_unknown_attributes),
		AFX_TEST(test_extended_length),
		AFX_TEST(test_attr_overrun),
		AFX_TEST(test_repeated_attribute),
		AFX_TEST(test_mp_reach),
		AFX_TEST(test_mp_unreach),
		AFX_TEST(test_mp_reach_rib_forms),
		AFX_TEST(test_mp_malformed),
		AFX_TEST(test_mp_unsupported),
		AFX_TEST(test_as4_path_merge),
		AFX_TEST(test_as4_path_merge_set),
		AFX_TEST(test_as4_path_longer_ignored),
		AFX_TEST(test_as4_aggregator),
		AFX_TEST(test_as4_aggregator_not_trans),
		AFX_TEST(test_as4_in_4byte_context),
		cmocka_unit_test(test_prefix_decode),
		cmocka_unit_test(test_prefix_mask),
		cmocka_unit_test(test_nlri_decode),
		cmocka_unit_test(test_nlri_many),
		cmocka_unit_test(test_afi_safi_supported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
