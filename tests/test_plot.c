/*
 * test_plot.c -- the timeline plot (reports/plot.c): SVG and PNG files of
 * the documented size, byte for byte the same on every call, one-bin
 * spikes kept when bins outnumber pixels, unknown stretches drawn as gaps,
 * incidents shaded, errors that name the file.
 *
 * With LIGHTSOUT_PLOT_SAMPLE=/tmp/plot-sample set, the North Korea-like
 * sample is also written to /tmp/plot-sample.svg and .png for a look.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cairo/cairo.h>

#include "reports/plot.h"
#include "tests/test_util.h"

static char	tmpdir[64];
static char	errbuf[512];

static int
group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_plot");
}

static int
group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

static char *
temp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* The whole of a file; *len its size. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE		*fp = fopen(path, "rb");
	unsigned char	*buf;
	long		 n;

	if (fp == NULL)
		fail_msg("%s: cannot open", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void
assert_same_file(const char *a, const char *b)
{
	unsigned char	*da, *db;
	size_t		 la, lb;

	da = slurp(a, &la);
	db = slurp(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	free(da);
	free(db);
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The PNG signature, then IHDR's width and height. */
static void
assert_png_size(const char *path, uint32_t width, uint32_t height)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	unsigned char	*png;
	size_t		 len;

	png = slurp(path, &len);
	assert_true(len > 33);
	assert_memory_equal(png, sig, 8);
	assert_int_equal(be32(png + 8), 13);
	assert_memory_equal(png + 12, "IHDR", 4);
	assert_int_equal(be32(png + 16), width);
	assert_int_equal(be32(png + 20), height);
	free(png);
}

/* ------------------------------------------------------------------ */
/* A North Korea-like event: 5 days of 5-minute bins.                  */

static int64_t
dec2014(int day, int hour, int minute)
{
	/* 1418947200 is 2014-12-19T00:00Z. */
	return 1418947200 + (int64_t)(day - 19) * 86400 + hour * 3600 +
	    minute * 60;
}

struct fixture {
	struct bin_grid		 grid;
	struct plot_panel	 panels[PLOT_MAX_PANELS];
	struct plot_band	 bands[4];
	struct plot_spec	 spec;
	double			*values[PLOT_MAX_PANELS][PLOT_MAX_LINES];
	bool			*known[PLOT_MAX_PANELS][PLOT_MAX_LINES];
	uint64_t		 rng;
};

/* Uniform in [0, 1), from a fixed seed: the same series every run. */
static double
noise(struct fixture *f)
{
	f->rng = f->rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(f->rng >> 11) / 9007199254740992.0;
}

static struct plot_line *
add_line(struct fixture *f, size_t p, const char *label)
{
	struct plot_panel	*panel = &f->panels[p];
	size_t			 l = panel->nlines++;
	uint32_t		 i;

	f->values[p][l] = xmalloc(f->grid.nbins * sizeof(double));
	f->known[p][l] = xmalloc(f->grid.nbins * sizeof(bool));
	for (i = 0; i < f->grid.nbins; i++) {
		f->values[p][l][i] = 0;
		f->known[p][l][i] = true;
	}
	panel->lines[l].label = label;
	panel->lines[l].values = f->values[p][l];
	panel->lines[l].known = f->known[p][l];
	return &panel->lines[l];
}

static void
fixture_free(struct fixture *f)
{
	size_t p, l;

	for (p = 0; p < PLOT_MAX_PANELS; p++) {
		for (l = 0; l < PLOT_MAX_LINES; l++) {
			free(f->values[p][l]);
			free(f->known[p][l]);
		}
	}
	free(f);
}

static bool
within(int64_t t, int64_t from, int64_t until)
{
	return t >= from && t < until;
}

/*
 * BGP visibility, BGP updates and inbound/outbound traffic (and, with 4
 * panels, probe success), with the blackout of 22 Dec 16:15 to 23 Dec
 * 01:46, routing instability before it, a flood on the 21st and 22nd,
 * flow data missing on 23 Dec 10:00-14:00 and probes only from the 20th.
 * Bands: the blackout and the flood, then the instability.
 */
