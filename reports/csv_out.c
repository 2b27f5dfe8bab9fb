/*
 * csv_out.c -- RFC 4180 CSV pieces shared by the record writers.
 */
#include <csv.h>
#include <stdlib.h>

#include "reports/csv_out.h"

void
csv_out_header(struct outbuf *o, const char *const *columns)
{
	int i;

	for (i = 0; columns[i] != NULL; i++) {
		if (i > 0)
			outbuf_char(o, ',');
		outbuf_str(o, columns[i]);
	}
	outbuf_str(o, "\r\n");
}

/* Does a CSV field need quotes (RFC 4180 2.6)? */
static bool
needs_quotes(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\r' || p[i] == '\n')
			return true;
	return false;
}

void
csv_out_field(struct outbuf *o, const char *p, size_t n)
{
	size_t need = 2 * n + 2;

	if (!needs_quotes(p, n)) {
		outbuf_mem(o, p, n);
		return;
	}
	if (need > OUTBUF_SLACK) {
		/* Longer than any field this project writes; never cut. */
		char *quoted = malloc(need);

		if (quoted == NULL) {
			o->failed = true;
			return;
		}
		outbuf_mem(o, quoted, csv_write(quoted, need, p, n));
		free(quoted);
		return;
	}
	outbuf_reserve(o, need);
	o->len += csv_write(o->buf + o->len, need, p, n);
}
