/* test_ioc_formats.c - loading indicator files: plain text, CSV (MISP, OTX,
 * URLhaus, Feodo exports), STIX 2.1 bundles and MISP JSON, from the fixtures
 * in tests/fixtures/ioc/ (written from the formats' documentation); format
 * detection; bad entries reported with their place and skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ioc/ioc_load.h"
#include "core/utf8.h"

typedef struct problems {
    unsigned n;
    char where[16][160];
    char why[16][200];
} problems;

static void on_problem(void *ctx, const char *where, const char *why, sv text) {
    (void)text;
    problems *p = ctx;
    if (p->n < 16) {
        snprintf(p->where[p->n], sizeof p->where[0], "%s", where);
        snprintf(p->why[p->n], sizeof p->why[0], "%s", why);
    }
    p->n++;
}

static bool problem_at(const problems *p, const char *where_suffix, const char *why_part) {
    for (unsigned i = 0; i < p->n && i < 16; i++) {
        size_t a = strlen(p->where[i]), b = strlen(where_suffix);
        if (a >= b && !strcmp(p->where[i] + a - b, where_suffix) && strstr(p->why[i], why_part)) return true;
    }
    return false;
}

static char *fixture(const char *name) {
    static char path[1024];
    const char *dir = getenv("FIXTURES");
    snprintf(path, sizeof path, "%s/ioc/%s", dir ? dir : "tests/fixtures", name);
    return path;
}

static int load(ioc_set *s, const char *name, ioc_format fmt, bool misp_all, problems *p, ioc_load_result *res) {
    ioc_load_opts o = {.format = fmt, .misp_all = misp_all, .problem = on_problem, .ctx = p};
    memset(p, 0, sizeof *p);
    return ioc_load_file(s, fixture(name), &o, res);
}

static const ioc *find(const ioc_set *s, const char *value) {
    for (size_t i = 0; i < ioc_count(s); i++)
        if (!strcmp(ioc_at(s, i)->value, value)) return ioc_at(s, i);
    return NULL;
}

static void expect(const ioc_set *s, const char *value, ioc_type type) {
    const ioc *it = find(s, value);
    if (!it) fail_msg("indicator %s not loaded", value);
    if (it->type != type) fail_msg("indicator %s: type %s", value, ioc_type_name(it->type));
}

static void test_text(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    problems p;
    ioc_load_result r;
    assert_int_equal(load(&s, "iocs.txt", IOC_FMT_AUTO, false, &p, &r), 0);
    assert_int_equal(r.format, IOC_FMT_TEXT);
    assert_int_equal(r.added, 11);
    expect(&s, "evil.com", IOC_DOMAIN);
    assert_string_equal(find(&s, "evil.com")->label, "sub-domains match too");
    assert_non_null(strstr(find(&s, "evil.com")->origin, "iocs.txt:2"));
    expect(&s, "c2.example.net:8080", IOC_DOMAIN);
    expect(&s, "198.51.100.0/24", IOC_CIDR);
    expect(&s, "2001:db8::/32", IOC_CIDR);
    expect(&s, "203.0.113.77", IOC_IP);
    expect(&s, "http://dl.example.org/payload", IOC_URL);
    expect(&s, "https://secure.example.org/login.php", IOC_URL);
    expect(&s, "/wp-content/gate.php", IOC_PATH);
    expect(&s, "BadBot/1.0", IOC_UA);
    expect(&s, "meterpreter", IOC_UA_PART);
    expect(&s, "tracker.example.info", IOC_DOMAIN);
    assert_int_equal(r.unsupported, 1); /* the MD5 */
    assert_int_equal(r.duplicates, 1);  /* evil.com again */
    assert_int_equal(r.bad, 1);
    assert_int_equal(p.n, 1);
    assert_true(problem_at(&p, "iocs.txt:14", "cannot tell"));
    ioc_set_free(&s);
}

