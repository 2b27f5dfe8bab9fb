/*
 * netflow.c -- NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011)
 * export decoding into normalized flow records.
 *
 * A datagram is walked set by set (RFC 7011 3.3, RFC 3954 5.2).  Template
 * records are compiled once, when learnt, into a flat array of field ops
 * (length, slot); a data set looks its template up once and each record
 * is then a walk over the ops with a cursor.  Nothing is allocated per
 * record.
 *
 * Templates are scoped per exporter address and observation domain
 * (IPFIX) or source id (v9), and per version.  RFC 7011 8 scopes them by
 * Transport Session and Observation Domain; a capture rarely shows the
 * session, and exporters change source port on restart while keeping
 * their templates, so the exporter port is not part of the key.
 *
 * Data sets that arrive before their template are copied, with the
 * header context needed to decode them, into a bounded buffer
 * (FLOW_PENDING_BYTES) and decoded when the template comes, after the
 * records of the datagram that brought it.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/cursor.h"
#include "parsers/ipfix_ie.h"
#include "parsers/netflow.h"
#include "parsers/packet_section.h"

#define V5_HEADER_LEN		24	/* Cisco NetFlow v5 export format */
#define V5_RECORD_LEN		48
#define V5_MAX_COUNT		30
#define V9_HEADER_LEN		20	/* RFC 3954 5.1 */
#define V9_MAX_COUNT		4096	/* sanity bound for recognition */
#define IPFIX_HEADER_LEN	16	/* RFC 7011 3.1 */
#define SET_HEADER_LEN		4	/* RFC 7011 3.3.2, RFC 3954 5.2 */
#define VARLEN			65535	/* RFC 7011 7 */
#define MAX_RECORD_LEN		(65535 - IPFIX_HEADER_LEN - SET_HEADER_LEN)
#define TPL_BUCKETS		4096
#define NTP_UNIX_OFFSET		2208988800ull	/* 1900 to 1970, RFC 5905 */

/* Set ids, RFC 3954 5.2 and RFC 7011 3.3.2. */
#define V9_SET_TEMPLATE		0
#define V9_SET_OPTIONS		1
#define IPFIX_SET_TEMPLATE	2
#define IPFIX_SET_OPTIONS	3
#define FIRST_DATA_SET		256

_Static_assert(SLOT_COUNT <= 64, "slot bits must fit a uint64_t");

/* One field of a compiled template. */
struct field_op {
	uint16_t	len;		/* VARLEN: length prefix in the record */
	uint8_t		slot;		/* enum ie_slot; SLOT_NONE: skip */
	uint8_t		kind;		/* enum ie_kind of the slot */
	bool		enterprise;	/* RFC 7011 3.2: value skipped, counted */
};

struct template {
	struct template	*next;		/* hash chain */
	uint8_t		 version;
	struct ip_addr	 exporter;
	uint32_t	 domain;
	uint16_t	 id;
	bool		 is_options;
	struct field_op	*ops;
	uint16_t	 nops;
	uint32_t	 min_len;	/* varlen counted as 1 byte */
	uint8_t		*spec;		/* field specifiers as sent */
	size_t		 spec_len;
};

/* Header context a data set needs to be decoded, now or later. */
struct export_ctx {
	uint8_t		 version;
	struct ip_addr	 exporter;
	uint32_t	 domain;
	uint32_t	 export_secs;
	int64_t		 export_ms;
	uint32_t	 sys_uptime;	/* v5, v9 */
	uint64_t	 packet_no;
	bool		 has_recv;
	int64_t		 recv_us;
	const char	*file;
	bool		 offset_in_packet;	/* pcapng: offsets in-packet */
	const char	*record_unit;		/* "packet" or "message" */
};

struct pending_set {
	struct pending_set *next;
	struct export_ctx   ctx;
	uint16_t	    set_id;
	uint64_t	    file_offset;	/* of the set body */
	uint8_t		   *bytes;
	size_t		    len;
};

/* A sampling rate learnt from options data, RFC 7011 4.1 / RFC 3954 6.1. */
struct sampler {
	bool		has_id;
	uint64_t	id;
	uint32_t	rate;
};

/* What options data taught about one exporter and domain. */
struct exporter_state {
	struct ip_addr	 exporter;
	uint32_t	 domain;
	bool		 has_init;
	int64_t		 init_ms;	/* systemInitTimeMilliseconds, IE 160 */
	struct sampler	*samplers;
	size_t		 nsamplers, cap_samplers;
};

/* The raw values of one data record, by slot. */
struct rec_values {
	uint64_t	 have;			/* bit per slot */
	uint64_t	 num[SLOT_COUNT];
	struct ip_addr	 addr[SLOT_COUNT];
	struct cursor	 ip_section;		/* IE 313, into the set */
	struct cursor	 frame_section;		/* IE 315, into the set */
};

enum session_state {
	ST_IDLE,	/* nothing fed, or done */
	ST_HEADER,	/* datagram fed, header not read */
	ST_V5,		/* v5 records */
	ST_SETS,	/* next set header */
	ST_TEMPLATES,	/* template records of the current set */
	ST_DATA,	/* data records of the current set */
	ST_PENDING,	/* deferred sets whose template came */
};

enum step {
	STEP_CONTINUE,
	STEP_OK,
	STEP_SKIP,
};

struct flow_session {
	struct flow_session_stats stats;

	struct template		*buckets[TPL_BUCKETS];
	size_t			 ntemplates;

	struct exporter_state	**exporters;
	size_t			 nexporters, cap_exporters;

	struct pending_set	*pending_head, *pending_tail;
	size_t			 pending_bytes;
	bool			 pending_recheck; /* a template was learnt */
	struct pending_set	*cur_pending;	/* being decoded */
	char			**file_names;	/* copies for pending sets */
	size_t			 nfile_names;

	/* The datagram fed. */
	struct export_datagram	 dg;
	struct export_ctx	 dg_ctx;
	struct cursor		 msg;		/* positions from dg.data[0] */
	enum session_state	 state;
	uint16_t		 v5_left;

	/* The set being decoded. */
	const struct export_ctx	*ctx;
	struct cursor		 set;		/* the set body */
	uint64_t		 set_offset;	/* file offset of the body */
	uint16_t		 set_id;
	enum session_state	 after_set;
	const struct template	*tpl;
	struct exporter_state	*exp;
	bool			 set_has_rate;
	uint32_t		 set_rate;
	struct flow_record	 base;		/* fields common to the set */

