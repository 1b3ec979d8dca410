/* interp.h: from samples to cells: binning (per-cell means and counts) and inverse distance
 * weighting from the k nearest samples within a radius (no extrapolation). */
#ifndef DTMAP_INTERP_H
#define DTMAP_INTERP_H

#include <stddef.h>

#include "dtmap/grid.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* IDW parameters; same meaning as gdal_grid -a invdistnn:power=..:radius=..:max_points=..
 * :min_points=.. (smoothing 0). */
typedef struct dtmap_idw_opts {
    double power;    /* weight = 1 / distance^power; > 0 */
    double radius_m; /* search radius, metres; > 0 */
    int max_points;  /* use at most this many nearest samples; >= 1 */
    int min_points;  /* fewer samples within radius -> nodata; >= 1, <= max_points */
    int threads;     /* worker threads; 0 = number of online CPUs */
} dtmap_idw_opts;

/* IDW of n points (x, y in grid CRS metres, z values) onto every cell centre of grid, written
 * row-major into out (dtmap_grid_ncells floats, caller-allocated). A cell whose centre has
 * fewer than min_points points within radius_m (distance <= radius) is nodata; a point closer
 * than 1e-6 m to the centre gives its value directly. Points with non-finite x, y or z are
 * ignored. Deterministic: same inputs give the same output for any thread count.
 * Errors: DTMAP_ERR_USAGE (bad options), DTMAP_ERR_NOMEM. */
dtmap_status dtmap_idw_grid(const dtmap_grid *grid, const double *x, const double *y,
                            const double *z, size_t n, const dtmap_idw_opts *opts, float nodata,
                            float *out, dtmap_error *err);

/* The same IDW prepared once (spatial index, tables, thread buffers) and evaluated over any
 * range of rows, so that a caller can stream a large raster strip by strip. The points are
 * copied into the index: x, y, z may be freed after create. *out is owned by the caller: free
 * with dtmap_idw_destroy (accepts NULL). dtmap_idw_rows writes rows row0..row0+nrows-1 into out
 * (nrows * ncols floats); results equal those of dtmap_idw_grid for the same rows. Not for
 * concurrent calls on one object. Errors as dtmap_idw_grid; rows outside the grid are
 * DTMAP_ERR_USAGE. */
typedef struct dtmap_idw dtmap_idw;
dtmap_status dtmap_idw_create(const dtmap_grid *grid, const double *x, const double *y,
                              const double *z, size_t n, const dtmap_idw_opts *opts,
                              dtmap_idw **out, dtmap_error *err);
dtmap_status dtmap_idw_rows(dtmap_idw *w, int row0, int nrows, float nodata, float *out,
                            dtmap_error *err);
void dtmap_idw_destroy(dtmap_idw *w);

/* The same IDW evaluated tile by tile, for the sparse tiled engine. A scratch holds one
 * thread's buffers (grown as needed, kept between tiles) and a copy of the options; create one
 * per thread. *out is owned by the caller: free with dtmap_idw_scratch_destroy (accepts NULL).
 * opts->threads is ignored. Errors: DTMAP_ERR_USAGE (bad options), DTMAP_ERR_NOMEM. */
typedef struct dtmap_idw_scratch dtmap_idw_scratch;
dtmap_status dtmap_idw_scratch_create(const dtmap_idw_opts *opts, dtmap_idw_scratch **out,
                                      dtmap_error *err);
void dtmap_idw_scratch_destroy(dtmap_idw_scratch *s);

/* IDW onto the cells of tile (a grid of at most a few hundred cells a side) from the n points
 * x, y, z, written row r, column c at out[r * stride + c] (stride >= tile->ncols; cells past
 * tile->ncols in a row and rows past tile->nrows are not written). The caller passes every
 * point within the radius of the tile's cells (more do no harm), in increasing input order:
 * equal distances are ranked by position in these arrays, so the results equal those of
 * dtmap_idw_grid over the whole grid for these cells whenever the tile's cell centres (from
 * dtmap_grid_cell_center on tile) are the whole grid's. Single-threaded, no global state:
 * threads may call it at once, each with its own scratch. Errors: DTMAP_ERR_USAGE (bad tile,
 * stride, or missing arrays), DTMAP_ERR_NOMEM. */
dtmap_status dtmap_idw_tile(dtmap_idw_scratch *s, const dtmap_grid *tile, const double *x,
                            const double *y, const double *z, size_t n, float nodata, float *out,
                            int stride, dtmap_error *err);

/* Bins n points into the grid: mean_out[cell] is the mean of the z values falling in the cell
 * (in the linear mW domain when power_domain is 1, plain dB mean otherwise), nodata where the
 * cell is empty; count_out[cell] is the number of points (0 for empty cells). Either output
 * may be NULL. Points outside the grid or non-finite are ignored. Errors: DTMAP_ERR_NOMEM. */
dtmap_status dtmap_bin_grid(const dtmap_grid *grid, const double *x, const double *y,
                            const double *z, size_t n, int power_domain, float nodata,
                            float *mean_out, float *count_out, dtmap_error *err);

#ifdef __cplusplus
}
#endif
#endif
