/*
 * packet_section.c -- the flow fields in a sampled packet's headers.
 *
 * Lenient where a capture reader is strict: a section is a prefix of the
 * packet (128 bytes is common), so whatever it cuts off is absent, not
 * an error, and lengths in the headers describe the packet, not the
 * section.
 */
#include <string.h>

#include "parsers/cursor.h"
#include "parsers/packet_section.h"

/* IEEE 802 EtherTypes. */
#define ETHERTYPE_IPV4		0x0800
#define ETHERTYPE_IPV6		0x86dd
#define ETHERTYPE_8021Q		0x8100
#define ETHERTYPE_8021AD	0x88a8
#define ETHERTYPE_QINQ_OLD	0x9100
#define ETHERTYPE_MPLS		0x8847
#define ETHERTYPE_MPLS_MC	0x8848

/* IP protocol numbers (IANA). */
#define PROTO_HOPOPTS		0
#define PROTO_ICMP		1
#define PROTO_TCP		6
#define PROTO_UDP		17
#define PROTO_ROUTING		43
#define PROTO_FRAGMENT		44
#define PROTO_AH		51
#define PROTO_ICMPV6		58
#define PROTO_DSTOPTS		60
#define PROTO_SCTP		132

#define MPLS_MAX_LABELS		16
#define IPV6_MAX_EXTENSIONS	8

static void	read_ip(struct cursor *c, struct packet_summary *out);

/*
 * The transport header, RFC 793 3.1, RFC 768, RFC 792, RFC 4443 2.1,
 * RFC 4960 3.1: ports first for TCP, UDP and SCTP.
 */
static void
read_transport(struct cursor *c, struct packet_summary *out)
{
	uint8_t offset_byte, flags;

	switch (out->proto) {
	case PROTO_TCP:
	case PROTO_UDP:
	case PROTO_SCTP:
		if (cursor_get_n16(c, &out->src_port) == -1 ||
		    cursor_get_n16(c, &out->dst_port) == -1)
			return;
		out->has_ports = true;
		/* TCP: sequence and acknowledgment numbers, then flags. */
		if (out->proto == PROTO_TCP && cursor_skip(c, 8) == 0 &&
		    cursor_get_u8(c, &offset_byte) == 0 &&
		    cursor_get_u8(c, &flags) == 0) {
			out->tcp_flags = flags;
			out->has_tcp_flags = true;
		}
		return;
	case PROTO_ICMP:
	case PROTO_ICMPV6:
		if (cursor_get_u8(c, &out->icmp_type) == 0 &&
		    cursor_get_u8(c, &out->icmp_code) == 0)
			out->has_icmp = true;
		return;
	default:
		return;
	}
}

/* RFC 791 3.1.  A later fragment carries no transport header. */
static void
read_ipv4(struct cursor *c, struct packet_summary *out)
{
	uint8_t vihl, ttl;
	uint16_t total, id, frag;
	size_t header_len;

	if (cursor_get_u8(c, &vihl) == -1 || (vihl >> 4) != 4 ||
	    (vihl & 0x0f) < 5 || cursor_get_u8(c, &out->tos) == -1 ||
	    cursor_get_n16(c, &total) == -1 || cursor_get_n16(c, &id) == -1 ||
	    cursor_get_n16(c, &frag) == -1 || cursor_get_u8(c, &ttl) == -1 ||
	    cursor_get_u8(c, &out->proto) == -1 || cursor_skip(c, 2) == -1)
		return;
	out->src.afi = out->dst.afi = AFI_IPV4;
	if (cursor_get_bytes(c, out->src.bytes, 4) == -1 ||
	    cursor_get_bytes(c, out->dst.bytes, 4) == -1)
		return;
	out->ip_len = total;
	out->has_ip = true;
	header_len = (size_t)(vihl & 0x0f) * 4;
	if ((frag & 0x1fff) != 0 || cursor_skip(c, header_len - 20) == -1)
		return;
	read_transport(c, out);
}

