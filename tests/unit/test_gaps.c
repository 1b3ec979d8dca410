/* test_gaps.c: unit tests for gap labelling and statistics, and for the GeoPackage writer. */
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

#include "dtmap/crs.h"
#include "dtmap/gaps.h"

#define NCOLS 6
#define NROWS 4
#define NCELLS (NCOLS * NROWS)
#define NODATA -9999.0f
#define THRESHOLD -110.0

/* The constructed layer (threshold -110 dBm, N = nodata):
 *
 *   row 0:  -115 -125 -100 -100    N -110
 *   row 1:  -100 -100 -100 -112 -100 -100
 *   row 2:  -100 -100 -111 -100 -120 -120
 *   row 3:   NaN -100 -100 -100 -120 -100
 *
 * Weak regions, 4-connected: {(0,0),(1,0)}, {(3,1)}, {(2,2)}, {(4,2),(5,2),(4,3)}. (3,1) touches
 * (2,2) and (4,2) only diagonally, so it stays alone. -110 is not weak (value >= threshold).
 * Expected ids: 1 = the 3-cell region, 2 = the 2-cell one, then the single cells by first cell
 * in row-major order: 3 = (3,1) (index 9), 4 = (2,2) (index 14). */
static const float VALUE[NCELLS] = {
    -115, -125, -100, -100, NODATA, -110, //
    -100, -100, -100, -112, -100,   -100, //
    -100, -100, -111, -100, -120,   -120, //
    NAN,  -100, -100, -100, -120,   -100,
};

typedef struct fixture {
    char dir[4096];
    dtmap_crs *crs;
    dtmap_grid grid;
    float count[NCELLS];
} fixture;

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL) return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/dtmap-gaps-XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(fx->dir) == NULL) return -1;
    dtmap_error err;
    if (dtmap_crs_create("EPSG:32650", 0, 0, &fx->crs, &err) != DTMAP_OK) return -1;
    fx->grid =
        (dtmap_grid){.xmin = 499980, .ymax = 3300040, .res_m = 10, .ncols = NCOLS, .nrows = NROWS};
    for (int i = 0; i < NCELLS; i++)
        fx->count[i] = (float)(i % 5 + 1);
    fx->count[4] = NODATA;
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    testutil_rmtree(fx->dir);
    dtmap_crs_destroy(fx->crs);
    free(fx);
    return 0;
}

/* Path of name inside the fixture folder (static buffer per slot). */
static const char *fpath(const fixture *fx, const char *name, int slot) {
    static char buf[3][4200];
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", fx->dir, name);
    return buf[slot];
}

/* Mean of two dBm values in mW, back in dBm. */
static double mw_mean2(double a, double b) {
    return 10.0 * log10((pow(10.0, a / 10.0) + pow(10.0, b / 10.0)) / 2.0);
}

/* Checks a centroid: lon/lat must map back to the expected grid x/y. */
static void assert_centroid(const fixture *fx, const dtmap_gap *g, double x, double y) {
    double lon = g->lon, lat = g->lat;
    dtmap_error err;
    assert_int_equal(dtmap_crs_forward(fx->crs, &lon, &lat, 1, &lon, &lat, &err), DTMAP_OK);
    assert_double_near(lon, x, 1e-6);
    assert_double_near(lat, y, 1e-6);
    assert_true(g->lon > 116.99 && g->lon < 117.01); /* UTM 50N's central meridian is 117 E */
    assert_true(g->lat > 29.8 && g->lat < 29.9);
}

