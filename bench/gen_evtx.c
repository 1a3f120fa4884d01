/* gen_evtx.c - large, realistic Security.evtx files for the EVTX benchmark.
 *
 *   gen_evtx base OUT.evtx BYTES [SEED]     a Security.evtx of about BYTES
 *   gen_evtx concat IN.evtx OUT.evtx BYTES  IN's chunks repeated up to BYTES
 *
 * base writes, with mitsuke's own writer (src/sim/windows/evtx.c), the
 * Security log of a busy domain controller of a 2,000-user network: network
 * logons (4624 type 3, Kerberos and NTLM) and their logoffs (4634), special
 * logons (4672), interactive and RDP logons (4624 types 2 and 10), failed
 * logons (4625), explicit credentials (4648), process creation with command
 * lines (4688), NTLM validation (4776), Kerberos TGTs and service tickets
 * (4768, 4769), with the fields and value types Windows Server 2016 writes.
 * Deterministic for a seed.
 *
 * concat builds a file of any size from a base file without re-encoding:
 * it appends IN's chunks again and again, renumbering the record ids (and the
 * EventRecordID values) so they keep increasing, moving each copy's times
 * after the previous copy's, and recomputing the CRCs, then writes the file
 * header. The result is a valid .evtx (evtxexport reads it) of up to 65,535
 * chunks (4 GiB); memory is IN (read once) and one chunk.
 *
 * Build: cc -O2 -I src bench/gen_evtx.c src/sim/windows/evtx.c -lz
 * Standalone: not part of mitsuke's build. */
#include "sim/windows/evtx.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t next(void) { /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}
static unsigned below(unsigned n) { return (unsigned)((next() >> 32) * n >> 32); }
/* Skewed pick: small indexes much more often (busy users and machines). */
static unsigned skewed(unsigned n) {
    double u = (double)(next() >> 11) / 9007199254740992.0;
    return (unsigned)(u * u * n);
}

#define DOMAIN_SID "S-1-5-21-3463664321-2923530833-3546627382"
#define USERS 2000
#define HOSTS 600

static const char *const given[] = {"taro", "hanako", "kenji", "yuki", "akira", "emi", "hiroshi", "naoko",
                                    "takeshi", "mai", "satoshi", "keiko", "daisuke", "ayumi", "makoto", "yoko"};
static const char *const family[] = {"sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto",
                                     "nakamura", "kobayashi", "kato", "yoshida", "yamada", "sasaki", "matsumoto"};
static const char *const services[] = {"cifs/FS01.corp.example.local", "HTTP/intranet.corp.example.local",
                                       "MSSQLSvc/DB01.corp.example.local:1433", "ldap/DC01.corp.example.local",
                                       "host/PC00123.corp.example.local", "krbtgt", "exchangeMDB/MAIL01"};
