/*
 * test_event.c -- the event model (analyzer/event.c): event files (every
 * key, comments, lists, relative paths, bad lines with their exact
 * "FILE:LINE: what"), command-line settings over a file (scalars
 * replace, lists replace once then append), validation and the name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/event.h"
#include "analyzer/filter.h"
#include "tests/test_util.h"

static char	tmpdir[64];
static char	errbuf[1024];

static int
group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_event");
}

static int
group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

/* Write text to tmpdir/name; the path goes to path. */
static void
write_event(const char *name, const char *text, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", tmpdir, name);
	assert_int_equal(write_text_file(path, text), 0);
}

/* Load text as an event file named name; the result of event_load. */
static int
load_text(struct event *ev, const char *name, const char *text)
{
	char path[256];

	write_event(name, text, path, sizeof(path));
	event_init(ev);
	errbuf[0] = '\0';
	return event_load(ev, path, errbuf, sizeof(errbuf));
}

static int64_t
T(const char *s)
{
	int64_t t;

	if (parse_time(s, &t, errbuf, sizeof(errbuf)) == -1)
		fail_msg("test time %s: %s", s, errbuf);
	return t;
}

static void
assert_prefix(const struct ip_prefix *got, const char *want)
{
	struct ip_prefix w = prefix_literal(want);

	assert_int_equal(got->addr.afi, w.addr.afi);
	assert_int_equal(got->len, w.len);
	assert_memory_equal(got->addr.bytes, w.addr.bytes, 16);
}

/* ------------------------------------------------------------------ */

static void
test_defaults(void **state)
{
	static const uint16_t ports[] = { 17, 19, 53, 69, 111, 123, 137, 161,
	    389, 520, 1900, 3283, 3702, 5353, 5683, 11211, 27015, 27960 };
	struct event ev;

	(void)state;
	event_init(&ev);
	assert_int_equal(ev.bin, 300);
	assert_int_equal(ev.tuning.full_feed_v4, 400000);
	assert_int_equal(ev.tuning.full_feed_v6, 10000);
	assert_true(ev.tuning.visible_share == 0.5);
	assert_int_equal(ev.tuning.distinct_exact, 4096);
	assert_int_equal(ev.tuning.top, 10);
	assert_int_equal(ev.tuning.peer_silence, 3600);
	assert_int_equal(ev.tuning.nreflection_ports,
	    sizeof(ports) / sizeof(ports[0]));
	assert_memory_equal(ev.tuning.reflection_ports, ports, sizeof(ports));
	assert_false(ev.has_start);
	assert_false(ev.has_end);
	assert_null(ev.name);
	assert_null(ev.path);
	assert_string_equal(event_name(&ev), "event");
	event_free(&ev);
}

/* The North Korea event of the manual, every key used at least once. */
static const char full_event[] =
    "# North Korea, December 2014\n"
    "\n"
    "name   North Korea blackout 2014   # a trailing comment\n"
    "start 2014-12-19T00:00Z\n"
    "end 1419379200\n"
    "\tbin 5m\n"
    "prefix 175.45.176.0/22\n"
    "prefix 210.52.109.0/24, 77.94.35.0/24 2001:db8:1::/48\n"
    "asn AS131279\n"
    "asn 4837,9808\n"
    "country kp\n"
    "host 175.45.176.71\n"
    "host 2001:db8::1\n"
    "registry registry/delegated-apnic-20140214.gz\n"
    "mrt /archive/route-views2/bgpdata/2014.12\n"
    "mrt rrc00/2014.12/updates.*.gz\n"
    "flows flows#1/*.pcap\n"
    "probes ../probes/atlas-5001.json\n"
    "full-feed-ipv4 450000\n"
    "full-feed-ipv6 12000\n"
    "visible-share 0.75\n"
    "distinct-exact 0\n"
    "top 20\n"
    "peer-silence 2h\n"
    "reflection-ports 123, 53 19 53\n"
    "reflection-ports 11211\n"
    "expect blackout 2014-12-22T16:15Z 2014-12-23T01:46Z 15m\n"
    "expect instability 1419120000 1419206400\n"
    "   # an indented comment\n";

