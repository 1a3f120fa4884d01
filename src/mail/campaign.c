/* campaign.c - features, union-find and groups; see campaign.h. */
#include "mail/campaign.h"
#include "core/mtime.h"
#include "core/util.h"
#include "mail/analyze.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

bool campaign_set_init(campaign_set *cs, const char *rules, bool include_benign, char *err, size_t errlen) {
    memset(cs, 0, sizeof *cs);
    arena_init(&cs->mem, 64 * 1024);
    vec_init(&cs->mails, sizeof(campaign_mail));
    vec_init(&cs->features, sizeof(campaign_feature));
    vec_init(&cs->recipients, sizeof(const char *));
    vec_init(&cs->campaigns, sizeof(campaign));
    hmap_init(&cs->feature_index);
    domain_list_init(&cs->ignore_links);
    cs->include_benign = include_benign;
    /* link domains that unrelated senders share: the common ones, and the
     * storage services and shorteners (their exact URLs still join mails) */
    static const char *const files[] = {"mail/campaign-ignore.txt", "online-storage.txt", "mail/shorteners.txt"};
    for (size_t i = 0; i < ARRAY_LEN(files); i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", rules_dir(rules), files[i]);
        if (!domain_list_load(&cs->ignore_links, path, err, errlen)) return false;
    }
    return true;
}

void campaign_set_free(campaign_set *cs) {
    for (size_t i = 0; i < cs->features.len; i++) vec_free(&VEC_AT(&cs->features, campaign_feature, i).mails);
    for (size_t i = 0; i < cs->campaigns.len; i++) {
        vec_free(&VEC_AT(&cs->campaigns, campaign, i).mails);
        vec_free(&VEC_AT(&cs->campaigns, campaign, i).features);
    }
    vec_free(&cs->mails);
    vec_free(&cs->features);
    vec_free(&cs->recipients);
    vec_free(&cs->campaigns);
    hmap_free(&cs->feature_index);
    domain_list_free(&cs->ignore_links);
    arena_free(&cs->mem);
}

/* ---- normalisation ---- */

/* Re:, Fwd:, FW:, 返信:, 転送:, [tags] at the start; numbers as '#'; spaces
 * collapsed; ASCII lower-cased. "RE: 【医療費通知】 No.1234" -> "【医療費通知】 no.#" */
void campaign_subject_pattern(const char *subject, buf *out) {
    const char *p = subject;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        static const char *const prefixes[] = {"re:", "re：", "fw:", "fw：", "fwd:", "fwd：", "aw:", "tr:",
                                               "返信:", "返信：", "転送:", "転送："};
        bool cut = false;
        for (size_t i = 0; i < ARRAY_LEN(prefixes) && !cut; i++) {
            size_t k = strlen(prefixes[i]);
            if (!strncasecmp(p, prefixes[i], k)) {
                p += k;
                cut = true;
            }
        }
        if (!cut) break;
    }
    bool space = false, digits = false;
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t') {
            space = out->len > 0;
            continue;
        }
        if (space) buf_putc(out, ' ');
        space = false;
        if (isdigit(c)) {
            if (!digits) buf_putc(out, '#');
            digits = true;
            continue;
        }
        digits = false;
        buf_putc(out, (char)tolower(c));
    }
}

static char char_class(unsigned char c) {
    if (isdigit(c)) return '9';
    if (c >= 'a' && c <= 'f') return 'h';
    if (c >= 'A' && c <= 'F') return 'H';
    if (islower(c)) return 'a';
    if (isupper(c)) return 'A';
    return 0;
}

/* The left part as runs of character classes with their lengths, hex runs
 * folded ("9" and "h" mix in lower-case hex), the right part's registrable
 * domain kept: "<20230809011353.A4793969C16D077F@xserver.com>" ->
 * "9{14}.H{16}@xserver.com". */
