/* labels.h - the report's words in English and Japanese.
 *
 * Kill-chain stages and severities are stored in the SQLite store as fixed
 * English tokens (docs/store.md, docs/killchain.md); this file turns them into
 * the words a reader sees, in the language chosen by --lang (core/lang.h).
 * The Japanese stage names are those of seed 003's cyber kill chain table
 * (偵察, 配送, 攻撃, インストール, 遠隔操作, 侵入拡大, 目的達成). */
#ifndef MITSUKE_LABELS_H
#define MITSUKE_LABELS_H

#include "core/json.h"
#include "core/sv.h"

#define KILL_CHAIN_STAGES 7

/* The stored token of stage i (0 = reconnaissance ... 6 = actions-on-objectives). */
const char *kill_chain_token(int i);
/* Index of a stored token, -1 when it is not one of the seven. */
int kill_chain_index(sv token);
/* Stage i in the display language ("Other" when out of range). */
const char *kill_chain_stage_label(int i);

/* Severity rank: info 0, low 1, medium 2, high 3, critical 4; -1 if unknown. */
int severity_rank(sv severity);
/* The severity in the display language; NULL when unknown. */
const char *severity_text(sv severity);

/* Short weekday name for 0 = Sunday ... 6 = Saturday. */
const char *weekday_label(int wday);

/* The strings the page's script shows in its tooltip, as a JSON object. */
void labels_write_js(jw *w);

#endif
