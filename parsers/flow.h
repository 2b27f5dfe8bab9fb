/*
 * flow.h -- the flow reader: one file of flow evidence, whatever its
 * container, as a stream of normalized flow records.
 *
 * The container is recognised by content, never by name:
 *   - a pcap or pcapng capture of export packets (capture.h);
 *   - an RFC 5655 IPFIX file: IPFIX messages back to back;
 *   - raw NetFlow v5 export datagrams back to back, or one raw NetFlow
 *     v9 datagram (v9 headers carry no length, so a file is one);
 *   - the output of `nfdump -o csv` (nfdump_csv.h).
 * Export packets are decoded through a flow_session that the caller
 * owns and shares between the files of one run, so that templates sent
 * in one file decode the data of the next (rotated captures).
 */
#ifndef LIGHTSOUT_FLOW_H
#define LIGHTSOUT_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/flow_record.h"
#include "parsers/input.h"
#include "parsers/netflow.h"

enum flow_container {
	FLOW_CONTAINER_NONE,		/* not flow evidence */
	FLOW_CONTAINER_CAPTURE,		/* pcap or pcapng */
	FLOW_CONTAINER_IPFIX_FILE,	/* RFC 5655 */
	FLOW_CONTAINER_NETFLOW5,	/* raw v5 datagrams */
	FLOW_CONTAINER_NETFLOW9,	/* one raw v9 datagram */
	FLOW_CONTAINER_NFDUMP_CSV,
};

/* What the first bytes of a (decompressed) file say it holds. */
enum flow_container flow_detect(const uint8_t *data, size_t len);

const char	*flow_container_name(enum flow_container c);

struct flow_reader;

/*
 * Open a reader over in (positioned at its start, borrowed), decoding
 * export packets through session (borrowed).  NULL with a message in
 * err when the content is not flow evidence or cannot be opened.
 */
struct flow_reader *flow_open(struct input *in, struct flow_session *session,
		    char *err, size_t errlen);
void		 flow_close(struct flow_reader *r);

enum flow_container flow_reader_container(const struct flow_reader *r);

/*
 * Next record, in file order: FLOW_OK with *rec (valid until the next
 * call), FLOW_SKIP with *err (decoding goes on), FLOW_END.  Datagrams
 * that are not NetFlow/IPFIX are skipped as NOTE_NOT_EXPORT.
 */
enum flow_status flow_next(struct flow_reader *r,
		    const struct flow_record **rec, struct decode_error *err);

/*
 * records: packets, messages or lines read; decoded: of which decoded
 * without a skip; items: flow records yielded; skipped: by reason.
 */
const struct decode_stats *flow_stats(const struct flow_reader *r);

#endif
