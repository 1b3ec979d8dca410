/* tilegaps_gpkg.c: gap polygons of the tiled engine: each tile's local labels traced by
 * assess/trace.c in whole-cell coordinates (column, -row), the pieces of each region joined by
 * a GEOS union (exact on those integer coordinates), moved to grid coordinates and written by
 * gpkg.c's gap layer writer. */
#include "dtmap/tilegaps.h"

#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "assess/trace.h"
#include "output/gpkg_gaps.h"

/* One traced piece: its provisional id, and its order of arrival for a stable sort. */
typedef struct tpiece {
    int32_t prov;      /* provisional id; replaced by the final gap id at write */
    size_t seq;        /* arrival order */
    OGRGeometryH geom; /* in whole-cell coordinates; owned */
} tpiece;

struct dtmap_tilegaps_polys {
    dtmap_grid grid;
    tpiece *v;
    size_t n, cap;
    size_t next;  /* while writing: the first piece not yet handed out */
    int consumed; /* written: no more tiles */
};

/* See tilegaps.h. */
dtmap_status dtmap_tilegaps_polys_begin(const dtmap_grid *grid, dtmap_tilegaps_polys **out,
                                        dtmap_error *err) {
    if (out == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "gap polygons: no output");
    *out = NULL;
    if (grid == NULL || grid->ncols <= 0 || grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "gap polygons: missing or empty grid");
    *out = calloc(1, sizeof **out);
    if (*out == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "gap polygons: out of memory");
    (*out)->grid = *grid;
    return DTMAP_OK;
}

/* See tilegaps.h. The tile is traced as a T x T grid of 1-unit cells whose top-left corner is
 * (tc * T, -tr * T): every vertex is a whole number, so shared tile edges agree exactly. Cells
 * beyond the grid's edge are 0 and give no polygon. */
dtmap_status dtmap_tilegaps_polys_add(dtmap_tilegaps_polys *pc, const dtmap_tilegaps *tg,
                                      dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmapi_traced tr = {0};
    dtmap_tilegaps_tile t;
    dtmap_grid cells;

    if (pc == NULL || pc->consumed || !dtmap_tilegaps_last_tile(tg, &t))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "gap polygons: no tile to trace");
    if (t.nlocal == 0) return DTMAP_OK;
    cells = (dtmap_grid){.xmin = (double)t.tc * t.tile,
                         .ymax = -(double)t.tr * t.tile,
                         .res_m = 1.0,
                         .ncols = t.tile,
                         .nrows = t.tile};
    st = dtmapi_trace_labels(&cells, t.label, (size_t)t.nlocal, NULL, "gap polygons", &tr, err);
    if (st != DTMAP_OK) goto done;
    if (pc->n + tr.n > pc->cap) {
        size_t cap = pc->cap ? pc->cap : 256;
        while (cap < pc->n + tr.n)
            cap *= 2;
        tpiece *v = realloc(pc->v, cap * sizeof *v);
        if (v == NULL) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "gap polygons: out of memory for %zu",
                                 pc->n + tr.n);
            goto done;
        }
        pc->v = v;
        pc->cap = cap;
    }
    for (size_t i = 0; i < tr.n; i++) {
        pc->v[pc->n] = (tpiece){t.prov0 + tr.v[i].label, pc->n, tr.v[i].geom};
        tr.v[i].geom = NULL; /* now the collector's */
        pc->n++;
    }

done:
    dtmapi_traced_free(&tr);
    return st;
}

/* By final id, then arrival. */
static int tpiece_cmp(const void *a, const void *b) {
    const tpiece *pa = a, *pb = b;
    if (pa->prov != pb->prov) return pa->prov < pb->prov ? -1 : 1;
    return pa->seq < pb->seq ? -1 : (pa->seq > pb->seq);
}

/* Moves polygon g from whole-cell coordinates (X, Y) to grid x = xmin + res * X and
 * y = ymax + res * Y: the very sums GDALPolygonize makes with the grid's geotransform. */
static void to_grid(const dtmap_grid *grid, OGRGeometryH g) {
    for (int r = 0; r < OGR_G_GetGeometryCount(g); r++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(g, r);
        for (int i = 0; i < OGR_G_GetPointCount(ring); i++) {
            double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
            OGR_G_SetPoint_2D(ring, i, grid->xmin + grid->res_m * x, grid->ymax + grid->res_m * y);
        }
    }
}

/* 1 if b lies on the straight axis-parallel line from a to c. */
static int straight(const double *x, const double *y, int a, int b, int c) {
    return (x[a] == x[b] && x[b] == x[c]) || (y[a] == y[b] && y[b] == y[c]);
}

/* Drops the vertices of ring (closed, axis-parallel edges) where the boundary runs straight on,
 * as at the seams a union leaves: GDALPolygonize puts vertices at corners only. Returns 0, or -1
 * out of memory (ring left as it was). */
