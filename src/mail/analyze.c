/* analyze.c - the analyser: loading the rules, and one mail from bytes to verdict.
 *
 * Loading happens once per run (lists, YARA compilation, the location
 * database, GMime and libsodium initialisation); mail_analyze then costs only
 * the parsing and the checks of one message. */
#include "mail/analyze.h"
#include "core/lang.h"
#include "core/util.h"
#include "mail/filetype.h"
#include "mail/mime.h"

#include <gmime/gmime.h>
#include <locale.h>
#include <libpsl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void mail_limits_default(mail_limits *l) {
    l->max_mail_bytes = 128u << 20;
    l->max_mime_depth = 32;
    l->max_parts = 1000;
    l->max_archive_depth = 4;
    l->max_members = 1000;
    l->max_member_bytes = 64u << 20;
    l->max_extracted_bytes = 256u << 20;
    l->max_ratio = 100;
    l->max_text_bytes = 1u << 20;
}

void mail_options_default(mail_options *o) {
    memset(o, 0, sizeof *o);
    snprintf(o->home_country, sizeof o->home_country, "JP");
    mail_limits_default(&o->limits);
}

static const psl_ctx_t *psl(void) {
    static const psl_ctx_t *ctx;
    static bool tried;
    if (!tried) {
        tried = true;
        ctx = psl_latest(NULL);
        if (!ctx) ctx = psl_builtin();
    }
    return ctx;
}

const char *registrable_domain(const char *host, arena *a) {
    if (!host || !*host) return "";
    const psl_ctx_t *p = psl();
    const char *reg = p ? psl_registrable_domain(p, host) : NULL;
    return arena_strdup(a, reg ? reg : host);
}

bool mail_is_org_domain(const mail_analyzer *an, const char *domain) {
    return domain && *domain && domain_list_match(&an->org_domains, sv_cstr(domain), NULL) != NULL;
}

/* `file` is relative to the rules folder: mail's own lists are in mail/,
 * lists shared with other checks (online-storage.txt) at its top. */
static bool load_domains(domain_list *l, const char *dir, const char *file, char *err, size_t errlen) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return domain_list_load(l, path, err, errlen);
}

static phrase_set *load_phrases(const char *dir, const char *file, const char *const *categories, char *err,
                                size_t errlen) {
    char path[4096];
    snprintf(path, sizeof path, "%s/mail/%s", dir, file);
    return phrase_set_load(path, categories, err, errlen);
}

/* "urgency", "credential", ...: the wording categories, from the reason table */
static const char *const *wording_categories(void) {
    static const char *names[R_WORD_LAST - R_WORD_FIRST + 2];
    for (int id = R_WORD_FIRST; id <= R_WORD_LAST; id++)
        names[id - R_WORD_FIRST] = reason_def_get((reason_id)id)->code + strlen("wording.");
    names[R_WORD_LAST - R_WORD_FIRST + 1] = NULL;
    return names;
}

static bool gmime_ready;

/* libarchive converts member names to the locale's charset and fails on what
 * the "C" locale cannot hold (any non-ASCII name), so mail analysis runs with
 * a UTF-8 LC_CTYPE. mitsuke's own code never depends on the locale. */
static void use_utf8_ctype(void) {
    static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};
    for (size_t i = 0; i < ARRAY_LEN(names); i++)
        if (setlocale(LC_CTYPE, names[i])) return;
}

