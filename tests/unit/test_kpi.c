/* test_kpi.c: unit tests for per-area key figures. The acceptance case of issue 4: a 200 m x
 * 200 m square (tests/data/kpi/squares.geojson, EPSG:32649) on a 20 m grid, half covered and
 * half unmeasured, then with a known weak block, interference block and unmeasured strip, the
 * same square shifted by half a cell, partly and wholly off the grid; every share is known by
 * hand. Also the sample distribution (percentiles type 7, power mean in mW) and class shares. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/areas.h"
#include "dtmap/cellkind.h"
#include "dtmap/crs.h"
#include "dtmap/kpi.h"
#include "dtmap/profile.h"

#define ND -9999.0f
#define TOL 1e-12
#define SQUARE 0  /* 500000..500200 x 2740000..2740200: cols 5..14, rows 5..14 of GRID */
#define SHIFTED 1 /* the same square moved 10 m east and 10 m south (half a cell) */

/* 20 m cells, 100 m margin around the square: 20 x 20 cells, x 499900..500300. */
static const dtmap_grid GRID = {
    .xmin = 499900, .ymax = 2740300, .res_m = 20, .ncols = 20, .nrows = 20};
/* The default profile's LTE rule: weak below -110 dBm, interference below 0 dB SINR. */
static const dtmap_cellkind_rule LTE = {-110, 1, 0};

/* What the RSRP / SINR rasters hold, by GRID column C and row R (base: -90 dBm, 10 dB). */
enum {
    WEST_ONLY = 1,     /* C >= 10 (x >= 500100) has no RSRP (its SINR -20 must not matter) */
    WEAK_BLOCK = 2,    /* C 6..8, R 6..7 (60 m x 40 m = 2400 m2): -115 dBm, SINR -20 dB */
    INTERF_BLOCK = 4,  /* C 11..12, R 10..11 (40 m x 40 m = 1600 m2): -80 dBm, SINR -5 dB */
    UNMEAS_STRIP = 8,  /* C 14, R 5..9 (20 m x 100 m = 2000 m2): no RSRP */
    SOUTH_ROW = 16,    /* R 14 inside the square (10 cells, 4000 m2): -100 dBm */
    MARGIN_INTERF = 32 /* every cell outside the square: -60 dBm, SINR -20 dB (interference) */
};

static dtmap_areas *AREAS; /* squares.geojson read into EPSG:32649, for all tests */

static int group_setup(void **state) {
    (void)state;
    dtmap_crs *crs = NULL;
    dtmap_error err;
    if (dtmap_crs_create("EPSG:32649", 0, 0, &crs, &err) != DTMAP_OK) return -1;
    dtmap_status st =
        dtmap_areas_create(testutil_data("kpi/squares.geojson"), NULL, crs, &AREAS, &err);
    dtmap_crs_destroy(crs);
    return st == DTMAP_OK ? 0 : -1;
}

static int group_teardown(void **state) {
    (void)state;
    dtmap_areas_destroy(AREAS);
    return 0;
}

/* Fills the rasters of grid g (any grid in the same CRS) as the flags say. */
static void paint(const dtmap_grid *g, unsigned flags, float *rsrp, float *sinr) {
    for (int r = 0; r < g->nrows; r++)
        for (int c = 0; c < g->ncols; c++) {
            double x, y;
            dtmap_grid_cell_center(g, c, r, &x, &y);
            int C = (int)floor((x - GRID.xmin) / 20), R = (int)floor((GRID.ymax - y) / 20);
            int in = C >= 5 && C <= 14 && R >= 5 && R <= 14;
            float v = -90, s = 10;
            if ((flags & MARGIN_INTERF) && !in) v = -60, s = -20;
            if ((flags & WEST_ONLY) && C >= 10) v = ND, s = -20;
            if ((flags & SOUTH_ROW) && in && R == 14) v = -100;
            if ((flags & WEAK_BLOCK) && C >= 6 && C <= 8 && R >= 6 && R <= 7) v = -115, s = -20;
            if ((flags & INTERF_BLOCK) && C >= 11 && C <= 12 && R >= 10 && R <= 11) v = -80, s = -5;
            if ((flags & UNMEAS_STRIP) && C == 14 && R >= 5 && R <= 9) v = ND, s = 10;
            rsrp[(size_t)r * (size_t)g->ncols + (size_t)c] = v;
            sinr[(size_t)r * (size_t)g->ncols + (size_t)c] = s;
        }
}

