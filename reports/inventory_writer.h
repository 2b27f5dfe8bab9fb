/*
 * inventory_writer.h -- the report of `lightsout inventory`: what the
 * archive of an event holds, as readable aligned sections (text) or one
 * CSV table whose first column names the section of each row.
 *
 * Sections, in order: window (and a summary), problems, notes,
 * collectors, missing (gaps in the update files), files, peers,
 * transitions (session state changes), down (intervals a session was
 * down), resets (probable silent session resets), exporters (flow
 * exporters), vantages (probe vantage points).  The CSV columns are inventory_csv_columns; each
 * section fills the ones that apply to it, the others are empty
 * (lightsout-inventory(1) lists them).
 */
#ifndef LIGHTSOUT_INVENTORY_WRITER_H
#define LIGHTSOUT_INVENTORY_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/archive.h"
#include "analyzer/peer_sessions.h"
#include "parsers/diag.h"
#include "reports/outbuf.h"

/* What reading one file gave (parallel to the archive's files). */
struct inventory_file {
	bool		 read;		/* opened and read to its end */
	bool		 failed;	/* could not be opened */
	bool		 unusable;	/* not of the kind its list says */
	const char	*format;	/* "mrt", the flow container or probe
					   format name; NULL when not read */
	struct decode_stats stats;
	uint64_t	 errors;	/* data errors skipped */
	uint64_t	 notes;		/* valid data not decoded */
	/*
	 * Uncompressed bytes not decoded because of data errors: from the
	 * start of each damaged record to the start of the next record
	 * read (or the end of what could be decompressed).
	 */
	uint64_t	 bytes_lost;
	bool		 has_times;
	int64_t		 first_ms, last_ms;	/* of its records */
};

struct inventory_collector {
	const char	*collector;
	const char	*layout;	/* its files' layout, or "mixed" */
	size_t		 files, selected, failed, damaged, unusable;
	size_t		 peers;
	/* Coverage: the union of what its update files cover. */
	bool		 has_coverage;
	int64_t		 cover_from, cover_until;	/* the union's span */
	int64_t		 covered;	/* seconds of the window covered */
	const char	*basis;		/* "names", "records", "names+records" */
	size_t		 gaps;
	int64_t		 missing;	/* seconds of the window in gaps */
};

/* A flow exporter (address and domain) or a probe vantage point. */
struct inventory_source {
	char		*label;
	bool		 has_domain;
	uint32_t	 domain;
	bool		 has_time;
	int64_t		 first_ms, last_ms;
	uint64_t	 count;		/* flows, or measurement results */
};

struct inventory {
	const char	*event;
	int64_t		 start, end;	/* the window */
	const struct archive *archive;
	const struct inventory_file *files;	/* one per archive file */
	const struct inventory_collector *collectors;
	size_t		 ncollectors;
	const struct archive_gap *gaps;
	size_t		 ngaps;
	const struct peer_session *const *peers;
	size_t		 npeers;
	const struct inventory_source *exporters;
	size_t		 nexporters;
	const struct inventory_source *vantages;
	size_t		 nvantages;
	uint64_t	 orphan_data_sets;	/* flow data never templated */
};

extern const char *const inventory_csv_columns[];

void	inventory_write_text(struct outbuf *o, const struct inventory *inv);
void	inventory_write_csv(struct outbuf *o, const struct inventory *inv);

#endif
