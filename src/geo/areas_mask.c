/* areas_mask.c: what lies inside an area: the exact share of each grid cell (Green's theorem
 * on the area's boundary cut at the grid lines) and the point-in-area test for samples.
 *
 * Method. Work in window units: u = columns east of the window's west edge, v = rows south of
 * its north edge, so cell (c, r) is [c, c+1] x [r, r+1]. For a closed ring, Green's theorem
 * gives the (signed) area of the ring's interior inside cell (c, r) as
 *     A(c, r) = integral over the ring of (clamp(u, c, c+1) - c) * [r < v < r+1] dv.
 * Cut every edge at the integer u and v lines it crosses: each piece lies in one column c' and
 * one row r. Along a piece, clamp(u, c, c+1) - c is u - c' for c = c' (linear, so the midpoint
 * rule is exact), 1 for every c < c', and 0 for every c > c'. So a piece adds
 * p = (mean u - c') * dv to its own cell and dv to every cell west of it in its row. Both are
 * accumulated in one array Q so that A(c, r) = sum of Q over columns >= c (a suffix sum per
 * row): p goes to Q[c'] and dv - p to Q[c' - 1]. Rings are weighted +1 or -1 so that exterior
 * rings count positive and holes negative whatever their orientation. The result is exact up
 * to rounding (about 1e-13 of a cell), for interior cells and cells cut by the boundary alike. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/areas.h"

/* Accumulator for one area on one window of W x H cells. */
typedef struct acc {
    double *q;
    int w, h;
    double weight; /* +1 or -1 for the ring being added */
} acc;

/* One piece of an edge, within one column and one row (or wholly outside the window). */
static void add_piece(acc *a, double u0, double v0, double u1, double v1) {
    double dv = v1 - v0;
    if (dv == 0) return;
    double r = floor(0.5 * (v0 + v1)), c = floor(0.5 * (u0 + u1));
    if (r < 0 || r >= a->h || c < 0) return;
    double *row = a->q + (size_t)r * (size_t)a->w;
    if (c >= a->w) { /* east of the window: covers every cell of the row to its west */
        row[a->w - 1] += a->weight * dv;
        return;
    }
    double ua = fmin(fmax(u0, c), c + 1), ub = fmin(fmax(u1, c), c + 1);
    double p = a->weight * (0.5 * (ua + ub) - c) * dv;
    row[(int)c] += p;
    if (c >= 1) row[(int)c - 1] += a->weight * dv - p;
}

/* Integer lines strictly between s0 and s1 within [0, lim], walked from s0 towards s1. */
typedef struct lines {
    double k, end, step;
} lines;

static lines lines_between(double s0, double s1, int lim) {
    if (s1 > s0) return (lines){fmax(floor(s0) + 1, 0), fmin(ceil(s1) - 1, lim), 1};
    if (s1 < s0) return (lines){fmin(ceil(s0) - 1, lim), fmax(floor(s1) + 1, 0), -1};
    return (lines){1, 0, 1}; /* none */
}

static int lines_left(const lines *l) {
    return l->step > 0 ? l->k <= l->end : l->k >= l->end;
}

/* Cuts the edge (ua, va)-(ub, vb) at the grid lines and adds its pieces. */
static void add_edge(acc *a, double ua, double va, double ub, double vb) {
    double du = ub - ua, dv = vb - va;
    if (dv == 0 || fmax(va, vb) <= 0 || fmin(va, vb) >= a->h) return;
    lines lu = lines_between(ua, ub, a->w), lv = lines_between(va, vb, a->h);
    double u0 = ua, v0 = va;
    for (;;) {
        double tu = lines_left(&lu) ? (lu.k - ua) / du : 2;
        double tv = lines_left(&lv) ? (lv.k - va) / dv : 2;
        double u1, v1;
        if (tu >= 1 && tv >= 1) {
            add_piece(a, u0, v0, ub, vb);
            return;
        }
        if (tu <= tv) {
            u1 = lu.k;
            v1 = tu == tv ? lv.k : va + tu * dv;
            if (tu == tv) lv.k += lv.step;
            lu.k += lu.step;
        } else {
            u1 = ua + tv * du;
            v1 = lv.k;
            lv.k += lv.step;
        }
        add_piece(a, u0, v0, u1, v1);
        u0 = u1;
        v0 = v1;
    }
}

