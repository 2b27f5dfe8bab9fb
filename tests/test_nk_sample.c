/*
 * test_nk_sample.c -- the committed North Korea sample (samples/nk-2014)
 * is what its generator writes, every file decodes cleanly, and the
 * published facts the sample re-creates are in the data as lightsout
 * reads it: the withdrawals of 16:15 UTC on 22 December, nothing
 * announced again before 01:46, the peak of 5.97 Gbps and 1.70 Mpps in
 * one five-minute bin, every ping lost during the blackout.
 *
 * LIGHTSOUT_NK_GEN names the generator (make check builds it),
 * LIGHTSOUT_BIN the lightsout binary; run from the repository root.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/test_util.h"
#define DUMP_RUN_TMPDIR "/tmp/lightsout-nk-sample-XXXXXX"
#include "tests/dump_run.h"

#define SAMPLE		"samples/nk-2014"

static const char *nk_gen = "build/release/samples/nk_gen";
static char sample_abs[PATH_MAX];

/* The directories the generator writes (README and event file, and the
 * registry excerpt, are not generated). */
static const char *const generated[] = {
	"archive.routeviews.org", "data.ris.ripe.net", "flows", "atlas",
};
#define NGENERATED	(sizeof(generated) / sizeof(generated[0]))

/* --- file lists ------------------------------------------------------------ */

static char **found;
static size_t nfound, capfound;

static int
collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (nfound == capfound) {
		capfound = capfound ? capfound * 2 : 4096;
		found = xrealloc(found, capfound * sizeof(*found));
	}
	found[nfound++] = xstrdup(path);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The generated files under root, as paths relative to it, sorted. */
static char **
list_files(const char *root, size_t *n)
{
	size_t i, skip = strlen(root) + 1;
	char **out;

	found = NULL;
	nfound = capfound = 0;
	for (i = 0; i < NGENERATED; i++) {
		char *dir = xasprintf("%s/%s", root, generated[i]);

		if (nftw(dir, collect, 16, FTW_PHYS) == -1 && errno != ENOENT)
			fail_msg("%s: %s", dir, strerror(errno));
		free(dir);
	}
	for (i = 0; i < nfound; i++)
		memmove(found[i], found[i] + skip, strlen(found[i] + skip) + 1);
	qsort(found, nfound, sizeof(*found), by_name);
	out = found;
	*n = nfound;
	found = NULL;
	return out;
}

static void
free_list(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* --- the tests ---------------------------------------------------------------- */

/* Run the generator again: the same files, the same bytes. */
static void
test_regenerates_identically(void **state)
{
	char *out = tmp_path("gen"), *cmd, *qgen, *qout;
	char **want, **got;
	size_t nwant, ngot, i;

	(void)state;
	qgen = shquote(nk_gen);
	qout = shquote(out);
	cmd = xasprintf("%s %s", qgen, qout);
	if (system(cmd) != 0)
		fail_msg("cannot run %s (make %s builds it)", cmd, nk_gen);
	free(cmd);
	free(qgen);
	free(qout);
	want = list_files(sample_abs, &nwant);
	got = list_files(out, &ngot);
	/* Six days: 576 + 1 RouteViews, 1728 + 1 RIS, 6 captures, 3
	 * Atlas files. */
	assert_int_equal(nwant, 2315);
	assert_int_equal(ngot, nwant);
	for (i = 0; i < nwant; i++) {
		char *a = xasprintf("%s/%s", sample_abs, want[i]);
		char *b = xasprintf("%s/%s", out, got[i]);
		size_t alen, blen;
		char *x, *y;

		assert_string_equal(got[i], want[i]);
		x = slurp(a, &alen);
		y = slurp(b, &blen);
		assert_non_null(x);
		assert_non_null(y);
		if (alen != blen || memcmp(x, y, alen) != 0)
			fail_msg("%s differs from what %s writes (make samples "
			    "writes it again)", a, nk_gen);
		free(x);
		free(y);
		free(a);
		free(b);
	}
	free_list(want, nwant);
	free_list(got, ngot);
	free(out);
}

/* Every file decodes with no damaged record. */
static void
test_decodes_cleanly(void **state)
{
	static const char *const inputs[] = {
		"-m archive.routeviews.org/bgpdata/2014.12/RIBS/* "
		    "archive.routeviews.org/bgpdata/2014.12/UPDATES/*",
		"-m data.ris.ripe.net/rrc00/2014.12/*",
		"flows/*",
		"atlas/*",
	};
	size_t i;

	(void)state;
	run_cwd = sample_abs;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct run r;

		run_dump(&r, NULL, inputs[i]);
		if (r.code != 0)
			fprintf(stderr, "%s", r.err);
		assert_int_equal(r.code, 0);
		assert_true(r.outlen > 0);
		/* Damage would be reported as "offset N, record N". */
		assert_null(strstr(r.err, ", record "));
		run_free(&r);
	}
	run_cwd = NULL;
}

