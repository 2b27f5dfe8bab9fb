/*
 * bgp_msg.h -- decoding one BGP message into reusable state.
 * Internal to parsers/.
 */
#ifndef LIGHTSOUT_BGP_MSG_H
#define LIGHTSOUT_BGP_MSG_H

#include "parsers/bgp_decode.h"

struct bgp_msg_decoder {
	uint8_t			 type;		/* BGP message type */
	struct attr_decoder	 attrs;		/* UPDATE */
	struct nlri_list	 list;		/* UPDATE: withdrawals, then
						   announcements */
	bool			 end_of_rib;
	/*
	 * The UPDATE decoded only in part: a prefix list was cut or
	 * damaged, or the message overran its record.  The prefixes before
	 * the damage are in list; partial_err says what was lost.
	 */
	bool			 partial;
	struct decode_error	 partial_err;
	/* ADD-PATH identifiers found although the record type has none. */
	bool			 addpath_detected;
	uint16_t		 eor_afi;
	uint8_t			 eor_safi;
	struct bgp_open_info	 open;
	struct bgp_notification_info notification;
	uint16_t		 refresh_afi;
	uint8_t			 refresh_safi;
};

/* A whole message: marker, length, type, body. */
int	bgp_msg_decode(struct bgp_msg_decoder *d, struct cursor *c,
	    int asn_size, bool addpath, struct decode_error *err);

/* An UPDATE body without the 19-octet header. */
int	bgp_update_decode(struct bgp_msg_decoder *d, struct cursor *body,
	    int asn_size, bool addpath, struct decode_error *err);

void	bgp_msg_decoder_free(struct bgp_msg_decoder *d);

#endif
