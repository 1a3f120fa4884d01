/* winfields.c - one place that knows the field names of Windows events per
 * channel; see winfields.h. */
#include "win/winfields.h"
#include "core/ipaddr.h"

#include <ctype.h>
#include <string.h>

static const struct {
    const char *name;
    win_channel ch;
} channel_names[] = {
    {"Security", WCH_SECURITY},
    {"System", WCH_SYSTEM},
    {"Microsoft-Windows-Sysmon/Operational", WCH_SYSMON},
    {"Microsoft-Windows-PowerShell/Operational", WCH_POWERSHELL},
    {"Microsoft-Windows-TaskScheduler/Operational", WCH_TASKSCHEDULER},
    {"Microsoft-Windows-WinRM/Operational", WCH_WINRM},
    {"Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", WCH_TS_RCM},
    {"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", WCH_TS_LSM},
};

const char *win_channel_canonical(win_channel c) {
    for (size_t i = 0; i < sizeof channel_names / sizeof channel_names[0]; i++)
        if (channel_names[i].ch == c) return channel_names[i].name;
    return "other";
}

/* Providers, for records that name no channel. */
static win_channel channel_of_provider(sv p) {
    if (sv_case_eq(p, SV("Microsoft-Windows-Security-Auditing"))) return WCH_SECURITY;
    if (sv_case_eq(p, SV("Microsoft-Windows-Eventlog"))) return WCH_SECURITY;
    if (sv_case_eq(p, SV("Service Control Manager"))) return WCH_SYSTEM;
    if (sv_case_eq(p, SV("Microsoft-Windows-Sysmon"))) return WCH_SYSMON;
    if (sv_case_eq(p, SV("Microsoft-Windows-TaskScheduler"))) return WCH_TASKSCHEDULER;
    if (sv_case_eq(p, SV("Microsoft-Windows-WinRM"))) return WCH_WINRM;
    if (sv_case_eq(p, SV("Microsoft-Windows-PowerShell"))) return WCH_POWERSHELL;
    if (sv_case_eq(p, SV("Microsoft-Windows-TerminalServices-RemoteConnectionManager"))) return WCH_TS_RCM;
    if (sv_case_eq(p, SV("Microsoft-Windows-TerminalServices-LocalSessionManager"))) return WCH_TS_LSM;
    return WCH_OTHER;
}

win_channel win_channel_of(sv channel, sv provider) {
    channel = sv_trim(channel);
    for (size_t i = 0; i < sizeof channel_names / sizeof channel_names[0]; i++)
        if (sv_case_eq(channel, sv_cstr(channel_names[i].name))) return channel_names[i].ch;
    /* "Microsoft-Windows-Sysmon%4Operational" (file names) and short forms */
    if (sv_case_starts_with(channel, SV("Microsoft-Windows-Sysmon"))) return WCH_SYSMON;
    if (sv_case_starts_with(channel, SV("Microsoft-Windows-TaskScheduler"))) return WCH_TASKSCHEDULER;
    if (sv_case_starts_with(channel, SV("Microsoft-Windows-WinRM"))) return WCH_WINRM;
    if (sv_case_starts_with(channel, SV("Microsoft-Windows-PowerShell"))) return WCH_POWERSHELL;
    if (sv_case_starts_with(channel, SV("Microsoft-Windows-TerminalServices-RemoteConnectionManager")))
        return WCH_TS_RCM;
    if (sv_case_starts_with(channel, SV("Microsoft-Windows-TerminalServices-LocalSessionManager")))
        return WCH_TS_LSM;
    return channel_of_provider(sv_trim(provider));
}

sv win_value(const win_event *w, const char *name) {
    sv v = sv_trim(win_data_get(w, name));
    if (v.n == 1 && v.p[0] == '-') return SV_NULL;
    return v.n ? v : SV_NULL;
}

/* The first of the named fields that has a value. */
static sv first_of(const win_event *w, const char *const *names) {
    for (; *names; names++) {
        sv v = win_value(w, *names);
        if (v.n) return v;
    }
    return SV_NULL;
}
#define FIRST(w, ...) first_of((w), (const char *const[]){__VA_ARGS__, NULL})

