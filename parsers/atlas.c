/*
 * atlas.c -- RIPE Atlas ping and traceroute results (atlas.h).
 *
 * The JSON library: json-c (libjson-c-dev).  Measured against jansson
 * on 210 MB of NDJSON (the sagan ping sample lines repeated), parsing
 * each line into a DOM and taking out the fields this reader uses
 * (tests/bench_atlas_json.c, gcc -O2, Debian 12, 2 cores):
 *
 *	json-c 0.16	88-91 MB/s
 *	jansson 2.14	66 MB/s
 *	jq -c . > /dev/null	24.6 MB/s (8.5 s)
 *
 * json-c is the faster by a third.  The whole reader (input layer,
 * framing, json-c, mapping) does 58-60 MB/s on the same lines and 57 MB/s
 * on the same results as one 210 MB array (9 MB peak RSS): 2.4x jq, short
 * of the 5x target (~123 MB/s), which is more than json-c's DOM parse
 * alone reaches here; perf puts ~40% of the time in malloc/free of the
 * DOM's nodes.
 *
 * Two layouts, told apart by the first non-blank byte:
 *
 *   '{'  one result per line (NDJSON, what the streaming API and
 *        "results?format=txt" give): a line is read from the input layer
 *        and parsed whole;
 *   '['  one JSON array of results (the measurement results download):
 *        the array is never loaded.  The reader scans the bytes only to
 *        find where each element ends (string and escape state, {} and []
 *        depth), then json-c parses that element.  Memory is bounded by
 *        the largest element.  An element that does not parse is skipped;
 *        the scan goes on from the next ',' or ']' at the array's level.
 *
 * Field names follow the RIPE Atlas result format documentation
 * ("Measurement results" of the Atlas docs) and, for what each field
 * means for the summary values, RIPE's own parser ripe.atlas.sagan
 * 2.0.0, whose output the golden tests compare against:
 *
 *   all types	type, fw, prb_id, msm_id, timestamp, from (public address
 *		of the probe), src_addr, af, dst_addr, dst_name, error
 *   fw < 4460	addr, name (for dst_addr, dst_name), pf (for af); fw 0
 *		gives numbers as strings ("sent":"3")
 *   ping	sent, rcvd, min, avg, max (-1 when no reply), dup, result:
 *		[{rtt, ttl, dup, srcaddr} | {x:"*"} | {error} | {late}]
 *   traceroute	endtime, result: [{hop, error, result: [{from, rtt, ttl,
 *		size, err, late, x:"*", ittl, mtu, ...}]}]
 *
 * Sagan's semantics kept here:
 *   - ping rtt_min/rtt_max are the result's min/max as given, rtt_avg is
 *     avg rounded to 3 decimals; all three absent when avg < 0;
 *   - medians (ping rtt_median of the non-duplicate replies, hop
 *     medians): the middle value rounded to 3 decimals for an odd count,
 *     the unrounded mean of the middle two for an even count;
 *   - af: "af", else "pf", else the family of the target address;
 *   - traceroute hop_count: number of entries of "result";
 *     last_hop_responded: the last hop's median rtt is not 0 (rtts of
 *     replies with "err" count); dest_reached: a reply of the last hop,
 *     not a late one, comes from dst_addr; last_median_rtt: median rtt
 *     of the last hop (going back from the end) that has one; last_hop:
 *     the address of the first reply with an rtt in the last hop;
 *   - is_error: the result has a top-level "error".
 * Where lightsout differs see tests/data/probes/sagan-differences.tsv.
 */
#include <arpa/inet.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/atlas.h"

/* A line or array element longer than this is skipped whole. */
#define ATLAS_MAX_RESULT	(16u * 1024 * 1024)
/* First window asked of the input. */
#define ATLAS_PEEK_STEP		(64u * 1024)
/* How far into the first element atlas_detect looks for a key. */
#define ATLAS_DETECT_SPAN	4096

