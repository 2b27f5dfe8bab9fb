/*
 * peer_sessions.h -- what each BGP peer of each collector did over the
 * records read, for the inventory: first and last message, routes in
 * the RIB dump, announcements and withdrawals, session state changes
 * (RFC 6396 4.4.1 STATE_CHANGE records) and the intervals the session
 * was down, and probable session resets that left no state record.
 *
 * A peer is a (collector, peer address, peer AS).  Records are fed one
 * collector at a time, in time order: its RIB dump first, then its
 * updates.  Records sent by the collector (*_LOCAL subtypes) are not
 * the peer's and are left out.
 *
 * Down: from a state change away from Established (RFC 4271 8.2.2:
 * state 6) until one back to Established, or until an UPDATE of the
 * peer (RFC 4271 9: only an Established session carries them) when the
 * archive has no state record of its return; a session still down at
 * the end of the collector's records is down until then (open).  While
 * a session is known to be up (routes in the RIB dump, UPDATEs, or a
 * change to Established), changes between other states belong to
 * another connection of the peer (a collision, RFC 4271 6.8) and are
 * listed, not counted as down; a peer not known to be up is down from
 * its first state other than Established.
 *
 * A probable silent reset: the peer sent nothing for longer than the
 * silence threshold (the event's peer_silence), then, within
 * PEER_RESET_BURST seconds of its first message after the silence,
 * announced again at least PEER_RESET_SHARE of the prefixes it had
 * before (at least PEER_RESET_MIN_PREFIXES of them), and no state
 * change of the peer was recorded in that time: a session that went
 * down and came back, the archive missing the state records (RouteViews
 * files carry none; a collector restart leaves none).  The RIB dump's
 * time counts as heard from every peer in it.
 *
 * "The prefixes it had before" are every prefix of its RIB entries and
 * of its announcements until then, withdrawn or not: they are counted
 * in a bitmap of PEER_PREFIX_BITS bits per peer by linear counting
 * (K.-Y. Whang, B. T. Vander-Zanden, H. M. Taylor, "A linear-time
 * probabilistic counting algorithm for database applications", ACM
 * TODS 15(2), 1990), which is exact in practice for small tables and
 * within a fraction of a percent for a full table; the burst's prefixes
 * in a second bitmap, and the share is that of the intersection.
 * Memory is bounded by the number of peers (32 KiB each while their
 * collector is being read), never by the input.
 */
#ifndef LIGHTSOUT_PEER_SESSIONS_H
#define LIGHTSOUT_PEER_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/bgp_record.h"

#define PEER_STATE_ESTABLISHED	6	/* RFC 4271 8.2.2 */

#define PEER_MAX_TRANSITIONS	64	/* kept per peer; the rest counted */
#define PEER_MAX_DOWN		64
#define PEER_MAX_RESETS		16
#define PEER_RESET_BURST	600	/* seconds after the silence */
#define PEER_RESET_SHARE	0.5	/* of the prefixes it had before */
#define PEER_RESET_MIN_PREFIXES	10
#define PEER_PREFIX_BITS	(1u << 18)

struct peer_transition {
	int64_t		 time;
	uint16_t	 old_state, new_state;
};

/* What ended a down interval. */
enum peer_down_end {
	PEER_DOWN_ESTABLISHED,	/* a state change to Established */
	PEER_DOWN_UPDATE,	/* an UPDATE of the peer, no state record */
	PEER_DOWN_OPEN,		/* nothing: still down at the end; until
				   is the collector's last record */
};

struct peer_down {
	int64_t		 from, until;	/* [from, until) */
	enum peer_down_end end;
};

struct peer_reset {
	int64_t		 silent_from;	/* the last heard before the silence */
	int64_t		 resumed;	/* the first message after it */
	uint64_t	 had;		/* prefixes it had before (estimate) */
	uint64_t	 reannounced;	/* of which announced again in the
					   burst (estimate) */
};

struct peer_session {
	const char	*collector;	/* owned by the tracker */
	struct ip_addr	 addr;
	uint32_t	 asn;

	bool		 has_messages;	/* first_time, last_time are set */
	int64_t		 first_time, last_time;	/* of its messages */
	uint64_t	 rib_entries;	/* routes in the RIB dump */
	uint64_t	 announcements, withdrawals;
	uint64_t	 state_changes;	/* STATE_CHANGE records */
	uint64_t	 other_messages;/* OPEN, KEEPALIVE, End-of-RIB ... */

	struct peer_transition *transitions;	/* the first ones, in order */
	size_t		 ntransitions;
	uint64_t	 transitions_dropped;

	struct peer_down *down;
	size_t		 ndown;
	uint64_t	 down_dropped;
	int64_t		 down_seconds;	/* all intervals, open ones too */

	struct peer_reset *resets;
	size_t		 nresets;
	uint64_t	 resets_dropped;
};

struct peer_sessions;

/* silence: seconds without a message that start a reset check (> 0). */
struct peer_sessions *peer_sessions_new(int64_t silence);
void		 peer_sessions_free(struct peer_sessions *ps);

/* The records that follow are collector's (copied).  -1 on OOM. */
int		 peer_sessions_begin(struct peer_sessions *ps,
		    const char *collector);

/* One record: a RIB entry, an update, a state change or a message. */
int		 peer_sessions_record(struct peer_sessions *ps,
		    const struct bgp_record *rec);

/* The collector's records are over: bursts judged, open downs closed. */
int		 peer_sessions_end(struct peer_sessions *ps);

/*
 * Every peer seen, sorted by collector, address (IPv4 first, then
 * bytes) and AS; valid until the next call that changes ps.
 */
const struct peer_session *const *peer_sessions_list(
		    const struct peer_sessions *ps, size_t *n);

#endif
