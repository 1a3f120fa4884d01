/* zip.c - a stored (method 0) ZIP archive writer, enough for an attachment:
 * local file headers, the data, the central directory and the end record
 * (APPNOTE 6.3.x sections 4.3.7, 4.3.12, 4.3.16). Names are UTF-8 with
 * general-purpose flag bit 11 set; times are MS-DOS local time (JST); no
 * extra fields, so the bytes depend only on the inputs. */
#include "sim/mail/mail.h"
#include "sim/world.h"
#include "core/mtime.h"

#include <string.h>
#include <zlib.h>

static void le16(buf *b, uint32_t v) {
    uint8_t p[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    buf_put(b, p, 2);
}

static void le32(buf *b, uint32_t v) {
    uint8_t p[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    buf_put(b, p, 4);
}

static void dos_time(int64_t ms, uint16_t *date, uint16_t *time) {
    int64_t local = ms + JST_OFF_MS;
    int64_t days = local / DAY_MS, rem = local % DAY_MS;
    int64_t y;
    unsigned mo, d;
    civil_from_days(days, &y, &mo, &d);
    *date = (uint16_t)(((y - 1980) << 9) | (mo << 5) | d);
    *time = (uint16_t)(((rem / HOUR_MS) << 11) | ((rem / MIN_MS % 60) << 5) | (rem / 1000 % 60 / 2));
}

bool zip_write(buf *out, const archive_member *m, size_t n) {
    buf central = {0};
    uint32_t count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t name_len = strlen(m[i].name);
        if (name_len > 0xffff || m[i].len > 0xfffffffeu || out->len > 0xfffffffeu) {
            buf_free(&central);
            return false;
        }
        uint32_t crc = (uint32_t)crc32(0, m[i].data, (uInt)m[i].len);
        uint16_t date, time;
        dos_time(m[i].mtime_ms, &date, &time);
        uint32_t offset = (uint32_t)out->len;
        le32(out, 0x04034b50);
        le16(out, 20);              /* version needed */
        le16(out, 1u << 11);        /* UTF-8 names */
        le16(out, 0);               /* stored */
        le16(out, time);
        le16(out, date);
        le32(out, crc);
        le32(out, (uint32_t)m[i].len);
        le32(out, (uint32_t)m[i].len);
        le16(out, (uint32_t)name_len);
        le16(out, 0);
        buf_put(out, m[i].name, name_len);
        buf_put(out, m[i].data, m[i].len);

        le32(&central, 0x02014b50);
        le16(&central, 0x0314);     /* made by: Unix, 2.0 */
        le16(&central, 20);
        le16(&central, 1u << 11);
        le16(&central, 0);
        le16(&central, time);
        le16(&central, date);
        le32(&central, crc);
        le32(&central, (uint32_t)m[i].len);
        le32(&central, (uint32_t)m[i].len);
        le16(&central, (uint32_t)name_len);
        le16(&central, 0);          /* extra */
        le16(&central, 0);          /* comment */
        le16(&central, 0);          /* disk */
        le16(&central, 0);          /* internal attributes */
        le32(&central, 0100644u << 16);
        le32(&central, offset);
        buf_put(&central, m[i].name, name_len);
        count++;
    }
    uint32_t cd_offset = (uint32_t)out->len;
    buf_put(out, central.p, central.len);
    le32(out, 0x06054b50);
    le16(out, 0);
    le16(out, 0);
    le16(out, count);
    le16(out, count);
    le32(out, (uint32_t)central.len);
    le32(out, cd_offset);
    le16(out, 0);
    buf_free(&central);
    return true;
}
