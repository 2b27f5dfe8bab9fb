/*
 * test_probe_csv.c -- the reader of CSV probe logs.
 *
 * Hand-written tables: column orders, aliases, both time forms,
 * single-RTT rows, bad values, missing required values, gzip, and every
 * prefix of a small table.
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

#include "parsers/probe_csv.h"
#include "tests/probe_run.h"
#include "tests/test_util.h"

static char	tmpdir[64];

static int
group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_probe_csv");
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
	struct probe_csv_reader *r;
	const struct probe_record *rec;
	struct decode_error err;

	assert_non_null(in);
	r = probe_csv_open(in, path, vantage);
	assert_non_null(r);
	memset(run, 0, sizeof(*run));
	for (;;) {
		enum probe_status st;

		rec = NULL;
		st = probe_csv_next(r, &rec, &err);
		if (st == PROBE_END)
			break;
		keep_result(run, st, rec, &err);
	}
	assert_int_equal(probe_csv_next(r, &rec, &err), PROBE_END);
	run->stats = *probe_csv_stats(r);
	assert_int_equal(run->stats.items, run->ok);
	probe_csv_close(r);
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
	run_text_as("probes.csv", text, NULL, false, run);
}

static void
assert_v4(const struct ip_addr *a, uint8_t b0, uint8_t b1, uint8_t b2,
    uint8_t b3)
{
	assert_int_equal(a->afi, AFI_IPV4);
	assert_int_equal(a->bytes[0], b0);
	assert_int_equal(a->bytes[1], b1);
	assert_int_equal(a->bytes[2], b2);
	assert_int_equal(a->bytes[3], b3);
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

static uint64_t
line_offset(const char *text, uint64_t line)
{
	const char *p = text;

	while (--line > 0) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	return (uint64_t)(p - text);
}

/* --- formats ----------------------------------------------------------- */

static void
test_summary_rows(void **state)
{
	static const char text[] =
	    "time,end,vantage,source,target,kind,sent,received,rtt_min,rtt_avg,rtt_max\n"
	    "2024-01-02T03:04:05Z,2024-01-02T03:04:09.500Z,vp-paris,192.0.2.10,198.51.100.1,ping,5,4,1.5,2.25,3.0\n"
	    "1704164645.25,,,2001:db8::10,2001:db8::1,PING,3,0,,,\n"
	    "2024-01-02 03:04:05.123+01:00,,vp-x,,example.org,traceroute,,,,,\n";
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 3);
	assert_int_equal(run.ok, 3);

	p = &run.r[0].rec;
	assert_int_equal(p->source, PROBE_SRC_CSV);
	assert_int_equal(p->kind, PROBE_PING);
	assert_int_equal(p->record_no, 2);
	/* 2024-01-02T03:04:05Z = 1704164645 */
	assert_true(probe_has(p, PROBE_HAS_TIME | PROBE_HAS_END));
	assert_int_equal(p->time_ms, INT64_C(1704164645000));
	assert_int_equal(p->end_ms, INT64_C(1704164649500));
	assert_string_equal(run.r[0].vantage, "vp-paris");
	assert_v4(&p->src, 192, 0, 2, 10);
	assert_v4(&p->dst, 198, 51, 100, 1);
	assert_int_equal(p->af, 4);
	assert_null(p->dst_name);
	assert_int_equal(p->sent, 5);
	assert_int_equal(p->received, 4);
	assert_true(probe_has(p, PROBE_HAS_RTT));
	assert_near(p->rtt_min, 1.5);
	assert_near(p->rtt_avg, 2.25);
	assert_near(p->rtt_max, 3.0);
	assert_false(probe_has(p, PROBE_HAS_RTT_MEDIAN));

	p = &run.r[1].rec;
	assert_int_equal(p->time_ms, INT64_C(1704164645250));
	assert_false(probe_has(p, PROBE_HAS_END));
	assert_string_equal(run.r[1].vantage, "probes");	/* file name */
	assert_v6(&p->dst, "2001:db8::1");
	assert_int_equal(p->af, 6);
	assert_int_equal(p->sent, 3);
	assert_int_equal(p->received, 0);
	assert_false(probe_has(p, PROBE_HAS_RTT));

	p = &run.r[2].rec;
	/* 03:04:05.123 at +01:00 is 02:04:05.123 UTC */
	assert_int_equal(p->time_ms, INT64_C(1704164645123) - 3600000);
	assert_int_equal(p->kind, PROBE_TRACE);
	assert_int_equal(p->dst.afi, 0);
	assert_string_equal(run.r[2].name, "example.org");
	assert_false(probe_has(p, PROBE_HAS_AF));
	assert_false(probe_has(p, PROBE_HAS_SENT));
	assert_false(probe_has(p, PROBE_HAS_RECEIVED));
	assert_int_equal(p->src.afi, 0);
	assert_int_equal(run.stats.records, 4);
	assert_int_equal(run.stats.decoded, 4);
}

