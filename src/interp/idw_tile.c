/* idw_tile.c: the IDW of interp.h evaluated one tile at a time from the points near the tile,
 * with a local bucket grid and per-thread scratch buffers (the sparse tiled engine calls it, and
 * so does idw.c for whole grids). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/interp.h"
#include "interp/idw_private.h"
#include "interp/index.h"

/* The rules are those of gdal_grid invdistnn as idw.c's header comment gives them: d2 = dx * dx +
 * dy * dy in double from the cell centre of dtmap_grid_cell_center, inclusion d2 <= R * R, the K
 * nearest by (d2, input index) summed nearest first, a point with d2 < 1e-12 giving its value
 * directly.
 *
 * How a tile is computed: the points within reach of the tile are sorted into a small bucket
 * grid (stable, so input order is kept inside a bucket and each bucket row is one contiguous
 * run of points). Cells are visited row by row; a cell's search bound is the largest exact d2
 * from its centre to the K neighbours of the cell before it (west, or north for a row's first
 * cell), which is tight when neighbours move little and can never miss a point: those K points
 * are all within it. Every point of the bucket spans that the bound's disc touches gets its d2
 * in a branch-free loop that keeps those within the bound; the K smallest of these are then
 * picked (insertion for small K, quickselect for large K) and sorted. */

#define ZERO_D2 1e-12       /* as idw.c */
#define SMALL_K 256         /* up to this K, insertion into a sorted buffer; above, quickselect */
#define POINTS_PER_BUCKET 2 /* target mean occupancy of the local buckets */
#define MAX_BUCKETS_SIDE 512

/* Two doubles in one vector register (GCC and Clang vector extensions). */
typedef double v2d __attribute__((vector_size(16)));

/* One neighbour: squared distance, input position (the tie rule), position in the sorted arrays. */
typedef struct nbr {
    double d2;
    uint32_t id;
    uint32_t k;
} nbr;

struct dtmap_idw_scratch {
    dtmap_idw_opts opts;
    double r2, margin, half_power;
    size_t pcap;       /* capacity of the per-point arrays */
    double *x, *y, *z; /* tile points sorted by bucket */
    uint32_t *id;      /* their positions in the caller's arrays */
    uint32_t *slot;    /* bucket of each caller point, UINT32_MAX when left out */
    double *cd2;       /* candidates of one cell: d2 and sorted-array position (pcap + 1) */
    uint32_t *ck;
    nbr *cand;      /* candidates as neighbours, for quickselect (pcap) */
    uint32_t *mark; /* per sorted point: tick of the cell whose seed holds it */
    uint32_t tick;
    size_t bcap;             /* capacity of start */
    uint32_t *start;         /* bucket starts, nbx * nby + 1 */
    size_t kcap;             /* capacity of the neighbour lists */
    nbr *cur, *prev, *above; /* this cell's K nearest, the previous cell's, the row start's */
    /* the current tile's bucket grid */
    double x0, y0, bucket_m, inv_bucket;
    int nbx, nby;
};

void dtmap_idw_scratch_destroy(dtmap_idw_scratch *s) {
    if (!s) return;
    free(s->above);
    free(s->prev);
    free(s->cur);
    free(s->start);
    free(s->mark);
    free(s->cand);
    free(s->ck);
    free(s->cd2);
    free(s->slot);
    free(s->id);
    free(s->z);
    free(s->y);
    free(s->x);
    free(s);
}

dtmap_status dtmap_idw_scratch_create(const dtmap_idw_opts *opts, dtmap_idw_scratch **out,
                                      dtmap_error *err) {
    *out = NULL;
    dtmap_status st = dtmapi_idw_check_opts(opts, err);
    if (st != DTMAP_OK) return st;
    dtmap_idw_scratch *s = calloc(1, sizeof *s);
    if (!s) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "idw tile scratch");
    s->opts = *opts;
    s->r2 = opts->radius_m * opts->radius_m;
    s->margin = opts->radius_m * 1e-6 + 1e-6; /* as idw.c: rounding never hides a point */
    s->half_power = opts->power / 2.0;
    *out = s;
    return DTMAP_OK;
}

