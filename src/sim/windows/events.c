/* events.c - see events.h. */
#include "sim/windows/events.h"

#include <stdio.h>
#include <string.h>

char *user_sid(uint32_t staff_index, char *out) {
    snprintf(out, 64, DOMAIN_SID "-%u", 1105 + staff_index);
    return out;
}

char *local_admin_sid(int32_t host, char *out) {
    uint64_t h = mix64((uint64_t)(host + 7));
    snprintf(out, 64, "S-1-5-21-%u-%u-%u-500", (unsigned)(h % 4000000000u), (unsigned)((h >> 20) % 4000000000u),
             (unsigned)((h >> 40) % 400000000u + 100000000u));
    return out;
}

char *logon_id(int64_t t, int32_t host, char *out) {
    snprintf(out, 24, "0x%llx", (unsigned long long)(0x30000 + mix64((uint64_t)t ^ ((uint64_t)(host + 9) << 40)) % 0xfff0000));
    return out;
}

static sim_win make(int64_t t, int32_t host, int id, int channel, int provider) {
    sim_win w;
    memset(&w, 0, sizeof w);
    w.t = t;
    w.host = host;
    w.event_id = id;
    w.channel = channel;
    w.provider = provider;
    return w;
}

static const char *host_name(const sim *s, int32_t host) {
    if (host == HOST_DC) return "DC01";
    if (host == HOST_ADMIN) return "ADMIN-PC01";
    return s->w.term[host].host;
}

void winev_logon(sim *s, int64_t t, int32_t host, int type, const win_account *who, const char *src_ip,
                 const char *workstation, bool ntlm) {
    char lid[24], ty[4], port[8];
    sim_win w = make(t, host, 4624, WIN_SECURITY, WP_SECURITY);
    snprintf(ty, sizeof ty, "%d", type);
    snprintf(port, sizeof port, "%u", src_ip && strcmp(src_ip, "-") ? 49152 + (unsigned)(t % 16000) : 0);
    bool interactive = type == 2 || type == 7 || type == 11;
    sim_win_add(&w, "SubjectUserSid", interactive ? "S-1-5-18" : "S-1-0-0");
    sim_win_add(&w, "SubjectUserName", interactive ? host_name(s, host) : "-");
    sim_win_add(&w, "SubjectDomainName", interactive ? NETBIOS_DOMAIN : "-");
    sim_win_add(&w, "SubjectLogonId", interactive ? "0x3e7" : "0x0");
    sim_win_add(&w, "TargetUserSid", who->sid);
    sim_win_add(&w, "TargetUserName", who->user);
    sim_win_add(&w, "TargetDomainName", who->domain);
    sim_win_add(&w, "TargetLogonId", logon_id(t, host, lid));
    sim_win_add(&w, "LogonType", ty);
    sim_win_add(&w, "LogonProcessName", interactive ? "User32 " : ntlm ? "NtLmSsp " : "Kerberos");
    sim_win_add(&w, "AuthenticationPackageName", interactive ? "Negotiate" : ntlm ? "NTLM" : "Kerberos");
    sim_win_add(&w, "WorkstationName", workstation ? workstation : "-");
    sim_win_add(&w, "LogonGuid", "{00000000-0000-0000-0000-000000000000}");
    sim_win_add(&w, "TransmittedServices", "-");
    sim_win_add(&w, "LmPackageName", ntlm && !interactive ? "NTLM V2" : "-");
    sim_win_add(&w, "KeyLength", ntlm && !interactive ? "128" : "0");
    sim_win_add(&w, "ProcessId", interactive ? "0x1f4" : "0x0");
    sim_win_add(&w, "ProcessName", interactive ? "C:\\Windows\\System32\\winlogon.exe" : "-");
    sim_win_add(&w, "IpAddress", src_ip ? src_ip : "-");
    sim_win_add(&w, "IpPort", src_ip && strcmp(src_ip, "-") ? port : "-");
    sim_win_add(&w, "ImpersonationLevel", "%%1833");
    emit_win(s, &w);
}

