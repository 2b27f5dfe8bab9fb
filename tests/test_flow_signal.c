/*
 * test_flow_signal.c -- the flow signal (analyzer/flow_signal.c) from
 * hand-built flow records: directions against the target, sampling
 * scale, protocols, reflection and SYN-only shares, distinct addresses,
 * top lists, binning at the window's edges, untimed records, and the
 * merge of two runs against one run over everything, row by row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "analyzer/flow_signal.h"
#include "analyzer/hll.h"
#include "tests/signal_test.h"
#include "tests/test_util.h"

/* ------------------------------------------------------------------ */
/* The analysis: North Korea's /22, a v6 /48 and one host elsewhere.   */

static const uint16_t reflection_ports[] = { 19, 53, 123, 389, 1900, 11211 };

static struct signal_fixture *
fixture_new(uint32_t distinct_exact, uint32_t top)
{
	struct signal_fixture *f = signal_fixture_new(
	    "175.45.176.0/22 2001:db8:100::/48", "203.0.113.7");

	f->tuning.distinct_exact = distinct_exact;
	f->tuning.top = top;
	f->tuning.reflection_ports = (uint16_t *)reflection_ports;
	f->tuning.nreflection_ports = sizeof(reflection_ports) /
	    sizeof(reflection_ports[0]);
	return f;
}

static struct flow_signal *
signal_new(const struct signal_fixture *f)
{
	struct flow_signal *s = flow_signal_new(&f->grid, &f->target,
	    &f->tuning);

	assert_non_null(s);
	return s;
}

/* A flow at second t (start time), with bytes and packets. */
static struct flow_record
flow(int64_t t, const char *src, const char *dst, uint8_t proto,
    uint16_t sport, uint16_t dport, uint64_t bytes, uint64_t packets)
{
	struct flow_record r;

	memset(&r, 0, sizeof(r));
	r.present = FLOW_HAS_START | FLOW_HAS_PROTO | FLOW_HAS_SRC_PORT |
	    FLOW_HAS_DST_PORT | FLOW_HAS_BYTES | FLOW_HAS_PACKETS;
	r.start_ms = t * 1000;
	r.src = test_addr(src);
	r.dst = test_addr(dst);
	r.proto = proto;
	r.src_port = sport;
	r.dst_port = dport;
	r.bytes = bytes;
	r.packets = packets;
	return r;
}

static void
add(struct flow_signal *s, const struct flow_record *r)
{
	assert_int_equal(flow_signal_add(s, r), 0);
}

/* ------------------------------------------------------------------ */
/* Rows as emitted                                                     */

static void
rows_fn(const void *s, uint32_t bin, series_emit_fn emit, void *arg)
{
	flow_signal_rows(s, bin, emit, arg);
}

static struct captured_rows
rows_of(const struct flow_signal *s, uint32_t bin)
{
	struct captured_rows rows = captured_bins(rows_fn, s, bin, bin + 1);
	size_t i;

	for (i = 0; i < rows.n; i++) {
		assert_string_equal(rows.v[i].signal, "flow");
		assert_int_equal(rows.v[i].bin, bin);
	}
	return rows;
}

static const struct captured_row *
find_row(const struct captured_rows *rows, const char *scope,
    const char *metric)
{
	const struct captured_row *r = captured_find(rows, scope, metric);

	if (r == NULL)
		fail_msg("no row %s %s", scope, metric);
	return r;
}

/* The value of a known number. */
static double
value(const struct flow_signal *s, uint32_t bin, const char *scope,
    const char *metric)
{
	struct captured_rows rows = rows_of(s, bin);
	const struct captured_row *r = find_row(&rows, scope, metric);
	double v;

	if (!r->known)
		fail_msg("%s %s of bin %u unknown", scope, metric, bin);
	assert_false(r->has_text);
	v = r->value;
	captured_free(&rows);
	return v;
}

static bool
known(const struct flow_signal *s, uint32_t bin, const char *scope,
    const char *metric)
{
	struct captured_rows rows = rows_of(s, bin);
	bool k = find_row(&rows, scope, metric)->known;

	captured_free(&rows);
	return k;
}

