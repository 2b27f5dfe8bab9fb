/*
 * bgp_signal.h -- what BGP collectors saw of the target, bin by bin.
 *
 * Route state is kept per collector, peer (address and AS), target
 * prefix and ADD-PATH path id: which routes exist and their AS paths.
 * A prefix is tracked when it is a target prefix or inside one, or when
 * a target ASN originates it.  The RIB dump decides which peers are
 * full-feed (IODA's rule: more than full_feed_v4 IPv4 or full_feed_v6
 * IPv6 prefixes in the peer's table).
 *
 * At the end of each bin the state is sampled: per tracked prefix, the
 * peers with a route, the full-feed peers whose state is known, and the
 * full-feed peers with a route.  A peer whose session is down (a
 * STATE_CHANGE away from Established; it is known again when it comes
 * back to Established), and every peer of a collector inside a gap of
 * its files, is unknown for that time: it counts neither as having the
 * route nor as not having it.  A prefix is visible in a bin when more
 * than visible_share of the known full-feed peers have a route.
 *
 * Everything kept per bin is a count or a set that merges by adding or
 * uniting, so signals of disjoint collectors, or of disjoint time ranges
 * (each from its own RIB) on the same grid, merge into exactly the state
 * of one run: derived figures (visibility, /24 equivalents, upstream
 * changes) are computed only when rows are emitted.
 *
 * Series emitted per bin (signal "bgp"):
 *   scope PREFIX (each tracked prefix, sorted):
 *	peers_with_route, full_feed_known, full_feed_with_route, visible
 *   scope "target":
 *	visible_prefixes, visible_slash24 (/24 equivalents of the union of
 *	visible IPv4 prefixes), visible_ipv6_prefixes, announcements,
 *	withdrawals, duplicate_announcements (same path as the route held),
 *	path_changes, upstreams (text: the ASes next to the origin on
 *	routes held at the bin's end, sorted), upstreams_added,
 *	upstreams_removed (text, against the previous bin),
 *	first_withdrawal, last_withdrawal (seconds UTC, within the bin;
 *	unknown when none), collectors_known, full_feed_peers
 */
#ifndef LIGHTSOUT_BGP_SIGNAL_H
#define LIGHTSOUT_BGP_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/bgp_replay.h"
#include "analyzer/bins.h"
#include "analyzer/event.h"
#include "analyzer/progress.h"
#include "analyzer/series.h"
#include "analyzer/target.h"

struct bgp_signal;

/* grid, target and tuning are borrowed and must outlive the signal. */
struct bgp_signal *bgp_signal_new(const struct bin_grid *grid,
		    const struct target *target,
		    const struct event_tuning *tuning);
void		 bgp_signal_free(struct bgp_signal *s);

/* How bgp_signal_collector reports; NULL: nothing beyond diagnostics. */
struct bgp_collect_opts {
	struct progress	*progress;	/* records and files done */
	bool		 quiet;		/* no per-file summaries */
};

/*
 * Replay one collector's files into s (bgp_replay_open over a), with
 * the collector's gaps (archive_gaps) made unknown.  Diagnostics go to
 * log, and a summary line for each file with skips.  -1 on out of memory
 * only.
 */
int		 bgp_signal_collector(struct bgp_signal *s,
		    const struct archive *a, const char *collector,
		    struct diag_log *log, const struct bgp_collect_opts *opts);

/* Lower-level feeding, for tests and for bgp_signal_collector. */
int		 bgp_signal_begin(struct bgp_signal *s, const char *collector);
int		 bgp_signal_rib(struct bgp_signal *s, const struct bgp_record *rec);
int		 bgp_signal_rib_done(struct bgp_signal *s);
int		 bgp_signal_update(struct bgp_signal *s,
		    const struct bgp_record *rec);
/* The current collector has no data for [from, until). */
int		 bgp_signal_gap(struct bgp_signal *s, int64_t from, int64_t until);
int		 bgp_signal_end(struct bgp_signal *s);

/* Add src's per-bin state into dst (same grid and target). -1 on OOM. */
int		 bgp_signal_merge(struct bgp_signal *dst,
		    const struct bgp_signal *src);

/* Emit bin's rows, in a fixed order. */
void		 bgp_signal_rows(const struct bgp_signal *s, uint32_t bin,
		    series_emit_fn emit, void *arg);

#endif
