/*
 * registry.c -- RIR delegated statistics files: the prefixes and ASNs
 * delegated to given countries.
 *
 * The format is the RIRs' "RIR statistics exchange format", version 2
 * (APNIC, ftp://ftp.apnic.net/pub/apnic/stats/apnic/README.TXT; the
 * same for AFRINIC, ARIN, LACNIC and the RIPE NCC, and their
 * "-extended" files, which add an opaque id and list the available and
 * reserved space too).  Lines are read through the input layer, so
 * compressed copies work, and split with libcsv on '|'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/registry.h"
#include "parsers/csv_split.h"
#include "parsers/input.h"

/* Longer lines are not records (the longest real ones are ~100 bytes). */
#define REGISTRY_MAX_LINE	4096

/*
 * An asn record listing more ASNs than this is taken as damage: the
 * largest real blocks are a few thousand ASNs, and each one listed
 * costs memory.
 */
#define REGISTRY_MAX_ASN_COUNT	1000000

/* The fields of a record. */
enum {
	F_REGISTRY,
	F_CC,
	F_TYPE,
	F_START,
	F_VALUE,
	F_DATE,
	F_STATUS,
	F_RECORD_MIN		/* opaque-id and extensions may follow */
};

enum record_result {
	RECORD_OK,
	RECORD_BAD,
	RECORD_OOM,
};

static int
add_prefix(struct registry_resources *res, const struct ip_prefix *p)
{
	if (res->nprefixes == res->prefixes_cap) {
		size_t cap = res->prefixes_cap == 0 ? 64 :
		    res->prefixes_cap * 2;
		struct ip_prefix *grown = realloc(res->prefixes,
		    cap * sizeof(*grown));

		if (grown == NULL)
			return -1;
		res->prefixes = grown;
		res->prefixes_cap = cap;
	}
	res->prefixes[res->nprefixes++] = *p;
	return 0;
}

static int
add_asn(struct registry_resources *res, uint32_t asn)
{
	if (res->nasns == res->asns_cap) {
		size_t cap = res->asns_cap == 0 ? 64 : res->asns_cap * 2;
		uint32_t *grown = realloc(res->asns, cap * sizeof(*grown));

		if (grown == NULL)
			return -1;
		res->asns = grown;
		res->asns_cap = cap;
	}
	res->asns[res->nasns++] = asn;
	return 0;
}

/*
 * The IPv4 range [first, first + count) as CIDR prefixes, lowest first:
 * at each step the largest block that starts aligned there and fits
 * (1.0.0.0 + 768 addresses: 1.0.0.0/23, 1.0.2.0/24).
 */
static int
add_ipv4_range(struct registry_resources *res, uint64_t first,
    uint64_t count)
{
	uint64_t a = first, end = first + count, size;
	struct ip_prefix p;
	unsigned len;

	while (a < end) {
		size = 1;
		len = 32;
		while (len > 0 && (a & (size * 2 - 1)) == 0 &&
		    a + size * 2 <= end) {
			size *= 2;
			len--;
		}
		memset(&p, 0, sizeof(p));
		p.addr.afi = AFI_IPV4;
		p.addr.bytes[0] = (uint8_t)(a >> 24);
		p.addr.bytes[1] = (uint8_t)(a >> 16);
		p.addr.bytes[2] = (uint8_t)(a >> 8);
		p.addr.bytes[3] = (uint8_t)a;
		p.len = (uint8_t)len;
		if (add_prefix(res, &p) == -1)
			return -1;
		a += size;
	}
	return 0;
}

