/* test_areas.c: unit tests for areas of interest: reading (GeoPackage, GeoJSON, Shapefile, KML),
 * reprojection checked against cs2cs, coverage fractions with hand-known answers and against
 * OGR's own intersection areas, the point test, and every error message. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cpl_error.h>
#include <ogr_api.h>

#include "dtmap/areas.h"
#include "dtmap/crs.h"
#include "dtmap/grid.h"

/* Expected vertices in WGS 84 / UTM 49N (EPSG:32649), computed once with PROJ 9.1.1:
 *   echo "24.768 110.472 \n 24.7725 110.4955 \n 24.736 110.440" |
 *       cs2cs -f %.4f EPSG:4326 EPSG:32649
 *   echo "2744963.41303674 143034.831053532 \n 2745401.22376037 145427.325660878 \n
 *         2741498.403529 139701.890965633" | cs2cs -f %.4f EPSG:4547 EPSG:32649
 * (the second set is the same three vertices as stored in yangshuo.gpkg, CGCS2000 / 3-degree
 * Gauss-Kruger CM 114E, given to cs2cs northing first as EPSG:4547 defines its axes). Both give
 * the same numbers: town shell vertex 0, town hole vertex 0, Yulong River part 2 vertex 0. */
static const double TOWN0[2] = {446619.5677, 2739362.1627};
static const double HOLE0[2] = {448997.2807, 2739851.4698};
static const double YULONG1[2] = {443369.8241, 2735831.7245};

/* Planar areas in EPSG:32649 from
 * ogrinfo -dialect sqlite -sql "select ST_Area(ST_Transform(geometry,32649)) ..." */
static const double AREA_M2[3] = {10124910.5517414, 4209793.13494173, 60223.6693711642};

#define UTM49                                                                                      \
    "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::32649\"}}, "

static dtmap_crs *utm49(void) {
    dtmap_crs *crs = NULL;
    dtmap_error err;
    assert_int_equal(dtmap_crs_create("EPSG:32649", 0, 0, &crs, &err), DTMAP_OK);
    return crs;
}

/* Reads path into EPSG:32649; the status is returned and err kept for message checks. */
static dtmap_status load(const char *path, const dtmap_areas_opts *opts, dtmap_areas **out,
                         dtmap_error *err) {
    dtmap_crs *crs = utm49();
    dtmap_error_clear(err);
    dtmap_status st = dtmap_areas_create(path, opts, crs, out, err);
    dtmap_crs_destroy(crs);
    if (st != DTMAP_OK) assert_null(*out);
    return st;
}

/* The same from inline GeoJSON text (written to a temporary file, removed afterwards). */
static dtmap_status load_text(const char *suffix, const char *text, const dtmap_areas_opts *opts,
                              dtmap_areas **out, dtmap_error *err) {
    char path[4096];
    const char *tmp = testutil_tmpfile(suffix, text);
    assert_non_null(tmp);
    snprintf(path, sizeof path, "%s", tmp);
    dtmap_status st = load(path, opts, out, err);
    unlink(path);
    return st;
}

#define assert_detail(err, text)                                                                   \
    do {                                                                                           \
        if (!strstr((err)->detail, (text)))                                                        \
            fail_msg("detail \"%s\" lacks \"%s\"", (err)->detail, (text));                         \
    } while (0)

/* Sum of fractions, and counts of full and partial cells, of one cover. */
static double cover_sum(const dtmap_area_cover *cv, int *full, int *partial) {
    double sum = 0;
    *full = *partial = 0;
    for (int k = 0; k < cv->ncols * cv->nrows; k++) {
        double f = cv->frac[k];
        assert_true(f >= 0 && f <= 1);
        sum += f;
        *full += f == 1;
        *partial += f > 0 && f < 1;
    }
    return sum;
}

/* Checks every cell of the window against OGR's intersection of the cell square with the
 * area's WKB geometry (GEOS), to 1e-9 of a cell; returns the number of partial cells seen. */