	struct rec_values	 vals;
	struct flow_record	 rec;
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static const char *
version_name(uint8_t version)
{
	return version == 9 ? "v9" : "IPFIX";
}

static const char *
set_name(uint8_t version)
{
	return version == 9 ? "flowset" : "set";
}

static bool
addr_equal(const struct ip_addr *a, const struct ip_addr *b)
{
	size_t n;

	if (a->afi != b->afi)
		return false;
	n = a->afi == AFI_IPV6 ? 16 : a->afi == AFI_IPV4 ? 4 : 0;
	return memcmp(a->bytes, b->bytes, n) == 0;
}

static void
set_error(struct flow_session *s, struct decode_error *err, uint64_t offset,
    uint64_t packet_no, enum skip_reason reason, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void
set_error(struct flow_session *s, struct decode_error *err, uint64_t offset,
    uint64_t packet_no, enum skip_reason reason, const char *fmt, ...)
{
	va_list ap;

	memset(err, 0, sizeof(*err));
	err->file = s->ctx != NULL ? s->ctx->file : s->dg.file;
	err->offset = offset;
	err->record_no = packet_no;
	err->record_unit = s->ctx != NULL ? s->ctx->record_unit :
	    s->dg.record_unit;
	if (err->record_unit == NULL)
		err->record_unit = "packet";
	err->offset_in_record = s->ctx != NULL ? s->ctx->offset_in_packet :
	    s->dg.offset_in_packet;
	err->reason = reason;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

/* An error at position pos of the datagram fed. */
static void
dg_error(struct flow_session *s, struct decode_error *err, size_t pos,
    enum skip_reason reason, const char *detail)
{
	s->ctx = &s->dg_ctx;
	set_error(s, err, s->dg.offset + pos, s->dg.packet_no, reason, "%s",
	    detail);
}

/* An error at the current position of the set being decoded. */
static void
set_pos_error(struct flow_session *s, struct decode_error *err, size_t pos,
    enum skip_reason reason, const char *detail)
{
	set_error(s, err, s->set_offset + pos, s->ctx->packet_no, reason, "%s",
	    detail);
}

/* Big-endian unsigned of 1..8 bytes: reduced-size encoding, RFC 7011 6.2. */
static int
get_unsigned(struct cursor *c, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	uint8_t b;
	size_t i;

	if (len == 0 || len > 8)
		return -1;
	for (i = 0; i < len; i++) {
		if (cursor_get_u8(c, &b) == -1)
			return -1;
		v = v << 8 | b;
	}
	*out = v;
	return 0;
}

static int
get_addr(struct cursor *c, uint8_t afi, struct ip_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->afi = afi;
	return cursor_get_bytes(c, a->bytes, afi == AFI_IPV4 ? 4 : 16);
}

/* ------------------------------------------------------------------ */
/* Recognition                                                         */

unsigned
export_version(const uint8_t *data, size_t len)
{
	struct cursor c;
	uint16_t version;

	cursor_init(&c, data, len);
	if (cursor_get_n16(&c, &version) == -1)
		return 0;
	if (version == 5 || version == 9 || version == 10)
		return version;
	return 0;
}

/* Is the set header at the cursor sane for the bytes that follow? */
static bool
first_set_sane(struct cursor *c, bool ipfix)
{
	uint16_t id, length;

	if (cursor_get_n16(c, &id) == -1 || cursor_get_n16(c, &length) == -1)
		return false;
	if (ipfix && id != IPFIX_SET_TEMPLATE && id != IPFIX_SET_OPTIONS &&
	    id < FIRST_DATA_SET)
		return false;
	if (!ipfix && id != V9_SET_TEMPLATE && id != V9_SET_OPTIONS &&
	    id < FIRST_DATA_SET)
		return false;
	return length >= SET_HEADER_LEN &&
	    (size_t)(length - SET_HEADER_LEN) <= cursor_left(c);
}

bool
export_looks_valid(const uint8_t *data, size_t len)
{
	struct cursor c;
	uint16_t version, count, length;

	cursor_init(&c, data, len);
	if (cursor_get_n16(&c, &version) == -1 ||
	    cursor_get_n16(&c, &count) == -1)
		return false;
	switch (version) {
	case 5:
		/*
		 * A sane count and the records it announces; or, for a
		 * header whose count is broken, a datagram of whole records.
		 */
		if (count >= 1 && count <= V5_MAX_COUNT)
			return len >= V5_HEADER_LEN +
			    (size_t)V5_RECORD_LEN * count;
		return count > V5_MAX_COUNT && len > V5_HEADER_LEN &&
		    (len - V5_HEADER_LEN) % V5_RECORD_LEN == 0;
	case 9:
		if (count > V9_MAX_COUNT ||
		    len < V9_HEADER_LEN + SET_HEADER_LEN)
			return false;
		if (cursor_skip(&c, V9_HEADER_LEN - 4) == -1)
			return false;
		return first_set_sane(&c, false);
	case 10:
		length = count;		/* IPFIX: message length, RFC 7011 3.1 */
		if (length != len || length < IPFIX_HEADER_LEN + SET_HEADER_LEN)
			return false;
		if (cursor_skip(&c, IPFIX_HEADER_LEN - 4) == -1)
			return false;
		return first_set_sane(&c, true);
	default:
		return false;
	}
}

/* ------------------------------------------------------------------ */
/* Session                                                             */

struct flow_session *
flow_session_new(void)
{
	return calloc(1, sizeof(struct flow_session));
}

static void
template_free(struct template *t)
{
	if (t == NULL)
		return;
	free(t->ops);
	free(t->spec);
	free(t);
}

void
flow_session_free(struct flow_session *s)
{
	struct template *t, *next_t;
	struct pending_set *p, *next_p;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < TPL_BUCKETS; i++) {
		for (t = s->buckets[i]; t != NULL; t = next_t) {
			next_t = t->next;
			template_free(t);
		}
	}
	for (i = 0; i < s->nexporters; i++) {
		free(s->exporters[i]->samplers);
		free(s->exporters[i]);
	}
	free(s->exporters);
	for (i = 0; i < s->nfile_names; i++)
		free(s->file_names[i]);
	free(s->file_names);
	for (p = s->pending_head; p != NULL; p = next_p) {
		next_p = p->next;
		free(p->bytes);
		free(p);
	}
	if (s->cur_pending != NULL) {
		free(s->cur_pending->bytes);
		free(s->cur_pending);
	}
	free(s);
}

const struct flow_session_stats *
flow_session_stats(const struct flow_session *s)
{
	return &s->stats;
}

void
flow_session_feed(struct flow_session *s, const struct export_datagram *d)
{
	s->dg = *d;
	cursor_init(&s->msg, d->data, d->len);
	s->state = ST_HEADER;
	s->ctx = &s->dg_ctx;
	s->stats.datagrams++;
}

/* ------------------------------------------------------------------ */
/* Template store: hash of (version, exporter, domain, template id)      */

static size_t
template_hash(uint8_t version, const struct ip_addr *exporter,
    uint32_t domain, uint16_t id)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	h = (h ^ version) * 16777619u;
	h = (h ^ exporter->afi) * 16777619u;
	for (i = 0; i < 16; i++)
		h = (h ^ exporter->bytes[i]) * 16777619u;
	for (i = 0; i < 4; i++)
		h = (h ^ ((domain >> (8 * i)) & 0xff)) * 16777619u;
	h = (h ^ (id >> 8)) * 16777619u;
	h = (h ^ (id & 0xff)) * 16777619u;
	return h % TPL_BUCKETS;
}

static struct template **
template_slot(struct flow_session *s, const struct export_ctx *ctx,
    uint16_t id)
{
	struct template **tp;

	tp = &s->buckets[template_hash(ctx->version, &ctx->exporter,
	    ctx->domain, id)];
	for (; *tp != NULL; tp = &(*tp)->next) {
		if ((*tp)->id == id && (*tp)->domain == ctx->domain &&
		    (*tp)->version == ctx->version &&
		    addr_equal(&(*tp)->exporter, &ctx->exporter))
			return tp;
	}
	return tp;
}

static const struct template *
template_find(struct flow_session *s, const struct export_ctx *ctx,
    uint16_t id)
{
	return *template_slot(s, ctx, id);
}

/* RFC 7011 8.1: withdraw one template, or all of a kind (id 2 or 3). */
static void
template_withdraw(struct flow_session *s, const struct export_ctx *ctx,
    uint16_t id, bool options)
{
	struct template **tp, *t;
	size_t i;

	s->stats.template_withdrawals++;
	if (id >= FIRST_DATA_SET) {
		tp = template_slot(s, ctx, id);
		if (*tp != NULL) {
			t = *tp;
			*tp = t->next;
			template_free(t);
			s->ntemplates--;
		}
		return;
	}
	for (i = 0; i < TPL_BUCKETS; i++) {
		tp = &s->buckets[i];
		while (*tp != NULL) {
			t = *tp;
			if (t->is_options == options &&
			    t->domain == ctx->domain &&
			    t->version == ctx->version &&
			    addr_equal(&t->exporter, &ctx->exporter)) {
				*tp = t->next;
				template_free(t);
				s->ntemplates--;
			} else
				tp = &t->next;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Exporter state: sampling rates and system init time                  */

static struct exporter_state *
exporter_find(struct flow_session *s, const struct export_ctx *ctx,
    bool create)
{
	struct exporter_state *e, **grown;
	size_t i, cap;

	for (i = 0; i < s->nexporters; i++) {
		e = s->exporters[i];
		if (e->domain == ctx->domain &&
		    addr_equal(&e->exporter, &ctx->exporter))
			return e;
	}
	if (!create)
		return NULL;
	if (s->nexporters == s->cap_exporters) {
		cap = s->cap_exporters ? 2 * s->cap_exporters : 8;
		grown = realloc(s->exporters, cap * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		s->exporters = grown;
		s->cap_exporters = cap;
	}
	e = calloc(1, sizeof(*e));
	if (e == NULL)
		return NULL;
	e->exporter = ctx->exporter;
	e->domain = ctx->domain;
	s->exporters[s->nexporters++] = e;
	return e;
}

static void
sampler_set(struct exporter_state *e, bool has_id, uint64_t id, uint32_t rate)
{
	struct sampler *grown;
	size_t i, cap;

	for (i = 0; i < e->nsamplers; i++) {
		if (e->samplers[i].has_id == has_id &&
		    (!has_id || e->samplers[i].id == id)) {
			e->samplers[i].rate = rate;
			return;
		}
	}
	if (e->nsamplers == e->cap_samplers) {
		cap = e->cap_samplers ? 2 * e->cap_samplers : 4;
		grown = realloc(e->samplers, cap * sizeof(*grown));
		if (grown == NULL)
			return;
		e->samplers = grown;
		e->cap_samplers = cap;
	}
	e->samplers[e->nsamplers].has_id = has_id;
	e->samplers[e->nsamplers].id = id;
	e->samplers[e->nsamplers].rate = rate;
	e->nsamplers++;
}

static bool
sampler_rate(const struct exporter_state *e, bool has_id, uint64_t id,
    uint32_t *rate)
{
	size_t i;

	for (i = 0; i < e->nsamplers; i++) {
		if (e->samplers[i].has_id == has_id &&
		    (!has_id || e->samplers[i].id == id)) {
			*rate = e->samplers[i].rate;
			return true;
		}
	}
	return false;
}

/*
 * The rate for records naming no sampler: the only one known, else the
 * one options data gave without a sampler id, else sampler 0's.
 */
static bool
default_rate(const struct exporter_state *e, uint32_t *rate)
{
	if (e == NULL || e->nsamplers == 0)
		return false;
	if (e->nsamplers == 1) {
		*rate = e->samplers[0].rate;
		return true;
	}
	if (sampler_rate(e, false, 0, rate))
		return true;
	return sampler_rate(e, true, 0, rate);
}

/*
 * A sampling rate (1 in N) from a record's own fields: samplingInterval
 * (IE 34, RFC 3954 8 SAMPLING_INTERVAL), samplerRandomInterval (IE 50),
 * or samplingPacketInterval/Space (IEs 305/306, RFC 5477 8.2.2: n packets
 * selected out of every n + space).
 */
static bool
record_rate(const struct rec_values *v, uint32_t *rate)
{
	uint64_t interval, space, r;

	if (v->have & (1ull << SLOT_SAMPLING_INTERVAL) &&
	    v->num[SLOT_SAMPLING_INTERVAL] > 0) {
		r = v->num[SLOT_SAMPLING_INTERVAL];
		goto done;
	}
	if (v->have & (1ull << SLOT_SAMPLER_RANDOM) &&
	    v->num[SLOT_SAMPLER_RANDOM] > 0) {
		r = v->num[SLOT_SAMPLER_RANDOM];
		goto done;
	}
	if ((v->have & (1ull << SLOT_SAMPLING_PKT_INTERVAL)) &&
	    (v->have & (1ull << SLOT_SAMPLING_PKT_SPACE)) &&
	    v->num[SLOT_SAMPLING_PKT_INTERVAL] > 0) {
		interval = v->num[SLOT_SAMPLING_PKT_INTERVAL];
		space = v->num[SLOT_SAMPLING_PKT_SPACE];
		r = (interval + space) / interval;
		goto done;
	}
	return false;
done:
	*rate = r > UINT32_MAX ? UINT32_MAX : (uint32_t)r;
	return true;
}

/* The sampler a record names: samplerId (IE 48) or selectorId (IE 302). */
static bool
record_sampler_id(const struct rec_values *v, uint64_t *id)
{
	if (v->have & (1ull << SLOT_SAMPLER_ID)) {
		*id = v->num[SLOT_SAMPLER_ID];
		return true;
	}
	if (v->have & (1ull << SLOT_SELECTOR_ID)) {
		*id = v->num[SLOT_SELECTOR_ID];
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Templates                                                           */

/* Are the bytes left in the cursor all zero? */
static bool
all_zero(struct cursor c)
{
	uint8_t b;

	while (cursor_get_u8(&c, &b) == 0) {
		if (b != 0)
			return false;
	}
	return true;
}

/*
 * Compile field specifiers into ops.  RFC 7011 3.2: bit 15 of the IE id
 * marks an enterprise-specific element followed by a 4-byte PEN.  v9
 * options scope fields (RFC 3954 6.1) are scope types, not field types,
 * and are skipped.  A slot whose length cannot hold its type (addresses
 * must be exact; integers 1..8 bytes, RFC 7011 6.2) is skipped too.
 */
static int
template_compile(struct cursor *spec, uint8_t version, uint16_t nfields,
    uint16_t nscope, struct template *t)
{
	uint16_t ie, len, i;
	uint32_t pen;
	struct field_op *op;
	enum ie_slot slot;
	enum ie_kind kind;

	t->ops = calloc(nfields, sizeof(*t->ops));
	if (t->ops == NULL)
		return -1;
	t->nops = nfields;
	t->min_len = 0;
	for (i = 0; i < nfields; i++) {
		op = &t->ops[i];
		if (cursor_get_n16(spec, &ie) == -1 ||
		    cursor_get_n16(spec, &len) == -1)
			return -1;
		if (version == 10 && (ie & 0x8000)) {
			if (cursor_get_n32(spec, &pen) == -1)
				return -1;
			op->enterprise = true;
		}
		op->len = len;
		if (len == VARLEN)
			t->min_len += 1;
		else
			t->min_len += len;
		slot = SLOT_NONE;
		if (!op->enterprise && !(version == 9 && i < nscope))
			slot = ie_slot(ie);
		kind = ie_slot_kind(slot);
		if (slot != SLOT_NONE && len != VARLEN) {
			if (kind == IE_IPV4 && len != 4)
				slot = SLOT_NONE;
			else if (kind == IE_IPV6 && len != 16)
				slot = SLOT_NONE;
			else if (kind == IE_UNSIGNED && (len == 0 || len > 8))
				slot = SLOT_NONE;
		}
		/* NTP timestamps are exactly 8 bytes, RFC 7011 6.1.9-10. */
		if ((slot == SLOT_START_US || slot == SLOT_END_US ||
		    slot == SLOT_START_NS || slot == SLOT_END_NS) && len != 8)
			slot = SLOT_NONE;
		op->slot = (uint8_t)slot;
		op->kind = (uint8_t)kind;
	}
	return 0;
}

/*
 * Read one template or options template record from the current set and
 * learn it.  Returns STEP_CONTINUE, or STEP_SKIP with *err set.  *stop is
 * set when the set's framing is lost.
 */
static enum step
template_read(struct flow_session *s, struct decode_error *err, bool *stop)
{
	const struct export_ctx *ctx = s->ctx;
	bool options = s->set_id == V9_SET_OPTIONS ||
	    s->set_id == IPFIX_SET_OPTIONS;
	struct cursor spec;
	struct template *t = NULL, **tp;
	size_t start = cursor_pos(&s->set), spec_start;
	uint16_t id, nfields, nscope = 0, scope_len, option_len, ie, len;
	uint16_t i;
	char detail[DECODE_DETAIL_MAX];
	bool changed;

	*stop = false;
	if (cursor_get_n16(&s->set, &id) == -1 ||
	    cursor_get_n16(&s->set, &nfields) == -1)
		goto padding;
	if (id == 0 && nfields == 0 && all_zero(s->set)) {
		/* RFC 7011 3.3.1: zero padding at the end of the set. */
		*stop = true;
		return STEP_CONTINUE;
	}
	if (ctx->version == 9 && options) {
		/* RFC 3954 6.1: scope and option lengths, in bytes. */
		scope_len = nfields;
		if (cursor_get_n16(&s->set, &option_len) == -1)
			goto padding;
		if (scope_len % 4 != 0 || option_len % 4 != 0) {
			snprintf(detail, sizeof(detail), "v9 options template "
			    "%u: scope length %u or option length %u is not a "
			    "multiple of 4", id, scope_len, option_len);
			*stop = true;
			goto bad;
		}
		nscope = scope_len / 4;
		nfields = (uint16_t)(nscope + option_len / 4);
	} else if (ctx->version == 10 && options && nfields > 0) {
		/* RFC 7011 3.4.2.2: scope field count, never 0. */
		if (cursor_get_n16(&s->set, &nscope) == -1)
			goto padding;
	}
	if (ctx->version == 10 && nfields == 0) {
		/* RFC 7011 8.1: withdrawal; id 2 or 3 withdraws them all. */
		if (id != (options ? IPFIX_SET_OPTIONS : IPFIX_SET_TEMPLATE) &&
		    id < FIRST_DATA_SET) {
			snprintf(detail, sizeof(detail), "IPFIX withdrawal of "
			    "template %u < 256", id);
			goto bad;
		}
		template_withdraw(s, ctx, id, options);
		return STEP_CONTINUE;
	}

	/* Walk the field specifiers once to find where they end. */
	spec_start = cursor_pos(&s->set);
	for (i = 0; i < nfields; i++) {
		if (cursor_get_n16(&s->set, &ie) == -1 ||
		    cursor_get_n16(&s->set, &len) == -1 ||
		    (ctx->version == 10 && (ie & 0x8000) &&
		    cursor_skip(&s->set, 4) == -1)) {
			snprintf(detail, sizeof(detail), "%s template %u with "
			    "%u fields overruns its %s", version_name(
			    ctx->version), id, nfields, set_name(ctx->version));
			*stop = true;
			goto bad;
		}
	}
	if (nfields == 0) {
		snprintf(detail, sizeof(detail), "%s %stemplate %u has 0 fields",
		    version_name(ctx->version), options ? "options " : "", id);
		goto bad;
	}
	if (id < FIRST_DATA_SET) {
		snprintf(detail, sizeof(detail), "%s template id %u < 256",
		    version_name(ctx->version), id);
		goto bad;
	}
	if (ctx->version == 10 && options && (nscope == 0 || nscope > nfields)) {
		snprintf(detail, sizeof(detail), "IPFIX options template %u: "
		    "scope field count %u not in 1..%u", id, nscope, nfields);
		goto bad;
	}

	t = calloc(1, sizeof(*t));
	if (t == NULL)
		goto nomem;
	t->version = ctx->version;
	t->exporter = ctx->exporter;
	t->domain = ctx->domain;
	t->id = id;
	t->is_options = options;
	t->spec_len = cursor_pos(&s->set) - spec_start;
	t->spec = malloc(t->spec_len + 1);
	if (t->spec == NULL)
		goto nomem;
	cursor_init(&spec, s->set.buf, s->set.len);
	(void)cursor_skip(&spec, spec_start);
	if (cursor_get_bytes(&spec, t->spec, t->spec_len) == -1)
		goto nomem;
	cursor_init(&spec, t->spec, t->spec_len);
	if (template_compile(&spec, ctx->version, nfields, nscope, t) == -1)
		goto nomem;
	if (t->min_len == 0) {
		snprintf(detail, sizeof(detail), "%s template %u has a minimum "
		    "record length of 0", version_name(ctx->version), id);
		goto bad;
	}
	if (t->min_len > MAX_RECORD_LEN) {
		snprintf(detail, sizeof(detail), "%s template %u: records of "
		    "%" PRIu32 " bytes cannot fit a message",
		    version_name(ctx->version), id, t->min_len);
		goto bad;
	}

	tp = template_slot(s, ctx, id);
	if (*tp != NULL) {
		changed = (*tp)->is_options != options ||
		    (*tp)->spec_len != t->spec_len ||
		    memcmp((*tp)->spec, t->spec, t->spec_len) != 0;
		if (changed)
			s->stats.template_changes++;
		t->next = (*tp)->next;
		template_free(*tp);
		*tp = t;
	} else {
		if (s->ntemplates >= FLOW_MAX_TEMPLATES) {
			snprintf(detail, sizeof(detail), "%s template %u: the "
			    "store is full (%d templates)",
			    version_name(ctx->version), id, FLOW_MAX_TEMPLATES);
			goto bad;
		}
		*tp = t;
		s->ntemplates++;
	}
	if (options)
		s->stats.options_templates++;
	else
		s->stats.templates++;
	s->pending_recheck = true;
	return STEP_CONTINUE;

padding:
	/* RFC 7011 3.3.1: fewer bytes than a template record header left. */
	*stop = true;
	template_free(t);
	return STEP_CONTINUE;
nomem:
	snprintf(detail, sizeof(detail), "%s template %u: out of memory",
	    version_name(ctx->version), id);
	*stop = true;
bad:
	template_free(t);
	set_pos_error(s, err, start, SKIP_BAD_TEMPLATE, detail);
	return STEP_SKIP;
}

/* ------------------------------------------------------------------ */
/* Data records                                                        */

/* Walk the ops over one record.  -1: the record overruns the set. */
static int
record_read(struct flow_session *s, struct cursor *set,
    const struct template *t, struct rec_values *v)
{
	const struct field_op *op;
	struct cursor field;
	uint64_t bit;
	uint16_t i, len16;
	uint8_t len8;
	size_t len;

	v->have = 0;
	for (i = 0; i < t->nops; i++) {
		op = &t->ops[i];
		len = op->len;
		if (op->len == VARLEN) {
			/*
			 * RFC 7011 7: 1-byte length, or 255 and 2 bytes.  v9
			 * (RFC 3954) has no such encoding, but H3C NetStream
			 * sends it with length 65535 in v9 too; a fixed field
			 * of 65535 bytes could never fit a datagram anyway.
			 */
			if (cursor_get_u8(set, &len8) == -1)
				return -1;
			len = len8;
			if (len8 == 255) {
				if (cursor_get_n16(set, &len16) == -1)
					return -1;
				len = len16;
			}
		}
		if (cursor_sub(set, len, &field) == -1)
			return -1;
		if (op->enterprise) {
			s->stats.enterprise_fields++;
			continue;
		}
		bit = 1ull << op->slot;
		if (op->slot == SLOT_NONE || (v->have & bit))
			continue;	/* the first of a slot wins */
		switch (op->kind) {
		case IE_IPV4:
			if (len != 4 || get_addr(&field, AFI_IPV4,
			    &v->addr[op->slot]) == -1)
				continue;
			break;
		case IE_IPV6:
			if (len != 16 || get_addr(&field, AFI_IPV6,
			    &v->addr[op->slot]) == -1)
				continue;
			break;
		case IE_OCTETS:
			if (op->slot == SLOT_IP_SECTION)
				v->ip_section = field;
			else
				v->frame_section = field;
			break;
		default:
			if (get_unsigned(&field, len, &v->num[op->slot]) == -1)
				continue;
			break;
		}
		v->have |= bit;
	}
	return 0;
}

static bool
have(const struct rec_values *v, enum ie_slot slot)
{
	return (v->have & (1ull << slot)) != 0;
}

/*
 * sysUpTime-relative time to UTC: boot = header time - header uptime
 * (RFC 3954 5.1).  A time far above the header uptime was taken before
 * the 32-bit uptime wrapped (every 49.7 days); a time a little above it
 * is an exporter's clock jitter and kept as is.
 */
static int64_t
uptime_to_utc(int64_t header_ms, uint32_t header_uptime, uint32_t t)
{
	int64_t ms = header_ms - header_uptime + t;

	if (t > header_uptime && t - header_uptime > 0x80000000u)
		ms -= (int64_t)1 << 32;
	return ms;
}

/* NTP-format dateTimeMicro/Nanoseconds, RFC 7011 6.1.9-10, to UTC ms. */
static int64_t
ntp_to_ms(uint64_t v)
{
	uint64_t secs = v >> 32, frac = v & 0xffffffffu;

	if (secs < NTP_UNIX_OFFSET)
		secs += (uint64_t)1 << 32;	/* NTP era 1, after 2036 */
	return (int64_t)(secs - NTP_UNIX_OFFSET) * 1000 +
	    (int64_t)((frac * 1000) >> 32);
}

/* Absolute times from the IPFIX forms, RFC 7011 6.1 and IANA 150-162. */
static bool
abs_time(const struct rec_values *v, bool start, int64_t *ms)
{
	enum ie_slot s_ms = start ? SLOT_START_MS : SLOT_END_MS;
	enum ie_slot s_us = start ? SLOT_START_US : SLOT_END_US;
	enum ie_slot s_ns = start ? SLOT_START_NS : SLOT_END_NS;
	enum ie_slot s_s = start ? SLOT_START_S : SLOT_END_S;

	if (have(v, s_ms)) {
		*ms = (int64_t)v->num[s_ms];
		return true;
	}
	if (have(v, s_us)) {
		*ms = ntp_to_ms(v->num[s_us]);
		return true;
	}
	if (have(v, s_ns)) {
		*ms = ntp_to_ms(v->num[s_ns]);
		return true;
	}
	if (have(v, s_s)) {
		*ms = (int64_t)v->num[s_s] * 1000;
		return true;
	}
	return false;
}

static void
record_times(struct flow_session *s, const struct rec_values *v,
    struct flow_record *r)
{
	const struct export_ctx *ctx = s->ctx;
	bool has_boot = false, has_start, has_end;
	int64_t boot_ms = 0, start = 0, end = 0;

	/* The raw uptimes, each as sent or absent. */
	if (have(v, SLOT_START_UPTIME)) {
		r->present |= FLOW_HAS_START_UPTIME;
		r->start_uptime_ms = (uint32_t)v->num[SLOT_START_UPTIME];
	}
	if (have(v, SLOT_END_UPTIME)) {
		r->present |= FLOW_HAS_END_UPTIME;
		r->end_uptime_ms = (uint32_t)v->num[SLOT_END_UPTIME];
	}
	if (ctx->version == 10) {
		/* flowStart/EndSysUpTime need systemInitTimeMilliseconds. */
		if (have(v, SLOT_SYS_INIT_MS)) {
			has_boot = true;
			boot_ms = (int64_t)v->num[SLOT_SYS_INIT_MS];
		} else if (s->exp != NULL && s->exp->has_init) {
			has_boot = true;
			boot_ms = s->exp->init_ms;
		}
	}

	has_start = abs_time(v, true, &start);
	if (!has_start && have(v, SLOT_START_DELTA_US)) {
		/* IE 158: microseconds before the message's export time. */
		start = ctx->export_ms -
		    (int64_t)(v->num[SLOT_START_DELTA_US] / 1000);
		has_start = true;
	}
	if (!has_start && have(v, SLOT_START_UPTIME)) {
		if (ctx->version == 9) {
			start = uptime_to_utc(ctx->export_ms, ctx->sys_uptime,
			    (uint32_t)v->num[SLOT_START_UPTIME]);
			has_start = true;
		} else if (has_boot) {
			start = boot_ms + (int64_t)v->num[SLOT_START_UPTIME];
			has_start = true;
		}
	}
	has_end = abs_time(v, false, &end);
	if (!has_end && have(v, SLOT_END_DELTA_US)) {
		end = ctx->export_ms -
		    (int64_t)(v->num[SLOT_END_DELTA_US] / 1000);
		has_end = true;
	}
	if (!has_end && have(v, SLOT_END_UPTIME)) {
		if (ctx->version == 9) {
			end = uptime_to_utc(ctx->export_ms, ctx->sys_uptime,
			    (uint32_t)v->num[SLOT_END_UPTIME]);
			has_end = true;
		} else if (has_boot) {
			end = boot_ms + (int64_t)v->num[SLOT_END_UPTIME];
			has_end = true;
		}
	}
	/* flowDurationMilli/Microseconds, IEs 161/162, with a start. */
	if (!has_end && has_start && have(v, SLOT_DURATION_MS)) {
		end = start + (int64_t)v->num[SLOT_DURATION_MS];
		has_end = true;
	}
	if (!has_end && has_start && have(v, SLOT_DURATION_US)) {
		end = start + (int64_t)(v->num[SLOT_DURATION_US] / 1000);
		has_end = true;
	}
	if (has_start) {
		r->start_ms = start;
		r->present |= FLOW_HAS_START;
	}
	if (has_end) {
		r->end_ms = end;
		r->present |= FLOW_HAS_END;
	}
}

/* The first present of two slots; 0 if neither. */
static enum ie_slot
either(const struct rec_values *v, enum ie_slot a, enum ie_slot b)
{
	if (have(v, a))
		return a;
	if (have(v, b))
		return b;
	return SLOT_NONE;
}

static bool
addr_is_zero(const struct ip_addr *a)
{
	static const uint8_t zero[16];

	return memcmp(a->bytes, zero, a->afi == AFI_IPV4 ? 4 : 16) == 0;
}

/*
 * Is the flow IPv6?  When the record has IPv6 addresses and no IPv4
 * ones, or IPv4 ones that are all zero while an IPv6 one is set.
 */
static bool
flow_is_ipv6(const struct rec_values *v)
{
	bool has4 = have(v, SLOT_SRC4) || have(v, SLOT_DST4);
	bool has6 = have(v, SLOT_SRC6) || have(v, SLOT_DST6);
	bool set4, set6;

	if (!has6)
		return false;
	if (!has4)
		return true;
	set4 = (have(v, SLOT_SRC4) && !addr_is_zero(&v->addr[SLOT_SRC4])) ||
	    (have(v, SLOT_DST4) && !addr_is_zero(&v->addr[SLOT_DST4]));
	set6 = (have(v, SLOT_SRC6) && !addr_is_zero(&v->addr[SLOT_SRC6])) ||
	    (have(v, SLOT_DST6) && !addr_is_zero(&v->addr[SLOT_DST6]));
	return !set4 && set6;
}

/*
 * A packet-sampling record (RFC 5476, RFC 5477 8.2): the flow fields the
 * exporter did not send are read from the sampled packet's headers.  The
 * record stands for that one packet, of the IP header's length.
 */
static void
record_from_section(const struct rec_values *v, struct flow_record *r)
{
	struct packet_summary p;
	struct cursor c = have(v, SLOT_FRAME_SECTION) ? v->frame_section :
	    v->ip_section;
	const uint8_t *data;
	size_t len = cursor_left(&c);

	if (cursor_get_ref(&c, &data, len) == -1 ||
	    !packet_section_read(data, len, have(v, SLOT_FRAME_SECTION), &p))
		return;
	if (r->src.afi == 0 && r->dst.afi == 0) {
		r->src = p.src;
		r->dst = p.dst;
	}
	if (!(r->present & FLOW_HAS_PROTO)) {
		r->proto = p.proto;
		r->present |= FLOW_HAS_PROTO;
	}
	if (!(r->present & FLOW_HAS_TOS)) {
		r->tos = p.tos;
		r->present |= FLOW_HAS_TOS;
	}
	if (p.has_ports && !(r->present &
	    (FLOW_HAS_SRC_PORT | FLOW_HAS_DST_PORT))) {
		r->src_port = p.src_port;
		r->dst_port = p.dst_port;
		r->present |= FLOW_HAS_SRC_PORT | FLOW_HAS_DST_PORT;
	}
	if (p.has_tcp_flags && !(r->present & FLOW_HAS_TCP_FLAGS)) {
		r->tcp_flags = p.tcp_flags;
		r->present |= FLOW_HAS_TCP_FLAGS;
	}
	if (p.has_icmp && !(r->present & FLOW_HAS_ICMP)) {
		r->icmp_type = p.icmp_type;
		r->icmp_code = p.icmp_code;
		r->present |= FLOW_HAS_ICMP;
	}
	/*
	 * octetDeltaCount counts IP header and payload (IANA IE 1), so the
	 * IP length stands for it, not the frame size with its link
	 * headers (312), which MPLS and tags inflate.
	 */
	if (!(r->present & FLOW_HAS_BYTES)) {
		r->bytes = p.ip_len;
		r->present |= FLOW_HAS_BYTES;
	}
	if (!(r->present & FLOW_HAS_PACKETS)) {
		r->packets = 1;
		r->present |= FLOW_HAS_PACKETS;
	}
}

/* Turn the raw values of a data record into the normalized record. */
static void
record_build(struct flow_session *s, const struct rec_values *v,
    struct flow_record *r)
{
	enum ie_slot slot;
	uint64_t sampler_id;
	uint32_t rate = 0;
	bool has_rate;

	*r = s->base;
	/*
	 * Addresses, masks and next hop of one family.  Some templates carry
	 * both families and fill one, leaving the other all zeros (Procera,
	 * Cisco): the family whose addresses are set is the flow's.  The
	 * next hop is the IP next hop of that family (15 or 62); the BGP next
	 * hop (18, 63) is another thing and is not taken for it.
	 */
	if (flow_is_ipv6(v)) {
		if (have(v, SLOT_SRC6))
			r->src = v->addr[SLOT_SRC6];
		if (have(v, SLOT_DST6))
			r->dst = v->addr[SLOT_DST6];
		slot = either(v, SLOT_NEXTHOP6, SLOT_NEXTHOP4);
	} else {
		if (have(v, SLOT_SRC4))
			r->src = v->addr[SLOT_SRC4];
		if (have(v, SLOT_DST4))
			r->dst = v->addr[SLOT_DST4];
		slot = either(v, SLOT_NEXTHOP4, SLOT_NEXTHOP6);
	}
	if (slot != SLOT_NONE)
		r->next_hop = v->addr[slot];
	slot = flow_is_ipv6(v) ? either(v, SLOT_SRC_MASK6, SLOT_SRC_MASK4) :
	    either(v, SLOT_SRC_MASK4, SLOT_SRC_MASK6);
	if (slot != SLOT_NONE) {
		r->src_mask = (uint8_t)v->num[slot];
		r->present |= FLOW_HAS_SRC_MASK;
	}
	slot = flow_is_ipv6(v) ? either(v, SLOT_DST_MASK6, SLOT_DST_MASK4) :
	    either(v, SLOT_DST_MASK4, SLOT_DST_MASK6);
	if (slot != SLOT_NONE) {
		r->dst_mask = (uint8_t)v->num[slot];
		r->present |= FLOW_HAS_DST_MASK;
	}
	if (have(v, SLOT_SRC_PORT)) {
		r->src_port = (uint16_t)v->num[SLOT_SRC_PORT];
		r->present |= FLOW_HAS_SRC_PORT;
	}
	if (have(v, SLOT_DST_PORT)) {
		r->dst_port = (uint16_t)v->num[SLOT_DST_PORT];
		r->present |= FLOW_HAS_DST_PORT;
	}
	if (have(v, SLOT_PROTO)) {
		r->proto = (uint8_t)v->num[SLOT_PROTO];
		r->present |= FLOW_HAS_PROTO;
	}
	if (have(v, SLOT_TOS)) {
		r->tos = (uint8_t)v->num[SLOT_TOS];
		r->present |= FLOW_HAS_TOS;
	}
	if (have(v, SLOT_TCP_FLAGS)) {
		r->tcp_flags = (uint16_t)v->num[SLOT_TCP_FLAGS];
		r->present |= FLOW_HAS_TCP_FLAGS;
	}
	/* icmpTypeCode (32, 139): type * 256 + code; else 176-179. */
	if ((slot = either(v, SLOT_ICMP_TC4, SLOT_ICMP_TC6)) != SLOT_NONE) {
		r->icmp_type = (uint8_t)(v->num[slot] >> 8);
		r->icmp_code = (uint8_t)(v->num[slot] & 0xff);
		r->present |= FLOW_HAS_ICMP;
	} else if (have(v, SLOT_ICMP_TYPE4) && have(v, SLOT_ICMP_CODE4)) {
		r->icmp_type = (uint8_t)v->num[SLOT_ICMP_TYPE4];
		r->icmp_code = (uint8_t)v->num[SLOT_ICMP_CODE4];
		r->present |= FLOW_HAS_ICMP;
	} else if (have(v, SLOT_ICMP_TYPE6) && have(v, SLOT_ICMP_CODE6)) {
		r->icmp_type = (uint8_t)v->num[SLOT_ICMP_TYPE6];
		r->icmp_code = (uint8_t)v->num[SLOT_ICMP_CODE6];
		r->present |= FLOW_HAS_ICMP;
	}
	/* Delta counts; total counts (85/86) only without them; the post-
	 * (after middlebox) counts 23/24 only when nothing else is there. */
	if ((slot = either(v, SLOT_BYTES, SLOT_TOTAL_BYTES)) != SLOT_NONE ||
	    (slot = either(v, SLOT_POST_BYTES, SLOT_NONE)) != SLOT_NONE) {
		r->bytes = v->num[slot];
		r->present |= FLOW_HAS_BYTES;
	}
	if ((slot = either(v, SLOT_PACKETS, SLOT_TOTAL_PACKETS)) != SLOT_NONE ||
	    (slot = either(v, SLOT_POST_PACKETS, SLOT_NONE)) != SLOT_NONE) {
		r->packets = v->num[slot];
		r->present |= FLOW_HAS_PACKETS;
	}
	if (have(v, SLOT_FLOWS)) {
		r->flows = v->num[SLOT_FLOWS];
		r->present |= FLOW_HAS_FLOWS;
	}
	/*
	 * ingressInterface/egressInterface (10/14), the SNMP ifIndex of the
	 * v5 record and of tshark's InputInt; the physical interfaces
	 * (252/253) are another index space and are not taken for them.
	 */
	if (have(v, SLOT_IN_IF)) {
		r->in_if = (uint32_t)v->num[SLOT_IN_IF];
		r->present |= FLOW_HAS_IN_IF;
	}
	if (have(v, SLOT_OUT_IF)) {
		r->out_if = (uint32_t)v->num[SLOT_OUT_IF];
		r->present |= FLOW_HAS_OUT_IF;
	}
	if (have(v, SLOT_SRC_AS)) {
		r->src_as = (uint32_t)v->num[SLOT_SRC_AS];
		r->present |= FLOW_HAS_SRC_AS;
	}
	if (have(v, SLOT_DST_AS)) {
		r->dst_as = (uint32_t)v->num[SLOT_DST_AS];
		r->present |= FLOW_HAS_DST_AS;
	}
	if (have(v, SLOT_DIRECTION)) {
		r->direction = (uint8_t)v->num[SLOT_DIRECTION];
		r->present |= FLOW_HAS_DIRECTION;
	}

	/*
	 * Sampling: the record's own rate wins; else the rate of the sampler
	 * it names (samplerId 48 / selectorId 302); else, for a record
	 * naming none, the exporter and domain's default (default_rate()).
	 * A record naming a sampler whose rate is unknown gets none.
	 */
	has_rate = record_rate(v, &rate);
	if (!has_rate && record_sampler_id(v, &sampler_id)) {
		if (s->exp != NULL)
			has_rate = sampler_rate(s->exp, true, sampler_id, &rate);
	} else if (!has_rate && s->set_has_rate) {
		rate = s->set_rate;
		has_rate = true;
	}
	if (has_rate) {
		r->sampling_rate = rate;
		r->present |= FLOW_HAS_SAMPLING;
	}
	record_times(s, v, r);
	if (have(v, SLOT_FRAME_SECTION) || have(v, SLOT_IP_SECTION))
		record_from_section(v, r);
}

/* Options data: learn sampling rates and the system init time. */
static void
options_learn(struct flow_session *s, const struct rec_values *v)
{
	struct exporter_state *e;
	uint64_t sampler_id;
	uint32_t rate;
	bool has_id, has_rate;

	has_rate = record_rate(v, &rate);
	if (!has_rate && !have(v, SLOT_SYS_INIT_MS))
		return;
	e = exporter_find(s, s->ctx, true);
	if (e == NULL)
		return;
	s->exp = e;
	if (have(v, SLOT_SYS_INIT_MS)) {
		e->has_init = true;
		e->init_ms = (int64_t)v->num[SLOT_SYS_INIT_MS];
	}
	if (has_rate) {
		has_id = record_sampler_id(v, &sampler_id);
		sampler_set(e, has_id, has_id ? sampler_id : 0, rate);
	}
}

/* ------------------------------------------------------------------ */
/* Walking a datagram                                                  */

/* Fields every record of the set shares, and the set's default rate. */
static void
set_begin(struct flow_session *s, const struct export_ctx *ctx,
    const struct template *t, enum session_state after)
{
	struct flow_record *b = &s->base;

	s->ctx = ctx;
	s->tpl = t;
	s->after_set = after;
	memset(b, 0, sizeof(*b));
	b->version = ctx->version;
	b->exporter = ctx->exporter;
	b->domain = ctx->domain;
	b->template_id = t->id;
	b->packet_no = ctx->packet_no;
	b->export_ms = ctx->export_ms;
	b->sampling_rate = 1;
	b->present = FLOW_HAS_DOMAIN | FLOW_HAS_TEMPLATE | FLOW_HAS_EXPORT_TIME;
	if (ctx->version == 9) {
		b->sys_uptime_ms = ctx->sys_uptime;
		b->present |= FLOW_HAS_SYS_UPTIME;
	}
	if (ctx->has_recv) {
		b->recv_us = ctx->recv_us;
		b->present |= FLOW_HAS_RECV_TIME;
	}
	s->exp = exporter_find(s, ctx, false);
	s->set_has_rate = default_rate(s->exp, &s->set_rate);
	s->state = ST_DATA;
}

/*
 * A copy of a file name owned by the session: a pending set may be
 * decoded, or reported, after its file was closed.  One per file.
 */
static const char *
file_name_keep(struct flow_session *s, const char *name)
{
	char **grown, *copy;
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = s->nfile_names; i > 0; i--)
		if (strcmp(s->file_names[i - 1], name) == 0)
			return s->file_names[i - 1];
	grown = realloc(s->file_names, (s->nfile_names + 1) *
	    sizeof(*grown));
	if (grown == NULL)
		return NULL;
	s->file_names = grown;
	if ((copy = strdup(name)) == NULL)
		return NULL;
	s->file_names[s->nfile_names++] = copy;
	return copy;
}

/* Copy a data set whose template has not come yet. */
static enum step
set_defer(struct flow_session *s, struct decode_error *err)
{
	struct pending_set *p;
	size_t len = cursor_left(&s->set);

	if (s->pending_bytes + len > FLOW_PENDING_BYTES)
		goto full;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		goto full;
	p->bytes = malloc(len + 1);
	if (p->bytes == NULL) {
		free(p);
		goto full;
	}
	if (cursor_get_bytes(&s->set, p->bytes, len) == -1) {
		free(p->bytes);
		free(p);
		goto full;
	}
	p->ctx = s->dg_ctx;
	p->ctx.file = file_name_keep(s, s->dg_ctx.file);
	if (p->ctx.file == NULL)
		p->ctx.file = "(out of memory)";
	p->set_id = s->set_id;
	p->file_offset = s->set_offset;
	p->len = len;
	if (s->pending_tail != NULL)
		s->pending_tail->next = p;
	else
		s->pending_head = p;
	s->pending_tail = p;
	s->pending_bytes += len;
	s->stats.sets_deferred++;
	return STEP_CONTINUE;
full:
	s->stats.sets_deferred_dropped++;
	set_error(s, err, s->set_offset, s->dg_ctx.packet_no, SKIP_NO_TEMPLATE,
	    "%s data %s %u before its template: the pending buffer is full",
	    version_name(s->dg_ctx.version), set_name(s->dg_ctx.version),
	    s->set_id);
	return STEP_SKIP;
}

/* Stop the datagram's sets: go on with deferred sets, if any came due. */
static void
datagram_done(struct flow_session *s)
{
	s->state = ST_PENDING;
}


/* Read the next set header of the datagram, RFC 7011 3.3.2. */
static enum step
set_next(struct flow_session *s, struct decode_error *err)
{
	const struct export_ctx *ctx = &s->dg_ctx;
	const struct template *t;
	size_t pos = cursor_pos(&s->msg), left = cursor_left(&s->msg);
	uint16_t id = 0, length = 0;
	char detail[DECODE_DETAIL_MAX];

	s->ctx = ctx;
	if (left == 0) {
		datagram_done(s);
		return STEP_CONTINUE;
	}
	if (left < SET_HEADER_LEN) {
		datagram_done(s);
		if (all_zero(s->msg))
			return STEP_CONTINUE;	/* padding */
		snprintf(detail, sizeof(detail), "%zu trailing bytes after the "
		    "last %s, too short for a %s header", left,
		    set_name(ctx->version), set_name(ctx->version));
		dg_error(s, err, pos, SKIP_BAD_EXPORT, detail);
		return STEP_SKIP;
	}
	(void)cursor_get_n16(&s->msg, &id);
	(void)cursor_get_n16(&s->msg, &length);
	if (id == 0 && length == 0 && all_zero(s->msg)) {
		/* Zero-filled trailing bytes (Palo Alto pads datagrams). */
		datagram_done(s);
		return STEP_CONTINUE;
	}
	if (length < SET_HEADER_LEN) {
		datagram_done(s);
		snprintf(detail, sizeof(detail), "%s %s %u length %u < 4",
		    version_name(ctx->version), set_name(ctx->version), id,
		    length);
		dg_error(s, err, pos, SKIP_BAD_EXPORT, detail);
		return STEP_SKIP;
	}
	if (cursor_sub(&s->msg, length - SET_HEADER_LEN, &s->set) == -1) {
		datagram_done(s);
		snprintf(detail, sizeof(detail), "%s %s %u length %u overruns "
		    "the message (%zu bytes left)", version_name(ctx->version),
		    set_name(ctx->version), id, length, left);
		dg_error(s, err, pos, SKIP_BAD_EXPORT, detail);
		return STEP_SKIP;
	}
	s->set_id = id;
	s->set_offset = s->dg.offset + pos + SET_HEADER_LEN;

	if ((ctx->version == 9 && (id == V9_SET_TEMPLATE ||
	    id == V9_SET_OPTIONS)) || (ctx->version == 10 &&
	    (id == IPFIX_SET_TEMPLATE || id == IPFIX_SET_OPTIONS))) {
		s->state = ST_TEMPLATES;
		return STEP_CONTINUE;
	}
	if (id < FIRST_DATA_SET) {
		snprintf(detail, sizeof(detail), "%s %s id %u is reserved; "
		    "%u bytes skipped", version_name(ctx->version),
		    set_name(ctx->version), id, length);
		dg_error(s, err, pos, NOTE_UNKNOWN_SET, detail);
		return STEP_SKIP;
	}
	t = template_find(s, ctx, id);
	if (t == NULL)
		return set_defer(s, err);
	set_begin(s, ctx, t, ST_SETS);
	return STEP_CONTINUE;
}

/* One record of the current data set. */
static enum step
data_next(struct flow_session *s, const struct flow_record **rec,
    struct decode_error *err)
{
	const struct template *t = s->tpl;
	size_t start = cursor_pos(&s->set);
	char detail[DECODE_DETAIL_MAX];

	if (cursor_left(&s->set) < t->min_len || cursor_left(&s->set) == 0) {
		/* RFC 7011 3.3.1: padding, shorter than any record. */
		s->state = s->after_set;
		return STEP_CONTINUE;
	}
	if (record_read(s, &s->set, t, &s->vals) == -1) {
		s->state = s->after_set;
		snprintf(detail, sizeof(detail), "%s data %s %u: the record "
		    "at byte %zu overruns the %s", version_name(s->ctx->version),
		    set_name(s->ctx->version), t->id, start,
		    set_name(s->ctx->version));
		set_pos_error(s, err, start, SKIP_BAD_EXPORT, detail);
		return STEP_SKIP;
	}
	if (t->is_options) {
		options_learn(s, &s->vals);
		s->stats.options_records++;
		snprintf(detail, sizeof(detail), "%s options data record, "
		    "template %u", version_name(s->ctx->version), t->id);
		set_pos_error(s, err, start, NOTE_OPTIONS_RECORD, detail);
		return STEP_SKIP;
	}
	record_build(s, &s->vals, &s->rec);
	s->stats.flows++;
	*rec = &s->rec;
	return STEP_OK;
}

/* Hand the next deferred set whose template is now known over to ST_DATA. */
static enum step
pending_next(struct flow_session *s)
{
	struct pending_set *p, *prev = NULL;
	const struct template *t;

	if (s->cur_pending != NULL) {
		free(s->cur_pending->bytes);
		free(s->cur_pending);
		s->cur_pending = NULL;
	}
	if (!s->pending_recheck) {
		s->state = ST_IDLE;
		return STEP_CONTINUE;
	}
	for (p = s->pending_head; p != NULL; prev = p, p = p->next) {
		t = template_find(s, &p->ctx, p->set_id);
		if (t == NULL)
			continue;
		if (prev != NULL)
			prev->next = p->next;
		else
			s->pending_head = p->next;
		if (s->pending_tail == p)
			s->pending_tail = prev;
		p->next = NULL;
		s->pending_bytes -= p->len;
		s->cur_pending = p;
		s->stats.sets_deferred_decoded++;
		cursor_init(&s->set, p->bytes, p->len);
		s->set_id = p->set_id;
		s->set_offset = p->file_offset;
		set_begin(s, &p->ctx, t, ST_PENDING);
		return STEP_CONTINUE;
	}
	s->pending_recheck = false;
	s->state = ST_IDLE;
	return STEP_CONTINUE;
}

/* Template records of the current set, one per call. */
static enum step
templates_next(struct flow_session *s, struct decode_error *err)
{
	enum step st;
	bool stop;

	s->ctx = &s->dg_ctx;
	if (cursor_left(&s->set) == 0) {
		s->state = ST_SETS;
		return STEP_CONTINUE;
	}
	st = template_read(s, err, &stop);
	if (stop)
		s->state = ST_SETS;
	return st;
}

/* ------------------------------------------------------------------ */
/* NetFlow v5 (Cisco "NetFlow Export Datagram Format", version 5)        */

static enum step
v5_next(struct flow_session *s, const struct flow_record **rec,
    struct decode_error *err)
{
	const struct export_ctx *ctx = &s->dg_ctx;
	struct flow_record *r = &s->rec;
	struct cursor c;
	size_t pos = cursor_pos(&s->msg);
	uint32_t packets = 0, octets = 0, first = 0, last = 0;
	uint16_t in_if = 0, out_if = 0, src_as = 0, dst_as = 0;
	uint8_t pad = 0, tcp_flags = 0;
	char detail[DECODE_DETAIL_MAX];

	if (s->v5_left == 0) {
		s->state = ST_IDLE;
		return STEP_CONTINUE;
	}
	if (cursor_sub(&s->msg, V5_RECORD_LEN, &c) == -1) {
		snprintf(detail, sizeof(detail), "v5 header count says %u more "
		    "records but only %zu bytes are left", s->v5_left,
		    cursor_left(&s->msg));
		s->state = ST_IDLE;
		dg_error(s, err, pos, SKIP_BAD_EXPORT, detail);
		return STEP_SKIP;
	}
	s->v5_left--;
	*r = s->base;
	(void)get_addr(&c, AFI_IPV4, &r->src);
	(void)get_addr(&c, AFI_IPV4, &r->dst);
	(void)get_addr(&c, AFI_IPV4, &r->next_hop);
	(void)cursor_get_n16(&c, &in_if);
	(void)cursor_get_n16(&c, &out_if);
	(void)cursor_get_n32(&c, &packets);
	(void)cursor_get_n32(&c, &octets);
	(void)cursor_get_n32(&c, &first);
	(void)cursor_get_n32(&c, &last);
	(void)cursor_get_n16(&c, &r->src_port);
	(void)cursor_get_n16(&c, &r->dst_port);
	(void)cursor_get_u8(&c, &pad);
	(void)cursor_get_u8(&c, &tcp_flags);
	(void)cursor_get_u8(&c, &r->proto);
	(void)cursor_get_u8(&c, &r->tos);
	(void)cursor_get_n16(&c, &src_as);
	(void)cursor_get_n16(&c, &dst_as);
	(void)cursor_get_u8(&c, &r->src_mask);
	(void)cursor_get_u8(&c, &r->dst_mask);
	r->in_if = in_if;
	r->out_if = out_if;
	r->packets = packets;
	r->bytes = octets;
	r->tcp_flags = tcp_flags;
	r->src_as = src_as;
	r->dst_as = dst_as;
	r->start_uptime_ms = first;
	r->end_uptime_ms = last;
	/* Boot time from the header: unix_secs*1000 + nsecs - sysUptime. */
	r->start_ms = uptime_to_utc(ctx->export_ms, ctx->sys_uptime, first);
	r->end_ms = uptime_to_utc(ctx->export_ms, ctx->sys_uptime, last);
	r->present |= FLOW_HAS_START | FLOW_HAS_END | FLOW_HAS_UPTIME |
	    FLOW_HAS_SRC_PORT | FLOW_HAS_DST_PORT | FLOW_HAS_PROTO |
	    FLOW_HAS_TCP_FLAGS | FLOW_HAS_BYTES | FLOW_HAS_PACKETS |
	    FLOW_HAS_IN_IF | FLOW_HAS_OUT_IF | FLOW_HAS_SRC_AS |
	    FLOW_HAS_DST_AS | FLOW_HAS_TOS | FLOW_HAS_SRC_MASK |
	    FLOW_HAS_DST_MASK;
	s->stats.flows++;
	*rec = r;
	return STEP_OK;
}

/* Read the export header, RFC 3954 5.1, RFC 7011 3.1, Cisco v5. */
static enum step
header_read(struct flow_session *s, struct decode_error *err)
{
	struct export_ctx *ctx = &s->dg_ctx;
	struct flow_record *b = &s->base;
	uint16_t version, count, length, sampling;
	uint32_t seq, nsecs;
	uint8_t engine_type, engine_id;
	char detail[DECODE_DETAIL_MAX];

	memset(ctx, 0, sizeof(*ctx));
	ctx->exporter = s->dg.exporter;
	ctx->packet_no = s->dg.packet_no;
	ctx->has_recv = s->dg.has_recv_time;
	ctx->recv_us = s->dg.recv_us;
	ctx->file = s->dg.file;
	ctx->offset_in_packet = s->dg.offset_in_packet;
	ctx->record_unit = s->dg.record_unit;
	s->ctx = ctx;
	s->state = ST_IDLE;

	if (cursor_get_n16(&s->msg, &version) == -1 ||
	    cursor_get_n16(&s->msg, &count) == -1) {
		snprintf(detail, sizeof(detail), "datagram of %zu bytes is too "
		    "short for an export header", s->dg.len);
		dg_error(s, err, 0, SKIP_BAD_EXPORT, detail);
		return STEP_SKIP;
	}
	ctx->version = (uint8_t)version;
	switch (version) {
	case 5:
		if (cursor_get_n32(&s->msg, &ctx->sys_uptime) == -1 ||
		    cursor_get_n32(&s->msg, &ctx->export_secs) == -1 ||
		    cursor_get_n32(&s->msg, &nsecs) == -1 ||
		    cursor_get_n32(&s->msg, &seq) == -1 ||
		    cursor_get_u8(&s->msg, &engine_type) == -1 ||
		    cursor_get_u8(&s->msg, &engine_id) == -1 ||
		    cursor_get_n16(&s->msg, &sampling) == -1)
			goto short_header;
		ctx->export_ms = (int64_t)ctx->export_secs * 1000 +
		    nsecs / 1000000;
		ctx->domain = (uint32_t)engine_type << 8 | engine_id;
		memset(b, 0, sizeof(*b));
		b->version = 5;
		b->exporter = ctx->exporter;
		b->domain = ctx->domain;
		b->packet_no = ctx->packet_no;
		b->export_ms = ctx->export_ms;
		b->sys_uptime_ms = ctx->sys_uptime;
		b->sampling_rate = 1;
		b->present = FLOW_HAS_DOMAIN | FLOW_HAS_EXPORT_TIME |
		    FLOW_HAS_SYS_UPTIME;
		if (ctx->has_recv) {
			b->recv_us = ctx->recv_us;
			b->present |= FLOW_HAS_RECV_TIME;
		}
		/*
		 * sampling_interval: mode in the top 2 bits, interval in the
		 * low 14.  Interval 0 means no sampling configured; a
		 * non-zero interval is taken as the rate whatever the mode,
		 * as some exporters leave the mode 0 (nfdump does the same).
		 */
		if ((sampling & 0x3fff) != 0) {
			b->sampling_rate = sampling & 0x3fff;
			b->present |= FLOW_HAS_SAMPLING;
		}
		s->v5_left = count;
		s->state = ST_V5;
		/*
		 * A count beyond the 30 records a v5 datagram may hold is a
		 * broken header, not a reason to lose the records: they are
		 * read by the datagram's length, as tshark does, and the
		 * header reported.
		 */
		if (count > V5_MAX_COUNT &&
		    cursor_left(&s->msg) >= V5_RECORD_LEN) {
			s->v5_left = (uint16_t)(cursor_left(&s->msg) /
			    V5_RECORD_LEN);
			snprintf(detail, sizeof(detail), "v5 header count %u "
			    "is more than 30; decoding the %u records the "
			    "datagram holds", count, s->v5_left);
			dg_error(s, err, 2, SKIP_BAD_EXPORT, detail);
			return STEP_SKIP;
		}
		return STEP_CONTINUE;
	case 9:
		if (cursor_get_n32(&s->msg, &ctx->sys_uptime) == -1 ||
		    cursor_get_n32(&s->msg, &ctx->export_secs) == -1 ||
		    cursor_get_n32(&s->msg, &seq) == -1 ||
		    cursor_get_n32(&s->msg, &ctx->domain) == -1)
			goto short_header;
		ctx->export_ms = (int64_t)ctx->export_secs * 1000;
		s->state = ST_SETS;
		return STEP_CONTINUE;
	case 10:
		length = count;
		if (cursor_get_n32(&s->msg, &ctx->export_secs) == -1 ||
		    cursor_get_n32(&s->msg, &seq) == -1 ||
		    cursor_get_n32(&s->msg, &ctx->domain) == -1)
			goto short_header;
		ctx->export_ms = (int64_t)ctx->export_secs * 1000;
		if (length < IPFIX_HEADER_LEN) {
			snprintf(detail, sizeof(detail), "IPFIX message length "
			    "%u < 16", length);
			dg_error(s, err, 2, SKIP_BAD_EXPORT, detail);
			return STEP_SKIP;
		}
		s->state = ST_SETS;
		if (length < s->dg.len) {
			/* RFC 7011 3.1: the message ends where it says. */
			s->msg.len = length;
		} else if (length > s->dg.len) {
			snprintf(detail, sizeof(detail), "IPFIX message length "
			    "%u > %zu bytes received; decoding what is there",
			    length, s->dg.len);
			dg_error(s, err, 2, SKIP_BAD_EXPORT, detail);
			return STEP_SKIP;
		}
		return STEP_CONTINUE;
	default:
		snprintf(detail, sizeof(detail), "version %u is not NetFlow v5, "
		    "v9 or IPFIX", version);
		dg_error(s, err, 0, SKIP_BAD_EXPORT, detail);
		return STEP_SKIP;
	}
short_header:
	snprintf(detail, sizeof(detail), "%s header needs %d bytes, datagram "
	    "has %zu", version == 5 ? "v5" : version_name((uint8_t)version),
	    version == 5 ? V5_HEADER_LEN : version == 9 ? V9_HEADER_LEN :
	    IPFIX_HEADER_LEN, s->dg.len);
	s->state = ST_IDLE;
	dg_error(s, err, 0, SKIP_BAD_EXPORT, detail);
	return STEP_SKIP;
}

enum flow_status
flow_session_next(struct flow_session *s, const struct flow_record **rec,
    struct decode_error *err)
{
	enum step st;

	for (;;) {
		switch (s->state) {
		case ST_IDLE:
			return FLOW_END;
		case ST_HEADER:
			st = header_read(s, err);
			break;
		case ST_V5:
			st = v5_next(s, rec, err);
			break;
		case ST_SETS:
			st = set_next(s, err);
			break;
		case ST_TEMPLATES:
			st = templates_next(s, err);
			break;
		case ST_DATA:
			st = data_next(s, rec, err);
			break;
		case ST_PENDING:
			st = pending_next(s);
			break;
		default:
			return FLOW_END;
		}
		if (st == STEP_OK)
			return FLOW_OK;
		if (st == STEP_SKIP)
			return FLOW_SKIP;
	}
}

enum flow_status
flow_session_finish(struct flow_session *s, struct decode_error *err)
{
	struct pending_set *p = s->pending_head;

	if (s->cur_pending != NULL) {
		free(s->cur_pending->bytes);
		free(s->cur_pending);
		s->cur_pending = NULL;
	}
	s->state = ST_IDLE;
	if (p == NULL)
		return FLOW_END;
	s->pending_head = p->next;
	if (s->pending_head == NULL)
		s->pending_tail = NULL;
	s->pending_bytes -= p->len;
	s->stats.sets_deferred_dropped++;
	s->ctx = &p->ctx;
	set_error(s, err, p->file_offset, p->ctx.packet_no, SKIP_NO_TEMPLATE,
	    "%s data %s %u (domain %" PRIu32 ", %zu bytes): template %u "
	    "never came", version_name(p->ctx.version),
	    set_name(p->ctx.version), p->set_id, p->ctx.domain, p->len,
	    p->set_id);
	s->ctx = NULL;
	free(p->bytes);
	free(p);
	return FLOW_SKIP;
}
