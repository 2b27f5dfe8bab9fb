/*
 * record_writer.c -- lightsout's text and CSV record formats.
 *
 * Both formats have the same columns (record_columns, documented in
 * lightsout(1)); a field the record does not carry is empty, never 0.
 * Text joins them with '|' and leaves out the last three (file, record,
 * offset); CSV writes all of them, quoted through libcsv when a field
 * holds a comma, a quote or a line break (RFC 4180).
 */
#include "reports/csv_out.h"
#include "reports/record_writer.h"

const char *const record_columns[] = {
	"time", "kind", "peer_ip", "peer_as", "prefix", "path_id", "as_path",
	"origin_as", "origin", "next_hop", "local_pref", "med", "communities",
	"large_communities", "ext_communities", "atomic_aggregate",
	"aggregator", "originator_id", "cluster_list", "otc", "unknown_attrs",
	"old_state", "new_state", "message", "mrt_type", "file", "record",
	"offset", NULL
};

enum column {
	COL_TIME, COL_KIND, COL_PEER_IP, COL_PEER_AS, COL_PREFIX, COL_PATH_ID,
	COL_AS_PATH, COL_ORIGIN_AS, COL_ORIGIN, COL_NEXT_HOP, COL_LOCAL_PREF,
	COL_MED, COL_COMMUNITIES, COL_LARGE_COMMUNITIES, COL_EXT_COMMUNITIES,
	COL_ATOMIC, COL_AGGREGATOR, COL_ORIGINATOR_ID, COL_CLUSTER_LIST,
	COL_OTC, COL_UNKNOWN, COL_OLD_STATE, COL_NEW_STATE, COL_MESSAGE,
	COL_MRT_TYPE, COL_FILE, COL_RECORD, COL_OFFSET, NCOLUMNS
};

#define TEXT_COLUMNS	COL_FILE

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static bool
has(const struct bgp_attrs *a, int type)
{
	return a != NULL && (a->present & ATTR_BIT(type)) != 0;
}

static bool
routed(const struct bgp_record *rec)
{
	return rec->kind == BGP_KIND_RIB || rec->kind == BGP_KIND_ANNOUNCE;
}

static void
as_path_field(struct outbuf *o, const struct as_path *p)
{
	static const char open[] = { 0, '{', 0, '(', '[' };
	static const char close[] = { 0, '}', 0, ')', ']' };
	uint32_t s, i;

	for (s = 0; s < p->nsegs; s++) {
		const struct as_segment *seg = &p->segs[s];
		char sep = (seg->type == AS_SET || seg->type == AS_CONFED_SET) ?
		    ',' : ' ';

		if (s > 0)
			outbuf_char(o, ' ');
		if (open[seg->type])
			outbuf_char(o, open[seg->type]);
		for (i = 0; i < seg->count; i++) {
			if (i > 0)
				outbuf_char(o, sep);
			outbuf_u64(o, p->asns[seg->first + i]);
		}
		if (close[seg->type])
			outbuf_char(o, close[seg->type]);
	}
}

static void
hex_bytes(struct outbuf *o, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		outbuf_char(o, digits[p[i] >> 4]);
		outbuf_char(o, digits[p[i] & 0xf]);
	}
}

/* The next hop that goes with this prefix's family. */
static void
next_hop_field(struct outbuf *o, const struct bgp_record *rec)
{
	const struct bgp_attrs *a = rec->attrs;

	if ((rec->mp_nlri || rec->kind == BGP_KIND_RIB) &&
	    a->mp_nexthop.afi != 0 && (rec->afi == AFI_IPV6 ||
	    !has(a, ATTR_NEXT_HOP)))
		outbuf_addr(o, &a->mp_nexthop);
	else if (has(a, ATTR_NEXT_HOP))
		outbuf_addr(o, &a->next_hop);
	else if (a->mp_nexthop.afi != 0)
		outbuf_addr(o, &a->mp_nexthop);
}

