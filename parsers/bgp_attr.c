/*
 * bgp_attr.c -- BGP path attributes, RFC 4271 4.3 and 5.1.
 *
 * One function per attribute type.  Lengths are checked against what
 * each RFC fixes; an attribute whose length is wrong, or that overruns
 * the attribute block, makes the whole block an error: a forensic tool
 * should say the record is damaged rather than guess.
 *
 * Values that are lists (communities, cluster list, unknown attributes)
 * are not copied: the bgp_attrs point into the record buffer, which
 * lives until the next record is read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/bgp_decode.h"

#define AS_TRANS	23456	/* RFC 6793 9 */

/* Attribute flags, RFC 4271 4.3. */
#define ATTR_FLAG_EXTLEN	0x10

int
decode_fail(struct decode_error *err, enum skip_reason reason,
    const char *fmt, ...)
{
	va_list ap;

	err->reason = reason;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
	return -1;
}

static int
grow(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
	uint32_t ncap;
	void *narr;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	narr = realloc(*arr, (size_t)ncap * elem);
	if (narr == NULL)
		return -1;
	*arr = narr;
	*cap = ncap;
	return 0;
}

static int
path_add_segment(struct path_buf *p, uint8_t type, uint8_t count)
{
	if (grow((void **)&p->segs, &p->cap_segs, p->nsegs + 1,
	    sizeof(*p->segs)) == -1 ||
	    grow((void **)&p->asns, &p->cap_asns, p->nasns + count,
	    sizeof(*p->asns)) == -1)
		return -1;
	p->segs[p->nsegs].type = type;
	p->segs[p->nsegs].count = count;
	p->segs[p->nsegs].first = p->nasns;
	p->nsegs++;
	return 0;
}

static void
path_free(struct path_buf *p)
{
	free(p->segs);
	free(p->asns);
	memset(p, 0, sizeof(*p));
}

void
attr_decoder_free(struct attr_decoder *d)
{
	path_free(&d->path);
	path_free(&d->path4);
	path_free(&d->merged);
	free(d->unknown);
	d->unknown = NULL;
	d->cap_unknown = 0;
}

static void
addr_v4(struct ip_addr *a, const uint8_t *b)
{
	memset(a, 0, sizeof(*a));
	a->afi = AFI_IPV4;
	memcpy(a->bytes, b, 4);
}

/* RFC 4271 4.3 (a): one octet, 0..2. */
static int
attr_origin(struct attr_decoder *d, struct cursor *v, struct decode_error *err)
{
	if (cursor_left(v) != 1)
		return decode_fail(err, SKIP_MALFORMED,
		    "ORIGIN length %zu, expected 1", cursor_left(v));
	(void)cursor_get_u8(v, &d->attrs.origin);
	return 0;
}

/*
 * RFC 4271 4.3 (b), RFC 5065 3: segments of type, count, ASNs.  Used for
 * AS_PATH (2- or 4-octet ASNs by context) and AS4_PATH (always 4).
 */
static int
attr_as_path(struct path_buf *p, struct cursor *v, int asn_size,
    const char *name, struct decode_error *err)
{
	uint8_t type, count, i;
	uint16_t as16 = 0;
	uint32_t as32 = 0;

	p->nsegs = p->nasns = 0;
	while (cursor_left(v) > 0) {
		if (cursor_get_u8(v, &type) == -1 ||
		    cursor_get_u8(v, &count) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "%s ends inside a segment header", name);
		if (type < AS_SET || type > AS_CONFED_SET)
			return decode_fail(err, SKIP_MALFORMED,
			    "%s segment type %u", name, type);
		if (cursor_left(v) < (size_t)count * asn_size)
			return decode_fail(err, SKIP_MALFORMED,
			    "%s segment of %u %d-byte ASNs overruns the "
			    "attribute (%zu bytes left)", name, count,
			    asn_size, cursor_left(v));
		if (path_add_segment(p, type, count) == -1)
			return decode_fail(err, SKIP_MALFORMED, "out of memory");
		for (i = 0; i < count; i++) {
			if (asn_size == 2) {
				(void)cursor_get_n16(v, &as16);
				as32 = as16;
			} else
				(void)cursor_get_n32(v, &as32);
			p->asns[p->nasns++] = as32;
		}
	}
	return 0;
}

