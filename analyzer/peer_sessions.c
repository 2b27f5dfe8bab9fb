/*
 * peer_sessions.c -- per-peer session tracking for the inventory: see
 * peer_sessions.h for what is kept and how a silent reset is judged.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/peer_sessions.h"

#define BITMAP_WORDS	(PEER_PREFIX_BITS / 64)

struct peer {
	struct peer_session s;		/* what the caller sees */
	bool		 heard_any;
	int64_t		 heard;		/* last message or RIB dump time */
	bool		 known_up;	/* routes or Established seen */
	bool		 is_down;
	int64_t		 down_since;
	/* The reset check after a silence. */
	bool		 in_burst;
	bool		 state_in_burst;	/* a state record: not silent */
	int64_t		 silent_from, resumed, burst_until;
	uint64_t	*had;		/* prefixes before: BITMAP_WORDS */
	uint64_t	*burst;		/* prefixes announced in the burst */
	size_t		 cap_transitions, cap_down, cap_resets;
};

struct peer_sessions {
	int64_t		 silence;
	char		**collectors;	/* owned names */
	size_t		 ncollectors, cap_collectors;
	struct peer	**peers;
	size_t		 npeers, cap_peers;
	size_t		 first_current;	/* the current collector's peers */
	/* Open addressing over the current collector's peers: index + 1. */
	uint32_t	*slots;
	size_t		 nslots;	/* a power of two */
	bool		 any_record;
	int64_t		 last_time;	/* of the current collector */
	const struct peer_session **sorted;
	size_t		 nsorted;
};

struct peer_sessions *
peer_sessions_new(int64_t silence)
{
	struct peer_sessions *ps = calloc(1, sizeof(*ps));

	if (ps != NULL)
		ps->silence = silence > 0 ? silence : 1;
	return ps;
}

static void
free_bitmaps(struct peer *p)
{
	free(p->had);
	free(p->burst);
	p->had = p->burst = NULL;
}

void
peer_sessions_free(struct peer_sessions *ps)
{
	size_t i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->npeers; i++) {
		free_bitmaps(ps->peers[i]);
		free(ps->peers[i]->s.transitions);
		free(ps->peers[i]->s.down);
		free(ps->peers[i]->s.resets);
		free(ps->peers[i]);
	}
	free(ps->peers);
	for (i = 0; i < ps->ncollectors; i++)
		free(ps->collectors[i]);
	free(ps->collectors);
	free(ps->slots);
	free(ps->sorted);
	free(ps);
}

