/*
 * outbuf.c -- buffered formatting of numbers, addresses and times.
 */
#include <stdlib.h>
#include <time.h>

#include "reports/outbuf.h"

int
outbuf_init(struct outbuf *o, FILE *fp)
{
	o->fp = fp;
	o->len = 0;
	o->failed = false;
	o->buf = malloc(OUTBUF_SIZE + OUTBUF_SLACK);
	return o->buf == NULL ? -1 : 0;
}

int
outbuf_flush(struct outbuf *o)
{
	if (o->fp == NULL) {
		/* A scratch buffer: nowhere to write. */
		o->failed = true;
		o->len = 0;
		return -1;
	}
	if (o->len > 0 && fwrite(o->buf, 1, o->len, o->fp) != o->len)
		o->failed = true;
	o->len = 0;
	if (fflush(o->fp) != 0)
		o->failed = true;
	return o->failed ? -1 : 0;
}

void
outbuf_free(struct outbuf *o)
{
	free(o->buf);
	o->buf = NULL;
}

void
outbuf_u64(struct outbuf *o, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	outbuf_reserve(o, (size_t)n);
	while (n > 0)
		o->buf[o->len++] = tmp[--n];
}

void
outbuf_i64(struct outbuf *o, int64_t v)
{
	if (v < 0) {
		outbuf_char(o, '-');
		outbuf_u64(o, (uint64_t)0 - (uint64_t)v);
	} else
		outbuf_u64(o, (uint64_t)v);
}

void
outbuf_u32_pad(struct outbuf *o, uint32_t v, int width)
{
	char tmp[10];
	int i;

	if (width > 10)
		width = 10;
	for (i = width - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	outbuf_mem(o, tmp, (size_t)width);
}

void
outbuf_ipv4(struct outbuf *o, const uint8_t *b)
{
	int i;

	outbuf_reserve(o, 16);
	for (i = 0; i < 4; i++) {
		unsigned int v = b[i];

		if (i > 0)
			o->buf[o->len++] = '.';
		if (v >= 100) {
			o->buf[o->len++] = (char)('0' + v / 100);
			v %= 100;
			o->buf[o->len++] = (char)('0' + v / 10);
			o->buf[o->len++] = (char)('0' + v % 10);
		} else if (v >= 10) {
			o->buf[o->len++] = (char)('0' + v / 10);
			o->buf[o->len++] = (char)('0' + v % 10);
		} else
			o->buf[o->len++] = (char)('0' + v);
	}
}

static void
hex16(struct outbuf *o, unsigned int w)
{
	static const char digits[] = "0123456789abcdef";
	int shift;
	bool lead = true;

	for (shift = 12; shift >= 0; shift -= 4) {
		unsigned int d = (w >> shift) & 0xf;

		if (lead && d == 0 && shift > 0)
			continue;
		lead = false;
		o->buf[o->len++] = digits[d];
	}
}

/*
 * RFC 5952 4: lower case, no leading zeros, the longest run of two or
 * more zero groups (the first of equals) as "::", IPv4-mapped as
 * ::ffff:a.b.c.d.
 */
void
outbuf_ipv6(struct outbuf *o, const uint8_t *b)
{
	unsigned int w[8];
	int i, best = -1, bestlen = 0, run = 0, start = 0;
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };

	if (memcmp(b, mapped, 12) == 0) {
		outbuf_str(o, "::ffff:");
		outbuf_ipv4(o, b + 12);
		return;
	}
	for (i = 0; i < 8; i++)
		w[i] = (unsigned int)b[2 * i] << 8 | b[2 * i + 1];
	for (i = 0; i < 8; i++) {
		if (w[i] == 0) {
			if (run == 0)
				start = i;
			run++;
			if (run > bestlen) {
				bestlen = run;
				best = start;
			}
		} else
			run = 0;
	}
	if (bestlen < 2)
		best = -1;
	outbuf_reserve(o, 48);
	for (i = 0; i < 8; i++) {
		if (i == best) {
			o->buf[o->len++] = ':';
			o->buf[o->len++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			o->buf[o->len++] = ':';
		hex16(o, w[i]);
	}
}

void
outbuf_addr(struct outbuf *o, const struct ip_addr *a)
{
	if (a->afi == AFI_IPV4)
		outbuf_ipv4(o, a->bytes);
	else if (a->afi == AFI_IPV6)
		outbuf_ipv6(o, a->bytes);
}

void
outbuf_prefix(struct outbuf *o, const struct ip_prefix *p)
{
	outbuf_addr(o, &p->addr);
	outbuf_char(o, '/');
	outbuf_u64(o, p->len);
}

void
outbuf_iso_time(struct outbuf *o, int64_t t, uint32_t usec)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL) {
		outbuf_i64(o, t);
		return;
	}
	outbuf_u32_pad(o, (uint32_t)(tm.tm_year + 1900), 4);
	outbuf_char(o, '-');
	outbuf_u32_pad(o, (uint32_t)(tm.tm_mon + 1), 2);
	outbuf_char(o, '-');
	outbuf_u32_pad(o, (uint32_t)tm.tm_mday, 2);
	outbuf_char(o, 'T');
	outbuf_u32_pad(o, (uint32_t)tm.tm_hour, 2);
	outbuf_char(o, ':');
	outbuf_u32_pad(o, (uint32_t)tm.tm_min, 2);
	outbuf_char(o, ':');
	outbuf_u32_pad(o, (uint32_t)tm.tm_sec, 2);
	outbuf_char(o, '.');
	outbuf_u32_pad(o, usec, 6);
	outbuf_char(o, 'Z');
}
