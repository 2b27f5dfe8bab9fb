/*
 * test_mrt.c -- the MRT decoder (parsers/mrt.c, parsers/bgp_msg.c), one
 * test per MRT type and subtype, from records built byte by byte after
 * RFC 6396 (MRT), RFC 8050 (MRT ADD-PATH), RFC 4271 (BGP-4), RFC 4760
 * (multiprotocol) and RFC 7911 (ADD-PATH); then through a real input
 * (record numbers, offsets, statistics, damaged endings); then records
 * from the corpus cut at every length and with every byte flipped.
 *
 * Decoding goes through mrt_decode_buffer(), which takes one whole
 * record, header included, and calls back once per normalized record.
 * A record's attributes live in the reader until its next decode, and
 * TABLE_DUMP_V2 entries share one attribute decoder, so the callback
 * snapshots what the tests look at.
 *
 * Run from the repository root: the corpus paths are relative to it.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "parsers/input.h"
#include "parsers/mrt.h"
#include "tests/mrt_build.h"

#define DATADIR		"tests/data/mrt"

/* The session every BGP4MP test record is taken on. */
#define T0		1470931200u	/* 2016-08-11T16:00:00Z */
#define PEER_AS		65001u
#define LOCAL_AS	65000u
#define PEER_IP		"192.0.2.1"
#define LOCAL_IP	"192.0.2.254"
#define AS4_BIG		4200000001u	/* needs four octets */

/* ------------------------------------------------------------------ */
/* Collecting what the decoder yields                                  */

#define MAXSNAP		64

/* One yielded record, with what it points to copied out. */
struct snap {
	struct bgp_record	rec;	/* rec.attrs points to attrs */
	struct bgp_attrs	attrs;	/* as_path, unknown: not valid */
	char			path[160];/* the AS path as text */
};

struct got {
	struct snap	s[MAXSNAP];
	int		n;		/* callbacks, even past MAXSNAP */
};

/* "65001 {1,2} (3 4) [5,6]": RFC 4271 segment types, bgpdump-like. */
static void
path_text(const struct as_path *p, char *buf, size_t len)
{
	static const char *const open[] = { "", "{", "", "(", "[" };
	static const char *const close[] = { "", "}", "", ")", "]" };
	size_t pos = 0;
	uint32_t s, i;

	buf[0] = '\0';
	for (s = 0; s < p->nsegs; s++) {
		const struct as_segment *seg = &p->segs[s];
		const char *sep = (seg->type == AS_SET ||
		    seg->type == AS_CONFED_SET) ? "," : " ";

		assert_true(seg->type >= AS_SET && seg->type <= AS_CONFED_SET);
		assert_true(seg->first + seg->count <= p->nasns);
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s",
		    s > 0 ? " " : "", open[seg->type]);
		for (i = 0; i < seg->count && pos < len; i++)
			pos += (size_t)snprintf(buf + pos, len - pos, "%s%u",
			    i > 0 ? sep : "", p->asns[seg->first + i]);
		if (pos < len)
			pos += (size_t)snprintf(buf + pos, len - pos, "%s",
			    close[seg->type]);
		assert_true(pos < len);
	}
}

static void
collect(const struct bgp_record *rec, void *arg)
{
	struct got *g = arg;
	struct snap *s;

	if (g->n >= MAXSNAP) {
		g->n++;
		return;
	}
	s = &g->s[g->n++];
	memset(s, 0, sizeof(*s));
	s->rec = *rec;
	if (rec->attrs != NULL) {
		s->attrs = *rec->attrs;
		path_text(&rec->attrs->as_path, s->path, sizeof(s->path));
		s->attrs.as_path.segs = NULL;
		s->attrs.as_path.asns = NULL;
		s->attrs.unknown = NULL;
		s->rec.attrs = &s->attrs;
	}
}

/* Address and prefix text, from a small ring of buffers. */
static const char *
atext(const struct ip_addr *a)
{
	static char ring[8][INET6_ADDRSTRLEN];
	static int next;
	char *buf = ring[next++ % 8];

	if (a->afi == AFI_IPV4)
		inet_ntop(AF_INET, a->bytes, buf, INET6_ADDRSTRLEN);
	else if (a->afi == AFI_IPV6)
		inet_ntop(AF_INET6, a->bytes, buf, INET6_ADDRSTRLEN);
	else
		snprintf(buf, INET6_ADDRSTRLEN, "(afi %u)", a->afi);
	return buf;
}

static const char *
ptext(const struct ip_prefix *p)
{
	static char ring[8][INET6_ADDRSTRLEN + 8];
	static int next;
	char *buf = ring[next++ % 8];

	snprintf(buf, INET6_ADDRSTRLEN + 8, "%s/%u", atext(&p->addr), p->len);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Fixture: a buffer reader, a record under construction, results      */

struct fx {
	struct mrt_reader	*r;
	struct wbuf		 b;
	struct got		 g;
	struct decode_error	 err;
	int			 rc;
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL || (f->r = mrt_open_buffer()) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	mrt_close(f->r);
	wbuf_free(&f->b);
	free(f);
	return 0;
}

/*
 * Decode the record in f->b.  err.reason starts out as SKIP_NREASONS so
 * that a test can tell "no skip reported" from any reason.
 */
static int
decode(struct fx *f)
{
	memset(&f->g, 0, sizeof(f->g));
	memset(&f->err, 0, sizeof(f->err));
	f->err.reason = SKIP_NREASONS;
	f->rc = mrt_decode_buffer(f->r, f->b.data, f->b.len, collect, &f->g,
	    &f->err);
	/* The return value is the number of callbacks, or -1 with none. */
	if (f->rc == -1)
		assert_int_equal(f->g.n, 0);
	else
		assert_int_equal(f->rc, f->g.n);
	return f->rc;
}

/* Decode the record and start over with an empty buffer. */
static int
decode_reset(struct fx *f)
{
	int rc = decode(f);

	wbuf_reset(&f->b);
	return rc;
}

static void
assert_no_skip(const struct fx *f)
{
	if (f->err.reason != SKIP_NREASONS)
		fail_msg("unexpected skip: %s: %s",
		    skip_reason_name(f->err.reason), f->err.detail);
}

#define assert_skip(f, why) do {					\
	if ((f)->err.reason != (why))					\
		fail_msg("expected %s, got %s: %s",			\
		    skip_reason_name(why),				\
		    (f)->err.reason == SKIP_NREASONS ? "no skip" :	\
		    skip_reason_name((f)->err.reason), (f)->err.detail);\
} while (0)

/* A route record: its kind, prefix, and whether it came from MP_*. */
static void
assert_route(const struct snap *s, enum bgp_kind kind, const char *prefix,
    bool mp)
{
	assert_int_equal(s->rec.kind, kind);
	assert_string_equal(ptext(&s->rec.prefix), prefix);
	assert_int_equal(s->rec.afi, s->rec.prefix.addr.afi);
	assert_int_equal(s->rec.mp_nlri, mp);
}

/* ------------------------------------------------------------------ */
/* Record builders shared by the tests                                 */

/* RFC 4271 5.1.1-5.1.3: ORIGIN, AS_PATH (one AS_SEQUENCE), NEXT_HOP. */
static void
put_basic_attrs(struct wbuf *b, int asn_size, const uint32_t *path,
    uint8_t n, const char *next_hop)
{
	attr_origin(b, 0);
	attr_as_path1(b, ATTR_AS_PATH, asn_size, AS_SEQUENCE, path, n);
	if (next_hop != NULL)
		attr_next_hop(b, next_hop);
}

/*
 * RFC 6396 4.3.1: PEER_INDEX_TABLE.  Peer type bit 0 says an IPv6 peer
 * address, bit 1 a 4-octet AS.
 */
struct peer_spec {
	uint8_t		 type;
	const char	*bgp_id;
	const char	*ip;
	uint32_t	 as;
};

static void
put_peer_index(struct wbuf *b, const char *view,
    const struct peer_spec *p, uint16_t n)
{
	struct wmark m = mrt_begin(b, T0, MRT_TABLE_DUMP_V2,
	    TD2_PEER_INDEX_TABLE);
	uint16_t i;

	put_ipv4(b, "198.51.100.254");		/* collector BGP ID */
	put_n16(b, (uint16_t)strlen(view));	/* view name length */
	put_bytes(b, view, strlen(view));
	put_n16(b, n);				/* peer count */
	for (i = 0; i < n; i++) {
		put_u8(b, p[i].type);
		put_ipv4(b, p[i].bgp_id);
		put_ip(b, p[i].ip);
		put_as(b, (p[i].type & 2) ? 4 : 2, p[i].as);
	}
	mrt_end(b, m);
}

/* The table most RIB tests use: two IPv4 peers with 4-octet ASNs. */
static const struct peer_spec two_peers[] = {
	{ 2, "10.0.0.1", "192.0.2.1", 65001 },
	{ 2, "10.0.0.2", "192.0.2.2", AS4_BIG },
};

static void
load_two_peers(struct fx *f)
{
	put_peer_index(&f->b, "", two_peers, 2);
	assert_int_equal(decode_reset(f), 0);
	assert_no_skip(f);
}

/*
 * RFC 6396 4.3.4, RFC 8050 4: peer index, originated time, path
 * identifier (ADD-PATH subtypes only), attribute length, attributes.
 */
static struct wmark
rib_entry_begin(struct wbuf *b, uint16_t peer, uint32_t originated,
    bool addpath, uint32_t path_id)
{
	put_n16(b, peer);
	put_n32(b, originated);
	if (addpath)
		put_n32(b, path_id);
	return wbuf_mark(b, 2);
}

/* A RIB entry with ORIGIN, a one-ASN AS_PATH and NEXT_HOP. */
static void
put_rib_entry(struct wbuf *b, uint16_t peer, uint32_t originated,
    bool addpath, uint32_t path_id, uint32_t origin_as)
{
	struct wmark e = rib_entry_begin(b, peer, originated, addpath, path_id);

	put_basic_attrs(b, 4, &origin_as, 1, "192.0.2.1");
	wbuf_patch(b, e);
}

/* Start a BGP4MP record from the test session, ASNs sized by subtype. */
static int
subtype_asn_size(uint16_t subtype)
{
	switch (subtype) {
	case BGP4MP_MESSAGE_AS4:
	case BGP4MP_STATE_CHANGE_AS4:
	case BGP4MP_MESSAGE_AS4_LOCAL:
	case BGP4MP_MESSAGE_AS4_ADDPATH:
	case BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH:
		return 4;
	}
	return 2;
}

static struct wmark
msg_begin(struct wbuf *b, uint16_t subtype)
{
	struct wmark m = mrt_begin(b, T0, MRT_BGP4MP, subtype);

	bgp4mp_peer(b, subtype_asn_size(subtype), PEER_AS, LOCAL_AS, PEER_IP,
	    LOCAL_IP);
	return m;
}

/*
 * A BGP4MP_MESSAGE_AS4 record with one UPDATE: withdrawn routes from
 * wd[], the basic attributes (ASN AS4_BIG) unless attrs is false, and
 * announced routes from nlri[]; both lists NULL-terminated.
 */
static void
put_update_record(struct wbuf *b, uint16_t subtype, const char *const *wd,
    bool attrs, const char *const *nlri)
{
	static const uint32_t path[] = { PEER_AS, AS4_BIG };
	struct wmark m = msg_begin(b, subtype);
	struct bgp_mark bm = bgp_begin(b, BGP_MSG_UPDATE);
	struct update_mark u = update_withdrawn_begin(b);
	int asn = subtype_asn_size(subtype);

	for (; wd != NULL && *wd != NULL; wd++)
		put_prefix(b, *wd);
	update_attrs_begin(b, &u);
	if (attrs)
		put_basic_attrs(b, asn, path, asn == 4 ? 2 : 1, PEER_IP);
	update_nlri_begin(b, &u);
	for (; nlri != NULL && *nlri != NULL; nlri++)
		put_prefix(b, *nlri);
	bgp_end(b, bm);
	mrt_end(b, m);
}

/* ------------------------------------------------------------------ */
/* MRT common header                                                   */

static void
test_header_errors(void **state)
{
	struct fx *f = *state;
	struct wmark m;

	/* RFC 6396 2: the header is 12 octets; 11 cannot be one. */
	put_n32(&f->b, T0);
	put_n16(&f->b, MRT_BGP4MP);
	put_n16(&f->b, BGP4MP_STATE_CHANGE);
	put_n16(&f->b, 0);
	put_u8(&f->b, 0);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_TORN_HEADER);

	/* A length field that disagrees with the bytes given. */
	m = msg_begin(&f->b, BGP4MP_STATE_CHANGE);
	put_n16(&f->b, 1);
	put_n16(&f->b, 2);
	mrt_end(&f->b, m);
	put_u8(&f->b, 0);			/* one byte too many */
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_TRUNCATED);

	/* RFC 6396 3: an _ET record must hold its microseconds. */
	put_n32(&f->b, T0);
	put_n16(&f->b, MRT_BGP4MP_ET);
	put_n16(&f->b, BGP4MP_STATE_CHANGE);
	put_n32(&f->b, 2);
	put_n16(&f->b, 0);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_BAD_LENGTH);
}

/* RFC 6396 4.1: types this decoder knows of but does not decode. */
static void
test_unknown_type(void **state)
{
	struct fx *f = *state;
	static const uint16_t types[] = { MRT_OSPFV2, MRT_RIP, MRT_ISIS,
	    MRT_OSPFV3, MRT_NULL };
	size_t i;
	struct wmark m;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		m = mrt_begin(&f->b, T0, types[i], 0);
		put_fill(&f->b, 0x5a, 20);
		mrt_end(&f->b, m);
		assert_int_equal(decode_reset(f), -1);
		assert_skip(f, SKIP_UNKNOWN_TYPE);
	}
}

