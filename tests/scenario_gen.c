/*
 * scenario_gen.c -- write a BGP archive with a known story, for the
 * timeline tests and `make bench`.
 *
 *   scenario_gen DIR small
 *	two collectors over 2014-12-22 00:00-02:00 UTC, small tables:
 *	the story below, for tests/test_timeline.c
 *   scenario_gen DIR bench PREFIXES PEERS UPDATES_PER_FILE
 *	the same story on a full-table-sized RIB (PREFIXES background
 *	prefixes seen by PEERS peers per collector) and a day of update
 *	files (2014-12-22 00:00 to 24:00), for the timeline benchmark
 *
 * The archive has the layouts of the real ones, so that lightsout finds
 * its files by name:
 *
 *   DIR/route-views.test/bgpdata/2014.12/RIBS/rib.20141222.0000.bz2
 *   DIR/route-views.test/bgpdata/2014.12/UPDATES/updates.20141222.HHMM.bz2
 *					(every 15 minutes)
 *   DIR/rrc99/2014.12/bview.20141222.0000.gz
 *   DIR/rrc99/2014.12/updates.20141222.HHMM.gz	(every 5 minutes)
 *
 * The story (times UTC on 2014-12-22; bins of 5 minutes):
 *   - AS64500 originates 198.18.0.0/24 .. 198.18.3.0/24 (the target,
 *     198.18.0.0/22) through its upstream AS64501, seen by every peer;
 *   - the update files of route-views.test for 00:15 and 00:30 are
 *     missing: a collector gap, [00:15, 00:45) unknown for its peers;
 *   - 00:50:10 every peer withdraws the four prefixes; 01:20:30 they are
 *     announced again: a blackout of bins 00:50 to 01:15;
 *   - the route-views.test file of 01:00 repeats, at its end, the first
 *     records of the file of 01:15 (same second, same content): applied
 *     once;
 *   - 01:30:00 the rrc99 peers announce 198.18.3.0/24 through AS64502:
 *     an upstream appears;
 *   - 01:40:00 rrc99's first peer leaves Established, 01:50:00 comes
 *     back and re-sends its table: unknown for that time, never a
 *     withdrawal;
 *   - background churn of other prefixes in every update file;
 *   - (small only) a second RIB per collector at 01:30, so that a run
 *     cut in time at 01:30 can start from its own dump.
 *
 * Standalone (no project headers beyond the test MRT builder), C11,
 * deterministic.
 */
#include <bzlib.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "tests/mrt_build.h"

#define DAY0		1419206400	/* 2014-12-22T00:00:00Z */
#define TARGET_AS	64500
#define UPSTREAM_AS	64501
#define NEW_UPSTREAM_AS	64502
#define TRANSIT_AS	64510
#define OUTAGE_START	(DAY0 + 50 * 60 + 10)
#define OUTAGE_END	(DAY0 + 80 * 60 + 30)
#define UPSTREAM_CHANGE	(DAY0 + 90 * 60)
#define RESET_DOWN	(DAY0 + 100 * 60)
#define RESET_UP	(DAY0 + 110 * 60)
#define SHARD_RIB	(DAY0 + 90 * 60)

struct collector {
	const char	*name;
	int		 ris;		/* RIS layout, else RouteViews */
	int		 cadence;	/* seconds between update files */
	uint32_t	 local_as;
	unsigned	 peer_base;	/* last octet of the first peer */
};

static const struct collector collectors[] = {
	{ "route-views.test", 0, 900, 6447, 10 },
	{ "rrc99", 1, 300, 12654, 100 },
};

struct params {
	unsigned	 prefixes;	/* background prefixes */
	unsigned	 peers;		/* per collector */
	unsigned	 churn;		/* background updates per file */
	int64_t		 until;		/* end of the update files */
	int		 shard_rib;	/* a second RIB at SHARD_RIB */
};

/* --- output ------------------------------------------------------------- */

struct sink {
	FILE		*fp;
	BZFILE		*bz;
	gzFile		 gz;
};

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "scenario_gen: %s: %s\n", path, what);
	exit(1);
}

static void
make_dirs(const char *path)
{
	char buf[1024];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) == -1 && errno != EEXIST)
			die(strerror(errno), buf);
		*p = '/';
	}
}

