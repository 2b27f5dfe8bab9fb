/*
 * plot.c -- the timeline plot of `lightsout report` as SVG and PNG,
 * drawn with cairo's image and SVG surfaces from one drawing routine.
 *
 * Layout, top to bottom: the title; the legend of the incident bands;
 * one panel per signal (a heading with the panel's title and the legend
 * of its lines, then the plot area with its y axis at the left); the
 * time labels under the last panel; a footer saying what the times and
 * bins are.  Incidents are shaded across every panel in Okabe & Ito's
 * colour-blind-safe palette ("Color Universal Design", 2008,
 * https://jfly.uni-koeln.de/color/); stretches where no line of a panel
 * is known are hatched, and the lines break there.
 *
 * Windows with more bins than the plot area has pixel columns are drawn
 * a column at a time: the first, lowest, highest and last known value of
 * each column, in the order they came, so that a one-bin spike or dip
 * stays visible and the path stays bounded by the width of the picture
 * whatever the number of bins.
 *
 * Determinism.  Text goes through cairo's toy API in DejaVu Sans with the
 * font options fixed here (no hinting, unhinted metrics), so that the
 * fontconfig setup of the machine does not move glyphs and both surfaces
 * lay text out alike.  Cairo's SVG surface (1.16) names its root group
 * "surfaceN" after a process-wide counter of surfaces, so that a second
 * plot in the same process would differ; the SVG is therefore written to
 * memory and copied to the file with every "surfaceN" and "imageN" id
 * (the two cairo numbers from global counters) renumbered in order of
 * first appearance.  The other ids (glyphs, clip paths) count within the
 * document.  The same pass adds a <title> holding the plot's title, as
 * cairo writes text as glyph outlines that a browser cannot search.  The
 * PNG (cairo_surface_write_to_png_stream, libpng without a time chunk)
 * depends on its pixels alone.
 *
 * Caches.  Cairo keeps the fonts it used, and fontconfig its whole
 * configuration, for the life of the process; fontconfig 2.14 also leaks
 * a pattern while parsing its configuration unless FcFini() runs.  Each
 * plot_write() therefore ends by emptying both
 * (cairo_debug_reset_static_data(), FcFini()): nothing is left for leak
 * checkers to report, every call starts from the same state, and the cost
 * is loading fontconfig's configuration again, about 10 ms.  It also
 * means that nothing else in the process may hold cairo objects while
 * plot_write() runs; lightsout draws with cairo here only.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
#include <fontconfig/fontconfig.h>

#include "parsers/civil_time.h"
#include "reports/plot.h"

#define FONT_FAMILY	"DejaVu Sans"

/* Geometry in pixels (SVG user units, 1 px each). */
#define MARGIN_LEFT	72	/* y tick labels and unit */
#define MARGIN_RIGHT	24
#define TITLE_BASELINE	28
#define PANEL_HEAD	28	/* panel title and line legend */
#define PANEL_AREA	170	/* the plot area proper */
#define SWATCH_W	14
#define SWATCH_H	10
#define XTICK_MIN_GAP	90	/* pixels between time ticks, at least */
#define YTICK_MAX	6	/* intervals on the y axis, at most */

/* Okabe & Ito colours as 0xRRGGBB. */
static const uint32_t band_colours[PLOT_BAND_KINDS] = {
	0xd55e00,	/* outage: vermillion */
	0xe69f00,	/* partial: orange */
	0xcc79a7,	/* instability: reddish purple */
	0x56b4e9,	/* flood: sky blue */
	0x009e73,	/* data-plane: bluish green */
	0x999999,	/* data gap: grey */
};
static const char *const band_names[PLOT_BAND_KINDS] = {
	"outage", "partial outage", "instability", "flood",
	"data-plane loss", "data gap",
};
/*
 * How much of its colour a band mixes into white: outages most, so that
 * they stand out.  Bands are opaque, so that a band inside another keeps
 * the colour of its legend entry; the shorter are drawn over the longer.
 */
static const double band_strengths[PLOT_BAND_KINDS] = {
	0.42, 0.32, 0.30, 0.30, 0.26, 0.26,
};

/* Lines differ in colour and in dashes, for readers of grey prints. */
static const uint32_t line_colours[PLOT_MAX_LINES] = {
	0x0072b2,	/* blue */
	0x000000,	/* black */
	0x009e73,	/* bluish green */
	0xd55e00,	/* vermillion */
};
static const double line_dashes[PLOT_MAX_LINES][4] = {
	{ 0 }, { 6, 3 }, { 2, 2 }, { 8, 3, 2, 3 },
};
static const int line_ndashes[PLOT_MAX_LINES] = { 0, 2, 2, 4 };

/* What the drawing needs beyond the spec, worked out once. */
struct layout {
	const struct plot_spec	*spec;
	const struct bin_grid	*grid;
	int			 width, height;
	double			 x0, x1;	/* the plot areas' left and right */
	double			 panels_top;
	int			 legend_rows;
	bool			 any_gap;	/* some panel has a "no data" stretch */
	bool			 downsample;	/* more bins than pixel columns */
};

/* The y axis of a panel. */
struct yscale {
	double		 lo, hi, step;
	double		 divisor;	/* tick labels in units of this */
	const char	*suffix;	/* "", "k", "M", "G" */
	int		 decimals;
};

/* The time axis: ticks every step seconds, or every months months. */
struct xticks {
	int64_t		 step;
	int64_t		 offset;	/* ticks at offset + k * step */
	int		 months;
};

