/* test_csv_logs.c: CSV-family logs that must not lose data (issue 10): EN-DC spellings and the
 * unknown technology list, OpenCelliD's act column, fields in Latin-1 or GB18030, rows kept
 * without an unusable time, --column KEY=-, and epoch milliseconds that keep their digits. */
#define _DEFAULT_SOURCE
#include "ingest_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The one-screen ingest report of r, as text (static buffer, valid until the next call). */
static const char *report_text(const fx_run *r) {
    static char buf[1 << 14];
    FILE *fp = fmemopen(buf, sizeof buf, "w");
    assert_non_null(fp);
    dtmap_ingest_report_print(&r->rep, &r->set, fp);
    fclose(fp);
    return buf;
}

/* The contents of the file at path (static buffer, valid until the next call). */
static const char *slurp(const char *path) {
    static char buf[1 << 14];
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Fails unless the n bytes at s are valid UTF-8 (every text that reaches an output). */
static void assert_utf8(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int len = *p < 0x80             ? 1
                  : (*p & 0xe0) == 0xc0 ? 2
                  : (*p & 0xf0) == 0xe0 ? 3
                  : (*p & 0xf8) == 0xf0 ? 4
                                        : 0;
        if (!len) fail_msg("not UTF-8 at \"%.20s\"", (const char *)p);
        for (int k = 1; k < len; k++)
            if ((p[k] & 0xc0) != 0x80) fail_msg("not UTF-8 at \"%.20s\"", (const char *)p);
        p += len;
    }
}

/* ---- EN-DC spellings; unknown technology values listed with their counts ---- */

/* Regression: a G-NetTrack variant writing "5G NSA" lost every EN-DC row as an unknown
 * technology (and "LTE CA", "NR NSA", "5G SA" alike); now each spelling is mapped as the man
 * page says and only values no table knows are rejected, and listed by count. */
static void test_endc_spellings(void **state) {
    fx_run *r = *state;
    static const struct {
        const char *value;
        dtmap_tech tech;
    } cases[] = {
        {"5G NSA", DTMAP_TECH_LTE}, {"NR NSA", DTMAP_TECH_LTE}, {"EN-DC", DTMAP_TECH_LTE},
        {"5G-NSA", DTMAP_TECH_LTE}, {"nsa", DTMAP_TECH_LTE},    {"LTE CA", DTMAP_TECH_LTE},
        {"LTE-A", DTMAP_TECH_LTE},  {"lte_ca", DTMAP_TECH_LTE}, {"5G SA", DTMAP_TECH_NR},
        {"NR SA", DTMAP_TECH_NR},   {"5G", DTMAP_TECH_LTE},     {"NR", DTMAP_TECH_NR},
    };
    char text[2048] = "Timestamp,Longitude,Latitude,NetworkMode,RSRP\n";
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text),
                 "2020.01.02_03.04.05,-8.4,51.9,%s,-100\n", cases[i].value);
    const dtmap_file_report *f = fx_read_text(r, text, "gnettrack");
    assert_int_equal(f->rejected[DTMAP_REJ_TECH], 0);
    assert_int_equal(r->set.n, sizeof cases / sizeof *cases);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (r->set.v[i].tech != cases[i].tech) fail_msg("\"%s\" mapped wrongly", cases[i].value);
    /* outside G-NetTrack "5G" alone is NR, an explicit NSA spelling still the LTE anchor */
    assert_int_equal(fx_ingest_text(r, "lat,lon,tech,rsrp\n51.9,-8.4,5G,-100\n"
                                       "51.9,-8.4,5G NSA,-100\n"),
                     DTMAP_OK);
    assert_int_equal(r->set.v[r->set.n - 2].tech, DTMAP_TECH_NR);
    assert_int_equal(r->set.v[r->set.n - 1].tech, DTMAP_TECH_LTE);
}

