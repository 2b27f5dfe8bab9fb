/*
 * correlate.c -- intervals into incidents and notes (see correlate.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/correlate.h"

const char *
incident_kind_name(enum incident_kind k)
{
	static const char *const names[INC_NKINDS] = {
		"routing blackout", "partial routing outage",
		"routing instability", "upstream change", "DDoS/flood",
		"data-plane outage", "data gap",
	};

	return k < INC_NKINDS ? names[k] : "?";
}

const char *
incident_kind_key(enum incident_kind k)
{
	static const char *const keys[INC_NKINDS] = {
		"blackout", "partial-outage", "instability",
		"upstream-change", "flood", "data-plane-outage", "data-gap",
	};

	return k < INC_NKINDS ? keys[k] : "?";
}

void
correlation_free(struct correlation *c)
{
	free(c->incidents);
	free(c->notes);
	memset(c, 0, sizeof(*c));
}

static bool
overlaps(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
	return a0 < b1 && b0 < a1;
}

static const char *
source_of(enum interval_kind k)
{
	switch (k) {
	case IV_FLOW_FLOOD:
	case IV_FLOW_COLLAPSE:
	case IV_FLOW_GAP:
		return "flows";
	case IV_PROBE_OUTAGE:
	case IV_PROBE_GAP:
	case IV_NOTE_VANTAGE_LOSS:
		return "probes";
	default:
		return "bgp";
	}
}

static struct incident *
new_incident(struct correlation *c, size_t *cap, enum incident_kind kind,
    const struct interval *iv)
{
	struct incident *inc;

	if (c->nincidents == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct incident *grown;

		grown = realloc(c->incidents, ncap * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		c->incidents = grown;
		*cap = ncap;
	}
	inc = &c->incidents[c->nincidents++];
	memset(inc, 0, sizeof(*inc));
	inc->kind = kind;
	inc->start = iv->start;
	inc->end = iv->end;
	inc->has_exact_start = iv->has_exact_start;
	inc->exact_start = iv->exact_start;
	memcpy(inc->scope, iv->scope, sizeof(inc->scope));
	inc->confidence = "-";
	return inc;
}

static void
add_evidence(struct incident *inc, const struct interval *iv)
{
	if (inc->nevidence == INCIDENT_MAX_EVIDENCE)
		return;
	snprintf(inc->evidence[inc->nevidence++],
	    sizeof(inc->evidence[0]), "%s: %s: %s", source_of(iv->kind),
	    interval_kind_name(iv->kind), iv->detail);
}

static void
add_line(struct incident *inc, const char *line)
{
	if (inc->nevidence == INCIDENT_MAX_EVIDENCE)
		return;
	snprintf(inc->evidence[inc->nevidence++], sizeof(inc->evidence[0]),
	    "%s", line);
}

/* Sources with data over [start, end): those with inputs and no gap then. */
static unsigned
available(const struct interval_list *ivs, int64_t start, int64_t end,
    bool has_bgp, bool has_flow, bool has_probe, bool *bgp_ok, bool *flow_ok,
    bool *probe_ok)
{
	size_t i;

	*bgp_ok = has_bgp;
	*flow_ok = has_flow;
	*probe_ok = has_probe;
	for (i = 0; i < ivs->n; i++) {
		const struct interval *iv = &ivs->v[i];

		if (!overlaps(iv->start, iv->end, start, end))
			continue;
		/* A gap over the whole incident: that source saw nothing. */
		if (iv->start > start || iv->end < end)
			continue;
		if (iv->kind == IV_BGP_GAP)
			*bgp_ok = false;
		else if (iv->kind == IV_PROBE_GAP)
			*probe_ok = false;
		else if (iv->kind == IV_FLOW_GAP)
			*flow_ok = false;
	}
	return (unsigned)*bgp_ok + (unsigned)*flow_ok + (unsigned)*probe_ok;
}

/*
 * Set how sure an incident is.  single_source: a kind only one source
 * can see.
 */
