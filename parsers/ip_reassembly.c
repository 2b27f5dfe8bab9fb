/*
 * ip_reassembly.c -- IP datagrams put together again from their fragments
 * (RFC 791 3.2, RFC 8200 4.5).
 *
 * A fixed table of IP_REASSEMBLY_MAX slots, one datagram each, matched on
 * address family, source, destination, protocol and identification.
 * Memory is bounded: the table (about 70 KiB) comes with
 * ip_reassembly_new(); the data lives in one arena of IP_REASSEMBLY_MAX
 * times IP_REASSEMBLY_MAX_LEN bytes (4 MiB), allocated once, lazily, at
 * the first fragment, and freed with the table.  Nothing is allocated per
 * fragment.  Received parts are kept as a bitmap of 8-byte units, the
 * fragment offset granularity.
 *
 * A datagram is given up when its fragments contradict one another
 * (overlap, RFC 5722; two different ends), when it is still incomplete
 * IP_REASSEMBLY_US after its first fragment, when the table is full and
 * it is the oldest, or at the end.  Each such failure says where to
 * report it: the fragment that showed the fault, or the datagram's first
 * fragment.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/cursor.h"
#include "parsers/ip_reassembly.h"

/*
 * An IP payload holding a UDP datagram is at most 65535 bytes (the UDP
 * length is 16 bits).
 */
#define FRAG_MAX		IP_REASSEMBLY_MAX_LEN
#define FRAG_UNITS		((FRAG_MAX + 7) / 8)

struct frag {
	bool		 used;
	uint8_t		 afi;
	uint8_t		 src[16], dst[16];
	uint32_t	 id;
	uint8_t		 proto;
	int64_t		 first_us;	/* time of the first seen */
	uint64_t	 first_packet;	/* and its packet number */
	uint64_t	 first_offset;	/* and the offset of its data */
	uint32_t	 nfrags;
	uint32_t	 bytes;		/* received */
	uint32_t	 total;		/* known once the last one came */
	uint32_t	 max_end;
	bool		 have_last;
	uint8_t		 map[(FRAG_UNITS + 7) / 8];
	uint8_t		*buf;		/* FRAG_MAX bytes in the arena */
};

struct ip_reassembly {
	struct frag	 frags[IP_REASSEMBLY_MAX];
	unsigned	 nfrags;	/* slots used */
	uint8_t		*arena;		/* IP_REASSEMBLY_MAX * FRAG_MAX */
};

struct ip_reassembly *
ip_reassembly_new(void)
{
	return calloc(1, sizeof(struct ip_reassembly));
}

void
ip_reassembly_free(struct ip_reassembly *r)
{
	if (r == NULL)
		return;
	free(r->arena);
	free(r);
}

unsigned
ip_reassembly_pending(const struct ip_reassembly *r)
{
	return r->nfrags;
}

/* A failure reported at packet_no, offset. */
static void __attribute__((format(printf, 4, 5)))
fail_at(struct reassembly_failure *fail, uint64_t packet_no, uint64_t offset,
    const char *fmt, ...)
{
	va_list ap;

	memset(fail, 0, sizeof(*fail));
	fail->packet_no = packet_no;
	fail->offset = offset;
	va_start(ap, fmt);
	vsnprintf(fail->detail, sizeof(fail->detail), fmt, ap);
	va_end(ap);
}

static void
frag_describe(const struct frag *f, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(f->afi == AFI_IPV4 ? AF_INET : AF_INET6, f->src, addr,
	    sizeof(addr));
	if (f->have_last)
		snprintf(buf, len, "IPv%c datagram id 0x%" PRIx32 " from %s: "
		    "%" PRIu32 " fragment%s, %" PRIu32 " of %" PRIu32 " bytes",
		    f->afi == AFI_IPV4 ? '4' : '6', f->id, addr, f->nfrags,
		    f->nfrags == 1 ? "" : "s", f->bytes, f->total);
	else
		snprintf(buf, len, "IPv%c datagram id 0x%" PRIx32 " from %s: "
		    "%" PRIu32 " fragment%s, %" PRIu32 " bytes, last fragment "
		    "missing", f->afi == AFI_IPV4 ? '4' : '6', f->id, addr,
		    f->nfrags, f->nfrags == 1 ? "" : "s", f->bytes);
}

