/* test_evtx.c - the .evtx reader on small chunks built byte by byte here:
 * templates defined inline and then used again by offset (with the names
 * from the chunk's string table), substitutions of each value type rendered
 * as text, the libevtx mistakes we do not copy (negative integers, a lone
 * high surrogate, text before a substitution), optional values left out,
 * arrays repeating their element, nested templates in BinXml values,
 * UserData; hostile sizes and offsets (past the record, past the chunk, a
 * template that contains itself, elements too deep, a token explosion); and
 * the file level: checksums, damage reports and records kept. */
#include "formats/evtx.h"
#include "formats/evtx_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h> /* after the headers it needs */

/* ---- a chunk builder ---- */

#define NAMES_MAX 64

typedef struct bld {
    uint8_t c[EVTX_CHUNK_SIZE];
    uint32_t n;
    const char *name[NAMES_MAX];
    uint32_t name_off[NAMES_MAX];
    int nnames;
} bld;

static bld B;

static void b_init(bld *b) {
    memset(b, 0, sizeof *b);
    b->n = 512;
}
static void b8(bld *b, unsigned v) { b->c[b->n++] = (uint8_t)v; }
static void b16(bld *b, unsigned v) { b8(b, v & 0xff), b8(b, (v >> 8) & 0xff); }
static void b32(bld *b, uint32_t v) { b16(b, v & 0xffff), b16(b, v >> 16); }
static void b64(bld *b, uint64_t v) { b32(b, (uint32_t)v), b32(b, (uint32_t)(v >> 32)); }
static void bmem(bld *b, const void *p, size_t n) {
    if (n) memcpy(b->c + b->n, p, n);
    b->n += (uint32_t)n;
}
static void put32(bld *b, uint32_t at, uint32_t v) {
    uint32_t save = b->n;
    b->n = at;
    b32(b, v);
    b->n = save;
}
static void butf16(bld *b, const char *s) {
    for (; *s; s++) b16(b, (unsigned char)*s);
}

/* A name: inline on first use, by offset after that (the string table). */
static void bname(bld *b, const char *s) {
    for (int i = 0; i < b->nnames; i++)
        if (!strcmp(b->name[i], s)) {
            b32(b, b->name_off[i]);
            return;
        }
    uint32_t at = b->n + 4;
    b->name[b->nnames] = s;
    b->name_off[b->nnames++] = at;
    b32(b, at);
    b32(b, 0);
    b16(b, 0);
    b16(b, (unsigned)strlen(s));
    butf16(b, s);
    b16(b, 0);
}

static void frag(bld *b) { b8(b, 0x0f), b8(b, 1), b8(b, 1), b8(b, 0); }
static void el_open(bld *b, const char *name, bool attrs) {
    b8(b, attrs ? 0x41 : 0x01);
    b16(b, 0xffff);
    b32(b, 0); /* data size: not used by the reader */
    bname(b, name);
    if (attrs) b32(b, 0);
}
static void attr(bld *b, const char *name, bool more) {
    b8(b, more ? 0x46 : 0x06);
    bname(b, name);
}
static void text(bld *b, const char *s) {
    b8(b, 0x05), b8(b, 0x01), b16(b, (unsigned)strlen(s));
    butf16(b, s);
}
static void sub(bld *b, unsigned idx, unsigned type, bool optional) {
    b8(b, optional ? 0x0e : 0x0d);
    b16(b, idx);
    b8(b, type);
}
static void close_start(bld *b) { b8(b, 0x02); }
static void close_empty(bld *b) { b8(b, 0x03); }
static void el_end(bld *b) { b8(b, 0x04); }
/* <NAME>sub(idx)</NAME> */
static void el_sub(bld *b, const char *name, unsigned idx, unsigned type) {
    el_open(b, name, false);
    close_start(b);
    sub(b, idx, type, false);
    el_end(b);
}
/* <Data Name="NAME">sub(idx)</Data> */
static void data_sub(bld *b, const char *name, unsigned idx, unsigned type, bool optional) {
    el_open(b, "Data", true);
    attr(b, "Name", false);
    text(b, name);
    close_start(b);
    sub(b, idx, type, optional);
    el_end(b);
}

/* Template instance header; returns the template's offset. The body is
 * written by the caller between tmpl_begin and tmpl_end when inline. */
