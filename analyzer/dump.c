/*
 * dump.c -- `lightsout dump FILE...`: decode archives and print their
 * records, filtered, as text, CSV or bgpdump -m lines.
 *
 * Each file is recognised by content: flow evidence (a capture of export
 * packets, an IPFIX file, raw NetFlow datagrams, nfdump CSV), probe
 * results (RIPE Atlas JSON, scamper warts, ping logs, CSV probe logs) or
 * else MRT.
 * Flow files share one export session, so that the templates of one file
 * decode the data of the next, as with rotated captures.
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
#include <unistd.h>

#include "analyzer/analysis.h"
#include "analyzer/commands.h"
#include "analyzer/filter.h"
#include "parsers/flow.h"
#include "parsers/input.h"
#include "parsers/mrt.h"
#include "parsers/netflow.h"
#include "parsers/probe.h"
#include "reports/bgpdump_text.h"
#include "reports/flow_writer.h"
#include "reports/probe_writer.h"
#include "reports/outbuf.h"
#include "reports/record_writer.h"

enum dump_format {
	DUMP_TEXT,
	DUMP_CSV,
	DUMP_BGPDUMP,
};

/* What the CSV output holds so far: its header says which columns. */
enum dump_kind {
	KIND_NONE,
	KIND_ROUTING,
	KIND_FLOW,
	KIND_PROBE,
};

struct dump_opts {
	enum dump_format	 format;
	struct bgpdump_opts	 bgpdump;
	struct record_filter	 filter;
	bool			 strict;
	bool			 quiet;		/* no per-file summary */
	enum dump_kind		 printed;	/* kind whose header is out */
	struct flow_session	*session;	/* shared by the flow files */
	const char		*vantage_name;	/* of ping and CSV probe logs */
	unsigned		 jobs;		/* decoding threads */
};

static const char dump_usage[] =
"usage: lightsout dump [options] FILE...\n"
"\n"
"Decode MRT routing archives, flow records and probe results (raw, gzip,\n"
"bzip2 or xz; '-' is standard input) and print one line per route, state\n"
"change, message, flow or measurement run.  Recognised by content: MRT;\n"
"pcap and pcapng captures of NetFlow v5/v9 or IPFIX export packets, RFC\n"
"5655 IPFIX files, raw export datagrams, the output of 'nfdump -o csv';\n"
"RIPE Atlas ping and traceroute results (JSON lines or array), scamper\n"
"warts, 'ping -D' logs and CSV probe logs.\n"
"\n"
"Output:\n"
"  -m, --bgpdump          print what 'bgpdump -m' prints\n"
"  -l                     with -m: add the large communities field (bgpdump -l)\n"
"      --format FMT       text (default), csv or bgpdump\n"
"      --strict           stop at the first data error\n"
"  -q, --quiet            no per-file summary of skipped records\n"
"  -j, --jobs N           decode with N threads (1 to 64; default: the number\n"
"                         of online CPUs, at most 8); only the RIPE Atlas\n"
"                         reader uses more than one today\n"
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
"Flow filters:\n"
"      --src P            flows whose source address is inside prefix P\n"
"      --dst P            flows whose destination address is inside P\n"
"      --proto N          flows of IP protocol number N\n"
"      --port N           flows with source or destination port N\n"
"      --from/--until     flows active at some time in [from, until)\n"
"Probe filters:\n"
"      --target P         runs whose target address is inside prefix P\n"
"      --vantage V        runs from vantage V (a name, or an Atlas probe id)\n"
"      --from/--until     runs active at some time in [from, until)\n"
"      --vantage-name V   the vantage of ping logs and CSV logs without a\n"
"                         vantage column (default: the file's name)\n"
"A filter that does not apply to an input's records is an error.\n"
"\n"
"Exit status: 0 all records decoded, 1 some skipped as damaged,\n"
"2 usage error (also a filter that does not apply to an input),\n"
"3 an input could not be opened or read, or output failed.\n";

