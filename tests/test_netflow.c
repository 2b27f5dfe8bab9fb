/*
 * test_netflow.c -- the NetFlow v5, v9 (RFC 3954) and IPFIX (RFC 7011)
 * decoder (parsers/netflow.c), from datagrams built byte by byte, then
 * from real datagrams of the logstash-codec-netflow corpus (copied into
 * tests/netflow_samples.h) checked against tshark's decoding, then
 * damaged datagrams: every truncation of every test datagram.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/netflow.h"
#include "tests/netflow_samples.h"

#define T0		1700000000u	/* export time, 2023-11-14T22:13:20Z */
#define NTP_OFFSET	2208988800ull

/* ------------------------------------------------------------------ */
/* Building datagrams                                                  */

struct pkt {
	uint8_t	b[2048];
	size_t	n;
	size_t	set_start;	/* of the open set */
	size_t	hdr_start;
};

static void
put8(struct pkt *p, uint8_t v)
{
	assert_true(p->n < sizeof(p->b));
	p->b[p->n++] = v;
}

static void
put16(struct pkt *p, uint16_t v)
{
	put8(p, (uint8_t)(v >> 8));
	put8(p, (uint8_t)v);
}

static void
put32(struct pkt *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p, (uint16_t)v);
}

static void
put64(struct pkt *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p, (uint32_t)v);
}

static void
put_ip4(struct pkt *p, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	put8(p, a);
	put8(p, b);
	put8(p, c);
	put8(p, d);
}

/* v9 header, RFC 3954 5.1. */
static void
v9_header(struct pkt *p, uint32_t uptime, uint32_t secs, uint32_t source_id)
{
	memset(p, 0, sizeof(*p));
	put16(p, 9);
	put16(p, 1);		/* count: not relied on */
	put32(p, uptime);
	put32(p, secs);
	put32(p, 1);		/* sequence */
	put32(p, source_id);
}

/* IPFIX header, RFC 7011 3.1; the length is set by ipfix_end(). */
static void
ipfix_header(struct pkt *p, uint32_t secs, uint32_t domain)
{
	memset(p, 0, sizeof(*p));
	put16(p, 10);
	put16(p, 0);
	put32(p, secs);
	put32(p, 1);
	put32(p, domain);
}

static void
ipfix_end(struct pkt *p)
{
	p->b[2] = (uint8_t)(p->n >> 8);
	p->b[3] = (uint8_t)p->n;
}

static void
set_open(struct pkt *p, uint16_t id)
{
	p->set_start = p->n;
	put16(p, id);
	put16(p, 0);
}

static void
set_close(struct pkt *p)
{
	size_t len = p->n - p->set_start;

	p->b[p->set_start + 2] = (uint8_t)(len >> 8);
	p->b[p->set_start + 3] = (uint8_t)len;
}

/* A template record: id, then count (ie, len) pairs. */
static void
tpl(struct pkt *p, uint16_t id, int count, const uint16_t *fields)
{
	int i;

	put16(p, id);
	put16(p, (uint16_t)count);
	for (i = 0; i < count; i++) {
		put16(p, fields[2 * i]);
		put16(p, fields[2 * i + 1]);
	}
}

/* ------------------------------------------------------------------ */
/* Running the decoder                                                 */

#define MAXREC	64

struct got {
	struct flow_record	rec[MAXREC];
	int			nrec;
	struct decode_error	err[MAXREC];
	int			nerr;
};

static void
run_on(struct flow_session *s, const uint8_t *data, size_t len,
    uint64_t packet_no, const struct ip_addr *exporter, struct got *g)
{
	struct export_datagram d;
	const struct flow_record *rec;
	struct decode_error err;
	enum flow_status st;
	int guard = 0;

	memset(&d, 0, sizeof(d));
	d.data = data;
	d.len = len;
	d.packet_no = packet_no;
	d.offset = 1000;
	d.file = "test";
	if (exporter != NULL)
		d.exporter = *exporter;
	flow_session_feed(s, &d);
	while ((st = flow_session_next(s, &rec, &err)) != FLOW_END) {
		assert_true(++guard < 100000);
		if (st == FLOW_OK) {
			if (g->nrec < MAXREC)
				g->rec[g->nrec] = *rec;
			g->nrec++;
		} else {
			if (g->nerr < MAXREC)
				g->err[g->nerr] = err;
			g->nerr++;
		}
	}
}

static void
run(struct flow_session *s, const struct pkt *p, struct got *g)
{
	run_on(s, p->b, p->n, 1, NULL, g);
}

static void
finish(struct flow_session *s, struct got *g)
{
	struct decode_error err;

	while (flow_session_finish(s, &err) == FLOW_SKIP) {
		if (g->nerr < MAXREC)
			g->err[g->nerr] = err;
		g->nerr++;
	}
}

static int
count_reason(const struct got *g, enum skip_reason r)
{
	int i, n = 0;

	for (i = 0; i < g->nerr && i < MAXREC; i++)
		if (g->err[i].reason == r)
			n++;
	return n;
}

static void
assert_ip4(const struct ip_addr *a, uint8_t b0, uint8_t b1, uint8_t b2,
    uint8_t b3)
{
	assert_int_equal(a->afi, AFI_IPV4);
	assert_int_equal(a->bytes[0], b0);
	assert_int_equal(a->bytes[1], b1);
	assert_int_equal(a->bytes[2], b2);
	assert_int_equal(a->bytes[3], b3);
}

/* ------------------------------------------------------------------ */
/* NetFlow v5                                                          */

static void
v5_build(struct pkt *p, uint16_t sampling)
{
	memset(p, 0, sizeof(*p));
	put16(p, 5);
	put16(p, 1);
	put32(p, 100000);	/* sysUptime */
	put32(p, T0);
	put32(p, 500000000);	/* nsecs */
	put32(p, 42);		/* flow_sequence */
	put8(p, 1);		/* engine_type */
	put8(p, 2);		/* engine_id */
	put16(p, sampling);
	put_ip4(p, 10, 0, 0, 1);
	put_ip4(p, 10, 0, 0, 2);
	put_ip4(p, 10, 0, 0, 254);
	put16(p, 3);		/* input */
	put16(p, 4);		/* output */
	put32(p, 5);		/* dPkts */
	put32(p, 600);		/* dOctets */
	put32(p, 90000);	/* First */
	put32(p, 99000);	/* Last */
	put16(p, 1234);
	put16(p, 80);
	put8(p, 0);		/* pad1 */
	put8(p, 0x1b);		/* tcp_flags */
	put8(p, 6);		/* prot */
	put8(p, 0x10);		/* tos */
	put16(p, 64500);
	put16(p, 64501);
	put8(p, 24);
	put8(p, 16);
	put16(p, 0);		/* pad2 */
}

