/*
 * analysis.c -- an event analysed: target, archives, jobs, merged signals
 * (the scheme is in analysis.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/analysis.h"
#include "analyzer/diag_log.h"
#include "analyzer/progress.h"
#include "parsers/flow.h"
#include "parsers/input.h"
#include "parsers/netflow.h"
#include "parsers/probe.h"

enum job_kind {
	JOB_BGP,
	JOB_FLOW,
	JOB_PROBE,
};

struct analysis_job {
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
	struct analysis_job	*jobs;
	size_t			 njobs;
	pthread_mutex_t		 lock;
	pthread_cond_t		 finished;
	size_t			 next;		/* first job not started */
	size_t			 done;		/* jobs finished */
	struct progress		 progress;
};

unsigned
analysis_default_jobs(void)
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
log_skip(struct analysis_job *job, const struct decode_error *err, bool *noted)
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
log_summary(struct run *run, struct analysis_job *job, const char *name,
    const struct decode_stats *stats, const char *const units[4])
{
	char line[1024];

	if (run->quiet || decode_stats_skipped(stats, false) == 0)
		return;
	decode_stats_format(name, stats, units, line, sizeof(line));
	diag_log_printf(&job->log, 0, "%s", line);
}

static void
run_bgp_job(struct run *run, struct analysis_job *job)
{
	struct bgp_collect_opts opts = { &run->progress, run->quiet };

	job->bgp = bgp_signal_new(run->grid, run->target, &run->ev->tuning);
	if (job->bgp == NULL ||
	    bgp_signal_collector(job->bgp, run->archive, job->collector,
	    &job->log, &opts) == -1) {
		job->failed = true;
		return;
	}
	if (job->log.errors > 0)
		job->data_error = true;
}

static void
run_flow_job(struct run *run, struct analysis_job *job)
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
run_probe_job(struct run *run, struct analysis_job *job)
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
run_job(struct run *run, struct analysis_job *job)
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
	pthread_t threads[ANALYSIS_MAX_JOBS];
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
	for (i = 0; i < n; i++) {
		diag_log_init(&run->jobs[i].log);
		run->jobs[i].log.errors_only = run->quiet;
	}
	run->njobs = n;
	return 0;
}

static void
free_jobs(struct run *run)
{
	size_t i;

	for (i = 0; i < run->njobs; i++) {
		struct analysis_job *job = &run->jobs[i];

		bgp_signal_free(job->bgp);
		flow_signal_free(job->flow);
		probe_signal_free(job->probe);
		diag_log_free(&job->log);
	}
	free(run->jobs);
	run->jobs = NULL;
	run->njobs = 0;
}

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

void
analysis_describe_targets(const struct analysis *a, char *buf, size_t len)
{
	const struct event *ev = a->ev;
	const struct target *t = &a->target;
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

void
analysis_describe_inputs(const struct analysis *a, char *buf, size_t len)
{
	const struct archive *ar = &a->archive;
	size_t mrt = 0, flows = 0, probes = 0, n = 0, i;

	for (i = 0; i < ar->nfiles; i++) {
		const struct archive_file *f = &ar->files[i];

		if (!f->selected)
			continue;
		if (f->source == ARCHIVE_MRT)
			mrt++;
		else if (f->source == ARCHIVE_FLOW)
			flows++;
		else
			probes++;
	}
	buf[0] = '\0';
	append(buf, len, &n, "%zu MRT file%s (%zu collector%s), %zu flow "
	    "file%s, %zu probe file%s", mrt, mrt == 1 ? "" : "s",
	    a->collectors, a->collectors == 1 ? "" : "s", flows,
	    flows == 1 ? "" : "s", probes, probes == 1 ? "" : "s");
	if (a->files_left > 0)
		append(buf, len, &n, "; %zu outside the window, not read",
		    a->files_left);
}

/* Merge the jobs' signals, in job order, into the first of each kind. */
static int
merge_jobs(const struct run *run, struct bgp_signal **bgp,
    struct flow_signal **flow, struct probe_signal **probe)
{
	size_t i;

	*bgp = NULL;
	*flow = NULL;
	*probe = NULL;
	for (i = 0; i < run->njobs; i++) {
		struct analysis_job *job = &run->jobs[i];

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


int
analysis_run(struct analysis *a, const struct event *ev, unsigned njobs,
    bool quiet, char *err, size_t errlen)
{
	struct run run;
	char warn[512] = "";
	uint64_t bytes = 0, files = 0;
	bool failed = false;
	size_t i;

	memset(a, 0, sizeof(*a));
	a->ev = ev;
	if (!bin_grid_init(&a->grid, ev->start, ev->end, ev->bin)) {
		snprintf(err, errlen, "the window and bin width give no bins");
		return -1;
	}
	if (target_build(&a->target, ev, warn, sizeof(warn), err, errlen) ==
	    -1)
		return -1;
	if (warn[0] != '\0' && !quiet)
		fprintf(stderr, "lightsout: %s\n", warn);
	if (archive_scan(&a->archive, ev, err, errlen) == -1)
		return -1;
	for (i = 0; i < a->archive.nproblems; i++) {
		fprintf(stderr, "lightsout: %s\n", a->archive.problems[i]);
		a->io_error = true;
	}
	for (i = 0; i < a->archive.nfiles; i++) {
		if (!a->archive.files[i].selected) {
			a->files_left++;
			continue;
		}
		files++;
		bytes += a->archive.files[i].size;
	}
	a->files_read = files;

	memset(&run, 0, sizeof(run));
	run.ev = ev;
	run.target = &a->target;
	run.grid = &a->grid;
	run.archive = &a->archive;
	run.quiet = quiet;
	progress_init(&run.progress, files, bytes);
	if (plan_jobs(&run) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	a->jobs = run.jobs;
	a->njobs = run.njobs;
	for (i = 0; i < run.njobs; i++)
		if (run.jobs[i].kind == JOB_BGP)
			a->collectors++;
	run_jobs(&run, njobs == 0 ? 1 : njobs);
	for (i = 0; i < run.njobs; i++) {
		struct analysis_job *job = &run.jobs[i];

		diag_log_flush(&job->log, stderr);
		a->io_error |= job->io_error;
		a->data_error |= job->data_error;
		failed |= job->failed;
	}
	if (failed || merge_jobs(&run, &a->bgp, &a->flow, &a->probe) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void
analysis_free(struct analysis *a)
{
	struct run run;

	memset(&run, 0, sizeof(run));
	run.jobs = a->jobs;
	run.njobs = a->njobs;
	free_jobs(&run);
	archive_free(&a->archive);
	target_free(&a->target);
	memset(a, 0, sizeof(*a));
}

void
analysis_rows(const struct analysis *a, uint32_t bin, series_emit_fn emit,
    void *arg)
{
	if (a->bgp != NULL)
		bgp_signal_rows(a->bgp, bin, emit, arg);
	if (a->flow != NULL)
		flow_signal_rows(a->flow, bin, emit, arg);
	if (a->probe != NULL)
		probe_signal_rows(a->probe, bin, emit, arg);
}
