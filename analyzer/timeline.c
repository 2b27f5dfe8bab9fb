/*
 * timeline.c -- `lightsout timeline [EVENT] [options]`: rebuild what each
 * data source saw of the event's target, bin by bin, and write the series
 * as a text table or as CSV.
 *
 * The work is cut into jobs that share nothing: one per BGP collector
 * (its RIB, then its updates in time order), one for all flow files (an
 * export session carries templates from one file to the next), one per
 * probe file.  Each job fills its own signal; -j N runs N jobs at a time.
 * When all are done their signals are merged in job order, whatever
 * order they finished in, and their diagnostics printed in job order, so
 * the output is the same bytes for any N.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/archive.h"
#include "analyzer/bgp_signal.h"
#include "analyzer/bins.h"
#include "analyzer/commands.h"
#include "analyzer/diag_log.h"
#include "analyzer/event.h"
#include "analyzer/event_cli.h"
#include "analyzer/flow_signal.h"
#include "analyzer/probe_signal.h"
#include "analyzer/progress.h"
#include "analyzer/target.h"
#include "parsers/flow.h"
#include "parsers/input.h"
#include "parsers/netflow.h"
#include "parsers/probe.h"
#include "reports/outbuf.h"
#include "reports/timeline_writer.h"

#define MAX_JOBS_OPTION	64

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
"  -q, --quiet            no per-file summaries and no progress line\n"
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

enum job_kind {
	JOB_BGP,
	JOB_FLOW,
	JOB_PROBE,
};

struct job {
	enum job_kind		 kind;
	const char		*collector;	/* JOB_BGP */
	size_t			 file;		/* JOB_PROBE: archive index */
	struct bgp_signal	*bgp;
	struct flow_signal	*flow;
	struct probe_signal	*probe;
	struct diag_log		 log;
	bool			 io_error;	/* an input unreadable */
	bool			 data_error;	/* damaged records skipped */
	bool			 failed;	/* out of memory */
};

struct run {
	const struct event	*ev;
	const struct target	*target;
	const struct bin_grid	*grid;
	const struct archive	*archive;
	bool			 quiet;
	struct job		*jobs;
	size_t			 njobs;
	pthread_mutex_t		 lock;
	pthread_cond_t		 finished;
	size_t			 next;		/* first job not started */
	size_t			 done;		/* jobs finished */
	struct progress		 progress;
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

static unsigned
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > 8 ? 8 : (unsigned)n;
}

/* --- jobs ---------------------------------------------------------------- */

/*
 * Log a skip: errors every time, notes once per reason and file (the
 * summary counts the rest), as `lightsout dump` does.
 */
static void
log_skip(struct job *job, const struct decode_error *err, bool *noted)
{
	char line[512];

	if (skip_reason_is_error(err->reason)) {
		job->data_error = true;
		diag_log_error(&job->log, err);
		return;
	}
	if (noted[err->reason])
		return;
	noted[err->reason] = true;
	decode_error_format(err, line, sizeof(line));
	diag_log_printf(&job->log, 0, "note: %s (further ones counted in "
	    "the summary)", line);
}

static void
log_summary(struct run *run, struct job *job, const char *name,
    const struct decode_stats *stats, const char *const units[4])
{
	char line[1024];

	if (run->quiet || decode_stats_skipped(stats, false) == 0)
		return;
	decode_stats_format(name, stats, units, line, sizeof(line));
	diag_log_printf(&job->log, 0, "%s", line);
}

static void
run_bgp_job(struct run *run, struct job *job)
{
	job->bgp = bgp_signal_new(run->grid, run->target, &run->ev->tuning);
	if (job->bgp == NULL ||
	    bgp_signal_collector(job->bgp, run->archive, job->collector,
	    &job->log) == -1) {
		job->failed = true;
		return;
	}
	if (job->log.errors > 0)
		job->data_error = true;
}

