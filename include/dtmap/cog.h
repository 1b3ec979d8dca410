/* cog.h: Cloud-Optimised GeoTIFF output of one Float32 band, with overviews computed by dtmap so
 * that powers are averaged in mW, ratios in dB, and categories by their most common value. */
#ifndef DTMAP_COG_H
#define DTMAP_COG_H

#include "dtmap/grid.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How an overview cell is made from the valid (not nodata, not NaN) cells beneath it. */
typedef enum dtmap_cog_kind {
    /* Powers in dBm (RSRP, RSSI, NRSRP): the mean is taken in mW,
     * 10 log10(sum(10^(v/10)) / n), over every valid full-resolution cell in the overview
     * cell's footprint. */
    DTMAP_COG_POWER,
    /* Ratios in dB (SINR, RSRQ) and any other quantity averaged as it is (counts, shares): the
     * plain mean sum(v) / n over the same valid full-resolution cells. */
    DTMAP_COG_RATIO,
    /* Class codes (coverage class, ECL, gap kind): the most common valid value of the 2 x 2
     * cells of the level below; a tie goes to the smallest value. Never a mean. */
    DTMAP_COG_CATEGORY
} dtmap_cog_kind;

/* One band on a grid, and how its overviews are made. Nothing here is owned by the writer. */
typedef struct dtmap_cog_spec {
    const dtmap_grid *grid;
    const char *crs_wkt;         /* may be NULL (no CRS written) */
    const float *data;           /* dtmap_grid_ncells floats, row-major, row 0 at the top */
    float nodata;                /* cells equal to it (or NaN) are not data; may be NAN */
    const char *description;     /* band description, e.g. "RSRP (dBm)"; may be NULL */
    const char *unit;            /* band unit, e.g. "dBm"; may be NULL */
    const char *const *metadata; /* NULL-terminated "KEY=VALUE" list (dataset level), or NULL */
    dtmap_cog_kind kind;
    int tile_px; /* tile side: 256 or 512; 0 means 512 (the COG default) */
} dtmap_cog_spec;

/* Number of overview levels dtmap_cog_write makes for a ncols x nrows band with tile_px tiles
 * (0 means 512): level k (1-based) is ceil(ncols / 2^k) x ceil(nrows / 2^k), and levels are
 * added until the last one fits in one tile; 0 when the band already does. -1 for a
 * non-positive size or a tile side other than 0, 256 or 512. */
int dtmap_cog_levels(int ncols, int nrows, int tile_px);

/* Writes spec as a Cloud-Optimised GeoTIFF at path (GDAL's COG driver: tiled, DEFLATE,
 * floating-point predictor, overviews also DEFLATE) with dtmap_cog_levels overviews, computed
 * here as spec->kind says (factors 2, 4, 8, ...). A footprint without a valid cell is nodata;
 * the band keeps spec->nodata, description and unit, the dataset spec->metadata plus
 * DTMAP_OVERVIEWS=power_mean_mw, mean or mode. The file is written through a temporary name in
 * the target folder and renamed into place (fileio.h); no side file (.aux.xml, .ovr) is left,
 * no timestamp is written, so equal inputs give byte-identical files. spec->data is read in
 * place, never copied; the overviews and their running sums take at most about 1.5 times the
 * band's size on top of it.
 * Errors: DTMAP_ERR_USAGE (NULL path, spec, grid or data, bad tile_px or kind),
 * DTMAP_ERR_EMPTY (grid without cells), DTMAP_ERR_EXISTS (path exists and overwrite is 0; the
 * file is left untouched), DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL / DTMAP_ERR_IO (the detail names
 * path, the step and GDAL's message). Nothing is left at path on failure. */
dtmap_status dtmap_cog_write(const char *path, const dtmap_cog_spec *spec, int overwrite,
                             dtmap_error *err);

#ifdef __cplusplus
}
#endif
#endif
