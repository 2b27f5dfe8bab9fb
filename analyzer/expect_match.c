/*
 * expect_match.c -- published findings against the incidents found.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/expect_match.h"

static int64_t
distance(int64_t a)
{
	return a < 0 ? -a : a;
}

int
expect_match(const struct event *ev, const struct correlation *c,
    int64_t bin_width, struct expect_report *out)
{
	size_t i, k;

	memset(out, 0, sizeof(*out));
	out->results = calloc(ev->nexpects + 1, sizeof(*out->results));
	out->matched = calloc(c->nincidents + 1, sizeof(*out->matched));
	if (out->results == NULL || out->matched == NULL) {
		expect_report_free(out);
		return -1;
	}
	out->n = ev->nexpects;
	for (i = 0; i < ev->nexpects; i++) {
		const struct event_expect *e = &ev->expects[i];
		struct expect_result *r = &out->results[i];
		int64_t best = -1;

		r->expect = e;
		r->incident = -1;
		r->tolerance = e->has_tolerance ? e->tolerance : bin_width;
		for (k = 0; k < c->nincidents; k++) {
			const struct incident *inc = &c->incidents[k];
			int64_t ds = inc->start - e->start;
			int64_t de = inc->end - e->end;
			bool fits = distance(ds) <= r->tolerance &&
			    distance(de) <= r->tolerance;
			int64_t score = distance(ds) + distance(de);

			if (strcmp(incident_kind_key(inc->kind), e->kind) != 0 ||
			    out->matched[k])
				continue;
			/* A fitting incident beats any that does not. */
			if (r->incident != -1 && r->met && !fits)
				continue;
			if (r->incident != -1 && r->met == fits &&
			    score >= best)
				continue;
			r->incident = (long)k;
			r->met = fits;
			r->start_diff = ds;
			r->end_diff = de;
			best = score;
		}
		if (r->met) {
			out->matched[r->incident] = true;
			out->met++;
		}
	}
	return 0;
}

void
expect_report_free(struct expect_report *r)
{
	free(r->results);
	free(r->matched);
	memset(r, 0, sizeof(*r));
}