static void
sink_open(struct sink *s, const char *path, int ris)
{
	int bzerr;

	memset(s, 0, sizeof(*s));
	make_dirs(path);
	if (ris) {
		s->gz = gzopen(path, "wb6");
		if (s->gz == NULL)
			die("cannot create", path);
		return;
	}
	s->fp = fopen(path, "wb");
	if (s->fp == NULL)
		die(strerror(errno), path);
	s->bz = BZ2_bzWriteOpen(&bzerr, s->fp, 6, 0, 0);
	if (bzerr != BZ_OK)
		die("bzip2 cannot start", path);
}

static void
sink_write(struct sink *s, struct wbuf *b)
{
	int bzerr;

	if (b->len == 0)
		return;
	if (s->gz != NULL) {
		if (gzwrite(s->gz, b->data, (unsigned)b->len) != (int)b->len)
			die("gzip write failed", "output");
	} else {
		BZ2_bzWrite(&bzerr, s->bz, b->data, (int)b->len);
		if (bzerr != BZ_OK)
			die("bzip2 write failed", "output");
	}
	wbuf_reset(b);
}

static void
sink_close(struct sink *s)
{
	int bzerr;

	if (s->gz != NULL) {
		if (gzclose(s->gz) != Z_OK)
			die("gzip close failed", "output");
		return;
	}
	BZ2_bzWriteClose(&bzerr, s->bz, 0, NULL, NULL);
	if (bzerr != BZ_OK || fclose(s->fp) != 0)
		die("bzip2 close failed", "output");
}

/* --- names ----------------------------------------------------------------- */

static void
stamp(int64_t t, char *buf, size_t len)
{
	int64_t secs = t - DAY0;
	int day = 22 + (int)(secs / 86400);
	int hm = (int)(secs % 86400) / 60;

	snprintf(buf, len, "201412%02d.%02d%02d", day, hm / 60, hm % 60);
}

static void
file_path(char *buf, size_t len, const char *dir, const struct collector *c,
    int rib, int64_t t)
{
	char when[32];

	stamp(t, when, sizeof(when));
	if (c->ris)
		snprintf(buf, len, "%s/%s/2014.12/%s.%s.gz", dir, c->name,
		    rib ? "bview" : "updates", when);
	else
		snprintf(buf, len, "%s/%s/bgpdata/2014.12/%s/%s.%s.bz2", dir,
		    c->name, rib ? "RIBS" : "UPDATES", rib ? "rib" : "updates",
		    when);
}

/* --- the universe ------------------------------------------------------- */

static void
peer_addr(const struct collector *c, unsigned i, char *buf, size_t len)
{
	snprintf(buf, len, "192.0.2.%u", c->peer_base + i);
}

static uint32_t
peer_as(const struct collector *c, unsigned i)
{
	return 64600 + c->peer_base + i;
}

static const char *const targets[] = {
	"198.18.0.0/24", "198.18.1.0/24", "198.18.2.0/24", "198.18.3.0/24",
};
#define NTARGETS	4

/* Background prefix k: 20.0.0.0/24 upwards, /24s in 20.0.0.0/8 on. */
static void
background_prefix(unsigned k, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.0/24", 20 + k / 65536, k / 256 % 256,
	    k % 256);
}

static uint32_t
background_origin(unsigned k)
{
	return 65000 + k % 400;
}

/* The path a peer sees: peer, transit, upstream, origin. */
static void
path_of(uint32_t peer, uint32_t upstream, uint32_t origin, uint32_t *path)
{
	path[0] = peer;
	path[1] = TRANSIT_AS;
	path[2] = upstream;
	path[3] = origin;
}

/* --- RIB (RFC 6396 4.3) ------------------------------------------------- */

static void
rib_attrs(struct wbuf *b, const uint32_t *path, const char *next_hop)
{
	attr_origin(b, 0);
	/* TABLE_DUMP_V2 entries always carry 4-byte ASNs (RFC 6396 4.3.4). */
	attr_as_path1(b, ATTR_AS_PATH, 4, AS_SEQUENCE, path, 4);
	attr_next_hop(b, next_hop);
}

