/* test_ingest.c: unit tests for the ingest module (CSV dialects, rejects, report, round trip). */
#define _DEFAULT_SOURCE
#include "ingest_fixture.h"

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *slurp(const char *path) {
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* ---- names and ranges ---- */

static void test_names(void **state) {
    (void)state;
    assert_string_equal(dtmap_reject_name(DTMAP_REJ_TECH), "tech_not_mapped");
    assert_string_equal(dtmap_reject_name(DTMAP_REJ_RSRP_RANGE), "rsrp_range");
    assert_string_equal(dtmap_reject_name(DTMAP_REJ_FIELDS), "fields");
    assert_string_equal(dtmap_reject_text(DTMAP_REJ_RSRP_RANGE), "RSRP outside 3GPP range");
    dtmap_column c;
    assert_int_equal(dtmap_column_parse("CellID", &c), 0);
    assert_int_equal(c, DTMAP_COL_CELL);
    assert_int_equal(dtmap_column_parse("channel", &c), 0);
    assert_int_equal(c, DTMAP_COL_CHANNEL);
    assert_int_equal(dtmap_column_parse("rscp", &c), -1);
    assert_string_equal(dtmap_column_name(DTMAP_COL_LON), "lon");
}

static void test_metric_range(void **state) {
    (void)state;
    double lo, hi;
    assert_int_equal(dtmap_metric_range(DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, &lo, &hi), 1);
    assert_double_near(lo, -140, 0);
    assert_double_near(hi, -44, 0);
    assert_int_equal(dtmap_metric_range(DTMAP_TECH_LTE, DTMAP_METRIC_RSRQ, &lo, &hi), 1);
    assert_double_near(lo, -34, 0);
    assert_double_near(hi, 2.5, 0);
    assert_int_equal(dtmap_metric_range(DTMAP_TECH_LTE, DTMAP_METRIC_SINR, &lo, &hi), 1);
    assert_double_near(lo, -23, 0);
    assert_double_near(hi, 40, 0);
    assert_int_equal(dtmap_metric_range(DTMAP_TECH_NR, DTMAP_METRIC_RSRP, &lo, &hi), 1);
    assert_double_near(lo, -156, 0);
    assert_double_near(hi, -31, 0);
    assert_int_equal(dtmap_metric_range(DTMAP_TECH_NR, DTMAP_METRIC_RSRQ, &lo, &hi), 1);
    assert_double_near(lo, -43, 0);
    assert_double_near(hi, 20, 0);
    assert_int_equal(dtmap_metric_range(DTMAP_TECH_REDCAP, DTMAP_METRIC_RSRP, &lo, &hi), 1);
    assert_double_near(lo, -156, 0);
    assert_int_equal(dtmap_metric_range(DTMAP_TECH_NBIOT, DTMAP_METRIC_RSRP, &lo, &hi), 1);
    assert_double_near(lo, -156, 0);
    assert_double_near(hi, -44, 0);
    assert_int_equal(dtmap_metric_range(DTMAP_TECH_OTHER, DTMAP_METRIC_RSRP, &lo, &hi), 0);
}

/* ---- every reject reason, with line numbers across blank lines and a quoted newline ---- */

static void test_rejects_fixture(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("ingest/rejects.csv")), DTMAP_OK);
    const dtmap_file_report *f = fx_last_file(r);
    assert_string_equal(f->format, "csv");
    assert_int_equal(f->records, 22);
    assert_int_equal(f->accepted, 9);
    assert_int_equal(dtmap_ingest_report_rejected(&r->rep), 13);
    assert_int_equal(f->rejected[DTMAP_REJ_NO_POSITION], 2);
    assert_int_equal(f->rejected[DTMAP_REJ_BAD_POSITION], 2);
    assert_int_equal(f->rejected[DTMAP_REJ_RSRP_RANGE], 2);
    fx_assert_reject(r, 4, DTMAP_REJ_FIELDS, "5 fields, header has 9");
    fx_assert_reject(r, 5, DTMAP_REJ_NO_POSITION, "latitude missing");
    fx_assert_reject(r, 6, DTMAP_REJ_NO_POSITION, NULL);
    fx_assert_reject(r, 7, DTMAP_REJ_ZERO_POSITION, NULL);
    fx_assert_reject(r, 8, DTMAP_REJ_BAD_POSITION, "latitude 95.5 outside -90..90");
    fx_assert_reject(r, 9, DTMAP_REJ_BAD_POSITION, NULL);
    /* line 11's time "yesterday" is unusable, but the row has its position: kept, flagged */
    assert_int_equal(f->time_unusable, 1);
    assert_int_equal(f->time_unusable_line, 11);
    assert_string_equal(f->time_unusable_why, "time \"yesterday\": not a date");
    fx_assert_reject(r, 12, DTMAP_REJ_BAD_NUMBER, "RSRQ \"abc\" is not a number");
    fx_assert_reject(r, 13, DTMAP_REJ_NO_METRIC, NULL);
    fx_assert_reject(r, 14, DTMAP_REJ_RSRP_RANGE, "RSRP -200.5 outside -140..-44 dBm (LTE)");
    fx_assert_reject(r, 15, DTMAP_REJ_RSRQ_RANGE, NULL);
    fx_assert_reject(r, 16, DTMAP_REJ_SINR_RANGE, NULL);
    fx_assert_reject(r, 17, DTMAP_REJ_TECH, "tech \"UMTS\" is 3G: RSCP is not RSRP");
    fx_assert_reject(r, 21, DTMAP_REJ_RSRP_RANGE, NULL);
    /* accepted lines, in order; line 23's record spans two lines, so the next one is 25 */
    static const uint32_t lines[] = {2, 11, 18, 19, 20, 22, 23, 25, 26};
    assert_int_equal(r->set.n, 9);
    assert_true(isnan(r->set.v[1].time_s));
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(r->set.v[i].line, lines[i]);
    const dtmap_sample *s = &r->set.v[0];
    assert_double_near(s->lat, 51.5, 0);
    assert_double_near(s->lon, -0.1, 0);
    assert_double_near(s->time_s, 1741944067, 0);
    assert_int_equal(s->time_utc, 1);
    assert_float_equal(s->value[DTMAP_METRIC_RSRP], -95, 0);
    assert_float_equal(s->value[DTMAP_METRIC_RSRQ], -10, 0);
    assert_float_equal(s->value[DTMAP_METRIC_SINR], 12, 0);
    assert_int_equal(s->pci, 101);
    assert_int_equal(s->channel, 1300);
    assert_int_equal(s->tech, DTMAP_TECH_LTE);
    assert_double_near(r->set.v[3].lon, -8.388338000000001, 1e-15); /* float noise is fine */
    assert_int_equal(r->set.v[4].tech, DTMAP_TECH_NR);
    assert_float_equal(r->set.v[4].value[DTMAP_METRIC_RSRP], -150, 0);
    assert_true(isnan(r->set.v[5].value[DTMAP_METRIC_SINR])); /* "not available" */
    assert_int_equal(r->set.v[6].channel, -1);                /* "13\n00" is no channel */
    assert_int_equal(r->set.v[8].pci, 103);                   /* no final newline */
}

