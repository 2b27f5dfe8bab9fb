/*
 * diag.h -- what a decoder could not decode, as values.
 *
 * Every record is either decoded or counted as skipped under one of these
 * reasons.  A decode_error carries the context a user needs to find the
 * bytes again: file, uncompressed offset, record number, and what was
 * wrong.  Reasons are either data errors (the input is damaged) or notes
 * (valid input this version does not decode, such as VPNv4 routes).
 */
#ifndef LIGHTSOUT_DIAG_H
#define LIGHTSOUT_DIAG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum skip_reason {
	/* data errors */
	SKIP_TORN_HEADER,	/* file ends inside a record header */
	SKIP_TRUNCATED,		/* file ends inside a record body */
	SKIP_DECOMPRESS,	/* the compressed stream is damaged */
	SKIP_BAD_LENGTH,	/* a length field that cannot be right */
	SKIP_MALFORMED,		/* record body does not parse */
	SKIP_BAD_MARKER,	/* BGP message marker is not all ones */
	SKIP_NO_PEER_INDEX,	/* TDv2 RIB record before any PEER_INDEX_TABLE */
	SKIP_BAD_PEER_INDEX,	/* RIB entry names a peer the table lacks */
	SKIP_IO,		/* read error */
	SKIP_BAD_PACKET,	/* capture packet: link, IP or UDP header broken */
	SKIP_BAD_EXPORT,	/* NetFlow/IPFIX header or set does not parse */
	SKIP_BAD_TEMPLATE,	/* template or options template does not parse */
	SKIP_NO_TEMPLATE,	/* data set whose template never came */
	SKIP_FRAGMENT,		/* IP fragments that could not be reassembled */
	SKIP_BAD_CSV,		/* nfdump CSV line that does not parse */
	SKIP_BAD_JSON,		/* JSON that does not parse */
	SKIP_MISSING_FIELD,	/* a probe result without a required field */
	SKIP_BAD_LINE,		/* a probe log line that does not parse */
	SKIP_BAD_WARTS,		/* a warts record that does not decode */
	/* notes: valid data not decoded */
	SKIP_UNKNOWN_TYPE,	/* MRT type this decoder does not know */
	SKIP_UNKNOWN_SUBTYPE,	/* MRT subtype this decoder does not know */
	SKIP_UNSUPPORTED_AFI,	/* AFI/SAFI other than IPv4/IPv6 unicast/multicast */
	SKIP_TOO_LARGE,		/* record larger than the decode window */
	NOTE_ADDPATH_FOUND,	/* decoded with ADD-PATH ids the subtype lacks */
	NOTE_RIS2000_TABLE_DUMP,/* TABLE_DUMP in the RIS 2000 bview layout */
	NOTE_NOT_UDP,		/* capture packet that is not IP/UDP */
	NOTE_NOT_EXPORT,	/* UDP datagram that is not NetFlow/IPFIX */
	NOTE_UNKNOWN_LINKTYPE,	/* capture link type carrying no IP we know */
	NOTE_ENTERPRISE_FIELD,	/* enterprise-specific element, value skipped */
	NOTE_OPTIONS_RECORD,	/* options data record: read, not a flow */
	NOTE_UNKNOWN_SET,	/* set id reserved or unknown, skipped whole */
	NOTE_OTHER_RESULT,	/* probe result of a type not decoded (dns...) */
	SKIP_NREASONS
};

const char	*skip_reason_name(enum skip_reason r);
bool		 skip_reason_is_error(enum skip_reason r);

#define DECODE_DETAIL_MAX	200

struct decode_error {
	const char	*file;
	uint64_t	 offset;	/* uncompressed byte offset */
	uint64_t	 record_no;	/* from 1; 0 when not inside a record */
	const char	*record_unit;	/* "packet", "line"; NULL: "record" */
	bool		 offset_in_record; /* offset counts from the record's
					  * start (pcapng: block sizes unknown) */
	enum skip_reason reason;
	char		 detail[DECODE_DETAIL_MAX];
};

/* Per-file tallies, kept by each reader. */
struct decode_stats {
	uint64_t	records;	/* MRT records (or packets, lines) seen */
	uint64_t	decoded;	/* of which fully decoded */
	uint64_t	items;		/* normalized records yielded */
	uint64_t	skipped[SKIP_NREASONS];
	uint64_t	bytes;		/* uncompressed bytes consumed */
};

/*
 * Start e afresh for a skip: where (file, offset, record record_no of the
 * unit named, "line" ...; NULL: "record") and why; detail empty.
 */
void		 decode_error_set(struct decode_error *e, const char *file,
		    uint64_t offset, uint64_t record_no, const char *unit,
		    enum skip_reason reason);

/* "file: offset N, record M: what" on one line, no newline. */
void		 decode_error_format(const struct decode_error *e, char *buf,
		    size_t len);
void		 decode_error_print(FILE *fp, const struct decode_error *e);

uint64_t	 decode_stats_skipped(const struct decode_stats *s, bool errors_only);

/*
 * The per-file summary, without "lightsout: " or a newline: "NAME: 3
 * records, 2 decoded, 5 routes; skipped or noted: 1 truncated".  units
 * names the records and the items, singular and plural: { "record",
 * "records", "route", "routes" }.
 */
void		 decode_stats_format(const char *name,
		    const struct decode_stats *s, const char *const units[4],
		    char *buf, size_t len);

/*
 * A skip as the commands report it on fp: a data error every time, a
 * note (valid data not decoded) once per reason and file, noted[]
 * (SKIP_NREASONS flags) holding the reasons already reported.
 */
void		 decode_error_report(FILE *fp, const struct decode_error *e,
		    bool *noted);

/*
 * The per-file summary line: "lightsout: NAME: 3 records, 2 decoded,
 * 5 routes and events; skipped or noted: 1 malformed record", with
 * unit/units naming what records are and item/items what they yield.
 */
void		 decode_stats_print_summary(FILE *fp, const char *name,
		    const struct decode_stats *s, const char *unit,
		    const char *units, const char *item, const char *items);

#endif
