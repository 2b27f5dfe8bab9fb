/*
 * timeline.c -- `lightsout timeline [EVENT] [options]`: rebuild what each
 * data source saw of the event's target, bin by bin (analysis.c), and
 * write the series as a text table or as CSV.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analysis.h"
#include "analyzer/commands.h"
#include "analyzer/event.h"
#include "analyzer/event_cli.h"
#include "analyzer/filter.h"
#include "reports/timeline_writer.h"

static const char timeline_usage[] =
"usage: lightsout timeline [EVENT] [options]\n"
"\n"
"Rebuild what BGP collectors, flow records and probes saw of the event's\n"
"target, bin by bin, and write the series.  EVENT is an event file\n"
"(lightsout-event(5)); options override its settings.\n"
"\n"
"Output:\n"
"      --format F         text (a table, one line per bin; default) or csv\n"
"                         (bin_start,bin_end,signal,metric,scope,value)\n"
"  -o, --output FILE      write there instead of standard output\n"
"  -j, --jobs N           decode N inputs at a time (default: the number\n"
"                         of online CPUs, at most 8); the output is the\n"
"                         same for any N\n"
"  -q, --quiet            data errors only on standard error: no notes,\n"
"                         per-file summaries or progress line\n"
"\n"
"%s"
"\n"
"Exit status: 0 all records decoded, 1 some skipped as damaged,\n"
"2 usage error (also a bad event file), 3 an input could not be opened\n"
"or read, or the output not written.  See lightsout-timeline(1).\n";

enum {
	OPT_FORMAT = 256, OPT_HELP,
};

static const struct option timeline_longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct timeline_opts {
	enum timeline_format	 format;
	const char		*output;
	unsigned		 jobs;
	bool			 quiet;
	const char		*event_path;
};

static int
usage_error(const char *msg)
{
	fprintf(stderr, "lightsout timeline: %s\n", msg);
	fprintf(stderr, "Try 'lightsout timeline --help'.\n");
	return EXIT_USAGE;
}

static int
write_series(const struct analysis *an, const struct timeline_opts *o)
{
	struct timeline_heading heading;
	struct timeline_writer *w;
	char targets[1024], inputs[512];
	FILE *fp = stdout;
	uint32_t bin;
	int rc;

	if (o->output != NULL && (fp = fopen(o->output, "w")) == NULL) {
		fprintf(stderr, "lightsout: %s: %s\n", o->output,
		    strerror(errno));
		return EXIT_IO;
	}
	memset(&heading, 0, sizeof(heading));
	heading.event_name = event_name(an->ev);
	analysis_describe_targets(an, targets, sizeof(targets));
	heading.targets = targets;
	analysis_describe_inputs(an, inputs, sizeof(inputs));
	heading.inputs = inputs;
	heading.has_bgp = an->bgp != NULL;
	heading.has_flow = an->flow != NULL;
	heading.has_probe = an->probe != NULL;

	w = timeline_writer_new(fp, o->format, &an->grid);
	if (w == NULL) {
		fprintf(stderr, "lightsout: out of memory\n");
		if (fp != stdout)
			fclose(fp);
		return EXIT_IO;
	}
	timeline_writer_begin(w, &heading);
	for (bin = 0; bin < an->grid.nbins; bin++) {
		analysis_rows(an, bin, timeline_writer_row, w);
		timeline_writer_end_bin(w, bin);
	}
	rc = timeline_writer_close(w);
	if (fp != stdout && fclose(fp) != 0)
		rc = -1;
	else if (fp == stdout && fflush(stdout) != 0)
		rc = -1;
	if (rc == -1) {
		fprintf(stderr, "lightsout: %s: %s\n", o->output != NULL ?
		    o->output : "standard output", strerror(errno));
		return EXIT_IO;
	}
	return EXIT_OK;
}

/* --- the command --------------------------------------------------------- */

static int
parse_options(int argc, char **argv, struct timeline_opts *o,
    struct event_cli *cli)
{
	struct option *longopts;
	char err[256];
	int ch, taken;

	longopts = event_cli_options(timeline_longopts);
	if (longopts == NULL)
		return usage_error("out of memory");
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:j:q", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->format = TIMELINE_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				o->format = TIMELINE_CSV;
			else {
				free(longopts);
				return usage_error("--format takes text or "
				    "csv");
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'j':
			if (parse_jobs(optarg, &o->jobs) == -1) {
				free(longopts);
				return usage_error("-j takes a number from 1 "
				    "to 64");
			}
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_HELP:
			free(longopts);
			printf(timeline_usage, event_cli_help);
			return EXIT_HELP;
		default:
			err[0] = '\0';
			taken = event_cli_take(cli, ch, optarg, err,
			    sizeof(err));
			if (taken == 1)
				break;
			free(longopts);
			return usage_error(taken == -1 ? err :
			    "unknown option");
		}
	}
	free(longopts);
	if (argc - optind > 1)
		return usage_error("one event file at most");
	if (optind < argc)
		o->event_path = argv[optind];
	return 0;
}

int
cmd_timeline(int argc, char **argv)
{
	struct timeline_opts o;
	struct event_cli cli;
	struct event ev;
	struct analysis an;
	char err[1024];
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&an, 0, sizeof(an));
	o.format = TIMELINE_TEXT;
	o.jobs = analysis_default_jobs();
	event_cli_init(&cli);
	event_init(&ev);

	rc = parse_options(argc, argv, &o, &cli);
	if (rc != 0) {
		event_cli_free(&cli);
		event_free(&ev);
		return rc == EXIT_HELP ? EXIT_OK : rc;
	}
	event_free(&ev);
	if (event_cli_build(&cli, o.event_path, true, &ev, err, sizeof(err)) ==
	    -1) {
		rc = usage_error(err);
		goto out;
	}
	if (analysis_run(&an, &ev, o.jobs, o.quiet, err, sizeof(err)) == -1) {
		fprintf(stderr, "lightsout: %s\n", err);
		rc = EXIT_IO;
		goto out;
	}
	rc = write_series(&an, &o);
	if (rc == EXIT_OK && an.io_error)
		rc = EXIT_IO;
	else if (rc == EXIT_OK && an.data_error)
		rc = EXIT_DATA;
out:
	analysis_free(&an);
	event_free(&ev);
	event_cli_free(&cli);
	return rc;
}
