/*
 * test_atlas.c -- the RIPE Atlas result reader.
 *
 * Golden: the Atlas samples of tests/data/probes/ (from RIPE's sagan
 * unit tests and from pierky/ripe-atlas-monitor, see its MANIFEST.tsv)
 * are read and every result compared field by field with what
 * ripe.atlas.sagan 2.0.0 made of them (expected/FILE.sagan2.0.0.csv).
 * lightsout's values are printed the way that CSV prints sagan's
 * (Python repr of floats, True/False, ISO time with +00:00).  Where
 * sagan is wrong, tests/data/probes/sagan-differences.tsv says so, with
 * the value lightsout must give instead; each of its rows must be met.
 *
 * ip_path_last_hop: sagan lists every reply address of the last hop;
 * probe_record keeps one (last_hop), compared with the first of them.
 *
 * Hand-built: each firmware shape, each kind of reply, each kind of
 * damage, gzip, every prefix of a small file.
 *
 * Threads: the samples and files of many batches (lines and arrays,
 * damaged in places, cut at the end, a line too long, gzip cut short)
 * read with one thread and with several side by side, which must agree
 * on every status, record, error and count; readers closed before the
 * end, whose threads must be joined and memory freed.  Run from the top
 * of the tree.
 */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <zlib.h>

#include "parsers/atlas.h"
#include "tests/test_util.h"

#define DATA_DIR	"tests/data/probes/"
#define MAX_RESULTS	256

static char	tmpdir[64];

struct result {
	enum probe_status	status;
	struct probe_record	rec;
	char			dst_name[256];
	struct decode_error	err;
};

struct run {
	struct result	r[MAX_RESULTS];
	size_t		n, ok, skip;
	struct decode_stats stats;
};

static int
group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_atlas");
}

static int
group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

