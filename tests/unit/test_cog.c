/* test_cog.c: unit tests for the COG writer: overviews averaged in mW (powers), in dB (ratios) or
 * by mode (classes), read back with the GDAL C API. "test_cog --write DIR" writes the fixtures
 * (power.tif, ratio.tif, class.tif) for tests/peer/cog_overviews.sh and exits. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_srs_api.h>

#include "dtmap/cog.h"
#include "dtmap/crs.h"

#define W 601 /* odd sizes: the last column and row of each level are half blocks */
#define H 517
#define CW 300 /* class fixture */
#define CH 300
#define ND -9999.0f
#define AT(v, w, r, c) ((v)[(size_t)(r) * (size_t)(w) + (size_t)(c)])

static const char *const METADATA[] = {"DTMAP_METRIC=rsrp", "DTMAP_TECH=lte", NULL};

typedef struct fixture {
    char dir[4096];
    dtmap_crs *crs;
    dtmap_grid grid, cgrid;
    float *power; /* W x H: RSRP in dBm */
    float *klass; /* CW x CH: class codes 1..5 */
    dtmap_cog_spec spec, cspec;
} fixture;

/* RSRP on W x H: a ramp -110..-50 with scattered nodata and a nodata corner, and hand-made
 * blocks in the top-left corner whose overview values are worked out in the tests. */
static void power_cells(float *v) {
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            AT(v, W, r, c) = ((c + 2 * r) % 11 == 0 || (r >= 400 && c >= 500))
                                 ? ND
                                 : (float)(-110 + (c * 3 + r * 7) % 61);
    /* Level 1, cell (0,0): the issue's -60, -70, -80, -90 dBm. */
    AT(v, W, 0, 0) = -60, AT(v, W, 0, 1) = -70, AT(v, W, 1, 0) = -80, AT(v, W, 1, 1) = -90;
    /* Level 1, cell (1,0): one nodata cell, three values. */
    AT(v, W, 0, 2) = -60, AT(v, W, 0, 3) = -70, AT(v, W, 1, 2) = -80, AT(v, W, 1, 3) = ND;
    /* Level 1, cell (2,0): all nodata. */
    AT(v, W, 0, 4) = ND, AT(v, W, 0, 5) = ND, AT(v, W, 1, 4) = ND, AT(v, W, 1, 5) = ND;
    /* Level 2, cell (2,0) = columns 8..11, rows 0..3: one -60 in one quadrant, four -100 in
     * another, the rest nodata. */
    for (int r = 0; r < 4; r++)
        for (int c = 8; c < 12; c++)
            AT(v, W, r, c) = ND;
    AT(v, W, 0, 8) = -60;
    AT(v, W, 0, 10) = AT(v, W, 0, 11) = AT(v, W, 1, 10) = AT(v, W, 1, 11) = -100;
}

/* Class codes 1..5 on CW x CH with hand-made 2 x 2 blocks along the top rows. */
static void class_cells(float *v) {
    for (int r = 0; r < CH; r++)
        for (int c = 0; c < CW; c++)
            AT(v, CW, r, c) = (c * r) % 13 == 5 ? ND : (float)(1 + (c / 3 + r / 5 + c * r) % 5);
    static const float blocks[5][4] = {
        {2, 2, 3, ND},                  /* mode 2 */
        {1, 3, 3, 1},                   /* tie 1/3: the smaller, 1 */
        {4, ND, ND, ND},                /* the only value, 4 */
        {ND, ND, ND, ND}, {5, 5, 5, 1}, /* mode 5 */
    };
    for (int b = 0; b < 5; b++) {
        AT(v, CW, 0, 2 * b) = blocks[b][0], AT(v, CW, 0, 2 * b + 1) = blocks[b][1];
        AT(v, CW, 1, 2 * b) = blocks[b][2], AT(v, CW, 1, 2 * b + 1) = blocks[b][3];
    }
}

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL) return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/dtmap-cog-XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(fx->dir) == NULL) return -1;
    dtmap_error err;
    if (dtmap_crs_create("EPSG:32650", 0, 0, &fx->crs, &err) != DTMAP_OK) return -1;
    fx->power = malloc((size_t)W * H * sizeof *fx->power);
    fx->klass = malloc((size_t)CW * CH * sizeof *fx->klass);
    if (fx->power == NULL || fx->klass == NULL) return -1;
    power_cells(fx->power);
    class_cells(fx->klass);
    fx->grid = (dtmap_grid){.xmin = 499980, .ymax = 3300050, .res_m = 10, .ncols = W, .nrows = H};
    fx->cgrid = fx->grid;
    fx->cgrid.ncols = CW;
    fx->cgrid.nrows = CH;
    fx->spec = (dtmap_cog_spec){.grid = &fx->grid,
                                .crs_wkt = dtmap_crs_wkt(fx->crs),
                                .data = fx->power,
                                .nodata = ND,
                                .description = "RSRP (dBm)",
                                .unit = "dBm",
                                .metadata = METADATA,
                                .kind = DTMAP_COG_POWER,
                                .tile_px = 256};
    fx->cspec = fx->spec;
    fx->cspec.grid = &fx->cgrid;
    fx->cspec.data = fx->klass;
    fx->cspec.description = "coverage class";
    fx->cspec.unit = NULL;
    fx->cspec.kind = DTMAP_COG_CATEGORY;
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    testutil_rmtree(fx->dir);
    dtmap_crs_destroy(fx->crs);
    free(fx->power);
    free(fx->klass);
    free(fx);
    return 0;
}

