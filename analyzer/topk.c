/*
 * topk.c -- Space-Saving summaries: counters in a min-heap by count, so
 * that the counter to take over is found at once, and a hash of keys to
 * find a monitored key's counter.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/hll.h"
#include "analyzer/topk.h"

void
topk_init(struct topk *t, uint32_t capacity)
{
	memset(t, 0, sizeof(*t));
	t->capacity = capacity;
}

void
topk_free(struct topk *t)
{
	free(t->entries);
	free(t->heap);
	free(t->heap_pos);
	free(t->index);
	topk_init(t, t->capacity);
}

struct ip_addr
topk_port_key(uint16_t port)
{
	struct ip_addr k;

	memset(&k, 0, sizeof(k));
	k.bytes[0] = (uint8_t)(port >> 8);
	k.bytes[1] = (uint8_t)port;
	return k;
}

uint16_t
topk_key_port(const struct ip_addr *key)
{
	return (uint16_t)(key->bytes[0] << 8 | key->bytes[1]);
}

/* Counts saturate rather than wrap on absurd weights. */
static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

static int
key_cmp(const struct ip_addr *a, const struct ip_addr *b)
{
	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

static int
allocate(struct topk *t)
{
	uint32_t n = 2;

	while (n < 2 * t->capacity)
		n *= 2;
	t->entries = calloc(t->capacity, sizeof(*t->entries));
	t->heap = calloc(t->capacity, sizeof(*t->heap));
	t->heap_pos = calloc(t->capacity, sizeof(*t->heap_pos));
	t->index = calloc(n, sizeof(*t->index));
	if (t->entries == NULL || t->heap == NULL || t->heap_pos == NULL ||
	    t->index == NULL) {
		topk_free(t);
		return -1;
	}
	t->nindex = n;
	return 0;
}

/* The index slot holding key, or the empty slot where it would go. */
static uint32_t
index_slot(const struct topk *t, const struct ip_addr *key)
{
	uint32_t mask = t->nindex - 1;
	uint32_t i = (uint32_t)hll_hash_addr(key) & mask;

	while (t->index[i] != 0 &&
	    key_cmp(&t->entries[t->index[i] - 1].key, key) != 0)
		i = (i + 1) & mask;
	return i;
}

/*
 * Empty slot i and shift later members of its probe run back, so that
 * linear probing finds them without tombstones (Knuth, TAOCP vol. 3,
 * 6.4, algorithm R).
 */
static void
index_remove(struct topk *t, uint32_t i)
{
	uint32_t mask = t->nindex - 1, j = i, home;

	t->index[i] = 0;
	for (;;) {
		j = (j + 1) & mask;
		if (t->index[j] == 0)
			return;
		home = (uint32_t)hll_hash_addr(
		    &t->entries[t->index[j] - 1].key) & mask;
		/* Move j's key into the hole unless its home lies
		   cyclically in (i, j]. */
		if ((i <= j) ? (i < home && home <= j) :
		    (i < home || home <= j))
			continue;
		t->index[i] = t->index[j];
		t->index[j] = 0;
		i = j;
	}
}

static void
heap_swap(struct topk *t, uint32_t a, uint32_t b)
{
	uint32_t ea = t->heap[a], eb = t->heap[b];

	t->heap[a] = eb;
	t->heap[b] = ea;
	t->heap_pos[eb] = a;
	t->heap_pos[ea] = b;
}

static void
sift_up(struct topk *t, uint32_t i)
{
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (t->entries[t->heap[parent]].count <=
		    t->entries[t->heap[i]].count)
			return;
		heap_swap(t, i, parent);
		i = parent;
	}
}

static void
sift_down(struct topk *t, uint32_t i)
{
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, least = i;

		if (l < t->n && t->entries[t->heap[l]].count <
		    t->entries[t->heap[least]].count)
			least = l;
		if (r < t->n && t->entries[t->heap[r]].count <
		    t->entries[t->heap[least]].count)
			least = r;
		if (least == i)
			return;
		heap_swap(t, i, least);
		i = least;
	}
}

