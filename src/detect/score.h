/* score.h - from findings to ranked destinations and infected terminals.
 *
 * The detectors each report what they saw; this step weighs it per
 * destination and in the organisation's context:
 *   1. Evidence: the destination's findings are combined as independent
 *      evidence, 1 - prod(1 - score_i / 100). A beacon (at most 62) with a
 *      rare User-Agent (about 50) becomes high; a beacon alone stays medium.
 *   2. Services: a destination contacted by at least service_min_terminals
 *      terminals since the logs began (not new) and by a share of the
 *      organisation's terminals near or above service_share is a shared
 *      service (updates, antivirus, chat): its score is scaled down to a
 *      third. A new destination that many terminals suddenly use is not
 *      scaled (seed 004's "X").
 *   3. Usual traffic: a destination first seen near the start of the logs
 *      and talked to by (almost) every one of its terminals from the time
 *      that terminal first appears (deployed software, a desktop widget) is
 *      halved, on top of step 2 when both apply.
 *   4. Allow-lists: a destination on an allow-list ([allow] in the config,
 *      rules/allow-destinations.txt) or under the organisation's own domains
 *      scores at most 10 (info), and the evidence says which entry matched.
 * The severity follows the score (finding.h). Destinations at or above the
 * `suspicious` severity (default medium) are suspicious; every internal
 * terminal that talked to one is listed (A4) with its first and last time,
 * whether any request got through, requests and bytes. */
#ifndef MITSUKE_SCORE_H
#define MITSUKE_SCORE_H

#include "config/config.h"
#include "detect/finding.h"
#include "detect/observe.h"

#define SCORE_MAX_EVIDENCE 24
#define SCORE_MAX_ATTACK 12
#define SCORE_MAX_DETECTORS 8

typedef struct dest_result {
    uint32_t dest;
    int score, severity;
    bool suspicious;
    const char *evidence_en[SCORE_MAX_EVIDENCE], *evidence_ja[SCORE_MAX_EVIDENCE];
    int nevidence;
    const char *detectors[SCORE_MAX_DETECTORS];
    int ndetectors;
    kill_chain_stage stage;
    const char *attack[SCORE_MAX_ATTACK];
    int nattack;
    const char *registrable;        /* libpsl; NULL for addresses */
    vec findings;                   /* finding * */
} dest_result;

typedef struct term_result {
    uint32_t term;
    uint32_t first_s, last_s;       /* towards suspicious destinations */
    uint64_t requests, ok;
    uint64_t bytes_out, bytes_in;
    vec dests;                      /* uint32_t destination ids, by score */
} term_result;

typedef struct scan_result {
    vec dests;                      /* dest_result, by score then requests */
    vec terms;                      /* term_result, by first time */
    uint32_t suspicious_dests;
    int max_severity;               /* over destinations; -1 when none */
    uint32_t internal_terminals;
    arena mem;
} scan_result;

/* Ranks destinations from the findings and lists the terminals. */
void score_destinations(const observe *o, const config *cfg, const finding_list *findings, scan_result *out);
void scan_result_free(scan_result *r);
/* The evidence line in the output language. */
static inline const char *dest_evidence(const dest_result *d, int i, bool ja) {
    return ja ? d->evidence_ja[i] : d->evidence_en[i];
}

#endif
