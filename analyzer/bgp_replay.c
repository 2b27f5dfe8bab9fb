/*
 * bgp_replay.c -- one collector's RIB dump, then its update files merged
 * by time into one stream.
 *
 * The RIB files are read one after the other.  The update files are
 * merged with a binary heap keyed by each open file's current record:
 * (seconds, microseconds, file order), so that ties go to the earlier
 * file and, within a file, the file's own order is kept.  A file is
 * opened only when the merge reaches its named time less one cadence
 * (15 minutes when the cadence is unknown): at most two or three files
 * are open at once, each with its decompression thread, whatever the
 * length of the window.
 *
 * The merge never copies a record: each open file's reader stays on its
 * current record (valid until that reader's next mrt_next), and the file
 * whose record was handed out last is advanced at the start of the next
 * call, once the caller is done with the record.
 *
 * Boundary repeats (see bgp_replay.h) are found by boundary_dedup.h,
 * offered only the records within DEDUP_MARGIN seconds of a file's named
 * time: those are the only ones two files of one collector can both
 * hold, and the rest of the records cost no hashing.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/bgp_replay.h"
#include "analyzer/boundary_dedup.h"
#include "analyzer/hash64.h"
#include "parsers/mrt.h"

/*
 * Collectors write a message received around the rotation time into
 * either file, and some archives repeat the boundary second in both;
 * a minute either side covers clock skew between rotation and stamping
 * many times over.
 */
#define DEDUP_MARGIN		60

/* Open an update file this long before its named time, when its
   cadence is unknown: RouteViews' 15 minutes, the longest in use. */
#define DEFAULT_OPEN_AHEAD	900

struct replay_source {
	struct bgp_replay_file	*out;	/* in r->outs */
	uint32_t		 order;	/* among the collector's files */
	int64_t			 open_at;
	struct input		*in;
	struct mrt_reader	*mrt;
	const struct bgp_record	*cur;	/* valid while mrt is not advanced */
	bool			 seen;	/* a record was yielded */
	/* An undecoded stretch that starts at lost_from (bytes_lost). */
	bool			 lost_open;
	uint64_t		 lost_from;
	uint64_t		 lost_record;	/* record number of its start */
	uint64_t		 last_ok_record;
	bool			 noted[SKIP_NREASONS];	/* notes logged */
};

struct bgp_replay {
	struct diag_log		*log;
	struct bgp_replay_file	*outs;	/* the collector's files, in order */
	struct replay_source	*srcs;	/* parallel to outs */
	size_t			 n;

	size_t			*ribs, nribs, rib_pos;
	struct replay_source	*rib_cur;	/* open RIB file */
	size_t			*upds, nupds, next_upd;

	size_t			*heap, nheap;	/* indices into srcs */
	bool			 top_taken;	/* heap[0]'s record handed out */

	int64_t			*boundaries;	/* named times, sorted */
	size_t			 nboundaries;
	struct boundary_dedup	 dedup;
	bool			 dedup_failed;

	enum bgp_replay_phase	 phase;
	/* Zeroed once: the MRT reader fills in all but record_unit and
	   offset_in_record, which must stay zero. */
	struct decode_error	 err;
};

/* ------------------------------------------------------------------ */
/* Files                                                               */

static bool
source_open(struct bgp_replay *r, struct replay_source *s)
{
	char err[512];

	s->out->opened = true;
	if ((s->in = input_open(s->out->file->path, err, sizeof(err))) ==
	    NULL) {
		diag_log_printf(r->log, 1, "%s", err);
		s->out->failed = true;
		return false;
	}
	if ((s->mrt = mrt_open(s->in)) == NULL) {
		diag_log_printf(r->log, 1, "%s: out of memory",
		    s->out->file->path);
		input_close(s->in);
		s->in = NULL;
		s->out->failed = true;
		return false;
	}
	return true;
}

/*
 * Close a file after its last record.  When an error left the rest of
 * the content undecoded, the rest is read (not decoded) to count it: the
 * decompressed bytes from the start of the damage to the end.  Whatever
 * lies beyond damage in the compressed stream itself cannot be counted.
 */
