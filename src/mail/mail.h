/* mail.h - one analysed mail: what was read from it and why it is (not) suspicious.
 *
 * analyze.c fills a mail_report from the raw bytes of one message: mime.c reads
 * the headers, bodies and attachments (through GMime), check_attachment.c,
 * check_sender.c and check_body.c add reasons, and reasons.c turns the reasons
 * into a score and a verdict. Every string in a report is UTF-8, bounded in
 * length, and lives in the report's arena; nothing in it has been escaped yet
 * (the output code does that for each medium).
 *
 * A reason is a named check with a weight (reasons.c holds the table, and
 * docs/mail.md lists it) plus the detail that makes it concrete ("資料.pdf.exe").
 * The score is the sum of the weights of the distinct reasons, at most 100. */
#ifndef MITSUKE_MAIL_H
#define MITSUKE_MAIL_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/ipaddr.h"
#include "core/vec.h"
#include "mail/address.h"
#include "mail/reasons.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum mail_verdict { MAIL_BENIGN = 0, MAIL_SUSPICIOUS, MAIL_MALICIOUS } mail_verdict;

#define MAIL_SUSPICIOUS_SCORE 30
#define MAIL_MALICIOUS_SCORE 70
#define MAIL_WORDING_CAP 40     /* all wording reasons together add at most this */
#define MAIL_REASON_REPEAT 5    /* instances of one reason kept per mail (per file they differ) */

const char *mail_verdict_name(mail_verdict v);            /* "benign", ... */
const char *mail_verdict_label(mail_verdict v);           /* in the output language */
mail_verdict mail_verdict_of_score(int score);

/* One kind of reason. Texts are templates: each "{}" is replaced by the next
 * detail (detail, then detail2). */
typedef struct reason_def {
    const char *code;       /* stable name, e.g. "attachment.double-extension" */
    int weight;
    const char *en, *ja;
} reason_def;

typedef struct mail_reason {
    const reason_def *def;
    int weight;             /* def->weight, or the YARA rule's own weight */
    const char *detail, *detail2;
    int file;               /* index into files, or -1 for the mail itself */
} mail_reason;

/* What a file is, from its content first and its name second. */
typedef enum file_kind {
    FK_UNKNOWN = 0,
    FK_EXECUTABLE,   /* PE, ELF, Mach-O, MSI, Java archive */
    FK_SCRIPT,       /* shebang, JScript, VBScript, WSF, HTA, PowerShell, batch, CHM */
    FK_SHORTCUT,     /* Windows .lnk */
    FK_DISK_IMAGE,   /* ISO 9660, UDF, VHD, raw disk images */
    FK_ARCHIVE,      /* zip, lzh, rar, 7z, cab, tar, gzip, ... */
    FK_OFFICE,       /* OOXML or OLE2 Office documents, RTF */
    FK_PDF,
    FK_HTML,
    FK_IMAGE,
    FK_TEXT,
    FK_OTHER,
} file_kind;

const char *file_kind_name(file_kind k);

typedef struct mail_file {
    const char *name;       /* as the mail or the archive named it */
    const char *path;       /* attachments: the name; members: "outer.zip > dir/inner.exe" */
    const char *declared;   /* declared MIME type (attachments only), "" for members */
    const char *type;       /* short type found from the content: "pe", "zip", "pdf", ... */
    file_kind kind;
    uint64_t size;          /* bytes (decoded); for an unread member, as the archive says */
    char sha256[65];        /* hex; "" when the content could not be read */
    const char *pe_shape;   /* structure of a Windows program (filetype.h), "" otherwise */
    int parent;             /* containing archive (index into files), -1 for an attachment */
    int depth;              /* 0 for attachments */
    bool encrypted;         /* an encrypted member or archive */
    int score;              /* of this file and everything inside it */
} mail_file;

typedef struct mail_link {
    const char *url;        /* as written (bounded) */
    const char *host;       /* lower-cased host, "" when none */
    const char *domain;     /* registrable domain (or the IP), "" when none */
    const char *text;       /* anchor text for HTML links, "" for text links */
    bool html;
} mail_link;

typedef struct mail_hop {
    ipaddr ip;              /* family 0 when the header named no address */
    const char *from_name;  /* HELO / host name the sender gave */
    const char *by;         /* the receiving host */
    char country[3];        /* ISO 3166 code from libloc, "" when unknown or private */
    bool authenticated;     /* ESMTPA / ESMTPSA: a logged-in submission */
    int64_t time_ms;        /* MTIME_NONE when absent */
} mail_hop;

typedef enum auth_result {
    AUTH_ABSENT = 0,        /* no Authentication-Results for this method */
    AUTH_PASS, AUTH_FAIL, AUTH_SOFTFAIL, AUTH_NEUTRAL, AUTH_NONE, AUTH_TEMPERROR, AUTH_PERMERROR, AUTH_POLICY,
} auth_result;

const char *auth_result_name(auth_result r);

typedef struct mail_report {
    arena mem;
    const char *file;       /* source name */
    uint64_t offset;        /* of the message in the (uncompressed) source */
    uint32_t index;         /* 1-based position in an mbox, 0 for a one-mail file */
    uint64_t size;          /* bytes of the message */

    const char *message_id, *subject, *x_mailer;
    int64_t date_ms;        /* Date header, MTIME_NONE when missing or unreadable */
    mail_address from, reply_to, return_path, sender;
    bool has_from, has_reply_to, has_return_path, has_sender;
    vec recipients;         /* mail_address: To, Cc, then Delivered-To / X-Original-To */
    vec hops;               /* mail_hop, top (newest) first */
    int origin_hop;         /* the earliest hop with a public address, -1 if none */
    auth_result spf, dkim, dmarc;   /* from the trusted Authentication-Results */
    const char *auth_domain;        /* SPF's smtp.mailfrom domain, "" when absent */

    buf text;               /* plain text of the bodies (HTML as text), bounded */
    vec links;              /* mail_link */
    bool body_password_form;         /* an HTML body with a password field */
    const char *body_hidden_sample;  /* text an HTML body hides, NULL if none */
    vec files;              /* mail_file */
    vec reasons;            /* mail_reason */

    int score;
    mail_verdict verdict;
} mail_report;

void mail_report_init(mail_report *r);
void mail_report_free(mail_report *r);

/* Adds a reason (its detail strings are copied; either may be NULL). `file` is
 * the index of the file it concerns, or -1. Returns the reason's index. */
size_t mail_add_reason(mail_report *r, reason_id id, int file, const char *detail, const char *detail2);
/* The same with an explicit weight (YARA rules carry their own). */
size_t mail_add_reason_weighted(mail_report *r, reason_id id, int weight, int file, const char *detail,
                                const char *detail2);
bool mail_has_reason(const mail_report *r, reason_id id);
/* Computes the mail's and each file's score and verdict from the reasons. */
void mail_score(mail_report *r);
/* The reason's text in the output language, appended to `out`. */
void mail_reason_text(const mail_reason *reason, buf *out);

/* Every reason mitsuke knows, for --list-reasons and docs/mail.md. */
const reason_def *reason_def_get(reason_id id);

#endif
