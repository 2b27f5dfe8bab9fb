/*
 * probe_signal.h -- what active probes saw of the target, bin by bin.
 *
 * A probe record counts when its target address is a target address
 * (inside a target prefix, or a target host).  It is put in the bin of
 * its start time.  Per bin it adds to three kinds of scope: the target
 * as a whole, its target host (when the address is one of the event's
 * hosts, or else the address itself when the target is prefixes: hosts
 * are listed by address), and its vantage ("prb N" for an Atlas probe,
 * else the record's vantage name, else its source address), so that one
 * vantage's local trouble is told apart from the target going dark.
 *
 * A run "succeeds" when it received at least one reply (pings) or
 * reached the destination (traces).  RTTs (the run's average for pings,
 * the last hop's median for traces that reached the target) go into a
 * log-bucketed histogram with 1% relative error (DDSketch-like,
 * mergeable); the median and 95th percentile are read from it.
 *
 * Series emitted per bin (signal "probe"), scopes in the order
 * "target", then hosts sorted by address, then vantages sorted by name:
 *	results, sent, received, successes, success_ratio (successes over
 *	results; unknown with no result), rtt_median, rtt_p95 (ms; unknown
 *	with no RTT), vantages, vantages_ok (target and host scopes)
 */
#ifndef LIGHTSOUT_PROBE_SIGNAL_H
#define LIGHTSOUT_PROBE_SIGNAL_H

#include <stdint.h>

#include "analyzer/bins.h"
#include "analyzer/event.h"
#include "analyzer/series.h"
#include "analyzer/target.h"
#include "parsers/probe_record.h"

struct probe_signal_stats {
	uint64_t	 results;	/* records offered */
	uint64_t	 in_window;
	uint64_t	 matched;	/* towards the target */
	uint64_t	 untimed;
};

struct probe_signal;

struct probe_signal *probe_signal_new(const struct bin_grid *grid,
		    const struct target *target,
		    const struct event_tuning *tuning);
void		 probe_signal_free(struct probe_signal *s);

int		 probe_signal_add(struct probe_signal *s,
		    const struct probe_record *rec);

int		 probe_signal_merge(struct probe_signal *dst,
		    const struct probe_signal *src);

const struct probe_signal_stats *probe_signal_stats(const struct probe_signal *s);

void		 probe_signal_rows(const struct probe_signal *s, uint32_t bin,
		    series_emit_fn emit, void *arg);

#endif