/*
 * A type no registry lists: still skipped, and the message must name
 * the type number sensibly (not through a NULL name).
 */
static void
test_unregistered_type(void **state)
{
	struct fx *f = *state;
	struct wmark m = mrt_begin(&f->b, T0, 99, 0);

	put_fill(&f->b, 0, 4);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_UNKNOWN_TYPE);
	assert_non_null(strstr(f->err.detail, "99"));
	assert_null(strstr(f->err.detail, "(null)"));
}

/* ------------------------------------------------------------------ */
/* TABLE_DUMP, RFC 6396 4.2                                            */

/*
 * view, sequence, prefix, prefix length, status, originated time, peer
 * address, peer AS, attribute length, attributes.
 */
static void
test_table_dump_ipv4(void **state)
{
	struct fx *f = *state;
	static const uint32_t path[] = { 65001, 65002 };
	const struct snap *s;
	struct wmark m, a;

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP, 1);	/* AFI_IPv4 */
	put_n16(&f->b, 3);			/* view */
	put_n16(&f->b, 7);			/* sequence */
	put_ipv4(&f->b, "10.1.0.0");
	put_u8(&f->b, 16);
	put_u8(&f->b, 1);			/* status */
	put_n32(&f->b, T0 - 3600);		/* originated */
	put_ipv4(&f->b, "192.0.2.1");		/* peer address */
	put_n16(&f->b, 65001);			/* peer AS */
	a = wbuf_mark(&f->b, 2);
	put_basic_attrs(&f->b, 2, path, 2, "192.0.2.1");
	wbuf_patch(&f->b, a);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_no_skip(f);
	s = &f->g.s[0];
	assert_route(s, BGP_KIND_RIB, "10.1.0.0/16", false);
	assert_int_equal(s->rec.mrt_type, MRT_TABLE_DUMP);
	assert_int_equal(s->rec.mrt_subtype, 1);
	assert_int_equal(s->rec.time, T0);
	assert_false(s->rec.has_usec);
	assert_int_equal(s->rec.safi, SAFI_UNICAST);
	assert_int_equal(s->rec.view, 3);
	assert_int_equal(s->rec.originated, T0 - 3600);
	assert_string_equal(atext(&s->rec.peer_addr), "192.0.2.1");
	assert_int_equal(s->rec.peer_as, 65001);
	assert_false(s->rec.as4);
	assert_false(s->rec.has_path_id);
	assert_string_equal(s->path, "65001 65002");
	assert_int_equal(s->attrs.origin, 0);
	assert_string_equal(atext(&s->attrs.next_hop), "192.0.2.1");
}

static void
test_table_dump_ipv6(void **state)
{
	struct fx *f = *state;
	static const uint32_t path[] = { 65003 };
	const struct snap *s;
	struct wmark m, a, mp, nl;

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP, 2);	/* AFI_IPv6 */
	put_n16(&f->b, 0);
	put_n16(&f->b, 1);
	put_ipv6(&f->b, "2001:db8:1::");
	put_u8(&f->b, 48);
	put_u8(&f->b, 1);
	put_n32(&f->b, T0 - 60);
	put_ipv6(&f->b, "2001:db8::1");
	put_n16(&f->b, 65003);
	a = wbuf_mark(&f->b, 2);
	put_basic_attrs(&f->b, 2, path, 1, NULL);
	/* RFC 6396 4.3.4: the abbreviated MP_REACH_NLRI, next hop only. */
	mp = attr_begin(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
	nl = wbuf_mark(&f->b, 1);
	put_ipv6(&f->b, "2001:db8::1");
	wbuf_patch(&f->b, nl);
	attr_end(&f->b, mp);
	wbuf_patch(&f->b, a);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_no_skip(f);
	s = &f->g.s[0];
	assert_route(s, BGP_KIND_RIB, "2001:db8:1::/48", false);
	assert_int_equal(s->rec.afi, AFI_IPV6);
	assert_string_equal(atext(&s->rec.peer_addr), "2001:db8::1");
	assert_int_equal(s->rec.peer_as, 65003);
	assert_string_equal(s->path, "65003");
	assert_true(s->attrs.present & ATTR_BIT(ATTR_MP_REACH_NLRI));
	assert_true(s->attrs.mp_abbreviated);
	assert_int_equal(s->attrs.mp_nexthop_len, 16);
	assert_string_equal(atext(&s->attrs.mp_nexthop), "2001:db8::1");
}

/* Subtypes 3 and 4: the same with 4-octet ASNs (RFC 6396 4.2 note). */
static void
test_table_dump_as4(void **state)
{
	struct fx *f = *state;
	static const uint32_t path[] = { AS4_BIG, 65010 };
	const struct snap *s;
	struct wmark m, a;

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP, 3);
	put_n16(&f->b, 0);
	put_n16(&f->b, 0);
	put_ipv4(&f->b, "10.9.0.0");
	put_u8(&f->b, 16);
	put_u8(&f->b, 1);
	put_n32(&f->b, T0);
	put_ipv4(&f->b, "192.0.2.7");
	put_n32(&f->b, AS4_BIG);
	a = wbuf_mark(&f->b, 2);
	put_basic_attrs(&f->b, 4, path, 2, "192.0.2.7");
	wbuf_patch(&f->b, a);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	s = &f->g.s[0];
	assert_true(s->rec.as4);
	assert_int_equal(s->rec.peer_as, AS4_BIG);
	assert_string_equal(s->path, "4200000001 65010");
}

/* One route per record: bytes after the attributes are damage. */
static void
test_table_dump_trailing(void **state)
{
	struct fx *f = *state;
	struct wmark m, a;

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP, 1);
	put_n16(&f->b, 0);
	put_n16(&f->b, 0);
	put_ipv4(&f->b, "10.1.0.0");
	put_u8(&f->b, 16);
	put_u8(&f->b, 1);
	put_n32(&f->b, T0);
	put_ipv4(&f->b, "192.0.2.1");
	put_n16(&f->b, 65001);
	a = wbuf_mark(&f->b, 2);
	attr_origin(&f->b, 0);
	wbuf_patch(&f->b, a);
	put_n16(&f->b, 0xdead);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);

	/* A prefix length beyond 32 cannot be an IPv4 route. */
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP, 1);
	put_n16(&f->b, 0);
	put_n16(&f->b, 0);
	put_ipv4(&f->b, "10.1.0.0");
	put_u8(&f->b, 33);
	put_u8(&f->b, 1);
	put_n32(&f->b, T0);
	put_ipv4(&f->b, "192.0.2.1");
	put_n16(&f->b, 65001);
	put_n16(&f->b, 0);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/* ------------------------------------------------------------------ */
/* TABLE_DUMP_V2, RFC 6396 4.3 and RFC 8050 4                          */

/*
 * Peers of every kind: IPv4 or IPv6 address, 2- or 4-octet AS.  The
 * table itself yields nothing; a RIB record naming each peer in turn
 * shows what was read.
 */
static void
test_peer_index_table(void **state)
{
	struct fx *f = *state;
	static const struct peer_spec peers[] = {
		{ 0, "10.0.0.1", "192.0.2.1", 65001 },
		{ 1, "10.0.0.2", "2001:db8::2", 65002 },
		{ 2, "10.0.0.3", "192.0.2.3", AS4_BIG },
		{ 3, "10.0.0.4", "2001:db8::4", 4200000004u },
	};
	struct wmark m;
	uint16_t i;

	put_peer_index(&f->b, "master", peers, 4);
	assert_int_equal(decode_reset(f), 0);
	assert_no_skip(f);

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 42);			/* sequence */
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 4);			/* entry count */
	for (i = 0; i < 4; i++)
		put_rib_entry(&f->b, (uint16_t)(3 - i), T0 - i, false, 0,
		    64500 + i);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 4);
	assert_no_skip(f);
	for (i = 0; i < 4; i++) {
		const struct snap *s = &f->g.s[i];
		const struct peer_spec *p = &peers[3 - i];
		char want[16];

		assert_route(s, BGP_KIND_RIB, "10.0.0.0/8", false);
		assert_int_equal(s->rec.peer_index, 3 - i);
		assert_string_equal(atext(&s->rec.peer_addr), p->ip);
		assert_string_equal(atext(&s->rec.peer_bgp_id), p->bgp_id);
		assert_int_equal(s->rec.peer_as, p->as);
		assert_int_equal(s->rec.originated, T0 - i);
		assert_int_equal(s->rec.view, 42);
		assert_string_equal(atext(&s->rec.collector_id),
		    "198.51.100.254");
		assert_true(s->rec.as4);
		snprintf(want, sizeof(want), "%u", 64500 + i);
		assert_string_equal(s->path, want);
	}
}

/* A second table replaces the first (BIRD writes several per file). */
static void
test_peer_index_replaced(void **state)
{
	struct fx *f = *state;
	static const struct peer_spec second[] = {
		{ 1, "10.9.9.9", "2001:db8::99", 65099 },
	};
	struct wmark m;

	load_two_peers(f);
	put_peer_index(&f->b, "second", second, 1);
	assert_int_equal(decode_reset(f), 0);

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 2);
	put_rib_entry(&f->b, 0, T0, false, 0, 64500);
	put_rib_entry(&f->b, 1, T0, false, 0, 64501);	/* gone now */
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_string_equal(atext(&f->g.s[0].rec.peer_addr), "2001:db8::99");
	assert_int_equal(f->g.s[0].rec.peer_as, 65099);
	assert_skip(f, SKIP_BAD_PEER_INDEX);
}

/* A table cut short is no table: later RIB entries have no peers. */
static void
test_peer_index_truncated(void **state)
{
	struct fx *f = *state;
	struct wmark m;

	load_two_peers(f);
	put_peer_index(&f->b, "", two_peers, 2);
	f->b.len -= 3;			/* into the last peer's AS */
	wbuf_set_n32(&f->b, 8, (uint32_t)(f->b.len - 12));
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 1);
	put_rib_entry(&f->b, 0, T0, false, 0, 64500);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), -1);
	assert_true(f->err.reason == SKIP_NO_PEER_INDEX ||
	    f->err.reason == SKIP_BAD_PEER_INDEX);
}

/*
 * RFC 6396 4.3.2: sequence, prefix length, prefix, entry count, entries;
 * each entry with its own attributes.
 */
static void
rib_afi_safi(struct fx *f, uint16_t subtype, const char *prefix,
    uint16_t afi, uint8_t safi)
{
	struct wmark m;

	load_two_peers(f);
	m = mrt_begin(&f->b, T0 + 5, MRT_TABLE_DUMP_V2, subtype);
	put_n32(&f->b, 9);
	put_prefix(&f->b, prefix);
	put_n16(&f->b, 2);
	put_rib_entry(&f->b, 0, T0 - 100, false, 0, 64500);
	put_rib_entry(&f->b, 1, T0 - 200, false, 0, 64501);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 2);
	assert_no_skip(f);
	assert_route(&f->g.s[0], BGP_KIND_RIB, prefix, false);
	assert_route(&f->g.s[1], BGP_KIND_RIB, prefix, false);
	assert_int_equal(f->g.s[0].rec.afi, afi);
	assert_int_equal(f->g.s[0].rec.safi, safi);
	assert_int_equal(f->g.s[1].rec.safi, safi);
	assert_int_equal(f->g.s[0].rec.time, T0 + 5);
	assert_int_equal(f->g.s[0].rec.mrt_subtype, subtype);
	assert_int_equal(f->g.s[0].rec.originated, T0 - 100);
	assert_int_equal(f->g.s[1].rec.originated, T0 - 200);
	/* Each entry's attributes, not the last entry's for both. */
	assert_string_equal(f->g.s[0].path, "64500");
	assert_string_equal(f->g.s[1].path, "64501");
	assert_int_equal(f->g.s[1].rec.peer_as, AS4_BIG);
	assert_false(f->g.s[0].rec.has_path_id);
}

static void
test_rib_ipv4_unicast(void **state)
{
	rib_afi_safi(*state, TD2_RIB_IPV4_UNICAST, "203.0.113.0/24",
	    AFI_IPV4, SAFI_UNICAST);
}

static void
test_rib_ipv4_multicast(void **state)
{
	rib_afi_safi(*state, TD2_RIB_IPV4_MULTICAST, "233.252.0.0/24",
	    AFI_IPV4, SAFI_MULTICAST);
}

static void
test_rib_ipv6_unicast(void **state)
{
	rib_afi_safi(*state, TD2_RIB_IPV6_UNICAST, "2001:db8:100::/40",
	    AFI_IPV6, SAFI_UNICAST);
}

static void
test_rib_ipv6_multicast(void **state)
{
	rib_afi_safi(*state, TD2_RIB_IPV6_MULTICAST, "ff0e::/16",
	    AFI_IPV6, SAFI_MULTICAST);
}

/*
 * RFC 6396 4.3.3: RIB_GENERIC carries AFI and SAFI and one NLRI as BGP
 * encodes it.  IPv4 unicast is decoded; VPNv4 (SAFI 128, RFC 4364) is
 * valid data this version does not decode.
 */
