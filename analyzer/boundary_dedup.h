/*
 * boundary_dedup.h -- recognising the records that two update files of
 * one collector both hold at their common boundary, so that the replay
 * applies each message once.
 *
 * A record is known by its second and a 64-bit hash of its content
 * (bgp_replay.c says which fields).  For every such key the table counts
 * how many times each file has yielded it, and how many times it was
 * applied; a record is applied only when its file's count goes past the
 * applied count.  So a message is applied as many times as the file that
 * holds it most often holds it: equal records within one file are all
 * applied, and a later file's copies of them are dropped, whatever the
 * order in which the merge hands the files' records out.
 *
 * Memory: the replay offers only records near a file boundary, and the
 * table forgets keys older than DEDUP_KEEP seconds before the newest
 * one offered, so what it holds is bounded by the records of a few
 * minutes, not by the input.
 */
#ifndef LIGHTSOUT_BOUNDARY_DEDUP_H
#define LIGHTSOUT_BOUNDARY_DEDUP_H

#include <stddef.h>
#include <stdint.h>

/* Keys this far behind the newest second are forgotten when the table
   fills: ten minutes, more than any boundary skew seen in archives. */
#define DEDUP_KEEP	600

struct dedup_slot;

struct boundary_dedup {
	struct dedup_slot *slots;
	size_t		 cap;		/* power of two, or 0 */
	size_t		 used;
	int64_t		 newest;	/* newest second offered */
};

void	boundary_dedup_init(struct boundary_dedup *d);
void	boundary_dedup_free(struct boundary_dedup *d);

/*
 * Offer a record of file (its index among the collector's files) at
 * second with content hash.  1: a repeat of a record already applied
 * from another file, drop it; 0: apply it; -1: out of memory (apply it).
 */
int	boundary_dedup_offer(struct boundary_dedup *d, int64_t second,
	    uint64_t hash, uint32_t file);

#endif
