/* fuzz_winlog.c - the Windows detectors on arbitrary Event XML lines: every
 * line is parsed as winxml (with a made-up source so findings cite it) and
 * fed to win_scan; the findings are written as the table and as JSON lines.
 * Every field of a Windows event is attacker-controlled (a service name, a
 * command line, a computer name), and all of it ends up in names and facts. */
#include "config/config.h"
#include "core/buf.h"
#include "detect/win/winscan.h"
#include "formats/format.h"
#include "io/sources.h"
#include "report/winlog_out.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static config cfg;
    static bool ready;
    static source src = {.name = "fuzz.xml"};
    if (!ready) {
        config_defaults(&cfg);
        cfg.win.spread_min_hosts = 2; /* low thresholds: more findings from little input */
        cfg.win.fanout_min_hosts = 2;
        cfg.win.spray_min_accounts = 2;
        cfg.win.guess_min_failures = 3;
        ready = true;
    }
    const format *f = format_find("winxml");
    win_scan s;
    char err[200];
    if (!f || !win_scan_init(&s, &cfg, NULL, true, err, sizeof err)) return 0;
    void *state = f->open(&(format_options){0}, &(const char *){NULL});
    sv rest = sv_make((const char *)data, size), line;
    uint64_t n = 0;
    while (sv_split_char(&rest, '\n', &line)) {
        event ev;
        memset(&ev, 0, sizeof ev);
        ev.line = ++n;
        ev.src = &src;
        int rc, rounds = 0;
        do {
            const char *why = NULL;
            rc = f->parse(state, line, &ev, &why);
            if (rc == PARSE_OK || rc == PARSE_MORE) win_scan_event(&s, &ev);
        } while (rc == PARSE_MORE && ++rounds < 1000);
    }
    f->close(state);
    win_scan_finish(&s);
    buf b = {0};
    winlog_out_options o = {.min_severity = 0, .records = n};
    winlog_write_table(&b, &s, &o);
    buf_clear(&b);
    winlog_write_findings_jsonl(&b, &s, &o);
    winlog_write_summary_jsonl(&b, &s, &o);
    buf_free(&b);
    win_scan_free(&s);
    return 0;
}
