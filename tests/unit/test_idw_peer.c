/* test_idw_peer.c: dtmap_idw_grid against gdal_grid -a invdistnn on the same points and grid. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>

#include "dtmap/interp.h"

#define ND -9999.0f
#define NPTS 4000

/* Deterministic xorshift, so every run sees the same points. */
static double rnd(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (double)(*s >> 11) * (1.0 / 9007199254740992.0);
}

/* Drive-test-like points in EPSG:32650 metres over the grid: three roads with GPS jitter, a few
 * scattered points, duplicates (same place, another value), points mirrored around cell centres
 * (exact distance ties) and a few points exactly on cell centres (exact hits). */
static void make_points(const dtmap_grid *g, double *x, double *y, double *z) {
    uint64_t s = 0x2545F4914F6CDD1Dull;
    double w = g->ncols * g->res_m, h = g->nrows * g->res_m;
    for (size_t i = 0; i < NPTS; i++) {
        double u = rnd(&s), kind = rnd(&s);
        if (kind < 0.4) { /* diagonal road */
            x[i] = g->xmin + w * u + 8 * (rnd(&s) - 0.5);
            y[i] = g->ymax - 0.1 * h - 0.8 * h * u + 8 * (rnd(&s) - 0.5);
        } else if (kind < 0.65) { /* east-west road */
            x[i] = g->xmin + w * u;
            y[i] = g->ymax - 0.55 * h + 5 * (rnd(&s) - 0.5);
        } else if (kind < 0.85) { /* north-south road, sparser */
            x[i] = g->xmin + 0.3 * w + 5 * (rnd(&s) - 0.5);
            y[i] = g->ymax - h * u;
        } else if (kind < 0.9 && i > 0) {
            size_t j = (size_t)(rnd(&s) * (double)i);
            x[i] = x[j];
            y[i] = y[j];
        } else if (kind < 0.95 && i > 0) {
            size_t j = (size_t)(rnd(&s) * (double)i);
            int c, r;
            double cx, cy;
            if (dtmap_grid_cell_of(g, x[j], y[j], &c, &r)) {
                dtmap_grid_cell_center(g, c, r, &cx, &cy);
                x[i] = 2 * cx - x[j];
                y[i] = 2 * cy - y[j];
            } else {
                x[i] = x[j] + 1;
                y[i] = y[j];
            }
        } else if (kind < 0.96) {
            dtmap_grid_cell_center(g, (int)(u * g->ncols), (int)(rnd(&s) * g->nrows), &x[i], &y[i]);
        } else {
            x[i] = g->xmin - 60 + (w + 120) * u;
            y[i] = g->ymax + 60 - (h + 120) * rnd(&s);
        }
        z[i] = -65 - 45 * rnd(&s);
    }
}

static int cmp_double(const void *a, const void *b) {
    double p = *(const double *)a, q = *(const double *)b;
    return (p > q) - (p < q);
}

/* 1 when gdal_grid may legitimately pick other points than dtmap for the cell at (cx, cy):
 * the K-th and (K+1)-th nearest distances tie (GDAL breaks ties in quadtree order), or
 * several points sit within the zero-distance threshold. cand lists the n points near the
 * cell's row; tmp has room for n distances. */
static int is_tie(double cx, double cy, const double *x, const double *y, const size_t *cand,
                  size_t n, const dtmap_idw_opts *o, double *tmp) {
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        double dx = x[cand[k]] - cx, dy = y[cand[k]] - cy, d2 = dx * dx + dy * dy;
        if (d2 <= o->radius_m * o->radius_m) tmp[m++] = d2;
    }
    qsort(tmp, m, sizeof *tmp, cmp_double);
    if (m >= 2 && tmp[1] < 1e-12) return 1;
    return m > (size_t)o->max_points && tmp[o->max_points - 1] == tmp[o->max_points];
}

/* Runs gdal_grid on dir/in.vrt with the options, writing dir/out.tif; returns its status. */
static int run_gdal_grid(const char *dir, const dtmap_grid *g, const dtmap_idw_opts *o,
                         int south_first) {
    char cmd[4096];
    double ymin = g->ymax - g->nrows * g->res_m;
    double xmax = g->xmin + g->ncols * g->res_m;
    snprintf(cmd, sizeof cmd,
             "gdal_grid -q -a invdistnn:power=%.17g:smoothing=0:radius=%.17g:max_points=%d:"
             "min_points=%d:nodata=%.1f -txe %.17g %.17g -tye %.17g %.17g -outsize %d %d "
             "-ot Float64 -of GTiff -a_srs EPSG:32650 -zfield z %s/in.vrt %s/out.tif",
             o->power, o->radius_m, o->max_points, o->min_points, (double)ND, g->xmin, xmax,
             south_first ? ymin : g->ymax, south_first ? g->ymax : ymin, g->ncols, g->nrows, dir,
             dir);
    return system(cmd);
}

/* Writes the points as dir/in.csv (header x,y,z, exact decimal doubles) and dir/in.vrt, an OGR
 * VRT that makes points of the x and y columns. gdal_grid 3.6 has no -oo, so the CSV driver's
 * X_POSSIBLE_NAMES cannot be passed on the command line. */
