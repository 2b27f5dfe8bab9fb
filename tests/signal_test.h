/*
 * signal_test.h -- what the tests of the signals and their sketches
 * share: a fixed random stream, test addresses, an analysis (grid,
 * target, tuning) built from text, and the rows a signal emits
 * (analyzer/series.h) copied to look up and compare.  Header-only
 * (static inline), for test programs alone; failures abort with a
 * message, as in test_util.h.
 */
#ifndef LIGHTSOUT_SIGNAL_TEST_H
#define LIGHTSOUT_SIGNAL_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/bins.h"
#include "analyzer/event.h"
#include "analyzer/filter.h"
#include "analyzer/series.h"
#include "analyzer/target.h"

/* The window of the tests: 2014-12-22T16:00Z, twelve bins of 300 s. */
#define T0	1419264000
#define WIDTH	300
#define NBINS	12

static inline void
test_die(const char *what, const char *s)
{
	fprintf(stderr, "test: %s: %s\n", what, s);
	abort();
}

/* ------------------------------------------------------------------ */
/* A fixed random stream: xorshift64* (Vigna, 2016).                   */

static inline uint64_t *
test_rng_state(void)
{
	static uint64_t state = 0x9e3779b97f4a7c15ULL;

	return &state;
}

static inline void
test_rng_seed(uint64_t seed)
{
	*test_rng_state() = seed | 1;
}