static void test_unknown_tech_listed(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r, "lat,lon,tech,rsrp\n"
                                       "51.9,-8.4,foo,-100\n"
                                       "51.9,-8.4,WiMAX,-100\n"
                                       "51.9,-8.4,foo,-100\n"
                                       "51.9,-8.4, foo ,-100\n"
                                       "51.9,-8.4,UMTS,-100\n"
                                       "51.9,-8.4,LTE,-100\n"),
                     DTMAP_OK);
    assert_int_equal(fx_ingest_text(r, "lat,lon,tech,rsrp\n51.9,-8.4,WiMAX,-100\n"
                                       "51.9,-8.4,bar,-100\n"),
                     DTMAP_OK);
    const char *text = report_text(r);
    /* over both files, most frequent first, ties by value; UMTS is known (3G), not listed */
    const char *want = "unknown technology values (rejected as tech_not_mapped): foo x 3, "
                       "WiMAX x 2, bar x 1\n";
    if (!strstr(text, want)) fail_msg("report lacks \"%s\":\n%s", want, text);
}

/* ---- OpenCelliD-style uploads name the technology column "act" ---- */

/* Regression: an upload whose technology column is "act" had no technology column, so its
 * HSPA and UMTS rows (RSCP) were mapped as LTE RSRP. */
static void test_opencellid_act(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r, "lat,lon,mcc,mnc,lac,cellid,signal,measured_at,act\n"
                                       "51.5,-0.1,234,10,1,2,-95,1741944067000,LTE\n"
                                       "51.5,-0.1,234,10,1,2,-85,1741944067000,HSPA\n"
                                       "51.5,-0.1,234,10,1,2,-86,1741944067000,UMTS\n"
                                       "51.5,-0.1,234,10,1,2,-75,1741944067000,GSM\n"
                                       "51.5,-0.1,234,10,1,2,-105,1741944067000,NR\n"),
                     DTMAP_OK);
    assert_string_equal(fx_last_file(r)->format, "opencellid");
    assert_int_equal(r->set.n, 2);
    assert_int_equal(r->set.v[0].tech, DTMAP_TECH_LTE);
    assert_int_equal(r->set.v[1].tech, DTMAP_TECH_NR);
    fx_assert_reject(r, 3, DTMAP_REJ_TECH, "act \"HSPA\" is 3G: RSCP is not RSRP");
    fx_assert_reject(r, 4, DTMAP_REJ_TECH, "act \"UMTS\" is 3G: RSCP is not RSRP");
    fx_assert_reject(r, 5, DTMAP_REJ_TECH, "act \"GSM\" is 2G: RxLev is not RSRP");
}

/* ---- fields that are not UTF-8 ---- */

/* Regression: one Latin-1 byte in an unused column made the whole file "not a delimited text
 * log (invalid UTF-8 ...)", and inside a folder it was silently set aside as not a log. */
static void test_latin1_field(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *f = fx_read_text(r,
                                              "lat,lon,rsrp,street,tech\n"
                                              "51.9,-8.4,-100,Caf\xe9 du Parc,LTE\n"
                                              "51.9,-8.4,-101,M\xfcller Stra\xdf"
                                              "e,LTE\n"
                                              "51.9,-8.4,-102,H\xe9l\xe8ne,L\xe9\n",
                                              "csv");
    assert_int_equal(f->accepted, 2);
    assert_int_equal(f->fields_latin1, 4);
    assert_int_equal(f->fields_gb18030, 0);
    if (!strstr(report_text(r), "not UTF-8: 4 field(s) read as Latin-1, 0 as GB18030\n"))
        fail_msg("%s", report_text(r));
    /* the unknown value reaches the reject detail and the report as UTF-8 */
    fx_assert_reject(r, 4, DTMAP_REJ_TECH, "tech \"L\xc3\xa9\" is not a known technology");
    assert_utf8(report_text(r));
    if (!strstr(report_text(r), "L\xc3\xa9 x 1")) fail_msg("%s", report_text(r));
}

/* A Latin-1 header name is decoded too, so --column can name it in UTF-8. */
static void test_latin1_header(void **state) {
    fx_run *r = *state;
    r->opts.column[DTMAP_COL_LON] = "L\xc3\xa4nge";
    r->opts.column[DTMAP_COL_LAT] = "Breite";
    const dtmap_file_report *f = fx_read_text(r, "Breite;L\xe4nge;RSRP\n51,9;-8,4;-100\n", "csv");
    assert_int_equal(f->accepted, 1);
    assert_int_equal(f->fields_latin1, 1);
    assert_double_near(r->set.v[0].lon, -8.4, 1e-12);
}