/* ---- delimiters, BOM, CRLF, quotes ---- */

static void test_semicolon_decimal_comma(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r, "latitude;longitude;rsrp;sinr;rsrq\n"
                                       "51,935;-8,5;-88,5;-8,5;-\n"
                                       "51,936;-8,5;NaN;12;null\n"
                                       "51,937;-8,5;-1,234.5;12;-10\n"),
                     DTMAP_OK);
    assert_int_equal(r->set.n, 2);
    assert_double_near(r->set.v[0].lat, 51.935, 1e-12);
    assert_double_near(r->set.v[0].lon, -8.5, 0);
    assert_float_equal(r->set.v[0].value[DTMAP_METRIC_RSRP], -88.5f, 0);
    assert_float_equal(r->set.v[0].value[DTMAP_METRIC_SINR], -8.5f, 0);
    assert_true(isnan(r->set.v[0].value[DTMAP_METRIC_RSRQ]));
    assert_true(isnan(r->set.v[1].value[DTMAP_METRIC_RSRP]));
    fx_assert_reject(r, 4, DTMAP_REJ_BAD_NUMBER, NULL);
}

static void test_tab(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r, "lat\tlon\trsrp\tpci\n"
                                       "51.9\t-8.4\t-97,5\t\n"
                                       "51.9\t-8.4\t-98\t7\n"),
                     DTMAP_OK);
    assert_int_equal(r->set.n, 2);
    assert_float_equal(r->set.v[0].value[DTMAP_METRIC_RSRP], -97.5f, 0);
    assert_int_equal(r->set.v[0].pci, -1);
    assert_int_equal(r->set.v[1].pci, 7);
    /* a tab file whose rows start with an empty field keeps its columns in place */
    assert_int_equal(fx_ingest_text(r, "pci\tlat\tlon\trsrp\n"
                                       "\t51.9\t-8.4\t-90\n"),
                     DTMAP_OK);
    assert_int_equal(r->set.n, 3);
    assert_double_near(r->set.v[2].lat, 51.9, 0);
    assert_float_equal(r->set.v[2].value[DTMAP_METRIC_RSRP], -90, 0);
}

static void test_bom_crlf_quotes(void **state) {
    fx_run *r = *state;
    assert_int_equal(
        fx_ingest_text(r, "\xef\xbb\xbf\"Latitude\",\"Longitude\",\"RSRP\",\"Cell ID\"\r\n"
                          "\r\n"
                          "\"51.9\",\"-8.4\",\"-97\",\"1234\"\r\n"
                          "  \r\n"
                          "51.8, -8.3 ,\" -96 \",\"12\"\"3\"\r\n"),
        DTMAP_OK);
    assert_int_equal(fx_last_file(r)->records, 2);
    assert_int_equal(r->set.n, 2);
    assert_int_equal(r->set.v[0].line, 3);
    assert_int_equal(r->set.v[1].line, 5);
    assert_double_near(r->set.v[0].lat, 51.9, 0);
    assert_int_equal(r->set.v[0].cell_id, 1234);
    assert_double_near(r->set.v[1].lon, -8.3, 0);
    assert_float_equal(r->set.v[1].value[DTMAP_METRIC_RSRP], -96, 0);
    assert_int_equal(r->set.v[1].cell_id, -1); /* 12"3 */
}

