/* test_nemo_real.c: the Nemo reader on the three real logs in $DTMAP_SHARED_REAL/nemo, and the
 * scanner log's best RSRP/PCI per scan against the reference an earlier analysis made of it.
 * Every test skips when the folder is absent; the executable then exits 77 (ctest: skipped). */
#define _DEFAULT_SOURCE
#include "ingest_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define SCANNER "RBR0395_R3_20181006_R001.6"
#define UT_OFFSET_S (7 * 3600.0) /* #UT,,,420 in all three logs (Thailand, UTC+7) */

/* The real Nemo folder, or NULL when it is absent (static buffer). */
static const char *real_dir(void) {
    static char dir[4096];
    const char *real = getenv("DTMAP_SHARED_REAL");
    struct stat st;
    if (!real) return NULL;
    snprintf(dir, sizeof dir, "%s/nemo", real);
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
}

/* Reads one real log (skips the test when the folder is absent) as a Nemo log that keeps the
 * accounting rule (fx_read), the only file of the run. */
static const dtmap_file_report *read_real(fx_run *r, const char *name) {
    const char *dir = real_dir();
    if (!dir) skip();
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    const dtmap_file_report *fr = fx_read(r, path, "nemo");
    assert_int_equal(fx_rejected(fr), dtmap_ingest_report_rejected(&r->rep));
    return fr;
}

/* Sums over the samples, to compare with counts made independently of dtmap (awk/Python over
 * the .nmf: serving cell = cell type 0, CI primary = second header value 0). */
typedef struct stats {
    size_t rsrp, sinr_only, nbr, not_utc;
    double rsrp_sum, rsrq_sum, sinr_sum;
} stats;

static stats sample_stats(const fx_run *r) {
    stats t = {0};
    for (size_t i = 0; i < r->set.n; i++) {
        const dtmap_sample *s = &r->set.v[i];
        assert_int_equal(s->tech, DTMAP_TECH_LTE);
        t.not_utc += !s->time_utc;
        t.nbr += s->nnbr;
        if (!isnan(s->value[DTMAP_METRIC_RSRP])) {
            t.rsrp++;
            t.rsrp_sum += s->value[DTMAP_METRIC_RSRP];
            t.rsrq_sum += s->value[DTMAP_METRIC_RSRQ];
        } else if (!isnan(s->value[DTMAP_METRIC_SINR])) {
            t.sinr_only++;
            t.sinr_sum += s->value[DTMAP_METRIC_SINR];
        }
    }
    return t;
}

static void test_real_ue_fdd(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr = read_real(r, "RYG0443_R1_R001.3.nmf");
    assert_string_equal(fr->device, "Nemo Outdoor 7.8.0.8, format 2.27");
    /* 1776 lines: 36 '#' lines, 102 CELLMEAS (system 7), 102 CI (all primary), 52 GPS, and
     * 1484 other events of 52 kinds */
    assert_int_equal(fr->lines, 1776);
    assert_int_equal(fr->meta, 36);
    assert_int_equal(fr->records, 1740);
    assert_int_equal(fr->accepted, 204);
    assert_int_equal(fr->fixes, 52);
    assert_int_equal(fr->skipped, 1484);
    assert_int_equal(fx_skips(fr, "RRCSM"), 149);
    assert_int_equal(dtmap_ingest_report_rejected(&r->rep), 0);
    stats t = sample_stats(r);
    assert_int_equal(t.rsrp, 102);
    assert_int_equal(t.sinr_only, 102);
    assert_int_equal(t.nbr, 542);
    assert_int_equal(t.not_utc, 0);
    assert_double_near(t.rsrp_sum, -9269.0, 0.01);
    assert_double_near(t.rsrq_sum, -1349.0, 0.01);
    assert_double_near(t.sinr_sum, 181.8, 0.01);
    const dtmap_sample *s = &r->set.v[0]; /* line 55: CELLMEAS,17:14:54.881,,7,0,4,9,0,... */
    assert_int_equal(s->line, 55);
    assert_int_equal(s->pci, 279);
    assert_int_equal(s->channel, 125);
    assert_double_near(s->value[DTMAP_METRIC_RSRP], -93.1, 1e-4);
    assert_double_near(s->time_s, 1535241600.0 + 17 * 3600 + 14 * 60 + 54.881 - UT_OFFSET_S, 1e-6);
    assert_int_equal(r->set.v[1].line, 57); /* CI,17:14:54.881,,7,2,1.3,... */
    assert_double_near(r->set.v[1].value[DTMAP_METRIC_SINR], 1.3, 1e-4);
    assert_int_equal(r->set.v[1].pci, 279);
}

