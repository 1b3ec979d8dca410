/* tilegaps.c: run-wide gap regions found tile by tile: each tile's weak cells are labelled
 * 4-connected inside the tile, each piece gets a provisional id and its statistics, and pieces
 * that touch across a tile edge are joined by union-find; finish numbers the regions as
 * dtmap_gaps_find (gaps.c) does. */
#include "dtmap/tilegaps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Running totals of one piece (and, at a union-find root, of its whole region so far). */
typedef struct piece {
    size_t first;  /* row-major grid index of its first cell */
    size_t ncells; /* cells */
    double sum;    /* of values, in mW when averaging powers */
    double min;
    double samples;
    int64_t dc, dr;     /* sums of (col - col0) and (row - row0) over its cells: exact */
    int32_t col0, row0; /* the reference cell of dc and dr (the piece's seed) */
} piece;

struct dtmap_tilegaps {
    dtmap_grid grid;
    int T, power, above, ntc, ntr;
    float nodata;
    double threshold;
    int32_t *label;  /* T * T: the last tile's local labels (-1 while weak and unlabelled) */
    int32_t *stack;  /* T * T tile indices, for the fill */
    int32_t *rowbuf; /* ncols: provisional ids along the south row of each column's last tile */
    int *rowstamp;   /* ntc: the tile row whose south row rowbuf holds (-2: none) */
    int32_t *colbuf; /* T: provisional ids along the east column of the last tile */
    int last_tc, last_tr;
    int32_t nlocal, prov0; /* of the last tile */
    piece *pc;             /* 1..nprov */
    int32_t *parent;       /* 1..nprov: union-find parents */
    size_t nprov, cap;
    size_t covered, weak, unmeasured;
    int broken; /* a failed add_tile or a finish happened: no more tiles */
};

/* 1 if v is a measured gap cell: below threshold, or at or above it when above. */
static int is_weak(float v, float nodata, double threshold, int above) {
    return isfinite(v) && v != nodata && (above ? (double)v >= threshold : (double)v < threshold);
}

/* See tilegaps.h. */
dtmap_status dtmap_tilegaps_begin(const dtmap_grid *grid, int tile, float nodata, double threshold,
                                  int power_domain, int above, dtmap_tilegaps **out,
                                  dtmap_error *err) {
    dtmap_tilegaps *tg;
    if (out == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "tilegaps: no output");
    *out = NULL;
    if (grid == NULL || grid->ncols <= 0 || grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "tilegaps: missing or empty grid");
    if (tile < 16 || tile % 16 != 0 || tile > 8192)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "tilegaps: tile side %d is not a multiple of 16 in 16..8192", tile);
    if (above && power_domain)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "tilegaps: 'above' gaps average as they are");
    tg = calloc(1, sizeof *tg);
    if (tg == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "tilegaps: out of memory");
    tg->grid = *grid;
    tg->T = tile;
    tg->power = power_domain != 0;
    tg->above = above != 0;
    tg->nodata = nodata;
    tg->threshold = threshold;
    tg->ntc = (grid->ncols + tile - 1) / tile;
    tg->ntr = (grid->nrows + tile - 1) / tile;
    tg->last_tc = tg->last_tr = -1;
    tg->label = malloc((size_t)tile * (size_t)tile * sizeof *tg->label);
    tg->stack = malloc((size_t)tile * (size_t)tile * sizeof *tg->stack);
    tg->rowbuf = calloc((size_t)grid->ncols, sizeof *tg->rowbuf);
    tg->rowstamp = malloc((size_t)tg->ntc * sizeof *tg->rowstamp);
    tg->colbuf = calloc((size_t)tile, sizeof *tg->colbuf);
    if (tg->label == NULL || tg->stack == NULL || tg->rowbuf == NULL || tg->rowstamp == NULL ||
        tg->colbuf == NULL) {
        dtmap_tilegaps_free(tg);
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "tilegaps: out of memory for %d x %d tiles",
                               tile, tile);
    }
    for (int k = 0; k < tg->ntc; k++)
        tg->rowstamp[k] = -2; /* not even tr - 1 of row 0 */
    *out = tg;
    return DTMAP_OK;
}

/* Root of provisional id p, compressing the path. */
static int32_t find_root(int32_t *parent, int32_t p) {
    int32_t r = p;
    while (parent[r] != r)
        r = parent[r];
    while (parent[p] != r) {
        int32_t next = parent[p];
        parent[p] = r;
        p = next;
    }
    return r;
}