/* Other order, aliases, upper case, quotes, unknown columns, traces. */
static void
test_aliases_reordered(void **state)
{
	static const char text[] =
	    "# made by a script\n"
	    "\"Hops\",DST_ADDR,extra,Timestamp,Type,dest_reached,last_hop,dst_name,median_rtt,vp\n"
	    "7,192.0.2.99,whatever,1700000000,trace,true,192.0.2.98,\"far, away\",12.5,\"lab 1\"\n"
	    "30,192.0.2.99,,1700000060,traceroute,no,,,,\n";
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text_as("x.csv.gz", text, "given-vp", true, &run);
	assert_int_equal(run.n, 2);
	p = &run.r[0].rec;
	assert_int_equal(p->record_no, 3);
	assert_int_equal(p->kind, PROBE_TRACE);
	assert_int_equal(p->time_ms, INT64_C(1700000000000));
	assert_v4(&p->dst, 192, 0, 2, 99);
	assert_string_equal(run.r[0].name, "far, away");
	assert_string_equal(run.r[0].vantage, "lab 1");
	assert_true(probe_has(p, PROBE_HAS_HOPS | PROBE_HAS_REACHED |
	    PROBE_HAS_LAST_HOP | PROBE_HAS_RTT_MEDIAN));
	assert_int_equal(p->hop_count, 7);
	assert_true(p->dest_reached);
	assert_true(p->last_hop_responded);
	assert_v4(&p->last_hop, 192, 0, 2, 98);
	assert_near(p->rtt_median, 12.5);
	assert_false(probe_has(p, PROBE_HAS_RTT));

	p = &run.r[1].rec;
	assert_int_equal(p->hop_count, 30);
	assert_true(probe_has(p, PROBE_HAS_REACHED));
	assert_false(p->dest_reached);
	assert_false(probe_has(p, PROBE_HAS_LAST_HOP));
	assert_int_equal(p->last_hop.afi, 0);
	assert_string_equal(run.r[1].vantage, "given-vp");
	assert_null(p->dst_name);
}

/* One reply per row: rtt. */
static void
test_single_rtt_rows(void **state)
{
	static const char text[] =
	    "time,target,rtt\r\n"
	    "1700000000.5,192.0.2.1,0.75\r\n"
	    "1700000001.5,192.0.2.1,\r\n"
	    "1700000002.5,192.0.2.1,1\r\n";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 3);
	assert_int_equal(run.r[0].rec.sent, 1);
	assert_int_equal(run.r[0].rec.received, 1);
	assert_true(probe_has(&run.r[0].rec, PROBE_HAS_RTT |
	    PROBE_HAS_RTT_MEDIAN));
	assert_near(run.r[0].rec.rtt_min, 0.75);
	assert_near(run.r[0].rec.rtt_avg, 0.75);
	assert_near(run.r[0].rec.rtt_max, 0.75);
	assert_near(run.r[0].rec.rtt_median, 0.75);
	assert_int_equal(run.r[1].rec.time_ms, INT64_C(1700000001500));
	assert_true(probe_has(&run.r[1].rec, PROBE_HAS_SENT |
	    PROBE_HAS_RECEIVED));
	assert_int_equal(run.r[1].rec.sent, 1);
	assert_int_equal(run.r[1].rec.received, 0);
	assert_false(probe_has(&run.r[1].rec, PROBE_HAS_RTT));
	assert_near(run.r[2].rec.rtt_avg, 1.0);
}

/* Only some of min/avg/max: no RTT in the record (one bit covers all). */
static void
test_partial_rtt(void **state)
{
	static const char text[] =
	    "time,target,rtt_avg,sent,received\n"
	    "1700000000,192.0.2.1,4.5,10,9\n";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.ok, 1);
	assert_false(probe_has(&run.r[0].rec, PROBE_HAS_RTT));
	assert_int_equal(run.r[0].rec.sent, 10);
	assert_int_equal(run.r[0].rec.received, 9);
}

/* --- damage ------------------------------------------------------------ */

