/*
 * test_bgp_signal.c -- what collectors saw of the target, bin by bin
 * (analyzer/bgp_signal.c): route state from a RIB and updates, full-feed
 * peers, peers whose session goes down, collector gaps, ADD-PATH,
 * upstream changes, /24 equivalents, merging, and a collector replayed
 * from MRT files end to end.
 *
 * Records are built by hand as the MRT decoder would yield them; the
 * end-to-end test writes MRT files (tests/mrt_archive_build.h).  The
 * grid is an hour of 5-minute bins from T0; the full-feed thresholds
 * are lowered to 3 IPv4 and 1 IPv6 prefixes so that a "full table" is
 * four routes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/bgp_signal.h"
#include "analyzer/filter.h"
#include "tests/mrt_archive_build.h"

#define T0		1419264000	/* 2014-12-22T16:00:00Z */
#define WIDTH		300
#define NBINS		12

#define AS_NK		131279u		/* Star Joint Venture, Pyongyang */
#define AS_UNICOM	4837u
#define AS_RT		20485u		/* TransTelecom */

struct peer {
	const char	*ip;
	uint32_t	 as;
	uint16_t	 index;		/* in the RIB's peer table */
};

static const struct peer A = { "192.0.2.1", 64501, 0 };
static const struct peer B = { "192.0.2.2", 64502, 1 };
static const struct peer C = { "192.0.2.3", 64503, 2 };
static const struct peer D = { "192.0.2.4", 64504, 3 };
static const struct peer E = { "192.0.2.5", 64505, 4 };
static const struct peer V6 = { "2001:db8:ffff::1", 64506, 5 };
static const struct peer V6B = { "2001:db8:ffff::2", 64507, 6 };
static const struct peer NK = { "192.0.2.9", AS_NK, 7 };

struct fx {
	struct bin_grid		 grid;
	struct target		 target;
	struct ip_prefix	 prefixes[2];
	uint32_t		 asns[1];
	struct event_tuning	 tuning;
	struct bgp_signal	*s;
};

