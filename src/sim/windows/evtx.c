/* evtx.c - the .evtx writer; see evtx.h for the layout.
 *
 * Binary XML tokens used: 0x0f fragment header (0f 01 01 00), 0x01/0x41 open
 * start element (flag 0x40: has attributes; then a 2-byte dependency id 0xffff,
 * the element's size, the name's offset), 0x06/0x46 attribute (0x40: more
 * follow), 0x02 close start element, 0x03 close empty element, 0x04 end
 * element, 0x05 text value (type 0x01, UTF-16LE), 0x0e optional substitution
 * (index, type: a NULL value drops the attribute or empties the element), 0x0c
 * template instance, 0x00 end of fragment. A name is stored once per chunk:
 * next offset, 16-bit hash (h = h * 65599 + c), length, UTF-16LE, NUL; where a
 * name's offset equals the position just after the offset field, the name
 * follows inline. A template definition (next offset, GUID, size, fragment)
 * follows its first instance the same way. A template instance's values
 * (count, size/type descriptors, data; strings without a NUL) end with 0x00,
 * also inside embedded binary XML. Records are padded to 8 bytes. */
#include "sim/windows/evtx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    TOK_EOF = 0x00, TOK_OPEN = 0x01, TOK_CLOSE_START = 0x02, TOK_CLOSE_EMPTY = 0x03, TOK_END = 0x04,
    TOK_VALUE = 0x05, TOK_ATTR = 0x06, TOK_TEMPLATE = 0x0c, TOK_OPTIONAL_SUB = 0x0e, TOK_FRAGMENT = 0x0f,
    TOK_MORE = 0x40,
};
enum {
    T_NULL = 0x00, T_STRING = 0x01, T_UINT8 = 0x04, T_UINT16 = 0x06, T_UINT32 = 0x08, T_UINT64 = 0x0a,
    T_GUID = 0x0f, T_FILETIME = 0x11, T_SID = 0x13, T_HEX32 = 0x14, T_HEX64 = 0x15, T_BINXML = 0x21,
};

/* Chunk header fields. */
enum {
    CH_FIRST_NUMBER = 8, CH_LAST_NUMBER = 16, CH_FIRST_ID = 24, CH_LAST_ID = 32, CH_HEADER_SIZE = 40,
    CH_LAST_RECORD = 44, CH_FREE = 48, CH_RECORDS_CRC = 52, CH_FLAGS = 120, CH_CRC = 124, CH_STRINGS = 128,
    CH_TEMPLATES = 384,
};

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v) { wr16(p, (uint16_t)v), wr16(p + 2, (uint16_t)(v >> 16)); }
static void wr64(uint8_t *p, uint64_t v) { wr32(p, (uint32_t)v), wr32(p + 4, (uint32_t)(v >> 32)); }

/* ---- writing into a chunk, remembering when it overflowed ---- */

typedef struct out {
    uint8_t *c;     /* the chunk */
    uint32_t pos;
    bool full;
} out;

static uint8_t *room(out *o, size_t n) {
    if (o->full || o->pos + n > EVTX_CHUNK_SIZE) {
        o->full = true;
        return NULL;
    }
    uint8_t *p = o->c + o->pos;
    o->pos += (uint32_t)n;
    return p;
}
static void put8(out *o, uint8_t v) { uint8_t *p = room(o, 1); if (p) *p = v; }
static void put16(out *o, uint16_t v) { uint8_t *p = room(o, 2); if (p) wr16(p, v); }
static void put32(out *o, uint32_t v) { uint8_t *p = room(o, 4); if (p) wr32(p, v); }
static void put64(out *o, uint64_t v) { uint8_t *p = room(o, 8); if (p) wr64(p, v); }
static void put_bytes(out *o, const void *v, size_t n) { uint8_t *p = room(o, n); if (p) memcpy(p, v, n); }
/* Sets the 32-bit size at `at` to the bytes written since at + 4. */
static void patch_size32(out *o, uint32_t at) { if (!o->full) wr32(o->c + at, o->pos - at - 4); }

/* ---- UTF-8 to UTF-16LE ---- */

/* Next code point of s (advanced); invalid bytes become U+FFFD. */
static uint32_t next_cp(const unsigned char **s) {
    const unsigned char *p = *s;
    uint32_t c = *p++;
    int more = c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : c < 0x80 ? 0 : -1;
    if (more < 0) {
        *s = p;
        return 0xfffd;
    }
    if (more) c &= 0x3fu >> more;
    for (int i = 0; i < more; i++, p++) {
        if ((*p & 0xc0) != 0x80) {
            *s = p;
            return 0xfffd;
        }
        c = c << 6 | (*p & 0x3f);
    }
    *s = p;
    if ((more == 2 && c < 0x800) || (more == 3 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c < 0xe000))
        return 0xfffd;
    return c;
}

