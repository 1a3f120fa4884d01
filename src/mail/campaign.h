/* campaign.h - grouping mails that come from the same attacker (C5).
 *
 * Seed 004 (Figure 3) tied mails I-IV of the Japan Pension Service case to one
 * attacker by what they shared; seed 002's campaign sent 39,842 spoofed mails.
 * Each mail contributes features: its sending IP (the first public hop), the
 * SHA-256 of every attachment and archive member, the structure of every
 * Windows program among them (variants of one program differ in hash, not in
 * structure: the pehash idea), the registrable domain and
 * the full URL of every link, a normalised subject pattern (Re:/Fwd: and
 * numbers removed), the From address, and - joined into one feature, because
 * each alone is shared by thousands of innocent mails - its X-Mailer and the
 * shape of its Message-ID ("<9{14}.H{16}@xserver.com>").
 *
 * Mails that share any feature are put in one group (union-find). Features
 * that mean nothing are ignored: those that ordinary (benign) mails of the
 * same run also carry, and the domains of links to common sites
 * (rules/mail/campaign-ignore.txt), storage services and URL shorteners -
 * for those only the exact URL joins mails.
 * By default only suspicious and malicious mails are grouped; benign ones
 * still count for deciding what is common. */
#ifndef MITSUKE_MAIL_CAMPAIGN_H
#define MITSUKE_MAIL_CAMPAIGN_H

#include "core/arena.h"
#include "core/hmap.h"
#include "core/vec.h"
#include "config/hostset.h"
#include "mail/mail.h"

#include <stdbool.h>
#include <stdint.h>

#define CAMPAIGN_COMMON_BENIGN 2   /* a feature in this many benign mails is common */

typedef struct campaign_mail {
    const char *file, *message_id, *subject, *from;
    uint32_t index;
    uint64_t offset;
    int64_t date_ms;
    mail_verdict verdict;
    int score;
    bool member;               /* takes part in grouping (flagged, or --campaigns-all) */
    uint32_t first_recipient, recipient_count;  /* into campaign_set.recipients */
    uint32_t group;            /* union-find parent */
} campaign_mail;

typedef struct campaign_feature {
    const char *type;          /* "ip", "sha256", "pe-shape", "link-domain", "url", "subject", "sender", "mailer" */
    const char *value;
    vec mails;                 /* uint32_t indices of the member mails that carry it */
    uint32_t benign;           /* benign mails (members or not) that carry it */
    bool ignored;
} campaign_feature;

typedef struct campaign {
    uint32_t id;               /* 1-based, in output order */
    vec mails;                 /* uint32_t, by date */
    vec features;              /* uint32_t: the features that join this group */
    uint32_t recipients;       /* distinct recipient addresses */
    int64_t first_ms, last_ms;
    mail_verdict worst;
} campaign;

typedef struct campaign_set {
    arena mem;
    vec mails;                 /* campaign_mail */
    vec features;              /* campaign_feature */
    hmap feature_index;        /* "type\x1fvalue" -> feature index */
    vec recipients;            /* const char*, per mail in order */
    vec campaigns;             /* campaign, after campaign_set_build */
    hostset ignore_links;
    bool include_benign;
} campaign_set;

/* `rules` is the rules directory (for campaign-ignore.txt); returns false with
 * a message when the list cannot be read. */
bool campaign_set_init(campaign_set *cs, const char *rules, bool include_benign, char *err, size_t errlen);
void campaign_set_add(campaign_set *cs, const mail_report *r);
/* Groups the mails; campaigns of at least two mails end up in cs->campaigns,
 * largest first. */
void campaign_set_build(campaign_set *cs);
void campaign_set_free(campaign_set *cs);

/* Exposed for tests: the subject pattern and the Message-ID shape. */
void campaign_subject_pattern(const char *subject, buf *out);
void campaign_msgid_shape(const char *message_id, buf *out);

#endif
