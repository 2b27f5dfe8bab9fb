/*
 * atlas.c -- RIPE Atlas ping and traceroute results (atlas.h): finding
 * each result's text in the input, and handing the records out in file
 * order with their counts.  Turning one text into a record is
 * atlas_decode.c's.
 *
 * Two layouts, told apart by the first non-blank byte:
 *
 *   '{'  one result per line (NDJSON, what the streaming API and
 *        "results?format=txt" give): a line is read from the input layer
 *        and parsed whole;
 *   '['  one JSON array of results (the measurement results download):
 *        the array is never loaded.  The reader scans the bytes only to
 *        find where each element ends (string and escape state, {} and []
 *        depth), then json-c parses that element.  Memory is bounded by
 *        the largest element.  An element that does not parse is skipped;
 *        the scan goes on from the next ',' or ']' at the array's level.
 *
 * The framing makes items: a result's text to decode, or what the
 * framing itself found (a line too long, an empty array element, the
 * end of the input, damage).  Items are handed out in the order they
 * were framed, and counted then, so that the counts and messages do not
 * depend on who decoded what.
 *
 * With one thread (atlas_set_threads), the calling thread decodes each
 * text as it is framed.  With n, the decoding (most of it json-c
 * building and freeing a tree per result) runs on n worker threads.
 * The calling thread frames results into batches (up to BATCH_RESULTS,
 * or BATCH_TEXT bytes of text, copied out of the input's window); a
 * worker decodes a whole batch with a decoder of its own, copying the
 * strings its records point at into the batch before it frees the tree;
 * atlas_next hands the batches out in the order they were framed.  A
 * ring of 2n + 1 batches bounds the memory: the framing waits for the
 * oldest batch to be handed out before it reads further.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/atlas.h"
#include "parsers/atlas_decode.h"

/* A line or array element longer than this is skipped whole. */
#define ATLAS_MAX_RESULT	(16u * 1024 * 1024)
/* First window asked of the input. */
#define ATLAS_PEEK_STEP		(64u * 1024)
/* How far into the first element atlas_detect looks for a key. */
#define ATLAS_DETECT_SPAN	4096
/* A batch is closed at this many results or bytes of text. */
#define BATCH_RESULTS		256
#define BATCH_TEXT		(1024u * 1024)
/* A batch's buffers are given back after a result this large. */
#define BATCH_KEEP		(4u * 1024 * 1024)
/* name_off of a record without a dst_name. */
#define NO_NAME			SIZE_MAX

enum atlas_layout {
	LAYOUT_UNKNOWN,
	LAYOUT_LINES,		/* one result per line */
	LAYOUT_ARRAY,		/* inside a top-level array */
	LAYOUT_DONE,
};

/* One result as framed, then decoded: what atlas_next hands out. */
struct atlas_item {
	enum probe_status	 status;	/* a text's once decoded */
	bool			 is_text;	/* a text to decode */
	bool			 counts;	/* a result: stats.records */
	bool			 if_decoded;	/* dropped unless the item
						 * before decoded */
	uint64_t		 bytes;		/* stats.bytes when handed out */
	struct atlas_where	 where;		/* of the text */
	size_t			 text_off;	/* in a batch: the text */
	size_t			 text_len;
	size_t			 name_off;	/* in a batch: rec.dst_name */
	struct probe_record	 rec;
	struct decode_error	 err;
};

/*
 * Results framed together, decoded together by one worker.  The framing
 * thread owns a batch until it counts it filled, the worker that takes
 * it until it says decoded, then the framing thread again.
 */
struct atlas_batch {
	struct atlas_item	*items;		/* BATCH_RESULTS of them */
	size_t			 n;		/* framed */
	size_t			 next;		/* next to hand out */
	uint8_t			*text;		/* the texts, back to back */
	size_t			 text_len;
	size_t			 text_cap;
	char			*names;		/* the records' dst_names */
	size_t			 names_len;
	size_t			 names_cap;
	bool			 decoded;	/* under the lock */
};

struct atlas_worker {
	struct atlas_reader	*r;
	struct atlas_decoder	*decoder;
	pthread_t		 thread;
};

