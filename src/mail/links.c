/* links.c - URLs from text, and links and facts from HTML; see links.h. */
#include "mail/links.h"
#include "core/ipaddr.h"
#include "core/utf8.h"
#include "core/util.h"

#include <ctype.h>
#include <gumbo.h>
#include <string.h>
#include <strings.h>

#define SCRIPT_MAX_BYTES (1u << 20)

/* ---- URLs ---- */

static char *lower_dup(arena *a, const char *p, size_t n) {
    char *s = arena_strndup(a, p, n);
    for (char *q = s; *q; q++) *q = (char)tolower((unsigned char)*q);
    return s;
}

bool link_split(const char *url, arena *a, const char **scheme, const char **host, const char **userinfo) {
    *scheme = *host = "";
    if (userinfo) *userinfo = NULL;
    while (*url == ' ' || *url == '\t') url++;
    const char *p = url;
    if (p[0] == '\\' && p[1] == '\\') { /* UNC: \\server\share\file */
        p += 2;
        size_t n = strcspn(p, "\\/");
        *scheme = "file";
        *host = lower_dup(a, p, n);
        return n > 0;
    }
    const char *colon = strchr(p, ':');
    if (colon && colon > p) {
        bool is_scheme = isalpha((unsigned char)p[0]);
        for (const char *q = p; q < colon && is_scheme; q++)
            if (!isalnum((unsigned char)*q) && *q != '+' && *q != '-' && *q != '.') is_scheme = false;
        if (is_scheme) {
            *scheme = lower_dup(a, p, (size_t)(colon - p));
            p = colon + 1;
        }
    }
    if (!**scheme && !strncasecmp(p, "www.", 4)) *scheme = "http";
    else if (p[0] == '/' && p[1] == '/') p += 2;
    else return false; /* relative ("data.php"), or mailto:, tel:, javascript: ...: no host */
    /* authority: up to / ? # or a backslash (browsers treat it as /) */
    size_t alen = strcspn(p, "/?#\\ ");
    const char *at = NULL;
    for (size_t i = 0; i < alen; i++)
        if (p[i] == '@') at = p + i;
    const char *h = p;
    if (at) {
        if (userinfo) *userinfo = arena_strndup(a, p, (size_t)(at - p));
        h = at + 1;
        alen -= (size_t)(h - p);
    }
    size_t hlen = alen;
    if (h[0] == '[') {
        const char *close = memchr(h, ']', alen);
        hlen = close ? (size_t)(close - h) + 1 : alen;
    } else {
        const char *port = memchr(h, ':', alen);
        if (port) hlen = (size_t)(port - h);
    }
    while (hlen && h[hlen - 1] == '.') hlen--;
    if (!hlen) return false;
    *host = lower_dup(a, h, hlen);
    return true;
}

bool host_is_ip(const char *host) {
    ipaddr ip;
    if (ip_parse(sv_cstr(host), &ip)) return true;
    /* one number: http://3232235777/ or http://0xc0a80001/ */
    const char *p = host;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2]) {
        for (p += 2; *p; p++)
            if (!isxdigit((unsigned char)*p)) return false;
        return true;
    }
    if (!*p) return false;
    for (; *p; p++)
        if (!isdigit((unsigned char)*p)) return false;
    return strlen(host) >= 8; /* short all-digit hosts are not addresses anyone types */
}

static void add_link(vec *links, arena *a, const char *url, size_t n, const char *text, size_t tn, bool html) {
    if (!links || links->len >= LINKS_MAX) return;
    while (n && (url[0] == ' ' || url[0] == '\t' || url[0] == '\n' || url[0] == '\r')) url++, n--;
    while (n && (url[n - 1] == ' ' || url[n - 1] == '\t' || url[n - 1] == '\n' || url[n - 1] == '\r')) n--;
    if (!n) return;
    n = utf8_truncate(url, n, LINK_MAX_URL);
    char *u = arena_strndup(a, url, n);
    const char *scheme, *host;
    if (!link_split(u, a, &scheme, &host, NULL)) return;
    if (strcmp(scheme, "http") && strcmp(scheme, "https") && strcmp(scheme, "ftp") && strcmp(scheme, "file") &&
        strcmp(scheme, "smb"))
        return;
    mail_link *l = vec_push(links);
    l->url = u;
    l->host = host;
    l->domain = "";
    l->text = text ? arena_strndup(a, text, utf8_truncate(text, tn, LINK_MAX_TEXT)) : "";
    l->html = html;
}

static bool url_char(unsigned char c) {
    return c > ' ' && c < 0x7f && c != '<' && c != '>' && c != '"' && c != '\'' && c != '`' && c != '{' &&
           c != '}' && c != '|' && c != '^';
}

