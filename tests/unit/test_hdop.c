/* test_hdop.c: the one HDOP rule (dtmapi_ingest_hdop) holds for every reader: the same HDOP
 * text read from a CSV log and from an NMEA GGA sentence gives the same sample or fix HDOP. */
#include "ingest_fixture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest/validate.h"

/* The HDOP texts checked and what the rule keeps of each (NAN: missing). */
static const struct {
    const char *text;
    float want;
} cases[] = {
    {"0", NAN},     {"0.0", NAN},  {"0.8", 0.8f}, {"50.5", 50.5f}, {"99.89", 99.89f},
    {"99.99", NAN}, {"99.9", NAN}, {"100", NAN},  {"150", NAN},    {"999.99", NAN},
};
#define NCASES (sizeof cases / sizeof cases[0])

/* Appends "$body*HH\n" to buf (n bytes) with the sentence's checksum. */
static void sentence(char *buf, size_t n, const char *body) {
    unsigned x = 0;
    for (const char *p = body; *p; p++)
        x ^= (unsigned char)*p;
    size_t len = strlen(buf);
    snprintf(buf + len, n - len, "$%s*%02X\n", body, x);
}

/* Fails unless a is b, or both are NaN. */
static void assert_same_hdop(float a, float b, const char *text) {
    if (isnan(a) && isnan(b)) return;
    if (a == b) return;
    fail_msg("HDOP \"%s\": %.9g against %.9g", text, (double)a, (double)b);
}

static void test_rule(void **state) {
    (void)state;
    assert_true(isnan(dtmapi_ingest_hdop(NAN)));
    assert_true(isnan(dtmapi_ingest_hdop(INFINITY)));
    assert_true(isnan(dtmapi_ingest_hdop(-1)));
    assert_true(isnan(dtmapi_ingest_hdop(1e-60))); /* 0 as a float */
    assert_true(isnan(dtmapi_ingest_hdop(1e300)));
    assert_true(isnan(dtmapi_ingest_hdop(99.99)));
    assert_true(isnan(dtmapi_ingest_hdop(99.9)));
    assert_true(dtmapi_ingest_hdop(99.89) == 99.89f);
    assert_true(dtmapi_ingest_hdop(1.5) == 1.5f);
}

/* The same HDOPs through a CSV log and an NMEA log: the same result, the rule's. */
static void test_csv_and_nmea_agree(void **state) {
    fx_run *r = *state;
    char csv[2048] = "lat,lon,rsrp,hdop\n", nmea[4096] = "";
    for (size_t i = 0; i < NCASES; i++) {
        size_t len = strlen(csv);
        snprintf(csv + len, sizeof csv - len, "24.778,110.489,-90,%s\n", cases[i].text);
    }
    sentence(nmea, sizeof nmea, "GPRMC,012000.00,A,2446.68000,N,11029.34000,E,0.0,0.0,140326,,,A");
    for (size_t i = 0; i < NCASES; i++) {
        char body[160];
        snprintf(body, sizeof body,
                 "GPGGA,0120%02u.00,2446.68000,N,11029.34000,E,1,08,%s,20.0,M,,M,,",
                 (unsigned)i + 1, cases[i].text);
        sentence(nmea, sizeof nmea, body);
    }
    assert_int_equal(fx_ingest_text(r, csv), DTMAP_OK);
    assert_int_equal(r->set.n, NCASES);
    fx_read_text(r, nmea, NULL);
    for (size_t i = 0; i < NCASES; i++) {
        float from_csv = fx_sample_at(r, (uint32_t)i + 2)->hdop;
        float from_nmea = fx_fix_at(r, (uint32_t)i + 2)->hdop;
        assert_same_hdop(from_csv, cases[i].want, cases[i].text);
        assert_same_hdop(from_nmea, cases[i].want, cases[i].text);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
        cmocka_unit_test_setup_teardown(test_csv_and_nmea_agree, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