struct atlas_reader {
	struct input		*in;
	const char		*file;
	enum atlas_layout	 layout;
	uint64_t		 line;		/* line of the next unread byte */
	uint64_t		 results;	/* results framed (from 1) */
	bool			 array_seen;	/* a top-level array ended */
	bool			 cut_element;	/* the file ended in the
						 * element just framed */

	/* Array framing: where the scan of the current element stands. */
	size_t			 scan_pos;
	unsigned		 scan_depth;
	bool			 scan_in_string;
	bool			 scan_escape;

	/* The text just framed, in the input's window until frame_done. */
	const uint8_t		*text;
	size_t			 text_len;
	const uint8_t		*pending;	/* to consume at frame_done */
	size_t			 pending_len;

	struct atlas_decoder	*decoder;	/* one thread */
	struct atlas_item	 item;		/* one thread: handed out */
	bool			 last_ok;	/* the last handed out decoded */
	bool			 ended;		/* PROBE_END handed out */
	struct decode_stats	 stats;

	/* Several threads: the workers and the ring of batches. */
	unsigned		 threads;	/* asked for */
	bool			 started;	/* the first atlas_next came */
	struct atlas_worker	*workers;
	unsigned		 nworkers;	/* running */
	struct atlas_batch	*ring;
	unsigned		 nbatches;
	bool			 framed_end;	/* the end is in a batch */
	bool			 out_ready;	/* ring[out] is decoded */
	uint64_t		 out;		/* batches handed out */
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;		/* filled grew, or stop */
	pthread_cond_t		 done;		/* a batch was decoded */
	/* Under the lock: */
	uint64_t		 filled;	/* batches framed */
	uint64_t		 taken;		/* of which a worker took */
	bool			 stop;
};

static bool
is_blank(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* --- detection --------------------------------------------------------- */

static size_t
skip_blanks(const uint8_t *data, size_t len, size_t i)
{
	while (i < len && is_blank(data[i]))
		i++;
	return i;
}

static bool
has_key(const uint8_t *data, size_t len, const char *key)
{
	size_t n = strlen(key), i;

	for (i = 0; i + n <= len; i++)
		if (data[i] == (uint8_t)key[0] && memcmp(data + i, key, n) == 0)
			return true;
	return false;
}

bool
atlas_detect(const uint8_t *data, size_t len)
{
	size_t i = skip_blanks(data, len, 0), span;

	if (i < len && data[i] == '[')
		i = skip_blanks(data, len, i + 1);
	if (i >= len || data[i] != '{')
		return false;
	i = skip_blanks(data, len, i + 1);
	if (i >= len || data[i] != '"')
		return false;
	span = len - i < ATLAS_DETECT_SPAN ? len - i : ATLAS_DETECT_SPAN;
	return has_key(data + i, span, "\"type\"") ||
	    has_key(data + i, span, "\"msm_id\"") ||
	    has_key(data + i, span, "\"prb_id\"");
}

/* --- open, close ------------------------------------------------------- */

struct atlas_reader *
atlas_open(struct input *in, const char *file)
{
	struct atlas_reader *r = calloc(1, sizeof(*r));

	if (r == NULL)
		goto fail;
	r->in = in;
	r->file = file;
	r->line = 1;
	r->threads = 1;
	r->decoder = atlas_decoder_new();
	if (r->decoder == NULL)
		goto fail;
	return r;
fail:
	free(r);
	return NULL;
}

void
atlas_set_threads(struct atlas_reader *r, unsigned n)
{
	if (r->started)
		return;
	r->threads = n < 1 ? 1 : n > ATLAS_MAX_THREADS ? ATLAS_MAX_THREADS : n;
}

static void	pipe_free(struct atlas_reader *r);

void
atlas_close(struct atlas_reader *r)
{
	if (r == NULL)
		return;
	pipe_free(r);
	atlas_decoder_free(r->decoder);
	free(r);
}

const struct decode_stats *
atlas_stats(const struct atlas_reader *r)
{
	return &r->stats;
}

/* --- input ------------------------------------------------------------- */

/* Consume n bytes, counting the line breaks among them. */
static void
consume(struct atlas_reader *r, const uint8_t *data, size_t n)
{
	const uint8_t *p = data, *end = data + n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		r->line++;
		p++;
	}
	input_consume(r->in, n);
}

