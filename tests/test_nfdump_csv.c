/*
 * test_nfdump_csv.c -- the reader of `nfdump -o csv` output.
 *
 * Hand-written CSV for each layout and each kind of damage; the five
 * CSV files nfdump 1.7.1 made from the nfcapd files of the project's flow
 * corpus (tests/data/flows/nfdump/, see tests/data/README.md); and, when
 * nfdump is installed, a differential test against `nfdump -o raw` on
 * two nfcapd files copied there too.  Run from the top of the tree.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <zlib.h>

#include "parsers/nfdump_csv.h"
#include "tests/test_util.h"

#define DATA_DIR	"tests/data/flows/nfdump/"
#define MAX_RESULTS	256

static char	tmpdir[64];

/* What one nfdump_csv_next call gave. */
struct result {
	enum flow_status	status;
	struct flow_record	rec;
	struct decode_error	err;
};

struct run {
	struct result	r[MAX_RESULTS];
	size_t		n;		/* calls before FLOW_END */
	size_t		ok, skip;
	uint64_t	lines;
};

static const char HEADER17[] =
    "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,"
    "das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1,mpls2,"
    "mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,"
    "tr\n";

/* The fields after dir (nh ... tr) for a 1.7 line, ra and eng given. */
#define TAIL17(nh, ra, eng, tr) \
    nh ",0.0.0.0,0,0,00:00:00:00:00:00,00:00:00:00:00:00," \
    "00:00:00:00:00:00,00:00:00:00:00:00,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0," \
    "0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,    0.000,    0.000,    0.000," \
    ra "," eng ",1," tr "\n"

static const char SUMMARY[] =
    "Summary\nflows,bytes,packets,avg_bps,avg_pps,avg_bpp\n2,100,2,0,0,50\n";

static int
group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_nfdump_csv");
}

static int
group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

