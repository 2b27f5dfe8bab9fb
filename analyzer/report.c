/*
 * report.c -- `lightsout report EVENT... --out DIR`: analyse each event,
 * find the incidents, compare them with the event's published findings,
 * and write report.txt, incidents.csv, timeline.csv and the plots into a
 * directory per event.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/analysis.h"
#include "analyzer/commands.h"
#include "analyzer/correlate.h"
#include "analyzer/detect.h"
#include "analyzer/event.h"
#include "analyzer/event_cli.h"
#include "analyzer/filter.h"
#include "analyzer/expect_match.h"
#include "analyzer/file_digest.h"
#include "analyzer/report_plot.h"
#include "analyzer/series_table.h"
#include "reports/report_writer.h"
#include "reports/timeline_writer.h"

static const char report_usage[] =
"usage: lightsout report [EVENT...] --out DIR [options]\n"
"\n"
"Analyse each event (lightsout-event(5)), find its incidents, compare them\n"
"with its expect lines, and write report.txt, incidents.csv, timeline.csv,\n"
"timeline.svg and timeline.png.  With one event they go into DIR; with\n"
"several, into DIR/NAME, NAME the event's name (characters other\n"
"than letters, digits, ., _ and - made -; NAME-2 ... for a name again).\n"
"\n"
"  -o, --out DIR          the report directory (created if needed)\n"
"      --check            exit 4 when an expect line is not met\n"
"  -j, --jobs N           decode N inputs at a time (default: the number\n"
"                         of online CPUs, at most 8)\n"
"  -q, --quiet            no summary on standard output; data errors\n"
"                         only on standard error (no notes, per-file\n"
"                         summaries or progress line)\n"
"\n"
"%s"
"\n"
"Exit status: 0 done, 1 some records skipped as damaged, 2 usage error\n"
"(also a bad event file), 3 an input or output could not be read or\n"
"written, 4 (--check) an expectation was not met.  The highest of these\n"
"that applies to any event, in the order 2, 3, 4, 1.  See\n"
"lightsout-report(1).\n";

#define EXIT_CHECK	4

enum {
	OPT_CHECK = 256, OPT_HELP,
};

static const struct option report_longopts[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct report_opts {
	const char	*out;
	bool		 check;
	bool		 quiet;
	unsigned	 jobs;
	char		**events;
	size_t		 nevents;
	char		**dirs;		/* report directories used so far */
	size_t		 ndirs;
};

static int
usage_error(const char *msg)
{
	fprintf(stderr, "lightsout report: %s\n", msg);
	fprintf(stderr, "Try 'lightsout report --help'.\n");
	return EXIT_USAGE;
}

/* Which exit status wins: 2, then 3, 4, 1, 0. */
static int
worse(int a, int b)
{
	static const int rank[] = { 0, 1, 4, 3, 2 };	/* by status */

	if (a < 0 || a > 4)
		return a;
	if (b < 0 || b > 4)
		return b;
	return rank[a] >= rank[b] ? a : b;
}

