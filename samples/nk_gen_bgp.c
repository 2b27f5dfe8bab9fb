/*
 * nk_gen_bgp.c -- the routing world of the North Korea re-creation and
 * the plan of what each collector records.
 *
 * Chosen, not published: the peers (ASes of large transit networks that
 * fed RouteViews and RIS at the time, with addresses chosen from their
 * space; not the collectors' real peer lists), the background table (a
 * few thousand IPv4 and a few hundred IPv6 prefixes of made-up origins
 * behind real transit ASes), its churn (scaled down with the table),
 * one session reset at route-views2.  AS131279's four /24s through
 * AS4837 come from the published record (nk_gen_story.c).
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples/nk_gen.h"
#include "samples/nk_gen_bgp.h"

/* --- collectors and peers -------------------------------------------- */

static const struct bgp_peer routeviews_peers[] = {
	{ "12.0.1.63", NULL, 7018, 0, 0, 0 },		/* AT&T */
	{ "4.69.184.193", NULL, 3356, 0, 0, 0 },	/* Level 3 */
	{ "129.250.0.11", NULL, 2914, 0, 0, 0 },	/* NTT */
	{ "89.149.178.10", NULL, 3257, 0, 0, 1 },	/* Tinet */
	{ "64.71.137.241", NULL, 6939, 0, 0, 0 },	/* Hurricane Electric */
	{ "144.228.241.130", NULL, 1239, 0, 0, 0 },	/* Sprint */
	{ "66.110.0.86", NULL, 6453, 0, 0, 0 },		/* Tata */
	{ "154.11.11.113", NULL, 174, 0, 2914, 0 },	/* Cogent */
	{ "164.128.32.11", NULL, 3303, 1, 0, 0 },	/* Swisscom, partial */
};

static const struct bgp_peer ris_peers[] = {
	{ "80.91.255.62", NULL, 1299, 0, 0, 0 },	/* TeliaSonera */
	{ "213.144.128.203", NULL, 13030, 0, 3257, 1 },	/* Init7 */
	{ "212.66.96.126", NULL, 20912, 0, 1299, 0 },	/* Panservice */
	{ "202.232.0.2", NULL, 2497, 0, 0, 0 },		/* IIJ */
	{ "195.22.216.188", NULL, 6762, 0, 0, 0 },	/* Telecom Italia Sparkle */
	{ "216.218.252.164", NULL, 6939, 0, 0, 0 },	/* Hurricane Electric */
	{ "202.84.143.122", NULL, 4637, 0, 0, 0 },	/* Telstra Global */
	{ "193.0.0.56", NULL, 3333, 1, 0, 0 },		/* RIPE NCC, partial */
	{ "2001:7f8:1::a500:6939:1", "fe80::6939:1", 6939, 0, 0, 0 },
	{ "2001:7f8:1::a501:3030:1", "fe80::3030:1", 13030, 0, 0, 1 },
	{ "2001:7f8:1::a502:912:1", NULL, 20912, 0, 0, 0 },
};

const struct bgp_collector bgp_collectors[] = {
	{ "route-views2", 0, 900, 6447, "128.223.51.102", "128.223.51.102",
	  NULL, routeviews_peers,
	  sizeof(routeviews_peers) / sizeof(routeviews_peers[0]), 0.035,
	  6, NK_AT(19, 7, 32, 10), NK_AT(19, 7, 41, 5), 6447 },
	{ "rrc00", 1, 300, 12654, "193.0.4.28", "193.0.4.28",
	  "2001:7fb:ff00::28", ris_peers,
	  sizeof(ris_peers) / sizeof(ris_peers[0]), 0.045,
	  -1, 0, 0, 12654 },
};

const unsigned bgp_ncollectors =
    sizeof(bgp_collectors) / sizeof(bgp_collectors[0]);

static int
peer_v6(const struct bgp_peer *p)
{
	return strchr(p->addr, ':') != NULL;
}

/* --- the table --------------------------------------------------------- */

#define NBG4		2000
#define NBG6		300
#define NORIGINS	1400
#define NTABLE		(NBG4 + NK_NPREFIXES + NBG6)

