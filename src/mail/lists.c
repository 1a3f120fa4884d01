/* lists.c - loading and matching the rules/mail lists; see lists.h. */
#include "mail/lists.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LIST_MAX_LINE 1024
#define LIST_MAX_ENTRIES 100000

typedef struct domain_pattern {
    const char *pattern, *label;
} domain_pattern;

void domain_list_init(domain_list *l) {
    hmap_init(&l->exact);
    vec_init(&l->patterns, sizeof(domain_pattern));
    arena_init(&l->mem, 4096);
}

void domain_list_free(domain_list *l) {
    hmap_free(&l->exact);
    vec_free(&l->patterns);
    arena_free(&l->mem);
}

static void lower_in_place(char *s) {
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

void domain_list_add(domain_list *l, const char *domain, const char *label) {
    char *d = arena_strdup(&l->mem, domain);
    lower_in_place(d);
    size_t n = strlen(d);
    while (n && d[n - 1] == '.') d[--n] = 0;
    if (d[0] == '.') d++;
    if (!*d) return;
    const char *lab = arena_strdup(&l->mem, label ? label : "");
    if (strchr(d, '*')) {
        domain_pattern *p = vec_push(&l->patterns);
        p->pattern = d;
        p->label = lab;
        return;
    }
    bool created;
    hmap_slot *slot = hmap_put(&l->exact, sv_cstr(d), &created);
    if (created) slot->val.ptr = (void *)lab;
}

/* Reads the non-comment lines of a list file, calling fn for each (trimmed). */
static bool read_lines(const char *path, bool (*fn)(void *ctx, char *line, char *err, size_t errlen), void *ctx,
                       char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    char line[LIST_MAX_LINE];
    unsigned lineno = 0, entries = 0;
    bool ok = true;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = 0;
        char *s = line;
        while (*s == ' ') s++;
        if (!*s || *s == '#') continue;
        if (++entries > LIST_MAX_ENTRIES) {
            snprintf(err, errlen, "%s: more than %d entries", path, LIST_MAX_ENTRIES);
            ok = false;
            break;
        }
        char msg[256] = "";
        if (!fn(ctx, s, msg, sizeof msg)) {
            snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
            ok = false;
            break;
        }
    }
    fclose(f);
    return ok;
}

static bool add_domain_line(void *ctx, char *line, char *err, size_t errlen) {
    char *tab = strchr(line, '\t');
    const char *label = "";
    if (tab) {
        *tab = 0;
        label = tab + 1;
        while (*label == '\t' || *label == ' ') label++;
    }
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ')) line[--n] = 0;
    for (char *p = line; *p; p++)
        if (*p == ' ' || *p == '/') {
            snprintf(err, errlen, "not a domain: %.100s", line);
            return false;
        }
    domain_list_add(ctx, line, label);
    return true;
}

bool domain_list_load(domain_list *l, const char *path, char *err, size_t errlen) {
    return read_lines(path, add_domain_line, l, err, errlen);
}

const char *domain_list_match(const domain_list *l, sv host, const char **matched) {
    char h[256];
    if (!host.n || host.n >= sizeof h) return NULL;
    for (size_t i = 0; i < host.n; i++) h[i] = (char)tolower((unsigned char)host.p[i]);
    h[host.n] = 0;
    size_t n = host.n;
    while (n && h[n - 1] == '.') h[--n] = 0;
    /* the host, then each parent domain */
    for (const char *p = h; p && *p;) {
        hmap_slot *slot = hmap_get(&l->exact, sv_cstr(p));
        if (slot) {
            if (matched) *matched = slot->key;
            return slot->val.ptr;
        }
        p = strchr(p, '.');
        if (p) p++;
    }
    for (size_t i = 0; i < l->patterns.len; i++) {
        const domain_pattern *dp = &VEC_AT(&l->patterns, domain_pattern, i);
        if (fnmatch(dp->pattern, h, 0) == 0) {
            if (matched) *matched = dp->pattern;
            return dp->label;
        }
    }
    return NULL;
}

/* ---- phrases ---- */

typedef struct phrase {
    const char *text;
    unsigned len;
    unsigned category;
    bool word_start, word_end;  /* ASCII letter or digit at that end: needs a boundary */
} phrase;

struct phrase_set {
    vec phrases;                /* of phrase */
    size_t categories;
    const char *const *category_names;
    arena mem;
    hs_database_t *db;
    hs_scratch_t *scratch;
};

typedef struct load_ctx {
    phrase_set *set;
    bool categorised;   /* "category<TAB>phrase" lines, else one phrase per line */
} load_ctx;

static void add_phrase(phrase_set *s, unsigned category, const char *text) {
    phrase *p = vec_push(&s->phrases);
    p->text = arena_strdup(&s->mem, text);
    p->len = (unsigned)strlen(text);
    p->category = category;
    p->word_start = isalnum((unsigned char)text[0]) != 0;
    p->word_end = isalnum((unsigned char)text[p->len - 1]) != 0;
}