static int ring_straighten(OGRGeometryH ring) {
    int n = OGR_G_GetPointCount(ring) - 1, k = 0; /* distinct points */
    double *x, *y, *kx, *ky;
    if (n < 4) return 0;
    x = malloc(4 * ((size_t)n + 1) * sizeof *x);
    if (x == NULL) return -1;
    y = x + n + 1; /* OGR_G_GetPoints gives the closing point too */
    kx = y + n + 1;
    ky = kx + n + 1;
    OGR_G_GetPoints(ring, x, sizeof *x, y, sizeof *y, NULL, 0);
    for (int i = 0; i < n; i++)
        if (!straight(x, y, (i + n - 1) % n, i, (i + 1) % n)) {
            kx[k] = x[i];
            ky[k] = y[i];
            k++;
        }
    if (k >= 4) {
        int s = 0; /* start at the north-west vertex, as GDALPolygonize does */
        for (int i = 1; i < k; i++)
            if (ky[i] > ky[s] || (ky[i] == ky[s] && kx[i] < kx[s])) s = i;
        OGR_G_SetPointCount(ring, k + 1);
        for (int i = 0; i <= k; i++)
            OGR_G_SetPoint_2D(ring, i, kx[(s + i) % k], ky[(s + i) % k]);
    }
    free(x);
    return 0;
}

/* Joins the pieces v[0..n-1] of gap id into *out (a single Polygon). */
static dtmap_status pieces_join(tpiece *v, size_t n, int32_t id, OGRGeometryH *out,
                                dtmap_error *err) {
    OGRGeometryH mp, u;
    if (n == 1) {
        *out = v[0].geom;
        v[0].geom = NULL;
        return DTMAP_OK;
    }
    mp = OGR_G_CreateGeometry(wkbMultiPolygon);
    if (mp == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "gap polygons: out of memory");
    for (size_t i = 0; i < n; i++) {
        if (OGR_G_AddGeometryDirectly(mp, v[i].geom) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(mp);
            return dtmap_error_set(err, DTMAP_ERR_GDAL, "gap polygons: gap %d: adding a piece",
                                   (int)id);
        }
        v[i].geom = NULL; /* now mp's */
    }
    u = OGR_G_UnionCascaded(mp);
    OGR_G_DestroyGeometry(mp);
    if (u != NULL && wkbFlatten(OGR_G_GetGeometryType(u)) == wkbMultiPolygon &&
        OGR_G_GetGeometryCount(u) == 1) {
        OGRGeometryH one = OGR_G_Clone(OGR_G_GetGeometryRef(u, 0));
        OGR_G_DestroyGeometry(u);
        u = one;
    }
    if (u == NULL || wkbFlatten(OGR_G_GetGeometryType(u)) != wkbPolygon) {
        int parts = u != NULL ? OGR_G_GetGeometryCount(u) : 0;
        OGR_G_DestroyGeometry(u);
        return dtmap_error_set(err, DTMAP_ERR_GDAL,
                               "gap polygons: gap %d: the union of %zu pieces %s (%d parts)",
                               (int)id, n, u != NULL ? "is not one polygon" : "failed", parts);
    }
    for (int r = 0; r < OGR_G_GetGeometryCount(u); r++)
        if (ring_straighten(OGR_G_GetGeometryRef(u, r)) != 0) {
            OGR_G_DestroyGeometry(u);
            return dtmap_error_set(err, DTMAP_ERR_NOMEM, "gap polygons: out of memory");
        }
    *out = u;
    return DTMAP_OK;
}

/* dtmapi_gpkg_polygon_fn: the polygon of gap k + 1, from the sorted pieces at pc->next. */
static dtmap_status next_polygon(void *user, size_t k, OGRGeometryH *geom, dtmap_error *err) {
    dtmap_tilegaps_polys *pc = user;
    int32_t id = (int32_t)(k + 1);
    size_t a = pc->next, b = a;
    dtmap_status st;
    while (b < pc->n && pc->v[b].prov == id)
        b++;
    if (b == a)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "gap polygons: gap %d has no polygon",
                               (int)id);
    pc->next = b;
    st = pieces_join(pc->v + a, b - a, id, geom, err);
    if (st == DTMAP_OK) to_grid(&pc->grid, *geom);
    return st;
}

/* See tilegaps.h. Pieces are renumbered to final ids and sorted by them (then by arrival), so
 * each region's pieces are joined in one order whatever the machine. */
dtmap_status dtmap_tilegaps_polys_write(dtmap_tilegaps_polys *pc, dtmap_gpkg *gpkg,
                                        const char *layer, const dtmap_crs *crs,
                                        const dtmap_tilegaps_result *res, const char *tech,
                                        const char *metric, const char *unit, double threshold,
                                        dtmap_error *err) {
    if (pc == NULL || pc->consumed || res == NULL || (res->n > 0 && res->final_id == NULL))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "gap polygons: missing argument");
    pc->consumed = 1;
    for (size_t i = 0; i < pc->n; i++) {
        int32_t p = pc->v[i].prov;
        if (p < 1 || (size_t)p > res->nprov || res->final_id[p] < 1 ||
            (size_t)res->final_id[p] > res->n)
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "gap polygons: provisional id %d has no gap record", (int)p);
        pc->v[i].prov = res->final_id[p];
    }
    if (pc->n > 1) qsort(pc->v, pc->n, sizeof *pc->v, tpiece_cmp);
    pc->next = 0;
    return dtmapi_gpkg_write_gaps(gpkg, layer, crs, res->v, res->n, tech, metric, unit, threshold,
                                  next_polygon, pc, err);
}

void dtmap_tilegaps_polys_free(dtmap_tilegaps_polys *pc) {
    if (pc == NULL) return;
    for (size_t i = 0; i < pc->n; i++)
        OGR_G_DestroyGeometry(pc->v[i].geom);
    free(pc->v);
    free(pc);
}
