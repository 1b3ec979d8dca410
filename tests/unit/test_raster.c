/* test_raster.c: unit tests for the GeoTIFF writer, cross-checked with gdalinfo and GDAL reads. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "dtmap/crs.h"
#include "dtmap/raster.h"

#define NCOLS 7
#define NROWS 5
#define NCELLS (NCOLS * NROWS)
#define NODATA -9999.0f

/* Shared fixture: a 7 x 5 grid in UTM 50N with an RSRP band (with nodata) and a count band. */
typedef struct fixture {
    char dir[4096];
    dtmap_crs *crs;
    dtmap_grid grid;
    float rsrp[NCELLS], count[NCELLS];
    dtmap_band bands[2];
    dtmap_raster_spec spec;
    double min, max, mean; /* statistics of the valid RSRP cells, computed by hand */
    int nvalid;
} fixture;

static const char *const METADATA[] = {"DTMAP_METRIC=rsrp", "DTMAP_TECH=lte",
                                       "DTMAP_THRESHOLD=-110", NULL};

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL) return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/dtmap-raster-XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(fx->dir) == NULL) return -1;
    dtmap_error err;
    if (dtmap_crs_create("EPSG:32650", 0, 0, &fx->crs, &err) != DTMAP_OK) return -1;
    fx->grid =
        (dtmap_grid){.xmin = 499980, .ymax = 3300050, .res_m = 10, .ncols = NCOLS, .nrows = NROWS};
    double sum = 0;
    fx->min = INFINITY;
    fx->max = -INFINITY;
    for (int i = 0; i < NCELLS; i++) {
        /* Nodata on the diagonal-ish cells 0, 8, 16, 24, 32; values in 0.25 dB steps. */
        if (i % 8 == 0) {
            fx->rsrp[i] = NODATA;
            fx->count[i] = NODATA;
            continue;
        }
        fx->rsrp[i] = -120.0f + 0.25f * (float)i;
        fx->count[i] = (float)(i % 4 + 1);
        sum += fx->rsrp[i];
        fx->min = fmin(fx->min, fx->rsrp[i]);
        fx->max = fmax(fx->max, fx->rsrp[i]);
        fx->nvalid++;
    }
    fx->mean = sum / fx->nvalid;
    fx->bands[0] = (dtmap_band){fx->rsrp, "RSRP (dBm)", "dBm"};
    fx->bands[1] = (dtmap_band){fx->count, "samples per cell", "count"};
    fx->spec = (dtmap_raster_spec){.grid = &fx->grid,
                                   .crs_wkt = dtmap_crs_wkt(fx->crs),
                                   .nodata = NODATA,
                                   .bands = fx->bands,
                                   .nbands = 2,
                                   .metadata = METADATA};
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

/* The number after "key": at or after from (fails the test if absent). */
static double json_num(const char *from, const char *key) {
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(from, pat);
    if (p == NULL) fail_msg("key %s not in gdalinfo output", key);
    p += strlen(pat);
    while (*p == ' ' || *p == '[' || *p == '\n' || *p == '"')
        p++;
    return strtod(p, NULL);
}

/* The string after "key": at or after from, copied into out. */
static const char *json_str(const char *from, const char *key, char *out, size_t n) {
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(from, pat);
    if (p == NULL) fail_msg("key %s not in gdalinfo output", key);
    p = strchr(p + strlen(pat), '"');
    assert_non_null(p);
    const char *q = strchr(p + 1, '"');
    assert_non_null(q);
    snprintf(out, n, "%.*s", (int)(q - p - 1), p + 1);
    return out;
}

/* gdalinfo agrees on CRS, geotransform, nodata, descriptions, units, tiling, compression and
 * the statistics of the valid cells. */
