/*
 * probe.h -- the probe reader: one file of active measurements, whatever
 * its format, as a stream of normalized probe records.
 *
 * The format is recognised by content: scamper warts (its record
 * magic), a ping log (a "PING" header), a CSV probe log (a header with
 * time and target columns), or RIPE Atlas results (JSON objects, one
 * per line or in an array).
 */
#ifndef LIGHTSOUT_PROBE_H
#define LIGHTSOUT_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/input.h"
#include "parsers/probe_record.h"

enum probe_format {
	PROBE_FORMAT_NONE,
	PROBE_FORMAT_ATLAS,
	PROBE_FORMAT_WARTS,
	PROBE_FORMAT_PINGLOG,
	PROBE_FORMAT_CSV,
};

enum probe_format probe_detect(const uint8_t *data, size_t len);
const char	*probe_format_name(enum probe_format f);

struct probe_reader;

/*
 * Open a reader over in (positioned at its start, borrowed).  vantage
 * names the vantage of ping logs and of CSV logs without a vantage
 * column (NULL: the file's name).  NULL with a message in err when the
 * content is no probe format or cannot be opened.
 */
struct probe_reader *probe_open(struct input *in, const char *vantage,
		    char *err, size_t errlen);
void		 probe_close(struct probe_reader *r);

enum probe_format probe_reader_format(const struct probe_reader *r);

/*
 * Decode with n threads where the format's reader can: RIPE Atlas
 * results (atlas_set_threads); the other readers use one whatever n.
 * 1, the default, starts no thread.  Before the first probe_next.
 */
void		 probe_set_threads(struct probe_reader *r, unsigned n);

enum probe_status probe_next(struct probe_reader *r,
		    const struct probe_record **rec, struct decode_error *err);

const struct decode_stats *probe_stats(const struct probe_reader *r);

#endif
