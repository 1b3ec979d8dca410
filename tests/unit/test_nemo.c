/* test_nemo.c: unit tests for the Nemo Outdoor .nmf reader on small synthetic logs
 * (tests/data/nemo/): samples, fixes, skips and rejects line by line, times, sniffing. */
#define _DEFAULT_SOURCE
#include "ingest_fixture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest/formats.h"

/* 2018-08-26, 2018-10-07 and 2018-12-31 00:00 UTC in seconds since 1970. */
#define DAY_20180826 1535241600.0
#define DAY_20181007 1538870400.0
#define DAY_20181231 1546214400.0

static void assert_nbr(const fx_run *r, const dtmap_sample *s, uint32_t i, int pci, int channel,
                       double rsrp, double rsrq) {
    assert_true(i < s->nnbr);
    const dtmap_neighbour *n = &r->set.nbr[s->nbr + i];
    assert_int_equal(n->pci, pci);
    assert_int_equal(n->channel, channel);
    assert_double_near(n->rsrp, rsrp, 1e-4);
    if (isnan(rsrq))
        assert_true(isnan(n->rsrq));
    else
        assert_double_near(n->rsrq, rsrq, 1e-4);
}

/* ---- UE log: CELLMEAS, CI, GPS and every kind of reject ---- */

static void test_ue_counts(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nemo/ue_fdd.nmf")), DTMAP_OK);
    const dtmap_file_report *fr = fx_last_file(r);
    assert_string_equal(fr->format, "nemo");
    assert_string_equal(fr->device, "Nemo Outdoor 7.8.0.8, format 2.27");
    assert_int_equal(fr->lines, 21);
    assert_int_equal(fr->blank, 1);
    assert_int_equal(fr->meta, 6);
    assert_int_equal(fr->records, 14);
    assert_int_equal(fr->accepted, 2);
    assert_int_equal(fr->fixes, 1);
    assert_int_equal(fr->skipped, 2);
    assert_int_equal(fx_skips(fr, "PHRATE"), 1);
    assert_int_equal(fx_skips(fr, "CI SCell"), 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_TECH], 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_NO_METRIC], 2);
    assert_int_equal(fr->rejected[DTMAP_REJ_FIELDS], 2);
    assert_int_equal(fr->rejected[DTMAP_REJ_RSRP_RANGE], 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_NO_FIX], 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_ZERO_POSITION], 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_BAD_NUMBER], 1);
    assert_int_equal(dtmap_ingest_report_rejected(&r->rep), 9);
    fx_assert_accounting(fr);
}

static void test_ue_cellmeas_values(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nemo/ue_fdd.nmf")), DTMAP_OK);
    const dtmap_sample *s = fx_sample_at(r, 7);
    assert_int_equal(s->tech, DTMAP_TECH_LTE);
    assert_double_near(s->value[DTMAP_METRIC_RSRP], -93.1, 1e-4);
    assert_double_near(s->value[DTMAP_METRIC_RSRQ], -10.7, 1e-4);
    assert_true(isnan(s->value[DTMAP_METRIC_SINR]));
    assert_int_equal(s->pci, 279);
    assert_int_equal(s->channel, 125);
    assert_true(isnan(s->lon) && isnan(s->lat));
    /* #UT,,,420: the logger ran at UTC+7, so 17:14:54.881 local is 10:14:54.881 UTC */
    assert_int_equal(s->time_utc, 1);
    assert_double_near(s->time_s, DAY_20180826 + 17 * 3600 + 14 * 60 + 54.881 - 7 * 3600, 1e-6);
    assert_int_equal(s->nnbr, 2);
    assert_nbr(r, s, 0, 12, 125, -93.7, -14.1);
    assert_nbr(r, s, 1, 413, 1850, -101.1, NAN); /* trailing fields empty */
}

