/* events.h - building the Windows events the scenarios and the background
 * need, with the EventData fields Windows 7 / Server 2008 R2 write for them.
 *
 * Hosts are terminal indexes or HOST_DC / HOST_ADMIN. Accounts are given as
 * (user, domain); SIDs are derived: domain users S-1-5-21-<domain>-<1000+n>,
 * a machine's local Administrator S-1-5-21-<machine>-500. Logon ids are
 * derived from the time and host so a 4624 and its 4634 can be paired. */
#ifndef MITSUKE_SIM_WINEVENTS_H
#define MITSUKE_SIM_WINEVENTS_H

#include "sim/sim.h"

/* The domain SID prefix and a user's SID (buf of 64). */
#define DOMAIN_SID "S-1-5-21-1604362719-2917324116-3208451175"
char *user_sid(uint32_t staff_index, char *out);
char *local_admin_sid(int32_t host, char *out);
/* Logon id "0x3e7a1c" for a logon session (buf of 24). */
char *logon_id(int64_t t, int32_t host, char *out);

typedef struct win_account {
    const char *user, *domain, *sid;
} win_account;

void winev_logon(sim *s, int64_t t, int32_t host, int type, const win_account *who, const char *src_ip,
                 const char *workstation, bool ntlm);
void winev_logon_failed(sim *s, int64_t t, int32_t host, int type, const char *user, const char *domain,
                        const char *src_ip, const char *workstation, const char *substatus);
void winev_logoff(sim *s, int64_t t, int32_t host, int type, const win_account *who, int64_t logon_t);
void winev_special(sim *s, int64_t t, int32_t host, const win_account *who);
void winev_explicit(sim *s, int64_t t, int32_t host, const win_account *subject, const char *target_user,
                    const char *target_domain, const char *target_server);
void winev_service_installed(sim *s, int64_t t, int32_t host, const win_account *by, const char *name,
                             const char *image);
void winev_service_state(sim *s, int64_t t, int32_t host, const char *name, const char *state);
void winev_eventlog(sim *s, int64_t t, int32_t host, bool started);
void winev_tgt(sim *s, int64_t t, const win_account *who, const char *client_ip, bool failed);
void winev_service_ticket(sim *s, int64_t t, const win_account *who, const char *service, const char *client_ip);
void winev_user_created(sim *s, int64_t t, const win_account *by, const char *user, const char *sid);
void winev_group_member_added(sim *s, int64_t t, int event_id, const win_account *by, const char *member,
                              const char *member_sid, const char *group, const char *group_sid);

#endif