static void
rib_record(struct wbuf *b, const struct collector *c, const struct params *p,
    int64_t when, uint32_t seq, const char *prefix, uint32_t upstream,
    uint32_t origin)
{
	struct wmark m, am;
	char nh[32];
	uint32_t path[4];
	unsigned i;

	m = mrt_begin(b, (uint32_t)when, MRT_TABLE_DUMP_V2, 2);
	put_n32(b, seq);
	put_prefix(b, prefix);
	put_n16(b, (uint16_t)p->peers);
	for (i = 0; i < p->peers; i++) {
		put_n16(b, (uint16_t)i);
		put_n32(b, DAY0 - 86400);
		am = wbuf_mark(b, 2);
		peer_addr(c, i, nh, sizeof(nh));
		path_of(peer_as(c, i), upstream, origin, path);
		rib_attrs(b, path, nh);
		wbuf_patch(b, am);
	}
	mrt_end(b, m);
}

/*
 * The RIB of collector c at when: DAY0, or SHARD_RIB, a second dump for
 * the tests of runs cut in time (their state then: the blackout over, the
 * upstream change and the reset still to come; background churn aside,
 * which only the peers' table sizes would show).
 */
static void
write_rib(const char *dir, const struct collector *c, const struct params *p,
    int64_t when)
{
	struct sink s;
	struct wbuf b = { 0 };
	struct wmark m;
	char path[1024], addr[32], prefix[32];
	uint32_t seq = 0;
	unsigned i, k;

	file_path(path, sizeof(path), dir, c, 1, when);
	sink_open(&s, path, c->ris);
	m = mrt_begin(&b, (uint32_t)when, MRT_TABLE_DUMP_V2, 1);
							/* PEER_INDEX_TABLE */
	put_ipv4(&b, c->ris ? "193.0.4.28" : "128.223.51.102");
	put_n16(&b, 0);					/* no view name */
	put_n16(&b, (uint16_t)p->peers);
	for (i = 0; i < p->peers; i++) {
		peer_addr(c, i, addr, sizeof(addr));
		put_u8(&b, 0x02);			/* IPv4, AS4 */
		put_ipv4(&b, addr);			/* BGP id */
		put_ipv4(&b, addr);
		put_n32(&b, peer_as(c, i));
	}
	mrt_end(&b, m);
	for (k = 0; k < NTARGETS; k++)
		rib_record(&b, c, p, when, seq++, targets[k], UPSTREAM_AS,
		    TARGET_AS);
	for (k = 0; k < p->prefixes; k++) {
		background_prefix(k, prefix, sizeof(prefix));
		rib_record(&b, c, p, when, seq++, prefix, 64520 + k % 7,
		    background_origin(k));
		if (b.len > (1u << 20))
			sink_write(&s, &b);
	}
	sink_write(&s, &b);
	sink_close(&s);
	wbuf_free(&b);
}

/* --- updates (RFC 6396 4.4) --------------------------------------------- */

static void
bgp4mp_header(struct wbuf *b, const struct collector *c, unsigned peer)
{
	char addr[32];

	peer_addr(c, peer, addr, sizeof(addr));
	bgp4mp_peer(b, 4, peer_as(c, peer), c->local_as, addr,
	    c->ris ? "193.0.4.28" : "128.223.51.102");
}

static void
announce(struct wbuf *b, const struct collector *c, unsigned peer,
    int64_t t, const char *prefix, uint32_t upstream, uint32_t origin)
{
	struct wmark m;
	struct bgp_mark g;
	struct update_mark u;
	uint32_t path[4];
	char nh[32];

	m = mrt_begin(b, (uint32_t)t, MRT_BGP4MP, 4);	/* MESSAGE_AS4 */
	bgp4mp_header(b, c, peer);
	g = bgp_begin(b, BGP_MSG_UPDATE);
	u = update_withdrawn_begin(b);
	update_attrs_begin(b, &u);
	peer_addr(c, peer, nh, sizeof(nh));
	path_of(peer_as(c, peer), upstream, origin, path);
	rib_attrs(b, path, nh);
	update_nlri_begin(b, &u);
	put_prefix(b, prefix);
	bgp_end(b, g);
	mrt_end(b, m);
}

static void
withdraw(struct wbuf *b, const struct collector *c, unsigned peer, int64_t t,
    const char *prefix)
{
	struct wmark m;
	struct bgp_mark g;
	struct update_mark u;

	m = mrt_begin(b, (uint32_t)t, MRT_BGP4MP, 4);
	bgp4mp_header(b, c, peer);
	g = bgp_begin(b, BGP_MSG_UPDATE);
	u = update_withdrawn_begin(b);
	put_prefix(b, prefix);
	update_attrs_begin(b, &u);
	update_nlri_begin(b, &u);
	bgp_end(b, g);
	mrt_end(b, m);
}