static uint32_t tmpl_begin(bld *b, uint32_t existing, uint32_t *size_at) {
    b8(b, 0x0c), b8(b, 1), b32(b, 0x1234);
    if (existing) {
        b32(b, existing);
        *size_at = 0;
        return existing;
    }
    uint32_t def = b->n + 4;
    b32(b, def);
    b32(b, 0);
    for (int i = 0; i < 16; i++) b8(b, (unsigned)i);
    *size_at = b->n;
    b32(b, 0);
    frag(b);
    return def;
}
static void tmpl_end(bld *b, uint32_t size_at) {
    if (!size_at) return;
    b8(b, 0x00);
    put32(b, size_at, b->n - size_at - 4);
}

typedef struct val {
    uint8_t type;
    const void *p;
    uint16_t n;
} val;

static void values(bld *b, const val *v, unsigned n) {
    b32(b, n);
    for (unsigned i = 0; i < n; i++) b16(b, v[i].n), b8(b, v[i].type), b8(b, 0);
    for (unsigned i = 0; i < n; i++) bmem(b, v[i].p, v[i].n);
}

/* The common head of the test template: value 0 EventID (uint16), 1
 * TimeCreated (FILETIME), 2 EventRecordID (uint64); then `data` writes the
 * EventData children. */
static void event_body(bld *b, void (*data)(bld *)) {
    el_open(b, "Event", false);
    close_start(b);
    el_open(b, "System", false);
    close_start(b);
    el_open(b, "Provider", true);
    attr(b, "Name", false);
    text(b, "Test-Provider");
    close_empty(b);
    el_sub(b, "EventID", 0, EVTX_T_UINT16);
    el_open(b, "TimeCreated", true);
    attr(b, "SystemTime", false);
    sub(b, 1, EVTX_T_FILETIME, false);
    close_empty(b);
    el_sub(b, "EventRecordID", 2, EVTX_T_UINT64);
    el_open(b, "Channel", false);
    close_start(b);
    text(b, "Security");
    el_end(b);
    el_open(b, "Computer", false);
    close_start(b);
    text(b, "pc1.example");
    el_end(b);
    el_end(b); /* System */
    data(b);
    el_end(b); /* Event */
}

static uint16_t u16v[1] = {4688};
static uint64_t ft_v[1] = {132700000001234567ULL}; /* 2021-07-05T23:06:40.1234567Z */
static uint64_t rid_v[1] = {77};

static unsigned head_values(val *v) {
    v[0] = (val){EVTX_T_UINT16, u16v, 2};
    v[1] = (val){EVTX_T_FILETIME, ft_v, 8};
    v[2] = (val){EVTX_T_UINT64, rid_v, 8};
    return 3;
}

/* ---- decoding helpers ---- */

static evtx_decoder *D;
static event EV;
static const char *WHY;

static bool decode(bld *b, uint32_t at, uint32_t end) {
    evtx_decoder_chunk(D, b->c, EVTX_CHUNK_SIZE);
    memset(&EV, 0, sizeof EV);
    bool have_time = false;
    WHY = NULL;
    bool ok = evtx_decode_record(D, at, end, &EV, &have_time, &WHY);
    if (!ok) assert_non_null(WHY);
    return ok;
}

static void expect_pair(unsigned i, const char *name, const char *value) {
    const win_event *w = &EV.u.win;
    assert_true(i < w->ndata);
    char n[128], v[512];
    snprintf(n, sizeof n, "%.*s", (int)w->data[i].name.n, w->data[i].name.p);
    snprintf(v, sizeof v, "%.*s", (int)w->data[i].value.n, w->data[i].value.p);
    assert_string_equal(n, name);
    assert_string_equal(v, value);
}

static int setup(void **state) {
    (void)state;
    D = evtx_decoder_new();
    return 0;
}
static int teardown(void **state) {
    (void)state;
    evtx_decoder_free(D);
    return 0;
}

/* ---- value types ---- */

