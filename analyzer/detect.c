/*
 * detect.c -- intervals of trouble in the series of a timeline.
 *
 * Every detector walks its series bin by bin, comparing each bin with a
 * baseline of the bins before it that were known and not flagged
 * themselves, so that a long outage or flood does not become its own
 * baseline.  Flagged bins are then cut into runs; runs separated only by
 * unknown bins (or, for bursty signals, by a short quiet gap) are one
 * interval.  The rules and their defaults are in detect.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/detect.h"
#include "analyzer/filter.h"
#include "parsers/civil_time.h"

const struct series_want detect_wants[] = {
	{ "bgp", "visible_prefixes", "target" },
	{ "bgp", "announcements", "target" },
	{ "bgp", "withdrawals", "target" },
	{ "bgp", "upstreams", "target" },
	{ "bgp", "upstreams_added", "target" },
	{ "bgp", "upstreams_removed", "target" },
	{ "bgp", "first_withdrawal", "target" },
	{ "bgp", "last_withdrawal", "target" },
	{ "bgp", "collectors_known", "target" },
	{ "bgp", "full_feed_peers", "target" },
	{ "bgp", "visible", NULL },
	{ "flow", "bytes", "towards" },
	{ "flow", "packets", "towards" },
	{ "flow", "src_addrs", "towards" },
	{ "flow", "reflection_share", "towards" },
	{ "flow", "top_src_port", "towards" },
	{ "flow", "top_dst_port", "towards" },
	{ "flow", "flows_seen", "all" },
	{ "probe", "results", NULL },
	{ "probe", "successes", NULL },
	{ "probe", "success_ratio", NULL },
	{ "probe", "vantages", "target" },
	{ "probe", "vantages_ok", "target" },
};
const size_t detect_nwants = sizeof(detect_wants) / sizeof(detect_wants[0]);

void
detect_params_default(struct detect_params *p)
{
	p->baseline_window = 86400;
	p->baseline_min_bins = 12;
	p->instability_mads = 6;
	p->instability_min = 20;
	p->merge_gap = 3600;
	p->flood_factor = 10;
	p->flood_min_bps = 10e6;
	p->collapse_factor = 0.1;
	p->collapse_min_bps = 1e6;
	p->probe_belief = 0.9;
	p->probe_vantage_share = 0.5;
	p->min_outage = 900;
	p->flood_merge_gap = 43200;
}

const char *
interval_kind_name(enum interval_kind k)
{
	static const char *const names[IV_NKINDS] = {
		"bgp blackout", "bgp partial outage", "bgp instability",
		"upstream change", "flood", "traffic collapse",
		"probe outage", "bgp data gap", "probe data gap",
		"flow data gap",
		"collector gap", "peer reset", "vantage loss",
	};

	return k < IV_NKINDS ? names[k] : "?";
}

void
interval_list_free(struct interval_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* --- state shared by the detectors -------------------------------------- */

struct detector {
	const struct series_table *table;
	const struct detect_params *params;
	const struct bin_grid	*grid;
	uint32_t		 nbins;
	uint32_t		 window;	/* baseline window in bins */
	uint32_t		 merge_bins;
	uint32_t		 flood_bins;	/* flood_merge_gap in bins */
	uint32_t		 min_bins;	/* min_outage in bins */
	double			*scratch;	/* nbins */
	bool			*flag;		/* nbins */
	bool			*known;		/* nbins */
	struct interval_list	*out;
	bool			 failed;
};

static const struct series_column *
column(const struct detector *d, const char *signal, const char *metric,
    const char *scope)
{
	return series_table_find(d->table, signal, metric, scope);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct baseline {
	bool	 ok;
	bool	 startup;
	double	 median;
	double	 mad;		/* median absolute deviation */
	double	 max;
};

/* Median and MAD of v[0..n), which is reordered. */
static void
robust(double *v, size_t n, struct baseline *b)
{
	size_t i;

	qsort(v, n, sizeof(*v), cmp_double);
	b->max = v[n - 1];
	b->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	for (i = 0; i < n; i++)
		v[i] = fabs(v[i] - b->median);
	qsort(v, n, sizeof(*v), cmp_double);
	b->mad = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	b->ok = true;
}

/*
 * The baseline of bin i of a series: the trailing window's known bins not
 * flagged; or, with too few of them, every known bin of the window.
 */
static void
baseline_at(struct detector *d, const double *value, const bool *known,
    uint32_t i, struct baseline *b)
{
	uint32_t from = i > d->window ? i - d->window : 0, k;
	size_t n = 0;

	memset(b, 0, sizeof(*b));
	for (k = from; k < i; k++)
		if (known[k] && !d->flag[k])
			d->scratch[n++] = value[k];
	if (n >= d->params->baseline_min_bins) {
		robust(d->scratch, n, b);
		return;
	}
	n = 0;
	for (k = 0; k < d->nbins; k++)
		if (known[k])
			d->scratch[n++] = value[k];
	if (n == 0)
		return;
	robust(d->scratch, n, b);
	b->startup = true;
}

static struct interval *
new_interval(struct detector *d, enum interval_kind kind, uint32_t first,
    uint32_t last)
{
	struct interval_list *l = d->out;
	struct interval *iv;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct interval *grown = realloc(l->v, cap * sizeof(*grown));

		if (grown == NULL) {
			d->failed = true;
			return NULL;
		}
		l->v = grown;
		l->cap = cap;
	}
	iv = &l->v[l->n++];
	memset(iv, 0, sizeof(*iv));
	iv->kind = kind;
	iv->first = first;
	iv->last = last;
	iv->start = bin_start(d->grid, first);
	iv->end = bin_end(d->grid, last);
	return iv;
}