enum atlas_layout {
	LAYOUT_UNKNOWN,
	LAYOUT_LINES,		/* one result per line */
	LAYOUT_ARRAY,		/* inside a top-level array */
	LAYOUT_DONE,
};

struct atlas_reader {
	struct input		*in;
	const char		*file;
	json_tokener		*tokener;
	enum atlas_layout	 layout;
	uint64_t		 line;		/* line of the next unread byte */
	uint64_t		 results;	/* results seen (from 1) */
	bool			 array_seen;	/* a top-level array ended */

	/* Array framing: where the scan of the current element stands. */
	size_t			 scan_pos;
	unsigned		 scan_depth;
	bool			 scan_in_string;
	bool			 scan_escape;

	json_object		*root;		/* the current result */
	double			*rtts;		/* median scratch */
	size_t			 rtts_cap;
	struct decode_stats	 stats;
	struct probe_record	 rec;
};

static bool
is_blank(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* --- detection --------------------------------------------------------- */

static size_t
skip_blanks(const uint8_t *data, size_t len, size_t i)
{
	while (i < len && is_blank(data[i]))
		i++;
	return i;
}

static bool
has_key(const uint8_t *data, size_t len, const char *key)
{
	size_t n = strlen(key), i;

	for (i = 0; i + n <= len; i++)
		if (data[i] == (uint8_t)key[0] && memcmp(data + i, key, n) == 0)
			return true;
	return false;
}

bool
atlas_detect(const uint8_t *data, size_t len)
{
	size_t i = skip_blanks(data, len, 0), span;

	if (i < len && data[i] == '[')
		i = skip_blanks(data, len, i + 1);
	if (i >= len || data[i] != '{')
		return false;
	i = skip_blanks(data, len, i + 1);
	if (i >= len || data[i] != '"')
		return false;
	span = len - i < ATLAS_DETECT_SPAN ? len - i : ATLAS_DETECT_SPAN;
	return has_key(data + i, span, "\"type\"") ||
	    has_key(data + i, span, "\"msm_id\"") ||
	    has_key(data + i, span, "\"prb_id\"");
}

/* --- open, close ------------------------------------------------------- */

struct atlas_reader *
atlas_open(struct input *in, const char *file)
{
	struct atlas_reader *r = calloc(1, sizeof(*r));

	if (r == NULL)
		goto fail;
	r->in = in;
	r->file = file;
	r->line = 1;
	r->tokener = json_tokener_new();
	if (r->tokener == NULL)
		goto fail;
	json_tokener_set_flags(r->tokener, JSON_TOKENER_STRICT);
	return r;
fail:
	free(r);
	return NULL;
}

void
atlas_close(struct atlas_reader *r)
{
	if (r == NULL)
		return;
	if (r->root != NULL)
		json_object_put(r->root);
	if (r->tokener != NULL)
		json_tokener_free(r->tokener);
	free(r->rtts);
	free(r);
}

const struct decode_stats *
atlas_stats(const struct atlas_reader *r)
{
	return &r->stats;
}

/* --- input ------------------------------------------------------------- */

/* Consume n bytes, counting the line breaks among them. */
static void
consume(struct atlas_reader *r, const uint8_t *data, size_t n)
{
	const uint8_t *p = data, *end = data + n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		r->line++;
		p++;
	}
	input_consume(r->in, n);
	r->stats.bytes = input_offset(r->in);
}

static void
set_error(struct atlas_reader *r, struct decode_error *err, uint64_t offset,
    uint64_t record_no, enum skip_reason reason)
{
	memset(err, 0, sizeof(*err));
	err->file = r->file;
	err->offset = offset;
	err->record_no = record_no;
	err->record_unit = "result";
	err->reason = reason;
	r->stats.skipped[reason]++;
}