static void
write_temp(char *path, size_t pathlen, const void *data, size_t len)
{
	int fd;

	snprintf(path, pathlen, "%s/atlas.XXXXXX", tmpdir);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	if (len > 0)
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

static void
run_file(const char *path, struct run *run)
{
	char errbuf[256];
	struct input *in = input_open(path, errbuf, sizeof(errbuf));
	struct atlas_reader *r;
	const struct probe_record *rec;
	struct decode_error err;

	assert_non_null(in);
	r = atlas_open(in, path);
	assert_non_null(r);
	memset(run, 0, sizeof(*run));
	for (;;) {
		enum probe_status st;
		struct result *res;

		rec = NULL;
		st = atlas_next(r, &rec, &err);
		if (st == PROBE_END)
			break;
		assert_true(run->n < MAX_RESULTS);
		res = &run->r[run->n++];
		res->status = st;
		if (st == PROBE_OK) {
			assert_non_null(rec);
			res->rec = *rec;
			if (rec->dst_name != NULL)
				snprintf(res->dst_name, sizeof(res->dst_name),
				    "%s", rec->dst_name);
			res->rec.dst_name = rec->dst_name != NULL ?
			    res->dst_name : NULL;
			run->ok++;
		} else {
			res->err = err;
			assert_non_null(err.file);
			assert_true(err.detail[0] != '\0');
			run->skip++;
		}
	}
	assert_int_equal(atlas_next(r, &rec, &err), PROBE_END);
	run->stats = *atlas_stats(r);
	atlas_close(r);
	input_close(in);
}

static void
run_bytes(const char *text, size_t len, struct run *run)
{
	char path[128];

	write_temp(path, sizeof(path), text, len);
	run_file(path, run);
	unlink(path);
}

static void
run_text(const char *text, struct run *run)
{
	run_bytes(text, strlen(text), run);
}

/* --- sagan's way of printing ------------------------------------------- */

/* Python's repr of a float: the shortest text that reads back. */
static void
py_float(double x, char *buf, size_t len)
{
	int prec;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	if (strpbrk(buf, ".e") == NULL)
		strncat(buf, ".0", len - strlen(buf) - 1);
}

static void
py_addr(const struct ip_addr *a, char *buf, size_t len)
{
	buf[0] = '\0';
	if (a->afi == AFI_IPV4)
		inet_ntop(AF_INET, a->bytes, buf, (socklen_t)len);
	else if (a->afi == AFI_IPV6)
		inet_ntop(AF_INET6, a->bytes, buf, (socklen_t)len);
}

#define NCOLS	23
static const char *const columns[NCOLS] = { "idx", "type", "fw", "msm_id",
    "prb_id", "created_utc", "af", "src", "dst_addr", "dst_name",
    "packets_sent", "packets_received", "rtt_min", "rtt_avg", "rtt_max",
    "rtt_median", "total_hops", "dest_ip_responded", "last_hop_responded",
    "last_median_rtt", "ip_path_last_hop", "is_error", "is_malformed" };

/* One record as sagan's CSV row; cols[i] point into buf. */
static void
sagan_row(const struct probe_record *p, char cols[NCOLS][256])
{
	const char *tf[2] = { "False", "True" };
	time_t t = (time_t)(p->time_ms / 1000);
	struct tm tm;
	size_t i;

	for (i = 0; i < NCOLS; i++)
		cols[i][0] = '\0';
	snprintf(cols[0], 256, "%llu", (unsigned long long)p->record_no - 1);
	snprintf(cols[1], 256, "%s", p->kind == PROBE_PING ? "ping" :
	    "traceroute");
	if (probe_has(p, PROBE_HAS_FIRMWARE))
		snprintf(cols[2], 256, "%u", p->firmware);
	snprintf(cols[3], 256, "%llu", (unsigned long long)p->msm_id);
	snprintf(cols[4], 256, "%u", p->prb_id);
	gmtime_r(&t, &tm);
	strftime(cols[5], 256, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	if (probe_has(p, PROBE_HAS_AF))
		snprintf(cols[6], 256, "%u", p->af);
	py_addr(&p->from, cols[7], 256);
	py_addr(&p->dst, cols[8], 256);
	if (p->dst_name != NULL)
		snprintf(cols[9], 256, "%s", p->dst_name);
	if (probe_has(p, PROBE_HAS_SENT))
		snprintf(cols[10], 256, "%u", p->sent);
	if (probe_has(p, PROBE_HAS_RECEIVED))
		snprintf(cols[11], 256, "%u", p->received);
	if (probe_has(p, PROBE_HAS_RTT)) {
		py_float(p->rtt_min, cols[12], 256);
		py_float(p->rtt_avg, cols[13], 256);
		py_float(p->rtt_max, cols[14], 256);
	}
	if (probe_has(p, PROBE_HAS_RTT_MEDIAN))
		py_float(p->rtt_median, cols[15], 256);
	if (probe_has(p, PROBE_HAS_HOPS))
		snprintf(cols[16], 256, "%u", p->hop_count);
	if (probe_has(p, PROBE_HAS_REACHED))
		snprintf(cols[17], 256, "%s", tf[p->dest_reached]);
	if (probe_has(p, PROBE_HAS_LAST_HOP))
		snprintf(cols[18], 256, "%s", tf[p->last_hop_responded]);
	if (probe_has(p, PROBE_HAS_LAST_RTT))
		py_float(p->last_median_rtt, cols[19], 256);
	py_addr(&p->last_hop, cols[20], 256);
	snprintf(cols[21], 256, "%s", tf[p->is_error]);
	/* lightsout decodes every field of what sagan calls malformed. */
	snprintf(cols[22], 256, "False");
}

/* Split a CSV line (no quoting in these files) into NCOLS fields. */
static void
split_csv(char *line, char *fields[NCOLS])
{
	size_t i;

	line[strcspn(line, "\r\n")] = '\0';
	for (i = 0; i < NCOLS; i++) {
		fields[i] = line;
		line = strchr(line, ',');
		if (line == NULL) {
			assert_int_equal(i, NCOLS - 1);
			break;
		}
		*line++ = '\0';
	}
	assert_null(line);
}

/* The differences file: file, idx, column, sagan, lightsout, why. */
struct difference {
	char	file[128], column[32], sagan[256], ours[256];
	long	idx;
	bool	met;
};
static struct difference diffs[64];
static size_t ndiffs;

static void
load_differences(void)
{
	FILE *fp = fopen(DATA_DIR "sagan-differences.tsv", "r");
	char line[2048];

	ndiffs = 0;
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *f[6], *p = line;
		size_t i;

		if (line[0] == '#' || strncmp(line, "file\t", 5) == 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < 6 && p != NULL; i++) {
			f[i] = p;
			p = strchr(p, '\t');
			if (p != NULL)
				*p++ = '\0';
		}
		assert_int_equal(i, 6);
		assert_true(ndiffs < 64);
		snprintf(diffs[ndiffs].file, 128, "%s", f[0]);
		diffs[ndiffs].idx = atol(f[1]);
		snprintf(diffs[ndiffs].column, 32, "%s", f[2]);
		snprintf(diffs[ndiffs].sagan, 256, "%s", f[3]);
		snprintf(diffs[ndiffs].ours, 256, "%s", f[4]);
		assert_true(strlen(f[5]) > 10);	/* explained */
		diffs[ndiffs].met = false;
		ndiffs++;
	}
	fclose(fp);
}

static struct difference *
find_difference(const char *file, long idx, const char *column)
{
	size_t i;

	for (i = 0; i < ndiffs; i++)
		if (strcmp(diffs[i].file, file) == 0 && diffs[i].idx == idx &&
		    strcmp(diffs[i].column, column) == 0)
			return &diffs[i];
	return NULL;
}

static struct run golden_run;

static void
golden(const char *input, const char *csv)
{
	char path[256], line[8192], ours[NCOLS][256];
	char *fields[NCOLS];
	FILE *fp;
	size_t row = 0, i, mismatches = 0;

	load_differences();
	snprintf(path, sizeof(path), DATA_DIR "%s", input);
	run_file(path, &golden_run);
	assert_int_equal(golden_run.skip, 0);
	snprintf(path, sizeof(path), DATA_DIR "expected/%s", csv);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));	/* header */
	split_csv(line, fields);
	for (i = 0; i < NCOLS; i++)
		assert_string_equal(fields[i], columns[i]);
	while (fgets(line, sizeof(line), fp) != NULL) {
		const struct probe_record *p;

		split_csv(line, fields);
		assert_true(row < golden_run.n);
		assert_int_equal(golden_run.r[row].status, PROBE_OK);
		p = &golden_run.r[row].rec;
		assert_int_equal(p->source, PROBE_SRC_ATLAS);
		assert_int_equal(p->record_no, row + 1);
		sagan_row(p, ours);
		/* ip_path_last_hop: the first address of sagan's list. */
		fields[20][strcspn(fields[20], "|")] = '\0';
		for (i = 0; i < NCOLS; i++) {
			struct difference *d;

			if (strcmp(fields[i], ours[i]) == 0)
				continue;
			d = find_difference(input, (long)row, columns[i]);
			if (d != NULL && strcmp(d->sagan, fields[i]) == 0 &&
			    strcmp(d->ours, ours[i]) == 0) {
				d->met = true;
				continue;
			}
			print_error("%s result %zu %s: sagan '%s', lightsout "
			    "'%s'\n", input, row, columns[i], fields[i],
			    ours[i]);
			mismatches++;
		}
		row++;
	}
	fclose(fp);
	assert_int_equal(row, golden_run.n);
	assert_int_equal(mismatches, 0);
	for (i = 0; i < ndiffs; i++)
		if (strcmp(diffs[i].file, input) == 0 && !diffs[i].met)
			fail_msg("difference not met: %s %ld %s",
			    diffs[i].file, diffs[i].idx, diffs[i].column);
	assert_int_equal(golden_run.stats.records, row);
	assert_int_equal(golden_run.stats.decoded, row);
	assert_int_equal(golden_run.stats.items, row);
}

