/*
 * atlas_decode.c -- one RIPE Atlas result's JSON into a probe record
 * (atlas_decode.h).  The framing (lines, array elements) and the counts
 * are atlas.c's.
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
 * json-c is the faster by a third.  Most of a result's time is json-c
 * building and freeing its DOM (a third of that malloc and free); this
 * file's own share is small.  That is why the reader decodes on several
 * threads (atlas.c), each with a decoder of its own: a json_tokener,
 * the tree of the last result, a scratch array for the medians.
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
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/atlas_decode.h"

struct atlas_decoder {
	json_tokener	*tokener;
	json_object	*root;		/* the last result's tree */
	double		*rtts;		/* median scratch */
	size_t		 rtts_cap;
};

struct atlas_decoder *
atlas_decoder_new(void)
{
	struct atlas_decoder *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->tokener = json_tokener_new();
	if (d->tokener == NULL) {
		free(d);
		return NULL;
	}
	json_tokener_set_flags(d->tokener, JSON_TOKENER_STRICT);
	return d;
}

void
atlas_decoder_release(struct atlas_decoder *d)
{
	if (d->root != NULL) {
		json_object_put(d->root);
		d->root = NULL;
	}
}

void
atlas_decoder_free(struct atlas_decoder *d)
{
	if (d == NULL)
		return;
	atlas_decoder_release(d);
	json_tokener_free(d->tokener);
	free(d->rtts);
	free(d);
}