static void
test_v5_fields(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	const struct flow_record *r;

	(void)state;
	v5_build(&p, 0x4000 | 100);	/* mode 1, 1 in 100 */
	assert_true(export_looks_valid(p.b, p.n));
	assert_int_equal(export_version(p.b, p.n), 5);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 1);
	r = &g.rec[0];
	assert_int_equal(r->version, 5);
	assert_int_equal(r->domain, 0x0102);
	assert_ip4(&r->src, 10, 0, 0, 1);
	assert_ip4(&r->dst, 10, 0, 0, 2);
	assert_ip4(&r->next_hop, 10, 0, 0, 254);
	assert_int_equal(r->in_if, 3);
	assert_int_equal(r->out_if, 4);
	assert_int_equal(r->packets, 5);
	assert_int_equal(r->bytes, 600);
	assert_int_equal(r->start_uptime_ms, 90000);
	assert_int_equal(r->end_uptime_ms, 99000);
	assert_int_equal(r->export_ms, (int64_t)T0 * 1000 + 500);
	assert_int_equal(r->start_ms, (int64_t)T0 * 1000 + 500 - 10000);
	assert_int_equal(r->end_ms, (int64_t)T0 * 1000 + 500 - 1000);
	assert_int_equal(r->sys_uptime_ms, 100000);
	assert_int_equal(r->src_port, 1234);
	assert_int_equal(r->dst_port, 80);
	assert_int_equal(r->tcp_flags, 0x1b);
	assert_int_equal(r->proto, 6);
	assert_int_equal(r->tos, 0x10);
	assert_int_equal(r->src_as, 64500);
	assert_int_equal(r->dst_as, 64501);
	assert_int_equal(r->src_mask, 24);
	assert_int_equal(r->dst_mask, 16);
	assert_true(flow_has(r, FLOW_HAS_START | FLOW_HAS_END | FLOW_HAS_UPTIME |
	    FLOW_HAS_SAMPLING | FLOW_HAS_DOMAIN | FLOW_HAS_SRC_AS));
	assert_false(flow_has(r, FLOW_HAS_TEMPLATE));
	assert_int_equal(r->sampling_rate, 100);
	assert_int_equal(flow_session_stats(s)->flows, 1);
	flow_session_free(s);
}

static void
test_v5_unsampled_and_short(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;

	(void)state;
	v5_build(&p, 0);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_false(flow_has(&g.rec[0], FLOW_HAS_SAMPLING));
	/* count says 2, one record there */
	p.b[3] = 2;
	memset(&g, 0, sizeof(g));
	assert_false(export_looks_valid(p.b, p.n));
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err[0].reason, SKIP_BAD_EXPORT);
	assert_string_equal(g.err[0].record_unit, "packet");
	flow_session_free(s);
}

/* ------------------------------------------------------------------ */
/* NetFlow v9                                                          */

static const uint16_t v9_fields[] = {
	8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 4, 2, 4, 22, 4, 21, 4, 10, 2,
	14, 2, 16, 4, 17, 4, 6, 1, 5, 1, 9, 1, 13, 1, 15, 4, 61, 1,
};
#define V9_NFIELDS	19

static void
v9_template_set(struct pkt *p, uint16_t id)
{
	set_open(p, 0);
	tpl(p, id, V9_NFIELDS, v9_fields);
	set_close(p);
}

static void
v9_data_set(struct pkt *p, uint16_t id, uint8_t last_octet)
{
	set_open(p, id);
	put_ip4(p, 192, 0, 2, last_octet);
	put_ip4(p, 198, 51, 100, 7);
	put16(p, 5000);
	put16(p, 443);
	put8(p, 6);
	put32(p, 1500);
	put32(p, 3);
	put32(p, 50000);	/* FIRST_SWITCHED */
	put32(p, 59000);	/* LAST_SWITCHED */
	put16(p, 7);
	put16(p, 8);
	put32(p, 65001);
	put32(p, 65002);
	put8(p, 0x12);
	put8(p, 0);
	put8(p, 24);
	put8(p, 25);
	put_ip4(p, 192, 0, 2, 254);
	put8(p, 1);
	put8(p, 0);		/* padding: less than a record */
	put8(p, 0);
	set_close(p);
}

static void
assert_v9_record(const struct flow_record *r, uint8_t last_octet)
{
	assert_int_equal(r->version, 9);
	assert_int_equal(r->template_id, 300);
	assert_ip4(&r->src, 192, 0, 2, last_octet);
	assert_ip4(&r->dst, 198, 51, 100, 7);
	assert_int_equal(r->src_port, 5000);
	assert_int_equal(r->dst_port, 443);
	assert_int_equal(r->proto, 6);
	assert_int_equal(r->bytes, 1500);
	assert_int_equal(r->packets, 3);
	assert_int_equal(r->start_uptime_ms, 50000);
	assert_int_equal(r->end_uptime_ms, 59000);
	assert_int_equal(r->start_ms, (int64_t)T0 * 1000 - 60000 + 50000);
	assert_int_equal(r->end_ms, (int64_t)T0 * 1000 - 60000 + 59000);
	assert_int_equal(r->in_if, 7);
	assert_int_equal(r->out_if, 8);
	assert_int_equal(r->src_as, 65001);
	assert_int_equal(r->dst_as, 65002);
	assert_int_equal(r->tcp_flags, 0x12);
	assert_int_equal(r->src_mask, 24);
	assert_int_equal(r->dst_mask, 25);
	assert_ip4(&r->next_hop, 192, 0, 2, 254);
	assert_int_equal(r->direction, FLOW_DIR_EGRESS);
	assert_int_equal(r->sys_uptime_ms, 60000);
	assert_true(flow_has(r, FLOW_HAS_DIRECTION | FLOW_HAS_TOS |
	    FLOW_HAS_UPTIME | FLOW_HAS_START | FLOW_HAS_END |
	    FLOW_HAS_TEMPLATE | FLOW_HAS_SYS_UPTIME));
	assert_false(flow_has(r, FLOW_HAS_SAMPLING));
	assert_false(flow_has(r, FLOW_HAS_ICMP));
}

static void
test_v9_template_and_data(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;

	(void)state;
	v9_header(&p, 60000, T0, 7);
	v9_template_set(&p, 300);
	v9_data_set(&p, 300, 1);
	assert_true(export_looks_valid(p.b, p.n));
	assert_int_equal(export_version(p.b, p.n), 9);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 1);
	assert_v9_record(&g.rec[0], 1);
	assert_int_equal(g.rec[0].domain, 7);
	assert_int_equal(flow_session_stats(s)->templates, 1);
	flow_session_free(s);
}