/* --- items -------------------------------------------------------------- */

static void
ready(struct atlas_item *it, enum probe_status st)
{
	it->status = st;
	it->is_text = false;
	it->counts = false;
	it->if_decoded = false;
}

/*
 * A skip the framing found; counts says it is a result of its own (it
 * takes the next result number).  Returns the error for its detail.
 */
static struct decode_error *
ready_skip(struct atlas_reader *r, struct atlas_item *it, uint64_t offset,
    bool counts, enum skip_reason reason)
{
	ready(it, PROBE_SKIP);
	it->counts = counts;
	atlas_error(&it->err, r->file, offset, counts ? ++r->results : 0,
	    reason);
	return &it->err;
}

/*
 * A result's text at data[0..len), starting at offset on line; suffix
 * is added to a parse error.  The caller says what frame_done consumes.
 */
static void
text_item(struct atlas_reader *r, struct atlas_item *it, const uint8_t *data,
    size_t len, uint64_t offset, uint64_t line, const char *suffix)
{
	while (len > 0 && is_blank(data[len - 1]))
		len--;
	it->is_text = true;
	it->counts = true;
	it->if_decoded = false;
	it->where.file = r->file;
	it->where.offset = offset;
	it->where.line = line;
	it->where.result_no = ++r->results;
	it->where.suffix = suffix;
	r->text = data;
	r->text_len = len;
}

/* What frame_done consumes: n bytes at data. */
static void
pend(struct atlas_reader *r, const uint8_t *data, size_t n)
{
	r->pending = data;
	r->pending_len = n;
}

/* The input ended: damaged (SKIP_DECOMPRESS) or clean. */
static void
end_of_input(struct atlas_reader *r, struct atlas_item *it, size_t left)
{
	const char *why = input_error(r->in);
	struct decode_error *err;

	r->layout = LAYOUT_DONE;
	if (why == NULL) {
		ready(it, PROBE_END);
		return;
	}
	err = ready_skip(r, it, input_offset(r->in), false, SKIP_DECOMPRESS);
	snprintf(err->detail, sizeof(err->detail), "line %llu: %s%s",
	    (unsigned long long)r->line, why, left > 0 ?
	    " (the incomplete result before it is dropped)" : "");
}

/* --- one result per line ------------------------------------------------ */

static void
frame_line(struct atlas_reader *r, struct atlas_item *it)
{
	struct decode_error *err;

	for (;;) {
		size_t want = ATLAS_PEEK_STEP, avail, len, scanned = 0;
		const uint8_t *data, *nl = NULL;
		uint64_t offset = input_offset(r->in), line = r->line;

		for (;;) {
			avail = input_peek(r->in, want, &data);
			nl = memchr(data + scanned, '\n', avail - scanned);
			if (nl != NULL || avail < want || want >= ATLAS_MAX_RESULT)
				break;
			scanned = avail;
			want *= 2;
		}
		if (nl == NULL && avail < want) {
			/* The last line, without a line break. */
			size_t i = skip_blanks(data, avail, 0);

			if (input_error(r->in) != NULL) {
				end_of_input(r, it, avail - i);
				return;
			}
			if (i == avail) {
				consume(r, data, avail);
				end_of_input(r, it, 0);
				return;
			}
			text_item(r, it, data + i, avail - i, offset + i, line,
			    " (the last line, without a line break)");
			pend(r, data, avail);
			return;
		}
		if (nl == NULL) {
			/* Longer than any result: skip to the next line. */
			err = ready_skip(r, it, offset, true, SKIP_TOO_LARGE);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: longer than %u bytes, skipped",
			    (unsigned long long)line, ATLAS_MAX_RESULT);
			consume(r, data, avail);
			for (;;) {
				avail = input_peek(r->in, ATLAS_PEEK_STEP,
				    &data);
				if (avail == 0)
					break;
				nl = memchr(data, '\n', avail);
				if (nl != NULL) {
					consume(r, data,
					    (size_t)(nl - data) + 1);
					break;
				}
				consume(r, data, avail);
			}
			return;
		}
		len = (size_t)(nl - data);
		if (skip_blanks(data, len, 0) == len) {
			consume(r, data, len + 1);
			continue;
		}
		text_item(r, it, data, len, offset, line, "");
		pend(r, data, len + 1);
		return;
	}
}

