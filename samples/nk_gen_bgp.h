/*
 * nk_gen_bgp.h -- the routing world of the North Korea re-creation: two
 * collectors, their peers, a small background table, and the plan of
 * every BGP message each collector records from 18 to 24 December 2014.
 * nk_gen_bgp.c makes the plan; nk_gen_mrt.c writes it as MRT.
 */
#ifndef LIGHTSOUT_SAMPLES_NK_GEN_BGP_H
#define LIGHTSOUT_SAMPLES_NK_GEN_BGP_H

#include <stddef.h>
#include <stdint.h>

#define BGP_MAX_PATH	12

struct bgp_peer {
	const char	*addr;		/* session address: the family */
	const char	*link_local;	/* IPv6 at an exchange, or NULL */
	uint32_t	 asn;
	int		 partial;	/* customer routes only */
	uint32_t	 nk_via;	/* AS before 4837 towards AS131279,
					   0: the peer meets 4837 itself */
	int		 communities;	/* tags its routes */
};

struct bgp_collector {
	const char	*name;
	int		 ris;		/* RIPE RIS layout, else RouteViews */
	int		 cadence;	/* seconds an update file */
	uint32_t	 local_as;
	const char	*bgp_id;
	const char	*local_addr4, *local_addr6;
	const struct bgp_peer *peers;
	unsigned	 npeers;
	double		 churn;		/* background updates a second */
	int		 reset_peer;	/* a session reset, or -1 */
	int64_t		 reset_down, reset_up;
	uint64_t	 seed;
};

extern const struct bgp_collector bgp_collectors[];
extern const unsigned bgp_ncollectors;

struct bgp_prefix {
	uint16_t	 afi;		/* 1 IPv4, 2 IPv6 */
	uint8_t		 len;
	uint8_t		 addr[16];
	char		 text[56];
	uint32_t	 origin;
	uint32_t	 upstream;	/* the origin's transit */
	uint8_t		 incomplete;	/* ORIGIN INCOMPLETE */
	int		 nk;		/* the /24 of AS131279, or -1 */
};

/*
 * The table: IPv4 prefixes sorted, the four /24s of AS131279 among
 * them, then IPv6 sorted.  Built once.
 */
const struct bgp_prefix *bgp_table(size_t *n);

/* Whether peer i of c carries prefix p in its RIB (family, partial). */
int	bgp_peer_carries(const struct bgp_collector *c, unsigned i,
	    const struct bgp_prefix *p, size_t index);

/*
 * The AS path peer i of c has for prefix p with path variant v (0 in
 * the RIB; others after path changes).  Returns the length.
 */
unsigned bgp_path(const struct bgp_collector *c, unsigned i,
	    const struct bgp_prefix *p, size_t index, unsigned variant,
	    uint32_t *path);

enum bgp_action {
	BGP_ANNOUNCE,
	BGP_WITHDRAW,
	BGP_SESSION_DOWN,	/* Established -> Idle */
	BGP_SESSION_UP,		/* Idle -> ... -> Established */
};

struct bgp_event {
	int64_t		 t;
	uint32_t	 order;		/* ties: as planned */
	uint8_t		 action;
	uint8_t		 peer;
	uint8_t		 variant;
	uint32_t	 prefix;	/* index in the table */
};

/* Every message c records in [NK_START, NK_END), in time order. */
struct bgp_event *bgp_plan(const struct bgp_collector *c, size_t *n);

#endif
