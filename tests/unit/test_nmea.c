/* test_nmea.c: unit tests for the NMEA 0183 reader (sniff, GGA/RMC fixes, epochs, dates across
 * midnight, rejects and skips, line accounting), through dtmap_ingest_file. Fixtures in
 * tests/data/nmea (written by make_fixtures.py there). */
#define _DEFAULT_SOURCE
#include "ingest_fixture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ingest/formats.h"

#define DAY_14 1773446400.0 /* 2026-03-14T00:00:00Z: (56 * 365 + 14 + 31 + 28 + 13) * 86400 */
#define DAY_15 (DAY_14 + 86400)

/* Appends "$body*HH\r\n"-less "$body*HH\n" with the checksum computed here. */
static void add(char *buf, size_t n, const char *body) {
    unsigned x = 0;
    for (const char *p = body; *p; p++)
        x ^= (unsigned char)*p;
    size_t len = strlen(buf);
    snprintf(buf + len, n - len, "$%s*%02X\n", body, x);
}

/* ---- sniff ---- */

static void test_sniff(void **state) {
    (void)state;
    const char *nmea = "$GNRMC,012000.00,A,2446.68000,N,11029.34000,E,16.0,58.0,140326,,,A*07\n"
                       "$GNGGA,012000.00,2446.68000,N,11029.34000,E,1,12,0.80,112.0,M,,M,,*6C\n";
    assert_int_equal(dtmapi_ingest_nmea_sniff(nmea, strlen(nmea)), 1);
    const char *bom = "\xEF\xBB\xBF  $GPGGA,1*00\r\n$BDGSV,1*00\r\n";
    assert_int_equal(dtmapi_ingest_nmea_sniff(bom, strlen(bom)), 1);
    const char *one = "$GPGGA,012000.00,2446.68000,N,11029.34000,E,1,12,0.80,112.0,M,,M,,*6C\n";
    assert_int_equal(dtmapi_ingest_nmea_sniff(one, strlen(one)), 0);
    const char *nostar = "$GPGGA,012000.00,2446.68000,N\n$GPGGA,012001.00,2446.68000,N\n";
    assert_int_equal(dtmapi_ingest_nmea_sniff(nostar, strlen(nostar)), 0);
    const char *talker = "$INGGA,1,2*00\n$IIRMC,1,2*00\n"; /* not GNSS talkers */
    assert_int_equal(dtmapi_ingest_nmea_sniff(talker, strlen(talker)), 0);
    const char *nemo = "#FF,,,\"2.27\"\n#START,10:50:13.504,,\"7.10.2018\"\n"
                       "GPS,10:50:14.134,,99.707466,13.397212,36,0,1,10,0,1.80,0.80,1.60,1\n"
                       "GPS,10:50:15.135,,99.707474,13.397212,36,0,1,10,0,1.80,0.80,1.60,1\n";
    assert_int_equal(dtmapi_ingest_nmea_sniff(nemo, strlen(nemo)), 0);
    const char *quectel =
        "2026-03-14T09:21:07.412+08:00 AT+QGPSLOC=2\n"
        "2026-03-14T09:21:07.530+08:00 +QGPSLOC: 012107.0,24.77800,110.48900,0.8,112.0,2,0.0,"
        "0.0,0.0,140326,12\n"
        "[2026-03-14 09:21:08.001] $GPGGA,012108.00,2446.68000,N,11029.34000,E,1,12,0.8,,M,,M,,"
        "*6C\n"
        "2026-03-14T09:21:08.120+08:00 OK\n";
    assert_int_equal(dtmapi_ingest_nmea_sniff(quectel, strlen(quectel)), 0);
    /* two raw sentences among many AT lines: a transcript, not an NMEA log */
    const char *mixed = "AT+QENG=\"servingcell\"\n+QENG: \"servingcell\",\"NOCONN\"\nOK\n"
                        "$GPGGA,1*00\n$GPRMC,1*00\nAT+CSQ\n+CSQ: 20,99\nOK\n";
    assert_int_equal(dtmapi_ingest_nmea_sniff(mixed, strlen(mixed)), 0);
}

/* A G-NetTrack CSV is read as G-NetTrack, not as NMEA. */
static void test_gnettrack_not_nmea(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("ingest/gnettrack.csv")), DTMAP_OK);
    assert_string_equal(fx_last_file(r)->format, "gnettrack");
    assert_int_equal(r->set.nfix, 0);
    assert_true(r->set.n > 0);
}

/* ---- a clean 1 Hz track ---- */

