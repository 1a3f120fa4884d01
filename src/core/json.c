/* json.c - JSON and CSV writing; see json.h. */
#include "core/json.h"
#include "core/mtime.h"
#include "core/utf8.h"

#include <math.h>
#include <stdio.h>

void json_escape(buf *b, sv s, bool html_safe) {
    static const char hex[] = "0123456789abcdef";
    buf_reserve(b, s.n + 2);
    buf_putc(b, '"');
    size_t i = 0, plain = 0;
    while (i < s.n) {
        unsigned char c = (unsigned char)s.p[i];
        if (c >= 0x80) {
            size_t len = utf8_valid_prefix(s.p + i, s.n - i);
            if (len) {
                i += len;
                continue;
            }
            buf_put(b, s.p + plain, i - plain);
            buf_puts(b, "\\ufffd");
            i++;
            plain = i;
            continue;
        }
        const char *esc = NULL;
        char u[7];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7f || (html_safe && (c == '<' || c == '>' || c == '&' || c == '\''))) {
                u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4], u[5] = hex[c & 15], u[6] = 0;
                esc = u;
            }
        }
        if (esc) {
            buf_put(b, s.p + plain, i - plain);
            buf_puts(b, esc);
            plain = i + 1;
        }
        i++;
    }
    buf_put(b, s.p + plain, s.n - plain);
    buf_putc(b, '"');
}

void jw_init(jw *w, buf *b) {
    w->b = b;
    w->depth = 0;
    w->html_safe = false;
    w->after_key = false;
    w->has_items[0] = false;
}

/* Commas come from the writer's own state, never from the buffer's contents,
 * so a caller may flush the buffer in the middle of a document. */
static void before_value(jw *w) {
    if (w->after_key) w->after_key = false;
    else if (w->depth > 0 && w->has_items[w->depth]) buf_putc(w->b, ',');
    w->has_items[w->depth] = true;
}

static void open(jw *w, char c) {
    before_value(w);
    buf_putc(w->b, c);
    if (w->depth < JW_MAX_DEPTH - 1) w->depth++;
    w->has_items[w->depth] = false;
}

static void close_(jw *w, char c) {
    buf_putc(w->b, c);
    if (w->depth > 0) w->depth--;
}

void jw_obj_begin(jw *w) { open(w, '{'); }
void jw_obj_end(jw *w) { close_(w, '}'); }
void jw_arr_begin(jw *w) { open(w, '['); }
void jw_arr_end(jw *w) { close_(w, ']'); }

void jw_key_sv(jw *w, sv key) {
    if (w->has_items[w->depth]) buf_putc(w->b, ',');
    w->has_items[w->depth] = true;
    json_escape(w->b, key, w->html_safe);
    buf_putc(w->b, ':');
    w->after_key = true;
}

void jw_key(jw *w, const char *key) { jw_key_sv(w, sv_cstr(key)); }

void jw_str(jw *w, sv s) {
    before_value(w);
    json_escape(w->b, s, w->html_safe);
}

void jw_cstr(jw *w, const char *s) {
    if (!s) {
        jw_null(w);
        return;
    }
    jw_str(w, sv_cstr(s));
}

void jw_int(jw *w, int64_t v) {
    before_value(w);
    buf_put_i64(w->b, v);
}

void jw_double(jw *w, double v) {
    before_value(w);
    if (!isfinite(v)) {
        buf_puts(w->b, "null");
        return;
    }
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.6g", v);
    buf_puts(w->b, tmp);
}

void jw_bool(jw *w, bool v) {
    before_value(w);
    buf_puts(w->b, v ? "true" : "false");
}

void jw_null(jw *w) {
    before_value(w);
    buf_puts(w->b, "null");
}

void jw_time(jw *w, int64_t ms) {
    if (ms == MTIME_NONE) {
        jw_null(w);
        return;
    }
    char t[MTIME_BUFSZ];
    jw_cstr(w, mtime_format_iso(ms, false, t));
}

void jw_raw(jw *w, const char *json) {
    before_value(w);
    buf_puts(w->b, json);
}

static bool looks_numeric(sv s) {
    double d;
    return sv_to_double(s, &d);
}

void csv_field(buf *b, sv s) {
    /* a lone "-" is how logs write "not logged": no formula */
    bool formula = s.n && (s.p[0] == '=' || s.p[0] == '+' || s.p[0] == '-' || s.p[0] == '@' || s.p[0] == '\t' ||
                           s.p[0] == '\r') && !looks_numeric(s) && !(s.n == 1 && s.p[0] == '-');
    bool quote = formula;
    for (size_t i = 0; i < s.n && !quote; i++)
        if (s.p[i] == ',' || s.p[i] == '"' || s.p[i] == '\n' || s.p[i] == '\r') quote = true;
    if (!quote) {
        buf_putsv(b, s);
        return;
    }
    buf_putc(b, '"');
    if (formula) buf_putc(b, '\'');
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '"') buf_putc(b, '"');
        buf_putc(b, s.p[i]);
    }
    buf_putc(b, '"');
}