static struct bgp_prefix table[NTABLE];
static size_t nv4;		/* IPv4 entries, NK included */
static int table_built;

/* Real transit networks, for the hop before a made-up origin. */
static const uint32_t transits[] = {
	174, 1273, 1299, 2828, 2914, 3257, 3356, 3491, 3549, 4134, 4637,
	4755, 4766, 5400, 5580, 6453, 6762, 6830, 6939, 7473, 7922, 8220,
	8359, 9002, 9498, 12389, 12956, 13237, 15412, 20485, 20764, 21219,
	24940, 25152, 31133, 34224, 35280, 43531, 47541, 58453,
};
#define NTRANSITS	(sizeof(transits) / sizeof(transits[0]))

/* The big ones a peer's path goes through first. */
static const uint32_t tier1s[] = {
	174, 701, 1239, 1273, 1299, 2828, 2914, 3257, 3320, 3356, 3491,
	6453, 6461, 6762, 6939, 7018,
};
#define NTIER1S		(sizeof(tier1s) / sizeof(tier1s[0]))

static uint32_t origins[NORIGINS];

static void
make_origins(struct nk_rng *r)
{
	size_t i;

	for (i = 0; i < NORIGINS; i++) {
		uint32_t as;

		/* About a quarter 4-byte, as new origins were in 2014. */
		if (nk_rng_below(r, 4) == 0)
			as = 131072 + nk_rng_below(r, 69000);
		else
			do {
				as = 1000 + nk_rng_below(r, 63496);
			} while (as == 23456);
		origins[i] = as;
	}
}

static int
special_v4(uint32_t a, unsigned len)
{
	static const struct {
		uint32_t	net;
		unsigned	len;
	} special[] = {
		{ 0x00000000, 8 }, { 0x0a000000, 8 }, { 0x64400000, 10 },
		{ 0x7f000000, 8 }, { 0xa9fe0000, 16 }, { 0xac100000, 12 },
		{ 0xc0000000, 24 }, { 0xc0000200, 24 }, { 0xc0a80000, 16 },
		{ 0xc6120000, 15 }, { 0xc6336400, 24 }, { 0xcb007100, 24 },
		{ 0xaf2db000, 22 },	/* the target itself */
	};
	size_t i;

	if (a >= 0xe0000000u)
		return 1;
	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		unsigned l = len < special[i].len ? len : special[i].len;
		uint32_t mask = l == 0 ? 0 : 0xffffffffu << (32 - l);

		if ((a & mask) == (special[i].net & mask))
			return 1;
	}
	return 0;
}

/* Prefix lengths of IPv4 routes, roughly as in 2014's tables: more than
 * half /24s, then /22, /16, /23, /20 ... */
static const struct {
	unsigned	 below;		/* of 1000 */
	unsigned	 len;
} v4_lengths[] = {
	{ 560, 24 }, { 640, 23 }, { 740, 22 }, { 790, 21 }, { 850, 20 },
	{ 890, 19 }, { 920, 18 }, { 940, 17 }, { 985, 16 },
};

static unsigned
v4_length(struct nk_rng *r)
{
	unsigned u = nk_rng_below(r, 1000);
	size_t i;

	for (i = 0; i < sizeof(v4_lengths) / sizeof(v4_lengths[0]); i++)
		if (u < v4_lengths[i].below)
			return v4_lengths[i].len;
	return 10 + nk_rng_below(r, 6);
}

static int
same_prefix(const struct bgp_prefix *a, const struct bgp_prefix *b)
{
	return a->afi == b->afi && a->len == b->len &&
	    memcmp(a->addr, b->addr, 16) == 0;
}

static int
known(const struct bgp_prefix *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same_prefix(&table[i], p))
			return 1;
	return 0;
}

static void
finish_prefix(struct bgp_prefix *p, struct nk_rng *r)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(p->afi == 1 ? AF_INET : AF_INET6, p->addr, addr,
	    sizeof(addr));
	snprintf(p->text, sizeof(p->text), "%s/%u", addr, p->len);
	if (p->nk >= 0)
		return;
	p->origin = origins[nk_rng_below(r, NORIGINS)];
	p->upstream = transits[nk_rng_below(r, NTRANSITS)];
	p->incomplete = nk_rng_below(r, 25) == 0;
}

