/* winxml.c - Windows events in the Event XML schema ("winxml"), as
 * `wevtutil qe LOG /f:xml`, Get-WinEvent's ToXml() and EVTX-to-XML tools
 * write them:
 *
 *   <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>
 *   <Provider Name='Microsoft-Windows-Security-Auditing' Guid='{...}'/><EventID>4624</EventID>
 *   ...<TimeCreated SystemTime='2015-05-22T05:31:02.1234567Z'/><EventRecordID>81234</EventRecordID>
 *   <Channel>Security</Channel><Computer>DC01.kikou.local</Computer>...</System>
 *   <EventData><Data Name='TargetUserName'>alice</Data>...</EventData></Event>
 *
 * One event per line, several events on one line (returned one by one with
 * PARSE_MORE, all citing that line), or one event over several lines
 * (indented XML): the record runs from the line with <Event to the line with
 * </Event> and cites its first line. An XML declaration, an <Events>
 * wrapper and the banner line of `evtxexport -f xml` are skipped.
 *
 * The reader is a small scanner for this schema, not a general XML parser:
 * elements, attributes in ' or " quotes, text, comments, CDATA, and the five
 * predefined entities plus &#N; and &#xN; (decoded into the parser's buffer;
 * an unknown entity is kept as written). EventData <Data Name='X'> elements
 * become data pairs (unnamed ones are called "Data", <Binary> "Binary");
 * UserData's fields become pairs named after their elements. Rendering info
 * (RenderedXml) is ignored. */
#include "formats/format.h"
#include "core/mtime.h"
#include "core/utf8.h"
#include "formats/multiline.h"
#include "formats/scratch.h"
#include "formats/winpairs.h"

#include <stdlib.h>
#include <string.h>

#define WX_DEPTH 16
#define WX_ATTRS 8

typedef struct wx_state {
    const format_options *opts;
    multiline ml;
    scratch sc;
    win_pairs pairs;
    /* several events on one line: where the next one starts */
    const char *cont_p;
    size_t cont_n, cont_at;
} wx_state;

typedef struct attr {
    sv name, value;
} attr;

/* Decodes entities and CDATA of raw text into the scratch area (the result
 * is never longer than the text); the raw text when the area is full. */
static sv decode(wx_state *st, sv r) {
    if (!r.n) return r;
    if (!memchr(r.p, '&', r.n) && !memchr(r.p, '<', r.n)) return r;
    char *out = scratch_take(&st->sc, r.n), *o = out;
    if (!out) return r;
    size_t i = 0;
    while (i < r.n) {
        if (r.p[i] == '<' && sv_starts_with(sv_sub(r, i, r.n), SV("<![CDATA["))) {
            ptrdiff_t end = sv_find(sv_sub(r, i + 9, r.n), SV("]]>"));
            size_t stop = end < 0 ? r.n : i + 9 + (size_t)end;
            memcpy(o, r.p + i + 9, stop - (i + 9));
            o += stop - (i + 9);
            i = end < 0 ? r.n : stop + 3;
            continue;
        }
        if (r.p[i] != '&') {
            *o++ = r.p[i++];
            continue;
        }
        ptrdiff_t semi = sv_find_char(sv_sub(r, i, i + 12 < r.n ? i + 12 : r.n), ';');
        if (semi < 0) {
            *o++ = r.p[i++];
            continue;
        }
        sv ent = sv_sub(r, i + 1, i + (size_t)semi);
        unsigned long cp = 0;
        bool ok = true;
        if (sv_eq(ent, SV("lt"))) *o++ = '<';
        else if (sv_eq(ent, SV("gt"))) *o++ = '>';
        else if (sv_eq(ent, SV("amp"))) *o++ = '&';
        else if (sv_eq(ent, SV("quot"))) *o++ = '"';
        else if (sv_eq(ent, SV("apos"))) *o++ = '\'';
        else if (ent.n >= 2 && ent.p[0] == '#') {
            char tmp[12];
            sv_to_buf(sv_sub(ent, ent.p[1] == 'x' || ent.p[1] == 'X' ? 2 : 1, ent.n), tmp, sizeof tmp);
            char *end;
            cp = strtoul(tmp, &end, ent.p[1] == 'x' || ent.p[1] == 'X' ? 16 : 10);
            if (*end || !tmp[0]) ok = false;
            else o += utf8_encode(o, cp && cp <= 0x10ffff ? (uint32_t)cp : 0xfffd); /* no NUL in XML */
        } else {
            ok = false;
        }
        if (!ok) {
            memcpy(o, r.p + i, (size_t)semi + 1);
            o += semi + 1;
        }
        i += (size_t)semi + 1;
    }
    scratch_trim(&st->sc, out, (size_t)(o - out));
    return sv_make(out, (size_t)(o - out));
}

