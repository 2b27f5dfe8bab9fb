/*
 * input.c -- one file or stdin, decompressed in its own thread, read
 * through a contiguous window.
 *
 * Two threads share a struct input.
 *
 * The producer thread owns the file descriptor, the read buffer and the
 * codec (zlib, libbzip2 or liblzma).  It reads the file READ_SIZE bytes
 * at a time, decompresses, and publishes CHUNK_SIZE chunks into a ring of
 * QUEUE_SLOTS slots.  When the ring is full it waits, so memory stays
 * bounded however far ahead of the decoder it could run.
 *
 * The consumer -- whoever calls input_peek() -- copies chunks into the
 * window, the one buffer decoders see, and hands each slot back once it
 * has been drained.  Every uncompressed byte is copied once, chunk to
 * window, plus the few bytes of a partial record moved down when the
 * window is compacted.
 *
 * The ring is a single-producer, single-consumer queue: only "count"
 * (slots published and not yet handed back) is shared, under the mutex.
 * The producer writes slot "tail" only while count < QUEUE_SLOTS, and the
 * consumer reads slot "head" only while count > 0, so neither touches a
 * slot the other is using.  The producer's error message is written
 * before the last slot is published and read only after the consumer has
 * seen producer_done under the mutex.
 *
 * Raw input goes through the same thread: read-ahead into the ring costs
 * the consumer one memcpy per byte and no read(2) system calls.
 */

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>
#include <zlib.h>
#ifdef HAVE_LZMA
#include <lzma.h>
#endif

#include "parsers/input.h"

#define READ_SIZE	(1024 * 1024)	/* one read(2) of the file */
#define CHUNK_SIZE	(1024 * 1024)	/* one slot of output */
#define QUEUE_SLOTS	4
#define WINDOW_INITIAL	(2 * CHUNK_SIZE)
#define MAGIC_MAX	6		/* longest magic we test (xz) */
/*
 * Buffers are page-aligned: the kernel copies into an aligned read
 * buffer several times faster (8 GB/s against 2 GB/s here) than into
 * malloc's 16-byte-aligned one.  Every size above is a multiple.
 */
#define BUFFER_ALIGN	4096
#define ERROR_MAX	256

struct chunk {
	uint8_t		*data;		/* CHUNK_SIZE bytes */
	size_t		 len;		/* of which in use */
	uint64_t	 read_total;	/* file bytes read when published */
};

/* What one call of a codec's fill function left in its chunk. */
enum fill_status {
	FILL_MORE,	/* the chunk is full; there is more to come */
	FILL_END,	/* the content ended cleanly after these bytes */
	FILL_ERROR,	/* damage after these bytes; prod.error says what */
};

/* Touched only by the producer thread once input_open() has started it. */
struct producer {
	int		 fd;
	uint8_t		*readbuf;	/* READ_SIZE bytes */
	uint8_t		*next_in;	/* first byte the codec has not taken */
	size_t		 avail_in;	/* bytes from next_in on */
	bool		 eof;		/* read(2) has returned 0 */
	uint64_t	 read_total;	/* bytes read from the file */
	unsigned	 tail;		/* slot to fill next */
	bool		 codec_ready;	/* codec needs its end function */
	union {
		z_stream	 gz;
		bz_stream	 bz;
#ifdef HAVE_LZMA
		lzma_stream	 xz;
#endif
	}		 codec;
	char		 error[ERROR_MAX];
};

struct input {
	char		*name;
	bool		 owns_fd;	/* false for stdin */
	enum input_compression compression;

	/* The ring.  count, producer_done and stop are under lock. */
	pthread_mutex_t	 lock;
	pthread_cond_t	 published;	/* count went up, or producer_done */
	pthread_cond_t	 released;	/* count went down, or stop */
	bool		 sync_ready;	/* lock and conditions initialised */
	struct chunk	 slots[QUEUE_SLOTS];
	unsigned	 count;		/* slots published, not released */
	bool		 producer_done;	/* no slot follows those published */
	bool		 stop;		/* the consumer is closing */
	pthread_t	 thread;
	bool		 thread_started;

	struct producer	 prod;