static void test_track(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nmea/yangshuo.nmea")), DTMAP_OK);
    const dtmap_file_report *f = fx_last_file(r);
    assert_string_equal(f->format, "nmea");
    assert_int_equal(r->set.n, 0); /* positions only: no sample */
    assert_int_equal(f->accepted, 0);
    assert_int_equal(f->lines, 198);
    assert_int_equal(f->blank, 0);
    assert_int_equal(f->meta, 0);
    assert_int_equal(f->records, 198);
    assert_int_equal(f->fixes, 30);
    assert_int_equal(r->set.nfix, 30);
    assert_int_equal(fx_rejected(f), 0);
    assert_int_equal(f->skipped, 168);
    assert_int_equal(fx_skips(f, "TXT"), 3);
    assert_int_equal(fx_skips(f, "RMC same epoch"), 30);
    assert_int_equal(fx_skips(f, "VTG"), 30);
    assert_int_equal(fx_skips(f, "GSA"), 60);
    assert_int_equal(fx_skips(f, "GSV"), 15);
    assert_int_equal(fx_skips(f, "GLL"), 30);
    fx_assert_accounting(f);

    /* line 6: $GNGGA,012000.00,2446.68000,N,11029.34000,E,1,12,0.80,... */
    const dtmap_fix *x = &r->set.fix[0];
    assert_int_equal(x->line, 6);
    assert_double_near(x->time_s, DAY_14 + 1 * 3600 + 20 * 60, 0);
    assert_double_near(x->lat, 24 + 46.68 / 60, 1e-12);
    assert_double_near(x->lon, 110 + 29.34 / 60, 1e-12);
    assert_double_near(x->hdop, 0.80, 1e-6);
    assert_int_equal(x->quality, 1);
    assert_int_equal(x->time_utc, 1);
    assert_int_equal(x->owner, DTMAP_FIX_SHARED);
    assert_int_equal(x->file, f->file);
    /* line 118: $GNGGA,012017.00,2446.71407,N,11029.42082,E,2,13,0.87,... (SBAS) */
    x = fx_fix_at(r, 118);
    assert_double_near(x->time_s, DAY_14 + 4817, 0);
    assert_double_near(x->lat, 24 + 46.71407 / 60, 1e-12);
    assert_double_near(x->lon, 110 + 29.42082 / 60, 1e-12);
    assert_double_near(x->hdop, 0.87, 1e-6);
    assert_int_equal(x->quality, 2);
    /* line 195: the last epoch, 01:20:29; every fix one second after the one before */
    assert_int_equal(r->set.fix[29].line, 195);
    assert_double_near(r->set.fix[29].lat, 24 + 46.73994 / 60, 1e-12);
    for (size_t i = 1; i < 30; i++)
        assert_double_near(r->set.fix[i].time_s - r->set.fix[i - 1].time_s, 1, 0);
}

/* ---- every fault, and a midnight rollover ---- */

