/*
 * test_inventory.c -- the per-peer session tracking (analyzer/
 * peer_sessions.c) on hand-built records: counts, state changes and the
 * intervals down, silent resets and what does not make one, the bounds
 * of its lists; and `lightsout inventory` (analyzer/inventory.c,
 * reports/inventory_writer.c) end to end on a small generated archive
 * with a missing file, a damaged file, a file that is not MRT, flows and
 * probe results: text and CSV, and the exit statuses.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/commands.h"
#include "analyzer/filter.h"
#include "analyzer/peer_sessions.h"
#include "tests/test_util.h"
#include "tests/archive_mrt.h"

/* 2015-04-01T00:00:00Z */
#define T0	1427846400

/* ------------------------------------------------------------------ */
/* Records by hand                                                     */

static struct bgp_record
record(enum bgp_kind kind, int64_t t, const char *peer, uint32_t as,
    const char *prefix)
{
	struct bgp_record r;
	char err[128];

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.time = t;
	r.peer_as = as;
	if (!ip_addr_parse(peer, &r.peer_addr))
		fail_msg("bad test address %s", peer);
	if (prefix != NULL &&
	    parse_prefix(prefix, &r.prefix, err, sizeof(err)) == -1)
		fail_msg("bad test prefix %s: %s", prefix, err);
	return r;
}

static void
feed(struct peer_sessions *ps, enum bgp_kind kind, int64_t t,
    const char *peer, uint32_t as, const char *prefix)
{
	struct bgp_record r = record(kind, t, peer, as, prefix);

	assert_int_equal(peer_sessions_record(ps, &r), 0);
}

static void
feed_state(struct peer_sessions *ps, int64_t t, const char *peer,
    uint32_t as, uint16_t old_state, uint16_t new_state)
{
	struct bgp_record r = record(BGP_KIND_STATE, t, peer, as, NULL);

	r.old_state = old_state;
	r.new_state = new_state;
	assert_int_equal(peer_sessions_record(ps, &r), 0);
}

/* The n prefixes 10.0.i.0/24 from first on, announced from t on. */
static void
feed_prefixes(struct peer_sessions *ps, enum bgp_kind kind, int64_t t,
    const char *peer, uint32_t as, int first, int n)
{
	char prefix[32];
	int i;

	for (i = first; i < first + n; i++) {
		snprintf(prefix, sizeof(prefix), "10.0.%d.0/24", i);
		feed(ps, kind, t + i - first, peer, as, prefix);
	}
}

static const struct peer_session *
session(struct peer_sessions *ps, const char *collector, const char *peer)
{
	const struct peer_session *const *list;
	struct ip_addr a;
	size_t n, i;

	assert_true(ip_addr_parse(peer, &a));
	list = peer_sessions_list(ps, &n);
	for (i = 0; i < n; i++)
		if (strcmp(list[i]->collector, collector) == 0 &&
		    memcmp(&list[i]->addr, &a, sizeof(a)) == 0)
			return list[i];
	fail_msg("no peer %s at %s", peer, collector);
	return NULL;
}

static void
test_peer_counts(void **state)
{
	struct peer_sessions *ps = peer_sessions_new(3600);
	const struct peer_session *const *list, *p;
	struct bgp_record local;
	size_t n;

	(void)state;
	assert_non_null(ps);
	assert_int_equal(peer_sessions_begin(ps, "rrc00"), 0);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.1", 65001, 0, 3);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "2001:db8::1", 65002, 0, 2);
	feed(ps, BGP_KIND_ANNOUNCE, T0 + 10, "192.0.2.1", 65001,
	    "10.1.0.0/16");
	feed(ps, BGP_KIND_ANNOUNCE, T0 + 20, "192.0.2.1", 65001,
	    "10.2.0.0/16");
	feed(ps, BGP_KIND_WITHDRAW, T0 + 30, "192.0.2.1", 65001,
	    "10.1.0.0/16");
	feed(ps, BGP_KIND_MESSAGE, T0 + 40, "2001:db8::1", 65002, NULL);
	/* The same address with another AS is another peer. */
	feed(ps, BGP_KIND_ANNOUNCE, T0 + 45, "192.0.2.1", 65010,
	    "10.3.0.0/16");
	/* What the collector sent is not the peer's. */
	local = record(BGP_KIND_ANNOUNCE, T0 + 50, "192.0.2.1", 65001,
	    "10.4.0.0/16");
	local.local_msg = true;
	assert_int_equal(peer_sessions_record(ps, &local), 0);
	assert_int_equal(peer_sessions_end(ps), 0);
	assert_int_equal(peer_sessions_begin(ps, "route-views2"), 0);
	feed(ps, BGP_KIND_ANNOUNCE, T0 + 5, "192.0.2.1", 65001, "10.9.0.0/16");
	assert_int_equal(peer_sessions_end(ps), 0);

	/* Sorted: collector, then address (IPv4 first), then AS. */
	list = peer_sessions_list(ps, &n);
	assert_int_equal(n, 4);
	assert_string_equal(list[0]->collector, "route-views2");
	assert_string_equal(list[1]->collector, "rrc00");
	assert_int_equal(list[1]->asn, 65001);
	assert_int_equal(list[2]->asn, 65010);
	assert_int_equal(list[3]->asn, 65002);
	assert_int_equal(list[3]->addr.afi, AFI_IPV6);

	p = list[1];
	assert_int_equal(p->rib_entries, 3);
	assert_int_equal(p->announcements, 2);
	assert_int_equal(p->withdrawals, 1);
	assert_true(p->has_messages);
	assert_int_equal(p->first_time, T0 + 10);
	assert_int_equal(p->last_time, T0 + 30);
	assert_int_equal(p->state_changes, 0);
	assert_int_equal(p->ndown, 0);
	p = list[3];
	assert_int_equal(p->rib_entries, 2);
	assert_int_equal(p->other_messages, 1);
	assert_int_equal(p->announcements, 0);
	assert_int_equal(p->first_time, T0 + 40);
	p = list[0];
	assert_int_equal(p->rib_entries, 0);
	assert_int_equal(p->announcements, 1);
	peer_sessions_free(ps);
}