static void
state_change(struct wbuf *b, const struct collector *c, unsigned peer,
    int64_t t, uint16_t from, uint16_t to)
{
	struct wmark m;

	m = mrt_begin(b, (uint32_t)t, MRT_BGP4MP, 5);	/* STATE_CHANGE_AS4 */
	bgp4mp_header(b, c, peer);
	put_n16(b, from);
	put_n16(b, to);
	mrt_end(b, m);
}

/* A small deterministic generator (xorshift64*). */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* One record to write: the story's and the churn's, sorted by time. */
enum action {
	ACT_ANNOUNCE,
	ACT_WITHDRAW,
	ACT_DOWN,		/* Established -> Idle */
	ACT_UP,			/* Idle -> Connect ... -> Established */
};

struct step {
	int64_t		 t;
	unsigned	 order;		/* ties: in the order planned */
	enum action	 action;
	unsigned	 peer;
	int		 target;	/* index in targets[], or -1 */
	unsigned	 background;	/* background prefix otherwise */
	uint32_t	 upstream;
};

struct plan {
	struct step	*steps;
	size_t		 n, cap;
};

static void
plan_add(struct plan *pl, int64_t t, enum action action, unsigned peer,
    int target, unsigned background, uint32_t upstream)
{
	struct step *s;

	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 256;
		pl->steps = realloc(pl->steps, pl->cap * sizeof(*pl->steps));
		if (pl->steps == NULL)
			die("out of memory", "plan");
	}
	s = &pl->steps[pl->n];
	s->t = t;
	s->order = (unsigned)pl->n;
	s->action = action;
	s->peer = peer;
	s->target = target;
	s->background = background;
	s->upstream = upstream;
	pl->n++;
}

