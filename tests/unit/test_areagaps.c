/* test_areagaps.c: unit tests for the gaps of areas (areagaps.h): finding, cutting to the area,
 * the minimum-area filter, ranking, outlines and the GeoPackage read back with OGR, all on
 * constructed grids whose answers are known by hand.
 *
 * Issue 4's acceptance test is area_gaps_acceptance (+ gpkg_read_back): a 200 m x 200 m
 * square on a 20 m grid with a weak block of exactly 60 m x 40 m -> one weak gap of 2400 m2
 * whose centroid is the block's centre, checked against cs2cs. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "dtmap/areagaps.h"
#include "dtmap/areas.h"
#include "dtmap/crs.h"
#include "dtmap/grid.h"

/* The grid: EPSG:32649, 20 m cells, x 499900..500300, y 2739900..2740300 (20 x 20 cells). Cell
 * (col, row) spans x 499900 + 20 col .. +20, y 2740300 - 20 row - 20 .. 2740300 - 20 row. */
#define N 20
#define NODATA -9999.0f
#define RSRP_T -105.0
#define SINR_T 0.0

/* Three areas in the run CRS: 0 the square x 500000..500200, y 2740000..2740200 (cells cols
 * 5..14, rows 5..14 exactly); 1 the same square moved by half a cell (x 500010..500210,
 * y 2740010..2740210); 2 the triangle (500000 2740000, 500200 2740000, 500000 2740200) over the
 * square's cells (its hypotenuse cuts 10 cells in halves). */
#define UTM49                                                                                      \
    "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::32649\"}}"
static const char AREAS[] =
    "{\"type\": \"FeatureCollection\", " UTM49 ", \"features\": ["
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"遇龙河景区\"}, \"geometry\": "
    "{\"type\": \"Polygon\", \"coordinates\": [[[500000, 2740000], [500200, 2740000], "
    "[500200, 2740200], [500000, 2740200], [500000, 2740000]]]}},"
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"offset\"}, \"geometry\": "
    "{\"type\": \"Polygon\", \"coordinates\": [[[500010, 2740010], [500210, 2740010], "
    "[500210, 2740210], [500010, 2740210], [500010, 2740010]]]}},"
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"triangle\"}, \"geometry\": "
    "{\"type\": \"Polygon\", \"coordinates\": [[[500000, 2740000], [500200, 2740000], "
    "[500000, 2740200], [500000, 2740000]]]}}]}";

/* Centroids in WGS 84 from PROJ 9.1.1:
 *   printf "500070 2740140\n500020 2740020\n500170 2740070\n500025 2740195\n500195 2740100\n" |
 *       cs2cs -f %.10f EPSG:32649 EPSG:4326          (prints lat, lon) */
static const double LL_WEAK[2] = {111.0006924391, 24.7759555748};
static const double LL_INTF[2] = {111.0001978380, 24.7748718125};
static const double LL_UNME[2] = {111.0016816292, 24.7753233715};
static const double LL_OFFW[2] = {111.0002473007, 24.7764523011};
static const double LL_OFFU[2] = {111.0019289318, 24.7755943094};

typedef struct fixture {
    char dir[4096];
    dtmap_crs *crs;
    dtmap_areas *areas;
    dtmap_grid grid;
    uint8_t kinds[N * N];
    float rsrp[N * N], sinr[N * N];
} fixture;

static const dtmap_cellkind_rule RULE = {
    .rsrp_threshold = RSRP_T, .has_sinr = 1, .sinr_threshold = SINR_T};

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    dtmap_error err;
    char path[4096];
    if (fx == NULL) return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/dtmap-areagaps-XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(fx->dir) == NULL) return -1;
    if (dtmap_crs_create("EPSG:32649", 0, 0, &fx->crs, &err) != DTMAP_OK) return -1;
    snprintf(path, sizeof path, "%s", testutil_tmpfile(".geojson", AREAS));
    dtmap_status st = dtmap_areas_create(path, NULL, fx->crs, &fx->areas, &err);
    unlink(path);
    if (st != DTMAP_OK) return -1;
    fx->grid = (dtmap_grid){.xmin = 499900, .ymax = 2740300, .res_m = 20, .ncols = N, .nrows = N};
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    testutil_rmtree(fx->dir);
    dtmap_areas_destroy(fx->areas);
    dtmap_crs_destroy(fx->crs);
    free(fx);
    return 0;
}

/* Fills the layers from a map of N rows of N characters: '.' covered (RSRP -90, SINR 10), 'W'
 * weak (-120, 5), 'I' interference (-95, -2), 'U' unmeasured (nodata, nodata); set() then
 * changes single cells. */
static void layers(fixture *fx, const char *const map[N]) {
    for (int r = 0; r < N; r++) {
        assert_int_equal(strlen(map[r]), N);
        for (int c = 0; c < N; c++) {
            int i = r * N + c;
            switch (map[r][c]) {
            case 'W':
                fx->kinds[i] = DTMAP_KIND_WEAK, fx->rsrp[i] = -120, fx->sinr[i] = 5;
                break;
            case 'I':
                fx->kinds[i] = DTMAP_KIND_INTERFERENCE, fx->rsrp[i] = -95, fx->sinr[i] = -2;
                break;
            case 'U':
                fx->kinds[i] = DTMAP_KIND_UNMEASURED, fx->rsrp[i] = NODATA, fx->sinr[i] = NODATA;
                break;
            default:
                fx->kinds[i] = DTMAP_KIND_COVERED, fx->rsrp[i] = -90, fx->sinr[i] = 10;
            }
        }
    }
}
static void set(fixture *fx, int col, int row, float rsrp, float sinr) {
    fx->rsrp[row * N + col] = rsrp;
    fx->sinr[row * N + col] = sinr;
}