static struct fixture *
nk_fixture(size_t npanels, size_t nbands)
{
	struct fixture	*f = xmalloc(sizeof(*f));
	int64_t		 down = dec2014(22, 16, 15), up = dec2014(23, 1, 46);
	int64_t		 unstable = dec2014(20, 6, 0);
	int64_t		 flood = dec2014(21, 18, 0), flood_end = dec2014(22, 12, 0);
	int64_t		 gap = dec2014(23, 10, 0), gap_end = dec2014(23, 14, 0);
	int64_t		 t;
	double		 day, diurnal;
	uint32_t	 i;

	memset(f, 0, sizeof(*f));
	f->rng = 2014;
	assert_true(bin_grid_init(&f->grid, dec2014(19, 0, 0),
	    dec2014(24, 0, 0), 300));

	f->panels[0].title = "BGP: visible prefixes of the target";
	f->panels[0].unit = "prefixes";
	add_line(f, 0, "visible /24s");
	add_line(f, 0, "visible routes / 10");
	f->panels[1].title = "BGP: updates for the target";
	f->panels[1].unit = "updates per bin";
	add_line(f, 1, "announcements");
	add_line(f, 1, "withdrawals");
	f->panels[2].title = "Traffic of the target";
	f->panels[2].unit = "Mbit/s";
	add_line(f, 2, "inbound");
	add_line(f, 2, "outbound");
	f->panels[3].title = "Probes: reachability of the target";
	f->panels[3].unit = "%";
	add_line(f, 3, "echo replies");

	for (i = 0; i < f->grid.nbins; i++) {
		t = bin_start(&f->grid, i);
		day = (double)((t - f->grid.start) % 86400) / 86400;
		diurnal = 0.6 + 0.4 * sin(2 * M_PI * (day - 0.3));

		f->values[0][0][i] = 4;
		f->values[0][1][i] = 11 + (noise(f) < 0.1 ? 1 : 0);
		f->values[1][0][i] = noise(f) < 0.2 ? 1 : 0;
		f->values[1][1][i] = 0;
		if (within(t, unstable, down) && noise(f) < 0.08) {
			f->values[0][0][i] = noise(f) < 0.5 ? 2 : 3;
			f->values[0][1][i] = 7 + 3 * noise(f);
			f->values[1][0][i] = 20 + 60 * noise(f);
			f->values[1][1][i] = 10 + 40 * noise(f);
		}
		if (within(t, down, down + 300))
			f->values[1][1][i] = 180;
		if (within(t, up - 600, up + 300))
			f->values[1][0][i] = 140;
		if (within(t, down, up)) {
			f->values[0][0][i] = 0;
			f->values[0][1][i] = 0;
			f->values[1][0][i] = 0;
		}

		f->values[2][0][i] = 8 * diurnal + 2 * noise(f);
		f->values[2][1][i] = 5 * diurnal + 1.5 * noise(f);
		if (within(t, flood, flood_end)) {
			f->values[2][0][i] = 350 + 120 * noise(f);
			f->values[2][1][i] *= 0.4;
		}
		if (within(t, down, up)) {
			f->values[2][0][i] = 0.2 * noise(f);
			f->values[2][1][i] = 0;
		}
		if (within(t, gap, gap_end))
			f->known[2][0][i] = f->known[2][1][i] = false;

		f->values[3][0][i] = within(t, down, up) ? 0 :
		    within(t, flood, flood_end) ? 60 + 20 * noise(f) :
		    96 + 4 * noise(f);
		if (t < dec2014(20, 0, 0))
			f->known[3][0][i] = false;
	}

	f->bands[0] = (struct plot_band){ down, up, "routing blackout",
	    PLOT_BAND_OUTAGE };
	f->bands[1] = (struct plot_band){ flood, flood_end, "inbound flood",
	    PLOT_BAND_FLOOD };
	f->bands[2] = (struct plot_band){ unstable, down, "routing instability",
	    PLOT_BAND_INSTABILITY };
	f->spec.title = "North Korea, December 2014";
	f->spec.grid = &f->grid;
	f->spec.panels = f->panels;
	f->spec.npanels = npanels;
	f->spec.bands = f->bands;
	f->spec.nbands = nbands;
	return f;
}

