/*
 * warts.h -- scamper warts files (CAIDA Ark and scamper archives),
 * through Debian's libscamperfile: ping, trace and tracelb become probe
 * records; list and cycle records are read (they name the vantage and
 * the cycle); other record types are counted (NOTE_OTHER_RESULT).
 */
#ifndef LIGHTSOUT_WARTS_H
#define LIGHTSOUT_WARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/input.h"
#include "parsers/probe_record.h"

/*
 * Does the content start with a warts record header (magic 0x1205, a
 * type from 1 to 0x20)?
 */
bool		 warts_detect(const uint8_t *data, size_t len);

struct warts_reader;

/*
 * Borrows in (positioned at its start; compressed input works: the
 * decompressed bytes reach libscamperfile through its read hook,
 * scamper_file_setreadfunc(), with no pipe and no thread).  NULL with a
 * message in err when libscamperfile cannot open it.
 *
 * warts_next() yields a probe record per ping, trace and tracelb; list
 * and cycle records only set the vantage; records of other types are
 * PROBE_SKIP with NOTE_OTHER_RESULT (also those libscamperfile itself
 * does not know and drops silently).  Damage ends the file with one
 * error: SKIP_BAD_WARTS (libscamperfile cannot decode a record, or its
 * header lacks the 0x1205 magic; libscamperfile does not resynchronise),
 * SKIP_TORN_HEADER / SKIP_TRUNCATED (the file ends inside a record's
 * header / body) or SKIP_DECOMPRESS, each at the offset of the record.
 * Error record_unit is "warts record"; record numbers count the records
 * libscamperfile returned (list and cycle included), from 1.
 */
struct warts_reader *warts_open(struct input *in, const char *file,
		    char *err, size_t errlen);
void		 warts_close(struct warts_reader *r);

enum probe_status warts_next(struct warts_reader *r,
		    const struct probe_record **rec, struct decode_error *err);

const struct decode_stats *warts_stats(const struct warts_reader *r);

#endif
