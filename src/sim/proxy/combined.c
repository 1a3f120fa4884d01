/* combined.c - Squid's predefined "combined" logformat (NCSA combined plus
 * the Squid result codes), as written by `access_log ... combined`:
 *
 *   %>a %[ui %[un [%tl] "%rm %ru HTTP/%rv" %>Hs %<st "%{Referer}>h" "%{User-Agent}>h" %Ss:%Sh
 *
 * Times are local (JST, +0900). Files rotate daily as access.log-YYYYMMDD. */
#include "sim/proxy/proxy.h"
#include "sim/textfmt.h"

static void combined_write(buf *b, const sim_http *h, const sim *s) {
    (void)s;
    put_ip4(b, h->client);
    buf_puts(b, " - ");
    buf_puts(b, h->user ? h->user : "-");
    buf_puts(b, " [");
    put_clf(b, h->t, 540);
    buf_puts(b, "] \"");
    buf_puts(b, h->method);
    buf_putc(b, ' ');
    put_request_url(b, h);
    buf_puts(b, " HTTP/1.1\" ");
    put_u64(b, (uint64_t)h->status);
    buf_putc(b, ' ');
    put_u64(b, (uint64_t)h->bytes_in);
    buf_puts(b, " \"");
    buf_puts(b, h->referer ? h->referer : "-");
    buf_puts(b, "\" \"");
    buf_puts(b, h->ua ? h->ua : "-");
    buf_puts(b, "\" ");
    buf_puts(b, squid_result_code(h));
    buf_puts(b, squid_hier_direct(h) ? ":HIER_DIRECT" : ":HIER_NONE");
    buf_putc(b, '\n');
}

const proxy_writer proxy_combined = {
    .name = "combined",
    .pattern = "access.log-%D",
    .parser = "combined",
    .write = combined_write,
};