/* One panel of one line over n bins, every value v, no band. */
static struct fixture *
flat_fixture(uint32_t nbins, double v)
{
	struct fixture		*f = xmalloc(sizeof(*f));
	struct plot_line	*line;
	uint32_t		 i;

	memset(f, 0, sizeof(*f));
	assert_true(bin_grid_init(&f->grid, dec2014(22, 0, 0),
	    dec2014(22, 0, 0) + (int64_t)nbins * 60, 60));
	f->panels[0].title = "flat";
	f->panels[0].unit = "things";
	line = add_line(f, 0, "value");
	for (i = 0; i < nbins; i++)
		f->values[0][0][i] = v;
	(void)line;
	f->spec.title = "test";
	f->spec.grid = &f->grid;
	f->spec.panels = f->panels;
	f->spec.npanels = 1;
	return f;
}

/* ------------------------------------------------------------------ */

static void
test_writes_svg_and_png(void **state)
{
	struct fixture	*f = nk_fixture(3, 2);
	char		*svg = temp_path("nk.svg"), *png = temp_path("nk.png");
	unsigned char	*text;
	size_t		 len;
	char		 size[64];

	(void)state;
	assert_int_equal(plot_write(&f->spec, svg, png, errbuf,
	    sizeof(errbuf)), 0);

	/* Two bands and "no data" (the flow gap) fit one legend row. */
	assert_png_size(png, PLOT_WIDTH, PLOT_TOP + PLOT_LEGEND_ROW +
	    3 * PLOT_PANEL_HEIGHT + PLOT_BOTTOM);

	text = slurp(svg, &len);
	assert_true(len > 1000);
	assert_memory_equal(text, "<?xml", 5);
	assert_non_null(strstr((char *)text, "<svg"));
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	assert_true(len > 6);
	assert_memory_equal(text + len - 6, "</svg>", 6);
	snprintf(size, sizeof(size), "width=\"%dpx\" height=\"%dpx\"",
	    PLOT_WIDTH, PLOT_TOP + PLOT_LEGEND_ROW + 3 * PLOT_PANEL_HEIGHT +
	    PLOT_BOTTOM);
	assert_non_null(strstr((char *)text, size));
	/* Cairo draws text as glyph outlines; the title is also a <title>. */
	assert_non_null(strstr((char *)text,
	    "<title>North Korea, December 2014</title>"));
	assert_non_null(strstr((char *)text, "<use xlink:href=\"#glyph"));
	assert_non_null(strstr((char *)text, "id=\"surface1\""));
	free(text);

	/* With the fourth panel, exactly one panel higher. */
	fixture_free(f);
	f = nk_fixture(4, 2);
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), 0);
	assert_png_size(png, PLOT_WIDTH, PLOT_TOP + PLOT_LEGEND_ROW +
	    4 * PLOT_PANEL_HEIGHT + PLOT_BOTTOM);

	free(svg);
	free(png);
	fixture_free(f);
}

