/*
 * atlas_decode.h -- one RIPE Atlas result, as JSON text, into a probe
 * record.  The part of the Atlas reader (atlas.h) that needs no input
 * and keeps no count, so that several threads can each run a decoder
 * of their own while the reader frames the results in file order.
 */
#ifndef LIGHTSOUT_ATLAS_DECODE_H
#define LIGHTSOUT_ATLAS_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/probe_record.h"

/* Where a result's text was found: what its record and errors say. */
struct atlas_where {
	const char	*file;
	uint64_t	 offset;	/* of the text's first byte */
	uint64_t	 line;		/* line of that byte, from 1 */
	uint64_t	 result_no;	/* from 1 */
	const char	*suffix;	/* added to a parse error, or "" */
};

struct atlas_decoder;

struct atlas_decoder *atlas_decoder_new(void);
void		 atlas_decoder_free(struct atlas_decoder *d);

/*
 * Parse text[0..len) (no trailing blanks) and map it: PROBE_OK with *rec
 * filled, whose strings point into the decoder's parse tree until
 * atlas_decoder_release or the next atlas_decode; or PROBE_SKIP with
 * *err filled (invalid JSON, a missing required field, another result
 * type).  Nothing is counted: the caller tallies what it hands out.
 */
enum probe_status atlas_decode(struct atlas_decoder *d, const uint8_t *text,
		    size_t len, const struct atlas_where *w,
		    struct probe_record *rec, struct decode_error *err);

/* Free the last result's parse tree, and with it *rec's strings. */
void		 atlas_decoder_release(struct atlas_decoder *d);

/* An error about a result of file (record_no 0: not inside one). */
void		 atlas_error(struct decode_error *err, const char *file,
		    uint64_t offset, uint64_t record_no, enum skip_reason reason);

#endif