/* --- one array of results ----------------------------------------------- */

/*
 * Scan data[r->scan_pos..avail) for the end of the element that starts
 * at data[0]: a ',' or ']' at the array's level.  Returns its position,
 * or avail when not found yet (the scan state is kept for more bytes).
 */
static size_t
scan_element(struct atlas_reader *r, const uint8_t *data, size_t avail)
{
	size_t i;

	for (i = r->scan_pos; i < avail; i++) {
		uint8_t c = data[i];

		if (r->scan_in_string) {
			if (r->scan_escape)
				r->scan_escape = false;
			else if (c == '\\')
				r->scan_escape = true;
			else if (c == '"')
				r->scan_in_string = false;
			continue;
		}
		switch (c) {
		case '"':
			r->scan_in_string = true;
			break;
		case '{':
		case '[':
			r->scan_depth++;
			break;
		case '}':
		case ']':
			if (r->scan_depth == 0) {
				if (c == ']') {
					r->scan_pos = i;
					return i;
				}
				break;	/* a stray '}': the parse says so */
			}
			r->scan_depth--;
			break;
		case ',':
			if (r->scan_depth == 0) {
				r->scan_pos = i;
				return i;
			}
			break;
		default:
			break;
		}
	}
	r->scan_pos = avail;
	return avail;
}

static void
scan_reset(struct atlas_reader *r)
{
	r->scan_pos = 0;
	r->scan_depth = 0;
	r->scan_in_string = false;
	r->scan_escape = false;
}

/* The file ends inside the array: no closing ']'. */
static void
truncated_array(struct atlas_reader *r, struct atlas_item *it)
{
	struct decode_error *err;

	err = ready_skip(r, it, input_offset(r->in), false, SKIP_TRUNCATED);
	snprintf(err->detail, sizeof(err->detail),
	    "line %llu: the file ends inside the array (no closing ']')",
	    (unsigned long long)r->line);
	r->layout = LAYOUT_DONE;
}

/* The next element into *it; false after the array's ']'. */
static bool
frame_element(struct atlas_reader *r, struct atlas_item *it)
{
	struct decode_error *err;

	for (;;) {
		size_t want = ATLAS_PEEK_STEP, avail, start, end;
		const uint8_t *data;
		uint64_t offset, line;

		/* Blanks before the element. */
		avail = input_peek(r->in, want, &data);
		start = skip_blanks(data, avail, 0);
		if (start == avail) {
			consume(r, data, avail);
			if (avail < want) {
				if (input_error(r->in) != NULL) {
					end_of_input(r, it, 0);
					return true;
				}
				/*
				 * After an element the file cut short, only
				 * when that element decoded: else its parse
				 * error says the file ends there.
				 */
				truncated_array(r, it);
				it->if_decoded = r->cut_element;
				return true;
			}
			continue;
		}
		consume(r, data, start);
		offset = input_offset(r->in);
		line = r->line;

		scan_reset(r);
		for (;;) {
			avail = input_peek(r->in, want, &data);
			end = scan_element(r, data, avail);
			if (end < avail || avail < want ||
			    want >= ATLAS_MAX_RESULT)
				break;
			want *= 2;
		}
		if (end == avail && avail < want) {
			/* The file ends inside the element. */
			if (input_error(r->in) != NULL) {
				end_of_input(r, it, avail);
				return true;
			}
			if (avail == 0) {
				truncated_array(r, it);
				return true;
			}
			text_item(r, it, data, avail, offset, line,
			    " (the file ends inside the array)");
			pend(r, data, avail);
			r->cut_element = true;
			return true;
		}
		if (end == avail) {
			/* Longer than any result. */
			err = ready_skip(r, it, offset, true, SKIP_TOO_LARGE);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: array element longer than %u bytes; "
			    "the rest of the array is skipped",
			    (unsigned long long)line, ATLAS_MAX_RESULT);
			r->layout = LAYOUT_DONE;
			return true;
		}
		if (end == 0 && data[0] == ']') {
			/* The end of the array (or "[]"). */
			consume(r, data, 1);
			r->layout = LAYOUT_UNKNOWN;
			r->array_seen = true;
			return false;	/* caller looks for more */
		}
		if (end == 0) {
			/* ",," : an empty element. */
			consume(r, data, 1);
			err = ready_skip(r, it, offset, true, SKIP_BAD_JSON);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: empty array element",
			    (unsigned long long)line);
			return true;
		}
		/* Leave a ']' for the next call; a ',' goes now. */
		text_item(r, it, data, end, offset, line, "");
		pend(r, data, data[end] == ',' ? end + 1 : end);
		return true;
	}
}

