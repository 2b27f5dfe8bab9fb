/*
 * csv_split.h -- one line of CSV into its fields, through libcsv: the
 * piece the line-oriented CSV readers (nfdump CSV, CSV probe logs)
 * share.  The readers cut lines themselves (their formats never put a
 * line break inside a field) and hand each line here.
 */
#ifndef LIGHTSOUT_CSV_SPLIT_H
#define LIGHTSOUT_CSV_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <csv.h>

#define CSV_SPLIT_MAX_FIELDS	256

struct csv_split {
	struct csv_parser	 csv;
	bool			 ready;
	char			*text;		/* the fields, NUL-terminated */
	size_t			 text_len, text_cap;
	size_t			 field_at[CSV_SPLIT_MAX_FIELDS];
	size_t			 nfields;	/* may exceed the maximum */
	bool			 overflow;
	unsigned char		 delim;		/* ',' unless set */
};

/* RFC 4180, strictly (libcsv's CSV_STRICT). -1 when out of memory. */
int		 csv_split_init(struct csv_split *cs);
void		 csv_split_free(struct csv_split *cs);

/*
 * Split on delim instead of ',' (the RIRs' delegated statistics files
 * use '|').  Kept across the parser's restart after a bad line.
 */
void		 csv_split_set_delim(struct csv_split *cs, unsigned char delim);

/*
 * Split one line (without its line break).  False when libcsv refuses
 * it (a stray quote) or memory runs out; the count of fields is kept
 * even beyond CSV_SPLIT_MAX_FIELDS, whose fields are not.
 */
bool		 csv_split_line(struct csv_split *cs, const uint8_t *line,
		    size_t len);

static inline size_t
csv_split_count(const struct csv_split *cs)
{
	return cs->nfields;
}

/* Field i (i < CSV_SPLIT_MAX_FIELDS and < the count), NUL-terminated. */
static inline const char *
csv_split_field(const struct csv_split *cs, size_t i)
{
	return cs->text + cs->field_at[i];
}

/* Is a line nothing but spaces, tabs and carriage returns? */
bool		 csv_line_blank(const uint8_t *line, size_t len);

/*
 * A field holding a decimal integer no greater than max: digits only,
 * no sign or space, no overflow.
 */
bool		 csv_field_u64(const char *s, uint64_t max, uint64_t *out);

#endif
