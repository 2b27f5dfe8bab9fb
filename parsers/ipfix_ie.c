/*
 * ipfix_ie.c -- IE number to record slot, after the IANA "IPFIX
 * Information Elements" registry (RFC 7012 and its updates).  NetFlow v9
 * field types 1..79 (RFC 3954 8) carry the same numbers and meanings.
 */
#include "parsers/ipfix_ie.h"

enum ie_slot
ie_slot(uint16_t ie)
{
	switch (ie) {
	case 1:		return SLOT_BYTES;
	case 2:		return SLOT_PACKETS;
	case 3:		return SLOT_FLOWS;
	case 4:		return SLOT_PROTO;
	case 5:		return SLOT_TOS;
	case 6:		return SLOT_TCP_FLAGS;
	case 7:		return SLOT_SRC_PORT;
	case 8:		return SLOT_SRC4;
	case 9:		return SLOT_SRC_MASK4;
	case 10:	return SLOT_IN_IF;
	case 11:	return SLOT_DST_PORT;
	case 12:	return SLOT_DST4;
	case 13:	return SLOT_DST_MASK4;
	case 14:	return SLOT_OUT_IF;
	case 15:	return SLOT_NEXTHOP4;
	case 16:	return SLOT_SRC_AS;
	case 17:	return SLOT_DST_AS;
	case 21:	return SLOT_END_UPTIME;
	case 22:	return SLOT_START_UPTIME;
	case 23:	return SLOT_POST_BYTES;
	case 24:	return SLOT_POST_PACKETS;
	case 27:	return SLOT_SRC6;
	case 28:	return SLOT_DST6;
	case 29:	return SLOT_SRC_MASK6;
	case 30:	return SLOT_DST_MASK6;
	case 32:	return SLOT_ICMP_TC4;
	case 34:	return SLOT_SAMPLING_INTERVAL;
	case 35:	return SLOT_SAMPLING_ALGO;
	case 48:	return SLOT_SAMPLER_ID;
	case 49:	return SLOT_SAMPLER_MODE;
	case 50:	return SLOT_SAMPLER_RANDOM;
	case 61:	return SLOT_DIRECTION;
	case 62:	return SLOT_NEXTHOP6;
	case 85:	return SLOT_TOTAL_BYTES;
	case 86:	return SLOT_TOTAL_PACKETS;
	case 139:	return SLOT_ICMP_TC6;
	/* 148 flowId: an exporter's handle, not a flow property: skipped. */
	case 150:	return SLOT_START_S;
	case 151:	return SLOT_END_S;
	case 152:	return SLOT_START_MS;
	case 153:	return SLOT_END_MS;
	case 154:	return SLOT_START_US;
	case 155:	return SLOT_END_US;
	case 156:	return SLOT_START_NS;
	case 157:	return SLOT_END_NS;
	case 158:	return SLOT_START_DELTA_US;
	case 159:	return SLOT_END_DELTA_US;
	case 160:	return SLOT_SYS_INIT_MS;
	case 161:	return SLOT_DURATION_MS;
	case 162:	return SLOT_DURATION_US;
	case 176:	return SLOT_ICMP_TYPE4;
	case 177:	return SLOT_ICMP_CODE4;
	case 178:	return SLOT_ICMP_TYPE6;
	case 179:	return SLOT_ICMP_CODE6;
	/* 225..228 post-NAT addresses and ports: the pre-NAT 8/12/7/11 are
	 * the flow's, so they are skipped. */
	case 302:	return SLOT_SELECTOR_ID;
	case 305:	return SLOT_SAMPLING_PKT_INTERVAL;
	case 306:	return SLOT_SAMPLING_PKT_SPACE;
	/* RFC 5477 8.2: the headers of a sampled packet (PSAMP). */
	case 313:	return SLOT_IP_SECTION;
	case 315:	return SLOT_FRAME_SECTION;
	default:	return SLOT_NONE;
	}
}

enum ie_kind
ie_slot_kind(enum ie_slot slot)
{
	switch (slot) {
	case SLOT_SRC4:
	case SLOT_DST4:
	case SLOT_NEXTHOP4:
		return IE_IPV4;
	case SLOT_SRC6:
	case SLOT_DST6:
	case SLOT_NEXTHOP6:
		return IE_IPV6;
	case SLOT_IP_SECTION:
	case SLOT_FRAME_SECTION:
		return IE_OCTETS;
	default:
		return IE_UNSIGNED;
	}
}

/* The abstract data type's size, RFC 7012 3.1 and RFC 7011 6.1. */
unsigned
ie_slot_size(enum ie_slot slot)
{
	switch (slot) {
	case SLOT_PROTO:
	case SLOT_TOS:
	case SLOT_SRC_MASK4:
	case SLOT_DST_MASK4:
	case SLOT_SRC_MASK6:
	case SLOT_DST_MASK6:
	case SLOT_SAMPLING_ALGO:
	case SLOT_SAMPLER_MODE:
	case SLOT_DIRECTION:
	case SLOT_ICMP_TYPE4:
	case SLOT_ICMP_CODE4:
	case SLOT_ICMP_TYPE6:
	case SLOT_ICMP_CODE6:
		return 1;
	case SLOT_TCP_FLAGS:
	case SLOT_SRC_PORT:
	case SLOT_DST_PORT:
	case SLOT_ICMP_TC4:
	case SLOT_ICMP_TC6:
		return 2;
	case SLOT_SRC4:
	case SLOT_DST4:
	case SLOT_NEXTHOP4:
	case SLOT_IN_IF:
	case SLOT_OUT_IF:
	case SLOT_SRC_AS:
	case SLOT_DST_AS:
	case SLOT_END_UPTIME:
	case SLOT_START_UPTIME:
	case SLOT_SAMPLING_INTERVAL:
	case SLOT_SAMPLER_RANDOM:
	case SLOT_START_S:
	case SLOT_END_S:
	case SLOT_START_DELTA_US:
	case SLOT_END_DELTA_US:
	case SLOT_DURATION_MS:
	case SLOT_DURATION_US:
	case SLOT_SAMPLING_PKT_INTERVAL:
	case SLOT_SAMPLING_PKT_SPACE:
		return 4;
	case SLOT_SRC6:
	case SLOT_DST6:
	case SLOT_NEXTHOP6:
		return 16;
	default:
		return 8;	/* counters, 64-bit ids, dateTime* */
	}
}
