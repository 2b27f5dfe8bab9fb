/*
 * series_table.h -- the rows of the signals gathered into columns, one
 * per series (signal, metric, scope), each with a value per bin: what the
 * detectors read.  Only the series a table is asked for are kept (a
 * country's per-prefix series would otherwise be large), in the order
 * they first appear, which is the signals' fixed order.
 */
#ifndef LIGHTSOUT_SERIES_TABLE_H
#define LIGHTSOUT_SERIES_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/bins.h"
#include "analyzer/series.h"

struct series_column {
	char		*signal;
	char		*metric;
	char		*scope;
	double		*value;		/* nbins */
	bool		*known;		/* nbins; false: unknown or no row */
	char		**text;		/* nbins, set series only; else NULL */
};

/*
 * Which series to keep: a metric of a signal, for one scope or (scope
 * NULL) for every scope.
 */
struct series_want {
	const char	*signal;
	const char	*metric;
	const char	*scope;
};

struct series_table {
	const struct bin_grid	*grid;
	const struct series_want *want;
	size_t			 nwant;
	struct series_column	*columns;
	size_t			 ncolumns, cap;
	size_t			 hint;		/* where the next search starts */
	bool			 failed;	/* out of memory on the way */
};

/* want (nwant entries) and grid are borrowed. */
void	series_table_init(struct series_table *t, const struct bin_grid *grid,
	    const struct series_want *want, size_t nwant);
void	series_table_free(struct series_table *t);

/* A series_emit_fn: arg is the table. */
void	series_table_add(const struct series_row *row, void *arg);

/* The column of a series, or NULL when no row of it came. */
const struct series_column *series_table_find(const struct series_table *t,
	    const char *signal, const char *metric, const char *scope);

#endif
