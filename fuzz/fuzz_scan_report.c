/* fuzz_scan_report.c - arbitrary proxy log lines all the way to the HTML
 * report: parsed as Squid native, scanned (hourly and 10-minute chart cells),
 * written into an in-memory store, read back, planned and drawn with every
 * choice of initial view. Log text is
 * attacker-controlled, and it ends up as names in the store, the chart and
 * the page's data block; times are too, and they decide the chart's span,
 * windows and columns. */
#include "config/config.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "detect/scan.h"
#include "formats/format.h"
#include "report/report.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static config cfg;
    static bool ready;
    if (!ready) {
        config_defaults(&cfg);
        display_zone_set("JST");
        ready = true;
    }
    const format *f = format_find("squid");
    scan_engine s;
    char err[400];
    if (!f || !scan_init(&s, &cfg, NULL, err, sizeof err)) return 0;
    void *state = f->open(&(format_options){0}, &(const char *){NULL});
    sv rest = sv_make((const char *)data, size), line;
    uint64_t n = 0;
    while (sv_split_char(&rest, '\n', &line)) {
        event ev;
        memset(&ev, 0, sizeof ev);
        ev.line = ++n;
        const char *why = NULL;
        if (f->parse(state, line, &ev, &why) == PARSE_OK) scan_event(&s, &ev);
    }
    f->close(state);
    scan_finish(&s);
    sqlite3 *db = store_open(":memory:", true, err, sizeof err);
    store_scan_info info = {.command = "fuzz"};
    if (db && store_write_scan(db, &s, &info, err, sizeof err)) {
        FILE *out = fopen("/dev/null", "w");
        for (int bucket = BUCKET_AUTO; out && bucket <= BUCKET_DAY; bucket++) {
            report_options ro = {.bucket = (bucket_kind)bucket, .focus_day = MTIME_NONE};
            report_write_html(db, &ro, out, err, sizeof err);
        }
        if (out) fclose(out);
    }
    sqlite3_close(db);
    scan_free(&s);
    return 0;
}
