/*
 * archive.c -- the inputs of an event found, classified and selected.
 *
 * Finding: each input is an existing file, a directory (walked
 * recursively, dot files left out, entries in strcmp order) or a glob(3)
 * pattern.  A file reached twice (same device and inode) is kept once.
 *
 * Classifying is string work on the path (archive_classify): the
 * RouteViews, RIPE RIS and BGPStream naming conventions give the kind,
 * the time and the collector.  An MRT file whose name does not give its
 * collector is opened and its first records say what it holds.
 *
 * Selecting, per collector: the RIB dump in force at the window start
 * and the update files from that dump to the window end; everything
 * else is kept with the reason it is not read.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/archive.h"
#include "parsers/civil_time.h"
#include "parsers/mrt.h"

/* Update cadences of the archives (seconds between files). */
#define ROUTEVIEWS_UPDATES_CADENCE	900	/* routeviews.org: 15 min */
#define RIS_UPDATES_CADENCE		300	/* RIPE RIS: 5 min */

/* How far before the RIB an update file of unknown cadence may start. */
#define UNKNOWN_CADENCE_REACH	86400

/*
 * How many records of a file of unknown layout are looked at for its
 * kind, time and collector before giving up.
 */
#define HEAD_RECORDS	64

/* Why a file is not read (archive_file.why_not). */
static const char why_after_window[] = "after the window";
static const char why_before_rib[] = "before the RIB at the window start";
static const char why_later_rib[] = "a later RIB is used";
static const char why_earlier_rib[] = "an earlier RIB is used";
static const char why_not_mrt[] = "not an MRT file";
static const char why_empty[] = "empty file";
static const char why_unreadable[] = "cannot be read";
static const char why_no_bgp[] = "no BGP records among its first records";

/* ------------------------------------------------------------------ */
/* Names                                                               */

bool
archive_file_unusable(const struct archive_file *f)
{
	return f->why_not == why_not_mrt || f->why_not == why_empty ||
	    f->why_not == why_unreadable || f->why_not == why_no_bgp;
}

const char *
archive_kind_name(enum archive_kind k)
{
	switch (k) {
	case ARCHIVE_KIND_RIB:
		return "rib";
	case ARCHIVE_KIND_UPDATES:
		return "updates";
	case ARCHIVE_KIND_DATA:
		return "data";
	default:
		return "unknown";
	}
}

const char *
archive_layout_name(enum archive_layout l)
{
	switch (l) {
	case ARCHIVE_LAYOUT_ROUTEVIEWS:
		return "routeviews";
	case ARCHIVE_LAYOUT_RIS:
		return "ris";
	case ARCHIVE_LAYOUT_BGPSTREAM:
		return "bgpstream";
	default:
		return "other";
	}
}

/* ------------------------------------------------------------------ */
/* Classification: string work only                                    */

/* A path component: [p, p + len). */
struct component {
	const char	*p;
	size_t		 len;
};

static bool
component_is(const struct component *c, const char *s)
{
	return c->len == strlen(s) && memcmp(c->p, s, c->len) == 0;
}

/* "rrcNN": a RIPE RIS route collector's directory. */
static bool
component_is_rrc(const struct component *c)
{
	return c->len == 5 && memcmp(c->p, "rrc", 3) == 0 &&
	    c->p[3] >= '0' && c->p[3] <= '9' && c->p[4] >= '0' &&
	    c->p[4] <= '9';
}

/*
 * The directory components of path (the file name left out), at most
 * max of the last ones; returns how many.
 */
