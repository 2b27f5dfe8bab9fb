/*
 * test_golden.c -- "lightsout dump -m" against bgpdump 1.6.2 on the corpus.
 *
 * Group "golden": for every row of tests/data/mrt/MANIFEST.tsv, the
 * standard output of
 *
 *	$LIGHTSOUT_BIN dump -m tests/data/mrt/FILE
 *
 * must equal, byte for byte, the reference output of Debian's bgpdump
 * 1.6.2 recorded in tests/data/mrt/expected/FILE.bgpdump-m.txt.gz, except:
 *  - the lines listed in tests/data/mrt/bgpdump-corrections.tsv, where
 *    bgpdump prints a wrong value: there the recorded bgpdump line must be
 *    the one the correction names and lightsout must print the corrected
 *    line (each difference is pinned both ways, and every listed one
 *    must be met);
 *  - files whose bgpdump output is unusable (garbage decoded from damaged
 *    or misread records, or nothing at all): their lightsout output is
 *    pinned in tests/data/mrt/golden/FILE.lightsout-m.txt.gz, reviewed by
 *    hand against the MANIFEST notes.
 * The standard error and exit status are pinned too, for every file, in
 * tests/data/mrt/golden/FILE.lightsout.stderr (first line "exit N"), so
 * that each error message -- file, offset, record, reason -- is checked.
 * A first test checks that the manifest parsed and lists at least one
 * file with bgpdump_ok=yes, so that a broken manifest cannot pass
 * vacuously.
 *
 * Group "differential": when bgpdump 1.6.2 is on PATH, each file that has
 * no lightsout golden output is run through both programs, as "-m" and as
 * "-m -l", and the outputs compared, with the same corrections.
 * Otherwise these tests are skipped.  bgpdump is given -v so that it logs
 * to its standard error, which is discarded, rather than to syslog.
 *
 * Both outputs are read a line at a time and never held whole.  On a
 * mismatch the first differing line is printed from both sides.
 *
 * LIGHTSOUT_BIN defaults to ./lightsout.  Run from the repository root:
 * every path is relative to it.  LIGHTSOUT_REGOLD=1 rewrites the pinned
 * standard error files instead of checking them (review the diff).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "tests/test_util.h"

#define DATADIR		"tests/data/mrt"
#define MANIFEST	DATADIR "/MANIFEST.tsv"
#define EXPECTED_DIR	DATADIR "/expected"
#define EXPECTED_SUFFIX	".bgpdump-m.txt.gz"
#define BGPDUMP_VERSION	"bgpdump version 1.6.2\n"
#define CORRECTIONS	DATADIR "/bgpdump-corrections.tsv"
#define GOLDEN_DIR	DATADIR "/golden"
#define GOLDEN_SUFFIX	".lightsout-m.txt.gz"
#define STDERR_SUFFIX	".lightsout.stderr"

/* A line where bgpdump is wrong and lightsout prints the right value. */
struct correction {
	unsigned long	 line;		/* in bgpdump -m output, from 1 */
	char		*bgpdump;	/* without the newline */
	char		*lightsout;
};

/* One corpus file, as the manifest and the corrections describe it. */
struct corpus_file {
	char			*name;
	int			 bgpdump_ok;	/* "yes" */
	char			*golden;	/* lightsout's pinned output, or NULL */
	struct correction	*corr;
	size_t			 ncorr;
};

/* One test: a corpus file and the output options given to both programs. */
struct tcase {
	const struct corpus_file *cf;
	const char	*file;		/* name within DATADIR */
	const char	*opts;		/* "-m" or "-m -l" */
	char		*name;		/* test name shown by cmocka */
};

/* The files of the manifest. */
static struct corpus_file *files;
static size_t	  nfiles, nyes;
static char	  manifest_error[512];

static const char *lightsout_bin = "./lightsout";
static char	  *bgpdump_bin;		/* NULL when absent or another version */
static char	   bgpdump_absent[256];	/* why, for the skip message */

/*
 * A stream of lines from a pipe or a gzip file.  Lines keep their '\n'
 * (the last one may lack it) and may hold NUL bytes.
 */
struct lines {
	const char	*label;		/* "expected", "bgpdump", "lightsout" */
	FILE		*pipe;		/* from popen(), or */
	gzFile		 gz;		/* from gzopen() */
	unsigned char	 buf[64 * 1024];
	size_t		 pos, len;
	int		 eof;
	char		*line;
	size_t		 linelen, linecap;
};

