/*
 * test_pinglog.c -- the reader of iputils `ping -D` logs.
 *
 * Hand-written logs for each line format (their shapes taken from
 * iputils 20221126 output), damage of each kind, and the two real
 * loopback logs of tests/data/probes/ checked against values worked out
 * by hand from their lines.  Run from the top of the tree.
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

#include "parsers/pinglog.h"
#include "tests/probe_run.h"
#include "tests/test_util.h"

#define DATA_DIR	"tests/data/probes/"

static char	tmpdir[64];

static int
group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_pinglog");
}

static int
group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

static void
run_file(const char *path, const char *vantage, struct run *run)
{
	char errbuf[256];
	struct input *in = input_open(path, errbuf, sizeof(errbuf));
	struct pinglog_reader *r;
	const struct probe_record *rec;
	struct decode_error err;

	assert_non_null(in);
	r = pinglog_open(in, path, vantage);
	assert_non_null(r);
	memset(run, 0, sizeof(*run));
	for (;;) {
		enum probe_status st;

		rec = NULL;
		st = pinglog_next(r, &rec, &err);
		if (st == PROBE_END)
			break;
		keep_result(run, st, rec, &err);
	}
	assert_int_equal(pinglog_next(r, &rec, &err), PROBE_END);
	run->stats = *pinglog_stats(r);
	assert_int_equal(run->stats.items, run->ok);
	pinglog_close(r);
	input_close(in);
}

static void
run_text_as(const char *name, const char *text, const char *vantage,
    bool gzip, struct run *run)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	write_file(path, text, strlen(text), gzip);
	run_file(path, vantage, run);
	unlink(path);
}

static void
run_text(const char *text, struct run *run)
{
	run_text_as("vp1.log", text, NULL, false, run);
}

static void
assert_v4(const struct ip_addr *a, uint8_t b0, uint8_t b1, uint8_t b2,
    uint8_t b3)
{
	static const uint8_t zeros[12];

	assert_int_equal(a->afi, AFI_IPV4);
	assert_int_equal(a->bytes[0], b0);
	assert_int_equal(a->bytes[1], b1);
	assert_int_equal(a->bytes[2], b2);
	assert_int_equal(a->bytes[3], b3);
	assert_memory_equal(a->bytes + 4, zeros, 12);
}

static void
assert_v6(const struct ip_addr *a, const char *text)
{
	uint8_t b[16];

	assert_int_equal(inet_pton(AF_INET6, text, b), 1);
	assert_int_equal(a->afi, AFI_IPV6);
	assert_memory_equal(a->bytes, b, 16);
}

static void
assert_near(double got, double want)
{
	if (got < want - 1e-9 || got > want + 1e-9)
		fail_msg("got %.9f, want %.9f", got, want);
}

static void
assert_rtt(const struct probe_record *p, double mn, double avg, double mx)
{
	assert_true(probe_has(p, PROBE_HAS_RTT));
	assert_near(p->rtt_min, mn);
	assert_near(p->rtt_avg, avg);
	assert_near(p->rtt_max, mx);
}

static void
assert_common(const struct result *res, uint64_t line)
{
	assert_int_equal(res->status, PROBE_OK);
	assert_int_equal(res->rec.kind, PROBE_PING);
	assert_int_equal(res->rec.source, PROBE_SRC_PINGLOG);
	assert_int_equal(res->rec.record_no, line);
}

static void
assert_skip(const struct result *res, uint64_t line, uint64_t offset,
    enum skip_reason reason, const char *part)
{
	assert_int_equal(res->status, PROBE_SKIP);
	assert_int_equal(res->err.reason, reason);
	assert_int_equal(res->err.record_no, line);
	assert_int_equal(res->err.offset, offset);
	if (strstr(res->err.detail, part) == NULL)
		fail_msg("detail '%s' lacks '%s'", res->err.detail, part);
}

/* --- golden: the real loopback logs ------------------------------------ */

