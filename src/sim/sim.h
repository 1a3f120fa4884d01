/* sim.h - one simulation run: options, the world, the output sinks, the
 * engine's actors and the ground truth.
 *
 * The engine is a priority queue of actors ordered by (time, creation
 * sequence). An actor is a small generator - the browsing of one terminal, one
 * periodic service, one C2 implant, the script of an attack - that is woken
 * at its time, emits the records of that instant, and sets its next time.
 * Records therefore come out in global time order, every output file is
 * written front to back, and memory is the actors (a few per terminal), never
 * the output: a 20,000-terminal month streams like a 100-terminal day. */
#ifndef MITSUKE_SIM_SIM_H
#define MITSUKE_SIM_SIM_H

#include "core/arena.h"
#include "core/progress.h"
#include "sim/record.h"
#include "sim/rng.h"
#include "sim/sink.h"
#include "sim/world.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sim_options {
    const char *scenario;
    const char *out;
    uint64_t seed;
    uint32_t terminals;     /* 0: the scenario's default */
    int days;               /* 0: the scenario's default */
    int64_t start_ms;       /* INT64_MIN: the scenario's default */
    const char *proxy_format;
    bool windows_evtx;      /* --windows-format evtx: .evtx per computer and channel */
    bool gzip;
    bool has_gap;
    int64_t gap_from, gap_to;
    bool progress;
} sim_options;

struct sim;
typedef struct actor actor;
typedef void (*actor_fn)(struct sim *s, actor *a);

struct actor {
    int64_t t;              /* next wake-up (UTC ms); >= end retires the actor */
    uint64_t seq;
    actor_fn fire;
    rng r;
    uint32_t term;          /* terminal index, or UINT32_MAX */
    void *data;             /* the actor kind's own state */
};

struct proxy_writer;
struct scenario;
struct truth;
struct sites;
struct script;

typedef struct sim {
    sim_options opt;
    world w;
    const struct scenario *sc;
    const struct proxy_writer *pw;
    char dir[7][600];       /* proxy, firewall, windows, fileserver, mail, root, web */
    sim_sink proxy, edge, core, winjson, winxml, files, web, webfim;
    struct winevtx *winevtx;    /* with windows_evtx, instead of winjson and winxml */
    sim_sink winevtx_counts;    /* its files, records and bytes, for the summary */
    uint64_t mails_written, mail_bytes;
    bool write_failed;
    char write_error[1024];

    actor **heap;
    size_t nheap, capheap;
    uint64_t next_seq;
    int64_t now;            /* time of the actor being run */
    arena mem;

    uint32_t *rec_ids;      /* per terminal: Security, System EventRecordID */
    uint64_t server_rec[4]; /* DC01 Security/System, ADMIN-PC01 Security/System */
    uint64_t fw_session;
    uint32_t ephemeral;     /* the proxy's next source port */

    struct truth *truth;
    struct sites *sites;
    struct script *script;  /* the scenario's one-off steps */
    void *plan;             /* the scenario's own plan */
    progress prog;
    uint64_t fired;
} sim;

enum { DIR_PROXY, DIR_FIREWALL, DIR_WINDOWS, DIR_FILESERVER, DIR_MAIL, DIR_ROOT, DIR_WEB };

/* A new actor woken first at t (ignored if t is past the end). `stream`
 * identifies it for its random numbers: the same stream always draws the same
 * numbers. `data_size` bytes of zeroed state come with it. */
actor *sim_actor(sim *s, actor_fn fire, uint32_t term, int64_t t, uint64_t stream, size_t data_size);
/* Runs every actor to the end of the simulated period. */
void sim_run(sim *s);

/* Emitting records (emit.c). */
void emit_http(sim *s, const sim_http *h);
void emit_edge(sim *s, const sim_conn *c);   /* FortiGate at the Internet edge */
void emit_core(sim *s, const sim_conn *c);   /* iptables between the internal segments */
void emit_win(sim *s, sim_win *w);           /* assigns the record id */
void emit_fop(sim *s, const sim_fop *f);
bool sim_in_gap(const sim *s, int64_t t);
/* The FQDN of a terminal ("PC00017.kikou.local") into buf (40 bytes). */
char *term_fqdn(const sim *s, uint32_t t, char *out);
uint16_t sim_ephemeral(sim *s);

#endif