static size_t utf16_units(const char *s) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) n += next_cp(&p) >= 0x10000 ? 2 : 1;
    return n;
}

static void put_utf16(out *o, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t c = next_cp(&p);
        if (c >= 0x10000) {
            c -= 0x10000;
            put16(o, (uint16_t)(0xd800 + (c >> 10)));
            put16(o, (uint16_t)(0xdc00 + (c & 0x3ff)));
        } else {
            put16(o, (uint16_t)c);
        }
    }
}

/* ---- typed values ---- */

typedef struct value {
    uint8_t type;
    const char *text;       /* T_STRING, T_SID, T_GUID */
    uint64_t num;           /* numbers, times */
} value;

static bool parse_dec(const char *s, uint64_t max, uint64_t *v) {
    if (!*s || (s[0] == '0' && s[1]) || strlen(s) > 20) return false;
    uint64_t x = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || x > (max - (uint64_t)(*s - '0')) / 10) return false;
        x = x * 10 + (uint64_t)(*s - '0');
    }
    *v = x;
    return true;
}

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "0x3e7": 1 to `digits` hex digits. */
static bool parse_hex(const char *s, size_t digits, uint64_t *v) {
    if (s[0] != '0' || s[1] != 'x' || !s[2] || strlen(s + 2) > digits) return false;
    uint64_t x = 0;
    for (s += 2; *s; s++) {
        int h = hexval(*s);
        if (h < 0) return false;
        x = x << 4 | (uint64_t)h;
    }
    *v = x;
    return true;
}

/* S-1-5-21-...: revision, count, 48-bit authority (big endian), sub-authorities. */
static int sid_bytes(const char *s, uint8_t out16[68]) {
    if (strncmp(s, "S-1-", 4)) return -1;
    const char *p = s + 4;
    uint64_t auth, sub[15];
    int n = 0;
    char part[24];
    size_t k = strcspn(p, "-");
    if (k == 0 || k >= sizeof part) return -1;
    memcpy(part, p, k), part[k] = 0;
    if (!parse_dec(part, 0xffffffffffffull, &auth)) return -1;
    p += k;
    while (*p == '-') {
        p++;
        k = strcspn(p, "-");
        if (k == 0 || k >= sizeof part || n == 15) return -1;
        memcpy(part, p, k), part[k] = 0;
        if (!parse_dec(part, 0xffffffffu, &sub[n++])) return -1;
        p += k;
    }
    if (*p) return -1;
    out16[0] = 1, out16[1] = (uint8_t)n;
    for (int i = 0; i < 6; i++) out16[2 + i] = (uint8_t)(auth >> (8 * (5 - i)));
    for (int i = 0; i < n; i++) wr32(out16 + 8 + 4 * i, (uint32_t)sub[i]);
    return 8 + 4 * n;
}

/* {01234567-89ab-cdef-0123-456789abcdef}: Data1, Data2, Data3 little endian. */
static bool guid_bytes(const char *s, uint8_t g[16]) {
    static const int group[] = {8, 4, 4, 4, 12};
    uint8_t raw[16];
    int k = 0;
    if (strlen(s) != 38 || s[0] != '{' || s[37] != '}') return false;
    const char *p = s + 1;
    for (int gi = 0; gi < 5; gi++) {
        for (int i = 0; i < group[gi]; i += 2, p += 2) {
            int hi = hexval(p[0]), lo = hexval(p[1]);
            if (hi < 0 || lo < 0) return false;
            raw[k++] = (uint8_t)(hi << 4 | lo);
        }
        if (gi < 4 && *p++ != '-') return false;
    }
    g[0] = raw[3], g[1] = raw[2], g[2] = raw[1], g[3] = raw[0], g[4] = raw[5], g[5] = raw[4], g[6] = raw[7],
    g[7] = raw[6];
    memcpy(g + 8, raw + 8, 8);
    return true;
}