static void raster_gdalinfo_agrees(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "rsrp.tif", 0);
    assert_int_equal(dtmap_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    /* Only the output itself: no temporary, no .aux.xml. */
    assert_int_equal(testutil_dir_entries(fx->dir), 1);

    char cmd[8400], s[256];
    snprintf(cmd, sizeof cmd, "gdalinfo --config GDAL_PAM_ENABLED NO -json -stats '%s'", path);
    char *out = testutil_command(cmd);
    assert_non_null(out);
    assert_null(strstr(out, "TIFFTAG_DATETIME"));
    assert_non_null(strstr(out, "UTM zone 50N"));
    assert_non_null(strstr(out, "ID[\\\"EPSG\\\",32650]"));
    const char *gt = strstr(out, "\"geoTransform\":");
    assert_non_null(gt);
    double g[6];
    const char *p = strchr(gt, '[') + 1;
    for (int i = 0; i < 6; i++) {
        char *end;
        g[i] = strtod(p, &end);
        p = end + 1;
    }
    assert_double_near(g[0], 499980, 0);
    assert_double_near(g[1], 10, 0);
    assert_double_near(g[2], 0, 0);
    assert_double_near(g[3], 3300050, 0);
    assert_double_near(g[4], 0, 0);
    assert_double_near(g[5], -10, 0);
    assert_string_equal(json_str(out, "COMPRESSION", s, sizeof s), "DEFLATE");
    assert_string_equal(json_str(out, "PREDICTOR", s, sizeof s), "3");
    assert_string_equal(json_str(out, "INTERLEAVE", s, sizeof s), "BAND");
    assert_string_equal(json_str(out, "DTMAP_METRIC", s, sizeof s), "rsrp");
    assert_string_equal(json_str(out, "DTMAP_THRESHOLD", s, sizeof s), "-110");
    assert_double_near(json_num(out, "size"), NCOLS, 0);

    const char *b1 = strstr(out, "\"band\":1");
    const char *b2 = strstr(out, "\"band\":2");
    assert_non_null(b1);
    assert_non_null(b2);
    assert_double_near(json_num(b1, "block"), 256, 0);
    assert_string_equal(json_str(b1, "type", s, sizeof s), "Float32");
    assert_string_equal(json_str(b1, "description", s, sizeof s), "RSRP (dBm)");
    assert_string_equal(json_str(b1, "unit", s, sizeof s), "dBm");
    assert_double_near(json_num(b1, "noDataValue"), NODATA, 0);
    /* gdalinfo -json prints statistics with 3 decimals. */
    assert_double_near(json_num(b1, "minimum"), fx->min, 5e-4);
    assert_double_near(json_num(b1, "maximum"), fx->max, 5e-4);
    assert_double_near(json_num(b1, "mean"), fx->mean, 5e-4);
    assert_double_near(json_num(b1, "STATISTICS_VALID_PERCENT"), 100.0 * fx->nvalid / NCELLS,
                       0.005); /* printed as "85.71" */
    /* Hand figures for this fixture: cells 1..34 without 8, 16, 24, 32. */
    assert_double_near(fx->min, -119.75, 0);
    assert_double_near(fx->max, -111.5, 0);
    assert_double_near(fx->mean, -120.0 + 0.25 * 515.0 / 30.0, 1e-12); /* -115.7083 */
    assert_string_equal(json_str(b2, "description", s, sizeof s), "samples per cell");
    assert_string_equal(json_str(b2, "unit", s, sizeof s), "count");
    assert_double_near(json_num(b2, "noDataValue"), NODATA, 0);
    assert_double_near(json_num(b2, "minimum"), 1, 0);
    assert_double_near(json_num(b2, "maximum"), 4, 0);
    free(out);

    /* gdalinfo -stats must not have left a side file either. */
    assert_int_equal(testutil_dir_entries(fx->dir), 1);
}

/* Reading the file back with GDAL gives the exact input floats and band properties. */
static void raster_reads_back(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "back.tif", 0);
    assert_int_equal(dtmap_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    assert_int_equal(GDALGetRasterXSize(ds), NCOLS);
    assert_int_equal(GDALGetRasterYSize(ds), NROWS);
    assert_int_equal(GDALGetRasterCount(ds), 2);
    assert_string_equal(GDALGetMetadataItem(ds, "DTMAP_TECH", NULL), "lte");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(ds));
    assert_non_null(srs);
    assert_string_equal(OSRGetAuthorityCode(srs, NULL), "32650");
    OSRDestroySpatialReference(srs);
    for (int b = 0; b < 2; b++) {
        GDALRasterBandH band = GDALGetRasterBand(ds, b + 1);
        float got[NCELLS];
        int has = 0, bx = 0, by = 0;
        assert_int_equal(
            GDALRasterIO(band, GF_Read, 0, 0, NCOLS, NROWS, got, NCOLS, NROWS, GDT_Float32, 0, 0),
            CE_None);
        assert_memory_equal(got, b == 0 ? fx->rsrp : fx->count, sizeof got);
        assert_double_near(GDALGetRasterNoDataValue(band, &has), NODATA, 0);
        assert_true(has);
        GDALGetBlockSize(band, &bx, &by);
        assert_int_equal(bx, 256);
        assert_int_equal(by, 256);
        assert_int_equal(GDALGetRasterDataType(band), GDT_Float32);
        assert_string_equal(GDALGetRasterUnitType(band), b == 0 ? "dBm" : "count");
    }
    assert_string_equal(GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    /* GDAL's own statistics (nodata excluded) equal the hand figures to double precision. */
    double mn, mx, mean, sd;
    assert_int_equal(GDALComputeRasterStatistics(GDALGetRasterBand(ds, 1), FALSE, &mn, &mx, &mean,
                                                 &sd, NULL, NULL),
                     CE_None);
    assert_double_near(mn, fx->min, 0);
    assert_double_near(mx, fx->max, 0);
    assert_double_near(mean, fx->mean, 1e-9);
    GDALClose(ds);
}

