/*
 * flow.c -- the flow reader: container recognition, export messages out
 * of captures and message files, records out of the export decoder or
 * the nfdump CSV reader.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/capture.h"
#include "parsers/cursor.h"
#include "parsers/flow.h"
#include "parsers/nfdump_csv.h"

/* Export header sizes: v5 RFC-less Cisco format, RFC 3954 5.1, RFC 7011 3.1. */
#define V5_HEADER_LEN		24
#define V5_RECORD_LEN		48
#define V9_HEADER_LEN		20
#define IPFIX_HEADER_LEN	16
#define EXPORT_MAX_LEN		65535	/* a UDP datagram's payload, at most */

/* How far to look for the next export header after garbage. */
#define RESYNC_WINDOW		(1024 * 1024)

struct flow_reader {
	struct input		*in;
	const char		*file;
	struct flow_session	*session;
	enum flow_container	 container;
	struct capture		*capture;
	struct nfdump_csv	*csv;

	bool			 in_datagram;	/* session busy with one */
	bool			 datagram_clean; /* no error in it so far */
	size_t			 consume_len;	/* message bytes to move past */
	uint64_t		 message_no;	/* in message files */
	bool			 ended;
	struct decode_stats	 stats;
};

static const char *const container_names[] = {
	[FLOW_CONTAINER_NONE] = "none",
	[FLOW_CONTAINER_CAPTURE] = "capture",
	[FLOW_CONTAINER_IPFIX_FILE] = "IPFIX file",
	[FLOW_CONTAINER_NETFLOW5] = "NetFlow v5 datagrams",
	[FLOW_CONTAINER_NETFLOW9] = "NetFlow v9 datagram",
	[FLOW_CONTAINER_NFDUMP_CSV] = "nfdump CSV",
};

const char *
flow_container_name(enum flow_container c)
{
	if ((size_t)c >= sizeof(container_names) / sizeof(container_names[0]))
		return "unknown";
	return container_names[c];
}

/*
 * The length of the export message that starts at data, as its header
 * and (for v9, whose header has no length) its flowsets frame it; 0 when
 * no NetFlow v5/v9 or IPFIX message can start there.
 *
 * A v9 datagram ends where the bytes end or where a new v9 header starts:
 * a flowset id of 9 is reserved (RFC 3954 5.2: ids 2 to 255), so "00 09"
 * where the next flowset id should be is the next datagram.  A flowset
 * that cannot be framed leaves the rest to the decoder, which reports it.
 */
static size_t
message_length(const uint8_t *data, size_t avail)
{
	struct cursor c;
	uint16_t version, count, length, set_id, set_len;

	cursor_init(&c, data, avail);
	if (cursor_get_n16(&c, &version) == -1 ||
	    cursor_get_n16(&c, &count) == -1)
		return 0;
	switch (version) {
	case 5:
		/*
		 * A count beyond the 30 records a v5 datagram can hold is a
		 * broken header; if the bytes left are exactly a header and
		 * whole records, they are one datagram whose records the
		 * decoder reads by length (and reports the count).
		 */
		if (count >= 1 && count <= 30)
			return V5_HEADER_LEN + (size_t)count * V5_RECORD_LEN;
		if (avail > V5_HEADER_LEN && avail <= EXPORT_MAX_LEN &&
		    (avail - V5_HEADER_LEN) % V5_RECORD_LEN == 0)
			return avail;
		return 0;
	case 10:
		length = count;	/* RFC 7011 3.1: message length, header included */
		if (length < IPFIX_HEADER_LEN)
			return 0;
		return length;
	case 9:
		if (cursor_skip(&c, V9_HEADER_LEN - 4) == -1)
			return 0;
		for (;;) {
			size_t set_start = cursor_pos(&c);

			if (cursor_get_n16(&c, &set_id) == -1 ||
			    cursor_get_n16(&c, &set_len) == -1)
				return avail;
			if (set_id == 9 && set_start > V9_HEADER_LEN - 1)
				return set_start;
			if (set_len < 4 ||
			    cursor_skip(&c, (size_t)set_len - 4) == -1)
				return avail;
			if (cursor_left(&c) == 0)
				return cursor_pos(&c);
		}
	default:
		return 0;
	}
}