/*
 * Cut d->flag into runs: flagged bins joined across bins that are unknown
 * (d->known false) and, when gap > 0, across up to gap quiet bins.
 * Calls found(d, first, last, arg) for each run.
 */
static void
runs(struct detector *d, uint32_t gap,
    void (*found)(struct detector *, uint32_t, uint32_t, void *), void *arg)
{
	uint32_t i = 0, first, last, j;

	while (i < d->nbins) {
		if (!d->flag[i]) {
			i++;
			continue;
		}
		first = last = i;
		for (j = i + 1; j < d->nbins; j++) {
			if (d->flag[j]) {
				last = j;
				continue;
			}
			if (!d->known[j])
				continue;
			if (j - last > gap)
				break;
		}
		found(d, first, last, arg);
		i = last + 1;
	}
}

static void
reset_flags(struct detector *d, const bool *known)
{
	uint32_t i;

	for (i = 0; i < d->nbins; i++) {
		d->flag[i] = false;
		d->known[i] = known != NULL ? known[i] : true;
	}
}

/* Append ", text" to buf (or "text" when empty), cutting at its size. */
static void
add_text(char *buf, size_t len, const char *text)
{
	size_t n = strlen(buf);

	if (n + 8 >= len)
		return;
	snprintf(buf + n, len - n, "%s%s", n ? ", " : "", text);
	if (strlen(buf) + 5 >= len)
		snprintf(buf + len - 5, 5, " ...");
}

/* Is the run [first, last] too short to be an outage (a flap)? */
static bool
too_short(const struct detector *d, uint32_t first, uint32_t last)
{
	return last - first + 1 < d->min_bins;
}

/* --- BGP ----------------------------------------------------------------- */

static void
found_blackout(struct detector *d, uint32_t first, uint32_t last, void *arg)
{
	const struct series_column *fw = column(d, "bgp", "first_withdrawal",
	    "target");
	const struct series_column *lw = column(d, "bgp", "last_withdrawal",
	    "target");
	const double *base_max = arg;
	struct interval *iv;
	char when[32], until[32];

	if (too_short(d, first, last))
		return;
	if ((iv = new_interval(d, IV_BGP_BLACKOUT, first, last)) == NULL)
		return;
	/* Visibility is sampled at bin ends: it ended within bin last+1. */
	iv->end = last + 1 < d->nbins ? bin_start(d->grid, last + 1) :
	    d->grid->end;
	iv->peak = 0;
	iv->baseline = base_max[first];
	if (fw != NULL && fw->known[first]) {
		iv->has_exact_start = true;
		iv->exact_start = (int64_t)fw->value[first];
		format_utc(iv->exact_start, when, sizeof(when));
		if (lw != NULL && lw->known[first])
			format_utc((int64_t)lw->value[first], until,
			    sizeof(until));
		else
			snprintf(until, sizeof(until), "%s", when);
		snprintf(iv->detail, sizeof(iv->detail), "no target prefix "
		    "visible (%.0f before); withdrawals from %s to %s in "
		    "its first bin", iv->baseline, when, until);
	} else
		snprintf(iv->detail, sizeof(iv->detail), "no target prefix "
		    "visible (%.0f before)", iv->baseline);
}

/*
 * The prefixes lost in the run: visible in the bin before it and not
 * visible in at least half of its known bins (a prefix that flaps once
 * inside a partial outage is not its scope).
 */
