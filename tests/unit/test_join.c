/* test_join.c: the time join (dtmap_ingest_join): interpolation, exact fixes, the maximum gap,
 * own versus shared tracks, the zone and overlap errors, and the accounting it updates. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/ingest.h"

typedef struct world {
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_error err;
} world;

static int setup(void **state) {
    world *w = calloc(1, sizeof *w);
    if (!w) return -1;
    dtmap_samples_init(&w->set);
    dtmap_ingest_report_init(&w->rep);
    *state = w;
    return 0;
}

static int teardown(void **state) {
    world *w = *state;
    dtmap_samples_free(&w->set);
    dtmap_ingest_report_free(&w->rep);
    free(w);
    return 0;
}

/* Registers a file with an (empty) report; returns its index. */
static uint32_t add_file(world *w, const char *name) {
    uint32_t f;
    assert_int_equal(dtmap_samples_add_file(&w->set, name, &f), DTMAP_OK);
    w->rep.files = realloc(w->rep.files, (w->rep.nfiles + 1) * sizeof *w->rep.files);
    assert_non_null(w->rep.files);
    memset(&w->rep.files[w->rep.nfiles], 0, sizeof *w->rep.files);
    w->rep.files[w->rep.nfiles++].file = f;
    return f;
}

static dtmap_file_report *report_of(world *w, uint32_t f) {
    for (size_t i = 0; i < w->rep.nfiles; i++)
        if (w->rep.files[i].file == f) return &w->rep.files[i];
    fail();
    return NULL;
}

static void add_fix(world *w, uint32_t file, uint32_t owner, double t, double lon, double lat,
                    float hdop, int quality) {
    dtmap_fix f = {t, lon, lat, hdop, (int8_t)quality, 1, file, 1, owner};
    assert_int_equal(dtmap_samples_push_fix(&w->set, &f), DTMAP_OK);
    report_of(w, file)->fixes++;
    report_of(w, file)->records++;
}

/* A measurement waiting for a position (lon/lat NAN). */
static void add_meas(world *w, uint32_t file, uint32_t line, double t, int utc, float rsrp) {
    dtmap_sample s = dtmap_sample_blank();
    s.time_s = t;
    s.time_utc = (uint8_t)utc;
    s.value[DTMAP_METRIC_RSRP] = rsrp;
    s.tech = DTMAP_TECH_NBIOT;
    s.file = file;
    s.line = line;
    assert_int_equal(dtmap_samples_push(&w->set, &s), DTMAP_OK);
    report_of(w, file)->accepted++;
    report_of(w, file)->records++;
}

#define T0 1773451200.0 /* 2026-03-14T01:20:00Z */

/* Linear interpolation between fixes, a fix at the very time, the gap rule on both sides,
 * hdop/quality taken from the worse fix, and the rejects that move out of "accepted". */