static void
run_flow_job(struct run *run, struct job *job)
{
	static const char *const units[4] = { "packet", "packets", "flow",
	    "flows" };
	const struct archive *a = run->archive;
	struct flow_session *session;
	size_t i;

	job->flow = flow_signal_new(run->grid, run->target, &run->ev->tuning);
	session = flow_session_new();
	if (job->flow == NULL || session == NULL) {
		job->failed = true;
		goto done;
	}
	for (i = 0; i < a->nfiles; i++) {
		const struct archive_file *f = &a->files[i];
		bool noted[SKIP_NREASONS] = { false };
		const struct flow_record *rec;
		struct decode_error derr;
		struct flow_reader *r;
		struct input *in;
		enum flow_status st;
		uint64_t batch = 0;
		char err[512];

		if (f->source != ARCHIVE_FLOW || !f->selected)
			continue;
		in = input_open(f->path, err, sizeof(err));
		if (in == NULL) {
			diag_log_printf(&job->log, 1, "%s", err);
			job->io_error = true;
			progress_file_done(&run->progress, f->size);
			continue;
		}
		r = flow_open(in, session, err, sizeof(err));
		if (r == NULL) {
			diag_log_printf(&job->log, 1, "%s", err);
			job->io_error = true;
			input_close(in);
			progress_file_done(&run->progress, f->size);
			continue;
		}
		while ((st = flow_next(r, &rec, &derr)) != FLOW_END) {
			if (st == FLOW_SKIP) {
				log_skip(job, &derr, noted);
				continue;
			}
			if (flow_signal_add(job->flow, rec) == -1) {
				job->failed = true;
				break;
			}
			if (++batch == PROGRESS_BATCH) {
				progress_records(&run->progress, batch);
				batch = 0;
			}
		}
		progress_records(&run->progress, batch);
		log_summary(run, job, f->path, flow_stats(r), units);
		flow_close(r);
		input_close(in);
		progress_file_done(&run->progress, f->size);
		if (job->failed)
			break;
	}
done:
	if (session != NULL)
		flow_session_free(session);
}

static void
run_probe_job(struct run *run, struct job *job)
{
	static const char *const units[4] = { "record", "records", "result",
	    "results" };
	const struct archive_file *f = &run->archive->files[job->file];
	bool noted[SKIP_NREASONS] = { false };
	const struct probe_record *rec;
	struct decode_error derr;
	struct probe_reader *r;
	struct input *in;
	enum probe_status st;
	uint64_t batch = 0;
	char err[512];

	job->probe = probe_signal_new(run->grid, run->target,
	    &run->ev->tuning);
	if (job->probe == NULL) {
		job->failed = true;
		return;
	}
	in = input_open(f->path, err, sizeof(err));
	if (in == NULL) {
		diag_log_printf(&job->log, 1, "%s", err);
		job->io_error = true;
		goto done;
	}
	r = probe_open(in, NULL, err, sizeof(err));
	if (r == NULL) {
		diag_log_printf(&job->log, 1, "%s", err);
		job->io_error = true;
		input_close(in);
		goto done;
	}
	while ((st = probe_next(r, &rec, &derr)) != PROBE_END) {
		if (st == PROBE_SKIP) {
			log_skip(job, &derr, noted);
			continue;
		}
		if (probe_signal_add(job->probe, rec) == -1) {
			job->failed = true;
			break;
		}
		if (++batch == PROGRESS_BATCH) {
			progress_records(&run->progress, batch);
			batch = 0;
		}
	}
	progress_records(&run->progress, batch);
	log_summary(run, job, f->path, probe_stats(r), units);
	probe_close(r);
	input_close(in);
done:
	progress_file_done(&run->progress, f->size);
}

static void
run_job(struct run *run, struct job *job)
{
	switch (job->kind) {
	case JOB_BGP:
		run_bgp_job(run, job);
		break;
	case JOB_FLOW:
		run_flow_job(run, job);
		break;
	case JOB_PROBE:
		run_probe_job(run, job);
		break;
	}
}

static void *
worker(void *arg)
{
	struct run *run = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&run->lock);
		if (run->next == run->njobs) {
			pthread_mutex_unlock(&run->lock);
			return NULL;
		}
		i = run->next++;
		pthread_mutex_unlock(&run->lock);

		run_job(run, &run->jobs[i]);

		pthread_mutex_lock(&run->lock);
		run->done++;
		pthread_cond_signal(&run->finished);
		pthread_mutex_unlock(&run->lock);
	}
}