static void gaps_regions_and_stats(void **state) {
    fixture *fx = *state;
    dtmap_gaps gaps;
    dtmap_error err;
    assert_int_equal(
        dtmap_gaps_find(&fx->grid, fx->crs, VALUE, fx->count, NODATA, THRESHOLD, 1, &gaps, &err),
        DTMAP_OK);
    assert_int_equal(gaps.n, 4);
    assert_int_equal(gaps.cells_weak, 7);
    assert_int_equal(gaps.cells_unmeasured, 2);
    assert_int_equal(gaps.cells_covered, 15);

    static const int32_t LABEL[NCELLS] = {
        2, 2, 0, 0, 0, 0, //
        0, 0, 0, 3, 0, 0, //
        0, 0, 4, 0, 1, 1, //
        0, 0, 0, 0, 1, 0,
    };
    assert_memory_equal(gaps.label, LABEL, sizeof LABEL);

    const double X0 = 499980, Y0 = 3300040;
    const dtmap_gap *g = gaps.v;
    assert_int_equal(g[0].id, 1);
    assert_int_equal(g[0].ncells, 3);
    assert_double_near(g[0].area_m2, 300, 0);
    assert_double_near(g[0].mean, -120, 1e-9);
    assert_double_near(g[0].min, -120, 0);
    /* counts i % 5 + 1 at cells 16, 17, 22: 2 + 3 + 3 */
    assert_double_near(g[0].samples, 8, 0);
    assert_centroid(fx, &g[0], X0 + (45 + 55 + 45) / 3.0, Y0 - (25 + 25 + 35) / 3.0);

    assert_int_equal(g[1].id, 2);
    assert_int_equal(g[1].ncells, 2);
    assert_double_near(g[1].area_m2, 200, 0);
    /* -115 and -125 dBm average to -117.596 dBm in mW (not -120, the dB mean). */
    assert_double_near(g[1].mean, mw_mean2(-115, -125), 1e-9);
    assert_double_near(g[1].mean, -117.5964, 1e-4);
    assert_double_near(g[1].min, -125, 0);
    assert_double_near(g[1].samples, 1 + 2, 0);
    assert_centroid(fx, &g[1], X0 + 10, Y0 - 5);

    assert_int_equal(g[2].id, 3);
    assert_int_equal(g[2].ncells, 1);
    assert_double_near(g[2].mean, -112, 1e-9);
    assert_double_near(g[2].samples, 9 % 5 + 1, 0);
    assert_centroid(fx, &g[2], X0 + 35, Y0 - 15);

    assert_int_equal(g[3].id, 4);
    assert_int_equal(g[3].ncells, 1);
    assert_double_near(g[3].area_m2, 100, 0);
    assert_double_near(g[3].mean, -111, 1e-9);
    assert_double_near(g[3].min, -111, 0);
    assert_double_near(g[3].samples, 14 % 5 + 1, 0);
    assert_centroid(fx, &g[3], X0 + 25, Y0 - 25);
    dtmap_gaps_free(&gaps);
    assert_null(gaps.v);
    assert_null(gaps.label);
}

/* Ratios are averaged in dB; without counts and crs, samples are 0 and centroids NAN. */
static void gaps_db_domain_without_counts(void **state) {
    fixture *fx = *state;
    dtmap_gaps gaps;
    dtmap_error err;
    assert_int_equal(
        dtmap_gaps_find(&fx->grid, NULL, VALUE, NULL, NODATA, THRESHOLD, 0, &gaps, &err), DTMAP_OK);
    assert_int_equal(gaps.n, 4);
    assert_double_near(gaps.v[1].mean, -120, 1e-12);
    assert_double_near(gaps.v[1].samples, 0, 0);
    assert_true(isnan(gaps.v[1].lon) && isnan(gaps.v[1].lat));
    dtmap_gaps_free(&gaps);

    /* Nothing weak: no gaps, every label 0. */
    assert_int_equal(dtmap_gaps_find(&fx->grid, NULL, VALUE, NULL, NODATA, -130, 1, &gaps, &err),
                     DTMAP_OK);
    assert_int_equal(gaps.n, 0);
    assert_int_equal(gaps.cells_covered, 22);
    for (int i = 0; i < NCELLS; i++)
        assert_int_equal(gaps.label[i], 0);
    dtmap_gaps_free(&gaps);
    dtmap_gaps_free(NULL);
}

/* Big regions need no recursion: a 1500 x 1500 serpentine path is one region of 1.1 M cells,
 * and a checkerboard is one region per weak cell, numbered in row-major order. */
