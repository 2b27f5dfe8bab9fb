/*
 * filter.h -- record filters of `lightsout dump`, combinable: every kind
 * of filter given must match (AND); several values of one kind match if
 * any does (OR).
 */
#ifndef LIGHTSOUT_FILTER_H
#define LIGHTSOUT_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "parsers/bgp_record.h"

#define FILTER_MAX_VALUES	64

struct record_filter {
	struct ip_prefix exact[FILTER_MAX_VALUES];
	int		 nexact;
	struct ip_prefix more[FILTER_MAX_VALUES];	/* P and inside P */
	int		 nmore;
	struct ip_prefix less[FILTER_MAX_VALUES];	/* P and covering P */
	int		 nless;
	uint32_t	 origin[FILTER_MAX_VALUES];
	int		 norigin;
	uint32_t	 peer_as[FILTER_MAX_VALUES];
	int		 npeer_as;
	struct ip_addr	 peer[FILTER_MAX_VALUES];
	int		 npeer;
	bool		 has_from, has_until;
	int64_t		 from, until;	/* [from, until) in seconds */
	unsigned int	 kinds;		/* bit per enum bgp_kind; 0 = all */
};

/* Parsers for option values; -1 with a message in err on bad input. */
int	parse_prefix(const char *s, struct ip_prefix *p, char *err, size_t len);
int	parse_addr(const char *s, struct ip_addr *a, char *err, size_t len);
int	parse_asn(const char *s, uint32_t *as, char *err, size_t len);
/* ISO 8601 UTC (2014-12-22, 2014-12-22T16:15, ...:05Z) or unix seconds. */
int	parse_time(const char *s, int64_t *t, char *err, size_t len);
/* Comma-separated kinds: rib, announce, withdraw, state, message. */
int	parse_kinds(const char *s, unsigned int *kinds, char *err, size_t len);

bool	prefix_contains(const struct ip_prefix *outer,
	    const struct ip_prefix *inner);

bool	filter_match(const struct record_filter *f,
	    const struct bgp_record *rec);

/* True when any prefix or attribute filter is set. */
bool	filter_needs_prefix(const struct record_filter *f);

#endif