enum flow_container
flow_detect(const uint8_t *data, size_t len)
{
	size_t msg_len;

	if (capture_detect(data, len))
		return FLOW_CONTAINER_CAPTURE;
	if (nfdump_csv_detect(data, len))
		return FLOW_CONTAINER_NFDUMP_CSV;
	msg_len = message_length(data, len);
	if (msg_len == 0 || msg_len > len ||
	    !export_looks_valid(data, msg_len))
		return FLOW_CONTAINER_NONE;
	switch (export_version(data, len)) {
	case 5:
		return FLOW_CONTAINER_NETFLOW5;
	case 9:
		return FLOW_CONTAINER_NETFLOW9;
	case 10:
		return FLOW_CONTAINER_IPFIX_FILE;
	default:
		return FLOW_CONTAINER_NONE;
	}
}

struct flow_reader *
flow_open(struct input *in, struct flow_session *session, char *err,
    size_t errlen)
{
	struct flow_reader *r;
	const uint8_t *data;
	size_t avail;

	avail = input_peek(in, 4096, &data);
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		snprintf(err, errlen, "%s: out of memory", input_name(in));
		return NULL;
	}
	r->in = in;
	r->file = input_name(in);
	r->session = session;
	r->container = flow_detect(data, avail);
	switch (r->container) {
	case FLOW_CONTAINER_NONE:
		snprintf(err, errlen, "%s: not a capture, IPFIX file, NetFlow "
		    "datagram or nfdump CSV", r->file);
		goto fail;
	case FLOW_CONTAINER_CAPTURE:
		r->capture = capture_open(in, r->file, err, errlen);
		if (r->capture == NULL)
			goto fail;
		break;
	case FLOW_CONTAINER_NFDUMP_CSV:
		r->csv = nfdump_csv_open(in, r->file);
		if (r->csv == NULL) {
			snprintf(err, errlen, "%s: out of memory", r->file);
			goto fail;
		}
		break;
	default:
		break;
	}
	return r;
fail:
	free(r);
	return NULL;
}

void
flow_close(struct flow_reader *r)
{
	if (r == NULL)
		return;
	if (r->capture != NULL)
		capture_close(r->capture);
	if (r->csv != NULL)
		nfdump_csv_close(r->csv);
	free(r);
}

enum flow_container
flow_reader_container(const struct flow_reader *r)
{
	return r->container;
}

const struct decode_stats *
flow_stats(const struct flow_reader *r)
{
	return &r->stats;
}

static enum flow_status
reader_skip(struct flow_reader *r, struct decode_error *err,
    enum skip_reason reason, uint64_t offset, uint64_t record_no,
    const char *fmt, ...)
{
	va_list ap;

	err->file = r->file;
	err->offset = offset;
	err->record_no = record_no;
	err->record_unit = r->container == FLOW_CONTAINER_CAPTURE ?
	    "packet" : "message";
	err->reason = reason;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
	r->stats.skipped[reason]++;
	return FLOW_SKIP;
}

/* Count a skip the decoder or a container reported. */
static enum flow_status
count_skip(struct flow_reader *r, const struct decode_error *err)
{
	r->stats.skipped[err->reason]++;
	if (skip_reason_is_error(err->reason))
		r->datagram_clean = false;
	return FLOW_SKIP;
}

static void
start_datagram(struct flow_reader *r, const struct export_datagram *d)
{
	flow_session_feed(r->session, d);
	r->in_datagram = true;
	r->datagram_clean = true;
}

static enum flow_status
next_from_capture(struct flow_reader *r, struct decode_error *err)
{
	struct export_datagram d;
	enum capture_status st;

	st = capture_next(r->capture, &d, err);
	r->stats.records = capture_packets(r->capture);
	switch (st) {
	case CAPTURE_END:
		r->ended = true;
		return FLOW_END;
	case CAPTURE_SKIP:
		return count_skip(r, err);
	case CAPTURE_OK:
		break;
	}
	if (!export_looks_valid(d.data, d.len)) {
		char from[64] = "";

		if (d.exporter.afi == AFI_IPV4)
			snprintf(from, sizeof(from), " from %u.%u.%u.%u:%u",
			    d.exporter.bytes[0], d.exporter.bytes[1],
			    d.exporter.bytes[2], d.exporter.bytes[3],
			    d.exporter_port);
		else if (d.exporter.afi == AFI_IPV6)
			snprintf(from, sizeof(from), " from IPv6 port %u",
			    d.exporter_port);
		return reader_skip(r, err, NOTE_NOT_EXPORT, d.offset,
		    d.packet_no, "UDP datagram%s, %zu bytes, is not NetFlow "
		    "v5/v9 or IPFIX (version field %u)", from, d.len,
		    d.len >= 2 ? (unsigned)(d.data[0] << 8 | d.data[1]) : 0);
	}
	start_datagram(r, &d);
	return FLOW_SKIP;	/* not returned: the caller loops */
}

