/* tiles.c: the fixed tiling of the output CRS and the tiles within reach of the samples (see
 * tiles.h). */
#include "job/tiles.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Tile range [*a, *b] of the interval [lo, hi] along an axis whose tile k starts at origin +
 * k * side, clamped to 0..count-1; 0 when the interval misses every tile. */
static int span(double lo, double hi, double origin, double side, int count, int *a, int *b) {
    double fa = floor((lo - origin) / side), fb = floor((hi - origin) / side);
    if (!(fb >= 0) || !(fa < count)) return 0; /* NaN too */
    *a = fa < 0 ? 0 : (int)fa;
    *b = fb >= count ? count - 1 : (int)fb;
    return *a <= *b;
}

/* The tile rows and columns within reach of sample (x, y) that overlap the area grid. */
static int reach_of(const dtmapi_tiles *t, double x, double y, double reach, int *c0, int *c1,
                    int *r0, int *r1) {
    const dtmap_grid *a = &t->area, *f = &t->file;
    double side = t->T * f->res_m;
    double ax1 = a->xmin + a->ncols * a->res_m, ay0 = a->ymax - a->nrows * a->res_m;
    double x0 = fmax(x - reach, a->xmin), x1 = fmin(x + reach, ax1);
    double y0 = fmax(y - reach, ay0), y1 = fmin(y + reach, a->ymax);
    if (!(x0 <= x1 && y0 <= y1)) return 0;
    /* a point exactly on the area's east or south edge is outside it: nudge inwards */
    if (x1 >= ax1) x1 = ax1 - a->res_m * 1e-9;
    if (y0 <= ay0) y0 = ay0 + a->res_m * 1e-9;
    return span(x0, x1, f->xmin, side, t->ntx, c0, c1) &&
           span(f->ymax - y1, f->ymax - y0, 0, side, t->nty, r0, r1);
}

/* Index of tile id in t->id (ascending), or t->n when absent. */
static size_t find(const dtmapi_tiles *t, uint64_t id) {
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && t->id[lo] == id ? lo : t->n;
}

/* Builds t->file and the tile counts from t->area and t->T. */
static dtmap_status tiling(dtmapi_tiles *t, dtmap_error *err) {
    const dtmap_grid *a = &t->area;
    double side = t->T * a->res_m;
    double x0 = floor(a->xmin / side) * side, y1 = ceil(a->ymax / side) * side;
    t->col0 = (int)llround((a->xmin - x0) / a->res_m);
    t->row0 = (int)llround((y1 - a->ymax) / a->res_m);
    t->file = *a;
    t->file.xmin = x0;
    t->file.ymax = y1;
    double nc = (double)a->ncols + t->col0, nr = (double)a->nrows + t->row0;
    double ntx = ceil(nc / t->T), nty = ceil(nr / t->T);
    if (!(nc < 2e9 && nr < 2e9 && ntx * nty < 4e18))
        return dtmap_error_set(err, DTMAP_ERR_TOO_LARGE, "grid of %.0f x %.0f cells at %g m", nc,
                               nr, a->res_m);
    t->file.ncols = (int)nc, t->file.nrows = (int)nr;
    t->ntx = (int)ntx, t->nty = (int)nty;
    return DTMAP_OK;
}

/* Sorts ids ascending and drops repeats; returns the new count. */
static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

