/* produce.h (private): the cells of one tile for every layer of a run (interpolated or binned
 * values and sample counts, and the NB-IoT ECL bins), and the ordered pipeline that computes
 * tiles on worker threads while the caller consumes them one by one in tile order. */
#ifndef DTMAP_JOB_PRODUCE_H
#define DTMAP_JOB_PRODUCE_H

#include <stddef.h>

#include "dtmap/run.h"
#include "job/tiles.h"

/* What every tile is computed from (all borrowed, read-only while tiles are produced). */
typedef struct dtmapi_produce_src {
    const dtmapi_tiles *tiles;
    const dtmap_samples *set;
    const double *x, *y; /* the samples projected to the run's CRS */
    const dtmap_layer *layers;
    size_t nlayers;
    dtmap_method method;
    dtmap_idw_opts idw; /* radius resolved */
    float nodata;
    int ecl; /* 1: the NB-IoT ECL bins too */
} dtmapi_produce_src;

/* One tile's cells: T x T floats per array, row-major; cells outside the run's grid nodata. The
 * count of a cell inside the grid is the number of its samples (0 for none). ECL arrays are
 * NULL unless src->ecl: the most common level, the CE2 percentage and the sample count per
 * cell (nodata without samples). */
typedef struct dtmapi_tile {
    size_t k;               /* index of the tile in src->tiles */
    float **value, **count; /* nlayers arrays each */
    float *ecl_mode, *ecl_share, *ecl_count;
} dtmapi_tile;

/* Allocates a tile's arrays for src (k unset). Errors: DTMAP_ERR_NOMEM. Free with
 * dtmapi_tile_free (accepts a zeroed tile). */
dtmap_status dtmapi_tile_alloc(const dtmapi_produce_src *src, dtmapi_tile *t, dtmap_error *err);
void dtmapi_tile_free(const dtmapi_produce_src *src, dtmapi_tile *t);

/* Consumes tiles in order; non-OK stops the pipeline and is returned by dtmapi_produce_run. */
typedef dtmap_status (*dtmapi_tile_fn)(void *user, const dtmapi_tile *tile, dtmap_error *err);

/* Computes tiles k0..k1-1 of src->tiles on threads (src->idw.threads; 0: every CPU), and hands
 * each to consume (on the calling thread) in ascending order. The results do not depend on the
 * number of threads. Errors: those of consume, the interpolators, DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_produce_run(const dtmapi_produce_src *src, size_t k0, size_t k1,
                                dtmapi_tile_fn consume, void *user, dtmap_error *err);

#endif
