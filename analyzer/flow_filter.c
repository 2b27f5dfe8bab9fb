/*
 * flow_filter.c -- the filters of `lightsout dump` on flow records, and
 * which filters apply to which kind of record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/filter.h"
#include "parsers/flow_record.h"

static int
parse_number(const char *s, unsigned long max, unsigned long *v, char *err,
    size_t len, const char *what)
{
	char *end;

	if (*s < '0' || *s > '9') {
		snprintf(err, len, "bad %s '%s'", what, s);
		return -1;
	}
	*v = strtoul(s, &end, 10);
	if (*end != '\0' || *v > max) {
		snprintf(err, len, "bad %s '%s' (0-%lu)", what, s, max);
		return -1;
	}
	return 0;
}

int
parse_proto(const char *s, uint8_t *proto, char *err, size_t len)
{
	unsigned long v;

	if (parse_number(s, 255, &v, err, len, "protocol number") == -1)
		return -1;
	*proto = (uint8_t)v;
	return 0;
}

int
parse_port(const char *s, uint16_t *port, char *err, size_t len)
{
	unsigned long v;

	if (parse_number(s, 65535, &v, err, len, "port") == -1)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

const char *
filter_flow_only(const struct record_filter *f)
{
	if (f->nsrc > 0)
		return "--src";
	if (f->ndst > 0)
		return "--dst";
	if (f->nproto > 0)
		return "--proto";
	if (f->nport > 0)
		return "--port";
	return NULL;
}

const char *
filter_bgp_only(const struct record_filter *f)
{
	if (f->nexact > 0)
		return "--prefix";
	if (f->nmore > 0)
		return "--more-specific";
	if (f->nless > 0)
		return "--less-specific";
	if (f->norigin > 0)
		return "--origin";
	if (f->npeer_as > 0)
		return "--peer-asn";
	if (f->npeer > 0)
		return "--peer";
	if (f->kinds != 0)
		return "--type";
	return NULL;
}

/* The flow's time span, [*first, *last] in ms; false when unknown. */
static bool
flow_span(const struct flow_record *rec, int64_t *first, int64_t *last)
{
	if (rec->present & (FLOW_HAS_START | FLOW_HAS_END)) {
		*first = (rec->present & FLOW_HAS_START) ? rec->start_ms :
		    rec->end_ms;
		*last = (rec->present & FLOW_HAS_END) ? rec->end_ms :
		    rec->start_ms;
		if (*last < *first)
			*last = *first;
		return true;
	}
	if (rec->present & FLOW_HAS_EXPORT_TIME) {
		*first = *last = rec->export_ms;
		return true;
	}
	if (rec->present & FLOW_HAS_RECV_TIME) {
		*first = *last = rec->recv_us / 1000;
		return true;
	}
	return false;
}

bool
flow_filter_match(const struct record_filter *f, const struct flow_record *rec)
{
	int64_t first, last;
	int i;

	if (f->has_from || f->has_until) {
		if (!flow_span(rec, &first, &last))
			return false;
		if (f->has_from && last < f->from * 1000)
			return false;
		if (f->has_until && first >= f->until * 1000)
			return false;
	}
	if (f->nsrc > 0 && !addr_in_prefixes(f->src, f->nsrc, &rec->src))
		return false;
	if (f->ndst > 0 && !addr_in_prefixes(f->dst, f->ndst, &rec->dst))
		return false;
	if (f->nproto > 0) {
		if (!(rec->present & FLOW_HAS_PROTO))
			return false;
		for (i = 0; i < f->nproto; i++)
			if (rec->proto == f->proto[i])
				break;
		if (i == f->nproto)
			return false;
	}
	if (f->nport > 0) {
		for (i = 0; i < f->nport; i++)
			if (((rec->present & FLOW_HAS_SRC_PORT) &&
			    rec->src_port == f->port[i]) ||
			    ((rec->present & FLOW_HAS_DST_PORT) &&
			    rec->dst_port == f->port[i]))
				break;
		if (i == f->nport)
			return false;
	}
	return true;
}