static int check_against_ogr(const dtmap_areas *as, size_t i, const dtmap_grid *grid,
                             const dtmap_area_cover *cv) {
    size_t size;
    const unsigned char *wkb = dtmap_areas_wkb(as, i, &size);
    OGRGeometryH g = NULL;
    assert_int_equal(OGR_G_CreateFromWkb(wkb, NULL, &g, (int)size), OGRERR_NONE);
    assert_double_near(OGR_G_Area(g), dtmap_areas_area_m2(as, i), 1e-6);
    int partial = 0;
    double res = grid->res_m;
    CPLPushErrorHandler(CPLQuietErrorHandler); /* Area() of a touching line or point warns */
    for (int r = 0; r < cv->nrows; r++)
        for (int c = 0; c < cv->ncols; c++) {
            double x0 = grid->xmin + (cv->col0 + c) * res, y1 = grid->ymax - (cv->row0 + r) * res;
            char wkt[256];
            snprintf(wkt, sizeof wkt,
                     "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", x0, y1 - res,
                     x0 + res, y1 - res, x0 + res, y1, x0, y1, x0, y1 - res);
            char *p = wkt;
            OGRGeometryH cell = NULL;
            assert_int_equal(OGR_G_CreateFromWkt(&p, NULL, &cell), OGRERR_NONE);
            OGRGeometryH in = OGR_G_Intersection(g, cell);
            double want = in ? OGR_G_Area(in) / (res * res) : 0;
            double got = cv->frac[r * cv->ncols + c];
            if (fabs(got - want) > 1e-9)
                fail_msg("cell %d,%d: fraction %.12f, OGR says %.12f", cv->col0 + c, cv->row0 + r,
                         got, want);
            partial += got > 0 && got < 1;
            OGR_G_DestroyGeometry(in);
            OGR_G_DestroyGeometry(cell);
        }
    CPLPopErrorHandler();
    OGR_G_DestroyGeometry(g);
    return partial;
}

static const char *SQUARE_ALIGNED =
    "{\"type\": \"FeatureCollection\", " UTM49 "\"features\": [{\"type\": \"Feature\", "
    "\"properties\": {\"name\": \"square\"}, \"geometry\": {\"type\": \"Polygon\", "
    "\"coordinates\": [[[500000, 2740000], [501000, 2740000], [501000, 2741000], "
    "[500000, 2741000], [500000, 2740000]]]}}]}";

/* A 1 km square on 20 m cells: 2500 full cells, nothing partial, area 1e6 m2. */
static void test_square_aligned(void **state) {
    (void)state;
    dtmap_areas *as = NULL;
    dtmap_error err;
    dtmap_grid grid;
    dtmap_area_cover cv;
    double ext[4];
    int full, partial;
    assert_int_equal(load_text(".geojson", SQUARE_ALIGNED, NULL, &as, &err), DTMAP_OK);
    assert_int_equal(dtmap_areas_count(as), 1);
    assert_string_equal(dtmap_areas_name(as, 0), "square");
    assert_string_equal(dtmap_areas_name_field(as), "name");
    assert_string_equal(dtmap_areas_warnings(as), "");
    assert_double_near(dtmap_areas_area_m2(as, 0), 1e6, 1e-6);
    dtmap_areas_extent(as, 100, ext);
    assert_double_near(ext[0], 499900, 1e-9);
    assert_double_near(ext[3], 2741100, 1e-9);
    assert_int_equal(dtmap_grid_from_extent(ext[0], ext[1], ext[2], ext[3], 20, &grid, &err),
                     DTMAP_OK);
    assert_int_equal(grid.ncols, 60);
    assert_int_equal(dtmap_areas_cover(as, 0, &grid, &cv, &err), DTMAP_OK);
    assert_int_equal(cv.col0, 5);
    assert_int_equal(cv.row0, 5);
    assert_int_equal(cv.ncols, 50);
    assert_int_equal(cv.nrows, 50);
    assert_double_near(cover_sum(&cv, &full, &partial), 2500, 1e-9);
    assert_int_equal(full, 2500);
    assert_int_equal(partial, 0);
    assert_double_near(dtmap_area_cover_at(&cv, 4, 30), 0, 0);
    assert_double_near(dtmap_area_cover_at(&cv, 54, 54), 1, 0);
    assert_true(dtmap_areas_contains(as, 0, 500500, 2740500));
    assert_false(dtmap_areas_contains(as, 0, 499999, 2740500));
    assert_false(dtmap_areas_contains(as, 0, 500500, 2741000.5));
    assert_false(dtmap_areas_contains(as, 0, NAN, 2740500));
    dtmap_area_cover_free(&cv);
    assert_null(cv.frac);
    /* A grid that misses the area gives an empty window. */
    dtmap_grid far = {.xmin = 600000, .ymax = 2741000, .res_m = 20, .ncols = 10, .nrows = 10};
    assert_int_equal(dtmap_areas_cover(as, 0, &far, &cv, &err), DTMAP_OK);
    assert_int_equal(cv.ncols * cv.nrows, 0);
    assert_null(cv.frac);
    dtmap_areas_destroy(as);
}