/* Runs dtmap_area_gaps_find for area i (LTE) and appends to out; returns the status. */
static dtmap_status find(fixture *fx, size_t area, const double *sx, const double *sy, size_t ns,
                         double min_area, dtmap_area_gaps *out, dtmap_error *err) {
    dtmap_area_cover cover = {0};
    assert_int_equal(dtmap_areas_cover(fx->areas, area, &fx->grid, &cover, err), DTMAP_OK);
    dtmap_area_gaps_input in = {.grid = &fx->grid,
                                .crs = fx->crs,
                                .areas = fx->areas,
                                .area = area,
                                .cover = &cover,
                                .tech = DTMAP_TECH_LTE,
                                .kinds = fx->kinds,
                                .rsrp = fx->rsrp,
                                .sinr = fx->sinr,
                                .nodata = NODATA,
                                .rule = &RULE,
                                .sx = sx,
                                .sy = sy,
                                .ns = ns,
                                .min_area_m2 = min_area};
    dtmap_status st = dtmap_area_gaps_find(&in, out, err);
    dtmap_area_cover_free(&cover);
    return st;
}

/* Area of the gap's WKB as OGR reads it back. */
static double wkb_area(const dtmap_area_gap *g) {
    OGRGeometryH geom = NULL;
    assert_int_equal(OGR_G_CreateFromWkb(g->wkb, NULL, &geom, (int)g->wkb_size), OGRERR_NONE);
    assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(geom)), wkbMultiPolygon);
    double a = OGR_G_Area(geom);
    OGR_G_DestroyGeometry(geom);
    return a;
}

/* The acceptance case, area 0 (the square, cols 5..14, rows 5..14):
 * - weak block cols 7..9, rows 7..8 = x 500040..500100, y 2740120..2740160 (60 m x 40 m);
 * - interference block cols 5..6, rows 13..14 = x 500000..500040, y 2740000..2740040;
 * - unmeasured cols 12..16, rows 10..12, across the east edge: inside only cols 12..14 =
 *   x 500140..500200, y 2740040..2740100 (60 m x 60 m, 9 cells);
 * - outside the area and not reported: unmeasured cols 0..2 rows 0..2, and a weak strip at
 *   col 15 (x 500200..500220) touching the area's east edge along rows 6..7. */
// clang-format off
static const char *const ACCEPT[N] = {
    "UUU.................", /* row 0 */
    "UUU.................", /* row 1 */
    "UUU.................", /* row 2 */
    "....................", /* row 3 */
    "....................", /* row 4 */
    "....................", /* row 5 */
    "...............W....", /* row 6 */
    ".......WWW.....W....", /* row 7 */
    ".......WWW..........", /* row 8 */
    "....................", /* row 9 */
    "............UUUUU...", /* row 10 */
    "............UUUUU...", /* row 11 */
    "............UUUUU...", /* row 12 */
    ".....II.............", /* row 13 */
    ".....II.............", /* row 14 */
    "....................", /* row 15 */
    "....................", /* row 16 */
    "....................", /* row 17 */
    "....................", /* row 18 */
    "....................", /* row 19 */
};
// clang-format on
/* Samples (inside the area): 4 in the weak block (one on its west edge x = 500040 and one on
 * its north edge y = 2740160: cells own their west and north edges), 1 on its east edge
 * x = 500100 (belongs to covered col 10), 1 in the interference block, 1 in the unmeasured
 * region, 1 in a covered cell. */
static const double SX[] = {500041, 500040, 500099.9, 500070, 500100, 500010, 500150, 500110};
static const double SY[] = {2740150, 2740130, 2740121, 2740160, 2740130, 2740010, 2740070, 2740190};
#define NS (sizeof SX / sizeof SX[0])

/* Weak values: -120 except (9,7) -110 and (8,8) -126. Mean through mW:
 * 10 log10((4e-12 + 1e-11 + 10^-12.6) / 6) = -116.2431... dBm. */
static void accept_layers(fixture *fx) {
    layers(fx, ACCEPT);
    set(fx, 9, 7, -110, 5);
    set(fx, 8, 8, -126, 5);
    /* SINR of the interference block: -3, -1 / -5, -2: worst -5, mean -2.75 dB. */
    set(fx, 5, 13, -95, -3);
    set(fx, 6, 13, -95, -1);
    set(fx, 5, 14, -95, -5);
    set(fx, 6, 14, -95, -2);
}

