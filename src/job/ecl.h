/* ecl.h (private): the NB-IoT coverage-enhancement maps of a run: per cell the most common ECL
 * the devices used, the share of samples at CE2, and the CE2 gap polygons. */
#ifndef DTMAP_JOB_ECL_H
#define DTMAP_JOB_ECL_H

#include "dtmap/crs.h"
#include "dtmap/gaps.h"
#include "dtmap/grid.h"
#include "dtmap/run.h"
#include "dtmap/sample.h"

/* Bins the NB-IoT samples of set that carry an ECL (x, y: their projected coordinates, in set
 * order) on g and writes ecl_path (band: most common level per cell, ties to the higher level;
 * nodata where no sample) and share_path (band: percentage of the cell's samples at CE2), with
 * CRS, nodata and metadata. When gpkg is not NULL, adds the layer "gaps_ce2_nbiot": regions of
 * cells whose CE2 share is at least r->ecl.ce2_share_threshold (a fraction). Fills r->ecl.
 * Errors: those of dtmap_raster_write and the gap functions, DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_ecl_maps_write(const dtmap_grid *g, const dtmap_crs *crs, const double *x,
                                   const double *y, const dtmap_samples *set,
                                   const dtmap_map_opts *o, const char *ecl_path,
                                   const char *share_path, dtmap_gpkg *gpkg, dtmap_map_result *r,
                                   dtmap_error *err);

#endif
