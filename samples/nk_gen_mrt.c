/*
 * nk_gen_mrt.c -- the BGP plan of nk_gen_bgp.c written as MRT (RFC
 * 6396), in the layouts of the real archives:
 *
 *   archive.routeviews.org/bgpdata/2014.12/RIBS/rib.20141218.0000.bz2
 *   archive.routeviews.org/bgpdata/2014.12/UPDATES/updates.YYYYMMDD.HHMM.bz2
 *					(every 15 minutes; bgpdata/ at the
 *					top of the site is route-views2)
 *   data.ris.ripe.net/rrc00/2014.12/bview.20141218.0000.gz
 *   data.ris.ripe.net/rrc00/2014.12/updates.YYYYMMDD.HHMM.gz
 *					(every 5 minutes)
 *
 * RIBs are TABLE_DUMP_V2 (a PEER_INDEX_TABLE, then RIB_IPV4_UNICAST and
 * RIB_IPV6_UNICAST records, RFC 6396 4.3); updates are BGP4MP
 * MESSAGE_AS4 and STATE_CHANGE_AS4 (RFC 6396 4.4), as both projects
 * wrote them in 2014.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples/nk_gen.h"
#include "samples/nk_gen_bgp.h"
#include "tests/mrt_build.h"

/* BGP FSM states (RFC 4271 8.2.2), as RFC 6396 4.4.1 numbers them. */
#define ST_IDLE		1
#define ST_CONNECT	2
#define ST_OPENSENT	4
#define ST_OPENCONFIRM	5
#define ST_ESTABLISHED	6

static int
is_v6(const char *addr)
{
	return strchr(addr, ':') != NULL;
}

/* A peer's BGP identifier: its own IPv4 address, or that of its AS's
 * IPv4 session at the same collector. */
static const char *
peer_bgp_id(const struct bgp_collector *c, unsigned i)
{
	unsigned j;

	if (!is_v6(c->peers[i].addr))
		return c->peers[i].addr;
	for (j = 0; j < c->npeers; j++)
		if (c->peers[j].asn == c->peers[i].asn &&
		    !is_v6(c->peers[j].addr))
			return c->peers[j].addr;
	return "0.0.0.0";
}

/*
 * The attributes of peer i's route for prefix p (RFC 4271 5.1): ORIGIN,
 * AS_PATH (4-octet ASNs, RFC 6793), NEXT_HOP or MP_REACH_NLRI (RFC
 * 4760), and COMMUNITIES (RFC 1997) from peers that tag.  In a RIB
 * entry MP_REACH_NLRI holds only the next hop (RFC 6396 4.3.4).
 */
static void
route_attrs(struct wbuf *b, const struct bgp_collector *c, unsigned i,
    const struct bgp_prefix *p, size_t idx, unsigned variant, int in_rib)
{
	const struct bgp_peer *peer = &c->peers[i];
	uint32_t path[BGP_MAX_PATH];
	unsigned n = bgp_path(c, i, p, idx, variant, path);
	struct wmark m;

	attr_origin(b, p->incomplete ? 2 : 0);
	attr_as_path1(b, ATTR_AS_PATH, 4, AS_SEQUENCE, path, (uint8_t)n);
	if (p->afi == 1)
		attr_next_hop(b, peer->addr);
	if (peer->communities) {
		uint32_t tag = path[n - 1] % 97;

		m = attr_begin(b, FL_OPT_TRANS, ATTR_COMMUNITIES);
		put_n32(b, peer->asn << 16 | (2000 + tag));
		put_n32(b, peer->asn << 16 | (30000 + variant * 10 + tag % 7));
		attr_end(b, m);
	}
	if (p->afi == 2) {
		if (in_rib) {
			m = attr_begin(b, FL_OPTIONAL, ATTR_MP_REACH_NLRI);
			put_u8(b, peer->link_local ? 32 : 16);
			put_ipv6(b, peer->addr);
			if (peer->link_local)
				put_ipv6(b, peer->link_local);
		} else {
			m = attr_mp_reach_begin(b, AFI_IPV6, SAFI_UNICAST,
			    peer->addr, peer->link_local);
			put_prefix(b, p->text);
		}
		attr_end(b, m);
	}
}

