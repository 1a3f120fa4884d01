/* hostset.c - destination and User-Agent lists; see hostset.h. */
#include "config/hostset.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

sv host_normalize(sv host, char *buf) {
    size_t n = host.n > 255 ? 255 : host.n;
    for (size_t i = 0; i < n; i++) buf[i] = lower(host.p[i]);
    if (n && buf[n - 1] == '.') n--;
    buf[n] = 0;
    return sv_make(buf, n);
}

void hostset_init(hostset *s) {
    intern_init(&s->names);
    vec_init(&s->name_origin, sizeof(const char *));
    vec_init(&s->nets, sizeof(cidr));
    vec_init(&s->net_origin, sizeof(const char *));
    vec_init(&s->globs, sizeof(const char *));
    vec_init(&s->glob_origin, sizeof(const char *));
    arena_init(&s->mem, 16 * 1024);
}

void hostset_free(hostset *s) {
    intern_free(&s->names);
    vec_free(&s->name_origin);
    vec_free(&s->nets);
    vec_free(&s->net_origin);
    vec_free(&s->globs);
    vec_free(&s->glob_origin);
    arena_free(&s->mem);
}

static bool domain_chars_ok(sv d) {
    if (!d.n || d.n > 253) return false;
    for (size_t i = 0; i < d.n; i++) {
        unsigned char c = (unsigned char)d.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c >= 0x80))
            return false;
    }
    return d.p[0] != '.' && d.p[d.n - 1] != '.' && sv_find(d, SV("..")) < 0;
}

bool hostset_add(hostset *s, sv pattern, const char *origin, const char **why) {
    pattern = sv_trim(pattern);
    const char *org = arena_strdup(&s->mem, origin ? origin : "");
    cidr c;
    if (cidr_parse(pattern, &c)) {
        *(cidr *)vec_push(&s->nets) = c;
        *(const char **)vec_push(&s->net_origin) = org;
        return true;
    }
    char buf[256];
    sv d = host_normalize(pattern, buf);
    /* "*.example.com" and ".example.com" mean the domain and its sub-domains,
     * like "example.com"; any other wildcard makes a shell pattern on the
     * whole host name ("s3.*.amazonaws.com"). */
    if (sv_starts_with(d, SV("*."))) d = sv_sub(d, 2, d.n);
    else if (sv_starts_with(d, SV("."))) d = sv_sub(d, 1, d.n);
    if (sv_find_char(d, '*') >= 0 || sv_find_char(d, '?') >= 0) {
        *(const char **)vec_push(&s->globs) = arena_strdup(&s->mem, buf);
        *(const char **)vec_push(&s->glob_origin) = org;
        return true;
    }
    if (!domain_chars_ok(d)) {
        *why = "not a domain name, address or CIDR range";
        return false;
    }
    bool created;
    intern_put(&s->names, d, &created);
    if (created) *(const char **)vec_push(&s->name_origin) = org;
    return true;
}

const char *hostset_match(const hostset *s, sv host) {
    if (s->nets.len) {
        ipaddr ip;
        if (ip_parse(host, &ip))
            for (size_t i = 0; i < s->nets.len; i++)
                if (cidr_contains(&VEC_AT(&s->nets, cidr, i), &ip)) return VEC_AT(&s->net_origin, const char *, i);
    }
    if (!intern_count(&s->names) && !s->globs.len) return NULL;
    char buf[256];
    sv d = host_normalize(host, buf);
    for (sv parent = d; parent.n && intern_count(&s->names);) {
        uint32_t id = intern_get(&s->names, parent);
        if (id != INTERN_NONE) return VEC_AT(&s->name_origin, const char *, id);
        ptrdiff_t dot = sv_find_char(parent, '.');
        if (dot < 0) break;
        parent = sv_sub(parent, (size_t)dot + 1, parent.n);
    }
    for (size_t i = 0; i < s->globs.len; i++)
        if (fnmatch(VEC_AT(&s->globs, const char *, i), buf, 0) == 0) return VEC_AT(&s->glob_origin, const char *, i);
    return NULL;
}

/* Calls fn for each meaningful line of a list file. */
typedef bool (*line_fn)(void *ctx, sv item, const char *origin, const char **why);

static long load_lines(const char *path, void *ctx, line_fn fn, char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long n = 0, lineno = 0;
    char origin[600];
    while ((got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        sv l = sv_make(line, (size_t)got);
        ptrdiff_t hash = sv_find_char(l, '#');
        if (hash >= 0) l = sv_sub(l, 0, (size_t)hash);
        l = sv_trim(l);
        if (!l.n) continue;
        snprintf(origin, sizeof origin, "%s:%ld", path, lineno);
        const char *why = NULL;
        if (!fn(ctx, l, origin, &why)) {
            snprintf(err, errlen, "%s:%ld: %s", path, lineno, why ? why : "bad entry");
            free(line);
            fclose(f);
            return -1;
        }
        n++;
    }
    free(line);
    fclose(f);
    return n;
}

/* A host list line is the host, CIDR or pattern, optionally followed by a
 * label for people (online-storage.txt: "gigafile.nu<TAB>ギガファイル便"). */
static bool add_host_line(void *ctx, sv item, const char *origin, const char **why) {
    sv host;
    sv_next_token(&item, &host);
    return hostset_add(ctx, host, origin, why);
}

long hostset_load_file(hostset *s, const char *path, char *err, size_t errlen) {
    return load_lines(path, s, add_host_line, err, errlen);
}

void strlist_init(strlist *l) {
    vec_init(&l->items, sizeof(const char *));
    vec_init(&l->origin, sizeof(const char *));
    arena_init(&l->mem, 16 * 1024);
}

void strlist_free(strlist *l) {
    vec_free(&l->items);
    vec_free(&l->origin);
    arena_free(&l->mem);
}

void strlist_add(strlist *l, sv item, const char *origin) {
    item = sv_trim(item);
    if (!item.n) return;
    char *p = arena_strndup(&l->mem, item.p, item.n);
    for (char *q = p; *q; q++) *q = lower(*q);
    *(const char **)vec_push(&l->items) = p;
    *(const char **)vec_push(&l->origin) = arena_strdup(&l->mem, origin ? origin : "");
}

const char *strlist_match(const strlist *l, sv s) {
    for (size_t i = 0; i < l->items.len; i++) {
        const char *item = VEC_AT(&l->items, const char *, i);
        size_t n = strlen(item);
        if (n > s.n) continue;
        for (size_t k = 0; k + n <= s.n; k++) {
            size_t j = 0;
            while (j < n && lower(s.p[k + j]) == item[j]) j++;
            if (j == n) return VEC_AT(&l->origin, const char *, i);
        }
    }
    return NULL;
}

static bool add_str_line(void *ctx, sv item, const char *origin, const char **why) {
    (void)why;
    strlist_add(ctx, item, origin);
    return true;
}

long strlist_load_file(strlist *l, const char *path, char *err, size_t errlen) {
    return load_lines(path, l, add_str_line, err, errlen);
}
