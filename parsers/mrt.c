/*
 * mrt.c -- MRT routing information export format, RFC 6396, with the
 * ADD-PATH extensions of RFC 8050 and the deprecated types still found in
 * 1999-2001 RIPE RIS archives.
 *
 * The reader frames records (common header, RFC 6396 2), decodes one
 * whole record at a time with one function per type/subtype, and then
 * hands out its routes one by one.  A record whose length is sane but
 * whose body does not parse is skipped whole with an error; a record
 * header that cannot be one ends the file, since the framing is lost.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/bgp_decode.h"
#include "parsers/bgp_msg.h"
#include "parsers/mrt.h"

#define MRT_HEADER_LEN		12
#define MRT_ET_HEADER_LEN	16

struct peer_entry {
	struct ip_addr	addr;
	struct ip_addr	bgp_id;
	uint32_t	as;
};

enum iter_state {
	ITER_IDLE,	/* read the next MRT record */
	ITER_SINGLE,	/* rec is ready, hand it out once */
	ITER_LIST,	/* hand out msg.list items */
	ITER_RIB,	/* decode and hand out TABLE_DUMP_V2 entries */
	ITER_TD1,	/* hand out the entries of a RIS 2000 TABLE_DUMP */
};

struct mrt_reader {
	struct input		*in;		/* NULL for buffer decoding */
	const char		*name;
	struct decode_stats	 stats;
	bool			 ended;
	size_t			 pending_consume;
	uint32_t		 last_time;	/* of the last good record */

	/* The record being handed out. */
	uint16_t		 type, subtype;
	struct cursor		 body;
	bool			 record_open;	/* decoded, routes being handed out */
	bool			 record_failed;	/* an entry of it was skipped */

	/* TABLE_DUMP_V2 peer index, RFC 6396 4.3.1. */
	struct peer_entry	*peers;
	uint32_t		 npeers, cap_peers;
	bool			 have_peer_index;
	struct ip_addr		 collector_id;

	struct bgp_msg_decoder	 msg;
	struct bgp_record	 rec;
	enum iter_state		 state;
	uint32_t		 next_item;

	/* ITER_RIB and ITER_TD1 */
	struct cursor		 entries;
	bool			 td1_trailing;	/* TABLE_DUMP with bytes left */
	uint32_t		 entries_left;
	bool			 rib_addpath;

	/* A note to report once the record's routes are out. */
	bool			 note_pending;
	enum skip_reason	 note_reason;
	char			 note_detail[DECODE_DETAIL_MAX];
};

static struct mrt_reader *
reader_new(void)
{
	return calloc(1, sizeof(struct mrt_reader));
}

struct mrt_reader *
mrt_open(struct input *in)
{
	struct mrt_reader *r = reader_new();

	if (r == NULL)
		return NULL;
	r->in = in;
	r->name = input_name(in);
	return r;
}

struct mrt_reader *
mrt_open_buffer(void)
{
	struct mrt_reader *r = reader_new();

	if (r != NULL)
		r->name = "(buffer)";
	return r;
}

void
mrt_close(struct mrt_reader *r)
{
	if (r == NULL)
		return;
	bgp_msg_decoder_free(&r->msg);
	free(r->peers);
	free(r);
}

const struct decode_stats *
mrt_stats(const struct mrt_reader *r)
{
	return &r->stats;
}

static void
addr_from(struct ip_addr *a, uint8_t afi, const uint8_t *b)
{
	memset(a, 0, sizeof(*a));
	a->afi = afi;
	memcpy(a->bytes, b, afi == AFI_IPV4 ? 4 : 16);
}

static int
get_addr(struct cursor *c, uint8_t afi, struct ip_addr *a)
{
	const uint8_t *b;

	if (cursor_get_ref(c, &b, afi == AFI_IPV4 ? 4 : 16) == -1)
		return -1;
	addr_from(a, afi, b);
	return 0;
}

static int
get_as(struct cursor *c, int asn_size, uint32_t *as)
{
	uint16_t as16;

	if (asn_size == 4)
		return cursor_get_n32(c, as);
	if (cursor_get_n16(c, &as16) == -1)
		return -1;
	*as = as16;
	return 0;
}

static void
set_note(struct mrt_reader *r, enum skip_reason reason, const char *detail)
{
	r->note_pending = true;
	r->note_reason = reason;
	snprintf(r->note_detail, sizeof(r->note_detail), "%s", detail);
}

/* Turn a decoded UPDATE or other message into records to hand out. */
static void
emit_message(struct mrt_reader *r)
{
	struct bgp_msg_decoder *m = &r->msg;

	r->rec.kind = BGP_KIND_MESSAGE;
	r->rec.msg_type = m->type;
	if (m->type == BGP_MSG_UPDATE) {
		if (m->addpath_detected) {
			r->rec.has_path_id = true;
			set_note(r, NOTE_ADDPATH_FOUND, "the prefixes only parse "
			    "with RFC 7911 path identifiers; decoded with them");
		}
		if (m->attrs.unsupported_afi > 0)
			set_note(r, SKIP_UNSUPPORTED_AFI,
			    m->attrs.unsupported_detail);
		if (m->partial)
			set_note(r, m->partial_err.reason,
			    m->partial_err.detail);
		if (m->end_of_rib) {
			r->rec.msg_type = BGP_MSG_END_OF_RIB;
			r->rec.afi = m->eor_afi;
			r->rec.safi = m->eor_safi;
			r->state = ITER_SINGLE;
			return;
		}
		r->rec.attrs = &m->attrs.attrs;
		r->next_item = 0;
		r->state = ITER_LIST;
		return;
	}
	if (m->type == BGP_MSG_OPEN)
		r->rec.open = m->open;
	else if (m->type == BGP_MSG_NOTIFICATION)
		r->rec.notification = m->notification;
	else if (m->type == BGP_MSG_ROUTE_REFRESH) {
		r->rec.refresh_afi = m->refresh_afi;
		r->rec.refresh_safi = m->refresh_safi;
	}
	r->state = ITER_SINGLE;
}

