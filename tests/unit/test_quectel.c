/* test_quectel.c: unit tests for the Quectel AT-transcript reader, through dtmap_ingest_file:
 * LTE (index and dB SINR), NR5G-SA RedCap with +QGPSLOC fixes, NSA, NB-IoT NUESTATS in both
 * styles, +CESQ, a bad transcript, stamp styles, CRLF, and the sniffer against other formats. */
#define _DEFAULT_SOURCE
#include "ingest_fixture.h"

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/formats.h"

/* 2026-03-14T00:00:00Z */
#define DAY 1773446400.0
#define QUECTEL "quectel-at" /* the format every transcript here must be read as */

static void assert_metrics(const dtmap_sample *s, double rsrp, double rsrq, double sinr) {
    double want[3] = {rsrp, rsrq, sinr};
    for (int m = 0; m < 3; m++)
        if (isnan(want[m]))
            assert_true(isnan(s->value[m]));
        else
            assert_double_near(s->value[m], want[m], 1e-4);
}

/* ---- LTE (EC25): SINR index scale, neighbours, device, local time ---- */

static void test_lte_index(void **state) {
    fx_run *r = *state;
    r->opts.lte_sinr = DTMAP_LTE_SINR_INDEX;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/lte_ec25.log"), QUECTEL);
    assert_string_equal(fr->device, "Quectel EC25");
    assert_int_equal(fr->lines, 28);
    assert_int_equal(fr->accepted, 4);
    assert_int_equal(fr->rejected[DTMAP_REJ_NO_METRIC], 1);
    fx_assert_reject_has(r, 24, DTMAP_REJ_NO_METRIC, "SEARCH");
    assert_int_equal(fx_skips(fr, "AT command"), 8);
    assert_int_equal(fx_skips(fr, "OK"), 8);
    assert_int_equal(fx_skips(fr, "device info"), 3);
    assert_int_equal(fx_skips(fr, "QENG neighbour"), 4);

    const dtmap_sample *s = fx_sample_at(r, 7);
    assert_int_equal(s->tech, DTMAP_TECH_LTE);
    assert_metrics(s, -91, -11, 138 / 5.0 - 20);
    assert_int_equal(s->pci, 186);
    assert_int_equal(s->channel, 38950);
    assert_int_equal(s->cell_id, 0x5A4E61B);
    assert_int_equal(s->ecl, -1);
    assert_true(isnan(s->lon) && isnan(s->lat));
    assert_double_near(s->time_s, DAY + 9 * 3600 + 21 * 60 + 6.043, 1e-6);
    assert_int_equal(s->time_utc, 0);
    /* the neighbour query right after the serving-cell one travels with it; the inter-frequency
     * line without a measured cell does not */
    assert_int_equal(s->nnbr, 2);
    const dtmap_neighbour *nb = &r->set.nbr[s->nbr];
    assert_int_equal(nb[0].pci, 187);
    assert_int_equal(nb[0].channel, 38950);
    assert_double_near(nb[0].rsrp, -97, 0);
    assert_double_near(nb[0].rsrq, -13, 0);
    assert_int_equal(nb[1].pci, 322);

    assert_metrics(fx_sample_at(r, 15), -93, -12, 4.2);
    assert_int_equal(fx_sample_at(r, 15)->nnbr, 0);
    assert_metrics(fx_sample_at(r, 18), -102, -14, -5);
    assert_int_equal(fx_sample_at(r, 18)->nnbr, 1);
    assert_int_equal(r->set.nbr[fx_sample_at(r, 18)->nbr].pci, 186);
    assert_metrics(fx_sample_at(r, 27), -108, -15, -15.6);
}

/* The same transcript read with the dB scale: 138, 121 and 75 dB are outside the SINR range. */
static void test_lte_db(void **state) {
    fx_run *r = *state;
    r->opts.tz_set = 1;
    r->opts.tz_offset_s = 8 * 3600;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/lte_ec25.log"), QUECTEL);
    assert_int_equal(fr->accepted, 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_SINR_RANGE], 3);
    fx_assert_reject(r, 7, DTMAP_REJ_SINR_RANGE, NULL);
    const dtmap_sample *s = fx_sample_at(r, 27);
    assert_metrics(s, -108, -15, 22);
    assert_int_equal(s->time_utc, 1); /* --tz: local 10:21:10.046 is 01:21:10.046 UTC */
    assert_double_near(s->time_s, DAY + 1 * 3600 + 21 * 60 + 10.046, 1e-6);
}

