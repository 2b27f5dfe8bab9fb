/*
 * nk_gen_story.c -- what happened to North Korea's four networks from 18
 * to 24 December 2014, as far as it was published, and what the
 * re-creation chose where it was not.  Every writer reads the story from
 * here, so that routes, flows and probes tell the same one.
 *
 * Published (sources in samples/nk-2014/README.md):
 *   - AS131279 (Star JV) announces 175.45.176.0/22 as four /24s, through
 *     AS4837 (China Unicom) only (Dyn Research; Imperva; geekpage.jp).
 *   - Access "first became unstable late Friday" 19 December and
 *     "worsened over the weekend" (Madory to the New York Times); routes
 *     "very unstable" from Sunday 21 December (Madory on NPR); "more
 *     than 24 hours of sustained weekend instability" before the outage
 *     (Dyn Research).
 *   - All four networks gone at 16:15 UTC on 22 December, back after 9 h
 *     31 min (Dyn Research); down again 15:41 to 16:12 UTC on 23
 *     December (Dyn, via the BBC and USA Today).
 *   - DDoS (Arbor Networks ATLAS): every attack of 18, 19 and 20
 *     December to port 80; every attack of 21 and 22 December to port
 *     53 from port 123 or 1900, except the first of the 21st, from 1900
 *     to port 80; peak 5.97 Gbps and 1.70 Mpps on 20 December, the same
 *     attack; the longest 55 min 53 s on 22 December, still going; two
 *     attacks on the 18th, more than ten on the 20th (CSO Online).
 *
 * Chosen (not published): the exact times of the flaps, the partial
 * outages, the attacks and their sizes other than the peak, the
 * targets' addresses, the number of sources.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "samples/nk_gen.h"

static const char *const prefix_texts[NK_NPREFIXES] = {
	"175.45.176.0/24", "175.45.177.0/24", "175.45.178.0/24",
	"175.45.179.0/24",
};

const char *
nk_prefix_text(unsigned k)
{
	return prefix_texts[k];
}

int
nk_prefix_of(uint32_t addr)
{
	if ((addr & 0xfffffc00u) != 0xaf2db000u)	/* 175.45.176.0/22 */
		return -1;
	return (int)((addr >> 8) & 3);
}

/* --- down spans ---------------------------------------------------------- */

#define MAX_SPANS	1024

static struct nk_down raw[MAX_SPANS];
static size_t nraw;
static struct nk_down merged[NK_NPREFIXES][MAX_SPANS];
static size_t nmerged[NK_NPREFIXES];
static struct nk_wobble wobbles[MAX_SPANS];
static size_t nwobbles;
static int built;

static void
add_span(int64_t start, int64_t end, unsigned mask, enum nk_down_kind kind)
{
	if (nraw == MAX_SPANS)
		nk_die("too many down spans", NULL);
	raw[nraw].start = start;
	raw[nraw].end = end;
	raw[nraw].mask = mask;
	raw[nraw].kind = kind;
	nraw++;
}

static void
add_wobble(int64_t t, unsigned mask, double share)
{
	if (nwobbles == MAX_SPANS)
		nk_die("too many wobbles", NULL);
	wobbles[nwobbles].t = t;
	wobbles[nwobbles].mask = mask;
	wobbles[nwobbles].share = share;
	nwobbles++;
}