/*
 * One TABLE_DUMP entry after the view and sequence numbers (RFC 6396
 * 4.2): prefix, length, status, originated time, peer address and AS,
 * attributes.
 */
static int
td1_entry(struct mrt_reader *r, struct cursor *c, uint8_t afi, int asn_size,
    struct decode_error *err)
{
	struct bgp_record *rec = &r->rec;
	struct attr_decoder *ad = &r->msg.attrs;
	struct cursor attrs;
	uint16_t attr_len;
	uint8_t status;

	memset(&rec->wire_prefix, 0, sizeof(rec->wire_prefix));
	rec->wire_prefix.addr.afi = afi;
	if (cursor_get_bytes(c, rec->wire_prefix.addr.bytes,
	    afi == AFI_IPV4 ? 4 : 16) == -1 ||
	    cursor_get_u8(c, &rec->wire_prefix.len) == -1 ||
	    cursor_get_u8(c, &status) == -1 ||
	    cursor_get_n32(c, &rec->originated) == -1 ||
	    get_addr(c, afi, &rec->peer_addr) == -1 ||
	    get_as(c, asn_size, &rec->peer_as) == -1 ||
	    cursor_get_n16(c, &attr_len) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "TABLE_DUMP entry shorter than its fixed fields");
	if (rec->wire_prefix.len > (afi == AFI_IPV4 ? 32 : 128))
		return decode_fail(err, SKIP_MALFORMED,
		    "prefix length %u", rec->wire_prefix.len);
	if (cursor_sub(c, attr_len, &attrs) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "attribute length %u overruns the record (%zu bytes left)",
		    attr_len, cursor_left(c));
	if (attr_decode(ad, &attrs, asn_size, ATTR_CTX_RIB, err) == -1)
		return -1;
	rec->prefix = rec->wire_prefix;
	prefix_mask(&rec->prefix);
	rec->attrs = &ad->attrs;
	return 0;
}

/* RFC 6396 4.2: TABLE_DUMP, one route per record. */
static int
decode_table_dump(struct mrt_reader *r, struct decode_error *err)
{
	struct cursor *c = &r->body;
	struct bgp_record *rec = &r->rec;
	uint16_t view, seq;
	uint8_t afi;
	int asn_size;

	switch (r->subtype) {
	case TD_AFI_IPV4:
	case TD_AFI_IPV6:
		asn_size = 2;
		break;
	case TD_AFI_IPV4_AS4:
	case TD_AFI_IPV6_AS4:
		asn_size = 4;
		break;
	default:
		return decode_fail(err, SKIP_UNKNOWN_SUBTYPE,
		    "TABLE_DUMP subtype %u", r->subtype);
	}
	afi = (r->subtype == TD_AFI_IPV4 || r->subtype == TD_AFI_IPV4_AS4) ?
	    AFI_IPV4 : AFI_IPV6;

	rec->kind = BGP_KIND_RIB;
	rec->afi = afi;
	rec->safi = SAFI_UNICAST;
	rec->as4 = asn_size == 4;
	if (cursor_get_n16(c, &view) == -1 || cursor_get_n16(c, &seq) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "TABLE_DUMP record shorter than its view and sequence");
	rec->view = view;
	if (td1_entry(r, c, afi, asn_size, err) == -1)
		return -1;
	if (cursor_left(c) != 0) {
		r->td1_trailing = true;
		return decode_fail(err, SKIP_MALFORMED,
		    "%zu bytes after the attributes", cursor_left(c));
	}
	r->state = ITER_SINGLE;
	return 0;
}

/*
 * RIPE RIS bview files of 2000 hold many entries in one TABLE_DUMP record
 * -- view and sequence numbers once, then entries of the RFC 6396 4.2
 * layout back to back -- with a length field 4 bytes short (it leaves
 * out the view and sequence numbers).  Recognise that layout: every
 * entry must frame exactly, with a sane prefix length, and what follows
 * must be another MRT header or the end.  Returns the number of entries,
 * or 0 when the record is not in that layout.
 */
static uint32_t
td1_ris2000_entries(const uint8_t *body, size_t len)
{
	struct cursor c, attrs;
	uint16_t attr_len;
	uint8_t plen;
	uint32_t n = 0;

	cursor_init(&c, body, len);
	if (cursor_skip(&c, 4) == -1)
		return 0;
	while (cursor_left(&c) > 0) {
		if (cursor_skip(&c, 4) == -1 ||
		    cursor_get_u8(&c, &plen) == -1 || plen > 32 ||
		    cursor_skip(&c, 1 + 4 + 4 + 2) == -1 ||
		    cursor_get_n16(&c, &attr_len) == -1 ||
		    cursor_sub(&c, attr_len, &attrs) == -1)
			return 0;
		n++;
	}
	return n >= 2 ? n : 0;
}

/* RFC 6396 4.3.1: the table every later RIB entry indexes into. */
static int
decode_peer_index(struct mrt_reader *r, struct decode_error *err)
{
	struct cursor *c = &r->body;
	const uint8_t *id;
	uint16_t name_len, count, i;
	uint8_t type;
	struct peer_entry *p;

	if (cursor_get_ref(c, &id, 4) == -1 ||
	    cursor_get_n16(c, &name_len) == -1 ||
	    cursor_skip(c, name_len) == -1 ||
	    cursor_get_n16(c, &count) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "PEER_INDEX_TABLE header truncated");
	if (count > r->cap_peers) {
		p = realloc(r->peers, (size_t)count * sizeof(*p));
		if (p == NULL)
			return decode_fail(err, SKIP_MALFORMED,
			    "out of memory for %u peers", count);
		r->peers = p;
		r->cap_peers = count;
	}
	for (i = 0; i < count; i++) {
		p = &r->peers[i];
		/* Peer type bit 0: IPv6 address; bit 1: 4-byte AS. */
		if (cursor_get_u8(c, &type) == -1 ||
		    get_addr(c, AFI_IPV4, &p->bgp_id) == -1 ||
		    get_addr(c, (type & 1) ? AFI_IPV6 : AFI_IPV4,
		    &p->addr) == -1 ||
		    get_as(c, (type & 2) ? 4 : 2, &p->as) == -1) {
			r->npeers = 0;
			r->have_peer_index = false;
			return decode_fail(err, SKIP_MALFORMED,
			    "PEER_INDEX_TABLE entry %u of %u truncated", i,
			    count);
		}
	}
	/* A new table replaces the old one (several in one file: BIRD). */
	addr_from(&r->collector_id, AFI_IPV4, id);
	r->npeers = count;
	r->have_peer_index = true;
	r->state = ITER_IDLE;
	return 0;
}

