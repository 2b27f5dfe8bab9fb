/*
 * timeline_writer.h -- the series of `lightsout timeline` as CSV (one
 * row per bin and series) or as a text table (one line per bin with the
 * target-wide figures of each signal).
 *
 * CSV columns, documented in lightsout-timeline(1):
 *	bin_start,bin_end,signal,metric,scope,value
 * value is empty when unknown (no data for the bin); whole numbers are
 * written without a fraction, others with up to 6 significant digits,
 * times as ISO 8601 UTC, sets as space-separated text.
 */
#ifndef LIGHTSOUT_TIMELINE_WRITER_H
#define LIGHTSOUT_TIMELINE_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analyzer/bins.h"
#include "analyzer/series.h"

enum timeline_format {
	TIMELINE_TEXT,
	TIMELINE_CSV,
};

/* What the text table's heading says; strings borrowed. */
struct timeline_heading {
	const char	*event_name;
	const char	*targets;	/* "175.45.176.0/22, AS131279" */
	const char	*inputs;	/* "12 MRT files (2 collectors), ..." */
	bool		 has_bgp, has_flow, has_probe;
};

struct timeline_writer;

struct timeline_writer *timeline_writer_new(FILE *fp,
		    enum timeline_format format, const struct bin_grid *grid);

/* The CSV header, or the text table's heading and column titles. */
void		 timeline_writer_begin(struct timeline_writer *w,
		    const struct timeline_heading *heading);

/* A series_emit_fn: arg is the writer. */
void		 timeline_writer_row(const struct series_row *row, void *arg);

/* After the rows of a bin (text: its line is written now). */
void		 timeline_writer_end_bin(struct timeline_writer *w,
		    uint32_t bin);

/* Flush and free; -1 when writing failed (errno kept). */
int		 timeline_writer_close(struct timeline_writer *w);

#endif