/* An existing output is refused without overwrite (and left untouched), replaced with it. */
static void raster_overwrite_rules(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "ow.tif", 0);
    size_t n0, n1;
    assert_int_equal(dtmap_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    unsigned char *before = testutil_slurp(path, &n0);
    assert_non_null(before);

    float other[NCELLS];
    for (int i = 0; i < NCELLS; i++)
        other[i] = -90.0f;
    dtmap_band b = {other, "RSRP (dBm)", "dBm"};
    dtmap_raster_spec spec = fx->spec;
    spec.bands = &b;
    spec.nbands = 1;
    assert_int_equal(dtmap_raster_write(path, &spec, 0, &err), DTMAP_ERR_EXISTS);
    assert_int_equal(err.status, DTMAP_ERR_EXISTS);
    assert_non_null(strstr(err.detail, path));
    unsigned char *after = testutil_slurp(path, &n1);
    assert_non_null(after);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(after);

    assert_int_equal(dtmap_raster_write(path, &spec, 1, &err), DTMAP_OK);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    assert_int_equal(GDALGetRasterCount(ds), 1);
    float got[NCELLS];
    assert_int_equal(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, NCOLS, NROWS, got, NCOLS,
                                  NROWS, GDT_Float32, 0, 0),
                     CE_None);
    assert_memory_equal(got, other, sizeof got);
    GDALClose(ds);
    assert_int_equal(testutil_dir_entries(fx->dir), 1);
    free(before);
}

/* Equal inputs give byte-identical files, even a second apart. */
static void raster_byte_identical(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *a = fpath(fx, "a.tif", 0), *b = fpath(fx, "b.tif", 1);
    size_t na, nb;
    assert_int_equal(dtmap_raster_write(a, &fx->spec, 0, &err), DTMAP_OK);
    sleep(1);
    assert_int_equal(dtmap_raster_write(b, &fx->spec, 0, &err), DTMAP_OK);
    unsigned char *da = testutil_slurp(a, &na), *db = testutil_slurp(b, &nb);
    assert_non_null(da);
    assert_non_null(db);
    assert_int_equal(na, nb);
    assert_memory_equal(da, db, na);
    free(da);
    free(db);
}

/* A failure names the final path (a missing folder is told before GDAL sees the temporary's
 * name) and leaves nothing behind. */
static void raster_errors_name_the_path(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    char path[4300];
    snprintf(path, sizeof path, "%s/no-such-folder/x.tif", fx->dir);
    assert_int_equal(dtmap_raster_write(path, &fx->spec, 0, &err), DTMAP_ERR_IO);
    assert_non_null(strstr(err.detail, path));
    assert_non_null(strstr(err.detail, ": cannot write: No such file or directory"));
    assert_null(strstr(err.detail, ".tmp-"));

    dtmap_raster_spec spec = fx->spec;
    spec.nbands = 0;
    assert_int_equal(dtmap_raster_write(fpath(fx, "none.tif", 0), &spec, 0, &err), DTMAP_ERR_USAGE);
    assert_int_equal(testutil_dir_entries(fx->dir), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(raster_gdalinfo_agrees, setup, teardown),
        cmocka_unit_test_setup_teardown(raster_reads_back, setup, teardown),
        cmocka_unit_test_setup_teardown(raster_overwrite_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(raster_byte_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(raster_errors_name_the_path, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
