/* test_tiled.c: unit tests for the tiled writer (tiled.h): the same gdalinfo and cells as the
 * whole-raster writers (raster.h, style.h, cellkind.h, cog.h), sparse tiles, order, abort and
 * atomic commit, identical bytes. "test_tiled --bench DIR" times a 20000 x 20000 grid. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cpl_string.h>
#include <gdal.h>

#include "dtmap/cellkind.h"
#include "dtmap/cog.h"
#include "dtmap/crs.h"
#include "dtmap/raster.h"
#include "dtmap/style.h"
#include "dtmap/tiled.h"
#include "output/paletted.h"

#define W 601 /* 3 x 3 tiles of 256, the last column and row partial */
#define H 517
#define ND -9999.0f
#define AT(v, r, c) ((v)[(size_t)(r) * (size_t)W + (size_t)(c)])

static const char *const METADATA[] = {"DTMAP_METRIC=rsrp", "DTMAP_TECH=lte", NULL};

typedef struct fixture {
    char dir[4096], path[4200];
    dtmap_crs *crs;
    dtmap_grid grid;
    float *rsrp; /* W x H, tiles (1, 0) and (2, 2) all nodata, NaN cells in tile (0, 1) */
} fixture;

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL) return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/dtmap-tiled-XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(fx->dir) == NULL) return -1;
    dtmap_error err;
    if (dtmap_crs_create("EPSG:32650", 0, 0, &fx->crs, &err) != DTMAP_OK) return -1;
    /* Top-left corner a whole multiple of T * res_m (notes/tiles.md). */
    fx->grid = (dtmap_grid){.xmin = 512000, .ymax = 3302400, .res_m = 10, .ncols = W, .nrows = H};
    fx->rsrp = malloc((size_t)W * H * sizeof *fx->rsrp);
    if (fx->rsrp == NULL) return -1;
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            int empty = (r < 256 && c >= 256 && c < 512) || (r >= 512 && c >= 512);
            AT(fx->rsrp, r, c) =
                (empty || (c + 2 * r) % 11 == 0)
                    ? ND
                    : (float)(-110 + (c * 3 + r * 7) % 61) + 0.25f * (float)(c % 4);
        }
    AT(fx->rsrp, 300, 10) = NAN;
    AT(fx->rsrp, 301, 11) = NAN;
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    if (getenv("DTMAP_TEST_KEEP") == NULL) testutil_rmtree(fx->dir); /* kept: to look at */
    dtmap_crs_destroy(fx->crs);
    free(fx->rsrp);
    free(fx);
    return 0;
}

/* fx->dir/name, in fx->path. */
static const char *fpath(fixture *fx, const char *name) {
    snprintf(fx->path, sizeof fx->path, "%s/%s", fx->dir, name);
    return fx->path;
}

/* Tile (tc, tr) of the whole raster v (w x h cells of size cell) into buf (T x T, the cells
 * beyond the edge filled with pad, a cell-sized value). */
static void cut_tile(const void *v, int w, int h, size_t cell, int T, int tc, int tr,
                     const void *pad, void *buf) {
    for (int r = 0; r < T; r++)
        for (int c = 0; c < T; c++) {
            int gr = tr * T + r, gc = tc * T + c;
            const void *src = (gr < h && gc < w)
                                  ? (const char *)v + ((size_t)gr * (size_t)w + (size_t)gc) * cell
                                  : pad;
            memcpy((char *)buf + ((size_t)r * (size_t)T + (size_t)c) * cell, src, cell);
        }
}

/* Writes the whole raster v through the tiled writer, every tile put (padding pad); with md,
 * replaces the metadata with it after the last tile (as for counts known only then). */
static dtmap_status tiled_write_md(const char *path, const dtmap_tiled_spec *s, const void *v,
                                   const void *pad, const char *const *md, dtmap_error *err) {
    dtmap_tiled *t = NULL;
    size_t cell = s->type == DTMAP_TILED_BYTE ? 1 : sizeof(float);
    int T = s->tile, w = s->grid->ncols, h = s->grid->nrows;
    dtmap_status st = dtmap_tiled_begin(path, s, 0, &t, err);
    if (st != DTMAP_OK) return st;
    void *buf = malloc((size_t)T * (size_t)T * cell);
    for (int tr = 0; tr * T < h && st == DTMAP_OK; tr++)
        for (int tc = 0; tc * T < w && st == DTMAP_OK; tc++) {
            cut_tile(v, w, h, cell, T, tc, tr, pad, buf);
            st = dtmap_tiled_put(t, tc, tr, buf, err);
        }
    free(buf);
    if (st == DTMAP_OK && md != NULL) st = dtmap_tiled_set_metadata(t, md, err);
    if (st != DTMAP_OK) {
        dtmap_tiled_abort(t);
        return st;
    }
    return dtmap_tiled_commit(t, err);
}

