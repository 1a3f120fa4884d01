/* fuzz_ioc.c - libFuzzer harness for the IOC sweep: indicator files of every
 * format (detected from the content, as `mitsuke hunt --ioc` does) and log
 * lines matched against them.
 *
 * Input: indicator file bytes, optionally followed by "\n===\n" and Squid
 * log lines. The indicators are loaded, a matcher is built, and each log line
 * that parses is matched and folded into hits - the path every hostile
 * indicator file and log line takes. */
#include "formats/format.h"
#include "ioc/ioc_hits.h"
#include "ioc/ioc_load.h"
#include "ioc/ioc_match.h"

#include <stdint.h>
#include <string.h>

static void on_hit(void *ctx, uint32_t index, ioc_how how, const event *ev) {
    ioc_hits_add(ctx, index, how, ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *p = (const char *)data;
    size_t ioc_len = size;
    const char *sep = memmem(p, size, "\n===\n", 5);
    if (sep) ioc_len = (size_t)(sep - p);
    ioc_set set;
    ioc_set_init(&set);
    ioc_load_opts o = {.format = IOC_FMT_AUTO};
    ioc_load_result res;
    ioc_load_buffer(&set, "fuzz", p, ioc_len, &o, &res);
    char err[256];
    ioc_matcher *m = ioc_matcher_new(&set, err, sizeof err);
    if (m && sep) {
        const format *f = format_find("squid");
        void *state = f->open(NULL, NULL);
        ioc_hits hits;
        ioc_hits_init(&hits, 3);
        sv rest = sv_make(sep + 5, size - ioc_len - 5), line;
        while (sv_split_char(&rest, '\n', &line)) {
            event ev;
            memset(&ev, 0, sizeof ev);
            const char *why;
            if (f->parse(state, line, &ev, &why) == PARSE_OK) ioc_match_event(m, &ev, on_hit, &hits);
        }
        vec sorted;
        ioc_hits_sorted(&hits, &sorted);
        vec_free(&sorted);
        ioc_hits_free(&hits);
        f->close(state);
    }
    ioc_matcher_free(m);
    ioc_set_free(&set);
    return 0;
}
