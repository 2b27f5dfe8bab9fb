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
	/* Flow filters. */
	struct ip_prefix src[FILTER_MAX_VALUES];	/* source inside P */
	int		 nsrc;
	struct ip_prefix dst[FILTER_MAX_VALUES];
	int		 ndst;
	uint8_t		 proto[FILTER_MAX_VALUES];
	int		 nproto;
	uint16_t	 port[FILTER_MAX_VALUES];	/* source or destination */
	int		 nport;
	/* Probe filters. */
	struct ip_prefix target[FILTER_MAX_VALUES];	/* target inside P */
	int		 ntarget;
	const char	*vantage[FILTER_MAX_VALUES];	/* name or probe id */
	int		 nvantage;
};

/* Parsers for option values; -1 with a message in err on bad input. */
int	parse_prefix(const char *s, struct ip_prefix *p, char *err, size_t len);
int	parse_addr(const char *s, struct ip_addr *a, char *err, size_t len);
int	parse_asn(const char *s, uint32_t *as, char *err, size_t len);
/* ISO 8601 UTC (2014-12-22, 2014-12-22T16:15, ...:05Z) or unix seconds. */
int	parse_time(const char *s, int64_t *t, char *err, size_t len);
/* -j N: a whole number of threads or jobs, 1 to 64. */
#define JOBS_MAX	64
int	parse_jobs(const char *s, unsigned *jobs);
/* Comma-separated kinds: rib, announce, withdraw, state, message. */
int	parse_kinds(const char *s, unsigned int *kinds, char *err, size_t len);

bool	prefix_contains(const struct ip_prefix *outer,
	    const struct ip_prefix *inner);
bool	addr_in_prefixes(const struct ip_prefix *prefixes, int n,
	    const struct ip_addr *a);

bool	filter_match(const struct record_filter *f,
	    const struct bgp_record *rec);

/* True when any prefix or attribute filter is set. */
bool	filter_needs_prefix(const struct record_filter *f);

/* Numbers for --proto (0-255) and --port (0-65535). */
int	parse_proto(const char *s, uint8_t *proto, char *err, size_t len);
int	parse_port(const char *s, uint16_t *port, char *err, size_t len);

/*
 * The option name of a filter set in f that does not apply to routing
 * records (--src, ...) or to flow records (--prefix, ...); NULL if none.
 * A filter that cannot apply is an error, never a silent no-op.
 */
const char *filter_flow_only(const struct record_filter *f);
const char *filter_bgp_only(const struct record_filter *f);
const char *filter_probe_only(const struct record_filter *f);

/*
 * Flow records: --src/--dst prefixes hold the address, --proto and
 * --port match, and the flow's [start, end] overlaps [from, until).  A
 * flow without start and end times is placed at its export time, else
 * at its capture time; one with none of these fails a time filter.
 */
struct flow_record;
bool	flow_filter_match(const struct record_filter *f,
	    const struct flow_record *rec);

/*
 * Probe records: --target prefixes hold the target address, --vantage
 * names the vantage (its name, or an Atlas probe id), and the run's
 * [time, end] overlaps [from, until); a record without a time fails a
 * time filter.
 */
struct probe_record;
bool	probe_filter_match(const struct record_filter *f,
	    const struct probe_record *rec);

#endif