/* Grows *p to hold n elements of size sz (contents kept); 0 on success. */
static int grow(void *p, size_t n, size_t sz) {
    void *q = realloc(*(void **)p, n * sz);
    if (!q) return -1;
    *(void **)p = q;
    return 0;
}

/* Makes room for n points, nb buckets and k neighbours; 0 on success. */
static int reserve(dtmap_idw_scratch *s, size_t n, size_t nb, size_t k) {
    if (n > s->pcap) {
        if (grow(&s->x, n, sizeof *s->x) || grow(&s->y, n, sizeof *s->y) ||
            grow(&s->z, n, sizeof *s->z) || grow(&s->id, n, sizeof *s->id) ||
            grow(&s->slot, n, sizeof *s->slot) || grow(&s->cd2, n + 1, sizeof *s->cd2) ||
            grow(&s->ck, n + 1, sizeof *s->ck) || grow(&s->cand, n, sizeof *s->cand) ||
            grow(&s->mark, n, sizeof *s->mark))
            return -1;
        memset(s->mark, 0, n * sizeof *s->mark); /* no stale tick can match a new one */
        s->pcap = n;
    }
    if (nb + 1 > s->bcap) {
        if (grow(&s->start, nb + 1, sizeof *s->start)) return -1;
        s->bcap = nb + 1;
    }
    if (k > s->kcap) {
        if (grow(&s->cur, k, sizeof *s->cur) || grow(&s->prev, k, sizeof *s->prev) ||
            grow(&s->above, k, sizeof *s->above))
            return -1;
        s->kcap = k;
    }
    return 0;
}

/* Sorts the n points within reach of the tile (a window of the tile's box plus the radius and
 * a margin) into the bucket grid, keeping input order in each bucket; returns how many were
 * kept, or SIZE_MAX when out of memory. Non-finite points are left out. */