char *win_host_norm(sv name, char *out) {
    name = sv_trim(name);
    while (name.n && name.p[0] == '\\') name = sv_sub(name, 1, name.n); /* \\HOST */
    if (sv_case_starts_with(name, SV("::ffff:")) && sv_find_char(sv_sub(name, 7, name.n), '.') > 0)
        name = sv_sub(name, 7, name.n); /* an IPv4 address as Kerberos events write it */
    ipaddr ip;
    size_t n = name.n;
    if (!ip_parse(name, &ip)) {
        ptrdiff_t dot = sv_find_char(name, '.');
        if (dot >= 0) n = (size_t)dot;
    }
    if (n >= WIN_HOST_MAX) n = WIN_HOST_MAX - 1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name.p[i];
        if (c < 0x20 || c == 0x7f) continue;
        out[k++] = (char)toupper(c);
    }
    out[k] = 0;
    if (k == 1 && out[0] == '-') out[0] = 0;
    return out;
}

bool win_status_ok(sv status) {
    uint64_t v;
    return !sv_trim(status).n || (win_parse_number(status, &v) && v == 0);
}

bool win_parse_number(sv s, uint64_t *out) {
    s = sv_trim(s);
    if (s.n > 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X')) {
        uint64_t v = 0;
        for (size_t i = 2; i < s.n; i++) {
            int c = (unsigned char)s.p[i], d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else return false;
            if (v >> 60) return false;
            v = v << 4 | (uint64_t)d;
        }
        *out = v;
        return true;
    }
    return sv_to_u64(s, out);
}

int64_t win_sid_rid(sv sid) {
    sid = sv_trim(sid);
    if (!sv_case_starts_with(sid, SV("S-1-"))) return -1;
    ptrdiff_t dash = sv_rfind_char(sid, '-');
    uint64_t v;
    if (dash < 0 || !sv_to_u64(sv_sub(sid, (size_t)dash + 1, sid.n), &v) || v > INT32_MAX) return -1;
    return (int64_t)v;
}

sv win_basename(sv path) {
    for (size_t i = path.n; i > 0; i--)
        if (path.p[i - 1] == '\\' || path.p[i - 1] == '/') return sv_sub(path, i, path.n);
    return path;
}

