/*
 * inventory_writer.c -- the inventory report as text or CSV.
 *
 * Each section is a producer of rows: a value (or nothing) per column of
 * the CSV table.  CSV writes every column of every row; text prints each
 * section as an aligned table of the columns that section uses, in two
 * passes over its rows (widths, then lines), so that nothing is stored.
 * Times are ISO 8601 UTC: seconds for routing data, milliseconds for
 * flows and probe results.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parsers/civil_time.h"
#include "reports/csv_out.h"
#include "reports/inventory_writer.h"

enum col {
	C_SECTION, C_COLLECTOR, C_LAYOUT, C_SOURCE, C_KIND, C_PATH, C_TIME,
	C_TIME_FROM, C_SELECTED, C_WHY_NOT, C_STATUS, C_FORMAT, C_SIZE,
	C_RECORDS, C_ITEMS, C_ERRORS, C_NOTES, C_BYTES_LOST, C_FIRST, C_LAST,
	C_PEER, C_PEER_AS, C_FROM, C_UNTIL, C_SECONDS, C_OLD_STATE,
	C_NEW_STATE, C_FILES, C_SELECTED_FILES, C_FAILED_FILES,
	C_DAMAGED_FILES, C_UNUSABLE_FILES, C_PEERS, C_COVERED, C_GAPS,
	C_MISSING, C_RIB_ENTRIES, C_ANNOUNCEMENTS, C_WITHDRAWALS,
	C_STATE_CHANGES, C_OTHER_MESSAGES, C_DOWN_INTERVALS, C_DOWN_SECONDS, C_RESETS,
	C_PREFIXES_BEFORE, C_REANNOUNCED, C_EXPORTER, C_DOMAIN, C_VANTAGE,
	C_COUNT, C_DETAIL,
	NCOLS
};

const char *const inventory_csv_columns[] = {
	"section", "collector", "layout", "source", "kind", "path", "time",
	"time_from", "selected", "why_not", "status", "format", "size",
	"records", "items", "errors", "notes", "bytes_lost", "first", "last",
	"peer", "peer_as", "from", "until", "seconds", "old_state",
	"new_state", "files", "selected_files", "failed_files",
	"damaged_files", "unusable_files", "peers", "covered_seconds", "gaps",
	"missing_seconds", "rib_entries", "announcements", "withdrawals",
	"state_changes", "other_messages", "down_intervals", "down_seconds", "resets",
	"prefixes_before", "reannounced", "exporter", "domain", "vantage",
	"count", "detail", NULL
};

/* ------------------------------------------------------------------ */
/* Rows                                                                */

#define ROW_POOL	4096

struct row {
	const char	*v[NCOLS];
	char		 pool[ROW_POOL];
	size_t		 used;
};

typedef void (*emit_fn)(const struct row *r, void *arg);

static void
row_init(struct row *r, const char *section)
{
	memset(r->v, 0, sizeof(r->v));
	r->used = 0;
	r->v[C_SECTION] = section;
}

