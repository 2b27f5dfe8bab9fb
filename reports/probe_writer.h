/*
 * probe_writer.h -- lightsout's text and CSV formats for probe records
 * in `dump`: a '|'-separated line or an RFC 4180 CSV row, with the same
 * columns (probe_columns, documented in lightsout(1)).  A field the
 * source did not give is empty, never 0.
 */
#ifndef LIGHTSOUT_PROBE_WRITER_H
#define LIGHTSOUT_PROBE_WRITER_H

#include "parsers/probe_record.h"
#include "reports/outbuf.h"
#include "reports/record_writer.h"	/* enum record_format */

void	probe_write_header(struct outbuf *o, enum record_format fmt);

void	probe_write(struct outbuf *o, enum record_format fmt,
	    const struct probe_record *p, const char *file);

/* The column names, in order, NULL-terminated (for docs and tests). */
extern const char *const probe_columns[];

#endif
