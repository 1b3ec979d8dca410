/* raster.h: GeoTIFF coverage maps (GDAL): Float32, nodata, CRS, north-up geotransform, tiled,
 * DEFLATE, band descriptions with units and dataset metadata. Written atomically. */
#ifndef DTMAP_RASTER_H
#define DTMAP_RASTER_H

#include "dtmap/grid.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fills buf with rows row0..row0+nrows-1 of a band (nrows * ncols floats, row-major). */
typedef dtmap_status (*dtmap_band_fill)(void *user, int row0, int nrows, float *buf,
                                        dtmap_error *err);

/* One band: its cells, a description ("RSRP (dBm)") and a unit. The cells come from data
 * (dtmap_grid_ncells floats, row-major) or, when data is NULL, from fill, called for successive
 * strips from the top row down, so a large raster never has to be in memory whole. */
typedef struct dtmap_band {
    const float *data;
    const char *description;
    const char *unit; /* "dBm", "dB", "count" */
    dtmap_band_fill fill;
    void *user;
} dtmap_band;

typedef struct dtmap_raster_spec {
    const dtmap_grid *grid;
    const char *crs_wkt;
    float nodata; /* applies to every band */
    const dtmap_band *bands;
    int nbands;
    const char *const *metadata; /* NULL-terminated "KEY=VALUE" list (dataset level), or NULL */
} dtmap_raster_spec;

/* Writes a GeoTIFF to path through a temporary name (fileio.h): Float32 bands, TILED=YES
 * 256x256, COMPRESS=DEFLATE with PREDICTOR=3, nodata, CRS, geotransform, band descriptions and
 * units, metadata. No timestamps are written, so equal inputs give byte-identical files.
 * Errors: DTMAP_ERR_EXISTS (path exists, overwrite 0), DTMAP_ERR_GDAL / DTMAP_ERR_IO (detail
 * names the path and GDAL's message). Nothing is left at path on failure. */
dtmap_status dtmap_raster_write(const char *path, const dtmap_raster_spec *spec, int overwrite,
                                dtmap_error *err);

#ifdef __cplusplus
}
#endif
#endif