/*
 * After bytes that frame no export message: look ahead for the next
 * position where a sane message starts, and move there.  Returns the
 * number of bytes skipped.
 */
static uint64_t
resync(struct flow_reader *r)
{
	const uint8_t *data;
	size_t avail, pos, msg_len;

	avail = input_peek(r->in, RESYNC_WINDOW + EXPORT_MAX_LEN, &data);
	for (pos = 1; pos < avail && pos <= RESYNC_WINDOW; pos++) {
		msg_len = message_length(data + pos, avail - pos);
		if (msg_len != 0 && msg_len <= avail - pos &&
		    export_looks_valid(data + pos, msg_len)) {
			input_consume(r->in, pos);
			return pos;
		}
	}
	if (pos > avail)
		pos = avail;
	input_consume(r->in, pos);
	return pos;
}

/* The next message of an IPFIX file or of raw NetFlow datagrams. */
static enum flow_status
next_from_file(struct flow_reader *r, struct decode_error *err)
{
	struct export_datagram d;
	const uint8_t *data;
	size_t avail, msg_len;
	uint64_t offset = input_offset(r->in), skipped;

	avail = input_peek(r->in, EXPORT_MAX_LEN + 1, &data);
	if (avail == 0) {
		r->ended = true;
		if (input_error(r->in) != NULL)
			return reader_skip(r, err, SKIP_DECOMPRESS, offset, 0,
			    "%s", input_error(r->in));
		return FLOW_END;
	}
	r->message_no++;
	r->stats.records++;
	msg_len = message_length(data, avail);
	if (msg_len == 0 || msg_len > EXPORT_MAX_LEN + 1) {
		unsigned version = avail >= 2 ?
		    (unsigned)(data[0] << 8 | data[1]) : 0;

		skipped = resync(r);
		return reader_skip(r, err, SKIP_BAD_EXPORT, offset,
		    r->message_no, "no NetFlow v5/v9 or IPFIX header (version "
		    "field %u); skipped %llu bytes to the next one", version,
		    (unsigned long long)skipped);
	}
	if (msg_len > avail) {
		const char *why = input_error(r->in);

		input_consume(r->in, avail);
		r->ended = true;
		return reader_skip(r, err, why != NULL ? SKIP_DECOMPRESS :
		    SKIP_TRUNCATED, offset, r->message_no, "message of %zu "
		    "bytes cut after %zu%s%s", msg_len, avail,
		    why != NULL ? ": " : "", why != NULL ? why : "");
	}
	memset(&d, 0, sizeof(d));
	d.data = data;
	d.len = msg_len;
	d.packet_no = r->message_no;
	d.offset = offset;
	d.file = r->file;
	d.record_unit = "message";
	r->consume_len = msg_len;
	start_datagram(r, &d);
	return FLOW_SKIP;	/* not returned: the caller loops */
}

enum flow_status
flow_next(struct flow_reader *r, const struct flow_record **rec,
    struct decode_error *err)
{
	enum flow_status st;

	if (r->container == FLOW_CONTAINER_NFDUMP_CSV) {
		st = nfdump_csv_next(r->csv, rec, err);
		r->stats.records = nfdump_csv_lines(r->csv);
		if (st == FLOW_OK) {
			r->stats.items++;
			r->stats.decoded++;
		} else if (st == FLOW_SKIP)
			r->stats.skipped[err->reason]++;
		return st;
	}
	for (;;) {
		if (r->in_datagram) {
			st = flow_session_next(r->session, rec, err);
			if (st == FLOW_OK) {
				r->stats.items++;
				return FLOW_OK;
			}
			if (st == FLOW_SKIP)
				return count_skip(r, err);
			r->in_datagram = false;
			if (r->datagram_clean)
				r->stats.decoded++;
			if (r->consume_len > 0) {
				input_consume(r->in, r->consume_len);
				r->stats.bytes += r->consume_len;
				r->consume_len = 0;
			}
			continue;
		}
		if (r->ended)
			return FLOW_END;
		if (r->container == FLOW_CONTAINER_CAPTURE)
			st = next_from_capture(r, err);
		else
			st = next_from_file(r, err);
		if (!r->in_datagram)
			return st;
	}
}
