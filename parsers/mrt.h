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

/* MRT subtypes, by type. */

/* TABLE_DUMP subtypes, RFC 6396 4.2 (3 and 4: 4-byte AS variants). */
enum {
	TD_AFI_IPV4 = 1,
	TD_AFI_IPV6 = 2,
	TD_AFI_IPV4_AS4 = 3,
	TD_AFI_IPV6_AS4 = 4,
};

/* TABLE_DUMP_V2 subtypes, RFC 6396 4.3 and RFC 8050 4. */
enum {
	TD2_PEER_INDEX_TABLE = 1,
	TD2_RIB_IPV4_UNICAST = 2,
	TD2_RIB_IPV4_MULTICAST = 3,
	TD2_RIB_IPV6_UNICAST = 4,
	TD2_RIB_IPV6_MULTICAST = 5,
	TD2_RIB_GENERIC = 6,
	TD2_GEO_PEER_TABLE = 7,
	TD2_RIB_IPV4_UNICAST_ADDPATH = 8,
	TD2_RIB_IPV4_MULTICAST_ADDPATH = 9,
	TD2_RIB_IPV6_UNICAST_ADDPATH = 10,
	TD2_RIB_IPV6_MULTICAST_ADDPATH = 11,
	TD2_RIB_GENERIC_ADDPATH = 12,
};

/* BGP4MP subtypes, RFC 6396 4.4 and RFC 8050 3. */
enum {
	BGP4MP_STATE_CHANGE = 0,
	BGP4MP_MESSAGE = 1,
	BGP4MP_ENTRY = 2,
	BGP4MP_SNAPSHOT = 3,
	BGP4MP_MESSAGE_AS4 = 4,
	BGP4MP_STATE_CHANGE_AS4 = 5,
	BGP4MP_MESSAGE_LOCAL = 6,
	BGP4MP_MESSAGE_AS4_LOCAL = 7,
	BGP4MP_MESSAGE_ADDPATH = 8,
	BGP4MP_MESSAGE_AS4_ADDPATH = 9,
	BGP4MP_MESSAGE_LOCAL_ADDPATH = 10,
	BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH = 11,
};

/* Deprecated BGP type subtypes, RFC 6396 appendix / MRT draft. */
enum {
	BGP_NULL = 0,
	BGP_UPDATE = 1,
	BGP_PREF_UPDATE = 2,
	BGP_STATE_CHANGE = 3,
	BGP_SYNC = 4,
	BGP_OPEN = 5,
	BGP_NOTIFY = 6,
	BGP_KEEPALIVE = 7,
};

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