static void test_real_ue_tdd(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr = read_real(r, "TDD_BKK_003_134_FAC_R1_35.1.nmf");
    assert_string_equal(fr->device, "Nemo Outdoor 8.0.2.22, format 2.31");
    /* 3593 lines: 38 '#' lines, 137 CELLMEAS (system 8), 262 CI of which 126 carry the
     * secondary serving cell's SINR (second header value 1: skipped), 69 GPS without DOPs */
    assert_int_equal(fr->lines, 3593);
    assert_int_equal(fr->meta, 38);
    assert_int_equal(fr->records, 3555);
    assert_int_equal(fr->accepted, 137 + 136);
    assert_int_equal(fr->fixes, 69);
    assert_int_equal(fr->skipped, 3555 - 273 - 69);
    assert_int_equal(fx_skips(fr, "PHRATE"), 673);
    assert_int_equal(fx_skips(fr, "TXPC"), 269);
    assert_int_equal(dtmap_ingest_report_rejected(&r->rep), 0);
    stats t = sample_stats(r);
    assert_int_equal(t.rsrp, 137);
    assert_int_equal(t.sinr_only, 136);
    assert_int_equal(t.nbr, 1234);
    assert_int_equal(t.not_utc, 0);
    assert_double_near(t.rsrp_sum, -12751.6, 0.01);
    assert_double_near(t.rsrq_sum, -2557.4, 0.01);
    assert_double_near(t.sinr_sum, 382.7, 0.01);
    for (size_t i = 0; i < r->set.n; i++) /* the serving cell: PCI 13 on EARFCN 39050 */
        assert_int_equal(r->set.v[i].channel, 39050);
    for (size_t i = 0; i < r->set.nfix; i++)
        assert_true(isnan(r->set.fix[i].hdop));
    const dtmap_sample *s = &r->set.v[0]; /* line 36; its second cell has type 10 */
    assert_int_equal(s->line, 36);
    assert_int_equal(s->nnbr, 14);
    assert_int_equal(r->set.nbr[s->nbr].channel, 39248);
    assert_double_near(r->set.nbr[s->nbr].rsrp, -92.9, 1e-4);
}

static void test_real_scanner(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *fr = read_real(r, SCANNER ".nmf");
    assert_string_equal(fr->device, "Nemo Outdoor 7.8.0.8, format 2.27");
    /* 6101 lines: 25 '#' lines, 3804 OFDMSCAN (1902 scan type 1, 1902 type 2), 1901
     * PILOTSCAN, 192 CELLPOLLUTION, 175 GPS, STARTSCAN/STOPSCAN/SCANCONFIG. Of the 1902 type-1
     * scans 883 found no cell (all on EARFCN 125) and 16 best cells (all on EARFCN 125) have an
     * RSRQ (7) or CINR (9) just outside the LTE reporting range. */
    assert_int_equal(fr->lines, 6101);
    assert_int_equal(fr->meta, 25);
    assert_int_equal(fr->records, 6076);
    assert_int_equal(fr->accepted, 1003);
    assert_int_equal(fr->fixes, 175);
    assert_int_equal(fr->skipped, 3999);
    assert_int_equal(fx_skips(fr, "OFDMSCAN sync"), 1902);
    assert_int_equal(fx_skips(fr, "PILOTSCAN"), 1901);
    assert_int_equal(fx_skips(fr, "CELLPOLLUTION"), 192);
    assert_int_equal(fx_skips(fr, "STOPSCAN"), 2);
    assert_int_equal(fx_skips(fr, "STARTSCAN"), 1);
    assert_int_equal(fx_skips(fr, "SCANCONFIG"), 1);
    assert_int_equal(fr->rejected[DTMAP_REJ_NO_METRIC], 883);
    assert_int_equal(fr->rejected[DTMAP_REJ_RSRQ_RANGE], 7);
    assert_int_equal(fr->rejected[DTMAP_REJ_SINR_RANGE], 9);
    assert_int_equal(dtmap_ingest_report_rejected(&r->rep), 899);
    size_t ch100 = 0, ch125 = 0;
    for (size_t i = 0; i < r->set.n; i++) {
        ch100 += r->set.v[i].channel == 100;
        ch125 += r->set.v[i].channel == 125;
    }
    assert_int_equal(ch100, 951);
    assert_int_equal(ch125, 52);
    stats t = sample_stats(r);
    assert_int_equal(t.nbr, 5594);
    assert_double_near(t.rsrp_sum, -69240.0, 0.05);
}