	/* Consumer side. */
	uint8_t		*window;
	size_t		 window_cap;
	size_t		 window_start;	/* first unconsumed byte */
	size_t		 window_end;	/* one past the last buffered byte */
	uint64_t	 offset;	/* content offset of window_start */
	unsigned	 head;		/* oldest published slot */
	size_t		 head_pos;	/* bytes of it already taken */
	bool		 holding;	/* slot head is being drained */
	bool		 at_end;	/* no slot will be published again */
	/* read_total of the last slot taken: input_compressed_bytes() */
	uint64_t	 compressed_seen;
	bool		 failed;	/* error says why the content stops */
	char		 error[ERROR_MAX];
};

static const uint8_t	gzip_magic[] = { 0x1f, 0x8b };
static const uint8_t	xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

/*
 * Producer: reading the file.
 */

/* Compressed offset of the first byte the codec has not taken yet. */
static uint64_t
producer_offset(const struct producer *p)
{
	return p->read_total - p->avail_in;
}

static void
producer_take(struct producer *p, size_t n)
{
	p->next_in += n;
	p->avail_in -= n;
}

/*
 * Read once more, keeping the bytes not taken yet at the front of the
 * buffer.  Returns 0 (with more bytes or eof set), or -1 on a read error
 * with the message in p->error and errno preserved.
 */
static int
producer_read(struct producer *p)
{
	ssize_t	n;
	int	saved_errno;

	/* Callers read only when the buffer is (all but) used up. */
	assert(p->avail_in < READ_SIZE);
	if (p->next_in != p->readbuf && p->avail_in > 0)
		memmove(p->readbuf, p->next_in, p->avail_in);
	p->next_in = p->readbuf;

	do {
		n = read(p->fd, p->readbuf + p->avail_in,
		    READ_SIZE - p->avail_in);
	} while (n == -1 && errno == EINTR);
	if (n == -1) {
		saved_errno = errno;
		snprintf(p->error, sizeof(p->error),
		    "read: %s (compressed offset %" PRIu64 ")",
		    strerror(saved_errno), p->read_total);
		errno = saved_errno;
		return -1;
	}
	if (n == 0)
		p->eof = true;
	p->avail_in += (size_t)n;
	p->read_total += (uint64_t)n;
	return 0;
}

/* Have at least want bytes not taken yet, unless the file ends first. */
static int
producer_want(struct producer *p, size_t want)
{
	while (p->avail_in < want && !p->eof) {
		if (producer_read(p) == -1)
			return -1;
	}
	return 0;
}

static bool
is_bzip2_magic(const uint8_t *bytes, size_t len)
{
	/* "BZh" and the block size digit, which every bzip2 stream has. */
	return len >= 4 && bytes[0] == 'B' && bytes[1] == 'Z' &&
	    bytes[2] == 'h' && bytes[3] >= '1' && bytes[3] <= '9';
}

static enum input_compression
detect_compression(const uint8_t *bytes, size_t len)
{
	if (len >= sizeof(gzip_magic) &&
	    memcmp(bytes, gzip_magic, sizeof(gzip_magic)) == 0)
		return INPUT_GZIP;
	if (is_bzip2_magic(bytes, len))
		return INPUT_BZIP2;
	if (len >= sizeof(xz_magic) &&
	    memcmp(bytes, xz_magic, sizeof(xz_magic)) == 0)
		return INPUT_XZ;
	return INPUT_RAW;
}

/*
 * After the last complete gzip member or bzip2 stream.  Zero bytes are
 * padding, as left by tape blocking or preallocated files, and end the
 * content cleanly (gzip(1) ignores them too).  Anything else is garbage:
 * reported, but everything before it has been delivered.
 */
static enum fill_status
producer_trailer(struct producer *p, const char *codec, const char *unit,
    uint64_t unit_end)
{
	size_t	i;

	for (;;) {
		for (i = 0; i < p->avail_in; i++) {
			if (p->next_in[i] != 0) {
				snprintf(p->error, sizeof(p->error),
				    "%s: trailing garbage after the %s ending "
				    "at compressed offset %" PRIu64,
				    codec, unit, unit_end);
				return FILL_ERROR;
			}
		}
		producer_take(p, p->avail_in);
		if (p->eof)
			return FILL_END;
		if (producer_read(p) == -1)
			return FILL_ERROR;
	}
}

