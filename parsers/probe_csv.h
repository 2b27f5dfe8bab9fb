/*
 * probe_csv.h -- CSV probe logs, read with libcsv, columns mapped by
 * header name (documented in lightsout(1)): time, end, vantage, source,
 * target, target_name, kind, sent, received, rtt_min, rtt_avg, rtt_max,
 * rtt (one reply's RTT), reached, hops, last_hop.  One row, one record.
 */
#ifndef LIGHTSOUT_PROBE_CSV_H
#define LIGHTSOUT_PROBE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/input.h"
#include "parsers/probe_record.h"

/* Does the first line name the columns of a probe log (time, target)? */
bool		 probe_csv_detect(const uint8_t *data, size_t len);

struct probe_csv_reader;

/* vantage: for rows without a vantage column (NULL: the file's name). */
struct probe_csv_reader *probe_csv_open(struct input *in, const char *file,
		    const char *vantage);
void		 probe_csv_close(struct probe_csv_reader *r);

enum probe_status probe_csv_next(struct probe_csv_reader *r,
		    const struct probe_record **rec, struct decode_error *err);

const struct decode_stats *probe_csv_stats(const struct probe_csv_reader *r);

#endif
