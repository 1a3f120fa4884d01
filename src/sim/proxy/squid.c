/* squid.c - Squid native access.log with the appended fields many sites add:
 *
 *   logformat mitsuke %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt
 *                     "%{Referer}>h" "%{User-Agent}>h" %>st
 *
 * i.e. the ten native fields, then "Referer" "User-Agent" and the request size,
 * exactly what src/formats/squid.c accepts. Files rotate daily as
 * access.log-YYYYMMDD (logrotate's dateext). */
#include "sim/proxy/proxy.h"
#include "sim/textfmt.h"

static void squid_write(buf *b, const sim_http *h, const sim *s) {
    (void)s;
    put_epoch_ms(b, h->t);
    buf_putc(b, ' ');
    put_u64_pad(b, (uint64_t)h->duration_ms, 6, ' ');
    buf_putc(b, ' ');
    put_ip4(b, h->client);
    buf_putc(b, ' ');
    buf_puts(b, squid_result_code(h));
    buf_putc(b, '/');
    put_u64_pad(b, (uint64_t)h->status, 3, '0');
    buf_putc(b, ' ');
    put_u64(b, (uint64_t)h->bytes_in);
    buf_putc(b, ' ');
    buf_puts(b, h->method);
    buf_putc(b, ' ');
    put_request_url(b, h);
    buf_putc(b, ' ');
    buf_puts(b, h->user ? h->user : "-");
    if (squid_hier_direct(h)) {
        buf_puts(b, " HIER_DIRECT/");
        put_ip4(b, h->server_ip);
    } else {
        buf_puts(b, " HIER_NONE/-");
    }
    buf_putc(b, ' ');
    buf_puts(b, h->ctype ? h->ctype : "-");
    buf_puts(b, " \"");
    buf_puts(b, h->referer ? h->referer : "-");
    buf_puts(b, "\" \"");
    buf_puts(b, h->ua ? h->ua : "-");
    buf_puts(b, "\" ");
    put_u64(b, (uint64_t)h->bytes_out);
    buf_putc(b, '\n');
}

const proxy_writer proxy_squid = {
    .name = "squid",
    .pattern = "access.log-%D",
    .parser = "squid",
    .write = squid_write,
};
