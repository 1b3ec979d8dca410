/* test_tilegaps.c: the tiled gap labeller and polygon collector (tilegaps.h) against the
 * whole-raster code (dtmap_gaps_find, dtmap_gpkg_add_gaps) on random and adversarial rasters:
 * spirals and combs across many tile edges, regions meeting only at tile corners, one region
 * over the whole grid, partial edge tiles, absent tiles, T = 16 and 32, above and below, power
 * and not. The timing is
 * test_tilegaps_bench.c. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>

#include "dtmap/crs.h"
#include "dtmap/gaps.h"
#include "dtmap/tilegaps.h"

#define NODATA -9999.0f

/* Weak-cell patterns. */
enum pattern { RANDOM, SPIRAL, COMB, CORNERS, CHECKER, FULL, SEAMS, NPATTERNS };

/* One test raster and how it is tiled. */
typedef struct layer {
    dtmap_grid grid;
    int T, ntc, ntr;
    float *v, *cnt;  /* whole rasters (the tests may; the engine may not) */
    uint8_t *absent; /* ntc * ntr: tile never handed over (its cells are nodata in v) */
    double threshold;
    int power, above;
    int nocount; /* no count raster: samples 0 */
} layer;

static uint64_t rng = 88172645463325252ull;
static double urand(void) { /* xorshift64, deterministic */
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Marks a square spiral corridor (1 cell wide, walls 1 cell wide): one region that crosses
 * every tile edge many times. */
static void spiral(uint8_t *weak, int n, int m) {
    int first = 1;
    for (int l = 0, rg = n - 1, t = 0, b = m - 1; l <= rg && t <= b;
         l += 2, rg -= 2, t += 2, b -= 2, first = 0) {
        for (int c = first ? l : l - 1; c <= rg; c++)
            weak[(size_t)t * n + c] = 1;
        for (int r = t; r <= b; r++)
            weak[(size_t)r * n + rg] = 1;
        if (t + 2 > b) break;
        for (int c = l; c <= rg; c++)
            weak[(size_t)b * n + c] = 1;
        for (int r = t + 2; r <= b; r++)
            weak[(size_t)r * n + l] = 1;
    }
}

/* 1 if cell (c, r) is weak in pattern p (n = ncols, m = nrows; not SPIRAL). */
static int weak_at(enum pattern p, int c, int r, int n, int m, double density) {
    switch (p) {
    case RANDOM:
        return urand() < density;
    case COMB: /* teeth every second column hanging from row 0, and a comb from the east */
        return r == 0 || (c % 2 == 0 && r < m - 3) || (r >= m - 3 && (r % 2 == 1 || c == n - 1));
    case CORNERS:
        return (c - r) % 16 == 0 || (c + r) % 32 == 31; /* diagonals: corner contacts */
    case CHECKER:
        return (c + r) % 2 == 0;
    case FULL:
        return 1;
    case SEAMS:
        return c % 16 == 15 || c % 16 == 0 || r % 32 == 31 || (c % 7 == 3 && r % 16 == 0);
    default:
        return 0;
    }
}

/* Builds a layer: ncols x nrows, tiles of T, pattern p, and a share of absent tiles. */
static layer layer_make(int ncols, int nrows, int T, enum pattern p, double density,
                        double absent_share, int above, int power) {
    layer L = {.grid = {.xmin = 320.0 * 1560, .ymax = 320.0 * 10313, .res_m = 10},
               .T = T,
               .threshold = above ? 0.5 : -110,
               .power = power,
               .above = above};
    L.grid.ncols = ncols;
    L.grid.nrows = nrows;
    L.ntc = (ncols + T - 1) / T;
    L.ntr = (nrows + T - 1) / T;
    size_t nc = (size_t)ncols * (size_t)nrows;
    uint8_t *weak = calloc(nc, 1);
    L.v = malloc(nc * sizeof *L.v);
    L.cnt = malloc(nc * sizeof *L.cnt);
    L.absent = calloc((size_t)L.ntc * (size_t)L.ntr, 1);
    assert_true(weak != NULL && L.v != NULL && L.cnt != NULL && L.absent != NULL);
    for (int k = 0; k < L.ntc * L.ntr; k++)
        L.absent[k] = urand() < absent_share;
    if (p == SPIRAL) spiral(weak, ncols, nrows);
    for (int r = 0; r < nrows; r++)
        for (int c = 0; c < ncols; c++) {
            size_t i = (size_t)r * (size_t)ncols + (size_t)c;
            if (p != SPIRAL) weak[i] = (uint8_t)weak_at(p, c, r, ncols, nrows, density);
            double u = urand();
            if (above)
                L.v[i] = (float)(weak[i] ? 0.5 + 0.5 * u : 0.49 * u);
            else
                L.v[i] = (float)(weak[i] ? -111 - 30 * u : -110 + 30 * u);
            if (!weak[i] && u < 0.05) L.v[i] = u < 0.025 ? NODATA : NAN;
            L.cnt[i] = u < 0.1 ? NODATA : (float)(1 + (int)(u * 20));
            if (L.absent[(r / T) * L.ntc + c / T]) L.v[i] = NODATA;
        }
    free(weak);
    return L;
}

static void layer_free(layer *L) {
    free(L->v);
    free(L->cnt);
    free(L->absent);
}

/* Runs the tiled labeller over L (and the collector pc, unless NULL): *res, and in prov the
 * provisional id of every cell. Returns the cells of absent tiles. */
static size_t run_tiled(const layer *L, const dtmap_crs *crs, dtmap_tilegaps_result *res,
                        int32_t *prov, dtmap_tilegaps_polys *pc) {
    dtmap_tilegaps *tg = NULL;
    dtmap_error err;
    int T = L->T, n = L->grid.ncols, m = L->grid.nrows;
    float *tv = malloc((size_t)T * T * sizeof *tv), *tcnt = malloc((size_t)T * T * sizeof *tcnt);
    size_t absent_cells = 0;
    assert_true(tv != NULL && tcnt != NULL);
    assert_int_equal(
        dtmap_tilegaps_begin(&L->grid, T, NODATA, L->threshold, L->power, L->above, &tg, &err),
        DTMAP_OK);
    memset(prov, 0, (size_t)n * (size_t)m * sizeof *prov);
    for (int tr = 0; tr < L->ntr; tr++)
        for (int tc = 0; tc < L->ntc; tc++) {
            int w = n - tc * T < T ? n - tc * T : T, h = m - tr * T < T ? m - tr * T : T;
            if (L->absent[tr * L->ntc + tc]) {
                absent_cells += (size_t)w * (size_t)h;
                continue;
            }
            for (int k = 0; k < T * T; k++) /* beyond the edge: nodata, and junk counts */
                tv[k] = NODATA, tcnt[k] = 7;
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++) {
                    size_t i = (size_t)(tr * T + r) * (size_t)n + (size_t)(tc * T + c);
                    tv[r * T + c] = L->v[i];
                    tcnt[r * T + c] = L->cnt[i];
                }
            assert_int_equal(
                dtmap_tilegaps_add_tile(tg, tc, tr, tv, L->nocount ? NULL : tcnt, &err), DTMAP_OK);
            dtmap_tilegaps_tile t;
            assert_int_equal(dtmap_tilegaps_last_tile(tg, &t), 1);
            assert_int_equal(t.tc, tc);
            assert_int_equal(t.ncols, w);
            for (int r = 0; r < T; r++)
                for (int c = 0; c < T; c++) {
                    int32_t l = t.label[r * T + c];
                    assert_true(l >= 0 && l <= t.nlocal);
                    if (r >= h || c >= w)
                        assert_int_equal(l, 0);
                    else if (l > 0)
                        prov[(size_t)(tr * T + r) * (size_t)n + tc * T + c] = t.prov0 + l;
                }
            if (pc != NULL) assert_int_equal(dtmap_tilegaps_polys_add(pc, tg, &err), DTMAP_OK);
        }
    /* out of order is refused */
    assert_int_equal(dtmap_tilegaps_add_tile(tg, 0, 0, tv, NULL, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tilegaps_finish(tg, crs, res, &err), DTMAP_OK);
    dtmap_tilegaps_free(tg);
    free(tv);
    free(tcnt);
    return absent_cells;
}

/* |a - b| within 1e-9 relative (of the larger, at least 1). */
static void near_rel(double a, double b) {
    double s = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    assert_double_near(a, b, 1e-9 * (s > 1 ? s : 1));
}

/* The whole-raster gaps of L. */
static void find_whole(const layer *L, const dtmap_crs *crs, dtmap_gaps *g) {
    dtmap_error err;
    const float *cnt = L->nocount ? NULL : L->cnt;
    dtmap_status st =
        L->above
            ? dtmap_gaps_find_above(&L->grid, crs, L->v, cnt, NODATA, L->threshold, g, &err)
            : dtmap_gaps_find(&L->grid, crs, L->v, cnt, NODATA, L->threshold, L->power, g, &err);
    assert_int_equal(st, DTMAP_OK);
}

/* Labels L both ways and compares every region, every cell's id and the cell counts. */
static void compare_labels(const layer *L, const dtmap_crs *crs) {
    dtmap_gaps g;
    dtmap_tilegaps_result res;
    size_t nc = dtmap_grid_ncells(&L->grid);
    int32_t *prov = malloc(nc * sizeof *prov);
    assert_non_null(prov);
    find_whole(L, crs, &g);
    size_t absent = run_tiled(L, crs, &res, prov, NULL);
    assert_int_equal(res.n, g.n);
    assert_int_equal(res.cells_weak, g.cells_weak);
    assert_int_equal(res.cells_covered, g.cells_covered);
    assert_int_equal(res.cells_unmeasured + absent, g.cells_unmeasured);
    for (size_t i = 0; i < nc; i++)
        assert_int_equal(prov[i] > 0 ? res.final_id[prov[i]] : 0, g.label[i]);
    for (size_t k = 0; k < g.n; k++) {
        const dtmap_gap *a = &g.v[k], *b = &res.v[k];
        assert_int_equal(b->id, a->id);
        assert_int_equal(b->ncells, a->ncells);
        assert_true(b->area_m2 == a->area_m2 && b->min == a->min && b->samples == a->samples);
        near_rel(b->mean, a->mean);
        if (crs == NULL)
            assert_true(isnan(b->lon) && isnan(b->lat));
        else {
            near_rel(b->lon, a->lon);
            near_rel(b->lat, a->lat);
        }
    }
    dtmap_tilegaps_result_free(&res);
    dtmap_gaps_free(&g);
    free(prov);
}

/* Every pattern, both tile sizes, partial edge tiles, absent tiles, above/below, power or not. */
static void labels_match_whole(void **state) {
    dtmap_crs *crs = *state;
    static const int T[2] = {16, 32};
    for (int p = 0; p < NPATTERNS; p++)
        for (int t = 0; t < 2; t++)
            for (int variant = 0; variant < 4; variant++) {
                int above = variant == 3, power = variant == 1;
                double absent = variant == 2 ? 0.25 : 0;
                int n = T[t] * 4 + (variant % 2 ? 0 : 5), m = T[t] * 3 + (variant < 2 ? 9 : 0);
                double density = p == RANDOM ? 0.3 + 0.1 * variant : 0;
                layer L = layer_make(n, m, T[t], (enum pattern)p, density, absent, above, power);
                compare_labels(&L, variant == 0 ? NULL : crs);
                layer_free(&L);
            }
}

/* One tile, a grid smaller than a tile, a single cell; misuse refused. */
static void small_grids_and_misuse(void **state) {
    dtmap_crs *crs = *state;
    layer a = layer_make(1, 1, 16, FULL, 0, 0, 0, 1);
    compare_labels(&a, crs);
    layer_free(&a);
    layer b = layer_make(7, 16, 16, RANDOM, 0.6, 0, 0, 0);
    compare_labels(&b, crs);
    b.nocount = 1;
    compare_labels(&b, crs);
    layer_free(&b);
    dtmap_tilegaps *tg = NULL;
    dtmap_error err;
    dtmap_grid g = {.xmin = 0, .ymax = 0, .res_m = 1, .ncols = 40, .nrows = 40};
    assert_int_equal(dtmap_tilegaps_begin(&g, 24, NODATA, 0, 0, 0, &tg, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tilegaps_begin(&g, 16, NODATA, 0, 1, 1, &tg, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tilegaps_begin(&g, 16, NODATA, 0, 0, 0, &tg, &err), DTMAP_OK);
    float v[256] = {0};
    assert_int_equal(dtmap_tilegaps_add_tile(tg, 3, 0, v, NULL, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_tilegaps_add_tile(tg, 1, 1, v, NULL, &err), DTMAP_OK);
    assert_int_equal(dtmap_tilegaps_add_tile(tg, 0, 1, v, NULL, &err), DTMAP_ERR_USAGE);
    dtmap_tilegaps_free(tg);
    dtmap_tilegaps_free(NULL);
    dtmap_tilegaps_result_free(NULL);
    dtmap_tilegaps_polys_free(NULL);
}

/* Writes L's gaps to path: whole-raster (dtmap_gpkg_add_gaps) or tiled (the collector). */
static void write_gpkg(const layer *L, const dtmap_crs *crs, const char *path, int tiled) {
    dtmap_gpkg *gp = NULL;
    dtmap_error err;
    dtmap_gaps g;
    dtmap_tilegaps_result res;
    dtmap_tilegaps_polys *pc = NULL;
    int32_t *prov = malloc(dtmap_grid_ncells(&L->grid) * sizeof *prov);
    assert_non_null(prov);
    unlink(path);
    assert_int_equal(dtmap_gpkg_begin(path, 0, &gp, &err), DTMAP_OK);
    if (tiled) {
        assert_int_equal(dtmap_tilegaps_polys_begin(&L->grid, &pc, &err), DTMAP_OK);
        run_tiled(L, crs, &res, prov, pc);
        assert_int_equal(dtmap_tilegaps_polys_write(pc, gp, "gaps", crs, &res, "lte", "rsrp", "dBm",
                                                    L->threshold, &err),
                         DTMAP_OK);
        dtmap_tilegaps_polys_free(pc);
        dtmap_tilegaps_result_free(&res);
    } else {
        find_whole(L, crs, &g);
        assert_int_equal(dtmap_gpkg_add_gaps(gp, "gaps", &L->grid, crs, &g, "lte", "rsrp", "dBm",
                                             L->threshold, &err),
                         DTMAP_OK);
        dtmap_gaps_free(&g);
    }
    assert_int_equal(dtmap_gpkg_commit(gp, &err), DTMAP_OK);
    free(prov);
}

/* Vertices of all rings of polygon g. */
static int points(OGRGeometryH g) {
    int n = 0;
    for (int r = 0; r < OGR_G_GetGeometryCount(g); r++)
        n += OGR_G_GetPointCount(OGR_G_GetGeometryRef(g, r));
    return n;
}

/* The features of both files: same ids and fields in the same order; each tiled polygon is one
 * Polygon with the whole-raster polygon's rings, vertex count, area (to rel, relative: shoelace
 * sums over other vertex lists round differently unless coordinates are whole metres) and an empty
 * symmetric difference. */
static void compare_gpkg(const char *whole, const char *tiled, double rel) {
    GDALDatasetH da = GDALOpenEx(whole, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    GDALDatasetH db = GDALOpenEx(tiled, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_true(da != NULL && db != NULL);
    OGRLayerH la = GDALDatasetGetLayerByName(da, "gaps"),
              lb = GDALDatasetGetLayerByName(db, "gaps");
    assert_true(la != NULL && lb != NULL);
    assert_int_equal(OGR_L_GetFeatureCount(la, TRUE), OGR_L_GetFeatureCount(lb, TRUE));
    OGR_L_ResetReading(la);
    OGR_L_ResetReading(lb);
    OGRFeatureH fa, fb;
    while ((fa = OGR_L_GetNextFeature(la)) != NULL) {
        fb = OGR_L_GetNextFeature(lb);
        assert_non_null(fb);
        for (int k = 0; k < 12; k++) {
            if (k == 7 || k >= 10)
                near_rel(OGR_F_GetFieldAsDouble(fb, k), OGR_F_GetFieldAsDouble(fa, k));
            else
                assert_string_equal(OGR_F_GetFieldAsString(fb, k), OGR_F_GetFieldAsString(fa, k));
        }
        OGRGeometryH ga = OGR_F_GetGeometryRef(fa), gb = OGR_F_GetGeometryRef(fb);
        assert_true(ga != NULL && gb != NULL);
        assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(gb)), wkbPolygon);
        assert_double_near(OGR_G_Area(gb), OGR_G_Area(ga), rel * OGR_G_Area(ga));
        assert_double_near(OGR_G_Area(gb), OGR_F_GetFieldAsDouble(fb, 5), 1e-9 * OGR_G_Area(ga));
        assert_int_equal(OGR_G_GetGeometryCount(gb), OGR_G_GetGeometryCount(ga)); /* rings */
        assert_int_equal(points(gb), points(ga)); /* corners only, no seam vertices */
        OGRGeometryH sd = OGR_G_SymDifference(ga, gb);
        assert_non_null(sd);
        assert_true(OGR_G_IsEmpty(sd) || OGR_G_Area(sd) == 0);
        OGR_G_DestroyGeometry(sd);
        OGR_F_Destroy(fa);
        OGR_F_Destroy(fb);
    }
    assert_null(OGR_L_GetNextFeature(lb));
    GDALClose(da);
    GDALClose(db);
}

/* Polygons of every pattern, both tile sizes, with partial and absent tiles. */
static void polygons_match_whole(void **state) {
    dtmap_crs *crs = *state;
    char dir[] = "/tmp/dtmap-tilegaps-XXXXXX", a[64], b[64];
    assert_non_null(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/whole.gpkg", dir);
    snprintf(b, sizeof b, "%s/tiled.gpkg", dir);
    static const int T[2] = {16, 32};
    for (int p = 0; p < NPATTERNS; p++)
        for (int t = 0; t < 2; t++)
            for (int variant = 0; variant < 2; variant++) {
                int n = T[t] * 4 + (variant ? 0 : 5), m = T[t] * 3 + (variant ? 9 : 0);
                layer L = layer_make(n, m, T[t], (enum pattern)p, 0.45 + 0.1 * variant,
                                     variant ? 0.25 : 0, variant, !variant);
                if (variant) { /* a resolution whose sums round: both traces round alike */
                    L.grid.res_m = 2.7;
                    L.grid.xmin = 1859.0 * T[t] * L.grid.res_m;
                    L.grid.ymax = 38198.0 * T[t] * L.grid.res_m;
                }
                write_gpkg(&L, crs, a, 0);
                write_gpkg(&L, crs, b, 1);
                compare_gpkg(a, b, variant ? 1e-9 : 0);
                layer_free(&L);
            }
    testutil_rmtree(dir);
}

/* The same tiled input gives the same bytes. */
static void polygons_deterministic(void **state) {
    dtmap_crs *crs = *state;
    char dir[] = "/tmp/dtmap-tilegaps-XXXXXX", a[64], b[64];
    assert_non_null(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/a.gpkg", dir);
    snprintf(b, sizeof b, "%s/b.gpkg", dir);
    layer L = layer_make(16 * 9 + 3, 16 * 7 + 11, 16, RANDOM, 0.55, 0.1, 0, 1);
    write_gpkg(&L, crs, a, 1);
    sleep(1);
    write_gpkg(&L, crs, b, 1);
    size_t na, nb;
    unsigned char *x = testutil_slurp(a, &na), *y = testutil_slurp(b, &nb);
    assert_true(x != NULL && y != NULL);
    assert_int_equal(na, nb);
    assert_memory_equal(x, y, na);
    free(x);
    free(y);
    layer_free(&L);
    testutil_rmtree(dir);
}

/* A region whose pieces do not meet (here two regions given one id by hand) is refused, not
 * written as a MultiPolygon. */
static void multipart_refused(void **state) {
    dtmap_crs *crs = *state;
    char dir[] = "/tmp/dtmap-tilegaps-XXXXXX", a[64];
    assert_non_null(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/m.gpkg", dir);
    layer L = layer_make(32, 16, 16, RANDOM, 0, 0, 0, 0);
    L.v[0] = L.v[15 * 32 + 31] = -120; /* one cell in each tile */
    dtmap_tilegaps_result res;
    dtmap_tilegaps_polys *pc = NULL;
    dtmap_gpkg *gp = NULL;
    dtmap_error err;
    int32_t prov[32 * 16];
    assert_int_equal(dtmap_tilegaps_polys_begin(&L.grid, &pc, &err), DTMAP_OK);
    run_tiled(&L, crs, &res, prov, pc);
    assert_int_equal(res.n, 2);
    assert_int_equal(res.nprov, 2);
    res.final_id[1] = res.final_id[2] = 1;
    res.n = 1;
    assert_int_equal(dtmap_gpkg_begin(a, 0, &gp, &err), DTMAP_OK);
    assert_int_equal(
        dtmap_tilegaps_polys_write(pc, gp, "gaps", crs, &res, "lte", "rsrp", "dBm", -110, &err),
        DTMAP_ERR_GDAL);
    assert_non_null(strstr(err.detail, "gap 1: the union of 2 pieces is not one polygon"));
    /* the collector is spent */
    assert_int_equal(
        dtmap_tilegaps_polys_write(pc, gp, "g2", crs, &res, "lte", "rsrp", "dBm", -110, &err),
        DTMAP_ERR_USAGE);
    dtmap_gpkg_abort(gp);
    dtmap_tilegaps_polys_free(pc);
    dtmap_tilegaps_result_free(&res);
    layer_free(&L);
    testutil_rmtree(dir);
}

int main(void) {
    dtmap_crs *crs = NULL;
    dtmap_error err;
    if (dtmap_crs_create("EPSG:32650", 0, 0, &crs, &err) != DTMAP_OK) return 1;
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(labels_match_whole, crs),
        cmocka_unit_test_prestate(small_grids_and_misuse, crs),
        cmocka_unit_test_prestate(polygons_match_whole, crs),
        cmocka_unit_test_prestate(polygons_deterministic, crs),
        cmocka_unit_test_prestate(multipart_refused, crs),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    dtmap_crs_destroy(crs);
    GDALDestroyDriverManager();
    return rc;
}
