/* events_arg.h - loading --events FILE (report markers) for report and scan,
 * telling the user about skipped lines. */
#ifndef MITSUKE_EVENTS_ARG_H
#define MITSUKE_EVENTS_ARG_H

#include "report/events_file.h"

#include <stdbool.h>

/* Loads the file into `events` (already initialised). False (after printing
 * why) when it cannot be used; skipped lines are warnings. */
bool cli_load_events(report_events *events, const char *path);

#endif