static void write_input(const char *dir, const double *x, const double *y, const double *z) {
    char path[1024];
    snprintf(path, sizeof path, "%s/in.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "x,y,z\n");
    for (size_t i = 0; i < NPTS; i++)
        fprintf(f, "%.17g,%.17g,%.17g\n", x[i], y[i], z[i]);
    assert_int_equal(fclose(f), 0);
    snprintf(path, sizeof path, "%s/in.vrt", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "<OGRVRTDataSource><OGRVRTLayer name=\"in\"><SrcDataSource>%s/in.csv</SrcDataSource>"
            "<GeometryType>wkbPoint</GeometryType><LayerSRS>EPSG:32650</LayerSRS>"
            "<GeometryField encoding=\"PointFromColumns\" x=\"x\" y=\"y\"/></OGRVRTLayer>"
            "</OGRVRTDataSource>\n",
            dir);
    assert_int_equal(fclose(f), 0);
}

static void compare_one(const char *dir, const dtmap_grid *g, const double *x, const double *y,
                        const double *z, dtmap_idw_opts o, int south_first) {
    size_t nc = dtmap_grid_ncells(g);
    float *mine = malloc(nc * sizeof *mine);
    double *tmp = malloc(NPTS * sizeof *tmp);
    size_t *cand = malloc(NPTS * sizeof *cand);
    assert_non_null(mine && tmp && cand);
    dtmap_error err;
    assert_int_equal(dtmap_idw_grid(g, x, y, z, NPTS, &o, ND, mine, &err), DTMAP_OK);
    assert_int_equal(run_gdal_grid(dir, g, &o, south_first), 0);

    char path[1024];
    snprintf(path, sizeof path, "%s/out.tif", dir);
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    double gt[6];
    assert_int_equal(GDALGetGeoTransform(ds, gt), CE_None);
    int gw = GDALGetRasterXSize(ds), gh = GDALGetRasterYSize(ds);
    double *theirs = malloc((size_t)gw * (size_t)gh * sizeof *theirs);
    assert_non_null(theirs);
    assert_int_equal(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, gw, gh, theirs, gw, gh,
                                  GDT_Float64, 0, 0),
                     CE_None);
    GDALClose(ds);

    size_t compared = 0, ties = 0, tie_differs = 0, valued = 0;
    double maxdiff = 0;
    for (int r = 0; r < g->nrows; r++) {
        double cx, cy;
        dtmap_grid_cell_center(g, 0, r, &cx, &cy);
        size_t ncand = 0;
        for (size_t i = 0; i < NPTS; i++)
            if (fabs(y[i] - cy) <= o.radius_m) cand[ncand++] = i;
        for (int c = 0; c < g->ncols; c++) {
            dtmap_grid_cell_center(g, c, r, &cx, &cy);
            /* The GDAL pixel that holds this centre, whatever its raster's orientation. */
            double px = floor((cx - gt[0]) / gt[1]), py = floor((cy - gt[3]) / gt[5]);
            assert_true(px >= 0 && px < gw && py >= 0 && py < gh);
            double want = theirs[(size_t)py * (size_t)gw + (size_t)px];
            float got = mine[(size_t)r * (size_t)g->ncols + (size_t)c];
            if ((got == ND) != (want == ND))
                fail_msg("cell (%d, %d): dtmap %.6f, gdal_grid %.6f (nodata masks differ)", c, r,
                         got, want);
            if (got == ND) continue;
            valued++;
            if (is_tie(cx, cy, x, y, cand, ncand, &o, tmp)) {
                ties++;
                tie_differs += fabs(got - want) > 0.01;
                continue;
            }
            double d = fabs(got - want);
            if (d > maxdiff) maxdiff = d;
            if (d > 0.01) fail_msg("cell (%d, %d): dtmap %.6f, gdal_grid %.6f", c, r, got, want);
            compared++;
        }
    }
    print_message("power %g radius %g max %d min %d (-tye %s): %zu valued cells, %zu compared, "
                  "%zu tie-excluded (%zu of them differ), max |diff| %.3g\n",
                  o.power, o.radius_m, o.max_points, o.min_points,
                  south_first ? "ymin ymax" : "ymax ymin", valued, compared, ties, tie_differs,
                  maxdiff);
    assert_true(compared > nc / 10); /* enough cells to mean something */
    assert_true(valued < nc);        /* and some nodata cells too */
    assert_true(ties * 10 < valued); /* ties are a small fraction (< 10 %) */
    free(theirs);
    free(cand);
    free(tmp);
    free(mine);
}

/* Set when gdal_grid is not on PATH, so that main exits 77 (ctest: skipped). */
static int no_gdal_grid;

static void idw_matches_gdal_grid(void **state) {
    (void)state;
    if (system("command -v gdal_grid >/dev/null 2>&1") != 0) {
        no_gdal_grid = 1;
        skip();
    }
    GDALAllRegister();
    char dir[512];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/dtmap-peer-XXXXXX", tmpdir ? tmpdir : "/tmp");
    assert_non_null(mkdtemp(dir));

    dtmap_grid g = {.xmin = 400000, .ymax = 2541500, .res_m = 10, .ncols = 200, .nrows = 150};
    double *x = malloc(NPTS * sizeof *x), *y = malloc(NPTS * sizeof *y);
    double *z = malloc(NPTS * sizeof *z);
    assert_non_null(x && y && z);
    make_points(&g, x, y, z);
    write_input(dir, x, y, z);

    dtmap_idw_opts sets[] = {
        {.power = 2, .radius_m = 100, .max_points = 12, .min_points = 1, .threads = 2},
        {.power = 1, .radius_m = 40, .max_points = 4, .min_points = 3, .threads = 3},
        {.power = 3, .radius_m = 150, .max_points = 30, .min_points = 8, .threads = 0},
    };
    for (size_t s = 0; s < sizeof sets / sizeof *sets; s++)
        compare_one(dir, &g, x, y, z, sets[s], (int)(s % 2));

    const char *names[] = {"in.csv", "in.vrt", "out.tif"};
    for (size_t i = 0; i < 3; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    free(z);
    free(y);
    free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idw_matches_gdal_grid),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return failed == 0 && no_gdal_grid ? 77 : failed;
}
