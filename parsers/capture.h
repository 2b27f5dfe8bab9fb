/*
 * capture.h -- UDP datagrams out of pcap and pcapng captures.
 *
 * Read through libpcap (offline only), fed from the input layer so that
 * a compressed capture (.pcap.gz, .pcapng.bz2) works as a plain one.
 * Link layers: Ethernet with 802.1Q/802.1ad tags (QinQ), Linux cooked
 * capture v1 and v2, raw IPv4/IPv6, BSD loopback (DLT_NULL, DLT_LOOP).
 * IPv4 and IPv6 (extension headers walked), UDP.  IP fragments are
 * reassembled by parsers/ip_reassembly.h in a bounded table; what cannot
 * be is counted as SKIP_FRAGMENT.  Packets that are not IP/UDP are counted
 * (NOTE_NOT_UDP), never an error.
 */
#ifndef LIGHTSOUT_CAPTURE_H
#define LIGHTSOUT_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/input.h"
#include "parsers/ip_reassembly.h"
#include "parsers/netflow.h"

/* Does the content start like a pcap or pcapng file? */
bool		 capture_detect(const uint8_t *data, size_t len);

struct capture;

/*
 * The capture borrows in (positioned at its start) and reads it to the
 * end; file names it in errors.  On failure returns NULL with a message
 * in err.
 */
struct capture	*capture_open(struct input *in, const char *file, char *err,
		    size_t errlen);
void		 capture_close(struct capture *c);

enum capture_status {
	CAPTURE_OK,	/* *d is a UDP payload, valid until the next call */
	CAPTURE_SKIP,	/* *err says what packet was skipped and why */
	CAPTURE_END,	/* no more packets (a last SKIP told of damage) */
};

/*
 * Every packet read counts (packet_no, capture_packets()), decoded or
 * skipped, so packet numbers are tshark's frame numbers.  Offsets are
 * exact file offsets in a pcap file; in pcapng (libpcap hides block
 * sizes) they count from the start of the packet, for datagrams
 * (offset_in_packet) and for skips alike.  A reassembled datagram comes
 * out at the packet that completed it, as tshark shows it, its data in
 * the capture's own buffer; a datagram given up (incomplete after
 * CAPTURE_REASSEMBLY_US of capture time, evicted from a full table,
 * still incomplete at the end) is a SKIP_FRAGMENT reported at its first
 * fragment's packet.  A file that ends inside a record, or whose
 * compressed stream is damaged, gives one last SKIP before CAPTURE_END.
 */
enum capture_status capture_next(struct capture *c,
		    struct export_datagram *d, struct decode_error *err);

/* Packets read so far (the frame number of the last one). */
uint64_t	 capture_packets(const struct capture *c);

/* The link type (DLT_ value) of the capture, for summaries. */
int		 capture_linktype(const struct capture *c);

/* Is it pcapng (offsets then count from the start of each packet)? */
bool		 capture_is_pcapng(const struct capture *c);

/* The reassembly's bounds, as a capture uses them. */
#define CAPTURE_MAX_REASSEMBLY	IP_REASSEMBLY_MAX	/* datagrams at once */
#define CAPTURE_REASSEMBLY_US	IP_REASSEMBLY_US	/* given up after */

#endif