/* Same spec, same bytes, whatever was drawn in between. */
static void
test_same_bytes(void **state)
{
	struct fixture	*f = nk_fixture(3, 2), *other = nk_fixture(4, 3);
	char		*svg1 = temp_path("a1.svg"), *png1 = temp_path("a1.png");
	char		*svg2 = temp_path("a2.svg"), *png2 = temp_path("a2.png");
	char		*svg3 = temp_path("b.svg"), *png3 = temp_path("b.png");
	unsigned char	*a, *b;
	size_t		 la, lb;

	(void)state;
	other->spec.title = "Something <else> & more";
	assert_int_equal(plot_write(&f->spec, svg1, png1, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(plot_write(&other->spec, svg3, png3, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(plot_write(&f->spec, svg2, png2, errbuf,
	    sizeof(errbuf)), 0);
	assert_same_file(svg1, svg2);
	assert_same_file(png1, png2);

	/* ... and a different spec does give different bytes. */
	a = slurp(svg1, &la);
	b = slurp(svg3, &lb);
	assert_true(la != lb || memcmp(a, b, la) != 0);
	assert_non_null(strstr((char *)b,
	    "<title>Something &lt;else&gt; &amp; more</title>"));
	free(a);
	free(b);

	free(svg1);
	free(png1);
	free(svg2);
	free(png2);
	free(svg3);
	free(png3);
	fixture_free(f);
	fixture_free(other);
}

static void
test_bad_path(void **state)
{
	struct fixture	*f = nk_fixture(3, 2);
	char		*png = temp_path("ok.png");

	(void)state;
	assert_int_equal(plot_write(&f->spec, "/nonexistent/dir/plot.svg",
	    NULL, errbuf, sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "/nonexistent/dir/plot.svg: "));
	assert_int_equal(plot_write(&f->spec, NULL,
	    "/nonexistent/dir/plot.png", errbuf, sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "/nonexistent/dir/plot.png: "));

	/* A spec it cannot draw is refused, naming the file. */
	f->bands[1].kind = PLOT_BAND_KINDS;
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, png));
	assert_non_null(strstr(errbuf, "band 2"));
	assert_int_equal(access(png, F_OK), -1);
	f->bands[1].kind = PLOT_BAND_FLOOD;
	f->bands[1].end = f->bands[1].start - 1;
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), -1);
	f->bands[1].end = f->bands[1].start + 600;
	f->panels[1].nlines = PLOT_MAX_LINES + 1;
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "panel 2"));
	f->panels[1].nlines = 2;
	f->spec.npanels = 0;
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), -1);
	f->spec.npanels = 3;

	/* Text cairo cannot draw: not UTF-8. */
	f->spec.title = "North Korea \xff";
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, png));
	assert_non_null(strstr(errbuf, "UTF-8"));
	assert_int_equal(access(png, F_OK), -1);
	f->spec.title = "North Korea";
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(access(png, F_OK), 0);

	free(png);
	fixture_free(f);
}

/* Pixels of the first line's colour (0x0072b2 and its antialiasing). */
static bool
is_line_blue(const unsigned char *row, int x)
{
	uint32_t px;
	int r, g, b;

	memcpy(&px, row + 4 * x, 4);
	r = (px >> 16) & 0xff;
	g = (px >> 8) & 0xff;
	b = px & 0xff;
	return r < 90 && b > 120 && b > g + 30;
}

/* The columns [*xmin, *xmax] with line-blue pixels in rows [y0, y1); false if none. */
static bool
blue_columns(cairo_surface_t *img, int y0, int y1, int x0, int x1, int *xmin,
    int *xmax)
{
	const unsigned char	*data = cairo_image_surface_get_data(img);
	int			 stride = cairo_image_surface_get_stride(img);
	int			 x, y;

	*xmin = INT32_MAX;
	*xmax = -1;
	for (y = y0; y < y1; y++) {
		for (x = x0; x < x1; x++) {
			if (!is_line_blue(data + (size_t)y * stride, x))
				continue;
			if (x < *xmin)
				*xmin = x;
			if (x > *xmax)
				*xmax = x;
		}
	}
	return *xmax >= 0;
}

/*
 * 10000 bins into about 1100 pixel columns: a single-bin spike in the
 * middle still reaches the top half of the panel, there and only there;
 * and the SVG does not grow with the number of bins.
 */
