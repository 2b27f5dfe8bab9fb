/*
 * dump_run.h -- what the tests that run lightsout share: running it
 * (`lightsout dump` mostly) through sh with its output captured, pinned
 * outputs rewritten under LIGHTSOUT_REGOLD, and splitting output into
 * lines and fields.
 * Header-only, for test programs alone; include after cmocka.h and
 * tests/test_util.h, with DUMP_RUN_TMPDIR defined as the mkdtemp(3)
 * template of the test's scratch directory.
 */
#ifndef LIGHTSOUT_DUMP_RUN_H
#define LIGHTSOUT_DUMP_RUN_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *lightsout_bin = "./lightsout";
static const char *run_cwd;	/* run lightsout there when set */
static char	   tmpdir[] = DUMP_RUN_TMPDIR;

/* ---- Utilities -------------------------------------------------------- */

static inline void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n == 0 ? 1 : n);
	if (p == NULL)
		abort();
	return p;
}


/* A whole file, NUL-terminated; NULL when it cannot be read. */
static inline char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 cap = 0, n;

	*len = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (*len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + *len, 1, cap - *len - 1, fp);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

static inline void
spew(const char *path, const void *data, size_t len)
{
	FILE *fp;

	if ((fp = fopen(path, "wb")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	if (len > 0 && fwrite(data, 1, len, fp) != len)
		fail_msg("%s: short write", path);
	if (fclose(fp) != 0)
		fail_msg("%s: %s", path, strerror(errno));
}

static inline char *
tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* ---- Running lightsout ------------------------------------------------ */

struct run {
	int	 code;		/* exit status; 128 + signal when killed */
	char	*out;
	size_t	 outlen;
	char	*err;
	size_t	 errlen;
};

static inline void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

/*
 * Run "[pre |] lightsout ARGS" through sh with standard output and error
 * captured.  A crash (signal, sanitizer report) fails the test.
 */
static inline void
run_lightsout(struct run *r, const char *pre, const char *args)
{
	char	*bin, *cmd, *outp, *errp;
	int	 status;

	bin = shquote(lightsout_bin);
	outp = tmp_path("stdout");
	errp = tmp_path("stderr");
	cmd = xasprintf("%s%s%s%s%s%s %s %s>%s 2>%s",
	    run_cwd ? "cd " : "", run_cwd ? run_cwd : "", run_cwd ? " && " : "",
	    pre ? pre : "", pre ? " | " : "", bin, args,
	    pre ? "" : "</dev/null ", outp, errp);
	status = system(cmd);
	memset(r, 0, sizeof(*r));
	if (status == -1)
		fail_msg("cannot run %s", cmd);
	r->code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
	    (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	r->out = slurp(outp, &r->outlen);
	r->err = slurp(errp, &r->errlen);
	if (r->out == NULL)
		r->out = xstrdup("");
	if (r->err == NULL)
		r->err = xstrdup("");
	if (r->code >= 126 || strstr(r->err, "Sanitizer") != NULL ||
	    strstr(r->err, "runtime error") != NULL) {
		fprintf(stderr, "--- %s\n%s", cmd, r->err);
		free(cmd);
		fail_msg("lightsout crashed or was not run (status %d)",
		    r->code);
	}
	free(cmd);
	free(bin);
	free(outp);
	free(errp);
}

/* The same for "lightsout dump ARGS". */
static inline void
run_dump(struct run *r, const char *pre, const char *args)
{
	char *dump_args = xasprintf("dump %s", args);

	run_lightsout(r, pre, dump_args);
	free(dump_args);
}

static inline void
check_lightsout_bin(void)
{
	if (strchr(lightsout_bin, '/') != NULL &&
	    access(lightsout_bin, X_OK) == -1)
		fail_msg("LIGHTSOUT_BIN %s: %s (build it, or run from the "
		    "repository root)", lightsout_bin, strerror(errno));
}

/* Compare with a pinned file, or rewrite it under LIGHTSOUT_REGOLD. */
static inline void
check_pin(const char *pinpath, const char *actual, size_t len)
{
	char	*want;
	size_t	 wlen;

	if (getenv("LIGHTSOUT_REGOLD") != NULL)
		spew(pinpath, actual, len);
	want = slurp(pinpath, &wlen);
	if (want == NULL)
		fail_msg("%s: missing (LIGHTSOUT_REGOLD=1 writes it)",
		    pinpath);
	if (wlen != len || memcmp(want, actual, len) != 0) {
		size_t i, line = 1;

		for (i = 0; i < wlen && i < len && want[i] == actual[i]; i++)
			if (want[i] == '\n')
				line++;
		fprintf(stderr, "%s: differs at line %zu\n--- pinned\n%.*s\n"
		    "--- lightsout\n%.*s\n", pinpath, line,
		    (int)(wlen - i < 300 ? wlen - i : 300), want + i,
		    (int)(len - i < 300 ? len - i : 300), actual + i);
		free(want);
		fail_msg("%s: lightsout's output differs from the pin",
		    pinpath);
	}
	free(want);
}

/* ---- Lines and fields ------------------------------------------------- */

struct lines {
	char	**v;
	size_t	  n;
};

/* Split text into lines ending in eol ("\r\n" or "\n"); all must. */
static inline void
split_lines(struct lines *l, const char *text, size_t len, const char *eol)
{
	size_t	 el = strlen(eol);
	const char *p = text, *end = text + len, *q;

	l->v = NULL;
	l->n = 0;
	while (p < end) {
		q = strstr(p, eol);
		if (q == NULL)
			fail_msg("output line without its end of line: %.80s",
			    p);
		if (el == 1 && q > p && q[-1] == '\r')
			fail_msg("text line ending in CR: %.80s", p);
		l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n] = xmalloc((size_t)(q - p) + 1);
		memcpy(l->v[l->n], p, (size_t)(q - p));
		l->v[l->n][q - p] = '\0';
		l->n++;
		p = q + el;
	}
}

static inline void
lines_free(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

#define MAX_FIELDS	64

/* Split a copy of s at c; no field of ours holds c (file names aside). */
static inline size_t
split_fields(char *s, char c, char **f)
{
	size_t n = 0;

	f[n++] = s;
	for (; *s != '\0'; s++)
		if (*s == c) {
			*s = '\0';
			if (n == MAX_FIELDS)
				fail_msg("too many fields");
			f[n++] = s + 1;
		}
	return n;
}

/* ---- CSV outputs ------------------------------------------------------- */

/* How a CSV row is cut into its fields (plain commas, or RFC 4180). */
typedef size_t	(*row_split_fn)(char *s, char **f);

static inline size_t
columns_count(const char *const *columns)
{
	size_t n = 0;

	while (columns[n] != NULL)
		n++;
	return n;
}

static inline int
column_index(const char *const *columns, const char *name)
{
	int i;

	for (i = 0; columns[i] != NULL; i++)
		if (strcmp(columns[i], name) == 0)
			return i;
	fail_msg("no column %s", name);
	return -1;
}

/* The documented header line: the column names joined by commas. */
static inline char *
columns_header(const char *const *columns)
{
	char	*h = xstrdup(""), *t;
	size_t	 i;

	for (i = 0; columns[i] != NULL; i++) {
		t = xasprintf("%s%s%s", h, i > 0 ? "," : "", columns[i]);
		free(h);
		h = t;
	}
	return h;
}

/*
 * Check a CSV output: the documented header, then rows of exactly the
 * columns.  The rows (header left out) go to rows.
 */
static inline void
check_csv(const struct run *r, const char *const *columns, row_split_fn split,
    struct lines *rows)
{
	struct lines	 all;
	char		*hdr = columns_header(columns), *f[MAX_FIELDS], *copy;
	size_t		 i, n = columns_count(columns);

	split_lines(&all, r->out, r->outlen, "\r\n");
	if (all.n == 0)
		fail_msg("CSV output without a header");
	if (strcmp(all.v[0], hdr) != 0)
		fail_msg("CSV header\n  %s\nis not the documented\n  %s",
		    all.v[0], hdr);
	free(hdr);
	for (i = 1; i < all.n; i++) {
		copy = xstrdup(all.v[i]);
		if (split(copy, f) != n)
			fail_msg("CSV row %zu has not %zu fields: %s", i, n,
			    all.v[i]);
		free(copy);
	}
	free(all.v[0]);
	rows->n = all.n - 1;
	rows->v = xmalloc((rows->n + 1) * sizeof(*rows->v));
	if (rows->n > 0)
		memcpy(rows->v, all.v + 1, rows->n * sizeof(*rows->v));
	free(all.v);
}

#endif