static void
rate(struct incident *inc, bool single_source)
{
	if (single_source)
		inc->confidence = "medium";
	else if (inc->agree >= 2)
		inc->confidence = "high";
	else if (inc->available <= 1)
		inc->confidence = "medium";
	else
		inc->confidence = "low";
}

/* Is the instability interval only a blackout's edge? */
static bool
blackout_edge(const struct interval_list *ivs, const struct interval *iv,
    int64_t bin)
{
	size_t i;

	for (i = 0; i < ivs->n; i++) {
		const struct interval *b = &ivs->v[i];

		if (b->kind != IV_BGP_BLACKOUT && b->kind != IV_BGP_PARTIAL)
			continue;
		if ((iv->start >= b->start - bin && iv->end <= b->start + bin) ||
		    (iv->start >= b->end - bin && iv->end <= b->end + bin))
			return true;
	}
	return false;
}

static bool
routing_outage_over(const struct interval_list *ivs, int64_t start,
    int64_t end)
{
	size_t i;

	for (i = 0; i < ivs->n; i++)
		if ((ivs->v[i].kind == IV_BGP_BLACKOUT ||
		    ivs->v[i].kind == IV_BGP_PARTIAL) &&
		    overlaps(ivs->v[i].start, ivs->v[i].end, start, end))
			return true;
	return false;
}

