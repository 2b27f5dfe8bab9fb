/*
 * timeline_writer.c -- the series of `lightsout timeline` as CSV or as a
 * text table.
 *
 * The CSV is long: one row per bin and series, so that a series any
 * signal adds later needs no new column, and so that it loads as it is
 * into R, pandas or a spreadsheet's pivot table.  The text table is for
 * reading: one line per bin with the target-wide figures of each signal
 * that has inputs; per-prefix, per-host and per-vantage series are in the
 * CSV only.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/csv_out.h"
#include "reports/outbuf.h"
#include "reports/timeline_writer.h"

/* A column of the text table: which series, how to show it. */
enum column_unit {
	UNIT_COUNT,		/* whole number */
	UNIT_PERCENT,		/* a share, shown as a percentage */
	UNIT_MBITS,		/* bytes per bin, shown as Mbit/s */
	UNIT_KPPS,		/* packets per bin, shown as kpackets/s */
	UNIT_MS,		/* milliseconds */
	UNIT_TEXT,		/* a set; upstream changes appended */
};

struct column {
	const char	*signal;
	const char	*metric;
	const char	*scope;
	const char	*title;
	int		 width;
	enum column_unit unit;
};

static const struct column columns[] = {
	{ "bgp", "visible_prefixes", "target", "vis", 5, UNIT_COUNT },
	{ "bgp", "visible_slash24", "target", "/24", 6, UNIT_COUNT },
	{ "bgp", "announcements", "target", "ann", 6, UNIT_COUNT },
	{ "bgp", "withdrawals", "target", "wdr", 6, UNIT_COUNT },
	{ "bgp", "path_changes", "target", "chg", 5, UNIT_COUNT },
	{ "bgp", "full_feed_peers", "target", "ffp", 4, UNIT_COUNT },
	{ "bgp", "collectors_known", "target", "col", 4, UNIT_COUNT },
	{ "flow", "bytes", "towards", "in Mb/s", 9, UNIT_MBITS },
	{ "flow", "packets", "towards", "in kpps", 9, UNIT_KPPS },
	{ "flow", "src_addrs", "towards", "srcs", 8, UNIT_COUNT },
	{ "flow", "reflection_share", "towards", "refl%", 6, UNIT_PERCENT },
	{ "flow", "syn_only_share", "towards", "syn%", 6, UNIT_PERCENT },
	{ "flow", "bytes", "from", "out Mb/s", 9, UNIT_MBITS },
	{ "probe", "results", "target", "res", 6, UNIT_COUNT },
	{ "probe", "success_ratio", "target", "ok%", 6, UNIT_PERCENT },
	{ "probe", "vantages_ok", "target", "vok", 5, UNIT_COUNT },
	{ "probe", "vantages", "target", "van", 5, UNIT_COUNT },
	{ "probe", "rtt_median", "target", "rtt ms", 8, UNIT_MS },
	/* Last: a set of any length would push the columns after it. */
	{ "bgp", "upstreams", "target", "upstreams", 0, UNIT_TEXT },
};
#define NCOLUMNS	(sizeof(columns) / sizeof(columns[0]))

#define TEXT_CELL_MAX	160

struct cell {
	bool		 seen;
	bool		 known;
	double		 value;
	char		 text[TEXT_CELL_MAX];
};

struct timeline_writer {
	struct outbuf		 out;
	enum timeline_format	 format;
	const struct bin_grid	*grid;
	bool			 show[NCOLUMNS];
	struct cell		 cells[NCOLUMNS];
	char			 added[TEXT_CELL_MAX];	/* upstream changes */
	char			 removed[TEXT_CELL_MAX];
};

static const char *const csv_columns[] = {
	"bin_start", "bin_end", "signal", "metric", "scope", "value", NULL,
};

struct timeline_writer *
timeline_writer_new(FILE *fp, enum timeline_format format,
    const struct bin_grid *grid)
{
	struct timeline_writer *w;

	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return NULL;
	if (outbuf_init(&w->out, fp) == -1) {
		free(w);
		return NULL;
	}
	w->format = format;
	w->grid = grid;
	return w;
}

static void
put_line(struct timeline_writer *w, const char *s)
{
	outbuf_str(&w->out, s);
	outbuf_char(&w->out, '\n');
}