static void
test_full_file(void **state)
{
	static const uint16_t ports[] = { 19, 53, 123, 11211 };
	struct event ev;
	char dir[128];

	(void)state;
	assert_int_equal(load_text(&ev, "nk2014.event", full_event), 0);
	snprintf(dir, sizeof(dir), "%s/", tmpdir);

	assert_string_equal(ev.name, "North Korea blackout 2014");
	assert_string_equal(event_name(&ev), "North Korea blackout 2014");
	assert_true(ev.has_start && ev.has_end);
	assert_int_equal(ev.start, T("2014-12-19T00:00:00Z"));
	assert_int_equal(ev.end, 1419379200);
	assert_int_equal(ev.end, T("2014-12-24"));
	assert_int_equal(ev.bin, 300);

	assert_int_equal(ev.nprefixes, 4);
	assert_prefix(&ev.prefixes[0], "175.45.176.0/22");
	assert_prefix(&ev.prefixes[1], "210.52.109.0/24");
	assert_prefix(&ev.prefixes[2], "77.94.35.0/24");
	assert_prefix(&ev.prefixes[3], "2001:db8:1::/48");
	assert_int_equal(ev.nasns, 3);
	assert_int_equal(ev.asns[0], 131279);
	assert_int_equal(ev.asns[1], 4837);
	assert_int_equal(ev.asns[2], 9808);
	assert_int_equal(ev.countries.n, 1);
	assert_string_equal(ev.countries.items[0], "KP");
	assert_int_equal(ev.nhosts, 2);
	assert_int_equal(ev.hosts[0].afi, AFI_IPV4);
	assert_memory_equal(ev.hosts[0].bytes, "\xaf\x2d\xb0\x47", 4);
	assert_int_equal(ev.hosts[1].afi, AFI_IPV6);
	assert_int_equal(ev.hosts[1].bytes[15], 1);

	/* Relative paths are the event file's directory's. */
	assert_int_equal(ev.registries.n, 1);
	assert_int_equal(strncmp(ev.registries.items[0], dir, strlen(dir)),
	    0);
	assert_string_equal(ev.registries.items[0] + strlen(dir),
	    "registry/delegated-apnic-20140214.gz");
	assert_int_equal(ev.mrt.n, 2);
	assert_string_equal(ev.mrt.items[0],
	    "/archive/route-views2/bgpdata/2014.12");
	assert_string_equal(ev.mrt.items[1] + strlen(dir),
	    "rrc00/2014.12/updates.*.gz");
	/* A '#' not after white space is part of the value. */
	assert_int_equal(ev.flows.n, 1);
	assert_string_equal(ev.flows.items[0] + strlen(dir), "flows#1/*.pcap");
	assert_int_equal(ev.probes.n, 1);
	assert_string_equal(ev.probes.items[0] + strlen(dir),
	    "../probes/atlas-5001.json");

	assert_int_equal(ev.tuning.full_feed_v4, 450000);
	assert_int_equal(ev.tuning.full_feed_v6, 12000);
	assert_true(ev.tuning.visible_share == 0.75);
	assert_int_equal(ev.tuning.distinct_exact, 0);
	assert_int_equal(ev.tuning.top, 20);
	assert_int_equal(ev.tuning.peer_silence, 7200);
	/* The first line replaces the default list, the next appends. */
	assert_int_equal(ev.tuning.nreflection_ports, 4);
	assert_memory_equal(ev.tuning.reflection_ports, ports, sizeof(ports));

	assert_int_equal(ev.nexpects, 2);
	assert_string_equal(ev.expects[0].kind, "blackout");
	assert_int_equal(ev.expects[0].start, T("2014-12-22T16:15Z"));
	assert_int_equal(ev.expects[0].end, T("2014-12-23T01:46Z"));
	assert_true(ev.expects[0].has_tolerance);
	assert_int_equal(ev.expects[0].tolerance, 900);
	assert_int_equal(ev.expects[0].line, 27);
	assert_string_equal(ev.expects[1].kind, "instability");
	assert_false(ev.expects[1].has_tolerance);
	assert_int_equal(ev.expects[1].tolerance, 300);
	assert_int_equal(ev.expects[1].line, 28);

	assert_int_equal(event_validate(&ev, errbuf, sizeof(errbuf)), 0);
	event_free(&ev);
}