static void
test_v9_deferred(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	const struct flow_session_stats *st = flow_session_stats(s);

	(void)state;
	v9_header(&p, 60000, T0, 7);
	v9_data_set(&p, 300, 1);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 0);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(st->sets_deferred, 1);

	/* the template, then data in the same datagram: the new data first,
	 * then the deferred set */
	v9_header(&p, 60000, T0, 7);
	v9_template_set(&p, 300);
	v9_data_set(&p, 300, 2);
	run_on(s, p.b, p.n, 2, NULL, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 2);
	assert_v9_record(&g.rec[0], 2);
	assert_v9_record(&g.rec[1], 1);
	assert_int_equal(g.rec[1].packet_no, 1);
	assert_int_equal(st->sets_deferred_decoded, 1);
	finish(s, &g);
	assert_int_equal(g.nerr, 0);
	flow_session_free(s);
}

static void
test_v9_template_never_comes(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;

	(void)state;
	v9_header(&p, 60000, T0, 7);
	v9_data_set(&p, 300, 1);
	v9_data_set(&p, 301, 1);
	run(s, &p, &g);
	/* a template for another domain does not help */
	v9_header(&p, 60000, T0, 8);
	v9_template_set(&p, 300);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 0);
	finish(s, &g);
	assert_int_equal(g.nerr, 2);
	assert_int_equal(count_reason(&g, SKIP_NO_TEMPLATE), 2);
	assert_int_equal(g.err[0].record_no, 1);
	assert_int_equal(g.err[0].offset, 1000 + 20 + 4);
	assert_non_null(strstr(g.err[0].detail, "300"));
	assert_int_equal(flow_session_stats(s)->sets_deferred_dropped, 2);
	flow_session_free(s);
}

static void
test_v9_uptime_wrap(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t f[] = { 22, 4, 21, 4, 1, 4 };

	(void)state;
	v9_header(&p, 1000, T0, 0);
	set_open(&p, 0);
	tpl(&p, 256, 3, f);
	set_close(&p);
	set_open(&p, 256);
	put32(&p, 0xfffff000u);	/* before the wrap */
	put32(&p, 500);		/* after */
	put32(&p, 1);
	set_close(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.rec[0].start_ms,
	    (int64_t)T0 * 1000 - 1000 + 0xfffff000u - ((int64_t)1 << 32));
	assert_int_equal(g.rec[0].end_ms, (int64_t)T0 * 1000 - 500);
	assert_int_equal(g.rec[0].start_uptime_ms, 0xfffff000u);
	flow_session_free(s);
}

static void
test_v9_options_sampling(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t df[] = { 8, 4, 1, 4, 48, 1 };
	static const uint16_t df2[] = { 8, 4, 1, 4 };

	(void)state;
	v9_header(&p, 60000, T0, 3);
	/* options template 400: scope System (4 bytes); options
	 * FLOW_SAMPLER_ID (1), SAMPLING_INTERVAL (4), RFC 3954 6.1 */
	set_open(&p, 1);
	put16(&p, 400);
	put16(&p, 4);		/* scope length */
	put16(&p, 8);		/* option length */
	put16(&p, 1);
	put16(&p, 4);
	put16(&p, 48);
	put16(&p, 1);
	put16(&p, 34);
	put16(&p, 4);
	put16(&p, 0);		/* padding */
	set_close(&p);
	set_open(&p, 400);
	put32(&p, 0);
	put8(&p, 5);
	put32(&p, 1000);
	put32(&p, 0);
	put8(&p, 6);
	put32(&p, 2000);
	set_close(&p);
	set_open(&p, 0);
	tpl(&p, 256, 3, df);
	tpl(&p, 257, 2, df2);
	set_close(&p);
	set_open(&p, 256);
	put_ip4(&p, 10, 0, 0, 1);
	put32(&p, 100);
	put8(&p, 6);
	put_ip4(&p, 10, 0, 0, 2);
	put32(&p, 100);
	put8(&p, 9);		/* unknown sampler */
	set_close(&p);
	set_open(&p, 257);
	put_ip4(&p, 10, 0, 0, 3);
	put32(&p, 100);
	set_close(&p);
	run(s, &p, &g);
	assert_int_equal(count_reason(&g, NOTE_OPTIONS_RECORD), 2);
	assert_int_equal(g.nerr, 2);
	assert_int_equal(g.nrec, 3);
	assert_true(flow_has(&g.rec[0], FLOW_HAS_SAMPLING));
	assert_int_equal(g.rec[0].sampling_rate, 2000);
	/* two samplers known, none without id: nothing invented */
	assert_false(flow_has(&g.rec[1], FLOW_HAS_SAMPLING));
	assert_false(flow_has(&g.rec[2], FLOW_HAS_SAMPLING));
	assert_int_equal(flow_session_stats(s)->options_records, 2);
	assert_int_equal(flow_session_stats(s)->options_templates, 1);

	/* one rate without a sampler id: applies to records naming none */
	flow_session_free(s);
	s = flow_session_new();
	memset(&g, 0, sizeof(g));
	v9_header(&p, 60000, T0, 3);
	set_open(&p, 1);
	put16(&p, 400);
	put16(&p, 4);
	put16(&p, 4);
	put16(&p, 1);
	put16(&p, 4);
	put16(&p, 34);
	put16(&p, 4);
	set_close(&p);
	set_open(&p, 400);
	put32(&p, 0);
	put32(&p, 512);
	set_close(&p);
	set_open(&p, 0);
	tpl(&p, 257, 2, df2);
	set_close(&p);
	run(s, &p, &g);
	v9_header(&p, 60000, T0, 3);
	set_open(&p, 257);
	put_ip4(&p, 10, 0, 0, 3);
	put32(&p, 100);
	set_close(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.rec[0].sampling_rate, 512);
	assert_true(flow_has(&g.rec[0], FLOW_HAS_SAMPLING));
	flow_session_free(s);
}

/* ------------------------------------------------------------------ */
/* IPFIX                                                               */

static const uint16_t ipfix_fields[] = {
	8, 4, 12, 4, 1, 8, 2, 8, 152, 8, 153, 8,
};

static void
ipfix_simple(struct pkt *p, uint32_t domain, uint16_t id, bool with_tpl,
    uint8_t last_octet)
{
	ipfix_header(p, T0, domain);
	if (with_tpl) {
		set_open(p, 2);
		tpl(p, id, 6, ipfix_fields);
		set_close(p);
	}
	set_open(p, id);
	put_ip4(p, 10, 1, 1, last_octet);
	put_ip4(p, 10, 2, 2, 2);
	put64(p, 1000);
	put64(p, 10);
	put64(p, (uint64_t)T0 * 1000 - 5000);
	put64(p, (uint64_t)T0 * 1000 - 1000);
	set_close(p);
	ipfix_end(p);
}

