/*
 * probe_signal.c -- probe results counted per bin and scope.
 *
 * Hosts (target addresses probed, and the event's hosts) and vantages
 * are interned into tables owned by the signal: an id each, and the ids
 * kept sorted by address or name, which is both the lookup (binary
 * search) and the order of the rows.  A bin's state is allocated on its
 * first result: a small hash from scope to cell, and per cell the
 * counts, an RTT histogram and, for the target and host scopes, the
 * sorted sets of vantage ids seen and seen succeeding.  Ids are private
 * to a signal: merging maps the other signal's ids through the names
 * and addresses they stand for.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/probe_signal.h"
#include "analyzer/quantile.h"
#include "reports/outbuf.h"		/* format_u64 */

/*
 * Scope keys in a bin: 0 the target, 1 + 2 id a host, 2 + 2 id a
 * vantage.
 */
#define SCOPE_TARGET		0u

static uint32_t
scope_host(uint32_t id)
{
	return 1u + 2u * id;
}

static uint32_t
scope_vantage(uint32_t id)
{
	return 2u + 2u * id;
}

static bool
scope_is_vantage(uint32_t scope)
{
	return scope != SCOPE_TARGET && scope % 2 == 0;
}

/* The host or vantage id of a scope other than the target. */
static uint32_t
scope_id(uint32_t scope)
{
	return (scope - 1u) / 2u;
}

/* Ids, small sets of them, sorted. */
struct id_set {
	uint32_t	*ids;
	uint32_t	 n, cap;
};

struct probe_cell {
	uint32_t	 scope;
	uint64_t	 results, sent, received, successes;
	struct quantile	 rtt;		/* ms */
	struct id_set	 vantages;	/* target and host scopes */
	struct id_set	 vantages_ok;
};

struct probe_bin {
	struct probe_cell *cells;
	uint32_t	 ncells, cap;
	uint32_t	*slots;		/* hash of scopes: cell + 1 */
	uint32_t	 nslots;	/* a power of two */
};

struct host_table {
	struct ip_addr	*addrs;		/* by id */
	uint32_t	*sorted;	/* ids by address */
	uint32_t	 n, cap;
};

struct vantage_table {
	char		**names;	/* by id, owned */
	uint32_t	*sorted;	/* ids by name */
	uint32_t	 n, cap;
};

struct probe_signal {
	struct bin_grid	 grid;
	const struct target *target;
	const struct event_tuning *tuning;
	struct probe_bin **bins;	/* grid.nbins; NULL: no result yet */
	struct host_table hosts;
	struct vantage_table vantages;
	struct probe_signal_stats stats;
	/* Scratch for the scope text of rows: "vantage " and the
	   longest name. */
	char		*scope_text;
	size_t		 scope_len;
};

/* What one result adds to each of its scopes. */
struct probe_result {
	uint32_t	 sent, received;
	bool		 success;
	bool		 has_rtt;
	double		 rtt;
	uint32_t	 vantage;	/* id */
};

static const struct probe_cell empty_cell;

#define SCOPE_TEXT_MIN	(sizeof("vantage ") + INET6_ADDRSTRLEN + 32)

