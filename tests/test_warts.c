/*
 * test_warts.c -- parsers/warts.c against sc_warts2json (scamper
 * 20211212) on the samples in tests/data/probes/ (MANIFEST.tsv), live
 * against sc_warts2json when installed, and on damaged input: every
 * truncation, every byte flipped, a corrupted record in the middle, an
 * unknown record type, gzip-compressed files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <fcntl.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <zlib.h>

#include "parsers/input.h"
#include "parsers/warts.h"

/*
 * sc_warts2json's output is read with json-c, lightsout's JSON library.
 * jget() is a member or NULL (also of NULL); jidx() an array element or
 * NULL past the end.
 */
static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static struct json_object *
jidx(struct json_object *a, size_t i)
{
	if (a == NULL || !json_object_is_type(a, json_type_array) ||
	    i >= json_object_array_length(a))
		return NULL;
	return json_object_array_get_idx(a, i);
}

static int
jis_number(struct json_object *o)
{
	return json_object_is_type(o, json_type_double) ||
	    json_object_is_type(o, json_type_int);
}
#include "tests/test_util.h"

#define DATA_DIR	"tests/data/probes/"
#define EXPECTED_DIR	DATA_DIR "expected/"
#define RTT_EPSILON	0.0006	/* sc_warts2json prints RTTs as %.3f */

static const char *const samples[] = {
	"dioptra__ping_google_dns_v4_default",
	"dioptra__ping_google_dns_v6_default",
	"dioptra__trace_google_dns_v4_default",
	"dioptra__trace_google_dns_v6_default",
	"dioptra__tracelb_google_dns_v4_default",
	"dioptra__tracelb_google_dns_v6_default",
	"local__scamper20211212-ping-loopback",
	"local__scamper20211212-trace-loopback",
};
#define NSAMPLES	(sizeof(samples) / sizeof(samples[0]))

static char	tmpdir[64];

/*
 * LeakSanitizer's switches, present only in sanitized builds.
 * libscamperfile 20211212 leaks on some damaged records (its error paths
 * in scamper_file_warts_ping_read() and the trace/tracelb readers drop
 * what they allocated); test_flipped_everywhere turns leak checking off
 * around them.  Every other test runs with it on.
 */
void	__lsan_disable(void) __attribute__((weak));
void	__lsan_enable(void) __attribute__((weak));

/* ------------------------------------------------------------------ */
/* Reading a whole file                                                 */

#define MAX_RECS	16
#define MAX_ERRS	16

struct run {
	struct probe_record	 recs[MAX_RECS];
	char			*vantage[MAX_RECS];
	size_t			 nrecs;
	struct decode_error	 errs[MAX_ERRS];
	size_t			 nerrs;
	struct decode_stats	 stats;
	enum input_compression	 compression;
};

static void
run_free(struct run *run)
{
	size_t i;

	for (i = 0; i < run->nrecs; i++)
		free(run->vantage[i]);
	memset(run, 0, sizeof(*run));
}

