/* areagaps.c: the gaps of one area: cells of one gap kind grouped 4-connected inside the area
 * (regions.c), traced by GDALPolygonize (trace.c), cut to the area's outline with OGR and
 * measured (ranking, freeing and outlines: areagaps_list.c). */
#include "dtmap/areagaps.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "assess/regions.h"
#include "assess/trace.h"
#include "core/gdalutil.h"

/* One 4-connected region of cells of one kind within the cover window, while it is built. */
typedef struct region {
    dtmap_cellkind kind;
    size_t ncells;
    size_t nvalues; /* cells whose value counted in sum and worst */
    double sum;     /* of values: mW for RSRP, dB for SINR */
    double worst;   /* lowest value */
    uint64_t samples;
    OGRGeometryH traced; /* MultiPolygon of the polygons GDALPolygonize traced for it; owned */
} region;

/* What one call of dtmap_area_gaps_find works on: the cover window and its regions. */
typedef struct work {
    const dtmap_area_gaps_input *in;
    char ctx[320]; /* "area 'name'": names the culprit in error details */
    int wcols, wrows;
    dtmapi_regions rg; /* rg.label: wcols * wrows, 0 = no region, else region index + 1 */
    region *regs;      /* nregs of them (rg.n once allocated) */
    size_t nregs;
} work;

/* Kind of window cell w when it belongs in a region (a gap kind with cover > 0), else NONE. */
static dtmap_cellkind gap_kind(const work *wk, size_t w) {
    const dtmap_area_gaps_input *in = wk->in;
    const dtmap_area_cover *cv = in->cover;
    int c = (int)(w % (size_t)wk->wcols), r = (int)(w / (size_t)wk->wcols);
    size_t gi = (size_t)(cv->row0 + r) * (size_t)in->grid->ncols + (size_t)(cv->col0 + c);
    dtmap_cellkind k = (dtmap_cellkind)in->kinds[gi];
    if (!(cv->frac[w] > 0.0)) return DTMAP_KIND_NONE;
    if (k != DTMAP_KIND_WEAK && k != DTMAP_KIND_INTERFERENCE && k != DTMAP_KIND_UNMEASURED)
        return DTMAP_KIND_NONE;
    return k;
}

/* Adds window cell w to region g: RSRP of weak cells (summed in mW), SINR of interference cells;
 * values that are nodata or not finite count as cells but not as values. Returns 0, or -1 when
 * an interference cell has no SINR layer to read. */
static int region_add(const work *wk, region *g, size_t w) {
    const dtmap_area_gaps_input *in = wk->in;
    const dtmap_area_cover *cv = in->cover;
    int c = (int)(w % (size_t)wk->wcols), r = (int)(w / (size_t)wk->wcols);
    size_t gi = (size_t)(cv->row0 + r) * (size_t)in->grid->ncols + (size_t)(cv->col0 + c);
    float v;
    g->ncells++;
    if (g->kind == DTMAP_KIND_UNMEASURED) return 0;
    if (g->kind == DTMAP_KIND_INTERFERENCE && in->sinr == NULL) return -1;
    v = g->kind == DTMAP_KIND_WEAK ? in->rsrp[gi] : in->sinr[gi];
    if (!isfinite(v) || v == in->nodata) return 0;
    if (g->nvalues == 0 || (double)v < g->worst) g->worst = v;
    g->sum += g->kind == DTMAP_KIND_WEAK ? pow(10.0, (double)v / 10.0) : (double)v;
    g->nvalues++;
    return 0;
}

/* Labels every region of the window in row-major order of first cells (all kinds at once:
 * cells of different kinds are never joined), sums each region's values over its cells in fill
 * order, then counts the samples by the cell each lies in. */
