/* reasons.h - the names of every reason a mail can be flagged for.
 *
 * The table with weights and the English and Japanese texts is in reasons.c,
 * in the same order as this enum; docs/mail.md lists it (and a test checks
 * that it lists every code). */
#ifndef MITSUKE_MAIL_REASONS_H
#define MITSUKE_MAIL_REASONS_H

typedef enum reason_id {
    /* the message itself */
    R_MAIL_UNREADABLE,
    R_MAIL_MIME_TOO_DEEP,
    R_MAIL_TOO_MANY_PARTS,
    R_MAIL_TOO_LARGE,
    R_MAIL_CHARSET_LABEL,
    /* attachments (C2) */
    R_ATT_EXECUTABLE,
    R_ATT_SCRIPT,
    R_ATT_EXEC_EXTENSION,
    R_ATT_DOUBLE_EXTENSION,
    R_ATT_RLO,
    R_ATT_PADDED_NAME,
    R_ATT_DISGUISED,
    R_ATT_SHORTCUT,
    R_ATT_DISK_IMAGE,
    R_ATT_MACRO,
    R_ATT_REMOTE_TEMPLATE,
    R_ATT_OLE_OBJECT,
    R_ATT_PDF_ACTIVE,
    R_ATT_HTML_FORM,
    R_ATT_HTML_SMUGGLING,
    R_ATT_HTML,
    R_ATT_ENCRYPTED,
    R_ATT_NAME_UNDECODABLE,
    R_ATT_YARA,
    R_ARC_TOO_DEEP,
    R_ARC_TOO_MANY_MEMBERS,
    R_ARC_BOMB,
    R_ARC_PATH_TRAVERSAL,
    R_ARC_DAMAGED,
    /* sender (C3) */
    R_SND_DISPLAY_ADDRESS,
    R_SND_FREEMAIL_ORG,
    R_SND_FREEMAIL,
    R_SND_REPLY_TO_FREEMAIL,
    R_SND_REPLY_TO,
    R_SND_RETURN_PATH,
    R_SND_SENDER_HEADER,
    R_SND_FOREIGN_RELAY,
    R_SND_DMARC_FAIL,
    R_SND_SPF_FAIL,
    R_SND_SPF_SOFTFAIL,
    R_SND_DKIM_FAIL,
    R_SND_NO_AUTH,
    /* body (C4) */
    R_BODY_ONLINE_STORAGE,
    R_BODY_SHORTENER,
    R_BODY_IP_LINK,
    R_BODY_LINK_MISMATCH,
    R_BODY_LINK_USERINFO,
    R_BODY_LINK_FILE,
    R_BODY_ACTION_LINK,
    R_BODY_PASSWORD_FORM,
    R_BODY_HIDDEN_TEXT,
    R_BODY_RECIPIENT_NAME,
    /* wording (C4), one per category of rules/mail/lure-words.txt */
    R_WORD_URGENCY,
    R_WORD_CREDENTIAL,
    R_WORD_MONEY,
    R_WORD_DELIVERY,
    R_WORD_ENABLE_CONTENT,
    R_WORD_OPEN_ATTACHMENT,
    R_WORD_LURE_THEME,
    R_COUNT
} reason_id;

#define R_WORD_FIRST R_WORD_URGENCY
#define R_WORD_LAST R_WORD_LURE_THEME

#endif
