/* idw.c: inverse distance weighting from the k nearest points within a radius, computed the way
 * gdal_grid -a invdistnn does, over a bucket index and a pool of row-band threads. */
#include "dtmap/interp.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "interp/idw_private.h"
#include "interp/index.h"

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

#define ZERO_D2 1e-12 /* squared distance below which a point gives its value directly */
#define ROW_CHUNK 8   /* grid rows a worker takes at a time */
#define MAX_THREADS 256
/* Bucket side as a fraction of the radius: smaller buckets fit the search circle better,
 * larger ones cost fewer ranges per query. */
#define BUCKET_PER_RADIUS 0.5

/* One of the K nearest candidates: squared distance, input index, position in the index. */
typedef struct nbr {
    double d2;
    uint32_t id;
    uint32_t k;
} nbr;

/* Read-only state shared by the workers, plus the row counter they draw from. */
typedef struct job {
    const dtmap_grid *grid;
    const dtmap_point_index *idx;
    const double *cx; /* centre x of each column */
    const int *cb0;   /* first and last bucket column within reach of each grid column */
    const int *cb1;
    double r2;    /* radius squared: the inclusion test, as GDAL writes it */
    double reach; /* radius plus a margin, for bucket ranges */
    double half_power;
    int kmax, kmin;
    float nodata;
    float *out; /* rows row_begin..row_end-1 of the grid, row-major */
    int row_begin, row_end;
    _Alignas(64) atomic_int next_row; /* on its own cache line, away from the read-only fields */
} job;

typedef struct worker {
    job *jb;
    nbr *buf; /* kmax entries */
    pthread_t thread;
    int started;
} worker;

/* Margin added to distances when choosing buckets, so that rounding never hides a point that
 * the exact test d2 <= r2 would accept. */
static double margin_m(double radius) {
    return radius * 1e-6 + 1e-6;
}

/* Offers the indexed points s..e-1 to the buffer buf of *cnt <= kmax entries, sorted by (d2,
 * input index); *bound is the squared distance a candidate must not exceed (the K-th entry's
 * once the buffer is full). Locals keep the bound and count in registers: buf may alias. */
static void scan_span(const dtmap_point_index *idx, uint32_t s, uint32_t e, double cx, double cy,
                      int kmax, nbr *buf, int *cnt, double *bound) {
    const double *xy = idx->xy;
    double b = *bound;
    int n = *cnt;
    for (uint32_t k = s; k < e; k++) {
        double dx = xy[2 * (size_t)k] - cx;
        double dy = xy[2 * (size_t)k + 1] - cy;
        double d2 = dx * dx + dy * dy;
        if (d2 > b) continue;
        uint32_t id = idx->id[k];
        int pos;
        if (n == kmax) {
            if (d2 == b && id > buf[kmax - 1].id) continue;
            pos = kmax - 1;
        } else {
            pos = n++;
        }
        while (pos > 0 &&
               (buf[pos - 1].d2 > d2 || (buf[pos - 1].d2 == d2 && buf[pos - 1].id > id))) {
            buf[pos] = buf[pos - 1];
            pos--;
        }
        buf[pos] = (nbr){d2, id, k};
        if (n == kmax) b = buf[kmax - 1].d2;
    }
    *bound = b;
    *cnt = n;
}

/* Scans bucket row r for the cell centred at (cx, cy) if it can still hold a candidate; returns
 * 0 when it cannot (then no row farther out in the same direction can either). */
static int scan_row(const job *jb, int r, double dy_min, double cx, double cy, int col, nbr *buf,
                    int *cnt, double *bound) {
    const dtmap_point_index *idx = jb->idx;
    double m = margin_m(jb->reach);
    double dyq = dy_min - m;
    if (dyq < 0) dyq = 0;
    if (dyq * dyq > *bound) return 0;
    double hw = sqrt(*bound - dyq * dyq) + m;
    int c0 = dtmap_point_index_slot(cx - hw, idx->x0, idx->inv_bucket, idx->nbx);
    int c1 = dtmap_point_index_slot(cx + hw, idx->x0, idx->inv_bucket, idx->nbx);
    if (c0 < jb->cb0[col]) c0 = jb->cb0[col];
    if (c1 > jb->cb1[col]) c1 = jb->cb1[col];
    if (c0 > c1) return 1;
    const uint32_t *row = idx->start + (size_t)r * (size_t)idx->nbx;
    scan_span(idx, row[c0], row[c1 + 1], cx, cy, jb->kmax, buf, cnt, bound);
    return 1;
}

/* Fills buf with the (up to kmax) nearest points to (cx, cy) whose d2 <= bound, nearest first,
 * ties by input index; returns how many. Bucket rows go from the centre's outward, in each
 * direction until one is out of reach. */