static void
test_ipfix_basic(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;

	(void)state;
	ipfix_simple(&p, 5, 256, true, 1);
	assert_true(export_looks_valid(p.b, p.n));
	assert_int_equal(export_version(p.b, p.n), 10);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.rec[0].version, 10);
	assert_int_equal(g.rec[0].domain, 5);
	assert_ip4(&g.rec[0].src, 10, 1, 1, 1);
	assert_int_equal(g.rec[0].bytes, 1000);
	assert_int_equal(g.rec[0].packets, 10);
	assert_int_equal(g.rec[0].start_ms, (int64_t)T0 * 1000 - 5000);
	assert_int_equal(g.rec[0].end_ms, (int64_t)T0 * 1000 - 1000);
	assert_int_equal(g.rec[0].export_ms, (int64_t)T0 * 1000);
	assert_false(flow_has(&g.rec[0], FLOW_HAS_UPTIME));
	assert_false(flow_has(&g.rec[0], FLOW_HAS_SYS_UPTIME));
	/* header length != datagram length: not recognised */
	assert_false(export_looks_valid(p.b, p.n - 1));
	flow_session_free(s);
}

static void
test_ipfix_withdrawal(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;

	(void)state;
	ipfix_simple(&p, 5, 256, true, 1);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	/* withdraw 256: RFC 7011 8.1, field count 0 */
	ipfix_header(&p, T0, 5);
	set_open(&p, 2);
	put16(&p, 256);
	put16(&p, 0);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	ipfix_simple(&p, 5, 256, false, 2);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(flow_session_stats(s)->template_withdrawals, 1);
	assert_int_equal(flow_session_stats(s)->sets_deferred, 1);

	/* learn again; withdraw all (template id 2) */
	ipfix_simple(&p, 5, 257, true, 3);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 2);
	ipfix_header(&p, T0, 5);
	set_open(&p, 2);
	put16(&p, 2);
	put16(&p, 0);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	ipfix_simple(&p, 5, 257, false, 4);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 2);
	finish(s, &g);
	assert_int_equal(count_reason(&g, SKIP_NO_TEMPLATE), 2);
	flow_session_free(s);
}

static void
test_ipfix_template_change(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t f2[] = { 12, 4, 8, 4, 2, 4 };

	(void)state;
	ipfix_simple(&p, 5, 256, true, 1);
	run(s, &p, &g);
	run(s, &p, &g);		/* refresh: same layout */
	assert_int_equal(flow_session_stats(s)->template_changes, 0);
	ipfix_header(&p, T0, 5);
	set_open(&p, 2);
	tpl(&p, 256, 3, f2);
	set_close(&p);
	set_open(&p, 256);
	put_ip4(&p, 10, 9, 9, 9);
	put_ip4(&p, 10, 8, 8, 8);
	put32(&p, 77);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 3);
	assert_int_equal(flow_session_stats(s)->template_changes, 1);
	assert_ip4(&g.rec[2].src, 10, 8, 8, 8);
	assert_ip4(&g.rec[2].dst, 10, 9, 9, 9);
	assert_int_equal(g.rec[2].packets, 77);
	assert_false(flow_has(&g.rec[2], FLOW_HAS_BYTES));
	flow_session_free(s);
}

static void
test_ipfix_scope(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	struct ip_addr ex1 = { AFI_IPV4, { 192, 0, 2, 1 } };
	struct ip_addr ex2 = { AFI_IPV4, { 192, 0, 2, 2 } };
	static const uint16_t f2[] = { 12, 4, 8, 4, 2, 4 };

	(void)state;
	/* domain 5 of exporter 1: the simple layout */
	ipfix_simple(&p, 5, 256, true, 1);
	run_on(s, p.b, p.n, 1, &ex1, &g);
	/* domain 6 of exporter 1 and domain 5 of exporter 2: another */
	ipfix_header(&p, T0, 6);
	set_open(&p, 2);
	tpl(&p, 256, 3, f2);
	set_close(&p);
	ipfix_end(&p);
	run_on(s, p.b, p.n, 2, &ex1, &g);
	p.b[15] = 5;
	run_on(s, p.b, p.n, 3, &ex2, &g);
	assert_int_equal(flow_session_stats(s)->template_changes, 0);
	/* data for each */
	ipfix_simple(&p, 5, 256, false, 7);
	run_on(s, p.b, p.n, 4, &ex1, &g);
	ipfix_header(&p, T0, 6);
	set_open(&p, 256);
	put_ip4(&p, 10, 9, 9, 9);
	put_ip4(&p, 10, 8, 8, 8);
	put32(&p, 77);
	set_close(&p);
	ipfix_end(&p);
	run_on(s, p.b, p.n, 5, &ex1, &g);
	p.b[15] = 5;
	run_on(s, p.b, p.n, 6, &ex2, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 4);
	assert_ip4(&g.rec[1].src, 10, 1, 1, 7);
	assert_int_equal(g.rec[1].bytes, 1000);
	assert_ip4(&g.rec[2].src, 10, 8, 8, 8);
	assert_int_equal(g.rec[2].domain, 6);
	assert_ip4(&g.rec[3].src, 10, 8, 8, 8);
	assert_int_equal(g.rec[3].domain, 5);
	assert_int_equal(g.rec[3].exporter.bytes[3], 2);
	flow_session_free(s);
}

/* IPFIX options template: scope IE 149 or 48, options 34 / 305+306. */
static void
test_ipfix_options_sampling(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t df[] = { 8, 4, 302, 4, 1, 4 };
	static const uint16_t df2[] = { 8, 4, 1, 4 };
	static const uint16_t df3[] = { 8, 4, 1, 4, 34, 4 };

	(void)state;
	ipfix_header(&p, T0, 9);
	set_open(&p, 3);
	put16(&p, 500);		/* selector with packet interval/space */
	put16(&p, 3);
	put16(&p, 1);
	put16(&p, 302);
	put16(&p, 4);
	put16(&p, 305);
	put16(&p, 4);
	put16(&p, 306);
	put16(&p, 4);
	set_close(&p);
	set_open(&p, 500);
	put32(&p, 11);
	put32(&p, 1);
	put32(&p, 99);		/* 1 in 100 */
	set_close(&p);
	set_open(&p, 2);
	tpl(&p, 256, 3, df);
	tpl(&p, 257, 2, df2);
	tpl(&p, 258, 3, df3);
	set_close(&p);
	set_open(&p, 256);
	put_ip4(&p, 10, 0, 0, 1);
	put32(&p, 11);
	put32(&p, 5);
	set_close(&p);
	set_open(&p, 257);
	put_ip4(&p, 10, 0, 0, 2);
	put32(&p, 5);
	set_close(&p);
	set_open(&p, 258);	/* its own rate wins */
	put_ip4(&p, 10, 0, 0, 3);
	put32(&p, 5);
	put32(&p, 8);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err[0].reason, NOTE_OPTIONS_RECORD);
	assert_int_equal(g.nrec, 3);
	assert_int_equal(g.rec[0].sampling_rate, 100);
	assert_true(flow_has(&g.rec[0], FLOW_HAS_SAMPLING));
	/* exactly one rate known for the domain: used */
	assert_int_equal(g.rec[1].sampling_rate, 100);
	assert_int_equal(g.rec[2].sampling_rate, 8);

	/* without sampler id: scope observationDomainId (149) */
	memset(&g, 0, sizeof(g));
	ipfix_header(&p, T0, 10);
	set_open(&p, 3);
	put16(&p, 501);
	put16(&p, 2);
	put16(&p, 1);
	put16(&p, 149);
	put16(&p, 4);
	put16(&p, 34);
	put16(&p, 4);
	set_close(&p);
	set_open(&p, 501);
	put32(&p, 10);
	put32(&p, 64);
	set_close(&p);
	set_open(&p, 2);
	tpl(&p, 257, 2, df2);
	set_close(&p);
	set_open(&p, 257);
	put_ip4(&p, 10, 0, 0, 2);
	put32(&p, 5);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.rec[0].sampling_rate, 64);
	/* domain 11 knows nothing */
	memset(&g, 0, sizeof(g));
	ipfix_header(&p, T0, 11);
	set_open(&p, 2);
	tpl(&p, 257, 2, df2);
	set_close(&p);
	set_open(&p, 257);
	put_ip4(&p, 10, 0, 0, 2);
	put32(&p, 5);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_false(flow_has(&g.rec[0], FLOW_HAS_SAMPLING));
	flow_session_free(s);
}

