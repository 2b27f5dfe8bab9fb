/*
 * report_writer.h -- report.txt and incidents.csv of `lightsout report`.
 *
 * report.txt: summary; inputs with sizes and SHA-256; data coverage and
 * quality; the incident timeline with its evidence; per-signal figures;
 * the comparison with the event's `expect` lines.  Nothing in it depends
 * on when or where it was made, so the same inputs give the same bytes.
 *
 * incidents.csv (RFC 4180, CRLF):
 *	id,kind,start,end,duration_s,first_withdrawal,scope,confidence,
 *	sources_agree,sources_available,evidence
 * evidence holds the evidence lines joined by " | ".
 */
#ifndef LIGHTSOUT_REPORT_WRITER_H
#define LIGHTSOUT_REPORT_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analyzer/archive.h"
#include "analyzer/bins.h"
#include "analyzer/correlate.h"
#include "analyzer/detect.h"
#include "analyzer/event.h"
#include "analyzer/expect_match.h"
#include "analyzer/file_digest.h"
#include "analyzer/series_table.h"

struct report {
	const struct event		*ev;
	const struct bin_grid		*grid;
	const char			*targets;	/* one line */
	const char			*inputs;	/* one line */
	const struct archive		*archive;
	/* Per archive file: its SHA-256 ("" when unread). */
	char				(*sha256)[FILE_DIGEST_HEX];
	const struct series_table	*table;
	const struct interval_list	*intervals;
	const struct correlation	*corr;
	const struct expect_report	*expects;
	bool				 has_bgp, has_flow, has_probe;
	bool				 io_error, data_error;
};

/* -1 when writing fails. */
int	report_write_text(const struct report *r, FILE *fp);
int	report_write_incidents_csv(const struct report *r, FILE *fp);

/* The first lines of report.txt, up to its inputs: for the terminal. */
int	report_write_summary(const struct report *r, FILE *fp);

#endif