static void area_gaps_acceptance(void **state) {
    fixture *fx = *state;
    dtmap_area_gaps gaps = {0};
    dtmap_error err;
    accept_layers(fx);
    assert_int_equal(find(fx, 0, SX, SY, NS, 0, &gaps, &err), DTMAP_OK);
    assert_int_equal(gaps.n, 3);

    const double mean_w = 10.0 * log10((4e-12 + 1e-11 + pow(10.0, -12.6)) / 6.0);
    assert_double_near(mean_w, -116.2431, 1e-4);
    const dtmap_area_gap *w = &gaps.v[0];
    assert_int_equal(w->kind, DTMAP_KIND_WEAK);
    assert_int_equal(w->rank, 0);
    assert_int_equal(w->area, 0);
    assert_int_equal(w->tech, DTMAP_TECH_LTE);
    assert_double_near(w->area_m2, 2400, 1e-6);
    assert_double_near(wkb_area(w), 2400, 1e-6);
    assert_int_equal(w->ncells, 6);
    assert_double_near(w->worst, -126, 1e-9);
    assert_double_near(w->mean, mean_w, 1e-9);
    assert_double_near(w->threshold, RSRP_T, 0);
    assert_double_near(w->deficit_db, RSRP_T - mean_w, 1e-9);
    assert_double_near(w->score, 2400 * (RSRP_T - mean_w), 1e-6);
    assert_int_equal(w->samples, 4);
    assert_double_near(w->cx, 500070, 1e-6);
    assert_double_near(w->cy, 2740140, 1e-6);
    assert_double_near(w->lon, LL_WEAK[0], 1e-9);
    assert_double_near(w->lat, LL_WEAK[1], 1e-9);

    const dtmap_area_gap *it = &gaps.v[1];
    assert_int_equal(it->kind, DTMAP_KIND_INTERFERENCE);
    assert_double_near(it->area_m2, 1600, 1e-6);
    assert_int_equal(it->ncells, 4);
    assert_double_near(it->worst, -5, 1e-9);
    assert_double_near(it->mean, -2.75, 1e-9);
    assert_double_near(it->threshold, SINR_T, 0);
    assert_double_near(it->deficit_db, 2.75, 1e-9);
    assert_double_near(it->score, 4400, 1e-6);
    assert_int_equal(it->samples, 1);
    assert_double_near(it->lon, LL_INTF[0], 1e-9);
    assert_double_near(it->lat, LL_INTF[1], 1e-9);

    const dtmap_area_gap *u = &gaps.v[2];
    assert_int_equal(u->kind, DTMAP_KIND_UNMEASURED);
    assert_double_near(u->area_m2, 3600, 1e-6); /* the inside part only */
    assert_double_near(wkb_area(u), 3600, 1e-6);
    assert_int_equal(u->ncells, 9);
    assert_true(isnan(u->worst) && isnan(u->mean) && isnan(u->threshold) && isnan(u->deficit_db));
    assert_double_near(u->score, 3600, 1e-6);
    assert_int_equal(u->samples, 1);
    assert_double_near(u->cx, 500170, 1e-6);
    assert_double_near(u->cy, 2740070, 1e-6);
    assert_double_near(u->lon, LL_UNME[0], 1e-9);
    assert_double_near(u->lat, LL_UNME[1], 1e-9);

    /* A second call appends; ranking puts one of each kind at rank 1, the copy at rank 2. */
    assert_int_equal(find(fx, 0, NULL, NULL, 0, 0, &gaps, &err), DTMAP_OK);
    assert_int_equal(gaps.n, 6);
    assert_int_equal(gaps.v[3].samples, 0);
    dtmap_area_gaps_rank(&gaps);
    static const int KIND[6] = {2, 2, 3, 3, 4, 4}, RANK[6] = {1, 2, 1, 2, 1, 2};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(gaps.v[i].kind, KIND[i]);
        assert_int_equal(gaps.v[i].rank, RANK[i]);
    }
    dtmap_area_gaps_free(&gaps);
    assert_null(gaps.v);
    assert_int_equal(gaps.n, 0);
    dtmap_area_gaps_free(NULL);
}

/* The minimum area: a 1-cell weak gap (col 12, row 6: 400 m2) beside the 6-cell block. Kept at
 * min 400 (>=), dropped at 400.5; the block (2400 m2) stays until min 2400.5. */
static void area_gaps_min_area(void **state) {
    fixture *fx = *state;
    // clang-format off
    static const char *const MAP[N] = {
        "....................", /* row 0 */
        "....................", /* row 1 */
        "....................", /* row 2 */
        "....................", /* row 3 */
        "....................", /* row 4 */
        "....................", /* row 5 */
        "............W.......", /* row 6 */
        ".......WWW..........", /* row 7 */
        ".......WWW..........", /* row 8 */
        "....................", /* row 9 */
        "....................", /* row 10 */
        "....................", /* row 11 */
        "....................", /* row 12 */
        "....................", /* row 13 */
        "....................", /* row 14 */
        "....................", /* row 15 */
        "....................", /* row 16 */
        "....................", /* row 17 */
        "....................", /* row 18 */
        "....................", /* row 19 */
    };
    // clang-format on
    static const double MIN[4] = {0, 400, 400.5, 2400.5};
    static const size_t NGAPS[4] = {2, 2, 1, 0};
    dtmap_error err;
    layers(fx, MAP);
    for (int k = 0; k < 4; k++) {
        dtmap_area_gaps gaps = {0};
        assert_int_equal(find(fx, 0, NULL, NULL, 0, MIN[k], &gaps, &err), DTMAP_OK);
        assert_int_equal(gaps.n, NGAPS[k]);
        if (k == 2) {
            assert_double_near(gaps.v[0].area_m2, 2400, 1e-6);
            assert_int_equal(gaps.v[0].ncells, 6);
        }
        if (k == 0) { /* find order: first cell row-major, the single cell (row 6) first */
            assert_double_near(gaps.v[0].area_m2, 400, 1e-6);
            assert_int_equal(gaps.v[0].ncells, 1);
        }
        dtmap_area_gaps_free(&gaps);
    }
}

/* Ranking by score = area x deficit, within each kind:
 *   B cols 6..8 rows 6..7, RSRP -110: 2400 m2 x 5 dB = 12000
 *   C cols 11..13 rows 6..8 with a covered centre (12,7), RSRP -106: 3200 m2 x 1 dB = 3200
 *   A cols 10..11 rows 11..12, RSRP -125: 1600 m2 x 20 dB = 32000
 *   D cols 5..6 rows 13..14, RSRP -125: 32000 too, same area: tie broken by cy, A is north
 *   I1 cols 8..9 row 9, SINR -1: 800 x 1 = 800;  I2 col 13 row 13, SINR -4: 400 x 4 = 1600
 * Found in order B C A D I1 I2; ranked A1 D2 B3 C4, I2 1, I1 2. */
