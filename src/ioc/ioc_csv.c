/* ioc_csv.c - indicator lists as CSV, with a header naming the columns.
 *
 * RFC 4180 records (quoted cells, "" escapes, line breaks inside quotes),
 * separated by ',' ';' or tab (whichever the header uses most). The header
 * is the first line, or - as in abuse.ch exports, whose header is a comment -
 * the last '#' line before the first record. Header cells are compared in
 * lowercase with ' ' and '_' read as '-'. Recognised columns:
 *   type   type, ioc-type, indicator-type, attribute-type, kind     (MISP, OTX, ThreatFox)
 *   value  value, indicator, ioc, ioc-value, observable, data       (auto-typed if no type column)
 *   typed  domain/hostname/host/fqdn, ip/ip-address/dst-ip/ipv4/ipv6, url, uri,
 *          path/url-path, user-agent/useragent/ua, cidr/network/subnet   (URLhaus, Feodo)
 *   port   port, dst-port, dest-port, destination-port (joined to a domain or IP)
 *   to-ids MISP's flag: rows with 0/false are left out unless --misp-all
 *   label  description, comment, threat, malware-printable, malware, threat-type, name, title, tags
 * Every non-empty typed cell of a row is an indicator. */
#include "ioc/ioc_load.h"
#include "core/buf.h"
#include "formats/url.h"

#include <stdio.h>
#include <string.h>

enum { ROLE_TYPE, ROLE_VALUE, ROLE_TYPED, ROLE_PORT, ROLE_TO_IDS, ROLE_LABEL };

static const struct {
    const char *name;
    int role;
    const char *type;   /* ROLE_TYPED: the vocabulary name; ROLE_LABEL: priority (lower wins) as text */
} columns[] = {
    {"type", ROLE_TYPE, NULL}, {"ioc-type", ROLE_TYPE, NULL}, {"indicator-type", ROLE_TYPE, NULL},
    {"attribute-type", ROLE_TYPE, NULL}, {"kind", ROLE_TYPE, NULL}, {"observable-type", ROLE_TYPE, NULL},
    {"value", ROLE_VALUE, NULL}, {"indicator", ROLE_VALUE, NULL}, {"ioc", ROLE_VALUE, NULL},
    {"ioc-value", ROLE_VALUE, NULL}, {"observable", ROLE_VALUE, NULL}, {"observable-value", ROLE_VALUE, NULL},
    {"attribute-value", ROLE_VALUE, NULL}, {"indicator-value", ROLE_VALUE, NULL}, {"data", ROLE_VALUE, NULL},
    {"domain", ROLE_TYPED, "domain"}, {"hostname", ROLE_TYPED, "domain"}, {"host", ROLE_TYPED, "domain"},
    {"fqdn", ROLE_TYPED, "domain"}, {"domain-name", ROLE_TYPED, "domain"},
    {"ip", ROLE_TYPED, "ip"}, {"ip-address", ROLE_TYPED, "ip"}, {"ipv4", ROLE_TYPED, "ip"},
    {"ipv6", ROLE_TYPED, "ip"}, {"dst-ip", ROLE_TYPED, "ip"}, {"ip-dst", ROLE_TYPED, "ip"},
    {"dest-ip", ROLE_TYPED, "ip"}, {"destination-ip", ROLE_TYPED, "ip"}, {"ip-addr", ROLE_TYPED, "ip"},
    {"url", ROLE_TYPED, "url"}, {"uri", ROLE_TYPED, "uri"},
    {"path", ROLE_TYPED, "path"}, {"url-path", ROLE_TYPED, "path"}, {"uri-path", ROLE_TYPED, "path"},
    {"user-agent", ROLE_TYPED, "user-agent"}, {"useragent", ROLE_TYPED, "user-agent"},
    {"ua", ROLE_TYPED, "user-agent"}, {"http-user-agent", ROLE_TYPED, "user-agent"},
    {"cidr", ROLE_TYPED, "cidr"}, {"network", ROLE_TYPED, "cidr"}, {"subnet", ROLE_TYPED, "cidr"},
    {"netblock", ROLE_TYPED, "cidr"},
    {"port", ROLE_PORT, NULL}, {"dst-port", ROLE_PORT, NULL}, {"dest-port", ROLE_PORT, NULL},
    {"destination-port", ROLE_PORT, NULL},
    {"to-ids", ROLE_TO_IDS, NULL},
    {"description", ROLE_LABEL, "0"}, {"comment", ROLE_LABEL, "1"}, {"threat", ROLE_LABEL, "2"},
    {"malware-printable", ROLE_LABEL, "3"}, {"malware", ROLE_LABEL, "4"}, {"threat-type", ROLE_LABEL, "5"},
    {"name", ROLE_LABEL, "6"}, {"title", ROLE_LABEL, "7"}, {"tags", ROLE_LABEL, "8"},
};

