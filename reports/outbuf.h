/*
 * outbuf.h -- a large output buffer with cheap appends, so that writers
 * format millions of lines without a printf per field.
 */
#ifndef LIGHTSOUT_OUTBUF_H
#define LIGHTSOUT_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parsers/bgp_record.h"

#define OUTBUF_SIZE	(1024 * 1024)
#define OUTBUF_SLACK	(64 * 1024)	/* most one line can need at once */

struct outbuf {
	FILE	*fp;
	char	*buf;
	size_t	 len;
	bool	 failed;	/* a write failed (errno kept) */
	/* The last second outbuf_iso_time_ms formatted, reused. */
	bool	 stamp_valid;
	int64_t	 stamp_secs;
	char	 stamp[19];	/* 2014-12-22T16:15:03 */
};

int	outbuf_init(struct outbuf *o, FILE *fp);
/* Write out what is buffered; -1 on a write error. */
int	outbuf_flush(struct outbuf *o);
void	outbuf_free(struct outbuf *o);

/* Flush when fewer than need bytes are left. */
static inline void
outbuf_reserve(struct outbuf *o, size_t need)
{
	if (o->len + need > OUTBUF_SIZE + OUTBUF_SLACK)
		(void)outbuf_flush(o);
}

static inline void
outbuf_mem(struct outbuf *o, const void *p, size_t n)
{
	if (o->len + n > OUTBUF_SIZE + OUTBUF_SLACK) {
		(void)outbuf_flush(o);
		if (n > OUTBUF_SIZE) {
			if (fwrite(p, 1, n, o->fp) != n)
				o->failed = true;
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static inline void
outbuf_str(struct outbuf *o, const char *s)
{
	outbuf_mem(o, s, strlen(s));
}

static inline void
outbuf_char(struct outbuf *o, char c)
{
	if (o->len + 1 > OUTBUF_SIZE + OUTBUF_SLACK)
		(void)outbuf_flush(o);
	o->buf[o->len++] = c;
}

/* Decimal, without leading zeros. */
void	outbuf_u64(struct outbuf *o, uint64_t v);
/* The same into dst (room for 20 bytes); returns the length. */
size_t	format_u64(char *dst, uint64_t v);
void	outbuf_i64(struct outbuf *o, int64_t v);
/* Exactly width digits, zero-padded. */
void	outbuf_u32_pad(struct outbuf *o, uint32_t v, int width);

/* Dotted quad of the first four bytes. */
void	outbuf_ipv4(struct outbuf *o, const uint8_t *b);
/* RFC 5952 text of an IPv6 address. */
void	outbuf_ipv6(struct outbuf *o, const uint8_t *b);
/* An address of either family (nothing for an absent one). */
void	outbuf_addr(struct outbuf *o, const struct ip_addr *a);
void	outbuf_prefix(struct outbuf *o, const struct ip_prefix *p);
/* ISO 8601 UTC with microseconds: 2014-12-22T16:15:03.000000Z */
void	outbuf_iso_time(struct outbuf *o, int64_t t, uint32_t usec);
/* ISO 8601 UTC with milliseconds: 2014-12-22T16:15:03.250Z (no gmtime). */
void	outbuf_iso_time_ms(struct outbuf *o, int64_t ms);
/* Seconds since the epoch as 2014-12-22T16:15:03Z. */
void	outbuf_iso_time_s(struct outbuf *o, int64_t secs);

#endif
