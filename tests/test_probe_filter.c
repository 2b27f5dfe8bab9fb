/*
 * test_probe_filter.c -- the probe filters of `lightsout dump`
 * (analyzer/probe_filter.c): which filters apply only to probe records
 * (filter_probe_only), and probe_filter_match() on hand-built probe
 * records: --target prefix containment (v4, v6, absent target, other
 * family), --vantage by name and by Atlas probe id, OR within one kind
 * of filter and AND across kinds, and the --from/--until overlap of the
 * run's [time, end] with [from, until).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/filter.h"
#include "parsers/probe_record.h"
#include "tests/test_util.h"

/* Literals of the tests (tests/test_util.h). */
static struct ip_prefix
P(const char *s)
{
	return prefix_literal(s);
}

static struct ip_addr
A(const char *s)
{
	return addr_literal(s);
}

/* An Atlas ping from probe 677 to 198.51.100.7, no times. */
static struct probe_record
atlas4(void)
{
	struct probe_record r;

	memset(&r, 0, sizeof(r));
	r.kind = PROBE_PING;
	r.source = PROBE_SRC_ATLAS;
	r.prb_id = 677;
	r.dst = A("198.51.100.7");
	r.present = PROBE_HAS_PRB_ID;
	return r;
}

/* A ping log run from vantage "lab-1" to 2001:db8:2::7, no times. */
static struct probe_record
log6(void)
{
	struct probe_record r;

	memset(&r, 0, sizeof(r));
	r.kind = PROBE_PING;
	r.source = PROBE_SRC_PINGLOG;
	r.vantage = "lab-1";
	r.dst = A("2001:db8:2::7");
	return r;
}

static struct record_filter *
new_filter(void)
{
	static struct record_filter f;

	memset(&f, 0, sizeof(f));
	return &f;
}

static void
add_target(struct record_filter *f, const char *p)
{
	f->target[f->ntarget++] = P(p);
}

static void
add_vantage(struct record_filter *f, const char *v)
{
	f->vantage[f->nvantage++] = v;
}

static void
set_from(struct record_filter *f, int64_t s)
{
	f->has_from = true;
	f->from = s;
}

static void
set_until(struct record_filter *f, int64_t s)
{
	f->has_until = true;
	f->until = s;
}

/* ---- Which filters are probe-only ------------------------------------- */

static void
test_probe_only(void **state)
{
	struct record_filter *f = new_filter();

	(void)state;
	assert_null(filter_probe_only(f));
	/* Flow and routing filters are not probe filters. */
	f->src[f->nsrc++] = P("10.0.0.0/8");
	f->origin[f->norigin++] = 65001;
	set_from(f, 1);
	assert_null(filter_probe_only(f));

	f = new_filter();
	add_target(f, "10.0.0.0/8");
	assert_string_equal(filter_probe_only(f), "--target");
	f = new_filter();
	add_vantage(f, "lab-1");
	assert_string_equal(filter_probe_only(f), "--vantage");
	/* Both: one of them is named. */
	add_target(f, "10.0.0.0/8");
	assert_non_null(filter_probe_only(f));
	/* The probe filters are not flow-only nor routing-only. */
	assert_null(filter_flow_only(f));
	assert_null(filter_bgp_only(f));
}

static void
test_no_filter(void **state)
{
	struct record_filter *f = new_filter();
	struct probe_record r = atlas4(), empty;

	(void)state;
	memset(&empty, 0, sizeof(empty));
	assert_true(probe_filter_match(f, &r));
	assert_true(probe_filter_match(f, &empty));
}

/* ---- --target --------------------------------------------------------- */

static void
test_target_v4(void **state)
{
	struct record_filter *f;
	struct probe_record r = atlas4();

	(void)state;
	f = new_filter();
	add_target(f, "198.51.100.0/24");
	assert_true(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "198.51.100.7/32");
	assert_true(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "0.0.0.0/0");
	assert_true(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "198.51.100.8/32");
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "198.51.101.0/24");
	assert_false(probe_filter_match(f, &r));
	/* Another family never matches, not even ::/0. */
	f = new_filter();
	add_target(f, "::/0");
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "::ffff:198.51.100.0/120");
	assert_false(probe_filter_match(f, &r));
}

static void
test_target_v6(void **state)
{
	struct record_filter *f;
	struct probe_record r = log6();

	(void)state;
	f = new_filter();
	add_target(f, "2001:db8::/32");
	assert_true(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "2001:db8:2::7/128");
	assert_true(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "::/0");
	assert_true(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "2001:db8:3::/48");
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "0.0.0.0/0");
	assert_false(probe_filter_match(f, &r));
}

