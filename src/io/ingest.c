/* ingest.c - reading, sniffing and parsing every source; see ingest.h. */
#include "io/ingest.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/progress.h"
#include "core/util.h"
#include "formats/evtx.h"
#include "io/linereader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIFF_LINES 32
#define SNIFF_BYTES (256 * 1024)

typedef struct peeked {
    char *data[SNIFF_LINES];
    sv line[SNIFF_LINES];
    uint64_t offset[SNIFF_LINES], lineno[SNIFF_LINES];
    int kind[SNIFF_LINES];      /* LR_LINE or LR_TOO_LONG */
    uint64_t long_len[SNIFF_LINES];
    size_t n;
} peeked;

typedef struct run {
    const ingest_options *opts;
    ingest_event_fn on_event;
    void *ctx;
    ingest_stats *st;
    unsigned shown;             /* diagnostics printed for this source */
    progress prog;
    uint64_t bytes_before;      /* bytes of earlier sources, for progress */
    uint64_t records_total;
    bool stop;
} run;

static void note_bad(run *r, uint64_t lineno, uint64_t offset) {
    ingest_stats *st = r->st;
    st->unparsed++;
    if (st->bad_count < INGEST_BAD_SAMPLES) {
        st->bad_lines[st->bad_count] = lineno;
        st->bad_offsets[st->bad_count] = offset;
        st->bad_count++;
    }
}

/* A parsed record: count it and hand it to the caller. */
static void deliver(run *r, const event *ev) {
    ingest_stats *st = r->st;
    st->records++;
    r->records_total++;
    if (st->first_ms == MTIME_NONE || ev->time_ms < st->first_ms) st->first_ms = ev->time_ms;
    if (st->last_ms == MTIME_NONE || ev->time_ms > st->last_ms) st->last_ms = ev->time_ms;
    if ((!r->opts->want || ev->kind == r->opts->want) && r->on_event && r->on_event(ev, r->ctx)) r->stop = true;
}

static void handle_line(run *r, void *state, sv line, uint64_t offset, uint64_t lineno) {
    ingest_stats *st = r->st;
    const format *f = st->fmt;
    /* PARSE_MORE: the line holds further records; bounded so a parser that
     * never stops cannot hang the run. */
    for (unsigned round = 0; round < 1000000 && !r->stop; round++) {
        event ev;
        const char *why = "unparsable record";
        ev.src = st->src;
        ev.offset = offset;
        ev.line = lineno;
        ev.raw = line;
        int rc = f->parse(state, line, &ev, &why);
        if (rc == PARSE_SKIP) {
            st->skipped++;
            return;
        }
        if (rc == PARSE_ERROR) {
            note_bad(r, ev.line, ev.offset);
            r->shown = diag_record(r->shown, st->src->name, ev.line, ev.offset, "%s (%s): skipped", why, f->name);
            return;
        }
        /* A multi-line record carries the offset and line where it began. */
        ev.src = st->src;
        deliver(r, &ev);
        if (rc != PARSE_MORE) return;
    }
}

static void too_long(run *r, uint64_t lineno, uint64_t offset, uint64_t len, size_t max) {
    r->st->too_long++;
    note_bad(r, lineno, offset);
    r->shown = diag_record(r->shown, r->st->src->name, lineno, offset,
                           "line of %llu bytes is longer than the limit of %zu: skipped", (unsigned long long)len,
                           max);
}

/* Reads up to SNIFF_LINES lines (copies: the reader's buffer moves on). */
static void peek_lines(linereader *lr, peeked *pk) {
    size_t bytes = 0;
    pk->n = 0;
    while (pk->n < SNIFF_LINES && bytes < SNIFF_BYTES) {
        sv line;
        uint64_t off;
        int rc = lr_next(lr, &line, &off);
        if (rc == LR_EOF || rc == LR_ERROR) break;
        size_t i = pk->n++;
        pk->kind[i] = rc;
        pk->offset[i] = off;
        pk->lineno[i] = lr->lineno;
        if (rc == LR_TOO_LONG) {
            pk->long_len[i] = lr->long_len;
            pk->data[i] = NULL;
            pk->line[i] = SV_NULL;
            continue;
        }
        pk->data[i] = xmalloc(line.n + 1);
        memcpy(pk->data[i], line.p, line.n);
        pk->line[i] = sv_make(pk->data[i], line.n);
        bytes += line.n;
    }
}

