/* idw.c: inverse distance weighting from the k nearest points within a radius, computed the way
 * gdal_grid -a invdistnn does: the grid is cut into square tiles, each evaluated by idw_tile.c
 * from the points within reach of it (a sorted-by-tile copy), on a pool of threads. */
#include "dtmap/interp.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interp/idw_private.h"

/* What gdal_grid 3.6.2 does with -a invdistnn:power=P:smoothing=0:radius=R:max_points=K:
 * min_points=M:nodata=ND (alg/gdalgrid.cpp, GDALGridInverseDistanceToAPowerNearestNeighbor,
 * checked against the installed binary):
 * - Node (i, j) is at x = xmin + (i + 0.5) * (xmax - xmin) / C and y = y0 + (j + 0.5) * dy,
 *   the cell centres. -tye may be given either way round: 3.6.2 swaps it so that the output is
 *   north-up (origin at ymax, dy = -(ymax - ymin) / R), the same raster as dtmap's grid.
 * - A quadtree returns the points in the square centre +- R; each one with dx^2 + dy^2 < 1e-13
 *   (distance < ~3.2e-7 m) returns its z at once (the first such point in quadtree order);
 *   the others with d2 <= R*R (boundary included) go into a multimap keyed by d2.
 * - The K first entries of the multimap (ascending d2; equal d2 in quadtree order, which is
 *   not input order) are summed nearest first, w = 1 / pow(d2, P / 2), value = sum(w z) /
 *   sum(w); fewer than M entries, or a zero denominator, give ND.
 * dtmap differs only where GDAL's own order is arbitrary or the header says otherwise: equal
 * distances are ranked by input index (so the K-th/K+1-th tie can pick another point than
 * GDAL), several zero-distance points give the nearest (then lowest index) one, and the
 * zero-distance threshold is the header's 1e-6 m (d2 < 1e-12). */

#define MAX_THREADS 256
/* Tile side in cells: at least TILE_MIN, and at least twice the radius so that a point is
 * copied into at most four tiles; at most TILE_MAX. */
#define TILE_MIN 128
#define TILE_MAX 4096

dtmap_status dtmapi_idw_check_opts(const dtmap_idw_opts *o, dtmap_error *err) {
    if (!o) return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw: options are required");
    if (!(o->power > 0) || !isfinite(o->power))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "power must be > 0 (got %g)", o->power);
    if (!(o->radius_m > 0) || !isfinite(o->radius_m))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "radius must be > 0 (got %g)", o->radius_m);
    if (o->max_points < 1)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "max_points must be >= 1 (got %d)",
                               o->max_points);
    if (o->min_points < 1 || o->min_points > o->max_points)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "min_points must be >= 1 and <= max_points (got %d, max_points %d)",
                               o->min_points, o->max_points);
    if (o->threads < 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "threads must be >= 0 (got %d)", o->threads);
    return DTMAP_OK;
}

dtmap_status dtmapi_idw_check_grid(const dtmap_grid *grid, dtmap_error *err) {
    if (!grid) return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw: a grid is required");
    if (grid->ncols < 0 || grid->nrows < 0 || !(grid->res_m > 0) || !isfinite(grid->res_m) ||
        !isfinite(grid->xmin) || !isfinite(grid->ymax))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw: invalid grid");
    return DTMAP_OK;
}

/* Checks everything dtmap_idw_grid and dtmap_idw_create are given. */
static dtmap_status check_opts(const dtmap_grid *grid, const double *x, const double *y,
                               const double *z, size_t n, const dtmap_idw_opts *o,
                               dtmap_error *err) {
    if (!grid || !o)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw: grid and options are required");
    if (n > 0 && (!x || !y || !z))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw: %zu points but no coordinate arrays", n);
    dtmap_status st = dtmapi_idw_check_grid(grid, err);
    if (st != DTMAP_OK) return st;
    return dtmapi_idw_check_opts(o, err);
}

/* A prepared IDW: the points sorted by tile (each tile's points within reach of it, in input
 * order), one scratch per thread, and the state of the current dtmap_idw_rows call. */
struct dtmap_idw {
    dtmap_grid grid;
    dtmap_idw_opts opts;
    int t, ntx, nty; /* tile side in cells, tiles across and down */
    size_t *start;   /* ntx * nty + 1 offsets into x, y, z */
    double *x, *y, *z;
    int nthreads;
    dtmap_idw_scratch **scratch; /* nthreads */
    dtmap_error *errs;           /* nthreads */
    /* the current rows call: tile rows tr0.., rows row0..row1-1 */
    float nodata;
    float *out;
    int row0, row1, tr0, ntiles;
    atomic_int next;
    atomic_int failed;
};

