/* finding.c - building findings; severity and kill-chain names. See finding.h. */
#include "detect/finding.h"
#include "core/lang.h"
#include "core/mtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const sev_names[] = {"info", "low", "medium", "high", "critical"};

const char *severity_name(int sev) { return sev >= 0 && sev <= SEV_CRITICAL ? sev_names[sev] : "info"; }

const char *severity_label(int sev) {
    static const char *const ja[] = {"情報", "低", "中", "高", "緊急"};
    if (sev < 0 || sev > SEV_CRITICAL) sev = 0;
    return L(sev_names[sev], ja[sev]);
}

int severity_parse(const char *s) {
    for (int i = 0; i <= SEV_CRITICAL; i++)
        if (!strcmp(s, sev_names[i])) return i;
    return -1;
}

int severity_from_score(int score) {
    if (score >= 85) return SEV_CRITICAL;
    if (score >= 65) return SEV_HIGH;
    if (score >= 40) return SEV_MEDIUM;
    if (score >= 20) return SEV_LOW;
    return SEV_INFO;
}

const char *kill_chain_name(kill_chain_stage s) {
    static const char *const names[] = {NULL,
                                        "reconnaissance",
                                        "delivery",
                                        "exploitation",
                                        "installation",
                                        "command-and-control",
                                        "lateral-movement",
                                        "actions-on-objectives"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : NULL;
}

const char *kill_chain_label(kill_chain_stage s) {
    /* Seed 003's Japanese names of the phases. */
    static const char *const en[] = {NULL, "Reconnaissance", "Delivery", "Exploitation", "Installation",
                                     "Command and control", "Lateral movement", "Actions on objectives"};
    static const char *const ja[] = {NULL, "偵察", "配送", "攻撃", "インストール", "遠隔操作", "侵入拡大", "目的達成"};
    if ((unsigned)s >= sizeof ja / sizeof ja[0] || s == KC_NONE) return NULL;
    return L(en[s], ja[s]);
}

void finding_list_init(finding_list *l) {
    vec_init(&l->items, sizeof(finding *));
    arena_init(&l->mem, 64 * 1024);
}

void finding_list_free(finding_list *l) {
    vec_free(&l->items);
    arena_free(&l->mem);
}

finding *finding_new(finding_list *l, const char *detector, const char *title_en, const char *title_ja) {
    finding *f = arena_zalloc(&l->mem, sizeof *f);
    f->detector = detector;
    f->title_en = title_en;
    f->title_ja = title_ja;
    f->first_ms = f->last_ms = MTIME_NONE;
    f->dest_id = UINT32_MAX;
    *(finding **)vec_push(&l->items) = f;
    return f;
}

void finding_set_score(finding *f, int score) {
    if (score < 0) score = 0;
    if (score > 100) score = 100;
    f->score = score;
    f->severity = severity_from_score(score);
}

const char *finding_strdup(finding_list *l, const char *s, size_t n) { return arena_strndup(&l->mem, s, n); }

static char *vformat(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static char *vformat(arena *a, const char *fmt, va_list ap) {
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

void finding_fact(finding_list *l, finding *f, const char *en_fmt, const char *ja_fmt, ...) {
    if (f->nfacts >= FINDING_MAX_FACTS) return;
    va_list ap;
    va_start(ap, ja_fmt);
    va_list ap2;
    va_copy(ap2, ap);
    f->facts_en[f->nfacts] = vformat(&l->mem, en_fmt, ap);
    f->facts_ja[f->nfacts] = vformat(&l->mem, ja_fmt, ap2);
    va_end(ap2);
    va_end(ap);
    f->nfacts++;
}

void finding_span(finding *f, int64_t first_ms, int64_t last_ms) {
    if (first_ms != MTIME_NONE && (f->first_ms == MTIME_NONE || first_ms < f->first_ms)) f->first_ms = first_ms;
    if (last_ms != MTIME_NONE && (f->last_ms == MTIME_NONE || last_ms > f->last_ms)) f->last_ms = last_ms;
}

void finding_ref(finding *f, const struct source *src, uint64_t line, uint64_t offset) {
    if (f->nrefs >= FINDING_MAX_REFS || !src) return;
    for (int i = 0; i < f->nrefs; i++)
        if (f->refs[i].src == src && f->refs[i].offset == offset) return;
    f->refs[f->nrefs++] = (evidence_ref){.src = src, .line = line, .offset = offset, .record_id = -1,
                                         .time_ms = MTIME_NONE};
}

void finding_ref_event(finding_list *l, finding *f, const evidence_ref *ref) {
    if (f->nrefs >= FINDING_MAX_REFS || !ref->src) return;
    for (int i = 0; i < f->nrefs; i++)
        if (f->refs[i].src == ref->src && f->refs[i].offset == ref->offset && f->refs[i].record_id == ref->record_id)
            return;
    evidence_ref *r = &f->refs[f->nrefs++];
    *r = *ref;
    r->computer = ref->computer ? arena_strdup(&l->mem, ref->computer) : NULL;
}

/* Adds a name to a bounded list, allocated on first use. */
static void add_name(finding_list *l, const char ***list, uint16_t *n, uint32_t *total, int max, const char *name,
                     size_t len) {
    if (!name || !len) return;
    for (uint16_t i = 0; i < *n; i++)
        if (strlen((*list)[i]) == len && !memcmp((*list)[i], name, len)) return;
    if (*total < UINT32_MAX) ++*total;
    if (*n >= max) return;
    if (!*list) *list = arena_alloc(&l->mem, (size_t)max * sizeof **list);
    (*list)[(*n)++] = arena_strndup(&l->mem, name, len);
}

void finding_host(finding_list *l, finding *f, const char *name, size_t n) {
    add_name(l, &f->hosts, &f->nhosts, &f->hosts_total, FINDING_MAX_HOSTS, name, n);
}

void finding_account(finding_list *l, finding *f, const char *name, size_t n) {
    add_name(l, &f->accounts, &f->naccounts, &f->accounts_total, FINDING_MAX_ACCOUNTS, name, n);
}

void finding_attack(finding *f, const char *technique) {
    for (int i = 0; i < f->nattack; i++)
        if (!strcmp(f->attack[i], technique)) return;
    if (f->nattack < FINDING_MAX_ATTACK) f->attack[f->nattack++] = technique;
}
