/* index.c: builds the uniform bucket grid of index.h with a stable counting sort. */
#include "interp/index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bucket of point (px, py), or -1 when it is outside the bucket grid or not finite. */
static long bucket_of(const dtmap_point_index *idx, double px, double py) {
    int c = dtmap_point_index_slot(px, idx->x0, idx->inv_bucket, idx->nbx);
    int r = dtmap_point_index_slot(py, idx->y0, idx->inv_bucket, idx->nby);
    if (c < 0 || c >= idx->nbx || r < 0 || r >= idx->nby) return -1;
    return (long)r * idx->nbx + c;
}

static int usable(const double *x, const double *y, const double *z, size_t i) {
    return isfinite(x[i]) && isfinite(y[i]) && isfinite(z[i]);
}

dtmap_status dtmap_point_index_build(const double *x, const double *y, const double *z, size_t n,
                                     double wxmin, double wymin, double wxmax, double wymax,
                                     double bucket_m, dtmap_point_index *idx, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    memset(idx, 0, sizeof *idx);
    if (n > DTMAP_POINT_INDEX_MAX_POINTS) {
        st = dtmap_error_set(err, DTMAP_ERR_USAGE, "too many points (%zu, limit %zu)", n,
                             DTMAP_POINT_INDEX_MAX_POINTS);
        goto done;
    }
    if (!isfinite(wxmin) || !isfinite(wymin) || !isfinite(wxmax) || !isfinite(wymax) ||
        wxmax < wxmin || wymax < wymin || !(bucket_m > 0) || !isfinite(bucket_m)) {
        st = dtmap_error_set(err, DTMAP_ERR_USAGE, "bad index window or bucket size");
        goto done;
    }

    /* Bucket size: as asked, unless the window would need too many buckets. */
    double w = wxmax - wxmin, h = wymax - wymin;
    double cap = fmin(fmax(2.0 * (double)n, 65536.0), 268435456.0);
    double nb_wanted = (floor(w / bucket_m) + 1) * (floor(h / bucket_m) + 1);
    if (nb_wanted > cap) bucket_m *= sqrt(nb_wanted / cap) * 1.01;
    while ((floor(w / bucket_m) + 1) * (floor(h / bucket_m) + 1) > cap)
        bucket_m *= 1.1;
    idx->x0 = wxmin;
    idx->y0 = wymin;
    idx->bucket_m = bucket_m;
    idx->inv_bucket = 1.0 / bucket_m;
    /* Counted with the same arithmetic as bucket_of, so the window's far edge is inside. */
    idx->nbx = (int)floor((wxmax - wxmin) * idx->inv_bucket) + 1;
    idx->nby = (int)floor((wymax - wymin) * idx->inv_bucket) + 1;
    size_t nb = (size_t)idx->nbx * (size_t)idx->nby;

    idx->start = calloc(nb + 1, sizeof *idx->start);
    if (!idx->start) goto nomem;

    /* Counting sort: count into start[b + 1], prefix-sum to bucket starts, scatter with start[b]
     * as the running cursor (leaving it at the bucket's end), then shift back by one. */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (!usable(x, y, z, i)) continue;
        long b = bucket_of(idx, x[i], y[i]);
        if (b < 0) continue;
        idx->start[b + 1]++;
        kept++;
    }
    for (size_t b = 0; b < nb; b++)
        idx->start[b + 1] += idx->start[b];
    idx->n = kept;
    if (kept > 0) {
        idx->xy = malloc(2 * kept * sizeof *idx->xy);
        idx->z = malloc(kept * sizeof *idx->z);
        idx->id = malloc(kept * sizeof *idx->id);
        if (!idx->xy || !idx->z || !idx->id) goto nomem;
    }
    for (size_t i = 0; i < n; i++) {
        if (!usable(x, y, z, i)) continue;
        long b = bucket_of(idx, x[i], y[i]);
        if (b < 0) continue;
        uint32_t k = idx->start[b]++;
        idx->xy[2 * (size_t)k] = x[i];
        idx->xy[2 * (size_t)k + 1] = y[i];
        idx->z[k] = z[i];
        idx->id[k] = (uint32_t)i;
    }
    memmove(idx->start + 1, idx->start, nb * sizeof *idx->start);
    idx->start[0] = 0;
    goto done;

nomem:
    st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "spatial index of %zu points", n);
done:
    return st;
}

void dtmap_point_index_free(dtmap_point_index *idx) {
    if (!idx) return;
    free(idx->id);
    free(idx->z);
    free(idx->xy);
    free(idx->start);
    memset(idx, 0, sizeof *idx);
}