/* Time of day of a sample on the logger's clock, in whole milliseconds. */
static long long local_ms(const dtmap_sample *s) {
    assert_int_equal(s->time_utc, 1);
    return llround(fmod(s->time_s + UT_OFFSET_S, 86400.0) * 1000.0);
}

/* The reference (best RSRP with float noise, Excel time, "hh:mm:ss.sss", lookup, Ch, PCI; one
 * row per channel-100 scan and per channel-125 scan time) against dtmap's channel-100 samples:
 * a row matches exactly (RSRP within 0.05 dB and PCI), is a tie (same RSRP, the reference
 * picked another cell of the same scan with that RSRP), or repeats the previous channel-100
 * scan at a time with no channel-100 scan (forward fill). */
static void test_real_reference(void **state) {
    fx_run *r = *state;
    read_real(r, SCANNER ".nmf");
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.reference.csv", real_dir(), SCANNER);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char buf[512];
    size_t rows = 0, exact = 0, tie = 0, ffill = 0, other = 0;
    assert_non_null(fgets(buf, sizeof buf, fp)); /* header */
    while (fgets(buf, sizeof buf, fp)) {
        double rsrp;
        int h, m, ch, pci;
        double sec;
        char lookup[32];
        if (sscanf(buf, "%lf,%*f,%d:%d:%lf,%31[^,],%d,%d", &rsrp, &h, &m, &sec, lookup, &ch,
                   &pci) != 7)
            fail_msg("reference row %zu unreadable: %s", rows + 1, buf);
        assert_int_equal(ch, 100);
        rows++;
        long long ms = llround((h * 3600 + m * 60 + sec) * 1000.0);
        const dtmap_sample *same = NULL, *before = NULL;
        for (size_t i = 0; i < r->set.n; i++) {
            const dtmap_sample *s = &r->set.v[i];
            if (s->channel != 100) continue;
            long long t = local_ms(s);
            if (t == ms && !same) same = s;
            if (t < ms) before = s;
        }
        if (same && fabs(same->value[DTMAP_METRIC_RSRP] - rsrp) <= 0.05 && same->pci == pci) {
            exact++;
        } else if (same && fabs(same->value[DTMAP_METRIC_RSRP] - rsrp) <= 0.05) {
            int found = 0;
            for (uint32_t j = 0; j < same->nnbr; j++) {
                const dtmap_neighbour *n = &r->set.nbr[same->nbr + j];
                found |= n->pci == pci && fabs(n->rsrp - rsrp) <= 0.05;
            }
            tie += found;
            other += !found;
        } else if (!same && before && fabs(before->value[DTMAP_METRIC_RSRP] - rsrp) <= 0.05 &&
                   before->pci == pci) {
            ffill++;
        } else {
            other++;
        }
    }
    fclose(fp);
    printf("nemo reference %s: %zu rows: %zu exact, %zu forward-filled, %zu ties, %zu other\n",
           SCANNER, rows, exact, ffill, tie, other);
    assert_int_equal(rows, 1073);
    assert_int_equal(exact, 950);
    assert_int_equal(ffill, 122);
    assert_int_equal(tie, 1);
    assert_int_equal(other, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_real_ue_fdd, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_real_ue_tdd, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_real_scanner, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_real_reference, fx_setup, fx_teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (failed == 0 && !real_dir()) return 77; /* every test skipped: tell ctest so */
    return failed;
}
