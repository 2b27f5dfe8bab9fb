/*
 * bench_atlas_json.c -- jansson against json-c on Atlas result lines:
 * each line parsed into a DOM, the fields atlas.c reads taken out of it.
 * The two headers cannot be included together (both define json_object),
 * so the program is built once per library.  Not built by the Makefile;
 * run by hand:
 *
 *	cc -O2 -o /tmp/bench_jansson tests/bench_atlas_json.c -ljansson
 *	cc -O2 -DBENCH_JSONC -o /tmp/bench_jsonc tests/bench_atlas_json.c -ljson-c
 *	/tmp/bench_jansson big.ndjson; /tmp/bench_jsonc big.ndjson
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef BENCH_JSONC
#include <json-c/json.h>
#define LIBRARY	"json-c"
#else
#include <jansson.h>
#define LIBRARY	"jansson"
#endif

static const char *const keys[] = { "af", "dst_addr", "dst_name", "from",
    "src_addr", "prb_id", "msm_id", "timestamp", "fw", "sent", "rcvd",
    "min", "avg", "max", "type" };
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static double sink;

#ifndef BENCH_JSONC
static void
use_jansson(const char *line, size_t len)
{
	json_error_t error;
	json_t *root = json_loadb(line, len, 0, &error), *v, *res;
	size_t i, k;

	if (root == NULL)
		return;
	for (k = 0; k < NKEYS; k++) {
		v = json_object_get(root, keys[k]);
		if (json_is_number(v))
			sink += json_number_value(v);
		else if (json_is_string(v))
			sink += (double)json_string_length(v);
	}
	res = json_object_get(root, "result");
	for (i = 0; i < json_array_size(res); i++) {
		v = json_object_get(json_array_get(res, i), "rtt");
		if (json_is_number(v))
			sink += json_number_value(v);
	}
	json_decref(root);
}
#else

static void
use_jsonc(json_tokener *tok, const char *line, size_t len)
{
	json_object *root, *v, *res;
	size_t i, k;

	json_tokener_reset(tok);
	root = json_tokener_parse_ex(tok, line, (int)len);
	if (root == NULL)
		return;
	for (k = 0; k < NKEYS; k++) {
		if (!json_object_object_get_ex(root, keys[k], &v))
			continue;
		if (json_object_is_type(v, json_type_double) ||
		    json_object_is_type(v, json_type_int))
			sink += json_object_get_double(v);
		else if (json_object_is_type(v, json_type_string))
			sink += json_object_get_string_len(v);
	}
	if (json_object_object_get_ex(root, "result", &res) &&
	    json_object_is_type(res, json_type_array))
		for (i = 0; i < json_object_array_length(res); i++)
			if (json_object_object_get_ex(
			    json_object_array_get_idx(res, i), "rtt", &v))
				sink += json_object_get_double(v);
	json_object_put(root);
}
#endif

int
main(int argc, char **argv)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, bytes = 0;
	ssize_t n;
	struct timespec t0, t1;
#ifdef BENCH_JSONC
	json_tokener *tok = json_tokener_new();
#endif
	double secs;

	if (argc != 2 || (fp = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: bench_atlas_json file\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((n = getline(&line, &cap, fp)) > 0) {
		bytes += (size_t)n;
#ifdef BENCH_JSONC
		use_jsonc(tok, line, (size_t)n);
#else
		use_jansson(line, (size_t)n);
#endif
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s: %.1f MB in %.2f s: %.1f MB/s (%g)\n", LIBRARY,
	    bytes / 1e6, secs, bytes / 1e6 / secs, sink);
	free(line);
#ifdef BENCH_JSONC
	json_tokener_free(tok);
#endif
	fclose(fp);
	return 0;
}