static void types_data(bld *b) {
    el_open(b, "EventData", false);
    close_start(b);
    static const char *names[] = {"Str", "Int8", "Int16", "Int32", "Int64", "UInt32", "UInt64", "Hex32", "Hex64",
                                  "Bool", "Guid", "Sid", "FileTime", "SysTime", "Binary", "Real64", "Ansi",
                                  "LoneHigh", "SizeT", "Real32"};
    static const uint8_t types[] = {EVTX_T_STRING, EVTX_T_INT8, EVTX_T_INT16, EVTX_T_INT32, EVTX_T_INT64,
                                    EVTX_T_UINT32, EVTX_T_UINT64, EVTX_T_HEX32, EVTX_T_HEX64, EVTX_T_BOOL,
                                    EVTX_T_GUID, EVTX_T_SID, EVTX_T_FILETIME, EVTX_T_SYSTIME, EVTX_T_BINARY,
                                    EVTX_T_REAL64, EVTX_T_ANSI, EVTX_T_STRING, EVTX_T_SIZET, EVTX_T_REAL32};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) data_sub(b, names[i], 3 + i, types[i], false);
    /* text, then a substitution, then text, in one element */
    el_open(b, "Data", true);
    attr(b, "Name", false);
    text(b, "Mixed");
    close_start(b);
    b8(b, 0x45), b8(b, 0x01), b16(b, 4), butf16(b, "pre-");
    sub(b, 3, EVTX_T_STRING, false);
    text(b, "-post");
    el_end(b);
    el_end(b);
}

static const uint8_t str_v[] = {'h', 0, 0xe9, 0, '&', 0, 0xe5, 0x65, 0x3d, 0xd8, 0x00, 0xde, 0, 0}; /* hé&日😀 */
static const int8_t i8_v = -5;
static const int16_t i16_v = -1234;
static const int32_t i32_v = -123456789;
static const int64_t i64_v = -1234567890123LL;
static const uint32_t u32_v = 4000000000u;
static const uint64_t u64_v = 18446744073709551615ULL;
static const uint32_t h32_v = 0x1f;
static const uint64_t h64_v = 0x8080000000000000ULL;
static const uint32_t bool_v = 1;
static const uint8_t guid_v[16] = {0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde,
                                   0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
static const uint8_t sid_v[] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0}; /* S-1-5-32-544 */
static const uint64_t ft2_v = 132700000001234567ULL;
static const uint16_t st_v[8] = {2020, 2, 6, 29, 23, 59, 58, 999};
static const uint8_t bin_v[] = {0x00, 0x01, 0xab, 0xff};
static const double r64_v = -2.25;
static const char ansi_v[] = "caf\xe9 \x80";
static const uint8_t lone_v[] = {'a', 0, 0x00, 0xd8, 'b', 0}; /* a, lone high surrogate, b */
static const uint64_t sizet_v = 4660;
static const float r32_v = 1.5f;

static uint32_t write_types_record(bld *b, uint32_t tmpl, uint32_t *def_out) {
    uint32_t at = b->n;
    frag(b);
    uint32_t size_at;
    uint32_t def = tmpl_begin(b, tmpl, &size_at);
    if (!tmpl) event_body(b, types_data);
    tmpl_end(b, size_at);
    val v[32];
    unsigned n = head_values(v);
    v[n++] = (val){EVTX_T_STRING, str_v, sizeof str_v};
    v[n++] = (val){EVTX_T_INT8, &i8_v, 1};
    v[n++] = (val){EVTX_T_INT16, &i16_v, 2};
    v[n++] = (val){EVTX_T_INT32, &i32_v, 4};
    v[n++] = (val){EVTX_T_INT64, &i64_v, 8};
    v[n++] = (val){EVTX_T_UINT32, &u32_v, 4};
    v[n++] = (val){EVTX_T_UINT64, &u64_v, 8};
    v[n++] = (val){EVTX_T_HEX32, &h32_v, 4};
    v[n++] = (val){EVTX_T_HEX64, &h64_v, 8};
    v[n++] = (val){EVTX_T_BOOL, &bool_v, 4};
    v[n++] = (val){EVTX_T_GUID, guid_v, 16};
    v[n++] = (val){EVTX_T_SID, sid_v, sizeof sid_v};
    v[n++] = (val){EVTX_T_FILETIME, &ft2_v, 8};
    v[n++] = (val){EVTX_T_SYSTIME, st_v, 16};
    v[n++] = (val){EVTX_T_BINARY, bin_v, sizeof bin_v};
    v[n++] = (val){EVTX_T_REAL64, &r64_v, 8};
    v[n++] = (val){EVTX_T_ANSI, ansi_v, (uint16_t)strlen(ansi_v)};
    v[n++] = (val){EVTX_T_STRING, lone_v, sizeof lone_v};
    v[n++] = (val){EVTX_T_SIZET, &sizet_v, 8};
    v[n++] = (val){EVTX_T_REAL32, &r32_v, 4};
    values(b, v, n);
    b8(b, 0x00);
    if (def_out) *def_out = def;
    return at;
}

