/*
 * main.c -- lightsout: an offline forensic analyzer for Internet outages.
 * Dispatches to the subcommands.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "analyzer/commands.h"

static const char usage[] =
"usage: lightsout COMMAND [options] [FILE...]\n"
"\n"
"Commands (COMMAND --help for the options of each):\n"
"  dump FILE...     decode MRT archives, flow records (NetFlow, IPFIX,\n"
"                   nfdump CSV) and probe results (RIPE Atlas, warts,\n"
"                   ping logs) and print their records\n"
"  inventory EVENT  what the event's archives cover: files per collector,\n"
"                   missing files, BGP sessions, exporters, vantages\n"
"  timeline EVENT   what BGP, flows and probes saw of the event's target,\n"
"                   bin by bin\n"
"  report EVENT...  the incidents, their evidence, the published findings\n"
"                   compared: report.txt, incidents.csv, plots\n"
"\n"
"  lightsout --help      this text\n"
"  lightsout --version   the version\n"
"\n"
"EVENT is an event file, lightsout-event(5).  See lightsout(1),\n"
"lightsout-inventory(1), lightsout-timeline(1), lightsout-report(1).\n";

int
main(int argc, char **argv)
{
	/* A closed pipe (| head) ends the output quietly. */
	signal(SIGPIPE, SIG_DFL);

	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("lightsout %s\n", LIGHTSOUT_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "dump") == 0)
		return cmd_dump(argc - 1, argv + 1);
	if (strcmp(argv[1], "inventory") == 0)
		return cmd_inventory(argc - 1, argv + 1);
	if (strcmp(argv[1], "timeline") == 0)
		return cmd_timeline(argc - 1, argv + 1);
	if (strcmp(argv[1], "report") == 0)
		return cmd_report(argc - 1, argv + 1);
	fprintf(stderr, "lightsout: unknown command '%s'\n\n%s", argv[1],
	    usage);
	return EXIT_USAGE;
}