static void
test_many_bins(void **state)
{
	struct fixture	*f = flat_fixture(10000, 0);
	char		*png = temp_path("many.png"), *svg = temp_path("many.svg");
	char		*svg2 = temp_path("more.svg");
	cairo_surface_t	*img;
	unsigned char	*text;
	size_t		 len, len2;
	int		 xmin, xmax;

	(void)state;
	f->values[0][0][5005] = 100;	/* not the first bin of its column */
	assert_int_equal(plot_write(&f->spec, svg, png, errbuf,
	    sizeof(errbuf)), 0);
	assert_png_size(png, PLOT_WIDTH, PLOT_TOP + PLOT_PANEL_HEIGHT +
	    PLOT_BOTTOM);

	img = cairo_image_surface_create_from_png(png);
	assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	/* The middle of the plot area's height (no legend row). */
	assert_true(blue_columns(img, PLOT_TOP + 70, PLOT_TOP + 150, 0,
	    PLOT_WIDTH, &xmin, &xmax));
	assert_true(xmax - xmin <= 6);
	assert_true(xmin > PLOT_WIDTH * 0.45 && xmax < PLOT_WIDTH * 0.56);
	cairo_surface_destroy(img);

	text = slurp(svg, &len);
	free(text);
	fixture_free(f);
	f = flat_fixture(100000, 0);
	f->values[0][0][50000] = 100;
	assert_int_equal(plot_write(&f->spec, svg2, NULL, errbuf,
	    sizeof(errbuf)), 0);
	text = slurp(svg2, &len2);
	free(text);
	assert_true(len2 < len + len / 4);

	free(png);
	free(svg);
	free(svg2);
	fixture_free(f);
}

/* An unknown stretch breaks the line and is hatched, not drawn at 0 or at 50. */
static void
test_unknown_is_a_gap(void **state)
{
	struct fixture	*f = flat_fixture(600, 50);
	char		*png = temp_path("gap.png");
	cairo_surface_t	*img;
	int		 xmin, xmax, top = PLOT_TOP + PLOT_LEGEND_ROW;
	uint32_t	 i;

	(void)state;
	f->values[0][0][0] = 100;	/* 50 at mid-height */
	for (i = 200; i < 400; i++) {
		f->known[0][0][i] = false;
		f->values[0][0][i] = 0;	/* must not show */
	}
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), 0);
	img = cairo_image_surface_create_from_png(png);
	assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);

	/* Bins 200-399 are the middle third of the plot. */
	assert_false(blue_columns(img, top, top + PLOT_PANEL_HEIGHT,
	    PLOT_WIDTH * 0.42, PLOT_WIDTH * 0.58, &xmin, &xmax));
	assert_true(blue_columns(img, top, top + PLOT_PANEL_HEIGHT,
	    PLOT_WIDTH * 0.15, PLOT_WIDTH * 0.30, &xmin, &xmax));
	assert_true(blue_columns(img, top, top + PLOT_PANEL_HEIGHT,
	    PLOT_WIDTH * 0.70, PLOT_WIDTH * 0.85, &xmin, &xmax));
	cairo_surface_destroy(img);

	free(png);
	fixture_free(f);
}

/* Vermillion shade over white, as the outage band's colour gives it. */
static int
count_shaded(cairo_surface_t *img, int x, int y0, int y1)
{
	const unsigned char	*data = cairo_image_surface_get_data(img);
	int			 stride = cairo_image_surface_get_stride(img);
	int			 y, n = 0, r, b;
	uint32_t		 px;

	for (y = y0; y < y1; y++) {
		memcpy(&px, data + (size_t)y * stride + 4 * x, 4);
		r = (px >> 16) & 0xff;
		b = px & 0xff;
		n += r > b + 40;
	}
	return n;
}

