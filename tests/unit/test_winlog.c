/* test_winlog.c - typed Windows fields (win/winfields.c) and the Windows
 * detectors on events made by hand: the field names of each channel, host
 * and account normalisation, and what a few detectors must and must not
 * find. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "config/config.h"
#include "core/mtime.h"
#include "detect/win/winscan.h"
#include "io/sources.h"
#include "win/winfields.h"

#include <stdio.h>
#include <string.h>

#define MAXP 24

/* An event with up to MAXP data pairs given as "Name=value" strings. */
typedef struct mk {
    event ev;
    win_pair pairs[MAXP];
} mk;

static source fake_src = {.name = "test.xml"};

static event *make(mk *m, int id, const char *channel, const char *computer, int64_t ms, const char *const *kv) {
    memset(m, 0, sizeof *m);
    m->ev.kind = EV_WIN;
    m->ev.time_ms = ms;
    m->ev.src = &fake_src;
    m->ev.line = 1;
    win_event *w = &m->ev.u.win;
    w->event_id = id;
    w->channel = sv_cstr(channel);
    w->computer = sv_cstr(computer);
    w->record_id = 100;
    int n = 0;
    for (; kv && kv[n] && n < MAXP; n++) {
        const char *eq = strchr(kv[n], '=');
        m->pairs[n].name = sv_make(kv[n], (size_t)(eq - kv[n]));
        m->pairs[n].value = sv_cstr(eq + 1);
    }
    w->data = m->pairs;
    w->ndata = (uint16_t)n;
    return &m->ev;
}

#define KV(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_fields_security_logon(void **state) {
    (void)state;
    mk m;
    event *ev = make(&m, 4624, "security", "WS01.corp.local", 0,
                     KV("TargetUserName=alice", "TargetDomainName=CORP", "LogonType=3", "IpAddress=-",
                        "WorkstationName=PC9", "KeyLength=0", "AuthenticationPackageName=NTLM",
                        "LogonProcessName=NtLmSsp ", "TargetUserSid=S-1-5-21-1-2-3-500", "TargetLogonId=0x3e7"));
    win_fields f;
    win_fields_read(&f, &ev->u.win);
    assert_int_equal(f.channel, WCH_SECURITY);
    assert_string_equal(f.host, "WS01");
    assert_true(sv_eq(f.target_user, SV("alice")));
    assert_int_equal(f.logon_type, 3);
    assert_int_equal(f.key_length, 0);
    assert_int_equal(f.ip.n, 0); /* "-" is no address */
    assert_true(sv_eq(f.workstation, SV("PC9")));
    assert_true(sv_eq(f.logon_process, SV("NtLmSsp"))); /* trimmed */
    assert_int_equal(win_sid_rid(f.target_sid), 500);
}

static void test_fields_other_channels(void **state) {
    (void)state;
    mk m;
    win_fields f;
    win_fields_read(&f, &make(&m, 1, "Microsoft-Windows-Sysmon/Operational", "ws02", 0,
                              KV("Image=C:\\Windows\\System32\\cmd.exe", "ParentImage=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
                                 "CommandLine=cmd /c whoami", "User=CORP\\bob", "ProcessId=4242"))->u.win);
    assert_int_equal(f.channel, WCH_SYSMON);
    assert_string_equal(f.host, "WS02");
    assert_true(sv_eq(win_basename(f.parent), SV("WmiPrvSE.exe")));
    assert_true(sv_eq(f.subject_user, SV("bob")) && sv_eq(f.subject_domain, SV("CORP")));
    assert_true(sv_eq(f.process_id, SV("4242")));

    win_fields_read(&f, &make(&m, 7045, "System", "SRV1.corp.local", 0,
                              KV("ServiceName=PSEXESVC", "ImagePath=%SystemRoot%\\PSEXESVC.exe", "AccountName=LocalSystem"))->u.win);
    assert_int_equal(f.channel, WCH_SYSTEM);
    assert_true(sv_eq(f.service_path, SV("%SystemRoot%\\PSEXESVC.exe")));
    win_fields_read(&f, &make(&m, 4697, "Security", "SRV1", 0, KV("ServiceName=x", "ServiceFileName=C:\\x.exe"))->u.win);
    assert_true(sv_eq(f.service_path, SV("C:\\x.exe")));

    win_fields_read(&f, &make(&m, 1149, "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", "J1", 0,
                              KV("Param1=carol", "Param2=CORP", "Param3=10.0.0.9"))->u.win);
    assert_int_equal(f.channel, WCH_TS_RCM);
    assert_true(sv_eq(f.target_user, SV("carol")) && sv_eq(f.ip, SV("10.0.0.9")));
    win_fields_read(&f, &make(&m, 21, "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", "J1", 0,
                              KV("User=CORP\\dave", "Address=10.0.0.8"))->u.win);
    assert_true(sv_eq(f.target_user, SV("dave")) && sv_eq(f.target_domain, SV("CORP")) && sv_eq(f.ip, SV("10.0.0.8")));

    win_fields_read(&f, &make(&m, 5145, "Security", "FS1", 0,
                              KV("ShareName=\\\\*\\ADMIN$", "RelativeTargetName=evil.exe", "AccessMask=0x00120196",
                                 "IpAddress=10.1.1.1"))->u.win);
    assert_true(f.have_access_mask);
    assert_int_equal(f.access_mask, 0x120196);

    /* the channel from the provider when the channel is missing */
    mk m2;
    event *ev = make(&m2, 106, "", "H", 0, NULL);
    ev->u.win.provider = SV("Microsoft-Windows-TaskScheduler");
    win_fields_read(&f, &ev->u.win);
    assert_int_equal(f.channel, WCH_TASKSCHEDULER);
}