/* The input ended: damaged (SKIP_DECOMPRESS) or clean. */
static enum probe_status
end_of_input(struct atlas_reader *r, struct decode_error *err, size_t left)
{
	const char *why = input_error(r->in);

	r->layout = LAYOUT_DONE;
	if (why == NULL)
		return PROBE_END;
	set_error(r, err, input_offset(r->in), 0, SKIP_DECOMPRESS);
	snprintf(err->detail, sizeof(err->detail), "line %llu: %s%s",
	    (unsigned long long)r->line, why, left > 0 ?
	    " (the incomplete result before it is dropped)" : "");
	return PROBE_SKIP;
}

/* --- values ------------------------------------------------------------ */

/* A member, JSON null counting as absent. */
static json_object *
member(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
		return NULL;
	return v;
}

/* A number, or a string holding one (fw 0 writes "sent":"3"). */
static bool
number_of(json_object *v, double *out)
{
	const char *s;
	char *end;

	if (v == NULL)
		return false;
	switch (json_object_get_type(v)) {
	case json_type_int:
	case json_type_double:
		*out = json_object_get_double(v);
		return isfinite(*out);
	case json_type_string:
		s = json_object_get_string(v);
		if (*s == '\0')
			return false;
		*out = strtod(s, &end);
		return *end == '\0' && isfinite(*out);
	default:
		return false;
	}
}

static bool
get_number(json_object *obj, const char *key, double *out)
{
	return number_of(member(obj, key), out);
}

/* A whole number in [min, max]. */
static bool
get_integer(json_object *obj, const char *key, double min, double max,
    int64_t *out)
{
	json_object *v = member(obj, key);
	double d;

	if (v != NULL && json_object_get_type(v) == json_type_int) {
		int64_t i = json_object_get_int64(v);

		if ((double)i < min || (double)i > max)
			return false;
		*out = i;
		return true;
	}
	if (!number_of(v, &d) || d != floor(d) || d < min || d > max)
		return false;
	*out = (int64_t)d;
	return true;
}

static const char *
get_string(json_object *obj, const char *key)
{
	json_object *v = member(obj, key);

	if (v == NULL || json_object_get_type(v) != json_type_string)
		return NULL;
	return json_object_get_string(v);
}

static bool
parse_addr(const char *s, struct ip_addr *a)
{
	if (s == NULL) {
		memset(a, 0, sizeof(*a));
		return false;
	}
	return ip_addr_parse(s, a);
}

static bool
same_addr(const struct ip_addr *a, const struct ip_addr *b)
{
	return a->afi != 0 && a->afi == b->afi &&
	    memcmp(a->bytes, b->bytes, a->afi == AFI_IPV4 ? 4 : 16) == 0;
}

/* Python's round(x, 3): the decimal nearest the binary value. */
static double
round3(double x)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.3f", x);
	return strtod(buf, NULL);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Median of r->rtts[0..n), as sagan computes it: the middle value
 * rounded to 3 decimals when n is odd, the plain mean of the middle two
 * (not rounded: 7.439500000000001) when n is even.
 */
static double
median(struct atlas_reader *r, size_t n)
{
	qsort(r->rtts, n, sizeof(double), cmp_double);
	if (n % 2)
		return round3(r->rtts[n / 2]);
	return (r->rtts[n / 2] + r->rtts[n / 2 - 1]) / 2.0;
}

static bool
reserve_rtts(struct atlas_reader *r, size_t n)
{
	double *rtts;

	if (n <= r->rtts_cap)
		return true;
	if (n < 64)
		n = 64;
	rtts = realloc(r->rtts, n * sizeof(double));
	if (rtts == NULL)
		return false;
	r->rtts = rtts;
	r->rtts_cap = n;
	return true;
}

/* A flag written as true, 1 or "1" (ping "dup"). */
static bool
is_set(json_object *obj, const char *key)
{
	json_object *v = member(obj, key);
	double d;

	if (v == NULL)
		return false;
	if (json_object_get_type(v) == json_type_boolean)
		return json_object_get_boolean(v);
	return number_of(v, &d) && d != 0;
}

