/* ecl_stats.h (private): NB-IoT coverage-enhancement levels per grid cell: the most common
 * level the devices in a cell used, the share of its samples at CE2 and its sample count. */
#ifndef DTMAP_ASSESS_ECL_STATS_H
#define DTMAP_ASSESS_ECL_STATS_H

#include <stdint.h>

#include "dtmap/grid.h"
#include "dtmap/run.h"
#include "dtmap/sample.h"

/* Bins the NB-IoT samples of set that carry an ECL (x, y: their projected coordinates, in set
 * order) on g. n (3 x cells, zeroed by the caller) receives the per-level counts; mode (most
 * common level, ties to the higher), share (percentage at CE2) and count (samples) receive one
 * value per cell, nodata where the cell has no sample. Adds to e's sample and cell counts. All
 * arrays are the caller's; nothing is allocated. */
void dtmapi_ecl_bin(const dtmap_grid *g, const double *x, const double *y, const dtmap_samples *set,
                    float nodata, uint32_t *n, float *mode, float *share, float *count,
                    dtmap_ecl_result *e);

/* The same for the samples idx[0..nidx-1] of set only, without e's counts: the cells of one tile
 * of the tiled engine (samples outside g are skipped). */
void dtmapi_ecl_bin_list(const dtmap_grid *g, const double *x, const double *y,
                         const dtmap_samples *set, const uint32_t *idx, size_t nidx, float nodata,
                         uint32_t *n, float *mode, float *share, float *count);

#endif