bool win_is_system_account(sv user, sv domain) {
    user = sv_trim(user);
    if (!user.n || sv_eq(user, SV("-"))) return true;
    if (user.p[user.n - 1] == '$') return true;
    static const char *const names[] = {"ANONYMOUS LOGON", "SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE",
                                        "LOCAL SYSTEM", "LocalSystem", "IUSR", "DefaultAppPool"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (sv_case_eq(user, sv_cstr(names[i]))) return true;
    if (sv_case_starts_with(user, SV("DWM-")) || sv_case_starts_with(user, SV("UMFD-"))) return true;
    domain = sv_trim(domain);
    if (sv_case_eq(domain, SV("NT AUTHORITY")) || sv_case_eq(domain, SV("Window Manager")) ||
        sv_case_eq(domain, SV("Font Driver Host")) || sv_case_eq(domain, SV("NT SERVICE")))
        return true;
    return false;
}

bool win_is_local_address(sv ip) {
    ip = sv_trim(ip);
    if (!ip.n || sv_eq(ip, SV("-")) || sv_eq(ip, SV("::1")) || sv_eq(ip, SV("0.0.0.0")) ||
        sv_case_eq(ip, SV("LOCAL")) || sv_eq(ip, SV("::")))
        return true;
    if (sv_starts_with(ip, SV("127."))) return true;
    if (sv_case_starts_with(ip, SV("::ffff:127."))) return true;
    return false;
}

/* "DOMAIN\\user" into its parts; a name without a backslash is the user. */
static void split_account(sv both, sv *domain, sv *user) {
    ptrdiff_t bs = sv_find_char(both, '\\');
    if (bs < 0) {
        *user = both;
        return;
    }
    *domain = sv_sub(both, 0, (size_t)bs);
    *user = sv_sub(both, (size_t)bs + 1, both.n);
}

static int number_or(sv s, int dflt) {
    uint64_t v;
    return s.n && win_parse_number(s, &v) && v <= INT32_MAX ? (int)v : dflt;
}

void win_fields_read(win_fields *f, const win_event *w) {
    memset(f, 0, sizeof *f);
    f->channel = win_channel_of(w->channel, w->provider);
    f->id = w->event_id;
    f->computer = sv_trim(w->computer);
    win_host_norm(f->computer, f->host);
    f->logon_type = -1;
    f->key_length = -1;

    f->subject_user = FIRST(w, "SubjectUserName");
    f->subject_domain = FIRST(w, "SubjectDomainName");
    f->subject_logon_id = FIRST(w, "SubjectLogonId");
    f->subject_sid = FIRST(w, "SubjectUserSid");
    f->target_user = FIRST(w, "TargetUserName", "TargetUser");
    f->target_domain = FIRST(w, "TargetDomainName");
    f->target_logon_id = FIRST(w, "TargetLogonId");
    f->target_sid = FIRST(w, "TargetUserSid", "TargetSid");
    f->logon_type = number_or(FIRST(w, "LogonType"), -1);
    f->ip = FIRST(w, "IpAddress", "SourceNetworkAddress", "ClientAddress", "SourceAddress");
    f->workstation = FIRST(w, "WorkstationName", "Workstation", "ClientName");
    f->auth_package = FIRST(w, "AuthenticationPackageName", "PackageName");
    f->logon_process = FIRST(w, "LogonProcessName");
    f->key_length = number_or(FIRST(w, "KeyLength"), -1);
    f->lm_package = FIRST(w, "LmPackageName");

    f->process = FIRST(w, "NewProcessName", "Image");
    f->parent = FIRST(w, "ParentProcessName", "ParentImage");
    f->command_line = FIRST(w, "CommandLine");
    f->process_id = FIRST(w, "NewProcessId", "ProcessId");
    f->parent_process_id = FIRST(w, "ParentProcessId");
    if (f->channel == WCH_SECURITY && f->id == 4688) f->parent_process_id = FIRST(w, "ProcessId");

    f->service_name = FIRST(w, "ServiceName");
    f->service_path = FIRST(w, "ImagePath", "ServiceFileName");
    f->service_account = FIRST(w, "AccountName", "ServiceAccount");
    f->task_name = FIRST(w, "TaskName");
    f->task_content = FIRST(w, "TaskContent", "TaskContentNew", "ActionName");
    f->share = FIRST(w, "ShareName");
    f->relative_target = FIRST(w, "RelativeTargetName");
    uint64_t mask;
    sv am = FIRST(w, "AccessMask");
    if (am.n && win_parse_number(am, &mask)) {
        f->access_mask = (uint32_t)mask;
        f->have_access_mask = true;
    }
    f->object_name = FIRST(w, "ObjectName", "TargetObject");
    f->details = FIRST(w, "Details");
    f->pipe = FIRST(w, "PipeName");
    f->target_server = FIRST(w, "TargetServerName");
    f->target_info = FIRST(w, "TargetInfo");
    f->member_name = FIRST(w, "MemberName");
    f->member_sid = FIRST(w, "MemberSid");
    f->ticket_options = FIRST(w, "TicketOptions");
    f->ticket_encryption = FIRST(w, "TicketEncryptionType");
    f->status = FIRST(w, "Status");
    f->sub_status = FIRST(w, "SubStatus");
    f->failure_code = FIRST(w, "FailureCode");

    switch (f->channel) {
    case WCH_SECURITY:
        if (f->id == 4776) { /* NTLM validation: the account is TargetUserName, the client Workstation */
            f->workstation = FIRST(w, "Workstation");
            f->status = FIRST(w, "Status", "ErrorCode");
        }
        if (f->id == 4771 || f->id == 4768 || f->id == 4769) f->status = FIRST(w, "Status", "FailureCode");
        break;
    case WCH_SYSMON: {
        /* Sysmon names the account "DOMAIN\\user" in User */
        sv user = FIRST(w, "User");
        if (user.n) split_account(user, &f->subject_domain, &f->subject_user);
        if (f->id == 3) {
            f->ip = FIRST(w, "SourceIp");
            f->workstation = FIRST(w, "SourceHostname");
            f->dest_ip = FIRST(w, "DestinationIp");
            f->dest_port = FIRST(w, "DestinationPort");
            f->src_port = FIRST(w, "SourcePort");
            f->initiated = sv_case_eq(FIRST(w, "Initiated"), SV("true"));
        }
        break;
    }
    case WCH_TS_RCM:
        if (f->id == 1149) { /* UserData: Param1 user, Param2 domain, Param3 source address */
            f->target_user = FIRST(w, "Param1");
            f->target_domain = FIRST(w, "Param2");
            f->ip = FIRST(w, "Param3");
        }
        break;
    case WCH_TS_LSM: { /* 21, 22, 24, 25: User "DOMAIN\\user", Address, SessionID */
        sv user = FIRST(w, "User");
        if (user.n) split_account(user, &f->target_domain, &f->target_user);
        sv addr = FIRST(w, "Address");
        if (addr.n) f->ip = addr;
        break;
    }
    case WCH_TASKSCHEDULER:
        if (!f->subject_user.n) {
            sv ctx = FIRST(w, "UserContext", "UserName");
            if (ctx.n) split_account(ctx, &f->subject_domain, &f->subject_user);
        }
        break;
    case WCH_WINRM:
        f->target_server = FIRST(w, "connection", "Connection");
        break;
    default: break;
    }
}
