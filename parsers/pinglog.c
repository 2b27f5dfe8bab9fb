/*
 * pinglog.c -- probe records from the output of iputils `ping -D`.
 *
 * The lines read (iputils 20221126 of Debian 12, checked by running it
 * on loopback; older iputils and the BSD ping where noted):
 *
 *	PING host (addr) 56(84) bytes of data.		IPv4
 *	PING host (addr) from src iface: 56(84) bytes of data.	(-I)
 *	PING ::1(::1) 56 data bytes			IPv6
 *	PING host(name (addr)) 56 data bytes		IPv6, by name
 *	[1700000000.123456] 64 bytes from 1.2.3.4: icmp_seq=1 ttl=64 time=0.030 ms
 *	[...] 64 bytes from host (addr): icmp_seq=1 ttl=64 time=12.0 ms (DUP!)
 *	[...] no answer yet for icmp_seq=5		(-O)
 *	[...] From 10.0.0.1 icmp_seq=3 Destination Host Unreachable
 *	Request timeout for icmp_seq 4			(BSD)
 *	--- host ping statistics ---
 *	5 packets transmitted, 5 received, +1 duplicates, +2 errors,
 *	    0% packet loss, time 814ms		(one line)
 *	rtt min/avg/max/mdev = 0.007/0.014/0.030/0.008 ms
 *	round-trip min/avg/max/stddev = ... ms		(BSD, busybox)
 *
 * Old iputils say icmp_req= for icmp_seq=; BSD ping6 writes ", icmp_seq"
 * and hlim=.  "[ts]" is -D's epoch.microseconds; without -D there is no
 * time at all and the record has none.
 *
 * One run (a PING header to its statistics, to the next header or to the
 * end of the file) is one record; record_no is the header's line.  Its
 * time is the first -D timestamp of the run (reply, -O "no answer yet"
 * or ICMP error line), its end the last one.  The target's name
 * (dst_name) is the host as typed when it is not the address itself;
 * src is the address of "from SRC IFACE:" (-I), absent otherwise.  The
 * statistics block gives sent, received and min/avg/max.  When it is
 * missing (a log cut short), those figures are DERIVED from the lines:
 * sent is the highest icmp_seq seen (plus one when a seq 0 shows the
 * BSD numbering), received the number of distinct seqs with a reply that
 * is not a duplicate, and min/avg/max come from the replies' times
 * (duplicates left out).  seqs are taken as they are: a run of more than
 * 65535 probes wraps and is then counted short.  The median always comes
 * from the reply lines (duplicates left out), as ping does not print it.
 *
 * A last line without its line break is taken as cut and reported, not
 * read: "time=0.03" may be the start of "time=0.035 ms".
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/pinglog.h"
#include "parsers/vantage_name.h"

/* A ping line is short; a longer one is not ping's. */
#define PING_MAX_LINE		(64 * 1024)
#define PING_NAME_MAX		256

struct pinglog_reader {
	struct input		*in;
	const char		*file;
	char			*vantage;	/* owned; NULL: absent */
	bool			 ended;
	uint64_t		 lines;
	struct decode_stats	 stats;

	/* The open run. */
	bool			 in_run;
	uint64_t		 run_line;
	struct ip_addr		 dst, src;
	char			 name[PING_NAME_MAX];	/* "" when none */
	bool			 have_ts;
	int64_t			 first_ms, last_ms;
	uint32_t		 max_seq;
	bool			 seq_seen, seq_zero;
	uint8_t			*replied;		/* 65536 bits */
	uint32_t		 distinct_replies;
	double			*times;
	size_t			 ntimes, times_cap;
	bool			 have_stats;
	uint32_t		 st_sent, st_received;
	bool			 have_rtt;
	double			 st_min, st_avg, st_max;

	/* The line being read, NUL-terminated. */
	char			*line;
	size_t			 line_cap;

	/* The record handed out. */
	struct probe_record	 rec;
	char			 rec_name[PING_NAME_MAX];
};

/* --- small parsers over C strings -------------------------------------- */