static const char *fpath(const fixture *fx, const char *name, int slot) {
    static char buf[2][4200];
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", fx->dir, name);
    return buf[slot];
}

/* Level 0 (the band) or overview `level` of band 1 of ds, read whole (malloc'd). */
static float *read_level(GDALDatasetH ds, int level, int *w, int *h) {
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    if (level > 0) b = GDALGetOverview(b, level - 1);
    assert_non_null(b);
    *w = GDALGetRasterBandXSize(b);
    *h = GDALGetRasterBandYSize(b);
    float *v = malloc((size_t)*w * (size_t)*h * sizeof *v);
    assert_non_null(v);
    assert_int_equal(GDALRasterIO(b, GF_Read, 0, 0, *w, *h, v, *w, *h, GDT_Float32, 0, 0), CE_None);
    return v;
}

/* Mean over every valid full-resolution cell under overview cell (col, row) of `level`, worked
 * out from the footprint directly (not level by level): in mW for powers. */
static double footprint_mean(const float *v, int w, int h, int level, int col, int row, int power) {
    int f = 1 << level, n = 0;
    double s = 0;
    for (int r = row * f; r < (row + 1) * f && r < h; r++)
        for (int c = col * f; c < (col + 1) * f && c < w; c++) {
            float x = AT(v, w, r, c);
            if (x == ND || isnan(x)) continue;
            s += power ? pow(10.0, x / 10.0) : x;
            n++;
        }
    if (n == 0) return ND;
    return power ? 10.0 * log10(s / n) : s / n;
}

/* Every cell of both overview levels of path equals footprint_mean within float rounding;
 * returns the file opened (caller closes). */
static GDALDatasetH check_means(const fixture *fx, const char *path, int power) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    assert_int_equal(GDALGetOverviewCount(GDALGetRasterBand(ds, 1)), 2);
    static const int sizes[3][2] = {{W, H}, {301, 259}, {151, 130}};
    for (int level = 0; level <= 2; level++) {
        int w, h, nd = 0;
        float *v = read_level(ds, level, &w, &h);
        assert_int_equal(w, sizes[level][0]);
        assert_int_equal(h, sizes[level][1]);
        if (level == 0) assert_memory_equal(v, fx->power, (size_t)W * H * sizeof *v);
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++) {
                double want = footprint_mean(fx->power, W, H, level, c, r, power);
                if (want == ND) nd++;
                assert_double_near(AT(v, w, r, c), want, want == ND ? 0 : 1e-4);
            }
        assert_true(nd > 0); /* the nodata corner reaches every level */
        free(v);
    }
    return ds;
}

/* Level counts and sizes: halve (rounding up) until one tile holds the level. */
static void cog_levels_rule(void **state) {
    (void)state;
    assert_int_equal(dtmap_cog_levels(W, H, 256), 2);     /* 301x259, 151x130 */
    assert_int_equal(dtmap_cog_levels(600, 520, 512), 1); /* 300x260 */
    assert_int_equal(dtmap_cog_levels(600, 520, 0), 1);   /* 0 means 512 */
    assert_int_equal(dtmap_cog_levels(512, 512, 512), 0);
    assert_int_equal(dtmap_cog_levels(513, 1, 512), 1);    /* 257x1 */
    assert_int_equal(dtmap_cog_levels(100000, 3, 256), 9); /* ... 391, 196 */
    assert_int_equal(dtmap_cog_levels(7, 5, 128), -1);
    assert_int_equal(dtmap_cog_levels(0, 5, 256), -1);
}

