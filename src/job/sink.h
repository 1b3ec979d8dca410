/* sink.h (private): where the tiles of a run go, in tile order: every raster of the run written
 * tile by tile (maps, sample counts, class rasters, gap kinds, ECL maps), the layers' statistics,
 * the run-wide gap regions (labelled across tile edges), and the windows of the areas of
 * interest; then, once every tile has passed, what needs them all: gap polygons, styles and the
 * area report. Memory follows the tiles in flight and the areas, never the extent. */
#ifndef DTMAP_JOB_SINK_H
#define DTMAP_JOB_SINK_H

#include "dtmap/crs.h"
#include "dtmap/gaps.h"
#include "dtmap/run.h"
#include "job/assess.h"
#include "job/plan.h"
#include "job/produce.h"
#include "job/tiles.h"

/* The run a sink serves (all borrowed; r is filled in as tiles pass). */
typedef struct dtmapi_sink_ctx {
    const dtmap_map_opts *o;
    dtmap_map_result *r;
    const dtmap_crs *crs;
    const dtmapi_tiles *tiles;
    const dtmapi_plan *plan;
    const dtmap_samples *set;
    const double *x, *y;
    const dtmap_idw_opts *idw;
    assess_state *as; /* its windows receive the areas' cells */
    dtmap_gpkg *gpkg; /* gaps.gpkg, or NULL */
} dtmapi_sink_ctx;

typedef struct dtmapi_sink dtmapi_sink;

/* Opens every raster of the run (at temporary names) and the gap labellers. *out is the
 * caller's: end with dtmapi_sink_finish or dtmapi_sink_abort. Errors: those of the writers,
 * DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_sink_open(const dtmapi_sink_ctx *ctx, dtmapi_sink **out, dtmap_error *err);

/* Takes one tile (a dtmapi_tile_fn; user is the sink): tiles must come in ascending order. */
dtmap_status dtmapi_sink_tile(void *user, const dtmapi_tile *tile, dtmap_error *err);

/* After the last tile: commits the rasters, writes the styles and the gap layers into gaps.gpkg,
 * and fills the layers' and kinds' figures of r. Frees the sink (also on error). */
dtmap_status dtmapi_sink_finish(dtmapi_sink *s, dtmap_error *err);

/* Discards the temporaries and frees the sink. Accepts NULL. */
void dtmapi_sink_abort(dtmapi_sink *s);

#endif