static bool
eat(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

static bool
num_u32(const char **p, uint32_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	*p = s;
	return true;
}

/* digits[.digits] */
static bool
num_double(const char **p, double *out)
{
	const char *s = *p;
	char buf[64];
	size_t n;

	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
	}
	n = (size_t)(s - *p);
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, *p, n);
	buf[n] = '\0';
	*out = strtod(buf, NULL);
	*p = s;
	return true;
}

static bool
parse_addr(const char *s, size_t n, struct ip_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 8];

	memset(a, 0, sizeof(*a));
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return ip_addr_parse(buf, a);
}

/* "[sec.frac] " (ping -D); false when the line has none. */
static bool
parse_stamp(const char **p, int64_t *ms, bool *bad)
{
	const char *s = *p;
	uint64_t sec = 0;
	int frac = 0, nfrac = 0;

	*bad = false;
	if (*s != '[')
		return false;
	s++;
	*bad = true;
	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		if (sec > UINT64_C(100000000000))
			return false;
		sec = sec * 10 + (uint64_t)(*s - '0');
	}
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return false;
		for (; isdigit((unsigned char)*s); s++)
			if (nfrac < 3) {
				frac = frac * 10 + (*s - '0');
				nfrac++;
			}
		while (nfrac < 3) {
			frac *= 10;
			nfrac++;
		}
	}
	if (s[0] != ']' || s[1] != ' ')
		return false;
	*ms = (int64_t)sec * 1000 + frac;
	*p = s + 2;
	*bad = false;
	return true;
}

/* --- the run ----------------------------------------------------------- */

static void
run_reset(struct pinglog_reader *r)
{
	r->in_run = false;
	memset(&r->dst, 0, sizeof(r->dst));
	memset(&r->src, 0, sizeof(r->src));
	r->name[0] = '\0';
	r->have_ts = false;
	r->max_seq = 0;
	r->seq_seen = r->seq_zero = false;
	if (r->distinct_replies > 0)
		memset(r->replied, 0, 65536 / 8);
	r->distinct_replies = 0;
	r->ntimes = 0;
	r->have_stats = r->have_rtt = false;
}

static void
see_stamp(struct pinglog_reader *r, bool has, int64_t ms)
{
	if (!has)
		return;
	if (!r->have_ts) {
		r->first_ms = ms;
		r->have_ts = true;
	}
	r->last_ms = ms;
}

static void
see_seq(struct pinglog_reader *r, uint32_t seq)
{
	if (!r->seq_seen || seq > r->max_seq)
		r->max_seq = seq;
	r->seq_seen = true;
	if (seq == 0)
		r->seq_zero = true;
}