/* ---- header aliases and overrides ---- */

static void test_aliases(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r,
                                    " LNG , LAT ,SS_RSRP,SNR,SS_RSRQ,NCI,ARFCN,RAT,PCI,DateTime\n"
                                    "-8.4,51.9,-100,3.5,-11,68719476735,627264,NR,543,"
                                    "2025-03-14T09:21:07Z\n"),
                     DTMAP_OK);
    assert_int_equal(r->set.n, 1);
    const dtmap_sample *s = &r->set.v[0];
    assert_double_near(s->lon, -8.4, 0);
    assert_double_near(s->lat, 51.9, 0);
    assert_float_equal(s->value[DTMAP_METRIC_RSRP], -100, 0);
    assert_float_equal(s->value[DTMAP_METRIC_SINR], 3.5f, 0);
    assert_float_equal(s->value[DTMAP_METRIC_RSRQ], -11, 0);
    assert_int_equal(s->cell_id, 68719476735LL);
    assert_int_equal(s->channel, 627264);
    assert_int_equal(s->pci, 543);
    assert_int_equal(s->tech, DTMAP_TECH_NR);
    assert_double_near(s->time_s, 1741944067, 0);
    /* longitude/latitude/nrsrp/eci/earfcn/timestamp, and date + time of day */
    assert_int_equal(fx_ingest_text(r, "date,time,longitude,latitude,nrsrp,eci,earfcn,tech\n"
                                       "2025-03-14,09:21:07.5,-8.4,51.9,-150,99,3400,NB-IoT\n"),
                     DTMAP_OK);
    assert_int_equal(r->set.n, 2);
    s = &r->set.v[1];
    assert_double_near(s->time_s, 1741944067.5, 0);
    assert_int_equal(s->time_utc, 0);
    assert_int_equal(s->tech, DTMAP_TECH_NBIOT);
    assert_int_equal(s->cell_id, 99);
    assert_int_equal(s->channel, 3400);
}

static void test_column_override(void **state) {
    fx_run *r = *state;
    const char *text = "a,b,c,d,rsrp\n"
                       "51.9,-8.4,-80,12,-99\n";
    r->opts.column[DTMAP_COL_LAT] = "A";
    r->opts.column[DTMAP_COL_LON] = " b ";
    r->opts.column[DTMAP_COL_RSRP] = "c"; /* wins over the detected rsrp column */
    r->opts.column[DTMAP_COL_SINR] = "d";
    assert_int_equal(fx_ingest_text(r, text), DTMAP_OK);
    assert_int_equal(r->set.n, 1);
    assert_double_near(r->set.v[0].lat, 51.9, 0);
    assert_float_equal(r->set.v[0].value[DTMAP_METRIC_RSRP], -80, 0);
    assert_float_equal(r->set.v[0].value[DTMAP_METRIC_SINR], 12, 0);
    r->opts.column[DTMAP_COL_PCI] = "Nope";
    assert_int_equal(fx_ingest_text(r, text), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, "pci=\"Nope\""));
    assert_non_null(strstr(r->err.detail, r->tmp));
    assert_int_equal(r->set.n, 1);      /* a failed call adds no samples */
    assert_int_equal(r->rep.nfiles, 1); /* nor a file report */
}

/* ---- G-NetTrack ---- */

static void test_gnettrack(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("ingest/gnettrack.csv")), DTMAP_OK);
    const dtmap_file_report *f = fx_last_file(r);
    assert_string_equal(f->format, "gnettrack");
    assert_int_equal(f->records, 15);
    assert_int_equal(f->accepted, 6);
    assert_int_equal(f->rejected[DTMAP_REJ_TECH], 5);
    assert_int_equal(f->rejected[DTMAP_REJ_NO_METRIC], 3);
    fx_assert_reject(r, 4, DTMAP_REJ_TECH, "NetworkMode \"HSPA+\" is 3G: RSCP is not RSRP");
    assert_string_equal(fx_reject_at(r, 5)->detail, "NetworkMode \"UMTS\" is 3G: RSCP is not RSRP");
    fx_assert_reject(r, 6, DTMAP_REJ_TECH, NULL); /* EDGE */
    /* RSRP marker rows are "nothing measured": their RSRQ/SNR are placeholders (the Cork logs
     * pair RSRP -200 with RSRQ -20 and SNR -30.0), so the whole row is no_metric. */
    fx_assert_reject(r, 7, DTMAP_REJ_NO_METRIC, "no measurement (RSRP -200 marker)");
    fx_assert_reject(r, 8, DTMAP_REJ_NO_METRIC, NULL);
    fx_assert_reject(r, 14, DTMAP_REJ_NO_METRIC, "no measurement (RSRP -340 marker)");
    assert_string_equal(fx_reject_at(r, 12)->detail,
                        "NetworkMode \"FOO\" is not a known technology");
    assert_string_equal(fx_reject_at(r, 13)->detail, "NetworkMode is empty");
    fx_assert_reject(r, 15, DTMAP_REJ_RSRP_RANGE, "RSRP -30 outside -140..-44 dBm (LTE)");
    assert_int_equal(f->time_unusable, 1); /* line 16, month 13: kept without time */
    assert_int_equal(f->time_unusable_line, 16);
    const dtmap_sample *v = r->set.v;
    assert_int_equal(v[0].line, 2);
    assert_int_equal(v[0].tech, DTMAP_TECH_LTE);               /* "5G" = EN-DC: the LTE anchor */
    assert_int_equal(v[0].cell_id, 11016972);                  /* RAWCELLID, not CellID 12 */
    assert_float_equal(v[0].value[DTMAP_METRIC_RSRP], -99, 0); /* not NRxRSRP -100 */
    assert_double_near(v[0].time_s, 1576318590, 0);            /* local, no zone given */
    assert_int_equal(v[0].time_utc, 0);
    assert_double_near(v[0].lon, -8.388186, 0);
    assert_double_near(v[0].lat, 51.935604, 0);
    assert_int_equal(v[2].line, 9); /* LTE-A */
    assert_int_equal(v[2].tech, DTMAP_TECH_LTE);
    assert_int_equal(v[3].tech, DTMAP_TECH_NR);
    assert_int_equal(v[3].cell_id, -1);
    assert_int_equal(v[4].tech, DTMAP_TECH_NBIOT);
    /* with a zone: UTC = local - offset */
    r->opts.tz_set = 1;
    r->opts.tz_offset_s = 3600;
    assert_int_equal(fx_ingest(r, testutil_data("ingest/gnettrack.csv")), DTMAP_OK);
    assert_int_equal(r->set.n, 12);
    assert_double_near(r->set.v[6].time_s, 1576318590 - 3600, 0);
    assert_int_equal(r->set.v[6].time_utc, 1);
    assert_int_equal(r->rep.nfiles, 2);
    assert_int_equal(r->rep.files[0].file, r->rep.files[1].file); /* same path, same index */
}

