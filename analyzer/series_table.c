/*
 * series_table.c -- signal rows gathered into per-series columns.
 *
 * Columns are found by a linear search from the last one used: the
 * signals emit the series of every bin in the same order, so the next row
 * almost always belongs to the next column.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/series_table.h"

void
series_table_init(struct series_table *t, const struct bin_grid *grid,
    const struct series_want *want, size_t nwant)
{
	memset(t, 0, sizeof(*t));
	t->grid = grid;
	t->want = want;
	t->nwant = nwant;
}

static void
column_free(struct series_column *c, uint32_t nbins)
{
	uint32_t i;

	free(c->signal);
	free(c->metric);
	free(c->scope);
	free(c->value);
	free(c->known);
	if (c->text != NULL)
		for (i = 0; i < nbins; i++)
			free(c->text[i]);
	free(c->text);
}

void
series_table_free(struct series_table *t)
{
	size_t i;

	for (i = 0; i < t->ncolumns; i++)
		column_free(&t->columns[i], t->grid->nbins);
	free(t->columns);
	memset(t, 0, sizeof(*t));
}

static bool
wanted(const struct series_table *t, const struct series_row *row)
{
	size_t i;

	for (i = 0; i < t->nwant; i++) {
		const struct series_want *w = &t->want[i];

		if (strcmp(w->signal, row->signal) == 0 &&
		    strcmp(w->metric, row->metric) == 0 &&
		    (w->scope == NULL || strcmp(w->scope, row->scope) == 0))
			return true;
	}
	return false;
}

static bool
same_series(const struct series_column *c, const char *signal,
    const char *metric, const char *scope)
{
	return strcmp(c->metric, metric) == 0 &&
	    strcmp(c->scope, scope) == 0 && strcmp(c->signal, signal) == 0;
}

static struct series_column *
new_column(struct series_table *t, const struct series_row *row)
{
	uint32_t n = t->grid->nbins;
	struct series_column *c;

	if (t->ncolumns == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct series_column *grown;

		grown = realloc(t->columns, cap * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		t->columns = grown;
		t->cap = cap;
	}
	c = &t->columns[t->ncolumns];
	memset(c, 0, sizeof(*c));
	c->signal = strdup(row->signal);
	c->metric = strdup(row->metric);
	c->scope = strdup(row->scope);
	c->value = calloc(n, sizeof(*c->value));
	c->known = calloc(n, sizeof(*c->known));
	if (row->text != NULL)
		c->text = calloc(n, sizeof(*c->text));
	if (c->signal == NULL || c->metric == NULL || c->scope == NULL ||
	    c->value == NULL || c->known == NULL ||
	    (row->text != NULL && c->text == NULL)) {
		column_free(c, 0);
		return NULL;
	}
	t->ncolumns++;
	return c;
}

void
series_table_add(const struct series_row *row, void *arg)
{
	struct series_table *t = arg;
	struct series_column *c = NULL;
	size_t i, k;

	if (t->failed || row->bin >= t->grid->nbins || !wanted(t, row))
		return;
	for (k = 0; k < t->ncolumns; k++) {
		i = (t->hint + k) % t->ncolumns;
		if (same_series(&t->columns[i], row->signal, row->metric,
		    row->scope)) {
			c = &t->columns[i];
			break;
		}
	}
	if (c == NULL) {
		if ((c = new_column(t, row)) == NULL) {
			t->failed = true;
			return;
		}
		i = t->ncolumns - 1;
	}
	t->hint = i + 1;
	c->known[row->bin] = row->known;
	c->value[row->bin] = row->known ? row->value : 0;
	if (row->text != NULL && row->known) {
		if (c->text == NULL &&
		    (c->text = calloc(t->grid->nbins, sizeof(*c->text))) ==
		    NULL) {
			t->failed = true;
			return;
		}
		free(c->text[row->bin]);
		if ((c->text[row->bin] = strdup(row->text)) == NULL)
			t->failed = true;
	}
}

const struct series_column *
series_table_find(const struct series_table *t, const char *signal,
    const char *metric, const char *scope)
{
	size_t i;

	for (i = 0; i < t->ncolumns; i++)
		if (same_series(&t->columns[i], signal, metric, scope))
			return &t->columns[i];
	return NULL;
}