struct xtick_iter {
	const struct xticks	*xt;
	int64_t			 end;
	int64_t			 t;		/* next tick */
	int64_t			 month;		/* months since year 0 */
};

/* One pixel column (or one bin) of a line. */
struct column {
	bool		 open;		/* holds a known bin */
	bool		 joined;	/* continues the line of the column before */
	int64_t		 key;
	double		 x;
	double		 first, last, lo, hi;
	uint32_t	 nbins, ilo, ihi;
};

/* The SVG as cairo writes it, before its ids are renumbered. */
struct membuf {
	unsigned char	*data;
	size_t		 len, cap;
	bool		 failed;
};

struct file_sink {
	FILE		*fp;
	int		 error;		/* errno of the first failed write */
};

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static void
set_colour(cairo_t *cr, uint32_t rgb, double alpha)
{
	cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0,
	    ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha);
}

/* rgb mixed into white, strength 0 to 1: the band colours. */
static void
set_band_colour(cairo_t *cr, int kind)
{
	uint32_t	 rgb = band_colours[kind];
	double		 a = band_strengths[kind];

	cairo_set_source_rgb(cr, 1 - a + a * ((rgb >> 16) & 0xff) / 255.0,
	    1 - a + a * ((rgb >> 8) & 0xff) / 255.0,
	    1 - a + a * (rgb & 0xff) / 255.0);
}

