/* reasons.c - the reason table, adding reasons to a report, score and verdict.
 *
 * Weights are chosen so that one strong sign (an executable, a disguised name)
 * makes a mail malicious on its own, one clear sign (a Reply-To to free mail,
 * a link to file-sharing, an encrypted archive) makes it suspicious, and weak
 * signs (wording, a free-mail sender, a missing authentication result) only
 * count together. A reason counts once per mail however often it occurs (ten
 * links to one storage service are one sign), and all wording reasons
 * together add at most MAIL_WORDING_CAP. docs/mail.md explains each one. */
#include "mail/mail.h"
#include "core/lang.h"
#include "core/mtime.h"

#include <string.h>

static const reason_def table[R_COUNT] = {
    [R_MAIL_UNREADABLE] = {"mail.unreadable", 20, "the mail is not valid MIME; only its raw text was checked",
                           "メールが MIME として読めないため、生のテキストだけを検査しました"},
    [R_MAIL_MIME_TOO_DEEP] = {"mail.mime-too-deep", 30,
                              "MIME parts are nested more than {} levels deep: treated as suspicious",
                              "MIME パートの入れ子が {} 段を超えています (不審として扱います)"},
    [R_MAIL_TOO_MANY_PARTS] = {"mail.too-many-parts", 30,
                               "the mail has more than {} MIME parts; the rest were not checked: treated as suspicious",
                               "MIME パートが {} 個を超えており、残りは検査していません (不審として扱います)"},
    [R_MAIL_TOO_LARGE] = {"mail.too-large", 30, "the mail is larger than {}; only its beginning was checked",
                          "メールが {} を超えるため、先頭部分だけを検査しました"},
    [R_MAIL_CHARSET_LABEL] = {"mail.charset-label", 5,
                              "the character set label \"{}\" is malformed or wrong; the text was decoded from its bytes",
                              "文字コードの指定「{}」が不正または誤りのため、内容から判定して読みました"},

    [R_ATT_EXECUTABLE] = {"attachment.executable", 80, "{} is an executable program ({})",
                          "{} は実行ファイル ({}) です"},
    [R_ATT_SCRIPT] = {"attachment.script", 70, "{} is a script that runs when opened ({})",
                      "{} は開くと実行されるスクリプト ({}) です"},
    [R_ATT_EXEC_EXTENSION] = {"attachment.exec-extension", 60, "{} has an extension that Windows runs as a program",
                              "{} は Windows がプログラムとして実行する拡張子です"},
    [R_ATT_DOUBLE_EXTENSION] = {"attachment.double-extension", 90,
                                "{} hides an executable extension behind a document-like one",
                                "{} は文書のような拡張子の後ろに実行ファイルの拡張子を隠しています (二重拡張子)"},
    [R_ATT_RLO] = {"attachment.rlo", 90,
                   "{} contains a right-to-left override character (U+202E) that disguises its extension",
                   "{} には拡張子を偽装する文字 (RLO, U+202E) が含まれています"},
    [R_ATT_PADDED_NAME] = {"attachment.padded-name", 60, "{} pads its name with spaces to push the real extension out of view",
                           "{} はファイル名に空白を連ねて本当の拡張子を見えにくくしています"},
    [R_ATT_DISGUISED] = {"attachment.disguised", 90, "{} is named like a document but is an executable program",
                         "{} は文書のような名前ですが、中身は実行ファイルです"},
    [R_ATT_SHORTCUT] = {"attachment.shortcut", 80, "{} is a Windows shortcut (.lnk), which can run commands",
                        "{} は Windows のショートカット (.lnk) で、コマンドを実行できます"},
    [R_ATT_DISK_IMAGE] = {"attachment.disk-image", 50,
                          "{} is a disk image ({}), a container used to slip programs past protection",
                          "{} はディスクイメージ ({}) で、防御をすり抜けてプログラムを届けるのに使われます"},
    [R_ATT_MACRO] = {"attachment.macro", 60, "{} is an Office document with macros", "{} はマクロ付きの Office 文書です"},
    [R_ATT_REMOTE_TEMPLATE] = {"attachment.remote-template", 50, "{} loads content from {} when opened",
                               "{} は開くと {} から内容を読み込みます"},
    [R_ATT_OLE_OBJECT] = {"attachment.ole-object", 30, "{} embeds an object or program (OLE) in the document",
                          "{} は文書内にオブジェクトやプログラム (OLE) を埋め込んでいます"},
    [R_ATT_PDF_ACTIVE] = {"attachment.pdf-active", 40, "{} is a PDF that runs JavaScript or launches actions ({})",
                          "{} は JavaScript や外部起動などの動作を含む PDF です ({})"},
    [R_ATT_HTML_FORM] = {"attachment.html-form", 60, "the HTML file {} asks for a password or sends a form to {}",
                         "HTML ファイル {} はパスワードの入力を求めるか、入力内容を {} に送信します"},
    [R_ATT_HTML_SMUGGLING] = {"attachment.html-smuggling", 60,
                              "the HTML file {} builds a file inside the browser to download it (HTML smuggling)",
                              "HTML ファイル {} はブラウザ内でファイルを組み立ててダウンロードさせます (HTML スマグリング)"},
    [R_ATT_HTML] = {"attachment.html", 20, "{} is a web page (HTML); business mail rarely attaches those",
                    "{} は Web ページ (HTML) です。業務のメールで添付されることはまれです"},
    [R_ATT_ENCRYPTED] = {"attachment.encrypted", 35, "{} is encrypted (password-protected): its contents cannot be checked",
                         "{} は暗号化 (パスワード付き) されており、中身を検査できません"},
    [R_ATT_NAME_UNDECODABLE] = {"attachment.name-undecodable", 10, "the file name {} could not be decoded (garbled)",
                                "ファイル名 {} が文字化けしています"},
    [R_ATT_YARA] = {"attachment.yara", 50, "{} matches the YARA rule {}", "{} が YARA ルール {} に一致しました"},
    [R_ARC_TOO_DEEP] = {"archive.too-deep", 40, "{}: archive too deep to open: treated as suspicious",
                        "{}: 圧縮ファイルの入れ子が深すぎて開けません (不審として扱います)"},
    [R_ARC_TOO_MANY_MEMBERS] = {"archive.too-many-members", 40,
                                "{}: archive holds more files than mitsuke opens ({}): treated as suspicious",
                                "{}: 圧縮ファイル内のファイルが多すぎます ({}) (不審として扱います)"},
    [R_ARC_BOMB] = {"archive.bomb", 40, "{}: archive expands far beyond its size (an archive bomb?): treated as suspicious",
                    "{}: 展開すると元の大きさを大きく超えます (圧縮爆弾の疑い) (不審として扱います)"},
    [R_ARC_PATH_TRAVERSAL] = {"archive.path-traversal", 40, "{} names a file outside the archive's folder ({})",
                              "{} は展開先フォルダの外を指すファイル名 ({}) を含みます"},
    [R_ARC_DAMAGED] = {"archive.unreadable", 20, "{}: the archive could not be read in full ({}); not all of it was checked",
                       "{}: 圧縮ファイルを最後まで読めず ({})、一部は検査できていません"},

    [R_SND_DISPLAY_ADDRESS] = {"sender.display-address", 40,
                               "the sender's name shows the address {} but the mail is from {}",
                               "差出人名にはアドレス {} が表示されていますが、実際の差出人は {} です"},
    [R_SND_FREEMAIL_ORG] = {"sender.freemail-org", 50, "the sender \"{}\" claims an organisation but writes from the free-mail address {}",
                            "差出人「{}」は組織を名乗っていますが、フリーメールのアドレス {} から送られています"},
    [R_SND_FREEMAIL] = {"sender.freemail", 5, "the sender uses a free-mail address ({})",
                        "差出人はフリーメールのアドレス ({}) です"},
    [R_SND_REPLY_TO_FREEMAIL] = {"sender.reply-to-freemail", 40, "replies would go to the free-mail address {}, not to the sender {}",
                                 "返信先がフリーメールのアドレス {} になっており、差出人 {} ではありません"},
    [R_SND_REPLY_TO] = {"sender.reply-to", 30, "replies would go to {}, another domain than the sender {}",
                        "返信先 {} が差出人 {} と別のドメインです"},
    [R_SND_RETURN_PATH] = {"sender.return-path", 10, "the envelope sender (Return-Path) {} is in another domain than From {}",
                           "エンベロープの差出人 (Return-Path) {} が From {} と別のドメインです"},
    [R_SND_SENDER_HEADER] = {"sender.sender-header", 10, "the Sender header {} is in another domain than From {}",
                             "Sender ヘッダ {} が From {} と別のドメインです"},
    [R_SND_FOREIGN_RELAY] = {"sender.foreign-relay", 50, "the sender claims the domain {} but the mail was sent from {}",
                             "差出人は {} のドメインを名乗っていますが、メールは {} から送信されています"},
    [R_SND_DMARC_FAIL] = {"sender.dmarc-fail", 40, "the receiving server found that the sender domain is forged (DMARC {})",
                          "受信サーバの検証で差出人ドメインの詐称が判明しました (DMARC {})"},
    [R_SND_SPF_FAIL] = {"sender.spf-fail", 30, "the sending server is not allowed to send for {} (SPF fail)",
                        "送信サーバは {} のメールを送ることを許可されていません (SPF fail)"},
    [R_SND_SPF_SOFTFAIL] = {"sender.spf-softfail", 15, "the sending server is probably not allowed to send for {} (SPF softfail)",
                            "送信サーバは {} のメールを送ることをおそらく許可されていません (SPF softfail)"},
    [R_SND_DKIM_FAIL] = {"sender.dkim-fail", 20, "the mail's signature does not verify (DKIM {})",
                         "メールの電子署名が検証できません (DKIM {})"},
    [R_SND_NO_AUTH] = {"sender.no-auth", 10, "no sender authentication passed (SPF {}, DKIM {})",
                       "送信者認証がひとつも成功していません (SPF {}, DKIM {})"},

    [R_BODY_ONLINE_STORAGE] = {"body.online-storage", 30, "the mail links to the file-sharing service {} ({})",
                               "オンラインストレージ・ファイル転送サービス {} へのリンクがあります ({})"},
    [R_BODY_SHORTENER] = {"body.shortener", 20, "a link goes through the URL shortener {}, hiding where it leads",
                          "短縮 URL {} を使ったリンクがあり、本当の行き先が隠されています"},
    [R_BODY_IP_LINK] = {"body.ip-link", 40, "a link goes to a bare IP address ({})",
                        "IP アドレスを直接指すリンクがあります ({})"},
    [R_BODY_LINK_MISMATCH] = {"body.link-mismatch", 40, "a link shows {} but leads to {}",
                              "リンクの表示は {} ですが、実際の行き先は {} です"},
    [R_BODY_LINK_USERINFO] = {"body.link-userinfo", 40, "a link hides its real destination {} behind a user name ({})",
                              "リンクが本当の行き先 {} をユーザー名の形で隠しています ({})"},
    [R_BODY_LINK_FILE] = {"body.link-file", 40, "a link opens a network or local file ({})",
                          "ネットワーク上またはローカルのファイルを開くリンクがあります ({})"},
    [R_BODY_ACTION_LINK] = {"body.action-link", 10, "a link asking you to act (\"{}\") leads to {}, unrelated to the sender",
                            "操作を促すリンク (「{}」) の行き先 {} が差出人と無関係です"},
    [R_BODY_PASSWORD_FORM] = {"body.password-form", 50, "the mail itself contains a form asking for a password",
                              "メール本文にパスワードを入力させるフォームがあります"},
    [R_BODY_HIDDEN_TEXT] = {"body.hidden-text", 10, "the HTML hides text from the reader (\"{}\")",
                            "HTML に読み手から見えない文字列が隠されています (「{}」)"},
    [R_BODY_RECIPIENT_NAME] = {"body.recipient-name", 10,
                               "the mail names the recipient in full ({}), as targeted mails to staff lists do",
                               "本文に受信者のフルネーム ({}) が書かれています (標的型メールの手口)"},

    [R_WORD_URGENCY] = {"wording.urgency", 10, "the wording presses for haste (\"{}\")", "急がせる表現があります (「{}」)"},
    [R_WORD_CREDENTIAL] = {"wording.credential", 20, "the wording asks to verify an account or a password (\"{}\")",
                           "アカウントやパスワードの確認を求める表現があります (「{}」)"},
    [R_WORD_MONEY] = {"wording.money", 20, "the wording promises money or a prize (\"{}\")",
                      "金銭や当選をうたう表現があります (「{}」)"},
    [R_WORD_DELIVERY] = {"wording.delivery", 10, "the wording is about a parcel that could not be delivered (\"{}\")",
                         "荷物の不在・配達に関する表現があります (「{}」)"},
    [R_WORD_ENABLE_CONTENT] = {"wording.enable-content", 40, "the mail asks to enable editing, content or macros (\"{}\")",
                               "編集・コンテンツ・マクロの有効化を求めています (「{}」)"},
    [R_WORD_OPEN_ATTACHMENT] = {"wording.open-attachment", 5, "the mail urges to open the attachment or the link (\"{}\")",
                                "添付ファイルやリンクを開くよう促しています (「{}」)"},
    [R_WORD_LURE_THEME] = {"wording.lure-theme", 5, "the topic is one that targeted mails use as bait (\"{}\")",
                           "標的型メールでよく使われる話題です (「{}」)"},
};