/* A number as CSV and text want it: whole, or 6 significant digits. */
static void
put_number(struct outbuf *o, double v)
{
	char buf[32];

	if (v == floor(v) && fabs(v) < 9.0e15) {
		outbuf_i64(o, (int64_t)v);
		return;
	}
	snprintf(buf, sizeof(buf), "%.6g", v);
	outbuf_str(o, buf);
}

void
timeline_writer_begin(struct timeline_writer *w,
    const struct timeline_heading *h)
{
	char line[512];
	size_t i;
	int n;

	if (w->format == TIMELINE_CSV) {
		csv_out_header(&w->out, csv_columns);
		return;
	}
	for (i = 0; i < NCOLUMNS; i++)
		w->show[i] = (strcmp(columns[i].signal, "bgp") == 0 &&
		    h->has_bgp) ||
		    (strcmp(columns[i].signal, "flow") == 0 && h->has_flow) ||
		    (strcmp(columns[i].signal, "probe") == 0 && h->has_probe);

	snprintf(line, sizeof(line), "lightsout timeline: %s", h->event_name);
	put_line(w, line);
	outbuf_str(&w->out, "window   ");
	outbuf_iso_time_s(&w->out, w->grid->start);
	outbuf_str(&w->out, " to ");
	outbuf_iso_time_s(&w->out, w->grid->end);
	snprintf(line, sizeof(line), ", %u bins of %lld s", w->grid->nbins,
	    (long long)w->grid->width);
	put_line(w, line);
	snprintf(line, sizeof(line), "targets  %s", h->targets);
	put_line(w, line);
	snprintf(line, sizeof(line), "inputs   %s", h->inputs);
	put_line(w, line);
	put_line(w, "'?' marks a figure unknown for the bin (no data from "
	    "that source then).");
	if (h->has_bgp)
		put_line(w, "bgp:   vis visible prefixes, /24 their /24 "
		    "equivalents, ann/wdr announcements and withdrawals,\n"
		    "       chg AS path changes, ffp full-feed peers known, "
		    "col collectors with data,\n"
		    "       upstreams the ASes next to the origin (+added "
		    "-removed since the bin before)");
	if (h->has_flow)
		put_line(w, "flow:  traffic towards the target (in) and from "
		    "it (out), scaled by sampling;\n"
		    "       srcs distinct sources, refl% bytes from "
		    "reflection ports, syn% SYN-only TCP flows");
	if (h->has_probe)
		put_line(w, "probe: res results, ok% successful, vok/van "
		    "vantages with a success / with a result,\n"
		    "       rtt median round-trip time");
	outbuf_char(&w->out, '\n');

	n = snprintf(line, sizeof(line), "%-20s", "bin start (UTC)");
	for (i = 0; i < NCOLUMNS && n > 0 && (size_t)n < sizeof(line); i++) {
		if (!w->show[i])
			continue;
		if (columns[i].unit == UNIT_TEXT)
			n += snprintf(line + n, sizeof(line) - (size_t)n,
			    "  %s", columns[i].title);
		else
			n += snprintf(line + n, sizeof(line) - (size_t)n,
			    " %*s", columns[i].width, columns[i].title);
	}
	put_line(w, line);
}

static void
csv_row(struct timeline_writer *w, const struct series_row *row)
{
	struct outbuf *o = &w->out;

	outbuf_iso_time_s(o, bin_start(w->grid, row->bin));
	outbuf_char(o, ',');
	outbuf_iso_time_s(o, bin_end(w->grid, row->bin));
	outbuf_char(o, ',');
	outbuf_str(o, row->signal);
	outbuf_char(o, ',');
	outbuf_str(o, row->metric);
	outbuf_char(o, ',');
	csv_out_field(o, row->scope, strlen(row->scope));
	outbuf_char(o, ',');
	if (row->known) {
		if (row->text != NULL)
			csv_out_field(o, row->text, strlen(row->text));
		else if (row->is_time)
			outbuf_iso_time_s(o, (int64_t)row->value);
		else
			put_number(o, row->value);
	}
	outbuf_str(o, "\r\n");
}