/* RFC 4271 4.3 (c). */
static int
attr_next_hop(struct attr_decoder *d, struct cursor *v,
    struct decode_error *err)
{
	const uint8_t *b;

	if (cursor_left(v) != 4)
		return decode_fail(err, SKIP_MALFORMED,
		    "NEXT_HOP length %zu, expected 4", cursor_left(v));
	(void)cursor_get_ref(v, &b, 4);
	addr_v4(&d->attrs.next_hop, b);
	return 0;
}

static int
attr_u32(uint32_t *out, struct cursor *v, const char *name,
    struct decode_error *err)
{
	if (cursor_left(v) != 4)
		return decode_fail(err, SKIP_MALFORMED,
		    "%s length %zu, expected 4", name, cursor_left(v));
	(void)cursor_get_n32(v, out);
	return 0;
}

/*
 * RFC 4271 4.3 (g) and RFC 6793 3: AS (2 or 4 octets) and IPv4 address.
 * The length says which: some writers (OpenBGPD's TABLE_DUMP) put a
 * 4-octet AGGREGATOR into a 2-octet context, and the length is the only
 * honest witness.
 */
static int
attr_aggregator(struct attr_decoder *d, struct cursor *v,
    struct decode_error *err)
{
	const uint8_t *b;
	uint16_t as16;

	switch (cursor_left(v)) {
	case 6:
		(void)cursor_get_n16(v, &as16);
		d->attrs.aggregator_as = as16;
		d->attrs.aggregator_as4 = false;
		break;
	case 8:
		(void)cursor_get_n32(v, &d->attrs.aggregator_as);
		d->attrs.aggregator_as4 = true;
		break;
	default:
		return decode_fail(err, SKIP_MALFORMED,
		    "AGGREGATOR length %zu, expected 6 or 8", cursor_left(v));
	}
	(void)cursor_get_ref(v, &b, 4);
	addr_v4(&d->attrs.aggregator_addr, b);
	return 0;
}

/* A list of fixed-size items, kept in place. */
static int
attr_list(const uint8_t **out, uint32_t *count, struct cursor *v,
    size_t size, const char *name, struct decode_error *err)
{
	size_t len = cursor_left(v);

	if (len % size != 0)
		return decode_fail(err, SKIP_MALFORMED,
		    "%s length %zu is not a multiple of %zu", name, len, size);
	(void)cursor_get_ref(v, out, len);
	*count = (uint32_t)(len / size);
	return 0;
}

/* RFC 4760 3: MP_REACH_NLRI. */
static int
attr_mp_next_hop(struct attr_decoder *d, struct cursor *v,
    struct decode_error *err)
{
	struct bgp_attrs *a = &d->attrs;
	const uint8_t *b;

	if (cursor_get_u8(v, &a->mp_nexthop_len) == -1 ||
	    cursor_get_ref(v, &b, a->mp_nexthop_len) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "MP_REACH_NLRI next hop overruns the attribute");
	memset(&a->mp_nexthop, 0, sizeof(a->mp_nexthop));
	memset(&a->mp_nexthop_local, 0, sizeof(a->mp_nexthop_local));
	switch (a->mp_nexthop_len) {
	case 4:
		addr_v4(&a->mp_nexthop, b);
		break;
	case 32:
		a->mp_nexthop_local.afi = AFI_IPV6;
		memcpy(a->mp_nexthop_local.bytes, b + 16, 16);
		/* FALLTHROUGH */
	case 16:
		a->mp_nexthop.afi = AFI_IPV6;
		memcpy(a->mp_nexthop.bytes, b, 16);
		break;
	default:
		/* Other lengths (VPN forms, RFC 4659) keep their length only. */
		break;
	}
	return 0;
}

static int
attr_mp_reach(struct attr_decoder *d, struct cursor *v, enum attr_context ctx,
    struct decode_error *err)
{
	struct bgp_attrs *a = &d->attrs;
	uint8_t first, reserved;

