/* readiness.h - what a set of Windows event logs can and cannot answer.
 *
 * Seed 004 §2.3: after the fact, the authentication server's event log did
 * not hold enough to tell whether it had been attacked. `mitsuke readiness`
 * asks that question before the next incident. The model is fed every
 * Windows event (readiness_add) and keeps, per computer and channel, the
 * first and last time, the record count, the EventRecordID range and the
 * count of each event id; plus the log clearings (1102, System 104) and
 * whether 4688 carried a command line. readiness_check() then lists what is
 * missing for an investigation (rd_gap: "no 4688: process creation auditing
 * is off") with a severity, and a verdict per computer for four questions:
 * who logged on from where, what ran, what was copied over shares, was the
 * domain controller attacked. The checks and their settings are in
 * readiness_checks.c and docs/readiness.md.
 *
 * Computers are grouped by their short name, lower-cased: "PC01" and
 * "pc01.example.corp" are one computer, shown by its longest name. Memory is
 * bounded against hostile input: names are cut to RD_NAME_MAX bytes, and
 * computers, channels and event ids beyond the limits below are counted as
 * dropped, never kept. */
#ifndef MITSUKE_READINESS_H
#define MITSUKE_READINESS_H

#include "core/arena.h"
#include "core/hmap.h"
#include "core/u64map.h"
#include "core/vec.h"
#include "event.h"

#include <stdbool.h>
#include <stdint.h>

#define RD_NAME_MAX 255          /* a computer or channel name is cut to this many bytes */
#define RD_MAX_COMPUTERS 10000
#define RD_MAX_CHANNELS 64       /* per computer, besides the ones the checks look at */
#define RD_MAX_IDS 2048          /* distinct event ids per channel */
#define RD_MAX_CLEARS 32         /* clearings kept per computer (all are counted) */
#define RD_MAX_ALIASES 4         /* other spellings of a computer's name kept */

/* The channels the checks know; everything else is RD_CH_OTHER. */
typedef enum rd_chan_kind {
    RD_CH_OTHER = 0,
    RD_CH_SECURITY,
    RD_CH_SYSTEM,
    RD_CH_SYSMON,           /* Microsoft-Windows-Sysmon/Operational */
    RD_CH_POWERSHELL,       /* Microsoft-Windows-PowerShell/Operational (4104) */
    RD_CH_POWERSHELL_OLD,   /* "Windows PowerShell" (400, 800) */
    RD_CH_TASKSCHEDULER,    /* Microsoft-Windows-TaskScheduler/Operational */
    RD_CH_WINRM,            /* Microsoft-Windows-WinRM/Operational */
    RD_CH_RDP_LSM,          /* ...TerminalServices-LocalSessionManager/Operational */
    RD_CH_RDP_RCM,          /* ...TerminalServices-RemoteConnectionManager/Operational */
    RD_CH_COUNT
} rd_chan_kind;

typedef struct rd_id_count {
    int32_t id;
    uint64_t count;
} rd_id_count;

typedef struct rd_channel {
    char *name;                 /* as first seen (cut to RD_NAME_MAX) */
    rd_chan_kind kind;
    uint64_t records;
    int64_t first_ms, last_ms;  /* MTIME_NONE when no record had a time */
    int64_t first_record_id, last_record_id;   /* lowest and highest EventRecordID; -1 none */
    uint64_t with_record_id;    /* records that had one */
    vec ids;                    /* of rd_id_count, in order of first appearance */
    u64map id_index;            /* event id -> index in ids */
    uint64_t ids_dropped;       /* records whose id was beyond RD_MAX_IDS distinct ids */
} rd_channel;

/* A log clearing: Security 1102 or System 104 (provider Eventlog). */
typedef struct rd_clear {
    int64_t time_ms;
    int32_t event_id;
    char *log;                  /* the log that was cleared */
    char *user;                 /* DOMAIN\user as logged, "" if none */
} rd_clear;