static void test_helpers(void **state) {
    (void)state;
    char h[WIN_HOST_MAX];
    assert_string_equal(win_host_norm(SV("ws01.corp.local"), h), "WS01");
    assert_string_equal(win_host_norm(SV("10.1.2.3"), h), "10.1.2.3");
    assert_string_equal(win_host_norm(SV("::ffff:10.1.2.3"), h), "10.1.2.3");
    assert_string_equal(win_host_norm(SV("\\\\fs03vuln"), h), "FS03VULN");
    assert_string_equal(win_host_norm(SV("-"), h), "");
    char longname[200];
    memset(longname, 'a', sizeof longname);
    assert_int_equal(strlen(win_host_norm(sv_make(longname, sizeof longname), h)), WIN_HOST_MAX - 1);
    assert_true(win_is_system_account(SV("WS01$"), SV("CORP")));
    assert_true(win_is_system_account(SV("ANONYMOUS LOGON"), SV("NT AUTHORITY")));
    assert_true(win_is_system_account(SV("DWM-2"), SV("Window Manager")));
    assert_true(win_is_system_account(SV("UMFD-0"), SV("Font Driver Host")));
    assert_true(win_is_system_account(SV("LOCAL SERVICE"), SV("")));
    assert_false(win_is_system_account(SV("Administrator"), SV("PC01")));
    assert_true(win_is_local_address(SV("::1")) && win_is_local_address(SV("127.0.0.1")) && win_is_local_address(SV("-")));
    assert_false(win_is_local_address(SV("10.0.0.1")));
    uint64_t v;
    assert_true(win_parse_number(SV("0x1F"), &v) && v == 31);
    assert_false(win_parse_number(SV("%%1833"), &v));
    /* success as Windows writes it and as .evtx readers render hex32 */
    assert_true(win_status_ok(SV("0x0")) && win_status_ok(SV("0x00000000")) && win_status_ok(SV("")));
    assert_false(win_status_ok(SV("0xc000006a")) || win_status_ok(SV("0xC0000064")));
    assert_int_equal(win_sid_rid(SV("S-1-5-32-544")), 544);
    assert_int_equal(win_sid_rid(SV("nope")), -1);
}

/* ---- detectors ------------------------------------------------------------ */

static config cfg;

static void feed(win_scan *s, mk *m, int id, const char *ch, const char *comp, int64_t ms, const char *const *kv) {
    win_scan_event(s, make(m, id, ch, comp, ms, kv));
}

static int count(const win_scan *s, const char *detector) {
    int n = 0;
    for (size_t i = 0; i < finding_count(&s->findings); i++)
        if (!strcmp(finding_at(&s->findings, i)->detector, detector)) n++;
    return n;
}

static const finding *first(const win_scan *s, const char *detector) {
    for (size_t i = 0; i < finding_count(&s->findings); i++)
        if (!strcmp(finding_at(&s->findings, i)->detector, detector)) return finding_at(&s->findings, i);
    return NULL;
}

/* Local administrator from one source to n hosts, a minute apart. */
static void spread(win_scan *s, int n) {
    mk m;
    for (int i = 0; i < n; i++) {
        char host[32], dom[32];
        snprintf(host, sizeof host, "PC%03d.x.local", i);
        snprintf(dom, sizeof dom, "TargetDomainName=PC%03d", i);
        feed(s, &m, 4624, "Security", host, i * 60000,
             KV("TargetUserName=Administrator", dom, "LogonType=3", "IpAddress=10.0.0.99", "KeyLength=128",
                "AuthenticationPackageName=NTLM", "LogonProcessName=NtLmSsp"));
    }
}

