/*
 * report_writer.c -- report.txt and incidents.csv.
 *
 * The report is written for a reader who was not there: every figure
 * says what it counts, every time is UTC, and every incident carries the
 * evidence it rests on.  Text is formatted with stdio here: a report is a
 * few hundred lines, not a hot path.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/civil_time.h"
#include "reports/csv_out.h"
#include "reports/outbuf.h"
#include "reports/report_writer.h"

/* "9 h 31 min", "2 d 4 h", "45 s" */
static void
duration(int64_t secs, char *buf, size_t len)
{
	if (secs < 0)
		secs = -secs;
	if (secs >= 86400)
		snprintf(buf, len, "%lld d %lld h", (long long)(secs / 86400),
		    (long long)(secs % 86400 / 3600));
	else if (secs >= 3600)
		snprintf(buf, len, "%lld h %lld min", (long long)(secs / 3600),
		    (long long)(secs % 3600 / 60));
	else if (secs >= 60)
		snprintf(buf, len, "%lld min", (long long)(secs / 60));
	else
		snprintf(buf, len, "%lld s", (long long)secs);
}

/* "+60 s", "-5 min", "0 s" */
static void
signed_duration(int64_t secs, char *buf, size_t len)
{
	size_t n;

	if (len < 2)
		return;
	buf[0] = secs > 0 ? '+' : secs < 0 ? '-' : ' ';
	duration(secs, buf + 1, len - 1);
	if (secs == 0) {
		n = strlen(buf + 1);
		memmove(buf, buf + 1, n + 1);
	}
}

/* An incident's start, end (UTC) and duration, each into 32 bytes. */
static void
incident_times(const struct incident *inc, char *start, char *end,
    char *length)
{
	format_utc(inc->start, start, 32);
	format_utc(inc->end, end, 32);
	duration(inc->end - inc->start, length, 32);
}

static void
heading(FILE *fp, const char *title, char underline)
{
	size_t i, n = strlen(title);

	fprintf(fp, "%s\n", title);
	for (i = 0; i < n; i++)
		fputc(underline, fp);
	fputc('\n', fp);
}

static void
write_summary(const struct report *r, FILE *fp)
{
	const struct correlation *c = r->corr;
	char from[32], to[32], width[32];
	size_t counts[INC_NKINDS] = { 0 }, i;
	bool first = true;

	format_utc(r->grid->start, from, sizeof(from));
	format_utc(r->grid->end, to, sizeof(to));
	duration(r->grid->width, width, sizeof(width));
	{
		char title[256];

		snprintf(title, sizeof(title), "lightsout report: %s",
		    event_name(r->ev));
		heading(fp, title, '=');
	}
	fprintf(fp, "Window   %s to %s, %u bins of %s\n", from, to,
	    r->grid->nbins, width);
	fprintf(fp, "Target   %s\n", r->targets);
	fprintf(fp, "Inputs   %s\n\n", r->inputs);

	heading(fp, "Summary", '-');
	for (i = 0; i < c->nincidents; i++)
		counts[c->incidents[i].kind]++;
	fprintf(fp, "%zu incident%s", c->nincidents,
	    c->nincidents == 1 ? "" : "s");
	for (i = 0; i < INC_NKINDS; i++) {
		if (counts[i] == 0)
			continue;
		fprintf(fp, "%s %zu %s", first ? ":" : ",", counts[i],
		    incident_kind_name((enum incident_kind)i));
		first = false;
	}
	fprintf(fp, ".\n");
	for (i = 0; i < c->nincidents; i++) {
		const struct incident *inc = &c->incidents[i];
		char s[32], e[32], d[32];

		incident_times(inc, s, e, d);
		fprintf(fp, "  %2zu. %-22s %s to %s (%s), confidence %s\n",
		    i + 1, incident_kind_name(inc->kind), s, e, d,
		    inc->confidence);
	}
	if (c->nnotes > 0)
		fprintf(fp, "%zu data-quality note%s (not incidents).\n",
		    c->nnotes, c->nnotes == 1 ? "" : "s");
	if (r->expects->n > 0)
		fprintf(fp, "Published findings: %zu of %zu expectations met.\n",
		    r->expects->met, r->expects->n);
	if (r->io_error || r->data_error)
		fprintf(fp, "Some input could not be %s (see Data coverage).\n",
		    r->io_error ? "read" : "decoded in full");
	fputc('\n', fp);
}

