/*
 * inventory.c -- `lightsout inventory [EVENT] [options]`: what the
 * archive of an event holds and what it lacks, before any analysis.
 *
 * The event's inputs are found and selected (archive.h); every selected
 * file is read through: MRT files collector by collector, the RIB first
 * and then the update files in time order, each record going to the
 * per-peer session tracking (peer_sessions.h); flow files through one
 * flow session (templates carry over from file to file) into per-
 * exporter tallies; probe files into per-vantage tallies.  The report
 * (reports/inventory_writer.h) says per collector which files there
 * are, which were read, what they cover and which are missing; per file
 * what was decoded and lost; per peer what its sessions did; per flow
 * exporter and probe vantage when it was heard from.
 *
 * Decode errors go to stderr as `lightsout dump` prints them, with the
 * same per-file summary.  Exit status: 0 everything read, 1 data errors
 * (damaged records, files that are not what their list says), 2 usage,
 * 3 an input missing or unreadable, or the output failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/archive.h"
#include "analyzer/commands.h"
#include "analyzer/event.h"
#include "analyzer/event_cli.h"
#include "analyzer/peer_sessions.h"
#include "parsers/flow.h"
#include "parsers/input.h"
#include "parsers/mrt.h"
#include "parsers/probe.h"
#include "reports/inventory_writer.h"
#include "reports/outbuf.h"

static const char inventory_usage[] =
"usage: lightsout inventory [EVENT] [options]\n"
"\n"
"What the archive of an event holds: per collector the MRT files found,\n"
"selected for the window, read, damaged, and the update files missing;\n"
"per BGP peer its messages, session state changes, intervals down and\n"
"probable silent session resets; per flow exporter and probe vantage\n"
"point the first and last record.  EVENT is an event file\n"
"(lightsout-event(5)); the options below override its settings.\n"
"\n"
"Output:\n"
"      --format FMT       text (default) or csv (one table, a section column)\n"
"\n"
"Event options:\n"
"%s"
"\n"
"Exit status: 0 everything read, 1 damaged records or files that are not\n"
"what their list says, 2 usage error, 3 an input missing or unreadable,\n"
"or output failed.\n";

enum {
	OPT_FORMAT = 256, OPT_HELP,
};

static const struct option inventory_longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct inventory_run {
	struct event		 ev;
	struct archive		 archive;
	struct inventory_file	*files;
	struct peer_sessions	*sessions;
	struct flow_session	*flow_session;
	struct tally		*exporters, *vantages;
	struct inventory_collector *collectors;
	size_t			 ncollectors;
	struct archive_gap	*gaps;
	size_t			 ngaps;
	uint64_t		 orphan_data_sets;
	bool			 data_errors, io_error, out_of_memory;
};

/* ------------------------------------------------------------------ */
/* Tallies of flow exporters and probe vantages                        */

/*
 * Keys and tallies in key order, found by binary search (and the last
 * one found first: records come in runs of one exporter or vantage).
 */
struct tally_key {
	uint8_t		*bytes;
	size_t		 len;
};

struct tally {
	struct tally_key *keys;
	struct inventory_source *sources;	/* parallel to keys */
	size_t		 n, cap;
	size_t		 last;
};

static int
key_compare(const struct tally_key *k, const uint8_t *key, size_t len)
{
	int c = memcmp(k->bytes, key, k->len < len ? k->len : len);

	if (c != 0)
		return c;
	return k->len < len ? -1 : k->len > len;
}

static int
tally_grow(struct tally *t)
{
	size_t ncap = t->cap ? 2 * t->cap : 64;
	struct tally_key *nk;
	struct inventory_source *ns;

	if ((nk = realloc(t->keys, ncap * sizeof(*nk))) == NULL)
		return -1;
	t->keys = nk;
	if ((ns = realloc(t->sources, ncap * sizeof(*ns))) == NULL)
		return -1;
	t->sources = ns;
	t->cap = ncap;
	return 0;
}

/*
 * The tally of key, made (with label() for its label) the first time
 * the key is seen; NULL on out of memory.
 */
