/* test_readiness.c - the readiness model and its checks (analysis/readiness.h)
 * on events built in memory: grouping of computer names, per-channel counts
 * and ranges, each check firing when it should and only then, the Security
 * log retention thresholds, log clearings, and the bounds that keep hostile
 * input from growing memory. */
#include "analysis/readiness.h"
#include "core/mtime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define HOUR_MS 3600000LL
#define DAY_MS (24 * HOUR_MS)
#define T0 1709251200000LL /* 2024-03-01T00:00:00Z */

static const int64_t WARN = 7 * DAY_MS, TARGET = 90 * DAY_MS;

/* Feeds one event; `pairs` is "Name=Value" strings, NULL-terminated. */
static void feed(readiness *r, const char *computer, const char *channel, int32_t id, int64_t t, int64_t rid,
                 const char *provider, const char *const *pairs) {
    win_pair data[8];
    uint16_t n = 0;
    for (; pairs && pairs[n] && n < 8; n++) {
        const char *eq = strchr(pairs[n], '=');
        data[n].name = sv_make(pairs[n], (size_t)(eq - pairs[n]));
        data[n].value = sv_cstr(eq + 1);
    }
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_WIN;
    ev.time_ms = t;
    ev.u.win.event_id = id;
    ev.u.win.channel = sv_cstr(channel);
    ev.u.win.computer = sv_cstr(computer);
    ev.u.win.provider = sv_cstr(provider ? provider : "Microsoft-Windows-Security-Auditing");
    ev.u.win.record_id = rid;
    ev.u.win.data = data;
    ev.u.win.ndata = n;
    readiness_add(r, &ev);
}

static void sec(readiness *r, const char *computer, int32_t id, int64_t t, int64_t rid) {
    feed(r, computer, "Security", id, t, rid, NULL, NULL);
}

static const rd_gap *find_gap(const readiness *r, int computer, rd_need need) {
    for (size_t i = 0; i < rd_gap_count(r); i++)
        if (rd_gap_at(r, i)->computer == computer && rd_gap_at(r, i)->need == need) return rd_gap_at(r, i);
    return NULL;
}

static void names_are_grouped(void **state) {
    (void)state;
    readiness r;
    readiness_init(&r);
    sec(&r, "PC01", 4624, T0, 10);
    sec(&r, "pc01.Corp.Example", 4624, T0 + 1000, 11);
    sec(&r, "PC01.CORP.EXAMPLE", 4624, T0 + 2000, 12);
    sec(&r, "10.0.0.1", 4624, T0, 1);
    sec(&r, "10.0.0.2", 4624, T0, 1);
    sec(&r, "", 4624, T0, 1);
    assert_int_equal(rd_count(&r), 4);
    assert_string_equal(rd_at(&r, 0)->name, "pc01.corp.example");
    assert_string_equal(rd_at(&r, 0)->key, "pc01");
    assert_string_equal(rd_at(&r, 0)->aliases[0], "pc01");
    assert_null(rd_at(&r, 0)->aliases[1]);
    assert_int_equal(rd_at(&r, 0)->records, 3);
    assert_string_equal(rd_at(&r, 1)->name, "10.0.0.1");
    assert_string_equal(rd_at(&r, 3)->name, "");
    char key[RD_NAME_MAX + 1];
    assert_int_equal(rd_computer_key(SV(" DC01.corp "), key), 4);
    assert_string_equal(key, "dc01");
    readiness_free(&r);
}