static int
by_start(const void *a, const void *b)
{
	const struct nk_down *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

static int
by_time(const void *a, const void *b)
{
	const struct nk_wobble *x = a, *y = b;

	return (x->t > y->t) - (x->t < y->t);
}

/* A mask of 1 to 4 of the /24s: all four a third of the time. */
static unsigned
some_prefixes(struct nk_rng *r)
{
	if (nk_rng_below(r, 3) == 0)
		return 0xf;
	return 1 + nk_rng_below(r, 14);
}

/*
 * Flaps between from and until: gone for 25 s to 7 min, every 2 to 22
 * minutes (chosen: Madory, "we saw them go down, come right back up, go
 * down, come right back up").
 */
static void
flaps(struct nk_rng *r, int64_t from, int64_t until)
{
	int64_t t = from;

	for (;;) {
		double u = nk_rng_unit(r);
		int64_t len = 25 + (int64_t)(395 * u * u);

		t += 120 + nk_rng_below(r, 1200);
		if (t + len + NK_MIN_GAP >= until)
			break;
		add_span(t, t + len, some_prefixes(r), NK_DOWN_FLAP);
		t += len;
	}
}

/* Path changes between from and until, every 3 to 15 minutes. */
static void
wobble_span(struct nk_rng *r, int64_t from, int64_t until)
{
	int64_t t = from;

	for (;;) {
		t += 180 + nk_rng_below(r, 720);
		if (t >= until)
			break;
		add_wobble(t, some_prefixes(r), 0.3 + 0.5 * nk_rng_unit(r));
	}
}

static void
build(void)
{
	struct nk_rng r;
	size_t i, k;

	if (built)
		return;
	built = 1;
	nk_rng_seed(&r, 20141222);

	/* Late Friday 19 December: the first blips (times chosen). */
	add_span(NK_AT(19, 21, 52, 10), NK_AT(19, 21, 54, 40), 0xf,
	    NK_DOWN_FLAP);
	add_span(NK_AT(19, 23, 7, 30), NK_AT(19, 23, 9, 5), 0x3,
	    NK_DOWN_FLAP);
	add_wobble(NK_AT(19, 21, 40, 0), 0xf, 0.4);
	add_wobble(NK_AT(19, 22, 30, 0), 0x3, 0.3);
	/* Saturday 20 December: worse (times chosen). */
	add_span(NK_AT(20, 3, 12, 20), NK_AT(20, 3, 14, 30), 0x1,
	    NK_DOWN_FLAP);
	add_span(NK_AT(20, 9, 40, 5), NK_AT(20, 9, 41, 35), 0xf,
	    NK_DOWN_FLAP);
	add_span(NK_AT(20, 14, 55, 40), NK_AT(20, 14, 59, 50), 0x6,
	    NK_DOWN_FLAP);
	add_span(NK_AT(20, 19, 20, 15), NK_AT(20, 19, 23, 5), 0xf,
	    NK_DOWN_FLAP);
	add_wobble(NK_AT(20, 6, 5, 0), 0xf, 0.5);
	add_wobble(NK_AT(20, 11, 48, 0), 0x5, 0.4);
	add_wobble(NK_AT(20, 17, 2, 0), 0xf, 0.6);
	add_wobble(NK_AT(20, 22, 16, 0), 0x8, 0.3);
	/* From Sunday 21 December 09:00 to the outage: sustained. */
	flaps(&r, NK_UNSTABLE_START, NK_UNSTABLE_END);
	wobble_span(&r, NK_UNSTABLE_START, NK_UNSTABLE_END);
	/* Two partial outages in it (chosen). */
	add_span(NK_AT(21, 14, 5, 0), NK_AT(21, 15, 20, 0), 0xc,
	    NK_DOWN_PARTIAL);
	add_span(NK_AT(22, 3, 30, 0), NK_AT(22, 4, 45, 0), 0x2,
	    NK_DOWN_PARTIAL);
	/* The published outages. */
	add_span(NK_BLACKOUT_START, NK_BLACKOUT_END, 0xf, NK_DOWN_BLACKOUT);
	add_span(NK_OUTAGE2_START, NK_OUTAGE2_END, 0xf, NK_DOWN_BLACKOUT);
	/* 23 December between them: "connectivity problems continue". */
	add_span(NK_AT(23, 4, 22, 10), NK_AT(23, 4, 25, 20), 0x1,
	    NK_DOWN_FLAP);
	add_span(NK_AT(23, 8, 51, 0), NK_AT(23, 8, 53, 10), 0xf,
	    NK_DOWN_FLAP);
	add_span(NK_AT(23, 12, 37, 30), NK_AT(23, 12, 42, 50), 0xa,
	    NK_DOWN_FLAP);
	add_wobble(NK_AT(23, 6, 10, 0), 0xf, 0.5);
	add_wobble(NK_AT(23, 10, 44, 0), 0x3, 0.4);

	qsort(raw, nraw, sizeof(raw[0]), by_start);
	qsort(wobbles, nwobbles, sizeof(wobbles[0]), by_time);
	for (k = 0; k < NK_NPREFIXES; k++) {
		struct nk_down *m = merged[k];
		size_t n = 0;

		for (i = 0; i < nraw; i++) {
			if (!(raw[i].mask & (1u << k)))
				continue;
			if (n > 0 && raw[i].start < m[n - 1].end + NK_MIN_GAP) {
				if (raw[i].end > m[n - 1].end)
					m[n - 1].end = raw[i].end;
				if (raw[i].kind > m[n - 1].kind)
					m[n - 1].kind = raw[i].kind;
				continue;
			}
			m[n] = raw[i];
			m[n].mask = 1u << k;
			n++;
		}
		nmerged[k] = n;
	}
}

const struct nk_down *
nk_story_downs(unsigned k, size_t *n)
{
	build();
	*n = nmerged[k];
	return merged[k];
}

int
nk_story_routed(unsigned k, int64_t t)
{
	size_t i;

	build();
	for (i = 0; i < nmerged[k]; i++)
		if (t >= merged[k][i].start && t < merged[k][i].end)
			return 0;
	return 1;
}

double
nk_story_routed_share(unsigned k, int64_t from, int64_t until)
{
	int64_t gone = 0;
	size_t i;

	build();
	for (i = 0; i < nmerged[k]; i++) {
		int64_t s = merged[k][i].start, e = merged[k][i].end;

		if (s < from)
			s = from;
		if (e > until)
			e = until;
		if (e > s)
			gone += e - s;
	}
	return 1.0 - (double)gone / (double)(until - from);
}

const struct nk_wobble *
nk_story_wobbles(size_t *n)
{
	build();
	*n = nwobbles;
	return wobbles;
}

/* --- attacks ------------------------------------------------------------ */

#define HOST(c, d)	((175u << 24) | (45u << 16) | ((unsigned)(c) << 8) | (d))
#define WEB1	HOST(176, 71)
#define WEB2	HOST(176, 72)
#define WEB3	HOST(177, 10)
#define DNS1	HOST(176, 15)
#define DNS2	HOST(176, 16)

/*
 * Arbor gives ports, days, the peak and one duration; CSO Online the
 * count per day.  Times, rates, sizes and targets below are chosen.
 * Packet sizes: 60-byte SYNs; the peak attack's 5.97 Gbps over 1.70
 * Mpps is 439 bytes a packet, so its SYNs carry payload (as "SYN floods
 * with payload" do); NTP monlist replies 482 bytes, SSDP replies about
 * 330 (C. Rossow, "Amplification Hell", NDSS 2014, on both protocols).
 */
static const struct nk_attack attacks[] = {
	/* Thursday 18: two. */
	{ NK_AT(18, 10, 23, 0), NK_AT(18, 11, 5, 0), NK_SYN_80, 0.35, 60,
	  WEB1, 900, 13 },
	{ NK_AT(18, 19, 41, 0), NK_AT(18, 20, 28, 0), NK_SYN_80, 0.52, 60,
	  WEB1, 1100, 15 },
	/* Friday 19: four. */
	{ NK_AT(19, 2, 10, 0), NK_AT(19, 2, 44, 0), NK_SYN_80, 0.40, 60,
	  WEB1, 900, 13 },
	{ NK_AT(19, 8, 55, 0), NK_AT(19, 9, 40, 0), NK_SYN_80, 0.75, 60,
	  WEB2, 1300, 16 },
	{ NK_AT(19, 14, 20, 0), NK_AT(19, 15, 2, 0), NK_SYN_80, 0.60, 60,
	  WEB3, 1200, 15 },
	{ NK_AT(19, 22, 31, 0), NK_AT(19, 23, 20, 0), NK_SYN_80, 0.90, 60,
	  WEB1, 1500, 18 },
	/* Saturday 20: eleven, the peak among them. */
	{ NK_AT(20, 0, 45, 0), NK_AT(20, 1, 20, 0), NK_SYN_80, 0.80, 60,
	  WEB1, 1400, 16 },
	{ NK_AT(20, 3, 30, 0), NK_AT(20, 4, 5, 0), NK_SYN_80, 0.70, 60,
	  WEB2, 1300, 16 },
	{ NK_AT(20, 5, 12, 0), NK_AT(20, 5, 50, 0), NK_SYN_80, 1.10, 60,
	  WEB1, 1600, 20 },
	{ NK_AT(20, 7, 40, 0), NK_AT(20, 8, 15, 0), NK_SYN_80, 0.90, 60,
	  WEB3, 1400, 18 },
	{ NK_AT(20, 9, 58, 0), NK_AT(20, 10, 30, 0), NK_SYN_80, 1.20, 60,
	  WEB1, 1700, 20 },
	{ NK_AT(20, 11, 35, 0), NK_AT(20, 12, 10, 0), NK_SYN_80, 0.95, 60,
	  WEB2, 1500, 18 },
	{ NK_AT(20, 13, 5, 0), NK_AT(20, 13, 35, 0), NK_SYN_80, NK_PEAK_MPPS,
	  439, WEB1, 4000, 500 },
	{ NK_AT(20, 15, 20, 0), NK_AT(20, 15, 58, 0), NK_SYN_80, 1.30, 60,
	  WEB1, 1800, 21 },
	{ NK_AT(20, 17, 45, 0), NK_AT(20, 18, 20, 0), NK_SYN_80, 1.00, 60,
	  WEB3, 1500, 18 },
	{ NK_AT(20, 20, 5, 0), NK_AT(20, 20, 50, 0), NK_SYN_80, 1.40, 60,
	  WEB1, 1900, 21 },
	{ NK_AT(20, 22, 40, 0), NK_AT(20, 23, 25, 0), NK_SYN_80, 1.10, 60,
	  WEB2, 1600, 20 },
	/* Sunday 21: the first from 1900 to 80, then port 53. */
	{ NK_AT(21, 1, 5, 0), NK_AT(21, 1, 48, 0), NK_SSDP_80, 0.90, 330,
	  WEB1, 2200, 36 },
	{ NK_AT(21, 3, 20, 0), NK_AT(21, 4, 10, 0), NK_NTP_53, 0.60, 482,
	  DNS1, 1200, 30 },
	{ NK_AT(21, 6, 2, 0), NK_AT(21, 6, 55, 0), NK_SSDP_53, 0.80, 330,
	  DNS2, 2000, 34 },
	{ NK_AT(21, 9, 30, 0), NK_AT(21, 10, 25, 0), NK_NTP_53, 1.00, 482,
	  DNS1, 1500, 34 },
	{ NK_AT(21, 12, 48, 0), NK_AT(21, 13, 40, 0), NK_SSDP_53, 0.90, 330,
	  DNS1, 2200, 36 },
	{ NK_AT(21, 15, 55, 0), NK_AT(21, 16, 50, 0), NK_NTP_53, 1.10, 482,
	  DNS2, 1600, 34 },
	{ NK_AT(21, 19, 12, 0), NK_AT(21, 20, 5, 0), NK_NTP_53, 0.80, 482,
	  DNS1, 1400, 32 },
	{ NK_AT(21, 22, 35, 0), NK_AT(21, 23, 28, 0), NK_SSDP_53, 1.00, 330,
	  DNS1, 2400, 36 },
	/* Monday 22: port 53; the last one "55m 53s and still ongoing"
	 * when the routes went at 16:15. */
	{ NK_AT(22, 1, 40, 0), NK_AT(22, 2, 35, 0), NK_NTP_53, 1.00, 482,
	  DNS1, 1500, 34 },
	{ NK_AT(22, 5, 10, 0), NK_AT(22, 6, 2, 0), NK_SSDP_53, 0.90, 330,
	  DNS2, 2200, 36 },
	{ NK_AT(22, 8, 45, 0), NK_AT(22, 9, 38, 0), NK_NTP_53, 1.20, 482,
	  DNS1, 1700, 36 },
	{ NK_AT(22, 12, 5, 0), NK_AT(22, 12, 58, 0), NK_SSDP_53, 0.80, 330,
	  DNS1, 2000, 34 },
	{ NK_AT(22, 15, 19, 7), NK_AT(22, 16, 40, 0), NK_NTP_53, 1.30, 482,
	  DNS1, 1800, 38 },
};

const struct nk_attack *
nk_story_attacks(size_t *n)
{
	*n = sizeof(attacks) / sizeof(attacks[0]);
	return attacks;
}

/* A number in [0, 1) from a and b alone, so that levels need no state. */
static double
hash_unit(uint64_t a, uint64_t b)
{
	return (double)(nk_mix(a, b) >> 11) / 9007199254740992.0;
}

double
nk_attack_level(const struct nk_attack *a, int64_t t)
{
	int64_t from = t > a->start ? t : a->start;
	int64_t until = t + 60 < a->end ? t + 60 : a->end;
	double ramp, level, covered, since, left;

	if (until <= from)
		return 0;
	covered = (double)(until - from) / 60.0;
	/* The peak bin: exactly the plateau, whole minutes. */
	if (a->mpps == NK_PEAK_MPPS && t >= NK_PEAK_BIN &&
	    t < NK_PEAK_BIN + 300)
		return 1.0;
	/* Three minutes up, two down. */
	since = (double)(t - a->start) / 60.0 + 1;
	left = (double)(a->end - t) / 60.0;
	ramp = 1.0;
	if (since < 3)
		ramp = since / 3;
	if (left < 2)
		ramp = ramp < left / 2 ? ramp : left / 2;
	level = ramp * (0.86 + 0.11 * hash_unit((uint64_t)a->start,
	    (uint64_t)t));
	return level * covered;
}