/* Powers: the -60/-70/-80/-90 dBm block gives 10 log10 of the mean in mW (-65.56 dBm), not
 * the dB mean -75; a nodata cell is left out; an all-nodata block stays nodata; deeper levels
 * weigh every full-resolution cell alike. The file is a COG with its properties. */
static void cog_power_overviews(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "power.tif", 0);
    assert_int_equal(dtmap_cog_write(path, &fx->spec, 0, &err), DTMAP_OK);
    assert_int_equal(testutil_dir_entries(fx->dir), 1); /* no temporary, .aux.xml or .ovr */
    GDALDatasetH ds = check_means(fx, path, 1);

    int w, h;
    float *o1 = read_level(ds, 1, &w, &h), *o2 = read_level(ds, 2, &w, &h);
    double mw4 = (pow(10, -6.0) + pow(10, -7.0) + pow(10, -8.0) + pow(10, -9.0)) / 4;
    assert_double_near(o1[0], 10 * log10(mw4), 1e-5);
    assert_double_near(o1[0], -65.5635, 1e-4);
    assert_true(fabs(o1[0] - -75.0) > 9);
    double mw3 = (pow(10, -6.0) + pow(10, -7.0) + pow(10, -8.0)) / 3;
    assert_double_near(o1[1], 10 * log10(mw3), 1e-5); /* -64.3180 */
    assert_double_near(o1[2], ND, 0);
    /* Level 2: (1e-6 + 4e-10) / 5 mW = -66.99 dBm; a mean of the two level-1 means would
     * give -63.01. */
    assert_double_near(o2[2], 10 * log10((1e-6 + 4e-10) / 5), 1e-5);
    assert_true(fabs(o2[2] - 10 * log10((1e-6 + 1e-10) / 2)) > 3.9);
    free(o1);
    free(o2);

    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    int has = 0, bx = 0, by = 0;
    assert_string_equal(GDALGetMetadataItem(ds, "LAYOUT", "IMAGE_STRUCTURE"), "COG");
    assert_string_equal(GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    assert_string_equal(GDALGetMetadataItem(ds, "PREDICTOR", "IMAGE_STRUCTURE"), "3");
    assert_string_equal(GDALGetMetadataItem(ds, "DTMAP_TECH", NULL), "lte");
    assert_string_equal(GDALGetMetadataItem(ds, "DTMAP_OVERVIEWS", NULL), "power_mean_mw");
    assert_string_equal(GDALGetDescription(band), "RSRP (dBm)");
    assert_string_equal(GDALGetRasterUnitType(band), "dBm");
    assert_double_near(GDALGetRasterNoDataValue(band, &has), ND, 0);
    assert_true(has);
    for (int k = 0; k < 2; k++) {
        GDALRasterBandH ob = GDALGetOverview(band, k);
        has = 0;
        assert_double_near(GDALGetRasterNoDataValue(ob, &has), ND, 0);
        assert_true(has);
        GDALGetBlockSize(ob, &bx, &by);
        assert_int_equal(bx, 256);
        assert_int_equal(by, 256);
    }
    GDALGetBlockSize(band, &bx, &by);
    assert_int_equal(bx, 256);
    double gt[6];
    assert_int_equal(GDALGetGeoTransform(ds, gt), CE_None);
    assert_double_near(gt[0], 499980, 0);
    assert_double_near(gt[3], 3300050, 0);
    assert_double_near(gt[5], -10, 0);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(ds));
    assert_non_null(srs);
    assert_string_equal(OSRGetAuthorityCode(srs, NULL), "32650");
    OSRDestroySpatialReference(srs);
    GDALClose(ds);
}

/* Ratios: the same cells averaged as they are: -75, -70, then (-60 - 4 * 100) / 5 = -92. */
static void cog_ratio_overviews(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    dtmap_cog_spec spec = fx->spec;
    spec.kind = DTMAP_COG_RATIO;
    const char *path = fpath(fx, "ratio.tif", 0);
    assert_int_equal(dtmap_cog_write(path, &spec, 0, &err), DTMAP_OK);
    GDALDatasetH ds = check_means(fx, path, 0);
    int w, h;
    float *o1 = read_level(ds, 1, &w, &h), *o2 = read_level(ds, 2, &w, &h);
    assert_double_near(o1[0], -75, 0);
    assert_double_near(o1[1], -70, 0);
    assert_double_near(o1[2], ND, 0);
    assert_double_near(o2[2], -92, 0);
    assert_string_equal(GDALGetMetadataItem(ds, "DTMAP_OVERVIEWS", NULL), "mean");
    free(o1);
    free(o2);
    GDALClose(ds);
}

