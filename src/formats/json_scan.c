/* json_scan.c - JSON lines over jsmn; see json_scan.h.
 *
 * jsmn.h is header-only: this is the one file that compiles its code, as
 * static functions (JSMN_STATIC), so no other file can clash with it. Two more
 * switches: JSMN_STRICT refuses what is not JSON (bare words, objects as
 * keys), and JSMN_PARENT_LINKS makes closing brackets and commas O(depth)
 * instead of a backwards scan over every earlier token, which would make a
 * hostile line of many small arrays cost quadratic time.
 *
 * After tokenizing, one backward pass computes for every token the index just
 * past its subtree (`next`), using the parent links: a key's subtree includes
 * its value. Skipping a member is then one array read, and a lookup walks
 * only the members of the objects on its path. */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "formats/json_scan.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdlib.h>

struct json_scan {
    jsmntok_t *tok;
    int *next;          /* index just past the subtree of each token */
    unsigned cap, max;  /* tokens allocated; the most they may grow to */
    int count;
    sv line;
};

static void set_capacity(json_scan *j, unsigned cap) {
    j->cap = cap;
    j->tok = xrealloc(j->tok, cap * sizeof *j->tok);
    j->next = xrealloc(j->next, cap * sizeof *j->next);
}

json_scan *json_scan_new(unsigned max_tokens) {
    json_scan *j = xcalloc(1, sizeof *j);
    j->max = max_tokens ? max_tokens : JSON_SCAN_MAX_TOKENS;
    set_capacity(j, j->max < JSON_SCAN_MAX_TOKENS ? j->max : JSON_SCAN_MAX_TOKENS);
    return j;
}

void json_scan_free(json_scan *j) {
    if (!j) return;
    free(j->tok);
    free(j->next);
    free(j);
}

