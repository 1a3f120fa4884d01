/* samba_audit.c - Samba vfs_full_audit records in syslog ("samba-audit").
 *
 *   2015-05-21T18:03:12.123456+09:00 fs01 smbd_audit: yamada.taro|10.20.3.45|pc00345|kyufu|openat|ok|r|2015/a.xlsx
 *   May 21 18:03:12 fs01 smbd_audit: yamada.taro|10.20.3.45|pread|ok|2015/a.xlsx
 *
 * The module writes "PREFIX|OPERATION|RESULT|ARGUMENTS" (man vfs_full_audit);
 * PREFIX is the admin's full_audit:prefix, "%u|%I" by default. The result
 * ("ok", or "fail" / "fail (reason)") anchors the split: the field before it
 * is the operation, the fields before that the prefix, read by shape: the
 * field that is an IP address is the client, the first other field is the
 * user, and after the address come the client machine and the share (the
 * documented "%u|%I|%m|%S"; with one field only, the share). Arguments:
 * open/openat carry "r" or "w" then the path, create_file "0xMASK|file|DISP|path",
 * rename/renameat old and new path; others the path (connect: the share).
 *
 * Operations map to file_op: connect, disconnect, open (read) or create
 * (write, or a create disposition), pread/read -> read, pwrite/write ->
 * write, close, unlink/unlinkat/rmdir -> delete, rename -> rename,
 * mkdir -> mkdir, opendir/readdir -> list, anything else -> other. */
#include "formats/format.h"
#include "formats/syslog_hdr.h"

#define SA_MAX_FIELDS 24

static bool is_result(sv f) { return sv_eq(f, SV("ok")) || sv_starts_with(f, SV("fail")); }

static size_t split_bar(sv msg, sv *f, size_t max) {
    size_t n = 0;
    sv rest = msg, part;
    bool more = true;
    while (more && n < max) {
        ptrdiff_t bar = sv_find_char(rest, '|');
        if (bar < 0) {
            part = rest;
            more = false;
        } else {
            part = sv_sub(rest, 0, (size_t)bar);
            rest = sv_sub(rest, (size_t)bar + 1, rest.n);
        }
        f[n++] = part;
    }
    if (more && n == max) f[n - 1] = sv_make(f[n - 1].p, (size_t)(msg.p + msg.n - f[n - 1].p));
    return n;
}

static ptrdiff_t result_index(const sv *f, size_t n) {
    for (size_t i = 1; i < n; i++)
        if (is_result(f[i])) return (ptrdiff_t)i;
    return -1;
}

static bool audit_message(sv line, int off, syslog_hdr *h, sv *msg) {
    if (!syslog_parse(line, off, h)) return false;
    sv m = h->msg, tag;
    if (!syslog_tag(&m, &tag)) return false;
    if (!sv_starts_with(tag, SV("smbd_audit")) && !sv_eq(tag, SV("smbd")) && !sv_starts_with(tag, SV("full_audit")))
        return false;
    *msg = m;
    return true;
}

static int samba_sniff(const sv *lines, size_t n) {
    size_t good = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (!lines[i].n) continue;
        seen++;
        syslog_hdr h;
        sv msg, f[SA_MAX_FIELDS];
        if (!audit_message(lines[i], 0, &h, &msg)) continue;
        size_t k = split_bar(msg, f, SA_MAX_FIELDS);
        if (result_index(f, k) >= 1) good++;
    }
    return seen ? (int)(good * 95 / seen) : 0;
}

static file_op op_of(sv op, sv flag, sv disposition) {
    if (sv_eq(op, SV("connect"))) return FO_CONNECT;
    if (sv_eq(op, SV("disconnect"))) return FO_DISCONNECT;
    if (sv_eq(op, SV("open")) || sv_eq(op, SV("openat")))
        return sv_eq(flag, SV("w")) ? FO_CREATE : FO_OPEN;
    if (sv_eq(op, SV("create_file")))
        return sv_find(disposition, SV("create")) >= 0 || sv_find(disposition, SV("overwrite")) >= 0 ||
                       sv_find(disposition, SV("supersede")) >= 0
                   ? FO_CREATE
                   : FO_OPEN;
    if (sv_starts_with(op, SV("pread")) || sv_eq(op, SV("read")) || sv_eq(op, SV("sendfile"))) return FO_READ;
    if (sv_starts_with(op, SV("pwrite")) || sv_eq(op, SV("write")) || sv_eq(op, SV("recvfile"))) return FO_WRITE;
    if (sv_eq(op, SV("close"))) return FO_CLOSE;
    if (sv_starts_with(op, SV("unlink")) || sv_eq(op, SV("rmdir"))) return FO_DELETE;
    if (sv_starts_with(op, SV("rename"))) return FO_RENAME;
    if (sv_starts_with(op, SV("mkdir"))) return FO_MKDIR;
    if (sv_eq(op, SV("opendir")) || sv_eq(op, SV("fdopendir")) || sv_eq(op, SV("readdir"))) return FO_LIST;
    return FO_OTHER;
}

