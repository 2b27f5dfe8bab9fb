/*
 * filter.c -- parsing filter values and matching records against them.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "analyzer/filter.h"
#include "parsers/bgp_decode.h"

int
parse_addr(const char *s, struct ip_addr *a, char *err, size_t len)
{
	if (ip_addr_parse(s, a))
		return 0;
	snprintf(err, len, "'%s' is not an IPv4 or IPv6 address", s);
	return -1;
}

int
parse_prefix(const char *s, struct ip_prefix *p, char *err, size_t len)
{
	char buf[64], *slash, *end;
	unsigned long bits;
	unsigned int maxlen;

	if (strlen(s) >= sizeof(buf)) {
		snprintf(err, len, "'%s' is not a prefix", s);
		return -1;
	}
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash = '\0';
	if (parse_addr(buf, &p->addr, err, len) == -1)
		return -1;
	maxlen = p->addr.afi == AFI_IPV4 ? 32 : 128;
	if (slash == NULL)
		bits = maxlen;
	else {
		errno = 0;
		bits = strtoul(slash + 1, &end, 10);
		if (!isdigit((unsigned char)slash[1]) || errno != 0 ||
		    *end != '\0' ||
		    bits > maxlen) {
			snprintf(err, len, "'%s': bad prefix length", s);
			return -1;
		}
	}
	p->len = (uint8_t)bits;
	prefix_mask(p);
	return 0;
}

int
parse_asn(const char *s, uint32_t *as, char *err, size_t len)
{
	const char *p = s;
	char *end;
	unsigned long long v;

	if (strncasecmp(p, "AS", 2) == 0)
		p += 2;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (*p == '\0' || !isdigit((unsigned char)*p) || errno != 0 ||
	    v > UINT32_MAX) {
		snprintf(err, len, "'%s' is not an AS number", s);
		return -1;
	}
	/* asdot notation, RFC 5396: high.low */
	if (*end == '.') {
		unsigned long long lo;

		if (!isdigit((unsigned char)end[1])) {
			snprintf(err, len, "'%s' is not an AS number", s);
			return -1;
		}
		lo = strtoull(end + 1, &end, 10);
		if (v > 65535 || lo > 65535 || *end != '\0') {
			snprintf(err, len, "'%s' is not an AS number", s);
			return -1;
		}
		v = v << 16 | lo;
	} else if (*end != '\0') {
		snprintf(err, len, "'%s' is not an AS number", s);
		return -1;
	}
	*as = (uint32_t)v;
	return 0;
}

int
parse_time(const char *s, int64_t *t, char *err, size_t len)
{
	struct tm tm;
	const char *p;
	char *end;
	int n = 0;

	/* Unix seconds. */
	for (p = s; *p != '\0' && isdigit((unsigned char)*p); p++)
		;
	if (p != s && (*p == '\0' || (*p == '.' && p - s > 8))) {
		*t = strtoll(s, &end, 10);
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &n) != 3)
		goto bad;
	p = s + n;
	if (*p == 'T' || *p == ' ') {
		n = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min,
		    &n) != 2)
			goto bad;
		p += 1 + n;
		if (*p == ':') {
			n = 0;
			if (sscanf(p + 1, "%2d%n", &tm.tm_sec, &n) != 1)
				goto bad;
			p += 1 + n;
		}
	}
	if (*p == 'Z')
		p++;
	if (*p != '\0' || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		goto bad;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	{
		/*
		 * timegm() normalises 2014-02-30 to 2 March (in tm too):
		 * refuse dates that do not exist.
		 */
		int mday = tm.tm_mday, mon = tm.tm_mon;
		time_t tt = timegm(&tm);

		if (tm.tm_mday != mday || tm.tm_mon != mon)
			goto bad;
		*t = (int64_t)tt;
	}
	return 0;
bad:
	snprintf(err, len, "'%s' is not a time (use 2014-12-22T16:15:00Z or "
	    "unix seconds)", s);
	return -1;
}

