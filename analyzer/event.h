/*
 * event.h -- the event model: what an analysis looks at (a window, a
 * target) and where the evidence is (archives), with tuning parameters
 * and the published findings to compare with.
 *
 * An event comes from an event file (lightsout-event(5): one "key value"
 * setting per line, '#' comments, repeatable keys for lists) and from
 * command-line options that override it: a scalar given on the command
 * line replaces the file's; a list given on the command line replaces
 * the file's list of that key.  Relative paths in a file are relative to
 * the file's directory.
 */
#ifndef LIGHTSOUT_EVENT_H
#define LIGHTSOUT_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/bgp_record.h"		/* struct ip_prefix, ip_addr */

/* Defaults, documented in lightsout-event(5). */
#define EVENT_DEFAULT_BIN		300	/* seconds */
#define EVENT_DEFAULT_FULL_FEED_V4	400000	/* IODA's full-feed rule */
#define EVENT_DEFAULT_FULL_FEED_V6	10000
#define EVENT_DEFAULT_VISIBLE_SHARE	0.5	/* > 50% of full-feed peers */
#define EVENT_DEFAULT_DISTINCT_EXACT	4096	/* exact distinct counting */
#define EVENT_DEFAULT_TOP		10	/* top sources, ports ... */
#define EVENT_DEFAULT_PEER_SILENCE	3600	/* seconds; inventory */

/* A published finding: "expect KIND START END [TOLERANCE]". */
struct event_expect {
	char		 kind[32];	/* e.g. "blackout", "flood" */
	int64_t		 start, end;	/* seconds UTC */
	int64_t		 tolerance;	/* seconds; default one bin */
	bool		 has_tolerance;
	unsigned	 line;		/* in the event file; 0 from the CLI */
};

/* A list of strings, owned. */
struct str_list {
	char		**items;
	size_t		 n, cap;
};

struct event_tuning {
	uint32_t	 full_feed_v4;	/* IPv4 prefixes in a full-feed RIB */
	uint32_t	 full_feed_v6;
	double		 visible_share;	/* of full-feed peers, exclusive */
	uint32_t	 distinct_exact;/* exact distinct counts up to this */
	uint32_t	 top;		/* top-N lists in the flow signal */
	int64_t		 peer_silence;	/* seconds without a message */
	uint16_t	*reflection_ports;	/* sorted, unique */
	size_t		 nreflection_ports;
};

struct event {
	char		*name;		/* NULL: the file's base name */
	char		*path;		/* the event file; NULL: CLI only */
	bool		 has_start, has_end;
	int64_t		 start, end;	/* window [start, end), seconds UTC */
	int64_t		 bin;		/* bin width, seconds */

	/* Targets. */
	struct ip_prefix *prefixes;	/* their more-specifics included */
	size_t		 nprefixes;
	uint32_t	*asns;		/* origin ASNs */
	size_t		 nasns;
	struct str_list	 countries;	/* ISO 3166 alpha-2, upper case */
	struct ip_addr	*hosts;
	size_t		 nhosts;
	struct str_list	 registries;	/* RIR delegated statistics files */

	/* Inputs: files, directories or glob patterns. */
	struct str_list	 mrt;
	struct str_list	 flows;
	struct str_list	 probes;

	struct event_tuning tuning;

	struct event_expect *expects;
	size_t		 nexpects;

	/*
	 * Private to event.c.  file_stem: the event file's base name
	 * without extension, for event_name().  lists_from_file and
	 * lists_from_cli: a bit per list key given from that source so
	 * far, so that the first command-line value replaces the file's
	 * list and later ones append, and so that the first
	 * reflection-ports of a file replaces the default list.  oom:
	 * event_init ran out of memory (event_validate says so).
	 */
	char		*file_stem;
	unsigned	 lists_from_file;
	unsigned	 lists_from_cli;
	bool		 oom;
};

/* An event with every default set and nothing else. */
void	event_init(struct event *ev);
void	event_free(struct event *ev);

/*
 * Read an event file into ev (initialised by event_init).  -1 with
 * "FILE:LINE: what" in err on the first bad line.
 */
int	event_load(struct event *ev, const char *path, char *err,
	    size_t errlen);

/*
 * Apply one setting, as from a line "key value" of an event file (line
 * > 0) or a command-line option (line 0).  Keys are those of
 * lightsout-event(5).  A list key from the command line replaces the
 * file's list the first time it is given, then appends.  -1 with a
 * message in err when the key is unknown or the value bad.
 */
int	event_set(struct event *ev, const char *key, const char *value,
	    unsigned line, char *err, size_t errlen);

/*
 * Check that the event can be analysed: a window, a bin width that fits
 * it, at least one target, at least one input.  -1 with a message.
 */
int	event_validate(const struct event *ev, char *err, size_t errlen);

/* The same without the target: what an inventory of the archives needs. */
int	event_validate_archive(const struct event *ev, char *err,
	    size_t errlen);

/* The event's name: its name setting, or the file's base name sans ext. */
const char *event_name(const struct event *ev);

#endif