static void
write_inputs(const struct report *r, FILE *fp)
{
	const struct archive *a = r->archive;
	size_t i;

	heading(fp, "Inputs", '-');
	fprintf(fp, "%12s  %-64s  %s\n", "bytes", "sha256", "file");
	for (i = 0; i < a->nfiles; i++) {
		const struct archive_file *f = &a->files[i];

		if (!f->selected)
			continue;
		fprintf(fp, "%12" PRIu64 "  %-64s  %s\n", f->size,
		    r->sha256[i][0] != '\0' ? r->sha256[i] : "(unread)",
		    f->path);
	}
	for (i = 0; i < a->nfiles; i++)
		if (!a->files[i].selected)
			break;
	if (i < a->nfiles) {
		size_t left = 0;

		for (i = 0; i < a->nfiles; i++)
			left += !a->files[i].selected;
		fprintf(fp, "%zu more file%s found but not read (outside the "
		    "window or not needed).\n", left, left == 1 ? "" : "s");
	}
	fputc('\n', fp);
}

static const struct series_column *
col(const struct report *r, const char *signal, const char *metric,
    const char *scope)
{
	return series_table_find(r->table, signal, metric, scope);
}

/* Known bins of a column, and its minimum, maximum and total. */
struct span {
	uint32_t	known;
	double		min, max, total;
	uint32_t	max_bin;
};

static bool
span_of(const struct series_column *c, uint32_t nbins, struct span *s)
{
	uint32_t i;

	memset(s, 0, sizeof(*s));
	s->min = INFINITY;
	if (c == NULL)
		return false;
	for (i = 0; i < nbins; i++) {
		if (!c->known[i])
			continue;
		s->known++;
		s->total += c->value[i];
		if (c->value[i] < s->min)
			s->min = c->value[i];
		if (c->value[i] > s->max) {
			s->max = c->value[i];
			s->max_bin = i;
		}
	}
	return s->known > 0;
}

static void
write_coverage(const struct report *r, FILE *fp)
{
	const struct correlation *c = r->corr;
	struct span sp;
	size_t i;

	heading(fp, "Data coverage and quality", '-');
	if (r->has_bgp && span_of(col(r, "bgp", "collectors_known", "target"),
	    r->grid->nbins, &sp))
		fprintf(fp, "BGP: %u of %u bins with data; up to %.0f "
		    "collectors at once.\n", sp.known, r->grid->nbins, sp.max);
	else if (!r->has_bgp)
		fprintf(fp, "BGP: no MRT input.\n");
	if (r->has_bgp && span_of(col(r, "bgp", "full_feed_peers", "target"),
	    r->grid->nbins, &sp))
		fprintf(fp, "BGP: %.0f to %.0f full-feed peers known.\n",
		    sp.min, sp.max);
	if (r->has_flow && span_of(col(r, "flow", "bytes", "towards"),
	    r->grid->nbins, &sp))
		fprintf(fp, "Flows: %u bins.\n", sp.known);
	else if (!r->has_flow)
		fprintf(fp, "Flows: no flow input.\n");
	if (r->has_probe && span_of(col(r, "probe", "results", "target"),
	    r->grid->nbins, &sp))
		fprintf(fp, "Probes: %.0f results towards the target over %u "
		    "bins.\n", sp.total, sp.known);
	else if (!r->has_probe)
		fprintf(fp, "Probes: no probe input.\n");
	if (r->io_error)
		fprintf(fp, "Some inputs could not be opened or read: their "
		    "names were printed on standard error.\n");
	if (r->data_error)
		fprintf(fp, "Some records were damaged and skipped: the "
		    "counts by file were printed on standard error.\n");
	if (c->nnotes == 0)
		fprintf(fp, "No collector gap, peer reset or vantage loss.\n");
	for (i = 0; i < c->nnotes; i++) {
		const struct interval *iv = c->notes[i];
		char s[32], e[32];

		format_utc(iv->start, s, sizeof(s));
		format_utc(iv->end, e, sizeof(e));
		fprintf(fp, "Note: %s %s to %s: %s\n",
		    interval_kind_name(iv->kind), s, e, iv->detail);
	}
	fputc('\n', fp);
}

