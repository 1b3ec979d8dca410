/* gaps.h: coverage gaps: cells below a threshold grouped into 4-connected regions, their
 * statistics, and polygons written to a GeoPackage with GDALPolygonize. */
#ifndef DTMAP_GAPS_H
#define DTMAP_GAPS_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One connected region of weak cells. */
typedef struct dtmap_gap {
    int32_t id; /* 1..n: ordered by area descending, then by first cell in row-major order */
    size_t ncells;
    double area_m2;
    double mean;     /* mean cell value in dBm or dB (power metrics averaged through mW) */
    double min;      /* lowest cell value */
    double samples;  /* sum of the per-cell sample counts over the region */
    double lon, lat; /* centroid of the region's cell centres, WGS 84 */
} dtmap_gap;

/* Gaps of one layer, plus the cell accounting every gap report needs. */
typedef struct dtmap_gaps {
    dtmap_gap *v;
    size_t n;
    int32_t *label;          /* dtmap_grid_ncells labels: 0 = not weak, else dtmap_gap.id */
    size_t cells_covered;    /* value >= threshold */
    size_t cells_weak;       /* value < threshold */
    size_t cells_unmeasured; /* nodata */
} dtmap_gaps;

/* Finds the gaps of one layer: cells whose value (not nodata, finite) is below threshold,
 * grouped 4-connected. count may be NULL (samples then 0). The crs is used for centroids.
 * *out is filled and owned by the caller: release with dtmap_gaps_free. */
dtmap_status dtmap_gaps_find(const dtmap_grid *grid, const dtmap_crs *crs, const float *value,
                             const float *count, float nodata, double threshold, int power_domain,
                             dtmap_gaps *out, dtmap_error *err);
/* The same for layers where high values are the problem (the NB-IoT CE2 share): gap cells are
 * those at or above threshold (cells_weak counts them, cells_covered the others); values are
 * averaged as they are. */
dtmap_status dtmap_gaps_find_above(const dtmap_grid *grid, const dtmap_crs *crs, const float *value,
                                   const float *count, float nodata, double threshold,
                                   dtmap_gaps *out, dtmap_error *err);
void dtmap_gaps_free(dtmap_gaps *gaps);

/* A GeoPackage being written (one file, one polygon layer per technology and metric). */
typedef struct dtmap_gpkg dtmap_gpkg;

/* Starts a GeoPackage at a temporary name beside path (fileio.h). DTMAP_ERR_EXISTS when path
 * exists and overwrite is 0. On success *out must end with dtmap_gpkg_commit or _abort. */
dtmap_status dtmap_gpkg_begin(const char *path, int overwrite, dtmap_gpkg **out, dtmap_error *err);
/* Adds a polygon layer named layer (e.g. "gaps_rsrp_lte") in the grid CRS, one feature per
 * polygon that GDALPolygonize traces from gaps->label, with fields gap_id, tech, metric, unit,
 * threshold, area_m2, ncells, mean, min, samples, centroid_lon, centroid_lat. An empty gap list
 * still creates the (empty) layer. */
dtmap_status dtmap_gpkg_add_gaps(dtmap_gpkg *gpkg, const char *layer, const dtmap_grid *grid,
                                 const dtmap_crs *crs, const dtmap_gaps *gaps, const char *tech,
                                 const char *metric, const char *unit, double threshold,
                                 dtmap_error *err);
/* Closes, renames into place and frees gpkg (also on failure). */
dtmap_status dtmap_gpkg_commit(dtmap_gpkg *gpkg, dtmap_error *err);
/* Discards the temporary and frees gpkg. Accepts NULL. */
void dtmap_gpkg_abort(dtmap_gpkg *gpkg);

#ifdef __cplusplus
}
#endif
#endif
