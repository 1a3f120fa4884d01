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
 * record. The JSON is read with json_scan.h (jsmn tokens, at most
 * WJ_MAX_TOKENS per record); strings are unescaped into the parser's
 * scratch area; data values that are numbers keep their text, null is
 * empty, objects and arrays keep their JSON text. At most WIN_MAX_DATA pairs
 * are kept, the rest counted (winpairs.h).
 *
 * Time: @timestamp, else TimeCreated / System.TimeCreated.SystemTime, else
 * NXLog's EventTime (local time: the default offset applies). */
#include "formats/format.h"
#include "core/mtime.h"
#include "formats/json_scan.h"
#include "formats/multiline.h"
#include "formats/winpairs.h"

#include <stdlib.h>
#include <string.h>

/* A multi-line record may hold a whole evtx dump's event: allow far more
 * tokens than one JSON line needs, but not without bound. */
#define WJ_MAX_TOKENS (1u << 20)

typedef struct wj_state {
    const format_options *opts;
    multiline ml;
    int depth;
    bool in_str, esc;
    json_scan *js;
    scratch sc;
    win_pairs pairs;
} wj_state;

/* ------------------------------------------------------------ JSON helpers */

/* The value of token i as text: strings unescaped (into scratch, which was
 * sized for twice the document, so views stay valid), primitives as written
 * (null as empty), objects and arrays as their JSON text. */
static sv text(wj_state *st, int i) {
    return json_type_of(st->js, i) == JT_NULL ? SV_NULL : json_string(st->js, i, &st->sc);
}

static bool key_is(const wj_state *st, int key, const char *name) { return sv_eq_cstr(json_raw(st->js, key), name); }

/* Index of the value of `key` in the object at obj, or -1. */
static int get(const wj_state *st, int obj, const char *key) { return json_get(st->js, obj, sv_cstr(key)); }

static int path(const wj_state *st, int obj, const char *a, const char *b, const char *c) {
    int i = get(st, obj, a);
    if (i >= 0 && b) i = get(st, i, b);
    if (i >= 0 && c) i = get(st, i, c);
    return i;
}

/* Every member of the object at obj as a data pair; members named
 * "#attributes" are skipped. Arrays of {"@Name"|"Name": .., "#text": ..}
 * objects (xmltodict's form of <Data Name=..>) become one pair each. */
static void add_members(wj_state *st, int obj) {
    json_scan *js = st->js;
    if (json_type_of(js, obj) == JT_ARRAY) {
        for (int e = json_first_elem(js, obj); e >= 0; e = json_next_elem(js, e)) {
            int nm = get(st, e, "@Name");
            if (nm < 0) nm = get(st, e, "Name");
            int tx = get(st, e, "#text");
            if (nm >= 0) win_pairs_add(&st->pairs, text(st, nm), tx >= 0 ? text(st, tx) : SV_NULL);
            else win_pairs_add(&st->pairs, SV("Data"), text(st, e));
        }
        return;
    }
    for (int k = json_first_key(js, obj); k >= 0; k = json_next_key(js, k)) {
        int v = json_value(js, k);
        if (key_is(st, k, "#attributes")) continue;
        if (key_is(st, k, "Data") && json_type_of(js, v) == JT_ARRAY) add_members(st, v);
        else win_pairs_add(&st->pairs, text(st, k), text(st, v));
    }
}