/* Where a collector's file of time t goes, in its archive's layout. */
static void
file_path(char *buf, size_t len, const char *dir,
    const struct bgp_collector *c, int rib, int64_t t)
{
	char when[32];

	nk_stamp(t, when, sizeof(when));
	if (c->ris)
		snprintf(buf, len, "%s/data.ris.ripe.net/%s/2014.12/%s.%s.gz",
		    dir, c->name, rib ? "bview" : "updates", when);
	else
		snprintf(buf, len, "%s/archive.routeviews.org/bgpdata/2014.12/"
		    "%s/%s.%s.bz2", dir, rib ? "RIBS" : "UPDATES",
		    rib ? "rib" : "updates", when);
}

/* --- RIB ------------------------------------------------------------------ */

static void
write_rib(const char *dir, const struct bgp_collector *c)
{
	const struct bgp_prefix *table;
	struct wbuf b = { 0 };
	struct wmark m, am;
	char path[1024];
	size_t ntable, idx;
	uint32_t seq = 0;
	unsigned i, count;

	table = bgp_table(&ntable);
	m = mrt_begin(&b, NK_START, MRT_TABLE_DUMP_V2, 1); /* PEER_INDEX_TABLE */
	put_ipv4(&b, c->bgp_id);
	put_n16(&b, 0);					/* no view name */
	put_n16(&b, (uint16_t)c->npeers);
	for (i = 0; i < c->npeers; i++) {
		const char *addr = c->peers[i].addr;

		put_u8(&b, (uint8_t)(0x02 | is_v6(addr)));	/* AS4, family */
		put_ipv4(&b, peer_bgp_id(c, i));
		put_ip(&b, addr);
		put_n32(&b, c->peers[i].asn);
	}
	mrt_end(&b, m);
	for (idx = 0; idx < ntable; idx++) {
		const struct bgp_prefix *p = &table[idx];
		struct wmark cm;

		m = mrt_begin(&b, NK_START, MRT_TABLE_DUMP_V2,
		    p->afi == 1 ? 2 : 4);	/* RIB_IPV4/6_UNICAST */
		put_n32(&b, seq++);
		put_prefix(&b, p->text);
		cm = wbuf_mark(&b, 2);
		count = 0;
		for (i = 0; i < c->npeers; i++) {
			if (!bgp_peer_carries(c, i, p, idx))
				continue;
			put_n16(&b, (uint16_t)i);
			/* Originated: some time in the weeks before. */
			put_n32(&b, (uint32_t)(NK_START - 3600 -
			    (int64_t)((idx * 7919 + i * 104729) % (20 * NK_DAY))));
			am = wbuf_mark(&b, 2);
			route_attrs(&b, c, i, p, idx, 0, 1);
			wbuf_patch(&b, am);
			count++;
		}
		/* The entry count is 2 octets, not a length: set it. */
		wbuf_set_n16(&b, cm.at, (uint16_t)count);
		mrt_end(&b, m);
	}
	file_path(path, sizeof(path), dir, c, 1, NK_START);
	nk_write_file(path, c->ris ? NK_GZIP : NK_BZIP2, b.data, b.len);
	wbuf_free(&b);
}

/* --- updates ---------------------------------------------------------------- */

static void
bgp4mp_header(struct wbuf *b, const struct bgp_collector *c, unsigned i)
{
	const char *addr = c->peers[i].addr;

	bgp4mp_peer(b, 4, c->peers[i].asn, c->local_as, addr,
	    is_v6(addr) ? c->local_addr6 : c->local_addr4);
}