/* --- framing ------------------------------------------------------------ */

/*
 * Frame the next item into *it: a text (it->is_text; r->text and
 * r->text_len point into the input's window until frame_done) or a
 * ready one (a skip the framing found, or the end).
 */
static void
frame_next(struct atlas_reader *r, struct atlas_item *it)
{
	struct decode_error *err;

	r->pending_len = 0;
	for (;;) {
		const uint8_t *data;
		size_t avail, i;

		switch (r->layout) {
		case LAYOUT_DONE:
			ready(it, PROBE_END);
			return;
		case LAYOUT_LINES:
			frame_line(r, it);
			return;
		case LAYOUT_ARRAY:
			if (frame_element(r, it))
				return;
			continue;	/* after ']': another array? */
		case LAYOUT_UNKNOWN:
			break;
		}
		/* Which layout: the first byte that is not blank. */
		avail = input_peek(r->in, ATLAS_PEEK_STEP, &data);
		i = skip_blanks(data, avail, 0);
		if (i == avail) {
			consume(r, data, avail);
			if (avail < ATLAS_PEEK_STEP) {
				end_of_input(r, it, 0);
				return;
			}
			continue;
		}
		if (data[i] == '[') {
			consume(r, data, i + 1);
			r->layout = LAYOUT_ARRAY;
		} else if (!r->array_seen) {
			r->layout = LAYOUT_LINES;
		} else {
			/* After an array: only blanks or another array. */
			err = ready_skip(r, it, input_offset(r->in) + i, false,
			    SKIP_BAD_JSON);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: data after the array of results, "
			    "ignored", (unsigned long long)r->line);
			r->layout = LAYOUT_DONE;
			return;
		}
	}
}

/* Move past the text just framed; the item's byte count is now known. */
static void
frame_done(struct atlas_reader *r, struct atlas_item *it)
{
	if (r->pending_len > 0)
		consume(r, r->pending, r->pending_len);
	r->pending_len = 0;
	it->bytes = input_offset(r->in);
}

/* --- handing out -------------------------------------------------------- */

/* Count an item as it is handed out, in file order. */
static enum probe_status
hand_out(struct atlas_reader *r, struct atlas_item *it,
    const struct probe_record **rec, struct decode_error *err)
{
	r->stats.bytes = it->bytes;
	if (it->counts)
		r->stats.records++;
	r->last_ok = it->status == PROBE_OK;
	switch (it->status) {
	case PROBE_OK:
		r->stats.decoded++;
		r->stats.items++;
		*rec = &it->rec;
		break;
	case PROBE_SKIP:
		r->stats.skipped[it->err.reason]++;
		*err = it->err;
		break;
	case PROBE_END:
		r->ended = true;
		break;
	}
	return it->status;
}

/* One thread: decode each text as it is framed. */
static enum probe_status
next_inline(struct atlas_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	struct atlas_item *it = &r->item;

	for (;;) {
		frame_next(r, it);
		if (it->is_text)
			it->status = atlas_decode(r->decoder, r->text,
			    r->text_len, &it->where, &it->rec, &it->err);
		frame_done(r, it);
		if (it->if_decoded && !r->last_ok)
			continue;
		return hand_out(r, it, rec, err);
	}
}

/* --- several threads ---------------------------------------------------- */

