/* textfmt.h - appending numbers, addresses and times to a buf quickly.
 *
 * The writers produce millions of lines; these avoid printf for the hot
 * fields. Times are written from UTC milliseconds in the forms the log
 * formats use. */
#ifndef MITSUKE_SIM_TEXTFMT_H
#define MITSUKE_SIM_TEXTFMT_H

#include "core/buf.h"

#include <stdint.h>

void put_u64(buf *b, uint64_t v);
void put_u64_pad(buf *b, uint64_t v, int width, char pad);  /* right-aligned */
void put_ip4(buf *b, uint32_t ip);
/* 1431043201.123 */
void put_epoch_ms(buf *b, int64_t ms);
/* 1431043201.123456 (Zeek: microseconds, the last three digits from `extra`) */
void put_epoch_us(buf *b, int64_t ms, unsigned extra);
/* 2015-05-08 00:00:01 (UTC; W3C) */
void put_w3c(buf *b, int64_t ms);
/* 2015-05-08T09:00:01.123456+09:00 (at offset_min) */
void put_iso_micro(buf *b, int64_t ms, int offset_min);
/* 2015-05-08T00:00:01.123Z */
void put_iso_utc_ms(buf *b, int64_t ms);
/* 2015-05-08T00:00:01.1234567Z (Windows SystemTime) */
void put_iso_utc_100ns(buf *b, int64_t ms, unsigned extra);
/* 08/May/2015:09:00:01 +0900 */
void put_clf(buf *b, int64_t ms, int offset_min);
/* Fri, 08 May 2015 10:28:03 +0900 (RFC 5322) */
void put_rfc5322(buf *b, int64_t ms, int offset_min);
/* 2015-05-08 and 09:00:01 at offset_min (FortiGate's date= and time=), with
 * other separators for other forms (Zeek's 2015-05-08-09-00-01) */
void put_ymd(buf *b, int64_t ms, int offset_min, char sep);
void put_hms(buf *b, int64_t ms, int offset_min, char sep);

#endif