/* Put p in the table unless it is there already; 1 when added. */
static int
add_prefix(struct bgp_prefix *p, struct nk_rng *r, size_t *n)
{
	if (known(p, *n))
		return 0;
	finish_prefix(p, r);
	table[(*n)++] = *p;
	return 1;
}

static void
make_v4(struct nk_rng *r, size_t *n)
{
	size_t made = 0;

	while (made < NBG4) {
		struct bgp_prefix p;
		unsigned len = v4_length(r);
		uint32_t a = (uint32_t)(nk_rng_next(r) >> 32);

		a &= 0xffffffffu << (32 - len);
		if (special_v4(a, len))
			continue;
		memset(&p, 0, sizeof(p));
		p.afi = 1;
		p.len = (uint8_t)len;
		p.addr[0] = (uint8_t)(a >> 24);
		p.addr[1] = (uint8_t)(a >> 16);
		p.addr[2] = (uint8_t)(a >> 8);
		p.addr[3] = (uint8_t)a;
		p.nk = -1;
		made += add_prefix(&p, r, n);
	}
}

static void
make_nk(struct nk_rng *r, size_t *n)
{
	unsigned k;

	for (k = 0; k < NK_NPREFIXES; k++) {
		struct bgp_prefix p;

		memset(&p, 0, sizeof(p));
		p.afi = 1;
		p.len = 24;
		p.addr[0] = 175;
		p.addr[1] = 45;
		p.addr[2] = (uint8_t)(176 + k);
		p.nk = (int)k;
		p.origin = NK_ORIGIN_AS;
		p.upstream = NK_UPSTREAM_AS;
		finish_prefix(&p, r);
		table[(*n)++] = p;
	}
}