/* Adds the totals of b to a; the offset sums move to a's reference cell exactly. */
static void piece_merge(piece *a, const piece *b) {
    a->dc += b->dc + (int64_t)b->ncells * ((int64_t)b->col0 - a->col0);
    a->dr += b->dr + (int64_t)b->ncells * ((int64_t)b->row0 - a->row0);
    a->ncells += b->ncells;
    a->sum += b->sum;
    if (b->min < a->min) a->min = b->min;
    a->samples += b->samples;
    if (b->first < a->first) a->first = b->first;
}

/* Joins the regions of provisional ids a and b; the smaller root stays root. */
static void join(dtmap_tilegaps *tg, int32_t a, int32_t b) {
    int32_t ra = find_root(tg->parent, a), rb = find_root(tg->parent, b);
    if (ra == rb) return;
    if (rb < ra) {
        int32_t t = ra;
        ra = rb;
        rb = t;
    }
    piece_merge(&tg->pc[ra], &tg->pc[rb]);
    tg->parent[rb] = ra;
}

/* Makes room for provisional ids up to nprov + extra. */
static dtmap_status grow(dtmap_tilegaps *tg, size_t extra, dtmap_error *err) {
    size_t need = tg->nprov + extra + 1, cap = tg->cap ? tg->cap : 64;
    if (need > (size_t)INT32_MAX)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "tilegaps: more than %d provisional regions",
                               INT32_MAX);
    if (need <= tg->cap) return DTMAP_OK;
    while (cap < need)
        cap *= 2;
    piece *pc = realloc(tg->pc, cap * sizeof *pc);
    if (pc != NULL) tg->pc = pc;
    int32_t *parent = pc != NULL ? realloc(tg->parent, cap * sizeof *parent) : NULL;
    if (parent == NULL)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "tilegaps: out of memory for %zu regions",
                               need);
    tg->parent = parent;
    tg->cap = cap;
    return DTMAP_OK;
}

/* Classifies the tile's w x h real cells into tg->label (-1 weak, 0 not) and counts them;
 * returns the number of weak cells. */
static size_t classify(dtmap_tilegaps *tg, const float *value, int w, int h) {
    size_t T = (size_t)tg->T, nweak = 0;
    memset(tg->label, 0, T * T * sizeof *tg->label);
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            float v = value[(size_t)r * T + (size_t)c];
            if (!isfinite(v) || v == tg->nodata)
                tg->unmeasured++;
            else if (!is_weak(v, tg->nodata, tg->threshold, tg->above))
                tg->covered++;
            else {
                tg->label[(size_t)r * T + (size_t)c] = -1;
                nweak++;
            }
        }
    tg->weak += nweak;
    return nweak;
}

/* Fills the local region of seed (weak, unlabelled) as local label id, summing its cells into
 * p: the same pop order and neighbour order (above, left, right, below) as regions.c. */
static void fill(dtmap_tilegaps *tg, int tc, int tr, int w, int h, int32_t seed, int32_t id,
                 const float *value, const float *count, piece *p) {
    int32_t T = tg->T, nst = 0;
    size_t ncols = (size_t)tg->grid.ncols;
    int col0 = tc * T + seed % T, row0 = tr * T + seed / T;
    memset(p, 0, sizeof *p);
    p->first = (size_t)row0 * ncols + (size_t)col0;
    p->col0 = col0;
    p->row0 = row0;
    p->min = value[seed];
    tg->label[seed] = id;
    tg->stack[nst++] = seed;
    while (nst > 0) {
        int32_t i = tg->stack[--nst], c = i % T, r = i / T, nb[4];
        int nnb = 0;
        double v = value[i];
        p->ncells++;
        p->sum += tg->power ? pow(10.0, v / 10.0) : v;
        if (v < p->min) p->min = v;
        if (count != NULL && isfinite(count[i]) && count[i] != tg->nodata) p->samples += count[i];
        p->dc += tc * T + c - col0;
        p->dr += tr * T + r - row0;
        if (r > 0) nb[nnb++] = i - T;
        if (c > 0) nb[nnb++] = i - 1;
        if (c + 1 < w) nb[nnb++] = i + 1;
        if (r + 1 < h) nb[nnb++] = i + T;
        for (int k = 0; k < nnb; k++) {
            if (tg->label[nb[k]] != -1) continue;
            tg->label[nb[k]] = id;
            tg->stack[nst++] = nb[k];
        }
    }
}