static void
set_font(cairo_t *cr, double size, bool bold)
{
	cairo_select_font_face(cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
	    bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

/* Fixed, so that neither fontconfig's settings nor the surface move text. */
static void
set_font_options(cairo_t *cr)
{
	cairo_font_options_t *fo;

	fo = cairo_font_options_create();
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
}

static double
text_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t te;

	cairo_text_extents(cr, s, &te);
	return te.x_advance;
}

enum align { ALIGN_LEFT, ALIGN_CENTRE, ALIGN_RIGHT };

/* s with its baseline at y, its left, centre or right at x. */
static void
show_text(cairo_t *cr, double x, double y, enum align align, const char *s)
{
	double w = align == ALIGN_LEFT ? 0 : text_width(cr, s);

	if (align == ALIGN_CENTRE)
		x -= w / 2;
	else if (align == ALIGN_RIGHT)
		x -= w;
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

/* ------------------------------------------------------------------ */
/* Times                                                               */

/* "2014-12-22" of t. */
static void
format_date(int64_t t, char *buf, size_t len)
{
	int64_t		 year;
	unsigned	 month, day;

	civil_from_days(floor_div(t, 86400), &year, &month, &day);
	snprintf(buf, len, "%04lld-%02u-%02u", (long long)year, month, day);
}

/* "16:15", or "16:15:30" when the seconds matter. */
static void
format_clock(int64_t t, bool seconds, char *buf, size_t len)
{
	int64_t s = t - floor_div(t, 86400) * 86400;

	if (seconds)
		snprintf(buf, len, "%02d:%02d:%02d", (int)(s / 3600),
		    (int)(s / 60 % 60), (int)(s % 60));
	else
		snprintf(buf, len, "%02d:%02d", (int)(s / 3600),
		    (int)(s / 60 % 60));
}

/* "5 min", "1 h", "2 days", "30 s". */
static void
format_duration(int64_t s, char *buf, size_t len)
{
	if (s % 86400 == 0)
		snprintf(buf, len, "%lld day%s", (long long)(s / 86400),
		    s == 86400 ? "" : "s");
	else if (s % 3600 == 0)
		snprintf(buf, len, "%lld h", (long long)(s / 3600));
	else if (s % 60 == 0)
		snprintf(buf, len, "%lld min", (long long)(s / 60));
	else
		snprintf(buf, len, "%lld s", (long long)s);
}

static double
x_of_time(const struct layout *lay, double t)
{
	const struct bin_grid *g = lay->grid;

	return lay->x0 + (t - (double)g->start) * (lay->x1 - lay->x0) /
	    (double)(g->end - g->start);
}

/* Bins are drawn at their middle. */
static double
x_of_bin(const struct layout *lay, uint32_t i)
{
	const struct bin_grid *g = lay->grid;

	return x_of_time(lay, ((double)bin_start(g, i) +
	    (double)bin_end(g, i)) / 2);
}

/*
 * The coarsest-but-one step that leaves XTICK_MIN_GAP pixels between
 * ticks: seconds up to a week (weeks start on Mondays), then months.
 */
static void
xticks_choose(const struct layout *lay, struct xticks *xt)
{
	static const int64_t steps[] = {
		1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
		3600, 7200, 10800, 21600, 43200, 86400, 2 * 86400, 7 * 86400,
	};
	static const int month_steps[] = { 1, 3, 6, 12, 24, 60, 120, 600 };
	double	 span = (double)(lay->grid->end - lay->grid->start);
	double	 maxticks = floor((lay->x1 - lay->x0) / XTICK_MIN_GAP);
	size_t	 i;

	memset(xt, 0, sizeof(*xt));
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (span / (double)steps[i] <= maxticks) {
			xt->step = steps[i];
			/* 1970-01-05 was a Monday. */
			xt->offset = steps[i] == 7 * 86400 ? 4 * 86400 : 0;
			return;
		}
	}
	for (i = 0; i < sizeof(month_steps) / sizeof(month_steps[0]); i++) {
		xt->months = month_steps[i];
		if (span / (30.44 * 86400 * month_steps[i]) <= maxticks)
			return;
	}
}

static int64_t
month_start(int64_t month)
{
	return days_from_civil(floor_div(month, 12),
	    (unsigned)(month - floor_div(month, 12) * 12) + 1, 1) * 86400;
}

static void
xtick_first(struct xtick_iter *it, const struct xticks *xt,
    const struct bin_grid *g)
{
	int64_t		 year;
	unsigned	 month, day;

	it->xt = xt;
	it->end = g->end;
	if (xt->months == 0) {
		it->t = xt->offset + floor_div(g->start - xt->offset +
		    xt->step - 1, xt->step) * xt->step;
		return;
	}
	civil_from_days(floor_div(g->start, 86400), &year, &month, &day);
	it->month = year * 12 + (month - 1);
	if (month_start(it->month) < g->start)
		it->month++;
	it->month = floor_div(it->month + xt->months - 1, xt->months) *
	    xt->months;
	it->t = month_start(it->month);
}

/* The next tick within the window, ends included; false after the last. */
static bool
xtick_next(struct xtick_iter *it, int64_t *t)
{
	if (it->t > it->end)
		return false;
	*t = it->t;
	if (it->xt->months == 0)
		it->t += it->xt->step;
	else {
		it->month += it->xt->months;
		it->t = month_start(it->month);
	}
	return true;
}

/*
 * The labels of tick t: the clock for steps under a day, with the date
 * under the first tick and under midnights; "Dec 22" for day steps and
 * "Dec" for month steps, with the year under the first tick and under
 * the turn of the year.
 */
static void
xtick_labels(const struct xticks *xt, int64_t t, bool first, char *l1,
    char *l2, size_t len)
{
	static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t		 year;
	unsigned	 month, day;
	bool		 midnight = t == floor_div(t, 86400) * 86400;

	l2[0] = '\0';
	civil_from_days(floor_div(t, 86400), &year, &month, &day);
	if (xt->months == 0 && xt->step < 86400) {
		format_clock(t, xt->step < 60, l1, len);
		if (first || midnight)
			format_date(t, l2, len);
		return;
	}
	if (xt->months == 0)
		snprintf(l1, len, "%s %u", months[month - 1], day);
	else
		snprintf(l1, len, "%s", months[month - 1]);
	if (first || (month == 1 && day == 1))
		snprintf(l2, len, "%lld", (long long)year);
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

static bool
line_known(const struct plot_line *line, uint32_t i)
{
	return (line->known == NULL || line->known[i]) &&
	    isfinite(line->values[i]);
}

static bool
panel_known(const struct plot_panel *panel, uint32_t i)
{
	size_t l;

	for (l = 0; l < panel->nlines; l++)
		if (line_known(&panel->lines[l], i))
			return true;
	return false;
}

/*
 * From the lowest value (0 at most) to the highest (1 when all are 0) in
 * the fewest 1-2-5 steps that need at most YTICK_MAX intervals.
 */
static void
yscale_of(const struct plot_panel *panel, uint32_t nbins, struct yscale *ys)
{
	static const double multiples[] = { 1, 2, 5, 10 };
	double		 lo = 0, hi = 0, range, mag, step = 1, top;
	uint32_t	 i;
	size_t		 l, m;

	for (l = 0; l < panel->nlines; l++) {
		for (i = 0; i < nbins; i++) {
			if (!line_known(&panel->lines[l], i))
				continue;
			if (panel->lines[l].values[i] < lo)
				lo = panel->lines[l].values[i];
			if (panel->lines[l].values[i] > hi)
				hi = panel->lines[l].values[i];
		}
	}
	if (lo == 0 && hi == 0)
		hi = 1;
	range = hi - lo;
	mag = pow(10, floor(log10(range / YTICK_MAX)));
	for (m = 0; m < sizeof(multiples) / sizeof(multiples[0]); m++) {
		step = multiples[m] * mag;
		if (ceil(range / step - 1e-9) <= YTICK_MAX)
			break;
	}
	ys->step = step;
	ys->lo = floor(lo / step + 1e-9) * step;
	ys->hi = ceil(hi / step - 1e-9) * step;
	if (ys->hi <= ys->lo)
		ys->hi = ys->lo + step;

	top = fmax(fabs(ys->lo), fabs(ys->hi));
	ys->divisor = 1;
	ys->suffix = "";
	if (top >= 1e10) {
		ys->divisor = 1e9;
		ys->suffix = "G";
	} else if (top >= 1e7) {
		ys->divisor = 1e6;
		ys->suffix = "M";
	} else if (top >= 1e4) {
		ys->divisor = 1e3;
		ys->suffix = "k";
	}
	ys->decimals = 0;
	if (step / ys->divisor < 1)
		ys->decimals = (int)ceil(-log10(step / ys->divisor) - 1e-9);
}

static double
y_of_value(const struct yscale *ys, double area_bottom, double v)
{
	return area_bottom - (v - ys->lo) / (ys->hi - ys->lo) * PANEL_AREA;
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */

static const char *
band_label(const struct plot_band *b)
{
	return b->label != NULL ? b->label : band_names[b->kind];
}

/*
 * Whether band b shows in the window: it overlaps it, or, when it is an
 * instant (end == start), falls in it.
 */
static bool
band_in_window(const struct bin_grid *g, const struct plot_band *b)
{
	if (b->end == b->start)
		return b->start >= g->start && b->start < g->end;
	return b->start < g->end && b->end > g->start;
}

/*
 * Bands of the same kind and label share a legend entry: the first in
 * the window.  Bands outside the window have none.
 */
static bool
band_is_first_of_its_entry(const struct plot_spec *spec, size_t j)
{
	size_t k;

	if (!band_in_window(spec->grid, &spec->bands[j]))
		return false;
	for (k = 0; k < j; k++)
		if (band_in_window(spec->grid, &spec->bands[k]) &&
		    spec->bands[k].kind == spec->bands[j].kind &&
		    strcmp(band_label(&spec->bands[k]),
		    band_label(&spec->bands[j])) == 0)
			return false;
	return true;
}

/* Whether band a is drawn before band b: longer first, then in spec order. */
static bool
band_before(const struct plot_spec *spec, size_t a, size_t b)
{
	int64_t la = spec->bands[a].end - spec->bands[a].start;
	int64_t lb = spec->bands[b].end - spec->bands[b].start;

	return la > lb || (la == lb && a < b);
}

/*
 * The band drawn after band prev (prev == nbands: the first); nbands
 * after the last.  Quadratic, without a sorted copy: incidents are few.
 */
static size_t
next_band(const struct plot_spec *spec, size_t prev)
{
	size_t j, best = spec->nbands;

	for (j = 0; j < spec->nbands; j++) {
		if (prev < spec->nbands && !band_before(spec, prev, j))
			continue;
		if (best == spec->nbands || band_before(spec, j, best))
			best = j;
	}
	return best;
}

/* Diagonal strokes over the current clip, which is the hatched region. */
static void
hatch(cairo_t *cr, double left, double top, double right, double bottom)
{
	double x, h = bottom - top;

	cairo_set_source_rgba(cr, 0, 0, 0, 0.045);
	cairo_paint(cr);
	for (x = left - h; x < right; x += 7) {
		cairo_move_to(cr, x, bottom);
		cairo_line_to(cr, x + h, top);
	}
	cairo_set_source_rgba(cr, 0, 0, 0, 0.22);
	cairo_set_line_width(cr, 1);
	cairo_stroke(cr);
}

static void
swatch_band(cairo_t *cr, double x, double y, int kind)
{
	cairo_rectangle(cr, x, y, SWATCH_W, SWATCH_H);
	set_band_colour(cr, kind);
	cairo_fill(cr);
}

static void
swatch_no_data(cairo_t *cr, double x, double y)
{
	cairo_save(cr);
	cairo_rectangle(cr, x, y, SWATCH_W, SWATCH_H);
	cairo_clip(cr);
	hatch(cr, x, y, x + SWATCH_W, y + SWATCH_H);
	cairo_restore(cr);
	cairo_rectangle(cr, x + 0.5, y + 0.5, SWATCH_W - 1, SWATCH_H - 1);
	cairo_set_source_rgba(cr, 0, 0, 0, 0.3);
	cairo_set_line_width(cr, 1);
	cairo_stroke(cr);
}

/*
 * The legend of the bands from the top of its first row, wrapped to the
 * width of the plot areas; draws only when draw is set.  The rows it
 * takes.
 */
static int
legend(cairo_t *cr, const struct layout *lay, double top, bool draw)
{
	const struct plot_spec	*spec = lay->spec;
	double			 x = lay->x0, w;
	int			 row = 0, entries = 0;
	size_t			 j;

	set_font(cr, 12, false);
	for (j = 0; j <= spec->nbands; j++) {
		const char *label;

		if (j < spec->nbands) {
			if (!band_is_first_of_its_entry(spec, j))
				continue;
			label = band_label(&spec->bands[j]);
		} else if (lay->any_gap)
			label = "no data";
		else
			break;
		w = SWATCH_W + 6 + text_width(cr, label);
		if (entries > 0 && x + w > lay->x1) {
			row++;
			x = lay->x0;
		}
		entries++;
		if (draw) {
			double y = top + row * PLOT_LEGEND_ROW;

			if (j < spec->nbands)
				swatch_band(cr, x, y + 4,
				    spec->bands[j].kind);
			else
				swatch_no_data(cr, x, y + 4);
			set_colour(cr, 0x222222, 1);
			show_text(cr, x + SWATCH_W + 6, y + 13, ALIGN_LEFT,
			    label);
		}
		x += w + 20;
	}
	return entries > 0 ? row + 1 : 0;
}

/* Band b's extent in the plot area, at least 2 pixels wide; false if outside. */
static bool
band_extent(const struct layout *lay, const struct plot_band *b, double *xa,
    double *xb)
{
	const struct bin_grid *g = lay->grid;
	int64_t s = b->start > g->start ? b->start : g->start;
	int64_t e = b->end < g->end ? b->end : g->end;

	if (!band_in_window(g, b))
		return false;
	*xa = x_of_time(lay, (double)s);
	*xb = x_of_time(lay, (double)e);
	if (*xb - *xa < 2) {
		double mid = (*xa + *xb) / 2;

		*xa = mid - 1;
		*xb = mid + 1;
	}
	return true;
}

/* The hatched stretches where no line is known, merged within a pixel. */
static void
draw_no_data(cairo_t *cr, const struct layout *lay,
    const struct plot_panel *panel, double top, double bottom)
{
	const struct bin_grid	*g = lay->grid;
	double			 ra = 0, rb = 0, a, b;
	bool			 open = false;
	uint32_t		 i;

	for (i = 0; i < g->nbins; i++) {
		if (panel_known(panel, i))
			continue;
		a = x_of_time(lay, (double)bin_start(g, i));
		b = x_of_time(lay, (double)bin_end(g, i));
		if (open && a <= rb + 1) {
			rb = b;
			continue;
		}
		if (open)
			cairo_rectangle(cr, ra, top, rb - ra, bottom - top);
		ra = a;
		rb = b;
		open = true;
	}
	if (!open)
		return;
	cairo_rectangle(cr, ra, top, rb - ra, bottom - top);
	cairo_save(cr);
	cairo_clip(cr);
	hatch(cr, lay->x0, top, lay->x1, bottom);
	cairo_restore(cr);
}

static void
column_flush(cairo_t *cr, const struct column *c, const struct yscale *ys,
    double bottom)
{
	double y = y_of_value(ys, bottom, c->first);

	if (!c->open)
		return;
	if (c->joined)
		cairo_line_to(cr, c->x, y);
	else {
		/* A point on its own shows as a dot (round caps). */
		cairo_move_to(cr, c->x, y);
		cairo_line_to(cr, c->x, y);
	}
	if (c->nbins < 2)
		return;
	if (c->ilo <= c->ihi) {
		cairo_line_to(cr, c->x, y_of_value(ys, bottom, c->lo));
		cairo_line_to(cr, c->x, y_of_value(ys, bottom, c->hi));
	} else {
		cairo_line_to(cr, c->x, y_of_value(ys, bottom, c->hi));
		cairo_line_to(cr, c->x, y_of_value(ys, bottom, c->lo));
	}
	cairo_line_to(cr, c->x, y_of_value(ys, bottom, c->last));
}

/*
 * A line, bin by bin, or pixel column by pixel column when downsampling.
 * An unknown bin breaks the line, except within one pixel column, where
 * the hatching (if no line is known) shows the gap.
 */
static void
draw_line(cairo_t *cr, const struct layout *lay, const struct plot_line *line,
    size_t index, const struct yscale *ys, double bottom)
{
	const struct bin_grid	*g = lay->grid;
	struct column		 c;
	double			 v, px;
	int64_t			 key, ncols = (int64_t)(lay->x1 - lay->x0);
	bool			 gap = true;
	uint32_t		 i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < g->nbins; i++) {
		if (!line_known(line, i)) {
			gap = true;
			continue;
		}
		v = line->values[i];
		key = i;
		if (lay->downsample) {
			px = floor(x_of_bin(lay, i) - lay->x0);
			key = px < 0 ? 0 : px >= (double)ncols ? ncols - 1 :
			    (int64_t)px;
		}
		if (c.open && c.key != key) {
			column_flush(cr, &c, ys, bottom);
			c.open = false;
		}
		if (!c.open) {
			c.open = true;
			c.joined = !gap;
			c.key = key;
			c.x = lay->downsample ? lay->x0 + (double)key + 0.5 :
			    x_of_bin(lay, i);
			c.first = c.last = c.lo = c.hi = v;
			c.nbins = 1;
			c.ilo = c.ihi = i;
		} else {
			c.last = v;
			c.nbins++;
			if (v < c.lo) {
				c.lo = v;
				c.ilo = i;
			}
			if (v > c.hi) {
				c.hi = v;
				c.ihi = i;
			}
		}
		gap = false;
	}
	column_flush(cr, &c, ys, bottom);
	set_colour(cr, line_colours[index], 1);
	cairo_set_line_width(cr, 1.6);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_dash(cr, line_dashes[index], line_ndashes[index], 0);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

/* The heading of a panel: its title at the left, its lines' legend at the right. */
static void
draw_panel_heading(cairo_t *cr, const struct layout *lay,
    const struct plot_panel *panel, double top)
{
	double	 x, baseline = top + 19;
	size_t	 l;

	set_font(cr, 13, true);
	set_colour(cr, 0x222222, 1);
	show_text(cr, lay->x0, baseline, ALIGN_LEFT,
	    panel->title != NULL ? panel->title : "");

	set_font(cr, 12, false);
	x = lay->x1;
	for (l = panel->nlines; l-- > 0; ) {
		const char *label = panel->lines[l].label != NULL ?
		    panel->lines[l].label : "";

		x -= text_width(cr, label);
		set_colour(cr, 0x222222, 1);
		show_text(cr, x, baseline, ALIGN_LEFT, label);
		x -= 6 + 24;
		cairo_move_to(cr, x, baseline - 4);
		cairo_line_to(cr, x + 24, baseline - 4);
		set_colour(cr, line_colours[l], 1);
		cairo_set_line_width(cr, 2);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
		cairo_set_dash(cr, line_dashes[l], line_ndashes[l], 0);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		x -= 18;
	}
}

static void
draw_panel(cairo_t *cr, const struct layout *lay, size_t p,
    const struct xticks *xt)
{
	const struct plot_spec	*spec = lay->spec;
	const struct plot_panel	*panel = &spec->panels[p];
	struct yscale		 ys;
	struct xtick_iter	 it;
	double			 top, area_top, bottom, xa, xb, y;
	int64_t			 t, k, klo, khi;
	char			 label[32];
	size_t			 j, l;

	top = lay->panels_top + (double)p * PLOT_PANEL_HEIGHT;
	area_top = top + PANEL_HEAD;
	bottom = area_top + PANEL_AREA;
	yscale_of(panel, lay->grid->nbins, &ys);

	draw_panel_heading(cr, lay, panel, top);

	/* Incidents under everything else, the longest first. */
	for (j = next_band(spec, spec->nbands); j < spec->nbands;
	    j = next_band(spec, j)) {
		if (!band_extent(lay, &spec->bands[j], &xa, &xb))
			continue;
		cairo_rectangle(cr, xa, area_top, xb - xa, PANEL_AREA);
		set_band_colour(cr, spec->bands[j].kind);
		cairo_fill(cr);
	}
	draw_no_data(cr, lay, panel, area_top, bottom);

	/* Grid, on half pixels so that 1-pixel lines stay sharp. */
	cairo_set_line_width(cr, 1);
	cairo_set_source_rgba(cr, 0, 0, 0, 0.10);
	klo = (int64_t)llround(ys.lo / ys.step);
	khi = (int64_t)llround(ys.hi / ys.step);
	for (k = klo + 1; k <= khi; k++) {
		y = floor(y_of_value(&ys, bottom, (double)k * ys.step)) + 0.5;
		cairo_move_to(cr, lay->x0, y);
		cairo_line_to(cr, lay->x1, y);
	}
	cairo_stroke(cr);
	/* Days stand out from the hours between them. */
	xtick_first(&it, xt, lay->grid);
	while (xtick_next(&it, &t)) {
		double x = floor(x_of_time(lay, (double)t)) + 0.5;

		cairo_move_to(cr, x, area_top);
		cairo_line_to(cr, x, bottom + 4);
		cairo_set_source_rgba(cr, 0, 0, 0, xt->months == 0 &&
		    xt->step < 86400 && t % 86400 == 0 ? 0.25 : 0.10);
		cairo_stroke(cr);
	}

	for (l = 0; l < panel->nlines; l++)
		draw_line(cr, lay, &panel->lines[l], l, &ys, bottom);

	/* Axes and y labels. */
	set_colour(cr, 0x777777, 1);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, lay->x0 - 0.5, area_top);
	cairo_line_to(cr, lay->x0 - 0.5, bottom + 0.5);
	cairo_line_to(cr, lay->x1, bottom + 0.5);
	cairo_stroke(cr);
	set_font(cr, 11, false);
	set_colour(cr, 0x444444, 1);
	for (k = klo; k <= khi; k++) {
		double v = (double)k * ys.step / ys.divisor;

		if (k == 0)
			v = 0;	/* not -0 */
		snprintf(label, sizeof(label), "%.*f%s", ys.decimals, v,
		    k == 0 ? "" : ys.suffix);
		y = y_of_value(&ys, bottom, (double)k * ys.step);
		show_text(cr, lay->x0 - 7, y + 4, ALIGN_RIGHT, label);
	}
	if (panel->unit != NULL) {
		cairo_save(cr);
		cairo_translate(cr, 16, area_top + PANEL_AREA / 2.0);
		cairo_rotate(cr, -M_PI / 2);
		set_colour(cr, 0x444444, 1);
		show_text(cr, 0, 0, ALIGN_CENTRE, panel->unit);
		cairo_restore(cr);
	}
}

/* The time labels under the last panel, kept inside the picture. */
static void
draw_time_labels(cairo_t *cr, const struct layout *lay,
    const struct xticks *xt, double bottom)
{
	struct xtick_iter	 it;
	char			 l1[32], l2[32];
	int64_t			 t;
	bool			 first = true;
	int			 line;

	set_font(cr, 11, false);
	set_colour(cr, 0x444444, 1);
	xtick_first(&it, xt, lay->grid);
	while (xtick_next(&it, &t)) {
		xtick_labels(xt, t, first, l1, l2, sizeof(l1));
		first = false;
		for (line = 0; line < 2; line++) {
			const char *s = line == 0 ? l1 : l2;
			double x = x_of_time(lay, (double)t);
			double w = text_width(cr, s);

			if (x + w / 2 > lay->width - 4)
				x = lay->width - 4 - w / 2;
			show_text(cr, x, bottom + 16 + 13 * line, ALIGN_CENTRE,
			    s);
		}
	}
}

static void
draw(cairo_t *cr, const struct layout *lay)
{
	const struct plot_spec	*spec = lay->spec;
	const struct bin_grid	*g = lay->grid;
	struct xticks		 xt;
	char			 from_date[24], from_clock[16], until_date[24];
	char			 until_clock[16], width[32], footer[256];
	double			 bottom;
	bool			 seconds;
	size_t			 p;

	set_font_options(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);

	set_font(cr, 18, true);
	set_colour(cr, 0x111111, 1);
	show_text(cr, lay->x0, TITLE_BASELINE, ALIGN_LEFT,
	    spec->title != NULL ? spec->title : "");
	legend(cr, lay, PLOT_TOP, true);

	xticks_choose(lay, &xt);
	for (p = 0; p < spec->npanels; p++)
		draw_panel(cr, lay, p, &xt);

	bottom = lay->panels_top + (double)spec->npanels * PLOT_PANEL_HEIGHT -
	    (PLOT_PANEL_HEIGHT - PANEL_HEAD - PANEL_AREA);
	draw_time_labels(cr, lay, &xt, bottom);

	seconds = g->start % 60 != 0 || g->end % 60 != 0;
	format_date(g->start, from_date, sizeof(from_date));
	format_clock(g->start, seconds, from_clock, sizeof(from_clock));
	format_date(g->end, until_date, sizeof(until_date));
	format_clock(g->end, seconds, until_clock, sizeof(until_clock));
	format_duration(g->width, width, sizeof(width));
	snprintf(footer, sizeof(footer), "lightsout \xe2\x80\x94 times UTC, "
	    "bins of %s, window %s %s to %s %s", width, from_date, from_clock,
	    until_date, until_clock);
	set_font(cr, 11, false);
	set_colour(cr, 0x666666, 1);
	show_text(cr, lay->x0, bottom + 52, ALIGN_LEFT, footer);
}

/* ------------------------------------------------------------------ */
/* Checking, layout, files                                             */

static int
check_spec(const struct plot_spec *spec, const char *path, char *err,
    size_t errlen)
{
	const struct bin_grid	*g;
	size_t			 p, l, j;

	if (spec == NULL || (g = spec->grid) == NULL) {
		snprintf(err, errlen, "%s: no time grid", path);
		return -1;
	}
	if (g->width <= 0 || g->end <= g->start || g->nbins == 0 ||
	    g->nbins != (uint64_t)((g->end - g->start + g->width - 1) /
	    g->width)) {
		snprintf(err, errlen, "%s: invalid time grid", path);
		return -1;
	}
	if (spec->panels == NULL || spec->npanels == 0 ||
	    spec->npanels > PLOT_MAX_PANELS) {
		snprintf(err, errlen, "%s: %zu panels (1 to %d)", path,
		    spec->panels == NULL ? 0 : spec->npanels,
		    PLOT_MAX_PANELS);
		return -1;
	}
	for (p = 0; p < spec->npanels; p++) {
		if (spec->panels[p].nlines > PLOT_MAX_LINES) {
			snprintf(err, errlen, "%s: panel %zu has %zu lines "
			    "(at most %d)", path, p + 1,
			    spec->panels[p].nlines, PLOT_MAX_LINES);
			return -1;
		}
		for (l = 0; l < spec->panels[p].nlines; l++) {
			if (spec->panels[p].lines[l].values == NULL) {
				snprintf(err, errlen, "%s: panel %zu, line "
				    "%zu: no values", path, p + 1, l + 1);
				return -1;
			}
		}
	}
	if (spec->nbands > 0 && spec->bands == NULL) {
		snprintf(err, errlen, "%s: no bands", path);
		return -1;
	}
	for (j = 0; j < spec->nbands; j++) {
		if (spec->bands[j].kind < 0 ||
		    spec->bands[j].kind >= PLOT_BAND_KINDS) {
			snprintf(err, errlen, "%s: band %zu: kind %d unknown",
			    path, j + 1, spec->bands[j].kind);
			return -1;
		}
		if (spec->bands[j].end < spec->bands[j].start) {
			snprintf(err, errlen, "%s: band %zu ends before it "
			    "starts", path, j + 1);
			return -1;
		}
	}
	return 0;
}

static int
layout_init(struct layout *lay, const struct plot_spec *spec,
    const char *path, char *err, size_t errlen)
{
	cairo_surface_t	*scratch;
	cairo_t		*cr;
	cairo_status_t	 status;
	size_t		 p;
	uint32_t	 i;

	memset(lay, 0, sizeof(*lay));
	lay->spec = spec;
	lay->grid = spec->grid;
	lay->width = PLOT_WIDTH;
	lay->x0 = MARGIN_LEFT;
	lay->x1 = PLOT_WIDTH - MARGIN_RIGHT;
	lay->downsample = spec->grid->nbins > (uint32_t)(lay->x1 - lay->x0);
	for (p = 0; p < spec->npanels && !lay->any_gap; p++)
		for (i = 0; i < spec->grid->nbins && !lay->any_gap; i++)
			lay->any_gap = !panel_known(&spec->panels[p], i);

	/* The legend's rows are measured on a scratch surface. */
	scratch = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	cr = cairo_create(scratch);
	set_font_options(cr);
	lay->legend_rows = legend(cr, lay, 0, false);
	status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(scratch);
	if (status != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "%s: %s", path,
		    cairo_status_to_string(status));
		return -1;
	}
	lay->panels_top = PLOT_TOP + lay->legend_rows * PLOT_LEGEND_ROW;
	lay->height = PLOT_TOP + lay->legend_rows * PLOT_LEGEND_ROW +
	    (int)spec->npanels * PLOT_PANEL_HEIGHT + PLOT_BOTTOM;
	return 0;
}

static cairo_status_t
membuf_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct membuf	*mb = closure;
	unsigned char	*grown;
	size_t		 cap;

	if (mb->len + length > mb->cap) {
		cap = mb->cap == 0 ? 65536 : mb->cap;
		while (cap < mb->len + length)
			cap *= 2;
		if ((grown = realloc(mb->data, cap)) == NULL) {
			mb->failed = true;
			return CAIRO_STATUS_NO_MEMORY;
		}
		mb->data = grown;
		mb->cap = cap;
	}
	memcpy(mb->data + mb->len, data, length);
	mb->len += length;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
file_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct file_sink *sink = closure;

	if (fwrite(data, 1, length, sink->fp) != length) {
		if (sink->error == 0)
			sink->error = errno != 0 ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* s as XML character data; control characters XML 1.0 forbids dropped. */
static void
write_xml_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			fputs("&amp;", fp);
		else if (*s == '<')
			fputs("&lt;", fp);
		else if (*s == '>')
			fputs("&gt;", fp);
		else if ((unsigned char)*s >= 0x20 || *s == '\t' ||
		    *s == '\n')
			fputc(*s, fp);
	}
}