/* The type Windows gives an EventData field, if the text converts to it. */
static uint8_t data_type(const char *name, const char *text) {
    static const struct {
        const char *name;
        uint8_t type;
    } known[] = {
        {"SubjectUserSid", T_SID}, {"TargetUserSid", T_SID}, {"TargetSid", T_SID}, {"ServiceSid", T_SID},
        {"MemberSid", T_SID}, {"MandatoryLabel", T_SID}, {"UserSid", T_SID},
        {"SubjectLogonId", T_HEX64}, {"TargetLogonId", T_HEX64}, {"TargetLinkedLogonId", T_HEX64},
        {"ProcessId", T_HEX64}, {"NewProcessId", T_HEX64},
        {"Status", T_HEX32}, {"SubStatus", T_HEX32}, {"TicketOptions", T_HEX32},
        {"TicketEncryptionType", T_HEX32}, {"ServiceType", T_HEX32},
        {"LogonGuid", T_GUID}, {"TargetLogonGuid", T_GUID},
        {"LogonType", T_UINT32}, {"KeyLength", T_UINT32}, {"ServiceStartType", T_UINT32},
    };
    if (!*text) return T_STRING;   /* empty: a string of size 0, so <Data Name="X"/> stays */
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(known[i].name, name)) continue;
        uint64_t v;
        uint8_t sid[68], g[16];
        switch (known[i].type) {
        case T_SID: return sid_bytes(text, sid) > 0 ? T_SID : T_STRING;
        case T_HEX64: return parse_hex(text, 16, &v) ? T_HEX64 : T_STRING;
        case T_HEX32: return parse_hex(text, 8, &v) ? T_HEX32 : T_STRING;
        case T_GUID: return guid_bytes(text, g) ? T_GUID : T_STRING;
        case T_UINT32: return parse_dec(text, 0xffffffffu, &v) ? T_UINT32 : T_STRING;
        }
    }
    return T_STRING;
}

static value data_value(const char *name, const char *text) {
    value v = {.type = data_type(name, text), .text = text};
    if (v.type == T_HEX32 || v.type == T_HEX64) parse_hex(text, 16, &v.num);
    else if (v.type == T_UINT32) parse_dec(text, 0xffffffffu, &v.num);
    return v;
}

static uint16_t value_size(const value *v) {
    uint8_t sid[68];
    switch (v->type) {
    case T_NULL: return 0;
    case T_STRING: {
        size_t n = utf16_units(v->text) * 2;   /* no NUL, as Windows writes them */
        return (uint16_t)(n > 0xfffe ? 0xfffe : n);   /* oversized: the chunk cannot hold it anyway */
    }
    case T_UINT8: return 1;
    case T_UINT16: return 2;
    case T_UINT32: case T_HEX32: return 4;
    case T_GUID: return 16;
    case T_SID: return (uint16_t)sid_bytes(v->text, sid);
    default: return 8;
    }
}

static void put_value(out *o, const value *v) {
    uint8_t tmp[68];
    switch (v->type) {
    case T_NULL: break;
    case T_STRING:
        if (utf16_units(v->text) * 2 > 0xfffc) o->full = true;
        put_utf16(o, v->text);
        break;
    case T_UINT8: put8(o, (uint8_t)v->num); break;
    case T_UINT16: put16(o, (uint16_t)v->num); break;
    case T_UINT32: case T_HEX32: put32(o, (uint32_t)v->num); break;
    case T_GUID: guid_bytes(v->text, tmp), put_bytes(o, tmp, 16); break;
    case T_SID: put_bytes(o, tmp, (size_t)sid_bytes(v->text, tmp)); break;
    default: put64(o, v->num);
    }
}

/* ---- names and templates, found through the chunk header's tables ---- */

static uint16_t name_hash(const char *s) {
    uint32_t h = 0;
    for (; *s; s++) h = h * 65599 + (unsigned char)*s;
    return (uint16_t)h;
}

static bool name_equals(const uint8_t *c, uint32_t off, const char *s, size_t len) {
    if (rd16(c + off + 6) != len) return false;
    for (size_t i = 0; i < len; i++)
        if (rd16(c + off + 8 + 2 * i) != (unsigned char)s[i]) return false;
    return true;
}

/* Writes the 4-byte name offset, and the name itself the first time in the
 * chunk. Names are ASCII. */
static void put_name(out *o, const char *s) {
    size_t len = strlen(s);
    uint16_t h = name_hash(s);
    uint8_t *bucket = o->c + CH_STRINGS + 4 * (h % 64);
    for (uint32_t off = rd32(bucket); off; off = rd32(o->c + off))
        if (rd16(o->c + off + 4) == h && name_equals(o->c, off, s, len)) {
            put32(o, off);
            return;
        }
    uint32_t at = o->pos + 4;
    put32(o, at);
    put32(o, rd32(bucket));
    put16(o, h);
    put16(o, (uint16_t)len);
    for (size_t i = 0; i < len; i++) put16(o, (unsigned char)s[i]);
    put16(o, 0);
    if (!o->full) wr32(bucket, at);
}

/* Opens an element; returns where its size goes (for elem_done). */
static uint32_t elem_open(out *o, const char *name, bool attrs) {
    put8(o, attrs ? TOK_OPEN | TOK_MORE : TOK_OPEN);
    put16(o, 0xffff);
    uint32_t size_at = o->pos;
    put32(o, 0);
    put_name(o, name);
    return size_at;
}
static void elem_done(out *o, uint32_t size_at) { patch_size32(o, size_at); }