static sv attr_get(const attr *a, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (sv_eq(a[i].name, sv_cstr(name))) return a[i].value;
    return SV_NULL;
}

static bool name_char(char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '/' && c != '>' && c != '='; }

/* Local name without a namespace prefix ("e:Data" -> "Data"). */
static sv local(sv n) {
    ptrdiff_t colon = sv_find_char(n, ':');
    return colon >= 0 ? sv_sub(n, (size_t)colon + 1, n.n) : n;
}

typedef struct walk {
    sv name[WX_DEPTH];
    size_t text_at[WX_DEPTH];
    sv data_name[WX_DEPTH];
    int depth;
    bool saw_event;
    int64_t time_ms;
    int off;
    bool have_time;
} walk;

static bool in(const walk *w, int level, const char *name) { return w->depth > level && sv_eq(w->name[level], sv_cstr(name)); }

static void on_start(wx_state *st, walk *w, event *ev, sv name, const attr *a, int na) {
    win_event *e = &ev->u.win;
    int d = w->depth;   /* the new element's level */
    if (d == 0 && sv_eq(name, SV("Event"))) w->saw_event = true;
    if (d == 2 && in(w, 1, "System")) {
        if (sv_eq(name, SV("Provider"))) {
            sv p = attr_get(a, na, "Name");
            if (!p.n) p = attr_get(a, na, "EventSourceName");
            e->provider = decode(st, p);
        } else if (sv_eq(name, SV("TimeCreated"))) {
            w->have_time = mtime_parse_iso8601(attr_get(a, na, "SystemTime"), &w->time_ms, &w->off,
                                               st->opts->default_offset_min);
        }
    }
    w->data_name[d] = SV_NULL;
    if (d == 2 && in(w, 1, "EventData") && sv_eq(name, SV("Data"))) w->data_name[d] = decode(st, attr_get(a, na, "Name"));
}

static void on_end(wx_state *st, walk *w, event *ev, sv name, sv text) {
    win_event *e = &ev->u.win;
    int d = w->depth - 1;   /* the closing element's level */
    if (d == 2 && in(w, 1, "System")) {
        int64_t v;
        sv t = sv_trim(decode(st, text));
        if (sv_eq(name, SV("EventID")) && sv_to_i64(t, &v)) e->event_id = (int32_t)v;
        else if (sv_eq(name, SV("EventRecordID")) && sv_to_i64(t, &v)) e->record_id = v;
        else if (sv_eq(name, SV("Channel"))) e->channel = t;
        else if (sv_eq(name, SV("Computer"))) e->computer = t;
        else if (sv_eq(name, SV("Level"))) e->level = t;
    } else if (d == 2 && in(w, 1, "EventData")) {
        if (sv_eq(name, SV("Data")))
            win_pairs_add(&st->pairs, w->data_name[d].n ? w->data_name[d] : SV("Data"), decode(st, text));
        else if (sv_eq(name, SV("Binary"))) win_pairs_add(&st->pairs, SV("Binary"), decode(st, text));
    } else if (d == 3 && in(w, 1, "UserData")) {
        win_pairs_add(&st->pairs, name, decode(st, text));
    }
}