static struct inventory_source *
tally_find(struct tally *t, const uint8_t *key, size_t keylen,
    char *(*label)(const void *), const void *what)
{
	size_t lo = 0, hi = t->n, mid;
	uint8_t *copy;
	char *text;
	int c;

	if (t->last < t->n && key_compare(&t->keys[t->last], key, keylen) == 0)
		return &t->sources[t->last];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = key_compare(&t->keys[mid], key, keylen)) == 0) {
			t->last = mid;
			return &t->sources[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (t->n == t->cap && tally_grow(t) == -1)
		return NULL;
	if ((copy = malloc(keylen)) == NULL)
		return NULL;
	if ((text = label(what)) == NULL) {
		free(copy);
		return NULL;
	}
	memcpy(copy, key, keylen);
	memmove(t->keys + lo + 1, t->keys + lo, (t->n - lo) * sizeof(*t->keys));
	memmove(t->sources + lo + 1, t->sources + lo,
	    (t->n - lo) * sizeof(*t->sources));
	t->keys[lo].bytes = copy;
	t->keys[lo].len = keylen;
	memset(&t->sources[lo], 0, sizeof(t->sources[lo]));
	t->sources[lo].label = text;
	t->n++;
	t->last = lo;
	return &t->sources[lo];
}

/* Big-endian, so that keys sort by number. */
static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
tally_time(struct inventory_source *s, int64_t ms)
{
	if (!s->has_time || ms < s->first_ms)
		s->first_ms = ms;
	if (!s->has_time || ms > s->last_ms)
		s->last_ms = ms;
	s->has_time = true;
}

static void
tally_free(struct tally *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->keys[i].bytes);
		free(t->sources[i].label);
	}
	free(t->keys);
	free(t->sources);
	free(t);
}

static char *
addr_label(const struct ip_addr *a)
{
	char text[INET6_ADDRSTRLEN];

	if (a->afi == 0 || inet_ntop(a->afi == AFI_IPV6 ? AF_INET6 : AF_INET,
	    a->bytes, text, sizeof(text)) == NULL)
		return strdup("(unknown)");
	return strdup(text);
}

static char *
exporter_label(const void *what)
{
	return addr_label(&((const struct flow_record *)what)->exporter);
}

/* "prb N" for RIPE Atlas, else the vantage's name, else its address. */
static char *
vantage_label(const void *what)
{
	const struct probe_record *p = what;
	char text[32];

	if (probe_has(p, PROBE_HAS_PRB_ID)) {
		snprintf(text, sizeof(text), "prb %" PRIu32, p->prb_id);
		return strdup(text);
	}
	if (p->vantage != NULL)
		return strdup(p->vantage);
	return addr_label(&p->src);
}

/* ------------------------------------------------------------------ */
/* Reading files                                                       */

static void
note_time(struct inventory_file *fi, int64_t ms)
{
	if (!fi->has_times || ms < fi->first_ms)
		fi->first_ms = ms;
	if (!fi->has_times || ms > fi->last_ms)
		fi->last_ms = ms;
	fi->has_times = true;
}

static void
finish_stats(struct inventory_run *run, struct inventory_file *fi,
    const struct decode_stats *s)
{
	fi->read = true;
	fi->stats = *s;
	fi->errors = decode_stats_skipped(s, true);
	fi->notes = decode_stats_skipped(s, false) - fi->errors;
	if (fi->errors > 0)
		run->data_errors = true;
}

/* A file that could not be opened, or whose reader refused it. */
static void
open_failed(struct inventory_run *run, struct inventory_file *fi,
    const char *err, struct input *in)
{
	fprintf(stderr, "lightsout: %s\n", err);
	fi->failed = run->io_error = true;
	if (in != NULL)
		input_close(in);
}

/*
 * Bytes lost: a data error opens a span at the damaged record's offset;
 * the next record read (decoded, or skipped as a note: its framing held)
 * closes it.  A span still open at the end runs to the end of what can
 * be decompressed.
 */
struct loss {
	bool		 open;
	uint64_t	 from;
	uint64_t	 bytes;
};

static void
loss_error(struct loss *l, uint64_t offset)
{
	if (!l->open) {
		l->open = true;
		l->from = offset;
	}
}

static void
loss_resume(struct loss *l, uint64_t offset)
{
	if (l->open && offset > l->from) {
		l->bytes += offset - l->from;
		l->open = false;
	}
}