/* tiled_write_md without late metadata. */
static dtmap_status tiled_write(const char *path, const dtmap_tiled_spec *s, const void *v,
                                const void *pad, dtmap_error *err) {
    return tiled_write_md(path, s, v, pad, NULL, err);
}

/* gdalinfo -json -mm -checksum of dir/name, run inside dir so the file names read the same;
 * malloc'd, the caller frees it. */
static char *info(const char *dir, const char *name) {
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "cd '%s' && gdalinfo -json -mm -checksum '%s' 2>&1", dir, name);
    return testutil_command(cmd);
}

/* Asserts that a/name and b/name show the same gdalinfo -json (and, with aux, the same
 * .aux.xml bytes). */
static void same_info_in(fixture *fx, const char *da, const char *db, const char *name, int aux) {
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/%s", fx->dir, da);
    snprintf(b, sizeof b, "%s/%s", fx->dir, db);
    char *ia = info(a, name), *ib = info(b, name);
    assert_non_null(ia);
    assert_non_null(ib);
    if (strcmp(ia, ib) != 0) fprintf(stderr, "old:\n%s\nnew:\n%s\n", ia, ib);
    assert_string_equal(ia, ib);
    free(ia);
    free(ib);
    if (!aux) return;
    char pa[4400], pb[4400];
    snprintf(pa, sizeof pa, "%s/%s.aux.xml", a, name);
    snprintf(pb, sizeof pb, "%s/%s.aux.xml", b, name);
    size_t na = 0, nb = 0;
    char *xa = testutil_slurp(pa, &na), *xb = testutil_slurp(pb, &nb);
    assert_non_null(xa);
    assert_non_null(xb);
    assert_int_equal(na, nb);
    assert_memory_equal(xa, xb, na);
    free(xa);
    free(xb);
}

/* same_info_in for folders a (the old writer's) and b (the tiled writer's). */
static void same_info(fixture *fx, const char *name, int aux) {
    same_info_in(fx, "a", "b", name, aux);
}

/* Every cell of band 1 (overview ovr, -1 for full resolution) of path as floats; malloc'd. */
static float *cells(const char *path, int ovr, int *w, int *h) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    if (ovr >= 0) b = GDALGetOverview(b, ovr);
    assert_non_null(b);
    *w = GDALGetRasterBandXSize(b);
    *h = GDALGetRasterBandYSize(b);
    float *v = malloc((size_t)*w * (size_t)*h * sizeof *v);
    assert_int_equal(GDALRasterIO(b, GF_Read, 0, 0, *w, *h, v, *w, *h, GDT_Float32, 0, 0), CE_None);
    GDALClose(ds);
    return v;
}

/* Asserts that two files hold the same cells, bit for bit, at every level. */
static void same_cells(const char *pa, const char *pb, int levels) {
    for (int k = -1; k < levels; k++) {
        int wa, ha, wb, hb;
        float *a = cells(pa, k, &wa, &ha), *b = cells(pb, k, &wb, &hb);
        assert_int_equal(wa, wb);
        assert_int_equal(ha, hb);
        assert_memory_equal(a, b, (size_t)wa * (size_t)ha * sizeof *a);
        free(a);
        free(b);
    }
}

/* The spec of the Float32 map fixture. */
static dtmap_tiled_spec float_spec(fixture *fx) {
    return (dtmap_tiled_spec){.grid = &fx->grid,
                              .tile = 256,
                              .crs_wkt = dtmap_crs_wkt(fx->crs),
                              .type = DTMAP_TILED_FLOAT32,
                              .nodata = ND,
                              .description = "LTE RSRP (dBm)",
                              .unit = "dBm",
                              .metadata = METADATA};
}