static void
test_peer_down(void **state)
{
	struct peer_sessions *ps = peer_sessions_new(3600);
	const struct peer_session *p;
	int i;

	(void)state;
	assert_int_equal(peer_sessions_begin(ps, "rrc06"), 0);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.1", 65001, 0, 3);
	/* Established -> Idle -> Connect -> Established: down 200 s. */
	feed_state(ps, T0 + 100, "192.0.2.1", 65001, 6, 1);
	feed_state(ps, T0 + 200, "192.0.2.1", 65001, 1, 2);
	feed_state(ps, T0 + 300, "192.0.2.1", 65001, 2, 6);
	/* Down again, to the end of the collector's records. */
	feed_state(ps, T0 + 400, "192.0.2.1", 65001, 6, 1);
	/* In the RIB, then a second connection tries and fails. */
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.4", 65004, 0, 3);
	feed_state(ps, T0 + 550, "192.0.2.4", 65004, 3, 2);
	feed_state(ps, T0 + 551, "192.0.2.4", 65004, 2, 3);
	/* Established -> Idle, then announcements again, no state record. */
	feed_state(ps, T0 + 700, "192.0.2.5", 65005, 6, 1);
	feed(ps, BGP_KIND_ANNOUNCE, T0 + 760, "192.0.2.5", 65005,
	    "10.5.0.0/16");
	feed(ps, BGP_KIND_ANNOUNCE, T0 + 770, "192.0.2.5", 65005,
	    "10.6.0.0/16");
	/* A session that never comes up: down from its first record. */
	feed_state(ps, T0 + 500, "192.0.2.3", 65003, 3, 2);
	feed_state(ps, T0 + 510, "192.0.2.3", 65003, 2, 3);
	/* A flapping session: more than the lists keep. */
	for (i = 0; i < 75; i++) {
		feed_state(ps, T0 + 600 + 10 * i, "192.0.2.2", 65002, 6, 1);
		feed_state(ps, T0 + 605 + 10 * i, "192.0.2.2", 65002, 1, 6);
	}
	feed(ps, BGP_KIND_ANNOUNCE, T0 + 2000, "192.0.2.9", 65009,
	    "10.9.0.0/16");
	assert_int_equal(peer_sessions_end(ps), 0);

	p = session(ps, "rrc06", "192.0.2.1");
	assert_int_equal(p->state_changes, 4);
	assert_int_equal(p->ntransitions, 4);
	assert_int_equal(p->transitions[0].time, T0 + 100);
	assert_int_equal(p->transitions[0].old_state, 6);
	assert_int_equal(p->transitions[0].new_state, 1);
	assert_int_equal(p->transitions[2].new_state, 6);
	assert_int_equal(p->ndown, 2);
	assert_int_equal(p->down[0].from, T0 + 100);
	assert_int_equal(p->down[0].until, T0 + 300);
	assert_int_equal(p->down[0].end, PEER_DOWN_ESTABLISHED);
	assert_int_equal(p->down[1].from, T0 + 400);
	assert_int_equal(p->down[1].until, T0 + 2000);
	assert_int_equal(p->down[1].end, PEER_DOWN_OPEN);
	assert_int_equal(p->down_seconds, 200 + 1600);

	p = session(ps, "rrc06", "192.0.2.3");
	assert_int_equal(p->ndown, 1);
	assert_int_equal(p->down[0].from, T0 + 500);
	assert_int_equal(p->down[0].end, PEER_DOWN_OPEN);

	/* Up (in the RIB): other connections' states are not a down. */
	p = session(ps, "rrc06", "192.0.2.4");
	assert_int_equal(p->ntransitions, 2);
	assert_int_equal(p->ndown, 0);
	assert_int_equal(p->down_seconds, 0);

	/* Down, and back without a state record: its UPDATE says so. */
	p = session(ps, "rrc06", "192.0.2.5");
	assert_int_equal(p->ndown, 1);
	assert_int_equal(p->down[0].from, T0 + 700);
	assert_int_equal(p->down[0].until, T0 + 760);
	assert_int_equal(p->down[0].end, PEER_DOWN_UPDATE);
	assert_int_equal(p->down_seconds, 60);

	p = session(ps, "rrc06", "192.0.2.2");
	assert_int_equal(p->state_changes, 150);
	assert_int_equal(p->ntransitions, PEER_MAX_TRANSITIONS);
	assert_int_equal(p->transitions_dropped, 150 - PEER_MAX_TRANSITIONS);
	assert_int_equal(p->ndown, PEER_MAX_DOWN);
	assert_int_equal(p->down_dropped, 75 - PEER_MAX_DOWN);
	assert_int_equal(p->down_seconds, 75 * 5);
	/* The kept ones are the first ones. */
	assert_int_equal(p->transitions[PEER_MAX_TRANSITIONS - 1].time,
	    T0 + 605 + 10 * (PEER_MAX_TRANSITIONS / 2 - 1));
	peer_sessions_free(ps);
}