static void channel_counts_and_ranges(void **state) {
    (void)state;
    readiness r;
    readiness_init(&r);
    sec(&r, "pc01", 4624, T0 + 5000, 105);
    sec(&r, "pc01", 4624, T0 + 1000, 101); /* out of order */
    sec(&r, "pc01", 4688, T0 + 9000, 109);
    feed(&r, "pc01", "security", 4672, T0 + 3000, -1, NULL, NULL); /* same channel, other case, no record id */
    feed(&r, "pc01", "Microsoft-Windows-Sysmon/Operational", 1, T0, 7, "Microsoft-Windows-Sysmon", NULL);
    const rd_computer *c = rd_at(&r, 0);
    assert_int_equal(c->channels.len, 2);
    const rd_channel *s = rd_channel_of(c, RD_CH_SECURITY);
    assert_non_null(s);
    assert_int_equal(s->records, 4);
    assert_int_equal(s->first_ms, T0 + 1000);
    assert_int_equal(s->last_ms, T0 + 9000);
    assert_int_equal(s->first_record_id, 101);
    assert_int_equal(s->last_record_id, 109);
    assert_int_equal(s->with_record_id, 3);
    assert_int_equal(rd_id_count_of(s, 4624), 2);
    assert_int_equal(rd_id_count_of(s, 4688), 1);
    assert_int_equal(rd_id_count_of(s, 5140), 0);
    assert_int_equal(rd_events(c, RD_CH_SYSMON, 1), 1);
    assert_int_equal(rd_channel_of(c, RD_CH_SYSMON)->kind, RD_CH_SYSMON);
    readiness_free(&r);
}

/* 4688 but no 5140/5145: the file-share gap, never the process-creation one. */
static void share_gap_without_process_gap(void **state) {
    (void)state;
    readiness r;
    readiness_init(&r);
    static const char *const cmd[] = {"NewProcessName=C:\\x.exe", "CommandLine=x.exe -y", NULL};
    feed(&r, "pc01", "Security", 4688, T0, 1, NULL, cmd);
    sec(&r, "pc01", 4624, T0 + 1000, 2);
    readiness_check(&r, WARN, TARGET);
    assert_non_null(find_gap(&r, 0, RD_NEED_FILE_SHARE));
    assert_int_equal(find_gap(&r, 0, RD_NEED_FILE_SHARE)->severity, RD_HIGH);
    assert_null(find_gap(&r, 0, RD_NEED_PROCESS_CREATION));
    assert_null(find_gap(&r, 0, RD_NEED_COMMAND_LINE));
    assert_null(find_gap(&r, 0, RD_NEED_LOGON));
    assert_non_null(find_gap(&r, 0, RD_NEED_SPECIAL_LOGON));
    assert_non_null(find_gap(&r, -1, RD_NEED_DC_LOGS));
    assert_int_equal(find_gap(&r, -1, RD_NEED_DC_LOGS)->severity, RD_CRITICAL);
    assert_null(find_gap(&r, 0, RD_NEED_SECURITY_RETENTION)); /* starts at record 1 */
    const rd_verdicts *v = rd_verdicts_of(&r, 0);
    assert_int_equal(v->answer[RD_Q_LOGON], RD_CAN);
    assert_int_equal(v->answer[RD_Q_RAN], RD_CAN);
    assert_int_equal(v->answer[RD_Q_SHARES], RD_CANNOT);
    assert_int_equal(v->answer[RD_Q_DC], RD_NOT_APPLICABLE);
    assert_int_equal(rd_overall(&r, RD_Q_DC), RD_CANNOT);
    /* the gaps are ordered: computers first, most severe first */
    assert_int_equal(rd_gap_at(&r, 0)->computer, -1);
    for (size_t i = 2; i < rd_gap_count(&r); i++)
        assert_true(rd_gap_at(&r, i - 1)->severity >= rd_gap_at(&r, i)->severity);
    readiness_free(&r);
}

