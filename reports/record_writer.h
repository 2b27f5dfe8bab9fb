/*
 * record_writer.h -- lightsout's own record formats for `dump`: a
 * '|'-separated text line or an RFC 4180 CSV row, with the same columns.
 */
#ifndef LIGHTSOUT_RECORD_WRITER_H
#define LIGHTSOUT_RECORD_WRITER_H

#include "parsers/bgp_record.h"
#include "reports/outbuf.h"

enum record_format {
	RECORD_TEXT,
	RECORD_CSV,
};

/* The header line (CSV) or nothing (text). */
void	record_write_header(struct outbuf *o, enum record_format fmt);

void	record_write(struct outbuf *o, enum record_format fmt,
	    const struct bgp_record *rec, const char *file);

/* The column names, in order, NULL-terminated (for docs and tests). */
extern const char *const record_columns[];

#endif
