/*
 * bgp_signal.c -- route state of each collector replayed into per-bin
 * counts of the target's visibility, announcements and upstreams.
 *
 * One collector is replayed at a time (bgp_signal_begin .. end): its
 * peers and routes live only for that run; what the run leaves behind
 * are per-bin counts in the signal, which the next run adds to.
 *
 * The hot path is the RIB of a full table: a million prefixes times
 * hundreds of peers, almost none of them tracked.  A RIB entry costs a
 * peer lookup through the TABLE_DUMP_V2 peer index (a cached array, a
 * hash lookup only when the index changes meaning), and, once per
 * prefix -- the entries of one prefix come in a row -- a binary search
 * of the target's ranges.  Nothing is allocated for untracked prefixes.
 *
 * Choices the header leaves open, and why:
 *
 *  - A peer whose session comes back to Established re-sends its table,
 *    which takes from seconds to minutes: until then it would look as if
 *    it lacked routes it has.  It stays unknown until its End-of-RIB
 *    marker (RFC 4724 2) or one bin width after Established, whichever
 *    comes first.  An announcement from a peer thought down (its state
 *    change was not recorded) starts the same settling.
 *  - A collector with no RIB has no full-feed peers and its peers count
 *    as unknown in every per-peer figure (with no table, a peer's routes
 *    are only what it happened to announce); the collector itself counts
 *    in collectors_known outside its gaps, and its announcements,
 *    withdrawals and path changes count.
 *  - A collector whose RIB dump is later than the window start is
 *    unknown for the bins that end before the dump.
 *  - Upstreams are taken from the routes of known peers only, like every
 *    per-peer figure.
 *  - A path change or duplicate compares AS paths only: an UPDATE that
 *    changes communities alone is a duplicate here.
 *  - Multicast routes (SAFI 2) are not reachability and are ignored.
 *  - visible_prefixes counts the visible prefixes of both families;
 *    visible_ipv6_prefixes the IPv6 ones among them.
 *  - Per-peer figures (peers_with_route, full_feed_known, upstreams) are
 *    unknown in a bin where no peer of any collector is known; the
 *    counts of announcements and the like are unknown only where no
 *    collector is known and none were counted.  upstreams_added and
 *    upstreams_removed compare with the last earlier bin whose peers
 *    were known (empty text when there is none).
 *  - Gaps must be given before the records past their start (sampling
 *    goes forward only); bgp_signal_collector does so.
 *  - A prefix outside the target prefixes is tracked from the first
 *    route that shows a target AS as its origin; routes of it seen
 *    before (another origin, in the same run) are not held.  Merging is
 *    exact for such a prefix when every run that holds routes of it saw
 *    the target origin first: a run that never sees the target origin
 *    never tracks the prefix, where one run fed both collectors would.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/bgp_signal.h"
#include "analyzer/hash64.h"
#include "analyzer/id_index.h"
#include "analyzer/route_table.h"

/* BGP FSM state Established, RFC 4271 8.2.2; as MRT numbers it, 6. */
#define BGP_STATE_ESTABLISHED	6

#define NO_WITHDRAWAL_FIRST	INT64_MAX
#define NO_WITHDRAWAL_LAST	INT64_MIN

/* TABLE_DUMP_V2 peer indices are 16 bits (RFC 6396 4.3.1). */
#define PEER_INDEX_SLOTS	65536

enum peer_session {
	SESSION_UP,		/* known */
	SESSION_SETTLING,	/* back up, re-sending its table: unknown */
	SESSION_DOWN,		/* unknown, no routes */
};

struct peer_state {
	struct ip_addr	 addr;
	uint32_t	 as;
	uint32_t	 rib_v4, rib_v6;	/* prefixes in the RIB dump */
	uint64_t	 rib_serial;	/* the prefix last counted */
	bool		 full_feed_v4, full_feed_v6;
	enum peer_session session;
	int64_t		 settle_until;
};

/* One collector being replayed. */
struct collector_run {
	struct peer_state *peers;
	uint32_t	 npeers, cap_peers;
	struct id_index	 peer_index;	/* by address and AS */
	uint32_t	*by_index;	/* TDv2 peer index -> id + 1 */
	struct route_table routes;
	bool		*gap;		/* per bin */
	bool		 have_rib, rib_done;
	int64_t		 rib_first;	/* earliest RIB record */
	uint32_t	 next_bin;	/* first bin not sampled yet */

	/* The prefix of the previous record, and what it is to us. */
	bool		 last_valid;
	struct ip_prefix last_prefix;
	uint64_t	 serial;	/* counts prefix changes */
	long		 last_id;	/* tracked prefix id, or -1 */

	uint32_t	*scratch;	/* upstreams of one sample */
	size_t		 nscratch, cap_scratch;
};

struct tracked_prefix {
	struct ip_prefix prefix;
	bool		 covered;	/* by the target, not just by origin */
	uint32_t	*with_route;	/* per bin: known peers with a path */
	uint32_t	*ff_with_route;	/* per bin: the full-feed ones */
};

