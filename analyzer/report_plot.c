/*
 * report_plot.c -- the panels and bands of a report's plot, from the
 * series the detectors read and the incidents they found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/report_plot.h"
#include "reports/plot.h"

/* A derived curve: a column scaled, kept for the plot's lifetime. */
struct curve {
	double	*values;
	bool	*known;
};

static const struct series_column *
col(const struct report *r, const char *signal, const char *metric,
    const char *scope)
{
	return series_table_find(r->table, signal, metric, scope);
}

static void
add_line(struct plot_panel *p, const char *label, const double *values,
    const bool *known)
{
	if (p->nlines == PLOT_MAX_LINES)
		return;
	p->lines[p->nlines].label = label;
	p->lines[p->nlines].values = values;
	p->lines[p->nlines].known = known;
	p->nlines++;
}

/* values * factor into a new curve; false on out of memory. */
static bool
scaled(const struct series_column *c, uint32_t nbins, double factor,
    struct curve *out)
{
	uint32_t i;

	out->values = calloc(nbins, sizeof(*out->values));
	out->known = calloc(nbins, sizeof(*out->known));
	if (out->values == NULL || out->known == NULL)
		return false;
	for (i = 0; i < nbins; i++) {
		out->known[i] = c->known[i];
		out->values[i] = c->value[i] * factor;
	}
	return true;
}

static int
band_kind(enum incident_kind k)
{
	switch (k) {
	case INC_BLACKOUT:
		return PLOT_BAND_OUTAGE;
	case INC_PARTIAL:
		return PLOT_BAND_PARTIAL;
	case INC_INSTABILITY:
		return PLOT_BAND_INSTABILITY;
	case INC_FLOOD:
		return PLOT_BAND_FLOOD;
	case INC_DATA_PLANE:
		return PLOT_BAND_DATA_PLANE;
	case INC_DATA_GAP:
		return PLOT_BAND_DATA_GAP;
	default:
		return -1;	/* an upstream change is a moment, no band */
	}
}

int
report_plot(const struct report *r, const char *dir, char *err,
    size_t errlen)
{
	const struct series_column *c, *c2;
	struct plot_panel panels[PLOT_MAX_PANELS];
	struct plot_band *bands = NULL;
	struct curve curves[4];
	struct plot_spec spec;
	char svg[4096], png[4096], title[256];
	uint32_t nbins = r->grid->nbins;
	double mbit = 8.0 / (double)r->grid->width / 1e6;
	size_t npanels = 0, ncurves = 0, nbands = 0, i;
	int rc = -1;

	memset(panels, 0, sizeof(panels));
	memset(curves, 0, sizeof(curves));
	if ((c = col(r, "bgp", "visible_prefixes", "target")) != NULL) {
		struct plot_panel *p = &panels[npanels++];

		p->title = "BGP: target prefixes visible (more than half of "
		    "the full-feed peers)";
		p->unit = "prefixes";
		add_line(p, "visible prefixes", c->value, c->known);
	}
	c = col(r, "bgp", "announcements", "target");
	c2 = col(r, "bgp", "withdrawals", "target");
	if (c != NULL && c2 != NULL) {
		struct plot_panel *p = &panels[npanels++];

		p->title = "BGP: updates of target prefixes";
		p->unit = "per bin";
		add_line(p, "announcements", c->value, c->known);
		add_line(p, "withdrawals", c2->value, c2->known);
	}
	if ((c = col(r, "flow", "bytes", "towards")) != NULL) {
		struct plot_panel *p = &panels[npanels++];

		if (!scaled(c, nbins, mbit, &curves[ncurves]))
			goto oom;
		p->title = "Flows: traffic towards the target (scaled by "
		    "sampling)";
		p->unit = "Mbit/s";
		add_line(p, "towards", curves[ncurves].values,
		    curves[ncurves].known);
		ncurves++;
	}
	if ((c = col(r, "probe", "success_ratio", "target")) != NULL) {
		struct plot_panel *p = &panels[npanels++];

		if (!scaled(c, nbins, 100, &curves[ncurves]))
			goto oom;
		p->title = "Probes: runs towards the target that succeeded";
		p->unit = "%";
		add_line(p, "success", curves[ncurves].values,
		    curves[ncurves].known);
		ncurves++;
	}
	if (npanels == 0) {
		rc = 0;		/* nothing to draw */
		goto out;
	}
	bands = calloc(r->corr->nincidents + 1, sizeof(*bands));
	if (bands == NULL)
		goto oom;
	for (i = 0; i < r->corr->nincidents; i++) {
		const struct incident *inc = &r->corr->incidents[i];
		int kind = band_kind(inc->kind);

		if (kind < 0)
			continue;
		bands[nbands].start = inc->start;
		bands[nbands].end = inc->end;
		bands[nbands].label = incident_kind_name(inc->kind);
		bands[nbands].kind = kind;
		nbands++;
	}
	snprintf(title, sizeof(title), "%s", event_name(r->ev));
	memset(&spec, 0, sizeof(spec));
	spec.title = title;
	spec.grid = r->grid;
	spec.panels = panels;
	spec.npanels = npanels;
	spec.bands = bands;
	spec.nbands = nbands;
	if (snprintf(svg, sizeof(svg), "%s/timeline.svg", dir) >=
	    (int)sizeof(svg) || snprintf(png, sizeof(png), "%s/timeline.png",
	    dir) >= (int)sizeof(png)) {
		snprintf(err, errlen, "%.200s...: path too long", dir);
		goto out;
	}
	rc = plot_write(&spec, svg, png, err, errlen);
	goto out;
oom:
	snprintf(err, errlen, "%s: out of memory for the plot", dir);
out:
	for (i = 0; i < ncurves + 1 && i < 4; i++) {
		free(curves[i].values);
		free(curves[i].known);
	}
	free(bands);
	return rc;
}
