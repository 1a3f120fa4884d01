/* test_event_out_kinds.c - JSON and CSV forms of conn, win and file events:
 * the documented fields are there, attacker-controlled text is escaped, and
 * every CSV row has as many columns as the header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/event_out.h"

#include <jansson.h>
#include <string.h>

static size_t csv_columns(const char *row) {
    size_t n = 1;
    bool quoted = false;
    for (const char *p = row; *p && *p != '\n'; p++) {
        if (*p == '"') quoted = !quoted;
        else if (*p == ',' && !quoted) n++;
    }
    return n;
}

static json_t *as_json(const event *ev) {
    buf b = {0};
    jw w;
    jw_init(&w, &b);
    event_write_json(&w, ev);
    json_error_t err;
    json_t *j = json_loadb(b.p, b.len, 0, &err);
    buf_free(&b);
    assert_non_null(j);
    return j;
}

static size_t header_columns(void) {
    buf b = {0};
    event_csv_header(&b);
    size_t n = csv_columns(buf_cstr(&b));
    buf_free(&b);
    return n;
}

static void conn_event_out(void **unused) {
    (void)unused;
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_CONN;
    ev.time_ms = 1432096262000;
    conn_event_clear(&ev.u.conn);
    conn_event *c = &ev.u.conn;
    c->device = SV("fw,1");
    c->src = SV("10.20.3.45");
    c->dst = SV("10.30.0.7");
    c->src_port = 49733;
    c->dst_port = 445;
    c->proto = SV("tcp");
    c->result = CR_DENIED;
    c->action = SV("CORE-DROP");
    c->bytes_out = 10;
    json_t *j = as_json(&ev);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "conn");
    assert_string_equal(json_string_value(json_object_get(j, "result")), "denied");
    assert_int_equal(json_integer_value(json_object_get(j, "dst_port")), 445);
    assert_true(json_is_null(json_object_get(j, "bytes_in")));
    assert_string_equal(json_string_value(json_object_get(j, "device")), "fw,1");
    json_decref(j);
    buf b = {0};
    event_write_csv(&b, &ev);
    assert_int_equal(csv_columns(buf_cstr(&b)), header_columns());
    assert_non_null(strstr(buf_cstr(&b), ",\"fw,1\","));
    buf_free(&b);
}

static void win_event_out(void **unused) {
    (void)unused;
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_WIN;
    ev.time_ms = 1432096262000;
    win_event_clear(&ev.u.win);
    win_pair pairs[2] = {{SV("TargetUserName"), SV("=cmd|' /C calc'!A0")}, {SV("Note\"x"), SV("a\nb")}};
    ev.u.win.event_id = 4624;
    ev.u.win.channel = SV("Security");
    ev.u.win.data = pairs;
    ev.u.win.ndata = 2;
    json_t *j = as_json(&ev);
    assert_int_equal(json_integer_value(json_object_get(j, "event_id")), 4624);
    json_t *data = json_object_get(j, "data");
    assert_string_equal(json_string_value(json_object_get(data, "TargetUserName")), "=cmd|' /C calc'!A0");
    assert_string_equal(json_string_value(json_object_get(data, "Note\"x")), "a\nb");
    assert_int_equal(json_integer_value(json_object_get(j, "data_dropped")), 0);
    assert_true(json_is_null(json_object_get(j, "record_id")));
    json_decref(j);
    buf b = {0};
    event_write_csv(&b, &ev);
    assert_int_equal(csv_columns(buf_cstr(&b)), header_columns());
    buf_free(&b);
}

static void file_event_out(void **unused) {
    (void)unused;
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_FILE;
    ev.time_ms = 1432096262000;
    file_event_clear(&ev.u.file);
    ev.u.file.op = FO_READ;
    ev.u.file.op_raw = SV("pread");
    ev.u.file.ok = true;
    ev.u.file.path = SV("個人情報/a.xlsx");
    ev.u.file.share = SV("kyufu");
    json_t *j = as_json(&ev);
    assert_string_equal(json_string_value(json_object_get(j, "op")), "read");
    assert_true(json_is_true(json_object_get(j, "ok")));
    assert_string_equal(json_string_value(json_object_get(j, "path")), "個人情報/a.xlsx");
    json_decref(j);
    buf b = {0};
    event_write_csv(&b, &ev);
    assert_int_equal(csv_columns(buf_cstr(&b)), header_columns());
    assert_non_null(strstr(buf_cstr(&b), ",read,"));
    buf_free(&b);
    /* the http row keeps its width too */
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_HTTP;
    http_event_clear(&ev.u.http);
    event_write_csv(&b, &ev);
    assert_int_equal(csv_columns(buf_cstr(&b)), header_columns());
    buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conn_event_out),
        cmocka_unit_test(win_event_out),
        cmocka_unit_test(file_event_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