// clang-format off
static const char *const RANKMAP[N] = {
    "....................", /* row 0 */
    "....................", /* row 1 */
    "....................", /* row 2 */
    "....................", /* row 3 */
    "....................", /* row 4 */
    "....................", /* row 5 */
    "......WWW..WWW......", /* row 6 */
    "......WWW..W.W......", /* row 7 */
    "...........WWW......", /* row 8 */
    "........II..........", /* row 9 */
    "....................", /* row 10 */
    "..........WW........", /* row 11 */
    "..........WW........", /* row 12 */
    ".....WW......I......", /* row 13 */
    ".....WW.............", /* row 14 */
    "....................", /* row 15 */
    "....................", /* row 16 */
    "....................", /* row 17 */
    "....................", /* row 18 */
    "....................", /* row 19 */
};
// clang-format on

static void rank_layers(fixture *fx) {
    layers(fx, RANKMAP);
    for (int i = 0; i < N * N; i++) {
        int c = i % N, r = i / N;
        if (fx->kinds[i] != DTMAP_KIND_WEAK) continue;
        fx->rsrp[i] = r <= 7 && c <= 8 ? -110 : (r <= 8 ? -106 : -125);
    }
    set(fx, 13, 13, -95, -4);
    set(fx, 8, 9, -95, -1);
    set(fx, 9, 9, -95, -1);
}

static void area_gaps_ranking(void **state) {
    fixture *fx = *state;
    dtmap_area_gaps gaps = {0};
    dtmap_error err;
    rank_layers(fx);
    assert_int_equal(find(fx, 0, NULL, NULL, 0, 0, &gaps, &err), DTMAP_OK);
    assert_int_equal(gaps.n, 6);
    static const double FOUND_AREA[6] = {2400, 3200, 1600, 1600, 800, 400};
    for (int i = 0; i < 6; i++)
        assert_double_near(gaps.v[i].area_m2, FOUND_AREA[i], 1e-6);
    assert_double_near(gaps.v[1].score, 3200, 1e-6);
    assert_int_equal(gaps.v[1].ncells, 8);

    dtmap_area_gaps_rank(&gaps);
    static const double SCORE[6] = {32000, 32000, 12000, 3200, 1600, 800};
    static const int RANK[6] = {1, 2, 3, 4, 1, 2};
    static const double CY[6] = {2740060, 2740020, 2740160, 2740150, 2740030, 2740110};
    for (int i = 0; i < 6; i++) {
        assert_double_near(gaps.v[i].score, SCORE[i], 1e-6);
        assert_int_equal(gaps.v[i].rank, RANK[i]);
        assert_double_near(gaps.v[i].cy, CY[i], 1e-6);
    }
    /* Ranking is a total order: a reversed list ranks the same. */
    for (size_t i = 0; i < gaps.n / 2; i++) {
        dtmap_area_gap t = gaps.v[i];
        gaps.v[i] = gaps.v[gaps.n - 1 - i];
        gaps.v[gaps.n - 1 - i] = t;
    }
    dtmap_area_gaps_rank(&gaps);
    for (int i = 0; i < 6; i++)
        assert_double_near(gaps.v[i].cy, CY[i], 1e-6);
    dtmap_area_gaps_free(&gaps);
}

/* Absolute shoelace area of a polyline. */
static double ring_area(const dtmap_polyline *p) {
    double s = 0;
    for (size_t i = 0; i + 1 < p->n; i++)
        s += (p->x[i] - p->x[0]) * (p->y[i + 1] - p->y[0]) -
             (p->x[i + 1] - p->x[0]) * (p->y[i] - p->y[0]);
    return fabs(s) / 2;
}

/* Outlines of the ranking case: weak rings A, D, B, C's shell (3600) and C's hole (400);
 * interference rings I2 and I1; every ring closed. */
static void area_gaps_outlines(void **state) {
    fixture *fx = *state;
    dtmap_area_gaps gaps = {0};
    dtmap_outlines ol = {0};
    dtmap_error err;
    rank_layers(fx);
    assert_int_equal(find(fx, 0, NULL, NULL, 0, 0, &gaps, &err), DTMAP_OK);
    dtmap_area_gaps_rank(&gaps);

    assert_int_equal(
        dtmap_area_gaps_outlines(&gaps, 0, DTMAP_TECH_LTE, 1u << DTMAP_KIND_WEAK, &ol, &err),
        DTMAP_OK);
    assert_int_equal(ol.n, 5);
    static const double AREA[5] = {1600, 1600, 2400, 3600, 400};
    for (size_t i = 0; i < ol.n; i++) {
        assert_true(ol.v[i].n >= 5);
        assert_double_near(ol.v[i].x[0], ol.v[i].x[ol.v[i].n - 1], 0);
        assert_double_near(ol.v[i].y[0], ol.v[i].y[ol.v[i].n - 1], 0);
        assert_double_near(ring_area(&ol.v[i]), AREA[i], 1e-6);
    }
    assert_double_near(ol.v[0].x[0] >= 500100 && ol.v[0].x[0] <= 500140, 1, 0); /* A first */
    dtmap_outlines_free(&ol);
    assert_null(ol.v);

    assert_int_equal(dtmap_area_gaps_outlines(&gaps, 0, DTMAP_TECH_LTE, 0, &ol, &err), DTMAP_OK);
    assert_int_equal(ol.n, 7);
    dtmap_outlines_free(&ol);
    assert_int_equal(dtmap_area_gaps_outlines(&gaps, 0, DTMAP_TECH_LTE,
                                              1u << DTMAP_KIND_INTERFERENCE, &ol, &err),
                     DTMAP_OK);
    assert_int_equal(ol.n, 2);
    assert_double_near(ring_area(&ol.v[0]), 400, 1e-6);
    assert_double_near(ring_area(&ol.v[1]), 800, 1e-6);
    dtmap_outlines_free(&ol);
    assert_int_equal(dtmap_area_gaps_outlines(&gaps, 0, DTMAP_TECH_NR, 0, &ol, &err), DTMAP_OK);
    assert_int_equal(ol.n, 0);
    assert_int_equal(dtmap_area_gaps_outlines(&gaps, 1, DTMAP_TECH_LTE, 0, &ol, &err), DTMAP_OK);
    assert_int_equal(ol.n, 0);
    dtmap_outlines_free(&ol);
    dtmap_outlines_free(NULL);
    dtmap_area_gaps_free(&gaps);
}