static void test_local_admin(void **state) {
    (void)state;
    char err[200];
    win_scan s;
    assert_true(win_scan_init(&s, &cfg, NULL, true, err, sizeof err));
    spread(&s, 24);
    win_scan_finish(&s);
    const finding *f = first(&s, "local-admin");
    assert_non_null(f);
    assert_true(f->severity >= SEV_HIGH);
    assert_int_equal(f->hosts_total, 25); /* 24 targets and the source */
    assert_string_equal(f->attack[0], "T1078.003");
    assert_int_equal(f->stage, KC_LATERAL_MOVEMENT);
    assert_int_equal(f->first_ms, 0);
    assert_int_equal(f->last_ms, 23 * 60000);
    assert_int_equal(f->refs[0].event_id, 4624);
    win_scan_free(&s);

    assert_true(win_scan_init(&s, &cfg, NULL, true, err, sizeof err));
    spread(&s, 2);
    win_scan_finish(&s);
    assert_int_equal(count(&s, "local-admin"), 0);
    assert_int_equal(count(&s, "fanout"), 0);
    win_scan_free(&s);

    /* a domain account to 24 hosts is no local-admin spread (fan-out finds it) */
    assert_true(win_scan_init(&s, &cfg, "local-admin", true, err, sizeof err));
    mk m;
    for (int i = 0; i < 24; i++) {
        char host[32];
        snprintf(host, sizeof host, "PC%03d", i);
        feed(&s, &m, 4624, "Security", host, i, KV("TargetUserName=alice", "TargetDomainName=CORP", "LogonType=3", "IpAddress=10.0.0.5"));
    }
    win_scan_finish(&s);
    assert_int_equal(finding_count(&s.findings), 0);
    win_scan_free(&s);

    /* unknown detector names: an error only when strict */
    assert_false(win_scan_init(&s, &cfg, "rdp,nosuch", true, err, sizeof err));
    assert_non_null(strstr(err, "nosuch"));
    assert_true(win_scan_init(&s, &cfg, "beacon,rdp", false, err, sizeof err));
    assert_int_equal(s.ndet, 1);
    win_scan_free(&s);
}

static void test_wmi_parent_by_pid(void **state) {
    (void)state;
    char err[200];
    win_scan s;
    mk m;
    assert_true(win_scan_init(&s, &cfg, NULL, true, err, sizeof err));
    /* older 4688 names the parent only by its process id */
    feed(&s, &m, 4688, "Security", "T1", 1000,
         KV("NewProcessId=0xae8", "NewProcessName=C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", "ProcessId=0x248"));
    feed(&s, &m, 4688, "Security", "T1", 2000,
         KV("NewProcessId=0x424", "NewProcessName=C:\\Windows\\System32\\calc.exe", "ProcessId=0xae8"));
    /* the same child of another parent on another host is nothing */
    feed(&s, &m, 4688, "Security", "T2", 2000,
         KV("NewProcessId=0x424", "NewProcessName=C:\\Windows\\System32\\calc.exe", "ProcessId=0xae8"));
    win_scan_finish(&s);
    assert_int_equal(count(&s, "wmi"), 1);
    const finding *f = first(&s, "wmi");
    assert_string_equal(f->attack[0], "T1047");
    assert_string_equal(f->hosts[0], "T1");
    win_scan_free(&s);
}

static void test_spray_and_typos(void **state) {
    (void)state;
    char err[200];
    win_scan s;
    mk m;
    assert_true(win_scan_init(&s, &cfg, NULL, true, err, sizeof err));
    for (int i = 0; i < 12; i++) {
        char user[40];
        snprintf(user, sizeof user, "TargetUserName=u%d", i);
        feed(&s, &m, 4625, "Security", "DC1", i * 1000, KV(user, "IpAddress=10.9.9.9", "LogonType=3"));
    }
    feed(&s, &m, 4625, "Security", "DC1", 0, KV("TargetUserName=bob", "IpAddress=10.1.1.1", "LogonType=3"));
    feed(&s, &m, 4625, "Security", "DC1", 5000, KV("TargetUserName=bob", "IpAddress=10.1.1.1", "LogonType=3"));
    win_scan_finish(&s);
    assert_int_equal(count(&s, "spray"), 1);
    const finding *f = first(&s, "spray");
    assert_string_equal(f->attack[0], "T1110.003");
    assert_int_equal(f->accounts_total, 12);
    win_scan_free(&s);
}

