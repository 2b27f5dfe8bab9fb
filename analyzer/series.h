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

#endif