/* The same square moved by half a cell: 49 x 49 full cells, 196 halves, 4 quarters. */
static void test_square_shifted(void **state) {
    (void)state;
    char text[1024];
    dtmap_areas *as = NULL;
    dtmap_error err;
    dtmap_area_cover cv;
    int full, partial, halves = 0, quarters = 0;
    snprintf(text, sizeof text,
             "{\"type\": \"FeatureCollection\", " UTM49 "\"features\": [{\"type\": \"Feature\", "
             "\"properties\": {\"NAME\": \"shifted\"}, \"geometry\": {\"type\": \"Polygon\", "
             "\"coordinates\": [[[500010, 2740010], [500010, 2741010], [501010, 2741010], "
             "[501010, 2740010], [500010, 2740010]]]}}]}"); /* clockwise on purpose */
    assert_int_equal(load_text(".geojson", text, NULL, &as, &err), DTMAP_OK);
    assert_string_equal(dtmap_areas_name_field(as), "NAME");
    dtmap_grid grid = {.xmin = 499900, .ymax = 2741100, .res_m = 20, .ncols = 60, .nrows = 60};
    assert_int_equal(dtmap_areas_cover(as, 0, &grid, &cv, &err), DTMAP_OK);
    assert_int_equal(cv.ncols, 51);
    assert_int_equal(cv.nrows, 51);
    assert_double_near(cover_sum(&cv, &full, &partial), 1e6 / 400, 1e-9);
    for (int k = 0; k < cv.ncols * cv.nrows; k++) {
        halves += cv.frac[k] == 0.5;
        quarters += cv.frac[k] == 0.25;
    }
    assert_int_equal(full, 49 * 49);
    assert_int_equal(halves, 4 * 49);
    assert_int_equal(quarters, 4);
    assert_double_near(dtmap_area_cover_at(&cv, cv.col0, cv.row0), 0.25, 0);
    assert_double_near(dtmap_area_cover_at(&cv, cv.col0 + 1, cv.row0), 0.5, 0);
    assert_double_near(dtmap_area_cover_at(&cv, cv.col0 + 50, cv.row0 + 50), 0.25, 0);
    assert_int_equal(check_against_ogr(as, 0, &grid, &cv), 200);
    dtmap_area_cover_free(&cv);
    dtmap_areas_destroy(as);
}