static void
write_incidents(const struct report *r, FILE *fp)
{
	const struct correlation *c = r->corr;
	size_t i, k;

	heading(fp, "Incidents", '-');
	if (c->nincidents == 0)
		fprintf(fp, "None found.\n");
	for (i = 0; i < c->nincidents; i++) {
		const struct incident *inc = &c->incidents[i];
		char s[32], e[32], d[32];

		incident_times(inc, s, e, d);
		fprintf(fp, "%zu. %s, %s to %s (%s)\n", i + 1,
		    incident_kind_name(inc->kind), s, e, d);
		if (inc->has_exact_start) {
			format_utc(inc->exact_start, s, sizeof(s));
			fprintf(fp, "   first withdrawal at %s\n", s);
		}
		if (inc->scope[0] != '\0')
			fprintf(fp, "   scope: %s\n", inc->scope);
		if (inc->kind != INC_DATA_GAP)
			fprintf(fp, "   confidence: %s (%u of %u sources with "
			    "data agree)\n", inc->confidence, inc->agree,
			    inc->available);
		for (k = 0; k < inc->nevidence; k++)
			fprintf(fp, "   - %s\n", inc->evidence[k]);
	}
	fputc('\n', fp);
}

static void
write_figures(const struct report *r, FILE *fp)
{
	double secs = (double)r->grid->width;
	struct span sp, pk;
	char when[32];

	heading(fp, "Per-signal figures", '-');
	if (span_of(col(r, "bgp", "visible_prefixes", "target"),
	    r->grid->nbins, &sp))
		fprintf(fp, "BGP: visible target prefixes from %.0f to %.0f.\n",
		    sp.min, sp.max);
	if (span_of(col(r, "bgp", "announcements", "target"), r->grid->nbins,
	    &sp)) {
		format_utc(bin_start(r->grid, sp.max_bin), when, sizeof(when));
		fprintf(fp, "BGP: %.0f announcements of target prefixes, at "
		    "most %.0f in the bin of %s.\n", sp.total, sp.max, when);
	}
	if (span_of(col(r, "bgp", "withdrawals", "target"), r->grid->nbins,
	    &sp)) {
		format_utc(bin_start(r->grid, sp.max_bin), when, sizeof(when));
		fprintf(fp, "BGP: %.0f withdrawals, at most %.0f in the bin of "
		    "%s.\n", sp.total, sp.max, when);
	}
	if (span_of(col(r, "flow", "bytes", "towards"), r->grid->nbins,
	    &sp)) {
		format_utc(bin_start(r->grid, sp.max_bin), when, sizeof(when));
		fprintf(fp, "Flows: %.4g GB towards the target; peak %.3g "
		    "Gbit/s in the bin of %s", sp.total / 1e9,
		    sp.max * 8 / secs / 1e9, when);
		if (span_of(col(r, "flow", "packets", "towards"),
		    r->grid->nbins, &pk))
			fprintf(fp, ", %.3g Mpackets/s at most",
			    pk.max / secs / 1e6);
		fprintf(fp, ".\n");
	}
	if (span_of(col(r, "probe", "results", "target"), r->grid->nbins,
	    &sp)) {
		struct span ok;

		if (span_of(col(r, "probe", "successes", "target"),
		    r->grid->nbins, &ok) && sp.total > 0)
			fprintf(fp, "Probes: %.0f of %.0f runs succeeded "
			    "(%.1f%%).\n", ok.total, sp.total,
			    ok.total * 100 / sp.total);
	}
	fputc('\n', fp);
}