/* Paints grid g, classifies it under LTE, covers the area and computes its LTE figures, with
 * the samples of sin (or none). */
static dtmap_area_kpi compute(const dtmap_grid *g, size_t area, unsigned flags,
                              const dtmap_area_kpi_input *sin) {
    size_t n = dtmap_grid_ncells(g);
    float *rsrp = malloc(n * sizeof *rsrp), *sinr = malloc(n * sizeof *sinr);
    uint8_t *kinds = malloc(n);
    assert_non_null(rsrp);
    assert_non_null(sinr);
    assert_non_null(kinds);
    paint(g, flags, rsrp, sinr);
    dtmap_error err;
    assert_int_equal(dtmap_cellkind_classify(n, rsrp, sinr, ND, &LTE, kinds, &err), DTMAP_OK);
    dtmap_area_cover cover = {0};
    assert_int_equal(dtmap_areas_cover(AREAS, area, g, &cover, &err), DTMAP_OK);
    dtmap_area_kpi_input in = sin ? *sin : (dtmap_area_kpi_input){0};
    in.grid = g;
    in.areas = AREAS;
    in.area = area;
    in.cover = &cover;
    in.tech = DTMAP_TECH_LTE;
    in.kinds = kinds;
    in.rsrp = rsrp;
    in.nodata = ND;
    in.rule = &LTE;
    dtmap_area_kpi k;
    dtmap_status st = dtmap_area_kpi_compute(&in, &k, &err);
    if (st != DTMAP_OK) fail_msg("dtmap_area_kpi_compute: %s", err.detail);
    dtmap_area_cover_free(&cover);
    free(kinds);
    free(sinr);
    free(rsrp);
    assert_int_equal(k.area, area);
    assert_int_equal(k.tech, DTMAP_TECH_LTE);
    assert_double_near(k.area_m2, 40000, 1e-6);
    return k;
}

/* Asserts the five kind shares {none, covered, weak, interference, unmeasured}, that they sum
 * to 1, and measured / unmeasured shares derived from them. */
static void assert_kinds(const dtmap_area_kpi *k, double none, double covered, double weak,
                         double interference, double unmeasured) {
    const double want[DTMAP_KIND_COUNT] = {none, covered, weak, interference, unmeasured};
    double sum = 0;
    for (int i = 0; i < DTMAP_KIND_COUNT; i++) {
        if (fabs(k->kind_share[i] - want[i]) > TOL)
            fail_msg("kind_share[%s] = %.15g, want %.15g", dtmap_cellkind_name((dtmap_cellkind)i),
                     k->kind_share[i], want[i]);
        sum += k->kind_share[i];
    }
    assert_double_near(sum, 1, TOL);
    assert_double_near(k->measured_share, covered + weak + interference, TOL);
    assert_double_near(k->unmeasured_share, unmeasured + none, TOL);
}

/* Asserts the LTE levels -85, -95, -105, -110, -115 and the shares at each. */
static void assert_levels(const dtmap_area_kpi *k, const double share[5]) {
    const double level[5] = {-85, -95, -105, -110, -115};
    assert_int_equal(k->nlevels, 5);
    for (int j = 0; j < 5; j++) {
        assert_double_near(k->level[j], level[j], 0);
        if (fabs(k->level_share[j] - share[j]) > TOL)
            fail_msg("level_share[%g] = %.15g, want %.15g", level[j], k->level_share[j], share[j]);
        if (k->measured_share > 0)
            assert_double_near(k->level_share_measured[j], share[j] / k->measured_share, TOL);
        else
            assert_true(isnan(k->level_share_measured[j]));
    }
    assert_true(isnan(k->level[5]));
}

/* ACCEPTANCE (issue 4): the square's west half (x 500000..500100) at -90 dBm, its east half
 * without RSRP (and with SINR -20 dB there, which must not matter): covered 0.5, unmeasured
 * 0.5, measured 0.5; RSRP >= -95 .. -115 on 0.5 of the area (1.0 of the measured part), >= -85
 * on none of it. Thresholds are copied from the rule. */