static void
test_ipfix_varlen_reduced_enterprise(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	int i;

	(void)state;
	ipfix_header(&p, T0, 1);
	set_open(&p, 2);
	put16(&p, 256);
	put16(&p, 6);
	put16(&p, 8);
	put16(&p, 4);
	put16(&p, 82);		/* interfaceName, variable length */
	put16(&p, 65535);
	put16(&p, 0x8000 | 12);	/* enterprise element */
	put16(&p, 2);
	put32(&p, 9);		/* PEN */
	put16(&p, 1);		/* octetDeltaCount in 4 bytes */
	put16(&p, 4);
	put16(&p, 2);		/* packetDeltaCount in 2 bytes */
	put16(&p, 2);
	put16(&p, 210);		/* paddingOctets, zero length */
	put16(&p, 0);
	set_close(&p);
	set_open(&p, 256);
	put_ip4(&p, 10, 0, 0, 1);
	put8(&p, 3);
	put8(&p, 'e');
	put8(&p, 't');
	put8(&p, '0');
	put16(&p, 0xbeef);
	put32(&p, 0x01020304);
	put16(&p, 0x0506);
	/* second record: long form of the variable length */
	put_ip4(&p, 10, 0, 0, 2);
	put8(&p, 255);
	put16(&p, 300);
	for (i = 0; i < 300; i++)
		put8(&p, 'x');
	put16(&p, 0xbeef);
	put32(&p, 7);
	put16(&p, 8);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 2);
	assert_int_equal(g.rec[0].bytes, 0x01020304);
	assert_int_equal(g.rec[0].packets, 0x0506);
	assert_ip4(&g.rec[1].src, 10, 0, 0, 2);
	assert_int_equal(g.rec[1].bytes, 7);
	assert_int_equal(g.rec[1].packets, 8);
	assert_int_equal(flow_session_stats(s)->enterprise_fields, 2);
	flow_session_free(s);
}

/* One record with a single time form; returns what was decoded. */
static struct flow_record
one_time_form(struct flow_session *s, const uint16_t *f, int nf,
    const uint8_t *val, size_t vlen)
{
	struct got g = { 0 };
	struct pkt p;
	size_t i;

	ipfix_header(&p, T0, 1);
	set_open(&p, 2);
	tpl(&p, 256, nf, f);
	set_close(&p);
	set_open(&p, 256);
	for (i = 0; i < vlen; i++)
		put8(&p, val[i]);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 1);
	return g.rec[0];
}

static size_t
be(uint8_t *out, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	return n;
}

static void
test_ipfix_times(void **state)
{
	struct flow_session *s = flow_session_new();
	struct flow_record r;
	uint8_t v[64];
	size_t n;
	int64_t t0 = (int64_t)T0 * 1000;
	uint64_t ntp_secs = (uint64_t)T0 - 100 + NTP_OFFSET;
	static const uint16_t f_s[] = { 150, 4, 151, 4 };
	static const uint16_t f_us[] = { 154, 8, 155, 8 };
	static const uint16_t f_ns[] = { 156, 8, 157, 8 };
	static const uint16_t f_up[] = { 22, 4, 21, 4 };
	static const uint16_t f_up160[] = { 22, 4, 21, 4, 160, 8 };
	static const uint16_t f_delta[] = { 158, 4, 159, 4 };
	static const uint16_t f_dur[] = { 152, 8, 161, 4 };
	static const uint16_t f_dur_us[] = { 150, 4, 162, 4 };

	(void)state;
	n = be(v, T0 - 100, 4);
	n += be(v + n, T0 - 50, 4);
	r = one_time_form(s, f_s, 2, v, n);
	assert_int_equal(r.start_ms, t0 - 100000);
	assert_int_equal(r.end_ms, t0 - 50000);

	/* NTP: half a second in the fraction */
	n = be(v, ntp_secs << 32 | 0x80000000u, 8);
	n += be(v + n, (ntp_secs + 1) << 32 | 0x40000000u, 8);
	r = one_time_form(s, f_us, 2, v, n);
	assert_int_equal(r.start_ms, t0 - 100000 + 500);
	assert_int_equal(r.end_ms, t0 - 99000 + 250);
	r = one_time_form(s, f_ns, 2, v, n);
	assert_int_equal(r.start_ms, t0 - 100000 + 500);
	assert_int_equal(r.end_ms, t0 - 99000 + 250);

	/* sysUpTime without IE 160: uptime only */
	n = be(v, 1000, 4);
	n += be(v + n, 3000, 4);
	r = one_time_form(s, f_up, 2, v, n);
	assert_true(flow_has(&r, FLOW_HAS_UPTIME));
	assert_false(flow_has(&r, FLOW_HAS_START));
	assert_false(flow_has(&r, FLOW_HAS_END));
	assert_int_equal(r.start_uptime_ms, 1000);
	assert_int_equal(r.end_uptime_ms, 3000);

	/* with IE 160 in the record */
	n += be(v + n, (uint64_t)t0 - 86400000, 8);
	r = one_time_form(s, f_up160, 3, v, n);
	assert_int_equal(r.start_ms, t0 - 86400000 + 1000);
	assert_int_equal(r.end_ms, t0 - 86400000 + 3000);

	/* delta microseconds from the export time */
	n = be(v, 2000000, 4);
	n += be(v + n, 500000, 4);
	r = one_time_form(s, f_delta, 2, v, n);
	assert_int_equal(r.start_ms, t0 - 2000);
	assert_int_equal(r.end_ms, t0 - 500);

	/* durations */
	n = be(v, (uint64_t)t0 - 7000, 8);
	n += be(v + n, 1234, 4);
	r = one_time_form(s, f_dur, 2, v, n);
	assert_int_equal(r.start_ms, t0 - 7000);
	assert_int_equal(r.end_ms, t0 - 7000 + 1234);
	n = be(v, T0 - 10, 4);
	n += be(v + n, 2500000, 4);
	r = one_time_form(s, f_dur_us, 2, v, n);
	assert_int_equal(r.end_ms, t0 - 10000 + 2500);
	flow_session_free(s);
}

