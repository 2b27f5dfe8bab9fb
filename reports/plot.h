/*
 * plot.h -- the timeline plot of `lightsout report`: the signals of an
 * event over its window as stacked panels sharing one UTC time axis, the
 * incidents as shaded bands across every panel, written as SVG (for the
 * browser) and as PNG, drawn with cairo.
 *
 * The picture is PLOT_WIDTH pixels wide and
 *	PLOT_TOP + legend_rows * PLOT_LEGEND_ROW
 *	    + npanels * PLOT_PANEL_HEIGHT + PLOT_BOTTOM
 * pixels high, where legend_rows is the number of lines the legend of the
 * bands needs (0 when there are no bands and no "no data" stretch; one
 * line holds about six entries).
 *
 * Same spec, same bytes: of the SVG (cairo's process-wide surface ids are
 * renumbered, see plot.c) and of the PNG, whatever the process drew
 * before, given the same cairo, pixman, freetype and DejaVu fonts.
 */
#ifndef LIGHTSOUT_PLOT_H
#define LIGHTSOUT_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/bins.h"

#define PLOT_WIDTH		1200
#define PLOT_TOP		44	/* title */
#define PLOT_LEGEND_ROW		20	/* a line of the band legend */
#define PLOT_PANEL_HEIGHT	220	/* heading, plot area, tick marks */
#define PLOT_BOTTOM		46	/* time labels and footer */

#define PLOT_MAX_LINES		4
#define PLOT_MAX_PANELS		8

/*
 * One curve of a panel.  Bin i of the spec's grid is values[i] when
 * known[i] (known NULL: every bin is known); an unknown bin, or a value
 * that is not finite, breaks the line.  Where no line of a panel is
 * known the panel shows a hatched "no data" stretch.
 */
struct plot_line {
	const char	*label;		/* legend: "visible /24s" */
	const double	*values;	/* grid->nbins values */
	const bool	*known;		/* grid->nbins flags, or NULL */
};

struct plot_panel {
	const char	*title;		/* "BGP: visible prefixes of the target" */
	const char	*unit;		/* "prefixes", "Mbit/s", "%"; NULL: none */
	size_t		 nlines;	/* 0 to PLOT_MAX_LINES */
	struct plot_line lines[PLOT_MAX_LINES];
};

/* Palette index of a band (Okabe & Ito's colour-blind-safe colours). */
enum plot_band_kind {
	PLOT_BAND_OUTAGE,		/* vermillion */
	PLOT_BAND_PARTIAL,		/* orange */
	PLOT_BAND_INSTABILITY,		/* reddish purple */
	PLOT_BAND_FLOOD,		/* sky blue */
	PLOT_BAND_DATA_PLANE,		/* bluish green */
	PLOT_BAND_DATA_GAP,		/* grey */
	PLOT_BAND_KINDS
};

/*
 * An incident: a shaded interval across all panels, clipped to the
 * window and at least 2 pixels wide.  Bands of the same kind and label
 * share one legend entry.
 */
struct plot_band {
	int64_t		 start, end;	/* seconds UTC, [start, end) */
	const char	*label;		/* "routing blackout"; NULL: the kind's name */
	int		 kind;		/* enum plot_band_kind */
};

struct plot_spec {
	const char		*title;		/* "North Korea, December 2014" */
	const struct bin_grid	*grid;
	const struct plot_panel	*panels;
	size_t			 npanels;	/* 1 to PLOT_MAX_PANELS */
	const struct plot_band	*bands;
	size_t			 nbands;
};

/*
 * Write the plot as SVG to svg_path and as PNG to png_path (either may be
 * NULL).  Strings are UTF-8.  0, or -1 with "PATH: what" in err (a file
 * left half written is removed).  Not thread-safe: it empties cairo's and
 * fontconfig's process-wide caches before it returns, so no other thread
 * may draw with cairo meanwhile.
 */
int	plot_write(const struct plot_spec *spec, const char *svg_path,
	    const char *png_path, char *err, size_t errlen);

#endif
