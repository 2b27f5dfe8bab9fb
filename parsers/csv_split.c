/*
 * csv_split.c -- one line of CSV into its fields, through libcsv.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/csv_split.h"

#define CSV_SPLIT_OPTIONS	(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

int
csv_split_init(struct csv_split *cs)
{
	memset(cs, 0, sizeof(*cs));
	if (csv_init(&cs->csv, CSV_SPLIT_OPTIONS) != 0)
		return -1;
	cs->ready = true;
	cs->delim = CSV_COMMA;
	return 0;
}

void
csv_split_set_delim(struct csv_split *cs, unsigned char delim)
{
	cs->delim = delim;
	if (cs->ready)
		csv_set_delim(&cs->csv, delim);
}

void
csv_split_free(struct csv_split *cs)
{
	if (cs->ready)
		csv_free(&cs->csv);
	free(cs->text);
	memset(cs, 0, sizeof(*cs));
}

/* libcsv field callback: append one value to the line's text. */
static void
field_done(void *value, size_t len, void *data)
{
	struct csv_split *cs = data;

	if (cs->nfields < CSV_SPLIT_MAX_FIELDS) {
		if (cs->text_len + len + 1 > cs->text_cap) {
			cs->overflow = true;
		} else {
			cs->field_at[cs->nfields] = cs->text_len;
			if (len > 0)
				memcpy(cs->text + cs->text_len, value, len);
			cs->text[cs->text_len + len] = '\0';
			cs->text_len += len + 1;
		}
	}
	cs->nfields++;
}

static void
row_done(int term, void *data)
{
	(void)term;
	(void)data;
}

bool
csv_split_line(struct csv_split *cs, const uint8_t *line, size_t len)
{
	if (!cs->ready)
		return false;
	/* Each field costs at most its bytes and a NUL. */
	if (len + CSV_SPLIT_MAX_FIELDS + 1 > cs->text_cap) {
		size_t cap = len + CSV_SPLIT_MAX_FIELDS + 1;
		char *text = realloc(cs->text, cap);

		if (text == NULL)
			return false;
		cs->text = text;
		cs->text_cap = cap;
	}
	cs->text_len = 0;
	cs->nfields = 0;
	cs->overflow = false;
	if (csv_parse(&cs->csv, line, len, field_done, row_done, cs) != len ||
	    csv_fini(&cs->csv, field_done, row_done, cs) != 0) {
		/*
		 * A failed parse may leave libcsv inside a quoted field:
		 * start afresh (only on errors).
		 */
		csv_free(&cs->csv);
		cs->ready = csv_init(&cs->csv, CSV_SPLIT_OPTIONS) == 0;
		if (cs->ready)
			csv_set_delim(&cs->csv, cs->delim);
		return false;
	}
	return !cs->overflow;
}

bool
csv_field_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return false;
		d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

bool
csv_line_blank(const uint8_t *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return false;
	return true;
}
