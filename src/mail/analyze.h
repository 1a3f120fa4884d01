/* analyze.h - the mail analyser: one object holding the loaded lists, YARA
 * rules and location database, applied to one message at a time.
 *
 *   mail_analyzer *an = mail_analyzer_new(&opts, err, sizeof err);
 *   mail_report r; mail_report_init(&r);
 *   mail_analyze(an, bytes, n, &r);      // parse, check, score
 *   ... print r ... mail_report_free(&r);
 *
 * The limits bound what one hostile message can cost: MIME nesting and part
 * count, archive depth, member count, bytes extracted per member and per mail,
 * and the expansion ratio of an archive. Reaching a limit is itself a reason
 * (the mail is treated as suspicious), never a crash or a silent skip. */
#ifndef MITSUKE_MAIL_ANALYZE_H
#define MITSUKE_MAIL_ANALYZE_H

#include "core/geoip.h"
#include "mail/lists.h"
#include "mail/mail.h"
#include "mail/yara_scan.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mail_limits {
    uint64_t max_mail_bytes;       /* larger messages are cut (and say so) */
    unsigned max_mime_depth;       /* multipart / message nesting */
    unsigned max_parts;            /* MIME parts read per mail */
    unsigned max_archive_depth;    /* archives inside archives */
    unsigned max_members;          /* archive members read per mail */
    uint64_t max_member_bytes;     /* bytes extracted from one member */
    uint64_t max_extracted_bytes;  /* bytes extracted per mail, all archives together */
    unsigned max_ratio;            /* extracted / archive size, beyond which it is a bomb */
    size_t max_text_bytes;         /* body text kept for the wording and link checks */
} mail_limits;

void mail_limits_default(mail_limits *l);

#define MAIL_MAX_ORG_DOMAINS 64
#define MAIL_MAX_YARA_DIRS 16

typedef struct mail_options {
    const char *rules_dir;                         /* NULL: rules_dir(NULL) */
    const char *yara_dirs[MAIL_MAX_YARA_DIRS];     /* added to rules/yara */
    size_t yara_dir_count;
    bool no_yara;
    const char *org_domains[MAIL_MAX_ORG_DOMAINS]; /* the organisation's own domains */
    size_t org_domain_count;
    char home_country[3];                          /* "JP" */
    const char *location_db;                       /* NULL: the default */
    mail_limits limits;
} mail_options;

void mail_options_default(mail_options *o);

typedef struct mail_analyzer {
    mail_options opt;
    hostset freemail, storage, shorteners, org_domains, gov_suffixes;
    phrase_set *wording;       /* categories: the wording reasons */
    phrase_set *org_words;     /* words by which a display name claims an organisation */
    phrase_set *action_words;  /* link texts that ask the reader to act */
    yara_set *yara;
    geoip *geo;                /* NULL when no location database: the foreign-relay check is skipped */
    void *gmime_options;       /* GMimeParserOptions* */
    char warning[512];         /* a non-fatal problem found while loading (no geoip) */
} mail_analyzer;

/* Loads everything; NULL with a message in `err` when a list or rule cannot be. */
mail_analyzer *mail_analyzer_new(const mail_options *o, char *err, size_t errlen);
void mail_analyzer_free(mail_analyzer *an);

/* Analyses one message. `r` must be initialised; r->file, offset and index
 * are the caller's to set, and r->size too when `data` is a message cut by
 * the reader (its real length; the mail then gets mail.too-large). */
void mail_analyze(mail_analyzer *an, const char *data, size_t n, mail_report *r);

/* What one mail has spent of its budget so far (archives, parts). */
typedef struct scan_budget {
    unsigned members;
    uint64_t extracted;
    unsigned parts;
    bool members_exceeded, bytes_exceeded;
} scan_budget;

/* check_attachment.c: analyses one file (an attachment, or an archive member
 * when parent >= 0) and everything inside it. `data` holds its first n bytes;
 * `size` is its real size (larger than n when only the first n bytes could be
 * read: it then gets no hash). data is NULL for a member that could not be
 * read at all (encrypted), when only its name is judged. Returns the file's
 * index in r->files. */
int attachment_check(mail_analyzer *an, mail_report *r, scan_budget *b, const char *name, const char *declared,
                     const uint8_t *data, size_t n, uint64_t size, int parent, int depth, bool encrypted);

/* archive_scan.c: opens an archive file (already in r->files at `index`) and
 * checks each member through attachment_check. */
void archive_scan(mail_analyzer *an, mail_report *r, scan_budget *b, int index, const uint8_t *data, size_t n);

/* check_sender.c and check_body.c, run after the message is read. */
void sender_check(mail_analyzer *an, mail_report *r);
void body_check(mail_analyzer *an, mail_report *r);

/* True when `domain` is one of the organisation's own (or under one). */
bool mail_is_org_domain(const mail_analyzer *an, const char *domain);
/* The registrable domain of a host ("mail.example.co.jp" -> "example.co.jp"),
 * from the Public Suffix List; the host itself for IPs and unknown suffixes. */
const char *registrable_domain(const char *host, arena *a);

#endif