/* A run without a target address (Atlas: name only) never matches. */
static void
test_target_absent(void **state)
{
	struct record_filter *f;
	struct probe_record r = atlas4();

	(void)state;
	memset(&r.dst, 0, sizeof(r.dst));
	r.dst_name = "example.net";
	f = new_filter();
	add_target(f, "0.0.0.0/0");
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_target(f, "::/0");
	assert_false(probe_filter_match(f, &r));
	/* The src and from addresses do not stand in for the target. */
	r.src = A("198.51.100.7");
	r.from = A("198.51.100.7");
	f = new_filter();
	add_target(f, "198.51.100.0/24");
	assert_false(probe_filter_match(f, &r));
}

/* ---- --vantage -------------------------------------------------------- */

static void
test_vantage_name(void **state)
{
	struct record_filter *f;
	struct probe_record r = log6(), a = atlas4();

	(void)state;
	f = new_filter();
	add_vantage(f, "lab-1");
	assert_true(probe_filter_match(f, &r));
	assert_false(probe_filter_match(f, &a));	/* no vantage name */
	f = new_filter();
	add_vantage(f, "lab");		/* whole names only */
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_vantage(f, "LAB-1");	/* case matters */
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_vantage(f, "lab-10");
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_vantage(f, "");
	assert_false(probe_filter_match(f, &r));
}

static void
test_vantage_prb_id(void **state)
{
	struct record_filter *f;
	struct probe_record r = atlas4(), nr;

	(void)state;
	f = new_filter();
	add_vantage(f, "677");
	assert_true(probe_filter_match(f, &r));
	f = new_filter();
	add_vantage(f, "67");
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_vantage(f, "6770");
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_vantage(f, "677x");
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	add_vantage(f, "0677");		/* leading zero: the same number */
	assert_true(probe_filter_match(f, &r));
	/* The id must be present: a zeroed id without its bit is absent. */
	nr = r;
	nr.present &= ~(uint32_t)PROBE_HAS_PRB_ID;
	nr.prb_id = 0;
	f = new_filter();
	add_vantage(f, "0");
	assert_false(probe_filter_match(f, &nr));
	nr.prb_id = 677;
	f = new_filter();
	add_vantage(f, "677");
	assert_false(probe_filter_match(f, &nr));
}

/* A name of digits matches a vantage string equal to it, too. */
static void
test_vantage_digit_name(void **state)
{
	struct record_filter *f;
	struct probe_record r = log6(), both = atlas4();

	(void)state;
	r.vantage = "42";
	f = new_filter();
	add_vantage(f, "42");
	assert_true(probe_filter_match(f, &r));
	f = new_filter();
	add_vantage(f, "042");		/* names compare as strings */
	assert_false(probe_filter_match(f, &r));

	/* Name "42" and probe id 677: either names it. */
	both.vantage = "42";
	f = new_filter();
	add_vantage(f, "42");
	assert_true(probe_filter_match(f, &both));
	f = new_filter();
	add_vantage(f, "677");
	assert_true(probe_filter_match(f, &both));
	f = new_filter();
	add_vantage(f, "43");
	assert_false(probe_filter_match(f, &both));
}

/* ---- OR within, AND across -------------------------------------------- */

static void
test_or_within(void **state)
{
	struct record_filter *f;
	struct probe_record a = atlas4(), l = log6();

	(void)state;
	f = new_filter();
	add_target(f, "203.0.113.0/24");
	add_target(f, "198.51.100.0/24");
	assert_true(probe_filter_match(f, &a));
	assert_false(probe_filter_match(f, &l));
	add_target(f, "2001:db8::/32");
	assert_true(probe_filter_match(f, &l));

	f = new_filter();
	add_vantage(f, "nowhere");
	add_vantage(f, "677");
	assert_true(probe_filter_match(f, &a));
	assert_false(probe_filter_match(f, &l));
	add_vantage(f, "lab-1");
	assert_true(probe_filter_match(f, &l));
	assert_true(probe_filter_match(f, &a));
}

