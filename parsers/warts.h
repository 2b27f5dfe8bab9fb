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

/* Does the content start with a warts record header (magic 0x1205)? */
bool		 warts_detect(const uint8_t *data, size_t len);

struct warts_reader;

/*
 * Borrows in (positioned at its start; compressed input works: the
 * decompressed bytes reach libscamperfile through a pipe).  NULL with a
 * message in err when libscamperfile cannot open it.
 */
struct warts_reader *warts_open(struct input *in, const char *file,
		    char *err, size_t errlen);
void		 warts_close(struct warts_reader *r);

enum probe_status warts_next(struct warts_reader *r,
		    const struct probe_record **rec, struct decode_error *err);

const struct decode_stats *warts_stats(const struct warts_reader *r);

#endif
