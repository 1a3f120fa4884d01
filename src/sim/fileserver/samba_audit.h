/* samba_audit.h - the file server's access log: Samba vfs_full_audit lines
 * in syslog (rsyslog, RFC 3339 time stamps), with the module configured as
 *
 *   full_audit:prefix = %u|%I|%m|%S
 *   full_audit:success = connect disconnect openat pread pwrite close renameat unlinkat mkdirat
 *   full_audit:failure = connect openat unlinkat
 *
 * so each line is
 *
 *   2015-05-21T18:03:12.123456+09:00 fs01 smbd_audit: yamada.taro|10.20.3.45|pc00345|kyufu|openat|ok|r|2015/加入者一覧.xlsx
 *
 * user | client address | client NetBIOS name | share | operation | ok or
 * "fail (reason)" | the operation's arguments (openat: r or w, then the path;
 * renameat: old and new path; others: the path or share). Paths are relative
 * to the share and UTF-8, as Samba writes them. */
#ifndef MITSUKE_SIM_SAMBA_AUDIT_H
#define MITSUKE_SIM_SAMBA_AUDIT_H

#include "sim/sim.h"

#define FILES_PATTERN "fs01-smbd_audit.log-%D"

void samba_audit_write(buf *b, const sim_fop *f);

#endif