/* --- results ----------------------------------------------------------- */

/* ping: sent, rcvd, min, avg, max; "result" replies for the median. */
static bool
map_ping(struct atlas_reader *r, json_object *root)
{
	struct probe_record *p = &r->rec;
	json_object *replies = member(root, "result");
	double min, avg, max;
	int64_t n;
	size_t i, count, nrtt = 0;

	if (get_integer(root, "sent", 0, UINT32_MAX, &n)) {
		p->sent = (uint32_t)n;
		p->present |= PROBE_HAS_SENT;
	}
	if (get_integer(root, "rcvd", 0, UINT32_MAX, &n)) {
		p->received = (uint32_t)n;
		p->present |= PROBE_HAS_RECEIVED;
	}
	/* Atlas writes -1 for min, avg and max when nothing came back. */
	if (get_number(root, "min", &min) && get_number(root, "avg", &avg) &&
	    get_number(root, "max", &max) && avg >= 0) {
		p->rtt_min = min;
		p->rtt_avg = round3(avg);
		p->rtt_max = max;
		p->present |= PROBE_HAS_RTT;
	}
	if (replies == NULL || json_object_get_type(replies) != json_type_array)
		return true;
	count = json_object_array_length(replies);
	if (!reserve_rtts(r, count))
		return false;
	for (i = 0; i < count; i++) {
		json_object *reply = json_object_array_get_idx(replies, i);
		double rtt;

		/* {"x":"*"}, {"error":...}, {"late":n} carry no rtt. */
		if (reply == NULL ||
		    json_object_get_type(reply) != json_type_object ||
		    !get_number(reply, "rtt", &rtt) || is_set(reply, "dup"))
			continue;
		r->rtts[nrtt++] = rtt;
	}
	if (nrtt > 0) {
		p->rtt_median = median(r, nrtt);
		p->present |= PROBE_HAS_RTT_MEDIAN;
	}
	return true;
}

/* The median rtt of one hop's replies (0 when none has an rtt). */
static bool
hop_median(struct atlas_reader *r, json_object *hop, double *out)
{
	json_object *replies = hop != NULL &&
	    json_object_get_type(hop) == json_type_object ?
	    member(hop, "result") : NULL;
	size_t i, count, nrtt = 0;

	*out = 0;
	if (replies == NULL || json_object_get_type(replies) != json_type_array)
		return true;
	count = json_object_array_length(replies);
	if (!reserve_rtts(r, count))
		return false;
	for (i = 0; i < count; i++) {
		json_object *reply = json_object_array_get_idx(replies, i);
		double rtt;

		/* sagan counts a reply whose rtt is non-zero ("if rtt"). */
		if (reply != NULL &&
		    json_object_get_type(reply) == json_type_object &&
		    get_number(reply, "rtt", &rtt) && rtt != 0)
			r->rtts[nrtt++] = rtt;
	}
	if (nrtt > 0)
		*out = median(r, nrtt);
	return true;
}

/* The last hop: who answered, and whether the target did. */
static void
map_last_hop(struct atlas_reader *r, json_object *hop)
{
	struct probe_record *p = &r->rec;
	json_object *replies = json_object_get_type(hop) == json_type_object ?
	    member(hop, "result") : NULL;
	size_t i, count;

	if (replies == NULL || json_object_get_type(replies) != json_type_array)
		return;
	count = json_object_array_length(replies);
	for (i = 0; i < count; i++) {
		json_object *reply = json_object_array_get_idx(replies, i);
		struct ip_addr from;
		double rtt;

		if (reply == NULL ||
		    json_object_get_type(reply) != json_type_object ||
		    !parse_addr(get_string(reply, "from"), &from))
			continue;
		/* sagan does not count a late reply ("late": n, no rtt). */
		if (same_addr(&from, &p->dst) && member(reply, "late") == NULL)
			p->dest_reached = true;
		if (p->last_hop.afi == 0 && get_number(reply, "rtt", &rtt) &&
		    rtt != 0)
			p->last_hop = from;
	}
}