static int column_find(sv cell) {
    char n[40];
    cell = sv_trim(cell);
    if (cell.n >= sizeof n) return -1;
    for (size_t i = 0; i < cell.n; i++) {
        char c = cell.p[i];
        n[i] = c == ' ' || c == '_' ? '-' : (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    n[cell.n] = 0;
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        if (!strcmp(columns[i].name, n)) return (int)i;
    return -1;
}

#define CSV_MAX_CELLS 64

typedef struct csv_record {
    size_t n;
    sv cell[CSV_MAX_CELLS];
    uint64_t line;         /* where the record starts */
} csv_record;

/* Reads one record from *rest into rec (cells live in `scratch` until the
 * next call). Returns false at the end of the data. */
static bool csv_next(sv *rest, char sep, buf *scratch, csv_record *rec, uint64_t *lineno) {
    if (!rest->n) return false;
    const char *p = rest->p;
    size_t len = rest->n, i = 0, n = 0;
    size_t starts[CSV_MAX_CELLS], ends[CSV_MAX_CELLS];
    buf_clear(scratch);
    buf_reserve(scratch, 64); /* cells point into it, even empty ones */
    rec->line = ++*lineno;
    for (;;) {
        size_t cs = scratch->len;
        while (i < len && (p[i] == ' ' || (p[i] == '\t' && sep != '\t'))) i++;
        if (i < len && p[i] == '"') {
            i++;
            while (i < len) {
                if (p[i] == '"') {
                    if (i + 1 < len && p[i + 1] == '"') {
                        buf_putc(scratch, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (p[i] == '\n') ++*lineno;
                buf_putc(scratch, p[i++]);
            }
            while (i < len && p[i] != sep && p[i] != '\n') i++;
        } else {
            size_t s = i;
            while (i < len && p[i] != sep && p[i] != '\n') i++;
            buf_put(scratch, p + s, i - s);
        }
        if (n < CSV_MAX_CELLS) starts[n] = cs, ends[n] = scratch->len, n++;
        if (i < len && p[i] == sep) {
            i++;
            continue;
        }
        if (i < len) i++; /* the '\n' */
        break;
    }
    *rest = sv_sub(*rest, i, rest->n);
    rec->n = n;
    for (size_t k = 0; k < n; k++) rec->cell[k] = sv_trim(sv_make(scratch->p + starts[k], ends[k] - starts[k]));
    return true;
}

/* The separator a header line uses most (outside quotes). */
static char guess_sep(sv line) {
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < line.n; i++) {
        char c = line.p[i];
        if (c == '"') quoted = !quoted;
        else if (!quoted) comma += c == ',', semi += c == ';', tab += c == '\t';
    }
    if (tab > comma && tab >= semi) return '\t';
    if (semi > comma) return ';';
    return ',';
}

typedef struct csv_layout {
    int type_col, value_col, port_col, to_ids_col, label_col, label_prio;
    int typed_col[CSV_MAX_CELLS];    /* column -> index in columns[] of a typed column, or -1 */
    bool any_value;
} csv_layout;

static void layout_from(const csv_record *h, csv_layout *lay) {
    lay->type_col = lay->value_col = lay->port_col = lay->to_ids_col = lay->label_col = -1;
    lay->label_prio = 99;
    lay->any_value = false;
    for (size_t c = 0; c < CSV_MAX_CELLS; c++) lay->typed_col[c] = -1;
    for (size_t c = 0; c < h->n; c++) {
        int k = column_find(h->cell[c]);
        if (k < 0) continue;
        switch (columns[k].role) {
        case ROLE_TYPE: if (lay->type_col < 0) lay->type_col = (int)c; break;
        case ROLE_VALUE: if (lay->value_col < 0) lay->value_col = (int)c; lay->any_value = true; break;
        case ROLE_TYPED: lay->typed_col[c] = k; lay->any_value = true; break;
        case ROLE_PORT: if (lay->port_col < 0) lay->port_col = (int)c; break;
        case ROLE_TO_IDS: if (lay->to_ids_col < 0) lay->to_ids_col = (int)c; break;
        case ROLE_LABEL:
            if (columns[k].type[0] - '0' < lay->label_prio) lay->label_prio = columns[k].type[0] - '0', lay->label_col = (int)c;
            break;
        }
    }
}

/* A header hidden in a comment must look like one: every cell a single word
 * ("first_seen_utc", "dst_ip"), so a comment such as "# domain, ip and url
 * indicators" is not taken for a header. */
static bool all_cells_are_names(const csv_record *h) {
    for (size_t c = 0; c < h->n; c++) {
        if (!h->cell[c].n) return false;
        for (size_t i = 0; i < h->cell[c].n; i++) {
            char ch = h->cell[c].p[i];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                  ch == '-'))
                return false;
        }
    }
    return true;
}

/* Finds the header: the first record line, or the last comment line before
 * it when that one names the columns. On success *rest is past the header. */
static bool find_header(sv *rest, buf *scratch, csv_record *hdr, char *sep, uint64_t *lineno) {
    sv last_comment = SV_NULL, cur = *rest;
    uint64_t ln = 0, comment_ln = 0;
    while (cur.n) {
        ptrdiff_t nl = sv_find_char(cur, '\n');
        sv line = nl < 0 ? cur : sv_sub(cur, 0, (size_t)nl);
        sv t = sv_trim(line);
        sv after = nl < 0 ? SV_NULL : sv_sub(cur, (size_t)nl + 1, cur.n);
        ln++;
        if (!t.n) {
            cur = after;
            continue;
        }
        if (t.p[0] == '#') {
            last_comment = t, comment_ln = ln;
            cur = after;
            continue;
        }
        csv_layout lay;
        *sep = guess_sep(t);
        sv one = cur;
        uint64_t l0 = ln - 1;
        csv_next(&one, *sep, scratch, hdr, &l0);
        layout_from(hdr, &lay);
        if (lay.any_value) {
            *rest = one, *lineno = l0;
            return true;
        }
        if (last_comment.n) {
            size_t k = 0;
            while (k < last_comment.n && (last_comment.p[k] == '#' || last_comment.p[k] == ' ')) k++;
            sv c = sv_sub(last_comment, k, last_comment.n);
            *sep = guess_sep(c);
            uint64_t lc = comment_ln - 1;
            csv_next(&c, *sep, scratch, hdr, &lc);
            layout_from(hdr, &lay);
            if (lay.any_value && hdr->n >= 2 && all_cells_are_names(hdr)) {
                *rest = cur, *lineno = ln - 1;
                return true;
            }
        }
        return false;
    }
    return false;
}

bool ioc_csv_sniff(sv data) {
    buf scratch = {0};
    csv_record hdr;
    char sep;
    uint64_t ln = 0;
    bool ok = find_header(&data, &scratch, &hdr, &sep, &ln);
    buf_free(&scratch);
    return ok;
}

static bool false_flag(sv v) {
    return sv_eq(v, SV("0")) || sv_case_eq(v, SV("false")) || sv_case_eq(v, SV("no"));
}

/* A row's port is joined to domains and addresses (not to URLs or paths). */
static bool port_applies(sv type) {
    return !type.n || sv_case_eq(type, SV("domain")) || sv_case_eq(type, SV("hostname")) ||
           sv_case_eq(type, SV("host")) || sv_case_eq(type, SV("fqdn")) || sv_case_starts_with(type, SV("ip"));
}

/* Adds one cell, joining the row's port to a domain or IP without one. */
static void add_cell(ioc_loader *l, sv type, sv value, sv port, const char *where, sv label) {
    if (!value.n || sv_is_dash(value)) return;
    uint64_t p;
    if (port.n && port_applies(type) && sv_to_u64(port, &p) && p > 0 && p <= 65535 && value.n < 300) {
        ioc_type t = ioc_guess_type(value, NULL);
        sv host;
        int32_t existing;
        host_port_split(value, &host, &existing);
        if ((t == IOC_DOMAIN || t == IOC_IP) && !existing) {
            char joined[320];
            snprintf(joined, sizeof joined, "%.*s|%u", (int)value.n, value.p, (unsigned)p);
            ioc_loader_add(l, SV("hostname|port"), sv_cstr(joined), where, label);
            return;
        }
    }
    ioc_loader_add(l, type, value, where, label);
}

int ioc_load_csv(ioc_loader *l, sv data) {
    buf scratch = {0};
    csv_record rec;
    char sep;
    uint64_t lineno = 0;
    if (!find_header(&data, &scratch, &rec, &sep, &lineno)) {
        buf_free(&scratch);
        snprintf(l->error, sizeof l->error,
                 "CSV without a header naming the indicator column (value, indicator, domain, ip, url, ...)");
        return -1;
    }
    csv_layout lay;
    layout_from(&rec, &lay);
    while (csv_next(&data, sep, &scratch, &rec, &lineno)) {
        if (rec.n == 1 && (!rec.cell[0].n || rec.cell[0].p[0] == '#')) continue; /* blank or comment */
        char where[512];
        snprintf(where, sizeof where, "%s:%llu", l->name, (unsigned long long)rec.line);
        sv cell_type = lay.type_col >= 0 && (size_t)lay.type_col < rec.n ? rec.cell[lay.type_col] : SV_NULL;
        sv port = lay.port_col >= 0 && (size_t)lay.port_col < rec.n ? rec.cell[lay.port_col] : SV_NULL;
        sv label = lay.label_col >= 0 && (size_t)lay.label_col < rec.n ? rec.cell[lay.label_col] : SV_NULL;
        if (lay.to_ids_col >= 0 && (size_t)lay.to_ids_col < rec.n && false_flag(rec.cell[lay.to_ids_col]) &&
            !(l->opts && l->opts->misp_all)) {
            l->set->excluded++;
            continue;
        }
        if (lay.value_col >= 0 && (size_t)lay.value_col < rec.n)
            add_cell(l, cell_type, rec.cell[lay.value_col], port, where, label);
        for (size_t c = 0; c < rec.n; c++)
            if (lay.typed_col[c] >= 0) add_cell(l, sv_cstr(columns[lay.typed_col[c]].type), rec.cell[c], port, where, label);
    }
    buf_free(&scratch);
    return 0;
}