static int samba_parse(void *state, sv line, event *ev, const char **why) {
    const format_options *o = state;
    sv l = sv_trim(line);
    if (!l.n) return PARSE_SKIP;
    syslog_hdr h;
    sv msg;
    if (!audit_message(l, o->default_offset_min, &h, &msg)) {
        *why = "not a syslog smbd_audit line";
        return PARSE_ERROR;
    }
    sv f[SA_MAX_FIELDS];
    size_t n = split_bar(msg, f, SA_MAX_FIELDS);
    ptrdiff_t r = result_index(f, n);
    if (r < 1) {
        *why = "no ok/fail result field in the audit record";
        return PARSE_ERROR;
    }
    file_event *fe = &ev->u.file;
    file_event_clear(fe);
    ev->kind = EV_FILE;
    ev->time_ms = h.time_ms;
    ev->tz_off_min = (int16_t)h.off_min;
    fe->server = h.host;
    fe->op_raw = f[r - 1];
    fe->ok = sv_eq(f[r], SV("ok"));
    if (!fe->ok) {
        ptrdiff_t paren = sv_find_char(f[r], '(');
        if (paren > 0 && f[r].p[f[r].n - 1] == ')') fe->error = sv_sub(f[r], (size_t)paren + 1, f[r].n - 1);
        else fe->error = f[r];
    }
    /* the prefix, by shape */
    size_t np = (size_t)r - 1, ip_at = np;
    for (size_t i = 0; i < np; i++)
        if (ip_parse(f[i], &fe->client_ip)) {
            ip_at = i;
            fe->client = f[i];
            break;
        }
    for (size_t i = 0; i < np; i++)
        if (i != ip_at) {
            fe->user = f[i];
            break;
        }
    if (ip_at < np) {
        size_t after = np - ip_at - 1;
        if (after >= 2) fe->client_name = f[ip_at + 1], fe->share = f[ip_at + 2];
        else if (after == 1) fe->share = f[ip_at + 1];
    }
    /* the arguments */
    const sv *args = f + r + 1;
    size_t na = n - (size_t)r - 1;
    sv flag = SV_NULL, disposition = SV_NULL;
    if ((sv_eq(fe->op_raw, SV("open")) || sv_eq(fe->op_raw, SV("openat"))) && na >= 2 &&
        (sv_eq(args[0], SV("r")) || sv_eq(args[0], SV("w")))) {
        flag = args[0];
        fe->path = args[1];
    } else if (sv_eq(fe->op_raw, SV("create_file")) && na >= 4) {
        disposition = args[2];
        fe->path = args[na - 1];
    } else if (sv_starts_with(fe->op_raw, SV("rename")) && na >= 2) {
        fe->path = args[0];
        fe->path2 = args[1];
    } else if (na >= 1) {
        fe->path = args[na - 1];
    }
    if (!fe->share.n && sv_eq(fe->op_raw, SV("connect"))) fe->share = fe->path;
    fe->op = op_of(fe->op_raw, flag, disposition);
    return PARSE_OK;
}

static void *samba_open(const format_options *o, const char **err) {
    (void)err;
    static const format_options none = {0};
    return (void *)(o ? o : &none);
}

static void samba_close(void *s) { (void)s; }

const format format_samba_audit = {
    .name = "samba-audit",
    .summary = "Samba vfs_full_audit lines in syslog (file-server access)",
    .kind = EV_FILE,
    .sniff = samba_sniff,
    .open = samba_open,
    .close = samba_close,
    .parse = samba_parse,
};