void campaign_msgid_shape(const char *message_id, buf *out) {
    const char *p = message_id;
    while (*p == '<' || *p == ' ') p++;
    const char *at = strrchr(p, '@');
    const char *end = at ? at : p + strlen(p);
    while (p < end) {
        char cls = char_class((unsigned char)*p);
        if (!cls) {
            buf_putc(out, *p++);
            continue;
        }
        const char *q = p;
        bool lower_hex = true, upper_hex = true, digits = true;
        while (q < end && char_class((unsigned char)*q)) {
            char c = char_class((unsigned char)*q);
            if (c != '9' && c != 'h') lower_hex = false;
            if (c != '9' && c != 'H') upper_hex = false;
            if (c != '9') digits = false;
            q++;
        }
        char run = digits ? '9' : lower_hex ? 'h' : upper_hex ? 'H' : 'x';
        buf_printf(out, "%c{%zu}", run, (size_t)(q - p));
        p = q;
    }
    if (at) {
        arena a;
        arena_init(&a, 256);
        char *dom = arena_strdup(&a, at + 1);
        size_t n = strlen(dom);
        while (n && (dom[n - 1] == '>' || dom[n - 1] == ' ')) dom[--n] = 0;
        for (char *d = dom; *d; d++) *d = (char)tolower((unsigned char)*d);
        buf_putc(out, '@');
        buf_puts(out, registrable_domain(dom, &a));
        arena_free(&a);
    }
}

/* ---- features ---- */

static void add_feature(campaign_set *cs, uint32_t mail, bool member, bool benign, const char *type, const char *value) {
    if (!value || !*value) return;
    buf key = {0};
    buf_printf(&key, "%s\x1f%s", type, value);
    bool created;
    hmap_slot *slot = hmap_put(&cs->feature_index, sv_make(key.p, key.len), &created);
    buf_free(&key);
    if (created) {
        campaign_feature *f = vec_push(&cs->features);
        f->type = type;
        f->value = arena_strdup(&cs->mem, value);
        vec_init(&f->mails, sizeof(uint32_t));
        slot->val.u64 = cs->features.len - 1;
    }
    campaign_feature *f = &VEC_AT(&cs->features, campaign_feature, (size_t)slot->val.u64);
    if (benign) f->benign++;
    if (!member) return;
    /* a mail counts once per feature (two links to one domain) */
    if (f->mails.len && VEC_AT(&f->mails, uint32_t, f->mails.len - 1) == mail) return;
    *(uint32_t *)vec_push(&f->mails) = mail;
}

void campaign_set_add(campaign_set *cs, const mail_report *r) {
    uint32_t id = (uint32_t)cs->mails.len;
    campaign_mail *m = vec_push(&cs->mails);
    m->file = arena_strdup(&cs->mem, r->file ? r->file : "");
    m->message_id = arena_strdup(&cs->mem, r->message_id);
    m->subject = arena_strdup(&cs->mem, r->subject);
    m->from = arena_strdup(&cs->mem, r->from.addr);
    m->index = r->index;
    m->offset = r->offset;
    m->date_ms = r->date_ms;
    m->verdict = r->verdict;
    m->score = r->score;
    m->group = id;
    bool benign = r->verdict == MAIL_BENIGN;
    m->member = !benign || cs->include_benign;
    bool member = m->member;
    m->first_recipient = (uint32_t)cs->recipients.len;
    for (size_t i = 0; i < r->recipients.len; i++) {
        const char *addr = VEC_AT(&r->recipients, mail_address, i).addr;
        if (*addr) *(const char **)vec_push(&cs->recipients) = arena_strdup(&cs->mem, addr);
    }
    m->recipient_count = (uint32_t)(cs->recipients.len - m->first_recipient);

    if (r->origin_hop >= 0) {
        char ip[IP_STRLEN];
        ip_format(&VEC_AT(&r->hops, mail_hop, (size_t)r->origin_hop).ip, ip);
        add_feature(cs, id, member, benign, "ip", ip);
    }
    for (size_t i = 0; i < r->files.len; i++) {
        const mail_file *f = &VEC_AT(&r->files, mail_file, i);
        add_feature(cs, id, member, benign, "sha256", f->sha256);
        if (f->pe_shape) add_feature(cs, id, member, benign, "pe-shape", f->pe_shape);
    }
    for (size_t i = 0; i < r->links.len; i++) {
        const mail_link *l = &VEC_AT(&r->links, mail_link, i);
        if (!*l->domain || domain_list_match(&cs->ignore_links, sv_cstr(l->domain), NULL)) {
            add_feature(cs, id, member, benign, "url", l->url);
            continue;
        }
        add_feature(cs, id, member, benign, "link-domain", l->domain);
        add_feature(cs, id, member, benign, "url", l->url);
    }
    buf b = {0};
    campaign_subject_pattern(r->subject, &b);
    if (b.len >= 4) add_feature(cs, id, member, benign, "subject", buf_cstr(&b));
    buf_clear(&b);
    if (*r->from.addr) add_feature(cs, id, member, benign, "sender", r->from.addr);
    if (*r->x_mailer || *r->message_id) {
        buf_puts(&b, *r->x_mailer ? r->x_mailer : "(no X-Mailer)");
        buf_puts(&b, " | ");
        campaign_msgid_shape(r->message_id, &b);
        add_feature(cs, id, member, benign, "mailer", buf_cstr(&b));
    }
    buf_free(&b);
}

