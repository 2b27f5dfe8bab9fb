/*
 * test_ip_reassembly.c -- IP datagrams put together again from their
 * fragments (parsers/ip_reassembly.c), through its own API.
 *
 * Fragments are described as the network layer would hand them in (RFC
 * 791 3.2 for IPv4, RFC 8200 4.5 for IPv6), their data cut from one
 * pattern so that a byte out of place shows.  The capture-level tests
 * (test_capture.c) read the same logic through pcap files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/ip_reassembly.h"

#define T0_US		1700000000000000LL	/* 2023-11-14T22:13:20Z */

/* The original datagram's bytes: byte i of any datagram is pat[i]. */
static uint8_t	pat[IP_REASSEMBLY_MAX_LEN + 64];

/* What one ip_reassembly_add() gave. */
struct got {
	enum reassembly_result	 rc;
	const uint8_t		*data;
	size_t			 len;
	struct reassembly_failure fail;
};

/*
 * A fragment of datagram id from 10.0.0.src (or 2001:db8::src) to
 * 10.0.0.100, UDP, bytes [off, off + len) of pat, seen in packet pkt.
 * The data offset a report would name is pkt * 1000 + 34.
 */
static struct ip_fragment
frag(uint8_t afi, uint8_t src, uint32_t id, size_t off, size_t len,
    bool more, uint64_t pkt)
{
	struct ip_fragment f;

	memset(&f, 0, sizeof(f));
	f.afi = afi;
	if (afi == AFI_IPV4) {
		memcpy(f.src, "\x0a\x00\x00", 3);
		f.src[3] = src;
		memcpy(f.dst, "\x0a\x00\x00\x64", 4);
	} else {
		memcpy(f.src, "\x20\x01\x0d\xb8", 4);
		f.src[15] = src;
		memcpy(f.dst, "\x20\x01\x0d\xb8", 4);
		f.dst[15] = 100;
	}
	f.id = id;
	f.proto = 17;
	f.offset = (uint32_t)off;
	f.more = more;
	f.data = pat + off;
	f.len = len;
	f.time_us = T0_US;
	f.packet_no = pkt;
	f.data_offset = pkt * 1000 + 34;
	return f;
}

static struct got
add(struct ip_reassembly *r, const struct ip_fragment *f)
{
	struct got g;

	memset(&g, 0, sizeof(g));
	g.rc = ip_reassembly_add(r, f, &g.data, &g.len, &g.fail);
	return g;
}

/* Add an IPv4 fragment of src 10.0.0.1 seen in packet pkt. */
static struct got
add4(struct ip_reassembly *r, uint32_t id, size_t off, size_t len,
    bool more, uint64_t pkt)
{
	struct ip_fragment f = frag(AFI_IPV4, 1, id, off, len, more, pkt);

	return add(r, &f);
}

/* Add a fragment that must be kept. */
static void
held(struct ip_reassembly *r, const struct ip_fragment *f)
{
	assert_int_equal(add(r, f).rc, REASSEMBLY_HELD);
}

/* Add an IPv4 fragment of 10.0.0.1 that must be kept. */
static void
held4(struct ip_reassembly *r, uint32_t id, size_t off, size_t len,
    bool more, uint64_t pkt)
{
	assert_int_equal(add4(r, id, off, len, more, pkt).rc, REASSEMBLY_HELD);
}

static void
assert_whole(const struct got *g, size_t len)
{
	assert_int_equal(g->rc, REASSEMBLY_DONE);
	assert_int_equal(g->len, len);
	assert_memory_equal(g->data, pat, len);
}

static void
assert_failed(const struct got *g, uint64_t pkt, const char *detail)
{
	assert_int_equal(g->rc, REASSEMBLY_FAILED);
	assert_int_equal(g->fail.packet_no, pkt);
	assert_int_equal(g->fail.offset, pkt * 1000 + 34);
	assert_string_equal(g->fail.detail, detail);
}

static int
setup(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pat); i++)
		pat[i] = (uint8_t)(i * 31 + (i >> 8) + 7);
	return 0;
}

/* Each test gets a new table in *state. */
static int
table_new(void **state)
{
	return (*state = ip_reassembly_new()) == NULL ? -1 : 0;
}