/* IE 160 from options data, RFC 7011 4.2-ish exporter statistics. */
static void
test_ipfix_sysinit_from_options(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t f_up[] = { 22, 4, 21, 4 };
	int64_t boot = (int64_t)T0 * 1000 - 3600000;

	(void)state;
	ipfix_header(&p, T0, 4);
	set_open(&p, 3);
	put16(&p, 600);
	put16(&p, 2);
	put16(&p, 1);
	put16(&p, 149);
	put16(&p, 4);
	put16(&p, 160);
	put16(&p, 8);
	set_close(&p);
	set_open(&p, 600);
	put32(&p, 4);
	put64(&p, (uint64_t)boot);
	set_close(&p);
	set_open(&p, 2);
	tpl(&p, 256, 2, f_up);
	set_close(&p);
	set_open(&p, 256);
	put32(&p, 10);
	put32(&p, 20);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.rec[0].start_ms, boot + 10);
	assert_int_equal(g.rec[0].end_ms, boot + 20);
	flow_session_free(s);
}

static void
test_ipfix_fallbacks_and_icmp(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t f[] = {
		27, 16, 28, 16, 85, 8, 86, 8, 252, 4, 253, 4, 139, 2, 18, 4,
		225, 4, 4, 1, 8, 4,
	};
	int i;

	(void)state;
	ipfix_header(&p, T0, 1);
	set_open(&p, 2);
	tpl(&p, 256, 11, f);
	set_close(&p);
	set_open(&p, 256);
	for (i = 0; i < 16; i++)
		put8(&p, (uint8_t)(i == 0 ? 0x20 : i));
	for (i = 0; i < 16; i++)
		put8(&p, (uint8_t)(i == 0 ? 0xfe : i));
	put64(&p, 5000);
	put64(&p, 50);
	put32(&p, 11);
	put32(&p, 12);
	put16(&p, 0x0301);	/* type 3 code 1 */
	put_ip4(&p, 192, 0, 2, 9);
	put_ip4(&p, 203, 0, 113, 1);	/* post-NAT: ignored */
	put8(&p, 58);
	put_ip4(&p, 10, 0, 0, 1);	/* a set IPv4 address: an IPv4 flow */
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	/* One family per flow: no IPv4 destination was sent. */
	assert_ip4(&g.rec[0].src, 10, 0, 0, 1);
	assert_int_equal(g.rec[0].dst.afi, 0);
	/* Total counts stand in for the missing delta counts. */
	assert_int_equal(g.rec[0].bytes, 5000);
	assert_int_equal(g.rec[0].packets, 50);
	/* Physical interfaces (252/253) are not ingress/egressInterface. */
	assert_false(flow_has(&g.rec[0], FLOW_HAS_IN_IF));
	assert_false(flow_has(&g.rec[0], FLOW_HAS_OUT_IF));
	assert_int_equal(g.rec[0].icmp_type, 3);
	assert_int_equal(g.rec[0].icmp_code, 1);
	assert_true(flow_has(&g.rec[0], FLOW_HAS_ICMP));
	/* bgpNextHopIPv4Address (18) is not the IP next hop. */
	assert_int_equal(g.rec[0].next_hop.afi, 0);
	flow_session_free(s);
}

/* Both families in the template, IPv4 left zero: the flow is IPv6. */
static void
test_ipfix_family_of_the_set_addresses(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t f[] = {
		8, 4, 12, 4, 15, 4, 27, 16, 28, 16, 62, 16,
	};
	int i;

	(void)state;
	ipfix_header(&p, T0, 1);
	set_open(&p, 2);
	tpl(&p, 256, 6, f);
	set_close(&p);
	set_open(&p, 256);
	/* record 1: IPv6 set, IPv4 zero */
	put_ip4(&p, 0, 0, 0, 0);
	put_ip4(&p, 0, 0, 0, 0);
	put_ip4(&p, 0, 0, 0, 0);
	for (i = 0; i < 16; i++)
		put8(&p, (uint8_t)(i == 0 ? 0x20 : i));
	for (i = 0; i < 16; i++)
		put8(&p, (uint8_t)(i == 0 ? 0xfe : i));
	for (i = 0; i < 16; i++)
		put8(&p, (uint8_t)(i == 15 ? 1 : 0));
	/* record 2: IPv4 set, IPv6 zero */
	put_ip4(&p, 10, 0, 0, 1);
	put_ip4(&p, 10, 0, 0, 2);
	put_ip4(&p, 10, 0, 0, 3);
	for (i = 0; i < 48; i++)
		put8(&p, 0);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 2);
	assert_int_equal(g.rec[0].src.afi, AFI_IPV6);
	assert_int_equal(g.rec[0].src.bytes[0], 0x20);
	assert_int_equal(g.rec[0].dst.afi, AFI_IPV6);
	assert_int_equal(g.rec[0].dst.bytes[0], 0xfe);
	assert_int_equal(g.rec[0].next_hop.afi, AFI_IPV6);
	assert_int_equal(g.rec[0].next_hop.bytes[15], 1);
	assert_ip4(&g.rec[1].src, 10, 0, 0, 1);
	assert_ip4(&g.rec[1].dst, 10, 0, 0, 2);
	assert_ip4(&g.rec[1].next_hop, 10, 0, 0, 3);
	flow_session_free(s);
}

/* ------------------------------------------------------------------ */
/* Framing: padding and damage                                         */

static void
test_zero_trailing_and_unknown_set(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;

	(void)state;
	v9_header(&p, 60000, T0, 7);
	v9_template_set(&p, 300);
	v9_data_set(&p, 300, 1);
	set_open(&p, 77);	/* reserved set id */
	put32(&p, 0);
	set_close(&p);
	memset(p.b + p.n, 0, 40);	/* Palo Alto padding */
	p.n += 40;
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err[0].reason, NOTE_UNKNOWN_SET);
	flow_session_free(s);
}

static void
test_bad_set_lengths(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;

	(void)state;
	ipfix_simple(&p, 5, 256, true, 1);
	/* a set of length 3 after the data set */
	put16(&p, 256);
	put16(&p, 3);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err[0].reason, SKIP_BAD_EXPORT);
	assert_string_equal(g.err[0].detail, "IPFIX set 256 length 3 < 4");
	assert_int_equal(g.err[0].offset, 1000 + p.n - 4);
	assert_int_equal(g.err[0].record_no, 1);

	/* overrun: the set claims more than the message */
	memset(&g, 0, sizeof(g));
	ipfix_simple(&p, 5, 256, true, 1);
	put16(&p, 256);
	put16(&p, 200);
	put32(&p, 0);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err[0].reason, SKIP_BAD_EXPORT);
	assert_non_null(strstr(g.err[0].detail, "overruns"));
	flow_session_free(s);
}

