/*
 * test_bgp_replay.c -- one collector's MRT files as one stream
 * (analyzer/bgp_replay.c): the RIB first, then the update files merged
 * by time; boundary repeats applied once, repeats within a file kept;
 * lazy opening; damaged and missing files; and the diagnostics log they
 * report to (analyzer/diag_log.c).
 *
 * The files are written byte by byte (tests/mrt_archive_build.h) into a
 * temporary directory, and the archive that lists them is built by
 * hand, as archive_scan would have.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/bgp_replay.h"
#include "analyzer/diag_log.h"
#include "tests/mrt_archive_build.h"

#define T0		1419264000u	/* 2014-12-22T16:00:00Z */
#define CADENCE		900		/* RouteViews updates */
#define COLLECTOR	"route-views.test"

#define PEER_A		"192.0.2.1"
#define AS_A		64501u
#define PEER_B		"192.0.2.2"
#define AS_B		64502u

/* What the replay handed out, copied out of the decoder's storage. */
struct got_rec {
	enum bgp_replay_phase	phase;
	int64_t			time;
	uint32_t		usec;
	enum bgp_kind		kind;
	char			prefix[48];
	uint32_t		peer_as;
	uint32_t		path_id;
	uint32_t		community;
};

#define MAXGOT	64

struct got {
	struct got_rec	r[MAXGOT];
	int		n;
};

struct fx {
	struct test_archive	ta;
	struct diag_log		log;
	struct wbuf		b;
	struct got		got;
	struct bgp_replay	*replay;
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	test_archive_init(&f->ta);
	diag_log_init(&f->log);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	bgp_replay_close(f->replay);
	test_archive_remove(&f->ta);
	diag_log_free(&f->log);
	wbuf_free(&f->b);
	free(f);
	return 0;
}

static void
snap(struct got_rec *g, enum bgp_replay_phase phase,
    const struct bgp_record *rec)
{
	char addr[40];

	memset(g, 0, sizeof(*g));
	g->phase = phase;
	if (rec == NULL)
		return;
	g->time = rec->time;
	g->usec = rec->usec;
	g->kind = rec->kind;
	g->peer_as = rec->peer_as;
	g->path_id = rec->path_id;
	if (rec->kind == BGP_KIND_RIB || rec->kind == BGP_KIND_ANNOUNCE ||
	    rec->kind == BGP_KIND_WITHDRAW) {
		inet_ntop(rec->prefix.addr.afi == AFI_IPV4 ? AF_INET : AF_INET6,
		    rec->prefix.addr.bytes, addr, sizeof(addr));
		snprintf(g->prefix, sizeof(g->prefix), "%s/%u", addr,
		    rec->prefix.len);
	}
	if (rec->attrs != NULL && rec->attrs->ncommunities > 0)
		g->community = (uint32_t)rec->attrs->communities[0] << 24 |
		    (uint32_t)rec->attrs->communities[1] << 16 |
		    (uint32_t)rec->attrs->communities[2] << 8 |
		    rec->attrs->communities[3];
}

/* Replay the collector to its end, keeping every phase and record. */
static void
replay_all(struct fx *f)
{
	const struct bgp_record *rec;
	enum bgp_replay_phase phase;

	f->replay = bgp_replay_open(&f->ta.a, COLLECTOR, &f->log);
	assert_non_null(f->replay);
	f->got.n = 0;
	do {
		phase = bgp_replay_next(f->replay, &rec);
		assert_true(f->got.n < MAXGOT);
		snap(&f->got.r[f->got.n++], phase, rec);
	} while (phase != REPLAY_END);
	/* The end stays the end. */
	assert_int_equal(bgp_replay_next(f->replay, &rec), REPLAY_END);
	assert_null(rec);
}

/* Write the buffer as a file of the archive, and empty it. */
static struct archive_file *
add_file(struct fx *f, const char *name, enum archive_kind kind,
    int64_t time)
{
	struct archive_file *af = test_archive_add(&f->ta, name, COLLECTOR,
	    kind, time, kind == ARCHIVE_KIND_RIB ? 7200 : CADENCE, &f->b);

	wbuf_reset(&f->b);
	return af;
}

static void
announce(struct wbuf *b, uint32_t time, const char *peer, uint32_t as,
    const char *prefix, uint32_t community)
{
	struct update_spec u = {
		.time = time, .peer = peer, .peer_as = as,
		.announce = prefix, .path = { as, 4837, 131279 },
		.community = community,
	};

	u.path[0] = as;
	put_update(b, &u);
}