/* traceroute: endtime, and the hops of "result". */
static bool
map_traceroute(struct atlas_reader *r, json_object *root)
{
	struct probe_record *p = &r->rec;
	json_object *hops = member(root, "result");
	int64_t end;
	size_t count, i;
	double last_median;

	if (get_integer(root, "endtime", -9.2e15, 9.2e15, &end)) {
		p->end_ms = end * 1000;
		p->present |= PROBE_HAS_END;
	}
	/* Before fw 4460 no hop list: sagan calls that malformed. */
	if (hops == NULL || json_object_get_type(hops) != json_type_array)
		return true;
	count = json_object_array_length(hops);
	p->hop_count = count > UINT16_MAX ? UINT16_MAX : (uint16_t)count;
	p->present |= PROBE_HAS_HOPS | PROBE_HAS_REACHED | PROBE_HAS_LAST_HOP;
	if (count == 0)
		return true;
	if (!hop_median(r, json_object_array_get_idx(hops, count - 1),
	    &last_median))
		return false;
	p->last_hop_responded = last_median != 0;
	map_last_hop(r, json_object_array_get_idx(hops, count - 1));
	for (i = count; i-- > 0;) {
		if (i != count - 1 && !hop_median(r,
		    json_object_array_get_idx(hops, i), &last_median))
			return false;
		if (last_median != 0) {
			p->last_median_rtt = last_median;
			p->present |= PROBE_HAS_LAST_RTT;
			break;
		}
	}
	return true;
}

/* The target and the probe's addresses, and the address family. */
static void
map_addresses(struct probe_record *p, json_object *root)
{
	const char *dst = get_string(root, "dst_addr");
	const char *name = get_string(root, "dst_name");
	int64_t af;

	/* fw < 4460 named them addr and name. */
	if (dst == NULL)
		dst = get_string(root, "addr");
	if (name == NULL)
		name = get_string(root, "name");
	parse_addr(dst, &p->dst);
	p->dst_name = name;
	parse_addr(get_string(root, "src_addr"), &p->src);
	parse_addr(get_string(root, "from"), &p->from);
	if (get_integer(root, "af", 4, 6, &af) ||
	    get_integer(root, "pf", 4, 6, &af)) {
		if (af == 4 || af == 6) {
			p->af = (uint8_t)af;
			p->present |= PROBE_HAS_AF;
		}
	} else if (p->dst.afi != 0) {
		p->af = p->dst.afi == AFI_IPV4 ? 4 : 6;
		p->present |= PROBE_HAS_AF;
	}
}

/*
 * One parsed result into r->rec.  PROBE_SKIP (with *err set) for a
 * missing required field or another result type.
 */
