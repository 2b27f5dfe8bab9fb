/*
 * bench_gen.c -- write large, realistic MRT files for `make bench`.
 *
 *   bench_gen rib     OUT SIZE_MB   TABLE_DUMP_V2 RIB (RFC 6396 4.3)
 *   bench_gen updates OUT SIZE_MB [ET_PCT]
 *                                   a day of BGP4MP / BGP4MP_ET updates
 *                                   (RFC 6396 4.4); ET_PCT (default 25)
 *                                   is the share of peers whose records
 *                                   carry the extended timestamp header
 *
 * Standalone (no project headers), C11, deterministic: a fixed-seed
 * xorshift64* generator drives every random choice and a splitmix64 hash
 * gives each (peer, origin) pair stable attributes, so that the output has
 * the redundancy of real tables (paths, communities and next hops repeat
 * across prefixes of an origin and across peers) and compresses like them.
 * SIZE_MB is in MB (10^6 bytes); the output stops at the first record
 * boundary at or after it.
 *
 * The model:
 *  - an AS graph: 16 tier-1 ASes, 3000 transit ASes each with two tier-1
 *    upstreams, 80000 origin ASes each with one or two transit upstreams;
 *    ~40% of the origins and ~20% of the transits have 4-byte ASNs
 *    (RFC 6793);
 *  - 40 collector peers (30 with IPv4 session addresses, 10 with IPv6),
 *    all flagged AS4 in the PEER_INDEX_TABLE, each with its own policy:
 *    full or partial feed, MED or not, community style, next hop, link-
 *    local IPv6 next hop or not, iBGP (LOCAL_PREF) for two of them;
 *  - ~900k distinct IPv4 prefixes (/8../24, mostly /24, more-specifics
 *    nested under covering prefixes) and ~200k IPv6 prefixes (/29, /32,
 *    more-specifics down to /48) in RIR-like address blocks.
 *
 * A full RIB of this universe (~30 entries per IPv4 prefix, ~20 per IPv6
 * prefix) is ~2.6 GB; for a smaller SIZE_MB runs of 32 neighbouring
 * prefixes are sampled across the whole address space (IPv4 first, ~80%
 * of the bytes, then IPv6), the sampling rate adapting to the measured
 * record size so that the file ends at SIZE_MB with both families present.
 *
 * Updates: routing events (withdrawals, announcements of one prefix or of
 * a run of one origin's prefixes, routes flapping between a few paths,
 * half of the churn on 3% of the prefixes) that many peers report in
 * turn; now and then a session reset (STATE_CHANGE_AS4 records, then the
 * table re-sent in packed UPDATEs and an End-of-RIB); KEEPALIVEs.  The
 * timestamps advance with the bytes written, over 24 hours.
 *
 * All multi-byte fields are big-endian (network order), RFC 6396 2.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Random numbers                                                      */
/* ------------------------------------------------------------------ */

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

/* xorshift64* (Vigna). */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* Uniform in [0, n). */
static uint32_t rn(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* True with probability pm/1000. */
static int chance(unsigned pm)
{
	return rn(1000) < pm;
}

/* splitmix64 finaliser: a stable hash for per-key properties. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static uint64_t hash2(uint64_t a, uint64_t b)
{
	return mix64(mix64(a) ^ (b * 0xD6E8FEB86659FD93ULL));
}

/* ------------------------------------------------------------------ */
/* Byte buffers (big-endian writers)                                   */
/* ------------------------------------------------------------------ */

struct buf {
	uint8_t	*p;
	size_t	 n, cap;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		fprintf(stderr, "bench_gen: out of memory\n");
		exit(1);
	}
	return p;
}

static void b_reserve(struct buf *b, size_t more)
{
	if (b->n + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->n + more)
		cap *= 2;
	uint8_t *p = realloc(b->p, cap);
	if (p == NULL) {
		fprintf(stderr, "bench_gen: out of memory\n");
		exit(1);
	}
	b->p = p;
	b->cap = cap;
}

static void b8(struct buf *b, unsigned v)
{
	b_reserve(b, 1);
	b->p[b->n++] = (uint8_t)v;
}

static void b16(struct buf *b, unsigned v)
{
	b_reserve(b, 2);
	b->p[b->n++] = (uint8_t)(v >> 8);
	b->p[b->n++] = (uint8_t)v;
}

static void b32(struct buf *b, uint32_t v)
{
	b_reserve(b, 4);
	b->p[b->n++] = (uint8_t)(v >> 24);
	b->p[b->n++] = (uint8_t)(v >> 16);
	b->p[b->n++] = (uint8_t)(v >> 8);
	b->p[b->n++] = (uint8_t)v;
}

static void bmem(struct buf *b, const void *src, size_t len)
{
	b_reserve(b, len);
	memcpy(b->p + b->n, src, len);
	b->n += len;
}

static void patch16(struct buf *b, size_t at, unsigned v)
{
	b->p[at] = (uint8_t)(v >> 8);
	b->p[at + 1] = (uint8_t)v;
}