/* Are the bits of a beyond len all zero? */
static bool
host_bits_clear(const struct ip_addr *a, unsigned len)
{
	unsigned i;

	for (i = len; i < 128; i++)
		if (a->bytes[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

static bool
wanted(const char *cc, const char *const *ccs, size_t ncc)
{
	size_t i;

	for (i = 0; i < ncc; i++)
		if (strcmp(cc, ccs[i]) == 0)
			return true;
	return false;
}

/*
 * One record: checked whatever its country (so that bad_lines does not
 * depend on the countries asked for), added when its country is one of
 * ccs.
 */
static enum record_result
read_record(const struct csv_split *cols, const char *const *ccs,
    size_t ncc, struct registry_resources *res, char *why, size_t whylen)
{
	const char *cc, *type, *start, *value, *status;
	struct ip_prefix p;
	uint64_t v, first, i;
	bool want;

	if (csv_split_count(cols) < F_RECORD_MIN ||
	    csv_split_count(cols) > CSV_SPLIT_MAX_FIELDS) {
		snprintf(why, whylen, "%zu fields, not "
		    "registry|cc|type|start|value|date|status",
		    csv_split_count(cols));
		return RECORD_BAD;
	}
	cc = csv_split_field(cols, F_CC);
	type = csv_split_field(cols, F_TYPE);
	start = csv_split_field(cols, F_START);
	value = csv_split_field(cols, F_VALUE);
	status = csv_split_field(cols, F_STATUS);

	/* Space not delegated to anyone (extended files list it). */
	if (strcmp(status, "available") == 0 ||
	    strcmp(status, "reserved") == 0)
		return RECORD_OK;
	if (strcmp(status, "allocated") != 0 &&
	    strcmp(status, "assigned") != 0) {
		snprintf(why, whylen, "unknown status '%s'", status);
		return RECORD_BAD;
	}
	if (strlen(cc) != 2) {
		snprintf(why, whylen, "'%s' is not a country code", cc);
		return RECORD_BAD;
	}
	want = wanted(cc, ccs, ncc);

	if (strcmp(type, "asn") == 0) {
		if (!csv_field_u64(start, UINT32_MAX, &first) ||
		    !csv_field_u64(value, REGISTRY_MAX_ASN_COUNT, &v) ||
		    v == 0 || first + v - 1 > UINT32_MAX) {
			snprintf(why, whylen, "bad asn range '%s' count '%s'",
			    start, value);
			return RECORD_BAD;
		}
		for (i = 0; want && i < v; i++)
			if (add_asn(res, (uint32_t)(first + i)) == -1)
				return RECORD_OOM;
		return RECORD_OK;
	}
	if (strcmp(type, "ipv4") == 0) {
		if (!ip_addr_parse(start, &p.addr) ||
		    p.addr.afi != AFI_IPV4 ||
		    !csv_field_u64(value, 1ull << 32, &v) || v == 0) {
			snprintf(why, whylen, "bad ipv4 range '%s' count '%s'",
			    start, value);
			return RECORD_BAD;
		}
		first = (uint64_t)p.addr.bytes[0] << 24 |
		    (uint64_t)p.addr.bytes[1] << 16 |
		    (uint64_t)p.addr.bytes[2] << 8 | p.addr.bytes[3];
		if (first + v > 1ull << 32) {
			snprintf(why, whylen, "ipv4 range '%s' count '%s' "
			    "runs past 255.255.255.255", start, value);
			return RECORD_BAD;
		}
		if (want && add_ipv4_range(res, first, v) == -1)
			return RECORD_OOM;
		return RECORD_OK;
	}
	if (strcmp(type, "ipv6") == 0) {
		if (!ip_addr_parse(start, &p.addr) ||
		    p.addr.afi != AFI_IPV6 ||
		    !csv_field_u64(value, 128, &v) ||
		    !host_bits_clear(&p.addr, (unsigned)v)) {
			snprintf(why, whylen, "bad ipv6 prefix '%s/%s'", start,
			    value);
			return RECORD_BAD;
		}
		p.len = (uint8_t)v;
		if (want && add_prefix(res, &p) == -1)
			return RECORD_OOM;
		return RECORD_OK;
	}
	snprintf(why, whylen, "unknown type '%s'", type);
	return RECORD_BAD;
}

/* "2|apnic|20140214|31803|...": a version number first. */
static bool
is_version_line(const struct csv_split *cols)
{
	const char *v;

	if (csv_split_count(cols) < 2 ||
	    csv_split_count(cols) > CSV_SPLIT_MAX_FIELDS)
		return false;
	v = csv_split_field(cols, 0);
	if (*v < '0' || *v > '9')
		return false;
	return v[strspn(v, "0123456789.")] == '\0';
}

/* "apnic|*|ipv4|*|22939|summary". */
static bool
is_summary_line(const struct csv_split *cols)
{
	return csv_split_count(cols) > F_VALUE + 1 &&
	    csv_split_count(cols) <= CSV_SPLIT_MAX_FIELDS &&
	    strcmp(csv_split_field(cols, F_VALUE + 1), "summary") == 0;
}

static void
bad_record(struct registry_resources *res, const char *path,
    uint64_t lineno, const char *why, char *warn, size_t warnlen)
{
	res->bad_lines++;
	if (warn != NULL && warnlen > 0 && warn[0] == '\0')
		snprintf(warn, warnlen, "%s:%llu: %s", path,
		    (unsigned long long)lineno, why);
}

int
registry_read(const char *path, const char *const *ccs, size_t ncc,
    struct registry_resources *res, char *warn, size_t warnlen,
    char *err, size_t errlen)
{
	struct input *in = NULL;
	struct csv_split cols;
	bool have_version = false;
	uint64_t lineno = 0;
	char why[256];
	int rc = -1;

	if (csv_split_init(&cols) == -1) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	csv_split_set_delim(&cols, '|');
	if ((in = input_open(path, err, errlen)) == NULL)
		goto fail;
	for (;;) {
		const uint8_t *line;
		size_t len = 0, consumed = 0;
		const char *damage = NULL;
		enum input_line_status st;
		bool split;

		st = input_line(in, REGISTRY_MAX_LINE, &line, &len, &consumed,
		    &damage);
		if (st == INPUT_LINE_EOF)
			break;
		lineno++;
		if (st == INPUT_LINE_DAMAGED) {
			snprintf(err, errlen, "%s: line %llu: %s", path,
			    (unsigned long long)lineno, damage);
			goto fail;
		}
		if (st == INPUT_LINE_TOO_LONG) {
			input_consume(in, consumed);
			(void)input_skip_line(in);
			if (!have_version)
				break;
			res->lines++;
			snprintf(why, sizeof(why), "line longer than %u bytes",
			    REGISTRY_MAX_LINE);
			bad_record(res, path, lineno, why, warn, warnlen);
			continue;
		}
		if (csv_line_blank(line, len) || (len > 0 && line[0] == '#')) {
			input_consume(in, consumed);
			continue;
		}
		split = csv_split_line(&cols, line, len);
		input_consume(in, consumed);
		if (!have_version) {
			if (!split || !is_version_line(&cols))
				break;
			have_version = true;
			continue;
		}
		if (split && is_summary_line(&cols))
			continue;
		res->lines++;
		if (!split) {
			bad_record(res, path, lineno, "not a '|'-separated "
			    "line", warn, warnlen);
			continue;
		}
		switch (read_record(&cols, ccs, ncc, res, why, sizeof(why))) {
		case RECORD_OK:
			break;
		case RECORD_BAD:
			bad_record(res, path, lineno, why, warn, warnlen);
			break;
		case RECORD_OOM:
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
	}
	if (!have_version) {
		snprintf(err, errlen, "%s: not an RIR delegated statistics "
		    "file (no version line)", path);
		goto fail;
	}
	rc = 0;
fail:
	if (in != NULL)
		input_close(in);
	csv_split_free(&cols);
	return rc;
}

void
registry_resources_free(struct registry_resources *res)
{
	free(res->prefixes);
	free(res->asns);
	memset(res, 0, sizeof(*res));
}
