/*
 * test_cursor.c -- the bounds-checked reader under every decoder
 * (parsers/cursor.h).
 *
 * The contract: a get either returns 0, stores its value and advances, or
 * returns -1 and leaves both the cursor and the output untouched.
 * Integers are big-endian (network byte order, RFC 1700 / RFC 4271 4.1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/cursor.h"

/* Distinct bytes, so that a read from the wrong place shows. */
static const uint8_t seq[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
	0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
};

/* A cursor over seq starting at offset start, ending at end. */
static struct cursor
window(size_t start, size_t end)
{
	struct cursor c;

	cursor_init(&c, seq, end);
	assert_int_equal(cursor_skip(&c, start), 0);
	return c;
}

static void
test_init(void **state)
{
	struct cursor c;

	(void)state;
	cursor_init(&c, seq, sizeof(seq));
	assert_ptr_equal(c.buf, seq);
	assert_int_equal(cursor_pos(&c), 0);
	assert_int_equal(cursor_left(&c), sizeof(seq));

	cursor_init(&c, NULL, 0);
	assert_int_equal(cursor_left(&c), 0);
}

static void
test_u8(void **state)
{
	struct cursor c = window(0, 1);
	uint8_t v = 0xee;

	(void)state;
	assert_int_equal(cursor_get_u8(&c, &v), 0);
	assert_int_equal(v, 0x01);
	assert_int_equal(cursor_left(&c), 0);
	assert_int_equal(cursor_pos(&c), 1);

	/* Empty: -1, nothing stored, nothing moved. */
	v = 0xee;
	assert_int_equal(cursor_get_u8(&c, &v), -1);
	assert_int_equal(v, 0xee);
	assert_int_equal(cursor_pos(&c), 1);
}

static void
test_n16(void **state)
{
	struct cursor c = window(2, 4);
	uint16_t v = 0xeeee;

	(void)state;
	assert_int_equal(cursor_get_n16(&c, &v), 0);
	assert_int_equal(v, 0x0304);		/* big-endian */
	assert_int_equal(cursor_left(&c), 0);

	c = window(2, 3);
	v = 0xeeee;
	assert_int_equal(cursor_get_n16(&c, &v), -1);
	assert_int_equal(v, 0xeeee);
	assert_int_equal(cursor_pos(&c), 2);
	assert_int_equal(cursor_left(&c), 1);
}

static void
test_n32(void **state)
{
	struct cursor c = window(1, 5);
	uint32_t v = 0xeeeeeeee;

	(void)state;
	assert_int_equal(cursor_get_n32(&c, &v), 0);
	assert_int_equal(v, 0x02030405);
	assert_int_equal(cursor_left(&c), 0);

	/* Three of four bytes: nothing may be consumed. */
	c = window(1, 4);
	v = 0xeeeeeeee;
	assert_int_equal(cursor_get_n32(&c, &v), -1);
	assert_int_equal(v, 0xeeeeeeee);
	assert_int_equal(cursor_pos(&c), 1);
	assert_int_equal(cursor_left(&c), 3);
}

static void
test_n32_high_bit(void **state)
{
	static const uint8_t b[] = { 0xff, 0xfe, 0x80, 0x01 };
	struct cursor c;
	uint32_t v;

	(void)state;
	/* No sign extension from the high octets. */
	cursor_init(&c, b, sizeof(b));
	assert_int_equal(cursor_get_n32(&c, &v), 0);
	assert_true(v == 0xfffe8001u);
}

static void
test_n64(void **state)
{
	static const uint8_t b[] = { 0x80, 0, 0, 0, 0, 0, 0, 0x01 };
	struct cursor c = window(3, 11);
	uint64_t v = 0;

	(void)state;
	assert_int_equal(cursor_get_n64(&c, &v), 0);
	assert_true(v == 0x0405060708090a0bULL);
	assert_int_equal(cursor_left(&c), 0);

	cursor_init(&c, b, sizeof(b));
	assert_int_equal(cursor_get_n64(&c, &v), 0);
	assert_true(v == 0x8000000000000001ULL);

	/*
	 * Seven of eight bytes: the get is made of two 32-bit halves and
	 * the first would fit; it must not be taken either.
	 */
	c = window(3, 10);
	v = 42;
	assert_int_equal(cursor_get_n64(&c, &v), -1);
	assert_true(v == 42);
	assert_int_equal(cursor_pos(&c), 3);
	assert_int_equal(cursor_left(&c), 7);
}