/* ---- union-find ---- */

static uint32_t find_root(campaign_set *cs, uint32_t i) {
    campaign_mail *ms = cs->mails.data;
    while (ms[i].group != i) {
        ms[i].group = ms[ms[i].group].group; /* path halving */
        i = ms[i].group;
    }
    return i;
}

static void unite(campaign_set *cs, uint32_t a, uint32_t b) {
    a = find_root(cs, a);
    b = find_root(cs, b);
    if (a == b) return;
    campaign_mail *ms = cs->mails.data;
    if (a < b) ms[b].group = a;
    else ms[a].group = b;
}

static int cmp_campaigns(const void *pa, const void *pb) {
    const campaign *a = pa, *b = pb;
    if (a->mails.len != b->mails.len) return a->mails.len > b->mails.len ? -1 : 1;
    if (a->first_ms != b->first_ms) return a->first_ms < b->first_ms ? -1 : 1;
    return 0;
}

static campaign_set *sort_ctx;

/* Features by how many mails they join, most first. */
static int cmp_features(const void *pa, const void *pb) {
    const campaign_feature *a = &VEC_AT(&sort_ctx->features, campaign_feature, *(const uint32_t *)pa),
                           *b = &VEC_AT(&sort_ctx->features, campaign_feature, *(const uint32_t *)pb);
    if (a->mails.len != b->mails.len) return a->mails.len > b->mails.len ? -1 : 1;
    return *(const uint32_t *)pa < *(const uint32_t *)pb ? -1 : 1;
}

static int cmp_mail_dates(const void *pa, const void *pb) {
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const campaign_mail *ma = &VEC_AT(&sort_ctx->mails, campaign_mail, a),
                        *mb = &VEC_AT(&sort_ctx->mails, campaign_mail, b);
    if (ma->date_ms != mb->date_ms) return ma->date_ms < mb->date_ms ? -1 : 1;
    return a < b ? -1 : a > b;
}

