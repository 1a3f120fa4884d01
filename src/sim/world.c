/* world.c - the organisation and its calendar; see world.h. */
#include "sim/world.h"
#include "core/hmap.h"
#include "core/mtime.h"
#include "core/util.h"
#include "sim/names.h"
#include "sim/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOOKBACK_DAYS 9     /* a terminal left on over a long weekend */
#define LOOKAHEAD_DAYS 21

int64_t jst_midnight(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d) * DAY_MS - JST_OFF_MS; }

int64_t world_day(const world *w, int64_t ms) {
    int64_t rel = ms - w->start_ms;
    return rel >= 0 ? rel / DAY_MS : -((-rel + DAY_MS - 1) / DAY_MS);
}

int world_wday(const world *w, int64_t day) { return (int)(((w->start_wday + day) % 7 + 7) % 7); }

char *ip4_str(uint32_t ip, char *out) {
    snprintf(out, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
    return out;
}

static uint32_t ip4(unsigned a, unsigned b, unsigned c, unsigned d) { return a << 24 | b << 16 | c << 8 | d; }

static void make_staff(world *w) {
    hmap seen;
    hmap_init(&seen);
    for (uint32_t i = 0; i < w->nstaff; i++) {
        staff *p = &w->people[i];
        uint64_t h = mix4(w->seed, 0x57aff, i, 0);
        p->family = (uint16_t)(h % family_names_count);
        p->given = (uint16_t)((h >> 20) % given_names_count);
        p->dept = (uint8_t)((h >> 40) % departments_count);
        p->terminal = i < w->nterm ? (int32_t)i : -1;
        char base[40];
        snprintf(base, sizeof base, "%s.%s", family_names[p->family].romaji, given_names[p->given].romaji);
        hmap_slot *s = hmap_put(&seen, sv_cstr(base), NULL);
        if (s->val.u64++) snprintf(p->user, sizeof p->user, "%s%llu", base, (unsigned long long)s->val.u64);
        else snprintf(p->user, sizeof p->user, "%s", base);
        snprintf(p->kanji, sizeof p->kanji, "%s %s", family_names[p->family].kanji, given_names[p->given].kanji);
    }
    hmap_free(&seen);
}

static void make_terminals(world *w) {
    double weights[32];
    for (size_t i = 0; i < browser_uas_count && i < 32; i++) weights[i] = browser_uas[i].weight;
    for (uint32_t i = 0; i < w->nterm; i++) {
        terminal *t = &w->term[i];
        rng r;
        rng_seed(&r, w->seed, 0x7e4a000000ull + i);
        t->ip = ip4(10, 20, i / 200, 10 + i % 200);
        snprintf(t->host, sizeof t->host, "PC%05u", i + 1);
        t->staff = i;
        t->dept = w->people[i].dept;
        t->ua = (uint16_t)rng_weighted(&r, weights, browser_uas_count);
        uint8_t h = 0;
        if (rng_chance(&r, 0.04)) h |= HABIT_LEAVES_ON;
        if (rng_chance(&r, 0.22)) h |= HABIT_LATE;
        if (rng_chance(&r, 0.30)) h |= HABIT_CHAT;
        if (rng_chance(&r, 0.25)) h |= HABIT_WIDGET;
        t->habits = h;
        double think = rng_exp(&r, 150.0) + 45.0;   /* light and heavy web users */
        t->think_s = (float)(think > 900 ? 900 : think);
    }
    /* One terminal in 20 (at least three) is a shared or monitoring PC that
     * nobody switches off, so nights and weekends are quiet but never silent. */
    uint32_t always = w->nterm / 20 < 3 ? 3 : w->nterm / 20;
    for (uint32_t k = 0; k < always && k < w->nterm; k++)
        w->term[(uint32_t)(mix4(w->seed, 0xa1ea75, k, 0) % w->nterm)].habits |= HABIT_ALWAYS_ON;
}

void world_init(world *w, uint64_t seed, uint32_t terminals, int64_t start_ms, int days) {
    memset(w, 0, sizeof *w);
    w->seed = seed;
    w->start_ms = start_ms;
    w->days = days;
    w->end_ms = start_ms + (int64_t)days * DAY_MS;
    /* 1970-01-01 was a Thursday; the JST day of start_ms is (start_ms + 9h) / day. */
    int64_t civil = (start_ms + JST_OFF_MS) / DAY_MS;
    w->start_wday = (int)(((civil + 4) % 7 + 7) % 7);
    if (terminals > SIM_MAX_TERMINALS) terminals = SIM_MAX_TERMINALS;
    w->nterm = terminals;
    w->nstaff = terminals + terminals / 10 < 150 ? 150 : terminals + terminals / 10;
    w->people = xcalloc(w->nstaff, sizeof *w->people);
    w->term = xcalloc(w->nterm ? w->nterm : 1, sizeof *w->term);
    vec_init(&w->forced, sizeof(forced_window));
    make_staff(w);
    make_terminals(w);
    w->proxy_ip = ip4(10, 10, 0, 5);
    w->dc_ip = ip4(10, 10, 0, 10);
    w->fs_ip = ip4(10, 10, 0, 20);
    w->mail_ip = ip4(10, 10, 0, 25);
    w->admin_ip = ip4(10, 10, 5, 10);
    w->public_ip = ip4(192, 0, 2, 10);
}

void world_free(world *w) {
    free(w->people);
    free(w->term);
    vec_free(&w->forced);
}

/* Sum of two uniforms: a cheap bell shape on [0, 1). */
static double bell(uint64_t h) { return (unit_from(h) + unit_from(mix64(h))) / 2; }

day_plan world_plan(const world *w, uint32_t t, int64_t day) {
    day_plan p = {0};
    const terminal *tm = &w->term[t];
    uint64_t h = mix4(w->seed, 0xda1, t, (uint64_t)(day + 100000));
    int wd = world_wday(w, day);
    int64_t base = w->start_ms + day * DAY_MS;
    double u = unit_from(h);
    if (wd >= 1 && wd <= 5) {
        p.present = u < 0.94;
        p.arrive = base + 7 * HOUR_MS + 45 * MIN_MS + (int64_t)(bell(mix64(h ^ 1)) * 100 * MIN_MS);
        double stay = unit_from(mix64(h ^ 2));
        int64_t leave = 17 * HOUR_MS + 40 * MIN_MS + (int64_t)(stay * stay * 150 * MIN_MS);
        if (tm->habits & HABIT_LATE) leave += (int64_t)(unit_from(mix64(h ^ 3)) * 180 * MIN_MS);
        if (leave > 23 * HOUR_MS + 50 * MIN_MS) leave = 23 * HOUR_MS + 50 * MIN_MS;
        p.leave = base + leave;
    } else {
        p.present = u < (wd == 6 ? 0.03 : 0.015);
        p.arrive = base + 9 * HOUR_MS + 30 * MIN_MS + (int64_t)(bell(mix64(h ^ 1)) * 120 * MIN_MS);
        p.leave = p.arrive + 2 * HOUR_MS + (int64_t)(unit_from(mix64(h ^ 2)) * 4 * HOUR_MS);
    }
    double on = unit_from(mix64(h ^ 4));
    p.overnight = p.present && on < ((tm->habits & HABIT_LEAVES_ON) ? 0.6 : 0.008);
    return p;
}

static int64_t next_arrival_after_day(const world *w, uint32_t t, int64_t day) {
    for (int64_t j = day + 1; j <= day + LOOKAHEAD_DAYS; j++) {
        day_plan p = world_plan(w, t, j);
        if (p.present) return p.arrive;
    }
    return SIM_NEVER;
}

/* The forced mode at ms (0 for none); later windows win over earlier ones. */
static int forced_at(const world *w, uint32_t t, int64_t ms) {
    int mode = 0;
    for (uint32_t i = w->term[t].forced; i; i = VEC_AT(&w->forced, forced_window, i - 1).next) {
        const forced_window *f = &VEC_AT(&w->forced, forced_window, i - 1);
        if (ms >= f->from && ms < f->to) mode = f->mode;
    }
    return mode;
}

/* Calendar only, without forced windows. */
static bool plan_present(const world *w, uint32_t t, int64_t ms) {
    day_plan p = world_plan(w, t, world_day(w, ms));
    return p.present && ms >= p.arrive && ms < p.leave;
}

static bool plan_powered(const world *w, uint32_t t, int64_t ms) {
    if (w->term[t].habits & HABIT_ALWAYS_ON) return true;
    int64_t d = world_day(w, ms);
    for (int64_t k = d; k >= d - LOOKBACK_DAYS; k--) {
        day_plan p = world_plan(w, t, k);
        if (!p.present) continue;
        if (k == d && ms < p.arrive) continue;
        if (ms < p.leave) return true;
        return p.overnight && ms < next_arrival_after_day(w, t, k);
    }
    return false;
}

bool world_present(const world *w, uint32_t t, int64_t ms) {
    int f = forced_at(w, t, ms);
    if (f == FORCE_OFF) return false;
    if (f == FORCE_PRESENT) return true;
    return plan_present(w, t, ms);
}

bool world_powered(const world *w, uint32_t t, int64_t ms) {
    int f = forced_at(w, t, ms);
    if (f == FORCE_OFF) return false;
    if (f == FORCE_PRESENT || f == FORCE_POWERED) return true;
    return plan_powered(w, t, ms);
}

/* The next time after ms at which the answer of present/powered may change:
 * an arrival, a departure, or a forced window boundary. */
static int64_t next_boundary(const world *w, uint32_t t, int64_t ms) {
    int64_t best = SIM_NEVER;
    int64_t d = world_day(w, ms);
    for (int64_t k = d - 1; k <= d + LOOKAHEAD_DAYS && best == SIM_NEVER; k++) {
        day_plan p = world_plan(w, t, k);
        if (!p.present) continue;
        if (p.arrive > ms && p.arrive < best) best = p.arrive;
        if (p.leave > ms && p.leave < best) best = p.leave;
    }
    for (uint32_t i = w->term[t].forced; i; i = VEC_AT(&w->forced, forced_window, i - 1).next) {
        const forced_window *f = &VEC_AT(&w->forced, forced_window, i - 1);
        if (f->from > ms && f->from < best) best = f->from;
        if (f->to > ms && f->to < best) best = f->to;
    }
    return best;
}

static int64_t next_true(const world *w, uint32_t t, int64_t ms, bool (*pred)(const world *, uint32_t, int64_t)) {
    for (int i = 0; i < 200 && ms < w->end_ms; i++) {
        if (pred(w, t, ms)) return ms;
        ms = next_boundary(w, t, ms);
    }
    return SIM_NEVER;
}

int64_t world_next_present(const world *w, uint32_t t, int64_t ms) { return next_true(w, t, ms, world_present); }
int64_t world_next_powered(const world *w, uint32_t t, int64_t ms) { return next_true(w, t, ms, world_powered); }

int64_t world_present_until(const world *w, uint32_t t, int64_t ms) {
    for (int i = 0; i < 200 && ms < w->end_ms; i++) {
        if (!world_present(w, t, ms)) return ms;
        ms = next_boundary(w, t, ms);
    }
    return ms < w->end_ms ? ms : w->end_ms;
}

void world_force(world *w, uint32_t t, int64_t from, int64_t to, force_mode mode) {
    forced_window *f = vec_push(&w->forced);
    f->from = from;
    f->to = to;
    f->mode = (uint8_t)mode;
    /* append at the end of the terminal's list so later windows win */
    uint32_t idx = (uint32_t)w->forced.len;
    uint32_t *link = &w->term[t].forced;
    while (*link) link = &VEC_AT(&w->forced, forced_window, *link - 1).next;
    *link = idx;
}