/* A triangle off the grid lines: fractions sum to its area, and every cell agrees with OGR. */
static void test_triangle(void **state) {
    (void)state;
    char text[1024];
    dtmap_areas *as = NULL;
    dtmap_error err;
    dtmap_area_cover cv;
    int full, partial;
    const double x[3] = {500003.7, 501234.5, 500321.9}, y[3] = {2740011.2, 2740456.7, 2741789.3};
    snprintf(text, sizeof text,
             "{\"type\": \"FeatureCollection\", " UTM49 "\"features\": [{\"type\": \"Feature\", "
             "\"properties\": {\"Name\": \"triangle\"}, \"geometry\": {\"type\": \"Polygon\", "
             "\"coordinates\": [[[%.1f, %.1f], [%.1f, %.1f], [%.1f, %.1f], [%.1f, %.1f]]]}}]}",
             x[0], y[0], x[1], y[1], x[2], y[2], x[0], y[0]);
    double area = 0.5 * fabs((x[1] - x[0]) * (y[2] - y[0]) - (x[2] - x[0]) * (y[1] - y[0]));
    assert_int_equal(load_text(".geojson", text, NULL, &as, &err), DTMAP_OK);
    assert_double_near(dtmap_areas_area_m2(as, 0), area, 1e-6);
    dtmap_grid grid = {.xmin = 499960, .ymax = 2741820, .res_m = 20, .ncols = 70, .nrows = 95};
    assert_int_equal(dtmap_areas_cover(as, 0, &grid, &cv, &err), DTMAP_OK);
    double sum = cover_sum(&cv, &full, &partial) * 400;
    assert_true(fabs(sum - area) <= 1e-6 * area);
    assert_true(full > 1500 && partial > 200);
    assert_int_equal(check_against_ogr(as, 0, &grid, &cv), partial);
    dtmap_area_cover_free(&cv);
    dtmap_areas_destroy(as);
}

/* A shell with a hole plus a second polygon in a GeometryCollection: holes count negative,
 * the rings come back part by part, and the point test honours the hole. */
static void test_hole_and_parts(void **state) {
    (void)state;
    dtmap_areas *as = NULL;
    dtmap_error err;
    dtmap_area_cover cv;
    size_t nrings;
    int full, partial;
    const char *text =
        "{\"type\": \"FeatureCollection\", " UTM49 "\"features\": [{\"type\": \"Feature\", "
        "\"properties\": {\"name\": \"park\"}, \"geometry\": {\"type\": \"GeometryCollection\", "
        "\"geometries\": [{\"type\": \"Polygon\", \"coordinates\": ["
        "[[500000, 2740000], [500400, 2740000], [500400, 2740400], [500000, 2740400], "
        "[500000, 2740000]], [[500105, 2740105], [500105, 2740295], [500295, 2740295], "
        "[500295, 2740105], [500105, 2740105]]]}, {\"type\": \"Polygon\", \"coordinates\": "
        "[[[500500, 2740000], [500533, 2740000], [500533, 2740033], [500500, 2740000]]]}]}}]}";
    assert_int_equal(load_text(".geojson", text, NULL, &as, &err), DTMAP_OK);
    const dtmap_ring *rings = dtmap_areas_rings(as, 0, &nrings);
    assert_int_equal(nrings, 3);
    assert_int_equal(rings[0].hole, 0);
    assert_int_equal(rings[1].hole, 1);
    assert_int_equal(rings[2].part, 1);
    assert_int_equal(rings[2].n, 4);
    assert_double_near(rings[2].x[3], rings[2].x[0], 0);
    double area = 400.0 * 400 - 190.0 * 190 + 0.5 * 33 * 33;
    assert_double_near(dtmap_areas_area_m2(as, 0), area, 1e-6);
    dtmap_grid grid = {.xmin = 499990, .ymax = 2740410, .res_m = 10, .ncols = 56, .nrows = 43};
    assert_int_equal(dtmap_areas_cover(as, 0, &grid, &cv, &err), DTMAP_OK);
    assert_double_near(cover_sum(&cv, &full, &partial) * 100, area, 1e-6);
    assert_double_near(dtmap_area_cover_at(&cv, 21, 21), 0, 0); /* inside the hole */
    check_against_ogr(as, 0, &grid, &cv);
    assert_true(dtmap_areas_contains(as, 0, 500050, 2740200));
    assert_false(dtmap_areas_contains(as, 0, 500200, 2740200));
    assert_true(dtmap_areas_contains(as, 0, 500530, 2740010));
    assert_false(dtmap_areas_contains(as, 0, 500510, 2740030));
    dtmap_area_cover_free(&cv);
    dtmap_areas_destroy(as);
}

