/*
 * archive_mrt.h -- small whole MRT files for the archive and inventory
 * tests: a TABLE_DUMP_V2 RIB (RFC 6396 4.3) and BGP4MP updates and
 * state changes (RFC 6396 4.4), built with tests/mrt_build.h and
 * written to disk, in a scratch directory.  Header-only, for test
 * programs alone; include after tests/test_util.h.
 */
#ifndef LIGHTSOUT_TESTS_ARCHIVE_MRT_H
#define LIGHTSOUT_TESTS_ARCHIVE_MRT_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "parsers/mrt.h"
#include "tests/mrt_build.h"

/* One peer of a PEER_INDEX_TABLE: IPv4 address, 4-octet AS. */
struct amrt_peer {
	const char	*ip;
	uint32_t	 as;
};

/* RFC 6396 4.3.1: collector BGP identifier, empty view name, peers. */
static inline void
amrt_peer_index(struct wbuf *b, uint32_t time, const char *collector_id,
    const struct amrt_peer *peers, uint16_t n)
{
	struct wmark m = mrt_begin(b, time, MRT_TABLE_DUMP_V2,
	    TD2_PEER_INDEX_TABLE);
	uint16_t i;

	put_ipv4(b, collector_id);
	put_n16(b, 0);				/* view name length */
	put_n16(b, n);
	for (i = 0; i < n; i++) {
		put_u8(b, 2);			/* IPv4 address, 4-octet AS */
		put_ipv4(b, peers[i].ip);	/* peer BGP identifier */
		put_ipv4(b, peers[i].ip);
		put_n32(b, peers[i].as);
	}
	mrt_end(b, m);
}

/* ORIGIN IGP, AS_PATH of one AS_SEQUENCE, NEXT_HOP. */
static inline void
amrt_attrs(struct wbuf *b, uint32_t first_as, uint32_t origin_as,
    const char *next_hop)
{
	uint32_t path[2] = { first_as, origin_as };

	attr_origin(b, 0);
	attr_as_path1(b, ATTR_AS_PATH, 4, AS_SEQUENCE, path, 2);
	attr_next_hop(b, next_hop);
}

/*
 * RFC 6396 4.3.2: RIB_IPV4_UNICAST, one entry for each of the first
 * npeers peers of the index table (origin AS 64500).
 */
static inline void
amrt_rib_entry(struct wbuf *b, uint32_t time, uint32_t seq,
    const char *prefix, const struct amrt_peer *peers, uint16_t npeers)
{
	struct wmark m = mrt_begin(b, time, MRT_TABLE_DUMP_V2,
	    TD2_RIB_IPV4_UNICAST);
	struct wmark a;
	uint16_t i;

	put_n32(b, seq);
	put_prefix(b, prefix);
	put_n16(b, npeers);
	for (i = 0; i < npeers; i++) {
		put_n16(b, i);			/* peer index */
		put_n32(b, time);		/* originated */
		a = wbuf_mark(b, 2);
		amrt_attrs(b, peers[i].as, 64500, peers[i].ip);
		wbuf_patch(b, a);
	}
	mrt_end(b, m);
}

/*
 * RFC 6396 4.4.3: BGP4MP_MESSAGE_AS4 holding one UPDATE from peer (AS
 * peer_as) to the collector at local_ip: withdrawn routes wd[], then
 * announced routes nlri[] (origin AS 64500); both NULL-terminated, or
 * NULL.
 */
static inline void
amrt_update(struct wbuf *b, uint32_t time, uint32_t peer_as,
    const char *peer_ip, const char *local_ip, const char *const *nlri,
    const char *const *wd)
{
	struct wmark m = mrt_begin(b, time, MRT_BGP4MP, BGP4MP_MESSAGE_AS4);
	struct bgp_mark bm;
	struct update_mark u;

	bgp4mp_peer(b, 4, peer_as, 65000, peer_ip, local_ip);
	bm = bgp_begin(b, BGP_MSG_UPDATE);
	u = update_withdrawn_begin(b);
	for (; wd != NULL && *wd != NULL; wd++)
		put_prefix(b, *wd);
	update_attrs_begin(b, &u);
	if (nlri != NULL && *nlri != NULL)
		amrt_attrs(b, peer_as, 64500, peer_ip);
	update_nlri_begin(b, &u);
	for (; nlri != NULL && *nlri != NULL; nlri++)
		put_prefix(b, *nlri);
	bgp_end(b, bm);
	mrt_end(b, m);
}

/* RFC 6396 4.4.4: BGP4MP_STATE_CHANGE_AS4, old and new FSM states. */
static inline void
amrt_state(struct wbuf *b, uint32_t time, uint32_t peer_as,
    const char *peer_ip, const char *local_ip, uint16_t old_state,
    uint16_t new_state)
{
	struct wmark m = mrt_begin(b, time, MRT_BGP4MP,
	    BGP4MP_STATE_CHANGE_AS4);

	bgp4mp_peer(b, 4, peer_as, 65000, peer_ip, local_ip);
	put_n16(b, old_state);
	put_n16(b, new_state);
	mrt_end(b, m);
}

/* Write b to path (raw, uncompressed) and empty it. */
static inline void
amrt_write(struct wbuf *b, const char *path)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || (b->len > 0 && fwrite(b->data, 1, b->len, fp) !=
	    b->len) || fclose(fp) != 0) {
		fprintf(stderr, "archive_mrt: cannot write %s\n", path);
		abort();
	}
	wbuf_reset(b);
}

/* dir/rel, the directories on its way made; the caller frees it. */
static inline char *
amrt_path(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel), *p;

	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		(void)mkdir(path, 0755);
		*p = '/';
	}
	return path;
}

/* The scratch directory and all in it: 0, or -1 when rm fails. */
static inline int
amrt_remove_dir(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	return rc == 0 ? 0 : -1;
}

#endif
