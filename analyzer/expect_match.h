/*
 * expect_match.h -- the event's `expect` lines (published findings)
 * against the incidents found: each expectation met or missed, with the
 * time differences; incidents no expectation names are extra.
 *
 * An expectation of kind K, [start, end), tolerance T (default one bin)
 * is met by the incident of kind K whose start and end are both within T
 * of it; among several, the one closest in start plus end.  Each
 * incident meets at most one expectation, taken in the event's order.
 */
#ifndef LIGHTSOUT_EXPECT_MATCH_H
#define LIGHTSOUT_EXPECT_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/correlate.h"
#include "analyzer/event.h"

struct expect_result {
	const struct event_expect *expect;
	int64_t		 tolerance;	/* seconds, as applied */
	bool		 met;
	long		 incident;	/* index of the closest incident of
					   the kind, -1 when none */
	int64_t		 start_diff;	/* incident - expected, seconds */
	int64_t		 end_diff;
};

struct expect_report {
	struct expect_result *results;	/* one per expect line, in order */
	size_t		 n;
	size_t		 met;
	bool		*matched;	/* per incident: met an expectation */
};

/* -1 on out of memory. */
int	expect_match(const struct event *ev, const struct correlation *c,
	    int64_t bin_width, struct expect_report *out);
void	expect_report_free(struct expect_report *r);

#endif