static void
test_golden_v4(void **state)
{
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_file(DATA_DIR "local__ping-D-loopback.log", NULL, &run);
	assert_int_equal(run.n, 1);
	assert_common(&run.r[0], 1);
	p = &run.r[0].rec;
	assert_string_equal(run.r[0].vantage, "local__ping-D-loopback");
	assert_null(p->dst_name);
	assert_v4(&p->dst, 127, 0, 0, 1);
	assert_int_equal(p->src.afi, 0);
	assert_true(probe_has(p, PROBE_HAS_AF));
	assert_int_equal(p->af, 4);
	/* [1795542752.669288] first reply, [1795542753.483178] last. */
	assert_true(probe_has(p, PROBE_HAS_TIME | PROBE_HAS_END));
	assert_int_equal(p->time_ms, INT64_C(1795542752669));
	assert_int_equal(p->end_ms, INT64_C(1795542753483));
	/* "5 packets transmitted, 5 received" */
	assert_true(probe_has(p, PROBE_HAS_SENT | PROBE_HAS_RECEIVED));
	assert_int_equal(p->sent, 5);
	assert_int_equal(p->received, 5);
	/* "rtt min/avg/max/mdev = 0.007/0.014/0.030/0.008 ms" */
	assert_rtt(p, 0.007, 0.014, 0.030);
	/* times 0.030 0.014 0.007 0.011 0.008: median 0.011 */
	assert_true(probe_has(p, PROBE_HAS_RTT_MEDIAN));
	assert_near(p->rtt_median, 0.011);
	assert_false(probe_has(p, PROBE_HAS_ERROR));
	assert_int_equal(run.stats.records, 10);
	assert_int_equal(run.stats.decoded, 10);
	assert_int_equal(run.stats.bytes, 581);
}

static void
test_golden_v6(void **state)
{
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_file(DATA_DIR "local__ping-D-loopback6.log", "vp-six", &run);
	assert_int_equal(run.n, 1);
	assert_common(&run.r[0], 1);
	p = &run.r[0].rec;
	assert_string_equal(run.r[0].vantage, "vp-six");
	assert_null(p->dst_name);
	assert_v6(&p->dst, "::1");
	assert_int_equal(p->af, 6);
	assert_int_equal(p->time_ms, INT64_C(1795542753485));
	assert_int_equal(p->end_ms, INT64_C(1795542753891));
	assert_int_equal(p->sent, 3);
	assert_int_equal(p->received, 3);
	/* "rtt min/avg/max/mdev = 0.009/0.037/0.092/0.038 ms" */
	assert_rtt(p, 0.009, 0.037, 0.092);
	/* 0.092 0.010 0.009: median 0.010 */
	assert_near(p->rtt_median, 0.010);
	assert_int_equal(run.stats.bytes, 382);
}

/* Every prefix of the real log: no crash, no invented figures. */
static void
test_prefixes(void **state)
{
	static const char *const files[] = {
		DATA_DIR "local__ping-D-loopback.log",
		DATA_DIR "local__ping-D-loopback6.log",
	};
	size_t f;

	(void)state;
	for (f = 0; f < 2; f++) {
		char buf[1024];
		FILE *fp = fopen(files[f], "rb");
		size_t len, cut;

		assert_non_null(fp);
		len = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		for (cut = 0; cut <= len; cut++) {
			char path[160];
			struct run run;
			size_t i;

			snprintf(path, sizeof(path), "%s/prefix.log", tmpdir);
			write_file(path, buf, cut, cut % 2 == 1);
			run_file(path, NULL, &run);
			unlink(path);
			assert_true(run.ok <= 1);
			assert_true(run.skip <= 1);
			for (i = 0; i < run.n; i++) {
				const struct probe_record *p = &run.r[i].rec;

				if (run.r[i].status != PROBE_OK)
					continue;
				assert_true(!probe_has(p, PROBE_HAS_SENT) ||
				    p->sent <= 5);
				assert_true(p->received <= p->sent ||
				    !probe_has(p, PROBE_HAS_SENT));
			}
			if (cut == len)
				assert_int_equal(run.skip, 0);
		}
	}
}

