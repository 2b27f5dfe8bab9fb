/*
 * cursor.h -- the one bounds-checked reader every binary decoder uses.
 *
 * A cursor is a window [pos, len) over a buffer it does not own.  Every
 * get either returns 0 and advances, or returns -1 and leaves the cursor
 * where it was: a short buffer is an error value, never a read past the
 * end.  Integers are read in network byte order, as on the wire.  The
 * shape follows bgpctl's ibuf_get_n16() and friends.
 *
 * Decoders never do pointer arithmetic on record bytes themselves; they
 * take sub-cursors (cursor_sub) for length-prefixed parts, so an inner
 * length that overruns its container is caught at the container.
 */
#ifndef LIGHTSOUT_CURSOR_H
#define LIGHTSOUT_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
	const uint8_t	*buf;
	size_t		 len;
	size_t		 pos;
};

static inline void
cursor_init(struct cursor *c, const void *buf, size_t len)
{
	c->buf = buf;
	c->len = len;
	c->pos = 0;
}

static inline size_t
cursor_left(const struct cursor *c)
{
	return c->len - c->pos;
}

/* Position relative to the start of the buffer the cursor was made on. */
static inline size_t
cursor_pos(const struct cursor *c)
{
	return c->pos;
}

static inline int
cursor_get_u8(struct cursor *c, uint8_t *out)
{
	if (cursor_left(c) < 1)
		return -1;
	*out = c->buf[c->pos];
	c->pos += 1;
	return 0;
}

static inline int
cursor_get_n16(struct cursor *c, uint16_t *out)
{
	if (cursor_left(c) < 2)
		return -1;
	*out = (uint16_t)((uint16_t)c->buf[c->pos] << 8 | c->buf[c->pos + 1]);
	c->pos += 2;
	return 0;
}

static inline int
cursor_get_n32(struct cursor *c, uint32_t *out)
{
	const uint8_t *p;

	if (cursor_left(c) < 4)
		return -1;
	p = c->buf + c->pos;
	*out = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
	c->pos += 4;
	return 0;
}

static inline int
cursor_get_n64(struct cursor *c, uint64_t *out)
{
	uint32_t hi, lo;

	if (cursor_left(c) < 8)
		return -1;
	(void)cursor_get_n32(c, &hi);
	(void)cursor_get_n32(c, &lo);
	*out = (uint64_t)hi << 32 | lo;
	return 0;
}

/* Copy n bytes out. */
static inline int
cursor_get_bytes(struct cursor *c, void *out, size_t n)
{
	if (cursor_left(c) < n)
		return -1;
	if (n > 0)
		memcpy(out, c->buf + c->pos, n);
	c->pos += n;
	return 0;
}

/* Borrow n bytes in place (valid while the underlying buffer lives). */
static inline int
cursor_get_ref(struct cursor *c, const uint8_t **out, size_t n)
{
	if (cursor_left(c) < n)
		return -1;
	*out = c->buf + c->pos;
	c->pos += n;
	return 0;
}

static inline int
cursor_skip(struct cursor *c, size_t n)
{
	if (cursor_left(c) < n)
		return -1;
	c->pos += n;
	return 0;
}

/*
 * Split off the next n bytes as their own cursor and advance past them.
 * The sub-cursor's positions start at 0.
 */
static inline int
cursor_sub(struct cursor *c, size_t n, struct cursor *sub)
{
	if (cursor_left(c) < n)
		return -1;
	cursor_init(sub, c->buf + c->pos, n);
	c->pos += n;
	return 0;
}

/* Look at the next byte without consuming it. */
static inline int
cursor_peek_u8(const struct cursor *c, uint8_t *out)
{
	if (cursor_left(c) < 1)
		return -1;
	*out = c->buf[c->pos];
	return 0;
}

#endif
