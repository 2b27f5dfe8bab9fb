/*
 * test_flow_truncation.c -- every export datagram of every real sample,
 * cut at every offset, through the NetFlow/IPFIX decoder.
 *
 * For each decode unit of tests/data/flows/units.tsv, one session reads
 * the unit's datagrams in order (UDP payloads out of the captures; the
 * whole content of raw datagram and IPFIX files).  Before each datagram
 * is fed whole, every strict prefix of it is fed, each from a buffer of
 * exactly that size, so that AddressSanitizer catches a read one byte
 * past the cut.  The session goes on with the state the cut datagrams
 * left (a cut template may be refused, a cut set deferred): what is
 * checked is that nothing crashes, reads out of bounds or loops; and,
 * on one unit from a fresh session each time, that a cut datagram never
 * yields more records than the whole one.
 * The container cuts (a capture file ending inside a record) are tested
 * by test_capture and test_dump_flows.
 *
 * Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/capture.h"
#include "parsers/input.h"
#include "parsers/netflow.h"

#define DATADIR		"tests/data/flows"
#define UNITS		DATADIR "/units.tsv"

/* A decoder that loops would never reach FLOW_END: give up loudly. */
#define MAX_STEPS	1000000

static char **unit_files;	/* the second column of units.tsv */
static size_t nunits;

static void
load_units(void)
{
	char line[4096];
	FILE *fp = fopen(UNITS, "r");

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *tab1, *tab2;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		tab1 = strchr(line, '\t');
		assert_non_null(tab1);
		tab2 = strchr(tab1 + 1, '\t');
		assert_non_null(tab2);
		*tab2 = '\0';
		unit_files = realloc(unit_files, (nunits + 1) *
		    sizeof(*unit_files));
		assert_non_null(unit_files);
		unit_files[nunits] = strdup(tab1 + 1);
		assert_non_null(unit_files[nunits]);
		nunits++;
	}
	fclose(fp);
}

/* Drain the session; returns the records it yielded. */
static size_t
drain(struct flow_session *s)
{
	const struct flow_record *rec;
	struct decode_error err;
	enum flow_status st;
	size_t records = 0, steps = 0;

	while ((st = flow_session_next(s, &rec, &err)) != FLOW_END) {
		if (st == FLOW_OK)
			records++;
		else
			assert_true(err.reason < SKIP_NREASONS);
		if (++steps > MAX_STEPS)
			fail_msg("the decoder does not end a datagram");
	}
	return records;
}

/* Every strict prefix of data, then data whole. */
static void
feed_cut_and_whole(struct flow_session *s, const struct export_datagram *d,
    size_t *prefixes)
{
	struct export_datagram cut = *d;
	size_t k;

	for (k = 0; k < d->len; k++) {
		uint8_t *copy = malloc(k > 0 ? k : 1);

		assert_non_null(copy);
		memcpy(copy, d->data, k);
		cut.data = copy;
		cut.len = k;
		flow_session_feed(s, &cut);
		(void)drain(s);
		free(copy);
		(*prefixes)++;
	}
	flow_session_feed(s, d);
	(void)drain(s);
}