const char *json_scan_parse(json_scan *j, sv line) {
    j->count = 0;
    j->line = line;
    if (line.n > 0x7fffffff) return "JSON record too long";
    int n;
    for (;;) {
        jsmn_parser p;
        jsmn_init(&p);
        n = jsmn_parse(&p, line.p, line.n, j->tok, j->cap);
        if (n != JSMN_ERROR_NOMEM) break;
        if (j->cap >= j->max) return "too many JSON tokens";
        /* start again with twice the room: a few passes at most */
        set_capacity(j, j->cap > j->max / 2 ? j->max : 2 * j->cap);
    }
    if (n == JSMN_ERROR_PART) return "truncated JSON record";
    if (n < 0) return "invalid JSON";
    if (n == 0 || j->tok[0].type != JSMN_OBJECT) return "JSON record is not an object";
    /* jsmn stops at a NUL byte; anything after the object must be blank. */
    for (size_t i = (size_t)j->tok[0].end; i < line.n; i++) {
        char c = line.p[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return "text after the JSON object";
    }
    for (int i = 0; i < n; i++) j->next[i] = i + 1;
    for (int i = n - 1; i > 0; i--) {
        int parent = j->tok[i].parent;
        if (parent >= 0 && j->next[i] > j->next[parent]) j->next[parent] = j->next[i];
    }
    if (j->next[0] != n) return "more than one JSON value on the line";
    j->count = n;
    return NULL;
}

static bool valid(const json_scan *j, int t) { return t >= 0 && t < j->count; }

sv json_raw(const json_scan *j, int t) {
    if (!valid(j, t)) return SV_NULL;
    return sv_sub(j->line, (size_t)j->tok[t].start, (size_t)j->tok[t].end);
}

json_type json_type_of(const json_scan *j, int t) {
    if (!valid(j, t)) return JT_NONE;
    switch (j->tok[t].type) {
    case JSMN_OBJECT: return JT_OBJECT;
    case JSMN_ARRAY: return JT_ARRAY;
    case JSMN_STRING: return JT_STRING;
    case JSMN_PRIMITIVE: {
        sv r = json_raw(j, t);
        if (r.n && (r.p[0] == '-' || (r.p[0] >= '0' && r.p[0] <= '9'))) return JT_NUMBER;
        if (sv_eq(r, SV("true"))) return JT_TRUE;
        if (sv_eq(r, SV("false"))) return JT_FALSE;
        if (sv_eq(r, SV("null"))) return JT_NULL;
        return JT_NONE;
    }
    default: return JT_NONE;
    }
}

/* Children of a container are the tokens whose parent it is, each followed
 * by its own subtree. */
static int first_child(const json_scan *j, int t) {
    if (!valid(j, t) || j->next[t] == t + 1) return -1;
    return t + 1;
}

static int next_sibling(const json_scan *j, int t) {
    if (!valid(j, t)) return -1;
    int parent = j->tok[t].parent;
    int n = j->next[t];
    return (parent >= 0 && n < j->next[parent]) ? n : -1;
}

int json_first_key(const json_scan *j, int obj) {
    return json_type_of(j, obj) == JT_OBJECT ? first_child(j, obj) : -1;
}

int json_next_key(const json_scan *j, int key) { return next_sibling(j, key); }

int json_value(const json_scan *j, int key) {
    if (!valid(j, key) || j->tok[key].type != JSMN_STRING) return -1;
    return first_child(j, key);
}

int json_first_elem(const json_scan *j, int arr) {
    return json_type_of(j, arr) == JT_ARRAY ? first_child(j, arr) : -1;
}

int json_next_elem(const json_scan *j, int elem) { return next_sibling(j, elem); }

int json_get(const json_scan *j, int obj, sv key) {
    for (int k = json_first_key(j, obj); k >= 0; k = json_next_key(j, k))
        if (sv_eq(json_raw(j, k), key)) return json_value(j, k);
    return -1;
}

int json_path(const json_scan *j, int obj, sv path) {
    for (int k = json_first_key(j, obj); k >= 0; k = json_next_key(j, k)) {
        sv name = json_raw(j, k);
        if (name.n > path.n || memcmp(name.p, path.p, name.n) != 0) continue;
        int v = json_value(j, k);
        if (name.n == path.n) return v;
        if (path.p[name.n] == '.' && json_type_of(j, v) == JT_OBJECT) {
            int found = json_path(j, v, sv_sub(path, name.n + 1, path.n));
            if (found >= 0) return found;
        }
    }
    return -1;
}

/* Four hex digits at s[i], or -1. */
static long hex4(sv s, size_t i) {
    if (i + 4 > s.n) return -1;
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hex_digit(s.p[i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

sv json_string(const json_scan *j, int t, scratch *s) {
    sv raw = json_raw(j, t);
    if (json_type_of(j, t) != JT_STRING || sv_find_char(raw, '\\') < 0) return raw;
    /* Every escape decodes to no more bytes than it is written with
     * (\uXXXX: 6 -> at most 3; a surrogate pair: 12 -> 4). */
    char *o = scratch_take(s, raw.n);
    if (!o) return raw;
    size_t n = 0;
    for (size_t i = 0; i < raw.n; i++) {
        char c = raw.p[i];
        if (c != '\\' || i + 1 >= raw.n) {
            o[n++] = c;
            continue;
        }
        c = raw.p[++i];
        switch (c) {
        case 'b': o[n++] = '\b'; break;
        case 'f': o[n++] = '\f'; break;
        case 'n': o[n++] = '\n'; break;
        case 'r': o[n++] = '\r'; break;
        case 't': o[n++] = '\t'; break;
        case 'u': {
            long cp = hex4(raw, i + 1);
            if (cp < 0) {
                o[n++] = 'u';
                break;
            }
            i += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                long lo = (i + 2 < raw.n && raw.p[i + 1] == '\\' && raw.p[i + 2] == 'u') ? hex4(raw, i + 3) : -1;
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    i += 6;
                } else {
                    cp = 0xfffd;
                }
            } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                cp = 0xfffd;
            }
            n += utf8_encode(o + n, (uint32_t)cp);
            break;
        }
        default: o[n++] = c; break; /* \" \\ \/ */
        }
    }
    scratch_trim(s, o, n);
    return sv_make(o, n);
}
