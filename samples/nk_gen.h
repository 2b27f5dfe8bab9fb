/*
 * nk_gen.h -- the re-creation of North Korea's Internet trouble of
 * 18-24 December 2014 that samples/nk_gen writes: what every part of the
 * generator shares.
 *
 * The story (nk_gen_story.c) holds the published facts and the choices
 * made where nothing was published; the writers turn it into archives
 * of the real formats:
 *
 *   nk_gen_mrt.c	RouteViews and RIPE RIS MRT (RIBs and updates)
 *   nk_gen_flow.c	NetFlow v9 export packets in pcap captures
 *   nk_gen_atlas.c	RIPE Atlas ping results (NDJSON)
 *   nk_gen_out.c	files: directories, gzip and bzip2, deterministic
 *
 * Everything is deterministic: fixed seeds, no clock, no environment.
 * Not real data: see samples/nk-2014/README.md.
 */
#ifndef LIGHTSOUT_SAMPLES_NK_GEN_H
#define LIGHTSOUT_SAMPLES_NK_GEN_H

#include <stddef.h>
#include <stdint.h>

/* --- times (UTC, unix seconds) ------------------------------------------ */

#define NK_DAY			86400
#define NK_START		1418860800	/* 2014-12-18T00:00:00Z */
#define NK_END			(NK_START + 6 * NK_DAY)	/* 2014-12-24 */

/* The day d of December 2014 at hh:mm:ss. */
#define NK_AT(d, hh, mm, ss) \
	(NK_START + ((d) - 18) * NK_DAY + (hh) * 3600 + (mm) * 60 + (ss))

/*
 * Dyn Research: all four networks gone at 16:15 UTC on 22 December,
 * back 9 hours 31 minutes later; down again at 15:41 UTC on 23
 * December, back at 16:12 UTC (USA Today quoting Dyn: 10:41 to 11:12
 * ET).  Sources in samples/nk-2014/README.md.
 */
#define NK_BLACKOUT_START	NK_AT(22, 16, 15, 0)
#define NK_BLACKOUT_END		NK_AT(23, 1, 46, 0)
#define NK_OUTAGE2_START	NK_AT(23, 15, 41, 0)
#define NK_OUTAGE2_END		NK_AT(23, 16, 12, 0)

/* Sustained instability (chosen start; Dyn: "more than 24 hours"). */
#define NK_UNSTABLE_START	NK_AT(21, 9, 0, 0)
#define NK_UNSTABLE_END		NK_BLACKOUT_START

/* --- the target ------------------------------------------------------------ */

#define NK_ORIGIN_AS		131279		/* Star JV */
#define NK_UPSTREAM_AS		4837		/* China Unicom */
#define NK_NPREFIXES		4		/* 175.45.176.0/24 .. 179.0/24 */

/* 175.45.(176 + k).0/24 as text, k < NK_NPREFIXES. */
const char	*nk_prefix_text(unsigned k);

/* The /24 (0..3) of an address in 175.45.176.0/22, or -1. */
int		 nk_prefix_of(uint32_t addr);

/* --- random numbers (xorshift64*, fixed seeds) ---------------------------- */

struct nk_rng {
	uint64_t	 state;
};

void		 nk_rng_seed(struct nk_rng *r, uint64_t seed);
uint64_t	 nk_rng_next(struct nk_rng *r);
/* Uniform in [0, n), n > 0. */
uint32_t	 nk_rng_below(struct nk_rng *r, uint32_t n);
/* Uniform in [0, 1). */
double		 nk_rng_unit(struct nk_rng *r);

/* A stable hash of two numbers, for choices that need no state. */
uint64_t	 nk_mix(uint64_t a, uint64_t b);

/* --- the story (nk_gen_story.c) ------------------------------------------- */

/* A span in which some of the four /24s have no route anywhere. */
enum nk_down_kind {
	NK_DOWN_FLAP,		/* instability: gone for seconds to minutes */
	NK_DOWN_PARTIAL,	/* some /24s gone for over an hour */
	NK_DOWN_BLACKOUT,	/* the published total outages */
};

