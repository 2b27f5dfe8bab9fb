/*
 * capture.c -- UDP datagrams out of pcap and pcapng captures.
 *
 * libpcap reads the file (offline only) through a stdio stream made with
 * fopencookie() over the input layer, so that compressed captures work as
 * plain ones.  libpcap frames the records; everything inside a packet is
 * decoded here, one function per layer, through the bounds-checked cursor:
 *
 *   link     Ethernet II with IEEE 802.1Q / 802.1ad tags (any depth),
 *            Linux cooked capture v1 and v2, raw IP, BSD loopback
 *            (tcpdump.org LINKTYPE_ list)
 *   network  IPv4 (RFC 791), IPv6 and its extension headers (RFC 8200)
 *   fragments handed to parsers/ip_reassembly.c (RFC 791 3.2, RFC 8200 4.5)
 *   UDP      RFC 768
 *
 * Every packet read counts, decoded or not, so that packet numbers are
 * the frame numbers tshark shows.  For pcap files the offsets reported
 * are exact file offsets (24-byte file header, 16-byte record headers);
 * libpcap does not expose pcapng block sizes, so for pcapng they count
 * from the start of the packet (offset_in_packet).
 */
#define _GNU_SOURCE		/* fopencookie */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <pcap/pcap.h>

#include "parsers/capture.h"
#include "parsers/cursor.h"
#include "parsers/ip_reassembly.h"

#define PCAP_FILE_HEADER_LEN	24
#define PCAP_RECORD_HEADER_LEN	16
#define PCAP_KUZNETZOV_RECORD_LEN 24	/* magic a1b2cd34: 8 more bytes */

#define COOKIE_READ_MAX		65536	/* bytes handed to stdio at once */

/* IEEE 802 EtherTypes (IEEE Registration Authority). */
#define ETHERTYPE_IPV4		0x0800
#define ETHERTYPE_IPV6		0x86dd
#define ETHERTYPE_8021Q		0x8100	/* IEEE 802.1Q C-tag */
#define ETHERTYPE_8021AD	0x88a8	/* IEEE 802.1ad S-tag */
#define ETHERTYPE_QINQ_OLD	0x9100	/* pre-standard QinQ */
#define ETHERTYPE_MIN		0x0600	/* below: an IEEE 802.3 length */

/* Link types by their tcpdump.org numbers where libpcap lacks a DLT_. */
#define LINKTYPE_RAW		101
#ifndef DLT_IPV6
#define DLT_IPV6		229
#endif

/* IP protocol numbers (IANA). */
#define PROTO_HOPOPTS		0
#define PROTO_ICMP		1
#define PROTO_TCP		6
#define PROTO_UDP		17
#define PROTO_ROUTING		43
#define PROTO_FRAGMENT		44
#define PROTO_GRE		47
#define PROTO_ESP		50
#define PROTO_AH		51
#define PROTO_ICMPV6		58
#define PROTO_NONE		59
#define PROTO_DSTOPTS		60

/* BSD loopback address families (DLT_NULL, DLT_LOOP). */
#define BSD_AF_INET		2
#define BSD_AF_INET6_BSD	24	/* NetBSD, OpenBSD */
#define BSD_AF_INET6_FREEBSD	28
#define BSD_AF_INET6_DARWIN	30

#define IPV4_HEADER_LEN		20
#define IPV6_HEADER_LEN		40
#define UDP_HEADER_LEN		8
#define SLL_HEADER_LEN		16
#define SLL2_HEADER_LEN		20

/* What the network layer found. */
struct ip_info {
	uint8_t		 afi;
	uint8_t		 src[16], dst[16];
	uint8_t		 proto;		/* upper layer, or first header of the
					 * fragmentable part (IPv6) */
	bool		 fragment;
	uint32_t	 frag_id;
	uint32_t	 frag_off;	/* bytes */
	bool		 frag_more;
	struct cursor	 payload;	/* positions from 0 */
	size_t		 payload_off;	/* of payload in the packet */
};

