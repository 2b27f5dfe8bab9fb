/*
 * nk_gen.c -- write the North Korea sample: a re-creation of 18-24
 * December 2014 from the published record, in the formats of the real
 * archives (MRT, NetFlow v9 captures, RIPE Atlas results).
 *
 *   nk_gen DIR		write the archives under DIR (samples/nk-2014)
 *
 * `make samples` runs it.  Deterministic: the same bytes every run.  The
 * story and its sources: nk_gen_story.c and samples/nk-2014/README.md.
 */
#include <stdio.h>

#include "samples/nk_gen.h"

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: nk_gen DIR\n");
		return 2;
	}
	nk_write_mrt(argv[1]);
	nk_write_flows(argv[1]);
	nk_write_atlas(argv[1]);
	return 0;
}