static void free_peeked(peeked *pk) {
    for (size_t i = 0; i < pk->n; i++) free(pk->data[i]);
    pk->n = 0;
}

static const format *choose_format(run *r, const peeked *pk) {
    if (r->opts->format_name) return format_find(r->opts->format_name);
    sv lines[SNIFF_LINES];
    size_t n = 0;
    for (size_t i = 0; i < pk->n; i++)
        if (pk->kind[i] == LR_LINE && sv_trim(pk->line[i]).n) lines[n++] = pk->line[i];
    if (!n) return NULL;
    return format_sniff(lines, n, NULL);
}

static ssize_t evtx_stream_read(void *ctx, char *dst, size_t n) { return stream_read(ctx, dst, n); }

/* Damage in an .evtx file: said with its place; the source is then not
 * complete, and a lost record counts as unparsed. */
static void evtx_damaged(run *r, const evtx_damage *d) {
    ingest_stats *st = r->st;
    char where[96];
    if (d->chunk < 0)
        snprintf(where, sizeof where, L("offset %llu (file header)", "オフセット %llu (ファイルヘッダ)"),
                 (unsigned long long)d->offset);
    else
        snprintf(where, sizeof where, L("offset %llu (chunk %lld)", "オフセット %llu (チャンク %lld)"),
                 (unsigned long long)d->offset, (long long)d->chunk);
    if (d->record_lost) note_bad(r, d->record, d->offset);
    if (!st->read_error) {
        st->read_error = true;
        snprintf(st->error, sizeof st->error, "%s: %.150s", where, d->what);
    }
    r->shown = diag_record_at(r->shown, st->src->name, where, "%s%s", d->what,
                              d->record_lost ? L(": skipped", ": 読み飛ばしました") : "");
}

/* An .evtx file: records, not lines (evtx.h). */
static void read_evtx(run *r, const source *src, stream *s) {
    ingest_stats *st = r->st;
    st->fmt = &format_evtx;
    evtx_reader *er = evtx_reader_new(evtx_stream_read, s, &r->opts->fopts);
    event ev;
    evtx_damage dmg;
    int rc = EVTX_END;
    uint64_t n = 0;
    while (!r->stop && (rc = evtx_next(er, &ev, &dmg)) != EVTX_END && rc != EVTX_READ_ERROR) {
        if (rc == EVTX_DAMAGE) {
            evtx_damaged(r, &dmg);
            continue;
        }
        ev.src = src;
        deliver(r, &ev);
        if ((++n & 0xfff) == 0)
            progress_update(&r->prog, r->bytes_before + stream_raw_pos(s), r->records_total, src->name);
    }
    st->bytes = evtx_bytes_read(er);
    if (rc == EVTX_READ_ERROR) {
        st->read_error = true;
        snprintf(st->error, sizeof st->error, "%s", stream_error(s));
        diag_error(L("%s: %s; the %llu records before it were used", "%s: %s。それより前の %llu 件は使いました"),
                   diag_safe(src->name), st->error, (unsigned long long)st->records);
    }
    r->bytes_before += stream_raw_pos(s);
    evtx_reader_free(er);
}