static void
lost_prefixes(struct detector *d, uint32_t first, uint32_t last, char *buf,
    size_t len)
{
	const struct series_table *t = d->table;
	size_t c;
	uint32_t i;

	buf[0] = '\0';
	for (c = 0; c < t->ncolumns; c++) {
		const struct series_column *col = &t->columns[c];
		uint32_t known = 0, lost = 0;

		if (strcmp(col->signal, "bgp") != 0 ||
		    strcmp(col->metric, "visible") != 0)
			continue;
		if (first > 0 && (!col->known[first - 1] ||
		    col->value[first - 1] < 1))
			continue;
		for (i = first; i <= last; i++) {
			known += col->known[i];
			lost += col->known[i] && col->value[i] < 1;
		}
		if (known > 0 && 2 * lost >= known)
			add_text(buf, len, col->scope);
	}
}

/* Is the host of a scope "host ADDR" inside one of the prefixes listed? */
static bool
host_in(const char *scope, const char *prefixes)
{
	struct ip_addr a;
	char buf[64], err[128];
	const char *p = prefixes;

	if (strncmp(scope, "host ", 5) != 0 || !ip_addr_parse(scope + 5, &a))
		return false;
	while (*p != '\0') {
		struct ip_prefix pfx;
		size_t n = strcspn(p, ",");

		if (n < sizeof(buf)) {
			memcpy(buf, p, n);
			buf[n] = '\0';
			if (parse_prefix(buf, &pfx, err, sizeof(err)) == 0 &&
			    addr_in_prefixes(&pfx, 1, &a))
				return true;
		}
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return false;
}

/*
 * The probe runs towards target hosts inside the prefixes a partial
 * outage lost: the data plane's word on those prefixes alone.
 */
static void
host_runs(const struct detector *d, struct interval *iv)
{
	const struct series_table *t = d->table;
	size_t c;
	uint32_t i;

	for (c = 0; c < t->ncolumns; c++) {
		const struct series_column *runs_col = &t->columns[c];
		const struct series_column *ok;

		if (strcmp(runs_col->signal, "probe") != 0 ||
		    strcmp(runs_col->metric, "results") != 0 ||
		    !host_in(runs_col->scope, iv->scope))
			continue;
		ok = series_table_find(t, "probe", "successes",
		    runs_col->scope);
		if (ok == NULL)
			continue;
		for (i = iv->first; i <= iv->last; i++) {
			if (!runs_col->known[i] || !ok->known[i])
				continue;
			iv->host_runs += (uint64_t)runs_col->value[i];
			iv->host_successes += (uint64_t)ok->value[i];
		}
	}
}

static void
found_partial(struct detector *d, uint32_t first, uint32_t last, void *arg)
{
	const struct series_column *vis = arg;
	struct interval *iv;
	struct baseline b;
	double least = INFINITY;
	size_t n = 0;
	uint32_t i;

	if (too_short(d, first, last))
		return;
	if ((iv = new_interval(d, IV_BGP_PARTIAL, first, last)) == NULL)
		return;
	iv->end = last + 1 < d->nbins ? bin_start(d->grid, last + 1) :
	    d->grid->end;
	for (i = first; i <= last; i++) {
		if (!vis->known[i])
			continue;
		d->scratch[n++] = vis->value[i];
		if (vis->value[i] < least)
			least = vis->value[i];
	}
	iv->peak = least;
	lost_prefixes(d, first, last, iv->scope, sizeof(iv->scope));
	host_runs(d, iv);
	if (n == 0)
		return;
	robust(d->scratch, n, &b);
	snprintf(iv->detail, sizeof(iv->detail), "%.0f target prefixes "
	    "visible for most of it (as few as %.0f at times)", b.median,
	    least);
}

static void
detect_visibility(struct detector *d)
{
	const struct series_column *vis = column(d, "bgp", "visible_prefixes",
	    "target");
	double *base_max;
	struct baseline b;
	uint32_t i;

	if (vis == NULL)
		return;
	base_max = calloc(d->nbins, sizeof(*base_max));
	if (base_max == NULL) {
		d->failed = true;
		return;
	}
	/* Blackout: none visible, where the baseline had some. */
	reset_flags(d, vis->known);
	for (i = 0; i < d->nbins; i++) {
		if (!vis->known[i])
			continue;
		baseline_at(d, vis->value, vis->known, i, &b);
		base_max[i] = b.ok ? b.max : 0;
		d->flag[i] = vis->value[i] == 0 && b.ok && b.max > 0;
	}
	runs(d, 0, found_blackout, base_max);

	/*
	 * Partial: fewer than the baseline median, where no blackout is
	 * (a moment with none visible inside a partial outage is part of it).
	 */
	{
		bool *blackout = calloc(d->nbins, sizeof(*blackout));
		size_t k;

		if (blackout == NULL) {
			d->failed = true;
			free(base_max);
			return;
		}
		for (k = 0; k < d->out->n; k++) {
			const struct interval *iv = &d->out->v[k];
			uint32_t j;

			if (iv->kind != IV_BGP_BLACKOUT)
				continue;
			for (j = iv->first; j <= iv->last; j++)
				blackout[j] = true;
		}
		reset_flags(d, vis->known);
		for (i = 0; i < d->nbins; i++) {
			if (!vis->known[i] || blackout[i])
				continue;
			baseline_at(d, vis->value, vis->known, i, &b);
			d->flag[i] = b.ok && vis->value[i] < b.median;
		}
		free(blackout);
	}
	runs(d, 0, found_partial, (void *)vis);
	free(base_max);
}

static void
found_instability(struct detector *d, uint32_t first, uint32_t last,
    void *arg)
{
	const double *churn = arg;
	struct interval *iv;
	double peak = 0, total = 0;
	uint32_t i;

	if (too_short(d, first, last))
		return;
	if ((iv = new_interval(d, IV_BGP_INSTABILITY, first, last)) == NULL)
		return;
	for (i = first; i <= last; i++) {
		total += churn[i];
		if (churn[i] > peak)
			peak = churn[i];
	}
	iv->peak = peak;
	iv->baseline = churn[d->nbins + first];	/* stashed median */
	snprintf(iv->detail, sizeof(iv->detail), "%.0f announcements and "
	    "withdrawals, up to %.0f per bin against a baseline of %.0f",
	    total, peak, iv->baseline);
}

static void
detect_instability(struct detector *d)
{
	const struct series_column *ann = column(d, "bgp", "announcements",
	    "target");
	const struct series_column *wdr = column(d, "bgp", "withdrawals",
	    "target");
	const struct detect_params *p = d->params;
	double *churn;		/* nbins of churn, then nbins of medians */
	bool *known;
	struct baseline b;
	uint32_t i;

	if (ann == NULL || wdr == NULL)
		return;
	churn = calloc(2 * (size_t)d->nbins, sizeof(*churn));
	known = calloc(d->nbins, sizeof(*known));
	if (churn == NULL || known == NULL) {
		d->failed = true;
		goto out;
	}
	for (i = 0; i < d->nbins; i++) {
		known[i] = ann->known[i] && wdr->known[i];
		churn[i] = ann->value[i] + wdr->value[i];
	}
	reset_flags(d, known);
	for (i = 0; i < d->nbins; i++) {
		double mad, threshold;

		if (!known[i])
			continue;
		baseline_at(d, churn, known, i, &b);
		if (!b.ok)
			continue;
		mad = b.mad > 1 ? b.mad : 1;
		threshold = b.median + p->instability_mads * mad;
		if (threshold < p->instability_min)
			threshold = p->instability_min;
		churn[d->nbins + i] = b.median;
		d->flag[i] = churn[i] > threshold;
	}
	/*
	 * The bursts that take a blackout or partial outage in and out (its
	 * first bin, and the bin its routes come back in) belong to it.
	 */
	for (i = 0; i < d->out->n; i++) {
		const struct interval *iv = &d->out->v[i];

		if (iv->kind != IV_BGP_BLACKOUT && iv->kind != IV_BGP_PARTIAL)
			continue;
		d->flag[iv->first] = false;
		if (iv->last + 1 < d->nbins)
			d->flag[iv->last + 1] = false;
	}
	runs(d, d->merge_bins, found_instability, churn);
out:
	free(churn);
	free(known);
}

static void
found_upstream(struct detector *d, uint32_t first, uint32_t last, void *arg)
{
	const struct series_column *added = column(d, "bgp",
	    "upstreams_added", "target");
	const struct series_column *removed = column(d, "bgp",
	    "upstreams_removed", "target");
	const struct series_column *ups = column(d, "bgp", "upstreams",
	    "target");
	struct interval *iv;
	uint32_t i;

	(void)arg;
	if ((iv = new_interval(d, IV_BGP_UPSTREAM, first, last)) == NULL)
		return;
	for (i = first; i <= last; i++) {
		char piece[96];

		if (added != NULL && added->text != NULL &&
		    added->text[i] != NULL && added->text[i][0] != '\0') {
			snprintf(piece, sizeof(piece), "+AS %s",
			    added->text[i]);
			add_text(iv->detail, sizeof(iv->detail), piece);
		}
		if (removed != NULL && removed->text != NULL &&
		    removed->text[i] != NULL && removed->text[i][0] != '\0') {
			snprintf(piece, sizeof(piece), "-AS %s",
			    removed->text[i]);
			add_text(iv->detail, sizeof(iv->detail), piece);
		}
	}
	if (ups != NULL && ups->text != NULL && ups->text[last] != NULL)
		snprintf(iv->scope, sizeof(iv->scope), "upstreams now: %s",
		    ups->text[last]);
}

static bool
has_text(const struct series_column *c, uint32_t i)
{
	return c != NULL && c->text != NULL && c->known[i] &&
	    c->text[i] != NULL && c->text[i][0] != '\0';
}

static void
detect_upstreams(struct detector *d)
{
	const struct series_column *added = column(d, "bgp",
	    "upstreams_added", "target");
	const struct series_column *removed = column(d, "bgp",
	    "upstreams_removed", "target");
	const struct series_column *ups = column(d, "bgp", "upstreams",
	    "target");
	bool before = false;	/* the last known set was not empty */
	uint32_t i;

	if (ups == NULL || (added == NULL && removed == NULL))
		return;
	/*
	 * A set that empties or fills again is the routes going and coming
	 * (an outage): a change is an AS appearing or leaving beside others.
	 */
	reset_flags(d, NULL);
	for (i = 0; i < d->nbins; i++) {
		bool now;

		if (!ups->known[i])
			continue;
		now = has_text(ups, i);
		d->flag[i] = now && before &&
		    (has_text(added, i) || has_text(removed, i));
		before = now;
	}
	runs(d, 0, found_upstream, NULL);
}

/* BGP data gaps and the notes of collectors and peers. */
static void
found_simple(struct detector *d, uint32_t first, uint32_t last, void *arg)
{
	const struct interval *model = arg;
	struct interval *iv;

	/* A vantage's or a source's moment of silence is a flap. */
	if ((model->kind == IV_NOTE_VANTAGE_LOSS ||
	    model->kind == IV_PROBE_GAP || model->kind == IV_FLOW_GAP) &&
	    too_short(d, first, last))
		return;
	if ((iv = new_interval(d, model->kind, first, last)) == NULL)
		return;
	iv->peak = model->peak;
	iv->baseline = model->baseline;
	memcpy(iv->scope, model->scope, sizeof(iv->scope));
	memcpy(iv->detail, model->detail, sizeof(iv->detail));
}

static double
series_max(const struct series_column *c, uint32_t nbins)
{
	double max = 0;
	uint32_t i;

	for (i = 0; i < nbins; i++)
		if (c->known[i] && c->value[i] > max)
			max = c->value[i];
	return max;
}

static void
detect_bgp_quality(struct detector *d)
{
	const struct series_column *coll = column(d, "bgp", "collectors_known",
	    "target");
	const struct series_column *ffp = column(d, "bgp", "full_feed_peers",
	    "target");
	struct interval model;
	double most, collectors;
	uint32_t i;

	if (coll == NULL)
		return;
	memset(&model, 0, sizeof(model));
	most = collectors = series_max(coll, d->nbins);

	model.kind = IV_BGP_GAP;
	snprintf(model.detail, sizeof(model.detail), "no collector has data "
	    "(of %.0f)", most);
	reset_flags(d, NULL);
	for (i = 0; i < d->nbins; i++)
		d->flag[i] = coll->known[i] && coll->value[i] == 0 && most > 0;
	runs(d, 0, found_simple, &model);

	model.kind = IV_NOTE_COLLECTOR_GAP;
	snprintf(model.detail, sizeof(model.detail), "fewer collectors with "
	    "data than the %.0f seen elsewhere in the window", most);
	reset_flags(d, NULL);
	for (i = 0; i < d->nbins; i++)
		d->flag[i] = coll->known[i] && coll->value[i] > 0 &&
		    coll->value[i] < most;
	runs(d, 0, found_simple, &model);

	if (ffp == NULL)
		return;
	/* Fewer full-feed peers known, outside collector gaps. */
	most = series_max(ffp, d->nbins);
	model.kind = IV_NOTE_PEER_RESET;
	snprintf(model.detail, sizeof(model.detail), "fewer full-feed peers "
	    "known than the %.0f seen elsewhere (a session down): "
	    "counted as unknown, not as withdrawals", most);
	reset_flags(d, NULL);
	for (i = 0; i < d->nbins; i++)
		d->flag[i] = ffp->known[i] && ffp->value[i] < most &&
		    coll->known[i] && coll->value[i] == collectors;
	runs(d, 0, found_simple, &model);
}

/* --- flows --------------------------------------------------------------- */

struct flow_ctx {
	const struct series_column *bytes, *packets, *srcs, *refl, *ports;
	const struct series_column *dst_ports;
	double	*median;	/* nbins: the baseline median of bytes */
};

/* Append "what: the first 3 entries of a top list" of bin i to buf. */
static void
top_entries(char *buf, size_t len, const char *what,
    const struct series_column *c, uint32_t i)
{
	char piece[128];
	const char *p;
	size_t n;
	int spaces = 0;

	if (c == NULL || !has_text(c, i))
		return;
	for (p = c->text[i]; *p != '\0'; p++)
		if (*p == ' ' && ++spaces == 3)
			break;
	n = (size_t)(p - c->text[i]);
	snprintf(piece, sizeof(piece), "%s %.*s", what,
	    (int)(n < 100 ? n : 100), c->text[i]);
	add_text(buf, len, piece);
}

static void
found_flood(struct detector *d, uint32_t first, uint32_t last, void *arg)
{
	const struct flow_ctx *fc = arg;
	double secs = (double)d->grid->width, peak = 0, pps = 0, srcs = 0;
	double refl = 0;
	uint32_t i, at = first, bursts = 0, refl_at = first;
	struct interval *iv;
	char when[32], piece[96];

	if ((iv = new_interval(d, IV_FLOW_FLOOD, first, last)) == NULL)
		return;
	for (i = first; i <= last; i++) {
		if (d->flag[i] && (i == first || !d->flag[i - 1]))
			bursts++;
		if (d->flag[i] && fc->bytes->value[i] > peak) {
			peak = fc->bytes->value[i];
			at = i;
		}
		if (d->flag[i] && fc->refl != NULL && fc->refl->known[i] &&
		    fc->refl->value[i] > refl) {
			refl = fc->refl->value[i];
			refl_at = i;
		}
	}
	if (fc->packets != NULL)
		pps = fc->packets->value[at] / secs;
	if (fc->srcs != NULL)
		srcs = fc->srcs->value[at];
	iv->peak = peak * 8 / secs;
	iv->baseline = fc->median[first] * 8 / secs;
	format_utc(bin_start(d->grid, at), when, sizeof(when));
	snprintf(iv->detail, sizeof(iv->detail), "peak %.3g Gbit/s, %.3g "
	    "Mpackets/s in the bin of %s, %.0f distinct sources",
	    iv->peak / 1e9, pps / 1e6, when, srcs);
	if (refl >= 0.01) {
		format_utc(bin_start(d->grid, refl_at), when, sizeof(when));
		snprintf(piece, sizeof(piece), "up to %.0f%% of the bytes from "
		    "reflection ports (in the bin of %s)", refl * 100, when);
		add_text(iv->detail, sizeof(iv->detail), piece);
	}
	if (bursts > 1) {
		snprintf(piece, sizeof(piece), "%u bursts", bursts);
		add_text(iv->detail, sizeof(iv->detail), piece);
	}
	top_entries(iv->scope, sizeof(iv->scope), "at the peak to ports",
	    fc->dst_ports, at);
	if (refl >= 0.01) {
		top_entries(iv->scope, sizeof(iv->scope), "reflected to ports",
		    fc->dst_ports, refl_at);
		top_entries(iv->scope, sizeof(iv->scope), "from ports",
		    fc->ports, refl_at);
	}
}

static void
found_collapse(struct detector *d, uint32_t first, uint32_t last, void *arg)
{
	const struct flow_ctx *fc = arg;
	double secs = (double)d->grid->width, least = INFINITY;
	struct interval *iv;
	uint32_t i;

	if (too_short(d, first, last))
		return;
	if ((iv = new_interval(d, IV_FLOW_COLLAPSE, first, last)) == NULL)
		return;
	for (i = first; i <= last; i++)
		if (fc->bytes->value[i] < least)
			least = fc->bytes->value[i];
	iv->peak = least * 8 / secs;
	iv->baseline = fc->median[first] * 8 / secs;
	snprintf(iv->detail, sizeof(iv->detail), "traffic towards the target "
	    "down to %.3g Mbit/s against a baseline of %.3g Mbit/s",
	    iv->peak / 1e6, iv->baseline / 1e6);
}

static void
detect_flows(struct detector *d)
{
	const struct detect_params *p = d->params;
	const struct series_column *seen = column(d, "flow", "flows_seen",
	    "all");
	double secs = (double)d->grid->width;
	struct flow_ctx fc;
	struct baseline b, bs, br;
	uint32_t i;

	memset(&fc, 0, sizeof(fc));
	fc.bytes = column(d, "flow", "bytes", "towards");
	if (fc.bytes == NULL)
		return;
	fc.packets = column(d, "flow", "packets", "towards");
	fc.srcs = column(d, "flow", "src_addrs", "towards");
	fc.refl = column(d, "flow", "reflection_share", "towards");
	fc.ports = column(d, "flow", "top_src_port", "towards");
	fc.dst_ports = column(d, "flow", "top_dst_port", "towards");
	fc.median = calloc(d->nbins, sizeof(*fc.median));
	if (fc.median == NULL) {
		d->failed = true;
		return;
	}

	reset_flags(d, fc.bytes->known);
	for (i = 0; i < d->nbins; i++) {
		double bps = fc.bytes->value[i] * 8 / secs;
		bool flood = false;

		if (!fc.bytes->known[i])
			continue;
		baseline_at(d, fc.bytes->value, fc.bytes->known, i, &b);
		if (!b.ok)
			continue;
		fc.median[i] = b.median;
		if (bps > p->flood_min_bps &&
		    fc.bytes->value[i] > p->flood_factor * b.median)
			flood = true;
		if (!flood && fc.srcs != NULL && fc.srcs->known[i] &&
		    bps > p->flood_min_bps) {
			baseline_at(d, fc.srcs->value, fc.srcs->known, i, &bs);
			flood = bs.ok && fc.srcs->value[i] >
			    p->flood_factor * (bs.median > 10 ? bs.median : 10);
		}
		if (!flood && fc.refl != NULL && fc.refl->known[i] &&
		    bps > p->flood_min_bps) {
			baseline_at(d, fc.refl->value, fc.refl->known, i, &br);
			flood = br.ok && fc.refl->value[i] > 0.5 &&
			    br.median < 0.1;
		}
		d->flag[i] = flood;
	}
	runs(d, d->flood_bins, found_flood, &fc);

	/* A collapse, where the exporter still sent flows (when known). */
	reset_flags(d, fc.bytes->known);
	for (i = 0; i < d->nbins; i++) {
		if (!fc.bytes->known[i])
			continue;
		if (seen != NULL && (!seen->known[i] || seen->value[i] == 0)) {
			d->known[i] = false;
			continue;
		}
		baseline_at(d, fc.bytes->value, fc.bytes->known, i, &b);
		if (!b.ok)
			continue;
		fc.median[i] = b.median;
		d->flag[i] = b.median * 8 / secs >= p->collapse_min_bps &&
		    fc.bytes->value[i] < p->collapse_factor * b.median;
	}
	runs(d, 0, found_collapse, &fc);

	/* No flow record at all where the baseline had some. */
	if (seen != NULL) {
		struct interval model;

		memset(&model, 0, sizeof(model));
		model.kind = IV_FLOW_GAP;
		snprintf(model.detail, sizeof(model.detail), "no flow record "
		    "at all (the exporter silent, or nothing crossed its "
		    "link)");
		reset_flags(d, seen->known);
		for (i = 0; i < d->nbins; i++) {
			if (!seen->known[i])
				continue;
			baseline_at(d, seen->value, seen->known, i, &b);
			d->flag[i] = seen->value[i] == 0 && b.ok &&
			    b.median > 0;
		}
		runs(d, 0, found_simple, &model);
	}
	free(fc.median);
}

/* --- probes -------------------------------------------------------------- */

struct probe_ctx {
	const struct series_column *results, *successes, *vantages, *ok;
	double	*belief;
};

static void
found_probe_outage(struct detector *d, uint32_t first, uint32_t last,
    void *arg)
{
	const struct probe_ctx *pc = arg;
	double results = 0, successes = 0;
	struct interval *iv;
	uint32_t i;

	if (too_short(d, first, last))
		return;
	if ((iv = new_interval(d, IV_PROBE_OUTAGE, first, last)) == NULL)
		return;
	for (i = first; i <= last; i++) {
		results += pc->results->value[i];
		successes += pc->successes->value[i];
	}
	iv->peak = results > 0 ? successes / results : 0;
	snprintf(iv->detail, sizeof(iv->detail), "%.0f of %.0f probe runs "
	    "succeeded; belief the target is down up to %.2f", successes,
	    results, pc->belief[first]);
}

/*
 * Trinocular's reasoning (Quan et al. 2013, section 3): with A the
 * availability the baseline shows, a run succeeds with probability A when
 * the target is up and about never (1%) when it is down; the belief that
 * it is down is updated by each bin's successes and failures, starting
 * from the previous bin's belief moved a little towards uncertainty (a
 * state may change between bins).
 */
static void
detect_probes(struct detector *d)
{
	const struct detect_params *p = d->params;
	struct probe_ctx pc;
	struct baseline b;
	const struct series_column *ratio = column(d, "probe",
	    "success_ratio", "target");
	double belief = 0.05, results_base;
	struct interval model;
	uint32_t i;
	size_t c;

	memset(&pc, 0, sizeof(pc));
	pc.results = column(d, "probe", "results", "target");
	pc.successes = column(d, "probe", "successes", "target");
	pc.vantages = column(d, "probe", "vantages", "target");
	pc.ok = column(d, "probe", "vantages_ok", "target");
	if (pc.results == NULL || pc.successes == NULL || ratio == NULL)
		return;
	pc.belief = calloc(d->nbins, sizeof(*pc.belief));
	if (pc.belief == NULL) {
		d->failed = true;
		return;
	}
	reset_flags(d, NULL);
	for (i = 0; i < d->nbins; i++) {
		double s = pc.successes->value[i];
		double f = pc.results->value[i] - s, avail, lup, ldown, prior;

		d->known[i] = pc.results->known[i] && pc.results->value[i] > 0;
		prior = belief * 0.9 + (1 - belief) * 0.05;
		if (!d->known[i]) {
			belief = prior;
			pc.belief[i] = belief;
			continue;
		}
		baseline_at(d, ratio->value, ratio->known, i, &b);
		avail = b.ok ? b.median : 0.9;
		if (avail > 0.99)
			avail = 0.99;
		if (avail < 0.5)
			avail = 0.5;
		lup = s * log(avail) + f * log(1 - avail);
		ldown = s * log(0.01) + f * log(0.99);
		/* posterior down = 1 / (1 + odds_up) */
		belief = 1 / (1 + exp(lup - ldown + log(1 - prior) -
		    log(prior)));
		pc.belief[i] = belief;
		d->flag[i] = belief > p->probe_belief &&
		    (pc.vantages == NULL || pc.ok == NULL ||
		    pc.vantages->value[i] == 0 ||
		    pc.ok->value[i] < p->probe_vantage_share *
		    pc.vantages->value[i]);
	}
	runs(d, 0, found_probe_outage, &pc);

	/* Probe data gaps: no result where the baseline had some. */
	memset(&model, 0, sizeof(model));
	model.kind = IV_PROBE_GAP;
	snprintf(model.detail, sizeof(model.detail), "no probe result");
	for (i = 0; i < d->nbins; i++) {
		d->known[i] = true;
		d->flag[i] = false;
	}
	for (i = 0; i < d->nbins; i++) {
		baseline_at(d, pc.results->value, pc.results->known, i, &b);
		results_base = b.ok ? b.median : 0;
		d->flag[i] = pc.results->known[i] &&
		    pc.results->value[i] == 0 && results_base > 0;
	}
	runs(d, 0, found_simple, &model);

	/* One vantage failing while the target answers the others. */
	for (c = 0; c < d->table->ncolumns; c++) {
		const struct series_column *v = &d->table->columns[c];

		if (strcmp(v->signal, "probe") != 0 ||
		    strcmp(v->metric, "success_ratio") != 0 ||
		    strncmp(v->scope, "vantage ", 8) != 0)
			continue;
		memset(&model, 0, sizeof(model));
		model.kind = IV_NOTE_VANTAGE_LOSS;
		snprintf(model.scope, sizeof(model.scope), "%s", v->scope);
		snprintf(model.detail, sizeof(model.detail), "%s failed while "
		    "the target answered other vantages: a problem of the "
		    "vantage, not an outage", v->scope);
		for (i = 0; i < d->nbins; i++) {
			d->known[i] = v->known[i];
			d->flag[i] = v->known[i] && v->value[i] == 0 &&
			    ratio->known[i] && ratio->value[i] > 0 &&
			    pc.belief[i] <= p->probe_belief;
		}
		runs(d, 0, found_simple, &model);
	}
	free(pc.belief);
}

/* --- all ----------------------------------------------------------------- */

static int
by_start(const void *a, const void *b)
{
	const struct interval *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->scope, y->scope);
}

