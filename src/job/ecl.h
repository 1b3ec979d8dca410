/* ecl.h (private): the NB-IoT coverage-enhancement maps of a run: per cell the most common ECL
 * the devices used and the share of samples at CE2, written tile by tile (the CE2 gap polygons
 * come from the tile sink). */
#ifndef DTMAP_JOB_ECL_H
#define DTMAP_JOB_ECL_H

#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "dtmap/run.h"
#include "dtmap/sample.h"
#include "dtmap/tiled.h"

/* Counts the NB-IoT samples of set with an ECL inside the run's grid area (x, y: projected, in
 * set order) into e, then opens ecl_path (most common level per cell, ties to the higher level;
 * nodata where no sample) and share_path (percentage of the cell's samples at CE2), tiled over
 * file with tile side T, with CRS, nodata and metadata, into *mode and *share (the caller puts
 * the tiles and commits both). Errors: those of dtmap/tiled.h. */
dtmap_status dtmapi_ecl_begin(const dtmap_grid *area, const dtmap_grid *file, int T,
                              const dtmap_crs *crs, const double *x, const double *y,
                              const dtmap_samples *set, const dtmap_map_opts *o,
                              const char *ecl_path, const char *share_path, dtmap_ecl_result *e,
                              dtmap_tiled **mode, dtmap_tiled **share, dtmap_error *err);

#endif