static void square_half_covered(void **state) {
    (void)state;
    dtmap_area_kpi k = compute(&GRID, SQUARE, WEST_ONLY, NULL);
    assert_kinds(&k, 0, 0.5, 0, 0, 0.5);
    assert_double_near(k.measured_share, 0.5, TOL);
    assert_double_near(k.unmeasured_share, 0.5, TOL);
    assert_levels(&k, (const double[5]){0, 0.5, 0.5, 0.5, 0.5});
    assert_double_near(k.level_share_measured[1], 1, TOL);
    assert_double_near(k.rsrp_threshold, -110, 0);
    assert_int_equal(k.has_sinr_threshold, 1);
    assert_double_near(k.sinr_threshold, 0, 0);
    assert_int_equal(k.samples, 0);
    assert_double_near(k.samples_per_km2, 0, 0);
    assert_int_equal(k.rsrp.n, 0);
    assert_true(isnan(k.rsrp.mean) && isnan(k.sinr.median));
    assert_int_equal(k.nclasses[0], 5);
    assert_true(isnan(k.class_share[0][0]));
}

/* ACCEPTANCE (issue 4): known gaps. In the square (100 cells of 400 m2): a 60 m x 40 m weak
 * block at -115 dBm (6 cells: 2400 / 40000 = 0.06, its SINR -20 dB does not make it
 * interference), a 40 m x 40 m interference block at -80 dBm / -5 dB (0.04), a 20 m x 100 m
 * strip without RSRP (0.05), covered the rest (85 cells: 0.85), of which the south row (10
 * cells) at -100 dBm. The margin around is all interference and must not leak in. Levels:
 * >= -85: the -80 block (0.04); >= -95: 75 cells at -90 + 4 at -80 (0.79); >= -105 and -110:
 * + 10 at -100 (0.89); >= -115: + 6 weak at exactly -115 (0.95). */
static void square_known_gaps(void **state) {
    (void)state;
    unsigned f = WEAK_BLOCK | INTERF_BLOCK | UNMEAS_STRIP | SOUTH_ROW | MARGIN_INTERF;
    dtmap_area_kpi k = compute(&GRID, SQUARE, f, NULL);
    assert_kinds(&k, 0, 0.85, 0.06, 0.04, 0.05);
    assert_double_near(k.measured_share, 0.95, TOL);
    assert_levels(&k, (const double[5]){0.04, 0.79, 0.89, 0.89, 0.95});
    assert_double_near(k.level_share_measured[4], 1, TOL);
    assert_double_near(k.level_share_measured[0], 4.0 / 95, TOL);
    /* at the weak threshold: covered + interference, nothing weak or unmeasured */
    assert_double_near(k.level_share[3],
                       k.kind_share[DTMAP_KIND_COVERED] + k.kind_share[DTMAP_KIND_INTERFERENCE],
                       TOL);
}

/* ACCEPTANCE (issue 4): the square shifted by half a cell (x 500010..500210, y
 * 2739990..2740190): edge cells count half, corner cells a quarter. With the west half of the
 * grid measured (x < 500100) and the weak block (wholly inside): measured 90 m x 200 m = 0.45
 * of which weak 0.06 and covered 0.39; unmeasured 0.55. */
static void shifted_square_weighted(void **state) {
    (void)state;
    dtmap_area_kpi k = compute(&GRID, SHIFTED, WEST_ONLY | WEAK_BLOCK, NULL);
    assert_kinds(&k, 0, 0.39, 0.06, 0, 0.55);
    assert_levels(&k, (const double[5]){0, 0.39, 0.39, 0.39, 0.45});
    assert_double_near(k.level_share_measured[3], 0.39 / 0.45, TOL);
    /* the whole grid measured with the interference block: 0.04 of the shifted square too */
    k = compute(&GRID, SHIFTED, INTERF_BLOCK, NULL);
    assert_kinds(&k, 0, 0.96, 0, 0.04, 0);
    assert_levels(&k, (const double[5]){0.04, 1, 1, 1, 1});
}

/* Areas partly or wholly off the grid: the part outside is kind NONE, counted unmeasured and
 * never covered. Grid of the west 10 columns only (x 499900..500100): the square is half
 * outside (NONE 0.5; the weak block 0.06, covered 0.44); the shifted square 110 m of 200 m
 * outside (NONE 0.55, covered 0.39). A grid 10 km away: NONE 1, nothing measured. */
