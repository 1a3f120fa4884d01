/* check_body.c - the body checks (C4).
 *
 * Seed 004's mail I carried no attachment, only a link to a commercial online
 * storage service; mail II named each of its 98 recipients in full; mail IV
 * reused a medical-bill ("医療費通知") lure for months. IPA adds links whose
 * destination is not what they show. So: links to file-sharing services and
 * URL shorteners (rules/mail lists), links to bare IP addresses, to local or
 * network files, with a user name hiding the host, or whose text shows another
 * address than they lead to; action links ("ログイン", "Verify") to domains
 * unrelated to the sender; forms asking for passwords and hidden text in HTML
 * bodies; the recipient's full name; and lure wording in Japanese and English
 * (rules/mail/lure-words.txt), one reason per category. Links into the
 * organisation's own domains (--org-domain) are never flagged. */
#include "mail/analyze.h"
#include "core/utf8.h"
#include "mail/links.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define SHOWN_URL_MAX 120

static const char *short_url(arena *a, const char *url) {
    size_t n = strlen(url);
    if (n <= SHOWN_URL_MAX) return url;
    return arena_printf(a, "%.*s...", (int)utf8_truncate(url, n, SHOWN_URL_MAX), url);
}

/* The host an anchor text shows, when the text is itself an address:
 * "https://www.bank.example/login", "www.bank.example", "bank.example". */
static const char *host_shown_by_text(const char *text, arena *a) {
    while (*text == ' ' || *text == '\t' || *text == '\n') text++;
    size_t n = strlen(text);
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\n' || text[n - 1] == '\t')) n--;
    if (n < 4 || n > 300 || memchr(text, ' ', n)) return NULL;
    char *t = arena_strndup(a, text, n);
    const char *scheme, *host;
    if (!strncasecmp(t, "http://", 7) || !strncasecmp(t, "https://", 8) || !strncasecmp(t, "www.", 4))
        return link_split(t, a, &scheme, &host, NULL) ? host : NULL;
    /* a bare domain: letters, digits, dots and hyphens, with a dot and a
     * final label of letters (not "v1.2", not "3.14") */
    size_t end = strcspn(t, "/?#");
    const char *last_dot = NULL;
    for (size_t i = 0; i < end; i++) {
        if (t[i] == '.') last_dot = t + i;
        else if (!isalnum((unsigned char)t[i]) && t[i] != '-') return NULL;
    }
    if (!last_dot || last_dot == t || last_dot[1] == 0) return NULL;
    for (const char *p = last_dot + 1; p < t + end; p++)
        if (!isalpha((unsigned char)*p)) return NULL;
    if (t + end - last_dot - 1 < 2) return NULL;
    t[end] = 0;
    for (char *p = t; *p; p++) *p = (char)tolower((unsigned char)*p);
    return t;
}

/* A link to a picture ("...cover.jpg") shows something; it does not hand over a file to run. */
static bool links_to_image(const char *url) {
    size_t n = strcspn(url, "?#");
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".ico"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && !strncasecmp(url + n - k, exts[i], k)) return true;
    }
    return false;
}

