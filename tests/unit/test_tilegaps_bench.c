/* test_tilegaps_bench.c: timing and peak memory of the tiled gap labeller and polygon collector
 * on a synthetic drive: a grid of roads (measured cells) with about 5% of all cells weak, the
 * rest unmeasured, 1 tile in 10 absent. Skipped (77) unless DTMAP_TILEGAPS_BENCH is set (the
 * grid side, e.g. 20000; T = 256). With DTMAP_TILEGAPS_BENCH_WHOLE=1 the whole-raster code runs
 * on the same raster afterwards and the regions are compared. Prints its figures. */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <gdal.h>

#include "dtmap/crs.h"
#include "dtmap/gaps.h"
#include "dtmap/tilegaps.h"

#define NODATA -9999.0f
#define T 256

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long peak_mb(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static uint32_t hash(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

/* Value of cell (c, r): nodata off the roads, else a smooth field plus noise (dBm). */
static float cell_value(int c, int r) {
    if (!(r % 37 < 2 || c % 53 < 2 || (r + c) % 211 < 2)) return NODATA;
    double noise = (double)(hash((uint32_t)r * 40009u + (uint32_t)c) % 1000) / 1000.0 - 0.5;
    return (float)(-110.6 + 12.0 * sin(c / 131.0) * sin(r / 157.0) + 4.0 * noise);
}

static int tile_absent(int tc, int tr) {
    return hash((uint32_t)(tr * 1000 + tc)) % 10 == 0;
}

/* Fills tile (tc, tr) of the n x n grid. */
static void tile_fill(int n, int tc, int tr, float *v, float *cnt) {
    for (int r = 0; r < T; r++)
        for (int c = 0; c < T; c++) {
            int gc = tc * T + c, gr = tr * T + r;
            v[r * T + c] = gc < n && gr < n ? cell_value(gc, gr) : NODATA;
            cnt[r * T + c] = (float)(1 + hash((uint32_t)(gr * 7 + gc)) % 5);
        }
}

/* One tiled pass; with polygons, writes path. The time spent making tiles (wall, CPU) is left
 * out and given in *gen_s, *gen_cpu. Returns 0 on success. */
static int run(int n, const dtmap_crs *crs, int polys, const char *path, dtmap_tilegaps_result *res,
               double *gen_s, double *gen_cpu) {
    dtmap_grid grid = {.xmin = 256.0 * 10 * 200, .ymax = 256.0 * 10 * 1300, .res_m = 10};
    dtmap_tilegaps *tg = NULL;
    dtmap_tilegaps_polys *pc = NULL;
    dtmap_gpkg *gp = NULL;
    dtmap_error err;
    float *v = malloc(sizeof *v * T * T), *cnt = malloc(sizeof *cnt * T * T);
    int nt = (n + T - 1) / T, rc = 1;
    grid.ncols = grid.nrows = n;
    *gen_s = *gen_cpu = 0;
    if (v == NULL || cnt == NULL) goto done;
    if (dtmap_tilegaps_begin(&grid, T, NODATA, -110, 1, 0, &tg, &err) != DTMAP_OK) goto done;
    if (polys && dtmap_tilegaps_polys_begin(&grid, &pc, &err) != DTMAP_OK) goto done;
    for (int tr = 0; tr < nt; tr++)
        for (int tc = 0; tc < nt; tc++) {
            if (tile_absent(tc, tr)) continue;
            double t0 = now(), c0 = cpu();
            tile_fill(n, tc, tr, v, cnt);
            *gen_s += now() - t0;
            *gen_cpu += cpu() - c0;
            if (dtmap_tilegaps_add_tile(tg, tc, tr, v, cnt, &err) != DTMAP_OK) goto done;
            if (pc != NULL && dtmap_tilegaps_polys_add(pc, tg, &err) != DTMAP_OK) goto done;
        }
    if (dtmap_tilegaps_finish(tg, crs, res, &err) != DTMAP_OK) goto done;
    if (pc != NULL) {
        unlink(path);
        if (dtmap_gpkg_begin(path, 0, &gp, &err) != DTMAP_OK) goto done;
        if (dtmap_tilegaps_polys_write(pc, gp, "gaps", crs, res, "lte", "rsrp", "dBm", -110,
                                       &err) != DTMAP_OK)
            goto done;
        dtmap_status st = dtmap_gpkg_commit(gp, &err);
        gp = NULL;
        if (st != DTMAP_OK) goto done;
    }
    rc = 0;

done:
    if (rc != 0) fprintf(stderr, "bench: %s\n", err.detail);
    dtmap_gpkg_abort(gp);
    dtmap_tilegaps_polys_free(pc);
    dtmap_tilegaps_free(tg);
    free(cnt);
    free(v);
    return rc;
}

/* The whole-raster code on the same raster; compares the regions. */
static int whole(int n, const dtmap_crs *crs, const dtmap_tilegaps_result *res, const char *path) {
    dtmap_grid grid = {.xmin = 256.0 * 10 * 200, .ymax = 256.0 * 10 * 1300, .res_m = 10};
    size_t nc = (size_t)n * (size_t)n;
    float *v = malloc(nc * sizeof *v), *cnt = malloc(nc * sizeof *cnt);
    dtmap_gaps g;
    dtmap_error err;
    int bad = 0;
    grid.ncols = grid.nrows = n;
    if (v == NULL || cnt == NULL) return 1;
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++) {
            size_t i = (size_t)r * (size_t)n + (size_t)c;
            v[i] = tile_absent(c / T, r / T) ? NODATA : cell_value(c, r);
            cnt[i] = (float)(1 + hash((uint32_t)(r * 7 + c)) % 5);
        }
    double t0 = now(), c0 = cpu();
    if (dtmap_gaps_find(&grid, crs, v, cnt, NODATA, -110, 1, &g, &err) != DTMAP_OK) return 1;
    printf("whole-raster dtmap_gaps_find: %.2f s wall, %.2f s CPU, peak RSS now %ld MB\n",
           now() - t0, cpu() - c0, peak_mb());
    bad = g.n != res->n || g.cells_weak != res->cells_weak;
    for (size_t k = 0; k < g.n && !bad; k++)
        bad = g.v[k].ncells != res->v[k].ncells || g.v[k].min != res->v[k].min ||
              g.v[k].samples != res->v[k].samples ||
              fabs(g.v[k].mean - res->v[k].mean) > 1e-9 * fabs(g.v[k].mean);
    printf("whole vs tiled: %s (%zu regions)\n", bad ? "DIFFERENT" : "same", g.n);
    dtmap_gpkg *gp = NULL;
    t0 = now();
    c0 = cpu();
    unlink(path);
    if (dtmap_gpkg_begin(path, 0, &gp, &err) != DTMAP_OK ||
        dtmap_gpkg_add_gaps(gp, "gaps", &grid, crs, &g, "lte", "rsrp", "dBm", -110, &err) !=
            DTMAP_OK ||
        dtmap_gpkg_commit(gp, &err) != DTMAP_OK)
        bad = 1;
    printf("whole-raster dtmap_gpkg_add_gaps: %.2f s wall, %.2f s CPU, peak RSS now %ld MB\n",
           now() - t0, cpu() - c0, peak_mb());
    dtmap_gaps_free(&g);
    free(v);
    free(cnt);
    return bad;
}

int main(void) {
    const char *env = getenv("DTMAP_TILEGAPS_BENCH");
    if (env == NULL || atoi(env) < 1) {
        printf("skip: set DTMAP_TILEGAPS_BENCH=20000 to time the tiled gap labeller\n");
        return 77;
    }
    int n = atoi(env);
    dtmap_crs *crs = NULL;
    dtmap_error err;
    dtmap_tilegaps_result res;
    char path[256];
    double gen, genc;
    snprintf(path, sizeof path, "%s/dtmap-tilegaps-bench.gpkg",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (dtmap_crs_create("EPSG:32650", 0, 0, &crs, &err) != DTMAP_OK) return 1;
    GDALAllRegister();

    double t0 = now(), c0 = cpu();
    if (run(n, crs, 0, path, &res, &gen, &genc) != 0) return 1;
    double t1 = now() - t0 - gen, c1 = cpu() - c0 - genc;
    printf("grid %d x %d, T %d: %zu regions, %zu provisional, %zu weak cells (%.2f%%), largest "
           "%zu cells\n",
           n, n, T, res.n, res.nprov, res.cells_weak, 100.0 * (double)res.cells_weak / n / n,
           res.n ? res.v[0].ncells : 0);
    printf("labeller only: %.2f s wall, %.2f s CPU (+ %.2f s making tiles), peak RSS %ld MB\n", t1,
           c1, gen, peak_mb());
    dtmap_tilegaps_result_free(&res);

    t0 = now();
    c0 = cpu();
    if (run(n, crs, 1, path, &res, &gen, &genc) != 0) return 1;
    printf("labeller + polygons + GeoPackage: %.2f s wall, %.2f s CPU (+ %.2f s making tiles), "
           "peak RSS %ld MB\n",
           now() - t0 - gen, cpu() - c0 - genc, gen, peak_mb());
    int rc = getenv("DTMAP_TILEGAPS_BENCH_WHOLE") ? whole(n, crs, &res, path) : 0;
    dtmap_tilegaps_result_free(&res);
    unlink(path);
    dtmap_crs_destroy(crs);
    GDALDestroyDriverManager();
    return rc;
}