/* ---- NR5G-SA RedCap (RG255C) with +QGPSLOC fixes in the three modes ---- */

static void test_redcap(void **state) {
    fx_run *r = *state;
    r->opts.redcap = 1;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/redcap_rg255c.log"), QUECTEL);
    assert_string_equal(fr->device, "Quectel RG255C");
    assert_int_equal(fr->accepted, 3);
    assert_int_equal(fr->fixes, 4);
    fx_assert_reject(r, 29, DTMAP_REJ_NO_FIX, NULL);
    fx_assert_reject(r, 31, DTMAP_REJ_NO_METRIC, NULL);
    assert_int_equal(fx_skips(fr, "device info"), 3);
    const dtmap_sample *s = fx_sample_at(r, 14);
    assert_int_equal(s->tech, DTMAP_TECH_REDCAP);
    assert_metrics(s, -88, -11, 15);
    assert_int_equal(s->pci, 412);
    assert_int_equal(s->channel, 504990);
    assert_int_equal(s->cell_id, 0x1A2B3C4D5LL);
    assert_int_equal(s->time_utc, 1); /* +08:00 in the stamp */
    assert_double_near(s->time_s, DAY + 1 * 3600 + 30 * 60 + 1.151, 1e-6);
    assert_int_equal(fx_sample_at(r, 26)->cell_id, 0x1A2B3C4D6LL);

    assert_int_equal(r->set.nfix, 4);
    const dtmap_fix *f = r->set.fix;
    assert_int_equal(f[0].owner, fr->file); /* positions this transcript only */
    assert_int_equal(f[0].line, 11);
    assert_double_near(f[0].lat, 24.78, 1e-9); /* mode 0: 2446.8000N */
    assert_double_near(f[0].lon, 110.49, 1e-9);
    assert_double_near(f[0].hdop, 0.9, 1e-6);
    assert_int_equal(f[0].quality, 3);
    assert_int_equal(f[0].time_utc, 1);
    assert_double_near(f[0].time_s, DAY + 1 * 3600 + 30 * 60 + 1.052, 1e-6);
    assert_double_near(f[1].lat, 24 + 46.812345 / 60, 1e-9); /* mode 1: 2446.812345,N */
    assert_double_near(f[1].lon, 110 + 29.41821 / 60, 1e-9);
    assert_int_equal(f[1].quality, 3);
    assert_double_near(f[2].lat, 24.78041, 1e-9); /* mode 2: decimal degrees */
    assert_double_near(f[2].lon, 110.49047, 1e-9);
    assert_double_near(f[2].hdop, 1.4, 1e-6);
    assert_int_equal(f[2].quality, 2);
}

static void test_sa_without_redcap(void **state) {
    fx_run *r = *state;
    fx_read(r, testutil_data("quectel/redcap_rg255c.log"), QUECTEL);
    for (size_t i = 0; i < r->set.n; i++)
        assert_int_equal(r->set.v[i].tech, DTMAP_TECH_NR);
}

/* ---- NR5G-NSA (RM500Q): two samples per response, never RedCap ---- */

static void test_nsa(void **state) {
    fx_run *r = *state;
    r->opts.redcap = 1;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/nsa_rm500q.log"), QUECTEL);
    assert_string_equal(fr->device, "Quectel RM500Q-GL");
    assert_int_equal(fr->accepted, 6);
    assert_int_equal(fx_skips(fr, "QENG NSA header"), 3);
    const dtmap_sample *lte = fx_sample_at(r, 8), *nr = fx_sample_at(r, 9);
    assert_int_equal(lte->tech, DTMAP_TECH_LTE);
    assert_metrics(lte, -86, -10, 16);
    assert_int_equal(lte->pci, 241);
    assert_int_equal(lte->channel, 1650);
    assert_int_equal(lte->cell_id, 0x8C3A21F);
    assert_int_equal(nr->tech, DTMAP_TECH_NR);
    assert_metrics(nr, -83, -11, 21);
    assert_int_equal(nr->pci, 528);
    assert_int_equal(nr->channel, 627264);
    assert_int_equal(nr->cell_id, -1);
    assert_double_near(nr->time_s, DAY + 9 * 3600 + 40 * 60 + 1.053, 1e-6);
    assert_int_equal(nr->time_utc, 0);
    assert_int_equal(fx_sample_at(r, 13)->nnbr, 1);
    assert_int_equal(r->set.nbr[fx_sample_at(r, 13)->nbr].pci, 242);
    assert_int_equal(fx_sample_at(r, 14)->nnbr, 0);
    assert_metrics(fx_sample_at(r, 22), -90, -13, NAN);
}