static void check_types(void) {
    const win_event *w = &EV.u.win;
    assert_int_equal(w->event_id, 4688);
    assert_int_equal(w->record_id, 77);
    assert_true(sv_eq(w->channel, SV("Security")));
    assert_true(sv_eq(w->computer, SV("pc1.example")));
    assert_true(sv_eq(w->provider, SV("Test-Provider")));
    assert_int_equal(w->ndata, 21);
    expect_pair(0, "Str", "h\xc3\xa9&\xe6\x97\xa5\xf0\x9f\x98\x80");
    expect_pair(1, "Int8", "-5");
    expect_pair(2, "Int16", "-1234");
    expect_pair(3, "Int32", "-123456789");
    expect_pair(4, "Int64", "-1234567890123");
    expect_pair(5, "UInt32", "4000000000");
    expect_pair(6, "UInt64", "18446744073709551615");
    expect_pair(7, "Hex32", "0x0000001f");
    expect_pair(8, "Hex64", "0x8080000000000000");
    expect_pair(9, "Bool", "true");
    expect_pair(10, "Guid", "{12345678-9ABC-DEF0-0123-456789ABCDEF}");
    expect_pair(11, "Sid", "S-1-5-32-544");
    expect_pair(12, "FileTime", "2021-07-05T23:06:40.123456700Z");
    expect_pair(13, "SysTime", "2020-02-29T23:59:58.999Z");
    expect_pair(14, "Binary", "0001ABFF");
    expect_pair(15, "Real64", "-2.250000e+000");
    expect_pair(16, "Ansi", "caf\xc3\xa9 \xe2\x82\xac");
    expect_pair(17, "LoneHigh", "a\xef\xbf\xbd" "b");
    expect_pair(18, "SizeT", "4660");
    expect_pair(19, "Real32", "1.500000e+000");
    expect_pair(20, "Mixed", "pre-h\xc3\xa9&\xe6\x97\xa5\xf0\x9f\x98\x80-post");
    int64_t ms;
    assert_true(evtx_filetime_ms(ft_v[0], &ms));
    assert_int_equal(EV.time_ms, ms);
}

static void every_value_type(void **state) {
    (void)state;
    b_init(&B);
    uint32_t at = write_types_record(&B, 0, NULL);
    assert_true(decode(&B, at, B.n));
    check_types();
}

/* The second record names the template by offset and every name comes from
 * the first record: the chunk's template and string tables. */
static void template_and_names_reused(void **state) {
    (void)state;
    b_init(&B);
    uint32_t def;
    uint32_t at1 = write_types_record(&B, 0, &def);
    uint32_t end1 = B.n;
    uint32_t at2 = write_types_record(&B, def, NULL);
    assert_true(B.n - at2 < 300); /* no template body, no names: just values */
    assert_true(decode(&B, at2, B.n));
    check_types();
    assert_true(decode(&B, at1, end1));
    check_types();
}

/* ---- optional values, arrays, nested BinXml, UserData ---- */

static void optional_and_arrays_data(bld *b) {
    el_open(b, "EventData", false);
    close_start(b);
    data_sub(b, "OptNull", 3, EVTX_T_STRING, true);
    data_sub(b, "Arr", 4, EVTX_T_STRING | EVTX_T_ARRAY, false);
    data_sub(b, "Empty", 5, EVTX_T_STRING, false);
    data_sub(b, "Nums", 6, EVTX_T_UINT16 | EVTX_T_ARRAY, false);
    el_open(b, "Data", false); /* no Name */
    close_start(b);
    text(b, "plain");
    el_end(b);
    el_open(b, "Binary", false);
    close_start(b);
    sub(b, 7, EVTX_T_BINARY, false);
    el_end(b);
    el_end(b);
}