/*
 * rrc00: every full-feed IPv4 peer (7 of them) withdraws each of the four
 * /24s between 16:15:00 and 16:16:00 on 22 December (Dyn Research), and
 * nobody announces them again before 01:46:00 on 23 December (some
 * explore another path in the seconds before they withdraw).
 */
static void
test_blackout_in_the_routes(void **state)
{
	struct run r;
	struct lines l;
	size_t i, withdrawals = 0, early = 0;

	(void)state;
	run_cwd = sample_abs;
	run_dump(&r, NULL, "-m --more-specific 175.45.176.0/22 "
	    "--from 2014-12-22T16:15Z --until 2014-12-23T01:47Z "
	    "data.ris.ripe.net/rrc00/2014.12/updates.2014122[23].*");
	assert_int_equal(r.code, 0);
	split_lines(&l, r.out, r.outlen, "\n");
	for (i = 0; i < l.n; i++) {
		char *f[MAX_FIELDS];
		size_t nf = split_fields(l.v[i], '|', f);
		long t;

		assert_true(nf >= 6);
		t = strtol(f[1], NULL, 10);
		if (strcmp(f[2], "W") == 0) {
			assert_true(t >= 1419264900 && t < 1419264960);
			withdrawals++;
		} else if (strcmp(f[2], "A") == 0 && t >= 1419264960 &&
		    t < 1419299160)
			early++;
	}
	assert_int_equal(withdrawals, 7 * 4);
	assert_int_equal(early, 0);
	lines_free(&l);
	run_free(&r);
	run_cwd = NULL;
}

/*
 * The flows towards 175.45.176.0/22 starting in 13:20-13:25 on 20
 * December, scaled by their sampling rate: 5.97 Gbps and 1.70 Mpps
 * (Arbor), within 0.1% (the background traffic adds a little).
 */