/* Regression: only the -200/-205/-340 RSRP markers void a G-NetTrack row; an RSRP that is just
 * missing ("-", "NaN") leaves the row's measured SNR a sample. (A first cut of the marker rule
 * rejected any non-empty missing RSRP text.) */
static void test_gnettrack_missing_rsrp_keeps_snr(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r, "Timestamp,Longitude,Latitude,NetworkMode,RSRP,RSRQ,SNR\n"
                                       "2020.01.02_03.04.05,-8.4,51.9,LTE,-,-,7.5\n"
                                       "2020.01.02_03.04.06,-8.4,51.9,LTE,NaN,-12,6.0\n"
                                       "2020.01.02_03.04.07,-8.4,51.9,LTE,-200,-20,-30.0\n"),
                     DTMAP_OK);
    assert_int_equal(fx_last_file(r)->accepted, 2);
    assert_int_equal(fx_last_file(r)->rejected[DTMAP_REJ_NO_METRIC], 1);
    assert_true(isnan(r->set.v[0].value[DTMAP_METRIC_RSRP]));
    assert_float_equal(r->set.v[0].value[DTMAP_METRIC_SINR], 7.5, 0);
    assert_float_equal(r->set.v[1].value[DTMAP_METRIC_RSRQ], -12, 0);
    fx_assert_reject(r, 4, DTMAP_REJ_NO_METRIC, NULL);
}

static void test_networktech(void **state) {
    fx_run *r = *state;
    /* NetworkTech alone: 5G is NR */
    assert_int_equal(fx_ingest_text(r, "Timestamp,Longitude,Latitude,NetworkTech,RSRP\n"
                                       "2020.01.02_03.04.05,-8.4,51.9,5G,-120\n"
                                       "2020.01.02_03.04.06,-8.4,51.9,4G,-100\n"
                                       "2020.01.02_03.04.07,-8.4,51.9,3G,-90\n"),
                     DTMAP_OK);
    assert_string_equal(fx_last_file(r)->format, "gnettrack");
    assert_int_equal(r->set.n, 2);
    assert_int_equal(r->set.v[0].tech, DTMAP_TECH_NR);
    assert_int_equal(r->set.v[1].tech, DTMAP_TECH_LTE);
    fx_assert_reject(r, 4, DTMAP_REJ_TECH, NULL);
    /* with NetworkMode too, 5G is EN-DC (LTE anchor) whichever column is used */
    r->opts.column[DTMAP_COL_TECH] = "NetworkTech";
    assert_int_equal(fx_ingest_text(r, "Timestamp,Longitude,Latitude,NetworkMode,NetworkTech,RSRP\n"
                                       "2020.01.02_03.04.05,-8.4,51.9,5G,5G,-100\n"),
                     DTMAP_OK);
    assert_int_equal(r->set.n, 3);
    assert_int_equal(r->set.v[2].tech, DTMAP_TECH_LTE);
}

static void test_default_tech(void **state) {
    fx_run *r = *state;
    const char *text = "lat,lon,rsrp\n51.9,-8.4,-150\n";
    assert_int_equal(fx_ingest_text(r, text), DTMAP_OK);
    fx_assert_reject(r, 2, DTMAP_REJ_RSRP_RANGE, NULL); /* LTE by default: -150 is out of range */
    r->opts.tech_set = 1;
    r->opts.tech = DTMAP_TECH_NR;
    assert_int_equal(fx_ingest_text(r, text), DTMAP_OK);
    assert_int_equal(r->set.n, 1);
    assert_int_equal(r->set.v[0].tech, DTMAP_TECH_NR);
}

