/*
 * event.c -- the event model: an event file and command-line settings
 * into struct event.  The format is lightsout-event(5).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/bins.h"
#include "analyzer/event.h"
#include "analyzer/filter.h"
#include "parsers/csv_split.h"		/* csv_field_u64 */
#include "parsers/input.h"

/* The longest line of an event file. */
#define EVENT_MAX_LINE		65536

/* A sanity bound on top-N lists (the flow signal keeps 8 * N counters). */
#define EVENT_MAX_TOP		1000

/*
 * The default reflection ports: UDP services abused as reflectors and
 * amplifiers, as a source port of traffic towards a victim.  US-CERT
 * alert TA14-017A, "UDP-Based Amplification Attacks" (2014, revised to
 * 2018), lists QOTD, CharGEN, DNS, TFTP, portmap, NTP, NetBIOS, SNMPv2,
 * CLDAP, RIPv1, SSDP, mDNS, memcached, the Steam and Quake protocols
 * (C. Rossow, "Amplification Hell", NDSS 2014, measured most of them);
 * later vectors: Apple Remote Desktop (ARMS, 2019), WS-Discovery
 * (Akamai SIRT, 2019), CoAP (draft-irtf-t2trg-amplification-attacks).
 * BitTorrent and Kad use no fixed port and are left out.  Sorted.
 */
static const uint16_t default_reflection_ports[] = {
	17,	/* QOTD, RFC 865 */
	19,	/* CharGEN, RFC 864 */
	53,	/* DNS */
	69,	/* TFTP */
	111,	/* portmap (ONC RPC) */
	123,	/* NTP */
	137,	/* NetBIOS name service */
	161,	/* SNMP */
	389,	/* CLDAP */
	520,	/* RIPv1 */
	1900,	/* SSDP */
	3283,	/* Apple Remote Desktop (ARMS) */
	3702,	/* WS-Discovery */
	5353,	/* mDNS */
	5683,	/* CoAP */
	11211,	/* memcached */
	27015,	/* Steam */
	27960,	/* Quake 3 */
};
#define NDEFAULT_REFLECTION_PORTS \
	(sizeof(default_reflection_ports) / sizeof(default_reflection_ports[0]))

enum event_key {
	KEY_NAME,
	KEY_START,
	KEY_END,
	KEY_BIN,
	KEY_PREFIX,
	KEY_ASN,
	KEY_COUNTRY,
	KEY_HOST,
	KEY_REGISTRY,
	KEY_MRT,
	KEY_FLOWS,
	KEY_PROBES,
	KEY_FULL_FEED_V4,
	KEY_FULL_FEED_V6,
	KEY_VISIBLE_SHARE,
	KEY_DISTINCT_EXACT,
	KEY_TOP,
	KEY_PEER_SILENCE,
	KEY_REFLECTION_PORTS,
	KEY_EXPECT,
};

static const struct event_key_info {
	const char	*name;
	enum event_key	 key;
	bool		 list;		/* repeatable: values accumulate */
} event_keys[] = {
	{ "name",		KEY_NAME,		false },
	{ "start",		KEY_START,		false },
	{ "end",		KEY_END,		false },
	{ "bin",		KEY_BIN,		false },
	{ "prefix",		KEY_PREFIX,		true },
	{ "asn",		KEY_ASN,		true },
	{ "country",		KEY_COUNTRY,		true },
	{ "host",		KEY_HOST,		true },
	{ "registry",		KEY_REGISTRY,		true },
	{ "mrt",		KEY_MRT,		true },
	{ "flows",		KEY_FLOWS,		true },
	{ "probes",		KEY_PROBES,		true },
	{ "full-feed-ipv4",	KEY_FULL_FEED_V4,	false },
	{ "full-feed-ipv6",	KEY_FULL_FEED_V6,	false },
	{ "visible-share",	KEY_VISIBLE_SHARE,	false },
	{ "distinct-exact",	KEY_DISTINCT_EXACT,	false },
	{ "top",		KEY_TOP,		false },
	{ "peer-silence",	KEY_PEER_SILENCE,	false },
	{ "reflection-ports",	KEY_REFLECTION_PORTS,	true },
	{ "expect",		KEY_EXPECT,		true },
};
#define NEVENT_KEYS	(sizeof(event_keys) / sizeof(event_keys[0]))

