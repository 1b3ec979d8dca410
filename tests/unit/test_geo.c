/* test_geo.c: unit tests for the grid spec (cell arithmetic, snapping) and the CRS (PROJ). */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "dtmap/crs.h"
#include "dtmap/grid.h"

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
    assert_int_equal(dtmap_grid_from_extent(0, 0, 1e6, 1e6, 0.01, &g, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "too large"));
    /* regression: a denormal --res (1e-320) made the cell counts NaN (inf - inf), which passed
     * the size check and was cast to int (-fsanitize=float-cast-overflow) */
    assert_int_equal(dtmap_grid_from_extent(1, 1, 10, 10, 1e-320, &g, &err), DTMAP_ERR_USAGE);
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

static void crs_rejects_unknown_and_geographic(void **state) {
    (void)state;
    dtmap_crs *crs = NULL;
    dtmap_error err;
    assert_int_equal(dtmap_crs_create("EPSG:999999", 0, 0, &crs, &err), DTMAP_ERR_CRS);
    assert_non_null(strstr(err.detail, "EPSG:999999"));
    assert_null(crs);
    assert_int_equal(dtmap_crs_create("EPSG:4326", 0, 0, &crs, &err), DTMAP_ERR_CRS);
    assert_non_null(strstr(err.detail, "not a projected CRS"));
    /* US survey feet are not metres. */
    assert_int_equal(dtmap_crs_create("EPSG:2227", 0, 0, &crs, &err), DTMAP_ERR_CRS);
    assert_non_null(strstr(err.detail, "not metres"));
    assert_int_equal(dtmap_crs_create("not a crs at all", 0, 0, &crs, &err), DTMAP_ERR_CRS);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