/* Put a new counter in a free entry. */
static void
insert_new(struct topk *t, const struct ip_addr *key, uint64_t count,
    uint64_t error, uint32_t slot)
{
	uint32_t e = t->n++;

	t->entries[e].key = *key;
	t->entries[e].count = count;
	t->entries[e].error = error;
	t->index[slot] = e + 1;
	t->heap[e] = e;
	t->heap_pos[e] = e;
	sift_up(t, e);
}

int
topk_add(struct topk *t, const struct ip_addr *key, uint64_t weight)
{
	struct topk_entry *least;
	uint32_t slot, e;

	if (t->capacity == 0)
		return 0;
	if (t->entries == NULL && allocate(t) == -1)
		return -1;
	slot = index_slot(t, key);
	if (t->index[slot] != 0) {
		e = t->index[slot] - 1;
		t->entries[e].count = add_sat(t->entries[e].count, weight);
		sift_down(t, t->heap_pos[e]);
		return 0;
	}
	if (t->n < t->capacity) {
		insert_new(t, key, weight, 0, slot);
		return 0;
	}
	/* Take over the smallest counter. */
	e = t->heap[0];
	least = &t->entries[e];
	index_remove(t, index_slot(t, &least->key));
	least->key = *key;
	least->error = least->count;
	least->count = add_sat(least->count, weight);
	t->index[index_slot(t, key)] = e + 1;
	sift_down(t, 0);
	return 0;
}

uint64_t
topk_floor(const struct topk *t)
{
	if (t->capacity == 0 || t->n < t->capacity)
		return 0;
	return t->entries[t->heap[0]].count;
}

static int
entry_rank_cmp(const void *a, const void *b)
{
	const struct topk_entry *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return key_cmp(&x->key, &y->key);
}

uint32_t
topk_sorted(const struct topk *t, struct topk_entry *out)
{
	if (t->n == 0)
		return 0;
	memcpy(out, t->entries, t->n * sizeof(*out));
	if (t->n > 1)
		qsort(out, t->n, sizeof(*out), entry_rank_cmp);
	return t->n;
}

/* The counter of key in t, or NULL. */
static const struct topk_entry *
find(const struct topk *t, const struct ip_addr *key)
{
	uint32_t slot;

	if (t->n == 0)
		return NULL;
	slot = index_slot(t, key);
	return t->index[slot] == 0 ? NULL : &t->entries[t->index[slot] - 1];
}

int
topk_merge(struct topk *dst, const struct topk *src)
{
	struct topk_entry *all = NULL;
	const struct topk_entry *other;
	uint64_t floor_dst, floor_src;
	uint32_t n = 0, i, keep;
	int rc = -1;

	if (src->n == 0 || dst->capacity == 0)
		return 0;
	if (dst->entries == NULL && allocate(dst) == -1)
		return -1;
	floor_dst = topk_floor(dst);
	floor_src = topk_floor(src);
	if ((all = calloc((size_t)dst->n + src->n, sizeof(*all))) == NULL)
		goto fail;
	for (i = 0; i < dst->n; i++) {
		all[n] = dst->entries[i];
		if ((other = find(src, &all[n].key)) != NULL) {
			all[n].count = add_sat(all[n].count, other->count);
			all[n].error = add_sat(all[n].error, other->error);
		} else {
			all[n].count = add_sat(all[n].count, floor_src);
			all[n].error = add_sat(all[n].error, floor_src);
		}
		n++;
	}
	for (i = 0; i < src->n; i++) {
		if (find(dst, &src->entries[i].key) != NULL)
			continue;
		all[n] = src->entries[i];
		all[n].count = add_sat(all[n].count, floor_dst);
		all[n].error = add_sat(all[n].error, floor_dst);
		n++;
	}
	keep = n;
	if (keep > dst->capacity) {
		if (n > 1)
			qsort(all, n, sizeof(*all), entry_rank_cmp);
		keep = dst->capacity;
	}
	/* Rebuild dst from the kept counters. */
	memset(dst->index, 0, dst->nindex * sizeof(*dst->index));
	dst->n = 0;
	for (i = 0; i < keep; i++)
		insert_new(dst, &all[i].key, all[i].count, all[i].error,
		    index_slot(dst, &all[i].key));
	rc = 0;
fail:
	free(all);
	return rc;
}