/* ---- NB-IoT NUESTATS ---- */

static void test_nuestats_block(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/nbiot_block.log"), QUECTEL);
    assert_string_equal(fr->device, "Quectel BC28");
    assert_int_equal(fr->accepted, 3);
    assert_int_equal(fx_skips(fr, "NUESTATS field"), 36);
    const dtmap_sample *s = fx_sample_at(r, 7);
    assert_int_equal(s->tech, DTMAP_TECH_NBIOT);
    assert_metrics(s, -70.2, -10.8, 5.0);
    assert_int_equal(s->ecl, 1);
    assert_int_equal(s->pci, 62);
    assert_int_equal(s->channel, 2509);
    assert_int_equal(s->cell_id, 94692891);
    s = fx_sample_at(r, 22);
    assert_metrics(s, -115.4, -13.5, -3.5);
    assert_int_equal(s->ecl, 2);
    /* a block of unknown markers only (-32768, 255, 65535, 4294967295) has no metric */
    fx_assert_reject(r, 37, DTMAP_REJ_NO_METRIC, NULL);
    /* +CESQ takes the transcript's current technology */
    s = fx_sample_at(r, 52);
    assert_int_equal(s->tech, DTMAP_TECH_NBIOT);
    assert_metrics(s, -103, -14, NAN);
}

static void test_nuestats_records(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/nbiot_radio.log"), QUECTEL);
    assert_string_equal(fr->device, "BC95-G");
    assert_int_equal(fr->accepted, 3);
    assert_int_equal(fr->records - fr->skipped, 3);
    assert_int_equal(fx_skips(fr, "NUESTATS field"), 22);
    const dtmap_sample *s = fx_sample_at(r, 5);
    assert_metrics(s, -85.3, -9.7, 12.4);
    assert_int_equal(s->ecl, 0);
    assert_int_equal(s->pci, 201);
    assert_int_equal(s->channel, 2506);
    assert_int_equal(s->cell_id, 94692892);
    assert_int_equal(s->nnbr, 2);
    const dtmap_neighbour *nb = &r->set.nbr[s->nbr];
    assert_int_equal(nb[0].pci, 87);
    assert_int_equal(nb[0].channel, 2506);
    assert_double_near(nb[0].rsrp, -92.1, 1e-4);
    assert_double_near(nb[0].rsrq, -11.5, 1e-4);
    assert_int_equal(nb[1].pci, 312);
    s = fx_sample_at(r, 24); /* NUESTATS:RADIO,Signal power,-917 */
    assert_metrics(s, -91.7, -11.4, 3.5);
    assert_int_equal(s->ecl, 1);
    assert_int_equal(s->channel, -1);
    s = fx_sample_at(r, 32); /* AT+NUESTATS=CELL alone: the primary cell is the sample */
    assert_metrics(s, -98.9, -12.1, -2.5);
    assert_int_equal(s->nnbr, 1);
    assert_double_near(r->set.nbr[s->nbr].rsrp, -100.2, 1e-4);
}

