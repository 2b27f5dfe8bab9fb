/*
 * event_cli.h -- the command-line side of the event model, shared by the
 * commands that analyse an event (timeline, inventory, report): an
 * optional event file and options that override its settings.
 *
 *	--name N --start T --end T --bin W --prefix P --asn A --country CC
 *	--host H --registry FILE --mrt PATH --flows PATH --probes PATH
 *	--set KEY=VALUE (any key of lightsout-event(5))
 *
 * Options are collected while the command parses its arguments and
 * applied after the file is read, whatever their order on the line.
 */
#ifndef LIGHTSOUT_EVENT_CLI_H
#define LIGHTSOUT_EVENT_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "analyzer/event.h"

/* getopt_long codes of the event options start here. */
#define EVENT_OPT_BASE	1000

/* The event options, ending with an all-zero entry. */
extern const struct option event_cli_longopts[];

/* The lines of --help that describe them. */
extern const char event_cli_help[];

struct event_cli_setting {
	const char	*key;
	const char	*value;
};

struct event_cli {
	struct event_cli_setting *settings;
	size_t		 n, cap;	/* key and value: one allocation,
					   owned through key */
};

void	event_cli_init(struct event_cli *c);
void	event_cli_free(struct event_cli *c);

/*
 * A long option's own options followed by the event options, for
 * getopt_long; malloc'd, NULL on out of memory.
 */
struct option *event_cli_options(const struct option *own);

/*
 * Take an option getopt_long returned: 1 when it was an event option
 * (kept), 0 when it is not one, -1 with a message on a bad --set.
 */
int	event_cli_take(struct event_cli *c, int code, const char *arg,
	    char *err, size_t errlen);

/*
 * Build the event: defaults, then the file at path (may be NULL), then
 * the options in their order; then event_validate, or without need_target
 * event_validate_archive.  -1 with a message.
 */
int	event_cli_build(struct event_cli *c, const char *path,
	    bool need_target, struct event *ev, char *err, size_t errlen);

#endif