static char	errbuf[256];

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL || !bin_grid_init(&f->grid, T0, T0 + NBINS * WIDTH,
	    WIDTH))
		return -1;
	/* The target: North Korea's /22, a documentation /32, AS131279. */
	if (parse_prefix("175.45.176.0/22", &f->prefixes[0], errbuf,
	    sizeof(errbuf)) == -1 || parse_prefix("2001:db8::/32",
	    &f->prefixes[1], errbuf, sizeof(errbuf)) == -1)
		return -1;
	f->asns[0] = AS_NK;
	f->target.prefixes = f->prefixes;
	f->target.nprefixes = 2;
	f->target.asns = f->asns;
	f->target.nasns = 1;
	f->tuning.full_feed_v4 = 3;
	f->tuning.full_feed_v6 = 1;
	f->tuning.visible_share = 0.5;
	f->s = bgp_signal_new(&f->grid, &f->target, &f->tuning);
	if (f->s == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	bgp_signal_free(f->s);
	free(f);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Records as the decoder yields them                                  */

struct rec_buf {
	struct bgp_record	rec;
	struct bgp_attrs	attrs;
	struct as_segment	seg;
	uint32_t		asns[16];
};

static void
rec_init(struct rec_buf *b, enum bgp_kind kind, int64_t t,
    const struct peer *p)
{
	memset(b, 0, sizeof(*b));
	b->rec.kind = kind;
	b->rec.time = t;
	if (!ip_addr_parse(p->ip, &b->rec.peer_addr))
		fail_msg("test address %s", p->ip);
	b->rec.peer_as = p->as;
	b->rec.peer_index = p->index;
}

/* A route; path is 0-terminated (NULL: no attributes, a withdrawal). */
static const struct bgp_record *
route(struct rec_buf *b, enum bgp_kind kind, int64_t t, const struct peer *p,
    const char *prefix, uint32_t path_id, const uint32_t *path)
{
	uint8_t n = 0;

	rec_init(b, kind, t, p);
	if (parse_prefix(prefix, &b->rec.prefix, errbuf, sizeof(errbuf)) == -1)
		fail_msg("test prefix %s: %s", prefix, errbuf);
	b->rec.wire_prefix = b->rec.prefix;
	b->rec.afi = b->rec.prefix.addr.afi;
	b->rec.safi = SAFI_UNICAST;
	b->rec.has_path_id = path_id != 0;
	b->rec.path_id = path_id;
	if (path == NULL)
		return &b->rec;
	while (path[n] != 0)
		b->asns[n] = path[n], n++;
	b->seg.type = AS_SEQUENCE;
	b->seg.count = n;
	b->attrs.present = ATTR_BIT(ATTR_ORIGIN) | ATTR_BIT(ATTR_AS_PATH);
	b->attrs.as_path.segs = &b->seg;
	b->attrs.as_path.nsegs = 1;
	b->attrs.as_path.asns = b->asns;
	b->attrs.as_path.nasns = n;
	b->rec.attrs = &b->attrs;
	return &b->rec;
}

static void
rib(struct fx *f, const struct peer *p, const char *prefix, uint32_t path_id,
    const uint32_t *path)
{
	struct rec_buf b;

	route(&b, BGP_KIND_RIB, T0 - 3600, p, prefix, path_id, path);
	assert_int_equal(bgp_signal_rib(f->s, &b.rec), 0);
}

/* n untracked prefixes for p, so that it reaches a full-feed table. */
static void
rib_fill(struct fx *f, const struct peer *p, int n)
{
	char prefix[32];
	int k;

	for (k = 0; k < n; k++) {
		snprintf(prefix, sizeof(prefix), "10.%d.%d.0/24", k, p->index);
		rib(f, p, prefix, 0, (const uint32_t[]){ p->as, 3356, 0 });
	}
}

static void
ann(struct fx *f, int64_t t, const struct peer *p, const char *prefix,
    const uint32_t *path)
{
	struct rec_buf b;

	route(&b, BGP_KIND_ANNOUNCE, t, p, prefix, 0, path);
	assert_int_equal(bgp_signal_update(f->s, &b.rec), 0);
}

static void
ann_id(struct fx *f, int64_t t, const struct peer *p, const char *prefix,
    uint32_t path_id, const uint32_t *path)
{
	struct rec_buf b;

	route(&b, BGP_KIND_ANNOUNCE, t, p, prefix, path_id, path);
	assert_int_equal(bgp_signal_update(f->s, &b.rec), 0);
}

static void
wd(struct fx *f, int64_t t, const struct peer *p, const char *prefix,
    uint32_t path_id)
{
	struct rec_buf b;

	route(&b, BGP_KIND_WITHDRAW, t, p, prefix, path_id, NULL);
	assert_int_equal(bgp_signal_update(f->s, &b.rec), 0);
}

static void
session(struct fx *f, int64_t t, const struct peer *p, uint16_t from,
    uint16_t to)
{
	struct rec_buf b;

	rec_init(&b, BGP_KIND_STATE, t, p);
	b.rec.old_state = from;
	b.rec.new_state = to;
	assert_int_equal(bgp_signal_update(f->s, &b.rec), 0);
}

/* RFC 4724 2: End-of-RIB. */
static void
end_of_rib(struct fx *f, int64_t t, const struct peer *p)
{
	struct rec_buf b;

	rec_init(&b, BGP_KIND_MESSAGE, t, p);
	b.rec.msg_type = BGP_MSG_END_OF_RIB;
	b.rec.afi = AFI_IPV4;
	b.rec.safi = SAFI_UNICAST;
	assert_int_equal(bgp_signal_update(f->s, &b.rec), 0);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */

struct row_copy {
	char	metric[32];
	char	scope[48];
	bool	known;
	double	value;
	bool	has_text;
	char	text[128];
};

struct rows {
	uint32_t	bin;
	struct row_copy	r[512];
	int		n;
};

static void
collect(const struct series_row *row, void *arg)
{
	struct rows *rows = arg;
	struct row_copy *c;

	assert_int_equal(row->bin, rows->bin);
	assert_string_equal(row->signal, "bgp");
	assert_true(rows->n < 512);
	c = &rows->r[rows->n++];
	snprintf(c->metric, sizeof(c->metric), "%s", row->metric);
	snprintf(c->scope, sizeof(c->scope), "%s", row->scope);
	c->known = row->known;
	c->value = row->value;
	c->has_text = row->text != NULL;
	if (row->text != NULL)
		snprintf(c->text, sizeof(c->text), "%s", row->text);
	/* Unknown rows carry no value. */
	if (!row->known)
		assert_true(row->value == 0 && row->text == NULL);
}

static void
get_rows(const struct bgp_signal *s, uint32_t bin, struct rows *rows)
{
	rows->bin = bin;
	rows->n = 0;
	bgp_signal_rows(s, bin, collect, rows);
}

static const struct row_copy *
find_row(const struct bgp_signal *s, uint32_t bin, const char *metric,
    const char *scope)
{
	static struct rows rows;
	int k;

	get_rows(s, bin, &rows);
	for (k = 0; k < rows.n; k++)
		if (strcmp(rows.r[k].metric, metric) == 0 &&
		    strcmp(rows.r[k].scope, scope) == 0)
			return &rows.r[k];
	fail_msg("bin %u: no row %s %s", bin, metric, scope);
	return &rows.r[0];
}

/* The value of a known row. */
static double
val(const struct fx *f, uint32_t bin, const char *metric, const char *scope)
{
	const struct row_copy *r = find_row(f->s, bin, metric, scope);

	if (!r->known)
		fail_msg("bin %u: %s %s is unknown", bin, metric, scope);
	return r->value;
}

static bool
known(const struct fx *f, uint32_t bin, const char *metric,
    const char *scope)
{
	return find_row(f->s, bin, metric, scope)->known;
}

static const char *
text(const struct fx *f, uint32_t bin, const char *metric)
{
	const struct row_copy *r = find_row(f->s, bin, metric, "target");

	if (!r->known || !r->has_text)
		fail_msg("bin %u: %s has no text", bin, metric);
	return r->text;
}

/* A row a test expects: known with its value, or unknown. */
struct expect {
	uint32_t	 bin;
	const char	*metric;
	const char	*scope;
	bool		 known;
	double		 value;
};

static void
expect_rows(const struct fx *f, const struct expect *e, size_t n)
{
	const struct row_copy *r;
	size_t k;

	for (k = 0; k < n; k++) {
		r = find_row(f->s, e[k].bin, e[k].metric, e[k].scope);
		if (r->known != e[k].known || r->value != e[k].value)
			fail_msg("bin %u: %s %s is %s %g, expected %s %g",
			    e[k].bin, e[k].metric, e[k].scope,
			    r->known ? "known" : "unknown", r->value,
			    e[k].known ? "known" : "unknown", e[k].value);
	}
}

/* Every row of every bin the same, in the same order. */
static void
assert_same_rows(const struct bgp_signal *x, const struct bgp_signal *y)
{
	static struct rows rx, ry;
	uint32_t bin;
	int k;

	for (bin = 0; bin < NBINS; bin++) {
		get_rows(x, bin, &rx);
		get_rows(y, bin, &ry);
		assert_int_equal(rx.n, ry.n);
		for (k = 0; k < rx.n; k++) {
			assert_string_equal(rx.r[k].metric, ry.r[k].metric);
			assert_string_equal(rx.r[k].scope, ry.r[k].scope);
			assert_int_equal(rx.r[k].known, ry.r[k].known);
			assert_true(rx.r[k].value == ry.r[k].value);
			assert_int_equal(rx.r[k].has_text, ry.r[k].has_text);
			assert_string_equal(rx.r[k].text, ry.r[k].text);
		}
	}
}

/* Full-feed peers A, B, C and a partial peer D, all routing the /24. */
static void
rib_four_peers(struct fx *f)
{
	rib_fill(f, &A, 4);
	rib_fill(f, &B, 4);
	rib_fill(f, &C, 4);
	rib_fill(f, &D, 2);
	rib(f, &A, "175.45.176.0/24", 0,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	rib(f, &B, "175.45.176.0/24", 0,
	    (const uint32_t[]){ B.as, AS_UNICOM, AS_NK, 0 });
	rib(f, &C, "175.45.176.0/24", 0,
	    (const uint32_t[]){ C.as, AS_UNICOM, AS_NK, 0 });
	rib(f, &D, "175.45.176.0/24", 0,
	    (const uint32_t[]){ D.as, AS_UNICOM, AS_NK, 0 });
}

/* ------------------------------------------------------------------ */
/* Route state                                                         */

static const struct expect rib_then_updates_rows[] = {
	/* Bin 0: the RIB's state. */
	{ 0, "peers_with_route", "175.45.176.0/24", true, 4 },
	{ 0, "full_feed_known", "175.45.176.0/24", true, 3 },
	{ 0, "full_feed_with_route", "175.45.176.0/24", true, 3 },
	{ 0, "visible", "175.45.176.0/24", true, 1 },
	{ 0, "full_feed_with_route", "175.45.177.0/24", true, 2 },
	{ 0, "visible", "175.45.177.0/24", true, 1 },
	/* The /22 itself is routed by nobody: known, not visible. */
	{ 0, "peers_with_route", "175.45.176.0/22", true, 0 },
	{ 0, "visible", "175.45.176.0/22", true, 0 },
	/* No full-feed IPv6 peer: the IPv6 prefix is unknown. */
	{ 0, "visible", "2001:db8::/32", false, 0 },
	{ 0, "visible_ipv6_prefixes", "target", false, 0 },
	{ 0, "visible_prefixes", "target", true, 2 },
	{ 0, "visible_slash24", "target", true, 2 },
	{ 0, "announcements", "target", true, 0 },
	{ 0, "withdrawals", "target", true, 0 },
	{ 0, "first_withdrawal", "target", false, 0 },
	{ 0, "collectors_known", "target", true, 1 },
	{ 0, "full_feed_peers", "target", true, 3 },
	/* A prefix found later has rows in every bin. */
	{ 0, "peers_with_route", "203.0.113.0/24", true, 0 },
	/* Bin 1: one full-feed peer of three left: not visible. */
	{ 1, "peers_with_route", "175.45.176.0/24", true, 2 },
	{ 1, "full_feed_with_route", "175.45.176.0/24", true, 1 },
	{ 1, "visible", "175.45.176.0/24", true, 0 },
	{ 1, "visible_prefixes", "target", true, 1 },
	{ 1, "visible_slash24", "target", true, 1 },
	{ 1, "withdrawals", "target", true, 2 },
	{ 1, "first_withdrawal", "target", true, T0 + 310 },
	{ 1, "last_withdrawal", "target", true, T0 + 320 },
	/* Bin 2. */
	{ 2, "announcements", "target", true, 4 },
	{ 2, "duplicate_announcements", "target", true, 1 },
	{ 2, "path_changes", "target", true, 1 },
	{ 2, "withdrawals", "target", true, 1 },
	{ 2, "first_withdrawal", "target", true, T0 + 730 },
	{ 2, "peers_with_route", "175.45.176.0/24", true, 3 },
	{ 2, "full_feed_with_route", "175.45.176.0/24", true, 2 },
	{ 2, "visible", "175.45.176.0/24", true, 1 },
	{ 2, "peers_with_route", "203.0.113.0/24", true, 1 },
	{ 2, "visible", "203.0.113.0/24", true, 0 },
	/* The state holds to the end of the window. */
	{ 11, "peers_with_route", "175.45.176.0/24", true, 3 },
	{ 11, "announcements", "target", true, 0 },
};

static void
test_rib_then_updates(void **state)
{
	struct fx *f = *state;
	static const char *const order[] = {
		"175.45.176.0/22", "175.45.176.0/24", "175.45.177.0/24",
		"203.0.113.0/24", "2001:db8::/32",
	};
	struct rows rows;
	int k, np = 0;

	assert_int_equal(bgp_signal_begin(f->s, "route-views2"), 0);
	rib_four_peers(f);
	rib(f, &A, "175.45.177.0/24", 0,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	rib(f, &B, "175.45.177.0/24", 0,
	    (const uint32_t[]){ B.as, AS_UNICOM, AS_NK, 0 });
	assert_int_equal(bgp_signal_rib_done(f->s), 0);

	/* Bin 1: two full-feed peers withdraw the /24. */
	wd(f, T0 + 310, &A, "175.45.176.0/24", 0);
	wd(f, T0 + 320, &B, "175.45.176.0/24", 0);
	/* Bin 2: back, a duplicate, a path change, a withdrawal of a
	   route not held, an untracked prefix, one AS131279 originates. */
	ann(f, T0 + 700, &A, "175.45.176.0/24",
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	ann(f, T0 + 710, &C, "175.45.176.0/24",
	    (const uint32_t[]){ C.as, AS_UNICOM, AS_NK, 0 });
	ann(f, T0 + 720, &C, "175.45.176.0/24",
	    (const uint32_t[]){ C.as, 174, AS_NK, 0 });
	wd(f, T0 + 730, &D, "175.45.177.0/24", 0);
	ann(f, T0 + 740, &A, "10.99.0.0/16",
	    (const uint32_t[]){ A.as, 3356, 15169, 0 });
	ann(f, T0 + 750, &A, "203.0.113.0/24",
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	assert_int_equal(bgp_signal_end(f->s), 0);

	/* Rows: every tracked prefix in order, then the target's. */
	get_rows(f->s, 0, &rows);
	for (k = 0; k < rows.n; k++)
		if (strcmp(rows.r[k].metric, "peers_with_route") == 0) {
			assert_true(np < 5);
			assert_string_equal(rows.r[k].scope, order[np]);
			np++;
		}
	assert_int_equal(np, 5);
	assert_string_equal(rows.r[rows.n - 1].metric, "full_feed_peers");

	expect_rows(f, rib_then_updates_rows,
	    sizeof(rib_then_updates_rows) / sizeof(rib_then_updates_rows[0]));
	assert_string_equal(text(f, 0, "upstreams"), "4837");

	assert_string_equal(text(f, 2, "upstreams"), "174 4837");
	assert_string_equal(text(f, 2, "upstreams_added"), "174");
	assert_string_equal(text(f, 2, "upstreams_removed"), "");

	assert_string_equal(text(f, 11, "upstreams_added"), "");
}

/*
 * Records between the RIB and the window change the state the first
 * bin starts from, and count nowhere; records from the window's end on
 * are ignored.
 */
static const struct expect records_before_window_rows[] = {
	/* The last second of the window counts; the end does not. */
	{ 11, "announcements", "target", true, 1 },
	{ 11, "withdrawals", "target", true, 0 },
	{ 11, "full_feed_with_route", "175.45.176.0/24", true, 3 },
	{ 11, "peers_with_route", "175.45.176.0/24", true, 5 },
};

static void
test_records_before_window(void **state)
{
	struct fx *f = *state;
	uint32_t bin;

	assert_int_equal(bgp_signal_begin(f->s, "rrc00"), 0);
	rib_four_peers(f);
	assert_int_equal(bgp_signal_rib_done(f->s), 0);
	wd(f, T0 - 1800, &A, "175.45.176.0/24", 0);
	ann(f, T0 - 1700, &C, "175.45.176.0/24",
	    (const uint32_t[]){ C.as, AS_RT, AS_NK, 0 });
	ann(f, T0 - 60, &E, "175.45.176.0/24",
	    (const uint32_t[]){ E.as, AS_UNICOM, AS_NK, 0 });
	ann(f, T0 + 3599, &A, "175.45.176.0/24",
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	wd(f, T0 + 3600, &B, "175.45.176.0/24", 0);
	ann(f, T0 + 7200, &A, "175.45.177.0/24",
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	assert_int_equal(bgp_signal_end(f->s), 0);

	for (bin = 0; bin < NBINS - 1; bin++) {
		assert_true(val(f, bin, "announcements", "target") == 0);
		assert_true(val(f, bin, "withdrawals", "target") == 0);
		assert_true(val(f, bin, "path_changes", "target") == 0);
		assert_true(val(f, bin, "peers_with_route",
		    "175.45.176.0/24") == 4);
		assert_true(val(f, bin, "full_feed_with_route",
		    "175.45.176.0/24") == 2);
	}
	assert_string_equal(text(f, 0, "upstreams"), "4837 20485");
	assert_string_equal(text(f, 0, "upstreams_added"), "");
	expect_rows(f, records_before_window_rows,
	    sizeof(records_before_window_rows) / sizeof(records_before_window_rows[0]));
}

/* A collector whose dump is later than the window start: unknown before. */
static const struct expect rib_after_start_rows[] = {
	{ 0, "collectors_known", "target", true, 0 },
	{ 1, "collectors_known", "target", true, 0 },
	{ 1, "visible", "175.45.176.0/24", false, 0 },
	{ 2, "collectors_known", "target", true, 1 },
	{ 2, "visible", "175.45.176.0/24", true, 1 },
};

static void
test_rib_after_start(void **state)
{
	struct fx *f = *state;
	struct rec_buf b;
	int k;

	assert_int_equal(bgp_signal_begin(f->s, "rrc00"), 0);
	for (k = 0; k < 4; k++) {
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "10.%d.0.0/16", k);
		route(&b, BGP_KIND_RIB, T0 + 650, &A, prefix, 0,
		    (const uint32_t[]){ A.as, 0 });
		assert_int_equal(bgp_signal_rib(f->s, &b.rec), 0);
	}
	route(&b, BGP_KIND_RIB, T0 + 650, &A, "175.45.176.0/24", 0,
	    (const uint32_t[]){ A.as, AS_NK, 0 });
	assert_int_equal(bgp_signal_rib(f->s, &b.rec), 0);
	assert_int_equal(bgp_signal_end(f->s), 0);

	expect_rows(f, rib_after_start_rows,
	    sizeof(rib_after_start_rows) / sizeof(rib_after_start_rows[0]));
}

/*
 * RFC 7911 ADD-PATH: one peer, two paths for one prefix.  Withdrawing
 * one keeps the prefix; the RIB counts the prefix once towards the
 * full-feed threshold.
 */
static const struct expect add_path_rows[] = {
	{ 0, "full_feed_peers", "target", true, 1 },
	{ 0, "peers_with_route", "175.45.176.0/24", true, 2 },
	{ 0, "full_feed_with_route", "175.45.176.0/24", true, 1 },
	/* Bin 1: each peer still has one path. */
	{ 1, "peers_with_route", "175.45.176.0/24", true, 2 },
	{ 1, "visible", "175.45.176.0/24", true, 1 },
	{ 1, "withdrawals", "target", true, 2 },
	/* Bin 2: A's last path is gone. */
	{ 2, "peers_with_route", "175.45.176.0/24", true, 1 },
	{ 2, "full_feed_with_route", "175.45.176.0/24", true, 0 },
	{ 2, "visible", "175.45.176.0/24", true, 0 },
	/* Bin 3: a new path id, its repeat, another id: one new route
	   each, one duplicate. */
	{ 3, "visible", "175.45.176.0/24", true, 1 },
	{ 3, "announcements", "target", true, 3 },
	{ 3, "duplicate_announcements", "target", true, 1 },
	{ 3, "path_changes", "target", true, 0 },
};

static void
test_add_path(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bgp_signal_begin(f->s, "rrc00"), 0);
	rib_fill(f, &A, 3);
	rib(f, &A, "175.45.176.0/24", 1,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	rib(f, &A, "175.45.176.0/24", 2,
	    (const uint32_t[]){ A.as, AS_RT, AS_NK, 0 });
	/* E: three prefixes, four entries: not full-feed (3 is not > 3). */
	rib_fill(f, &E, 2);
	rib(f, &E, "175.45.176.0/24", 1, (const uint32_t[]){ E.as, AS_NK, 0 });
	/* (E's first path has E itself next to the origin.) */
	rib(f, &E, "175.45.176.0/24", 2,
	    (const uint32_t[]){ E.as, 9002, AS_NK, 0 });
	assert_int_equal(bgp_signal_rib_done(f->s), 0);
	wd(f, T0 + 310, &A, "175.45.176.0/24", 1);
	wd(f, T0 + 320, &E, "175.45.176.0/24", 2);
	wd(f, T0 + 610, &A, "175.45.176.0/24", 2);
	ann_id(f, T0 + 910, &A, "175.45.176.0/24", 7,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	ann_id(f, T0 + 920, &A, "175.45.176.0/24", 7,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	ann_id(f, T0 + 930, &A, "175.45.176.0/24", 8,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	assert_int_equal(bgp_signal_end(f->s), 0);

	expect_rows(f, add_path_rows,
	    sizeof(add_path_rows) / sizeof(add_path_rows[0]));
	assert_string_equal(text(f, 0, "upstreams"), "4837 9002 20485 64505");
	assert_string_equal(text(f, 1, "upstreams"), "20485 64505");
	assert_string_equal(text(f, 1, "upstreams_removed"), "4837 9002");
}

/* ------------------------------------------------------------------ */
/* Unknown: sessions down, gaps                                        */

/*
 * A session that leaves Established takes its routes with it, but the
 * peer becomes unknown, not a peer without the route: the prefix stays
 * visible, and with no full-feed peer known it is unknown, never
 * invisible.
 */
static const struct expect peer_reset_rows[] = {
	{ 1, "full_feed_known", "175.45.176.0/24", true, 2 },
	{ 1, "full_feed_with_route", "175.45.176.0/24", true, 2 },
	{ 1, "peers_with_route", "175.45.176.0/24", true, 2 },
	{ 1, "visible", "175.45.176.0/24", true, 1 },
	{ 1, "withdrawals", "target", true, 0 },
	{ 1, "full_feed_peers", "target", true, 2 },
	/* Bin 2 ends at 900, before A has settled (621 + 300). */
	{ 2, "full_feed_known", "175.45.176.0/24", true, 2 },
	{ 2, "announcements", "target", true, 1 },
	{ 3, "full_feed_known", "175.45.176.0/24", true, 3 },
	{ 3, "full_feed_with_route", "175.45.176.0/24", true, 3 },
	{ 3, "peers_with_route", "175.45.176.0/24", true, 3 },
	/* Bin 4: B is back after its End-of-RIB, within the bin. */
	{ 4, "full_feed_known", "175.45.176.0/24", true, 3 },
	{ 4, "full_feed_with_route", "175.45.176.0/24", true, 3 },
	/* Bin 5: nobody full-feed known. */
	{ 5, "full_feed_known", "175.45.176.0/24", true, 0 },
	{ 5, "visible", "175.45.176.0/24", false, 0 },
	{ 5, "full_feed_with_route", "175.45.176.0/24", false, 0 },
	{ 5, "visible_prefixes", "target", false, 0 },
	{ 5, "visible_slash24", "target", false, 0 },
	{ 5, "full_feed_peers", "target", true, 0 },
	{ 5, "collectors_known", "target", true, 1 },
	{ 5, "peers_with_route", "175.45.176.0/24", true, 0 },
	{ 5, "withdrawals", "target", true, 0 },
	/* C's announcement at 1810 starts its settling: known from bin 7. */
	{ 6, "visible", "175.45.176.0/24", false, 0 },
	{ 7, "full_feed_known", "175.45.176.0/24", true, 1 },
	{ 7, "visible", "175.45.176.0/24", true, 1 },
};

static void
test_peer_reset(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bgp_signal_begin(f->s, "rrc00"), 0);
	rib_four_peers(f);
	assert_int_equal(bgp_signal_rib_done(f->s), 0);

	session(f, T0 + 310, &A, 6, 1);
	/* D: down and straight back, announcing nothing: its routes went
	   with the session. */
	session(f, T0 + 330, &D, 6, 1);
	session(f, T0 + 340, &D, 1, 6);
	/* Back at 620: re-sending its table, unknown for one bin width. */
	session(f, T0 + 620, &A, 1, 2);
	session(f, T0 + 621, &A, 2, 6);
	ann(f, T0 + 630, &A, "175.45.176.0/24",
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	/* B: down and back with End-of-RIB: known at once. */
	session(f, T0 + 1210, &B, 6, 1);
	session(f, T0 + 1220, &B, 1, 6);
	ann(f, T0 + 1230, &B, "175.45.176.0/24",
	    (const uint32_t[]){ B.as, AS_UNICOM, AS_NK, 0 });
	end_of_rib(f, T0 + 1240, &B);
	/* Bin 5: every full-feed session down. */
	session(f, T0 + 1510, &A, 6, 1);
	session(f, T0 + 1520, &B, 6, 3);
	session(f, T0 + 1530, &C, 6, 1);
	/* C announces though its Established was not recorded. */
	ann(f, T0 + 1810, &C, "175.45.176.0/24",
	    (const uint32_t[]){ C.as, AS_UNICOM, AS_NK, 0 });
	assert_int_equal(bgp_signal_end(f->s), 0);

	expect_rows(f, peer_reset_rows,
	    sizeof(peer_reset_rows) / sizeof(peer_reset_rows[0]));
}

/* A collector's gap: its peers count as unknown, its records count. */
static const struct expect gap_rows[] = {
	{ 0, "collectors_known", "target", true, 1 },
	{ 1, "visible", "175.45.176.0/24", true, 1 },
	/* What was received in a gap still counts; nothing else is known. */
	{ 2, "announcements", "target", true, 1 },
	{ 3, "announcements", "target", false, 0 },
	/* After the gap, upstreams compare with the last known bin (1). */
	{ 4, "visible", "175.45.176.0/24", true, 1 },
	/* A ten-second gap makes its whole bin unknown. */
	{ 8, "collectors_known", "target", true, 0 },
	{ 9, "collectors_known", "target", true, 1 },
	{ 7, "collectors_known", "target", true, 1 },
};

static void
test_gap(void **state)
{
	struct fx *f = *state;
	uint32_t bin;

	assert_int_equal(bgp_signal_begin(f->s, "route-views2"), 0);
	assert_int_equal(bgp_signal_gap(f->s, T0 + 600, T0 + 1200), 0);
	assert_int_equal(bgp_signal_gap(f->s, T0 + 2450, T0 + 2460), 0);
	assert_int_equal(bgp_signal_gap(f->s, T0 - 900, T0 - 600), 0);
	rib_four_peers(f);
	assert_int_equal(bgp_signal_rib_done(f->s), 0);
	ann(f, T0 + 650, &E, "175.45.176.0/24",
	    (const uint32_t[]){ E.as, AS_RT, AS_NK, 0 });
	assert_int_equal(bgp_signal_end(f->s), 0);

	expect_rows(f, gap_rows,
	    sizeof(gap_rows) / sizeof(gap_rows[0]));
	assert_string_equal(text(f, 1, "upstreams"), "4837");
	for (bin = 2; bin <= 3; bin++) {
		assert_true(val(f, bin, "collectors_known", "target") == 0);
		assert_true(val(f, bin, "full_feed_peers", "target") == 0);
		assert_false(known(f, bin, "visible", "175.45.176.0/24"));
		assert_false(known(f, bin, "peers_with_route",
		    "175.45.176.0/24"));
		assert_false(known(f, bin, "full_feed_known",
		    "175.45.176.0/24"));
		assert_false(known(f, bin, "upstreams", "target"));
		assert_false(known(f, bin, "upstreams_added", "target"));
	}
	assert_string_equal(text(f, 4, "upstreams"), "4837 20485");
	assert_string_equal(text(f, 4, "upstreams_added"), "20485");
}

/* ------------------------------------------------------------------ */
/* Full-feed peers                                                     */

static const struct expect full_feed_threshold_rows[] = {
	{ 0, "full_feed_peers", "target", true, 2 },
	{ 0, "full_feed_known", "175.45.176.0/24", true, 1 },
	{ 0, "full_feed_with_route", "175.45.176.0/24", true, 1 },
	{ 0, "peers_with_route", "175.45.176.0/24", true, 2 },
	{ 0, "full_feed_known", "2001:db8:1::/48", true, 1 },
	{ 0, "peers_with_route", "2001:db8:1::/48", true, 2 },
	{ 0, "visible", "2001:db8:1::/48", true, 1 },
	{ 0, "visible_ipv6_prefixes", "target", true, 1 },
	{ 0, "visible_prefixes", "target", true, 2 },
	{ 1, "peers_with_route", "175.45.176.0/24", true, 3 },
	{ 1, "full_feed_known", "175.45.176.0/24", true, 1 },
	{ 1, "full_feed_peers", "target", true, 2 },
};

static void
test_full_feed_threshold(void **state)
{
	struct fx *f = *state;
	struct rec_buf b;

	assert_int_equal(bgp_signal_begin(f->s, "rrc00"), 0);
	/* IPv4: A has 4 prefixes (> 3), B exactly 3. */
	rib_fill(f, &A, 3);
	rib_fill(f, &B, 2);
	rib(f, &A, "175.45.176.0/24", 0,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	rib(f, &B, "175.45.176.0/24", 0,
	    (const uint32_t[]){ B.as, AS_UNICOM, AS_NK, 0 });
	/* IPv6: V6 has 2 prefixes (> 1), V6B one. */
	rib(f, &V6, "2001:db8:1::/48", 0,
	    (const uint32_t[]){ V6.as, 6939, AS_NK, 0 });
	rib(f, &V6, "3fff:1::/48", 0,
	    (const uint32_t[]){ V6.as, 6939, 64999, 0 });
	rib(f, &V6B, "2001:db8:1::/48", 0,
	    (const uint32_t[]){ V6B.as, 6939, AS_NK, 0 });
	/* Multicast routes are not reachability: not counted. */
	route(&b, BGP_KIND_RIB, T0 - 3600, &B, "10.200.0.0/16", 0,
	    (const uint32_t[]){ B.as, 0 });
	b.rec.safi = SAFI_MULTICAST;
	assert_int_equal(bgp_signal_rib(f->s, &b.rec), 0);
	assert_int_equal(bgp_signal_rib_done(f->s), 0);
	/* A peer first seen in updates is not full-feed. */
	ann(f, T0 + 310, &E, "175.45.176.0/24",
	    (const uint32_t[]){ E.as, AS_UNICOM, AS_NK, 0 });
	assert_int_equal(bgp_signal_end(f->s), 0);

	expect_rows(f, full_feed_threshold_rows,
	    sizeof(full_feed_threshold_rows) / sizeof(full_feed_threshold_rows[0]));
}

/* A collector without a RIB: no full-feed peer, records still count. */
static const struct expect no_rib_rows[] = {
	{ 0, "announcements", "target", true, 1 },
	{ 0, "withdrawals", "target", true, 1 },
	{ 0, "collectors_known", "target", true, 1 },
	{ 0, "full_feed_peers", "target", true, 0 },
	{ 0, "visible", "175.45.176.0/24", false, 0 },
	{ 0, "peers_with_route", "175.45.176.0/24", false, 0 },
	{ 0, "visible_prefixes", "target", false, 0 },
};

static void
test_no_rib(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bgp_signal_begin(f->s, "rrc00"), 0);
	ann(f, T0 + 10, &A, "175.45.176.0/24",
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	wd(f, T0 + 20, &B, "175.45.177.0/24", 0);
	assert_int_equal(bgp_signal_end(f->s), 0);

	expect_rows(f, no_rib_rows,
	    sizeof(no_rib_rows) / sizeof(no_rib_rows[0]));
}

/* ------------------------------------------------------------------ */
/* Upstreams and /24 equivalents                                       */

/*
 * Upstreams of AS131279's prefix: the AS next to the origin once
 * prepending is removed; a path of the origin alone has none.
 * AS20485 appears beside AS4837, then AS4837 goes.
 */
static void
test_upstream_change(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bgp_signal_begin(f->s, "route-views2"), 0);
	rib(f, &A, "175.45.176.0/24", 0,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	rib(f, &B, "175.45.176.0/24", 0,
	    (const uint32_t[]){ B.as, 174, AS_UNICOM, AS_NK, AS_NK, AS_NK,
	    0 });
	rib(f, &NK, "175.45.176.0/24", 0, (const uint32_t[]){ AS_NK, 0 });
	assert_int_equal(bgp_signal_rib_done(f->s), 0);
	ann(f, T0 + 400, &C, "175.45.176.0/24",
	    (const uint32_t[]){ C.as, AS_RT, AS_NK, 0 });
	wd(f, T0 + 700, &A, "175.45.176.0/24", 0);
	wd(f, T0 + 710, &B, "175.45.176.0/24", 0);
	assert_int_equal(bgp_signal_end(f->s), 0);

	assert_string_equal(text(f, 0, "upstreams"), "4837");
	assert_string_equal(text(f, 0, "upstreams_added"), "");
	assert_string_equal(text(f, 0, "upstreams_removed"), "");
	assert_string_equal(text(f, 1, "upstreams"), "4837 20485");
	assert_string_equal(text(f, 1, "upstreams_added"), "20485");
	assert_string_equal(text(f, 1, "upstreams_removed"), "");
	assert_string_equal(text(f, 2, "upstreams"), "20485");
	assert_string_equal(text(f, 2, "upstreams_added"), "");
	assert_string_equal(text(f, 2, "upstreams_removed"), "4837");
	assert_string_equal(text(f, 3, "upstreams_removed"), "");
}

/* A /22 and its /24s count once: 4; a /25 beside them, a half. */
static const struct expect visible_slash24_rows[] = {
	{ 0, "visible_prefixes", "target", true, 7 },
	{ 0, "visible_slash24", "target", true, 4.5 },
	/* Without the /22 and 177.0/24: 176.0/24, 178.0/23, 179.0/24 and
	   the /25 inside it, and the other /25. */
	{ 1, "visible_slash24", "target", true, 3.5 },
};

static void
test_visible_slash24(void **state)
{
	struct fx *f = *state;
	static const char *const inside[] = {
		"175.45.176.0/22", "175.45.176.0/24", "175.45.177.0/24",
		"175.45.179.0/24", "175.45.179.128/25", "175.45.178.0/23",
	};
	size_t k;

	assert_int_equal(bgp_signal_begin(f->s, "rrc00"), 0);
	rib_fill(f, &A, 4);
	for (k = 0; k < sizeof(inside) / sizeof(inside[0]); k++)
		rib(f, &A, inside[k], 0,
		    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	rib(f, &A, "203.0.113.128/25", 0,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	assert_int_equal(bgp_signal_rib_done(f->s), 0);
	wd(f, T0 + 310, &A, "175.45.176.0/22", 0);
	wd(f, T0 + 320, &A, "175.45.177.0/24", 0);
	assert_int_equal(bgp_signal_end(f->s), 0);

	expect_rows(f, visible_slash24_rows,
	    sizeof(visible_slash24_rows) / sizeof(visible_slash24_rows[0]));
}

/*
 * Tables past their first sizes: 300 peers (the peer index cache and
 * the peer index grow) with 64 tracked /30s each (the prefix index and
 * the route table grow).
 */
static void
test_many_peers(void **state)
{
	struct fx *f = *state;
	struct peer p;
	struct rows rows;
	char ip[32], prefix[32];
	int k, j;

	assert_int_equal(bgp_signal_begin(f->s, "rrc00"), 0);
	for (j = 0; j < 64; j++) {
		snprintf(prefix, sizeof(prefix), "175.45.%d.%d/30", 176 + j / 64,
		    (j % 64) * 4);
		for (k = 0; k < 300; k++) {
			snprintf(ip, sizeof(ip), "198.18.%d.%d", k / 256,
			    k % 256);
			p.ip = ip;
			p.as = 64512 + (uint32_t)k;
			p.index = (uint16_t)k;
			rib(f, &p, prefix, 0,
			    (const uint32_t[]){ p.as, AS_UNICOM, AS_NK, 0 });
		}
	}
	assert_int_equal(bgp_signal_rib_done(f->s), 0);
	/* One peer withdraws one prefix. */
	p.ip = "198.18.0.7";
	p.as = 64512 + 7;
	wd(f, T0 + 10, &p, "175.45.176.12/30", 0);
	assert_int_equal(bgp_signal_end(f->s), 0);

	get_rows(f->s, 0, &rows);
	/* 64 /30s, the /22 and the IPv6 /32, four rows each; 14 more. */
	assert_int_equal(rows.n, 66 * 4 + 14);
	for (k = 0; k < rows.n; k++)
		if (strcmp(rows.r[k].metric, "peers_with_route") == 0 &&
		    strncmp(rows.r[k].scope, "175.45.176.", 11) == 0 &&
		    strstr(rows.r[k].scope, "/30") != NULL)
			assert_true(rows.r[k].value ==
			    (strcmp(rows.r[k].scope, "175.45.176.12/30") == 0 ?
			    299 : 300));
	/* 64 prefixes each: every peer is full-feed. */
	assert_true(val(f, 0, "full_feed_peers", "target") == 300);
	assert_true(val(f, 0, "visible_slash24", "target") == 1);
}

/* ------------------------------------------------------------------ */
/* Merging                                                             */

static const struct peer A2 = { "192.0.2.1", 64501, 0 };	/* A, at c2 */

static void
feed_collector1(struct fx *f, struct bgp_signal *s)
{
	struct bgp_signal *keep = f->s;

	f->s = s;
	assert_int_equal(bgp_signal_begin(s, "route-views2"), 0);
	rib_four_peers(f);
	rib(f, &A, "175.45.177.0/24", 0,
	    (const uint32_t[]){ A.as, AS_UNICOM, AS_NK, 0 });
	assert_int_equal(bgp_signal_rib_done(s), 0);
	wd(f, T0 + 310, &A, "175.45.176.0/24", 0);
	ann(f, T0 + 500, &B, "203.0.113.0/24",
	    (const uint32_t[]){ B.as, 3491, AS_NK, 0 });
	ann(f, T0 + 900, &C, "175.45.176.0/24",
	    (const uint32_t[]){ C.as, AS_RT, AS_NK, 0 });
	session(f, T0 + 1300, &B, 6, 1);
	wd(f, T0 + 2000, &C, "175.45.177.0/24", 0);
	assert_int_equal(bgp_signal_end(s), 0);
	f->s = keep;
}

static void
feed_collector2(struct fx *f, struct bgp_signal *s)
{
	struct bgp_signal *keep = f->s;

	f->s = s;
	assert_int_equal(bgp_signal_begin(s, "rrc00"), 0);
	assert_int_equal(bgp_signal_gap(s, T0 + 1200, T0 + 1800), 0);
	rib_fill(f, &A2, 4);
	rib(f, &A2, "175.45.176.0/24", 0,
	    (const uint32_t[]){ A2.as, AS_RT, AS_NK, 0 });
	rib(f, &V6, "2001:db8:1::/48", 0,
	    (const uint32_t[]){ V6.as, 6939, AS_NK, 0 });
	rib(f, &V6, "2001:db8:2::/48", 0,
	    (const uint32_t[]){ V6.as, 6939, AS_NK, 0 });
	assert_int_equal(bgp_signal_rib_done(s), 0);
	wd(f, T0 + 320, &A2, "175.45.176.0/24", 0);
	ann(f, T0 + 900, &V6, "198.51.100.0/24",
	    (const uint32_t[]){ V6.as, AS_NK, 0 });
	ann(f, T0 + 905, &A2, "175.45.176.0/24",
	    (const uint32_t[]){ A2.as, AS_UNICOM, AS_NK, 0 });
	session(f, T0 + 2000, &A2, 6, 1);
	assert_int_equal(bgp_signal_end(s), 0);
	f->s = keep;
}

/*
 * Two collectors run separately and merged give every row of every bin
 * exactly as one signal fed both, in either order of merging.  The two
 * collectors share a peer address: they are still different peers.
 */
static const struct expect merge_rows[] = {
	/* And the merged figures are those of both collectors. */
	{ 0, "collectors_known", "target", true, 2 },
	{ 0, "full_feed_peers", "target", true, 5 },
	{ 0, "peers_with_route", "175.45.176.0/24", true, 5 },
	{ 1, "withdrawals", "target", true, 2 },
	{ 1, "first_withdrawal", "target", true, T0 + 310 },
	{ 1, "last_withdrawal", "target", true, T0 + 320 },
	{ 4, "collectors_known", "target", true, 1 },
	{ 3, "peers_with_route", "198.51.100.0/24", true, 1 },
};

static void
test_merge(void **state)
{
	struct fx *f = *state;
	struct bgp_signal *s1, *s2, *s3;

	feed_collector1(f, f->s);
	feed_collector2(f, f->s);
	s1 = bgp_signal_new(&f->grid, &f->target, &f->tuning);
	s2 = bgp_signal_new(&f->grid, &f->target, &f->tuning);
	s3 = bgp_signal_new(&f->grid, &f->target, &f->tuning);
	assert_non_null(s1);
	assert_non_null(s2);
	assert_non_null(s3);
	feed_collector1(f, s1);
	feed_collector2(f, s2);
	assert_int_equal(bgp_signal_merge(s3, s2), 0);
	assert_int_equal(bgp_signal_merge(s3, s1), 0);
	assert_int_equal(bgp_signal_merge(s1, s2), 0);
	assert_same_rows(f->s, s1);
	assert_same_rows(f->s, s3);

	expect_rows(f, merge_rows,
	    sizeof(merge_rows) / sizeof(merge_rows[0]));
	assert_string_equal(text(f, 3, "upstreams"),
	    "3491 4837 6939 20485 64506");
	bgp_signal_free(s1);
	bgp_signal_free(s2);
	bgp_signal_free(s3);
}

/* ------------------------------------------------------------------ */
/* From MRT files                                                      */

/*
 * A collector's archive end to end: a RIB, update files of 15 minutes
 * with one missing (a gap), the 16:00 and 16:15 files both holding the
 * records of 16:15:00.
 */
static const struct expect collector_files_rows[] = {
	{ 0, "full_feed_peers", "target", true, 3 },
	{ 0, "full_feed_with_route", "175.45.176.0/24", true, 3 },
	{ 1, "withdrawals", "target", true, 1 },
	{ 1, "full_feed_with_route", "175.45.176.0/24", true, 2 },
	/* 16:15:00 in two files: announced once, withdrawn at 16:15:10. */
	{ 3, "announcements", "target", true, 1 },
	{ 3, "withdrawals", "target", true, 1 },
	{ 3, "duplicate_announcements", "target", true, 0 },
	{ 3, "full_feed_with_route", "175.45.176.0/24", true, 2 },
	{ 9, "announcements", "target", true, 1 },
	{ 9, "full_feed_with_route", "175.45.176.0/24", true, 3 },
	{ 11, "collectors_known", "target", true, 1 },
};

static void
test_collector_files(void **state)
{
	struct fx *f = *state;
	static const struct table_peer peers[] = {
		{ "192.0.2.1", 64501 }, { "192.0.2.2", 64502 },
		{ "192.0.2.3", 64503 },
	};
	struct test_archive ta;
	struct diag_log log;
	struct wbuf b = { 0 };
	struct table_entry e[3];
	char prefix[32];
	uint32_t seq = 0, bin;
	int k;
	struct update_spec u = {
		.peer = "192.0.2.1", .peer_as = 64501,
		.path = { 64501, AS_UNICOM, AS_NK },
	};

	test_archive_init(&ta);
	diag_log_init(&log);
	for (k = 0; k < 3; k++) {
		memset(&e[k], 0, sizeof(e[k]));
		e[k].peer = (uint16_t)k;
		e[k].path[0] = peers[k].as;
		e[k].path[1] = AS_UNICOM;
		e[k].path[2] = AS_NK;
	}
	put_peer_table(&b, T0 - 900, peers, 3);
	for (k = 0; k < 4; k++) {
		snprintf(prefix, sizeof(prefix), "10.%d.0.0/16", k);
		put_rib_prefix(&b, T0 - 900, seq++, false, prefix, e, 3);
	}
	put_rib_prefix(&b, T0 - 900, seq++, false, "175.45.176.0/24", e, 3);
	test_archive_add(&ta, "rib.20141222.1545", "route-views2",
	    ARCHIVE_KIND_RIB, T0 - 900, 7200, &b);
	wbuf_reset(&b);
	test_archive_add(&ta, "updates.20141222.1545", "route-views2",
	    ARCHIVE_KIND_UPDATES, T0 - 900, 900, &b);
	u.time = T0 + 310;
	u.withdraw = "175.45.176.0/24";
	put_update(&b, &u);
	u.time = T0 + 900;
	u.withdraw = NULL;
	u.announce = "175.45.176.0/24";
	put_update(&b, &u);
	test_archive_add(&ta, "updates.20141222.1600", "route-views2",
	    ARCHIVE_KIND_UPDATES, T0, 900, &b);
	wbuf_reset(&b);
	put_update(&b, &u);
	u.time = T0 + 910;
	u.announce = NULL;
	u.withdraw = "175.45.176.0/24";
	put_update(&b, &u);
	test_archive_add(&ta, "updates.20141222.1615", "route-views2",
	    ARCHIVE_KIND_UPDATES, T0 + 900, 900, &b);
	wbuf_reset(&b);
	/* 16:30 is missing. */
	u.time = T0 + 2710;
	u.withdraw = NULL;
	u.announce = "175.45.176.0/24";
	put_update(&b, &u);
	test_archive_add(&ta, "updates.20141222.1645", "route-views2",
	    ARCHIVE_KIND_UPDATES, T0 + 2700, 900, &b);
	wbuf_free(&b);

	assert_int_equal(bgp_signal_collector(f->s, &ta.a, "route-views2",
	    &log, NULL), 0);
	test_archive_remove(&ta);
	assert_int_equal(log.n, 0);
	diag_log_free(&log);

	expect_rows(f, collector_files_rows,
	    sizeof(collector_files_rows) / sizeof(collector_files_rows[0]));
	for (bin = 6; bin <= 8; bin++) {
		assert_true(val(f, bin, "collectors_known", "target") == 0);
		assert_false(known(f, bin, "visible", "175.45.176.0/24"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rib_then_updates,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_records_before_window,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rib_after_start,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_add_path, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_peer_reset, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_gap, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_full_feed_threshold,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_rib, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_upstream_change,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_visible_slash24,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_many_peers, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_merge, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_collector_files,
		    fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
