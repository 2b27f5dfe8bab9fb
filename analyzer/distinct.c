/*
 * distinct.c -- exact address sets that turn into HyperLogLogs.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/distinct.h"

#define DISTINCT_MIN_SLOTS	16

void
distinct_init(struct distinct *d, uint32_t limit)
{
	memset(d, 0, sizeof(*d));
	d->limit = limit;
}

void
distinct_free(struct distinct *d)
{
	free(d->slots);
	free(d->hll);
	d->slots = NULL;
	d->hll = NULL;
	d->nslots = d->count = 0;
}

static bool
addr_equal(const struct ip_addr *a, const struct ip_addr *b)
{
	return a->afi == b->afi && memcmp(a->bytes, b->bytes, 16) == 0;
}

/* The slot holding a, or the empty slot where it would go. */
static struct ip_addr *
slot_of(struct ip_addr *slots, uint32_t nslots, const struct ip_addr *a)
{
	uint32_t mask = nslots - 1;
	uint32_t i = (uint32_t)hll_hash_addr(a) & mask;

	while (slots[i].afi != 0 && !addr_equal(&slots[i], a))
		i = (i + 1) & mask;
	return &slots[i];
}

/* Room for one more address at a load of at most one half. */
static int
reserve_slot(struct distinct *d)
{
	struct ip_addr *slots;
	uint32_t n, i;

	if (d->nslots != 0 && (d->count + 1) * 2 <= d->nslots)
		return 0;
	n = d->nslots == 0 ? DISTINCT_MIN_SLOTS : d->nslots * 2;
	if ((slots = calloc(n, sizeof(*slots))) == NULL)
		return -1;
	for (i = 0; i < d->nslots; i++)
		if (d->slots[i].afi != 0)
			*slot_of(slots, n, &d->slots[i]) = d->slots[i];
	free(d->slots);
	d->slots = slots;
	d->nslots = n;
	return 0;
}

/* Move the exact set into a new HyperLogLog. */
static int
switch_to_hll(struct distinct *d)
{
	uint32_t i;

	if ((d->hll = malloc(sizeof(*d->hll))) == NULL)
		return -1;
	hll_init(d->hll);
	for (i = 0; i < d->nslots; i++)
		if (d->slots[i].afi != 0)
			hll_add_hash(d->hll, hll_hash_addr(&d->slots[i]));
	free(d->slots);
	d->slots = NULL;
	d->nslots = d->count = 0;
	return 0;
}

int
distinct_add(struct distinct *d, const struct ip_addr *a)
{
	struct ip_addr *slot;

	if (a->afi == 0)
		return 0;
	if (d->hll != NULL) {
		hll_add_hash(d->hll, hll_hash_addr(a));
		return 0;
	}
	if (d->nslots != 0) {
		slot = slot_of(d->slots, d->nslots, a);
		if (slot->afi != 0)
			return 0;
	}
	if (d->count >= d->limit) {
		if (switch_to_hll(d) == -1)
			return -1;
		hll_add_hash(d->hll, hll_hash_addr(a));
		return 0;
	}
	if (reserve_slot(d) == -1)
		return -1;
	slot = slot_of(d->slots, d->nslots, a);
	*slot = *a;
	d->count++;
	return 0;
}

int
distinct_merge(struct distinct *dst, const struct distinct *src)
{
	uint32_t i;

	if (src->hll != NULL) {
		if (dst->hll == NULL && switch_to_hll(dst) == -1)
			return -1;
		hll_merge(dst->hll, src->hll);
		return 0;
	}
	for (i = 0; i < src->nslots; i++)
		if (src->slots[i].afi != 0 &&
		    distinct_add(dst, &src->slots[i]) == -1)
			return -1;
	return 0;
}

double
distinct_count(const struct distinct *d)
{
	if (d->hll != NULL)
		return hll_estimate(d->hll);
	return d->count;
}

bool
distinct_is_exact(const struct distinct *d)
{
	return d->hll == NULL;
}

double
distinct_error(const struct distinct *d)
{
	return d->hll == NULL ? 0.0 : HLL_STD_ERROR;
}
