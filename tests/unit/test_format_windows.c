/* test_format_windows.c - the winjson and winxml parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/mtime.h"
#include "io/ingest.h"
#include "parse_helper.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct collected {
    int n;
    event ev[8];
    char data_name[8][64], data_val[8][160];
    int data_k[8];
    char channel[8][32], computer[8][64], provider[8][64];
} collected;

/* Keeps the first data pair named `want` of each event (views die after the callback). */
static const char *want_name = "TargetUserName";

static int keep(const event *ev, void *p) {
    collected *c = p;
    if (c->n >= 8) return 0;
    int i = c->n++;
    c->ev[i] = *ev;
    const win_event *w = &ev->u.win;
    sv_to_buf(w->channel, c->channel[i], sizeof c->channel[i]);
    sv_to_buf(w->computer, c->computer[i], sizeof c->computer[i]);
    sv_to_buf(w->provider, c->provider[i], sizeof c->provider[i]);
    sv v = win_data_get(w, want_name);
    sv_to_buf(v, c->data_val[i], sizeof c->data_val[i]);
    c->data_k[i] = w->ndata;
    return 0;
}

static ingest_result run_file(const char *name, const char *fmt, collected *c) {
    char path[1024];
    snprintf(path, sizeof path, "%s/windows/%s", getenv("FIXTURES"), name);
    source_list l;
    sources_init(&l);
    sources_add(&l, path);
    sources_finish(&l);
    ingest_options o = {.format_name = fmt};
    ingest_result r;
    memset(c, 0, sizeof *c);
    ingest_run(&l, &o, keep, NULL, c, &r);
    sources_free(&l);
    return r;
}

static void winlogbeat_lines(void **unused) {
    (void)unused;
    collected c;
    want_name = "ProcessName";
    ingest_result r = run_file("winlogbeat.ndjson", NULL, &c);   /* sniffed */
    assert_int_equal(r.unparsed, 0);
    assert_int_equal(r.records, 2);
    assert_int_equal(c.ev[0].kind, EV_WIN);
    assert_int_equal(c.ev[0].u.win.event_id, 4624);
    assert_int_equal(c.ev[0].u.win.record_id, 23412);
    assert_string_equal(c.channel[0], "Security");
    assert_string_equal(c.computer[0], "PC00017.corp.example");
    assert_string_equal(c.data_val[0], "C:\\Windows\\System32\\svchost.exe");   /* \\ unescaped */
    assert_int_equal(c.data_k[0], 5);
    int64_t want;
    assert_true(mtime_parse_iso8601(SV("2015-05-20T05:31:02.123Z"), &want, NULL, 0));
    assert_int_equal(c.ev[0].time_ms, want);
    /* string event id and record id, \u escapes with a surrogate pair */
    assert_int_equal(c.ev[1].u.win.event_id, 7045);
    assert_int_equal(c.ev[1].u.win.record_id, 1290);
    assert_string_equal(c.provider[1], "Service Control Manager");
}

static void winlogbeat_unescape(void **unused) {
    (void)unused;
    collected c;
    want_name = "Note";
    run_file("winlogbeat.ndjson", "winjson", &c);
    assert_string_equal(c.data_val[1], "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\"");
}

static void nxlog_flat(void **unused) {
    (void)unused;
    collected c;
    want_name = "ProcessId";
    ingest_result r = run_file("nxlog.json", NULL, &c);
    assert_int_equal(r.records, 1);
    assert_int_equal(r.unparsed, 0);
    assert_int_equal(c.ev[0].u.win.event_id, 4672);
    assert_int_equal(c.ev[0].u.win.record_id, 23413);
    /* NXLog's own ProcessID is not data; the event's ProcessId is */
    assert_string_equal(c.data_val[0], "0x1f4");
    assert_int_equal(c.data_k[0], 4);   /* SubjectUserName, SubjectDomainName, PrivilegeList, ProcessId */
    /* EventTime has no zone: the default offset (0 here) applies */
    int64_t want;
    assert_true(mtime_parse_iso8601(SV("2015-05-20T14:31:02Z"), &want, NULL, 0));
    assert_int_equal(c.ev[0].time_ms, want);
}

