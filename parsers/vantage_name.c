/*
 * vantage_name.c -- the vantage name a log's file name gives.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/vantage_name.h"

char *
vantage_from_file(const char *file, const char *const *exts, size_t nexts)
{
	const char *base;
	char *v;
	bool again = true;
	size_t n, i;

	if (file == NULL || strcmp(file, "-") == 0 ||
	    strcmp(file, "(stdin)") == 0)
		return NULL;
	base = strrchr(file, '/');
	base = base != NULL ? base + 1 : file;
	n = strlen(base);
	while (again) {
		again = false;
		for (i = 0; i < nexts; i++) {
			size_t e = strlen(exts[i]);

			if (n > e && memcmp(base + n - e, exts[i], e) == 0) {
				n -= e;
				again = true;
				break;
			}
		}
	}
	if (n == 0)
		return NULL;
	v = malloc(n + 1);
	if (v != NULL) {
		memcpy(v, base, n);
		v[n] = '\0';
	}
	return v;
}