void text_links(const char *text, size_t n, arena *a, vec *links) {
    for (size_t i = 0; i < n; i++) {
        char c = (char)tolower((unsigned char)text[i]);
        size_t start = i;
        bool hit = false;
        if ((c == 'h' && (n - i >= 7) && (!strncasecmp(text + i, "http://", 7) || !strncasecmp(text + i, "https://", 8))) ||
            (c == 'f' && n - i >= 7 && (!strncasecmp(text + i, "ftp://", 6) || !strncasecmp(text + i, "file://", 7))) ||
            (c == 'w' && n - i >= 5 && !strncasecmp(text + i, "www.", 4) &&
             (i == 0 || !isalnum((unsigned char)text[i - 1]))))
            hit = true;
        else if (c == '\\' && i + 2 < n && text[i + 1] == '\\' && isalnum((unsigned char)text[i + 2]) &&
                 (i == 0 || text[i - 1] != '\\'))
            hit = true;
        if (!hit) continue;
        size_t end = i;
        while (end < n && url_char((unsigned char)text[end])) end++;
        /* trailing punctuation belongs to the sentence */
        while (end > start && strchr(".,;:!?)]", text[end - 1])) end--;
        if (end - start > 4) add_link(links, a, text + start, end - start, NULL, 0, false);
        i = end;
    }
}

/* ---- HTML ---- */

static const char *attr(const GumboElement *el, const char *name) {
    const GumboAttribute *at = gumbo_get_attribute(&el->attributes, name);
    return at ? at->value : NULL;
}

/* Appends the text under `node` (bounded), single-spaced. */
static void subtree_text(const GumboNode *node, buf *out, size_t max) {
    vec stack = VEC_INIT(const GumboNode *);
    *(const GumboNode **)vec_push(&stack) = node;
    while (stack.len && out->len < max) {
        const GumboNode *n = VEC_AT(&stack, const GumboNode *, --stack.len);
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
            if (out->len) buf_putc(out, ' ');
            size_t len = strlen(n->v.text.text);
            size_t room = max - out->len;
            buf_put(out, n->v.text.text, utf8_truncate(n->v.text.text, len, room));
        } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            const GumboVector *ch = &n->v.element.children;
            for (size_t i = ch->length; i > 0; i--) *(const GumboNode **)vec_push(&stack) = ch->data[i - 1];
        }
    }
    vec_free(&stack);
}

static bool style_hides(const char *style) {
    if (!style) return false;
    char compact[512];
    size_t k = 0;
    for (const char *p = style; *p && k + 1 < sizeof compact; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') compact[k++] = (char)tolower((unsigned char)*p);
    compact[k] = 0;
    static const char *const hiding[] = {"display:none", "visibility:hidden", "font-size:0;", "font-size:0px",
                                         "opacity:0;", "color:#fff;", "color:#ffffff", "color:white"};
    for (size_t i = 0; i < ARRAY_LEN(hiding); i++)
        if (strstr(compact, hiding[i])) return true;
    /* a declaration at the very end has no ';' */
    size_t n = strlen(compact);
    return (n >= 11 && !strcmp(compact + n - 11, "font-size:0")) || (n >= 9 && !strcmp(compact + n - 9, "opacity:0")) ||
           (n >= 10 && !strcmp(compact + n - 10, "color:#fff"));
}

static bool trimmed_len_at_least(const buf *b, size_t min) {
    size_t k = 0;
    for (size_t i = 0; i < b->len; i++)
        if (b->p[i] != ' ' && b->p[i] != '\t' && b->p[i] != '\n' && b->p[i] != '\r') k++;
    return k >= min;
}

/* The host a script posts to: a URL after post/ajax/fetch/open("POST". */
static const char *script_post_target(const buf *script, arena *a) {
    static const char *const verbs[] = {".post(", "ajax(", "fetch(", "\"post\"", "'post'", "method:\"post", "action="};
    for (size_t v = 0; v < ARRAY_LEN(verbs); v++) {
        const char *hay = script->p;
        size_t n = script->len, k = strlen(verbs[v]);
        for (size_t i = 0; i + k <= n; i++) {
            if (strncasecmp(hay + i, verbs[v], k)) continue;
            size_t lim = i + k + 300 < n ? i + k + 300 : n;
            for (size_t j = i + k; j + 8 <= lim; j++)
                if (!strncasecmp(hay + j, "http://", 7) || !strncasecmp(hay + j, "https://", 8)) {
                    /* only the scheme and the authority name the host: copy
                     * those (bounded, on the stack), not the rest of the script */
                    char url[LINK_MAX_URL + 1];
                    size_t e = hay[j + 4] == ':' ? 7 : 8; /* past "http://" or "https://" */
                    while (j + e < n && e < LINK_MAX_URL && url_char((unsigned char)hay[j + e]) &&
                           !strchr("/?#\\", hay[j + e]))
                        e++;
                    memcpy(url, hay + j, e);
                    url[e] = 0;
                    const char *scheme, *host;
                    if (link_split(url, a, &scheme, &host, NULL)) return host;
                }
        }
    }
    return NULL;
}

static bool contains_ci(const buf *b, const char *needle) {
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= b->len; i++)
        if (!strncasecmp(b->p + i, needle, k)) return true;
    return false;
}

