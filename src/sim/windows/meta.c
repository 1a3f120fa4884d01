/* meta.c - the event metadata table; see meta.h. */
#include "sim/windows/meta.h"

#include <stddef.h>

typedef struct entry {
    int id;
    win_meta m;
} entry;

#define SUCCESS 0x8020000000000000ull
static const entry table[] = {
    {4624, {12544, "Logon", 0, SUCCESS, "An account was successfully logged on.", "logged-in"}},
    {4625, {12544, "Logon", 0, SUCCESS, "An account failed to log on.", "logon-failed"}},
    {4634, {12545, "Logoff", 0, SUCCESS, "An account was logged off.", "logged-out"}},
    {4648, {12544, "Logon", 0, SUCCESS, "A logon was attempted using explicit credentials.",
            "logged-in-explicit"}},
    {4672, {12548, "Special Logon", 0, SUCCESS, "Special privileges assigned to new logon.",
            "logged-in-special"}},
    {4697, {12289, "Security System Extension", 0, SUCCESS, "A service was installed in the system.",
            "service-installed"}},
    {4720, {13824, "User Account Management", 0, SUCCESS, "A user account was created.",
            "added-user-account"}},
    {4728, {13826, "Security Group Management", 0, SUCCESS,
            "A member was added to a security-enabled global group.", "added-member-to-group"}},
    {4732, {13826, "Security Group Management", 0, SUCCESS,
            "A member was added to a security-enabled local group.", "added-member-to-group"}},
    {4768, {14339, "Kerberos Authentication Service", 0, SUCCESS,
            "A Kerberos authentication ticket (TGT) was requested.", "kerberos-authentication-ticket-requested"}},
    {4769, {14337, "Kerberos Service Ticket Operations", 0, SUCCESS, "A Kerberos service ticket was requested.",
            "kerberos-service-ticket-requested"}},
    {4771, {14339, "Kerberos Authentication Service", 0, SUCCESS, "Kerberos pre-authentication failed.",
            "kerberos-preauth-failed"}},
    {4776, {14336, "Credential Validation", 0, SUCCESS,
            "The computer attempted to validate the credentials for an account.", "credential-validated"}},
    {6005, {0, "None", 4, 0x80000000000000ull, "The Event log service was started.", "started"}},
    {6006, {0, "None", 4, 0x80000000000000ull, "The Event log service was stopped.", "stopped"}},
    {7036, {0, "None", 4, 0x8080000000000000ull, "The service entered a new state.", "service-state"}},
    {7045, {0, "None", 4, 0x8080000000000000ull, "A service was installed in the system.", "service-installed"}},
};

static const win_meta unknown = {0, "None", 4, 0, "Event.", "event"};

const win_meta *win_meta_for(int event_id) {
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].id == event_id) return &table[i].m;
    return &unknown;
}

static const win_provider providers[] = {
    [WP_SECURITY] = {"Microsoft-Windows-Security-Auditing", "{54849625-5478-4994-A5BA-3E3B0328C30D}", NULL, 0},
    [WP_SCM] = {"Service Control Manager", "{555908d1-a6d7-4695-8e1e-26931d2012f4}", "Service Control Manager",
                16384},
    [WP_EVENTLOG] = {"EventLog", NULL, NULL, 32768},
    [WP_KERNEL_GENERAL] = {"Microsoft-Windows-Kernel-General", "{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}", NULL, 0},
};

const win_provider *win_provider_for(int provider) {
    if (provider < 0 || (size_t)provider >= sizeof providers / sizeof providers[0]) return &providers[0];
    return &providers[provider];
}

const char *win_channel_name(int channel) { return channel == WIN_SYSTEM ? "System" : "Security"; }