static void
make_v6(struct nk_rng *r, size_t *n)
{
	size_t made = 0;

	while (made < NBG6) {
		struct bgp_prefix p;
		unsigned u = nk_rng_below(r, 1000), len = 32, i;
		uint16_t w0, w1 = (uint16_t)nk_rng_below(r, 65536);
		uint16_t w2 = (uint16_t)nk_rng_below(r, 65536);

		if (u < 400)
			w0 = 0x2001;
		else if (u < 650)
			w0 = (uint16_t)(0x2a00 + nk_rng_below(r, 4));
		else if (u < 800)
			w0 = (uint16_t)(0x2400 + nk_rng_below(r, 16));
		else if (u < 900)
			w0 = (uint16_t)(0x2600 + nk_rng_below(r, 8));
		else {
			w0 = nk_rng_below(r, 2) ? 0x2001 : 0x2a02;
			len = 40 + 4 * nk_rng_below(r, 3);
		}
		if (w0 == 0x2001 && len == 32 && nk_rng_below(r, 3) == 0)
			len = 48;
		if (w0 == 0x2001 && w1 < 0x0200)
			w1 += 0x0200;		/* not 2001::/23 specials */
		if (w0 == 0x2001 && w1 == 0x0db8)
			continue;		/* documentation */
		memset(&p, 0, sizeof(p));
		p.afi = 2;
		p.len = (uint8_t)len;
		p.addr[0] = (uint8_t)(w0 >> 8);
		p.addr[1] = (uint8_t)w0;
		p.addr[2] = (uint8_t)(w1 >> 8);
		p.addr[3] = (uint8_t)w1;
		p.addr[4] = (uint8_t)(w2 >> 8);
		p.addr[5] = (uint8_t)w2;
		for (i = len; i < 128; i++)
			p.addr[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
		p.nk = -1;
		made += add_prefix(&p, r, n);
	}
}

static int
prefix_order(const void *a, const void *b)
{
	const struct bgp_prefix *x = a, *y = b;
	int c = memcmp(x->addr, y->addr, 16);

	if (x->afi != y->afi)
		return x->afi < y->afi ? -1 : 1;
	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

const struct bgp_prefix *
bgp_table(size_t *n)
{
	struct nk_rng r;
	size_t made = 0;

	if (!table_built) {
		table_built = 1;
		nk_rng_seed(&r, 0x7ab1e);
		make_origins(&r);
		make_v4(&r, &made);
		make_nk(&r, &made);
		nv4 = made;
		make_v6(&r, &made);
		qsort(table, made, sizeof(table[0]), prefix_order);
	}
	*n = NTABLE;
	return table;
}

static uint64_t
mix(uint64_t a, uint64_t b, uint64_t c)
{
	return nk_mix(nk_mix(a, b), c);
}

int
bgp_peer_carries(const struct bgp_collector *c, unsigned i,
    const struct bgp_prefix *p, size_t index)
{
	const struct bgp_peer *peer = &c->peers[i];

	if ((p->afi == 2) != peer_v6(peer))
		return 0;
	if (peer->partial)
		return p->nk < 0 && mix(peer->asn, index, 7) % 8 == 0;
	return 1;
}

static void
add_as(uint32_t *path, unsigned *n, uint32_t as)
{
	unsigned i;

	for (i = 0; i < *n; i++)
		if (path[i] == as)
			return;
	if (*n < BGP_MAX_PATH)
		path[(*n)++] = as;
}

static int
is_tier1(uint32_t as)
{
	size_t i;

	for (i = 0; i < NTIER1S; i++)
		if (tier1s[i] == as)
			return 1;
	return 0;
}

/* The transit of a peer's other way to AS4837. */
static uint32_t
nk_alternative(const struct bgp_peer *peer)
{
	static const uint32_t alt[] = { 3356, 1299, 2914, 3257, 6453, 174 };
	size_t i;

	for (i = 0; i < sizeof(alt) / sizeof(alt[0]); i++)
		if (alt[i] != peer->asn && alt[i] != peer->nk_via)
			return alt[i];
	return 3491;
}

unsigned
bgp_path(const struct bgp_collector *c, unsigned i,
    const struct bgp_prefix *p, size_t index, unsigned variant,
    uint32_t *path)
{
	const struct bgp_peer *peer = &c->peers[i];
	uint64_t h = mix(peer->asn, index, variant);
	unsigned n = 0;

	path[n++] = peer->asn;
	if (p->nk >= 0) {
		uint32_t via = variant % 2 == 0 ? peer->nk_via :
		    nk_alternative(peer);

		if (via != 0)
			add_as(path, &n, via);
		add_as(path, &n, NK_UPSTREAM_AS);
		add_as(path, &n, NK_ORIGIN_AS);
		return n;
	}
	if (peer->partial) {
		if (h % 2)
			add_as(path, &n, p->upstream);
		add_as(path, &n, p->origin);
		return n;
	}
	if (!is_tier1(peer->asn) || (h >> 8) % 3 != 0)
		add_as(path, &n, tier1s[h % NTIER1S]);
	add_as(path, &n, p->upstream);
	if ((h >> 16) % 5 == 0)
		add_as(path, &n, transits[(h >> 20) % NTRANSITS]);
	add_as(path, &n, p->origin);
	/* Prepending: one path in ten. */
	if ((h >> 32) % 10 == 0 && n < BGP_MAX_PATH)
		path[n++] = p->origin;
	if ((h >> 36) % 40 == 0 && n < BGP_MAX_PATH)
		path[n++] = p->origin;
	return n;
}

/* --- the plan ----------------------------------------------------------- */

struct plan {
	struct bgp_event *ev;
	size_t		 n, cap;
	uint32_t	 order;
};

static void
plan_add(struct plan *pl, int64_t t, enum bgp_action action, unsigned peer,
    unsigned variant, size_t prefix)
{
	struct bgp_event *e;

	if (t < NK_START || t >= NK_END)
		return;
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 4096;
		pl->ev = realloc(pl->ev, pl->cap * sizeof(*pl->ev));
		if (pl->ev == NULL)
			nk_die("out of memory", NULL);
	}
	e = &pl->ev[pl->n++];
	e->t = t;
	e->order = pl->order++;
	e->action = (uint8_t)action;
	e->peer = (uint8_t)peer;
	e->variant = (uint8_t)variant;
	e->prefix = (uint32_t)prefix;
}

static int
event_order(const void *a, const void *b)
{
	const struct bgp_event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* Per peer and prefix: the route held, and until when it is spoken for
 * (a re-announcement planned). */
struct route_state {
	uint8_t		 present;
	uint8_t		 variant;
	int64_t		 busy_until;
};

struct world {
	const struct bgp_collector *c;
	const struct bgp_prefix *table;
	size_t		 ntable;
	struct route_state *rs;		/* npeers * ntable */
	struct plan	 pl;
	struct nk_rng	 r;
};

static struct route_state *
route(struct world *w, unsigned peer, size_t prefix)
{
	return &w->rs[(size_t)peer * w->ntable + prefix];
}

/* Whether [from, until] touches the reset of peer i's session. */
static int
in_reset(const struct bgp_collector *c, unsigned i, int64_t from,
    int64_t until)
{
	if (c->reset_peer != (int)i)
		return 0;
	return until >= c->reset_down - 5 && from <= c->reset_up + 120;
}

/*
 * The four /24s at peer i: withdrawn and announced again around every
 * down span of the story, a path explored before some withdrawals,
 * moved between two paths by the story's wobbles.
 */
static void
plan_nk(struct world *w, unsigned i, unsigned k, size_t prefix)
{
	const struct nk_down *downs;
	const struct nk_wobble *wob;
	size_t nd, nw, di = 0, wi = 0;
	unsigned variant = 0;
	int64_t last = NK_START;
	struct nk_rng r;

	nk_rng_seed(&r, w->c->seed * 131 + i * 17 + k);
	downs = nk_story_downs(k, &nd);
	wob = nk_story_wobbles(&nw);
	while (di < nd || wi < nw) {
		if (wi < nw && (di == nd || wob[wi].t < downs[di].start)) {
			const struct nk_wobble *x = &wob[wi++];
			int64_t t;

			if (!(x->mask & (1u << k)) || nk_rng_unit(&r) >= x->share)
				continue;
			t = x->t + nk_rng_below(&r, 40);
			if (t <= last + 5 ||
			    (di < nd && t + 60 >= downs[di].start))
				continue;
			variant ^= 1;
			plan_add(&w->pl, t, BGP_ANNOUNCE, i, variant, prefix);
			last = t;
		} else {
			const struct nk_down *d = &downs[di++];
			uint32_t spread = d->kind == NK_DOWN_BLACKOUT ? 60 : 41;
			int64_t tw, ta;

			if (in_reset(w->c, i, d->start - 60, d->end + 60))
				nk_die("a flap during the session reset", NULL);
			/* Some peers never see a short flap (damping). */
			if (d->kind == NK_DOWN_FLAP &&
			    d->end - d->start < 120 && nk_rng_below(&r, 100) < 12)
				continue;
			tw = d->start + nk_rng_below(&r, spread);
			if (nk_rng_below(&r, 100) < 35) {
				int64_t te = tw - 1 - nk_rng_below(&r, 12);

				if (te > last + 1)
					plan_add(&w->pl, te, BGP_ANNOUNCE, i,
					    variant ^ 1, prefix);
			}
			plan_add(&w->pl, tw, BGP_WITHDRAW, i, 0, prefix);
			ta = d->end + nk_rng_below(&r, spread);
			if (ta < tw + 5)
				ta = tw + 5;
			variant = 0;
			plan_add(&w->pl, ta, BGP_ANNOUNCE, i, variant, prefix);
			last = ta;
		}
	}
}

/* Background updates a second at t: a day's swell, peaking in the
 * European evening. */
static double
churn_rate(const struct bgp_collector *c, int64_t t)
{
	double hour = (double)((t - NK_START) % NK_DAY) / 3600.0;

	return c->churn * (1.0 + 0.35 * sin(2 * M_PI * (hour - 11) / 24));
}

/* A peer and one of its prefixes that is free at t, or 0. */
static int
pick_route(struct world *w, int64_t t, unsigned *peer, size_t *prefix)
{
	const struct bgp_collector *c = w->c;
	int tries;

	for (tries = 0; tries < 20; tries++) {
		unsigned i = nk_rng_below(&w->r, c->npeers);
		const struct bgp_peer *p = &c->peers[i];
		size_t idx;

		if (p->partial && nk_rng_below(&w->r, 100) >= 15)
			continue;
		if (peer_v6(p) && nk_rng_below(&w->r, 100) >= 40)
			continue;
		if (in_reset(c, i, t, t))
			continue;
		if (peer_v6(p))
			idx = nv4 + nk_rng_below(&w->r, (uint32_t)(w->ntable - nv4));
		else
			idx = nk_rng_below(&w->r, (uint32_t)nv4);
		if (w->table[idx].nk >= 0 ||
		    !bgp_peer_carries(c, i, &w->table[idx], idx))
			continue;
		if (route(w, i, idx)->busy_until > t)
			continue;
		*peer = i;
		*prefix = idx;
		return 1;
	}
	return 0;
}

/* When a withdrawn route comes back; never inside the session reset. */
static int64_t
comeback(struct world *w, unsigned i, int64_t t)
{
	if (in_reset(w->c, i, t, t))
		return w->c->reset_up + 120 + nk_rng_below(&w->r, 600);
	return t;
}

/* One background update by one peer: a path change, a duplicate, a
 * withdrawal (mostly announced again within 40 minutes), a return. */
static void
churn_one(struct world *w, int64_t t)
{
	struct route_state *s;
	unsigned i, r;
	size_t idx;

	if (!pick_route(w, t, &i, &idx))
		return;
	s = route(w, i, idx);
	s->busy_until = t + 1;
	if (!s->present) {
		s->present = 1;
		plan_add(&w->pl, t, BGP_ANNOUNCE, i, s->variant, idx);
		return;
	}
	r = nk_rng_below(&w->r, 100);
	if (r < 55) {
		s->variant = (uint8_t)((s->variant + 1) % 4);
		plan_add(&w->pl, t, BGP_ANNOUNCE, i, s->variant, idx);
	} else if (r < 70) {
		plan_add(&w->pl, t, BGP_ANNOUNCE, i, s->variant, idx);
	} else {
		plan_add(&w->pl, t, BGP_WITHDRAW, i, 0, idx);
		s->present = 0;
		if (nk_rng_below(&w->r, 100) < 92) {
			int64_t back = comeback(w, i,
			    t + 20 + nk_rng_below(&w->r, 2400));

			s->present = 1;
			s->busy_until = back + 1;
			plan_add(&w->pl, back, BGP_ANNOUNCE, i, s->variant,
			    idx);
		}
	}
}

/*
 * Something happens to one prefix everywhere: every peer that has it
 * withdraws it and announces it again minutes later (an outage of
 * another network), or moves it to a new path (its upstream changed).
 */
static void
global_one(struct world *w, int64_t t)
{
	const struct bgp_collector *c = w->c;
	size_t idx;
	unsigned i;
	int outage = nk_rng_below(&w->r, 2) == 0;
	int64_t len = 300 + nk_rng_below(&w->r, 5400);

	if (nk_rng_below(&w->r, 10) < 7)
		idx = nk_rng_below(&w->r, (uint32_t)nv4);
	else
		idx = nv4 + nk_rng_below(&w->r, (uint32_t)(w->ntable - nv4));
	if (w->table[idx].nk >= 0)
		return;
	for (i = 0; i < c->npeers; i++)
		if (bgp_peer_carries(c, i, &w->table[idx], idx) &&
		    (route(w, i, idx)->busy_until > t ||
		    in_reset(c, i, t, t + len + 120)))
			return;
	for (i = 0; i < c->npeers; i++) {
		struct route_state *s = route(w, i, idx);

		if (!bgp_peer_carries(c, i, &w->table[idx], idx) ||
		    !s->present)
			continue;
		if (outage) {
			plan_add(&w->pl, t + nk_rng_below(&w->r, 30),
			    BGP_WITHDRAW, i, 0, idx);
			plan_add(&w->pl, t + len + nk_rng_below(&w->r, 45),
			    BGP_ANNOUNCE, i, s->variant, idx);
			s->busy_until = t + len + 60;
		} else {
			s->variant = (uint8_t)((s->variant + 1) % 4);
			plan_add(&w->pl, t + nk_rng_below(&w->r, 90),
			    BGP_ANNOUNCE, i, s->variant, idx);
			s->busy_until = t + 100;
		}
	}
}

/* The reset: session down, up, the whole table again. */
static void
plan_reset(struct world *w)
{
	const struct bgp_collector *c = w->c;
	unsigned i = (unsigned)c->reset_peer;
	size_t idx, nroutes = 0, j = 0;

	plan_add(&w->pl, c->reset_down, BGP_SESSION_DOWN, i, 0, 0);
	plan_add(&w->pl, c->reset_up, BGP_SESSION_UP, i, 0, 0);
	for (idx = 0; idx < w->ntable; idx++)
		nroutes += route(w, i, idx)->present;
	for (idx = 0; idx < w->ntable; idx++) {
		struct route_state *s = route(w, i, idx);
		int nk = w->table[idx].nk;

		/* AS131279's routes follow the story, not the churn. */
		if (nk >= 0 ? !s->present ||
		    !nk_story_routed((unsigned)nk, c->reset_up) :
		    !s->present || s->busy_until > c->reset_up)
			continue;
		plan_add(&w->pl, c->reset_up + 2 + (int64_t)(j * 40 / nroutes),
		    BGP_ANNOUNCE, i, nk >= 0 ? 0 : s->variant, idx);
		j++;
	}
}

struct bgp_event *
bgp_plan(const struct bgp_collector *c, size_t *n)
{
	struct world w;
	unsigned i, k;
	size_t idx;
	int64_t m, next_global;
	double pending = 0;

	memset(&w, 0, sizeof(w));
	w.c = c;
	w.table = bgp_table(&w.ntable);
	w.rs = calloc((size_t)c->npeers * w.ntable, sizeof(*w.rs));
	if (w.rs == NULL)
		nk_die("out of memory", NULL);
	nk_rng_seed(&w.r, c->seed);
	/* At the start every peer has its routes on their first path. */
	for (i = 0; i < c->npeers; i++)
		for (idx = 0; idx < w.ntable; idx++)
			route(&w, i, idx)->present = (uint8_t)bgp_peer_carries(c,
			    i, &w.table[idx], idx);
	for (idx = 0; idx < w.ntable; idx++) {
		if (w.table[idx].nk < 0)
			continue;
		k = (unsigned)w.table[idx].nk;
		for (i = 0; i < c->npeers; i++) {
			if (!bgp_peer_carries(c, i, &w.table[idx], idx))
				continue;
			route(&w, i, idx)->busy_until = NK_END;
			plan_nk(&w, i, k, idx);
		}
	}
	next_global = NK_START + 3600 + nk_rng_below(&w.r, 5400);
	for (m = NK_START; m < NK_END; m += 60) {
		int64_t times[64];
		unsigned count, a, b;

		if (c->reset_peer >= 0 && m == c->reset_up - c->reset_up % 60)
			plan_reset(&w);
		if (next_global >= m && next_global < m + 60) {
			global_one(&w, next_global);
			next_global += 5400 + nk_rng_below(&w.r, 9000);
		}
		pending += churn_rate(c, m) * 60 *
		    (0.5 + nk_rng_unit(&w.r));
		count = (unsigned)pending;
		pending -= count;
		if (count > 64)
			count = 64;
		for (a = 0; a < count; a++)
			times[a] = m + nk_rng_below(&w.r, 60);
		for (a = 1; a < count; a++)	/* in time order */
			for (b = a; b > 0 && times[b - 1] > times[b]; b--) {
				int64_t x = times[b];

				times[b] = times[b - 1];
				times[b - 1] = x;
			}
		for (a = 0; a < count; a++)
			churn_one(&w, times[a]);
	}
	free(w.rs);
	qsort(w.pl.ev, w.pl.n, sizeof(*w.pl.ev), event_order);
	*n = w.pl.n;
	return w.pl.ev;
}
