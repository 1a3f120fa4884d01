/* fuzz_scan.c - the whole scan on arbitrary proxy log lines: every line is
 * parsed as Squid native and fed to observe, the detectors and scoring; the
 * results are written as JSON lines and as the table. Log text is
 * attacker-controlled, and all of it ends up in names, User-Agents and facts. */
#include "config/config.h"
#include "core/buf.h"
#include "detect/scan.h"
#include "formats/format.h"
#include "report/scan_out.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static config cfg;
    static bool ready;
    if (!ready) {
        config_defaults(&cfg);
        ready = true;
    }
    const format *f = format_find("squid");
    scan_engine s;
    char err[200];
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
    buf b = {0};
    scan_out_options o = {.min_severity = 0, .records = n};
    scan_write_jsonl(&b, &s, &o);
    buf_clear(&b);
    scan_write_table(&b, &s, &o);
    buf_free(&b);
    scan_free(&s);
    return 0;
}
