/*
 * test_target.c -- an event's target resolved (analyzer/target.c):
 * prefixes and their more-specifics covered, less-specifics not, the
 * most specific target prefix of a prefix, IPv4 and IPv6, hosts, ASNs,
 * sorting and duplicates, countries through the real APNIC registry
 * file, and thousands of random prefixes against a plain linear scan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/event.h"
#include "analyzer/filter.h"
#include "analyzer/target.h"
#include "tests/test_util.h"

#define APNIC	"tests/data/registry/delegated-apnic-20140214.gz"

static char	errbuf[512], warnbuf[512];

static void
set(struct event *ev, const char *key, const char *value)
{
	if (event_set(ev, key, value, 1, errbuf, sizeof(errbuf)) == -1)
		fail_msg("event_set %s %s: %s", key, value, errbuf);
}

static void
build(struct target *t, const struct event *ev)
{
	errbuf[0] = warnbuf[0] = '\0';
	if (target_build(t, ev, warnbuf, sizeof(warnbuf), errbuf,
	    sizeof(errbuf)) == -1)
		fail_msg("target_build: %s", errbuf);
}

static bool
same_prefix(const struct ip_prefix *a, const struct ip_prefix *b)
{
	return a->len == b->len && prefix_contains(a, b);
}

/* The index of the most specific target prefix holding s, or -1. */
static long
index_of(const struct target *t, const char *s)
{
	struct ip_prefix p = prefix_literal(s);

	return target_prefix_index(t, &p);
}

/* t->prefixes[i] is the prefix s. */
static void
assert_index_is(const struct target *t, long i, const char *s)
{
	struct ip_prefix p = prefix_literal(s);

	assert_true(i >= 0 && (size_t)i < t->nprefixes);
	if (!same_prefix(&t->prefixes[i], &p))
		fail_msg("index %ld is not %s", i, s);
}

static bool
covers(const struct target *t, const char *s)
{
	struct ip_prefix p = prefix_literal(s);

	return target_covers_prefix(t, &p);
}

static bool
covers_addr(const struct target *t, const char *s)
{
	struct ip_addr a = addr_literal(s);

	return target_covers_addr(t, &a);
}

/* ------------------------------------------------------------------ */