static void
copy_text(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n >= TEXT_CELL_MAX) {
		/* A long set: cut at a space and say so. */
		n = TEXT_CELL_MAX - 5;
		while (n > 0 && src[n] != ' ')
			n--;
		memcpy(dst, src, n);
		memcpy(dst + n, " ...", 5);
		return;
	}
	memcpy(dst, src, n + 1);
}

void
timeline_writer_row(const struct series_row *row, void *arg)
{
	struct timeline_writer *w = arg;
	size_t i;

	if (w->format == TIMELINE_CSV) {
		csv_row(w, row);
		return;
	}
	if (strcmp(row->signal, "bgp") == 0 &&
	    strcmp(row->scope, "target") == 0 && row->known &&
	    row->text != NULL) {
		if (strcmp(row->metric, "upstreams_added") == 0)
			copy_text(w->added, row->text);
		else if (strcmp(row->metric, "upstreams_removed") == 0)
			copy_text(w->removed, row->text);
	}
	for (i = 0; i < NCOLUMNS; i++) {
		struct cell *c = &w->cells[i];

		if (strcmp(columns[i].metric, row->metric) != 0 ||
		    strcmp(columns[i].signal, row->signal) != 0 ||
		    strcmp(columns[i].scope, row->scope) != 0)
			continue;
		c->seen = true;
		c->known = row->known;
		c->value = row->value;
		if (row->text != NULL)
			copy_text(c->text, row->text);
		else
			c->text[0] = '\0';
		return;
	}
}

/* One cell of the text table into line at n; returns the new length. */
static int
text_cell(const struct timeline_writer *w, size_t i, char *line, size_t size,
    int n)
{
	const struct column *col = &columns[i];
	const struct cell *c = &w->cells[i];
	double secs = (double)w->grid->width, v = c->value;
	char num[64];

	if (col->unit == UNIT_TEXT) {
		const char *set = !c->seen || !c->known ? "?" :
		    c->text[0] != '\0' ? c->text : "none";

		n += snprintf(line + n, size - (size_t)n, "  %s", set);
		if (w->added[0] != '\0')
			n += snprintf(line + n, size - (size_t)n, " +%s",
			    w->added);
		if (w->removed[0] != '\0')
			n += snprintf(line + n, size - (size_t)n, " -%s",
			    w->removed);
		return n;
	}
	if (!c->seen || !c->known) {
		snprintf(num, sizeof(num), "?");
	} else {
		switch (col->unit) {
		case UNIT_PERCENT:
			snprintf(num, sizeof(num), "%.1f", v * 100.0);
			break;
		case UNIT_MBITS:
			snprintf(num, sizeof(num), "%.3f",
			    v * 8.0 / secs / 1e6);
			break;
		case UNIT_KPPS:
			snprintf(num, sizeof(num), "%.3f", v / secs / 1e3);
			break;
		case UNIT_MS:
			snprintf(num, sizeof(num), "%.1f", v);
			break;
		default:
			snprintf(num, sizeof(num), "%.0f", v);
			break;
		}
	}
	return n + snprintf(line + n, size - (size_t)n, " %*s", col->width,
	    num);
}

void
timeline_writer_end_bin(struct timeline_writer *w, uint32_t bin)
{
	char line[2048];
	size_t i;
	int n;

	if (w->format == TIMELINE_CSV)
		return;
	outbuf_iso_time_s(&w->out, bin_start(w->grid, bin));
	/* The time takes the 20 columns of "bin start (UTC)". */
	line[0] = '\0';
	n = 0;
	for (i = 0; i < NCOLUMNS; i++) {
		if (!w->show[i])
			continue;
		if (n < 0 || (size_t)n >= sizeof(line) - TEXT_CELL_MAX * 3)
			break;
		n = text_cell(w, i, line, sizeof(line), n);
	}
	put_line(w, line);
	memset(w->cells, 0, sizeof(w->cells));
	w->added[0] = w->removed[0] = '\0';
}

int
timeline_writer_close(struct timeline_writer *w)
{
	int rc = 0;

	if (w == NULL)
		return 0;
	if (outbuf_flush(&w->out) == -1 || w->out.failed)
		rc = -1;
	outbuf_free(&w->out);
	free(w);
	return rc;
}