/* Reads path to the end; false when it cannot be opened. */
static bool
read_file_all(const char *path, struct run *run)
{
	char err[256];
	struct input *in;
	struct warts_reader *r;
	const struct probe_record *rec;
	struct decode_error derr;
	enum probe_status st;

	memset(run, 0, sizeof(*run));
	if ((in = input_open(path, err, sizeof(err))) == NULL)
		return false;
	run->compression = input_compression(in);
	if ((r = warts_open(in, path, err, sizeof(err))) == NULL) {
		input_close(in);
		return false;
	}
	while ((st = warts_next(r, &rec, &derr)) != PROBE_END) {
		if (st == PROBE_OK) {
			assert_true(run->nrecs < MAX_RECS);
			run->recs[run->nrecs] = *rec;
			run->vantage[run->nrecs] = rec->vantage != NULL ?
			    xstrdup(rec->vantage) : NULL;
			run->recs[run->nrecs].vantage = run->vantage[run->nrecs];
			run->nrecs++;
		} else {
			assert_true(run->nerrs < MAX_ERRS);
			run->errs[run->nerrs++] = derr;
		}
	}
	/* PROBE_END stays the end. */
	assert_int_equal(warts_next(r, &rec, &derr), PROBE_END);
	run->stats = *warts_stats(r);
	warts_close(r);
	input_close(in);
	return true;
}

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = xmalloc((size_t)n);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static char *
write_tmp(const char *name, const uint8_t *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* Offsets of the records in a well-formed warts file (warts(5) headers). */
static size_t
record_offsets(const uint8_t *data, size_t len, size_t *offs, size_t max)
{
	size_t off = 0, n = 0;
	uint32_t body;

	while (off + 8 <= len && n < max) {
		offs[n++] = off;
		body = (uint32_t)data[off + 4] << 24 |
		    (uint32_t)data[off + 5] << 16 |
		    (uint32_t)data[off + 6] << 8 | data[off + 7];
		off += 8 + body;
	}
	return n;
}

/*
 * libscamperfile prints every record it fails to decode on stderr ("off
 * 0x... magic 0x1205 type ... len ..."); the fuzzing tests send that to
 * /dev/null while they run.
 */
static int
quiet_stderr(void)
{
	int saved = dup(STDERR_FILENO), devnull;

	fflush(stderr);
	if ((devnull = open("/dev/null", O_WRONLY)) != -1) {
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
	return saved;
}

static void
restore_stderr(int saved)
{
	if (saved == -1)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* ------------------------------------------------------------------ */
/* Comparing with sc_warts2json                                         */

static void
addr_str(const struct ip_addr *a, char *buf, size_t len)
{
	if (a->afi == AFI_IPV4)
		inet_ntop(AF_INET, a->bytes, buf, (socklen_t)len);
	else if (a->afi == AFI_IPV6)
		inet_ntop(AF_INET6, a->bytes, buf, (socklen_t)len);
	else
		snprintf(buf, len, "(absent)");
}

static void
assert_addr(const struct ip_addr *a, struct json_object *want)
{
	char buf[64];

	assert_true(json_object_is_type(want, json_type_string));
	addr_str(a, buf, sizeof(buf));
	assert_string_equal(buf, json_object_get_string(want));
}

static int64_t
json_time_ms(struct json_object *tv)
{
	return json_object_get_int64(jget(tv, "sec")) * 1000 +
	    json_object_get_int64(jget(tv, "usec")) / 1000;
}

static void
assert_close(double got, struct json_object *want)
{
	assert_true(jis_number(want));
	if (fabs(got - json_object_get_double(want)) > RTT_EPSILON)
		fail_msg("rtt %.6f, sc_warts2json %.3f", got,
		    json_object_get_double(want));
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
check_ping(const struct probe_record *p, struct json_object *o)
{
	struct json_object *stats = jget(o, "statistics");
	struct json_object *resp, *r;
	int64_t end = 0;
	size_t i;

	assert_int_equal(p->kind, PROBE_PING);
	assert_int_equal(p->sent, json_object_get_int64(jget(o,
	    "ping_sent")));
	assert_true(probe_has(p, PROBE_HAS_RECEIVED));
	assert_int_equal(p->received, json_object_get_int64(jget(stats,
	    "replies")));
	if (jget(stats, "min") != NULL) {
		assert_true(probe_has(p, PROBE_HAS_RTT));
		assert_close(p->rtt_min, jget(stats, "min"));
		assert_close(p->rtt_avg, jget(stats, "avg"));
		assert_close(p->rtt_max, jget(stats, "max"));
	} else {
		assert_false(probe_has(p, PROBE_HAS_RTT));
	}
	resp = jget(o, "responses");
	for (i = 0; (r = jidx(resp, i)) != NULL; i++)
		if (json_time_ms(jget(r, "rx")) > end)
			end = json_time_ms(jget(r, "rx"));
	if (json_object_array_length(resp) > 0) {
		assert_true(probe_has(p, PROBE_HAS_END));
		assert_int_equal(p->end_ms, end);
	} else {
		assert_false(probe_has(p, PROBE_HAS_END));
	}
}

static void
check_trace(const struct probe_record *p, struct json_object *o)
{
	struct json_object *hops = jget(o, "hops"), *h, *last = NULL;
	double rtts[64];
	size_t i, n = 0;
	int64_t ttl, max_ttl = 0;

	assert_int_equal(p->kind, PROBE_TRACE);
	assert_int_equal(p->hop_count, json_object_get_int64(jget(o,
	    "hop_count")));
	assert_int_equal(p->sent, json_object_get_int64(jget(o,
	    "probe_count")));
	assert_int_equal(p->dest_reached, strcmp(json_object_get_string(
	    jget(o, "stop_reason")), "COMPLETED") == 0);
	for (i = 0; (h = jidx(hops, i)) != NULL; i++) {
		ttl = json_object_get_int64(jget(h, "probe_ttl"));
		if (ttl > max_ttl) {
			max_ttl = ttl;
			last = h;
		}
	}
	if (last == NULL) {
		assert_int_equal(p->last_hop.afi, 0);
		return;
	}
	assert_true(probe_has(p, PROBE_HAS_LAST_HOP | PROBE_HAS_LAST_RTT));
	assert_addr(&p->last_hop, jget(last, "addr"));
	assert_int_equal(p->last_hop_responded,
	    max_ttl == json_object_get_int64(jget(o, "hop_count")));
	for (i = 0; (h = jidx(hops, i)) != NULL; i++)
		if (json_object_get_int64(jget(h, "probe_ttl")) ==
		    max_ttl && json_object_equal(jget(h, "addr"),
		    jget(last, "addr")) && n < 64)
			rtts[n++] = json_object_get_double(jget(h, "rtt"));
	qsort(rtts, n, sizeof(rtts[0]), cmp_dbl);
	if (fabs(p->last_median_rtt - (n % 2 ? rtts[n / 2] :
	    (rtts[n / 2 - 1] + rtts[n / 2]) / 2)) > RTT_EPSILON)
		fail_msg("last rtt %.6f", p->last_median_rtt);
}

static void
check_tracelb(const struct probe_record *p, struct json_object *o)
{
	struct json_object *nodes = jget(o, "nodes"), *node, *hop, *to;
	struct json_object *dst = jget(o, "dst"), *probe, *reply;
	bool reached = false;
	double rtts[256];
	size_t i, j, k, q, w, n = 0;

	assert_int_equal(p->kind, PROBE_TRACE);
	assert_int_equal(p->sent, json_object_get_int64(jget(o,
	    "probec")));
	/*
	 * sc_warts2json leaves out of "nodes" the nodes without links (the
	 * destination; warts-differences.tsv), so links count as well.
	 */
	for (i = 0; (node = jidx(nodes, i)) != NULL; i++) {
		if (json_object_equal(jget(node, "addr"), dst))
			reached = true;
		for (j = 0; (hop = jidx(jget(node, "links"), j)) != NULL; j++)
			for (k = 0; (to = jidx(hop, k)) != NULL; k++)
				if (json_object_equal(jget(to, "addr"), dst))
					reached = true;
	}
	assert_true(probe_has(p, PROBE_HAS_REACHED | PROBE_HAS_HOPS));
	assert_int_equal(p->dest_reached, reached);
	if (!reached)
		return;
	assert_addr(&p->last_hop, dst);
	/* The last RTT: median of the replies the link ends at dst got. */
	for (i = 0; (node = jidx(nodes, i)) != NULL; i++)
		for (j = 0; (hop = jidx(jget(node, "links"), j)) != NULL; j++)
			for (k = 0; (to = jidx(hop, k)) != NULL; k++) {
				if (!json_object_equal(jget(to, "addr"), dst))
					continue;
				for (q = 0; (probe = jidx(jget(to, "probes"), q)) != NULL; q++)
					for (w = 0; (reply = jidx(jget(probe,
					    "replies"), w)) != NULL; w++)
						if (n < 256)
							rtts[n++] = json_object_get_double(
							    jget(reply,
							    "rtt"));
			}
	assert_true(n > 0);
	qsort(rtts, n, sizeof(rtts[0]), cmp_dbl);
	if (fabs(p->last_median_rtt - (n % 2 ? rtts[n / 2] :
	    (rtts[n / 2 - 1] + rtts[n / 2]) / 2)) > RTT_EPSILON)
		fail_msg("tracelb last rtt %.6f", p->last_median_rtt);
}

/* Every ping, trace and tracelb in the JSON lines, in order. */
static void
compare_with_json(const struct run *run, const char *json_path)
{
	FILE *fp = fopen(json_path, "r");
	char *line = NULL;
	size_t cap = 0, k = 0;
	struct json_object *o;
	const char *type, *host = NULL;
	char *host_copy = NULL;
	const struct probe_record *p;

	assert_non_null(fp);
	while (getline(&line, &cap, fp) > 0) {
		if (line[0] != '{')
			continue;
		if ((o = json_tokener_parse(line)) == NULL)
			fail_msg("%s: invalid JSON: %s", json_path, line);
		type = json_object_get_string(jget(o, "type"));
		assert_non_null(type);
		if (strcmp(type, "cycle-start") == 0) {
			free(host_copy);
			host = json_object_get_string(jget(o, "hostname"));
			host_copy = host != NULL ? xstrdup(host) : NULL;
		}
		if (strcmp(type, "ping") == 0 || strcmp(type, "trace") == 0 ||
		    strcmp(type, "tracelb") == 0) {
			assert_true(k < run->nrecs);
			p = &run->recs[k++];
			assert_int_equal(p->source, PROBE_SRC_WARTS);
			assert_int_equal(p->time_ms, json_time_ms(
			    jget(o, "start")));
			assert_addr(&p->src, jget(o, "src"));
			assert_addr(&p->dst, jget(o, "dst"));
			assert_int_equal(p->af, p->dst.afi == AFI_IPV4 ? 4 : 6);
			assert_null(p->dst_name);
			if (host_copy != NULL)
				assert_string_equal(p->vantage, host_copy);
			if (strcmp(type, "ping") == 0)
				check_ping(p, o);
			else if (strcmp(type, "trace") == 0)
				check_trace(p, o);
			else
				check_tracelb(p, o);
		}
		json_object_put(o);
	}
	assert_int_equal(k, run->nrecs);
	free(host_copy);
	free(line);
	fclose(fp);
}

static void
test_golden(void **state)
{
	struct run run;
	char *path, *json;
	size_t i;

	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		path = xasprintf(DATA_DIR "%s.warts", samples[i]);
		json = xasprintf(EXPECTED_DIR "%s.sc_warts2json.json",
		    samples[i]);
		assert_true(read_file_all(path, &run));
		assert_int_equal(run.nerrs, 0);
		assert_int_equal(run.nrecs, 1);
		assert_int_equal(run.stats.items, 1);
		assert_int_equal(run.stats.skipped[SKIP_BAD_WARTS], 0);
		compare_with_json(&run, json);
		if (strstr(samples[i], "tracelb") != NULL) {
			/*
			 * Pinned by hand from sc_warts2text: the target sits
			 * at TTL 7 (a "*" link of two hops before it), as in
			 * the plain traces to the same targets.
			 */
			assert_int_equal(run.recs[0].hop_count, 7);
			assert_true(run.recs[0].dest_reached);
			assert_true(probe_has(&run.recs[0], PROBE_HAS_LAST_RTT));
		}
		run_free(&run);
		free(path);
		free(json);
	}
}

/* sc_warts2json of today against the recorded output, then ours. */
static void
test_live_sc_warts2json(void **state)
{
	struct run run;
	char *cmd, *out, *path, *want;
	uint8_t *a, *b;
	size_t i, alen, blen;

	(void)state;
	if (system("command -v sc_warts2json >/dev/null 2>&1") != 0)
		skip();
	for (i = 0; i < NSAMPLES; i++) {
		path = xasprintf(DATA_DIR "%s.warts", samples[i]);
		out = xasprintf("%s/live.json", tmpdir);
		want = xasprintf(EXPECTED_DIR "%s.sc_warts2json.json",
		    samples[i]);
		cmd = xasprintf("sc_warts2json %s > %s", path, out);
		assert_int_equal(system(cmd), 0);
		a = slurp(out, &alen);
		b = slurp(want, &blen);
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, alen);
		assert_true(read_file_all(path, &run));
		compare_with_json(&run, out);
		run_free(&run);
		free(a);
		free(b);
		free(cmd);
		free(want);
		free(out);
		free(path);
	}
}

/* The same records from a gzip-compressed copy. */
static void
test_gzip(void **state)
{
	struct run raw, gz;
	char *path, *gzpath;
	uint8_t *data;
	size_t i, len;
	gzFile zf;

	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		path = xasprintf(DATA_DIR "%s.warts", samples[i]);
		gzpath = xasprintf("%s/sample.warts.gz", tmpdir);
		data = slurp(path, &len);
		assert_non_null(zf = gzopen(gzpath, "wb"));
		assert_int_equal(gzwrite(zf, data, (unsigned)len), (int)len);
		assert_int_equal(gzclose(zf), Z_OK);
		assert_true(read_file_all(path, &raw));
		assert_true(read_file_all(gzpath, &gz));
		assert_int_equal(gz.compression, INPUT_GZIP);
		assert_int_equal(gz.nrecs, raw.nrecs);
		assert_int_equal(gz.nerrs, 0);
		assert_int_equal(gz.recs[0].time_ms, raw.recs[0].time_ms);
		assert_int_equal(gz.recs[0].hop_count, raw.recs[0].hop_count);
		assert_memory_equal(&gz.recs[0].dst, &raw.recs[0].dst,
		    sizeof(raw.recs[0].dst));
		assert_string_equal(gz.recs[0].vantage, raw.recs[0].vantage);
		assert_int_equal(gz.stats.bytes, len);
		run_free(&raw);
		run_free(&gz);
		free(data);
		free(path);
		free(gzpath);
	}
}

/*
 * Cut every sample at every offset: a cut at a record boundary is a
 * clean end; elsewhere one SKIP_TORN_HEADER (inside the 8-byte header)
 * or SKIP_TRUNCATED naming the record's offset; records before the cut
 * are still yielded.
 */
static void
test_truncated_everywhere(void **state)
{
	struct run run;
	char *path, *cut;
	uint8_t *data;
	size_t i, len, at, offs[64], noffs, k, rec_start;
	bool boundary;

	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		path = xasprintf(DATA_DIR "%s.warts", samples[i]);
		data = slurp(path, &len);
		noffs = record_offsets(data, len, offs, 64);
		for (at = 0; at < len; at++) {
			cut = write_tmp("cut.warts", data, at);
			assert_true(read_file_all(cut, &run));
			boundary = false;
			rec_start = 0;
			for (k = 0; k < noffs; k++) {
				if (offs[k] == at)
					boundary = true;
				if (offs[k] <= at)
					rec_start = offs[k];
			}
			if (boundary) {
				assert_int_equal(run.nerrs, 0);
			} else {
				assert_int_equal(run.nerrs, 1);
				assert_int_equal(run.errs[0].offset, rec_start);
				assert_int_equal(run.errs[0].reason,
				    at - rec_start < 8 ? SKIP_TORN_HEADER :
				    SKIP_TRUNCATED);
				assert_string_equal(run.errs[0].file, cut);
			}
			/* The data record is the third or later one. */
			assert_true(run.nrecs <= 1);
			run_free(&run);
			free(cut);
		}
		free(data);
		free(path);
	}
}

