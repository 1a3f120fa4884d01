/* fuzz_report_events.c - the report's --events parser (CSV and JSON) on any
 * bytes: it must not crash, and every event it keeps has a bounded label. */
#include "core/mtime.h"
#include "report/events_file.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int zone_set;
    if (!zone_set) zone_set = display_zone_set("JST");
    report_events ev;
    report_events_init(&ev);
    report_events_parse(&ev, sv_make((const char *)data, size));
    for (size_t i = 0; i < ev.items.len; i++)
        if (REPORT_EVENT(&ev, i).label.n > EVENTS_MAX_TEXT || REPORT_EVENT(&ev, i).kind.n > EVENTS_MAX_TEXT) abort();
    if (ev.problems.len > EVENTS_MAX_PROBLEMS) abort();
    report_events_free(&ev);
    return 0;
}