/* The three Yangshuo areas as read from any of the four formats. */
static void check_yangshuo(const dtmap_areas *as, const char *const names[3]) {
    size_t nrings;
    assert_int_equal(dtmap_areas_count(as), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(dtmap_areas_name(as, i), names[i]);
        assert_double_near(dtmap_areas_area_m2(as, i), AREA_M2[i], 0.01);
    }
    const dtmap_ring *town = dtmap_areas_rings(as, 0, &nrings);
    assert_int_equal(nrings, 2);
    assert_int_equal(town[0].n, 9);
    assert_double_near(town[0].x[0], TOWN0[0], 1e-3);
    assert_double_near(town[0].y[0], TOWN0[1], 1e-3);
    assert_double_near(town[1].x[0], HOLE0[0], 1e-3);
    assert_double_near(town[1].y[0], HOLE0[1], 1e-3);
    const dtmap_ring *yulong = dtmap_areas_rings(as, 1, &nrings);
    assert_int_equal(nrings, 2);
    assert_int_equal(yulong[1].part, 1);
    assert_double_near(yulong[1].x[0], YULONG1[0], 1e-3);
    assert_double_near(yulong[1].y[0], YULONG1[1], 1e-3);
}

/* 5000 pseudo-random points over area i's bounding box: the single and the batch point test
 * agree with each other and with OGR_G_Contains (GEOS) on the area's WKB, and the share inside
 * is close to area / box (a test of the test). */
static void check_points_against_ogr(const dtmap_areas *as, size_t i) {
    enum { N = 5000 };
    static double x[N], y[N];
    static unsigned char in[N];
    double b[4];
    size_t size;
    unsigned seed = 12345;
    OGRGeometryH g = NULL;
    dtmap_error err;
    const unsigned char *wkb = dtmap_areas_wkb(as, i, &size);
    assert_int_equal(OGR_G_CreateFromWkb(wkb, NULL, &g, (int)size), OGRERR_NONE);
    dtmap_areas_bounds(as, i, b);
    for (int k = 0; k < N; k++) {
        seed = seed * 1103515245u + 12345u;
        x[k] = b[0] + (b[2] - b[0]) * (double)(seed >> 8) / 16777216.0;
        seed = seed * 1103515245u + 12345u;
        y[k] = b[1] + (b[3] - b[1]) * (double)(seed >> 8) / 16777216.0;
    }
    assert_int_equal(dtmap_areas_contains_n(as, i, x, y, N, in, &err), DTMAP_OK);
    int count = 0;
    for (int k = 0; k < N; k++) {
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, x[k], y[k]);
        int want = OGR_G_Contains(g, pt);
        OGR_G_DestroyGeometry(pt);
        if (in[k] != want || dtmap_areas_contains(as, i, x[k], y[k]) != want)
            fail_msg("point %.3f %.3f: batch %d, single %d, OGR %d", x[k], y[k], in[k],
                     dtmap_areas_contains(as, i, x[k], y[k]), want);
        count += in[k];
    }
    double share = dtmap_areas_area_m2(as, i) / ((b[2] - b[0]) * (b[3] - b[1]));
    assert_double_near((double)count / N, share, 0.02);
    OGR_G_DestroyGeometry(g);
}

static const char *const ZH[3] = {"阳朔县城", "遇龙河景区", "西街"};
static const char *const EN[3] = {"Yangshuo Town", "Yulong River", "West Street"};