/* Separators of the values of a list on one line. */
#define LIST_SEPARATORS	" \t,"
/* Separators of the fields of an expect line. */
#define FIELD_SEPARATORS	" \t"

/* ------------------------------------------------------------------ */
/* Lists                                                               */

static int
str_list_add(struct str_list *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap == 0 ? 4 : l->cap * 2;
		char **items = realloc(l->items, cap * sizeof(*items));

		if (items == NULL)
			return -1;
		l->items = items;
		l->cap = cap;
	}
	if ((l->items[l->n] = strdup(s)) == NULL)
		return -1;
	l->n++;
	return 0;
}

static void
str_list_clear(struct str_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	l->n = 0;
}

static void
str_list_free(struct str_list *l)
{
	str_list_clear(l);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/*
 * Make room for one more element of size bytes in *array (holding n).
 * An event holds few targets and settings: growing one at a time keeps
 * struct event free of capacities, at no cost that matters.
 */
static int
grow_one(void *array, size_t n, size_t size)
{
	void **p = array;
	void *grown = realloc(*p, (n + 1) * size);

	if (grown == NULL)
		return -1;
	*p = grown;
	return 0;
}

static int
cmp_port(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return x < y ? -1 : x > y;
}

static int
set_default_ports(struct event_tuning *tu)
{
	uint16_t *ports = malloc(sizeof(default_reflection_ports));

	if (ports == NULL)
		return -1;
	memcpy(ports, default_reflection_ports,
	    sizeof(default_reflection_ports));
	free(tu->reflection_ports);
	tu->reflection_ports = ports;
	tu->nreflection_ports = NDEFAULT_REFLECTION_PORTS;
	return 0;
}

/* Empty the list of a list key, before the values that replace it. */
static void
clear_list(struct event *ev, enum event_key key)
{
	switch (key) {
	case KEY_PREFIX:
		ev->nprefixes = 0;
		break;
	case KEY_ASN:
		ev->nasns = 0;
		break;
	case KEY_COUNTRY:
		str_list_clear(&ev->countries);
		break;
	case KEY_HOST:
		ev->nhosts = 0;
		break;
	case KEY_REGISTRY:
		str_list_clear(&ev->registries);
		break;
	case KEY_MRT:
		str_list_clear(&ev->mrt);
		break;
	case KEY_FLOWS:
		str_list_clear(&ev->flows);
		break;
	case KEY_PROBES:
		str_list_clear(&ev->probes);
		break;
	case KEY_REFLECTION_PORTS:
		ev->tuning.nreflection_ports = 0;
		break;
	case KEY_EXPECT:
		ev->nexpects = 0;
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

/*
 * A duration: whole seconds, or a number with a unit s, m, h or d.  Zero
 * only when zero_ok.
 */
static int
parse_duration(const char *s, bool zero_ok, int64_t *out, char *err,
    size_t errlen)
{
	char digits[32];
	size_t len = strlen(s);
	uint64_t v, unit = 1;

	if (len > 0 && len < sizeof(digits)) {
		memcpy(digits, s, len + 1);
		switch (digits[len - 1]) {
		case 's':
			unit = 1;
			digits[len - 1] = '\0';
			break;
		case 'm':
			unit = 60;
			digits[len - 1] = '\0';
			break;
		case 'h':
			unit = 3600;
			digits[len - 1] = '\0';
			break;
		case 'd':
			unit = 86400;
			digits[len - 1] = '\0';
			break;
		}
		if (csv_field_u64(digits, (uint64_t)INT64_MAX / unit, &v) &&
		    (v > 0 || zero_ok)) {
			*out = (int64_t)(v * unit);
			return 0;
		}
	}
	snprintf(err, errlen, "'%s' is not a duration (seconds, or a number "
	    "with s, m, h or d%s)", s, zero_ok ? "" : ", greater than 0");
	return -1;
}

static int
parse_count(const char *s, uint64_t min, uint64_t max, uint32_t *out,
    char *err, size_t errlen)
{
	uint64_t v;

	if (!csv_field_u64(s, max, &v) || v < min) {
		snprintf(err, errlen, "'%s' is not a whole number from %llu to "
		    "%llu", s, (unsigned long long)min,
		    (unsigned long long)max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static int
parse_share(const char *s, double *out, char *err, size_t errlen)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !isfinite(v) || v <= 0 || v >= 1) {
		snprintf(err, errlen, "'%s' is not a number between 0 and 1 "
		    "(exclusive)", s);
		return -1;
	}
	*out = v;
	return 0;
}

static int
parse_country(const char *s, char cc[3], char *err, size_t errlen)
{
	if (strlen(s) != 2 || !isalpha((unsigned char)s[0]) ||
	    !isalpha((unsigned char)s[1])) {
		snprintf(err, errlen, "'%s' is not a two-letter country code "
		    "(ISO 3166-1 alpha-2)", s);
		return -1;
	}
	cc[0] = (char)toupper((unsigned char)s[0]);
	cc[1] = (char)toupper((unsigned char)s[1]);
	cc[2] = '\0';
	return 0;
}

/*
 * A path of an event file relative to the file's directory; one from
 * the command line (line 0), absolute, or of a file in the current
 * directory stays as given.
 */
static char *
resolve_path(const struct event *ev, const char *value, unsigned line)
{
	const char *slash;
	size_t dirlen, len;
	char *path;

	if (line == 0 || ev->path == NULL || value[0] == '/' ||
	    (slash = strrchr(ev->path, '/')) == NULL)
		return strdup(value);
	dirlen = (size_t)(slash - ev->path) + 1;
	len = strlen(value);
	if ((path = malloc(dirlen + len + 1)) == NULL)
		return NULL;
	memcpy(path, ev->path, dirlen);
	memcpy(path + dirlen, value, len + 1);
	return path;
}

/* One value of a list key given as several on a line. */
static int
add_list_value(struct event *ev, enum event_key key, const char *s,
    char *err, size_t errlen)
{
	struct ip_prefix p;
	struct ip_addr a;
	uint32_t as;
	uint16_t port;
	char cc[3];

	switch (key) {
	case KEY_PREFIX:
		if (parse_prefix(s, &p, err, errlen) == -1)
			return -1;
		if (grow_one(&ev->prefixes, ev->nprefixes,
		    sizeof(*ev->prefixes)) == -1)
			goto oom;
		ev->prefixes[ev->nprefixes++] = p;
		return 0;
	case KEY_ASN:
		if (parse_asn(s, &as, err, errlen) == -1)
			return -1;
		if (grow_one(&ev->asns, ev->nasns, sizeof(*ev->asns)) == -1)
			goto oom;
		ev->asns[ev->nasns++] = as;
		return 0;
	case KEY_COUNTRY:
		if (parse_country(s, cc, err, errlen) == -1)
			return -1;
		if (str_list_add(&ev->countries, cc) == -1)
			goto oom;
		return 0;
	case KEY_HOST:
		if (parse_addr(s, &a, err, errlen) == -1)
			return -1;
		if (grow_one(&ev->hosts, ev->nhosts, sizeof(*ev->hosts)) == -1)
			goto oom;
		ev->hosts[ev->nhosts++] = a;
		return 0;
	case KEY_REFLECTION_PORTS:
		if (parse_port(s, &port, err, errlen) == -1)
			return -1;
		if (grow_one(&ev->tuning.reflection_ports,
		    ev->tuning.nreflection_ports,
		    sizeof(*ev->tuning.reflection_ports)) == -1)
			goto oom;
		ev->tuning.reflection_ports[ev->tuning.nreflection_ports++] =
		    port;
		return 0;
	default:
		break;
	}
	snprintf(err, errlen, "not a list");
	return -1;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* Sort the reflection ports and drop repeats: the signal bsearches. */
static void
normalise_ports(struct event_tuning *tu)
{
	size_t i, n = 0;

	if (tu->nreflection_ports == 0)
		return;
	qsort(tu->reflection_ports, tu->nreflection_ports,
	    sizeof(*tu->reflection_ports), cmp_port);
	for (i = 0; i < tu->nreflection_ports; i++)
		if (n == 0 || tu->reflection_ports[n - 1] !=
		    tu->reflection_ports[i])
			tu->reflection_ports[n++] = tu->reflection_ports[i];
	tu->nreflection_ports = n;
}

/* Values separated by spaces or commas, each added to the key's list. */
static int
set_list_values(struct event *ev, enum event_key key, char *value,
    char *err, size_t errlen)
{
	char *tok, *save = NULL;
	size_t n = 0;

	for (tok = strtok_r(value, LIST_SEPARATORS, &save); tok != NULL;
	    tok = strtok_r(NULL, LIST_SEPARATORS, &save), n++)
		if (add_list_value(ev, key, tok, err, errlen) == -1)
			return -1;
	if (n == 0) {
		snprintf(err, errlen, "no value");
		return -1;
	}
	if (key == KEY_REFLECTION_PORTS)
		normalise_ports(&ev->tuning);
	return 0;
}

/* "expect KIND START END [TOLERANCE]". */
static int
set_expect(struct event *ev, char *value, unsigned line, char *err,
    size_t errlen)
{
	struct event_expect x;
	char *field[4], *tok, *save = NULL;
	size_t nfield = 0, i;

	memset(&x, 0, sizeof(x));
	for (tok = strtok_r(value, FIELD_SEPARATORS, &save); tok != NULL;
	    tok = strtok_r(NULL, FIELD_SEPARATORS, &save)) {
		if (nfield == 4) {
			nfield++;	/* one too many */
			break;
		}
		field[nfield++] = tok;
	}
	if (nfield < 3 || nfield > 4) {
		snprintf(err, errlen, "use KIND START END [TOLERANCE]");
		return -1;
	}
	if (strlen(field[0]) >= sizeof(x.kind)) {
		snprintf(err, errlen, "kind '%s' is longer than %zu "
		    "characters", field[0], sizeof(x.kind) - 1);
		return -1;
	}
	for (i = 0; field[0][i] != '\0'; i++)
		if (!isalnum((unsigned char)field[0][i]) &&
		    field[0][i] != '-' && field[0][i] != '_') {
			snprintf(err, errlen, "kind '%s' is not one word "
			    "(letters, digits, '-', '_')", field[0]);
			return -1;
		}
	memcpy(x.kind, field[0], i + 1);
	if (parse_time(field[1], &x.start, err, errlen) == -1 ||
	    parse_time(field[2], &x.end, err, errlen) == -1)
		return -1;
	if (x.start >= x.end) {
		snprintf(err, errlen, "start '%s' is not before end '%s'",
		    field[1], field[2]);
		return -1;
	}
	if (nfield == 4) {
		if (parse_duration(field[3], true, &x.tolerance, err,
		    errlen) == -1)
			return -1;
		x.has_tolerance = true;
	} else
		x.tolerance = ev->bin;
	x.line = line;
	if (grow_one(&ev->expects, ev->nexpects, sizeof(*ev->expects)) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ev->expects[ev->nexpects++] = x;
	return 0;
}

static int
set_path(struct event *ev, struct str_list *list, const char *value,
    unsigned line, char *err, size_t errlen)
{
	char *path = resolve_path(ev, value, line);
	int rc;

	if (path == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = str_list_add(list, path);
	free(path);
	if (rc == -1)
		snprintf(err, errlen, "out of memory");
	return rc;
}

/* Apply one trimmed, non-empty value of key k. */
static int
set_value(struct event *ev, const struct event_key_info *k, char *value,
    unsigned line, char *err, size_t errlen)
{
	struct event_tuning *tu = &ev->tuning;
	size_t i;
	char *name;

	switch (k->key) {
	case KEY_NAME:
		if ((name = strdup(value)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		free(ev->name);
		ev->name = name;
		return 0;
	case KEY_START:
		if (parse_time(value, &ev->start, err, errlen) == -1)
			return -1;
		ev->has_start = true;
		return 0;
	case KEY_END:
		if (parse_time(value, &ev->end, err, errlen) == -1)
			return -1;
		ev->has_end = true;
		return 0;
	case KEY_BIN:
		if (parse_duration(value, false, &ev->bin, err, errlen) == -1)
			return -1;
		/* A tolerance left out is one bin, whichever comes first. */
		for (i = 0; i < ev->nexpects; i++)
			if (!ev->expects[i].has_tolerance)
				ev->expects[i].tolerance = ev->bin;
		return 0;
	case KEY_PREFIX:
	case KEY_ASN:
	case KEY_COUNTRY:
	case KEY_HOST:
	case KEY_REFLECTION_PORTS:
		return set_list_values(ev, k->key, value, err, errlen);
	case KEY_REGISTRY:
		return set_path(ev, &ev->registries, value, line, err, errlen);
	case KEY_MRT:
		return set_path(ev, &ev->mrt, value, line, err, errlen);
	case KEY_FLOWS:
		return set_path(ev, &ev->flows, value, line, err, errlen);
	case KEY_PROBES:
		return set_path(ev, &ev->probes, value, line, err, errlen);
	case KEY_FULL_FEED_V4:
		return parse_count(value, 1, UINT32_MAX, &tu->full_feed_v4,
		    err, errlen);
	case KEY_FULL_FEED_V6:
		return parse_count(value, 1, UINT32_MAX, &tu->full_feed_v6,
		    err, errlen);
	case KEY_VISIBLE_SHARE:
		return parse_share(value, &tu->visible_share, err, errlen);
	case KEY_DISTINCT_EXACT:
		return parse_count(value, 0, UINT32_MAX, &tu->distinct_exact,
		    err, errlen);
	case KEY_TOP:
		return parse_count(value, 1, EVENT_MAX_TOP, &tu->top, err,
		    errlen);
	case KEY_PEER_SILENCE:
		return parse_duration(value, false, &tu->peer_silence, err,
		    errlen);
	case KEY_EXPECT:
		return set_expect(ev, value, line, err, errlen);
	}
	snprintf(err, errlen, "unhandled key");
	return -1;
}

/* ------------------------------------------------------------------ */
/* The interface                                                       */

void
event_init(struct event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->bin = EVENT_DEFAULT_BIN;
	ev->tuning.full_feed_v4 = EVENT_DEFAULT_FULL_FEED_V4;
	ev->tuning.full_feed_v6 = EVENT_DEFAULT_FULL_FEED_V6;
	ev->tuning.visible_share = EVENT_DEFAULT_VISIBLE_SHARE;
	ev->tuning.distinct_exact = EVENT_DEFAULT_DISTINCT_EXACT;
	ev->tuning.top = EVENT_DEFAULT_TOP;
	ev->tuning.peer_silence = EVENT_DEFAULT_PEER_SILENCE;
	if (set_default_ports(&ev->tuning) == -1)
		ev->oom = true;
}

void
event_free(struct event *ev)
{
	free(ev->name);
	free(ev->path);
	free(ev->file_stem);
	free(ev->prefixes);
	free(ev->asns);
	str_list_free(&ev->countries);
	free(ev->hosts);
	str_list_free(&ev->registries);
	str_list_free(&ev->mrt);
	str_list_free(&ev->flows);
	str_list_free(&ev->probes);
	free(ev->tuning.reflection_ports);
	free(ev->expects);
	memset(ev, 0, sizeof(*ev));
}

int
event_set(struct event *ev, const char *key, const char *value,
    unsigned line, char *err, size_t errlen)
{
	const struct event_key_info *k = NULL;
	char what[512], *copy, *v, *end;
	size_t i;
	int rc;

	for (i = 0; i < NEVENT_KEYS; i++)
		if (strcmp(event_keys[i].name, key) == 0)
			k = &event_keys[i];
	if (k == NULL) {
		snprintf(err, errlen, "unknown key '%s'", key);
		return -1;
	}
	if ((copy = strdup(value)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", key);
		return -1;
	}
	for (v = copy; isspace((unsigned char)*v); v++)
		;
	for (end = v + strlen(v); end > v &&
	    isspace((unsigned char)end[-1]); end--)
		;
	*end = '\0';
	if (*v == '\0') {
		snprintf(err, errlen, "%s: no value", key);
		free(copy);
		return -1;
	}
	if (k->list) {
		unsigned bit = 1u << k->key;

		/*
		 * The command line replaces a list the first time it names
		 * it; a file replaces the default reflection ports.
		 */
		if (line == 0 && !(ev->lists_from_cli & bit))
			clear_list(ev, k->key);
		else if (line > 0 && k->key == KEY_REFLECTION_PORTS &&
		    !(ev->lists_from_file & bit))
			clear_list(ev, k->key);
		if (line == 0)
			ev->lists_from_cli |= bit;
		else
			ev->lists_from_file |= bit;
	}
	rc = set_value(ev, k, v, line, what, sizeof(what));
	if (rc == -1)
		snprintf(err, errlen, "%s: %s", key, what);
	free(copy);
	return rc;
}

/* The base name of path without its extension; NULL for stdin. */
static char *
file_stem(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t len;
	char *stem;

	base = base == NULL ? path : base + 1;
	if (strcmp(path, "-") == 0 || *base == '\0')
		return NULL;
	dot = strrchr(base, '.');
	len = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
	if ((stem = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(stem, base, len);
	stem[len] = '\0';
	return stem;
}

/*
 * One line of an event file: "key value", '#' comments (the whole line,
 * or from a '#' after white space).  line is NUL-terminated and ours.
 */
static int
load_line(struct event *ev, char *line, unsigned lineno, char *err,
    size_t errlen)
{
	char *key, *value, *p;

	for (key = line; *key == ' ' || *key == '\t'; key++)
		;
	if (*key == '\0' || *key == '#')
		return 0;
	for (value = key; *value != '\0' && *value != ' ' && *value != '\t';
	    value++)
		;
	if (*value != '\0')
		*value++ = '\0';
	for (p = value; *p != '\0'; p++)
		if (*p == '#' && (p == value || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	return event_set(ev, key, value, lineno, err, errlen);
}

int
event_load(struct event *ev, const char *path, char *err, size_t errlen)
{
	struct input *in = NULL;
	char what[768], *text = NULL, *copy;
	unsigned lineno = 0;
	int rc = -1;

	if ((copy = strdup(path)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	free(ev->path);
	ev->path = copy;
	free(ev->file_stem);
	ev->file_stem = file_stem(path);
	if ((text = malloc(EVENT_MAX_LINE + 1)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	if ((in = input_open(path, err, errlen)) == NULL)
		goto fail;
	for (;;) {
		const uint8_t *line;
		size_t len = 0, consumed = 0;
		const char *why = NULL;
		enum input_line_status st;

		st = input_line(in, EVENT_MAX_LINE, &line, &len, &consumed,
		    &why);
		if (st == INPUT_LINE_EOF)
			break;
		lineno++;
		if (st == INPUT_LINE_DAMAGED) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			goto fail;
		}
		if (st == INPUT_LINE_TOO_LONG) {
			snprintf(err, errlen, "%s:%u: line longer than %u "
			    "bytes", path, lineno, EVENT_MAX_LINE);
			goto fail;
		}
		if (memchr(line, '\0', len) != NULL) {
			snprintf(err, errlen, "%s:%u: a NUL byte (not a text "
			    "file?)", path, lineno);
			goto fail;
		}
		memcpy(text, line, len);
		text[len] = '\0';
		input_consume(in, consumed);
		if (load_line(ev, text, lineno, what, sizeof(what)) == -1) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, what);
			goto fail;
		}
	}
	rc = 0;
fail:
	if (in != NULL)
		input_close(in);
	free(text);
	return rc;
}

static void
format_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "%lld", (long long)t);
}

int
event_validate_archive(const struct event *ev, char *err, size_t errlen)
{
	struct bin_grid grid;
	char start[32], end[32];

	if (ev->oom) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!ev->has_start || !ev->has_end) {
		snprintf(err, errlen, "the event has no %s time (set %s)",
		    ev->has_start ? "end" : "start",
		    ev->has_start ? "end" : "start");
		return -1;
	}
	format_time(ev->start, start, sizeof(start));
	format_time(ev->end, end, sizeof(end));
	if (ev->start >= ev->end) {
		snprintf(err, errlen, "start %s is not before end %s", start,
		    end);
		return -1;
	}
	if (!bin_grid_init(&grid, ev->start, ev->end, ev->bin)) {
		snprintf(err, errlen, "bin %llds cuts %s to %s into more than "
		    "%u bins", (long long)ev->bin, start, end, BIN_MAX_BINS);
		return -1;
	}
	if (ev->countries.n > 0 && ev->registries.n == 0) {
		snprintf(err, errlen, "country %s needs a registry file (set "
		    "registry to an RIR delegated statistics file)",
		    ev->countries.items[0]);
		return -1;
	}
	if (ev->mrt.n == 0 && ev->flows.n == 0 && ev->probes.n == 0) {
		snprintf(err, errlen, "the event has no input (set mrt, flows "
		    "or probes)");
		return -1;
	}
	return 0;
}

int
event_validate(const struct event *ev, char *err, size_t errlen)
{
	if (event_validate_archive(ev, err, errlen) == -1)
		return -1;
	if (ev->nprefixes == 0 && ev->nasns == 0 && ev->countries.n == 0 &&
	    ev->nhosts == 0) {
		snprintf(err, errlen, "the event has no target (set prefix, "
		    "asn, country or host)");
		return -1;
	}
	return 0;
}

const char *
event_name(const struct event *ev)
{
	if (ev->name != NULL)
		return ev->name;
	if (ev->file_stem != NULL)
		return ev->file_stem;
	return "event";
}