static void
withdraw(struct wbuf *b, uint32_t time, const char *peer, uint32_t as,
    const char *prefix)
{
	struct update_spec u = {
		.time = time, .peer = peer, .peer_as = as, .withdraw = prefix,
	};

	put_update(b, &u);
}

/* The records of phase REPLAY_UPDATES, by index among them. */
static const struct got_rec *
nth_update(const struct fx *f, int i)
{
	int k;

	for (k = 0; k < f->got.n; k++)
		if (f->got.r[k].phase == REPLAY_UPDATES && i-- == 0)
			return &f->got.r[k];
	fail_msg("no update record %d", i);
	return &f->got.r[0];
}

static int
count_updates(const struct fx *f)
{
	int k, n = 0;

	for (k = 0; k < f->got.n; k++)
		n += f->got.r[k].phase == REPLAY_UPDATES;
	return n;
}

/* ------------------------------------------------------------------ */
/* Phases                                                              */

static void
test_rib_then_updates(void **state)
{
	struct fx *f = *state;
	static const struct table_peer peers[] = {
		{ PEER_A, AS_A }, { PEER_B, AS_B },
	};
	static const struct table_entry both[] = {
		{ 0, 0, { AS_A, 4837, 131279 } },
		{ 1, 0, { AS_B, 131279 } },
	};
	const struct bgp_replay_file *files;
	size_t n;
	int k;

	put_peer_table(&f->b, T0 - 3600, peers, 2);
	put_rib_prefix(&f->b, T0 - 3600, 0, false, "175.45.176.0/24", both, 2);
	put_rib_prefix(&f->b, T0 - 3600, 1, false, "175.45.177.0/24", both, 1);
	add_file(f, "rib.20141222.1500", ARCHIVE_KIND_RIB, T0 - 3600);
	announce(&f->b, T0 + 10, PEER_A, AS_A, "175.45.178.0/24", 0);
	withdraw(&f->b, T0 + 20, PEER_B, AS_B, "175.45.176.0/24");
	put_state_change(&f->b, T0 + 30, PEER_B, AS_B, 6, 1);
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	/* Another collector's file and an unselected one: never read. */
	test_archive_add(&f->ta, "other", "rrc00", ARCHIVE_KIND_UPDATES, T0,
	    300, NULL);
	test_archive_add(&f->ta, "updates.20141222.1615", COLLECTOR,
	    ARCHIVE_KIND_UPDATES, T0 + 900, CADENCE, NULL)->selected = false;

	replay_all(f);
	assert_int_equal(f->got.n, 3 + 1 + 3 + 1);
	for (k = 0; k < 3; k++) {
		assert_int_equal(f->got.r[k].phase, REPLAY_RIB);
		assert_int_equal(f->got.r[k].kind, BGP_KIND_RIB);
	}
	assert_string_equal(f->got.r[0].prefix, "175.45.176.0/24");
	assert_int_equal(f->got.r[0].peer_as, AS_A);
	assert_int_equal(f->got.r[1].peer_as, AS_B);
	assert_string_equal(f->got.r[2].prefix, "175.45.177.0/24");
	assert_int_equal(f->got.r[3].phase, REPLAY_RIB_DONE);
	assert_int_equal(f->got.r[4].kind, BGP_KIND_ANNOUNCE);
	assert_int_equal(f->got.r[5].kind, BGP_KIND_WITHDRAW);
	assert_int_equal(f->got.r[6].kind, BGP_KIND_STATE);
	assert_int_equal(f->got.r[7].phase, REPLAY_END);

	files = bgp_replay_files(f->replay, &n);
	assert_int_equal(n, 2);
	assert_string_equal(files[0].file->path, f->ta.paths[0]);
	assert_true(files[0].opened && !files[0].failed && !files[0].damaged);
	assert_int_equal(files[0].first_time, T0 - 3600);
	assert_int_equal(files[0].stats.records, 3);
	assert_int_equal(files[0].stats.items, 3);
	assert_int_equal(files[1].first_time, T0 + 10);
	assert_int_equal(files[1].last_time, T0 + 30);
	assert_int_equal(files[1].stats.items, 3);
	assert_int_equal(files[1].duplicates, 0);
	assert_int_equal(f->log.n, 0);
	assert_int_equal(f->log.errors, 0);
}

