/*
 * input.h -- the input layer: one file or stdin, decompressed, streamed.
 *
 * Compression is recognised by the first bytes of the content, never by
 * the file name: gzip (1f 8b, every member of a multi-member file), bzip2
 * ("BZh", every stream of a multi-stream file as pbzip2 writes it), xz
 * (fd 37 7a 58 5a 00, when built with liblzma), otherwise raw.
 * Decompression runs in its own thread so that it overlaps decoding.
 *
 * Decoders read through a window: input_peek() makes bytes contiguous
 * and returns a pointer into the layer's own buffer, input_consume()
 * moves past them.  input_offset() is the uncompressed offset of the
 * first unconsumed byte, the figure error messages report.
 */
#ifndef LIGHTSOUT_INPUT_H
#define LIGHTSOUT_INPUT_H

#include <stddef.h>
#include <stdint.h>

enum input_compression {
	INPUT_RAW,
	INPUT_GZIP,
	INPUT_BZIP2,
	INPUT_XZ,
};

struct input;

/*
 * Open path, or standard input when path is "-".  On failure returns
 * NULL with a message (naming the file and the reason) in err.
 */
struct input	*input_open(const char *path, char *err, size_t errlen);

/* The name given to input_open ("-" shows as "(stdin)"). */
const char	*input_name(const struct input *in);

enum input_compression input_compression(const struct input *in);
const char	*input_compression_name(enum input_compression c);

/*
 * Make at least want contiguous bytes available and point *data at them.
 * Returns the number of bytes available: at least want, or fewer when the
 * content ends (cleanly or not: see input_error).  The pointer stays
 * valid until the next input_peek, input_consume or input_skip.
 * want may be large (a whole record); the window grows as needed, up to
 * INPUT_MAX_WINDOW bytes.
 */
#define INPUT_MAX_WINDOW	(64u * 1024 * 1024)
size_t		 input_peek(struct input *in, size_t want, const uint8_t **data);

/* Move past n bytes, which must have been made available by input_peek. */
void		 input_consume(struct input *in, size_t n);

/*
 * Move past n bytes whether or not they fit the window (for skipping a
 * record too large to hold).  Returns the number skipped, fewer at the
 * end of the content.
 */
uint64_t	 input_skip(struct input *in, uint64_t n);

/* What input_line() found. */
enum input_line_status {
	INPUT_LINE_OK,		/* a whole line */
	INPUT_LINE_EOF,		/* nothing left */
	INPUT_LINE_TORN,	/* the last line, without its line break */
	INPUT_LINE_DAMAGED,	/* the content is damaged: see *why */
	INPUT_LINE_TOO_LONG,	/* no line break within max bytes */
};

/*
 * The next line of a text input, for the line-oriented readers: *line and
 * *len hold it without its "\n" or "\r\n" (on TORN, DAMAGED and
 * TOO_LONG, the bytes there are), *consumed the bytes to input_consume()
 * to move past it (on TOO_LONG, past the max bytes looked at), and *why
 * the input's error on DAMAGED.  Nothing is consumed here.
 */
enum input_line_status input_line(struct input *in, size_t max,
		    const uint8_t **line, size_t *len, size_t *consumed,
		    const char **why);

/*
 * Move past the rest of a line too long to hold (after input_line said
 * INPUT_LINE_TOO_LONG): through the next line break, or to the end.
 * Returns the bytes skipped.
 */
uint64_t	 input_skip_line(struct input *in);

/* Uncompressed offset of the first unconsumed byte. */
uint64_t	 input_offset(const struct input *in);

/*
 * After a short input_peek: NULL when the content ended cleanly, else a
 * message saying what went wrong ("gzip: invalid block type",
 * "bzip2: stream ends before its end-of-stream marker", "read: I/O
 * error").  The uncompressed bytes delivered before the damage are good.
 */
const char	*input_error(const struct input *in);

/* Bytes read from the file (compressed size), for reports. */
uint64_t	 input_compressed_bytes(const struct input *in);

void		 input_close(struct input *in);

#endif