#define MAX_COMPONENTS	32
static size_t
split_dirs(const char *path, struct component *out, size_t max)
{
	const char *p = path, *slash;
	size_t n = 0;

	while ((slash = strchr(p, '/')) != NULL) {
		if (slash > p) {
			if (n == max) {
				memmove(out, out + 1, (max - 1) * sizeof(*out));
				n--;
			}
			out[n].p = p;
			out[n].len = (size_t)(slash - p);
			n++;
		}
		p = slash + 1;
	}
	return n;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * "YYYYMMDD.HHMM" at s, UTC, as RouteViews and RIS name their files;
 * followed by '.' or the end.  false when it is not a real date and time.
 */
static bool
parse_name_time(const char *s, int64_t *t)
{
	int y, mo, d, h, mi;
	int64_t days, cy;
	unsigned cm, cd;

	if (!fixed_digits(s, 4, &y) || !fixed_digits(s + 4, 2, &mo) ||
	    !fixed_digits(s + 6, 2, &d) || s[8] != '.' ||
	    !fixed_digits(s + 9, 2, &h) || !fixed_digits(s + 11, 2, &mi))
		return false;
	if (s[13] != '\0' && s[13] != '.')
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59)
		return false;
	days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	civil_from_days(days, &cy, &cm, &cd);
	if (cy != y || cm != (unsigned)mo || cd != (unsigned)d)
		return false;		/* February 30th */
	*t = days * 86400 + h * 3600 + mi * 60;
	return true;
}

/*
 * The RouteViews and RIS file names: rib.T, bview.T, updates.T with T
 * as parse_name_time reads it.
 */
static bool
archive_name(const char *base, enum archive_kind *kind, int64_t *t)
{
	static const struct {
		const char	*prefix;
		enum archive_kind kind;
	} names[] = {
		{ "rib.", ARCHIVE_KIND_RIB },
		{ "bview.", ARCHIVE_KIND_RIB },
		{ "updates.", ARCHIVE_KIND_UPDATES },
	};
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i].prefix);
		if (strncmp(base, names[i].prefix, n) == 0 &&
		    parse_name_time(base + n, t)) {
			*kind = names[i].kind;
			return true;
		}
	}
	return false;
}

/*
 * The update cadence of a BGPStream project.  Copies of BGPStream files
 * are often stored under a prefix ("bgpstream__routeviews.route-views
 * .jinx.updates...."): the project is the part after the last "__".
 */
static int64_t
project_cadence(const char *project, size_t len)
{
	const char *p;
	size_t i;

	for (i = 0, p = project; i + 1 < len; i++)
		if (project[i] == '_' && project[i + 1] == '_')
			p = project + i + 2;
	len -= (size_t)(p - project);
	if (len == strlen("routeviews") && memcmp(p, "routeviews", len) == 0)
		return ROUTEVIEWS_UPDATES_CADENCE;
	if (len == strlen("ris") && memcmp(p, "ris", len) == 0)
		return RIS_UPDATES_CADENCE;
	return 0;
}

