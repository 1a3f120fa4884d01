/* sources.c - expanding paths, directories and globs; rotation order. */
#include "io/sources.h"
#include "core/diag.h"
#include "core/hmap.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct entry {
    source *src;
    char set[4096];
    long index, date;
    size_t order;   /* position among user arguments / directory walk */
} entry;

void sources_init(source_list *l) {
    vec_init(&l->items, sizeof(source *));
    arena_init(&l->mem, 16 * 1024);
    hmap_init(&l->seen);
    l->errors = 0;
}

void sources_free(source_list *l) {
    vec_free(&l->items);
    arena_free(&l->mem);
    hmap_free(&l->seen);
}

/* Adds one input; `st` is NULL for stdin. A file reached twice (the same
 * path typed twice, or through a glob and its directory) is read once, or
 * its records would count double. */
static void add_file(source_list *l, const char *path, const struct stat *st) {
    if (st) {
        char key[64];
        int n = snprintf(key, sizeof key, "%llx:%llx", (unsigned long long)st->st_dev, (unsigned long long)st->st_ino);
        bool created;
        hmap_put(&l->seen, sv_make(key, (size_t)n), &created);
        if (!created) {
            diag_info("%s: already listed; read once", diag_safe(path));
            return;
        }
    }
    source *s = arena_zalloc(&l->mem, sizeof *s);
    s->path = arena_strdup(&l->mem, path);
    s->name = st ? s->path : "(stdin)";
    s->size = st && S_ISREG(st->st_mode) ? (uint64_t)st->st_size : 0;
    *(source **)vec_push(&l->items) = s;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(source_list *l, const char *dir, int depth) {
    if (depth > 64) {
        diag_warn("%s: directories nested too deep; not descending further", diag_safe(dir));
        l->errors++;
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        diag_error("%s: cannot open directory: %s", diag_safe(dir), strerror(errno));
        l->errors++;
        return;
    }
    vec names = VEC_INIT(char *);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        *(char **)vec_push(&names) = xstrdup(de->d_name);
    }
    closedir(d);
    vec_sort(&names, cmp_names);
    for (size_t i = 0; i < names.len; i++) {
        char *name = VEC_AT(&names, char *, i);
        size_t n = strlen(dir) + strlen(name) + 2;
        char *p = xmalloc(n);
        snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
        struct stat st;
        if (lstat(p, &st) == 0) {
            if (S_ISDIR(st.st_mode)) walk_dir(l, p, depth + 1);
            else if (S_ISREG(st.st_mode)) add_file(l, p, &st);
            /* symlinks, devices and sockets inside a walked tree are skipped:
             * a log directory should not lead mitsuke out of itself */
        }
        free(p);
        free(name);
    }
    vec_free(&names);
}

void sources_add(source_list *l, const char *path) {
    if (!strcmp(path, "-")) {
        add_file(l, "-", NULL);
        return;
    }
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) walk_dir(l, path, 0);
        else add_file(l, path, &st);
        return;
    }
    int saved = errno;
    if (strpbrk(path, "*?[")) {
        glob_t g;
        int rc = glob(path, 0, NULL, &g);
        if (rc == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++) sources_add(l, g.gl_pathv[i]);
            globfree(&g);
            return;
        }
        if (rc != GLOB_NOMATCH) globfree(&g);
        diag_error("%s: no file matches this pattern", diag_safe(path));
        l->errors++;
        return;
    }
    diag_error("%s: %s", diag_safe(path), strerror(saved));
    l->errors++;
}

static bool all_digits(const char *s, size_t n) {
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

void rotation_key(const char *path, char *set, size_t setlen, long *index, long *date) {
    snprintf(set, setlen, "%s", path);
    *index = 0;
    *date = 0;
    static const char *const exts[] = {".gz", ".zst", ".bz2", ".xz"};
    size_t n = strlen(set);
    for (size_t i = 0; i < ARRAY_LEN(exts); i++) {
        size_t k = strlen(exts[i]);
        if (n > k && !strcmp(set + n - k, exts[i])) {
            set[n -= k] = 0;
            break;
        }
    }
    /* access.log.3 */
    char *dot = strrchr(set, '.');
    char *slash = strrchr(set, '/');
    if (dot && (!slash || dot > slash) && all_digits(dot + 1, strlen(dot + 1)) && strlen(dot + 1) <= 6) {
        *index = strtol(dot + 1, NULL, 10);
        *dot = 0;
    }
    /* access.log-20150520 or -2015052013 (logrotate dateext, possibly
     * followed by .N above), and access-20150520.log (dateext with
     * `extension .log`): the date goes, the rest names the set */
    char *base = slash ? slash + 1 : set;
    char *dash = strrchr(base, '-');
    if (dash) {
        char *digits = dash + 1;
        size_t nd = strspn(digits, "0123456789");
        char *tail = digits + nd;
        bool ext = *tail == '.' && !strchr(tail + 1, '.') && strlen(tail) <= 5;
        if ((nd == 8 || nd == 10) && (*tail == 0 || ext)) {
            *date = strtol(digits, NULL, 10) * (nd == 8 ? 100 : 1); /* YYYYMMDDHH */
            memmove(dash, tail, strlen(tail) + 1);
        }
    }
}

static int cmp_entries(const void *pa, const void *pb) {
    const entry *a = pa, *b = pb;
    int c = strcmp(a->set, b->set);
    if (c) return a->order < b->order ? -1 : a->order > b->order ? 1 : 0;
    /* same set: dated rotations by date, then numbered ones highest first,
     * and the live file (no date, index 0) last */
    bool a_live = !a->date && !a->index, b_live = !b->date && !b->index;
    if (a_live != b_live) return a_live ? 1 : -1;
    if (a->date != b->date) {
        if (!a->date) return 1;
        if (!b->date) return -1;
        return a->date < b->date ? -1 : 1;
    }
    if (a->index != b->index) return a->index > b->index ? -1 : 1;
    return strcmp(a->src->path, b->src->path);
}

void sources_finish(source_list *l) {
    size_t n = l->items.len;
    entry *e = xcalloc(n, sizeof *e);
    for (size_t i = 0; i < n; i++) {
        e[i].src = sources_at(l, i);
        rotation_key(e[i].src->path, e[i].set, sizeof e[i].set, &e[i].index, &e[i].date);
    }
    /* A set keeps the position of its first member, so unrelated files stay in
     * the order the user gave while rotations of one log come together. */
    hmap first_of_set;
    hmap_init(&first_of_set);
    for (size_t i = 0; i < n; i++) {
        bool created;
        hmap_slot *slot = hmap_put(&first_of_set, sv_cstr(e[i].set), &created);
        if (created) slot->val.u64 = i;
        e[i].order = (size_t)slot->val.u64;
    }
    hmap_free(&first_of_set);
    qsort(e, n, sizeof *e, cmp_entries);
    for (size_t i = 0; i < n; i++) {
        e[i].src->id = (uint32_t)i;
        VEC_AT(&l->items, source *, i) = e[i].src;
    }
    free(e);
}
