/* events_arg.c - see events_arg.h. */
#include "cli/events_arg.h"
#include "core/diag.h"

#include <stdio.h>

bool cli_load_events(report_events *events, const char *path) {
    char err[512];
    if (!report_events_load(events, path, err, sizeof err)) {
        diag_error("%s", diag_safe(err));
        return false;
    }
    char name[512];
    snprintf(name, sizeof name, "%s", diag_safe(path)); /* diag_safe's buffer is reused */
    for (size_t i = 0; i < events->problems.len; i++)
        diag_warn("%s: %s", name, diag_safe(VEC_AT(&events->problems, char *, i)));
    if (events->skipped > events->problems.len)
        diag_warn("%s: %llu lines skipped in all", name, (unsigned long long)events->skipped);
    return true;
}
