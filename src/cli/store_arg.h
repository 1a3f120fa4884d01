/* store_arg.h - opening --db FILE (the store `mitsuke scan --db` wrote) for
 * the commands that read one: report and timeline. */
#ifndef MITSUKE_STORE_ARG_H
#define MITSUKE_STORE_ARG_H

#include <sqlite3.h>
#include <stdbool.h>

/* Opens the store read-only; NULL (after printing why) when it cannot be.
 * Times are then shown in --tz (tz_given), else $MITSUKE_TZ, else the zone
 * the scan recorded in the store (a warning when this machine lacks it). */
sqlite3 *cli_open_store(const char *path, bool tz_given);

#endif