/* The item becomes a skip: no memory for what it needs. */
static void
out_of_memory(struct atlas_item *it, const char *what)
{
	const struct atlas_where *w = &it->where;

	it->is_text = false;
	it->status = PROBE_SKIP;
	atlas_error(&it->err, w->file, w->offset, w->result_no,
	    SKIP_TOO_LARGE);
	snprintf(it->err.detail, sizeof(it->err.detail),
	    "line %llu: out of memory for the %s",
	    (unsigned long long)w->line, what);
}

/*
 * Room for n more bytes after the len used of p's cap: p, p moved (*cap
 * updated), or NULL when out of memory.
 */
static void *
grow(void *p, size_t *cap, size_t len, size_t n)
{
	size_t want = *cap > 0 ? *cap : 4096;

	if (p != NULL && n <= *cap - len)
		return p;
	while (want - len < n)
		want *= 2;
	if ((p = realloc(p, want)) == NULL)
		return NULL;
	*cap = want;
	return p;
}

/* Copy the text just framed into the batch, for a worker. */
static void
batch_add_text(struct atlas_reader *r, struct atlas_batch *b,
    struct atlas_item *it)
{
	uint8_t *text = grow(b->text, &b->text_cap, b->text_len,
	    r->text_len);

	if (text == NULL) {
		out_of_memory(it, "result");
		return;
	}
	b->text = text;
	memcpy(b->text + b->text_len, r->text, r->text_len);
	it->text_off = b->text_len;
	it->text_len = r->text_len;
	b->text_len += r->text_len;
}

/* Frame results into b until it is full or holds the end. */
static void
batch_fill(struct atlas_reader *r, struct atlas_batch *b)
{
	/* Give back what one huge result made grow. */
	if (b->text_cap > BATCH_KEEP) {
		free(b->text);
		b->text = NULL;
		b->text_cap = 0;
	}
	if (b->names_cap > BATCH_KEEP) {
		free(b->names);
		b->names = NULL;
		b->names_cap = 0;
	}
	b->n = 0;
	b->next = 0;
	b->text_len = 0;
	b->decoded = false;
	while (b->n < BATCH_RESULTS && b->text_len < BATCH_TEXT) {
		struct atlas_item *it = &b->items[b->n++];

		frame_next(r, it);
		if (it->is_text)
			batch_add_text(r, b, it);
		frame_done(r, it);
		if (!it->is_text && it->status == PROBE_END) {
			r->framed_end = true;
			break;
		}
	}
}

/* Keep a record's dst_name in the batch: the tree is freed next. */
static bool
batch_keep_name(struct atlas_batch *b, struct atlas_item *it)
{
	char *names;
	size_t n;

	it->name_off = NO_NAME;
	if (it->rec.dst_name == NULL)
		return true;
	n = strlen(it->rec.dst_name) + 1;
	names = grow(b->names, &b->names_cap, b->names_len, n);
	if (names == NULL)
		return false;
	b->names = names;
	memcpy(b->names + b->names_len, it->rec.dst_name, n);
	it->name_off = b->names_len;
	b->names_len += n;
	it->rec.dst_name = NULL;	/* set again when handed out */
	return true;
}

/* A worker's part: decode every text of the batch, free every tree. */
static void
batch_decode(struct atlas_decoder *d, struct atlas_batch *b)
{
	size_t i;

	b->names_len = 0;
	for (i = 0; i < b->n; i++) {
		struct atlas_item *it = &b->items[i];

		if (!it->is_text)
			continue;
		it->status = atlas_decode(d, b->text + it->text_off,
		    it->text_len, &it->where, &it->rec, &it->err);
		if (it->status == PROBE_OK && !batch_keep_name(b, it))
			out_of_memory(it, "target name");
		atlas_decoder_release(d);
	}
}