/*
 * Cairo's SVG to fp with the ids cairo numbers from process-wide
 * counters renumbered in order of first appearance, and a <title> as the
 * first child of <svg>.
 */
static void
write_svg_copy(FILE *fp, const unsigned char *svg, size_t len,
    const char *title)
{
	static const char *const prefixes[] = { "surface", "image" };
	unsigned long long	 seen[2][16];
	size_t			 nseen[2] = { 0, 0 }, i, from = 0, n, k, pl;
	size_t			 title_at = len;

	/* Just after the start tag <svg ...>. */
	for (i = 0; i + 4 <= len; i++) {
		if (memcmp(svg + i, "<svg", 4) == 0) {
			for (; i < len && svg[i] != '>'; i++)
				;
			title_at = i < len ? i + 1 : len;
			break;
		}
	}

	for (i = 0; i < len; i++) {
		if (i == title_at) {
			fwrite(svg + from, 1, i - from, fp);
			fputs("\n<title>", fp);
			write_xml_text(fp, title);
			fputs("</title>", fp);
			from = i;
		}
		if (i == 0 || (svg[i - 1] != '"' && svg[i - 1] != '#'))
			continue;
		for (k = 0; k < 2; k++) {
			unsigned long long id = 0;

			pl = strlen(prefixes[k]);
			if (len - i <= pl || memcmp(svg + i, prefixes[k], pl) ||
			    svg[i + pl] < '0' || svg[i + pl] > '9')
				continue;
			for (n = i + pl; n < len && svg[n] >= '0' &&
			    svg[n] <= '9'; n++)
				id = id * 10 + (svg[n] - '0');
			for (n = 0; n < nseen[k] && seen[k][n] != id; n++)
				;
			if (n == nseen[k] && nseen[k] < 16)
				seen[k][nseen[k]++] = id;
			fwrite(svg + from, 1, i - from, fp);
			/* Past 16 ids (cairo writes one) they stay distinct. */
			fprintf(fp, "%s%llu", prefixes[k],
			    n < 16 ? (unsigned long long)n + 1 : id + 1000);
			for (i += pl; i + 1 < len && svg[i + 1] >= '0' &&
			    svg[i + 1] <= '9'; i++)
				;
			from = i + 1;
			break;
		}
	}
	fwrite(svg + from, 1, len - from, fp);
}