static int
by_time(const void *a, const void *b)
{
	const struct step *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * Plan the records of [from, until) of collector c: background churn
 * spread over the span, and the story's records that fall in it.
 */
static void
plan_span(struct plan *pl, const struct collector *c, const struct params *p,
    int64_t from, int64_t until, uint64_t *rnd)
{
	unsigned i, k, n;

	pl->n = 0;
	for (n = 0; n < p->churn && p->prefixes > 0; n++) {
		unsigned bg = (unsigned)(next_random(rnd) % p->prefixes);
		unsigned peer = (unsigned)(next_random(rnd) % p->peers);
		int64_t t = from + (until - from) * n / p->churn;

		/* rrc99's first peer says nothing while its session is down. */
		if (c->ris && peer == 0 && t >= RESET_DOWN && t < RESET_UP)
			peer = p->peers > 1 ? 1 : 0;
		plan_add(pl, t, next_random(rnd) % 3 == 0 ? ACT_WITHDRAW :
		    ACT_ANNOUNCE, peer, -1, bg, 64520 + bg % 7);
	}
	for (i = 0; i < p->peers; i++)
		for (k = 0; k < NTARGETS; k++) {
			if (OUTAGE_START + i % 30 >= from &&
			    OUTAGE_START + i % 30 < until)
				plan_add(pl, OUTAGE_START + i % 30,
				    ACT_WITHDRAW, i, (int)k, 0, 0);
			if (OUTAGE_END + i % 30 >= from &&
			    OUTAGE_END + i % 30 < until)
				plan_add(pl, OUTAGE_END + i % 30,
				    ACT_ANNOUNCE, i, (int)k, 0, UPSTREAM_AS);
		}
	if (c->ris && UPSTREAM_CHANGE >= from && UPSTREAM_CHANGE < until)
		for (i = 0; i < p->peers; i++)
			plan_add(pl, UPSTREAM_CHANGE, ACT_ANNOUNCE, i, 3, 0,
			    NEW_UPSTREAM_AS);
	if (c->ris && RESET_DOWN >= from && RESET_DOWN < until)
		plan_add(pl, RESET_DOWN, ACT_DOWN, 0, -1, 0, 0);
	if (c->ris && RESET_UP >= from && RESET_UP < until) {
		plan_add(pl, RESET_UP, ACT_UP, 0, -1, 0, 0);
		for (k = 0; k < NTARGETS; k++)
			plan_add(pl, RESET_UP + 5, ACT_ANNOUNCE, 0, (int)k, 0,
			    k == 3 ? NEW_UPSTREAM_AS : UPSTREAM_AS);
	}
	qsort(pl->steps, pl->n, sizeof(*pl->steps), by_time);
}

static void
write_steps(struct wbuf *b, const struct collector *c, const struct plan *pl)
{
	char prefix[32];
	size_t i;

	for (i = 0; i < pl->n; i++) {
		const struct step *s = &pl->steps[i];
		const char *what = prefix;
		uint32_t origin = TARGET_AS;

		if (s->target >= 0)
			what = targets[s->target];
		else {
			background_prefix(s->background, prefix,
			    sizeof(prefix));
			origin = background_origin(s->background);
		}
		switch (s->action) {
		case ACT_ANNOUNCE:
			announce(b, c, s->peer, s->t, what, s->upstream,
			    origin);
			break;
		case ACT_WITHDRAW:
			withdraw(b, c, s->peer, s->t, what);
			break;
		case ACT_DOWN:
			state_change(b, c, s->peer, s->t, 6, 1);
			break;
		case ACT_UP:
			state_change(b, c, s->peer, s->t, 1, 2);
			state_change(b, c, s->peer, s->t, 5, 6);
			break;
		}
	}
}

static void
write_updates(const char *dir, const struct collector *c,
    const struct params *p)
{
	struct wbuf b = { 0 };
	struct plan pl = { 0 };
	uint64_t rnd = 0x9e3779b97f4a7c15ULL ^ c->local_as;
	char path[1024];
	int64_t t;

	for (t = DAY0; t < p->until; t += c->cadence) {
		struct sink s;

		/* The collector gap: two files of route-views.test missing. */
		if (!c->ris && (t == DAY0 + 15 * 60 || t == DAY0 + 30 * 60))
			continue;
		file_path(path, sizeof(path), dir, c, 0, t);
		sink_open(&s, path, c->ris);
		plan_span(&pl, c, p, t, t + c->cadence, &rnd);
		write_steps(&b, c, &pl);
		/*
		 * The file of 01:00 repeats what the next file starts
		 * with: its first second, as collectors do at a boundary.
		 */
		if (!c->ris && t == DAY0 + 60 * 60) {
			announce(&b, c, 1, t + c->cadence, targets[0],
			    UPSTREAM_AS, TARGET_AS);
		}
		if (!c->ris && t == DAY0 + 75 * 60) {
			/* ... and the next file starts with it. */
			struct wbuf first = { 0 };

			announce(&first, c, 1, t, targets[0], UPSTREAM_AS,
			    TARGET_AS);
			sink_write(&s, &first);
			wbuf_free(&first);
		}
		sink_write(&s, &b);
		sink_close(&s);
	}
	free(pl.steps);
	wbuf_free(&b);
}

int
main(int argc, char **argv)
{
	struct params p;
	size_t i;

	if (argc == 3 && strcmp(argv[2], "small") == 0) {
		p.prefixes = 60;
		p.peers = 4;
		p.churn = 6;
		p.until = DAY0 + 2 * 3600;
		p.shard_rib = 1;
	} else if (argc == 6 && strcmp(argv[2], "bench") == 0) {
		p.prefixes = (unsigned)strtoul(argv[3], NULL, 10);
		p.peers = (unsigned)strtoul(argv[4], NULL, 10);
		p.churn = (unsigned)strtoul(argv[5], NULL, 10);
		p.until = DAY0 + 86400;
		p.shard_rib = 0;
		if (p.prefixes > 16u * 65536 * 200 || p.peers == 0 ||
		    p.peers > 200 || p.churn == 0) {
			fprintf(stderr, "scenario_gen: bad bench sizes\n");
			return 2;
		}
	} else {
		fprintf(stderr, "usage: scenario_gen DIR small\n"
		    "       scenario_gen DIR bench PREFIXES PEERS "
		    "UPDATES_PER_FILE\n");
		return 2;
	}
	for (i = 0; i < sizeof(collectors) / sizeof(collectors[0]); i++) {
		write_rib(argv[1], &collectors[i], &p, DAY0);
		if (p.shard_rib)
			write_rib(argv[1], &collectors[i], &p, SHARD_RIB);
		write_updates(argv[1], &collectors[i], &p);
	}
	return 0;
}