dtmap_status dtmapi_tiles_make(const dtmap_grid *area, int T, const double *x, const double *y,
                               const unsigned char *use, size_t n, double reach, dtmapi_tiles *t,
                               dtmap_error *err) {
    memset(t, 0, sizeof *t);
    if (T < 16 || T % 16 || T > 4096)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "tile side %d (a multiple of 16)", T);
    if (n > UINT32_MAX)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%zu samples (at most 2^32)", n);
    t->area = *area;
    t->T = T;
    dtmap_status st = tiling(t, err);
    if (st != DTMAP_OK) return st;
    /* 1. every (tile, sample) pair within reach, as tile ids, then the distinct ids */
    size_t cap = n + 16, len = 0, npairs = 0;
    uint64_t *ids = malloc(cap * sizeof *ids);
    if (!ids) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "tiles of %zu samples", n);
    for (size_t i = 0; i < n; i++) {
        int c0, c1, r0, r1;
        if ((use && !use[i]) || !isfinite(x[i]) || !isfinite(y[i]) ||
            !reach_of(t, x[i], y[i], reach, &c0, &c1, &r0, &r1))
            continue;
        for (int r = r0; r <= r1; r++)
            for (int c = c0; c <= c1; c++) {
                if (len == cap) {
                    /* keep the distinct ids so far: memory follows the tiles, not the pairs */
                    qsort(ids, len, sizeof *ids, cmp_u64);
                    size_t u = 0;
                    for (size_t k = 0; k < len; k++)
                        if (!u || ids[u - 1] != ids[k]) ids[u++] = ids[k];
                    len = u;
                    if (len > cap / 2) {
                        uint64_t *g = realloc(ids, 2 * cap * sizeof *ids);
                        if (!g) {
                            free(ids);
                            return dtmap_error_set(err, DTMAP_ERR_NOMEM, "tile list");
                        }
                        ids = g, cap *= 2;
                    }
                }
                ids[len++] = (uint64_t)r * (uint64_t)t->ntx + (uint64_t)c;
                npairs++;
            }
    }
    qsort(ids, len, sizeof *ids, cmp_u64);
    size_t u = 0;
    for (size_t k = 0; k < len; k++)
        if (!u || ids[u - 1] != ids[k]) ids[u++] = ids[k];
    t->id = ids, t->n = u;
    if ((double)u * T * T > DTMAP_GRID_MAX_CELLS)
        return dtmap_error_set(err, DTMAP_ERR_TOO_LARGE,
                               "%zu tiles of %d x %d cells at %g m to compute (limit %.0f cells)",
                               u, T, T, area->res_m, DTMAP_GRID_MAX_CELLS);
    /* 2. per tile, the samples within reach, in sample order (counting sort by tile) */
    t->first = calloc(u + 1, sizeof *t->first);
    t->pts = malloc((npairs ? npairs : 1) * sizeof *t->pts);
    if (!t->first || !t->pts) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "tile sample lists");
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            int c0, c1, r0, r1;
            if ((use && !use[i]) || !isfinite(x[i]) || !isfinite(y[i]) ||
                !reach_of(t, x[i], y[i], reach, &c0, &c1, &r0, &r1))
                continue;
            for (int r = r0; r <= r1; r++)
                for (int c = c0; c <= c1; c++) {
                    size_t k = find(t, (uint64_t)r * (uint64_t)t->ntx + (uint64_t)c);
                    if (pass == 0)
                        t->first[k + 1]++;
                    else
                        t->pts[t->first[k]++] = (uint32_t)i;
                }
        }
        if (pass == 0)
            for (size_t k = 0; k < u; k++)
                t->first[k + 1] += t->first[k];
        else /* the fill moved each start to the next tile's: shift back */
            for (size_t k = u; k > 0; k--)
                t->first[k] = t->first[k - 1];
        if (pass == 1) t->first[0] = 0;
    }
    return DTMAP_OK;
}

void dtmapi_tiles_pos(const dtmapi_tiles *t, size_t k, int *tc, int *tr) {
    *tc = (int)(t->id[k] % (uint64_t)t->ntx);
    *tr = (int)(t->id[k] / (uint64_t)t->ntx);
}

void dtmapi_tiles_grid(const dtmapi_tiles *t, size_t k, dtmap_grid *tile) {
    int tc, tr;
    dtmapi_tiles_pos(t, k, &tc, &tr);
    *tile = t->file;
    tile->xmin = t->file.xmin + (double)tc * t->T * t->file.res_m;
    tile->ymax = t->file.ymax - (double)tr * t->T * t->file.res_m;
    tile->ncols = tile->nrows = t->T;
}

void dtmapi_tiles_inside(const dtmapi_tiles *t, size_t k, int *c0, int *r0, int *c1, int *r1) {
    int tc, tr;
    dtmapi_tiles_pos(t, k, &tc, &tr);
    int fc = tc * t->T, fr = tr * t->T; /* the tile's first cell in the file grid */
    int a0 = t->col0 - fc, a1 = t->col0 + t->area.ncols - fc;
    int b0 = t->row0 - fr, b1 = t->row0 + t->area.nrows - fr;
    *c0 = a0 < 0 ? 0 : a0, *c1 = a1 > t->T ? t->T : a1;
    *r0 = b0 < 0 ? 0 : b0, *r1 = b1 > t->T ? t->T : b1;
}

void dtmapi_tiles_free(dtmapi_tiles *t) {
    if (!t) return;
    free(t->id), free(t->first), free(t->pts);
    memset(t, 0, sizeof *t);
}