static void
read_mrt(struct inventory_run *run, const struct archive_file *f,
    struct inventory_file *fi)
{
	char err[512];
	struct input *in;
	struct mrt_reader *r;
	const struct bgp_record *rec;
	struct decode_error derr;
	bool noted[SKIP_NREASONS] = { false };
	struct loss loss = { false, 0, 0 };
	enum mrt_status st;

	if ((in = input_open(f->path, err, sizeof(err))) == NULL) {
		open_failed(run, fi, err, NULL);
		return;
	}
	if ((r = mrt_open(in)) == NULL) {
		run->out_of_memory = true;
		input_close(in);
		return;
	}
	fi->format = "mrt";
	memset(&derr, 0, sizeof(derr));
	while ((st = mrt_next(r, &rec, &derr)) != MRT_END) {
		if (st == MRT_SKIP) {
			decode_error_report(stderr, &derr, noted);
			if (skip_reason_is_error(derr.reason))
				loss_error(&loss, derr.offset);
			else
				loss_resume(&loss, derr.offset);
			continue;
		}
		loss_resume(&loss, rec->offset);
		note_time(fi, rec->time * 1000 + rec->usec / 1000);
		if (peer_sessions_record(run->sessions, rec) == -1) {
			run->out_of_memory = true;
			break;
		}
	}
	finish_stats(run, fi, mrt_stats(r));
	if (decode_stats_skipped(mrt_stats(r), false) > 0)
		decode_stats_print_summary(stderr, input_name(in), mrt_stats(r),
		    "record", "records", "route or event", "routes and events");
	mrt_close(r);
	/* Where the decoder gave up, the rest of the content is lost too. */
	if (loss.open)
		loss_resume(&loss, input_offset(in) + input_skip(in,
		    UINT64_MAX));
	fi->bytes_lost = loss.bytes;
	input_close(in);
}

/* The time of a flow: its start, else its end, export or capture time. */
static bool
flow_time(const struct flow_record *rec, int64_t *ms)
{
	if (flow_has(rec, FLOW_HAS_START))
		*ms = rec->start_ms;
	else if (flow_has(rec, FLOW_HAS_END))
		*ms = rec->end_ms;
	else if (flow_has(rec, FLOW_HAS_EXPORT_TIME))
		*ms = rec->export_ms;
	else if (flow_has(rec, FLOW_HAS_RECV_TIME))
		*ms = rec->recv_us / 1000;
	else
		return false;
	return true;
}

/* What a flow reader's records are: packets, lines or messages. */
static void
flow_units(enum flow_container c, const char **unit, const char **units)
{
	*unit = c == FLOW_CONTAINER_CAPTURE ? "packet" :
	    c == FLOW_CONTAINER_NFDUMP_CSV ? "line" : "message";
	*units = c == FLOW_CONTAINER_CAPTURE ? "packets" :
	    c == FLOW_CONTAINER_NFDUMP_CSV ? "lines" : "messages";
}

/* What a probe reader's records are: results, warts records or lines. */
static void
probe_units(enum probe_format f, const char **unit, const char **units)
{
	*unit = f == PROBE_FORMAT_ATLAS ? "result" :
	    f == PROBE_FORMAT_WARTS ? "record" : "line";
	*units = f == PROBE_FORMAT_ATLAS ? "results" :
	    f == PROBE_FORMAT_WARTS ? "records" : "lines";
}

/* Open a flow or probe file and check that it is of its list's kind. */
static struct input *
open_data(struct inventory_run *run, const struct archive_file *f,
    struct inventory_file *fi)
{
	char err[512];
	struct input *in;
	const uint8_t *head;
	size_t len;
	bool fits;

	if ((in = input_open(f->path, err, sizeof(err))) == NULL) {
		open_failed(run, fi, err, NULL);
		return NULL;
	}
	len = input_peek(in, 4096, &head);
	fits = f->source == ARCHIVE_FLOW ?
	    flow_detect(head, len) != FLOW_CONTAINER_NONE :
	    probe_detect(head, len) != PROBE_FORMAT_NONE;
	if (!fits) {
		fprintf(stderr, "lightsout: %s: not %s\n", input_name(in),
		    f->source == ARCHIVE_FLOW ? "flow evidence" :
		    "probe results");
		fi->unusable = run->data_errors = true;
		input_close(in);
		return NULL;
	}
	return in;
}

