/*
 * detect.h -- intervals of trouble in each signal's series: outages,
 * instability, upstream changes, floods, collapses, probe outages, data
 * gaps, and the data-quality notes that must not be taken for outages.
 *
 * Baselines come from the event's own data: for each bin, the bins of
 * the trailing baseline window (default 24 hours) that were known and
 * not themselves flagged.  While fewer than baseline_min_bins such bins
 * exist (the start of the window), the baseline is taken over every known
 * bin of the window instead (a start-up baseline, said in the detail).
 *
 * The rules, with their defaults (lightsout-report(1)):
 *   BGP blackout	no target prefix visible in a bin, where the
 *			baseline had some (IODA's visibility rule decides
 *			"visible" per prefix, in the timeline)
 *   BGP partial	fewer prefixes visible than the baseline median,
 *			but some
 *   BGP instability	announcements + withdrawals above the baseline
 *			median + 6 MAD and above instability_min; bursts
 *			closer than merge_gap apart are one interval
 *   upstream change	an upstream AS appears or disappears
 *   flood		bytes towards the target above flood_factor x the
 *			baseline median and above flood_min_bps, or
 *			distinct sources above flood_factor x baseline, or
 *			a reflection share above 0.5 against a baseline
 *			below 0.1
 *   collapse		bytes towards the target below collapse_factor x a
 *			baseline that was itself above collapse_min_bps
 *   probe outage	a Trinocular-like belief (Quan et al. 2013) that
 *			the target is down, from the successes and failures
 *			of the bin against the baseline availability, above
 *			probe_belief, with fewer than probe_vantage_share of
 *			the vantages succeeding
 *   data gap		no collector known (BGP), no probe result where the
 *			baseline had some (probes), no flow record at all
 *			where the baseline had some (flows: the exporter
 *			silent, or nothing crossed its link)
 * Outages (blackout, partial, collapse, probe outage), instability, gaps
 * and vantage losses shorter than min_outage are flaps, not intervals:
 * the churn they cause is what the instability detector sees.  Bins of a
 * blackout too short to be one count towards a partial outage around it.
 * Flood bursts closer than flood_merge_gap are one flood (an attack
 * campaign), the evidence counting the bursts.
 *
 * Notes: a collector gap (fewer collectors known than the most seen), a
 * peer reset (fewer full-feed peers known than the most seen, while
 * visibility holds), a vantage loss (one vantage failing while the target
 * answers the others).
 */
#ifndef LIGHTSOUT_DETECT_H
#define LIGHTSOUT_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/series_table.h"

enum interval_kind {
	IV_BGP_BLACKOUT,
	IV_BGP_PARTIAL,
	IV_BGP_INSTABILITY,
	IV_BGP_UPSTREAM,
	IV_FLOW_FLOOD,
	IV_FLOW_COLLAPSE,
	IV_PROBE_OUTAGE,
	IV_BGP_GAP,
	IV_PROBE_GAP,
	IV_FLOW_GAP,
	IV_NOTE_COLLECTOR_GAP,
	IV_NOTE_PEER_RESET,
	IV_NOTE_VANTAGE_LOSS,
	IV_NKINDS
};

#define INTERVAL_TEXT_MAX	320

struct interval {
	enum interval_kind kind;
	uint32_t	 first, last;	/* bins, inclusive */
	int64_t		 start, end;	/* seconds UTC: [start, end) */
	bool		 has_exact_start;
	int64_t		 exact_start;	/* the first withdrawal, to the second */
	double		 peak;		/* the figure that stood out */
	double		 baseline;	/* and its baseline */
	bool		 startup_baseline;
	char		 scope[INTERVAL_TEXT_MAX];	/* prefixes, vantage */
	char		 detail[INTERVAL_TEXT_MAX];	/* figures, in words */
	/* Partial outages: probe runs towards target hosts inside the lost
	   prefixes over the interval, and how many succeeded. */
	uint64_t	 host_runs, host_successes;
};

struct interval_list {
	struct interval	*v;
	size_t		 n, cap;
};

struct detect_params {
	int64_t		 baseline_window;	/* seconds; 86400 */
	uint32_t	 baseline_min_bins;	/* 12 */
	double		 instability_mads;	/* 6 */
	double		 instability_min;	/* updates per bin; 20 */
	int64_t		 merge_gap;		/* seconds; 3600 */
	double		 flood_factor;		/* 10 */
	double		 flood_min_bps;		/* 10 Mbit/s */
	double		 collapse_factor;	/* 0.1 */
	double		 collapse_min_bps;	/* 1 Mbit/s */
	double		 probe_belief;		/* 0.9 */
	double		 probe_vantage_share;	/* 0.5 */
	int64_t		 min_outage;		/* seconds; 900 */
	int64_t		 flood_merge_gap;	/* seconds; 43200 */
};

void	detect_params_default(struct detect_params *p);

/* The series the detectors read, for series_table_init(). */
extern const struct series_want detect_wants[];
extern const size_t detect_nwants;

/* Find every interval in t; -1 on out of memory. */
int	detect_intervals(const struct series_table *t,
	    const struct detect_params *p, struct interval_list *out);

void	interval_list_free(struct interval_list *l);

const char *interval_kind_name(enum interval_kind k);

#endif
