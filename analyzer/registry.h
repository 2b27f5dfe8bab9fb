/*
 * registry.h -- RIR delegated statistics files ("delegated-apnic-...",
 * "delegated-ripencc-extended-latest"): the resources each country was
 * given.  The format is the RIRs' pipe-separated one, version 2:
 *
 *	registry|cc|type|start|value|date|status[|opaque-id[|extensions]]
 *
 * with a version line, summary lines ("apnic|*|ipv4|*|N|summary") and
 * '#' comments, read with libcsv.  For ipv4 records value is a count of
 * addresses (not always a power of two: the range is cut into CIDR
 * prefixes); for ipv6 it is a prefix length; for asn a count of ASNs
 * from start.  Records whose status is "available" or "reserved" are
 * not assigned to the country and are left out.
 */
#ifndef LIGHTSOUT_REGISTRY_H
#define LIGHTSOUT_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/bgp_record.h"

struct registry_resources {
	struct ip_prefix *prefixes;	/* in file order, then CIDR order */
	size_t		 nprefixes, prefixes_cap;
	uint32_t	*asns;
	size_t		 nasns, asns_cap;
	uint64_t	 lines;		/* records read */
	uint64_t	 bad_lines;	/* records that did not parse */
};

/*
 * Add to res the prefixes and ASNs that the file at path delegates to
 * any of the ncc countries in ccs (two upper-case letters each).  -1
 * with "FILE: what" in err when the file cannot be read or is not a
 * delegated statistics file; a bad record is counted in bad_lines, the
 * first one's line reported in warn (when warn is not NULL and empty).
 */
int	registry_read(const char *path, const char *const *ccs, size_t ncc,
	    struct registry_resources *res, char *warn, size_t warnlen,
	    char *err, size_t errlen);

void	registry_resources_free(struct registry_resources *res);

#endif
