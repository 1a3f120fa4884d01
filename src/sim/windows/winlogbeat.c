/* winlogbeat.c - one Winlogbeat 7 JSON line per event:
 *
 *   {"@timestamp":"2015-05-20T05:12:01.123Z","event":{"code":"4624","kind":"event",
 *    "provider":"Microsoft-Windows-Security-Auditing","action":"logged-in","outcome":"success"},
 *    "host":{"name":"PC00017.kikou.local"},"log":{"level":"information"},
 *    "message":"An account was successfully logged on.","winlog":{"api":"wineventlog",
 *    "channel":"Security","computer_name":"PC00017.kikou.local","event_id":4624,
 *    "provider_name":"...","provider_guid":"{...}","record_id":1234,"task":"Logon",
 *    "keywords":["Audit Success"],"opcode":"Info","event_data":{"LogonType":"3",...}},
 *    "agent":{"type":"winlogbeat","version":"7.17.9"},"ecs":{"version":"1.12.0"}} */
#include "sim/windows/meta.h"
#include "sim/windows/windows.h"
#include "core/json.h"
#include "sim/textfmt.h"

void winlogbeat_write(buf *b, const sim_win *w, const char *computer, uint64_t record_id) {
    const win_meta *m = win_meta_for(w->event_id);
    const win_provider *p = win_provider_for(w->provider);
    bool security = w->channel == WIN_SECURITY;
    buf_puts(b, "{\"@timestamp\":\"");
    put_iso_utc_ms(b, w->t);
    buf_puts(b, "\",\"event\":{\"code\":\"");
    put_u64(b, (uint64_t)w->event_id);
    buf_puts(b, "\",\"kind\":\"event\",\"provider\":");
    json_escape(b, sv_cstr(p->name), false);
    buf_puts(b, ",\"action\":\"");
    buf_puts(b, m->action);
    if (security) buf_puts(b, w->failure ? "\",\"outcome\":\"failure\"" : "\",\"outcome\":\"success\"");
    else buf_putc(b, '"');
    buf_puts(b, "},\"host\":{\"name\":");
    json_escape(b, sv_cstr(computer), false);
    buf_puts(b, "},\"log\":{\"level\":\"information\"},\"message\":");
    json_escape(b, sv_cstr(m->message), false);
    buf_puts(b, ",\"winlog\":{\"api\":\"wineventlog\",\"channel\":\"");
    buf_puts(b, win_channel_name(w->channel));
    buf_puts(b, "\",\"computer_name\":");
    json_escape(b, sv_cstr(computer), false);
    buf_puts(b, ",\"event_id\":");
    put_u64(b, (uint64_t)w->event_id);
    buf_puts(b, ",\"provider_name\":");
    json_escape(b, sv_cstr(p->name), false);
    if (p->guid) {
        buf_puts(b, ",\"provider_guid\":\"");
        buf_puts(b, p->guid);
        buf_putc(b, '"');
    }
    buf_puts(b, ",\"record_id\":");
    put_u64(b, record_id);
    buf_puts(b, ",\"task\":");
    json_escape(b, sv_cstr(m->task_name), false);
    if (security) buf_puts(b, w->failure ? ",\"keywords\":[\"Audit Failure\"]" : ",\"keywords\":[\"Audit Success\"]");
    else buf_puts(b, ",\"keywords\":[\"Classic\"]");
    buf_puts(b, ",\"opcode\":\"Info\",\"event_data\":{");
    for (int i = 0; i < w->n; i++) {
        if (i) buf_putc(b, ',');
        json_escape(b, sv_cstr(w->name[i]), false);
        buf_putc(b, ':');
        json_escape(b, sv_cstr(w->value[i]), false);
    }
    buf_puts(b, "}},\"agent\":{\"type\":\"winlogbeat\",\"version\":\"7.17.9\"},\"ecs\":{\"version\":\"1.12.0\"}}\n");
}
