/*
 * archive.h -- the inputs of an event, found and sorted: files,
 * directories (walked) and glob patterns expanded; each file classified
 * by its path:
 *
 *   RouteViews	.../<collector>/bgpdata/YYYY.MM/RIBS/rib.YYYYMMDD.HHMM.bz2
 *		.../<collector>/bgpdata/YYYY.MM/UPDATES/updates.YYYYMMDD.HHMM.bz2
 *		(bgpdata/ at the top of the archive is route-views2)
 *		updates every 15 minutes, RIBs as found (every 2 hours)
 *   RIPE RIS	.../rrcNN/YYYY.MM/bview.YYYYMMDD.HHMM.gz
 *		.../rrcNN/YYYY.MM/updates.YYYYMMDD.HHMM.gz
 *		updates every 5 minutes, bviews as found (every 8 hours)
 *   BGPStream	<project>.<collector>.{ribs,updates}.<unix seconds>.<ext>
 *   other	kind, time or collector unknown from the name: the scan reads
 *		the file's first records for them (TABLE_DUMP: a RIB;
 *		BGP4MP: updates; the time of the first record; the
 *		collector's BGP identifier from a PEER_INDEX_TABLE, else the
 *		local address of BGP4MP records, as "collector ADDR"; else
 *		the file's directory name).  A name rib.T, bview.T or
 *		updates.T outside these layouts still gives kind and time.
 *
 * A file whose name gives its time is selected only when it can matter
 * to the window: the last RIB at or before the window start (per
 * collector), and update files from that RIB's time (less one cadence:
 * the file that holds it) to the window end.
 * Files left out are kept in the list, with the reason, for the
 * inventory; they are never opened.
 */
#ifndef LIGHTSOUT_ARCHIVE_H
#define LIGHTSOUT_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/event.h"

enum archive_source {
	ARCHIVE_MRT,
	ARCHIVE_FLOW,
	ARCHIVE_PROBE,
};

enum archive_kind {
	ARCHIVE_KIND_UNKNOWN,	/* MRT, not known from the name */
	ARCHIVE_KIND_RIB,	/* table dump (RIB, bview) */
	ARCHIVE_KIND_UPDATES,	/* BGP4MP messages */
	ARCHIVE_KIND_DATA,	/* flow or probe file */
};

enum archive_layout {
	ARCHIVE_LAYOUT_NONE,
	ARCHIVE_LAYOUT_ROUTEVIEWS,
	ARCHIVE_LAYOUT_RIS,
	ARCHIVE_LAYOUT_BGPSTREAM,
};

#define ARCHIVE_TIME_UNKNOWN	INT64_MIN

struct archive_file {
	char		*path;
	enum archive_source source;
	enum archive_kind kind;
	enum archive_layout layout;
	char		*collector;	/* MRT: never NULL after archive_scan;
					   flow, probe: NULL */
	int64_t		 time;		/* from the name, else the first
					   record's, else ARCHIVE_TIME_UNKNOWN */
	bool		 time_from_name;
	int64_t		 cadence;	/* seconds between files of this kind
					   for the collector; 0 unknown */
	uint64_t	 size;		/* bytes on disk */
	bool		 selected;	/* to be read */
	const char	*why_not;	/* when not selected: static text */
};

struct archive {
	struct archive_file *files;	/* sorted: source, collector, kind
					   (RIB before updates), time, path */
	size_t		 nfiles;
	/*
	 * Inputs that matched nothing ("PATTERN: no such file or
	 * directory") and files that could not be read.
	 */
	char		**problems;
	size_t		 nproblems;
	/*
	 * Remarks on the selection: collectors without a RIB at or before
	 * the window start ("rrc06: no RIB file ...").
	 */
	char		**notes;
	size_t		 nnotes;
};

/*
 * Find and classify the inputs of ev and select those the window needs.
 * -1 with a message in err only on a hard failure (out of memory);
 * inputs that match no file go to a->problems.
 */
int	archive_scan(struct archive *a, const struct event *ev, char *err,
	    size_t errlen);
void	archive_free(struct archive *a);

/*
 * Classify one path (no file system access); for tests and the scan.
 * out->path is left NULL; out->collector is malloc'd (the caller frees
 * it), NULL when the name does not give it (or out of memory).
 */
void	archive_classify(const char *path, enum archive_source source,
	    struct archive_file *out);

/*
 * A time span with no file where the collector's cadence says one should
 * be: [start, end).
 */
struct archive_gap {
	const char	*collector;
	enum archive_kind kind;
	int64_t		 start, end;
};

/*
 * The gaps among a's selected update files of known cadence, within
 * [from, until), in collector then time order.  *gaps is malloc'd (free
 * it); -1 on out of memory.
 */
int	archive_gaps(const struct archive *a, int64_t from, int64_t until,
	    struct archive_gap **gaps, size_t *ngaps);

/*
 * Was f left out for what it holds (not an MRT file, empty, unreadable,
 * no BGP records) rather than for the window?
 */
bool	archive_file_unusable(const struct archive_file *f);

const char *archive_kind_name(enum archive_kind k);
const char *archive_layout_name(enum archive_layout l);

#endif
