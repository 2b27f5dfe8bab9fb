/*
 * mrt_build.h -- building MRT records and BGP messages byte by byte, for
 * the unit tests.
 *
 * A struct wbuf grows as bytes are appended in network order.  Length
 * fields are written as placeholders (wbuf_mark) and filled in once what
 * they cover is complete (wbuf_patch), so that a test reads like the
 * layout in the RFC it exercises:
 *
 *	m = mrt_begin(&b, 1000, MRT_BGP4MP, 4);		RFC 6396 2
 *	bgp4mp_peer(&b, 4, 65001, 65000, "10.0.0.1", "10.0.0.2");
 *	u = bgp_begin(&b, BGP_MSG_UPDATE);		RFC 4271 4.1
 *	...
 *	bgp_end(&b, u);
 *	mrt_end(&b, m);
 *
 * Header-only and test-only: every function is static inline so that a
 * test file that uses a part of it does not warn about the rest.  Fatal
 * errors (out of memory, a bad literal) abort: they are bugs in a test.
 */
#ifndef LIGHTSOUT_TESTS_MRT_BUILD_H
#define LIGHTSOUT_TESTS_MRT_BUILD_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/bgp_record.h"

struct wbuf {
	uint8_t	*data;
	size_t	 len;
	size_t	 cap;
};

/* A length field waiting for its value: where it is and how wide. */
struct wmark {
	size_t	at;
	int	width;		/* 1, 2 or 4 octets */
};

static inline void
wbuf_die(const char *what)
{
	fprintf(stderr, "mrt_build: %s\n", what);
	abort();
}

static inline void
wbuf_reserve(struct wbuf *b, size_t n)
{
	size_t ncap;
	uint8_t *p;

	if (b->len + n <= b->cap)
		return;
	ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + n)
		ncap *= 2;
	p = realloc(b->data, ncap);
	if (p == NULL)
		wbuf_die("out of memory");
	b->data = p;
	b->cap = ncap;
}

