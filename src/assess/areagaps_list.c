/* areagaps_list.c: what is done with a list of area gaps once found: the ranking by kind and
 * severity, freeing, and the outlines a quick-look map draws (see areagaps.h). */
#include "dtmap/areagaps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

/* -1 when a should come first in a descending order, 1 when b; NAN sorts last. */
static int desc(double a, double b) {
    if (a > b) return -1;
    if (a < b) return 1;
    if (isnan(a) != isnan(b)) return isnan(a) ? 1 : -1;
    return 0;
}

/* The ranking order of areagaps.h. */
static int gap_cmp(const void *pa, const void *pb) {
    const dtmap_area_gap *a = pa, *b = pb;
    int c;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    if ((c = desc(a->score, b->score)) != 0) return c;
    if ((c = desc(a->area_m2, b->area_m2)) != 0) return c;
    if (a->area != b->area) return a->area < b->area ? -1 : 1;
    if (a->tech != b->tech) return a->tech < b->tech ? -1 : 1;
    if ((c = desc(a->cy, b->cy)) != 0) return c;
    return -desc(a->cx, b->cx);
}

/* See areagaps.h. The kinds sort by their enum values: weak 2, interference 3, unmeasured 4. */
void dtmap_area_gaps_rank(dtmap_area_gaps *gaps) {
    int rank = 0;
    if (gaps == NULL || gaps->n == 0) return;
    qsort(gaps->v, gaps->n, sizeof *gaps->v, gap_cmp);
    for (size_t i = 0; i < gaps->n; i++) {
        if (i == 0 || gaps->v[i].kind != gaps->v[i - 1].kind) rank = 0;
        gaps->v[i].rank = ++rank;
    }
}

/* See areagaps.h. */
void dtmap_area_gaps_free(dtmap_area_gaps *gaps) {
    if (gaps == NULL) return;
    for (size_t i = 0; i < gaps->n; i++)
        free(gaps->v[i].wkb);
    free(gaps->v);
    memset(gaps, 0, sizeof *gaps);
}

/* Walks the rings of the MultiPolygon g: counts rings and points (closing an open ring adds
 * one) when v is NULL, otherwise also copies them into v[*nr..] and xs/ys[*np..]. */
static void rings_walk(OGRGeometryH g, dtmap_polyline *v, double *xs, double *ys, size_t *nr,
                       size_t *np) {
    for (int p = 0; p < OGR_G_GetGeometryCount(g); p++) {
        OGRGeometryH poly = OGR_G_GetGeometryRef(g, p);
        for (int j = 0; j < OGR_G_GetGeometryCount(poly); j++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(poly, j);
            int n = OGR_G_GetPointCount(ring);
            if (n < 1) continue;
            int open = OGR_G_GetX(ring, 0) != OGR_G_GetX(ring, n - 1) ||
                       OGR_G_GetY(ring, 0) != OGR_G_GetY(ring, n - 1);
            size_t m = (size_t)n + (size_t)open;
            if (v != NULL) {
                for (int i = 0; i < n; i++) {
                    xs[*np + (size_t)i] = OGR_G_GetX(ring, i);
                    ys[*np + (size_t)i] = OGR_G_GetY(ring, i);
                }
                if (open) {
                    xs[*np + m - 1] = xs[*np];
                    ys[*np + m - 1] = ys[*np];
                }
                v[*nr] = (dtmap_polyline){.x = xs + *np, .y = ys + *np, .n = m};
            }
            (*nr)++;
            *np += m;
        }
    }
}

/* See areagaps.h. The polylines come in gap order, each gap's rings as stored (exterior ring of
 * each part, then its holes). */
dtmap_status dtmap_area_gaps_outlines(const dtmap_area_gaps *gaps, size_t area, dtmap_tech tech,
                                      unsigned kind_mask, dtmap_outlines *out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    OGRGeometryH *geoms = NULL;
    size_t ng = 0, nr = 0, np = 0;

    if (out == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "gap outlines: no output");
    memset(out, 0, sizeof *out);
    if (gaps == NULL || gaps->n == 0) return DTMAP_OK;
    geoms = calloc(gaps->n, sizeof *geoms);
    if (geoms == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "gap outlines: out of memory");
    for (size_t i = 0; i < gaps->n; i++) {
        const dtmap_area_gap *g = &gaps->v[i];
        if (g->area != area || g->tech != tech) continue;
        if (kind_mask != 0 && ((unsigned)g->kind >= 32 || !(kind_mask & (1u << g->kind)))) continue;
        if (g->wkb == NULL ||
            OGR_G_CreateFromWkb(g->wkb, NULL, &geoms[ng], (int)g->wkb_size) != OGRERR_NONE ||
            wkbFlatten(OGR_G_GetGeometryType(geoms[ng])) != wkbMultiPolygon) {
            st = dtmap_error_set(err, DTMAP_ERR_GDAL,
                                 "gap outlines: gap %zu: not a MultiPolygon WKB", i);
            ng++;
            goto done;
        }
        rings_walk(geoms[ng++], NULL, NULL, NULL, &nr, &np);
    }
    if (nr == 0) goto done;
    out->v = malloc(nr * sizeof *out->v);
    out->coords = malloc(2 * np * sizeof *out->coords);
    if (out->v == NULL || out->coords == NULL) {
        st =
            dtmap_error_set(err, DTMAP_ERR_NOMEM, "gap outlines: out of memory for %zu points", np);
        goto done;
    }
    {
        size_t total = np;
        nr = np = 0;
        for (size_t k = 0; k < ng; k++)
            rings_walk(geoms[k], out->v, out->coords, out->coords + total, &nr, &np);
        out->n = nr;
    }

done:
    for (size_t k = 0; k < ng; k++)
        OGR_G_DestroyGeometry(geoms[k]);
    free(geoms);
    if (st != DTMAP_OK) dtmap_outlines_free(out);
    return st;
}

/* See areagaps.h. */
void dtmap_outlines_free(dtmap_outlines *out) {
    if (out == NULL) return;
    free(out->v);
    free(out->coords);
    memset(out, 0, sizeof *out);
}
