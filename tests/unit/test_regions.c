/* test_regions.c: unit tests for the region labeller (assess/regions.c) and the polygon tracer
 * (assess/trace.c) that the run-wide and the per-area gaps share. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "assess/regions.h"
#include "assess/trace.h"

/* A 5 x 4 class grid:
 *
 *   row 0:  1 1 0 2 2
 *   row 1:  0 1 2 2 0
 *   row 2:  1 0 0 0 1
 *   row 3:  1 1 0 1 1
 *
 * Regions, by seed in row-major order: 1 = {0,1,6} (class 1), 2 = {3,4,7,8} (class 2; 6 and 7
 * share an edge but differ in class), 3 = {10,15,16} (class 1; 6 and 10 are not adjacent),
 * 4 = {14,18,19} (class 1; 16 and 18 are two cells apart). */
#define NCOLS 5
#define NROWS 4
static const uint8_t CLS[NCOLS * NROWS] = {
    1, 1, 0, 2, 2, //
    0, 1, 2, 2, 0, //
    1, 0, 0, 0, 1, //
    1, 1, 0, 1, 1,
};

static void labels_in_row_major_order_of_seeds(void **state) {
    (void)state;
    static const int32_t want[NCOLS * NROWS] = {
        1, 1, 0, 2, 2, //
        0, 1, 2, 2, 0, //
        3, 0, 0, 0, 4, //
        3, 3, 0, 4, 4,
    };
    static const size_t sizes[4] = {3, 4, 3, 3};
    dtmapi_regions rg;
    dtmap_error err = {0};
    assert_int_equal(dtmapi_regions_label(CLS, NCOLS, NROWS, "test", &rg, &err), DTMAP_OK);
    assert_int_equal(rg.n, 4);
    assert_memory_equal(rg.label, want, sizeof want);
    assert_int_equal(rg.first[0], 0);
    for (size_t k = 0; k < rg.n; k++) {
        size_t seed = rg.cells[rg.first[k]];
        assert_int_equal(dtmapi_regions_size(&rg, k), sizes[k]);
        /* the seed is the region's first cell in row-major order */
        for (size_t j = rg.first[k]; j < rg.first[k + 1]; j++) {
            assert_int_equal(rg.label[rg.cells[j]], (int32_t)(k + 1));
            assert_true(rg.cells[j] >= seed);
        }
    }
    assert_int_equal(rg.first[rg.n], 13);
    dtmapi_regions_free(&rg);
    assert_null(rg.label);
    dtmapi_regions_free(NULL);
}

/* The fill order is part of the contract: gap statistics (mW sums, centroid offsets) are summed
 * over it, and the demo's gaps.gpkg is checked byte for byte. On a full 3 x 3 grid the stack
 * (neighbours pushed above, left, right, below) visits 0 3 6 7 8 5 2 4 1. */
static void fill_order_is_the_stack_order(void **state) {
    (void)state;
    static const uint8_t full[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    static const size_t want[9] = {0, 3, 6, 7, 8, 5, 2, 4, 1};
    dtmapi_regions rg;
    dtmap_error err = {0};
    assert_int_equal(dtmapi_regions_label(full, 3, 3, "test", &rg, &err), DTMAP_OK);
    assert_int_equal(rg.n, 1);
    assert_memory_equal(rg.cells, want, sizeof want);
    dtmapi_regions_free(&rg);
}

static void empty_and_bad_grids(void **state) {
    (void)state;
    static const uint8_t none[6] = {0};
    static const int32_t zeros[6] = {0};
    dtmapi_regions rg;
    dtmap_error err = {0};
    assert_int_equal(dtmapi_regions_label(none, 3, 2, "test", &rg, &err), DTMAP_OK);
    assert_int_equal(rg.n, 0);
    assert_memory_equal(rg.label, zeros, sizeof zeros);
    assert_int_equal(rg.first[0], 0);
    dtmapi_regions_free(&rg);
    assert_int_equal(dtmapi_regions_label(none, 0, 2, "test", &rg, &err), DTMAP_ERR_USAGE);
    assert_null(rg.label);
    assert_int_equal(dtmapi_regions_label(NULL, 3, 2, "test", &rg, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmapi_regions_label(none, 3, 2, "test", NULL, &err), DTMAP_ERR_USAGE);
}

/* The tracer gives one polygon per region, sorted by label, each covering its cells. */
static void trace_polygons_by_label(void **state) {
    (void)state;
    const dtmap_grid grid = {
        .xmin = 1000, .ymax = 2000, .res_m = 10, .ncols = NCOLS, .nrows = NROWS};
    dtmapi_regions rg;
    dtmapi_traced t;
    dtmap_error err = {0};
    assert_int_equal(dtmapi_regions_label(CLS, NCOLS, NROWS, "test", &rg, &err), DTMAP_OK);
    assert_int_equal(dtmapi_trace_labels(&grid, rg.label, rg.n, NULL, "test", &t, &err), DTMAP_OK);
    assert_int_equal(t.n, rg.n);
    for (size_t i = 0; i < t.n; i++) {
        OGREnvelope env;
        assert_int_equal(t.v[i].label, (int32_t)(i + 1));
        assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(t.v[i].geom)), wkbPolygon);
        assert_true(OGR_G_Area(t.v[i].geom) == 100.0 * (double)dtmapi_regions_size(&rg, i));
        OGR_G_GetEnvelope(t.v[i].geom, &env);
        assert_true(env.MinX >= 1000 && env.MaxX <= 1050 && env.MinY >= 1960 && env.MaxY <= 2000);
    }
    dtmapi_traced_free(&t);
    assert_null(t.v);

    /* a label beyond nlabels is refused */
    assert_int_equal(dtmapi_trace_labels(&grid, rg.label, 3, NULL, "test", &t, &err),
                     DTMAP_ERR_GDAL);
    assert_non_null(strstr(err.detail, "unexpected label 4"));
    assert_int_equal(t.n, 0);
    dtmapi_regions_free(&rg);
    dtmapi_traced_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(labels_in_row_major_order_of_seeds),
        cmocka_unit_test(fill_order_is_the_stack_order),
        cmocka_unit_test(empty_and_bad_grids),
        cmocka_unit_test(trace_polygons_by_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