/* The plot drawn on surface; cairo's first error, if any. */
static cairo_status_t
render(cairo_surface_t *surface, const struct layout *lay)
{
	cairo_t		*cr;
	cairo_status_t	 status;

	cr = cairo_create(surface);
	draw(cr, lay);
	status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	return status;
}

static int
write_svg(const struct layout *lay, const char *path, char *err,
    size_t errlen)
{
	struct membuf	 mb = { NULL, 0, 0, false };
	cairo_surface_t	*surface;
	cairo_status_t	 status;
	FILE		*fp = NULL;

	surface = cairo_svg_surface_create_for_stream(membuf_write, &mb,
	    lay->width, lay->height);
	cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1);
	cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
	status = render(surface, lay);
	/* The document is written out when the surface is finished. */
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS || mb.failed) {
		snprintf(err, errlen, "%s: %s", path, mb.failed ?
		    "out of memory" : cairo_status_to_string(status));
		goto fail;
	}

	if ((fp = fopen(path, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	write_svg_copy(fp, mb.data, mb.len, lay->spec->title != NULL ?
	    lay->spec->title : "");
	if (ferror(fp) || fclose(fp) != 0) {
		fp = NULL;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(path);
		goto fail;
	}
	free(mb.data);
	return 0;

fail:
	if (fp != NULL)
		fclose(fp);
	free(mb.data);
	return -1;
}

static int
write_png(const struct layout *lay, const char *path, char *err,
    size_t errlen)
{
	cairo_surface_t		*surface;
	cairo_status_t		 status;
	struct file_sink	 sink = { NULL, 0 };

	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, lay->width,
	    lay->height);
	if ((status = render(surface, lay)) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "%s: %s", path,
		    cairo_status_to_string(status));
		goto fail;
	}

	if ((sink.fp = fopen(path, "wb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	status = cairo_surface_write_to_png_stream(surface, file_write, &sink);
	if (ferror(sink.fp) && sink.error == 0)
		sink.error = EIO;
	if (fclose(sink.fp) != 0 && sink.error == 0)
		sink.error = errno;
	if (status != CAIRO_STATUS_SUCCESS || sink.error != 0) {
		snprintf(err, errlen, "%s: %s", path, sink.error != 0 ?
		    strerror(sink.error) : cairo_status_to_string(status));
		unlink(path);
		goto fail;
	}
	cairo_surface_destroy(surface);
	return 0;

fail:
	cairo_surface_destroy(surface);
	return -1;
}

int
plot_write(const struct plot_spec *spec, const char *svg_path,
    const char *png_path, char *err, size_t errlen)
{
	struct layout	 lay;
	const char	*path = svg_path != NULL ? svg_path :
			    png_path != NULL ? png_path : "plot";
	int		 rc = -1;

	if (check_spec(spec, path, err, errlen) == -1)
		return -1;
	if (svg_path == NULL && png_path == NULL)
		return 0;
	if (layout_init(&lay, spec, path, err, errlen) == -1)
		goto done;
	if (svg_path != NULL && write_svg(&lay, svg_path, err, errlen) == -1)
		goto done;
	if (png_path != NULL && write_png(&lay, png_path, err, errlen) == -1)
		goto done;
	rc = 0;
done:
	/* Every cairo object is gone by now: see "Caches" above. */
	cairo_debug_reset_static_data();
	FcFini();
	return rc;
}
