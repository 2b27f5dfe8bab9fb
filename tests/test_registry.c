/*
 * test_registry.c -- RIR delegated statistics files (analyzer/registry.c).
 *
 * The real APNIC file of 2014-02-14 (tests/data/registry/, gzip): North
 * Korea's AS131279 and 175.45.176.0/22, and per-country figures worked
 * out with awk on the original (the commands are in tests/data/README.md).
 * Hand-written files: IPv4 ranges of any size cut into CIDR prefixes
 * (checked against the arithmetic, and exhaustively for coverage on
 * pseudo-random ranges), IPv6, ASN ranges, statuses, bad records, files
 * that are not delegated statistics.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/filter.h"
#include "analyzer/registry.h"
#include "tests/test_util.h"

#define APNIC	"tests/data/registry/delegated-apnic-20140214.gz"

static char	tmpdir[64];
static char	errbuf[512], warnbuf[512];

static int
group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_registry");
}

static int
group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

/* Read text as a registry file for the countries in ccs. */
static int
read_text(const char *text, const char *const *ccs, size_t ncc,
    struct registry_resources *res)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/reg.txt", tmpdir);
	assert_int_equal(write_text_file(path, text), 0);
	memset(res, 0, sizeof(*res));
	errbuf[0] = warnbuf[0] = '\0';
	return registry_read(path, ccs, ncc, res, warnbuf, sizeof(warnbuf),
	    errbuf, sizeof(errbuf));
}

static void
assert_prefix(const struct ip_prefix *got, const char *want)
{
	struct ip_prefix w = prefix_literal(want);

	if (got->addr.afi != w.addr.afi || got->len != w.len ||
	    memcmp(got->addr.bytes, w.addr.bytes, 16) != 0) {
		char s[INET6_ADDRSTRLEN] = "?";

		inet_ntop(got->addr.afi == AFI_IPV4 ? AF_INET : AF_INET6,
		    got->addr.bytes, s, sizeof(s));
		fail_msg("got %s/%u, want %s", s, got->len, want);
	}
}

static uint64_t
ipv4_of(const struct ip_addr *a)
{
	return (uint64_t)a->bytes[0] << 24 | (uint64_t)a->bytes[1] << 16 |
	    (uint64_t)a->bytes[2] << 8 | a->bytes[3];
}

/* ------------------------------------------------------------------ */
/* The real APNIC file                                                 */

static void
test_apnic_kp(void **state)
{
	const char *const kp[] = { "KP" };
	struct registry_resources res;

	(void)state;
	memset(&res, 0, sizeof(res));
	assert_int_equal(registry_read(APNIC, kp, 1, &res, warnbuf,
	    sizeof(warnbuf), errbuf, sizeof(errbuf)), 0);
	/* apnic|KP|asn|131279|1|20091221|allocated */
	assert_int_equal(res.nasns, 1);
	assert_int_equal(res.asns[0], 131279);
	/* apnic|KP|ipv4|175.45.176.0|1024|20091221|allocated */
	assert_int_equal(res.nprefixes, 1);
	assert_prefix(&res.prefixes[0], "175.45.176.0/22");
	/* The version line says 31803 records; all of them are good. */
	assert_int_equal(res.lines, 31803);
	assert_int_equal(res.bad_lines, 0);
	registry_resources_free(&res);
}

/*
 * Figures from awk on the original file (tests/data/README.md): the
 * ipv4 and ipv6 records, the IPv4 addresses and the ASNs of a country.
 * Every APNIC ipv4 record of this file is an aligned power of two, so
 * each is one prefix.
 */
static const struct {
	const char	*cc;
	size_t		 ipv4_records, ipv6_records;
	uint64_t	 ipv4_addresses;
	size_t		 asns;
} apnic_figures[] = {
	{ "KP", 1, 0, 1024, 1 },
	{ "BT", 9, 3, 25856, 6 },
	{ "MM", 10, 5, 30720, 7 },
	{ "NZ", 1335, 194, 6967296, 422 },
	{ "JP", 3020, 456, 201594112, 1048 },
};