/* Classes: most common code of each 2 x 2 block (ties to the smaller code), never a mean;
 * checked against a histogram count of the same blocks. */
static void cog_category_mode(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "class.tif", 0);
    assert_int_equal(dtmap_cog_write(path, &fx->cspec, 0, &err), DTMAP_OK);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    assert_int_equal(GDALGetOverviewCount(GDALGetRasterBand(ds, 1)), 1);
    int w, h;
    float *o = read_level(ds, 1, &w, &h);
    assert_int_equal(w, 150);
    assert_int_equal(h, 150);
    static const float want[5] = {2, 1, 4, ND, 5};
    for (int b = 0; b < 5; b++)
        assert_double_near(o[b], want[b], 0);
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            int count[6] = {0}, best = 0;
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++) {
                    float x = AT(fx->klass, CW, 2 * r + dy, 2 * c + dx);
                    if (x != ND) count[(int)x]++;
                }
            for (int k = 5; k >= 1; k--) /* from the top, so ties end on the smaller code */
                if (count[k] > 0 && count[k] >= count[best]) best = k;
            assert_double_near(AT(o, w, r, c), best ? best : ND, 0);
        }
    assert_string_equal(GDALGetMetadataItem(ds, "DTMAP_OVERVIEWS", NULL), "mode");
    free(o);
    GDALClose(ds);
}

/* A NaN nodata: NaN cells are left out of the mean and an all-NaN block stays NaN. */
static void cog_nan_nodata(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    float *v = malloc((size_t)CW * CH * sizeof *v);
    assert_non_null(v);
    for (int i = 0; i < CW * CH; i++)
        v[i] = -100;
    AT(v, CW, 0, 0) = -60, AT(v, CW, 0, 1) = NAN, AT(v, CW, 1, 0) = -80, AT(v, CW, 1, 1) = NAN;
    AT(v, CW, 0, 2) = AT(v, CW, 0, 3) = AT(v, CW, 1, 2) = AT(v, CW, 1, 3) = NAN;
    dtmap_cog_spec spec = fx->spec;
    spec.grid = &fx->cgrid;
    spec.data = v;
    spec.nodata = NAN;
    const char *path = fpath(fx, "nan.tif", 0);
    assert_int_equal(dtmap_cog_write(path, &spec, 0, &err), DTMAP_OK);
    free(v);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    int w, h, has = 0;
    float *o = read_level(ds, 1, &w, &h);
    assert_double_near(o[0], 10 * log10((1e-6 + 1e-8) / 2), 1e-5);
    assert_true(isnan(o[1]));
    assert_double_near(o[2], -100, 1e-5);
    assert_true(isnan(GDALGetRasterNoDataValue(GDALGetRasterBand(ds, 1), &has)));
    assert_true(has);
    free(o);
    GDALClose(ds);
}

/* A band that fits one tile has no overview and is still a COG, with 512 tiles by default. */
static void cog_small_no_overviews(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    dtmap_grid g = fx->grid;
    g.ncols = 7;
    g.nrows = 5;
    dtmap_cog_spec spec = fx->spec;
    spec.grid = &g;
    spec.tile_px = 0;
    const char *path = fpath(fx, "small.tif", 0);
    assert_int_equal(dtmap_cog_write(path, &spec, 0, &err), DTMAP_OK);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    int bx = 0, by = 0, w, h;
    assert_int_equal(GDALGetOverviewCount(band), 0);
    GDALGetBlockSize(band, &bx, &by);
    assert_int_equal(bx, 512);
    assert_string_equal(GDALGetMetadataItem(ds, "LAYOUT", "IMAGE_STRUCTURE"), "COG");
    float *v = read_level(ds, 0, &w, &h);
    assert_memory_equal(v, fx->power, 7 * 5 * sizeof *v); /* the first 35 floats, as given */
    free(v);
    GDALClose(ds);
}

/* Equal inputs give byte-identical files, even a second apart. */
static void cog_byte_identical(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    size_t na = 0, nb = 0;
    assert_int_equal(dtmap_cog_write(fpath(fx, "a.tif", 0), &fx->spec, 0, &err), DTMAP_OK);
    sleep(1);
    assert_int_equal(dtmap_cog_write(fpath(fx, "b.tif", 1), &fx->spec, 0, &err), DTMAP_OK);
    unsigned char *a = testutil_slurp(fpath(fx, "a.tif", 0), &na),
                  *b = testutil_slurp(fpath(fx, "b.tif", 1), &nb);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(na > 1000);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
}