static void
test_durations(void **state)
{
	static const struct {
		const char	*text;
		int64_t		 seconds;
	} ok[] = {
		{ "300", 300 }, { "5m", 300 }, { "1h", 3600 }, { "1d", 86400 },
		{ "45s", 45 }, { "  90  ", 90 },
	};
	static const char *bad[] = {
		"0", "0m", "-5", "5x", "m", "5 m", "1.5h", "5M",
		"99999999999999999999", "9223372036854775807d",
	};
	struct event ev;
	size_t i;

	(void)state;
	event_init(&ev);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(event_set(&ev, "bin", ok[i].text, 1, errbuf,
		    sizeof(errbuf)), 0);
		assert_int_equal(ev.bin, ok[i].seconds);
		assert_int_equal(event_set(&ev, "peer-silence", ok[i].text, 1,
		    errbuf, sizeof(errbuf)), 0);
		assert_int_equal(ev.tuning.peer_silence, ok[i].seconds);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[256];

		assert_int_equal(event_set(&ev, "bin", bad[i], 1, errbuf,
		    sizeof(errbuf)), -1);
		snprintf(want, sizeof(want), "bin: '%s' is not a duration "
		    "(seconds, or a number with s, m, h or d, greater than 0)",
		    bad[i]);
		assert_string_equal(errbuf, want);
	}
	assert_int_equal(ev.bin, 90);
	event_free(&ev);
}

/* One bad line in a file: event_load's exact message. */
static void
check_bad_line(const char *text, const char *want)
{
	struct event ev;
	char expect[1024];

	if (load_text(&ev, "bad.event", text) != -1)
		fail_msg("accepted: %s", text);
	snprintf(expect, sizeof(expect), "%s/bad.event:%s", tmpdir, want);
	assert_string_equal(errbuf, expect);
	event_free(&ev);
}

static void
test_bad_lines(void **state)
{
	(void)state;
	check_bad_line("frobnicate 12\n", "1: unknown key 'frobnicate'");
	check_bad_line("# c\n\nname x\nstart\n", "4: start: no value");
	check_bad_line("start   # nothing\n", "1: start: no value");
	check_bad_line("start 2014-13-01\n", "1: start: '2014-13-01' is not a "
	    "time (use 2014-12-22T16:15:00Z or unix seconds)");
	check_bad_line("end 2014-02-30T00:00Z\n", "1: end: '2014-02-30T00:00Z' "
	    "is not a time (use 2014-12-22T16:15:00Z or unix seconds)");
	check_bad_line("\n\nbin 0\n", "3: bin: '0' is not a duration (seconds, "
	    "or a number with s, m, h or d, greater than 0)");
	check_bad_line("prefix 10.0.0.0/8 10.0.0.0/33\n",
	    "1: prefix: '10.0.0.0/33': bad prefix length");
	check_bad_line("asn AS13x\n", "1: asn: 'AS13x' is not an AS number");
	check_bad_line("country KPR\n", "1: country: 'KPR' is not a two-letter "
	    "country code (ISO 3166-1 alpha-2)");
	check_bad_line("country K1\n", "1: country: 'K1' is not a two-letter "
	    "country code (ISO 3166-1 alpha-2)");
	check_bad_line("host 175.45.176.0/24\n", "1: host: '175.45.176.0/24' "
	    "is not an IPv4 or IPv6 address");
	check_bad_line("full-feed-ipv4 0\n", "1: full-feed-ipv4: '0' is not a "
	    "whole number from 1 to 4294967295");
	check_bad_line("full-feed-ipv6 4294967296\n", "1: full-feed-ipv6: "
	    "'4294967296' is not a whole number from 1 to 4294967295");
	check_bad_line("distinct-exact -1\n", "1: distinct-exact: '-1' is not "
	    "a whole number from 0 to 4294967295");
	check_bad_line("top 1001\n", "1: top: '1001' is not a whole number "
	    "from 1 to 1000");
	check_bad_line("visible-share 1\n", "1: visible-share: '1' is not a "
	    "number between 0 and 1 (exclusive)");
	check_bad_line("visible-share 0\n", "1: visible-share: '0' is not a "
	    "number between 0 and 1 (exclusive)");
	check_bad_line("visible-share half\n", "1: visible-share: 'half' is "
	    "not a number between 0 and 1 (exclusive)");
	check_bad_line("visible-share nan\n", "1: visible-share: 'nan' is not "
	    "a number between 0 and 1 (exclusive)");
	check_bad_line("reflection-ports 53,65536\n", "1: reflection-ports: "
	    "bad port '65536' (0-65535)");
	check_bad_line("expect blackout 2014-12-22T16:15Z\n",
	    "1: expect: use KIND START END [TOLERANCE]");
	check_bad_line("expect blackout 1 2 3 4\n",
	    "1: expect: use KIND START END [TOLERANCE]");
	check_bad_line("expect blackout 2014-12-23T01:46Z 2014-12-22T16:15Z\n",
	    "1: expect: start '2014-12-23T01:46Z' is not before end "
	    "'2014-12-22T16:15Z'");
	check_bad_line("expect blackout 100 100\n",
	    "1: expect: start '100' is not before end '100'");
	check_bad_line("expect black/out 1 2\n", "1: expect: kind 'black/out' "
	    "is not one word (letters, digits, '-', '_')");
	check_bad_line("expect a-kind-name-much-longer-than-31-chars 1 2\n",
	    "1: expect: kind 'a-kind-name-much-longer-than-31-chars' is longer "
	    "than 31 characters");
	check_bad_line("expect flood 1 2 soon\n", "1: expect: 'soon' is not a "
	    "duration (seconds, or a number with s, m, h or d)");
	check_bad_line("expect flood 2014-12-22 16:15 2014-12-23\n",
	    "1: expect: '16:15' is not a time (use 2014-12-22T16:15:00Z or "
	    "unix seconds)");
	/* Keys are case-sensitive words. */
	check_bad_line("Name x\n", "1: unknown key 'Name'");
	check_bad_line("name#x y\n", "1: unknown key 'name#x'");
}