static void test_csv_exports(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    problems p;
    ioc_load_result r;
    /* MISP CSV export: type/value columns, to_ids, quoted cells */
    assert_int_equal(load(&s, "misp-export.csv", IOC_FMT_AUTO, false, &p, &r), 0);
    assert_int_equal(r.format, IOC_FMT_CSV);
    assert_int_equal(r.added, 4);
    expect(&s, "evil.com", IOC_DOMAIN);
    assert_string_equal(find(&s, "evil.com")->label, "C2 domain");
    expect(&s, "203.0.113.5:8443", IOC_IP);
    expect(&s, "http://evil.com/a,b.php", IOC_URL);
    expect(&s, "Mozilla/4.0 (compatible; MSIE 6.0; \"quoted\")", IOC_UA);
    assert_null(find(&s, "windowsupdate.com")); /* to_ids 0 */
    assert_int_equal(r.excluded, 1);
    assert_int_equal(r.unsupported, 1);
    assert_int_equal(r.bad, 1);
    assert_true(problem_at(&p, "misp-export.csv:8", "not an IP"));
    /* OTX pulse export */
    assert_int_equal(load(&s, "otx.csv", IOC_FMT_AUTO, false, &p, &r), 0);
    assert_int_equal(r.added, 4);
    expect(&s, "c2.evil.com", IOC_DOMAIN);
    assert_string_equal(find(&s, "c2.evil.com")->label, "Command and control");
    expect(&s, "198.51.100.23", IOC_IP);
    expect(&s, "http://evil.com/payload.exe", IOC_URL);
    expect(&s, "192.0.2.0/24", IOC_CIDR);
    assert_int_equal(r.unsupported, 1);
    /* URLhaus: the header is a comment line */
    assert_int_equal(load(&s, "urlhaus.csv", IOC_FMT_AUTO, false, &p, &r), 0);
    assert_int_equal(r.format, IOC_FMT_CSV);
    assert_int_equal(r.added, 2);
    expect(&s, "http://198.51.100.7/bins/x86", IOC_URL);
    expect(&s, "http://evil.example.net:8080/dl/a.exe", IOC_URL);
    assert_string_equal(find(&s, "http://198.51.100.7/bins/x86")->label, "malware_download");
    assert_non_null(strstr(find(&s, "http://198.51.100.7/bins/x86")->origin, "urlhaus.csv:7"));
    /* Feodo Tracker: address and port in two columns */
    assert_int_equal(load(&s, "feodo.csv", IOC_FMT_AUTO, false, &p, &r), 0);
    assert_int_equal(r.added, 2);
    expect(&s, "203.0.113.44:447", IOC_IP);
    expect(&s, "[2001:db8::44]:443", IOC_IP);
    assert_string_equal(find(&s, "203.0.113.44:447")->label, "QakBot");
    assert_int_equal(p.n, 0);
    ioc_set_free(&s);
}