static void command_line_missing(void **state) {
    (void)state;
    readiness r;
    readiness_init(&r);
    static const char *const empty[] = {"NewProcessName=C:\\x.exe", "CommandLine=  ", NULL};
    feed(&r, "pc01", "Security", 4688, T0, 1, NULL, empty);
    sec(&r, "pc01", 4688, T0 + 1, 2);
    feed(&r, "pc02", "Security", 4688, T0, 1, NULL, empty);
    feed(&r, "pc02", "Microsoft-Windows-Sysmon/Operational", 1, T0, 1, NULL, NULL);
    readiness_check(&r, WARN, TARGET);
    const rd_gap *g = find_gap(&r, 0, RD_NEED_COMMAND_LINE);
    assert_non_null(g);
    assert_int_equal(g->severity, RD_HIGH);
    assert_int_equal(g->count, 2);
    assert_null(find_gap(&r, 0, RD_NEED_PROCESS_CREATION));
    assert_int_equal(rd_verdicts_of(&r, 0)->answer[RD_Q_RAN], RD_PARTLY);
    /* Sysmon's process events cover what ran: the gap is only medium */
    assert_int_equal(find_gap(&r, 1, RD_NEED_COMMAND_LINE)->severity, RD_MEDIUM);
    assert_int_equal(rd_verdicts_of(&r, 1)->answer[RD_Q_RAN], RD_CAN);
    readiness_free(&r);
}

static void domain_controllers(void **state) {
    (void)state;
    readiness r;
    readiness_init(&r);
    readiness_declare_dc(&r, SV("DC03.corp.example"));
    sec(&r, "DC01.corp.example", 4768, T0, 1);
    sec(&r, "DC01.corp.example", 4769, T0 + 1, 2);
    sec(&r, "DC01.corp.example", 4776, T0 + 2, 3);
    sec(&r, "DC02", 4768, T0, 1);
    sec(&r, "WS01", 4776, T0, 1); /* NTLM for a local account: not a DC */
    readiness_check(&r, WARN, TARGET);
    assert_null(find_gap(&r, -1, RD_NEED_DC_LOGS));
    assert_int_equal(rd_count(&r), 4);
    assert_non_null(find_gap(&r, 0, RD_NEED_DC_MISSING)); /* DC03: named, no logs */
    assert_true(rd_verdicts_of(&r, 1)->dc);
    assert_null(find_gap(&r, 1, RD_NEED_KERBEROS_AS));
    assert_null(find_gap(&r, 1, RD_NEED_KERBEROS_TGS));
    assert_int_equal(rd_verdicts_of(&r, 1)->answer[RD_Q_DC], RD_CAN);
    assert_non_null(find_gap(&r, 2, RD_NEED_KERBEROS_TGS));
    assert_int_equal(find_gap(&r, 2, RD_NEED_KERBEROS_TGS)->severity, RD_HIGH);
    assert_non_null(find_gap(&r, 2, RD_NEED_CREDENTIAL_VALIDATION));
    assert_int_equal(rd_verdicts_of(&r, 2)->answer[RD_Q_DC], RD_PARTLY);
    assert_false(rd_verdicts_of(&r, 3)->dc);
    assert_null(find_gap(&r, 3, RD_NEED_KERBEROS_AS));
    assert_int_equal(rd_overall(&r, RD_Q_DC), RD_CAN);
    readiness_free(&r);
    /* only NTLM validation anywhere: no DC logs, and the message counts it */
    readiness_init(&r);
    sec(&r, "WS01", 4776, T0, 1);
    readiness_check(&r, WARN, TARGET);
    assert_int_equal(find_gap(&r, -1, RD_NEED_DC_LOGS)->count, 1);
    readiness_free(&r);
}

/* A Security log starting at `first_id` and holding `span`. */
static const rd_gap *retention(readiness *r, int64_t first_id, int64_t span) {
    readiness_init(r);
    for (int64_t i = 0; i <= 20; i++) sec(r, "fs01", 4624, T0 + span * i / 20, first_id < 0 ? -1 : first_id + i);
    readiness_check(r, WARN, TARGET);
    return find_gap(r, 0, RD_NEED_SECURITY_RETENTION);
}

