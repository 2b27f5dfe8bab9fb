/*
 * probe_filter.c -- the filters of `lightsout dump` on probe records.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/filter.h"
#include "parsers/probe_record.h"

const char *
filter_probe_only(const struct record_filter *f)
{
	if (f->ntarget > 0)
		return "--target";
	if (f->nvantage > 0)
		return "--vantage";
	return NULL;
}

/* A vantage given as digits also names an Atlas probe by its id. */
static bool
vantage_is(const struct probe_record *rec, const char *v)
{
	char *end;
	unsigned long id;

	if (rec->vantage != NULL && strcmp(rec->vantage, v) == 0)
		return true;
	if (!(rec->present & PROBE_HAS_PRB_ID) || *v < '0' || *v > '9')
		return false;
	id = strtoul(v, &end, 10);
	return *end == '\0' && id == rec->prb_id;
}

bool
probe_filter_match(const struct record_filter *f,
    const struct probe_record *rec)
{
	int64_t first, last;
	int i;

	if (f->has_from || f->has_until) {
		if (!(rec->present & PROBE_HAS_TIME))
			return false;
		first = rec->time_ms;
		last = (rec->present & PROBE_HAS_END) && rec->end_ms > first ?
		    rec->end_ms : first;
		if (f->has_from && last < f->from * 1000)
			return false;
		if (f->has_until && first >= f->until * 1000)
			return false;
	}
	if (f->ntarget > 0 && !addr_in_prefixes(f->target, f->ntarget, &rec->dst))
		return false;
	if (f->nvantage > 0) {
		for (i = 0; i < f->nvantage; i++)
			if (vantage_is(rec, f->vantage[i]))
				break;
		if (i == f->nvantage)
			return false;
	}
	return true;
}
