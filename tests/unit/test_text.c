/* test_text.c: unit tests for the core text helpers (path join, trim, UTF-8 decoding) and the
 * JSON writer: escapes, valid UTF-8 kept, every invalid byte written so that the output is
 * valid UTF-8 (checked by an independent validator below), and the two number formats. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"

/* An RFC 3629 validator written from its table of well-formed byte sequences, independent of
 * dtmapi_utf8_next: 1 when the n bytes at s are valid UTF-8. */
static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        unsigned lo = 0x80, hi = 0xBF;
        size_t more;
        if (c <= 0x7F) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            more = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            more = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4)
            more = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else
            return 0;
        if (i + more >= n) return 0; /* cut short */
        if (s[i + 1] < lo || s[i + 1] > hi) return 0;
        for (size_t k = 2; k <= more; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
        i += more + 1;
    }
    return 1;
}

/* What dtmapi_json_str writes for the n bytes at s (copied so that s may hold no NUL), as a
 * malloc'd string the caller frees. */
static char *json_of(const char *s, size_t n) {
    char *in = malloc(n + 1), *buf = NULL;
    size_t len = 0;
    assert_non_null(in);
    memcpy(in, s, n);
    in[n] = '\0';
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    dtmapi_json_str(fp, in);
    fclose(fp);
    free(in);
    return buf;
}

static void assert_json(const char *in, const char *want) {
    char *got = json_of(in, strlen(in));
    assert_string_equal(got, want);
    free(got);
}

static void json_escapes(void **state) {
    (void)state;
    assert_json("plain", "\"plain\"");
    assert_json("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
    assert_json("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
    assert_json("\x01\x1f x\x7f", "\"\\u0001\\u001f x\x7f\"");
    assert_json("", "\"\"");
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    dtmapi_json_str(fp, NULL);
    fclose(fp);
    assert_string_equal(buf, "\"\"");
    free(buf);
}

static void json_keeps_valid_utf8(void **state) {
    (void)state;
    /* 2-, 3- and 4-byte sequences and the ends of the range pass through unchanged */
    assert_json("café 阳朔县城 😀", "\"café 阳朔县城 😀\"");
    assert_json(
        "\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xEF\xBF\xBF \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF",
        "\"\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xEF\xBF\xBF \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF\"");
}

static void json_invalid_bytes_as_latin1(void **state) {
    (void)state;
    assert_json("caf\xe9.csv", "\"caf\\u00e9.csv\"");         /* a Latin-1 file name */
    assert_json("\x80\xbf", "\"\\u0080\\u00bf\"");            /* stray continuation bytes */
    assert_json("\xc0\xaf", "\"\\u00c0\\u00af\"");            /* overlong '/' */
    assert_json("\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\""); /* overlong, 3 bytes */
    assert_json("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\""); /* surrogate U+D800 */
    assert_json("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\""); /* above U+10FFFF */
    assert_json("\xf5\xff", "\"\\u00f5\\u00ff\"");
    assert_json("x\xe2\x82", "\"x\\u00e2\\u0082\""); /* cut short by the end */
    assert_json("\xe2\x82x\xe2\x82\xac", "\"\\u00e2\\u0082x\xe2\x82\xac\""); /* then a valid € */
}

/* Fails unless the JSON of the n bytes at in is one string literal of valid UTF-8 with no raw
 * control character: what any JSON reader takes. */
static void assert_json_valid(const unsigned char *in, size_t n) {
    char *out = json_of((const char *)in, n);
    size_t len = strlen(out);
    if (!valid_utf8((const unsigned char *)out, len))
        fail_msg("invalid UTF-8 out for %02x %02x %02x", in[0], n > 1 ? in[1] : 0,
                 n > 2 ? in[2] : 0);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)out[i] < 0x20) fail_msg("raw control byte out for %02x", in[0]);
    if (len < 2 || out[0] != '"' || out[len - 1] != '"') fail_msg("not a string literal");
    free(out);
}