static void
test_golden_sagan_ping(void **state)
{
	(void)state;
	golden("sagan__atlas-ping-results.ndjson",
	    "sagan__atlas-ping-results.sagan2.0.0.csv");
}

static void
test_golden_sagan_traceroute(void **state)
{
	(void)state;
	golden("sagan__atlas-traceroute-results.ndjson",
	    "sagan__atlas-traceroute-results.sagan2.0.0.csv");
}

static void
test_golden_pierky_1033154(void **state)
{
	(void)state;
	golden("pierky__msm1033154.results.json",
	    "pierky__msm1033154.results.sagan2.0.0.csv");
}

static void
test_golden_pierky_3082698(void **state)
{
	(void)state;
	golden("pierky__msm3082698.results.json",
	    "pierky__msm3082698.results.sagan2.0.0.csv");
}

static void
test_golden_pierky_3359986(void **state)
{
	(void)state;
	golden("pierky__msm3359986.results.json",
	    "pierky__msm3359986.results.sagan2.0.0.csv");
}

/* --- detection ---------------------------------------------------------- */

static void
test_detect(void **state)
{
	static const char *const yes[] = {
		"{\"type\":\"ping\"}",
		"  \n{ \"af\":4,\"prb_id\":1}",
		"[{\"msm_id\":1}]",
		"[\n  {\n    \"fw\": 4720, \"type\": \"traceroute\"",
	};
	static const char *const no[] = {
		"", "{", "[", "[]", "{}", "{\"a\":1}", "[1,2]", "[[1]]",
		"ts,te,td,sa", "\x1f\x8b", "{\"name\":\"x\",\"version\":1}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(atlas_detect((const uint8_t *)yes[i],
		    strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(atlas_detect((const uint8_t *)no[i],
		    strlen(no[i])));
}

/* --- hand-built --------------------------------------------------------- */

#define PING_HEAD \
    "{\"type\":\"ping\",\"prb_id\":7,\"msm_id\":1001,\"timestamp\":1400000000"

static void
test_fw0_strings(void **state)
{
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text("{\"avg\":\"58.042\",\"dst_addr\":\"62.2.16.12\",\"dup\":\"0\","
	    "\"fw\":0,\"max\":\"58.272\",\"min\":\"57.876\",\"msm_id\":1000192,"
	    "\"prb_id\":677,\"rcvd\":\"3\",\"sent\":\"3\",\"src_addr\":"
	    "\"78.128.9.202\",\"timestamp\":1328019792,\"type\":\"ping\"}\n",
	    &run);
	assert_int_equal(run.ok, 1);
	p = &run.r[0].rec;
	assert_int_equal(p->kind, PROBE_PING);
	assert_true(probe_has(p, PROBE_HAS_FIRMWARE | PROBE_HAS_SENT |
	    PROBE_HAS_RECEIVED | PROBE_HAS_RTT | PROBE_HAS_AF));
	assert_int_equal(p->firmware, 0);
	assert_int_equal(p->sent, 3);
	assert_int_equal(p->received, 3);
	assert_true(p->rtt_min == 57.876 && p->rtt_avg == 58.042 &&
	    p->rtt_max == 58.272);
	assert_false(probe_has(p, PROBE_HAS_RTT_MEDIAN));
	assert_int_equal(p->src.afi, AFI_IPV4);
	assert_int_equal(p->from.afi, 0);
	assert_int_equal(p->af, 4);
	assert_int_equal(p->time_ms, 1328019792000LL);
	assert_int_equal(p->prb_id, 677);
	assert_int_equal(p->msm_id, 1000192);
}

static void
test_fw1_addr_name(void **state)
{
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text("{\"addr\":\"2001:db8::1\",\"avg\":124.572,\"dup\":0,"
	    "\"from\":\"194.85.27.7\",\"fw\":1,\"max\":125.445,\"min\":123.894,"
	    "\"msm_id\":1000192,\"name\":\"example.net\",\"prb_id\":165,"
	    "\"rcvd\":3,\"sent\":3,\"size\":56,\"timestamp\":1340523908,"
	    "\"type\":\"ping\"}\n", &run);
	assert_int_equal(run.ok, 1);
	p = &run.r[0].rec;
	assert_int_equal(p->dst.afi, AFI_IPV6);
	assert_int_equal(p->af, 6);
	assert_string_equal(p->dst_name, "example.net");
	assert_int_equal(p->from.afi, AFI_IPV4);
	assert_int_equal(p->firmware, 1);
}

static void
test_ping_replies(void **state)
{
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text(PING_HEAD ",\"fw\":4610,\"af\":4,\"dst_addr\":\"192.0.2.1\","
	    "\"sent\":4,\"rcvd\":2,\"min\":10.0,\"avg\":15.1234,\"max\":20.0,"
	    "\"result\":[{\"x\":\"*\"},{\"rtt\":10.0,\"ttl\":54},"
	    "{\"dup\":1,\"rtt\":99.0},{\"late\":2},{\"error\":\"sendto "
	    "failed\"},{\"rtt\":20.0,\"size\":64}]}\n"
	    PING_HEAD ",\"fw\":4600,\"af\":4,\"sent\":3,\"rcvd\":0,\"min\":-1,"
	    "\"avg\":-1,\"max\":-1,\"result\":[{\"x\":\"*\"},{\"x\":\"*\"},"
	    "{\"x\":\"*\"}]}\n"
	    PING_HEAD ",\"fw\":5020,\"af\":6,\"sent\":3,\"rcvd\":3,\"min\":1,"
	    "\"avg\":2,\"max\":3,\"result\":[{\"rtt\":3},{\"rtt\":1},"
	    "{\"rtt\":2}],\"error\":\"whatever\"}\n", &run);
	assert_int_equal(run.ok, 3);
	p = &run.r[0].rec;
	assert_true(probe_has(p, PROBE_HAS_RTT | PROBE_HAS_RTT_MEDIAN));
	assert_true(p->rtt_avg == 15.123);
	assert_true(p->rtt_median == 15.0);	/* 10 and 20; dup left out */
	assert_int_equal(p->sent, 4);
	assert_int_equal(p->received, 2);
	assert_false(p->is_error);
	p = &run.r[1].rec;
	assert_false(probe_has(p, PROBE_HAS_RTT));
	assert_false(probe_has(p, PROBE_HAS_RTT_MEDIAN));
	assert_int_equal(p->received, 0);
	p = &run.r[2].rec;
	assert_true(p->rtt_median == 2.0);
	assert_true(p->is_error);
	assert_int_equal(p->af, 6);
}

#define TRACE_HEAD \
    "{\"type\":\"traceroute\",\"prb_id\":9,\"msm_id\":5001," \
    "\"timestamp\":1400000000,\"endtime\":1400000010,\"fw\":4790," \
    "\"af\":4,\"dst_addr\":\"192.0.2.9\",\"dst_name\":\"t.example\"," \
    "\"from\":\"198.51.100.1\",\"src_addr\":\"10.0.0.2\""

/*
 * rtt_avg and an odd median are Python's round(x, 3), which is what
 * snprintf("%.3f") then strtod give: ties and their neighbours, binary
 * ties, small and huge values, a negative one (min and max as given).
 */
static void
test_round3(void **state)
{
	static const double v[] = { 0.0005, 0.0015, 0.0025, 1.0005, 2.0625,
	    2.0635, 7.4395, 10.0005, 123.4565, 0.1234565, 999999.9995,
	    65.00049999999999, 65.0005, 1.5e-7, 4503599627.3705,
	    4503599627370.4995, 1e13 + 0.1235, 12345678901234567.0, 0.0 };
	char text[512], buf[64];
	struct run run;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (k = -2; k <= 2; k++) {
			double x = v[i], want;
			int j;

			for (j = 0; j < (k < 0 ? -k : k); j++)
				x = nextafter(x, k < 0 ? 0 : 1e300);
			snprintf(text, sizeof(text), PING_HEAD ",\"min\":1,"
			    "\"avg\":%.17g,\"max\":2,\"result\":[{\"rtt\":%.17g}]}"
			    "\n", x, x);
			run_text(text, &run);
			assert_int_equal(run.ok, 1);
			snprintf(buf, sizeof(buf), "%.3f", x);
			want = strtod(buf, NULL);
			if (memcmp(&run.r[0].rec.rtt_avg, &want,
			    sizeof(want)) != 0 ||
			    memcmp(&run.r[0].rec.rtt_median, &want,
			    sizeof(want)) != 0)
				fail_msg("round3(%.17g): %.17g and %.17g, not "
				    "%.17g", x, run.r[0].rec.rtt_avg,
				    run.r[0].rec.rtt_median, want);
		}
}

static void
test_traceroute_shapes(void **state)
{
	struct run run;
	const struct probe_record *p;

	(void)state;
	run_text(TRACE_HEAD ",\"result\":["
	    "{\"hop\":1,\"result\":[{\"from\":\"10.0.0.1\",\"rtt\":1.5,"
	    "\"size\":68,\"ttl\":64},{\"x\":\"*\"},{\"from\":\"10.0.0.1\","
	    "\"rtt\":2.5,\"ttl\":64}]},"
	    "{\"hop\":2,\"result\":[{\"x\":\"*\"},{\"x\":\"*\"}]},"
	    "{\"hop\":3,\"result\":[{\"err\":\"N\",\"from\":\"192.0.2.9\","
	    "\"rtt\":30.0},{\"from\":\"192.0.2.9\",\"late\":3,\"ttl\":50},"
	    "{\"from\":\"192.0.2.9\",\"rtt\":31.0}]}]}\n"
	    /* last hop silent, error hop before */
	    TRACE_HEAD ",\"result\":[{\"hop\":1,\"result\":[{\"from\":"
	    "\"10.0.0.1\",\"rtt\":4.25}]},{\"hop\":2,\"error\":\"sendto "
	    "failed\"},{\"hop\":255,\"result\":[{\"x\":\"*\"},{\"from\":"
	    "\"192.0.2.9\",\"late\":4}]}]}\n"
	    /* no hops at all */
	    TRACE_HEAD ",\"result\":[]}\n", &run);
	assert_int_equal(run.ok, 3);
	p = &run.r[0].rec;
	assert_int_equal(p->kind, PROBE_TRACE);
	assert_int_equal(p->hop_count, 3);
	assert_true(p->dest_reached);
	assert_true(p->last_hop_responded);
	assert_true(p->last_median_rtt == 30.5);	/* even: the mean */
	assert_int_equal(p->last_hop.afi, AFI_IPV4);
	assert_int_equal(p->last_hop.bytes[3], 9);
	assert_int_equal(p->end_ms, 1400000010000LL);
	assert_true(probe_has(p, PROBE_HAS_END | PROBE_HAS_HOPS |
	    PROBE_HAS_REACHED | PROBE_HAS_LAST_HOP | PROBE_HAS_LAST_RTT));
	assert_int_equal(p->src.bytes[3], 2);
	assert_int_equal(p->from.bytes[0], 198);
	assert_string_equal(p->dst_name, "t.example");
	p = &run.r[1].rec;
	assert_int_equal(p->hop_count, 3);
	assert_false(p->dest_reached);	/* only a late reply (sagan) */
	assert_false(p->last_hop_responded);
	assert_int_equal(p->last_hop.afi, 0);
	assert_true(p->last_median_rtt == 4.25);
	p = &run.r[2].rec;
	assert_int_equal(p->hop_count, 0);
	assert_false(probe_has(p, PROBE_HAS_LAST_RTT));
	assert_false(p->dest_reached);
}

static void
test_other_type_and_missing(void **state)
{
	struct run run;
	static const char text[] =
	    PING_HEAD ",\"sent\":1}\n"
	    "{\"type\":\"dns\",\"prb_id\":1,\"msm_id\":2,\"timestamp\":3}\n"
	    "{\"type\":\"ping\",\"msm_id\":2,\"timestamp\":3}\n"
	    "{\"prb_id\":1,\"msm_id\":2,\"timestamp\":3}\n"
	    "{\"type\":\"ping\",\"prb_id\":\"x\",\"msm_id\":2,\"timestamp\":3}\n"
	    "\n"
	    "[1,2]\n"
	    PING_HEAD ",\"sent\":2}\r\n";

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 7);
	assert_int_equal(run.ok, 2);
	assert_int_equal(run.r[1].status, PROBE_SKIP);
	assert_int_equal(run.r[1].err.reason, NOTE_OTHER_RESULT);
	assert_non_null(strstr(run.r[1].err.detail, "dns"));
	assert_non_null(strstr(run.r[1].err.detail, "line 2"));
	assert_int_equal(run.r[1].err.record_no, 2);
	assert_int_equal(run.r[2].err.reason, SKIP_MISSING_FIELD);
	assert_non_null(strstr(run.r[2].err.detail, "prb_id"));
	assert_int_equal(run.r[3].err.reason, SKIP_MISSING_FIELD);
	assert_non_null(strstr(run.r[3].err.detail, "type"));
	assert_int_equal(run.r[4].err.reason, SKIP_MISSING_FIELD);
	assert_int_equal(run.r[5].err.reason, SKIP_BAD_JSON);
	assert_non_null(strstr(run.r[5].err.detail, "line 7"));
	assert_int_equal(run.r[5].err.offset,
	    (uint64_t)(strstr(text, "[1,2]") - text));
	assert_int_equal(run.r[6].status, PROBE_OK);
	assert_int_equal(run.r[6].rec.sent, 2);
	assert_int_equal(run.r[6].rec.record_no, 7);
	assert_int_equal(run.stats.records, 7);
	assert_int_equal(run.stats.skipped[NOTE_OTHER_RESULT], 1);
	assert_int_equal(run.stats.skipped[SKIP_MISSING_FIELD], 3);
	assert_int_equal(run.stats.skipped[SKIP_BAD_JSON], 1);
	assert_int_equal(run.stats.bytes, strlen(text));
}