static void check_bad(const fx_run *r) {
    const dtmap_file_report *f = fx_last_file(r);
    assert_string_equal(f->format, "nmea");
    assert_int_equal(r->set.n, 0);
    assert_int_equal(f->lines, 49);
    assert_int_equal(f->blank, 1);
    assert_int_equal(f->records, 48);
    assert_int_equal(f->fixes, 16);
    assert_int_equal(f->skipped, 20);
    assert_int_equal(fx_rejected(f), 12);
    fx_assert_accounting(f);
    assert_int_equal(f->rejected[DTMAP_REJ_NO_FIX], 3);
    assert_int_equal(f->rejected[DTMAP_REJ_CHECKSUM], 1);
    assert_int_equal(f->rejected[DTMAP_REJ_FIELDS], 3);
    assert_int_equal(f->rejected[DTMAP_REJ_BAD_POSITION], 1);
    assert_int_equal(f->rejected[DTMAP_REJ_BAD_TIME], 1);
    assert_int_equal(f->rejected[DTMAP_REJ_DUP_TIME], 3);
    assert_int_equal(fx_skips(f, "TXT"), 2);
    assert_int_equal(fx_skips(f, "VTG"), 2);
    assert_int_equal(fx_skips(f, "GSA"), 2);
    assert_int_equal(fx_skips(f, "GSV"), 4);
    assert_int_equal(fx_skips(f, "RMC same epoch"), 7);
    assert_int_equal(fx_skips(f, "repeated epoch"), 2);
    assert_int_equal(fx_skips(f, "PUBX"), 1);

    fx_assert_reject(r, 2, DTMAP_REJ_NO_FIX, "RMC status V (no fix)");
    fx_assert_reject(r, 4, DTMAP_REJ_NO_FIX, "GGA fix quality 0 (no fix)");
    fx_assert_reject(r, 6, DTMAP_REJ_NO_FIX, "GGA without a position (quality 6)");
    /* stated 70 = the true 51 with bits flipped */
    fx_assert_reject(r, 12, DTMAP_REJ_CHECKSUM, "RMC checksum: computed 51, stated 70");
    fx_assert_reject(r, 14, DTMAP_REJ_FIELDS, "not an NMEA sentence: \"????junk?\"");
    fx_assert_reject(r, 16, DTMAP_REJ_FIELDS, "truncated GGA sentence: no *hh checksum");
    fx_assert_reject(r, 17, DTMAP_REJ_FIELDS,
                     "not an NMEA sentence: \"SERIAL: buffer overrun, 12 bytes...\"");
    fx_assert_reject(r, 21, DTMAP_REJ_BAD_POSITION,
                     "GGA latitude \"9147.42000,N\" outside -90..90");
    fx_assert_reject(r, 23, DTMAP_REJ_BAD_TIME, "GGA time \"2359x7.00\" is not hhmmss.ss");
    /* 000005 again 0.035' north and 0.022' east of line 39: 64.9 m and 37.0 m */
    fx_assert_reject(r, 44, DTMAP_REJ_DUP_TIME,
                     "RMC 2026-03-15T00:00:05Z is 74.7 m from the fix of the same time at line 39");
    fx_assert_reject(r, 45, DTMAP_REJ_DUP_TIME,
                     "GGA 2026-03-15T00:00:05Z is 74.7 m from the fix of the same time at line 39");
    fx_assert_reject_has(r, 46, DTMAP_REJ_DUP_TIME, "same time at line 47");

    /* every fix: line, seconds after 2026-03-14T00:00:00Z, quality (-1: from an RMC) */
    static const struct {
        uint32_t line;
        double t;
        int q;
    } want[] = {
        {8, 86392, 1},    {13, 86393, 1},  {15, 86394, -1},
        {18, 86395, 1}, /* junk, then $ */
        {20, 86396, -1},  {22, 86397, -1}, {25, 86398, 1},
        {26, 86399, 1},   /* GGA only: the RMC 1 s before dates it */
        {27, 86401, 1},   /* GGA 00:00:01 dated by the RMC 23:59:58: the next day */
        {34, 86402, 1},   /* first RMC of 15 March */
        {35, 86399.5, 1}, /* GGA 23:59:59.50 dated by the RMC 00:00:03: the day before */
        {37, 86403, 1},   {39, 86405, 1},  {41, 86404, 1}, /* time goes back: kept */
        {47, 86406, 2},   {48, 86407, -1},
    };
    assert_int_equal(r->set.nfix, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const dtmap_fix *x = &r->set.fix[i];
        if (x->line != want[i].line)
            fail_msg("fix %zu at line %u, expected %u", i, x->line, want[i].line);
        assert_double_near(x->time_s, DAY_14 + want[i].t, 0);
        assert_int_equal(x->quality, want[i].q);
        assert_int_equal(x->time_utc, 1);
        assert_int_equal(isnan(x->hdop), want[i].q < 0);
    }
    /* line 13: checksum in lower case; line 18: the GGA after "$GPGSV,2,1,07,02,45,120,3" */
    assert_double_near(fx_fix_at(r, 13)->hdop, 1.30, 1e-6);
    assert_double_near(fx_fix_at(r, 18)->lat, 24 + 47.415 / 60, 1e-12);
    assert_double_near(fx_fix_at(r, 18)->lon, 110 + 30.118 / 60, 1e-12);
    assert_double_near(fx_fix_at(r, 20)->lat, 24 + 47.42 / 60, 1e-12); /* from the RMC */
    assert_double_near(fx_fix_at(r, 47)->lat, 24 + 47.47 / 60, 1e-12); /* $GNGGA */
    assert_double_near(fx_fix_at(r, 47)->lon, 110 + 30.184 / 60, 1e-12);
    assert_double_near(fx_fix_at(r, 47)->hdop, 0.80, 1e-6);
}

static void test_bad(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nmea/bad.nmea")), DTMAP_OK);
    check_bad(r);
}