static void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if ((p = reallocarray(p, nmemb, size)) == NULL) {
		fprintf(stderr, "test_golden: out of memory\n");
		abort();
	}
	return p;
}

/* ---- Reading lines ---------------------------------------------------- */

static struct lines *
lines_new(const char *label)
{
	struct lines	*l;

	l = xmalloc(sizeof(*l));
	memset(l, 0, sizeof(*l));
	l->label = label;
	return l;
}

static struct lines *
lines_gzopen(const char *label, const char *path)
{
	struct lines	*l = lines_new(label);

	errno = 0;
	if ((l->gz = gzopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path,
		    errno ? strerror(errno) : "gzopen failed");
		free(l);
		return NULL;
	}
	return l;
}

static struct lines *
lines_popen(const char *label, const char *cmd)
{
	struct lines	*l = lines_new(label);

	fflush(NULL);
	if ((l->pipe = popen(cmd, "r")) == NULL) {
		fprintf(stderr, "popen %s: %s\n", cmd, strerror(errno));
		free(l);
		return NULL;
	}
	return l;
}

/*
 * Close l.  For a pipe, returns the wait status of the command (-1 when it
 * cannot be had); for a file, 0.
 */
static int
lines_close(struct lines *l)
{
	int	 status = 0;

	if (l == NULL)
		return 0;
	if (l->pipe != NULL)
		status = pclose(l->pipe);
	if (l->gz != NULL)
		gzclose(l->gz);
	free(l->line);
	free(l);
	return status;
}

static int
lines_fill(struct lines *l)
{
	int	 n;

	l->pos = l->len = 0;
	if (l->gz != NULL) {
		if ((n = gzread(l->gz, l->buf, sizeof(l->buf))) < 0) {
			fprintf(stderr, "%s: %s\n", l->label,
			    gzerror(l->gz, &n));
			return -1;
		}
		l->len = (size_t)n;
		/* A truncated file reads as a short one, Z_BUF_ERROR aside. */
		if (n == 0 && gzerror(l->gz, &n) != NULL && n != Z_OK) {
			fprintf(stderr, "%s: %s\n", l->label,
			    gzerror(l->gz, &n));
			return -1;
		}
	} else {
		l->len = fread(l->buf, 1, sizeof(l->buf), l->pipe);
		if (l->len == 0 && ferror(l->pipe)) {
			fprintf(stderr, "%s: read: %s\n", l->label,
			    strerror(errno));
			return -1;
		}
	}
	if (l->len == 0)
		l->eof = 1;
	return 0;
}

/* Read the next line into l->line.  Returns 1, 0 at the end, -1 on error. */
static int
lines_next(struct lines *l)
{
	const unsigned char	*start, *nl;
	size_t			 n;

	l->linelen = 0;
	for (;;) {
		if (l->pos == l->len) {
			if (l->eof || lines_fill(l) == -1 || l->eof)
				break;
		}
		start = l->buf + l->pos;
		nl = memchr(start, '\n', l->len - l->pos);
		n = nl != NULL ? (size_t)(nl - start) + 1 : l->len - l->pos;
		if (l->linelen + n > l->linecap) {
			l->linecap = l->linelen + n + 256;
			l->line = xreallocarray(l->line, l->linecap, 1);
		}
		memcpy(l->line + l->linelen, start, n);
		l->linelen += n;
		l->pos += n;
		if (nl != NULL)
			return 1;
	}
	if (!l->eof)
		return -1;
	return l->linelen > 0;
}

/* ---- Comparing -------------------------------------------------------- */