static void
test_bad_json_in_lines(void **state)
{
	struct run run;
	static const char text[] =
	    PING_HEAD ",\"sent\":1}\n"
	    "{\"type\":\"ping\",\"prb_id\":1,,}\n"
	    PING_HEAD ",\"sent\":3}\n"
	    PING_HEAD ",\"sent\":4,\"result\":[{\"rtt\":1";	/* truncated */
	char msg[512];

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 4);
	assert_int_equal(run.ok, 2);
	assert_int_equal(run.r[1].err.reason, SKIP_BAD_JSON);
	assert_int_equal(run.r[1].err.offset, strchr(text, '\n') - text + 1);
	assert_non_null(strstr(run.r[1].err.detail, "line 2"));
	decode_error_format(&run.r[1].err, msg, sizeof(msg));
	assert_non_null(strstr(msg, "result 2"));
	assert_int_equal(run.r[2].rec.sent, 3);
	assert_int_equal(run.r[3].err.reason, SKIP_BAD_JSON);
	assert_non_null(strstr(run.r[3].err.detail, "truncated"));
	assert_non_null(strstr(run.r[3].err.detail, "line 4"));
}

static void
test_array(void **state)
{
	struct run run;
	static const char text[] =
	    "[\n" PING_HEAD ",\"dst_name\":\"a,]}\\\"[{\",\"sent\":1},\n"
	    "{\"type\":\"ping\",\"prb_id\":1 2},\n"
	    "{\"type\":\"ping\",\"prb_id\":[1,{\"a\":\"]\"}]},\n"
	    PING_HEAD ",\"sent\":4}\n]\n";

	(void)state;
	run_text(text, &run);
	assert_int_equal(run.n, 4);
	assert_int_equal(run.r[0].status, PROBE_OK);
	assert_string_equal(run.r[0].rec.dst_name, "a,]}\"[{");
	assert_int_equal(run.r[1].status, PROBE_SKIP);
	assert_int_equal(run.r[1].err.reason, SKIP_BAD_JSON);
	assert_non_null(strstr(run.r[1].err.detail, "line 3"));
	assert_int_equal(run.r[1].err.offset,
	    (uint64_t)(strstr(text, "{\"type\":\"ping\",\"prb_id\":1 2") - text));
	assert_int_equal(run.r[2].err.reason, SKIP_MISSING_FIELD);
	assert_int_equal(run.r[3].status, PROBE_OK);
	assert_int_equal(run.r[3].rec.sent, 4);
	assert_int_equal(run.r[3].rec.record_no, 4);
	assert_int_equal(run.stats.bytes, strlen(text));

	run_text("[]", &run);
	assert_int_equal(run.n, 0);
	run_text("  [ ]  [" PING_HEAD "}]\n", &run);
	assert_int_equal(run.ok, 1);
	run_text("[" PING_HEAD "}] x", &run);
	assert_int_equal(run.ok, 1);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.r[1].err.reason, SKIP_BAD_JSON);
	run_text("[" PING_HEAD "}," PING_HEAD "}", &run);
	assert_int_equal(run.ok, 2);
	assert_int_equal(run.n, 3);
	assert_int_equal(run.r[2].err.reason, SKIP_TRUNCATED);
	run_text("[" PING_HEAD "}," PING_HEAD, &run);
	assert_int_equal(run.ok, 1);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.r[1].err.reason, SKIP_BAD_JSON);
	run_text("[" PING_HEAD "},," PING_HEAD "}]", &run);
	assert_int_equal(run.ok, 2);
	assert_int_equal(run.n, 3);
}