static void
write_expects(const struct report *r, FILE *fp)
{
	const struct expect_report *x = r->expects;
	const struct correlation *c = r->corr;
	size_t i, extra = 0;

	heading(fp, "Published findings", '-');
	if (x->n == 0)
		fprintf(fp, "The event file states none (expect lines).\n");
	for (i = 0; i < x->n; i++) {
		const struct expect_result *e = &x->results[i];
		char s[32], en[32], tol[32], ds[40], de[40];

		format_utc(e->expect->start, s, sizeof(s));
		format_utc(e->expect->end, en, sizeof(en));
		duration(e->tolerance, tol, sizeof(tol));
		fprintf(fp, "%s: %s %s to %s (within %s)",
		    e->met ? "MET   " : "MISSED", e->expect->kind, s, en, tol);
		if (e->incident >= 0) {
			signed_duration(e->start_diff, ds, sizeof(ds));
			signed_duration(e->end_diff, de, sizeof(de));
			fprintf(fp, "%s incident %ld: start %s, end %s",
			    e->met ? ":" : "; closest", e->incident + 1, ds,
			    de);
		} else
			fprintf(fp, "; no incident of that kind");
		fputc('\n', fp);
	}
	for (i = 0; i < c->nincidents; i++)
		if (!x->matched[i] && c->incidents[i].kind != INC_DATA_GAP)
			extra++;
	if (x->n > 0 && extra > 0) {
		fprintf(fp, "Extra (found, in no expect line):");
		for (i = 0; i < c->nincidents; i++)
			if (!x->matched[i] &&
			    c->incidents[i].kind != INC_DATA_GAP)
				fprintf(fp, " %zu", i + 1);
		fputc('\n', fp);
	}
}

int
report_write_summary(const struct report *r, FILE *fp)
{
	write_summary(r, fp);
	return ferror(fp) ? -1 : 0;
}

int
report_write_text(const struct report *r, FILE *fp)
{
	write_summary(r, fp);
	write_inputs(r, fp);
	write_coverage(r, fp);
	write_incidents(r, fp);
	write_figures(r, fp);
	write_expects(r, fp);
	return ferror(fp) ? -1 : 0;
}

int
report_write_incidents_csv(const struct report *r, FILE *fp)
{
	static const char *const columns[] = {
		"id", "kind", "start", "end", "duration_s", "first_withdrawal",
		"scope", "confidence", "sources_agree", "sources_available",
		"evidence", NULL,
	};
	const struct correlation *c = r->corr;
	struct outbuf o;
	size_t i, k;
	int rc;

	if (outbuf_init(&o, fp) == -1)
		return -1;
	csv_out_header(&o, columns);
	for (i = 0; i < c->nincidents; i++) {
		const struct incident *inc = &c->incidents[i];
		const char *kind = incident_kind_name(inc->kind);
		char evidence[INCIDENT_MAX_EVIDENCE * (INTERVAL_TEXT_MAX + 100)];
		size_t n = 0;

		outbuf_u64(&o, i + 1);
		outbuf_char(&o, ',');
		csv_out_field(&o, kind, strlen(kind));
		outbuf_char(&o, ',');
		outbuf_iso_time_s(&o, inc->start);
		outbuf_char(&o, ',');
		outbuf_iso_time_s(&o, inc->end);
		outbuf_char(&o, ',');
		outbuf_i64(&o, inc->end - inc->start);
		outbuf_char(&o, ',');
		if (inc->has_exact_start)
			outbuf_iso_time_s(&o, inc->exact_start);
		outbuf_char(&o, ',');
		csv_out_field(&o, inc->scope, strlen(inc->scope));
		outbuf_char(&o, ',');
		outbuf_str(&o, inc->confidence);
		outbuf_char(&o, ',');
		outbuf_u64(&o, inc->agree);
		outbuf_char(&o, ',');
		outbuf_u64(&o, inc->available);
		outbuf_char(&o, ',');
		evidence[0] = '\0';
		for (k = 0; k < inc->nevidence; k++) {
			int w = snprintf(evidence + n, sizeof(evidence) - n,
			    "%s%s", k ? " | " : "", inc->evidence[k]);

			if (w < 0 || (size_t)w >= sizeof(evidence) - n)
				break;
			n += (size_t)w;
		}
		csv_out_field(&o, evidence, n);
		outbuf_str(&o, "\r\n");
	}
	rc = outbuf_flush(&o) == -1 || o.failed ? -1 : 0;
	outbuf_free(&o);
	return rc;
}