static bool
add_time(struct pinglog_reader *r, double t)
{
	if (r->ntimes == r->times_cap) {
		size_t cap = r->times_cap ? r->times_cap * 2 : 64;
		double *n = realloc(r->times, cap * sizeof(*n));

		if (n == NULL)
			return false;
		r->times = n;
		r->times_cap = cap;
	}
	r->times[r->ntimes++] = t;
	return true;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The open run as a record; closes it. */
static void
finish_run(struct pinglog_reader *r)
{
	struct probe_record *p = &r->rec;

	memset(p, 0, sizeof(*p));
	p->kind = PROBE_PING;
	p->source = PROBE_SRC_PINGLOG;
	p->vantage = r->vantage;
	p->record_no = r->run_line;
	p->dst = r->dst;
	p->src = r->src;
	if (r->dst.afi != 0) {
		p->af = r->dst.afi == AFI_IPV4 ? 4 : 6;
		p->present |= PROBE_HAS_AF;
	}
	if (r->name[0] != '\0') {
		memcpy(r->rec_name, r->name, sizeof(r->rec_name));
		p->dst_name = r->rec_name;
	}
	if (r->have_ts) {
		p->time_ms = r->first_ms;
		p->end_ms = r->last_ms;
		p->present |= PROBE_HAS_TIME | PROBE_HAS_END;
	}
	if (r->have_stats) {
		p->sent = r->st_sent;
		p->received = r->st_received;
		p->present |= PROBE_HAS_SENT | PROBE_HAS_RECEIVED;
	} else if (r->seq_seen) {
		/* Derived from the lines: the statistics block is missing. */
		p->sent = r->max_seq + (r->seq_zero ? 1 : 0);
		p->received = r->distinct_replies;
		p->present |= PROBE_HAS_SENT | PROBE_HAS_RECEIVED;
	}
	if (r->have_rtt) {
		p->rtt_min = r->st_min;
		p->rtt_avg = r->st_avg;
		p->rtt_max = r->st_max;
		p->present |= PROBE_HAS_RTT;
	} else if (r->ntimes > 0) {
		/* Derived from the reply lines: no rtt line. */
		double sum = 0;
		size_t i;

		p->rtt_min = p->rtt_max = r->times[0];
		for (i = 0; i < r->ntimes; i++) {
			sum += r->times[i];
			if (r->times[i] < p->rtt_min)
				p->rtt_min = r->times[i];
			if (r->times[i] > p->rtt_max)
				p->rtt_max = r->times[i];
		}
		p->rtt_avg = sum / (double)r->ntimes;
		p->present |= PROBE_HAS_RTT;
	}
	if (r->ntimes > 0) {
		size_t n = r->ntimes;

		qsort(r->times, n, sizeof(double), cmp_double);
		p->rtt_median = n % 2 ? r->times[n / 2] :
		    (r->times[n / 2 - 1] + r->times[n / 2]) / 2;
		p->present |= PROBE_HAS_RTT_MEDIAN;
	}
	r->stats.items++;
	run_reset(r);
}

/* --- lines ------------------------------------------------------------- */

/*
 * "PING host (addr) [from src iface: ]56(84) bytes of data." and the
 * IPv6 forms "PING host(addr) 56 data bytes", "PING host(name (addr))
 * ...".  Opens a run.
 */
static bool
parse_header(struct pinglog_reader *r, const char *s)
{
	const char *host, *open, *close, *inner, *a, *rest;
	size_t hostlen;
	int depth = 0;
	struct ip_addr hostaddr;

	if (!eat(&s, "PING "))
		return false;
	host = s;
	while (*s != '\0' && *s != ' ' && *s != '(')
		s++;
	hostlen = (size_t)(s - host);
	if (hostlen == 0 || hostlen >= PING_NAME_MAX)
		return false;
	if (*s == ' ')
		s++;
	if (*s != '(')
		return false;
	open = s;
	for (close = open; *close != '\0'; close++) {
		if (*close == '(')
			depth++;
		else if (*close == ')' && --depth == 0)
			break;
	}
	if (*close != ')')
		return false;
	/* "(name (addr))": the address is the inner one. */
	inner = memchr(open + 1, '(', (size_t)(close - open - 1));
	if (inner != NULL) {
		a = inner + 1;
		if (close[-1] != ')' || !parse_addr(a, (size_t)(close - 1 - a),
		    &r->dst))
			return false;
	} else if (!parse_addr(open + 1, (size_t)(close - open - 1), &r->dst))
		return false;
	rest = close + 1;
	memset(&r->src, 0, sizeof(r->src));
	if (eat(&rest, " from ")) {
		const char *sp = strchr(rest, ' ');

		if (sp == NULL || !parse_addr(rest, (size_t)(sp - rest),
		    &r->src))
			return false;
		rest = strstr(sp, ": ");
		if (rest == NULL)
			return false;
		rest += 1;
	}
	(void)eat(&rest, ":");		/* BSD: "(addr): 56 data bytes" */
	if (!eat(&rest, " ") || strstr(rest, "bytes") == NULL)
		return false;
	{
		size_t n = strlen(rest);

		if (!((n >= 14 && strcmp(rest + n - 14, "bytes of data.") == 0)
		    || (n >= 10 && strcmp(rest + n - 10, "data bytes") == 0)))
			return false;
	}
	memcpy(r->name, host, hostlen);
	r->name[hostlen] = '\0';
	if (parse_addr(host, hostlen, &hostaddr) &&
	    memcmp(&hostaddr, &r->dst, sizeof(hostaddr)) == 0)
		r->name[0] = '\0';
	r->in_run = true;
	r->run_line = r->lines;
	return true;
}

/* "icmp_seq=N" or old iputils' "icmp_req=N". */
static bool
seq_field(const char **p, uint32_t *seq)
{
	return (eat(p, "icmp_seq=") || eat(p, "icmp_req=")) && num_u32(p, seq);
}

/* "64 bytes from X: icmp_seq=1 ttl=64 time=0.030 ms [(DUP!)]" */
static bool
parse_reply(struct pinglog_reader *r, const char *s)
{
	uint32_t n, seq;
	bool dup = false, have_time = false;
	double t = 0;
	const char *sep;

	if (!num_u32(&s, &n) || !eat(&s, " bytes from "))
		return false;
	sep = strstr(s, ": icmp_");
	if (sep == NULL)
		sep = strstr(s, ", icmp_");	/* BSD ping6 */
	if (sep == NULL || sep == s)
		return false;
	s = sep + 2;
	if (!seq_field(&s, &seq))
		return false;
	while (*s != '\0') {
		if (!eat(&s, " "))
			return false;
		if (eat(&s, "time=")) {
			if (!num_double(&s, &t) || !eat(&s, " ms"))
				return false;
			have_time = true;
		} else if (eat(&s, "(DUP!)")) {
			dup = true;
		} else if (*s == '(') {
			/* (BAD CHECKSUM!), (truncated), (different address) */
			const char *c = strchr(s, ')');

			if (c == NULL)
				return false;
			s = c + 1;
		} else {
			/* ttl=, hlim=, ident= ... : word=value */
			const char *eq = s;

			while (*eq != '\0' && *eq != ' ' && *eq != '=')
				eq++;
			if (*eq != '=' || eq == s)
				return false;
			s = eq + 1;
			if (*s == '\0' || *s == ' ')
				return false;
			while (*s != '\0' && *s != ' ')
				s++;
		}
	}
	see_seq(r, seq);
	if (dup)
		return true;
	if (seq <= 65535 && !(r->replied[seq >> 3] & (1u << (seq & 7)))) {
		r->replied[seq >> 3] |= (uint8_t)(1u << (seq & 7));
		r->distinct_replies++;
	}
	if (have_time && !add_time(r, t))
		return false;
	return true;
}

/* "N packets transmitted, M [packets ]received, ..., P% packet loss..." */
static bool
parse_counts(struct pinglog_reader *r, const char *s)
{
	uint32_t sent, recv;

	if (!num_u32(&s, &sent) || !eat(&s, " packets transmitted, ") ||
	    !num_u32(&s, &recv))
		return false;
	if (!eat(&s, " received") && !eat(&s, " packets received"))
		return false;
	if (strstr(s, "% packet loss") == NULL)
		return false;
	r->st_sent = sent;
	r->st_received = recv;
	r->have_stats = true;
	return true;
}

/* "rtt min/avg/max/mdev = a/b/c/d ms[, pipe N...]" and BSD forms. */
static bool
parse_rtt(struct pinglog_reader *r, const char *s)
{
	double v[4];
	int i, n;

	if (!eat(&s, "rtt ") && !eat(&s, "round-trip "))
		return false;
	if (!eat(&s, "min/avg/max"))
		return false;
	n = 3;
	if (eat(&s, "/mdev") || eat(&s, "/stddev") || eat(&s, "/std-dev"))
		n = 4;
	if (!eat(&s, " = "))
		return false;
	for (i = 0; i < n; i++) {
		if (i > 0 && !eat(&s, "/"))
			return false;
		if (!num_double(&s, &v[i]))
			return false;
	}
	if (!eat(&s, " ms"))
		return false;
	if (*s != '\0' && *s != ',')
		return false;
	r->st_min = v[0];
	r->st_avg = v[1];
	r->st_max = v[2];
	r->have_rtt = true;
	return true;
}

enum line_kind {
	L_BAD,
	L_OK,
	L_HEADER,	/* a PING line: may close the open run */
	L_END_RUN,	/* the rtt line: the run is complete */
};

static bool
is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\a')
			return false;
	return true;
}