/* The Float32 map: raster.c's file and the tiled one show the same gdalinfo and cells. */
static void tiled_float_matches_raster(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    mkdir(fpath(fx, "a"), 0755);
    mkdir(fpath(fx, "b"), 0755);
    dtmap_band band = {fx->rsrp, "LTE RSRP (dBm)", "dBm", NULL, NULL};
    dtmap_raster_spec rs = {&fx->grid, dtmap_crs_wkt(fx->crs), ND, &band, 1, METADATA};
    assert_int_equal(dtmap_raster_write(fpath(fx, "a/m.tif"), &rs, 0, &err), DTMAP_OK);
    dtmap_tiled_spec ts = float_spec(fx);
    float pad = ND;
    assert_int_equal(tiled_write(fpath(fx, "b/m.tif"), &ts, fx->rsrp, &pad, &err), DTMAP_OK);
    same_info(fx, "m.tif", 0);
    char pa[4200];
    snprintf(pa, sizeof pa, "%s/a/m.tif", fx->dir);
    same_cells(pa, fpath(fx, "b/m.tif"), 0);
    assert_int_equal(testutil_dir_entries(fpath(fx, "b")), 1); /* no side file, no temporary */
}

/* Writes the whole Byte raster v (W x H) through the tiled writer with everything the file at
 * old says: metadata, description, colour table (as "#rrggbb") and category names. */
static void clone_byte(const char *old, const char *path, fixture *fx, const uint8_t *v) {
    GDALDatasetH ds = GDALOpen(old, GA_ReadOnly);
    assert_non_null(ds);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    GDALColorTableH ct = GDALGetRasterColorTable(b);
    assert_non_null(ct);
    int n = GDALGetColorEntryCount(ct) - 1;
    char hex[256][8];
    const char *colours[256];
    for (int i = 0; i < n; i++) {
        const GDALColorEntry *e = GDALGetColorEntry(ct, i + 1);
        snprintf(hex[i], sizeof hex[i], "#%02x%02x%02x", e->c1 & 0xff, e->c2 & 0xff, e->c3 & 0xff);
        colours[i] = hex[i];
    }
    char **md = CSLDuplicate(GDALGetMetadata(ds, NULL));
    char **names = CSLDuplicate(GDALGetRasterCategoryNames(b));
    char *desc = strdup(GDALGetDescription(b));
    GDALClose(ds);
    dtmap_tiled_spec s = {.grid = &fx->grid,
                          .tile = 256,
                          .crs_wkt = dtmap_crs_wkt(fx->crs),
                          .type = DTMAP_TILED_BYTE,
                          .nodata = 0,
                          .description = desc,
                          .metadata = (const char *const *)md,
                          .colours = colours,
                          .ncolours = n,
                          .names = (const char *const *)names};
    dtmap_error err;
    uint8_t pad = 0;
    assert_int_equal(tiled_write(path, &s, v, &pad, &err), DTMAP_OK);
    free(desc);
    CSLDestroy(names);
    CSLDestroy(md);
}

/* Writes v (W x H Byte cells) through the tiled writer with the facts f (paletted.h); the
 * metadata, with late, only after the last tile. */
static void facts_write(const char *path, fixture *fx, const paletted_facts *f, const uint8_t *v,
                        int late) {
    dtmap_tiled_spec s = {.grid = &fx->grid,
                          .tile = 256,
                          .crs_wkt = dtmap_crs_wkt(fx->crs),
                          .type = DTMAP_TILED_BYTE,
                          .description = f->description,
                          .metadata = late ? METADATA : (const char *const *)f->metadata,
                          .colours = f->colours,
                          .ncolours = f->ncolours,
                          .names = (const char *const *)f->names};
    dtmap_error err;
    uint8_t pad = 0;
    const char *const *md = late ? (const char *const *)f->metadata : NULL;
    assert_int_equal(tiled_write_md(path, &s, v, &pad, md, &err), DTMAP_OK);
}

/* The class raster (style.h) and the kind raster (cellkind.h): the tiled writer, given the
 * same styling facts, writes the same gdalinfo, cells and .aux.xml bytes. */