static void
sweep_capture(struct flow_session *s, const char *path, size_t *datagrams,
    size_t *prefixes)
{
	char err[512];
	struct input *in;
	struct capture *c;
	struct export_datagram d;
	struct decode_error derr;
	enum capture_status st;

	in = input_open(path, err, sizeof(err));
	if (in == NULL)
		fail_msg("%s", err);
	c = capture_open(in, path, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	while ((st = capture_next(c, &d, &derr)) != CAPTURE_END) {
		uint8_t *copy;

		if (st != CAPTURE_OK)
			continue;
		/* The capture's buffer is reused by the next call: copy. */
		copy = malloc(d.len > 0 ? d.len : 1);
		assert_non_null(copy);
		memcpy(copy, d.data, d.len);
		d.data = copy;
		feed_cut_and_whole(s, &d, prefixes);
		free(copy);
		(*datagrams)++;
	}
	capture_close(c);
	input_close(in);
}

/* A raw datagram or IPFIX file: its whole content as one datagram. */
static void
sweep_file(struct flow_session *s, const char *path, size_t *datagrams,
    size_t *prefixes)
{
	struct export_datagram d;
	uint8_t *data;
	long len;
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	assert_true(len > 0);
	rewind(fp);
	data = malloc((size_t)len);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	memset(&d, 0, sizeof(d));
	d.data = data;
	d.len = (size_t)len;
	d.packet_no = 1;
	d.file = path;
	d.record_unit = "message";
	feed_cut_and_whole(s, &d, prefixes);
	free(data);
	(*datagrams)++;
}

static void
test_every_datagram_cut_everywhere(void **state)
{
	size_t u, datagrams = 0, prefixes = 0;
	struct decode_error err;

	(void)state;
	assert_true(nunits >= 72);
	for (u = 0; u < nunits; u++) {
		struct flow_session *s = flow_session_new();
		char *files = strdup(unit_files[u]), *name, *save = NULL;

		assert_non_null(s);
		assert_non_null(files);
		for (name = strtok_r(files, " ", &save); name != NULL;
		    name = strtok_r(NULL, " ", &save)) {
			char path[512];
			size_t n = strlen(name);

			snprintf(path, sizeof(path), DATADIR "/%s", name);
			if (n > 5 && strcmp(name + n - 5, ".pcap") == 0)
				sweep_capture(s, path, &datagrams, &prefixes);
			else
				sweep_file(s, path, &datagrams, &prefixes);
		}
		while (flow_session_finish(s, &err) == FLOW_SKIP)
			;
		flow_session_free(s);
		free(files);
	}
	print_message("%zu datagrams, %zu cuts\n", datagrams, prefixes);
	/* Every sample yields at least one datagram. */
	assert_true(datagrams >= 130);
}

/*
 * One datagram, cut: the records it yields never outnumber the whole
 * datagram's, with the same templates known (a fresh session each time,
 * the templates fed first).
 */
static void
test_cut_never_yields_more(void **state)
{
	static const char *const tpl = DATADIR
	    "/logstash__ipfix_test_mikrotik_tpl.dat";
	static const char *const data = DATADIR
	    "/logstash__ipfix_test_mikrotik_data258.dat";
	struct export_datagram t, d;
	uint8_t *tbuf, *dbuf;
	size_t tlen, dlen, k, whole = 0;
	FILE *fp;

	(void)state;
	fp = fopen(tpl, "rb");
	assert_non_null(fp);
	tbuf = malloc(65536);
	assert_non_null(tbuf);
	tlen = fread(tbuf, 1, 65536, fp);
	fclose(fp);
	fp = fopen(data, "rb");
	assert_non_null(fp);
	dbuf = malloc(65536);
	assert_non_null(dbuf);
	dlen = fread(dbuf, 1, 65536, fp);
	fclose(fp);
	memset(&t, 0, sizeof(t));
	t.data = tbuf;
	t.len = tlen;
	t.packet_no = 1;
	t.file = tpl;
	for (k = dlen + 1; k-- > 0;) {
		struct flow_session *s = flow_session_new();
		size_t got;

		assert_non_null(s);
		flow_session_feed(s, &t);
		(void)drain(s);
		memset(&d, 0, sizeof(d));
		d.data = dbuf;
		d.len = k;
		d.packet_no = 2;
		d.file = data;
		flow_session_feed(s, &d);
		got = drain(s);
		if (k == dlen) {
			whole = got;
			assert_int_equal(whole, 28);	/* MANIFEST */
		} else
			assert_true(got <= whole);
		flow_session_free(s);
	}
	free(tbuf);
	free(dbuf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_datagram_cut_everywhere),
		cmocka_unit_test(test_cut_never_yields_more),
	};

	load_units();
	return cmocka_run_group_tests_name("flow_truncation", tests, NULL,
	    NULL);
}