static void
source_finish(struct replay_source *s)
{
	uint64_t end;

	if (s->mrt == NULL)
		return;
	if (s->lost_open) {
		(void)input_skip(s->in, UINT64_MAX);
		end = input_offset(s->in);
		if (end > s->lost_from)
			s->out->bytes_lost += end - s->lost_from;
		s->lost_open = false;
	}
	s->out->stats = *mrt_stats(s->mrt);
	if (s->out->damaged && s->out->stats.items == 0)
		s->out->failed = true;
	mrt_close(s->mrt);
	input_close(s->in);
	s->mrt = NULL;
	s->in = NULL;
	s->cur = NULL;
}

/*
 * A decoded record ends an undecoded stretch.  Its bytes are lost from
 * the damaged record's start to this record's, unless the damage was one
 * entry of a record whose other entries decoded (a RIB entry naming an
 * unknown peer): then nothing counts as lost but the entry.
 */
static void
close_lost(struct replay_source *s, const struct bgp_record *rec)
{
	if (rec->record_no != s->lost_record &&
	    s->lost_record != s->last_ok_record && rec->offset > s->lost_from)
		s->out->bytes_lost += rec->offset - s->lost_from;
	s->lost_open = false;
}

/* Move s to its next record: true with s->cur set, false at its end. */
static bool
source_advance(struct bgp_replay *r, struct replay_source *s)
{
	struct decode_error *err = &r->err;
	const struct bgp_record *rec;

	for (;;) {
		switch (mrt_next(s->mrt, &rec, err)) {
		case MRT_OK:
			if (s->lost_open)
				close_lost(s, rec);
			s->last_ok_record = rec->record_no;
			if (!s->seen || rec->time < s->out->first_time)
				s->out->first_time = rec->time;
			if (!s->seen || rec->time > s->out->last_time)
				s->out->last_time = rec->time;
			s->seen = true;
			s->cur = rec;
			return true;
		case MRT_SKIP:
			/* Errors every time, notes once per reason and file. */
			if (skip_reason_is_error(err->reason))
				diag_log_error(r->log, err);
			else if (!s->noted[err->reason]) {
				char line[512];

				s->noted[err->reason] = true;
				decode_error_format(err, line, sizeof(line));
				diag_log_printf(r->log, 0, "note: %s (further "
				    "ones counted in the summary)", line);
			}
			if (!skip_reason_is_error(err->reason))
				break;
			s->out->damaged = true;
			if (!s->lost_open) {
				s->lost_open = true;
				s->lost_from = err->offset;
				s->lost_record = err->record_no;
			}
			break;
		case MRT_END:
			source_finish(s);
			return false;
		}
	}
}

/* ------------------------------------------------------------------ */
/* The merge heap                                                      */

static bool
source_before(const struct bgp_replay *r, size_t a, size_t b)
{
	const struct replay_source *sa = &r->srcs[a], *sb = &r->srcs[b];

	if (sa->cur->time != sb->cur->time)
		return sa->cur->time < sb->cur->time;
	if (sa->cur->usec != sb->cur->usec)
		return sa->cur->usec < sb->cur->usec;
	return sa->order < sb->order;
}

static void
heap_swap(struct bgp_replay *r, size_t i, size_t j)
{
	size_t tmp = r->heap[i];

	r->heap[i] = r->heap[j];
	r->heap[j] = tmp;
}

static void
heap_down(struct bgp_replay *r, size_t i)
{
	size_t c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= r->nheap)
			return;
		if (c + 1 < r->nheap && source_before(r, r->heap[c + 1],
		    r->heap[c]))
			c++;
		if (!source_before(r, r->heap[c], r->heap[i]))
			return;
		heap_swap(r, c, i);
		i = c;
	}
}

static void
heap_push(struct bgp_replay *r, size_t src)
{
	size_t i = r->nheap++, p;

	r->heap[i] = src;
	while (i > 0) {
		p = (i - 1) / 2;
		if (!source_before(r, r->heap[i], r->heap[p]))
			return;
		heap_swap(r, i, p);
		i = p;
	}
}

static void
heap_pop(struct bgp_replay *r)
{
	r->heap[0] = r->heap[--r->nheap];
	heap_down(r, 0);
}