static const char *const commands[][2] = {
    {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"},
    {"C:\\Windows\\System32\\cmd.exe", "C:\\Windows\\system32\\cmd.exe /c \"C:\\Scripts\\logon.bat\""},
    {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
     "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1 -Computer DC01"},
    {"C:\\Windows\\System32\\conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1"},
    {"C:\\Windows\\System32\\net.exe", "net use \\\\FS01\\share /persistent:no"},
    {"C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding"},
    {"C:\\Windows\\System32\\taskhostw.exe", "taskhostw.exe KEYROAMING"},
    {"C:\\Windows\\System32\\gpupdate.exe", "gpupdate.exe /target:computer /force"},
    {"C:\\Program Files\\Backup\\agent.exe", "\"C:\\Program Files\\Backup\\agent.exe\" --job nightly --verbose"},
};

typedef struct fields {
    int n;
    const char *name[40];
    const char *value[40];
    char store[40][160];
} fields;

static void add(fields *f, const char *name, const char *value) {
    f->name[f->n] = name;
    f->value[f->n] = value;
    f->n++;
}
static const char *addf(fields *f, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static const char *addf(fields *f, const char *name, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->store[f->n], sizeof f->store[f->n], fmt, ap);
    va_end(ap);
    add(f, name, f->store[f->n]);
    return f->store[f->n - 1];
}

static void user(unsigned u, char *name, size_t len) {
    snprintf(name, len, "%s.%s%u", given[u % 16], family[(u / 16) % 14], u / 224);
}

/* One event of the mix into e (fields in f). */
static void make_event(evtx_event *e, fields *f, uint64_t logon_seq) {
    unsigned u = skewed(USERS), h = skewed(HOSTS), r = below(1000);
    char uname[48];
    user(u, uname, sizeof uname);
    f->n = 0;
    e->keywords = 0x8020000000000000ull;
    e->version = 0;
    if (r < 300 || (r >= 980 && r < 990)) {            /* 4624: network, or interactive / RDP */
        int type = r < 300 ? 3 : r < 985 ? 2 : 10;
        bool ntlm = type == 3 && below(4) == 0;
        e->event_id = 4624, e->task = 12544, e->version = 2;
        add(f, "SubjectUserSid", type == 3 ? "S-1-0-0" : "S-1-5-18");
        add(f, "SubjectUserName", type == 3 ? "-" : "DC01$");
        add(f, "SubjectDomainName", type == 3 ? "-" : "CORP");
        add(f, "SubjectLogonId", type == 3 ? "0x0" : "0x3e7");
        addf(f, "TargetUserSid", DOMAIN_SID "-%u", 1104 + u);
        addf(f, "TargetUserName", "%s", uname);
        add(f, "TargetDomainName", "CORP");
        addf(f, "TargetLogonId", "0x%" PRIx64, 0x1000000 + logon_seq);
        addf(f, "LogonType", "%d", type);
        add(f, "LogonProcessName", type == 3 ? (ntlm ? "NtLmSsp " : "Kerberos") : "User32 ");
        add(f, "AuthenticationPackageName", ntlm ? "NTLM" : type == 3 ? "Kerberos" : "Negotiate");
        addf(f, "WorkstationName", "PC%05u", h);
        addf(f, "LogonGuid", "{%08x-%04x-%04x-%04x-%012" PRIx64 "}", (unsigned)next(), (unsigned)below(65536),
             (unsigned)below(65536), (unsigned)below(65536), next() >> 16);
        add(f, "TransmittedServices", "-");
        add(f, "LmPackageName", ntlm ? "NTLM V2" : "-");
        add(f, "KeyLength", ntlm ? "128" : "0");
        add(f, "ProcessId", type == 3 ? "0x0" : "0x2a4");
        add(f, "ProcessName", type == 3 ? "-" : "C:\\Windows\\System32\\svchost.exe");
        addf(f, "IpAddress", "10.20.%u.%u", h / 200, h % 200 + 10);
        addf(f, "IpPort", "%u", 49152 + below(16000));
        add(f, "ImpersonationLevel", "%%1833");
        add(f, "RestrictedAdminMode", type == 10 ? "%%1843" : "-");
        add(f, "TargetOutboundUserName", "-");
        add(f, "TargetOutboundDomainName", "-");
        add(f, "VirtualAccount", "%%1843");
        add(f, "TargetLinkedLogonId", "0x0");
        add(f, "ElevatedToken", "%%1842");
    } else if (r < 550) {                              /* 4634 */
        e->event_id = 4634, e->task = 12545;
        addf(f, "TargetUserSid", DOMAIN_SID "-%u", 1104 + u);
        addf(f, "TargetUserName", "%s", uname);
        add(f, "TargetDomainName", "CORP");
        addf(f, "TargetLogonId", "0x%" PRIx64, 0x1000000 + logon_seq - below(500));
        add(f, "LogonType", "3");
    } else if (r < 630) {                              /* 4672 */
        e->event_id = 4672, e->task = 12548;
        addf(f, "SubjectUserSid", DOMAIN_SID "-%u", 500 + below(3));
        add(f, "SubjectUserName", below(2) ? "Administrator" : "svc_backup");
        add(f, "SubjectDomainName", "CORP");
        addf(f, "SubjectLogonId", "0x%" PRIx64, 0x1000000 + logon_seq);
        add(f, "PrivilegeList", "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\t"
                                "SeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege"
                                "\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\t"
                                "SeEnableDelegationPrivilege");
    } else if (r < 750) {                              /* 4688 */
        unsigned c = skewed(sizeof commands / sizeof commands[0]);
        e->event_id = 4688, e->task = 13312, e->version = 2;
        add(f, "SubjectUserSid", "S-1-5-18");
        add(f, "SubjectUserName", "DC01$");
        add(f, "SubjectDomainName", "CORP");
        add(f, "SubjectLogonId", "0x3e7");
        addf(f, "NewProcessId", "0x%x", 0x100 + below(0xf000) * 4);
        add(f, "NewProcessName", commands[c][0]);
        add(f, "TokenElevationType", "%%1936");
        addf(f, "ProcessId", "0x%x", 0x100 + below(0x2000) * 4);
        add(f, "CommandLine", commands[c][1]);
        add(f, "TargetUserSid", "S-1-0-0");
        add(f, "TargetUserName", "-");
        add(f, "TargetDomainName", "-");
        add(f, "TargetLogonId", "0x0");
        add(f, "ParentProcessName", "C:\\Windows\\System32\\services.exe");
        add(f, "MandatoryLabel", "S-1-16-16384");
    } else if (r < 830) {                              /* 4776 */
        e->event_id = 4776, e->task = 14336;
        add(f, "PackageName", "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0");
        addf(f, "TargetUserName", "%s", uname);
        addf(f, "Workstation", "PC%05u", h);
        add(f, "Status", below(30) ? "0x0" : "0xc000006a");
    } else if (r < 890) {                              /* 4768 */
        e->event_id = 4768, e->task = 14339;
        addf(f, "TargetUserName", "%s", uname);
        add(f, "TargetDomainName", "CORP.EXAMPLE.LOCAL");
        addf(f, "TargetSid", DOMAIN_SID "-%u", 1104 + u);
        add(f, "ServiceName", "krbtgt");
        add(f, "ServiceSid", DOMAIN_SID "-502");
        add(f, "TicketOptions", "0x40810010");
        add(f, "Status", "0x0");
        add(f, "TicketEncryptionType", "0x12");
        add(f, "PreAuthType", "2");
        addf(f, "IpAddress", "::ffff:10.20.%u.%u", h / 200, h % 200 + 10);
        addf(f, "IpPort", "%u", 49152 + below(16000));
        add(f, "CertIssuerName", "");
        add(f, "CertSerialNumber", "");
        add(f, "CertThumbprint", "");
    } else if (r < 980) {                              /* 4769 */
        e->event_id = 4769, e->task = 14337;
        addf(f, "TargetUserName", "%s@CORP.EXAMPLE.LOCAL", uname);
        add(f, "TargetDomainName", "CORP.EXAMPLE.LOCAL");
        add(f, "ServiceName", services[skewed(sizeof services / sizeof services[0])]);
        addf(f, "ServiceSid", DOMAIN_SID "-%u", 1000 + below(50));
        add(f, "TicketOptions", "0x40810000");
        add(f, "TicketEncryptionType", below(20) ? "0x12" : "0x17");
        addf(f, "IpAddress", "::ffff:10.20.%u.%u", h / 200, h % 200 + 10);
        addf(f, "IpPort", "%u", 49152 + below(16000));
        add(f, "Status", "0x0");
        addf(f, "LogonGuid", "{%08x-%04x-%04x-%04x-%012" PRIx64 "}", (unsigned)next(), (unsigned)below(65536),
             (unsigned)below(65536), (unsigned)below(65536), next() >> 16);
        add(f, "TransmittedServices", "-");
    } else if (r < 995) {                              /* 4625 */
        e->event_id = 4625, e->task = 12544;
        e->keywords = 0x8010000000000000ull;
        add(f, "SubjectUserSid", "S-1-0-0");
        add(f, "SubjectUserName", "-");
        add(f, "SubjectDomainName", "-");
        add(f, "SubjectLogonId", "0x0");
        add(f, "TargetUserSid", "S-1-0-0");
        addf(f, "TargetUserName", "%s", below(5) ? uname : "administrator");
        add(f, "TargetDomainName", "CORP");
        add(f, "Status", "0xc000006d");
        add(f, "FailureReason", "%%2313");
        add(f, "SubStatus", below(3) ? "0xc000006a" : "0xc0000064");
        add(f, "LogonType", "3");
        add(f, "LogonProcessName", "NtLmSsp ");
        add(f, "AuthenticationPackageName", "NTLM");
        addf(f, "WorkstationName", "PC%05u", h);
        add(f, "TransmittedServices", "-");
        add(f, "LmPackageName", "-");
        add(f, "KeyLength", "0");
        add(f, "ProcessId", "0x0");
        add(f, "ProcessName", "-");
        addf(f, "IpAddress", "10.20.%u.%u", h / 200, h % 200 + 10);
        addf(f, "IpPort", "%u", 49152 + below(16000));
    } else {                                           /* 4648 */
        e->event_id = 4648, e->task = 12544;
        addf(f, "SubjectUserSid", DOMAIN_SID "-%u", 1104 + u);
        addf(f, "SubjectUserName", "%s", uname);
        add(f, "SubjectDomainName", "CORP");
        addf(f, "SubjectLogonId", "0x%" PRIx64, 0x1000000 + logon_seq - below(2000));
        add(f, "LogonGuid", "{00000000-0000-0000-0000-000000000000}");
        add(f, "TargetUserName", "Administrator");
        add(f, "TargetDomainName", "CORP");
        add(f, "TargetLogonGuid", "{00000000-0000-0000-0000-000000000000}");
        addf(f, "TargetServerName", "PC%05u", below(HOSTS));
        addf(f, "TargetInfo", "PC%05u", below(HOSTS));
        add(f, "ProcessId", "0x4");
        add(f, "ProcessName", "");
        add(f, "IpAddress", "-");
        add(f, "IpPort", "-");
    }
    e->n = f->n;
    e->name = f->name;
    e->value = f->value;
}

static int base(const char *path, uint64_t bytes, uint64_t seed) {
    rng_state ^= seed * 0xbf58476d1ce4e5b9ull;
    evtx_file out;
    char msg[600];
    if (!evtx_file_open(&out, path)) {
        fprintf(stderr, "gen_evtx: %s\n", evtx_file_error(&out, msg, sizeof msg));
        return 1;
    }
    fields f;
    /* 2019-03-04 08:00 UTC, about 25 events a second */
    uint64_t t = EVTX_FILETIME_UNIX_EPOCH + 1551686400ull * 10000000;
    for (uint64_t id = 1;; id++) {
        evtx_event e = {.provider = "Microsoft-Windows-Security-Auditing",
                        .provider_guid = "{54849625-5478-4994-A5BA-3E3B0328C30D}",
                        .qualifiers = -1,
                        .record_id = id,
                        .process_id = 636,
                        .thread_id = 700 + below(4000) * 4,
                        .channel = "Security",
                        .computer = "DC01.corp.example.local"};
        t += 1 + below(800000);
        e.filetime = t;
        make_event(&e, &f, id);
        if (!evtx_file_add(&out, &e)) {
            fprintf(stderr, "gen_evtx: %s\n", evtx_file_error(&out, msg, sizeof msg));
            return 1;
        }
        if (EVTX_HEADER_SIZE + out.chunks * EVTX_CHUNK_SIZE > bytes || out.chunks >= 0xffff) break;
    }
    if (!evtx_file_close(&out)) {
        fprintf(stderr, "gen_evtx: %s\n", evtx_file_error(&out, msg, sizeof msg));
        return 1;
    }
    evtx_file_free(&out);
    return 0;
}

static uint64_t rd64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static int concat(const char *in_path, const char *out_path, uint64_t bytes) {
    FILE *in = fopen(in_path, "rb");
    if (!in) {
        perror(in_path);
        return 1;
    }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    rewind(in);
    size_t nin = size > EVTX_HEADER_SIZE ? (size_t)(size - EVTX_HEADER_SIZE) / EVTX_CHUNK_SIZE : 0;
    uint8_t *src = malloc(nin * EVTX_CHUNK_SIZE + 1), header[EVTX_HEADER_SIZE];
    if (!src || !nin || fread(header, 1, sizeof header, in) != sizeof header ||
        fread(src, EVTX_CHUNK_SIZE, nin, in) != nin) {
        fprintf(stderr, "gen_evtx: %s: cannot read its chunks\n", in_path);
        return 1;
    }
    fclose(in);
    uint64_t want = bytes > EVTX_HEADER_SIZE ? (bytes - EVTX_HEADER_SIZE) / EVTX_CHUNK_SIZE : 1;
    if (want > 0xffff) want = 0xffff;
    if (!want) want = 1;
    /* each copy's times follow the previous copy's: shift by the base's span */
    const uint8_t *last = src + (nin - 1) * EVTX_CHUNK_SIZE;
    uint32_t last_rec = (uint32_t)last[44] | (uint32_t)last[45] << 8 | (uint32_t)last[46] << 16 | (uint32_t)last[47] << 24;
    int64_t span = (int64_t)(rd64(last + last_rec + 16) - rd64(src + EVTX_CHUNK_HEADER_SIZE + 16)) + 10000000;
    FILE *out = fopen(out_path, "wb");
    if (!out || fwrite(header, 1, sizeof header, out) != sizeof header) {
        perror(out_path);
        return 1;
    }
    uint8_t *c = malloc(EVTX_CHUNK_SIZE);
    uint64_t id = 1;
    for (uint64_t k = 0; k < want; k++) {
        memcpy(c, src + (k % nin) * EVTX_CHUNK_SIZE, EVTX_CHUNK_SIZE);
        if (!evtx_chunk_renumber(c, id, (int64_t)(k / nin) * span)) {
            fprintf(stderr, "gen_evtx: %s: chunk %zu is not in the shape mitsuke's writer makes\n", in_path,
                    (size_t)(k % nin));
            return 1;
        }
        id += evtx_chunk_records(c);
        if (fwrite(c, 1, EVTX_CHUNK_SIZE, out) != EVTX_CHUNK_SIZE) {
            perror(out_path);
            return 1;
        }
    }
    evtx_file_header(header, want, id);
    if (fseek(out, 0, SEEK_SET) != 0 || fwrite(header, 1, sizeof header, out) != sizeof header || fclose(out) != 0) {
        perror(out_path);
        return 1;
    }
    fprintf(stderr, "gen_evtx: %s: %" PRIu64 " chunks, %" PRIu64 " records\n", out_path, want, id - 1);
    free(c);
    free(src);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && !strcmp(argv[1], "base"))
        return base(argv[2], strtoull(argv[3], NULL, 10), argc > 4 ? strtoull(argv[4], NULL, 10) : 1);
    if (argc == 5 && !strcmp(argv[1], "concat")) return concat(argv[2], argv[3], strtoull(argv[4], NULL, 10));
    fprintf(stderr, "usage: gen_evtx base OUT.evtx BYTES [SEED]\n       gen_evtx concat IN.evtx OUT.evtx BYTES\n");
    return 2;
}
