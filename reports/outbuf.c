/*
 * outbuf.c -- buffered formatting of numbers, addresses and times.
 */
#include <stdlib.h>
#include <time.h>

#include "parsers/civil_time.h"
#include "reports/outbuf.h"

int
outbuf_init(struct outbuf *o, FILE *fp)
{
	o->fp = fp;
	o->len = 0;
	o->failed = false;
	o->stamp_valid = false;
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

/* "00".."99", to write two digits per division. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

size_t
format_u64(char *dst, uint64_t v)
{
	char tmp[20], *p = tmp + sizeof(tmp);
	size_t n;

	while (v >= 100) {
		unsigned int d = (unsigned int)(v % 100) * 2;

		v /= 100;
		*--p = digit_pairs[d + 1];
		*--p = digit_pairs[d];
	}
	if (v >= 10) {
		*--p = digit_pairs[v * 2 + 1];
		*--p = digit_pairs[v * 2];
	} else
		*--p = (char)('0' + v);
	n = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(dst, p, n);
	return n;
}

void
outbuf_u64(struct outbuf *o, uint64_t v)
{
	outbuf_reserve(o, 20);
	o->len += format_u64(o->buf + o->len, v);
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

/* Each octet's text, left-aligned in four bytes, and its length. */
static const char octet_text[256][4] = {
#define O1(n) { (char)('0' + (n)) }
#define O2(n) { (char)('0' + (n) / 10), (char)('0' + (n) % 10) }
#define O3(n) { (char)('0' + (n) / 100), (char)('0' + (n) / 10 % 10), \
	    (char)('0' + (n) % 10) }
#define R10(f, b) f(b), f(b + 1), f(b + 2), f(b + 3), f(b + 4), f(b + 5), \
	    f(b + 6), f(b + 7), f(b + 8), f(b + 9)
	R10(O1, 0), R10(O2, 10), R10(O2, 20), R10(O2, 30), R10(O2, 40),
	R10(O2, 50), R10(O2, 60), R10(O2, 70), R10(O2, 80), R10(O2, 90),
	R10(O3, 100), R10(O3, 110), R10(O3, 120), R10(O3, 130), R10(O3, 140),
	R10(O3, 150), R10(O3, 160), R10(O3, 170), R10(O3, 180), R10(O3, 190),
	R10(O3, 200), R10(O3, 210), R10(O3, 220), R10(O3, 230), R10(O3, 240),
	O3(250), O3(251), O3(252), O3(253), O3(254), O3(255),
#undef R10
#undef O3
#undef O2
#undef O1
};

void
outbuf_ipv4(struct outbuf *o, const uint8_t *b)
{
	char *p;
	int i;

	outbuf_reserve(o, 20);	/* 15 bytes, and 3 more the copies touch */
	p = o->buf + o->len;
	for (i = 0; i < 4; i++) {
		unsigned int v = b[i];

		/* Copy all four bytes, advance by the octet's length. */
		memcpy(p, octet_text[v], 4);
		p += v >= 100 ? 3 : v >= 10 ? 2 : 1;
		*p++ = '.';
	}
	o->len = (size_t)(p - 1 - o->buf);
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

/* v in exactly width digits at dst. */
static void
pad_digits(char *dst, unsigned v, int width)
{
	while (width-- > 0) {
		dst[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * Make o->stamp hold second secs ("2014-12-22T16:15:03"); false when the
 * year has no four digits.  Flows come in time order, many per second:
 * the text of the last second is kept and reused.
 */
static bool
stamp_second(struct outbuf *o, int64_t secs)
{
	int64_t days, rem, year;
	unsigned month, day, s;
	char *t = o->stamp;

	if (o->stamp_valid && o->stamp_secs == secs)
		return true;
	days = secs / 86400;
	rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, &year, &month, &day);
	if (year < 0 || year > 9999)
		return false;
	s = (unsigned)rem;
	pad_digits(t, (unsigned)year, 4);
	t[4] = '-';
	pad_digits(t + 5, month, 2);
	t[7] = '-';
	pad_digits(t + 8, day, 2);
	t[10] = 'T';
	pad_digits(t + 11, s / 3600, 2);
	t[13] = ':';
	pad_digits(t + 14, s / 60 % 60, 2);
	t[16] = ':';
	pad_digits(t + 17, s % 60, 2);
	o->stamp_secs = secs;
	o->stamp_valid = true;
	return true;
}

void
outbuf_iso_time_ms(struct outbuf *o, int64_t ms)
{
	int64_t secs = ms / 1000, rem = ms % 1000;

	if (rem < 0) {
		rem += 1000;
		secs--;
	}
	if (!stamp_second(o, secs)) {
		outbuf_i64(o, ms);
		return;
	}
	outbuf_reserve(o, sizeof(o->stamp) + 5);
	memcpy(o->buf + o->len, o->stamp, sizeof(o->stamp));
	o->len += sizeof(o->stamp);
	o->buf[o->len++] = '.';
	pad_digits(o->buf + o->len, (unsigned)rem, 3);
	o->len += 3;
	o->buf[o->len++] = 'Z';
}

void
outbuf_iso_time_s(struct outbuf *o, int64_t secs)
{
	if (!stamp_second(o, secs)) {
		outbuf_i64(o, secs);
		return;
	}
	outbuf_reserve(o, sizeof(o->stamp) + 1);
	memcpy(o->buf + o->len, o->stamp, sizeof(o->stamp));
	o->len += sizeof(o->stamp);
	o->buf[o->len++] = 'Z';
}
