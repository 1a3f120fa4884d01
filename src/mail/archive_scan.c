/* archive_scan.c - opening archives and disk images found in mail (C2).
 *
 * libarchive reads zip, LZH/LHA, RAR (4 and 5), 7z, CAB, ISO 9660, tar, cpio
 * and the single-file compressors (gzip, bzip2, xz, zstd) from memory. Each
 * member is read (up to a per-member limit) and goes through the same checks as
 * an attachment, which opens archives inside archives in turn.
 *
 * A zip that is really an Office document (OOXML: it holds
 * [Content_Types].xml) or a Java program (META-INF/MANIFEST.MF) is told apart
 * in a first pass over the names: an Office document is searched for a VBA
 * project, embedded objects and remote templates instead of being unpacked
 * member by member.
 *
 * Hostile archives are bounded by the mail's scan_budget: archive depth,
 * members per mail, bytes per member, bytes per mail, and the ratio of bytes
 * out to bytes in (a bomb). Reaching a bound records a reason and stops. */
#include "mail/analyze.h"
#include "core/lang.h"
#include "core/utf8.h"
#include "core/util.h"
#include "mail/charset.h"
#include "mail/filetype.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ARCHIVE_READ_CHUNK 65536
#define BOMB_MIN_BYTES (16u << 20)  /* below this, any ratio is fine (text compresses well) */
#define RELS_MAX_BYTES (1u << 20)

typedef enum { ARC_PLAIN, ARC_OOXML, ARC_JAR } archive_flavour;

/* `lha_charset`: the charset of LHA member names ("CP932"), or NULL for the
 * locale's (UTF-8). libarchive stops at an LHA name it cannot convert, so
 * lha_charset_for tries CP932 (Japanese LHA tools) and then UTF-8. */