/* Print one line of output legibly: printable ASCII as is, the rest as \xHH. */
static void
print_line(const char *label, const struct lines *l, int have)
{
	size_t	 i, n;
	int	 c;

	fprintf(stderr, "  %-10s ", label);
	if (!have) {
		fputs("(end of output)\n", stderr);
		return;
	}
	n = l->linelen;
	if (n > 0 && l->line[n - 1] == '\n')
		n--;
	for (i = 0; i < n; i++) {
		c = (unsigned char)l->line[i];
		if (c >= 0x20 && c < 0x7f)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	if (n == l->linelen)
		fputs(" (no newline at end of output)", stderr);
	fputc('\n', stderr);
}

/* Is the line l (with its newline) the text t (without one)? */
static int
line_is(const struct lines *l, const char *t)
{
	size_t n = strlen(t);

	return l->linelen == n + 1 && memcmp(l->line, t, n) == 0 &&
	    l->line[n] == '\n';
}

/*
 * With -l the corrected lines carry one more field, so a correction is
 * applied as a substitution: the part of the bgpdump line that differs
 * from the lightsout line, replaced at its last occurrence in want.
 */
static int
line_is_corrected(const struct lines *want, const struct lines *got,
    const struct correction *c)
{
	size_t blen = strlen(c->bgpdump), llen = strlen(c->lightsout);
	size_t pre = 0, suf = 0, bmid, lmid, before, after, ctx, i, at = 0;
	int found = 0;

	while (pre < blen && pre < llen && c->bgpdump[pre] == c->lightsout[pre])
		pre++;
	while (suf < blen - pre && suf < llen - pre &&
	    c->bgpdump[blen - 1 - suf] == c->lightsout[llen - 1 - suf])
		suf++;
	bmid = blen - pre - suf;
	lmid = llen - pre - suf;
	/*
	 * Find the differing part, with as much of the bytes before it (up
	 * to 16) as the -l line still shares, and one byte after it.
	 */
	after = suf < 1 ? suf : 1;
	for (before = pre < 16 ? pre : 16; !found; before--) {
		ctx = before + bmid + after;
		for (i = 0; i + ctx <= want->linelen; i++)
			if (memcmp(want->line + i, c->bgpdump + pre - before,
			    ctx) == 0) {
				at = i + before;
				found = 1;
			}
		if (before == 0)
			break;
	}
	if (!found || got->linelen != want->linelen - bmid + lmid)
		return 0;
	return memcmp(got->line, want->line, at) == 0 &&
	    memcmp(got->line + at, c->lightsout + pre, lmid) == 0 &&
	    memcmp(got->line + at + lmid, want->line + at + bmid,
	    want->linelen - at - bmid) == 0;
}

/*
 * Read want and got to the end or to their first difference.  Lines
 * named by corrections must differ as the correction says.  Returns 0
 * when they agree; otherwise prints the first differing line of each to
 * stderr and returns -1.
 */
static int
compare(const char *what, struct lines *want, struct lines *got,
    const struct correction *corr, size_t ncorr, int exact_corr)
{
	unsigned long	 lineno = 0;
	size_t		 col, n, k = 0;
	int		 a, b;

	for (;;) {
		lineno++;
		a = lines_next(want);
		b = lines_next(got);
		if (a == -1 || b == -1) {
			fprintf(stderr, "%s: cannot read %s output\n", what,
			    a == -1 ? want->label : got->label);
			return -1;
		}
		if (a == 0 && b == 0)
			break;
		if (k < ncorr && corr[k].line == lineno && a == 1 && b == 1) {
			int ok = exact_corr ? line_is(want, corr[k].bgpdump) &&
			    line_is(got, corr[k].lightsout) :
			    line_is_corrected(want, got, &corr[k]);

			k++;
			if (ok)
				continue;
			fprintf(stderr, "%s: line %lu does not differ as "
			    CORRECTIONS " says\n", what, lineno);
			print_line(want->label, want, a);
			print_line(got->label, got, b);
			return -1;
		}
		if (a == 1 && b == 1 && want->linelen == got->linelen &&
		    memcmp(want->line, got->line, want->linelen) == 0)
			continue;
		goto differ;
	}
	if (k < ncorr) {
		fprintf(stderr, "%s: the correction of line %lu was never "
		    "reached\n", what, corr[k].line);
		return -1;
	}
	return 0;

differ:
	col = 0;
	if (a == 1 && b == 1) {
		n = want->linelen < got->linelen ? want->linelen : got->linelen;
		while (col < n && want->line[col] == got->line[col])
			col++;
	}
	fprintf(stderr, "%s: first difference at line %lu", what, lineno);
	if (a == 1 && b == 1)
		fprintf(stderr, ", byte %zu", col + 1);
	fputs(":\n", stderr);
	print_line(want->label, want, a);
	print_line(got->label, got, b);
	fflush(stderr);
	return -1;
}

/*
 * Whether lightsout ended well, given its wait status: exit status 0
 * (everything decoded) or 1 (damaged records skipped; the output is still
 * complete).
 */
static int
lightsout_ok(int status)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) <= 1;
}

