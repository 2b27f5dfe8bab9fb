/*
 * civil_time.h -- UTC calendar arithmetic without the C library's time
 * zone machinery: days since 1970-01-01 to and from a proleptic
 * Gregorian date (H. Hinnant's "chrono-Compatible Low-Level Date
 * Algorithms"), and the fixed-width digit fields of text times.
 */
#ifndef LIGHTSOUT_CIVIL_TIME_H
#define LIGHTSOUT_CIVIL_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days from 1970-01-01 to y-m-d (month 1-12, day 1-31). */
int64_t	days_from_civil(int64_t y, unsigned m, unsigned d);

/* The date of day z since 1970-01-01. */
void	civil_from_days(int64_t z, int64_t *year, unsigned *month,
	    unsigned *day);

/* Seconds since the epoch as "2014-12-22T16:15:00Z" (room for 32). */
void	format_utc(int64_t t, char *buf, size_t len);

/* Exactly n decimal digits at s into *out; false if any is not one. */
bool	fixed_digits(const char *s, int n, int *out);

#endif
