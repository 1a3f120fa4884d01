/* registry.c - the Windows event detectors, in the order `--help` lists
 * them. See windetector.h; adding one is a file here and a line below. */
#include "detect/win/windetector.h"
#include "core/util.h"

#include <string.h>

extern const windetector windet_local_admin;
extern const windetector windet_logon_fanout;
extern const windetector windet_admin_share;
extern const windetector windet_service;
extern const windetector windet_remote_task;
extern const windetector windet_wmi;
extern const windetector windet_winrm;
extern const windetector windet_rdp;
extern const windetector windet_explicit_creds;
extern const windetector windet_pass_the_hash;
extern const windetector windet_group_add;
extern const windetector windet_new_privilege;
extern const windetector windet_kerberos;
extern const windetector windet_log_clear;
extern const windetector windet_spray;

static const windetector *const detectors[] = {
    &windet_local_admin, &windet_logon_fanout, &windet_admin_share, &windet_service,    &windet_remote_task,
    &windet_wmi,         &windet_winrm,        &windet_rdp,         &windet_explicit_creds, &windet_pass_the_hash,
    &windet_group_add,   &windet_new_privilege, &windet_kerberos,     &windet_log_clear,   &windet_spray,
};

size_t windetector_count(void) { return ARRAY_LEN(detectors); }
const windetector *windetector_at(size_t i) { return i < ARRAY_LEN(detectors) ? detectors[i] : NULL; }

const windetector *windetector_find(const char *name) {
    for (size_t i = 0; i < ARRAY_LEN(detectors); i++)
        if (!strcmp(detectors[i]->name, name)) return detectors[i];
    return NULL;
}
