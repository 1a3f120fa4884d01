/* lha.c - a minimal LHA (.lzh) archive writer: level-2 headers, method
 * -lh0- (stored, no compression). No Debian library writes LHA, and the
 * simulated attack mails of 2015 carried .lzh attachments, so here it is.
 *
 * Each member is a level-2 header followed by the data:
 *
 *   off size field
 *     0    2  total header size (LE), including extended headers
 *     2    5  method "-lh0-"
 *     7    4  compressed size (LE) = original size for -lh0-
 *    11    4  original size (LE)
 *    15    4  time stamp: Unix time (UTC), LE
 *    19    1  reserved, 0x20
 *    20    1  header level, 2
 *    21    2  CRC-16 of the file data (LE)
 *    23    1  OS id, 'M' (MS-DOS/Windows)
 *    24    2  size of the first extended header
 *    26       extended headers: type (1 byte), data, size of the next one (2)
 *             0x01 file name (bytes, Shift_JIS as Japanese LHA tools write it)
 *             0x00 common header: CRC-16 of the whole header, computed with
 *                  this field zero
 *             the last "size of next" is 0
 *
 * If the total header size would have 0x00 as its low byte, a padding byte
 * is appended to the header (a first byte of 0 means "end of archive"). The
 * archive ends with a single 0x00 byte. CRC-16 is the ARC/LHA one
 * (polynomial 0xA001 reflected, initial value 0). */
#include "sim/mail/mail.h"

#include <string.h>

uint16_t lha_crc16(const uint8_t *p, size_t n, uint16_t crc) {
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (uint16_t)(crc & 1 ? (crc >> 1) ^ 0xa001 : crc >> 1);
    }
    return crc;
}

static void le16(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

bool lha_write(buf *out, const archive_member *m, size_t n) {
    for (size_t i = 0; i < n; i++) {
        buf name = {0};
        if (!utf8_to_charset(m[i].name, strlen(m[i].name), "CP932", &name) || name.len > 1000 ||
            m[i].len > 0xffffffffu) {
            buf_free(&name);
            return false;
        }
        uint8_t h[1200];
        size_t common = 26;                      /* base header */
        size_t name_ext = 1 + name.len + 2;      /* type + name + next size */
        size_t crc_ext = 1 + 2 + 2;              /* type + CRC + next size */
        size_t total = common + name_ext + crc_ext;
        bool pad = (total & 0xff) == 0;
        if (pad) total++;
        memset(h, 0, sizeof h);
        le16(h, (uint32_t)total);
        memcpy(h + 2, "-lh0-", 5);
        le32(h + 7, (uint32_t)m[i].len);
        le32(h + 11, (uint32_t)m[i].len);
        le32(h + 15, (uint32_t)(m[i].mtime_ms / 1000));
        h[19] = 0x20;
        h[20] = 2;
        le16(h + 21, lha_crc16(m[i].data, m[i].len, 0));
        h[23] = 'M';
        le16(h + 24, (uint32_t)name_ext);
        size_t o = 26;
        h[o++] = 0x01;
        memcpy(h + o, name.p, name.len);
        o += name.len;
        le16(h + o, (uint32_t)crc_ext);
        o += 2;
        size_t crc_at = o + 1;
        h[o++] = 0x00;
        o += 2;                                   /* CRC, filled below */
        le16(h + o, 0);
        o += 2;
        if (pad) h[o++] = 0;
        le16(h + crc_at, lha_crc16(h, o, 0));
        buf_put(out, h, o);
        buf_put(out, m[i].data, m[i].len);
        buf_free(&name);
    }
    buf_putc(out, 0);
    return true;
}