static void
test_rib_generic(void **state)
{
	struct fx *f = *state;
	struct wmark m;

	load_two_peers(f);
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_GENERIC);
	put_n32(&f->b, 1);
	put_n16(&f->b, AFI_IPV4);
	put_u8(&f->b, SAFI_UNICAST);
	put_prefix(&f->b, "10.2.0.0/16");
	put_n16(&f->b, 1);
	put_rib_entry(&f->b, 1, T0, false, 0, 64999);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 1);
	assert_no_skip(f);
	assert_route(&f->g.s[0], BGP_KIND_RIB, "10.2.0.0/16", false);
	assert_int_equal(f->g.s[0].rec.safi, SAFI_UNICAST);
	assert_int_equal(f->g.s[0].rec.peer_as, AS4_BIG);

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_GENERIC);
	put_n32(&f->b, 2);
	put_n16(&f->b, AFI_IPV4);
	put_u8(&f->b, 128);
	/* label (3), route distinguisher (8), prefix: RFC 4364 4.3.4 */
	put_u8(&f->b, 24 + 64 + 24);
	put_fill(&f->b, 0x01, 3 + 8);
	put_ipv4(&f->b, "10.3.0.0");
	f->b.len--;
	put_n16(&f->b, 1);
	put_rib_entry(&f->b, 0, T0, false, 0, 64999);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_UNSUPPORTED_AFI);
}

/* RFC 8050 4: every RIB subtype 8..12 has a path identifier per entry. */
static void
test_rib_addpath(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint16_t	 subtype;
		const char	*prefix;
		uint16_t	 afi;
		uint8_t		 safi;
	} cases[] = {
		{ TD2_RIB_IPV4_UNICAST_ADDPATH, "10.8.0.0/16", 1, 1 },
		{ TD2_RIB_IPV4_MULTICAST_ADDPATH, "233.252.8.0/24", 1, 2 },
		{ TD2_RIB_IPV6_UNICAST_ADDPATH, "2001:db8:a::/48", 2, 1 },
		{ TD2_RIB_IPV6_MULTICAST_ADDPATH, "ff0e:8::/32", 2, 2 },
		{ TD2_RIB_GENERIC_ADDPATH, "2001:db8:c::/48", 2, 1 },
	};
	size_t i;
	struct wmark m;

	load_two_peers(f);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, cases[i].subtype);
		put_n32(&f->b, (uint32_t)i);
		if (cases[i].subtype == TD2_RIB_GENERIC_ADDPATH) {
			put_n16(&f->b, cases[i].afi);
			put_u8(&f->b, cases[i].safi);
		}
		put_prefix(&f->b, cases[i].prefix);
		put_n16(&f->b, 3);
		put_rib_entry(&f->b, 0, T0, true, 7, 64500);
		put_rib_entry(&f->b, 0, T0, true, 8, 64501);
		put_rib_entry(&f->b, 1, T0, true, 0xfffffffe, 64502);
		mrt_end(&f->b, m);

		assert_int_equal(decode_reset(f), 3);
		assert_no_skip(f);
		assert_route(&f->g.s[0], BGP_KIND_RIB, cases[i].prefix, false);
		assert_int_equal(f->g.s[0].rec.afi, cases[i].afi);
		assert_int_equal(f->g.s[0].rec.safi, cases[i].safi);
		assert_true(f->g.s[0].rec.has_path_id);
		assert_int_equal(f->g.s[0].rec.path_id, 7);
		assert_int_equal(f->g.s[1].rec.path_id, 8);
		assert_int_equal(f->g.s[2].rec.path_id, 0xfffffffe);
		assert_string_equal(f->g.s[1].path, "64501");
		assert_string_equal(f->g.s[2].path, "64502");
		assert_int_equal(f->g.s[2].rec.peer_as, AS4_BIG);
	}
}

/*
 * RFC 6396 4.3.4: in a RIB entry MP_REACH_NLRI holds only the next hop
 * length and next hop; some writers put the full RFC 4760 form there.
 * Both must give the same next hop, the link-local one too.
 */
static void
test_rib_mp_reach_forms(void **state)
{
	struct fx *f = *state;
	static const uint32_t path[] = { 64500 };
	struct wmark m, e, mp, nl;

	load_two_peers(f);
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV6_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "2001:db8:5::/48");
	put_n16(&f->b, 3);

	/* Abbreviated, 16 octets. */
	e = rib_entry_begin(&f->b, 0, T0, false, 0);
	put_basic_attrs(&f->b, 4, path, 1, NULL);
	mp = attr_begin(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
	nl = wbuf_mark(&f->b, 1);
	put_ipv6(&f->b, "2001:db8::a");
	wbuf_patch(&f->b, nl);
	attr_end(&f->b, mp);
	wbuf_patch(&f->b, e);

	/* Abbreviated, 32 octets: global and link-local (RFC 2545 3). */
	e = rib_entry_begin(&f->b, 0, T0, false, 0);
	put_basic_attrs(&f->b, 4, path, 1, NULL);
	mp = attr_begin(&f->b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
	nl = wbuf_mark(&f->b, 1);
	put_ipv6(&f->b, "2001:db8::b");
	put_ipv6(&f->b, "fe80::b");
	wbuf_patch(&f->b, nl);
	attr_end(&f->b, mp);
	wbuf_patch(&f->b, e);

	/* Full RFC 4760 3 form, with an NLRI that is not a second route. */
	e = rib_entry_begin(&f->b, 1, T0, false, 0);
	put_basic_attrs(&f->b, 4, path, 1, NULL);
	mp = attr_mp_reach_begin(&f->b, AFI_IPV6, SAFI_UNICAST, "2001:db8::c",
	    NULL);
	put_prefix(&f->b, "2001:db8:5::/48");
	attr_end(&f->b, mp);
	wbuf_patch(&f->b, e);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 3);
	assert_no_skip(f);
	assert_true(f->g.s[0].attrs.mp_abbreviated);
	assert_int_equal(f->g.s[0].attrs.mp_nexthop_len, 16);
	assert_string_equal(atext(&f->g.s[0].attrs.mp_nexthop), "2001:db8::a");
	assert_int_equal(f->g.s[0].attrs.mp_nexthop_local.afi, 0);

	assert_true(f->g.s[1].attrs.mp_abbreviated);
	assert_int_equal(f->g.s[1].attrs.mp_nexthop_len, 32);
	assert_string_equal(atext(&f->g.s[1].attrs.mp_nexthop), "2001:db8::b");
	assert_string_equal(atext(&f->g.s[1].attrs.mp_nexthop_local),
	    "fe80::b");

	assert_false(f->g.s[2].attrs.mp_abbreviated);
	assert_int_equal(f->g.s[2].attrs.mp_afi, AFI_IPV6);
	assert_int_equal(f->g.s[2].attrs.mp_safi, SAFI_UNICAST);
	assert_int_equal(f->g.s[2].attrs.mp_nexthop_len, 16);
	assert_string_equal(atext(&f->g.s[2].attrs.mp_nexthop), "2001:db8::c");
}

static void
test_rib_bad_peer_index(void **state)
{
	struct fx *f = *state;
	struct wmark m;

	load_two_peers(f);
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 3);
	put_rib_entry(&f->b, 2, T0, false, 0, 64500);	/* no peer 2 */
	put_rib_entry(&f->b, 1, T0, false, 0, 64501);
	put_rib_entry(&f->b, 0xffff, T0, false, 0, 64502);
	mrt_end(&f->b, m);

	/* The bad entries are skipped; the good one between them stays. */
	assert_int_equal(decode(f), 1);
	assert_skip(f, SKIP_BAD_PEER_INDEX);
	assert_string_equal(f->g.s[0].path, "64501");
	assert_int_equal(f->g.s[0].rec.peer_index, 1);
}

static void
test_rib_no_peer_index(void **state)
{
	struct fx *f = *state;
	struct wmark m;

	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 1);
	put_rib_entry(&f->b, 0, T0, false, 0, 64500);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), -1);
	assert_skip(f, SKIP_NO_PEER_INDEX);
}

/* The entry count and the entries must frame the record exactly. */
static void
test_rib_framing(void **state)
{
	struct fx *f = *state;
	struct wmark m;

	load_two_peers(f);
	/* Three announced, two present: two yielded, then an error. */
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 3);
	put_rib_entry(&f->b, 0, T0, false, 0, 64500);
	put_rib_entry(&f->b, 1, T0, false, 0, 64501);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 2);
	assert_skip(f, SKIP_MALFORMED);

	/* Bytes after the last entry. */
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 1);
	put_rib_entry(&f->b, 0, T0, false, 0, 64500);
	put_u8(&f->b, 0);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);

	/* No entries at all is a valid (if odd) record. */
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 0);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 0);
	assert_no_skip(f);

	/* A prefix longer than the family allows. */
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV6_UNICAST);
	put_n32(&f->b, 0);
	put_u8(&f->b, 129);
	put_fill(&f->b, 0x20, 17);
	put_n16(&f->b, 0);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/* RFC 6397 GEO_PEER_TABLE and unassigned subtypes: skipped as notes. */
static void
test_td2_unknown_subtypes(void **state)
{
	struct fx *f = *state;
	static const uint16_t subtypes[] = { 0, 7, 13, 0xffff };
	struct wmark m;
	size_t i;

	for (i = 0; i < sizeof(subtypes) / sizeof(subtypes[0]); i++) {
		m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, subtypes[i]);
		put_fill(&f->b, 0, 10);
		mrt_end(&f->b, m);
		assert_int_equal(decode_reset(f), -1);
		assert_skip(f, SKIP_UNKNOWN_SUBTYPE);
	}
}

/* ------------------------------------------------------------------ */
/* BGP4MP and BGP4MP_ET, RFC 6396 4.4 and 4.5                          */

/* 4.4.1: the BGP4MP header, then old state and new state. */
static void
test_state_change(void **state)
{
	struct fx *f = *state;
	const struct snap *s;
	struct wmark m;

	m = msg_begin(&f->b, BGP4MP_STATE_CHANGE);
	put_n16(&f->b, 3);			/* Active */
	put_n16(&f->b, 4);			/* OpenSent */
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_no_skip(f);
	s = &f->g.s[0];
	assert_int_equal(s->rec.kind, BGP_KIND_STATE);
	assert_int_equal(s->rec.mrt_type, MRT_BGP4MP);
	assert_int_equal(s->rec.mrt_subtype, BGP4MP_STATE_CHANGE);
	assert_int_equal(s->rec.peer_as, PEER_AS);
	assert_int_equal(s->rec.local_as, LOCAL_AS);
	assert_string_equal(atext(&s->rec.peer_addr), PEER_IP);
	assert_string_equal(atext(&s->rec.local_addr), LOCAL_IP);
	assert_int_equal(s->rec.old_state, 3);
	assert_int_equal(s->rec.new_state, 4);
	assert_false(s->rec.has_usec);
	assert_int_equal(s->rec.usec, 0);
	assert_null(s->rec.attrs);

	/* Trailing bytes after the states are damage. */
	wbuf_reset(&f->b);
	m = msg_begin(&f->b, BGP4MP_STATE_CHANGE);
	put_n16(&f->b, 3);
	put_n16(&f->b, 4);
	put_n16(&f->b, 0);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/* 4.4.5: 4-octet ASNs, here over IPv6. */
static void
test_state_change_as4(void **state)
{
	struct fx *f = *state;
	const struct snap *s;
	struct wmark m;

	m = mrt_begin(&f->b, T0, MRT_BGP4MP, BGP4MP_STATE_CHANGE_AS4);
	bgp4mp_peer(&f->b, 4, AS4_BIG, 4200000000u, "2001:db8::1",
	    "2001:db8::2");
	put_n16(&f->b, 6);			/* Established */
	put_n16(&f->b, 1);			/* Idle */
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	s = &f->g.s[0];
	assert_int_equal(s->rec.kind, BGP_KIND_STATE);
	assert_int_equal(s->rec.peer_as, AS4_BIG);
	assert_int_equal(s->rec.local_as, 4200000000u);
	assert_string_equal(atext(&s->rec.peer_addr), "2001:db8::1");
	assert_string_equal(atext(&s->rec.local_addr), "2001:db8::2");
	assert_int_equal(s->rec.old_state, 6);
	assert_int_equal(s->rec.new_state, 1);
}

/* Zebra's 8-octet STATE_CHANGE: peer AS, local AS, old and new state. */
static void
test_state_change_zebra(void **state)
{
	struct fx *f = *state;
	const struct snap *s;
	struct wmark m;

	m = mrt_begin(&f->b, T0, MRT_BGP4MP, BGP4MP_STATE_CHANGE);
	put_n16(&f->b, 65010);
	put_n16(&f->b, 65020);
	put_n16(&f->b, 2);
	put_n16(&f->b, 3);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	s = &f->g.s[0];
	assert_int_equal(s->rec.kind, BGP_KIND_STATE);
	assert_int_equal(s->rec.peer_as, 65010);
	assert_int_equal(s->rec.local_as, 65020);
	assert_int_equal(s->rec.old_state, 2);
	assert_int_equal(s->rec.new_state, 3);
	assert_int_equal(s->rec.peer_addr.afi, 0);
}

/*
 * RFC 6396 3: turn the BGP4MP record in b into a BGP4MP_ET one, its
 * microseconds inserted after the 12-octet header and counted in the
 * length.
 */
static void
make_et(struct wbuf *b, uint32_t usec)
{
	struct wbuf et = { NULL, 0, 0 };

	put_bytes(&et, b->data, 12);
	put_n32(&et, usec);
	put_bytes(&et, b->data + 12, b->len - 12);
	wbuf_set_n16(&et, 4, MRT_BGP4MP_ET);
	wbuf_set_n32(&et, 8, (uint32_t)(et.len - 12));
	wbuf_free(b);
	*b = et;
}

/* RFC 6396 3: the _ET header's microseconds reach every record. */
static void
test_bgp4mp_et(void **state)
{
	struct fx *f = *state;
	static const char *const nlri[] = { "10.10.0.0/16", "10.11.0.0/16",
	    NULL };
	struct wmark m;

	m = mrt_begin_et(&f->b, T0 + 1, MRT_BGP4MP_ET,
	    BGP4MP_STATE_CHANGE_AS4, 123456);
	bgp4mp_peer(&f->b, 4, PEER_AS, LOCAL_AS, PEER_IP, LOCAL_IP);
	put_n16(&f->b, 1);
	put_n16(&f->b, 2);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 1);
	assert_int_equal(f->g.s[0].rec.mrt_type, MRT_BGP4MP_ET);
	assert_int_equal(f->g.s[0].rec.time, T0 + 1);
	assert_true(f->g.s[0].rec.has_usec);
	assert_int_equal(f->g.s[0].rec.usec, 123456);
	assert_int_equal(f->g.s[0].rec.new_state, 2);

	/* A message: both of its routes carry the microseconds. */
	put_update_record(&f->b, BGP4MP_MESSAGE_AS4, NULL, true, nlri);
	make_et(&f->b, 999999);
	assert_int_equal(decode(f), 2);
	assert_no_skip(f);
	assert_true(f->g.s[1].rec.has_usec);
	assert_int_equal(f->g.s[0].rec.usec, 999999);
	assert_int_equal(f->g.s[1].rec.usec, 999999);
	assert_route(&f->g.s[1], BGP_KIND_ANNOUNCE, "10.11.0.0/16", false);
}