static void
test_gzip(void **state)
{
	char path[128];
	struct run run;
	static const char text[] = "[" PING_HEAD ",\"sent\":5},"
	    TRACE_HEAD ",\"result\":[]}]";

	(void)state;
	write_gzip(path, sizeof(path), text, strlen(text));
	run_file(path, &run);
	unlink(path);
	assert_int_equal(run.ok, 2);
	assert_int_equal(run.r[0].rec.sent, 5);
	assert_int_equal(run.r[1].rec.kind, PROBE_TRACE);
	assert_int_equal(run.stats.bytes, strlen(text));
}

/* A gzip file cut short: what came before is decoded, then one error. */
static void
test_gzip_damaged(void **state)
{
	char path[128], cut[128];
	struct run run;
	static char text[16 * 1024];
	FILE *fp;
	char *data;
	long len;
	size_t n = 0;

	(void)state;
	while (n + 200 < sizeof(text))
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    PING_HEAD ",\"sent\":%zu}\n", n);
	write_gzip(path, sizeof(path), text, n);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	data = malloc((size_t)len);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	write_temp(cut, sizeof(cut), data, (size_t)len - 40);
	free(data);
	run_file(cut, &run);
	unlink(path);
	unlink(cut);
	assert_true(run.ok > 10);
	assert_int_equal(run.skip, 1);
	assert_int_equal(run.r[run.n - 1].err.reason, SKIP_DECOMPRESS);
}

