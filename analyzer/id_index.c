/*
 * id_index.c -- ids in an open addressing table, linear probing.
 */
#include <stdlib.h>

#include "analyzer/id_index.h"

#define ID_INDEX_MIN_CAP	64

void
id_index_free(struct id_index *x)
{
	free(x->slots);
	x->slots = NULL;
	x->cap = 0;
}

long
id_index_first(const struct id_index *x, uint64_t h, size_t *pos)
{
	if (x->cap == 0)
		return -1;
	*pos = (size_t)h & (x->cap - 1);
	return (long)x->slots[*pos] - 1;
}

long
id_index_next(const struct id_index *x, size_t *pos)
{
	*pos = (*pos + 1) & (x->cap - 1);
	return (long)x->slots[*pos] - 1;
}

void
id_index_add(struct id_index *x, uint64_t h, uint32_t id)
{
	size_t i = (size_t)h & (x->cap - 1);

	while (x->slots[i] != 0)
		i = (i + 1) & (x->cap - 1);
	x->slots[i] = id + 1;
}

int
id_index_reserve(struct id_index *x, uint32_t n, id_index_hash_fn hash_of,
    const void *ctx)
{
	struct id_index grown;
	uint32_t id;

	if (((size_t)n + 1) * 2 <= x->cap)
		return 0;
	grown.cap = x->cap ? x->cap * 2 : ID_INDEX_MIN_CAP;
	if ((grown.slots = calloc(grown.cap, sizeof(*grown.slots))) == NULL)
		return -1;
	for (id = 0; id < n; id++)
		id_index_add(&grown, hash_of(ctx, id), id);
	free(x->slots);
	*x = grown;
	return 0;
}
