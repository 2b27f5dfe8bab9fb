/*
 * test_input.c -- the input layer: format detection, every codec, the
 * window, damage and early close.
 *
 * Every compressed file is made at test time, with the same libraries
 * the input layer decodes with, in a temporary directory removed at the
 * end: no binary fixtures.
 */

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include "parsers/input.h"

#define MIB		(1024 * 1024)
/* Not a multiple of anything the input layer uses inside. */
#define CONTENT_SIZE	(3 * MIB + 12345)
/* A test that hangs is a failure too. */
#define TEST_TIMEOUT	120

static char	tmpdir[64];

struct bytes {
	uint8_t	*data;
	size_t	 len;
};

static void
bytes_append(struct bytes *b, const uint8_t *data, size_t len)
{
	b->data = realloc(b->data, b->len + len + 1);
	assert_non_null(b->data);
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
}

static void
bytes_free(struct bytes *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

/*
 * Content that compresses somewhat, like MRT: a record counter in most
 * bytes, noise in the rest.  Different seeds give different content.
 */
static struct bytes
make_content(size_t len, uint32_t seed)
{
	struct bytes	b = { NULL, 0 };
	uint32_t	x = seed * 2654435761u + 1;
	size_t		i;

	b.data = malloc(len + 1);
	assert_non_null(b.data);
	b.len = len;
	for (i = 0; i < len; i++) {
		if (i % 64 < 40) {
			b.data[i] = (uint8_t)(i / 64 + seed);
		} else {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			b.data[i] = (uint8_t)(x % 23);
		}
	}
	return b;
}

static struct bytes
gzip_bytes(const uint8_t *data, size_t len)
{
	struct bytes	out = { NULL, 0 };
	z_stream	z;
	uLong		bound;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	bound = deflateBound(&z, (uLong)len);
	out.data = malloc(bound);
	assert_non_null(out.data);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out.data;
	z.avail_out = (uInt)bound;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	out.len = z.total_out;
	deflateEnd(&z);
	return out;
}

static struct bytes
bzip2_bytes(const uint8_t *data, size_t len)
{
	struct bytes	out = { NULL, 0 };
	unsigned int	outlen = (unsigned int)(len + len / 100 + 600);

	out.data = malloc(outlen);
	assert_non_null(out.data);
	/* Block size 1 (100k): several blocks even in a small file. */
	assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out.data, &outlen,
	    (char *)(uintptr_t)data, (unsigned int)len, 1, 0, 0), BZ_OK);
	out.len = outlen;
	return out;
}

static struct bytes
xz_bytes(const uint8_t *data, size_t len)
{
	struct bytes	out = { NULL, 0 };
	size_t		bound = lzma_stream_buffer_bound(len), pos = 0;

	out.data = malloc(bound);
	assert_non_null(out.data);
	assert_int_equal(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL,
	    data, len, out.data, &pos, bound), LZMA_OK);
	out.len = pos;
	return out;
}