static void put_text(out *o, const char *s) {
    put8(o, TOK_VALUE);
    put8(o, T_STRING);
    put16(o, (uint16_t)utf16_units(s));
    put_utf16(o, s);
}

static void put_sub(out *o, uint16_t index, uint8_t type) {
    put8(o, TOK_OPTIONAL_SUB);
    put16(o, index);
    put8(o, type);
}

/* <name>substitution</name> */
static void sub_elem(out *o, const char *name, uint16_t index, uint8_t type) {
    uint32_t s = elem_open(o, name, false);
    put8(o, TOK_CLOSE_START);
    put_sub(o, index, type);
    put8(o, TOK_END);
    elem_done(o, s);
}

typedef struct attr {
    const char *name;
    const char *literal;    /* text, or NULL for a substitution */
    uint16_t index;
    uint8_t type;
} attr;

/* <name a="..." .../> */
static void empty_elem(out *o, const char *name, const attr *a, int n) {
    uint32_t s = elem_open(o, name, n > 0);
    if (n > 0) {
        uint32_t list = o->pos;
        put32(o, 0);
        for (int i = 0; i < n; i++) {
            put8(o, i + 1 < n ? TOK_ATTR | TOK_MORE : TOK_ATTR);
            put_name(o, a[i].name);
            if (a[i].literal) put_text(o, a[i].literal);
            else put_sub(o, a[i].index, a[i].type);
        }
        patch_size32(o, list);
    }
    put8(o, TOK_CLOSE_EMPTY);
    elem_done(o, s);
}

/* 128-bit FNV-1a pair over the template's shape: its identifier. */
typedef struct hash128 {
    uint64_t a, b;
} hash128;
static void hash_str(hash128 *h, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s;; p++) {
        h->a = (h->a ^ *p) * 0x100000001b3ull;
        h->b = (h->b ^ *p) * 0x100000001b3ull + 0x9e37;
        if (!*p) break;
    }
}

typedef void (*template_body)(out *o, const void *ctx);

/* A template instance: a reference to the chunk's definition of `guid`, or
 * the definition itself the first time. */
static void put_template(out *o, const uint8_t guid[16], template_body body, const void *ctx) {
    put8(o, TOK_TEMPLATE);
    put8(o, 1);
    put_bytes(o, guid, 4);
    uint8_t *bucket = o->c + CH_TEMPLATES + 4 * (rd32(guid) % 32);
    for (uint32_t off = rd32(bucket); off; off = rd32(o->c + off))
        if (!memcmp(o->c + off + 4, guid, 16)) {
            put32(o, off);
            return;
        }
    uint32_t def = o->pos + 4;
    put32(o, def);
    put32(o, rd32(bucket));
    put_bytes(o, guid, 16);
    uint32_t size_at = o->pos;
    put32(o, 0);
    body(o, ctx);
    patch_size32(o, size_at);
    if (!o->full) wr32(bucket, def);
}

static void fragment_header(out *o) {
    put8(o, TOK_FRAGMENT);
    put8(o, 1);
    put8(o, 1);
    put8(o, 0);
}

/* Value indexes of the <System> template, as Windows numbers them. */
enum {
    V_LEVEL, V_OPCODE, V_TASK, V_EVENT_ID, V_QUALIFIERS, V_KEYWORDS, V_TIME, V_ACTIVITY, V_PROCESS, V_THREAD,
    V_RECORD_ID, V_VERSION, V_USER, V_RELATED, V_PROVIDER, V_PROVIDER_GUID, V_CHANNEL, V_EVENT_DATA,
    V_EVENT_SOURCE, V_COUNT
};