static int
table_free(void **state)
{
	ip_reassembly_free(*state);
	return 0;
}

static void
test_in_order(void **state)
{
	struct ip_reassembly *r = *state;
	struct got g;

	assert_int_equal(ip_reassembly_pending(r), 0);
	held4(r, 0x1234, 0, 1480, true, 1);
	assert_int_equal(ip_reassembly_pending(r), 1);
	held4(r, 0x1234, 1480, 1480, true, 2);
	g = add4(r, 0x1234, 2960, 48, false, 3);
	assert_whole(&g, 3008);
	assert_int_equal(ip_reassembly_pending(r), 0);
	ip_reassembly_free(NULL);	/* like free(3) */
}

static void
test_out_of_order(void **state)
{
	struct ip_reassembly *r = *state;
	struct got g;

	/* Last first, then the middle, then the first; two interleaved. */
	held4(r, 2, 1000, 1000, false, 1);
	held4(r, 3, 504, 8, false, 2);
	held4(r, 2, 504, 496, true, 3);
	assert_int_equal(ip_reassembly_pending(r), 2);
	g = add4(r, 2, 0, 504, true, 4);
	assert_whole(&g, 2000);
	g = add4(r, 3, 0, 504, true, 5);
	assert_whole(&g, 512);
	assert_int_equal(ip_reassembly_pending(r), 0);
}

/* An exact duplicate is dropped (RFC 8200 4.5); the datagram goes on. */
static void
test_duplicate(void **state)
{
	struct ip_reassembly *r = *state;
	struct got g;

	held4(r, 9, 0, 8, true, 1);
	held4(r, 9, 0, 8, true, 2);
	held4(r, 9, 16, 5, false, 3);
	held4(r, 9, 16, 5, false, 4);
	assert_int_equal(ip_reassembly_pending(r), 1);
	g = add4(r, 9, 8, 8, true, 5);
	assert_whole(&g, 21);
}

/* RFC 5722: overlapping fragments drop the whole datagram. */
static void
test_overlap(void **state)
{
	struct ip_reassembly *r = *state;
	struct ip_fragment f;
	struct got g;
	uint8_t other[8];

	f = frag(AFI_IPV4, 3, 0x99, 0, 1480, true, 3);
	held(r, &f);
	f = frag(AFI_IPV4, 3, 0x99, 1000, 1480, true, 4);
	g = add(r, &f);
	assert_failed(&g, 4, "IPv4 datagram id 0x99 from 10.0.0.3: 1 fragment, "
	    "1480 bytes, last fragment missing: overlapping fragments "
	    "(RFC 5722)");
	assert_int_equal(ip_reassembly_pending(r), 0);

	/* Same place, other bytes: not a duplicate. */
	f = frag(AFI_IPV4, 3, 0x9a, 0, 8, true, 5);
	held(r, &f);
	memset(other, 0xee, sizeof(other));
	f.data = other;
	f.packet_no = 6;
	f.data_offset = 6034;
	g = add(r, &f);
	assert_failed(&g, 6, "IPv4 datagram id 0x9a from 10.0.0.3: 1 fragment, "
	    "8 bytes, last fragment missing: overlapping fragments "
	    "(RFC 5722)");
}

/* Fragments that contradict one another, or could never fit. */
static void
test_inconsistent(void **state)
{
	struct ip_reassembly *r = *state;
	struct got g;

	held4(r, 1, 0, 8, true, 1);
	held4(r, 1, 16, 8, false, 2);
	g = add4(r, 1, 16, 16, false, 3);
	assert_failed(&g, 3, "IPv4 datagram id 0x1 from 10.0.0.1: 2 fragments, "
	    "16 of 24 bytes: two last fragments ending at different bytes");

	assert_int_equal(add4(r, 2, 0, 8, false, 4).rc, REASSEMBLY_DONE);
	held4(r, 3, 32, 8, true, 5);
	g = add4(r, 3, 8, 8, false, 6);
	assert_failed(&g, 6, "IPv4 datagram id 0x3 from 10.0.0.1: 1 fragment, "
	    "8 bytes, last fragment missing: data past the end the last "
	    "fragment gives");

	/* Not the last, yet not a multiple of 8: alone, or ending one. */
	g = add4(r, 4, 0, 42, true, 7);
	assert_failed(&g, 7, "IPv4 fragment id 0x4: a fragment of 42 bytes "
	    "that is not the last one (not a multiple of 8)");
	held4(r, 4, 0, 8, true, 8);
	g = add4(r, 4, 8, 0, true, 9);
	assert_failed(&g, 9, "IPv4 datagram id 0x4 from 10.0.0.1: 1 fragment, "
	    "8 bytes, last fragment missing: a fragment of 0 bytes that is "
	    "not the last one (not a multiple of 8)");
	assert_int_equal(ip_reassembly_pending(r), 0);
}