static void gaps_large_and_checkerboard(void **state) {
    (void)state;
    enum { N = 1500 };
    dtmap_grid grid = {.xmin = 0, .ymax = N * 10.0, .res_m = 10, .ncols = N, .nrows = N};
    float *v = malloc(sizeof *v * N * N);
    assert_non_null(v);
    size_t nweak = 0;
    for (int r = 0; r < N; r++) {
        for (int c = 0; c < N; c++) {
            /* Even rows weak; odd rows weak only at the end that joins the serpentine. */
            int weak = r % 2 == 0 || (r % 4 == 1 && c == N - 1) || (r % 4 == 3 && c == 0);
            v[(size_t)r * N + c] = weak ? -120.0f : -90.0f;
            nweak += (size_t)weak;
        }
    }
    dtmap_gaps gaps;
    dtmap_error err;
    assert_int_equal(dtmap_gaps_find(&grid, NULL, v, NULL, NODATA, THRESHOLD, 1, &gaps, &err),
                     DTMAP_OK);
    assert_int_equal(gaps.n, 1);
    assert_int_equal(gaps.v[0].ncells, nweak);
    assert_double_near(gaps.v[0].area_m2, 100.0 * (double)nweak, 0);
    dtmap_gaps_free(&gaps);

    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++)
            v[(size_t)r * N + c] = (r + c) % 2 == 0 ? -120.0f : -90.0f;
    assert_int_equal(dtmap_gaps_find(&grid, NULL, v, NULL, NODATA, THRESHOLD, 1, &gaps, &err),
                     DTMAP_OK);
    assert_int_equal(gaps.n, (size_t)N * N / 2);
    assert_int_equal(gaps.label[0], 1);
    assert_int_equal(gaps.label[2], 2);
    assert_int_equal(gaps.label[N + 1], N / 2 + 1);
    assert_int_equal(gaps.label[(size_t)N * N - 1], (int32_t)(gaps.n));
    dtmap_gaps_free(&gaps);
    free(v);
}

/* Writes the fixture's gaps (layer gaps_rsrp_lte) and an empty NR layer to path. */
static dtmap_status write_gpkg(const fixture *fx, const char *path, int overwrite,
                               dtmap_error *err) {
    dtmap_gaps gaps, none;
    dtmap_gpkg *gp = NULL;
    dtmap_status st =
        dtmap_gaps_find(&fx->grid, fx->crs, VALUE, fx->count, NODATA, THRESHOLD, 1, &gaps, err);
    assert_int_equal(st, DTMAP_OK);
    float covered[NCELLS];
    for (int i = 0; i < NCELLS; i++)
        covered[i] = -80.0f;
    st = dtmap_gaps_find(&fx->grid, fx->crs, covered, NULL, NODATA, THRESHOLD, 1, &none, err);
    assert_int_equal(st, DTMAP_OK);
    st = dtmap_gpkg_begin(path, overwrite, &gp, err);
    if (st == DTMAP_OK)
        st = dtmap_gpkg_add_gaps(gp, "gaps_rsrp_lte", &fx->grid, fx->crs, &gaps, "lte", "rsrp",
                                 "dBm", THRESHOLD, err);
    if (st == DTMAP_OK)
        st = dtmap_gpkg_add_gaps(gp, "gaps_rsrp_nr", &fx->grid, fx->crs, &none, "nr", "rsrp", "dBm",
                                 -105, err);
    if (st == DTMAP_OK)
        st = dtmap_gpkg_commit(gp, err);
    else
        dtmap_gpkg_abort(gp);
    dtmap_gaps_free(&none);
    dtmap_gaps_free(&gaps);
    return st;
}