/* Read one line into the open run (or the header of a new one). */
static enum line_kind
parse_line(struct pinglog_reader *r, const char *s)
{
	int64_t ms = 0;
	bool has_ts, bad_ts;
	uint32_t seq;

	while (*s == '\a')		/* ping -a */
		s++;
	if (strncmp(s, "PING ", 5) == 0)
		return L_HEADER;
	if (is_blank(s))
		return L_OK;
	if (strncmp(s, "ping: ", 6) == 0 || strncmp(s, "WARNING: ", 9) == 0 ||
	    strncmp(s, "Warning: ", 9) == 0)
		return L_OK;		/* ping's own complaints */
	if (!r->in_run)
		return L_BAD;
	has_ts = parse_stamp(&s, &ms, &bad_ts);
	if (bad_ts)
		return L_BAD;
	if (eat(&s, "no answer yet for ")) {
		if (!seq_field(&s, &seq) || *s != '\0')
			return L_BAD;
		see_seq(r, seq);
		see_stamp(r, has_ts, ms);
		return L_OK;
	}
	if (eat(&s, "From ")) {
		const char *q = strstr(s, "icmp_seq=");

		if (q == NULL)
			q = strstr(s, "icmp_req=");
		if (q == NULL || !seq_field(&q, &seq))
			return L_BAD;
		see_seq(r, seq);
		see_stamp(r, has_ts, ms);
		return L_OK;
	}
	if (eat(&s, "Request timeout for icmp_seq ")) {
		if (!num_u32(&s, &seq) || *s != '\0')
			return L_BAD;
		see_seq(r, seq);
		see_stamp(r, has_ts, ms);
		return L_OK;
	}
	if (isdigit((unsigned char)*s) && strstr(s, " bytes from ") != NULL) {
		if (!parse_reply(r, s))
			return L_BAD;
		see_stamp(r, has_ts, ms);
		return L_OK;
	}
	if (has_ts)
		return L_BAD;
	if (strncmp(s, "--- ", 4) == 0) {
		size_t n = strlen(s);

		return n > 20 && strcmp(s + n - 20, " ping statistics ---") == 0 ?
		    L_OK : L_BAD;
	}
	if (isdigit((unsigned char)*s))
		return parse_counts(r, s) ? L_OK : L_BAD;
	if (strncmp(s, "rtt ", 4) == 0 || strncmp(s, "round-trip ", 11) == 0)
		return parse_rtt(r, s) ? L_END_RUN : L_BAD;
	if (eat(&s, "pipe ") && num_u32(&s, &seq) && *s == '\0')
		return L_OK;
	return L_BAD;
}