struct bin_state {
	uint32_t	 collectors_known;
	uint32_t	 peers_known;
	uint32_t	 full_feed_peers;	/* known, IPv4 or IPv6 */
	uint32_t	 ff_known_v4, ff_known_v6;
	uint64_t	 announcements, withdrawals;
	uint64_t	 duplicates, path_changes;
	int64_t		 first_withdrawal, last_withdrawal;
	uint32_t	*upstreams;	/* sorted, unique */
	uint32_t	 nupstreams;
};

struct bgp_signal {
	const struct bin_grid	*grid;
	const struct target	*target;
	const struct event_tuning *tuning;

	struct tracked_prefix	*prefixes;
	uint32_t		 nprefixes, cap_prefixes;
	struct id_index		 prefix_index;
	uint32_t		*sorted;	/* ids in prefix order */
	uint32_t		 norigin_only;	/* tracked, not covered */

	struct bin_state	*bins;
	struct collector_run	*run;
};

/* ------------------------------------------------------------------ */
/* Prefixes                                                            */

static size_t
addr_len(uint8_t afi)
{
	return afi == AFI_IPV4 ? 4 : 16;
}

static bool
prefix_same(const struct ip_prefix *a, const struct ip_prefix *b)
{
	return a->len == b->len && a->addr.afi == b->addr.afi &&
	    memcmp(a->addr.bytes, b->addr.bytes, addr_len(a->addr.afi)) == 0;
}

