/* proxy.c - the table of proxy log writers and their shared helpers. */
#include "sim/proxy/proxy.h"
#include "sim/textfmt.h"

#include <string.h>

static const proxy_writer *const writers[] = {&proxy_squid, &proxy_elff, &proxy_combined, &proxy_zeek};

const proxy_writer *proxy_writer_find(const char *name) {
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (!strcmp(writers[i]->name, name)) return writers[i];
    return NULL;
}

const char *http_reason(int status) {
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 407: return "Proxy Authentication Required";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "-";
    }
}

void put_request_url(buf *b, const sim_http *h) {
    if (h->connect) {
        buf_puts(b, h->host);
        buf_putc(b, ':');
        put_u64(b, h->port);
        return;
    }
    buf_puts(b, h->scheme ? h->scheme : "http");
    buf_puts(b, "://");
    buf_puts(b, h->host);
    if (h->port && h->port != 80) {
        buf_putc(b, ':');
        put_u64(b, h->port);
    }
    buf_puts(b, h->path ? h->path : "/");
    if (h->query && *h->query) {
        buf_putc(b, '?');
        buf_puts(b, h->query);
    }
}

const char *squid_result_code(const sim_http *h) {
    switch (h->verdict) {
    case SV_HIT: return h->status == 304 ? "TCP_IMS_HIT" : "TCP_MEM_HIT";
    case SV_DENIED:
    case SV_AUTH: return "TCP_DENIED";
    case SV_DNS_ERROR:
    case SV_CONNECT_ERROR: return h->connect ? "TAG_NONE" : "TCP_MISS";
    default:
        if (h->connect) return "TCP_TUNNEL";
        return h->status == 304 ? "TCP_REFRESH_UNMODIFIED" : "TCP_MISS";
    }
}

bool squid_hier_direct(const sim_http *h) { return h->verdict == SV_ALLOWED && h->server_ip; }
