/*
 * bgp_record.c -- names and small helpers for normalized BGP records.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "parsers/bgp_record.h"

const char *
bgp_kind_name(enum bgp_kind kind)
{
	switch (kind) {
	case BGP_KIND_RIB:
		return "rib";
	case BGP_KIND_ANNOUNCE:
		return "announce";
	case BGP_KIND_WITHDRAW:
		return "withdraw";
	case BGP_KIND_STATE:
		return "state";
	case BGP_KIND_MESSAGE:
		return "message";
	}
	return "unknown";
}

const char *
bgp_msg_type_name(uint16_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return "OPEN";
	case BGP_MSG_UPDATE:
		return "UPDATE";
	case BGP_MSG_NOTIFICATION:
		return "NOTIFICATION";
	case BGP_MSG_KEEPALIVE:
		return "KEEPALIVE";
	case BGP_MSG_ROUTE_REFRESH:
		return "ROUTE_REFRESH";
	case BGP_MSG_END_OF_RIB:
		return "END_OF_RIB";
	}
	return "UNKNOWN";
}

/* RFC 6396 4.4.1, plus the two states Quagga writes. */
const char *
bgp_state_name(uint16_t state)
{
	static const char *const names[] = {
		"Unknown", "Idle", "Connect", "Active", "OpenSent",
		"OpenConfirm", "Established", "Clearing", "Deleted",
	};

	if (state >= sizeof(names) / sizeof(names[0]))
		return "Unknown";
	return names[state];
}

const char *
mrt_type_name(uint16_t type)
{
	switch (type) {
	case MRT_NULL:
		return "NULL";
	case MRT_START:
		return "START";
	case MRT_DIE:
		return "DIE";
	case MRT_I_AM_DEAD:
		return "I_AM_DEAD";
	case MRT_PEER_DOWN:
		return "PEER_DOWN";
	case MRT_BGP:
		return "BGP";
	case MRT_RIP:
		return "RIP";
	case MRT_IDRP:
		return "IDRP";
	case MRT_RIPNG:
		return "RIPNG";
	case MRT_BGP4PLUS:
		return "BGP4PLUS";
	case MRT_BGP4PLUS_01:
		return "BGP4PLUS_01";
	case MRT_OSPFV2:
		return "OSPFv2";
	case MRT_TABLE_DUMP:
		return "TABLE_DUMP";
	case MRT_TABLE_DUMP_V2:
		return "TABLE_DUMP_V2";
	case MRT_BGP4MP:
		return "BGP4MP";
	case MRT_BGP4MP_ET:
		return "BGP4MP_ET";
	case MRT_ISIS:
		return "ISIS";
	case MRT_ISIS_ET:
		return "ISIS_ET";
	case MRT_OSPFV3:
		return "OSPFv3";
	case MRT_OSPFV3_ET:
		return "OSPFv3_ET";
	}
	return NULL;
}

const char *
mrt_subtype_name(uint16_t type, uint16_t subtype)
{
	static const char *const td[] = {
		NULL, "AFI_IPv4", "AFI_IPv6", "AFI_IPv4_32BIT_AS",
		"AFI_IPv6_32BIT_AS",
	};
	static const char *const td2[] = {
		NULL, "PEER_INDEX_TABLE", "RIB_IPV4_UNICAST",
		"RIB_IPV4_MULTICAST", "RIB_IPV6_UNICAST", "RIB_IPV6_MULTICAST",
		"RIB_GENERIC", "GEO_PEER_TABLE", "RIB_IPV4_UNICAST_ADDPATH",
		"RIB_IPV4_MULTICAST_ADDPATH", "RIB_IPV6_UNICAST_ADDPATH",
		"RIB_IPV6_MULTICAST_ADDPATH", "RIB_GENERIC_ADDPATH",
	};
	static const char *const bgp4mp[] = {
		"STATE_CHANGE", "MESSAGE", "ENTRY", "SNAPSHOT", "MESSAGE_AS4",
		"STATE_CHANGE_AS4", "MESSAGE_LOCAL", "MESSAGE_AS4_LOCAL",
		"MESSAGE_ADDPATH", "MESSAGE_AS4_ADDPATH",
		"MESSAGE_LOCAL_ADDPATH", "MESSAGE_AS4_LOCAL_ADDPATH",
	};
	static const char *const bgp[] = {
		"NULL", "UPDATE", "PREF_UPDATE", "STATE_CHANGE", "SYNC",
		"OPEN", "NOTIFY", "KEEPALIVE",
	};

	switch (type) {
	case MRT_TABLE_DUMP:
		if (subtype < sizeof(td) / sizeof(td[0]))
			return td[subtype];
		break;
	case MRT_TABLE_DUMP_V2:
		if (subtype < sizeof(td2) / sizeof(td2[0]))
			return td2[subtype];
		break;
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET:
		if (subtype < sizeof(bgp4mp) / sizeof(bgp4mp[0]))
			return bgp4mp[subtype];
		break;
	case MRT_BGP:
		if (subtype < sizeof(bgp) / sizeof(bgp[0]))
			return bgp[subtype];
		break;
	}
	return NULL;
}

bool
as_path_origin(const struct as_path *path, uint32_t *origin)
{
	const struct as_segment *last;

	if (path->nsegs == 0)
		return false;
	last = &path->segs[path->nsegs - 1];
	if (last->type != AS_SEQUENCE || last->count == 0)
		return false;
	*origin = path->asns[last->first + last->count - 1];
	return true;
}

bool
ip_addr_parse(const char *s, struct ip_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		a->afi = AFI_IPV4;
		return true;
	}
	if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->afi = AFI_IPV6;
		return true;
	}
	memset(a, 0, sizeof(*a));
	return false;
}

bool
ip_addr_format(const struct ip_addr *a, char *buf, size_t len)
{
	int family = a->afi == AFI_IPV4 ? AF_INET : a->afi == AFI_IPV6 ?
	    AF_INET6 : 0;

	if (family == 0 || len == 0 ||
	    inet_ntop(family, a->bytes, buf, (socklen_t)len) == NULL) {
		if (len > 0)
			buf[0] = '\0';
		return false;
	}
	return true;
}

bool
ip_prefix_format(const struct ip_prefix *p, char *buf, size_t len)
{
	size_t n;

	if (!ip_addr_format(&p->addr, buf, len))
		return false;
	n = strlen(buf);
	if (snprintf(buf + n, len - n, "/%u", p->len) >= (int)(len - n)) {
		buf[0] = '\0';
		return false;
	}
	return true;
}