static void
test_prefixes(void **state)
{
	struct event ev;
	struct target t;

	(void)state;
	event_init(&ev);
	set(&ev, "prefix", "2001:db8:1::/48 10.0.0.0/8 192.0.2.0/24");
	set(&ev, "prefix", "2001:db8::/32 10.0.0.0/8");
	build(&t, &ev);

	/* Sorted by (family, address, length), duplicates gone. */
	assert_int_equal(t.nprefixes, 4);
	assert_index_is(&t, 0, "10.0.0.0/8");
	assert_index_is(&t, 1, "192.0.2.0/24");
	assert_index_is(&t, 2, "2001:db8::/32");
	assert_index_is(&t, 3, "2001:db8:1::/48");

	/* A target prefix, and inside one. */
	assert_true(covers(&t, "10.0.0.0/8"));
	assert_true(covers(&t, "10.1.2.0/24"));
	assert_true(covers(&t, "10.255.255.255/32"));
	assert_true(covers(&t, "192.0.2.128/25"));
	assert_true(covers(&t, "2001:db8:ffff::/48"));
	/* Less specific, beside, or of the other family: not. */
	assert_false(covers(&t, "10.0.0.0/7"));
	assert_false(covers(&t, "0.0.0.0/0"));
	assert_false(covers(&t, "11.0.0.0/8"));
	assert_false(covers(&t, "9.255.255.0/24"));
	assert_false(covers(&t, "192.0.2.0/23"));
	assert_false(covers(&t, "192.0.3.0/24"));
	assert_false(covers(&t, "2001:db8::/31"));
	assert_false(covers(&t, "2001:db9::/48"));
	assert_false(covers(&t, "::/0"));
	assert_false(covers(&t, "::ffff:10.0.0.0/104"));

	/* The most specific holder. */
	assert_index_is(&t, index_of(&t, "10.9.8.0/24"), "10.0.0.0/8");
	assert_index_is(&t, index_of(&t, "2001:db8:1:5::/64"),
	    "2001:db8:1::/48");
	assert_index_is(&t, index_of(&t, "2001:db8:1::/48"),
	    "2001:db8:1::/48");
	assert_index_is(&t, index_of(&t, "2001:db8:2::/48"), "2001:db8::/32");
	assert_index_is(&t, index_of(&t, "2001:db8::/33"), "2001:db8::/32");
	assert_int_equal(index_of(&t, "2001:db8::/31"), -1);
	assert_int_equal(index_of(&t, "193.0.0.0/8"), -1);

	/* Addresses. */
	assert_true(covers_addr(&t, "10.0.0.0"));
	assert_true(covers_addr(&t, "10.255.255.255"));
	assert_false(covers_addr(&t, "11.0.0.0"));
	assert_false(covers_addr(&t, "9.255.255.255"));
	assert_true(covers_addr(&t, "192.0.2.255"));
	assert_false(covers_addr(&t, "192.0.3.0"));
	assert_true(covers_addr(&t, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
	assert_false(covers_addr(&t, "2001:db9::"));
	assert_false(covers_addr(&t, "::ffff:10.0.0.1"));
	{
		struct ip_addr none;

		memset(&none, 0, sizeof(none));
		assert_false(target_covers_addr(&t, &none));
	}
	target_free(&t);
	event_free(&ev);
}

/* Neighbours merge into one run for addresses, not for prefixes. */
static void
test_adjacent(void **state)
{
	struct event ev;
	struct target t;

	(void)state;
	event_init(&ev);
	set(&ev, "prefix", "10.128.0.0/9 10.0.0.0/9 255.255.255.0/24");
	set(&ev, "prefix", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00/120");
	set(&ev, "prefix", "0.0.0.0/8");
	build(&t, &ev);
	assert_true(covers_addr(&t, "10.127.255.255"));
	assert_true(covers_addr(&t, "10.128.0.0"));
	assert_true(covers_addr(&t, "10.200.0.1"));
	assert_false(covers_addr(&t, "11.0.0.0"));
	assert_true(covers_addr(&t, "0.0.0.0"));
	assert_true(covers_addr(&t, "255.255.255.255"));
	assert_false(covers_addr(&t, "255.255.254.255"));
	assert_true(covers_addr(&t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
	assert_false(covers_addr(&t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:feff"));
	/* 10/8 is not inside either half. */
	assert_false(covers(&t, "10.0.0.0/8"));
	assert_index_is(&t, index_of(&t, "10.128.5.0/24"), "10.128.0.0/9");
	assert_index_is(&t, index_of(&t, "10.127.5.0/24"), "10.0.0.0/9");
	target_free(&t);
	event_free(&ev);
}

/* Nesting several deep, and siblings between holder and query. */
static void
test_nested(void **state)
{
	struct event ev;
	struct target t;

	(void)state;
	event_init(&ev);
	set(&ev, "prefix", "10.0.0.0/8 10.0.0.0/16 10.0.0.0/24 10.1.0.0/16");
	set(&ev, "prefix", "10.0.128.0/17 10.0.200.0/24 10.0.0.128/25");
	build(&t, &ev);
	assert_index_is(&t, index_of(&t, "10.0.0.0/8"), "10.0.0.0/8");
	assert_index_is(&t, index_of(&t, "10.0.0.0/12"), "10.0.0.0/8");
	assert_index_is(&t, index_of(&t, "10.0.0.0/16"), "10.0.0.0/16");
	assert_index_is(&t, index_of(&t, "10.0.0.5/32"), "10.0.0.0/24");
	assert_index_is(&t, index_of(&t, "10.0.0.200/32"), "10.0.0.128/25");
	assert_index_is(&t, index_of(&t, "10.0.1.0/24"), "10.0.0.0/16");
	assert_index_is(&t, index_of(&t, "10.0.127.0/24"), "10.0.0.0/16");
	assert_index_is(&t, index_of(&t, "10.0.200.7/32"), "10.0.200.0/24");
	assert_index_is(&t, index_of(&t, "10.0.201.0/24"), "10.0.128.0/17");
	assert_index_is(&t, index_of(&t, "10.0.255.0/24"), "10.0.128.0/17");
	assert_index_is(&t, index_of(&t, "10.1.0.0/16"), "10.1.0.0/16");
	assert_index_is(&t, index_of(&t, "10.2.0.0/16"), "10.0.0.0/8");
	assert_index_is(&t, index_of(&t, "10.255.0.0/16"), "10.0.0.0/8");
	/* Host bits beyond the length do not matter. */
	{
		struct ip_prefix p = prefix_literal("10.0.200.0/24");

		p.addr.bytes[3] = 99;
		assert_index_is(&t, target_prefix_index(&t, &p),
		    "10.0.200.0/24");
	}
	target_free(&t);
	event_free(&ev);
}

static void
test_hosts_and_asns(void **state)
{
	struct event ev;
	struct target t;
	struct ip_addr a;

	(void)state;
	event_init(&ev);
	set(&ev, "host", "2001:db8::1 192.0.2.77 198.51.100.1 192.0.2.77");
	set(&ev, "asn", "131279 AS4837 131279 9808");
	build(&t, &ev);
	assert_int_equal(t.nprefixes, 0);
	assert_int_equal(t.nhosts, 3);
	assert_int_equal(t.hosts[0].afi, AFI_IPV4);
	assert_memory_equal(t.hosts[0].bytes, "\xc0\x00\x02\x4d", 4);
	assert_memory_equal(t.hosts[1].bytes, "\xc6\x33\x64\x01", 4);
	assert_int_equal(t.hosts[2].afi, AFI_IPV6);

	a = addr_literal("192.0.2.77");
	assert_int_equal(target_host_index(&t, &a), 0);
	assert_true(target_covers_addr(&t, &a));
	a = addr_literal("2001:db8::1");
	assert_int_equal(target_host_index(&t, &a), 2);
	assert_true(target_covers_addr(&t, &a));
	a = addr_literal("192.0.2.78");
	assert_int_equal(target_host_index(&t, &a), -1);
	assert_false(target_covers_addr(&t, &a));
	a = addr_literal("::c000:24d");	/* 192.0.2.77's bytes, as IPv6 */
	assert_int_equal(target_host_index(&t, &a), -1);
	/* Hosts are addresses, not prefixes. */
	assert_false(covers(&t, "192.0.2.77/32"));
	assert_int_equal(index_of(&t, "192.0.2.77/32"), -1);

	assert_int_equal(t.nasns, 3);
	assert_int_equal(t.asns[0], 4837);
	assert_int_equal(t.asns[1], 9808);
	assert_int_equal(t.asns[2], 131279);
	assert_true(target_has_asn(&t, 131279));
	assert_true(target_has_asn(&t, 4837));
	assert_false(target_has_asn(&t, 131280));
	assert_false(target_has_asn(&t, 0));
	target_free(&t);
	event_free(&ev);
}

/* ------------------------------------------------------------------ */
/* Random tables against a linear scan                                 */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/*
 * A random prefix; addresses drawn from a few small regions so that
 * prefixes nest and neighbour each other often.
 */
static struct ip_prefix
random_prefix(bool v6, unsigned minlen, unsigned maxlen)
{
	struct ip_prefix p;
	unsigned i, bits;

	memset(&p, 0, sizeof(p));
	p.addr.afi = v6 ? AFI_IPV6 : AFI_IPV4;
	bits = v6 ? 128 : 32;
	p.addr.bytes[0] = (uint8_t)(v6 ? 0x20 : 10 + rng() % 3);
	for (i = 1; i < bits / 8; i++)
		p.addr.bytes[i] = (uint8_t)rng();
	p.addr.bytes[1] &= 0x0f;
	p.len = (uint8_t)(minlen + rng() % (maxlen - minlen + 1));
	for (i = p.len; i < bits; i++)
		p.addr.bytes[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	return p;
}

static long
linear_index(const struct target *t, const struct ip_prefix *p)
{
	long best = -1;
	size_t i;

	for (i = 0; i < t->nprefixes; i++)
		if (prefix_contains(&t->prefixes[i], p) &&
		    (best < 0 || t->prefixes[i].len > t->prefixes[best].len))
			best = (long)i;
	return best;
}

static void
test_random_against_linear(void **state)
{
	struct event ev;
	struct target t;
	struct ip_prefix p, host;
	int i, inside = 0;

	(void)state;
	event_init(&ev);
	ev.prefixes = calloc(3000, sizeof(*ev.prefixes));
	assert_non_null(ev.prefixes);
	for (i = 0; i < 3000; i++)
		ev.prefixes[ev.nprefixes++] = random_prefix(i % 3 == 0,
		    i % 3 == 0 ? 4 : 6, i % 3 == 0 ? 28 : 20);
	build(&t, &ev);
	for (i = 1; i < (int)t.nprefixes; i++) {
		/* Sorted and unique. */
		assert_true(t.prefixes[i - 1].addr.afi < t.prefixes[i].addr.afi ||
		    memcmp(t.prefixes[i - 1].addr.bytes,
		    t.prefixes[i].addr.bytes, 16) < 0 ||
		    (memcmp(t.prefixes[i - 1].addr.bytes,
		    t.prefixes[i].addr.bytes, 16) == 0 &&
		    t.prefixes[i - 1].len < t.prefixes[i].len));
	}
	for (i = 0; i < 50000; i++) {
		long want;

		p = random_prefix(i % 3 == 0, 0, i % 3 == 0 ? 40 : 32);
		want = linear_index(&t, &p);
		assert_int_equal(target_prefix_index(&t, &p), want);
		assert_int_equal(target_covers_prefix(&t, &p), want >= 0);
		/* An address is covered when its host route is. */
		host = p;
		host.len = p.addr.afi == AFI_IPV4 ? 32 : 128;
		for (int b = p.len; b < host.len; b++)
			if (rng() & 1)
				host.addr.bytes[b / 8] |= (uint8_t)(0x80 >>
				    (b % 8));
		want = linear_index(&t, &host);
		assert_int_equal(target_covers_addr(&t, &host.addr), want >= 0);
		inside += want >= 0;
	}
	/* The draw must exercise both answers. */
	assert_true(inside > 5000 && inside < 45000);
	target_free(&t);
	event_free(&ev);
}

/* ------------------------------------------------------------------ */
/* Countries                                                           */

static void
test_country(void **state)
{
	struct event ev;
	struct target t;

	(void)state;
	event_init(&ev);
	set(&ev, "country", "kp");
	set(&ev, "registry", APNIC);
	set(&ev, "prefix", "192.0.2.0/24 175.45.176.0/22");
	set(&ev, "asn", "64496");
	build(&t, &ev);
	/* apnic|KP|ipv4|175.45.176.0|1024 and apnic|KP|asn|131279|1,
	   merged with the event's own (its copy of the /22 once). */
	assert_int_equal(t.nprefixes, 2);
	assert_index_is(&t, 0, "175.45.176.0/22");
	assert_index_is(&t, 1, "192.0.2.0/24");
	assert_int_equal(t.nasns, 2);
	assert_int_equal(t.asns[0], 64496);
	assert_int_equal(t.asns[1], 131279);
	assert_true(covers_addr(&t, "175.45.176.71"));
	assert_true(covers_addr(&t, "175.45.179.255"));
	assert_false(covers_addr(&t, "175.45.180.0"));
	assert_false(covers_addr(&t, "175.45.175.255"));
	assert_true(covers(&t, "175.45.178.0/24"));
	assert_false(covers(&t, "175.45.176.0/21"));
	assert_string_equal(warnbuf, "");
	target_free(&t);

	/* Two countries: BT adds 9 ipv4 and 3 ipv6 prefixes, 6 ASNs. */
	set(&ev, "country", "BT");
	build(&t, &ev);
	assert_int_equal(t.nprefixes, 2 + 9 + 3);
	assert_int_equal(t.nasns, 2 + 6);
	assert_true(covers(&t, "202.144.128.0/19"));	/* BT, 8192 */
	assert_true(covers(&t, "2405:d000:1::/48"));	/* BT, /32 */
	assert_true(target_has_asn(&t, 17660));
	target_free(&t);
	event_free(&ev);
}

static void
test_country_errors(void **state)
{
	struct event ev;
	struct target t;

	(void)state;
	/* A country with nothing in the files. */
	event_init(&ev);
	set(&ev, "country", "KP FR");
	set(&ev, "registry", APNIC);
	assert_int_equal(target_build(&t, &ev, NULL, 0, errbuf,
	    sizeof(errbuf)), -1);
	assert_string_equal(errbuf, "country FR: nothing delegated to it in "
	    "the registry files (" APNIC ")");
	assert_null(t.prefixes);
	event_free(&ev);

	/* A country without a registry file. */
	event_init(&ev);
	set(&ev, "country", "KP");
	assert_int_equal(target_build(&t, &ev, NULL, 0, errbuf,
	    sizeof(errbuf)), -1);
	assert_string_equal(errbuf, "country KP needs a registry file");
	event_free(&ev);

	/* A registry file that cannot be read. */
	event_init(&ev);
	set(&ev, "country", "KP");
	set(&ev, "registry", "tests/data/registry/no-such-file");
	assert_int_equal(target_build(&t, &ev, NULL, 0, errbuf,
	    sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "tests/data/registry/no-such-file"));
	event_free(&ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_adjacent),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_hosts_and_asns),
		cmocka_unit_test(test_random_against_linear),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_country_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