dtmap_status dtmap_areas_cover(const dtmap_areas *areas, size_t i, const dtmap_grid *grid,
                               dtmap_area_cover *out, dtmap_error *err) {
    double ext[4];
    memset(out, 0, sizeof *out);
    if (!(grid->res_m > 0) || grid->ncols < 0 || grid->nrows < 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "area cover: bad grid (resolution %g m)",
                               grid->res_m);
    dtmap_areas_bounds(areas, i, ext);
    const double res = grid->res_m;
    double c0 = fmax(floor((ext[0] - grid->xmin) / res), 0);
    double c1 = fmin(ceil((ext[2] - grid->xmin) / res), grid->ncols);
    double r0 = fmax(floor((grid->ymax - ext[3]) / res), 0);
    double r1 = fmin(ceil((grid->ymax - ext[1]) / res), grid->nrows);
    if (!(c1 > c0 && r1 > r0)) return DTMAP_OK; /* the area misses the grid */
    acc a = {.w = (int)(c1 - c0), .h = (int)(r1 - r0)};
    a.q = calloc((size_t)a.w * (size_t)a.h, sizeof *a.q);
    if (!a.q)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "area '%s': cover of %d x %d cells",
                               dtmap_areas_name(areas, i), a.w, a.h);
    const double ox = grid->xmin + c0 * res, oy = grid->ymax - r0 * res;
    size_t nrings;
    const dtmap_ring *rings = dtmap_areas_rings(areas, i, &nrings);
    for (size_t k = 0; k < nrings; k++) {
        const dtmap_ring *g = &rings[k];
        double s = 0; /* orientation in (u, v): twice the signed area */
        for (size_t j = 0; j + 1 < g->n; j++)
            s += ((g->x[j] - ox) * (oy - g->y[j + 1]) - (g->x[j + 1] - ox) * (oy - g->y[j])) /
                 (res * res);
        a.weight = (s > 0) == !g->hole ? 1.0 : -1.0;
        for (size_t j = 0; j + 1 < g->n; j++)
            add_edge(&a, (g->x[j] - ox) / res, (oy - g->y[j]) / res, (g->x[j + 1] - ox) / res,
                     (oy - g->y[j + 1]) / res);
    }
    for (int r = 0; r < a.h; r++) { /* suffix sums turn Q into fractions */
        double *row = a.q + (size_t)r * (size_t)a.w, sum = 0;
        for (int c = a.w - 1; c >= 0; c--) {
            sum += row[c];
            row[c] = sum < 1e-9 ? 0 : sum > 1 - 1e-9 ? 1 : sum;
        }
    }
    *out = (dtmap_area_cover){
        .col0 = (int)c0, .row0 = (int)r0, .ncols = a.w, .nrows = a.h, .frac = a.q};
    return DTMAP_OK;
}

/* One edge, copied into every band of the point index it overlaps. */
typedef struct edge {
    double x0, y0, x1, y1;
} edge;

/* Edges of an area by horizontal band: band b spans y0 + b h .. y0 + (b+1) h and lists
 * e[start[b]] .. e[start[b+1]-1]. */
typedef struct pindex {
    double y0, h;
    int nb;
    size_t *start;
    edge *e;
} pindex;

/* Band of y, clamped (so monotone in y: an edge spanning y is listed in y's band). */
static int band_of(const pindex *ix, double y) {
    double b = floor((y - ix->y0) / ix->h);
    return b < 0 ? 0 : b >= ix->nb ? ix->nb - 1 : (int)b;
}

/* Fills ix with nb bands over ext's height (one band when nb < 1 or the height is 0; a quarter
 * as many, repeatedly, while long edges would make the index over 16 entries per edge).
 * Returns 0 when out of memory. */
