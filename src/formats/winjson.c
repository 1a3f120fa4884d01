/* winjson.c - Windows events as JSON ("winjson"), in the shapes collectors
 * write them:
 *
 *   Winlogbeat 7/8   {"@timestamp":..,"winlog":{"event_id":4624,"channel":"Security",
 *                     "computer_name":..,"provider_name":..,"record_id":..,
 *                     "event_data":{"TargetUserName":..,..}},"log":{"level":..}}
 *   Winlogbeat <= 6  {"@timestamp":..,"event_id":4624,"log_name":"Security",
 *                     "computer_name":..,"source_name":..,"record_number":..,"event_data":{..}}
 *   NXLog            {"EventTime":..,"Hostname":..,"EventID":4624,"SourceName":..,
 *                     "Channel":..,"RecordNumber":..,"TargetUserName":..,..} - every
 *                     field that is not one of NXLog's own is event data
 *   evtx dump        {"Event":{"System":{"EventID":..,"Channel":..,"Computer":..,
 *                     "Provider":{"#attributes":{"Name":..}},"TimeCreated":
 *                     {"#attributes":{"SystemTime":..}},..},"EventData":{..}}}
 *
 * One object per line (JSON lines), or pretty-printed over several lines: a
 * line that opens an object which does not close on it starts a multi-line
 * record that ends where the braces balance (the event cites its first
 * line). Lines "[", "]", "," and "Record N" (evtx_dump's separators) carry no
 * record. Strings are unescaped into the parser's buffer; data values that
 * are numbers keep their text, null is empty, objects and arrays keep their
 * JSON text. At most WIN_MAX_DATA pairs are kept, the rest counted.
 *
 * Time: @timestamp, else TimeCreated / System.TimeCreated.SystemTime, else
 * NXLog's EventTime (local time: the default offset applies). */
#include "formats/format.h"
#include "core/mtime.h"
#include "core/utf8.h"
#include "formats/multiline.h"

#include <stdlib.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>

typedef struct wj_state {
    const format_options *opts;
    multiline ml;
    int depth;
    bool in_str, esc;
    jsmntok_t *tok;
    unsigned ntok;
    char *scratch;
    size_t scratch_cap, scratch_len;
    win_pair pairs[WIN_MAX_DATA];
    uint16_t npairs, dropped;
    const char *js;          /* the document being read */
    int n;                   /* its token count: indexes at or past it are stale */
} wj_state;

/* ------------------------------------------------------------ JSON helpers */

static int skip(const jsmntok_t *t, int n, int i) {
    int left = 1;
    while (left > 0 && i < n) {
        if (t[i].type == JSMN_OBJECT) left += 2 * t[i].size;
        else if (t[i].type == JSMN_ARRAY) left += t[i].size;
        left--;
        i++;
    }
    return i;
}

static sv raw(const wj_state *st, int i) { return sv_make(st->js + st->tok[i].start, (size_t)(st->tok[i].end - st->tok[i].start)); }

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool hex4(const char *p, size_t n, unsigned *out) {
    if (n < 4) return false;
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(p[k]);
        if (h < 0) return false;
        v = v << 4 | (unsigned)h;
    }
    *out = v;
    return true;
}

static size_t put_utf8(char *o, unsigned cp) {
    if (cp < 0x80) return o[0] = (char)cp, 1;
    if (cp < 0x800) return o[0] = (char)(0xc0 | cp >> 6), o[1] = (char)(0x80 | (cp & 63)), 2;
    if (cp < 0x10000)
        return o[0] = (char)(0xe0 | cp >> 12), o[1] = (char)(0x80 | ((cp >> 6) & 63)), o[2] = (char)(0x80 | (cp & 63)), 3;
    o[0] = (char)(0xf0 | cp >> 18), o[1] = (char)(0x80 | ((cp >> 12) & 63));
    o[2] = (char)(0x80 | ((cp >> 6) & 63)), o[3] = (char)(0x80 | (cp & 63));
    return 4;
}

/* The value of token i as text: strings unescaped (into scratch, which was
 * sized for the whole document, so views stay valid), primitives as written
 * (null as empty), objects and arrays as their JSON text. */
