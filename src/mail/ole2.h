/* ole2.h - a look inside OLE2 compound files (.doc, .xls, .ppt, .msi, .msg).
 *
 * Reads only the directory of the compound file ([MS-CFB]): the names of its
 * storages and streams and the root's class id. That is enough to tell a
 * document with VBA macros (a "VBA" or "_VBA_PROJECT_CUR" storage, Word 97's
 * "Macros"), an embedded package ("\1Ole10Native", "ObjectPool"), an
 * encrypted OOXML file ("EncryptedPackage") and a Windows Installer package
 * (the MSI class id). Every sector number is checked against the file size and
 * every chain walk is bounded, so a hostile file cannot loop or read outside. */
#ifndef MITSUKE_MAIL_OLE2_H
#define MITSUKE_MAIL_OLE2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ole2_info {
    bool valid;          /* the header and directory could be read */
    bool has_vba;        /* VBA project or Word 97 macros */
    bool has_object;     /* embedded OLE object or package */
    bool encrypted;      /* an encrypted OOXML package or RC4/CryptoAPI encryption stream */
    bool is_msi;         /* Windows Installer package or patch */
    const char *app;     /* "word", "excel", "powerpoint", "outlook-msg", "msi" or "ole2" */
    unsigned entries;    /* directory entries read */
} ole2_info;

bool ole2_inspect(const uint8_t *p, size_t n, ole2_info *out);

#endif