static void *
worker_main(void *arg)
{
	struct atlas_worker *w = arg;
	struct atlas_reader *r = w->r;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		struct atlas_batch *b;

		while (!r->stop && r->taken == r->filled)
			pthread_cond_wait(&r->work, &r->lock);
		if (r->stop)
			break;
		b = &r->ring[r->taken++ % r->nbatches];
		pthread_mutex_unlock(&r->lock);
		batch_decode(w->decoder, b);
		pthread_mutex_lock(&r->lock);
		b->decoded = true;
		pthread_cond_signal(&r->done);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/*
 * The ring and the workers.  false when not even one worker could be
 * started: the calling thread then decodes alone.
 */
static bool
pipe_start(struct atlas_reader *r)
{
	unsigned i, n = r->threads;

	if (pthread_mutex_init(&r->lock, NULL) != 0)
		return false;
	if (pthread_cond_init(&r->work, NULL) != 0)
		goto fail_lock;
	if (pthread_cond_init(&r->done, NULL) != 0)
		goto fail_work;
	r->nbatches = 2 * n + 1;
	r->ring = calloc(r->nbatches, sizeof(*r->ring));
	r->workers = calloc(n, sizeof(*r->workers));
	if (r->ring == NULL || r->workers == NULL)
		goto fail;
	for (i = 0; i < r->nbatches; i++) {
		r->ring[i].items = calloc(BATCH_RESULTS,
		    sizeof(*r->ring[i].items));
		if (r->ring[i].items == NULL)
			goto fail;
	}
	for (i = 0; i < n; i++) {
		struct atlas_worker *w = &r->workers[r->nworkers];

		w->r = r;
		if ((w->decoder = atlas_decoder_new()) == NULL)
			break;
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			atlas_decoder_free(w->decoder);
			w->decoder = NULL;
			break;
		}
		r->nworkers++;
	}
	if (r->nworkers > 0)
		return true;
fail:
	if (r->ring != NULL)
		for (i = 0; i < r->nbatches; i++)
			free(r->ring[i].items);
	free(r->ring);
	free(r->workers);
	r->ring = NULL;
	r->workers = NULL;
	pthread_cond_destroy(&r->done);
fail_work:
	pthread_cond_destroy(&r->work);
fail_lock:
	pthread_mutex_destroy(&r->lock);
	return false;
}

/* Stop and join the workers, wherever they are, and free the ring. */
static void
pipe_free(struct atlas_reader *r)
{
	unsigned i;

	if (r->nworkers == 0)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->lock);
	for (i = 0; i < r->nworkers; i++) {
		pthread_join(r->workers[i].thread, NULL);
		atlas_decoder_free(r->workers[i].decoder);
	}
	for (i = 0; i < r->nbatches; i++) {
		free(r->ring[i].items);
		free(r->ring[i].text);
		free(r->ring[i].names);
	}
	free(r->ring);
	free(r->workers);
	pthread_cond_destroy(&r->done);
	pthread_cond_destroy(&r->work);
	pthread_mutex_destroy(&r->lock);
	r->nworkers = 0;
}

/* Several threads: hand out the oldest batch, framing ahead of it. */
static enum probe_status
next_piped(struct atlas_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	for (;;) {
		struct atlas_batch *b = &r->ring[r->out % r->nbatches];

		if (r->out_ready && b->next < b->n) {
			struct atlas_item *it = &b->items[b->next++];

			if (it->if_decoded && !r->last_ok)
				continue;
			if (it->status == PROBE_OK && it->name_off != NO_NAME)
				it->rec.dst_name = b->names + it->name_off;
			return hand_out(r, it, rec, err);
		}
		if (r->out_ready) {
			/* Handed out: free for the framing. */
			r->out_ready = false;
			r->out++;
			b = &r->ring[r->out % r->nbatches];
		}
		while (!r->framed_end && r->filled < r->out + r->nbatches) {
			batch_fill(r, &r->ring[r->filled % r->nbatches]);
			pthread_mutex_lock(&r->lock);
			r->filled++;
			pthread_cond_signal(&r->work);
			pthread_mutex_unlock(&r->lock);
		}
		pthread_mutex_lock(&r->lock);
		while (!b->decoded)
			pthread_cond_wait(&r->done, &r->lock);
		pthread_mutex_unlock(&r->lock);
		r->out_ready = true;
	}
}

enum probe_status
atlas_next(struct atlas_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	if (r->ended)
		return PROBE_END;
	if (!r->started) {
		r->started = true;
		if (r->threads > 1)
			(void)pipe_start(r);
	}
	if (r->nworkers > 0)
		return next_piped(r, rec, err);
	return next_inline(r, rec, err);
}