static int search(const job *jb, double cx, double cy, int col, int r0, int r1, double bound,
                  nbr *buf) {
    const dtmap_point_index *idx = jb->idx;
    int cnt = 0;
    int rc = dtmap_point_index_slot(cy, idx->y0, idx->inv_bucket, idx->nby);
    if (rc < r0) rc = r0;
    if (rc > r1) rc = r1;
    for (int r = rc; r <= r1; r++) {
        double dy_min = r == rc ? 0 : idx->y0 + r * idx->bucket_m - cy;
        if (!scan_row(jb, r, dy_min, cx, cy, col, buf, &cnt, &bound)) break;
    }
    for (int r = rc - 1; r >= r0; r--) {
        double dy_min = cy - (idx->y0 + (r + 1) * idx->bucket_m);
        if (!scan_row(jb, r, dy_min, cx, cy, col, buf, &cnt, &bound)) break;
    }
    return cnt;
}

/* IDW value of one cell, or nodata. *kth_d2 is the previous cell's (one column west) K-th
 * nearest squared distance, or -1; on return, this cell's. The previous cell's K points are
 * all within its K-th distance plus one cell of this centre, so that distance bounds the
 * search: a hint that only makes the scan shorter, never changes the answer (when it finds
 * fewer than K points, the search is redone over the full radius). */
static float cell_value(const job *jb, double cx, double cy, int col, int r0, int r1, nbr *buf,
                        double *kth_d2) {
    const dtmap_point_index *idx = jb->idx;
    double hint = *kth_d2;
    *kth_d2 = -1;
    /* Fast exit: nothing at all in the buckets within reach. */
    int c0 = jb->cb0[col], c1 = jb->cb1[col];
    if (c0 > c1) return jb->nodata;
    uint32_t any = 0;
    for (int r = r0; r <= r1 && !any; r++) {
        const uint32_t *row = idx->start + (size_t)r * (size_t)idx->nbx;
        any = row[c1 + 1] - row[c0];
    }
    if (!any) return jb->nodata;

    int cnt = -1;
    if (hint >= 0) {
        double h = sqrt(hint) + jb->grid->res_m + margin_m(jb->reach);
        if (h * h < jb->r2) {
            cnt = search(jb, cx, cy, col, r0, r1, h * h, buf);
            if (cnt < jb->kmax) cnt = -1;
        }
    }
    if (cnt < 0) cnt = search(jb, cx, cy, col, r0, r1, jb->r2, buf);
    if (cnt == jb->kmax) *kth_d2 = buf[cnt - 1].d2;

    if (cnt == 0) return jb->nodata;
    if (buf[0].d2 < ZERO_D2) return (float)idx->z[buf[0].k];
    if (cnt < jb->kmin) return jb->nodata;
    double num = 0, den = 0;
    for (int i = 0; i < cnt; i++) {
        /* pow(d2, 1) is d2 exactly, so the shortcut for power 2 changes no bit. */
        double d2 = buf[i].d2;
        double w = 1.0 / (jb->half_power == 1.0 ? d2 : pow(d2, jb->half_power));
        num += w * idx->z[buf[i].k];
        den += w;
    }
    if (den == 0.0) return jb->nodata;
    return (float)(num / den);
}

static void *work(void *arg) {
    worker *wk = arg;
    job *jb = wk->jb;
    const dtmap_grid *g = jb->grid;
    const dtmap_point_index *idx = jb->idx;
    int row0;
    while ((row0 = atomic_fetch_add(&jb->next_row, ROW_CHUNK)) < jb->row_end) {
        int row_end = row0 + ROW_CHUNK < jb->row_end ? row0 + ROW_CHUNK : jb->row_end;
        for (int row = row0; row < row_end; row++) {
            float *o = jb->out + (size_t)(row - jb->row_begin) * (size_t)g->ncols;
            double unused, cy;
            dtmap_grid_cell_center(g, 0, row, &unused, &cy);
            int r0 = dtmap_point_index_slot(cy - jb->reach, idx->y0, idx->inv_bucket, idx->nby);
            int r1 = dtmap_point_index_slot(cy + jb->reach, idx->y0, idx->inv_bucket, idx->nby);
            if (r0 < 0) r0 = 0;
            if (r1 > idx->nby - 1) r1 = idx->nby - 1;
            if (r0 > r1 ||
                idx->start[(size_t)(r1 + 1) * idx->nbx] == idx->start[(size_t)r0 * idx->nbx]) {
                for (int c = 0; c < g->ncols; c++)
                    o[c] = jb->nodata;
                continue;
            }
            double kth_d2 = -1;
            for (int c = 0; c < g->ncols; c++)
                o[c] = cell_value(jb, jb->cx[c], cy, c, r0, r1, wk->buf, &kth_d2);
        }
    }
    return NULL;
}

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

static int thread_count(int asked, int nrows) {
    long t = asked;
    if (t == 0) t = sysconf(_SC_NPROCESSORS_ONLN);
    if (t < 1) t = 1;
    if (t > MAX_THREADS) t = MAX_THREADS;
    long chunks = (nrows + ROW_CHUNK - 1) / ROW_CHUNK;
    if (t > chunks) t = chunks > 0 ? chunks : 1;
    return (int)t;
}