void winev_logon_failed(sim *s, int64_t t, int32_t host, int type, const char *user, const char *domain,
                        const char *src_ip, const char *workstation, const char *substatus) {
    char ty[4];
    sim_win w = make(t, host, 4625, WIN_SECURITY, WP_SECURITY);
    w.failure = true;
    snprintf(ty, sizeof ty, "%d", type);
    bool interactive = type == 2;
    sim_win_add(&w, "SubjectUserSid", interactive ? "S-1-5-18" : "S-1-0-0");
    sim_win_add(&w, "SubjectUserName", interactive ? host_name(s, host) : "-");
    sim_win_add(&w, "SubjectDomainName", interactive ? NETBIOS_DOMAIN : "-");
    sim_win_add(&w, "SubjectLogonId", interactive ? "0x3e7" : "0x0");
    sim_win_add(&w, "TargetUserSid", "S-1-0-0");
    sim_win_add(&w, "TargetUserName", user);
    sim_win_add(&w, "TargetDomainName", domain);
    sim_win_add(&w, "Status", "0xc000006d");
    sim_win_add(&w, "FailureReason", "%%2313");
    sim_win_add(&w, "SubStatus", substatus);
    sim_win_add(&w, "LogonType", ty);
    sim_win_add(&w, "LogonProcessName", interactive ? "User32 " : "NtLmSsp ");
    sim_win_add(&w, "AuthenticationPackageName", interactive ? "Negotiate" : "NTLM");
    sim_win_add(&w, "WorkstationName", workstation ? workstation : "-");
    sim_win_add(&w, "TransmittedServices", "-");
    sim_win_add(&w, "LmPackageName", "-");
    sim_win_add(&w, "KeyLength", "0");
    sim_win_add(&w, "ProcessId", interactive ? "0x1f4" : "0x0");
    sim_win_add(&w, "ProcessName", interactive ? "C:\\Windows\\System32\\winlogon.exe" : "-");
    sim_win_add(&w, "IpAddress", src_ip ? src_ip : "-");
    sim_win_add(&w, "IpPort", "0");
    emit_win(s, &w);
}

void winev_logoff(sim *s, int64_t t, int32_t host, int type, const win_account *who, int64_t logon_t) {
    char lid[24], ty[4];
    sim_win w = make(t, host, 4634, WIN_SECURITY, WP_SECURITY);
    snprintf(ty, sizeof ty, "%d", type);
    sim_win_add(&w, "TargetUserSid", who->sid);
    sim_win_add(&w, "TargetUserName", who->user);
    sim_win_add(&w, "TargetDomainName", who->domain);
    sim_win_add(&w, "TargetLogonId", logon_id(logon_t, host, lid));
    sim_win_add(&w, "LogonType", ty);
    emit_win(s, &w);
}

void winev_special(sim *s, int64_t t, int32_t host, const win_account *who) {
    char lid[24];
    sim_win w = make(t, host, 4672, WIN_SECURITY, WP_SECURITY);
    sim_win_add(&w, "SubjectUserSid", who->sid);
    sim_win_add(&w, "SubjectUserName", who->user);
    sim_win_add(&w, "SubjectDomainName", who->domain);
    sim_win_add(&w, "SubjectLogonId", logon_id(t, host, lid));
    sim_win_add(&w, "PrivilegeList",
                "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\t"
                "SeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\t"
                "SeLoadDriverPrivilege\r\n\t\t\tSeImpersonatePrivilege");
    emit_win(s, &w);
}