static void security_log_retention(void **state) {
    (void)state;
    readiness r;
    const rd_gap *g = retention(&r, 123456, 20 * HOUR_MS);
    assert_non_null(g);
    assert_int_equal(g->severity, RD_HIGH);
    assert_int_equal(g->first_record_id, 123456);
    assert_int_equal(g->last_ms - g->first_ms, 20 * HOUR_MS);
    /* 21 record ids in 20 hours: 90 days need 21 / 20 * 2160 KiB */
    assert_int_equal(g->needed_bytes, (int64_t)(21.0 / (20 * HOUR_MS) * TARGET * 1024));
    assert_int_equal(rd_verdicts_of(&r, 0)->since_ms, T0);
    readiness_free(&r);
    g = retention(&r, 5000, 30 * DAY_MS);
    assert_non_null(g);
    assert_int_equal(g->severity, RD_MEDIUM);
    readiness_free(&r);
    assert_null(retention(&r, 5000, 100 * DAY_MS));
    readiness_free(&r);
    assert_null(retention(&r, 1, 20 * HOUR_MS)); /* from record 1: nothing overwritten */
    assert_int_equal(rd_verdicts_of(&r, 0)->since_ms, MTIME_NONE);
    readiness_free(&r);
    g = retention(&r, -1, 20 * HOUR_MS); /* no record ids: cannot tell */
    assert_non_null(g);
    assert_int_equal(g->severity, RD_INFO);
    readiness_free(&r);
}

static void clearings(void **state) {
    (void)state;
    readiness r;
    readiness_init(&r);
    static const char *const who[] = {"SubjectUserName=mallory", "SubjectDomainName=CORP", NULL};
    static const char *const sys[] = {"SubjectUserName=mallory", "Channel=System", NULL};
    feed(&r, "ws02", "Security", 1102, T0, 1, "Microsoft-Windows-Eventlog", who);
    feed(&r, "ws02", "System", 104, T0 + 5000, 1, "Microsoft-Windows-Eventlog", sys);
    feed(&r, "ws02", "System", 104, T0, 2, "Some-Other-Provider", sys); /* not a clearing */
    readiness_check(&r, WARN, TARGET);
    const rd_computer *c = rd_at(&r, 0);
    assert_int_equal(c->clears_total, 2);
    const rd_clear *cl = &VEC_AT(&c->clears, rd_clear, 0);
    assert_string_equal(cl->user, "CORP\\mallory");
    assert_string_equal(cl->log, "Security");
    assert_int_equal(cl->time_ms, T0);
    assert_string_equal(VEC_AT(&c->clears, rd_clear, 1).log, "System");
    assert_string_equal(VEC_AT(&c->clears, rd_clear, 1).user, "mallory");
    size_t n = 0;
    for (size_t i = 0; i < rd_gap_count(&r); i++)
        if (rd_gap_at(&r, i)->need == RD_NEED_LOG_CLEARED) {
            assert_int_equal(rd_gap_at(&r, i)->severity, RD_HIGH);
            n++;
        }
    assert_int_equal(n, 2);
    readiness_free(&r);
}