/* RFC 6396 4.3.2 and 4.3.3, RFC 8050 4: a prefix and its RIB entries. */
static int
decode_rib(struct mrt_reader *r, struct decode_error *err)
{
	struct cursor *c = &r->body;
	struct bgp_record *rec = &r->rec;
	uint32_t seq;
	uint16_t afi, count;
	uint8_t safi;

	r->rib_addpath = false;
	switch (r->subtype) {
	case TD2_RIB_IPV4_UNICAST_ADDPATH:
	case TD2_RIB_IPV4_MULTICAST_ADDPATH:
	case TD2_RIB_IPV6_UNICAST_ADDPATH:
	case TD2_RIB_IPV6_MULTICAST_ADDPATH:
	case TD2_RIB_GENERIC_ADDPATH:
		r->rib_addpath = true;
		break;
	}
	if (cursor_get_n32(c, &seq) == -1)
		return decode_fail(err, SKIP_MALFORMED, "RIB record truncated");
	switch (r->subtype) {
	case TD2_RIB_IPV4_UNICAST:
	case TD2_RIB_IPV4_UNICAST_ADDPATH:
		afi = AFI_IPV4, safi = SAFI_UNICAST;
		break;
	case TD2_RIB_IPV4_MULTICAST:
	case TD2_RIB_IPV4_MULTICAST_ADDPATH:
		afi = AFI_IPV4, safi = SAFI_MULTICAST;
		break;
	case TD2_RIB_IPV6_UNICAST:
	case TD2_RIB_IPV6_UNICAST_ADDPATH:
		afi = AFI_IPV6, safi = SAFI_UNICAST;
		break;
	case TD2_RIB_IPV6_MULTICAST:
	case TD2_RIB_IPV6_MULTICAST_ADDPATH:
		afi = AFI_IPV6, safi = SAFI_MULTICAST;
		break;
	default:
		/* RIB_GENERIC: AFI, SAFI, then one NLRI as in BGP. */
		if (cursor_get_n16(c, &afi) == -1 ||
		    cursor_get_u8(c, &safi) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "RIB_GENERIC record truncated");
		if (!afi_safi_supported(afi, safi))
			return decode_fail(err, SKIP_UNSUPPORTED_AFI,
			    "RIB_GENERIC AFI %u SAFI %u", afi, safi);
		break;
	}
	if (prefix_decode(c, afi, &rec->wire_prefix, err) == -1)
		return -1;
	if (cursor_get_n16(c, &count) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "RIB record ends before its entry count");
	r->entries_left = count;
	if (r->entries_left > 0 && !r->have_peer_index)
		return decode_fail(err, SKIP_NO_PEER_INDEX,
		    "%" PRIu32 " RIB entries but no PEER_INDEX_TABLE before them",
		    r->entries_left);
	rec->prefix = rec->wire_prefix;
	prefix_mask(&rec->prefix);
	rec->afi = afi;
	rec->safi = safi;
	rec->view = seq;
	rec->kind = BGP_KIND_RIB;
	rec->as4 = true;
	rec->has_path_id = r->rib_addpath;
	r->entries = *c;
	r->state = ITER_RIB;
	return 0;
}

/* RFC 6396 4.3.4: one RIB entry of the current record. */
static enum mrt_status
next_rib_entry(struct mrt_reader *r, struct decode_error *err)
{
	struct cursor *c = &r->entries, attrs;
	struct bgp_record *rec = &r->rec;
	struct attr_decoder *ad = &r->msg.attrs;
	const struct peer_entry *p;
	uint16_t index, attr_len;

	r->entries_left--;
	if (cursor_get_n16(c, &index) == -1 ||
	    cursor_get_n32(c, &rec->originated) == -1 ||
	    (r->rib_addpath && cursor_get_n32(c, &rec->path_id) == -1) ||
	    cursor_get_n16(c, &attr_len) == -1 ||
	    cursor_sub(c, attr_len, &attrs) == -1) {
		/* The entries' framing is gone: drop the rest. */
		decode_fail(err, SKIP_MALFORMED,
		    "RIB entry overruns the record (%" PRIu32 " entries left)",
		    r->entries_left + 1);
		r->entries_left = 0;
		return MRT_SKIP;
	}
	if (r->entries_left == 0 && cursor_left(c) != 0) {
		decode_fail(err, SKIP_MALFORMED,
		    "%zu bytes after the last RIB entry", cursor_left(c));
		return MRT_SKIP;
	}
	if (index >= r->npeers) {
		decode_fail(err, SKIP_BAD_PEER_INDEX,
		    "RIB entry names peer %u, the table has %u", index,
		    r->npeers);
		return MRT_SKIP;
	}
	if (attr_decode(ad, &attrs, 4, ATTR_CTX_RIB, err) == -1)
		return MRT_SKIP;
	p = &r->peers[index];
	rec->peer_index = index;
	rec->peer_addr = p->addr;
	rec->peer_as = p->as;
	rec->peer_bgp_id = p->bgp_id;
	rec->collector_id = r->collector_id;
	rec->attrs = &ad->attrs;
	return MRT_OK;
}