/* ---- OpenCelliD-style uploads and timestamps ---- */

static void test_opencellid(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("ingest/opencellid.csv")), DTMAP_OK);
    const dtmap_file_report *f = fx_last_file(r);
    assert_string_equal(f->format, "opencellid");
    assert_int_equal(f->records, 10);
    assert_int_equal(f->accepted, 8);
    assert_int_equal(f->time_unusable, 1); /* 1.68E+12: kept without time */
    fx_assert_reject(r, 8, DTMAP_REJ_TECH, "radio \"GSM\" is 2G: RxLev is not RSRP"); /* GSM */
    fx_assert_reject(r, 9, DTMAP_REJ_TECH, NULL);                                     /* UMTS */
    const dtmap_sample *v = r->set.v;
    assert_double_near(v[0].time_s, 1741944067, 0); /* epoch ms */
    assert_int_equal(v[0].time_utc, 1);
    assert_float_equal(v[0].value[DTMAP_METRIC_RSRP], -95, 0); /* signal */
    assert_double_near(v[1].time_s, 1741944067, 0);            /* epoch s */
    assert_double_near(v[2].time_s, 1741944067, 0);            /* ISO Z */
    assert_int_equal(v[2].time_utc, 1);
    assert_double_near(v[3].time_s, 1741944067, 0); /* ISO without zone: local */
    assert_int_equal(v[3].time_utc, 0);
    assert_int_equal(v[3].tech, DTMAP_TECH_NR);
    assert_double_near(v[4].time_s, 1741915267.25, 0); /* +08:00 */
    assert_int_equal(v[4].time_utc, 1);
    assert_true(isnan(v[5].time_s)); /* 1.68E+12 */
    assert_true(isnan(v[6].time_s)); /* empty time: missing, not an error */
    assert_double_near(v[7].time_s, 1741944067.123, 1e-6);
}

static void test_timestamps(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r, "time,lat,lon,rsrp\n"
                                       "2025-03-14T09:21:07,51.9,-8.4,-90\n"
                                       "2025-03-14T17:21:07+0800,51.9,-8.4,-90\n"
                                       "14.03.2025 09:21:07,51.9,-8.4,-90\n"
                                       "2025-02-29T09:21:07Z,51.9,-8.4,-90\n"
                                       "2025-03-14T25:21:07Z,51.9,-8.4,-90\n"
                                       "1.7419E+9,51.9,-8.4,-90\n"
                                       "1.741944067E+9,51.9,-8.4,-90\n"
                                       "2024-02-29T00:00:00Z,51.9,-8.4,-90\n"
                                       "1969-12-31T23:59:59.5Z,51.9,-8.4,-90\n"),
                     DTMAP_OK);
    r->opts.tz_set = 1;
    r->opts.tz_offset_s = -5 * 3600;
    const dtmap_sample *v = r->set.v;
    assert_int_equal(r->set.n, 9);
    assert_double_near(v[0].time_s, 1741944067, 0);
    assert_double_near(v[1].time_s, 1741944067, 0);
    assert_double_near(v[2].time_s, 1741944067, 0);
    /* unusable times, kept without them: no 29 February in 2025, hour 25, 100 s resolution */
    assert_true(isnan(v[3].time_s) && isnan(v[4].time_s) && isnan(v[5].time_s));
    assert_int_equal(fx_last_file(r)->time_unusable, 3);
    assert_string_equal(fx_last_file(r)->time_unusable_why,
                        "time \"2025-02-29T09:21:07Z\": no such date");
    assert_double_near(v[6].time_s, 1741944067, 0);
    assert_double_near(v[7].time_s, 1709164800, 0);
    assert_double_near(v[8].time_s, -0.5, 0);
    /* local time with --tz -05:00 */
    assert_int_equal(fx_ingest_text(r, "time,lat,lon,rsrp\n2025-03-14T09:21:07,51.9,-8.4,-90\n"),
                     DTMAP_OK);
    assert_double_near(r->set.v[9].time_s, 1741944067 + 5 * 3600, 0);
    assert_int_equal(r->set.v[9].time_utc, 1);
}

/* ---- errors ---- */

static void test_errors(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, "/nonexistent/drive.csv"), DTMAP_ERR_IO);
    assert_string_equal(r->err.detail, "/nonexistent/drive.csv: No such file or directory");
    assert_int_equal(fx_ingest_text(r, ""), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": empty file"));
    assert_int_equal(fx_ingest_text(r, "\xef\xbb\xbf\n\r\n   \n"), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": empty file"));
    assert_int_equal(fx_ingest_bytes(r, "lat,lon\0\x01\x02\xff", 11), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": not a delimited text log (NUL byte at offset 7)"));
    assert_int_equal(fx_ingest_text(r, "\x89PNG\r\n\x1a\n"), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": a PNG image, not a log")); /* identify.c */
    assert_int_equal(fx_ingest_bytes(r, "\xff\xfel\0a\0t\0", 8), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, "UTF-16"));
    assert_int_equal(fx_ingest_text(r, "just some words\nmore words\n"), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": not a delimited text log (no comma"));
    assert_int_equal(fx_ingest_text(r, "time,x,y,rsrp\n1,2,3,4\n"), DTMAP_ERR_FORMAT);
    assert_non_null(
        strstr(r->err.detail, ": no latitude/longitude column (header: time,x,y,rsrp)"));
    assert_int_equal(fx_ingest_text(r, "lat,lon,rscp\n1,2,3\n"), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": no RSRP, RSRQ or SINR column"));
    assert_int_equal(r->rep.nfiles, 0);
    /* header only: no error, zero records (the CLI decides about an empty run) */
    assert_int_equal(fx_ingest_text(r, "lat,lon,rsrp\n\n"), DTMAP_OK);
    assert_int_equal(r->rep.nfiles, 1);
    assert_int_equal(r->rep.files[0].records, 0);
    assert_int_equal(r->set.n, 0);
}