static void
test_no_rib(void **state)
{
	struct fx *f = *state;

	announce(&f->b, T0 + 10, PEER_A, AS_A, "175.45.178.0/24", 0);
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	replay_all(f);
	assert_int_equal(f->got.n, 3);
	assert_int_equal(f->got.r[0].phase, REPLAY_RIB_DONE);
	assert_int_equal(f->got.r[1].phase, REPLAY_UPDATES);
	assert_int_equal(f->got.r[2].phase, REPLAY_END);
}

/* ------------------------------------------------------------------ */
/* Boundaries                                                          */

/*
 * The 16:00 file ends with the records of 16:15:00 that the 16:15 file
 * begins with: each is applied once, and counted against the later file.
 * The same prefix from another peer, or with other attributes, is
 * another message.
 */
static void
test_boundary_repeats(void **state)
{
	struct fx *f = *state;
	const struct bgp_replay_file *files;
	size_t n;

	announce(&f->b, T0 + 899, PEER_A, AS_A, "10.0.0.0/24", 0);
	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.1.0/24", 0);
	withdraw(&f->b, T0 + 900, PEER_A, AS_A, "10.0.2.0/24");
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.1.0/24", 0);
	withdraw(&f->b, T0 + 900, PEER_A, AS_A, "10.0.2.0/24");
	announce(&f->b, T0 + 900, PEER_B, AS_B, "10.0.1.0/24", 0);
	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.1.0/24", 65000);
	announce(&f->b, T0 + 901, PEER_A, AS_A, "10.0.3.0/24", 0);
	add_file(f, "updates.20141222.1615", ARCHIVE_KIND_UPDATES, T0 + 900);

	replay_all(f);
	assert_int_equal(count_updates(f), 6);
	assert_string_equal(nth_update(f, 0)->prefix, "10.0.0.0/24");
	assert_string_equal(nth_update(f, 1)->prefix, "10.0.1.0/24");
	assert_string_equal(nth_update(f, 2)->prefix, "10.0.2.0/24");
	assert_int_equal(nth_update(f, 2)->kind, BGP_KIND_WITHDRAW);
	assert_int_equal(nth_update(f, 3)->peer_as, AS_B);
	assert_int_equal(nth_update(f, 4)->community, 65000);
	assert_string_equal(nth_update(f, 5)->prefix, "10.0.3.0/24");

	files = bgp_replay_files(f->replay, &n);
	assert_int_equal(n, 2);
	assert_int_equal(files[0].duplicates, 0);
	assert_int_equal(files[1].duplicates, 2);
	assert_int_equal(files[1].stats.items, 5);
}

/*
 * A peer may send the same UPDATE twice: both copies in one file are
 * applied.  The later file's copies count against the earlier file's:
 * one copy there cancels one here, a third copy is new.
 */
static void
test_repeats_within_file(void **state)
{
	struct fx *f = *state;
	const struct bgp_replay_file *files;
	size_t n;
	int k, x = 0, y = 0;

	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.1.0/24", 0);	/* X */
	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.1.0/24", 0);	/* X */
	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.2.0/24", 0);	/* Y */
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.1.0/24", 0);	/* X */
	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.2.0/24", 0);	/* Y */
	announce(&f->b, T0 + 900, PEER_A, AS_A, "10.0.2.0/24", 0);	/* Y */
	add_file(f, "updates.20141222.1615", ARCHIVE_KIND_UPDATES, T0 + 900);

	replay_all(f);
	for (k = 0; k < count_updates(f); k++) {
		x += strcmp(nth_update(f, k)->prefix, "10.0.1.0/24") == 0;
		y += strcmp(nth_update(f, k)->prefix, "10.0.2.0/24") == 0;
	}
	assert_int_equal(x, 2);
	assert_int_equal(y, 2);
	files = bgp_replay_files(f->replay, &n);
	assert_int_equal(files[0].duplicates, 0);
	assert_int_equal(files[1].duplicates, 2);
}