static int
decode_table_dump_v2(struct mrt_reader *r, struct decode_error *err)
{
	switch (r->subtype) {
	case TD2_PEER_INDEX_TABLE:
		return decode_peer_index(r, err);
	case TD2_RIB_IPV4_UNICAST:
	case TD2_RIB_IPV4_MULTICAST:
	case TD2_RIB_IPV6_UNICAST:
	case TD2_RIB_IPV6_MULTICAST:
	case TD2_RIB_GENERIC:
	case TD2_RIB_IPV4_UNICAST_ADDPATH:
	case TD2_RIB_IPV4_MULTICAST_ADDPATH:
	case TD2_RIB_IPV6_UNICAST_ADDPATH:
	case TD2_RIB_IPV6_MULTICAST_ADDPATH:
	case TD2_RIB_GENERIC_ADDPATH:
		return decode_rib(r, err);
	case TD2_GEO_PEER_TABLE:
		/* RFC 6397: collector and peer locations, no routes. */
		return decode_fail(err, SKIP_UNKNOWN_SUBTYPE,
		    "TABLE_DUMP_V2 GEO_PEER_TABLE (RFC 6397) not decoded");
	default:
		return decode_fail(err, SKIP_UNKNOWN_SUBTYPE,
		    "TABLE_DUMP_V2 subtype %u", r->subtype);
	}
}

/*
 * RFC 6396 4.4: the peer AS, local AS, interface index, address family
 * and the two addresses that start every BGP4MP record.
 */
static int
bgp4mp_peer_header(struct mrt_reader *r, int asn_size, bool local_msg,
    struct decode_error *err)
{
	struct cursor *c = &r->body;
	struct bgp_record *rec = &r->rec;
	uint16_t ifindex, afi;

	if (get_as(c, asn_size, &rec->peer_as) == -1 ||
	    get_as(c, asn_size, &rec->local_as) == -1 ||
	    cursor_get_n16(c, &ifindex) == -1 ||
	    cursor_get_n16(c, &afi) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "BGP4MP header truncated");
	/*
	 * Zebra wrote OPENs without interface index, AFI and addresses: the
	 * two 0xffff "fields" are the start of the BGP marker.
	 */
	if (ifindex == 0xffff && afi == 0xffff) {
		c->pos -= 4;
		memset(&rec->peer_addr, 0, sizeof(rec->peer_addr));
		memset(&rec->local_addr, 0, sizeof(rec->local_addr));
		return 0;
	}
	if (afi != AFI_IPV4 && afi != AFI_IPV6)
		return decode_fail(err, SKIP_MALFORMED,
		    "BGP4MP address family %u", afi);
	if (get_addr(c, (uint8_t)afi, &rec->peer_addr) == -1 ||
	    get_addr(c, (uint8_t)afi, &rec->local_addr) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "BGP4MP addresses truncated");
	rec->local_msg = local_msg;
	return 0;
}

/* RFC 6396 4.4.1 and 4.4.5. */
static int
decode_state_change(struct mrt_reader *r, int asn_size,
    struct decode_error *err)
{
	struct cursor *c = &r->body;
	struct bgp_record *rec = &r->rec;

	rec->kind = BGP_KIND_STATE;
	/*
	 * Zebra once wrote 8-byte STATE_CHANGE records: the two ASNs and the
	 * two states, no interface, family or addresses.
	 */
	if (asn_size == 2 && cursor_left(c) == 8) {
		(void)get_as(c, 2, &rec->peer_as);
		(void)get_as(c, 2, &rec->local_as);
		(void)cursor_get_n16(c, &rec->old_state);
		(void)cursor_get_n16(c, &rec->new_state);
		r->state = ITER_SINGLE;
		return 0;
	}
	if (bgp4mp_peer_header(r, asn_size, false, err) == -1)
		return -1;
	if (cursor_get_n16(c, &rec->old_state) == -1 ||
	    cursor_get_n16(c, &rec->new_state) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "STATE_CHANGE ends before its states");
	if (cursor_left(c) != 0)
		return decode_fail(err, SKIP_MALFORMED,
		    "%zu bytes after the states", cursor_left(c));
	r->state = ITER_SINGLE;
	return 0;
}

/* RFC 6396 4.4.2-4.4.4 and 4.4.6-4.4.7, RFC 8050 3. */
static int
decode_message(struct mrt_reader *r, int asn_size, bool local_msg,
    bool addpath, struct decode_error *err)
{
	r->rec.as4 = asn_size == 4;
	r->rec.has_path_id = addpath;
	if (bgp4mp_peer_header(r, asn_size, local_msg, err) == -1)
		return -1;
	if (bgp_msg_decode(&r->msg, &r->body, asn_size, addpath, err) == -1)
		return -1;
	emit_message(r);
	return 0;
}

/*
 * BGP4MP_ENTRY (subtype 2), from the MRT draft, as OpenBGPD writes it:
 * the BGP4MP header, then view, status, originated time, AFI, SAFI,
 * next hop length and next hop, the prefix, and the attributes.
 */