static enum probe_status
map_result(struct atlas_reader *r, json_object *root, uint64_t offset,
    uint64_t line, struct decode_error *err)
{
	static const char *const required[] = { "prb_id", "msm_id",
	    "timestamp" };
	struct probe_record *p = &r->rec;
	const char *type = get_string(root, "type");
	int64_t prb_id, msm_id, timestamp, fw;
	size_t i;
	bool ok;

	memset(p, 0, sizeof(*p));
	p->source = PROBE_SRC_ATLAS;
	p->record_no = r->results;
	if (type == NULL) {
		set_error(r, err, offset, r->results, SKIP_MISSING_FIELD);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: result without a \"type\"",
		    (unsigned long long)line);
		return PROBE_SKIP;
	}
	if (strcmp(type, "ping") == 0)
		p->kind = PROBE_PING;
	else if (strcmp(type, "traceroute") == 0)
		p->kind = PROBE_TRACE;
	else {
		set_error(r, err, offset, r->results, NOTE_OTHER_RESULT);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: type \"%.64s\"",
		    (unsigned long long)line, type);
		return PROBE_SKIP;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (member(root, required[i]) == NULL) {
			set_error(r, err, offset, r->results,
			    SKIP_MISSING_FIELD);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: %s result without \"%s\"",
			    (unsigned long long)line, type, required[i]);
			return PROBE_SKIP;
		}
	if (!get_integer(root, "prb_id", 0, UINT32_MAX, &prb_id) ||
	    !get_integer(root, "msm_id", 0, 9.0e15, &msm_id) ||
	    !get_integer(root, "timestamp", -9.2e12, 9.2e12, &timestamp)) {
		set_error(r, err, offset, r->results, SKIP_MISSING_FIELD);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: %s result whose prb_id, msm_id or timestamp "
		    "is not a whole number", (unsigned long long)line, type);
		return PROBE_SKIP;
	}
	p->prb_id = (uint32_t)prb_id;
	p->msm_id = (uint64_t)msm_id;
	p->time_ms = timestamp * 1000;
	p->present |= PROBE_HAS_PRB_ID | PROBE_HAS_MSM_ID | PROBE_HAS_TIME |
	    PROBE_HAS_ERROR;
	if (get_integer(root, "fw", 0, UINT32_MAX, &fw)) {
		p->firmware = (uint32_t)fw;
		p->present |= PROBE_HAS_FIRMWARE;
	}
	p->is_error = member(root, "error") != NULL;
	map_addresses(p, root);
	ok = p->kind == PROBE_PING ? map_ping(r, root) :
	    map_traceroute(r, root);
	if (!ok) {
		set_error(r, err, offset, r->results, SKIP_TOO_LARGE);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: out of memory for the replies",
		    (unsigned long long)line);
		return PROBE_SKIP;
	}
	return PROBE_OK;
}

/*
 * Parse one result's text and map it.  offset and line say where the
 * text starts; suffix is added to a parse error (" (no line break)").
 */
static enum probe_status
decode_text(struct atlas_reader *r, const uint8_t *text, size_t len,
    uint64_t offset, uint64_t line, const char *suffix,
    const struct probe_record **rec, struct decode_error *err)
{
	enum json_tokener_error jerr;
	enum probe_status st;

	while (len > 0 && is_blank(text[len - 1]))
		len--;
	r->stats.records++;
	r->results++;
	if (r->root != NULL) {
		json_object_put(r->root);
		r->root = NULL;
	}
	json_tokener_reset(r->tokener);
	r->root = json_tokener_parse_ex(r->tokener, (const char *)text,
	    (int)len);
	jerr = json_tokener_get_error(r->tokener);
	if (r->root == NULL || jerr != json_tokener_success) {
		set_error(r, err, offset, r->results, SKIP_BAD_JSON);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: %s at byte %zu of the result%s",
		    (unsigned long long)line,
		    jerr == json_tokener_continue ? "truncated JSON" :
		    json_tokener_error_desc(jerr),
		    json_tokener_get_parse_end(r->tokener), suffix);
		return PROBE_SKIP;
	}
	if (json_object_get_type(r->root) != json_type_object) {
		set_error(r, err, offset, r->results, SKIP_BAD_JSON);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: a JSON %s, not a result object",
		    (unsigned long long)line,
		    json_type_to_name(json_object_get_type(r->root)));
		return PROBE_SKIP;
	}
	st = map_result(r, r->root, offset, line, err);
	if (st == PROBE_OK) {
		r->stats.decoded++;
		r->stats.items++;
		*rec = &r->rec;
	}
	return st;
}

/* --- one result per line ------------------------------------------------ */

