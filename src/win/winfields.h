/* winfields.h - typed access to a Windows event: who, where, what.
 *
 * The parsers (winxml, winjson, the EVTX reader) give a win_event with the
 * System fields and the EventData pairs as logged. The same fact has a
 * different field name per channel and event: the account that logged on is
 * TargetUserName in Security 4624, Param1 in TerminalServices 1149 and part
 * of User in LocalSessionManager 21; the new process is NewProcessName in
 * 4688 and Image in Sysmon 1. win_fields_read looks them up once, here, so
 * a detector reads `f->target_user` or `f->process` and never a field name.
 *
 * Every view points into the event (valid only during the callback that
 * received it), is trimmed, and is empty when the field is absent or is
 * Windows' placeholder "-". Host names are normalised for grouping (upper
 * case, the short name of an FQDN); the computer as logged stays for
 * display. Nothing here allocates. */
#ifndef MITSUKE_WINFIELDS_H
#define MITSUKE_WINFIELDS_H

#include "event.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum win_channel {
    WCH_OTHER = 0,
    WCH_SECURITY,
    WCH_SYSTEM,
    WCH_SYSMON,            /* Microsoft-Windows-Sysmon/Operational */
    WCH_POWERSHELL,        /* Microsoft-Windows-PowerShell/Operational */
    WCH_TASKSCHEDULER,     /* Microsoft-Windows-TaskScheduler/Operational */
    WCH_WINRM,             /* Microsoft-Windows-WinRM/Operational */
    WCH_TS_RCM,            /* ...TerminalServices-RemoteConnectionManager/Operational */
    WCH_TS_LSM,            /* ...TerminalServices-LocalSessionManager/Operational */
    WCH_COUNT
} win_channel;

/* The channel from its name as logged (case-insensitive; Winlogbeat's and
 * NXLog's spellings), or from the provider when the channel is missing. */
win_channel win_channel_of(sv channel, sv provider);
/* The canonical name ("Security", "Microsoft-Windows-Sysmon/Operational"). */
const char *win_channel_canonical(win_channel c);

#define WIN_HOST_MAX 64    /* bytes of a normalised host name, with the NUL */

typedef struct win_fields {
    win_channel channel;
    int32_t id;                       /* event id, -1 unknown */
    sv computer;                      /* as logged (usually the FQDN) */
    char host[WIN_HOST_MAX];          /* short name, upper case: "WS01" */

    sv subject_user, subject_domain, subject_logon_id, subject_sid;
    sv target_user, target_domain, target_logon_id, target_sid;
    int logon_type;                   /* -1 when none */
    sv ip;                            /* the remote address: IpAddress, Address, Param3, SourceIp... */
    sv workstation;                   /* the remote machine's name: WorkstationName, Workstation, SourceHostname */
    sv auth_package, logon_process;   /* Kerberos / NTLM / Negotiate; NtLmSsp, seclogo, User32 */
    int key_length;                   /* -1 when none */
    sv lm_package;                    /* NTLM V1 / NTLM V2 */

    sv process, parent, command_line; /* new process image, its parent's image, command line */
    sv process_id, parent_process_id; /* as logged (hex in Security, decimal in Sysmon) */

    sv service_name, service_path, service_account;  /* 7045, 4697; 4769's ServiceName too */
    sv task_name, task_content;       /* 4698/4702, TaskScheduler 106/140/200/201 */
    sv share, relative_target;        /* 5140/5145 */
    uint32_t access_mask;             /* 5145 */
    bool have_access_mask;
    sv object_name;                   /* 4663/4656, Sysmon 12/13 TargetObject */
    sv details;                       /* Sysmon 13 Details */
    sv pipe;                          /* Sysmon 17/18 PipeName */
    sv target_server, target_info;    /* 4648 */
    sv member_name, member_sid;       /* 4728/4732/4756 */
    sv ticket_options, ticket_encryption; /* 4768/4769 */
    sv status, sub_status, failure_code;  /* 4625, 4771, 4776 */
    sv dest_ip, dest_port, src_port;  /* Sysmon 3 (ip is the SourceIp) */
    bool initiated;                   /* Sysmon 3: the host opened the connection */
} win_fields;

/* Fills `f` from the event. */
void win_fields_read(win_fields *f, const win_event *w);

/* The host name normalised for grouping into out (WIN_HOST_MAX bytes): the
 * part before the first dot, upper case; an address is kept whole. Empty
 * when the name is empty or unusable. Returns out. */
char *win_host_norm(sv name, char *out);

/* The data value, trimmed, empty for "-" or absent. */
sv win_value(const win_event *w, const char *name);

/* An account that is not a person: machine accounts (NAME$), ANONYMOUS
 * LOGON, SYSTEM, LOCAL SERVICE, NETWORK SERVICE, DWM-n, UMFD-n, the empty
 * name. Such accounts never feed the spread or fan-out detectors. */
bool win_is_system_account(sv user, sv domain);
/* A remote address that is this host itself, or none: "-", "::1", 127.x,
 * "0.0.0.0", LOCAL. */
bool win_is_local_address(sv ip);
/* The RID of a SID ("S-1-5-21-...-500" -> 500), -1 when none. */
int64_t win_sid_rid(sv sid);
/* A number as Windows writes it: "0x1f", "%%1833" style is not one; "3". */
bool win_parse_number(sv s, uint64_t *out);
/* A status code that says success: empty, "0", "0x0", or zero written
 * padded as .evtx readers render hex ("0x00000000"). */
bool win_status_ok(sv status);
/* The last path component: "C:\\Windows\\System32\\cmd.exe" -> "cmd.exe". */
sv win_basename(sv path);

#endif