static void optional_null_and_arrays(void **state) {
    (void)state;
    b_init(&B);
    uint32_t at = B.n;
    frag(&B);
    uint32_t size_at;
    tmpl_begin(&B, 0, &size_at);
    event_body(&B, optional_and_arrays_data);
    tmpl_end(&B, size_at);
    static const uint8_t arr[] = {'o', 0, 'n', 0, 'e', 0, 0, 0, 't', 0, 'w', 0, 'o', 0, 0, 0};
    static const uint16_t nums[] = {1, 2, 3};
    static const uint8_t bin[] = {0xca, 0xfe};
    val v[16];
    unsigned n = head_values(v);
    v[n++] = (val){EVTX_T_NULL, NULL, 0};
    v[n++] = (val){EVTX_T_STRING | EVTX_T_ARRAY, arr, sizeof arr};
    v[n++] = (val){EVTX_T_STRING, NULL, 0};
    v[n++] = (val){EVTX_T_UINT16 | EVTX_T_ARRAY, nums, sizeof nums};
    v[n++] = (val){EVTX_T_BINARY, bin, sizeof bin};
    values(&B, v, n);
    b8(&B, 0);
    assert_true(decode(&B, at, B.n));
    assert_int_equal(EV.u.win.ndata, 8);
    expect_pair(0, "Arr", "one");
    expect_pair(1, "Arr", "two");
    expect_pair(2, "Empty", "");
    expect_pair(3, "Nums", "1");
    expect_pair(4, "Nums", "2");
    expect_pair(5, "Nums", "3");
    expect_pair(6, "Data", "plain");
    expect_pair(7, "Binary", "CAFE");
}

static uint32_t nested_value_at;

static void nested_data(bld *b) {
    el_open(b, "EventData", false);
    close_start(b);
    data_sub(b, "Outer", 3, EVTX_T_STRING, false);
    data_sub(b, "Inner", 4, EVTX_T_BINXML, false);
    el_end(b);
}

/* A BinXml value holding a fragment with its own template instance. */
static void nested_template_in_value(void **state) {
    (void)state;
    b_init(&B);
    uint32_t at = B.n;
    frag(&B);
    uint32_t size_at;
    tmpl_begin(&B, 0, &size_at);
    event_body(&B, nested_data);
    tmpl_end(&B, size_at);
    /* values: the BinXml one is written in place, so its offsets are real */
    val v[8];
    unsigned n = head_values(v);
    static const uint8_t outer[] = {'o', 0, 'k', 0};
    v[n++] = (val){EVTX_T_STRING, outer, sizeof outer};
    b32(&B, n + 1);
    for (unsigned i = 0; i < n; i++) b16(&B, v[i].n), b8(&B, v[i].type), b8(&B, 0);
    uint32_t desc_at = B.n;
    b16(&B, 0), b8(&B, EVTX_T_BINXML), b8(&B, 0);
    for (unsigned i = 0; i < n; i++) bmem(&B, v[i].p, v[i].n);
    nested_value_at = B.n;
    frag(&B);
    uint32_t in_size;
    tmpl_begin(&B, 0, &in_size);
    el_open(&B, "Inner", true);
    attr(&B, "Kind", false);
    text(&B, "k&");
    close_start(&B);
    sub(&B, 0, EVTX_T_STRING, false);
    el_end(&B);
    tmpl_end(&B, in_size);
    static const uint8_t iv[] = {'<', 0, 'v', 0};
    val iv_v = {EVTX_T_STRING, iv, sizeof iv};
    values(&B, &iv_v, 1);
    b8(&B, 0);
    uint32_t value_len = B.n - nested_value_at;
    uint32_t save = B.n;
    B.n = desc_at;
    b16(&B, value_len);
    B.n = save;
    b8(&B, 0);
    assert_true(decode(&B, at, B.n));
    assert_int_equal(EV.u.win.ndata, 2);
    expect_pair(0, "Outer", "ok");
    expect_pair(1, "Inner", "<Inner Kind=\"k&amp;\">&lt;v</Inner>");
}