static void
test_load_errors(void **state)
{
	struct event ev;
	char path[256], want[512];
	FILE *fp;

	(void)state;
	/* A file that is not there: the input layer's message. */
	event_init(&ev);
	snprintf(path, sizeof(path), "%s/no-such.event", tmpdir);
	assert_int_equal(event_load(&ev, path, errbuf, sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, path));
	event_free(&ev);

	/* A NUL byte. */
	snprintf(path, sizeof(path), "%s/nul.event", tmpdir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite("name x\nna\0me\n", 1, 13, fp), 13);
	assert_int_equal(fclose(fp), 0);
	event_init(&ev);
	assert_int_equal(event_load(&ev, path, errbuf, sizeof(errbuf)), -1);
	snprintf(want, sizeof(want), "%s:2: a NUL byte (not a text file?)",
	    path);
	assert_string_equal(errbuf, want);
	event_free(&ev);

	/* A line without its line break, and CRLF lines, are lines. */
	assert_int_equal(load_text(&ev, "crlf.event",
	    "name crlf\r\nbin 1h\r\ntop 3"), 0);
	assert_string_equal(ev.name, "crlf");
	assert_int_equal(ev.bin, 3600);
	assert_int_equal(ev.tuning.top, 3);
	event_free(&ev);
}

