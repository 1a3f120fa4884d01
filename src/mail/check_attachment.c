/* check_attachment.c - the attachment checks (C2).
 *
 * Each file - an attachment, or a member found inside an archive - is hashed
 * (SHA-256, libsodium), typed from its bytes (filetype.c), and judged on two
 * grounds that IPA's guidance names: what it is (a program, a script, a
 * shortcut, a disk image, a document with macros or active content) and how it
 * is named (an executable extension, a double extension such as 資料.pdf.exe,
 * a right-to-left override, padding spaces, a document name on a program).
 * Archives and disk images are opened (archive_scan.c) and every member goes
 * through the same checks; YARA rules run on every file that could be read. */
#include "mail/analyze.h"
#include "mail/filetype.h"
#include "mail/links.h"
#include "mail/ole2.h"
#include "core/lang.h"
#include "core/utf8.h"
#include "core/util.h"
#include "mail/charset.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NAME_MAX_BYTES 512
#define PDF_SCAN_BYTES (16u << 20)

/* ---- names ---- */

/* Unicode formatting characters that reorder or hide text. */
static size_t bidi_control_len(const unsigned char *p, size_t n) {
    if (n >= 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae)))
        return 3; /* U+200E, U+200F, U+202A..U+202E */
    if (n >= 3 && p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) return 3; /* U+2066..U+2069 */
    return 0;
}

static bool has_rlo(const char *name) {
    const unsigned char *p = (const unsigned char *)name;
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        if (bidi_control_len(p + i, n - i)) return true;
    return false;
}

/* The name as it can be shown in a reason: control characters as '?',
 * formatting characters as "[U+202E]", so the reader sees the trick. */
static const char *shown_name(arena *a, const char *name) {
    buf b = {0};
    const unsigned char *p = (const unsigned char *)name;
    size_t n = strlen(name);
    for (size_t i = 0; i < n;) { /* n is bounded: a name, or a path of archive depth names */
        size_t k = bidi_control_len(p + i, n - i);
        if (k) {
            unsigned cp = ((p[i] & 0x0fu) << 12) | ((p[i + 1] & 0x3fu) << 6) | (p[i + 2] & 0x3fu);
            buf_printf(&b, "[U+%04X]", cp);
            i += k;
        } else if (p[i] < 0x20 || p[i] == 0x7f) {
            buf_putc(&b, '?');
            i++;
        } else {
            buf_putc(&b, (char)p[i]);
            i++;
        }
    }
    const char *r = arena_strndup(a, b.p ? b.p : "", utf8_truncate(b.p ? b.p : "", b.len, NAME_MAX_BYTES));
    buf_free(&b);
    return r;
}

/* A run of spaces (ASCII, no-break or ideographic) of at least `min` before
 * the last dot: the padding that pushes ".exe" out of the visible column. */
static bool padded_before_extension(const char *name, unsigned min) {
    const char *dot = strrchr(name, '.');
    if (!dot) return false;
    unsigned run = 0, best = 0;
    for (const unsigned char *p = (const unsigned char *)name; p < (const unsigned char *)dot;) {
        if (*p == ' ' || *p == '\t') run++, p++;
        else if (p[0] == 0xc2 && p[1] == 0xa0) run++, p += 2;                     /* U+00A0 */
        else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) run++, p += 3;      /* U+3000 */
        else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x80 && p[2] <= 0x8a) run++, p += 3; /* U+2000.. */
        else run = 0, p++;
        if (run > best) best = run;
    }
    return best >= min;
}

/* The extension before the last one ("pdf" in "資料.pdf.exe"), spaces ignored. */
static const char *inner_extension(const char *name, char *ext, size_t extlen) {
    ext[0] = 0;
    const char *last = strrchr(name, '.');
    if (!last || last == name) return ext;
    char head[NAME_MAX_BYTES];
    size_t n = (size_t)(last - name);
    if (n >= sizeof head) n = sizeof head - 1;
    memcpy(head, name, n);
    head[n] = 0;
    return file_extension(head, ext, extlen);
}

static bool runs_when_opened(file_kind k) {
    return k == FK_EXECUTABLE || k == FK_SCRIPT || k == FK_SHORTCUT;
}

/* The type of an executable in words. */
static const char *kind_phrase(const char *type) {
    if (!strcmp(type, "pe") || !strcmp(type, "mz")) return L("Windows program", "Windows のプログラム");
    if (!strcmp(type, "pe-dll")) return L("Windows DLL", "Windows の DLL");
    if (!strcmp(type, "msi")) return L("Windows Installer package", "Windows インストーラ");
    if (!strcmp(type, "jar")) return L("Java program", "Java プログラム");
    return type;
}

