/*
 * bgpdump_text.h -- the one-line format of `bgpdump -m` (bgpdump 1.6.2).
 */
#ifndef LIGHTSOUT_BGPDUMP_TEXT_H
#define LIGHTSOUT_BGPDUMP_TEXT_H

#include "parsers/bgp_record.h"
#include "reports/outbuf.h"

struct bgpdump_opts {
	bool	large_communities;	/* -l: add the large community field */
};

/* Append the line(s) bgpdump -m prints for rec (nothing for some). */
void	bgpdump_text_record(struct outbuf *o, const struct bgp_record *rec,
	    const struct bgpdump_opts *opts);

/* bgpdump's own IPv6 text form (it differs from RFC 5952). */
void	bgpdump_ipv6(struct outbuf *o, const uint8_t *b);

#endif