/* Area 1, the square moved by half a cell (x 500010..500210, y 2740010..2740210), so cells are
 * partly inside:
 * - weak block cols 4..6, rows 4..5 = x 499980..500040, y 2740180..2740220: cut to x
 *   500010..500040, y 2740180..2740210 = 30 m x 30 m = 900 m2, centre (500025, 2740195);
 *   col 4 has no part inside, so 4 cells;
 * - unmeasured cols 14..15, rows 9..10 = x 500180..500220, y 2740080..2740120: cut to
 *   x 500180..500210 = 30 m x 40 m = 1200 m2, centre (500195, 2740100), 4 cells.
 * Area 2, the triangle, all cells unmeasured: one gap of half the square, 20000 m2, over the
 * 55 cells the triangle reaches (10 + 9 + ... + 1, the diagonal ones by half). */
static void area_gaps_cut_partial_cells(void **state) {
    fixture *fx = *state;
    // clang-format off
    static const char *const MAP[N] = {
        "....................", /* row 0 */
        "....................", /* row 1 */
        "....................", /* row 2 */
        "....................", /* row 3 */
        "....WWW.............", /* row 4 */
        "....WWW.............", /* row 5 */
        "....................", /* row 6 */
        "....................", /* row 7 */
        "....................", /* row 8 */
        "..............UU....", /* row 9 */
        "..............UU....", /* row 10 */
        "....................", /* row 11 */
        "....................", /* row 12 */
        "....................", /* row 13 */
        "....................", /* row 14 */
        "....................", /* row 15 */
        "....................", /* row 16 */
        "....................", /* row 17 */
        "....................", /* row 18 */
        "....................", /* row 19 */
    };
    // clang-format on
    dtmap_area_gaps gaps = {0};
    dtmap_error err;
    layers(fx, MAP);
    assert_int_equal(find(fx, 1, NULL, NULL, 0, 0, &gaps, &err), DTMAP_OK);
    assert_int_equal(gaps.n, 2);
    assert_int_equal(gaps.v[0].kind, DTMAP_KIND_WEAK);
    assert_double_near(gaps.v[0].area_m2, 900, 1e-6);
    assert_double_near(wkb_area(&gaps.v[0]), 900, 1e-6);
    assert_int_equal(gaps.v[0].ncells, 4);
    assert_double_near(gaps.v[0].cx, 500025, 1e-6);
    assert_double_near(gaps.v[0].cy, 2740195, 1e-6);
    assert_double_near(gaps.v[0].lon, LL_OFFW[0], 1e-9);
    assert_double_near(gaps.v[0].lat, LL_OFFW[1], 1e-9);
    assert_double_near(gaps.v[0].score, 900 * 15, 1e-6);
    assert_int_equal(gaps.v[1].kind, DTMAP_KIND_UNMEASURED);
    assert_double_near(gaps.v[1].area_m2, 1200, 1e-6);
    assert_int_equal(gaps.v[1].ncells, 4);
    assert_double_near(gaps.v[1].cx, 500195, 1e-6);
    assert_double_near(gaps.v[1].cy, 2740100, 1e-6);
    assert_double_near(gaps.v[1].lon, LL_OFFU[0], 1e-9);
    assert_double_near(gaps.v[1].lat, LL_OFFU[1], 1e-9);
    dtmap_area_gaps_free(&gaps);

    for (int i = 0; i < N * N; i++)
        fx->kinds[i] = DTMAP_KIND_UNMEASURED, fx->rsrp[i] = NODATA, fx->sinr[i] = NODATA;
    assert_int_equal(find(fx, 2, NULL, NULL, 0, 0, &gaps, &err), DTMAP_OK);
    assert_int_equal(gaps.n, 1);
    assert_double_near(gaps.v[0].area_m2, 20000, 1e-6);
    assert_int_equal(gaps.v[0].ncells, 55);
    dtmap_area_gaps_free(&gaps);
}

/* Corners: cells of one kind touching only at a corner are separate gaps (4-connected, as
 * GDALPolygonize traces them): (6,6) and (7,7) give two gaps of 400 m2. A 7-cell region whose
 * hole (12,7) meets the outside (13,8) at a corner is one gap of 2800 m2 whatever shape OGR
 * gives its pinched ring, and its outline rings stay closed. */
static void area_gaps_corners(void **state) {
    fixture *fx = *state;
    // clang-format off
    static const char *const MAP[N] = {
        "....................", /* row 0 */
        "....................", /* row 1 */
        "....................", /* row 2 */
        "....................", /* row 3 */
        "....................", /* row 4 */
        "....................", /* row 5 */
        "......W....WWW......", /* row 6 */
        ".......W...W.W......", /* row 7 */
        "...........WW.......", /* row 8 */
        "....................", /* row 9 */
        "....................", /* row 10 */
        "....................", /* row 11 */
        "....................", /* row 12 */
        "....................", /* row 13 */
        "....................", /* row 14 */
        "....................", /* row 15 */
        "....................", /* row 16 */
        "....................", /* row 17 */
        "....................", /* row 18 */
        "....................", /* row 19 */
    };
    // clang-format on
    dtmap_area_gaps gaps = {0};
    dtmap_outlines ol = {0};
    dtmap_error err;
    layers(fx, MAP);
    assert_int_equal(find(fx, 0, NULL, NULL, 0, 0, &gaps, &err), DTMAP_OK);
    assert_int_equal(gaps.n, 3);
    static const double AREA[3] = {400, 2800, 400};
    static const size_t NCELLS[3] = {1, 7, 1};
    for (int i = 0; i < 3; i++) {
        assert_double_near(gaps.v[i].area_m2, AREA[i], 1e-6);
        assert_double_near(wkb_area(&gaps.v[i]), AREA[i], 1e-6);
        assert_int_equal(gaps.v[i].ncells, NCELLS[i]);
    }
    assert_int_equal(dtmap_area_gaps_outlines(&gaps, 0, DTMAP_TECH_LTE, 0, &ol, &err), DTMAP_OK);
    assert_true(ol.n >= 4);
    double shells = 0;
    for (size_t i = 0; i < ol.n; i++) {
        assert_double_near(ol.v[i].x[0], ol.v[i].x[ol.v[i].n - 1], 0);
        assert_double_near(ol.v[i].y[0], ol.v[i].y[ol.v[i].n - 1], 0);
        shells += ring_area(&ol.v[i]);
    }
    /* Either a shell of 3200 (3 x 3 cells less the corner) with a hole of 400 touching it at a
     * point (valid in OGC's sense; ring areas add here), or one pinched shell of 2800: with the
     * two single cells the rings total 4400 or 3600. GDAL 3.6 gives the first. */
    assert_true(fabs(shells - 4400) < 1e-6 || fabs(shells - 3600) < 1e-6);
    dtmap_outlines_free(&ol);
    dtmap_area_gaps_free(&gaps);
}