static int
decode_bgp4mp_entry(struct mrt_reader *r, struct decode_error *err)
{
	struct cursor *c = &r->body, attrs;
	struct bgp_record *rec = &r->rec;
	struct attr_decoder *ad = &r->msg.attrs;
	uint16_t view, status, afi, attr_len;
	uint8_t safi, nh_len;
	const uint8_t *nh;

	if (bgp4mp_peer_header(r, 2, false, err) == -1)
		return -1;
	if (cursor_get_n16(c, &view) == -1 ||
	    cursor_get_n16(c, &status) == -1 ||
	    cursor_get_n32(c, &rec->originated) == -1 ||
	    cursor_get_n16(c, &afi) == -1 || cursor_get_u8(c, &safi) == -1 ||
	    cursor_get_u8(c, &nh_len) == -1 ||
	    cursor_get_ref(c, &nh, nh_len) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "BGP4MP_ENTRY header truncated");
	if (!afi_safi_supported(afi, safi))
		return decode_fail(err, SKIP_UNSUPPORTED_AFI,
		    "BGP4MP_ENTRY AFI %u SAFI %u", afi, safi);
	if (prefix_decode(c, afi, &rec->wire_prefix, err) == -1)
		return -1;
	if (cursor_get_n16(c, &attr_len) == -1 ||
	    cursor_sub(c, attr_len, &attrs) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "BGP4MP_ENTRY attributes overrun the record");
	if (attr_decode(ad, &attrs, 2, ATTR_CTX_RIB, err) == -1)
		return -1;
	/* The entry's own next hop stands in for MP_REACH_NLRI's. */
	if (!(ad->attrs.present & ATTR_BIT(ATTR_MP_REACH_NLRI)) &&
	    (nh_len == 4 || nh_len == 16 || nh_len == 32)) {
		ad->attrs.mp_nexthop_len = nh_len;
		addr_from(&ad->attrs.mp_nexthop,
		    nh_len == 4 ? AFI_IPV4 : AFI_IPV6, nh);
		if (nh_len == 32)
			addr_from(&ad->attrs.mp_nexthop_local, AFI_IPV6,
			    nh + 16);
		ad->attrs.mp_afi = afi;
		ad->attrs.mp_safi = safi;
	}
	rec->view = view;
	rec->kind = BGP_KIND_RIB;
	rec->afi = afi;
	rec->safi = safi;
	rec->prefix = rec->wire_prefix;
	prefix_mask(&rec->prefix);
	rec->attrs = &ad->attrs;
	r->state = ITER_SINGLE;
	return 0;
}

static int
decode_bgp4mp(struct mrt_reader *r, struct decode_error *err)
{
	switch (r->subtype) {
	case BGP4MP_STATE_CHANGE:
		return decode_state_change(r, 2, err);
	case BGP4MP_STATE_CHANGE_AS4:
		return decode_state_change(r, 4, err);
	case BGP4MP_MESSAGE:
		return decode_message(r, 2, false, false, err);
	case BGP4MP_MESSAGE_AS4:
		return decode_message(r, 4, false, false, err);
	case BGP4MP_MESSAGE_LOCAL:
		return decode_message(r, 2, true, false, err);
	case BGP4MP_MESSAGE_AS4_LOCAL:
		return decode_message(r, 4, true, false, err);
	case BGP4MP_MESSAGE_ADDPATH:
		return decode_message(r, 2, false, true, err);
	case BGP4MP_MESSAGE_AS4_ADDPATH:
		return decode_message(r, 4, false, true, err);
	case BGP4MP_MESSAGE_LOCAL_ADDPATH:
		return decode_message(r, 2, true, true, err);
	case BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH:
		return decode_message(r, 4, true, true, err);
	case BGP4MP_ENTRY:
		return decode_bgp4mp_entry(r, err);
	case BGP4MP_SNAPSHOT:
		return decode_fail(err, SKIP_UNKNOWN_SUBTYPE,
		    "BGP4MP SNAPSHOT (a file name, no routes) not decoded");
	default:
		return decode_fail(err, SKIP_UNKNOWN_SUBTYPE,
		    "%s subtype %u", mrt_type_name(r->type), r->subtype);
	}
}

/*
 * The deprecated BGP type (5) of 1999-2001 RIS archives: peer AS and
 * address, local AS and address, then a BGP message body without its
 * 19-octet header; STATE_CHANGE carries the peer and two states.
 */
static int
decode_legacy_bgp(struct mrt_reader *r, struct decode_error *err)
{
	struct cursor *c = &r->body;
	struct bgp_record *rec = &r->rec;
	struct bgp_msg_decoder *m = &r->msg;

	rec->as4 = false;
	switch (r->subtype) {
	case BGP_STATE_CHANGE:
		rec->kind = BGP_KIND_STATE;
		if (get_as(c, 2, &rec->peer_as) == -1 ||
		    get_addr(c, AFI_IPV4, &rec->peer_addr) == -1 ||
		    cursor_get_n16(c, &rec->old_state) == -1 ||
		    cursor_get_n16(c, &rec->new_state) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "BGP STATE_CHANGE truncated");
		r->state = ITER_SINGLE;
		return 0;
	case BGP_UPDATE:
	case BGP_OPEN:
	case BGP_NOTIFY:
	case BGP_KEEPALIVE:
		break;
	case BGP_NULL:
	case BGP_PREF_UPDATE:
	case BGP_SYNC:
	default:
		return decode_fail(err, SKIP_UNKNOWN_SUBTYPE,
		    "BGP subtype %u", r->subtype);
	}
	if (get_as(c, 2, &rec->peer_as) == -1 ||
	    get_addr(c, AFI_IPV4, &rec->peer_addr) == -1 ||
	    get_as(c, 2, &rec->local_as) == -1 ||
	    get_addr(c, AFI_IPV4, &rec->local_addr) == -1)
		return decode_fail(err, SKIP_MALFORMED,
		    "BGP record header truncated");
	switch (r->subtype) {
	case BGP_UPDATE:
		if (bgp_update_decode(m, c, 2, false, err) == -1)
			return -1;
		if (cursor_left(c) != 0)
			return decode_fail(err, SKIP_MALFORMED,
			    "%zu bytes after the UPDATE", cursor_left(c));
		break;
	case BGP_OPEN:
		m->type = BGP_MSG_OPEN;
		memset(&m->open, 0, sizeof(m->open));
		break;
	case BGP_NOTIFY:
		m->type = BGP_MSG_NOTIFICATION;
		memset(&m->notification, 0, sizeof(m->notification));
		if (cursor_get_u8(c, &m->notification.code) == -1 ||
		    cursor_get_u8(c, &m->notification.subcode) == -1)
			return decode_fail(err, SKIP_MALFORMED,
			    "BGP NOTIFY truncated");
		m->notification.len = (uint16_t)cursor_left(c);
		(void)cursor_get_ref(c, &m->notification.data,
		    m->notification.len);
		break;
	case BGP_KEEPALIVE:
		m->type = BGP_MSG_KEEPALIVE;
		break;
	}
	emit_message(r);
	return 0;
}