static void test_ue_ci_sinr(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nemo/ue_fdd.nmf")), DTMAP_OK);
    const dtmap_sample *s = fx_sample_at(r, 8);
    assert_double_near(s->value[DTMAP_METRIC_SINR], 1.3, 1e-4);
    assert_true(isnan(s->value[DTMAP_METRIC_RSRP]) && isnan(s->value[DTMAP_METRIC_RSRQ]));
    assert_int_equal(s->pci, 279); /* from the CELLMEAS serving cell before it */
    assert_int_equal(s->channel, 125);
    assert_int_equal(s->nnbr, 0);
    fx_assert_reject_has(r, 20, DTMAP_REJ_NO_METRIC, "CI: SINR empty");
}

static void test_ue_gps_and_rejects(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nemo/ue_fdd.nmf")), DTMAP_OK);
    const dtmap_fix *f = fx_fix_at(r, 6);
    assert_double_near(f->lon, 101.264656, 1e-9); /* longitude first */
    assert_double_near(f->lat, 12.662567, 1e-9);
    assert_double_near(f->hdop, 0.80, 1e-6); /* PDOP 1.50, HDOP 0.80, VDOP 1.30 */
    assert_int_equal(f->quality, 1);
    assert_int_equal(f->owner, f->file); /* positions only this file's samples */
    assert_double_near(f->time_s, DAY_20180826 + 17 * 3600 + 14 * 60 + 54.748 - 7 * 3600, 1e-6);
    fx_assert_reject_has(r, 12, DTMAP_REJ_TECH, "measured system 5");
    fx_assert_reject_has(r, 13, DTMAP_REJ_NO_METRIC, "no serving cell");
    fx_assert_reject_has(r, 14, DTMAP_REJ_FIELDS, "3 cells of 9 parameters need 34");
    fx_assert_reject_has(r, 15, DTMAP_REJ_RSRP_RANGE, "RSRP -30 outside");
    fx_assert_reject_has(r, 16, DTMAP_REJ_NO_FIX, "no position");
    fx_assert_reject_has(r, 17, DTMAP_REJ_ZERO_POSITION, "0,0");
    fx_assert_reject_has(r, 18, DTMAP_REJ_FIELDS, "not a Nemo event line: \"garbage text here\"");
    fx_assert_reject_has(r, 19, DTMAP_REJ_BAD_NUMBER, "RSRP \"abc\"");
}

/* ---- scanner log: OFDMSCAN ---- */

static void test_scanner(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nemo/scanner.nmf")), DTMAP_OK);
    const dtmap_file_report *fr = fx_last_file(r);
    assert_int_equal(fr->lines, 17);
    assert_int_equal(fr->meta, 5);
    assert_int_equal(fr->records, 12);
    assert_int_equal(fr->accepted, 3);
    assert_int_equal(fr->fixes, 1);
    assert_int_equal(fr->skipped, 5);
    assert_int_equal(fx_skips(fr, "OFDMSCAN sync"), 2);
    assert_int_equal(fx_skips(fr, "SCANCONFIG"), 1);
    assert_int_equal(fx_skips(fr, "PILOTSCAN"), 1);
    assert_int_equal(fx_skips(fr, "CELLPOLLUTION"), 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_NO_METRIC], 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_FIELDS], 2);
    fx_assert_accounting(fr);
    fx_assert_reject_has(r, 9, DTMAP_REJ_NO_METRIC, "no cell found on EARFCN 125");
    fx_assert_reject_has(r, 14, DTMAP_REJ_FIELDS, "3 cells of 10 parameters need");
    fx_assert_reject_has(r, 15, DTMAP_REJ_FIELDS, "second cell block");

    /* best of three: PCI 335 at -67.9 dBm, with its RSRQ and CINR; all cells as neighbours */
    const dtmap_sample *s = fx_sample_at(r, 7);
    assert_int_equal(s->pci, 335);
    assert_int_equal(s->channel, 100);
    assert_double_near(s->value[DTMAP_METRIC_RSRP], -67.9, 1e-4);
    assert_double_near(s->value[DTMAP_METRIC_RSRQ], -6.7, 1e-4);
    assert_double_near(s->value[DTMAP_METRIC_SINR], 22.8, 1e-4);
    assert_int_equal(s->time_utc, 0); /* no #UT, no --tz */
    assert_double_near(s->time_s, DAY_20181007 + 10 * 3600 + 50 * 60 + 17.242, 1e-6);
    assert_int_equal(s->nnbr, 3);
    assert_nbr(r, s, 0, 335, 100, -67.9, -6.7);
    assert_nbr(r, s, 1, 342, 100, -80.7, -19.5);
    assert_nbr(r, s, 2, 420, 100, -89.3, -21.8);

    /* a tie at -75.5 dBm (PCI 256 listed before 342): the first listed wins */
    s = fx_sample_at(r, 11);
    assert_int_equal(s->pci, 256);
    assert_double_near(s->value[DTMAP_METRIC_RSRP], -75.5, 1e-4);
    assert_double_near(s->value[DTMAP_METRIC_RSRQ], -24.7, 1e-4);
    assert_double_near(s->value[DTMAP_METRIC_SINR], -7.5, 1e-4);
    assert_int_equal(s->nnbr, 3);

    s = fx_sample_at(r, 16);
    assert_int_equal(s->pci, 77);
    assert_int_equal(s->channel, 125);
    assert_int_equal(s->nnbr, 1);
}