/* bad.nmea has CRLF line ends; the same bytes with LF give the same fixes and rejects. */
static void test_crlf_as_lf(void **state) {
    fx_run *r = *state;
    FILE *fp = fopen(testutil_data("nmea/bad.nmea"), "rb");
    assert_non_null(fp);
    static char buf[1 << 14];
    size_t n = fread(buf, 1, sizeof buf - 1, fp), m = 0;
    fclose(fp);
    size_t crlf = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\r' && i + 1 < n && buf[i + 1] == '\n') crlf++;
        if (buf[i] != '\r') buf[m++] = buf[i];
    }
    assert_int_equal(crlf, 49);
    assert_int_equal(fx_ingest_bytes(r, buf, m), DTMAP_OK);
    check_bad(r);
}

/* ---- a GGA-only log has no date ---- */

static void test_gga_only(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nmea/gga_only.nmea")), DTMAP_OK);
    const dtmap_file_report *f = fx_last_file(r);
    assert_int_equal(f->lines, 18);
    assert_int_equal(f->fixes, 0);
    assert_int_equal(r->set.nfix, 0);
    assert_int_equal(r->set.n, 0);
    assert_int_equal(f->rejected[DTMAP_REJ_BAD_TIME], 8);
    assert_int_equal(fx_rejected(f), 8);
    assert_int_equal(fx_skips(f, "GSA"), 8);
    assert_int_equal(fx_skips(f, "GSV"), 2);
    fx_assert_accounting(f);
    static const uint32_t gga[] = {1, 4, 6, 8, 10, 13, 15, 17};
    for (size_t i = 0; i < sizeof gga / sizeof gga[0]; i++)
        fx_assert_reject(r, gga[i], DTMAP_REJ_BAD_TIME, "GGA has no date: no RMC in this file");
}

/* ---- fields: hemispheres, fractions, 19yy, and the faults of single fields ---- */