/* Several values on a line, spaces and commas, v4 and v6. */
static void
test_lists(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev);
	assert_int_equal(event_set(&ev, "prefix", "10.0.0.0/8,,192.0.2.0/24 "
	    " 2001:db8::/32", 1, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(event_set(&ev, "prefix", "198.51.100.7", 2, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(ev.nprefixes, 4);
	assert_prefix(&ev.prefixes[2], "2001:db8::/32");
	assert_prefix(&ev.prefixes[3], "198.51.100.7/32");
	assert_int_equal(event_set(&ev, "country", "kp, jp cn", 3, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(ev.countries.n, 3);
	assert_string_equal(ev.countries.items[0], "KP");
	assert_string_equal(ev.countries.items[1], "JP");
	assert_string_equal(ev.countries.items[2], "CN");
	assert_int_equal(event_set(&ev, "asn", "AS1.10 as65536", 4, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(ev.nasns, 2);
	assert_int_equal(ev.asns[0], 65546);
	assert_int_equal(ev.asns[1], 65536);
	/* A bad value anywhere in the list fails the line. */
	assert_int_equal(event_set(&ev, "host", "192.0.2.1 nohost", 5, errbuf,
	    sizeof(errbuf)), -1);
	assert_string_equal(errbuf, "host: 'nohost' is not an IPv4 or IPv6 "
	    "address");
	/* A value of separators only is no value. */
	assert_int_equal(event_set(&ev, "prefix", " , ", 6, errbuf,
	    sizeof(errbuf)), -1);
	assert_string_equal(errbuf, "prefix: no value");
	assert_int_equal(ev.nprefixes, 4);
	event_free(&ev);
}

/* Command-line settings (line 0) over a file. */
static void
test_cli_override(void **state)
{
	struct event ev;

	(void)state;
	assert_int_equal(load_text(&ev, "nk2014.event", full_event), 0);

	/* Scalars replace the file's. */
	assert_int_equal(event_set(&ev, "name", "other", 0, errbuf,
	    sizeof(errbuf)), 0);
	assert_string_equal(event_name(&ev), "other");
	assert_int_equal(event_set(&ev, "start", "2014-12-22T12:00Z", 0,
	    errbuf, sizeof(errbuf)), 0);
	assert_int_equal(ev.start, T("2014-12-22T12:00Z"));
	assert_int_equal(event_set(&ev, "top", "5", 0, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(ev.tuning.top, 5);
	/* The bin moves the tolerance of an expect that gave none. */
	assert_int_equal(event_set(&ev, "bin", "60", 0, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(ev.expects[0].tolerance, 900);
	assert_int_equal(ev.expects[1].tolerance, 60);

	/* A list: the first value replaces the file's list ... */
	assert_int_equal(event_set(&ev, "prefix", "192.0.2.0/24", 0, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(ev.nprefixes, 1);
	assert_prefix(&ev.prefixes[0], "192.0.2.0/24");
	/* ... the next ones append. */
	assert_int_equal(event_set(&ev, "prefix", "198.51.100.0/24", 0,
	    errbuf, sizeof(errbuf)), 0);
	assert_int_equal(ev.nprefixes, 2);
	assert_prefix(&ev.prefixes[1], "198.51.100.0/24");

	/* Paths from the command line stay as given. */
	assert_int_equal(event_set(&ev, "mrt", "local/rib.bz2", 0, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(ev.mrt.n, 1);
	assert_string_equal(ev.mrt.items[0], "local/rib.bz2");
	assert_int_equal(event_set(&ev, "mrt", "other/updates.bz2", 0,
	    errbuf, sizeof(errbuf)), 0);
	assert_int_equal(ev.mrt.n, 2);
	assert_string_equal(ev.mrt.items[1], "other/updates.bz2");
	/* Lists not named on the command line are the file's. */
	assert_int_equal(ev.nasns, 3);
	assert_int_equal(ev.flows.n, 1);
	assert_int_equal(ev.countries.n, 1);

	/* Reflection ports: replace, then append, sorted, unique. */
	assert_int_equal(event_set(&ev, "reflection-ports", "500", 0, errbuf,
	    sizeof(errbuf)), 0);
	assert_int_equal(ev.tuning.nreflection_ports, 1);
	assert_int_equal(ev.tuning.reflection_ports[0], 500);
	assert_int_equal(event_set(&ev, "reflection-ports", "4500,500,17", 0,
	    errbuf, sizeof(errbuf)), 0);
	assert_int_equal(ev.tuning.nreflection_ports, 3);
	assert_int_equal(ev.tuning.reflection_ports[0], 17);
	assert_int_equal(ev.tuning.reflection_ports[1], 500);
	assert_int_equal(ev.tuning.reflection_ports[2], 4500);

	/* Expect lines likewise; their line is 0. */
	assert_int_equal(event_set(&ev, "expect", "flood 1419264000 "
	    "1419267600", 0, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(ev.nexpects, 1);
	assert_string_equal(ev.expects[0].kind, "flood");
	assert_int_equal(ev.expects[0].line, 0);
	assert_int_equal(ev.expects[0].tolerance, 60);

	/* Errors from the command line carry no place. */
	assert_int_equal(event_set(&ev, "bogus", "1", 0, errbuf,
	    sizeof(errbuf)), -1);
	assert_string_equal(errbuf, "unknown key 'bogus'");
	assert_int_equal(event_set(&ev, "top", "many", 0, errbuf,
	    sizeof(errbuf)), -1);
	assert_string_equal(errbuf, "top: 'many' is not a whole number from 1 "
	    "to 1000");
	event_free(&ev);
}

/* Settings before any file: paths stay as given even at line > 0. */
static void
test_paths_without_file(void **state)
{
	struct event ev;
	char path[256], cwd[4096];

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	event_init(&ev);
	assert_int_equal(event_set(&ev, "flows", "a/b.pcap", 3, errbuf,
	    sizeof(errbuf)), 0);
	assert_string_equal(ev.flows.items[0], "a/b.pcap");
	event_free(&ev);

	/* An event file named without a directory: paths are as given. */
	write_event("here.event", "probes p.json\nregistry /abs/reg\n", path,
	    sizeof(path));
	assert_int_equal(chdir(tmpdir), 0);
	event_init(&ev);
	assert_int_equal(event_load(&ev, "here.event", errbuf,
	    sizeof(errbuf)), 0);
	assert_string_equal(ev.probes.items[0], "p.json");
	assert_string_equal(ev.registries.items[0], "/abs/reg");
	assert_string_equal(event_name(&ev), "here");
	event_free(&ev);
	assert_int_equal(chdir(cwd), 0);
}

static void
test_name(void **state)
{
	struct event ev;

	(void)state;
	assert_int_equal(load_text(&ev, "egypt.2011.event", "bin 1h\n"), 0);
	assert_string_equal(event_name(&ev), "egypt.2011");
	event_free(&ev);
	assert_int_equal(load_text(&ev, "noext", "bin 1h\n"), 0);
	assert_string_equal(event_name(&ev), "noext");
	event_free(&ev);
	assert_int_equal(load_text(&ev, ".hidden", "bin 1h\n"), 0);
	assert_string_equal(event_name(&ev), ".hidden");
	event_free(&ev);
}

static void
check_invalid(const char *text, const char *want)
{
	struct event ev;

	assert_int_equal(load_text(&ev, "v.event", text), 0);
	assert_int_equal(event_validate(&ev, errbuf, sizeof(errbuf)), -1);
	assert_string_equal(errbuf, want);
	event_free(&ev);
}

static void
test_validate(void **state)
{
	struct event ev;

	(void)state;
	check_invalid("end 2014-12-24\nprefix 10.0.0.0/8\nmrt x\n",
	    "the event has no start time (set start)");
	check_invalid("start 2014-12-19\nprefix 10.0.0.0/8\nmrt x\n",
	    "the event has no end time (set end)");
	check_invalid("start 2014-12-24\nend 2014-12-19\nprefix 10.0.0.0/8\n"
	    "mrt x\n", "start 2014-12-24T00:00:00Z is not before end "
	    "2014-12-19T00:00:00Z");
	check_invalid("start 2014-12-19\nend 2014-12-19\nprefix 10.0.0.0/8\n"
	    "mrt x\n", "start 2014-12-19T00:00:00Z is not before end "
	    "2014-12-19T00:00:00Z");
	/* 2^20 bins fit, one more does not. */
	check_invalid("start 0\nend 1048577\nbin 1\nprefix 10.0.0.0/8\nmrt x\n",
	    "bin 1s cuts 1970-01-01T00:00:00Z to 1970-01-13T03:16:17Z into "
	    "more than 1048576 bins");
	check_invalid("start 2014-12-19\nend 2014-12-24\nmrt x\n",
	    "the event has no target (set prefix, asn, country or host)");
	check_invalid("start 2014-12-19\nend 2014-12-24\ncountry KP\nmrt x\n",
	    "country KP needs a registry file (set registry to an RIR "
	    "delegated statistics file)");
	check_invalid("start 2014-12-19\nend 2014-12-24\nasn 131279\n",
	    "the event has no input (set mrt, flows or probes)");

	assert_int_equal(load_text(&ev, "v.event", "start 0\nend 1048576\n"
	    "bin 1\nhost 192.0.2.1\nprobes p\n"), 0);
	assert_int_equal(event_validate(&ev, errbuf, sizeof(errbuf)), 0);
	event_free(&ev);
	assert_int_equal(load_text(&ev, "v.event", "start 0\nend 10\n"
	    "bin 1d\nasn 1\nflows f\n"), 0);
	assert_int_equal(event_validate(&ev, errbuf, sizeof(errbuf)), 0);
	event_free(&ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_cli_override),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_paths_without_file),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
