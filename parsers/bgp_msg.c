/*
 * bgp_msg.c -- BGP-4 messages (RFC 4271 4) and NLRI (RFC 4271 4.3,
 * RFC 4760, RFC 7911), as they appear inside MRT records.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/bgp_decode.h"
#include "parsers/bgp_msg.h"

#define BGP_HEADER_LEN	19	/* marker 16, length 2, type 1 */

bool
afi_safi_supported(uint16_t afi, uint8_t safi)
{
	/* SAFI 3 (unicast and multicast) was deprecated by RFC 4760. */
	return (afi == AFI_IPV4 || afi == AFI_IPV6) &&
	    (safi == SAFI_UNICAST || safi == SAFI_MULTICAST || safi == 3);
}

void
prefix_mask(struct ip_prefix *p)
{
	unsigned int i, full = p->len / 8, bits = p->len % 8;

	if (bits != 0) {
		p->addr.bytes[full] &= (uint8_t)(0xff << (8 - bits));
		full++;
	}
	for (i = full; i < sizeof(p->addr.bytes); i++)
		p->addr.bytes[i] = 0;
}

int
prefix_decode(struct cursor *c, uint16_t afi, struct ip_prefix *p,
    struct decode_error *err)
{
	unsigned int maxlen = afi == AFI_IPV4 ? 32 : 128;
	uint8_t len;

	if (cursor_get_u8(c, &len) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "prefix length octet missing");
	if (len > maxlen)
		return decode_fail(err, SKIP_MALFORMED,
		    "prefix length %u exceeds %u", len, maxlen);
	memset(p, 0, sizeof(*p));
	p->addr.afi = (uint8_t)afi;
	p->len = len;
	if (cursor_get_bytes(c, p->addr.bytes, (len + 7u) / 8) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "prefix /%u needs %u bytes, %zu left", len, (len + 7u) / 8,
		    cursor_left(c));
	return 0;
}

int
nlri_decode(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath,
    uint8_t kind, bool mp, struct nlri_list *list, struct decode_error *err)
{
	struct nlri_item *it;
	uint32_t path_id = 0;

	while (cursor_left(c) > 0) {
		if (list->n == list->cap) {
			uint32_t ncap = list->cap ? list->cap * 2 : 256;
			struct nlri_item *n;

			n = realloc(list->items, ncap * sizeof(*n));
			if (n == NULL)
				return decode_fail(err, SKIP_MALFORMED,
				    "out of memory");
			list->items = n;
			list->cap = ncap;
		}
		/* RFC 7911 3: a path identifier precedes each prefix. */
		if (addpath && cursor_get_n32(c, &path_id) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "path identifier truncated");
		it = &list->items[list->n];
		if (prefix_decode(c, afi, &it->prefix, err) == -1)
			return -1;
		it->path_id = path_id;
		it->afi = afi;
		it->safi = safi;
		it->kind = kind;
		it->mp = mp;
		list->n++;
	}
	return 0;
}

/*
 * RFC 4271 4.3: withdrawn routes, path attributes, NLRI.  The body is the
 * message after its 19-octet header (the legacy MRT BGP type stores
 * exactly that).  Prefixes come out in the order bgpdump prints them:
 * withdrawals (IPv4 field, then MP_UNREACH_NLRI), then announcements
 * (IPv4 field, then MP_REACH_NLRI).
 */
static int	update_decode(struct bgp_msg_decoder *, struct cursor *, int,
		    bool, bool, struct decode_error *);

/*
 * The four prefix lists of an UPDATE, each on its own: damage in one
 * (a prefix cut at the end, an impossible length) loses the rest of that
 * list only.  Returns -1 after recording the first damage in err; the
 * prefixes decoded before it stay in d->list.
 */