/* Every prefix of a file: no crash, what is whole is decoded. */
static void
prefixes(const char *name)
{
	char path[256];
	FILE *fp;
	char *data;
	long len;
	size_t cut;
	static struct run run;

	snprintf(path, sizeof(path), DATA_DIR "%s", name);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	if (len > 6000)
		len = 6000;
	data = malloc((size_t)len);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	for (cut = 0; cut <= (size_t)len; cut++) {
		size_t i;

		run_bytes(data, cut, &run);
		for (i = 0; i < run.n; i++)
			if (run.r[i].status == PROBE_OK)
				assert_true(run.r[i].rec.record_no >= 1);
		assert_true(run.skip <= 2);
	}
	free(data);
}

static void
test_prefixes_lines(void **state)
{
	(void)state;
	prefixes("sagan__atlas-ping-results.ndjson");
}

static void
test_prefixes_array(void **state)
{
	(void)state;
	prefixes("pierky__msm3359986.results.json");
}

/* --- several threads ---------------------------------------------------- */

/* A record copied whole, its dst_name aside (compared by value). */
static void
record_bytes(const struct probe_record *rec, struct probe_record *copy)
{
	memcpy(copy, rec, sizeof(*copy));
	copy->dst_name = NULL;
}

/*
 * path read with one thread and with n side by side: the same status,
 * record, error and counts at every step.  Returns the results read.
 */