/* The colon record style, a truncated CELL record, and a repeated field starting a new block. */
static void test_nuestats_colon(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr =
        fx_read_text(r,
                     "2026-03-14 10:30:00.100 AT+NUESTATS=RADIO\n"
                     "2026-03-14 10:30:00.150 NUESTATS:RADIO,Signal power:-1203\n"
                     "2026-03-14 10:30:00.150 NUESTATS:RADIO,ECL:2\n"
                     "2026-03-14 10:30:00.151 NUESTATS:RADIO,SNR:-72\n"
                     "2026-03-14 10:30:00.151 NUESTATS:RADIO,Signal power:-1211\n"
                     "2026-03-14 10:30:00.152 NUESTATS:RADIO,RSRQ:x\n"
                     "2026-03-14 10:30:00.152 NUESTATS:CELL,2506,201,1\n"
                     "2026-03-14 10:30:00.152 NUESTATS:RADIO,ECL\n"
                     "2026-03-14 10:30:00.153 OK\n",
                     QUECTEL);
    assert_int_equal(fr->accepted, 1);
    const dtmap_sample *s = fx_sample_at(r, 2);
    assert_metrics(s, -120.3, NAN, -7.2);
    assert_int_equal(s->ecl, 2);
    fx_assert_reject_has(r, 5, DTMAP_REJ_BAD_NUMBER, "RSRQ");
    fx_assert_reject(r, 7, DTMAP_REJ_FIELDS, NULL);
    fx_assert_reject(r, 8, DTMAP_REJ_FIELDS, NULL);
    assert_int_equal(fx_skips(fr, "NUESTATS field"), 3);
}

/* Regression: NUESTATS identifiers beyond what they are stored in were cast from double
 * unchecked (-fsanitize=float-cast-overflow), then kept as unknown (-1), and a CELL neighbour's
 * EARFCN:8589934590 wrapped to channel -2. Garbage identifiers now reject their response (a
 * neighbour's, its record) as bad_number, naming field and value; negative ones stay unknown. */
static void test_nuestats_huge_ids(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr =
        fx_read_text(r,
                     "2026-03-14 10:30:00.100 AT+NUESTATS\n"       /* 1 */
                     "2026-03-14 10:30:00.150 Signal power:-802\n" /* 2: rejected */
                     "2026-03-14 10:30:00.150 EARFCN:8589934590\n" /* 3 */
                     "2026-03-14 10:30:00.151 OK\n"                /* 4 */
                     "2026-03-14 10:30:01.150 Signal power:-803\n" /* 5: rejected */
                     "2026-03-14 10:30:01.150 PCI:2147483648\n"    /* 6 */
                     "2026-03-14 10:30:02.150 Signal power:-804\n" /* 7: rejected */
                     "2026-03-14 10:30:02.150 EARFCN:1e300\n"      /* 8 */
                     "2026-03-14 10:30:03.150 Signal power:-805\n" /* 9: rejected */
                     "2026-03-14 10:30:03.150 Cell ID:1e19\n"      /* 10 */
                     "2026-03-14 10:30:04.150 Signal power:-806\n" /* 11: a sample */
                     "2026-03-14 10:30:04.150 EARFCN:-1\n"         /* 12 */
                     "2026-03-14 10:30:04.150 PCI:2147483647\n"    /* 13 */
                     "2026-03-14 10:30:04.151 OK\n"                /* 14 */
                     "2026-03-14 10:30:05.150 NUESTATS:CELL,2506,201,1,-850,-97,-780,124\n"
                     "2026-03-14 10:30:05.150 NUESTATS:CELL,8589934590,87,0,-921,-115,-800,30\n"
                     "2026-03-14 10:30:05.150 NUESTATS:CELL,2506,2147483648,0,-921,-115,-800,30\n"
                     "2026-03-14 10:30:05.150 NUESTATS:CELL,2506,88,0,-931,-116,-800,30\n"
                     "2026-03-14 10:30:05.151 OK\n",
                     QUECTEL);
    assert_int_equal(fr->accepted, 2);
    assert_int_equal(fr->rejected[DTMAP_REJ_BAD_NUMBER], 6);
    fx_assert_reject(r, 2, DTMAP_REJ_BAD_NUMBER,
                     "NUESTATS EARFCN '8589934590' (line 3) is outside 0..2147483647");
    fx_assert_reject_has(r, 5, DTMAP_REJ_BAD_NUMBER, "PCI '2147483648' (line 6)");
    fx_assert_reject_has(r, 7, DTMAP_REJ_BAD_NUMBER, "EARFCN '1e300' (line 8)");
    fx_assert_reject(r, 9, DTMAP_REJ_BAD_NUMBER,
                     "NUESTATS Cell ID '1e19' (line 10) is outside 0..1000000000000000");
    const dtmap_sample *s = fx_sample_at(r, 11);
    assert_metrics(s, -80.6, NAN, NAN);
    assert_int_equal(s->channel, -1);
    assert_int_equal(s->pci, INT32_MAX);
    fx_assert_reject(r, 16, DTMAP_REJ_BAD_NUMBER,
                     "NUESTATS CELL EARFCN '8589934590' is outside 0..2147483647");
    fx_assert_reject_has(r, 17, DTMAP_REJ_BAD_NUMBER, "CELL PCI '2147483648'");
    s = fx_sample_at(r, 15);
    assert_int_equal(s->channel, 2506);
    assert_int_equal(s->nnbr, 1); /* only the neighbour with sound identifiers */
    assert_int_equal(r->set.nbr[s->nbr].pci, 88);
    assert_int_equal(r->set.nbr[s->nbr].channel, 2506);
}

