/*
 * diag_log.c -- diagnostics of one analysis job, kept until the jobs end.
 *
 * Lines are stored without the "lightsout: " prefix and without a
 * newline; diag_log_flush adds both, so that a flushed decode error reads
 * exactly as decode_error_print would have printed it.  Flushing empties
 * the lines but keeps the error count, which decides the exit status.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/diag_log.h"

void
diag_log_init(struct diag_log *l)
{
	memset(l, 0, sizeof(*l));
}

void
diag_log_free(struct diag_log *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->lines[i]);
	free(l->lines);
	memset(l, 0, sizeof(*l));
}

/*
 * Keep line (malloc'd, owned from here on) or count it as dropped: past
 * the limit, and when memory runs out, since a diagnostic must never be
 * what stops an analysis.
 */
static void
keep_line(struct diag_log *l, char *line)
{
	char **lines;
	size_t ncap;

	if (line == NULL || l->n >= DIAG_LOG_MAX_LINES) {
		free(line);
		l->dropped++;
		return;
	}
	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 16;
		if (ncap > DIAG_LOG_MAX_LINES)
			ncap = DIAG_LOG_MAX_LINES;
		lines = realloc(l->lines, ncap * sizeof(*lines));
		if (lines == NULL) {
			free(line);
			l->dropped++;
			return;
		}
		l->lines = lines;
		l->cap = ncap;
	}
	l->lines[l->n++] = line;
}

void
diag_log_error(struct diag_log *l, const struct decode_error *e)
{
	char buf[512];

	if (skip_reason_is_error(e->reason))
		l->errors++;
	if (l->n >= DIAG_LOG_MAX_LINES) {
		l->dropped++;
		return;
	}
	decode_error_format(e, buf, sizeof(buf));
	keep_line(l, strdup(buf));
}

void
diag_log_printf(struct diag_log *l, int is_error, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int n;

	if (is_error)
		l->errors++;
	else if (l->errors_only)
		return;
	if (l->n >= DIAG_LOG_MAX_LINES) {
		l->dropped++;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		l->dropped++;
		return;
	}
	if ((line = malloc((size_t)n + 1)) != NULL) {
		va_start(ap, fmt);
		vsnprintf(line, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	keep_line(l, line);
}

void
diag_log_move(struct diag_log *dst, struct diag_log *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		keep_line(dst, src->lines[i]);
	dst->dropped += src->dropped;
	dst->errors += src->errors;
	free(src->lines);
	memset(src, 0, sizeof(*src));
}

void
diag_log_flush(struct diag_log *l, FILE *fp)
{
	uint64_t errors;
	size_t i;

	for (i = 0; i < l->n; i++)
		fprintf(fp, "lightsout: %s\n", l->lines[i]);
	if (l->dropped > 0)
		fprintf(fp, "lightsout: %" PRIu64 " more messages not shown\n",
		    l->dropped);
	errors = l->errors;
	diag_log_free(l);
	l->errors = errors;
}
