/* windetector.h - the Windows event detectors: one table per detector, the
 * shared context they read, and the helpers they build findings with.
 *
 * The shape is the proxy detectors' (detect/detector.h): `open` makes the
 * state, `on_event` sees every Windows event (with its typed fields,
 * win/winfields.h), `finish` turns what was kept into findings, `close`
 * frees. A detector only reads events and emits findings; it never prints.
 * Each lives in its own file in this folder and is listed in registry.c.
 *
 * Strings in an event die with the callback. A detector keeps names as ids
 * of the shared name table (win_name), and records as win_ref (where the
 * event is: enough to cite it). Groups of events (per account, per source,
 * per host) are kept with win_groups, which counts distinct hosts and
 * accounts with the time each was first seen, so "N hosts within W" is one
 * call (win_group_max_window). The engine (winscan.h) sorts the findings of
 * all detectors into one deterministic order. */
#ifndef MITSUKE_WINDETECTOR_H
#define MITSUKE_WINDETECTOR_H

#include "config/config.h"
#include "core/intern.h"
#include "core/u64map.h"
#include "core/vec.h"
#include "detect/finding.h"
#include "event.h"
#include "win/winfields.h"

#include <stdbool.h>
#include <stdint.h>

#define WIN_NONE UINT32_MAX

/* Where an event is. */
typedef struct win_ref {
    const struct source *src;
    uint64_t line, offset;
    int64_t record_id;
    int64_t time_ms;
    int32_t event_id;
    uint32_t host;                 /* name id of the computer as logged */
} win_ref;

/* What every detector may read: the settings and the shared names. */
typedef struct win_ctx {
    const config *cfg;
    const win_settings *set;
    intern names;                  /* every kept string: hosts, accounts, addresses, paths */
    vec host_display;              /* uint32_t per name id of a short host name: its FQDN as first logged */
    u64map ip_name;                /* name id of an address -> name id + 1 of the machine that used it */
    u64map shown;                  /* name id of an address -> index + 1 in shown_names */
    vec shown_names;               /* sv: "10.1.1.50 (PC050)", in shown_mem (stable: the names table moves) */
    arena shown_mem;
    /* kept by the engine before any detector sees the event (declared below) */
    struct win_recent *recent;     /* network logons, for "a logon from X came just before" */
    struct win_procs *procs;       /* process images by id, for parents 4688 does not name */
} win_ctx;

/* One event as the detectors see it. */
typedef struct win_rec {
    const event *ev;
    const win_event *w;
    const win_fields *f;
    uint32_t host;                 /* name id of f->host (short, upper case); WIN_NONE when none */
    win_ref ref;
} win_rec;

typedef struct windetector {
    const char *name;              /* as shown in findings and accepted by --detectors */
    const char *summary_en, *summary_ja;
    void *(*open)(win_ctx *ctx);
    void (*on_event)(void *state, win_ctx *ctx, const win_rec *r);
    void (*finish)(void *state, win_ctx *ctx, finding_list *out);
    void (*close)(void *state);
} windetector;

size_t windetector_count(void);
const windetector *windetector_at(size_t i);
const windetector *windetector_find(const char *name);

/* ---- names ---------------------------------------------------------------- */

/* The id of a string (copied, at most 512 bytes kept); WIN_NONE for empty. */
uint32_t win_name(win_ctx *c, sv s);
sv win_name_str(const win_ctx *c, uint32_t id);
/* "DOMAIN\\user" (or "user"), as an id; the domain upper-cased and cut to its
 * first label (OFFSEC.LAN and OFFSEC are one domain), the user as logged. */
uint32_t win_account(win_ctx *c, sv domain, sv user);
/* The key of an account for grouping: the user name lower-cased. */
uint32_t win_account_key(win_ctx *c, sv user);
/* A host for display: the FQDN first logged for a short name; an address
 * with the machine name logons gave it ("10.1.1.50 (PC050)"); else the name. */
sv win_host_display(win_ctx *c, uint32_t host);
/* The host id of a name or address as logged (a workstation name, an IP). */
uint32_t win_host_id(win_ctx *c, sv name);

/* ---- groups of events ----------------------------------------------------- */

typedef struct win_seen {
    uint32_t id;
    int64_t first_ms;
} win_seen;

#define WIN_GROUP_REFS FINDING_MAX_REFS

typedef struct win_group {
    uint32_t key;                  /* the caller's key (a name id or a pair) */
    uint32_t key2;
    int64_t first_ms, last_ms;
    uint32_t count;
    int score;                     /* the highest score given to win_group_add */
    uint32_t flags;                /* the detector's own */
    uint32_t note, note2;          /* name ids of the detector's choice, WIN_NONE */
    vec hosts, accounts;           /* win_seen, distinct, in order of first sight */
    vec sources;                   /* win_seen: hosts the activity came from */
    win_ref refs[WIN_GROUP_REFS];
    int nrefs;
} win_group;

typedef struct win_groups {
    vec items;                     /* win_group */
    u64map index;                  /* (key, key2) -> index + 1 */
    u64map seen;                   /* (group, kind, id) */
} win_groups;

void win_groups_init(win_groups *g);
void win_groups_free(win_groups *g);
static inline size_t win_groups_count(const win_groups *g) { return g->items.len; }
static inline win_group *win_groups_at(const win_groups *g, size_t i) { return &VEC_AT(&g->items, win_group, i); }
/* On how many different days (UTC) each key was seen: a helpdesk that runs
 * PsExec on a terminal or two a week does it on many days, an intruder's
 * spread is a burst. Keys are the detector's own 64-bit hashes. */
