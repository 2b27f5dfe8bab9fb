/*
 * test_util.h -- small helpers the tests that run lightsout share:
 * allocation that aborts on failure, formatted strings, and quoting for
 * sh(1).  Header-only (static inline), for test programs alone.
 */
#ifndef LIGHTSOUT_TEST_UTIL_H
#define LIGHTSOUT_TEST_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL) {
		fprintf(stderr, "test: out of memory\n");
		abort();
	}
	return p;
}

static inline char *
xstrdup(const char *s)
{
	size_t	 n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static inline char *xasprintf(const char *, ...)
    __attribute__((format(printf, 1, 2)));

static inline char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* s in single quotes for sh(1); the caller frees it. */
static inline char *
shquote(const char *s)
{
	const char	*p;
	char		*q, *out;
	size_t		 n = 3;

	for (p = s; *p != '\0'; p++)
		n += *p == '\'' ? 4 : 1;
	out = q = xmalloc(n);
	*q++ = '\'';
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'') {
			memcpy(q, "'\\''", 4);
			q += 4;
		} else
			*q++ = *p;
	}
	*q++ = '\'';
	*q = '\0';
	return out;
}

/* A fresh directory "/tmp/NAME.XXXXXX" for a test program's files, into dir. */
static inline int
tmpdir_create(char *dir, size_t len, const char *name)
{
	snprintf(dir, len, "/tmp/%s.XXXXXX", name);
	return mkdtemp(dir) == NULL ? -1 : 0;
}

/* dir and everything below it removed. */
static inline int
tmpdir_remove(const char *dir)
{
	char	*quoted = shquote(dir), *cmd = xasprintf("rm -rf %s", quoted);
	int	 rc = system(cmd) == 0 ? 0 : -1;

	free(quoted);
	free(cmd);
	return rc;
}

#endif