/* 4.4.2: BGP4MP_MESSAGE, 2-octet ASNs in the header and the AS_PATH. */
static void
test_message(void **state)
{
	struct fx *f = *state;
	static const char *const nlri[] = { "10.20.0.0/16", "10.21.0.0/16",
	    NULL };
	const struct snap *s;

	put_update_record(&f->b, BGP4MP_MESSAGE, NULL, true, nlri);
	assert_int_equal(decode(f), 2);
	assert_no_skip(f);
	s = &f->g.s[0];
	assert_route(s, BGP_KIND_ANNOUNCE, "10.20.0.0/16", false);
	assert_route(&f->g.s[1], BGP_KIND_ANNOUNCE, "10.21.0.0/16", false);
	assert_int_equal(s->rec.msg_type, BGP_MSG_UPDATE);
	assert_int_equal(s->rec.peer_as, PEER_AS);
	assert_int_equal(s->rec.local_as, LOCAL_AS);
	assert_string_equal(atext(&s->rec.peer_addr), PEER_IP);
	assert_false(s->rec.as4);
	assert_false(s->rec.local_msg);
	assert_false(s->rec.has_path_id);
	assert_string_equal(s->path, "65001");
	assert_string_equal(atext(&s->attrs.next_hop), PEER_IP);
}

/* 4.4.3: BGP4MP_MESSAGE_AS4, 4-octet ASNs throughout. */
static void
test_message_as4(void **state)
{
	struct fx *f = *state;
	static const char *const nlri[] = { "10.30.0.0/16", NULL };
	const struct snap *s;
	struct wmark m;
	struct bgp_mark k;

	put_update_record(&f->b, BGP4MP_MESSAGE_AS4, NULL, true, nlri);
	assert_int_equal(decode_reset(f), 1);
	s = &f->g.s[0];
	assert_true(s->rec.as4);
	assert_string_equal(s->path, "65001 4200000001");

	/* The peer AS in the header is four octets too. */
	m = mrt_begin(&f->b, T0, MRT_BGP4MP, BGP4MP_MESSAGE_AS4);
	bgp4mp_peer(&f->b, 4, AS4_BIG, LOCAL_AS, "2001:db8::1", "2001:db8::2");
	k = bgp_begin(&f->b, BGP_MSG_KEEPALIVE);
	bgp_end(&f->b, k);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), 1);
	assert_int_equal(f->g.s[0].rec.peer_as, AS4_BIG);
	assert_string_equal(atext(&f->g.s[0].rec.peer_addr), "2001:db8::1");
}

/* 4.4.6 and 4.4.7: messages sent by the local side. */
static void
test_message_local(void **state)
{
	struct fx *f = *state;
	static const char *const nlri[] = { "10.40.0.0/16", NULL };
	static const uint16_t subtypes[] = { BGP4MP_MESSAGE_LOCAL,
	    BGP4MP_MESSAGE_AS4_LOCAL };
	size_t i;

	for (i = 0; i < 2; i++) {
		put_update_record(&f->b, subtypes[i], NULL, true, nlri);
		assert_int_equal(decode_reset(f), 1);
		assert_no_skip(f);
		assert_true(f->g.s[0].rec.local_msg);
		assert_int_equal(f->g.s[0].rec.as4, i == 1);
		assert_route(&f->g.s[0], BGP_KIND_ANNOUNCE, "10.40.0.0/16",
		    false);
		assert_string_equal(f->g.s[0].path, i == 1 ?
		    "65001 4200000001" : "65001");
	}
}

/*
 * RFC 8050 3: the four ADD-PATH message subtypes; RFC 7911 3: a path
 * identifier before each prefix, withdrawn and announced.
 */
static void
test_message_addpath(void **state)
{
	struct fx *f = *state;
	static const uint16_t subtypes[] = { BGP4MP_MESSAGE_ADDPATH,
	    BGP4MP_MESSAGE_AS4_ADDPATH, BGP4MP_MESSAGE_LOCAL_ADDPATH,
	    BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH };
	static const uint32_t path[] = { PEER_AS };
	size_t i;

	for (i = 0; i < 4; i++) {
		uint16_t st = subtypes[i];
		int asn = subtype_asn_size(st);
		struct wmark m = msg_begin(&f->b, st), mp;
		struct bgp_mark bm = bgp_begin(&f->b, BGP_MSG_UPDATE);
		struct update_mark u = update_withdrawn_begin(&f->b);

		put_prefix_id(&f->b, 100, "10.50.0.0/16");
		update_attrs_begin(&f->b, &u);
		put_basic_attrs(&f->b, asn, path, 1, PEER_IP);
		mp = attr_mp_reach_begin(&f->b, AFI_IPV6, SAFI_UNICAST,
		    "2001:db8::1", NULL);
		put_prefix_id(&f->b, 300, "2001:db8:50::/48");
		attr_end(&f->b, mp);
		update_nlri_begin(&f->b, &u);
		put_prefix_id(&f->b, 200, "10.51.0.0/16");
		put_prefix_id(&f->b, 201, "10.51.0.0/16");
		bgp_end(&f->b, bm);
		mrt_end(&f->b, m);

		assert_int_equal(decode_reset(f), 4);
		assert_no_skip(f);
		assert_route(&f->g.s[0], BGP_KIND_WITHDRAW, "10.50.0.0/16",
		    false);
		assert_route(&f->g.s[1], BGP_KIND_ANNOUNCE, "10.51.0.0/16",
		    false);
		assert_route(&f->g.s[2], BGP_KIND_ANNOUNCE, "10.51.0.0/16",
		    false);
		assert_route(&f->g.s[3], BGP_KIND_ANNOUNCE, "2001:db8:50::/48",
		    true);
		assert_true(f->g.s[0].rec.has_path_id);
		assert_int_equal(f->g.s[0].rec.path_id, 100);
		assert_int_equal(f->g.s[1].rec.path_id, 200);
		assert_int_equal(f->g.s[2].rec.path_id, 201);
		assert_int_equal(f->g.s[3].rec.path_id, 300);
		assert_int_equal(f->g.s[3].rec.local_msg,
		    st == BGP4MP_MESSAGE_LOCAL_ADDPATH ||
		    st == BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH);
		assert_int_equal(f->g.s[0].rec.as4, asn == 4);
	}
}

/*
 * BGP4MP_ENTRY (subtype 2, MRT draft) as OpenBGPD writes it: BGP4MP
 * header, view, status, originated, AFI, SAFI, next hop length, next
 * hop, prefix, attribute length, attributes.
 */
static void
put_entry_record(struct wbuf *b, uint16_t afi, const char *nh,
    const char *prefix)
{
	static const uint32_t path[] = { 65001, 65005 };
	struct wmark m = mrt_begin(b, T0, MRT_BGP4MP, BGP4MP_ENTRY), nl, a;

	bgp4mp_peer(b, 2, PEER_AS, LOCAL_AS, PEER_IP, LOCAL_IP);
	put_n16(b, 4);				/* view */
	put_n16(b, 1);				/* status */
	put_n32(b, T0 - 10);			/* originated */
	put_n16(b, afi);
	put_u8(b, SAFI_UNICAST);
	nl = wbuf_mark(b, 1);
	put_ip(b, nh);
	wbuf_patch(b, nl);
	put_prefix(b, prefix);
	a = wbuf_mark(b, 2);
	put_basic_attrs(b, 2, path, 2, afi == AFI_IPV4 ? nh : NULL);
	wbuf_patch(b, a);
	mrt_end(b, m);
}

static void
test_bgp4mp_entry(void **state)
{
	struct fx *f = *state;
	const struct snap *s;

	put_entry_record(&f->b, AFI_IPV4, "192.0.2.1", "10.60.0.0/16");
	assert_int_equal(decode_reset(f), 1);
	assert_no_skip(f);
	s = &f->g.s[0];
	assert_route(s, BGP_KIND_RIB, "10.60.0.0/16", false);
	assert_int_equal(s->rec.view, 4);
	assert_int_equal(s->rec.originated, T0 - 10);
	assert_int_equal(s->rec.peer_as, PEER_AS);
	assert_string_equal(s->path, "65001 65005");
	assert_int_equal(s->attrs.mp_nexthop_len, 4);
	assert_string_equal(atext(&s->attrs.mp_nexthop), "192.0.2.1");

	put_entry_record(&f->b, AFI_IPV6, "2001:db8::1", "2001:db8:60::/48");
	assert_int_equal(decode_reset(f), 1);
	s = &f->g.s[0];
	assert_route(s, BGP_KIND_RIB, "2001:db8:60::/48", false);
	assert_int_equal(s->attrs.mp_afi, AFI_IPV6);
	assert_int_equal(s->attrs.mp_nexthop_len, 16);
	assert_string_equal(atext(&s->attrs.mp_nexthop), "2001:db8::1");
}

/* SNAPSHOT holds a file name, no routes; unassigned subtypes likewise. */
static void
test_bgp4mp_snapshot(void **state)
{
	struct fx *f = *state;
	struct wmark m;

	m = mrt_begin(&f->b, T0, MRT_BGP4MP, BGP4MP_SNAPSHOT);
	put_n16(&f->b, 0);			/* view */
	put_bytes(&f->b, "/tmp/rib\0", 9);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_UNKNOWN_SUBTYPE);

	m = mrt_begin(&f->b, T0, MRT_BGP4MP_ET, 12);
	put_n32(&f->b, 0);
	put_fill(&f->b, 0, 8);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_UNKNOWN_SUBTYPE);
}

/* The address family field of the BGP4MP header is 1 or 2. */
static void
test_bgp4mp_bad_afi(void **state)
{
	struct fx *f = *state;
	struct wmark m = mrt_begin(&f->b, T0, MRT_BGP4MP, BGP4MP_STATE_CHANGE);

	put_n16(&f->b, PEER_AS);
	put_n16(&f->b, LOCAL_AS);
	put_n16(&f->b, 0);
	put_n16(&f->b, 3);			/* no such family here */
	put_fill(&f->b, 0, 12);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/*
 * Zebra wrote OPENs in BGP4MP_MESSAGE without interface index, family
 * and addresses: the BGP marker follows the two ASNs.
 */
static void
test_zebra_open(void **state)
{
	struct fx *f = *state;
	struct wmark m = mrt_begin(&f->b, T0, MRT_BGP4MP, BGP4MP_MESSAGE);
	struct bgp_mark o;

	put_n16(&f->b, PEER_AS);
	put_n16(&f->b, LOCAL_AS);
	o = bgp_begin(&f->b, BGP_MSG_OPEN);
	put_u8(&f->b, 4);
	put_n16(&f->b, PEER_AS);
	put_n16(&f->b, 90);
	put_ipv4(&f->b, "192.0.2.1");
	put_u8(&f->b, 0);
	bgp_end(&f->b, o);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_OPEN);
	assert_int_equal(f->g.s[0].rec.peer_as, PEER_AS);
	assert_int_equal(f->g.s[0].rec.open.hold_time, 90);
	assert_int_equal(f->g.s[0].rec.peer_addr.afi, 0);
}

/* ------------------------------------------------------------------ */
/* BGP messages, RFC 4271 4                                            */

