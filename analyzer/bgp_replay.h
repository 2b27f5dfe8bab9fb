/*
 * bgp_replay.h -- one collector's MRT files as one stream of routing
 * records in time order: its RIB dump first (the last one at or before
 * the window start), then every update from the files that follow,
 * merged by time.
 *
 * Update files overlap at their boundaries (a collector writes a message
 * received at 16:15:00.2 into the file of 16:00 or of 16:15, and some
 * archives repeat the boundary second in both): a record of a later file
 * equal to one of an earlier file, at the same second, from the same
 * peer, with the same content, is the same message and is applied once;
 * equal records within one file are all applied (a peer may well send
 * the same UPDATE twice).  Records whose timestamps run backwards across
 * files are merged into time order (files are opened lazily, a few at a
 * time, in the order of their named times); within one file the file's
 * order is kept.
 */
#ifndef LIGHTSOUT_BGP_REPLAY_H
#define LIGHTSOUT_BGP_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/archive.h"
#include "analyzer/diag_log.h"
#include "parsers/bgp_record.h"
#include "parsers/diag.h"

enum bgp_replay_phase {
	REPLAY_RIB,		/* records of the RIB dump */
	REPLAY_RIB_DONE,	/* once, after the last RIB record: no record */
	REPLAY_UPDATES,		/* update records in time order */
	REPLAY_END,
};

/* What happened to each file, for the inventory and the report. */
struct bgp_replay_file {
	const struct archive_file *file;
	bool		 opened;
	bool		 failed;	/* could not be opened or decoded at all */
	bool		 damaged;	/* a data error: part of it is lost */
	uint64_t	 bytes_lost;	/* uncompressed bytes not decoded */
	int64_t		 first_time, last_time;	/* of its records; 0 none */
	uint64_t	 duplicates;	/* boundary records dropped as repeats */
	struct decode_stats stats;
};

struct bgp_replay;

/*
 * A replay over the selected MRT files of collector in a (borrowed,
 * must outlive the replay).  Decode errors and files that cannot be
 * opened go to log (file, offset, record, what) and the replay goes on.
 */
struct bgp_replay *bgp_replay_open(const struct archive *a,
		    const char *collector, struct diag_log *log);
void		 bgp_replay_close(struct bgp_replay *r);

/*
 * The next record, or a phase change.  *rec is valid until the next
 * call.  Returns the phase of what was returned: REPLAY_RIB and
 * REPLAY_UPDATES with *rec set, REPLAY_RIB_DONE once (also when the
 * collector has no RIB file), REPLAY_END at the end.
 */
enum bgp_replay_phase bgp_replay_next(struct bgp_replay *r,
		    const struct bgp_record **rec);

/* Per-file outcome, in the order of archive_file; valid after END. */
const struct bgp_replay_file *bgp_replay_files(const struct bgp_replay *r,
		    size_t *n);

#endif