const reason_def *reason_def_get(reason_id id) { return id < R_COUNT ? &table[id] : NULL; }

const char *mail_verdict_name(mail_verdict v) {
    switch (v) {
    case MAIL_MALICIOUS: return "malicious";
    case MAIL_SUSPICIOUS: return "suspicious";
    default: return "benign";
    }
}

const char *mail_verdict_label(mail_verdict v) {
    switch (v) {
    case MAIL_MALICIOUS: return L("malicious", "悪性");
    case MAIL_SUSPICIOUS: return L("suspicious", "不審");
    default: return L("no sign of attack", "問題なし");
    }
}

mail_verdict mail_verdict_of_score(int score) {
    if (score >= MAIL_MALICIOUS_SCORE) return MAIL_MALICIOUS;
    if (score >= MAIL_SUSPICIOUS_SCORE) return MAIL_SUSPICIOUS;
    return MAIL_BENIGN;
}

const char *auth_result_name(auth_result r) {
    static const char *const names[] = {"absent", "pass", "fail", "softfail", "neutral",
                                        "none", "temperror", "permerror", "policy"};
    return (size_t)r < sizeof names / sizeof names[0] ? names[r] : "absent";
}

void mail_report_init(mail_report *r) {
    memset(r, 0, sizeof *r);
    arena_init(&r->mem, 16 * 1024);
    vec_init(&r->recipients, sizeof(mail_address));
    vec_init(&r->hops, sizeof(mail_hop));
    vec_init(&r->links, sizeof(mail_link));
    vec_init(&r->files, sizeof(mail_file));
    vec_init(&r->reasons, sizeof(mail_reason));
    r->origin_hop = -1;
    r->date_ms = MTIME_NONE;
    r->message_id = r->subject = r->x_mailer = r->auth_domain = "";
    mail_address none = {"", "", ""};
    r->from = r->reply_to = r->return_path = r->sender = none;
}

