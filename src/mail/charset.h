/* charset.h - turning the bytes of a mail into UTF-8, whatever the label says.
 *
 * Japanese mail arrives as ISO-2022-JP, Shift_JIS (really Microsoft's CP932),
 * EUC-JP or UTF-8, and the label in Content-Type is often missing, malformed
 * ("_iso-2022-jp$ESC") or wrong. charset_decode trusts a label only as far as
 * the bytes agree with it: a label that names no charset is salvaged when it
 * plainly contains one, and bytes that are invalid in the labelled charset are
 * sniffed instead (escape sequences mean ISO-2022-JP, valid UTF-8 means UTF-8,
 * then CP932 or EUC-JP, whichever decodes cleanly and reads as Japanese).
 * Whatever still cannot be decoded becomes U+FFFD; nothing is dropped silently.
 *
 * ISO-2022-JP is decoded here, not by iconv: glibc rejects the NEC and IBM
 * extension characters (①, ㈱, ...) that Windows mailers put in it, so the
 * JIS codes are mapped to CP932 and decoded as that (what CP50221 does). */
#ifndef MITSUKE_MAIL_CHARSET_H
#define MITSUKE_MAIL_CHARSET_H

#include "core/buf.h"
#include "core/sv.h"

#include <stdbool.h>

typedef struct charset_result {
    const char *used;      /* canonical name of the charset actually used */
    bool label_malformed;  /* the label names no charset (it may still have been salvaged) */
    bool label_wrong;      /* the bytes are not valid in the labelled charset */
    bool lossy;            /* some bytes could not be decoded and became U+FFFD */
} charset_result;

/* Appends the UTF-8 text of `p` (labelled `label`, which may be NULL or empty)
 * to `out`. `res` may be NULL. */
void charset_decode(const char *p, size_t n, const char *label, buf *out, charset_result *res);

/* RFC 2047: decodes the encoded words of a header value (unfolded or not) and
 * appends UTF-8 to `out`. Adjacent encoded words in one charset are joined
 * before decoding, so a character split across two words survives. Raw 8-bit
 * text outside encoded words is sniffed like a body without a label. */
void rfc2047_decode(sv raw, buf *out);

/* Unfolds a header value (drops CR and LF, keeps the whitespace after them). */
void header_unfold(sv raw, buf *out);

#endif