int
detect_intervals(const struct series_table *t, const struct detect_params *p,
    struct interval_list *out)
{
	struct detector d;

	memset(&d, 0, sizeof(d));
	d.table = t;
	d.params = p;
	d.grid = t->grid;
	d.nbins = t->grid->nbins;
	d.window = (uint32_t)(p->baseline_window / t->grid->width);
	if (d.window == 0)
		d.window = 1;
	d.merge_bins = (uint32_t)(p->merge_gap / t->grid->width);
	d.flood_bins = (uint32_t)(p->flood_merge_gap / t->grid->width);
	d.min_bins = (uint32_t)((p->min_outage + t->grid->width - 1) /
	    t->grid->width);
	d.out = out;
	d.scratch = calloc(d.nbins, sizeof(*d.scratch));
	d.flag = calloc(d.nbins, sizeof(*d.flag));
	d.known = calloc(d.nbins, sizeof(*d.known));
	if (d.scratch == NULL || d.flag == NULL || d.known == NULL)
		d.failed = true;
	if (!d.failed)
		detect_visibility(&d);
	if (!d.failed)
		detect_instability(&d);
	if (!d.failed)
		detect_upstreams(&d);
	if (!d.failed)
		detect_bgp_quality(&d);
	if (!d.failed)
		detect_flows(&d);
	if (!d.failed)
		detect_probes(&d);
	free(d.scratch);
	free(d.flag);
	free(d.known);
	if (d.failed)
		return -1;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_start);
	return 0;
}