/*
 * Peers that go silent for more than the threshold and come back; only
 * some come back re-announcing most of their table without a state
 * record.
 */
static void
test_silent_reset(void **state)
{
	struct peer_sessions *ps = peer_sessions_new(3600);
	const struct peer_session *p;
	int64_t back = T0 + 60 + 4000;

	(void)state;
	assert_int_equal(peer_sessions_begin(ps, "route-views.jinx"), 0);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.1", 65001, 0, 20);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.2", 65002, 0, 20);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.3", 65003, 0, 20);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.4", 65004, 0, 20);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.5", 65005, 0, 8);
	feed_prefixes(ps, BGP_KIND_RIB, T0, "192.0.2.6", 65006, 0, 20);
	feed(ps, BGP_KIND_ANNOUNCE, T0 + 60, "192.0.2.1", 65001,
	    "10.0.0.0/24");

	/* 1: silent 4000 s, then 15 of its 20 prefixes again: a reset. */
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, back, "192.0.2.1", 65001, 0,
	    15);
	/* 2: the same, but a state change is recorded in the burst. */
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, back, "192.0.2.2", 65002, 0, 5);
	feed_state(ps, back + 10, "192.0.2.2", 65002, 1, 6);
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, back + 20, "192.0.2.2", 65002,
	    5, 15);
	/* 3: only 5 of 20 again (and 5 new ones): not most of its table. */
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, back, "192.0.2.3", 65003, 0, 5);
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, back, "192.0.2.3", 65003, 100,
	    5);
	/* 4: silent for less than the threshold. */
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, T0 + 3000, "192.0.2.4", 65004, 0,
	    20);
	/* 5: a table too small to judge. */
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, back, "192.0.2.5", 65005, 0, 8);
	/* 6: half of its table again, but slowly: after the burst window. */
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, back, "192.0.2.6", 65006, 0, 5);
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, back + PEER_RESET_BURST + 10,
	    "192.0.2.6", 65006, 5, 10);
	/* Records after the burst window close the bursts. */
	feed(ps, BGP_KIND_WITHDRAW, back + 2000, "192.0.2.1", 65001,
	    "10.0.0.0/24");
	assert_int_equal(peer_sessions_end(ps), 0);

	p = session(ps, "route-views.jinx", "192.0.2.1");
	assert_int_equal(p->nresets, 1);
	assert_int_equal(p->resets[0].silent_from, T0 + 60);
	assert_int_equal(p->resets[0].resumed, back);
	assert_int_equal(p->resets[0].had, 20);
	assert_int_equal(p->resets[0].reannounced, 15);
	assert_int_equal(session(ps, "route-views.jinx", "192.0.2.2")->nresets,
	    0);
	assert_int_equal(session(ps, "route-views.jinx", "192.0.2.3")->nresets,
	    0);
	assert_int_equal(session(ps, "route-views.jinx", "192.0.2.4")->nresets,
	    0);
	assert_int_equal(session(ps, "route-views.jinx", "192.0.2.5")->nresets,
	    0);
	assert_int_equal(session(ps, "route-views.jinx", "192.0.2.6")->nresets,
	    0);
	peer_sessions_free(ps);
}

