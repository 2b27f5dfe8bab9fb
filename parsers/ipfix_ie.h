/*
 * ipfix_ie.h -- the IPFIX information elements (IANA "IPFIX Information
 * Elements" registry, RFC 7012) and NetFlow v9 field types (RFC 3954 8,
 * the same numbers) that the flow decoder reads, each mapped to a slot of
 * the normalized record.  Everything else is skipped.
 */
#ifndef LIGHTSOUT_IPFIX_IE_H
#define LIGHTSOUT_IPFIX_IE_H

#include <stdint.h>

/* Where a field's value goes while a data record is decoded. */
enum ie_slot {
	SLOT_NONE = 0,		/* skipped */
	SLOT_BYTES,		/* 1 octetDeltaCount */
	SLOT_PACKETS,		/* 2 packetDeltaCount */
	SLOT_FLOWS,		/* 3 deltaFlowCount */
	SLOT_PROTO,		/* 4 protocolIdentifier */
	SLOT_TOS,		/* 5 ipClassOfService */
	SLOT_TCP_FLAGS,		/* 6 tcpControlBits */
	SLOT_SRC_PORT,		/* 7 sourceTransportPort */
	SLOT_SRC4,		/* 8 sourceIPv4Address */
	SLOT_SRC_MASK4,		/* 9 sourceIPv4PrefixLength */
	SLOT_IN_IF,		/* 10 ingressInterface */
	SLOT_DST_PORT,		/* 11 destinationTransportPort */
	SLOT_DST4,		/* 12 destinationIPv4Address */
	SLOT_DST_MASK4,		/* 13 destinationIPv4PrefixLength */
	SLOT_OUT_IF,		/* 14 egressInterface */
	SLOT_NEXTHOP4,		/* 15 ipNextHopIPv4Address */
	SLOT_SRC_AS,		/* 16 bgpSourceAsNumber */
	SLOT_DST_AS,		/* 17 bgpDestinationAsNumber */
	SLOT_END_UPTIME,	/* 21 flowEndSysUpTime / LAST_SWITCHED */
	SLOT_START_UPTIME,	/* 22 flowStartSysUpTime / FIRST_SWITCHED */
	SLOT_POST_BYTES,	/* 23 postOctetDeltaCount */
	SLOT_POST_PACKETS,	/* 24 postPacketDeltaCount */
	SLOT_SRC6,		/* 27 sourceIPv6Address */
	SLOT_DST6,		/* 28 destinationIPv6Address */
	SLOT_SRC_MASK6,		/* 29 sourceIPv6PrefixLength */
	SLOT_DST_MASK6,		/* 30 destinationIPv6PrefixLength */
	SLOT_ICMP_TC4,		/* 32 icmpTypeCodeIPv4 */
	SLOT_SAMPLING_INTERVAL,	/* 34 samplingInterval */
	SLOT_SAMPLING_ALGO,	/* 35 samplingAlgorithm */
	SLOT_SAMPLER_ID,	/* 48 samplerId */
	SLOT_SAMPLER_MODE,	/* 49 samplerMode */
	SLOT_SAMPLER_RANDOM,	/* 50 samplerRandomInterval */
	SLOT_DIRECTION,		/* 61 flowDirection */
	SLOT_NEXTHOP6,		/* 62 ipNextHopIPv6Address */
	SLOT_TOTAL_BYTES,	/* 85 octetTotalCount */
	SLOT_TOTAL_PACKETS,	/* 86 packetTotalCount */
	SLOT_ICMP_TC6,		/* 139 icmpTypeCodeIPv6 */
	SLOT_START_S,		/* 150 flowStartSeconds */
	SLOT_END_S,		/* 151 flowEndSeconds */
	SLOT_START_MS,		/* 152 flowStartMilliseconds */
	SLOT_END_MS,		/* 153 flowEndMilliseconds */
	SLOT_START_US,		/* 154 flowStartMicroseconds */
	SLOT_END_US,		/* 155 flowEndMicroseconds */
	SLOT_START_NS,		/* 156 flowStartNanoseconds */
	SLOT_END_NS,		/* 157 flowEndNanoseconds */
	SLOT_START_DELTA_US,	/* 158 flowStartDeltaMicroseconds */
	SLOT_END_DELTA_US,	/* 159 flowEndDeltaMicroseconds */
	SLOT_SYS_INIT_MS,	/* 160 systemInitTimeMilliseconds */
	SLOT_DURATION_MS,	/* 161 flowDurationMilliseconds */
	SLOT_DURATION_US,	/* 162 flowDurationMicroseconds */
	SLOT_ICMP_TYPE4,	/* 176 icmpTypeIPv4 */
	SLOT_ICMP_CODE4,	/* 177 icmpCodeIPv4 */
	SLOT_ICMP_TYPE6,	/* 178 icmpTypeIPv6 */
	SLOT_ICMP_CODE6,	/* 179 icmpCodeIPv6 */
	SLOT_SELECTOR_ID,	/* 302 selectorId */
	SLOT_SAMPLING_PKT_INTERVAL, /* 305 samplingPacketInterval */
	SLOT_SAMPLING_PKT_SPACE,   /* 306 samplingPacketSpace */
	SLOT_IP_SECTION,	/* 313 ipHeaderPacketSection */
	SLOT_FRAME_SECTION,	/* 315 dataLinkFrameSection */
	SLOT_COUNT
};

/* How a slot's value is encoded on the wire. */
enum ie_kind {
	IE_UNSIGNED,	/* unsigned integer, reduced-size encoding allowed */
	IE_IPV4,	/* exactly 4 bytes */
	IE_IPV6,	/* exactly 16 bytes */
	IE_OCTETS,	/* octetArray: the bytes as sent */
};

/* The slot for IE number ie (enterprise bit clear); SLOT_NONE if unused. */
enum ie_slot	ie_slot(uint16_t ie);
enum ie_kind	ie_slot_kind(enum ie_slot slot);

/* The natural size of the slot's value (RFC 7012 abstract data type). */
unsigned	ie_slot_size(enum ie_slot slot);

#endif
