/* winlog_out.h - Windows event findings as a table and as JSON lines, for
 * `mitsuke winlog` and the Windows part of `mitsuke scan` (docs/output.md).
 *
 * A finding line is {"kind":"finding", "detector", "technique" (the primary
 * ATT&CK id), "techniques", "stage", "severity", "score", "title", "hosts",
 * "host_count", "accounts", "account_count", "first_seen", "last_seen",
 * "facts", "evidence": [{source, record_id, event_id, computer, time, line,
 * offset}]}. */
#ifndef MITSUKE_WINLOG_OUT_H
#define MITSUKE_WINLOG_OUT_H

#include "core/buf.h"
#include "core/json.h"
#include "detect/win/winscan.h"

typedef struct winlog_out_options {
    int min_severity;              /* findings below are not listed */
    size_t limit;                  /* table: findings shown (0 = all) */
    uint64_t records, unparsed;    /* read by ingest, for the summary */
    size_t nsources;
} winlog_out_options;

/* The findings at or above min_severity as a table (a heading, one row per
 * finding, its facts below it). */
void winlog_write_table(buf *b, const win_scan *s, const winlog_out_options *o);
/* One finding as a JSON object (no newline). */
void winlog_json_finding(jw *w, const finding *f, bool ja);
/* Every finding at or above min_severity, one JSON object per line. */
void winlog_write_findings_jsonl(buf *b, const win_scan *s, const winlog_out_options *o);
/* The {"kind":"summary"} line of `mitsuke winlog`. */
void winlog_write_summary_jsonl(buf *b, const win_scan *s, const winlog_out_options *o);

#endif