/* The text of a list; the caller frees it. */
static char *
text(const struct flow_signal *s, uint32_t bin, const char *scope,
    const char *metric)
{
	struct captured_rows rows = rows_of(s, bin);
	const struct captured_row *r = find_row(&rows, scope, metric);
	char *t;

	assert_true(r->known);
	assert_true(r->has_text);
	t = xstrdup(r->text);
	captured_free(&rows);
	return t;
}

static void
assert_text(const struct flow_signal *s, uint32_t bin, const char *scope,
    const char *metric, const char *want)
{
	char *t = text(s, bin, scope, metric);

	if (strcmp(t, want) != 0)
		fail_msg("%s %s: '%s', want '%s'", scope, metric, t, want);
	free(t);
}

/* ------------------------------------------------------------------ */

static void
test_rows_order_and_empty_bin(void **state)
{
	static const char *const metrics[] = { "bytes", "packets", "flows",
	    "src_addrs", "dst_addrs", "addrs_error", "bytes_tcp", "bytes_udp",
	    "bytes_icmp", "bytes_other", "reflection_share", "syn_only_share",
	    "top_src", "top_dst", "top_src_port", "top_dst_port", "top_error" };
	const size_t nm = sizeof(metrics) / sizeof(metrics[0]);
	struct signal_fixture *f = fixture_new(4096, 10);
	struct flow_signal *s = signal_new(f);
	struct flow_record r = flow(T0 + 310, "192.0.2.1", "175.45.176.9", 6,
	    40000, 80, 1000, 2);
	struct captured_rows rows;
	size_t i;

	(void)state;
	add(s, &r);
	/* Bin 0 has no flow: counts are 0, shares unknown, lists empty. */
	rows = rows_of(s, 0);
	assert_int_equal(rows.n, 2 * nm + 1);
	/* Last, whether the exporters were heard at all: not in bin 0. */
	assert_string_equal(rows.v[2 * nm].scope, "all");
	assert_string_equal(rows.v[2 * nm].metric, "flows_seen");
	assert_true(rows.v[2 * nm].known && rows.v[2 * nm].value == 0.0);
	for (i = 0; i < 2 * nm; i++) {
		const struct captured_row *o = &rows.v[i];

		assert_string_equal(o->scope, i < nm ? "towards" : "from");
		assert_string_equal(o->metric, metrics[i % nm]);
		if (strstr(o->metric, "_share") != NULL)
			assert_false(o->known);
		else
			assert_true(o->known);
		if (strncmp(o->metric, "top_", 4) == 0 &&
		    strcmp(o->metric, "top_error") != 0) {
			assert_true(o->has_text);
			assert_string_equal(o->text, "");
		} else {
			assert_false(o->has_text);
			if (o->known)
				assert_true(o->value == 0.0);
		}
	}
	captured_free(&rows);
	/* Bin 1 has it, in the same order. */
	rows = rows_of(s, 1);
	assert_int_equal(rows.n, 2 * nm + 1);
	for (i = 0; i < 2 * nm; i++)
		assert_string_equal(rows.v[i].metric, metrics[i % nm]);
	captured_free(&rows);
	assert_true(value(s, 1, "towards", "bytes") == 1000);
	assert_true(value(s, 1, "all", "flows_seen") == 1);
	/* Past the grid: nothing. */
	rows = rows_of(s, NBINS);
	assert_int_equal(rows.n, 0);
	captured_free(&rows);
	flow_signal_free(s);
	signal_fixture_free(f);
}