/* A burst still open when the records end is judged then; no RIB. */
static void
test_silent_reset_at_end(void **state)
{
	struct peer_sessions *ps = peer_sessions_new(600);
	const struct peer_session *p;

	(void)state;
	assert_int_equal(peer_sessions_begin(ps, "rrc06"), 0);
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, T0, "2001:db8::1", 65001, 0, 40);
	feed_prefixes(ps, BGP_KIND_ANNOUNCE, T0 + 1000, "2001:db8::1", 65001,
	    10, 30);
	assert_int_equal(peer_sessions_end(ps), 0);
	p = session(ps, "rrc06", "2001:db8::1");
	assert_int_equal(p->nresets, 1);
	assert_int_equal(p->resets[0].silent_from, T0 + 39);
	assert_int_equal(p->resets[0].resumed, T0 + 1000);
	assert_int_equal(p->resets[0].had, 40);
	assert_int_equal(p->resets[0].reannounced, 30);
	assert_int_equal(p->announcements, 70);
	peer_sessions_free(ps);
}

/* ------------------------------------------------------------------ */
/* lightsout inventory, end to end                                     */

static char	tmpdir[] = "/tmp/test_inventory.XXXXXX";

struct output {
	int	 code;
	char	*out;
	char	*err;
};

static char *
read_whole(const char *path)
{
	struct stat st;
	FILE *fp;
	char *text;

	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &st) == -1)
		fail_msg("cannot read %s", path);
	text = xmalloc((size_t)st.st_size + 1);
	if (fread(text, 1, (size_t)st.st_size, fp) != (size_t)st.st_size)
		fail_msg("short read of %s", path);
	text[st.st_size] = '\0';
	fclose(fp);
	return text;
}

