/*
 * dump.c -- `lightsout dump FILE...`: decode archives and print their
 * records, filtered, as text, CSV or bgpdump -m lines.
 *
 * Errors in the data are reported one line each on stderr (file, offset,
 * record, what) and decoding goes on; a per-file summary follows when
 * anything was skipped.  Exit status: 0 clean, 1 data errors skipped,
 * 2 usage error, 3 an input could not be read or the output not written.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/commands.h"
#include "analyzer/filter.h"
#include "parsers/input.h"
#include "parsers/mrt.h"
#include "reports/bgpdump_text.h"
#include "reports/outbuf.h"
#include "reports/record_writer.h"

enum dump_format {
	DUMP_TEXT,
	DUMP_CSV,
	DUMP_BGPDUMP,
};

struct dump_opts {
	enum dump_format	 format;
	struct bgpdump_opts	 bgpdump;
	struct record_filter	 filter;
	bool			 strict;
	bool			 quiet;		/* no per-file summary */
};

static const char dump_usage[] =
"usage: lightsout dump [options] FILE...\n"
"\n"
"Decode MRT routing archives (raw, gzip, bzip2 or xz; '-' is standard\n"
"input) and print one line per route, state change or message.\n"
"\n"
"Output:\n"
"  -m, --bgpdump          print what 'bgpdump -m' prints\n"
"  -l                     with -m: add the large communities field (bgpdump -l)\n"
"      --format FMT       text (default), csv or bgpdump\n"
"      --strict           stop at the first data error\n"
"  -q, --quiet            no per-file summary of skipped records\n"
"\n"
"Filters (combinable; a repeated filter matches any of its values):\n"
"      --prefix P         routes for exactly prefix P\n"
"      --more-specific P  routes for P or any prefix inside it\n"
"      --less-specific P  routes for P or any prefix covering it\n"
"      --origin ASN       routes whose path ends in ASN\n"
"      --peer-asn ASN     records from peers with this AS\n"
"      --peer IP          records from this peer address\n"
"      --from T           records at or after T\n"
"      --until T          records before T\n"
"                         (T: 2014-12-22T16:15:00Z, 2014-12-22 or unix seconds)\n"
"      --type LIST        rib, announce, withdraw, state, message (comma list)\n"
"\n"
"Exit status: 0 all records decoded, 1 some skipped as damaged,\n"
"2 usage error, 3 an input could not be opened or read, or output failed.\n";

enum {
	OPT_FORMAT = 256, OPT_STRICT, OPT_PREFIX, OPT_MORE, OPT_LESS,
	OPT_ORIGIN, OPT_PEER_ASN, OPT_PEER, OPT_FROM, OPT_UNTIL, OPT_TYPE,
	OPT_HELP,
};