static inline uint64_t
test_rng_next(void)
{
	uint64_t *x = test_rng_state();

	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [0, 1). */
static inline double
test_rng_unit(void)
{
	return (double)(test_rng_next() >> 11) / 9007199254740992.0;
}

/* ------------------------------------------------------------------ */
/* Addresses and the analysis                                          */

static inline struct ip_addr
test_addr(const char *s)
{
	struct ip_addr a;
	char err[256];

	if (parse_addr(s, &a, err, sizeof(err)) == -1)
		test_die("test address", err);
	return a;
}

#define TEST_MAX_TARGETS	8

struct signal_fixture {
	struct bin_grid	 grid;
	struct target	 target;
	struct event_tuning tuning;
	struct ip_prefix prefixes[TEST_MAX_TARGETS];
	struct ip_addr	 hosts[TEST_MAX_TARGETS];
};

/*
 * The test window, and a target of the space-separated prefixes and
 * hosts, resolved by target_build as for an event; tuning from the
 * defaults of event.h.
 */
static inline struct signal_fixture *
signal_fixture_new(const char *prefixes, const char *hosts)
{
	struct signal_fixture *f = calloc(1, sizeof(*f));
	struct event ev;
	char buf[512], err[256], *word, *save;

	if (f == NULL)
		test_die("fixture", "out of memory");
	if (!bin_grid_init(&f->grid, T0,
	    T0 + NBINS * WIDTH, WIDTH))
		test_die("fixture", "grid");
	memset(&ev, 0, sizeof(ev));
	ev.prefixes = f->prefixes;
	ev.hosts = f->hosts;
	snprintf(buf, sizeof(buf), "%s", prefixes);
	for (word = strtok_r(buf, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		if (ev.nprefixes == TEST_MAX_TARGETS ||
		    parse_prefix(word, &f->prefixes[ev.nprefixes++], err,
		    sizeof(err)) == -1)
			test_die("test prefix", word);
	}
	snprintf(buf, sizeof(buf), "%s", hosts);
	for (word = strtok_r(buf, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		if (ev.nhosts == TEST_MAX_TARGETS)
			test_die("test host", word);
		f->hosts[ev.nhosts++] = test_addr(word);
	}
	if (target_build(&f->target, &ev, NULL, 0, err, sizeof(err)) == -1)
		test_die("target_build", err);
	f->tuning.distinct_exact = EVENT_DEFAULT_DISTINCT_EXACT;
	f->tuning.top = EVENT_DEFAULT_TOP;
	return f;
}

static inline void
signal_fixture_free(struct signal_fixture *f)
{
	target_free(&f->target);
	free(f);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */

struct captured_row {
	uint32_t	 bin;
	char		 signal[16];
	char		 metric[32];
	char		 scope[128];
	bool		 known;
	double		 value;
	bool		 has_text;
	char		 text[2048];
};

struct captured_rows {
	struct captured_row *v;
	size_t		 n, cap;
};

static inline void
capture_copy(char *dst, size_t len, const char *src)
{
	if (strlen(src) >= len) {
		fprintf(stderr, "test: captured string too long: %s\n", src);
		abort();
	}
	strcpy(dst, src);
}

/* A series_emit_fn appending to the struct captured_rows at arg. */
static inline void
capture_row(const struct series_row *r, void *arg)
{
	struct captured_rows *rows = arg;
	struct captured_row *o;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap == 0 ? 64 : rows->cap * 2;
		rows->v = realloc(rows->v, rows->cap * sizeof(*rows->v));
		if (rows->v == NULL) {
			fprintf(stderr, "test: out of memory\n");
			abort();
		}
	}
	o = &rows->v[rows->n++];
	memset(o, 0, sizeof(*o));
	o->bin = r->bin;
	capture_copy(o->signal, sizeof(o->signal), r->signal);
	capture_copy(o->metric, sizeof(o->metric), r->metric);
	capture_copy(o->scope, sizeof(o->scope), r->scope);
	o->known = r->known;
	o->value = r->value;
	if (r->text != NULL) {
		o->has_text = true;
		capture_copy(o->text, sizeof(o->text), r->text);
	}
}

static inline void
captured_free(struct captured_rows *rows)
{
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

/* The row of scope and metric, or NULL. */
static inline const struct captured_row *
captured_find(const struct captured_rows *rows, const char *scope,
    const char *metric)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		if (strcmp(rows->v[i].scope, scope) == 0 &&
		    strcmp(rows->v[i].metric, metric) == 0)
			return &rows->v[i];
	return NULL;
}

/* A signal's rows function, for the tests of any signal. */
typedef void	(*signal_rows_fn)(const void *signal, uint32_t bin,
		    series_emit_fn emit, void *arg);

/* The rows of bins [from, to), one bin after the other. */
static inline struct captured_rows
captured_bins(signal_rows_fn rows, const void *signal, uint32_t from,
    uint32_t to)
{
	struct captured_rows out;
	uint32_t bin;

	memset(&out, 0, sizeof(out));
	for (bin = from; bin < to; bin++)
		rows(signal, bin, capture_row, &out);
	return out;
}

/*
 * Whether a and b are the same rows, in the same order, to the bit; if
 * not, what differs first into why.
 */
static inline bool
captured_same(const struct captured_rows *a, const struct captured_rows *b,
    char *why, size_t len)
{
	size_t i;

	if (a->n != b->n) {
		snprintf(why, len, "%zu rows against %zu", a->n, b->n);
		return false;
	}
	for (i = 0; i < a->n; i++) {
		const struct captured_row *x = &a->v[i], *y = &b->v[i];

		if (x->bin != y->bin || strcmp(x->signal, y->signal) != 0 ||
		    strcmp(x->scope, y->scope) != 0 ||
		    strcmp(x->metric, y->metric) != 0) {
			snprintf(why, len, "row %zu: bin %u %s %s against "
			    "bin %u %s %s", i, x->bin, x->scope, x->metric,
			    y->bin, y->scope, y->metric);
			return false;
		}
		if (x->known != y->known || x->has_text != y->has_text ||
		    (x->has_text && strcmp(x->text, y->text) != 0) ||
		    (!x->has_text && x->value != y->value)) {
			snprintf(why, len, "bin %u %s %s: %s%.17g '%.200s' "
			    "against %s%.17g '%.200s'", x->bin, x->scope,
			    x->metric, x->known ? "" : "unknown ", x->value,
			    x->text,
			    y->known ? "" : "unknown ", y->value, y->text);
			return false;
		}
	}
	return true;
}

/* Whether two signals emit the same rows for every bin of the grid. */
static inline bool
signals_same_rows(signal_rows_fn rows, const void *a, const void *b,
    char *why, size_t len)
{
	struct captured_rows ra = captured_bins(rows, a, 0, NBINS);
	struct captured_rows rb = captured_bins(rows, b, 0, NBINS);
	bool same = captured_same(&ra, &rb, why, len);

	captured_free(&ra);
	captured_free(&rb);
	return same;
}

#endif