static void test_order_is_deterministic(void **state) {
    (void)state;
    char err[200];
    win_scan a, b;
    mk m;
    assert_true(win_scan_init(&a, &cfg, NULL, true, err, sizeof err));
    assert_true(win_scan_init(&b, &cfg, NULL, true, err, sizeof err));
    win_scan *both[] = {&a, &b};
    for (int k = 0; k < 2; k++) {
        spread(both[k], 10);
        feed(both[k], &m, 1102, "Security", "PC001", 5, KV("SubjectUserName=x"));
        feed(both[k], &m, 7045, "System", "PC002", 6, KV("ServiceName=aB3dE5fG7h", "ImagePath=cmd.exe /c echo x > \\\\.\\pipe\\y"));
        win_scan_finish(both[k]);
    }
    assert_int_equal(finding_count(&a.findings), finding_count(&b.findings));
    for (size_t i = 0; i < finding_count(&a.findings); i++) {
        assert_string_equal(finding_at(&a.findings, i)->detector, finding_at(&b.findings, i)->detector);
        if (i) assert_true(finding_at(&a.findings, i - 1)->score >= finding_at(&a.findings, i)->score);
    }
    win_scan_free(&a);
    win_scan_free(&b);
}

#define DAY INT64_C(86400000)

/* PsExec with a domain account from one admin machine: medium; on three days, routine (at most
 * 40); a random service in Temp through the host's own local Administrator: high. */
static void test_service_scoring(void **state) {
    (void)state;
    char err[200];
    win_scan s;
    mk m;
    assert_true(win_scan_init(&s, &cfg, "service", true, err, sizeof err));
    for (int d = 0; d < 3; d++) {
        char host[16];
        snprintf(host, sizeof host, "PC%02d", d);
        feed(&s, &m, 4624, "Security", host, d * DAY,
             KV("TargetUserName=helpdesk", "TargetDomainName=CORP", "LogonType=3", "IpAddress=10.9.0.1",
                "TargetLogonId=0x10"));
        feed(&s, &m, 7045, "System", host, d * DAY + 1000,
             KV("ServiceName=PSEXESVC", "ImagePath=%SystemRoot%\\PSEXESVC.exe", "AccountName=LocalSystem"));
    }
    feed(&s, &m, 4624, "Security", "PC09", 5 * DAY,
         KV("TargetUserName=Administrator", "TargetDomainName=PC09", "LogonType=3", "IpAddress=10.9.0.7"));
    feed(&s, &m, 7045, "System", "PC09", 5 * DAY + 2000,
         KV("ServiceName=Qwxkcmza", "ImagePath=%SystemRoot%\\Temp\\Qwxkcmza.exe"));
    win_scan_finish(&s);
    assert_int_equal(count(&s, "service"), 4);
    for (size_t i = 0; i < finding_count(&s.findings); i++) {
        const finding *f = finding_at(&s.findings, i);
        if (!strcmp(f->hosts[0], "PC09")) {
            assert_true(f->severity >= SEV_HIGH);
            assert_string_equal(f->attack[0], "T1569.002");
        } else {
            assert_true(f->score <= 40); /* routine */
        }
    }
    win_scan_free(&s);

    /* the same PsExec once: medium, not high */
    assert_true(win_scan_init(&s, &cfg, "service", true, err, sizeof err));
    feed(&s, &m, 4624, "Security", "PC01", 0, KV("TargetUserName=helpdesk", "TargetDomainName=CORP", "LogonType=3", "IpAddress=10.9.0.1"));
    feed(&s, &m, 7045, "System", "PC01", 1000, KV("ServiceName=PSEXESVC", "ImagePath=%SystemRoot%\\PSEXESVC.exe"));
    win_scan_finish(&s);
    assert_int_equal(count(&s, "service"), 1);
    assert_int_equal(first(&s, "service")->severity, SEV_MEDIUM);
    win_scan_free(&s);
}