/* A datagram given up, reported at its first fragment. */
static void __attribute__((format(printf, 3, 4)))
frag_report(const struct frag *f, struct reassembly_failure *fail,
    const char *fmt, ...)
{
	char what[80], state[DECODE_DETAIL_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	frag_describe(f, state, sizeof(state));
	fail_at(fail, f->first_packet, f->first_offset, "%s: %s", state, what);
}

static void
frag_free(struct ip_reassembly *r, struct frag *f)
{
	f->used = false;
	r->nfrags--;
}

/* The slot of the datagram first seen earliest, NULL if none is used. */
static struct frag *
frag_oldest(struct ip_reassembly *r)
{
	struct frag *old = NULL;
	size_t i;

	for (i = 0; i < IP_REASSEMBLY_MAX; i++)
		if (r->frags[i].used && (old == NULL ||
		    r->frags[i].first_packet < old->first_packet))
			old = &r->frags[i];
	return old;
}

bool
ip_reassembly_expire_one(struct ip_reassembly *r, int64_t now_us,
    struct reassembly_failure *fail)
{
	size_t i;

	for (i = 0; i < IP_REASSEMBLY_MAX; i++) {
		struct frag *f = &r->frags[i];

		if (f->used && now_us > f->first_us &&
		    (uint64_t)now_us - (uint64_t)f->first_us >
		    (uint64_t)IP_REASSEMBLY_US) {
			frag_report(f, fail, "incomplete after %lld s",
			    (long long)(IP_REASSEMBLY_US / 1000000));
			frag_free(r, f);
			return true;
		}
	}
	return false;
}

bool
ip_reassembly_flush_one(struct ip_reassembly *r, const char *why,
    struct reassembly_failure *fail)
{
	struct frag *f = frag_oldest(r);

	if (f == NULL)
		return false;
	frag_report(f, fail, "%s", why);
	frag_free(r, f);
	return true;
}

static struct frag *
frag_find(struct ip_reassembly *r, const struct ip_fragment *fr)
{
	size_t alen = fr->afi == AFI_IPV4 ? 4 : 16, i;

	for (i = 0; i < IP_REASSEMBLY_MAX; i++) {
		struct frag *f = &r->frags[i];

		if (f->used && f->afi == fr->afi && f->id == fr->id &&
		    f->proto == fr->proto && memcmp(f->src, fr->src, alen) == 0 &&
		    memcmp(f->dst, fr->dst, alen) == 0)
			return f;
	}
	return NULL;
}

/* Count units of [from, to) already received. */
static size_t
frag_units_set(const struct frag *f, size_t from, size_t to)
{
	size_t u, n = 0;

	for (u = from; u < to; u++)
		if (f->map[u / 8] & (1u << (u % 8)))
			n++;
	return n;
}

/*
 * Drop a datagram whose fragments contradict one another, reported at the
 * fragment that showed it.
 */
static enum reassembly_result
frag_inconsistent(struct ip_reassembly *r, struct frag *f,
    const struct ip_fragment *fr, struct reassembly_failure *fail,
    const char *why)
{
	char state[DECODE_DETAIL_MAX];

	frag_describe(f, state, sizeof(state));
	fail_at(fail, fr->packet_no, fr->data_offset, "%s: %s", state, why);
	frag_free(r, f);
	return REASSEMBLY_FAILED;
}

/*
 * Add one fragment (RFC 791 3.2 reassembly, RFC 8200 4.5).  On
 * REASSEMBLY_DONE the datagram is the whole IP payload, in the arena.
 */
enum reassembly_result
ip_reassembly_add(struct ip_reassembly *r, const struct ip_fragment *fr,
    const uint8_t **datagram, size_t *dlen, struct reassembly_failure *fail)
{
	struct frag *f;
	struct cursor payload;
	size_t len = fr->len, end = fr->offset + len;
	size_t u0 = fr->offset / 8, u1 = (end + 7) / 8, u;
	bool evicted = false;
	char why[DECODE_DETAIL_MAX] = "";

	cursor_init(&payload, fr->data, fr->len);
	f = frag_find(r, fr);
	if (fr->more && (len == 0 || len % 8 != 0))
		snprintf(why, sizeof(why), "a fragment of %zu bytes that is "
		    "not the last one (not a multiple of 8)", len);
	else if (end > FRAG_MAX)
		snprintf(why, sizeof(why), "fragment ends at byte %zu, past "
		    "%u", end, FRAG_MAX);
	if (why[0] != '\0') {
		if (f != NULL)
			return frag_inconsistent(r, f, fr, fail, why);
		fail_at(fail, fr->packet_no, fr->data_offset,
		    "IPv%c fragment id 0x%" PRIx32 ": %s",
		    fr->afi == AFI_IPV4 ? '4' : '6', fr->id, why);
		return REASSEMBLY_FAILED;
	}

	if (f == NULL) {
		size_t i;

		if (r->arena == NULL &&
		    (r->arena = malloc((size_t)IP_REASSEMBLY_MAX *
		    FRAG_MAX)) == NULL) {
			fail_at(fail, fr->packet_no, fr->data_offset,
			    "no memory for reassembly");
			return REASSEMBLY_FAILED;
		}
		for (i = 0; i < IP_REASSEMBLY_MAX; i++)
			if (!r->frags[i].used)
				break;
		if (i == IP_REASSEMBLY_MAX) {
			f = frag_oldest(r);
			frag_report(f, fail, "evicted, %d datagrams already "
			    "in reassembly", IP_REASSEMBLY_MAX);
			frag_free(r, f);
			evicted = true;
			i = (size_t)(f - r->frags);
		}
		f = &r->frags[i];
		memset(f, 0, sizeof(*f));
		f->used = true;
		r->nfrags++;
		f->buf = r->arena + i * FRAG_MAX;
		f->afi = fr->afi;
		memcpy(f->src, fr->src, sizeof(f->src));
		memcpy(f->dst, fr->dst, sizeof(f->dst));
		f->id = fr->id;
		f->proto = fr->proto;
		f->first_us = fr->time_us;
		f->first_packet = fr->packet_no;
		f->first_offset = fr->data_offset;
	}

	if (!fr->more) {
		if (f->have_last && f->total != end)
			return frag_inconsistent(r, f, fr, fail,
			    "two last fragments ending at different bytes");
		if (f->max_end > end)
			return frag_inconsistent(r, f, fr, fail,
			    "data past the end the last fragment gives");
	} else if (f->have_last && end > f->total)
		return frag_inconsistent(r, f, fr, fail,
		    "data past the end the last fragment gives");

	if (frag_units_set(f, u0, u1) > 0) {
		struct cursor q = payload;
		const uint8_t *data;

		/* An exact duplicate is dropped (RFC 8200 4.5); else overlap. */
		if (frag_units_set(f, u0, u1) == u1 - u0 &&
		    (!fr->more ? f->have_last : true) &&
		    cursor_get_ref(&q, &data, len) == 0 &&
		    memcmp(f->buf + fr->offset, data, len) == 0)
			return evicted ? REASSEMBLY_FAILED : REASSEMBLY_HELD;
		return frag_inconsistent(r, f, fr, fail,
		    "overlapping fragments (RFC 5722)");
	}
	if (cursor_get_bytes(&payload, f->buf + fr->offset, len) == -1)
		return frag_inconsistent(r, f, fr, fail, "short fragment");
	for (u = u0; u < u1; u++)
		f->map[u / 8] |= (uint8_t)(1u << (u % 8));
	f->nfrags++;
	f->bytes += (uint32_t)len;
	if (end > f->max_end)
		f->max_end = (uint32_t)end;
	if (!fr->more) {
		f->have_last = true;
		f->total = (uint32_t)end;
	}
	if (f->have_last && f->bytes == f->total) {
		*datagram = f->buf;
		*dlen = f->total;
		frag_free(r, f);	/* the buffer stays until the next add */
		return REASSEMBLY_DONE;
	}
	return evicted ? REASSEMBLY_FAILED : REASSEMBLY_HELD;
}