static void test_interpolation_and_gap(void **state) {
    world *w = *state;
    uint32_t nmea = add_file(w, "track.nmea"), modem = add_file(w, "modem.log");
    /* fixes added out of order: the join sorts them */
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0 + 2, 110.4920, 24.7800, 1.2f, 2);
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0 + 0, 110.4900, 24.7790, 0.8f, 1);
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0 + 20, 110.5000, 24.7900, 0.9f, 1);
    add_meas(w, modem, 10, T0 + 0.5, 1, -80); /* between fix 0 and 2: positioned */
    add_meas(w, modem, 11, T0 + 2, 1, -81);   /* exactly at a fix */
    add_meas(w, modem, 12, T0 + 10, 1, -82);  /* fixes 18 s apart > 5 s: unpositioned */
    add_meas(w, modem, 13, T0 - 1, 1, -83);   /* before the track */
    add_meas(w, modem, 14, T0 + 20, 1, -84);  /* exactly at the last fix */
    assert_int_equal(dtmap_ingest_join(&w->set, &w->rep, 5.0, &w->err), DTMAP_OK);
    assert_int_equal(w->set.n, 3);
    assert_double_near(w->set.v[0].lon, 110.4900 + 0.25 * 0.0020, 1e-12);
    assert_double_near(w->set.v[0].lat, 24.7790 + 0.25 * 0.0010, 1e-12);
    assert_double_near(w->set.v[0].hdop, 1.2, 1e-6); /* the worse of 0.8 and 1.2 */
    assert_int_equal(w->set.v[0].fix_quality, 1);    /* the lower quality */
    assert_double_near(w->set.v[1].lon, 110.4920, 1e-12);
    assert_int_equal(w->set.v[1].line, 11);
    assert_int_equal(w->set.v[2].line, 14);
    assert_double_near(w->set.v[2].lat, 24.7900, 1e-12);
    const dtmap_file_report *fr = report_of(w, modem);
    assert_int_equal(fr->accepted, 3);
    assert_int_equal(fr->rejected[DTMAP_REJ_UNPOSITIONED], 2);
    assert_int_equal(fr->records, fr->accepted + fr->fixes + fr->skipped + 2);
    assert_int_equal(w->rep.nrejects, 2);
    assert_int_equal(w->rep.rejects[0].line, 12);
    assert_non_null(strstr(w->rep.rejects[0].detail, "5 s"));
    assert_int_equal(w->rep.rejects[1].line, 13);
    assert_int_equal(w->rep.positioned, 3);
}

/* A file with fixes of its own (Nemo GPS, +QGPSLOC) uses them, not the shared NMEA track. */
static void test_own_fixes_first(void **state) {
    world *w = *state;
    uint32_t nmea = add_file(w, "track.nmea"), nemo = add_file(w, "drive.nmf");
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0, 1.0, 1.0, NAN, -1);
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0 + 4, 1.0, 1.0, NAN, -1);
    add_fix(w, nemo, nemo, 100.0, 110.0, 24.0, NAN, -1); /* log clock, not UTC */
    add_fix(w, nemo, nemo, 102.0, 110.2, 24.2, NAN, -1);
    add_meas(w, nemo, 5, 101.0, 0, -90);
    assert_int_equal(dtmap_ingest_join(&w->set, &w->rep, 5.0, &w->err), DTMAP_OK);
    assert_int_equal(w->set.n, 1);
    assert_double_near(w->set.v[0].lon, 110.1, 1e-12);
    assert_double_near(w->set.v[0].lat, 24.1, 1e-12);
    assert_true(isnan(w->set.v[0].hdop));
}

/* Local times of unknown zone cannot meet a UTC track: a clear error naming --tz, and nothing
 * changed. */
static void test_local_time_needs_tz(void **state) {
    world *w = *state;
    uint32_t nmea = add_file(w, "track.nmea"), modem = add_file(w, "modem.log");
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0, 110.49, 24.78, NAN, 1);
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0 + 1, 110.49, 24.78, NAN, 1);
    add_meas(w, modem, 3, T0 + 8 * 3600, 0, -90);
    assert_int_equal(dtmap_ingest_join(&w->set, &w->rep, 5.0, &w->err), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(w->err.detail, "modem.log"));
    assert_non_null(strstr(w->err.detail, "--tz"));
    assert_int_equal(w->set.n, 1);
    assert_int_equal(w->rep.nrejects, 0);
}

/* Streams that never overlap in time: an error giving both spans, not 100 % rejects. */
static void test_no_overlap(void **state) {
    world *w = *state;
    uint32_t nmea = add_file(w, "track.nmea"), modem = add_file(w, "modem.log");
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0, 110.49, 24.78, NAN, 1);
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0 + 60, 110.50, 24.78, NAN, 1);
    add_meas(w, modem, 3, T0 + 8 * 3600, 1, -90); /* zone given twice: 8 h off */
    add_meas(w, modem, 4, T0 + 8 * 3600 + 30, 1, -91);
    assert_int_equal(dtmap_ingest_join(&w->set, &w->rep, 5.0, &w->err), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(w->err.detail, "do not overlap"));
    assert_non_null(strstr(w->err.detail, "2026-03-14 09:20:00")); /* the measurements */
    assert_non_null(strstr(w->err.detail, "2026-03-14 01:20:00")); /* the track */
    assert_int_equal(w->set.n, 2);
}

