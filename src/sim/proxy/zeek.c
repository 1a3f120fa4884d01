/* zeek.c - Zeek http.log (TSV with the standard header block) as a sensor
 * on the segment between the terminals and the proxy sees it: the responder
 * is the proxy (10.10.0.5:8080), `host` and `uri` are what the client asked
 * for (an absolute URL, or host:port for CONNECT). ts is the request start;
 * uids are derived from the record so runs are reproducible. Daily files are
 * named http.YYYY-MM-DD.log and end with a #close line, like Zeek's own. */
#include "sim/proxy/proxy.h"
#include "sim/textfmt.h"

/* 2015-05-08-00-00-00, JST, as Zeek names its #open and #close times */
static void zeek_stamp(buf *b, int64_t ms) {
    put_ymd(b, ms, 540, '-');
    buf_putc(b, '-');
    put_hms(b, ms, 540, '-');
}

static void zeek_open(sim_sink *k, int64_t day_start) {
    buf *b = &k->b;
    buf_puts(b, "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\thttp\n#open\t");
    zeek_stamp(b, day_start);
    buf_puts(b,
             "\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\tmethod\thost\turi\t"
             "referrer\tversion\tuser_agent\torigin\trequest_body_len\tresponse_body_len\tstatus_code\tstatus_msg\t"
             "info_code\tinfo_msg\ttags\tusername\tpassword\tproxied\torig_fuids\torig_filenames\torig_mime_types\t"
             "resp_fuids\tresp_filenames\tresp_mime_types\n"
             "#types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\tstring\tstring\tstring\tstring\t"
             "string\tcount\tcount\tcount\tstring\tcount\tstring\tset[enum]\tstring\tstring\tset[string]\t"
             "vector[string]\tvector[string]\tvector[string]\tvector[string]\tvector[string]\tvector[string]\n");
}

static void zeek_close(sim_sink *k, int64_t day_start) {
    buf_puts(&k->b, "#close\t");
    zeek_stamp(&k->b, day_start + 86400000);
    buf_putc(&k->b, '\n');
}

static void put_uid(buf *b, uint64_t h) {
    static const char set[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    buf_putc(b, 'C');
    for (int i = 0; i < 17; i++) {
        buf_putc(b, set[h % 62]);
        h = h / 62 ^ (h << 7) ^ 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
    }
}

static void field(buf *b, const char *s) {
    buf_putc(b, '\t');
    buf_puts(b, s && *s ? s : "-");
}

static void zeek_write(buf *b, const sim_http *h, const sim *s) {
    uint64_t hsh = mix4((uint64_t)h->t, h->client, (uint64_t)h->bytes_in, (uint64_t)h->bytes_out);
    int64_t start = h->t - h->duration_ms;
    put_epoch_us(b, start, (unsigned)(hsh % 1000));
    buf_putc(b, '\t');
    put_uid(b, hsh);
    buf_putc(b, '\t');
    put_ip4(b, h->client);
    buf_putc(b, '\t');
    put_u64(b, 49152 + hsh % 16000);
    buf_putc(b, '\t');
    put_ip4(b, s->w.proxy_ip);
    buf_putc(b, '\t');
    put_u64(b, PROXY_PORT);
    buf_puts(b, "\t1\t");
    buf_puts(b, h->method);
    field(b, h->host);
    buf_putc(b, '\t');
    put_request_url(b, h);
    field(b, h->referer);
    buf_puts(b, "\t1.1");
    field(b, h->ua);
    buf_puts(b, "\t-\t");
    put_u64(b, (uint64_t)(h->connect ? 0 : h->bytes_out > 400 ? h->bytes_out - 400 : 0));
    buf_putc(b, '\t');
    put_u64(b, (uint64_t)(h->connect ? 0 : h->bytes_in > 300 ? h->bytes_in - 300 : 0));
    buf_putc(b, '\t');
    put_u64(b, (uint64_t)h->status);
    field(b, h->connect && h->status == 200 ? "Connection established" : http_reason(h->status));
    buf_puts(b, "\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t-\t-");
    field(b, h->connect ? NULL : h->ctype);
    buf_putc(b, '\n');
}

const proxy_writer proxy_zeek = {
    .name = "zeek",
    .pattern = "http.%I.log",
    .parser = "zeek",
    .on_open = zeek_open,
    .on_close = zeek_close,
    .write = zeek_write,
};