/* 4.2 OPEN; RFC 5492 capabilities; RFC 6793, RFC 7911, RFC 4760 8. */
static void
test_open(void **state)
{
	struct fx *f = *state;
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4), opt, par, cap;
	struct bgp_mark o = bgp_begin(&f->b, BGP_MSG_OPEN);
	const struct bgp_open_info *op;
	size_t opt_at;

	put_u8(&f->b, 4);			/* version */
	put_n16(&f->b, 23456);			/* My AS: AS_TRANS */
	put_n16(&f->b, 180);			/* hold time */
	put_ipv4(&f->b, "192.0.2.9");		/* BGP identifier */
	opt = wbuf_mark(&f->b, 1);
	opt_at = f->b.len;
	put_u8(&f->b, 2);			/* Capabilities */
	par = wbuf_mark(&f->b, 1);
	put_u8(&f->b, 1);			/* multiprotocol: IPv4 */
	cap = wbuf_mark(&f->b, 1);
	put_n16(&f->b, AFI_IPV4), put_u8(&f->b, 0), put_u8(&f->b, 1);
	wbuf_patch(&f->b, cap);
	put_u8(&f->b, 1);			/* multiprotocol: IPv6 */
	cap = wbuf_mark(&f->b, 1);
	put_n16(&f->b, AFI_IPV6), put_u8(&f->b, 0), put_u8(&f->b, 1);
	wbuf_patch(&f->b, cap);
	put_u8(&f->b, 2), put_u8(&f->b, 0);	/* route refresh */
	put_u8(&f->b, 65);			/* 4-octet AS */
	cap = wbuf_mark(&f->b, 1);
	put_n32(&f->b, AS4_BIG);
	wbuf_patch(&f->b, cap);
	wbuf_patch(&f->b, par);
	/* A second Capabilities parameter, as RFC 5492 4 allows. */
	put_u8(&f->b, 2);
	par = wbuf_mark(&f->b, 1);
	put_u8(&f->b, 69);			/* ADD-PATH, send+receive */
	cap = wbuf_mark(&f->b, 1);
	put_n16(&f->b, AFI_IPV4), put_u8(&f->b, 1), put_u8(&f->b, 3);
	wbuf_patch(&f->b, cap);
	put_u8(&f->b, 64);			/* graceful restart */
	cap = wbuf_mark(&f->b, 1);
	put_n16(&f->b, 120);
	wbuf_patch(&f->b, cap);
	put_u8(&f->b, 6), put_u8(&f->b, 0);	/* extended message */
	put_u8(&f->b, 200), put_u8(&f->b, 1), put_u8(&f->b, 0xaa);
	wbuf_patch(&f->b, par);
	wbuf_patch(&f->b, opt);
	bgp_end(&f->b, o);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_no_skip(f);
	assert_int_equal(f->g.s[0].rec.kind, BGP_KIND_MESSAGE);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_OPEN);
	op = &f->g.s[0].rec.open;
	assert_int_equal(op->version, 4);
	assert_int_equal(op->my_as, 23456);
	assert_int_equal(op->hold_time, 180);
	assert_string_equal(atext(&op->bgp_id), "192.0.2.9");
	assert_true(op->cap_as4);
	assert_int_equal(op->as4, AS4_BIG);
	assert_true(op->cap_mp_ipv4_unicast);
	assert_true(op->cap_mp_ipv6_unicast);
	assert_true(op->cap_route_refresh);
	assert_true(op->cap_addpath);
	assert_true(op->cap_graceful_restart);
	assert_true(op->cap_extended_message);
	assert_int_equal(op->opt_len, f->b.len - opt_at);
	assert_ptr_equal(op->opt_params, f->b.data + opt_at);

	/* Nothing advertised: every capability false. */
	wbuf_reset(&f->b);
	m = msg_begin(&f->b, BGP4MP_MESSAGE);
	o = bgp_begin(&f->b, BGP_MSG_OPEN);
	put_u8(&f->b, 4);
	put_n16(&f->b, PEER_AS);
	put_n16(&f->b, 0);
	put_ipv4(&f->b, "192.0.2.9");
	put_u8(&f->b, 0);
	bgp_end(&f->b, o);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), 1);
	op = &f->g.s[0].rec.open;
	assert_int_equal(op->my_as, PEER_AS);
	assert_false(op->cap_as4 || op->cap_addpath || op->cap_route_refresh ||
	    op->cap_mp_ipv4_unicast || op->cap_mp_ipv6_unicast ||
	    op->cap_graceful_restart || op->cap_extended_message);
	assert_int_equal(op->opt_len, 0);
}

/* An optional parameter longer than the optional parameters field. */
static void
test_open_malformed(void **state)
{
	struct fx *f = *state;
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	struct bgp_mark o = bgp_begin(&f->b, BGP_MSG_OPEN);

	put_u8(&f->b, 4);
	put_n16(&f->b, PEER_AS);
	put_n16(&f->b, 180);
	put_ipv4(&f->b, "192.0.2.9");
	put_u8(&f->b, 4);			/* optional parameters: 4 */
	put_u8(&f->b, 2);
	put_u8(&f->b, 6);			/* but this one wants 6 */
	put_n16(&f->b, 0);
	bgp_end(&f->b, o);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/* 4.5: error code, subcode, data. */
static void
test_notification(void **state)
{
	struct fx *f = *state;
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	struct bgp_mark n = bgp_begin(&f->b, BGP_MSG_NOTIFICATION);
	const struct bgp_notification_info *ni;
	size_t data_at;

	put_u8(&f->b, 6);			/* Cease */
	put_u8(&f->b, 2);			/* Administrative Shutdown */
	data_at = f->b.len;
	put_u8(&f->b, 3);			/* RFC 9003 2 */
	put_bytes(&f->b, "bye", 3);
	bgp_end(&f->b, n);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_NOTIFICATION);
	ni = &f->g.s[0].rec.notification;
	assert_int_equal(ni->code, 6);
	assert_int_equal(ni->subcode, 2);
	assert_int_equal(ni->len, 4);
	/* The data is borrowed from the record, not copied. */
	assert_ptr_equal(ni->data, f->b.data + data_at);
	assert_memory_equal(ni->data, "\x03" "bye", 4);
	wbuf_reset(&f->b);

	/* Code without subcode is too short. */
	m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	n = bgp_begin(&f->b, BGP_MSG_NOTIFICATION);
	put_u8(&f->b, 6);
	bgp_end(&f->b, n);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

static void
test_notification_data(void **state)
{
	struct fx *f = *state;
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE);
	struct bgp_mark n = bgp_begin(&f->b, BGP_MSG_NOTIFICATION);
	const struct bgp_notification_info *ni;

	put_u8(&f->b, 3);			/* UPDATE Message Error */
	put_u8(&f->b, 11);			/* Malformed AS_PATH */
	put_n32(&f->b, 0xdeadbeef);
	bgp_end(&f->b, n);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	ni = &f->g.s[0].rec.notification;
	assert_int_equal(ni->code, 3);
	assert_int_equal(ni->subcode, 11);
	assert_int_equal(ni->len, 4);
	assert_ptr_equal(ni->data, f->b.data + f->b.len - 4);
	assert_memory_equal(ni->data, "\xde\xad\xbe\xef", 4);
}

/* 4.4: the 19-octet header and nothing else. */
static void
test_keepalive(void **state)
{
	struct fx *f = *state;
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4_LOCAL);
	struct bgp_mark k = bgp_begin(&f->b, BGP_MSG_KEEPALIVE);

	bgp_end(&f->b, k);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), 1);
	assert_int_equal(f->g.s[0].rec.kind, BGP_KIND_MESSAGE);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_KEEPALIVE);
	assert_true(f->g.s[0].rec.local_msg);
}

/* RFC 2918 3: AFI, reserved, SAFI. */
static void
test_route_refresh(void **state)
{
	struct fx *f = *state;
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	struct bgp_mark rr = bgp_begin(&f->b, BGP_MSG_ROUTE_REFRESH);

	put_n16(&f->b, AFI_IPV6);
	put_u8(&f->b, 0);
	put_u8(&f->b, SAFI_MULTICAST);
	bgp_end(&f->b, rr);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 1);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_ROUTE_REFRESH);
	assert_int_equal(f->g.s[0].rec.refresh_afi, AFI_IPV6);
	assert_int_equal(f->g.s[0].rec.refresh_safi, SAFI_MULTICAST);

	m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	rr = bgp_begin(&f->b, BGP_MSG_ROUTE_REFRESH);
	put_n16(&f->b, AFI_IPV6);
	bgp_end(&f->b, rr);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/* RFC 4271 4.1: types beyond those defined are errors. */
static void
test_unknown_message_type(void **state)
{
	struct fx *f = *state;
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	struct bgp_mark x = bgp_begin(&f->b, 9);

	put_n32(&f->b, 0);
	bgp_end(&f->b, x);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/* RFC 4724 2: End-of-RIB for IPv4 unicast is an empty UPDATE. */
static void
test_end_of_rib_ipv4(void **state)
{
	struct fx *f = *state;

	put_update_record(&f->b, BGP4MP_MESSAGE_AS4, NULL, false, NULL);
	assert_int_equal(decode(f), 1);
	assert_no_skip(f);
	assert_int_equal(f->g.s[0].rec.kind, BGP_KIND_MESSAGE);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_END_OF_RIB);
	assert_int_equal(f->g.s[0].rec.afi, AFI_IPV4);
	assert_int_equal(f->g.s[0].rec.safi, SAFI_UNICAST);
}

/* ...and for other families an UPDATE with only an empty MP_UNREACH. */
static void
put_eor_record(struct wbuf *b, uint16_t afi, uint8_t safi)
{
	struct wmark m = msg_begin(b, BGP4MP_MESSAGE_AS4), mp;
	struct bgp_mark bm = bgp_begin(b, BGP_MSG_UPDATE);
	struct update_mark u = update_withdrawn_begin(b);

	update_attrs_begin(b, &u);
	mp = attr_mp_unreach_begin(b, afi, safi);
	attr_end(b, mp);
	update_nlri_begin(b, &u);
	bgp_end(b, bm);
	mrt_end(b, m);
}

static void
test_end_of_rib_ipv6(void **state)
{
	struct fx *f = *state;

	put_eor_record(&f->b, AFI_IPV6, SAFI_UNICAST);
	assert_int_equal(decode(f), 1);
	assert_no_skip(f);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_END_OF_RIB);
	assert_int_equal(f->g.s[0].rec.afi, AFI_IPV6);
	assert_int_equal(f->g.s[0].rec.safi, SAFI_UNICAST);
}

/*
 * The End-of-RIB marker of a family this version does not decode
 * (VPNv4) is still an End-of-RIB (RFC 4724 2), with a note that the
 * family is not decoded; and it must not depend on which record was
 * decoded before.
 */
static void
test_end_of_rib_unsupported_stable(void **state)
{
	struct fx *f = *state;
	struct wmark m, mp;
	struct bgp_mark bm;
	struct update_mark u;
	int rc_fresh, n_fresh;
	enum skip_reason why_fresh;
	uint16_t type_fresh = 0;

	put_eor_record(&f->b, AFI_IPV4, 128);
	rc_fresh = decode_reset(f);
	n_fresh = f->g.n;
	why_fresh = f->err.reason;
	if (n_fresh > 0)
		type_fresh = f->g.s[0].rec.msg_type;
	assert_int_equal(rc_fresh, 1);
	assert_int_equal(type_fresh, BGP_MSG_END_OF_RIB);
	assert_int_equal(f->g.s[0].rec.afi, AFI_IPV4);
	assert_int_equal(f->g.s[0].rec.safi, 128);
	assert_int_equal(why_fresh, SKIP_UNSUPPORTED_AFI);

	/* An IPv6 withdrawal through MP_UNREACH_NLRI... */
	m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	bm = bgp_begin(&f->b, BGP_MSG_UPDATE);
	u = update_withdrawn_begin(&f->b);
	update_attrs_begin(&f->b, &u);
	mp = attr_mp_unreach_begin(&f->b, AFI_IPV6, SAFI_UNICAST);
	put_prefix(&f->b, "2001:db8:70::/48");
	attr_end(&f->b, mp);
	update_nlri_begin(&f->b, &u);
	bgp_end(&f->b, bm);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 1);

	/* ...then the same VPNv4 End-of-RIB again. */
	put_eor_record(&f->b, AFI_IPV4, 128);
	assert_int_equal(decode(f), rc_fresh);
	assert_int_equal(f->g.n, n_fresh);
	assert_int_equal(f->err.reason, why_fresh);
	if (n_fresh > 0)
		assert_int_equal(f->g.s[0].rec.msg_type, type_fresh);
}

/*
 * RFC 4271 4.3 and RFC 4760: every prefix list of an UPDATE in one
 * message, in the order withdrawals (IPv4 field, MP_UNREACH_NLRI) then
 * announcements (IPv4 field, MP_REACH_NLRI).
 */
