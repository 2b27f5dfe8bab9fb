/*
 * progress.h -- how far an analysis is, shared by its jobs and shown on
 * stderr when that is a terminal: files done, records, rate, time left.
 * Jobs add to it from their threads; counts are added in batches so that
 * the hot loops do not contend on one cache line.
 */
#ifndef LIGHTSOUT_PROGRESS_H
#define LIGHTSOUT_PROGRESS_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

/* Records a job counts before it adds them to the shared figure. */
#define PROGRESS_BATCH	65536

struct progress {
	_Atomic uint64_t records;
	_Atomic uint64_t files_done;
	_Atomic uint64_t bytes_done;	/* on-disk sizes of the files done */
	uint64_t	 files_total;
	uint64_t	 bytes_total;
	double		 started;	/* monotonic seconds */
};

void	progress_init(struct progress *p, uint64_t files, uint64_t bytes);

static inline void
progress_records(struct progress *p, uint64_t n)
{
	if (p != NULL)
		atomic_fetch_add_explicit(&p->records, n,
		    memory_order_relaxed);
}

static inline void
progress_file_done(struct progress *p, uint64_t size)
{
	if (p == NULL)
		return;
	atomic_fetch_add_explicit(&p->files_done, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&p->bytes_done, size, memory_order_relaxed);
}

/* One "\r"-started status line on fp; progress_clear() erases it. */
void	progress_show(struct progress *p, FILE *fp);
void	progress_clear(FILE *fp);

#endif
