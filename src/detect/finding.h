/* finding.h - what a detector reports: one suspicious thing, explained.
 *
 * A finding carries the detector's name, a title, a score (0-100) and the
 * severity it maps to, the time span it covers, the entities involved
 * (terminal and destination), the facts that raised it in plain words in
 * English and Japanese, references to the raw records (source, line, byte
 * offset; a bounded sample, enough to open the log at the right place), and
 * its place on the kill chain of seed 003 with MITRE ATT&CK technique IDs.
 *
 * Findings live in a finding_list, which owns their memory (an arena), so a
 * detector builds them with the helpers below and never frees anything. */
#ifndef MITSUKE_FINDING_H
#define MITSUKE_FINDING_H

#include "core/arena.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stdint.h>

struct source;

typedef enum severity_level { SEV_INFO = 0, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL } severity_level;
const char *severity_name(int sev);           /* "info" ... "critical" */
const char *severity_label(int sev);          /* in the output language */
int severity_parse(const char *s);            /* -1 when unknown */
/* Score bands: critical >= 85, high >= 65, medium >= 40, low >= 20, else info. */
int severity_from_score(int score);

/* The kill chain of seed 003 (サイバーキルチェーン), spelled as in docs/killchain.md. */
typedef enum kill_chain_stage {
    KC_NONE = 0,
    KC_RECONNAISSANCE,
    KC_DELIVERY,
    KC_EXPLOITATION,
    KC_INSTALLATION,
    KC_COMMAND_AND_CONTROL,
    KC_LATERAL_MOVEMENT,
    KC_ACTIONS_ON_OBJECTIVES,
} kill_chain_stage;
const char *kill_chain_name(kill_chain_stage s);   /* "command-and-control"; NULL for KC_NONE */
const char *kill_chain_label(kill_chain_stage s);  /* in the output language: "遠隔操作" */

#define FINDING_MAX_FACTS 8
#define FINDING_MAX_REFS 5
#define FINDING_MAX_ATTACK 4
#define FINDING_MAX_HOSTS 32       /* host names listed; hosts_total counts them all */
#define FINDING_MAX_ACCOUNTS 16

/* Where a record is. A Windows event also says which event it is (event_id
 * non-zero): its EventRecordID (-1 unknown), time and computer. */
typedef struct evidence_ref {
    const struct source *src;
    uint64_t line, offset;
    int32_t event_id;              /* 0: not a Windows event */
    int64_t record_id;
    int64_t time_ms;
    const char *computer;          /* in the finding list's memory, NULL if none */
} evidence_ref;

typedef struct finding {
    const char *detector;
    const char *title_en, *title_ja;
    int score;                     /* 0-100 */
    int severity;                  /* severity_from_score(score) */
    int64_t first_ms, last_ms;     /* MTIME_NONE when unknown */
    const char *terminal;          /* NULL when the finding spans several */
    const char *destination;       /* NULL when not about one destination */
    uint32_t dest_id;              /* the destination's id in the scan (UINT32_MAX: none) */
    uint32_t terminals;            /* how many terminals are involved */
    const char *facts_en[FINDING_MAX_FACTS], *facts_ja[FINDING_MAX_FACTS];
    int nfacts;
    evidence_ref refs[FINDING_MAX_REFS];
    int nrefs;
    kill_chain_stage stage;
    const char *attack[FINDING_MAX_ATTACK];  /* the first is the primary technique */
    int nattack;
    /* Hosts and accounts involved (Windows findings; NULL for the proxy
     * detectors): the first FINDING_MAX_HOSTS / _ACCOUNTS in the order they
     * were added, and how many there were in all. */
    const char **hosts;
    uint16_t nhosts;
    uint32_t hosts_total;
    const char **accounts;
    uint16_t naccounts;
    uint32_t accounts_total;
} finding;

typedef struct finding_list {
    vec items;                     /* finding * */
    arena mem;
} finding_list;

void finding_list_init(finding_list *l);
void finding_list_free(finding_list *l);
static inline size_t finding_count(const finding_list *l) { return l->items.len; }
static inline finding *finding_at(const finding_list *l, size_t i) { return VEC_AT(&l->items, finding *, i); }

/* A new finding, zeroed but for the detector name and title. */
finding *finding_new(finding_list *l, const char *detector, const char *title_en, const char *title_ja);
void finding_set_score(finding *f, int score);
/* Copies a string into the list's memory (entity names from the scan tables). */
const char *finding_strdup(finding_list *l, const char *s, size_t n);
/* One fact in both languages; both formats take the same arguments in the
 * same order. Facts past FINDING_MAX_FACTS are dropped. */
void finding_fact(finding_list *l, finding *f, const char *en_fmt, const char *ja_fmt, ...)
    __attribute__((format(printf, 3, 5), format(printf, 4, 5)));
/* Widens the finding's time span to include [first_ms, last_ms]. */
void finding_span(finding *f, int64_t first_ms, int64_t last_ms);
void finding_ref(finding *f, const struct source *src, uint64_t line, uint64_t offset);
void finding_attack(finding *f, const char *technique);
/* A Windows event reference; `computer` is copied. */
void finding_ref_event(finding_list *l, finding *f, const evidence_ref *ref);
/* Adds a host or account name (copied; duplicates are ignored, past the
 * bound only counted). */
void finding_host(finding_list *l, finding *f, const char *name, size_t n);
void finding_account(finding_list *l, finding *f, const char *name, size_t n);
static inline const char *finding_fact_text(const finding *f, int i, bool ja) {
    return ja ? f->facts_ja[i] : f->facts_en[i];
}

#endif