/*
 * Flip every byte of every sample: never a crash (run under ASan), at
 * most one error, and it is the last thing reported.
 */
static void
test_flipped_everywhere(void **state)
{
	struct run run;
	char *path, *bad;
	uint8_t *data;
	size_t i, len, at, k;
	int saved = quiet_stderr();

	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		path = xasprintf(DATA_DIR "%s.warts", samples[i]);
		data = slurp(path, &len);
		for (at = 0; at < len; at++) {
			data[at] ^= 0xff;
			bad = write_tmp("flip.warts", data, len);
			if (__lsan_disable != NULL)
				__lsan_disable();
			assert_true(read_file_all(bad, &run));
			if (__lsan_enable != NULL)
				__lsan_enable();
			/* Notes for unknown types, then at most one error. */
			for (k = 0; k + 1 < run.nerrs; k++)
				assert_int_equal(run.errs[k].reason,
				    NOTE_OTHER_RESULT);
			assert_true(run.nrecs <= 1);
			run_free(&run);
			free(bad);
			data[at] ^= 0xff;
		}
		free(data);
		free(path);
	}
	restore_stderr(saved);
}

/*
 * Several bytes set to random values, sometimes cut short too, many
 * times over (a fixed-seed generator, so failures repeat): never a
 * crash, and any data error is the last thing reported.
 */
