/*
 * flow_record.h -- the normalized flow record the flow readers yield.
 *
 * One record per flow, whatever carried it: a NetFlow v5 record, a
 * NetFlow v9 (RFC 3954) or IPFIX (RFC 7011) data record, or a line of
 * nfdump CSV.  Nothing is invented: a field the exporter did not send is
 * absent (its FLOW_HAS_ bit clear), never 0.
 *
 * Times are milliseconds since 1970-01-01 UTC.  When the exporter sent
 * times relative to its sysUpTime (v5, v9, IPFIX IEs 21/22), the raw
 * uptime values are kept as well (FLOW_HAS_START/END_UPTIME), and the absolute
 * times are present only when the exporter's boot time is known: from
 * the v5/v9 header, or from IPFIX systemInitTimeMilliseconds.
 */
#ifndef LIGHTSOUT_FLOW_RECORD_H
#define LIGHTSOUT_FLOW_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "parsers/bgp_record.h"		/* struct ip_addr, AFI_IPV4/6 */

/* Presence bits, in flow_record.present. */
enum flow_field {
	FLOW_HAS_START		= 1u << 0,	/* start_ms */
	FLOW_HAS_END		= 1u << 1,	/* end_ms */
	FLOW_HAS_START_UPTIME	= 1u << 2,	/* start_uptime_ms */
	FLOW_HAS_SRC_PORT	= 1u << 3,
	FLOW_HAS_DST_PORT	= 1u << 4,
	FLOW_HAS_PROTO		= 1u << 5,
	FLOW_HAS_TCP_FLAGS	= 1u << 6,
	FLOW_HAS_ICMP		= 1u << 7,	/* icmp_type and icmp_code */
	FLOW_HAS_BYTES		= 1u << 8,
	FLOW_HAS_PACKETS	= 1u << 9,
	FLOW_HAS_IN_IF		= 1u << 10,
	FLOW_HAS_OUT_IF		= 1u << 11,
	FLOW_HAS_SRC_AS		= 1u << 12,
	FLOW_HAS_DST_AS		= 1u << 13,
	FLOW_HAS_DIRECTION	= 1u << 14,
	FLOW_HAS_SAMPLING	= 1u << 15,	/* sampling_rate */
	FLOW_HAS_TOS		= 1u << 16,
	FLOW_HAS_SRC_MASK	= 1u << 17,
	FLOW_HAS_DST_MASK	= 1u << 18,
	FLOW_HAS_DOMAIN		= 1u << 19,	/* obs. domain / source id */
	FLOW_HAS_TEMPLATE	= 1u << 20,	/* template_id */
	FLOW_HAS_EXPORT_TIME	= 1u << 21,	/* export_ms */
	FLOW_HAS_SYS_UPTIME	= 1u << 22,	/* sys_uptime_ms (v5/v9 header) */
	FLOW_HAS_RECV_TIME	= 1u << 23,	/* recv_us (capture timestamp) */
	FLOW_HAS_FLOWS		= 1u << 24,	/* flows (aggregated count) */
	FLOW_HAS_END_UPTIME	= 1u << 25,	/* end_uptime_ms */
	FLOW_HAS_UPTIME		= FLOW_HAS_START_UPTIME | FLOW_HAS_END_UPTIME,
};

/* flowDirection, IANA IE 61. */
#define FLOW_DIR_INGRESS	0
#define FLOW_DIR_EGRESS		1

struct flow_record {
	uint32_t	present;	/* FLOW_HAS_* bits */
	uint8_t		version;	/* 5, 9, 10 (IPFIX); 0 for nfdump CSV */

	/* Where it came from. */
	struct ip_addr	exporter;	/* afi 0: unknown (raw datagram file) */
	uint32_t	domain;		/* IPFIX observation domain, v9 source
					 * id, v5 engine type << 8 | engine id */
	uint16_t	template_id;
	uint64_t	packet_no;	/* datagram (frame) number in the file,
					 * from 1; the line for CSV */
	int64_t		recv_us;	/* capture timestamp, us since epoch */
	int64_t		export_ms;	/* export header time */
	uint32_t	sys_uptime_ms;	/* v5/v9 header sysUpTime */

	/* When. */
	int64_t		start_ms;	/* first packet, UTC */
	int64_t		end_ms;		/* last packet, UTC */
	uint32_t	start_uptime_ms; /* as sent, relative to boot */
	uint32_t	end_uptime_ms;

	/* What. */
	struct ip_addr	src;		/* afi 0: absent */
	struct ip_addr	dst;
	struct ip_addr	next_hop;
	uint16_t	src_port;
	uint16_t	dst_port;
	uint8_t		proto;
	uint8_t		tos;
	uint16_t	tcp_flags;	/* IPFIX tcpControlBits is 16 bits */
	uint8_t		icmp_type;
	uint8_t		icmp_code;
	uint8_t		src_mask;
	uint8_t		dst_mask;
	uint8_t		direction;	/* FLOW_DIR_* */
	uint64_t	bytes;		/* as sent: not scaled by sampling */
	uint64_t	packets;
	uint64_t	flows;
	uint32_t	in_if;
	uint32_t	out_if;
	uint32_t	src_as;
	uint32_t	dst_as;
	uint32_t	sampling_rate;	/* 1 in N packets; 1: unsampled */
};

static inline bool
flow_has(const struct flow_record *f, uint32_t bits)
{
	return (f->present & bits) == bits;
}

#endif
