/*
 * probe_run.h -- what the tests of the line-oriented probe readers (ping
 * logs, CSV probe logs) share: the records and skips of one read kept for
 * the assertions, and writing a test file plain or gzip-compressed.
 * Header-only, for test programs; include after cmocka.h.
 */
#ifndef LIGHTSOUT_TESTS_PROBE_RUN_H
#define LIGHTSOUT_TESTS_PROBE_RUN_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "parsers/diag.h"
#include "parsers/probe_record.h"

#define MAX_RESULTS	64

/* One thing the reader returned; strings copied out of its storage. */
struct result {
	enum probe_status	status;
	struct probe_record	rec;
	char			vantage[128];
	char			name[128];
	struct decode_error	err;
};

struct run {
	struct result	r[MAX_RESULTS];
	size_t		n, ok, skip;
	struct decode_stats stats;
};

/*
 * Keep what a reader's next() returned (not PROBE_END).  Skips of these
 * readers name a line of a file.
 */
static inline void
keep_result(struct run *run, enum probe_status st,
    const struct probe_record *rec, const struct decode_error *err)
{
	struct result *res;

	assert_true(run->n < MAX_RESULTS);
	res = &run->r[run->n++];
	res->status = st;
	if (st == PROBE_OK) {
		assert_non_null(rec);
		res->rec = *rec;
		if (rec->vantage != NULL)
			snprintf(res->vantage, sizeof(res->vantage), "%s",
			    rec->vantage);
		if (rec->dst_name != NULL)
			snprintf(res->name, sizeof(res->name), "%s",
			    rec->dst_name);
		run->ok++;
	} else {
		res->err = *err;
		assert_string_equal(err->record_unit, "line");
		assert_non_null(err->file);
		run->skip++;
	}
}

static inline void
write_file(const char *path, const void *data, size_t len, bool gzip)
{
	if (gzip) {
		gzFile gz = gzopen(path, "wb");

		assert_non_null(gz);
		assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
		assert_int_equal(gzclose(gz), Z_OK);
	} else {
		FILE *fp = fopen(path, "wb");

		assert_non_null(fp);
		assert_int_equal(fwrite(data, 1, len, fp), len);
		assert_int_equal(fclose(fp), 0);
	}
}

#endif
