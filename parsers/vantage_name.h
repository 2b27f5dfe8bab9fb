/*
 * vantage_name.h -- the vantage name a log's file name gives, for the
 * probe logs that are one file per vantage (ping logs, CSV probe logs).
 */
#ifndef LIGHTSOUT_VANTAGE_NAME_H
#define LIGHTSOUT_VANTAGE_NAME_H

#include <stddef.h>

/*
 * The file's base name less any of the n extensions exts (repeatedly:
 * "nyc1.log.gz" gives "nyc1"), newly allocated; NULL for standard input,
 * an empty name, or no memory.
 */
char	*vantage_from_file(const char *file, const char *const *exts,
	    size_t n);

#endif