/* Write a file in the temporary directory; returns its path (static). */
static const char *
write_file(const char *name, const uint8_t *data, size_t len)
{
	static char	path[128];
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	if (len > 0)
		assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static struct input *
open_ok(const char *path)
{
	struct input	*in;
	char		 err[256] = "";

	in = input_open(path, err, sizeof(err));
	if (in == NULL)
		fail_msg("input_open(%s): %s", path, err);
	return in;
}

/*
 * Read everything with peeks of varying size, checking offsets as it
 * goes.  Returns what was delivered.
 */
static struct bytes
read_all(struct input *in)
{
	struct bytes	 got = { NULL, 0 };
	const uint8_t	*data;
	size_t		 n, want, round = 0;

	for (;;) {
		/* Small, record-sized and chunk-crossing peeks in turn. */
		want = (size_t[]){ 1, 12, 4096, 70000, 1 * MIB + 3 }[round % 5];
		round++;
		assert_int_equal(input_offset(in), got.len);
		n = input_peek(in, want, &data);
		if (n == 0)
			break;
		bytes_append(&got, data, n);
		input_consume(in, n);
	}
	assert_int_equal(input_offset(in), got.len);
	return got;
}

static void
assert_delivers(const char *path, enum input_compression compression,
    const struct bytes *expect)
{
	struct input	*in = open_ok(path);
	struct bytes	 got;

	assert_int_equal(input_compression(in), compression);
	got = read_all(in);
	if (input_error(in) != NULL)
		fail_msg("%s: unexpected error: %s", path, input_error(in));
	assert_int_equal(got.len, expect->len);
	if (expect->len > 0)
		assert_memory_equal(got.data, expect->data, expect->len);
	bytes_free(&got);
	input_close(in);
}

/* Damaged input: a good prefix, then an error mentioning what. */
static struct bytes
assert_damaged(const char *path, enum input_compression compression,
    const char *prefix, const char *what)
{
	struct input	*in = open_ok(path);
	struct bytes	 got;
	const char	*error;

	assert_int_equal(input_compression(in), compression);
	got = read_all(in);
	error = input_error(in);
	assert_non_null(error);
	if (strncmp(error, prefix, strlen(prefix)) != 0 ||
	    (what != NULL && strstr(error, what) == NULL))
		fail_msg("%s: error \"%s\" lacks \"%s\" or \"%s\"", path, error,
		    prefix, what != NULL ? what : "");
	input_close(in);
	return got;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_input.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	DIR		*dir;
	struct dirent	*de;
	char		 path[512];

	(void)state;
	if ((dir = opendir(tmpdir)) == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
		unlink(path);
	}
	closedir(dir);
	return rmdir(tmpdir);
}

/* A stuck test dies of SIGALRM instead of hanging "make check". */
static int
arm_timeout(void **state)
{
	(void)state;
	alarm(TEST_TIMEOUT);
	return 0;
}

static int
disarm_timeout(void **state)
{
	(void)state;
	alarm(0);
	return 0;
}

static void
test_raw(void **state)
{
	struct bytes	 content = make_content(CONTENT_SIZE, 1);
	const char	*path = write_file("raw", content.data, content.len);
	struct input	*in;
	struct bytes	 got;

	(void)state;
	assert_delivers(path, INPUT_RAW, &content);

	in = open_ok(path);
	assert_string_equal(input_name(in), path);
	got = read_all(in);
	assert_int_equal(input_compressed_bytes(in), content.len);
	bytes_free(&got);
	input_close(in);
	bytes_free(&content);
}

static void
test_gzip(void **state)
{
	struct bytes	 content = make_content(CONTENT_SIZE, 2);
	struct bytes	 gz = gzip_bytes(content.data, content.len);
	const char	*path = write_file("single.gz", gz.data, gz.len);
	struct input	*in;
	struct bytes	 got;

	(void)state;
	assert_delivers(path, INPUT_GZIP, &content);

	in = open_ok(path);
	got = read_all(in);
	assert_int_equal(input_compressed_bytes(in), gz.len);
	bytes_free(&got);
	input_close(in);
	bytes_free(&gz);
	bytes_free(&content);
}

static void
test_gzip_multi_member(void **state)
{
	struct bytes	 content = make_content(CONTENT_SIZE, 3);
	struct bytes	 file = { NULL, 0 }, member;
	/* Member sizes, an empty one among them; the last takes the rest. */
	size_t		 cuts[] = { 100, 1 * MIB, 0, 5, MIB + 77 };
	size_t		 i, at = 0, len;

	(void)state;
	for (i = 0; i <= sizeof(cuts) / sizeof(cuts[0]); i++) {
		len = i < sizeof(cuts) / sizeof(cuts[0]) ?
		    cuts[i] : content.len - at;
		member = gzip_bytes(content.data + at, len);
		bytes_append(&file, member.data, member.len);
		bytes_free(&member);
		at += len;
	}
	assert_int_equal(at, content.len);
	assert_delivers(write_file("multi.gz", file.data, file.len),
	    INPUT_GZIP, &content);
	bytes_free(&file);
	bytes_free(&content);
}

static void
test_gzip_trailing_zeros(void **state)
{
	struct bytes	 content = make_content(100000, 4);
	struct bytes	 file = gzip_bytes(content.data, content.len);
	uint8_t		 zeros[3000];

	(void)state;
	memset(zeros, 0, sizeof(zeros));
	bytes_append(&file, zeros, sizeof(zeros));
	assert_delivers(write_file("zeros.gz", file.data, file.len),
	    INPUT_GZIP, &content);
	bytes_free(&file);
	bytes_free(&content);
}

static void
test_gzip_trailing_garbage(void **state)
{
	struct bytes	 content = make_content(100000, 5);
	struct bytes	 file = gzip_bytes(content.data, content.len);
	struct bytes	 got;
	const uint8_t	 garbage[] = { 0, 0, 'j', 'u', 'n', 'k' };

	(void)state;
	bytes_append(&file, garbage, sizeof(garbage));
	got = assert_damaged(write_file("garbage.gz", file.data, file.len),
	    INPUT_GZIP, "gzip: ", "trailing garbage");
	/* Everything before the garbage was good and delivered. */
	assert_int_equal(got.len, content.len);
	assert_memory_equal(got.data, content.data, content.len);
	bytes_free(&got);
	bytes_free(&file);
	bytes_free(&content);
}

static void
test_bzip2(void **state)
{
	struct bytes	 content = make_content(CONTENT_SIZE, 6);
	struct bytes	 bz = bzip2_bytes(content.data, content.len);

	(void)state;
	assert_delivers(write_file("single.bz2", bz.data, bz.len),
	    INPUT_BZIP2, &content);
	bytes_free(&bz);
	bytes_free(&content);
}

static void
test_bzip2_trailer(void **state)
{
	struct bytes	 content = make_content(300000, 16);
	struct bytes	 file = bzip2_bytes(content.data, content.len);
	struct bytes	 got;
	uint8_t		 zeros[5000];

	(void)state;
	memset(zeros, 0, sizeof(zeros));
	bytes_append(&file, zeros, sizeof(zeros));
	assert_delivers(write_file("zeros.bz2", file.data, file.len),
	    INPUT_BZIP2, &content);

	/* Not another stream ("BZh" and a digit): garbage. */
	bytes_append(&file, (const uint8_t *)"BZh0", 4);
	got = assert_damaged(write_file("garbage.bz2", file.data, file.len),
	    INPUT_BZIP2, "bzip2: ", "trailing garbage");
	assert_int_equal(got.len, content.len);
	assert_memory_equal(got.data, content.data, content.len);
	bytes_free(&got);
	bytes_free(&file);
	bytes_free(&content);
}

static void
test_bzip2_multi_stream(void **state)
{
	struct bytes	 content = make_content(CONTENT_SIZE, 7);
	struct bytes	 file = { NULL, 0 }, stream;
	size_t		 at, len;

	(void)state;
	/* As pbzip2 writes: one stream per 900k of input. */
	for (at = 0; at < content.len; at += len) {
		len = content.len - at < 900000 ? content.len - at : 900000;
		stream = bzip2_bytes(content.data + at, len);
		bytes_append(&file, stream.data, stream.len);
		bytes_free(&stream);
	}
	assert_delivers(write_file("multi.bz2", file.data, file.len),
	    INPUT_BZIP2, &content);
	bytes_free(&file);
	bytes_free(&content);
}

static void
test_xz(void **state)
{
	struct bytes	 content = make_content(CONTENT_SIZE, 8);
	struct bytes	 file = xz_bytes(content.data, content.len);
	struct bytes	 second, both = { NULL, 0 };

	(void)state;
	assert_delivers(write_file("single.xz", file.data, file.len),
	    INPUT_XZ, &content);

	/* Concatenated streams, as xz -c a b > ab makes. */
	second = xz_bytes(content.data, 1000);
	bytes_append(&file, second.data, second.len);
	bytes_append(&both, content.data, content.len);
	bytes_append(&both, content.data, 1000);
	assert_delivers(write_file("multi.xz", file.data, file.len),
	    INPUT_XZ, &both);
	bytes_free(&both);
	bytes_free(&second);
	bytes_free(&file);
	bytes_free(&content);
}

static void
test_empty_and_tiny(void **state)
{
	struct bytes	 none = { NULL, 0 };
	struct bytes	 tiny;
	struct input	*in;
	const uint8_t	*data;

	(void)state;
	assert_delivers(write_file("empty", NULL, 0), INPUT_RAW, &none);

	in = open_ok(write_file("empty", NULL, 0));
	assert_int_equal(input_peek(in, 100, &data), 0);
	assert_null(input_error(in));
	assert_int_equal(input_skip(in, 10), 0);
	assert_int_equal(input_offset(in), 0);
	assert_int_equal(input_compressed_bytes(in), 0);
	input_close(in);

	/* Shorter than any magic: raw. */
	tiny.data = (uint8_t *)"B";
	tiny.len = 1;
	assert_delivers(write_file("b", tiny.data, tiny.len), INPUT_RAW, &tiny);
	tiny.data = (uint8_t *)"BZh";
	tiny.len = 3;
	assert_delivers(write_file("bzh", tiny.data, tiny.len), INPUT_RAW,
	    &tiny);
	tiny.data = (uint8_t *)"\xfd" "7zX";
	tiny.len = 4;
	assert_delivers(write_file("xzish", tiny.data, tiny.len), INPUT_RAW,
	    &tiny);
}

/*
 * Peeks, consumes and skips of every size in a fixed pseudo-random
 * order; what each peek shows must be the content at input_offset().
 */
static void
check_offsets(const char *path, const struct bytes *content)
{
	struct input	*in = open_ok(path);
	const uint8_t	*data;
	uint64_t	 at = 0, skipped;
	uint32_t	 x = 12345;
	size_t		 n, want, take;

	while (at < content->len) {
		x = x * 1103515245u + 12345;
		want = (x >> 8) % 300000;
		n = input_peek(in, want, &data);
		assert_int_equal(input_offset(in), at);
		if (n < want)
			assert_int_equal(n, content->len - at);
		assert_true(n >= (want < content->len - at ?
		    want : content->len - at));
		if (n > 0)
			assert_memory_equal(data, content->data + at, n);

		switch (x % 4) {
		case 0:	/* skip past the window and then some */
			skipped = input_skip(in, (x >> 4) % (3 * MIB));
			at += skipped;
			break;
		case 1:	/* skip within the window */
			take = n > 0 ? (x >> 3) % n : 0;
			assert_int_equal(input_skip(in, take), take);
			at += take;
			break;
		default:
			take = n > 0 ? (x >> 3) % (n + 1) : 0;
			input_consume(in, take);
			at += take;
			break;
		}
		assert_int_equal(input_offset(in), at);
	}
	assert_int_equal(input_peek(in, 1, &data), 0);
	assert_int_equal(input_skip(in, 1000), 0);
	assert_int_equal(input_offset(in), content->len);
	assert_null(input_error(in));
	input_close(in);
}

static void
test_offsets(void **state)
{
	struct bytes	 content = make_content(8 * MIB + 5, 9);
	struct bytes	 gz = gzip_bytes(content.data, content.len);

	(void)state;
	check_offsets(write_file("offsets", content.data, content.len),
	    &content);
	check_offsets(write_file("offsets.gz", gz.data, gz.len), &content);
	bytes_free(&gz);
	bytes_free(&content);
}

static void
test_skip_past_end(void **state)
{
	struct bytes	 content = make_content(2 * MIB + 1, 10);
	struct bytes	 gz = gzip_bytes(content.data, content.len);
	struct input	*in;
	const uint8_t	*data;

	(void)state;
	in = open_ok(write_file("skip.gz", gz.data, gz.len));
	assert_int_equal(input_peek(in, 10, &data) >= 10, 1);
	input_consume(in, 3);
	assert_int_equal(input_skip(in, 10 * MIB), content.len - 3);
	assert_int_equal(input_offset(in), content.len);
	assert_int_equal(input_peek(in, 1, &data), 0);
	assert_null(input_error(in));
	input_close(in);
	bytes_free(&gz);
	bytes_free(&content);
}

static void
check_large_peek(const char *path, const struct bytes *content)
{
	struct input	*in = open_ok(path);
	const uint8_t	*data;
	size_t		 n;

	/* Out of step with everything inside first. */
	assert_true(input_peek(in, 7, &data) >= 7);
	input_consume(in, 7);
	n = input_peek(in, 5 * MIB, &data);
	assert_true(n >= 5 * MIB);
	assert_memory_equal(data, content->data + 7, 5 * MIB);
	input_consume(in, 5 * MIB - 1);

	/* More than the window may hold: whatever is left, and no error. */
	n = input_peek(in, INPUT_MAX_WINDOW + 1, &data);
	assert_int_equal(n, content->len - 5 * MIB - 6);
	assert_memory_equal(data, content->data + 5 * MIB + 6, n);
	assert_null(input_error(in));
	input_close(in);
}

static void
test_large_peek(void **state)
{
	struct bytes	 content = make_content(7 * MIB + 3, 11);
	struct bytes	 gz = gzip_bytes(content.data, content.len);

	(void)state;
	check_large_peek(write_file("large", content.data, content.len),
	    &content);
	check_large_peek(write_file("large.gz", gz.data, gz.len), &content);
	bytes_free(&gz);
	bytes_free(&content);
}

/* Cut a compressed file short: the prefix is delivered, then an error. */
static void
check_truncated(const char *name, enum input_compression compression,
    const struct bytes *content, const struct bytes *file,
    const char *prefix)
{
	struct bytes	got;

	got = assert_damaged(write_file(name, file->data, file->len * 6 / 10),
	    compression, prefix, "truncated");
	assert_true(got.len > 0);
	assert_true(got.len < content->len);
	assert_memory_equal(got.data, content->data, got.len);
	bytes_free(&got);
}

static void
test_truncated(void **state)
{
	struct bytes	 content = make_content(CONTENT_SIZE, 12);
	struct bytes	 gz = gzip_bytes(content.data, content.len);
	struct bytes	 bz = bzip2_bytes(content.data, content.len);
	struct bytes	 xz = xz_bytes(content.data, content.len);
	struct bytes	 got;

	(void)state;
	check_truncated("cut.gz", INPUT_GZIP, &content, &gz, "gzip: ");
	check_truncated("cut.bz2", INPUT_BZIP2, &content, &bz, "bzip2: ");
	check_truncated("cut.xz", INPUT_XZ, &content, &xz, "xz: ");

	/* Cut just after the magic: nothing to deliver but the error. */
	got = assert_damaged(write_file("magic.gz", gz.data, 4), INPUT_GZIP,
	    "gzip: ", "truncated");
	assert_int_equal(got.len, 0);
	bytes_free(&got);

	bytes_free(&xz);
	bytes_free(&bz);
	bytes_free(&gz);
	bytes_free(&content);
}

static void
check_corrupt(const char *name, enum input_compression compression,
    struct bytes *file, const char *prefix)
{
	struct bytes	got;
	size_t		i;

	for (i = file->len / 2; i < file->len / 2 + 16; i++)
		file->data[i] ^= 0x55;
	got = assert_damaged(write_file(name, file->data, file->len),
	    compression, prefix, NULL);
	bytes_free(&got);
}

static void
test_corrupt(void **state)
{
	struct bytes	 content = make_content(CONTENT_SIZE, 13);
	struct bytes	 gz = gzip_bytes(content.data, content.len);
	struct bytes	 bz = bzip2_bytes(content.data, content.len);
	struct bytes	 xz = xz_bytes(content.data, content.len);

	(void)state;
	check_corrupt("bad.gz", INPUT_GZIP, &gz, "gzip: ");
	check_corrupt("bad.bz2", INPUT_BZIP2, &bz, "bzip2: ");
	check_corrupt("bad.xz", INPUT_XZ, &xz, "xz: ");
	bytes_free(&xz);
	bytes_free(&bz);
	bytes_free(&gz);
	bytes_free(&content);
}

static void
test_open_errors(void **state)
{
	char		 err[256] = "";
	char		 path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such-file.mrt", tmpdir);
	assert_null(input_open(path, err, sizeof(err)));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, strerror(ENOENT)));

	/* Opens, but cannot be read. */
	err[0] = '\0';
	assert_null(input_open(tmpdir, err, sizeof(err)));
	assert_non_null(strstr(err, tmpdir));
	assert_non_null(strstr(err, strerror(EISDIR)));
}