/*
 * Raw: the bytes as they are.  Reads go straight into the chunk.
 */

static enum fill_status
raw_fill(struct producer *p, uint8_t *out, size_t cap, size_t *outlen)
{
	size_t	done = 0, n;
	ssize_t	got;

	/* First the bytes input_open() read to recognise the format. */
	if (p->avail_in > 0) {
		n = p->avail_in < cap ? p->avail_in : cap;
		memcpy(out, p->next_in, n);
		producer_take(p, n);
		done = n;
	}

	while (done < cap && !p->eof) {
		got = read(p->fd, out + done, cap - done);
		if (got == -1) {
			if (errno == EINTR)
				continue;
			snprintf(p->error, sizeof(p->error),
			    "read: %s (offset %" PRIu64 ")",
			    strerror(errno), p->read_total);
			*outlen = done;
			return FILL_ERROR;
		}
		if (got == 0)
			p->eof = true;
		done += (size_t)got;
		p->read_total += (uint64_t)got;
	}
	*outlen = done;
	return p->eof ? FILL_END : FILL_MORE;
}

/*
 * gzip, through zlib.  A file may hold several members one after another
 * (gzip -c a b > ab, or pigz --independent); each is a complete gzip
 * stream and their contents concatenate.
 */

static int
gzip_init(struct producer *p)
{
	memset(&p->codec.gz, 0, sizeof(p->codec.gz));
	/* 16 + window bits: gzip wrapper only, no zlib or raw deflate. */
	if (inflateInit2(&p->codec.gz, 16 + MAX_WBITS) != Z_OK)
		return -1;
	p->codec_ready = true;
	return 0;
}

/* A member has ended: start the next one, or end the content. */
static enum fill_status
gzip_next_member(struct producer *p)
{
	uint64_t	member_end = producer_offset(p);

	if (producer_want(p, sizeof(gzip_magic)) == -1)
		return FILL_ERROR;
	if (p->avail_in == 0)
		return FILL_END;
	if (p->avail_in >= sizeof(gzip_magic) &&
	    memcmp(p->next_in, gzip_magic, sizeof(gzip_magic)) == 0) {
		if (inflateReset(&p->codec.gz) != Z_OK) {
			snprintf(p->error, sizeof(p->error),
			    "gzip: cannot reset the decoder");
			return FILL_ERROR;
		}
		return FILL_MORE;
	}
	return producer_trailer(p, "gzip", "member", member_end);
}

static enum fill_status
gzip_fill(struct producer *p, uint8_t *out, size_t cap, size_t *outlen)
{
	z_stream		*z = &p->codec.gz;
	enum fill_status	 status = FILL_MORE;
	size_t			 done = 0;
	int			 rc;

	while (done < cap && status == FILL_MORE) {
		if (p->avail_in == 0 && !p->eof) {
			if (producer_read(p) == -1) {
				status = FILL_ERROR;
				break;
			}
		}
		z->next_in = p->next_in;
		z->avail_in = (uInt)p->avail_in;
		z->next_out = out + done;
		z->avail_out = (uInt)(cap - done);
		rc = inflate(z, Z_NO_FLUSH);
		producer_take(p, p->avail_in - z->avail_in);
		done = cap - z->avail_out;

		switch (rc) {
		case Z_OK:
			break;
		case Z_STREAM_END:
			status = gzip_next_member(p);
			break;
		case Z_BUF_ERROR:
			/* No progress was possible: out of input. */
			if (p->avail_in == 0 && p->eof) {
				snprintf(p->error, sizeof(p->error),
				    "gzip: compressed stream ends before the "
				    "end of its member (truncated file?)");
				status = FILL_ERROR;
			}
			break;
		default:
			snprintf(p->error, sizeof(p->error),
			    "gzip: %s (compressed offset %" PRIu64 ")",
			    z->msg != NULL ? z->msg : zError(rc),
			    producer_offset(p));
			status = FILL_ERROR;
			break;
		}
	}
	*outlen = done;
	return status;
}

/*
 * bzip2, through libbzip2.  pbzip2 and lbzip2 write one stream per
 * worker block, concatenated; bzip2(1) decompresses them all, so do we.
 */

