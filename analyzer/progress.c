/*
 * progress.c -- the status line of a long analysis.
 */
#include <time.h>

#include "analyzer/progress.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_init(struct progress *p, uint64_t files, uint64_t bytes)
{
	atomic_init(&p->records, 0);
	atomic_init(&p->files_done, 0);
	atomic_init(&p->bytes_done, 0);
	p->files_total = files;
	p->bytes_total = bytes;
	p->started = now();
}

/* 1234567 as "1.2 M", to keep the line short. */
static void
human(double v, char *buf, size_t len)
{
	if (v >= 1e9)
		snprintf(buf, len, "%.1f G", v / 1e9);
	else if (v >= 1e6)
		snprintf(buf, len, "%.1f M", v / 1e6);
	else if (v >= 1e3)
		snprintf(buf, len, "%.1f k", v / 1e3);
	else
		snprintf(buf, len, "%.0f ", v);
}

void
progress_show(struct progress *p, FILE *fp)
{
	uint64_t records = atomic_load(&p->records);
	uint64_t files = atomic_load(&p->files_done);
	uint64_t bytes = atomic_load(&p->bytes_done);
	double elapsed = now() - p->started;
	char nrec[32], rate[32], left[48] = "";

	human((double)records, nrec, sizeof(nrec));
	human(elapsed > 0 ? (double)records / elapsed : 0, rate, sizeof(rate));
	/* Time left from the share of bytes done: coarse, file by file. */
	if (bytes > 0 && bytes < p->bytes_total)
		snprintf(left, sizeof(left), ", about %.0f s left",
		    elapsed * (double)(p->bytes_total - bytes) /
		    (double)bytes);
	fprintf(fp, "\r\033[Klightsout: %llu/%llu files, %srecords, "
	    "%srecords/s%s", (unsigned long long)files,
	    (unsigned long long)p->files_total, nrec, rate, left);
	fflush(fp);
}

void
progress_clear(FILE *fp)
{
	fputs("\r\033[K", fp);
	fflush(fp);
}