int
peer_sessions_begin(struct peer_sessions *ps, const char *collector)
{
	char **nc, *name;

	if (ps->ncollectors == ps->cap_collectors) {
		size_t ncap = ps->cap_collectors ? 2 * ps->cap_collectors : 8;

		if ((nc = realloc(ps->collectors, ncap * sizeof(*nc))) == NULL)
			return -1;
		ps->collectors = nc;
		ps->cap_collectors = ncap;
	}
	if ((name = strdup(collector)) == NULL)
		return -1;
	ps->collectors[ps->ncollectors++] = name;
	ps->first_current = ps->npeers;
	if (ps->slots != NULL)
		memset(ps->slots, 0, ps->nslots * sizeof(*ps->slots));
	ps->any_record = false;
	ps->last_time = 0;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Finding the peer of a record                                        */

/* FNV-1a, then a final mix so that the low bits depend on every byte. */
static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
hash_bytes(uint64_t h, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV_OFFSET	0xcbf29ce484222325ULL

static uint64_t
peer_hash(const struct ip_addr *a, uint32_t asn)
{
	uint8_t as_bytes[4] = { (uint8_t)(asn >> 24), (uint8_t)(asn >> 16),
	    (uint8_t)(asn >> 8), (uint8_t)asn };
	uint64_t h = hash_bytes(FNV_OFFSET, &a->afi, 1);

	h = hash_bytes(h, a->bytes, sizeof(a->bytes));
	return mix(hash_bytes(h, as_bytes, sizeof(as_bytes)));
}

static bool
same_peer(const struct peer *p, const struct ip_addr *a, uint32_t asn)
{
	return p->s.asn == asn && p->s.addr.afi == a->afi &&
	    memcmp(p->s.addr.bytes, a->bytes, sizeof(a->bytes)) == 0;
}

/* Make room for one more peer of the current collector in the slots. */
static int
grow_slots(struct peer_sessions *ps)
{
	size_t current = ps->npeers - ps->first_current, n, i, j;
	uint32_t *ns;

	if (ps->nslots > 0 && 2 * (current + 1) <= ps->nslots)
		return 0;
	n = ps->nslots ? 2 * ps->nslots : 64;
	if ((ns = calloc(n, sizeof(*ns))) == NULL)
		return -1;
	for (i = ps->first_current; i < ps->npeers; i++) {
		const struct peer *p = ps->peers[i];

		j = peer_hash(&p->s.addr, p->s.asn) & (n - 1);
		while (ns[j] != 0)
			j = (j + 1) & (n - 1);
		ns[j] = (uint32_t)(i + 1);
	}
	free(ps->slots);
	ps->slots = ns;
	ps->nslots = n;
	return 0;
}

static struct peer *
find_peer(struct peer_sessions *ps, const struct ip_addr *a, uint32_t asn)
{
	struct peer *p, **np;
	size_t j;

	if (grow_slots(ps) == -1)
		return NULL;
	j = peer_hash(a, asn) & (ps->nslots - 1);
	while (ps->slots[j] != 0) {
		p = ps->peers[ps->slots[j] - 1];
		if (same_peer(p, a, asn))
			return p;
		j = (j + 1) & (ps->nslots - 1);
	}
	if (ps->npeers == ps->cap_peers) {
		size_t ncap = ps->cap_peers ? 2 * ps->cap_peers : 64;

		if ((np = realloc(ps->peers, ncap * sizeof(*np))) == NULL)
			return NULL;
		ps->peers = np;
		ps->cap_peers = ncap;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->s.collector = ps->collectors[ps->ncollectors - 1];
	p->s.addr = *a;
	p->s.asn = asn;
	ps->peers[ps->npeers++] = p;
	ps->slots[j] = (uint32_t)ps->npeers;
	return p;
}

/* ------------------------------------------------------------------ */
/* Prefix sets: linear counting bitmaps                                */

static int
mark_prefix(uint64_t **bits, const struct ip_prefix *prefix)
{
	uint64_t h;

	if (*bits == NULL &&
	    (*bits = calloc(BITMAP_WORDS, sizeof(**bits))) == NULL)
		return -1;
	h = hash_bytes(FNV_OFFSET, &prefix->addr.afi, 1);
	h = hash_bytes(h, &prefix->len, 1);
	h = mix(hash_bytes(h, prefix->addr.bytes, sizeof(prefix->addr.bytes)));
	h &= PEER_PREFIX_BITS - 1;
	(*bits)[h / 64] |= (uint64_t)1 << (h % 64);
	return 0;
}

/* Distinct items from the zero bits left: n = -m ln(z / m). */
static uint64_t
linear_count(size_t zeros)
{
	double m = PEER_PREFIX_BITS;

	if (zeros == 0)
		zeros = 1;	/* saturated: the most it can say */
	return (uint64_t)llround(-m * log((double)zeros / m));
}

/* The estimates of |a|, |b| and |a AND b| (NULL bitmaps are empty). */
static void
count_sets(const uint64_t *a, const uint64_t *b, uint64_t *na, uint64_t *nb,
    uint64_t *nboth)
{
	size_t za = 0, zb = 0, zu = 0, i;
	uint64_t wa, wb, ca, cb, cu;

	for (i = 0; i < BITMAP_WORDS; i++) {
		wa = a != NULL ? a[i] : 0;
		wb = b != NULL ? b[i] : 0;
		za += 64 - (size_t)__builtin_popcountll(wa);
		zb += 64 - (size_t)__builtin_popcountll(wb);
		zu += 64 - (size_t)__builtin_popcountll(wa | wb);
	}
	ca = linear_count(za);
	cb = linear_count(zb);
	cu = linear_count(zu);
	*na = ca;
	*nb = cb;
	*nboth = ca + cb > cu ? ca + cb - cu : 0;
}

/* ------------------------------------------------------------------ */
/* Bounded lists                                                       */

/*
 * Room for one more item in a list of at most max: 1, or 0 when the
 * list is full (the item is counted in *dropped), -1 on OOM.
 */
static int
room(void **items, size_t n, size_t *cap, size_t max, size_t size,
    uint64_t *dropped)
{
	void *ni;
	size_t ncap;

	if (n == max) {
		(*dropped)++;
		return 0;
	}
	if (n < *cap)
		return 1;
	ncap = *cap ? 2 * *cap : 4;
	if (ncap > max)
		ncap = max;
	if ((ni = realloc(*items, ncap * size)) == NULL)
		return -1;
	*items = ni;
	*cap = ncap;
	return 1;
}

static int
add_transition(struct peer *p, int64_t t, uint16_t old_state,
    uint16_t new_state)
{
	struct peer_transition *tr;
	int r = room((void **)&p->s.transitions, p->s.ntransitions,
	    &p->cap_transitions, PEER_MAX_TRANSITIONS, sizeof(*tr),
	    &p->s.transitions_dropped);

	if (r <= 0)
		return r;
	tr = &p->s.transitions[p->s.ntransitions++];
	tr->time = t;
	tr->old_state = old_state;
	tr->new_state = new_state;
	return 0;
}

static int
close_down(struct peer *p, int64_t until, enum peer_down_end end)
{
	struct peer_down *d;
	int r;

	p->is_down = false;
	if (until < p->down_since)
		until = p->down_since;
	p->s.down_seconds += until - p->down_since;
	if ((r = room((void **)&p->s.down, p->s.ndown, &p->cap_down,
	    PEER_MAX_DOWN, sizeof(*d), &p->s.down_dropped)) <= 0)
		return r;
	d = &p->s.down[p->s.ndown++];
	d->from = p->down_since;
	d->until = until;
	d->end = end;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Silences and bursts                                                 */

static int
start_burst(struct peer *p, int64_t t)
{
	if (p->burst == NULL &&
	    (p->burst = calloc(BITMAP_WORDS, sizeof(*p->burst))) == NULL)
		return -1;
	memset(p->burst, 0, BITMAP_WORDS * sizeof(*p->burst));
	p->in_burst = true;
	p->state_in_burst = false;
	p->silent_from = p->heard;
	p->resumed = t;
	p->burst_until = t + PEER_RESET_BURST;
	return 0;
}

/* The burst is over: was it a reset?  Its prefixes join those it had. */
static int
judge_burst(struct peer *p)
{
	struct peer_reset *rs;
	uint64_t had, burst, both;
	size_t i;
	int r;

	p->in_burst = false;
	count_sets(p->had, p->burst, &had, &burst, &both);
	if (p->had == NULL) {
		p->had = p->burst;
		p->burst = NULL;
	} else
		for (i = 0; i < BITMAP_WORDS; i++)
			p->had[i] |= p->burst[i];
	if (p->state_in_burst || had < PEER_RESET_MIN_PREFIXES ||
	    (double)both < PEER_RESET_SHARE * (double)had)
		return 0;
	if ((r = room((void **)&p->s.resets, p->s.nresets, &p->cap_resets,
	    PEER_MAX_RESETS, sizeof(*rs), &p->s.resets_dropped)) <= 0)
		return r;
	rs = &p->s.resets[p->s.nresets++];
	rs->silent_from = p->silent_from;
	rs->resumed = p->resumed;
	rs->had = had;
	rs->reannounced = both;
	return 0;
}

/*
 * A session is down from leaving Established until it is back.  While
 * the session is known to be up, a change between other states is
 * another connection of the same peer (a collision, RFC 4271 6.8, or an
 * attempt the collector logs): it is listed, not a down.  A peer not
 * known to be up is down from its first state other than Established.
 */
static int
state_change(struct peer *p, int64_t t, uint16_t old_state,
    uint16_t new_state)
{
	if (new_state == PEER_STATE_ESTABLISHED) {
		p->known_up = true;
		return p->is_down ? close_down(p, t, PEER_DOWN_ESTABLISHED) : 0;
	}
	if (p->is_down || (p->known_up && old_state != PEER_STATE_ESTABLISHED))
		return 0;
	p->known_up = false;
	p->is_down = true;
	p->down_since = t;
	return 0;
}

static void
heard(struct peer *p, int64_t t)
{
	if (!p->heard_any || t > p->heard)
		p->heard = t;
	p->heard_any = true;
}

int
peer_sessions_record(struct peer_sessions *ps, const struct bgp_record *rec)
{
	struct peer *p;
	int64_t t = rec->time;

	if (rec->local_msg)
		return 0;
	if ((p = find_peer(ps, &rec->peer_addr, rec->peer_as)) == NULL)
		return -1;
	if (!ps->any_record || t > ps->last_time)
		ps->last_time = t;
	ps->any_record = true;
	if (rec->kind == BGP_KIND_RIB) {
		p->s.rib_entries++;
		p->known_up = true;
		heard(p, t);
		return mark_prefix(&p->had, &rec->prefix);
	}

	if (p->in_burst && t >= p->burst_until && judge_burst(p) == -1)
		return -1;
	if (!p->in_burst && p->heard_any && t - p->heard > ps->silence &&
	    rec->kind != BGP_KIND_STATE && start_burst(p, t) == -1)
		return -1;
	if (!p->s.has_messages || t < p->s.first_time)
		p->s.first_time = t;
	if (!p->s.has_messages || t > p->s.last_time)
		p->s.last_time = t;
	p->s.has_messages = true;
	heard(p, t);

	switch (rec->kind) {
	case BGP_KIND_ANNOUNCE:
	case BGP_KIND_WITHDRAW:
		if (rec->kind == BGP_KIND_ANNOUNCE)
			p->s.announcements++;
		else
			p->s.withdrawals++;
		/* RFC 4271 9: UPDATEs flow in Established only. */
		p->known_up = true;
		if (p->is_down && close_down(p, t, PEER_DOWN_UPDATE) == -1)
			return -1;
		return rec->kind == BGP_KIND_ANNOUNCE ? mark_prefix(p->in_burst ?
		    &p->burst : &p->had, &rec->prefix) : 0;
	case BGP_KIND_STATE:
		p->s.state_changes++;
		p->state_in_burst = true;
		if (add_transition(p, t, rec->old_state, rec->new_state) == -1)
			return -1;
		return state_change(p, t, rec->old_state, rec->new_state);
	default:
		p->s.other_messages++;
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* The end of a collector                                              */

static int
compare_sessions(const void *x, const void *y)
{
	const struct peer_session *a = *(const struct peer_session *const *)x;
	const struct peer_session *b = *(const struct peer_session *const *)y;
	int c;

	if ((c = strcmp(a->collector, b->collector)) != 0)
		return c;
	if (a->addr.afi != b->addr.afi)
		return a->addr.afi < b->addr.afi ? -1 : 1;
	if ((c = memcmp(a->addr.bytes, b->addr.bytes, sizeof(a->addr.bytes)))
	    != 0)
		return c;
	return a->asn < b->asn ? -1 : a->asn > b->asn;
}

int
peer_sessions_end(struct peer_sessions *ps)
{
	const struct peer_session **ns;
	size_t i;
	int rc = 0;

	for (i = ps->first_current; i < ps->npeers; i++) {
		struct peer *p = ps->peers[i];

		if (p->in_burst && judge_burst(p) == -1)
			rc = -1;
		if (p->is_down &&
		    close_down(p, ps->last_time, PEER_DOWN_OPEN) == -1)
			rc = -1;
		free_bitmaps(p);
	}
	ps->first_current = ps->npeers;
	if ((ns = realloc(ps->sorted, (ps->npeers ? ps->npeers : 1) *
	    sizeof(*ns))) == NULL)
		return -1;
	ps->sorted = ns;
	for (i = 0; i < ps->npeers; i++)
		ns[i] = &ps->peers[i]->s;
	if (ps->npeers > 1)
		qsort(ns, ps->npeers, sizeof(*ns), compare_sessions);
	ps->nsorted = ps->npeers;
	return rc;
}

const struct peer_session *const *
peer_sessions_list(const struct peer_sessions *ps, size_t *n)
{
	*n = ps->nsorted;
	return ps->sorted;
}
