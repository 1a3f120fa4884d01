/* fuzz_format.h - the body every parser harness shares (fuzz/fuzz_<format>.c).
 *
 * The input is split into lines. The first byte chooses a variant: bit 0
 * puts the format's header (W3C #Fields, Zeek #fields ...) before the lines
 * so the header-state code and the record code meet; bit 1 takes the first
 * line as the --field-map (jsonl). Every line goes through sniffing (all
 * formats' sniffers, on the first lines) and the named parser. Each line is
 * copied into its own exact-size allocation so AddressSanitizer sees any read
 * past its end, and every string of a parsed event is read in full right
 * away, so a view into freed or moved memory is caught too. */
#ifndef MITSUKE_FUZZ_FORMAT_H
#define MITSUKE_FUZZ_FORMAT_H

#include "event.h"
#include "formats/format.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_SNIFF_LINES 32

static volatile unsigned fuzz_sink;

static void fuzz_touch(sv s) {
    if (s.n && !s.p) abort(); /* a length without bytes */
    unsigned h = 0;
    for (size_t i = 0; i < s.n; i++)
        h = h * 31 + (unsigned char)s.p[i];
    fuzz_sink += h;
}

static void fuzz_check_event(const event *ev) {
    if (ev->kind != EV_HTTP) abort();
    const http_event *h = &ev->u.http;
    sv all[] = {h->client, h->user,   h->method,     h->url,     h->scheme,       h->host,  h->path,
                h->query,  h->action, h->user_agent, h->referer, h->content_type, h->server};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        fuzz_touch(all[i]);
    if (h->port < 0 || h->port > 65535 || h->status < 0 || h->status > 999) abort();
    if (h->result < PR_UNKNOWN || h->result > PR_ERROR) abort();
}

static void fuzz_parse_line(const format *f, void *state, const uint8_t *p, size_t n) {
    char *copy = malloc(n ? n : 1);
    if (n) memcpy(copy, p, n);
    event ev;
    memset(&ev, 0, sizeof ev);
    const char *why = NULL;
    int rc = f->parse(state, sv_make(copy, n), &ev, &why);
    if (rc == PARSE_OK)
        fuzz_check_event(&ev);
    else if (rc == PARSE_ERROR && !why)
        abort(); /* an error must say why */
    free(copy);
}

static int fuzz_format(const char *name, const char *header, const uint8_t *data, size_t size) {
    if (!size) return 0;
    uint8_t mode = data[0];
    data++, size--;
    const format *f = format_find(name);
    if (!f) abort();

    /* Sniffing sees the first lines as they are. */
    sv lines[FUZZ_SNIFF_LINES];
    size_t nl = 0, start = 0;
    for (size_t i = 0; i <= size && nl < FUZZ_SNIFF_LINES; i++)
        if (i == size || data[i] == '\n') {
            lines[nl++] = sv_make((const char *)data + start, i - start);
            start = i + 1;
        }
    format_sniff(lines, nl, NULL);

    format_options opts = {0};
    char *map = NULL;
    size_t pos = 0;
    if (mode & 2) { /* first line is the field map */
        const uint8_t *nlp = memchr(data, '\n', size);
        size_t len = nlp ? (size_t)(nlp - data) : size;
        map = malloc(len + 1);
        memcpy(map, data, len);
        map[len] = 0;
        opts.field_map = map;
        pos = nlp ? len + 1 : size;
    }
    const char *err = NULL;
    void *state = f->open(&opts, &err);
    if (!state) {
        if (!err) abort();
        opts.field_map = NULL;
        state = f->open(&opts, &err);
        if (!state) abort();
    }
    if ((mode & 1) && header) {
        const char *h = header;
        while (*h) {
            const char *e = strchr(h, '\n');
            size_t len = e ? (size_t)(e - h) : strlen(h);
            fuzz_parse_line(f, state, (const uint8_t *)h, len);
            h += len + (e ? 1 : 0);
        }
    }
    while (pos < size) {
        const uint8_t *nlp = memchr(data + pos, '\n', size - pos);
        size_t len = nlp ? (size_t)(nlp - (data + pos)) : size - pos;
        fuzz_parse_line(f, state, data + pos, len);
        pos += len + 1;
    }
    f->close(state);
    free(map);
    return 0;
}

#endif