static int
update_prefixes(struct bgp_msg_decoder *d, struct cursor withdrawn,
    struct cursor nlri, bool addpath, struct decode_error *err)
{
	struct attr_decoder *ad = &d->attrs;
	struct decode_error field_err;
	struct cursor mp;
	int rc = 0;

	if (nlri_decode(&withdrawn, AFI_IPV4, SAFI_UNICAST, addpath,
	    BGP_KIND_WITHDRAW, false, &d->list, &field_err) == -1 && rc == 0) {
		*err = field_err;
		rc = -1;
	}
	if (ad->has_mp_unreach && ad->mp_unreach_supported) {
		mp = ad->mp_unreach_nlri;
		if (nlri_decode(&mp, ad->mp_unreach_afi, ad->mp_unreach_safi,
		    addpath, BGP_KIND_WITHDRAW, true, &d->list,
		    &field_err) == -1 && rc == 0) {
			*err = field_err;
			rc = -1;
		}
	}
	if (nlri_decode(&nlri, AFI_IPV4, SAFI_UNICAST, addpath,
	    BGP_KIND_ANNOUNCE, false, &d->list, &field_err) == -1 && rc == 0) {
		*err = field_err;
		rc = -1;
	}
	if (ad->has_mp_reach && ad->mp_reach_supported) {
		mp = ad->mp_reach_nlri;
		if (nlri_decode(&mp, ad->attrs.mp_afi, ad->attrs.mp_safi,
		    addpath, BGP_KIND_ANNOUNCE, true, &d->list,
		    &field_err) == -1 && rc == 0) {
			*err = field_err;
			rc = -1;
		}
	}
	return rc;
}

/*
 * RFC 4271 4.3: withdrawn routes, path attributes, NLRI.  The body is the
 * message after its 19-octet header (the legacy MRT BGP type stores
 * exactly that).  Prefixes come out in the order bgpdump prints them:
 * withdrawals (IPv4 field, then MP_UNREACH_NLRI), then announcements
 * (IPv4 field, then MP_REACH_NLRI).
 *
 * Damaged framing of the attributes fails the whole message.  Damage in
 * a prefix list keeps what came before it (d->partial).  Prefix lists
 * that only parse with ADD-PATH identifiers (RFC 7911) in a record whose
 * subtype does not say so -- BIRD writes such files when the session
 * negotiated ADD-PATH -- are decoded with them (d->addpath_detected).
 */
int
bgp_update_decode(struct bgp_msg_decoder *d, struct cursor *body,
    int asn_size, bool addpath, struct decode_error *err)
{
	return update_decode(d, body, asn_size, addpath, false, err);
}

/*
 * cut: the message was cut short by its record, so a damaged last prefix
 * is expected and no evidence of ADD-PATH identifiers.
 */