	/*
	 * RFC 6396 4.3.4: in RIB entries only the next hop length and next
	 * hop are written.  Quagga and others write the full RFC 4760 form
	 * there anyway; it starts with an AFI whose first octet is 0, while
	 * the abbreviated form starts with a non-zero length.
	 */
	if (ctx == ATTR_CTX_RIB && cursor_peek_u8(v, &first) == 0 &&
	    first != 0) {
		a->mp_abbreviated = true;
		a->mp_afi = 0;
		a->mp_safi = 0;
		if (attr_mp_next_hop(d, v, err) == -1)
			return -1;
		d->mp_reach_supported = true;
		cursor_init(&d->mp_reach_nlri, NULL, 0);
		return 0;
	}
	if (cursor_get_n16(v, &a->mp_afi) == -1 ||
	    cursor_get_u8(v, &a->mp_safi) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "MP_REACH_NLRI shorter than its AFI/SAFI");
	a->mp_abbreviated = false;
	if (!afi_safi_supported(a->mp_afi, a->mp_safi)) {
		d->mp_reach_supported = false;
		d->unsupported_afi++;
		snprintf(d->unsupported_detail, sizeof(d->unsupported_detail),
		    "MP_REACH_NLRI AFI %u SAFI %u", a->mp_afi, a->mp_safi);
		a->mp_nexthop_len = 0;
		return 0;
	}
	if (attr_mp_next_hop(d, v, err) == -1)
		return -1;
	/* RFC 4760 3: one reserved octet, formerly the SNPA count. */
	if (cursor_get_u8(v, &reserved) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "MP_REACH_NLRI ends before its reserved octet");
	d->mp_reach_supported = true;
	d->mp_reach_nlri = *v;
	(void)cursor_skip(v, cursor_left(v));
	return 0;
}

/* RFC 4760 4: MP_UNREACH_NLRI. */
static int
attr_mp_unreach(struct attr_decoder *d, struct cursor *v,
    struct decode_error *err)
{
	if (cursor_get_n16(v, &d->mp_unreach_afi) == -1 ||
	    cursor_get_u8(v, &d->mp_unreach_safi) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "MP_UNREACH_NLRI shorter than its AFI/SAFI");
	if (!afi_safi_supported(d->mp_unreach_afi, d->mp_unreach_safi)) {
		d->mp_unreach_supported = false;
		d->unsupported_afi++;
		snprintf(d->unsupported_detail, sizeof(d->unsupported_detail),
		    "MP_UNREACH_NLRI AFI %u SAFI %u", d->mp_unreach_afi,
		    d->mp_unreach_safi);
		d->mp_unreach_nlri = *v;
		return 0;
	}
	d->mp_unreach_supported = true;
	d->mp_unreach_nlri = *v;
	(void)cursor_skip(v, cursor_left(v));
	return 0;
}

static int
attr_unknown(struct attr_decoder *d, uint8_t flags, uint8_t type,
    struct cursor *v, struct decode_error *err)
{
	struct unknown_attr *u;
	uint32_t n = d->attrs.nunknown;

	if (grow((void **)&d->unknown, &d->cap_unknown, n + 1,
	    sizeof(*d->unknown)) == -1)
		return decode_fail(err, SKIP_MALFORMED, "out of memory");
	u = &d->unknown[n];
	u->flags = flags;
	u->type = type;
	u->len = (uint16_t)cursor_left(v);
	(void)cursor_get_ref(v, &u->data, cursor_left(v));
	d->attrs.unknown = d->unknown;
	d->attrs.nunknown = n + 1;
	return 0;
}

/* Number of ASNs for the RFC 6793 4.2.3 comparison. */
static uint32_t
path_length(const struct path_buf *p)
{
	uint32_t i, n = 0;

	for (i = 0; i < p->nsegs; i++) {
		switch (p->segs[i].type) {
		case AS_SEQUENCE:
			n += p->segs[i].count;
			break;
		case AS_SET:
			n += 1;
			break;
		default:
			/* RFC 5065 5.3: confederation segments do not count. */
			break;
		}
	}
	return n;
}

/*
 * RFC 6793 4.2.3: rebuild the path of a 2-octet session from AS_PATH
 * and AS4_PATH.  Take as many leading ASNs of AS_PATH as it has more than
 * AS4_PATH, then all of AS4_PATH.
 */