enum {
	OPT_FORMAT = 256, OPT_STRICT, OPT_PREFIX, OPT_MORE, OPT_LESS,
	OPT_ORIGIN, OPT_PEER_ASN, OPT_PEER, OPT_FROM, OPT_UNTIL, OPT_TYPE,
	OPT_SRC, OPT_DST, OPT_PROTO, OPT_PORT, OPT_TARGET, OPT_VANTAGE,
	OPT_VANTAGE_NAME, OPT_HELP,
};

static const struct option dump_longopts[] = {
	{ "bgpdump", no_argument, NULL, 'm' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ "more-specific", required_argument, NULL, OPT_MORE },
	{ "less-specific", required_argument, NULL, OPT_LESS },
	{ "origin", required_argument, NULL, OPT_ORIGIN },
	{ "peer-asn", required_argument, NULL, OPT_PEER_ASN },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "src", required_argument, NULL, OPT_SRC },
	{ "dst", required_argument, NULL, OPT_DST },
	{ "proto", required_argument, NULL, OPT_PROTO },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "vantage", required_argument, NULL, OPT_VANTAGE },
	{ "vantage-name", required_argument, NULL, OPT_VANTAGE_NAME },
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
	o->jobs = analysis_default_jobs();
	while ((ch = getopt_long(argc, argv, "mlqj:", dump_longopts, NULL)) !=
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
		case 'j':
			if (parse_jobs(optarg, &o->jobs) == -1)
				return usage_error("-j takes a number of threads "
				    "from 1 to 64");
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
		case OPT_SRC:
			if (f->nsrc == FILTER_MAX_VALUES)
				return too_many("--src");
			if (parse_prefix(optarg, &f->src[f->nsrc++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_DST:
			if (f->ndst == FILTER_MAX_VALUES)
				return too_many("--dst");
			if (parse_prefix(optarg, &f->dst[f->ndst++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_PROTO:
			if (f->nproto == FILTER_MAX_VALUES)
				return too_many("--proto");
			if (parse_proto(optarg, &f->proto[f->nproto++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_PORT:
			if (f->nport == FILTER_MAX_VALUES)
				return too_many("--port");
			if (parse_port(optarg, &f->port[f->nport++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_TARGET:
			if (f->ntarget == FILTER_MAX_VALUES)
				return too_many("--target");
			if (parse_prefix(optarg, &f->target[f->ntarget++], err,
			    sizeof(err)) == -1)
				return usage_error(err);
			break;
		case OPT_VANTAGE:
			if (f->nvantage == FILTER_MAX_VALUES)
				return too_many("--vantage");
			if (*optarg == '\0')
				return usage_error("--vantage takes a name");
			f->vantage[f->nvantage++] = optarg;
			break;
		case OPT_VANTAGE_NAME:
			if (*optarg == '\0')
				return usage_error("--vantage-name takes a name");
			o->vantage_name = optarg;
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

/*
 * Notes (valid data this version does not decode) are printed once per
 * reason and file; errors every time.
 */
static void
report_skip(const struct decode_error *err, bool *noted, struct outbuf *out)
{
	if (!skip_reason_is_error(err->reason) && noted[err->reason])
		return;
	/* Flushed first, so that a message follows the lines before it. */
	(void)outbuf_flush(out);
	decode_error_report(stderr, err, noted);
}

struct dump_result {
	bool	data_errors;
	bool	io_error;
	bool	usage_error;	/* a filter or format that cannot apply */
	bool	stop;		/* --strict hit an error */
};

static const char *
kind_name(enum dump_kind kind)
{
	switch (kind) {
	case KIND_FLOW:
		return "flow";
	case KIND_PROBE:
		return "probe";
	default:
		return "routing";
	}
}

/* Report a skip and tally it; true when --strict says to stop. */
static bool
skipped(const struct decode_error *derr, bool *noted,
    const struct dump_opts *o, struct outbuf *out, struct dump_result *res)
{
	report_skip(derr, noted, out);
	if (!skip_reason_is_error(derr->reason))
		return false;
	res->data_errors = true;
	if (o->strict)
		res->stop = true;
	return o->strict;
}

/*
 * Is this input's kind of record one the options can print?  A filter
 * or format that cannot apply to it is a usage error, as is a CSV
 * output that would mix two headers.
 */
static bool
kind_fits(const char *name, enum dump_kind kind, struct dump_opts *o,
    struct outbuf *out, struct dump_result *res)
{
	const char *opt;

	switch (kind) {
	case KIND_FLOW:
		if ((opt = filter_bgp_only(&o->filter)) == NULL)
			opt = filter_probe_only(&o->filter);
		break;
	case KIND_PROBE:
		if ((opt = filter_bgp_only(&o->filter)) == NULL)
			opt = filter_flow_only(&o->filter);
		break;
	default:
		if ((opt = filter_flow_only(&o->filter)) == NULL)
			opt = filter_probe_only(&o->filter);
		break;
	}
	if (opt == NULL && kind != KIND_ROUTING && o->format == DUMP_BGPDUMP)
		opt = "-m (bgpdump format)";
	if (opt == NULL && o->format == DUMP_CSV && o->printed != KIND_NONE &&
	    o->printed != kind) {
		(void)outbuf_flush(out);
		fprintf(stderr, "lightsout dump: %s: %s records cannot follow "
		    "%s records in one CSV output; dump them apart\n", name,
		    kind_name(kind), kind_name(o->printed));
		res->usage_error = res->stop = true;
		return false;
	}
	if (opt != NULL) {
		(void)outbuf_flush(out);
		fprintf(stderr, "lightsout dump: %s: %s does not apply to %s "
		    "records\n", name, opt, kind_name(kind));
		res->usage_error = res->stop = true;
		return false;
	}
	if (o->printed != kind && o->format == DUMP_CSV) {
		if (kind == KIND_FLOW)
			flow_write_header(out, RECORD_CSV);
		else if (kind == KIND_PROBE)
			probe_write_header(out, RECORD_CSV);
		else
			record_write_header(out, RECORD_CSV);
	}
	o->printed = kind;
	return true;
}

static void
dump_flow_file(struct input *in, struct dump_opts *o, struct outbuf *out,
    struct dump_result *res)
{
	char err[512];
	struct flow_reader *r;
	const struct flow_record *rec;
	struct decode_error derr;
	bool noted[SKIP_NREASONS] = { false };
	const char *name = input_name(in);
	enum record_format fmt = o->format == DUMP_CSV ? RECORD_CSV :
	    RECORD_TEXT;
	enum flow_status st;

	if (!kind_fits(name, KIND_FLOW, o, out, res))
		return;
	if (o->session == NULL && (o->session = flow_session_new()) == NULL) {
		fprintf(stderr, "lightsout: %s: out of memory\n", name);
		res->io_error = true;
		return;
	}
	r = flow_open(in, o->session, err, sizeof(err));
	if (r == NULL) {
		fprintf(stderr, "lightsout: %s\n", err);
		res->io_error = true;
		return;
	}
	while ((st = flow_next(r, &rec, &derr)) != FLOW_END) {
		if (st == FLOW_SKIP) {
			if (skipped(&derr, noted, o, out, res))
				break;
			continue;
		}
		if (!flow_filter_match(&o->filter, rec))
			continue;
		flow_write(out, fmt, rec, name);
		if (out->failed)
			break;
	}
	if (!o->quiet && decode_stats_skipped(flow_stats(r), false) > 0) {
		enum flow_container c = flow_reader_container(r);

		(void)outbuf_flush(out);
		if (c == FLOW_CONTAINER_NFDUMP_CSV)
			decode_stats_print_summary(stderr, name, flow_stats(r),
			    "line", "lines", "flow", "flows");
		else if (c == FLOW_CONTAINER_CAPTURE)
			decode_stats_print_summary(stderr, name, flow_stats(r),
			    "packet", "packets", "flow", "flows");
		else
			decode_stats_print_summary(stderr, name, flow_stats(r),
			    "message", "messages", "flow", "flows");
	}
	flow_close(r);
}

static void
dump_probe_file(struct input *in, struct dump_opts *o, struct outbuf *out,
    struct dump_result *res)
{
	char err[512];
	struct probe_reader *r;
	const struct probe_record *rec;
	struct decode_error derr;
	bool noted[SKIP_NREASONS] = { false };
	const char *name = input_name(in);
	enum record_format fmt = o->format == DUMP_CSV ? RECORD_CSV :
	    RECORD_TEXT;
	enum probe_status st;

	if (!kind_fits(name, KIND_PROBE, o, out, res))
		return;
	r = probe_open(in, o->vantage_name, err, sizeof(err));
	if (r == NULL) {
		fprintf(stderr, "lightsout: %s\n", err);
		res->io_error = true;
		return;
	}
	probe_set_threads(r, o->jobs);
	while ((st = probe_next(r, &rec, &derr)) != PROBE_END) {
		if (st == PROBE_SKIP) {
			if (skipped(&derr, noted, o, out, res))
				break;
			continue;
		}
		if (!probe_filter_match(&o->filter, rec))
			continue;
		probe_write(out, fmt, rec, name);
		if (out->failed)
			break;
	}
	if (!o->quiet && decode_stats_skipped(probe_stats(r), false) > 0) {
		(void)outbuf_flush(out);
		if (probe_reader_format(r) == PROBE_FORMAT_ATLAS)
			decode_stats_print_summary(stderr, name,
			    probe_stats(r), "result", "results", "run", "runs");
		else if (probe_reader_format(r) == PROBE_FORMAT_WARTS)
			decode_stats_print_summary(stderr, name,
			    probe_stats(r), "record", "records", "run", "runs");
		else
			decode_stats_print_summary(stderr, name,
			    probe_stats(r), "line", "lines", "run", "runs");
	}
	probe_close(r);
}

/*
 * After the last file: data sets whose template never came are errors,
 * reported against the file they were in.
 */
static void
finish_flows(struct dump_opts *o, struct outbuf *out, struct dump_result *res)
{
	struct decode_error derr;
	uint64_t dropped = 0;

	if (o->session == NULL)
		return;
	while (flow_session_finish(o->session, &derr) == FLOW_SKIP) {
		(void)outbuf_flush(out);
		decode_error_print(stderr, &derr);
		dropped++;
	}
	if (dropped > 0) {
		res->data_errors = true;
		if (!o->quiet)
			fprintf(stderr, "lightsout: %" PRIu64 " data sets never "
			    "met their template\n", dropped);
	}
}

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
	const uint8_t *head;
	size_t head_len;
	enum mrt_status st;

	in = input_open(path, err, sizeof(err));
	if (in == NULL) {
		fprintf(stderr, "lightsout: %s\n", err);
		res->io_error = true;
		return;
	}
	name = input_name(in);
	head_len = input_peek(in, 4096, &head);
	if (flow_detect(head, head_len) != FLOW_CONTAINER_NONE) {
		dump_flow_file(in, o, out, res);
		input_close(in);
		return;
	}
	if (probe_detect(head, head_len) != PROBE_FORMAT_NONE) {
		dump_probe_file(in, o, out, res);
		input_close(in);
		return;
	}
	if (!kind_fits(name, KIND_ROUTING, o, out, res)) {
		input_close(in);
		return;
	}
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
			if (skipped(&derr, noted, o, out, res))
				break;
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
		decode_stats_print_summary(stderr, name, mrt_stats(r),
		    "record", "records", "route or event",
		    "routes and events");
	}
	mrt_close(r);
	input_close(in);
}

int
cmd_dump(int argc, char **argv)
{
	struct dump_opts o;
	struct outbuf out;
	struct dump_result res = { false, false, false, false };
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
	for (i = optind; i < argc && !res.stop && !out.failed; i++)
		dump_file(argv[i], &o, &out, &res);
	if (!res.stop)
		finish_flows(&o, &out, &res);
	if (o.printed == KIND_NONE && o.format == DUMP_CSV && !res.usage_error)
		record_write_header(&out, RECORD_CSV);
	if (outbuf_flush(&out) == -1 || out.failed) {
		fprintf(stderr, "lightsout: writing output: %s\n",
		    strerror(errno));
		res.io_error = true;
	}
	outbuf_free(&out);
	bgpdump_text_free(&o.bgpdump);
	flow_session_free(o.session);
	if (res.usage_error)
		return EXIT_USAGE;
	if (res.io_error)
		return EXIT_IO;
	return res.data_errors ? EXIT_DATA : EXIT_OK;
}