static void
test_directions(void **state)
{
	struct signal_fixture *f = fixture_new(4096, 10);
	struct flow_signal *s = signal_new(f);
	struct flow_record r;
	const struct flow_signal_stats *st;

	(void)state;
	/* Towards the /22. */
	r = flow(T0 + 1, "192.0.2.1", "175.45.179.255", 17, 53, 3333, 100, 1);
	add(s, &r);
	/* From it. */
	r = flow(T0 + 2, "175.45.176.0", "198.51.100.1", 6, 80, 40000, 20, 1);
	add(s, &r);
	/* Inside it: both. */
	r = flow(T0 + 3, "175.45.177.1", "175.45.178.1", 6, 22, 50000, 3, 1);
	add(s, &r);
	/* Towards the target host, and from the v6 prefix. */
	r = flow(T0 + 4, "2001:db8:100:5::1", "2001:db8:200::1", 17, 123, 9,
	    4000, 1);
	add(s, &r);
	r = flow(T0 + 5, "192.0.2.1", "203.0.113.7", 1, 0, 0, 50000, 1);
	add(s, &r);
	/* Neither: next to the target, and outside. */
	r = flow(T0 + 6, "175.45.180.1", "175.45.175.255", 6, 1, 2, 1 << 20,
	    1);
	add(s, &r);
	r = flow(T0 + 7, "203.0.113.8", "2001:db8:101::1", 6, 1, 2, 1 << 20,
	    1);
	add(s, &r);

	assert_true(value(s, 0, "towards", "bytes") == 100 + 3 + 50000);
	assert_true(value(s, 0, "from", "bytes") == 20 + 3 + 4000);
	assert_true(value(s, 0, "towards", "flows") == 3);
	assert_true(value(s, 0, "from", "flows") == 3);
	assert_true(value(s, 0, "towards", "packets") == 3);
	/* Distinct addresses of each side within a direction. */
	assert_true(value(s, 0, "towards", "src_addrs") == 2);
	assert_true(value(s, 0, "towards", "dst_addrs") == 3);
	assert_true(value(s, 0, "from", "src_addrs") == 3);
	assert_true(value(s, 0, "from", "dst_addrs") == 3);
	assert_true(value(s, 0, "from", "addrs_error") == 0);
	st = flow_signal_stats(s);
	assert_true(st->flows == 7);
	assert_true(st->in_window == 7);
	assert_true(st->matched == 5);
	assert_true(st->untimed == 0);
	flow_signal_free(s);
	signal_fixture_free(f);
}

static void
test_sampling_scale(void **state)
{
	struct signal_fixture *f = fixture_new(4096, 10);
	struct flow_signal *s = signal_new(f);
	struct flow_record r;

	(void)state;
	/* 1 in 100: everything times 100. */
	r = flow(T0, "192.0.2.1", "175.45.176.1", 6, 1, 2, 1500, 3);
	r.present |= FLOW_HAS_SAMPLING;
	r.sampling_rate = 100;
	add(s, &r);
	assert_true(value(s, 0, "towards", "bytes") == 150000);
	assert_true(value(s, 0, "towards", "packets") == 300);
	assert_true(value(s, 0, "towards", "flows") == 100);
	assert_true(value(s, 0, "towards", "bytes_tcp") == 150000);
	assert_text(s, 0, "towards", "top_src", "192.0.2.1=150000");

	/* Rate 1, rate 0 and a rate without its presence bit: as is. */
	r = flow(T0 + WIDTH, "192.0.2.1", "175.45.176.1", 6, 1, 2, 10, 1);
	r.present |= FLOW_HAS_SAMPLING;
	r.sampling_rate = 1;
	add(s, &r);
	r.sampling_rate = 0;
	add(s, &r);
	r.present &= ~(uint32_t)FLOW_HAS_SAMPLING;
	r.sampling_rate = 1000;
	add(s, &r);
	assert_true(value(s, 1, "towards", "bytes") == 30);
	assert_true(value(s, 1, "towards", "flows") == 3);

	/* An aggregate of 7 flows, sampled 1 in 10; no byte count. */
	r = flow(T0 + 2 * WIDTH, "192.0.2.1", "175.45.176.1", 6, 1, 2, 999, 4);
	r.present |= FLOW_HAS_FLOWS | FLOW_HAS_SAMPLING;
	r.present &= ~(uint32_t)FLOW_HAS_BYTES;
	r.flows = 7;
	r.sampling_rate = 10;
	add(s, &r);
	assert_true(value(s, 2, "towards", "flows") == 70);
	assert_true(value(s, 2, "towards", "packets") == 40);
	assert_true(value(s, 2, "towards", "bytes") == 0);
	/* No bytes: no top entry, no reflection share. */
	assert_text(s, 2, "towards", "top_src", "");
	assert_false(known(s, 2, "towards", "reflection_share"));
	/* But the address is counted. */
	assert_true(value(s, 2, "towards", "src_addrs") == 1);
	flow_signal_free(s);
	signal_fixture_free(f);
}