static void patch32(struct buf *b, size_t at, uint32_t v)
{
	b->p[at] = (uint8_t)(v >> 24);
	b->p[at + 1] = (uint8_t)(v >> 16);
	b->p[at + 2] = (uint8_t)(v >> 8);
	b->p[at + 3] = (uint8_t)v;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static FILE	*out;
static uint64_t	 written;
static uint64_t	 n_records;

static void emit(const struct buf *b)
{
	if (fwrite(b->p, 1, b->n, out) != b->n) {
		perror("bench_gen: write");
		exit(1);
	}
	written += b->n;
	n_records++;
}

/* MRT types and subtypes, RFC 6396 4. */
enum {
	MRT_TABLE_DUMP_V2	= 13,	/* 4.3 */
	MRT_BGP4MP		= 16,	/* 4.4 */
	MRT_BGP4MP_ET		= 17,	/* 4.4 with the header of 3 */

	TD2_PEER_INDEX_TABLE	= 1,	/* 4.3.1 */
	TD2_RIB_IPV4_UNICAST	= 2,	/* 4.3.2 */
	TD2_RIB_IPV6_UNICAST	= 4,	/* 4.3.2 */

	BGP4MP_MESSAGE_AS4	= 4,	/* 4.4.3 */
	BGP4MP_STATE_CHANGE_AS4	= 5,	/* 4.4.4 */
};

/*
 * MRT common header (RFC 6396 2): timestamp, type, subtype, length.  The
 * extended timestamp header (RFC 6396 3) adds a microsecond field that
 * the length counts.  Returns the offset of the length field.
 */
static size_t mrt_header(struct buf *b, uint32_t ts, unsigned type,
			 unsigned subtype, int et, uint32_t usec)
{
	b32(b, ts);
	b16(b, type);
	b16(b, subtype);
	size_t at = b->n;
	b32(b, 0);
	if (et)
		b32(b, usec);
	return at;
}

static void mrt_finish(struct buf *b, size_t len_at)
{
	patch32(b, len_at, (uint32_t)(b->n - len_at - 4));
}

/* ------------------------------------------------------------------ */
/* The AS graph                                                        */
/* ------------------------------------------------------------------ */

#define N_T1		16
#define N_TRANSIT	3000
#define N_ORIGIN	80000
#define N_PEERS		40

static const uint32_t t1_asn[N_T1] = {
	174, 209, 701, 1299, 2914, 3257, 3320, 3356,
	3491, 5511, 6453, 6461, 6762, 6830, 7018, 12956,
};

struct transit {
	uint32_t asn;
	uint8_t	 up[2];		/* tier-1 upstreams */
};

struct origin {
	uint32_t asn;
	uint16_t up[2];		/* transit upstreams */
	uint8_t	 nup;
	uint8_t	 origin_attr;	/* 0 IGP, 1 EGP, 2 INCOMPLETE */
	uint8_t	 flags;		/* ORG_* */
	uint32_t router_id;	/* AGGREGATOR address */
	uint8_t	 region;	/* drives the communities it gets tagged with */
};

enum { ORG_AGGR = 1, ORG_ATOMIC = 2, ORG_SET = 4, ORG_PREPEND = 8 };

static struct transit	transits[N_TRANSIT];
static struct origin	origins[N_ORIGIN];

/*
 * A plausible public ASN.  Two-byte ASNs avoid 0, 23456 (AS_TRANS, RFC
 * 6793 9) and the private/reserved range; four-byte ones come from the
 * ranges the RIRs have assigned from.
 */
static uint32_t make_asn(uint64_t h, unsigned four_byte_pm)
{
	static const uint32_t lo[] = { 131072, 196608, 262144, 327680, 393216 };
	static const uint32_t span[] = { 11000, 20000, 12000, 2000, 9000 };

	if ((h % 1000) < four_byte_pm) {
		unsigned r = (unsigned)((h >> 10) % 5);
		return lo[r] + (uint32_t)((h >> 20) % span[r]);
	}
	uint32_t asn = 1000 + (uint32_t)((h >> 10) % 63000);
	if (asn == 23456)
		asn++;
	return asn;
}

static void build_graph(void)
{
	for (unsigned i = 0; i < N_TRANSIT; i++) {
		uint64_t h = hash2(1, i);
		transits[i].asn = make_asn(h, 200);
		transits[i].up[0] = (uint8_t)((h >> 40) % N_T1);
		transits[i].up[1] = (uint8_t)((h >> 48) % N_T1);
	}
	for (unsigned i = 0; i < N_ORIGIN; i++) {
		uint64_t h = hash2(2, i);
		struct origin *o = &origins[i];
		o->asn = make_asn(h, 400);
		/* Popular transits get most customers: square the index. */
		uint64_t u = (h >> 32) % 1000;
		o->up[0] = (uint16_t)((u * u * N_TRANSIT) / 1000000);
		o->up[1] = (uint16_t)((h >> 44) % N_TRANSIT);
		o->nup = ((h >> 56) % 100) < 35 ? 2 : 1;
		uint64_t g = hash2(3, i);
		unsigned r = (unsigned)(g % 1000);
		o->origin_attr = r < 850 ? 0 : r < 990 ? 2 : 1;
		o->flags = 0;
		r = (unsigned)((g >> 10) % 1000);
		if (r < 60)
			o->flags |= ORG_AGGR;
		if (r < 25)
			o->flags |= ORG_ATOMIC;
		if (((g >> 20) % 1000) < 8)
			o->flags |= ORG_SET | ORG_AGGR;
		if (((g >> 30) % 1000) < 80)
			o->flags |= ORG_PREPEND;
		o->router_id = (uint32_t)(g >> 32);
		o->region = (uint8_t)((g >> 40) % 6);
	}
}

/* ------------------------------------------------------------------ */
/* Peers                                                               */
/* ------------------------------------------------------------------ */

struct peer {
	uint32_t asn;
	int	 v6;		/* session address family */
	uint8_t	 ip[16];	/* peer address (4 or 16 bytes used) */
	uint32_t bgp_id;
	int	 carry4, carry6;
	unsigned coverage;	/* per mille of prefixes announced */
	int	 t1;		/* index in t1_asn if the peer is tier 1, else -1 */
	uint8_t	 up[2];		/* tier-1 upstreams if not */
	uint32_t nh4;		/* IPv4 next hop */
	uint8_t	 nh6[32];	/* IPv6 next hop, global [+ link-local] */
	uint8_t	 nh6_len;
	int	 med;		/* sends MED */
	int	 ibgp;		/* sends LOCAL_PREF, no own AS in the path */
	unsigned ncomm;		/* typical number of communities */
	int	 large;		/* uses large communities */
	int	 mp_first;	/* MP_REACH first (RFC 7606 5.1) */
	int	 mp_extlen;	/* MP_REACH with the extended length flag */
	int	 et;		/* records with BGP4MP_ET headers */
	uint32_t up_since;	/* session established */
	/* updates state */
	int	 down;
	uint32_t reconnect_at;
};

static struct peer peers[N_PEERS];

static const uint32_t local_asn = 12654;
static const uint8_t local_ip4[4] = { 80, 249, 208, 1 };
static const uint8_t local_ip6[16] = {
	0x20, 0x01, 0x07, 0xf8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x31, 0x6e, 0, 1,
};

/* Dump time of the RIB and start of the day of updates: 2024-12-01 00:00 UTC. */
#define T0 1733011200u

static void build_peers(unsigned et_pct)
{
	for (unsigned i = 0; i < N_PEERS; i++) {
		struct peer *p = &peers[i];
		uint64_t h = hash2(4, i), g = hash2(5, i);

		memset(p, 0, sizeof(*p));
		p->t1 = -1;
		if (i < 6) {
			p->t1 = (int)(i * 2 + 1);
			p->asn = t1_asn[p->t1];
		} else if (i % 7 == 3) {
			p->asn = make_asn(h, 1000);	/* a 4-byte ASN peer */
		} else {
			p->asn = transits[(h >> 8) % N_TRANSIT].asn;
		}
		p->up[0] = (uint8_t)((h >> 20) % N_T1);
		p->up[1] = (uint8_t)((h >> 28) % N_T1);
		p->v6 = i >= 30;
		p->bgp_id = (uint32_t)(g >> 32);

		/* IXP LAN addresses: 80.249.208.0/21 and 2001:7f8:1::/64. */
		uint8_t host = (uint8_t)(10 + i * 5);
		if (!p->v6) {
			p->ip[0] = 80;
			p->ip[1] = 249;
			p->ip[2] = (uint8_t)(208 + i % 3);
			p->ip[3] = host;
		} else {
			static const uint8_t pre[8] = { 0x20, 0x01, 0x07, 0xf8, 0, 1, 0, 0 };
			memcpy(p->ip, pre, 8);
			if (i % 4 == 1) {
				/* 2001:7f8:1:0:a500:ASN:1:0 style: one zero group
				 * in the middle, one at the end. */
				p->ip[8] = 0xa5;
				p->ip[10] = (uint8_t)(p->asn >> 8);
				p->ip[11] = (uint8_t)p->asn;
				p->ip[13] = 1;
			} else if (i % 4 == 2) {
				/* 2001:7f8:1:0:1:2:3:4 -- single zero group */
				p->ip[6] = 0;
				p->ip[7] = 0;
				p->ip[9] = 1;
				p->ip[11] = 2;
				p->ip[13] = 3;
				p->ip[15] = (uint8_t)i;
			} else {
				/* 2001:7f8:1::a5XX:XXXX:1 (AMS-IX style) */
				p->ip[10] = 0xa5;
				p->ip[11] = (uint8_t)(p->asn >> 16);
				p->ip[12] = (uint8_t)(p->asn >> 8);
				p->ip[13] = (uint8_t)p->asn;
				p->ip[15] = 1;
			}
		}
		/* Dual-stack next hops. */
		if (!p->v6)
			p->nh4 = (uint32_t)p->ip[0] << 24 | (uint32_t)p->ip[1] << 16 |
			    (uint32_t)p->ip[2] << 8 | p->ip[3];
		else
			p->nh4 = (80u << 24) | (249u << 16) | (211u << 8) | host;
		if (((g >> 8) % 100) < 20)	/* multihop: next hop elsewhere */
			p->nh4 = 0xC0000000u | (uint32_t)((g >> 12) & 0x00FFFFFF);
		if (p->v6) {
			memcpy(p->nh6, p->ip, 16);
		} else {
			static const uint8_t pre[8] = { 0x20, 0x01, 0x07, 0xf8, 0, 1, 0, 0 };
			memcpy(p->nh6, pre, 8);
			p->nh6[12] = (uint8_t)(p->asn >> 8);
			p->nh6[13] = (uint8_t)p->asn;
			p->nh6[15] = host;
		}
		p->nh6_len = 16;
		if (((g >> 16) % 100) < 40) {
			/* global + link-local fe80::xxxx:xxff:fexx:xxxx (RFC 2545 3) */
			p->nh6_len = 32;
			p->nh6[16] = 0xfe;
			p->nh6[17] = 0x80;
			p->nh6[24] = (uint8_t)(g >> 24);
			p->nh6[25] = (uint8_t)(g >> 32);
			p->nh6[26] = (uint8_t)(g >> 40);
			p->nh6[27] = 0xff;
			p->nh6[28] = 0xfe;
			p->nh6[29] = (uint8_t)(g >> 48);
			p->nh6[30] = (uint8_t)(g >> 56);
			p->nh6[31] = (uint8_t)(g >> 4);
		}

		p->carry4 = !p->v6 || i % 3 == 0;
		p->carry6 = p->v6 || i % 5 < 2;
		unsigned r = (unsigned)((h >> 36) % 100);
		p->coverage = r < 75 ? 990 - (unsigned)((h >> 44) % 40) :
		    r < 90 ? 400 + (unsigned)((h >> 44) % 400) :
		    50 + (unsigned)((h >> 44) % 200);
		p->med = ((g >> 40) % 100) < 30;
		p->ibgp = i == 17 || i == 33;
		static const unsigned nc[] = { 0, 0, 0, 1, 2, 2, 3, 4, 5, 6, 8, 9 };
		p->ncomm = nc[(g >> 44) % 12];
		p->large = p->asn > 65535 || ((g >> 52) % 100) < 15;
		p->mp_first = ((g >> 56) % 2) == 0;
		p->mp_extlen = ((g >> 58) % 4) != 0;
		p->et = ((hash2(6, i) % 100) < et_pct);
		p->up_since = T0 - 86400u * (1 + (unsigned)((g >> 3) % 90)) -
		    (unsigned)((g >> 13) % 86400);
	}
}

/* ------------------------------------------------------------------ */
/* Prefix universe                                                     */
/* ------------------------------------------------------------------ */

struct pfx {
	uint8_t	 a[16];
	uint8_t	 len;
	uint32_t org;		/* index in origins */
};

struct pfxlist {
	struct pfx *v;
	size_t	    n, cap;
};

static struct pfxlist pfx4, pfx6;

static void add_pfx(struct pfxlist *l, const uint8_t *a, unsigned alen,
		    unsigned len, uint32_t org)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 65536;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (l->v == NULL) {
			fprintf(stderr, "bench_gen: out of memory\n");
			exit(1);
		}
	}
	struct pfx *p = &l->v[l->n++];
	memset(p, 0, sizeof(*p));
	memcpy(p->a, a, alen);
	/* Host bits are zero, as in real tables. */
	for (unsigned bit = len; bit < alen * 8; bit++)
		p->a[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
	p->len = (uint8_t)len;
	p->org = org % N_ORIGIN;
}