/* An incident shades the panel over its interval, and only there. */
static void
test_band_is_shaded(void **state)
{
	struct fixture	*f = flat_fixture(600, 0);
	char		*png = temp_path("band.png");
	cairo_surface_t	*img;
	int		 top = PLOT_TOP + PLOT_LEGEND_ROW;

	(void)state;
	/* The middle third of the window. */
	f->bands[0] = (struct plot_band){ f->grid.start + 200 * 60,
	    f->grid.start + 400 * 60, "blackout", PLOT_BAND_OUTAGE };
	f->spec.bands = f->bands;
	f->spec.nbands = 1;
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), 0);
	img = cairo_image_surface_create_from_png(png);
	assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	assert_true(count_shaded(img, PLOT_WIDTH / 2, top,
	    top + PLOT_PANEL_HEIGHT) > 100);
	assert_int_equal(count_shaded(img, PLOT_WIDTH / 4, top,
	    top + PLOT_PANEL_HEIGHT), 0);
	assert_int_equal(count_shaded(img, PLOT_WIDTH * 3 / 4, top,
	    top + PLOT_PANEL_HEIGHT), 0);
	cairo_surface_destroy(img);

	free(png);
	fixture_free(f);
}

/* The legend rows a plot of one panel took, from the PNG's height. */
static int
legend_rows(const char *png)
{
	unsigned char	*data;
	size_t		 len;
	int		 rest;

	data = slurp(png, &len);
	assert_true(len > 24);
	rest = (int)be32(data + 20) - PLOT_TOP - PLOT_PANEL_HEIGHT -
	    PLOT_BOTTOM;
	free(data);
	assert_int_equal(rest % PLOT_LEGEND_ROW, 0);
	return rest / PLOT_LEGEND_ROW;
}

/*
 * Bands of one kind and label share an entry, bands outside the window
 * have none, and entries that do not fit a row wrap to the next.
 */
static void
test_legend(void **state)
{
	static const char *const labels[] = {
		"first distinct incident", "second distinct incident",
		"third distinct incident", "fourth distinct incident",
		"fifth distinct incident", "sixth distinct incident",
		"seventh distinct incident", "eighth distinct incident",
		"ninth distinct incident", "tenth distinct incident",
		"eleventh distinct incident", "twelfth distinct incident",
	};
	struct fixture		*f = flat_fixture(600, 1);
	struct plot_band	 bands[12];
	char			*png = temp_path("legend.png");
	size_t			 j;

	(void)state;
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(legend_rows(png), 0);

	f->spec.bands = bands;
	f->spec.nbands = 12;
	for (j = 0; j < 12; j++)
		bands[j] = (struct plot_band){ f->grid.start + (int64_t)j * 3000,
		    f->grid.start + (int64_t)j * 3000 + 600, "flap",
		    PLOT_BAND_INSTABILITY };
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(legend_rows(png), 1);

	for (j = 0; j < 12; j++)
		bands[j].label = labels[j];
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), 0);
	assert_true(legend_rows(png) >= 2);

	/* Outside the window: no entry. */
	for (j = 0; j < 12; j++) {
		bands[j].start = f->grid.end + (int64_t)j;
		bands[j].end = f->grid.end + 600;
	}
	assert_int_equal(plot_write(&f->spec, NULL, png, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(legend_rows(png), 0);

	free(png);
	fixture_free(f);
}

/* The full sample, written where LIGHTSOUT_PLOT_SAMPLE says, to look at. */
static void
test_sample(void **state)
{
	struct fixture	*f = nk_fixture(4, 3);
	const char	*base = getenv("LIGHTSOUT_PLOT_SAMPLE");
	char		*svg, *png;

	(void)state;
	if (base == NULL || base[0] == '\0') {
		svg = temp_path("sample.svg");
		png = temp_path("sample.png");
	} else {
		svg = xasprintf("%s.svg", base);
		png = xasprintf("%s.png", base);
	}
	if (plot_write(&f->spec, svg, png, errbuf, sizeof(errbuf)) == -1)
		fail_msg("%s", errbuf);
	assert_png_size(png, PLOT_WIDTH, PLOT_TOP + PLOT_LEGEND_ROW +
	    4 * PLOT_PANEL_HEIGHT + PLOT_BOTTOM);
	free(svg);
	free(png);
	fixture_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_svg_and_png),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_bad_path),
		cmocka_unit_test(test_many_bins),
		cmocka_unit_test(test_unknown_is_a_gap),
		cmocka_unit_test(test_band_is_shaded),
		cmocka_unit_test(test_legend),
		cmocka_unit_test(test_sample),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