static void
test_update_order(void **state)
{
	struct fx *f = *state;
	static const uint32_t path[] = { PEER_AS, 65100 };
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4), mp;
	struct bgp_mark bm = bgp_begin(&f->b, BGP_MSG_UPDATE);
	struct update_mark u = update_withdrawn_begin(&f->b);
	int i;

	put_prefix(&f->b, "10.0.0.0/8");
	put_prefix(&f->b, "172.16.0.0/12");
	update_attrs_begin(&f->b, &u);
	put_basic_attrs(&f->b, 4, path, 2, PEER_IP);
	/* MP_REACH before MP_UNREACH on the wire: order must not follow. */
	mp = attr_mp_reach_begin(&f->b, AFI_IPV6, SAFI_UNICAST, "2001:db8::1",
	    "fe80::1");
	put_prefix(&f->b, "2001:db8:beef::/48");
	put_prefix(&f->b, "2001:db8:cafe::/48");
	attr_end(&f->b, mp);
	mp = attr_mp_unreach_begin(&f->b, AFI_IPV6, SAFI_UNICAST);
	put_prefix(&f->b, "2001:db8:dead::/48");
	attr_end(&f->b, mp);
	update_nlri_begin(&f->b, &u);
	put_prefix(&f->b, "192.0.2.0/24");
	bgp_end(&f->b, bm);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 6);
	assert_no_skip(f);
	assert_route(&f->g.s[0], BGP_KIND_WITHDRAW, "10.0.0.0/8", false);
	assert_route(&f->g.s[1], BGP_KIND_WITHDRAW, "172.16.0.0/12", false);
	assert_route(&f->g.s[2], BGP_KIND_WITHDRAW, "2001:db8:dead::/48",
	    true);
	assert_route(&f->g.s[3], BGP_KIND_ANNOUNCE, "192.0.2.0/24", false);
	assert_route(&f->g.s[4], BGP_KIND_ANNOUNCE, "2001:db8:beef::/48",
	    true);
	assert_route(&f->g.s[5], BGP_KIND_ANNOUNCE, "2001:db8:cafe::/48",
	    true);
	for (i = 0; i < 6; i++) {
		assert_int_equal(f->g.s[i].rec.safi, SAFI_UNICAST);
		assert_int_equal(f->g.s[i].rec.msg_type, BGP_MSG_UPDATE);
		/* The UPDATE's attributes go with withdrawals too. */
		assert_non_null(f->g.s[i].rec.attrs);
		assert_string_equal(f->g.s[i].path, "65001 65100");
	}
	assert_string_equal(atext(&f->g.s[4].attrs.mp_nexthop), "2001:db8::1");
	assert_string_equal(atext(&f->g.s[4].attrs.mp_nexthop_local),
	    "fe80::1");
	assert_int_equal(f->g.s[4].attrs.mp_nexthop_len, 32);
	assert_string_equal(atext(&f->g.s[3].attrs.next_hop), PEER_IP);
}

/* RFC 4760: IPv4 multicast (SAFI 2) travels in MP_REACH_NLRI. */
static void
test_mp_ipv4_multicast(void **state)
{
	struct fx *f = *state;
	static const uint32_t path[] = { PEER_AS };
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4), mp;
	struct bgp_mark bm = bgp_begin(&f->b, BGP_MSG_UPDATE);
	struct update_mark u = update_withdrawn_begin(&f->b);

	update_attrs_begin(&f->b, &u);
	put_basic_attrs(&f->b, 4, path, 1, NULL);
	mp = attr_mp_reach_begin(&f->b, AFI_IPV4, SAFI_MULTICAST,
	    "192.0.2.33", NULL);
	put_prefix(&f->b, "198.51.100.0/24");
	attr_end(&f->b, mp);
	mp = attr_mp_unreach_begin(&f->b, AFI_IPV4, SAFI_MULTICAST);
	put_prefix(&f->b, "198.51.101.0/24");
	attr_end(&f->b, mp);
	update_nlri_begin(&f->b, &u);
	bgp_end(&f->b, bm);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 2);
	assert_no_skip(f);
	assert_route(&f->g.s[0], BGP_KIND_WITHDRAW, "198.51.101.0/24", true);
	assert_route(&f->g.s[1], BGP_KIND_ANNOUNCE, "198.51.100.0/24", true);
	assert_int_equal(f->g.s[0].rec.safi, SAFI_MULTICAST);
	assert_int_equal(f->g.s[1].rec.safi, SAFI_MULTICAST);
	assert_int_equal(f->g.s[1].attrs.mp_nexthop_len, 4);
	assert_string_equal(atext(&f->g.s[1].attrs.mp_nexthop), "192.0.2.33");
}

/*
 * RFC 4364 4.3.4: VPNv4 (AFI 1, SAFI 128) is valid data this version
 * does not decode; the IPv4 routes of the same UPDATE still come out,
 * and the skip is reported as a note.
 */
static void
test_vpnv4_skipped(void **state)
{
	struct fx *f = *state;
	static const uint32_t path[] = { PEER_AS };
	struct wmark m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4), mp, nl;
	struct bgp_mark bm = bgp_begin(&f->b, BGP_MSG_UPDATE);
	struct update_mark u = update_withdrawn_begin(&f->b);

	update_attrs_begin(&f->b, &u);
	put_basic_attrs(&f->b, 4, path, 1, PEER_IP);
	mp = attr_begin(&f->b, FL_OPTIONAL | FL_EXTLEN, ATTR_MP_REACH_NLRI);
	put_n16(&f->b, AFI_IPV4);
	put_u8(&f->b, 128);
	nl = wbuf_mark(&f->b, 1);
	put_fill(&f->b, 0, 8);			/* route distinguisher */
	put_ipv4(&f->b, "192.0.2.1");
	wbuf_patch(&f->b, nl);
	put_u8(&f->b, 0);
	put_u8(&f->b, 24 + 64 + 24);		/* label, RD, prefix */
	put_fill(&f->b, 0x11, 3 + 8);
	put_bytes(&f->b, "\x0a\x63\x00", 3);
	attr_end(&f->b, mp);
	update_nlri_begin(&f->b, &u);
	put_prefix(&f->b, "203.0.113.0/24");
	bgp_end(&f->b, bm);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_route(&f->g.s[0], BGP_KIND_ANNOUNCE, "203.0.113.0/24", false);
	assert_skip(f, SKIP_UNSUPPORTED_AFI);
	assert_false(skip_reason_is_error(f->err.reason));
}

/* RFC 4271 4.1: the marker is sixteen octets of ones. */
static void
test_bad_marker(void **state)
{
	struct fx *f = *state;
	static const char *const nlri[] = { "10.0.0.0/8", NULL };

	put_update_record(&f->b, BGP4MP_MESSAGE_AS4, NULL, true, nlri);
	/* 12 MRT + 4 + 4 + 2 + 2 + 4 + 4 BGP4MP: the marker's 6th octet. */
	f->b.data[12 + 20 + 5] = 0xfe;
	assert_int_equal(decode(f), -1);
	assert_skip(f, SKIP_BAD_MARKER);
}

/*
 * A BGP length that overruns its MRT record (the writer cut the
 * message): the prefixes before the cut are kept, and the record says
 * it was truncated.
 */
static void
test_bgp_length_overrun(void **state)
{
	struct fx *f = *state;
	static const char *const nlri[] = { "10.1.0.0/16", "10.2.0.0/16",
	    "10.3.0.0/16", NULL };
	const size_t bgp_len_at = 12 + 20 + 16;
	struct wmark m;
	struct bgp_mark k;

	/* Cut at a prefix boundary: all three, then the note. */
	put_update_record(&f->b, BGP4MP_MESSAGE_AS4, NULL, true, nlri);
	wbuf_set_n16(&f->b, bgp_len_at,
	    (uint16_t)(f->b.len - 12 - 20 + 10));
	assert_int_equal(decode_reset(f), 3);
	assert_skip(f, SKIP_TRUNCATED);
	assert_route(&f->g.s[2], BGP_KIND_ANNOUNCE, "10.3.0.0/16", false);

	/* Cut inside the last prefix: the two before it. */
	put_update_record(&f->b, BGP4MP_MESSAGE_AS4, NULL, true, nlri);
	f->b.len -= 2;
	wbuf_set_n32(&f->b, 8, (uint32_t)(f->b.len - 12));
	assert_int_equal(decode_reset(f), 2);
	assert_skip(f, SKIP_TRUNCATED);
	assert_route(&f->g.s[1], BGP_KIND_ANNOUNCE, "10.2.0.0/16", false);

	/* Any other message cut short is lost whole. */
	m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	k = bgp_begin(&f->b, BGP_MSG_NOTIFICATION);
	put_u8(&f->b, 6);
	put_u8(&f->b, 4);
	bgp_end(&f->b, k);
	mrt_end(&f->b, m);
	wbuf_set_n16(&f->b, bgp_len_at, 19 + 2 + 5);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);

	/* A length below the header's own 19 octets. */
	m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	k = bgp_begin(&f->b, BGP_MSG_KEEPALIVE);
	bgp_end(&f->b, k);
	mrt_end(&f->b, m);
	wbuf_set_n16(&f->b, bgp_len_at, 18);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/*
 * The NLRI field of an UPDATE, by hand (RFC 4271 4.3): "len, prefix"
 * pairs appended to an UPDATE whose other parts are fixed.
 */
static void
put_update_raw_nlri(struct wbuf *b, uint16_t subtype, const uint8_t *nlri,
    size_t len)
{
	static const uint32_t path[] = { PEER_AS };
	struct wmark m = msg_begin(b, subtype);
	struct bgp_mark bm = bgp_begin(b, BGP_MSG_UPDATE);
	struct update_mark u = update_withdrawn_begin(b);

	update_attrs_begin(b, &u);
	put_basic_attrs(b, subtype_asn_size(subtype), path, 1, PEER_IP);
	update_nlri_begin(b, &u);
	put_bytes(b, nlri, len);
	bgp_end(b, bm);
	mrt_end(b, m);
}

/* RFC 4271 4.3: an IPv4 prefix length is at most 32. */
static void
test_nlri_prefix_too_long(void **state)
{
	struct fx *f = *state;
	/* /33, and no reading with path identifiers fits either. */
	static const uint8_t alone[] = { 33, 10, 0, 0, 0, 0 };
	static const uint8_t after_good[] = { 24, 192, 0, 2, 33, 10, 0, 0, 0,
	    0 };

	put_update_raw_nlri(&f->b, BGP4MP_MESSAGE_AS4, alone, sizeof(alone));
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);

	put_update_raw_nlri(&f->b, BGP4MP_MESSAGE_AS4, after_good,
	    sizeof(after_good));
	assert_int_equal(decode_reset(f), 1);
	assert_skip(f, SKIP_MALFORMED);
	assert_route(&f->g.s[0], BGP_KIND_ANNOUNCE, "192.0.2.0/24", false);
}

/* A last prefix cut short loses itself only. */
static void
test_nlri_trailing_truncated(void **state)
{
	struct fx *f = *state;
	static const uint8_t nlri[] = { 24, 192, 0, 2, 24, 198, 51 };

	put_update_raw_nlri(&f->b, BGP4MP_MESSAGE_AS4, nlri, sizeof(nlri));
	assert_int_equal(decode(f), 1);
	assert_skip(f, SKIP_MALFORMED);
	assert_true(skip_reason_is_error(f->err.reason));
	assert_route(&f->g.s[0], BGP_KIND_ANNOUNCE, "192.0.2.0/24", false);
}

/*
 * RFC 7911 3 identifiers in a record whose subtype has none (BIRD does
 * this): the prefixes do not parse without them, and do with them.
 */
static void
test_addpath_detected(void **state)
{
	struct fx *f = *state;
	static const uint8_t nlri[] = {
		0, 0, 0, 1, 24, 10, 0, 0,	/* id 1, 10.0.0.0/24 */
		0, 0, 0, 2, 16, 11, 0,		/* id 2, 11.0.0.0/16 */
	};

	put_update_raw_nlri(&f->b, BGP4MP_MESSAGE_AS4, nlri, sizeof(nlri));
	assert_int_equal(decode(f), 2);
	assert_skip(f, NOTE_ADDPATH_FOUND);
	assert_false(skip_reason_is_error(f->err.reason));
	assert_route(&f->g.s[0], BGP_KIND_ANNOUNCE, "10.0.0.0/24", false);
	assert_route(&f->g.s[1], BGP_KIND_ANNOUNCE, "11.0.0.0/16", false);
	assert_true(f->g.s[0].rec.has_path_id);
	assert_int_equal(f->g.s[0].rec.path_id, 1);
	assert_int_equal(f->g.s[1].rec.path_id, 2);
}

/*
 * Bits beyond the prefix length: the record keeps the wire form (the
 * bgpdump text shows it) and the masked prefix for everything else.
 */