static bool
mrt_type_known(uint16_t type)
{
	return mrt_type_name(type) != NULL;
}

/* Decode the body of the current record; sets r->state on success. */
static int
decode_record(struct mrt_reader *r, struct decode_error *err)
{
	r->state = ITER_IDLE;
	r->note_pending = false;
	switch (r->type) {
	case MRT_TABLE_DUMP:
		return decode_table_dump(r, err);
	case MRT_TABLE_DUMP_V2:
		return decode_table_dump_v2(r, err);
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET:
		return decode_bgp4mp(r, err);
	case MRT_BGP:
		return decode_legacy_bgp(r, err);
	default:
		return decode_fail(err, SKIP_UNKNOWN_TYPE, "MRT type %s (%u)",
		    mrt_type_known(r->type) ? mrt_type_name(r->type) :
		    "unknown", r->type);
	}
}

/* Fill the per-item fields of rec from the current list item. */
static void
item_to_record(struct mrt_reader *r, const struct nlri_item *it)
{
	struct bgp_record *rec = &r->rec;

	rec->kind = it->kind;
	rec->afi = it->afi;
	rec->safi = it->safi;
	rec->mp_nlri = it->mp;
	rec->wire_prefix = it->prefix;
	rec->prefix = it->prefix;
	prefix_mask(&rec->prefix);
	rec->path_id = it->path_id;
}

/* Hand out the next route of the current record, if any. */
static enum mrt_status
iterate(struct mrt_reader *r, const struct bgp_record **out,
    struct decode_error *err)
{
	enum mrt_status st;

	for (;;) {
		switch (r->state) {
		case ITER_SINGLE:
			r->state = ITER_IDLE;
			*out = &r->rec;
			return MRT_OK;
		case ITER_LIST:
			if (r->next_item < r->msg.list.n) {
				item_to_record(r,
				    &r->msg.list.items[r->next_item++]);
				*out = &r->rec;
				return MRT_OK;
			}
			r->state = ITER_IDLE;
			break;
		case ITER_RIB:
			if (r->entries_left == 0) {
				r->state = ITER_IDLE;
				break;
			}
			st = next_rib_entry(r, err);
			if (st == MRT_SKIP)
				r->record_failed = true;
			*out = &r->rec;
			return st;
		case ITER_TD1:
			if (r->entries_left == 0) {
				r->state = ITER_IDLE;
				break;
			}
			r->entries_left--;
			*out = &r->rec;
			if (td1_entry(r, &r->entries, AFI_IPV4, 2, err) == -1) {
				/* Framing was checked; only attributes fail. */
				r->record_failed = true;
				return MRT_SKIP;
			}
			return MRT_OK;
		case ITER_IDLE:
			if (r->note_pending) {
				r->note_pending = false;
				if (skip_reason_is_error(r->note_reason))
					r->record_failed = true;
				err->reason = r->note_reason;
				snprintf(err->detail, sizeof(err->detail), "%s",
				    r->note_detail);
				return MRT_SKIP;
			}
			return MRT_END;
		}
	}
}

/* Start a record: reset the template from the common header. */
static void
begin_record(struct mrt_reader *r, uint64_t offset, uint32_t time,
    uint16_t type, uint16_t subtype, bool et, uint32_t usec)
{
	struct bgp_record *rec = &r->rec;

	memset(rec, 0, sizeof(*rec));
	rec->record_no = r->stats.records;
	rec->offset = offset;
	rec->mrt_type = type;
	rec->mrt_subtype = subtype;
	rec->time = time;
	rec->usec = usec;
	rec->has_usec = et;
	r->type = type;
	r->subtype = subtype;
	r->record_failed = false;
}

static void
fill_error(struct mrt_reader *r, struct decode_error *err, uint64_t offset,
    uint64_t record_no)
{
	err->file = r->name;
	err->offset = offset;
	err->record_no = record_no;
	err->record_unit = NULL;
	err->offset_in_record = false;
}

static void
count_skip(struct mrt_reader *r, const struct decode_error *err)
{
	r->stats.skipped[err->reason]++;
}

/* Take the current TABLE_DUMP record in the RIS 2000 layout, if it is. */
static bool
td1_ris2000(struct mrt_reader *r, size_t total)
{
	const uint8_t *p;
	size_t avail;
	uint32_t n;
	uint16_t next_type;

	avail = input_peek(r->in, total + 4 + MRT_HEADER_LEN, &p);
	if (avail < total + 4)
		return false;
	if (avail >= total + 4 + MRT_HEADER_LEN) {
		next_type = (uint16_t)(p[total + 4 + 4] << 8 |
		    p[total + 4 + 5]);
		if (next_type != MRT_TABLE_DUMP)
			return false;
	}
	n = td1_ris2000_entries(p + MRT_HEADER_LEN, total + 4 -
	    MRT_HEADER_LEN);
	if (n == 0)
		return false;
	cursor_init(&r->entries, p + MRT_HEADER_LEN + 4, total - MRT_HEADER_LEN);
	r->entries_left = n;
	r->pending_consume = total + 4;
	r->state = ITER_TD1;
	set_note(r, NOTE_RIS2000_TABLE_DUMP, "many entries in one record, "
	    "its length 4 bytes short (RIS bview layout of 2000); decoded "
	    "as such");
	return true;
}

#define RESYNC_WINDOW		(4u * 1024 * 1024)
#define RESYNC_MAX_LENGTH	(1u << 20)
#define RESYNC_TIME_SLACK	(7u * 86400)