static void
test_random_damage(void **state)
{
	struct run run;
	char *path, *bad;
	uint8_t *orig, *data;
	size_t i, len, cut, k, nbytes, e;
	uint32_t seed = 20211212;
	int round, saved = quiet_stderr();

	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		path = xasprintf(DATA_DIR "%s.warts", samples[i]);
		orig = slurp(path, &len);
		data = xmalloc(len);
		for (round = 0; round < 300; round++) {
			memcpy(data, orig, len);
			seed = seed * 1103515245u + 12345u;
			nbytes = 1 + (seed >> 16) % 8;
			for (k = 0; k < nbytes; k++) {
				seed = seed * 1103515245u + 12345u;
				data[(seed >> 8) % len] = (uint8_t)(seed >> 24);
			}
			seed = seed * 1103515245u + 12345u;
			cut = (seed >> 16) % 4 == 0 ? (seed >> 8) % len : len;
			bad = write_tmp("random.warts", data, cut);
			if (__lsan_disable != NULL)
				__lsan_disable();
			assert_true(read_file_all(bad, &run));
			if (__lsan_enable != NULL)
				__lsan_enable();
			assert_true(run.nrecs <= 1);
			for (e = 0; e + 1 < run.nerrs; e++)
				assert_int_equal(run.errs[e].reason,
				    NOTE_OTHER_RESULT);
			run_free(&run);
			free(bad);
		}
		free(data);
		free(orig);
		free(path);
	}
	restore_stderr(saved);
}