static void
test_protocols(void **state)
{
	struct signal_fixture *f = fixture_new(4096, 10);
	struct flow_signal *s = signal_new(f);
	struct flow_record r;

	(void)state;
	r = flow(T0, "192.0.2.1", "175.45.176.1", 6, 1, 2, 1, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.1", "175.45.176.1", 17, 1, 2, 20, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.1", "175.45.176.1", 1, 0, 0x0800, 300, 1);
	add(s, &r);
	r = flow(T0, "2001:db8::1", "2001:db8:100::1", 58, 0, 0x8000, 4000, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.1", "175.45.176.1", 47, 0, 0, 50000, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.1", "175.45.176.1", 6, 0, 0, 600000, 1);
	r.present &= ~(uint32_t)FLOW_HAS_PROTO;	/* unknown: other */
	add(s, &r);
	assert_true(value(s, 0, "towards", "bytes_tcp") == 1);
	assert_true(value(s, 0, "towards", "bytes_udp") == 20);
	assert_true(value(s, 0, "towards", "bytes_icmp") == 4300);
	assert_true(value(s, 0, "towards", "bytes_other") == 650000);
	assert_true(value(s, 0, "towards", "bytes") == 654321);
	/* Ports of TCP and UDP only: not ICMP's type and code (NetFlow v5
	   puts them in the destination port), nor GRE's or unknown ones. */
	assert_text(s, 0, "towards", "top_dst_port", "2=21");
	assert_text(s, 0, "towards", "top_src_port", "1=21");
	flow_signal_free(s);
	signal_fixture_free(f);
}

