/*
 * tests/bench_probe_gen.c -- the probe input of `make bench`: a large
 * line-delimited file of RIPE Atlas ping results (one JSON object per
 * line, as the results API's ?format=txt and the daily dumps give them).
 *
 *   bench_probe_gen OUT MB
 *
 * writes about MB * 10^6 bytes (whole lines) to OUT and prints
 * "results N" and "bytes N" on stdout.  libc only; deterministic (fixed
 * seed xorshift64*), so every machine benchmarks the same bytes.
 *
 * The mix, modelled on tests/data/probes/sagan__atlas-ping-results.ndjson
 * and pierky__msm3359986.results.json:
 *   ~90% recent firmware (4790, 5020, 5080): af, avg, dst_addr, dst_name,
 *        dup, from, fw, group_id, lts, max, min, msm_id, msm_name, prb_id,
 *        proto, rcvd, result, sent, size, src_addr, step,
 *        stored_timestamp, timestamp, ttl, type; keys in the API's order
 *        or in alphabetical order (two producers)
 *   ~8%  fw 4600-4730 (no stored_timestamp; per-reply ttl, srcaddr on
 *        lost packets, the occasional dup reply)
 *   ~2%  fw 4460-4570 (addr and name besides dst_addr and dst_name, no
 *        group_id, step or lts) and a few fw 1 results (no result array,
 *        addr/name only, string-free numbers)
 * Lost packets: most results lose none, ~12% lose one or two of three,
 * ~4% lose all (avg/min/max -1, rcvd 0, result [{"x":"*"},...]), a few
 * carry {"error":"..."} entries.  A quarter is IPv6.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x5eed0f7a71a5ULL;

static uint64_t
rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static unsigned
below(unsigned n)
{
	return (unsigned)((rnd() >> 33) % n);
}

static double
unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

#define NPROBES	6000
#define NMSMS	48

struct probe {
	unsigned	id;
	unsigned	fw;
	char		from4[16], src4[16];
	char		from6[40], src6[40];
	double		base;		/* baseline RTT, ms */
	unsigned	lts;
};

struct msm {
	unsigned	id;
	int		af;
	unsigned	size, step;
	const char	*proto;
	char		dst_addr[40];
	char		dst_name[64];
};

static struct probe probes[NPROBES];
static struct msm msms[NMSMS];

static const char *const names[] = {
	"k.root-servers.net", "a.root-servers.net", "f.root-servers.net",
	"ctr-ams01.atlas.ripe.net", "ctr-sin02.atlas.ripe.net",
	"anchor-nl-ams-as3333.anchors.atlas.ripe.net", "hsi.cablecom.ch",
	"www.google.com", "facebook.com", "de-fra-as64475.anchors.atlas.ripe.net",
	"us-sjc-as13335.anchors.atlas.ripe.net", "ping.online.net",
};

static void
ipv4(char *buf, int private)
{
	if (private && below(3) == 0)
		sprintf(buf, "192.168.%u.%u", below(256), 2 + below(250));
	else if (private && below(2) == 0)
		sprintf(buf, "10.%u.%u.%u", below(256), below(256), 2 + below(250));
	else
		sprintf(buf, "%u.%u.%u.%u", 1 + below(222), below(256), below(256),
		    1 + below(254));
}

static void
ipv6(char *buf)
{
	static const char *const pfx[] = { "2001:67c", "2a02", "2a01:4f8", "2001:470",
	    "2600:1700", "2a00:1450", "2001:db8" };

	sprintf(buf, "%s:%x:%x::%x", pfx[below(6)], below(0x10000), below(0x10000),
	    1 + below(0xffff));
}