static void area_off_grid(void **state) {
    (void)state;
    dtmap_grid west = GRID;
    west.ncols = 10;
    dtmap_area_kpi k = compute(&west, SQUARE, WEAK_BLOCK, NULL);
    assert_kinds(&k, 0.5, 0.44, 0.06, 0, 0);
    assert_double_near(k.unmeasured_share, 0.5, TOL);
    assert_levels(&k, (const double[5]){0, 0.44, 0.44, 0.44, 0.5});
    k = compute(&west, SHIFTED, WEAK_BLOCK, NULL);
    assert_kinds(&k, 0.55, 0.39, 0.06, 0, 0);
    assert_double_near(k.unmeasured_share, 0.55, TOL);

    dtmap_grid away = {.xmin = 510000, .ymax = 2740300, .res_m = 20, .ncols = 5, .nrows = 5};
    k = compute(&away, SQUARE, 0, NULL);
    assert_kinds(&k, 1, 0, 0, 0, 0);
    assert_levels(&k, (const double[5]){0, 0, 0, 0, 0}); /* measured 0: per-measured NAN */
}

/* Samples inside the square: density, distributions and class shares of the default LTE
 * classes (excellent >= -85, good >= -95, medium >= -105, poor >= -115, very_poor below; SINR
 * 25 / 16 / 11 / 3), a value on a bound going to the better class. RSRP {-70, -84.9, -85,
 * -85.1, -100, -116, -130, NAN}: 3 excellent, 1 good, 1 medium, 0 poor, 2 very poor of 7.
 * SINR {30, 25, 20, 12, 5, -2, NAN, INF}: 2, 1, 1, 1, 1 of 6. 10 samples / 0.04 km2 = 250. */
static void samples_and_classes(void **state) {
    (void)state;
    const double rsrp[8] = {-70, -84.9, -85, -85.1, -100, -116, -130, NAN};
    const double sinr[8] = {30, 25, 20, 12, 5, -2, NAN, INFINITY};
    dtmap_area_kpi_input in = {
        .rsrp_values = rsrp, .n_rsrp = 8, .sinr_values = sinr, .n_sinr = 8, .samples = 10};
    dtmap_area_kpi k = compute(&GRID, SQUARE, WEST_ONLY, &in);
    assert_int_equal(k.samples, 10);
    assert_double_near(k.samples_per_km2, 250, 1e-9);
    assert_int_equal(k.rsrp.n, 7);
    assert_int_equal(k.sinr.n, 6);
    assert_double_near(k.rsrp.min, -130, 0);
    assert_double_near(k.rsrp.median, -85.1, 1e-12);
    assert_double_near(k.sinr.mean, 90.0 / 6, 1e-12); /* ratios averaged in dB */
    assert_double_near(k.sinr.median, (12 + 20) / 2.0, 1e-12);
    double mw = 0;
    for (int i = 0; i < 7; i++)
        mw += pow(10, rsrp[i] / 10);
    assert_double_near(k.rsrp.mean, 10 * log10(mw / 7), 1e-9);

    const uint64_t rc[5] = {3, 1, 1, 0, 2}, sc[5] = {2, 1, 1, 1, 1};
    assert_int_equal(k.nclasses[0], 5);
    assert_int_equal(k.nclasses[1], 5);
    for (int c = 0; c < 5; c++) {
        assert_int_equal(k.class_count[0][c], rc[c]);
        assert_int_equal(k.class_count[1][c], sc[c]);
        assert_double_near(k.class_share[0][c], rc[c] / 7.0, 1e-15);
        assert_double_near(k.class_share[1][c], sc[c] / 6.0, 1e-15);
    }
    assert_int_equal(k.class_count[0][5], 0);
    assert_true(isnan(k.class_share[0][5]));
}

/* The RSRP levels: the rule's weak threshold plus the finite class bounds, descending, an
 * exact duplicate kept once. LTE -110: -85 -95 -105 -110 -115; LTE with -105: -85 -95 -105
 * -115; NR -105: -80 -90 -100 -105 -110; NB-IoT -115 (also a class bound): -95 -105 -115 -125;
 * LTE -120: -85 -95 -105 -115 -120. */
