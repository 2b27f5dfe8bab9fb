/*
 * pinglog.h -- the output of iputils `ping -D`, one file per vantage:
 * timestamped reply lines, with or without -O's "no answer yet" lines,
 * IPv4 and IPv6, and the statistics block.  Each run (a PING header to
 * its statistics, or to the end of the file) is one probe record.
 */
#ifndef LIGHTSOUT_PINGLOG_H
#define LIGHTSOUT_PINGLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/diag.h"
#include "parsers/input.h"
#include "parsers/probe_record.h"

/* Does the content start with a ping header ("PING host (addr) ...")? */
bool		 pinglog_detect(const uint8_t *data, size_t len);

struct pinglog_reader;

/*
 * Borrows in; vantage names the vantage point (NULL: the file's base
 * name without its extensions).
 */
struct pinglog_reader *pinglog_open(struct input *in, const char *file,
		    const char *vantage);
void		 pinglog_close(struct pinglog_reader *r);

enum probe_status pinglog_next(struct pinglog_reader *r,
		    const struct probe_record **rec, struct decode_error *err);

const struct decode_stats *pinglog_stats(const struct pinglog_reader *r);

#endif