/* Write content to a new file of the temporary directory. */
static void
write_temp(char *path, size_t pathlen, const void *data, size_t len)
{
	int fd;

	snprintf(path, pathlen, "%s/csv.XXXXXX", tmpdir);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void
write_gzip(char *path, size_t pathlen, const void *data, size_t len)
{
	gzFile gz;
	int fd;

	snprintf(path, pathlen, "%s/gz.XXXXXX", tmpdir);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	gz = gzopen(path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
	assert_int_equal(gzclose(gz), Z_OK);
}

/* Read a whole file through input + reader. */
static void
run_file(const char *path, struct run *run)
{
	char errbuf[256];
	struct input *in = input_open(path, errbuf, sizeof(errbuf));
	struct nfdump_csv *r;

	assert_non_null(in);
	r = nfdump_csv_open(in, path);
	assert_non_null(r);
	memset(run, 0, sizeof(*run));
	for (;;) {
		const struct flow_record *rec = NULL;
		struct decode_error err;
		enum flow_status st = nfdump_csv_next(r, &rec, &err);

		if (st == FLOW_END)
			break;
		assert_true(run->n < MAX_RESULTS);
		run->r[run->n].status = st;
		if (st == FLOW_OK) {
			run->r[run->n].rec = *rec;
			run->ok++;
		} else {
			run->r[run->n].err = err;
			run->skip++;
		}
		run->n++;
	}
	/* FLOW_END stays FLOW_END. */
	{
		const struct flow_record *rec;
		struct decode_error err;

		assert_int_equal(nfdump_csv_next(r, &rec, &err), FLOW_END);
	}
	run->lines = nfdump_csv_lines(r);
	nfdump_csv_close(r);
	input_close(in);
}

static void
run_text(const char *text, struct run *run)
{
	char path[128];

	write_temp(path, sizeof(path), text, strlen(text));
	run_file(path, run);
	unlink(path);
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

/* Byte offset of line number line (from 1) of text. */
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

static void
assert_skip(const struct result *res, uint64_t line, uint64_t offset,
    enum skip_reason reason, const char *detail_part)
{
	assert_int_equal(res->status, FLOW_SKIP);
	assert_int_equal(res->err.reason, reason);
	assert_int_equal(res->err.record_no, line);
	assert_int_equal(res->err.offset, offset);
	assert_string_equal(res->err.record_unit, "line");
	assert_non_null(res->err.file);
	if (strstr(res->err.detail, detail_part) == NULL)
		fail_msg("detail '%s' lacks '%s'", res->err.detail,
		    detail_part);
}

/* --- detection -------------------------------------------------------- */

static void
test_detect(void **state)
{
	static const uint8_t mrt[] = { 0x4f, 0x00, 0x00, 0x00, 0x00, 0x0d,
	    0x00, 0x01, 0x00, 0x00, 0x00, 0x10 };
	const char *h16 = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,"
	    "opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,"
	    "ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,"
	    "mpls8,mpls9,mpls10,ra,eng\r\n2016-01-01 00:00:00,";

	(void)state;
	assert_true(nfdump_csv_detect((const uint8_t *)HEADER17,
	    strlen(HEADER17)));
	assert_true(nfdump_csv_detect((const uint8_t *)h16, strlen(h16)));
	assert_true(nfdump_csv_detect((const uint8_t *)"pr,dp,sp,da,sa,te,ts",
	    20));
	/* A name missing, or only a prefix of one. */
	assert_false(nfdump_csv_detect((const uint8_t *)"ts,te,sa,da,sp,dp\n",
	    18));
	assert_false(nfdump_csv_detect((const uint8_t *)"ts,te,sa,da,sp,dp,"
	    "proto\n", 24));
	/* The names on a later line do not count. */
	assert_false(nfdump_csv_detect((const uint8_t *)"x\nts,te,sa,da,sp,"
	    "dp,pr\n", 23));
	assert_false(nfdump_csv_detect(mrt, sizeof(mrt)));
	assert_false(nfdump_csv_detect((const uint8_t *)"", 0));
}

/* --- layouts ---------------------------------------------------------- */

static void
test_v17_layout(void **state)
{
	const char *text =
	    "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,"
	    "out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,"
	    "osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,"
	    "mpls10,cl,sl,al,ra,eng,exid,tr\n"
	    "2023-02-28 09:46:38.553,2023-02-28 09:46:39,0.447,"
	    "::138.187.58.13,::138.187.57.33,10000,58779,TCP,CE.A...F,64,"
	    "184,3,180,0,0,143,142,65001,4200000000,24,16,0,1,"
	    TAIL17("::10.1.2.3", "::127.0.0.1", "2/7",
	    "2026-11-24 17:51:16.235");
	struct run run;
	const struct flow_record *f;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 1);
	assert_int_equal(run.r[0].status, FLOW_OK);
	f = &run.r[0].rec;
	assert_int_equal(f->version, 0);
	assert_int_equal(f->packet_no, 2);
	assert_true(flow_has(f, FLOW_HAS_START | FLOW_HAS_END |
	    FLOW_HAS_SRC_PORT | FLOW_HAS_DST_PORT | FLOW_HAS_PROTO |
	    FLOW_HAS_TCP_FLAGS | FLOW_HAS_TOS | FLOW_HAS_PACKETS |
	    FLOW_HAS_BYTES | FLOW_HAS_IN_IF | FLOW_HAS_OUT_IF |
	    FLOW_HAS_SRC_AS | FLOW_HAS_DST_AS | FLOW_HAS_SRC_MASK |
	    FLOW_HAS_DST_MASK | FLOW_HAS_DIRECTION | FLOW_HAS_DOMAIN |
	    FLOW_HAS_RECV_TIME));
	/* Nothing the CSV does not carry. */
	assert_false(flow_has(f, FLOW_HAS_SAMPLING));
	assert_false(flow_has(f, FLOW_HAS_UPTIME));
	assert_false(flow_has(f, FLOW_HAS_ICMP));
	assert_false(flow_has(f, FLOW_HAS_FLOWS));
	assert_false(flow_has(f, FLOW_HAS_TEMPLATE));
	assert_false(flow_has(f, FLOW_HAS_EXPORT_TIME));
	assert_int_equal(f->start_ms, 1677577598553LL);
	assert_int_equal(f->end_ms, 1677577599000LL);
	assert_v4(&f->src, 138, 187, 58, 13);
	assert_v4(&f->dst, 138, 187, 57, 33);
	assert_v4(&f->next_hop, 10, 1, 2, 3);
	assert_v4(&f->exporter, 127, 0, 0, 1);
	assert_int_equal(f->src_port, 10000);
	assert_int_equal(f->dst_port, 58779);
	assert_int_equal(f->proto, 6);
	assert_int_equal(f->tcp_flags, 0x80 | 0x40 | 0x10 | 0x01);
	assert_int_equal(f->tos, 184);
	assert_int_equal(f->packets, 3);
	assert_int_equal(f->bytes, 180);
	assert_int_equal(f->in_if, 143);
	assert_int_equal(f->out_if, 142);
	assert_int_equal(f->src_as, 65001);
	assert_int_equal(f->dst_as, 4200000000u);
	assert_int_equal(f->src_mask, 24);
	assert_int_equal(f->dst_mask, 16);
	assert_int_equal(f->direction, 1);
	assert_int_equal(f->domain, 2 << 8 | 7);
	assert_int_equal(f->recv_us, 1795542676235000LL);
	assert_int_equal(run.lines, 2);
}

static void
test_v16_layout(void **state)
{
	/* nfdump 1.6 (early): no cl, sl, al, exid, tr; 6-letter flags. */
	const char *text =
	    "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,"
	    "out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,"
	    "osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,"
	    "mpls10,ra,eng\n"
	    "2016-07-21 13:52:42,2016-07-21 13:52:43,1.000,66.249.92.70,"
	    "192.168.0.1,56140,80,TCP,.AP.SF,0,0,1000,60000,0,0,542,536,"
	    "15169,64496,0,0,0,0,192.168.0.1,0.0.0.0,0,0,00:00:00:00:00:00,"
	    "00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,0-0-0,"
	    "0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,"
	    "10.0.0.1,0/0\n"
	    "\n"
	    "Summary\n"
	    "flows,bytes,packets,avg_bps,avg_pps,avg_bpp\n"
	    "1,60000,1000,0,0,60\n";
	struct run run;
	const struct flow_record *f;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 1);
	assert_int_equal(run.r[0].status, FLOW_OK);
	f = &run.r[0].rec;
	assert_int_equal(f->start_ms, 1469109162000LL);
	assert_int_equal(f->end_ms, 1469109163000LL);
	assert_int_equal(f->tcp_flags, 0x10 | 0x08 | 0x02 | 0x01);
	assert_false(flow_has(f, FLOW_HAS_RECV_TIME));
	assert_v4(&f->exporter, 10, 0, 0, 1);
	assert_int_equal(f->domain, 0);
	assert_true(flow_has(f, FLOW_HAS_DOMAIN));
	/* nfdump's zeros are kept as printed. */
	assert_true(flow_has(f, FLOW_HAS_SRC_MASK | FLOW_HAS_DIRECTION));
	assert_int_equal(f->src_mask, 0);
	/* Header, record, blank, Summary. */
	assert_int_equal(run.lines, 4);
}

static void
test_ipv6(void **state)
{
	char text[2048];
	struct run run;
	const struct flow_record *f;
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t loop[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 1 };
	static const uint8_t mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff, 10, 0, 0, 1 };

	(void)state;
	snprintf(text, sizeof(text), "%s"
	    "2023-01-01 00:00:00,2023-01-01 00:00:01,1.000,2001:db8::1,::1,"
	    "443,51000,UDP,........,0,0,5,5000,0,0,1,2,0,0,48,64,0,0,"
	    TAIL17("::ffff:10.0.0.1", "2001:db8::1", "0/0",
	    "2023-01-01 00:00:02.000"), HEADER17);
	run_text(text, &run);
	assert_int_equal(run.n, 1);
	assert_int_equal(run.r[0].status, FLOW_OK);
	f = &run.r[0].rec;
	assert_int_equal(f->src.afi, AFI_IPV6);
	assert_memory_equal(f->src.bytes, src, 16);
	/* ::1 has no dot: IPv6 loopback, not 0.0.0.1. */
	assert_int_equal(f->dst.afi, AFI_IPV6);
	assert_memory_equal(f->dst.bytes, loop, 16);
	/* Only ::a.b.c.d means IPv4; a mapped address stays IPv6. */
	assert_int_equal(f->next_hop.afi, AFI_IPV6);
	assert_memory_equal(f->next_hop.bytes, mapped, 16);
	assert_int_equal(f->exporter.afi, AFI_IPV6);
	assert_int_equal(f->proto, 17);
	assert_int_equal(f->tcp_flags, 0);
	assert_int_equal(f->src_mask, 48);
	assert_int_equal(f->dst_mask, 64);
}

