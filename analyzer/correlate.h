/*
 * correlate.h -- the intervals of every signal made into incidents: what
 * happened, when, to what, how sure we are, and on what evidence; and the
 * data-quality notes that are not incidents.
 *
 * Kinds of incident, and the intervals they come from:
 *   routing blackout		a BGP blackout
 *   partial routing outage	a BGP partial outage
 *   routing instability	BGP instability, except the bursts of
 *				withdrawals and announcements at the edges
 *				of a blackout (they are the blackout)
 *   upstream change		an upstream AS appearing or disappearing
 *   DDoS/flood			a flood in the flow records
 *   data-plane outage		probes failing and/or traffic collapsing
 *				while the routes stay (Libya, March 2011)
 *   data gap			no BGP data at all, no probe results
 * Collector gaps, peer resets and single vantages' losses are notes.
 *
 * A partial outage is corroborated by the probe runs towards target hosts
 * inside the prefixes it lost, when there are some (fewer than half of
 * them succeeding), rather than by the target as a whole.
 *
 * Confidence comes from how many independent sources agree among those
 * that had data for the time: for a blackout, BGP with probes failing
 * and traffic collapsing is "high" (3 of 3); BGP alone when the others had
 * data and saw nothing is "low"; BGP alone when no other source had data
 * is "medium".  Kinds that only one source can see (instability, upstream
 * change, flood) are "medium" when seen.
 */
#ifndef LIGHTSOUT_CORRELATE_H
#define LIGHTSOUT_CORRELATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/detect.h"

enum incident_kind {
	INC_BLACKOUT,
	INC_PARTIAL,
	INC_INSTABILITY,
	INC_UPSTREAM,
	INC_FLOOD,
	INC_DATA_PLANE,
	INC_DATA_GAP,
	INC_NKINDS
};

#define INCIDENT_MAX_EVIDENCE	6

struct incident {
	enum incident_kind kind;
	int64_t		 start, end;	/* seconds UTC, [start, end) */
	bool		 has_exact_start;
	int64_t		 exact_start;
	char		 scope[INTERVAL_TEXT_MAX];
	unsigned	 agree;		/* sources that saw it */
	unsigned	 available;	/* sources with data then */
	const char	*confidence;	/* "high", "medium", "low", "-" */
	size_t		 nevidence;
	/* "source: what it saw", one per interval behind the incident. */
	char		 evidence[INCIDENT_MAX_EVIDENCE][INTERVAL_TEXT_MAX + 96];
};

struct correlation {
	struct incident	*incidents;	/* by start time */
	size_t		 nincidents;
	const struct interval **notes;	/* borrowed from the interval list */
	size_t		 nnotes;
};

/*
 * Build incidents from ivs (borrowed; must outlive c).  has_* say which
 * signals had inputs at all.  -1 on out of memory.
 */
int	correlate(const struct interval_list *ivs, bool has_bgp, bool has_flow,
	    bool has_probe, struct correlation *c);
void	correlation_free(struct correlation *c);

/* "routing blackout" ... for reports. */
const char *incident_kind_name(enum incident_kind k);
/* The word of `expect` lines: "blackout", "partial-outage", ... */
const char *incident_kind_key(enum incident_kind k);

#endif