/* Wait for the jobs, showing progress once a second on a terminal. */
static void
wait_for_jobs(struct run *run, bool show)
{
	pthread_mutex_lock(&run->lock);
	while (run->done < run->njobs) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		(void)pthread_cond_timedwait(&run->finished, &run->lock,
		    &until);
		if (show && run->done < run->njobs)
			progress_show(&run->progress, stderr);
	}
	pthread_mutex_unlock(&run->lock);
	if (show)
		progress_clear(stderr);
}

/*
 * Run every job on nthreads threads (1: in this thread).  -1 when a
 * thread cannot be started and none runs.
 */
static int
run_jobs(struct run *run, unsigned nthreads)
{
	pthread_t threads[MAX_JOBS_OPTION];
	bool show = !run->quiet && isatty(STDERR_FILENO);
	unsigned started = 0, i;

	if (nthreads > run->njobs)
		nthreads = run->njobs > 0 ? (unsigned)run->njobs : 1;
	pthread_mutex_init(&run->lock, NULL);
	pthread_cond_init(&run->finished, NULL);
	if (nthreads > 1 || show) {
		for (i = 0; i < nthreads; i++) {
			if (pthread_create(&threads[i], NULL, worker, run) != 0)
				break;
			started++;
		}
	}
	if (started == 0)
		worker(run);
	else
		wait_for_jobs(run, show);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	pthread_cond_destroy(&run->finished);
	pthread_mutex_destroy(&run->lock);
	return 0;
}

/* One BGP job per collector, one flow job, one job per probe file. */
static int
plan_jobs(struct run *run)
{
	const struct archive *a = run->archive;
	bool any_flow = false;
	size_t i, n = 0;

	run->jobs = calloc(a->nfiles + 1, sizeof(*run->jobs));
	if (run->jobs == NULL)
		return -1;
	for (i = 0; i < a->nfiles; i++) {
		const struct archive_file *f = &a->files[i];

		if (!f->selected)
			continue;
		switch (f->source) {
		case ARCHIVE_MRT:
			if (f->collector == NULL)
				break;
			if (n > 0 && run->jobs[n - 1].kind == JOB_BGP &&
			    strcmp(run->jobs[n - 1].collector,
			    f->collector) == 0)
				break;
			run->jobs[n].kind = JOB_BGP;
			run->jobs[n].collector = f->collector;
			n++;
			break;
		case ARCHIVE_FLOW:
			if (!any_flow) {
				run->jobs[n++].kind = JOB_FLOW;
				any_flow = true;
			}
			break;
		case ARCHIVE_PROBE:
			run->jobs[n].kind = JOB_PROBE;
			run->jobs[n].file = i;
			n++;
			break;
		}
	}
	for (i = 0; i < n; i++)
		diag_log_init(&run->jobs[i].log);
	run->njobs = n;
	return 0;
}

static void
free_jobs(struct run *run)
{
	size_t i;

	for (i = 0; i < run->njobs; i++) {
		struct job *job = &run->jobs[i];

		bgp_signal_free(job->bgp);
		flow_signal_free(job->flow);
		probe_signal_free(job->probe);
		diag_log_free(&job->log);
	}
	free(run->jobs);
	run->jobs = NULL;
	run->njobs = 0;
}

/* --- output -------------------------------------------------------------- */