static inline void
wbuf_free(struct wbuf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static inline void
wbuf_reset(struct wbuf *b)
{
	b->len = 0;
}

static inline void
put_u8(struct wbuf *b, uint8_t v)
{
	wbuf_reserve(b, 1);
	b->data[b->len++] = v;
}

static inline void
put_n16(struct wbuf *b, uint16_t v)
{
	put_u8(b, (uint8_t)(v >> 8));
	put_u8(b, (uint8_t)v);
}

static inline void
put_n32(struct wbuf *b, uint32_t v)
{
	put_n16(b, (uint16_t)(v >> 16));
	put_n16(b, (uint16_t)v);
}

static inline void
put_bytes(struct wbuf *b, const void *p, size_t n)
{
	wbuf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

static inline void
put_fill(struct wbuf *b, uint8_t v, size_t n)
{
	wbuf_reserve(b, n);
	memset(b->data + b->len, v, n);
	b->len += n;
}

/* An ASN of the context's size: 2 or 4 octets. */
static inline void
put_as(struct wbuf *b, int asn_size, uint32_t as)
{
	if (asn_size == 4)
		put_n32(b, as);
	else
		put_n16(b, (uint16_t)as);
}

/* The 4 octets of a dotted quad. */
static inline void
put_ipv4(struct wbuf *b, const char *text)
{
	uint8_t a[4];

	if (inet_pton(AF_INET, text, a) != 1)
		wbuf_die("bad IPv4 literal");
	put_bytes(b, a, 4);
}

/* The 16 octets of an IPv6 address. */
static inline void
put_ipv6(struct wbuf *b, const char *text)
{
	uint8_t a[16];

	if (inet_pton(AF_INET6, text, a) != 1)
		wbuf_die("bad IPv6 literal");
	put_bytes(b, a, 16);
}

/* An address of the family its text says. */
static inline void
put_ip(struct wbuf *b, const char *text)
{
	if (strchr(text, ':') != NULL)
		put_ipv6(b, text);
	else
		put_ipv4(b, text);
}

/*
 * RFC 4271 4.3: a prefix as in NLRI -- the length in bits, then just
 * enough octets to hold it.  "10.0.0.0/8", "2001:db8::/32".
 */
static inline void
put_prefix(struct wbuf *b, const char *text)
{
	char addr[64];
	const char *slash = strchr(text, '/');
	uint8_t a[16];
	unsigned long len;
	size_t alen;

	if (slash == NULL || (size_t)(slash - text) >= sizeof(addr))
		wbuf_die("bad prefix literal");
	memcpy(addr, text, (size_t)(slash - text));
	addr[slash - text] = '\0';
	if (inet_pton(AF_INET, addr, a) == 1)
		alen = 4;
	else if (inet_pton(AF_INET6, addr, a) == 1)
		alen = 16;
	else
		wbuf_die("bad prefix literal");
	len = strtoul(slash + 1, NULL, 10);
	if (len > alen * 8)
		wbuf_die("bad prefix length");
	put_u8(b, (uint8_t)len);
	put_bytes(b, a, (len + 7) / 8);
}

/* RFC 7911 3: a path identifier, then the prefix. */
static inline void
put_prefix_id(struct wbuf *b, uint32_t path_id, const char *text)
{
	put_n32(b, path_id);
	put_prefix(b, text);
}

/* A placeholder for a length field of width octets. */
static inline struct wmark
wbuf_mark(struct wbuf *b, int width)
{
	struct wmark m = { b->len, width };

	put_fill(b, 0, (size_t)width);
	return m;
}

/* Write into a mark the number of octets appended after it. */
static inline void
wbuf_patch(struct wbuf *b, struct wmark m)
{
	size_t v = b->len - m.at - (size_t)m.width;
	int i;

	if (m.width < 4 && v >> (8 * m.width) != 0)
		wbuf_die("length does not fit its field");
	for (i = m.width - 1; i >= 0; i--, v >>= 8)
		b->data[m.at + (size_t)i] = (uint8_t)v;
}

/* Overwrite a 4-octet field in place (a header length made to lie). */
static inline void
wbuf_set_n32(struct wbuf *b, size_t at, uint32_t v)
{
	b->data[at] = (uint8_t)(v >> 24);
	b->data[at + 1] = (uint8_t)(v >> 16);
	b->data[at + 2] = (uint8_t)(v >> 8);
	b->data[at + 3] = (uint8_t)v;
}

static inline void
wbuf_set_n16(struct wbuf *b, size_t at, uint16_t v)
{
	b->data[at] = (uint8_t)(v >> 8);
	b->data[at + 1] = (uint8_t)v;
}

/*
 * RFC 6396 2: timestamp, type, subtype, length.  The length covers what
 * follows the header; mrt_end() fills it in.
 */
static inline struct wmark
mrt_begin(struct wbuf *b, uint32_t time, uint16_t type, uint16_t subtype)
{
	put_n32(b, time);
	put_n16(b, type);
	put_n16(b, subtype);
	return wbuf_mark(b, 4);
}

/*
 * RFC 6396 3: the extended-timestamp header; the microseconds field is
 * counted in the length.
 */
static inline struct wmark
mrt_begin_et(struct wbuf *b, uint32_t time, uint16_t type, uint16_t subtype,
    uint32_t usec)
{
	struct wmark m = mrt_begin(b, time, type, subtype);

	put_n32(b, usec);
	return m;
}

static inline void
mrt_end(struct wbuf *b, struct wmark m)
{
	wbuf_patch(b, m);
}

/*
 * RFC 6396 4.4: peer AS, local AS, interface index, address family, peer
 * address, local address.  The family follows the peer address text.
 */
static inline void
bgp4mp_peer(struct wbuf *b, int asn_size, uint32_t peer_as, uint32_t local_as,
    const char *peer_ip, const char *local_ip)
{
	bool v6 = strchr(peer_ip, ':') != NULL;

	put_as(b, asn_size, peer_as);
	put_as(b, asn_size, local_as);
	put_n16(b, 0);				/* interface index */
	put_n16(b, v6 ? AFI_IPV6 : AFI_IPV4);
	put_ip(b, peer_ip);
	put_ip(b, local_ip);
}

/*
 * RFC 4271 4.1: marker, length, type.  The length covers the whole
 * message, header included; bgp_end() fills it in.
 */
struct bgp_mark {
	size_t	start;
};

static inline struct bgp_mark
bgp_begin(struct wbuf *b, uint8_t type)
{
	struct bgp_mark m = { b->len };

	put_fill(b, 0xff, 16);
	put_n16(b, 0);
	put_u8(b, type);
	return m;
}

static inline void
bgp_end(struct wbuf *b, struct bgp_mark m)
{
	wbuf_set_n16(b, m.start + 16, (uint16_t)(b->len - m.start));
}

/* RFC 4271 4.3: attribute flags. */
#define FL_OPTIONAL	0x80
#define FL_TRANSITIVE	0x40
#define FL_PARTIAL	0x20
#define FL_EXTLEN	0x10

#define FL_WELL_KNOWN	FL_TRANSITIVE
#define FL_OPT_TRANS	(FL_OPTIONAL | FL_TRANSITIVE)

/*
 * RFC 4271 4.3: flags, type code, then a length of one octet, or two
 * when the Extended Length bit is set.  attr_end() fills it in.
 */
static inline struct wmark
attr_begin(struct wbuf *b, uint8_t flags, uint8_t type)
{
	put_u8(b, flags);
	put_u8(b, type);
	return wbuf_mark(b, (flags & FL_EXTLEN) ? 2 : 1);
}

static inline void
attr_end(struct wbuf *b, struct wmark m)
{
	wbuf_patch(b, m);
}

/* Whole small attributes. */
static inline void
attr_origin(struct wbuf *b, uint8_t origin)
{
	struct wmark m = attr_begin(b, FL_WELL_KNOWN, ATTR_ORIGIN);

	put_u8(b, origin);
	attr_end(b, m);
}

static inline void
attr_next_hop(struct wbuf *b, const char *ip)
{
	struct wmark m = attr_begin(b, FL_WELL_KNOWN, ATTR_NEXT_HOP);

	put_ipv4(b, ip);
	attr_end(b, m);
}

static inline void
attr_u32(struct wbuf *b, uint8_t flags, uint8_t type, uint32_t v)
{
	struct wmark m = attr_begin(b, flags, type);

	put_n32(b, v);
	attr_end(b, m);
}

/* An AS_PATH (or AS4_PATH) of one segment. */
static inline void
attr_as_path1(struct wbuf *b, uint8_t type, int asn_size, uint8_t seg_type,
    const uint32_t *asns, uint8_t count)
{
	struct wmark m = attr_begin(b, type == ATTR_AS4_PATH ? FL_OPT_TRANS :
	    FL_WELL_KNOWN, type);
	uint8_t i;

	if (count > 0) {
		put_u8(b, seg_type);
		put_u8(b, count);
		for (i = 0; i < count; i++)
			put_as(b, asn_size, asns[i]);
	}
	attr_end(b, m);
}

/* One AS_PATH segment inside an open AS_PATH attribute. */
static inline void
put_segment(struct wbuf *b, int asn_size, uint8_t seg_type,
    const uint32_t *asns, uint8_t count)
{
	uint8_t i;

	put_u8(b, seg_type);
	put_u8(b, count);
	for (i = 0; i < count; i++)
		put_as(b, asn_size, asns[i]);
}

/*
 * RFC 4760 3: MP_REACH_NLRI up to its NLRI (AFI, SAFI, next hop length,
 * next hop, reserved octet).  nh2 is the link-local second address of a
 * 32-octet IPv6 next hop, or NULL.  The caller appends the NLRI and
 * closes the attribute with attr_end().
 */
static inline struct wmark
attr_mp_reach_begin(struct wbuf *b, uint16_t afi, uint8_t safi,
    const char *nh, const char *nh2)
{
	struct wmark m = attr_begin(b, FL_OPTIONAL | FL_EXTLEN,
	    ATTR_MP_REACH_NLRI);
	struct wmark nl;

	put_n16(b, afi);
	put_u8(b, safi);
	nl = wbuf_mark(b, 1);
	put_ip(b, nh);
	if (nh2 != NULL)
		put_ip(b, nh2);
	wbuf_patch(b, nl);
	put_u8(b, 0);		/* reserved */
	return m;
}

/* RFC 4760 4: MP_UNREACH_NLRI up to its withdrawn routes. */
static inline struct wmark
attr_mp_unreach_begin(struct wbuf *b, uint16_t afi, uint8_t safi)
{
	struct wmark m = attr_begin(b, FL_OPTIONAL | FL_EXTLEN,
	    ATTR_MP_UNREACH_NLRI);

	put_n16(b, afi);
	put_u8(b, safi);
	return m;
}

/*
 * RFC 4271 4.3: an UPDATE body is withdrawn routes length, withdrawn
 * routes, total path attribute length, path attributes, NLRI.  The
 * builder opens each length-prefixed part in turn.
 */
struct update_mark {
	struct wmark	withdrawn;
	struct wmark	attrs;
};

static inline struct update_mark
update_withdrawn_begin(struct wbuf *b)
{
	struct update_mark u;

	u.withdrawn = wbuf_mark(b, 2);
	u.attrs.at = 0;
	u.attrs.width = 0;
	return u;
}

static inline void
update_attrs_begin(struct wbuf *b, struct update_mark *u)
{
	wbuf_patch(b, u->withdrawn);
	u->attrs = wbuf_mark(b, 2);
}

/* After this the caller appends the NLRI: nothing closes it. */
static inline void
update_nlri_begin(struct wbuf *b, struct update_mark *u)
{
	wbuf_patch(b, u->attrs);
}

#endif
