/* filetype.h - what a file is, from its bytes, and what its name claims.
 *
 * filetype_sniff looks at magic numbers first (PE, ELF, Mach-O, shebangs, .lnk,
 * zip, LZH, RAR, 7z, CAB, ISO 9660, OLE2, PDF, RTF, HTML, images, ...), then at
 * script markers in text (WScript.Shell, <job>, <HTA:APPLICATION>), and only
 * for binary content that is still unknown asks libmagic. The name is judged separately
 * (extension_kind), because a disguise is exactly a name that disagrees with
 * the content. */
#ifndef MITSUKE_MAIL_FILETYPE_H
#define MITSUKE_MAIL_FILETYPE_H

#include "core/buf.h"
#include "mail/mail.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct file_type {
    file_kind kind;
    const char *type;   /* short, static: "pe", "zip", "lzh", "pdf", "text/plain" (libmagic), ... */
} file_type;

/* `use_magic`: ask libmagic when the bytes match nothing known. */
void filetype_sniff(const uint8_t *p, size_t n, bool use_magic, file_type *out);

/* The extension of a file name: after the last '.', lower-cased ASCII into
 * `ext` (at most extlen-1 bytes); "" when none. Trailing spaces and dots,
 * which Windows ignores, are skipped first. */
const char *file_extension(const char *name, char *ext, size_t extlen);
/* What Windows would do with an extension. FK_UNKNOWN when it means nothing. */
file_kind extension_kind(const char *ext);
/* Extensions of things people open without a second thought: documents,
 * images, text. */
bool extension_is_document(const char *ext);

/* The structure of a Windows program, for linking variants of one program
 * whose hashes differ (the idea of pehash): machine, characteristics,
 * optional-header magic, linker version, subsystem, DLL characteristics and
 * each section's name and characteristics ("14c/0102/10b/10.0/2/8140/.text:60000020,...").
 * Appends nothing and returns false when p is not a PE. */
bool pe_shape(const uint8_t *p, size_t n, buf *out);

void filetype_cleanup(void);   /* closes libmagic */

#endif