static void add4(uint32_t addr, unsigned len, uint32_t org)
{
	uint8_t a[4] = {
		(uint8_t)(addr >> 24), (uint8_t)(addr >> 16),
		(uint8_t)(addr >> 8), (uint8_t)addr,
	};
	add_pfx(&pfx4, a, 4, len, org);
}

static int pfx_cmp(const void *x, const void *y)
{
	const struct pfx *a = x, *b = y;
	int c = memcmp(a->a, b->a, 16);

	if (c)
		return c;
	return (int)a->len - (int)b->len;
}

static void sort_unique(struct pfxlist *l)
{
	qsort(l->v, l->n, sizeof(*l->v), pfx_cmp);
	size_t j = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (j && l->v[j - 1].len == l->v[i].len &&
		    memcmp(l->v[j - 1].a, l->v[i].a, 16) == 0)
			continue;
		l->v[j++] = l->v[i];
	}
	l->n = j;
}

static int reserved4(uint32_t a)
{
	unsigned o1 = a >> 24, o2 = (a >> 16) & 255;

	return o1 == 0 || o1 == 10 || o1 == 127 || o1 >= 224 ||
	    (o1 == 100 && o2 >= 64 && o2 < 128) ||
	    (o1 == 169 && o2 == 254) ||
	    (o1 == 172 && o2 >= 16 && o2 < 32) ||
	    (o1 == 192 && o2 == 168) ||
	    (o1 == 198 && (o2 == 18 || o2 == 19));
}

/*
 * IPv4: walk the /16s of 1/8..223/8.  Each /8 has a density; each routed
 * /16 has a holder (origin) and a style: announced whole, whole plus
 * more-specifics, or carved into aligned /19../24 blocks (mostly /24)
 * held by the holder or its customers, some deaggregated further.
 */
static void build_v4(void)
{
	for (uint32_t o1 = 1; o1 < 224; o1++) {
		uint64_t h8 = hash2(10, o1);
		unsigned dens = 30 + (unsigned)(h8 % 71);
		if (((h8 >> 8) % 100) < 6)
			add4(o1 << 24, 8, (uint32_t)(h8 >> 16));
		for (uint32_t o2 = 0; o2 < 256; o2++) {
			uint32_t base = o1 << 24 | o2 << 16;
			if (reserved4(base))
				continue;
			uint64_t h = hash2(11, base);
			if ((h % 100) >= dens)
				continue;
			uint32_t holder = (uint32_t)(h >> 40);
			unsigned r = (unsigned)((h >> 8) % 1000);
			/* covering /12../15 aggregates */
			if ((o2 % 16) == 0 && r < 40)
				add4(base, 12, holder);
			else if ((o2 % 4) == 0 && r < 80)
				add4(base, 14, holder);
			else if ((o2 % 2) == 0 && r < 120)
				add4(base, 15, holder);
			unsigned style = (unsigned)((h >> 20) % 100);
			if (style < 12) {
				add4(base, 16, holder);
				continue;
			}
			if (style < 25)
				add4(base, 16, holder);
			unsigned q = 300 + (unsigned)((h >> 28) % 700); /* per mille */
			uint32_t slot = 0;
			while (slot < 256) {
				static const unsigned lens[] = { 24, 23, 22, 21, 20, 19, 18, 17 };
				static const unsigned cum[] = { 340, 510, 770, 870, 940, 975, 990, 1000 };
				uint64_t hs = hash2(base, slot);
				unsigned pick = (unsigned)(hs % 1000), k = 0;
				while (pick >= cum[k])
					k++;
				unsigned len = lens[k];
				uint32_t size = 1u << (24 - len);	/* in /24s */
				if (slot % size) {
					/* unrouted up to the next boundary */
					slot = (slot / size + 1) * size;
					continue;
				}
				if (((hs >> 10) % 1000) < q) {
					uint32_t org = ((hs >> 20) % 100) < 70 ? holder :
					    (uint32_t)(hs >> 32);
					uint32_t a = base | slot << 8;
					add4(a, len, org);
					/* deaggregated more-specifics */
					if (len < 24 && ((hs >> 30) % 100) < 12) {
						uint32_t n = size < 4 ? size : 4;
						for (uint32_t s = 0; s < n; s++)
							add4(a + (s << 8), 24, org);
					}
				}
				slot += size;
			}
		}
	}
	sort_unique(&pfx4);
}