static void test_fields(void **state) {
    fx_run *r = *state;
    static char text[8192];
    text[0] = '\0';
    const size_t n = sizeof text;
    add(text, n, "GPRMC,120000.25,A,3352.12800,S,15112.56000,W,0.0,0.0,010199,,,A"); /* 1 */
    add(text, n, "GPRMC,120001.00,A,3352.12800,S,15112.56000,W,0.0,0.0,310426,,,A"); /* 2 */
    add(text, n, "GPRMC,120002.00,A,3352.12800,S,15112.56000,W,0.0,0.0,010199,,,N"); /* 3 */
    add(text, n, "GPRMC,120003.00,X,3352.12800,S,15112.56000,W,0.0,0.0,010199,,,A"); /* 4 */
    add(text, n, "GPGGA,120004.00,3360.50000,S,15112.56000,W,1,08,0.9,20.0,M,,M,,"); /* 5 */
    add(text, n, "GPGGA,120005.00,0000.00000,N,00000.00000,E,1,08,0.9,20.0,M,,M,,"); /* 6 */
    add(text, n, "GPGGA,120006.00,3352.12800,S");                                    /* 7 */
    add(text, n, "GPGGA,120007.00,3352.12800,S,18100.00000,E,1,08,0.9,20.0,M,,M,,"); /* 8 */
    add(text, n, "GPGGA,120008.00,3352.12900,S,15112.56100,W,1,08,xyz,20.0,M,,M,,"); /* 9 */
    add(text, n, "INGGA,120009.00,3352.12900,S,15112.56100,W,1,08,0.9,20.0,M,,M,,"); /* 10 */
    add(text, n, "GPZDA,120009.00,01,01,1999,00,00");                                /* 11 */
    add(text, n, "GPGGA,120010.00,3352.13000,S,15112.56200,W,A,08,0.9,20.0,M,,M,,"); /* 12 */
    add(text, n, "GPRMC,120011.00,A,3352.13100,S,15112.56300,W,0.0,0.0,010199,,,A"); /* 13 */
    text[strlen(text) - 1] = '\0'; /* line 13 goes on with a second whole sentence */
    add(text, n, "GPGGA,120011.00,3352.13100,S,15112.56300,W,1,08,1.5,20.0,M,,M,,");
    strcat(text, "$GPGGA,120012.00,3352.13200,S,15112.56400,W,1,08,0.9,20.0,M,,M,,*ZZ\n");
    strcat(text, "$GPGGA,120013.00,3352.13300,S,15112.56500,W,1,08,0.9,20.0,M,,M,,*4\n");
    /* one epoch's RMC 0.00005' (8.3e-7 deg) from its GGA is the same place; 0.0002' is not */
    add(text, n, "GPGGA,120020.00,3352.14000,S,15112.57000,W,1,08,0.9,20.0,M,,M,,"); /* 16 */
    add(text, n, "GPRMC,120020.00,A,3352.14000,S,15112.57005,W,0.0,0.0,010199,,,A"); /* 17 */
    add(text, n, "GPGGA,120021.00,3352.14100,S,15112.57100,W,1,08,0.9,20.0,M,,M,,"); /* 18 */
    add(text, n, "GPRMC,120021.00,A,3352.14100,S,15112.57120,W,0.0,0.0,010199,,,A"); /* 19 */
    assert_int_equal(fx_ingest_text(r, text), DTMAP_OK);
    const dtmap_file_report *f = fx_last_file(r);
    assert_int_equal(f->lines, 19);
    assert_int_equal(f->fixes, 5);
    fx_assert_accounting(f);

    const dtmap_fix *x = fx_fix_at(r, 1); /* 1999-01-01: (29 * 365 + 7) days after 1970 */
    assert_double_near(x->time_s, (29 * 365 + 7) * 86400.0 + 43200.25, 0);
    assert_double_near(x->lat, -(33 + 52.128 / 60), 1e-12);
    assert_double_near(x->lon, -(151 + 12.56 / 60), 1e-12);
    assert_int_equal(x->quality, -1);
    assert_true(isnan(x->hdop));
    x = fx_fix_at(r, 9); /* dated by the nearest RMC before it, line 4 (its status is no fix) */
    assert_double_near(x->time_s, (29 * 365 + 7) * 86400.0 + 43208, 0);
    assert_true(isnan(x->hdop)); /* "xyz" */
    assert_int_equal(x->quality, 1);
    x = fx_fix_at(r, 13); /* two sentences on one line: the last is read */
    assert_double_near(x->hdop, 1.5, 1e-6);
    assert_int_equal(x->quality, 1);

    fx_assert_reject(r, 2, DTMAP_REJ_BAD_TIME, "RMC date \"310426\" is not ddmmyy");
    fx_assert_reject(r, 3, DTMAP_REJ_NO_FIX, "RMC mode N (data not valid)");
    fx_assert_reject(r, 4, DTMAP_REJ_FIELDS, "RMC status \"X\" is not A or V");
    fx_assert_reject(r, 5, DTMAP_REJ_BAD_POSITION,
                     "GGA latitude \"3360.50000,S\" is not ddmm.mmmm,N/S");
    fx_assert_reject(r, 6, DTMAP_REJ_ZERO_POSITION, "GGA position 0,0 (GPS without a fix)");
    fx_assert_reject(r, 7, DTMAP_REJ_FIELDS,
                     "truncated GGA sentence: 3 fields, at least 9 expected");
    fx_assert_reject(r, 8, DTMAP_REJ_BAD_POSITION,
                     "GGA longitude \"18100.00000,E\" outside -180..180");
    fx_assert_reject(r, 12, DTMAP_REJ_FIELDS, "GGA fix quality \"A\" is not 0..9");
    fx_assert_reject_has(r, 14, DTMAP_REJ_CHECKSUM, "stated \"ZZ\" is not hex");
    fx_assert_reject(r, 15, DTMAP_REJ_FIELDS, "truncated GGA sentence: no *hh checksum");
    assert_int_equal(fx_skips(f, "INGGA"), 1);
    assert_int_equal(fx_skips(f, "ZDA"), 1);
    assert_int_equal(fx_skips(f, "RMC same epoch"), 1);
    assert_int_equal(f->skipped, 3);
    fx_assert_reject(r, 19, DTMAP_REJ_DUP_TIME,
                     "RMC 1999-01-01T12:00:21Z is 0.3 m from the fix of the same time at line 18");
    assert_int_equal(fx_rejected(f), 11);
}

/* A file without any sentence is not an NMEA log: the reader says so (the sniffer would not
 * have picked it; called directly here). */
static void test_no_sentence(void **state) {
    fx_run *r = *state;
    const char *path = testutil_tmpfile(".nmea", "hello\nworld $ 12\n");
    assert_non_null(path);
    dtmap_file_report fr = {0};
    ingest_sink k = {path, &r->opts, &r->set, &r->rep, &fr};
    dtmap_status st = dtmapi_ingest_nmea_read(&k, &r->err);
    unlink(path);
    assert_int_equal(st, DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, path));
    assert_non_null(strstr(r->err.detail, "no NMEA sentence"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test_setup_teardown(test_gnettrack_not_nmea, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_track, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_crlf_as_lf, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_gga_only, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_fields, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_no_sentence, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