static void
test_icmp(void **state)
{
	char text[4096];
	struct run run;

	(void)state;
	snprintf(text, sizeof(text), "%s"
	    "2023-01-01 00:00:00,2023-01-01 00:00:00,0.000,10.0.0.1,10.0.0.2,"
	    "0,2048,ICMP,........,0,0,1,84,0,0,0,0,0,0,0,0,0,0,"
	    TAIL17("0.0.0.0", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000")
	    "2023-01-01 00:00:00,2023-01-01 00:00:00,0.000,10.0.0.1,10.0.0.2,"
	    "0,3.1,ICMP,........,0,0,1,84,0,0,0,0,0,0,0,0,0,0,"
	    TAIL17("0.0.0.0", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000")
	    "2023-01-01 00:00:00,2023-01-01 00:00:00,0.000,2001:db8::1,"
	    "2001:db8::2,0,33024,icmp6,........,0,0,1,84,0,0,0,0,0,0,0,0,0,0,"
	    TAIL17("::", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000")
	    "2023-01-01 00:00:00,2023-01-01 00:00:00,0.000,10.0.0.1,10.0.0.2,"
	    "0,1.2.3,ICMP,........,0,0,1,84,0,0,0,0,0,0,0,0,0,0,"
	    TAIL17("0.0.0.0", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000")
	    "2023-01-01 00:00:00,2023-01-01 00:00:00,0.000,10.0.0.1,10.0.0.2,"
	    "0,99,58,........,0,0,1,84,0,0,0,0,0,0,0,0,0,0,"
	    TAIL17("0.0.0.0", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000"),
	    HEADER17);
	run_text(text, &run);
	assert_int_equal(run.n, 5);

	assert_int_equal(run.r[0].status, FLOW_OK);
	assert_int_equal(run.r[0].rec.proto, 1);
	assert_true(flow_has(&run.r[0].rec, FLOW_HAS_ICMP));
	assert_false(flow_has(&run.r[0].rec, FLOW_HAS_DST_PORT));
	assert_int_equal(run.r[0].rec.icmp_type, 8);
	assert_int_equal(run.r[0].rec.icmp_code, 0);

	assert_int_equal(run.r[1].status, FLOW_OK);
	assert_int_equal(run.r[1].rec.icmp_type, 3);
	assert_int_equal(run.r[1].rec.icmp_code, 1);

	assert_int_equal(run.r[2].status, FLOW_OK);
	assert_int_equal(run.r[2].rec.proto, 58);
	assert_int_equal(run.r[2].rec.icmp_type, 129);
	assert_int_equal(run.r[2].rec.icmp_code, 0);

	assert_skip(&run.r[3], 5, line_offset(text, 5), SKIP_BAD_CSV,
	    "column dp: bad port '1.2.3'");

	/* A protocol printed as a number. */
	assert_int_equal(run.r[4].status, FLOW_OK);
	assert_int_equal(run.r[4].rec.proto, 58);
	assert_int_equal(run.r[4].rec.icmp_type, 0);
	assert_int_equal(run.r[4].rec.icmp_code, 99);
}

static void
test_flags(void **state)
{
	char text[4096];
	struct run run;

	(void)state;
	snprintf(text, sizeof(text), "ts,sa,da,flg\n"
	    "2023-01-01 00:00:00,1.1.1.1,2.2.2.2,CEUAPRSF\n"
	    "2023-01-01 00:00:00,1.1.1.1,2.2.2.2,UAPRSF\n"
	    "2023-01-01 00:00:00,1.1.1.1,2.2.2.2,......S.\n"
	    "2023-01-01 00:00:00,1.1.1.1,2.2.2.2,0x52\n"
	    "2023-01-01 00:00:00,1.1.1.1,2.2.2.2,...A.X..\n"
	    "2023-01-01 00:00:00,1.1.1.1,2.2.2.2,SF\n");
	run_text(text, &run);
	assert_int_equal(run.n, 6);
	assert_int_equal(run.r[0].rec.tcp_flags, 0xff);
	assert_int_equal(run.r[1].rec.tcp_flags, 0x3f);
	assert_int_equal(run.r[2].rec.tcp_flags, 0x02);
	assert_int_equal(run.r[3].rec.tcp_flags, 0x52);
	assert_skip(&run.r[4], 6, line_offset(text, 6), SKIP_BAD_CSV,
	    "column flg: bad TCP flags '...A.X..'");
	assert_skip(&run.r[5], 7, line_offset(text, 7), SKIP_BAD_CSV,
	    "column flg");
}

static void
test_reordered_header(void **state)
{
	/* Any order, an unknown column, fl, pkt/byt aliases, CRLF. */
	const char *text =
	    "pr,dp,sa,mystery,da,ts,sp,fl,pkt,byt\r\n"
	    "UDP,53,192.0.2.1,whatever,192.0.2.2,2020-02-29 23:59:59.999,"
	    "5353,7,10,1000\r\n";
	struct run run;
	const struct flow_record *f;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 1);
	assert_int_equal(run.r[0].status, FLOW_OK);
	f = &run.r[0].rec;
	assert_int_equal(f->proto, 17);
	assert_int_equal(f->dst_port, 53);
	assert_int_equal(f->src_port, 5353);
	assert_v4(&f->src, 192, 0, 2, 1);
	assert_v4(&f->dst, 192, 0, 2, 2);
	assert_int_equal(f->start_ms, 1583020799999LL);
	assert_false(flow_has(f, FLOW_HAS_END));
	assert_true(flow_has(f, FLOW_HAS_FLOWS));
	assert_int_equal(f->flows, 7);
	assert_int_equal(f->packets, 10);
	assert_int_equal(f->bytes, 1000);
	assert_false(flow_has(f, FLOW_HAS_IN_IF | FLOW_HAS_TCP_FLAGS));
}

static void
test_unknown_time_is_absent(void **state)
{
	/* nfdump prints an unknown time as the epoch ("<unknown>" in raw). */
	const char *text = "ts,te,sa,da,tr\n"
	    "1970-01-01 00:00:00,1970-01-01 00:00:00,1.1.1.1,2.2.2.2,"
	    "1970-01-01 00:00:00.000\n"
	    "1970-01-01 00:00:01,1970-01-01 00:00:00.001,1.1.1.1,2.2.2.2,"
	    "1970-01-01 00:00:00.002\n";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.ok, 2);
	assert_false(flow_has(&run.r[0].rec, FLOW_HAS_START));
	assert_false(flow_has(&run.r[0].rec, FLOW_HAS_END));
	assert_false(flow_has(&run.r[0].rec, FLOW_HAS_RECV_TIME));
	assert_int_equal(run.r[1].rec.start_ms, 1000);
	assert_int_equal(run.r[1].rec.end_ms, 1);
	assert_int_equal(run.r[1].rec.recv_us, 2000);
}

static void
test_summary_ends_records(void **state)
{
	char text[4096];
	struct run run;

	(void)state;
	snprintf(text, sizeof(text), "%s"
	    "2023-01-01 00:00:00,2023-01-01 00:00:00,0.000,10.0.0.1,10.0.0.2,"
	    "1,2,TCP,........,0,0,1,50,0,0,0,0,0,0,0,0,0,0,"
	    TAIL17("0.0.0.0", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000")
	    "2023-01-01 00:00:00,2023-01-01 00:00:00,0.000,10.0.0.1,10.0.0.2,"
	    "1,2,TCP,........,0,0,1,50,0,0,0,0,0,0,0,0,0,0,"
	    TAIL17("0.0.0.0", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000")
	    "%s", HEADER17, SUMMARY);
	run_text(text, &run);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.ok, 2);
	/* Reading stops at Summary: header, 2 records, Summary. */
	assert_int_equal(run.lines, 4);
}

static void
test_bad_lines(void **state)
{
	char text[8192];
	struct run run;
	size_t i;
	static const char *const why[] = {
		"6 fields, the header has 7",
		"column sa: bad address '10.0.0.x'",
		"column ts: bad time '2023-13-01 00:00:00'",
		"column ipkt: bad number '12a'",
		"column pr: bad protocol 'FOO'",
		"column sp: bad port '65536'",
		"not a CSV line",
		"column da: empty",
		"8 fields, the header has 7",
	};

	(void)state;
	snprintf(text, sizeof(text), "ts,sa,da,sp,dp,pr,ipkt\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP,1\n"
	    "2023-01-01 00:00:00,10.0.0.x,10.0.0.2,1,2,TCP,1\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP,1\n"
	    "2023-13-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP,1\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP,12a\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,FOO,1\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,65536,2,TCP,1\n"
	    "2023-01-01 00:00:00,10.0.0.1,\"10.0.0.2,1,2,TCP,1\n"
	    "2023-01-01 00:00:00,10.0.0.1,,1,2,TCP,1\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP,1,9\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP,3\n");
	run_text(text, &run);
	assert_int_equal(run.n, 12);
	assert_int_equal(run.ok, 3);
	assert_int_equal(run.r[1].status, FLOW_OK);
	assert_int_equal(run.r[1].rec.packet_no, 3);
	assert_int_equal(run.r[3].status, FLOW_OK);
	assert_int_equal(run.r[11].status, FLOW_OK);
	assert_int_equal(run.r[11].rec.packets, 3);
	assert_int_equal(run.r[11].rec.packet_no, 13);

	{
		static const size_t skip_at[] = { 0, 2, 4, 5, 6, 7, 8, 9, 10 };

		for (i = 0; i < sizeof(skip_at) / sizeof(skip_at[0]); i++)
			assert_skip(&run.r[skip_at[i]], skip_at[i] + 2,
			    line_offset(text, skip_at[i] + 2), SKIP_BAD_CSV,
			    why[i]);
	}
}

static void
test_bad_header(void **state)
{
	struct run run;

	(void)state;
	run_text("time,src,dst\n1,2,3\n", &run);
	assert_int_equal(run.n, 1);
	assert_skip(&run.r[0], 1, 0, SKIP_BAD_CSV, "not an nfdump CSV header");
	run_text("", &run);
	assert_int_equal(run.n, 0);
	run_text("\n\n", &run);
	assert_int_equal(run.n, 0);
}

static void
test_truncated_last_line(void **state)
{
	const char *text = "ts,sa,da,sp,dp,pr,ipkt\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP,1\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2";
	const char *unterminated = "ts,sa,da,sp,dp,pr,ipkt\n"
	    "2023-01-01 00:00:00,10.0.0.1,10.0.0.2,1,2,TCP,1";
	struct run run;

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.r[0].status, FLOW_OK);
	assert_skip(&run.r[1], 3, line_offset(text, 3), SKIP_BAD_CSV,
	    "no line break");
	/* A whole last line without its line break still reads. */
	run_text(unterminated, &run);
	assert_int_equal(run.n, 1);
	assert_int_equal(run.r[0].status, FLOW_OK);
}

static void
test_line_too_long(void **state)
{
	const char *head = "ts,sa,da\n2023-01-01 00:00:00,1.1.1.1,";
	const char *tail = "\n2023-01-01 00:00:00,1.1.1.1,2.2.2.2\n";
	size_t long_len = 3 * 1024 * 1024;
	size_t len = strlen(head) + long_len + strlen(tail);
	char *text = malloc(len + 1);
	char path[128];
	struct run *run = malloc(sizeof(*run));

	(void)state;
	assert_non_null(text);
	assert_non_null(run);
	strcpy(text, head);
	memset(text + strlen(head), 'x', long_len);
	strcpy(text + strlen(head) + long_len, tail);
	write_temp(path, sizeof(path), text, len);
	run_file(path, run);
	unlink(path);
	assert_int_equal(run->n, 2);
	assert_skip(&run->r[0], 2, 9, SKIP_BAD_CSV, "line longer than");
	assert_int_equal(run->r[1].status, FLOW_OK);
	assert_int_equal(run->r[1].rec.packet_no, 3);
	free(run);
	free(text);
}

static char *
valid_file(size_t *len)
{
	char *text = malloc(8192);

	assert_non_null(text);
	snprintf(text, 8192, "%s"
	    "2023-01-01 00:00:00.123,2023-01-01 00:00:00.456,0.333,"
	    "::10.0.0.1,2001:db8::2,1,2048,ICMP,........,0,0,1,50,0,0,0,0,0,"
	    "0,0,0,0,0,"
	    TAIL17("0.0.0.0", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000")
	    "2023-01-01 00:00:00,2023-01-01 00:00:00,0.000,10.0.0.1,10.0.0.2,"
	    "1,2,TCP,CE....S.,0,0,1,50,0,0,0,0,0,0,0,0,0,0,"
	    TAIL17("0.0.0.0", "127.0.0.1", "0/0", "2023-01-01 00:00:00.000")
	    "\n%s", HEADER17, SUMMARY);
	*len = strlen(text);
	return text;
}

static void
test_every_prefix(void **state)
{
	size_t len, cut;
	char *text = valid_file(&len);
	struct run *run = malloc(sizeof(*run));

	(void)state;
	assert_non_null(run);
	for (cut = 0; cut <= len; cut++) {
		char path[128];

		write_temp(path, sizeof(path), text, cut);
		run_file(path, run);
		unlink(path);
		assert_true(run->ok <= 2);
		assert_true(run->skip <= 1);
	}
	run_text(text, run);
	assert_int_equal(run->ok, 2);
	assert_int_equal(run->skip, 0);
	free(run);
	free(text);
}

static void
test_gzip(void **state)
{
	size_t len;
	char *text = valid_file(&len);
	char path[128];
	struct run *plain = malloc(sizeof(*plain));
	struct run *gz = malloc(sizeof(*gz));
	size_t i;

	(void)state;
	assert_non_null(plain);
	assert_non_null(gz);
	run_text(text, plain);
	write_gzip(path, sizeof(path), text, len);
	run_file(path, gz);
	unlink(path);
	assert_int_equal(gz->n, plain->n);
	assert_int_equal(gz->ok, 2);
	for (i = 0; i < gz->n; i++)
		assert_memory_equal(&gz->r[i].rec, &plain->r[i].rec,
		    sizeof(struct flow_record));
	free(plain);
	free(gz);
	free(text);
}

static void
test_gzip_damaged(void **state)
{
	size_t len, glen;
	char *text = valid_file(&len);
	char path[128];
	struct run *run = malloc(sizeof(*run));
	uint8_t *gz;
	FILE *fp;

	(void)state;
	assert_non_null(run);
	write_gzip(path, sizeof(path), text, len);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	gz = malloc(len + 1024);
	assert_non_null(gz);
	glen = fread(gz, 1, len + 1024, fp);
	fclose(fp);
	unlink(path);
	/* Cut the compressed stream in the middle. */
	write_temp(path, sizeof(path), gz, glen / 2);
	run_file(path, run);
	unlink(path);
	assert_true(run->n >= 1);
	assert_int_equal(run->r[run->n - 1].status, FLOW_SKIP);
	assert_int_equal(run->r[run->n - 1].err.reason, SKIP_DECOMPRESS);
	assert_string_equal(run->r[run->n - 1].err.record_unit, "line");
	free(gz);
	free(run);
	free(text);
}

/* --- real nfdump 1.7.1 output ----------------------------------------- */

static void
test_real_files(void **state)
{
	static const struct {
		const char	*name;
		size_t		 records;	/* MANIFEST.tsv record_count */
	} files[] = {
		{ "nfdump171__ipfix-mikrotik", 46 },
		{ "nfdump171__ipfix", 12 },
		{ "nfdump171__v5-lz4", 58 },
		{ "nfdump171__v5", 58 },
		{ "nfdump171__v9", 51 },
	};
	struct run *run = malloc(sizeof(*run));
	size_t i;

	(void)state;
	assert_non_null(run);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256];
		uint8_t head[512];
		FILE *fp;
		size_t n;

		snprintf(path, sizeof(path), DATA_DIR "%s.nfdump-csv.csv",
		    files[i].name);
		fp = fopen(path, "rb");
		assert_non_null(fp);
		n = fread(head, 1, sizeof(head), fp);
		fclose(fp);
		assert_true(nfdump_csv_detect(head, n));
		run_file(path, run);
		assert_int_equal(run->skip, 0);
		assert_int_equal(run->ok, files[i].records);
		/* Header, records, Summary. */
		assert_int_equal(run->lines, files[i].records + 2);
	}
	free(run);
}

/*
 * Some records checked field by field against `nfdump -o raw` of the
 * same nfcapd files (TZ=UTC); the CSV prints ts and te to the second.
 */
static void
test_real_records(void **state)
{
	struct run *run = malloc(sizeof(*run));
	const struct flow_record *f;

	(void)state;
	assert_non_null(run);

	/* v5, record 1: engine type 0, id 3; flags 0x18. */
	run_file(DATA_DIR "nfdump171__v5.nfdump-csv.csv", run);
	f = &run->r[0].rec;
	assert_int_equal(f->start_ms, 1680626664000LL);
	assert_int_equal(f->end_ms, 1680626664000LL);
	assert_int_equal(f->recv_us, 1795542672863000LL);
	assert_int_equal(f->proto, 6);
	assert_int_equal(f->tcp_flags, 0x18);
	assert_int_equal(f->src_port, 30104);
	assert_int_equal(f->dst_port, 11963);
	assert_int_equal(f->tos, 0);
	assert_int_equal(f->packets, 1);
	assert_int_equal(f->bytes, 133);
	assert_v4(&f->src, 161, 202, 212, 212);
	assert_v4(&f->dst, 202, 152, 70, 24);
	assert_int_equal(f->in_if, 117);
	assert_int_equal(f->out_if, 86);
	assert_int_equal(f->src_as, 36351);
	assert_int_equal(f->dst_as, 10101);
	assert_int_equal(f->direction, 0);
	assert_v4(&f->next_hop, 61, 6, 255, 150);
	assert_v4(&f->exporter, 127, 0, 0, 1);
	assert_int_equal(f->domain, 3);
	assert_int_equal(f->packet_no, 2);

	/* IPFIX, record 1. */
	run_file(DATA_DIR "nfdump171__ipfix.nfdump-csv.csv", run);
	f = &run->r[0].rec;
	assert_int_equal(f->start_ms, 1677577561000LL);
	assert_int_equal(f->end_ms, 1677577572000LL);
	assert_int_equal(f->recv_us, 1795542681522000LL);
	assert_int_equal(f->proto, 17);
	assert_int_equal(f->src_port, 17000);
	assert_int_equal(f->dst_port, 17000);
	assert_int_equal(f->tos, 184);
	assert_int_equal(f->packets, 2);
	assert_int_equal(f->bytes, 220);
	assert_v4(&f->src, 10, 231, 65, 56);
	assert_v4(&f->dst, 10, 192, 12, 213);
	assert_int_equal(f->in_if, 995);
	assert_int_equal(f->out_if, 841);
	assert_int_equal(f->src_as, 4294967295u);
	assert_int_equal(f->dst_as, 4294967295u);
	assert_int_equal(f->direction, 255);
	assert_v4(&f->next_hop, 138, 187, 10, 46);

	/* v9, record 1: addresses printed ::a.b.c.d. */
	run_file(DATA_DIR "nfdump171__v9.nfdump-csv.csv", run);
	f = &run->r[0].rec;
	assert_int_equal(f->start_ms, 1677577598000LL);
	assert_int_equal(f->recv_us, 1795542676235000LL);
	assert_v4(&f->src, 138, 187, 58, 13);
	assert_v4(&f->dst, 138, 187, 57, 33);
	assert_int_equal(f->tcp_flags, 0x10);
	assert_int_equal(f->in_if, 143);
	assert_int_equal(f->out_if, 142);

	/* Mikrotik IPFIX, record 8 (line 9): ICMP 0.0, times unknown. */
	run_file(DATA_DIR "nfdump171__ipfix-mikrotik.nfdump-csv.csv", run);
	f = &run->r[7].rec;
	assert_int_equal(f->packet_no, 9);
	assert_int_equal(f->proto, 1);
	assert_true(flow_has(f, FLOW_HAS_ICMP));
	assert_int_equal(f->icmp_type, 0);
	assert_int_equal(f->icmp_code, 0);
	assert_false(flow_has(f, FLOW_HAS_START | FLOW_HAS_END));
	assert_int_equal(f->recv_us, 1795542693655000LL);
	assert_v4(&f->src, 172, 20, 4, 30);
	assert_v4(&f->dst, 10, 10, 8, 34);
	assert_int_equal(f->packets, 6);
	assert_int_equal(f->bytes, 504);
	assert_v4(&f->next_hop, 10, 10, 8, 34);
	free(run);
}

/*
 * nfdump 1.7.1 prints an ICMP flow's type and code in dp as
 * type << 8 | code (-o extended shows 8.0, 3.3, 11.1 for these).
 */
static void
test_real_icmp(void **state)
{
	static const uint8_t expect[][2] = { { 8, 0 }, { 3, 3 }, { 11, 1 } };
	struct run *run = malloc(sizeof(*run));
	size_t i;

	(void)state;
	assert_non_null(run);
	run_file(DATA_DIR "nfdump171__v5-icmp.nfdump-csv.csv", run);
	assert_int_equal(run->ok, 3);
	assert_int_equal(run->skip, 0);
	for (i = 0; i < 3; i++) {
		const struct flow_record *f = &run->r[i].rec;

		assert_int_equal(f->proto, 1);
		assert_true(flow_has(f, FLOW_HAS_ICMP));
		assert_false(flow_has(f, FLOW_HAS_DST_PORT));
		assert_int_equal(f->icmp_type, expect[i][0]);
		assert_int_equal(f->icmp_code, expect[i][1]);
		assert_int_equal(f->packets, 3);
		assert_int_equal(f->bytes, 252);
		assert_int_equal(f->in_if, 1);
		assert_int_equal(f->out_if, 2);
		assert_int_equal(f->end_ms - f->start_ms, 9000);
	}
	free(run);
}

/* --- live: nfdump -o csv against nfdump -o raw ------------------------ */

struct raw_flow {
	uint64_t	proto, src_port, dst_port, packets, bytes, in_if,
			out_if, src_as, dst_as, recv_ms, flags, icmp_type,
			icmp_code;
};

/* "  key = value ..." lines of -o raw, one struct per "Flow Record:". */
static size_t
read_raw(const char *cmd, struct raw_flow *flows, size_t max)
{
	FILE *p = popen(cmd, "r");
	char line[512];
	size_t n = 0;

	assert_non_null(p);
	while (fgets(line, sizeof(line), p) != NULL) {
		struct raw_flow *f = n > 0 ? &flows[n - 1] : NULL;
		char key[64];
		char *eq = strchr(line, '=');
		unsigned long long v;
		unsigned t, c;
		size_t k;

		if (strncmp(line, "Flow Record:", 12) == 0) {
			assert_true(n < max);
			memset(&flows[n++], 0, sizeof(*flows));
			continue;
		}
		if (f == NULL || eq == NULL)
			continue;
		for (k = 0; line + k < eq && k + 1 < sizeof(key); k++)
			key[k] = line[k];
		while (k > 0 && key[k - 1] == ' ')
			k--;
		key[k] = '\0';
		memmove(key, key + strspn(key, " "), strlen(key) + 1);
		if (strcmp(key, "ICMP") == 0 &&
		    sscanf(eq + 1, " %u.%u", &t, &c) == 2) {
			f->icmp_type = t;
			f->icmp_code = c;
			continue;
		}
		if (sscanf(eq + 1, " %lli", &v) != 1)
			continue;
		if (strcmp(key, "proto") == 0)
			f->proto = v;
		else if (strcmp(key, "src port") == 0)
			f->src_port = v;
		else if (strcmp(key, "dst port") == 0)
			f->dst_port = v;
		else if (strcmp(key, "in packets") == 0)
			f->packets = v;
		else if (strcmp(key, "in bytes") == 0)
			f->bytes = v;
		else if (strcmp(key, "input") == 0)
			f->in_if = v;
		else if (strcmp(key, "output") == 0)
			f->out_if = v;
		else if (strcmp(key, "src as") == 0)
			f->src_as = v;
		else if (strcmp(key, "dst as") == 0)
			f->dst_as = v;
		else if (strcmp(key, "received at") == 0)
			f->recv_ms = v;
		else if (strcmp(key, "tcp flags") == 0)
			f->flags = v;
	}
	assert_int_equal(pclose(p), 0);
	return n;
}

static void
test_live_nfdump(void **state)
{
	static const char *const files[] = {
		"nfdump171__v9.nfcapd", "nfdump171__ipfix-mikrotik.nfcapd",
		"nfdump171__v5-icmp.nfcapd",
	};
	struct raw_flow *raw = calloc(MAX_RESULTS, sizeof(*raw));
	struct run *run = malloc(sizeof(*run));
	size_t i, k, nraw;

	(void)state;
	if (system("command -v nfdump >/dev/null 2>&1") != 0) {
		free(raw);
		free(run);
		skip();
	}
	assert_non_null(raw);
	assert_non_null(run);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char cmd[512], csv[256];

		snprintf(csv, sizeof(csv), "%s/live.csv", tmpdir);
		snprintf(cmd, sizeof(cmd), "TZ=UTC nfdump -r " DATA_DIR "%s "
		    "-o csv > %s", files[i], csv);
		assert_int_equal(system(cmd), 0);
		run_file(csv, run);
		snprintf(cmd, sizeof(cmd), "TZ=UTC nfdump -r " DATA_DIR "%s "
		    "-o raw", files[i]);
		nraw = read_raw(cmd, raw, MAX_RESULTS);
		assert_int_equal(run->skip, 0);
		assert_int_equal(run->ok, nraw);
		for (k = 0; k < nraw; k++) {
			const struct flow_record *f = &run->r[k].rec;

			assert_int_equal(f->proto, raw[k].proto);
			assert_int_equal(f->src_port, raw[k].src_port);
			if (flow_has(f, FLOW_HAS_ICMP)) {
				assert_int_equal(f->icmp_type,
				    raw[k].icmp_type);
				assert_int_equal(f->icmp_code,
				    raw[k].icmp_code);
			} else
				assert_int_equal(f->dst_port,
				    raw[k].dst_port);
			assert_int_equal(f->packets, raw[k].packets);
			assert_int_equal(f->bytes, raw[k].bytes);
			assert_int_equal(f->in_if, raw[k].in_if);
			assert_int_equal(f->out_if, raw[k].out_if);
			assert_int_equal(f->src_as, raw[k].src_as);
			assert_int_equal(f->dst_as, raw[k].dst_as);
			assert_int_equal(f->tcp_flags, raw[k].flags);
			assert_int_equal(f->recv_us, raw[k].recv_ms * 1000);
		}
		unlink(csv);
	}
	free(raw);
	free(run);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_v17_layout),
		cmocka_unit_test(test_v16_layout),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_icmp),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_reordered_header),
		cmocka_unit_test(test_unknown_time_is_absent),
		cmocka_unit_test(test_summary_ends_records),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_truncated_last_line),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_damaged),
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_real_records),
		cmocka_unit_test(test_real_icmp),
		cmocka_unit_test(test_live_nfdump),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
