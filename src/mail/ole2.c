/* ole2.c - reading the directory of a compound file; see ole2.h.
 *
 * Layout ([MS-CFB] 2.2): a 512-byte header, then sectors of 512 or 4096 bytes.
 * The header lists the first 109 FAT sectors (the DIFAT); longer files chain
 * more DIFAT sectors. The FAT maps each sector to the next of its chain. The
 * directory is a chain of 128-byte entries whose names are UTF-16LE. */
#include "mail/ole2.h"

#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define OLE2_MAX_FAT_SECTORS 65536u
#define OLE2_MAX_DIR_ENTRIES 65536u
#define ENDOFCHAIN 0xfffffffeu

static uint32_t le32(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

typedef struct cfb {
    const uint8_t *p;
    size_t n;
    size_t sector_size;
    uint32_t sectors;      /* sectors present in the file */
    uint32_t *fat_sectors; /* where the FAT lives */
    uint32_t fat_count;
} cfb;

static const uint8_t *sector(const cfb *c, uint32_t s) {
    if (s >= c->sectors) return NULL;
    return c->p + (size_t)(s + 1) * c->sector_size;
}

/* The FAT entry for sector s (the next sector of its chain). */
static uint32_t fat_next(const cfb *c, uint32_t s) {
    size_t per = c->sector_size / 4;
    uint32_t idx = (uint32_t)(s / per);
    if (idx >= c->fat_count) return ENDOFCHAIN;
    const uint8_t *fs = sector(c, c->fat_sectors[idx]);
    return fs ? le32(fs + (s % per) * 4) : ENDOFCHAIN;
}

static bool load_fat_sectors(cfb *c, uint32_t fat_count, uint32_t difat_first) {
    if (fat_count > OLE2_MAX_FAT_SECTORS || fat_count > c->sectors) return false;
    uint32_t *list = xmalloc((fat_count ? fat_count : 1) * sizeof *list);
    uint32_t got = 0;
    for (uint32_t i = 0; i < 109 && got < fat_count; i++) list[got++] = le32(c->p + 0x4c + i * 4);
    /* further DIFAT sectors: each holds sector_size/4 - 1 entries and the next link */
    uint32_t s = difat_first, hops = 0;
    size_t per = c->sector_size / 4 - 1;
    while (got < fat_count && s < c->sectors && hops++ < c->sectors) {
        const uint8_t *d = sector(c, s);
        if (!d) break;
        for (size_t i = 0; i < per && got < fat_count; i++) list[got++] = le32(d + i * 4);
        s = le32(d + per * 4);
    }
    c->fat_sectors = list;
    c->fat_count = got;
    return got > 0;
}

/* Copies an entry name (UTF-16LE) as ASCII, other characters as '?';
 * the first character may be a control code (\1Ole10Native, \5Summary...). */
static void entry_name(const uint8_t *e, char *out, size_t outlen) {
    unsigned len = le16(e + 0x40);
    if (len > 64) len = 64;
    size_t k = 0;
    for (unsigned i = 0; i + 1 < len && k + 1 < outlen; i += 2) {
        uint16_t ch = le16(e + i);
        if (!ch) break;
        out[k++] = ch < 0x80 ? (char)ch : '?';
    }
    out[k] = 0;
}

static bool name_is(const char *name, const char *want) {
    for (; *name && *want; name++, want++) {
        char a = *name, b = *want;
        if (a >= 'a' && a <= 'z') a = (char)(a - 32);
        if (b >= 'a' && b <= 'z') b = (char)(b - 32);
        if (a != b) return false;
    }
    return !*name && !*want;
}

static void note_entry(ole2_info *out, const char *name, unsigned type) {
    if ((type == 1 && (name_is(name, "VBA") || name_is(name, "_VBA_PROJECT_CUR") || name_is(name, "Macros"))) ||
        (type == 2 && name_is(name, "_VBA_PROJECT")))
        out->has_vba = true;
    if (name_is(name, "\x01Ole10Native") || name_is(name, "ObjectPool") || name_is(name, "\x01Ole")) out->has_object = true;
    if (name_is(name, "EncryptedPackage") || name_is(name, "EncryptionInfo")) out->encrypted = true;
    if (!strcmp(out->app, "ole2")) {
        if (name_is(name, "WordDocument")) out->app = "word";
        else if (name_is(name, "Workbook") || name_is(name, "Book")) out->app = "excel";
        else if (name_is(name, "PowerPoint Document")) out->app = "powerpoint";
        else if (!strncmp(name, "__substg1.0_", 12)) out->app = "outlook-msg";
    }
}

bool ole2_inspect(const uint8_t *p, size_t n, ole2_info *out) {
    memset(out, 0, sizeof *out);
    out->app = "ole2";
    if (n < 512 || memcmp(p, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) != 0) return false;
    unsigned shift = le16(p + 0x1e);
    if (shift != 9 && shift != 12) return false;
    cfb c = {.p = p, .n = n, .sector_size = (size_t)1 << shift};
    if (n < c.sector_size) return false;
    size_t total = n / c.sector_size - 1; /* the header occupies sector "-1" (padded to a sector in v4) */
    c.sectors = total > 0x7fffffff ? 0x7fffffff : (uint32_t)total;
    bool loaded = load_fat_sectors(&c, le32(p + 0x2c), le32(p + 0x44));
    if (!loaded) {
        free(c.fat_sectors);
        return false;
    }

    uint32_t s = le32(p + 0x30);
    size_t per = c.sector_size / 128;
    unsigned hops = 0;
    bool root = true;
    while (s < c.sectors && hops++ <= c.sectors && out->entries < OLE2_MAX_DIR_ENTRIES) {
        const uint8_t *d = sector(&c, s);
        if (!d) break;
        for (size_t i = 0; i < per; i++) {
            const uint8_t *e = d + i * 128;
            unsigned type = e[0x42];
            if (type == 0) continue; /* unused slot */
            char name[40];
            entry_name(e, name, sizeof name);
            if (root && type == 5) {
                static const uint8_t msi[16] = {0x84, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00,
                                                0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};
                static const uint8_t msp[16] = {0x86, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00,
                                                0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};
                if (!memcmp(e + 0x50, msi, 16) || !memcmp(e + 0x50, msp, 16)) {
                    out->is_msi = true;
                    out->app = "msi";
                }
            }
            root = false;
            out->entries++;
            note_entry(out, name, type);
        }
        s = fat_next(&c, s);
    }
    free(c.fat_sectors);
    out->valid = out->entries > 0;
    return out->valid;
}