static void system_body(out *o, const void *ctx) {
    const char *computer = ctx;
    fragment_header(o);
    uint32_t ev = elem_open(o, "Event", true);
    uint32_t list = o->pos;
    put32(o, 0);
    put8(o, TOK_ATTR);
    put_name(o, "xmlns");
    put_text(o, "http://schemas.microsoft.com/win/2004/08/events/event");
    patch_size32(o, list);
    put8(o, TOK_CLOSE_START);
    uint32_t sys = elem_open(o, "System", false);
    put8(o, TOK_CLOSE_START);
    const attr provider[] = {{"Name", NULL, V_PROVIDER, T_STRING},
                             {"Guid", NULL, V_PROVIDER_GUID, T_GUID},
                             {"EventSourceName", NULL, V_EVENT_SOURCE, T_STRING}};
    empty_elem(o, "Provider", provider, 3);
    uint32_t id = elem_open(o, "EventID", true);
    list = o->pos;
    put32(o, 0);
    put8(o, TOK_ATTR);
    put_name(o, "Qualifiers");
    put_sub(o, V_QUALIFIERS, T_UINT16);
    patch_size32(o, list);
    put8(o, TOK_CLOSE_START);
    put_sub(o, V_EVENT_ID, T_UINT16);
    put8(o, TOK_END);
    elem_done(o, id);
    sub_elem(o, "Version", V_VERSION, T_UINT8);
    sub_elem(o, "Level", V_LEVEL, T_UINT8);
    sub_elem(o, "Task", V_TASK, T_UINT16);
    sub_elem(o, "Opcode", V_OPCODE, T_UINT8);
    sub_elem(o, "Keywords", V_KEYWORDS, T_HEX64);
    const attr time[] = {{"SystemTime", NULL, V_TIME, T_FILETIME}};
    empty_elem(o, "TimeCreated", time, 1);
    sub_elem(o, "EventRecordID", V_RECORD_ID, T_UINT64);
    const attr corr[] = {{"ActivityID", NULL, V_ACTIVITY, T_GUID}, {"RelatedActivityID", NULL, V_RELATED, T_GUID}};
    empty_elem(o, "Correlation", corr, 2);
    const attr exec[] = {{"ProcessID", NULL, V_PROCESS, T_UINT32}, {"ThreadID", NULL, V_THREAD, T_UINT32}};
    empty_elem(o, "Execution", exec, 2);
    sub_elem(o, "Channel", V_CHANNEL, T_STRING);
    uint32_t comp = elem_open(o, "Computer", false);
    put8(o, TOK_CLOSE_START);
    put_text(o, computer);
    put8(o, TOK_END);
    elem_done(o, comp);
    const attr sec[] = {{"UserID", NULL, V_USER, T_SID}};
    empty_elem(o, "Security", sec, 1);
    put8(o, TOK_END);
    elem_done(o, sys);
    put_sub(o, V_EVENT_DATA, T_BINXML);
    put8(o, TOK_END);
    elem_done(o, ev);
    put8(o, TOK_EOF);
}

typedef struct data_shape {
    const evtx_event *e;
    const value *v;
} data_shape;

static void data_body(out *o, const void *ctx) {
    const data_shape *d = ctx;
    fragment_header(o);
    uint32_t ed = elem_open(o, "EventData", false);
    if (d->e->n == 0) {
        put8(o, TOK_CLOSE_EMPTY);
    } else {
        put8(o, TOK_CLOSE_START);
        for (int i = 0; i < d->e->n; i++) {
            uint32_t s = elem_open(o, "Data", true);
            uint32_t list = o->pos;
            put32(o, 0);
            put8(o, TOK_ATTR);
            put_name(o, "Name");
            put_text(o, d->e->name[i]);
            patch_size32(o, list);
            put8(o, TOK_CLOSE_START);
            put_sub(o, (uint16_t)i, d->v[i].type);
            put8(o, TOK_END);
            elem_done(o, s);
        }
        put8(o, TOK_END);
    }
    elem_done(o, ed);
    put8(o, TOK_EOF);
}

static void guid_of(hash128 h, uint8_t guid[16]) {
    wr64(guid, h.a);
    wr64(guid + 8, h.b);
}

/* The values array of a template instance: count, descriptors, data. */
static void put_values(out *o, const value *v, int n) {
    put32(o, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        put16(o, value_size(&v[i]));
        put8(o, v[i].type);
        put8(o, 0);
    }
    for (int i = 0; i < n; i++) put_value(o, &v[i]);
}

/* <EventData> as embedded binary XML: its own fragment and template. */
static void put_event_data(out *o, const evtx_event *e) {
    value v[EVTX_MAX_FIELDS];
    hash128 h = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull};
    char id[16];
    snprintf(id, sizeof id, "data %u", (unsigned)e->event_id);
    hash_str(&h, id);
    for (int i = 0; i < e->n; i++) {
        v[i] = data_value(e->name[i], e->value[i]);
        char t[4];
        snprintf(t, sizeof t, "%u", v[i].type);
        hash_str(&h, e->name[i]);
        hash_str(&h, t);
    }
    uint8_t guid[16];
    guid_of(h, guid);
    fragment_header(o);
    data_shape d = {e, v};
    put_template(o, guid, data_body, &d);
    put_values(o, v, e->n);
    put8(o, TOK_EOF);
}

void evtx_chunk_init(uint8_t *c) {
    memset(c, 0, EVTX_CHUNK_SIZE);
    memcpy(c, "ElfChnk", 8);
    wr32(c + CH_HEADER_SIZE, 128);
    wr32(c + CH_FREE, EVTX_CHUNK_HEADER_SIZE);
}