static dtmap_status label_regions(work *wk, dtmap_error *err) {
    const dtmap_area_gaps_input *in = wk->in;
    size_t nw = (size_t)wk->wcols * (size_t)wk->wrows;
    dtmap_status st;
    uint8_t *kind = malloc(nw);
    if (kind == NULL)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for %zu labels", wk->ctx,
                               nw);
    for (size_t w = 0; w < nw; w++)
        kind[w] = (uint8_t)gap_kind(wk, w); /* DTMAP_KIND_NONE is 0: in no region */
    st = dtmapi_regions_label(kind, wk->wcols, wk->wrows, wk->ctx, &wk->rg, err);
    free(kind);
    if (st != DTMAP_OK) return st;
    if (wk->rg.n == 0) return DTMAP_OK;
    wk->regs = calloc(wk->rg.n, sizeof *wk->regs);
    if (wk->regs == NULL)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for regions", wk->ctx);
    wk->nregs = wk->rg.n;
    for (size_t k = 0; k < wk->nregs; k++) {
        region *g = &wk->regs[k];
        g->kind = (dtmap_cellkind)gap_kind(wk, wk->rg.cells[wk->rg.first[k]]);
        for (size_t j = wk->rg.first[k]; j < wk->rg.first[k + 1]; j++) {
            size_t w = wk->rg.cells[j];
            if (region_add(wk, g, w) != 0)
                return dtmap_error_set(
                    err, DTMAP_ERR_USAGE,
                    "%s: cell (%d, %d) is interference but there is no SINR layer", wk->ctx,
                    in->cover->col0 + (int)(w % (size_t)wk->wcols),
                    in->cover->row0 + (int)(w / (size_t)wk->wcols));
        }
    }
    for (size_t s = 0; s < in->ns; s++) {
        int col, row;
        if (!dtmap_grid_cell_of(in->grid, in->sx[s], in->sy[s], &col, &row)) continue;
        col -= in->cover->col0;
        row -= in->cover->row0;
        if (col < 0 || row < 0 || col >= wk->wcols || row >= wk->wrows) continue;
        int32_t id = wk->rg.label[(size_t)row * (size_t)wk->wcols + (size_t)col];
        if (id > 0) wk->regs[id - 1].samples++;
    }
    return DTMAP_OK;
}

/* Traces the labels of the window (dtmapi_trace_labels) and gathers each region's polygons
 * into its traced MultiPolygon, in tracing order. */
static dtmap_status trace(work *wk, dtmap_error *err) {
    dtmap_status st;
    const dtmap_area_cover *cv = wk->in->cover;
    dtmapi_traced t = {0};
    dtmap_grid win;

    dtmap_grid_rows(wk->in->grid, cv->row0, cv->nrows, &win);
    win.xmin += cv->col0 * win.res_m;
    win.ncols = cv->ncols;
    st = dtmapi_trace_labels(&win, wk->rg.label, wk->nregs, NULL, wk->ctx, &t, err);
    for (size_t i = 0; st == DTMAP_OK && i < t.n; i++) {
        region *r = &wk->regs[t.v[i].label - 1];
        if (r->traced == NULL) r->traced = OGR_G_CreateGeometry(wkbMultiPolygon);
        if (r->traced == NULL || OGR_G_AddGeometry(r->traced, t.v[i].geom) != OGRERR_NONE)
            st = dtmapi_gdalutil_fail(err, wk->ctx, "collecting traced polygons");
    }
    dtmapi_traced_free(&t);
    return st;
}

/* Adds the polygons of g (a Polygon, MultiPolygon or a collection holding them) to mp; lines
 * and points, left where a region only touches the area, are dropped. */
static OGRErr add_polygons(OGRGeometryH mp, OGRGeometryH g) {
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon) return OGR_G_IsEmpty(g) ? OGRERR_NONE : OGR_G_AddGeometry(mp, g);
    if (t != wkbMultiPolygon && t != wkbGeometryCollection) return OGRERR_NONE;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
        OGRErr oe = add_polygons(mp, OGR_G_GetGeometryRef(g, i));
        if (oe != OGRERR_NONE) return oe;
    }
    return OGRERR_NONE;
}

/* Cuts region r to the area: *cut = the areal part of r's traced polygons within the area (a new
 * MultiPolygon, possibly empty). A traced shape GEOS refuses (cells pinched at a corner) is
 * made valid and cut again. */