static void
test_reflection_share(void **state)
{
	struct signal_fixture *f = fixture_new(4096, 10);
	struct flow_signal *s = signal_new(f);
	struct flow_record r;

	(void)state;
	/* NTP and memcached replies towards the target: reflection. */
	r = flow(T0, "192.0.2.1", "175.45.176.1", 17, 123, 4444, 600, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.2", "175.45.176.1", 17, 11211, 4444, 400, 1);
	add(s, &r);
	/* UDP from other ports, to port 123, and TCP from port 53: not. */
	r = flow(T0, "192.0.2.3", "175.45.176.1", 17, 4444, 123, 1000, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.3", "175.45.176.1", 17, 124, 1, 1000, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.3", "175.45.176.1", 6, 53, 1, 1000, 1);
	add(s, &r);
	/* UDP without a source port: not. */
	r = flow(T0, "192.0.2.3", "175.45.176.1", 17, 53, 1, 1000, 1);
	r.present &= ~(uint32_t)FLOW_HAS_SRC_PORT;
	add(s, &r);
	assert_true(fabs(value(s, 0, "towards", "reflection_share") -
	    1000.0 / 5000.0) < 1e-12);
	/* Nothing from the target: the share is unknown, not 0. */
	assert_false(known(s, 0, "from", "reflection_share"));

	/* The lowest and highest ports of the list count too. */
	r = flow(T0 + WIDTH, "192.0.2.1", "175.45.176.1", 17, 19, 1, 10, 1);
	add(s, &r);
	r = flow(T0 + WIDTH, "192.0.2.1", "175.45.176.1", 17, 11211, 1, 30, 1);
	add(s, &r);
	assert_true(value(s, 1, "towards", "reflection_share") == 1.0);
	flow_signal_free(s);
	signal_fixture_free(f);
}

static void
test_syn_only_share(void **state)
{
	struct signal_fixture *f = fixture_new(4096, 10);
	struct flow_signal *s = signal_new(f);
	struct flow_record r;
	static const uint16_t flags[] = {
		0x02,		/* SYN: counts */
		0xc2,		/* SYN, ECE and CWR (RFC 3168): counts */
		0x12,		/* SYN-ACK */
		0x10,		/* ACK */
		0x03,		/* SYN-FIN */
		0x06,		/* SYN-RST */
		0x0a,		/* SYN-PSH */
		0x22,		/* SYN-URG */
		0x102,		/* SYN and NS (IPFIX's 16 bits): counts */
		0x00,		/* none */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		r = flow(T0, "192.0.2.1", "175.45.176.1", 6, 1, 2, 40, 1);
		r.present |= FLOW_HAS_TCP_FLAGS;
		r.tcp_flags = flags[i];
		add(s, &r);
	}
	/* Without flags: out of both counts; UDP's flags (NetFlow v5
	   sends them for every protocol) too. */
	r = flow(T0, "192.0.2.1", "175.45.176.1", 6, 1, 2, 40, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.1", "175.45.176.1", 17, 1, 2, 40, 1);
	r.present |= FLOW_HAS_TCP_FLAGS;
	r.tcp_flags = 0x02;
	add(s, &r);
	assert_true(fabs(value(s, 0, "towards", "syn_only_share") - 0.3) <
	    1e-12);
	/* A sampled SYN weighs its scaled flows. */
	r = flow(T0 + WIDTH, "192.0.2.1", "175.45.176.1", 6, 1, 2, 40, 1);
	r.present |= FLOW_HAS_TCP_FLAGS | FLOW_HAS_SAMPLING;
	r.tcp_flags = 0x02;
	r.sampling_rate = 3;
	add(s, &r);
	r.present &= ~(uint32_t)FLOW_HAS_SAMPLING;
	r.tcp_flags = 0x18;
	add(s, &r);
	assert_true(value(s, 1, "towards", "syn_only_share") == 0.75);
	assert_false(known(s, 2, "towards", "syn_only_share"));
	flow_signal_free(s);
	signal_fixture_free(f);
}

static void
test_bins_and_window_edges(void **state)
{
	struct signal_fixture *f = fixture_new(4096, 10);
	struct flow_signal *s = signal_new(f);
	struct flow_record r;
	const struct flow_signal_stats *st;
	uint32_t i;

	(void)state;
	r = flow(T0, "192.0.2.1", "175.45.176.1", 6, 1, 2, 1, 1);
	add(s, &r);				/* first second: bin 0 */
	r.start_ms = (int64_t)(T0 + WIDTH) * 1000 - 1;
	r.bytes = 2;
	add(s, &r);				/* last ms of bin 0 */
	r.start_ms = (int64_t)(T0 + WIDTH) * 1000;
	r.bytes = 4;
	add(s, &r);				/* bin 1 */
	r.start_ms = (int64_t)(T0 + NBINS * WIDTH) * 1000 - 1;
	r.bytes = 8;
	add(s, &r);				/* last bin */
	r.start_ms = (int64_t)(T0 + NBINS * WIDTH) * 1000;
	r.bytes = 16;
	add(s, &r);				/* the end: outside */
	r.start_ms = (int64_t)T0 * 1000 - 1;
	r.bytes = 32;
	add(s, &r);				/* before: outside */
	/* A start before 1970 floors, and is outside too. */
	r.start_ms = -1;
	add(s, &r);

	/* The start decides, not the end (nfdump's rule). */
	r = flow(T0 + 2 * WIDTH - 1, "192.0.2.1", "175.45.176.1", 6, 1, 2, 64,
	    1);
	r.present |= FLOW_HAS_END | FLOW_HAS_EXPORT_TIME;
	r.end_ms = (int64_t)(T0 + 5 * WIDTH) * 1000;
	r.export_ms = r.end_ms;
	add(s, &r);				/* bin 1 */
	/* Without a start: the export time, else the capture time. */
	r.present &= ~(uint32_t)FLOW_HAS_START;
	r.present |= FLOW_HAS_RECV_TIME;
	r.recv_us = (int64_t)(T0 + 7 * WIDTH) * 1000000;
	r.bytes = 128;
	add(s, &r);				/* bin 5 */
	r.present &= ~(uint32_t)FLOW_HAS_EXPORT_TIME;
	r.bytes = 256;
	add(s, &r);				/* bin 7 */
	/* An end time alone does not place a flow. */
	r.present &= ~(uint32_t)FLOW_HAS_RECV_TIME;
	r.bytes = 512;
	add(s, &r);				/* untimed */

	assert_true(value(s, 0, "towards", "bytes") == 3);
	assert_true(value(s, 1, "towards", "bytes") == 4 + 64);
	assert_true(value(s, 5, "towards", "bytes") == 128);
	assert_true(value(s, 7, "towards", "bytes") == 256);
	assert_true(value(s, NBINS - 1, "towards", "bytes") == 8);
	for (i = 0; i < NBINS; i++)
		if (i != 0 && i != 1 && i != 5 && i != 7 && i != NBINS - 1)
			assert_true(value(s, i, "towards", "bytes") == 0);
	st = flow_signal_stats(s);
	assert_true(st->flows == 11);
	assert_true(st->untimed == 1);
	assert_true(st->in_window == 7);
	assert_true(st->matched == 7);
	flow_signal_free(s);
	signal_fixture_free(f);
}

/* A window that does not end on a bin boundary: the last bin is short. */
static void
test_short_last_bin(void **state)
{
	struct signal_fixture *f = fixture_new(4096, 10);
	struct flow_signal *s;
	struct flow_record r;

	(void)state;
	assert_true(bin_grid_init(&f->grid, T0, T0 + 1000, WIDTH));
	assert_int_equal(f->grid.nbins, 4);
	s = signal_new(f);
	r = flow(T0 + 999, "192.0.2.1", "175.45.176.1", 6, 1, 2, 5, 1);
	add(s, &r);
	r = flow(T0 + 1000, "192.0.2.1", "175.45.176.1", 6, 1, 2, 7, 1);
	add(s, &r);
	assert_true(value(s, 3, "towards", "bytes") == 5);
	assert_true(flow_signal_stats(s)->in_window == 1);
	flow_signal_free(s);
	signal_fixture_free(f);
}

static void
test_distinct_past_limit(void **state)
{
	struct signal_fixture *f = fixture_new(10, 10);
	struct flow_signal *s = signal_new(f);
	struct flow_record r;
	char src[32];
	int i;

	(void)state;
	for (i = 0; i < 10; i++) {
		snprintf(src, sizeof(src), "198.51.100.%d", i);
		r = flow(T0, src, "175.45.176.1", 6, 1, 2, 1, 1);
		add(s, &r);
		add(s, &r);
	}
	assert_true(value(s, 0, "towards", "src_addrs") == 10);
	assert_true(value(s, 0, "towards", "addrs_error") == 0);
	for (i = 10; i < 60; i++) {
		snprintf(src, sizeof(src), "198.51.100.%d", i);
		r = flow(T0, src, "175.45.176.1", 6, 1, 2, 1, 1);
		add(s, &r);
	}
	/* 60 by the HyperLogLog (linear counting is all but exact here),
	   and the error the rows state is its standard error. */
	assert_true(value(s, 0, "towards", "src_addrs") == 60);
	assert_true(value(s, 0, "towards", "dst_addrs") == 1);
	assert_true(value(s, 0, "towards", "addrs_error") == HLL_STD_ERROR);
	/* The other direction and other bins are unaffected. */
	assert_true(value(s, 0, "from", "addrs_error") == 0);
	assert_true(value(s, 1, "towards", "addrs_error") == 0);
	flow_signal_free(s);
	signal_fixture_free(f);
}

static void
test_top_lists(void **state)
{
	struct signal_fixture *f = fixture_new(4096, 3);
	struct flow_signal *s = signal_new(f);
	struct flow_record r;
	char src[64];
	int i;

	(void)state;
	r = flow(T0, "192.0.2.1", "175.45.176.1", 6, 443, 50000, 500, 1);
	add(s, &r);
	r = flow(T0, "2001:db8::1", "2001:db8:100::1", 6, 80, 50001, 900, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.1", "175.45.176.2", 17, 53, 50000, 400, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.10", "175.45.176.2", 17, 53, 50002, 100, 1);
	add(s, &r);
	r = flow(T0, "192.0.2.9", "175.45.176.3", 17, 80, 50003, 100, 1);
	add(s, &r);
	/* By bytes, ties by key: 192.0.2.9 before 192.0.2.10, as
	   addresses; port 53 before 443, as numbers. */
	assert_text(s, 0, "towards", "top_src",
	    "192.0.2.1=900 2001:db8::1=900 192.0.2.9=100");
	assert_text(s, 0, "towards", "top_dst",
	    "2001:db8:100::1=900 175.45.176.1=500 175.45.176.2=500");
	assert_text(s, 0, "towards", "top_src_port", "80=1000 53=500 443=500");
	assert_text(s, 0, "towards", "top_dst_port",
	    "50000=900 50001=900 50002=100");
	assert_true(value(s, 0, "towards", "top_error") == 0);

	/* 24 counters for top 3: 100 sources overflow them, and the error
	   of the entries is stated; the heavy source stays first. */
	for (i = 0; i < 100; i++) {
		snprintf(src, sizeof(src), "10.0.%d.%d", i / 256, i % 256);
		r = flow(T0 + WIDTH, src, "175.45.176.1", 6, 1, 2, 10, 1);
		add(s, &r);
		r = flow(T0 + WIDTH, "192.0.2.77", "175.45.176.1", 6, 1, 2, 50,
		    1);
		add(s, &r);
	}
	{
		char *t = text(s, 1, "towards", "top_src");

		assert_true(strncmp(t, "192.0.2.77=5000 ", 16) == 0);
		/* Three entries. */
		assert_non_null(strchr(t + 16, ' '));
		assert_null(strchr(strchr(t + 16, ' ') + 1, ' '));
		free(t);
	}
	/* Space-Saving's bound: an error is at most the weight over the
	   counters, 6000 / 24. */
	assert_true(value(s, 1, "towards", "top_error") > 0);
	assert_true(value(s, 1, "towards", "top_error") <= 6000 / 24);
	flow_signal_free(s);
	signal_fixture_free(f);
}

/* ------------------------------------------------------------------ */
/* Merging                                                             */

/*
 * Random flows over the window and a little beyond, both directions,
 * every protocol class, some sampled, some untimed: 40 sources (past
 * the exact limit of 20, within the 80 counters of top 10), 20
 * destinations, 30 ports.
 */
static struct flow_record
random_flow(void)
{
	static const uint8_t protos[] = { 6, 6, 17, 17, 1, 58, 47 };
	struct flow_record r;
	char outside[64], inside[64];
	uint64_t x = test_rng_next();
	int64_t t = T0 - WIDTH + (int64_t)(x % ((NBINS + 2) * WIDTH));

	x = test_rng_next();
	if (x % 2 == 0) {
		snprintf(outside, sizeof(outside), "198.51.100.%d",
		    (int)(x / 2 % 40));
		snprintf(inside, sizeof(inside), "175.45.176.%d",
		    (int)(x / 100 % 20));
	} else {
		snprintf(outside, sizeof(outside), "2001:db8:ffff::%x",
		    (int)(x / 2 % 40));
		snprintf(inside, sizeof(inside), "2001:db8:100::%x",
		    (int)(x / 100 % 20));
	}
	x = test_rng_next();
	if (x % 3 == 0)
		r = flow(t, inside, outside, protos[x / 3 % 7],
		    (uint16_t)(x / 30 % 30), (uint16_t)(x / 900 % 30),
		    x / 27000 % 100000, 1 + x / 3 % 50);
	else
		r = flow(t, outside, inside, protos[x / 3 % 7],
		    reflection_ports[x / 30 % 6], (uint16_t)(x / 900 % 30),
		    x / 27000 % 100000, 1 + x / 3 % 50);
	x = test_rng_next();
	if (x % 5 == 0) {
		r.present |= FLOW_HAS_SAMPLING;
		r.sampling_rate = 1 + (uint32_t)(x / 5 % 100);
	}
	if (x / 500 % 3 == 0) {
		r.present |= FLOW_HAS_TCP_FLAGS;
		r.tcp_flags = (uint16_t)(x / 1500 % 4 == 0 ? 0x02 : 0x12);
	}
	if (x / 6000 % 50 == 0)
		r.present &= ~(uint32_t)FLOW_HAS_START;
	return r;
}

static void
test_merge_equals_one_run(void **state)
{
	struct signal_fixture *f = fixture_new(20, 10);
	struct flow_signal *whole = signal_new(f), *h1 = signal_new(f);
	struct flow_signal *h2 = signal_new(f), *fresh = signal_new(f);
	const struct flow_signal_stats *sw, *sm;
	struct flow_record r;
	int i, hll_bins = 0;
	uint32_t bin;
	char why[512];

	(void)state;
	for (i = 0; i < 20000; i++) {
		r = random_flow();
		add(whole, &r);
		/* Interleaved, with a run of the first part alone. */
		add(i < 2000 || i % 3 == 0 ? h1 : h2, &r);
	}
	/* The test means something: past the exact limit in bins. */
	for (bin = 0; bin < NBINS; bin++)
		if (value(whole, bin, "towards", "addrs_error") > 0)
			hll_bins++;
	assert_true(hll_bins > 0);
	assert_true(value(whole, 3, "from", "syn_only_share") > 0);
	assert_true(value(whole, 3, "towards", "reflection_share") > 0);

	assert_int_equal(flow_signal_merge(fresh, h2), 0);
	assert_int_equal(flow_signal_merge(fresh, h1), 0);
	assert_int_equal(flow_signal_merge(h1, h2), 0);
	if (!signals_same_rows(rows_fn, whole, h1, why, sizeof(why)) ||
	    !signals_same_rows(rows_fn, whole, fresh, why, sizeof(why)))
		fail_msg("%s", why);
	sw = flow_signal_stats(whole);
	sm = flow_signal_stats(h1);
	assert_true(sw->flows == 20000 && sm->flows == 20000);
	assert_true(sw->in_window == sm->in_window);
	assert_true(sw->matched == sm->matched);
	assert_true(sw->untimed == sm->untimed && sw->untimed > 0);
	assert_true(sw->in_window < sw->flows - sw->untimed);

	flow_signal_free(whole);
	flow_signal_free(h1);
	flow_signal_free(h2);
	flow_signal_free(fresh);
	signal_fixture_free(f);
}

static void
test_merge_other_grid_refused(void **state)
{
	struct signal_fixture *f = fixture_new(20, 10);
	struct signal_fixture *g = fixture_new(20, 10);
	struct flow_signal *a, *b;

	(void)state;
	assert_true(bin_grid_init(&g->grid, T0, T0 + NBINS * WIDTH, 60));
	a = signal_new(f);
	b = signal_new(g);
	assert_int_equal(flow_signal_merge(a, b), -1);
	flow_signal_free(a);
	flow_signal_free(b);
	signal_fixture_free(f);
	signal_fixture_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_order_and_empty_bin),
		cmocka_unit_test(test_directions),
		cmocka_unit_test(test_sampling_scale),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_reflection_share),
		cmocka_unit_test(test_syn_only_share),
		cmocka_unit_test(test_bins_and_window_edges),
		cmocka_unit_test(test_short_last_bin),
		cmocka_unit_test(test_distinct_past_limit),
		cmocka_unit_test(test_top_lists),
		cmocka_unit_test(test_merge_equals_one_run),
		cmocka_unit_test(test_merge_other_grid_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