uint64_t evtx_chunk_first_id(const uint8_t *c) { return rd64(c + CH_FIRST_ID); }
uint64_t evtx_chunk_last_id(const uint8_t *c) { return rd64(c + CH_LAST_ID); }

uint64_t evtx_chunk_records(const uint8_t *c) {
    if (rd32(c + CH_FREE) <= EVTX_CHUNK_HEADER_SIZE) return 0;
    return rd64(c + CH_LAST_NUMBER) - rd64(c + CH_FIRST_NUMBER) + 1;
}

bool evtx_chunk_add(uint8_t *c, const evtx_event *e) {
    if (e->n < 0 || e->n > EVTX_MAX_FIELDS) return false;
    uint8_t saved[EVTX_CHUNK_HEADER_SIZE];
    memcpy(saved, c, sizeof saved);
    uint32_t start = rd32(c + CH_FREE);
    out o = {c, start, false};
    put32(&o, 0x00002a2a);
    put32(&o, 0);
    put64(&o, e->record_id);
    put64(&o, e->filetime);
    fragment_header(&o);
    hash128 h = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull};
    hash_str(&h, "system");
    hash_str(&h, e->computer);
    uint8_t guid[16];
    guid_of(h, guid);
    put_template(&o, guid, system_body, e->computer);

    value v[V_COUNT];
    memset(v, 0, sizeof v);
    v[V_LEVEL] = (value){.type = T_UINT8, .num = e->level};
    v[V_OPCODE] = (value){.type = T_UINT8, .num = e->opcode};
    v[V_TASK] = (value){.type = T_UINT16, .num = e->task};
    v[V_EVENT_ID] = (value){.type = T_UINT16, .num = e->event_id};
    if (e->qualifiers >= 0) v[V_QUALIFIERS] = (value){.type = T_UINT16, .num = (uint64_t)e->qualifiers};
    v[V_KEYWORDS] = (value){.type = T_HEX64, .num = e->keywords};
    v[V_TIME] = (value){.type = T_FILETIME, .num = e->filetime};
    v[V_PROCESS] = (value){.type = T_UINT32, .num = e->process_id};
    v[V_THREAD] = (value){.type = T_UINT32, .num = e->thread_id};
    v[V_RECORD_ID] = (value){.type = T_UINT64, .num = e->record_id};
    v[V_VERSION] = (value){.type = T_UINT8, .num = e->version};
    v[V_PROVIDER] = (value){.type = T_STRING, .text = e->provider};
    uint8_t g[16];
    if (e->provider_guid && guid_bytes(e->provider_guid, g)) v[V_PROVIDER_GUID] = (value){.type = T_GUID, .text = e->provider_guid};
    v[V_CHANNEL] = (value){.type = T_STRING, .text = e->channel};
    v[V_EVENT_DATA] = (value){.type = T_BINXML};
    if (e->event_source) v[V_EVENT_SOURCE] = (value){.type = T_STRING, .text = e->event_source};

    /* descriptors, with the embedded <EventData>'s size patched in after */
    put32(&o, V_COUNT);
    uint32_t data_desc = 0;
    for (int i = 0; i < V_COUNT; i++) {
        if (i == V_EVENT_DATA) data_desc = o.pos;
        put16(&o, i == V_EVENT_DATA ? 0 : value_size(&v[i]));
        put8(&o, v[i].type);
        put8(&o, 0);
    }
    for (int i = 0; i < V_COUNT; i++) {
        if (i != V_EVENT_DATA) {
            put_value(&o, &v[i]);
            continue;
        }
        uint32_t from = o.pos;
        put_event_data(&o, e);
        if (o.pos - from > 0xffff) o.full = true;
        if (!o.full) wr16(c + data_desc, (uint16_t)(o.pos - from));
    }
    put8(&o, TOK_EOF);
    while (!o.full && (o.pos + 4 - start) % 8) put8(&o, 0);
    put32(&o, o.pos + 4 - start);
    /* libevtx skips a record that ends at the very end of the chunk */
    if (o.pos > EVTX_CHUNK_SIZE - 8) o.full = true;
    if (o.full) {
        memcpy(c, saved, sizeof saved);
        memset(c + start, 0, EVTX_CHUNK_SIZE - start);
        return false;
    }
    wr32(c + start + 4, o.pos - start);
    if (start == EVTX_CHUNK_HEADER_SIZE) {
        wr64(c + CH_FIRST_NUMBER, e->record_id);
        wr64(c + CH_FIRST_ID, e->record_id);
    }
    wr64(c + CH_LAST_NUMBER, e->record_id);
    wr64(c + CH_LAST_ID, e->record_id);
    wr32(c + CH_LAST_RECORD, start);
    wr32(c + CH_FREE, o.pos);
    return true;
}

