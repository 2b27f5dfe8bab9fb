/*
 * analysis.h -- one event analysed: its target resolved, its archives
 * found, every input decoded into the BGP, flow and probe signals.  What
 * `lightsout timeline` writes and `lightsout report` reads.
 *
 * The work is cut into jobs that share nothing: one per BGP collector
 * (its RIB, then its updates in time order), one for all flow files (an
 * export session carries templates from one file to the next), one per
 * probe file.  Each job fills its own signal; N jobs run at a time.
 * When all are done their signals are merged in job order, whatever order
 * they finished in, and their diagnostics printed in job order, so that
 * the results are the same for any N.
 */
#ifndef LIGHTSOUT_ANALYSIS_H
#define LIGHTSOUT_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/archive.h"
#include "analyzer/bgp_signal.h"
#include "analyzer/bins.h"
#include "analyzer/event.h"
#include "analyzer/flow_signal.h"
#include "analyzer/probe_signal.h"
#include "analyzer/series.h"
#include "analyzer/target.h"

#define ANALYSIS_MAX_JOBS	64

struct analysis {
	const struct event	*ev;
	struct bin_grid		 grid;
	struct target		 target;
	struct archive		 archive;
	/* The merged signals; NULL when the event has no such input. */
	struct bgp_signal	*bgp;
	struct flow_signal	*flow;
	struct probe_signal	*probe;
	size_t			 collectors;	/* BGP jobs */
	size_t			 files_read;	/* selected files */
	size_t			 files_left;	/* outside the window */
	bool			 io_error;	/* an input unreadable */
	bool			 data_error;	/* damaged records skipped */

	struct analysis_job	*jobs;		/* private */
	size_t			 njobs;
};

/* The default number of jobs at a time: online CPUs, at most 8. */
unsigned	analysis_default_jobs(void);

/*
 * Analyse ev (borrowed; must outlive a) with njobs jobs at a time.
 * Diagnostics go to stderr, in job order; quiet leaves out the per-file
 * summaries and the progress line.  -1 with a message in err when the
 * analysis cannot be done at all (a bad window, an unreadable registry
 * file, out of memory); inputs that fail set io_error or data_error.
 */
int		analysis_run(struct analysis *a, const struct event *ev,
		    unsigned njobs, bool quiet, char *err, size_t errlen);
void		analysis_free(struct analysis *a);

/* The rows of bin, every signal in turn (BGP, flow, probe). */
void		analysis_rows(const struct analysis *a, uint32_t bin,
		    series_emit_fn emit, void *arg);

/* One line each: the targets, the inputs. */
void		analysis_describe_targets(const struct analysis *a, char *buf,
		    size_t len);
void		analysis_describe_inputs(const struct analysis *a, char *buf,
		    size_t len);

#endif
