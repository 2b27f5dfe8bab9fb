/*
 * probe.c -- the probe reader: format recognition and dispatch to the
 * reader of each format.
 */
#include <stdio.h>
#include <stdlib.h>

#include "parsers/atlas.h"
#include "parsers/pinglog.h"
#include "parsers/probe.h"
#include "parsers/probe_csv.h"
#include "parsers/warts.h"

struct probe_reader {
	enum probe_format	 format;
	struct atlas_reader	*atlas;
	struct warts_reader	*warts;
	struct pinglog_reader	*pinglog;
	struct probe_csv_reader	*csv;
};

static const char *const format_names[] = {
	[PROBE_FORMAT_NONE] = "none",
	[PROBE_FORMAT_ATLAS] = "RIPE Atlas results",
	[PROBE_FORMAT_WARTS] = "scamper warts",
	[PROBE_FORMAT_PINGLOG] = "ping log",
	[PROBE_FORMAT_CSV] = "CSV probe log",
};

const char *
probe_format_name(enum probe_format f)
{
	if ((size_t)f >= sizeof(format_names) / sizeof(format_names[0]))
		return "unknown";
	return format_names[f];
}

/* The binary format first, then the text ones, most specific first. */
enum probe_format
probe_detect(const uint8_t *data, size_t len)
{
	if (warts_detect(data, len))
		return PROBE_FORMAT_WARTS;
	if (pinglog_detect(data, len))
		return PROBE_FORMAT_PINGLOG;
	if (probe_csv_detect(data, len))
		return PROBE_FORMAT_CSV;
	if (atlas_detect(data, len))
		return PROBE_FORMAT_ATLAS;
	return PROBE_FORMAT_NONE;
}

struct probe_reader *
probe_open(struct input *in, const char *vantage, char *err, size_t errlen)
{
	struct probe_reader *r;
	const uint8_t *data;
	size_t avail;
	const char *file = input_name(in);

	avail = input_peek(in, 4096, &data);
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", file);
		return NULL;
	}
	r->format = probe_detect(data, avail);
	switch (r->format) {
	case PROBE_FORMAT_NONE:
		snprintf(err, errlen, "%s: not Atlas results, warts, a ping "
		    "log or a CSV probe log", file);
		goto fail;
	case PROBE_FORMAT_ATLAS:
		r->atlas = atlas_open(in, file);
		if (r->atlas == NULL)
			goto nomem;
		break;
	case PROBE_FORMAT_WARTS:
		r->warts = warts_open(in, file, err, errlen);
		if (r->warts == NULL)
			goto fail;
		break;
	case PROBE_FORMAT_PINGLOG:
		r->pinglog = pinglog_open(in, file, vantage);
		if (r->pinglog == NULL)
			goto nomem;
		break;
	case PROBE_FORMAT_CSV:
		r->csv = probe_csv_open(in, file, vantage);
		if (r->csv == NULL)
			goto nomem;
		break;
	}
	return r;
nomem:
	snprintf(err, errlen, "%s: out of memory", file);
fail:
	free(r);
	return NULL;
}

void
probe_close(struct probe_reader *r)
{
	if (r == NULL)
		return;
	if (r->atlas != NULL)
		atlas_close(r->atlas);
	if (r->warts != NULL)
		warts_close(r->warts);
	if (r->pinglog != NULL)
		pinglog_close(r->pinglog);
	if (r->csv != NULL)
		probe_csv_close(r->csv);
	free(r);
}

enum probe_format
probe_reader_format(const struct probe_reader *r)
{
	return r->format;
}

void
probe_set_threads(struct probe_reader *r, unsigned n)
{
	if (r->format == PROBE_FORMAT_ATLAS)
		atlas_set_threads(r->atlas, n);
}

enum probe_status
probe_next(struct probe_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	switch (r->format) {
	case PROBE_FORMAT_ATLAS:
		return atlas_next(r->atlas, rec, err);
	case PROBE_FORMAT_WARTS:
		return warts_next(r->warts, rec, err);
	case PROBE_FORMAT_PINGLOG:
		return pinglog_next(r->pinglog, rec, err);
	case PROBE_FORMAT_CSV:
		return probe_csv_next(r->csv, rec, err);
	default:
		return PROBE_END;
	}
}

const struct decode_stats *
probe_stats(const struct probe_reader *r)
{
	switch (r->format) {
	case PROBE_FORMAT_ATLAS:
		return atlas_stats(r->atlas);
	case PROBE_FORMAT_WARTS:
		return warts_stats(r->warts);
	case PROBE_FORMAT_PINGLOG:
		return pinglog_stats(r->pinglog);
	default:
		return probe_csv_stats(r->csv);
	}
}