static void
read_flows(struct inventory_run *run, const struct archive_file *f,
    struct inventory_file *fi)
{
	char err[512];
	struct input *in;
	struct flow_reader *r;
	const struct flow_record *rec;
	struct decode_error derr;
	struct inventory_source *src;
	bool noted[SKIP_NREASONS] = { false };
	uint8_t key[sizeof(rec->exporter.bytes) + 5];
	const char *unit, *units;
	int64_t ms;

	if ((in = open_data(run, f, fi)) == NULL)
		return;
	if (run->flow_session == NULL &&
	    (run->flow_session = flow_session_new()) == NULL) {
		run->out_of_memory = true;
		input_close(in);
		return;
	}
	if ((r = flow_open(in, run->flow_session, err, sizeof(err))) == NULL) {
		open_failed(run, fi, err, in);
		return;
	}
	fi->format = flow_container_name(flow_reader_container(r));
	memset(&derr, 0, sizeof(derr));
	for (;;) {
		enum flow_status st = flow_next(r, &rec, &derr);

		if (st == FLOW_END)
			break;
		if (st == FLOW_SKIP) {
			decode_error_report(stderr, &derr, noted);
			continue;
		}
		/* The exporter: address family, address, domain. */
		key[0] = rec->exporter.afi;
		memcpy(key + 1, rec->exporter.bytes, sizeof(rec->exporter.bytes));
		put_be32(key + 1 + sizeof(rec->exporter.bytes), rec->domain);
		if ((src = tally_find(run->exporters, key, sizeof(key),
		    exporter_label, rec)) == NULL) {
			run->out_of_memory = true;
			break;
		}
		src->has_domain = true;
		src->domain = rec->domain;
		src->count++;
		if (flow_time(rec, &ms)) {
			tally_time(src, ms);
			note_time(fi, ms);
		}
	}
	finish_stats(run, fi, flow_stats(r));
	if (decode_stats_skipped(flow_stats(r), false) > 0) {
		flow_units(flow_reader_container(r), &unit, &units);
		decode_stats_print_summary(stderr, input_name(in),
		    flow_stats(r), unit, units, "flow", "flows");
	}
	flow_close(r);
	input_close(in);
}

/* After the last flow file: data sets whose template never came. */
static void
finish_flow_session(struct inventory_run *run)
{
	struct decode_error derr;

	if (run->flow_session == NULL)
		return;
	while (flow_session_finish(run->flow_session, &derr) == FLOW_SKIP) {
		decode_error_print(stderr, &derr);
		run->orphan_data_sets++;
		run->data_errors = true;
	}
}

static void
read_probes(struct inventory_run *run, const struct archive_file *f,
    struct inventory_file *fi)
{
	char err[512];
	struct input *in;
	struct probe_reader *r;
	const struct probe_record *rec;
	struct decode_error derr;
	struct inventory_source *src;
	bool noted[SKIP_NREASONS] = { false };
	uint8_t key[256];
	size_t keylen;
	const char *unit, *units;

	if ((in = open_data(run, f, fi)) == NULL)
		return;
	if ((r = probe_open(in, NULL, err, sizeof(err))) == NULL) {
		open_failed(run, fi, err, in);
		return;
	}
	fi->format = probe_format_name(probe_reader_format(r));
	memset(&derr, 0, sizeof(derr));
	for (;;) {
		enum probe_status st = probe_next(r, &rec, &derr);

		if (st == PROBE_END)
			break;
		if (st == PROBE_SKIP) {
			decode_error_report(stderr, &derr, noted);
			continue;
		}
		/* The key orders Atlas probes by number, names by name. */
		if (probe_has(rec, PROBE_HAS_PRB_ID)) {
			key[0] = 'P';
			put_be32(key + 1, rec->prb_id);
			keylen = 5;
		} else if (rec->vantage != NULL) {
			keylen = strlen(rec->vantage);
			if (keylen > sizeof(key) - 1)
				keylen = sizeof(key) - 1;
			key[0] = 'N';
			memcpy(key + 1, rec->vantage, keylen);
			keylen++;
		} else {
			key[0] = 'A';
			key[1] = rec->src.afi;
			memcpy(key + 2, rec->src.bytes, sizeof(rec->src.bytes));
			keylen = 2 + sizeof(rec->src.bytes);
		}
		if ((src = tally_find(run->vantages, key, keylen,
		    vantage_label, rec)) == NULL) {
			run->out_of_memory = true;
			break;
		}
		src->count++;
		if (probe_has(rec, PROBE_HAS_TIME)) {
			tally_time(src, rec->time_ms);
			note_time(fi, rec->time_ms);
		}
	}
	finish_stats(run, fi, probe_stats(r));
	if (decode_stats_skipped(probe_stats(r), false) > 0) {
		probe_units(probe_reader_format(r), &unit, &units);
		decode_stats_print_summary(stderr, input_name(in),
		    probe_stats(r), unit, units, "run", "runs");
	}
	probe_close(r);
	input_close(in);
}