/* ---- times ---- */

static void test_midnight_rollover(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nemo/midnight.nmf")), DTMAP_OK);
    const dtmap_file_report *fr = fx_last_file(r);
    assert_int_equal(fr->accepted, 5);
    assert_int_equal(fr->fixes, 2);
    fx_assert_accounting(fr);
    const double d0 = DAY_20181231, d1 = d0 + 86400, d2 = d1 + 86400;
    const dtmap_sample *s = fx_sample_at(r, 4);
    assert_double_near(s->time_s, d0 + 86399.5, 1e-6);
    assert_int_equal(s->pci, -1); /* CI before any CELLMEAS */
    assert_double_near(s->value[DTMAP_METRIC_SINR], 5.0, 1e-4);
    assert_double_near(fx_fix_at(r, 5)->time_s, d1 + 0.2, 1e-6);
    assert_true(isnan(fx_fix_at(r, 5)->hdop)); /* the TDD logs leave the DOPs empty */
    /* 23:59:59.9 logged after 00:00:00.2 belongs to the day before */
    assert_double_near(fx_sample_at(r, 6)->time_s, d0 + 86399.9, 1e-6);
    s = fx_sample_at(r, 7);
    assert_double_near(s->time_s, d1 + 1.0, 1e-6);
    assert_int_equal(s->pci, 13);
    assert_int_equal(s->channel, 39050);
    assert_int_equal(s->nnbr, 1);
    assert_nbr(r, s, 0, 13, 39248, -92.9, -16.8); /* cell type 10 (secondary serving cell) */
    assert_int_equal(fx_sample_at(r, 8)->channel, 39050);
    assert_double_near(fx_fix_at(r, 9)->time_s, d1 + 12.5 * 3600,
                       1e-6);                                        /* a 12.5 h gap, same day */
    assert_double_near(fx_sample_at(r, 10)->time_s, d2 + 2.0, 1e-6); /* rolled a second time */
}

static const char *const tz_log = "#FF,,,\"2.30\"\n"
                                  "#START,08:00:00.000,,\"1.2.2020\"\n"
                                  "CI,08:00:01.000,,7,2,4.5,0\n";