/*
 * A corrupted record in the middle: the ping record's magic spoiled.
 * libscamperfile gives up (-1) and does not resynchronise: one
 * SKIP_BAD_WARTS at the record's offset, nothing after it.
 */
static void
test_corrupt_middle(void **state)
{
	struct run run;
	char *path, *bad;
	uint8_t *data;
	size_t len, offs[8], n;

	(void)state;
	path = xasprintf(DATA_DIR "local__scamper20211212-ping-loopback.warts");
	data = slurp(path, &len);
	n = record_offsets(data, len, offs, 8);
	assert_int_equal(n, 4);		/* list, cycle-start, ping, cycle-stop */
	data[offs[2]] = 0x00;
	bad = write_tmp("corrupt.warts", data, len);
	assert_true(read_file_all(bad, &run));
	assert_int_equal(run.nrecs, 0);
	assert_int_equal(run.nerrs, 1);
	assert_int_equal(run.errs[0].reason, SKIP_BAD_WARTS);
	assert_int_equal(run.errs[0].offset, offs[2]);
	assert_int_equal(run.stats.skipped[SKIP_BAD_WARTS], 1);
	assert_non_null(strstr(run.errs[0].detail, "magic 0x0005"));
	assert_int_equal(run.errs[0].record_no, 3);
	run_free(&run);
	free(bad);
	free(data);
	free(path);
}