/* RFC 7911: the same prefix under two path ids is two routes. */
static void
test_boundary_addpath(void **state)
{
	struct fx *f = *state;
	const struct bgp_replay_file *files;
	struct update_spec u = {
		.time = T0 + 900, .peer = PEER_A, .peer_as = AS_A,
		.addpath = true, .announce = "10.0.1.0/24", .announce_id = 1,
		.path = { AS_A, 131279 },
	};
	size_t n;

	put_update(&f->b, &u);
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	put_update(&f->b, &u);
	u.announce_id = 2;
	put_update(&f->b, &u);
	u.announce = NULL;
	u.withdraw = "10.0.1.0/24";
	u.withdraw_id = 1;
	put_update(&f->b, &u);
	add_file(f, "updates.20141222.1615", ARCHIVE_KIND_UPDATES, T0 + 900);

	replay_all(f);
	assert_int_equal(count_updates(f), 3);
	assert_int_equal(nth_update(f, 0)->path_id, 1);
	assert_int_equal(nth_update(f, 1)->path_id, 2);
	assert_int_equal(nth_update(f, 2)->kind, BGP_KIND_WITHDRAW);
	assert_int_equal(nth_update(f, 2)->path_id, 1);
	files = bgp_replay_files(f->replay, &n);
	assert_int_equal(files[1].duplicates, 1);
}

/*
 * Far from a boundary, files are not compared at all: two files that
 * both hold a record in the middle of one of them (a badly cut archive)
 * give it twice.  This pins the documented scope of the dedup.
 */
static void
test_repeats_only_at_boundaries(void **state)
{
	struct fx *f = *state;

	announce(&f->b, T0 + 450, PEER_A, AS_A, "10.0.1.0/24", 0);
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	announce(&f->b, T0 + 450, PEER_A, AS_A, "10.0.1.0/24", 0);
	add_file(f, "updates.20141222.1615", ARCHIVE_KIND_UPDATES, T0 + 900);
	replay_all(f);
	assert_int_equal(count_updates(f), 2);
}

/* ------------------------------------------------------------------ */
/* Order                                                               */

/*
 * Timestamps that run backwards across files are merged into time
 * order; within a file, the file's order is kept even when it runs
 * backwards.  Equal times go to the earlier file.
 */
static void
test_out_of_order_files(void **state)
{
	struct fx *f = *state;
	static const int64_t want[] = {
		T0 + 100, T0 + 50, T0 + 905, T0 + 950, T0 + 950, T0 + 960,
	};
	static const char *const want_prefix[] = {
		"10.0.0.0/24", "10.0.1.0/24", "10.1.0.0/24", "10.0.2.0/24",
		"10.1.1.0/24", "10.1.2.0/24",
	};
	int k;

	announce(&f->b, T0 + 100, PEER_A, AS_A, "10.0.0.0/24", 0);
	announce(&f->b, T0 + 50, PEER_A, AS_A, "10.0.1.0/24", 0);
	announce(&f->b, T0 + 950, PEER_A, AS_A, "10.0.2.0/24", 0);
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	announce(&f->b, T0 + 905, PEER_B, AS_B, "10.1.0.0/24", 0);
	announce(&f->b, T0 + 950, PEER_B, AS_B, "10.1.1.0/24", 0);
	announce(&f->b, T0 + 960, PEER_B, AS_B, "10.1.2.0/24", 0);
	add_file(f, "updates.20141222.1615", ARCHIVE_KIND_UPDATES, T0 + 900);

	replay_all(f);
	assert_int_equal(count_updates(f), 6);
	for (k = 0; k < 6; k++) {
		assert_int_equal(nth_update(f, k)->time, want[k]);
		assert_string_equal(nth_update(f, k)->prefix, want_prefix[k]);
	}
}

/* RFC 6396 3: microseconds order records of the same second. */
static void
test_microseconds(void **state)
{
	struct fx *f = *state;
	struct update_spec u = {
		.time = T0 + 900, .et = true, .usec = 500000, .peer = PEER_A,
		.peer_as = AS_A, .announce = "10.0.0.0/24",
		.path = { AS_A, 131279 },
	};

	put_update(&f->b, &u);
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	u.usec = 200000;
	u.announce = "10.0.1.0/24";
	put_update(&f->b, &u);
	u.usec = 500000;
	u.announce = "10.0.2.0/24";
	put_update(&f->b, &u);
	add_file(f, "updates.20141222.1615", ARCHIVE_KIND_UPDATES, T0 + 900);

	replay_all(f);
	assert_int_equal(count_updates(f), 3);
	assert_string_equal(nth_update(f, 0)->prefix, "10.0.1.0/24");
	assert_int_equal(nth_update(f, 0)->usec, 200000);
	/* A tie to the microsecond goes to the earlier file. */
	assert_string_equal(nth_update(f, 1)->prefix, "10.0.0.0/24");
	assert_string_equal(nth_update(f, 2)->prefix, "10.0.2.0/24");
}

