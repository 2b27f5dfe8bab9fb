/*
 * bins.h -- the time grid of an analysis: the event window cut into bins
 * of equal width.  Every signal counts into the same grid, so that series
 * from different sources line up and per-bin state from separate runs
 * (disjoint collectors, or disjoint time ranges on bin boundaries) can be
 * merged by adding bin to bin.
 */
#ifndef LIGHTSOUT_BINS_H
#define LIGHTSOUT_BINS_H

#include <stdbool.h>
#include <stdint.h>

struct bin_grid {
	int64_t		start;		/* window start, seconds UTC, inclusive */
	int64_t		end;		/* window end, exclusive */
	int64_t		width;		/* bin width in seconds, > 0 */
	uint32_t	nbins;		/* ceil((end - start) / width) */
};

/* Set up g; false when end <= start, width <= 0 or too many bins. */
#define BIN_MAX_BINS	(1u << 20)
static inline bool
bin_grid_init(struct bin_grid *g, int64_t start, int64_t end, int64_t width)
{
	int64_t n;

	if (end <= start || width <= 0)
		return false;
	n = (end - start + width - 1) / width;
	if (n > (int64_t)BIN_MAX_BINS)
		return false;
	g->start = start;
	g->end = end;
	g->width = width;
	g->nbins = (uint32_t)n;
	return true;
}

/* The bin holding second t, or -1 when t is outside the window. */
static inline int64_t
bin_of(const struct bin_grid *g, int64_t t)
{
	if (t < g->start || t >= g->end)
		return -1;
	return (t - g->start) / g->width;
}

/* Start of bin i (the last bin may end at g->end, before a full width). */
static inline int64_t
bin_start(const struct bin_grid *g, uint32_t i)
{
	return g->start + (int64_t)i * g->width;
}

static inline int64_t
bin_end(const struct bin_grid *g, uint32_t i)
{
	int64_t e = g->start + ((int64_t)i + 1) * g->width;

	return e < g->end ? e : g->end;
}

#endif