static enum probe_status
next_line(struct atlas_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	for (;;) {
		size_t want = ATLAS_PEEK_STEP, avail, len, scanned = 0;
		const uint8_t *data, *nl = NULL;
		uint64_t offset = input_offset(r->in), line = r->line;
		enum probe_status st;

		for (;;) {
			avail = input_peek(r->in, want, &data);
			nl = memchr(data + scanned, '\n', avail - scanned);
			if (nl != NULL || avail < want || want >= ATLAS_MAX_RESULT)
				break;
			scanned = avail;
			want *= 2;
		}
		if (nl == NULL && avail < want) {
			/* The last line, without a line break. */
			size_t i = skip_blanks(data, avail, 0);

			if (input_error(r->in) != NULL)
				return end_of_input(r, err, avail - i);
			if (i == avail) {
				consume(r, data, avail);
				return end_of_input(r, err, 0);
			}
			st = decode_text(r, data + i, avail - i, offset + i,
			    line, " (the last line, without a line break)",
			    rec, err);
			consume(r, data, avail);
			return st;
		}
		if (nl == NULL) {
			/* Longer than any result: skip to the next line. */
			r->stats.records++;
			r->results++;
			set_error(r, err, offset, r->results, SKIP_TOO_LARGE);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: longer than %u bytes, skipped",
			    (unsigned long long)line, ATLAS_MAX_RESULT);
			consume(r, data, avail);
			for (;;) {
				avail = input_peek(r->in, ATLAS_PEEK_STEP,
				    &data);
				if (avail == 0)
					break;
				nl = memchr(data, '\n', avail);
				if (nl != NULL) {
					consume(r, data,
					    (size_t)(nl - data) + 1);
					break;
				}
				consume(r, data, avail);
			}
			return PROBE_SKIP;
		}
		len = (size_t)(nl - data);
		if (skip_blanks(data, len, 0) == len) {
			consume(r, data, len + 1);
			continue;
		}
		st = decode_text(r, data, len, offset, line, "", rec, err);
		consume(r, data, len + 1);
		return st;
	}
}

/* --- one array of results ----------------------------------------------- */

/*
 * Scan data[r->scan_pos..avail) for the end of the element that starts
 * at data[0]: a ',' or ']' at the array's level.  Returns its position,
 * or avail when not found yet (the scan state is kept for more bytes).
 */
static size_t
scan_element(struct atlas_reader *r, const uint8_t *data, size_t avail)
{
	size_t i;

	for (i = r->scan_pos; i < avail; i++) {
		uint8_t c = data[i];

		if (r->scan_in_string) {
			if (r->scan_escape)
				r->scan_escape = false;
			else if (c == '\\')
				r->scan_escape = true;
			else if (c == '"')
				r->scan_in_string = false;
			continue;
		}
		switch (c) {
		case '"':
			r->scan_in_string = true;
			break;
		case '{':
		case '[':
			r->scan_depth++;
			break;
		case '}':
		case ']':
			if (r->scan_depth == 0) {
				if (c == ']') {
					r->scan_pos = i;
					return i;
				}
				break;	/* a stray '}': the parse says so */
			}
			r->scan_depth--;
			break;
		case ',':
			if (r->scan_depth == 0) {
				r->scan_pos = i;
				return i;
			}
			break;
		default:
			break;
		}
	}
	r->scan_pos = avail;
	return avail;
}

static void
scan_reset(struct atlas_reader *r)
{
	r->scan_pos = 0;
	r->scan_depth = 0;
	r->scan_in_string = false;
	r->scan_escape = false;
}

