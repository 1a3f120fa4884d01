/* filetype.c - magic numbers, script markers and extensions; see filetype.h. */
#include "mail/filetype.h"
#include "core/util.h"

#include <ctype.h>
#include <magic.h>
#include <string.h>
#include <strings.h>

#define SNIFF_TEXT_WINDOW 65536

static magic_t magic_cookie;
static bool magic_failed;

void filetype_cleanup(void) {
    if (magic_cookie) magic_close(magic_cookie);
    magic_cookie = NULL;
}

static const char *libmagic_type(const uint8_t *p, size_t n) {
    if (magic_failed) return NULL;
    if (!magic_cookie) {
        magic_cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
                                  MAGIC_NO_CHECK_ENCODING | MAGIC_ERROR);
        if (!magic_cookie || magic_load(magic_cookie, NULL) != 0) {
            filetype_cleanup();
            magic_failed = true;
            return NULL;
        }
    }
    return magic_buffer(magic_cookie, p, n < SNIFF_TEXT_WINDOW ? n : SNIFF_TEXT_WINDOW);
}

static bool at(const uint8_t *p, size_t n, size_t off, const char *sig, size_t len) {
    return off + len <= n && memcmp(p + off, sig, len) == 0;
}

static uint32_t le32(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint32_t be32(const uint8_t *p) { return p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24; }

/* Case-insensitive search for an ASCII needle in the first bytes of p. */
static bool contains_ci(const uint8_t *p, size_t n, const char *needle) {
    size_t k = strlen(needle);
    if (n > SNIFF_TEXT_WINDOW) n = SNIFF_TEXT_WINDOW;
    for (size_t i = 0; i + k <= n; i++) {
        if (tolower(p[i]) != tolower((unsigned char)needle[0])) continue;
        if (!strncasecmp((const char *)p + i, needle, k)) return true;
    }
    return false;
}

static bool looks_like_text(const uint8_t *p, size_t n) {
    size_t m = n < 4096 ? n : 4096, bad = 0;
    for (size_t i = 0; i < m; i++)
        if (p[i] == 0 || (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' && p[i] != 0x1b && p[i] != 0x0c))
            bad++;
    return m > 0 && bad * 100 < m;
}

static bool looks_like_html(const uint8_t *p, size_t n) {
    size_t i = 0;
    if (at(p, n, 0, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && isspace(p[i])) i++;
    if (i >= n || p[i] != '<') return false;
    size_t window = n - i < 2048 ? n - i : 2048;
    static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body", "<script", "<form", "<meta", "<iframe"};
    for (size_t t = 0; t < ARRAY_LEN(tags); t++)
        if (contains_ci(p + i, window, tags[t])) return true;
    return false;
}

static void sniff_executables(const uint8_t *p, size_t n, file_type *out) {
    if (at(p, n, 0, "MZ", 2)) {
        out->kind = FK_EXECUTABLE;
        out->type = "mz";
        if (n >= 0x40) {
            uint32_t pe = le32(p + 0x3c);
            if (pe < n && n - pe >= 24 && at(p, n, pe, "PE\0\0", 4))
                out->type = (p[pe + 23] & 0x20) ? "pe-dll" : "pe";
        }
        return;
    }
    if (at(p, n, 0, "\x7f" "ELF", 4)) {
        out->kind = FK_EXECUTABLE, out->type = "elf";
        return;
    }
    if (n >= 4) {
        uint32_t m = be32(p);
        if (m == 0xfeedface || m == 0xfeedfacf || m == 0xcefaedfe || m == 0xcffaedfe) {
            out->kind = FK_EXECUTABLE, out->type = "mach-o";
            return;
        }
        /* 0xcafebabe is both a fat Mach-O and a Java class; the second word
         * tells: a handful of architectures versus a class-file version */
        if (m == 0xcafebabe && n >= 8) {
            uint32_t second = be32(p + 4);
            out->kind = FK_EXECUTABLE, out->type = second < 32 ? "mach-o" : "java-class";
            return;
        }
    }
    if (at(p, n, 0, "#!", 2)) out->kind = FK_SCRIPT, out->type = "shebang";
}

static void sniff_containers(const uint8_t *p, size_t n, file_type *out) {
    static const struct {
        size_t off;
        const char *sig;
        size_t len;
        file_kind kind;
        const char *type;
    } sigs[] = {
        {0, "PK\3\4", 4, FK_ARCHIVE, "zip"},
        {0, "PK\5\6", 4, FK_ARCHIVE, "zip"},
        {0, "PK\7\x08", 4, FK_ARCHIVE, "zip"},
        {0, "Rar!\x1a\x07", 6, FK_ARCHIVE, "rar"},
        {0, "7z\xbc\xaf\x27\x1c", 6, FK_ARCHIVE, "7z"},
        {0, "MSCF\0\0\0\0", 8, FK_ARCHIVE, "cab"},
        {0, "\x1f\x8b", 2, FK_ARCHIVE, "gzip"},
        {0, "BZh", 3, FK_ARCHIVE, "bzip2"},
        {0, "\xfd" "7zXZ\0", 6, FK_ARCHIVE, "xz"},
        {0, "\x28\xb5\x2f\xfd", 4, FK_ARCHIVE, "zstd"},
        {257, "ustar", 5, FK_ARCHIVE, "tar"},
        {0, "\x60\xea", 2, FK_ARCHIVE, "arj"},
        {7, "**ACE**", 7, FK_ARCHIVE, "ace"},
        {0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, FK_OFFICE, "ole2"},
        {0, "{\\rtf", 5, FK_OFFICE, "rtf"},
        {0, "\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d\xae\xb1\x53\x78\xd0\x29\x96\xd3", 16, FK_OFFICE, "onenote"},
        {0, "L\0\0\0\x01\x14\x02\0\0\0\0\0\xc0\0\0\0\0\0\0\x46", 20, FK_SHORTCUT, "lnk"},
        {0, "ITSF", 4, FK_SCRIPT, "chm"},
        {0, "conectix", 8, FK_DISK_IMAGE, "vhd"},
        {0, "vhdxfile", 8, FK_DISK_IMAGE, "vhdx"},
        {0x8001, "CD001", 5, FK_DISK_IMAGE, "iso"},
        {0x8801, "CD001", 5, FK_DISK_IMAGE, "iso"},
        {0x9001, "CD001", 5, FK_DISK_IMAGE, "iso"},
        {0x8001, "BEA01", 5, FK_DISK_IMAGE, "udf"},
        {0, "\x89PNG", 4, FK_IMAGE, "png"},
        {0, "\xff\xd8\xff", 3, FK_IMAGE, "jpeg"},
        {0, "GIF8", 4, FK_IMAGE, "gif"},
        {0, "II*\0", 4, FK_IMAGE, "tiff"},
        {0, "MM\0*", 4, FK_IMAGE, "tiff"},
    };
    for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
        if (at(p, n, sigs[i].off, sigs[i].sig, sigs[i].len)) {
            out->kind = sigs[i].kind;
            out->type = sigs[i].type;
            return;
        }
    /* LZH/LHA: the method id "-lh5-" sits at offset 2 of the first header */
    if (n >= 7 && p[2] == '-' && p[3] == 'l' && (p[4] == 'h' || p[4] == 'z') && p[6] == '-') {
        out->kind = FK_ARCHIVE, out->type = "lzh";
        return;
    }
    /* PDF: the header may follow some junk, within the first kilobyte */
    size_t window = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= window; i++)
        if (p[i] == '%' && !memcmp(p + i, "%PDF-", 5)) {
            out->kind = FK_PDF, out->type = "pdf";
            return;
        }
}

static void sniff_text(const uint8_t *p, size_t n, file_type *out) {
    if (!looks_like_text(p, n)) return;
    if (contains_ci(p, n, "<hta:application")) {
        out->kind = FK_SCRIPT, out->type = "hta";
        return;
    }
    if (looks_like_html(p, n)) {
        out->kind = FK_HTML, out->type = "html";
        return;
    }
    if (at(p, n, 0, "[InternetShortcut]", 18)) {
        out->kind = FK_SHORTCUT, out->type = "url-shortcut";
        return;
    }
    if (contains_ci(p, n, "<job") && contains_ci(p, n, "<script")) {
        out->kind = FK_SCRIPT, out->type = "wsf";
        return;
    }
    /* Windows Script Host objects: what JScript and VBScript droppers call */
    static const char *const wsh[] = {"wscript.shell", "activexobject(", "createobject(", "shell.application",
                                      "wscript.createobject", "scripting.filesystemobject"};
    for (size_t i = 0; i < ARRAY_LEN(wsh); i++)
        if (contains_ci(p, n, wsh[i])) {
            out->kind = FK_SCRIPT, out->type = "wsh-script";
            return;
        }
    if (contains_ci(p, n, "@echo off")) {
        out->kind = FK_SCRIPT, out->type = "batch";
        return;
    }
}

void filetype_sniff(const uint8_t *p, size_t n, bool use_magic, file_type *out) {
    out->kind = FK_UNKNOWN;
    out->type = "unknown";
    if (!n) {
        out->kind = FK_OTHER, out->type = "empty";
        return;
    }
    sniff_executables(p, n, out);
    if (out->kind == FK_UNKNOWN) sniff_containers(p, n, out);
    if (out->kind == FK_UNKNOWN) sniff_text(p, n, out);
    if (out->kind != FK_UNKNOWN) return;
    /* plain text needs no libmagic (its regexes are the slowest step of a mail) */
    if (looks_like_text(p, n)) {
        out->kind = FK_TEXT, out->type = "text";
        return;
    }
    const char *m = use_magic ? libmagic_type(p, n) : NULL;
    if (m) {
        out->type = m; /* static inside libmagic until the next call: copied by callers */
        if (!strncmp(m, "text/", 5)) out->kind = FK_TEXT;
        else if (!strncmp(m, "image/", 6)) out->kind = FK_IMAGE;
        else if (!strcmp(m, "application/x-dosexec") || !strcmp(m, "application/x-executable"))
            out->kind = FK_EXECUTABLE;
        else out->kind = FK_OTHER;
        return;
    }
    out->kind = FK_OTHER;
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

bool pe_shape(const uint8_t *p, size_t n, buf *out) {
    if (n < 0x40 || p[0] != 'M' || p[1] != 'Z') return false;
    uint32_t pe = le32(p + 0x3c);
    if (pe >= n || n - pe < 24 || memcmp(p + pe, "PE\0\0", 4) != 0) return false;
    const uint8_t *coff = p + pe + 4;
    unsigned sections = le16(coff + 2), opt_size = le16(coff + 16);
    buf_printf(out, "%x/%04x", le16(coff), le16(coff + 18));
    size_t opt = pe + 24;
    if (opt_size >= 72 && opt + 72 <= n) {
        const uint8_t *o = p + opt;
        buf_printf(out, "/%x/%u.%u/%u/%04x", le16(o), o[2], o[3], le16(o + 68), le16(o + 70));
    }
    size_t sec = opt + opt_size;
    buf_printf(out, "/%u", sections);
    for (unsigned i = 0; i < sections && i < 16 && sec + 40 <= n; i++, sec += 40) {
        char name[9] = {0};
        for (int k = 0; k < 8; k++) {
            unsigned char c = p[sec + k];
            name[k] = (char)(c >= 0x21 && c < 0x7f ? c : c ? '?' : 0);
        }
        buf_printf(out, "%s%s:%08x", i ? "," : "/", name, le32(p + sec + 36));
    }
    return true;
}

const char *file_extension(const char *name, char *ext, size_t extlen) {
    ext[0] = 0;
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '.')) n--;
    size_t dot = n;
    while (dot && name[dot - 1] != '.' && name[dot - 1] != '/' && name[dot - 1] != '\\') dot--;
    if (!dot || name[dot - 1] != '.') return ext;
    size_t k = 0;
    for (size_t i = dot; i < n && k + 1 < extlen; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 0x80 || !isalnum(c)) {
            k = 0; /* not an extension Windows would act on */
            break;
        }
        ext[k++] = (char)tolower(c);
    }
    ext[k] = 0;
    return ext;
}

typedef struct ext_kind {
    const char *ext;
    file_kind kind;
} ext_kind;

static const ext_kind extensions[] = {
    {"exe", FK_EXECUTABLE}, {"scr", FK_EXECUTABLE}, {"com", FK_EXECUTABLE}, {"pif", FK_EXECUTABLE},
    {"cpl", FK_EXECUTABLE}, {"msi", FK_EXECUTABLE}, {"msp", FK_EXECUTABLE}, {"dll", FK_EXECUTABLE},
    {"jar", FK_EXECUTABLE}, {"appx", FK_EXECUTABLE}, {"msix", FK_EXECUTABLE}, {"gadget", FK_EXECUTABLE},
    {"js", FK_SCRIPT}, {"jse", FK_SCRIPT}, {"vbs", FK_SCRIPT}, {"vbe", FK_SCRIPT}, {"wsf", FK_SCRIPT},
    {"wsh", FK_SCRIPT}, {"hta", FK_SCRIPT}, {"ps1", FK_SCRIPT}, {"psm1", FK_SCRIPT}, {"bat", FK_SCRIPT},
    {"cmd", FK_SCRIPT}, {"chm", FK_SCRIPT}, {"sct", FK_SCRIPT}, {"reg", FK_SCRIPT}, {"msc", FK_SCRIPT},
    {"vba", FK_SCRIPT}, {"inf", FK_SCRIPT}, {"scf", FK_SCRIPT}, {"xll", FK_SCRIPT},
    {"lnk", FK_SHORTCUT}, {"url", FK_SHORTCUT}, {"website", FK_SHORTCUT},
    {"iso", FK_DISK_IMAGE}, {"img", FK_DISK_IMAGE}, {"vhd", FK_DISK_IMAGE}, {"vhdx", FK_DISK_IMAGE},
    {"zip", FK_ARCHIVE}, {"lzh", FK_ARCHIVE}, {"lha", FK_ARCHIVE}, {"rar", FK_ARCHIVE}, {"7z", FK_ARCHIVE},
    {"cab", FK_ARCHIVE}, {"tar", FK_ARCHIVE}, {"gz", FK_ARCHIVE}, {"tgz", FK_ARCHIVE}, {"bz2", FK_ARCHIVE},
    {"xz", FK_ARCHIVE}, {"arj", FK_ARCHIVE}, {"ace", FK_ARCHIVE}, {"uue", FK_ARCHIVE},
    {"doc", FK_OFFICE}, {"docx", FK_OFFICE}, {"docm", FK_OFFICE}, {"dot", FK_OFFICE}, {"dotm", FK_OFFICE},
    {"xls", FK_OFFICE}, {"xlsx", FK_OFFICE}, {"xlsm", FK_OFFICE}, {"xlsb", FK_OFFICE}, {"xlam", FK_OFFICE},
    {"ppt", FK_OFFICE}, {"pptx", FK_OFFICE}, {"pptm", FK_OFFICE}, {"rtf", FK_OFFICE}, {"jtd", FK_OFFICE},
    {"jtdc", FK_OFFICE}, {"odt", FK_OFFICE}, {"ods", FK_OFFICE}, {"one", FK_OFFICE}, {"hwp", FK_OFFICE},
    {"pdf", FK_PDF},
    {"htm", FK_HTML}, {"html", FK_HTML}, {"shtml", FK_HTML}, {"xhtml", FK_HTML}, {"mht", FK_HTML},
    {"svg", FK_HTML},
    {"jpg", FK_IMAGE}, {"jpeg", FK_IMAGE}, {"png", FK_IMAGE}, {"gif", FK_IMAGE}, {"bmp", FK_IMAGE},
    {"tif", FK_IMAGE}, {"tiff", FK_IMAGE},
    {"txt", FK_TEXT}, {"csv", FK_TEXT}, {"log", FK_TEXT},
};

file_kind extension_kind(const char *ext) {
    if (!ext || !*ext) return FK_UNKNOWN;
    for (size_t i = 0; i < ARRAY_LEN(extensions); i++)
        if (!strcmp(extensions[i].ext, ext)) return extensions[i].kind;
    return FK_UNKNOWN;
}

bool extension_is_document(const char *ext) {
    file_kind k = extension_kind(ext);
    return k == FK_OFFICE || k == FK_PDF || k == FK_IMAGE || k == FK_TEXT;
}

const char *file_kind_name(file_kind k) {
    static const char *const names[] = {"unknown", "executable", "script", "shortcut", "disk-image", "archive",
                                        "office", "pdf", "html", "image", "text", "other"};
    return (size_t)k < ARRAY_LEN(names) ? names[k] : "unknown";
}