/* Real-looking outlines (tests/data/areas/yangshuo.geojson: a town with a hole, a river in two
 * parts, a street inside the town) on a 25 m grid with a pattern of kinds: for every area and
 * kind, the cut gap areas add up to the exact cover fractions (areas.h, Green's theorem, no
 * GEOS) times the cell area over the cells of that kind, and the cells add up too. */
static void area_gaps_agree_with_cover(void **state) {
    (void)state;
    dtmap_crs *crs = NULL;
    dtmap_areas *as = NULL;
    dtmap_error err;
    assert_int_equal(dtmap_crs_create("EPSG:32649", 0, 0, &crs, &err), DTMAP_OK);
    assert_int_equal(
        dtmap_areas_create(testutil_data("areas/yangshuo.geojson"), NULL, crs, &as, &err),
        DTMAP_OK);
    double ext[4];
    dtmap_grid g;
    dtmap_areas_extent(as, 100, ext);
    assert_int_equal(dtmap_grid_from_extent(ext[0], ext[1], ext[2], ext[3], 25, &g, &err),
                     DTMAP_OK);
    size_t n = dtmap_grid_ncells(&g);
    uint8_t *kinds = malloc(n);
    float *rsrp = malloc(n * sizeof *rsrp), *sinr = malloc(n * sizeof *sinr);
    assert_non_null(kinds);
    assert_non_null(rsrp);
    assert_non_null(sinr);
    for (size_t i = 0; i < n; i++) {
        int c = (int)(i % (size_t)g.ncols), r = (int)(i / (size_t)g.ncols);
        double v = sin(c * 0.13) * cos(r * 0.11) + 0.5 * sin(c * 0.41 + r * 0.37);
        kinds[i] = v > 0.9    ? DTMAP_KIND_UNMEASURED
                   : v < -0.8 ? DTMAP_KIND_WEAK
                   : v < -0.5 ? DTMAP_KIND_INTERFERENCE
                              : DTMAP_KIND_COVERED;
        rsrp[i] = kinds[i] == DTMAP_KIND_UNMEASURED ? NODATA
                  : kinds[i] == DTMAP_KIND_WEAK     ? (float)(-115 + v)
                                                    : -95;
        sinr[i] = kinds[i] == DTMAP_KIND_INTERFERENCE ? (float)(-2 + v) : 5;
    }
    size_t total = 0;
    double all[DTMAP_KIND_COUNT] = {0};
    for (size_t a = 0; a < dtmap_areas_count(as); a++) {
        dtmap_area_cover cv = {0};
        dtmap_area_gaps gaps = {0};
        double want[DTMAP_KIND_COUNT] = {0}, got[DTMAP_KIND_COUNT] = {0};
        size_t want_cells[DTMAP_KIND_COUNT] = {0}, got_cells[DTMAP_KIND_COUNT] = {0};
        assert_int_equal(dtmap_areas_cover(as, a, &g, &cv, &err), DTMAP_OK);
        for (int r = 0; r < g.nrows; r++)
            for (int c = 0; c < g.ncols; c++) {
                double f = dtmap_area_cover_at(&cv, c, r);
                if (f <= 0) continue;
                want[kinds[(size_t)r * (size_t)g.ncols + (size_t)c]] += f * 625;
                want_cells[kinds[(size_t)r * (size_t)g.ncols + (size_t)c]]++;
            }
        dtmap_area_gaps_input in = {.grid = &g,
                                    .crs = crs,
                                    .areas = as,
                                    .area = a,
                                    .cover = &cv,
                                    .tech = DTMAP_TECH_LTE,
                                    .kinds = kinds,
                                    .rsrp = rsrp,
                                    .sinr = sinr,
                                    .nodata = NODATA,
                                    .rule = &RULE};
        assert_int_equal(dtmap_area_gaps_find(&in, &gaps, &err), DTMAP_OK);
        for (size_t i = 0; i < gaps.n; i++) {
            got[gaps.v[i].kind] += gaps.v[i].area_m2;
            got_cells[gaps.v[i].kind] += gaps.v[i].ncells;
            assert_true(gaps.v[i].area_m2 <= gaps.v[i].ncells * 625.0 + 1e-6);
        }
        for (int k = DTMAP_KIND_WEAK; k <= DTMAP_KIND_UNMEASURED; k++) {
            assert_double_near(got[k], want[k], 1e-9 * want[k] + 1e-9); /* measured ~1e-13 */
            all[k] += got[k];
            assert_int_equal(got_cells[k], want_cells[k]);
        }
        total += gaps.n;
        dtmap_area_gaps_free(&gaps);
        dtmap_area_cover_free(&cv);
    }
    assert_true(total > 50);
    for (int k = DTMAP_KIND_WEAK; k <= DTMAP_KIND_UNMEASURED; k++)
        assert_true(all[k] > 100000);
    free(sinr);
    free(rsrp);
    free(kinds);
    dtmap_areas_destroy(as);
    dtmap_crs_destroy(crs);
}