static void check_name(mail_report *r, int idx, const char *name, const char *shown, file_kind content_kind) {
    char ext[16], inner[16];
    file_extension(name, ext, sizeof ext);
    inner_extension(name, inner, sizeof inner);
    file_kind ek = extension_kind(ext);
    if (has_rlo(name)) mail_add_reason(r, R_ATT_RLO, idx, shown, NULL);
    if (strstr(name, "\xef\xbf\xbd")) mail_add_reason(r, R_ATT_NAME_UNDECODABLE, idx, shown, NULL);
    bool dangerous_ext = runs_when_opened(ek) || ek == FK_DISK_IMAGE;
    if (dangerous_ext && *inner && extension_is_document(inner))
        mail_add_reason(r, R_ATT_DOUBLE_EXTENSION, idx, shown, NULL);
    if ((dangerous_ext || runs_when_opened(content_kind)) && padded_before_extension(name, 4))
        mail_add_reason(r, R_ATT_PADDED_NAME, idx, shown, NULL);
}

/* ---- content ---- */

static void sha256_hex(const uint8_t *p, size_t n, char out[65]) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* PDF names that run something: /JavaScript, /JS, /Launch, /EmbeddedFile,
 * also when written with #xx escapes (/J#61vaScript). */
static void check_pdf(mail_report *r, int idx, const char *shown, const uint8_t *p, size_t n) {
    static const char *const active[] = {"JavaScript", "JS", "Launch", "EmbeddedFile", "RichMedia", "XFA"};
    bool seen[6] = {0};
    if (n > PDF_SCAN_BYTES) n = PDF_SCAN_BYTES;
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '/') continue;
        char name[32];
        size_t k = 0, j = i + 1;
        while (j < n && k + 1 < sizeof name) {
            unsigned char c = p[j];
            if (c == '#' && j + 2 < n && isxdigit(p[j + 1]) && isxdigit(p[j + 2])) {
                char hx[3] = {(char)p[j + 1], (char)p[j + 2], 0};
                name[k++] = (char)strtol(hx, NULL, 16);
                j += 3;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                name[k++] = (char)c;
                j++;
            } else break;
        }
        name[k] = 0;
        for (size_t a = 0; a < ARRAY_LEN(active); a++)
            if (!strcmp(name, active[a])) seen[a] = true;
        i = j - 1;
    }
    buf found = {0};
    for (size_t a = 0; a < ARRAY_LEN(active); a++)
        if (seen[a] && !(a == 1 && seen[0])) buf_printf(&found, "%s/%s", found.len ? ", " : "", active[a]);
    if (found.len) mail_add_reason(r, R_ATT_PDF_ACTIVE, idx, shown, buf_cstr(&found));
    buf_free(&found);
}

static bool bytes_contain(const uint8_t *p, size_t n, const char *needle) {
    size_t k = strlen(needle);
    if (n > PDF_SCAN_BYTES) n = PDF_SCAN_BYTES;
    for (size_t i = 0; i + k <= n; i++)
        if (p[i] == (uint8_t)needle[0] && !memcmp(p + i, needle, k)) return true;
    return false;
}

static void check_office(mail_report *r, int idx, const char *shown, const char *type, const uint8_t *p, size_t n) {
    mail_file *f = &VEC_AT(&r->files, mail_file, (size_t)idx);
    if (!strcmp(type, "ole2")) {
        ole2_info info;
        if (!ole2_inspect(p, n, &info)) return;
        f->type = info.app;
        if (info.is_msi) {
            f->kind = FK_EXECUTABLE;
            mail_add_reason(r, R_ATT_EXECUTABLE, idx, shown, kind_phrase("msi"));
        }
        if (info.has_vba) mail_add_reason(r, R_ATT_MACRO, idx, shown, NULL);
        if (info.has_object) mail_add_reason(r, R_ATT_OLE_OBJECT, idx, shown, NULL);
        if (info.encrypted) {
            f->encrypted = true;
            mail_add_reason(r, R_ATT_ENCRYPTED, idx, shown, NULL);
        }
    } else if (!strcmp(type, "rtf")) {
        if (bytes_contain(p, n, "\\objdata") || bytes_contain(p, n, "\\objupdate"))
            mail_add_reason(r, R_ATT_OLE_OBJECT, idx, shown, NULL);
    }
}

static void check_html_file(mail_report *r, int idx, const char *shown, const uint8_t *p, size_t n) {
    buf text = {0};
    charset_result cr;
    charset_decode((const char *)p, n < HTML_MAX_BYTES ? n : HTML_MAX_BYTES, NULL, &text, &cr);
    html_facts facts;
    arena scratch;
    arena_init(&scratch, 4096);
    html_inspect(text.p ? text.p : "", text.len, &scratch, NULL, NULL, 0, &facts);
    bool flagged = false;
    if (facts.password_input || facts.form_target) {
        mail_add_reason(r, R_ATT_HTML_FORM, idx, shown,
                        facts.form_target ? facts.form_target : L("another site", "別のサイト"));
        flagged = true;
    }
    if (facts.smuggling) {
        mail_add_reason(r, R_ATT_HTML_SMUGGLING, idx, shown, NULL);
        flagged = true;
    }
    if (!flagged) mail_add_reason(r, R_ATT_HTML, idx, shown, NULL);
    arena_free(&scratch);
    buf_free(&text);
}

typedef struct yara_ctx {
    mail_report *r;
    int idx;
    const char *shown;
} yara_ctx;