static void test_tz(void **state) {
    fx_run *r = *state;
    const double local = 1580515200.0 + 8 * 3600 + 1; /* 2020-02-01 08:00:01 */
    assert_int_equal(fx_ingest_text(r, tz_log), DTMAP_OK);
    assert_int_equal(r->set.v[0].time_utc, 0);
    assert_double_near(r->set.v[0].time_s, local, 1e-6);

    r->opts.tz_set = 1;
    r->opts.tz_offset_s = 2 * 3600;
    assert_int_equal(fx_ingest_text(r, tz_log), DTMAP_OK);
    assert_int_equal(r->set.v[1].time_utc, 1);
    assert_double_near(r->set.v[1].time_s, local - 7200, 1e-6);

    /* #UT fixes the zone when --tz does not say otherwise; --tz wins over it */
    char with_ut[256];
    snprintf(with_ut, sizeof with_ut, "#UT,,,-300,-300\n%s", tz_log);
    assert_int_equal(fx_ingest_text(r, with_ut), DTMAP_OK);
    assert_double_near(r->set.v[2].time_s, local - 7200, 1e-6);
    r->opts.tz_set = 0;
    assert_int_equal(fx_ingest_text(r, with_ut), DTMAP_OK);
    assert_int_equal(r->set.v[3].time_utc, 1);
    assert_double_near(r->set.v[3].time_s, local + 5 * 3600, 1e-6);
}

static void test_start_date(void **state) {
    fx_run *r = *state;
    /* no zero padding: 7.10.2018 is 7 October */
    assert_int_equal(fx_ingest(r, testutil_data("nemo/scanner.nmf")), DTMAP_OK);
    assert_double_near(fx_fix_at(r, 6)->time_s, DAY_20181007 + 10 * 3600 + 50 * 60 + 14.134, 1e-6);
    /* without a usable #START date every measurement is a bad_time reject; others still skip */
    assert_int_equal(fx_ingest_text(r, "#START,08:00:00.000,,\"31.2.2020\"\n"
                                       "CI,08:00:01.000,,7,2,4.5,0\n"
                                       "PHRATE,08:00:01.500,,1\n"
                                       "GPS,08:00:02.000,,100.5,13.7,7,0,1,16,11,,,,\n"),
                     DTMAP_OK);
    const dtmap_file_report *fr = fx_last_file(r);
    assert_int_equal(fr->rejected[DTMAP_REJ_BAD_TIME], 2);
    assert_int_equal(fr->skipped, 1);
    fx_assert_accounting(fr);
    fx_assert_reject_has(r, 2, DTMAP_REJ_BAD_TIME, "#START date \"31.2.2020\"");
    assert_int_equal(fx_ingest_text(r, "#FF,,,\"2.27\"\nCI,08:00:01.000,,7,2,4.5,0\n"
                                       "CI,8:0x:01.000,,7,2,4.5,0\n"),
                     DTMAP_OK);
    fx_assert_reject_has(r, 2, DTMAP_REJ_BAD_TIME, "CI: no #START date");
    fx_assert_reject_has(r, 3, DTMAP_REJ_BAD_TIME, "CI: time \"8:0x:01.000\" is not hh:mm:ss.sss");
}

/* ---- whole files ---- */

static void test_crlf(void **state) {
    fx_run *r = *state;
    FILE *fp = fopen(testutil_data("nemo/ue_fdd.nmf"), "rb");
    assert_non_null(fp);
    char in[4096], out[8192];
    size_t n = fread(in, 1, sizeof in - 1, fp), m = 0;
    fclose(fp);
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '\n') out[m++] = '\r';
        out[m++] = in[i];
    }
    out[m] = '\0';
    assert_int_equal(fx_ingest_text(r, out), DTMAP_OK);
    const dtmap_file_report *fr = fx_last_file(r);
    assert_int_equal(fr->lines, 21);
    assert_int_equal(fr->accepted, 2);
    assert_int_equal(fr->fixes, 1);
    assert_int_equal(dtmap_ingest_report_rejected(&r->rep), 9);
    assert_nbr(r, fx_sample_at(r, 7), 1, 413, 1850, -101.1, NAN);
    assert_string_equal(fr->device, "Nemo Outdoor 7.8.0.8, format 2.27");
}