/* See tilegaps.h. The north edge is joined through rowbuf when the tile above was the last one
 * added in this tile column; the west edge through colbuf when the last tile was the west
 * neighbour. */
dtmap_status dtmap_tilegaps_add_tile(dtmap_tilegaps *tg, int tc, int tr, const float *value,
                                     const float *count, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    int w, h;
    int32_t T, nlocal = 0;

    if (tg == NULL || value == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "tilegaps: missing tile");
    if (tg->broken) return dtmap_error_set(err, DTMAP_ERR_USAGE, "tilegaps: labeller unusable");
    if (tc < 0 || tr < 0 || tc >= tg->ntc || tr >= tg->ntr ||
        (tr < tg->last_tr || (tr == tg->last_tr && tc <= tg->last_tc)))
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "tilegaps: tile (%d, %d) outside the grid or out of order", tc, tr);
    T = tg->T;
    w = tg->grid.ncols - tc * T < T ? tg->grid.ncols - tc * T : T;
    h = tg->grid.nrows - tr * T < T ? tg->grid.nrows - tr * T : T;
    size_t nweak = classify(tg, value, w, h);
    /* a tile holds at most T * T / 2 + 1 local regions; nweak bounds them too */
    st = grow(tg, nweak, err);
    if (st != DTMAP_OK) goto done;
    tg->prov0 = (int32_t)tg->nprov;
    for (int32_t i = 0; i < T * h && nweak > 0; i++) {
        if (tg->label[i] != -1) continue;
        nlocal++;
        int32_t p = tg->prov0 + nlocal;
        fill(tg, tc, tr, w, h, i, nlocal, value, count, &tg->pc[p]);
        tg->parent[p] = p;
    }
    tg->nprov += (size_t)nlocal;
    tg->nlocal = nlocal;

    int32_t *rowbuf = tg->rowbuf + (size_t)tc * (size_t)T;
    int north = tg->rowstamp[tc] == tr - 1, west = tg->last_tr == tr && tg->last_tc == tc - 1;
    for (int c = 0; c < w; c++) {
        int32_t l = tg->label[c];
        if (north && l > 0 && rowbuf[c] > 0) join(tg, tg->prov0 + l, rowbuf[c]);
        l = tg->label[(size_t)(h - 1) * (size_t)T + (size_t)c];
        rowbuf[c] = l > 0 ? tg->prov0 + l : 0;
    }
    tg->rowstamp[tc] = tr;
    for (int r = 0; r < h; r++) {
        int32_t l = tg->label[(size_t)r * (size_t)T];
        if (west && l > 0 && tg->colbuf[r] > 0) join(tg, tg->prov0 + l, tg->colbuf[r]);
        l = tg->label[(size_t)r * (size_t)T + (size_t)(w - 1)];
        tg->colbuf[r] = l > 0 ? tg->prov0 + l : 0;
    }
    tg->last_tc = tc;
    tg->last_tr = tr;

done:
    if (st != DTMAP_OK) tg->broken = 1;
    return st;
}

/* See tilegaps.h. */
int dtmap_tilegaps_last_tile(const dtmap_tilegaps *tg, dtmap_tilegaps_tile *t) {
    if (tg == NULL || t == NULL || tg->last_tc < 0) return 0;
    t->tc = tg->last_tc;
    t->tr = tg->last_tr;
    t->tile = tg->T;
    t->ncols = tg->grid.ncols - t->tc * tg->T < tg->T ? tg->grid.ncols - t->tc * tg->T : tg->T;
    t->nrows = tg->grid.nrows - t->tr * tg->T < tg->T ? tg->grid.nrows - t->tr * tg->T : tg->T;
    t->label = tg->label;
    t->nlocal = tg->nlocal;
    t->prov0 = tg->prov0;
    return 1;
}

/* A region's root: its totals and its provisional id. */
typedef struct rootref {
    const piece *p;
    int32_t id;
} rootref;

/* Orders roots by area descending, then first cell in row-major order: the order of gaps.c. */
static int rootref_cmp(const void *a, const void *b) {
    const piece *pa = ((const rootref *)a)->p, *pb = ((const rootref *)b)->p;
    if (pa->ncells != pb->ncells) return pa->ncells > pb->ncells ? -1 : 1;
    if (pa->first != pb->first) return pa->first < pb->first ? -1 : 1;
    return 0;
}