static void
fill_error(struct pinglog_reader *r, struct decode_error *err,
    uint64_t offset, enum skip_reason reason)
{
	decode_error_set(err, r->file, offset, r->lines, "line", reason);
	r->stats.skipped[reason]++;
}

/* Quote the start of a line (at most 60 bytes, controls as '?'). */
static void
quote_line(char *dst, size_t dstlen, const char *what, const uint8_t *line,
    size_t len)
{
	char q[64];
	size_t i, n = len > 60 ? 60 : len;

	for (i = 0; i < n; i++)
		q[i] = line[i] < 0x20 || line[i] >= 0x7f ? '?' :
		    (char)line[i];
	q[n] = '\0';
	snprintf(dst, dstlen, "%s: '%s%s'", what, q, len > 60 ? "..." : "");
}

enum probe_status
pinglog_next(struct pinglog_reader *r, const struct probe_record **rec,
    struct decode_error *err)
{
	for (;;) {
		const uint8_t *line;
		size_t len = 0, consumed = 0;
		const char *why = NULL;
		uint64_t offset;
		enum input_line_status st;
		enum line_kind kind;

		if (r->ended) {
			if (r->in_run) {
				finish_run(r);
				*rec = &r->rec;
				return PROBE_OK;
			}
			return PROBE_END;
		}
		offset = input_offset(r->in);
		st = input_line(r->in, PING_MAX_LINE, &line, &len, &consumed,
		    &why);
		if (st == INPUT_LINE_EOF) {
			r->ended = true;
			continue;
		}
		if (st == INPUT_LINE_OK && len >= 5 && memcmp(line, "PING ", 5) == 0 &&
		    r->in_run) {
			/* The next run begins: this one is done. */
			finish_run(r);
			*rec = &r->rec;
			return PROBE_OK;
		}
		r->lines++;
		r->stats.records++;
		if (st == INPUT_LINE_DAMAGED) {
			input_consume(r->in, consumed);
			r->stats.bytes = input_offset(r->in);
			r->ended = true;
			fill_error(r, err, offset, SKIP_DECOMPRESS);
			snprintf(err->detail, sizeof(err->detail), "%s", why);
			return PROBE_SKIP;
		}
		if (st == INPUT_LINE_TOO_LONG) {
			fill_error(r, err, offset, SKIP_BAD_LINE);
			snprintf(err->detail, sizeof(err->detail),
			    "line longer than %u bytes", PING_MAX_LINE);
			input_consume(r->in, consumed);
			(void)input_skip_line(r->in);
			r->stats.bytes = input_offset(r->in);
			return PROBE_SKIP;
		}
		if (len + 1 > r->line_cap) {
			char *b = realloc(r->line, len + 1);

			if (b == NULL) {
				input_consume(r->in, consumed);
				fill_error(r, err, offset, SKIP_IO);
				snprintf(err->detail, sizeof(err->detail),
				    "out of memory");
				return PROBE_SKIP;
			}
			r->line = b;
			r->line_cap = len + 1;
		}
		memcpy(r->line, line, len);
		r->line[len] = '\0';
		input_consume(r->in, consumed);
		r->stats.bytes = input_offset(r->in);

		if (memchr(line, '\0', len) != NULL) {
			fill_error(r, err, offset, SKIP_BAD_LINE);
			quote_line(err->detail, sizeof(err->detail),
			    "NUL byte in line", line, len);
			return PROBE_SKIP;
		}
		if (st == INPUT_LINE_TORN) {
			if (is_blank(r->line)) {
				r->stats.decoded++;
				continue;
			}
			fill_error(r, err, offset, SKIP_BAD_LINE);
			quote_line(err->detail, sizeof(err->detail),
			    "last line cut (no line break)", (const uint8_t *)
			    r->line, len);
			return PROBE_SKIP;
		}
		kind = parse_line(r, r->line);
		if (kind == L_HEADER) {
			/* No run is open here (see above). */
			if (!parse_header(r, r->line)) {
				run_reset(r);
				fill_error(r, err, offset, SKIP_BAD_LINE);
				quote_line(err->detail, sizeof(err->detail),
				    "not a ping header", (const uint8_t *)
				    r->line, len);
				return PROBE_SKIP;
			}
			r->stats.decoded++;
			continue;
		}
		if (kind == L_BAD) {
			fill_error(r, err, offset, SKIP_BAD_LINE);
			quote_line(err->detail, sizeof(err->detail),
			    r->in_run ? "not a ping line" :
			    "outside a ping run (no PING header before it)",
			    (const uint8_t *)r->line, len);
			return PROBE_SKIP;
		}
		r->stats.decoded++;
		if (kind == L_END_RUN) {
			finish_run(r);
			*rec = &r->rec;
			return PROBE_OK;
		}
	}
}

