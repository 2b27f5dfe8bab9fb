/*
 * report_plot.h -- the plot of a report: the signals' series over the
 * window (BGP visibility and churn, traffic towards the target, probe
 * success) in stacked panels with the incidents as bands, written as
 * timeline.svg and timeline.png into the report directory.
 */
#ifndef LIGHTSOUT_REPORT_PLOT_H
#define LIGHTSOUT_REPORT_PLOT_H

#include <stddef.h>

#include "reports/report_writer.h"

/* -1 with "PATH: what" in err. */
int	report_plot(const struct report *r, const char *dir, char *err,
	    size_t errlen);

#endif