/* Nothing to join: fixes without any measurement, measurements without any track. */
static void test_nothing_to_join(void **state) {
    world *w = *state;
    uint32_t nmea = add_file(w, "track.nmea");
    add_fix(w, nmea, DTMAP_FIX_SHARED, T0, 110.49, 24.78, NAN, 1);
    assert_int_equal(dtmap_ingest_join(&w->set, &w->rep, 5.0, &w->err), DTMAP_ERR_EMPTY);
    assert_non_null(strstr(w->err.detail, "nothing to join"));
    assert_non_null(strstr(w->err.detail, "track.nmea"));

    world v = {0};
    dtmap_samples_init(&v.set);
    dtmap_ingest_report_init(&v.rep);
    uint32_t modem = add_file(&v, "modem.log");
    add_meas(&v, modem, 7, T0, 1, -90);
    assert_int_equal(dtmap_ingest_join(&v.set, &v.rep, 5.0, &v.err), DTMAP_ERR_EMPTY);
    assert_non_null(strstr(v.err.detail, "modem.log: nothing to join"));
    dtmap_samples_free(&v.set);
    dtmap_ingest_report_free(&v.rep);
}

/* A Nemo log of 3G only: its own GPS fixes, every measurement rejected (tech_not_mapped). No
 * error: nothing waits for a position and the rejects are the file's account (it was "nothing
 * to join: 2 GNSS fix(es) ... but no measurement"). A track alone stays "nothing to join". */
static void test_fixes_with_rejected_measurements(void **state) {
    world *w = *state;
    uint32_t nemo = add_file(w, "umts.nmf");
    add_fix(w, nemo, nemo, T0, 110.49, 24.78, NAN, 1);
    add_fix(w, nemo, nemo, T0 + 1, 110.49, 24.78, NAN, 1);
    w->rep.files[0].rejected[DTMAP_REJ_TECH] = 2;
    assert_int_equal(dtmap_ingest_join(&w->set, &w->rep, 5.0, &w->err), DTMAP_OK);
    assert_int_equal(w->set.n, 0);
    w->rep.files[0].rejected[DTMAP_REJ_TECH] = 0;
    w->rep.files[0].rejected[DTMAP_REJ_NO_FIX] = 2; /* GNSS rejects are no measurements */
    assert_int_equal(dtmap_ingest_join(&w->set, &w->rep, 5.0, &w->err), DTMAP_ERR_EMPTY);
    assert_non_null(strstr(w->err.detail, "nothing to join"));
}

/* Samples that already have positions (G-NetTrack) pass through untouched, in order. */
static void test_positioned_untouched(void **state) {
    world *w = *state;
    uint32_t csv = add_file(w, "drive.csv");
    dtmap_sample s = dtmap_sample_blank();
    s.lon = 110.5;
    s.lat = 24.8;
    s.value[DTMAP_METRIC_RSRP] = -95;
    s.file = csv;
    assert_int_equal(dtmap_samples_push(&w->set, &s), DTMAP_OK);
    assert_int_equal(dtmap_ingest_join(&w->set, &w->rep, 5.0, &w->err), DTMAP_OK);
    assert_int_equal(w->set.n, 1);
    assert_double_near(w->set.v[0].lon, 110.5, 0);
    assert_int_equal(w->rep.positioned, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_interpolation_and_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_fixes_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_local_time_needs_tz, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_to_join, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fixes_with_rejected_measurements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positioned_untouched, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
