/* test_mail_trace.c - Received headers, Authentication-Results and mail dates. */
#include "core/arena.h"
#include "core/ipaddr.h"
#include "core/mtime.h"
#include "mail/trace.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void ip_is(const mail_hop *h, const char *want) {
    char got[IP_STRLEN];
    assert_int_not_equal(h->ip.family, 0);
    assert_string_equal(ip_format(&h->ip, got), want);
}

static void received_forms(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 1024);
    mail_hop h;
    /* Postfix: the peer in brackets after the reverse name */
    assert_true(received_parse(SV("from xserver.com (v133-18-212-99.vir.kagoya.net [133.18.212.99]) by "
                                  "mailin028.protonmail.ch (Postfix) with ESMTP id 4RKytD2Fb4z9vNPT for "
                                  "<garyb59@protonmail.com>; Tue,  8 Aug 2023 16:13:55 +0000 (UTC)"),
                               &a, &h));
    ip_is(&h, "133.18.212.99");
    assert_string_equal(h.from_name, "xserver.com");
    assert_string_equal(h.by, "mailin028.protonmail.ch");
    assert_false(h.authenticated);
    assert_true(h.time_ms == (int64_t)1691511235000);
    /* Exchange Online: the address in parentheses */
    assert_true(received_parse(SV("from mail.chetta.it (51.68.189.220) by DM6NAM11FT107.mail.protection.outlook.com "
                                  "(10.13.172.142) with Microsoft SMTP Server id 15.20.6156.21 via Frontend Transport; "
                                  "Fri, 3 Mar 2023 04:30:10 +0000"),
                               &a, &h));
    ip_is(&h, "51.68.189.220");
    /* an authenticated submission from a client, bracket inside parentheses */
    assert_true(received_parse(SV("from User ([61.73.116.66]) by chetta.it with MailEnable ESMTPA; "
                                  "Thu, 2 Mar 2023 07:50:04 +0100"),
                               &a, &h));
    ip_is(&h, "61.73.116.66");
    assert_true(h.authenticated);
    /* IPv6 literal, and an IPv6 in parentheses */
    assert_true(received_parse(SV("from [IPv6:2001:db8::25] (helo) by mx.example.com; Mon, 1 Jan 2024 00:00:00 +0000"), &a, &h));
    ip_is(&h, "2001:db8::25");
    assert_true(received_parse(SV("from PH0PR19MB5428.namprd19.prod.outlook.com (2603:10b6:510:fe::21) by "
                                  "MN0PR19MB6312.namprd19.prod.outlook.com with HTTPS; Sun, 6 Aug 2023 15:47:22 +0000"),
                               &a, &h));
    ip_is(&h, "2603:10b6:510:fe::21");
    /* no from clause: no address, but the receiving host is kept */
    assert_false(received_parse(SV("by mail.example.co.jp (Postfix, from userid 1000) id 123; Mon, 1 Jan 2024 00:00:00 +0900"),
                                &a, &h));
    assert_int_equal(h.ip.family, 0);
    assert_string_equal(h.by, "mail.example.co.jp");
    /* words like "by" inside a comment do not end the from clause */
    assert_true(received_parse(SV("from host (sent by a script [192.0.2.7]) by mx; Mon, 1 Jan 2024 00:00:00 +0000"), &a, &h));
    ip_is(&h, "192.0.2.7");
    /* garbage never crashes */
    received_parse(SV("from [[[[[ ((((( by ;;;; ["), &a, &h);
    arena_free(&a);
}

static void authentication_results(void **state) {
    (void)state;
    authres ar;
    authres_parse(SV("mailin028.protonmail.ch; dmarc=none (p=none dis=none) header.from=xserver.com"), &ar);
    assert_string_equal(ar.authserv, "mailin028.protonmail.ch");
    assert_int_equal(ar.dmarc, AUTH_NONE);
    assert_int_equal(ar.spf, AUTH_ABSENT);
    /* Microsoft's form has no authserv-id */
    authres_parse(SV("spf=pass (sender IP is 51.68.189.220) smtp.mailfrom=chetta.it; dkim=none (message not signed) "
                     "header.d=none;dmarc=bestguesspass action=none header.from=chetta.it;compauth=pass reason=109"),
                  &ar);
    assert_string_equal(ar.authserv, "");
    assert_int_equal(ar.spf, AUTH_PASS);
    assert_int_equal(ar.dkim, AUTH_NONE);
    assert_int_equal(ar.dmarc, AUTH_PASS);
    assert_string_equal(ar.spf_domain, "chetta.it");
    /* a ';' inside a comment does not split */
    authres_parse(SV("mx.example; spf=fail (bad; very bad) smtp.mailfrom=a@evil.example; dkim=fail; dkim=pass"), &ar);
    assert_int_equal(ar.spf, AUTH_FAIL);
    assert_string_equal(ar.spf_domain, "evil.example");
    assert_int_equal(ar.dkim, AUTH_PASS); /* one good signature is enough */
    assert_int_equal(auth_result_merge(AUTH_SOFTFAIL, AUTH_FAIL), AUTH_FAIL);
    assert_int_equal(auth_result_merge(AUTH_PASS, AUTH_FAIL), AUTH_PASS);
}

static void dates(void **state) {
    (void)state;
    assert_true(mail_date_parse(SV("Thu, 2 Mar 2023 15:49:56 +0900")) == (int64_t)1677739796000);
    assert_true(mail_date_parse(SV("09 Aug 2023 01:13:53 +0900")) == (int64_t)1691511233000);
    assert_true(mail_date_parse(SV("Sun, 06 Aug 2023 15:47:19 +0000 (UTC)")) == (int64_t)1691336839000);
    assert_true(mail_date_parse(SV("Mon, 18 May 15 10:00 JST")) == (int64_t)1431910800000);
    assert_true(mail_date_parse(SV("not a date")) == MTIME_NONE);
    assert_true(mail_date_parse(SV("Mon, 45 May 2015 10:00:00 +0900")) == MTIME_NONE);
    assert_true(mail_date_parse(SV("")) == MTIME_NONE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(received_forms),
        cmocka_unit_test(authentication_results),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
