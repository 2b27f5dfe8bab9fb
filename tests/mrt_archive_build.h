/*
 * mrt_archive_build.h -- small MRT archives written to a temporary
 * directory, for the tests of the BGP replay and signal: a TABLE_DUMP_V2
 * RIB (RFC 6396 4.3, RFC 8050 4), BGP4MP updates and state changes
 * (RFC 6396 4.4), and the struct archive that lists them, built by hand
 * as archive_scan would have.
 *
 * Header-only and test-only (static inline); failures abort: they are
 * bugs in a test.
 */
#ifndef LIGHTSOUT_TESTS_MRT_ARCHIVE_BUILD_H
#define LIGHTSOUT_TESTS_MRT_ARCHIVE_BUILD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/archive.h"
#include "parsers/mrt.h"
#include "tests/mrt_build.h"

/* The collector's side of every session. */
#define ARCHIVE_LOCAL_AS	65000u
#define ARCHIVE_LOCAL_IP	"192.0.2.254"

#define TEST_ARCHIVE_MAX	16

struct test_archive {
	char			dir[64];
	struct archive		a;
	struct archive_file	files[TEST_ARCHIVE_MAX];
	char			paths[TEST_ARCHIVE_MAX][128];
	char			collectors[TEST_ARCHIVE_MAX][32];
};

static inline void
test_archive_init(struct test_archive *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/test_bgp.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		wbuf_die("mkdtemp");
	t->a.files = t->files;
}

static inline void
test_archive_remove(struct test_archive *t)
{
	size_t i;

	for (i = 0; i < t->a.nfiles; i++)
		(void)remove(t->paths[i]);
	(void)remove(t->dir);
}

/*
 * List a selected MRT file of collector; write content to it, or leave
 * it missing when content is NULL.  Files must be added in the order
 * archive_scan sorts them: collector, RIB before updates, time.
 */
static inline struct archive_file *
test_archive_add(struct test_archive *t, const char *name,
    const char *collector, enum archive_kind kind, int64_t time,
    int64_t cadence, const struct wbuf *content)
{
	size_t i = t->a.nfiles, dlen = strlen(t->dir), nlen = strlen(name);
	struct archive_file *f;
	FILE *fp;

	if (i >= TEST_ARCHIVE_MAX || dlen + 1 + nlen >= sizeof(t->paths[i]) ||
	    strlen(collector) >= sizeof(t->collectors[i]))
		wbuf_die("too many test files, or too long a name");
	t->a.nfiles++;
	f = &t->files[i];
	memcpy(t->paths[i], t->dir, dlen);
	t->paths[i][dlen] = '/';
	memcpy(t->paths[i] + dlen + 1, name, nlen + 1);
	memcpy(t->collectors[i], collector, strlen(collector) + 1);
	f->path = t->paths[i];
	f->source = ARCHIVE_MRT;
	f->kind = kind;
	f->layout = ARCHIVE_LAYOUT_ROUTEVIEWS;
	f->collector = t->collectors[i];
	f->time = time;
	f->time_from_name = true;
	f->cadence = cadence;
	f->selected = true;
	if (content != NULL) {
		if ((fp = fopen(f->path, "wb")) == NULL ||
		    fwrite(content->data, 1, content->len, fp) != content->len ||
		    fclose(fp) != 0)
			wbuf_die("writing a test file");
		f->size = content->len;
	}
	return f;
}

/* A peer of a PEER_INDEX_TABLE: IPv4 or IPv6 address, 4-octet AS. */
struct table_peer {
	const char	*ip;
	uint32_t	 as;
};

/* RFC 6396 4.3.1 */
static inline void
put_peer_table(struct wbuf *b, uint32_t time, const struct table_peer *p,
    uint16_t n)
{
	struct wmark m = mrt_begin(b, time, MRT_TABLE_DUMP_V2,
	    TD2_PEER_INDEX_TABLE);
	uint16_t i;

	put_ipv4(b, ARCHIVE_LOCAL_IP);		/* collector BGP ID */
	put_n16(b, 0);				/* no view name */
	put_n16(b, n);
	for (i = 0; i < n; i++) {
		put_u8(b, strchr(p[i].ip, ':') != NULL ? 3 : 2);
		put_ipv4(b, "10.255.255.1");	/* peer BGP ID */
		put_ip(b, p[i].ip);
		put_n32(b, p[i].as);
	}
	mrt_end(b, m);
}