/*
 * A record of a type libscamperfile does not know (0x30) between the
 * ping and the cycle stop: libscamperfile skips it without a word; we
 * count it as NOTE_OTHER_RESULT at its offset and read on.
 */
static void
test_unknown_type(void **state)
{
	static const uint8_t unknown[] = {
		0x12, 0x05, 0x00, 0x30, 0x00, 0x00, 0x00, 0x04, 'a', 'b', 'c', 'd'
	};
	struct run run;
	char *path, *made;
	uint8_t *data, *both;
	size_t len, offs[8];

	(void)state;
	path = xasprintf(DATA_DIR "local__scamper20211212-ping-loopback.warts");
	data = slurp(path, &len);
	assert_int_equal(record_offsets(data, len, offs, 8), 4);
	both = xmalloc(len + sizeof(unknown));
	memcpy(both, data, offs[3]);
	memcpy(both + offs[3], unknown, sizeof(unknown));
	memcpy(both + offs[3] + sizeof(unknown), data + offs[3],
	    len - offs[3]);
	made = write_tmp("unknown.warts", both, len + sizeof(unknown));
	assert_true(read_file_all(made, &run));
	assert_int_equal(run.nrecs, 1);
	assert_int_equal(run.nerrs, 1);
	assert_int_equal(run.errs[0].reason, NOTE_OTHER_RESULT);
	assert_int_equal(run.errs[0].offset, offs[3]);
	assert_non_null(strstr(run.errs[0].detail, "48"));
	assert_int_equal(run.stats.skipped[NOTE_OTHER_RESULT], 1);
	assert_int_equal(run.stats.bytes, len + sizeof(unknown));
	run_free(&run);
	free(made);
	free(both);
	free(data);
	free(path);
}