/* Regression (fuzz_ingest): a +QENG ARFCN or PCI beyond int32 (12563504990) wrapped to a
 * negative channel; the serving line is now rejected as bad_number, and so is a neighbour line
 * (EARFCN 8589934590) that would travel with a sample. */
static void test_qeng_huge_ids(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr = fx_read_text(
        r,
        "2026-03-14 09:20:39.484 +QENG: \"servingcell\",\"CONNECT\",\"NR5G-SA\",\"TDD\",460,00,"
        "3A2102003,863,5A21,12563504990,41,12,-100,-9,5,1,-\n"
        "2026-03-14 09:21:06.043 +QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",460,00,"
        "5A4E61B,186,38950,3,5,5,67AF,-91,-11,-60,15,9,18,30\n"
        "2026-03-14 09:21:06.050 +QENG: \"neighbourcell intra\",\"LTE\",8589934590,187,-13,-97,"
        "-70,0,37,7,16,6,44\n"
        "2026-03-14 09:21:06.050 +QENG: \"neighbourcell intra\",\"LTE\",38950,188,-14,-98,"
        "-70,0,37,7,16,6,44\n",
        QUECTEL);
    assert_int_equal(fr->accepted, 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_BAD_NUMBER], 2);
    fx_assert_reject(r, 1, DTMAP_REJ_BAD_NUMBER,
                     "servingcell NR5G-SA ARFCN '12563504990' is outside 0..2147483647");
    fx_assert_reject_has(r, 3, DTMAP_REJ_BAD_NUMBER, "'8589934590'");
    const dtmap_sample *s = fx_sample_at(r, 2);
    assert_int_equal(s->nnbr, 1);
    assert_int_equal(r->set.nbr[s->nbr].pci, 188);
    assert_int_equal(r->set.nbr[s->nbr].channel, 38950);
}

/* ---- +CESQ ---- */

static void test_cesq(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/cesq.log"), QUECTEL);
    assert_int_equal(fr->accepted, 2);
    assert_int_equal(fx_sample_at(r, 2)->tech, DTMAP_TECH_LTE);
    assert_metrics(fx_sample_at(r, 2), -96, -10, NAN);
    assert_metrics(fx_sample_at(r, 8), -44, -16, NAN);
    fx_assert_reject(r, 5, DTMAP_REJ_NO_METRIC, NULL);
    fx_assert_reject(r, 11, DTMAP_REJ_RSRP_RANGE, NULL); /* index 0: -141 dBm, below LTE's -140 */
}

static void test_cesq_tech_option(void **state) {
    fx_run *r = *state;
    r->opts.tech_set = 1;
    r->opts.tech = DTMAP_TECH_NBIOT;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/cesq.log"), QUECTEL);
    assert_int_equal(fr->accepted, 3); /* -141 dBm is inside NB-IoT's range */
    assert_int_equal(fx_sample_at(r, 11)->tech, DTMAP_TECH_NBIOT);
    assert_metrics(fx_sample_at(r, 11), -141, -3, NAN);
}

/* ---- a bad transcript: every reason counted, nothing lost ---- */

