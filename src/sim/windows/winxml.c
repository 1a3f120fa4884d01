/* winxml.c - Windows Event XML, one <Event> per line, as `wevtutil qe
 * Security /f:xml` prints them, inside an <Events> root so each daily file is
 * a well-formed document:
 *
 *   <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>
 *   <Provider Name='Microsoft-Windows-Security-Auditing' Guid='{...}'/><EventID>4624</EventID>
 *   <Version>1</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode>
 *   <Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2015-05-22T05:31:02.1234567Z'/>
 *   <EventRecordID>81234</EventRecordID><Correlation/><Execution ProcessID='512' ThreadID='2044'/>
 *   <Channel>Security</Channel><Computer>DC01.kikou.local</Computer><Security/></System>
 *   <EventData><Data Name='SubjectUserSid'>S-1-0-0</Data>...</EventData></Event>
 *
 * Text and attribute values are escaped (& < > ' "). */
#include "sim/windows/meta.h"
#include "sim/windows/windows.h"
#include "sim/textfmt.h"

#include <stdio.h>

static void xml_text(buf *b, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '\'': buf_puts(b, "&apos;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        default: buf_putc(b, *s);
        }
    }
}

void winxml_open(sim_sink *k, int64_t day_start) {
    (void)day_start;
    buf_puts(&k->b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n");
}

void winxml_close(sim_sink *k, int64_t day_start) {
    (void)day_start;
    buf_puts(&k->b, "</Events>\n");
}

void winxml_write(buf *b, const sim_win *w, const char *computer, uint64_t record_id) {
    const win_meta *m = win_meta_for(w->event_id);
    const win_provider *p = win_provider_for(w->provider);
    uint64_t keywords = m->keywords;
    if (w->channel == WIN_SECURITY && w->failure) keywords = 0x8010000000000000ull;
    buf_puts(b, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='");
    xml_text(b, p->name);
    buf_putc(b, '\'');
    if (p->guid) {
        buf_puts(b, " Guid='");
        buf_puts(b, p->guid);
        buf_putc(b, '\'');
    }
    if (p->event_source) {
        buf_puts(b, " EventSourceName='");
        xml_text(b, p->event_source);
        buf_putc(b, '\'');
    }
    buf_puts(b, "/>");
    if (p->qualifiers) {
        buf_puts(b, "<EventID Qualifiers='");
        put_u64(b, (uint64_t)p->qualifiers);
        buf_puts(b, "'>");
    } else {
        buf_puts(b, "<EventID>");
    }
    put_u64(b, (uint64_t)w->event_id);
    buf_puts(b, "</EventID><Version>");
    buf_puts(b, w->event_id == 4624 ? "1" : "0");
    buf_puts(b, "</Version><Level>");
    put_u64(b, (uint64_t)m->level);
    buf_puts(b, "</Level><Task>");
    put_u64(b, (uint64_t)m->task);
    buf_puts(b, "</Task><Opcode>0</Opcode><Keywords>");
    char kw[24];
    snprintf(kw, sizeof kw, "0x%llx", (unsigned long long)keywords);
    buf_puts(b, kw);
    buf_puts(b, "</Keywords><TimeCreated SystemTime='");
    put_iso_utc_100ns(b, w->t, (unsigned)(record_id * 7919 % 10000));
    buf_puts(b, "'/><EventRecordID>");
    put_u64(b, record_id);
    buf_puts(b, "</EventRecordID><Correlation/><Execution ProcessID='");
    buf_puts(b, w->channel == WIN_SECURITY ? "512" : "468");
    buf_puts(b, "' ThreadID='");
    put_u64(b, 1000 + record_id % 3000);
    buf_puts(b, "'/><Channel>");
    buf_puts(b, win_channel_name(w->channel));
    buf_puts(b, "</Channel><Computer>");
    xml_text(b, computer);
    buf_puts(b, "</Computer><Security/></System><EventData>");
    for (int i = 0; i < w->n; i++) {
        buf_puts(b, "<Data Name='");
        xml_text(b, w->name[i]);
        buf_puts(b, "'>");
        xml_text(b, w->value[i]);
        buf_puts(b, "</Data>");
    }
    buf_puts(b, "</EventData></Event>\n");
}