static int index_build(const dtmap_ring *rings, size_t nrings, const double ext[4], int nb,
                       pindex *ix) {
    *ix = (pindex){.y0 = ext[1], .nb = nb < 1 ? 1 : nb};
    ix->h = (ext[3] - ext[1]) / ix->nb;
    if (!(ix->h > 0)) ix->nb = 1, ix->h = 1;
    ix->start = calloc((size_t)ix->nb + 1, sizeof *ix->start);
    if (!ix->start) return 0;
    size_t nedges = 0;
    for (size_t r = 0; r < nrings; r++)
        nedges += rings[r].n - 1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t r = 0; r < nrings; r++)
            for (size_t k = 0; k + 1 < rings[r].n; k++) {
                const double *x = rings[r].x + k, *y = rings[r].y + k;
                int b1 = band_of(ix, fmax(y[0], y[1]));
                for (int b = band_of(ix, fmin(y[0], y[1])); b <= b1; b++) {
                    if (pass == 0)
                        ix->start[b + 1]++;
                    else
                        ix->e[ix->start[b]++] = (edge){x[0], y[0], x[1], y[1]};
                }
            }
        if (pass == 0) { /* counts to offsets */
            for (int b = 0; b < ix->nb; b++)
                ix->start[b + 1] += ix->start[b];
            if (ix->start[ix->nb] > 16 * nedges && ix->nb > 1) { /* long edges: fewer bands */
                free(ix->start);
                return index_build(rings, nrings, ext, ix->nb / 4, ix);
            }
            ix->e = malloc((ix->start[ix->nb] ? ix->start[ix->nb] : 1) * sizeof *ix->e);
            if (!ix->e) return 0;
        }
    }
    for (int b = ix->nb; b > 0; b--) /* filling moved each offset to its band's end */
        ix->start[b] = ix->start[b - 1];
    ix->start[0] = 0;
    return 1;
}

/* Even-odd crossing test of (x, y) against the edges of y's band. */
static int index_contains(const pindex *ix, double x, double y) {
    int b = band_of(ix, y), in = 0;
    for (size_t k = ix->start[b]; k < ix->start[b + 1]; k++) {
        const edge *e = &ix->e[k];
        if ((e->y0 > y) != (e->y1 > y) &&
            x < e->x0 + (e->x1 - e->x0) * (y - e->y0) / (e->y1 - e->y0))
            in = !in;
    }
    return in;
}

static int in_box(const double ext[4], double x, double y) {
    return x >= ext[0] && x <= ext[2] && y >= ext[1] && y <= ext[3];
}

int dtmap_areas_contains(const dtmap_areas *areas, size_t i, double x, double y) {
    double ext[4];
    size_t nrings;
    int in = 0;
    dtmap_areas_bounds(areas, i, ext);
    if (!in_box(ext, x, y)) return 0;
    const dtmap_ring *rings = dtmap_areas_rings(areas, i, &nrings);
    for (size_t r = 0; r < nrings; r++)
        for (size_t k = 0; k + 1 < rings[r].n; k++) {
            const double *ex = rings[r].x + k, *ey = rings[r].y + k;
            if ((ey[0] > y) != (ey[1] > y) &&
                x < ex[0] + (ex[1] - ex[0]) * (y - ey[0]) / (ey[1] - ey[0]))
                in = !in;
        }
    return in;
}

dtmap_status dtmap_areas_contains_n(const dtmap_areas *areas, size_t i, const double *x,
                                    const double *y, size_t n, unsigned char *inside,
                                    dtmap_error *err) {
    double ext[4];
    size_t nrings, nedges = 0;
    pindex ix;
    dtmap_areas_bounds(areas, i, ext);
    const dtmap_ring *rings = dtmap_areas_rings(areas, i, &nrings);
    for (size_t r = 0; r < nrings; r++)
        nedges += rings[r].n - 1;
    int nb = nedges / 4 > 1024 ? 1024 : (int)(nedges / 4);
    dtmap_status st = DTMAP_OK;
    if (!index_build(rings, nrings, ext, nb, &ix))
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "area '%s': point index of %zu edges",
                             dtmap_areas_name(areas, i), nedges);
    for (size_t k = 0; k < n && st == DTMAP_OK; k++)
        inside[k] = in_box(ext, x[k], y[k]) && index_contains(&ix, x[k], y[k]);
    free(ix.start);
    free(ix.e);
    return st;
}

double dtmap_area_cover_at(const dtmap_area_cover *cv, int col, int row) {
    int c = col - cv->col0, r = row - cv->row0;
    if (c < 0 || r < 0 || c >= cv->ncols || r >= cv->nrows) return 0;
    return cv->frac[(size_t)r * (size_t)cv->ncols + (size_t)c];
}

void dtmap_area_cover_free(dtmap_area_cover *cv) {
    if (!cv) return;
    free(cv->frac);
    memset(cv, 0, sizeof *cv);
}