/*
 * IPv6: allocations (/29 or /32) in the RIR blocks, most announced whole,
 * many with more-specifics (/33../48, mostly /48).
 */
static void build_v6(void)
{
	static const struct {
		uint16_t top;		/* first 16 bits */
		unsigned bits;		/* block length */
		unsigned want;		/* allocations */
	} blk[] = {
		{ 0x2001, 16, 1700 },	/* legacy, /32 allocations */
		{ 0x2400, 12, 8700 },	/* APNIC */
		{ 0x2600, 12, 10400 },	/* ARIN */
		{ 0x2800, 12, 6300 },	/* LACNIC */
		{ 0x2a00, 12, 17900 },	/* RIPE NCC */
		{ 0x2c00, 12, 800 },	/* AFRINIC */
	};
	for (unsigned bi = 0; bi < sizeof(blk) / sizeof(blk[0]); bi++) {
		/* slots of /32 (2001::/16) or /29 (the /12s) */
		unsigned step_bits = blk[bi].bits == 16 ? 32 : 29;
		uint32_t nslots = 1u << (step_bits - blk[bi].bits);
		uint32_t pm = (uint32_t)((uint64_t)blk[bi].want * 1000000 / nslots);
		for (uint32_t s = 0; s < nslots; s++) {
			uint64_t h = hash2(20 + bi, s);
			if ((h % 1000000) >= pm)
				continue;
			uint32_t top32 = (uint32_t)blk[bi].top << 16 |
			    s << (32 - step_bits);
			unsigned alen = step_bits;
			if (step_bits == 29 && ((h >> 20) % 100) < 50)
				alen = 32;	/* a /32 inside the /29 slot */
			uint8_t a[16] = { 0 };
			a[0] = (uint8_t)(top32 >> 24);
			a[1] = (uint8_t)(top32 >> 16);
			a[2] = (uint8_t)(top32 >> 8);
			a[3] = (uint8_t)top32;
			uint32_t holder = (uint32_t)(h >> 32);
			if (((h >> 28) % 100) < 85)
				add_pfx(&pfx6, a, 16, alen, holder);
			unsigned k = (unsigned)((h >> 36) % 100);
			unsigned nmore = k < 45 ? 0 : k < 75 ? 1 + (unsigned)((h >> 44) % 3) :
			    k < 95 ? 3 + (unsigned)((h >> 44) % 10) :
			    10 + (unsigned)((h >> 44) % 40);
			for (unsigned m = 0; m < nmore; m++) {
				uint64_t hm = hash2(h, m);
				static const unsigned lens[] = { 48, 44, 40, 36, 34, 33, 46, 47 };
				static const unsigned cum[] = { 620, 730, 830, 910, 950, 970, 990, 1000 };
				unsigned pick = (unsigned)(hm % 1000), j = 0;
				while (pick >= cum[j])
					j++;
				unsigned len = lens[j];
				uint8_t b[16];
				memcpy(b, a, 16);
				/* random bits between alen and len */
				uint64_t bits = hm >> 10;
				for (unsigned bit = alen; bit < len; bit++, bits >>= 1) {
					if (bits == 0)
						bits = mix64(hm + bit) | 1;
					if (bits & 1)
						b[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
				}
				uint32_t org = ((hm >> 50) % 100) < 75 ? holder :
				    (uint32_t)(hm >> 32);
				add_pfx(&pfx6, b, 16, len, org);
			}
		}
	}
	sort_unique(&pfx6);
}

/* ------------------------------------------------------------------ */
/* Routes and path attributes                                          */
/* ------------------------------------------------------------------ */

#define MAX_HOPS	16
#define MAX_COMM	12
#define MAX_LARGE	4

struct route {
	uint8_t	 origin;
	unsigned nseq;			/* AS_SEQUENCE length */
	uint32_t seq[MAX_HOPS];
	unsigned nset;			/* trailing AS_SET length, 0 if none */
	uint32_t set[4];
	int	 has_med, has_lp, atomic, has_aggr;
	uint32_t med, lp, aggr_as, aggr_ip;
	unsigned ncomm, nlarge;
	uint32_t comm[MAX_COMM];
	uint32_t large[MAX_LARGE][3];
	uint32_t nh4;
	uint8_t	 nh6_len;
	uint8_t	 nh6[32];
};

static void push_hop(struct route *r, uint32_t asn)
{
	if (r->nseq < MAX_HOPS)
		r->seq[r->nseq++] = asn;
}

static int u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * The route peer `pi` has for prefix `px`.  Everything derives from the
 * (peer, origin) pair, so prefixes of an origin share attributes, except
 * where `variant` (non-zero for updates) perturbs the path and MED.
 */
static void make_route(struct route *r, unsigned pi, const struct pfx *px,
		       uint64_t variant)
{
	const struct peer *pe = &peers[pi];
	const struct origin *o = &origins[px->org];
	uint64_t h = hash2((uint64_t)pi << 32 | 7, px->org);
	uint64_t v = variant ? hash2(h, variant) : 0;

	memset(r, 0, sizeof(*r));
	r->origin = o->origin_attr;

	/* AS_PATH (RFC 4271 5.1.2): peer, tier 1, transit(s), origin. */
	uint32_t up_t = o->up[o->nup > 1 ? (h >> 1) & 1 : 0];
	uint32_t transit = transits[up_t].asn;
	uint32_t t1 = t1_asn[transits[up_t].up[(h >> 2) & 1]];
	if (!pe->ibgp)
		push_hop(r, pe->asn);
	if (v && (v % 100) < 10)
		push_hop(r, pe->asn);		/* the peer prepends for a while */
	uint64_t pr = hash2((uint64_t)pi << 8 | o->region, 98);
	if (pe->t1 >= 0) {
		if (((h >> 8) % 100) < 20 && t1 != pe->asn)
			push_hop(r, t1);
	} else if (((h >> 8) % 100) < 65) {
		uint32_t pt1 = t1_asn[pe->up[(h >> 3) & 1]];
		if (pt1 != pe->asn)
			push_hop(r, pt1);
		if (pt1 != t1 && ((h >> 16) % 100) < 30)
			push_hop(r, t1);
	}
	if (((h >> 24) % 100) < 25 || (v && ((v >> 8) % 100) < 30)) {
		uint32_t extra = transits[(pr >> 8) % N_TRANSIT].asn;
		if (v && ((v >> 8) % 100) < 30)
			extra = transits[(v >> 16) % N_TRANSIT].asn;
		push_hop(r, extra);
	}
	if (r->nseq == 0 || r->seq[r->nseq - 1] != transit)
		push_hop(r, transit);
	if (r->nseq < 2)
		push_hop(r, t1_asn[(h >> 40) % N_T1]);
	push_hop(r, o->asn);
	if ((o->flags & ORG_PREPEND) && r->nseq < 7) {
		unsigned k = 1 + (unsigned)((h >> 44) % 3);
		while (k-- && r->nseq < 8)
			push_hop(r, o->asn);
	}
	if (o->flags & ORG_SET) {
		/* An aggregate of customer routes (RFC 4271 9.2.2.2). */
		r->nset = 2 + (unsigned)((h >> 48) % 3);
		for (unsigned i = 0; i < r->nset; i++)
			r->set[i] = origins[(px->org + 1 + i * 7919) % N_ORIGIN].asn;
		qsort(r->set, r->nset, sizeof(r->set[0]), u32_cmp);
	}

	/* MULTI_EXIT_DISC (RFC 4271 5.1.4), LOCAL_PREF (5.1.5) */
	if (pe->med) {
		r->has_med = 1;
		r->med = ((pr >> 50) % 4) == 0 ? 0 : (uint32_t)((h >> 52) % 5) * 10 +
		    (uint32_t)((pr >> 40) % 10) * 100;
		if (v && ((v >> 24) % 100) < 20)
			r->med += 5;
	}
	if (pe->ibgp) {
		r->has_lp = 1;
		r->lp = ((h >> 56) % 10) == 0 ? 80 : 100;
	}
	/* ATOMIC_AGGREGATE (5.1.6), AGGREGATOR (5.1.7, 4-byte: RFC 6793 3) */
	if ((o->flags & ORG_ATOMIC) && !r->nset)
		r->atomic = 1;
	if (o->flags & ORG_AGGR) {
		r->has_aggr = 1;
		r->aggr_as = o->asn;
		r->aggr_ip = o->router_id;
	}

	/*
	 * COMMUNITIES (RFC 1997): the peer's, its tier 1's and the transit's
	 * tags, as real ones mostly fixed per tagging AS and region (ingress
	 * location, customer/peer class), so they repeat across routes.
	 */
	uint64_t c = hash2((uint64_t)pi << 8 | o->region, 99);
	unsigned want = pe->ncomm ? pe->ncomm + (unsigned)(h % 3) : (c % 100) < 20;
	if (want > 10)
		want = 10;
	uint32_t tagger[3] = { pe->asn, t1, transit };
	for (unsigned i = 0; i < want; i++) {
		uint32_t who = tagger[i % 3];
		uint32_t hi = who <= 65535 ? who : (uint32_t)(hash2(9, who) % 65000) + 1;
		uint32_t lo = i < 3 ? 100 + o->region * 10 + i :
		    1000 + (uint32_t)((c >> (i * 5)) % 8) * 100 + i;
		r->comm[r->ncomm++] = hi << 16 | lo;
	}
	/* well-known and blackhole communities, rarely */
	unsigned w = (unsigned)((h >> 20) % 10000);
	if (w < 5 && r->ncomm < MAX_COMM)
		r->comm[r->ncomm++] = 0xFFFFFF01;	/* NO_EXPORT */
	else if (w < 8 && r->ncomm < MAX_COMM)
		r->comm[r->ncomm++] = 0xFFFFFF02;	/* NO_ADVERTISE */
	else if (w < 10 && r->ncomm < MAX_COMM)
		r->comm[r->ncomm++] = 0xFFFFFF03;	/* NO_EXPORT_SUBCONFED */
	else if (w < 20 && r->ncomm < MAX_COMM)
		r->comm[r->ncomm++] = 0xFFFF029A;	/* BLACKHOLE, RFC 7999 */
	if (r->ncomm > 1) {
		qsort(r->comm, r->ncomm, sizeof(r->comm[0]), u32_cmp);
		unsigned j = 1;
		for (unsigned i = 1; i < r->ncomm; i++)
			if (r->comm[i] != r->comm[j - 1])
				r->comm[j++] = r->comm[i];
		r->ncomm = j;
	}
	/* LARGE_COMMUNITY (RFC 8092) */
	if (pe->large && ((c >> 50) % 100) < 70) {
		r->nlarge = 1 + (unsigned)((c >> 56) % 3);
		for (unsigned i = 0; i < r->nlarge; i++) {
			r->large[i][0] = pe->asn;
			r->large[i][1] = i + 1;
			r->large[i][2] = i == 0 ? o->region : (uint32_t)((c >> (i * 7)) % 64) * 10 + i;
		}
	}

	r->nh4 = pe->nh4;
	r->nh6_len = pe->nh6_len;
	memcpy(r->nh6, pe->nh6, sizeof(r->nh6));
}

/* Attribute header (RFC 4271 4.3): flags, type, 1- or 2-byte length. */
enum {
	F_OPT = 0x80, F_TRANS = 0x40, F_PARTIAL = 0x20, F_EXTLEN = 0x10,
};

static void attr_hdr(struct buf *b, unsigned flags, unsigned type, size_t len)
{
	if (len > 255)
		flags |= F_EXTLEN;
	b8(b, flags);
	b8(b, type);
	if (flags & F_EXTLEN)
		b16(b, (unsigned)len);
	else
		b8(b, (unsigned)len);
}

static unsigned nlri_len(const struct pfx *p)
{
	return 1u + (p->len + 7u) / 8u;
}

/* NLRI / withdrawn route encoding (RFC 4271 4.3, RFC 4760 5). */
static void put_nlri(struct buf *b, const struct pfx *p)
{
	b8(b, p->len);
	bmem(b, p->a, (p->len + 7u) / 8u);
}

enum attr_mode {
	AM_RIB4,	/* TABLE_DUMP_V2 IPv4: NEXT_HOP */
	AM_RIB6,	/* TABLE_DUMP_V2 IPv6: abbreviated MP_REACH (RFC 6396 4.3.4) */
	AM_UPD4,	/* UPDATE IPv4: NEXT_HOP, NLRI after the attributes */
	AM_UPD6,	/* UPDATE IPv6: MP_REACH with the NLRI (RFC 4760 3) */
};

static void put_mp_reach(struct buf *b, const struct peer *pe,
			 const struct route *r, enum attr_mode mode,
			 const struct pfx *nlri, unsigned nn)
{
	if (mode == AM_RIB6) {
		/* RFC 6396 4.3.4: only the next hop length and next hop. */
		attr_hdr(b, F_OPT | (pe->mp_extlen ? F_EXTLEN : 0), 14,
		    1u + r->nh6_len);
		b8(b, r->nh6_len);
		bmem(b, r->nh6, r->nh6_len);
		return;
	}
	size_t len = 2 + 1 + 1 + r->nh6_len + 1;
	for (unsigned i = 0; i < nn; i++)
		len += nlri_len(&nlri[i]);
	attr_hdr(b, F_OPT | (pe->mp_extlen ? F_EXTLEN : 0), 14, len);
	b16(b, 2);		/* AFI IPv6 */
	b8(b, 1);		/* SAFI unicast */
	b8(b, r->nh6_len);
	bmem(b, r->nh6, r->nh6_len);
	b8(b, 0);		/* reserved (was SNPA count) */
	for (unsigned i = 0; i < nn; i++)
		put_nlri(b, &nlri[i]);
}

/* Path attributes in type order (RFC 4271 5: SHOULD be ascending). */
static void put_attrs(struct buf *b, const struct peer *pe,
		      const struct route *r, enum attr_mode mode,
		      const struct pfx *nlri, unsigned nn)
{
	int v6 = mode == AM_RIB6 || mode == AM_UPD6;

	if (v6 && mode == AM_UPD6 && pe->mp_first)
		put_mp_reach(b, pe, r, mode, nlri, nn);
	/* ORIGIN (5.1.1) */
	attr_hdr(b, F_TRANS, 1, 1);
	b8(b, r->origin);
	/* AS_PATH (5.1.2), 4-byte ASNs (RFC 6396 4.3.4, RFC 6793) */
	size_t plen = 2 + 4 * r->nseq + (r->nset ? 2 + 4 * r->nset : 0);
	attr_hdr(b, F_TRANS, 2, plen);
	b8(b, 2);		/* AS_SEQUENCE */
	b8(b, r->nseq);
	for (unsigned i = 0; i < r->nseq; i++)
		b32(b, r->seq[i]);
	if (r->nset) {
		b8(b, 1);	/* AS_SET */
		b8(b, r->nset);
		for (unsigned i = 0; i < r->nset; i++)
			b32(b, r->set[i]);
	}
	/* NEXT_HOP (5.1.3) */
	if (!v6) {
		attr_hdr(b, F_TRANS, 3, 4);
		b32(b, r->nh4);
	}
	if (r->has_med) {
		attr_hdr(b, F_OPT, 4, 4);
		b32(b, r->med);
	}
	if (r->has_lp) {
		attr_hdr(b, F_TRANS, 5, 4);
		b32(b, r->lp);
	}
	if (r->atomic)
		attr_hdr(b, F_TRANS, 6, 0);
	if (r->has_aggr) {
		attr_hdr(b, F_OPT | F_TRANS, 7, 8);
		b32(b, r->aggr_as);
		b32(b, r->aggr_ip);
	}
	if (r->ncomm) {
		attr_hdr(b, F_OPT | F_TRANS, 8, 4 * r->ncomm);
		for (unsigned i = 0; i < r->ncomm; i++)
			b32(b, r->comm[i]);
	}
	if (v6 && !(mode == AM_UPD6 && pe->mp_first))
		put_mp_reach(b, pe, r, mode, nlri, nn);
	if (r->nlarge) {
		attr_hdr(b, F_OPT | F_TRANS, 32, 12 * r->nlarge);
		for (unsigned i = 0; i < r->nlarge; i++) {
			b32(b, r->large[i][0]);
			b32(b, r->large[i][1]);
			b32(b, r->large[i][2]);
		}
	}
}

/* ------------------------------------------------------------------ */
/* RIB                                                                 */
/* ------------------------------------------------------------------ */

/* PEER_INDEX_TABLE, RFC 6396 4.3.1. */
static void write_peer_index(struct buf *b)
{
	b->n = 0;
	size_t at = mrt_header(b, T0, MRT_TABLE_DUMP_V2, TD2_PEER_INDEX_TABLE, 0, 0);
	b32(b, 0xC1000410);		/* collector BGP ID 193.0.4.16 */
	static const char view[] = "rrc-bench";
	b16(b, sizeof(view) - 1);
	bmem(b, view, sizeof(view) - 1);
	b16(b, N_PEERS);
	for (unsigned i = 0; i < N_PEERS; i++) {
		const struct peer *p = &peers[i];
		/* peer type: bit 0 IPv6 address, bit 1 4-byte AS */
		b8(b, (p->v6 ? 1u : 0u) | 2u);
		b32(b, p->bgp_id);
		bmem(b, p->ip, p->v6 ? 16 : 4);
		b32(b, p->asn);
	}
	mrt_finish(b, at);
	emit(b);
}

/*
 * One RIB_IPV4_UNICAST / RIB_IPV6_UNICAST record (RFC 6396 4.3.2): the
 * sequence number, the prefix, then one RIB entry (4.3.4) per peer that
 * has a route: peer index, originated time, attributes.
 */
static void write_rib_record(struct buf *b, uint32_t seq, const struct pfx *px,
			     int v6, uint64_t pidx)
{
	struct route r;

	b->n = 0;
	size_t at = mrt_header(b, T0, MRT_TABLE_DUMP_V2,
	    v6 ? TD2_RIB_IPV6_UNICAST : TD2_RIB_IPV4_UNICAST, 0, 0);
	b32(b, seq);
	put_nlri(b, px);
	size_t cnt_at = b->n;
	b16(b, 0);
	unsigned count = 0;
	for (unsigned pi = 0; pi < N_PEERS; pi++) {
		const struct peer *pe = &peers[pi];
		if (!(v6 ? pe->carry6 : pe->carry4))
			continue;
		uint64_t h = hash2(pidx * 64 + pi, v6 ? 0x66 : 0x44);
		if ((h % 1000) >= pe->coverage)
			continue;
		make_route(&r, pi, px, 0);
		/* originated time: most routes date from the session's
		 * start, the others from days, hours or minutes ago */
		unsigned a = (unsigned)((h >> 10) % 100);
		uint32_t age = a < 8 ? (uint32_t)((h >> 20) % 3600) :
		    a < 25 ? (uint32_t)((h >> 20) % 86400) :
		    (uint32_t)((h >> 20) % (86400 * 40));
		uint32_t orig = T0 - age;
		if (a >= 45 || orig < pe->up_since)
			orig = pe->up_since + (uint32_t)((h >> 40) % 8);
		b16(b, pi);
		b32(b, orig);
		size_t alen_at = b->n;
		b16(b, 0);
		put_attrs(b, pe, &r, v6 ? AM_RIB6 : AM_RIB4, NULL, 0);
		patch16(b, alen_at, (unsigned)(b->n - alen_at - 2));
		count++;
	}
	patch16(b, cnt_at, count);
	mrt_finish(b, at);
	emit(b);
}

#define RIB_CHUNK 32

static void gen_rib(uint64_t target)
{
	struct buf b = { 0 };
	uint32_t seq = 0;

	write_peer_index(&b);
	for (int v6 = 0; v6 <= 1; v6++) {
		const struct pfxlist *l = v6 ? &pfx6 : &pfx4;
		uint64_t end = v6 ? target : target / 100 * 80;
		uint64_t fam_start = written, fam_recs = 0;
		double est = v6 ? 900.0 : 1800.0;	/* bytes per record */
		int keep = 1;
		for (size_t i = 0; i < l->n && written < end; i++) {
			/* Sample runs of RIB_CHUNK neighbouring prefixes, so that
			 * runs of one holder's prefixes stay together as in a
			 * full table (they are what makes tables compress). */
			if (i % RIB_CHUNK == 0) {
				if (fam_recs >= 64)
					est = (double)(written - fam_start) / (double)fam_recs;
				/* one chunk fewer than remain: the last is
				 * always kept, so the file reaches its size */
				double left = (double)(l->n - i) - RIB_CHUNK;
				double p = left <= 0 ? 1.0 :
				    (double)(end - written) / (left * est);
				keep = p >= 1.0 ||
				    (double)rn(1u << 30) < p * (double)(1u << 30);
			}
			if (!keep)
				continue;
			write_rib_record(&b, seq++, &l->v[i], v6, i);
			fam_recs++;
		}
		fprintf(stderr, "bench_gen: %s: %llu of %zu prefixes, %llu bytes\n",
		    v6 ? "IPv6" : "IPv4", (unsigned long long)fam_recs, l->n,
		    (unsigned long long)(written - fam_start));
	}
	if (written < target)
		fprintf(stderr, "bench_gen: the table ran out of prefixes at "
		    "%llu bytes\n", (unsigned long long)written);
	free(b.p);
}

/* ------------------------------------------------------------------ */
/* Updates                                                             */
/* ------------------------------------------------------------------ */

static uint32_t last_sec, last_usec;

/* The time for the next record: the day advances with the bytes written. */
static void next_time(uint64_t target, uint32_t *sec, uint32_t *usec)
{
	uint64_t w = written < target ? written : target - 1;
	uint32_t s = T0 + (uint32_t)((w * 86400u) / target);

	if (s < last_sec)
		s = last_sec;
	uint32_t us;
	if (s == last_sec) {
		us = last_usec + 1 + rn(2000);
		if (us > 999999)
			us = 999999;
	} else {
		us = rn(400000);
	}
	last_sec = s;
	last_usec = us;
	*sec = s;
	*usec = us;
}

/*
 * BGP4MP_MESSAGE_AS4 (RFC 6396 4.4.3) or BGP4MP_STATE_CHANGE_AS4 (4.4.4)
 * header: peer AS, local AS, interface index, address family, peer and
 * local addresses.  Returns the MRT length offset.
 */
static size_t bgp4mp_header(struct buf *b, const struct peer *pe,
			    unsigned subtype, uint32_t sec, uint32_t usec)
{
	b->n = 0;
	size_t at = mrt_header(b, sec, pe->et ? MRT_BGP4MP_ET : MRT_BGP4MP,
	    subtype, pe->et, usec);
	b32(b, pe->asn);
	b32(b, local_asn);
	b16(b, 0);			/* interface index */
	b16(b, pe->v6 ? 2 : 1);		/* AFI */
	if (pe->v6) {
		bmem(b, pe->ip, 16);
		bmem(b, local_ip6, 16);
	} else {
		bmem(b, pe->ip, 4);
		bmem(b, local_ip4, 4);
	}
	return at;
}

/* BGP message header (RFC 4271 4.1): marker, length, type. */
static size_t bgp_header(struct buf *b, unsigned type)
{
	static const uint8_t marker[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	size_t start = b->n;
	bmem(b, marker, 16);
	b16(b, 0);
	b8(b, type);
	return start;
}

static void bgp_finish(struct buf *b, size_t start)
{
	patch16(b, start + 16, (unsigned)(b->n - start));
}

static void write_state(struct buf *b, const struct peer *pe, unsigned from,
			unsigned to, uint64_t target)
{
	uint32_t sec, usec;

	next_time(target, &sec, &usec);
	size_t at = bgp4mp_header(b, pe, BGP4MP_STATE_CHANGE_AS4, sec, usec);
	b16(b, from);		/* old state (RFC 4271 8.2.2 FSM) */
	b16(b, to);		/* new state */
	mrt_finish(b, at);
	emit(b);
}

static void write_keepalive(struct buf *b, const struct peer *pe, uint64_t target)
{
	uint32_t sec, usec;

	next_time(target, &sec, &usec);
	size_t at = bgp4mp_header(b, pe, BGP4MP_MESSAGE_AS4, sec, usec);
	size_t m = bgp_header(b, 4);	/* KEEPALIVE (RFC 4271 4.4) */
	bgp_finish(b, m);
	mrt_finish(b, at);
	emit(b);
}

#define BGP_MAX 4096	/* RFC 4271 4.1 */

/*
 * One UPDATE (RFC 4271 4.3) from peer `pi`: `nw` withdrawals and `na`
 * announcements (sharing the attributes of `ann[0]`'s route).  IPv4 uses
 * the withdrawn routes field and the NLRI; IPv6 uses MP_UNREACH_NLRI
 * (RFC 4760 4) and MP_REACH_NLRI (RFC 4760 3).  An update with neither is
 * an End-of-RIB marker (RFC 4724 2).
 */
static void write_update(struct buf *b, unsigned pi, int v6,
			 const struct pfx *wd, unsigned nw,
			 const struct pfx *ann, unsigned na, uint64_t variant,
			 uint64_t target)
{
	const struct peer *pe = &peers[pi];
	uint32_t sec, usec;
	struct route r;

	next_time(target, &sec, &usec);
	size_t at = bgp4mp_header(b, pe, BGP4MP_MESSAGE_AS4, sec, usec);
	size_t m = bgp_header(b, 2);
	size_t wlen_at = b->n;
	b16(b, 0);
	if (!v6) {
		for (unsigned i = 0; i < nw; i++)
			put_nlri(b, &wd[i]);
		patch16(b, wlen_at, (unsigned)(b->n - wlen_at - 2));
	}
	size_t alen_at = b->n;
	b16(b, 0);
	if (v6 && (nw || (!na && !nw))) {
		size_t len = 3;
		for (unsigned i = 0; i < nw; i++)
			len += nlri_len(&wd[i]);
		attr_hdr(b, F_OPT | (pe->mp_extlen ? F_EXTLEN : 0), 15, len);
		b16(b, 2);
		b8(b, 1);
		for (unsigned i = 0; i < nw; i++)
			put_nlri(b, &wd[i]);
	}
	if (na) {
		make_route(&r, pi, &ann[0], variant);
		put_attrs(b, pe, &r, v6 ? AM_UPD6 : AM_UPD4, ann, na);
	}
	patch16(b, alen_at, (unsigned)(b->n - alen_at - 2));
	if (!v6)
		for (unsigned i = 0; i < na; i++)
			put_nlri(b, &ann[i]);
	bgp_finish(b, m);
	mrt_finish(b, at);
	emit(b);
}

/*
 * Up to `max` prefixes starting at index i of l that share its origin, as
 * a router packs them into one UPDATE, within the message size limit.
 */
static unsigned run_of(const struct pfxlist *l, size_t i, unsigned max)
{
	unsigned n = 0, bytes = 0;

	while (n < max && i + n < l->n && l->v[i + n].org == l->v[i].org &&
	    bytes + nlri_len(&l->v[i + n]) < 3000) {
		bytes += nlri_len(&l->v[i + n]);
		n++;
	}
	return n ? n : 1;
}

static size_t pick_prefix(const struct pfxlist *l, const size_t *hot, size_t nhot)
{
	/* Half the churn comes from 3% of the prefixes. */
	if (chance(500))
		return hot[rn((uint32_t)nhot)];
	return rn((uint32_t)l->n);
}

static void gen_updates(uint64_t target)
{
	struct buf b = { 0 };
	struct pfx tmp[64];
	size_t nhot4 = pfx4.n / 33, nhot6 = pfx6.n / 33;
	size_t *hot4 = xmalloc(nhot4 * sizeof(size_t));
	size_t *hot6 = xmalloc(nhot6 * sizeof(size_t));
	unsigned n_state = 0, n_keep = 0, n_eor = 0;
	/* A routing event: one change that many peers report in turn. */
	struct {
		int	 v6;
		size_t	 wi, ai;	/* first withdrawn, announced prefix */
		unsigned nw, na;
		uint64_t variant;
		unsigned left;		/* peers still to report it */
	} ev = { 0 };

	for (size_t i = 0; i < nhot4; i++)
		hot4[i] = rn((uint32_t)pfx4.n);
	for (size_t i = 0; i < nhot6; i++)
		hot6[i] = rn((uint32_t)pfx6.n);

	while (written < target) {
		uint32_t now = T0 + (uint32_t)((written * 86400u) / target);

		/* Sessions coming back: the FSM to Established (RFC 4271
		 * 8.2.2), a table re-sent in packed updates, End-of-RIB. */
		for (unsigned pi = 0; pi < N_PEERS; pi++) {
			struct peer *pe = &peers[pi];
			if (!pe->down || now < pe->reconnect_at)
				continue;
			write_state(&b, pe, 1, 3, target);	/* Idle -> Active */
			write_state(&b, pe, 3, 4, target);	/* Active -> OpenSent */
			write_state(&b, pe, 4, 5, target);	/* OpenSent -> OpenConfirm */
			write_state(&b, pe, 5, 6, target);	/* OpenConfirm -> Established */
			n_state += 4;
			pe->down = 0;
			for (int v6 = 0; v6 <= 1; v6++) {
				if (!(v6 ? pe->carry6 : pe->carry4))
					continue;
				const struct pfxlist *l = v6 ? &pfx6 : &pfx4;
				size_t want = 2000 + rn(v6 ? 3000 : 15000);
				size_t i = rn((uint32_t)l->n);
				for (size_t sent = 0; sent < want && written < target;) {
					if (i >= l->n)
						i = 0;
					unsigned n = run_of(l, i, 64);
					write_update(&b, pi, v6, NULL, 0, &l->v[i], n, 0, target);
					i += n;
					sent += n;
				}
				write_update(&b, pi, v6, NULL, 0, NULL, 0, 0, target);
				n_eor++;
			}
		}

		unsigned pi = rn(N_PEERS);
		struct peer *pe = &peers[pi];
		if (pe->down)
			continue;
		unsigned roll = rn(100000);
		if (roll < 5) {
			/* Session reset: Established -> Idle, back later. */
			write_state(&b, pe, 6, 1, target);
			n_state++;
			pe->down = 1;
			pe->reconnect_at = now + 30 + rn(900);
			continue;
		}
		if (roll < 1500) {
			write_keepalive(&b, pe, target);
			n_keep++;
			continue;
		}
		if (ev.left == 0) {
			/* A new event: withdrawals (22%), announcements or
			 * both (3%), of one prefix or a run of one origin's. */
			ev.v6 = chance(300);
			const struct pfxlist *l = ev.v6 ? &pfx6 : &pfx4;
			const size_t *hot = ev.v6 ? hot6 : hot4;
			size_t nhot = ev.v6 ? nhot6 : nhot4;
			unsigned kind = rn(100);
			ev.nw = ev.na = 0;
			if (kind < 22 || kind >= 97) {
				ev.wi = pick_prefix(l, hot, nhot);
				ev.nw = run_of(l, ev.wi, chance(850) ? 1 : 2 + rn(30));
			}
			if (kind >= 22) {
				unsigned r = rn(100);
				unsigned max = r < 60 ? 1 : r < 90 ? 2 + rn(4) : 6 + rn(45);
				if (max > 64 - ev.nw)
					max = 64 - ev.nw;
				ev.ai = pick_prefix(l, hot, nhot);
				ev.na = run_of(l, ev.ai, max);
			}
			/* a route flaps between its usual path and a few others */
			ev.variant = chance(500) ? 0 : 1 + rn(3);
			ev.left = 1 + rn(30);
		}
		if (!(ev.v6 ? pe->carry6 : pe->carry4))
			continue;
		ev.left--;
		const struct pfxlist *l = ev.v6 ? &pfx6 : &pfx4;
		memcpy(tmp, &l->v[ev.wi], ev.nw * sizeof(tmp[0]));
		memcpy(tmp + ev.nw, &l->v[ev.ai], ev.na * sizeof(tmp[0]));
		write_update(&b, pi, ev.v6, tmp, ev.nw, tmp + ev.nw, ev.na,
		    chance(200) ? 0 : ev.variant, target);
	}
	fprintf(stderr, "bench_gen: %llu records (%u state changes, %u keepalives, "
	    "%u End-of-RIB)\n", (unsigned long long)n_records, n_state, n_keep, n_eor);
	free(hot4);
	free(hot6);
	free(b.p);
}

/* ------------------------------------------------------------------ */

/* `bench_gen stats`: the prefix-length mix of the universe. */
static void print_stats(void)
{
	size_t h4[33] = { 0 }, h6[129] = { 0 };

	for (size_t i = 0; i < pfx4.n; i++)
		h4[pfx4.v[i].len]++;
	for (size_t i = 0; i < pfx6.n; i++)
		h6[pfx6.v[i].len]++;
	printf("IPv4 prefixes: %zu\n", pfx4.n);
	for (unsigned l = 0; l <= 32; l++)
		if (h4[l])
			printf("  /%-3u %8zu  %5.1f%%\n", l, h4[l], 100.0 * (double)h4[l] / (double)pfx4.n);
	printf("IPv6 prefixes: %zu\n", pfx6.n);
	for (unsigned l = 0; l <= 128; l++)
		if (h6[l])
			printf("  /%-3u %8zu  %5.1f%%\n", l, h6[l], 100.0 * (double)h6[l] / (double)pfx6.n);
}

static void usage(void)
{
	fprintf(stderr,
	    "usage: bench_gen rib OUT SIZE_MB\n"
	    "       bench_gen updates OUT SIZE_MB [ET_PCT]\n"
	    "       bench_gen stats\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if ((argc < 4 || argc > 5) && argc != 2)
		usage();
	if (argc == 2 && strcmp(argv[1], "stats") == 0) {
		build_graph();
		build_v4();
		build_v6();
		print_stats();
		return 0;
	}
	int rib = strcmp(argv[1], "rib") == 0;
	if (!rib && strcmp(argv[1], "updates") != 0)
		usage();
	char *end;
	double mb = strtod(argv[3], &end);
	if (*end || mb <= 0 || mb > 1e6)
		usage();
	unsigned et_pct = 25;
	if (argc == 5) {
		unsigned long v = strtoul(argv[4], &end, 10);
		if (*end || v > 100 || rib)
			usage();
		et_pct = (unsigned)v;
	}
	uint64_t target = (uint64_t)(mb * 1e6);
	if (target < 65536)
		target = 65536;

	out = fopen(argv[2], "wb");
	if (out == NULL) {
		perror(argv[2]);
		return 1;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));

	build_graph();
	build_peers(et_pct);
	build_v4();
	build_v6();
	fprintf(stderr, "bench_gen: universe: %zu IPv4 and %zu IPv6 prefixes\n",
	    pfx4.n, pfx6.n);
	if (rib)
		gen_rib(target);
	else
		gen_updates(target);

	if (fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	fprintf(stderr, "bench_gen: wrote %s: %llu bytes, %llu records\n",
	    argv[2], (unsigned long long)written, (unsigned long long)n_records);
	free(pfx4.v);
	free(pfx6.v);
	return 0;
}