static size_t sort_points(dtmap_idw_scratch *s, const dtmap_grid *t, const double *x,
                          const double *y, const double *z, size_t n) {
    double reach = s->opts.radius_m + s->margin;
    double wx0 = t->xmin - reach, wx1 = t->xmin + t->ncols * t->res_m + reach;
    double wy0 = t->ymax - t->nrows * t->res_m - reach, wy1 = t->ymax + reach;
    /* Bucket side: about POINTS_PER_BUCKET points per bucket if they were spread evenly, at
     * least a cell and R/64 (a full-radius search crosses at most ~130 bucket rows), at most
     * R/2, and no more than MAX_BUCKETS_SIDE buckets a side. */
    double area = (wx1 - wx0) * (wy1 - wy0);
    double b = sqrt(area * POINTS_PER_BUCKET / (double)(n ? n : 1));
    b = fmin(b, s->opts.radius_m / 2);
    b = fmax(b, fmax(t->res_m, s->opts.radius_m / 64));
    b = fmax(b, fmax(wx1 - wx0, wy1 - wy0) / (MAX_BUCKETS_SIDE - 1));
    s->x0 = wx0;
    s->y0 = wy0;
    s->bucket_m = b;
    s->inv_bucket = 1.0 / b;
    s->nbx = (int)floor((wx1 - wx0) * s->inv_bucket) + 1;
    s->nby = (int)floor((wy1 - wy0) * s->inv_bucket) + 1;
    size_t nb = (size_t)s->nbx * (size_t)s->nby;
    if (reserve(s, n, nb, 1)) return SIZE_MAX;
    uint32_t *start = s->start;
    memset(start, 0, (nb + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++) {
        uint32_t sl = UINT32_MAX;
        if (isfinite(x[i]) && isfinite(y[i]) && isfinite(z[i])) {
            int c = dtmap_point_index_slot(x[i], wx0, s->inv_bucket, s->nbx);
            int r = dtmap_point_index_slot(y[i], wy0, s->inv_bucket, s->nby);
            if (c >= 0 && c < s->nbx && r >= 0 && r < s->nby) {
                sl = (uint32_t)r * (uint32_t)s->nbx + (uint32_t)c;
                start[sl + 1]++;
            }
        }
        s->slot[i] = sl;
    }
    for (size_t k = 0; k < nb; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < n; i++) {
        uint32_t sl = s->slot[i];
        if (sl == UINT32_MAX) continue;
        uint32_t k = start[sl]++;
        s->x[k] = x[i];
        s->y[k] = y[i];
        s->z[k] = z[i];
        s->id[k] = (uint32_t)i;
    }
    memmove(start + 1, start, nb * sizeof *start);
    start[0] = 0;
    return start[nb];
}

/* Appends to cd2/ck (from m on) every point of the bucket spans touched by the disc of squared
 * radius b2 around (cx, cy) whose d2 <= b2; returns the new count. */
static size_t gather(dtmap_idw_scratch *s, double cx, double cy, double b2) {
    const double *restrict px = s->x, *restrict py = s->y;
    double *restrict cd2 = s->cd2;
    uint32_t *restrict ck = s->ck;
    double m = s->margin, rb = sqrt(b2) + m;
    int r0 = dtmap_point_index_slot(cy - rb, s->y0, s->inv_bucket, s->nby);
    int r1 = dtmap_point_index_slot(cy + rb, s->y0, s->inv_bucket, s->nby);
    if (r0 < 0) r0 = 0;
    if (r1 > s->nby - 1) r1 = s->nby - 1;
    size_t cnt = 0;
    const v2d vcx = {cx, cx}, vcy = {cy, cy};
    for (int r = r0; r <= r1; r++) {
        double lo = s->y0 + r * s->bucket_m, hi = lo + s->bucket_m;
        double dyq = (cy < lo ? lo - cy : cy > hi ? cy - hi : 0) - m;
        if (dyq < 0) dyq = 0;
        if (dyq * dyq > b2) continue;
        double hw = sqrt(b2 - dyq * dyq) + m;
        int c0 = dtmap_point_index_slot(cx - hw, s->x0, s->inv_bucket, s->nbx);
        int c1 = dtmap_point_index_slot(cx + hw, s->x0, s->inv_bucket, s->nbx);
        if (c0 < 0) c0 = 0;
        if (c1 > s->nbx - 1) c1 = s->nbx - 1;
        if (c0 > c1) continue;
        const uint32_t *row = s->start + (size_t)r * (size_t)s->nbx;
        uint32_t k = row[c0], e = row[c1 + 1];
        /* Two points at a time in vector registers: the same IEEE operations as the scalar
         * tail, so the same bits. */
        for (; k + 2 <= e; k += 2) {
            v2d vx, vy;
            memcpy(&vx, px + k, sizeof vx);
            memcpy(&vy, py + k, sizeof vy);
            v2d dx = vx - vcx, dy = vy - vcy;
            v2d d2 = dx * dx + dy * dy;
            cd2[cnt] = d2[0];
            ck[cnt] = k;
            cnt += d2[0] <= b2;
            cd2[cnt] = d2[1];
            ck[cnt] = k + 1;
            cnt += d2[1] <= b2;
        }
        if (k < e) {
            double dx = px[k] - cx, dy = py[k] - cy;
            double d2 = dx * dx + dy * dy;
            cd2[cnt] = d2;
            ck[cnt] = k;
            cnt += d2 <= b2;
        }
    }
    return cnt;
}

/* 1 when a ranks before b: nearer, or as near and earlier in the input. */
static inline int before(nbr a, nbr b) {
    return (a.d2 < b.d2) | ((a.d2 == b.d2) & (a.id < b.id)); /* no branch: ties are rare */
}

static int nbr_cmp(const void *pa, const void *pb) {
    const nbr *a = pa, *b = pb;
    return before(*a, *b) ? -1 : before(*b, *a);
}

/* Moves the k first-ranked of v[0..n-1] (0 < k < n) to v[0..k-1], in no order: quickselect
 * with Hoare partitions (the keys are distinct: ids differ). */
static void select_k(nbr *v, size_t n, size_t k) {
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k - 1;
    while (lo < hi) {
        nbr p = v[lo + (hi - lo) / 2];
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (before(v[i], p))
                i++;
            while (before(p, v[j]))
                j--;
            if (i <= j) {
                nbr t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (want <= j)
            hi = j;
        else if (want >= i)
            lo = i;
        else
            break;
    }
}

/* The (up to) kmax first-ranked of the cnt candidates in cd2/ck into out, ranked; returns how
 * many. */
static int pick(dtmap_idw_scratch *s, size_t cnt, int kmax, nbr *out) {
    const double *cd2 = s->cd2;
    const uint32_t *ck = s->ck, *id = s->id;
    if (kmax <= SMALL_K) {
        int n = 0;
        for (size_t i = 0; i < cnt; i++) {
            nbr c = {cd2[i], id[ck[i]], ck[i]};
            if (n == kmax && !before(c, out[kmax - 1])) continue;
            int pos = n < kmax ? n++ : kmax - 1;
            while (pos > 0 && before(c, out[pos - 1])) {
                out[pos] = out[pos - 1];
                pos--;
            }
            out[pos] = c;
        }
        return n;
    }
    nbr *v = s->cand;
    for (size_t i = 0; i < cnt; i++)
        v[i] = (nbr){cd2[i], id[ck[i]], ck[i]};
    if (cnt > (size_t)kmax) {
        select_k(v, cnt, (size_t)kmax);
        cnt = (size_t)kmax;
    }
    qsort(v, cnt, sizeof *v, nbr_cmp);
    memcpy(out, v, cnt * sizeof *out);
    return (int)cnt;
}

/* Seeds this cell's list out with the previous cell's neighbours hint[0..nh-1], re-ranked by
 * their exact d2 from (cx, cy) (often nearly sorted already: an insertion sort) and marked
 * with the cell's tick, and sets *seeded to 1. Returns the search bound: the largest of those
 * d2, which leaves at least kmax points within it, so no point beyond it can be among the kmax
 * nearest. For large K (above SMALL_K), only that bound is returned (*seeded 0). Without a full
 * hint (nh < kmax) or when a seed is farther than R, returns R * R (*seeded 0). */
static double seed(dtmap_idw_scratch *s, const nbr *hint, int nh, int kmax, double cx, double cy,
                   nbr *out, int *seeded) {
    *seeded = 0;
    if (nh < kmax) return s->r2;
    double b = 0;
    if (kmax > SMALL_K) { /* the bound only: pick's quickselect ranks all candidates */
        for (int i = 0; i < nh; i++) {
            double dx = s->x[hint[i].k] - cx, dy = s->y[hint[i].k] - cy;
            double d2 = dx * dx + dy * dy;
            b = d2 > b ? d2 : b;
        }
        return b < s->r2 ? b : s->r2;
    }
    for (int i = 0; i < nh; i++) {
        uint32_t k = hint[i].k;
        double dx = s->x[k] - cx, dy = s->y[k] - cy;
        nbr c = {dx * dx + dy * dy, hint[i].id, k};
        b = c.d2 > b ? c.d2 : b;
        int pos = i;
        while (pos > 0 && before(c, out[pos - 1])) {
            out[pos] = out[pos - 1];
            pos--;
        }
        out[pos] = c;
    }
    if (b > s->r2) return s->r2;
    if (++s->tick == 0) { /* wrapped: forget every mark */
        memset(s->mark, 0, s->pcap * sizeof *s->mark);
        s->tick = 1;
    }
    for (int i = 0; i < nh; i++)
        s->mark[out[i].k] = s->tick;
    *seeded = 1;
    return b;
}

/* Completes a seeded list out (kmax ranked entries): each of the cnt candidates in cd2/ck that
 * is not a seed and ranks before the last entry is inserted. */
static void pick_seeded(dtmap_idw_scratch *s, size_t cnt, int kmax, nbr *out) {
    const double *cd2 = s->cd2;
    const uint32_t *ck = s->ck, *id = s->id, *mark = s->mark, tick = s->tick;
    nbr last = out[kmax - 1];
    for (size_t i = 0; i < cnt; i++) {
        uint32_t k = ck[i];
        /* a seed is already in: pushed beyond any bound by arithmetic, not a branch (d2 + 0
         * is d2 exactly) */
        nbr c = {cd2[i] + (double)(mark[k] == tick) * 1e300, id[k], k};
        if (!before(c, last)) continue;
        int pos = kmax - 1;
        while (pos > 0 && before(c, out[pos - 1])) {
            out[pos] = out[pos - 1];
            pos--;
        }
        out[pos] = c;
        last = out[kmax - 1];
    }
}

/* The IDW value from the ranked neighbours, exactly as idw.c's cell_value sums them. */
static float value_of(const dtmap_idw_scratch *s, const nbr *v, int cnt, float nodata) {
    if (cnt == 0) return nodata;
    if (v[0].d2 < ZERO_D2) return (float)s->z[v[0].k];
    if (cnt < s->opts.min_points) return nodata;
    double num = 0, den = 0;
    for (int i = 0; i < cnt; i++) {
        double d2 = v[i].d2;
        double w = 1.0 / (s->half_power == 1.0 ? d2 : pow(d2, s->half_power));
        num += w * s->z[v[i].k];
        den += w;
    }
    if (den == 0.0) return nodata;
    return (float)(num / den);
}

dtmap_status dtmapi_idw_tile_at(dtmap_idw_scratch *s, const dtmap_grid *g, int col0, int row0,
                                int ncols, int nrows, const double *x, const double *y,
                                const double *z, size_t n, float nodata, float *out, int stride,
                                dtmap_error *err) {
    dtmap_grid box = {.xmin = g->xmin + col0 * g->res_m,
                      .ymax = g->ymax - row0 * g->res_m,
                      .res_m = g->res_m,
                      .ncols = ncols,
                      .nrows = nrows};
    size_t kept = n ? sort_points(s, &box, x, y, z, n) : 0;
    if (kept == SIZE_MAX) goto nomem;
    if (kept == 0) {
        for (int r = 0; r < nrows; r++)
            for (int c = 0; c < ncols; c++)
                out[(size_t)r * (size_t)stride + c] = nodata;
        return DTMAP_OK;
    }
    /* No more neighbours than points: keeps the lists small for huge max_points. */
    int kmax = (size_t)s->opts.max_points < kept ? s->opts.max_points : (int)kept;
    if (reserve(s, 0, 0, (size_t)kmax)) goto nomem;
    int n_above = 0;
    for (int r = 0; r < nrows; r++) {
        float *o = out + (size_t)r * (size_t)stride;
        int n_prev = 0;
        for (int c = 0; c < ncols; c++) {
            double cx, cy;
            dtmap_grid_cell_center(g, col0 + c, row0 + r, &cx, &cy);
            int seeded, cnt = kmax;
            double b2 = c == 0 ? seed(s, s->above, n_above, kmax, cx, cy, s->cur, &seeded)
                               : seed(s, s->prev, n_prev, kmax, cx, cy, s->cur, &seeded);
            size_t m = gather(s, cx, cy, b2);
            if (seeded)
                pick_seeded(s, m, kmax, s->cur);
            else
                cnt = pick(s, m, kmax, s->cur);
            o[c] = value_of(s, s->cur, cnt, nodata);
            nbr *t = s->prev;
            s->prev = s->cur;
            s->cur = t;
            n_prev = cnt;
            if (c == 0) {
                memcpy(s->above, s->prev, (size_t)cnt * sizeof *s->above);
                n_above = cnt;
            }
        }
    }
    return DTMAP_OK;
nomem:
    return dtmap_error_set(err, DTMAP_ERR_NOMEM, "idw tile of %zu points", n);
}

dtmap_status dtmap_idw_tile(dtmap_idw_scratch *s, const dtmap_grid *tile, const double *x,
                            const double *y, const double *z, size_t n, float nodata, float *out,
                            int stride, dtmap_error *err) {
    if (!s || !out) return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw tile: no scratch or output");
    dtmap_status st = dtmapi_idw_check_grid(tile, err);
    if (st != DTMAP_OK) return st;
    if (stride < tile->ncols)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw tile: stride %d < %d columns", stride,
                               tile->ncols);
    if (n > 0 && (!x || !y || !z))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw tile: %zu points but no arrays", n);
    if (n > DTMAPI_IDW_MAX_POINTS)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw tile: too many points (%zu)", n);
    return dtmapi_idw_tile_at(s, tile, 0, 0, tile->ncols, tile->nrows, x, y, z, n, nodata, out,
                              stride, err);
}