/*
 * Files are opened when the merge comes within a cadence of their named
 * time: reading the first hour does not open the files of later hours.
 */
static void
test_lazy_open(void **state)
{
	struct fx *f = *state;
	const struct bgp_replay_file *files;
	const struct bgp_record *rec;
	char name[64];
	size_t n;
	int k;

	for (k = 0; k < 6; k++) {
		announce(&f->b, T0 + (uint32_t)k * CADENCE + 10, PEER_A, AS_A,
		    "10.0.0.0/24", (uint32_t)k);
		snprintf(name, sizeof(name), "updates.%d", k);
		add_file(f, name, ARCHIVE_KIND_UPDATES,
		    T0 + (int64_t)k * CADENCE);
	}
	f->replay = bgp_replay_open(&f->ta.a, COLLECTOR, &f->log);
	assert_non_null(f->replay);
	assert_int_equal(bgp_replay_next(f->replay, &rec), REPLAY_RIB_DONE);
	files = bgp_replay_files(f->replay, &n);
	assert_int_equal(n, 6);
	for (k = 0; k < 6; k++)
		assert_false(files[k].opened);

	assert_int_equal(bgp_replay_next(f->replay, &rec), REPLAY_UPDATES);
	assert_int_equal(rec->time, T0 + 10);
	assert_true(files[0].opened);
	assert_true(files[1].opened);	/* named within a cadence */
	for (k = 2; k < 6; k++)
		assert_false(files[k].opened);

	assert_int_equal(bgp_replay_next(f->replay, &rec), REPLAY_UPDATES);
	assert_int_equal(rec->time, T0 + CADENCE + 10);
	assert_true(files[2].opened);
	assert_false(files[3].opened);
	for (k = 2; k < 6; k++)
		assert_int_equal(bgp_replay_next(f->replay, &rec),
		    REPLAY_UPDATES);
	assert_int_equal(bgp_replay_next(f->replay, &rec), REPLAY_END);
	for (k = 0; k < 6; k++) {
		assert_true(files[k].opened);
		assert_int_equal(files[k].stats.items, 1);
	}
}

/* ------------------------------------------------------------------ */
/* Damage                                                              */

/*
 * A file that is missing is reported and the replay goes on; a record
 * cut short at the end of a file loses its bytes; a malformed record in
 * the middle loses its own bytes and decoding resumes after it.
 */
static void
test_missing_and_damaged(void **state)
{
	struct fx *f = *state;
	const struct bgp_replay_file *files;
	size_t n, start, cut, bad_start, bad_len, tail;

	test_archive_add(&f->ta, "updates.20141222.1545", COLLECTOR,
	    ARCHIVE_KIND_UPDATES, T0 - 900, CADENCE, NULL);

	announce(&f->b, T0 + 10, PEER_A, AS_A, "10.0.0.0/24", 0);
	bad_start = f->b.len;
	announce(&f->b, T0 + 20, PEER_A, AS_A, "10.0.1.0/24", 0);
	bad_len = f->b.len - bad_start;
	/* Break its BGP marker: the record is skipped whole. */
	f->b.data[bad_start + 12 + 20] = 0;
	announce(&f->b, T0 + 30, PEER_A, AS_A, "10.0.2.0/24", 0);
	start = f->b.len;
	announce(&f->b, T0 + 40, PEER_A, AS_A, "10.0.3.0/24", 0);
	cut = (f->b.len - start) / 2;
	f->b.len -= cut;
	tail = f->b.len - start;
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);

	replay_all(f);
	assert_int_equal(count_updates(f), 2);
	assert_string_equal(nth_update(f, 0)->prefix, "10.0.0.0/24");
	assert_string_equal(nth_update(f, 1)->prefix, "10.0.2.0/24");

	files = bgp_replay_files(f->replay, &n);
	assert_int_equal(n, 2);
	assert_true(files[0].opened);
	assert_true(files[0].failed);
	assert_false(files[1].failed);
	assert_true(files[1].damaged);
	assert_int_equal(files[1].bytes_lost, bad_len + tail);
	assert_int_equal(files[1].stats.skipped[SKIP_BAD_MARKER], 1);
	assert_int_equal(files[1].stats.skipped[SKIP_TRUNCATED], 1);

	assert_int_equal(f->log.n, 3);
	assert_int_equal(f->log.errors, 3);
	assert_non_null(strstr(f->log.lines[0], "updates.20141222.1545"));
	assert_non_null(strstr(f->log.lines[0], "No such file"));
	assert_non_null(strstr(f->log.lines[1], "bad BGP marker"));
	assert_non_null(strstr(f->log.lines[2], "truncated record"));
}