static void
write_announce(struct wbuf *b, const struct bgp_collector *c,
    const struct bgp_event *e, const struct bgp_prefix *p)
{
	struct wmark m;
	struct bgp_mark g;
	struct update_mark u;

	m = mrt_begin(b, (uint32_t)e->t, MRT_BGP4MP, 4);	/* MESSAGE_AS4 */
	bgp4mp_header(b, c, e->peer);
	g = bgp_begin(b, BGP_MSG_UPDATE);
	u = update_withdrawn_begin(b);
	update_attrs_begin(b, &u);
	route_attrs(b, c, e->peer, p, e->prefix, e->variant, 0);
	update_nlri_begin(b, &u);
	if (p->afi == 1)
		put_prefix(b, p->text);
	bgp_end(b, g);
	mrt_end(b, m);
}

static void
write_withdraw(struct wbuf *b, const struct bgp_collector *c,
    const struct bgp_event *e, const struct bgp_prefix *p)
{
	struct wmark m, am;
	struct bgp_mark g;
	struct update_mark u;

	m = mrt_begin(b, (uint32_t)e->t, MRT_BGP4MP, 4);
	bgp4mp_header(b, c, e->peer);
	g = bgp_begin(b, BGP_MSG_UPDATE);
	u = update_withdrawn_begin(b);
	if (p->afi == 1)
		put_prefix(b, p->text);
	update_attrs_begin(b, &u);
	if (p->afi == 2) {
		am = attr_mp_unreach_begin(b, AFI_IPV6, SAFI_UNICAST);
		put_prefix(b, p->text);
		attr_end(b, am);
	}
	update_nlri_begin(b, &u);
	bgp_end(b, g);
	mrt_end(b, m);
}

static void
write_state(struct wbuf *b, const struct bgp_collector *c, unsigned i,
    int64_t t, uint16_t from, uint16_t to)
{
	struct wmark m;

	m = mrt_begin(b, (uint32_t)t, MRT_BGP4MP, 5);	/* STATE_CHANGE_AS4 */
	bgp4mp_header(b, c, i);
	put_n16(b, from);
	put_n16(b, to);
	mrt_end(b, m);
}

static void
write_event(struct wbuf *b, const struct bgp_collector *c,
    const struct bgp_event *e, const struct bgp_prefix *table)
{
	switch (e->action) {
	case BGP_ANNOUNCE:
		write_announce(b, c, e, &table[e->prefix]);
		break;
	case BGP_WITHDRAW:
		write_withdraw(b, c, e, &table[e->prefix]);
		break;
	case BGP_SESSION_DOWN:
		write_state(b, c, e->peer, e->t, ST_ESTABLISHED, ST_IDLE);
		break;
	case BGP_SESSION_UP:
		write_state(b, c, e->peer, e->t, ST_IDLE, ST_CONNECT);
		write_state(b, c, e->peer, e->t, ST_CONNECT, ST_OPENSENT);
		write_state(b, c, e->peer, e->t, ST_OPENSENT, ST_OPENCONFIRM);
		write_state(b, c, e->peer, e->t, ST_OPENCONFIRM,
		    ST_ESTABLISHED);
		break;
	}
}

static void
write_updates(const char *dir, const struct bgp_collector *c)
{
	const struct bgp_prefix *table;
	struct bgp_event *ev;
	struct wbuf b = { 0 };
	char path[1024];
	size_t nev, ntable, next = 0;
	int64_t t;

	table = bgp_table(&ntable);
	ev = bgp_plan(c, &nev);
	for (t = NK_START; t < NK_END; t += c->cadence) {
		wbuf_reset(&b);
		for (; next < nev && ev[next].t < t + c->cadence; next++)
			write_event(&b, c, &ev[next], table);
		file_path(path, sizeof(path), dir, c, 0, t);
		nk_write_file(path, c->ris ? NK_GZIP : NK_BZIP2, b.data, b.len);
	}
	free(ev);
	wbuf_free(&b);
}

void
nk_write_mrt(const char *dir)
{
	unsigned i;

	for (i = 0; i < bgp_ncollectors; i++) {
		write_rib(dir, &bgp_collectors[i]);
		write_updates(dir, &bgp_collectors[i]);
	}
}