static int
path_merge(struct attr_decoder *d)
{
	const struct path_buf *old = &d->path, *p4 = &d->path4;
	struct path_buf *m = &d->merged;
	uint32_t want, have = 0, i, take;
	const struct as_segment *s;

	want = path_length(old) - path_length(p4);
	m->nsegs = m->nasns = 0;
	for (i = 0; i < old->nsegs && have < want; i++) {
		s = &old->segs[i];
		take = s->count;
		if (s->type == AS_SEQUENCE && have + take > want)
			take = want - have;
		if (path_add_segment(m, s->type, (uint8_t)take) == -1)
			return -1;
		memcpy(&m->asns[m->nasns], &old->asns[s->first],
		    take * sizeof(uint32_t));
		m->nasns += take;
		if (s->type == AS_SEQUENCE)
			have += take;
		else if (s->type == AS_SET)
			have += 1;
	}
	for (i = 0; i < p4->nsegs; i++) {
		s = &p4->segs[i];
		if (path_add_segment(m, s->type, s->count) == -1)
			return -1;
		memcpy(&m->asns[m->nasns], &p4->asns[s->first],
		    s->count * sizeof(uint32_t));
		m->nasns += s->count;
	}
	return 0;
}

static void
path_publish(struct as_path *out, const struct path_buf *p)
{
	out->segs = p->segs;
	out->asns = p->asns;
	out->nsegs = p->nsegs;
	out->nasns = p->nasns;
}

int
attr_decode(struct attr_decoder *d, struct cursor *c, int asn_size,
    enum attr_context ctx, struct decode_error *err)
{
	struct bgp_attrs *a = &d->attrs;
	struct cursor v;
	uint8_t flags, type, len8;
	uint16_t len16;
	uint32_t as4_aggregator_as = 0;
	struct ip_addr as4_aggregator_addr;
	const uint8_t *b;
	size_t start;
	int rc;

	memset(a, 0, sizeof(*a));
	d->has_mp_reach = d->has_mp_unreach = false;
	d->mp_reach_supported = d->mp_unreach_supported = false;
	d->unsupported_afi = 0;
	d->path.nsegs = d->path.nasns = 0;
	d->path4.nsegs = d->path4.nasns = 0;
	memset(&as4_aggregator_addr, 0, sizeof(as4_aggregator_addr));