static void
message_field(struct outbuf *o, const struct bgp_record *rec)
{
	const struct bgp_open_info *op = &rec->open;

	outbuf_str(o, bgp_msg_type_name(rec->msg_type));
	switch (rec->msg_type) {
	case BGP_MSG_OPEN:
		outbuf_str(o, " version=");
		outbuf_u64(o, op->version);
		outbuf_str(o, " as=");
		outbuf_u64(o, op->cap_as4 ? op->as4 : op->my_as);
		outbuf_str(o, " hold=");
		outbuf_u64(o, op->hold_time);
		if (op->bgp_id.afi != 0) {
			outbuf_str(o, " id=");
			outbuf_addr(o, &op->bgp_id);
		}
		if (op->cap_mp_ipv4_unicast)
			outbuf_str(o, " ipv4-unicast");
		if (op->cap_mp_ipv6_unicast)
			outbuf_str(o, " ipv6-unicast");
		if (op->cap_as4)
			outbuf_str(o, " as4");
		if (op->cap_route_refresh)
			outbuf_str(o, " route-refresh");
		if (op->cap_graceful_restart)
			outbuf_str(o, " graceful-restart");
		if (op->cap_addpath)
			outbuf_str(o, " add-path");
		if (op->cap_extended_message)
			outbuf_str(o, " extended-message");
		break;
	case BGP_MSG_NOTIFICATION:
		outbuf_char(o, ' ');
		outbuf_u64(o, rec->notification.code);
		outbuf_char(o, '/');
		outbuf_u64(o, rec->notification.subcode);
		if (rec->notification.len > 0) {
			outbuf_str(o, " data=");
			hex_bytes(o, rec->notification.data,
			    rec->notification.len);
		}
		break;
	case BGP_MSG_ROUTE_REFRESH:
		outbuf_char(o, ' ');
		outbuf_u64(o, rec->refresh_afi);
		outbuf_char(o, '/');
		outbuf_u64(o, rec->refresh_safi);
		break;
	case BGP_MSG_END_OF_RIB:
		outbuf_char(o, ' ');
		outbuf_u64(o, rec->afi);
		outbuf_char(o, '/');
		outbuf_u64(o, rec->safi);
		break;
	}
}

static void
list_field(struct outbuf *o, enum column col, const struct bgp_attrs *a)
{
	uint32_t i;

	if (a == NULL)
		return;
	switch (col) {
	case COL_COMMUNITIES:
		for (i = 0; i < a->ncommunities; i++) {
			uint32_t v = be32(a->communities + 4 * i);

			if (i > 0)
				outbuf_char(o, ' ');
			outbuf_u64(o, v >> 16);
			outbuf_char(o, ':');
			outbuf_u64(o, v & 0xffff);
		}
		break;
	case COL_LARGE_COMMUNITIES:
		for (i = 0; i < a->nlarge_communities; i++) {
			const uint8_t *p = a->large_communities + 12 * i;

			if (i > 0)
				outbuf_char(o, ' ');
			outbuf_u64(o, be32(p));
			outbuf_char(o, ':');
			outbuf_u64(o, be32(p + 4));
			outbuf_char(o, ':');
			outbuf_u64(o, be32(p + 8));
		}
		break;
	case COL_EXT_COMMUNITIES:
		for (i = 0; i < a->next_communities; i++) {
			if (i > 0)
				outbuf_char(o, ' ');
			hex_bytes(o, a->ext_communities + 8 * i, 8);
		}
		break;
	case COL_CLUSTER_LIST:
		for (i = 0; i < a->ncluster_list; i++) {
			if (i > 0)
				outbuf_char(o, ' ');
			outbuf_ipv4(o, a->cluster_list + 4 * i);
		}
		break;
	case COL_UNKNOWN:
		/* type:flags:value, all but the type in hex */
		for (i = 0; i < a->nunknown; i++) {
			if (i > 0)
				outbuf_char(o, ' ');
			outbuf_u64(o, a->unknown[i].type);
			outbuf_char(o, ':');
			hex_bytes(o, &a->unknown[i].flags, 1);
			outbuf_char(o, ':');
			hex_bytes(o, a->unknown[i].data, a->unknown[i].len);
		}
		break;
	default:
		break;
	}
}