static void userdata_body(bld *b) {
    el_open(b, "UserData", false);
    close_start(b);
    el_open(b, "EventXML", true);
    attr(b, "xmlns", false);
    text(b, "Event_NS");
    close_start(b);
    el_sub(b, "Param1", 3, EVTX_T_STRING);
    el_open(b, "Param2", false);
    close_empty(b);
    el_sub(b, "Param3", 4, EVTX_T_STRING);
    el_end(b);
    el_end(b);
}

static void userdata_pairs(void **state) {
    (void)state;
    b_init(&B);
    uint32_t at = B.n;
    frag(&B);
    uint32_t size_at;
    tmpl_begin(&B, 0, &size_at);
    event_body(&B, userdata_body);
    tmpl_end(&B, size_at);
    static const uint8_t p1[] = {'a', 0, 'd', 0, 'm', 0};
    static const uint8_t p3[] = {'1', 0, '.', 0, '2', 0};
    val v[8];
    unsigned n = head_values(v);
    v[n++] = (val){EVTX_T_STRING, p1, sizeof p1};
    v[n++] = (val){EVTX_T_STRING, p3, sizeof p3};
    values(&B, v, n);
    b8(&B, 0);
    assert_true(decode(&B, at, B.n));
    assert_int_equal(EV.u.win.ndata, 3);
    expect_pair(0, "Param1", "adm");
    expect_pair(1, "Param2", "");
    expect_pair(2, "Param3", "1.2");
}

/* ---- hostile input ---- */

static void minimal_record(bld *b, uint32_t *at) {
    *at = b->n;
    frag(b);
    uint32_t size_at;
    tmpl_begin(b, 0, &size_at);
    el_open(b, "Event", false);
    close_start(b);
    el_sub(b, "X", 0, EVTX_T_STRING);
    el_end(b);
    tmpl_end(b, size_at);
}

static void hostile_sizes(void **state) {
    (void)state;
    uint32_t at;
    /* a value longer than the record */
    b_init(&B);
    minimal_record(&B, &at);
    b32(&B, 1), b16(&B, 60000), b8(&B, EVTX_T_STRING), b8(&B, 0);
    b8(&B, 'x'), b8(&B, 0);
    assert_false(decode(&B, at, B.n));
    /* more values than the record could hold */
    b_init(&B);
    minimal_record(&B, &at);
    b32(&B, 0x40000000);
    assert_false(decode(&B, at, B.n));
    /* a substitution past the values there are */
    b_init(&B);
    minimal_record(&B, &at);
    b32(&B, 0);
    b8(&B, 0);
    assert_false(decode(&B, at, B.n));
    /* a template definition outside the chunk */
    b_init(&B);
    at = B.n;
    frag(&B);
    b8(&B, 0x0c), b8(&B, 1), b32(&B, 1), b32(&B, 0xfffffff0);
    b32(&B, 0);
    assert_false(decode(&B, at, B.n));
    /* a template whose size runs past the chunk end */
    b_init(&B);
    at = B.n;
    frag(&B);
    uint32_t size_at;
    tmpl_begin(&B, 0, &size_at);
    put32(&B, size_at, 0x7fffffff);
    assert_false(decode(&B, at, B.n));
    /* a name with a character count past the chunk end */
    b_init(&B);
    at = B.n;
    frag(&B);
    b8(&B, 0x01), b16(&B, 0xffff), b32(&B, 0);
    b32(&B, B.n + 4), b32(&B, 0), b16(&B, 0), b16(&B, 0xffff);
    assert_false(decode(&B, at, B.n));
    /* a name offset far past the chunk */
    b_init(&B);
    at = B.n;
    frag(&B);
    b8(&B, 0x01), b16(&B, 0xffff), b32(&B, 0), b32(&B, 0x00ffffff);
    assert_false(decode(&B, at, B.n));
    /* text longer than the record */
    b_init(&B);
    at = B.n;
    frag(&B);
    el_open(&B, "E", false);
    close_start(&B);
    b8(&B, 0x05), b8(&B, 0x01), b16(&B, 0xffff);
    assert_false(decode(&B, at, B.n));
    /* an unknown token, and a record cut short with elements open */
    b_init(&B);
    at = B.n;
    frag(&B);
    b8(&B, 0x3f);
    assert_false(decode(&B, at, B.n));
    b_init(&B);
    at = B.n;
    frag(&B);
    el_open(&B, "E", false);
    close_start(&B);
    assert_false(decode(&B, at, B.n));
    /* an empty record and a record outside the chunk */
    assert_false(decode(&B, 70000, 70010));
}

