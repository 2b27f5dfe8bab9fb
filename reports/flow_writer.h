/*
 * flow_writer.h -- lightsout's text and CSV formats for flow records in
 * `dump`: a '|'-separated line or an RFC 4180 CSV row, with the same
 * columns (flow_columns, documented in lightsout(1)).  A field the
 * exporter did not send is empty, never 0.
 */
#ifndef LIGHTSOUT_FLOW_WRITER_H
#define LIGHTSOUT_FLOW_WRITER_H

#include "parsers/flow_record.h"
#include "reports/outbuf.h"
#include "reports/record_writer.h"	/* enum record_format */

/* The CSV header line; nothing for text. */
void	flow_write_header(struct outbuf *o, enum record_format fmt);

void	flow_write(struct outbuf *o, enum record_format fmt,
	    const struct flow_record *f, const char *file);

/* The column names, in order, NULL-terminated (for docs and tests). */
extern const char *const flow_columns[];

#endif