/* GB18030 (Chinese exports from Windows): decoded when the field reads as GB18030 characters. */
static void test_gb18030_field(void **state) {
    fx_run *r = *state;
    /* "阳朔" and "中国移动" in GB18030 as unknown tech values, to see them in the details */
    const dtmap_file_report *f = fx_read_text(r,
                                              "lat,lon,rsrp,tech\n"
                                              "24.77,110.49,-100,\xd1\xf4\xcb\xb7\n"
                                              "24.77,110.49,-100,\xd6\xd0\xb9\xfa\xd2\xc6\xb6\xaf\n"
                                              "24.77,110.49,-100,\xd1\xf4\n",
                                              "csv");
    fx_assert_reject(r, 2, DTMAP_REJ_TECH, "tech \"阳朔\" is not a known technology");
    fx_assert_reject(r, 3, DTMAP_REJ_TECH, "tech \"中国移动\" is not a known technology");
    fx_assert_reject(r, 4, DTMAP_REJ_TECH, "tech \"阳\" is not a known technology");
    assert_int_equal(f->fields_gb18030, 3);
    /* Latin-1 pairs that would also pass as GB18030 stay Latin-1 */
    fx_read_text(r,
                 "lat,lon,rsrp,tech\n"
                 "24.77,110.49,-100,H\xe9l\xe8ne\n"
                 "24.77,110.49,-100,a\xe7\xe3o\n",
                 "csv");
    fx_assert_reject(r, 2, DTMAP_REJ_TECH, "tech \"Hélène\" is not a known technology");
    fx_assert_reject(r, 3, DTMAP_REJ_TECH, "tech \"ação\" is not a known technology");
    assert_int_equal(fx_last_file(r)->fields_latin1, 2);
    assert_int_equal(fx_last_file(r)->fields_gb18030, 0);
}

/* A reject detail that cuts a long value mid-character stays valid UTF-8. */
static void test_cut_details_utf8(void **state) {
    fx_run *r = *state;
    char text[512] = "lat,lon,rsrp\n51.9,-8.4,-";
    for (int i = 0; i < 40; i++)
        strcat(text, "\xc3\xa9");
    strcat(text, "\n");
    fx_read_text(r, text, "csv");
    assert_utf8(fx_reject_at(r, 2)->detail);
    /* and so does the header quoted in an error, shortened mid-name */
    char header[1024] = "a,";    /* "a," puts a cut of the 400-byte quote inside a character */
    for (int i = 0; i < 80; i++) /* 560 bytes: more than the message quotes */
        strcat(header, "\xe4\xbf\xa1\xe5\x8f\xb7,"); /* 信号, */
    strcat(header, "rsrp\n1\n");
    assert_int_equal(fx_ingest_text(r, header), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, "no latitude/longitude column"));
    assert_utf8(r->err.detail);
}

/* ---- rows with positions keep their sample when their time is unusable ---- */

/* Regression: a log of positioned rows whose time column was time of day only ("09:20:28"),
 * or epochs rounded by a spreadsheet (1.71E+12), lost every row as bad_time. */
static void test_time_unusable_kept(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *f = fx_read_text(r,
                                              "time,lat,lon,rsrp\n"
                                              "09:20:28,51.9,-8.4,-100\n"
                                              "09:20:29,51.9,-8.4,-101\n"
                                              "1.71E+12,51.9,-8.4,-102\n"
                                              "1710408028597,51.9,-8.4,-103\n",
                                              "csv");
    assert_int_equal(f->accepted, 4);
    assert_int_equal(fx_rejected(f), 0);
    assert_true(isnan(r->set.v[0].time_s));
    assert_true(isnan(r->set.v[2].time_s));
    assert_false(isnan(r->set.v[3].time_s));
    const char *want =
        "3  time unusable: kept without time (first: line 2, time \"09:20:28\": a time "
        "of day without a date)";
    if (!strstr(report_text(r), want)) fail_msg("report lacks '%s':\n%s", want, report_text(r));
    /* such samples still join (nothing to position) and write */
    assert_int_equal(dtmap_ingest_join(&r->set, &r->rep, 5, &r->err), DTMAP_OK);
    assert_int_equal(r->set.n, 4);
}

