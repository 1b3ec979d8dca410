/* bench_areas.c: what the province-scale benchmark adds to the lattice campaign: weak-coverage
 * holes (places without a site, so the roads through them are cell edges) and an areas file of
 * town polygons for dtmap --areas. Both draw from streams of their own, so that adding them
 * leaves every other random choice of the campaign as it was. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dtmap/fileio.h"
#include "gen.h"

#define GAP_STREAM 0x6761707300000000ULL  /* "gaps" */
#define TOWN_STREAM 0x746f776e00000000ULL /* "town" */
#define TOWN_VERTICES 12
#define TOWN_INSET_M 2000.0
#define TOWN_TRIES 2000 /* placements tried per town before the extent counts as too small */

int bench_gaps(uint64_t seed, const bench_extent *ext, int n, double *cx, double *cy) {
    if (n == 0) return 0;
    if (ext->xmax - ext->xmin <= 2.0 * GAP_INSET_M || ext->ymax - ext->ymin <= 2.0 * GAP_INSET_M)
        return -1;
    rng r;
    rng_seed(&r, seed ^ GAP_STREAM);
    for (int i = 0; i < n; i++) {
        cx[i] = rng_range(&r, ext->xmin + GAP_INSET_M, ext->xmax - GAP_INSET_M);
        cy[i] = rng_range(&r, ext->ymin + GAP_INSET_M, ext->ymax - GAP_INSET_M);
    }
    return 0;
}

int bench_in_gap(double x, double y, int n, const double *cx, const double *cy) {
    for (int i = 0; i < n; i++) {
        double dx = x - cx[i], dy = y - cy[i];
        if (dx * dx + dy * dy < GAP_RADIUS_M * GAP_RADIUS_M) return 1;
    }
    return 0;
}

/* Places the towns: centres in tx/ty and radii in tr (n each), 500 m apart at least. Returns 0,
 * or -1 when a town finds no place in TOWN_TRIES draws. */
static int place_towns(rng *r, const bench_extent *ext, int n, double *tx, double *ty, double *tr) {
    for (int i = 0; i < n; i++) {
        int ok = 0;
        for (int t = 0; t < TOWN_TRIES && !ok; t++) {
            tr[i] = rng_range(r, 500.0, 1000.0);
            tx[i] = rng_range(r, ext->xmin + TOWN_INSET_M, ext->xmax - TOWN_INSET_M);
            ty[i] = rng_range(r, ext->ymin + TOWN_INSET_M, ext->ymax - TOWN_INSET_M);
            ok = 1;
            for (int j = 0; j < i && ok; j++) {
                double dx = tx[i] - tx[j], dy = ty[i] - ty[j], need = tr[i] * 1.15 + tr[j] * 1.15;
                ok = dx * dx + dy * dy >= (need + 500.0) * (need + 500.0);
            }
        }
        if (!ok) return -1;
    }
    return 0;
}

dtmap_status bench_write_areas(const options *o, const dtmap_crs *crs, const bench_extent *ext,
                               dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    int n = (int)o->bench_towns;
    const int nv = TOWN_VERTICES + 1; /* the ring closes on its first vertex */
    double *tx = malloc((size_t)n * 3 * sizeof *tx);
    double *vx = malloc((size_t)n * nv * 2 * sizeof *vx);
    if (!tx || !vx) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
        goto done;
    }
    double *ty = tx + n, *tr = tx + 2 * n, *vy = vx + (size_t)n * nv;
    rng r;
    rng_seed(&r, o->seed ^ TOWN_STREAM);
    if (ext->xmax - ext->xmin <= 2.0 * TOWN_INSET_M + 3000.0 ||
        place_towns(&r, ext, n, tx, ty, tr) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_USAGE,
                             "--bench-towns %d: that many towns do not fit a %g km extent", n,
                             o->extent_km);
        goto done;
    }
    /* star-shaped rings, counter-clockwise: every vertex at its own angle, so no ring crosses
     * itself */
    for (int i = 0; i < n; i++) {
        double a0 = rng_range(&r, 0.0, 2.0 * PI / TOWN_VERTICES);
        for (int k = 0; k < TOWN_VERTICES; k++) {
            double a = a0 + 2.0 * PI * k / TOWN_VERTICES + rng_range(&r, -0.15, 0.15);
            double rad = tr[i] * rng_range(&r, 0.75, 1.15);
            vx[(size_t)i * nv + k] = tx[i] + rad * cos(a);
            vy[(size_t)i * nv + k] = ty[i] + rad * sin(a);
        }
        vx[(size_t)i * nv + TOWN_VERTICES] = vx[(size_t)i * nv];
        vy[(size_t)i * nv + TOWN_VERTICES] = vy[(size_t)i * nv];
    }
    st = dtmap_crs_inverse(crs, vx, vy, (size_t)n * nv, vx, vy, err);
    if (st != DTMAP_OK) goto done;
    st = dtmap_outfile_fopen(o->bench_areas, o->overwrite, &out, &fp, err);
    if (st != DTMAP_OK) goto done;
    fputs("{\"type\": \"FeatureCollection\", \"name\": \"bench_towns\", \"features\": [\n", fp);
    for (int i = 0; i < n; i++) {
        fprintf(fp,
                "{\"type\": \"Feature\", \"properties\": {\"name\": \"Town %02d\", \"kind\": "
                "\"town\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[",
                i + 1);
        for (int k = 0; k < nv; k++) {
            char xs[32], ys[32];
            format_fixed(vx[(size_t)i * nv + k], 6, xs, sizeof xs);
            format_fixed(vy[(size_t)i * nv + k], 6, ys, sizeof ys);
            fprintf(fp, "%s[%s, %s]", k ? ", " : "", xs, ys);
        }
        fprintf(fp, "]]}}%s\n", i + 1 < n ? "," : "");
    }
    fputs("]}\n", fp);
    st = dtmap_outfile_close_commit(&out, fp, err);
    fp = NULL;
done:
    if (fp) {
        fclose(fp);
        dtmap_outfile_abort(&out);
    }
    free(tx);
    free(vx);
    return st;
}