/*
 * Could an MRT header of a routing record start at p?  A known type and
 * subtype, a length no record of a routing archive exceeds, and a time
 * within a week of the last good record's.
 */
static bool
plausible_header(const uint8_t *p, size_t avail, uint32_t ref_time,
    size_t *total)
{
	struct cursor c;
	uint32_t time, length;
	uint16_t type, subtype, max_subtype;

	cursor_init(&c, p, avail);
	if (cursor_get_n32(&c, &time) == -1 ||
	    cursor_get_n16(&c, &type) == -1 ||
	    cursor_get_n16(&c, &subtype) == -1 ||
	    cursor_get_n32(&c, &length) == -1)
		return false;
	switch (type) {
	case MRT_BGP:
		max_subtype = BGP_KEEPALIVE;
		break;
	case MRT_TABLE_DUMP:
		max_subtype = TD_AFI_IPV6_AS4;
		break;
	case MRT_TABLE_DUMP_V2:
		max_subtype = TD2_RIB_GENERIC_ADDPATH;
		break;
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET:
		max_subtype = BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
		break;
	default:
		return false;
	}
	if (subtype > max_subtype || length > RESYNC_MAX_LENGTH ||
	    (type == MRT_BGP4MP_ET && length < 4))
		return false;
	if (ref_time != 0 && (time + RESYNC_TIME_SLACK < ref_time ||
	    time > ref_time + RESYNC_TIME_SLACK))
		return false;
	*total = MRT_HEADER_LEN + (size_t)length;
	return true;
}

/*
 * The framing is lost at the current position.  Look ahead for a place
 * where two plausible headers follow each other (or one ends exactly at
 * the end of the data) and return how many bytes lie before it; 0 when
 * there is none within RESYNC_WINDOW.
 */
static size_t
resync_distance(struct mrt_reader *r)
{
	const uint8_t *p;
	size_t avail, q, t1, t2;
	bool all = false;

	avail = input_peek(r->in, RESYNC_WINDOW, &p);
	if (avail < RESYNC_WINDOW)
		all = true;	/* everything that is left */
	for (q = 1; q + MRT_HEADER_LEN <= avail; q++) {
		if (!plausible_header(p + q, avail - q, r->last_time, &t1))
			continue;
		if (all && q + t1 == avail)
			return q;
		if (q + t1 + MRT_HEADER_LEN <= avail &&
		    plausible_header(p + q + t1, avail - q - t1, r->last_time,
		    &t2))
			return q;
	}
	return 0;
}

/*
 * After a damaged record: skip to where records plausibly start again,
 * saying so in err's detail; or end the file when nothing does.
 */
static void
resync(struct mrt_reader *r, struct decode_error *err)
{
	size_t n = resync_distance(r), len = strlen(err->detail);

	if (n == 0) {
		r->ended = true;
		snprintf(err->detail + len, sizeof(err->detail) - len,
		    "; no record follows: the rest of the file is lost");
		return;
	}
	input_consume(r->in, n);
	r->stats.bytes += n;
	snprintf(err->detail + len, sizeof(err->detail) - len,
	    "; framing lost, %zu bytes skipped to offset %" PRIu64, n,
	    input_offset(r->in));
}

/* Does a plausible record (or the end) follow the one of total bytes? */
static bool
next_is_plausible(struct mrt_reader *r, size_t total)
{
	const uint8_t *p;
	size_t avail, t;

	avail = input_peek(r->in, total + MRT_HEADER_LEN, &p);
	if (avail == total)
		return true;
	return avail >= total + MRT_HEADER_LEN &&
	    plausible_header(p + total, avail - total, 0, &t);
}

/*
 * Read and decode the next record from the input.  Returns MRT_OK when a
 * record was decoded (its routes are ready to iterate), MRT_SKIP with err
 * filled, or MRT_END.
 */
