/*
 * id_index.h -- a hash index over the entries of a caller's array, by
 * their position (id): open addressing with linear probing, kept at most
 * half full.  The index holds ids only and the caller compares keys, so
 * one index type serves the peers and the prefixes of the BGP signal.
 *
 *	for (id = id_index_first(x, h, &pos); id >= 0;
 *	    id = id_index_next(x, &pos))
 *		if (key_equal(&array[id], key))
 *			return id;
 */
#ifndef LIGHTSOUT_ID_INDEX_H
#define LIGHTSOUT_ID_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct id_index {
	uint32_t	*slots;		/* id + 1; 0 empty */
	size_t		 cap;		/* power of two, or 0 */
};

/* The hash of the key of entry id, for rebuilding. */
typedef uint64_t (*id_index_hash_fn)(const void *ctx, uint32_t id);

void	id_index_free(struct id_index *x);

/* The first id whose key may have hash h, or -1; *pos walks the chain. */
long	id_index_first(const struct id_index *x, uint64_t h, size_t *pos);
long	id_index_next(const struct id_index *x, size_t *pos);

/*
 * Make room for one more id, the ids 0 .. n-1 being indexed: the index
 * is rebuilt from hash_of, twice as large, when it would be more than
 * half full.  -1 on out of memory.
 */
int	id_index_reserve(struct id_index *x, uint32_t n,
	    id_index_hash_fn hash_of, const void *ctx);

/* Index id (not indexed yet; id_index_reserve made room) under hash h. */
void	id_index_add(struct id_index *x, uint64_t h, uint32_t id);

#endif