static struct archive *open_reader(const char *type, const uint8_t *data, size_t n, const char *lha_charset) {
    struct archive *a = archive_read_new();
    if (!a) return NULL;
    archive_read_support_filter_all(a);
    bool compressor = !strcmp(type, "gzip") || !strcmp(type, "bzip2") || !strcmp(type, "xz") || !strcmp(type, "zstd");
    if (compressor) {
        /* a .tar.gz is a tar; anything else is one compressed file ("raw") */
        archive_read_support_format_tar(a);
        archive_read_support_format_raw(a);
    } else {
        archive_read_support_format_zip(a);
        archive_read_support_format_lha(a);
        archive_read_support_format_rar(a);
        archive_read_support_format_rar5(a);
        archive_read_support_format_7zip(a);
        archive_read_support_format_cab(a);
        archive_read_support_format_iso9660(a);
        archive_read_support_format_tar(a);
        archive_read_support_format_cpio(a);
        if (lha_charset) archive_read_set_format_option(a, "lha", "hdrcharset", lha_charset);
    }
    if (archive_read_open_memory(a, data, n) != ARCHIVE_OK) {
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* The member name as UTF-8: libarchive's UTF-8 form when the archive declared
 * one, else the raw bytes decoded the way mail text is (Japanese LZH and zip
 * files name members in CP932). */
static const char *member_name(struct archive_entry *e, arena *a) {
    const char *raw = archive_entry_pathname(e);
    const char *u8 = archive_entry_pathname_utf8(e);
    const char *src = raw ? raw : u8;
    if (!src) return "";
    if (u8 && raw && !utf8_valid(raw, strlen(raw)) && utf8_valid(u8, strlen(u8))) src = u8;
    buf out = {0};
    charset_decode(src, strlen(src), NULL, &out, NULL);
    const char *r = arena_strndup(a, out.p ? out.p : "", utf8_truncate(out.p ? out.p : "", out.len, 1024));
    buf_free(&out);
    return r;
}

static bool escapes_folder(const char *name) {
    if (name[0] == '/' || name[0] == '\\') return true;
    if (((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')) && name[1] == ':') return true;
    for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2) {
        bool starts = p == name || p[-1] == '/' || p[-1] == '\\';
        bool ends = p[2] == 0 || p[2] == '/' || p[2] == '\\';
        if (starts && ends) return true;
    }
    return false;
}

static const char *file_path(mail_report *r, int index) { return VEC_AT(&r->files, mail_file, (size_t)index).path; }

/* Zip first pass: is it an Office document or a Java program? */
static archive_flavour zip_flavour(const uint8_t *data, size_t n) {
    struct archive *a = open_reader("zip", data, n, NULL);
    if (!a) return ARC_PLAIN;
    archive_flavour fl = ARC_PLAIN;
    struct archive_entry *e;
    for (unsigned i = 0; i < 100000 && archive_read_next_header(a, &e) == ARCHIVE_OK; i++) {
        const char *name = archive_entry_pathname(e);
        if (!name) continue;
        if (!strcmp(name, "[Content_Types].xml")) {
            fl = ARC_OOXML;
            break;
        }
        if (!strcasecmp(name, "META-INF/MANIFEST.MF")) fl = ARC_JAR;
    }
    archive_read_free(a);
    return fl;
}

/* The charset under which every LHA header can be read: CP932, else UTF-8. */
static const char *lha_charset_for(const uint8_t *data, size_t n) {
    static const char *const tries[] = {"CP932", NULL};
    for (size_t t = 0; t < 2; t++) {
        struct archive *a = open_reader("lzh", data, n, tries[t]);
        if (!a) continue;
        struct archive_entry *e;
        int rc = ARCHIVE_EOF;
        unsigned count = 0;
        while (count++ < 100000 && (rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {}
        const char *msg = archive_error_string(a);
        bool unconvertible = rc != ARCHIVE_EOF && msg && strstr(msg, "cannot be converted");
        archive_read_free(a);
        if (!unconvertible) return tries[t];
    }
    return NULL;
}

typedef struct member_data {
    uint8_t *p;
    size_t len, cap;
    bool truncated;  /* stopped at the per-member limit */
    bool bomb;       /* stopped because the archive expands too far */
    const char *error;
} member_data;

/* Reads the current member, within the limits. */
static void read_member(struct archive *a, const mail_limits *lim, scan_budget *b, uint64_t *archive_out,
                        size_t archive_in, member_data *m) {
    m->len = 0;
    m->truncated = m->bomb = false;
    m->error = NULL;
    for (;;) {
        if (m->len >= lim->max_member_bytes) {
            m->truncated = true;
            return;
        }
        if (m->cap - m->len < ARCHIVE_READ_CHUNK) {
            m->cap = m->cap ? m->cap * 2 : 4 * ARCHIVE_READ_CHUNK;
            m->p = xrealloc(m->p, m->cap);
        }
        size_t want = ARCHIVE_READ_CHUNK;
        if (want > lim->max_member_bytes - m->len) want = (size_t)(lim->max_member_bytes - m->len);
        la_ssize_t got = archive_read_data(a, m->p + m->len, want);
        if (got < 0) {
            m->error = archive_error_string(a);
            if (!m->error) m->error = "read error";
            return;
        }
        if (got == 0) return;
        m->len += (size_t)got;
        *archive_out += (uint64_t)got;
        b->extracted += (uint64_t)got;
        if (b->extracted > lim->max_extracted_bytes) {
            b->bytes_exceeded = true;
            m->bomb = true;
            return;
        }
        if (*archive_out > BOMB_MIN_BYTES && *archive_out / (archive_in ? archive_in : 1) > lim->max_ratio) {
            m->bomb = true;
            return;
        }
    }
}

/* What an Office Open XML member is to the checks, from its path in the package. */
typedef enum { OOXML_OTHER, OOXML_VBA, OOXML_EMBEDDED, OOXML_RELS } ooxml_part;

static ooxml_part ooxml_part_of(const char *name) {
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t bl = strlen(base);
    if (!strcasecmp(base, "vbaProject.bin") || !strcasecmp(base, "vbaProjectSignature.bin")) return OOXML_VBA;
    if (strstr(name, "/embeddings/") || !strncasecmp(base, "oleObject", 9) || strstr(name, "/activeX/"))
        return OOXML_EMBEDDED;
    if (bl > 5 && !strcasecmp(base + bl - 5, ".rels")) return OOXML_RELS;
    return OOXML_OTHER;
}

/* Remote templates: <Relationship ... Target="http://evil/x.dotm" TargetMode="External"/>. */
static void ooxml_relationships(mail_report *r, int index, const member_data *m) {
    if (!m->len) return;
    const char *shown = file_path(r, index);
    const char *p = (const char *)m->p, *end = p + m->len;
    while (p < end) {
        const char *rel = memmem(p, (size_t)(end - p), "<Relationship ", 14);
        if (!rel) break;
        const char *close = memchr(rel, '>', (size_t)(end - rel));
        if (!close) break;
        size_t rl = (size_t)(close - rel);
        bool external = memmem(rel, rl, "TargetMode=\"External\"", 21) != NULL;
        bool loads = memmem(rel, rl, "attachedTemplate", 16) || memmem(rel, rl, "/oleObject\"", 11) ||
                     memmem(rel, rl, "/frame\"", 7) || memmem(rel, rl, "subDocument", 11);
        const char *t = memmem(rel, rl, "Target=\"", 8);
        if (external && loads && t) {
            t += 8;
            const char *q = memchr(t, '"', (size_t)(close - t));
            if (q) {
                char *target = arena_strndup(&r->mem, t, utf8_truncate(t, (size_t)(q - t), 300));
                mail_add_reason(r, R_ATT_REMOTE_TEMPLATE, index, shown, target);
            }
        }
        p = close + 1;
    }
}

void archive_scan(mail_analyzer *an, mail_report *r, scan_budget *b, int index, const uint8_t *data, size_t n) {
    const mail_limits *lim = &an->opt.limits;
    mail_file *f = &VEC_AT(&r->files, mail_file, (size_t)index);
    int depth = f->depth;
    const char *type = f->type;
    if ((unsigned)depth >= lim->max_archive_depth) {
        mail_add_reason(r, R_ARC_TOO_DEEP, index, f->path, NULL);
        return;
    }
    if (b->members_exceeded || b->bytes_exceeded) return; /* already reported for this mail */
    archive_flavour fl = !strcmp(type, "zip") ? zip_flavour(data, n) : ARC_PLAIN;
    if (fl == ARC_OOXML) {
        f->kind = FK_OFFICE;
        f->type = "ooxml";
    } else if (fl == ARC_JAR) {
        f->kind = FK_EXECUTABLE;
        f->type = "jar";
        mail_add_reason(r, R_ATT_EXECUTABLE, index, f->path, L("Java program", "Java プログラム"));
    }
    struct archive *a = open_reader(type, data, n, !strcmp(type, "lzh") ? lha_charset_for(data, n) : NULL);
    if (!a) {
        mail_add_reason(r, R_ARC_DAMAGED, index, f->path, L("cannot be opened", "開けません"));
        return;
    }
    const char *outer_name = f->name;
    member_data m = {0};
    uint64_t archive_out = 0;
    bool stop = false, encrypted_seen = false;
    struct archive_entry *e;
    for (;;) {
        int rc = archive_read_next_header(a, &e);
        if (rc == ARCHIVE_EOF) break;
        if (rc == ARCHIVE_FATAL || rc == ARCHIVE_RETRY) {
            const char *msg = archive_error_string(a);
            if (archive_read_has_encrypted_entries(a) > 0 || (msg && strcasestr(msg, "encrypt"))) encrypted_seen = true;
            else
                mail_add_reason(r, R_ARC_DAMAGED, index, file_path(r, index),
                                msg ? msg : L("cannot be read", "読めません"));
            break;
        }
        if (archive_entry_filetype(e) == AE_IFDIR) continue;
        if (b->members >= lim->max_members) {
            b->members_exceeded = true;
            char count[32];
            snprintf(count, sizeof count, "%u", lim->max_members);
            mail_add_reason(r, R_ARC_TOO_MANY_MEMBERS, index, file_path(r, index), count);
            break;
        }
        b->members++;
        const char *name = member_name(e, &r->mem);
        if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
            /* a compressed single file: it is the outer name without .gz */
            const char *dot = strrchr(outer_name, '.');
            name = dot ? arena_strndup(&r->mem, outer_name, (size_t)(dot - outer_name)) : outer_name;
        }
        uint64_t size = archive_entry_size_is_set(e) ? (uint64_t)archive_entry_size(e) : 0;
        bool encrypted = archive_entry_is_encrypted(e);
        if (encrypted) encrypted_seen = true;
        if (escapes_folder(name)) mail_add_reason(r, R_ARC_PATH_TRAVERSAL, index, file_path(r, index), name);
        if (size > BOMB_MIN_BYTES && size / (n ? n : 1) > lim->max_ratio) {
            mail_add_reason(r, R_ARC_BOMB, index, file_path(r, index), NULL);
            break;
        }
        if (fl == ARC_OOXML) {
            /* macros, embedded objects and remote templates; a macro project is
             * told by its name alone, so it is not read */
            ooxml_part part = ooxml_part_of(name);
            if (part == OOXML_VBA && !mail_has_reason(r, R_ATT_MACRO))
                mail_add_reason(r, R_ATT_MACRO, index, file_path(r, index), NULL);
            if (part != OOXML_EMBEDDED && (part != OOXML_RELS || size > RELS_MAX_BYTES)) continue;
            read_member(a, lim, b, &archive_out, n, &m);
            if (part == OOXML_RELS) {
                ooxml_relationships(r, index, &m);
            } else {
                mail_add_reason(r, R_ATT_OLE_OBJECT, index, file_path(r, index), NULL);
                attachment_check(an, r, b, name, NULL, m.p, m.len, m.truncated ? size : m.len, index, depth + 1, false);
            }
        } else if (encrypted || archive_entry_filetype(e) != AE_IFREG) {
            attachment_check(an, r, b, name, NULL, NULL, 0, size, index, depth + 1, encrypted);
            continue;
        } else {
            read_member(a, lim, b, &archive_out, n, &m);
            if (m.error && !m.len) {
                if (archive_read_has_encrypted_entries(a) > 0 || strcasestr(m.error, "encrypt") ||
                    strcasestr(m.error, "passphrase")) {
                    encrypted_seen = true;
                    attachment_check(an, r, b, name, NULL, NULL, 0, size, index, depth + 1, true);
                } else {
                    mail_add_reason(r, R_ARC_DAMAGED, index, file_path(r, index), m.error);
                    stop = true;
                }
            } else {
                attachment_check(an, r, b, name, NULL, m.p, m.len, m.truncated ? size : m.len, index, depth + 1,
                                 false);
                if (m.error) {
                    mail_add_reason(r, R_ARC_DAMAGED, index, file_path(r, index), m.error);
                    stop = true;
                }
            }
        }
        if (m.bomb) {
            mail_add_reason(r, R_ARC_BOMB, index, file_path(r, index), NULL);
            stop = true;
        }
        if (stop) break;
    }
    if (!encrypted_seen && archive_read_has_encrypted_entries(a) > 0) encrypted_seen = true;
    if (encrypted_seen) {
        mail_file *af = &VEC_AT(&r->files, mail_file, (size_t)index);
        af->encrypted = true;
        mail_add_reason(r, R_ATT_ENCRYPTED, index, af->path, NULL);
    }
    free(m.p);
    archive_read_free(a);
}
