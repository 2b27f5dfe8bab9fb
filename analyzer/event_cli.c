/*
 * event_cli.c -- event options on the command line: collected while a
 * command parses its arguments, applied over the event file afterwards,
 * so that the command line wins whatever the order of its words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/event_cli.h"

enum {
	OPT_NAME = EVENT_OPT_BASE, OPT_START, OPT_END, OPT_BIN, OPT_PREFIX,
	OPT_ASN, OPT_COUNTRY, OPT_HOST, OPT_REGISTRY, OPT_MRT, OPT_FLOWS,
	OPT_PROBES, OPT_SET,
};

const struct option event_cli_longopts[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "start", required_argument, NULL, OPT_START },
	{ "end", required_argument, NULL, OPT_END },
	{ "bin", required_argument, NULL, OPT_BIN },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ "asn", required_argument, NULL, OPT_ASN },
	{ "country", required_argument, NULL, OPT_COUNTRY },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "registry", required_argument, NULL, OPT_REGISTRY },
	{ "mrt", required_argument, NULL, OPT_MRT },
	{ "flows", required_argument, NULL, OPT_FLOWS },
	{ "probes", required_argument, NULL, OPT_PROBES },
	{ "set", required_argument, NULL, OPT_SET },
	{ NULL, 0, NULL, 0 },
};

/* The event file key each option stands for, by code - EVENT_OPT_BASE. */
static const char *const option_keys[] = {
	"name", "start", "end", "bin", "prefix", "asn", "country", "host",
	"registry", "mrt", "flows", "probes",
};

const char event_cli_help[] =
"Event (override the event file; see lightsout-event(5)):\n"
"      --name N           the event's name\n"
"      --start T, --end T the window [start, end), UTC: 2014-12-22T16:15Z\n"
"                         or unix seconds\n"
"      --bin W            bin width: seconds, or 5m, 1h (default 5m)\n"
"      --prefix P         a target prefix, more-specifics included\n"
"      --asn A            a target origin AS\n"
"      --country CC       a target country (needs --registry)\n"
"      --host ADDR        a target host\n"
"      --registry FILE    an RIR delegated statistics file\n"
"      --mrt PATH         MRT files: a file, directory or glob\n"
"      --flows PATH       flow files\n"
"      --probes PATH      probe files\n"
"      --set KEY=VALUE    any other setting of the event file\n"
"A list given on the command line replaces the file's list.\n";

void
event_cli_init(struct event_cli *c)
{
	memset(c, 0, sizeof(*c));
}

void
event_cli_free(struct event_cli *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free((char *)c->settings[i].key);
	free(c->settings);
	memset(c, 0, sizeof(*c));
}

struct option *
event_cli_options(const struct option *own)
{
	size_t nown = 0, nevent = 0;
	struct option *all;

	while (own[nown].name != NULL)
		nown++;
	while (event_cli_longopts[nevent].name != NULL)
		nevent++;
	all = calloc(nown + nevent + 1, sizeof(*all));
	if (all == NULL)
		return NULL;
	memcpy(all, own, nown * sizeof(*all));
	memcpy(all + nown, event_cli_longopts, nevent * sizeof(*all));
	return all;
}

/* Keep key and value; both copied into one allocation owned by key. */
static int
keep(struct event_cli *c, const char *key, size_t keylen, const char *value)
{
	size_t vlen = strlen(value);
	char *text;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct event_cli_setting *grown;

		grown = realloc(c->settings, cap * sizeof(*grown));
		if (grown == NULL)
			return -1;
		c->settings = grown;
		c->cap = cap;
	}
	text = malloc(keylen + 1 + vlen + 1);
	if (text == NULL)
		return -1;
	memcpy(text, key, keylen);
	text[keylen] = '\0';
	memcpy(text + keylen + 1, value, vlen + 1);
	c->settings[c->n].key = text;
	c->settings[c->n].value = text + keylen + 1;
	c->n++;
	return 0;
}

int
event_cli_take(struct event_cli *c, int code, const char *arg, char *err,
    size_t errlen)
{
	const char *eq;

	if (code < OPT_NAME || code > OPT_SET)
		return 0;
	if (code != OPT_SET) {
		const char *key = option_keys[code - EVENT_OPT_BASE];

		if (keep(c, key, strlen(key), arg) == -1)
			goto oom;
		return 1;
	}
	eq = strchr(arg, '=');
	if (eq == NULL || eq == arg) {
		snprintf(err, errlen, "--set takes KEY=VALUE, not '%s'", arg);
		return -1;
	}
	if (keep(c, arg, (size_t)(eq - arg), eq + 1) == -1)
		goto oom;
	return 1;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

int
event_cli_build(struct event_cli *c, const char *path, bool need_target,
    struct event *ev, char *err, size_t errlen)
{
	size_t i;

	event_init(ev);
	if (path != NULL && event_load(ev, path, err, errlen) == -1)
		return -1;
	for (i = 0; i < c->n; i++) {
		char what[512];

		if (event_set(ev, c->settings[i].key, c->settings[i].value, 0,
		    what, sizeof(what)) == -1) {
			snprintf(err, errlen, "command line: %s", what);
			return -1;
		}
	}
	return need_target ? event_validate(ev, err, errlen) :
	    event_validate_archive(ev, err, errlen);
}
