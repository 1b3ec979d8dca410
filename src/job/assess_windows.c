/* assess_windows.c: the windows of the run's grid around the areas of interest, filled from
 * the run's tiles as they pass (see assess.h): the area report needs each area's cells, never
 * the whole grid. */
#include "job/assess.h"

#include "geo/span.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A cell index v clamped to 0..n while still a double. */
static int clamp_cell(double v, int n) {
    return !(v > 0) ? 0 : v > n ? n : (int)v;
}

/* The layer index of tech x metric in r, or -1. */
static int layer_of(const dtmap_map_result *r, int t, dtmap_metric m) {
    for (size_t k = 0; k < r->nlayers; k++)
        if ((int)r->layers[k].tech == t && r->layers[k].metric == m) return (int)k;
    return -1;
}

/* The window of area i in g: its bounds grown by a tenth of their size (at least five cells,
 * as the quick-look map draws) and one cell more, within g. */
static void window_of(const dtmap_areas *areas, size_t i, const dtmap_grid *g, assess_window *w) {
    double e[4];
    dtmap_areas_bounds(areas, i, e);
    double m = fmax(5 * g->res_m, 0.1 * fmax(e[2] - e[0], e[3] - e[1])) + g->res_m;
    int x0 = clamp_cell(floor((e[0] - m - g->xmin) / g->res_m), g->ncols);
    int x1 = clamp_cell(ceil((e[2] + m - g->xmin) / g->res_m), g->ncols);
    int y0 = clamp_cell(floor((g->ymax - (e[3] + m)) / g->res_m), g->nrows);
    int y1 = clamp_cell(ceil((g->ymax - (e[1] - m)) / g->res_m), g->nrows);
    w->col0 = x0, w->row0 = y0;
    w->g = *g;
    w->g.xmin = g->xmin + x0 * g->res_m;
    w->g.ymax = g->ymax - y0 * g->res_m;
    w->g.ncols = x1 > x0 ? x1 - x0 : 0;
    w->g.nrows = y1 > y0 ? y1 - y0 : 0;
}

static float *nodata_cells(size_t n, float nodata) {
    float *v = malloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = nodata;
    return v;
}

dtmap_status dtmapi_assess_windows_open(assess_state *a, const dtmap_map_opts *o,
                                        const dtmap_map_result *r, const dtmap_grid *g, int alloc,
                                        dtmap_error *err) {
    if (!a->areas) return DTMAP_OK;
    size_t na = dtmap_areas_count(a->areas);
    if (!(a->win = calloc(na ? na : 1, sizeof *a->win)))
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "windows of %zu areas", na);
    double total = 0;
    for (size_t i = 0; i < na; i++) {
        window_of(a->areas, i, g, &a->win[i]);
        total += (double)a->win[i].g.ncols * (double)a->win[i].g.nrows;
    }
    if (total > DTMAP_GRID_MAX_CELLS) {
        char c[32], lim[32];
        return dtmap_error_set(err, DTMAP_ERR_TOO_LARGE,
                               "windows of %s cells at %g m is too large (limit %s cells) over "
                               "the areas and their margin: use a coarser --res, fewer areas (one "
                               "run each) or --extent",
                               dtmapi_count_text(total, c, sizeof c), g->res_m,
                               dtmapi_count_text(DTMAP_GRID_MAX_CELLS, lim, sizeof lim));
    }
    for (size_t i = 0; i < na && alloc; i++) {
        assess_window *w = &a->win[i];
        size_t n = dtmap_grid_ncells(&w->g);
        for (int t = 0; t < DTMAP_TECH_OTHER; t++) {
            if (!dtmapi_assess_tech(o, r, (dtmap_tech)t)) continue;
            if (!(w->rsrp[t] = nodata_cells(n, o->nodata)) ||
                (layer_of(r, t, DTMAP_METRIC_SINR) >= 0 &&
                 !(w->sinr[t] = nodata_cells(n, o->nodata))))
                return dtmap_error_set(err, DTMAP_ERR_NOMEM, "area '%s': window of %d x %d cells",
                                       dtmap_areas_name(a->areas, i), w->g.ncols, w->g.nrows);
        }
    }
    return DTMAP_OK;
}

/* Copies the overlap of a T x T tile whose first cell is (fc, fr) of the run's grid into
 * window w's cells dst. */
static void copy(const assess_window *w, float *dst, const float *src, int T, int fc, int fr) {
    int c0 = fc > w->col0 ? fc : w->col0, r0 = fr > w->row0 ? fr : w->row0;
    int c1 = fc + T < w->col0 + w->g.ncols ? fc + T : w->col0 + w->g.ncols;
    int r1 = fr + T < w->row0 + w->g.nrows ? fr + T : w->row0 + w->g.nrows;
    for (int r = r0; r < r1; r++)
        memcpy(dst + (size_t)(r - w->row0) * w->g.ncols + (c0 - w->col0),
               src + (size_t)(r - fr) * T + (c0 - fc),
               (size_t)(c1 > c0 ? c1 - c0 : 0) * sizeof *dst);
}

dtmap_status dtmapi_assess_windows_tile(assess_state *a, const dtmapi_tiles *tiles,
                                        const dtmapi_tile *tile, const dtmap_map_result *r,
                                        dtmap_error *err) {
    (void)err;
    int tc, tr, T = tiles->T;
    dtmapi_tiles_pos(tiles, tile->k, &tc, &tr);
    /* the tile's first cell in the run's grid (negative on the tiling's north and west edge) */
    int fc = tc * T - tiles->col0, fr = tr * T - tiles->row0;
    for (size_t i = 0; i < dtmap_areas_count(a->areas); i++) {
        const assess_window *w = &a->win[i];
        if (fc >= w->col0 + w->g.ncols || fc + T <= w->col0 || fr >= w->row0 + w->g.nrows ||
            fr + T <= w->row0)
            continue;
        for (int t = 0; t < DTMAP_TECH_OTHER; t++) {
            int kr = layer_of(r, t, DTMAP_METRIC_RSRP), ks = layer_of(r, t, DTMAP_METRIC_SINR);
            if (w->rsrp[t] && kr >= 0) copy(w, w->rsrp[t], tile->value[kr], T, fc, fr);
            if (w->sinr[t] && ks >= 0) copy(w, w->sinr[t], tile->value[ks], T, fc, fr);
        }
    }
    return DTMAP_OK;
}