static size_t
same_with_threads(const char *path, unsigned n)
{
	char errbuf[256];
	struct input *in1 = input_open(path, errbuf, sizeof(errbuf));
	struct input *inn = input_open(path, errbuf, sizeof(errbuf));
	struct atlas_reader *r1, *rn;
	size_t count = 0;

	assert_non_null(in1);
	assert_non_null(inn);
	r1 = atlas_open(in1, path);
	rn = atlas_open(inn, path);
	assert_non_null(r1);
	assert_non_null(rn);
	atlas_set_threads(rn, n);
	for (;;) {
		const struct probe_record *rec1 = NULL, *recn = NULL;
		struct decode_error e1, en;
		struct probe_record c1, cn;
		enum probe_status s1 = atlas_next(r1, &rec1, &e1);
		enum probe_status sn = atlas_next(rn, &recn, &en);

		assert_int_equal(s1, sn);
		assert_memory_equal(atlas_stats(r1), atlas_stats(rn),
		    sizeof(struct decode_stats));
		if (s1 == PROBE_END)
			break;
		count++;
		if (s1 == PROBE_SKIP) {
			assert_string_equal(e1.file, en.file);
			assert_int_equal(e1.offset, en.offset);
			assert_int_equal(e1.record_no, en.record_no);
			assert_string_equal(e1.record_unit, en.record_unit);
			assert_int_equal(e1.reason, en.reason);
			assert_string_equal(e1.detail, en.detail);
			continue;
		}
		record_bytes(rec1, &c1);
		record_bytes(recn, &cn);
		assert_memory_equal(&c1, &cn, sizeof(c1));
		if (rec1->dst_name == NULL)
			assert_null(recn->dst_name);
		else
			assert_string_equal(rec1->dst_name, recn->dst_name);
	}
	assert_int_equal(atlas_next(rn, NULL, NULL), PROBE_END);
	atlas_close(r1);
	atlas_close(rn);
	input_close(in1);
	input_close(inn);
	return count;
}

/*
 * The sagan ping lines over and over, n of them, with damage in
 * places: a line that is not JSON (1001), another result type (1500),
 * a result without prb_id (300), a blank line (700).  As an array when
 * array is set, with an element that does not parse in place of 1001.
 */
static char *
many_results(size_t n, bool array, size_t *len)
{
	char *src, *out, *p, *line;
	const char *lines[64];
	size_t nlines = 0, i, cap, srclen;
	FILE *fp = fopen(DATA_DIR "sagan__atlas-ping-results.ndjson", "rb");

	assert_non_null(fp);
	src = malloc(64 * 1024);
	assert_non_null(src);
	srclen = fread(src, 1, 64 * 1024 - 1, fp);
	fclose(fp);
	src[srclen] = '\0';
	for (line = strtok(src, "\n"); line != NULL; line = strtok(NULL, "\n"))
		if (nlines < 64)
			lines[nlines++] = line;
	assert_true(nlines > 10);
	cap = n * (srclen / nlines + 64) + 64;
	out = malloc(cap);
	assert_non_null(out);
	p = out;
	if (array)
		*p++ = '[';
	for (i = 1; i <= n; i++) {
		const char *l = lines[i % nlines];

		if (i == 1001)
			l = array ? "{\"type\":\"ping\",\"prb_id\":1 2}" :
			    "{\"type\":\"ping\", garbage";
		else if (i == 1500)
			l = "{\"type\":\"dns\",\"prb_id\":1,\"msm_id\":2,"
			    "\"timestamp\":3}";
		else if (i == 300)
			l = "{\"type\":\"ping\",\"msm_id\":2,\"timestamp\":3}";
		else if (i == 700 && !array)
			l = "";
		assert_true((size_t)(p - out) + strlen(l) + 3 < cap);
		p += sprintf(p, "%s%s\n", l, array && i < n ? "," : "");
	}
	if (array)
		*p++ = ']';
	*len = (size_t)(p - out);
	free(src);
	return out;
}

static void
check_threads(const char *path, size_t results)
{
	unsigned n[] = { 2, 3, 4, 9 };
	size_t i;

	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		assert_int_equal(same_with_threads(path, n[i]), results);
}

