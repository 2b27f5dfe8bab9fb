/*
 * bgpdump_text.c -- print records as `bgpdump -m` (Debian's bgpdump
 * 1.6.2) does, byte for byte, so existing scripts and published results
 * can be checked against lightsout.
 *
 * bgpdump's field choices are kept even where odd (255.255.255.255 for
 * an absent next hop, INCOMPLETE for an absent origin, signed LOCAL_PREF
 * and MED for MP IPv4 routes, its own IPv6 text form).  Where it prints
 * a wrong value, lightsout prints the right one; man/lightsout.1 lists
 * each case under BGPDUMP COMPATIBILITY:
 *  - deprecated BGP type withdrawals: bgpdump prints the peer address in
 *    place of the prefix; lightsout prints the prefix;
 *  - deprecated BGP type announcements with COMMUNITIES: bgpdump glues
 *    them to the MED; lightsout keeps a separator;
 *  - an AGGREGATOR with a 4-byte AS in a 2-byte context (OpenBGPD's
 *    TABLE_DUMP): bgpdump misreads it; lightsout decodes it by length;
 *  - records bgpdump does not decode (BGP4MP_ENTRY, RIB_GENERIC for IPv4
 *    and IPv6) are printed; bgpdump drops them.
 */
#include <stdlib.h>

#include "reports/bgpdump_text.h"

#define ASPATH_MAX	8000	/* bgpdump's MAX_ASPATH_LEN */
#define COMM_MAX	8192	/* bgpdump builds community text in BUFSIZ */

static const uint8_t all_ones[4] = { 0xff, 0xff, 0xff, 0xff };

/*
 * bgpdump's fmt_ipv6: IPv4-mapped and IPv4-compatible addresses as
 * ::ffff:a.b.c.d and ::a.b.c.d; otherwise the longest run of zero groups
 * (even a single one, the first of equals) becomes "::".
 */
void
bgpdump_ipv6(struct outbuf *o, const uint8_t *b)
{
	unsigned int w[8];
	int zr[8], i, j, k, best;
	bool zero96 = true;

	for (i = 0; i < 12; i++)
		if (b[i] != 0)
			zero96 = false;
	if (zero96 || (memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)) {
		uint32_t last = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
		    (uint32_t)b[14] << 8 | b[15];

		if (!zero96 || last > 1) {
			outbuf_str(o, zero96 ? "::" : "::ffff:");
			outbuf_ipv4(o, b + 12);
			return;
		}
	}
	for (i = 0; i < 8; i++)
		w[i] = (unsigned int)b[2 * i] << 8 | b[2 * i + 1];
	/* zr[i]: length of the zero run starting at i. */
	j = 0;
	for (i = 7; i >= 0; i--) {
		j = w[i] == 0 ? j + 1 : 0;
		zr[i] = j;
	}
	k = -1;
	best = 0;
	for (i = 0; i < 8; i++)
		if (zr[i] > best) {
			k = i;
			best = zr[i];
		}
	outbuf_reserve(o, 48);
	for (i = 0; i < 8; i++) {
		if (i == k) {
			if (i == 0)
				o->buf[o->len++] = ':';
			o->buf[o->len++] = ':';
			i += best - 1;
			continue;
		}
		{
			static const char digits[] = "0123456789abcdef";
			int shift;
			bool lead = true;

			for (shift = 12; shift >= 0; shift -= 4) {
				unsigned int d = (w[i] >> shift) & 0xf;

				if (lead && d == 0 && shift > 0)
					continue;
				lead = false;
				o->buf[o->len++] = digits[d];
			}
		}
		if (i != 7)
			o->buf[o->len++] = ':';
	}
}

/*
 * bgpdump's IPv6 text, remembered: RIB dumps print the same peers, next
 * hops and prefixes over and over, and formatting them is the costliest
 * part of a line.  A direct-mapped table keyed by the address.
 */
