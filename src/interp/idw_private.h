/* idw_private.h: checks shared by the whole-grid IDW (idw.c) and the tile IDW (idw_tile.c). */
#ifndef DTMAP_INTERP_IDW_PRIVATE_H
#define DTMAP_INTERP_IDW_PRIVATE_H

#include "dtmap/interp.h"

/* DTMAP_OK when the options are valid (power and radius > 0 and finite, 1 <= min_points <=
 * max_points, threads >= 0), else DTMAP_ERR_USAGE with a detail naming the option. */
dtmap_status dtmapi_idw_check_opts(const dtmap_idw_opts *o, dtmap_error *err);

/* DTMAP_OK when grid is non-NULL with non-negative size and a finite origin and resolution > 0,
 * else DTMAP_ERR_USAGE. */
dtmap_status dtmapi_idw_check_grid(const dtmap_grid *grid, dtmap_error *err);

#endif