static int
bzip2_init(struct producer *p)
{
	memset(&p->codec.bz, 0, sizeof(p->codec.bz));
	if (BZ2_bzDecompressInit(&p->codec.bz, 0, 0) != BZ_OK)
		return -1;
	p->codec_ready = true;
	return 0;
}

static const char *
bzip2_strerror(int rc)
{
	switch (rc) {
	case BZ_DATA_ERROR:
		return "compressed data is corrupt";
	case BZ_DATA_ERROR_MAGIC:
		return "not a bzip2 stream (bad magic)";
	case BZ_MEM_ERROR:
		return "out of memory";
	case BZ_PARAM_ERROR:
	case BZ_SEQUENCE_ERROR:
		return "decoder misuse (internal error)";
	default:
		return "unknown error";
	}
}

/* A stream has ended: start the next one, or end the content. */
static enum fill_status
bzip2_next_stream(struct producer *p)
{
	uint64_t	stream_end = producer_offset(p);

	if (producer_want(p, 4) == -1)
		return FILL_ERROR;
	if (p->avail_in == 0)
		return FILL_END;
	if (is_bzip2_magic(p->next_in, p->avail_in)) {
		/* libbzip2 has no reset; a fresh decoder per stream. */
		BZ2_bzDecompressEnd(&p->codec.bz);
		p->codec_ready = false;
		if (bzip2_init(p) == -1) {
			snprintf(p->error, sizeof(p->error),
			    "bzip2: cannot start a decoder for the stream at "
			    "compressed offset %" PRIu64, stream_end);
			return FILL_ERROR;
		}
		return FILL_MORE;
	}
	return producer_trailer(p, "bzip2", "stream", stream_end);
}

static enum fill_status
bzip2_fill(struct producer *p, uint8_t *out, size_t cap, size_t *outlen)
{
	bz_stream		*bz = &p->codec.bz;
	enum fill_status	 status = FILL_MORE;
	size_t			 done = 0, in_before, out_before;
	int			 rc;

	while (done < cap && status == FILL_MORE) {
		if (p->avail_in == 0 && !p->eof) {
			if (producer_read(p) == -1) {
				status = FILL_ERROR;
				break;
			}
		}
		in_before = p->avail_in;
		out_before = done;
		bz->next_in = (char *)p->next_in;
		bz->avail_in = (unsigned int)p->avail_in;
		bz->next_out = (char *)out + done;
		bz->avail_out = (unsigned int)(cap - done);
		rc = BZ2_bzDecompress(bz);
		producer_take(p, p->avail_in - bz->avail_in);
		done = cap - bz->avail_out;

		switch (rc) {
		case BZ_OK:
			/*
			 * libbzip2 says BZ_OK when it simply wants more
			 * input; with none left, that is a truncation.
			 */
			if (p->eof && p->avail_in == 0 &&
			    in_before == 0 && done == out_before) {
				snprintf(p->error, sizeof(p->error),
				    "bzip2: compressed stream ends before its "
				    "end-of-stream marker (truncated file?)");
				status = FILL_ERROR;
			}
			break;
		case BZ_STREAM_END:
			status = bzip2_next_stream(p);
			break;
		default:
			snprintf(p->error, sizeof(p->error),
			    "bzip2: %s (compressed offset %" PRIu64 ")",
			    bzip2_strerror(rc), producer_offset(p));
			status = FILL_ERROR;
			break;
		}
	}
	*outlen = done;
	return status;
}

/*
 * xz, through liblzma.  LZMA_CONCATENATED makes the decoder itself go on
 * across concatenated streams and the stream padding between them.  The
 * format defines its own padding (zeros, four at a time), so anything
 * else after the last stream is left to liblzma to reject, as xz(1) does.
 */

#ifdef HAVE_LZMA
static int
xz_init(struct producer *p)
{
	/* All zeros is what LZMA_STREAM_INIT stands for. */
	memset(&p->codec.xz, 0, sizeof(p->codec.xz));
	if (lzma_stream_decoder(&p->codec.xz, UINT64_MAX,
	    LZMA_CONCATENATED) != LZMA_OK)
		return -1;
	p->codec_ready = true;
	return 0;
}