/* The samples, with 1 thread and with several: the same. */
static void
test_threads_samples(void **state)
{
	static const char *const files[] = {
		"sagan__atlas-ping-results.ndjson",
		"sagan__atlas-traceroute-results.ndjson",
		"pierky__msm1033154.results.json",
		"pierky__msm3082698.results.json",
		"pierky__msm3359986.results.json",
	};
	char path[256];
	size_t i;
	unsigned j;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), DATA_DIR "%s", files[i]);
		for (j = 2; j <= 4; j++)
			assert_true(same_with_threads(path, j) > 0);
	}
}

/* Many batches of lines, damaged in places and at the end. */
static void
test_threads_lines(void **state)
{
	char path[128];
	size_t len;
	char *text = many_results(2000, false, &len);

	(void)state;
	write_temp(path, sizeof(path), text, len);
	check_threads(path, 1999);		/* the blank line is none */
	unlink(path);
	/* The last line cut: a parse error names it. */
	write_temp(path, sizeof(path), text, len - 40);
	check_threads(path, 1999);
	unlink(path);
	/* gzip cut short: a damaged stream after the whole lines. */
	write_gzip(path, sizeof(path), text, len);
	{
		char cut[128];
		size_t glen;
		char *gz;
		FILE *fp = fopen(path, "rb");

		assert_non_null(fp);
		gz = malloc(len);
		assert_non_null(gz);
		glen = fread(gz, 1, len, fp);
		fclose(fp);
		write_temp(cut, sizeof(cut), gz, glen / 2);
		assert_true(same_with_threads(cut, 4) > 100);
		unlink(cut);
		free(gz);
	}
	unlink(path);
	free(text);
}

/* Many batches of an array: whole, cut, without its ']', then more. */
static void
test_threads_array(void **state)
{
	char path[128];
	size_t len;
	char *text = many_results(2000, true, &len), *more;

	(void)state;
	write_temp(path, sizeof(path), text, len);
	check_threads(path, 2000);
	unlink(path);
	/* Cut inside the last element: its parse error. */
	write_temp(path, sizeof(path), text, len - 40);
	check_threads(path, 2000);
	unlink(path);
	/* Only the ']' missing: the last element, then the truncation. */
	write_temp(path, sizeof(path), text, len - 1);
	check_threads(path, 2001);
	unlink(path);
	/* Something after the array. */
	more = malloc(len + 16);
	assert_non_null(more);
	memcpy(more, text, len);
	memcpy(more + len, "\nx\n", 3);
	write_temp(path, sizeof(path), more, len + 3);
	check_threads(path, 2001);
	unlink(path);
	free(more);
	free(text);
}

/* A line longer than any result, between batches of good ones. */
static void
test_threads_too_large(void **state)
{
	char path[128];
	size_t len, big = 17u * 1024 * 1024, at;
	char *text = many_results(600, false, &len), *buf;

	(void)state;
	buf = malloc(len + big + 2);
	assert_non_null(buf);
	at = (size_t)(strstr(text + len / 2, "\n") - text) + 1;
	memcpy(buf, text, at);
	memset(buf + at, ' ', big);
	buf[at] = '{';
	buf[at + big] = '\n';
	memcpy(buf + at + big + 1, text + at, len - at);
	write_temp(path, sizeof(path), buf, len + big + 1);
	check_threads(path, 601);		/* and the long line */
	unlink(path);
	free(buf);
	free(text);
}

/* Closed before the end, wherever it is: every thread joined, nothing
 * leaked (LeakSanitizer says so under make check SANITIZE=1). */
static void
test_threads_early_close(void **state)
{
	static const size_t reads[] = { 0, 1, 3, 255, 256, 300, 1200 };
	char path[128], errbuf[256];
	size_t len, i, k;
	char *text = many_results(2000, false, &len);

	(void)state;
	write_temp(path, sizeof(path), text, len);
	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		struct input *in = input_open(path, errbuf, sizeof(errbuf));
		struct atlas_reader *r;

		assert_non_null(in);
		r = atlas_open(in, path);
		assert_non_null(r);
		atlas_set_threads(r, 4);
		for (k = 0; k < reads[i]; k++) {
			const struct probe_record *rec;
			struct decode_error err;

			assert_int_not_equal(atlas_next(r, &rec, &err),
			    PROBE_END);
		}
		atlas_close(r);
		input_close(in);
	}
	unlink(path);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_sagan_ping),
		cmocka_unit_test(test_golden_sagan_traceroute),
		cmocka_unit_test(test_golden_pierky_1033154),
		cmocka_unit_test(test_golden_pierky_3082698),
		cmocka_unit_test(test_golden_pierky_3359986),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_fw0_strings),
		cmocka_unit_test(test_fw1_addr_name),
		cmocka_unit_test(test_ping_replies),
		cmocka_unit_test(test_round3),
		cmocka_unit_test(test_traceroute_shapes),
		cmocka_unit_test(test_other_type_and_missing),
		cmocka_unit_test(test_bad_json_in_lines),
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_damaged),
		cmocka_unit_test(test_prefixes_lines),
		cmocka_unit_test(test_prefixes_array),
		cmocka_unit_test(test_threads_samples),
		cmocka_unit_test(test_threads_lines),
		cmocka_unit_test(test_threads_array),
		cmocka_unit_test(test_threads_too_large),
		cmocka_unit_test(test_threads_early_close),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