/* Fills out->v from the sorted roots: statistics and grid centroids in x, y. */
static void records_make(const dtmap_tilegaps *tg, const rootref *roots, size_t n,
                         dtmap_tilegaps_result *out, double *x, double *y) {
    double cell_m2 = dtmap_grid_cell_area_m2(&tg->grid);
    size_t ncols = (size_t)tg->grid.ncols;
    for (size_t k = 0; k < n; k++) {
        const piece *p = roots[k].p;
        dtmap_gap *g = &out->v[k];
        double nc = (double)p->ncells, x0, y0;
        int32_t fc = (int32_t)(p->first % ncols), fr = (int32_t)(p->first / ncols);
        /* offsets from the first cell, as gaps.c sums them */
        int64_t dc = p->dc + (int64_t)p->ncells * ((int64_t)p->col0 - fc);
        int64_t dr = p->dr + (int64_t)p->ncells * ((int64_t)p->row0 - fr);
        g->id = (int32_t)(k + 1);
        g->ncells = p->ncells;
        g->area_m2 = nc * cell_m2;
        g->mean = tg->power ? 10.0 * log10(p->sum / nc) : p->sum / nc;
        g->min = p->min;
        g->samples = p->samples;
        dtmap_grid_cell_center(&tg->grid, fc, fr, &x0, &y0);
        x[k] = x0 + (double)dc * tg->grid.res_m / nc;
        y[k] = y0 - (double)dr * tg->grid.res_m / nc;
    }
}

/* See tilegaps.h. */
dtmap_status dtmap_tilegaps_finish(dtmap_tilegaps *tg, const dtmap_crs *crs,
                                   dtmap_tilegaps_result *out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    rootref *roots = NULL;
    double *x = NULL, *y = NULL;
    size_t n = 0;

    if (out == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "tilegaps: no output");
    memset(out, 0, sizeof *out);
    if (tg == NULL || tg->broken)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "tilegaps: labeller missing or unusable");
    tg->broken = 1;
    out->cells_covered = tg->covered;
    out->cells_weak = tg->weak;
    out->cells_unmeasured = tg->unmeasured;
    out->nprov = tg->nprov;
    out->final_id = calloc(tg->nprov + 1, sizeof *out->final_id);
    for (size_t p = 1; p <= tg->nprov; p++)
        n += find_root(tg->parent, (int32_t)p) == (int32_t)p;
    roots = malloc((n > 0 ? n : 1) * sizeof *roots);
    out->v = calloc(n > 0 ? n : 1, sizeof *out->v);
    x = malloc((n > 0 ? n : 1) * sizeof *x);
    y = malloc((n > 0 ? n : 1) * sizeof *y);
    if (out->final_id == NULL || roots == NULL || out->v == NULL || x == NULL || y == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "tilegaps: out of memory for %zu regions", n);
        goto done;
    }
    n = 0;
    for (size_t p = 1; p <= tg->nprov; p++)
        if (tg->parent[p] == (int32_t)p) roots[n++] = (rootref){&tg->pc[p], (int32_t)p};
    qsort(roots, n, sizeof *roots, rootref_cmp);
    for (size_t k = 0; k < n; k++)
        out->final_id[roots[k].id] = (int32_t)(k + 1);
    for (size_t p = 1; p <= tg->nprov; p++)
        out->final_id[p] = out->final_id[tg->parent[p]]; /* parents are roots after the count */
    records_make(tg, roots, n, out, x, y);
    out->n = n;
    if (crs != NULL && n > 0) {
        st = dtmap_crs_inverse(crs, x, y, n, x, y, err);
        if (st != DTMAP_OK) goto done;
    } else {
        for (size_t k = 0; k < n; k++)
            x[k] = y[k] = NAN;
    }
    for (size_t k = 0; k < n; k++) {
        out->v[k].lon = x[k];
        out->v[k].lat = y[k];
    }

done:
    free(y);
    free(x);
    free(roots);
    if (st != DTMAP_OK) dtmap_tilegaps_result_free(out);
    return st;
}

void dtmap_tilegaps_free(dtmap_tilegaps *tg) {
    if (tg == NULL) return;
    free(tg->parent);
    free(tg->pc);
    free(tg->colbuf);
    free(tg->rowstamp);
    free(tg->rowbuf);
    free(tg->stack);
    free(tg->label);
    free(tg);
}

void dtmap_tilegaps_result_free(dtmap_tilegaps_result *r) {
    if (r == NULL) return;
    free(r->v);
    free(r->final_id);
    memset(r, 0, sizeof *r);
}
