/*
 * nk_gen_atlas.c -- RIPE Atlas ping results of the North Korea
 * re-creation: eight probes on four continents ping three hosts in
 * 175.45.176.0/22 every 240 seconds, three packets each, one file per
 * measurement as the results API gives them (one JSON object a line):
 *
 *   atlas/msm-NNNNNNN.json.bz2
 *
 * The shape is that of firmware 4650 to 4720 (the versions around
 * December 2014): the keys and their order of the results of
 * measurement 3359986 and of the sagan test results in
 * tests/data/probes, RTTs with three decimals, avg rounded to ten,
 * lost packets as {"x":"*"}, avg/min/max -1 when nothing came back.
 *
 * Chosen, not published: the measurement and probe IDs, the probes'
 * addresses (documentation ranges, RFC 5737), the hosts, the RTTs, the
 * losses under attack, and one probe's own outage on 20 December (its
 * uplink, not the target: the other probes see the hosts meanwhile).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples/nk_gen.h"

#define STEP		240
#define PACKETS		3

struct probe {
	unsigned	 id;
	unsigned	 fw;
	const char	*from, *src;
	double		 rtt;		/* ms, unloaded */
	unsigned	 hops;
	const char	*country;	/* for the README only */
};

static const struct probe probes[] = {
	{ 1012, 4670, "198.51.100.23", "192.168.1.23", 252.0, 19, "DE" },
	{ 2154, 4680, "198.51.100.61", "198.51.100.61", 241.0, 18, "NL" },
	{ 6013, 4680, "203.0.113.17", "203.0.113.17", 228.0, 18, "US" },
	{ 10322, 4680, "203.0.113.80", "192.168.1.101", 186.0, 17, "US" },
	{ 11710, 4670, "203.0.113.130", "203.0.113.130", 98.0, 14, "JP" },
	{ 12930, 4680, "192.0.2.44", "192.168.10.5", 112.0, 15, "SG" },
	{ 13458, 4660, "192.0.2.90", "192.0.2.90", 38.0, 10, "CN" },
	{ 14277, 4680, "192.0.2.160", "10.1.1.7", 187.0, 16, "AU" },
};
#define NPROBES		(sizeof(probes) / sizeof(probes[0]))

/* The probe in Australia loses its own uplink (chosen). */
#define LOCAL_OUTAGE_PROBE	14277
#define LOCAL_OUTAGE_START	NK_AT(20, 4, 10, 0)
#define LOCAL_OUTAGE_END	NK_AT(20, 7, 35, 0)

struct msm {
	unsigned	 id;
	const char	*dst;
	uint32_t	 addr;
};

static const struct msm msms[] = {
	{ 1789435, "175.45.176.15", 0xaf2db00fu },
	{ 1789436, "175.45.176.71", 0xaf2db047u },
	{ 1789437, "175.45.178.129", 0xaf2db281u },
};
#define NMSMS		(sizeof(msms) / sizeof(msms[0]))

/* A number as Atlas printed it: up to prec decimals, no trailing
 * zeros. */
static const char *
num(char *buf, size_t len, double v, int prec)
{
	char *e;

	snprintf(buf, len, "%.*f", prec, v);
	e = buf + strlen(buf) - 1;
	while (*e == '0')
		*e-- = '\0';
	if (*e == '.')
		*e = '\0';
	return buf;
}

/*
 * How loaded the link to 175.45.176.0/22 is at t, 0 to 1: the attacks
 * under way, by their size against the peak.
 */
static double
congestion(int64_t t)
{
	const struct nk_attack *a;
	size_t n, i;
	double c = 0;

	a = nk_story_attacks(&n);
	for (i = 0; i < n; i++)
		c += nk_attack_level(&a[i], t - t % 60) * a[i].mpps /
		    NK_PEAK_MPPS;
	return c > 1 ? 1 : c;
}