static enum probe_status
next_element(struct atlas_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	for (;;) {
		size_t want = ATLAS_PEEK_STEP, avail, start, end;
		const uint8_t *data;
		uint64_t offset, line;
		enum probe_status st;

		/* Blanks before the element. */
		avail = input_peek(r->in, want, &data);
		start = skip_blanks(data, avail, 0);
		if (start == avail) {
			consume(r, data, avail);
			if (avail < want) {
				if (input_error(r->in) != NULL)
					return end_of_input(r, err, 0);
				set_error(r, err, input_offset(r->in), 0,
				    SKIP_TRUNCATED);
				snprintf(err->detail, sizeof(err->detail),
				    "line %llu: the file ends inside the "
				    "array (no closing ']')",
				    (unsigned long long)r->line);
				r->layout = LAYOUT_DONE;
				return PROBE_SKIP;
			}
			continue;
		}
		consume(r, data, start);
		offset = input_offset(r->in);
		line = r->line;

		scan_reset(r);
		for (;;) {
			avail = input_peek(r->in, want, &data);
			end = scan_element(r, data, avail);
			if (end < avail || avail < want ||
			    want >= ATLAS_MAX_RESULT)
				break;
			want *= 2;
		}
		if (end == avail && avail < want) {
			/* The file ends inside the element. */
			if (input_error(r->in) != NULL)
				return end_of_input(r, err, avail);
			r->layout = LAYOUT_DONE;
			if (avail == 0)
				goto truncated;
			st = decode_text(r, data, avail, offset, line,
			    " (the file ends inside the array)", rec, err);
			consume(r, data, avail);
			if (st == PROBE_OK) {
				/* A whole last element, only ']' missing. */
				r->layout = LAYOUT_ARRAY;
			}
			return st;
		}
		if (end == avail) {
			/* Longer than any result. */
			r->stats.records++;
			r->results++;
			set_error(r, err, offset, r->results, SKIP_TOO_LARGE);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: array element longer than %u bytes; "
			    "the rest of the array is skipped",
			    (unsigned long long)line, ATLAS_MAX_RESULT);
			r->layout = LAYOUT_DONE;
			return PROBE_SKIP;
		}
		if (end == 0 && data[0] == ']') {
			/* The end of the array (or "[]"). */
			consume(r, data, 1);
			r->layout = LAYOUT_UNKNOWN;
			r->array_seen = true;
			return PROBE_END;	/* caller looks for more */
		}
		if (end == 0) {
			/* ",," : an empty element. */
			consume(r, data, 1);
			r->stats.records++;
			r->results++;
			set_error(r, err, offset, r->results, SKIP_BAD_JSON);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: empty array element",
			    (unsigned long long)line);
			return PROBE_SKIP;
		}
		st = decode_text(r, data, end, offset, line, "", rec, err);
		/* Leave a ']' for the next call; a ',' goes now. */
		consume(r, data, data[end] == ',' ? end + 1 : end);
		return st;
	}
truncated:
	set_error(r, err, input_offset(r->in), 0, SKIP_TRUNCATED);
	snprintf(err->detail, sizeof(err->detail),
	    "line %llu: the file ends inside the array (no closing ']')",
	    (unsigned long long)r->line);
	return PROBE_SKIP;
}

/* --- next --------------------------------------------------------------- */

enum probe_status
atlas_next(struct atlas_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	enum probe_status st;

	for (;;) {
		const uint8_t *data;
		size_t avail, i;

		switch (r->layout) {
		case LAYOUT_DONE:
			return PROBE_END;
		case LAYOUT_LINES:
			return next_line(r, rec, err);
		case LAYOUT_ARRAY:
			st = next_element(r, rec, err);
			if (st != PROBE_END)
				return st;
			continue;	/* after ']': another array? */
		case LAYOUT_UNKNOWN:
			break;
		}
		/* Which layout: the first byte that is not blank. */
		avail = input_peek(r->in, ATLAS_PEEK_STEP, &data);
		i = skip_blanks(data, avail, 0);
		if (i == avail) {
			consume(r, data, avail);
			if (avail < ATLAS_PEEK_STEP)
				return end_of_input(r, err, 0);
			continue;
		}
		if (data[i] == '[') {
			consume(r, data, i + 1);
			r->layout = LAYOUT_ARRAY;
		} else if (!r->array_seen) {
			r->layout = LAYOUT_LINES;
		} else {
			/* After an array: only blanks or another array. */
			set_error(r, err, input_offset(r->in) + i, 0,
			    SKIP_BAD_JSON);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: data after the array of results, "
			    "ignored", (unsigned long long)r->line);
			r->layout = LAYOUT_DONE;
			return PROBE_SKIP;
		}
	}
}
