/* test_geo.c: unit tests for the grid spec (cell arithmetic, snapping), the CRS (PROJ), the
 * samples' span in degrees (antimeridian, UTM reach) and their clusters. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "geo/clusters.h"
#include "geo/span.h"

static void grid_snaps_outward(void **state) {
    (void)state;
    dtmap_grid g;
    dtmap_error err;
    assert_int_equal(dtmap_grid_from_extent(101.0, 205.0, 139.0, 261.0, 20.0, &g, &err), DTMAP_OK);
    assert_double_near(g.xmin, 100.0, 0);
    assert_double_near(g.ymax, 280.0, 0);
    assert_int_equal(g.ncols, 2);
    assert_int_equal(g.nrows, 4);
    /* An extent of whole multiples is kept exactly. */
    assert_int_equal(dtmap_grid_from_extent(300000, 2700000, 320000, 2720000, 10, &g, &err),
                     DTMAP_OK);
    assert_int_equal(g.ncols, 2000);
    assert_int_equal(g.nrows, 2000);
    assert_double_near(g.xmin, 300000, 0);
    assert_double_near(g.ymax, 2720000, 0);
    /* A single point still gets one cell. */
    assert_int_equal(dtmap_grid_from_extent(5, 5, 5, 5, 10, &g, &err), DTMAP_OK);
    assert_int_equal(g.ncols * g.nrows, 1);
}

static void grid_cells_round_trip(void **state) {
    (void)state;
    dtmap_grid g;
    assert_int_equal(dtmap_grid_from_extent(0, 0, 100, 50, 10, &g, NULL), DTMAP_OK);
    double x, y, gt[6];
    dtmap_grid_cell_center(&g, 0, 0, &x, &y);
    assert_double_near(x, 5, 1e-12);
    assert_double_near(y, 45, 1e-12);
    dtmap_grid_cell_center(&g, 9, 4, &x, &y);
    assert_double_near(x, 95, 1e-12);
    assert_double_near(y, 5, 1e-12);
    int c, r;
    assert_true(dtmap_grid_cell_of(&g, 95, 5, &c, &r));
    assert_int_equal(c, 9);
    assert_int_equal(r, 4);
    /* Cells own their west and north edges. */
    assert_true(dtmap_grid_cell_of(&g, 10, 40, &c, &r));
    assert_int_equal(c, 1);
    assert_int_equal(r, 1);
    assert_true(dtmap_grid_cell_of(&g, 0, 50, &c, &r));
    assert_false(dtmap_grid_cell_of(&g, 100, 25, &c, &r));
    assert_false(dtmap_grid_cell_of(&g, 50, 0, &c, &r));
    assert_false(dtmap_grid_cell_of(&g, NAN, 10, &c, &r));
    dtmap_grid_geotransform(&g, gt);
    assert_double_near(gt[0], 0, 0);
    assert_double_near(gt[3], 50, 0);
    assert_double_near(gt[5], -10, 0);
    assert_int_equal(dtmap_grid_ncells(&g), 50);
    assert_double_near(dtmap_grid_cell_area_m2(&g), 100, 0);
}

