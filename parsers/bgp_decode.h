/*
 * bgp_decode.h -- BGP-4 wire decoding shared by the MRT record decoders:
 * path attributes (bgp_attr.c) and NLRI / messages (bgp_msg.c).
 * Internal to parsers/.
 */
#ifndef LIGHTSOUT_BGP_DECODE_H
#define LIGHTSOUT_BGP_DECODE_H

#include "parsers/bgp_record.h"
#include "parsers/cursor.h"
#include "parsers/diag.h"

/* Fail with a reason and a printf-style detail; always returns -1. */
int	decode_fail(struct decode_error *err, enum skip_reason reason,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A growable array of AS path segments and their ASNs. */
struct path_buf {
	struct as_segment	*segs;
	uint32_t		*asns;
	uint32_t		 nsegs, nasns;
	uint32_t		 cap_segs, cap_asns;
};

/* Where the attributes come from decides how MP_REACH_NLRI is encoded. */
enum attr_context {
	ATTR_CTX_UPDATE,	/* a BGP UPDATE: RFC 4760 form */
	ATTR_CTX_RIB,		/* a table dump entry: RFC 6396 4.3.4 form
				   (next hop only), or the full form some
				   writers use */
};

struct attr_decoder {
	struct path_buf		 path;	/* AS_PATH as read */
	struct path_buf		 path4;	/* AS4_PATH as read */
	struct path_buf		 merged;/* RFC 6793 4.2.3 reconstruction */
	struct unknown_attr	*unknown;
	uint32_t		 cap_unknown;
	struct bgp_attrs	 attrs;

	/* MP_REACH_NLRI / MP_UNREACH_NLRI, RFC 4760 3 and 4. */
	bool			 has_mp_reach, has_mp_unreach;
	bool			 mp_reach_supported, mp_unreach_supported;
	uint16_t		 mp_unreach_afi;
	uint8_t			 mp_unreach_safi;
	struct cursor		 mp_reach_nlri, mp_unreach_nlri;
	uint32_t		 unsupported_afi;	/* MP attributes skipped */
	char			 unsupported_detail[64];
};

void	attr_decoder_free(struct attr_decoder *d);

/*
 * Decode the path attributes in c (all of it).  asn_size is 2 or 4, the
 * size of ASNs in AS_PATH for this context.  On error fills err.
 */
int	attr_decode(struct attr_decoder *d, struct cursor *c, int asn_size,
	    enum attr_context ctx, struct decode_error *err);

/* One prefix of an NLRI list, as on the wire. */
struct nlri_item {
	struct ip_prefix	prefix;
	uint32_t		path_id;
	uint16_t		afi;
	uint8_t			safi;
	uint8_t			kind;	/* BGP_KIND_ANNOUNCE / _WITHDRAW */
	bool			mp;	/* from MP_(UN)REACH_NLRI */
};

struct nlri_list {
	struct nlri_item	*items;
	uint32_t		 n, cap;
};

/*
 * Append the prefixes of an NLRI field (RFC 4271 4.3; RFC 7911 3 when
 * addpath) to list.  Prefix lengths beyond the family's maximum and
 * prefixes that overrun the field are errors.
 */
int	nlri_decode(struct cursor *c, uint16_t afi, uint8_t safi, bool addpath,
	    uint8_t kind, bool mp, struct nlri_list *list,
	    struct decode_error *err);

/* Read one prefix (length octet + bytes) into p. */
int	prefix_decode(struct cursor *c, uint16_t afi, struct ip_prefix *p,
	    struct decode_error *err);

/* Clear host bits beyond p->len. */
void	prefix_mask(struct ip_prefix *p);

bool	afi_safi_supported(uint16_t afi, uint8_t safi);

#endif
