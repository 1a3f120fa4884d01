/* store_arg.c - see store_arg.h. */
#include "cli/store_arg.h"
#include "core/diag.h"
#include "core/mtime.h"
#include "report/model.h"

#include <stdlib.h>

sqlite3 *cli_open_store(const char *path, bool tz_given) {
    char err[512];
    sqlite3 *db = store_open_readonly(path, err, sizeof err);
    if (!db) {
        diag_error("%s", diag_safe(err));
        return NULL;
    }
    char zone[64];
    if (!tz_given && !getenv("MITSUKE_TZ") && store_meta(db, "display_tz", zone, sizeof zone) &&
        !display_zone_set(zone))
        diag_warn("the store's display_tz %s is unknown here; showing times in UTC", diag_safe(zone));
    return db;
}