static sv text(wj_state *st, int i) {
    if (i < 0 || i >= st->n) return SV_NULL;
    const jsmntok_t *t = &st->tok[i];
    sv r = raw(st, i);
    if (t->type == JSMN_PRIMITIVE) return sv_eq(r, SV("null")) ? SV_NULL : r;
    if (t->type != JSMN_STRING || !memchr(r.p, '\\', r.n)) return r;
    if (st->scratch_len + r.n + 4 > st->scratch_cap) return r;   /* scratch holds twice the document */
    char *out = st->scratch + st->scratch_len, *o = out;
    for (size_t k = 0; k < r.n; k++) {
        char c = r.p[k];
        if (c != '\\' || k + 1 >= r.n) {
            *o++ = c;
            continue;
        }
        c = r.p[++k];
        unsigned cp;
        switch (c) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case 'r': *o++ = '\r'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'u':
            if (!hex4(r.p + k + 1, r.n - k - 1, &cp)) {
                o += put_utf8(o, 0xfffd);
                break;
            }
            k += 4;
            if (cp >= 0xd800 && cp < 0xdc00) {
                unsigned lo;
                if (k + 6 < r.n + 0 && r.p[k + 1] == '\\' && r.p[k + 2] == 'u' && hex4(r.p + k + 3, r.n - k - 3, &lo) &&
                    lo >= 0xdc00 && lo < 0xe000) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    k += 6;
                } else {
                    cp = 0xfffd;
                }
            } else if (cp >= 0xdc00 && cp < 0xe000) {
                cp = 0xfffd;
            }
            o += put_utf8(o, cp);
            break;
        default: *o++ = c; break;   /* \" \\ \/ */
        }
    }
    st->scratch_len += (size_t)(o - out);
    return sv_make(out, (size_t)(o - out));
}

static bool key_is(const wj_state *st, int i, const char *key) {
    return i < st->n && st->tok[i].type == JSMN_STRING && sv_eq(raw(st, i), sv_cstr(key));
}

/* Index of the value of `key` in the object at i, or -1. */
static int get(const wj_state *st, int n, int obj, const char *key) {
    if (obj < 0 || obj >= n || st->tok[obj].type != JSMN_OBJECT) return -1;
    int i = obj + 1;
    for (int k = 0; k < st->tok[obj].size && i + 1 < n; k++) {
        if (key_is(st, i, key)) return i + 1;
        i = skip(st->tok, n, i + 1);
    }
    return -1;
}

static int path(const wj_state *st, int n, int obj, const char *a, const char *b, const char *c) {
    int i = get(st, n, obj, a);
    if (i >= 0 && b) i = get(st, n, i, b);
    if (i >= 0 && c) i = get(st, n, i, c);
    return i;
}

static void add_pair(wj_state *st, sv name, sv value) {
    if (st->npairs >= WIN_MAX_DATA) {
        st->dropped++;
        return;
    }
    st->pairs[st->npairs++] = (win_pair){name, value};
}

/* Every member of the object at i as a data pair; members named "#attributes"
 * are skipped. Arrays of {"@Name"|"Name": .., "#text": ..} objects (xmltodict's
 * form of <Data Name=..>) become one pair each. */
static void add_members(wj_state *st, int n, int obj) {
    if (obj < 0 || obj >= n) return;
    if (st->tok[obj].type == JSMN_ARRAY) {
        int i = obj + 1;
        for (int k = 0; k < st->tok[obj].size && i < n; k++) {
            int nm = get(st, n, i, "@Name");
            if (nm < 0) nm = get(st, n, i, "Name");
            int tx = get(st, n, i, "#text");
            if (nm >= 0) add_pair(st, text(st, nm), tx >= 0 ? text(st, tx) : SV_NULL);
            else add_pair(st, SV("Data"), text(st, i));
            i = skip(st->tok, n, i);
        }
        return;
    }
    if (st->tok[obj].type != JSMN_OBJECT) return;
    int i = obj + 1;
    for (int k = 0; k < st->tok[obj].size && i + 1 < n; k++) {
        int v = i + 1;
        if (!key_is(st, i, "#attributes")) {
            if (key_is(st, i, "Data") && st->tok[v].type == JSMN_ARRAY) add_members(st, n, v);
            else add_pair(st, text(st, i), text(st, v));
        }
        i = skip(st->tok, n, v);
    }
}

static bool number_of(wj_state *st, int n, int i, int64_t *out) {
    if (i < 0 || i >= n) return false;
    if (st->tok[i].type == JSMN_OBJECT) i = get(st, n, i, "#text");
    if (i < 0) return false;
    return sv_to_i64(sv_trim(text(st, i)), out);
}

