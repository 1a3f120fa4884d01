/* yara_scan.c - compiling and running YARA rules; see yara_scan.h.
 *
 * libyara needs yr_initialize() once per process before anything else and
 * yr_finalize() at the end; the first set loaded initialises it and the last
 * one freed finalises it. */
#include "mail/yara_scan.h"
#include "core/util.h"
#include "core/vec.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yara.h>

struct yara_set {
    YR_RULES *rules;
    size_t count;
};

static int live_sets;

typedef struct compile_ctx {
    char *err;
    size_t errlen;
    bool failed;
} compile_ctx;

static void on_compile_message(int level, const char *file, int line, const YR_RULE *rule, const char *msg, void *p) {
    (void)rule;
    compile_ctx *c = p;
    if (level != YARA_ERROR_LEVEL_ERROR || c->failed) return;
    c->failed = true;
    snprintf(c->err, c->errlen, "%s:%d: %s", file ? file : "?", line, msg);
}

static bool has_rule_suffix(const char *name) {
    size_t n = strlen(name);
    return (n > 4 && !strcmp(name + n - 4, ".yar")) || (n > 5 && !strcmp(name + n - 5, ".yara"));
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool add_dir(YR_COMPILER *comp, const char *dir, compile_ctx *c, size_t *files) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(c->err, c->errlen, "%s: %s", dir, strerror(errno));
        return false;
    }
    vec names = VEC_INIT(char *);
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.' && has_rule_suffix(de->d_name)) *(char **)vec_push(&names) = xstrdup(de->d_name);
    closedir(d);
    vec_sort(&names, cmp_str);
    bool ok = true;
    for (size_t i = 0; i < names.len; i++) {
        char *name = VEC_AT(&names, char *, i);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        FILE *f = ok ? fopen(path, "r") : NULL;
        if (ok && !f) {
            snprintf(c->err, c->errlen, "%s: %s", path, strerror(errno));
            ok = false;
        }
        if (f) {
            /* each file its own namespace, so two files may reuse a rule name */
            if (yr_compiler_add_file(comp, f, path, path) != 0 || c->failed) ok = false;
            fclose(f);
            (*files)++;
        }
        free(name);
    }
    vec_free(&names);
    return ok;
}

yara_set *yara_set_load(const char *const *dirs, size_t ndirs, char *err, size_t errlen) {
    if (live_sets == 0 && yr_initialize() != ERROR_SUCCESS) {
        snprintf(err, errlen, "cannot initialise libyara");
        return NULL;
    }
    live_sets++;
    yara_set *s = xcalloc(1, sizeof *s);
    YR_COMPILER *comp = NULL;
    compile_ctx c = {err, errlen, false};
    bool ok = yr_compiler_create(&comp) == ERROR_SUCCESS;
    if (!ok) snprintf(err, errlen, "cannot create a YARA compiler");
    if (ok) yr_compiler_set_callback(comp, on_compile_message, &c);
    size_t files = 0;
    for (size_t i = 0; ok && i < ndirs; i++) ok = add_dir(comp, dirs[i], &c, &files);
    if (ok && yr_compiler_get_rules(comp, &s->rules) != ERROR_SUCCESS) {
        snprintf(err, errlen, "cannot build the YARA rules");
        ok = false;
    }
    if (comp) yr_compiler_destroy(comp);
    if (!ok) {
        yara_set_free(s);
        return NULL;
    }
    YR_RULE *rule;
    yr_rules_foreach(s->rules, rule) s->count++;
    return s;
}

size_t yara_set_rule_count(const yara_set *s) { return s ? s->count : 0; }

typedef struct scan_ctx {
    void (*fn)(const yara_match *m, void *ctx);
    void *ctx;
} scan_ctx;

static int on_scan_message(YR_SCAN_CONTEXT *context, int message, void *data, void *p) {
    (void)context;
    if (message != CALLBACK_MSG_RULE_MATCHING) return CALLBACK_CONTINUE;
    scan_ctx *c = p;
    const YR_RULE *rule = data;
    yara_match m = {rule->identifier, "", "", YARA_DEFAULT_WEIGHT};
    const YR_META *meta;
    yr_rule_metas_foreach(rule, meta) {
        if (meta->type == META_TYPE_STRING && !strcmp(meta->identifier, "description")) m.description = meta->string;
        else if (meta->type == META_TYPE_STRING && !strcmp(meta->identifier, "description_ja"))
            m.description_ja = meta->string;
        else if (meta->type == META_TYPE_INTEGER && !strcmp(meta->identifier, "weight"))
            m.weight = meta->integer < 0 ? 0 : meta->integer > 100 ? 100 : (int)meta->integer;
    }
    c->fn(&m, c->ctx);
    return CALLBACK_CONTINUE;
}

bool yara_set_scan(yara_set *s, const uint8_t *p, size_t n, void (*fn)(const yara_match *m, void *ctx), void *ctx) {
    if (!s || !s->count) return true;
    scan_ctx c = {fn, ctx};
    return yr_rules_scan_mem(s->rules, p, n, SCAN_FLAGS_FAST_MODE, on_scan_message, &c, YARA_SCAN_TIMEOUT_S) ==
           ERROR_SUCCESS;
}

void yara_set_free(yara_set *s) {
    if (!s) return;
    if (s->rules) yr_rules_destroy(s->rules);
    free(s);
    if (--live_sets == 0) yr_finalize();
}