mail_analyzer *mail_analyzer_new(const mail_options *o, char *err, size_t errlen) {
    mail_analyzer *an = xcalloc(1, sizeof *an);
    an->opt = *o;
    domain_list_init(&an->freemail);
    domain_list_init(&an->storage);
    domain_list_init(&an->shorteners);
    domain_list_init(&an->org_domains);
    domain_list_init(&an->gov_suffixes);
    for (size_t i = 0; i < o->org_domain_count; i++) domain_list_add(&an->org_domains, o->org_domains[i], "");
    const char *dir = rules_dir(o->rules_dir);
    bool ok = load_domains(&an->freemail, dir, "mail/freemail.txt", err, errlen) &&
              load_domains(&an->storage, dir, "online-storage.txt", err, errlen) &&
              load_domains(&an->shorteners, dir, "mail/shorteners.txt", err, errlen) &&
              load_domains(&an->gov_suffixes, dir, "mail/government-domains.txt", err, errlen) &&
              (an->wording = load_phrases(dir, "lure-words.txt", wording_categories(), err, errlen)) &&
              (an->org_words = load_phrases(dir, "org-words.txt", NULL, err, errlen)) &&
              (an->action_words = load_phrases(dir, "action-words.txt", NULL, err, errlen));
    if (ok && !o->no_yara) {
        const char *dirs[MAIL_MAX_YARA_DIRS + 1];
        char shipped[4096];
        snprintf(shipped, sizeof shipped, "%s/yara", dir);
        size_t nd = 0;
        dirs[nd++] = shipped;
        for (size_t i = 0; i < o->yara_dir_count && nd < ARRAY_LEN(dirs); i++) dirs[nd++] = o->yara_dirs[i];
        an->yara = yara_set_load(dirs, nd, err, errlen);
        ok = an->yara != NULL;
    }
    if (!ok) {
        mail_analyzer_free(an);
        return NULL;
    }
    char gerr[256];
    an->geo = geoip_open(o->location_db, gerr, sizeof gerr);
    if (!an->geo)
        snprintf(an->warning, sizeof an->warning, "%s; %s", gerr,
                 L("the check for government and own domains sent from abroad is off",
                   "官公庁・自組織ドメインの海外からの送信の検査は行いません"));
    use_utf8_ctype();
    if (!gmime_ready) {
        g_mime_init();
        gmime_ready = true;
    }
    if (sodium_init() < 0) {
        snprintf(err, errlen, "cannot initialise libsodium");
        mail_analyzer_free(an);
        return NULL;
    }
    GMimeParserOptions *po = g_mime_parser_options_new();
    g_mime_parser_options_set_rfc2047_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
    an->gmime_options = po;
    return an;
}

void mail_analyzer_free(mail_analyzer *an) {
    if (!an) return;
    domain_list_free(&an->freemail);
    domain_list_free(&an->storage);
    domain_list_free(&an->shorteners);
    domain_list_free(&an->org_domains);
    domain_list_free(&an->gov_suffixes);
    phrase_set_free(an->wording);
    phrase_set_free(an->org_words);
    phrase_set_free(an->action_words);
    yara_set_free(an->yara);
    geoip_close(an->geo);
    if (an->gmime_options) g_mime_parser_options_free(an->gmime_options);
    filetype_cleanup();
    free(an);
}

static void human_size(uint64_t n, char *out, size_t len) {
    if (n >= (1u << 20)) snprintf(out, len, "%llu MB", (unsigned long long)(n >> 20));
    else snprintf(out, len, "%llu KB", (unsigned long long)(n >> 10));
}

void mail_analyze(mail_analyzer *an, const char *data, size_t n, mail_report *r) {
    /* the reader may have cut the message already (r->size is then its real length) */
    if (r->size < n) r->size = n;
    scan_budget b = {0};
    if (r->size > an->opt.limits.max_mail_bytes) {
        char sz[32];
        human_size(an->opt.limits.max_mail_bytes, sz, sizeof sz);
        mail_add_reason(r, R_MAIL_TOO_LARGE, -1, sz, NULL);
        if (n > an->opt.limits.max_mail_bytes) n = (size_t)an->opt.limits.max_mail_bytes;
    }
    mime_read(an, data, n, r, &b);
    for (size_t i = 0; i < r->links.len; i++) {
        mail_link *l = &VEC_AT(&r->links, mail_link, i);
        l->domain = registrable_domain(l->host, &r->mem);
    }
    sender_check(an, r);
    body_check(an, r);
    mail_score(r);
}