static void grid_rejects_bad_specs(void **state) {
    (void)state;
    dtmap_grid g;
    dtmap_error err;
    assert_int_equal(dtmap_grid_from_extent(0, 0, 10, 10, 0, &g, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_grid_from_extent(0, 0, 10, 10, NAN, &g, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_grid_from_extent(10, 0, 0, 10, 1, &g, &err), DTMAP_ERR_USAGE);
    /* a grid too large is a data error (exit 1), not a usage error (exit 2), and says its size */
    assert_int_equal(dtmap_grid_from_extent(0, 0, 1e6, 1e6, 0.01, &g, &err), DTMAP_ERR_TOO_LARGE);
    assert_string_equal(err.detail, "grid of 100,000,000 x 100,000,000 cells at 0.01 m is too "
                                    "large (limit 400,000,000 cells)");
    assert_string_equal(dtmap_strerror(DTMAP_ERR_TOO_LARGE), "grid too large");
    /* regression: a denormal --res (1e-320) made the cell counts NaN (inf - inf), which passed
     * the size check and was cast to int (-fsanitize=float-cast-overflow) */
    assert_int_equal(dtmap_grid_from_extent(1, 1, 10, 10, 1e-320, &g, &err), DTMAP_ERR_TOO_LARGE);
    assert_non_null(strstr(err.detail, "too large"));
}

/* The PROJ golden point of the issue: lon 12, lat 55 in EPSG:32632. */
static void crs_golden_point(void **state) {
    (void)state;
    dtmap_crs *crs = NULL;
    dtmap_error err;
    assert_int_equal(dtmap_crs_create("EPSG:32632", 0, 0, &crs, &err), DTMAP_OK);
    double lon = 12, lat = 55, x, y;
    assert_int_equal(dtmap_crs_forward(crs, &lon, &lat, 1, &x, &y, &err), DTMAP_OK);
    assert_double_near(x, 691875.632, 0.0005);
    assert_double_near(y, 6098907.825, 0.0005);
    assert_int_equal(dtmap_crs_inverse(crs, &x, &y, 1, &x, &y, &err), DTMAP_OK);
    assert_double_near(x, 12, 1e-9);
    assert_double_near(y, 55, 1e-9);
    assert_string_equal(dtmap_crs_id(crs), "EPSG:32632");
    assert_non_null(strstr(dtmap_crs_wkt(crs), "UTM zone 32N"));
    dtmap_crs_destroy(crs);
}

/* CGCS2000 3-degree Gauss-Kruger CM 114E (EPSG:4547) has northing first in EPSG; dtmap
 * normalises so x is easting. */
static void crs_gauss_kruger_axis_order(void **state) {
    (void)state;
    dtmap_crs *crs = NULL;
    dtmap_error err;
    assert_int_equal(dtmap_crs_create("EPSG:4547", 0, 0, &crs, &err), DTMAP_OK);
    double lon = 114, lat = 30, x, y;
    assert_int_equal(dtmap_crs_forward(crs, &lon, &lat, 1, &x, &y, &err), DTMAP_OK);
    assert_double_near(x, 500000, 0.001);
    assert_true(y > 3300000 && y < 3330000);
    dtmap_crs_destroy(crs);
}

static void crs_default_utm(void **state) {
    (void)state;
    dtmap_crs *crs = NULL;
    assert_int_equal(dtmap_crs_create(NULL, 110.49, 24.78, &crs, NULL), DTMAP_OK);
    assert_string_equal(dtmap_crs_id(crs), "EPSG:32649");
    dtmap_crs_destroy(crs);
    assert_int_equal(dtmap_crs_create(NULL, -70.6, -33.4, &crs, NULL), DTMAP_OK);
    assert_string_equal(dtmap_crs_id(crs), "EPSG:32719");
    dtmap_crs_destroy(crs);
}

/* A CRS text the user gave that names no usable CRS is a usage error (exit 2) naming it. */
static void crs_rejects_unknown_and_geographic(void **state) {
    (void)state;
    dtmap_crs *crs = NULL;
    dtmap_error err;
    assert_int_equal(dtmap_crs_create("EPSG:999999", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "unknown CRS 'EPSG:999999'"));
    assert_null(crs);
    assert_int_equal(dtmap_crs_create("EPSG:4326", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "not a projected CRS"));
    /* US survey feet are not metres. */
    assert_int_equal(dtmap_crs_create("EPSG:2227", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "not metres"));
    assert_int_equal(dtmap_crs_create("not a crs at all", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "'not a crs at all'"));
    assert_int_equal(dtmap_crs_create("+proj=nosuch", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "unknown CRS '+proj=nosuch'"));
    assert_null(crs);
    /* outside UTM's latitudes the automatic zone is a data error */
    assert_int_equal(dtmap_crs_create(NULL, 10, 85, &crs, &err), DTMAP_ERR_CRS);
}

/* Creates def and checks its id (and, when name is not NULL, its name). */
static void expect_crs(const char *def, const char *id, const char *name) {
    dtmap_crs *crs = NULL;
    dtmap_error err = {0};
    dtmap_status st = dtmap_crs_create(def, 110.49, 24.78, &crs, &err);
    if (st != DTMAP_OK) fail_msg("%s: %s", def ? def : "auto", err.detail);
    assert_string_equal(dtmap_crs_id(crs), id);
    if (name) assert_string_equal(dtmap_crs_name(crs), name);
    dtmap_crs_destroy(crs);
}

/* regression: --crs "UTM 50N" silently became Timbalai 1948 / UTM zone 50N (PROJ's
 * approximate name match). Codes in any case, WKT, PROJ strings and exact names are taken;
 * an approximate name is refused, listing the candidates with their codes. */
static void crs_accepts_codes_wkt_proj_and_exact_names(void **state) {
    (void)state;
    expect_crs("EPSG:32650", "EPSG:32650", "WGS 84 / UTM zone 50N");
    expect_crs("epsg:32650", "EPSG:32650", NULL);
    expect_crs("urn:ogc:def:crs:EPSG::32650", "EPSG:32650", NULL);
    expect_crs("WGS 84 / UTM zone 50N", "EPSG:32650", NULL);
    expect_crs("wgs 84 / utm zone 50n", "EPSG:32650", NULL);
    expect_crs("CGCS2000 / 3-degree Gauss-Kruger CM 114E", "EPSG:4547", NULL);
    expect_crs(NULL, "EPSG:32649", NULL);
    expect_crs("auto", "EPSG:32649", NULL);
    expect_crs("AUTO", "EPSG:32649", NULL);
    assert_true(dtmap_crs_is_auto(NULL) && dtmap_crs_is_auto("Auto"));
    assert_false(dtmap_crs_is_auto("EPSG:32649"));
    /* a PROJ string without +type=crs (PROJ alone makes an operation of it, not a CRS) */
    dtmap_crs *crs = NULL, *again = NULL;
    dtmap_error err = {0};
    assert_int_equal(
        dtmap_crs_create("+proj=utm +zone=50 +datum=WGS84 +units=m +no_defs", 0, 0, &crs, &err),
        DTMAP_OK);
    double lon = 117, lat = 30, x, y;
    assert_int_equal(dtmap_crs_forward(crs, &lon, &lat, 1, &x, &y, &err), DTMAP_OK);
    assert_double_near(x, 500000, 0.001);
    dtmap_crs_destroy(crs);
    /* the WKT dtmap writes into its GeoTIFFs reads back as the same CRS */
    assert_int_equal(dtmap_crs_create("EPSG:32650", 0, 0, &crs, &err), DTMAP_OK);
    assert_int_equal(dtmap_crs_create(dtmap_crs_wkt(crs), 0, 0, &again, &err), DTMAP_OK);
    assert_string_equal(dtmap_crs_id(again), "EPSG:32650");
    dtmap_crs_destroy(again);
    dtmap_crs_destroy(crs);
    crs = NULL;

    assert_int_equal(dtmap_crs_create("UTM 50N", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_null(crs);
    assert_string_equal(err.detail,
                        "CRS 'UTM 50N': not the exact name of a CRS; nearest: EPSG:32650 (WGS 84 "
                        "/ UTM zone 50N), EPSG:29850 (Timbalai 1948 / UTM zone 50N): give a code "
                        "or the exact name");
    assert_int_equal(dtmap_crs_create("utm zone 50 s", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "nearest: EPSG:32750 (WGS 84 / UTM zone 50S)"));
    /* many candidates: five named, the rest counted */
    assert_int_equal(dtmap_crs_create("UTM zone 50N", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "nearest: EPSG:32650 (WGS 84 / UTM zone 50N), "));
    assert_non_null(strstr(err.detail, " more: give a code"));
    assert_int_equal(dtmap_crs_create("Gauss-Kruger CM 114E", 0, 0, &crs, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E)"));
}

/* regression: a drive across the antimeridian (179.9902E..179.9963W near Fiji) averaged to a
 * longitude near 0 and was mapped in UTM 43S with every cell empty. The span is the short way
 * round, its middle picks zone 60S, and PROJ's x values run on across 180. Expected values
 * from cs2cs EPSG:4326 EPSG:32760 (PROJ 9). */
static void span_crosses_antimeridian(void **state) {
    (void)state;
    double lon[] = {179.9902, 179.9997, -179.9998, -179.9963, NAN};
    double lat[] = {-16.8, -16.8, -16.8, -16.8, 0};
    dtmapi_span s;
    assert_int_equal(dtmapi_span_of(lon, lat, 5, &s, NULL), DTMAP_OK);
    assert_int_equal(s.n, 4);
    assert_double_near(s.west, 179.9902, 1e-9);
    assert_double_near(s.east, 180.0037, 1e-9);
    assert_double_near(s.width_deg, 0.0135, 1e-9);
    assert_double_near(s.mid_lon, 179.99695, 1e-9);
    assert_int_equal(dtmapi_span_fits_utm(&s, lon, lat, 5, NULL), DTMAP_OK);
    dtmap_crs *crs = NULL;
    dtmap_error err;
    assert_int_equal(dtmap_crs_create(NULL, s.mid_lon, s.mid_lat, &crs, &err), DTMAP_OK);
    assert_string_equal(dtmap_crs_id(crs), "EPSG:32760");
    double x[4], y[4];
    assert_int_equal(dtmap_crs_forward(crs, lon, lat, 4, x, y, &err), DTMAP_OK);
    const double want_x[] = {818743.576, 819757.014, 819810.353, 820183.727};
    const double want_y[] = {8140164.176, 8140148.851, 8140148.043, 8140142.383};
    for (int i = 0; i < 4; i++) {
        assert_double_near(x[i], want_x[i], 0.001);
        assert_double_near(y[i], want_y[i], 0.001);
    }
    dtmap_crs_destroy(crs);
    /* the other side: a span whose middle is just east of 180 gets zone 1 */
    double lon2[] = {179.999, -179.99};
    assert_int_equal(dtmapi_span_of(lon2, lat, 2, &s, NULL), DTMAP_OK);
    assert_double_near(s.width_deg, 0.011, 1e-9);
    assert_int_equal(dtmapi_utm_zone(s.mid_lon, NULL), 1);
    /* ties go to the interval that does not cross 180; a lone point has width 0 */
    double lon3[] = {-90, 90};
    assert_int_equal(dtmapi_span_of(lon3, lat, 2, &s, NULL), DTMAP_OK);
    assert_double_near(s.west, -90, 0);
    assert_double_near(s.east, 90, 0);
    assert_int_equal(dtmapi_span_of(lon, lat, 1, &s, NULL), DTMAP_OK);
    assert_double_near(s.width_deg, 0, 0);
    assert_int_equal(dtmapi_span_of(lon, lat, 0, &s, NULL), DTMAP_OK);
    assert_int_equal(s.n, 0);
}

static void span_utm_zone_and_text(void **state) {
    (void)state;
    double cm;
    assert_int_equal(dtmapi_utm_zone(110.49, &cm), 49);
    assert_double_near(cm, 111, 0);
    assert_int_equal(dtmapi_utm_zone(-180, &cm), 1);
    assert_double_near(cm, -177, 0);
    assert_int_equal(dtmapi_utm_zone(180, NULL), 1); /* 180 is -180 */
    assert_int_equal(dtmapi_utm_zone(179.99, NULL), 60);
    assert_int_equal(dtmapi_utm_zone(363.5, NULL), 31);
    char b[32];
    assert_string_equal(dtmapi_lon_text(-0.5, b, sizeof b), "0.50W");
    assert_string_equal(dtmapi_lon_text(180.05, b, sizeof b), "179.95W");
    assert_string_equal(dtmapi_lon_text(180.0037, b, sizeof b), "180.00E"); /* not 180.00W */
    assert_string_equal(dtmapi_lon_text(-180, b, sizeof b), "180.00E");
    assert_string_equal(dtmapi_lat_text(-16.8, b, sizeof b), "16.80S");
    assert_string_equal(dtmapi_lat_text(-0.001, b, sizeof b), "0.00N");
    assert_string_equal(dtmapi_count_text(34319, b, sizeof b), "34,319");
    assert_string_equal(dtmapi_count_text(400000000, b, sizeof b), "400,000,000");
    assert_string_equal(dtmapi_count_text(999, b, sizeof b), "999");
    assert_string_equal(dtmapi_count_text(0, b, sizeof b), "0");
    char small[5];
    assert_string_equal(dtmapi_count_text(123456, small, sizeof small), "123,");
}

/* Data too wide for one UTM zone are refused, with the span and a --crs hint; data within
 * DTMAPI_UTM_REACH_KM of the zone's meridian pass, wider at high latitude. */
static void span_too_wide_for_utm(void **state) {
    (void)state;
    double lon[] = {93.1, 107.3}, lat[] = {30, 30};
    dtmapi_span s;
    dtmap_error err;
    assert_int_equal(dtmapi_span_of(lon, lat, 2, &s, NULL), DTMAP_OK);
    assert_int_equal(dtmapi_span_fits_utm(&s, lon, lat, 2, &err), DTMAP_ERR_CRS);
    assert_non_null(strstr(err.detail, "data span 14.20 degrees of longitude (93.10E..107.30E): "
                                       "too wide for one UTM zone: the sample at 107.30E 30.00N "
                                       "is 800 km from the central meridian (99.00E) of zone "
                                       "47N, where the scale error is 0.75%"));
    assert_non_null(strstr(err.detail, "give --crs"));
    /* 4 degrees either side of 117E at the equator: 445 km, accepted; 5 degrees: 556 km, not */
    double lon2[] = {113.0, 121.0}, lat2[] = {0, 0};
    assert_int_equal(dtmapi_span_of(lon2, lat2, 2, &s, NULL), DTMAP_OK);
    assert_int_equal(dtmapi_span_fits_utm(&s, lon2, lat2, 2, &err), DTMAP_OK);
    lon2[0] = 112.0, lon2[1] = 122.0;
    assert_int_equal(dtmapi_span_of(lon2, lat2, 2, &s, NULL), DTMAP_OK);
    assert_int_equal(dtmapi_span_fits_utm(&s, lon2, lat2, 2, &err), DTMAP_ERR_CRS);
    assert_non_null(strstr(err.detail, " 556 km "));
    /* the same 10 degrees at 65N is 235 km either side */
    lat2[0] = lat2[1] = 65;
    assert_int_equal(dtmapi_span_of(lon2, lat2, 2, &s, NULL), DTMAP_OK);
    assert_int_equal(dtmapi_span_fits_utm(&s, lon2, lat2, 2, &err), DTMAP_OK);
    /* beyond 84N no UTM zone applies */
    double lat3[] = {84.5, 84.6};
    assert_int_equal(dtmapi_span_of(lon, lat3, 2, &s, NULL), DTMAP_OK);
    assert_int_equal(dtmapi_span_fits_utm(&s, lon, lat3, 2, &err), DTMAP_ERR_CRS);
    assert_non_null(strstr(err.detail, "data reach 84.60N"));
}

/* Samples group by 10 km cells, touching cells joined; largest cluster first. */
static void clusters_group_far_apart_samples(void **state) {
    (void)state;
    /* a line of cells joined corner to corner, one cell alone two cells away, a lone sample */
    double x[] = {5000, 15000, 25000, 26000, 45000, 45500, 100000, NAN, 9999};
    double y[] = {5000, 15000, 25000, 24000, 25000, 25500, 100000, 0, 9999};
    dtmapi_cluster *c = NULL;
    size_t n = 0;
    dtmap_error err;
    assert_int_equal(dtmapi_clusters_find(x, y, 9, 10000, &c, &n, &err), DTMAP_OK);
    assert_int_equal(n, 3);
    assert_int_equal(c[0].n, 5);
    assert_double_near(c[0].x, (5000 + 15000 + 25000 + 26000 + 9999) / 5.0, 1e-9);
    assert_int_equal(c[1].n, 2);
    assert_double_near(c[1].x, 45250, 1e-9);
    assert_int_equal(c[2].n, 1);
    dtmap_crs *crs = NULL;
    assert_int_equal(dtmap_crs_create("EPSG:32650", 0, 0, &crs, &err), DTMAP_OK);
    c[0].x = 500000, c[0].y = 3000000;
    char text[256];
    dtmapi_clusters_text(c, n, 2, crs, text, sizeof text);
    assert_string_equal(strstr(text, ", and"), ", and 1 more");
    assert_non_null(strstr(text, "3 clusters: 5 samples around 117.00E 27.12N, 2 around "));
    free(c);
    c = NULL;
    double one_x[] = {1e6}, one_y[] = {3e6};
    assert_int_equal(dtmapi_clusters_find(one_x, one_y, 1, 10000, &c, &n, &err), DTMAP_OK);
    dtmapi_clusters_text(c, n, 5, crs, text, sizeof text);
    assert_non_null(strstr(text, "1 cluster: 1 sample around "));
    free(c);
    dtmap_crs_destroy(crs);
    assert_int_equal(dtmapi_clusters_find(x, y, 9, 0, &c, &n, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmapi_clusters_find(x, y, 0, 10000, &c, &n, &err), DTMAP_OK);
    assert_int_equal(n, 0);
    assert_null(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grid_snaps_outward),
        cmocka_unit_test(grid_cells_round_trip),
        cmocka_unit_test(grid_rejects_bad_specs),
        cmocka_unit_test(crs_golden_point),
        cmocka_unit_test(crs_gauss_kruger_axis_order),
        cmocka_unit_test(crs_default_utm),
        cmocka_unit_test(crs_rejects_unknown_and_geographic),
        cmocka_unit_test(crs_accepts_codes_wkt_proj_and_exact_names),
        cmocka_unit_test(span_crosses_antimeridian),
        cmocka_unit_test(span_utm_zone_and_text),
        cmocka_unit_test(span_too_wide_for_utm),
        cmocka_unit_test(clusters_group_far_apart_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