static void on_yara_match(const yara_match *m, void *p) {
    yara_ctx *c = p;
    const char *desc = lang_get() == LANG_JA && *m->description_ja ? m->description_ja : m->description;
    char detail[512];
    if (*desc) snprintf(detail, sizeof detail, "%s (%s)", m->rule, desc);
    else snprintf(detail, sizeof detail, "%s", m->rule);
    mail_add_reason_weighted(c->r, R_ATT_YARA, m->weight, c->idx, c->shown, detail);
}

static void check_content(mail_analyzer *an, mail_report *r, scan_budget *b, int idx, const char *name,
                          const char *shown, const uint8_t *data, size_t n) {
    char ext[16];
    file_extension(name, ext, sizeof ext);
    file_kind ek = extension_kind(ext);
    mail_file *f = &VEC_AT(&r->files, mail_file, (size_t)idx);
    file_kind kind = f->kind;
    const char *type = f->type;

    if (kind == FK_EXECUTABLE) {
        if (extension_is_document(ext) || has_rlo(name) || (!*ext && f->depth == 0))
            mail_add_reason(r, R_ATT_DISGUISED, idx, shown, NULL);
        else mail_add_reason(r, R_ATT_EXECUTABLE, idx, shown, kind_phrase(type));
    } else if (kind == FK_SCRIPT && (ek == FK_SCRIPT || ek == FK_EXECUTABLE || ek == FK_UNKNOWN)) {
        mail_add_reason(r, R_ATT_SCRIPT, idx, shown, type);
    } else if (ek == FK_SCRIPT) {
        mail_add_reason(r, R_ATT_SCRIPT, idx, shown, ext);
    } else if (ek == FK_EXECUTABLE) {
        mail_add_reason(r, R_ATT_EXEC_EXTENSION, idx, shown, NULL);
    }
    if (kind == FK_SHORTCUT || ek == FK_SHORTCUT) mail_add_reason(r, R_ATT_SHORTCUT, idx, shown, NULL);
    if (kind == FK_DISK_IMAGE || ek == FK_DISK_IMAGE)
        mail_add_reason(r, R_ATT_DISK_IMAGE, idx, shown, kind == FK_DISK_IMAGE ? type : ext);
    if (!strcmp(ext, "docm") || !strcmp(ext, "xlsm") || !strcmp(ext, "pptm") || !strcmp(ext, "dotm") ||
        !strcmp(ext, "xlam"))
        mail_add_reason(r, R_ATT_MACRO, idx, shown, NULL);
    if (!data) return;

    if (kind == FK_OFFICE) check_office(r, idx, shown, type, data, n);
    else if (kind == FK_PDF) check_pdf(r, idx, shown, data, n);
    else if (kind == FK_HTML || (ek == FK_HTML && kind == FK_TEXT)) check_html_file(r, idx, shown, data, n);
    if (kind == FK_ARCHIVE || kind == FK_DISK_IMAGE) archive_scan(an, r, b, idx, data, n);
    if (an->yara && n) {
        yara_ctx yc = {r, idx, shown};
        yara_set_scan(an->yara, data, n, on_yara_match, &yc);
    }
}

int attachment_check(mail_analyzer *an, mail_report *r, scan_budget *b, const char *name, const char *declared,
                     const uint8_t *data, size_t n, uint64_t size, int parent, int depth, bool encrypted) {
    if (!name) name = "";
    size_t nl = utf8_truncate(name, strlen(name), NAME_MAX_BYTES);
    const char *own = arena_strndup(&r->mem, name, nl);
    const char *shown = shown_name(&r->mem, own);
    mail_file *f = vec_push(&r->files);
    int idx = (int)(r->files.len - 1);
    f->name = own;
    f->declared = declared ? arena_strdup(&r->mem, declared) : "";
    f->parent = parent;
    f->depth = depth;
    f->size = data && n > size ? n : size;
    f->encrypted = encrypted;
    if (parent >= 0) {
        const mail_file *pf = &VEC_AT(&r->files, mail_file, (size_t)parent);
        f->path = arena_printf(&r->mem, "%s > %s", pf->path, *own ? own : "(no name)");
    } else f->path = *own ? own : "(no name)";
    /* reasons about members name the member by its path inside the attachment */
    if (parent >= 0) shown = shown_name(&r->mem, f->path);

    file_type ft = {FK_UNKNOWN, "unread"};
    if (data) {
        /* a member cut at the per-member limit has no hash: it would not be the file's */
        if (size <= n) sha256_hex(data, n, f->sha256);
        filetype_sniff(data, n, true, &ft);
    } else {
        char ext[16];
        ft.kind = extension_kind(file_extension(own, ext, sizeof ext));
    }
    f->kind = ft.kind;
    f->type = arena_strdup(&r->mem, ft.type);
    f->pe_shape = "";
    if (data && ft.kind == FK_EXECUTABLE) {
        buf shape = {0};
        if (pe_shape(data, n, &shape)) f->pe_shape = arena_strndup(&r->mem, shape.p, shape.len);
        buf_free(&shape);
    }
    check_name(r, idx, own, shown, ft.kind);
    check_content(an, r, b, idx, own, shown, data, n);
    return idx;
}