static void row_printf(struct row *r, enum col c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Format into the row's pool; a value that does not fit is cut. */
static void
row_printf(struct row *r, enum col c, const char *fmt, ...)
{
	va_list ap;
	size_t left = ROW_POOL - r->used;
	int n;

	if (left == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->pool + r->used, left, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	r->v[c] = r->pool + r->used;
	r->used += (size_t)n < left ? (size_t)n + 1 : left;
}

static void
row_u64(struct row *r, enum col c, uint64_t v)
{
	row_printf(r, c, "%" PRIu64, v);
}

static void
row_i64(struct row *r, enum col c, int64_t v)
{
	row_printf(r, c, "%" PRId64, v);
}

/* ISO 8601 UTC: 2014-12-22T16:15:00Z, or with milliseconds. */
static void
row_time_ms(struct row *r, enum col c, int64_t ms, bool with_ms)
{
	int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t sod = secs - days * 86400, year;
	unsigned month, day;

	civil_from_days(days, &year, &month, &day);
	if (with_ms)
		row_printf(r, c, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%03uZ",
		    year, month, day, (unsigned)(sod / 3600),
		    (unsigned)(sod / 60 % 60), (unsigned)(sod % 60),
		    (unsigned)(ms - secs * 1000));
	else
		row_printf(r, c, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02uZ",
		    year, month, day, (unsigned)(sod / 3600),
		    (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
}

static void
row_time(struct row *r, enum col c, int64_t t)
{
	row_time_ms(r, c, t * 1000, false);
}

static void
row_addr(struct row *r, enum col c, const struct ip_addr *a)
{
	char text[INET6_ADDRSTRLEN];

	if (a->afi == 0 || inet_ntop(a->afi == AFI_IPV6 ? AF_INET6 : AF_INET,
	    a->bytes, text, sizeof(text)) == NULL)
		return;
	row_printf(r, c, "%s", text);
}

static void
row_peer(struct row *r, const char *section, const struct peer_session *p)
{
	row_init(r, section);
	r->v[C_COLLECTOR] = p->collector;
	row_addr(r, C_PEER, &p->addr);
	row_u64(r, C_PEER_AS, p->asn);
}

/* ------------------------------------------------------------------ */
/* Sections                                                            */

static const char *
source_name(enum archive_source s)
{
	switch (s) {
	case ARCHIVE_FLOW:
		return "flow";
	case ARCHIVE_PROBE:
		return "probe";
	default:
		return "mrt";
	}
}

static const char *
file_status(const struct archive_file *f, const struct inventory_file *fi)
{
	if (archive_file_unusable(f) || fi->unusable)
		return "unusable";
	if (!f->selected)
		return "left out";
	if (fi->failed)
		return "failed";
	if (!fi->read)
		return "not read";
	return fi->errors > 0 ? "damaged" : "ok";
}

static void
rows_window(const struct inventory *inv, emit_fn emit, void *arg)
{
	struct row r;

	row_init(&r, "window");
	r.v[C_DETAIL] = inv->event;
	row_time(&r, C_FROM, inv->start);
	row_time(&r, C_UNTIL, inv->end);
	row_i64(&r, C_SECONDS, inv->end - inv->start);
	emit(&r, arg);
}

static void
rows_summary(const struct inventory *inv, emit_fn emit, void *arg)
{
	const struct archive *a = inv->archive;
	size_t n[3] = { 0, 0, 0 }, selected = 0, failed = 0, damaged = 0;
	size_t unusable = 0, i;
	struct row r;

	for (i = 0; i < a->nfiles; i++) {
		const char *status = file_status(&a->files[i], &inv->files[i]);

		n[a->files[i].source]++;
		selected += a->files[i].selected;
		failed += strcmp(status, "failed") == 0;
		damaged += strcmp(status, "damaged") == 0;
		unusable += strcmp(status, "unusable") == 0;
	}
	row_init(&r, "summary");
	row_u64(&r, C_FILES, a->nfiles);
	row_u64(&r, C_SELECTED_FILES, selected);
	row_u64(&r, C_FAILED_FILES, failed);
	row_u64(&r, C_DAMAGED_FILES, damaged);
	row_u64(&r, C_UNUSABLE_FILES, unusable);
	if (inv->orphan_data_sets > 0)
		row_printf(&r, C_DETAIL, "%zu MRT, %zu flow, %zu probe files; "
		    "%" PRIu64 " flow data sets never met their template",
		    n[ARCHIVE_MRT], n[ARCHIVE_FLOW], n[ARCHIVE_PROBE],
		    inv->orphan_data_sets);
	else
		row_printf(&r, C_DETAIL, "%zu MRT, %zu flow, %zu probe files",
		    n[ARCHIVE_MRT], n[ARCHIVE_FLOW], n[ARCHIVE_PROBE]);
	emit(&r, arg);
}

static void
rows_lines(const char *section, char *const *lines, size_t n, emit_fn emit,
    void *arg)
{
	struct row r;
	size_t i;

	for (i = 0; i < n; i++) {
		row_init(&r, section);
		r.v[C_DETAIL] = lines[i];
		emit(&r, arg);
	}
}

static void
rows_problems(const struct inventory *inv, emit_fn emit, void *arg)
{
	rows_lines("problem", inv->archive->problems, inv->archive->nproblems,
	    emit, arg);
}

static void
rows_notes(const struct inventory *inv, emit_fn emit, void *arg)
{
	rows_lines("note", inv->archive->notes, inv->archive->nnotes, emit,
	    arg);
}

static void
rows_collectors(const struct inventory *inv, emit_fn emit, void *arg)
{
	struct row r;
	size_t i;

	for (i = 0; i < inv->ncollectors; i++) {
		const struct inventory_collector *c = &inv->collectors[i];

		row_init(&r, "collector");
		r.v[C_COLLECTOR] = c->collector;
		r.v[C_LAYOUT] = c->layout;
		row_u64(&r, C_FILES, c->files);
		row_u64(&r, C_SELECTED_FILES, c->selected);
		row_u64(&r, C_FAILED_FILES, c->failed);
		row_u64(&r, C_DAMAGED_FILES, c->damaged);
		row_u64(&r, C_UNUSABLE_FILES, c->unusable);
		row_u64(&r, C_PEERS, c->peers);
		if (c->has_coverage) {
			row_time(&r, C_FROM, c->cover_from);
			row_time(&r, C_UNTIL, c->cover_until);
			r.v[C_DETAIL] = c->basis;
		}
		row_i64(&r, C_COVERED, c->covered);
		row_u64(&r, C_GAPS, c->gaps);
		row_i64(&r, C_MISSING, c->missing);
		emit(&r, arg);
	}
}

static void
rows_missing(const struct inventory *inv, emit_fn emit, void *arg)
{
	struct row r;
	size_t i;

	for (i = 0; i < inv->ngaps; i++) {
		const struct archive_gap *g = &inv->gaps[i];

		row_init(&r, "missing");
		r.v[C_COLLECTOR] = g->collector;
		r.v[C_KIND] = archive_kind_name(g->kind);
		row_time(&r, C_FROM, g->start);
		row_time(&r, C_UNTIL, g->end);
		row_i64(&r, C_SECONDS, g->end - g->start);
		emit(&r, arg);
	}
}

static void
rows_files(const struct inventory *inv, emit_fn emit, void *arg)
{
	struct row r;
	size_t i;

	for (i = 0; i < inv->archive->nfiles; i++) {
		const struct archive_file *f = &inv->archive->files[i];
		const struct inventory_file *fi = &inv->files[i];
		bool ms = f->source != ARCHIVE_MRT;

		row_init(&r, "file");
		r.v[C_SOURCE] = source_name(f->source);
		r.v[C_COLLECTOR] = f->collector;
		if (f->source == ARCHIVE_MRT) {
			r.v[C_LAYOUT] = archive_layout_name(f->layout);
			r.v[C_KIND] = archive_kind_name(f->kind);
		}
		r.v[C_PATH] = f->path;
		if (f->time != ARCHIVE_TIME_UNKNOWN) {
			row_time(&r, C_TIME, f->time);
			r.v[C_TIME_FROM] = f->time_from_name ? "name" :
			    "records";
		}
		r.v[C_SELECTED] = f->selected ? "yes" : "no";
		r.v[C_WHY_NOT] = f->why_not;
		r.v[C_STATUS] = file_status(f, fi);
		r.v[C_FORMAT] = fi->format;
		row_u64(&r, C_SIZE, f->size);
		if (fi->read) {
			row_u64(&r, C_RECORDS, fi->stats.records);
			row_u64(&r, C_ITEMS, fi->stats.items);
			row_u64(&r, C_ERRORS, fi->errors);
			row_u64(&r, C_NOTES, fi->notes);
			row_u64(&r, C_BYTES_LOST, fi->bytes_lost);
		}
		if (fi->has_times) {
			row_time_ms(&r, C_FIRST, fi->first_ms, ms);
			row_time_ms(&r, C_LAST, fi->last_ms, ms);
		}
		emit(&r, arg);
	}
}

static void
rows_peers(const struct inventory *inv, emit_fn emit, void *arg)
{
	struct row r;
	size_t i;

	for (i = 0; i < inv->npeers; i++) {
		const struct peer_session *p = inv->peers[i];

		row_peer(&r, "peer", p);
		row_u64(&r, C_RIB_ENTRIES, p->rib_entries);
		if (p->has_messages) {
			row_time(&r, C_FIRST, p->first_time);
			row_time(&r, C_LAST, p->last_time);
		}
		row_u64(&r, C_ANNOUNCEMENTS, p->announcements);
		row_u64(&r, C_WITHDRAWALS, p->withdrawals);
		row_u64(&r, C_STATE_CHANGES, p->state_changes);
		row_u64(&r, C_OTHER_MESSAGES, p->other_messages);
		row_u64(&r, C_DOWN_INTERVALS, p->ndown + p->down_dropped);
		row_i64(&r, C_DOWN_SECONDS, p->down_seconds);
		row_u64(&r, C_RESETS, p->nresets + p->resets_dropped);
		emit(&r, arg);
	}
}

/* The row that says how many more a bounded list did not keep. */
static void
dropped_row(const char *section, const struct peer_session *p, uint64_t n,
    emit_fn emit, void *arg)
{
	struct row r;

	if (n == 0)
		return;
	row_peer(&r, section, p);
	row_printf(&r, C_DETAIL, "%" PRIu64 " more not kept", n);
	emit(&r, arg);
}

static void
rows_transitions(const struct inventory *inv, emit_fn emit, void *arg)
{
	struct row r;
	size_t i, k;

	for (i = 0; i < inv->npeers; i++) {
		const struct peer_session *p = inv->peers[i];

		for (k = 0; k < p->ntransitions; k++) {
			const struct peer_transition *t = &p->transitions[k];

			row_peer(&r, "transition", p);
			row_time(&r, C_TIME, t->time);
			r.v[C_OLD_STATE] = bgp_state_name(t->old_state);
			r.v[C_NEW_STATE] = bgp_state_name(t->new_state);
			emit(&r, arg);
		}
		dropped_row("transition", p, p->transitions_dropped, emit, arg);
	}
}

static void
rows_down(const struct inventory *inv, emit_fn emit, void *arg)
{
	struct row r;
	size_t i, k;

	for (i = 0; i < inv->npeers; i++) {
		const struct peer_session *p = inv->peers[i];

		for (k = 0; k < p->ndown; k++) {
			const struct peer_down *d = &p->down[k];

			row_peer(&r, "down", p);
			row_time(&r, C_FROM, d->from);
			row_time(&r, C_UNTIL, d->until);
			row_i64(&r, C_SECONDS, d->until - d->from);
			if (d->end == PEER_DOWN_OPEN)
				r.v[C_DETAIL] = "still down at the last record";
			else if (d->end == PEER_DOWN_UPDATE)
				r.v[C_DETAIL] = "ended by an UPDATE, no state "
				    "record";
			emit(&r, arg);
		}
		dropped_row("down", p, p->down_dropped, emit, arg);
	}
}

/* Does the silence fall (partly) in a gap of the collector's files? */
static bool
in_gap(const struct inventory *inv, const char *collector, int64_t from,
    int64_t until)
{
	size_t i;

	for (i = 0; i < inv->ngaps; i++)
		if (strcmp(inv->gaps[i].collector, collector) == 0 &&
		    inv->gaps[i].start < until && from < inv->gaps[i].end)
			return true;
	return false;
}

static void
rows_resets(const struct inventory *inv, emit_fn emit, void *arg)
{
	struct row r;
	size_t i, k;

	for (i = 0; i < inv->npeers; i++) {
		const struct peer_session *p = inv->peers[i];

		for (k = 0; k < p->nresets; k++) {
			const struct peer_reset *s = &p->resets[k];

			row_peer(&r, "reset", p);
			row_time(&r, C_FROM, s->silent_from);
			row_time(&r, C_UNTIL, s->resumed);
			row_i64(&r, C_SECONDS, s->resumed - s->silent_from);
			row_u64(&r, C_PREFIXES_BEFORE, s->had);
			row_u64(&r, C_REANNOUNCED, s->reannounced);
			if (in_gap(inv, p->collector, s->silent_from,
			    s->resumed))
				r.v[C_DETAIL] = "the silence overlaps missing "
				    "files";
			emit(&r, arg);
		}
		dropped_row("reset", p, p->resets_dropped, emit, arg);
	}
}

static void
rows_sources(const char *section, enum col name,
    const struct inventory_source *s, size_t n, emit_fn emit, void *arg)
{
	struct row r;
	size_t i;

	for (i = 0; i < n; i++) {
		row_init(&r, section);
		r.v[name] = s[i].label;
		if (s[i].has_domain)
			row_u64(&r, C_DOMAIN, s[i].domain);
		if (s[i].has_time) {
			row_time_ms(&r, C_FIRST, s[i].first_ms, true);
			row_time_ms(&r, C_LAST, s[i].last_ms, true);
		}
		row_u64(&r, C_COUNT, s[i].count);
		emit(&r, arg);
	}
}

static void
rows_exporters(const struct inventory *inv, emit_fn emit, void *arg)
{
	rows_sources("exporter", C_EXPORTER, inv->exporters, inv->nexporters,
	    emit, arg);
}

static void
rows_vantages(const struct inventory *inv, emit_fn emit, void *arg)
{
	rows_sources("vantage", C_VANTAGE, inv->vantages, inv->nvantages,
	    emit, arg);
}

/* ------------------------------------------------------------------ */
/* Text                                                                */

#define MAX_TEXT_COLS	20

struct text_col {
	enum col	 col;
	const char	*title;
	bool		 right;		/* numbers */
};

struct text_section {
	const char	*title;
	void		(*rows)(const struct inventory *, emit_fn, void *);
	struct text_col	 cols[MAX_TEXT_COLS];
};

#define END_COLS	{ NCOLS, NULL, false }

static const struct text_section text_sections[] = {
	{ "Problems", rows_problems, {
		{ C_DETAIL, "problem", false }, END_COLS } },
	{ "Notes", rows_notes, {
		{ C_DETAIL, "note", false }, END_COLS } },
	{ "Collectors", rows_collectors, {
		{ C_COLLECTOR, "collector", false },
		{ C_LAYOUT, "layout", false },
		{ C_FILES, "files", true },
		{ C_SELECTED_FILES, "selected", true },
		{ C_FAILED_FILES, "failed", true },
		{ C_DAMAGED_FILES, "damaged", true },
		{ C_UNUSABLE_FILES, "unusable", true },
		{ C_PEERS, "peers", true },
		{ C_FROM, "covered from", false },
		{ C_UNTIL, "until", false },
		{ C_COVERED, "covered s", true },
		{ C_GAPS, "gaps", true },
		{ C_MISSING, "missing s", true },
		{ C_DETAIL, "coverage by", false }, END_COLS } },
	{ "Missing update files", rows_missing, {
		{ C_COLLECTOR, "collector", false },
		{ C_FROM, "from", false },
		{ C_UNTIL, "until", false },
		{ C_SECONDS, "seconds", true }, END_COLS } },
	{ "Files", rows_files, {
		{ C_SOURCE, "source", false },
		{ C_COLLECTOR, "collector", false },
		{ C_KIND, "kind", false },
		{ C_TIME, "time", false },
		{ C_STATUS, "status", false },
		{ C_FORMAT, "format", false },
		{ C_RECORDS, "records", true },
		{ C_ITEMS, "items", true },
		{ C_ERRORS, "errors", true },
		{ C_BYTES_LOST, "bytes lost", true },
		{ C_FIRST, "first", false },
		{ C_LAST, "last", false },
		{ C_PATH, "path", false },
		{ C_WHY_NOT, "left out because", false }, END_COLS } },
	{ "Peers", rows_peers, {
		{ C_COLLECTOR, "collector", false },
		{ C_PEER, "peer", false },
		{ C_PEER_AS, "AS", true },
		{ C_RIB_ENTRIES, "rib", true },
		{ C_FIRST, "first message", false },
		{ C_LAST, "last message", false },
		{ C_ANNOUNCEMENTS, "announced", true },
		{ C_WITHDRAWALS, "withdrawn", true },
		{ C_STATE_CHANGES, "states", true },
		{ C_OTHER_MESSAGES, "other", true },
		{ C_DOWN_INTERVALS, "downs", true },
		{ C_DOWN_SECONDS, "down s", true },
		{ C_RESETS, "resets", true }, END_COLS } },
	{ "Session state changes", rows_transitions, {
		{ C_COLLECTOR, "collector", false },
		{ C_PEER, "peer", false },
		{ C_PEER_AS, "AS", true },
		{ C_TIME, "time", false },
		{ C_OLD_STATE, "from", false },
		{ C_NEW_STATE, "to", false },
		{ C_DETAIL, "note", false }, END_COLS } },
	{ "Sessions down", rows_down, {
		{ C_COLLECTOR, "collector", false },
		{ C_PEER, "peer", false },
		{ C_PEER_AS, "AS", true },
		{ C_FROM, "from", false },
		{ C_UNTIL, "until", false },
		{ C_SECONDS, "seconds", true },
		{ C_DETAIL, "note", false }, END_COLS } },
	{ "Probable silent session resets", rows_resets, {
		{ C_COLLECTOR, "collector", false },
		{ C_PEER, "peer", false },
		{ C_PEER_AS, "AS", true },
		{ C_FROM, "silent from", false },
		{ C_UNTIL, "resumed", false },
		{ C_SECONDS, "silence s", true },
		{ C_PREFIXES_BEFORE, "prefixes", true },
		{ C_REANNOUNCED, "reannounced", true },
		{ C_DETAIL, "note", false }, END_COLS } },
	{ "Flow exporters", rows_exporters, {
		{ C_EXPORTER, "exporter", false },
		{ C_DOMAIN, "domain", true },
		{ C_FIRST, "first flow", false },
		{ C_LAST, "last flow", false },
		{ C_COUNT, "flows", true }, END_COLS } },
	{ "Probe vantage points", rows_vantages, {
		{ C_VANTAGE, "vantage", false },
		{ C_FIRST, "first result", false },
		{ C_LAST, "last result", false },
		{ C_COUNT, "results", true }, END_COLS } },
};

struct text_pass {
	const struct text_section *s;
	size_t		 width[MAX_TEXT_COLS];
	size_t		 rows;
	struct outbuf	*out;		/* NULL: measuring */
};

static const char *
cell(const struct row *r, enum col c)
{
	return r->v[c] != NULL && r->v[c][0] != '\0' ? r->v[c] : "-";
}

static void
print_padded(struct outbuf *o, const char *s, size_t width, bool right,
    bool last)
{
	size_t n = strlen(s);

	if (right)
		for (; n < width; n++)
			outbuf_char(o, ' ');
	outbuf_str(o, s);
	if (!right && !last)
		for (; n < width; n++)
			outbuf_char(o, ' ');
}

/* The last column of a section that holds anything, to end lines there. */
static size_t
ncols(const struct text_section *s)
{
	size_t n = 0;

	while (s->cols[n].title != NULL)
		n++;
	return n;
}

static void
text_line(const struct text_pass *p, const char *const *cells)
{
	size_t i, n = ncols(p->s);

	outbuf_str(p->out, " ");
	for (i = 0; i < n; i++) {
		outbuf_str(p->out, " ");
		print_padded(p->out, cells[i], p->width[i], p->s->cols[i].right,
		    i + 1 == n);
		if (i + 1 < n)
			outbuf_char(p->out, ' ');
	}
	outbuf_char(p->out, '\n');
}

static void
text_row(const struct row *r, void *arg)
{
	struct text_pass *p = arg;
	const char *cells[MAX_TEXT_COLS];
	size_t i, n = ncols(p->s), len;

	for (i = 0; i < n; i++) {
		cells[i] = cell(r, p->s->cols[i].col);
		if ((len = strlen(cells[i])) > p->width[i])
			p->width[i] = len;
	}
	p->rows++;
	if (p->out != NULL)
		text_line(p, cells);
}

static void
text_section(struct outbuf *o, const struct inventory *inv,
    const struct text_section *s)
{
	struct text_pass p;
	const char *titles[MAX_TEXT_COLS];
	size_t i, n = ncols(s);

	memset(&p, 0, sizeof(p));
	p.s = s;
	for (i = 0; i < n; i++) {
		titles[i] = s->cols[i].title;
		p.width[i] = strlen(titles[i]);
	}
	s->rows(inv, text_row, &p);
	outbuf_char(o, '\n');
	outbuf_str(o, s->title);
	outbuf_char(o, '\n');
	if (p.rows == 0) {
		outbuf_str(o, "  (none)\n");
		return;
	}
	p.out = o;
	if (n > 1)
		text_line(&p, titles);	/* a list needs no heading */
	p.rows = 0;
	s->rows(inv, text_row, &p);
}

/* The header lines: "key  value". */
static void
head_row(const struct row *r, void *arg)
{
	struct outbuf *o = arg;

	if (strcmp(r->v[C_SECTION], "window") == 0) {
		outbuf_str(o, "event    ");
		outbuf_str(o, cell(r, C_DETAIL));
		outbuf_str(o, "\nwindow   ");
		outbuf_str(o, r->v[C_FROM]);
		outbuf_str(o, " .. ");
		outbuf_str(o, r->v[C_UNTIL]);
		outbuf_str(o, " (");
		outbuf_str(o, r->v[C_SECONDS]);
		outbuf_str(o, " s)\n");
		return;
	}
	outbuf_str(o, "files    ");
	outbuf_str(o, r->v[C_FILES]);
	outbuf_str(o, " (");
	outbuf_str(o, r->v[C_DETAIL]);
	outbuf_str(o, "): ");
	outbuf_str(o, r->v[C_SELECTED_FILES]);
	outbuf_str(o, " selected, ");
	outbuf_str(o, r->v[C_FAILED_FILES]);
	outbuf_str(o, " failed, ");
	outbuf_str(o, r->v[C_DAMAGED_FILES]);
	outbuf_str(o, " damaged, ");
	outbuf_str(o, r->v[C_UNUSABLE_FILES]);
	outbuf_str(o, " unusable\n");
}

void
inventory_write_text(struct outbuf *o, const struct inventory *inv)
{
	size_t i;

	outbuf_str(o, "lightsout inventory\n");
	rows_window(inv, head_row, o);
	rows_summary(inv, head_row, o);
	for (i = 0; i < sizeof(text_sections) / sizeof(text_sections[0]); i++)
		text_section(o, inv, &text_sections[i]);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */

static void
csv_row(const struct row *r, void *arg)
{
	struct outbuf *o = arg;
	int c;

	for (c = 0; c < NCOLS; c++) {
		if (c > 0)
			outbuf_char(o, ',');
		if (r->v[c] != NULL)
			csv_out_field(o, r->v[c], strlen(r->v[c]));
	}
	outbuf_str(o, "\r\n");
}

void
inventory_write_csv(struct outbuf *o, const struct inventory *inv)
{
	static void (*const sections[])(const struct inventory *, emit_fn,
	    void *) = {
		rows_window, rows_summary, rows_problems, rows_notes,
		rows_collectors,
		rows_missing, rows_files, rows_peers, rows_transitions,
		rows_down, rows_resets, rows_exporters, rows_vantages,
	};
	size_t i;

	csv_out_header(o, inventory_csv_columns);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		sections[i](inv, csv_row, o);
}