static enum mrt_status
read_record(struct mrt_reader *r, struct decode_error *err)
{
	const uint8_t *p;
	struct cursor hdr;
	uint32_t time, length, usec = 0;
	uint16_t type, subtype;
	size_t avail, hdr_len, total;
	uint64_t offset;
	const char *why;

	if (r->pending_consume > 0) {
		input_consume(r->in, r->pending_consume);
		r->stats.bytes += r->pending_consume;
		r->pending_consume = 0;
	}
	if (r->ended)
		return MRT_END;
	offset = input_offset(r->in);
	avail = input_peek(r->in, MRT_ET_HEADER_LEN, &p);
	if (avail < MRT_HEADER_LEN) {
		r->ended = true;
		why = input_error(r->in);
		fill_error(r, err, offset + avail, 0);
		if (avail > 0) {
			decode_fail(err, SKIP_TORN_HEADER,
			    "file ends %zu bytes into a 12-byte header%s%s",
			    avail, why ? "; " : "", why ? why : "");
		} else if (why != NULL) {
			decode_fail(err, SKIP_DECOMPRESS, "%s", why);
		} else
			return MRT_END;
		count_skip(r, err);
		input_consume(r->in, avail);
		r->stats.bytes += avail;
		return MRT_SKIP;
	}

	/* RFC 6396 2: timestamp, type, subtype, length. */
	cursor_init(&hdr, p, avail);
	(void)cursor_get_n32(&hdr, &time);
	(void)cursor_get_n16(&hdr, &type);
	(void)cursor_get_n16(&hdr, &subtype);
	(void)cursor_get_n32(&hdr, &length);
	r->stats.records++;
	fill_error(r, err, offset, r->stats.records);

	if (!mrt_type_known(type)) {
		/* Not a header at all: the framing is lost. */
		decode_fail(err, SKIP_MALFORMED,
		    "not an MRT header (type %u, subtype %u, length %" PRIu32
		    ")", type, subtype, length);
		resync(r, err);
		count_skip(r, err);
		return MRT_SKIP;
	}
	hdr_len = MRT_HEADER_LEN;
	/* RFC 6396 3: the microseconds count in the length. */
	if (type == MRT_BGP4MP_ET || type == MRT_ISIS_ET ||
	    type == MRT_OSPFV3_ET) {
		if (length < 4) {
			r->pending_consume = MRT_HEADER_LEN + length;
			decode_fail(err, SKIP_BAD_LENGTH,
			    "extended-timestamp record of length %" PRIu32
			    " cannot hold its microseconds", length);
			count_skip(r, err);
			return MRT_SKIP;
		}
		if (avail < MRT_ET_HEADER_LEN) {
			r->ended = true;
			decode_fail(err, SKIP_TORN_HEADER,
			    "file ends inside the extended header");
			count_skip(r, err);
			input_consume(r->in, avail);
			return MRT_SKIP;
		}
		(void)cursor_get_n32(&hdr, &usec);
	}
	total = MRT_HEADER_LEN + (size_t)length;
	if (total > INPUT_MAX_WINDOW) {
		uint64_t skipped = input_skip(r->in, total);

		r->stats.bytes += skipped;
		if (skipped < total) {
			r->ended = true;
			decode_fail(err, SKIP_TRUNCATED,
			    "record of %zu bytes, file ends after %" PRIu64,
			    total, skipped);
		} else
			decode_fail(err, SKIP_TOO_LARGE,
			    "record of %zu bytes is larger than the %u-byte "
			    "limit", total, INPUT_MAX_WINDOW);
		count_skip(r, err);
		return MRT_SKIP;
	}
	avail = input_peek(r->in, total, &p);
	if (avail < total) {
		r->ended = true;
		why = input_error(r->in);
		decode_fail(err, why ? SKIP_DECOMPRESS : SKIP_TRUNCATED,
		    "%s record of %zu bytes, input ends after %zu%s%s",
		    mrt_type_name(type), total, avail, why ? "; " : "",
		    why ? why : "");
		count_skip(r, err);
		input_consume(r->in, avail);
		r->stats.bytes += avail;
		return MRT_SKIP;
	}
	r->pending_consume = total;
	if (type == MRT_BGP4MP_ET || type == MRT_ISIS_ET ||
	    type == MRT_OSPFV3_ET)
		hdr_len = MRT_ET_HEADER_LEN;
	begin_record(r, offset, time, type, subtype, hdr_len ==
	    MRT_ET_HEADER_LEN, usec);
	cursor_init(&r->body, p + hdr_len, total - hdr_len);
	r->td1_trailing = false;
	if (decode_record(r, err) == -1) {
		if (r->td1_trailing && r->subtype == TD_AFI_IPV4 &&
		    td1_ris2000(r, total))
			goto decoded;
		r->state = ITER_IDLE;
		/*
		 * A record that does not parse may have had a wrong length:
		 * if no record follows it, look for where records resume.
		 */
		if (!next_is_plausible(r, total)) {
			r->pending_consume = 0;
			resync(r, err);
		}
		count_skip(r, err);
		return MRT_SKIP;
	}
decoded:
	r->last_time = time;
	r->record_open = true;
	return MRT_OK;
}

enum mrt_status
mrt_next(struct mrt_reader *r, const struct bgp_record **rec,
    struct decode_error *err)
{
	enum mrt_status st;

	for (;;) {
		st = iterate(r, rec, err);
		if (st == MRT_OK) {
			r->stats.items++;
			return MRT_OK;
		}
		if (st == MRT_SKIP) {
			fill_error(r, err, r->rec.offset, r->rec.record_no);
			count_skip(r, err);
			return MRT_SKIP;
		}
		/* This record is done; count it, read the next. */
		if (r->record_open) {
			r->record_open = false;
			if (!r->record_failed)
				r->stats.decoded++;
		}
		st = read_record(r, err);
		if (st != MRT_OK)
			return st;
	}
}

int
mrt_decode_buffer(struct mrt_reader *r, const uint8_t *buf, size_t len,
    void (*cb)(const struct bgp_record *, void *), void *arg,
    struct decode_error *err)
{
	struct cursor c;
	uint32_t time, length, usec = 0;
	uint16_t type, subtype;
	const struct bgp_record *rec;
	struct decode_error item_err;
	enum mrt_status st;
	size_t hdr_len = MRT_HEADER_LEN;
	int n = 0, failed = 0;

	r->stats.records++;
	fill_error(r, err, 0, r->stats.records);
	cursor_init(&c, buf, len);
	if (cursor_get_n32(&c, &time) == -1 ||
	    cursor_get_n16(&c, &type) == -1 ||
	    cursor_get_n16(&c, &subtype) == -1 ||
	    cursor_get_n32(&c, &length) == -1)
		return decode_fail(err, SKIP_TORN_HEADER, "header truncated");
	if (type == MRT_BGP4MP_ET) {
		if (length < 4 || cursor_get_n32(&c, &usec) == -1)
			return decode_fail(err, SKIP_BAD_LENGTH,
			    "extended header truncated");
		hdr_len = MRT_ET_HEADER_LEN;
	}
	if (len - MRT_HEADER_LEN != length)
		return decode_fail(err, SKIP_TRUNCATED,
		    "record length %" PRIu32 ", buffer holds %zu", length,
		    len - MRT_HEADER_LEN);
	begin_record(r, 0, time, type, subtype, hdr_len == MRT_ET_HEADER_LEN,
	    usec);
	cursor_init(&r->body, buf + hdr_len, len - hdr_len);
	if (decode_record(r, err) == -1) {
		count_skip(r, err);
		return -1;
	}
	while ((st = iterate(r, &rec, &item_err)) != MRT_END) {
		if (st == MRT_OK) {
			cb(rec, arg);
			n++;
		} else if (!failed) {
			failed = 1;
			*err = item_err;
			fill_error(r, err, 0, r->stats.records);
		}
	}
	return failed && n == 0 ? -1 : n;
}