static void
test_bad_values(void **state)
{
	static const char text[] =
	    "time,target,sent,received,rtt_min,rtt_avg,rtt_max,reached,source,kind,hops\n"
	    "yesterday,192.0.2.1,1,1,1,1,1,,,,\n"			/* 2 */
	    "1700000000,192.0.2.1,-1,1,1,1,1,,,,\n"			/* 3 */
	    "1700000000,192.0.2.1,1,1,1,abc,1,,,,\n"			/* 4 */
	    "1700000000,192.0.2.1,1,1,1,1,1,maybe,,,\n"		/* 5 */
	    "1700000000,192.0.2.1,1,1,1,1,1,,not/an/addr,,\n"		/* 6 */
	    "1700000000,192.0.2.1,1,1,1,1,1,,,dns,\n"			/* 7 */
	    "1700000000,999.1.1.1/8,1,1,1,1,1,,,,\n"			/* 8 */
	    ",192.0.2.1,1,1,1,1,1,,,,\n"				/* 9 */
	    "1700000000,,1,1,1,1,1,,,,\n"				/* 10 */
	    "1700000000,192.0.2.1,1\n"					/* 11 */
	    "1700000000,\"192.0.2.1,1,1,1,1,1,,,,\n"			/* 12 */
	    "2024-02-30T00:00:00Z,192.0.2.1,1,1,1,1,1,,,,\n"		/* 13 */
	    "1700000000,192.0.2.1,1,1,1,1,1,,,,70000\n"		/* 14 */
	    "1700000000,192.0.2.1,2,2,1,1,1,1,,,\n"			/* 15: good */
	    "1700000000,192.0.2.1,2,2,1,1,1,1,,,3";			/* 16: good, no \n */
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 15);
	assert_skip(&run.r[0], 2, line_offset(text, 2), SKIP_BAD_CSV,
	    "column time: bad time 'yesterday'");
	assert_skip(&run.r[1], 3, line_offset(text, 3), SKIP_BAD_CSV,
	    "column sent: bad number '-1'");
	assert_skip(&run.r[2], 4, line_offset(text, 4), SKIP_BAD_CSV,
	    "column rtt_avg: bad RTT 'abc'");
	assert_skip(&run.r[3], 5, line_offset(text, 5), SKIP_BAD_CSV,
	    "column reached: bad boolean 'maybe'");
	assert_skip(&run.r[4], 6, line_offset(text, 6), SKIP_BAD_CSV,
	    "column source: bad address 'not/an/addr'");
	assert_skip(&run.r[5], 7, line_offset(text, 7), SKIP_BAD_CSV,
	    "column kind: bad kind 'dns'");
	assert_skip(&run.r[6], 8, line_offset(text, 8), SKIP_BAD_CSV,
	    "column target: bad address or name '999.1.1.1/8'");
	assert_skip(&run.r[7], 9, line_offset(text, 9), SKIP_MISSING_FIELD,
	    "column time: empty");
	assert_skip(&run.r[8], 10, line_offset(text, 10), SKIP_MISSING_FIELD,
	    "column target: empty");
	assert_skip(&run.r[9], 11, line_offset(text, 11), SKIP_BAD_CSV,
	    "3 fields, the header has 11");
	assert_skip(&run.r[10], 12, line_offset(text, 12), SKIP_BAD_CSV,
	    "not a CSV line");
	assert_skip(&run.r[11], 13, line_offset(text, 13), SKIP_BAD_CSV,
	    "column time: bad time");
	assert_skip(&run.r[12], 14, line_offset(text, 14), SKIP_BAD_CSV,
	    "column hops: bad number '70000'");
	assert_int_equal(run.r[13].status, PROBE_OK);
	assert_int_equal(run.r[13].rec.record_no, 15);
	assert_int_equal(run.r[13].rec.sent, 2);
	assert_int_equal(run.r[14].status, PROBE_OK);
	assert_int_equal(run.r[14].rec.hop_count, 3);
	assert_int_equal(run.stats.skipped[SKIP_BAD_CSV], 11);
	assert_int_equal(run.stats.skipped[SKIP_MISSING_FIELD], 2);
	assert_int_equal(run.stats.records, 16);
}

static void
test_bad_header(void **state)
{
	struct run run;

	(void)state;
	run_text("time,destination_port\n1700000000,80\n", &run);
	assert_int_equal(run.n, 1);
	assert_skip(&run.r[0], 1, 0, SKIP_BAD_CSV, "needs time and target");
	run_text("", &run);
	assert_int_equal(run.n, 0);
}

/* Every prefix of a small table: no crash, nothing beyond the rows. */
static void
test_prefixes(void **state)
{
	static const char text[] =
	    "time,vantage,target,sent,received,rtt_min,rtt_avg,rtt_max\n"
	    "2024-01-02T03:04:05.250Z,vp,192.0.2.1,5,5,0.125,0.250,0.500\n"
	    "2024-01-02T03:05:05Z,vp,2001:db8::1,5,0,,,\n";
	size_t len = strlen(text), cut;

	(void)state;
	for (cut = 0; cut <= len; cut++) {
		char path[160];
		struct run run;

		snprintf(path, sizeof(path), "%s/prefix.csv", tmpdir);
		write_file(path, text, cut, cut % 3 == 0);
		run_file(path, NULL, &run);
		unlink(path);
		assert_true(run.ok <= 2);
		assert_true(run.n <= 2);
		if (cut == len)
			assert_int_equal(run.ok, 2);
	}
}

static void
test_detect(void **state)
{
	static const char *const yes[] = {
		"time,target\n",
		"TIME,vantage,Target,rtt\r\n",
		"\"time\",\"target\"",
	};
	static const char *const no[] = {
		"ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt\n",
		"timestamp,dst\n",
		"time\ntarget\n",
		"PING ::1(::1) 56 data bytes\n",
		"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(probe_csv_detect((const uint8_t *)yes[i],
		    strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(probe_csv_detect((const uint8_t *)no[i],
		    strlen(no[i])));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_rows),
		cmocka_unit_test(test_aliases_reordered),
		cmocka_unit_test(test_single_rtt_rows),
		cmocka_unit_test(test_partial_rtt),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