static int
addr_cmp(const struct ip_addr *a, const struct ip_addr *b)
{
	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ------------------------------------------------------------------ */
/* Id sets                                                             */

/* Where id is, or would go, in s. */
static uint32_t
id_set_place(const struct id_set *s, uint32_t id, bool *found)
{
	uint32_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->n && s->ids[lo] == id;
	return lo;
}

static int
id_set_add(struct id_set *s, uint32_t id)
{
	uint32_t at, *ids, cap;
	bool found;

	at = id_set_place(s, id, &found);
	if (found)
		return 0;
	if (s->n == s->cap) {
		cap = s->cap == 0 ? 4 : s->cap * 2;
		if ((ids = reallocarray(s->ids, cap, sizeof(*ids))) == NULL)
			return -1;
		s->ids = ids;
		s->cap = cap;
	}
	memmove(s->ids + at + 1, s->ids + at, (s->n - at) * sizeof(*s->ids));
	s->ids[at] = id;
	s->n++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Interning                                                           */

/*
 * The ids of a table, sorted by what they stand for: where key is, or
 * would go, by binary search with cmp.
 */
typedef int	(*id_cmp_fn)(const void *table, uint32_t id, const void *key);

static uint32_t
sorted_place(const uint32_t *sorted, uint32_t n, id_cmp_fn cmp,
    const void *table, const void *key, bool *found)
{
	uint32_t lo = 0, hi = n, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = cmp(table, sorted[mid], key)) == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Room for newcap sorted ids. */
static int
sorted_grow(uint32_t **sorted, uint32_t *cap, uint32_t newcap)
{
	uint32_t *p;

	if ((p = reallocarray(*sorted, newcap, sizeof(*p))) == NULL)
		return -1;
	*sorted = p;
	*cap = newcap;
	return 0;
}

/* The new id n, at place at among the n sorted before it. */
static void
sorted_insert(uint32_t *sorted, uint32_t n, uint32_t at)
{
	memmove(sorted + at + 1, sorted + at, (n - at) * sizeof(*sorted));
	sorted[at] = n;
}

static int
host_cmp(const void *table, uint32_t id, const void *key)
{
	const struct host_table *t = table;

	return addr_cmp(&t->addrs[id], key);
}

static int
vantage_cmp(const void *table, uint32_t id, const void *key)
{
	const struct vantage_table *t = table;

	return strcmp(t->names[id], key);
}

/* The id of host a, interned if new; -1 on out of memory. */
static int64_t
host_id(struct probe_signal *s, const struct ip_addr *a)
{
	struct host_table *t = &s->hosts;
	struct ip_addr *addrs;
	uint32_t at, cap;
	bool found;

	at = sorted_place(t->sorted, t->n, host_cmp, t, a, &found);
	if (found)
		return t->sorted[at];
	if (t->n == t->cap) {
		cap = t->cap == 0 ? 16 : t->cap * 2;
		if ((addrs = reallocarray(t->addrs, cap, sizeof(*addrs))) ==
		    NULL)
			return -1;
		t->addrs = addrs;
		if (sorted_grow(&t->sorted, &t->cap, cap) == -1)
			return -1;
	}
	t->addrs[t->n] = *a;
	sorted_insert(t->sorted, t->n, at);
	return t->n++;
}

/* The id of the vantage named name, interned if new; -1 on OOM. */
static int64_t
vantage_id(struct probe_signal *s, const char *name)
{
	struct vantage_table *t = &s->vantages;
	size_t need = strlen(name) + SCOPE_TEXT_MIN;
	uint32_t at, cap;
	char **names, *text;
	bool found;

	at = sorted_place(t->sorted, t->n, vantage_cmp, t, name, &found);
	if (found)
		return t->sorted[at];
	/* Room for the scope text of its rows. */
	if (need > s->scope_len) {
		if ((text = realloc(s->scope_text, need)) == NULL)
			return -1;
		s->scope_text = text;
		s->scope_len = need;
	}
	if (t->n == t->cap) {
		cap = t->cap == 0 ? 16 : t->cap * 2;
		if ((names = reallocarray(t->names, cap, sizeof(*names))) ==
		    NULL)
			return -1;
		t->names = names;
		if (sorted_grow(&t->sorted, &t->cap, cap) == -1)
			return -1;
	}
	if ((t->names[t->n] = strdup(name)) == NULL)
		return -1;
	sorted_insert(t->sorted, t->n, at);
	return t->n++;
}

/*
 * The vantage's name: "prb N" for an Atlas probe, else the record's
 * vantage name, else its source address, else "unknown".  buf has
 * room for SCOPE_TEXT_MIN bytes.
 */
static const char *
vantage_name(const struct probe_record *rec, char *buf)
{
	size_t n;

	if (rec->present & PROBE_HAS_PRB_ID) {
		memcpy(buf, "prb ", 4);
		n = 4 + format_u64(buf + 4, rec->prb_id);
		buf[n] = '\0';
		return buf;
	}
	if (rec->vantage != NULL && rec->vantage[0] != '\0')
		return rec->vantage;
	if (rec->src.afi == AFI_IPV4 || rec->src.afi == AFI_IPV6) {
		if (inet_ntop(rec->src.afi == AFI_IPV4 ? AF_INET : AF_INET6,
		    rec->src.bytes, buf, INET6_ADDRSTRLEN) != NULL)
			return buf;
	}
	return "unknown";
}

/* ------------------------------------------------------------------ */
/* Bins and cells                                                      */

static void
cell_free(struct probe_cell *c)
{
	quantile_free(&c->rtt);
	free(c->vantages.ids);
	free(c->vantages_ok.ids);
}

static void
bin_free(struct probe_bin *b)
{
	uint32_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->ncells; i++)
		cell_free(&b->cells[i]);
	free(b->cells);
	free(b->slots);
	free(b);
}

static uint32_t
scope_hash(uint32_t scope, uint32_t mask)
{
	/* Knuth's multiplicative hashing (TAOCP vol. 3, 6.4). */
	return (scope * 2654435761u) & mask;
}

/* The slot holding scope, or the empty slot where it would go. */
static uint32_t
bin_slot(const struct probe_bin *b, uint32_t scope)
{
	uint32_t mask = b->nslots - 1, i = scope_hash(scope, mask);

	while (b->slots[i] != 0 && b->cells[b->slots[i] - 1].scope != scope)
		i = (i + 1) & mask;
	return i;
}

static const struct probe_cell *
bin_find(const struct probe_bin *b, uint32_t scope)
{
	uint32_t slot;

	if (b == NULL || b->nslots == 0)
		return NULL;
	slot = bin_slot(b, scope);
	return b->slots[slot] == 0 ? NULL : &b->cells[b->slots[slot] - 1];
}

/* Room for one more cell, the hash at most half full. */
static int
bin_reserve(struct probe_bin *b)
{
	struct probe_cell *cells;
	uint32_t *slots, nslots, i, mask, j, cap;

	if (b->ncells == b->cap) {
		cap = b->cap == 0 ? 4 : b->cap * 2;
		if ((cells = reallocarray(b->cells, cap, sizeof(*cells))) ==
		    NULL)
			return -1;
		b->cells = cells;
		b->cap = cap;
	}
	if (b->nslots != 0 && (b->ncells + 1) * 2 <= b->nslots)
		return 0;
	nslots = b->nslots == 0 ? 8 : b->nslots * 2;
	if ((slots = calloc(nslots, sizeof(*slots))) == NULL)
		return -1;
	mask = nslots - 1;
	for (i = 0; i < b->ncells; i++) {
		j = scope_hash(b->cells[i].scope, mask);
		while (slots[j] != 0)
			j = (j + 1) & mask;
		slots[j] = i + 1;
	}
	free(b->slots);
	b->slots = slots;
	b->nslots = nslots;
	return 0;
}

/* The cell of scope in bin i, made if new; NULL on out of memory. */
static struct probe_cell *
cell_get(struct probe_signal *s, uint32_t i, uint32_t scope)
{
	struct probe_bin *b = s->bins[i];
	struct probe_cell *c;
	uint32_t slot;

	if (b == NULL) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return NULL;
		s->bins[i] = b;
	}
	if (b->nslots != 0) {
		slot = bin_slot(b, scope);
		if (b->slots[slot] != 0)
			return &b->cells[b->slots[slot] - 1];
	}
	if (bin_reserve(b) == -1)
		return NULL;
	slot = bin_slot(b, scope);
	c = &b->cells[b->ncells];
	memset(c, 0, sizeof(*c));
	c->scope = scope;
	quantile_init(&c->rtt);
	b->slots[slot] = ++b->ncells;
	return c;
}