/* Reading the GeoPackage with OGR: feature order, attributes, polygon areas and SRS. */
static void gpkg_features(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "gaps.gpkg", 0);
    assert_int_equal(write_gpkg(fx, path, 0, &err), DTMAP_OK);
    assert_int_equal(testutil_dir_entries(fx->dir), 1);

    dtmap_gaps gaps;
    assert_int_equal(
        dtmap_gaps_find(&fx->grid, fx->crs, VALUE, fx->count, NODATA, THRESHOLD, 1, &gaps, &err),
        DTMAP_OK);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_int_equal(GDALDatasetGetLayerCount(ds), 2);
    OGRLayerH nr = GDALDatasetGetLayerByName(ds, "gaps_rsrp_nr");
    assert_non_null(nr);
    assert_int_equal(OGR_L_GetFeatureCount(nr, TRUE), 0);
    assert_int_equal(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(nr)), 12);

    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, "gaps_rsrp_lte");
    assert_non_null(lyr);
    assert_int_equal(OGR_L_GetFeatureCount(lyr, TRUE), 4);
    assert_int_equal(OGR_L_GetGeomType(lyr), wkbPolygon);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    assert_non_null(srs);
    assert_string_equal(OSRGetAuthorityCode(srs, NULL), "32650");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    static const char *const NAMES[] = {"gap_id",    "tech",    "metric",       "unit",
                                        "threshold", "area_m2", "ncells",       "mean",
                                        "min",       "samples", "centroid_lon", "centroid_lat"};
    assert_int_equal(OGR_FD_GetFieldCount(defn), 12);
    for (int i = 0; i < 12; i++)
        assert_string_equal(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), NAMES[i]);

    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    int k = 0;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        const dtmap_gap *g = &gaps.v[k];
        assert_int_equal(OGR_F_GetFieldAsInteger(f, 0), k + 1); /* written in gap_id order */
        assert_string_equal(OGR_F_GetFieldAsString(f, 1), "lte");
        assert_string_equal(OGR_F_GetFieldAsString(f, 2), "rsrp");
        assert_string_equal(OGR_F_GetFieldAsString(f, 3), "dBm");
        assert_double_near(OGR_F_GetFieldAsDouble(f, 4), THRESHOLD, 0);
        assert_double_near(OGR_F_GetFieldAsDouble(f, 5), g->area_m2, 0);
        assert_int_equal(OGR_F_GetFieldAsInteger64(f, 6), (GIntBig)g->ncells);
        assert_double_near(OGR_F_GetFieldAsDouble(f, 7), g->mean, 0);
        assert_double_near(OGR_F_GetFieldAsDouble(f, 8), g->min, 0);
        assert_double_near(OGR_F_GetFieldAsDouble(f, 9), g->samples, 0);
        assert_double_near(OGR_F_GetFieldAsDouble(f, 10), g->lon, 0);
        assert_double_near(OGR_F_GetFieldAsDouble(f, 11), g->lat, 0);
        OGRGeometryH geom = OGR_F_GetGeometryRef(f);
        assert_non_null(geom);
        assert_double_near(OGR_G_Area(geom), g->area_m2, 1e-6);
        OGREnvelope env;
        OGR_G_GetEnvelope(geom, &env);
        if (k == 0) { /* the L of cells (4,2), (5,2), (4,3) */
            assert_double_near(env.MinX, 499980 + 40, 1e-9);
            assert_double_near(env.MaxX, 499980 + 60, 1e-9);
            assert_double_near(env.MinY, 3300040 - 40, 1e-9);
            assert_double_near(env.MaxY, 3300040 - 20, 1e-9);
        }
        OGR_F_Destroy(f);
        k++;
    }
    assert_int_equal(k, 4);
    GDALClose(ds);
    dtmap_gaps_free(&gaps);
}

/* ogrinfo sees the same: feature count, field types and values. */
static void gpkg_ogrinfo_agrees(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "ogr.gpkg", 0);
    assert_int_equal(write_gpkg(fx, path, 0, &err), DTMAP_OK);
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "ogrinfo -ro -al -so '%s' gaps_rsrp_lte", path);
    char *out = testutil_command(cmd);
    assert_non_null(out);
    assert_non_null(strstr(out, "Feature Count: 4"));
    assert_non_null(strstr(out, "Geometry: Polygon"));
    assert_non_null(strstr(out, "gap_id: Integer"));
    assert_non_null(strstr(out, "ncells: Integer64"));
    assert_non_null(strstr(out, "mean: Real"));
    assert_non_null(strstr(out, "ID[\"EPSG\",32650]"));
    free(out);

    snprintf(cmd, sizeof cmd, "ogrinfo -ro -al '%s' gaps_rsrp_lte", path);
    out = testutil_command(cmd);
    assert_non_null(out);
    const char *f1 = strstr(out, "gap_id (Integer) = 1");
    const char *f2 = strstr(out, "gap_id (Integer) = 2");
    assert_non_null(f1);
    assert_non_null(f2);
    assert_true(f1 < f2);
    assert_non_null(strstr(f1, "area_m2 (Real) = 300"));
    assert_non_null(strstr(f2, "area_m2 (Real) = 200"));
    assert_non_null(strstr(f2, "mean (Real) = -117.59637"));
    assert_non_null(strstr(f2, "min (Real) = -125"));
    assert_non_null(strstr(f2, "samples (Real) = 3"));
    assert_non_null(strstr(out, "gap_id (Integer) = 4"));
    assert_null(strstr(out, "gap_id (Integer) = 5"));
    free(out);
}

