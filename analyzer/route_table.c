/*
 * route_table.c -- (peer, prefix) entries in an open addressing table
 * with linear probing.  Entries are never deleted, so probing needs no
 * tombstones.  The first path of an entry is held inline: only ADD-PATH
 * peers with several paths for one prefix allocate.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/hash64.h"
#include "analyzer/route_table.h"

#define EMPTY_PEER	UINT32_MAX
#define MIN_CAP		1024

void
route_table_init(struct route_table *t)
{
	memset(t, 0, sizeof(*t));
}

void
route_table_free(struct route_table *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		if (t->slots[i].peer != EMPTY_PEER)
			free(t->slots[i].more);
	free(t->slots);
	route_table_init(t);
}

static size_t
slot_of(size_t cap, uint32_t peer, uint32_t prefix)
{
	return (size_t)hash64_word(HASH64_SEED, (uint64_t)peer << 32 |
	    prefix) & (cap - 1);
}

static struct route_entry *
probe(struct route_entry *slots, size_t cap, uint32_t peer, uint32_t prefix)
{
	size_t i = slot_of(cap, peer, prefix);

	while (slots[i].peer != EMPTY_PEER &&
	    (slots[i].peer != peer || slots[i].prefix != prefix))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static struct route_entry *
lookup(const struct route_table *t, uint32_t peer, uint32_t prefix)
{
	struct route_entry *e;

	if (t->cap == 0)
		return NULL;
	e = probe(t->slots, t->cap, peer, prefix);
	return e->peer == EMPTY_PEER ? NULL : e;
}

/* Double the table (entries move whole, their path arrays with them). */
static int
grow(struct route_table *t)
{
	struct route_entry *slots;
	size_t i, cap = t->cap ? t->cap * 2 : MIN_CAP;

	if ((slots = calloc(cap, sizeof(*slots))) == NULL)
		return -1;
	for (i = 0; i < cap; i++)
		slots[i].peer = EMPTY_PEER;
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].peer != EMPTY_PEER)
			*probe(slots, cap, t->slots[i].peer,
			    t->slots[i].prefix) = t->slots[i];
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

static struct route_path *
entry_path(struct route_entry *e, uint32_t i)
{
	return i == 0 ? &e->first : &e->more[i - 1];
}

int
route_set(struct route_table *t, uint32_t peer, uint32_t prefix,
    const struct route_path *p, enum route_change *change)
{
	struct route_entry *e;
	struct route_path *q, *more;
	uint32_t i, ncap;

	if ((t->used + 1) * 2 > t->cap && grow(t) == -1)
		return -1;
	e = probe(t->slots, t->cap, peer, prefix);
	if (e->peer == EMPTY_PEER) {
		memset(e, 0, sizeof(*e));
		e->peer = peer;
		e->prefix = prefix;
		t->used++;
	}
	for (i = 0; i < e->npaths; i++) {
		q = entry_path(e, i);
		if (q->path_id != p->path_id)
			continue;
		*change = q->path_hash == p->path_hash ? ROUTE_SAME :
		    ROUTE_CHANGED;
		*q = *p;
		return 0;
	}
	if (e->npaths >= 1 && e->npaths - 1 == e->cap_more) {
		ncap = e->cap_more ? e->cap_more * 2 : 2;
		more = realloc(e->more, ncap * sizeof(*more));
		if (more == NULL)
			return -1;
		e->more = more;
		e->cap_more = ncap;
	}
	*entry_path(e, e->npaths++) = *p;
	*change = ROUTE_NEW;
	return 0;
}

bool
route_remove(struct route_table *t, uint32_t peer, uint32_t prefix,
    uint32_t path_id)
{
	struct route_entry *e = lookup(t, peer, prefix);
	uint32_t i;

	if (e == NULL)
		return false;
	for (i = 0; i < e->npaths; i++) {
		if (entry_path(e, i)->path_id != path_id)
			continue;
		/* The last path takes its place: order does not matter. */
		*entry_path(e, i) = *entry_path(e, e->npaths - 1);
		e->npaths--;
		return true;
	}
	return false;
}

void
route_clear_peer(struct route_table *t, uint32_t peer)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		if (t->slots[i].peer == peer)
			t->slots[i].npaths = 0;
}

void
route_path_ases(const struct as_path *path, uint32_t *origin,
    uint32_t *upstream)
{
	const struct as_segment *seg;
	uint32_t s, k, as;

	*origin = ROUTE_NO_AS;
	*upstream = ROUTE_NO_AS;
	for (s = path->nsegs; s-- > 0;) {
		seg = &path->segs[s];
		if (seg->type != AS_SEQUENCE)
			return;
		for (k = seg->count; k-- > 0;) {
			as = path->asns[seg->first + k];
			if (*origin == ROUTE_NO_AS)
				*origin = as;
			else if (as != *origin) {
				*upstream = as;
				return;
			}
		}
	}
}
