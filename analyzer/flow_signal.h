/*
 * flow_signal.h -- what flow records saw of traffic towards and from
 * the target, bin by bin.
 *
 * A flow is "towards" the target when its destination is a target
 * address (inside a target prefix, or a target host), "from" it when its
 * source is; a flow inside the target counts in both.  A flow is put in
 * the bin of its start time (nfdump's rule; a flow without one at its
 * export time, else at its capture time; one with no time is counted as
 * untimed and left out).  Bytes, packets and flows are scaled by the
 * sampling rate the record carries.
 *
 * Distinct addresses are counted exactly up to tuning->distinct_exact
 * per bin and direction, then by a HyperLogLog of 2^14 registers
 * (standard error 1.04/sqrt(2^14) = 0.81%), which the rows state.  Top
 * lists are Space-Saving summaries (Metwally et al. 2005; merged as in
 * Agarwal et al., "Mergeable summaries", 2012) of 8 * tuning->top
 * counters by bytes: exact while a bin has no more keys than counters,
 * otherwise each count is an upper bound with its error stated.
 *
 * Per-bin state merges by adding counts, uniting exact sets, taking the
 * register-wise maximum of HyperLogLogs and merging summaries, so runs
 * over disjoint flow files merge into the state of one run over them all
 * (top lists beyond their capacity: within the stated error).
 *
 * Series emitted per bin (signal "flow"), for scope "towards" and
 * "from":
 *	bytes, packets, flows (scaled), src_addrs, dst_addrs (distinct),
 *	addrs_error (relative standard error of the distinct counts: 0
 *	when exact), bytes_tcp, bytes_udp, bytes_icmp, bytes_other,
 *	reflection_share (bytes from UDP reflection source ports over all
 *	bytes), syn_only_share (TCP flows whose flags are SYN alone, over
 *	TCP flows with flags), top_src, top_dst, top_src_port,
 *	top_dst_port (text: "KEY=BYTES ..." by bytes descending, ties by
 *	key), top_error (largest error bound among the top entries)
 * and for scope "all": flows_seen (timed flow records in the bin, of any
 * address, unscaled: whether the exporters were heard at all, so that a
 * collapse of the target's traffic is told from an exporter gone quiet)
 */
#ifndef LIGHTSOUT_FLOW_SIGNAL_H
#define LIGHTSOUT_FLOW_SIGNAL_H

#include <stdint.h>

#include "analyzer/bins.h"
#include "analyzer/event.h"
#include "analyzer/series.h"
#include "analyzer/target.h"
#include "parsers/flow_record.h"

struct flow_signal_stats {
	uint64_t	 flows;		/* records offered */
	uint64_t	 in_window;	/* timed inside the window */
	uint64_t	 matched;	/* towards or from the target */
	uint64_t	 untimed;	/* no time at all */
};

struct flow_signal;

struct flow_signal *flow_signal_new(const struct bin_grid *grid,
		    const struct target *target,
		    const struct event_tuning *tuning);
void		 flow_signal_free(struct flow_signal *s);

/* Count one record.  -1 on out of memory. */
int		 flow_signal_add(struct flow_signal *s,
		    const struct flow_record *rec);

int		 flow_signal_merge(struct flow_signal *dst,
		    const struct flow_signal *src);

const struct flow_signal_stats *flow_signal_stats(const struct flow_signal *s);

void		 flow_signal_rows(const struct flow_signal *s, uint32_t bin,
		    series_emit_fn emit, void *arg);

#endif
