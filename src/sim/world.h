/* world.h - the simulated organisation: staff, terminals, servers, and when
 * each terminal is switched on and used.
 *
 * Everything is derived from the seed. Whether terminal 17 is in use on day 12,
 * when its user arrives and leaves, and whether it is left on overnight are
 * pure functions of (seed, terminal, day), so any actor can ask "is this
 * terminal on at time t?" in any order without keeping a calendar in memory.
 * Scenarios override the calendar with a few forced windows (a terminal kept
 * on overnight, a LAN cable pulled), stored per terminal.
 *
 * Times are UTC milliseconds; the organisation lives in JST (UTC+9, no DST),
 * so "day" means a JST calendar day counted from the first simulated day. */
#ifndef MITSUKE_SIM_WORLD_H
#define MITSUKE_SIM_WORLD_H

#include "core/vec.h"

#include <stdbool.h>
#include <stdint.h>

#define SEC_MS 1000LL
#define MIN_MS 60000LL
#define HOUR_MS 3600000LL
#define DAY_MS 86400000LL
#define JST_OFF_MS (9 * HOUR_MS)
#define SIM_NEVER INT64_MAX

#define SIM_MAX_TERMINALS 50000u

/* Terminal habits (bits). */
enum {
    HABIT_LEAVES_ON = 1,    /* often left switched on overnight */
    HABIT_LATE = 2,         /* works late */
    HABIT_CHAT = 4,         /* runs the chat client (long-poll) */
    HABIT_WIDGET = 8,       /* runs the weather/news widget */
    HABIT_ALWAYS_ON = 16,   /* never switched off (shared or monitoring PC): the
                               org's proxy log is never silent, as in real life */
};

typedef struct staff {
    char user[40];          /* login and mail local part, e.g. yamada.taro */
    char kanji[32];         /* "山田 太郎" */
    uint16_t family, given;
    uint8_t dept;
    int32_t terminal;       /* index, -1 when the person has no terminal here */
} staff;

typedef struct terminal {
    uint32_t ip;            /* host order */
    char host[16];          /* PC00017 */
    uint32_t staff;
    uint16_t ua;            /* index into browser_uas */
    uint8_t dept;
    uint8_t habits;
    float think_s;          /* mean seconds between page views */
    uint32_t forced;        /* first forced window (index + 1), 0 for none */
} terminal;

typedef enum { FORCE_OFF = 1, FORCE_POWERED, FORCE_PRESENT } force_mode;

typedef struct forced_window {
    int64_t from, to;
    uint8_t mode;
    uint32_t next;          /* index + 1 of the terminal's next window, 0 for none */
} forced_window;

typedef struct world {
    uint64_t seed;
    int64_t start_ms, end_ms;   /* JST midnight of the first day; end exclusive */
    int days;
    int start_wday;             /* 0 = Sunday */
    terminal *term;
    uint32_t nterm;
    staff *people;
    uint32_t nstaff;
    vec forced;                 /* of forced_window */
    uint32_t proxy_ip, dc_ip, fs_ip, mail_ip, admin_ip, public_ip;
} world;

#define ORG_DOMAIN "kikou.example.jp"
#define AD_DOMAIN "kikou.local"
#define NETBIOS_DOMAIN "KIKOU"
#define PROXY_PORT 8080

/* start_ms must be a JST midnight (see jst_midnight). */
void world_init(world *w, uint64_t seed, uint32_t terminals, int64_t start_ms, int days);
void world_free(world *w);

/* UTC ms of 00:00 JST on that civil date. */
int64_t jst_midnight(int y, unsigned m, unsigned d);
/* Day index (from the first simulated day) of a time; may be negative. */
int64_t world_day(const world *w, int64_t ms);
/* UTC ms of JST hh:mm on day index `day`. */
static inline int64_t world_at(const world *w, int64_t day, int hh, int mm) {
    return w->start_ms + day * DAY_MS + hh * HOUR_MS + mm * MIN_MS;
}
int world_wday(const world *w, int64_t day);     /* 0 = Sunday */

typedef struct day_plan {
    bool present;           /* the user comes in that day */
    int64_t arrive, leave;  /* UTC ms */
    bool overnight;         /* the terminal is left on after `leave` */
} day_plan;

day_plan world_plan(const world *w, uint32_t t, int64_t day);
bool world_present(const world *w, uint32_t t, int64_t ms);  /* user at the terminal */
bool world_powered(const world *w, uint32_t t, int64_t ms);  /* switched on and on the network */
/* First time >= ms at which the terminal is present / powered, or SIM_NEVER
 * (nothing before the end of the simulation). */
int64_t world_next_present(const world *w, uint32_t t, int64_t ms);
int64_t world_next_powered(const world *w, uint32_t t, int64_t ms);
/* When the current present / powered stretch that contains ms ends. */
int64_t world_present_until(const world *w, uint32_t t, int64_t ms);

void world_force(world *w, uint32_t t, int64_t from, int64_t to, force_mode mode);

/* "10.20.3.45" into buf (16 bytes). */
char *ip4_str(uint32_t ip, char *out);

#endif