static void
test_and_across(void **state)
{
	struct record_filter *f;
	struct probe_record a = atlas4();

	(void)state;
	a.present |= PROBE_HAS_TIME;
	a.time_ms = 1000000;
	f = new_filter();
	add_target(f, "198.51.100.0/24");
	add_vantage(f, "677");
	assert_true(probe_filter_match(f, &a));
	set_from(f, 1000);
	set_until(f, 1001);
	assert_true(probe_filter_match(f, &a));
	/* Each kind failing alone fails the whole. */
	f->vantage[0] = "678";
	assert_false(probe_filter_match(f, &a));
	f->vantage[0] = "677";
	f->target[0] = P("203.0.113.0/24");
	assert_false(probe_filter_match(f, &a));
	f->target[0] = P("198.51.100.0/24");
	f->from = 1001;
	f->until = 1002;
	assert_false(probe_filter_match(f, &a));
}

/* ---- --from / --until ------------------------------------------------- */

/* A run 1000.500 s .. 1010.250 s against [from, until) in seconds. */
static void
test_time_span(void **state)
{
	struct record_filter *f;
	struct probe_record r = log6();

	(void)state;
	r.present |= PROBE_HAS_TIME | PROBE_HAS_END;
	r.time_ms = 1000500;
	r.end_ms = 1010250;

	f = new_filter();
	set_from(f, 1010);		/* the end is inside */
	assert_true(probe_filter_match(f, &r));
	f->from = 1011;			/* ended before */
	assert_false(probe_filter_match(f, &r));
	f->from = 1005;			/* overlap in the middle */
	set_until(f, 1006);
	assert_true(probe_filter_match(f, &r));

	f = new_filter();
	set_until(f, 1001);		/* started before 1001 */
	assert_true(probe_filter_match(f, &r));
	f->until = 1000;		/* [.., 1000) ends before the start */
	assert_false(probe_filter_match(f, &r));

	f = new_filter();
	set_from(f, 900);
	set_until(f, 2000);		/* holds the whole run */
	assert_true(probe_filter_match(f, &r));
	f->from = 1010;
	f->until = 1011;
	assert_true(probe_filter_match(f, &r));
	f->from = 1011;
	f->until = 2000;
	assert_false(probe_filter_match(f, &r));
}

/* Only a start: the run is the instant of its start. */
static void
test_time_only(void **state)
{
	struct record_filter *f;
	struct probe_record r = atlas4();

	(void)state;
	r.present |= PROBE_HAS_TIME;
	r.time_ms = 1000000;		/* exactly 1000 s */
	f = new_filter();
	set_from(f, 1000);		/* from is inclusive */
	assert_true(probe_filter_match(f, &r));
	f->from = 1001;
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	set_until(f, 1000);		/* until is exclusive */
	assert_false(probe_filter_match(f, &r));
	f->until = 1001;
	assert_true(probe_filter_match(f, &r));

	/* An end without its bit is not used. */
	r.end_ms = 5000000;
	f = new_filter();
	set_from(f, 2000);
	assert_false(probe_filter_match(f, &r));
	/* An end before the start does not shrink the run. */
	r.present |= PROBE_HAS_END;
	r.end_ms = 500000;
	f = new_filter();
	set_from(f, 1000);
	assert_true(probe_filter_match(f, &r));
	f->from = 1001;
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	set_until(f, 600);
	assert_false(probe_filter_match(f, &r));
}

/* Without a time, a time filter never matches; without one, all do. */
static void
test_no_time(void **state)
{
	struct record_filter *f;
	struct probe_record r = atlas4();

	(void)state;
	f = new_filter();
	assert_true(probe_filter_match(f, &r));
	set_from(f, 0);
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	set_until(f, INT64_C(4000000000));
	assert_false(probe_filter_match(f, &r));
	/* An end alone does not stand in for the start. */
	r.present |= PROBE_HAS_END;
	r.end_ms = 1000000;
	assert_false(probe_filter_match(f, &r));
	f = new_filter();
	set_from(f, 0);
	set_until(f, INT64_C(4000000000));
	assert_false(probe_filter_match(f, &r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_only),
		cmocka_unit_test(test_no_filter),
		cmocka_unit_test(test_target_v4),
		cmocka_unit_test(test_target_v6),
		cmocka_unit_test(test_target_absent),
		cmocka_unit_test(test_vantage_name),
		cmocka_unit_test(test_vantage_prb_id),
		cmocka_unit_test(test_vantage_digit_name),
		cmocka_unit_test(test_or_within),
		cmocka_unit_test(test_and_across),
		cmocka_unit_test(test_time_span),
		cmocka_unit_test(test_time_only),
		cmocka_unit_test(test_no_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