int
parse_kinds(const char *s, unsigned int *kinds, char *err, size_t len)
{
	static const struct {
		const char	*name;
		enum bgp_kind	 kind;
	} names[] = {
		{ "rib", BGP_KIND_RIB },
		{ "announce", BGP_KIND_ANNOUNCE },
		{ "withdraw", BGP_KIND_WITHDRAW },
		{ "state", BGP_KIND_STATE },
		{ "message", BGP_KIND_MESSAGE },
	};
	const char *p = s;
	size_t n, i;

	while (*p != '\0') {
		n = strcspn(p, ",");
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n &&
			    strncmp(p, names[i].name, n) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
			snprintf(err, len, "unknown record type '%.*s' (use "
			    "rib, announce, withdraw, state, message)", (int)n,
			    p);
			return -1;
		}
		*kinds |= 1u << names[i].kind;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

bool
prefix_contains(const struct ip_prefix *outer, const struct ip_prefix *inner)
{
	unsigned int full, bits;

	if (outer->addr.afi != inner->addr.afi || outer->len > inner->len)
		return false;
	full = outer->len / 8;
	bits = outer->len % 8;
	if (memcmp(outer->addr.bytes, inner->addr.bytes, full) != 0)
		return false;
	if (bits == 0)
		return true;
	return ((outer->addr.bytes[full] ^ inner->addr.bytes[full]) &
	    (0xff << (8 - bits))) == 0;
}

static bool
prefix_equal(const struct ip_prefix *a, const struct ip_prefix *b)
{
	return a->len == b->len && prefix_contains(a, b);
}

static bool
addr_equal(const struct ip_addr *a, const struct ip_addr *b)
{
	return a->afi == b->afi && memcmp(a->bytes, b->bytes,
	    a->afi == AFI_IPV4 ? 4 : 16) == 0;
}

/* The origin: last ASN of a final AS_SEQUENCE, or any of a final AS_SET. */
static bool
origin_match(const struct bgp_record *rec, uint32_t as)
{
	const struct as_path *p;
	const struct as_segment *last;
	uint32_t i, origin;

	if (rec->attrs == NULL || rec->kind == BGP_KIND_WITHDRAW ||
	    !(rec->attrs->present & ATTR_BIT(ATTR_AS_PATH)))
		return false;
	p = &rec->attrs->as_path;
	if (as_path_origin(p, &origin))
		return origin == as;
	if (p->nsegs == 0)
		return false;
	last = &p->segs[p->nsegs - 1];
	if (last->type == AS_SET)
		for (i = 0; i < last->count; i++)
			if (p->asns[last->first + i] == as)
				return true;
	return false;
}

bool
filter_needs_prefix(const struct record_filter *f)
{
	return f->nexact > 0 || f->nmore > 0 || f->nless > 0 || f->norigin > 0;
}

bool
filter_match(const struct record_filter *f, const struct bgp_record *rec)
{
	bool routed = rec->kind == BGP_KIND_RIB ||
	    rec->kind == BGP_KIND_ANNOUNCE || rec->kind == BGP_KIND_WITHDRAW;
	int i;

	if (f->kinds != 0 && !(f->kinds & (1u << rec->kind)))
		return false;
	if (f->has_from && rec->time < f->from)
		return false;
	if (f->has_until && rec->time >= f->until)
		return false;
	if (filter_needs_prefix(f) && !routed)
		return false;
	if (f->nexact > 0) {
		for (i = 0; i < f->nexact; i++)
			if (prefix_equal(&f->exact[i], &rec->prefix))
				break;
		if (i == f->nexact)
			return false;
	}
	if (f->nmore > 0) {
		for (i = 0; i < f->nmore; i++)
			if (prefix_contains(&f->more[i], &rec->prefix))
				break;
		if (i == f->nmore)
			return false;
	}
	if (f->nless > 0) {
		for (i = 0; i < f->nless; i++)
			if (prefix_contains(&rec->prefix, &f->less[i]))
				break;
		if (i == f->nless)
			return false;
	}
	if (f->norigin > 0) {
		for (i = 0; i < f->norigin; i++)
			if (origin_match(rec, f->origin[i]))
				break;
		if (i == f->norigin)
			return false;
	}
	if (f->npeer_as > 0) {
		for (i = 0; i < f->npeer_as; i++)
			if (rec->peer_as == f->peer_as[i])
				break;
		if (i == f->npeer_as)
			return false;
	}
	if (f->npeer > 0) {
		for (i = 0; i < f->npeer; i++)
			if (addr_equal(&rec->peer_addr, &f->peer[i]))
				break;
		if (i == f->npeer)
			return false;
	}
	return true;
}

/* Is a inside any of the n prefixes?  An absent address never is. */
bool
addr_in_prefixes(const struct ip_prefix *prefixes, int n,
    const struct ip_addr *a)
{
	struct ip_prefix host;
	int i;

	if (a->afi == 0)
		return false;
	host.addr = *a;
	host.len = a->afi == AFI_IPV4 ? 32 : 128;
	for (i = 0; i < n; i++)
		if (prefix_contains(&prefixes[i], &host))
			return true;
	return false;
}

int
parse_jobs(const char *s, unsigned *jobs)
{
	char *end;
	unsigned long n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > JOBS_MAX)
		return -1;
	*jobs = (unsigned)n;
	return 0;
}