/* Stopping early must not leave the producer stuck on a full queue. */
static void
test_early_close(void **state)
{
	struct bytes	 content = make_content(32 * MIB, 14);
	struct bytes	 gz = gzip_bytes(content.data, content.len);
	const char	*names[] = { "big", "big.gz" };
	const struct bytes *files[] = { &content, &gz };
	const char	*path;
	struct input	*in;
	const uint8_t	*data;
	size_t		 i;

	(void)state;
	for (i = 0; i < 2; i++) {
		path = write_file(names[i], files[i]->data, files[i]->len);

		/* Closed at once. */
		in = open_ok(path);
		input_close(in);

		/* Closed with the queue full. */
		in = open_ok(path);
		assert_true(input_peek(in, 100, &data) >= 100);
		input_consume(in, 50);
		usleep(200 * 1000);
		input_close(in);

		/* Closed after a skip into the middle. */
		in = open_ok(path);
		assert_int_equal(input_skip(in, 10 * MIB), 10 * MIB);
		input_close(in);
	}
	bytes_free(&gz);
	bytes_free(&content);
}

struct pipe_writer {
	int			 fd;
	const struct bytes	*file;
};

/* Dribble the file in: the magic split across reads, then in pieces. */
static void *
pipe_writer_main(void *arg)
{
	struct pipe_writer	*w = arg;
	size_t			 at = 0, piece;
	ssize_t			 n;

	while (at < w->file->len) {
		piece = at == 0 ? 1 : 10000;
		if (piece > w->file->len - at)
			piece = w->file->len - at;
		n = write(w->fd, w->file->data + at, piece);
		if (n <= 0)
			break;
		at += (size_t)n;
	}
	close(w->fd);
	return NULL;
}