/* A template that instantiates itself, directly: the nesting bound stops it. */
static void template_loop(void **state) {
    (void)state;
    b_init(&B);
    uint32_t at = B.n;
    frag(&B);
    b8(&B, 0x0c), b8(&B, 1), b32(&B, 1);
    uint32_t def = B.n + 4;
    b32(&B, def);
    b32(&B, 0);
    for (int i = 0; i < 16; i++) b8(&B, 0);
    uint32_t size_at = B.n;
    b32(&B, 0);
    frag(&B);
    el_open(&B, "Event", false);
    close_start(&B);
    b8(&B, 0x0c), b8(&B, 1), b32(&B, 1), b32(&B, def); /* itself, by offset */
    b32(&B, 0);                                       /* no values */
    el_end(&B);
    b8(&B, 0);
    put32(&B, size_at, B.n - size_at - 4);
    b32(&B, 0);
    b8(&B, 0);
    assert_false(decode(&B, at, B.n));
    assert_non_null(strstr(WHY, "nested too deeply"));
}

/* A template naming a template that names it four times over: the token
 * budget stops the explosion long before it costs anything. */
static void token_explosion(void **state) {
    (void)state;
    b_init(&B);
    /* template T: <E> then 8 instances of T itself would loop; instead a chain
     * T0 <- T1 <- ... each holding 8 instances of the previous one */
    uint32_t prev = 0;
    for (int level = 0; level < 10; level++) {
        b8(&B, 0x0c), b8(&B, 1), b32(&B, 1);
        uint32_t def = B.n + 4;
        b32(&B, def), b32(&B, 0);
        for (int i = 0; i < 16; i++) b8(&B, 0);
        uint32_t size_at = B.n;
        b32(&B, 0);
        frag(&B);
        el_open(&B, "E", false);
        close_start(&B);
        if (prev)
            for (int k = 0; k < 8; k++) b8(&B, 0x0c), b8(&B, 1), b32(&B, 1), b32(&B, prev), b32(&B, 0);
        else
            text(&B, "leaf");
        el_end(&B);
        b8(&B, 0);
        put32(&B, size_at, B.n - size_at - 4);
        b32(&B, 0);
        prev = def;
    }
    uint32_t at = B.n;
    frag(&B);
    b8(&B, 0x0c), b8(&B, 1), b32(&B, 1), b32(&B, prev), b32(&B, 0);
    b8(&B, 0);
    assert_false(decode(&B, at, B.n));
    assert_non_null(strstr(WHY, "too many"));
}

static void elements_too_deep(void **state) {
    (void)state;
    b_init(&B);
    uint32_t at = B.n;
    frag(&B);
    for (int i = 0; i < EVTX_DEPTH_MAX + 2; i++) {
        el_open(&B, "E", false);
        close_start(&B);
    }
    assert_false(decode(&B, at, B.n));
    assert_non_null(strstr(WHY, "deeply"));
}

/* ---- the file level ---- */

typedef struct mem {
    const uint8_t *p;
    size_t n, at;
} mem;

static ssize_t mem_read(void *ctx, char *dst, size_t n) {
    mem *m = ctx;
    size_t k = m->n - m->at < n ? m->n - m->at : n;
    if (k > 7) k = 7 + k / 3; /* short reads, as from a pipe */
    memcpy(dst, m->p + m->at, k);
    m->at += k;
    return (ssize_t)k;
}

static uint8_t FILEBUF[EVTX_HEADER_SIZE + 2 * EVTX_CHUNK_SIZE];
static uint32_t REC2; /* the second record's offset in the chunk */

