/* mail_input.c - splitting sources into messages; see mail_input.h.
 *
 * The splitter is push-based: bytes are fed in chunks of any size (from a
 * stream, or from memory for the fuzzer) and it decides at each line start
 * whether a new mbox message begins. Lines of any length pass through without
 * being buffered whole, so a 50 MB base64 line costs no more than its bytes. */
#include "mail/mail_input.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/util.h"
#include "io/stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK (256 * 1024)
#define NOT_MAIL_SHOWN 5

typedef enum { MODE_UNKNOWN, MODE_MBOX, MODE_SINGLE } split_mode;

typedef struct splitter {
    split_mode mode;
    uint64_t max;
    buf in;                 /* bytes fed but not yet processed (a line start needs 5) */
    buf cur;                /* the current message, at most `max` bytes */
    bool started;           /* cur holds a message (possibly empty so far) */
    uint64_t cur_size, cur_offset, pos;
    uint32_t index;
    bool at_line_start, prev_empty, this_empty, in_from_line, first_line;
    bool stopped;
    unsigned not_mail;
    uint64_t messages;
    const source *src;
    mail_message_fn fn;
    void *ctx;
} splitter;

static bool header_like(const char *p, size_t n) {
    size_t i = 0;
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) i = 3;
    size_t start = i;
    while (i < n && i - start < 100) {
        unsigned char c = (unsigned char)p[i];
        if (c == ':') return i > start;
        if (c < 0x21 || c > 0x7e) return false;
        i++;
    }
    return false;
}

static void emit(splitter *s) {
    if (!s->started) return;
    s->started = false;
    if (s->stopped) return;
    if (s->mode == MODE_SINGLE && (!s->cur.len || !header_like(s->cur.p, s->cur.len))) {
        s->not_mail++;
        return;
    }
    mail_message m = {s->cur.p ? s->cur.p : "", s->cur.len, s->cur_size, s->cur_size > s->cur.len, s->src,
                      s->cur_offset, s->mode == MODE_MBOX ? s->index : 0};
    s->messages++;
    if (s->fn(&m, s->ctx)) s->stopped = true;
}

static void start_message(splitter *s, uint64_t offset) {
    buf_clear(&s->cur);
    s->cur_size = 0;
    s->cur_offset = offset;
    s->started = true;
}

static void append(splitter *s, const char *p, size_t n) {
    if (!s->started) start_message(s, s->pos);
    s->cur_size += n;
    if (s->cur.len < s->max) {
        size_t room = (size_t)(s->max - s->cur.len);
        buf_put(&s->cur, p, n < room ? n : room);
    }
}

/* Processes what can be decided; leaves an undecided line start in s->in. */
static void process(splitter *s, bool final) {
    if (!s->in.len) return;
    const char *p = s->in.p;
    size_t len = s->in.len, i = 0;
    while (i < len && !s->stopped) {
        if (s->at_line_start) {
            size_t avail = len - i;
            if (avail < 5 && !memchr(p + i, '\n', avail) && !final) break;
            bool is_from = avail >= 5 && !memcmp(p + i, "From ", 5);
            if (s->mode == MODE_UNKNOWN) {
                s->mode = is_from ? MODE_MBOX : MODE_SINGLE;
                if (s->mode == MODE_SINGLE) start_message(s, 0);
            }
            if (s->mode == MODE_MBOX && is_from && (s->first_line || s->prev_empty)) {
                emit(s);
                s->index++;
                s->in_from_line = true;
            }
            s->this_empty = p[i] == '\n' || (avail >= 2 && p[i] == '\r' && p[i + 1] == '\n');
            s->at_line_start = false;
            s->first_line = false;
        }
        const char *nl = memchr(p + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - p) + 1 : len;
        if (s->in_from_line) {
            if (nl) {
                s->in_from_line = false;
                start_message(s, s->pos + (end - i));
            }
        } else append(s, p + i, end - i);
        s->pos += end - i;
        i = end;
        if (nl) {
            s->prev_empty = s->this_empty;
            s->at_line_start = true;
        }
    }
    memmove(s->in.p, s->in.p + i, len - i);
    s->in.len = len - i;
}

static void splitter_init(splitter *s, const source *src, uint64_t max, mail_message_fn fn, void *ctx) {
    memset(s, 0, sizeof *s);
    s->max = max;
    s->src = src;
    s->fn = fn;
    s->ctx = ctx;
    s->at_line_start = s->first_line = true;
}

static void splitter_feed(splitter *s, const char *p, size_t n) {
    buf_put(&s->in, p, n);
    process(s, false);
}

static void splitter_end(splitter *s) {
    process(s, true);
    emit(s);
    buf_free(&s->in);
    buf_free(&s->cur);
}

void mail_input_split(const char *data, size_t n, uint64_t max_message_bytes, mail_message_fn fn, void *ctx) {
    static const source mem = {0, "(memory)", "(memory)", 0};
    splitter s;
    splitter_init(&s, &mem, max_message_bytes, fn, ctx);
    /* in pieces, so the fuzzer also exercises line starts split across feeds */
    size_t step = n / 3 + 1;
    for (size_t i = 0; i < n && !s.stopped; i += step) splitter_feed(&s, data + i, n - i < step ? n - i : step);
    splitter_end(&s);
}

void mail_input_run(source_list *sources, uint64_t max_message_bytes, progress *prog, mail_message_fn fn, void *ctx,
                    mail_input_stats *st) {
    memset(st, 0, sizeof *st);
    char *chunk = xmalloc(READ_CHUNK);
    uint64_t done_bytes = 0;
    bool stopped = false;
    for (size_t k = 0; k < sources_count(sources) && !stopped; k++) {
        const source *src = sources_at(sources, k);
        char err[512];
        stream *in = stream_open(src->path, err, sizeof err);
        if (!in) {
            diag_error("%s: %s", diag_safe(src->name), err);
            st->failed++;
            continue;
        }
        st->sources_read++;
        splitter s;
        splitter_init(&s, src, max_message_bytes, fn, ctx);
        ssize_t got;
        while (!s.stopped && (got = stream_read(in, chunk, READ_CHUNK)) > 0) {
            splitter_feed(&s, chunk, (size_t)got);
            if (prog) progress_update(prog, done_bytes + stream_raw_pos(in), st->messages + s.messages, src->name);
        }
        if (!s.stopped && got < 0) {
            diag_error("%s: %s (%s)", diag_safe(src->name), stream_error(in),
                       L("the mails before this point were checked", "ここまでのメールは検査済み"));
            st->failed++;
        }
        splitter_end(&s);
        stopped = s.stopped;
        done_bytes += stream_raw_pos(in);
        stream_close(in);
        st->messages += s.messages;
        if (s.not_mail) {
            if (st->not_mail < NOT_MAIL_SHOWN)
                diag_warn("%s: %s", diag_safe(src->name), L("not a mail (no header line at the start); skipped",
                                                             "メールではありません (先頭がヘッダ行でない) ため読み飛ばしました"));
            st->not_mail += s.not_mail;
        }
    }
    if (st->not_mail > NOT_MAIL_SHOWN)
        diag_warn("%u %s", st->not_mail - NOT_MAIL_SHOWN,
                  L("more files were not mail and were skipped", "個のメールでないファイルをほかに読み飛ばしました"));
    free(chunk);
}