static bool time_of(wj_state *st, int i, int64_t *ms, int *off) {
    return i >= 0 && mtime_parse_iso8601(sv_trim(text(st, i)), ms, off, st->opts->default_offset_min);
}

/* NXLog's own fields; everything else in a flat NXLog record is event data. */
static bool nxlog_system_field(sv k) {
    static const char *const names[] = {
        "EventTime", "EventReceivedTime", "Hostname", "Keywords", "EventType", "SeverityValue", "Severity",
        "EventID", "SourceName", "ProviderName", "ProviderGuid", "Version", "Task", "OpcodeValue", "RecordNumber",
        "ActivityID", "RelatedActivityID", "ProcessID", "ThreadID", "Channel", "Message", "Category", "Opcode",
        "Level", "SourceModuleName", "SourceModuleType", "TimeCreated", "@timestamp", "@version", "UserID",
        "AccountName", "AccountType", "Domain", "ERROR_EVT_UNRESOLVED", "host", "tags", "type", "beat",
        "EventRecordID", "Computer", "Qualifiers"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (sv_eq(k, sv_cstr(names[i]))) return true;
    return false;
}

/* ------------------------------------------------------------ the shapes */

static bool fill(wj_state *st, int n, event *ev, const char **why) {
    win_event *w = &ev->u.win;
    win_event_clear(w);
    ev->kind = EV_WIN;
    st->npairs = st->dropped = 0;
    int64_t v, ms = MTIME_NONE;
    int off = 0;
    bool have_time = time_of(st, get(st, n, 0, "@timestamp"), &ms, &off);
    int winlog = get(st, n, 0, "winlog"), evt = get(st, n, 0, "Event");
    if (winlog >= 0 && st->tok[winlog].type == JSMN_OBJECT) {
        if (number_of(st, n, get(st, n, winlog, "event_id"), &v) ||
            number_of(st, n, path(st, n, 0, "event", "code", NULL), &v))
            w->event_id = (int32_t)v;
        int i;
        if ((i = get(st, n, winlog, "channel")) >= 0) w->channel = text(st, i);
        if ((i = get(st, n, winlog, "provider_name")) >= 0) w->provider = text(st, i);
        if ((i = get(st, n, winlog, "computer_name")) >= 0) w->computer = text(st, i);
        else if ((i = path(st, n, 0, "host", "name", NULL)) >= 0) w->computer = text(st, i);
        if (number_of(st, n, get(st, n, winlog, "record_id"), &v)) w->record_id = v;
        if ((i = path(st, n, 0, "log", "level", NULL)) >= 0) w->level = text(st, i);
        add_members(st, n, get(st, n, winlog, "event_data"));
        add_members(st, n, get(st, n, winlog, "user_data"));
    } else if (evt >= 0 && st->tok[evt].type == JSMN_OBJECT) {
        int sys = get(st, n, evt, "System"), i;
        if (sys < 0) {
            *why = "Event object without System";
            return false;
        }
        if (number_of(st, n, get(st, n, sys, "EventID"), &v)) w->event_id = (int32_t)v;
        if ((i = get(st, n, sys, "Channel")) >= 0) w->channel = text(st, i);
        if ((i = get(st, n, sys, "Computer")) >= 0) w->computer = text(st, i);
        if ((i = path(st, n, sys, "Provider", "#attributes", "Name")) >= 0) w->provider = text(st, i);
        else if ((i = path(st, n, sys, "Provider", "@Name", NULL)) >= 0) w->provider = text(st, i);
        if (number_of(st, n, get(st, n, sys, "EventRecordID"), &v)) w->record_id = v;
        if ((i = get(st, n, sys, "Level")) >= 0) w->level = text(st, i);
        if (!have_time) {
            have_time = time_of(st, path(st, n, sys, "TimeCreated", "#attributes", "SystemTime"), &ms, &off) ||
                        time_of(st, path(st, n, sys, "TimeCreated", "@SystemTime", NULL), &ms, &off);
        }
        add_members(st, n, get(st, n, evt, "EventData"));
        int ud = get(st, n, evt, "UserData");
        if (ud >= 0 && st->tok[ud].type == JSMN_OBJECT && st->tok[ud].size > 0) add_members(st, n, ud + 2);
    } else if (get(st, n, 0, "EventID") >= 0) {
        int i;
        if (number_of(st, n, get(st, n, 0, "EventID"), &v)) w->event_id = (int32_t)v;
        if ((i = get(st, n, 0, "Channel")) >= 0) w->channel = text(st, i);
        if ((i = get(st, n, 0, "SourceName")) >= 0 || (i = get(st, n, 0, "ProviderName")) >= 0)
            w->provider = text(st, i);
        if ((i = get(st, n, 0, "Hostname")) >= 0 || (i = get(st, n, 0, "Computer")) >= 0) w->computer = text(st, i);
        if (number_of(st, n, get(st, n, 0, "RecordNumber"), &v) || number_of(st, n, get(st, n, 0, "EventRecordID"), &v))
            w->record_id = v;
        if ((i = get(st, n, 0, "Level")) >= 0 || (i = get(st, n, 0, "Severity")) >= 0) w->level = text(st, i);
        if (!have_time) have_time = time_of(st, get(st, n, 0, "TimeCreated"), &ms, &off);
        if (!have_time) have_time = time_of(st, get(st, n, 0, "EventTime"), &ms, &off);
        int k = 1;
        for (int m = 0; m < st->tok[0].size && k + 1 < n; m++) {
            sv key = raw(st, k);
            if (!nxlog_system_field(key)) add_pair(st, text(st, k), text(st, k + 1));
            k = skip(st->tok, n, k + 1);
        }
    } else if (get(st, n, 0, "event_id") >= 0) {
        int i;
        if (number_of(st, n, get(st, n, 0, "event_id"), &v)) w->event_id = (int32_t)v;
        if ((i = get(st, n, 0, "log_name")) >= 0) w->channel = text(st, i);
        if ((i = get(st, n, 0, "source_name")) >= 0) w->provider = text(st, i);
        if ((i = get(st, n, 0, "computer_name")) >= 0) w->computer = text(st, i);
        if (number_of(st, n, get(st, n, 0, "record_number"), &v)) w->record_id = v;
        if ((i = get(st, n, 0, "level")) >= 0) w->level = text(st, i);
        add_members(st, n, get(st, n, 0, "event_data"));
        add_members(st, n, get(st, n, 0, "user_data"));
    } else {
        *why = "JSON object is not a Windows event (no winlog, Event, EventID or event_id)";
        return false;
    }
    if (!have_time) {
        *why = "Windows event without a usable time (@timestamp, TimeCreated, EventTime)";
        return false;
    }
    ev->time_ms = ms;
    ev->tz_off_min = (int16_t)off;
    w->data = st->pairs;
    w->ndata = st->npairs;
    w->dropped = st->dropped;
    return true;
}

static int parse_doc(wj_state *st, sv doc, event *ev, const char **why) {
    /* a trailing comma separates array elements */
    sv d = sv_trim(doc);
    if (d.n && d.p[d.n - 1] == ',') d.n--;
    if (!d.n || d.p[0] != '{') {
        *why = "not a JSON object";
        return PARSE_ERROR;
    }
    if (st->scratch_cap < 2 * d.n + 16) {
        free(st->scratch);
        st->scratch_cap = 2 * d.n + 1024;
        st->scratch = malloc(st->scratch_cap);
        if (!st->scratch) {
            st->scratch_cap = 0;
            *why = "out of memory";
            return PARSE_ERROR;
        }
    }
    st->scratch_len = 0;
    st->js = d.p;
    if (!st->tok) {
        /* jsmn only counts when given no token array: start with one */
        st->tok = malloc(256 * sizeof *st->tok);
        if (!st->tok) {
            *why = "out of memory";
            return PARSE_ERROR;
        }
        st->ntok = 256;
    }
    for (;;) {
        jsmn_parser p;
        jsmn_init(&p);
        int n = jsmn_parse(&p, d.p, d.n, st->tok, st->ntok);
        if (n == JSMN_ERROR_NOMEM && st->ntok < (1u << 20)) {
            unsigned cap = st->ntok ? st->ntok * 2 : 256;
            jsmntok_t *t = realloc(st->tok, cap * sizeof *t);
            if (!t) {
                *why = "out of memory";
                return PARSE_ERROR;
            }
            st->tok = t;
            st->ntok = cap;
            continue;
        }
        if (n < 1) {
            *why = n == JSMN_ERROR_PART ? "truncated JSON" : "invalid JSON";
            return PARSE_ERROR;
        }
        st->n = n;
        if (st->tok[0].type != JSMN_OBJECT || (size_t)st->tok[0].end < d.n) {
            *why = "not a single JSON object";
            return PARSE_ERROR;
        }
        return fill(st, n, ev, why) ? PARSE_OK : PARSE_ERROR;
    }
}

/* Brace depth across lines, ignoring braces inside strings. */
static void scan_depth(wj_state *st, sv line) {
    for (size_t i = 0; i < line.n; i++) {
        char c = line.p[i];
        if (st->in_str) {
            if (st->esc) st->esc = false;
            else if (c == '\\') st->esc = true;
            else if (c == '"') st->in_str = false;
        } else if (c == '"') {
            st->in_str = true;
        } else if (c == '{' || c == '[') {
            st->depth++;
        } else if (c == '}' || c == ']') {
            st->depth--;
        }
    }
}

static bool separator_line(sv l) {
    if (l.n == 1 && (l.p[0] == '[' || l.p[0] == ']' || l.p[0] == ',')) return true;
    if (sv_eq(l, SV("],")) || sv_eq(l, SV("[]"))) return true;
    if (sv_starts_with(l, SV("Record "))) {
        uint64_t n;
        return sv_to_u64(sv_trim(sv_sub(l, 7, l.n)), &n);
    }
    return false;
}

static int winjson_parse(void *state, sv line, event *ev, const char **why) {
    wj_state *st = state;
    sv l = sv_trim(line);
    if (st->ml.active) {
        if (!ml_add(&st->ml, line)) {
            ev->offset = st->ml.offset, ev->line = st->ml.line;
            ml_reset(&st->ml);
            *why = "multi-line JSON record larger than 8 MB";
            return PARSE_ERROR;
        }
        scan_depth(st, line);
        if (st->depth > 0) return PARSE_SKIP;
        ev->offset = st->ml.offset, ev->line = st->ml.line;
        int rc = parse_doc(st, ml_text(&st->ml), ev, why);
        ml_reset(&st->ml);
        return rc;
    }
    if (!l.n || separator_line(l)) return PARSE_SKIP;
    if (l.p[0] != '{') {
        *why = "not a JSON object";
        return PARSE_ERROR;
    }
    st->depth = 0;
    st->in_str = st->esc = false;
    scan_depth(st, l);
    if (st->depth > 0) {
        ml_begin(&st->ml, line, ev->offset, ev->line);
        return PARSE_SKIP;
    }
    return parse_doc(st, l, ev, why);
}

static int winjson_finish(void *state, event *ev, const char **why) {
    wj_state *st = state;
    if (!st->ml.active) return PARSE_SKIP;
    ev->offset = st->ml.offset, ev->line = st->ml.line;
    ml_reset(&st->ml);
    *why = "JSON record not closed at the end of the source";
    return PARSE_ERROR;
}

static int winjson_sniff(const sv *lines, size_t n) {
    size_t seen = 0, good = 0;
    bool pretty = false;
    for (size_t i = 0; i < n; i++) {
        sv l = sv_trim(lines[i]);
        if (!l.n) continue;
        seen++;
        if (separator_line(l)) {
            good++;
            continue;
        }
        bool obj = l.p[0] == '{';
        bool marker = sv_find(l, SV("\"winlog\"")) >= 0 || sv_find(l, SV("\"EventID\"")) >= 0 ||
                      sv_find(l, SV("\"event_id\"")) >= 0 || sv_find(l, SV("\"Event\"")) >= 0;
        if (obj && marker) good++;
        else if (l.n <= 2 && obj) pretty = true, good++;
        else if (pretty && (l.p[0] == '"' || l.p[0] == '}' || l.p[0] == ']')) good++;   /* inside a pretty record */
    }
    if (!seen) return 0;
    return (int)(good * 92 / seen);
}

static void *winjson_open(const format_options *o, const char **err) {
    (void)err;
    static const format_options none = {0};
    wj_state *st = calloc(1, sizeof *st);
    if (st) st->opts = o ? o : &none;
    return st;
}

static void winjson_close(void *s) {
    wj_state *st = s;
    ml_free(&st->ml);
    free(st->tok);
    free(st->scratch);
    free(st);
}

const format format_winjson = {
    .name = "winjson",
    .summary = "Windows events as JSON: Winlogbeat, NXLog, evtx dumps (JSON lines or pretty-printed)",
    .kind = EV_WIN,
    .sniff = winjson_sniff,
    .open = winjson_open,
    .close = winjson_close,
    .parse = winjson_parse,
    .finish = winjson_finish,
};
