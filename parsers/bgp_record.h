/*
 * bgp_record.h -- the normalized routing record the MRT decoder yields.
 *
 * One record per prefix: a RIB entry, an announcement or a withdrawal;
 * or one record per event: a session state change, or another BGP
 * message (OPEN, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH, End-of-RIB).
 * Everything the analyzer and the reports need is here; nobody after the
 * decoder looks at MRT bytes again.
 *
 * Records point into decoder-owned storage (attributes, AS path arrays)
 * that stays valid until the next mrt_next() call.
 */
#ifndef LIGHTSOUT_BGP_RECORD_H
#define LIGHTSOUT_BGP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Address families use the IANA AFI numbers, as BGP does. */
#define AFI_IPV4	1
#define AFI_IPV6	2
#define SAFI_UNICAST	1
#define SAFI_MULTICAST	2

struct ip_addr {
	uint8_t		afi;		/* AFI_IPV4, AFI_IPV6, 0 = absent */
	uint8_t		bytes[16];	/* IPv4 in the first four */
};

struct ip_prefix {
	struct ip_addr	addr;
	uint8_t		len;
};

/* AS_PATH segment types, RFC 4271 4.3 and RFC 5065 3. */
#define AS_SET			1
#define AS_SEQUENCE		2
#define AS_CONFED_SEQUENCE	3
#define AS_CONFED_SET		4

struct as_segment {
	uint8_t		type;
	uint8_t		count;		/* ASNs in this segment */
	uint32_t	first;		/* index of its first ASN in asns[] */
};

struct as_path {
	const struct as_segment	*segs;
	const uint32_t		*asns;
	uint32_t		 nsegs;
	uint32_t		 nasns;
};

/* Path attribute type codes (IANA "BGP Path Attributes"). */
enum bgp_attr_type {
	ATTR_ORIGIN = 1,
	ATTR_AS_PATH = 2,
	ATTR_NEXT_HOP = 3,
	ATTR_MED = 4,
	ATTR_LOCAL_PREF = 5,
	ATTR_ATOMIC_AGGREGATE = 6,
	ATTR_AGGREGATOR = 7,
	ATTR_COMMUNITIES = 8,
	ATTR_ORIGINATOR_ID = 9,
	ATTR_CLUSTER_LIST = 10,
	ATTR_MP_REACH_NLRI = 14,
	ATTR_MP_UNREACH_NLRI = 15,
	ATTR_EXT_COMMUNITIES = 16,
	ATTR_AS4_PATH = 17,
	ATTR_AS4_AGGREGATOR = 18,
	ATTR_LARGE_COMMUNITIES = 32,
	ATTR_OTC = 35,
};

/* Bit for attribute type t (1..63) in bgp_attrs.present. */
#define ATTR_BIT(t)	((uint64_t)1 << (t))

struct unknown_attr {
	uint8_t		 flags;
	uint8_t		 type;
	uint16_t	 len;
	const uint8_t	*data;		/* raw value bytes */
};

struct large_community {
	uint32_t	global, local1, local2;
};

/*
 * The attributes of one UPDATE or RIB entry, after RFC 6793 merging of
 * AS4_PATH / AS4_AGGREGATOR.  A field is meaningful only when its bit is
 * set in present: absent stays absent.
 */
struct bgp_attrs {
	uint64_t	 present;	/* ATTR_BIT(type) for each type seen */
	uint8_t		 origin;	/* 0 IGP, 1 EGP, 2 INCOMPLETE */
	struct as_path	 as_path;	/* merged with AS4_PATH when applicable */
	bool		 as_path_merged;/* AS4_PATH was merged in */
	struct ip_addr	 next_hop;	/* NEXT_HOP attribute (IPv4) */
	uint32_t	 med;
	uint32_t	 local_pref;
	uint32_t	 aggregator_as;	/* after AS4_AGGREGATOR merging */
	struct ip_addr	 aggregator_addr;
	bool		 aggregator_as4;/* AGGREGATOR carried a 4-byte AS */
	const uint8_t	*communities;	/* count * 4 bytes, network order */
	uint32_t	 ncommunities;
	const uint8_t	*ext_communities;/* count * 8 bytes */
	uint32_t	 next_communities;
	const uint8_t	*large_communities;/* count * 12 bytes */
	uint32_t	 nlarge_communities;
	struct ip_addr	 originator_id;
	const uint8_t	*cluster_list;	/* count * 4 bytes */
	uint32_t	 ncluster_list;
	uint32_t	 otc;		/* Only-to-Customer, RFC 9234 */

	/* MP_REACH_NLRI next hop, RFC 4760 3 (or the RFC 6396 4.3.4 form). */
	uint16_t	 mp_afi;
	uint8_t		 mp_safi;
	bool		 mp_abbreviated;/* RIB entry form: next hop only */
	uint8_t		 mp_nexthop_len;/* as on the wire: 4, 16, 32, ... */
	struct ip_addr	 mp_nexthop;
	struct ip_addr	 mp_nexthop_local;/* link-local, when len is 32 */

	const struct unknown_attr *unknown;
	uint32_t	 nunknown;
};

enum bgp_kind {
	BGP_KIND_RIB,		/* a route in a table dump */
	BGP_KIND_ANNOUNCE,	/* NLRI of an UPDATE */
	BGP_KIND_WITHDRAW,	/* withdrawn route of an UPDATE */
	BGP_KIND_STATE,		/* session state change */
	BGP_KIND_MESSAGE,	/* any other BGP message: see msg_type */
};