/* An existing file is refused (and left untouched) without overwrite, replaced with it. */
static void cog_overwrite_rules(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "ow.tif", 0);
    size_t n0 = 0, n1 = 0;
    assert_int_equal(dtmap_cog_write(path, &fx->spec, 0, &err), DTMAP_OK);
    unsigned char *before = testutil_slurp(path, &n0);
    assert_non_null(before);
    dtmap_cog_spec spec = fx->spec;
    spec.kind = DTMAP_COG_RATIO;
    assert_int_equal(dtmap_cog_write(path, &spec, 0, &err), DTMAP_ERR_EXISTS);
    assert_non_null(strstr(err.detail, path));
    unsigned char *after = testutil_slurp(path, &n1);
    assert_non_null(after);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
    assert_int_equal(dtmap_cog_write(path, &spec, 1, &err), DTMAP_OK);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    int w, h;
    float *o = read_level(ds, 1, &w, &h);
    assert_double_near(o[0], -75, 0); /* now the dB mean */
    free(o);
    GDALClose(ds);
    assert_int_equal(testutil_dir_entries(fx->dir), 1);
}

/* Bad specs are usage errors before anything is written; a GDAL failure names the path. */
static void cog_errors(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    dtmap_cog_spec spec = fx->spec;
    spec.tile_px = 300;
    assert_int_equal(dtmap_cog_write(fpath(fx, "t.tif", 0), &spec, 0, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "300"));
    spec = fx->spec;
    spec.data = NULL;
    assert_int_equal(dtmap_cog_write(fpath(fx, "t.tif", 0), &spec, 0, &err), DTMAP_ERR_USAGE);
    spec = fx->spec;
    spec.kind = (dtmap_cog_kind)7;
    assert_int_equal(dtmap_cog_write(fpath(fx, "t.tif", 0), &spec, 0, &err), DTMAP_ERR_USAGE);
    dtmap_grid g = fx->grid;
    g.nrows = 0;
    spec = fx->spec;
    spec.grid = &g;
    assert_int_equal(dtmap_cog_write(fpath(fx, "t.tif", 0), &spec, 0, &err), DTMAP_ERR_EMPTY);
    const char *bad = fpath(fx, "no-such-folder/x.tif", 0);
    /* A missing folder is told before GDAL is given the temporary's name (which its message
     * would quote). */
    assert_int_equal(dtmap_cog_write(bad, &fx->spec, 0, &err), DTMAP_ERR_IO);
    assert_non_null(strstr(err.detail, bad));
    assert_non_null(strstr(err.detail, ": cannot write: No such file or directory"));
    assert_null(strstr(err.detail, ".tmp-"));
    assert_int_equal(testutil_dir_entries(fx->dir), 0);
}

/* The fixtures as files, for the shell test that reads them with GDAL's own tools. */
static int write_fixtures(const char *dir) {
    fixture *fx = NULL;
    if (setup((void **)&fx) != 0) return 1;
    dtmap_error err;
    char p[4200];
    dtmap_cog_spec ratio = fx->spec;
    ratio.kind = DTMAP_COG_RATIO;
    const struct {
        const char *name;
        const dtmap_cog_spec *spec;
    } out[] = {{"power.tif", &fx->spec}, {"ratio.tif", &ratio}, {"class.tif", &fx->cspec}};
    int rc = 0;
    for (int i = 0; i < 3 && rc == 0; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, out[i].name);
        if (dtmap_cog_write(p, out[i].spec, 1, &err) != DTMAP_OK) {
            fprintf(stderr, "test_cog: %s\n", err.detail);
            rc = 1;
        }
    }
    teardown((void **)&fx);
    GDALDestroyDriverManager();
    return rc;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--write") == 0) return write_fixtures(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cog_levels_rule),
        cmocka_unit_test_setup_teardown(cog_power_overviews, setup, teardown),
        cmocka_unit_test_setup_teardown(cog_ratio_overviews, setup, teardown),
        cmocka_unit_test_setup_teardown(cog_category_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(cog_nan_nodata, setup, teardown),
        cmocka_unit_test_setup_teardown(cog_small_no_overviews, setup, teardown),
        cmocka_unit_test_setup_teardown(cog_byte_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(cog_overwrite_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(cog_errors, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