static void test_bad(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr = fx_read(r, testutil_data("quectel/bad.log"), QUECTEL);
    assert_int_equal(fr->lines, 45);
    assert_int_equal(fr->blank, 1);
    assert_int_equal(fr->accepted, 2);
    assert_metrics(fx_sample_at(r, 2), -95, -10, 12);
    assert_metrics(fx_sample_at(r, 26), -100, -11, 9);
    fx_assert_reject(r, 5, DTMAP_REJ_BAD_TIME, "no timestamp");
    fx_assert_reject_has(r, 37, DTMAP_REJ_BAD_TIME, "2026-13-45");
    fx_assert_reject(r, 7, DTMAP_REJ_FIELDS, NULL);
    fx_assert_reject(r, 12, DTMAP_REJ_RSRP_RANGE, NULL);
    fx_assert_reject(r, 15, DTMAP_REJ_RSRQ_RANGE, NULL);
    fx_assert_reject(r, 18, DTMAP_REJ_SINR_RANGE, NULL);
    fx_assert_reject(r, 21, DTMAP_REJ_BAD_NUMBER, NULL);
    fx_assert_reject(r, 24, DTMAP_REJ_NO_METRIC, NULL);
    fx_assert_reject(r, 27, DTMAP_REJ_TECH, NULL);
    fx_assert_reject(r, 29, DTMAP_REJ_NO_METRIC, NULL);
    fx_assert_reject(r, 35, DTMAP_REJ_FIELDS, NULL);
    fx_assert_reject(r, 41, DTMAP_REJ_FIELDS, NULL);
    const uint64_t want[DTMAP_REJ_COUNT] = {
        [DTMAP_REJ_FIELDS] = 3,     [DTMAP_REJ_BAD_TIME] = 2,   [DTMAP_REJ_BAD_NUMBER] = 1,
        [DTMAP_REJ_NO_METRIC] = 2,  [DTMAP_REJ_RSRP_RANGE] = 1, [DTMAP_REJ_RSRQ_RANGE] = 1,
        [DTMAP_REJ_SINR_RANGE] = 1, [DTMAP_REJ_TECH] = 1};
    for (int i = 0; i < DTMAP_REJ_COUNT; i++)
        assert_int_equal(fr->rejected[i], want[i]);
    assert_int_equal(fx_skips(fr, "AT command"), 11);
    assert_int_equal(fx_skips(fr, "OK"), 10);
    assert_int_equal(fx_skips(fr, "ERROR"), 1);
    assert_int_equal(fx_skips(fr, "unstamped"), 1);
    assert_int_equal(fx_skips(fr, "+QIND"), 1);
    assert_int_equal(fx_skips(fr, "other text"), 3);
    assert_int_equal(fx_skips(fr, "NUESTATS field"), 3);
}

/* The CRLF fixture read again with LF line ends gives the same samples and counts. */
static void test_crlf(void **state) {
    fx_run *r = *state;
    FILE *fp = fopen(testutil_data("quectel/bad.log"), "rb");
    assert_non_null(fp);
    static char text[8192];
    size_t n = 0;
    int c;
    while ((c = fgetc(fp)) != EOF && n < sizeof text - 1)
        if (c != '\r') text[n++] = (char)c;
    text[n] = '\0';
    fclose(fp);
    const dtmap_file_report *a = fx_read(r, testutil_data("quectel/bad.log"), QUECTEL);
    dtmap_file_report crlf = *a;
    size_t n0 = r->set.n;
    const dtmap_file_report *lf = fx_read_text(r, text, QUECTEL);
    assert_int_equal(lf->lines, crlf.lines);
    assert_int_equal(lf->records, crlf.records);
    assert_int_equal(lf->skipped, crlf.skipped);
    assert_memory_equal(lf->rejected, crlf.rejected, sizeof crlf.rejected);
    assert_int_equal(r->set.n, 2 * n0);
    for (size_t i = 0; i < n0; i++) {
        assert_int_equal(r->set.v[i].line, r->set.v[n0 + i].line);
        assert_double_near(r->set.v[i].time_s, r->set.v[n0 + i].time_s, 0);
        assert_memory_equal(r->set.v[i].value, r->set.v[n0 + i].value, sizeof r->set.v[i].value);
    }
}

/* ---- framing: stamp styles, markers, zones ---- */