/* The last fragment never came: given up at the end, oldest first. */
static void
test_missing_last(void **state)
{
	struct ip_reassembly *r = *state;
	struct reassembly_failure fail;

	assert_false(ip_reassembly_flush_one(r, "end", &fail));
	held4(r, 0x1234, 1480, 1480, true, 3);
	held4(r, 0x1235, 0, 1480, true, 4);
	held4(r, 0x1234, 0, 1480, true, 5);
	held4(r, 0x1236, 2960, 48, false, 6);
	assert_true(ip_reassembly_flush_one(r, "incomplete at the end", &fail));
	assert_int_equal(fail.packet_no, 3);
	assert_int_equal(fail.offset, 3034);
	assert_string_equal(fail.detail, "IPv4 datagram id 0x1234 from "
	    "10.0.0.1: 2 fragments, 2960 bytes, last fragment missing: "
	    "incomplete at the end");
	assert_true(ip_reassembly_flush_one(r, "end", &fail));
	assert_int_equal(fail.packet_no, 4);
	assert_true(ip_reassembly_flush_one(r, "end", &fail));
	assert_int_equal(fail.packet_no, 6);
	assert_string_equal(fail.detail, "IPv4 datagram id 0x1236 from "
	    "10.0.0.1: 1 fragment, 48 of 3008 bytes: end");
	assert_false(ip_reassembly_flush_one(r, "end", &fail));
	assert_int_equal(ip_reassembly_pending(r), 0);
}

/* Incomplete for more than IP_REASSEMBLY_US of the caller's clock. */
static void
test_timeout(void **state)
{
	struct ip_reassembly *r = *state;
	struct reassembly_failure fail;
	struct ip_fragment f;

	assert_false(ip_reassembly_expire_one(r, T0_US + IP_REASSEMBLY_US * 2,
	    &fail));
	f = frag(AFI_IPV4, 4, 0x77, 0, 1480, true, 5);
	held(r, &f);
	f = frag(AFI_IPV4, 5, 0x78, 0, 8, true, 6);
	f.time_us = T0_US + 10000000;
	held(r, &f);
	/* Time that runs back, or not past the limit, gives nothing up. */
	assert_false(ip_reassembly_expire_one(r, T0_US - 1, &fail));
	assert_false(ip_reassembly_expire_one(r, T0_US + IP_REASSEMBLY_US,
	    &fail));
	assert_true(ip_reassembly_expire_one(r, T0_US + IP_REASSEMBLY_US + 1,
	    &fail));
	assert_int_equal(fail.packet_no, 5);
	assert_int_equal(fail.offset, 5034);
	assert_string_equal(fail.detail, "IPv4 datagram id 0x77 from 10.0.0.4: "
	    "1 fragment, 1480 bytes, last fragment missing: incomplete after "
	    "30 s");
	assert_int_equal(ip_reassembly_pending(r), 1);
	assert_false(ip_reassembly_expire_one(r, T0_US + IP_REASSEMBLY_US + 1,
	    &fail));
	assert_true(ip_reassembly_expire_one(r, T0_US + 10000000 +
	    IP_REASSEMBLY_US + 1, &fail));
	assert_int_equal(fail.packet_no, 6);
	assert_int_equal(ip_reassembly_pending(r), 0);
}