static const char *
xz_strerror(lzma_ret rc)
{
	switch (rc) {
	case LZMA_DATA_ERROR:
		return "compressed data is corrupt";
	case LZMA_FORMAT_ERROR:
		return "not an xz stream (bad magic)";
	case LZMA_OPTIONS_ERROR:
		return "unsupported compression options";
	case LZMA_MEM_ERROR:
		return "out of memory";
	case LZMA_MEMLIMIT_ERROR:
		return "memory usage limit reached";
	case LZMA_PROG_ERROR:
		return "decoder misuse (internal error)";
	default:
		return "unknown error";
	}
}

static enum fill_status
xz_fill(struct producer *p, uint8_t *out, size_t cap, size_t *outlen)
{
	lzma_stream		*xz = &p->codec.xz;
	enum fill_status	 status = FILL_MORE;
	size_t			 done = 0;
	lzma_ret		 rc;

	while (done < cap && status == FILL_MORE) {
		if (p->avail_in == 0 && !p->eof) {
			if (producer_read(p) == -1) {
				status = FILL_ERROR;
				break;
			}
		}
		xz->next_in = p->next_in;
		xz->avail_in = p->avail_in;
		xz->next_out = out + done;
		xz->avail_out = cap - done;
		/* LZMA_FINISH once the decoder has all the input there is. */
		rc = lzma_code(xz, p->eof ? LZMA_FINISH : LZMA_RUN);
		producer_take(p, p->avail_in - xz->avail_in);
		done = cap - xz->avail_out;

		switch (rc) {
		case LZMA_OK:
			break;
		case LZMA_STREAM_END:
			status = FILL_END;
			break;
		case LZMA_BUF_ERROR:
			/* No progress was possible; only at eof can it be. */
			snprintf(p->error, sizeof(p->error),
			    "xz: compressed stream ends before its end "
			    "(truncated file?)");
			status = FILL_ERROR;
			break;
		default:
			snprintf(p->error, sizeof(p->error),
			    "xz: %s (compressed offset %" PRIu64 ")",
			    xz_strerror(rc), producer_offset(p));
			status = FILL_ERROR;
			break;
		}
	}
	*outlen = done;
	return status;
}
#endif /* HAVE_LZMA */

static int
codec_init(struct producer *p, enum input_compression compression)
{
	switch (compression) {
	case INPUT_RAW:
		return 0;
	case INPUT_GZIP:
		return gzip_init(p);
	case INPUT_BZIP2:
		return bzip2_init(p);
	case INPUT_XZ:
#ifdef HAVE_LZMA
		return xz_init(p);
#else
		return -1;
#endif
	}
	return -1;
}

static void
codec_end(struct producer *p, enum input_compression compression)
{
	if (!p->codec_ready)
		return;
	switch (compression) {
	case INPUT_RAW:
		break;
	case INPUT_GZIP:
		inflateEnd(&p->codec.gz);
		break;
	case INPUT_BZIP2:
		BZ2_bzDecompressEnd(&p->codec.bz);
		break;
	case INPUT_XZ:
#ifdef HAVE_LZMA
		lzma_end(&p->codec.xz);
#endif
		break;
	}
	p->codec_ready = false;
}

static enum fill_status
codec_fill(struct producer *p, enum input_compression compression,
    uint8_t *out, size_t cap, size_t *outlen)
{
	switch (compression) {
	case INPUT_RAW:
		return raw_fill(p, out, cap, outlen);
	case INPUT_GZIP:
		return gzip_fill(p, out, cap, outlen);
	case INPUT_BZIP2:
		return bzip2_fill(p, out, cap, outlen);
	case INPUT_XZ:
#ifdef HAVE_LZMA
		return xz_fill(p, out, cap, outlen);
#else
		break;
#endif
	}
	*outlen = 0;
	snprintf(p->error, sizeof(p->error), "no decoder for this format");
	return FILL_ERROR;
}

/*
 * The producer thread: fill a free slot, publish it, until the content
 * ends or the consumer asks it to stop.
 */