/*
 * Every selected file, in the archive's order: MRT collector by
 * collector (RIB, then updates by time), then flows, then probes.
 */
static void
read_all(struct inventory_run *run)
{
	const struct archive *a = &run->archive;
	const char *collector = NULL;
	size_t i;

	for (i = 0; i < a->nfiles && !run->out_of_memory; i++) {
		const struct archive_file *f = &a->files[i];

		if (!f->selected)
			continue;
		switch (f->source) {
		case ARCHIVE_MRT:
			if (collector == NULL ||
			    strcmp(collector, f->collector) != 0) {
				if ((collector != NULL &&
				    peer_sessions_end(run->sessions) == -1) ||
				    peer_sessions_begin(run->sessions,
				    f->collector) == -1) {
					run->out_of_memory = true;
					return;
				}
				collector = f->collector;
			}
			read_mrt(run, f, &run->files[i]);
			break;
		case ARCHIVE_FLOW:
			read_flows(run, f, &run->files[i]);
			break;
		case ARCHIVE_PROBE:
			read_probes(run, f, &run->files[i]);
			break;
		}
	}
	if (collector != NULL && peer_sessions_end(run->sessions) == -1)
		run->out_of_memory = true;
	finish_flow_session(run);
}

/* ------------------------------------------------------------------ */
/* Per collector                                                       */

struct span {
	int64_t		from, until;
};

static int
compare_spans(const void *x, const void *y)
{
	const struct span *a = x, *b = y;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return a->until < b->until ? -1 : a->until > b->until;
}

/* The seconds of s inside [start, end). */
static int64_t
in_window(const struct span *s, int64_t start, int64_t end)
{
	int64_t from = s->from > start ? s->from : start;
	int64_t until = s->until < end ? s->until : end;

	return until > from ? until - from : 0;
}

/*
 * What the collector's files [first, last) cover: each update file that
 * was read, [named time, + cadence) when its name gives both, else from
 * its first to its last record; their union, and how much of the window
 * it holds.
 */
static int
coverage(struct inventory_run *run, size_t first, size_t last,
    struct inventory_collector *c)
{
	const struct archive *a = &run->archive;
	struct span *spans, merged = { 0, 0 };
	size_t n = 0, i;
	bool names = false, records = false;

	if ((spans = calloc(last - first + 1, sizeof(*spans))) == NULL)
		return -1;
	for (i = first; i < last; i++) {
		const struct archive_file *f = &a->files[i];
		const struct inventory_file *fi = &run->files[i];

		if (!f->selected || !fi->read ||
		    f->kind != ARCHIVE_KIND_UPDATES)
			continue;
		if (f->cadence > 0 && f->time_from_name) {
			spans[n].from = f->time;
			spans[n++].until = f->time + f->cadence;
			names = true;
		} else if (fi->has_times) {
			spans[n].from = fi->first_ms / 1000;
			spans[n++].until = fi->last_ms / 1000 + 1;
			records = true;
		}
	}
	if (n > 1)
		qsort(spans, n, sizeof(*spans), compare_spans);
	for (i = 0; i < n; i++) {
		if (i == 0) {
			merged = spans[0];
			c->cover_from = spans[0].from;
			c->cover_until = spans[0].until;
			continue;
		}
		if (spans[i].until > c->cover_until)
			c->cover_until = spans[i].until;
		if (spans[i].from <= merged.until) {
			if (spans[i].until > merged.until)
				merged.until = spans[i].until;
			continue;
		}
		c->covered += in_window(&merged, run->ev.start, run->ev.end);
		merged = spans[i];
	}
	if (n > 0)
		c->covered += in_window(&merged, run->ev.start, run->ev.end);
	c->has_coverage = n > 0;
	c->basis = names && records ? "names+records" : names ? "names" :
	    "records";
	free(spans);
	return 0;
}