/* Equal inputs give byte-identical GeoPackages, even a second apart. */
static void gpkg_byte_identical(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *a = fpath(fx, "a.gpkg", 0), *b = fpath(fx, "b.gpkg", 1);
    size_t na, nb;
    assert_int_equal(write_gpkg(fx, a, 0, &err), DTMAP_OK);
    sleep(1);
    assert_int_equal(write_gpkg(fx, b, 0, &err), DTMAP_OK);
    unsigned char *da = testutil_slurp(a, &na), *db = testutil_slurp(b, &nb);
    assert_non_null(da);
    assert_non_null(db);
    assert_int_equal(na, nb);
    assert_memory_equal(da, db, na);
    free(da);
    free(db);
}

/* Existing files are refused without overwrite and replaced with it; abort leaves nothing. */
static void gpkg_overwrite_and_abort(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    dtmap_gpkg *gp = NULL;
    const char *path = fpath(fx, "ow.gpkg", 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("precious", f);
    fclose(f);
    assert_int_equal(dtmap_gpkg_begin(path, 0, &gp, &err), DTMAP_ERR_EXISTS);
    assert_null(gp);
    assert_non_null(strstr(err.detail, path));
    size_t n;
    unsigned char *d = testutil_slurp(path, &n);
    assert_non_null(d);
    assert_int_equal(n, 8);
    assert_memory_equal(d, "precious", 8);
    free(d);

    assert_int_equal(write_gpkg(fx, path, 1, &err), DTMAP_OK);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_int_equal(GDALDatasetGetLayerCount(ds), 2);
    GDALClose(ds);
    assert_int_equal(testutil_dir_entries(fx->dir), 1);

    const char *other = fpath(fx, "aborted.gpkg", 1);
    assert_int_equal(dtmap_gpkg_begin(other, 0, &gp, &err), DTMAP_OK);
    dtmap_gaps gaps;
    assert_int_equal(
        dtmap_gaps_find(&fx->grid, fx->crs, VALUE, NULL, NODATA, THRESHOLD, 1, &gaps, &err),
        DTMAP_OK);
    assert_int_equal(dtmap_gpkg_add_gaps(gp, "g", &fx->grid, fx->crs, &gaps, "lte", "rsrp", "dBm",
                                         THRESHOLD, &err),
                     DTMAP_OK);
    /* A second layer of the same name is a GDAL error that names the file. */
    assert_int_equal(dtmap_gpkg_add_gaps(gp, "g", &fx->grid, fx->crs, &gaps, "lte", "rsrp", "dBm",
                                         THRESHOLD, &err),
                     DTMAP_ERR_GDAL);
    assert_non_null(strstr(err.detail, other));
    dtmap_gpkg_abort(gp);
    dtmap_gaps_free(&gaps);
    assert_int_equal(testutil_dir_entries(fx->dir), 1);
    dtmap_gpkg_abort(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(gaps_regions_and_stats, setup, teardown),
        cmocka_unit_test_setup_teardown(gaps_db_domain_without_counts, setup, teardown),
        cmocka_unit_test(gaps_large_and_checkerboard),
        cmocka_unit_test_setup_teardown(gpkg_features, setup, teardown),
        cmocka_unit_test_setup_teardown(gpkg_ogrinfo_agrees, setup, teardown),
        cmocka_unit_test_setup_teardown(gpkg_byte_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(gpkg_overwrite_and_abort, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