/* A directory opens but cannot be read: an I/O error naming it. */
static void test_directory(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, "/tmp"), DTMAP_ERR_IO);
    assert_string_equal(r->err.detail, "/tmp: Is a directory");
}

/* ---- larger than one read chunk: line numbers stay right across chunk boundaries ---- */

static void test_chunks(void **state) {
    fx_run *r = *state;
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "lat,lon,rsrp,tech\n");
    uint32_t line = 2;
    for (int i = 0; i < 9000; i++) {
        if (i % 1000 == 999) { /* a quoted field with a line break, and a blank line */
            len +=
                (size_t)snprintf(text + len, cap - len, "51.9,-8.4,-%d,\"LT\nE\"\n\n", 60 + i % 50);
            line += 3;
        } else {
            len += (size_t)snprintf(text + len, cap - len, "51.9,-8.4,-%d,LTE\n", 60 + i % 50);
            line++;
        }
    }
    len += (size_t)snprintf(text + len, cap - len, "51.9,-8.4,-77,LTE");
    assert_int_equal(fx_ingest_bytes(r, text, len), DTMAP_OK);
    free(text);
    assert_int_equal(fx_last_file(r)->records, 9001);
    assert_int_equal(r->set.n, 9001 - 9);
    assert_int_equal(fx_last_file(r)->rejected[DTMAP_REJ_TECH], 9);
    assert_int_equal(r->set.v[r->set.n - 1].line, line);
    assert_float_equal(r->set.v[r->set.n - 1].value[DTMAP_METRIC_RSRP], -77, 0);
    assert_int_equal(r->rep.rejects[8].line, 2 + 999 + 8 * 1002);
}

/* ---- outputs ---- */

static void test_rejects_csv(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r, "lat,lon,rsrp,tech\n"
                                       "51.9,-8.4,-90,LTE\n"
                                       "0,0,-90,LTE\n"
                                       "51.9,-8.4,-90,\"UM,TS\"\n"),
                     DTMAP_OK);
    char out[] = "/tmp/dtmap-rejects-XXXXXX";
    assert_non_null(mkdtemp(out));
    char path[64];
    snprintf(path, sizeof path, "%s/rejects.csv", out);
    assert_int_equal(dtmap_ingest_write_rejects(&r->rep, &r->set, path, 0, &r->err), DTMAP_OK);
    /* fields with a comma or quote are quoted */
    char expect[512];
    char *got = slurp(path);
    snprintf(expect, sizeof expect,
             "file,line,reason,detail\n"
             "%s,3,zero_position,\"position 0,0 (GPS without a fix)\"\n"
             "%s,4,tech_not_mapped,\"tech \"\"UM,TS\"\" is not a known technology\"\n",
             r->set.files[0], r->set.files[0]);
    assert_string_equal(got, expect);
    /* an existing output is kept unless overwrite is given */
    assert_int_equal(dtmap_ingest_write_rejects(&r->rep, &r->set, path, 0, &r->err),
                     DTMAP_ERR_EXISTS);
    assert_int_equal(dtmap_ingest_write_rejects(&r->rep, &r->set, path, 1, &r->err), DTMAP_OK);
    unlink(path);
    rmdir(out);
}

static void assert_same_samples(const dtmap_sample *a, const dtmap_sample *b) {
    if (isnan(a->time_s))
        assert_true(isnan(b->time_s));
    else
        assert_true(a->time_s == b->time_s);
    assert_true(a->lon == b->lon);
    assert_true(a->lat == b->lat);
    for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
        if (isnan(a->value[m]))
            assert_true(isnan(b->value[m]));
        else
            assert_true(a->value[m] == b->value[m]);
    }
    assert_int_equal(a->cell_id, b->cell_id);
    assert_int_equal(a->pci, b->pci);
    assert_int_equal(a->channel, b->channel);
    assert_int_equal(a->tech, b->tech);
    assert_int_equal(a->time_utc, b->time_utc);
}

