/*
 * commands.h -- the subcommands of lightsout and their exit statuses.
 */
#ifndef LIGHTSOUT_COMMANDS_H
#define LIGHTSOUT_COMMANDS_H

/* Exit statuses, documented in lightsout(1). */
#define EXIT_OK		0	/* everything decoded */
#define EXIT_DATA	1	/* damaged records were skipped */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_IO		3	/* an input unreadable, or output failed */
#define EXIT_HELP	(-1)	/* internal: --help was printed */

int	cmd_dump(int argc, char **argv);
int	cmd_timeline(int argc, char **argv);
int	cmd_inventory(int argc, char **argv);
int	cmd_report(int argc, char **argv);

#endif