/* Append to buf at *n, keeping it a string and never overflowing. */
static void
append(char *buf, size_t len, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
append(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n >= len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < len ? *n + (size_t)w : len - 1;
}

#define HEADING_LIST_MAX	6

static void
describe_targets(const struct event *ev, const struct target *t, char *buf,
    size_t len)
{
	char text[64];
	size_t n = 0, i;

	buf[0] = '\0';
	for (i = 0; i < ev->countries.n; i++)
		append(buf, len, &n, "%scountry %s", n ? ", " : "",
		    ev->countries.items[i]);
	for (i = 0; i < t->nprefixes && i < HEADING_LIST_MAX; i++) {
		if (ip_prefix_format(&t->prefixes[i], text, sizeof(text)))
			append(buf, len, &n, "%s%s", n ? ", " : "", text);
	}
	if (t->nprefixes > HEADING_LIST_MAX)
		append(buf, len, &n, " and %zu more prefixes",
		    t->nprefixes - HEADING_LIST_MAX);
	for (i = 0; i < t->nasns && i < HEADING_LIST_MAX; i++)
		append(buf, len, &n, "%sAS%" PRIu32, n ? ", " : "",
		    t->asns[i]);
	if (t->nasns > HEADING_LIST_MAX)
		append(buf, len, &n, " and %zu more ASes",
		    t->nasns - HEADING_LIST_MAX);
	if (t->nhosts > 0)
		append(buf, len, &n, "%s%zu host%s", n ? ", " : "",
		    t->nhosts, t->nhosts == 1 ? "" : "s");
}

static void
describe_inputs(const struct run *run, char *buf, size_t len,
    struct timeline_heading *h)
{
	const struct archive *a = run->archive;
	size_t mrt = 0, flows = 0, probes = 0, collectors = 0, left = 0, i;
	size_t n = 0;

	for (i = 0; i < a->nfiles; i++) {
		const struct archive_file *f = &a->files[i];

		if (!f->selected) {
			left++;
			continue;
		}
		if (f->source == ARCHIVE_MRT)
			mrt++;
		else if (f->source == ARCHIVE_FLOW)
			flows++;
		else
			probes++;
	}
	for (i = 0; i < run->njobs; i++)
		if (run->jobs[i].kind == JOB_BGP)
			collectors++;
	buf[0] = '\0';
	append(buf, len, &n, "%zu MRT file%s (%zu collector%s), %zu flow "
	    "file%s, %zu probe file%s", mrt, mrt == 1 ? "" : "s", collectors,
	    collectors == 1 ? "" : "s", flows, flows == 1 ? "" : "s", probes,
	    probes == 1 ? "" : "s");
	if (left > 0)
		append(buf, len, &n, "; %zu outside the window, not read",
		    left);
	h->has_bgp = collectors > 0;
	h->has_flow = flows > 0;
	h->has_probe = probes > 0;
}

/* Merge the jobs' signals, in job order, into the first of each kind. */
static int
merge_jobs(struct run *run, struct bgp_signal **bgp,
    struct flow_signal **flow, struct probe_signal **probe)
{
	size_t i;

	*bgp = NULL;
	*flow = NULL;
	*probe = NULL;
	for (i = 0; i < run->njobs; i++) {
		struct job *job = &run->jobs[i];

		if (job->bgp != NULL) {
			if (*bgp == NULL)
				*bgp = job->bgp;
			else if (bgp_signal_merge(*bgp, job->bgp) == -1)
				return -1;
		}
		if (job->flow != NULL) {
			if (*flow == NULL)
				*flow = job->flow;
			else if (flow_signal_merge(*flow, job->flow) == -1)
				return -1;
		}
		if (job->probe != NULL) {
			if (*probe == NULL)
				*probe = job->probe;
			else if (probe_signal_merge(*probe, job->probe) == -1)
				return -1;
		}
	}
	return 0;
}

static int
write_series(struct run *run, const struct timeline_opts *o)
{
	struct bgp_signal *bgp;
	struct flow_signal *flow;
	struct probe_signal *probe;
	struct timeline_heading heading;
	struct timeline_writer *w;
	char targets[1024], inputs[512];
	FILE *fp = stdout;
	uint32_t bin;
	int rc;

	if (merge_jobs(run, &bgp, &flow, &probe) == -1) {
		fprintf(stderr, "lightsout: out of memory merging the "
		    "signals\n");
		return EXIT_IO;
	}
	if (o->output != NULL && (fp = fopen(o->output, "w")) == NULL) {
		fprintf(stderr, "lightsout: %s: %s\n", o->output,
		    strerror(errno));
		return EXIT_IO;
	}
	memset(&heading, 0, sizeof(heading));
	heading.event_name = event_name(run->ev);
	describe_targets(run->ev, run->target, targets, sizeof(targets));
	heading.targets = targets;
	describe_inputs(run, inputs, sizeof(inputs), &heading);
	heading.inputs = inputs;

	w = timeline_writer_new(fp, o->format, run->grid);
	if (w == NULL) {
		fprintf(stderr, "lightsout: out of memory\n");
		if (fp != stdout)
			fclose(fp);
		return EXIT_IO;
	}
	timeline_writer_begin(w, &heading);
	for (bin = 0; bin < run->grid->nbins; bin++) {
		if (bgp != NULL)
			bgp_signal_rows(bgp, bin, timeline_writer_row, w);
		if (flow != NULL)
			flow_signal_rows(flow, bin, timeline_writer_row, w);
		if (probe != NULL)
			probe_signal_rows(probe, bin, timeline_writer_row, w);
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
		case 'j': {
			char *end;
			unsigned long n;

			errno = 0;
			n = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    n < 1 || n > MAX_JOBS_OPTION) {
				free(longopts);
				return usage_error("-j takes a number from 1 "
				    "to 64");
			}
			o->jobs = (unsigned)n;
			break;
		}
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
	struct target target;
	struct archive archive;
	struct bin_grid grid;
	struct run run;
	char err[1024], warn[512] = "";
	uint64_t bytes = 0, files = 0;
	bool io_error = false, data_error = false, failed = false;
	size_t i;
	int rc;

	memset(&o, 0, sizeof(o));
	o.format = TIMELINE_TEXT;
	o.jobs = default_jobs();
	memset(&target, 0, sizeof(target));
	memset(&archive, 0, sizeof(archive));
	memset(&run, 0, sizeof(run));
	event_cli_init(&cli);
	event_init(&ev);

	rc = parse_options(argc, argv, &o, &cli);
	if (rc != 0) {
		event_cli_free(&cli);
		event_free(&ev);
		return rc == EXIT_HELP ? EXIT_OK : rc;
	}
	event_free(&ev);
	if (event_cli_build(&cli, o.event_path, &ev, err, sizeof(err)) ==
	    -1) {
		rc = usage_error(err);
		goto out;
	}
	if (!bin_grid_init(&grid, ev.start, ev.end, ev.bin)) {
		rc = usage_error("the window and bin width give no bins");
		goto out;
	}
	if (target_build(&target, &ev, warn, sizeof(warn), err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "lightsout: %s\n", err);
		rc = EXIT_IO;
		goto out;
	}
	if (warn[0] != '\0' && !o.quiet)
		fprintf(stderr, "lightsout: %s\n", warn);
	if (archive_scan(&archive, &ev, err, sizeof(err)) == -1) {
		fprintf(stderr, "lightsout: %s\n", err);
		rc = EXIT_IO;
		goto out;
	}
	for (i = 0; i < archive.nproblems; i++) {
		fprintf(stderr, "lightsout: %s\n", archive.problems[i]);
		io_error = true;
	}
	for (i = 0; i < archive.nfiles; i++)
		if (archive.files[i].selected) {
			files++;
			bytes += archive.files[i].size;
		}

	run.ev = &ev;
	run.target = &target;
	run.grid = &grid;
	run.archive = &archive;
	run.quiet = o.quiet;
	progress_init(&run.progress, files, bytes);
	if (plan_jobs(&run) == -1) {
		fprintf(stderr, "lightsout: out of memory\n");
		rc = EXIT_IO;
		goto out;
	}
	run_jobs(&run, o.jobs);
	for (i = 0; i < run.njobs; i++) {
		struct job *job = &run.jobs[i];

		diag_log_flush(&job->log, stderr);
		io_error |= job->io_error;
		data_error |= job->data_error;
		failed |= job->failed;
	}
	if (failed) {
		fprintf(stderr, "lightsout: out of memory\n");
		rc = EXIT_IO;
		goto out;
	}
	rc = write_series(&run, &o);
	if (rc == EXIT_OK && io_error)
		rc = EXIT_IO;
	else if (rc == EXIT_OK && data_error)
		rc = EXIT_DATA;
out:
	free_jobs(&run);
	archive_free(&archive);
	target_free(&target);
	event_free(&ev);
	event_cli_free(&cli);
	return rc;
}