static bool looks_like_smuggling(const buf *script) {
    bool makes_blob = contains_ci(script, "msSaveOrOpenBlob") || contains_ci(script, "createObjectURL");
    bool decodes = contains_ci(script, "atob(") || contains_ci(script, "Uint8Array") || contains_ci(script, "charCodeAt");
    bool downloads = contains_ci(script, "msSaveOrOpenBlob") || contains_ci(script, ".download");
    return makes_blob && decodes && downloads;
}

void html_inspect(const char *html, size_t n, arena *a, vec *links, buf *text, size_t text_max, html_facts *f) {
    memset(f, 0, sizeof *f);
    if (n > HTML_MAX_BYTES) n = utf8_truncate(html, n, HTML_MAX_BYTES);
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 100; /* the parse itself does not stop; errors are just not all recorded */
    GumboOutput *out = gumbo_parse_with_options(&opts, html, n);
    if (!out) return;
    buf script = {0}, tmp = {0};
    vec stack = VEC_INIT(const GumboNode *);
    *(const GumboNode **)vec_push(&stack) = out->root;
    while (stack.len) {
        const GumboNode *node = VEC_AT(&stack, const GumboNode *, --stack.len);
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
            if (text && text->len < text_max) {
                buf_putc(text, ' ');
                size_t len = strlen(node->v.text.text);
                buf_put(text, node->v.text.text, utf8_truncate(node->v.text.text, len, text_max - text->len));
            }
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
        const GumboElement *el = &node->v.element;
        switch (el->tag) {
        case GUMBO_TAG_SCRIPT:
            if (script.len < SCRIPT_MAX_BYTES) subtree_text(node, &script, SCRIPT_MAX_BYTES);
            continue; /* script text is not visible text */
        case GUMBO_TAG_STYLE:
            continue;
        case GUMBO_TAG_A:
        case GUMBO_TAG_AREA: {
            const char *href = attr(el, "href");
            if (href) {
                buf_clear(&tmp);
                subtree_text(node, &tmp, LINK_MAX_TEXT * 2);
                add_link(links, a, href, strlen(href), tmp.p ? tmp.p : "", tmp.len, true);
                /* <a download href="data:...;base64,..."> hands over a file */
                if (attr(el, "download") && !strncasecmp(href, "data:", 5)) f->smuggling = true;
            }
            break;
        }
        case GUMBO_TAG_FORM: {
            const char *action = attr(el, "action");
            if (action) {
                const char *scheme, *host;
                char *copy = arena_strdup(a, action);
                if (link_split(copy, a, &scheme, &host, NULL) && !f->form_target) f->form_target = host;
                add_link(links, a, action, strlen(action), NULL, 0, true);
            }
            break;
        }
        case GUMBO_TAG_INPUT: {
            const char *type = attr(el, "type");
            if (type && !strcasecmp(type, "password")) f->password_input = true;
            break;
        }
        case GUMBO_TAG_META: {
            const char *equiv = attr(el, "http-equiv"), *content = attr(el, "content");
            if (equiv && content && !strcasecmp(equiv, "refresh")) {
                const char *u = strcasestr(content, "url=");
                if (u) add_link(links, a, u + 4, strlen(u + 4), NULL, 0, true);
            }
            break;
        }
        default: break;
        }
        if (!f->hidden_sample) {
            const char *aria = attr(el, "aria-hidden");
            if (style_hides(attr(el, "style")) || attr(el, "hidden") || (aria && !strcasecmp(aria, "true"))) {
                buf_clear(&tmp);
                subtree_text(node, &tmp, 120);
                if (trimmed_len_at_least(&tmp, 4)) f->hidden_sample = arena_strndup(a, tmp.p, utf8_truncate(tmp.p, tmp.len, 60));
            }
        }
        for (size_t i = el->children.length; i > 0; i--)
            *(const GumboNode **)vec_push(&stack) = el->children.data[i - 1];
    }
    if (script.len) {
        if (looks_like_smuggling(&script)) f->smuggling = true;
        if (!f->form_target) f->form_target = script_post_target(&script, a);
    }
    vec_free(&stack);
    buf_free(&script);
    buf_free(&tmp);
    gumbo_destroy_output(&opts, out);
}