/* One chunk holding two records built from the types template. */
static size_t build_file(bool good_crcs) {
    b_init(&B);
    uint32_t rec1 = B.n;
    b32(&B, 0x00002a2a), b32(&B, 0), b64(&B, 1), b64(&B, ft_v[0]);
    uint32_t def;
    write_types_record(&B, 0, &def);
    while ((B.n + 4) % 8) b8(&B, 0);
    b32(&B, B.n + 4 - rec1);
    put32(&B, rec1 + 4, B.n - rec1);
    uint32_t rec2 = REC2 = B.n;
    b32(&B, 0x00002a2a), b32(&B, 0), b64(&B, 2), b64(&B, ft_v[0]);
    write_types_record(&B, def, NULL);
    while ((B.n + 4) % 8) b8(&B, 0);
    b32(&B, B.n + 4 - rec2);
    put32(&B, rec2 + 4, B.n - rec2);
    uint8_t *c = B.c;
    memcpy(c, "ElfChnk", 8);
    put32(&B, 40, 128);
    put32(&B, 44, rec2);
    put32(&B, 48, B.n);
    put32(&B, 52, (uint32_t)crc32(0, c + 512, B.n - 512));
    uLong h = crc32(0, c, 120);
    h = crc32(h, c + 128, 384);
    put32(&B, 124, (uint32_t)h ^ (good_crcs ? 0 : 1));
    uint8_t *f = FILEBUF;
    memset(f, 0, EVTX_HEADER_SIZE);
    memcpy(f, "ElfFile", 8);
    f[32] = 128, f[36] = 1, f[38] = 3, f[41] = 0x10, f[42] = 1;
    uint32_t fc = (uint32_t)crc32(0, f, 120);
    memcpy(f + 124, &fc, 4);
    memcpy(f + EVTX_HEADER_SIZE, c, EVTX_CHUNK_SIZE);
    memset(f + EVTX_HEADER_SIZE + EVTX_CHUNK_SIZE, 0, EVTX_CHUNK_SIZE); /* unused space */
    return sizeof FILEBUF;
}

static void read_all(size_t n, unsigned *records, unsigned *damages, evtx_damage *first) {
    mem m = {FILEBUF, n, 0};
    evtx_reader *r = evtx_reader_new(mem_read, &m, NULL);
    event ev;
    evtx_damage d;
    int rc;
    *records = *damages = 0;
    while ((rc = evtx_next(r, &ev, &d)) != EVTX_END) {
        assert_int_not_equal(rc, EVTX_READ_ERROR);
        if (rc == EVTX_DAMAGE) {
            if (!(*damages)++) *first = d;
            continue;
        }
        EV = ev;
        check_types();
        assert_int_equal(ev.line, *records + 1);
        (*records)++;
    }
    evtx_reader_free(r);
}

static void file_good_and_damaged(void **state) {
    (void)state;
    unsigned records, damages;
    evtx_damage first;
    size_t n = build_file(true);
    read_all(n, &records, &damages, &first);
    assert_int_equal(records, 2);
    assert_int_equal(damages, 0);
    /* chunk header checksum off by one bit: said, records still read */
    build_file(false);
    read_all(n, &records, &damages, &first);
    assert_int_equal(records, 2);
    assert_int_equal(damages, 1);
    assert_int_equal(first.chunk, 0);
    assert_int_equal(first.offset, EVTX_HEADER_SIZE + 124);
    assert_non_null(strstr(first.what, "chunk header checksum"));
    /* cut inside the second record: the first is kept */
    build_file(true);
    read_all(EVTX_HEADER_SIZE + REC2 + 40, &records, &damages, &first);
    assert_int_equal(records, 1);
    assert_int_equal(damages, 2); /* the cut, and the partial record it left (lost) */
    assert_non_null(strstr(first.what, "ends inside a chunk"));
    /* a file that is only a file header */
    read_all(EVTX_HEADER_SIZE, &records, &damages, &first);
    assert_int_equal(records + damages, 0);
    /* not an evtx file at all */
    memcpy(FILEBUF, "NotAFile", 8);
    read_all(n, &records, &damages, &first);
    assert_int_equal(records, 0);
    assert_int_equal(damages, 1);
    assert_int_equal(first.chunk, -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_value_type),
        cmocka_unit_test(template_and_names_reused),
        cmocka_unit_test(optional_null_and_arrays),
        cmocka_unit_test(nested_template_in_value),
        cmocka_unit_test(userdata_pairs),
        cmocka_unit_test(hostile_sizes),
        cmocka_unit_test(template_loop),
        cmocka_unit_test(token_explosion),
        cmocka_unit_test(elements_too_deep),
        cmocka_unit_test(file_good_and_damaged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
