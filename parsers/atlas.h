/*
 * atlas.h -- RIPE Atlas ping and traceroute results, as people download
 * them: one JSON object per line, or one JSON array (a measurement's
 * results download), possibly compressed.  An array is read element by
 * element, so memory stays constant for multi-GB files.  Every firmware
 * generation (fw 1 to 5xxx).  Other result types (dns, sslcert, http,
 * ntp) are counted and skipped by type (NOTE_OTHER_RESULT).
 */
#ifndef LIGHTSOUT_ATLAS_H
#define LIGHTSOUT_ATLAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/input.h"
#include "parsers/probe_record.h"

/* Do the first bytes look like Atlas results (a '{' or '[' of objects)? */
bool		 atlas_detect(const uint8_t *data, size_t len);

struct atlas_reader;

/* Borrows in (positioned at its start); file names it in errors. */
struct atlas_reader *atlas_open(struct input *in, const char *file);

/*
 * Decode with n threads (1 to ATLAS_MAX_THREADS; default 1: the calling
 * thread alone, none started).  The records, messages and counts are the
 * same whatever n.  Before the first atlas_next; later calls do nothing.
 */
#define ATLAS_MAX_THREADS	64
void		 atlas_set_threads(struct atlas_reader *r, unsigned n);

/* Stops and joins the threads, also before the end of the input. */
void		 atlas_close(struct atlas_reader *r);

/*
 * Next result: PROBE_OK with *rec, PROBE_SKIP with *err (invalid JSON,
 * a result missing required fields, another result type; errors give
 * file, line and byte offset, and record_no is the result's number),
 * PROBE_END.
 */
enum probe_status atlas_next(struct atlas_reader *r,
		    const struct probe_record **rec, struct decode_error *err);

/* records: results seen; items: probe records yielded. */
const struct decode_stats *atlas_stats(const struct atlas_reader *r);

#endif