static int
update_decode(struct bgp_msg_decoder *d, struct cursor *body, int asn_size,
    bool addpath, bool cut, struct decode_error *err)
{
	struct attr_decoder *ad = &d->attrs;
	struct cursor withdrawn, attrs;
	struct decode_error retry_err;
	uint16_t wlen, alen;

	d->type = BGP_MSG_UPDATE;
	d->list.n = 0;
	d->end_of_rib = false;
	d->partial = false;
	d->addpath_detected = false;

	if (cursor_get_n16(body, &wlen) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "UPDATE shorter than its withdrawn routes length");
	if (cursor_sub(body, wlen, &withdrawn) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "withdrawn routes length %u overruns the UPDATE (%zu "
		    "bytes left)", wlen, cursor_left(body));
	if (cursor_get_n16(body, &alen) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "UPDATE ends before its path attribute length");
	if (cursor_sub(body, alen, &attrs) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "path attribute length %u overruns the UPDATE (%zu bytes "
		    "left)", alen, cursor_left(body));
	if (attr_decode(ad, &attrs, asn_size, ATTR_CTX_UPDATE, err) == -1)
		return -1;

	if (update_prefixes(d, withdrawn, *body, addpath,
	    &d->partial_err) == -1) {
		d->list.n = 0;
		if (!addpath && !cut && update_prefixes(d, withdrawn, *body,
		    true, &retry_err) == 0)
			d->addpath_detected = true;
		else {
			d->list.n = 0;
			(void)update_prefixes(d, withdrawn, *body, addpath,
			    &d->partial_err);
			d->partial = true;
		}
	}
	(void)cursor_skip(body, cursor_left(body));

	/*
	 * RFC 4724 2: End-of-RIB is an UPDATE with nothing in it (IPv4
	 * unicast), or with only an empty MP_UNREACH_NLRI (other families).
	 */
	if (d->partial)
		return 0;
	if (wlen == 0 && alen == 0 && d->list.n == 0) {
		d->end_of_rib = true;
		d->eor_afi = AFI_IPV4;
		d->eor_safi = SAFI_UNICAST;
	} else if (d->list.n == 0 && ad->has_mp_unreach &&
	    ad->attrs.present == ATTR_BIT(ATTR_MP_UNREACH_NLRI) &&
	    cursor_left(&ad->mp_unreach_nlri) == 0) {
		d->end_of_rib = true;
		d->eor_afi = ad->mp_unreach_afi;
		d->eor_safi = ad->mp_unreach_safi;
	}
	return 0;
}

/* RFC 5492 4: capabilities inside optional parameter 2. */
static void
open_capabilities(struct bgp_open_info *o, struct cursor *caps)
{
	uint8_t code, len;
	uint16_t afi;
	uint8_t reserved, safi;
	struct cursor v;

	while (cursor_get_u8(caps, &code) == 0 &&
	    cursor_get_u8(caps, &len) == 0 &&
	    cursor_sub(caps, len, &v) == 0) {
		switch (code) {
		case 1:		/* RFC 4760 8: multiprotocol */
			if (cursor_get_n16(&v, &afi) == 0 &&
			    cursor_get_u8(&v, &reserved) == 0 &&
			    cursor_get_u8(&v, &safi) == 0 &&
			    safi == SAFI_UNICAST) {
				if (afi == AFI_IPV4)
					o->cap_mp_ipv4_unicast = true;
				else if (afi == AFI_IPV6)
					o->cap_mp_ipv6_unicast = true;
			}
			break;
		case 2:		/* RFC 2918 */
		case 128:	/* pre-standard route refresh */
			o->cap_route_refresh = true;
			break;
		case 6:		/* RFC 8654 */
			o->cap_extended_message = true;
			break;
		case 64:	/* RFC 4724 */
			o->cap_graceful_restart = true;
			break;
		case 65:	/* RFC 6793 */
			o->cap_as4 = true;
			(void)cursor_get_n32(&v, &o->as4);
			break;
		case 69:	/* RFC 7911 */
			o->cap_addpath = true;
			break;
		default:
			break;
		}
	}
}

/* RFC 4271 4.2. */
static int
bgp_open_decode(struct bgp_msg_decoder *d, struct cursor *body,
    struct decode_error *err)
{
	struct bgp_open_info *o = &d->open;
	const uint8_t *id;
	uint8_t optlen, ptype, plen;
	struct cursor opts, v;

	memset(o, 0, sizeof(*o));
	if (cursor_get_u8(body, &o->version) == -1 ||
	    cursor_get_n16(body, &o->my_as) == -1 ||
	    cursor_get_n16(body, &o->hold_time) == -1 ||
	    cursor_get_ref(body, &id, 4) == -1 ||
	    cursor_get_u8(body, &optlen) == -1)
		return decode_fail(err, SKIP_MALFORMED, "OPEN truncated");
	o->bgp_id.afi = AFI_IPV4;
	memcpy(o->bgp_id.bytes, id, 4);
	if (cursor_sub(body, optlen, &opts) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "OPEN optional parameters length %u overruns the message",
		    optlen);
	o->opt_params = opts.buf;
	o->opt_len = optlen;
	while (cursor_get_u8(&opts, &ptype) == 0) {
		if (cursor_get_u8(&opts, &plen) == -1 ||
		    cursor_sub(&opts, plen, &v) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "OPEN optional parameter overruns its field");
		if (ptype == 2)
			open_capabilities(o, &v);
	}
	return 0;
}

