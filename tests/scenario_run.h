/*
 * scenario_run.h -- what the tests of the analysis commands share: the
 * generated scenario of tests/scenario_gen.c written into the test's
 * scratch directory, and its event file.  Header-only, for test programs;
 * include after tests/dump_run.h.
 */
#ifndef LIGHTSOUT_SCENARIO_RUN_H
#define LIGHTSOUT_SCENARIO_RUN_H

static const char *scenario_gen = "build/release/tests/scenario_gen";
static char *event_path;	/* the scenario's event file */

/* The event file of the scenario, with extra lines appended. */
static inline char *
write_event(const char *name, const char *extra)
{
	char *path = tmp_path(name);
	char *text = xasprintf(
	    "# The generated scenario of tests/scenario_gen.c\n"
	    "name scenario\n"
	    "start 2014-12-22T00:00Z\n"
	    "end 2014-12-22T02:00Z\n"
	    "bin 5m\n"
	    "prefix 198.18.0.0/22\n"
	    "mrt archive\n"
	    "# small tables: every peer of the scenario is full-feed\n"
	    "full-feed-ipv4 30\n"
	    "%s", extra);

	spew(path, text, strlen(text));
	free(text);
	return path;
}

/*
 * Set up: lightsout and the generator from the environment, the scratch
 * directory, the scenario in it and its event file (event_path).  -1
 * when any of it fails.
 */
static inline int
scenario_setup(void)
{
	const char *env;
	char abs[PATH_MAX], *cmd, *archive, *gen;
	int rc;

	if ((env = getenv("LIGHTSOUT_BIN")) != NULL && *env != '\0')
		lightsout_bin = env;
	if ((env = getenv("LIGHTSOUT_SCENARIO_GEN")) != NULL && *env != '\0')
		scenario_gen = env;
	if (strchr(lightsout_bin, '/') != NULL &&
	    realpath(lightsout_bin, abs) != NULL)
		lightsout_bin = xstrdup(abs);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	archive = tmp_path("archive");
	gen = shquote(scenario_gen);
	cmd = xasprintf("%s %s small", gen, archive);
	free(gen);
	rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "cannot run %s (make %s builds it)\n", cmd,
		    scenario_gen);
	free(cmd);
	free(archive);
	if (rc != 0)
		return -1;
	event_path = write_event("scenario.event", "");
	return 0;
}

static inline void
scenario_teardown(void)
{
	char *cmd = xasprintf("rm -rf %s", tmpdir);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	free(event_path);
}

#endif