/* --- formats ----------------------------------------------------------- */

static void
test_named_target_dup_int_time(void **state)
{
	static const char text[] =
	    "PING example.net (192.0.2.7) 56(84) bytes of data.\n"
	    "[1700000000.100000] 64 bytes from host.example.net (192.0.2.7): icmp_seq=1 ttl=57 time=120 ms\n"
	    "[1700000000.100500] 64 bytes from host.example.net (192.0.2.7): icmp_seq=1 ttl=57 time=121 ms (DUP!)\n"
	    "[1700000001.200000] 64 bytes from host.example.net (192.0.2.7): icmp_seq=2 ttl=57 time=10.5 ms\n"
	    "\n"
	    "--- example.net ping statistics ---\n"
	    "2 packets transmitted, 2 received, +1 duplicates, 0% packet loss, time 1001ms\n"
	    "rtt min/avg/max/mdev = 10.500/83.833/121.000/51.000 ms\n";
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 1);
	assert_common(&run.r[0], 1);
	p = &run.r[0].rec;
	assert_string_equal(run.r[0].name, "example.net");
	assert_string_equal(run.r[0].vantage, "vp1");
	assert_v4(&p->dst, 192, 0, 2, 7);
	assert_int_equal(p->time_ms, INT64_C(1700000000100));
	assert_int_equal(p->end_ms, INT64_C(1700000001200));
	assert_int_equal(p->sent, 2);
	assert_int_equal(p->received, 2);
	assert_rtt(p, 10.5, 83.833, 121.0);
	/* The duplicate is left out of the median: 120 and 10.5. */
	assert_near(p->rtt_median, 65.25);
}

/* -I: "from SRC IFACE:" in the header (iputils 20221126, real shape). */
static void
test_source_address(void **state)
{
	static const char text[] =
	    "PING 127.0.0.2 (127.0.0.2) from 127.0.0.1 : 56(84) bytes of data.\n"
	    "[1796001202.817167] 64 bytes from 127.0.0.2: icmp_seq=1 ttl=64 time=0.162 ms\n"
	    "[1796001203.019989] 64 bytes from 127.0.0.2: icmp_seq=2 ttl=64 time=0.042 ms\n"
	    "\n"
	    "--- 127.0.0.2 ping statistics ---\n"
	    "2 packets transmitted, 2 received, 0% packet loss, time 203ms\n"
	    "rtt min/avg/max/mdev = 0.042/0.102/0.162/0.060 ms\n"
	    "PING 10.0.0.9 (10.0.0.9) from 10.0.0.1 eth0: 56(84) bytes of data.\n"
	    "\n"
	    "--- 10.0.0.9 ping statistics ---\n"
	    "1 packets transmitted, 0 received, 100% packet loss, time 0ms\n"
	    "\n";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 2);
	assert_common(&run.r[0], 1);
	assert_v4(&run.r[0].rec.src, 127, 0, 0, 1);
	assert_v4(&run.r[0].rec.dst, 127, 0, 0, 2);
	assert_near(run.r[0].rec.rtt_median, 0.102);
	assert_common(&run.r[1], 8);
	assert_v4(&run.r[1].rec.src, 10, 0, 0, 1);
	assert_int_equal(run.r[1].rec.sent, 1);
	assert_int_equal(run.r[1].rec.received, 0);
	assert_false(probe_has(&run.r[1].rec, PROBE_HAS_RTT));
	assert_false(probe_has(&run.r[1].rec, PROBE_HAS_RTT_MEDIAN));
	assert_false(probe_has(&run.r[1].rec, PROBE_HAS_TIME));
}