/* Every string of one or two bytes, and every three-byte string of bytes from a set that holds
 * each class of byte (ASCII, control, each continuation range, each lead byte's edge). */
static void json_always_valid(void **state) {
    (void)state;
    static const unsigned char cls[] = {0x01, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x8f, 0x90,
                                        0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe1,
                                        0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
    enum { NCLS = sizeof cls };
    for (unsigned a = 1; a < 256; a++) {
        unsigned char one[1] = {(unsigned char)a};
        assert_json_valid(one, 1);
        for (unsigned b = 1; b < 256; b++) {
            unsigned char two[2] = {(unsigned char)a, (unsigned char)b};
            assert_json_valid(two, 2);
        }
    }
    for (size_t i = 0; i < NCLS; i++)
        for (size_t j = 0; j < NCLS; j++)
            for (size_t k = 0; k < NCLS; k++) {
                unsigned char three[3] = {cls[i], cls[j], cls[k]};
                assert_json_valid(three, 3);
            }
}

static void json_numbers(void **state) {
    (void)state;
    char b[DTMAPI_JSON_NUM];
    /* digits 0: the shortest form that reads back (areas.json) */
    assert_string_equal(dtmapi_json_num_format(b, 0.1, 0), "0.1");
    assert_string_equal(dtmapi_json_num_format(b, 0.1 + 0.2, 0), "0.30000000000000004");
    assert_string_equal(dtmapi_json_num_format(b, -110, 0), "-110");
    assert_string_equal(dtmapi_json_num_format(b, 1e-7, 0), "1e-07");
    assert_string_equal(dtmapi_json_num_format(b, -0.0, 0), "0");
    /* digits > 0: printf %.*g as summary.json has always written it */
    assert_string_equal(dtmapi_json_num_format(b, 1.0 / 3, 10), "0.3333333333");
    assert_string_equal(dtmapi_json_num_format(b, -0.0, 10), "-0");
    assert_string_equal(dtmapi_json_num_format(b, 0.1 + 0.2, 10), "0.3");
    assert_string_equal(dtmapi_json_num_format(b, NAN, 0), "");
    assert_string_equal(dtmapi_json_num_format(b, INFINITY, 10), "");
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    dtmapi_json_num(fp, NAN, 0), fputc(' ', fp);
    dtmapi_json_num(fp, -INFINITY, 10), fputc(' ', fp);
    dtmapi_json_num(fp, 2.5, 0), fputc(' ', fp);
    dtmapi_json_num(fp, 123456.789012345, 10);
    fclose(fp);
    assert_string_equal(buf, "null null 2.5 123456.789");
    free(buf);
}

static void path_join(void **state) {
    (void)state;
    char b[16];
    assert_int_equal(dtmapi_path_join(b, sizeof b, "out", "a.tif"), 0);
    assert_string_equal(b, "out/a.tif");
    assert_int_equal(dtmapi_path_join(b, sizeof b, "out/", "a.tif"), 0);
    assert_string_equal(b, "out/a.tif");
    assert_int_equal(dtmapi_path_join(b, sizeof b, "", "a.tif"), 0);
    assert_string_equal(b, "a.tif");
    assert_int_equal(dtmapi_path_join(b, sizeof b, "/", "x"), 0);
    assert_string_equal(b, "/x");
    /* "abcdef/ghijklmn" is 15 bytes: it fits in 16, one more byte does not */
    assert_int_equal(dtmapi_path_join(b, sizeof b, "abcdef", "ghijklmn"), 0);
    assert_string_equal(b, "abcdef/ghijklmn");
    assert_int_equal(dtmapi_path_join(b, sizeof b, "abcdef", "ghijklmno"), -1);
    assert_string_equal(b, "abcdef/ghijklmn"); /* truncated, still terminated */
    assert_int_equal(dtmapi_path_join(b, 4, "abcdef", "g"), -1);
    assert_string_equal(b, "abc");
    assert_int_equal(dtmapi_path_join(b, 0, "a", "b"), -1);
    assert_int_equal(dtmapi_path_join(NULL, 8, "a", "b"), -1);
    char *p = dtmap_path_join_alloc("/tmp/run", "summary.json");
    assert_non_null(p);
    assert_string_equal(p, "/tmp/run/summary.json");
    free(p);
    p = dtmap_path_join_alloc("/tmp/run/", "x");
    assert_string_equal(p, "/tmp/run/x");
    free(p);
}

static void trim(void **state) {
    (void)state;
    char s1[] = " \t -98.5 \t ", s2[] = "   ", s3[] = "\r key \r", s4[] = "none";
    assert_string_equal(dtmapi_trim(s1, NULL), "-98.5");
    assert_string_equal(dtmapi_trim(s2, NULL), "");
    assert_string_equal(dtmapi_trim(s3, " \t\r"), "key");
    char *t = dtmapi_trim(s4, NULL);
    assert_ptr_equal(t, s4);
    assert_string_equal(t, "none");
    char s5[] = "\r x \r";
    assert_string_equal(dtmapi_trim(s5, NULL), "\r x \r"); /* CR is not a default blank */
    size_t n;
    const char *in = "  RSRP (dBm)  ", *sp = dtmapi_trim_span(in, " ", &n);
    assert_ptr_equal(sp, in + 2);
    assert_int_equal(n, 10);
    assert_string_equal(in, "  RSRP (dBm)  "); /* unchanged */
    sp = dtmapi_trim_span(NULL, NULL, &n);
    assert_string_equal(sp, "");
    assert_int_equal(n, 0);
}

static void utf8_next(void **state) {
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(dtmapi_utf8_next("A", 1, &cp), 1);
    assert_int_equal(cp, 0x41);
    assert_int_equal(dtmapi_utf8_next("", 1, &cp), 1); /* NUL is a one-byte sequence */
    assert_int_equal(cp, 0);
    assert_int_equal(dtmapi_utf8_next("\xC3\xA9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(dtmapi_utf8_next("\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(dtmapi_utf8_next("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(dtmapi_utf8_next("\xF4\x8F\xBF\xBF", SIZE_MAX, &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
    /* cut short by n, or by the NUL of a string */
    assert_int_equal(dtmapi_utf8_next("\xE2\x82\xAC", 2, NULL), DTMAPI_UTF8_TRUNCATED);
    assert_int_equal(dtmapi_utf8_next("\xF0\x9F", 2, NULL), DTMAPI_UTF8_TRUNCATED);
    assert_int_equal(dtmapi_utf8_next("\xE2\x82", SIZE_MAX, NULL), DTMAPI_UTF8_INVALID);
    static const char *const bad[] = {"\x80",
                                      "\xBF",
                                      "\xC0\x80",
                                      "\xC1\xBF",
                                      "\xE0\x9F\xBF",
                                      "\xED\xA0\x80",
                                      "\xF0\x8F\xBF\xBF",
                                      "\xF4\x90\x80\x80",
                                      "\xF5\x80\x80\x80",
                                      "\xFF",
                                      "\xC3\x41",
                                      "\xE2\x28\xA1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (dtmapi_utf8_next(bad[i], strlen(bad[i]), NULL) != DTMAPI_UTF8_INVALID)
            fail_msg("accepted invalid UTF-8 #%zu", i);
    assert_true(dtmapi_utf8_valid("阳朔 café", strlen("阳朔 café")));
    assert_true(dtmapi_utf8_valid("", 0));
    assert_true(dtmapi_utf8_valid("a\0b", 3));
    assert_false(dtmapi_utf8_valid("caf\xe9", 4));
    assert_false(dtmapi_utf8_valid("\xE2\x82", 2));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_escapes),
        cmocka_unit_test(json_keeps_valid_utf8),
        cmocka_unit_test(json_invalid_bytes_as_latin1),
        cmocka_unit_test(json_always_valid),
        cmocka_unit_test(json_numbers),
        cmocka_unit_test(path_join),
        cmocka_unit_test(trim),
        cmocka_unit_test(utf8_next),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
