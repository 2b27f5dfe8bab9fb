/*
 * probe_record.h -- the normalized probe record the probe readers yield.
 *
 * One record per measurement run: an Atlas ping or traceroute result, a
 * scamper ping, trace or tracelb, the run of one ping log, or one row of
 * a CSV probe log.  Nothing is invented: a field the source did not give
 * is absent (its PROBE_HAS_ bit clear, or a NULL string).
 *
 * Times are milliseconds since 1970-01-01 UTC; RTTs are milliseconds as
 * doubles (sources give microseconds or finer).  Strings point into
 * reader-owned storage valid until the next call of the reader.
 */
#ifndef LIGHTSOUT_PROBE_RECORD_H
#define LIGHTSOUT_PROBE_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "parsers/bgp_record.h"		/* struct ip_addr */

enum probe_kind {
	PROBE_PING = 1,
	PROBE_TRACE = 2,	/* traceroute, scamper trace and tracelb */
};

/* Which reader made the record. */
enum probe_source {
	PROBE_SRC_ATLAS = 1,	/* RIPE Atlas result JSON */
	PROBE_SRC_WARTS = 2,	/* scamper warts */
	PROBE_SRC_PINGLOG = 3,	/* iputils ping -D output */
	PROBE_SRC_CSV = 4,	/* CSV probe log */
};

enum probe_field {
	PROBE_HAS_TIME		= 1u << 0,	/* time_ms: start of the run */
	PROBE_HAS_END		= 1u << 1,	/* end_ms */
	PROBE_HAS_PRB_ID	= 1u << 2,	/* Atlas probe id */
	PROBE_HAS_MSM_ID	= 1u << 3,	/* Atlas measurement id */
	PROBE_HAS_FIRMWARE	= 1u << 4,	/* Atlas fw */
	PROBE_HAS_AF		= 1u << 5,	/* 4 or 6 */
	PROBE_HAS_SENT		= 1u << 6,
	PROBE_HAS_RECEIVED	= 1u << 7,
	PROBE_HAS_RTT		= 1u << 8,	/* rtt_min, rtt_avg, rtt_max */
	PROBE_HAS_RTT_MEDIAN	= 1u << 9,
	PROBE_HAS_HOPS		= 1u << 10,	/* hop_count */
	PROBE_HAS_REACHED	= 1u << 11,	/* dest_reached */
	PROBE_HAS_LAST_HOP	= 1u << 12,	/* last_hop_responded */
	PROBE_HAS_LAST_RTT	= 1u << 13,	/* last_median_rtt */
	PROBE_HAS_ERROR		= 1u << 14,	/* is_error: the run failed */
};

struct probe_record {
	uint32_t	 present;	/* PROBE_HAS_* bits */
	uint8_t		 kind;		/* enum probe_kind */
	uint8_t		 source;	/* enum probe_source */

	/* When. */
	int64_t		 time_ms;
	int64_t		 end_ms;

	/* Who: the vantage point. */
	uint32_t	 prb_id;	/* Atlas */
	const char	*vantage;	/* host name, log's vantage; NULL */
	uint64_t	 msm_id;
	uint32_t	 firmware;
	struct ip_addr	 src;		/* source address used; afi 0 absent */
	struct ip_addr	 from;		/* public address (Atlas "from") */

	/* What. */
	uint8_t		 af;
	struct ip_addr	 dst;		/* target address */
	const char	*dst_name;	/* target name as given; NULL */
	uint32_t	 sent;
	uint32_t	 received;
	double		 rtt_min, rtt_avg, rtt_max, rtt_median;

	/* Traces. */
	uint16_t	 hop_count;	/* hops in the result */
	bool		 dest_reached;	/* the target answered */
	bool		 last_hop_responded;
	struct ip_addr	 last_hop;	/* last responding hop; afi 0 absent */
	double		 last_median_rtt;
	bool		 is_error;

	/* Where it came from, for diagnostics and writers. */
	uint64_t	 record_no;	/* line, array element, warts record */
};

static inline bool
probe_has(const struct probe_record *p, uint32_t bits)
{
	return (p->present & bits) == bits;
}

/* What a probe reader's next() says. */
enum probe_status {
	PROBE_OK,	/* *rec is set, valid until the next call */
	PROBE_SKIP,	/* *err says what was skipped; call again */
	PROBE_END,
};

#endif