static void
test_bad_templates(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t zero_len[] = { 8, 0, 210, 0 };
	static const uint16_t ok[] = { 8, 4 };

	(void)state;
	v9_header(&p, 60000, T0, 7);
	set_open(&p, 0);
	put16(&p, 260);
	put16(&p, 0);		/* 0 fields */
	tpl(&p, 261, 2, zero_len);
	tpl(&p, 262, 1, ok);
	put16(&p, 263);
	put16(&p, 1000);	/* cannot fit the set */
	set_close(&p);
	set_open(&p, 261);	/* zero-length records: no infinite loop */
	put32(&p, 0);
	set_close(&p);
	run(s, &p, &g);
	assert_int_equal(count_reason(&g, SKIP_BAD_TEMPLATE), 3);
	assert_string_equal(g.err[0].detail, "v9 template 260 has 0 fields");
	assert_int_equal(flow_session_stats(s)->templates, 1);
	finish(s, &g);
	assert_int_equal(count_reason(&g, SKIP_NO_TEMPLATE), 1);
	flow_session_free(s);
}

/* H3C NetStream sends IPFIX-style variable-length fields in v9. */
static void
test_v9_varlen(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;
	static const uint16_t f[] = { 8, 4, 83, 65535, 1, 4 };

	(void)state;
	v9_header(&p, 60000, T0, 0);
	set_open(&p, 0);
	tpl(&p, 256, 3, f);
	put16(&p, 0);		/* zero padding in the template set */
	put16(&p, 0);
	set_close(&p);
	set_open(&p, 256);
	put_ip4(&p, 10, 0, 0, 1);
	put8(&p, 2);
	put16(&p, 0x6869);
	put32(&p, 99);
	set_close(&p);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.rec[0].bytes, 99);
	flow_session_free(s);
}

static void
test_ipfix_bad_options_and_length(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };
	struct pkt p;

	(void)state;
	ipfix_header(&p, T0, 1);
	set_open(&p, 3);
	put16(&p, 300);
	put16(&p, 1);
	put16(&p, 0);		/* scope field count 0: RFC 7011 3.4.2.2 */
	put16(&p, 34);
	put16(&p, 4);
	set_close(&p);
	ipfix_end(&p);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err[0].reason, SKIP_BAD_TEMPLATE);
	assert_non_null(strstr(g.err[0].detail, "scope field count 0"));

	/* the message is shorter than the datagram: the rest is ignored */
	memset(&g, 0, sizeof(g));
	ipfix_simple(&p, 5, 256, true, 1);
	put32(&p, 0xdeadbeef);
	run(s, &p, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 1);
	assert_false(export_looks_valid(p.b, p.n));

	/* longer: said, then what is there is decoded */
	memset(&g, 0, sizeof(g));
	ipfix_simple(&p, 5, 256, true, 1);
	p.b[3] = (uint8_t)(p.b[3] + 8);
	run(s, &p, &g);
	assert_int_equal(g.nrec, 1);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err[0].reason, SKIP_BAD_EXPORT);
	flow_session_free(s);
}

static void
test_recognition(void **state)
{
	struct pkt p;
	static const uint8_t junk[] = { 0x00, 0x07, 0x00, 0x01, 1, 2, 3, 4 };

	(void)state;
	assert_false(export_looks_valid(junk, sizeof(junk)));
	assert_int_equal(export_version(junk, sizeof(junk)), 0);
	assert_int_equal(export_version(junk, 1), 0);
	assert_false(export_looks_valid(junk, 0));
	v5_build(&p, 0);
	p.b[3] = 0;		/* count 0 */
	assert_false(export_looks_valid(p.b, p.n));
	v9_header(&p, 0, T0, 0);
	assert_false(export_looks_valid(p.b, p.n));	/* no flowset */
	put16(&p, 256);
	put16(&p, 2);		/* length < 4 */
	assert_false(export_looks_valid(p.b, p.n));
	v9_header(&p, 0, T0, 0);
	put16(&p, 256);
	put16(&p, 40);		/* overruns */
	put32(&p, 0);
	assert_false(export_looks_valid(p.b, p.n));
	ipfix_header(&p, T0, 0);
	put16(&p, 7);		/* reserved first set */
	put16(&p, 4);
	ipfix_end(&p);
	assert_false(export_looks_valid(p.b, p.n));
}

/* Every prefix of every test datagram: no crash, no endless loop. */
static void
truncate_all(const uint8_t *data, size_t len)
{
	struct flow_session *s;
	struct got g;
	size_t cut;

	for (cut = 0; cut <= len; cut++) {
		s = flow_session_new();
		memset(&g, 0, sizeof(g));
		/* exact-size heap copy so ASan sees any overread */
		uint8_t *copy = malloc(cut + 1);
		assert_non_null(copy);
		if (cut > 0)
			memcpy(copy, data, cut);
		run_on(s, copy, cut, 1, NULL, &g);
		finish(s, &g);
		free(copy);
		flow_session_free(s);
	}
}

/* Every byte of a datagram set to 0x00 and to 0xff in turn. */
static void
flip_all(const uint8_t *data, size_t len)
{
	static const uint8_t values[] = { 0x00, 0xff, 0x01 };
	struct flow_session *s;
	struct got g;
	uint8_t *copy;
	size_t i, v;

	copy = malloc(len);
	assert_non_null(copy);
	for (i = 0; i < len; i++) {
		for (v = 0; v < sizeof(values); v++) {
			memcpy(copy, data, len);
			copy[i] = values[v];
			s = flow_session_new();
			memset(&g, 0, sizeof(g));
			run_on(s, copy, len, 1, NULL, &g);
			run_on(s, copy, len, 2, NULL, &g);
			finish(s, &g);
			flow_session_free(s);
		}
	}
	free(copy);
}

static void
test_flipped_bytes(void **state)
{
	struct pkt p;

	(void)state;
	ipfix_simple(&p, 5, 256, true, 1);
	flip_all(p.b, p.n);
	flip_all(sample_netflow9_test_valid01,
	    sample_netflow9_test_valid01_len);
	flip_all(sample_ipfix_test_mikrotik_tpl,
	    sample_ipfix_test_mikrotik_tpl_len);
}

static void
test_truncation(void **state)
{
	struct pkt p;

	(void)state;
	v5_build(&p, 3);
	truncate_all(p.b, p.n);
	v9_header(&p, 60000, T0, 7);
	v9_template_set(&p, 300);
	v9_data_set(&p, 300, 1);
	truncate_all(p.b, p.n);
	ipfix_simple(&p, 5, 256, true, 1);
	truncate_all(p.b, p.n);
	truncate_all(sample_netflow9_test_valid01,
	    sample_netflow9_test_valid01_len);
	truncate_all(sample_ipfix_test_mikrotik_tpl,
	    sample_ipfix_test_mikrotik_tpl_len);
}