static int
summarise_collectors(struct inventory_run *run)
{
	const struct archive *a = &run->archive;
	const struct peer_session *const *peers;
	struct inventory_collector *c;
	size_t i, j, k, npeers, ncap = 0;

	peers = peer_sessions_list(run->sessions, &npeers);
	for (i = 0; i < a->nfiles && a->files[i].source == ARCHIVE_MRT;
	    i = j) {
		for (j = i + 1; j < a->nfiles &&
		    a->files[j].source == ARCHIVE_MRT &&
		    strcmp(a->files[j].collector, a->files[i].collector) == 0;
		    j++)
			;
		if (run->ncollectors == ncap) {
			ncap = ncap ? 2 * ncap : 16;
			c = realloc(run->collectors, ncap * sizeof(*c));
			if (c == NULL)
				return -1;
			run->collectors = c;
		}
		c = &run->collectors[run->ncollectors++];
		memset(c, 0, sizeof(*c));
		c->collector = a->files[i].collector;
		c->layout = archive_layout_name(a->files[i].layout);
		for (k = i; k < j; k++) {
			const struct archive_file *f = &a->files[k];
			const struct inventory_file *fi = &run->files[k];

			if (f->layout != a->files[i].layout)
				c->layout = "mixed";
			c->files++;
			c->selected += f->selected;
			c->failed += fi->failed;
			c->damaged += fi->read && fi->errors > 0;
			c->unusable += archive_file_unusable(f);
		}
		for (k = 0; k < npeers; k++)
			c->peers += strcmp(peers[k]->collector, c->collector)
			    == 0;
		for (k = 0; k < run->ngaps; k++) {
			if (strcmp(run->gaps[k].collector, c->collector) != 0)
				continue;
			c->gaps++;
			c->missing += run->gaps[k].end - run->gaps[k].start;
		}
		if (coverage(run, i, j, c) == -1)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */

static int
usage_error(const char *msg)
{
	fprintf(stderr, "lightsout inventory: %s\nTry 'lightsout inventory "
	    "--help'.\n", msg);
	return EXIT_USAGE;
}

/* Options and the event; EXIT_HELP after --help, 0 when ready. */
static int
parse_inventory_options(int argc, char **argv, struct inventory_run *run,
    bool *csv)
{
	struct event_cli cli;
	struct option *longopts;
	const char *path = NULL;
	char err[512];
	int ch, rc = 0;

	if ((longopts = event_cli_options(inventory_longopts)) == NULL) {
		fprintf(stderr, "lightsout: out of memory\n");
		return EXIT_IO;
	}
	event_cli_init(&cli);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				*csv = false;
			else if (strcmp(optarg, "csv") == 0)
				*csv = true;
			else
				rc = usage_error("--format takes text or csv");
			break;
		case OPT_HELP:
			printf(inventory_usage, event_cli_help);
			rc = EXIT_HELP;
			break;
		default:
			switch (event_cli_take(&cli, ch, optarg, err,
			    sizeof(err))) {
			case 1:
				break;
			case -1:
				rc = usage_error(err);
				break;
			default:
				rc = usage_error("unknown option");
				break;
			}
		}
		if (rc != 0)
			goto done;
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc) {
		rc = usage_error("one event file at most");
		goto done;
	}
	if (event_cli_build(&cli, path, false, &run->ev, err, sizeof(err)) == -1)
		rc = usage_error(err);
done:
	event_cli_free(&cli);
	free(longopts);
	return rc;
}

static void
run_free(struct inventory_run *run)
{
	free(run->files);
	peer_sessions_free(run->sessions);
	flow_session_free(run->flow_session);
	tally_free(run->exporters);
	tally_free(run->vantages);
	free(run->collectors);
	free(run->gaps);
	archive_free(&run->archive);
	event_free(&run->ev);
}