static void
setup(void)
{
	static const unsigned recent[] = { 4790, 5020, 5020, 5020, 5080, 5080 };
	unsigned i;

	for (i = 0; i < NPROBES; i++) {
		struct probe *p = &probes[i];
		unsigned r = below(100);

		p->id = 10 + i * 9 + below(9);
		if (r < 90)
			p->fw = recent[below(6)];
		else if (r < 98)
			p->fw = 4600 + 10 * below(14);
		else
			p->fw = 4460 + 10 * below(12);
		ipv4(p->from4, 0);
		if (below(3) == 0)
			strcpy(p->src4, p->from4);
		else
			ipv4(p->src4, 1);
		ipv6(p->from6);
		strcpy(p->src6, p->from6);
		p->base = 2.0 + 300.0 * unit() * unit();
		p->lts = below(120);
	}
	for (i = 0; i < NMSMS; i++) {
		struct msm *m = &msms[i];

		m->id = i < 12 ? 1000 + i * 2 : 1000000 + below(40000000);
		m->af = below(4) == 0 ? 6 : 4;
		m->size = i < 12 ? 48 : (below(2) ? 48 : 64);
		m->step = i < 12 ? 240 : 60 * (1 + below(15));
		m->proto = below(20) == 0 ? "UDP" : "ICMP";
		if (m->af == 4)
			ipv4(m->dst_addr, 0);
		else
			ipv6(m->dst_addr);
		if (below(4) == 0)
			strcpy(m->dst_name, m->dst_addr);
		else
			strcpy(m->dst_name, names[below(sizeof names / sizeof names[0])]);
	}
}

/* a double as Atlas prints it: up to PREC decimals, trailing zeros cut */
static char *
num(char *buf, double v, int prec)
{
	char *e;

	sprintf(buf, "%.*f", prec, v);
	e = buf + strlen(buf) - 1;
	while (*e == '0')
		*e-- = '\0';
	if (*e == '.')
		*e = '\0';
	return buf;
}

static char line[8192];
static size_t len;

static void
putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
putf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	len += (size_t)vsnprintf(line + len, sizeof line - len, fmt, ap);
	va_end(ap);
}

struct result {
	const struct probe	*p;
	const struct msm	*m;
	unsigned long		ts;
	unsigned		sent, rcvd, dup, ttl;
	double			min, avg, max;
	char			items[1024];	/* the result array */
	char			from[40], src[40];
};

static void
make_result(struct result *r, const struct probe *p, const struct msm *m, unsigned long ts)
{
	double rtt[16];
	unsigned n, i, lost = 0, dup = 0;
	unsigned kind = below(100);
	char b[32];
	size_t o = 0;
	int per_ttl = p->fw < 4790 && p->fw >= 4600 && below(2);

	memset(r, 0, sizeof *r);
	r->p = p;
	r->m = m;
	r->ts = ts;
	r->ttl = 40 + below(24);
	strcpy(r->from, m->af == 6 ? p->from6 : p->from4);
	strcpy(r->src, m->af == 6 ? p->src6 : p->src4);
	n = 3;
	r->sent = n;
	r->items[o++] = '[';
	if (kind < 4)
		lost = n;			/* all lost */
	else if (kind < 16)
		lost = 1 + below(2);
	for (i = 0; i < n; i++) {
		int is_lost = lost == n || (lost && i >= n - lost && below(3));

		if (o > 1)
			r->items[o++] = ',';
		if (is_lost && kind == 2)
			o += (size_t)sprintf(r->items + o, "{\"error\":\"sendto failed: Network is unreachable\"}");
		else if (is_lost && p->fw < 4790 && p->fw >= 4600)
			o += (size_t)sprintf(r->items + o, "{\"srcaddr\":\"%s\",\"x\":\"*\"}", r->src);
		else if (is_lost)
			o += (size_t)sprintf(r->items + o, "{\"x\":\"*\"}");
		else {
			double v = p->base * (1.0 + 0.05 * unit()) + (below(50) == 0 ? 200 * unit() : 0);

			rtt[r->rcvd++] = v;
			o += (size_t)sprintf(r->items + o, "{\"rtt\":%s", num(b, v, p->fw >= 4790 ? 6 : 3));
			if (per_ttl && i > 0)
				o += (size_t)sprintf(r->items + o, ",\"ttl\":%u", r->ttl);
			r->items[o++] = '}';
			if (p->fw < 4790 && below(200) == 0) {	/* a duplicate reply */
				o += (size_t)sprintf(r->items + o, ",{\"dup\":1,\"rtt\":%s}", num(b, v + 1.3, 3));
				dup++;
			}
		}
	}
	r->items[o++] = ']';
	r->items[o] = '\0';
	r->dup = dup;
	if (r->rcvd == 0) {
		r->min = r->avg = r->max = -1;
	} else {
		double s = 0;

		r->min = r->max = rtt[0];
		for (i = 0; i < r->rcvd; i++) {
			s += rtt[i];
			if (rtt[i] < r->min)
				r->min = rtt[i];
			if (rtt[i] > r->max)
				r->max = rtt[i];
		}
		r->avg = s / r->rcvd;
	}
}