/* A prepared IDW: the index, the per-column tables and the worker buffers, built once and
 * used for any number of row ranges. */
struct dtmap_idw {
    dtmap_grid grid;
    dtmap_point_index idx;
    job jb;
    double *cx;
    int *cb;
    nbr *bufs;
    worker *wk;
    int nthreads;
};

void dtmap_idw_destroy(dtmap_idw *w) {
    if (!w) return;
    free(w->wk);
    free(w->bufs);
    free(w->cb);
    free(w->cx);
    dtmap_point_index_free(&w->idx);
    free(w);
}

dtmap_status dtmap_idw_create(const dtmap_grid *grid, const double *x, const double *y,
                              const double *z, size_t n, const dtmap_idw_opts *opts,
                              dtmap_idw **out, dtmap_error *err) {
    dtmap_idw *w = NULL;
    *out = NULL;
    dtmap_status st = check_opts(grid, x, y, z, n, opts, err);
    if (st != DTMAP_OK) return st;
    if (!(w = calloc(1, sizeof *w))) goto nomem;
    w->grid = *grid;
    grid = &w->grid;
    job *jb = &w->jb;
    jb->grid = grid;
    jb->kmin = opts->min_points;
    jb->half_power = opts->power / 2.0;
    jb->r2 = opts->radius_m * opts->radius_m;
    jb->reach = opts->radius_m + margin_m(opts->radius_m);
    double wxmin = grid->xmin - jb->reach;
    double wxmax = grid->xmin + grid->ncols * grid->res_m + jb->reach;
    double wymin = grid->ymax - grid->nrows * grid->res_m - jb->reach;
    double wymax = grid->ymax + jb->reach;
    st = dtmap_point_index_build(x, y, z, n, wxmin, wymin, wxmax, wymax,
                                 opts->radius_m * BUCKET_PER_RADIUS, &w->idx, err);
    if (st != DTMAP_OK) goto done;
    jb->idx = &w->idx;
    /* No more neighbours than points: keeps the buffers small for huge max_points. */
    jb->kmax = (size_t)opts->max_points < w->idx.n ? opts->max_points : (int)w->idx.n;
    if (jb->kmax < 1) jb->kmax = 1;

    /* Column centres and their bucket ranges, from the grid's own arithmetic. */
    w->cx = malloc(((size_t)grid->ncols + 1) * sizeof *w->cx);
    w->cb = malloc(2 * ((size_t)grid->ncols + 1) * sizeof *w->cb);
    if (!w->cx || !w->cb) goto nomem;
    const dtmap_point_index *idx = &w->idx;
    for (int c = 0; c < grid->ncols; c++) {
        double unused;
        dtmap_grid_cell_center(grid, c, 0, &w->cx[c], &unused);
        int c0 = dtmap_point_index_slot(w->cx[c] - jb->reach, idx->x0, idx->inv_bucket, idx->nbx);
        int c1 = dtmap_point_index_slot(w->cx[c] + jb->reach, idx->x0, idx->inv_bucket, idx->nbx);
        w->cb[c] = c0 < 0 ? 0 : c0;
        w->cb[grid->ncols + c] = c1 > idx->nbx - 1 ? idx->nbx - 1 : c1;
    }
    jb->cx = w->cx;
    jb->cb0 = w->cb;
    jb->cb1 = w->cb + grid->ncols;

    w->nthreads = thread_count(opts->threads, grid->nrows);
    /* Each worker's buffer is followed by a cache line of padding: the buffers are written for
     * every candidate, and a line shared by two threads made 2 threads barely faster than 1. */
    size_t stride = (size_t)jb->kmax + 64 / sizeof *w->bufs;
    w->bufs = malloc((size_t)w->nthreads * stride * sizeof *w->bufs);
    w->wk = calloc((size_t)w->nthreads, sizeof *w->wk);
    if (!w->bufs || !w->wk) goto nomem;
    for (int t = 0; t < w->nthreads; t++) {
        w->wk[t].jb = jb;
        w->wk[t].buf = w->bufs + (size_t)t * stride;
    }
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
    job *jb = &w->jb;
    jb->out = out;
    jb->nodata = nodata;
    jb->row_begin = row0;
    jb->row_end = row0 + nrows;
    atomic_init(&jb->next_row, row0);
    int nthreads = thread_count(w->nthreads, nrows);
    /* Worker 0 is this thread. A thread that cannot start leaves its rows to the others: each
     * cell depends only on the inputs, so the output is the same either way. */
    for (int t = 1; t < nthreads; t++)
        w->wk[t].started = pthread_create(&w->wk[t].thread, NULL, work, &w->wk[t]) == 0;
    work(&w->wk[0]);
    for (int t = 1; t < nthreads; t++)
        if (w->wk[t].started) pthread_join(w->wk[t].thread, NULL);
    return DTMAP_OK;
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