static dtmap_status cut(const work *wk, const region *r, OGRGeometryH area, OGRGeometryH *cut_out,
                        dtmap_error *err) {
    OGRGeometryH x = OGR_G_Intersection(r->traced, area), mp;
    if (x == NULL) {
        OGRGeometryH valid = OGR_G_MakeValid(r->traced);
        if (valid != NULL) x = OGR_G_Intersection(valid, area);
        OGR_G_DestroyGeometry(valid);
    }
    if (x == NULL) return dtmapi_gdalutil_fail(err, wk->ctx, "cutting a gap to the area");
    mp = OGR_G_CreateGeometry(wkbMultiPolygon);
    if (mp == NULL || add_polygons(mp, x) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(mp);
        OGR_G_DestroyGeometry(x);
        return dtmapi_gdalutil_fail(err, wk->ctx, "collecting the cut polygons");
    }
    OGR_G_DestroyGeometry(x);
    *cut_out = mp;
    return DTMAP_OK;
}

/* Fills gap g (except lon/lat) from region r and its cut polygon mp (area already known). */
static dtmap_status gap_fill(const work *wk, const region *r, OGRGeometryH mp, double area_m2,
                             dtmap_area_gap *g, dtmap_error *err) {
    const dtmap_area_gaps_input *in = wk->in;
    OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
    memset(g, 0, sizeof *g);
    g->kind = r->kind;
    g->area = in->area;
    g->tech = in->tech;
    g->area_m2 = area_m2;
    g->ncells = r->ncells;
    g->worst = g->mean = g->threshold = g->deficit_db = NAN;
    g->samples = r->samples;
    g->lon = g->lat = NAN;
    if (r->kind != DTMAP_KIND_UNMEASURED) {
        double n = (double)r->nvalues;
        int weak = r->kind == DTMAP_KIND_WEAK;
        if (r->nvalues > 0) {
            g->worst = r->worst;
            g->mean = weak ? 10.0 * log10(r->sum / n) : r->sum / n;
        }
        g->threshold = weak ? in->rule->rsrp_threshold : in->rule->sinr_threshold;
        g->deficit_db = g->threshold - g->mean;
        g->score = area_m2 * g->deficit_db;
    } else {
        g->score = area_m2;
    }
    if (pt == NULL || OGR_G_Centroid(mp, pt) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(pt);
        return dtmapi_gdalutil_fail(err, wk->ctx, "centroid of a gap");
    }
    g->cx = OGR_G_GetX(pt, 0);
    g->cy = OGR_G_GetY(pt, 0);
    OGR_G_DestroyGeometry(pt);
    g->wkb_size = (size_t)OGR_G_WkbSize(mp);
    g->wkb = malloc(g->wkb_size);
    if (g->wkb == NULL)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for a gap", wk->ctx);
    if (OGR_G_ExportToIsoWkb(mp, wkbNDR, g->wkb) != OGRERR_NONE)
        return dtmapi_gdalutil_fail(err, wk->ctx, "exporting a gap polygon");
    return DTMAP_OK;
}

/* Cuts, measures and keeps (area >= min) every region, in kind order then first cell; the kept
 * gaps go to *v (n of them, caller frees), centroids transformed to WGS 84. */