static void
test_apnic_countries(void **state)
{
	struct registry_resources res;
	size_t i, j, v4, v6;
	uint64_t addresses;

	(void)state;
	for (i = 0; i < sizeof(apnic_figures) / sizeof(apnic_figures[0]);
	    i++) {
		const char *const ccs[] = { apnic_figures[i].cc };

		memset(&res, 0, sizeof(res));
		assert_int_equal(registry_read(APNIC, ccs, 1, &res, NULL, 0,
		    errbuf, sizeof(errbuf)), 0);
		v4 = v6 = 0;
		addresses = 0;
		for (j = 0; j < res.nprefixes; j++) {
			if (res.prefixes[j].addr.afi == AFI_IPV4) {
				v4++;
				addresses += 1ull << (32 -
				    res.prefixes[j].len);
			} else
				v6++;
		}
		assert_int_equal(v4, apnic_figures[i].ipv4_records);
		assert_int_equal(v6, apnic_figures[i].ipv6_records);
		assert_int_equal(addresses, apnic_figures[i].ipv4_addresses);
		assert_int_equal(res.nasns, apnic_figures[i].asns);
		registry_resources_free(&res);
	}

	/* Two countries at once: the sums, in file order. */
	{
		const char *const ccs[] = { "BT", "MM" };

		memset(&res, 0, sizeof(res));
		assert_int_equal(registry_read(APNIC, ccs, 2, &res, NULL, 0,
		    errbuf, sizeof(errbuf)), 0);
		assert_int_equal(res.nprefixes, 9 + 3 + 10 + 5);
		assert_int_equal(res.nasns, 6 + 7);
		/* In file order: apnic|MM|asn|9988|..., apnic|BT|asn|17660|...,
		   apnic|MM|asn|18399|... */
		assert_int_equal(res.asns[0], 9988);
		assert_int_equal(res.asns[1], 17660);
		assert_int_equal(res.asns[2], 18399);
		registry_resources_free(&res);
	}

	/* JP's block records list every ASN: apnic|JP|asn|2497|32|... */
	{
		const char *const ccs[] = { "JP" };
		bool seen[32] = { false };

		memset(&res, 0, sizeof(res));
		assert_int_equal(registry_read(APNIC, ccs, 1, &res, NULL, 0,
		    errbuf, sizeof(errbuf)), 0);
		for (j = 0; j < res.nasns; j++)
			if (res.asns[j] >= 2497 && res.asns[j] < 2497 + 32)
				seen[res.asns[j] - 2497] = true;
		for (j = 0; j < 32; j++)
			assert_true(seen[j]);
		registry_resources_free(&res);
	}

	/* No country asked: nothing added, everything read. */
	memset(&res, 0, sizeof(res));
	assert_int_equal(registry_read(APNIC, NULL, 0, &res, NULL, 0, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(res.nprefixes, 0);
	assert_int_equal(res.nasns, 0);
	assert_int_equal(res.lines, 31803);
	registry_resources_free(&res);
}

/* A copy of the .gz cut short: damaged input is an error. */
static void
test_apnic_truncated(void **state)
{
	const char *const kp[] = { "KP" };
	struct registry_resources res;
	char path[256], cmd[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/cut.gz", tmpdir);
	snprintf(cmd, sizeof(cmd), "head -c 100000 %s > '%s'", APNIC, path);
	assert_int_equal(system(cmd), 0);
	memset(&res, 0, sizeof(res));
	assert_int_equal(registry_read(path, kp, 1, &res, NULL, 0, errbuf,
	    sizeof(errbuf)), -1);
	assert_int_equal(strncmp(errbuf, path, strlen(path)), 0);
	assert_non_null(strstr(errbuf, "gzip"));
	registry_resources_free(&res);
}

/* ------------------------------------------------------------------ */
/* Hand-written files                                                  */

#define HEADER \
	"# a comment\n" \
	"2|test|20240101|9|19700101|20240101|+0000\n" \
	"test|*|asn|*|3|summary\n" \
	"test|*|ipv4|*|4|summary\n" \
	"\n"

static void
test_cidr_split(void **state)
{
	static const char text[] = HEADER
	    "test|XA|ipv4|1.0.0.0|768|20110101|allocated\n"
	    "test|XA|ipv4|10.0.0.1|3|20110101|assigned\n"
	    "test|XA|ipv4|192.0.2.0|100|20110101|assigned\n"
	    "test|XA|ipv4|255.255.255.255|1|20110101|assigned\n"
	    "test|XA|ipv4|0.0.0.0|4294967296|20110101|assigned\n"
	    "test|XB|ipv4|198.51.100.0|256|20110101|assigned\n";
	static const char *want[] = {
		"1.0.0.0/23", "1.0.2.0/24",		/* 512 + 256 */
		"10.0.0.1/32", "10.0.0.2/31",		/* 1 + 2 */
		"192.0.2.0/26", "192.0.2.64/27",	/* 64 + 32 + 4 */
		"192.0.2.96/30",
		"255.255.255.255/32",
		"0.0.0.0/0",
	};
	const char *const xa[] = { "XA" };
	struct registry_resources res;
	size_t i;

	(void)state;
	assert_int_equal(read_text(text, xa, 1, &res), 0);
	assert_int_equal(res.nprefixes, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < res.nprefixes; i++)
		assert_prefix(&res.prefixes[i], want[i]);
	assert_int_equal(res.lines, 6);
	assert_int_equal(res.bad_lines, 0);
	assert_string_equal(warnbuf, "");
	registry_resources_free(&res);
}

/*
 * Pseudo-random ranges: the prefixes are aligned, run back to back from
 * the start to the end of the range, and no two neighbours of one size
 * could have been one prefix (so none is cut finer than it must be).
 */
static void
test_cidr_split_random(void **state)
{
	const char *const xa[] = { "XA" };
	struct registry_resources res;
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	char text[256];
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		uint64_t first, count, at;
		size_t i;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		first = (seed >> 32) & 0xffffffffu;
		count = 1 + ((seed >> 8) & ((1u << (round % 24 + 1)) - 1));
		if (first + count > 1ull << 32)
			count = (1ull << 32) - first;
		snprintf(text, sizeof(text), "2|t|1|1|1|1|+0\n"
		    "t|XA|ipv4|%llu.%llu.%llu.%llu|%llu|20110101|assigned\n",
		    (unsigned long long)(first >> 24),
		    (unsigned long long)(first >> 16 & 255),
		    (unsigned long long)(first >> 8 & 255),
		    (unsigned long long)(first & 255),
		    (unsigned long long)count);
		assert_int_equal(read_text(text, xa, 1, &res), 0);
		at = first;
		for (i = 0; i < res.nprefixes; i++) {
			const struct ip_prefix *p = &res.prefixes[i];
			uint64_t size = 1ull << (32 - p->len);

			assert_int_equal(ipv4_of(&p->addr), at);
			assert_int_equal(at % size, 0);
			if (i > 0 && res.prefixes[i - 1].len == p->len)
				assert_int_not_equal(
				    (at - size) % (size * 2), 0);
			at += size;
		}
		assert_int_equal(at, first + count);
		registry_resources_free(&res);
	}
}

static void
test_ipv6_and_asn(void **state)
{
	static const char text[] = HEADER
	    "test|XA|ipv6|2001:db8::|32|20110101|allocated\n"
	    "test|XA|ipv6|2001:db8:1:2::|64|20110101|assigned\n"
	    "test|XA|ipv6|::|0|20110101|assigned\n"
	    "test|XA|asn|64496|16|20110101|allocated\n"
	    "test|XA|asn|4294967295|1|20110101|allocated\n"
	    "test|XB|asn|65000|2|20110101|allocated\n"
	    "test|XB|ipv6|2001:db8:ff::|48|20110101|allocated\n";
	const char *const xa[] = { "XA" };
	struct registry_resources res;
	size_t i;

	(void)state;
	assert_int_equal(read_text(text, xa, 1, &res), 0);
	assert_int_equal(res.nprefixes, 3);
	assert_prefix(&res.prefixes[0], "2001:db8::/32");
	assert_prefix(&res.prefixes[1], "2001:db8:1:2::/64");
	assert_prefix(&res.prefixes[2], "::/0");
	assert_int_equal(res.nasns, 17);
	for (i = 0; i < 16; i++)
		assert_int_equal(res.asns[i], 64496 + i);
	assert_int_equal(res.asns[16], 4294967295u);
	assert_int_equal(res.bad_lines, 0);
	registry_resources_free(&res);
}

/* Extended files: opaque ids, and space that is nobody's. */
static void
test_statuses(void **state)
{
	static const char text[] =
	    "2.3|ripencc|20240101|6|19830705|20240101|+0100\n"
	    "ripencc|*|ipv4|*|4|summary\n"
	    "ripencc|FR|ipv4|2.0.0.0|1048576|20100712|allocated|"
	    "a4b0b7a4-4e7a-4d1e-9b8c-000000000001\n"
	    "ripencc||ipv4|2.56.0.0|1024||available\n"
	    "ripencc|ZZ|ipv4|2.57.0.0|1024||reserved\n"
	    "ripencc|FR|ipv4|2.58.0.0|1024||reserved\n"
	    "ripencc|FR|asn|3215|1|19930901|allocated|a4b0|e-stats\n"
	    "ripencc||asn|7|1||available\n";
	const char *const fr[] = { "FR" };
	struct registry_resources res;

	(void)state;
	assert_int_equal(read_text(text, fr, 1, &res), 0);
	assert_int_equal(res.nprefixes, 1);
	assert_prefix(&res.prefixes[0], "2.0.0.0/12");
	assert_int_equal(res.nasns, 1);
	assert_int_equal(res.asns[0], 3215);
	assert_int_equal(res.lines, 6);
	assert_int_equal(res.bad_lines, 0);
	registry_resources_free(&res);
}

static void
test_bad_records(void **state)
{
	static const char text[] = HEADER
	    "test|XA|ipv4|192.0.2.0|256|20110101|allocated\n"	/* line 6 */
	    "test|XA|ipv4|192.0.2.0|0|20110101|allocated\n"
	    "test|XA|ipv4|300.0.2.0|256|20110101|allocated\n"
	    "test|XA|ipv4|255.255.255.0|257|20110101|allocated\n"
	    "test|XA|ipv4|2001:db8::|256|20110101|allocated\n"	/* 10 */
	    "test|XA|ipv6|2001:db8::1|32|20110101|allocated\n"
	    "test|XA|ipv6|2001:db8::|129|20110101|allocated\n"
	    "test|XA|ipv6|192.0.2.0|24|20110101|allocated\n"
	    "test|XA|asn|64496|0|20110101|allocated\n"
	    "test|XA|asn|64496|1000001|20110101|allocated\n"	/* 15 */
	    "test|XA|asn|4294967295|2|20110101|allocated\n"
	    "test|XA|asn|AS64496|1|20110101|allocated\n"
	    "test|XA|ipv5|192.0.2.0|256|20110101|allocated\n"
	    "test|XA|ipv4|192.0.2.0|256|20110101|granted\n"
	    "test|XAB|ipv4|192.0.2.0|256|20110101|allocated\n"	/* 20 */
	    "test|XA|ipv4|192.0.2.0|256\n"
	    "test|XA|ipv4|\"192.0.2.0|256|20110101|allocated\n"
	    "test|XA|asn|64511|1|20110101|assigned\n";
	const char *const xa[] = { "XA" };
	struct registry_resources res;
	char want[512];

	(void)state;
	assert_int_equal(read_text(text, xa, 1, &res), 0);
	/* The good ones are kept around the bad. */
	assert_int_equal(res.nprefixes, 1);
	assert_prefix(&res.prefixes[0], "192.0.2.0/24");
	assert_int_equal(res.nasns, 1);
	assert_int_equal(res.asns[0], 64511);
	assert_int_equal(res.lines, 18);
	assert_int_equal(res.bad_lines, 16);
	/* The first bad one, with its place. */
	snprintf(want, sizeof(want), "%s/reg.txt:7: bad ipv4 range "
	    "'192.0.2.0' count '0'", tmpdir);
	assert_string_equal(warnbuf, want);
	registry_resources_free(&res);

	/* warn keeps a message already there, and may be NULL. */
	memset(&res, 0, sizeof(res));
	snprintf(warnbuf, sizeof(warnbuf), "earlier");
	snprintf(want, sizeof(want), "%s/reg.txt", tmpdir);
	assert_int_equal(registry_read(want, xa, 1, &res, warnbuf,
	    sizeof(warnbuf), errbuf, sizeof(errbuf)), 0);
	assert_string_equal(warnbuf, "earlier");
	assert_int_equal(res.bad_lines, 16);
	assert_int_equal(registry_read(want, xa, 1, &res, NULL, 0, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(res.bad_lines, 32);
	assert_int_equal(res.nprefixes, 2);
	registry_resources_free(&res);
}

/* Each bad record's message, one at a time. */
static void
test_bad_record_messages(void **state)
{
	static const struct {
		const char	*record;
		const char	*why;
	} cases[] = {
		{ "t|XA|ipv4|300.0.2.0|256|1|allocated",
		    "bad ipv4 range '300.0.2.0' count '256'" },
		{ "t|XA|ipv4|255.255.255.0|257|1|allocated",
		    "ipv4 range '255.255.255.0' count '257' runs past "
		    "255.255.255.255" },
		{ "t|XA|ipv6|2001:db8::1|32|1|allocated",
		    "bad ipv6 prefix '2001:db8::1/32'" },
		{ "t|XA|asn|64496|1000001|1|allocated",
		    "bad asn range '64496' count '1000001'" },
		{ "t|XA|ipv5|192.0.2.0|256|1|allocated",
		    "unknown type 'ipv5'" },
		{ "t|XA|ipv4|192.0.2.0|256|1|granted",
		    "unknown status 'granted'" },
		{ "t|XAB|ipv4|192.0.2.0|256|1|allocated",
		    "'XAB' is not a country code" },
		{ "t|XA|ipv4|192.0.2.0|256",
		    "5 fields, not registry|cc|type|start|value|date|status" },
		{ "t|XA|ipv4|\"192.0.2.0|256|1|allocated",
		    "not a '|'-separated line" },
	};
	const char *const xa[] = { "XA" };
	struct registry_resources res;
	char text[256], want[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "2|t|1|1|1|1|+0\n%s\n",
		    cases[i].record);
		assert_int_equal(read_text(text, xa, 1, &res), 0);
		assert_int_equal(res.bad_lines, 1);
		snprintf(want, sizeof(want), "%s/reg.txt:2: %s", tmpdir,
		    cases[i].why);
		assert_string_equal(warnbuf, want);
		registry_resources_free(&res);
	}
}

static void
test_not_registry(void **state)
{
	const char *const xa[] = { "XA" };
	struct registry_resources res;
	char want[512];

	(void)state;
	snprintf(want, sizeof(want), "%s/reg.txt: not an RIR delegated "
	    "statistics file (no version line)", tmpdir);
	/* A record before any version line. */
	assert_int_equal(read_text("# c\ntest|XA|asn|1|1|1|allocated\n", xa,
	    1, &res), -1);
	assert_string_equal(errbuf, want);
	registry_resources_free(&res);
	/* Empty, or comments only. */
	assert_int_equal(read_text("", xa, 1, &res), -1);
	assert_string_equal(errbuf, want);
	assert_int_equal(read_text("# nothing\n\n", xa, 1, &res), -1);
	assert_string_equal(errbuf, want);
	/* A CSV file. */
	assert_int_equal(read_text("time,target\n1,192.0.2.1\n", xa, 1, &res),
	    -1);
	assert_string_equal(errbuf, want);
	/* A version line alone is an empty registry. */
	assert_int_equal(read_text("2|t|1|0|1|1|+0\n", xa, 1, &res), 0);
	assert_int_equal(res.lines, 0);
	registry_resources_free(&res);

	/* A file that is not there: the input layer names it. */
	memset(&res, 0, sizeof(res));
	snprintf(want, sizeof(want), "%s/missing", tmpdir);
	assert_int_equal(registry_read(want, xa, 1, &res, NULL, 0, errbuf,
	    sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, want));
	registry_resources_free(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apnic_kp),
		cmocka_unit_test(test_apnic_countries),
		cmocka_unit_test(test_apnic_truncated),
		cmocka_unit_test(test_cidr_split),
		cmocka_unit_test(test_cidr_split_random),
		cmocka_unit_test(test_ipv6_and_asn),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_bad_record_messages),
		cmocka_unit_test(test_not_registry),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