/* -O and ICMP errors, IPv6 (shape of a real iputils 20221126 run). */
static void
test_no_answer_and_errors_v6(void **state)
{
	static const char text[] =
	    "PING 2001:db8::1(2001:db8::1) 56 data bytes\n"
	    "[1796001204.547879] no answer yet for icmp_seq=1\n"
	    "[1796001205.059815] no answer yet for icmp_seq=2\n"
	    "[1796001205.059928] From fd00::2 icmp_seq=1 Destination unreachable: Address unreachable\n"
	    "[1796001205.059969] From fd00::2 icmp_seq=2 Destination unreachable: Address unreachable\n"
	    "\n"
	    "--- 2001:db8::1 ping statistics ---\n"
	    "3 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1020ms\n"
	    "\n";
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 1);
	assert_common(&run.r[0], 1);
	p = &run.r[0].rec;
	assert_v6(&p->dst, "2001:db8::1");
	assert_null(p->dst_name);
	assert_int_equal(p->af, 6);
	assert_int_equal(p->time_ms, INT64_C(1796001204547));
	assert_int_equal(p->end_ms, INT64_C(1796001205059));
	assert_int_equal(p->sent, 3);
	assert_int_equal(p->received, 0);
	assert_false(probe_has(p, PROBE_HAS_RTT));
	assert_false(probe_has(p, PROBE_HAS_RTT_MEDIAN));
}

/* IPv6 by name: "PING host(name (addr)) 56 data bytes". */
static void
test_v6_named_header(void **state)
{
	static const char text[] =
	    "PING localhost(localhost (::1)) 56 data bytes\n"
	    "[1700000000.000001] 64 bytes from localhost (::1): icmp_seq=1 ttl=64 time=0.050 ms\n"
	    "\n"
	    "--- localhost ping statistics ---\n"
	    "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	    "rtt min/avg/max/mdev = 0.050/0.050/0.050/0.000 ms\n";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 1);
	assert_v6(&run.r[0].rec.dst, "::1");
	assert_string_equal(run.r[0].name, "localhost");
	assert_int_equal(run.r[0].rec.time_ms, INT64_C(1700000000000));
	assert_rtt(&run.r[0].rec, 0.05, 0.05, 0.05);
}

/* A cut log: no statistics, figures derived from the lines. */
static void
test_missing_statistics(void **state)
{
	static const char text[] =
	    "PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.\n"
	    "[1700000000.000000] 64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=1.000 ms\n"
	    "[1700000001.000000] no answer yet for icmp_seq=2\n"
	    "[1700000002.000000] 64 bytes from 192.0.2.1: icmp_seq=3 ttl=64 time=3.000 ms\n"
	    "[1700000002.500000] 64 bytes from 192.0.2.1: icmp_seq=3 ttl=64 time=3.500 ms (DUP!)\n"
	    "[1700000003.000000] 64 bytes from 192.0.2.1: icmp_seq=4 ttl=64 time=2.000 ms\n"
	    "[1700000004.000000] no answer yet for icmp_seq=5\n";
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 1);
	p = &run.r[0].rec;
	assert_int_equal(p->sent, 5);
	assert_int_equal(p->received, 3);
	assert_rtt(p, 1.0, 2.0, 3.0);
	assert_near(p->rtt_median, 2.0);
	assert_int_equal(p->time_ms, INT64_C(1700000000000));
	assert_int_equal(p->end_ms, INT64_C(1700000004000));
}

/* Without -D: no times; a header alone gives no counts at all. */
static void
test_no_timestamps_and_bare_header(void **state)
{
	static const char text[] =
	    "PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.\n"
	    "64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.5 ms\n"
	    "\n"
	    "--- 192.0.2.1 ping statistics ---\n"
	    "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	    "rtt min/avg/max/mdev = 0.500/0.500/0.500/0.000 ms\n"
	    "PING 192.0.2.2 (192.0.2.2) 56(84) bytes of data.\n";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 2);
	assert_false(probe_has(&run.r[0].rec, PROBE_HAS_TIME));
	assert_false(probe_has(&run.r[0].rec, PROBE_HAS_END));
	assert_int_equal(run.r[0].rec.sent, 1);
	assert_common(&run.r[1], 7);
	assert_v4(&run.r[1].rec.dst, 192, 0, 2, 2);
	assert_int_equal(run.r[1].rec.present, PROBE_HAS_AF);
}