	while (cursor_left(c) > 0) {
		start = cursor_pos(c);
		if (cursor_get_u8(c, &flags) == -1 ||
		    cursor_get_u8(c, &type) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "attribute header truncated at attribute offset %zu",
			    start);
		if (flags & ATTR_FLAG_EXTLEN) {
			if (cursor_get_n16(c, &len16) == -1)
				return decode_fail(err, SKIP_MALFORMED,
				    "attribute %u length truncated", type);
		} else {
			if (cursor_get_u8(c, &len8) == -1)
				return decode_fail(err, SKIP_MALFORMED,
				    "attribute %u length truncated", type);
			len16 = len8;
		}
		if (cursor_sub(c, len16, &v) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "attribute %u of length %u overruns the attribute "
			    "block (%zu bytes left)", type, len16,
			    cursor_left(c));

		/*
		 * RFC 7606 3 (g): of repeated attributes the first counts;
		 * repeated MP_REACH / MP_UNREACH make the update malformed.
		 */
		if (type < 64 && (a->present & ATTR_BIT(type))) {
			if (type == ATTR_MP_REACH_NLRI ||
			    type == ATTR_MP_UNREACH_NLRI)
				return decode_fail(err, SKIP_MALFORMED,
				    "attribute %u appears twice", type);
			continue;
		}
		if (type < 64)
			a->present |= ATTR_BIT(type);

		switch (type) {
		case ATTR_ORIGIN:
			rc = attr_origin(d, &v, err);
			break;
		case ATTR_AS_PATH:
			rc = attr_as_path(&d->path, &v, asn_size, "AS_PATH",
			    err);
			break;
		case ATTR_NEXT_HOP:
			rc = attr_next_hop(d, &v, err);
			break;
		case ATTR_MED:
			rc = attr_u32(&a->med, &v, "MULTI_EXIT_DISC", err);
			break;
		case ATTR_LOCAL_PREF:
			rc = attr_u32(&a->local_pref, &v, "LOCAL_PREF", err);
			break;
		case ATTR_ATOMIC_AGGREGATE:
			rc = 0;
			if (cursor_left(&v) != 0)
				rc = decode_fail(err, SKIP_MALFORMED,
				    "ATOMIC_AGGREGATE length %zu, expected 0",
				    cursor_left(&v));
			break;
		case ATTR_AGGREGATOR:
			rc = attr_aggregator(d, &v, err);
			break;
		case ATTR_COMMUNITIES:
			rc = attr_list(&a->communities, &a->ncommunities, &v,
			    4, "COMMUNITIES", err);
			break;
		case ATTR_ORIGINATOR_ID:
			rc = 0;
			if (cursor_left(&v) != 4)
				rc = decode_fail(err, SKIP_MALFORMED,
				    "ORIGINATOR_ID length %zu, expected 4",
				    cursor_left(&v));
			else {
				(void)cursor_get_ref(&v, &b, 4);
				addr_v4(&a->originator_id, b);
			}
			break;
		case ATTR_CLUSTER_LIST:
			rc = attr_list(&a->cluster_list, &a->ncluster_list, &v,
			    4, "CLUSTER_LIST", err);
			break;
		case ATTR_MP_REACH_NLRI:
			d->has_mp_reach = true;
			rc = attr_mp_reach(d, &v, ctx, err);
			break;
		case ATTR_MP_UNREACH_NLRI:
			d->has_mp_unreach = true;
			rc = attr_mp_unreach(d, &v, err);
			break;
		case ATTR_EXT_COMMUNITIES:
			rc = attr_list(&a->ext_communities,
			    &a->next_communities, &v, 8,
			    "EXTENDED_COMMUNITIES", err);
			break;
		case ATTR_AS4_PATH:
			rc = attr_as_path(&d->path4, &v, 4, "AS4_PATH", err);
			break;
		case ATTR_AS4_AGGREGATOR:
			rc = 0;
			if (cursor_left(&v) != 8)
				rc = decode_fail(err, SKIP_MALFORMED,
				    "AS4_AGGREGATOR length %zu, expected 8",
				    cursor_left(&v));
			else {
				(void)cursor_get_n32(&v, &as4_aggregator_as);
				(void)cursor_get_ref(&v, &b, 4);
				addr_v4(&as4_aggregator_addr, b);
			}
			break;
		case ATTR_LARGE_COMMUNITIES:
			rc = attr_list(&a->large_communities,
			    &a->nlarge_communities, &v, 12,
			    "LARGE_COMMUNITY", err);
			break;
		case ATTR_OTC:
			rc = attr_u32(&a->otc, &v, "OTC", err);
			break;
		default:
			rc = attr_unknown(d, flags, type, &v, err);
			break;
		}
		if (rc == -1)
			return -1;
	}

	path_publish(&a->as_path, &d->path);

	/*
	 * RFC 6793 4.2.3.  Only a 2-octet context carries AS4_ attributes
	 * that mean anything; in a 4-octet one they are ignored.  When
	 * AGGREGATOR names an AS other than AS_TRANS, the sender was not a
	 * NEW speaker's view and both AS4_ attributes are ignored.
	 */
	if (asn_size == 2) {
		bool use_as4 = true;

		if ((a->present & ATTR_BIT(ATTR_AGGREGATOR)) &&
		    (a->present & ATTR_BIT(ATTR_AS4_AGGREGATOR))) {
			if (a->aggregator_as != AS_TRANS)
				use_as4 = false;
			else {
				a->aggregator_as = as4_aggregator_as;
				a->aggregator_addr = as4_aggregator_addr;
			}
		}
		if (use_as4 && (a->present & ATTR_BIT(ATTR_AS4_PATH)) &&
		    (a->present & ATTR_BIT(ATTR_AS_PATH)) &&
		    path_length(&d->path) >= path_length(&d->path4)) {
			if (path_merge(d) == -1)
				return decode_fail(err, SKIP_MALFORMED,
				    "out of memory");
			path_publish(&a->as_path, &d->merged);
			a->as_path_merged = true;
		}
	}
	return 0;
}