static const struct option dump_longopts[] = {
	{ "bgpdump", no_argument, NULL, 'm' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ "more-specific", required_argument, NULL, OPT_MORE },
	{ "less-specific", required_argument, NULL, OPT_LESS },
	{ "origin", required_argument, NULL, OPT_ORIGIN },
	{ "peer-asn", required_argument, NULL, OPT_PEER_ASN },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static int
usage_error(const char *msg)
{
	fprintf(stderr, "lightsout dump: %s\n", msg);
	fprintf(stderr, "Try 'lightsout dump --help'.\n");
	return EXIT_USAGE;
}

static int
too_many(const char *opt)
{
	char msg[96];

	snprintf(msg, sizeof(msg), "at most %d %s filters", FILTER_MAX_VALUES,
	    opt);
	return usage_error(msg);
}

static int
parse_dump_options(int argc, char **argv, struct dump_opts *o)
{
	struct record_filter *f = &o->filter;
	char err[160];
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "mlq", dump_longopts, NULL)) !=
	    -1) {
		err[0] = '\0';
		switch (ch) {
		case 'm':
			o->format = DUMP_BGPDUMP;
			break;
		case 'l':
			o->bgpdump.large_communities = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->format = DUMP_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				o->format = DUMP_CSV;
			else if (strcmp(optarg, "bgpdump") == 0)
				o->format = DUMP_BGPDUMP;
			else
				return usage_error("--format takes text, csv "
				    "or bgpdump");
			break;
		case OPT_STRICT:
			o->strict = true;
			break;
		case OPT_PREFIX:
			if (f->nexact == FILTER_MAX_VALUES)
				return too_many("--prefix");
			if (parse_prefix(optarg, &f->exact[f->nexact++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_MORE:
			if (f->nmore == FILTER_MAX_VALUES)
				return too_many("--more-specific");
			if (parse_prefix(optarg, &f->more[f->nmore++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_LESS:
			if (f->nless == FILTER_MAX_VALUES)
				return too_many("--less-specific");
			if (parse_prefix(optarg, &f->less[f->nless++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_ORIGIN:
			if (f->norigin == FILTER_MAX_VALUES)
				return too_many("--origin");
			if (parse_asn(optarg, &f->origin[f->norigin++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_PEER_ASN:
			if (f->npeer_as == FILTER_MAX_VALUES)
				return too_many("--peer-asn");
			if (parse_asn(optarg, &f->peer_as[f->npeer_as++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_PEER:
			if (f->npeer == FILTER_MAX_VALUES)
				return too_many("--peer");
			if (parse_addr(optarg, &f->peer[f->npeer++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_FROM:
			if (parse_time(optarg, &f->from, err, sizeof(err)) == -1)
				return usage_error(err);
			f->has_from = true;
			break;
		case OPT_UNTIL:
			if (parse_time(optarg, &f->until, err, sizeof(err)) == -1)
				return usage_error(err);
			f->has_until = true;
			break;
		case OPT_TYPE:
			if (parse_kinds(optarg, &f->kinds, err, sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_HELP:
			fputs(dump_usage, stdout);
			return EXIT_HELP;
		default:
			return usage_error("unknown option");
		}
	}
	if (o->bgpdump.large_communities && o->format != DUMP_BGPDUMP)
		return usage_error("-l goes with -m (bgpdump format)");
	if (optind >= argc)
		return usage_error("no input files");
	return 0;
}

/* The per-file summary: counts, and what was skipped for which reason. */
static void
print_summary(const char *name, const struct decode_stats *s)
{
	int r;
	bool first = true;

	fprintf(stderr, "lightsout: %s: %" PRIu64 " records, %" PRIu64
	    " decoded, %" PRIu64 " routes and events; skipped or noted:", name,
	    s->records, s->decoded, s->items);
	for (r = 0; r < SKIP_NREASONS; r++) {
		if (s->skipped[r] == 0)
			continue;
		fprintf(stderr, "%s %" PRIu64 " %s", first ? "" : ",",
		    s->skipped[r], skip_reason_name(r));
		first = false;
	}
	fputc('\n', stderr);
}

/*
 * Notes (valid data this version does not decode) are printed once per
 * reason and file; errors every time.
 */
static void
report_skip(const struct decode_error *err, bool *noted, struct outbuf *out)
{
	/* Flushed first, so that a message follows the lines before it. */
	if (skip_reason_is_error(err->reason)) {
		(void)outbuf_flush(out);
		decode_error_print(stderr, err);
		return;
	}
	if (noted[err->reason])
		return;
	noted[err->reason] = true;
	(void)outbuf_flush(out);
	fprintf(stderr, "lightsout: note: ");
	{
		char line[512];

		decode_error_format(err, line, sizeof(line));
		fprintf(stderr, "%s (further ones counted in the summary)\n",
		    line);
	}
}

struct dump_result {
	bool	data_errors;
	bool	io_error;
	bool	stop;		/* --strict hit an error */
};

static void
dump_file(const char *path, struct dump_opts *o, struct outbuf *out,
    struct dump_result *res)
{
	char err[512];
	struct input *in;
	struct mrt_reader *r;
	const struct bgp_record *rec;
	struct decode_error derr;
	bool noted[SKIP_NREASONS] = { false };
	const char *name;
	enum mrt_status st;

	in = input_open(path, err, sizeof(err));
	if (in == NULL) {
		fprintf(stderr, "lightsout: %s\n", err);
		res->io_error = true;
		return;
	}
	name = input_name(in);
	bgpdump_text_new_file(&o->bgpdump);
	r = mrt_open(in);
	if (r == NULL) {
		fprintf(stderr, "lightsout: %s: out of memory\n", name);
		res->io_error = true;
		input_close(in);
		return;
	}
	while ((st = mrt_next(r, &rec, &derr)) != MRT_END) {
		if (st == MRT_SKIP) {
			report_skip(&derr, noted, out);
			if (skip_reason_is_error(derr.reason)) {
				res->data_errors = true;
				if (o->strict) {
					res->stop = true;
					break;
				}
			}
			continue;
		}
		if (!filter_match(&o->filter, rec))
			continue;
		switch (o->format) {
		case DUMP_BGPDUMP:
			bgpdump_text_record(out, rec, &o->bgpdump);
			break;
		case DUMP_TEXT:
			record_write(out, RECORD_TEXT, rec, name);
			break;
		case DUMP_CSV:
			record_write(out, RECORD_CSV, rec, name);
			break;
		}
		if (out->failed)
			break;
	}
	if (!o->quiet && decode_stats_skipped(mrt_stats(r), false) > 0) {
		(void)outbuf_flush(out);
		print_summary(name, mrt_stats(r));
	}
	mrt_close(r);
	input_close(in);
}

int
cmd_dump(int argc, char **argv)
{
	struct dump_opts o;
	struct outbuf out;
	struct dump_result res = { false, false, false };
	int rc, i;

	memset(&o, 0, sizeof(o));
	rc = parse_dump_options(argc, argv, &o);
	if (rc == EXIT_HELP)
		return EXIT_OK;
	if (rc != 0)
		return rc;
	if (outbuf_init(&out, stdout) == -1) {
		fprintf(stderr, "lightsout: out of memory\n");
		return EXIT_IO;
	}
	if (o.format == DUMP_CSV)
		record_write_header(&out, RECORD_CSV);
	for (i = optind; i < argc && !res.stop && !out.failed; i++)
		dump_file(argv[i], &o, &out, &res);
	if (outbuf_flush(&out) == -1 || out.failed) {
		fprintf(stderr, "lightsout: writing output: %s\n",
		    strerror(errno));
		res.io_error = true;
	}
	outbuf_free(&out);
	bgpdump_text_free(&o.bgpdump);
	if (res.io_error)
		return EXIT_IO;
	return res.data_errors ? EXIT_DATA : EXIT_OK;
}
