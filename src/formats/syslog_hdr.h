/* syslog_hdr.h - the header syslog puts in front of a message, for the
 * formats that arrive through syslog (iptables kernel lines, Samba audit,
 * FortiGate with a relay's prefix).
 *
 * Accepted, after an optional "<PRI>":
 *   RFC 3339 (rsyslog's file format)   2015-05-08T09:00:01.123456+09:00 HOST MSG
 *   RFC 5424                           1 2015-05-08T09:00:01Z HOST APP PROCID MSGID SD MSG
 *   RFC 3164                           May  8 09:00:01 HOST MSG
 * RFC 3164 has no year and no zone: the zone is the format option's default
 * offset, and the year is the current one, or the previous one when that
 * would put the record more than a day in the future (what logrotate-era
 * tools do). syslog_tag then splits "TAG[PID]: " off the message. */
#ifndef MITSUKE_SYSLOG_HDR_H
#define MITSUKE_SYSLOG_HDR_H

#include "core/sv.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct syslog_hdr {
    int64_t time_ms;
    int off_min;            /* offset the time was written in */
    sv host;                /* empty when the header has none */
    sv msg;                 /* everything after the header */
} syslog_hdr;

/* False when the line does not start with a syslog time stamp. */
bool syslog_parse(sv line, int default_off_min, syslog_hdr *h);
/* If msg starts with "TAG: " or "TAG[PID]: ", sets *tag and advances msg. */
bool syslog_tag(sv *msg, sv *tag);

#endif