static void read_source(run *r, const source *src) {
    ingest_stats *st = r->st;
    char err[200];
    stream *s = stream_open(src->path, err, sizeof err);
    if (!s) {
        snprintf(st->error, sizeof st->error, "%s", err);
        diag_error("%s: %s", diag_safe(src->name), st->error);
        return;
    }
    st->opened = true;
    st->codec = stream_get_codec(s);
    char magic[8];
    ssize_t got = stream_peek(s, magic, sizeof magic);
    bool want_evtx = r->opts->format_name && !strcmp(r->opts->format_name, format_evtx.name);
    if (want_evtx || (got > 0 && evtx_magic(magic, (size_t)got))) {
        read_evtx(r, src, s);
        stream_close(s);
        return;
    }
    linereader lr;
    size_t max_line = r->opts->max_line ? r->opts->max_line : LR_DEFAULT_MAX_LINE;
    lr_init(&lr, s, max_line);
    peeked pk;
    peek_lines(&lr, &pk);
    st->fmt = choose_format(r, &pk);
    void *state = NULL;
    if (st->fmt) {
        const char *why = NULL;
        state = st->fmt->open(&r->opts->fopts, &why);
        if (!state) {
            snprintf(st->error, sizeof st->error, "%s", why ? why : "cannot set up the parser");
            diag_error("%s: %s", diag_safe(src->name), st->error);
            st->fmt = NULL;
        }
    } else if (pk.n) {
        diag_error("%s: cannot tell the log format from the first lines; its lines are counted as unparsed "
                   "(name one with --format)",
                   diag_safe(src->name));
    }
    for (size_t i = 0; i < pk.n && !r->stop; i++) {
        if (pk.kind[i] == LR_TOO_LONG) too_long(r, pk.lineno[i], pk.offset[i], pk.long_len[i], max_line);
        else if (st->fmt) handle_line(r, state, pk.line[i], pk.offset[i], pk.lineno[i]);
        else if (sv_trim(pk.line[i]).n) note_bad(r, pk.lineno[i], pk.offset[i]);
        else st->skipped++;
    }
    free_peeked(&pk);
    sv line;
    uint64_t off;
    int rc = LR_EOF;
    uint64_t n = 0;
    while (!r->stop && (rc = lr_next(&lr, &line, &off)) != LR_EOF && rc != LR_ERROR) {
        if (rc == LR_TOO_LONG) too_long(r, lr.lineno, off, lr.long_len, max_line);
        else if (st->fmt) handle_line(r, state, line, off, lr.lineno);
        else if (sv_trim(line).n) note_bad(r, lr.lineno, off);
        else st->skipped++;
        if ((++n & 0xffff) == 0)
            progress_update(&r->prog, r->bytes_before + stream_raw_pos(s), r->records_total, src->name);
    }
    if (st->fmt && state && st->fmt->finish && !r->stop) {
        event ev;
        const char *why = "unfinished record at the end of the source";
        ev.src = src;
        ev.offset = lr.buf_off + lr.end;
        ev.line = lr.lineno;
        ev.raw = SV_NULL;
        if (st->fmt->finish(state, &ev, &why) == PARSE_ERROR) {
            note_bad(r, ev.line, ev.offset);
            r->shown = diag_record(r->shown, src->name, ev.line, ev.offset, "%s (%s): skipped", why, st->fmt->name);
        }
    }
    st->bytes = lr.buf_off + lr.end;
    if (rc == LR_ERROR) {
        st->read_error = true;
        snprintf(st->error, sizeof st->error, "%s", stream_error(s));
        diag_error("%s: %s; the %llu lines before it were used", diag_safe(src->name), st->error,
                   (unsigned long long)lr.lineno);
    }
    r->bytes_before += stream_raw_pos(s);
    if (st->fmt && state) st->fmt->close(state);
    lr_free(&lr);
    stream_close(s);
}

int ingest_run(source_list *sources, const ingest_options *opts, ingest_event_fn on_event,
               ingest_source_fn on_source, void *ctx, ingest_result *res) {
    memset(res, 0, sizeof *res);
    if (opts->format_name && !format_find(opts->format_name)) return -1;
    run r = {.opts = opts, .on_event = on_event, .ctx = ctx};
    uint64_t total = 0;
    for (size_t i = 0; i < sources_count(sources); i++) total += sources_at(sources, i)->size;
    progress_start(&r.prog, total);
    if (!opts->show_progress) r.prog.enabled = false;
    for (size_t i = 0; i < sources_count(sources) && !r.stop; i++) {
        ingest_stats st;
        memset(&st, 0, sizeof st);
        st.src = sources_at(sources, i);
        st.first_ms = st.last_ms = MTIME_NONE;
        r.st = &st;
        r.shown = 0;
        read_source(&r, st.src);
        if (r.shown > DIAG_RECORD_LIMIT)
            diag_warn("%s: %llu records could not be parsed", diag_safe(st.src->name),
                      (unsigned long long)st.unparsed);
        res->records += st.records;
        res->unparsed += st.unparsed;
        if (!st.opened || st.read_error) res->sources_failed++;
        if (on_source) {
            progress_end(&r.prog); /* the callback may print: start it on a clean line */
            on_source(&st, ctx);
        }
    }
    progress_end(&r.prog);
    res->stopped = r.stop;
    return 0;
}