static const char *
rtt_field(char *b, double v, int prec)
{
	if (v < 0)
		return "-1";
	return num(b, v, prec);
}

/* fw 4790+ as the results API gives it (its key order) */
static void
emit_api(const struct result *r)
{
	char b1[32], b2[32], b3[32];
	const struct probe *p = r->p;
	const struct msm *m = r->m;

	putf("{\"fw\":%u,\"mver\":\"2.%u.%u\",\"lts\":%u,\"dst_name\":\"%s\",\"af\":%d,"
	    "\"dst_addr\":\"%s\",\"src_addr\":\"%s\",\"proto\":\"%s\",\"ttl\":%u,"
	    "\"size\":%u,\"result\":%s,\"dup\":%u,\"rcvd\":%u,\"sent\":%u,",
	    p->fw, p->fw >= 5020 ? 6 : 2, p->fw % 7, p->lts + below(40), m->dst_name,
	    m->af, m->dst_addr, r->src, m->proto, r->ttl, m->size, r->items, r->dup,
	    r->rcvd, r->sent);
	putf("\"min\":%s,\"max\":%s,\"avg\":%s,\"msm_id\":%u,\"prb_id\":%u,"
	    "\"timestamp\":%lu,\"msm_name\":\"Ping\",\"from\":\"%s\",\"type\":\"ping\","
	    "\"group_id\":%u,\"step\":%u,\"stored_timestamp\":%lu}\n",
	    rtt_field(b1, r->min, 6), rtt_field(b2, r->max, 6),
	    rtt_field(b3, r->avg, 9), m->id, p->id, r->ts, r->from, m->id, m->step,
	    r->ts + 30 + below(600));
}

/* fw 4790+ in alphabetical key order (a json.dumps(sort_keys=True) dump) */
static void
emit_sorted(const struct result *r)
{
	char b1[32], b2[32], b3[32];
	const struct probe *p = r->p;
	const struct msm *m = r->m;

	putf("{\"af\":%d,\"avg\":%s,\"dst_addr\":\"%s\",\"dst_name\":\"%s\",\"dup\":%u,"
	    "\"from\":\"%s\",\"fw\":%u,\"group_id\":%u,\"lts\":%u,\"max\":%s,\"min\":%s,"
	    "\"msm_id\":%u,\"msm_name\":\"Ping\",\"prb_id\":%u,\"proto\":\"%s\",\"rcvd\":%u,",
	    m->af, rtt_field(b3, r->avg, 9), m->dst_addr, m->dst_name, r->dup, r->from,
	    p->fw, m->id, p->lts + below(40), rtt_field(b2, r->max, 6),
	    rtt_field(b1, r->min, 6), m->id, p->id, m->proto, r->rcvd);
	putf("\"result\":%s,\"sent\":%u,\"size\":%u,\"src_addr\":\"%s\",\"step\":%u,"
	    "\"stored_timestamp\":%lu,\"timestamp\":%lu,\"ttl\":%u,\"type\":\"ping\"}\n",
	    r->items, r->sent, m->size, r->src, m->step, r->ts + 30 + below(600), r->ts,
	    r->ttl);
}

/* fw 4600-4730: sorted keys, no stored_timestamp */
static void
emit_mid(const struct result *r)
{
	char b1[32], b2[32], b3[32];
	const struct probe *p = r->p;
	const struct msm *m = r->m;

	putf("{\"af\":%d,\"avg\":%s,\"dst_addr\":\"%s\",\"dst_name\":\"%s\",\"dup\":%u,"
	    "\"from\":\"%s\",\"fw\":%u,\"group_id\":%u,\"lts\":%u,\"max\":%s,\"min\":%s,"
	    "\"msm_id\":%u,\"msm_name\":\"Ping\",\"prb_id\":%u,\"proto\":\"%s\",\"rcvd\":%u,"
	    "\"result\":%s,\"sent\":%u,\"size\":%u,\"src_addr\":\"%s\",\"step\":%u,"
	    "\"timestamp\":%lu,\"ttl\":%u,\"type\":\"ping\"}\n",
	    m->af, rtt_field(b3, r->avg, 12), m->dst_addr, m->dst_name, r->dup, r->from,
	    p->fw, m->id, p->lts + below(200), rtt_field(b2, r->max, 3),
	    rtt_field(b1, r->min, 3), m->id, p->id, m->proto, r->rcvd, r->items, r->sent,
	    m->size - 36, r->src, m->step, r->ts, r->ttl);
}

