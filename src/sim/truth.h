/* truth.h - the ground truth of a run, written as truth.json.
 *
 * The scenario declares what it plans (attacked terminals, destinations,
 * mails, lateral movements); the emitters record what actually reached the
 * logs. Counts in truth.json are taken from the records written, so a short
 * --days window or a planted --gap shrinks them consistently: a destination
 * is listed only if it appears in the proxy log, a terminal only if one of its
 * suspicious requests was logged, and its first_suspicious is the time of the
 * first such logged request. The format is documented in docs/simulate.md. */
#ifndef MITSUKE_SIM_TRUTH_H
#define MITSUKE_SIM_TRUTH_H

#include "core/buf.h"
#include "core/vec.h"
#include "sim/record.h"

#include <stdbool.h>
#include <stdint.h>

#define TRUTH_MAX_SLOTS 64
#define TRUTH_MAX_DESTS 32

typedef struct truth_dest {
    char host[64];          /* as it appears in the proxy log's host field */
    uint16_t port;
    uint32_t ip;
    const char *role;       /* "c2" or "exfiltration" */
    const char *campaign;
    const char *country;
    bool seen, success;
    uint64_t records;
    int64_t first, last;
} truth_dest;

typedef struct truth_slot {
    uint32_t term;
    const char *campaign;   /* "I", "II", "IV" */
    const char *via;        /* "mail", "lateral" */
    int64_t infected;       /* when the implant started (planned) */
    int64_t first, last;    /* first and last suspicious request in the proxy log */
    bool success, exfil;
    uint64_t records, exfil_bytes;
    uint32_t dests;         /* bit i: destination i was contacted */
} truth_slot;

typedef struct truth_edge {
    int64_t t;
    uint32_t src_term, dst_term;
    const char *account;    /* as logged: Administrator (a local account of the target) */
    bool ok;
} truth_edge;

typedef struct truth_mail {
    char id[16];
    const char *campaign;
    char file[96];
    char subject[256];
    int64_t t;
    char recipient[96];
    bool public_address;
    const char *delivery;   /* "link" or "attachment" */
    char attachment[160];   /* file name (UTF-8) or the link */
    uint32_t terms[4];
    int nterms;
} truth_mail;

typedef struct truth_note {
    int64_t t;
    char what[200];
} truth_note;

typedef struct truth {
    truth_slot slot[TRUTH_MAX_SLOTS];
    int nslots;
    truth_dest dest[TRUTH_MAX_DESTS];
    int ndests;
    int exfil_dest;         /* index, -1 none */
    vec edges;              /* truth_edge */
    vec mails;              /* truth_mail */
    vec notes;              /* truth_note: domain admin taken, cable pulled, ... */
} truth;

void truth_init(truth *t);
void truth_free(truth *t);
int truth_add_slot(truth *t, uint32_t term, const char *campaign, const char *via, int64_t infected);
int truth_add_dest(truth *t, const char *host, uint16_t port, uint32_t ip, const char *role, const char *campaign,
                   const char *country);
void truth_http(truth *t, const sim_http *h);     /* a proxy record that was written */
void truth_note_add(truth *t, int64_t when, const char *what);

struct sim;
/* Writes truth.json into the buffer. */
void truth_write(const struct sim *s, buf *b);

#endif