/* --column KEY=- ignores a column, here a time column the log does not need. */
static void test_column_ignored(void **state) {
    fx_run *r = *state;
    r->opts.column[DTMAP_COL_TIME] = "-";
    const dtmap_file_report *f =
        fx_read_text(r, "time,lat,lon,rsrp,sinr\n09:20:28,51.9,-8.4,-100,7\n", "csv");
    assert_int_equal(f->accepted, 1);
    assert_true(isnan(r->set.v[0].time_s));
    assert_null(strstr(report_text(r), "time unusable"));
    r->opts.column[DTMAP_COL_SINR] = "-";
    fx_read_text(r, "time,lat,lon,rsrp,sinr\n09:20:28,51.9,-8.4,-100,7\n", "csv");
    assert_true(isnan(r->set.v[1].value[DTMAP_METRIC_SINR]));
    r->opts.column[DTMAP_COL_LAT] = "-"; /* a column the log cannot do without */
    assert_int_equal(fx_ingest_text(r, "lat,lon,rsrp\n51.9,-8.4,-100\n"), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, "no latitude/longitude column"));
}

/* ---- epoch milliseconds keep their digits ---- */

/* Regression: 1710408028597 ms was written to samples.csv as 2024-03-14T09:20:28.5970001Z
 * (the epoch was scaled by 1e-3, not divided by 1000, so the writer needed 7 digits). */
static void test_epoch_ms_digits(void **state) {
    fx_run *r = *state;
    fx_read_text(r,
                 "time,lat,lon,rsrp\n"
                 "1710408028597,51.9,-8.4,-100\n"
                 "1710408028001,51.9,-8.4,-100\n"
                 "2024-03-14T09:20:28.597Z,51.9,-8.4,-100\n"
                 "1710408028.597,51.9,-8.4,-100\n",
                 "csv");
    assert_true(r->set.v[0].time_s == r->set.v[2].time_s); /* one instant, one double */
    assert_true(r->set.v[0].time_s == r->set.v[3].time_s);
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_csv_logs.%d.csv", (int)getpid());
    assert_int_equal(dtmap_samples_write_csv(&r->set, path, 1, &r->err), DTMAP_OK);
    const char *out = slurp(path);
    const char *lines[] = {"\n2024-03-14T09:20:28.597Z,", "\n2024-03-14T09:20:28.001Z,"};
    for (int i = 0; i < 2; i++)
        if (!strstr(out, lines[i])) fail_msg("samples.csv lacks '%s':\n%s", lines[i] + 1, out);
    /* and reads back to the same times */
    fx_run back = {0};
    dtmap_samples_init(&back.set);
    dtmap_ingest_report_init(&back.rep);
    dtmap_ingest_opts_default(&back.opts);
    assert_int_equal(fx_ingest(&back, path), DTMAP_OK);
    unlink(path);
    assert_int_equal(back.set.n, r->set.n);
    for (size_t i = 0; i < back.set.n; i++)
        assert_true(back.set.v[i].time_s == r->set.v[i].time_s);
    dtmap_samples_free(&back.set);
    dtmap_ingest_report_free(&back.rep);
}

/* A date column with a time-of-day column composes to the same double as one date-time. */
static void test_date_and_time_columns(void **state) {
    fx_run *r = *state;
    fx_read_text(r, "date,time,lat,lon,rsrp\n2024-03-14,09:20:28.597Z,51.9,-8.4,-100\n", "csv");
    assert_true(r->set.v[0].time_s == 1710408028597.0 / 1000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_endc_spellings, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_tech_listed, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_opencellid_act, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_latin1_field, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_latin1_header, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_gb18030_field, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cut_details_utf8, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_time_unusable_kept, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_column_ignored, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_epoch_ms_digits, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_date_and_time_columns, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