/* GeoJSON in WGS 84 with Chinese names in 名称: values, point test, cover speed on 10 m. */
static void test_geojson_wgs84(void **state) {
    (void)state;
    dtmap_areas *as = NULL;
    dtmap_error err;
    dtmap_grid grid;
    dtmap_area_cover cv;
    double ext[4], all[4];
    int full, partial;
    assert_int_equal(load(testutil_data("areas/yangshuo.geojson"), NULL, &as, &err), DTMAP_OK);
    check_yangshuo(as, ZH);
    assert_string_equal(dtmap_areas_name_field(as), "名称");
    assert_string_equal(dtmap_areas_layer(as), "yangshuo_areas");
    assert_string_equal(dtmap_areas_warnings(as), "");

    /* Point test with points put through PROJ: West Street's centre is in the town and the
     * street, the hill park (the hole) in neither, the Yulong River's second part in it. */
    dtmap_crs *crs = utm49();
    double lon[3] = {110.4908, 110.497, 110.448}, lat[3] = {24.7779, 24.774, 24.734};
    double px[3], py[3];
    assert_int_equal(dtmap_crs_forward(crs, lon, lat, 3, px, py, &err), DTMAP_OK);
    dtmap_crs_destroy(crs);
    assert_true(dtmap_areas_contains(as, 0, px[0], py[0]));
    assert_true(dtmap_areas_contains(as, 2, px[0], py[0]));
    assert_false(dtmap_areas_contains(as, 1, px[0], py[0]));
    assert_false(dtmap_areas_contains(as, 0, px[1], py[1]));
    assert_true(dtmap_areas_contains(as, 1, px[2], py[2]));
    check_points_against_ogr(as, 0);
    check_points_against_ogr(as, 1);

    /* The extent covers every area plus the margin. */
    dtmap_areas_extent(as, 500, ext);
    dtmap_areas_bounds(as, 0, all);
    for (size_t i = 1; i < 3; i++) {
        double b[4];
        dtmap_areas_bounds(as, i, b);
        all[0] = fmin(all[0], b[0]), all[1] = fmin(all[1], b[1]);
        all[2] = fmax(all[2], b[2]), all[3] = fmax(all[3], b[3]);
    }
    assert_double_near(ext[0], all[0] - 500, 1e-9);
    assert_double_near(ext[1], all[1] - 500, 1e-9);
    assert_double_near(ext[2], all[2] + 500, 1e-9);
    assert_double_near(ext[3], all[3] + 500, 1e-9);

    /* The town on a 10 m grid: fractions sum to its area; well under a second. */
    assert_int_equal(dtmap_grid_from_extent(ext[0], ext[1], ext[2], ext[3], 10, &grid, &err),
                     DTMAP_OK);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(dtmap_areas_cover(as, 0, &grid, &cv, &err), DTMAP_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    assert_true(secs < 0.5);
    double sum = cover_sum(&cv, &full, &partial) * 100;
    assert_true(fabs(sum - dtmap_areas_area_m2(as, 0)) <= 1e-9 * sum);
    assert_true(full > 99000 && partial > 1000);
    dtmap_area_cover_free(&cv);
    dtmap_areas_destroy(as);

    /* The caller's choice of field wins over auto-detection. */
    dtmap_areas_opts opts = {.name_field = "name_en"};
    assert_int_equal(load(testutil_data("areas/yangshuo.geojson"), &opts, &as, &err), DTMAP_OK);
    check_yangshuo(as, EN);
    dtmap_areas_destroy(as);
}

/* GeoPackage in CGCS2000 (EPSG:4547, northing-first in EPSG): the polygon layer is chosen over
 * the point layer before it, and vertices land where cs2cs puts them. */
static void test_gpkg_cgcs2000(void **state) {
    (void)state;
    dtmap_areas *as = NULL;
    dtmap_error err;
    assert_int_equal(load(testutil_data("areas/yangshuo.gpkg"), NULL, &as, &err), DTMAP_OK);
    assert_string_equal(dtmap_areas_layer(as), "areas");
    assert_string_equal(dtmap_areas_name_field(as), "name");
    check_yangshuo(as, EN);
    dtmap_areas_destroy(as);

    dtmap_areas_opts opts = {.layer = "sites"};
    assert_int_equal(load(testutil_data("areas/yangshuo.gpkg"), &opts, &as, &err),
                     DTMAP_ERR_FORMAT);
    assert_detail(&err, "yangshuo.gpkg: layer 'sites' holds Point geometries");
    opts.layer = "towns";
    assert_int_equal(load(testutil_data("areas/yangshuo.gpkg"), &opts, &as, &err), DTMAP_ERR_USAGE);
    assert_detail(&err, "no layer 'towns' (layers: sites, areas)");
}

/* Shapefile with UTF-8 Chinese names (.cpg), and the same without .prj: WGS 84 is assumed. */
static void test_shapefile(void **state) {
    (void)state;
    dtmap_areas *as = NULL;
    dtmap_error err;
    assert_int_equal(load(testutil_data("areas/yangshuo.shp"), NULL, &as, &err), DTMAP_OK);
    assert_string_equal(dtmap_areas_name_field(as), "NAME");
    check_yangshuo(as, ZH);
    assert_string_equal(dtmap_areas_warnings(as), "");
    dtmap_areas_destroy(as);

    assert_int_equal(load(testutil_data("areas/yangshuo_noprj.shp"), NULL, &as, &err), DTMAP_OK);
    check_yangshuo(as, ZH);
    assert_non_null(strstr(dtmap_areas_warnings(as),
                           "yangshuo_noprj.shp: layer 'yangshuo_noprj' has no CRS: assuming "
                           "WGS 84 lon/lat"));
    dtmap_areas_destroy(as);
}

/* KML: names from <name>, the scenic area's MultiGeometry as two parts. */
static void test_kml(void **state) {
    (void)state;
    dtmap_areas *as = NULL;
    dtmap_error err;
    assert_int_equal(load(testutil_data("areas/yangshuo.kml"), NULL, &as, &err), DTMAP_OK);
    assert_true(strcmp(dtmap_areas_name_field(as), "Name") == 0 ||
                strcmp(dtmap_areas_name_field(as), "name") == 0);
    check_yangshuo(as, ZH);
    dtmap_areas_destroy(as);
}

/* Every refusal names the file, the layer and, where there is one, the feature. */
static void test_errors(void **state) {
    (void)state;
    dtmap_areas *as = (dtmap_areas *)&as; /* must come back NULL */
    dtmap_error err;
    dtmap_areas_opts opts = {0};

    assert_int_equal(load(testutil_data("areas/bowtie.geojson"), NULL, &as, &err),
                     DTMAP_ERR_FORMAT);
    assert_detail(&err, "bowtie.geojson: layer 'bowtie': FID 1 ('Gongnong Bridge'): invalid "
                        "polygon");
    assert_detail(&err, "Self-intersection");

    assert_int_equal(load(testutil_data("areas/empty.gpkg"), NULL, &as, &err), DTMAP_ERR_EMPTY);
    assert_detail(&err, "empty.gpkg: layer 'areas' is empty");

    assert_int_equal(load(testutil_data("areas/points.geojson"), NULL, &as, &err),
                     DTMAP_ERR_FORMAT);
    assert_detail(&err, "points.geojson: layer 'sites' holds Point geometries: areas must be "
                        "polygons");

    assert_int_equal(load(testutil_data("areas/missing.gpkg"), NULL, &as, &err), DTMAP_ERR_IO);
    assert_detail(&err, "missing.gpkg: No such file");

    assert_int_equal(load_text(".geojson", "{ not json", NULL, &as, &err), DTMAP_ERR_FORMAT);
    assert_detail(&err, "not a vector file OGR can read");

    opts.name_field = "label";
    assert_int_equal(load(testutil_data("areas/yangshuo.geojson"), &opts, &as, &err),
                     DTMAP_ERR_USAGE);
    assert_detail(&err, "no field 'label' (fields: 名称, name_en, kind)");

    /* A line among polygons (layer type unknown: the feature is refused). */
    const char *mixed =
        "{\"type\": \"FeatureCollection\", \"name\": \"mixed\", \"features\": ["
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"a\"}, \"geometry\": {\"type\": "
        "\"Polygon\", \"coordinates\": [[[110.4, 24.7], [110.5, 24.7], [110.5, 24.8], "
        "[110.4, 24.7]]]}}, {\"type\": \"Feature\", \"properties\": {\"name\": \"road\"}, "
        "\"geometry\": {\"type\": \"LineString\", \"coordinates\": [[110.4, 24.7], "
        "[110.5, 24.8]]}}]}";
    assert_int_equal(load_text(".geojson", mixed, NULL, &as, &err), DTMAP_ERR_FORMAT);
    assert_detail(&err, "layer 'mixed': FID 1 ('road'): Line String geometry: areas must be");

    const char *noname =
        "{\"type\": \"FeatureCollection\", \"name\": \"n\", \"features\": [{\"type\": "
        "\"Feature\", \"properties\": {\"title\": \"a\", \"kind\": 1}, \"geometry\": {\"type\": "
        "\"Polygon\", \"coordinates\": [[[110.4, 24.7], [110.5, 24.7], [110.5, 24.8], "
        "[110.4, 24.7]]]}}]}";
    assert_int_equal(load_text(".geojson", noname, NULL, &as, &err), DTMAP_ERR_FORMAT);
    assert_detail(&err, "layer 'n': no name field (looked for name, NAME, Name, 名称; fields: "
                        "title, kind)");

    const char *dup =
        "{\"type\": \"FeatureCollection\", \"name\": \"d\", \"features\": ["
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"西街\"}, \"geometry\": {\"type\": "
        "\"Polygon\", \"coordinates\": [[[110.4, 24.7], [110.5, 24.7], [110.5, 24.8], "
        "[110.4, 24.7]]]}}, {\"type\": \"Feature\", \"properties\": {\"name\": \"b\"}, "
        "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[110.4, 24.7], [110.5, 24.7], "
        "[110.5, 24.8], [110.4, 24.7]]]}}, {\"type\": \"Feature\", \"properties\": {\"name\": "
        "\"西街\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[110.4, 24.7], "
        "[110.5, 24.7], [110.5, 24.8], [110.4, 24.7]]]}}]}";
    assert_int_equal(load_text(".geojson", dup, NULL, &as, &err), DTMAP_ERR_FORMAT);
    assert_detail(&err, "layer 'd': area name '西街' appears twice (FID 0 and FID 2)");

    const char *unnamed =
        "{\"type\": \"FeatureCollection\", \"name\": \"u\", \"features\": [{\"type\": "
        "\"Feature\", \"properties\": {\"name\": null}, \"geometry\": {\"type\": \"Polygon\", "
        "\"coordinates\": [[[110.4, 24.7], [110.5, 24.7], [110.5, 24.8], [110.4, 24.7]]]}}]}";
    assert_int_equal(load_text(".geojson", unnamed, NULL, &as, &err), DTMAP_ERR_FORMAT);
    assert_detail(&err, "layer 'u': FID 0: empty name in field 'name'");

    const char *nogeom =
        "{\"type\": \"FeatureCollection\", \"name\": \"g\", \"features\": [{\"type\": "
        "\"Feature\", \"properties\": {\"name\": \"x\"}, \"geometry\": null}]}";
    assert_int_equal(load_text(".geojson", nogeom, NULL, &as, &err), DTMAP_ERR_FORMAT);
    assert_detail(&err, "layer 'g': FID 0 ('x'): no geometry");

    /* No CRS and coordinates that cannot be lon/lat (a CSV with a WKT column). */
    const char *csv = "WKT,name\n\"POLYGON((500000 2740000,501000 2740000,501000 2741000,"
                      "500000 2740000))\",metres\n";
    assert_int_equal(load_text(".csv", csv, NULL, &as, &err), DTMAP_ERR_CRS);
    assert_detail(&err, "has no CRS and its coordinates are not lon/lat");
    assert_null(as);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_square_aligned), cmocka_unit_test(test_square_shifted),
        cmocka_unit_test(test_triangle),       cmocka_unit_test(test_hole_and_parts),
        cmocka_unit_test(test_geojson_wgs84),  cmocka_unit_test(test_gpkg_cgcs2000),
        cmocka_unit_test(test_shapefile),      cmocka_unit_test(test_kml),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