static void level_lists(void **state) {
    (void)state;
    struct {
        dtmap_tech tech;
        double weak;
        int n;
        double want[6];
    } cases[] = {{DTMAP_TECH_LTE, -110, 5, {-85, -95, -105, -110, -115}},
                 {DTMAP_TECH_LTE, -105, 4, {-85, -95, -105, -115}},
                 {DTMAP_TECH_NR, -105, 5, {-80, -90, -100, -105, -110}},
                 {DTMAP_TECH_NBIOT, -115, 4, {-95, -105, -115, -125}},
                 {DTMAP_TECH_LTE, -120, 5, {-85, -95, -105, -115, -120}}};
    uint8_t kinds[1] = {DTMAP_KIND_COVERED};
    float rsrp[1] = {-90};
    dtmap_grid g = {.xmin = 600000, .ymax = 2740300, .res_m = 20, .ncols = 1, .nrows = 1};
    dtmap_area_cover none = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dtmap_cellkind_rule rule = {cases[i].weak, 0, NAN};
        dtmap_area_kpi_input in = {.grid = &g,
                                   .areas = AREAS,
                                   .area = SQUARE,
                                   .cover = &none,
                                   .tech = cases[i].tech,
                                   .kinds = kinds,
                                   .rsrp = rsrp,
                                   .nodata = ND,
                                   .rule = &rule};
        dtmap_area_kpi k;
        dtmap_error err;
        assert_int_equal(dtmap_area_kpi_compute(&in, &k, &err), DTMAP_OK);
        assert_int_equal(k.nlevels, cases[i].n);
        for (int j = 0; j < cases[i].n; j++)
            assert_double_near(k.level[j], cases[i].want[j], 0);
        assert_int_equal(k.has_sinr_threshold, 0);
        assert_true(isnan(k.sinr_threshold));
    }
}

/* Distribution by hand: {-100, -90, -80, -70, NAN}: n 4, mean (dB) -85, median -85, p5 = -100
 * + 0.15 * 10 = -98.5, p95 = -80 + 0.85 * 10 = -71.5. Power mean of -90 and -100 dBm =
 * 10 log10((1e-9 + 1e-10) / 2) = -92.5963731; of -60 and -120: -63.0103; of three -100s: -100.
 * 0..20 in any order: p5 1, median 10, p95 19. */
