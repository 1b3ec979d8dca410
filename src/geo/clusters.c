/* clusters.c: samples grouped by the coarse cells they occupy, touching cells joined (see
 * clusters.h). Sorting the occupied cells makes every neighbour a binary search away, and a
 * union-find over them joins the touching ones: O(n log n) in the samples. */
#include "geo/clusters.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/span.h"

/* An occupied cell: its index, the union-find parent (an index into the cell list) and the
 * sums of its points. */
typedef struct cell {
    int64_t cx, cy;
    size_t parent, n;
    double sx, sy;
} cell;

static int cmp_cell(const void *a, const void *b) {
    const cell *p = a, *q = b;
    if (p->cx != q->cx) return p->cx < q->cx ? -1 : 1;
    return (p->cy > q->cy) - (p->cy < q->cy);
}

static int cmp_cluster(const void *a, const void *b) {
    const dtmapi_cluster *p = a, *q = b;
    if (p->n != q->n) return p->n > q->n ? -1 : 1;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    return (p->y > q->y) - (p->y < q->y);
}

/* The cell list's index of cell (cx, cy), or m when it is not occupied. */
static size_t find_cell(const cell *c, size_t m, int64_t cx, int64_t cy) {
    cell key = {.cx = cx, .cy = cy};
    const cell *hit = bsearch(&key, c, m, sizeof *c, cmp_cell);
    return hit ? (size_t)(hit - c) : m;
}

static size_t root(cell *c, size_t i) {
    while (c[i].parent != i) {
        c[i].parent = c[c[i].parent].parent; /* path halving */
        i = c[i].parent;
    }
    return i;
}

dtmap_status dtmapi_clusters_find(const double *x, const double *y, size_t n, double cell_m,
                                  dtmapi_cluster **out, size_t *nout, dtmap_error *err) {
    *out = NULL;
    *nout = 0;
    if (!(cell_m > 0) || !isfinite(cell_m))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "cluster cell of %g m", cell_m);
    dtmap_status st = DTMAP_OK;
    dtmapi_cluster *cl = NULL;
    cell *c = malloc((n ? n : 1) * sizeof *c);
    if (!c) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "clusters of %zu samples", n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i])) continue;
        double fx = floor(x[i] / cell_m), fy = floor(y[i] / cell_m);
        if (fabs(fx) > 1e15 || fabs(fy) > 1e15) {
            st = dtmap_error_set(err, DTMAP_ERR_USAGE,
                                 "cluster cell of %g m is too small for "
                                 "coordinate %g, %g",
                                 cell_m, x[i], y[i]);
            goto done;
        }
        c[m++] = (cell){(int64_t)fx, (int64_t)fy, 0, 1, x[i], y[i]};
    }
    if (m == 0) goto done;
    /* one entry per occupied cell */
    qsort(c, m, sizeof *c, cmp_cell);
    size_t u = 0;
    for (size_t i = 0; i < m; i++) {
        if (u && c[u - 1].cx == c[i].cx && c[u - 1].cy == c[i].cy) {
            c[u - 1].n++, c[u - 1].sx += c[i].sx, c[u - 1].sy += c[i].sy;
            continue;
        }
        c[u] = c[i];
        c[u].parent = u;
        u++;
    }
    m = u;
    /* join each cell with its touching neighbours east, north-east, north and south-east */
    static const int step[4][2] = {{1, -1}, {1, 0}, {1, 1}, {0, 1}};
    for (size_t i = 0; i < m; i++)
        for (int s = 0; s < 4; s++) {
            size_t k = find_cell(c, m, c[i].cx + step[s][0], c[i].cy + step[s][1]);
            if (k == m) continue;
            size_t a = root(c, i), b = root(c, k);
            if (a != b) c[a > b ? a : b].parent = a > b ? b : a;
        }
    /* sum each cluster at its root, then number the roots */
    size_t ncl = 0;
    for (size_t i = 0; i < m; i++)
        if (root(c, i) == i) ncl++;
    cl = calloc(ncl, sizeof *cl);
    size_t *slot = malloc(m * sizeof *slot);
    if (!cl || !slot) {
        free(slot);
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%zu clusters", ncl);
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (root(c, i) == i) slot[i] = k++;
    for (size_t i = 0; i < m; i++) {
        dtmapi_cluster *q = &cl[slot[root(c, i)]];
        q->n += c[i].n, q->x += c[i].sx, q->y += c[i].sy;
    }
    free(slot);
    for (size_t i = 0; i < ncl; i++)
        cl[i].x /= (double)cl[i].n, cl[i].y /= (double)cl[i].n;
    qsort(cl, ncl, sizeof *cl, cmp_cluster);
    *out = cl;
    *nout = ncl;
    cl = NULL;
done:
    free(cl);
    free(c);
    return st;
}

char *dtmapi_clusters_text(const dtmapi_cluster *c, size_t nc, size_t max, const dtmap_crs *crs,
                           char *buf, size_t len) {
    size_t o = 0;
    char num[32], lon[16], lat[16];
    buf[0] = '\0';
#define PUT(...)                                                                                   \
    do {                                                                                           \
        if (o < len) {                                                                             \
            int w_ = snprintf(buf + o, len - o, __VA_ARGS__);                                      \
            o = w_ < 0 ? len : o + (size_t)w_;                                                     \
        }                                                                                          \
    } while (0)
    PUT("%s cluster%s", dtmapi_count_text((double)nc, num, sizeof num), nc == 1 ? "" : "s");
    for (size_t i = 0; i < nc && i < max; i++) {
        double x = c[i].x, y = c[i].y;
        if (dtmap_crs_inverse(crs, &x, &y, 1, &x, &y, NULL) != DTMAP_OK) x = y = NAN;
        PUT("%s %s%s around ", i ? "," : ":", dtmapi_count_text((double)c[i].n, num, sizeof num),
            i ? "" : (c[i].n == 1 ? " sample" : " samples"));
        if (isfinite(x) && isfinite(y))
            PUT("%s %s", dtmapi_lon_text(x, lon, sizeof lon), dtmapi_lat_text(y, lat, sizeof lat));
        else
            PUT("x %.0f y %.0f", c[i].x, c[i].y);
    }
    if (nc > max) PUT(", and %s more", dtmapi_count_text((double)(nc - max), num, sizeof num));
#undef PUT
    return buf;
}