static dtmap_status regions_finish(const work *wk, dtmap_area_gap **v, size_t *n,
                                   dtmap_error *err) {
    const dtmap_area_gaps_input *in = wk->in;
    dtmap_status st = DTMAP_OK;
    OGRGeometryH area = NULL;
    size_t wsize;
    const unsigned char *wkb = dtmap_areas_wkb(in->areas, in->area, &wsize);
    double *x = NULL, *y = NULL;

    *v = calloc(wk->nregs, sizeof **v);
    x = malloc(wk->nregs * sizeof *x);
    y = malloc(wk->nregs * sizeof *y);
    if (*v == NULL || x == NULL || y == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for gaps", wk->ctx);
        goto done;
    }
    if (OGR_G_CreateFromWkb(wkb, NULL, &area, (int)wsize) != OGRERR_NONE) {
        st = dtmapi_gdalutil_fail(err, wk->ctx, "reading the area's geometry");
        goto done;
    }
    for (int k = 0; k < DTMAP_GAP_KIND_COUNT && st == DTMAP_OK; k++) {
        for (size_t i = 0; i < wk->nregs && st == DTMAP_OK; i++) {
            const region *r = &wk->regs[i];
            OGRGeometryH mp = NULL;
            double a;
            if (r->kind != dtmap_gap_kinds[k] || r->traced == NULL) continue;
            st = cut(wk, r, area, &mp, err);
            if (st != DTMAP_OK) break;
            a = OGR_G_IsEmpty(mp) ? 0.0 : OGR_G_Area(mp);
            if (a > 0.0 && a >= in->min_area_m2) {
                st = gap_fill(wk, r, mp, a, &(*v)[*n], err);
                x[*n] = (*v)[*n].cx;
                y[*n] = (*v)[*n].cy;
                (*n)++; /* counted even on failure, so its wkb is freed */
            }
            OGR_G_DestroyGeometry(mp);
        }
    }
    if (st == DTMAP_OK && *n > 0) st = dtmap_crs_inverse(in->crs, x, y, *n, x, y, err);
    for (size_t i = 0; st == DTMAP_OK && i < *n; i++) {
        (*v)[i].lon = x[i];
        (*v)[i].lat = y[i];
    }

done:
    OGR_G_DestroyGeometry(area);
    free(y);
    free(x);
    return st;
}

/* See areagaps.h. Works on the window of in->cover (cells outside it have cover 0). */
dtmap_status dtmap_area_gaps_find(const dtmap_area_gaps_input *in, dtmap_area_gaps *out,
                                  dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    work wk = {0};
    gdalutil_scope sc;
    dtmap_area_gap *v = NULL;
    size_t n = 0;

    if (in == NULL || out == NULL || in->grid == NULL || in->crs == NULL || in->areas == NULL ||
        in->cover == NULL || in->kinds == NULL || in->rsrp == NULL || in->rule == NULL ||
        (in->ns > 0 && (in->sx == NULL || in->sy == NULL)))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "area gaps: missing argument");
    if (in->area >= dtmap_areas_count(in->areas))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "area gaps: area %zu out of range (%zu areas)",
                               in->area, dtmap_areas_count(in->areas));
    if (!(in->min_area_m2 >= 0.0))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "area gaps: minimum area %g m2 is negative",
                               in->min_area_m2);
    wk.in = in;
    snprintf(wk.ctx, sizeof wk.ctx, "area '%s'", dtmap_areas_name(in->areas, in->area));
    wk.wcols = in->cover->ncols;
    wk.wrows = in->cover->nrows;
    if (wk.wcols <= 0 || wk.wrows <= 0 || in->cover->frac == NULL) return DTMAP_OK;
    if (in->cover->col0 < 0 || in->cover->row0 < 0 ||
        in->cover->col0 + wk.wcols > in->grid->ncols ||
        in->cover->row0 + wk.wrows > in->grid->nrows)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: cover window outside the grid", wk.ctx);

    /* The scope keeps GDAL quiet (the tracer has its own); nothing here needs PAM. */
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", "NO");
    st = label_regions(&wk, err);
    if (st == DTMAP_OK && wk.nregs > 0) st = trace(&wk, err);
    if (st == DTMAP_OK && wk.nregs > 0) st = regions_finish(&wk, &v, &n, err);
    if (st == DTMAP_OK && n > 0 && out->n + n > out->cap) {
        size_t cap = out->cap ? out->cap : 16;
        while (cap < out->n + n)
            cap *= 2;
        dtmap_area_gap *nv = realloc(out->v, cap * sizeof *nv);
        if (nv == NULL)
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for gaps", wk.ctx);
        else {
            out->v = nv;
            out->cap = cap;
        }
    }
    if (st == DTMAP_OK && n > 0) {
        memcpy(out->v + out->n, v, n * sizeof *v);
        out->n += n;
        n = 0; /* the wkbs now belong to out */
    }
    dtmapi_gdalutil_leave(&sc);

    for (size_t i = 0; i < n; i++)
        free(v[i].wkb);
    free(v);
    for (size_t i = 0; i < wk.nregs; i++)
        OGR_G_DestroyGeometry(wk.regs[i].traced);
    free(wk.regs);
    dtmapi_regions_free(&wk.rg);
    return st;
}
