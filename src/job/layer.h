/* layer.h (private): one technology x metric layer of the map job: where its cells come from
 * while its GeoTIFF is written strip by strip, the statistics gathered on the way, and the
 * writer of the value raster and its sample-count companion. */
#ifndef DTMAP_JOB_LAYER_H
#define DTMAP_JOB_LAYER_H

#include <stddef.h>

#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "dtmap/interp.h"
#include "dtmap/run.h"

/* Where one layer's cells come from while its GeoTIFF is written strip by strip: whole rasters
 * when gap labelling needed them anyway, otherwise computed per strip (IDW rows, or bins over a
 * strip grid) so that a large grid never has to be in memory. Statistics of the value band
 * accumulate as the strips pass. */
typedef struct layer_src {
    const dtmap_grid *g;
    const double *x, *y, *z; /* z: this layer's values, NAN for other samples */
    size_t n;
    int power;
    float nodata;
    double threshold;
    int has_threshold;
    dtmap_idw *idw;             /* prepared IDW, or NULL with --method bin */
    const float *value, *count; /* whole rasters, or NULL */
    double lo, hi, sum;         /* over valid cells; sum in mW for power metrics */
    size_t valid, unmeasured, covered, weak;
    double count_max; /* largest per-cell sample count seen */
} layer_src;

/* dtmap_band_fill callbacks over a layer_src (user): the value band (which also accumulates
 * the statistics), the same values without statistics (for a second raster made from them),
 * and the per-cell sample count (which tracks count_max). */
dtmap_status dtmapi_layer_fill_plain(void *user, int row0, int nrows, float *buf, dtmap_error *err);
dtmap_status dtmapi_layer_fill_value(void *user, int row0, int nrows, float *buf, dtmap_error *err);
dtmap_status dtmapi_layer_fill_count(void *user, int row0, int nrows, float *buf, dtmap_error *err);

/* Writes layer l's value GeoTIFF at path (a Cloud-Optimised GeoTIFF with dtmap's own
 * overviews when o->cog: src->value and src->count must then hold the whole rasters) and its
 * sample-count companion at samples_path, with the metadata every map carries (metric, unit,
 * technology, method and parameters, averaging, samples, threshold and its source, profile, CRS,
 * version, input files), cells from src. Records in l what only the writing learns: the
 * samples inside the grid (samples_on_grid) and whether no cell got a value (empty). Errors:
 * those of dtmap_raster_write, DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_layer_write(const char *path, const char *samples_path, const dtmap_grid *g,
                                const dtmap_crs *crs, const dtmap_samples *set,
                                const dtmap_map_opts *o, const dtmap_idw_opts *idw, dtmap_layer *l,
                                layer_src *src, dtmap_error *err);

#endif