static void check_link(mail_analyzer *an, mail_report *r, const mail_link *l, const char *sender_domain) {
    arena *a = &r->mem;
    if (!*l->host) return;
    if (mail_is_org_domain(an, l->host)) return;
    const char *scheme, *host, *userinfo = NULL;
    link_split(l->url, a, &scheme, &host, &userinfo);
    if (!strcmp(scheme, "file") || !strcmp(scheme, "smb"))
        mail_add_reason(r, R_BODY_LINK_FILE, -1, short_url(a, l->url), NULL);
    if (host_is_ip(l->host)) mail_add_reason(r, R_BODY_IP_LINK, -1, short_url(a, l->url), NULL);
    if (userinfo && strchr(userinfo, '.')) mail_add_reason(r, R_BODY_LINK_USERINFO, -1, l->host, short_url(a, l->url));
    const hostset_entry *storage = hostset_find(&an->storage, sv_cstr(l->host));
    if (storage && !links_to_image(l->url))
        mail_add_reason(r, R_BODY_ONLINE_STORAGE, -1, *storage->label ? storage->label : storage->pattern, l->host);
    if (hostset_find(&an->shorteners, sv_cstr(l->host)))
        mail_add_reason(r, R_BODY_SHORTENER, -1, l->host, NULL);
    if (!l->html || !*l->text) return;
    const char *shown = host_shown_by_text(l->text, a);
    if (shown && strcasecmp(registrable_domain(shown, a), l->domain))
        mail_add_reason(r, R_BODY_LINK_MISMATCH, -1, shown, l->host);
    const char *action = NULL;
    phrase_set_scan(an->action_words, sv_cstr(l->text), &action);
    if (action && !shown && *sender_domain && strcasecmp(l->domain, sender_domain))
        mail_add_reason(r, R_BODY_ACTION_LINK, -1, l->text, l->domain);
}

/* The recipient's full name in the text, when the mail comes from outside the
 * recipient's domain: "山田 太郎", "山田太郎", "Taro Yamada". */
static void check_recipient_name(mail_report *r) {
    sv text = sv_make(r->text.p ? r->text.p : "", r->text.len);
    for (size_t i = 0; i < r->recipients.len && i < 50; i++) {
        const mail_address *to = &VEC_AT(&r->recipients, mail_address, i);
        size_t n = strlen(to->name);
        if (n < 6 || !strcasecmp(to->domain, r->from.domain) || strchr(to->name, '@')) continue;
        bool ascii = true;
        for (size_t k = 0; k < n; k++)
            if ((unsigned char)to->name[k] >= 0x80) ascii = false;
        if (ascii && !strchr(to->name, ' ')) continue; /* one word is not a full name */
        /* the name as written, and without its spaces (ASCII or ideographic) */
        char compact[256];
        size_t k = 0;
        for (size_t j = 0; j < n && k + 1 < sizeof compact; j++) {
            if (to->name[j] == ' ') continue;
            if (j + 2 < n && !memcmp(to->name + j, "\xe3\x80\x80", 3)) {
                j += 2;
                continue;
            }
            compact[k++] = to->name[j];
        }
        compact[k] = 0;
        if (sv_find(text, sv_cstr(to->name)) >= 0 || (!ascii && k >= 6 && sv_find(text, sv_cstr(compact)) >= 0)) {
            mail_add_reason(r, R_BODY_RECIPIENT_NAME, -1, to->name, NULL);
            return;
        }
    }
}

static void check_wording(mail_analyzer *an, mail_report *r) {
    buf all = {0};
    buf_puts(&all, r->subject);
    buf_putc(&all, '\n');
    buf_put(&all, r->text.p ? r->text.p : "", r->text.len);
    const char *found[R_WORD_LAST - R_WORD_FIRST + 1];
    phrase_set_scan(an->wording, sv_make(all.p, all.len), found);
    for (int id = R_WORD_FIRST; id <= R_WORD_LAST; id++)
        if (found[id - R_WORD_FIRST]) mail_add_reason(r, (reason_id)id, -1, found[id - R_WORD_FIRST], NULL);
    buf_free(&all);
}

void body_check(mail_analyzer *an, mail_report *r) {
    const char *sender_domain = registrable_domain(r->from.domain, &r->mem);
    for (size_t i = 0; i < r->links.len; i++) check_link(an, r, &VEC_AT(&r->links, mail_link, i), sender_domain);
    if (r->body_password_form) mail_add_reason(r, R_BODY_PASSWORD_FORM, -1, NULL, NULL);
    if (r->body_hidden_sample) mail_add_reason(r, R_BODY_HIDDEN_TEXT, -1, r->body_hidden_sample, NULL);
    check_recipient_name(r);
    check_wording(an, r);
}