static void test_stix(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    problems p;
    ioc_load_result r;
    assert_int_equal(load(&s, "stix-bundle.json", IOC_FMT_AUTO, false, &p, &r), 0);
    assert_int_equal(r.format, IOC_FMT_STIX);
    expect(&s, "http://x4z9arb.cn/4712", IOC_URL);
    assert_string_equal(find(&s, "http://x4z9arb.cn/4712")->label, "Malicious site hosting downloader");
    assert_non_null(strstr(find(&s, "http://x4z9arb.cn/4712")->origin, "indicator--d81f86b9"));
    expect(&s, "198.51.100.1", IOC_IP);
    expect(&s, "203.0.113.33", IOC_IP);
    expect(&s, "2001:db8:dead:beef:dead:beef:dead:1", IOC_IP);
    expect(&s, "evil.example.com", IOC_DOMAIN);
    expect(&s, "bad.example.net", IOC_DOMAIN);
    expect(&s, "192.0.2.0/25", IOC_CIDR);
    expect(&s, "203.0.113.60:8443", IOC_IP);
    expect(&s, "Mozilla/4.0 (compatible; MSIE 7.0; beacon)", IOC_UA);
    expect(&s, "http://mixed.example.org/x", IOC_URL); /* the usable half of an OR */
    assert_int_equal(r.added, 10);
    assert_null(find(&s, "revoked.example.com"));
    assert_null(find(&s, "example.com"));             /* only in a FOLLOWEDBY pattern */
    assert_int_equal(r.excluded, 1);
    assert_int_equal(r.unsupported, 4);               /* file hash, FOLLOWEDBY, suricata, LIKE */
    assert_int_equal(r.bad, 1);
    assert_true(problem_at(&p, "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "not something a proxy log shows"));
    assert_true(problem_at(&p, "indicator--0f5a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", "FOLLOWEDBY"));
    assert_true(problem_at(&p, "indicator--7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", "suricata"));
    assert_true(problem_at(&p, "indicator--ad0e1f2a-3b4c-4d5e-9f6a-7b8c9d0e1f2a", "cannot parse"));
    assert_true(problem_at(&p, "indicator--be1f2a3b-4c5d-4e6f-8a7b-8c9d0e1f2a3b", "LIKE"));
    ioc_set_free(&s);
}

static void test_misp(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    problems p;
    ioc_load_result r;
    assert_int_equal(load(&s, "misp-event.json", IOC_FMT_AUTO, false, &p, &r), 0);
    assert_int_equal(r.format, IOC_FMT_MISP);
    expect(&s, "evil.com", IOC_DOMAIN);
    assert_string_equal(find(&s, "evil.com")->label, "OSINT - Targeted attack campaign: C2");
    assert_non_null(strstr(find(&s, "evil.com")->origin, "attribute 5a3c5e2b-1111-4e0b-9d6e-000000000001"));
    expect(&s, "c2.example.net", IOC_DOMAIN);
    expect(&s, "203.0.113.5:8443", IOC_IP);
    expect(&s, "drop.example.org", IOC_DOMAIN);
    expect(&s, "198.51.100.44", IOC_IP);
    expect(&s, "http://evil.com/gate.php", IOC_URL);
    expect(&s, "/images/beacon.gif", IOC_PATH);
    expect(&s, "Mozilla/4.0 (compatible; MSIE 7.0; beacon)", IOC_UA);
    expect(&s, "192.0.2.10", IOC_IP);
    expect(&s, "obj.example.com", IOC_DOMAIN);  /* from Event.Object[].Attribute */
    expect(&s, "203.0.113.99", IOC_IP);
    assert_int_equal(r.added, 11);
    assert_null(find(&s, "windowsupdate.com"));  /* to_ids false */
    assert_null(find(&s, "198.51.100.200"));     /* to_ids "0" */
    assert_null(find(&s, "deleted.example.com"));
    assert_int_equal(r.excluded, 4);
    assert_int_equal(r.unsupported, 1);
    ioc_set_free(&s);

    /* --misp-all: context attributes too, deleted ones still not */
    ioc_set_init(&s);
    assert_int_equal(load(&s, "misp-event.json", IOC_FMT_AUTO, true, &p, &r), 0);
    expect(&s, "windowsupdate.com", IOC_DOMAIN);
    expect(&s, "198.51.100.200", IOC_IP);
    assert_null(find(&s, "deleted.example.com"));
    assert_int_equal(r.added, 13);
    assert_int_equal(r.excluded, 1);
    assert_int_equal(r.unsupported, 2); /* sha256 and the bare port */
    ioc_set_free(&s);

    ioc_set_init(&s);
    assert_int_equal(load(&s, "misp-attributes.json", IOC_FMT_AUTO, false, &p, &r), 0);
    assert_int_equal(r.format, IOC_FMT_MISP);
    assert_int_equal(r.added, 2);
    expect(&s, "https://evil.com/login", IOC_URL);
    ioc_set_free(&s);
}

static int load_text(ioc_set *s, const char *data, ioc_format fmt, ioc_load_result *r) {
    ioc_load_opts o = {.format = fmt};
    return ioc_load_buffer(s, "mem", data, strlen(data), &o, r);
}

static void test_detection_and_errors(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    ioc_load_result r;
    /* text that starts with '[' is not JSON */
    assert_int_equal(load_text(&s, "[2001:db8::1]:443\nevil.org\n", IOC_FMT_AUTO, &r), 0);
    assert_int_equal(r.format, IOC_FMT_TEXT);
    assert_int_equal(r.added, 2);
    /* a comment that mentions column names is not a header */
    assert_int_equal(ioc_detect_format("# domain, ip and url indicators\nevil.com\nhttp://evil.com/x\n", 59),
                     IOC_FMT_TEXT);
    /* commas inside a User-Agent do not make a CSV */
    assert_int_equal(ioc_detect_format("Mozilla/5.0 (KHTML, like Gecko)\n", 32), IOC_FMT_TEXT);
    assert_int_equal(ioc_detect_format("\xef\xbb\xbfindicator,type\nevil.com,domain\n", 35), IOC_FMT_CSV);
    assert_int_equal(ioc_detect_format("{\"type\": \"bundle\", \"objects\": []}", 33), IOC_FMT_STIX);
    assert_int_equal(ioc_detect_format("[{\"Event\": {}}]", 15), IOC_FMT_MISP);
    const char *list = "[{\"type\": \"identity\"}, {\"type\": \"indicator\", \"pattern\": \"[domain-name:value = 'x.example']\"}]";
    assert_int_equal(ioc_detect_format(list, strlen(list)), IOC_FMT_STIX);
    assert_int_equal(load_text(&s, list, IOC_FMT_AUTO, &r), 0);
    assert_int_equal(r.added, 1);
    /* broken JSON is an error naming the place */
    assert_int_equal(load_text(&s, "{\"type\": \"bundle\", \"objects\": [", IOC_FMT_AUTO, &r), -1);
    assert_non_null(strstr(r.error, "not valid JSON"));
    assert_int_equal(load_text(&s, "{\"hello\": 1}", IOC_FMT_AUTO, &r), -1);
    assert_non_null(strstr(r.error, "neither"));
    assert_int_equal(load_text(&s, "a,b\n1,2\n", IOC_FMT_CSV, &r), -1);
    assert_non_null(strstr(r.error, "header"));
    /* forcing a format */
    assert_int_equal(load_text(&s, "type:value\n", IOC_FMT_TEXT, &r), 0);
    assert_int_equal(r.bad, 1);
    /* CSV with ';' and a value column only (types guessed) */
    assert_int_equal(load_text(&s, "ioc;comment\nevil.net;x\n10.9.9.9;y\n", IOC_FMT_AUTO, &r), 0);
    assert_int_equal(r.format, IOC_FMT_CSV);
    assert_int_equal(r.added, 2);
    ioc_set_free(&s);
    /* a missing file */
    ioc_set_init(&s);
    ioc_load_opts o = {0};
    assert_int_equal(ioc_load_file(&s, "/nonexistent/iocs.txt", &o, &r), -1);
    assert_non_null(strstr(r.error, "cannot open"));
    ioc_set_free(&s);
}

/* Names and labels from a feed are cut at a character boundary, never inside
 * a UTF-8 sequence (Japanese event titles are long). */
static void test_long_names_stay_utf8(void **state) {
    (void)state;
    char kana[400] = "", title[400] = "";
    for (int i = 0; i < 30; i++) strcat(kana, "パ"); /* 3 bytes: 90 in all */
    for (int i = 0; i < 110; i++) strcat(title, "標"); /* 330 bytes */
    char doc[2000];
    snprintf(doc, sizeof doc,
             "{\"type\": \"bundle\", \"objects\": ["
             "{\"type\": \"indicator\", \"id\": \"indicator--1\", \"pattern_type\": \"%s\", \"pattern\": \"x\"}]}",
             kana);
    ioc_set s;
    ioc_set_init(&s);
    ioc_load_result r;
    assert_int_equal(load_text(&s, doc, IOC_FMT_AUTO, &r), 0);
    assert_int_equal(r.unsupported, 1);
    assert_int_equal(hmap_len(&s.unsupported_types), 1);
    for (size_t i = 0; i < hmap_len(&s.unsupported_types); i++) {
        const hmap_slot *slot = hmap_at(&s.unsupported_types, i);
        assert_true(utf8_valid(slot->key, slot->klen));
        assert_true(slot->klen <= 48);
    }
    snprintf(doc, sizeof doc,
             "{\"Event\": {\"info\": \"%s\", \"Attribute\": [{\"type\": \"domain\", \"value\": \"evil.example\", "
             "\"to_ids\": true}]}}",
             title);
    assert_int_equal(load_text(&s, doc, IOC_FMT_AUTO, &r), 0);
    const ioc *it = find(&s, "evil.example");
    assert_non_null(it);
    assert_true(utf8_valid(it->label, strlen(it->label)));
    assert_true(strlen(it->label) <= IOC_MAX_LABEL && strlen(it->label) >= IOC_MAX_LABEL - 3);
    ioc_set_free(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text), cmocka_unit_test(test_csv_exports),         cmocka_unit_test(test_stix),
        cmocka_unit_test(test_misp), cmocka_unit_test(test_detection_and_errors), cmocka_unit_test(test_long_names_stay_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