static void test_roundtrip(void **state) {
    fx_run *r = *state;
    uint32_t fi;
    assert_int_equal(dtmap_samples_add_file(&r->set, "odd, \"name\".csv", &fi), DTMAP_OK);
    static const struct {
        double t;
        int utc;
        double lon, lat;
        float v[3];
        dtmap_tech tech;
    } cases[] = {
        {1581673102, 1, -8.388338000000001, 51.93560400000001, {-99, -15, 6}, DTMAP_TECH_LTE},
        {1581673102.123, 1, 0.1, 0.2, {-100.25f, NAN, NAN}, DTMAP_TECH_NR},
        {1581673102.5, 0, -179.99999999, -89.99999999, {NAN, NAN, 0.1f}, DTMAP_TECH_NBIOT},
        {NAN, 0, 1e-9, 1.0 / 3.0, {-140.0f / 3.0f - 50, -3.3f, 39.9f}, DTMAP_TECH_REDCAP},
        {-0.75, 1, 100, -45, {-120, NAN, -22.5f}, DTMAP_TECH_OTHER},
        {951782400.000001, 1, 2, 3, {-44, 2.5f, 40}, DTMAP_TECH_LTE},
    };
    size_t n = sizeof cases / sizeof *cases;
    for (size_t i = 0; i < n; i++) {
        dtmap_sample s = dtmap_sample_blank();
        s.time_s = cases[i].t;
        s.time_utc = (uint8_t)cases[i].utc;
        s.lon = cases[i].lon;
        s.lat = cases[i].lat;
        memcpy(s.value, cases[i].v, sizeof s.value);
        s.tech = (uint8_t)cases[i].tech;
        s.file = fi;
        s.line = (uint32_t)i + 1;
        s.pci = i == 1 ? 503 : -1;
        s.cell_id = i == 1 ? 68719476735LL : -1;
        s.channel = i == 2 ? 2525 : -1;
        assert_int_equal(dtmap_samples_push(&r->set, &s), DTMAP_OK);
    }
    char dir[] = "/tmp/dtmap-roundtrip-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p1[64], p2[64];
    snprintf(p1, sizeof p1, "%s/a.csv", dir);
    snprintf(p2, sizeof p2, "%s/b.csv", dir);
    assert_int_equal(dtmap_samples_write_csv(&r->set, p1, 0, &r->err), DTMAP_OK);
    char *text = slurp(p1);
    assert_non_null(strstr(text,
                           "time,lon,lat,tech,rsrp,rsrq,sinr,pci,cellid,channel,ecl,hdop,fix,"
                           "neighbours,source,line\n2020-02-14T09:38:22Z,-8.388338000000001,"
                           "51.93560400000001,lte,-99,-15,6,,,,,,,,\"odd, \"\"name\"\".csv\",1\n"));
    assert_non_null(strstr(text, "\n2020-02-14T09:38:22.123Z,0.1,0.2,nr,-100.25,,,503,"
                                 "68719476735,,"));
    assert_non_null(strstr(text, "\n2020-02-14T09:38:22.5,"));
    assert_non_null(strstr(text, "\n1969-12-31T23:59:59.25Z,100,-45,other,"));
    assert_int_equal(fx_ingest(r, p1), DTMAP_OK);
    assert_string_equal(fx_last_file(r)->format, "dtmap");
    assert_int_equal(r->set.n, 2 * n);
    for (size_t i = 0; i < n; i++) {
        assert_same_samples(&r->set.v[i], &r->set.v[n + i]);
        assert_int_equal(r->set.v[n + i].line, i + 2);
    }
    /* writing the re-read set gives the same text apart from source and line */
    dtmap_samples copy = r->set;
    copy.v = r->set.v + n;
    copy.n = n;
    assert_int_equal(dtmap_samples_write_csv(&copy, p2, 0, &r->err), DTMAP_OK);
    size_t alen;
    char *a = testutil_slurp(p1, &alen); /* slurp() would reuse its buffer for b */
    assert_non_null(a);
    char *b = slurp(p2);
    for (char *pa = a, *pb = b; *pa || *pb;) { /* compare the first ten columns per line */
        char *ea = strchr(pa, '\n'), *eb = strchr(pb, '\n');
        assert_non_null(ea);
        assert_non_null(eb);
        char *ca = pa, *cb = pb;
        for (int k = 0; k < 10; k++)
            ca = strchr(ca, ',') + 1, cb = strchr(cb, ',') + 1;
        assert_int_equal(ca - pa, cb - pb);
        assert_memory_equal(pa, pb, (size_t)(ca - pa));
        pa = ea + 1;
        pb = eb + 1;
    }
    free(a);
    unlink(p1);
    unlink(p2);
    rmdir(dir);
}

static void test_report_print(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest_text(r, "lat,lon,rsrp\n51.9,-8.4,-90\n0,0,-90\n51.9,-8.4,-20\n"),
                     DTMAP_OK);
    assert_int_equal(fx_ingest_text(r, "lat,lon,rsrp\n51.9,-8.4,-90\n,,\n"), DTMAP_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    dtmap_ingest_report_print(&r->rep, &r->set, fp);
    fclose(fp);
    char expect[1024];
    snprintf(expect, sizeof expect,
             "  records  accepted   fixes  skipped rejected  format     file\n"
             "        3         1       0        0        2  csv        %s\n"
             "                                            1  rejected: zero_position\n"
             "                                            1  rejected: rsrp_range\n"
             "        2         1       0        0        1  csv        %s\n"
             "                                            1  rejected: no_position\n"
             "        5         2       0        0        3  total      2 files\n"
             "                                            1  rejected: no_position\n"
             "                                            1  rejected: zero_position\n"
             "                                            1  rejected: rsrp_range\n",
             r->set.files[0], r->set.files[1]);
    assert_string_equal(buf, expect);
    free(buf);
    assert_int_equal(dtmap_ingest_report_accepted(&r->rep), 2);
    assert_int_equal(dtmap_ingest_report_rejected(&r->rep), 3);
}