/* --- detection and life ------------------------------------------------ */

bool
pinglog_detect(const uint8_t *data, size_t len)
{
	return len >= 5 && memcmp(data, "PING ", 5) == 0;
}

/* The extensions a file name of this format may end in. */
static const char *const name_exts[] = { ".gz", ".bz2", ".xz", ".zst",
	    ".log", ".txt", ".out", ".ping" };

struct pinglog_reader *
pinglog_open(struct input *in, const char *file, const char *vantage)
{
	struct pinglog_reader *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->in = in;
	r->file = file;
	r->replied = calloc(1, 65536 / 8);
	if (r->replied == NULL)
		goto fail;
	if (vantage != NULL) {
		r->vantage = strdup(vantage);
		if (r->vantage == NULL)
			goto fail;
	} else
		r->vantage = vantage_from_file(file, name_exts,
		    sizeof(name_exts) / sizeof(name_exts[0]));
	return r;
fail:
	pinglog_close(r);
	return NULL;
}

void
pinglog_close(struct pinglog_reader *r)
{
	if (r == NULL)
		return;
	free(r->vantage);
	free(r->replied);
	free(r->times);
	free(r->line);
	free(r);
}

const struct decode_stats *
pinglog_stats(const struct pinglog_reader *r)
{
	return &r->stats;
}