/* Every computer, channel, id and name is bounded. */
static void hostile_input_is_bounded(void **state) {
    (void)state;
    readiness r;
    readiness_init(&r);
    char *huge = malloc(10241);
    memset(huge, 'A', 10240);
    huge[10240] = 0;
    huge[5] = '\x1b';
    huge[6] = (char)0xff;
    sec(&r, huge, 4624, T0, 1);
    assert_true(strlen(rd_at(&r, 0)->name) <= RD_NAME_MAX);
    assert_true(strlen(rd_at(&r, 0)->key) <= RD_NAME_MAX);
    assert_memory_equal(rd_at(&r, 0)->key, "aaaaa\x1b" "\xff", 7); /* kept as is; the output escapes it */
    char name[64];
    for (int i = 0; i < RD_MAX_COMPUTERS + 5; i++) {
        snprintf(name, sizeof name, "host%d", i);
        sec(&r, name, 4624, T0, 1);
    }
    assert_int_equal(rd_count(&r), RD_MAX_COMPUTERS);
    assert_int_equal(r.dropped, 6);
    for (int i = 0; i < RD_MAX_CHANNELS + 10; i++) {
        snprintf(name, sizeof name, "Channel-%d", i);
        feed(&r, "host1", name, 1, T0, 1, NULL, NULL);
    }
    feed(&r, "host1", "Microsoft-Windows-Sysmon/Operational", 1, T0, 1, NULL, NULL); /* a known one still gets in */
    const rd_computer *c = rd_at(&r, 2);
    assert_string_equal(c->key, "host1");
    assert_int_equal(c->channels.len, RD_MAX_CHANNELS + 1);
    assert_int_equal(c->dropped, 11);
    for (int i = 0; i < RD_MAX_IDS + 7; i++) sec(&r, "host2", i, T0, 1);
    const rd_channel *s = rd_channel_of(rd_at(&r, 3), RD_CH_SECURITY);
    assert_int_equal(s->ids.len, RD_MAX_IDS);
    assert_int_equal(s->ids_dropped, 8); /* 4624 (from the loop above) took one of the slots */
    for (int i = 0; i < RD_MAX_CLEARS + 3; i++)
        feed(&r, "host3", "Security", 1102, T0 + i, 1, "Microsoft-Windows-Eventlog", NULL);
    assert_int_equal(rd_at(&r, 4)->clears.len, RD_MAX_CLEARS);
    assert_int_equal(rd_at(&r, 4)->clears_total, RD_MAX_CLEARS + 3);
    readiness_check(&r, WARN, TARGET);
    free(huge);
    readiness_free(&r);
}

/* A computer with every log and audit setting gets no gap above info. */
static void full_coverage_no_false_alarm(void **state) {
    (void)state;
    readiness r;
    readiness_init(&r);
    static const char *const cmd[] = {"CommandLine=cmd /c dir", NULL};
    const int32_t ids[] = {4624, 4625, 4648, 4672, 5140, 5145, 4698, 4732, 4719, 4768, 4769, 4776};
    for (int d = 0; d < 100; d++) {
        int64_t t = T0 + d * DAY_MS;
        for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) sec(&r, "dc01", ids[i], t, 1 + d * 20 + (int64_t)i);
        feed(&r, "dc01", "Security", 4688, t, 1 + d * 20 + 15, NULL, cmd);
        feed(&r, "dc01", "System", 7045, t, 1 + d, NULL, NULL);
        feed(&r, "dc01", "Microsoft-Windows-Sysmon/Operational", 1, t, 1 + d, NULL, NULL);
        feed(&r, "dc01", "Microsoft-Windows-PowerShell/Operational", 4104, t, 1 + d, NULL, NULL);
        feed(&r, "dc01", "Microsoft-Windows-TaskScheduler/Operational", 106, t, 1 + d, NULL, NULL);
        feed(&r, "dc01", "Microsoft-Windows-WinRM/Operational", 91, t, 1 + d, NULL, NULL);
        feed(&r, "dc01", "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", 1149, t, 1 + d, NULL,
             NULL);
    }
    readiness_check(&r, WARN, TARGET);
    for (size_t i = 0; i < rd_gap_count(&r); i++) assert_int_equal(rd_gap_at(&r, i)->severity, RD_INFO);
    assert_int_equal(rd_gap_count(&r), 0);
    for (int q = 0; q < RD_Q_COUNT; q++) assert_int_equal(rd_verdicts_of(&r, 0)->answer[q], RD_CAN);
    readiness_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_are_grouped),
        cmocka_unit_test(channel_counts_and_ranges),
        cmocka_unit_test(share_gap_without_process_gap),
        cmocka_unit_test(command_line_missing),
        cmocka_unit_test(domain_controllers),
        cmocka_unit_test(security_log_retention),
        cmocka_unit_test(clearings),
        cmocka_unit_test(hostile_input_is_bounded),
        cmocka_unit_test(full_coverage_no_false_alarm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