/* The order of rows: family, address, length. */
static int
prefix_cmp(const struct ip_prefix *a, const struct ip_prefix *b)
{
	int c;

	if (a->addr.afi != b->addr.afi)
		return a->addr.afi < b->addr.afi ? -1 : 1;
	c = memcmp(a->addr.bytes, b->addr.bytes, addr_len(a->addr.afi));
	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

static uint64_t
prefix_hash(const struct ip_prefix *p)
{
	return hash64_prefix(HASH64_SEED, p);
}

static uint64_t
tracked_hash(const void *ctx, uint32_t id)
{
	const struct bgp_signal *s = ctx;

	return prefix_hash(&s->prefixes[id].prefix);
}

static long
prefix_find(const struct bgp_signal *s, const struct ip_prefix *p)
{
	size_t pos;
	long id;

	for (id = id_index_first(&s->prefix_index, prefix_hash(p), &pos);
	    id >= 0; id = id_index_next(&s->prefix_index, &pos))
		if (prefix_same(&s->prefixes[id].prefix, p))
			return id;
	return -1;
}

/* Track p (not tracked yet): its id, or -1 on out of memory. */
static long
prefix_add(struct bgp_signal *s, const struct ip_prefix *p, bool covered)
{
	struct tracked_prefix *tp, *np;
	uint32_t *counts, *sorted, id, lo, hi, mid;
	size_t ncap;

	if (id_index_reserve(&s->prefix_index, s->nprefixes, tracked_hash,
	    s) == -1)
		return -1;
	if (s->nprefixes == s->cap_prefixes) {
		ncap = s->cap_prefixes ? s->cap_prefixes * 2 : 16;
		if ((np = realloc(s->prefixes, ncap * sizeof(*np))) == NULL)
			return -1;
		s->prefixes = np;
		if ((sorted = realloc(s->sorted, ncap * sizeof(*sorted))) ==
		    NULL)
			return -1;
		s->sorted = sorted;
		s->cap_prefixes = (uint32_t)ncap;
	}
	/* Both per-bin arrays in one block. */
	if ((counts = calloc(2 * (size_t)s->grid->nbins, sizeof(*counts))) ==
	    NULL)
		return -1;
	id = s->nprefixes++;
	tp = &s->prefixes[id];
	memset(tp, 0, sizeof(*tp));
	tp->prefix = *p;
	tp->covered = covered;
	tp->with_route = counts;
	tp->ff_with_route = counts + s->grid->nbins;
	if (!covered)
		s->norigin_only++;

	id_index_add(&s->prefix_index, prefix_hash(p), id);

	lo = 0;
	hi = id;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (prefix_cmp(&s->prefixes[s->sorted[mid]].prefix, p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&s->sorted[lo + 1], &s->sorted[lo],
	    (id - lo) * sizeof(*s->sorted));
	s->sorted[lo] = id;
	return (long)id;
}

/* ------------------------------------------------------------------ */
/* The signal                                                          */

static void
bins_free(struct bgp_signal *s)
{
	uint32_t i;

	if (s->bins == NULL)
		return;
	for (i = 0; i < s->grid->nbins; i++)
		free(s->bins[i].upstreams);
	free(s->bins);
}

static void run_free(struct collector_run *run);

void
bgp_signal_free(struct bgp_signal *s)
{
	uint32_t i;

	if (s == NULL)
		return;
	run_free(s->run);
	for (i = 0; i < s->nprefixes; i++)
		free(s->prefixes[i].with_route);
	free(s->prefixes);
	id_index_free(&s->prefix_index);
	free(s->sorted);
	bins_free(s);
	free(s);
}

struct bgp_signal *
bgp_signal_new(const struct bin_grid *grid, const struct target *target,
    const struct event_tuning *tuning)
{
	struct bgp_signal *s;
	uint32_t i;
	size_t k;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->grid = grid;
	s->target = target;
	s->tuning = tuning;
	if ((s->bins = calloc(grid->nbins, sizeof(*s->bins))) == NULL)
		goto fail;
	for (i = 0; i < grid->nbins; i++) {
		s->bins[i].first_withdrawal = NO_WITHDRAWAL_FIRST;
		s->bins[i].last_withdrawal = NO_WITHDRAWAL_LAST;
	}
	/* The target's own prefixes have rows even when nobody routes them. */
	for (k = 0; k < target->nprefixes; k++)
		if (prefix_find(s, &target->prefixes[k]) == -1 &&
		    prefix_add(s, &target->prefixes[k], true) == -1)
			goto fail;
	return s;
fail:
	bgp_signal_free(s);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Peers of the current collector                                      */

static void
run_free(struct collector_run *run)
{
	if (run == NULL)
		return;
	free(run->peers);
	id_index_free(&run->peer_index);
	free(run->by_index);
	route_table_free(&run->routes);
	free(run->gap);
	free(run->scratch);
	free(run);
}

static uint64_t
peer_hash(const struct ip_addr *addr, uint32_t as)
{
	return hash64_word(hash64_addr(HASH64_SEED, addr), as);
}

static uint64_t
run_peer_hash(const void *ctx, uint32_t id)
{
	const struct collector_run *run = ctx;

	return peer_hash(&run->peers[id].addr, run->peers[id].as);
}

static bool
peer_is(const struct peer_state *p, const struct ip_addr *addr, uint32_t as)
{
	return p->as == as && p->addr.afi == addr->afi &&
	    memcmp(p->addr.bytes, addr->bytes, addr_len(addr->afi)) == 0;
}

static long
peer_find(const struct collector_run *run, const struct ip_addr *addr,
    uint32_t as)
{
	size_t pos;
	long id;

	for (id = id_index_first(&run->peer_index, peer_hash(addr, as), &pos);
	    id >= 0; id = id_index_next(&run->peer_index, &pos))
		if (peer_is(&run->peers[id], addr, as))
			return id;
	return -1;
}

/*
 * The peer (addr, as) of the current collector, added when new (up,
 * not full-feed; *created says so).  Its id, or -1 on out of memory.
 */
static long
peer_get(struct collector_run *run, const struct ip_addr *addr, uint32_t as,
    bool *created)
{
	struct peer_state *np, *p;
	uint32_t id;
	size_t ncap;
	long found;

	*created = false;
	if ((found = peer_find(run, addr, as)) >= 0)
		return found;
	if (id_index_reserve(&run->peer_index, run->npeers, run_peer_hash,
	    run) == -1)
		return -1;
	if (run->npeers == run->cap_peers) {
		ncap = run->cap_peers ? run->cap_peers * 2 : 16;
		if ((np = realloc(run->peers, ncap * sizeof(*np))) == NULL)
			return -1;
		run->peers = np;
		run->cap_peers = (uint32_t)ncap;
	}
	id = run->npeers++;
	p = &run->peers[id];
	memset(p, 0, sizeof(*p));
	p->addr = *addr;
	p->as = as;
	p->session = SESSION_UP;
	id_index_add(&run->peer_index, peer_hash(addr, as), id);
	*created = true;
	return (long)id;
}

/*
 * The peer of a RIB entry.  TABLE_DUMP_V2 entries name their peer by an
 * index into the file's peer table: remember what each index meant, and
 * look the address up only when the index names another peer (a new
 * table, or TABLE_DUMP entries, which have no index).
 */
static long
rib_peer(struct collector_run *run, const struct bgp_record *rec)
{
	uint32_t cached = run->by_index[rec->peer_index];
	bool created;
	long id;

	if (cached != 0 && peer_is(&run->peers[cached - 1], &rec->peer_addr,
	    rec->peer_as))
		return (long)cached - 1;
	id = peer_get(run, &rec->peer_addr, rec->peer_as, &created);
	if (id >= 0)
		run->by_index[rec->peer_index] = (uint32_t)id + 1;
	return id;
}

/* ------------------------------------------------------------------ */
/* Records                                                             */

static bool
origin_in_target(const struct bgp_signal *s, const struct bgp_record *rec)
{
	uint32_t origin, upstream;

	if (s->target->nasns == 0 || rec->attrs == NULL ||
	    !(rec->attrs->present & ATTR_BIT(ATTR_AS_PATH)))
		return false;
	route_path_ases(&rec->attrs->as_path, &origin, &upstream);
	return origin != ROUTE_NO_AS && target_has_asn(s->target, origin);
}

/*
 * The tracked prefix id of rec's prefix: -1 when it is not tracked, -2
 * on out of memory.  A prefix inside the target is tracked from its
 * first record; one outside it once a target AS originates it
 * (may_originate: a route with a path), and from then on for every
 * peer, whatever the origin of their routes.
 */
static long
tracked_id(struct bgp_signal *s, struct collector_run *run,
    const struct bgp_record *rec, bool may_originate)
{
	long id;

	if (!run->last_valid || !prefix_same(&run->last_prefix,
	    &rec->prefix)) {
		run->last_valid = true;
		run->last_prefix = rec->prefix;
		run->serial++;
		id = -1;
		if (target_covers_prefix(s->target, &rec->prefix)) {
			if ((id = prefix_find(s, &rec->prefix)) == -1 &&
			    (id = prefix_add(s, &rec->prefix, true)) == -1) {
				run->last_valid = false;
				return -2;
			}
		} else if (s->norigin_only > 0)
			id = prefix_find(s, &rec->prefix);
		run->last_id = id;
	}
	if (run->last_id == -1 && may_originate && origin_in_target(s, rec)) {
		if ((id = prefix_add(s, &rec->prefix, false)) == -1)
			return -2;
		run->last_id = id;
	}
	return run->last_id;
}

static void
path_of(const struct bgp_record *rec, struct route_path *p)
{
	static const struct as_path empty;
	const struct as_path *path = &empty;

	if (rec->attrs != NULL &&
	    (rec->attrs->present & ATTR_BIT(ATTR_AS_PATH)))
		path = &rec->attrs->as_path;
	p->path_id = rec->has_path_id ? rec->path_id : 0;
	route_path_ases(path, &p->origin, &p->upstream);
	p->path_hash = hash64_as_path(HASH64_SEED, path);
}

int
bgp_signal_begin(struct bgp_signal *s, const char *collector)
{
	struct collector_run *run;

	(void)collector;	/* peers are this run's: distinct per collector */
	if (s->run != NULL && bgp_signal_end(s) == -1)
		return -1;
	if ((run = calloc(1, sizeof(*run))) == NULL)
		return -1;
	run->by_index = calloc(PEER_INDEX_SLOTS, sizeof(*run->by_index));
	run->gap = calloc(s->grid->nbins, sizeof(*run->gap));
	if (run->by_index == NULL || run->gap == NULL) {
		run_free(run);
		return -1;
	}
	route_table_init(&run->routes);
	run->rib_first = INT64_MAX;
	s->run = run;
	return 0;
}

int
bgp_signal_rib(struct bgp_signal *s, const struct bgp_record *rec)
{
	struct collector_run *run = s->run;
	struct peer_state *p;
	struct route_path path;
	enum route_change change;
	long peer, id;

	if (run == NULL || run->rib_done || rec->kind != BGP_KIND_RIB ||
	    rec->safi == SAFI_MULTICAST)
		return 0;
	if ((peer = rib_peer(run, rec)) == -1)
		return -1;
	if ((id = tracked_id(s, run, rec, true)) == -2)
		return -1;
	run->have_rib = true;
	if (rec->time < run->rib_first)
		run->rib_first = rec->time;
	/* Count each prefix once per peer, whatever its ADD-PATH paths. */
	p = &run->peers[peer];
	if (p->rib_serial != run->serial) {
		p->rib_serial = run->serial;
		if (rec->prefix.addr.afi == AFI_IPV4)
			p->rib_v4++;
		else
			p->rib_v6++;
	}
	if (id < 0)
		return 0;
	path_of(rec, &path);
	return route_set(&run->routes, (uint32_t)peer, (uint32_t)id, &path,
	    &change);
}

int
bgp_signal_rib_done(struct bgp_signal *s)
{
	struct collector_run *run = s->run;
	struct peer_state *p;
	uint32_t i;

	if (run == NULL || run->rib_done)
		return 0;
	run->rib_done = true;
	for (i = 0; i < run->npeers; i++) {
		p = &run->peers[i];
		p->full_feed_v4 = p->rib_v4 > s->tuning->full_feed_v4;
		p->full_feed_v6 = p->rib_v6 > s->tuning->full_feed_v6;
	}
	/* Before its dump the collector's state is not known. */
	if (run->have_rib && run->rib_first > s->grid->start)
		for (i = 0; i < s->grid->nbins &&
		    bin_end(s->grid, i) <= run->rib_first; i++)
			run->gap[i] = true;
	return 0;
}

int
bgp_signal_gap(struct bgp_signal *s, int64_t from, int64_t until)
{
	const struct bin_grid *g = s->grid;
	struct collector_run *run = s->run;
	uint32_t i;

	if (run == NULL || until <= g->start || from >= g->end || until <= from)
		return 0;
	i = from <= g->start ? 0 : (uint32_t)((from - g->start) / g->width);
	for (; i < g->nbins && bin_start(g, i) < until; i++)
		run->gap[i] = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sampling at the end of a bin                                        */

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Unite the sorted unique set b (nb) into bs->upstreams. */
static int
upstreams_unite(struct bin_state *bs, const uint32_t *b, size_t nb)
{
	const uint32_t *a = bs->upstreams;
	size_t na = bs->nupstreams, i = 0, j = 0, n = 0;
	uint32_t *u;

	if (nb == 0)
		return 0;
	if ((u = malloc((na + nb) * sizeof(*u))) == NULL)
		return -1;
	while (i < na || j < nb) {
		if (j == nb || (i < na && a[i] < b[j]))
			u[n++] = a[i++];
		else if (i == na || b[j] < a[i])
			u[n++] = b[j++];
		else {
			u[n++] = a[i++];
			j++;
		}
	}
	free(bs->upstreams);
	bs->upstreams = u;
	bs->nupstreams = (uint32_t)n;
	return 0;
}

static int
scratch_push(struct collector_run *run, uint32_t as)
{
	uint32_t *n;
	size_t ncap;

	if (run->nscratch == run->cap_scratch) {
		ncap = run->cap_scratch ? run->cap_scratch * 2 : 64;
		if ((n = realloc(run->scratch, ncap * sizeof(*n))) == NULL)
			return -1;
		run->scratch = n;
		run->cap_scratch = ncap;
	}
	run->scratch[run->nscratch++] = as;
	return 0;
}

/*
 * Add the current collector's state to bin i: the state after every
 * record before the bin's end.  The cost is the peers plus the tracked
 * routes, never the untracked ones.
 */
static int
sample(struct bgp_signal *s, struct collector_run *run, uint32_t i)
{
	struct bin_state *bs = &s->bins[i];
	int64_t end = bin_end(s->grid, i);
	const struct route_entry *e;
	const struct peer_state *p;
	struct tracked_prefix *tp;
	struct peer_state *q;
	uint32_t k, path, as;
	size_t slot, n;

	if (run->gap[i])
		return 0;
	bs->collectors_known++;
	if (!run->have_rib)
		return 0;
	for (k = 0; k < run->npeers; k++) {
		q = &run->peers[k];
		if (q->session == SESSION_SETTLING && q->settle_until <= end)
			q->session = SESSION_UP;
		if (q->session != SESSION_UP)
			continue;
		bs->peers_known++;
		bs->ff_known_v4 += q->full_feed_v4;
		bs->ff_known_v6 += q->full_feed_v6;
		bs->full_feed_peers += q->full_feed_v4 || q->full_feed_v6;
	}
	run->nscratch = 0;
	for (slot = 0; slot < run->routes.cap; slot++) {
		e = &run->routes.slots[slot];
		if (e->peer == UINT32_MAX || e->npaths == 0)
			continue;
		p = &run->peers[e->peer];
		if (p->session != SESSION_UP)
			continue;
		tp = &s->prefixes[e->prefix];
		tp->with_route[i]++;
		if (tp->prefix.addr.afi == AFI_IPV4 ? p->full_feed_v4 :
		    p->full_feed_v6)
			tp->ff_with_route[i]++;
		for (path = 0; path < e->npaths; path++) {
			as = route_entry_path(e, path)->upstream;
			if (as != ROUTE_NO_AS && scratch_push(run, as) == -1)
				return -1;
		}
	}
	if (run->nscratch > 1)
		qsort(run->scratch, run->nscratch, sizeof(*run->scratch),
		    cmp_u32);
	for (slot = 0, n = 0; slot < run->nscratch; slot++)
		if (n == 0 || run->scratch[n - 1] != run->scratch[slot])
			run->scratch[n++] = run->scratch[slot];
	return upstreams_unite(bs, run->scratch, n);
}

/* Sample every bin that ends at or before t. */
static int
sample_until(struct bgp_signal *s, struct collector_run *run, int64_t t)
{
	while (run->next_bin < s->grid->nbins &&
	    bin_end(s->grid, run->next_bin) <= t)
		if (sample(s, run, run->next_bin++) == -1)
			return -1;
	return 0;
}

static void
session_settle(const struct bgp_signal *s, struct peer_state *p, int64_t t)
{
	p->session = SESSION_SETTLING;
	p->settle_until = t + s->grid->width;
}

static int
update_announce(struct bgp_signal *s, struct collector_run *run,
    const struct bgp_record *rec, struct bin_state *bs)
{
	struct route_path path;
	enum route_change change;
	struct peer_state *p;
	bool created;
	long id, peer;

	if ((id = tracked_id(s, run, rec, true)) == -2)
		return -1;
	if (id < 0)
		return 0;
	if ((peer = peer_get(run, &rec->peer_addr, rec->peer_as, &created)) ==
	    -1)
		return -1;
	p = &run->peers[peer];
	if (p->session == SESSION_DOWN)
		session_settle(s, p, rec->time);
	path_of(rec, &path);
	if (route_set(&run->routes, (uint32_t)peer, (uint32_t)id, &path,
	    &change) == -1)
		return -1;
	if (bs == NULL)
		return 0;
	bs->announcements++;
	if (change == ROUTE_SAME)
		bs->duplicates++;
	else if (change == ROUTE_CHANGED)
		bs->path_changes++;
	return 0;
}

static int
update_withdraw(struct bgp_signal *s, struct collector_run *run,
    const struct bgp_record *rec, struct bin_state *bs)
{
	long id, peer;

	if ((id = tracked_id(s, run, rec, false)) == -2)
		return -1;
	if (id < 0)
		return 0;
	if (bs != NULL) {
		bs->withdrawals++;
		if (rec->time < bs->first_withdrawal)
			bs->first_withdrawal = rec->time;
		if (rec->time > bs->last_withdrawal)
			bs->last_withdrawal = rec->time;
	}
	if ((peer = peer_find(run, &rec->peer_addr, rec->peer_as)) >= 0)
		(void)route_remove(&run->routes, (uint32_t)peer, (uint32_t)id,
		    rec->has_path_id ? rec->path_id : 0);
	return 0;
}

/*
 * RFC 6396 4.4.1 state changes.  Leaving Established: the collector
 * flushes the peer's routes, and the peer is unknown until it is back.
 */
static int
update_state(struct bgp_signal *s, struct collector_run *run,
    const struct bgp_record *rec)
{
	struct peer_state *p;
	bool created;
	long peer;

	if ((peer = peer_get(run, &rec->peer_addr, rec->peer_as, &created)) ==
	    -1)
		return -1;
	p = &run->peers[peer];
	if (rec->new_state == BGP_STATE_ESTABLISHED) {
		if (created || p->session == SESSION_DOWN)
			session_settle(s, p, rec->time);
	} else if (created || p->session != SESSION_DOWN) {
		p->session = SESSION_DOWN;
		route_clear_peer(&run->routes, (uint32_t)peer);
	}
	return 0;
}

int
bgp_signal_update(struct bgp_signal *s, const struct bgp_record *rec)
{
	struct collector_run *run = s->run;
	struct bin_state *bs = NULL;
	int64_t bin;
	long peer;

	if (run == NULL || rec->time >= s->grid->end)
		return 0;
	if (!run->rib_done && bgp_signal_rib_done(s) == -1)
		return -1;
	if (sample_until(s, run, rec->time) == -1)
		return -1;
	/* Before the window: state only, no counts. */
	if ((bin = bin_of(s->grid, rec->time)) >= 0)
		bs = &s->bins[bin];
	switch (rec->kind) {
	case BGP_KIND_ANNOUNCE:
		if (rec->safi == SAFI_MULTICAST)
			return 0;
		return update_announce(s, run, rec, bs);
	case BGP_KIND_WITHDRAW:
		if (rec->safi == SAFI_MULTICAST)
			return 0;
		return update_withdraw(s, run, rec, bs);
	case BGP_KIND_STATE:
		return update_state(s, run, rec);
	case BGP_KIND_MESSAGE:
		/* RFC 4724 2: End-of-RIB, the re-sent table is complete. */
		if (rec->msg_type == BGP_MSG_END_OF_RIB &&
		    (peer = peer_find(run, &rec->peer_addr, rec->peer_as)) >=
		    0 && run->peers[peer].session == SESSION_SETTLING)
			run->peers[peer].session = SESSION_UP;
		return 0;
	case BGP_KIND_RIB:
		break;
	}
	return 0;
}

int
bgp_signal_end(struct bgp_signal *s)
{
	struct collector_run *run = s->run;
	int rc = 0;

	if (run == NULL)
		return 0;
	if (bgp_signal_rib_done(s) == -1 ||
	    sample_until(s, run, s->grid->end) == -1)
		rc = -1;
	run_free(run);
	s->run = NULL;
	return rc;
}

int
bgp_signal_collector(struct bgp_signal *s, const struct archive *a,
    const char *collector, struct diag_log *log,
    const struct bgp_collect_opts *opts)
{
	static const char *const units[4] = { "record", "records",
	    "route or event", "routes and events" };
	struct progress *progress = opts != NULL ? opts->progress : NULL;
	struct archive_gap *gaps = NULL;
	struct bgp_replay *r = NULL;
	const struct bgp_record *rec;
	const struct bgp_replay_file *files;
	enum bgp_replay_phase phase;
	size_t ngaps = 0, nfiles, i;
	uint64_t batch = 0;
	int rc = -1;

	if (archive_gaps(a, s->grid->start, s->grid->end, &gaps, &ngaps) ==
	    -1)
		return -1;
	if (bgp_signal_begin(s, collector) == -1)
		goto fail;
	for (i = 0; i < ngaps; i++)
		if (gaps[i].kind != ARCHIVE_KIND_RIB &&
		    strcmp(gaps[i].collector, collector) == 0)
			(void)bgp_signal_gap(s, gaps[i].start, gaps[i].end);
	if ((r = bgp_replay_open(a, collector, log)) == NULL)
		goto fail;
	while ((phase = bgp_replay_next(r, &rec)) != REPLAY_END) {
		if (++batch == PROGRESS_BATCH) {
			progress_records(progress, batch);
			batch = 0;
		}
		if (phase == REPLAY_RIB) {
			if (bgp_signal_rib(s, rec) == -1)
				goto fail;
		} else if (phase == REPLAY_RIB_DONE) {
			if (bgp_signal_rib_done(s) == -1)
				goto fail;
		} else {
			/* The merge is in time order: the rest is later. */
			if (rec->time >= s->grid->end)
				break;
			if (bgp_signal_update(s, rec) == -1)
				goto fail;
		}
	}
	rc = bgp_signal_end(s);
	progress_records(progress, batch);
	files = bgp_replay_files(r, &nfiles);
	for (i = 0; i < nfiles; i++) {
		char line[1024];

		progress_file_done(progress, files[i].file->size);
		if ((opts != NULL && opts->quiet) ||
		    decode_stats_skipped(&files[i].stats, false) == 0)
			continue;
		decode_stats_format(files[i].file->path, &files[i].stats,
		    units, line, sizeof(line));
		diag_log_printf(log, 0, "%s", line);
	}
fail:
	if (rc == -1) {
		run_free(s->run);
		s->run = NULL;
	}
	bgp_replay_close(r);
	free(gaps);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Merging                                                             */

int
bgp_signal_merge(struct bgp_signal *dst, const struct bgp_signal *src)
{
	const struct tracked_prefix *sp;
	struct tracked_prefix *dp;
	const struct bin_state *sb;
	struct bin_state *db;
	uint32_t k, i;
	long id;

	for (k = 0; k < src->nprefixes; k++) {
		sp = &src->prefixes[k];
		if ((id = prefix_find(dst, &sp->prefix)) == -1 &&
		    (id = prefix_add(dst, &sp->prefix, sp->covered)) == -1)
			return -1;
		dp = &dst->prefixes[id];
		for (i = 0; i < dst->grid->nbins; i++) {
			dp->with_route[i] += sp->with_route[i];
			dp->ff_with_route[i] += sp->ff_with_route[i];
		}
	}
	for (i = 0; i < dst->grid->nbins; i++) {
		sb = &src->bins[i];
		db = &dst->bins[i];
		db->collectors_known += sb->collectors_known;
		db->peers_known += sb->peers_known;
		db->full_feed_peers += sb->full_feed_peers;
		db->ff_known_v4 += sb->ff_known_v4;
		db->ff_known_v6 += sb->ff_known_v6;
		db->announcements += sb->announcements;
		db->withdrawals += sb->withdrawals;
		db->duplicates += sb->duplicates;
		db->path_changes += sb->path_changes;
		if (sb->first_withdrawal < db->first_withdrawal)
			db->first_withdrawal = sb->first_withdrawal;
		if (sb->last_withdrawal > db->last_withdrawal)
			db->last_withdrawal = sb->last_withdrawal;
		if (upstreams_unite(db, sb->upstreams, sb->nupstreams) == -1)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */

struct row_out {
	series_emit_fn	 emit;
	void		*arg;
	uint32_t	 bin;
	const char	*scope;
};

static void
put_value(const struct row_out *o, const char *metric, bool known,
    double value)
{
	struct series_row row = {
		.bin = o->bin, .signal = "bgp", .metric = metric,
		.scope = o->scope, .known = known, .value = known ? value : 0,
	};

	o->emit(&row, o->arg);
}

/* A time row: seconds UTC, written as a time. */
static void
put_time(const struct row_out *o, const char *metric, bool known,
    int64_t t)
{
	struct series_row row = {
		.bin = o->bin, .signal = "bgp", .metric = metric,
		.scope = o->scope, .known = known, .value = known ? (double)t : 0,
		.is_time = true,
	};

	o->emit(&row, o->arg);
}

/* A text row; text NULL (out of memory) makes it unknown. */
static void
put_text(const struct row_out *o, const char *metric, bool known,
    const char *text)
{
	struct series_row row = {
		.bin = o->bin, .signal = "bgp", .metric = metric,
		.scope = o->scope, .known = known && text != NULL,
		.text = known && text != NULL ? text : NULL,
	};

	o->emit(&row, o->arg);
}

/*
 * The ASNs of a, or of a minus b when b is given (both sorted), as
 * decimal numbers separated by spaces; malloc'd, NULL on out of memory.
 */
static char *
as_set_text(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	char *text, *p;
	size_t i, j = 0;

	if ((text = malloc(na * 11 + 1)) == NULL)
		return NULL;
	p = text;
	*p = '\0';
	for (i = 0; i < na; i++) {
		while (j < nb && b[j] < a[i])
			j++;
		if (j < nb && b[j] == a[i])
			continue;
		p += sprintf(p, "%s%" PRIu32, p == text ? "" : " ", a[i]);
	}
	return text;
}

static bool
prefix_visible(const struct bgp_signal *s, const struct bin_state *bs,
    const struct tracked_prefix *tp, uint32_t bin, bool *known)
{
	uint32_t ffk = tp->prefix.addr.afi == AFI_IPV4 ? bs->ff_known_v4 :
	    bs->ff_known_v6;

	*known = ffk > 0;
	return ffk > 0 && tp->ff_with_route[bin] >
	    s->tuning->visible_share * ffk;
}

/*
 * /24 equivalents of the union of the visible IPv4 prefixes: addresses
 * covered, over 256.  The sorted order puts a covering prefix before
 * its more-specifics, so one pass merges the ranges.
 */
static double
visible_slash24(const struct bgp_signal *s, const struct bin_state *bs,
    uint32_t bin)
{
	const struct tracked_prefix *tp;
	uint64_t first, end, covered_to = 0, addrs = 0;
	uint32_t k;
	bool known;

	for (k = 0; k < s->nprefixes; k++) {
		tp = &s->prefixes[s->sorted[k]];
		if (tp->prefix.addr.afi != AFI_IPV4 ||
		    !prefix_visible(s, bs, tp, bin, &known))
			continue;
		first = (uint64_t)tp->prefix.addr.bytes[0] << 24 |
		    (uint64_t)tp->prefix.addr.bytes[1] << 16 |
		    (uint64_t)tp->prefix.addr.bytes[2] << 8 |
		    tp->prefix.addr.bytes[3];
		end = first + ((uint64_t)1 << (32 - tp->prefix.len));
		if (first < covered_to)
			first = covered_to;
		if (end > first) {
			addrs += end - first;
			covered_to = end;
		}
	}
	return (double)addrs / 256.0;
}

/* The last bin before bin whose peers were known, or -1. */
static long
previous_known(const struct bgp_signal *s, uint32_t bin)
{
	while (bin-- > 0)
		if (s->bins[bin].peers_known > 0)
			return (long)bin;
	return -1;
}

static void
upstream_rows(const struct bgp_signal *s, const struct bin_state *bs,
    uint32_t bin, const struct row_out *o)
{
	const struct bin_state *prev = NULL;
	bool known = bs->peers_known > 0;
	char *text;
	long pb;

	text = as_set_text(bs->upstreams, bs->nupstreams, NULL, 0);
	put_text(o, "upstreams", known, text);
	free(text);
	if ((pb = previous_known(s, bin)) >= 0)
		prev = &s->bins[pb];
	text = prev == NULL ? strdup("") : as_set_text(bs->upstreams,
	    bs->nupstreams, prev->upstreams, prev->nupstreams);
	put_text(o, "upstreams_added", known, text);
	free(text);
	text = prev == NULL ? strdup("") : as_set_text(prev->upstreams,
	    prev->nupstreams, bs->upstreams, bs->nupstreams);
	put_text(o, "upstreams_removed", known, text);
	free(text);
}

void
bgp_signal_rows(const struct bgp_signal *s, uint32_t bin,
    series_emit_fn emit, void *arg)
{
	const struct bin_state *bs = &s->bins[bin];
	const struct tracked_prefix *tp;
	struct row_out o = { emit, arg, bin, NULL };
	char scope[INET6_ADDRSTRLEN + 4];
	uint32_t k, ffk, nvisible = 0, nvisible6 = 0;
	bool known, visible, counted;
	size_t len;

	for (k = 0; k < s->nprefixes; k++) {
		tp = &s->prefixes[s->sorted[k]];
		inet_ntop(tp->prefix.addr.afi == AFI_IPV4 ? AF_INET : AF_INET6,
		    tp->prefix.addr.bytes, scope, sizeof(scope));
		len = strlen(scope);
		snprintf(scope + len, sizeof(scope) - len, "/%u",
		    tp->prefix.len);
		o.scope = scope;
		ffk = tp->prefix.addr.afi == AFI_IPV4 ? bs->ff_known_v4 :
		    bs->ff_known_v6;
		visible = prefix_visible(s, bs, tp, bin, &known);
		nvisible += visible;
		nvisible6 += visible && tp->prefix.addr.afi == AFI_IPV6;
		put_value(&o, "peers_with_route", bs->peers_known > 0,
		    tp->with_route[bin]);
		put_value(&o, "full_feed_known", bs->peers_known > 0, ffk);
		put_value(&o, "full_feed_with_route", known,
		    tp->ff_with_route[bin]);
		put_value(&o, "visible", known, visible);
	}

	o.scope = "target";
	put_value(&o, "visible_prefixes",
	    bs->ff_known_v4 > 0 || bs->ff_known_v6 > 0, nvisible);
	put_value(&o, "visible_slash24", bs->ff_known_v4 > 0,
	    visible_slash24(s, bs, bin));
	put_value(&o, "visible_ipv6_prefixes", bs->ff_known_v6 > 0,
	    nvisible6);
	/* Counts of what was received: known when any collector was. */
	counted = bs->collectors_known > 0 || bs->announcements > 0 ||
	    bs->withdrawals > 0;
	put_value(&o, "announcements", counted, (double)bs->announcements);
	put_value(&o, "withdrawals", counted, (double)bs->withdrawals);
	put_value(&o, "duplicate_announcements", counted,
	    (double)bs->duplicates);
	put_value(&o, "path_changes", counted, (double)bs->path_changes);
	upstream_rows(s, bs, bin, &o);
	put_time(&o, "first_withdrawal", bs->withdrawals > 0,
	    bs->first_withdrawal);
	put_time(&o, "last_withdrawal", bs->withdrawals > 0,
	    bs->last_withdrawal);
	put_value(&o, "collectors_known", true, bs->collectors_known);
	put_value(&o, "full_feed_peers", true, bs->full_feed_peers);
}
