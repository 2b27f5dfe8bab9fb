/*
 * ip_reassembly.h -- IP datagrams put together again from their fragments.
 *
 * IPv4 (RFC 791 3.2) and IPv6 (RFC 8200 4.5) fragments go in, one at a
 * time, as the network layer decoded them; whole datagrams come out.  The
 * table is bounded: IP_REASSEMBLY_MAX datagrams at once, each at most
 * IP_REASSEMBLY_MAX_LEN bytes, given up after IP_REASSEMBLY_US of the
 * caller's clock.  What is given up comes back as a reassembly_failure:
 * where to report it and why, for the caller to turn into its own error.
 * Nothing here knows where the fragments were read from.
 */
#ifndef LIGHTSOUT_IP_REASSEMBLY_H
#define LIGHTSOUT_IP_REASSEMBLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/bgp_record.h"		/* AFI_IPV4, AFI_IPV6 */
#include "parsers/diag.h"		/* DECODE_DETAIL_MAX */

#define IP_REASSEMBLY_MAX	64	/* datagrams in reassembly at once */
#define IP_REASSEMBLY_US	(30 * 1000000LL) /* give up after 30 s */
#define IP_REASSEMBLY_MAX_LEN	65535	/* bytes of IP payload, at most */

/* One fragment as the network layer saw it. */
struct ip_fragment {
	uint8_t		 afi;		/* AFI_IPV4, AFI_IPV6 */
	uint8_t		 src[16], dst[16]; /* IPv4 in the first four */
	uint32_t	 id;		/* 16 bits in IPv4, 32 in IPv6 */
	uint8_t		 proto;		/* IPv4 protocol, or the IPv6 next
					 * header of the fragmentable part */
	uint32_t	 offset;	/* bytes */
	bool		 more;		/* more fragments follow (MF, M) */
	const uint8_t	*data;		/* the fragment's data, len bytes */
	size_t		 len;
	/* Only for the caller's clock and for reports: */
	int64_t		 time_us;
	uint64_t	 packet_no;
	uint64_t	 data_offset;	/* where data starts, for reports */
};

/* A datagram given up: where to report it, and why. */
struct reassembly_failure {
	uint64_t	 packet_no;	/* of its first fragment, or of the
					 * fragment that showed the fault */
	uint64_t	 offset;	/* that fragment's data_offset */
	char		 detail[DECODE_DETAIL_MAX];
};

enum reassembly_result {
	REASSEMBLY_HELD,	/* kept, nothing to hand out */
	REASSEMBLY_FAILED,	/* *fail tells of a datagram given up */
	REASSEMBLY_DONE,	/* the datagram is whole */
};

struct ip_reassembly;

/* NULL when out of memory.  The buffers come later, at the first fragment. */
struct ip_reassembly *ip_reassembly_new(void);
void		 ip_reassembly_free(struct ip_reassembly *r);

/*
 * Add one fragment.  On REASSEMBLY_DONE *datagram and *len are the whole
 * IP payload, valid until the next ip_reassembly_add() or _free().  On
 * REASSEMBLY_FAILED a datagram was given up: this fragment's, or, when
 * the table is full, the one first seen earliest (lowest packet_no),
 * evicted to make room for this fragment, which is then held.  A packet
 * that is not fragmented (offset 0, no more) is not to be handed in.
 */
enum reassembly_result ip_reassembly_add(struct ip_reassembly *r,
		    const struct ip_fragment *frag, const uint8_t **datagram,
		    size_t *len, struct reassembly_failure *fail);

/*
 * Give up one datagram first seen more than IP_REASSEMBLY_US before
 * now_us, if there is one: true with *fail filled.
 */
bool		 ip_reassembly_expire_one(struct ip_reassembly *r,
		    int64_t now_us, struct reassembly_failure *fail);

/*
 * At the end of the input: give up the datagram first seen earliest, if
 * any is left, true with *fail filled; why says what ended (it is cut
 * at 79 bytes).
 */
bool		 ip_reassembly_flush_one(struct ip_reassembly *r,
		    const char *why, struct reassembly_failure *fail);

/* Datagrams in reassembly now. */
unsigned	 ip_reassembly_pending(const struct ip_reassembly *r);

#endif