int
bgp_msg_decode(struct bgp_msg_decoder *d, struct cursor *c, int asn_size,
    bool addpath, struct decode_error *err)
{
	static const uint8_t marker[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	const uint8_t *m;
	uint16_t len;
	uint8_t type;
	struct cursor body;

	d->list.n = 0;
	d->end_of_rib = false;
	if (cursor_get_ref(c, &m, 16) == -1 ||
	    cursor_get_n16(c, &len) == -1 || cursor_get_u8(c, &type) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "BGP message shorter than its 19-byte header (%zu bytes)",
		    cursor_left(c));
	if (memcmp(m, marker, sizeof(marker)) != 0)
		return decode_fail(err, SKIP_BAD_MARKER,
		    "BGP marker is not all ones");
	/* RFC 4271 4.1 (and RFC 8654 for lengths above 4096). */
	if (len < BGP_HEADER_LEN)
		return decode_fail(err, SKIP_MALFORMED,
		    "BGP message length %u below the 19-byte header", len);
	d->type = type;
	d->partial = false;
	if (cursor_sub(c, len - BGP_HEADER_LEN, &body) == -1) {
		size_t left = cursor_left(c);

		/*
		 * The record was cut inside the message.  An UPDATE whose
		 * attributes survived still yields the prefixes before the
		 * cut; anything else is lost.
		 */
		if (type != BGP_MSG_UPDATE)
			return decode_fail(err, SKIP_MALFORMED,
			    "BGP message length %u overruns the MRT record "
			    "(%zu bytes after the header)", len, left);
		(void)cursor_sub(c, left, &body);
		if (update_decode(d, &body, asn_size, addpath, true, err) == -1)
			return -1;
		d->partial = true;
		d->end_of_rib = false;
		decode_fail(&d->partial_err, SKIP_TRUNCATED,
		    "BGP message length %u overruns the MRT record by %zu "
		    "bytes; %u prefixes before the cut kept", len,
		    (size_t)(len - BGP_HEADER_LEN) - left, d->list.n);
		return 0;
	}
	switch (type) {
	case BGP_MSG_OPEN:
		return bgp_open_decode(d, &body, err);
	case BGP_MSG_UPDATE:
		return bgp_update_decode(d, &body, asn_size, addpath, err);
	case BGP_MSG_NOTIFICATION:
		/* RFC 4271 4.5: code, subcode, data. */
		if (cursor_get_u8(&body, &d->notification.code) == -1 ||
		    cursor_get_u8(&body, &d->notification.subcode) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "NOTIFICATION truncated");
		d->notification.len = (uint16_t)cursor_left(&body);
		(void)cursor_get_ref(&body, &d->notification.data,
		    d->notification.len);
		return 0;
	case BGP_MSG_KEEPALIVE:
		return 0;
	case BGP_MSG_ROUTE_REFRESH:
		/* RFC 2918 3: AFI, reserved (RFC 7313 subtype), SAFI. */
		if (cursor_get_n16(&body, &d->refresh_afi) == -1 ||
		    cursor_skip(&body, 1) == -1 ||
		    cursor_get_u8(&body, &d->refresh_safi) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "ROUTE-REFRESH truncated");
		return 0;
	default:
		return decode_fail(err, SKIP_MALFORMED,
		    "unknown BGP message type %u", type);
	}
}

void
bgp_msg_decoder_free(struct bgp_msg_decoder *d)
{
	attr_decoder_free(&d->attrs);
	free(d->list.items);
	memset(d, 0, sizeof(*d));
}