/* fw 4460-4570: addr and name as well, no group_id, step, lts */
static void
emit_old(const struct result *r)
{
	char b1[32], b2[32], b3[32];
	const struct probe *p = r->p;
	const struct msm *m = r->m;

	putf("{\"addr\":\"%s\",\"af\":%d,\"avg\":%s,\"dst_addr\":\"%s\",\"dst_name\":\"%s\","
	    "\"dup\":%u,\"from\":\"%s\",\"fw\":%u,\"max\":%s,\"min\":%s,\"msm_id\":%u,"
	    "\"name\":\"%s\",\"prb_id\":%u,\"proto\":\"%s\",\"rcvd\":%u,\"result\":%s,"
	    "\"sent\":%u,\"size\":%u,\"src_addr\":\"%s\",\"timestamp\":%lu,\"ttl\":%u,"
	    "\"type\":\"ping\"}\n",
	    m->dst_addr, m->af, rtt_field(b3, r->avg, 15), m->dst_addr, m->dst_name,
	    r->dup, r->from, p->fw, rtt_field(b2, r->max, 15), rtt_field(b1, r->min, 15),
	    m->id, m->dst_name, p->id, m->proto, r->rcvd, r->items, r->sent, m->size - 28,
	    r->src, r->ts, r->ttl);
}

/* fw 1: no result array, addr and name only */
static void
emit_fw1(const struct result *r)
{
	char b1[32], b2[32], b3[32];
	const struct probe *p = r->p;
	const struct msm *m = r->m;

	putf("{\"addr\":\"%s\",\"avg\":%s,\"dup\":0,\"from\":\"%s\",\"fw\":1,\"max\":%s,"
	    "\"min\":%s,\"msm_id\":%u,\"name\":\"%s\",\"prb_id\":%u,\"rcvd\":%u,\"sent\":%u,"
	    "\"size\":56,\"timestamp\":%lu,\"type\":\"ping\"}\n",
	    m->dst_addr, rtt_field(b3, r->avg, 14), r->from, rtt_field(b2, r->max, 14),
	    rtt_field(b1, r->min, 14), m->id, m->dst_name, p->id, r->rcvd, r->sent, r->ts);
}

int
main(int argc, char **argv)
{
	FILE *f;
	unsigned long long want, bytes = 0, results = 0;
	unsigned long ts = 1717200000UL;	/* 2024-06-01 00:00 UTC */
	static char obuf[1 << 20];
	struct result r;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_probe_gen OUT MB\n");
		return 2;
	}
	want = strtoull(argv[2], NULL, 10) * 1000000ULL;
	if (want == 0) {
		fprintf(stderr, "bench_probe_gen: MB must be positive\n");
		return 2;
	}
	if ((f = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	setvbuf(f, obuf, _IOFBF, sizeof obuf);
	setup();
	while (bytes < want) {
		const struct msm *m = &msms[below(NMSMS)];
		const struct probe *p = &probes[below(NPROBES)];

		make_result(&r, p, m, ts + below(240));
		len = 0;
		if (p->fw >= 4790)
			(results & 1 ? emit_sorted : emit_api)(&r);
		else if (p->fw >= 4600)
			emit_mid(&r);
		else if (below(8) == 0)
			emit_fw1(&r);
		else
			emit_old(&r);
		if (fwrite(line, 1, len, f) != len) {
			perror(argv[1]);
			return 1;
		}
		bytes += len;
		results++;
		if (results % 1500 == 0)
			ts += 240;
	}
	if (fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	printf("results %llu\nbytes %llu\n", results, bytes);
	return 0;
}