static int
by_start(const void *a, const void *b)
{
	const struct incident *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

int
correlate(const struct interval_list *ivs, bool has_bgp, bool has_flow,
    bool has_probe, struct correlation *c)
{
	size_t cap = 0, i, j;
	int64_t bin = 0;
	bool *used = NULL;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < ivs->n; i++)
		if (bin == 0 || ivs->v[i].end - ivs->v[i].start < bin)
			bin = ivs->v[i].end - ivs->v[i].start;
	used = calloc(ivs->n + 1, sizeof(*used));
	c->notes = calloc(ivs->n + 1, sizeof(*c->notes));
	if (used == NULL || c->notes == NULL)
		goto fail;

	for (i = 0; i < ivs->n; i++) {
		const struct interval *iv = &ivs->v[i];
		struct incident *inc;
		bool bgp_ok, flow_ok, probe_ok;

		switch (iv->kind) {
		case IV_BGP_BLACKOUT:
		case IV_BGP_PARTIAL:
			inc = new_incident(c, &cap, iv->kind == IV_BGP_BLACKOUT ?
			    INC_BLACKOUT : INC_PARTIAL, iv);
			if (inc == NULL)
				goto fail;
			add_evidence(inc, iv);
			inc->available = available(ivs, iv->start, iv->end,
			    has_bgp, has_flow, has_probe, &bgp_ok, &flow_ok,
			    &probe_ok);
			inc->agree = 1;
			/* What the data plane saw over the same time. */
			for (j = 0; j < ivs->n; j++) {
				const struct interval *o = &ivs->v[j];

				if ((o->kind != IV_PROBE_OUTAGE &&
				    o->kind != IV_FLOW_COLLAPSE &&
				    o->kind != IV_FLOW_GAP &&
				    o->kind != IV_PROBE_GAP) ||
				    !overlaps(o->start, o->end, iv->start,
				    iv->end))
					continue;
				/* Silence where the routes are gone is
				   theirs: no data gap of its own. */
				add_evidence(inc, o);
				used[j] = true;
			}
			{
				bool probes = false, flows = false;

				for (j = 0; j < ivs->n; j++) {
					const struct interval *o = &ivs->v[j];

					if (!used[j] || !overlaps(o->start,
					    o->end, iv->start, iv->end))
						continue;
					probes |= o->kind == IV_PROBE_OUTAGE;
					flows |= o->kind == IV_FLOW_COLLAPSE;
				}
				/*
				 * A partial outage: the hosts probed inside
				 * the lost prefixes speak for them.
				 */
				if (!probes && iv->host_runs > 0) {
					char line[160];

					probes = 2 * iv->host_successes <
					    iv->host_runs;
					snprintf(line, sizeof(line), "probes: "
					    "%llu of %llu runs towards target "
					    "hosts in the lost prefixes "
					    "succeeded",
					    (unsigned long long)
					    iv->host_successes,
					    (unsigned long long)iv->host_runs);
					add_line(inc, line);
				} else if (probe_ok && !probes)
					add_line(inc, "probes: the target "
					    "still answered");
				inc->agree += (unsigned)probes +
				    (unsigned)flows;
				if (flow_ok && !flows)
					add_line(inc, "flows: no collapse of "
					    "the traffic towards the target");
			}
			rate(inc, false);
			break;
		case IV_BGP_INSTABILITY:
			if (blackout_edge(ivs, iv, bin))
				break;
			/* FALLTHROUGH */
		case IV_BGP_UPSTREAM:
		case IV_FLOW_FLOOD:
			inc = new_incident(c, &cap,
			    iv->kind == IV_BGP_INSTABILITY ? INC_INSTABILITY :
			    iv->kind == IV_BGP_UPSTREAM ? INC_UPSTREAM :
			    INC_FLOOD, iv);
			if (inc == NULL)
				goto fail;
			add_evidence(inc, iv);
			inc->agree = 1;
			inc->available = 1;
			rate(inc, true);
			break;
		case IV_BGP_GAP:
		case IV_PROBE_GAP:
		case IV_FLOW_GAP:
			/* Explained by a routing outage: its evidence. */
			if (iv->kind != IV_BGP_GAP &&
			    routing_outage_over(ivs, iv->start, iv->end))
				break;
			inc = new_incident(c, &cap, INC_DATA_GAP, iv);
			if (inc == NULL)
				goto fail;
			add_evidence(inc, iv);
			break;
		case IV_NOTE_COLLECTOR_GAP:
		case IV_NOTE_PEER_RESET:
		case IV_NOTE_VANTAGE_LOSS:
			c->notes[c->nnotes++] = iv;
			break;
		default:
			break;
		}
	}

	/*
	 * Data-plane outages: probe outages and traffic collapses that no
	 * routing outage explains, overlapping ones made one incident.
	 */
	for (i = 0; i < ivs->n; i++) {
		const struct interval *iv = &ivs->v[i];
		struct incident *inc;
		bool probes, flows, bgp_ok, flow_ok, probe_ok, grew;

		if (used[i] || (iv->kind != IV_PROBE_OUTAGE &&
		    iv->kind != IV_FLOW_COLLAPSE) ||
		    routing_outage_over(ivs, iv->start, iv->end))
			continue;
		inc = new_incident(c, &cap, INC_DATA_PLANE, iv);
		if (inc == NULL)
			goto fail;
		used[i] = true;
		probes = iv->kind == IV_PROBE_OUTAGE;
		flows = iv->kind == IV_FLOW_COLLAPSE;
		add_evidence(inc, iv);
		do {
			grew = false;
			for (j = 0; j < ivs->n; j++) {
				const struct interval *o = &ivs->v[j];

				if (used[j] || (o->kind != IV_PROBE_OUTAGE &&
				    o->kind != IV_FLOW_COLLAPSE) ||
				    !overlaps(o->start, o->end, inc->start,
				    inc->end))
					continue;
				used[j] = grew = true;
				if (o->start < inc->start)
					inc->start = o->start;
				if (o->end > inc->end)
					inc->end = o->end;
				probes |= o->kind == IV_PROBE_OUTAGE;
				flows |= o->kind == IV_FLOW_COLLAPSE;
				add_evidence(inc, o);
			}
		} while (grew);
		inc->agree = (unsigned)probes + (unsigned)flows;
		inc->available = available(ivs, inc->start, inc->end, has_bgp,
		    has_flow, has_probe, &bgp_ok, &flow_ok, &probe_ok);
		if (bgp_ok)
			add_line(inc, "bgp: the target's routes stayed "
			    "visible");
		/* BGP disagrees by design; the data plane sources count. */
		inc->available -= bgp_ok ? 1 : 0;
		rate(inc, false);
	}
	free(used);
	if (c->nincidents > 1)
		qsort(c->incidents, c->nincidents, sizeof(*c->incidents),
		    by_start);
	return 0;
fail:
	free(used);
	correlation_free(c);
	return -1;
}
