/*
 * route_table.h -- the routes one collector's peers hold for the tracked
 * prefixes: per (peer, prefix), the ADD-PATH paths (RFC 7911) present,
 * each with its origin AS, the AS next to it and a hash of its AS path.
 *
 * Peers and prefixes are small integers the caller assigns.  An entry
 * stays once created (with no path when its routes are gone), so that
 * clearing a peer or withdrawing a route never moves entries around: the
 * table is bounded by tracked prefixes times peers, the analysis state.
 */
#ifndef LIGHTSOUT_ROUTE_TABLE_H
#define LIGHTSOUT_ROUTE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/bgp_record.h"

/* "No AS": AS 0 is reserved and never on a valid path (RFC 7607). */
#define ROUTE_NO_AS	0

struct route_path {
	uint32_t	path_id;	/* 0 without ADD-PATH */
	uint32_t	origin;		/* ROUTE_NO_AS: ends in an AS_SET */
	uint32_t	upstream;	/* ROUTE_NO_AS: none (a one-AS path) */
	uint64_t	path_hash;	/* of the whole AS path */
};

struct route_entry {
	uint32_t	 peer;		/* UINT32_MAX: empty slot */
	uint32_t	 prefix;
	uint32_t	 npaths;
	uint32_t	 cap_more;
	struct route_path first;
	struct route_path *more;	/* paths after the first */
};

struct route_table {
	struct route_entry *slots;
	size_t		 cap;		/* power of two, or 0 */
	size_t		 used;
};

enum route_change {
	ROUTE_NEW,		/* the peer had no path with this id */
	ROUTE_SAME,		/* it had the same AS path */
	ROUTE_CHANGED,		/* it had another AS path */
};

void	route_table_init(struct route_table *t);
void	route_table_free(struct route_table *t);

/* Set the path p->path_id of (peer, prefix) to p.  -1 on out of memory. */
int	route_set(struct route_table *t, uint32_t peer, uint32_t prefix,
	    const struct route_path *p, enum route_change *change);

/* Remove a path; false when it was not there. */
bool	route_remove(struct route_table *t, uint32_t peer, uint32_t prefix,
	    uint32_t path_id);

/* Remove every path of peer (its session went down). */
void	route_clear_peer(struct route_table *t, uint32_t peer);

/* Path i (< e->npaths) of an entry. */
static inline const struct route_path *
route_entry_path(const struct route_entry *e, uint32_t i)
{
	return i == 0 ? &e->first : &e->more[i - 1];
}

/*
 * The origin and upstream AS of a path: the last AS of its final
 * AS_SEQUENCE, and the AS before it once prepending (repeats of the
 * origin) is removed, looking back through earlier AS_SEQUENCE segments
 * (a long path is split into several).  Either is ROUTE_NO_AS when the
 * path does not say: an AS_SET or confederation segment in the way, or a
 * path of one AS.
 */
void	route_path_ases(const struct as_path *path, uint32_t *origin,
	    uint32_t *upstream);

#endif