static bool
all_digits(const char *p, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

/* What may follow the time in a BGPStream name. */
static bool
mrt_extension(const struct component *c)
{
	return component_is(c, "gz") || component_is(c, "bz2") ||
	    component_is(c, "xz") || component_is(c, "mrt");
}

/*
 * BGPStream's names: <project>.<collector>.{ribs,updates}.<unix
 * seconds>[.<ext>...]; the collector may hold dots (route-views.jinx).
 * The collector is returned as [*coll, *coll + *coll_len) within base.
 */
static bool
bgpstream_name(const char *base, enum archive_kind *kind, int64_t *t,
    const char **coll, size_t *coll_len, int64_t *cadence)
{
	struct component parts[MAX_COMPONENTS];
	const char *p = base, *dot;
	size_t n = 0, i, k;
	uint64_t secs = 0;

	for (;;) {
		if (n == MAX_COMPONENTS)
			return false;
		dot = strchr(p, '.');
		parts[n].p = p;
		parts[n].len = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (parts[n].len == 0)
			return false;
		n++;
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	/*
	 * The kind word: at index 2 or later, followed by the seconds and
	 * nothing but the extensions of an MRT file.
	 */
	for (i = 2; i + 1 < n; i++) {
		if (!component_is(&parts[i], "ribs") &&
		    !component_is(&parts[i], "updates"))
			continue;
		if (!all_digits(parts[i + 1].p, parts[i + 1].len) ||
		    parts[i + 1].len > 12)
			continue;
		for (k = i + 2; k < n && mrt_extension(&parts[k]); k++)
			;
		if (k < n)
			return false;
		for (k = 0; k < parts[i + 1].len; k++)
			secs = secs * 10 + (uint64_t)(parts[i + 1].p[k] - '0');
		*kind = component_is(&parts[i], "ribs") ? ARCHIVE_KIND_RIB :
		    ARCHIVE_KIND_UPDATES;
		*t = (int64_t)secs;
		*coll = parts[1].p;
		*coll_len = (size_t)(parts[i - 1].p + parts[i - 1].len -
		    parts[1].p);
		*cadence = *kind == ARCHIVE_KIND_UPDATES ?
		    project_cadence(parts[0].p, parts[0].len) : 0;
		return true;
	}
	return false;
}

static char *
copy_component(const char *p, size_t len)
{
	char *s = malloc(len + 1);

	if (s != NULL) {
		memcpy(s, p, len);
		s[len] = '\0';
	}
	return s;
}

/*
 * The RouteViews collector of a path whose directory i is "bgpdata":
 * the directory before it; route-views2 when there is none, as on
 * archive.routeviews.org, where bgpdata/ at the top is route-views2.
 */
static char *
routeviews_collector(const struct component *dirs, size_t i)
{
	if (i == 0 || component_is(&dirs[i - 1], ".") ||
	    component_is(&dirs[i - 1], "..") ||
	    component_is(&dirs[i - 1], "archive.routeviews.org"))
		return strdup("route-views2");
	return copy_component(dirs[i - 1].p, dirs[i - 1].len);
}

void
archive_classify(const char *path, enum archive_source source,
    struct archive_file *out)
{
	struct component dirs[MAX_COMPONENTS];
	const char *base = base_name(path), *coll;
	size_t ndirs, i, coll_len;
	enum archive_kind kind;
	int64_t t, cadence;

	memset(out, 0, sizeof(*out));
	out->source = source;
	out->time = ARCHIVE_TIME_UNKNOWN;
	if (source != ARCHIVE_MRT) {
		out->kind = ARCHIVE_KIND_DATA;
		return;
	}
	out->kind = ARCHIVE_KIND_UNKNOWN;
	if (bgpstream_name(base, &kind, &t, &coll, &coll_len, &cadence)) {
		out->layout = ARCHIVE_LAYOUT_BGPSTREAM;
		out->kind = kind;
		out->time = t;
		out->time_from_name = true;
		out->cadence = cadence;
		out->collector = copy_component(coll, coll_len);
		return;
	}
	if (!archive_name(base, &kind, &t))
		return;
	out->kind = kind;
	out->time = t;
	out->time_from_name = true;
	/* The nearest directory that names a layout decides. */
	ndirs = split_dirs(path, dirs, MAX_COMPONENTS);
	for (i = ndirs; i-- > 0; ) {
		if (component_is(&dirs[i], "bgpdata")) {
			out->layout = ARCHIVE_LAYOUT_ROUTEVIEWS;
			out->collector = routeviews_collector(dirs, i);
			if (kind == ARCHIVE_KIND_UPDATES)
				out->cadence = ROUTEVIEWS_UPDATES_CADENCE;
			return;
		}
		if (component_is_rrc(&dirs[i])) {
			out->layout = ARCHIVE_LAYOUT_RIS;
			out->collector = copy_component(dirs[i].p, dirs[i].len);
			if (kind == ARCHIVE_KIND_UPDATES)
				out->cadence = RIS_UPDATES_CADENCE;
			return;
		}
	}
}

/*
 * The cadence the collector's update files would have, from any of its
 * files (a RIB's layout says it too); 0 when unknown.
 */
static int64_t
expected_update_cadence(const struct archive_file *f)
{
	const char *base, *coll;
	size_t coll_len;
	enum archive_kind kind;
	int64_t t, cadence;

	if (f->kind != ARCHIVE_KIND_RIB)
		return f->cadence;
	switch (f->layout) {
	case ARCHIVE_LAYOUT_ROUTEVIEWS:
		return ROUTEVIEWS_UPDATES_CADENCE;
	case ARCHIVE_LAYOUT_RIS:
		return RIS_UPDATES_CADENCE;
	case ARCHIVE_LAYOUT_BGPSTREAM:
		/* The project's, as its update files would have it. */
		base = base_name(f->path);
		if (!bgpstream_name(base, &kind, &t, &coll, &coll_len,
		    &cadence))
			return 0;
		return project_cadence(base, (size_t)(coll - 1 - base));
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* Finding the files                                                   */

struct found {
	dev_t		 dev;
	ino_t		 ino;
	size_t		 index;		/* into a->files */
};

struct scan {
	struct archive	*a;
	size_t		 cap_files, cap_problems, cap_notes;
	struct found	*found;		/* parallel to a->files */
	char		*err;
	size_t		 errlen;
};

static int
oom(struct scan *s)
{
	snprintf(s->err, s->errlen, "out of memory");
	return -1;
}

/* Append a formatted line to a list of lines; -1 on out of memory. */
static int
add_line(struct scan *s, char ***lines, size_t *n, size_t *cap,
    const char *fmt, va_list ap)
{
	va_list ap2;
	char **nl, *text;
	int len;

	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 8;

		if ((nl = realloc(*lines, ncap * sizeof(*nl))) == NULL)
			return oom(s);
		*lines = nl;
		*cap = ncap;
	}
	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0 || (text = malloc((size_t)len + 1)) == NULL)
		return oom(s);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	(*lines)[(*n)++] = text;
	return 0;
}

static int add_problem(struct scan *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int add_note(struct scan *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
add_problem(struct scan *s, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = add_line(s, &s->a->problems, &s->a->nproblems, &s->cap_problems,
	    fmt, ap);
	va_end(ap);
	return rc;
}

static int
add_note(struct scan *s, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = add_line(s, &s->a->notes, &s->a->nnotes, &s->cap_notes, fmt, ap);
	va_end(ap);
	return rc;
}

static int
add_file(struct scan *s, const char *path, enum archive_source source,
    const struct stat *st)
{
	struct archive *a = s->a;
	struct archive_file *f;

	if (a->nfiles == s->cap_files) {
		size_t ncap = s->cap_files ? 2 * s->cap_files : 64;
		struct archive_file *nf;
		struct found *nfound;

		if ((nf = realloc(a->files, ncap * sizeof(*nf))) == NULL)
			return oom(s);
		a->files = nf;
		if ((nfound = realloc(s->found, ncap * sizeof(*nfound))) ==
		    NULL)
			return oom(s);
		s->found = nfound;
		s->cap_files = ncap;
	}
	f = &a->files[a->nfiles];
	archive_classify(path, source, f);
	if ((f->path = strdup(path)) == NULL) {
		free(f->collector);
		return oom(s);
	}
	if (source == ARCHIVE_MRT && f->layout != ARCHIVE_LAYOUT_NONE &&
	    f->collector == NULL) {
		free(f->path);
		return oom(s);
	}
	f->size = (uint64_t)st->st_size;
	f->selected = true;
	s->found[a->nfiles].dev = st->st_dev;
	s->found[a->nfiles].ino = st->st_ino;
	s->found[a->nfiles].index = a->nfiles;
	a->nfiles++;
	return 0;
}

/* The directories being walked, to stop at a link back up the tree. */
struct walk_stack {
	dev_t		 dev;
	ino_t		 ino;
	const struct walk_stack *up;
};

static int
compare_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int walk(struct scan *s, const char *dir, enum archive_source source,
    const struct stat *st, const struct walk_stack *up);

/* One path found by a walk or a glob: a file, or a directory to walk. */
static int
take_path(struct scan *s, const char *path, enum archive_source source,
    const struct walk_stack *up)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return add_problem(s, "%s: %s", path, strerror(errno));
	if (S_ISREG(st.st_mode))
		return add_file(s, path, source, &st);
	if (S_ISDIR(st.st_mode))
		return walk(s, path, source, &st, up);
	return add_problem(s, "%s: not a regular file or directory", path);
}

static int
walk(struct scan *s, const char *dir, enum archive_source source,
    const struct stat *st, const struct walk_stack *up)
{
	struct walk_stack here = { st->st_dev, st->st_ino, up };
	const struct walk_stack *w;
	DIR *d;
	struct dirent *de;
	char **names = NULL, **nn, *path;
	size_t n = 0, cap = 0, i;
	int rc = -1;

	for (w = up; w != NULL; w = w->up)
		if (w->dev == st->st_dev && w->ino == st->st_ino)
			return 0;	/* a link to a directory above */
	if ((d = opendir(dir)) == NULL)
		return add_problem(s, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			if ((nn = realloc(names, cap * sizeof(*nn))) == NULL)
				goto fail_oom;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto fail_oom;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n > 1)
		qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++) {
		size_t len = strlen(dir);
		bool slash = len > 0 && dir[len - 1] == '/';

		if ((path = malloc(len + strlen(names[i]) + 2)) == NULL)
			goto fail_oom;
		sprintf(path, "%s%s%s", dir, slash ? "" : "/", names[i]);
		rc = take_path(s, path, source, &here);
		free(path);
		if (rc == -1)
			goto done;
	}
	rc = 0;
	goto done;
fail_oom:
	rc = oom(s);
done:
	if (d != NULL)
		closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static bool
has_glob_chars(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* One input of the event: a file, a directory or a pattern. */
static int
expand(struct scan *s, const char *input, enum archive_source source)
{
	struct stat st;
	glob_t g;
	size_t i;
	int rc;

	if (stat(input, &st) == 0)
		return take_path(s, input, source, NULL);
	if (errno != ENOENT && errno != ENOTDIR)
		return add_problem(s, "%s: %s", input, strerror(errno));
	if (!has_glob_chars(input))
		return add_problem(s, "%s: no such file or directory", input);
	memset(&g, 0, sizeof(g));
	rc = glob(input, 0, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		globfree(&g);
		return add_problem(s, "%s: no such file or directory", input);
	}
	if (rc == GLOB_NOSPACE) {
		globfree(&g);
		return oom(s);
	}
	if (rc != 0) {
		globfree(&g);
		return add_problem(s, "%s: cannot be read", input);
	}
	for (i = 0; i < g.gl_pathc; i++) {
		if (take_path(s, g.gl_pathv[i], source, NULL) == -1) {
			globfree(&g);
			return -1;
		}
	}
	globfree(&g);
	return 0;
}

static int
compare_found(const void *x, const void *y)
{
	const struct found *a = x, *b = y;

	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * A file reached twice (a directory and a pattern, or the same list
 * twice) is read once: the first path it was found by is kept.
 */
static void
drop_repeats(struct scan *s)
{
	struct archive *a = s->a;
	size_t i, j;
	bool *drop;

	if (a->nfiles < 2)
		return;
	if (a->nfiles > 1)
		qsort(s->found, a->nfiles, sizeof(*s->found), compare_found);
	if ((drop = calloc(a->nfiles, sizeof(*drop))) == NULL)
		return;		/* keeping repeats is harmless */
	for (i = 1; i < a->nfiles; i++)
		if (s->found[i].dev == s->found[i - 1].dev &&
		    s->found[i].ino == s->found[i - 1].ino)
			drop[s->found[i].index] = true;
	for (i = j = 0; i < a->nfiles; i++) {
		if (drop[i]) {
			free(a->files[i].path);
			free(a->files[i].collector);
			continue;
		}
		a->files[j++] = a->files[i];
	}
	a->nfiles = j;
	free(drop);
}

/* ------------------------------------------------------------------ */
/* What a file of unknown layout holds                                 */

/* The directory a file is in, as a last resort for its collector. */
static char *
directory_name(const char *path)
{
	struct component dirs[MAX_COMPONENTS];
	size_t n = split_dirs(path, dirs, MAX_COMPONENTS);

	if (n == 0 || component_is(&dirs[n - 1], "."))
		return strdup(".");
	return copy_component(dirs[n - 1].p, dirs[n - 1].len);
}

static enum archive_kind
mrt_type_kind(uint16_t type)
{
	switch (type) {
	case MRT_TABLE_DUMP:
	case MRT_TABLE_DUMP_V2:
		return ARCHIVE_KIND_RIB;
	case MRT_BGP:
	case MRT_BGP4PLUS:
	case MRT_BGP4PLUS_01:
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET:
		return ARCHIVE_KIND_UPDATES;
	default:
		return ARCHIVE_KIND_UNKNOWN;
	}
}

static char *
collector_of_addr(const struct ip_addr *addr)
{
	char text[INET6_ADDRSTRLEN], *s;

	if (inet_ntop(addr->afi == AFI_IPV6 ? AF_INET6 : AF_INET, addr->bytes,
	    text, sizeof(text)) == NULL)
		return NULL;
	if ((s = malloc(strlen("collector ") + strlen(text) + 1)) != NULL)
		sprintf(s, "collector %s", text);
	return s;
}

/*
 * Read the first records of f for what its name does not say: the kind
 * (TABLE_DUMP*: a RIB, BGP4MP and the older BGP types: updates), the
 * time of the first record, and the collector (the BGP identifier of a
 * PEER_INDEX_TABLE, else the local address of BGP4MP records, else the
 * directory name).  A file with no record that decodes is not an MRT
 * file; it stays in the list, not selected.  -1 on out of memory only.
 */
static int
read_head(struct scan *s, struct archive_file *f)
{
	char err[512];
	struct input *in;
	struct mrt_reader *r;
	const struct bgp_record *rec;
	struct decode_error derr;
	enum mrt_status st;
	bool errors = false, found = false;
	int i;

	in = input_open(f->path, err, sizeof(err));
	if (in == NULL) {
		f->selected = false;
		f->why_not = why_unreadable;
		if (add_problem(s, "%s", err) == -1)
			return -1;
		goto collector;
	}
	if ((r = mrt_open(in)) == NULL) {
		input_close(in);
		return oom(s);
	}
	for (i = 0; i < HEAD_RECORDS; i++) {
		st = mrt_next(r, &rec, &derr);
		if (st == MRT_END)
			break;
		if (st == MRT_SKIP) {
			errors |= skip_reason_is_error(derr.reason);
			continue;
		}
		found = true;
		if (f->kind == ARCHIVE_KIND_UNKNOWN)
			f->kind = mrt_type_kind(rec->mrt_type);
		if (f->time == ARCHIVE_TIME_UNKNOWN)
			f->time = rec->time;
		if (f->collector == NULL && rec->collector_id.afi != 0)
			f->collector = collector_of_addr(&rec->collector_id);
		else if (f->collector == NULL && rec->local_addr.afi != 0 &&
		    f->kind == ARCHIVE_KIND_UPDATES)
			f->collector = collector_of_addr(&rec->local_addr);
		if (f->kind != ARCHIVE_KIND_UNKNOWN)
			break;
	}
	if (!found) {
		f->selected = false;
		if (errors || mrt_stats(r)->records > 0)
			f->why_not = errors ? why_not_mrt : why_no_bgp;
		else
			f->why_not = f->size == 0 ? why_empty : why_not_mrt;
	} else if (f->kind == ARCHIVE_KIND_UNKNOWN) {
		f->selected = false;
		f->why_not = why_no_bgp;
	}
	mrt_close(r);
	input_close(in);
collector:
	if (f->collector == NULL && (f->collector = directory_name(f->path)) ==
	    NULL)
		return oom(s);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Order and selection                                                 */

static int
kind_rank(enum archive_kind k)
{
	switch (k) {
	case ARCHIVE_KIND_RIB:
		return 0;
	case ARCHIVE_KIND_UPDATES:
		return 1;
	case ARCHIVE_KIND_UNKNOWN:
		return 2;
	default:
		return 3;
	}
}

static int
compare_strings(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

static int
compare_files(const void *x, const void *y)
{
	const struct archive_file *a = x, *b = y;
	int c;

	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	if ((c = compare_strings(a->collector, b->collector)) != 0)
		return c;
	if (kind_rank(a->kind) != kind_rank(b->kind))
		return kind_rank(a->kind) < kind_rank(b->kind) ? -1 : 1;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return strcmp(a->path, b->path);
}

/* t - d without wrapping below INT64_MIN. */
static int64_t
minus(int64_t t, int64_t d)
{
	return t < INT64_MIN + d ? INT64_MIN : t - d;
}

/*
 * Select among the MRT files [from, to) of one collector (sorted: RIBs
 * by time, then updates by time).  start and end are the window,
 * INT64_MIN and INT64_MAX where the event leaves them open.
 */
static int
select_collector(struct scan *s, struct archive_file *files, size_t n,
    int64_t start, int64_t end, bool has_start)
{
	struct archive_file *rib = NULL, *f;
	size_t i, last_before = n;
	int64_t ref;

	for (i = 0; i < n; i++) {
		f = &files[i];
		if (f->why_not != NULL || f->kind != ARCHIVE_KIND_RIB)
			continue;
		if (f->time <= start || rib == NULL)
			rib = f;
		if (f->time > start)
			break;
	}
	if (rib != NULL && rib->time >= end)
		rib = NULL;	/* only RIBs after the window */
	if (rib != NULL && rib->time > start && has_start &&
	    add_note(s, "%s: no RIB at or before the window start; the "
	    "first after it is used: %s", files[0].collector, rib->path) == -1)
		return -1;
	ref = rib != NULL ? rib->time : start;

	/*
	 * Of update files of unknown cadence, the last one that starts
	 * before ref may run past it; not one that starts more than
	 * UNKNOWN_CADENCE_REACH before.
	 */
	for (i = 0; i < n; i++) {
		f = &files[i];
		if (f->why_not == NULL && f->kind == ARCHIVE_KIND_UPDATES &&
		    f->cadence == 0 && f->time < ref &&
		    f->time >= minus(ref, UNKNOWN_CADENCE_REACH))
			last_before = i;
	}
	for (i = 0; i < n; i++) {
		f = &files[i];
		if (f->why_not != NULL)
			continue;
		if (f->kind == ARCHIVE_KIND_RIB) {
			if (f == rib)
				continue;
			if (rib == NULL || f->time >= end)
				f->why_not = why_after_window;
			else if (f->time < rib->time)
				f->why_not = why_later_rib;
			else
				f->why_not = why_earlier_rib;
		} else if (f->time >= end)
			f->why_not = why_after_window;
		else if (f->cadence > 0 ? f->time < minus(ref, f->cadence) :
		    f->time < ref && i != last_before)
			f->why_not = why_before_rib;
		if (f->why_not != NULL)
			f->selected = false;
	}
	if (rib == NULL && has_start) {
		for (i = 0; i < n && !files[i].selected; i++)
			;
		if (i < n && add_note(s, "%s: no RIB file before the "
		    "window end; the routes at the window start are unknown",
		    files[0].collector) == -1)
			return -1;
	}
	return 0;
}

/* The end of the run of files of a's file i's source and collector. */
static size_t
collector_end(const struct archive *a, size_t i)
{
	size_t j;

	for (j = i + 1; j < a->nfiles &&
	    a->files[j].source == a->files[i].source &&
	    compare_strings(a->files[j].collector, a->files[i].collector) == 0;
	    j++)
		;
	return j;
}

static int
select_files(struct scan *s, const struct event *ev)
{
	struct archive *a = s->a;
	int64_t start = ev->has_start ? ev->start : INT64_MIN;
	int64_t end = ev->has_end ? ev->end : INT64_MAX;
	size_t i, j;

	for (i = 0; i < a->nfiles; i = j) {
		j = collector_end(a, i);
		if (a->files[i].source != ARCHIVE_MRT)
			continue;
		if (select_collector(s, a->files + i, j - i, start, end,
		    ev->has_start) == -1)
			return -1;
	}
	return 0;
}

int
archive_scan(struct archive *a, const struct event *ev, char *err,
    size_t errlen)
{
	static const enum archive_source sources[] = {
		ARCHIVE_MRT, ARCHIVE_FLOW, ARCHIVE_PROBE,
	};
	const struct str_list *lists[] = { &ev->mrt, &ev->flows, &ev->probes };
	struct scan s;
	size_t i, k;

	memset(a, 0, sizeof(*a));
	memset(&s, 0, sizeof(s));
	s.a = a;
	s.err = err;
	s.errlen = errlen;
	for (k = 0; k < sizeof(sources) / sizeof(sources[0]); k++)
		for (i = 0; i < lists[k]->n; i++)
			if (expand(&s, lists[k]->items[i], sources[k]) == -1)
				goto fail;
	drop_repeats(&s);
	for (i = 0; i < a->nfiles; i++) {
		struct archive_file *f = &a->files[i];

		if (f->source == ARCHIVE_MRT && f->collector == NULL &&
		    read_head(&s, f) == -1)
			goto fail;
	}
	if (a->nfiles > 1)
		qsort(a->files, a->nfiles, sizeof(*a->files), compare_files);
	if (select_files(&s, ev) == -1)
		goto fail;
	free(s.found);
	return 0;
fail:
	free(s.found);
	archive_free(a);
	return -1;
}

void
archive_free(struct archive *a)
{
	size_t i;

	for (i = 0; i < a->nfiles; i++) {
		free(a->files[i].path);
		free(a->files[i].collector);
	}
	free(a->files);
	for (i = 0; i < a->nproblems; i++)
		free(a->problems[i]);
	free(a->problems);
	for (i = 0; i < a->nnotes; i++)
		free(a->notes[i]);
	free(a->notes);
	memset(a, 0, sizeof(*a));
}

/* ------------------------------------------------------------------ */
/* Gaps                                                                */

static int
add_gap(struct archive_gap **gaps, size_t *n, size_t *cap,
    const struct archive_file *f, int64_t start, int64_t end)
{
	struct archive_gap *ng;

	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;

		if ((ng = realloc(*gaps, ncap * sizeof(*ng))) == NULL)
			return -1;
		*gaps = ng;
		*cap = ncap;
	}
	(*gaps)[*n].collector = f->collector;
	(*gaps)[*n].kind = ARCHIVE_KIND_UPDATES;
	(*gaps)[*n].start = start;
	(*gaps)[*n].end = end;
	(*n)++;
	return 0;
}

/*
 * One collector's files [0, n): each selected update file of known
 * cadence, named t, covers [t, t + cadence); whatever of [from, until)
 * none covers is a gap.  A collector whose layout has a cadence but
 * that has no such file at all is missing the whole span.
 */
static int
collector_gaps(const struct archive_file *files, size_t n, int64_t from,
    int64_t until, struct archive_gap **gaps, size_t *ngaps, size_t *cap)
{
	int64_t cursor = from;
	size_t i;
	bool expected = false, any = false;

	for (i = 0; i < n; i++) {
		const struct archive_file *f = &files[i];

		if (expected_update_cadence(f) > 0)
			expected = true;
		if (!f->selected || f->kind != ARCHIVE_KIND_UPDATES ||
		    f->cadence <= 0 || !f->time_from_name)
			continue;
		any = true;
		if (f->time > cursor && cursor < until &&
		    add_gap(gaps, ngaps, cap, f, cursor,
		    f->time < until ? f->time : until) == -1)
			return -1;
		if (f->time + f->cadence > cursor)
			cursor = f->time + f->cadence;
	}
	if ((any || expected) && cursor < until &&
	    add_gap(gaps, ngaps, cap, &files[0], cursor, until) == -1)
		return -1;
	return 0;
}

int
archive_gaps(const struct archive *a, int64_t from, int64_t until,
    struct archive_gap **gaps, size_t *ngaps)
{
	size_t i, j, cap = 0;

	*gaps = NULL;
	*ngaps = 0;
	for (i = 0; i < a->nfiles; i = j) {
		j = collector_end(a, i);
		if (a->files[i].source != ARCHIVE_MRT)
			continue;
		if (collector_gaps(a->files + i, j - i, from, until, gaps,
		    ngaps, &cap) == -1) {
			free(*gaps);
			*gaps = NULL;
			*ngaps = 0;
			return -1;
		}
	}
	return 0;
}
