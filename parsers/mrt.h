/*
 * mrt.h -- MRT routing archive decoder, RFC 6396 and RFC 8050.
 *
 * A pull API: mrt_next() yields one normalized bgp_record at a time.
 * Internally one MRT record is decoded at once (its attributes once) and
 * its prefixes are handed out one by one; nothing is allocated per
 * record.
 */
#ifndef LIGHTSOUT_MRT_H
#define LIGHTSOUT_MRT_H

#include "parsers/bgp_record.h"
#include "parsers/diag.h"
#include "parsers/input.h"

struct mrt_reader;

/* The reader borrows in; the caller closes it after mrt_close(). */
struct mrt_reader	*mrt_open(struct input *in);
void			 mrt_close(struct mrt_reader *r);

enum mrt_status {
	MRT_OK,		/* *rec is set */
	MRT_SKIP,	/* *err describes something skipped; call again */
	MRT_END,	/* no more records (check err for a torn ending) */
};

/*
 * Next record.  On MRT_SKIP, err is filled and decoding can go on: a
 * record whose length was sane is skipped whole.  On MRT_END after a torn
 * header or a damaged stream, one last MRT_SKIP was returned before it.
 */
enum mrt_status		 mrt_next(struct mrt_reader *r,
			    const struct bgp_record **rec,
			    struct decode_error *err);

const struct decode_stats *mrt_stats(const struct mrt_reader *r);

/*
 * Decode one MRT record given as bytes (header included) into records,
 * without an input: used by tests and by other readers.  The callback
 * sees every record; skips are reported through err (one at most per
 * call, the first).  Returns the number of records yielded, or -1 when
 * the record was skipped.
 */
struct mrt_reader	*mrt_open_buffer(void);
int			 mrt_decode_buffer(struct mrt_reader *r, const uint8_t *buf,
			    size_t len,
			    void (*cb)(const struct bgp_record *, void *),
			    void *arg, struct decode_error *err);

#endif