/* Scans one <Event>...</Event> document; *end gets the offset after it. */
static bool scan(wx_state *st, sv doc, event *ev, const char **why, size_t *end_at) {
    walk w;
    memset(&w, 0, sizeof w);
    size_t i = 0;
    while (i < doc.n) {
        const char *lt = memchr(doc.p + i, '<', doc.n - i);
        if (!lt) break;
        i = (size_t)(lt - doc.p);
        sv rest = sv_sub(doc, i, doc.n);
        if (sv_starts_with(rest, SV("<!--"))) {
            ptrdiff_t e = sv_find(rest, SV("-->"));
            if (e < 0) break;
            i += (size_t)e + 3;
            continue;
        }
        if (sv_starts_with(rest, SV("<![CDATA["))) {
            ptrdiff_t e = sv_find(rest, SV("]]>"));
            if (e < 0) break;
            i += (size_t)e + 3;
            continue;
        }
        if (sv_starts_with(rest, SV("<?")) || sv_starts_with(rest, SV("<!"))) {
            const char *gt = memchr(doc.p + i, '>', doc.n - i);
            if (!gt) break;
            i = (size_t)(gt - doc.p) + 1;
            continue;
        }
        bool closing = rest.n > 1 && rest.p[1] == '/';
        size_t k = i + (closing ? 2 : 1), ns = k;
        while (k < doc.n && name_char(doc.p[k])) k++;
        sv name = local(sv_sub(doc, ns, k));
        if (!name.n) {
            *why = "malformed XML tag";
            return false;
        }
        if (closing) {
            const char *gt = memchr(doc.p + k, '>', doc.n - k);
            if (!gt || w.depth == 0 || !sv_eq(w.name[w.depth - 1], name)) {
                *why = "mismatched XML end tag";
                return false;
            }
            on_end(st, &w, ev, name, sv_sub(doc, w.text_at[w.depth - 1], i));
            w.depth--;
            i = (size_t)(gt - doc.p) + 1;
            if (w.depth == 0 && w.saw_event) break;
            continue;
        }
        attr a[WX_ATTRS];
        int na = 0;
        bool self_close = false;
        for (;;) {
            while (k < doc.n && (doc.p[k] == ' ' || doc.p[k] == '\t' || doc.p[k] == '\n' || doc.p[k] == '\r')) k++;
            if (k >= doc.n) {
                *why = "unterminated XML tag";
                return false;
            }
            if (doc.p[k] == '>') {
                k++;
                break;
            }
            if (doc.p[k] == '/' && k + 1 < doc.n && doc.p[k + 1] == '>') {
                self_close = true;
                k += 2;
                break;
            }
            size_t as = k;
            while (k < doc.n && name_char(doc.p[k])) k++;
            sv an = sv_sub(doc, as, k);
            while (k < doc.n && doc.p[k] == ' ') k++;
            if (k >= doc.n || doc.p[k] != '=' || !an.n) {
                *why = "malformed XML attribute";
                return false;
            }
            k++;
            while (k < doc.n && doc.p[k] == ' ') k++;
            if (k >= doc.n || (doc.p[k] != '\'' && doc.p[k] != '"')) {
                *why = "unquoted XML attribute value";
                return false;
            }
            char q = doc.p[k++];
            const char *end = memchr(doc.p + k, q, doc.n - k);
            if (!end) {
                *why = "unterminated XML attribute value";
                return false;
            }
            if (na < WX_ATTRS) a[na++] = (attr){local(an), sv_sub(doc, k, (size_t)(end - doc.p))};
            k = (size_t)(end - doc.p) + 1;
        }
        if (w.depth >= WX_DEPTH) {
            *why = "XML nested too deeply";
            return false;
        }
        on_start(st, &w, ev, name, a, na);
        w.name[w.depth] = name;
        w.text_at[w.depth] = k;
        w.depth++;
        if (self_close) {
            on_end(st, &w, ev, name, SV_NULL);
            w.depth--;
        }
        i = k;
    }
    if (!w.saw_event || w.depth != 0) {
        *why = w.saw_event ? "unclosed XML element" : "no <Event> element";
        return false;
    }
    *end_at = i;
    if (!w.have_time) {
        *why = "Windows event without TimeCreated SystemTime";
        return false;
    }
    ev->time_ms = w.time_ms;
    ev->tz_off_min = (int16_t)w.off;
    return true;
}

static int parse_doc(wx_state *st, sv doc, event *ev, const char **why, size_t *end_at) {
    /* decoded text takes no more than the document; a name may be decoded twice */
    scratch_begin(&st->sc, 2 * doc.n + 64);
    win_pairs_begin(&st->pairs, ev);
    if (!scan(st, doc, ev, why, end_at)) return PARSE_ERROR;
    win_pairs_attach(&st->pairs, &ev->u.win);
    return PARSE_OK;
}