static bool add_phrase_line(void *ctx, char *line, char *err, size_t errlen) {
    phrase_set *s = ((load_ctx *)ctx)->set;
    if (!((load_ctx *)ctx)->categorised) {
        add_phrase(s, 0, line);
        return true;
    }
    char *tab = strchr(line, '\t');
    if (!tab) {
        snprintf(err, errlen, "expected CATEGORY<TAB>PHRASE");
        return false;
    }
    *tab = 0;
    const char *text = tab + 1;
    while (*text == '\t') text++;
    if (!*text) {
        snprintf(err, errlen, "empty phrase");
        return false;
    }
    for (size_t c = 0; c < s->categories; c++)
        if (!strcmp(s->category_names[c], line)) {
            add_phrase(s, (unsigned)c, text);
            return true;
        }
    snprintf(err, errlen, "unknown category '%.60s'", line);
    return false;
}

static bool compile(phrase_set *s, char *err, size_t errlen) {
    size_t n = s->phrases.len;
    if (!n) return true; /* an empty list matches nothing */
    const char **exprs = xcalloc(n, sizeof *exprs);
    unsigned *flags = xcalloc(n, sizeof *flags), *ids = xcalloc(n, sizeof *ids);
    size_t *lens = xcalloc(n, sizeof *lens);
    for (size_t i = 0; i < n; i++) {
        const phrase *p = &VEC_AT(&s->phrases, phrase, i);
        exprs[i] = p->text;
        lens[i] = p->len;
        flags[i] = HS_FLAG_CASELESS;
        ids[i] = (unsigned)i;
    }
    hs_compile_error_t *cerr = NULL;
    hs_error_t rc = hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &s->db, &cerr);
    free(exprs);
    free(flags);
    free(ids);
    free(lens);
    if (rc != HS_SUCCESS) {
        snprintf(err, errlen, "cannot compile the phrases: %s", cerr ? cerr->message : "unknown error");
        if (cerr) hs_free_compile_error(cerr);
        return false;
    }
    if (hs_alloc_scratch(s->db, &s->scratch) != HS_SUCCESS) {
        snprintf(err, errlen, "cannot allocate Hyperscan scratch space");
        return false;
    }
    return true;
}

static phrase_set *set_new(const char *const *categories, size_t count) {
    phrase_set *s = xcalloc(1, sizeof *s);
    vec_init(&s->phrases, sizeof(phrase));
    arena_init(&s->mem, 4096);
    s->category_names = categories;
    s->categories = count;
    return s;
}

static const char *const single_category[] = {"phrase", NULL};

phrase_set *phrase_set_load(const char *path, const char *const *categories, char *err, size_t errlen) {
    load_ctx ctx = {NULL, categories != NULL};
    if (!categories) categories = single_category;
    size_t count = 0;
    while (categories[count]) count++;
    phrase_set *s = set_new(categories, count);
    ctx.set = s;
    if (!read_lines(path, add_phrase_line, &ctx, err, errlen) || !compile(s, err, errlen)) {
        phrase_set_free(s);
        return NULL;
    }
    return s;
}

phrase_set *phrase_set_from_list(const char *const *phrases, char *err, size_t errlen) {
    phrase_set *s = set_new(single_category, 1);
    for (size_t i = 0; phrases[i]; i++)
        if (phrases[i][0]) add_phrase(s, 0, phrases[i]);
    if (!compile(s, err, errlen)) {
        phrase_set_free(s);
        return NULL;
    }
    return s;
}

void phrase_set_free(phrase_set *s) {
    if (!s) return;
    if (s->scratch) hs_free_scratch(s->scratch);
    if (s->db) hs_free_database(s->db);
    vec_free(&s->phrases);
    arena_free(&s->mem);
    free(s);
}

typedef struct scan_ctx {
    const phrase_set *set;
    sv text;
    const char **found;
    size_t missing;
} scan_ctx;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *p) {
    (void)from;
    (void)flags;
    scan_ctx *c = p;
    const phrase *ph = &VEC_AT(&c->set->phrases, phrase, id);
    if (c->found[ph->category]) return 0;
    size_t end = (size_t)to, start = end - ph->len;
    if (ph->word_start && start > 0 && isalnum((unsigned char)c->text.p[start - 1])) return 0;
    if (ph->word_end && end < c->text.n && isalnum((unsigned char)c->text.p[end])) return 0;
    c->found[ph->category] = ph->text;
    return --c->missing == 0; /* every category found: stop */
}

void phrase_set_scan(phrase_set *s, sv text, const char **found) {
    for (size_t c = 0; c < s->categories; c++) found[c] = NULL;
    if (!s->db || !text.n) return;
    scan_ctx ctx = {s, text, found, s->categories};
    /* Hyperscan takes an unsigned length; texts here are bounded far below 4 GB */
    hs_scan(s->db, text.p, (unsigned)(text.n > 0x7fffffff ? 0x7fffffff : text.n), 0, s->scratch, on_match, &ctx);
}