static void
field(struct outbuf *o, enum column col, const struct bgp_record *rec,
    const char *file)
{
	const struct bgp_attrs *a = routed(rec) ? rec->attrs : NULL;
	uint32_t as;

	switch (col) {
	case COL_TIME:
		outbuf_iso_time(o, rec->time, rec->usec);
		break;
	case COL_KIND:
		outbuf_str(o, bgp_kind_name(rec->kind));
		break;
	case COL_PEER_IP:
		outbuf_addr(o, &rec->peer_addr);
		break;
	case COL_PEER_AS:
		outbuf_u64(o, rec->peer_as);
		break;
	case COL_PREFIX:
		if (routed(rec) || rec->kind == BGP_KIND_WITHDRAW)
			outbuf_prefix(o, &rec->prefix);
		break;
	case COL_PATH_ID:
		if (rec->has_path_id && (routed(rec) ||
		    rec->kind == BGP_KIND_WITHDRAW))
			outbuf_u64(o, rec->path_id);
		break;
	case COL_AS_PATH:
		if (has(a, ATTR_AS_PATH))
			as_path_field(o, &a->as_path);
		break;
	case COL_ORIGIN_AS:
		if (has(a, ATTR_AS_PATH) && as_path_origin(&a->as_path, &as))
			outbuf_u64(o, as);
		break;
	case COL_ORIGIN:
		if (has(a, ATTR_ORIGIN))
			outbuf_str(o, a->origin == 0 ? "IGP" : a->origin == 1 ?
			    "EGP" : a->origin == 2 ? "INCOMPLETE" : "?");
		break;
	case COL_NEXT_HOP:
		if (a != NULL)
			next_hop_field(o, rec);
		break;
	case COL_LOCAL_PREF:
		if (has(a, ATTR_LOCAL_PREF))
			outbuf_u64(o, a->local_pref);
		break;
	case COL_MED:
		if (has(a, ATTR_MED))
			outbuf_u64(o, a->med);
		break;
	case COL_COMMUNITIES:
	case COL_LARGE_COMMUNITIES:
	case COL_EXT_COMMUNITIES:
	case COL_CLUSTER_LIST:
	case COL_UNKNOWN:
		list_field(o, col, a);
		break;
	case COL_ATOMIC:
		if (a != NULL)
			outbuf_str(o, has(a, ATTR_ATOMIC_AGGREGATE) ? "1" : "0");
		break;
	case COL_AGGREGATOR:
		if (has(a, ATTR_AGGREGATOR)) {
			outbuf_u64(o, a->aggregator_as);
			outbuf_char(o, ' ');
			outbuf_addr(o, &a->aggregator_addr);
		}
		break;
	case COL_ORIGINATOR_ID:
		if (has(a, ATTR_ORIGINATOR_ID))
			outbuf_addr(o, &a->originator_id);
		break;
	case COL_OTC:
		if (has(a, ATTR_OTC))
			outbuf_u64(o, a->otc);
		break;
	case COL_OLD_STATE:
		if (rec->kind == BGP_KIND_STATE)
			outbuf_str(o, bgp_state_name(rec->old_state));
		break;
	case COL_NEW_STATE:
		if (rec->kind == BGP_KIND_STATE)
			outbuf_str(o, bgp_state_name(rec->new_state));
		break;
	case COL_MESSAGE:
		if (rec->kind == BGP_KIND_MESSAGE)
			message_field(o, rec);
		break;
	case COL_MRT_TYPE: {
		const char *t = mrt_type_name(rec->mrt_type);
		const char *st = mrt_subtype_name(rec->mrt_type,
		    rec->mrt_subtype);

		outbuf_str(o, t != NULL ? t : "?");
		outbuf_char(o, '/');
		if (st != NULL)
			outbuf_str(o, st);
		else
			outbuf_u64(o, rec->mrt_subtype);
		break;
	}
	case COL_FILE:
		outbuf_str(o, file);
		break;
	case COL_RECORD:
		outbuf_u64(o, rec->record_no);
		break;
	case COL_OFFSET:
		outbuf_u64(o, rec->offset);
		break;
	case NCOLUMNS:
		break;
	}
}

void
record_write_header(struct outbuf *o, enum record_format fmt)
{
	if (fmt == RECORD_CSV)
		csv_out_header(o, record_columns);
}

void
record_write(struct outbuf *o, enum record_format fmt,
    const struct bgp_record *rec, const char *file)
{
	static struct outbuf scratch;
	int col;

	if (fmt == RECORD_TEXT) {
		for (col = 0; col < TEXT_COLUMNS; col++) {
			if (col > 0)
				outbuf_char(o, '|');
			field(o, col, rec, file);
		}
		outbuf_char(o, '\n');
		return;
	}
	/*
	 * Each CSV field is formatted apart first, so that it can be quoted
	 * whole; scratch is never flushed (one field is far below its size).
	 */
	if (scratch.buf == NULL && outbuf_init(&scratch, NULL) == -1)
		return;
	for (col = 0; col < NCOLUMNS; col++) {
		if (col > 0)
			outbuf_char(o, ',');
		scratch.len = 0;
		field(&scratch, col, rec, file);
		csv_out_field(o, scratch.buf, scratch.len);
	}
	outbuf_str(o, "\r\n");
}
