/*
 * bgpdump_text.h -- the one-line format of `bgpdump -m` (bgpdump 1.6.2).
 */
#ifndef LIGHTSOUT_BGPDUMP_TEXT_H
#define LIGHTSOUT_BGPDUMP_TEXT_H

#include "parsers/bgp_record.h"
#include "reports/outbuf.h"

struct bgpdump_opts {
	bool	large_communities;	/* -l: add the large community field */

	/*
	 * The routes of one UPDATE share the start of their lines (type,
	 * time, peer) and everything after the prefix (the attributes):
	 * both are formatted once per record and copied after.
	 */
	uint64_t	 cache_file;	/* bumped by bgpdump_text_new_file() */
	uint64_t	 head_file, head_record;
	int		 head_kind;
	size_t		 head_len;
	char		 head[160];
	uint64_t	 tail_file, tail_record;
	int		 tail_kind;
	bool		 tail_mp;
	size_t		 tail_len, tail_cap;
	char		*tail;

	struct bgpdump_memo *memo;	/* IPv6 text already formatted */
};

/* Append the line(s) bgpdump -m prints for rec (nothing for some). */
void	bgpdump_text_record(struct outbuf *o, const struct bgp_record *rec,
	    struct bgpdump_opts *opts);

/* Records of a new input follow: forget what was cached. */
void	bgpdump_text_new_file(struct bgpdump_opts *opts);
void	bgpdump_text_free(struct bgpdump_opts *opts);

/* bgpdump's own IPv6 text form (it differs from RFC 5952). */
void	bgpdump_ipv6(struct outbuf *o, const uint8_t *b);

#endif