static void
test_stdin_pipe(void **state)
{
	struct bytes		 content = make_content(CONTENT_SIZE, 15);
	struct bytes		 gz = gzip_bytes(content.data, content.len);
	struct bytes		 got;
	struct pipe_writer	 w;
	struct input		*in;
	pthread_t		 writer;
	int			 fds[2], saved_stdin;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	saved_stdin = dup(STDIN_FILENO);
	assert_true(saved_stdin >= 0);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	w.fd = fds[1];
	w.file = &gz;
	assert_int_equal(pthread_create(&writer, NULL, pipe_writer_main, &w),
	    0);

	in = open_ok("-");
	assert_string_equal(input_name(in), "(stdin)");
	assert_int_equal(input_compression(in), INPUT_GZIP);
	got = read_all(in);
	assert_null(input_error(in));
	assert_int_equal(got.len, content.len);
	assert_memory_equal(got.data, content.data, content.len);
	assert_int_equal(input_compressed_bytes(in), gz.len);
	input_close(in);
	pthread_join(writer, NULL);

	/* stdin is the caller's: input_close() must have left it open. */
	assert_int_equal(dup2(saved_stdin, STDIN_FILENO), STDIN_FILENO);
	close(saved_stdin);
	bytes_free(&got);
	bytes_free(&gz);
	bytes_free(&content);
}