static void *
producer_main(void *arg)
{
	struct input		*in = arg;
	struct producer		*p = &in->prod;
	struct chunk		*slot;
	enum fill_status	 status = FILL_MORE;
	bool			 stop;

	while (status == FILL_MORE) {
		pthread_mutex_lock(&in->lock);
		while (in->count == QUEUE_SLOTS && !in->stop)
			pthread_cond_wait(&in->released, &in->lock);
		stop = in->stop;
		pthread_mutex_unlock(&in->lock);
		if (stop)
			break;

		slot = &in->slots[p->tail];
		status = codec_fill(p, in->compression, slot->data,
		    CHUNK_SIZE, &slot->len);
		slot->read_total = p->read_total;
		p->tail = (p->tail + 1) % QUEUE_SLOTS;

		pthread_mutex_lock(&in->lock);
		in->count++;
		if (status != FILL_MORE)
			in->producer_done = true;
		pthread_cond_signal(&in->published);
		pthread_mutex_unlock(&in->lock);
	}
	return NULL;
}

/*
 * Consumer: the ring.
 */

/* Hand the drained slot at head back to the producer. */
static void
queue_release(struct input *in)
{
	in->holding = false;
	in->head = (in->head + 1) % QUEUE_SLOTS;
	pthread_mutex_lock(&in->lock);
	in->count--;
	pthread_cond_signal(&in->released);
	pthread_mutex_unlock(&in->lock);
}

/*
 * Point *bytes at the untaken part of the oldest published chunk, waiting
 * for the producer if need be.  Returns its length; 0 once the content
 * has ended, with the producer's verdict copied to in->error.
 */
static size_t
queue_front(struct input *in, const uint8_t **bytes)
{
	struct chunk	*slot;

	for (;;) {
		if (in->holding) {
			slot = &in->slots[in->head];
			if (in->head_pos < slot->len) {
				*bytes = slot->data + in->head_pos;
				return slot->len - in->head_pos;
			}
			/* Only the last chunk can be empty. */
			queue_release(in);
			continue;
		}
		if (in->at_end)
			return 0;

		pthread_mutex_lock(&in->lock);
		while (in->count == 0 && !in->producer_done)
			pthread_cond_wait(&in->published, &in->lock);
		if (in->count > 0) {
			in->holding = true;
			in->head_pos = 0;
		} else {
			in->at_end = true;
			if (in->prod.error[0] != '\0' && !in->failed) {
				snprintf(in->error, sizeof(in->error), "%s",
				    in->prod.error);
				in->failed = true;
			}
		}
		pthread_mutex_unlock(&in->lock);
		if (in->holding)
			in->compressed_seen = in->slots[in->head].read_total;
	}
}

/* Take n bytes of what queue_front() offered. */
static void
queue_advance(struct input *in, size_t n)
{
	in->head_pos += n;
	if (in->head_pos == in->slots[in->head].len)
		queue_release(in);
}

/*
 * Consumer: the window.
 */

static size_t
window_avail(const struct input *in)
{
	return in->window_end - in->window_start;
}

/*
 * Make room for want bytes from window_start and at least one more byte
 * at the end: move the unconsumed bytes to the front, or into a bigger
 * buffer when want does not fit the current one.
 */
static int
window_make_room(struct input *in, size_t want)
{
	uint8_t	*bigger;
	size_t	 avail = window_avail(in), cap;

	if (want > in->window_cap) {
		cap = in->window_cap;
		while (cap < want)
			cap *= 2;
		if (cap > INPUT_MAX_WINDOW)
			cap = INPUT_MAX_WINDOW;
		/* Allocate and copy, not realloc: only avail bytes matter. */
		if ((bigger = aligned_alloc(BUFFER_ALIGN, cap)) == NULL)
			return -1;
		memcpy(bigger, in->window + in->window_start, avail);
		free(in->window);
		in->window = bigger;
		in->window_cap = cap;
		in->window_start = 0;
		in->window_end = avail;
		return 0;
	}
	if (in->window_cap - in->window_start < want ||
	    in->window_end == in->window_cap) {
		memmove(in->window, in->window + in->window_start, avail);
		in->window_start = 0;
		in->window_end = avail;
	}
	return 0;
}

/* Buffer want bytes, or all that is left when the content ends first. */
static void
window_fill(struct input *in, size_t want)
{
	const uint8_t	*bytes;
	size_t		 n, room;

	while (window_avail(in) < want) {
		if (window_make_room(in, want) == -1) {
			snprintf(in->error, sizeof(in->error),
			    "input: out of memory growing the window to %zu "
			    "bytes", want);
			in->failed = true;
			return;
		}
		if ((n = queue_front(in, &bytes)) == 0)
			return;
		room = in->window_cap - in->window_end;
		if (n > room)
			n = room;
		memcpy(in->window + in->window_end, bytes, n);
		in->window_end += n;
		queue_advance(in, n);
	}
}