typedef struct rd_computer {
    char *key;                  /* lower-case short name: the grouping key */
    char *name;                 /* the longest spelling seen, lower-cased */
    char *aliases[RD_MAX_ALIASES];   /* other spellings (lower-cased), NULL-padded */
    vec channels;               /* of rd_channel, in order of first appearance */
    uint64_t records;
    uint64_t dropped;           /* records of channels beyond RD_MAX_CHANNELS */
    uint64_t cmdline_4688;      /* Security 4688 with a non-empty CommandLine */
    vec clears;                 /* of rd_clear, at most RD_MAX_CLEARS */
    uint64_t clears_total;
    bool declared_dc;           /* named with --dc */
} rd_computer;

typedef struct readiness {
    vec computers;              /* of rd_computer, in order of first appearance */
    hmap by_key;                /* key -> index + 1 */
    uint64_t records;           /* Windows events seen */
    uint64_t dropped;           /* records of computers beyond RD_MAX_COMPUTERS */
    arena mem;
    char last_name[RD_NAME_MAX + 1];   /* the computer name of the previous event, as logged */
    size_t last_name_len, last_index;  /* ... and its computer; last_index 0: none */
    /* results of readiness_check() */
    vec gaps;                   /* of rd_gap, by computer then severity */
    vec verdicts;               /* of rd_verdicts, one per computer */
    int64_t warn_ms, target_ms; /* Security log span thresholds used */
} readiness;

void readiness_init(readiness *r);
/* Counts one event; anything but a Windows event is ignored. */
void readiness_add(readiness *r, const event *ev);
/* Marks a computer as a domain controller (--dc), adding it when absent. */
void readiness_declare_dc(readiness *r, sv name);
void readiness_free(readiness *r);

static inline size_t rd_count(const readiness *r) { return r->computers.len; }
static inline rd_computer *rd_at(const readiness *r, size_t i) { return &VEC_AT(&r->computers, rd_computer, i); }
/* The computer's first channel of that kind, or NULL. */
const rd_channel *rd_channel_of(const rd_computer *c, rd_chan_kind kind);
/* How many records of the event id the channel holds (0 when none). */
uint64_t rd_id_count_of(const rd_channel *ch, int32_t id);
/* The same over the computer's channels of that kind (0 when none). */
uint64_t rd_events(const rd_computer *c, rd_chan_kind kind, int32_t id);
/* The grouping key of a computer name: lower-case, up to the first dot
 * (unless the name is an IPv4 address), cut to RD_NAME_MAX. Into out
 * (RD_NAME_MAX + 1 bytes); returns its length. */
size_t rd_computer_key(sv name, char *out);
const char *rd_chan_kind_name(rd_chan_kind k);   /* "security", "sysmon", ... */

/* ---- the checks (readiness_checks.c) ----------------------------------- */

typedef enum rd_severity { RD_INFO = 0, RD_MEDIUM, RD_HIGH, RD_CRITICAL } rd_severity;
const char *rd_severity_name(rd_severity s);

/* What is missing. Each has a fixed text (why it matters, what to turn on):
 * see rd_need_info(). */