/* Runs one after another, one cut by the next header; gzip. */
static void
test_several_runs_gzip(void **state)
{
	static const char text[] =
	    "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
	    "[1700000000.000000] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.010 ms\n"
	    "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
	    "[1700000060.000000] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.020 ms\n"
	    "[1700000061.000000] 64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.040 ms\n"
	    "\n"
	    "--- 127.0.0.1 ping statistics ---\n"
	    "2 packets transmitted, 2 received, 0% packet loss, time 1000ms\n"
	    "rtt min/avg/max/mdev = 0.020/0.030/0.040/0.010 ms\n"
	    "PING ::1(::1) 56 data bytes\n"
	    "[1700000120.000000] 64 bytes from ::1: icmp_seq=1 ttl=64 time=0.030 ms\n"
	    "\n"
	    "--- ::1 ping statistics ---\n"
	    "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	    "rtt min/avg/max/mdev = 0.030/0.030/0.030/0.000 ms\n";
	struct run run;

	(void)state;
	run_text_as("site-a.log.gz", text, NULL, true, &run);
	assert_int_equal(run.n, 3);
	assert_common(&run.r[0], 1);
	assert_common(&run.r[1], 3);
	assert_common(&run.r[2], 10);
	assert_string_equal(run.r[0].vantage, "site-a");
	assert_int_equal(run.r[0].rec.sent, 1);		/* derived */
	assert_int_equal(run.r[0].rec.received, 1);
	assert_rtt(&run.r[0].rec, 0.01, 0.01, 0.01);
	assert_int_equal(run.r[1].rec.time_ms, INT64_C(1700000060000));
	assert_int_equal(run.r[1].rec.end_ms, INT64_C(1700000061000));
	assert_near(run.r[1].rec.rtt_median, 0.03);
	assert_v6(&run.r[2].rec.dst, "::1");
	assert_int_equal(run.stats.items, 3);
}

/* BSD / old iputils / busybox shapes. */
static void
test_other_pings(void **state)
{
	static const char text[] =
	    "PING 192.0.2.1 (192.0.2.1): 56 data bytes\n"
	    "64 bytes from 192.0.2.1: icmp_seq=0 ttl=64 time=1.000 ms\n"
	    "Request timeout for icmp_seq 1\n"
	    "64 bytes from 192.0.2.1: icmp_seq=2 ttl=64 time=3.000 ms\n"
	    "\n"
	    "--- 192.0.2.1 ping statistics ---\n"
	    "3 packets transmitted, 2 packets received, 33.3% packet loss\n"
	    "round-trip min/avg/max/stddev = 1.000/2.000/3.000/1.000 ms\n"
	    "PING 192.0.2.3 (192.0.2.3) 56(84) bytes of data.\n"
	    "64 bytes from 192.0.2.3: icmp_req=1 ttl=64 time=0.5 ms\n"
	    "64 bytes from 192.0.2.3: icmp_req=2 ttl=64 time=0.7 ms\n";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.r[0].rec.sent, 3);
	assert_int_equal(run.r[0].rec.received, 2);
	assert_rtt(&run.r[0].rec, 1, 2, 3);
	assert_int_equal(run.r[1].rec.sent, 2);
	assert_int_equal(run.r[1].rec.received, 2);
	assert_rtt(&run.r[1].rec, 0.5, 0.6, 0.7);
}

/* --- damage ------------------------------------------------------------ */