static void dist_by_hand(void **state) {
    (void)state;
    dtmap_dist d;
    dtmap_error err;
    const double v[5] = {-100, -90, -80, -70, NAN};
    double copy[5];
    memcpy(copy, v, sizeof v);
    assert_int_equal(dtmap_dist_compute(copy, 5, 0, &d, &err), DTMAP_OK);
    assert_memory_equal(copy, v, sizeof v); /* input untouched (NAN bits too) */
    assert_int_equal(d.n, 4);
    assert_double_near(d.mean, -85, 1e-12);
    assert_double_near(d.median, -85, 1e-12);
    assert_double_near(d.p5, -98.5, 1e-12);
    assert_double_near(d.p95, -71.5, 1e-12);
    assert_double_near(d.min, -100, 0);
    assert_double_near(d.max, -70, 0);
    assert_int_equal(dtmap_dist_compute(v, 5, 1, &d, &err), DTMAP_OK);
    assert_double_near(d.mean, 10 * log10((1e-10 + 1e-9 + 1e-8 + 1e-7) / 4), 1e-9);
    assert_double_near(d.median, -85, 1e-12); /* percentiles are the same in dB */

    const double two[2] = {-90, -100}, far[2] = {-60, -120}, same[3] = {-100, -100, -100};
    assert_int_equal(dtmap_dist_compute(two, 2, 1, &d, &err), DTMAP_OK);
    assert_double_near(d.mean, 10 * log10((1e-9 + 1e-10) / 2), 1e-9);
    assert_double_near(d.mean, -92.5963731, 1e-7);
    assert_double_near(d.median, -95, 1e-12);
    assert_int_equal(dtmap_dist_compute(far, 2, 1, &d, &err), DTMAP_OK);
    assert_double_near(d.mean, -63.0103, 1e-4);
    assert_int_equal(dtmap_dist_compute(same, 3, 1, &d, &err), DTMAP_OK);
    assert_double_near(d.mean, -100, 1e-12);

    double seq[21], rev[21];
    for (int i = 0; i < 21; i++)
        seq[i] = (i * 8) % 21, rev[i] = 20 - i; /* 8 is coprime to 21: a permutation */
    dtmap_dist a, b;
    assert_int_equal(dtmap_dist_compute(seq, 21, 0, &a, &err), DTMAP_OK);
    assert_int_equal(dtmap_dist_compute(rev, 21, 0, &b, &err), DTMAP_OK);
    assert_double_near(a.p5, 1, 1e-12);
    assert_double_near(a.median, 10, 1e-12);
    assert_double_near(a.p95, 19, 1e-12);
    assert_double_near(a.mean, 10, 1e-12);
    assert_memory_equal(&a, &b, sizeof a); /* order does not matter */

    const double one[3] = {INFINITY, -101.5, -INFINITY};
    assert_int_equal(dtmap_dist_compute(one, 3, 1, &d, &err), DTMAP_OK);
    assert_int_equal(d.n, 1);
    assert_double_near(d.mean, -101.5, 1e-12);
    assert_double_near(d.p5, -101.5, 0);
    assert_double_near(d.p95, -101.5, 0);

    const double nothing[2] = {NAN, NAN};
    assert_int_equal(dtmap_dist_compute(nothing, 2, 1, &d, &err), DTMAP_OK);
    assert_int_equal(d.n, 0);
    assert_true(isnan(d.mean) && isnan(d.min) && isnan(d.p5) && isnan(d.median) && isnan(d.p95) &&
                isnan(d.max));
    assert_int_equal(dtmap_dist_compute(NULL, 0, 0, &d, &err), DTMAP_OK);
    assert_int_equal(d.n, 0);
    assert_int_equal(dtmap_dist_compute(NULL, 3, 0, &d, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_dist_compute(v, 5, 0, NULL, &err), DTMAP_ERR_USAGE);
}

/* Missing inputs, an area out of range, values NULL with a count, a cover window off the grid
 * and a bad kind inside the area are usage errors. */
static void kpi_errors(void **state) {
    (void)state;
    uint8_t kinds[400];
    float rsrp[400];
    memset(kinds, DTMAP_KIND_COVERED, sizeof kinds);
    for (int i = 0; i < 400; i++)
        rsrp[i] = -90;
    dtmap_error err;
    dtmap_area_cover cover = {0};
    assert_int_equal(dtmap_areas_cover(AREAS, SQUARE, &GRID, &cover, &err), DTMAP_OK);
    const dtmap_area_kpi_input good = {.grid = &GRID,
                                       .areas = AREAS,
                                       .area = SQUARE,
                                       .cover = &cover,
                                       .kinds = kinds,
                                       .rsrp = rsrp,
                                       .nodata = ND,
                                       .rule = &LTE};
    dtmap_area_kpi k;
    assert_int_equal(dtmap_area_kpi_compute(&good, &k, &err), DTMAP_OK);
    assert_double_near(k.kind_share[DTMAP_KIND_COVERED], 1, TOL);
    /* The kinds decide what is measured: cells marked unmeasured never reach a level, even
     * where the RSRP raster holds a value (rows 5..9 of the square: 0.5). */
    memset(kinds + 5 * 20, DTMAP_KIND_UNMEASURED, 5 * 20);
    assert_int_equal(dtmap_area_kpi_compute(&good, &k, &err), DTMAP_OK);
    assert_double_near(k.kind_share[DTMAP_KIND_UNMEASURED], 0.5, TOL);
    assert_double_near(k.level_share[1], 0.5, TOL); /* >= -95 */
    assert_double_near(k.level_share_measured[1], 1, TOL);
    memset(kinds, DTMAP_KIND_COVERED, sizeof kinds);

    dtmap_area_kpi_input in = good;
    in.cover = NULL;
    assert_int_equal(dtmap_area_kpi_compute(&in, &k, &err), DTMAP_ERR_USAGE);
    in = good;
    in.rule = NULL;
    assert_int_equal(dtmap_area_kpi_compute(&in, &k, &err), DTMAP_ERR_USAGE);
    in = good;
    in.area = 2;
    assert_int_equal(dtmap_area_kpi_compute(&in, &k, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "area 2 of 2"));
    in = good;
    in.n_rsrp = 3;
    assert_int_equal(dtmap_area_kpi_compute(&in, &k, &err), DTMAP_ERR_USAGE);
    in = good;
    dtmap_grid small = {.xmin = 499900, .ymax = 2740300, .res_m = 20, .ncols = 12, .nrows = 12};
    in.grid = &small; /* the cover was made on the 20 x 20 grid */
    assert_int_equal(dtmap_area_kpi_compute(&in, &k, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_area_kpi_compute(&good, NULL, &err), DTMAP_ERR_USAGE);
    kinds[7 * 20 + 9] = 9; /* col 9, row 7: inside the square */
    assert_int_equal(dtmap_area_kpi_compute(&good, &k, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "col 9, row 7"));
    dtmap_area_cover_free(&cover);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(square_half_covered),
        cmocka_unit_test(square_known_gaps),
        cmocka_unit_test(shifted_square_weighted),
        cmocka_unit_test(area_off_grid),
        cmocka_unit_test(samples_and_classes),
        cmocka_unit_test(level_lists),
        cmocka_unit_test(dist_by_hand),
        cmocka_unit_test(kpi_errors),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