/* A length the window cannot hold: one error, no attempt to read it. */
static void
test_huge_length(void **state)
{
	struct run run;
	char *path, *bad;
	uint8_t *data;
	size_t len, offs[8];

	(void)state;
	path = xasprintf(DATA_DIR "local__scamper20211212-ping-loopback.warts");
	data = slurp(path, &len);
	assert_int_equal(record_offsets(data, len, offs, 8), 4);
	memset(data + offs[2] + 4, 0xff, 4);
	bad = write_tmp("huge.warts", data, len);
	assert_true(read_file_all(bad, &run));
	assert_int_equal(run.nrecs, 0);
	assert_int_equal(run.nerrs, 1);
	assert_int_equal(run.errs[0].offset, offs[2]);
	assert_true(skip_reason_is_error(run.errs[0].reason));
	run_free(&run);
	free(bad);
	free(data);
	free(path);
}

/* A gzip file whose stream breaks inside the ping record. */
static void
test_gzip_damaged(void **state)
{
	struct run run;
	char *path, *gzpath;
	uint8_t *data, *z;
	size_t len, zlen;
	gzFile zf;

	(void)state;
	path = xasprintf(DATA_DIR "dioptra__tracelb_google_dns_v6_default.warts");
	gzpath = xasprintf("%s/damaged.warts.gz", tmpdir);
	data = slurp(path, &len);
	assert_non_null(zf = gzopen(gzpath, "wb"));
	assert_int_equal(gzwrite(zf, data, (unsigned)len), (int)len);
	assert_int_equal(gzclose(zf), Z_OK);
	z = slurp(gzpath, &zlen);
	free(write_tmp("damaged.warts.gz", z, zlen / 2));	/* cut it */
	assert_true(read_file_all(gzpath, &run));
	assert_int_equal(run.nrecs, 0);
	assert_int_equal(run.nerrs, 1);
	assert_int_equal(run.errs[0].reason, SKIP_DECOMPRESS);
	run_free(&run);
	free(z);
	free(data);
	free(path);
	free(gzpath);
}

static void
test_detect(void **state)
{
	static const uint8_t good[] = { 0x12, 0x05, 0x00, 0x01, 0, 0, 0, 27 };
	static const uint8_t bad[] = { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0 };

	(void)state;
	assert_true(warts_detect(good, sizeof(good)));
	assert_false(warts_detect(good, 4));
	assert_false(warts_detect(bad, sizeof(bad)));
}

/* Closing before the end frees what libscamperfile holds. */
static void
test_early_close(void **state)
{
	char err[256];
	struct input *in;
	struct warts_reader *r;

	(void)state;
	in = input_open(DATA_DIR "dioptra__tracelb_google_dns_v4_default.warts",
	    err, sizeof(err));
	assert_non_null(in);
	assert_non_null(r = warts_open(in, "x", err, sizeof(err)));
	warts_close(r);
	input_close(in);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_warts.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf %s", tmpdir);

	(void)state;
	(void)system(cmd);
	free(cmd);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_live_sc_warts2json),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_damaged),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_flipped_everywhere),
		cmocka_unit_test(test_random_damage),
		cmocka_unit_test(test_corrupt_middle),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_huge_length),
		cmocka_unit_test(test_early_close),
	};

	/* TEST_FILTER=test_golden: one test (for a leak check of its own). */
	if (getenv("TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	return cmocka_run_group_tests(tests, setup, teardown);
}
