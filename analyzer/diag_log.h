/*
 * diag_log.h -- diagnostics collected by one analysis job, printed
 * after the jobs end in job order, so that stderr is the same for any
 * number of threads.  The first DIAG_LOG_MAX_LINES messages are kept
 * word for word; later ones are counted (the per-file summaries count
 * every skip by reason anyway).
 */
#ifndef LIGHTSOUT_DIAG_LOG_H
#define LIGHTSOUT_DIAG_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "parsers/diag.h"

#define DIAG_LOG_MAX_LINES	1000

struct diag_log {
	char		**lines;
	size_t		 n, cap;
	uint64_t	 dropped;	/* messages beyond the limit */
	uint64_t	 errors;	/* data errors among all messages */
	bool		 errors_only;	/* -q: keep no note or summary */
};

void	diag_log_init(struct diag_log *l);
void	diag_log_free(struct diag_log *l);

/* A decoder's skip, formatted as decode_error_print does. */
void	diag_log_error(struct diag_log *l, const struct decode_error *e);

/* Any other line (no newline); is_error counts it among errors. */
void	diag_log_printf(struct diag_log *l, int is_error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Append src's lines to dst (src is left empty). */
void	diag_log_move(struct diag_log *dst, struct diag_log *src);

/* Print every line and, if any were dropped, how many; then empty l. */
void	diag_log_flush(struct diag_log *l, FILE *fp);

#endif