static void
test_get_bytes(void **state)
{
	struct cursor c = window(4, 8);
	uint8_t out[8];

	(void)state;
	memset(out, 0xee, sizeof(out));
	assert_int_equal(cursor_get_bytes(&c, out, 4), 0);
	assert_memory_equal(out, seq + 4, 4);
	assert_int_equal(out[4], 0xee);		/* nothing beyond n */
	assert_int_equal(cursor_left(&c), 0);

	/* Zero bytes always succeed, even on an empty cursor. */
	assert_int_equal(cursor_get_bytes(&c, out, 0), 0);
	assert_int_equal(cursor_pos(&c), 8);

	c = window(4, 8);
	memset(out, 0xee, sizeof(out));
	assert_int_equal(cursor_get_bytes(&c, out, 5), -1);
	assert_int_equal(out[0], 0xee);
	assert_int_equal(cursor_pos(&c), 4);
}

static void
test_get_ref(void **state)
{
	struct cursor c = window(5, 9);
	const uint8_t *p = NULL, *q;

	(void)state;
	/* A reference into the buffer itself, not a copy. */
	assert_int_equal(cursor_get_ref(&c, &p, 3), 0);
	assert_ptr_equal(p, seq + 5);
	assert_int_equal(cursor_pos(&c), 8);

	q = p;
	assert_int_equal(cursor_get_ref(&c, &p, 2), -1);
	assert_ptr_equal(p, q);
	assert_int_equal(cursor_pos(&c), 8);

	assert_int_equal(cursor_get_ref(&c, &p, 1), 0);
	assert_ptr_equal(p, seq + 8);
	assert_int_equal(cursor_left(&c), 0);

	assert_int_equal(cursor_get_ref(&c, &p, 0), 0);
	assert_ptr_equal(p, seq + 9);
}

static void
test_skip(void **state)
{
	struct cursor c = window(0, 6);

	(void)state;
	assert_int_equal(cursor_skip(&c, 0), 0);
	assert_int_equal(cursor_pos(&c), 0);
	assert_int_equal(cursor_skip(&c, 4), 0);
	assert_int_equal(cursor_pos(&c), 4);
	assert_int_equal(cursor_skip(&c, 3), -1);
	assert_int_equal(cursor_pos(&c), 4);
	assert_int_equal(cursor_skip(&c, 2), 0);
	assert_int_equal(cursor_left(&c), 0);
	/* A huge skip cannot wrap around. */
	assert_int_equal(cursor_skip(&c, SIZE_MAX), -1);
	assert_int_equal(cursor_pos(&c), 6);
}

static void
test_peek(void **state)
{
	struct cursor c = window(6, 7);
	uint8_t v = 0;

	(void)state;
	assert_int_equal(cursor_peek_u8(&c, &v), 0);
	assert_int_equal(v, 0x07);
	assert_int_equal(cursor_pos(&c), 6);	/* not consumed */
	assert_int_equal(cursor_peek_u8(&c, &v), 0);
	assert_int_equal(cursor_get_u8(&c, &v), 0);
	assert_int_equal(v, 0x07);

	v = 0xee;
	assert_int_equal(cursor_peek_u8(&c, &v), -1);
	assert_int_equal(v, 0xee);
}

