/*
 * series.h -- how a signal hands its per-bin figures to the writers:
 * one row per bin and series, a series being (signal, metric, scope).
 * Signals emit their rows for one bin at a time, always in the same
 * order, so that the output is the same bytes for the same inputs.
 */
#ifndef LIGHTSOUT_SERIES_H
#define LIGHTSOUT_SERIES_H

#include <stdbool.h>
#include <stdint.h>

struct series_row {
	uint32_t	 bin;		/* index in the grid */
	const char	*signal;	/* "bgp", "flow", "probe" */
	const char	*metric;	/* "visible_prefixes", "bytes" ... */
	const char	*scope;		/* "target", a prefix, "towards",
					   a host, "vantage 6001" ... */
	bool		 known;		/* false: no data for this bin (gap,
					   session down): value is empty */
	double		 value;		/* when known and text is NULL;
					   counts are whole numbers */
	const char	*text;		/* set or list values ("4837 20485");
					   NULL for numbers */
	bool		 is_time;	/* value is seconds UTC: written as
					   an ISO 8601 time */
};

typedef void	(*series_emit_fn)(const struct series_row *row, void *arg);

/*
 * A signal emitting rows: the row's bin, signal and scope are set once,
 * then each series_emit_* sets the metric and value and emits it.
 */
struct series_writer {
	struct series_row row;
	series_emit_fn	 emit;
	void		*arg;
};

/* A number; value is ignored (0) when not known. */
static inline void
series_emit_value(struct series_writer *w, const char *metric, bool known,
    double value)
{
	w->row.metric = metric;
	w->row.known = known;
	w->row.value = known ? value : 0.0;
	w->row.text = NULL;
	w->emit(&w->row, w->arg);
}

static inline void
series_emit_text(struct series_writer *w, const char *metric,
    const char *text)
{
	w->row.metric = metric;
	w->row.known = true;
	w->row.value = 0.0;
	w->row.text = text;
	w->emit(&w->row, w->arg);
}

#endif
