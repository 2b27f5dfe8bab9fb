/*
 * netflow.h -- NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011)
 * export decoding.
 *
 * A flow_session holds what an export stream carries across datagrams:
 * templates and options templates, scoped per exporter address and
 * observation domain / source id (RFC 7011 8, RFC 3954 5.1); sampling
 * rates learnt from options data, per exporter and sampler; and data
 * sets that arrived before their template, kept in a bounded buffer and
 * decoded when the template comes.
 *
 * It is a pull API in the shape of mrt_next(): feed one datagram (or one
 * IPFIX message of an RFC 5655 file), then call flow_session_next()
 * until FLOW_END.  Nothing is allocated per record.
 */
#ifndef LIGHTSOUT_NETFLOW_H
#define LIGHTSOUT_NETFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/flow_record.h"

/* One export datagram as the container handed it over. */
struct export_datagram {
	const uint8_t	*data;		/* borrowed until FLOW_END */
	size_t		 len;
	struct ip_addr	 exporter;	/* IP source; afi 0: unknown */
	uint16_t	 exporter_port;	/* UDP source port; 0: unknown */
	bool		 has_recv_time;
	int64_t		 recv_us;	/* capture timestamp */
	uint64_t	 packet_no;	/* from 1, in its file */
	uint64_t	 offset;	/* of data[0] in the file, for errors */
	bool		 offset_in_packet; /* offsets count from the packet */
	const char	*record_unit;	/* what packet_no counts, for errors:
					 * "message" in files; NULL: "packet" */
	const char	*file;		/* for errors; the session keeps its own
					 * copy for the data sets it defers */
};

/*
 * Does data start with a NetFlow v5, v9 or IPFIX header that is sane for
 * a datagram of len bytes (version, count or length, first set)?  Used to
 * recognise export packets by content, whatever the port.
 */
bool		 export_looks_valid(const uint8_t *data, size_t len);

/* The version (5, 9, 10) a datagram claims, 0 if none of those. */
unsigned	 export_version(const uint8_t *data, size_t len);

struct flow_session;

struct flow_session	*flow_session_new(void);
void			 flow_session_free(struct flow_session *s);

/* Start on one datagram; the previous one must have reached FLOW_END. */
void		 flow_session_feed(struct flow_session *s,
		    const struct export_datagram *d);

enum flow_status {
	FLOW_OK,	/* *rec is set, valid until the next call */
	FLOW_SKIP,	/* *err says what was skipped and why; call again */
	FLOW_END,	/* the datagram is done */
};

/*
 * Next flow record of the datagram fed, or of data sets waiting for a
 * template that this datagram brought.  Options data records are read
 * (sampling rates, system init time) and reported as FLOW_SKIP with
 * NOTE_OPTIONS_RECORD; malformed sets as FLOW_SKIP with an error reason;
 * the rest of the datagram is still decoded where the set framing holds.
 */
enum flow_status flow_session_next(struct flow_session *s,
		    const struct flow_record **rec, struct decode_error *err);

/*
 * At the end of all input: one FLOW_SKIP (SKIP_NO_TEMPLATE) per data set
 * still waiting for its template, then FLOW_END.
 */
enum flow_status flow_session_finish(struct flow_session *s,
		    struct decode_error *err);

/* Figures over the session's life, for summaries and tests. */
struct flow_session_stats {
	uint64_t	datagrams;
	uint64_t	templates;		/* template records learnt */
	uint64_t	options_templates;
	uint64_t	template_withdrawals;
	uint64_t	template_changes;	/* same id, new layout */
	uint64_t	sets_deferred;		/* data before template */
	uint64_t	sets_deferred_decoded;
	uint64_t	sets_deferred_dropped;	/* buffer full, or at finish */
	uint64_t	enterprise_fields;	/* values skipped */
	uint64_t	options_records;
	uint64_t	flows;			/* records yielded */
};

const struct flow_session_stats *flow_session_stats(
		    const struct flow_session *s);

/* Limits: what bounds the session's memory. */
#define FLOW_MAX_TEMPLATES	65536	/* over all exporters and domains */
#define FLOW_PENDING_BYTES	(4u * 1024 * 1024) /* data before template */

#endif
