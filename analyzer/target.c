/*
 * target.c -- an event's target resolved into sorted tables: prefixes
 * (given, and those the registry files delegate to the event's
 * countries), origin ASNs, hosts, and the address ranges the prefixes
 * cover, merged, for the per-record lookups of the signals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/filter.h"
#include "analyzer/registry.h"
#include "analyzer/target.h"
#include "parsers/bgp_decode.h"		/* prefix_mask */

/*
 * A run of addresses covered by target prefixes: first to last
 * inclusive, of one family (IPv4 in the first four bytes).  The table is
 * sorted by (afi, first) and its runs neither overlap nor touch.
 */
struct target_range {
	uint8_t		afi;
	uint8_t		first[16];
	uint8_t		last[16];
};

static unsigned
afi_bits(uint8_t afi)
{
	return afi == AFI_IPV4 ? 32 : 128;
}

/* The bytes of an address of the family that count. */
static size_t
afi_bytes(uint8_t afi)
{
	return afi_bits(afi) / 8;
}

static int
cmp_addr(const struct ip_addr *a, const struct ip_addr *b)
{
	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	return memcmp(a->bytes, b->bytes, afi_bytes(a->afi));
}

/* (afi, address, length): a prefix sorts after those that hold it. */
static int
cmp_prefix(const struct ip_prefix *a, const struct ip_prefix *b)
{
	int c = cmp_addr(&a->addr, &b->addr);

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int
qsort_prefix(const void *a, const void *b)
{
	return cmp_prefix(a, b);
}

static int
qsort_addr(const void *a, const void *b)
{
	return cmp_addr(a, b);
}

static int
qsort_asn(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort n elements and drop repeats; returns how many are left. */
static size_t
sort_unique(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	uint8_t *p = base;
	size_t i, kept = 0;

	if (n == 0)
		return 0;
	if (n > 1)
		qsort(base, n, size, cmp);
	for (i = 1; i < n; i++)
		if (cmp(p + kept * size, p + i * size) != 0) {
			kept++;
			if (kept != i)
				memcpy(p + kept * size, p + i * size, size);
		}
	return kept + 1;
}

/* The last address of p (its host bits set). */
static void
prefix_last(const struct ip_prefix *p, uint8_t last[16])
{
	unsigned i;

	memcpy(last, p->addr.bytes, 16);
	for (i = p->len; i < afi_bits(p->addr.afi); i++)
		last[i / 8] |= (uint8_t)(0x80 >> (i % 8));
}

/*
 * Does the run ending at last reach up to next (overlapping it, or
 * ending at next - 1)?  Then the two runs are one.
 */
static bool
reaches(const uint8_t last[16], const uint8_t next[16], uint8_t afi)
{
	size_t n = afi_bytes(afi);
	uint8_t after[16];
	int i;

	if (memcmp(next, last, n) <= 0)
		return true;
	memcpy(after, last, n);
	for (i = (int)n - 1; i >= 0; i--)
		if (++after[i] != 0)
			break;
	if (i < 0)
		return true;	/* last is the family's last address */
	return memcmp(next, after, n) == 0;
}

static int
build_ranges(struct target *t)
{
	struct target_range *r;
	uint8_t last[16];
	size_t i, n = 0;

	if (t->nprefixes == 0)
		return 0;
	if ((r = calloc(t->nprefixes, sizeof(*r))) == NULL)
		return -1;
	for (i = 0; i < t->nprefixes; i++) {
		const struct ip_prefix *p = &t->prefixes[i];

		prefix_last(p, last);
		if (n > 0 && r[n - 1].afi == p->addr.afi &&
		    reaches(r[n - 1].last, p->addr.bytes, p->addr.afi)) {
			if (memcmp(last, r[n - 1].last,
			    afi_bytes(p->addr.afi)) > 0)
				memcpy(r[n - 1].last, last, 16);
			continue;
		}
		r[n].afi = p->addr.afi;
		memcpy(r[n].first, p->addr.bytes, 16);
		memcpy(r[n].last, last, 16);
		n++;
	}
	t->ranges = r;
	t->nranges = n;
	return 0;
}

/*
 * The prefixes and ASNs the registry files delegate to one country.
 * Each country is read on its own so that one with nothing in the files
 * is an error (a typo, or the wrong RIR's file) rather than a target
 * that silently shrinks; events name one country or a few.
 */
static int
add_country(const struct event *ev, const char *cc,
    struct registry_resources *all, char *warn, size_t warnlen, char *err,
    size_t errlen)
{
	const char *const ccs[1] = { cc };
	size_t i, before_p = all->nprefixes, before_a = all->nasns;

	for (i = 0; i < ev->registries.n; i++)
		if (registry_read(ev->registries.items[i], ccs, 1, all, warn,
		    warnlen, err, errlen) == -1)
			return -1;
	if (all->nprefixes == before_p && all->nasns == before_a) {
		snprintf(err, errlen, "country %s: nothing delegated to it in "
		    "the registry files (%s%s)", cc, ev->registries.items[0],
		    ev->registries.n > 1 ? ", ..." : "");
		return -1;
	}
	return 0;
}

int
target_build(struct target *t, const struct event *ev, char *warn,
    size_t warnlen, char *err, size_t errlen)
{
	struct registry_resources res;
	size_t i, np, na;

	memset(t, 0, sizeof(*t));
	memset(&res, 0, sizeof(res));
	if (ev->countries.n > 0 && ev->registries.n == 0) {
		snprintf(err, errlen, "country %s needs a registry file",
		    ev->countries.items[0]);
		return -1;
	}
	for (i = 0; i < ev->countries.n; i++)
		if (add_country(ev, ev->countries.items[i], &res, warn,
		    warnlen, err, errlen) == -1)
			goto fail;

	np = ev->nprefixes + res.nprefixes;
	na = ev->nasns + res.nasns;
	if ((np > 0 && (t->prefixes = calloc(np, sizeof(*t->prefixes))) ==
	    NULL) ||
	    (na > 0 && (t->asns = calloc(na, sizeof(*t->asns))) == NULL) ||
	    (ev->nhosts > 0 && (t->hosts = calloc(ev->nhosts,
	    sizeof(*t->hosts))) == NULL))
		goto oom;
	if (ev->nprefixes > 0)
		memcpy(t->prefixes, ev->prefixes,
		    ev->nprefixes * sizeof(*t->prefixes));
	if (res.nprefixes > 0)
		memcpy(t->prefixes + ev->nprefixes, res.prefixes,
		    res.nprefixes * sizeof(*t->prefixes));
	if (ev->nasns > 0)
		memcpy(t->asns, ev->asns, ev->nasns * sizeof(*t->asns));
	if (res.nasns > 0)
		memcpy(t->asns + ev->nasns, res.asns,
		    res.nasns * sizeof(*t->asns));
	if (ev->nhosts > 0)
		memcpy(t->hosts, ev->hosts, ev->nhosts * sizeof(*t->hosts));
	t->nprefixes = sort_unique(t->prefixes, np, sizeof(*t->prefixes),
	    qsort_prefix);
	t->nasns = sort_unique(t->asns, na, sizeof(*t->asns), qsort_asn);
	t->nhosts = sort_unique(t->hosts, ev->nhosts, sizeof(*t->hosts),
	    qsort_addr);
	if (build_ranges(t) == -1)
		goto oom;
	registry_resources_free(&res);
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	registry_resources_free(&res);
	target_free(t);
	return -1;
}

void
target_free(struct target *t)
{
	free(t->prefixes);
	free(t->asns);
	free(t->hosts);
	free(t->ranges);
	memset(t, 0, sizeof(*t));
}

/* Index of the last prefix at or before p in the sort order, or -1. */
static long
last_at_or_before(const struct target *t, const struct ip_prefix *p)
{
	size_t lo = 0, hi = t->nprefixes;

	/* Invariant: [0, lo) sort <= p, [hi, n) sort > p. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_prefix(&t->prefixes[mid], p) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* How many leading bits a and b share, up to max. */
static unsigned
common_bits(const struct ip_addr *a, const struct ip_addr *b, unsigned max)
{
	unsigned i;

	for (i = 0; i < max; i++)
		if ((a->bytes[i / 8] ^ b->bytes[i / 8]) & (0x80 >> (i % 8)))
			break;
	return i;
}

/*
 * The most specific target prefix holding p.  Every prefix that holds p
 * sorts at or before p, and the most specific of them holds every
 * prefix sorting between it and p.  So the last prefix q at or before p
 * either holds p, or the answer holds q too and is no longer than the
 * bits q and p share: cut p to those bits and look again.  Each round
 * shortens p; the rounds are at most the depth of nesting in the table.
 */
long
target_prefix_index(const struct target *t, const struct ip_prefix *p)
{
	struct ip_prefix cut = *p;
	long i;

	if ((p->addr.afi != AFI_IPV4 && p->addr.afi != AFI_IPV6) ||
	    p->len > afi_bits(p->addr.afi))
		return -1;
	prefix_mask(&cut);
	for (;;) {
		const struct ip_prefix *q;

		i = last_at_or_before(t, &cut);
		if (i < 0)
			return -1;
		q = &t->prefixes[i];
		if (prefix_contains(q, p))
			return i;
		if (q->addr.afi != cut.addr.afi)
			return -1;
		cut.len = (uint8_t)common_bits(&q->addr, &cut.addr, cut.len);
		if (cut.len >= q->len)
			return -1;	/* cannot happen: q would hold p */
		prefix_mask(&cut);
	}
}

bool
target_covers_prefix(const struct target *t, const struct ip_prefix *p)
{
	return target_prefix_index(t, p) >= 0;
}

/* Is a inside one of the merged runs?  Binary search by first address. */
static bool
in_ranges(const struct target *t, const struct ip_addr *a)
{
	size_t lo = 0, hi = t->nranges;
	const struct target_range *r;

	/* Invariant: runs [0, lo) start at or before a, [hi, n) after. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		r = &t->ranges[mid];
		if (r->afi < a->afi || (r->afi == a->afi &&
		    memcmp(r->first, a->bytes, afi_bytes(a->afi)) <= 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	r = &t->ranges[lo - 1];
	return r->afi == a->afi &&
	    memcmp(a->bytes, r->last, afi_bytes(a->afi)) <= 0;
}

long
target_host_index(const struct target *t, const struct ip_addr *a)
{
	size_t lo = 0, hi = t->nhosts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_addr(&t->hosts[mid], a);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

bool
target_covers_addr(const struct target *t, const struct ip_addr *a)
{
	if (a->afi != AFI_IPV4 && a->afi != AFI_IPV6)
		return false;
	return in_ranges(t, a) || target_host_index(t, a) >= 0;
}

bool
target_has_asn(const struct target *t, uint32_t asn)
{
	return t->nasns > 0 && bsearch(&asn, t->asns, t->nasns,
	    sizeof(*t->asns), qsort_asn) != NULL;
}