/*
 * Print how a command that did not succeed ended, given its wait status
 * as returned by pclose().
 */
static void
report_status(const char *file, const char *who, const char *opts,
    int status)
{
	fprintf(stderr, "%s: %s %s: ", file, who, opts);
	if (status == -1)
		fprintf(stderr, "pclose: %s\n", strerror(errno));
	else if (WIFEXITED(status))
		fprintf(stderr, "exited with status %d\n",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		fprintf(stderr, "killed by signal %d\n", WTERMSIG(status));
	else
		fprintf(stderr, "wait status %#x\n", (unsigned)status);
	fflush(stderr);
}

/*
 * The command that runs lightsout on tc; its standard error goes to
 * errpath, or is left untouched when errpath is NULL.
 */
static char *
lightsout_command(const struct tcase *tc, const char *errpath)
{
	char	*bin, *path, *cmd;

	bin = shquote(lightsout_bin);
	path = shquote(tc->file);
	if (errpath != NULL)
		cmd = xasprintf("%s dump %s " DATADIR "/%s </dev/null 2>%s",
		    bin, tc->opts, path, errpath);
	else
		cmd = xasprintf("%s dump %s " DATADIR "/%s </dev/null", bin,
		    tc->opts, path);
	free(bin);
	free(path);
	return cmd;
}

static void
check_lightsout_bin(void)
{
	if (strchr(lightsout_bin, '/') != NULL &&
	    access(lightsout_bin, X_OK) == -1)
		fail_msg("LIGHTSOUT_BIN %s: %s (build it, or run from the "
		    "repository root)", lightsout_bin, strerror(errno));
}

/* ---- Tests ------------------------------------------------------------ */

static void
test_manifest(void **state)
{
	(void)state;
	if (manifest_error[0] != '\0')
		fail_msg("%s", manifest_error);
	if (nyes == 0)
		fail_msg(MANIFEST ": no file has bgpdump_ok=yes");
}

/* Read a whole small file; NULL when it does not exist. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 cap = 0, n;

	*len = 0;
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	for (;;) {
		if (*len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = xreallocarray(buf, cap, 1);
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

/*
 * The pinned standard error: "exit N" and then what lightsout printed.
 * With LIGHTSOUT_REGOLD=1 the pin is rewritten instead.
 */
static void
check_stderr(const struct tcase *tc, const char *errpath, int status)
{
	char	*pinpath, *got, *want, *actual;
	size_t	 glen, wlen;
	FILE	*fp;
	int	 code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;

	pinpath = xasprintf(GOLDEN_DIR "/%s" STDERR_SUFFIX, tc->file);
	got = slurp(errpath, &glen);
	actual = xasprintf("exit %d\n%s", code, got != NULL ? got : "");
	if (getenv("LIGHTSOUT_REGOLD") != NULL) {
		if ((fp = fopen(pinpath, "w")) != NULL) {
			fputs(actual, fp);
			fclose(fp);
		}
	}
	want = slurp(pinpath, &wlen);
	if (want == NULL)
		want = xstrdup("exit 0\n");
	if (strcmp(want, actual) != 0) {
		fprintf(stderr, "%s: standard error and exit status differ "
		    "from %s\n--- pinned\n%s--- lightsout\n%s", tc->file,
		    pinpath, want, actual);
		free(pinpath);
		free(got);
		free(want);
		free(actual);
		fail_msg("%s: lightsout dump %s reported other errors than "
		    "pinned", tc->file, tc->opts);
	}
	free(pinpath);
	free(got);
	free(want);
	free(actual);
}

static void
test_golden(void **state)
{
	const struct tcase	*tc = *state;
	const struct corpus_file *cf = tc->cf;
	struct lines		*want, *got;
	char			*path, *cmd, errpath[] = "/tmp/lightsout-golden.XXXXXX";
	int			 rc, status, ended, fd;

	check_lightsout_bin();
	if ((fd = mkstemp(errpath)) == -1)
		fail_msg("mkstemp: %s", strerror(errno));
	close(fd);

	if (cf->golden != NULL)
		path = xstrdup(cf->golden);
	else
		path = xasprintf(EXPECTED_DIR "/%s" EXPECTED_SUFFIX, tc->file);
	want = lines_gzopen(cf->golden != NULL ? "pinned" : "expected", path);
	free(path);
	if (want == NULL)
		fail_msg("%s: cannot open the expected output", tc->file);

	cmd = lightsout_command(tc, errpath);
	got = lines_popen("lightsout", cmd);
	free(cmd);
	if (got == NULL) {
		lines_close(want);
		fail_msg("%s: cannot run lightsout", tc->file);
	}

	rc = compare(tc->file, want, got, cf->golden ? NULL : cf->corr,
	    cf->golden ? 0 : cf->ncorr, 1);
	ended = got->eof;
	lines_close(want);
	status = lines_close(got);
	if (rc == -1) {
		unlink(errpath);
		fail_msg("%s: lightsout dump %s does not match %s", tc->file,
		    tc->opts, cf->golden ? "its pinned output" :
		    "bgpdump's recorded output");
	}
	if (ended && !lightsout_ok(status))
		report_status(tc->file, "lightsout dump", tc->opts, status);
	if (!lightsout_ok(status)) {
		unlink(errpath);
		fail_msg("%s: lightsout dump %s failed", tc->file, tc->opts);
	}
	check_stderr(tc, errpath, status);
	unlink(errpath);
}

static void
test_differential(void **state)
{
	const struct tcase	*tc = *state;
	struct lines		*want, *got;
	char			*bin, *path, *cmd;
	int			 rc, wstatus, gstatus, wended, gended;

	if (bgpdump_bin == NULL)
		skip();
	check_lightsout_bin();

	bin = shquote(bgpdump_bin);
	path = shquote(tc->file);
	cmd = xasprintf("%s -v %s " DATADIR "/%s </dev/null 2>/dev/null",
	    bin, tc->opts, path);
	free(bin);
	free(path);
	want = lines_popen("bgpdump", cmd);
	free(cmd);
	if (want == NULL)
		fail_msg("%s: cannot run bgpdump", tc->file);

	cmd = lightsout_command(tc, "/dev/null");
	got = lines_popen("lightsout", cmd);
	free(cmd);
	if (got == NULL) {
		lines_close(want);
		fail_msg("%s: cannot run lightsout", tc->file);
	}

	rc = compare(tc->name, want, got, tc->cf->corr, tc->cf->ncorr,
	    strcmp(tc->opts, "-m") == 0);
	wended = want->eof;
	gended = got->eof;
	wstatus = lines_close(want);
	gstatus = lines_close(got);
	if (wended && wstatus != 0)
		report_status(tc->file, "bgpdump", tc->opts, wstatus);
	if (gended && !lightsout_ok(gstatus))
		report_status(tc->file, "lightsout dump", tc->opts, gstatus);
	if (rc == -1)
		fail_msg("%s: lightsout dump %s does not match bgpdump %s",
		    tc->file, tc->opts, tc->opts);
	if (wstatus != 0 || !lightsout_ok(gstatus))
		fail_msg("%s: %s %s failed", tc->file,
		    wstatus != 0 ? "bgpdump" : "lightsout dump", tc->opts);
}

/*
 * Look for bgpdump on PATH and check that it is version 1.6.2, the one
 * whose output lightsout reproduces.  bgpdump run without a file prints
 * its version and usage.
 */
static int
setup_differential(void **state)
{
	const char	*env;
	char		*pathv, *dir, *next, *cand, *quoted, *cmd;
	struct lines	*l;
	struct stat	 sb;
	int		 found = 0;

	(void)state;
	env = getenv("PATH");
	pathv = xstrdup(env != NULL ? env : "/usr/bin:/bin");
	for (next = pathv; !found && (dir = strsep(&next, ":")) != NULL; ) {
		cand = xasprintf("%s/bgpdump", *dir != '\0' ? dir : ".");
		if (stat(cand, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    access(cand, X_OK) == 0) {
			bgpdump_bin = cand;
			found = 1;
		} else
			free(cand);
	}
	free(pathv);
	if (!found) {
		snprintf(bgpdump_absent, sizeof(bgpdump_absent),
		    "bgpdump is not on PATH");
		goto absent;
	}

	quoted = shquote(bgpdump_bin);
	cmd = xasprintf("%s -v </dev/null 2>&1", quoted);
	free(quoted);
	l = lines_popen("bgpdump", cmd);
	free(cmd);
	found = 0;
	while (l != NULL && lines_next(l) == 1) {
		if (l->linelen == strlen(BGPDUMP_VERSION) &&
		    memcmp(l->line, BGPDUMP_VERSION, l->linelen) == 0)
			found = 1;
	}
	lines_close(l);
	if (!found) {
		snprintf(bgpdump_absent, sizeof(bgpdump_absent),
		    "%s is not bgpdump 1.6.2", bgpdump_bin);
		free(bgpdump_bin);
		bgpdump_bin = NULL;
		goto absent;
	}
	return 0;

absent:
	print_message("differential: %s; skipping\n", bgpdump_absent);
	return 0;
}

/* ---- The manifest ----------------------------------------------------- */

static void manifest_fail(const char *, ...)
    __attribute__((format(printf, 1, 2)));

static void
manifest_fail(const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	n = snprintf(manifest_error, sizeof(manifest_error), MANIFEST ": ");
	va_start(ap, fmt);
	vsnprintf(manifest_error + n, sizeof(manifest_error) - (size_t)n,
	    fmt, ap);
	va_end(ap);
}

/* Split line at tabs into at most max fields; returns how many it has. */
static size_t
split_tabs(char *line, char **field, size_t max)
{
	size_t	 n = 0;
	char	*f;

	while ((f = strsep(&line, "\t")) != NULL) {
		if (n < max)
			field[n] = f;
		n++;
	}
	return n;
}

static void
chomp(char *s, ssize_t *len)
{
	while (*len > 0 && (s[*len - 1] == '\n' || s[*len - 1] == '\r'))
		s[--*len] = '\0';
}

/*
 * Read the manifest: a header row naming the columns, then one row per
 * corpus file.  Keeps every file in files[]; on any
 * malformation sets manifest_error and keeps none.
 */
static void
load_manifest(void)
{
	enum { MAXCOLS = 64 };
	FILE		*fp;
	char		*line = NULL, *field[MAXCOLS];
	size_t		 cap = 0, ncols, n, i, col_file, col_ok;
	ssize_t		 len;
	unsigned long	 lineno = 1;

	if ((fp = fopen(MANIFEST, "r")) == NULL) {
		manifest_fail("%s (run from the repository root)",
		    strerror(errno));
		return;
	}
	if ((len = getline(&line, &cap, fp)) == -1) {
		manifest_fail("no header row");
		goto out;
	}
	chomp(line, &len);
	ncols = split_tabs(line, field, MAXCOLS);
	if (ncols > MAXCOLS) {
		manifest_fail("more than %d columns", MAXCOLS);
		goto out;
	}
	col_file = col_ok = SIZE_MAX;
	for (i = 0; i < ncols; i++) {
		if (strcmp(field[i], "file") == 0)
			col_file = i;
		else if (strcmp(field[i], "bgpdump_ok") == 0)
			col_ok = i;
	}
	if (col_file == SIZE_MAX || col_ok == SIZE_MAX) {
		manifest_fail("header lacks a \"file\" or a \"bgpdump_ok\" "
		    "column");
		goto out;
	}

	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		chomp(line, &len);
		if (len == 0)
			continue;
		if ((n = split_tabs(line, field, MAXCOLS)) != ncols) {
			manifest_fail("line %lu: %zu fields, the header has "
			    "%zu", lineno, n, ncols);
			goto out;
		}
		if (field[col_file][0] == '\0' ||
		    field[col_file][0] == '.' ||
		    strchr(field[col_file], '/') != NULL) {
			manifest_fail("line %lu: bad file name \"%s\"",
			    lineno, field[col_file]);
			goto out;
		}
		if (strcmp(field[col_ok], "yes") != 0 &&
		    strcmp(field[col_ok], "partial") != 0 &&
		    strcmp(field[col_ok], "no") != 0) {
			manifest_fail("line %lu: bgpdump_ok is \"%s\", not "
			    "yes, partial or no", lineno, field[col_ok]);
			goto out;
		}
		files = xreallocarray(files, nfiles + 1, sizeof(*files));
		memset(&files[nfiles], 0, sizeof(files[nfiles]));
		files[nfiles].name = xstrdup(field[col_file]);
		files[nfiles].bgpdump_ok = strcmp(field[col_ok], "yes") == 0;
		{
			char *g = xasprintf(GOLDEN_DIR "/%s" GOLDEN_SUFFIX,
			    field[col_file]);

			if (access(g, R_OK) == 0)
				files[nfiles].golden = g;
			else
				free(g);
		}
		if (files[nfiles].bgpdump_ok)
			nyes++;
		nfiles++;
	}
	if (ferror(fp))
		manifest_fail("%s", strerror(errno));

out:
	if (manifest_error[0] != '\0')
		nfiles = nyes = 0;
	free(line);
	fclose(fp);
}

/*
 * Read the corrections: file, line, reason, bgpdump's line, lightsout's
 * line, tab-separated, in line order per file.
 */
static void
load_corrections(void)
{
	FILE		*fp;
	char		*line = NULL, *field[5];
	size_t		 cap = 0, i;
	ssize_t		 len;
	unsigned long	 lineno = 0;
	struct corpus_file *cf;
	struct correction *c;

	if ((fp = fopen(CORRECTIONS, "r")) == NULL) {
		manifest_fail(CORRECTIONS ": %s", strerror(errno));
		return;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (++lineno == 1)
			continue;
		chomp(line, &len);
		if (split_tabs(line, field, 5) != 5) {
			manifest_fail(CORRECTIONS " line %lu: not 5 fields",
			    lineno);
			break;
		}
		for (i = 0, cf = NULL; i < nfiles; i++)
			if (strcmp(files[i].name, field[0]) == 0)
				cf = &files[i];
		if (cf == NULL) {
			manifest_fail(CORRECTIONS " line %lu: %s is not in the "
			    "manifest", lineno, field[0]);
			break;
		}
		cf->corr = xreallocarray(cf->corr, cf->ncorr + 1,
		    sizeof(*cf->corr));
		c = &cf->corr[cf->ncorr++];
		c->line = strtoul(field[1], NULL, 10);
		c->bgpdump = xstrdup(field[3]);
		c->lightsout = xstrdup(field[4]);
		if (cf->ncorr > 1 && c->line <= c[-1].line) {
			manifest_fail(CORRECTIONS " line %lu: lines out of "
			    "order", lineno);
			break;
		}
	}
	free(line);
	fclose(fp);
}

int
main(void)
{
	struct CMUnitTest	*golden, *diff;
	struct tcase		*cases;
	const char		*env;
	size_t			 i, ng = 0, nd = 0;
	int			 failed;

	if ((env = getenv("LIGHTSOUT_BIN")) != NULL && *env != '\0')
		lightsout_bin = env;
	load_manifest();

	load_corrections();

	golden = xmalloc((1 + nfiles) * sizeof(*golden));
	diff = xmalloc((2 * nfiles + 1) * sizeof(*diff));
	cases = xmalloc((3 * nfiles + 1) * sizeof(*cases));

	golden[ng++] = (struct CMUnitTest){
		.name = "manifest",
		.test_func = test_manifest,
	};
	for (i = 0; i < nfiles; i++) {
		const struct corpus_file *cf = &files[i];

		cases[3 * i] = (struct tcase){ cf, cf->name, "-m",
		    xstrdup(cf->name) };
		cases[3 * i + 1] = (struct tcase){ cf, cf->name, "-m",
		    xasprintf("%s -m", cf->name) };
		cases[3 * i + 2] = (struct tcase){ cf, cf->name, "-m -l",
		    xasprintf("%s -m -l", cf->name) };
		golden[ng++] = (struct CMUnitTest){
			.name = cases[3 * i].name,
			.test_func = test_golden,
			.initial_state = &cases[3 * i],
		};
		/* bgpdump's output of a file lightsout pins is unusable. */
		if (cf->golden != NULL)
			continue;
		diff[nd++] = (struct CMUnitTest){
			.name = cases[3 * i + 1].name,
			.test_func = test_differential,
			.initial_state = &cases[3 * i + 1],
		};
		diff[nd++] = (struct CMUnitTest){
			.name = cases[3 * i + 2].name,
			.test_func = test_differential,
			.initial_state = &cases[3 * i + 2],
		};
	}

	failed = _cmocka_run_group_tests("golden", golden, ng, NULL, NULL);
	failed += _cmocka_run_group_tests("differential", diff, nd,
	    setup_differential, NULL);

	for (i = 0; i < 3 * nfiles; i++)
		free(cases[i].name);
	for (i = 0; i < nfiles; i++) {
		size_t k;

		for (k = 0; k < files[i].ncorr; k++) {
			free(files[i].corr[k].bgpdump);
			free(files[i].corr[k].lightsout);
		}
		free(files[i].corr);
		free(files[i].golden);
		free(files[i].name);
	}
	free(files);
	free(cases);
	free(golden);
	free(diff);
	free(bgpdump_bin);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