/*
 * The API.
 */

static void	input_free(struct input *in);

struct input *
input_open(const char *path, char *err, size_t errlen)
{
	struct input	*in;
	const char	*name;
	sigset_t	 all, old;
	int		 i, rc;
	bool		 is_stdin = strcmp(path, "-") == 0;

	name = is_stdin ? "(stdin)" : path;
	if ((in = calloc(1, sizeof(*in))) == NULL) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return NULL;
	}
	in->prod.fd = -1;
	if ((in->name = strdup(name)) == NULL)
		goto fail_errno;

	if (is_stdin) {
		in->prod.fd = STDIN_FILENO;
	} else {
		if ((in->prod.fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			goto fail_errno;
		in->owns_fd = true;
		/* Only a hint for the kernel's read-ahead; ignore failure. */
		(void)posix_fadvise(in->prod.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}

	if ((in->prod.readbuf = aligned_alloc(BUFFER_ALIGN, READ_SIZE)) == NULL)
		goto fail_errno;
	in->prod.next_in = in->prod.readbuf;
	for (i = 0; i < QUEUE_SLOTS; i++) {
		in->slots[i].data = aligned_alloc(BUFFER_ALIGN, CHUNK_SIZE);
		if (in->slots[i].data == NULL)
			goto fail_errno;
	}
	if ((in->window = aligned_alloc(BUFFER_ALIGN, WINDOW_INITIAL)) == NULL)
		goto fail_errno;
	in->window_cap = WINDOW_INITIAL;

	/*
	 * Recognise the format here, not in the thread, so that
	 * input_compression() is known at once and an unreadable file
	 * (a directory, say) fails to open.  A pipe may hand over fewer
	 * bytes than a magic number per read.
	 */
	if (producer_want(&in->prod, MAGIC_MAX) == -1)
		goto fail_errno;
	in->compression = detect_compression(in->prod.next_in,
	    in->prod.avail_in);
	in->compressed_seen = in->prod.read_total;
#ifndef HAVE_LZMA
	if (in->compression == INPUT_XZ) {
		snprintf(err, errlen, "%s: xz-compressed, but this build "
		    "has no liblzma", name);
		goto fail;
	}
#endif
	if (codec_init(&in->prod, in->compression) == -1) {
		snprintf(err, errlen, "%s: %s: cannot start the decoder",
		    name, input_compression_name(in->compression));
		goto fail;
	}

	if ((rc = pthread_mutex_init(&in->lock, NULL)) != 0) {
		errno = rc;
		goto fail_errno;
	}
	if ((rc = pthread_cond_init(&in->published, NULL)) != 0) {
		pthread_mutex_destroy(&in->lock);
		errno = rc;
		goto fail_errno;
	}
	if ((rc = pthread_cond_init(&in->released, NULL)) != 0) {
		pthread_cond_destroy(&in->published);
		pthread_mutex_destroy(&in->lock);
		errno = rc;
		goto fail_errno;
	}
	in->sync_ready = true;

	/*
	 * Signals are for the program's main thread (a SIGINT handler, a
	 * SIGPIPE from stdout): the producer blocks them all.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&in->thread, NULL, producer_main, in);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		errno = rc;
		goto fail_errno;
	}
	in->thread_started = true;
	return in;

fail_errno:
	snprintf(err, errlen, "%s: %s", name, strerror(errno));
fail:
	input_free(in);
	return NULL;
}

/* Free whatever input_open() got as far as setting up. */
static void
input_free(struct input *in)
{
	int	i;

	codec_end(&in->prod, in->compression);
	if (in->owns_fd && in->prod.fd != -1)
		close(in->prod.fd);
	if (in->sync_ready) {
		pthread_cond_destroy(&in->released);
		pthread_cond_destroy(&in->published);
		pthread_mutex_destroy(&in->lock);
	}
	for (i = 0; i < QUEUE_SLOTS; i++)
		free(in->slots[i].data);
	free(in->prod.readbuf);
	free(in->window);
	free(in->name);
	free(in);
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	/*
	 * The consumer may stop early, with the producer waiting for a
	 * free slot: tell it to stop and wake it.  If it is in the middle
	 * of a chunk it finishes that first (a few milliseconds), or, on
	 * a pipe, waits for its read(2) to return.
	 */
	if (in->thread_started) {
		pthread_mutex_lock(&in->lock);
		in->stop = true;
		pthread_cond_signal(&in->released);
		pthread_mutex_unlock(&in->lock);
		pthread_join(in->thread, NULL);
	}
	input_free(in);
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

enum input_compression
input_compression(const struct input *in)
{
	return in->compression;
}

const char *
input_compression_name(enum input_compression c)
{
	switch (c) {
	case INPUT_RAW:
		return "raw";
	case INPUT_GZIP:
		return "gzip";
	case INPUT_BZIP2:
		return "bzip2";
	case INPUT_XZ:
		return "xz";
	}
	return "unknown";
}

size_t
input_peek(struct input *in, size_t want, const uint8_t **data)
{
	/* The window grows no further; callers check lengths against it. */
	if (want > INPUT_MAX_WINDOW)
		want = INPUT_MAX_WINDOW;
	if (window_avail(in) < want)
		window_fill(in, want);
	*data = in->window + in->window_start;
	return window_avail(in);
}

void
input_consume(struct input *in, size_t n)
{
	assert(n <= window_avail(in));
	if (n > window_avail(in))
		n = window_avail(in);
	in->window_start += n;
	in->offset += n;
	/* An empty window starts over at the front: no compaction needed. */
	if (in->window_start == in->window_end)
		in->window_start = in->window_end = 0;
}

uint64_t
input_skip(struct input *in, uint64_t n)
{
	const uint8_t	*bytes;
	uint64_t	 skipped;
	size_t		 len;

	skipped = n < window_avail(in) ? n : window_avail(in);
	input_consume(in, (size_t)skipped);

	/* The rest straight from the ring, never copied. */
	while (skipped < n) {
		if ((len = queue_front(in, &bytes)) == 0)
			break;
		if (len > n - skipped)
			len = (size_t)(n - skipped);
		queue_advance(in, len);
		skipped += len;
		in->offset += len;
	}
	return skipped;
}

uint64_t
input_offset(const struct input *in)
{
	return in->offset;
}

const char *
input_error(const struct input *in)
{
	return in->failed ? in->error : NULL;
}

uint64_t
input_compressed_bytes(const struct input *in)
{
	return in->compressed_seen;
}

/* Lines are looked for in steps that double, up to max. */
#define INPUT_LINE_STEP		4096

enum input_line_status
input_line(struct input *in, size_t max, const uint8_t **line, size_t *len,
    size_t *consumed, const char **why)
{
	size_t want = INPUT_LINE_STEP, avail;
	const uint8_t *p, *nl;

	*why = NULL;
	for (;;) {
		if (want > max)
			want = max;
		avail = input_peek(in, want, &p);
		nl = memchr(p, '\n', avail);
		*line = p;
		if (nl != NULL) {
			*len = (size_t)(nl - p);
			*consumed = *len + 1;
			if (*len > 0 && p[*len - 1] == '\r')
				(*len)--;
			return INPUT_LINE_OK;
		}
		*len = avail;
		*consumed = avail;
		if (avail < want) {
			if ((*why = input_error(in)) != NULL)
				return INPUT_LINE_DAMAGED;
			return avail == 0 ? INPUT_LINE_EOF : INPUT_LINE_TORN;
		}
		if (want >= max)
			return INPUT_LINE_TOO_LONG;
		want *= 2;
	}
}

uint64_t
input_skip_line(struct input *in)
{
	const uint8_t *p, *nl;
	size_t avail;
	uint64_t skipped = 0;

	while ((avail = input_peek(in, INPUT_LINE_STEP, &p)) > 0) {
		nl = memchr(p, '\n', avail);
		if (nl != NULL) {
			input_consume(in, (size_t)(nl - p) + 1);
			return skipped + (uint64_t)(nl - p) + 1;
		}
		input_consume(in, avail);
		skipped += avail;
	}
	return skipped;
}