void campaign_set_build(campaign_set *cs) {
    for (size_t f = 0; f < cs->features.len; f++) {
        campaign_feature *ft = &VEC_AT(&cs->features, campaign_feature, f);
        ft->ignored = ft->benign >= CAMPAIGN_COMMON_BENIGN ||
                      (!strcmp(ft->type, "link-domain") &&
                       domain_list_match(&cs->ignore_links, sv_cstr(ft->value), NULL));
        if (ft->ignored || ft->mails.len < 2) continue;
        uint32_t first = VEC_AT(&ft->mails, uint32_t, 0);
        for (size_t k = 1; k < ft->mails.len; k++) unite(cs, first, VEC_AT(&ft->mails, uint32_t, k));
    }
    /* one campaign per root with at least two member mails */
    hmap by_root;
    hmap_init(&by_root);
    for (uint32_t i = 0; i < cs->mails.len; i++) {
        if (!VEC_AT(&cs->mails, campaign_mail, i).member) continue;
        uint32_t root = find_root(cs, i);
        bool created;
        hmap_slot *slot = hmap_put(&by_root, sv_make((const char *)&root, sizeof root), &created);
        if (created) {
            campaign *c = vec_push(&cs->campaigns);
            vec_init(&c->mails, sizeof(uint32_t));
            vec_init(&c->features, sizeof(uint32_t));
            c->first_ms = c->last_ms = MTIME_NONE;
            slot->val.u64 = cs->campaigns.len - 1;
        }
        campaign *c = &VEC_AT(&cs->campaigns, campaign, (size_t)slot->val.u64);
        *(uint32_t *)vec_push(&c->mails) = i;
    }
    hmap_free(&by_root);
    /* drop singletons */
    size_t keep = 0;
    for (size_t i = 0; i < cs->campaigns.len; i++) {
        campaign *c = &VEC_AT(&cs->campaigns, campaign, i);
        if (c->mails.len < 2) {
            vec_free(&c->mails);
            vec_free(&c->features);
            continue;
        }
        VEC_AT(&cs->campaigns, campaign, keep++) = *c;
    }
    cs->campaigns.len = keep;
    /* the joining features: each one's group is a campaign (or a dropped singleton) */
    hmap campaign_of;
    hmap_init(&campaign_of);
    for (size_t i = 0; i < cs->campaigns.len; i++) {
        uint32_t root = find_root(cs, VEC_AT(&VEC_AT(&cs->campaigns, campaign, i).mails, uint32_t, 0));
        hmap_put(&campaign_of, sv_make((const char *)&root, sizeof root), NULL)->val.u64 = i;
    }
    for (size_t f = 0; f < cs->features.len; f++) {
        campaign_feature *ft = &VEC_AT(&cs->features, campaign_feature, f);
        if (ft->ignored || ft->mails.len < 2) continue;
        uint32_t root = find_root(cs, VEC_AT(&ft->mails, uint32_t, 0));
        hmap_slot *slot = hmap_get(&campaign_of, sv_make((const char *)&root, sizeof root));
        if (slot) *(uint32_t *)vec_push(&VEC_AT(&cs->campaigns, campaign, (size_t)slot->val.u64).features) = (uint32_t)f;
    }
    hmap_free(&campaign_of);
    /* recipients, dates, worst verdict */
    for (size_t i = 0; i < cs->campaigns.len; i++) {
        campaign *c = &VEC_AT(&cs->campaigns, campaign, i);
        hmap seen;
        hmap_init(&seen);
        for (size_t k = 0; k < c->mails.len; k++) {
            const campaign_mail *m = &VEC_AT(&cs->mails, campaign_mail, VEC_AT(&c->mails, uint32_t, k));
            for (uint32_t rcp = 0; rcp < m->recipient_count; rcp++) {
                const char *addr = VEC_AT(&cs->recipients, const char *, m->first_recipient + rcp);
                char low[320];
                size_t n = strlen(addr);
                if (n >= sizeof low) n = sizeof low - 1;
                for (size_t j = 0; j < n; j++) low[j] = (char)tolower((unsigned char)addr[j]);
                hmap_put(&seen, sv_make(low, n), NULL);
            }
            if (m->date_ms != MTIME_NONE) {
                if (c->first_ms == MTIME_NONE || m->date_ms < c->first_ms) c->first_ms = m->date_ms;
                if (c->last_ms == MTIME_NONE || m->date_ms > c->last_ms) c->last_ms = m->date_ms;
            }
            if (m->verdict > c->worst) c->worst = m->verdict;
        }
        c->recipients = (uint32_t)hmap_len(&seen);
        hmap_free(&seen);
        sort_ctx = cs;
        vec_sort(&c->mails, cmp_mail_dates);
        vec_sort(&c->features, cmp_features);
    }
    vec_sort(&cs->campaigns, cmp_campaigns);
    for (size_t i = 0; i < cs->campaigns.len; i++) VEC_AT(&cs->campaigns, campaign, i).id = (uint32_t)i + 1;
}