static void evtx_pretty_multiline(void **unused) {
    (void)unused;
    collected c;
    want_name = "Extra";
    ingest_result r = run_file("evtx-pretty.json", NULL, &c);
    assert_int_equal(r.unparsed, 0);
    assert_int_equal(r.records, 2);
    assert_int_equal(c.ev[0].u.win.event_id, 4728);
    assert_int_equal(c.ev[0].u.win.record_id, 4801234);
    assert_string_equal(c.provider[0], "Microsoft-Windows-Security-Auditing");
    assert_int_equal(c.ev[0].line, 2);        /* cites the line that opened the record */
    assert_string_equal(c.data_val[0], "{\"nested\": [1, 2]}");
    assert_int_equal(c.data_k[0], 4);
    assert_int_equal(c.ev[1].u.win.event_id, 7036);   /* EventID with #text */
    assert_int_equal(c.ev[1].line, 33);
    want_name = "param2";
    run_file("evtx-pretty.json", NULL, &c);
    assert_string_equal(c.data_val[1], "running");   /* UserData fields */
}

static void winjson_errors(void **unused) {
    (void)unused;
    parse_ctx c;
    ctx_open(&c, "winjson", 0);
    event ev;
    const char *why;
    assert_int_equal(ctx_line(&c, "{\"foo\":1}", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "{\"EventID\":4624}", &ev, &why), PARSE_ERROR);   /* no time */
    assert_int_equal(ctx_line(&c, "{\"EventID\":4624,\"EventTime\":\"2015-05-20 14:00:00\"}}", &ev, &why),
                     PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "not json", &ev, &why), PARSE_ERROR);
    /* a record left open at the end is reported by finish, citing its first line */
    assert_int_equal(ctx_line(&c, "{", &ev, &why), PARSE_SKIP);
    assert_int_equal(ctx_line(&c, "  \"EventID\": 1,", &ev, &why), PARSE_SKIP);
    assert_int_equal(ctx_finish(&c, &ev, &why), PARSE_ERROR);
    assert_int_equal(ev.line, 5);
    assert_int_equal(ctx_finish(&c, &ev, &why), PARSE_SKIP);
    ctx_close(&c);
}

/* A hostile record of many small arrays: the tokenizer must not go back over
 * every earlier token at each bracket (it once did: quadratic, minutes for a
 * few hundred kilobytes). Also many more data pairs than are kept. */
static void winjson_hostile_shapes(void **unused) {
    (void)unused;
    enum { ARRAYS = 200000, PAIRS = 70000 };
    buf b = {0};
    buf_puts(&b, "{\"@timestamp\":\"2015-05-20T05:31:02Z\",\"winlog\":{\"event_id\":4624,\"event_data\":{\"a\":[");
    for (int i = 0; i < ARRAYS; i++) buf_puts(&b, i ? ",[]" : "[]");
    buf_puts(&b, "]}}}");
    parse_ctx c;
    ctx_open(&c, "winjson", 0);
    event ev;
    const char *why;
    clock_t t0 = clock();
    assert_int_equal(ctx_line(&c, buf_cstr(&b), &ev, &why), PARSE_OK);
    assert_true(clock() - t0 < 5 * CLOCKS_PER_SEC);
    assert_int_equal(ev.u.win.ndata, 1);
    assert_int_equal(ev.u.win.data[0].value.n, 3 * ARRAYS - 1 + 2);

    buf_clear(&b);
    buf_puts(&b, "{\"@timestamp\":\"2015-05-20T05:31:02Z\",\"winlog\":{\"event_id\":4624,\"event_data\":{");
    for (int i = 0; i < PAIRS; i++) buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
    buf_puts(&b, "}}}");
    assert_int_equal(ctx_line(&c, buf_cstr(&b), &ev, &why), PARSE_OK);
    assert_int_equal(ev.u.win.ndata, WIN_MAX_DATA);
    assert_int_equal(ev.u.win.dropped, UINT16_MAX);   /* counted up to what the field holds, not wrapped */
    ctx_close(&c);
    buf_free(&b);
}

