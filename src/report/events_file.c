/* events_file.c - reading the --events file; see events_file.h. */
#include "report/events_file.h"
#include "core/mtime.h"
#include "core/utf8.h"
#include "core/util.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void report_events_init(report_events *ev) {
    arena_init(&ev->strings, 16 * 1024);
    vec_init(&ev->items, sizeof(report_event));
    vec_init(&ev->problems, sizeof(char *));
    ev->skipped = 0;
}

void report_events_free(report_events *ev) {
    vec_free(&ev->items);
    vec_free(&ev->problems);
    arena_free(&ev->strings);
}

static void problem(report_events *ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(report_events *ev, const char *fmt, ...) {
    ev->skipped++;
    if (ev->problems.len >= EVENTS_MAX_PROBLEMS) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    *(char **)vec_push(&ev->problems) = arena_strdup(&ev->strings, msg);
}

static sv keep_text(report_events *ev, sv s) {
    s = sv_trim(s);
    size_t n = utf8_truncate(s.p, s.n, EVENTS_MAX_TEXT);
    return sv_make(arena_strndup(&ev->strings, s.p, n), n);
}

/* ISO 8601 (no offset = the display zone) or Unix seconds. */
static bool parse_time(sv s, int64_t *ms) {
    s = sv_trim(s);
    if (mtime_parse_epoch(s, ms)) return true;
    int64_t as_utc;
    if (!mtime_parse_iso8601(s, &as_utc, NULL, 0)) return false;
    return mtime_parse_iso8601(s, ms, NULL, display_offset_at(as_utc));
}

static void add_event(report_events *ev, int64_t ms, sv label, sv kind) {
    report_event *e = vec_push(&ev->items);
    e->ms = ms;
    e->label = keep_text(ev, label);
    e->kind = keep_text(ev, kind);
}

/* ---- CSV ---------------------------------------------------------------- */

/* Next RFC 4180 field of a single line; quoted fields are unquoted into
 * `tmp`. Returns false at the end of the line. */
static bool csv_next(sv *line, sv *field, char *tmp, size_t tmpsz, bool *done) {
    if (*done) return false;
    sv s = *line;
    size_t i = 0;
    while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t')) i++;
    if (i < s.n && s.p[i] == '"') {
        size_t n = 0;
        for (i++; i < s.n; i++) {
            if (s.p[i] == '"') {
                if (i + 1 < s.n && s.p[i + 1] == '"') i++;
                else break;
            }
            if (n < tmpsz) tmp[n++] = s.p[i];
        }
        i++; /* past the closing quote */
        *field = sv_make(tmp, n);
        while (i < s.n && s.p[i] != ',') i++;
    } else {
        size_t start = i;
        while (i < s.n && s.p[i] != ',') i++;
        *field = sv_make(s.p + start, i - start);
    }
    if (i < s.n) *line = sv_sub(s, i + 1, s.n);
    else *done = true;
    return true;
}

static void parse_csv(report_events *ev, sv text) {
    uint64_t lineno = 0;
    sv line;
    bool first = true;
    while (sv_split_char(&text, '\n', &line)) {
        lineno++;
        sv t = sv_trim(line);
        if (!t.n || t.p[0] == '#') continue;
        char tbuf[64], lbuf[EVENTS_MAX_TEXT * 2], kbuf[EVENTS_MAX_TEXT * 2];
        sv time = SV_NULL, label = SV_NULL, kind = SV_NULL;
        bool done = false;
        bool has_time = csv_next(&t, &time, tbuf, sizeof tbuf, &done);
        bool has_label = csv_next(&t, &label, lbuf, sizeof lbuf, &done);
        csv_next(&t, &kind, kbuf, sizeof kbuf, &done);
        if (first && has_time && sv_case_eq(sv_trim(time), SV("time"))) {
            first = false;
            continue;
        }
        first = false;
        int64_t ms;
        if (!has_time || !parse_time(time, &ms)) {
            problem(ev, "line %llu: the time is not ISO 8601 or Unix seconds", (unsigned long long)lineno);
            continue;
        }
        if (!has_label || !sv_trim(label).n) {
            problem(ev, "line %llu: no label (expected time,label[,kind])", (unsigned long long)lineno);
            continue;
        }
        add_event(ev, ms, label, kind);
    }
}

/* ---- JSON --------------------------------------------------------------- */

static void parse_json_item(report_events *ev, size_t idx, json_t *item) {
    if (!json_is_object(item)) {
        problem(ev, "item %zu: not an object", idx + 1);
        return;
    }
    json_t *time = json_object_get(item, "time"), *label = json_object_get(item, "label");
    json_t *kind = json_object_get(item, "kind");
    int64_t ms;
    if (json_is_integer(time)) {
        ms = (int64_t)json_integer_value(time);
        if (ms > INT64_MAX / 1000 || ms < -INT64_MAX / 1000) {
            problem(ev, "item %zu: time out of range", idx + 1);
            return;
        }
        ms *= 1000;
    } else if (!json_is_string(time) ||
               !parse_time(sv_make(json_string_value(time), json_string_length(time)), &ms)) {
        problem(ev, "item %zu: \"time\" is not ISO 8601 or Unix seconds", idx + 1);
        return;
    }
    if (!json_is_string(label) || !json_string_length(label)) {
        problem(ev, "item %zu: no \"label\" string", idx + 1);
        return;
    }
    sv k = json_is_string(kind) ? sv_make(json_string_value(kind), json_string_length(kind)) : SV("");
    add_event(ev, ms, sv_make(json_string_value(label), json_string_length(label)), k);
}

static void parse_json(report_events *ev, sv text) {
    json_error_t jerr;
    json_t *root = json_loadb(text.p, text.n, JSON_DECODE_ANY, &jerr);
    if (!root) {
        problem(ev, "JSON error at line %d: %.120s", jerr.line, jerr.text);
        return;
    }
    json_t *list = json_is_object(root) ? json_object_get(root, "events") : root;
    if (!json_is_array(list)) problem(ev, "expected an array of events or {\"events\": [...]}");
    else
        for (size_t i = 0; i < json_array_size(list); i++) parse_json_item(ev, i, json_array_get(list, i));
    json_decref(root);
}

static int cmp_event(const void *a, const void *b) {
    int64_t x = ((const report_event *)a)->ms, y = ((const report_event *)b)->ms;
    return (x > y) - (x < y);
}

void report_events_parse(report_events *ev, sv text) {
    sv t = sv_trim(text);
    if (t.n && (t.p[0] == '[' || t.p[0] == '{')) parse_json(ev, t);
    else parse_csv(ev, text);
    vec_sort(&ev->items, cmp_event);
}

bool report_events_load(report_events *ev, const char *path, char *err, size_t errsz) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return false;
    }
    char *data = xmalloc(EVENTS_MAX_FILE + 1);
    size_t n = fread(data, 1, EVENTS_MAX_FILE + 1, f);
    bool failed = ferror(f);
    fclose(f);
    if (failed || n > EVENTS_MAX_FILE) {
        snprintf(err, errsz, "%s: %s", path, failed ? "read error" : "larger than 16 MB; an events file is a short list");
        free(data);
        return false;
    }
    report_events_parse(ev, sv_make(data, n));
    free(data);
    return true;
}