/* ------------------------------------------------------------------ */
/* Real datagrams, against tshark's decoding (expected records.csv)  */

static void
test_sample_netflow5(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };

	(void)state;
	assert_true(export_looks_valid(sample_netflow5, sample_netflow5_len));
	run_on(s, sample_netflow5, sample_netflow5_len, 1, NULL, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 2);
	/* 10.0.2.2,10.0.2.15,54435,22,6,230,5,4294967.295 s,2.577 s,0x10 */
	assert_ip4(&g.rec[0].src, 10, 0, 2, 2);
	assert_ip4(&g.rec[0].dst, 10, 0, 2, 15);
	assert_int_equal(g.rec[0].src_port, 54435);
	assert_int_equal(g.rec[0].dst_port, 22);
	assert_int_equal(g.rec[0].proto, 6);
	assert_int_equal(g.rec[0].bytes, 230);
	assert_int_equal(g.rec[0].packets, 5);
	assert_int_equal(g.rec[0].start_uptime_ms, 4294967295u);
	assert_int_equal(g.rec[0].end_uptime_ms, 2577);
	assert_int_equal(g.rec[0].tcp_flags, 0x10);
	assert_true(g.rec[0].start_ms <= g.rec[0].end_ms);
	assert_int_equal(g.rec[1].bytes, 304);
	assert_int_equal(g.rec[1].tcp_flags, 0x18);
	flow_session_free(s);
}

static void
test_sample_netflow9(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };

	(void)state;
	assert_true(export_looks_valid(sample_netflow9_test_valid01,
	    sample_netflow9_test_valid01_len));
	run_on(s, sample_netflow9_test_valid01,
	    sample_netflow9_test_valid01_len, 1, NULL, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 7);
	/* 172.16.32.100 -> 172.16.32.248 123/123 udp 76 1 1.216 1.217 */
	assert_int_equal(g.rec[0].template_id, 1024);
	assert_ip4(&g.rec[0].src, 172, 16, 32, 100);
	assert_ip4(&g.rec[0].dst, 172, 16, 32, 248);
	assert_int_equal(g.rec[0].src_port, 123);
	assert_int_equal(g.rec[0].proto, 17);
	assert_int_equal(g.rec[0].bytes, 76);
	assert_int_equal(g.rec[0].packets, 1);
	assert_int_equal(g.rec[0].start_uptime_ms, 1216);
	assert_int_equal(g.rec[0].end_uptime_ms, 1217);
	/* the last: fe80::20c:29ff:fe83:3b6e -> ff02::1 icmpv6 672 7 */
	assert_int_equal(g.rec[6].template_id, 2048);
	assert_int_equal(g.rec[6].src.afi, AFI_IPV6);
	assert_int_equal(g.rec[6].src.bytes[0], 0xfe);
	assert_int_equal(g.rec[6].src.bytes[15], 0x6e);
	assert_int_equal(g.rec[6].dst.bytes[0], 0xff);
	assert_int_equal(g.rec[6].dst_port, 34304);
	assert_int_equal(g.rec[6].proto, 58);
	assert_int_equal(g.rec[6].bytes, 672);
	assert_int_equal(g.rec[6].packets, 7);
	assert_int_equal(g.rec[6].start_uptime_ms, 2895);
	assert_int_equal(g.rec[6].end_uptime_ms, 40976);
	flow_session_free(s);
}

static void
test_sample_ipfix_mikrotik(void **state)
{
	struct flow_session *s = flow_session_new();
	struct got g = { 0 };

	(void)state;
	run_on(s, sample_ipfix_test_mikrotik_tpl,
	    sample_ipfix_test_mikrotik_tpl_len, 1, NULL, &g);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(g.nrec, 0);
	run_on(s, sample_ipfix_test_mikrotik_data258,
	    sample_ipfix_test_mikrotik_data258_len, 2, NULL, &g);
	assert_int_equal(g.nerr, 0);
	assert_true(g.nrec > 2);
	/* 10.10.8.197 -> 192.168.128.17 123/123 udp 152 2, in 13 out 7,
	 * next hop 192.168.224.1, uptime 2666794.170 s */
	assert_int_equal(g.rec[0].template_id, 258);
	assert_ip4(&g.rec[0].src, 10, 10, 8, 197);
	assert_ip4(&g.rec[0].dst, 192, 168, 128, 17);
	assert_int_equal(g.rec[0].src_port, 123);
	assert_int_equal(g.rec[0].dst_port, 123);
	assert_int_equal(g.rec[0].proto, 17);
	assert_int_equal(g.rec[0].bytes, 152);
	assert_int_equal(g.rec[0].packets, 2);
	assert_int_equal(g.rec[0].in_if, 13);
	assert_int_equal(g.rec[0].out_if, 7);
	assert_ip4(&g.rec[0].next_hop, 192, 168, 224, 1);
	assert_int_equal(g.rec[0].start_uptime_ms, 2666794170u);
	assert_int_equal(g.rec[1].src_port, 46518);
	assert_int_equal(g.rec[1].tcp_flags, 0x02);
	flow_session_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v5_fields),
		cmocka_unit_test(test_v5_unsampled_and_short),
		cmocka_unit_test(test_v9_template_and_data),
		cmocka_unit_test(test_v9_deferred),
		cmocka_unit_test(test_v9_template_never_comes),
		cmocka_unit_test(test_v9_uptime_wrap),
		cmocka_unit_test(test_v9_options_sampling),
		cmocka_unit_test(test_ipfix_basic),
		cmocka_unit_test(test_ipfix_withdrawal),
		cmocka_unit_test(test_ipfix_template_change),
		cmocka_unit_test(test_ipfix_scope),
		cmocka_unit_test(test_ipfix_options_sampling),
		cmocka_unit_test(test_ipfix_varlen_reduced_enterprise),
		cmocka_unit_test(test_ipfix_times),
		cmocka_unit_test(test_ipfix_sysinit_from_options),
		cmocka_unit_test(test_ipfix_fallbacks_and_icmp),
		cmocka_unit_test(test_ipfix_family_of_the_set_addresses),
		cmocka_unit_test(test_zero_trailing_and_unknown_set),
		cmocka_unit_test(test_bad_set_lengths),
		cmocka_unit_test(test_bad_templates),
		cmocka_unit_test(test_v9_varlen),
		cmocka_unit_test(test_ipfix_bad_options_and_length),
		cmocka_unit_test(test_recognition),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_flipped_bytes),
		cmocka_unit_test(test_sample_netflow5),
		cmocka_unit_test(test_sample_netflow9),
		cmocka_unit_test(test_sample_ipfix_mikrotik),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
