/* idw_private.h: what the whole-grid IDW (idw.c) shares with the tile IDW (idw_tile.c). */
#ifndef DTMAP_INTERP_IDW_PRIVATE_H
#define DTMAP_INTERP_IDW_PRIVATE_H

#include <stdint.h>

#include "dtmap/interp.h"

/* DTMAP_OK when the options are valid (power and radius > 0 and finite, 1 <= min_points <=
 * max_points, threads >= 0), else DTMAP_ERR_USAGE with a detail naming the option. */
dtmap_status dtmapi_idw_check_opts(const dtmap_idw_opts *o, dtmap_error *err);

/* DTMAP_OK when grid is non-NULL with non-negative size and a finite origin and resolution > 0,
 * else DTMAP_ERR_USAGE. */
dtmap_status dtmapi_idw_check_grid(const dtmap_grid *grid, dtmap_error *err);

/* Largest number of points one IDW accepts (positions and offsets are 32-bit). */
#define DTMAPI_IDW_MAX_POINTS ((size_t)UINT32_MAX - 1)

/* dtmap_idw_tile on the block of ncols x nrows cells of grid g whose north-west cell is (col0,
 * row0), with g's own cell centres (dtmap_grid_cell_center(g, col0 + c, row0 + r)), so that
 * a whole grid cut into blocks gives the bytes of one evaluation of the whole. Arguments are
 * not checked (dtmap_idw_tile checks them). Errors: DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_idw_tile_at(dtmap_idw_scratch *s, const dtmap_grid *g, int col0, int row0,
                                int ncols, int nrows, const double *x, const double *y,
                                const double *z, size_t n, float nodata, float *out, int stride,
                                dtmap_error *err);

#endif