typedef struct worker {
    dtmap_idw *w;
    int i;
    pthread_t thread;
    int started;
} worker;

/* Tiles c0..c1 (of nt) whose span [c * side, (c + 1) * side] of the axis comes within reach of
 * v (the coordinate measured from the grid's edge along the axis); c0 > c1 when none. */
static void tile_span(double v, double side, double reach, int nt, int *c0, int *c1) {
    double a = floor((v - reach) / side), b = floor((v + reach) / side);
    *c0 = a < 0 ? 0 : a > nt ? nt : (int)a;
    *c1 = b < -1 ? -1 : b > nt - 1 ? nt - 1 : (int)b;
}

/* Copies the finite points into the tiles they are within reach of (a two-pass counting sort by
 * tile, keeping input order in each tile); 0 on success, -1 when out of memory. */
static int sort_by_tile(dtmap_idw *w, const double *x, const double *y, const double *z, size_t n) {
    size_t nt = (size_t)w->ntx * (size_t)w->nty;
    double side = w->t * w->grid.res_m;
    double reach = w->opts.radius_m * (1 + 1e-6) + 1e-6;
    if (!(w->start = calloc(nt + 1, sizeof *w->start))) return -1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(x[i]) || !isfinite(y[i]) || !isfinite(z[i])) continue;
            int c0, c1, r0, r1;
            tile_span(x[i] - w->grid.xmin, side, reach, w->ntx, &c0, &c1);
            tile_span(w->grid.ymax - y[i], side, reach, w->nty, &r0, &r1);
            for (int r = r0; r <= r1; r++)
                for (int c = c0; c <= c1; c++) {
                    size_t t = (size_t)r * (size_t)w->ntx + (size_t)c;
                    if (pass == 0) {
                        w->start[t + 1]++;
                        continue;
                    }
                    size_t k = w->start[t]++;
                    w->x[k] = x[i];
                    w->y[k] = y[i];
                    w->z[k] = z[i];
                }
        }
        if (pass == 1) break;
        for (size_t t = 0; t < nt; t++)
            w->start[t + 1] += w->start[t];
        size_t m = w->start[nt] ? w->start[nt] : 1;
        w->x = malloc(m * sizeof *w->x);
        w->y = malloc(m * sizeof *w->y);
        w->z = malloc(m * sizeof *w->z);
        if (!w->x || !w->y || !w->z) return -1;
    }
    memmove(w->start + 1, w->start, nt * sizeof *w->start);
    w->start[0] = 0;
    return 0;
}

/* Takes tiles of the current rows call until none is left; the first error stops the others. */
static void *work(void *arg) {
    worker *wk = arg;
    dtmap_idw *w = wk->w;
    const dtmap_grid *g = &w->grid;
    int k;
    while (!atomic_load(&w->failed) && (k = atomic_fetch_add(&w->next, 1)) < w->ntiles) {
        int tr = w->tr0 + k / w->ntx, tc = k % w->ntx;
        int r0 = tr * w->t > w->row0 ? tr * w->t : w->row0;
        int r1 = (tr + 1) * w->t < w->row1 ? (tr + 1) * w->t : w->row1;
        int c0 = tc * w->t, c1 = c0 + w->t < g->ncols ? c0 + w->t : g->ncols;
        size_t t = (size_t)tr * (size_t)w->ntx + (size_t)tc, a = w->start[t];
        float *o = w->out + (size_t)(r0 - w->row0) * (size_t)g->ncols + (size_t)c0;
        if (dtmapi_idw_tile_at(w->scratch[wk->i], g, c0, r0, c1 - c0, r1 - r0, w->x + a, w->y + a,
                               w->z + a, w->start[t + 1] - a, w->nodata, o, g->ncols,
                               &w->errs[wk->i]) != DTMAP_OK)
            atomic_store(&w->failed, wk->i + 1);
    }
    return NULL;
}

static int thread_count(int asked) {
    long t = asked;
    if (t == 0) t = sysconf(_SC_NPROCESSORS_ONLN);
    if (t < 1) t = 1;
    if (t > MAX_THREADS) t = MAX_THREADS;
    return (int)t;
}