static void
test_host_bits(void **state)
{
	struct fx *f = *state;
	static const uint8_t nlri[] = { 23, 10, 0, 1 };	/* 10.0.1.0/23 */
	struct wmark m;

	put_update_raw_nlri(&f->b, BGP4MP_MESSAGE_AS4, nlri, sizeof(nlri));
	assert_int_equal(decode_reset(f), 1);
	assert_no_skip(f);
	assert_string_equal(ptext(&f->g.s[0].rec.wire_prefix), "10.0.1.0/23");
	assert_string_equal(ptext(&f->g.s[0].rec.prefix), "10.0.0.0/23");

	/* The same in a RIB record: 10.0.31.0/20 is 10.0.16.0/20. */
	load_two_peers(f);
	m = mrt_begin(&f->b, T0, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_u8(&f->b, 20);
	put_bytes(&f->b, "\x0a\x00\x1f", 3);
	put_n16(&f->b, 1);
	put_rib_entry(&f->b, 0, T0, false, 0, 64500);
	mrt_end(&f->b, m);
	assert_int_equal(decode(f), 1);
	assert_string_equal(ptext(&f->g.s[0].rec.wire_prefix),
	    "10.0.31.0/20");
	assert_string_equal(ptext(&f->g.s[0].rec.prefix), "10.0.16.0/20");
}

/* ------------------------------------------------------------------ */
/* The deprecated BGP type (5), RFC 6396 appendix B                    */

static struct wmark
legacy_begin(struct wbuf *b, uint16_t subtype)
{
	struct wmark m = mrt_begin(b, 945187200, MRT_BGP, subtype);

	put_n16(b, 3333);			/* peer AS */
	put_ipv4(b, "193.0.0.56");		/* peer address */
	put_n16(b, 12654);			/* local AS */
	put_ipv4(b, "193.0.4.28");		/* local address */
	return m;
}

/* BGP_UPDATE: the header, then an UPDATE without its 19-octet header. */
static void
test_legacy_update(void **state)
{
	struct fx *f = *state;
	static const uint32_t path[] = { 3333, 1103 };
	struct wmark m = legacy_begin(&f->b, BGP_UPDATE);
	struct update_mark u = update_withdrawn_begin(&f->b);

	put_prefix(&f->b, "192.87.0.0/16");
	update_attrs_begin(&f->b, &u);
	put_basic_attrs(&f->b, 2, path, 2, "193.0.0.56");
	update_nlri_begin(&f->b, &u);
	put_prefix(&f->b, "195.66.224.0/19");
	mrt_end(&f->b, m);

	assert_int_equal(decode_reset(f), 2);
	assert_no_skip(f);
	assert_route(&f->g.s[0], BGP_KIND_WITHDRAW, "192.87.0.0/16", false);
	assert_route(&f->g.s[1], BGP_KIND_ANNOUNCE, "195.66.224.0/19", false);
	assert_int_equal(f->g.s[1].rec.mrt_type, MRT_BGP);
	assert_int_equal(f->g.s[1].rec.peer_as, 3333);
	assert_int_equal(f->g.s[1].rec.local_as, 12654);
	assert_string_equal(atext(&f->g.s[1].rec.peer_addr), "193.0.0.56");
	assert_string_equal(atext(&f->g.s[1].rec.local_addr), "193.0.4.28");
	assert_false(f->g.s[1].rec.as4);
	assert_string_equal(f->g.s[1].path, "3333 1103");

	/* An NLRI prefix length beyond 32 is damage. */
	m = legacy_begin(&f->b, BGP_UPDATE);
	put_n16(&f->b, 0);
	put_n16(&f->b, 0);
	put_u8(&f->b, 40);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/* BGP_STATE_CHANGE: peer AS, peer address, old state, new state. */
static void
test_legacy_state_change(void **state)
{
	struct fx *f = *state;
	struct wmark m = mrt_begin(&f->b, 945187200, MRT_BGP,
	    BGP_STATE_CHANGE);

	put_n16(&f->b, 3333);
	put_ipv4(&f->b, "193.0.0.56");
	put_n16(&f->b, 6);
	put_n16(&f->b, 1);
	mrt_end(&f->b, m);

	assert_int_equal(decode(f), 1);
	assert_int_equal(f->g.s[0].rec.kind, BGP_KIND_STATE);
	assert_int_equal(f->g.s[0].rec.peer_as, 3333);
	assert_string_equal(atext(&f->g.s[0].rec.peer_addr), "193.0.0.56");
	assert_int_equal(f->g.s[0].rec.old_state, 6);
	assert_int_equal(f->g.s[0].rec.new_state, 1);
}

static void
test_legacy_messages(void **state)
{
	struct fx *f = *state;
	struct wmark m;

	/* BGP_OPEN: the body is not decoded, the record still counts. */
	m = legacy_begin(&f->b, BGP_OPEN);
	put_u8(&f->b, 4);
	put_n16(&f->b, 3333);
	put_n16(&f->b, 180);
	put_ipv4(&f->b, "193.0.0.56");
	put_u8(&f->b, 0);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 1);
	assert_int_equal(f->g.s[0].rec.kind, BGP_KIND_MESSAGE);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_OPEN);
	assert_int_equal(f->g.s[0].rec.peer_as, 3333);

	/* BGP_NOTIFY: code, subcode, data. */
	m = legacy_begin(&f->b, BGP_NOTIFY);
	put_u8(&f->b, 4);			/* Hold Timer Expired */
	put_u8(&f->b, 0);
	put_u8(&f->b, 0x77);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 1);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_NOTIFICATION);
	assert_int_equal(f->g.s[0].rec.notification.code, 4);
	assert_int_equal(f->g.s[0].rec.notification.subcode, 0);
	assert_int_equal(f->g.s[0].rec.notification.len, 1);

	/* BGP_KEEPALIVE: the header alone. */
	m = legacy_begin(&f->b, BGP_KEEPALIVE);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), 1);
	assert_int_equal(f->g.s[0].rec.msg_type, BGP_MSG_KEEPALIVE);
	assert_string_equal(atext(&f->g.s[0].rec.local_addr), "193.0.4.28");

	/* BGP_PREF_UPDATE and others: not decoded. */
	m = legacy_begin(&f->b, BGP_PREF_UPDATE);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_UNKNOWN_SUBTYPE);

	/* A header cut short. */
	m = mrt_begin(&f->b, 945187200, MRT_BGP, BGP_KEEPALIVE);
	put_n16(&f->b, 3333);
	mrt_end(&f->b, m);
	assert_int_equal(decode_reset(f), -1);
	assert_skip(f, SKIP_MALFORMED);
}

/* ------------------------------------------------------------------ */
/* Through a real input: record numbers, offsets, statistics           */

static char tmpdir[64];

static int
group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/lightsout-test-mrt.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
	char path[128];
	int i;

	(void)state;
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "%s/%d.mrt", tmpdir, i);
		(void)unlink(path);
	}
	return rmdir(tmpdir);
}

static void
write_file(const char *path, const struct wbuf *b)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	if (b->len > 0)
		assert_int_equal(fwrite(b->data, 1, b->len, fp), b->len);
	assert_int_equal(fclose(fp), 0);
}

/* Open a file of the temporary directory with input_open + mrt_open. */
static struct mrt_reader *
open_file(int n, const struct wbuf *b, struct input **in)
{
	char path[128], err[256];
	struct mrt_reader *r;

	snprintf(path, sizeof(path), "%s/%d.mrt", tmpdir, n);
	write_file(path, b);
	*in = input_open(path, err, sizeof(err));
	if (*in == NULL)
		fail_msg("%s", err);
	r = mrt_open(*in);
	assert_non_null(r);
	return r;
}

/*
 * Records 1 (peer index), 2 (two RIB entries), 3 (damaged body, sane
 * length), 4 (_ET state change), then a header torn after 5 octets.
 */
static void
test_input_stream(void **state)
{
	struct fx *f = *state;
	struct input *in;
	struct mrt_reader *r;
	const struct bgp_record *rec;
	struct decode_error err;
	const struct decode_stats *st;
	size_t off[5];
	struct wmark m;
	struct bgp_mark bm;

	off[0] = f->b.len;
	put_peer_index(&f->b, "", two_peers, 2);
	off[1] = f->b.len;
	m = mrt_begin(&f->b, T0 + 1, MRT_TABLE_DUMP_V2, TD2_RIB_IPV4_UNICAST);
	put_n32(&f->b, 0);
	put_prefix(&f->b, "10.0.0.0/8");
	put_n16(&f->b, 2);
	put_rib_entry(&f->b, 0, T0, false, 0, 64500);
	put_rib_entry(&f->b, 1, T0, false, 0, 64501);
	mrt_end(&f->b, m);
	off[2] = f->b.len;
	/* An UPDATE whose attribute length overruns the message. */
	m = msg_begin(&f->b, BGP4MP_MESSAGE_AS4);
	bm = bgp_begin(&f->b, BGP_MSG_UPDATE);
	put_n16(&f->b, 0);
	put_n16(&f->b, 200);
	put_fill(&f->b, 0x40, 7);
	bgp_end(&f->b, bm);
	mrt_end(&f->b, m);
	off[3] = f->b.len;
	m = mrt_begin_et(&f->b, T0 + 3, MRT_BGP4MP_ET, BGP4MP_STATE_CHANGE,
	    500);
	bgp4mp_peer(&f->b, 2, PEER_AS, LOCAL_AS, PEER_IP, LOCAL_IP);
	put_n16(&f->b, 5);
	put_n16(&f->b, 6);
	mrt_end(&f->b, m);
	off[4] = f->b.len;
	put_n32(&f->b, T0 + 4);
	put_u8(&f->b, 0);

	r = open_file(0, &f->b, &in);

	assert_int_equal(mrt_next(r, &rec, &err), MRT_OK);
	assert_int_equal(rec->kind, BGP_KIND_RIB);
	assert_int_equal(rec->record_no, 2);
	assert_int_equal(rec->offset, off[1]);
	assert_int_equal(rec->peer_as, 65001);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_OK);
	assert_int_equal(rec->record_no, 2);
	assert_int_equal(rec->offset, off[1]);
	assert_int_equal(rec->peer_as, AS4_BIG);
	assert_non_null(rec->attrs);
	assert_int_equal(rec->attrs->as_path.asns[0], 64501);

	assert_int_equal(mrt_next(r, &rec, &err), MRT_SKIP);
	assert_int_equal(err.reason, SKIP_MALFORMED);
	assert_int_equal(err.record_no, 3);
	assert_int_equal(err.offset, off[2]);
	assert_non_null(err.file);
	assert_non_null(strstr(err.file, "0.mrt"));

	assert_int_equal(mrt_next(r, &rec, &err), MRT_OK);
	assert_int_equal(rec->kind, BGP_KIND_STATE);
	assert_int_equal(rec->record_no, 4);
	assert_int_equal(rec->offset, off[3]);
	assert_true(rec->has_usec);
	assert_int_equal(rec->usec, 500);
	assert_int_equal(rec->new_state, 6);

	assert_int_equal(mrt_next(r, &rec, &err), MRT_SKIP);
	assert_int_equal(err.reason, SKIP_TORN_HEADER);
	assert_int_equal(err.offset, f->b.len);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_END);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_END);

	st = mrt_stats(r);
	assert_int_equal(st->records, 4);
	assert_int_equal(st->decoded, 3);	/* all but the damaged one */
	assert_int_equal(st->items, 3);
	assert_int_equal(st->skipped[SKIP_MALFORMED], 1);
	assert_int_equal(st->skipped[SKIP_TORN_HEADER], 1);
	assert_int_equal(decode_stats_skipped(st, false), 2);
	/* Every whole record was consumed (the torn tail may not count). */
	assert_true(st->bytes >= off[4] && st->bytes <= f->b.len);
	mrt_close(r);
	input_close(in);
}

/* The last record's length promises more than the file holds. */
static void
test_input_truncated(void **state)
{
	struct fx *f = *state;
	struct input *in;
	struct mrt_reader *r;
	const struct bgp_record *rec;
	struct decode_error err;
	const struct decode_stats *st;
	size_t second;
	struct wmark m;

	m = msg_begin(&f->b, BGP4MP_STATE_CHANGE);
	put_n16(&f->b, 1);
	put_n16(&f->b, 2);
	mrt_end(&f->b, m);
	second = f->b.len;
	m = msg_begin(&f->b, BGP4MP_STATE_CHANGE);
	put_n16(&f->b, 2);
	put_n16(&f->b, 3);
	mrt_end(&f->b, m);
	f->b.len -= 3;

	r = open_file(1, &f->b, &in);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_OK);
	assert_int_equal(rec->record_no, 1);
	assert_int_equal(rec->offset, 0);
	assert_int_equal(rec->new_state, 2);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_SKIP);
	assert_int_equal(err.reason, SKIP_TRUNCATED);
	assert_int_equal(err.record_no, 2);
	assert_int_equal(err.offset, second);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_END);

	st = mrt_stats(r);
	assert_int_equal(st->records, 2);
	assert_int_equal(st->decoded, 1);
	assert_int_equal(st->items, 1);
	assert_int_equal(st->skipped[SKIP_TRUNCATED], 1);
	mrt_close(r);
	input_close(in);
}

/*
 * A header whose type no registry lists is no header: the framing is
 * lost, reported once, and the file ends there.
 */
static void
test_input_lost_framing(void **state)
{
	struct fx *f = *state;
	struct input *in;
	struct mrt_reader *r;
	const struct bgp_record *rec;
	struct decode_error err;
	struct wmark m;

	m = msg_begin(&f->b, BGP4MP_STATE_CHANGE);
	put_n16(&f->b, 1);
	put_n16(&f->b, 2);
	mrt_end(&f->b, m);
	put_fill(&f->b, 0x99, 40);

	r = open_file(2, &f->b, &in);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_OK);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_SKIP);
	assert_int_equal(err.reason, SKIP_MALFORMED);
	assert_int_equal(err.record_no, 2);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_END);
	mrt_close(r);
	input_close(in);
}

static void
test_input_empty(void **state)
{
	struct fx *f = *state;
	struct input *in;
	struct mrt_reader *r;
	const struct bgp_record *rec;
	struct decode_error err;

	r = open_file(3, &f->b, &in);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_END);
	assert_int_equal(mrt_stats(r)->records, 0);
	assert_int_equal(decode_stats_skipped(mrt_stats(r), false), 0);
	mrt_close(r);
	input_close(in);
}

/*
 * Notes come after the routes of their record, and a record whose
 * routes all came out with only a note is still decoded.
 */
static void
test_input_notes(void **state)
{
	struct fx *f = *state;
	struct input *in;
	struct mrt_reader *r;
	const struct bgp_record *rec;
	struct decode_error err;
	/* As in test_addpath_detected: no parse without identifiers. */
	static const uint8_t nlri[] = { 0, 0, 0, 1, 24, 10, 0, 0, 0, 0, 0, 2,
	    16, 11, 0 };

	put_update_raw_nlri(&f->b, BGP4MP_MESSAGE_AS4, nlri, sizeof(nlri));
	r = open_file(4, &f->b, &in);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_OK);
	assert_int_equal(rec->path_id, 1);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_OK);
	assert_int_equal(rec->path_id, 2);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_SKIP);
	assert_int_equal(err.reason, NOTE_ADDPATH_FOUND);
	assert_int_equal(err.record_no, 1);
	assert_int_equal(mrt_next(r, &rec, &err), MRT_END);
	assert_int_equal(mrt_stats(r)->decoded, 1);
	assert_int_equal(mrt_stats(r)->skipped[NOTE_ADDPATH_FOUND], 1);
	mrt_close(r);
	input_close(in);
}