static void test_stamp_styles(void **state) {
    fx_run *r = *state;
    const char *q = "+CESQ: 99,99,255,255,20,45";
    char text[1024];
    snprintf(text, sizeof text,
             "2025-03-14T01:21:07Z %s\n"                /* 1: zoned UTC */
             "[2026-03-14T09:21:07.412+08:00] RX: %s\n" /* 2: bracketed, zone inside */
             "[2026-03-14 09:21:07 +08:00] << %s\n"     /* 3: bracketed, spaced zone */
             "2026-03-14 09:21:07,5 TX: %s\n"           /* 4: comma fraction, local */
             "2026-03-14T09:21:07+0800 > %s\n"          /* 5: +hhmm */
             "2026/03/14 09:21:07 %s\n"                 /* 6: not a documented style */
             "2026-03-14 09:21:07%s\n"                  /* 7: no blank after the stamp */
             "2026-03-14 09:21:07 -> %s\n",             /* 8: an unknown marker */
             q, q, q, q, q, q, q, q);
    const dtmap_file_report *fr = fx_read_text(r, text, QUECTEL);
    assert_int_equal(fr->accepted, 5);
    assert_int_equal(fr->rejected[DTMAP_REJ_BAD_TIME], 2);
    fx_assert_reject_has(r, 8, DTMAP_REJ_FIELDS, "+CESQ");
    double utc = DAY + 1 * 3600 + 21 * 60 + 7;
    assert_double_near(fx_sample_at(r, 1)->time_s, utc - 365 * 86400.0, 1e-6);
    assert_double_near(fx_sample_at(r, 2)->time_s, utc + 0.412, 1e-6);
    assert_double_near(fx_sample_at(r, 3)->time_s, utc, 1e-6);
    assert_double_near(fx_sample_at(r, 4)->time_s, DAY + 9 * 3600 + 21 * 60 + 7.5, 1e-6);
    assert_int_equal(fx_sample_at(r, 4)->time_utc, 0);
    assert_double_near(fx_sample_at(r, 5)->time_s, utc, 1e-6);
    for (uint32_t line = 1; line <= 5; line++)
        assert_int_equal(fx_sample_at(r, line)->time_utc, line != 4);
}

/* ---- +QGPSLOC details ---- */

static void test_gpsloc(void **state) {
    fx_run *r = *state;
    r->opts.tz_set = 1;
    r->opts.tz_offset_s = 8 * 3600;
    const dtmap_file_report *fr = fx_read_text(
        r,
        "2026-03-14 09:00:00 +QGPSLOC: 010000.000,3352.1200S,15112.6000W,2.0,20.0,3,"
        "0,0,0,140326,09\n"
        "2026-03-14 09:00:01 +QGPSLOC: 010001.000,3352.120000,S,15112.600000,W,2.0,20.0,2,"
        "0,0,0,140326,09\n"
        "2026-03-14 09:00:02 +QGPSLOC: 010002.000,24.78,110.49,2.0,20.0,1,0,0,0,140326,04\n"
        "2026-03-14 09:00:03 +QGPSLOC: 010003.000,0.0,0.0,2.0,20.0,3,0,0,0,140326,04\n"
        "2026-03-14 09:00:04 +QGPSLOC: 010004.000,2475.0000N,11029.4000E,2.0,20.0,3,0,0,0,"
        "140326,04\n"
        "2026-03-14 09:00:05 AT+QGPSLOC=2\n"
        "2026-03-14 09:00:05 +CME ERROR: 516\n"
        "2026-03-14 09:00:06 +CME ERROR: 516\n"
        "+QGPSLOC: 010007.000,24.78,110.49,2.0,20.0,3,0,0,0,140326,04\n",
        QUECTEL);
    assert_int_equal(fr->fixes, 2);
    const dtmap_fix *f = r->set.fix;
    assert_double_near(f[0].lat, -(33 + 52.12 / 60), 1e-9);
    assert_double_near(f[0].lon, -(151 + 12.6 / 60), 1e-9);
    assert_double_near(f[0].time_s, DAY + 1 * 3600, 1e-6); /* line clock through --tz */
    assert_int_equal(f[0].time_utc, 1);
    assert_double_near(f[1].lat, f[0].lat, 1e-9);
    assert_int_equal(f[1].quality, 2);
    fx_assert_reject(r, 3, DTMAP_REJ_NO_FIX, NULL);
    fx_assert_reject(r, 4, DTMAP_REJ_ZERO_POSITION, NULL);
    fx_assert_reject(r, 5, DTMAP_REJ_BAD_POSITION, NULL); /* 75 minutes */
    fx_assert_reject(r, 7, DTMAP_REJ_NO_FIX, NULL);
    assert_int_equal(fx_skips(fr, "ERROR"), 1); /* not tied to AT+QGPSLOC */
    fx_assert_reject(r, 9, DTMAP_REJ_BAD_TIME, NULL);
}