static void test_kerberos_and_privilege(void **state) {
    (void)state;
    char err[200];
    win_scan s;
    mk m;
    assert_true(win_scan_init(&s, &cfg, "kerberos,privilege", true, err, sizeof err));
    /* a user works for days: TGTs and logons, no special privileges */
    for (int d = 0; d < 4; d++) {
        feed(&s, &m, 4768, "Security", "DC1.corp.local", d * DAY,
             KV("TargetUserName=aya", "TargetDomainName=corp.local", "Status=0x0", "TicketEncryptionType=0x12"));
        feed(&s, &m, 4769, "Security", "DC1.corp.local", d * DAY + 10,
             KV("TargetUserName=aya@CORP.LOCAL", "TargetDomainName=CORP.LOCAL", "ServiceName=cifs/fs1", "Status=0x0"));
    }
    /* an admin who always has them */
    feed(&s, &m, 4624, "Security", "DC1.corp.local", 0, KV("TargetUserName=adm", "TargetDomainName=CORP", "LogonType=3", "IpAddress=10.0.0.2"));
    feed(&s, &m, 4672, "Security", "DC1.corp.local", 0, KV("SubjectUserName=adm", "SubjectDomainName=CORP"));
    /* MS14-068: TGT, then a ticket for krbtgt itself, then the first special privileges */
    int64_t t = 5 * DAY;
    feed(&s, &m, 4768, "Security", "DC1.corp.local", t,
         KV("TargetUserName=aya", "TargetDomainName=corp.local", "Status=0x0", "TicketEncryptionType=0x12"));
    feed(&s, &m, 4769, "Security", "DC1.corp.local", t + 1000,
         KV("TargetUserName=aya@CORP.LOCAL", "TargetDomainName=CORP.LOCAL", "ServiceName=krbtgt", "Status=0x0"));
    feed(&s, &m, 4672, "Security", "DC1.corp.local", t + 2000, KV("SubjectUserName=aya", "SubjectDomainName=CORP"));
    /* service tickets of an account with no TGT at all, AES and upper case: medium only */
    feed(&s, &m, 4769, "Security", "DC1.corp.local", t, KV("TargetUserName=svcweb@CORP.LOCAL", "TargetDomainName=CORP.LOCAL",
                                                             "ServiceName=http/web1", "Status=0x0", "TicketEncryptionType=0x12"));
    win_scan_finish(&s);
    assert_int_equal(count(&s, "privilege"), 1);
    const finding *p = first(&s, "privilege");
    assert_int_equal(p->severity, SEV_HIGH);
    assert_string_equal(p->accounts[0], "CORP\\aya");
    int ms14068 = 0, no_tgt = 0;
    for (size_t i = 0; i < finding_count(&s.findings); i++) {
        const finding *f = finding_at(&s.findings, i);
        if (strcmp(f->detector, "kerberos")) continue;
        if (!strcmp(f->attack[0], "T1068")) {
            ms14068++;
            assert_true(f->severity >= SEV_HIGH);
        } else if (!strcmp(f->attack[0], "T1558.001")) {
            no_tgt++;
            assert_int_equal(f->severity, SEV_MEDIUM);
        }
    }
    assert_int_equal(ms14068, 1);
    assert_int_equal(no_tgt, 1);
    win_scan_free(&s);
}

/* The logon table stays bounded: the last WIN_RECENT_RING logons are found by logon id, older
 * ones are forgotten, and every host keeps its latest. */
static void test_recent_logons_bounded(void **state) {
    (void)state;
    char err[200];
    win_scan s;
    mk m;
    assert_true(win_scan_init(&s, &cfg, "rdp", true, err, sizeof err));
    int n = WIN_RECENT_RING + 5000;
    for (int i = 0; i < n; i++) {
        char lid[40];
        snprintf(lid, sizeof lid, "TargetLogonId=0x%x", i + 1);
        feed(&s, &m, 4624, "Security", (i & 1) ? "H1" : "H2", i, KV("TargetUserName=u", "TargetDomainName=CORP", "LogonType=3", "IpAddress=10.0.0.9", lid));
    }
    uint32_t h1 = win_host_id(&s.ctx, SV("H1")), h2 = win_host_id(&s.ctx, SV("H2"));
    char last[16], old[16];
    snprintf(last, sizeof last, "0x%x", n);
    snprintf(old, sizeof old, "0x%x", 2);
    assert_non_null(win_recent_session(&s.recent, h1, sv_cstr(last)));     /* logon n-1 (odd) on H1 */
    assert_null(win_recent_session(&s.recent, h1, sv_cstr(old)));          /* long overwritten */
    assert_non_null(win_recent_before(&s.recent, h2, n, 10));
    assert_true(u64map_len(&s.recent.by_logon_id) <= 4 * (size_t)WIN_RECENT_RING);
    assert_int_equal(s.recent.last.len, 2);
    win_scan_free(&s);
}

int main(void) {
    config_defaults(&cfg);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_security_logon), cmocka_unit_test(test_fields_other_channels),
        cmocka_unit_test(test_helpers),               cmocka_unit_test(test_local_admin),
        cmocka_unit_test(test_wmi_parent_by_pid),     cmocka_unit_test(test_spray_and_typos),
        cmocka_unit_test(test_order_is_deterministic), cmocka_unit_test(test_service_scoring),
        cmocka_unit_test(test_kerberos_and_privilege), cmocka_unit_test(test_recent_logons_bounded),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    config_free(&cfg);
    return rc;
}