static void winxml_events(void **unused) {
    (void)unused;
    collected c;
    want_name = "Note";
    ingest_result r = run_file("events.xml", NULL, &c);
    assert_int_equal(r.unparsed, 0);
    assert_int_equal(r.records, 4);
    /* two events written on one line: both read, both cite that line */
    assert_int_equal(c.ev[2].u.win.event_id, 6005);
    assert_int_equal(c.ev[3].u.win.event_id, 6006);
    assert_int_equal(c.ev[2].line, 18);
    assert_int_equal(c.ev[3].line, 18);
    assert_int_equal(c.ev[0].u.win.event_id, 4732);
    assert_int_equal(c.ev[0].u.win.record_id, 4801240);
    assert_string_equal(c.channel[0], "Security");
    assert_string_equal(c.computer[0], "DC01.corp.example");
    assert_string_equal(c.data_val[0], "a <b> & \xe6\x97\xa5\xe6\x9c\xac \"q\"");
    assert_int_equal(c.data_k[0], 5);   /* three named, one unnamed Data, Binary */
    int64_t want;
    assert_true(mtime_parse_iso8601(SV("2015-05-22T05:41:15.123Z"), &want, NULL, 0));
    assert_int_equal(c.ev[0].time_ms, want);
    assert_int_equal(c.ev[1].u.win.event_id, 7045);
    assert_int_equal(c.ev[1].line, 4);
    assert_string_equal(c.provider[1], "Service Control Manager");
    want_name = "ImagePath";
    run_file("events.xml", "winxml", &c);
    assert_string_equal(c.data_val[1], "%SystemRoot%\\PSEXESVC.exe");   /* CDATA */
}

static void winxml_errors(void **unused) {
    (void)unused;
    parse_ctx c;
    ctx_open(&c, "winxml", 0);
    event ev;
    const char *why;
    assert_int_equal(ctx_line(&c, "<Event><System><EventID>1</EventID></Syst></Event>", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "<Event><System><EventID>1</EventID></System></Event>", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "<Event><System><TimeCreated SystemTime=oops/></System></Event>", &ev, &why),
                     PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "hello", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "<Event xmlns='x'>", &ev, &why), PARSE_SKIP);
    assert_int_equal(ctx_finish(&c, &ev, &why), PARSE_ERROR);
    ctx_close(&c);
}

/* The shared public samples: NXLog lines and SigmaHQ's pretty-printed evtx dumps. */
static void shared_samples(void **unused) {
    (void)unused;
    const char *shared = getenv("SHARED");
    char path[1024];
    snprintf(path, sizeof path, "%s/data/windows-json/schtask_create.json", shared ? shared : ".");
    FILE *f = fopen(path, "r");
    if (!f) skip();
    fclose(f);
    ingest_result r;
    /* the .evtx and .yml files there are not ours: count only the JSON ones */
    source_list j;
    sources_init(&j);
    snprintf(path, sizeof path, "%s/data/windows-json/schtask_create.json", shared);
    sources_add(&j, path);
    static const char *const dirs[] = {"proc_creation_win_certutil_download_direct_ip",
                                       "proc_creation_win_wmic_process_creation",
                                       "win_security_explicit_credential_local_logon"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/data/sigma-regression/%s/*.json", shared, dirs[k]);
        sources_add(&j, path);
    }
    sources_finish(&j);
    ingest_options oj = {.format_name = "winjson"};
    ingest_run(&j, &oj, NULL, NULL, NULL, &r);
    sources_free(&j);
    assert_int_equal(r.unparsed, 0);
    assert_true(r.records > 1000);
    assert_int_equal(r.sources_failed, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(winlogbeat_lines), cmocka_unit_test(winlogbeat_unescape),
        cmocka_unit_test(nxlog_flat),       cmocka_unit_test(evtx_pretty_multiline),
        cmocka_unit_test(winjson_errors),   cmocka_unit_test(winxml_events),
        cmocka_unit_test(winxml_errors),    cmocka_unit_test(shared_samples),
        cmocka_unit_test(winjson_hostile_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