struct nk_down {
	int64_t		 start, end;	/* [start, end) */
	unsigned	 mask;		/* bit k: 175.45.(176 + k).0/24 */
	enum nk_down_kind kind;
};

/*
 * The down spans of /24 k, merged, in time order: every peer of every
 * collector withdraws the /24 at (about) start and announces it again
 * at (about) end.  Spans of one /24 are at least NK_MIN_GAP apart.
 */
#define NK_MIN_GAP		150
const struct nk_down *nk_story_downs(unsigned k, size_t *n);

/* Whether /24 k has a route anywhere at t. */
int		 nk_story_routed(unsigned k, int64_t t);

/* The share of [from, until) in which /24 k has a route. */
double		 nk_story_routed_share(unsigned k, int64_t from, int64_t until);

/*
 * Path changes without a loss of reachability (instability): at t, a
 * share of the peers move the /24s of mask to another path.
 */
struct nk_wobble {
	int64_t		 t;
	unsigned	 mask;
	double		 share;		/* of the peers that follow */
};

const struct nk_wobble *nk_story_wobbles(size_t *n);

/* A DDoS attack on a host in 175.45.176.0/22 (Arbor ATLAS, see README). */
enum nk_attack_kind {
	NK_SYN_80,		/* TCP SYN to port 80 from spoofed sources */
	NK_SSDP_80,		/* SSDP reflection: UDP 1900 -> 80 */
	NK_NTP_53,		/* NTP reflection: UDP 123 -> 53 */
	NK_SSDP_53,		/* SSDP reflection: UDP 1900 -> 53 */
};

struct nk_attack {
	int64_t		 start, end;	/* [start, end), whole minutes */
	enum nk_attack_kind kind;
	double		 mpps;		/* plateau, packets a second / 1e6 */
	unsigned	 packet_bytes;	/* mean IP packet size */
	uint32_t	 target;	/* host address, host order */
	unsigned	 sources;	/* distinct sources in the attack */
	unsigned	 per_minute;	/* flow records a minute at plateau */
};

const struct nk_attack *nk_story_attacks(size_t *n);

/*
 * The attack's rate in the minute starting at t, as a share of its
 * plateau: ramps up and down over a few minutes, wavers a little.  The
 * peak attack holds exactly 1 over NK_PEAK_BIN.
 */
double		 nk_attack_level(const struct nk_attack *a, int64_t t);

/*
 * Arbor: peak 5.97 Gbps and 1.70 Mpps, on 20 December, the same attack.
 * The re-creation puts it in the 5-minute bin starting NK_PEAK_BIN.
 */
#define NK_PEAK_GBPS		5.97
#define NK_PEAK_MPPS		1.70
#define NK_PEAK_BIN		NK_AT(20, 13, 20, 0)

/* --- output (nk_gen_out.c) ------------------------------------------------ */

struct nk_buf {
	uint8_t		*data;
	size_t		 len, cap;
};

void		 nk_buf_put(struct nk_buf *b, const void *p, size_t n);
void		 nk_buf_printf(struct nk_buf *b, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 nk_buf_free(struct nk_buf *b);

/* Write len bytes to path, creating directories: gzip (RFC 1952, no
 * name, time 0), bzip2, or as they are. */
enum nk_compress {
	NK_GZIP,
	NK_BZIP2,
};
void		 nk_write_file(const char *path, enum nk_compress how,
		    const void *data, size_t len);

/* "YYYYMMDD.HHMM" of t. */
void		 nk_stamp(int64_t t, char *buf, size_t len);

void		 nk_die(const char *what, const char *detail)
		    __attribute__((noreturn));

/* --- the writers ------------------------------------------------------------ */

void		 nk_write_mrt(const char *dir);
void		 nk_write_flows(const char *dir);
void		 nk_write_atlas(const char *dir);

#endif