/* ------------------------------------------------------------------ */
/* Corpus records cut at every length, and with bytes flipped          */

struct corpus {
	uint8_t	*data;
	size_t	 len;
	size_t	*off;		/* record starts */
	size_t	 n;
};

/*
 * Whole records first .. first + max_records - 1 of a corpus file (any
 * codec zlib reads: gzip or none).
 */
static void
corpus_load(struct corpus *c, const char *name, size_t first,
    size_t max_records)
{
	char path[256];
	gzFile gz;
	size_t cap = 1 << 20, pos = 0, i = 0;
	int n;

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), "%s/%s", DATADIR, name);
	gz = gzopen(path, "rb");
	if (gz == NULL)
		fail_msg("cannot open %s", path);
	c->data = malloc(cap);
	assert_non_null(c->data);
	for (;;) {
		if (c->len == cap) {
			cap *= 2;
			c->data = realloc(c->data, cap);
			assert_non_null(c->data);
		}
		n = gzread(gz, c->data + c->len, (unsigned int)(cap - c->len));
		if (n <= 0)
			break;
		c->len += (size_t)n;
	}
	gzclose(gz);

	c->off = calloc(max_records, sizeof(*c->off));
	assert_non_null(c->off);
	while (c->n < max_records && pos + 12 <= c->len) {
		uint32_t len = (uint32_t)c->data[pos + 8] << 24 |
		    (uint32_t)c->data[pos + 9] << 16 |
		    (uint32_t)c->data[pos + 10] << 8 | c->data[pos + 11];

		if (pos + 12 + (size_t)len > c->len)
			break;
		if (i++ >= first)
			c->off[c->n++] = pos;
		pos += 12 + (size_t)len;
	}
	if (c->n == 0)
		fail_msg("%s: no whole record", name);
}

static void
corpus_free(struct corpus *c)
{
	free(c->data);
	free(c->off);
}

static size_t
corpus_reclen(const struct corpus *c, size_t i)
{
	return (i + 1 < c->n ? c->off[i + 1] : c->off[i] + 12 +
	    ((size_t)c->data[c->off[i] + 8] << 24 |
	    (size_t)c->data[c->off[i] + 9] << 16 |
	    (size_t)c->data[c->off[i] + 10] << 8 | c->data[c->off[i] + 11])) -
	    c->off[i];
}

/* What every yielded record must satisfy, however damaged its source. */
static void
check_record(const struct bgp_record *rec, void *arg)
{
	size_t *count = arg;
	unsigned int max;
	struct ip_prefix masked;
	uint32_t s, total = 0;

	(*count)++;
	assert_true(rec->kind <= BGP_KIND_MESSAGE);
	if (rec->kind == BGP_KIND_STATE || rec->kind == BGP_KIND_MESSAGE)
		return;
	assert_true(rec->afi == AFI_IPV4 || rec->afi == AFI_IPV6);
	assert_int_equal(rec->prefix.addr.afi, rec->afi);
	assert_int_equal(rec->wire_prefix.addr.afi, rec->afi);
	max = rec->afi == AFI_IPV4 ? 32 : 128;
	assert_true(rec->prefix.len <= max);
	assert_int_equal(rec->prefix.len, rec->wire_prefix.len);
	/* The prefix is the wire prefix with its host bits cleared. */
	masked = rec->wire_prefix;
	{
		unsigned int i, full = masked.len / 8, bits = masked.len % 8;

		if (bits != 0)
			masked.addr.bytes[full++] &= (uint8_t)(0xff <<
			    (8 - bits));
		for (i = full; i < 16; i++)
			masked.addr.bytes[i] = 0;
	}
	assert_memory_equal(masked.addr.bytes, rec->prefix.addr.bytes, 16);
	if (rec->kind == BGP_KIND_WITHDRAW && rec->attrs == NULL)
		return;
	assert_non_null(rec->attrs);
	for (s = 0; s < rec->attrs->as_path.nsegs; s++) {
		const struct as_segment *seg = &rec->attrs->as_path.segs[s];

		assert_int_equal(seg->first, total);
		total += seg->count;
	}
	assert_int_equal(total, rec->attrs->as_path.nasns);
}

/* Decode buf; the result must be an error or consistent records. */
static void
decode_checked(struct mrt_reader *r, const uint8_t *buf, size_t len)
{
	struct decode_error err;
	size_t count = 0;
	int rc;

	err.reason = SKIP_NREASONS;
	rc = mrt_decode_buffer(r, buf, len, check_record, &count, &err);
	if (rc == -1) {
		assert_int_equal(count, 0);
		assert_true(err.reason < SKIP_NREASONS);
	} else
		assert_int_equal((size_t)rc, count);
}

/*
 * For each record: every shorter length, the header saying so; then the
 * whole record (which restores state such as the peer index for the
 * records after it).  Returns how many whole records yielded routes.
 */
static size_t
truncate_every(const char *name, size_t first, size_t max_records)
{
	struct corpus c;
	struct mrt_reader *r = mrt_open_buffer();
	uint8_t *buf;
	size_t i, cut, good = 0;

	assert_non_null(r);
	corpus_load(&c, name, first, max_records);
	for (i = 0; i < c.n; i++) {
		const uint8_t *rec = c.data + c.off[i];
		size_t len = corpus_reclen(&c, i);
		size_t count = 0;
		struct decode_error err;

		buf = malloc(len);
		assert_non_null(buf);
		for (cut = 0; cut < len - 12; cut++) {
			memcpy(buf, rec, 12 + cut);
			buf[8] = (uint8_t)(cut >> 24);
			buf[9] = (uint8_t)(cut >> 16);
			buf[10] = (uint8_t)(cut >> 8);
			buf[11] = (uint8_t)cut;
			/* Exactly 12 + cut bytes: ASan sees any overread. */
			decode_checked(r, buf, 12 + cut);
		}
		/* Headers cut short too. */
		for (cut = 0; cut < 12; cut++)
			decode_checked(r, rec, cut);
		memcpy(buf, rec, len);
		err.reason = SKIP_NREASONS;
		if (mrt_decode_buffer(r, buf, len, check_record, &count,
		    &err) > 0)
			good++;
		free(buf);
	}
	corpus_free(&c);
	mrt_close(r);
	return good;
}

/* Every byte of each record set to 0xff, then to 0x00, in turn. */
static void
flip_every(const char *name, size_t first, size_t max_records)
{
	static const uint8_t values[] = { 0xff, 0x00 };
	struct corpus c;
	struct mrt_reader *r = mrt_open_buffer();
	uint8_t *buf;
	size_t i, pos, v;

	assert_non_null(r);
	corpus_load(&c, name, first, max_records);
	for (i = 0; i < c.n; i++) {
		size_t len = corpus_reclen(&c, i);

		buf = malloc(len);
		assert_non_null(buf);
		for (v = 0; v < sizeof(values); v++) {
			for (pos = 0; pos < len; pos++) {
				memcpy(buf, c.data + c.off[i], len);
				if (buf[pos] == values[v])
					continue;
				buf[pos] = values[v];
				decode_checked(r, buf, len);
			}
		}
		/* Leave the reader as the whole record would. */
		decode_checked(r, c.data + c.off[i], len);
		free(buf);
	}
	corpus_free(&c);
	mrt_close(r);
}

/*
 * Files covering every decoder path the corpus has, some records each.
 * A TABLE_DUMP_V2 range starts at the file's PEER_INDEX_TABLE.
 */
static const struct {
	const char	*name;
	size_t		 first, records;
	size_t		 min_good;	/* whole records with routes */
} corpus_files[] = {
	{ "ripe__updates.20160811.1600.gz", 0, 150, 100 }, /* MESSAGE_AS4 */
	{ "ripe__updates.20020722.2238.gz", 0, 100, 50 },  /* 2-byte, STATE */
	{ "ripe__updates.et-header.2015.gz", 0, 40, 20 },  /* BGP4MP_ET */
	{ "ripe__updates.nlri_mask_trailing_bits.gz", 0, 1, 1 },
	{ "mrtparse__bird-mrtdump_bgp", 0, 27, 10 },	/* AS4_ADDPATH */
	{ "mrtparse__bird6-mrtdump_bgp", 0, 27, 10 },
	{ "mrtparse__bird-mrtdump_rib", 0, 14, 8 },	/* two peer tables */
	{ "mrtparse__bird6-mrtdump_rib", 0, 9, 5 },
	{ "mrtparse__quagga_rib", 0, 7, 5 },		/* RIB v4 and v6 */
	{ "mrtparse__quagga_bgp", 0, 67, 20 },
	{ "mrtparse__openbgpd_bgp", 0, 87, 30 },
	{ "mrtparse__openbgpd_rib_table", 0, 31, 25 },	/* TABLE_DUMP */
	{ "mrtparse__openbgpd_rib_table-mp", 0, 31, 25 }, /* BGP4MP_ENTRY */
	{ "mrtparse__openbgpd_rib_table-v2", 0, 24, 20 }, /* RIB_GENERIC */
	{ "mrtparse__quagga_bgp_large_communities", 0, 6, 3 },
	{ "ripe__bview.ipv4_unicast_add_path.gz", 0, 32, 25 },
	{ "ripe__bview.ipv6_unicast_add_path.gz", 0, 32, 25 },
	{ "manrs__namex-bgpd-rib-inet6.mrt", 0, 40, 30 },   /* TD AFI_IPv6 */
	{ "bgpkit__updates.19991214.1621.gz", 0, 100, 50 }, /* type BGP */
	{ "bgpkit__updates.19991214.1621.gz", 14225, 5, 0 }, /* BGP_OPEN */
	{ "bgpkit__updates.19991214.1621.gz", 18199, 4, 0 }, /* BGP_NOTIFY */
};

static void
test_truncate_every_offset(void **state)
{
	size_t i, good;

	(void)state;
	for (i = 0; i < sizeof(corpus_files) / sizeof(corpus_files[0]); i++) {
		good = truncate_every(corpus_files[i].name,
		    corpus_files[i].first, corpus_files[i].records);
		/* The loader found real records, and they decode whole. */
		if (good < corpus_files[i].min_good)
			fail_msg("%s: only %zu whole records yielded routes",
			    corpus_files[i].name, good);
	}
}

static void
test_flip_every_byte(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(corpus_files) / sizeof(corpus_files[0]); i++)
		flip_every(corpus_files[i].name, corpus_files[i].first,
		    corpus_files[i].records);
}

#define FX_TEST(t)	cmocka_unit_test_setup_teardown(t, fx_setup, \
			    fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_header_errors),
		FX_TEST(test_unknown_type),
		FX_TEST(test_unregistered_type),
		FX_TEST(test_table_dump_ipv4),
		FX_TEST(test_table_dump_ipv6),
		FX_TEST(test_table_dump_as4),
		FX_TEST(test_table_dump_trailing),
		FX_TEST(test_peer_index_table),
		FX_TEST(test_peer_index_replaced),
		FX_TEST(test_peer_index_truncated),
		FX_TEST(test_rib_ipv4_unicast),
		FX_TEST(test_rib_ipv4_multicast),
		FX_TEST(test_rib_ipv6_unicast),
		FX_TEST(test_rib_ipv6_multicast),
		FX_TEST(test_rib_generic),
		FX_TEST(test_rib_addpath),
		FX_TEST(test_rib_mp_reach_forms),
		FX_TEST(test_rib_bad_peer_index),
		FX_TEST(test_rib_no_peer_index),
		FX_TEST(test_rib_framing),
		FX_TEST(test_td2_unknown_subtypes),
		FX_TEST(test_state_change),
		FX_TEST(test_state_change_as4),
		FX_TEST(test_state_change_zebra),
		FX_TEST(test_bgp4mp_et),
		FX_TEST(test_message),
		FX_TEST(test_message_as4),
		FX_TEST(test_message_local),
		FX_TEST(test_message_addpath),
		FX_TEST(test_bgp4mp_entry),
		FX_TEST(test_bgp4mp_snapshot),
		FX_TEST(test_bgp4mp_bad_afi),
		FX_TEST(test_zebra_open),
		FX_TEST(test_open),
		FX_TEST(test_open_malformed),
		FX_TEST(test_notification),
		FX_TEST(test_notification_data),
		FX_TEST(test_keepalive),
		FX_TEST(test_route_refresh),
		FX_TEST(test_unknown_message_type),
		FX_TEST(test_end_of_rib_ipv4),
		FX_TEST(test_end_of_rib_ipv6),
		FX_TEST(test_end_of_rib_unsupported_stable),
		FX_TEST(test_update_order),
		FX_TEST(test_mp_ipv4_multicast),
		FX_TEST(test_vpnv4_skipped),
		FX_TEST(test_bad_marker),
		FX_TEST(test_bgp_length_overrun),
		FX_TEST(test_nlri_prefix_too_long),
		FX_TEST(test_nlri_trailing_truncated),
		FX_TEST(test_addpath_detected),
		FX_TEST(test_host_bits),
		FX_TEST(test_legacy_update),
		FX_TEST(test_legacy_state_change),
		FX_TEST(test_legacy_messages),
		FX_TEST(test_input_stream),
		FX_TEST(test_input_truncated),
		FX_TEST(test_input_lost_framing),
		FX_TEST(test_input_empty),
		FX_TEST(test_input_notes),
		cmocka_unit_test(test_truncate_every_offset),
		cmocka_unit_test(test_flip_every_byte),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