static void tiled_byte_matches_paletted(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    mkdir(fpath(fx, "a"), 0755);
    mkdir(fpath(fx, "b"), 0755);
    dtmap_class cls[3] = {
        {"good", -80, "#1a9641"}, {"", -95, "#fdae61"}, {"bad", -INFINITY, "#d7191c"}};
    dtmap_band values = {fx->rsrp, NULL, NULL, NULL, NULL};
    dtmap_class_raster_spec cs = {.grid = &fx->grid,
                                  .crs_wkt = dtmap_crs_wkt(fx->crs),
                                  .values = &values,
                                  .nodata = ND,
                                  .classes = cls,
                                  .nclasses = 3,
                                  .metric = "RSRP",
                                  .technology = "LTE",
                                  .unit = "dBm",
                                  .profile = "default",
                                  .metadata = METADATA};
    assert_int_equal(dtmap_class_raster_write(fpath(fx, "a/c.tif"), &cs, 0, &err), DTMAP_OK);
    uint8_t *k = malloc((size_t)W * H);
    for (size_t i = 0; i < (size_t)W * H; i++)
        k[i] = (isnan(fx->rsrp[i]) || fx->rsrp[i] == ND)
                   ? 0
                   : (uint8_t)(1 + dtmap_class_index(cls, 3, fx->rsrp[i]));
    char old[4200];
    snprintf(old, sizeof old, "%s/a/c.tif", fx->dir);
    clone_byte(old, fpath(fx, "b/c.tif"), fx, k);
    same_info(fx, "c.tif", 1);
    same_cells(old, fpath(fx, "b/c.tif"), 0);
    mkdir(fpath(fx, "c"), 0755); /* the facts from classes.c itself, as the engine gets them */
    paletted_facts f = {0};
    dtmapi_class_raster_facts(&cs, &f);
    facts_write(fpath(fx, "c/c.tif"), fx, &f, k, 0);
    dtmapi_paletted_facts_free(&f);
    same_info_in(fx, "a", "c", "c.tif", 1);

    /* The kind raster: kinds 1..4 (never 0 inside the grid, as dtmap_cellkind_classify). */
    for (size_t i = 0; i < (size_t)W * H; i++)
        k[i] = (uint8_t)(k[i] == 0 ? DTMAP_KIND_UNMEASURED : k[i]);
    dtmap_cellkind_rule rule = {-100, 1, 0};
    dtmap_cellkind_raster_spec ks = {&fx->grid, dtmap_crs_wkt(fx->crs), k, "LTE", "default", &rule,
                                     METADATA};
    assert_int_equal(dtmap_cellkind_raster_write(fpath(fx, "a/k.tif"), &ks, 0, &err), DTMAP_OK);
    snprintf(old, sizeof old, "%s/a/k.tif", fx->dir);
    clone_byte(old, fpath(fx, "b/k.tif"), fx, k);
    same_info(fx, "k.tif", 1);
    same_cells(old, fpath(fx, "b/k.tif"), 0);
    size_t counts[DTMAP_KIND_COUNT];
    dtmap_cellkind_count(k, (size_t)W * H, counts); /* the engine adds these up tile by tile */
    dtmapi_cellkind_raster_facts(&ks, counts, &f);
    facts_write(fpath(fx, "c/k.tif"), fx, &f, k, 1); /* counts known at the end */
    dtmapi_paletted_facts_free(&f);
    same_info_in(fx, "a", "c", "k.tif", 1);
    assert_int_equal(testutil_dir_entries(fpath(fx, "b")), 4); /* two TIFFs, two side files */
    free(k);
}

/* Coverage of tile (tc, tr) of path's band 1 at T = 256. */
static int coverage(const char *path, int tc, int tr) {
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    int w = GDALGetRasterBandXSize(b) - tc * 256, h = GDALGetRasterBandYSize(b) - tr * 256;
    int st = GDALGetDataCoverageStatus(b, tc * 256, tr * 256, w < 256 ? w : 256, h < 256 ? h : 256,
                                       0, NULL);
    GDALClose(ds);
    return st;
}

/* Tiles never put, and tiles put with nodata only, stay sparse and read as nodata; partial
 * edge tiles keep their cells, whatever lies beyond the edge. */