static int
write_report(struct inventory_run *run, bool csv)
{
	struct inventory inv;
	struct outbuf out;
	size_t npeers;
	int rc = 0;

	memset(&inv, 0, sizeof(inv));
	inv.event = event_name(&run->ev);
	inv.start = run->ev.start;
	inv.end = run->ev.end;
	inv.archive = &run->archive;
	inv.files = run->files;
	inv.collectors = run->collectors;
	inv.ncollectors = run->ncollectors;
	inv.gaps = run->gaps;
	inv.ngaps = run->ngaps;
	inv.peers = peer_sessions_list(run->sessions, &npeers);
	inv.npeers = npeers;
	inv.exporters = run->exporters->sources;
	inv.nexporters = run->exporters->n;
	inv.vantages = run->vantages->sources;
	inv.nvantages = run->vantages->n;
	inv.orphan_data_sets = run->orphan_data_sets;
	if (outbuf_init(&out, stdout) == -1)
		return -1;
	if (csv)
		inventory_write_csv(&out, &inv);
	else
		inventory_write_text(&out, &inv);
	if (outbuf_flush(&out) == -1 || out.failed) {
		fprintf(stderr, "lightsout: writing output: %s\n",
		    strerror(errno));
		rc = -1;
	}
	outbuf_free(&out);
	return rc;
}

/*
 * Files the scan found unusable are data errors; the unreadable ones are
 * among the problems already, said once.
 */
static void
report_unusable(struct inventory_run *run)
{
	const struct archive *a = &run->archive;
	size_t i, k;
	bool said;

	for (i = 0; i < a->nfiles; i++) {
		if (!archive_file_unusable(&a->files[i]))
			continue;
		for (k = 0, said = false; k < a->nproblems && !said; k++)
			said = strncmp(a->problems[k], a->files[i].path,
			    strlen(a->files[i].path)) == 0;
		if (!said) {
			fprintf(stderr, "lightsout: %s: %s\n",
			    a->files[i].path, a->files[i].why_not);
			run->data_errors = true;
		}
	}
}

int
cmd_inventory(int argc, char **argv)
{
	struct inventory_run run;
	char err[512];
	bool csv = false;
	size_t i;
	int rc;

	memset(&run, 0, sizeof(run));
	rc = parse_inventory_options(argc, argv, &run, &csv);
	if (rc != 0) {
		event_free(&run.ev);
		return rc == EXIT_HELP ? EXIT_OK : rc;
	}
	if (archive_scan(&run.archive, &run.ev, err, sizeof(err)) == -1) {
		fprintf(stderr, "lightsout: %s\n", err);
		event_free(&run.ev);
		return EXIT_IO;
	}
	for (i = 0; i < run.archive.nproblems; i++)
		fprintf(stderr, "lightsout: %s\n", run.archive.problems[i]);
	if (run.archive.nproblems > 0)
		run.io_error = true;
	for (i = 0; i < run.archive.nnotes; i++)
		fprintf(stderr, "lightsout: note: %s\n", run.archive.notes[i]);
	report_unusable(&run);
	run.files = calloc(run.archive.nfiles ? run.archive.nfiles : 1,
	    sizeof(*run.files));
	run.sessions = peer_sessions_new(run.ev.tuning.peer_silence);
	run.exporters = calloc(1, sizeof(*run.exporters));
	run.vantages = calloc(1, sizeof(*run.vantages));
	if (run.files == NULL || run.sessions == NULL ||
	    run.exporters == NULL || run.vantages == NULL)
		goto oom;
	read_all(&run);
	if (run.out_of_memory ||
	    archive_gaps(&run.archive, run.ev.start, run.ev.end, &run.gaps,
	    &run.ngaps) == -1 || summarise_collectors(&run) == -1)
		goto oom;
	if (write_report(&run, csv) == -1)
		run.io_error = true;
	rc = run.io_error ? EXIT_IO : run.data_errors ? EXIT_DATA : EXIT_OK;
	run_free(&run);
	return rc;
oom:
	fprintf(stderr, "lightsout: out of memory\n");
	run_free(&run);
	return EXIT_IO;
}