typedef struct win_days {
    u64map seen;                   /* (key, day) */
    u64map count;                  /* key -> distinct days */
} win_days;

void win_days_init(win_days *d);
void win_days_free(win_days *d);
void win_days_note(win_days *d, uint64_t key, int64_t ms);
uint32_t win_days_count(const win_days *d, uint64_t key);

/* The group of (key, key2), made on first use. */
win_group *win_groups_get(win_groups *g, uint32_t key, uint32_t key2);
/* Counts the event in the group: time span, count, score, its reference
 * (the first WIN_GROUP_REFS, then the last one replaces the final slot so the
 * span's end is cited too). */
void win_group_add(win_group *grp, const win_rec *r, int score);
/* Distinct hosts / accounts of a group (WIN_NONE is ignored). */
void win_group_host(win_groups *g, win_group *grp, uint32_t host, int64_t ms);
void win_group_account(win_groups *g, win_group *grp, uint32_t account, int64_t ms);
void win_group_source(win_groups *g, win_group *grp, uint32_t host, int64_t ms);
/* The most distinct entries first seen within any window of `window_ms`, and
 * that window's first and last time. */
uint32_t win_group_max_window(const vec *seen, int64_t window_ms, int64_t *from, int64_t *to);

/* ---- network logons, for "a logon from X preceded this" -------------------- */

/* A network logon (4624 type 3, from another machine, a person's account). */
typedef struct win_netlogon {
    int64_t ms;
    uint32_t source;               /* host id of the address or workstation */
    uint32_t account;              /* win_account id */
    uint64_t key;                  /* (host, logon id) it was filed under */
    win_ref ref;
} win_netlogon;

/* The latest network logon of every host, and the last WIN_RECENT_RING
 * network logons by logon id: memory stays bounded however long the logs
 * are (an action comes minutes after its logon, not days). */
#define WIN_RECENT_RING 65536

typedef struct win_recent {
    u64map last_index;             /* host -> index + 1 in last */
    vec last;                      /* win_netlogon, one per host */
    u64map by_logon_id;            /* (host, logon id) -> index + 1 in ring (checked against its key) */
    win_netlogon *ring;            /* WIN_RECENT_RING slots */
    uint32_t next;                 /* the slot to fill next */
    bool wrapped;
} win_recent;

void win_recent_init(win_recent *w);
void win_recent_free(win_recent *w);
/* Notes the event if it is a network logon. */
void win_recent_note(win_recent *w, win_ctx *c, const win_rec *r);
/* The host's latest network logon at most `within` ms before `ms`, or NULL. */
const win_netlogon *win_recent_before(const win_recent *w, uint32_t host, int64_t ms, int64_t within);
/* The network logon of that logon id on that host, or NULL. */
const win_netlogon *win_recent_session(const win_recent *w, uint32_t host, sv logon_id);
/* The source of a logon: the address when it names another machine, else
 * the workstation name; WIN_NONE when neither. */
uint32_t win_logon_source(win_ctx *c, const win_fields *f);

/* ---- process images by process id, for a parent Security 4688 does not name */

#define WIN_PROCS_MAX (1u << 20)   /* past this many, the table starts afresh (process ids are reused anyway) */

typedef struct win_procs {
    u64map by_pid;                 /* (host, pid) -> name id of the image's base name, lower case */
} win_procs;

void win_procs_init(win_procs *p);
void win_procs_free(win_procs *p);
/* Notes a process creation (4688, Sysmon 1). */
void win_procs_note(win_procs *p, win_ctx *c, const win_rec *r);
/* The parent's base name, lower case: from the event, else from the process
 * table; empty when unknown. Written into out (64 bytes). */
sv win_parent_name(const win_procs *p, const win_ctx *c, const win_rec *r, char *out);
/* A process creation event: Security 4688 or Sysmon 1. */
bool win_is_process_creation(const win_fields *f);

/* ---- findings ------------------------------------------------------------- */

/* A new finding with its score, stage and techniques (NULL-terminated; the
 * first is the primary one). */
finding *win_finding(finding_list *out, const char *detector, const char *title_en, const char *title_ja, int score,
                     kill_chain_stage stage, ...);
/* A duration for a fact: "24h", "90m", "2d", "45s". */
const char *win_duration(int64_t ms, char *buf, size_t size);
/* The group's span, hosts (targets, then sources), accounts and references
 * into the finding. */
void win_finding_group(finding_list *out, finding *f, win_ctx *c, const win_group *grp);
/* A fixed fact, one text per language. */
void win_fact_text(finding_list *out, finding *f, const char *en, const char *ja);
void win_finding_ref(finding_list *out, finding *f, const win_ctx *c, const win_ref *ref);
void win_finding_host(finding_list *out, finding *f, win_ctx *c, uint32_t host);
void win_finding_account(finding_list *out, finding *f, const win_ctx *c, uint32_t account);

/* ---- small tests shared by detectors -------------------------------------- */

/* Whether s contains needle, ASCII case-insensitively. */
bool win_contains(sv s, const char *needle);
/* Whether the file name ends in an executable or script extension. */
bool win_is_executable_name(sv name);
/* A name that looks machine-made: 8+ characters of mixed random letters and
 * digits, or all hex (PsExec clones and Metasploit name services so). */
bool win_is_random_name(sv name);

#endif