/* A full table gives up the datagram first seen earliest for a new one. */
static void
test_eviction_when_full(void **state)
{
	struct ip_reassembly *r = *state;
	struct got g;
	uint32_t i;

	for (i = 0; i < IP_REASSEMBLY_MAX; i++)
		held4(r, i, 0, 1480, true, i + 1);
	assert_int_equal(ip_reassembly_pending(r), IP_REASSEMBLY_MAX);
	g = add4(r, IP_REASSEMBLY_MAX, 0, 1480, true, IP_REASSEMBLY_MAX + 1);
	assert_failed(&g, 1, "IPv4 datagram id 0x0 from 10.0.0.1: 1 fragment, "
	    "1480 bytes, last fragment missing: evicted, 64 datagrams already "
	    "in reassembly");
	assert_int_equal(ip_reassembly_pending(r), IP_REASSEMBLY_MAX);
	/* The new one was kept: it completes. */
	g = add4(r, IP_REASSEMBLY_MAX, 1480, 20, false, IP_REASSEMBLY_MAX + 2);
	assert_whole(&g, 1500);
	assert_int_equal(ip_reassembly_pending(r), IP_REASSEMBLY_MAX - 1);
	/* A free slot again: no eviction.  Then full: id 1 goes. */
	held4(r, 0, 1480, 20, false, 100);
	g = add4(r, 1000, 0, 8, true, 101);
	assert_int_equal(g.rc, REASSEMBLY_FAILED);
	assert_int_equal(g.fail.packet_no, 2);
	assert_int_equal(ip_reassembly_pending(r), IP_REASSEMBLY_MAX);
}

/* IPv6 identifications are 32 bits; the family is part of the key. */
static void
test_ipv6_ids(void **state)
{
	struct ip_reassembly *r = *state;
	struct ip_fragment f;
	struct reassembly_failure fail;
	struct got g;

	f = frag(AFI_IPV6, 1, 0x00001234, 0, 1232, true, 1);
	held(r, &f);
	f = frag(AFI_IPV6, 1, 0xabcd1234, 0, 1232, true, 2);
	held(r, &f);
	f = frag(AFI_IPV4, 1, 0x1234, 0, 1232, true, 3);
	held(r, &f);
	assert_int_equal(ip_reassembly_pending(r), 3);
	f = frag(AFI_IPV6, 1, 0x00001234, 1232, 100, false, 4);
	g = add(r, &f);
	assert_whole(&g, 1332);
	assert_true(ip_reassembly_flush_one(r, "end", &fail));
	assert_string_equal(fail.detail, "IPv6 datagram id 0xabcd1234 from "
	    "2001:db8::1: 1 fragment, 1232 bytes, last fragment missing: end");
	assert_true(ip_reassembly_flush_one(r, "end", &fail));
	assert_string_equal(fail.detail, "IPv4 datagram id 0x1234 from "
	    "10.0.0.1: 1 fragment, 1232 bytes, last fragment missing: end");
	assert_int_equal(ip_reassembly_pending(r), 0);
}

/* Up to IP_REASSEMBLY_MAX_LEN bytes of IP payload, not one more. */
static void
test_max_size(void **state)
{
	struct ip_reassembly *r = *state;
	struct got g;
	size_t last = IP_REASSEMBLY_MAX_LEN / 8 * 8;

	held4(r, 5, 0, last, true, 1);
	g = add4(r, 5, last, IP_REASSEMBLY_MAX_LEN - last, false, 2);
	assert_whole(&g, IP_REASSEMBLY_MAX_LEN);

	held4(r, 6, 0, last, true, 3);
	g = add4(r, 6, last, 8, false, 4);
	assert_failed(&g, 4, "IPv4 datagram id 0x6 from 10.0.0.1: 1 fragment, "
	    "65528 bytes, last fragment missing: fragment ends at byte 65536, "
	    "past 65535");
	g = add4(r, 7, last, 16, true, 5);
	assert_failed(&g, 5, "IPv4 fragment id 0x7: fragment ends at byte "
	    "65544, past 65535");
	assert_int_equal(ip_reassembly_pending(r), 0);
}

#define TABLE_TEST(t) cmocka_unit_test_setup_teardown(t, table_new, table_free)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TABLE_TEST(test_in_order),
		TABLE_TEST(test_out_of_order),
		TABLE_TEST(test_duplicate),
		TABLE_TEST(test_overlap),
		TABLE_TEST(test_inconsistent),
		TABLE_TEST(test_missing_last),
		TABLE_TEST(test_timeout),
		TABLE_TEST(test_eviction_when_full),
		TABLE_TEST(test_ipv6_ids),
		TABLE_TEST(test_max_size),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