static uint32_t records_crc(const uint8_t *c) {
    uint32_t free_at = rd32(c + CH_FREE);
    if (free_at < EVTX_CHUNK_HEADER_SIZE || free_at > EVTX_CHUNK_SIZE) free_at = EVTX_CHUNK_HEADER_SIZE;
    return evtx_records_crc(c, free_at);
}

void evtx_chunk_seal(uint8_t *c) {
    wr32(c + CH_RECORDS_CRC, records_crc(c));
    wr32(c + CH_CRC, evtx_chunk_header_crc(c));
}

bool evtx_chunk_crc_ok(const uint8_t *c) {
    return !memcmp(c, "ElfChnk", 8) && rd32(c + CH_RECORDS_CRC) == records_crc(c) && rd32(c + CH_CRC) == evtx_chunk_header_crc(c);
}

/* Where the value `index` of the record's outer template instance starts,
 * or 0 (and its size and type through the pointers). */
static uint32_t find_value(const uint8_t *c, uint32_t rec, uint32_t end, int index, uint16_t *size, uint8_t *type) {
    uint32_t p = rec + 24;
    if (p + 14 > end || c[p] != TOK_FRAGMENT || c[p + 4] != TOK_TEMPLATE) return 0;
    uint32_t def = rd32(c + p + 10);
    p += 14;
    if (def == p) {
        if (p + 24 > end) return 0;
        p += 24 + rd32(c + p + 20);
    }
    if (p + 4 > end) return 0;
    uint32_t n = rd32(c + p);
    if ((uint32_t)index >= n || p + 4 + 4 * n > end) return 0;
    uint32_t data = p + 4 + 4 * n;
    for (int i = 0; i < index; i++) data += rd16(c + p + 4 + 4 * i);
    *size = rd16(c + p + 4 + 4 * index);
    *type = c[p + 4 + 4 * index + 2];
    return data + *size <= end ? data : 0;
}

bool evtx_chunk_renumber(uint8_t *c, uint64_t first_id, int64_t shift) {
    uint32_t free_at = rd32(c + CH_FREE), off = EVTX_CHUNK_HEADER_SIZE, last = 0;
    uint64_t id = first_id;
    if (free_at > EVTX_CHUNK_SIZE) return false;
    for (; off < free_at; id++) {
        uint32_t size = rd32(c + off + 4);
        if (rd32(c + off) != 0x00002a2a || size < 28 || off + size > free_at) return false;
        uint16_t vs;
        uint8_t vt;
        uint32_t at = find_value(c, off, off + size, V_RECORD_ID, &vs, &vt);
        if (!at || vs != 8 || vt != T_UINT64) return false;
        wr64(c + at, id);
        at = find_value(c, off, off + size, V_TIME, &vs, &vt);
        if (!at || vs != 8 || vt != T_FILETIME) return false;
        wr64(c + at, rd64(c + at) + (uint64_t)shift);
        wr64(c + off + 8, id);
        wr64(c + off + 16, rd64(c + off + 16) + (uint64_t)shift);
        last = off;
        off += size;
    }
    if (last) {
        wr64(c + CH_FIRST_NUMBER, first_id);
        wr64(c + CH_FIRST_ID, first_id);
        wr64(c + CH_LAST_NUMBER, id - 1);
        wr64(c + CH_LAST_ID, id - 1);
    }
    evtx_chunk_seal(c);
    return true;
}

void evtx_file_header(uint8_t *h, uint64_t chunks, uint64_t next_record_id) {
    memset(h, 0, EVTX_HEADER_SIZE);
    memcpy(h, "ElfFile", 8);
    wr64(h + 8, 0);
    wr64(h + 16, chunks ? chunks - 1 : 0);
    wr64(h + 24, next_record_id);
    wr32(h + 32, 128);
    wr16(h + 36, 1);
    wr16(h + 38, 3);
    wr16(h + 40, EVTX_HEADER_SIZE);
    wr16(h + 42, (uint16_t)chunks);
    wr32(h + 124, evtx_file_header_crc(h));
}

/* ---- files ---- */

static void file_fail(evtx_file *f, const char *what) {
    if (!f->failed) f->failed = what, f->error = errno ? errno : EIO;
}

const char *evtx_file_error(const evtx_file *f, char *msg, size_t len) {
    snprintf(msg, len, "%s: %s: %s", f->path ? f->path : "(evtx)", f->failed ? f->failed : "ok",
             f->failed ? strerror(f->error) : "");
    return msg;
}