/* Usage errors leave the list as it was. */
static void area_gaps_errors(void **state) {
    fixture *fx = *state;
    dtmap_area_gaps gaps = {0};
    dtmap_area_cover cover = {0};
    dtmap_error err;
    accept_layers(fx);
    assert_int_equal(find(fx, 0, NULL, NULL, 0, 0, &gaps, &err), DTMAP_OK);
    assert_int_equal(gaps.n, 3);
    assert_int_equal(dtmap_areas_cover(fx->areas, 0, &fx->grid, &cover, &err), DTMAP_OK);
    dtmap_area_gaps_input in = {.grid = &fx->grid,
                                .crs = fx->crs,
                                .areas = fx->areas,
                                .cover = &cover,
                                .kinds = fx->kinds,
                                .rsrp = fx->rsrp,
                                .sinr = NULL,
                                .nodata = NODATA,
                                .rule = &RULE};
    in.kinds = NULL;
    assert_int_equal(dtmap_area_gaps_find(&in, &gaps, &err), DTMAP_ERR_USAGE);
    in.kinds = fx->kinds;
    in.area = 3;
    assert_int_equal(dtmap_area_gaps_find(&in, &gaps, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "area 3 out of range"));
    in.area = 0;
    /* Interference cells but no SINR layer to take their values from. */
    assert_int_equal(dtmap_area_gaps_find(&in, &gaps, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "no SINR layer"));
    assert_int_equal(gaps.n, 3);
    assert_double_near(gaps.v[2].area_m2, 3600, 1e-6);
    dtmap_area_cover_free(&cover);
    dtmap_area_gaps_free(&gaps);
}

/* Path of name inside the fixture folder (static buffer per slot). */
static const char *fpath(const fixture *fx, const char *name, int slot) {
    static char buf[3][4200];
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", fx->dir, name);
    return buf[slot];
}

static double fdouble(OGRFeatureH f, const char *name) {
    int i = OGR_F_GetFieldIndex(f, name);
    assert_true(i >= 0);
    return OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsDouble(f, i) : NAN;
}
static const char *fstring(OGRFeatureH f, const char *name) {
    int i = OGR_F_GetFieldIndex(f, name);
    assert_true(i >= 0);
    return OGR_F_GetFieldAsString(f, i);
}
static long long fint(OGRFeatureH f, const char *name) {
    int i = OGR_F_GetFieldIndex(f, name);
    assert_true(i >= 0);
    return (long long)OGR_F_GetFieldAsInteger64(f, i);
}

/* The acceptance case written and read back with OGR: three layers in order, one feature each,
 * field types and values, NULLs for unmeasured, geometry area, CRS; then byte-identical on a
 * second write, EXISTS without overwrite, and nothing else in the folder. */
