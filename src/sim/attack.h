/* attack.h - the building blocks of attack scenarios: implants that beacon
 * to their C2 through the proxy, bulk uploads to an exfiltration server,
 * bulk reads and archive creation on the file share, and a script of
 * one-off steps (mails, lateral movements, notes) run at their times.
 *
 * Every suspicious proxy request carries the truth slot of its terminal and
 * the index of its destination, so truth.json is built from what was logged. */
#ifndef MITSUKE_SIM_ATTACK_H
#define MITSUKE_SIM_ATTACK_H

#include "sim/sim.h"

typedef enum c2_style {
    C2_HTTP,            /* GET with a parameter, POST when the operator is active */
    C2_CONNECT,         /* CONNECT tunnels */
    C2_UPLOAD,          /* POST of large bodies: exfiltration */
} c2_style;

typedef enum fail_mode {
    FAIL_NONE = 0,
    FAIL_AUTH,          /* no proxy credentials: 407, for ever */
    FAIL_DENIED,        /* the proxy refuses (port or category): 403 */
    FAIL_DNS,           /* the name does not resolve: 503 */
    FAIL_CONNECT,       /* the server does not answer: 503 after a timeout */
} fail_mode;

typedef struct c2_dest {
    char host[64];      /* a name, or an address for raw-IP destinations */
    uint16_t port;
    uint32_t ip;
    c2_style style;
    char path[96];
    fail_mode fail;
    const char *category;
    int truth;          /* index in the truth's destination table */
} c2_dest;

typedef struct implant_spec {
    int slot;           /* truth slot */
    uint32_t term;
    int64_t start, stop;
    const c2_dest *dest[3];     /* primary and fallbacks */
    int ndest;
    const char *ua;     /* NULL: no User-Agent */
    bool proxy_auth;    /* uses the logged-on user's proxy credentials */
    double idle_s;      /* between beacons when the operator is away */
    double busy_p;      /* chance per beacon that the operator starts a session */
    bool direct_first;  /* first tries a direct connection (denied at the edge) */
} implant_spec;

void implant_start(sim *s, const implant_spec *spec);

typedef struct exfil_spec {
    int slot;
    uint32_t term;
    int64_t start, stop;
    const c2_dest *dest;
    const char *ua;
} exfil_spec;

void exfil_start(sim *s, const exfil_spec *spec);

/* Reads `files` documents from the terminal's share, then writes an archive
 * of them there, starting at `start`. */
void bulk_read_start(sim *s, uint32_t term, int64_t start, int files, uint64_t stream);

/* Lateral movement with the shared local Administrator password: 4648 on the
 * source, 4625 guesses (optional), SMB through the core firewall, 4624 type 3
 * + 4672 + 7045/4697 on the target; recorded in the truth. */
void lateral_emit(sim *s, int64_t t, uint32_t src, uint32_t dst, bool with_guess, rng *r);

/* The script: one-off steps at planned times, run by one actor in order. */
typedef void (*step_fn)(sim *s, const void *arg, int64_t t);

typedef struct script script;
script *script_new(sim *s);
/* Copies `arg` (arg_size bytes). */
void script_add(script *sc, int64_t t, step_fn fn, const void *arg, size_t arg_size);
/* Sorts the steps and starts the actor. */
void script_start(sim *s, script *sc);
void script_free(script *sc);

#endif