/* ---- sniffing ---- */

static int sniff_file(const char *path) {
    static char head[65537];
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(head, 1, sizeof head - 1, fp);
    fclose(fp);
    head[n] = '\0';
    return dtmapi_ingest_quectel_sniff(head, n);
}

static void test_sniff(void **state) {
    (void)state;
    static const char *const mine[] = {"quectel/lte_ec25.log",    "quectel/redcap_rg255c.log",
                                       "quectel/nsa_rm500q.log",  "quectel/nbiot_block.log",
                                       "quectel/nbiot_radio.log", "quectel/cesq.log",
                                       "quectel/bad.log"};
    for (size_t i = 0; i < sizeof mine / sizeof *mine; i++)
        if (!sniff_file(testutil_data(mine[i]))) fail_msg("%s not sniffed", mine[i]);
    assert_int_equal(sniff_file(testutil_data("ingest/gnettrack.csv")), 0);
    static const char *const other[] = {
        "$GPGGA,012107.00,2446.8000,N,11029.4000,E,1,09,0.9,152.3,M,-5.0,M,,*5C\n"
        "$GPRMC,012107.00,A,2446.8000,N,11029.4000,E,0.0,0.0,140326,,,A*6B\n",
        "#START,10:50:14.134,,\"14.3.2026\"\n#FF,10:50:14.134,,\"2.30\"\n"
        "GPS,10:50:14.134,,110.49000,24.78000,152,1,0.9\n",
        "2026-03-14 09:21:07 $GPGGA,012107.00,2446.8000,N,11029.4000,E,1,09,0.9,152.3,M*5C\n",
        "time,lon,lat,rsrp\n2026-03-14 09:21:07,110.49,24.78,-91\n",
        "AT+QENG=\"servingcell\"\n+QENG: \"servingcell\",\"NOCONN\",\"LTE\"\n"};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        assert_int_equal(dtmapi_ingest_quectel_sniff(other[i], strlen(other[i])), 0);
}

/* No other fixture of the project, and no real log of another format (when ../shared is
 * there), looks like a Quectel transcript. */
static void test_sniff_other_files(void **state) {
    (void)state;
    static const char *const dirs[] = {"nmea", "nemo", "ingest", "cli"};
    char pattern[4200];
    size_t checked = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof *dirs + 2; d++) {
        const char *real = getenv("DTMAP_SHARED_REAL");
        if (d < sizeof dirs / sizeof *dirs)
            snprintf(pattern, sizeof pattern, "%s/*", testutil_data(dirs[d]));
        else if (real)
            snprintf(pattern, sizeof pattern, "%s/%s", real,
                     d == sizeof dirs / sizeof *dirs ? "nemo/*.nmf" : "gnettrack-cork/*.csv");
        else
            continue;
        glob_t g;
        if (glob(pattern, 0, NULL, &g) != 0) continue;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            struct stat st;
            if (stat(g.gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode)) continue;
            if (sniff_file(g.gl_pathv[i])) fail_msg("%s sniffed as Quectel", g.gl_pathv[i]);
            checked++;
        }
        globfree(&g);
    }
    assert_true(checked >= 3);
}

static void test_other_format_not_quectel(void **state) {
    fx_run *r = *state;
    assert_int_equal(fx_ingest(r, testutil_data("ingest/gnettrack.csv")), DTMAP_OK);
    assert_string_not_equal(r->rep.files[0].format, "quectel-at");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lte_index, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_lte_db, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_redcap, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_sa_without_redcap, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_nsa, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_nuestats_block, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_nuestats_records, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_nuestats_colon, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_nuestats_huge_ids, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_qeng_huge_ids, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cesq, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cesq_tech_option, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_crlf, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_stamp_styles, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_gpsloc, fx_setup, fx_teardown),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_sniff_other_files),
        cmocka_unit_test_setup_teardown(test_other_format_not_quectel, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
