/*
 * nfdump_csv.h -- flow records from the output of `nfdump -o csv`.
 *
 * Both layouts: nfdump 1.6 and 1.7 (1.7 may print IPv4 addresses as
 * ::a.b.c.d, and appends a "Summary" block, which ends the records).
 * Columns are mapped by their header names (ts, te, sa, da, sp, dp, pr,
 * flg, ipkt, ibyt, in, out, sas, das, smk, dmk, dir, nh, ra, eng, ...),
 * so a reordered or extended header still reads.  Parsed with libcsv.
 * nfdump prints times in its local time zone without saying which: they
 * are read as UTC, so run nfdump with TZ=UTC.
 */
#ifndef LIGHTSOUT_NFDUMP_CSV_H
#define LIGHTSOUT_NFDUMP_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/flow_record.h"
#include "parsers/input.h"
#include "parsers/netflow.h"	/* enum flow_status */

/* Does the content start with an nfdump CSV header line? */
bool		 nfdump_csv_detect(const uint8_t *data, size_t len);

struct nfdump_csv;

/* Borrows in (positioned at its start); file names it in errors. */
struct nfdump_csv *nfdump_csv_open(struct input *in, const char *file);
void		 nfdump_csv_close(struct nfdump_csv *r);

/*
 * Next record: FLOW_OK with *rec (valid until the next call), FLOW_SKIP
 * with *err for a line that does not parse (file, line, byte offset),
 * FLOW_END after the last record or at the Summary block.
 */
enum flow_status nfdump_csv_next(struct nfdump_csv *r,
		    const struct flow_record **rec, struct decode_error *err);

/* Lines read so far (header included). */
uint64_t	 nfdump_csv_lines(const struct nfdump_csv *r);

#endif
