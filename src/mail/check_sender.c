/* check_sender.c - the sender checks (C3).
 *
 * IPA's analysis (seed 001 §2): targeted mails claim trustworthy senders -
 * government bodies above all, half of them with go.jp addresses - while being
 * sent from abroad or from free-mail accounts. The checks compare what the
 * mail claims (From, its display name) with what it shows elsewhere: Reply-To,
 * Return-Path and Sender; the country of the first public hop of the Received
 * chain; and the receiving server's SPF, DKIM and DMARC results. Domains are
 * compared by registrable domain (mail.example.co.jp = example.co.jp), so a
 * company's own mail servers do not count as "another domain". */
#include "mail/analyze.h"
#include "core/lang.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool same_org(mail_report *r, const char *d1, const char *d2) {
    if (!*d1 || !*d2) return true; /* nothing to compare */
    return !strcasecmp(registrable_domain(d1, &r->mem), registrable_domain(d2, &r->mem));
}

/* An address written inside the display name ("support@bank.example"
 * <x@evil.example>): the address the reader sees. */
static const char *address_in_name(const char *name, arena *a) {
    const char *at = strchr(name, '@');
    if (!at || at == name) return NULL;
    const char *s = at, *e = at + 1;
    while (s > name && (isalnum((unsigned char)s[-1]) || strchr("._%+-", s[-1]))) s--;
    while (*e && (isalnum((unsigned char)*e) || *e == '.' || *e == '-')) e++;
    if (s == at || e == at + 1 || !memchr(at, '.', (size_t)(e - at))) return NULL;
    return arena_strndup(a, s, (size_t)(e - s));
}

static void check_display_name(mail_analyzer *an, mail_report *r) {
    const mail_address *from = &r->from;
    const char *shown = address_in_name(from->name, &r->mem);
    if (shown && !same_org(r, address_domain(shown, &r->mem), from->domain))
        mail_add_reason(r, R_SND_DISPLAY_ADDRESS, -1, shown, from->addr);
    if (hostset_find(&an->freemail, sv_cstr(from->domain))) {
        const char *claim = NULL;
        phrase_set_scan(an->org_words, sv_cstr(from->name), &claim);
        if (claim) mail_add_reason(r, R_SND_FREEMAIL_ORG, -1, from->name, from->addr);
        else mail_add_reason(r, R_SND_FREEMAIL, -1, from->addr, NULL);
    }
}

static void check_other_addresses(mail_analyzer *an, mail_report *r) {
    const char *from_domain = r->from.domain;
    if (r->has_reply_to && !same_org(r, r->reply_to.domain, from_domain)) {
        bool free_reply = hostset_find(&an->freemail, sv_cstr(r->reply_to.domain)) != NULL;
        mail_add_reason(r, free_reply ? R_SND_REPLY_TO_FREEMAIL : R_SND_REPLY_TO, -1, r->reply_to.addr, r->from.addr);
    }
    if (r->has_return_path && !same_org(r, r->return_path.domain, from_domain))
        mail_add_reason(r, R_SND_RETURN_PATH, -1, r->return_path.addr, r->from.addr);
    if (r->has_sender && !same_org(r, r->sender.domain, from_domain))
        mail_add_reason(r, R_SND_SENDER_HEADER, -1, r->sender.addr, r->from.addr);
}

/* go.jp, lg.jp and the organisation's own domains sent from a foreign address. */
static void check_origin(mail_analyzer *an, mail_report *r) {
    const char *d = r->from.domain;
    if (!*d || r->origin_hop < 0) return;
    bool claims = hostset_find(&an->gov_suffixes, sv_cstr(d)) != NULL || mail_is_org_domain(an, d);
    if (!claims) return;
    const mail_hop *hop = &VEC_AT(&r->hops, mail_hop, (size_t)r->origin_hop);
    if (!hop->country[0] || !strcasecmp(hop->country, an->opt.home_country)) return;
    char ip[IP_STRLEN], where[IP_STRLEN + 16];
    ip_format(&hop->ip, ip);
    snprintf(where, sizeof where, "%s (%s)", ip, hop->country);
    mail_add_reason(r, R_SND_FOREIGN_RELAY, -1, d, where);
}

static void check_authentication(mail_report *r) {
    const char *domain = *r->auth_domain ? r->auth_domain : r->from.domain;
    if (r->dmarc == AUTH_FAIL) mail_add_reason(r, R_SND_DMARC_FAIL, -1, auth_result_name(r->dmarc), NULL);
    if (r->spf == AUTH_FAIL) mail_add_reason(r, R_SND_SPF_FAIL, -1, domain, NULL);
    else if (r->spf == AUTH_SOFTFAIL) mail_add_reason(r, R_SND_SPF_SOFTFAIL, -1, domain, NULL);
    if (r->dkim == AUTH_FAIL) mail_add_reason(r, R_SND_DKIM_FAIL, -1, auth_result_name(r->dkim), NULL);
    bool any = r->spf || r->dkim || r->dmarc;
    bool passed = r->spf == AUTH_PASS || r->dkim == AUTH_PASS || r->dmarc == AUTH_PASS;
    if (any && !passed) mail_add_reason(r, R_SND_NO_AUTH, -1, auth_result_name(r->spf), auth_result_name(r->dkim));
}

void sender_check(mail_analyzer *an, mail_report *r) {
    if (!r->has_from) return;
    check_display_name(an, r);
    check_other_addresses(an, r);
    check_origin(an, r);
    check_authentication(r);
}
