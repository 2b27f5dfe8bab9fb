/*
 * series_capture.h -- the rows a signal emits (analyzer/series.h),
 * copied for tests to look up and compare.  Header-only (static
 * inline), for test programs alone.
 */
#ifndef LIGHTSOUT_SERIES_CAPTURE_H
#define LIGHTSOUT_SERIES_CAPTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/series.h"

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

#endif
