/* diag.c - user-facing diagnostics on stderr; see diag.h. */
#include "core/diag.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static diag_level level = DIAG_NORMAL;

void diag_set_level(diag_level lvl) { level = lvl; }
diag_level diag_get_level(void) { return level; }

static void vsay(const char *prefix, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vsay(const char *prefix, const char *fmt, va_list ap) {
    fputs("mitsuke: ", stderr);
    if (prefix) fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void diag_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsay("error: ", fmt, ap);
    va_end(ap);
}

void diag_warn(const char *fmt, ...) {
    if (level < DIAG_NORMAL) return;
    va_list ap;
    va_start(ap, fmt);
    vsay("warning: ", fmt, ap);
    va_end(ap);
}

void diag_info(const char *fmt, ...) {
    if (level < DIAG_VERBOSE) return;
    va_list ap;
    va_start(ap, fmt);
    vsay(NULL, fmt, ap);
    va_end(ap);
}

static unsigned vrecord(unsigned shown, const char *source, const char *where, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static unsigned vrecord(unsigned shown, const char *source, const char *where, const char *fmt, va_list ap) {
    if (level < DIAG_NORMAL) return shown + 1;
    if (shown < DIAG_RECORD_LIMIT) {
        fprintf(stderr, "mitsuke: %s: %s: ", diag_safe(source), where);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    } else if (shown == DIAG_RECORD_LIMIT) {
        fprintf(stderr, "mitsuke: %s: more bad records; only counting them now (see `mitsuke coverage`)\n",
                diag_safe(source));
    }
    return shown + 1;
}

unsigned diag_record(unsigned shown, const char *source, uint64_t line, uint64_t offset, const char *fmt, ...) {
    char where[64];
    snprintf(where, sizeof where, "line %llu (offset %llu)", (unsigned long long)line, (unsigned long long)offset);
    va_list ap;
    va_start(ap, fmt);
    shown = vrecord(shown, source, where, fmt, ap);
    va_end(ap);
    return shown;
}

unsigned diag_record_at(unsigned shown, const char *source, const char *where, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    shown = vrecord(shown, source, where, fmt, ap);
    va_end(ap);
    return shown;
}

const char *diag_safe(const char *s) {
    static char out[1024];
    size_t o = 0, n = s ? strlen(s) : 0, i = 0;
    while (i < n && o + 5 < sizeof out) {
        unsigned char c = (unsigned char)s[i];
        size_t k = utf8_valid_prefix(s + i, n - i);
        if (c < 0x20 || c == 0x7f || k == 0) {
            out[o++] = '?';
            i++;
            continue;
        }
        memcpy(out + o, s + i, k);
        o += k;
        i += k;
    }
    if (i < n && o + 4 < sizeof out) memcpy(out + o, "...", 3), o += 3;
    out[o] = 0;
    return out;
}