static int
make_dir(const char *path, char *err, size_t errlen)
{
	char buf[4096];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		snprintf(err, errlen, "%.200s...: path too long", path);
		return -1;
	}
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(buf, 0777) == -1 && errno != EEXIST) {
				int saved = errno;

				snprintf(err, errlen, "%.900s: %s", buf,
				    strerror(saved));
				return -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

static FILE *
open_in(const char *dir, const char *name, char *path, size_t len)
{
	if (snprintf(path, len, "%s/%s", dir, name) >= (int)len) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return fopen(path, "w");
}

/* Close fp; on an error say which file and return -1. */
static int
close_out(FILE *fp, const char *path, int rc)
{
	if (fclose(fp) != 0)
		rc = -1;
	if (rc == -1)
		fprintf(stderr, "lightsout: %s: %s\n", path, strerror(errno));
	return rc;
}

static int
write_timeline_csv(const struct analysis *an, const char *dir)
{
	struct timeline_writer *w;
	char path[4096];
	FILE *fp;
	uint32_t bin;

	if ((fp = open_in(dir, "timeline.csv", path, sizeof(path))) == NULL) {
		fprintf(stderr, "lightsout: %s: %s\n", path, strerror(errno));
		return -1;
	}
	w = timeline_writer_new(fp, TIMELINE_CSV, &an->grid);
	if (w == NULL) {
		fclose(fp);
		return -1;
	}
	timeline_writer_begin(w, NULL);
	for (bin = 0; bin < an->grid.nbins; bin++)
		analysis_rows(an, bin, timeline_writer_row, w);
	return close_out(fp, path, timeline_writer_close(w));
}

/* The SHA-256 of every file read; those that fail stay "". */
static int
digest_inputs(const struct archive *a, char (**sha)[FILE_DIGEST_HEX])
{
	char err[512];
	size_t i;
	int status = EXIT_OK;

	*sha = calloc(a->nfiles + 1, sizeof(**sha));
	if (*sha == NULL)
		return EXIT_IO;
	for (i = 0; i < a->nfiles; i++) {
		uint64_t size;

		if (!a->files[i].selected)
			continue;
		if (file_sha256(a->files[i].path, (*sha)[i], &size, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "lightsout: %s\n", err);
			status = EXIT_IO;
		}
	}
	return status;
}

static bool
dir_used(const struct report_opts *o, const char *dir)
{
	size_t i;

	for (i = 0; i < o->ndirs; i++)
		if (strcmp(o->dirs[i], dir) == 0)
			return true;
	return false;
}

/*
 * The report directory of an event: DIR, or with several DIR/NAME, and
 * NAME-2, NAME-3 ... when events share a name, so that no report writes
 * over another.  -1 on out of memory.
 */
static int
event_dir(struct report_opts *o, const struct event *ev, char *buf,
    size_t len)
{
	const char *name;
	char **grown;
	size_t n, i, base;
	unsigned k;

	if (o->nevents <= 1) {
		snprintf(buf, len, "%s", o->out);
		return 0;
	}
	name = event_name(ev);
	snprintf(buf, len, "%s/", o->out);
	n = strlen(buf);
	for (i = 0; name[i] != '\0' && n + 1 < len; i++) {
		char c = name[i];
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		buf[n++] = plain ? c : '-';
	}
	buf[n] = '\0';
	base = n;
	for (k = 2; dir_used(o, buf) && base + 12 < len; k++)
		snprintf(buf + base, len - base, "-%u", k);
	grown = realloc(o->dirs, (o->ndirs + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	o->dirs = grown;
	if ((o->dirs[o->ndirs] = strdup(buf)) == NULL)
		return -1;
	o->ndirs++;
	return 0;
}

static int
report_event(struct report_opts *o, struct event_cli *cli,
    const char *event_path)
{
	struct analysis an;
	struct event ev;
	struct series_table table;
	struct interval_list intervals;
	struct correlation corr;
	struct expect_report expects;
	struct detect_params params;
	struct report rep;
	char (*sha)[FILE_DIGEST_HEX] = NULL;
	char err[1024], dir[4096], path[4096], targets[1024], inputs[512];
	FILE *fp;
	uint32_t bin;
	int status = EXIT_OK;

	memset(&an, 0, sizeof(an));
	memset(&intervals, 0, sizeof(intervals));
	memset(&corr, 0, sizeof(corr));
	memset(&expects, 0, sizeof(expects));
	memset(&table, 0, sizeof(table));
	if (event_cli_build(cli, event_path, true, &ev, err, sizeof(err)) == -1) {
		event_free(&ev);
		return usage_error(err);
	}
	if (event_dir(o, &ev, dir, sizeof(dir)) == -1) {
		fprintf(stderr, "lightsout: out of memory\n");
		event_free(&ev);
		return EXIT_IO;
	}
	if (make_dir(dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "lightsout: %s\n", err);
		event_free(&ev);
		return EXIT_IO;
	}
	if (analysis_run(&an, &ev, o->jobs, o->quiet, err, sizeof(err)) ==
	    -1) {
		fprintf(stderr, "lightsout: %s\n", err);
		status = EXIT_IO;
		goto out;
	}
	if (an.io_error)
		status = worse(status, EXIT_IO);
	if (an.data_error)
		status = worse(status, EXIT_DATA);

	series_table_init(&table, &an.grid, detect_wants, detect_nwants);
	for (bin = 0; bin < an.grid.nbins; bin++)
		analysis_rows(&an, bin, series_table_add, &table);
	detect_params_default(&params);
	if (table.failed || detect_intervals(&table, &params, &intervals) ==
	    -1 || correlate(&intervals, an.bgp != NULL, an.flow != NULL,
	    an.probe != NULL, &corr) == -1 ||
	    expect_match(&ev, &corr, an.grid.width, &expects) == -1) {
		fprintf(stderr, "lightsout: out of memory\n");
		status = worse(status, EXIT_IO);
		goto out;
	}
	status = worse(status, digest_inputs(&an.archive, &sha));
	if (sha == NULL)
		goto out;

	memset(&rep, 0, sizeof(rep));
	analysis_describe_targets(&an, targets, sizeof(targets));
	analysis_describe_inputs(&an, inputs, sizeof(inputs));
	rep.ev = &ev;
	rep.grid = &an.grid;
	rep.targets = targets;
	rep.inputs = inputs;
	rep.archive = &an.archive;
	rep.sha256 = sha;
	rep.table = &table;
	rep.intervals = &intervals;
	rep.corr = &corr;
	rep.expects = &expects;
	rep.has_bgp = an.bgp != NULL;
	rep.has_flow = an.flow != NULL;
	rep.has_probe = an.probe != NULL;
	rep.io_error = an.io_error;
	rep.data_error = an.data_error;

	if ((fp = open_in(dir, "report.txt", path, sizeof(path))) == NULL ||
	    close_out(fp, path, report_write_text(&rep, fp)) == -1)
		status = worse(status, EXIT_IO);
	if ((fp = open_in(dir, "incidents.csv", path, sizeof(path))) ==
	    NULL || close_out(fp, path, report_write_incidents_csv(&rep,
	    fp)) == -1)
		status = worse(status, EXIT_IO);
	if (write_timeline_csv(&an, dir) == -1)
		status = worse(status, EXIT_IO);
	if (report_plot(&rep, dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "lightsout: %s\n", err);
		status = worse(status, EXIT_IO);
	}
	if (!o->quiet) {
		report_write_summary(&rep, stdout);
		printf("Report in %s/report.txt\n", dir);
		fflush(stdout);
	}
	if (o->check && expects.met < expects.n)
		status = worse(status, EXIT_CHECK);
out:
	free(sha);
	expect_report_free(&expects);
	correlation_free(&corr);
	interval_list_free(&intervals);
	series_table_free(&table);
	analysis_free(&an);
	event_free(&ev);
	return status;
}

int
cmd_report(int argc, char **argv)
{
	struct report_opts o;
	struct event_cli cli;
	struct option *longopts;
	char err[256];
	int ch, taken, status = EXIT_OK;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.jobs = analysis_default_jobs();
	event_cli_init(&cli);
	longopts = event_cli_options(report_longopts);
	if (longopts == NULL)
		return usage_error("out of memory");
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:j:q", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'o':
			o.out = optarg;
			break;
		case OPT_CHECK:
			o.check = true;
			break;
		case 'j':
			if (parse_jobs(optarg, &o.jobs) == -1) {
				status = usage_error("-j takes a number from "
				    "1 to 64");
				goto out;
			}
			break;
		case 'q':
			o.quiet = true;
			break;
		case OPT_HELP:
			printf(report_usage, event_cli_help);
			goto out;
		default:
			err[0] = '\0';
			taken = event_cli_take(&cli, ch, optarg, err,
			    sizeof(err));
			if (taken == 1)
				break;
			status = usage_error(taken == -1 ? err :
			    "unknown option");
			goto out;
		}
	}
	if (o.out == NULL) {
		status = usage_error("--out DIR is needed");
		goto out;
	}
	o.events = argv + optind;
	o.nevents = (size_t)(argc - optind);
	if (o.nevents == 0)
		status = report_event(&o, &cli, NULL);
	for (i = 0; i < o.nevents; i++)
		status = worse(status, report_event(&o, &cli, o.events[i]));
out:
	for (i = 0; i < o.ndirs; i++)
		free(o.dirs[i]);
	free(o.dirs);
	free(longopts);
	event_cli_free(&cli);
	return status;
}
