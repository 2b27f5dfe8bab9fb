/*
 * nk_gen_out.c -- files of the North Korea re-creation: directories,
 * deterministic gzip and bzip2, names, random numbers.
 *
 * The same input gives the same bytes on every run and machine with the
 * same zlib and libbz2: gzip through deflate() with a header that has no
 * name and modification time 0 (RFC 1952 2.3.1: 0 means no time
 * stamp), bzip2 through BZ2_bzBuffToBuffCompress (no header fields at
 * all).
 */
#include <bzlib.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "samples/nk_gen.h"

void
nk_die(const char *what, const char *detail)
{
	fprintf(stderr, "nk_gen: %s%s%s\n", what, detail ? ": " : "",
	    detail ? detail : "");
	exit(1);
}

/* --- random numbers --------------------------------------------------- */

void
nk_rng_seed(struct nk_rng *r, uint64_t seed)
{
	/* xorshift must not start at 0. */
	r->state = seed ^ 0x9e3779b97f4a7c15ULL;
	if (r->state == 0)
		r->state = 1;
}

/* S. Vigna, "An experimental exploration of Marsaglia's xorshift
 * generators, scrambled", ACM TOMS 42(4), 2016: xorshift64*. */
uint64_t
nk_rng_next(struct nk_rng *r)
{
	uint64_t x = r->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint32_t
nk_rng_below(struct nk_rng *r, uint32_t n)
{
	return (uint32_t)(((nk_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

double
nk_rng_unit(struct nk_rng *r)
{
	return (double)(nk_rng_next(r) >> 11) / 9007199254740992.0;
}

/* splitmix64's finaliser (Steele, Lea, Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014) over a and b. */
uint64_t
nk_mix(uint64_t a, uint64_t b)
{
	uint64_t x = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL);

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* --- buffers ------------------------------------------------------------ */

static void
buf_reserve(struct nk_buf *b, size_t n)
{
	size_t ncap;
	uint8_t *p;

	if (b->len + n <= b->cap)
		return;
	ncap = b->cap ? b->cap : 4096;
	while (ncap < b->len + n)
		ncap *= 2;
	p = realloc(b->data, ncap);
	if (p == NULL)
		nk_die("out of memory", NULL);
	b->data = p;
	b->cap = ncap;
}

void
nk_buf_put(struct nk_buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
nk_buf_printf(struct nk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		nk_die("bad format", fmt);
	buf_reserve(b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
nk_buf_free(struct nk_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* --- files ---------------------------------------------------------------- */

static void
make_parents(const char *path)
{
	char buf[1024];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		nk_die("path too long", path);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) == -1 && errno != EEXIST)
			nk_die(strerror(errno), buf);
		*p = '/';
	}
}

/* RFC 1952 through zlib: windowBits 15 + 16 asks deflate for the gzip
 * wrapper, whose default header has no name and time 0. */
static void
gzip_into(struct nk_buf *out, const void *data, size_t len)
{
	z_stream z;
	uint8_t chunk[65536];
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		nk_die("deflateInit2 failed", NULL);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = deflate(&z, Z_FINISH);
		if (rc == Z_STREAM_ERROR)
			nk_die("deflate failed", NULL);
		nk_buf_put(out, chunk, sizeof(chunk) - z.avail_out);
	} while (rc != Z_STREAM_END);
	deflateEnd(&z);
}

static void
bzip2_into(struct nk_buf *out, const void *data, size_t len)
{
	/* bzip2's worst case: 1% larger plus 600 bytes. */
	unsigned int olen = (unsigned int)(len + len / 100 + 601);
	int rc;

	out->len = 0;
	buf_reserve(out, olen);
	rc = BZ2_bzBuffToBuffCompress((char *)out->data, &olen,
	    (char *)(uintptr_t)data, (unsigned int)len, 9, 0, 0);
	if (rc != BZ_OK)
		nk_die("bzip2 failed", NULL);
	out->len = olen;
}

void
nk_write_file(const char *path, enum nk_compress how, const void *data,
    size_t len)
{
	struct nk_buf out = { 0 };
	FILE *fp;

	if (how == NK_GZIP)
		gzip_into(&out, data, len);
	else
		bzip2_into(&out, data, len);
	make_parents(path);
	fp = fopen(path, "wb");
	if (fp == NULL)
		nk_die(strerror(errno), path);
	if (fwrite(out.data, 1, out.len, fp) != out.len || fclose(fp) != 0)
		nk_die("write failed", path);
	nk_buf_free(&out);
}

void
nk_stamp(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y%m%d.%H%M", &tm);
}
