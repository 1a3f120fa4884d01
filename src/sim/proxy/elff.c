/* elff.c - Blue Coat ProxySG access log in W3C extended (ELFF) form, with the
 * field list of the stock `bcreportermain_v1` format:
 *
 *   #Fields: date time time-taken c-ip cs-username cs-auth-group x-exception-id
 *            sc-filter-result cs-categories cs(Referer) sc-status s-action cs-method
 *            rs(Content-Type) cs-uri-scheme cs-host cs-uri-port cs-uri-path cs-uri-query
 *            cs-uri-extension cs(User-Agent) s-ip sc-bytes cs-bytes x-virus-id
 *
 * Dates and times are UTC (as W3C requires). Values with spaces are quoted;
 * "-" is an empty value. Each daily file (SG_main__YYYYMMDD000000.log, named
 * after the JST day as the upload jobs do) starts with its own header block. */
#include "sim/proxy/proxy.h"
#include "sim/textfmt.h"

#include <string.h>

static void elff_open(sim_sink *k, int64_t day_start) {
    buf_puts(&k->b, "#Software: SGOS 6.5.6.1\n#Version: 1.0\n#Start-Date: ");
    put_w3c(&k->b, day_start);
    buf_puts(&k->b, "\n#Date: ");
    put_w3c(&k->b, day_start);
    buf_puts(&k->b,
             "\n#Fields: date time time-taken c-ip cs-username cs-auth-group x-exception-id sc-filter-result "
             "cs-categories cs(Referer) sc-status s-action cs-method rs(Content-Type) cs-uri-scheme cs-host "
             "cs-uri-port cs-uri-path cs-uri-query cs-uri-extension cs(User-Agent) s-ip sc-bytes cs-bytes "
             "x-virus-id\n#Remark: 4517260013 \"PROXY01\" \"10.10.0.5\" \"main\"\n");
}

static void quoted(buf *b, const char *s) {
    if (!s || !*s) {
        buf_putc(b, '-');
        return;
    }
    if (!strchr(s, ' ') && !strchr(s, '"')) {
        buf_puts(b, s);
        return;
    }
    buf_putc(b, '"');
    for (; *s; s++) buf_putc(b, *s == '"' ? '\'' : *s);
    buf_putc(b, '"');
}

static void extension(buf *b, const char *path) {
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *dot = slash ? strrchr(slash, '.') : NULL;
    if (!dot || !dot[1]) {
        buf_putc(b, '-');
        return;
    }
    buf_puts(b, dot + 1);
}

static void elff_write(buf *b, const sim_http *h, const sim *s) {
    const char *exception = "-", *filter = "OBSERVED", *action;
    switch (h->verdict) {
    case SV_HIT: action = "TCP_HIT"; break;
    case SV_DENIED: exception = "policy_denied", filter = "DENIED", action = "TCP_DENIED"; break;
    case SV_AUTH: filter = "DENIED", action = "TCP_DENIED"; break;
    case SV_DNS_ERROR: exception = "dns_unresolved_hostname", action = "TCP_ERR_MISS"; break;
    case SV_CONNECT_ERROR: exception = "tcp_error", action = "TCP_ERR_MISS"; break;
    default: action = h->connect ? "TCP_TUNNELED" : "TCP_NC_MISS"; break;
    }
    put_w3c(b, h->t);
    buf_putc(b, ' ');
    put_u64(b, (uint64_t)h->duration_ms);
    buf_putc(b, ' ');
    put_ip4(b, h->client);
    buf_putc(b, ' ');
    buf_puts(b, h->user ? h->user : "-");
    buf_puts(b, " - ");
    buf_puts(b, exception);
    buf_putc(b, ' ');
    buf_puts(b, filter);
    buf_putc(b, ' ');
    quoted(b, h->category ? h->category : "Unrated");
    buf_putc(b, ' ');
    quoted(b, h->referer);
    buf_putc(b, ' ');
    put_u64(b, (uint64_t)h->status);
    buf_putc(b, ' ');
    buf_puts(b, action);
    buf_putc(b, ' ');
    buf_puts(b, h->method);
    buf_putc(b, ' ');
    quoted(b, h->ctype);
    buf_putc(b, ' ');
    buf_puts(b, h->connect ? "tcp" : (h->scheme ? h->scheme : "http"));
    buf_putc(b, ' ');
    buf_puts(b, h->host);
    buf_putc(b, ' ');
    put_u64(b, h->port ? h->port : 80);
    buf_putc(b, ' ');
    buf_puts(b, h->connect ? "/" : (h->path ? h->path : "/"));
    buf_putc(b, ' ');
    if (!h->connect && h->query && *h->query) {
        buf_putc(b, '?');
        buf_puts(b, h->query);
    } else {
        buf_putc(b, '-');
    }
    buf_putc(b, ' ');
    if (h->connect) buf_putc(b, '-');
    else extension(b, h->path);
    buf_putc(b, ' ');
    quoted(b, h->ua);
    buf_putc(b, ' ');
    put_ip4(b, s->w.proxy_ip);
    buf_putc(b, ' ');
    put_u64(b, (uint64_t)h->bytes_in);
    buf_putc(b, ' ');
    put_u64(b, (uint64_t)h->bytes_out);
    buf_puts(b, " -\n");
}

const proxy_writer proxy_elff = {
    .name = "elff",
    .pattern = "SG_main__%D000000.log",
    .parser = "elff",
    .on_open = elff_open,
    .write = elff_write,
};
