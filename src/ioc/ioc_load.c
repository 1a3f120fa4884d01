/* ioc_load.c - reading an indicator file and choosing its loader; see ioc_load.h. */
#include "ioc/ioc_load.h"
#include "core/buf.h"
#include "io/stream.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *const format_names[] = {"auto", "text", "csv", "stix", "misp"};

const char *ioc_format_name(ioc_format f) {
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "unknown";
}

bool ioc_format_parse(const char *name, ioc_format *out) {
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (!strcmp(name, format_names[i])) {
            *out = (ioc_format)i;
            return true;
        }
    if (!strcmp(name, "txt") || !strcmp(name, "plain")) return *out = IOC_FMT_TEXT, true;
    if (!strcmp(name, "stix2") || !strcmp(name, "stix21")) return *out = IOC_FMT_STIX, true;
    return false;
}

ioc_add_result ioc_loader_add(ioc_loader *l, sv type_name, sv value, const char *where, sv label) {
    const char *why = NULL;
    ioc_add_result r = ioc_add_named(l->set, type_name, value, where, label, &why);
    if (r == IOC_BAD) ioc_loader_problem(l, where, why ? why : "not a usable indicator", value);
    return r;
}

void ioc_loader_problem(ioc_loader *l, const char *where, const char *why, sv text) {
    if (l->opts && l->opts->problem) l->opts->problem(l->opts->ctx, where, why, text);
}

/* STIX or MISP from the shape of the top level; IOC_FMT_AUTO when neither. */
static ioc_format json_kind(const json_t *root) {
    const json_t *probe = root;
    if (json_is_array(root)) probe = json_array_size(root) ? json_array_get(root, 0) : NULL;
    if (!json_is_object(probe)) return IOC_FMT_AUTO;
    if (json_object_get(probe, "Event") || json_object_get(probe, "Attribute") || json_object_get(probe, "response"))
        return IOC_FMT_MISP;
    const char *type = json_string_value(json_object_get(probe, "type"));
    if (json_is_array(json_object_get(probe, "objects")) || (type && (!strcmp(type, "bundle") || !strcmp(type, "indicator"))))
        return IOC_FMT_STIX;
    if (json_is_array(root) && type) return IOC_FMT_STIX; /* a bare list of STIX objects */
    return IOC_FMT_AUTO;
}

static sv skip_bom_and_space(sv d) {
    if (d.n >= 3 && !memcmp(d.p, "\xef\xbb\xbf", 3)) d = sv_sub(d, 3, d.n);
    size_t i = 0;
    while (i < d.n && (d.p[i] == ' ' || d.p[i] == '\t' || d.p[i] == '\r' || d.p[i] == '\n')) i++;
    return sv_sub(d, i, d.n);
}

/* An object, or an array of objects. A text file may start with '[' too:
 * "[2001:db8::1]:443" is an indicator. */
static bool looks_like_json(sv d) {
    if (!d.n) return false;
    if (d.p[0] == '{') return true;
    if (d.p[0] != '[') return false;
    sv rest = skip_bom_and_space(sv_sub(d, 1, d.n));
    return rest.n && (rest.p[0] == '{' || rest.p[0] == ']');
}

ioc_format ioc_detect_format(const char *data, size_t len) {
    sv d = skip_bom_and_space(sv_make(data, len));
    if (looks_like_json(d)) {
        json_t *root = json_loadb(d.p, d.n, 0, NULL);
        ioc_format f = root ? json_kind(root) : IOC_FMT_AUTO;
        json_decref(root);
        if (f != IOC_FMT_AUTO) return f;
    }
    return ioc_csv_sniff(d) ? IOC_FMT_CSV : IOC_FMT_TEXT;
}

static int load_json(ioc_loader *l, sv d, ioc_format *fmt) {
    json_error_t jerr;
    json_t *root = json_loadb(d.p, d.n, 0, &jerr);
    if (!root) {
        snprintf(l->error, sizeof l->error, "not valid JSON: %s (line %d, column %d)", jerr.text, jerr.line,
                 jerr.column);
        return -1;
    }
    if (*fmt == IOC_FMT_AUTO) *fmt = json_kind(root);
    int rc = -1;
    if (*fmt == IOC_FMT_STIX) rc = ioc_load_stix(l, root);
    else if (*fmt == IOC_FMT_MISP) rc = ioc_load_misp(l, root);
    else snprintf(l->error, sizeof l->error, "JSON that is neither a STIX 2.1 bundle nor a MISP event");
    json_decref(root);
    return rc;
}

int ioc_load_buffer(ioc_set *s, const char *name, const char *data, size_t len, const ioc_load_opts *o,
                    ioc_load_result *res) {
    memset(res, 0, sizeof *res);
    ioc_loader l = {.set = s, .name = name, .opts = o};
    uint64_t added0 = ioc_count(s), bad0 = s->bad, dup0 = s->duplicates, uns0 = s->unsupported, exc0 = s->excluded;
    sv d = skip_bom_and_space(sv_make(data, len));
    ioc_format fmt = o ? o->format : IOC_FMT_AUTO;
    int rc = 0;
    if (fmt == IOC_FMT_STIX || fmt == IOC_FMT_MISP || (fmt == IOC_FMT_AUTO && looks_like_json(d))) {
        rc = load_json(&l, d, &fmt);
    } else if (fmt == IOC_FMT_AUTO) {
        fmt = ioc_csv_sniff(d) ? IOC_FMT_CSV : IOC_FMT_TEXT;
    }
    if (rc == 0 && fmt == IOC_FMT_CSV) rc = ioc_load_csv(&l, d);
    else if (rc == 0 && fmt == IOC_FMT_TEXT) ioc_load_text(&l, d);
    res->format = fmt;
    res->added = ioc_count(s) - added0;
    res->bad = s->bad - bad0;
    res->duplicates = s->duplicates - dup0;
    res->unsupported = s->unsupported - uns0;
    res->excluded = s->excluded - exc0;
    if (rc < 0) snprintf(res->error, sizeof res->error, "%s", l.error);
    return rc;
}

int ioc_load_file(ioc_set *s, const char *path, const ioc_load_opts *o, ioc_load_result *res) {
    char err[200];
    memset(res, 0, sizeof *res);
    stream *st = stream_open(path, err, sizeof err);
    if (!st) {
        snprintf(res->error, sizeof res->error, "cannot open: %s", err);
        return -1;
    }
    buf data = {0};
    char chunk[1 << 16];
    ssize_t n;
    while ((n = stream_read(st, chunk, sizeof chunk)) > 0) {
        if (data.len + (size_t)n > IOC_FILE_MAX) {
            n = -2;
            break;
        }
        buf_put(&data, chunk, (size_t)n);
    }
    if (n < 0) {
        if (n == -2) snprintf(res->error, sizeof res->error, "larger than %zu MB: refused", IOC_FILE_MAX >> 20);
        else snprintf(res->error, sizeof res->error, "read error: %s", stream_error(st));
        stream_close(st);
        buf_free(&data);
        return -1;
    }
    stream_close(st);
    int rc = ioc_load_buffer(s, path, data.p ? data.p : "", data.len, o, res);
    buf_free(&data);
    return rc;
}