/* Open the update files the merge has reached, in their order. */
static void
open_due(struct bgp_replay *r)
{
	struct replay_source *s;
	size_t i;

	while (r->next_upd < r->nupds) {
		i = r->upds[r->next_upd];
		s = &r->srcs[i];
		if (r->nheap > 0 && r->srcs[r->heap[0]].cur->time < s->open_at)
			return;
		r->next_upd++;
		if (source_open(r, s) && source_advance(r, s))
			heap_push(r, i);
	}
}

/* ------------------------------------------------------------------ */
/* Boundary repeats                                                    */

/* Is t within DEDUP_MARGIN seconds of an update file's named time? */
static bool
near_boundary(const struct bgp_replay *r, int64_t t)
{
	size_t lo = 0, hi = r->nboundaries, mid;

	/* The first boundary >= t - DEDUP_MARGIN. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->boundaries[mid] < t - DEDUP_MARGIN)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nboundaries && r->boundaries[lo] <= t + DEDUP_MARGIN;
}

/*
 * What makes two records the same message: kind, time to the
 * microsecond, peer, route and the attributes a route is told apart by.
 * The second is part of the dedup key itself.
 */
static uint64_t
record_hash(const struct bgp_record *rec)
{
	const struct bgp_attrs *a = rec->attrs;
	uint64_t h = HASH64_SEED;

	h = hash64_word(h, (uint64_t)rec->kind << 32 | rec->msg_type);
	h = hash64_word(h, (uint64_t)rec->has_usec << 32 | rec->usec);
	h = hash64_addr(h, &rec->peer_addr);
	h = hash64_word(h, rec->peer_as);
	switch (rec->kind) {
	case BGP_KIND_STATE:
		return hash64_word(h, (uint64_t)rec->old_state << 16 |
		    rec->new_state);
	case BGP_KIND_MESSAGE:
		return h;
	default:
		break;
	}
	h = hash64_word(h, (uint64_t)rec->afi << 8 | rec->safi);
	h = hash64_prefix(h, &rec->prefix);
	h = hash64_word(h, (uint64_t)rec->has_path_id << 32 | rec->path_id);
	if (rec->kind == BGP_KIND_WITHDRAW || a == NULL)
		return h;
	h = hash64_word(h, a->present);
	h = hash64_word(h, a->origin);
	h = hash64_as_path(h, &a->as_path);
	h = hash64_addr(h, &a->next_hop);
	h = hash64_addr(h, &a->mp_nexthop);
	h = hash64_word(h, (uint64_t)a->med << 32 | a->local_pref);
	h = hash64_bytes(h, a->communities, (size_t)a->ncommunities * 4);
	h = hash64_bytes(h, a->ext_communities,
	    (size_t)a->next_communities * 8);
	h = hash64_bytes(h, a->large_communities,
	    (size_t)a->nlarge_communities * 12);
	return h;
}

/* True when rec, from source s, repeats a record another file gave. */
static bool
is_repeat(struct bgp_replay *r, const struct replay_source *s,
    const struct bgp_record *rec)
{
	if (r->dedup_failed || !near_boundary(r, rec->time))
		return false;
	switch (boundary_dedup_offer(&r->dedup, rec->time, record_hash(rec),
	    s->order)) {
	case 1:
		return true;
	case -1:
		r->dedup_failed = true;
		diag_log_printf(r->log, 1, "%s: out of memory: records "
		    "repeated at file boundaries are no longer removed",
		    s->out->file->collector);
		break;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* The replay                                                          */

static int
cmp_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static bool
file_of(const struct archive_file *f, const char *collector)
{
	return f->source == ARCHIVE_MRT && f->selected &&
	    f->collector != NULL && strcmp(f->collector, collector) == 0;
}

struct bgp_replay *
bgp_replay_open(const struct archive *a, const char *collector,
    struct diag_log *log)
{
	struct bgp_replay *r;
	const struct archive_file *f;
	struct replay_source *s;
	size_t i, n = 0;
	int64_t ahead;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->log = log;
	r->phase = REPLAY_RIB;
	boundary_dedup_init(&r->dedup);
	for (i = 0; i < a->nfiles; i++)
		if (file_of(&a->files[i], collector))
			n++;
	/* One more of each so that no allocation is of zero bytes. */
	r->outs = calloc(n + 1, sizeof(*r->outs));
	r->srcs = calloc(n + 1, sizeof(*r->srcs));
	r->ribs = calloc(n + 1, sizeof(*r->ribs));
	r->upds = calloc(n + 1, sizeof(*r->upds));
	r->heap = calloc(n + 1, sizeof(*r->heap));
	r->boundaries = calloc(n + 1, sizeof(*r->boundaries));
	if (r->outs == NULL || r->srcs == NULL || r->ribs == NULL ||
	    r->upds == NULL || r->heap == NULL || r->boundaries == NULL)
		goto fail;

	for (i = 0; i < a->nfiles; i++) {
		f = &a->files[i];
		if (!file_of(f, collector))
			continue;
		s = &r->srcs[r->n];
		s->out = &r->outs[r->n];
		s->out->file = f;
		s->order = (uint32_t)r->n;
		if (f->kind == ARCHIVE_KIND_RIB) {
			r->ribs[r->nribs++] = r->n++;
			continue;
		}
		/* Updates, and MRT of unknown kind read as updates. */
		ahead = f->cadence > 0 ? f->cadence : DEFAULT_OPEN_AHEAD;
		if (f->time == ARCHIVE_TIME_UNKNOWN)
			s->open_at = INT64_MIN;
		else {
			s->open_at = f->time - ahead;
			r->boundaries[r->nboundaries++] = f->time;
		}
		r->upds[r->nupds++] = r->n++;
	}
	if (r->nboundaries > 1)
		qsort(r->boundaries, r->nboundaries, sizeof(*r->boundaries),
		    cmp_time);
	return r;
fail:
	bgp_replay_close(r);
	return NULL;
}

void
bgp_replay_close(struct bgp_replay *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		source_finish(&r->srcs[i]);
	boundary_dedup_free(&r->dedup);
	free(r->outs);
	free(r->srcs);
	free(r->ribs);
	free(r->upds);
	free(r->heap);
	free(r->boundaries);
	free(r);
}

/* The next RIB record, or false when the RIB files are done. */
static bool
next_rib(struct bgp_replay *r, const struct bgp_record **rec)
{
	struct replay_source *s;

	for (;;) {
		if (r->rib_cur != NULL) {
			if (source_advance(r, r->rib_cur)) {
				*rec = r->rib_cur->cur;
				return true;
			}
			r->rib_cur = NULL;
		}
		if (r->rib_pos >= r->nribs)
			return false;
		s = &r->srcs[r->ribs[r->rib_pos++]];
		if (source_open(r, s))
			r->rib_cur = s;
	}
}

/* The next update record in merge order, or false at the end. */
static bool
next_update(struct bgp_replay *r, const struct bgp_record **rec)
{
	struct replay_source *s;

	for (;;) {
		if (r->top_taken) {
			r->top_taken = false;
			if (source_advance(r, &r->srcs[r->heap[0]]))
				heap_down(r, 0);
			else
				heap_pop(r);
		}
		open_due(r);
		if (r->nheap == 0)
			return false;
		s = &r->srcs[r->heap[0]];
		r->top_taken = true;
		if (is_repeat(r, s, s->cur)) {
			s->out->duplicates++;
			continue;
		}
		*rec = s->cur;
		return true;
	}
}

enum bgp_replay_phase
bgp_replay_next(struct bgp_replay *r, const struct bgp_record **rec)
{
	*rec = NULL;
	switch (r->phase) {
	case REPLAY_RIB:
		if (next_rib(r, rec))
			return REPLAY_RIB;
		r->phase = REPLAY_UPDATES;
		return REPLAY_RIB_DONE;
	case REPLAY_RIB_DONE:
	case REPLAY_UPDATES:
		if (next_update(r, rec))
			return REPLAY_UPDATES;
		r->phase = REPLAY_END;
		return REPLAY_END;
	case REPLAY_END:
		break;
	}
	return REPLAY_END;
}

const struct bgp_replay_file *
bgp_replay_files(const struct bgp_replay *r, size_t *n)
{
	*n = r->n;
	return r->outs;
}
