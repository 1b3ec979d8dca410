/* index.h: a uniform bucket grid over 2-D points, built for fixed-radius nearest-point queries. */
#ifndef DTMAP_INTERP_INDEX_H
#define DTMAP_INTERP_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/status.h"

/* The index is a grid of square buckets over a window; the points that fall in the window are
 * copied, sorted by bucket (row-major, bucket row 0 in the south, a stable counting sort, so
 * points keep their input order inside a bucket), into flat arrays. The points of the buckets
 * (col c0..c1, row r) are the contiguous range start[r*nbx+c0] .. start[r*nbx+c1+1]. The body is
 * public, unlike dtmap's opaque objects, because the query loops of the interpolators read it
 * directly and must be inlined. Read-only after build, so any number of threads may query it. */
typedef struct dtmap_point_index {
    double x0, y0;     /* south-west corner of bucket (0, 0) */
    double bucket_m;   /* bucket side, metres */
    double inv_bucket; /* 1 / bucket_m: bucket of x is floor((x - x0) * inv_bucket) */
    int nbx, nby;      /* buckets per row, bucket rows */
    size_t n;          /* number of indexed points */
    uint32_t *start;   /* nbx * nby + 1 offsets */
    double *xy;        /* 2n: x, y interleaved, sorted by bucket */
    double *z;         /* n: values, same order */
    uint32_t *id;      /* n: index of each point in the caller's arrays */
} dtmap_point_index;

/* Largest number of input points an index accepts (ids and offsets are 32-bit). */
#define DTMAP_POINT_INDEX_MAX_POINTS ((size_t)UINT32_MAX - 1)

/* Builds the index of the points i < n with finite x[i], y[i], z[i] inside the window
 * [wxmin, wxmax] x [wymin, wymax], with buckets of about bucket_m metres (made larger when the
 * window would need more than max(2n, 65536) buckets, or 2^28). idx is filled and owned by the
 * caller: release it with dtmap_point_index_free, also after an error. Errors: DTMAP_ERR_USAGE
 * (more than DTMAP_POINT_INDEX_MAX_POINTS points, a non-finite window or bucket), DTMAP_ERR_NOMEM.
 */
dtmap_status dtmap_point_index_build(const double *x, const double *y, const double *z, size_t n,
                                     double wxmin, double wymin, double wxmax, double wymax,
                                     double bucket_m, dtmap_point_index *idx, dtmap_error *err);

/* Frees the arrays of idx and zeroes it; accepts NULL and a zeroed or partly built index. */
void dtmap_point_index_free(dtmap_point_index *idx);

/* Bucket column (or row, with y0) of coordinate v: floor((v - v0) * inv), clamped to
 * [-1, nb]. Monotonic in v, so a range query [v - r, v + r] covers every point within r. */
static inline int dtmap_point_index_slot(double v, double v0, double inv, int nb) {
    double s = (v - v0) * inv;
    if (!(s >= 0)) return -1; /* also NaN */
    if (s >= (double)nb) return nb;
    return (int)s;
}

#endif
