/* scenario.c - the table of scenarios, and the README pieces they share. */
#include "sim/scenario.h"
#include "core/mtime.h"

#include <string.h>

static const scenario *const scenarios[] = {
    &scenario_pension_2015,
    &scenario_mass_spoof_mail,
    &scenario_web_tamper,
};

size_t scenario_count(void) { return sizeof scenarios / sizeof scenarios[0]; }
const scenario *scenario_at(size_t i) { return i < scenario_count() ? scenarios[i] : NULL; }

const scenario *scenario_find(const char *name) {
    for (size_t i = 0; i < scenario_count(); i++)
        if (!strcmp(scenarios[i]->name, name)) return scenarios[i];
    return NULL;
}

void readme_title(const sim *s, buf *b, const char *extra) {
    char start[11], end[11];
    jst_date(s->w.start_ms, start, true);
    jst_date(s->w.end_ms - 1, end, true);
    buf_printf(b, "# 演習データ: %s / Exercise data: %s\n\n"
                  "`mitsuke simulate --scenario %s --seed %llu --terminals %u --days %d --start %s%s`\n\n"
                  "期間 / Period: %s 〜 %s (JST)\n\n",
               s->sc->name, s->sc->name, s->sc->name, (unsigned long long)s->opt.seed, s->w.nterm, s->w.days, start,
               extra, start, end);
}

void readme_time(buf *b, int64_t ms) {
    char t[MTIME_BUFSZ];
    mtime_format_iso_off(ms, 540, false, t);
    t[16] = 0; /* 2015-05-20T13:25 */
    t[10] = ' ';
    buf_puts(b, t);
}

void readme_steps(const sim *s, buf *b, const readme_step *steps, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (steps[i].t >= s->w.end_ms) continue;
        buf_puts(b, "| ");
        readme_time(b, steps[i].t);
        buf_printf(b, " | %s |\n", steps[i].text);
    }
}