static void tiled_sparse_tiles(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    dtmap_tiled_spec s = float_spec(fx);
    dtmap_tiled *t = NULL;
    const char *path = fpath(fx, "sparse.tif");
    float *buf = malloc(256 * 256 * sizeof *buf), junk = 12345.0f, nd = ND;
    assert_int_equal(dtmap_tiled_begin(path, &s, 0, &t, &err), DTMAP_OK);
    cut_tile(fx->rsrp, W, H, sizeof(float), 256, 0, 0, &junk, buf);
    assert_int_equal(dtmap_tiled_put(t, 0, 0, buf, &err), DTMAP_OK);
    cut_tile(fx->rsrp, W, H, sizeof(float), 256, 1, 0, &junk, buf); /* all nodata */
    assert_int_equal(dtmap_tiled_put(t, 1, 0, buf, &err), DTMAP_OK);
    cut_tile(fx->rsrp, W, H, sizeof(float), 256, 2, 1, &junk, buf); /* 89 x 256, junk beyond */
    assert_int_equal(dtmap_tiled_put(t, 2, 1, buf, &err), DTMAP_OK);
    cut_tile(fx->rsrp, W, H, sizeof(float), 256, 0, 2, &nd, buf); /* 256 x 5 */
    assert_int_equal(dtmap_tiled_put(t, 0, 2, buf, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_commit(t, &err), DTMAP_OK);
    free(buf);

    assert_int_equal(coverage(path, 0, 0), GDAL_DATA_COVERAGE_STATUS_DATA);
    assert_int_equal(coverage(path, 1, 0), GDAL_DATA_COVERAGE_STATUS_EMPTY); /* nodata only */
    assert_int_equal(coverage(path, 0, 1), GDAL_DATA_COVERAGE_STATUS_EMPTY); /* never put */
    assert_int_equal(coverage(path, 2, 1), GDAL_DATA_COVERAGE_STATUS_DATA);
    assert_int_equal(coverage(path, 0, 2), GDAL_DATA_COVERAGE_STATUS_DATA);
    char *gi = info(fx->dir, "sparse.tif");
    assert_non_null(gi);
    free(gi);
    int w, h;
    float *v = cells(path, -1, &w, &h);
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            int put =
                (r < 256 && c < 512) || (r >= 256 && r < 512 && c >= 512) || (r >= 512 && c < 256);
            float want = put ? AT(fx->rsrp, r, c) : ND, got = AT(v, r, c);
            if (!(isnan(want) ? isnan(got) : got == want))
                fail_msg("cell (%d, %d): %g, expected %g", c, r, got, want);
        }
    free(v);
}