/* BGP message types, RFC 4271 4.1 and RFC 2918. */
enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
	BGP_MSG_END_OF_RIB = 256,	/* an empty UPDATE, RFC 4724 2 */
};

/* MRT types, RFC 6396 4 (and the deprecated ones of 4.1). */
enum mrt_type {
	MRT_NULL = 0,
	MRT_START = 1,
	MRT_DIE = 2,
	MRT_I_AM_DEAD = 3,
	MRT_PEER_DOWN = 4,
	MRT_BGP = 5,
	MRT_RIP = 6,
	MRT_IDRP = 7,
	MRT_RIPNG = 8,
	MRT_BGP4PLUS = 9,
	MRT_BGP4PLUS_01 = 10,
	MRT_OSPFV2 = 11,
	MRT_TABLE_DUMP = 12,
	MRT_TABLE_DUMP_V2 = 13,
	MRT_BGP4MP = 16,
	MRT_BGP4MP_ET = 17,
	MRT_ISIS = 32,
	MRT_ISIS_ET = 33,
	MRT_OSPFV3 = 48,
	MRT_OSPFV3_ET = 49,
};

struct bgp_open_info {
	uint8_t		 version;
	uint16_t	 my_as;		/* the 2-byte field */
	uint32_t	 as4;		/* 4-octet AS capability, 0 when absent */
	uint16_t	 hold_time;
	struct ip_addr	 bgp_id;
	const uint8_t	*opt_params;	/* raw optional parameters */
	uint16_t	 opt_len;
	bool		 cap_mp_ipv4_unicast, cap_mp_ipv6_unicast;
	bool		 cap_route_refresh, cap_as4, cap_addpath;
	bool		 cap_graceful_restart, cap_extended_message;
};

struct bgp_notification_info {
	uint8_t		 code;
	uint8_t		 subcode;
	const uint8_t	*data;
	uint16_t	 len;
};

struct bgp_record {
	/* Where the record came from. */
	uint64_t	 record_no;	/* MRT record number in the file, from 1 */
	uint64_t	 offset;	/* uncompressed offset of that MRT record */
	uint16_t	 mrt_type;
	uint16_t	 mrt_subtype;

	int64_t		 time;		/* seconds since the epoch, UTC */
	uint32_t	 usec;		/* microseconds (BGP4MP_ET), else 0 */
	bool		 has_usec;	/* time came from an _ET header */
	uint32_t	 originated;	/* RIB entries: originated time */

	enum bgp_kind	 kind;

	/* The remote peer and, where the record says, the local side. */
	struct ip_addr	 peer_addr;
	uint32_t	 peer_as;
	struct ip_addr	 local_addr;
	uint32_t	 local_as;
	bool		 local_msg;	/* a *_LOCAL subtype: sent, not received */
	bool		 as4;		/* 4-byte ASNs in this record's BGP data */
	struct ip_addr	 peer_bgp_id;	/* TABLE_DUMP_V2 peer index entry */
	struct ip_addr	 collector_id;	/* TABLE_DUMP_V2: the collector's BGP
					   identifier (for BGP4MP, the local
					   side above is the collector) */
	uint16_t	 peer_index;	/* TABLE_DUMP_V2 */
	uint32_t	 view;		/* TABLE_DUMP view, TDv2 sequence */

	/* Routes. */
	uint16_t	 afi;
	uint8_t		 safi;
	struct ip_prefix prefix;	/* host bits beyond len cleared */
	struct ip_prefix wire_prefix;	/* as on the wire, host bits kept */
	bool		 has_path_id;	/* RFC 7911 / RFC 8050 */
	uint32_t	 path_id;
	bool		 mp_nlri;	/* prefix came from MP_(UN)REACH_NLRI */
	const struct bgp_attrs *attrs;	/* RIB and ANNOUNCE; UPDATE attrs on
					   WITHDRAW too when present */

	/* State changes, RFC 6396 4.4.1: 1 Idle ... 6 Established. */
	uint16_t	 old_state;
	uint16_t	 new_state;

	/* Other messages. */
	uint16_t	 msg_type;	/* enum bgp_msg_type */
	struct bgp_open_info	open;
	struct bgp_notification_info notification;
	uint16_t	 refresh_afi;
	uint8_t		 refresh_safi;
};

/* Helpers shared by decoders, filters and writers. */
const char	*bgp_kind_name(enum bgp_kind kind);
const char	*bgp_msg_type_name(uint16_t type);
const char	*bgp_state_name(uint16_t state);
const char	*mrt_type_name(uint16_t type);
const char	*mrt_subtype_name(uint16_t type, uint16_t subtype);

/* The origin AS: last ASN of the path when it ends in an AS_SEQUENCE. */
bool		 as_path_origin(const struct as_path *path, uint32_t *origin);

/*
 * The text form of an IPv4 or IPv6 address (inet_pton's forms) into *a;
 * false, with *a absent (afi 0), when it is neither.
 */
bool		 ip_addr_parse(const char *s, struct ip_addr *a);

/*
 * The text of an address ("192.0.2.1", RFC 5952 for IPv6) or a prefix
 * ("192.0.2.0/24") into buf; false, with buf empty, for an absent
 * address or a buffer too small (INET6_ADDRSTRLEN + 4 always fits).
 */
bool		 ip_addr_format(const struct ip_addr *a, char *buf, size_t len);
bool		 ip_prefix_format(const struct ip_prefix *p, char *buf,
		    size_t len);

#endif
