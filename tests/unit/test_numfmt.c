/* test_numfmt.c: the sample CSV's number texts (ingest/numfmt.c) are byte-identical to the
 * printf/strtod loops they replace ("%.15g".."%.17g" that strtod reads back; "%.6g".."%.9g"
 * read back through a float), on edge values and on millions of random and decimal-like ones. */
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/numfmt.h"

/* The loops of the writer before numfmt.c, as the reference. */
static void ref_double(char *buf, size_t n, double v) {
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v) return;
    }
}

static void ref_float(char *buf, size_t n, float v) {
    for (int p = 6; p <= 9; p++) {
        snprintf(buf, n, "%.*g", p, (double)v);
        if ((float)strtod(buf, NULL) == v) return;
    }
}

static unsigned long long checked;

/* Fails unless both formatters give v the same text (and the length returned is its own). */
static void same_double(double v) {
    char want[64], got[DTMAPI_NUMFMT_SIZE + 8];
    ref_double(want, sizeof want, v);
    size_t len = dtmapi_fmt_double(got, v);
    if (strcmp(want, got) != 0 || len != strlen(got))
        fail_msg("double %a: \"%s\" expected, got \"%s\" (length %zu)", v, want, got, len);
    checked++;
}

static void same_float(float v) {
    char want[64], got[DTMAPI_NUMFMT_SIZE + 8];
    ref_float(want, sizeof want, v);
    size_t len = dtmapi_fmt_float(got, v);
    if (strcmp(want, got) != 0 || len != strlen(got))
        fail_msg("float %a: \"%s\" expected, got \"%s\" (length %zu)", (double)v, want, got, len);
    checked++;
}

/* xorshift64*: the test's own reproducible stream. */
static uint64_t next(uint64_t *s) {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static void test_edges(void **state) {
    (void)state;
    const double d[] = {0.0,
                        -0.0,
                        1.0,
                        -1.0,
                        0.1,
                        0.1 + 0.2,
                        1.0 / 3.0,
                        2.0 / 3.0,
                        1e21,
                        1e22,
                        1e23,
                        9007199254740992.0,
                        9007199254740993.0,
                        123456789012345678.0,
                        1e15,
                        1e16,
                        1e17,
                        999999999999999.9,
                        9999999999999998.0,
                        0.0001,
                        0.00001,
                        1e-5,
                        1.5e-5,
                        DBL_MIN,
                        DBL_MIN / 2,
                        DBL_TRUE_MIN,
                        -DBL_TRUE_MIN,
                        DBL_MAX,
                        -DBL_MAX,
                        DBL_EPSILON,
                        5e-324,
                        1e-300,
                        1e300,
                        INFINITY,
                        -INFINITY,
                        NAN,
                        -NAN,
                        110.552202,
                        -110.552202,
                        24.729075,
                        180.0,
                        -90.0,
                        0.5,
                        2.5,
                        1125899906842624.5,
                        4503599627370495.5,
                        4503599627370497.0,
                        144370689.0,
                        1234567.0,
                        12345678.9};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        same_double(d[i]);
    const float f[] = {0.0f,     -0.0f,    1.0f,        -109.0f,   -11.0f,    3.0f,     -95.5f,
                       0.1f,     0.8f,     99.89f,      1e21f,     1e-10f,    FLT_MIN,  FLT_MIN / 2,
                       1e-45f,   FLT_MAX,  -FLT_MAX,    INFINITY,  -INFINITY, NAN,      -NAN,
                       16777216, 16777217, 123456789.f, 1234567.f, 0.0001f,   0.00001f, 3.4e38f};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        same_float(f[i]);
    /* integers and powers of ten around every exponent the texts switch style at */
    for (int e = -330; e <= 310; e++) {
        double p = pow(10.0, e);
        same_double(p);
        same_double(nextafter(p, 0));
        same_double(nextafter(p, INFINITY));
        float pf = (float)p;
        same_float(pf);
        same_float(nextafterf(pf, 0));
        same_float(nextafterf(pf, INFINITY));
    }
    for (int i = -100000; i <= 100000; i++) {
        same_double(i);
        same_double(i / 8.0);
        same_float((float)i);
        same_float((float)i / 4.0f);
    }
}

/* Random bit patterns (every exponent, subnormals and NaNs included). */
static void test_random_bits(void **state) {
    (void)state;
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 400000; i++) {
        uint64_t b = next(&s);
        double d;
        memcpy(&d, &b, sizeof d);
        same_double(d);
        uint32_t b32 = (uint32_t)(b >> 32);
        float f;
        memcpy(&f, &b32, sizeof f);
        same_float(f);
    }
}

/* What logs hold: coordinates with 5 to 8 decimals, dB values with 0 to 2, read by strtod. */
static void test_decimal_like(void **state) {
    (void)state;
    uint64_t s = 12345;
    char text[64];
    for (int i = 0; i < 400000; i++) {
        int dec = 5 + (int)(next(&s) % 4);
        double deg = (double)(next(&s) % 360000000000ULL) / 1e9 - 180.0;
        snprintf(text, sizeof text, "%.*f", dec, deg);
        same_double(strtod(text, NULL));
        int fdec = (int)(next(&s) % 3);
        double db = (double)(next(&s) % 200000) / 1000.0 - 160.0;
        snprintf(text, sizeof text, "%.*f", fdec, db);
        same_float((float)strtod(text, NULL));
        same_double((double)(float)strtod(text, NULL));
    }
    /* near-ties at every precision: the neighbours of short decimals */
    for (int i = 0; i < 100000; i++) {
        double v =
            (double)(next(&s) % 100000000000000000ULL) * pow(10.0, (int)(next(&s) % 60) - 40);
        same_double(v);
        same_double(nextafter(v, 0));
        same_double(nextafter(v, INFINITY));
    }
    print_message("%llu values checked\n", checked);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_random_bits),
        cmocka_unit_test(test_decimal_like),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
