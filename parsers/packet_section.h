/*
 * packet_section.h -- the flow fields in a sampled packet's headers.
 *
 * Packet-sampling exporters (PSAMP, RFC 5476; Juniper, Nokia and Cisco
 * "raw packet" IPFIX) send the first bytes of each sampled packet instead
 * of, or beside, the flow fields: dataLinkFrameSection (IE 315, from the
 * Ethernet header) or ipHeaderPacketSection (IE 313, from the IP
 * header).  This reads the outermost IP header and the transport header
 * after it, as far as the section goes: a field the section cuts off is
 * absent.
 *
 * Link layers: Ethernet II with 802.1Q/802.1ad tags, MPLS label stacks
 * (RFC 3032) over IPv4, IPv6, or an Ethernet pseudowire with or without
 * its control word (RFC 4448).  Encapsulations inside IP (SRv6, IP in
 * IP, GRE) are not opened: the outer header is what the sampled link
 * carried.
 */
#ifndef LIGHTSOUT_PACKET_SECTION_H
#define LIGHTSOUT_PACKET_SECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/bgp_record.h"		/* struct ip_addr */

struct packet_summary {
	bool		has_ip;		/* src, dst, proto, tos, ip_len */
	struct ip_addr	src, dst;
	uint8_t		proto;		/* after IPv6 extension headers */
	uint8_t		tos;		/* IPv4 TOS, IPv6 traffic class */
	uint32_t	ip_len;		/* the packet's IP length on the wire */
	bool		has_ports;
	uint16_t	src_port, dst_port;
	bool		has_tcp_flags;
	uint8_t		tcp_flags;
	bool		has_icmp;
	uint8_t		icmp_type, icmp_code;
};

/*
 * Read a section: from the Ethernet header when link_layer, else from
 * the IP header.  Returns false when no IP header could be read (the
 * summary is then empty).
 */
bool	packet_section_read(const uint8_t *data, size_t len, bool link_layer,
	    struct packet_summary *out);

#endif