void
atlas_error(struct decode_error *err, const char *file, uint64_t offset,
    uint64_t record_no, enum skip_reason reason)
{
	decode_error_set(err, file, offset, record_no, "result", reason);
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
integer_of(json_object *v, double min, double max, int64_t *out)
{
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
string_of(json_object *v)
{
	if (v == NULL || json_object_get_type(v) != json_type_string)
		return NULL;
	return json_object_get_string(v);
}

static const char *
get_string(json_object *obj, const char *key)
{
	return string_of(member(obj, key));
}

/*
 * The members of a result the mapping reads (NULL: absent or JSON
 * null), found in one pass over the result's members: cheaper than a
 * lookup for each of these keys, which json-c makes by hashing the key
 * and comparing it whole with each key its probe meets.  json-c keeps
 * one member per key (the last value given), as a lookup finds it.
 */
struct fields {
	json_object	*type, *prb_id, *msm_id, *timestamp, *fw, *error;
	json_object	*dst_addr, *dst_name, *addr, *name, *src_addr, *from;
	json_object	*af, *pf, *sent, *rcvd, *min, *avg, *max, *result;
	json_object	*endtime;
};

/* Where the member named k goes, or NULL for one not read. */
static json_object **
field_slot(struct fields *f, const char *k)
{
	switch (k[0]) {
	case 'a':
		if (strcmp(k, "af") == 0)
			return &f->af;
		if (strcmp(k, "avg") == 0)
			return &f->avg;
		if (strcmp(k, "addr") == 0)
			return &f->addr;
		break;
	case 'd':
		if (strcmp(k, "dst_addr") == 0)
			return &f->dst_addr;
		if (strcmp(k, "dst_name") == 0)
			return &f->dst_name;
		break;
	case 'e':
		if (strcmp(k, "error") == 0)
			return &f->error;
		if (strcmp(k, "endtime") == 0)
			return &f->endtime;
		break;
	case 'f':
		if (strcmp(k, "fw") == 0)
			return &f->fw;
		if (strcmp(k, "from") == 0)
			return &f->from;
		break;
	case 'm':
		if (strcmp(k, "min") == 0)
			return &f->min;
		if (strcmp(k, "max") == 0)
			return &f->max;
		if (strcmp(k, "msm_id") == 0)
			return &f->msm_id;
		break;
	case 'n':
		if (strcmp(k, "name") == 0)
			return &f->name;
		break;
	case 'p':
		if (strcmp(k, "prb_id") == 0)
			return &f->prb_id;
		if (strcmp(k, "pf") == 0)
			return &f->pf;
		break;
	case 'r':
		if (strcmp(k, "rcvd") == 0)
			return &f->rcvd;
		if (strcmp(k, "result") == 0)
			return &f->result;
		break;
	case 's':
		if (strcmp(k, "sent") == 0)
			return &f->sent;
		if (strcmp(k, "src_addr") == 0)
			return &f->src_addr;
		break;
	case 't':
		if (strcmp(k, "type") == 0)
			return &f->type;
		if (strcmp(k, "timestamp") == 0)
			return &f->timestamp;
		break;
	default:
		break;
	}
	return NULL;
}

static void
find_fields(json_object *root, struct fields *f)
{
	memset(f, 0, sizeof(*f));
	json_object_object_foreach(root, key, val) {
		json_object **slot = field_slot(f, key);

		if (slot != NULL)
			*slot = val;
	}
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

/*
 * Python's round(x, 3): the decimal of 3 places nearest to x's exact
 * binary value, ties to even, read back; what snprintf("%.3f") then
 * strtod give, without their cost (a tenth of the decoding time).
 *
 * y + e is x * 1000 exactly (fma gives the rounding error e of the
 * product) and n is the integer nearest to y.  Below 2^52, y, n and 0.5
 * are multiples of y's ulp, which is at least twice |e|: so n is also
 * nearest to y + e, unless y lies halfway between two integers, where e
 * says which side the exact product is on (e == 0: a true tie, which
 * nearbyint broke to even as printf does).  n / 1000 is correctly
 * rounded, as strtod("n/1000") is.  Larger and non-finite values take
 * the slow way.
 */
static double
round3(double x)
{
	char buf[64];
	double y = x * 1000, e, n, d;

	if (!(fabs(y) < 0x1p52)) {
		snprintf(buf, sizeof(buf), "%.3f", x);
		return strtod(buf, NULL);
	}
	e = fma(x, 1000, -y);
	n = nearbyint(y);
	d = y - n;
	if (d == 0.5 && e > 0)
		n += 1;
	else if (d == -0.5 && e < 0)
		n -= 1;
	return n / 1000;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Median of d->rtts[0..n), as sagan computes it: the middle value
 * rounded to 3 decimals when n is odd, the plain mean of the middle two
 * (not rounded: 7.439500000000001) when n is even.
 */
static double
median(struct atlas_decoder *d, size_t n)
{
	qsort(d->rtts, n, sizeof(double), cmp_double);
	if (n % 2)
		return round3(d->rtts[n / 2]);
	return (d->rtts[n / 2] + d->rtts[n / 2 - 1]) / 2.0;
}

static bool
reserve_rtts(struct atlas_decoder *d, size_t n)
{
	double *rtts;

	if (n <= d->rtts_cap)
		return true;
	if (n < 64)
		n = 64;
	rtts = realloc(d->rtts, n * sizeof(double));
	if (rtts == NULL)
		return false;
	d->rtts = rtts;
	d->rtts_cap = n;
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
map_ping(struct atlas_decoder *d, struct probe_record *p,
    const struct fields *f)
{
	json_object *replies = f->result;
	double min, avg, max;
	int64_t n;
	size_t i, count, nrtt = 0;

	if (integer_of(f->sent, 0, UINT32_MAX, &n)) {
		p->sent = (uint32_t)n;
		p->present |= PROBE_HAS_SENT;
	}
	if (integer_of(f->rcvd, 0, UINT32_MAX, &n)) {
		p->received = (uint32_t)n;
		p->present |= PROBE_HAS_RECEIVED;
	}
	/* Atlas writes -1 for min, avg and max when nothing came back. */
	if (number_of(f->min, &min) && number_of(f->avg, &avg) &&
	    number_of(f->max, &max) && avg >= 0) {
		p->rtt_min = min;
		p->rtt_avg = round3(avg);
		p->rtt_max = max;
		p->present |= PROBE_HAS_RTT;
	}
	if (replies == NULL || json_object_get_type(replies) != json_type_array)
		return true;
	count = json_object_array_length(replies);
	if (!reserve_rtts(d, count))
		return false;
	for (i = 0; i < count; i++) {
		json_object *reply = json_object_array_get_idx(replies, i);
		double rtt;

		/* {"x":"*"}, {"error":...}, {"late":n} carry no rtt. */
		if (reply == NULL ||
		    json_object_get_type(reply) != json_type_object ||
		    !get_number(reply, "rtt", &rtt) || is_set(reply, "dup"))
			continue;
		d->rtts[nrtt++] = rtt;
	}
	if (nrtt > 0) {
		p->rtt_median = median(d, nrtt);
		p->present |= PROBE_HAS_RTT_MEDIAN;
	}
	return true;
}

/* The median rtt of one hop's replies (0 when none has an rtt). */
static bool
hop_median(struct atlas_decoder *d, json_object *hop, double *out)
{
	json_object *replies = hop != NULL &&
	    json_object_get_type(hop) == json_type_object ?
	    member(hop, "result") : NULL;
	size_t i, count, nrtt = 0;

	*out = 0;
	if (replies == NULL || json_object_get_type(replies) != json_type_array)
		return true;
	count = json_object_array_length(replies);
	if (!reserve_rtts(d, count))
		return false;
	for (i = 0; i < count; i++) {
		json_object *reply = json_object_array_get_idx(replies, i);
		double rtt;

		/* sagan counts a reply whose rtt is non-zero ("if rtt"). */
		if (reply != NULL &&
		    json_object_get_type(reply) == json_type_object &&
		    get_number(reply, "rtt", &rtt) && rtt != 0)
			d->rtts[nrtt++] = rtt;
	}
	if (nrtt > 0)
		*out = median(d, nrtt);
	return true;
}

/* The last hop: who answered, and whether the target did. */
static void
map_last_hop(struct probe_record *p, json_object *hop)
{
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
map_traceroute(struct atlas_decoder *d, struct probe_record *p,
    const struct fields *f)
{
	json_object *hops = f->result;
	int64_t end;
	size_t count, i;
	double last_median;

	if (integer_of(f->endtime, -9.2e15, 9.2e15, &end)) {
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
	if (!hop_median(d, json_object_array_get_idx(hops, count - 1),
	    &last_median))
		return false;
	p->last_hop_responded = last_median != 0;
	map_last_hop(p, json_object_array_get_idx(hops, count - 1));
	for (i = count; i-- > 0;) {
		if (i != count - 1 && !hop_median(d,
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
map_addresses(struct probe_record *p, const struct fields *f)
{
	const char *dst = string_of(f->dst_addr);
	const char *name = string_of(f->dst_name);
	int64_t af;

	/* fw < 4460 named them addr and name. */
	if (dst == NULL)
		dst = string_of(f->addr);
	if (name == NULL)
		name = string_of(f->name);
	parse_addr(dst, &p->dst);
	p->dst_name = name;
	parse_addr(string_of(f->src_addr), &p->src);
	parse_addr(string_of(f->from), &p->from);
	if (integer_of(f->af, 4, 6, &af) || integer_of(f->pf, 4, 6, &af)) {
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
 * One parsed result into *p.  PROBE_SKIP (with *err set) for a missing
 * required field or another result type.
 */
static enum probe_status
map_result(struct atlas_decoder *d, json_object *root,
    const struct atlas_where *w, struct probe_record *p,
    struct decode_error *err)
{
	static const char *const required[] = { "prb_id", "msm_id",
	    "timestamp" };
	struct fields f;
	json_object *req[3];
	const char *type;
	int64_t prb_id, msm_id, timestamp, fw;
	size_t i;
	bool ok;

	find_fields(root, &f);
	type = string_of(f.type);
	req[0] = f.prb_id;
	req[1] = f.msm_id;
	req[2] = f.timestamp;
	memset(p, 0, sizeof(*p));
	p->source = PROBE_SRC_ATLAS;
	p->record_no = w->result_no;
	if (type == NULL) {
		atlas_error(err, w->file, w->offset, w->result_no,
		    SKIP_MISSING_FIELD);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: result without a \"type\"",
		    (unsigned long long)w->line);
		return PROBE_SKIP;
	}
	if (strcmp(type, "ping") == 0)
		p->kind = PROBE_PING;
	else if (strcmp(type, "traceroute") == 0)
		p->kind = PROBE_TRACE;
	else {
		atlas_error(err, w->file, w->offset, w->result_no,
		    NOTE_OTHER_RESULT);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: type \"%.64s\"",
		    (unsigned long long)w->line, type);
		return PROBE_SKIP;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (req[i] == NULL) {
			atlas_error(err, w->file, w->offset, w->result_no,
			    SKIP_MISSING_FIELD);
			snprintf(err->detail, sizeof(err->detail),
			    "line %llu: %s result without \"%s\"",
			    (unsigned long long)w->line, type, required[i]);
			return PROBE_SKIP;
		}
	if (!integer_of(f.prb_id, 0, UINT32_MAX, &prb_id) ||
	    !integer_of(f.msm_id, 0, 9.0e15, &msm_id) ||
	    !integer_of(f.timestamp, -9.2e12, 9.2e12, &timestamp)) {
		atlas_error(err, w->file, w->offset, w->result_no,
		    SKIP_MISSING_FIELD);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: %s result whose prb_id, msm_id or timestamp "
		    "is not a whole number", (unsigned long long)w->line, type);
		return PROBE_SKIP;
	}
	p->prb_id = (uint32_t)prb_id;
	p->msm_id = (uint64_t)msm_id;
	p->time_ms = timestamp * 1000;
	p->present |= PROBE_HAS_PRB_ID | PROBE_HAS_MSM_ID | PROBE_HAS_TIME |
	    PROBE_HAS_ERROR;
	if (integer_of(f.fw, 0, UINT32_MAX, &fw)) {
		p->firmware = (uint32_t)fw;
		p->present |= PROBE_HAS_FIRMWARE;
	}
	p->is_error = f.error != NULL;
	map_addresses(p, &f);
	ok = p->kind == PROBE_PING ? map_ping(d, p, &f) :
	    map_traceroute(d, p, &f);
	if (!ok) {
		atlas_error(err, w->file, w->offset, w->result_no,
		    SKIP_TOO_LARGE);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: out of memory for the replies",
		    (unsigned long long)w->line);
		return PROBE_SKIP;
	}
	return PROBE_OK;
}

enum probe_status
atlas_decode(struct atlas_decoder *d, const uint8_t *text, size_t len,
    const struct atlas_where *w, struct probe_record *rec,
    struct decode_error *err)
{
	enum json_tokener_error jerr;

	atlas_decoder_release(d);
	json_tokener_reset(d->tokener);
	d->root = json_tokener_parse_ex(d->tokener, (const char *)text,
	    (int)len);
	jerr = json_tokener_get_error(d->tokener);
	if (d->root == NULL || jerr != json_tokener_success) {
		atlas_error(err, w->file, w->offset, w->result_no,
		    SKIP_BAD_JSON);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: %s at byte %zu of the result%s",
		    (unsigned long long)w->line,
		    jerr == json_tokener_continue ? "truncated JSON" :
		    json_tokener_error_desc(jerr),
		    json_tokener_get_parse_end(d->tokener), w->suffix);
		return PROBE_SKIP;
	}
	if (json_object_get_type(d->root) != json_type_object) {
		atlas_error(err, w->file, w->offset, w->result_no,
		    SKIP_BAD_JSON);
		snprintf(err->detail, sizeof(err->detail),
		    "line %llu: a JSON %s, not a result object",
		    (unsigned long long)w->line,
		    json_type_to_name(json_object_get_type(d->root)));
		return PROBE_SKIP;
	}
	return map_result(d, d->root, w, rec, err);
}