static bool write_at(evtx_file *f, const uint8_t *p, size_t n, uint64_t off) {
    if (f->failed) return false;
    errno = 0;
    int fd = open(f->path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        file_fail(f, "open");
        return false;
    }
    bool ok = pwrite(fd, p, n, (off_t)off) == (ssize_t)n;
    if (!ok) file_fail(f, "write");
    if (close(fd) != 0 && ok) {
        file_fail(f, "close");
        ok = false;
    }
    return ok;
}

static uint64_t chunk_offset(uint64_t index) { return EVTX_HEADER_SIZE + index * EVTX_CHUNK_SIZE; }

bool evtx_file_open(evtx_file *f, const char *path) {
    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    f->next_record_id = 1;
    errno = 0;
    int fd = f->path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
    if (fd < 0) {
        file_fail(f, "create");
        return false;
    }
    close(fd);
    uint8_t h[EVTX_HEADER_SIZE];
    evtx_file_header(h, 0, 1);
    if (!write_at(f, h, sizeof h, 0)) return false;
    f->bytes = sizeof h;
    return true;
}

/* The chunk being filled, in memory (read back if parked). */
static bool load_chunk(evtx_file *f) {
    if (f->chunk) return true;
    f->chunk = malloc(EVTX_CHUNK_SIZE);
    if (!f->chunk) {
        errno = ENOMEM;
        file_fail(f, "chunk");
        return false;
    }
    if (!f->chunks) {
        evtx_chunk_init(f->chunk);
        f->chunks = 1;
        return true;
    }
    /* parked: its header and records are on disk, the rest is zeros */
    errno = 0;
    memset(f->chunk, 0, EVTX_CHUNK_SIZE);
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? pread(fd, f->chunk, EVTX_CHUNK_SIZE, (off_t)chunk_offset(f->chunks - 1)) : -1;
    bool ok = n >= EVTX_CHUNK_HEADER_SIZE && (size_t)n >= rd32(f->chunk + CH_FREE);
    if (fd >= 0) close(fd);
    if (!ok) file_fail(f, "read back");
    return ok;
}

/* Writes the chunk being filled: whole, or (parking) only its header and
 * records, the rest being zeros already or a hole that reads as zeros. */
static bool flush_chunk(evtx_file *f, bool whole) {
    evtx_chunk_seal(f->chunk);
    size_t n = whole ? EVTX_CHUNK_SIZE : rd32(f->chunk + CH_FREE);
    return write_at(f, f->chunk, n, chunk_offset(f->chunks - 1));
}

bool evtx_file_add(evtx_file *f, const evtx_event *e) {
    if (f->failed || !load_chunk(f)) return false;
    if (evtx_chunk_add(f->chunk, e)) goto added;
    if (evtx_chunk_records(f->chunk) == 0) {
        errno = EFBIG;
        file_fail(f, "record larger than a chunk");
        return false;
    }
    if (!flush_chunk(f, true)) return false;
    if (f->chunks >= 0xffff) {
        errno = EFBIG;
        file_fail(f, "more than 65535 chunks");
        return false;
    }
    f->bytes += EVTX_CHUNK_SIZE;
    f->chunks++;
    evtx_chunk_init(f->chunk);
    if (!evtx_chunk_add(f->chunk, e)) {
        errno = EFBIG;
        file_fail(f, "record larger than a chunk");
        return false;
    }
added:
    f->records++;
    f->next_record_id = e->record_id + 1;
    return true;
}

void evtx_file_park(evtx_file *f) {
    if (!f->chunk) return;
    flush_chunk(f, false);
    free(f->chunk);
    f->chunk = NULL;
}

/* The file's length set to its chunks: the unused end of the last one is a
 * hole, zeros to readers and no disk space for the thousands of files of a
 * large simulation. */
static bool set_length(evtx_file *f) {
    errno = 0;
    int fd = open(f->path, O_WRONLY | O_CLOEXEC);
    bool ok = fd >= 0 && ftruncate(fd, (off_t)chunk_offset(f->chunks)) == 0;
    if (!ok) file_fail(f, "truncate");
    if (fd >= 0) close(fd);
    return ok;
}

bool evtx_file_close(evtx_file *f) {
    if (f->chunks && !f->failed && load_chunk(f) && flush_chunk(f, false) && set_length(f)) f->bytes += EVTX_CHUNK_SIZE;
    uint8_t h[EVTX_HEADER_SIZE];
    evtx_file_header(h, f->chunks, f->next_record_id);
    if (!f->failed) write_at(f, h, sizeof h, 0);
    free(f->chunk);
    f->chunk = NULL;
    return !f->failed;
}

void evtx_file_free(evtx_file *f) {
    free(f->chunk);
    free(f->path);
    f->chunk = NULL;
    f->path = NULL;
}