void winev_explicit(sim *s, int64_t t, int32_t host, const win_account *subject, const char *target_user,
                    const char *target_domain, const char *target_server) {
    char lid[24];
    sim_win w = make(t, host, 4648, WIN_SECURITY, WP_SECURITY);
    sim_win_add(&w, "SubjectUserSid", subject->sid);
    sim_win_add(&w, "SubjectUserName", subject->user);
    sim_win_add(&w, "SubjectDomainName", subject->domain);
    sim_win_add(&w, "SubjectLogonId", logon_id(t - HOUR_MS, host, lid));
    sim_win_add(&w, "LogonGuid", "{00000000-0000-0000-0000-000000000000}");
    sim_win_add(&w, "TargetUserName", target_user);
    sim_win_add(&w, "TargetDomainName", target_domain);
    sim_win_add(&w, "TargetLogonGuid", "{00000000-0000-0000-0000-000000000000}");
    sim_win_add(&w, "TargetServerName", target_server);
    sim_win_add(&w, "TargetInfo", target_server);
    sim_win_add(&w, "ProcessId", "0x4");
    sim_win_add(&w, "ProcessName", "");
    sim_win_add(&w, "IpAddress", "-");
    sim_win_add(&w, "IpPort", "-");
    emit_win(s, &w);
}

void winev_service_installed(sim *s, int64_t t, int32_t host, const win_account *by, const char *name,
                             const char *image) {
    sim_win w = make(t, host, 7045, WIN_SYSTEM, WP_SCM);
    sim_win_add(&w, "ServiceName", name);
    sim_win_add(&w, "ImagePath", image);
    sim_win_add(&w, "ServiceType", "user mode service");
    sim_win_add(&w, "StartType", "demand start");
    sim_win_add(&w, "AccountName", "LocalSystem");
    emit_win(s, &w);
    char lid[24];
    sim_win a = make(t, host, 4697, WIN_SECURITY, WP_SECURITY);
    sim_win_add(&a, "SubjectUserSid", by->sid);
    sim_win_add(&a, "SubjectUserName", by->user);
    sim_win_add(&a, "SubjectDomainName", by->domain);
    sim_win_add(&a, "SubjectLogonId", logon_id(t, host, lid));
    sim_win_add(&a, "ServiceName", name);
    sim_win_add(&a, "ServiceFileName", image);
    sim_win_add(&a, "ServiceType", "0x10");
    sim_win_add(&a, "ServiceStartType", "3");
    sim_win_add(&a, "ServiceAccount", "LocalSystem");
    emit_win(s, &a);
}

void winev_service_state(sim *s, int64_t t, int32_t host, const char *name, const char *state) {
    sim_win w = make(t, host, 7036, WIN_SYSTEM, WP_SCM);
    sim_win_add(&w, "param1", name);
    sim_win_add(&w, "param2", state);
    emit_win(s, &w);
}

void winev_eventlog(sim *s, int64_t t, int32_t host, bool started) {
    sim_win w = make(t, host, started ? 6005 : 6006, WIN_SYSTEM, WP_EVENTLOG);
    emit_win(s, &w);
}

static void kerberos_ip(char *out, const char *ip) { snprintf(out, 40, "::ffff:%s", ip); }

void winev_tgt(sim *s, int64_t t, const win_account *who, const char *client_ip, bool failed) {
    char ip[40];
    kerberos_ip(ip, client_ip);
    sim_win w = make(t, HOST_DC, failed ? 4771 : 4768, WIN_SECURITY, WP_SECURITY);
    w.failure = failed;
    sim_win_add(&w, "TargetUserName", who->user);
    if (!failed) sim_win_add(&w, "TargetDomainName", AD_DOMAIN);
    sim_win_add(&w, "TargetSid", who->sid);
    sim_win_add(&w, "ServiceName", "krbtgt");
    if (!failed) sim_win_add(&w, "ServiceSid", DOMAIN_SID "-502");
    sim_win_add(&w, "TicketOptions", "0x40810010");
    sim_win_add(&w, "Status", failed ? "0x18" : "0x0");
    if (!failed) sim_win_add(&w, "TicketEncryptionType", "0x12");
    sim_win_add(&w, "PreAuthType", "2");
    sim_win_add(&w, "IpAddress", ip);
    sim_win_add(&w, "IpPort", "49158");
    sim_win_add(&w, "CertIssuerName", "");
    sim_win_add(&w, "CertSerialNumber", "");
    sim_win_add(&w, "CertThumbprint", "");
    emit_win(s, &w);
}