/* An AS path, 0-terminated, as one AS_SEQUENCE of 4-octet ASNs. */
static inline void
put_path_attrs(struct wbuf *b, const uint32_t *path, const char *next_hop)
{
	uint8_t n = 0;

	while (path[n] != 0)
		n++;
	attr_origin(b, 0);
	attr_as_path1(b, ATTR_AS_PATH, 4, AS_SEQUENCE, path, n);
	attr_next_hop(b, next_hop);
}

/* One RIB entry: the peer's index in the table, its path, its path id. */
struct table_entry {
	uint16_t	peer;
	uint32_t	path_id;	/* ADD-PATH subtypes only */
	uint32_t	path[8];	/* 0-terminated */
};

/* RFC 6396 4.3.2, RFC 8050 4: an IPv4 unicast prefix and its entries. */
static inline void
put_rib_prefix(struct wbuf *b, uint32_t time, uint32_t seq, bool addpath,
    const char *prefix, const struct table_entry *e, uint16_t n)
{
	struct wmark m = mrt_begin(b, time, MRT_TABLE_DUMP_V2, addpath ?
	    TD2_RIB_IPV4_UNICAST_ADDPATH : TD2_RIB_IPV4_UNICAST);
	struct wmark attrs;
	uint16_t i;

	put_n32(b, seq);
	put_prefix(b, prefix);
	put_n16(b, n);
	for (i = 0; i < n; i++) {
		put_n16(b, e[i].peer);
		put_n32(b, time);		/* originated */
		if (addpath)
			put_n32(b, e[i].path_id);
		attrs = wbuf_mark(b, 2);
		put_path_attrs(b, e[i].path, "192.0.2.1");
		wbuf_patch(b, attrs);
	}
	mrt_end(b, m);
}

/*
 * One BGP4MP UPDATE from a peer: at most one withdrawn and one announced
 * IPv4 prefix (neither: an End-of-RIB marker, RFC 4724 2).
 */
struct update_spec {
	uint32_t	 time;
	bool		 et;		/* BGP4MP_ET, with usec */
	uint32_t	 usec;
	const char	*peer;
	uint32_t	 peer_as;
	bool		 addpath;	/* RFC 7911 path identifiers */
	const char	*withdraw;
	uint32_t	 withdraw_id;
	const char	*announce;
	uint32_t	 announce_id;
	uint32_t	 path[8];	/* 0-terminated */
	uint32_t	 community;	/* 0: none */
};

static inline struct wmark
bgp4mp_begin(struct wbuf *b, uint32_t time, bool et, uint32_t usec,
    uint16_t subtype)
{
	if (et)
		return mrt_begin_et(b, time, MRT_BGP4MP_ET, subtype, usec);
	return mrt_begin(b, time, MRT_BGP4MP, subtype);
}

static inline void
put_update(struct wbuf *b, const struct update_spec *u)
{
	struct wmark m = bgp4mp_begin(b, u->time, u->et, u->usec,
	    u->addpath ? BGP4MP_MESSAGE_AS4_ADDPATH : BGP4MP_MESSAGE_AS4);
	struct bgp_mark bm;
	struct update_mark um;
	struct wmark c;

	bgp4mp_peer(b, 4, u->peer_as, ARCHIVE_LOCAL_AS, u->peer,
	    ARCHIVE_LOCAL_IP);
	bm = bgp_begin(b, BGP_MSG_UPDATE);
	um = update_withdrawn_begin(b);
	if (u->withdraw != NULL) {
		if (u->addpath)
			put_n32(b, u->withdraw_id);
		put_prefix(b, u->withdraw);
	}
	update_attrs_begin(b, &um);
	if (u->announce != NULL) {
		put_path_attrs(b, u->path, u->peer);
		if (u->community != 0) {
			c = attr_begin(b, FL_OPT_TRANS, ATTR_COMMUNITIES);
			put_n32(b, u->community);
			attr_end(b, c);
		}
	}
	update_nlri_begin(b, &um);
	if (u->announce != NULL) {
		if (u->addpath)
			put_n32(b, u->announce_id);
		put_prefix(b, u->announce);
	}
	bgp_end(b, bm);
	mrt_end(b, m);
}

/* RFC 6396 4.4.1: BGP4MP_STATE_CHANGE_AS4. */
static inline void
put_state_change(struct wbuf *b, uint32_t time, const char *peer,
    uint32_t peer_as, uint16_t old_state, uint16_t new_state)
{
	struct wmark m = mrt_begin(b, time, MRT_BGP4MP,
	    BGP4MP_STATE_CHANGE_AS4);

	bgp4mp_peer(b, 4, peer_as, ARCHIVE_LOCAL_AS, peer, ARCHIVE_LOCAL_IP);
	put_n16(b, old_state);
	put_n16(b, new_state);
	mrt_end(b, m);
}

#endif