static void
one_result(struct nk_buf *b, struct nk_rng *r, const struct probe *p,
    const struct msm *m, int64_t ts, unsigned *lts)
{
	char items[512], tmp[32], tmin[32], tmax[32], tavg[32];
	double rtts[PACKETS], sum = 0, lo = 0, hi = 0, load, loss;
	unsigned i, rcvd = 0, ttl = 64 - p->hops;
	size_t o = 0;
	int k = nk_prefix_of(m->addr);
	int dark = !nk_story_routed((unsigned)k, ts);
	int local = p->id == LOCAL_OUTAGE_PROBE &&
	    ts >= LOCAL_OUTAGE_START && ts < LOCAL_OUTAGE_END;

	load = congestion(ts);
	loss = 0.004 + 0.6 * load * load;
	if (ts >= NK_UNSTABLE_START && ts < NK_UNSTABLE_END)
		loss += 0.04;
	items[o++] = '[';
	for (i = 0; i < PACKETS; i++) {
		int lost = dark || local || nk_rng_unit(r) < loss;

		if (i > 0)
			items[o++] = ',';
		if (lost) {
			o += (size_t)snprintf(items + o, sizeof(items) - o,
			    "{\"x\":\"*\"}");
			continue;
		}
		rtts[rcvd] = p->rtt * (1 + 0.03 * nk_rng_unit(r)) +
		    load * 180 * nk_rng_unit(r) +
		    (nk_rng_below(r, 60) == 0 ? 120 * nk_rng_unit(r) : 0);
		o += (size_t)snprintf(items + o, sizeof(items) - o,
		    "{\"rtt\":%s}", num(tmp, sizeof(tmp), rtts[rcvd], 3));
		rcvd++;
	}
	items[o++] = ']';
	items[o] = '\0';
	for (i = 0; i < rcvd; i++) {
		/* What the probe prints: the rounded values. */
		rtts[i] = round(rtts[i] * 1000) / 1000;
		sum += rtts[i];
		if (i == 0 || rtts[i] < lo)
			lo = rtts[i];
		if (i == 0 || rtts[i] > hi)
			hi = rtts[i];
	}
	/* A probe without its uplink cannot sync its clock either. */
	*lts = local ? *lts + STEP : 20 + (unsigned)nk_rng_below(r, 160);
	nk_buf_printf(b, "{\"af\":4,\"prb_id\":%u,\"result\":%s,", p->id, items);
	if (rcvd > 0)
		nk_buf_printf(b, "\"ttl\":%u,", ttl);
	nk_buf_printf(b, "\"avg\":%s,\"size\":48,\"from\":\"%s\","
	    "\"proto\":\"ICMP\",\"timestamp\":%lld,\"dup\":0,"
	    "\"type\":\"ping\",\"sent\":%u,\"msm_id\":%u,\"fw\":%u,",
	    rcvd ? num(tavg, sizeof(tavg), sum / rcvd, 10) : "-1", p->from,
	    (long long)ts, PACKETS, m->id, p->fw);
	nk_buf_printf(b, "\"max\":%s,\"step\":%u,\"src_addr\":\"%s\","
	    "\"rcvd\":%u,\"msm_name\":\"Ping\",\"lts\":%u,\"dst_name\":\"%s\","
	    "\"min\":%s,\"group_id\":%u,\"dst_addr\":\"%s\"}\n",
	    rcvd ? num(tmax, sizeof(tmax), hi, 3) : "-1", STEP, p->src, rcvd,
	    *lts, m->dst, rcvd ? num(tmin, sizeof(tmin), lo, 3) : "-1", m->id,
	    m->dst);
}

struct slot {
	int64_t		 ts;
	unsigned	 probe;
};

static int
by_ts(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->probe > y->probe) - (x->probe < y->probe);
}

void
nk_write_atlas(const char *dir)
{
	size_t nslots = (size_t)(NK_END - NK_START) / STEP * NPROBES;
	struct slot *slots = calloc(nslots, sizeof(*slots));
	unsigned mi, pi, lts[NPROBES];
	struct nk_rng r;

	if (slots == NULL)
		nk_die("out of memory", NULL);
	for (mi = 0; mi < NMSMS; mi++) {
		const struct msm *m = &msms[mi];
		struct nk_buf b = { 0 };
		char path[1024];
		size_t n = 0, i;
		int64_t t;

		nk_rng_seed(&r, m->id);
		/* Each probe runs at its own second of the interval. */
		for (t = NK_START; t < NK_END; t += STEP)
			for (pi = 0; pi < NPROBES; pi++) {
				int64_t ts = t + (probes[pi].id * 37 + mi * 11) %
				    STEP + nk_rng_below(&r, 3);

				if (ts >= NK_END)
					continue;
				slots[n].ts = ts;
				slots[n].probe = pi;
				n++;
			}
		qsort(slots, n, sizeof(*slots), by_ts);
		for (pi = 0; pi < NPROBES; pi++)
			lts[pi] = 30;
		for (i = 0; i < n; i++)
			one_result(&b, &r, &probes[slots[i].probe], m,
			    slots[i].ts, &lts[slots[i].probe]);
		snprintf(path, sizeof(path), "%s/atlas/msm-%u.json.bz2", dir,
		    m->id);
		nk_write_file(path, NK_BZIP2, b.data, b.len);
		nk_buf_free(&b);
	}
	free(slots);
}