void mail_report_free(mail_report *r) {
    vec_free(&r->recipients);
    vec_free(&r->hops);
    vec_free(&r->links);
    vec_free(&r->files);
    vec_free(&r->reasons);
    buf_free(&r->text);
    arena_free(&r->mem);
}

static bool same_text(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

size_t mail_add_reason_weighted(mail_report *r, reason_id id, int weight, int file, const char *detail,
                                const char *detail2) {
    /* the same sign twice is one reason; many instances of one kind about
     * the mail itself (ten storage links) are kept up to MAIL_REASON_REPEAT
     * times; the score counts a kind once anyway */
    unsigned same_kind = 0;
    for (size_t i = 0; i < r->reasons.len; i++) {
        mail_reason *o = &VEC_AT(&r->reasons, mail_reason, i);
        if (o->def != &table[id]) continue;
        if (o->file == file && same_text(o->detail, detail) && same_text(o->detail2, detail2)) {
            if (weight > o->weight) o->weight = weight;
            return i;
        }
        if (file < 0 && o->file < 0 && ++same_kind >= MAIL_REASON_REPEAT) {
            if (weight > o->weight) o->weight = weight;
            return i;
        }
    }
    mail_reason *m = vec_push(&r->reasons);
    m->def = &table[id];
    m->weight = weight;
    m->file = file;
    m->detail = detail ? arena_strdup(&r->mem, detail) : NULL;
    m->detail2 = detail2 ? arena_strdup(&r->mem, detail2) : NULL;
    return r->reasons.len - 1;
}

size_t mail_add_reason(mail_report *r, reason_id id, int file, const char *detail, const char *detail2) {
    return mail_add_reason_weighted(r, id, table[id].weight, file, detail, detail2);
}

bool mail_has_reason(const mail_report *r, reason_id id) {
    for (size_t i = 0; i < r->reasons.len; i++)
        if (VEC_AT(&r->reasons, mail_reason, i).def == &table[id]) return true;
    return false;
}

/* Whether `file` is `ancestor` or inside it. */
static bool file_within(const mail_report *r, int file, int ancestor) {
    for (int depth = 0; file >= 0 && depth < 64; depth++) {
        if (file == ancestor) return true;
        file = VEC_AT(&r->files, mail_file, (size_t)file).parent;
    }
    return false;
}

/* Sum of the highest weight of each distinct reason among those selected by
 * `file_filter` (-2: all; otherwise the reasons of that file and of the files
 * inside it). */
static int score_of(const mail_report *r, int file_filter) {
    int best[R_COUNT] = {0};
    for (size_t i = 0; i < r->reasons.len; i++) {
        const mail_reason *m = &VEC_AT(&r->reasons, mail_reason, i);
        if (file_filter != -2 && !file_within(r, m->file, file_filter)) continue;
        size_t id = (size_t)(m->def - table);
        /* several matches of one reason (two YARA rules) count as the strongest */
        if (m->weight > best[id]) best[id] = m->weight;
    }
    int total = 0, wording = 0;
    for (int id = 0; id < R_COUNT; id++) {
        if (id >= R_WORD_FIRST && id <= R_WORD_LAST) wording += best[id];
        else total += best[id];
    }
    total += wording < MAIL_WORDING_CAP ? wording : MAIL_WORDING_CAP;
    return total > 100 ? 100 : total;
}

void mail_score(mail_report *r) {
    for (size_t i = 0; i < r->files.len; i++) VEC_AT(&r->files, mail_file, i).score = score_of(r, (int)i);
    r->score = score_of(r, -2);
    r->verdict = mail_verdict_of_score(r->score);
}

void mail_reason_text(const mail_reason *reason, buf *out) {
    const char *tpl = L(reason->def->en, reason->def->ja);
    const char *details[2] = {reason->detail ? reason->detail : "", reason->detail2 ? reason->detail2 : ""};
    int next = 0;
    for (const char *p = tpl; *p; p++) {
        if (p[0] == '{' && p[1] == '}') {
            buf_puts(out, next < 2 ? details[next] : "");
            next++;
            p++;
        } else buf_putc(out, *p);
    }
}