/* RFC 8200 3 and 4: the fixed header, then the extension headers. */
static void
read_ipv6(struct cursor *c, struct packet_summary *out)
{
	uint32_t first;
	uint16_t payload_len, frag;
	uint8_t next, hops, ext_len;
	int i;

	if (cursor_get_n32(c, &first) == -1 || (first >> 28) != 6 ||
	    cursor_get_n16(c, &payload_len) == -1 ||
	    cursor_get_u8(c, &next) == -1 || cursor_get_u8(c, &hops) == -1)
		return;
	out->src.afi = out->dst.afi = AFI_IPV6;
	if (cursor_get_bytes(c, out->src.bytes, 16) == -1 ||
	    cursor_get_bytes(c, out->dst.bytes, 16) == -1)
		return;
	out->tos = (uint8_t)(first >> 20);
	out->ip_len = 40u + payload_len;
	out->proto = next;
	out->has_ip = true;
	for (i = 0; i < IPV6_MAX_EXTENSIONS; i++) {
		switch (out->proto) {
		case PROTO_HOPOPTS:
		case PROTO_ROUTING:
		case PROTO_DSTOPTS:
			/* 4.3-4.6: next header, length in 8 octets less 1. */
			if (cursor_get_u8(c, &next) == -1 ||
			    cursor_get_u8(c, &ext_len) == -1 ||
			    cursor_skip(c, (size_t)ext_len * 8 + 6) == -1)
				return;
			break;
		case PROTO_FRAGMENT:
			/* 4.5: a later fragment carries no transport header. */
			if (cursor_get_u8(c, &next) == -1 ||
			    cursor_skip(c, 1) == -1 ||
			    cursor_get_n16(c, &frag) == -1 ||
			    cursor_skip(c, 4) == -1)
				return;
			if ((frag & 0xfff8) != 0) {
				out->proto = next;
				return;
			}
			break;
		case PROTO_AH:
			/* RFC 4302 2.2: length in 4 octets less 2. */
			if (cursor_get_u8(c, &next) == -1 ||
			    cursor_get_u8(c, &ext_len) == -1 ||
			    cursor_skip(c, (size_t)ext_len * 4 + 6) == -1)
				return;
			break;
		default:
			read_transport(c, out);
			return;
		}
		out->proto = next;
	}
}

/* The IP header at the cursor, by its version nibble. */
static void
read_ip(struct cursor *c, struct packet_summary *out)
{
	uint8_t first;

	if (cursor_peek_u8(c, &first) == -1)
		return;
	if ((first >> 4) == 4)
		read_ipv4(c, out);
	else if ((first >> 4) == 6)
		read_ipv6(c, out);
}

/*
 * Ethernet II and its tags (IEEE 802.1Q, 802.1ad), then IP, or MPLS
 * (RFC 3032 2.1: labels until the bottom of stack) over IP or over an
 * Ethernet pseudowire (RFC 4448: a control word of four zero bits first,
 * or the inner Ethernet header directly).  depth bounds the pseudowires.
 */
static void
read_ethernet(struct cursor *c, struct packet_summary *out, int depth)
{
	uint32_t label = 0;
	uint16_t type;
	uint8_t first;
	int i;

	if (cursor_skip(c, 12) == -1 || cursor_get_n16(c, &type) == -1)
		return;
	while (type == ETHERTYPE_8021Q || type == ETHERTYPE_8021AD ||
	    type == ETHERTYPE_QINQ_OLD)
		if (cursor_skip(c, 2) == -1 || cursor_get_n16(c, &type) == -1)
			return;
	switch (type) {
	case ETHERTYPE_IPV4:
	case ETHERTYPE_IPV6:
		read_ip(c, out);
		return;
	case ETHERTYPE_MPLS:
	case ETHERTYPE_MPLS_MC:
		for (i = 0; i < MPLS_MAX_LABELS; i++)
			if (cursor_get_n32(c, &label) == -1 || (label & 0x100))
				break;
		if (!(label & 0x100) || cursor_peek_u8(c, &first) == -1)
			return;
		if ((first >> 4) == 4 || (first >> 4) == 6)
			read_ip(c, out);
		else if (depth > 0) {
			if ((first >> 4) == 0 && cursor_skip(c, 4) == -1)
				return;		/* the control word */
			read_ethernet(c, out, depth - 1);
		}
		return;
	default:
		return;
	}
}

bool
packet_section_read(const uint8_t *data, size_t len, bool link_layer,
    struct packet_summary *out)
{
	struct cursor c;

	memset(out, 0, sizeof(*out));
	cursor_init(&c, data, len);
	if (link_layer)
		read_ethernet(&c, out, 1);
	else
		read_ip(&c, out);
	if (!out->has_ip)
		memset(out, 0, sizeof(*out));
	return out->has_ip;
}