/* The banner evtxexport (libevtx) prints before its XML: "evtxexport 20181227". */
static bool evtxexport_banner(sv l) {
    if (!sv_starts_with(l, SV("evtxexport "))) return false;
    sv v = sv_trim(sv_sub(l, 11, l.n));
    for (size_t i = 0; i < v.n; i++)
        if (v.p[i] < '0' || v.p[i] > '9') return false;
    return v.n > 0;
}

static bool wrapper_line(sv l) {
    return sv_starts_with(l, SV("<?xml")) || sv_starts_with(l, SV("<Events")) || sv_eq(l, SV("</Events>")) ||
           (sv_starts_with(l, SV("<!--")) && sv_ends_with(l, SV("-->"))) || evtxexport_banner(l);
}

static bool event_start(sv l) { return sv_starts_with(l, SV("<Event")) && !sv_starts_with(l, SV("<Events")); }

static int winxml_parse(void *state, sv line, event *ev, const char **why) {
    wx_state *st = state;
    size_t end_at = 0;
    if (st->ml.active) {
        if (!ml_add(&st->ml, line)) return ml_fail(&st->ml, ev, why, "multi-line XML event larger than 8 MB");
        if (sv_find(line, SV("</Event>")) < 0) return PARSE_SKIP;
        ev->offset = st->ml.offset, ev->line = st->ml.line;
        int rc = parse_doc(st, ml_text(&st->ml), ev, why, &end_at);
        ml_reset(&st->ml);
        return rc;
    }
    /* the rest of a line that held several events */
    sv l = line;
    if (st->cont_p == line.p && st->cont_n == line.n && st->cont_at < line.n) l = sv_sub(line, st->cont_at, line.n);
    st->cont_p = NULL;
    l = sv_trim(l);
    if (!l.n || wrapper_line(l)) return PARSE_SKIP;
    if (!event_start(l)) {
        *why = "not a Windows event XML line (expected <Event)";
        return PARSE_ERROR;
    }
    if (sv_find(l, SV("</Event>")) < 0) {
        ml_begin(&st->ml, l, ev->offset, ev->line);
        return PARSE_SKIP;
    }
    int rc = parse_doc(st, l, ev, why, &end_at);
    if (rc != PARSE_OK) return rc;
    sv rest = sv_trim(sv_sub(l, end_at, l.n));
    if (!rest.n || wrapper_line(rest)) return PARSE_OK;
    /* more on this line: the next call (same line) continues there */
    st->cont_p = line.p;
    st->cont_n = line.n;
    st->cont_at = (size_t)(rest.p - line.p);
    return PARSE_MORE;
}

static int winxml_finish(void *state, event *ev, const char **why) {
    wx_state *st = state;
    return ml_finish(&st->ml, ev, why, "<Event> not closed at the end of the source");
}

static int winxml_sniff(const sv *lines, size_t n) {
    size_t seen = 0, good = 0;
    bool inside = false;
    for (size_t i = 0; i < n; i++) {
        sv l = sv_trim(lines[i]);
        if (!l.n) continue;
        seen++;
        if (wrapper_line(l)) good++;
        else if (event_start(l) && sv_find(l, SV("schemas.microsoft.com/win/2004/08/events/event")) >= 0)
            good++, inside = sv_find(l, SV("</Event>")) < 0;
        else if (inside && l.p[0] == '<') good++, inside = sv_find(l, SV("</Event>")) < 0;
    }
    return seen ? (int)(good * 95 / seen) : 0;
}

static void *winxml_open(const format_options *o, const char **err) {
    (void)err;
    static const format_options none = {0};
    wx_state *st = xcalloc(1, sizeof *st);
    st->opts = o ? o : &none;
    return st;
}

static void winxml_close(void *s) {
    wx_state *st = s;
    ml_free(&st->ml);
    scratch_free(&st->sc);
    free(st);
}

const format format_winxml = {
    .name = "winxml",
    .summary = "Windows events in Event XML (wevtutil /f:xml, ToXml()), one per line or indented",
    .kind = EV_WIN,
    .sniff = winxml_sniff,
    .open = winxml_open,
    .close = winxml_close,
    .parse = winxml_parse,
    .finish = winxml_finish,
};