static int
cell_count(struct probe_cell *c, const struct probe_result *r)
{
	c->results++;
	c->sent += r->sent;
	c->received += r->received;
	if (r->success)
		c->successes++;
	if (r->has_rtt && quantile_add(&c->rtt, r->rtt) == -1)
		return -1;
	if (scope_is_vantage(c->scope))
		return 0;
	if (id_set_add(&c->vantages, r->vantage) == -1)
		return -1;
	if (r->success && id_set_add(&c->vantages_ok, r->vantage) == -1)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */

void
probe_signal_free(struct probe_signal *s)
{
	uint32_t i;

	if (s == NULL)
		return;
	if (s->bins != NULL)
		for (i = 0; i < s->grid.nbins; i++)
			bin_free(s->bins[i]);
	free(s->bins);
	free(s->hosts.addrs);
	free(s->hosts.sorted);
	for (i = 0; i < s->vantages.n; i++)
		free(s->vantages.names[i]);
	free(s->vantages.names);
	free(s->vantages.sorted);
	free(s->scope_text);
	free(s);
}

struct probe_signal *
probe_signal_new(const struct bin_grid *grid, const struct target *target,
    const struct event_tuning *tuning)
{
	struct probe_signal *s;
	size_t i;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->grid = *grid;
	s->target = target;
	s->tuning = tuning;
	s->scope_len = SCOPE_TEXT_MIN;
	if ((s->bins = calloc(grid->nbins, sizeof(*s->bins))) == NULL ||
	    (s->scope_text = malloc(s->scope_len)) == NULL)
		goto fail;
	/* The event's hosts have their scopes, probed or not. */
	for (i = 0; i < target->nhosts; i++)
		if (host_id(s, &target->hosts[i]) == -1)
			goto fail;
	return s;
fail:
	probe_signal_free(s);
	return NULL;
}

/*
 * A run succeeds when it got a reply (pings) or reached its target
 * (traces), and did not fail as a whole.  Its RTT: the average of a
 * ping's replies, the median RTT of a trace's last hop when that is the
 * target.
 */
static void
read_result(const struct probe_record *rec, struct probe_result *r)
{
	bool failed = (rec->present & PROBE_HAS_ERROR) && rec->is_error;

	memset(r, 0, sizeof(*r));
	if (rec->present & PROBE_HAS_SENT)
		r->sent = rec->sent;
	if (rec->present & PROBE_HAS_RECEIVED)
		r->received = rec->received;
	if (failed)
		return;
	if (rec->kind == PROBE_TRACE) {
		r->success = (rec->present & PROBE_HAS_REACHED) &&
		    rec->dest_reached;
		if (r->success && (rec->present & PROBE_HAS_LAST_RTT)) {
			r->has_rtt = true;
			r->rtt = rec->last_median_rtt;
		}
		return;
	}
	if (rec->present & PROBE_HAS_RECEIVED)
		r->success = rec->received > 0;
	else
		r->success = (rec->present & PROBE_HAS_RTT) != 0;
	if (r->success && (rec->present & PROBE_HAS_RTT)) {
		r->has_rtt = true;
		r->rtt = rec->rtt_avg;
	}
}

int
probe_signal_add(struct probe_signal *s, const struct probe_record *rec)
{
	struct probe_result r;
	struct probe_cell *c;
	char buf[SCOPE_TEXT_MIN];
	int64_t bin, host, vantage;

	s->stats.results++;
	if (!(rec->present & PROBE_HAS_TIME)) {
		s->stats.untimed++;
		return 0;
	}
	if ((bin = bin_of(&s->grid, floor_div(rec->time_ms, 1000))) < 0)
		return 0;
	s->stats.in_window++;
	if (rec->dst.afi == 0 || !target_covers_addr(s->target, &rec->dst))
		return 0;
	s->stats.matched++;

	if ((host = host_id(s, &rec->dst)) == -1 ||
	    (vantage = vantage_id(s, vantage_name(rec, buf))) == -1)
		return -1;
	read_result(rec, &r);
	r.vantage = (uint32_t)vantage;
	if ((c = cell_get(s, (uint32_t)bin, SCOPE_TARGET)) == NULL ||
	    cell_count(c, &r) == -1)
		return -1;
	if ((c = cell_get(s, (uint32_t)bin, scope_host((uint32_t)host))) ==
	    NULL || cell_count(c, &r) == -1)
		return -1;
	if ((c = cell_get(s, (uint32_t)bin,
	    scope_vantage((uint32_t)vantage))) == NULL ||
	    cell_count(c, &r) == -1)
		return -1;
	return 0;
}

static int
cell_merge(struct probe_cell *dst, const struct probe_cell *src,
    const uint32_t *vantage_map)
{
	uint32_t i;

	dst->results += src->results;
	dst->sent += src->sent;
	dst->received += src->received;
	dst->successes += src->successes;
	if (quantile_merge(&dst->rtt, &src->rtt) == -1)
		return -1;
	for (i = 0; i < src->vantages.n; i++)
		if (id_set_add(&dst->vantages,
		    vantage_map[src->vantages.ids[i]]) == -1)
			return -1;
	for (i = 0; i < src->vantages_ok.n; i++)
		if (id_set_add(&dst->vantages_ok,
		    vantage_map[src->vantages_ok.ids[i]]) == -1)
			return -1;
	return 0;
}

int
probe_signal_merge(struct probe_signal *dst, const struct probe_signal *src)
{
	uint32_t *host_map = NULL, *vantage_map = NULL, i, j, scope;
	const struct probe_bin *b;
	struct probe_cell *c;
	int64_t id;
	int rc = -1;

	if (dst->grid.start != src->grid.start ||
	    dst->grid.width != src->grid.width ||
	    dst->grid.nbins != src->grid.nbins)
		return -1;
	if ((host_map = calloc(src->hosts.n + 1, sizeof(*host_map))) == NULL ||
	    (vantage_map = calloc(src->vantages.n + 1,
	    sizeof(*vantage_map))) == NULL)
		goto fail;
	for (i = 0; i < src->hosts.n; i++) {
		if ((id = host_id(dst, &src->hosts.addrs[i])) == -1)
			goto fail;
		host_map[i] = (uint32_t)id;
	}
	for (i = 0; i < src->vantages.n; i++) {
		if ((id = vantage_id(dst, src->vantages.names[i])) == -1)
			goto fail;
		vantage_map[i] = (uint32_t)id;
	}
	for (i = 0; i < src->grid.nbins; i++) {
		if ((b = src->bins[i]) == NULL)
			continue;
		for (j = 0; j < b->ncells; j++) {
			scope = b->cells[j].scope;
			if (scope_is_vantage(scope))
				scope = scope_vantage(
				    vantage_map[scope_id(scope)]);
			else if (scope != SCOPE_TARGET)
				scope = scope_host(host_map[scope_id(scope)]);
			if ((c = cell_get(dst, i, scope)) == NULL ||
			    cell_merge(c, &b->cells[j], vantage_map) == -1)
				goto fail;
		}
	}
	dst->stats.results += src->stats.results;
	dst->stats.in_window += src->stats.in_window;
	dst->stats.matched += src->stats.matched;
	dst->stats.untimed += src->stats.untimed;
	rc = 0;
fail:
	free(host_map);
	free(vantage_map);
	return rc;
}

const struct probe_signal_stats *
probe_signal_stats(const struct probe_signal *s)
{
	return &s->stats;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */

static void
cell_rows(const struct probe_cell *c, bool with_vantages,
    struct series_writer *w)
{
	double v;
	bool k;

	series_emit_value(w, "results", true, (double)c->results);
	series_emit_value(w, "sent", true, (double)c->sent);
	series_emit_value(w, "received", true, (double)c->received);
	series_emit_value(w, "successes", true, (double)c->successes);
	series_emit_value(w, "success_ratio", c->results != 0,
	    c->results != 0 ? (double)c->successes / (double)c->results : 0);
	k = quantile_value(&c->rtt, 0.5, &v);
	series_emit_value(w, "rtt_median", k, v);
	k = quantile_value(&c->rtt, 0.95, &v);
	series_emit_value(w, "rtt_p95", k, v);
	if (!with_vantages)
		return;
	series_emit_value(w, "vantages", true, (double)c->vantages.n);
	series_emit_value(w, "vantages_ok", true, (double)c->vantages_ok.n);
}

static const struct probe_cell *
cell_or_empty(const struct probe_bin *b, uint32_t scope)
{
	const struct probe_cell *c = bin_find(b, scope);

	return c != NULL ? c : &empty_cell;
}

void
probe_signal_rows(const struct probe_signal *s, uint32_t bin,
    series_emit_fn emit, void *arg)
{
	const struct probe_bin *b;
	struct series_writer w;
	const struct ip_addr *a;
	char *text = s->scope_text;
	uint32_t i, id;

	if (bin >= s->grid.nbins)
		return;
	b = s->bins[bin];
	memset(&w, 0, sizeof(w));
	w.emit = emit;
	w.arg = arg;
	w.row.bin = bin;
	w.row.signal = "probe";

	w.row.scope = "target";
	cell_rows(cell_or_empty(b, SCOPE_TARGET), true, &w);

	w.row.scope = text;
	for (i = 0; i < s->hosts.n; i++) {
		id = s->hosts.sorted[i];
		a = &s->hosts.addrs[id];
		memcpy(text, "host ", 5);
		if (inet_ntop(a->afi == AFI_IPV4 ? AF_INET : AF_INET6,
		    a->bytes, text + 5, (socklen_t)(s->scope_len - 5)) == NULL)
			text[5] = '\0';
		cell_rows(cell_or_empty(b, scope_host(id)), true, &w);
	}
	for (i = 0; i < s->vantages.n; i++) {
		id = s->vantages.sorted[i];
		memcpy(text, "vantage ", 8);
		strcpy(text + 8, s->vantages.names[id]);
		cell_rows(cell_or_empty(b, scope_vantage(id)), false, &w);
	}
}