/* A file with nothing decodable at all failed. */
static void
test_undecodable_file(void **state)
{
	struct fx *f = *state;
	const struct bgp_replay_file *files;
	size_t n;

	put_fill(&f->b, 0xee, 100);
	add_file(f, "updates.20141222.1600", ARCHIVE_KIND_UPDATES, T0);
	replay_all(f);
	files = bgp_replay_files(f->replay, &n);
	assert_true(files[0].damaged);
	assert_true(files[0].failed);
	assert_int_equal(files[0].bytes_lost, 100);
	assert_int_equal(count_updates(f), 0);
}

/* ------------------------------------------------------------------ */
/* The diagnostics log                                                 */

static void
test_diag_log(void **state)
{
	struct diag_log a, b;
	struct decode_error e = {
		.file = "updates.bz2", .offset = 188, .record_no = 5,
		.reason = SKIP_MALFORMED,
	};
	static char buf[65536];
	FILE *fp;
	size_t len;
	int k;

	(void)state;
	diag_log_init(&a);
	diag_log_init(&b);
	snprintf(e.detail, sizeof(e.detail), "withdrawn routes overrun");
	diag_log_error(&a, &e);
	e.reason = SKIP_UNSUPPORTED_AFI;	/* a note, not an error */
	snprintf(e.detail, sizeof(e.detail), "AFI 25");
	diag_log_error(&a, &e);
	diag_log_printf(&b, 1, "%s: %s", "rib.bz2", "No such file");
	diag_log_printf(&b, 0, "a note %d", 7);
	assert_int_equal(a.errors, 1);
	assert_int_equal(b.errors, 1);

	diag_log_move(&a, &b);
	assert_int_equal(b.n, 0);
	assert_null(b.lines);
	assert_int_equal(a.n, 4);
	assert_int_equal(a.errors, 2);
	assert_string_equal(a.lines[0], "updates.bz2: offset 188, record 5: "
	    "malformed record: withdrawn routes overrun");
	assert_string_equal(a.lines[3], "a note 7");

	fp = tmpfile();
	assert_non_null(fp);
	diag_log_flush(&a, fp);
	assert_int_equal(a.n, 0);
	assert_int_equal(a.errors, 2);	/* kept for the exit status */
	rewind(fp);
	len = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[len] = '\0';
	fclose(fp);
	assert_string_equal(buf,
	    "lightsout: updates.bz2: offset 188, record 5: malformed record: "
	    "withdrawn routes overrun\n"
	    "lightsout: updates.bz2: offset 188, record 5: unsupported "
	    "AFI/SAFI: AFI 25\n"
	    "lightsout: rib.bz2: No such file\n"
	    "lightsout: a note 7\n");

	/* Past the limit, lines are counted, not kept. */
	for (k = 0; k < DIAG_LOG_MAX_LINES + 5; k++)
		diag_log_printf(&a, 1, "line %d", k);
	assert_int_equal(a.n, DIAG_LOG_MAX_LINES);
	assert_int_equal(a.dropped, 5);
	assert_string_equal(a.lines[DIAG_LOG_MAX_LINES - 1], "line 999");
	diag_log_move(&b, &a);
	assert_int_equal(b.dropped, 5);
	diag_log_printf(&b, 0, "one more");
	assert_int_equal(b.dropped, 6);
	fp = tmpfile();
	assert_non_null(fp);
	diag_log_flush(&b, fp);
	rewind(fp);
	len = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[len] = '\0';
	fclose(fp);
	assert_non_null(strstr(buf, "lightsout: 6 more messages not shown\n"));
	diag_log_free(&a);
	diag_log_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rib_then_updates,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_rib, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_boundary_repeats,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_repeats_within_file,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_boundary_addpath,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_repeats_only_at_boundaries,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_files,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_microseconds,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_lazy_open, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_damaged,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_undecodable_file,
		    fx_setup, fx_teardown),
		cmocka_unit_test(test_diag_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