typedef enum rd_need {
    RD_NEED_SECURITY_LOG,       /* no Security log from the computer at all */
    RD_NEED_LOGON,              /* no 4624/4625 */
    RD_NEED_SPECIAL_LOGON,      /* no 4672 */
    RD_NEED_EXPLICIT_CREDS,     /* no 4648 */
    RD_NEED_PROCESS_CREATION,   /* no 4688 */
    RD_NEED_COMMAND_LINE,       /* 4688 without CommandLine */
    RD_NEED_FILE_SHARE,         /* no 5140/5145 */
    RD_NEED_DETAILED_FILE_SHARE,/* 5140 but no 5145 */
    RD_NEED_SCHEDULED_TASKS,    /* no 4698 and no TaskScheduler 106 */
    RD_NEED_TASKSCHEDULER_LOG,  /* no TaskScheduler Operational log */
    RD_NEED_GROUP_MANAGEMENT,   /* no Security Group Management events */
    RD_NEED_AUDIT_POLICY,       /* no Audit Policy Change events */
    RD_NEED_SYSMON,             /* no Sysmon log */
    RD_NEED_SCRIPT_BLOCK,       /* no PowerShell 4104 */
    RD_NEED_SYSTEM_LOG,         /* no System log */
    RD_NEED_WINRM_LOG,          /* no WinRM Operational log */
    RD_NEED_RDP_LOG,            /* no TerminalServices RDP logs */
    RD_NEED_SECURITY_RETENTION, /* the Security log wrapped, or holds too little time */
    RD_NEED_LOG_CLEARED,        /* a log was cleared (1102, System 104) */
    RD_NEED_DC_LOGS,            /* no domain controller logs at all (all computers) */
    RD_NEED_DC_MISSING,         /* a --dc computer with no logs in the input */
    RD_NEED_KERBEROS_AS,        /* DC without 4768 */
    RD_NEED_KERBEROS_TGS,       /* DC without 4769 */
    RD_NEED_CREDENTIAL_VALIDATION, /* DC without 4776 */
    RD_NEED_COUNT
} rd_need;

typedef enum rd_question { RD_Q_LOGON = 0, RD_Q_RAN, RD_Q_SHARES, RD_Q_DC, RD_Q_COUNT } rd_question;
typedef enum rd_answer { RD_CANNOT = 0, RD_PARTLY, RD_CAN, RD_NOT_APPLICABLE } rd_answer;
const char *rd_question_name(rd_question q);     /* "who_logged_on", ... */
const char *rd_answer_name(rd_answer a);         /* "cannot", "partly", "can", "n/a" */

typedef struct rd_need_info {
    const char *name;           /* stable id for JSON: "process-creation" */
    rd_question question;       /* the question it hurts most; RD_Q_COUNT: none in particular */
    const char *why_en, *why_ja;         /* what cannot be answered */
    const char *setting_en, *setting_ja; /* what to turn on, where */
    const char *commands[3];    /* exact commands (auditpol, wevtutil); NULL after the last when fewer */
} rd_need_info;
const rd_need_info *rd_need_info_of(rd_need n);

typedef struct rd_gap {
    int computer;               /* index into computers; -1 for all of them */
    rd_need need;
    rd_severity severity;
    /* facts for the message, per need */
    int64_t first_ms, last_ms;  /* SECURITY_RETENTION: the span held */
    int64_t first_record_id;    /* SECURITY_RETENTION: -1 when unknown */
    int64_t needed_bytes;       /* SECURITY_RETENTION: log size for the target span, 0 unknown */
    size_t clear;               /* LOG_CLEARED: index into the computer's clears */
    uint64_t count;             /* COMMAND_LINE: 4688 seen; DC_LOGS: computers with 4776 */
} rd_gap;

typedef struct rd_verdicts {
    rd_answer answer[RD_Q_COUNT];
    bool dc;                    /* counted as a domain controller */
    int64_t since_ms;           /* the Security log starts here after wrapping; MTIME_NONE otherwise */
} rd_verdicts;

/* Runs the checks: fills r->gaps and r->verdicts (any earlier results are
 * replaced). warn_ms: a Security log that wrapped holding less than this is
 * `high`; target_ms: the span it should hold (less is `medium`). */
void readiness_check(readiness *r, int64_t warn_ms, int64_t target_ms);
static inline size_t rd_gap_count(const readiness *r) { return r->gaps.len; }
static inline const rd_gap *rd_gap_at(const readiness *r, size_t i) { return &VEC_AT(&r->gaps, rd_gap, i); }
static inline const rd_verdicts *rd_verdicts_of(const readiness *r, size_t i) {
    return &VEC_AT(&r->verdicts, rd_verdicts, i);
}
/* The overall answer to a question over all computers (the best one). */
rd_answer rd_overall(const readiness *r, rd_question q);

#endif