static void
test_bad_lines(void **state)
{
	static const char text[] =
	    "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
	    "[1700000000.000000] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.010 ms\n"
	    "[1700000001.000000] 64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 ti\n"
	    "[17000000garbage\n"
	    "this is not ping output at all, and it goes on for quite a while longer than sixty\n"
	    "[1700000002.000000] 64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.030 ms\n"
	    "\n"
	    "--- 127.0.0.1 ping statistics ---\n"
	    "3 packets transmitted, 3 received, 0% packet loss, time 2000ms\n"
	    "rtt min/avg/max/mdev = 0.010/0.020/0.030/0.008 ms\n"
	    "trailing junk\n"
	    "[1700000003.000000] 64 bytes from 127.0.0.1: icmp_seq=4 ttl=64 tim";
	struct run run;
	const char *p3;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 6);
	p3 = strstr(text, "[1700000001");
	assert_skip(&run.r[0], 3, (uint64_t)(p3 - text), SKIP_BAD_LINE,
	    "icmp_seq=2 ttl=...'");
	assert_skip(&run.r[1], 4, (uint64_t)(strstr(text, "[17000000g") -
	    text), SKIP_BAD_LINE, "[17000000garbage");
	assert_skip(&run.r[2], 5, (uint64_t)(strstr(text, "this is") - text),
	    SKIP_BAD_LINE, "...'");
	assert_common(&run.r[3], 1);
	assert_int_equal(run.r[3].rec.sent, 3);
	/* The replies of lines 2 and 6 only. */
	assert_near(run.r[3].rec.rtt_median, 0.02);
	assert_skip(&run.r[4], 11, (uint64_t)(strstr(text, "trailing") - text),
	    SKIP_BAD_LINE, "outside a ping run");
	assert_skip(&run.r[5], 12, (uint64_t)(strrchr(text, '\n') + 1 - text),
	    SKIP_BAD_LINE, "line break");
	assert_int_equal(run.stats.skipped[SKIP_BAD_LINE], 5);
	assert_int_equal(run.stats.records, 12);
	assert_int_equal(run.stats.items, 1);
}

static void
test_bad_header(void **state)
{
	static const char text[] =
	    "PING 127.0.0.1 (127.0.0.\n"
	    "[1700000000.000000] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.010 ms\n"
	    "PING nowhere (not-an-address) 56(84) bytes of data.\n";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 3);
	assert_int_equal(run.ok, 0);
	assert_skip(&run.r[0], 1, 0, SKIP_BAD_LINE, "not a ping header");
	assert_skip(&run.r[1], 2, 25, SKIP_BAD_LINE, "outside a ping run");
	assert_skip(&run.r[2], 3, (uint64_t)(strstr(text, "PING nowhere") -
	    text), SKIP_BAD_LINE, "not a ping header");
}

static void
test_damaged_gzip(void **state)
{
	static const char text[] =
	    "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
	    "[1700000000.000000] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.010 ms\n";
	char path[160];
	struct run run;
	FILE *fp;
	long size;

	(void)state;
	snprintf(path, sizeof(path), "%s/cut.log.gz", tmpdir);
	write_file(path, text, strlen(text), true);
	fp = fopen(path, "r+b");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fclose(fp);
	assert_int_equal(truncate(path, size - 12), 0);
	run_file(path, NULL, &run);
	unlink(path);
	/* Whatever came out before the damage, then one SKIP_DECOMPRESS. */
	assert_true(run.skip >= 1);
	assert_int_equal(run.stats.skipped[SKIP_DECOMPRESS], 1);
}

static void
test_detect(void **state)
{
	static const char good[] = "PING ::1(::1) 56 data bytes\n";
	static const char bad[] = "ts,te,sa,da\n";

	(void)state;
	assert_true(pinglog_detect((const uint8_t *)good, strlen(good)));
	assert_false(pinglog_detect((const uint8_t *)bad, strlen(bad)));
	assert_false(pinglog_detect((const uint8_t *)"PIN", 3));
	assert_false(pinglog_detect((const uint8_t *)"", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_v4),
		cmocka_unit_test(test_golden_v6),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_named_target_dup_int_time),
		cmocka_unit_test(test_source_address),
		cmocka_unit_test(test_no_answer_and_errors_v6),
		cmocka_unit_test(test_v6_named_header),
		cmocka_unit_test(test_missing_statistics),
		cmocka_unit_test(test_no_timestamps_and_bare_header),
		cmocka_unit_test(test_several_runs_gzip),
		cmocka_unit_test(test_other_pings),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_damaged_gzip),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