static void
test_compression_names(void **state)
{
	(void)state;
	assert_string_equal(input_compression_name(INPUT_RAW), "raw");
	assert_string_equal(input_compression_name(INPUT_GZIP), "gzip");
	assert_string_equal(input_compression_name(INPUT_BZIP2), "bzip2");
	assert_string_equal(input_compression_name(INPUT_XZ), "xz");
}

#define TIMED_TEST(f)	cmocka_unit_test_setup_teardown(f, arm_timeout, \
			    disarm_timeout)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TIMED_TEST(test_raw),
		TIMED_TEST(test_gzip),
		TIMED_TEST(test_gzip_multi_member),
		TIMED_TEST(test_gzip_trailing_zeros),
		TIMED_TEST(test_gzip_trailing_garbage),
		TIMED_TEST(test_bzip2),
		TIMED_TEST(test_bzip2_trailer),
		TIMED_TEST(test_bzip2_multi_stream),
		TIMED_TEST(test_xz),
		TIMED_TEST(test_empty_and_tiny),
		TIMED_TEST(test_offsets),
		TIMED_TEST(test_skip_past_end),
		TIMED_TEST(test_large_peek),
		TIMED_TEST(test_truncated),
		TIMED_TEST(test_corrupt),
		TIMED_TEST(test_open_errors),
		TIMED_TEST(test_early_close),
		TIMED_TEST(test_stdin_pipe),
		TIMED_TEST(test_compression_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