void winev_service_ticket(sim *s, int64_t t, const win_account *who, const char *service, const char *client_ip) {
    char ip[40], upn[96];
    kerberos_ip(ip, client_ip);
    snprintf(upn, sizeof upn, "%s@%s", who->user, "KIKOU.LOCAL");
    sim_win w = make(t, HOST_DC, 4769, WIN_SECURITY, WP_SECURITY);
    sim_win_add(&w, "TargetUserName", upn);
    sim_win_add(&w, "TargetDomainName", "KIKOU.LOCAL");
    sim_win_add(&w, "ServiceName", service);
    sim_win_add(&w, "ServiceSid", DOMAIN_SID "-1104");
    sim_win_add(&w, "TicketOptions", "0x40810000");
    sim_win_add(&w, "TicketEncryptionType", "0x12");
    sim_win_add(&w, "IpAddress", ip);
    sim_win_add(&w, "IpPort", "49159");
    sim_win_add(&w, "Status", "0x0");
    sim_win_add(&w, "LogonGuid", "{7f3b1c9e-2a44-4b1d-9c1e-5d2f8a6b0c31}");
    sim_win_add(&w, "TransmittedServices", "-");
    emit_win(s, &w);
}

void winev_user_created(sim *s, int64_t t, const win_account *by, const char *user, const char *sid) {
    char lid[24];
    sim_win w = make(t, HOST_DC, 4720, WIN_SECURITY, WP_SECURITY);
    sim_win_add(&w, "TargetUserName", user);
    sim_win_add(&w, "TargetDomainName", NETBIOS_DOMAIN);
    sim_win_add(&w, "TargetSid", sid);
    sim_win_add(&w, "SubjectUserSid", by->sid);
    sim_win_add(&w, "SubjectUserName", by->user);
    sim_win_add(&w, "SubjectDomainName", by->domain);
    sim_win_add(&w, "SubjectLogonId", logon_id(t, HOST_DC, lid));
    sim_win_add(&w, "PrivilegeList", "-");
    sim_win_add(&w, "SamAccountName", user);
    sim_win_add(&w, "DisplayName", "%%1793");
    sim_win_add(&w, "UserPrincipalName", "-");
    sim_win_add(&w, "HomeDirectory", "%%1793");
    sim_win_add(&w, "PrimaryGroupId", "513");
    sim_win_add(&w, "UserAccountControl", "%%2080 %%2082 %%2084");
    emit_win(s, &w);
}

void winev_group_member_added(sim *s, int64_t t, int event_id, const win_account *by, const char *member,
                              const char *member_sid, const char *group, const char *group_sid) {
    char lid[24];
    sim_win w = make(t, HOST_DC, event_id, WIN_SECURITY, WP_SECURITY);
    sim_win_add(&w, "MemberName", member);
    sim_win_add(&w, "MemberSid", member_sid);
    sim_win_add(&w, "TargetUserName", group);
    sim_win_add(&w, "TargetDomainName", event_id == 4732 ? "Builtin" : NETBIOS_DOMAIN);
    sim_win_add(&w, "TargetSid", group_sid);
    sim_win_add(&w, "SubjectUserSid", by->sid);
    sim_win_add(&w, "SubjectUserName", by->user);
    sim_win_add(&w, "SubjectDomainName", by->domain);
    sim_win_add(&w, "SubjectLogonId", logon_id(t, HOST_DC, lid));
    sim_win_add(&w, "PrivilegeList", "-");
    emit_win(s, &w);
}