static void
test_sub(void **state)
{
	struct cursor c = window(2, 12), sub;
	uint8_t v;
	uint32_t w;

	(void)state;
	assert_int_equal(cursor_sub(&c, 5, &sub), 0);
	/* The parent moved past the sub-cursor's bytes. */
	assert_int_equal(cursor_pos(&c), 7);
	assert_int_equal(cursor_left(&c), 5);
	/* The sub-cursor starts at 0 and holds exactly n bytes. */
	assert_int_equal(cursor_pos(&sub), 0);
	assert_int_equal(cursor_left(&sub), 5);
	assert_int_equal(cursor_get_u8(&sub, &v), 0);
	assert_int_equal(v, 0x03);
	assert_int_equal(cursor_get_n32(&sub, &w), 0);
	assert_int_equal(w, 0x04050607);
	/* Its end is its own, although the parent has more. */
	assert_int_equal(cursor_get_u8(&sub, &v), -1);
	assert_int_equal(cursor_get_u8(&c, &v), 0);
	assert_int_equal(v, 0x08);
}

static void
test_sub_short(void **state)
{
	struct cursor c = window(2, 6), sub, before;

	(void)state;
	cursor_init(&sub, seq, 1);
	before = sub;
	/* An inner length that overruns its container is caught there. */
	assert_int_equal(cursor_sub(&c, 5, &sub), -1);
	assert_int_equal(cursor_pos(&c), 2);
	assert_ptr_equal(sub.buf, before.buf);
	assert_int_equal(sub.len, before.len);

	/* Exactly what is left, and an empty sub-cursor, both work. */
	assert_int_equal(cursor_sub(&c, 0, &sub), 0);
	assert_int_equal(cursor_left(&sub), 0);
	assert_int_equal(cursor_sub(&c, 4, &sub), 0);
	assert_int_equal(cursor_left(&sub), 4);
	assert_int_equal(cursor_left(&c), 0);
}

static void
test_sub_nested(void **state)
{
	struct cursor c, outer, inner;
	uint16_t v;

	(void)state;
	cursor_init(&c, seq, sizeof(seq));
	assert_int_equal(cursor_sub(&c, 8, &outer), 0);
	assert_int_equal(cursor_skip(&outer, 2), 0);
	assert_int_equal(cursor_sub(&outer, 4, &inner), 0);
	assert_int_equal(cursor_get_n16(&inner, &v), 0);
	assert_int_equal(v, 0x0304);
	/* The inner cannot reach into the outer's remaining bytes. */
	assert_int_equal(cursor_sub(&inner, 3, &c), -1);
	assert_int_equal(cursor_left(&outer), 2);
	assert_int_equal(cursor_get_n16(&outer, &v), 0);
	assert_int_equal(v, 0x0708);
}

/*
 * Every fixed-size get, on every amount of input from none to one more
 * than it needs: success exactly when enough is left, and no movement on
 * failure.
 */
static void
test_every_length(void **state)
{
	size_t need, left;

	(void)state;
	for (need = 1; need <= 8; need++) {
		for (left = 0; left <= need + 1; left++) {
			struct cursor c = window(3, 3 + left);
			int want = left >= need ? 0 : -1;
			uint8_t u8, buf[16];
			uint16_t u16;
			uint32_t u32;
			uint64_t u64;
			const uint8_t *ref;
			int rc;

			switch (need) {
			case 1:
				rc = cursor_get_u8(&c, &u8);
				break;
			case 2:
				rc = cursor_get_n16(&c, &u16);
				break;
			case 4:
				rc = cursor_get_n32(&c, &u32);
				break;
			case 8:
				rc = cursor_get_n64(&c, &u64);
				break;
			default:
				if (need % 2)
					rc = cursor_get_bytes(&c, buf, need);
				else
					rc = cursor_get_ref(&c, &ref, need);
				break;
			}
			assert_int_equal(rc, want);
			assert_int_equal(cursor_pos(&c), want == 0 ? 3 + need :
			    3);
			assert_int_equal(cursor_left(&c), want == 0 ?
			    left - need : left);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_u8),
		cmocka_unit_test(test_n16),
		cmocka_unit_test(test_n32),
		cmocka_unit_test(test_n32_high_bit),
		cmocka_unit_test(test_n64),
		cmocka_unit_test(test_get_bytes),
		cmocka_unit_test(test_get_ref),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_sub),
		cmocka_unit_test(test_sub_short),
		cmocka_unit_test(test_sub_nested),
		cmocka_unit_test(test_every_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