/* Run cmd_inventory in this process, its stdout and stderr to files. */
static void
inventory(struct output *o, const char *const *args)
{
	char *argv[64], *outp = xasprintf("%s/stdout", tmpdir);
	char *errp = xasprintf("%s/stderr", tmpdir);
	int argc = 0, saved_out, saved_err, fd;

	argv[argc++] = (char *)"inventory";
	for (; *args != NULL; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	fd = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	dup2(fd, 1);
	close(fd);
	fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	dup2(fd, 2);
	close(fd);
	o->code = cmd_inventory(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	o->out = read_whole(outp);
	o->err = read_whole(errp);
	free(outp);
	free(errp);
}

static void
output_free(struct output *o)
{
	free(o->out);
	free(o->err);
}

/*
 * Is there a line whose words (split at runs of blanks) are, in order,
 * the words of want?  Tables are aligned with blanks, so that the test
 * does not depend on column widths.
 */
static bool
has_words(const char *text, const char *want)
{
	const char *line = text, *end, *p, *w;

	for (; *line != '\0'; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		p = line;
		w = want;
		for (;;) {
			while (p < end && *p == ' ')
				p++;
			while (*w == ' ')
				w++;
			if (*w == '\0') {
				if (p == end)
					return true;
				break;
			}
			for (; *w != '\0' && *w != ' ' && p < end && *p == *w;
			    p++, w++)
				;
			if ((*w != '\0' && *w != ' ') ||
			    (p < end && *p != ' '))
				break;
		}
	}
	return false;
}

static void
assert_contains(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("no \"%s\" in:\n%s", want, text);
}

static void
assert_words(const char *text, const char *want)
{
	if (!has_words(text, want))
		fail_msg("no line \"%s\" in:\n%s", want, text);
}

/*
 * The CSV row of section whose columns named in cols (NULL-terminated
 * name, value pairs) hold those values; fields are compared as written,
 * quotes included.
 */
static bool
has_csv_row(const char *csv, const char *section, ...)
{
	char header[2048], *names[64], *line, *copy, *fields[64], *p;
	const char *name, *value, *nl;
	size_t nnames = 0, nfields, i;
	va_list ap;
	bool ok = false;

	nl = strstr(csv, "\r\n");
	assert_non_null(nl);
	assert_true((size_t)(nl - csv) < sizeof(header));
	memcpy(header, csv, (size_t)(nl - csv));
	header[nl - csv] = '\0';
	for (p = strtok(header, ","); p != NULL; p = strtok(NULL, ","))
		names[nnames++] = p;
	copy = xstrdup(nl + 2);
	for (line = copy; *line != '\0' && !ok; line = nl != NULL ?
	    (char *)nl + 2 : line + strlen(line)) {
		nl = strstr(line, "\r\n");
		if (nl != NULL)
			*(char *)nl = '\0';
		nfields = 0;
		fields[nfields++] = line;
		for (p = line; *p != '\0'; p++)
			if (*p == ',' && nfields < 64) {
				*p = '\0';
				fields[nfields++] = p + 1;
			}
		if (strcmp(fields[0], section) != 0)
			goto restore;
		ok = true;
		va_start(ap, section);
		while (ok && (name = va_arg(ap, const char *)) != NULL) {
			value = va_arg(ap, const char *);
			for (i = 0; i < nnames && strcmp(names[i], name) != 0;
			    i++)
				;
			assert_true(i < nnames);
			ok = i < nfields && strcmp(fields[i], value) == 0;
		}
		va_end(ap);
restore:
		for (i = 1; i < nfields; i++)
			fields[i][-1] = ',';
	}
	free(copy);
	return ok;
}

#define RV	"arch/route-views.test/bgpdata/2015.04/"
#define P1	"192.0.2.1"
#define P2	"192.0.2.2"
#define LOCAL	"198.51.100.1"

static void
write_file(struct wbuf *b, const char *rel)
{
	char *path = amrt_path(tmpdir, rel);

	amrt_write(b, path);
	free(path);
}

/*
 * route-views.test: a RIB at 00:00 with two peers and 12 prefixes each;
 * update files 00:00, 00:15, 00:45 (00:30 is missing) and 01:00, which
 * ends in 20 bytes that are no MRT record; a RIB at 02:00 and updates at
 * 01:15 after the window.  Peer 1 withdraws at 00:05, then is silent
 * until 00:46 and re-announces 10 of its prefixes; peer 2 goes down at
 * 00:10 and comes back at 00:20.  other/ holds a text file.
 */
static void
build_archive(void)
{
	static const struct amrt_peer peers[] = {
		{ P1, 65001 }, { P2, 65002 },
	};
	static const char *const more[] = { "10.1.0.0/16", NULL };
	static const char *const p1[] = { "10.0.1.0/24", NULL };
	static const char *const p0[] = { "10.0.0.0/24", NULL };
	struct wbuf b = { NULL, 0, 0 };
	char prefix[32], *path;
	const char *nlri[2] = { prefix, NULL };
	FILE *fp;
	int i;

	amrt_peer_index(&b, T0, LOCAL, peers, 2);
	for (i = 0; i < 12; i++) {
		snprintf(prefix, sizeof(prefix), "10.0.%d.0/24", i);
		amrt_rib_entry(&b, T0, (uint32_t)i, prefix, peers, 2);
	}
	write_file(&b, RV "RIBS/rib.20150401.0000");
	amrt_peer_index(&b, T0 + 7200, LOCAL, peers, 2);
	write_file(&b, RV "RIBS/rib.20150401.0200");

	amrt_update(&b, T0 + 60, 65001, P1, LOCAL, more, NULL);
	amrt_update(&b, T0 + 300, 65001, P1, LOCAL, NULL, p1);
	amrt_state(&b, T0 + 600, 65002, P2, LOCAL, 6, 1);
	write_file(&b, RV "UPDATES/updates.20150401.0000");
	amrt_state(&b, T0 + 1200, 65002, P2, LOCAL, 1, 6);
	amrt_update(&b, T0 + 1210, 65002, P2, LOCAL, p0, NULL);
	write_file(&b, RV "UPDATES/updates.20150401.0015");
	for (i = 0; i < 10; i++) {
		snprintf(prefix, sizeof(prefix), "10.0.%d.0/24", i);
		amrt_update(&b, T0 + 2760 + (uint32_t)i, 65001, P1, LOCAL,
		    nlri, NULL);
	}
	amrt_update(&b, T0 + 2800, 65002, P2, LOCAL, p0, NULL);
	write_file(&b, RV "UPDATES/updates.20150401.0045");
	amrt_update(&b, T0 + 3600, 65002, P2, LOCAL, NULL, p0);
	/* A header of no MRT type, and more bytes: the framing is lost. */
	put_n32(&b, T0 + 3601);
	put_n16(&b, 0x7777);
	put_n16(&b, 0);
	put_n32(&b, 8);
	put_fill(&b, 0xee, 8);
	write_file(&b, RV "UPDATES/updates.20150401.0100");
	amrt_update(&b, T0 + 4500, 65002, P2, LOCAL, p0, NULL);
	write_file(&b, RV "UPDATES/updates.20150401.0115");
	wbuf_free(&b);

	path = amrt_path(tmpdir, "other/README");
	if ((fp = fopen(path, "w")) == NULL)
		fail_msg("cannot write %s", path);
	fputs("An archive of route-views.test, April 2015.\n", fp);
	fclose(fp);
	free(path);
}

static int
setup_archive(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	build_archive();
	return 0;
}

static int
remove_archive(void **state)
{
	(void)state;
	return amrt_remove_dir(tmpdir);
}

/* The event's options, with --format and one more input if given. */
static void
run_event(struct output *o, const char *format, const char *extra_mrt)
{
	char *arch = xasprintf("%s/arch", tmpdir);
	char *other = xasprintf("%s/other", tmpdir);
	const char *args[32];
	int n = 0;

	args[n++] = "--name";
	args[n++] = "test-event";
	args[n++] = "--start";
	args[n++] = "2015-04-01T00:00:00Z";
	args[n++] = "--end";
	args[n++] = "2015-04-01T01:15:00Z";
	args[n++] = "--prefix";
	args[n++] = "10.0.0.0/8";
	args[n++] = "--set";
	args[n++] = "peer-silence=1800";
	args[n++] = "--mrt";
	args[n++] = arch;
	args[n++] = "--mrt";
	args[n++] = other;
	if (extra_mrt != NULL) {
		args[n++] = "--mrt";
		args[n++] = extra_mrt;
	}
	args[n++] = "--flows";
	args[n++] = "tests/data/flows/akvorado__nfv5.pcap";
	args[n++] = "--probes";
	args[n++] = "tests/data/probes/sagan__atlas-ping-results.ndjson";
	if (format != NULL) {
		args[n++] = "--format";
		args[n++] = format;
	}
	args[n] = NULL;
	inventory(o, args);
	free(arch);
	free(other);
}

static void
test_inventory_text(void **state)
{
	struct output o;
	char *want;

	(void)state;
	run_event(&o, NULL, NULL);
	/* A damaged file and a text file among the MRT: data errors. */
	assert_int_equal(o.code, EXIT_DATA);
	assert_words(o.out, "event test-event");
	assert_words(o.out, "window 2015-04-01T00:00:00Z .. "
	    "2015-04-01T01:15:00Z (4500 s)");
	assert_words(o.out, "files 10 (8 MRT, 1 flow, 1 probe files): 7 "
	    "selected, 0 failed, 1 damaged, 1 unusable");

	/* The collector: 00:30 missing, 3600 s of 4500 covered. */
	assert_words(o.out, "route-views.test routeviews 7 5 0 1 0 2 "
	    "2015-04-01T00:00:00Z 2015-04-01T01:15:00Z 3600 1 900 names");
	assert_words(o.out, "other other 1 0 0 0 1 0 - - 0 0 0 -");
	assert_words(o.out, "route-views.test 2015-04-01T00:30:00Z "
	    "2015-04-01T00:45:00Z 900");

	/* Files: read, left out, damaged (20 bytes lost), unusable. */
	want = xasprintf("mrt route-views.test rib 2015-04-01T00:00:00Z ok "
	    "mrt 13 24 0 0 2015-04-01T00:00:00Z 2015-04-01T00:00:00Z "
	    "%s/" RV "RIBS/rib.20150401.0000 -", tmpdir);
	assert_words(o.out, want);
	free(want);
	want = xasprintf("mrt route-views.test rib 2015-04-01T02:00:00Z "
	    "left out - - - - - - - %s/" RV "RIBS/rib.20150401.0200 after "
	    "the window", tmpdir);
	assert_words(o.out, want);
	free(want);
	want = xasprintf("mrt route-views.test updates 2015-04-01T01:00:00Z "
	    "damaged mrt 2 1 1 20 2015-04-01T01:00:00Z 2015-04-01T01:00:00Z "
	    "%s/" RV "UPDATES/updates.20150401.0100 -", tmpdir);
	assert_words(o.out, want);
	free(want);
	want = xasprintf("mrt other unknown - unusable - - - - - - - "
	    "%s/other/README not an MRT file", tmpdir);
	assert_words(o.out, want);
	free(want);
	assert_words(o.out, "flow - - - ok capture 1 29 0 0 "
	    "2023-04-04T16:43:39.000Z 2023-04-04T16:44:24.000Z "
	    "tests/data/flows/akvorado__nfv5.pcap -");

	/* Peers: messages, the session down, the silent reset. */
	assert_words(o.out, "route-views.test 192.0.2.1 65001 12 "
	    "2015-04-01T00:01:00Z 2015-04-01T00:46:09Z 11 1 0 0 0 0 1");
	assert_words(o.out, "route-views.test 192.0.2.2 65002 12 "
	    "2015-04-01T00:10:00Z 2015-04-01T01:00:00Z 2 1 2 0 1 600 0");
	assert_words(o.out, "route-views.test 192.0.2.2 65002 "
	    "2015-04-01T00:10:00Z Established Idle -");
	assert_words(o.out, "route-views.test 192.0.2.2 65002 "
	    "2015-04-01T00:10:00Z 2015-04-01T00:20:00Z 600 -");
	assert_words(o.out, "route-views.test 192.0.2.1 65001 "
	    "2015-04-01T00:05:00Z 2015-04-01T00:46:00Z 2460 13 10 the "
	    "silence overlaps missing files");

	/* Flow exporter and probe vantages. */
	assert_words(o.out, "10.19.144.41 3 2023-04-04T16:43:39.000Z "
	    "2023-04-04T16:44:24.000Z 29");
	assert_words(o.out, "prb 165 2012-06-24T07:45:08.000Z "
	    "2013-04-08T00:03:00.000Z 4");
	assert_words(o.out, "prb 202 2013-02-19T03:27:11.000Z "
	    "2014-03-13T21:23:51.000Z 5");
	assert_words(o.out, "prb 1216 2014-03-20T01:08:48.000Z "
	    "2014-03-20T01:08:48.000Z 1");
	/* Atlas probes in number order. */
	assert_true(strstr(o.out, "prb 677") < strstr(o.out, "prb 1216"));

	/* stderr: the damaged record and the file that is not MRT. */
	assert_contains(o.err, "updates.20150401.0100: offset ");
	assert_contains(o.err, "not an MRT header");
	assert_contains(o.err, "other/README: not an MRT file");
	output_free(&o);
}

static void
test_inventory_csv(void **state)
{
	struct output o, again;
	char *path;

	(void)state;
	run_event(&o, "csv", NULL);
	assert_int_equal(o.code, EXIT_DATA);
	assert_true(strncmp(o.out, "section,collector,layout,source,kind,",
	    36) == 0);
	assert_true(has_csv_row(o.out, "window", "from",
	    "2015-04-01T00:00:00Z", "until", "2015-04-01T01:15:00Z",
	    "seconds", "4500", "detail", "test-event", NULL));
	assert_true(has_csv_row(o.out, "summary", "files", "10",
	    "selected_files", "7", "damaged_files", "1", "unusable_files",
	    "1", "detail", "\"8 MRT", NULL));
	assert_true(has_csv_row(o.out, "collector", "collector",
	    "route-views.test", "layout", "routeviews", "files", "7",
	    "selected_files", "5", "peers", "2", "covered_seconds", "3600",
	    "gaps", "1", "missing_seconds", "900", NULL));
	assert_true(has_csv_row(o.out, "missing", "collector",
	    "route-views.test", "kind", "updates", "from",
	    "2015-04-01T00:30:00Z", "until", "2015-04-01T00:45:00Z",
	    "seconds", "900", NULL));
	path = xasprintf("%s/" RV "UPDATES/updates.20150401.0100", tmpdir);
	assert_true(has_csv_row(o.out, "file", "path", path, "status",
	    "damaged", "selected", "yes", "time_from", "name", "records", "2",
	    "items", "1", "errors", "1", "bytes_lost", "20", "size", "79",
	    NULL));
	free(path);
	path = xasprintf("%s/" RV "UPDATES/updates.20150401.0115", tmpdir);
	assert_true(has_csv_row(o.out, "file", "path", path, "status",
	    "left out", "selected", "no", "why_not", "after the window",
	    "records", "", NULL));
	free(path);
	assert_true(has_csv_row(o.out, "peer", "peer", "192.0.2.2", "peer_as",
	    "65002", "rib_entries", "12", "state_changes", "2",
	    "down_intervals", "1", "down_seconds", "600", "resets", "0",
	    NULL));
	assert_true(has_csv_row(o.out, "transition", "peer", "192.0.2.2",
	    "time", "2015-04-01T00:20:00Z", "old_state", "Idle", "new_state",
	    "Established", NULL));
	assert_true(has_csv_row(o.out, "reset", "peer", "192.0.2.1",
	    "from", "2015-04-01T00:05:00Z", "until", "2015-04-01T00:46:00Z",
	    "prefixes_before", "13", "reannounced", "10", "detail",
	    "the silence overlaps missing files", NULL));
	assert_true(has_csv_row(o.out, "exporter", "exporter",
	    "10.19.144.41", "domain", "3", "count", "29", NULL));
	assert_true(has_csv_row(o.out, "vantage", "vantage", "prb 270",
	    "first", "2012-06-24T07:57:06.000Z", "last",
	    "2014-07-28T15:33:44.000Z", "count", "4", NULL));
	assert_false(has_csv_row(o.out, "problem", NULL));

	/* The same input, the same bytes. */
	run_event(&again, "csv", NULL);
	assert_string_equal(o.out, again.out);
	output_free(&again);
	output_free(&o);
}

static void
test_inventory_statuses(void **state)
{
	struct output o;
	char *missing = xasprintf("%s/nothing/*.gz", tmpdir);
	static const char *const bad_format[] = {
		"--start", "2015-04-01", "--end", "2015-04-02", "--prefix",
		"10.0.0.0/8", "--mrt", "x", "--format", "xml", NULL,
	};
	static const char *const help[] = { "--help", NULL };

	(void)state;
	/* An input that matches nothing: 3, and said in the report. */
	run_event(&o, NULL, missing);
	assert_int_equal(o.code, EXIT_IO);
	assert_words(o.out, "Problems");
	assert_contains(o.out, "nothing/*.gz: no such file or "
	    "directory");
	assert_contains(o.err, "nothing/*.gz: no such file or "
	    "directory");
	output_free(&o);

	inventory(&o, bad_format);
	assert_int_equal(o.code, EXIT_USAGE);
	assert_string_equal(o.out, "");
	assert_contains(o.err, "--format takes text or csv");
	output_free(&o);

	inventory(&o, help);
	assert_int_equal(o.code, EXIT_OK);
	assert_contains(o.out, "usage: lightsout inventory");
	output_free(&o);
	free(missing);
}

/* The BGPStream sample files, under their BGPStream names. */
static void
test_inventory_bgpstream(void **state)
{
	struct output o;
	char *dir = xasprintf("%s/bgpstream", tmpdir), *cwd, *from, *to;
	static const char *const names[] = {
		"ris.rrc06.updates.1427846400.gz",
		"routeviews.route-views.jinx.updates.1427846400.bz2",
	};
	const char *args[16];
	size_t i;

	(void)state;
	assert_int_equal(mkdir(dir, 0755), 0);
	cwd = getcwd(NULL, 0);
	for (i = 0; i < 2; i++) {
		from = xasprintf("%s/tests/data/mrt/bgpstream__%s", cwd,
		    names[i]);
		to = xasprintf("%s/%s", dir, names[i]);
		assert_int_equal(symlink(from, to), 0);
		free(from);
		free(to);
	}
	free(cwd);
	i = 0;
	args[i++] = "--start";
	args[i++] = "2015-04-01T00:00:00Z";
	args[i++] = "--end";
	args[i++] = "2015-04-01T00:15:00Z";
	args[i++] = "--prefix";
	args[i++] = "0.0.0.0/0";
	args[i++] = "--mrt";
	args[i++] = dir;
	args[i++] = "--format";
	args[i++] = "csv";
	args[i] = NULL;
	inventory(&o, args);
	assert_int_equal(o.code, EXIT_OK);
	/* Record counts as in tests/data/mrt/MANIFEST.tsv. */
	assert_true(has_csv_row(o.out, "file", "collector", "rrc06",
	    "layout", "bgpstream", "status", "ok", "records", "795",
	    "errors", "0", NULL));
	assert_true(has_csv_row(o.out, "file", "collector",
	    "route-views.jinx", "records", "1756", "items", "8611", NULL));
	/* RIS updates every 5 minutes: 10 of the 15 minutes missing. */
	assert_true(has_csv_row(o.out, "collector", "collector", "rrc06",
	    "covered_seconds", "300", "gaps", "1", "missing_seconds", "600",
	    NULL));
	assert_true(has_csv_row(o.out, "collector", "collector",
	    "route-views.jinx", "covered_seconds", "900", "gaps", "0", NULL));
	assert_true(has_csv_row(o.out, "note", "detail", "rrc06: no RIB file "
	    "before the window end; the routes at the window start are "
	    "unknown", NULL));
	output_free(&o);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_peer_counts),
		cmocka_unit_test(test_peer_down),
		cmocka_unit_test(test_silent_reset),
		cmocka_unit_test(test_silent_reset_at_end),
		cmocka_unit_test(test_inventory_text),
		cmocka_unit_test(test_inventory_csv),
		cmocka_unit_test(test_inventory_statuses),
		cmocka_unit_test(test_inventory_bgpstream),
	};

	return cmocka_run_group_tests(tests, setup_archive, remove_archive);
}