static void
test_peak_in_the_flows(void **state)
{
	struct run r;
	struct lines l;
	size_t i, col_bytes = 0, col_packets = 0, col_rate = 0, col_start = 0;
	double bytes = 0, packets = 0, gbps, mpps;

	(void)state;
	run_cwd = sample_abs;
	run_dump(&r, NULL, "--format csv --dst 175.45.176.0/22 "
	    "--from 2014-12-20T13:20Z --until 2014-12-20T13:25Z "
	    "flows/as4837-border.20141220.pcap.gz");
	assert_int_equal(r.code, 0);
	split_lines(&l, r.out, r.outlen, "\r\n");
	assert_true(l.n > 1000);
	for (i = 0; i < l.n; i++) {
		char *f[MAX_FIELDS];
		size_t nf = split_fields(l.v[i], ',', f), c;

		if (i == 0) {
			for (c = 0; c < nf; c++) {
				if (strcmp(f[c], "bytes") == 0)
					col_bytes = c;
				if (strcmp(f[c], "packets") == 0)
					col_packets = c;
				if (strcmp(f[c], "sampling_rate") == 0)
					col_rate = c;
				if (strcmp(f[c], "start") == 0)
					col_start = c;
			}
			assert_true(col_bytes && col_packets && col_rate);
			continue;
		}
		assert_true(nf > col_rate);
		/* --from/--until keep flows active in the window: count
		 * those that start in it, as the flow signal bins them. */
		if (strncmp(f[col_start], "2014-12-20T13:2", 15) != 0 ||
		    f[col_start][15] > '4')
			continue;
		assert_string_equal(f[col_rate], "1000");
		bytes += strtod(f[col_bytes], NULL) * 1000;
		packets += strtod(f[col_packets], NULL) * 1000;
	}
	gbps = bytes * 8 / 300 / 1e9;
	mpps = packets / 300 / 1e6;
	assert_true(gbps >= 5.97 && gbps < 5.97 * 1.001);
	assert_true(mpps >= 1.70 && mpps < 1.70 * 1.001);
	lines_free(&l);
	run_free(&r);
	run_cwd = NULL;
}

/* Every ping towards the target during the blackout came back empty; the
 * day before, most came back. */
static void
test_blackout_in_the_probes(void **state)
{
	struct run r;
	struct lines l;
	size_t i, col_rcvd = 0, col_time = 0, during = 0, before = 0;
	size_t before_ok = 0;

	(void)state;
	run_cwd = sample_abs;
	run_dump(&r, NULL, "--format csv --from 2014-12-21T16:15Z "
	    "--until 2014-12-23T01:46Z atlas/*");
	assert_int_equal(r.code, 0);
	split_lines(&l, r.out, r.outlen, "\r\n");
	for (i = 0; i < l.n; i++) {
		char *f[MAX_FIELDS];
		size_t nf = split_fields(l.v[i], ',', f), c;

		if (i == 0) {
			for (c = 0; c < nf; c++) {
				if (strcmp(f[c], "received") == 0)
					col_rcvd = c;
				if (strcmp(f[c], "time") == 0)
					col_time = c;
			}
			assert_true(col_rcvd > 0);
			continue;
		}
		assert_true(nf > col_rcvd);
		if (strcmp(f[col_time], "2014-12-22T16:15") >= 0) {
			during++;
			assert_string_equal(f[col_rcvd], "0");
		} else {
			before++;
			before_ok += strcmp(f[col_rcvd], "0") != 0;
		}
	}
	/* 8 probes x 3 hosts, a result every 240 s. */
	assert_true(during > 3000);
	assert_true(before > 8000);
	assert_true(before_ok > before / 2);
	lines_free(&l);
	run_free(&r);
	run_cwd = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regenerates_identically),
		cmocka_unit_test(test_decodes_cleanly),
		cmocka_unit_test(test_blackout_in_the_routes),
		cmocka_unit_test(test_peak_in_the_flows),
		cmocka_unit_test(test_blackout_in_the_probes),
	};
	const char *env;
	char abs[PATH_MAX], *cmd;
	int failed;

	if ((env = getenv("LIGHTSOUT_BIN")) != NULL && *env != '\0')
		lightsout_bin = env;
	if ((env = getenv("LIGHTSOUT_NK_GEN")) != NULL && *env != '\0')
		nk_gen = env;
	if (strchr(lightsout_bin, '/') != NULL &&
	    realpath(lightsout_bin, abs) != NULL)
		lightsout_bin = xstrdup(abs);
	if (realpath(nk_gen, abs) != NULL)
		nk_gen = xstrdup(abs);
	if (realpath(SAMPLE, sample_abs) == NULL) {
		fprintf(stderr, "%s: %s (run from the repository root)\n",
		    SAMPLE, strerror(errno));
		return EXIT_FAILURE;
	}
	check_lightsout_bin();
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	cmd = xasprintf("rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	return failed;
}
