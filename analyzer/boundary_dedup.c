/*
 * boundary_dedup.c -- per-file counts of boundary records, in an open
 * addressing table (linear probing) that is rebuilt, without the keys
 * too old to matter, whenever it is half full.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/boundary_dedup.h"
#include "analyzer/hash64.h"

/* The file index of the slot that holds a key's applied count. */
#define APPLIED_FILE	UINT32_MAX

#define DEDUP_MIN_CAP	256

struct dedup_slot {
	int64_t		second;
	uint64_t	hash;
	uint32_t	file;
	uint32_t	count;		/* 0: empty slot */
};

void
boundary_dedup_init(struct boundary_dedup *d)
{
	memset(d, 0, sizeof(*d));
	d->newest = INT64_MIN;
}

void
boundary_dedup_free(struct boundary_dedup *d)
{
	free(d->slots);
	boundary_dedup_init(d);
}

static size_t
slot_of(const struct boundary_dedup *d, int64_t second, uint64_t hash,
    uint32_t file)
{
	uint64_t h = hash64_word(hash64_word(hash, (uint64_t)second), file);

	return (size_t)h & (d->cap - 1);
}

/* The slot of the key, or the empty slot where it would go. */
static struct dedup_slot *
find(struct boundary_dedup *d, int64_t second, uint64_t hash, uint32_t file)
{
	struct dedup_slot *s;
	size_t i = slot_of(d, second, hash, file);

	for (;;) {
		s = &d->slots[i];
		if (s->count == 0 || (s->second == second &&
		    s->hash == hash && s->file == file))
			return s;
		i = (i + 1) & (d->cap - 1);
	}
}

/*
 * Rebuild the table without keys older than DEDUP_KEEP seconds before
 * the newest, at a size where what is left fills a quarter of it.
 */
static int
rebuild(struct boundary_dedup *d)
{
	struct boundary_dedup old = *d;
	struct dedup_slot *s, *n;
	size_t i, keep = 0, cap = DEDUP_MIN_CAP;
	int64_t horizon = d->newest - DEDUP_KEEP;

	for (i = 0; i < old.cap; i++)
		if (old.slots[i].count > 0 && old.slots[i].second >= horizon)
			keep++;
	while (cap < keep * 4)
		cap *= 2;
	if ((n = calloc(cap, sizeof(*n))) == NULL)
		return -1;
	d->slots = n;
	d->cap = cap;
	d->used = 0;
	for (i = 0; i < old.cap; i++) {
		s = &old.slots[i];
		if (s->count == 0 || s->second < horizon)
			continue;
		*find(d, s->second, s->hash, s->file) = *s;
		d->used++;
	}
	free(old.slots);
	return 0;
}

int
boundary_dedup_offer(struct boundary_dedup *d, int64_t second,
    uint64_t hash, uint32_t file)
{
	struct dedup_slot *mine, *applied;
	uint32_t count;

	if (second > d->newest)
		d->newest = second;
	/* Room for the two slots this may add, at most half full. */
	if ((d->used + 2) * 2 > d->cap && rebuild(d) == -1)
		return -1;

	mine = find(d, second, hash, file);
	if (mine->count == 0) {
		mine->second = second;
		mine->hash = hash;
		mine->file = file;
		d->used++;
	}
	count = ++mine->count;

	applied = find(d, second, hash, APPLIED_FILE);
	if (applied->count >= count)
		return 1;
	if (applied->count == 0) {
		applied->second = second;
		applied->hash = hash;
		applied->file = APPLIED_FILE;
		d->used++;
	}
	applied->count = count;
	return 0;
}
