/* scenario.h - the attack scenarios `mitsuke simulate` knows.
 *
 * A scenario sets its defaults (dates, size), plans its attack on the world
 * (which terminals, when, which destinations; all from the seed), starts the
 * actors and script steps that carry it out, and writes the facilitator's
 * README.md. The background (background.c) runs under every scenario. */
#ifndef MITSUKE_SIM_SCENARIO_H
#define MITSUKE_SIM_SCENARIO_H

#include "core/json.h"
#include "sim/sim.h"

typedef struct scenario {
    const char *name;
    const char *summary_en, *summary_ja;
    int start_y, start_m, start_d;      /* default first day (JST) */
    int days;                           /* default length */
    uint32_t terminals;                 /* default number of terminals */
    uint32_t min_terminals;
    /* Plans and starts the attack. Returns false with a message in err. */
    bool (*setup)(sim *s, char *err, size_t errlen);
    /* The facilitator's README.md (Japanese and English). */
    void (*readme)(const sim *s, buf *b);
    /* Optional: more members for truth.json's top-level object. */
    void (*truth_extra)(const sim *s, jw *w);
    bool web;                           /* writes web/ (the public web server) */
} scenario;

const scenario *scenario_find(const char *name);
size_t scenario_count(void);
const scenario *scenario_at(size_t i);

/* README.md pieces every scenario writes the same way. The title names the
 * scenario and gives the command that makes the same data again (`extra`:
 * more options for it, e.g. " --proxy-format squid", or ""), then the
 * period. */
void readme_title(const sim *s, buf *b, const char *extra);
/* A time as the README's tables show it: "2015-05-20 13:25" (JST). */
void readme_time(buf *b, int64_t ms);
/* Rows "| time | text |" of a timeline table; steps at or after the end of
 * the simulated period are left out. */
typedef struct readme_step {
    int64_t t;
    const char *text;
} readme_step;
void readme_steps(const sim *s, buf *b, const readme_step *steps, size_t n);

extern const scenario scenario_pension_2015;
extern const scenario scenario_mass_spoof_mail;
extern const scenario scenario_web_tamper;

#endif