struct capture {
	struct input	*in;
	const char	*file;
	FILE		*fp;
	pcap_t		*pcap;
	int		 linktype;
	bool		 pcapng;
	unsigned	 rec_hdr_len;
	uint64_t	 packets;
	uint64_t	 next_rec_off;	/* pcap: file offset of the next record */
	uint64_t	 pkt_base;	/* offset of the packet's first byte */
	bool		 eof;		/* libpcap has no more packets */

	/* The packet read and not yet decoded. */
	bool		 have_pkt;
	const uint8_t	*pkt;
	uint32_t	 caplen, len;
	int64_t		 ts_us;

	struct ip_reassembly *reasm;	/* IP fragments */
};

bool
capture_detect(const uint8_t *data, size_t len)
{
	struct cursor c;
	uint32_t magic, bom;

	cursor_init(&c, data, len);
	if (cursor_get_n32(&c, &magic) == -1)
		return false;
	switch (magic) {
	case 0xa1b2c3d4:	/* pcap, microseconds */
	case 0xd4c3b2a1:
	case 0xa1b23c4d:	/* pcap, nanoseconds */
	case 0x4d3cb2a1:
		return true;
	case 0x0a0d0d0a:	/* pcapng section header block */
		/* The byte-order magic tells it from text starting "\n\r\r\n". */
		if (cursor_skip(&c, 4) == -1 || cursor_get_n32(&c, &bom) == -1)
			return false;
		return bom == 0x1a2b3c4d || bom == 0x4d3c2b1a;
	default:
		return false;
	}
}

/* ------------------------------------------------------------------ */
/* The input layer as a stdio stream for libpcap                       */

static ssize_t
cookie_read(void *cookie, char *buf, size_t size)
{
	struct capture *c = cookie;
	const uint8_t *data;
	size_t want = size < COOKIE_READ_MAX ? size : COOKIE_READ_MAX;
	size_t n;

	if (want == 0)
		return 0;
	n = input_peek(c->in, want, &data);
	if (n == 0) {
		if (input_error(c->in) != NULL) {
			errno = EIO;
			return -1;
		}
		return 0;
	}
	if (n > want)
		n = want;
	memcpy(buf, data, n);
	input_consume(c->in, n);
	return (ssize_t)n;
}

/* No close function: pcap_close() closes the stream, never the input. */
static const cookie_io_functions_t cookie_funcs = {
	.read = cookie_read,
};

struct capture *
capture_open(struct input *in, const char *file, char *err, size_t errlen)
{
	struct capture *c;
	char errbuf[PCAP_ERRBUF_SIZE];
	const uint8_t *head;
	struct cursor hc;
	uint32_t magic = 0;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	c->in = in;
	c->file = file;
	if ((c->reasm = ip_reassembly_new()) == NULL) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		goto fail;
	}
	cursor_init(&hc, NULL, 0);
	if (input_peek(in, 4, &head) >= 4) {
		cursor_init(&hc, head, 4);
		(void)cursor_get_n32(&hc, &magic);
	}
	c->pcapng = magic == 0x0a0d0d0a;
	c->rec_hdr_len = (magic == 0xa1b2cd34 || magic == 0x34cdb2a1) ?
	    PCAP_KUZNETZOV_RECORD_LEN : PCAP_RECORD_HEADER_LEN;
	c->next_rec_off = input_offset(in) + PCAP_FILE_HEADER_LEN;

	if ((c->fp = fopencookie(c, "r", cookie_funcs)) == NULL) {
		snprintf(err, errlen, "%s: fopencookie: %s", file,
		    strerror(errno));
		goto fail;
	}
	errbuf[0] = '\0';
	c->pcap = pcap_fopen_offline_with_tstamp_precision(c->fp,
	    PCAP_TSTAMP_PRECISION_MICRO, errbuf);
	if (c->pcap == NULL) {
		if (input_error(in) != NULL)
			snprintf(err, errlen, "%s: %s", file, input_error(in));
		else
			snprintf(err, errlen, "%s: %s", file, errbuf);
		fclose(c->fp);	/* libpcap leaves it to us on failure */
		goto fail;
	}
	c->linktype = pcap_datalink(c->pcap);
	return c;
fail:
	ip_reassembly_free(c->reasm);
	free(c);
	return NULL;
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	if (c->pcap != NULL)
		pcap_close(c->pcap);	/* fcloses the cookie stream */
	ip_reassembly_free(c->reasm);
	free(c);
}