/* A plain Byte raster (no palette): nodata 255 as given, its tiles of 255 only left sparse. */
static void tiled_plain_byte(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    dtmap_tiled_spec s = {.grid = &fx->grid,
                          .tile = 32,
                          .type = DTMAP_TILED_BYTE,
                          .nodata = 255,
                          .description = "levels",
                          .unit = "level"};
    dtmap_tiled *t = NULL;
    uint8_t none[32 * 32], tile[32 * 32];
    memset(none, 255, sizeof none);
    for (int i = 0; i < 32 * 32; i++)
        tile[i] = (uint8_t)(i % 7);
    const char *path = fpath(fx, "p.tif");
    assert_int_equal(dtmap_tiled_begin(path, &s, 0, &t, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_put(t, 0, 0, none, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_put(t, 18, 16, tile, &err), DTMAP_OK); /* 25 x 5 cells */
    assert_int_equal(dtmap_tiled_commit(t, &err), DTMAP_OK);
    assert_int_equal(testutil_dir_entries(fx->dir), 1); /* no side file */
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    int has = 0;
    assert_double_near(GDALGetRasterNoDataValue(b, &has), 255, 0);
    assert_int_equal(has, 1);
    assert_string_equal(GDALGetRasterUnitType(b), "level");
    assert_string_equal(GDALGetDescription(b), "levels");
    assert_int_equal(GDALGetDataCoverageStatus(b, 0, 0, 32, 32, 0, NULL),
                     GDAL_DATA_COVERAGE_STATUS_EMPTY);
    uint8_t got[5][25];
    assert_int_equal(GDALRasterIO(b, GF_Read, 576, 512, 25, 5, got, 25, 5, GDT_Byte, 0, 0),
                     CE_None);
    for (int r = 0; r < 5; r++)
        for (int c = 0; c < 25; c++)
            assert_int_equal(got[r][c], tile[r * 32 + c]);
    GDALClose(ds);
}

/* Tiles out of row-major order, repeated or outside the grid are refused (the writer goes on);
 * abort leaves nothing; until commit only a temporary exists, then only the file. */
static void tiled_order_abort_atomic(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    dtmap_tiled_spec s = float_spec(fx);
    s.tile = 32; /* 19 x 17 tiles */
    dtmap_tiled *t = NULL;
    float *buf = malloc(32 * 32 * sizeof *buf);
    for (int i = 0; i < 32 * 32; i++)
        buf[i] = -70.0f;
    const char *path = fpath(fx, "o.tif");
    assert_int_equal(dtmap_tiled_begin(path, &s, 0, &t, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_put(t, 1, 0, buf, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_put(t, 0, 0, buf, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "row-major"));
    assert_int_equal(dtmap_tiled_put(t, 1, 0, buf, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tiled_put(t, 19, 0, buf, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tiled_put(t, 0, 17, buf, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tiled_put(t, -1, 1, buf, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tiled_put(t, 0, 1, buf, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_put(t, 18, 16, buf, &err), DTMAP_OK); /* 25 x 5 edge tile */
    assert_int_not_equal(access(path, F_OK), 0);                       /* not there yet */
    assert_int_equal(testutil_dir_entries(fx->dir), 1);                /* its temporary */
    dtmap_tiled_abort(t);
    assert_int_equal(testutil_dir_entries(fx->dir), 0);
    dtmap_tiled_abort(NULL);

    /* Paletted and COG writers leave nothing either. */
    const char *colours[1] = {"#ff0000"}, *names[3] = {"none", "red", NULL};
    dtmap_tiled_spec p = {.grid = &fx->grid,
                          .tile = 16,
                          .type = DTMAP_TILED_BYTE,
                          .colours = colours,
                          .ncolours = 1,
                          .names = names};
    uint8_t one[16 * 16];
    memset(one, 1, sizeof one);
    assert_int_equal(dtmap_tiled_begin(path, &p, 0, &t, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_put(t, 3, 3, one, &err), DTMAP_OK);
    dtmap_tiled_abort(t);
    s.cog = 1;
    s.cog_kind = DTMAP_COG_POWER;
    assert_int_equal(dtmap_tiled_begin(path, &s, 0, &t, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_put(t, 3, 3, buf, &err), DTMAP_OK);
    dtmap_tiled_abort(t);
    assert_int_equal(testutil_dir_entries(fx->dir), 0);

    /* Commit: the file appears whole, under its name only; an existing one is kept. */
    s.cog = 0;
    assert_int_equal(dtmap_tiled_begin(path, &s, 0, &t, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_put(t, 5, 5, buf, &err), DTMAP_OK);
    assert_int_equal(dtmap_tiled_commit(t, &err), DTMAP_OK);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(testutil_dir_entries(fx->dir), 1);
    t = (dtmap_tiled *)1;
    assert_int_equal(dtmap_tiled_begin(path, &s, 0, &t, &err), DTMAP_ERR_EXISTS);
    assert_null(t);
    assert_int_equal(testutil_dir_entries(fx->dir), 1);
    assert_int_equal(dtmap_tiled_begin(path, &s, 1, &t, &err), DTMAP_OK);
    dtmap_tiled_abort(t);
    assert_int_equal(access(path, F_OK), 0);

    /* Bad specs. */
    s.tile = 24;
    t = (dtmap_tiled *)1;
    assert_int_equal(dtmap_tiled_begin(path, &s, 1, &t, &err), DTMAP_ERR_USAGE);
    assert_null(t);
    s.tile = 32;
    p.nodata = 3;
    assert_int_equal(dtmap_tiled_begin(path, &p, 1, &t, &err), DTMAP_ERR_USAGE);
    p.nodata = 0;
    p.cog = 1;
    p.cog_kind = DTMAP_COG_POWER; /* Byte COGs take category overviews only */
    assert_int_equal(dtmap_tiled_begin(path, &p, 1, &t, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tiled_begin(fpath(fx, "no/such/dir.tif"), &s, 1, &t, &err),
                     DTMAP_ERR_IO);
    assert_null(t);
    assert_non_null(strstr(err.detail, "no/such/dir.tif"));
    assert_int_equal(dtmap_tiled_put(NULL, 0, 0, buf, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tiled_commit(NULL, &err), DTMAP_ERR_USAGE);
    free(buf);
}

/* Equal tiles give byte-identical files (GeoTIFF, paletted, COG). */
static void tiled_byte_identical(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    float pad = ND;
    dtmap_tiled_spec s = float_spec(fx);
    for (int cog = 0; cog < 2; cog++) {
        s.cog = cog;
        s.cog_kind = DTMAP_COG_RATIO;
        size_t na, nb;
        assert_int_equal(tiled_write(fpath(fx, "x1.tif"), &s, fx->rsrp, &pad, &err), DTMAP_OK);
        assert_int_equal(tiled_write(fpath(fx, "x2.tif"), &s, fx->rsrp, &pad, &err), DTMAP_OK);
        char *a = testutil_slurp(fpath(fx, "x1.tif"), &na),
             *b = testutil_slurp(fpath(fx, "x2.tif"), &nb);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        free(a);
        free(b);
        unlink(fpath(fx, "x1.tif"));
        unlink(fpath(fx, "x2.tif"));
    }
}

/* GDAL's COG validator says path is a valid COG (skipped when python3-gdal is missing). */
static void cog_valid(const char *path) {
    char *v = testutil_command("/usr/bin/python3 -c 'import "
                               "osgeo_utils.samples.validate_cloud_optimized_geotiff as v; "
                               "print(v.__file__)' 2>/dev/null");
    if (v == NULL) return;
    v[strcspn(v, "\n")] = '\0';
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' --full-check=yes '%s' 2>&1", v, path);
    char *out = testutil_command(cmd);
    if (out == NULL || !strstr(out, "is a valid cloud optimized GeoTIFF"))
        fail_msg("%s: %s", path, out ? out : "validator failed");
    free(out);
    free(v);
}

/* COG: the tiled writer's overviews are cog.c's, cell for cell and bit for bit, for powers,
 * ratios and categories (Float32 and Byte); the file is a valid COG with empty tiles sparse. */
static void tiled_cog_matches_cog(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    float pad = ND;
    mkdir(fpath(fx, "a"), 0755);
    mkdir(fpath(fx, "b"), 0755);
    float *cat = malloc((size_t)W * H * sizeof *cat);
    for (size_t i = 0; i < (size_t)W * H; i++)
        cat[i] = fx->rsrp[i] == ND ? 0.0f : (float)(1 + (int)(i * 7 % 13) % 4);
    dtmap_cog_kind kinds[3] = {DTMAP_COG_POWER, DTMAP_COG_RATIO, DTMAP_COG_CATEGORY};
    for (int i = 0; i < 3; i++) {
        const float *data = kinds[i] == DTMAP_COG_CATEGORY ? cat : fx->rsrp;
        float nd = kinds[i] == DTMAP_COG_CATEGORY ? 0.0f : ND;
        dtmap_cog_spec cs = {&fx->grid,
                             dtmap_crs_wkt(fx->crs),
                             data,
                             nd,
                             "LTE RSRP (dBm)",
                             "dBm",
                             METADATA,
                             kinds[i],
                             256};
        assert_int_equal(dtmap_cog_write(fpath(fx, "a/g.tif"), &cs, 1, &err), DTMAP_OK);
        dtmap_tiled_spec ts = float_spec(fx);
        ts.nodata = nd;
        ts.cog = 1;
        ts.cog_kind = kinds[i];
        pad = nd;
        assert_int_equal(tiled_write(fpath(fx, "b/g.tif"), &ts, data, &pad, &err), DTMAP_OK);
        same_info(fx, "g.tif", 0);
        char pa[4200];
        snprintf(pa, sizeof pa, "%s/a/g.tif", fx->dir);
        same_cells(pa, fpath(fx, "b/g.tif"), 2);
        cog_valid(fpath(fx, "b/g.tif"));
        /* T = 16: more levels, and each overview tile made of many small ones; the first two
         * levels are the same cells. */
        unlink(fpath(fx, "b/g.tif"));
        ts.tile = 16;
        assert_int_equal(tiled_write(fpath(fx, "b/g.tif"), &ts, data, &pad, &err), DTMAP_OK);
        same_cells(pa, fpath(fx, "b/g.tif"), 2);
        cog_valid(fpath(fx, "b/g.tif"));
        assert_int_equal(coverage(fpath(fx, "b/g.tif"), 1, 0), GDAL_DATA_COVERAGE_STATUS_EMPTY);
        assert_int_equal(testutil_dir_entries(fpath(fx, "b")), 1);
        unlink(fpath(fx, "b/g.tif"));
    }
    /* A grid that fits in one tile: no overviews. */
    dtmap_grid small = fx->grid;
    small.ncols = 200;
    small.nrows = 100;
    float *sv = malloc(200 * 100 * sizeof *sv);
    for (int r = 0; r < 100; r++)
        memcpy(sv + r * 200, fx->rsrp + (size_t)r * W, 200 * sizeof *sv);
    dtmap_cog_spec ss = {&small,   dtmap_crs_wkt(fx->crs), sv, ND, "d", "dBm",
                         METADATA, DTMAP_COG_POWER,        256};
    assert_int_equal(dtmap_cog_write(fpath(fx, "a/s.tif"), &ss, 0, &err), DTMAP_OK);
    dtmap_tiled_spec st = float_spec(fx);
    st.grid = &small;
    st.description = "d";
    st.cog = 1;
    pad = ND;
    assert_int_equal(tiled_write(fpath(fx, "b/s.tif"), &st, sv, &pad, &err), DTMAP_OK);
    same_info(fx, "s.tif", 0);
    unlink(fpath(fx, "b/s.tif"));
    free(sv);

    /* A Byte kind COG with colours and names (in the side file): the same overview cells as
     * the Float32 one of the same codes. */
    uint8_t *k = malloc((size_t)W * H), zero = 0;
    for (size_t i = 0; i < (size_t)W * H; i++)
        k[i] = (uint8_t)cat[i];
    const char *colours[4] = {"#1a9641", "#d7191c", "#fdae61", "#9e9e9e"};
    dtmap_tiled_spec bs = {.grid = &fx->grid,
                           .tile = 256,
                           .crs_wkt = dtmap_crs_wkt(fx->crs),
                           .type = DTMAP_TILED_BYTE,
                           .metadata = METADATA,
                           .colours = colours,
                           .ncolours = 4,
                           .cog = 1,
                           .cog_kind = DTMAP_COG_CATEGORY};
    const char *names[6] = {"none", "covered", "weak", "interference", "unmeasured", NULL};
    bs.names = names;
    assert_int_equal(tiled_write(fpath(fx, "b/k.tif"), &bs, k, &zero, &err), DTMAP_OK);
    char *gi = info(fpath(fx, "b"), "k.tif");
    assert_non_null(gi);
    for (int i = 0; i < 5; i++)
        assert_non_null(strstr(gi, names[i]));
    assert_non_null(strstr(gi, "\"colorTable\""));
    assert_non_null(strstr(gi, "\"DTMAP_OVERVIEWS\":\"mode\""));
    free(gi);
    assert_int_equal(testutil_dir_entries(fpath(fx, "b")), 2); /* k.tif, k.tif.aux.xml */
    char pa[4200];
    snprintf(pa, sizeof pa, "%s/a/g.tif", fx->dir); /* the category one, written last */
    same_cells(pa, fpath(fx, "b/k.tif"), 2);
    cog_valid(fpath(fx, "b/k.tif"));
    free(k);
    free(cat);
}

/* --bench DIR [cog]: a 20000 x 20000 grid at T = 256 with 2 % of the tiles present (every 50th
 * in row-major order), timed; prints MB/s of the tiles' cells and the peak resident size. */
static int bench(const char *dir, int cog) {
    dtmap_grid g = {.xmin = 0, .ymax = 2560000, .res_m = 10, .ncols = 20000, .nrows = 20000};
    dtmap_tiled_spec s = {.grid = &g,
                          .tile = 256,
                          .type = DTMAP_TILED_FLOAT32,
                          .nodata = ND,
                          .description = "bench",
                          .unit = "dBm",
                          .cog = cog,
                          .cog_kind = DTMAP_COG_POWER};
    char path[4200];
    snprintf(path, sizeof path, "%s/bench%s.tif", dir, cog ? "_cog" : "");
    float *buf = malloc(256 * 256 * sizeof *buf);
    dtmap_tiled *t = NULL;
    dtmap_error err;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (dtmap_tiled_begin(path, &s, 1, &t, &err) != DTMAP_OK) goto fail;
    int ntc = (20000 + 255) / 256, n = 0;
    for (int idx = 0; idx < ntc * ntc; idx += 50, n++) {
        for (int i = 0; i < 256 * 256; i++)
            buf[i] = (i + idx) % 17 == 0 ? ND : -120.0f + (float)((i * 31 + idx) % 700) * 0.1f;
        if (dtmap_tiled_put(t, idx % ntc, idx / ntc, buf, &err) != DTMAP_OK) goto fail;
    }
    if (dtmap_tiled_commit(t, &err) != DTMAP_OK) goto fail;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s_el = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    double mb = (double)n * 256 * 256 * 4 / 1e6;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s: %d tiles (%.1f MB of cells) in %.2f s: %.1f MB/s of tiles, %.0f MB/s of the "
           "grid's 1600 MB; peak RSS %ld MB\n",
           cog ? "COG" : "GTiff", n, mb, s_el, mb / s_el, 1600.0 / s_el, ru.ru_maxrss / 1024);
    free(buf);
    return 0;
fail:
    fprintf(stderr, "bench: %s\n", err.detail);
    free(buf);
    return 1;
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "--bench") == 0)
        return bench(argv[2], argc >= 4 && strcmp(argv[3], "cog") == 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(tiled_float_matches_raster, setup, teardown),
        cmocka_unit_test_setup_teardown(tiled_byte_matches_paletted, setup, teardown),
        cmocka_unit_test_setup_teardown(tiled_sparse_tiles, setup, teardown),
        cmocka_unit_test_setup_teardown(tiled_plain_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(tiled_order_abort_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(tiled_byte_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(tiled_cog_matches_cog, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