static void gpkg_read_back(void **state) {
    fixture *fx = *state;
    dtmap_area_gaps gaps = {0};
    dtmap_error err;
    accept_layers(fx);
    assert_int_equal(find(fx, 0, SX, SY, NS, 0, &gaps, &err), DTMAP_OK);
    dtmap_area_gaps_rank(&gaps);
    const char *p1 = fpath(fx, "gaps.gpkg", 0), *p2 = fpath(fx, "again.gpkg", 1);
    assert_int_equal(dtmap_area_gaps_write_gpkg(p1, &gaps, fx->areas, fx->crs, 0, &err), DTMAP_OK);

    GDALDatasetH ds = GDALOpenEx(p1, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_int_equal(GDALDatasetGetLayerCount(ds), 3);
    static const char *const NAMES[3] = {"gaps_weak", "gaps_interference", "gaps_unmeasured"};
    static const double AREA[3] = {2400, 1600, 3600};
    for (int k = 0; k < 3; k++) {
        OGRLayerH lyr = GDALDatasetGetLayer(ds, k);
        assert_string_equal(OGR_L_GetName(lyr), NAMES[k]);
        assert_int_equal(OGR_L_GetFeatureCount(lyr, TRUE), 1);
        assert_int_equal(wkbFlatten(OGR_L_GetGeomType(lyr)), wkbMultiPolygon);
        OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
        assert_non_null(srs);
        assert_string_equal(OSRGetAuthorityCode(srs, NULL), "32649");
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
        assert_int_equal(OGR_FD_GetFieldCount(defn), 15);
        assert_int_equal(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 0)), OFTInteger); /* rank */
        assert_int_equal(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 11)),
                         OFTInteger64);                                               /* samples */
        assert_int_equal(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 12)), OFTInteger); /* ncells */
        OGR_L_ResetReading(lyr);
        OGRFeatureH f = OGR_L_GetNextFeature(lyr);
        assert_non_null(f);
        assert_double_near(OGR_G_Area(OGR_F_GetGeometryRef(f)), AREA[k], 1e-6);
        assert_double_near(fdouble(f, "area_m2"), AREA[k], 1e-6);
        assert_int_equal(fint(f, "rank"), 1);
        assert_string_equal(fstring(f, "area_name"), "遇龙河景区");
        assert_string_equal(fstring(f, "tech"), "LTE");
        if (k < 2) assert_double_near(fdouble(f, "worst"), gaps.v[k].worst, 0);
        assert_double_near(fdouble(f, "centroid_lon"), gaps.v[k].lon, 0);
        assert_double_near(fdouble(f, "centroid_lat"), gaps.v[k].lat, 0);
        if (k == 0) {
            assert_string_equal(fstring(f, "kind"), "weak");
            assert_string_equal(fstring(f, "unit"), "dBm");
            assert_double_near(fdouble(f, "worst"), -126, 0);
            assert_double_near(fdouble(f, "mean"), -116.2431, 1e-4);
            assert_double_near(fdouble(f, "threshold"), -105, 0);
            assert_double_near(fdouble(f, "deficit_db"), 11.2431, 1e-4);
            assert_double_near(fdouble(f, "score"), 2400 * 11.2431, 0.3);
            assert_int_equal(fint(f, "samples"), 4);
            assert_int_equal(fint(f, "ncells"), 6);
            assert_double_near(fdouble(f, "centroid_lon"), LL_WEAK[0], 1e-9);
            assert_double_near(fdouble(f, "centroid_lat"), LL_WEAK[1], 1e-9);
        } else if (k == 1) {
            assert_string_equal(fstring(f, "kind"), "interference");
            assert_string_equal(fstring(f, "unit"), "dB");
            assert_double_near(fdouble(f, "mean"), -2.75, 1e-12);
            assert_double_near(fdouble(f, "score"), 4400, 1e-9);
            assert_int_equal(fint(f, "samples"), 1);
        } else {
            assert_string_equal(fstring(f, "kind"), "unmeasured");
            assert_string_equal(fstring(f, "unit"), "");
            assert_true(isnan(fdouble(f, "threshold")) && isnan(fdouble(f, "worst")) &&
                        isnan(fdouble(f, "mean")) && isnan(fdouble(f, "deficit_db")));
            assert_double_near(fdouble(f, "score"), 3600, 1e-9);
            assert_int_equal(fint(f, "ncells"), 9);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);

    /* Byte-identical on a second write; EXISTS without overwrite, the file untouched. */
    assert_int_equal(dtmap_area_gaps_write_gpkg(p2, &gaps, fx->areas, fx->crs, 0, &err), DTMAP_OK);
    size_t n1, n2;
    unsigned char *b1 = testutil_slurp(p1, &n1), *b2 = testutil_slurp(p2, &n2);
    assert_non_null(b1);
    assert_non_null(b2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    free(b2);
    assert_int_equal(dtmap_area_gaps_write_gpkg(p2, &gaps, fx->areas, fx->crs, 0, &err),
                     DTMAP_ERR_EXISTS);
    assert_int_equal(dtmap_area_gaps_write_gpkg(p2, &gaps, fx->areas, fx->crs, 1, &err), DTMAP_OK);
    b2 = testutil_slurp(p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    free(b2);
    free(b1);
    assert_int_equal(testutil_dir_entries(fx->dir), 2);
    dtmap_area_gaps_free(&gaps);
}

/* Rank order in a layer, and the three layers of an empty list. */
static void gpkg_rank_order_and_empty(void **state) {
    fixture *fx = *state;
    dtmap_area_gaps gaps = {0};
    dtmap_error err;
    rank_layers(fx);
    assert_int_equal(find(fx, 0, NULL, NULL, 0, 0, &gaps, &err), DTMAP_OK);
    dtmap_area_gaps_rank(&gaps);
    const char *p = fpath(fx, "ranked.gpkg", 0);
    assert_int_equal(dtmap_area_gaps_write_gpkg(p, &gaps, fx->areas, fx->crs, 0, &err), DTMAP_OK);
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, "gaps_weak");
    assert_int_equal(OGR_L_GetFeatureCount(lyr, TRUE), 4);
    static const double SCORE[4] = {32000, 32000, 12000, 3200};
    static const double AREA[4] = {1600, 1600, 2400, 3200};
    OGRFeatureH f;
    double lat_prev = 0;
    OGR_L_ResetReading(lyr);
    for (int i = 0; (f = OGR_L_GetNextFeature(lyr)) != NULL; i++) {
        assert_int_equal(fint(f, "rank"), i + 1);
        assert_double_near(fdouble(f, "score"), SCORE[i], 1e-6);
        assert_double_near(OGR_G_Area(OGR_F_GetGeometryRef(f)), AREA[i], 1e-6);
        if (i == 1) assert_true(fdouble(f, "centroid_lat") < lat_prev); /* tie: north first */
        lat_prev = fdouble(f, "centroid_lat");
        OGR_F_Destroy(f);
    }
    assert_int_equal(
        OGR_L_GetFeatureCount(GDALDatasetGetLayerByName(ds, "gaps_interference"), TRUE), 2);
    assert_int_equal(OGR_L_GetFeatureCount(GDALDatasetGetLayerByName(ds, "gaps_unmeasured"), TRUE),
                     0);
    GDALClose(ds);
    dtmap_area_gaps_free(&gaps);

    p = fpath(fx, "empty.gpkg", 1);
    assert_int_equal(dtmap_area_gaps_write_gpkg(p, &gaps, fx->areas, fx->crs, 0, &err), DTMAP_OK);
    ds = GDALOpenEx(p, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_int_equal(GDALDatasetGetLayerCount(ds), 3);
    for (int k = 0; k < 3; k++)
        assert_int_equal(OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, k), TRUE), 0);
    GDALClose(ds);
}

int main(void) {
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(area_gaps_acceptance, setup, teardown),
        cmocka_unit_test_setup_teardown(area_gaps_min_area, setup, teardown),
        cmocka_unit_test_setup_teardown(area_gaps_ranking, setup, teardown),
        cmocka_unit_test_setup_teardown(area_gaps_outlines, setup, teardown),
        cmocka_unit_test_setup_teardown(area_gaps_cut_partial_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(area_gaps_corners, setup, teardown),
        cmocka_unit_test(area_gaps_agree_with_cover),
        cmocka_unit_test_setup_teardown(area_gaps_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(gpkg_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(gpkg_rank_order_and_empty, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