uint64_t
capture_packets(const struct capture *c)
{
	return c->packets;
}

int
capture_linktype(const struct capture *c)
{
	return c->linktype;
}

bool
capture_is_pcapng(const struct capture *c)
{
	return c->pcapng;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static void
err_set(struct capture *c, struct decode_error *err, uint64_t offset,
    uint64_t record_no, enum skip_reason reason, const char *fmt, va_list ap)
{
	decode_error_set(err, c->file, offset, record_no, "packet", reason);
	err->offset_in_record = c->pcapng;
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
}

/* A skip reported at packet record_no, file offset offset. */
static void __attribute__((format(printf, 6, 7)))
err_at(struct capture *c, struct decode_error *err, uint64_t offset,
    uint64_t record_no, enum skip_reason reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_set(c, err, offset, record_no, reason, fmt, ap);
	va_end(ap);
}

/* The current packet is skipped; off counts from its first byte. */
static int __attribute__((format(printf, 5, 6)))
pkt_fail(struct capture *c, struct decode_error *err, size_t off,
    enum skip_reason reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_set(c, err, c->pkt_base + off, c->packets, reason, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * A header that does not fit what was captured: the snapshot length cut
 * it (SKIP_TRUNCATED), or the packet is broken (SKIP_BAD_PACKET).
 */
static int
short_fail(struct capture *c, struct decode_error *err, size_t off,
    const char *what)
{
	if (c->caplen < c->len)
		return pkt_fail(c, err, off, SKIP_TRUNCATED,
		    "%s cut: %" PRIu32 " of %" PRIu32 " bytes captured", what,
		    c->caplen, c->len);
	return pkt_fail(c, err, off, SKIP_BAD_PACKET,
	    "%s shorter than its fixed fields (%" PRIu32 "-byte packet)",
	    what, c->caplen);
}

static const char *
proto_name(uint8_t proto)
{
	switch (proto) {
	case PROTO_ICMP:	return "ICMP";
	case PROTO_TCP:		return "TCP";
	case PROTO_GRE:		return "GRE";
	case PROTO_ESP:		return "ESP";
	case PROTO_AH:		return "AH";
	case PROTO_ICMPV6:	return "ICMPv6";
	case PROTO_NONE:	return "no next header";
	default:		return "protocol";
	}
}

/* ------------------------------------------------------------------ */
/* Link layer: leave p at the network header, say which one it is      */

/*
 * Ethernet II, with any number of IEEE 802.1Q (0x8100), IEEE 802.1ad
 * (0x88a8) or pre-standard (0x9100) tags: QinQ.  An EtherType below
 * 0x0600 is an IEEE 802.3 length (LLC follows): not IP.
 */
static int
link_ether(struct capture *c, struct cursor *p, uint16_t *type,
    struct decode_error *err)
{
	uint16_t t, tci;

	if (cursor_skip(p, 12) == -1 || cursor_get_n16(p, &t) == -1)
		return short_fail(c, err, 0, "Ethernet header");
	while (t == ETHERTYPE_8021Q || t == ETHERTYPE_8021AD ||
	    t == ETHERTYPE_QINQ_OLD) {
		size_t off = cursor_pos(p);

		if (cursor_get_n16(p, &tci) == -1 ||
		    cursor_get_n16(p, &t) == -1)
			return short_fail(c, err, off, "802.1Q tag");
	}
	if (t < ETHERTYPE_MIN)
		return pkt_fail(c, err, 12, NOTE_NOT_UDP,
		    "IEEE 802.3 frame (length %u), not Ethernet II", t);
	*type = t;
	return 0;
}

/*
 * Linux cooked capture v1 (LINKTYPE_LINUX_SLL): packet type, ARPHRD
 * type, address length, 8 address bytes, protocol (an EtherType).
 */
static int
link_sll(struct capture *c, struct cursor *p, uint16_t *type,
    struct decode_error *err)
{
	if (cursor_skip(p, 14) == -1 || cursor_get_n16(p, type) == -1)
		return short_fail(c, err, 0, "Linux cooked header");
	return 0;
}

/*
 * Linux cooked capture v2 (LINKTYPE_LINUX_SLL2): protocol first, then
 * reserved, interface index, ARPHRD type, packet type, address length
 * and 8 address bytes.
 */
static int
link_sll2(struct capture *c, struct cursor *p, uint16_t *type,
    struct decode_error *err)
{
	if (cursor_get_n16(p, type) == -1 ||
	    cursor_skip(p, SLL2_HEADER_LEN - 2) == -1)
		return short_fail(c, err, 0, "Linux cooked v2 header");
	return 0;
}

/* Raw IP (LINKTYPE_RAW, IPV4, IPV6): the version nibble tells. */
static int
link_raw(struct capture *c, struct cursor *p, uint16_t *type,
    struct decode_error *err)
{
	uint8_t b;

	if (cursor_peek_u8(p, &b) == -1)
		return short_fail(c, err, 0, "raw IP packet");
	switch (b >> 4) {
	case 4:
		*type = ETHERTYPE_IPV4;
		break;
	case 6:
		*type = ETHERTYPE_IPV6;
		break;
	default:
		return pkt_fail(c, err, 0, SKIP_BAD_PACKET,
		    "raw IP packet of version %u", b >> 4);
	}
	if ((c->linktype == DLT_IPV4 && *type != ETHERTYPE_IPV4) ||
	    (c->linktype == DLT_IPV6 && *type != ETHERTYPE_IPV6))
		return pkt_fail(c, err, 0, SKIP_BAD_PACKET,
		    "IP version %u on a LINKTYPE_IPV%c capture", b >> 4,
		    c->linktype == DLT_IPV4 ? '4' : '6');
	return 0;
}

/*
 * BSD loopback: a 4-byte address family, in the capturing host's byte
 * order for DLT_NULL (guessed: families are small numbers), in network
 * order for DLT_LOOP.
 */
static int
link_null(struct capture *c, struct cursor *p, uint16_t *type,
    struct decode_error *err)
{
	uint32_t fam;

	if (cursor_get_n32(p, &fam) == -1)
		return short_fail(c, err, 0, "loopback header");
	if (c->linktype == DLT_NULL && (fam & 0xffff) == 0)
		fam = (fam >> 24) | ((fam >> 8) & 0xff00) |
		    ((fam << 8) & 0xff0000) | (fam << 24);
	switch (fam) {
	case BSD_AF_INET:
		*type = ETHERTYPE_IPV4;
		return 0;
	case BSD_AF_INET6_BSD:
	case BSD_AF_INET6_FREEBSD:
	case BSD_AF_INET6_DARWIN:
		*type = ETHERTYPE_IPV6;
		return 0;
	default:
		return pkt_fail(c, err, 0, NOTE_NOT_UDP,
		    "loopback address family %" PRIu32, fam);
	}
}

static int
link_decode(struct capture *c, struct cursor *p, uint16_t *type,
    struct decode_error *err)
{
	int rc;

	switch (c->linktype) {
	case DLT_EN10MB:
		rc = link_ether(c, p, type, err);
		break;
	case DLT_LINUX_SLL:
		rc = link_sll(c, p, type, err);
		break;
	case DLT_LINUX_SLL2:
		rc = link_sll2(c, p, type, err);
		break;
	case DLT_RAW:
	case LINKTYPE_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		rc = link_raw(c, p, type, err);
		break;
	case DLT_NULL:
	case DLT_LOOP:
		rc = link_null(c, p, type, err);
		break;
	default:
		return pkt_fail(c, err, 0, NOTE_UNKNOWN_LINKTYPE,
		    "link type %d (%s)", c->linktype,
		    pcap_datalink_val_to_name(c->linktype) != NULL ?
		    pcap_datalink_val_to_name(c->linktype) : "unknown");
	}
	if (rc == -1)
		return -1;
	if (*type != ETHERTYPE_IPV4 && *type != ETHERTYPE_IPV6)
		return pkt_fail(c, err, 0, NOTE_NOT_UDP,
		    "EtherType 0x%04x, not IP", *type);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Network layer                                                       */

/* RFC 791 3.1. */
static int
ip4_decode(struct capture *c, struct cursor *p, struct ip_info *ip,
    struct decode_error *err)
{
	size_t off = cursor_pos(p);
	struct cursor h = *p, whole;
	uint8_t vihl, tos, ttl;
	uint16_t total, id, frag, sum;
	unsigned ihl;

	if (cursor_get_u8(&h, &vihl) == -1 || cursor_get_u8(&h, &tos) == -1 ||
	    cursor_get_n16(&h, &total) == -1 || cursor_get_n16(&h, &id) == -1 ||
	    cursor_get_n16(&h, &frag) == -1 || cursor_get_u8(&h, &ttl) == -1 ||
	    cursor_get_u8(&h, &ip->proto) == -1 ||
	    cursor_get_n16(&h, &sum) == -1 ||
	    cursor_get_bytes(&h, ip->src, 4) == -1 ||
	    cursor_get_bytes(&h, ip->dst, 4) == -1)
		return short_fail(c, err, off, "IPv4 header");
	if (vihl >> 4 != 4)
		return pkt_fail(c, err, off, SKIP_BAD_PACKET,
		    "IP version %u where IPv4 was announced", vihl >> 4);
	ihl = (vihl & 0x0f) * 4u;
	if (ihl < IPV4_HEADER_LEN)
		return pkt_fail(c, err, off, SKIP_BAD_PACKET,
		    "IPv4 header length %u, below 20", ihl);
	if (total < ihl)
		return pkt_fail(c, err, off, SKIP_BAD_PACKET,
		    "IPv4 total length %u shorter than its header (%u)",
		    total, ihl);
	ip->afi = AFI_IPV4;
	ip->frag_id = id;
	ip->frag_more = (frag & 0x2000) != 0;		/* MF */
	ip->frag_off = (uint32_t)(frag & 0x1fff) * 8;	/* 8-byte units */
	ip->fragment = ip->frag_more || ip->frag_off != 0;
	if (ip->proto != PROTO_UDP)
		return pkt_fail(c, err, off, NOTE_NOT_UDP, "IPv4 %s (%u)",
		    proto_name(ip->proto), ip->proto);
	/* The total length trims Ethernet padding. */
	if (cursor_sub(p, total, &whole) == -1) {
		if (c->caplen < c->len)
			return short_fail(c, err, off, "IPv4 packet");
		return pkt_fail(c, err, off, SKIP_BAD_PACKET,
		    "IPv4 total length %u, %zu bytes in the frame", total,
		    cursor_left(p));
	}
	if (cursor_skip(&whole, ihl) == -1 ||
	    cursor_sub(&whole, cursor_left(&whole), &ip->payload) == -1)
		return short_fail(c, err, off, "IPv4 options");
	ip->payload_off = off + ihl;
	return 0;
}

/*
 * RFC 8200 4: walk hop-by-hop (0), routing (43) and destination options
 * (60) headers up to the upper layer or a fragment header (44).  base is
 * the packet offset of p's position 0, for errors.
 */
static int
ip6_walk(struct capture *c, struct cursor *p, size_t base, uint8_t *nh,
    struct ip_info *ip, struct decode_error *err)
{
	uint8_t next, hlen, res;
	uint16_t offflags;
	uint32_t id;

	for (;;) {
		size_t off = base + cursor_pos(p);

		switch (*nh) {
		case PROTO_HOPOPTS:
		case PROTO_ROUTING:
		case PROTO_DSTOPTS:
			/* Length in 8-octet units, not counting the first. */
			if (cursor_get_u8(p, &next) == -1 ||
			    cursor_get_u8(p, &hlen) == -1 ||
			    cursor_skip(p, (size_t)hlen * 8 + 6) == -1)
				return short_fail(c, err, off,
				    "IPv6 extension header");
			*nh = next;
			break;
		case PROTO_FRAGMENT:
			/* RFC 8200 4.5: offset in 8-octet units, M flag, id. */
			if (ip == NULL)
				return pkt_fail(c, err, off, SKIP_FRAGMENT,
				    "IPv6 fragment header inside a fragment");
			if (cursor_get_u8(p, &next) == -1 ||
			    cursor_get_u8(p, &res) == -1 ||
			    cursor_get_n16(p, &offflags) == -1 ||
			    cursor_get_n32(p, &id) == -1)
				return short_fail(c, err, off,
				    "IPv6 fragment header");
			*nh = next;
			if ((offflags & 0xfff8) == 0 && (offflags & 1) == 0)
				break;	/* atomic fragment, RFC 6946 */
			if (ip->fragment)
				return pkt_fail(c, err, off, SKIP_BAD_PACKET,
				    "two IPv6 fragment headers");
			ip->fragment = true;
			ip->frag_id = id;
			ip->frag_off = offflags & 0xfff8;
			ip->frag_more = (offflags & 1) != 0;
			return 0;	/* the rest is fragment data */
		default:
			return 0;
		}
	}
}

/* RFC 8200 3. */
static int
ip6_decode(struct capture *c, struct cursor *p, struct ip_info *ip,
    struct decode_error *err)
{
	size_t off = cursor_pos(p);
	uint32_t vtf;
	uint16_t plen;
	uint8_t nh, hlim;
	struct cursor pay;
	bool cut;

	if (cursor_get_n32(p, &vtf) == -1 || cursor_get_n16(p, &plen) == -1 ||
	    cursor_get_u8(p, &nh) == -1 || cursor_get_u8(p, &hlim) == -1 ||
	    cursor_get_bytes(p, ip->src, 16) == -1 ||
	    cursor_get_bytes(p, ip->dst, 16) == -1)
		return short_fail(c, err, off, "IPv6 header");
	if (vtf >> 28 != 6)
		return pkt_fail(c, err, off, SKIP_BAD_PACKET,
		    "IP version %u where IPv6 was announced", vtf >> 28);
	ip->afi = AFI_IPV6;
	cut = cursor_sub(p, plen, &pay) == -1;
	if (cut) {
		if (c->caplen >= c->len)
			return pkt_fail(c, err, off, SKIP_BAD_PACKET,
			    "IPv6 payload length %u, %zu bytes in the frame",
			    plen, cursor_left(p));
		/* Snaplen-cut: still tell what it carried if it shows. */
		(void)cursor_sub(p, cursor_left(p), &pay);
	}
	if (ip6_walk(c, &pay, off + IPV6_HEADER_LEN, &nh, ip, err) == -1)
		return -1;
	ip->proto = nh;
	if (ip->fragment ? (nh != PROTO_UDP && nh != PROTO_DSTOPTS &&
	    nh != PROTO_ROUTING) : nh != PROTO_UDP)
		return pkt_fail(c, err, off, NOTE_NOT_UDP, "IPv6 %s (%u)",
		    proto_name(nh), nh);
	if (cut)
		return short_fail(c, err, off, "IPv6 packet");
	ip->payload_off = off + IPV6_HEADER_LEN + cursor_pos(&pay);
	(void)cursor_sub(&pay, cursor_left(&pay), &ip->payload);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Fragment reassembly (parsers/ip_reassembly.c)                       */

/* A datagram the reassembly gave up, as a skip of the packet it names. */
static void
frag_error(struct capture *c, const struct reassembly_failure *fail,
    struct decode_error *err)
{
	err_at(c, err, fail->offset, fail->packet_no, SKIP_FRAGMENT, "%s",
	    fail->detail);
}

/*
 * Hand the fragment in ip to the reassembly.  On REASSEMBLY_DONE out
 * covers the whole IP payload, in the reassembly's buffer; on
 * REASSEMBLY_FAILED *err tells of a datagram given up.
 */
static enum reassembly_result
frag_add(struct capture *c, const struct ip_info *ip, struct cursor *out,
    struct decode_error *err)
{
	struct ip_fragment fr;
	struct reassembly_failure fail;
	struct cursor q = ip->payload;
	const uint8_t *dgram = NULL;
	size_t dlen = 0;
	enum reassembly_result rc;

	memset(&fr, 0, sizeof(fr));
	fr.afi = ip->afi;
	memcpy(fr.src, ip->src, sizeof(fr.src));
	memcpy(fr.dst, ip->dst, sizeof(fr.dst));
	fr.id = ip->frag_id;
	fr.proto = ip->proto;
	fr.offset = ip->frag_off;
	fr.more = ip->frag_more;
	fr.len = cursor_left(&q);
	(void)cursor_get_ref(&q, &fr.data, fr.len);
	fr.time_us = c->ts_us;
	fr.packet_no = c->packets;
	fr.data_offset = c->pkt_base + ip->payload_off;
	rc = ip_reassembly_add(c->reasm, &fr, &dgram, &dlen, &fail);
	if (rc == REASSEMBLY_FAILED)
		frag_error(c, &fail, err);
	else if (rc == REASSEMBLY_DONE)
		cursor_init(out, dgram, dlen);
	return rc;
}

/*
 * Give up one datagram in reassembly, if there is one to give up: at the
 * end of the capture the one first seen earliest, before a packet one
 * incomplete for more than CAPTURE_REASSEMBLY_US at its time.
 */
static bool
frag_give_up(struct capture *c, bool at_end, struct decode_error *err)
{
	struct reassembly_failure fail;
	bool gone;

	if (at_end)
		gone = ip_reassembly_flush_one(c->reasm,
		    "incomplete at the end of the capture", &fail);
	else
		gone = ip_reassembly_expire_one(c->reasm, c->ts_us, &fail);
	if (gone)
		frag_error(c, &fail, err);
	return gone;
}

/* ------------------------------------------------------------------ */
/* Transport layer                                                     */

/*
 * RFC 768: source port, destination port, length (header included),
 * checksum.  A length shorter than the IP payload wins (trailing bytes);
 * a longer one cannot be right.  base is the packet offset of p's start.
 */
static int
udp_decode(struct capture *c, struct cursor *p, size_t base, uint16_t *sport,
    struct cursor *payload, struct decode_error *err)
{
	uint16_t dport, ulen, sum;

	if (cursor_get_n16(p, sport) == -1 || cursor_get_n16(p, &dport) == -1 ||
	    cursor_get_n16(p, &ulen) == -1 || cursor_get_n16(p, &sum) == -1)
		return short_fail(c, err, base, "UDP header");
	if (ulen < UDP_HEADER_LEN)
		return pkt_fail(c, err, base, SKIP_BAD_PACKET,
		    "UDP length %u, below the 8-byte header", ulen);
	if (cursor_sub(p, ulen - UDP_HEADER_LEN, payload) == -1)
		return pkt_fail(c, err, base, SKIP_BAD_PACKET,
		    "UDP length %u, %zu bytes of IP payload", ulen,
		    cursor_left(p) + UDP_HEADER_LEN);
	return 0;
}

/* ------------------------------------------------------------------ */
/* One packet                                                          */

enum pkt_result {
	PKT_OK,
	PKT_SKIP,
	PKT_HELD,	/* a fragment kept for reassembly */
};

static enum pkt_result
decode_packet(struct capture *c, struct export_datagram *d,
    struct decode_error *err)
{
	struct cursor p, ipp, payload;
	struct ip_info ip;
	uint16_t type = 0, sport = 0;
	size_t udp_off;

	memset(&ip, 0, sizeof(ip));
	cursor_init(&payload, NULL, 0);
	cursor_init(&p, c->pkt, c->caplen);
	if (link_decode(c, &p, &type, err) == -1)
		return PKT_SKIP;
	if ((type == ETHERTYPE_IPV4 ? ip4_decode(c, &p, &ip, err) :
	    ip6_decode(c, &p, &ip, err)) == -1)
		return PKT_SKIP;
	ipp = ip.payload;
	udp_off = ip.payload_off;
	if (ip.fragment) {
		switch (frag_add(c, &ip, &ipp, err)) {
		case REASSEMBLY_HELD:
			return PKT_HELD;
		case REASSEMBLY_FAILED:
			return PKT_SKIP;
		case REASSEMBLY_DONE:
			break;
		}
		if (ip.afi == AFI_IPV6 && ip.proto != PROTO_UDP) {
			uint8_t nh = ip.proto;

			/* Destination options of the fragmentable part. */
			if (ip6_walk(c, &ipp, udp_off, &nh, NULL, err) == -1)
				return PKT_SKIP;
			if (nh != PROTO_UDP) {
				(void)pkt_fail(c, err, udp_off, NOTE_NOT_UDP,
				    "IPv6 %s (%u)", proto_name(nh), nh);
				return PKT_SKIP;
			}
		}
	}
	if (udp_decode(c, &ipp, udp_off, &sport, &payload, err) == -1)
		return PKT_SKIP;

	memset(d, 0, sizeof(*d));
	if (cursor_get_ref(&payload, &d->data, cursor_left(&payload)) == -1)
		return PKT_SKIP;	/* cannot happen */
	d->len = payload.len;
	d->exporter.afi = ip.afi;
	memcpy(d->exporter.bytes, ip.src, ip.afi == AFI_IPV4 ? 4 : 16);
	d->exporter_port = sport;
	d->has_recv_time = true;
	d->recv_us = c->ts_us;
	d->packet_no = c->packets;
	/* A reassembled datagram: the last fragment's payload, as tshark. */
	d->offset = c->pkt_base + udp_off +
	    (ip.fragment && ip.frag_off > 0 ? 0 : UDP_HEADER_LEN);
	d->offset_in_packet = c->pcapng;
	d->file = c->file;
	return PKT_OK;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

enum read_result {
	READ_PKT,
	READ_SKIP,	/* *err tells why the capture ends early */
	READ_END,
};

/* Where the next record starts, for errors at the end. */
static uint64_t
next_record_offset(const struct capture *c)
{
	return c->pcapng ? input_offset(c->in) : c->next_rec_off;
}

static enum read_result
read_packet(struct capture *c, struct decode_error *err)
{
	struct pcap_pkthdr *hdr;
	const u_char *data;
	const char *msg;
	int rc;

	rc = pcap_next_ex(c->pcap, &hdr, &data);
	if (rc == 1) {
		c->packets++;
		c->pkt = data;
		c->caplen = hdr->caplen;
		c->len = hdr->len;
		/* Unsigned: a damaged timestamp wraps, it does not overflow. */
		c->ts_us = (int64_t)((uint64_t)hdr->ts.tv_sec * 1000000u +
		    (uint64_t)hdr->ts.tv_usec);
		if (c->pcapng)
			c->pkt_base = 0;
		else {
			c->pkt_base = c->next_rec_off + c->rec_hdr_len;
			c->next_rec_off = c->pkt_base + hdr->caplen;
		}
		c->have_pkt = true;
		return READ_PKT;
	}
	c->eof = true;
	memset(err, 0, sizeof(*err));
	err->file = c->file;
	err->offset = next_record_offset(c);
	err->record_no = c->packets + 1;
	err->record_unit = "packet";
	if (input_error(c->in) != NULL) {
		err->reason = SKIP_DECOMPRESS;
		snprintf(err->detail, sizeof(err->detail), "%s",
		    input_error(c->in));
		return READ_SKIP;
	}
	if (rc != PCAP_ERROR)
		return READ_END;	/* PCAP_ERROR_BREAK: no more packets */
	msg = pcap_geterr(c->pcap);
	err->reason = strstr(msg, "truncated") != NULL ? SKIP_TRUNCATED :
	    SKIP_MALFORMED;
	snprintf(err->detail, sizeof(err->detail), "%s", msg);
	return READ_SKIP;
}

enum capture_status
capture_next(struct capture *c, struct export_datagram *d,
    struct decode_error *err)
{
	for (;;) {
		if (!c->have_pkt) {
			if (c->eof)
				return frag_give_up(c, true, err) ?
				    CAPTURE_SKIP : CAPTURE_END;
			switch (read_packet(c, err)) {
			case READ_PKT:
				break;
			case READ_SKIP:
				return CAPTURE_SKIP;
			case READ_END:
				continue;
			}
		}
		/* Time runs out for old datagrams before this packet counts. */
		if (ip_reassembly_pending(c->reasm) > 0 &&
		    frag_give_up(c, false, err))
			return CAPTURE_SKIP;
		c->have_pkt = false;
		switch (decode_packet(c, d, err)) {
		case PKT_OK:
			return CAPTURE_OK;
		case PKT_SKIP:
			return CAPTURE_SKIP;
		case PKT_HELD:
			break;
		}
	}
}