/* ---- real data: the Cork G-NetTrack drives ---- */

static void test_real_gnettrack(void **state) {
    fx_run *r = *state;
    const char *real = getenv("DTMAP_SHARED_REAL");
    char pattern[4096];
    struct stat st;
    snprintf(pattern, sizeof pattern, "%s/gnettrack-cork", real ? real : "");
    if (!real || stat(pattern, &st) != 0) skip();
    snprintf(pattern, sizeof pattern, "%s/gnettrack-cork/*.csv", real);
    glob_t g;
    assert_int_equal(glob(pattern, 0, NULL, &g), 0);
    assert_int_equal(g.gl_pathc, 16);
    for (size_t i = 0; i < g.gl_pathc; i++)
        assert_int_equal(fx_ingest(r, g.gl_pathv[i]), DTMAP_OK);
    globfree(&g);
    /* Independent counts (awk -F, 'FNR>1{print $7}' *.csv | sort | uniq -c): 27591 data rows;
     * NetworkMode 5G 13959, LTE 9204, HSPA+ 4338, HSDPA 41, HSUPA 41, UMTS 8. Three LTE rows
     * (B_2019.12.14_10.16.30.csv lines 560-562) carry RSRP -200 (marker) with RSRQ -20 and SNR
     * -30.0: a "nothing measured" row whose RSRQ/SNR are placeholders too, so no_metric (they were
     * once accepted as RSRQ -20 samples); no row is out of range. */
    uint64_t records = 0, rej[DTMAP_REJ_COUNT] = {0};
    for (size_t i = 0; i < r->rep.nfiles; i++) {
        assert_string_equal(r->rep.files[i].format, "gnettrack");
        records += r->rep.files[i].records;
        for (int k = 0; k < DTMAP_REJ_COUNT; k++)
            rej[k] += r->rep.files[i].rejected[k];
    }
    assert_int_equal(records, 27591);
    assert_int_equal(dtmap_ingest_report_accepted(&r->rep), 23160);
    assert_int_equal(rej[DTMAP_REJ_TECH], 4338 + 41 + 41 + 8);
    assert_int_equal(rej[DTMAP_REJ_NO_METRIC], 3);
    assert_int_equal(rej[DTMAP_REJ_SINR_RANGE], 0);
    assert_int_equal(dtmap_ingest_report_rejected(&r->rep), 4431);
    for (size_t i = 0; i < r->rep.nrejects; i++)
        if (r->rep.rejects[i].reason == DTMAP_REJ_NO_METRIC) {
            assert_true(r->rep.rejects[i].line >= 560 && r->rep.rejects[i].line <= 562);
            assert_non_null(strstr(r->set.files[r->rep.rejects[i].file], "B_2019.12.14_10.16.30"));
        }
    /* awk over accepted rows: RSRP sum -1958442, 154 without RSRQ, every row has RAWCELLID */
    double sum = 0;
    size_t no_rsrq = 0, no_cell = 0, lte = 0;
    for (size_t i = 0; i < r->set.n; i++) {
        const dtmap_sample *s = &r->set.v[i];
        sum += s->value[DTMAP_METRIC_RSRP];
        no_rsrq += isnan(s->value[DTMAP_METRIC_RSRQ]);
        no_cell += s->cell_id < 0;
        lte += s->tech == DTMAP_TECH_LTE;
        assert_int_equal(s->time_utc, 0);
    }
    assert_double_near(sum, -1958442, 0);
    assert_int_equal(no_rsrq, 154);
    assert_int_equal(no_cell, 0);
    assert_int_equal(lte, 23160);
}

/* The options' size field: a size the library cannot honour is a usage error naming the file
 * and nothing is read; a caller that knows fewer fields gets the defaults for the rest. */
static void test_opts_size(void **state) {
    fx_run *r = *state;
    size_t sizes[] = {0, sizeof r->opts + 8};
    for (int i = 0; i < 2; i++) {
        r->opts.size = sizes[i];
        assert_int_equal(fx_ingest(r, testutil_data("ingest/gnettrack.csv")), DTMAP_ERR_USAGE);
        assert_non_null(strstr(r->err.detail, "gnettrack.csv: ingest options: size"));
        assert_int_equal(r->set.n, 0);
    }
    r->opts.size = offsetof(dtmap_ingest_opts, profile);      /* no profile field: the default */
    r->opts.profile = (const struct dtmap_profile *)&r->opts; /* garbage the library must ignore */
    assert_int_equal(fx_ingest(r, testutil_data("ingest/gnettrack.csv")), DTMAP_OK);
    assert_true(r->set.n > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_opts_size, fx_setup, fx_teardown),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_metric_range),
        cmocka_unit_test_setup_teardown(test_rejects_fixture, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_semicolon_decimal_comma, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_tab, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bom_crlf_quotes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_aliases, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_column_override, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_gnettrack, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_networktech, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_gnettrack_missing_rsrp_keeps_snr, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_default_tech, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_opencellid, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_timestamps, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_errors, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_directory, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_chunks, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rejects_csv, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_print, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_real_gnettrack, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