static void test_version_and_empty(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("nemo/midnight.nmf")), DTMAP_OK);
    assert_string_equal(fx_last_file(r)->device, "Nemo Outdoor 8.0.2.22, format 2.31");
    assert_int_equal(fx_ingest_text(r,
                                    "#PRODUCT,,,\"NEMO HANDY\",\"2.1\"\n#FF,,,\"2.10\"\n"
                                    "#START,08:00:00.000,,\"1.2.2020\"\nCI,08:00:01,,7,2,4.5,0\n"),
                     DTMAP_OK);
    assert_string_equal(fx_last_file(r)->device, "NEMO HANDY 2.1, format 2.10 (unchecked)");
    assert_int_equal(r->set.n, 5 + 1);
    /* headers only: nothing of the format at all, and nothing is left behind */
    size_t files = r->rep.nfiles;
    assert_int_equal(fx_ingest_text(r, "#PRODUCT,,,\"NEMO OUTDOOR\",\"7.8.0.8\"\n#FF,,,\"2.27\"\n"),
                     DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, "no Nemo event"));
    assert_int_equal(r->rep.nfiles, files);
}

static void test_unknown_events(void **state) {
    fx_run *r = *state;
    char text[2048] = "#START,08:00:00.000,,\"1.2.2020\"\n";
    for (int i = 0; i < DTMAP_SKIP_KINDS + 2; i++) {
        char line[64];
        snprintf(line, sizeof line, "EV%c,08:00:%02d.000,,1,2\n", 'A' + i, i);
        strcat(text, line);
    }
    strcat(text, "EVA,08:00:40.000,,1\n");
    assert_int_equal(fx_ingest_text(r, text), DTMAP_OK);
    const dtmap_file_report *fr = fx_last_file(r);
    assert_int_equal(fr->skipped, DTMAP_SKIP_KINDS + 3);
    assert_int_equal(fx_skips(fr, "EVA"), 2);
    assert_int_equal(fx_skips(fr, "other"), 2); /* the two kinds beyond DTMAP_SKIP_KINDS */
    fx_assert_accounting(fr);
}

static char *head_of(const char *path) {
    static char buf[65537];
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

static int sniff(const char *s) {
    return dtmapi_ingest_nemo_sniff(s, strlen(s));
}

static void test_sniff(void **state) {
    (void)state;
    assert_true(sniff(head_of(testutil_data("nemo/ue_fdd.nmf"))));
    assert_true(sniff(head_of(testutil_data("nemo/scanner.nmf"))));
    assert_true(
        sniff("\xEF\xBB\xBF\r\n\r\n#FF,,,\"2.27\"\r\n#START,1:00:00.000,,\"1.1.2020\"\r\n"));
    /* no header: event lines alone, mostly */
    assert_true(sniff("GPS,10:50:14.134,,99.7,13.3,36,0,1\nCI,10:50:14.2,,7,2,1.3\n"
                      "PHRATE,10:50:15.000,,1\nnoise\nOFDMSCAN,10:50:16.000,,7,5\n"));
    assert_false(sniff("GPS,10:50:14.134,,99.7,13.3\nnoise\nmore noise\n"));
    assert_false(sniff("GPS,10:50:14.134,,99.7,13.3\n")); /* one line says too little */
    assert_false(sniff(head_of(testutil_data("ingest/gnettrack.csv"))));
    assert_false(sniff("$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76\n"
                       "$GPRMC,092750.000,A,5321.6802,N,00630.3372,W,0.02,31.66,280511,,,A*43\n"));
    assert_false(sniff("AT+QENG=\"servingcell\"\r\n+QENG: \"servingcell\",\"NOCONN\",\"LTE\","
                       "\"FDD\",460,11,8C8E01,351,1650,3,5,5,6A01,-95,-10,-64,14,-,-,-\r\nOK\r\n"));
    assert_false(sniff("[2025-03-14 09:21:07.412] AT+QENG=\"servingcell\"\n"
                       "[2025-03-14 09:21:07.500] OK\n"));
    assert_false(sniff("time,lat,lon,rsrp\n12:00:00.000,1,2,-90\n12:00:01.000,1,2,-91\n"));
    assert_false(sniff(""));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ue_counts, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ue_cellmeas_values, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ue_ci_sinr, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ue_gps_and_rejects, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_scanner, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_midnight_rollover, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_tz, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_start_date, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_crlf, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_version_and_empty, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_events, fx_setup, fx_teardown),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
