/*
 * csv_out.h -- RFC 4180 CSV pieces shared by the record writers: the
 * header line and a field quoted (through libcsv) only when it holds a
 * comma, a quote or a line break.
 */
#ifndef LIGHTSOUT_CSV_OUT_H
#define LIGHTSOUT_CSV_OUT_H

#include <stddef.h>

#include "reports/outbuf.h"

/* The column names joined by commas, then CRLF. */
void	csv_out_header(struct outbuf *o, const char *const *columns);

/* One field, quoted when RFC 4180 2.6 says it must be. */
void	csv_out_field(struct outbuf *o, const char *p, size_t n);

#endif