void dtmap_idw_destroy(dtmap_idw *w) {
    if (!w) return;
    if (w->scratch)
        for (int i = 0; i < w->nthreads; i++)
            dtmap_idw_scratch_destroy(w->scratch[i]);
    free(w->scratch);
    free(w->errs);
    free(w->z);
    free(w->y);
    free(w->x);
    free(w->start);
    free(w);
}

dtmap_status dtmap_idw_create(const dtmap_grid *grid, const double *x, const double *y,
                              const double *z, size_t n, const dtmap_idw_opts *opts,
                              dtmap_idw **out, dtmap_error *err) {
    dtmap_idw *w = NULL;
    *out = NULL;
    dtmap_status st = check_opts(grid, x, y, z, n, opts, err);
    if (st != DTMAP_OK) return st;
    if (n > DTMAPI_IDW_MAX_POINTS)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "too many points (%zu, limit %zu)", n,
                               DTMAPI_IDW_MAX_POINTS);
    if (!(w = calloc(1, sizeof *w))) goto nomem;
    w->grid = *grid;
    w->opts = *opts;
    double t = ceil(2 * opts->radius_m / grid->res_m / 16) * 16;
    w->t = t < TILE_MIN ? TILE_MIN : t > TILE_MAX ? TILE_MAX : (int)t;
    w->ntx = (grid->ncols + w->t - 1) / w->t;
    w->nty = (grid->nrows + w->t - 1) / w->t;
    if (sort_by_tile(w, x, y, z, n)) goto nomem;
    w->nthreads = thread_count(opts->threads);
    w->scratch = calloc((size_t)w->nthreads, sizeof *w->scratch);
    w->errs = calloc((size_t)w->nthreads, sizeof *w->errs);
    if (!w->scratch || !w->errs) goto nomem;
    for (int i = 0; i < w->nthreads; i++)
        if ((st = dtmap_idw_scratch_create(opts, &w->scratch[i], err)) != DTMAP_OK) goto done;
    goto done;
nomem:
    st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "idw over %d x %d cells", grid->ncols, grid->nrows);
done:
    if (st != DTMAP_OK) {
        dtmap_idw_destroy(w);
        return st;
    }
    *out = w;
    return DTMAP_OK;
}

dtmap_status dtmap_idw_rows(dtmap_idw *w, int row0, int nrows, float nodata, float *out,
                            dtmap_error *err) {
    if (!w || !out || row0 < 0 || nrows < 0 || row0 + nrows > w->grid.nrows)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw: rows %d..%d outside the grid", row0,
                               row0 + nrows - 1);
    if (nrows == 0 || w->grid.ncols == 0) return DTMAP_OK;
    w->out = out;
    w->nodata = nodata;
    w->row0 = row0;
    w->row1 = row0 + nrows;
    w->tr0 = row0 / w->t;
    w->ntiles = ((w->row1 - 1) / w->t - w->tr0 + 1) * w->ntx;
    atomic_init(&w->next, 0);
    atomic_init(&w->failed, 0);
    int nthreads = w->nthreads < w->ntiles ? w->nthreads : w->ntiles;
    worker wk[MAX_THREADS];
    /* Worker 0 is this thread. A thread that cannot start leaves its tiles to the others: each
     * cell depends only on the inputs, so the output is the same either way. */
    for (int i = 0; i < nthreads; i++)
        wk[i] = (worker){.w = w, .i = i};
    for (int i = 1; i < nthreads; i++)
        wk[i].started = pthread_create(&wk[i].thread, NULL, work, &wk[i]) == 0;
    work(&wk[0]);
    for (int i = 1; i < nthreads; i++)
        if (wk[i].started) pthread_join(wk[i].thread, NULL);
    int failed = atomic_load(&w->failed);
    if (!failed) return DTMAP_OK;
    if (err) *err = w->errs[failed - 1];
    return w->errs[failed - 1].status;
}

dtmap_status dtmap_idw_grid(const dtmap_grid *grid, const double *x, const double *y,
                            const double *z, size_t n, const dtmap_idw_opts *opts, float nodata,
                            float *out, dtmap_error *err) {
    dtmap_idw *w = NULL;
    if (!out) return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw: an output array is required");
    dtmap_status st = check_opts(grid, x, y, z, n, opts, err);
    if (st != DTMAP_OK || dtmap_grid_ncells(grid) == 0) return st;
    if ((st = dtmap_idw_create(grid, x, y, z, n, opts, &w, err)) != DTMAP_OK) return st;
    st = dtmap_idw_rows(w, 0, grid->nrows, nodata, out, err);
    dtmap_idw_destroy(w);
    return st;
}