static bool number_of(wj_state *st, int i, int64_t *out) {
    if (json_type_of(st->js, i) == JT_OBJECT) i = get(st, i, "#text");
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

static bool fill(wj_state *st, event *ev, const char **why) {
    win_event *w = &ev->u.win;
    win_pairs_begin(&st->pairs, ev);
    int64_t v, ms = MTIME_NONE;
    int off = 0;
    bool have_time = time_of(st, get(st, 0, "@timestamp"), &ms, &off);
    int winlog = get(st, 0, "winlog"), evt = get(st, 0, "Event"), i;
    if (json_type_of(st->js, winlog) == JT_OBJECT) {
        if (number_of(st, get(st, winlog, "event_id"), &v) || number_of(st, path(st, 0, "event", "code", NULL), &v))
            w->event_id = (int32_t)v;
        if ((i = get(st, winlog, "channel")) >= 0) w->channel = text(st, i);
        if ((i = get(st, winlog, "provider_name")) >= 0) w->provider = text(st, i);
        if ((i = get(st, winlog, "computer_name")) >= 0) w->computer = text(st, i);
        else if ((i = path(st, 0, "host", "name", NULL)) >= 0) w->computer = text(st, i);
        if (number_of(st, get(st, winlog, "record_id"), &v)) w->record_id = v;
        if ((i = path(st, 0, "log", "level", NULL)) >= 0) w->level = text(st, i);
        add_members(st, get(st, winlog, "event_data"));
        add_members(st, get(st, winlog, "user_data"));
    } else if (json_type_of(st->js, evt) == JT_OBJECT) {
        int sys = get(st, evt, "System");
        if (sys < 0) {
            *why = "Event object without System";
            return false;
        }
        if (number_of(st, get(st, sys, "EventID"), &v)) w->event_id = (int32_t)v;
        if ((i = get(st, sys, "Channel")) >= 0) w->channel = text(st, i);
        if ((i = get(st, sys, "Computer")) >= 0) w->computer = text(st, i);
        if ((i = path(st, sys, "Provider", "#attributes", "Name")) >= 0) w->provider = text(st, i);
        else if ((i = path(st, sys, "Provider", "@Name", NULL)) >= 0) w->provider = text(st, i);
        if (number_of(st, get(st, sys, "EventRecordID"), &v)) w->record_id = v;
        if ((i = get(st, sys, "Level")) >= 0) w->level = text(st, i);
        if (!have_time) {
            have_time = time_of(st, path(st, sys, "TimeCreated", "#attributes", "SystemTime"), &ms, &off) ||
                        time_of(st, path(st, sys, "TimeCreated", "@SystemTime", NULL), &ms, &off);
        }
        add_members(st, get(st, evt, "EventData"));
        /* UserData holds one element whose fields are the data */
        add_members(st, json_value(st->js, json_first_key(st->js, get(st, evt, "UserData"))));
    } else if (get(st, 0, "EventID") >= 0) {
        if (number_of(st, get(st, 0, "EventID"), &v)) w->event_id = (int32_t)v;
        if ((i = get(st, 0, "Channel")) >= 0) w->channel = text(st, i);
        if ((i = get(st, 0, "SourceName")) >= 0 || (i = get(st, 0, "ProviderName")) >= 0) w->provider = text(st, i);
        if ((i = get(st, 0, "Hostname")) >= 0 || (i = get(st, 0, "Computer")) >= 0) w->computer = text(st, i);
        if (number_of(st, get(st, 0, "RecordNumber"), &v) || number_of(st, get(st, 0, "EventRecordID"), &v))
            w->record_id = v;
        if ((i = get(st, 0, "Level")) >= 0 || (i = get(st, 0, "Severity")) >= 0) w->level = text(st, i);
        if (!have_time) have_time = time_of(st, get(st, 0, "TimeCreated"), &ms, &off);
        if (!have_time) have_time = time_of(st, get(st, 0, "EventTime"), &ms, &off);
        for (int k = json_first_key(st->js, 0); k >= 0; k = json_next_key(st->js, k))
            if (!nxlog_system_field(json_raw(st->js, k)))
                win_pairs_add(&st->pairs, text(st, k), text(st, json_value(st->js, k)));
    } else if (get(st, 0, "event_id") >= 0) {
        if (number_of(st, get(st, 0, "event_id"), &v)) w->event_id = (int32_t)v;
        if ((i = get(st, 0, "log_name")) >= 0) w->channel = text(st, i);
        if ((i = get(st, 0, "source_name")) >= 0) w->provider = text(st, i);
        if ((i = get(st, 0, "computer_name")) >= 0) w->computer = text(st, i);
        if (number_of(st, get(st, 0, "record_number"), &v)) w->record_id = v;
        if ((i = get(st, 0, "level")) >= 0) w->level = text(st, i);
        add_members(st, get(st, 0, "event_data"));
        add_members(st, get(st, 0, "user_data"));
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
    win_pairs_attach(&st->pairs, w);
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
    const char *err = json_scan_parse(st->js, d);
    if (err) {
        *why = err;
        return PARSE_ERROR;
    }
    /* decoded strings take no more than the document; keys may be read twice */
    scratch_begin(&st->sc, 2 * d.n + 16);
    return fill(st, ev, why) ? PARSE_OK : PARSE_ERROR;
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
        if (!ml_add(&st->ml, line)) return ml_fail(&st->ml, ev, why, "multi-line JSON record larger than 8 MB");
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
    return ml_finish(&st->ml, ev, why, "JSON record not closed at the end of the source");
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
    wj_state *st = xcalloc(1, sizeof *st);
    st->opts = o ? o : &none;
    st->js = json_scan_new(WJ_MAX_TOKENS);
    return st;
}

static void winjson_close(void *s) {
    wj_state *st = s;
    ml_free(&st->ml);
    json_scan_free(st->js);
    scratch_free(&st->sc);
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