#define MEMO_SLOTS	4096

struct bgpdump_memo {
	struct {
		uint8_t	addr[16];
		uint8_t	len;		/* 0: empty */
		char	text[47];
	} slot[MEMO_SLOTS];
};

static void
ipv6_text(struct outbuf *o, const uint8_t *b, const struct bgpdump_opts *opts)
{
	struct bgpdump_memo *m = opts->memo;
	uint64_t hi, lo, h;
	size_t start, n;
	unsigned int i;

	if (m == NULL) {
		bgpdump_ipv6(o, b);
		return;
	}
	memcpy(&hi, b, 8);
	memcpy(&lo, b + 8, 8);
	h = (hi ^ (lo * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;
	i = (unsigned int)(h >> 52) % MEMO_SLOTS;
	if (m->slot[i].len != 0 && memcmp(m->slot[i].addr, b, 16) == 0) {
		outbuf_mem(o, m->slot[i].text, m->slot[i].len);
		return;
	}
	outbuf_reserve(o, 64);
	start = o->len;
	bgpdump_ipv6(o, b);
	n = o->len - start;
	if (n < sizeof(m->slot[i].text)) {
		memcpy(m->slot[i].addr, b, 16);
		memcpy(m->slot[i].text, o->buf + start, n);
		m->slot[i].len = (uint8_t)n;
	}
}

static void
addr_text(struct outbuf *o, const struct ip_addr *a,
    const struct bgpdump_opts *opts)
{
	if (a->afi == AFI_IPV6)
		ipv6_text(o, a->bytes, opts);
	else if (a->afi == AFI_IPV4)
		outbuf_ipv4(o, a->bytes);
	else
		outbuf_str(o, "0.0.0.0");
}

static void
prefix_text(struct outbuf *o, const struct ip_prefix *p,
    const struct bgpdump_opts *opts)
{
	addr_text(o, &p->addr, opts);
	outbuf_char(o, '/');
	outbuf_u64(o, p->len);
}

static bool
has(const struct bgp_attrs *a, int type)
{
	return (a->present & ATTR_BIT(type)) != 0;
}

static void
origin_text(struct outbuf *o, const struct bgp_attrs *a)
{
	if (has(a, ATTR_ORIGIN) && a->origin == 0)
		outbuf_str(o, "IGP");
	else if (has(a, ATTR_ORIGIN) && a->origin == 1)
		outbuf_str(o, "EGP");
	else
		outbuf_str(o, "INCOMPLETE");
}

static char
seg_open(uint8_t type)
{
	switch (type) {
	case AS_SET:
		return '{';
	case AS_CONFED_SET:
		return '[';
	case AS_CONFED_SEQUENCE:
		return '(';
	}
	return ' ';
}

static char
seg_close(uint8_t type)
{
	switch (type) {
	case AS_SET:
		return '}';
	case AS_CONFED_SET:
		return ']';
	case AS_CONFED_SEQUENCE:
		return ')';
	}
	return ' ';
}

static int
u32_text(char *dst, uint32_t v)
{
	return (int)format_u64(dst, v);
}

/* bgpdump's process_attr_aspath_string, including its 8000-byte cap. */
static void
aspath_text(struct outbuf *o, const struct bgp_attrs *a)
{
	const struct as_path *p = &a->as_path;
	char *str;
	int pos = 0;
	uint32_t s, i;
	uint8_t prev = AS_SEQUENCE;
	bool space = false;

	if (!has(a, ATTR_AS_PATH))
		return;
	/* Written in place: the text never exceeds ASPATH_MAX + 16. */
	outbuf_reserve(o, ASPATH_MAX + 32);
	str = o->buf + o->len;
	for (s = 0; s < p->nsegs; s++) {
		const struct as_segment *seg = &p->segs[s];

		if (prev != AS_SEQUENCE)
			str[pos++] = seg_close(prev);
		if (space)
			str[pos++] = ' ';
		if (seg->type != AS_SEQUENCE)
			str[pos++] = seg_open(seg->type);
		space = false;
		for (i = 0; i < seg->count; i++) {
			if (space)
				str[pos++] = (seg->type == AS_SET ||
				    seg->type == AS_CONFED_SET) ? ',' : ' ';
			else
				space = true;
			pos += u32_text(str + pos, p->asns[seg->first + i]);
			if (pos > ASPATH_MAX - 100) {
				memcpy(str + pos, "...", 3);
				o->len += (size_t)pos + 3;
				return;
			}
		}
		prev = seg->type;
	}
	if (p->nsegs > 0 && prev != AS_SEQUENCE)
		str[pos++] = seg_close(prev);
	o->len += (size_t)pos;
}

/* Append as bgpdump's snprintf into a BUFSIZ buffer does: truncating. */
static void
append_truncated(char *str, size_t *pos, const char *item, size_t n)
{
	if (*pos + n >= COMM_MAX)
		n = COMM_MAX - 1 - *pos;
	memcpy(str + *pos, item, n);
	*pos += n;
}

/* bgpdump's community text without its leading space, capped at BUFSIZ. */
static void
communities_text(struct outbuf *o, const struct bgp_attrs *a)
{
	char str[COMM_MAX];
	size_t pos = 0;
	uint32_t i;

	/*
	 * The common case: too few to reach bgpdump's cap (an item is at
	 * most 13 bytes), so written straight into the output.
	 */
	if ((size_t)a->ncommunities * 13 < COMM_MAX) {
		char *d;

		outbuf_reserve(o, (size_t)a->ncommunities * 13 + 16);
		d = o->buf + o->len;
		for (i = 0; i < a->ncommunities; i++) {
			const uint8_t *c = a->communities + 4 * i;
			uint32_t v = (uint32_t)c[0] << 24 |
			    (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3];

			if (i > 0)
				*d++ = ' ';
			if (v == 0xffffff01) {
				memcpy(d, "no-export", 9);
				d += 9;
			} else if (v == 0xffffff02) {
				memcpy(d, "no-advertise", 12);
				d += 12;
			} else if (v == 0xffffff03) {
				memcpy(d, "local-AS", 8);
				d += 8;
			} else {
				d += u32_text(d, v >> 16);
				*d++ = ':';
				d += u32_text(d, v & 0xffff);
			}
		}
		o->len = (size_t)(d - o->buf);
		return;
	}
	for (i = 0; i < a->ncommunities; i++) {
		const uint8_t *c = a->communities + 4 * i;
		uint32_t v = (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 |
		    (uint32_t)c[2] << 8 | c[3];
		const char *name = NULL;
		char item[16];
		size_t n;

		switch (v) {
		case 0xffffff01:
			name = " no-export";
			break;
		case 0xffffff02:
			name = " no-advertise";
			break;
		case 0xffffff03:
			name = " local-AS";
			break;
		}
		if (name != NULL) {
			n = strlen(name);
			/* strlcat as bgpdump has it: all or nothing. */
			if (pos + n < COMM_MAX) {
				memcpy(str + pos, name, n);
				pos += n;
			}
		} else {
			item[0] = ' ';
			n = 1 + (size_t)u32_text(item + 1, v >> 16);
			item[n++] = ':';
			n += (size_t)u32_text(item + n, v & 0xffff);
			append_truncated(str, &pos, item, n);
		}
	}
	if (pos > 0)
		outbuf_mem(o, str + 1, pos - 1);
}

static void
large_communities_text(struct outbuf *o, const struct bgp_attrs *a)
{
	char str[COMM_MAX];
	size_t pos = 0, n;
	uint32_t i, k;

	for (i = 0; i < a->nlarge_communities; i++) {
		char item[40];
		const uint8_t *c = a->large_communities + 12 * i;

		n = 0;
		for (k = 0; k < 3; k++) {
			const uint8_t *w = c + 4 * k;

			item[n++] = k == 0 ? ' ' : ':';
			n += (size_t)u32_text(item + n, (uint32_t)w[0] << 24 |
			    (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3]);
		}
		append_truncated(str, &pos, item, n);
	}
	if (pos > 0)
		outbuf_mem(o, str + 1, pos - 1);
}

static void
time_text(struct outbuf *o, const struct bgp_record *rec)
{
	outbuf_i64(o, rec->time);
	if (rec->mrt_type == MRT_BGP4MP_ET) {
		outbuf_char(o, '.');
		if (rec->usec < 1000000)
			outbuf_u32_pad(o, rec->usec, 6);
		else
			outbuf_u64(o, rec->usec);
	}
}

/* "NAME|time|TYPE|" */
static void
line_start(struct outbuf *o, const char *name, const struct bgp_record *rec,
    const char *kind)
{
	outbuf_reserve(o, 256);
	outbuf_str(o, name);
	outbuf_char(o, '|');
	time_text(o, rec);
	outbuf_char(o, '|');
	outbuf_str(o, kind);
	outbuf_char(o, '|');
}

/* "med|lp|" as unsigned or, for bgpdump's MP IPv4 lines, signed. */
static void
pref_med_text(struct outbuf *o, const struct bgp_attrs *a, bool as_signed)
{
	uint32_t lp = has(a, ATTR_LOCAL_PREF) ? a->local_pref : 0;
	uint32_t med = has(a, ATTR_MED) ? a->med : 0;

	if (as_signed)
		outbuf_i64(o, (int32_t)lp);
	else
		outbuf_u64(o, lp);
	outbuf_char(o, '|');
	if (as_signed)
		outbuf_i64(o, (int32_t)med);
	else
		outbuf_u64(o, med);
	outbuf_char(o, '|');
}

/* "comm|[lcomm|]AG|aggregator|\n" */
static void
line_tail(struct outbuf *o, const struct bgp_attrs *a,
    const struct bgpdump_opts *opts)
{
	communities_text(o, a);
	outbuf_char(o, '|');
	if (opts->large_communities) {
		large_communities_text(o, a);
		outbuf_char(o, '|');
	}
	outbuf_str(o, has(a, ATTR_ATOMIC_AGGREGATE) ? "AG|" : "NAG|");
	if (has(a, ATTR_AGGREGATOR) &&
	    memcmp(a->aggregator_addr.bytes, all_ones, 4) != 0) {
		outbuf_u64(o, a->aggregator_as);
		outbuf_char(o, ' ');
		outbuf_ipv4(o, a->aggregator_addr.bytes);
	}
	outbuf_str(o, "|\n");
}

static void
next_hop_attr_text(struct outbuf *o, const struct bgp_attrs *a)
{
	outbuf_ipv4(o, has(a, ATTR_NEXT_HOP) ? a->next_hop.bytes : all_ones);
}

/* The MP next hop by its length: 4 as IPv4, 16 or 32 as IPv6. */
static bool
mp_next_hop_text(struct outbuf *o, const struct bgp_attrs *a,
    const struct bgpdump_opts *opts)
{
	if (a->mp_nexthop_len == 4)
		outbuf_ipv4(o, a->mp_nexthop.bytes);
	else if (a->mp_nexthop_len == 16 || a->mp_nexthop_len == 32)
		ipv6_text(o, a->mp_nexthop.bytes, opts);
	else
		return false;
	return true;
}

/*
 * Which next hop bgpdump prints for a table dump entry: MP_REACH_NLRI's
 * when it was the abbreviated form or IPv6/IPv4 unicast, else NEXT_HOP.
 */
static void
rib_next_hop_text(struct outbuf *o, const struct bgp_record *rec,
    const struct bgpdump_opts *opts)
{
	const struct bgp_attrs *a = rec->attrs;
	bool mp = has(a, ATTR_MP_REACH_NLRI) && (a->mp_abbreviated ||
	    (a->mp_safi == SAFI_UNICAST && (a->mp_afi == AFI_IPV6 ||
	    (a->mp_afi == AFI_IPV4 && rec->mrt_type == MRT_TABLE_DUMP_V2))));

	if (rec->mrt_type == MRT_TABLE_DUMP) {
		/* bgpdump takes any MP next hop as IPv6 here. */
		if (has(a, ATTR_MP_REACH_NLRI) && (a->mp_abbreviated ||
		    (a->mp_afi == AFI_IPV6 && a->mp_safi == SAFI_UNICAST))) {
			uint8_t b[16] = { 0 };

			memcpy(b, a->mp_nexthop.bytes, a->mp_nexthop_len == 4 ?
			    4 : 16);
			ipv6_text(o, b, opts);
		} else
			next_hop_attr_text(o, a);
		return;
	}
	if (!mp || !mp_next_hop_text(o, a, opts)) {
		if (!mp)
			next_hop_attr_text(o, a);
	}
}

static void
rib_line(struct outbuf *o, const struct bgp_record *rec,
    const struct bgpdump_opts *opts)
{
	const struct bgp_attrs *a = rec->attrs;
	const char *name;

	switch (rec->mrt_type) {
	case MRT_TABLE_DUMP:
		name = "TABLE_DUMP";
		break;
	case MRT_TABLE_DUMP_V2:
		name = rec->has_path_id ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
		break;
	default:
		name = "BGP4MP_ENTRY";
		break;
	}
	line_start(o, name, rec, "B");
	addr_text(o, &rec->peer_addr, opts);
	outbuf_char(o, '|');
	outbuf_u64(o, rec->peer_as);
	outbuf_char(o, '|');
	prefix_text(o, &rec->wire_prefix, opts);
	outbuf_char(o, '|');
	if (rec->has_path_id) {
		outbuf_u64(o, rec->path_id);
		outbuf_char(o, '|');
	}
	aspath_text(o, a);
	outbuf_char(o, '|');
	origin_text(o, a);
	outbuf_char(o, '|');
	if (rec->mrt_type == MRT_BGP4MP || rec->mrt_type == MRT_BGP4MP_ET) {
		if (!mp_next_hop_text(o, a, opts))
			next_hop_attr_text(o, a);
	} else
		rib_next_hop_text(o, rec, opts);
	outbuf_char(o, '|');
	pref_med_text(o, a, false);
	line_tail(o, a, opts);
}

/* bgpdump's get_bgp4mp_format(). */
static const char *
bgp4mp_name(const struct bgp_record *rec)
{
	bool et = rec->mrt_type == MRT_BGP4MP_ET;

	if (rec->local_msg)
		return et ? (rec->has_path_id ? "BGP4MP_ET_LOCAL_AP" :
		    "BGP4MP_ET_LOCAL") : (rec->has_path_id ?
		    "BGP4MP_LOCAL_AP" : "BGP4MP_LOCAL");
	return et ? (rec->has_path_id ? "BGP4MP_ET_AP" : "BGP4MP_ET") :
	    (rec->has_path_id ? "BGP4MP_AP" : "BGP4MP");
}

static void
peer_text(struct outbuf *o, const struct bgp_record *rec,
    const struct bgpdump_opts *opts)
{
	addr_text(o, &rec->peer_addr, opts);
	outbuf_char(o, '|');
	outbuf_u64(o, rec->peer_as);
	outbuf_char(o, '|');
}

/*
 * "NAME|time|W|peer|as|" or "...|A|...": the same for every route of a
 * record, so formatted once and copied for the others.
 */
static void
route_head(struct outbuf *o, const struct bgp_record *rec,
    struct bgpdump_opts *opts, const char *kind)
{
	size_t start, n;

	if (opts->head_file == opts->cache_file &&
	    opts->head_record == rec->record_no &&
	    opts->head_kind == (int)rec->kind) {
		outbuf_mem(o, opts->head, opts->head_len);
		return;
	}
	/* Room for the whole head, so that it stays in one piece. */
	outbuf_reserve(o, 256);
	start = o->len;
	line_start(o, bgp4mp_name(rec), rec, kind);
	peer_text(o, rec, opts);
	n = o->len - start;
	if (n <= sizeof(opts->head)) {
		memcpy(opts->head, o->buf + start, n);
		opts->head_len = n;
		opts->head_file = opts->cache_file;
		opts->head_record = rec->record_no;
		opts->head_kind = (int)rec->kind;
	}
}

static void
withdraw_line(struct outbuf *o, const struct bgp_record *rec,
    struct bgpdump_opts *opts)
{
	route_head(o, rec, opts, "W");
	prefix_text(o, &rec->wire_prefix, opts);
	if (rec->has_path_id) {
		outbuf_char(o, '|');
		outbuf_u64(o, rec->path_id);
	}
	outbuf_char(o, '\n');
}

/* Everything after the prefix (and path id) of an announcement. */
static void
announce_tail(struct outbuf *o, const struct bgp_record *rec,
    const struct bgpdump_opts *opts)
{
	const struct bgp_attrs *a = rec->attrs;

	if (!rec->mp_nlri) {
		/* IPv4 NLRI field: NEXT_HOP. */
		aspath_text(o, a);
		outbuf_char(o, '|');
		origin_text(o, a);
		outbuf_char(o, '|');
		next_hop_attr_text(o, a);
		outbuf_char(o, '|');
		pref_med_text(o, a, false);
	} else if (rec->afi == AFI_IPV4) {
		/* bgpdump's table_line_announce_1. */
		aspath_text(o, a);
		outbuf_char(o, '|');
		origin_text(o, a);
		outbuf_char(o, '|');
		if (mp_next_hop_text(o, a, opts)) {
			outbuf_char(o, '|');
			pref_med_text(o, a, true);
		}
	} else {
		/* bgpdump's table_line_announce6. */
		if (a->mp_nexthop_len == 4 || a->mp_nexthop_len == 16 ||
		    a->mp_nexthop_len == 32) {
			aspath_text(o, a);
			outbuf_char(o, '|');
			origin_text(o, a);
			outbuf_char(o, '|');
			(void)mp_next_hop_text(o, a, opts);
			outbuf_char(o, '|');
			pref_med_text(o, a, false);
		}
	}
	line_tail(o, a, opts);
}

static void
announce_line(struct outbuf *o, const struct bgp_record *rec,
    struct bgpdump_opts *opts)
{
	size_t start;

	route_head(o, rec, opts, "A");
	prefix_text(o, &rec->wire_prefix, opts);
	outbuf_char(o, '|');
	if (rec->has_path_id) {
		outbuf_u64(o, rec->path_id);
		outbuf_char(o, '|');
	}
	if (opts->tail_file == opts->cache_file &&
	    opts->tail_record == rec->record_no &&
	    opts->tail_mp == rec->mp_nlri && opts->tail_kind == rec->afi) {
		outbuf_mem(o, opts->tail, opts->tail_len);
		return;
	}
	/* The tail fits the slack: attributes are at most 64 KB, text less. */
	outbuf_reserve(o, OUTBUF_SLACK - 1024);
	start = o->len;
	announce_tail(o, rec, opts);
	if (o->len < start)
		return;		/* flushed after all: do not cache */
	if (o->len - start > opts->tail_cap) {
		char *t = realloc(opts->tail, o->len - start);

		if (t == NULL)
			return;
		opts->tail = t;
		opts->tail_cap = o->len - start;
	}
	opts->tail_len = o->len - start;
	memcpy(opts->tail, o->buf + start, opts->tail_len);
	opts->tail_file = opts->cache_file;
	opts->tail_record = rec->record_no;
	opts->tail_mp = rec->mp_nlri;
	opts->tail_kind = rec->afi;
}

void
bgpdump_text_new_file(struct bgpdump_opts *opts)
{
	opts->cache_file++;
	if (opts->memo == NULL)
		opts->memo = calloc(1, sizeof(*opts->memo));
}

void
bgpdump_text_free(struct bgpdump_opts *opts)
{
	free(opts->memo);
	opts->memo = NULL;
	free(opts->tail);
	opts->tail = NULL;
	opts->tail_cap = 0;
}

static void
state_line(struct outbuf *o, const struct bgp_record *rec, const char *name,
    const struct bgpdump_opts *opts)
{
	line_start(o, name, rec, "STATE");
	peer_text(o, rec, opts);
	outbuf_u64(o, rec->old_state);
	outbuf_char(o, '|');
	outbuf_u64(o, rec->new_state);
	outbuf_char(o, '\n');
}

/* The deprecated BGP type: its own, shorter announcement line. */
static void
legacy_line(struct outbuf *o, const struct bgp_record *rec,
    const struct bgpdump_opts *opts)
{
	const struct bgp_attrs *a = rec->attrs;

	switch (rec->kind) {
	case BGP_KIND_STATE:
		state_line(o, rec, "BGP", opts);
		return;
	case BGP_KIND_WITHDRAW:
		line_start(o, "BGP", rec, "W");
		peer_text(o, rec, opts);
		prefix_text(o, &rec->wire_prefix, opts);
		outbuf_char(o, '\n');
		return;
	case BGP_KIND_ANNOUNCE:
		line_start(o, "BGP", rec, "A");
		peer_text(o, rec, opts);
		prefix_text(o, &rec->wire_prefix, opts);
		outbuf_char(o, '|');
		aspath_text(o, a);
		outbuf_char(o, '|');
		origin_text(o, a);
		outbuf_char(o, '|');
		next_hop_attr_text(o, a);
		outbuf_char(o, '|');
		outbuf_u64(o, has(a, ATTR_LOCAL_PREF) ? a->local_pref : 0);
		outbuf_char(o, '|');
		outbuf_u64(o, has(a, ATTR_MED) ? a->med : 0);
		if (a->ncommunities > 0) {
			outbuf_char(o, '|');
			communities_text(o, a);
		}
		outbuf_char(o, '|');
		outbuf_str(o, has(a, ATTR_ATOMIC_AGGREGATE) ? "AG|" : "NAG|");
		if (has(a, ATTR_AGGREGATOR) &&
		    memcmp(a->aggregator_addr.bytes, all_ones, 4) != 0) {
			outbuf_u64(o, a->aggregator_as);
			outbuf_char(o, ' ');
			outbuf_ipv4(o, a->aggregator_addr.bytes);
		}
		outbuf_str(o, "|\n");
		return;
	default:
		return;
	}
}

void
bgpdump_text_record(struct outbuf *o, const struct bgp_record *rec,
    struct bgpdump_opts *opts)
{
	if (rec->mrt_type == MRT_BGP) {
		legacy_line(o, rec, opts);
		return;
	}
	switch (rec->kind) {
	case BGP_KIND_RIB:
		rib_line(o, rec, opts);
		break;
	case BGP_KIND_ANNOUNCE:
		announce_line(o, rec, opts);
		break;
	case BGP_KIND_WITHDRAW:
		withdraw_line(o, rec, opts);
		break;
	case BGP_KIND_STATE:
		state_line(o, rec, rec->mrt_type == MRT_BGP4MP_ET ?
		    "BGP4MP_ET" : "BGP4MP", opts);
		break;
	case BGP_KIND_MESSAGE:
		/* bgpdump -m prints nothing for other messages. */
		break;
	}
}
