/* mail.h - writing .eml files: the scenario's mails and the background of
 * ordinary business mail.
 *
 * A mail is described as UTF-8 text plus its attachments; mime.c encodes it
 * the way Japanese mailers did in 2015: the Subject and display names as
 * RFC 2047 encoded-words in ISO-2022-JP ("=?ISO-2022-JP?B?...?="), bodies in
 * ISO-2022-JP (7bit), Shift_JIS (base64) or UTF-8 (base64), attachment names
 * as RFC 2047 words in the name= and filename= parameters (what Outlook and
 * Becky! wrote), CRLF line ends. Each mail is one file
 * mail/YYYYMMDD-HHMMSS-NNNNN.eml (JST), never compressed, and its arrival is
 * logged by the edge firewall as an SMTP session to the mail gateway.
 *
 * Attachments that are archives are built here too: lha.c writes LHA level-2
 * archives (method -lh0-, stored), zip.c stored ZIP archives, and stub.c the
 * harmless stand-in executable they hold. */
#ifndef MITSUKE_SIM_MAIL_H
#define MITSUKE_SIM_MAIL_H

#include "core/buf.h"
#include "sim/sim.h"

#include <stddef.h>
#include <stdint.h>

typedef enum { CS_ISO2022JP = 0, CS_SJIS, CS_UTF8 } mail_charset;

typedef struct mail_attachment {
    const char *name;           /* UTF-8 file name */
    const char *ctype;          /* application/octet-stream, ... */
    const uint8_t *data;
    size_t len;
} mail_attachment;

typedef struct mail_spec {
    int64_t t;                  /* arrival at the gateway */
    const char *from_name, *from_addr;
    const char *to_name, *to_addr;
    const char *subject;
    const char *body;           /* UTF-8, LF line ends */
    mail_charset charset;
    const mail_attachment *att;
    int natt;
    uint32_t relay_ip;          /* the sending MTA */
    const char *relay_name;
    const char *origin_name;    /* the hop before the relay (NULL for none) */
    uint32_t origin_ip;
    const char *mailer;         /* X-Mailer, NULL for none */
} mail_spec;

/* Writes the mail into the mail folder and logs its SMTP session. `file`
 * receives the path relative to the output folder (mail/...). Returns false
 * (and records the error in s->write_error) if the file could not be written. */
bool mail_write(sim *s, const mail_spec *m, char *file, size_t file_len);

/* Builds the message into b (exposed for tests). `seq` makes the
 * Message-ID and boundary unique. */
void mail_build(buf *b, const mail_spec *m, uint64_t seq);

/* Encodings (mime.c). */
bool utf8_to_charset(const char *utf8, size_t n, const char *charset, buf *out);
void put_encoded_words(buf *b, const char *utf8);  /* RFC 2047, ISO-2022-JP, folded */
void put_base64_lines(buf *b, const uint8_t *data, size_t len);

/* Archives (lha.c, zip.c) and the stand-in executable (stub.c). */
typedef struct archive_member {
    const char *name;           /* UTF-8; written as Shift_JIS in LHA, UTF-8 (flag bit 11) in ZIP */
    const uint8_t *data;
    size_t len;
    int64_t mtime_ms;
} archive_member;

bool lha_write(buf *out, const archive_member *m, size_t n);
bool zip_write(buf *out, const archive_member *m, size_t n);
uint16_t lha_crc16(const uint8_t *p, size_t n, uint16_t crc);
/* A 1024-byte PE image with valid MZ and PE headers, no sections, no code,
 * subsystem 0 (Windows refuses to start it) and a text saying what it is. */
void stub_exe(buf *out, uint64_t variant);

/* The business-mail background actor (business.c). */
void mail_background_start(sim *s);

#endif
