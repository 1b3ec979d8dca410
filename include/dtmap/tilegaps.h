/* tilegaps.h: run-wide gap regions found tile by tile (the sparse tiled engine): an incremental
 * labeller whose regions, statistics and ids equal those of dtmap_gaps_find, and a collector
 * that traces each tile's polygons and joins them into one polygon per region. */
#ifndef DTMAP_TILEGAPS_H
#define DTMAP_TILEGAPS_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/crs.h"
#include "dtmap/gaps.h"
#include "dtmap/grid.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An incremental labeller (opaque). Memory: one tile of labels, one row of ncols ids, one column
 * of tile ids, and one record per provisional region (a region's piece in one tile). */
typedef struct dtmap_tilegaps dtmap_tilegaps;

/* The tile last given to dtmap_tilegaps_add_tile, for the polygon collector. */
typedef struct dtmap_tilegaps_tile {
    int tc, tr;           /* tile column and row */
    int ncols, nrows;     /* its real size (smaller than T at the east and south edges) */
    int tile;             /* T: label has T * T cells, row-major, stride T */
    const int32_t *label; /* 0 = not weak, else local label 1..nlocal; cells beyond the grid 0 */
    int32_t nlocal;       /* local regions (4-connected inside the tile) */
    int32_t prov0;        /* local label k has the provisional id prov0 + k */
} dtmap_tilegaps_tile;

/* What dtmap_tilegaps_finish gives: the regions as dtmap_gaps_find would number them, and the
 * map from provisional ids to final ids. */
typedef struct dtmap_tilegaps_result {
    dtmap_gap *v; /* n records, id = index + 1; owned */
    size_t n;
    int32_t *final_id; /* nprov + 1 entries: final_id[p] is the gap id of provisional id p
                        * (final_id[0] = 0); owned */
    size_t nprov;
    size_t cells_covered, cells_weak, cells_unmeasured; /* over the cells of the tiles seen */
} dtmap_tilegaps_result;

/* Starts labelling grid in tiles of T x T cells (T a multiple of 16, at least 16). Weak cells
 * are those dtmap_gaps_find takes (value finite, != nodata, < threshold), or with above those
 * dtmap_gaps_find_above takes (>= threshold; power_domain must then be 0). power_domain
 * averages values in mW. *out is owned by the caller (dtmap_tilegaps_free). Errors:
 * DTMAP_ERR_USAGE (bad grid or T), DTMAP_ERR_NOMEM. */
dtmap_status dtmap_tilegaps_begin(const dtmap_grid *grid, int tile, float nodata, double threshold,
                                  int power_domain, int above, dtmap_tilegaps **out,
                                  dtmap_error *err);

/* Adds tile (tc, tr): value and count (count may be NULL) are T * T cells, row-major, stride T;
 * cells beyond the grid's edge are ignored. Tiles come in strictly increasing row-major order;
 * a tile never added has no weak cell. The tile's weak cells are labelled, their statistics
 * summed and their regions joined with those they touch in the west and north tiles. Errors:
 * DTMAP_ERR_USAGE (tile outside the grid or out of order, missing value, more than INT32_MAX
 * provisional ids), DTMAP_ERR_NOMEM; tg is then unusable except for _free. */
dtmap_status dtmap_tilegaps_add_tile(dtmap_tilegaps *tg, int tc, int tr, const float *value,
                                     const float *count, dtmap_error *err);

/* The last tile added (labels valid until the next dtmap_tilegaps_add_tile). Returns 0 and
 * leaves *t alone when no tile has been added, else 1. */
int dtmap_tilegaps_last_tile(const dtmap_tilegaps *tg, dtmap_tilegaps_tile *t);

/* Ends labelling: fills *out (owned by the caller: dtmap_tilegaps_result_free) with the regions
 * in dtmap_gaps_find's order (area descending, then first cell in row-major order) and the
 * same statistics; centroids are WGS 84 through crs (NAN when crs is NULL). tg may be freed
 * afterwards; no tile may be added. Errors: DTMAP_ERR_USAGE, DTMAP_ERR_NOMEM, those of
 * dtmap_crs_inverse. On failure *out is empty. */
dtmap_status dtmap_tilegaps_finish(dtmap_tilegaps *tg, const dtmap_crs *crs,
                                   dtmap_tilegaps_result *out, dtmap_error *err);

/* Frees the labeller. Accepts NULL. */
void dtmap_tilegaps_free(dtmap_tilegaps *tg);
/* Frees what dtmap_tilegaps_finish gave and zeroes *r. Accepts NULL. */
void dtmap_tilegaps_result_free(dtmap_tilegaps_result *r);

/* --- Polygons (src/output/tilegaps_gpkg.c) --- */

/* A polygon collector (opaque): each tile's polygons, traced in whole-cell coordinates so that
 * pieces of one region meet exactly at tile edges. */
typedef struct dtmap_tilegaps_polys dtmap_tilegaps_polys;

/* Starts collecting the polygons of grid. *out is owned by the caller (_free). Errors:
 * DTMAP_ERR_USAGE, DTMAP_ERR_NOMEM. */
dtmap_status dtmap_tilegaps_polys_begin(const dtmap_grid *grid, dtmap_tilegaps_polys **out,
                                        dtmap_error *err);

/* Traces the last tile of tg (GDALPolygonize, 4-connected) and keeps its polygons tagged with
 * their provisional ids; call after each dtmap_tilegaps_add_tile. Errors: DTMAP_ERR_USAGE,
 * DTMAP_ERR_GDAL, DTMAP_ERR_NOMEM. */
dtmap_status dtmap_tilegaps_polys_add(dtmap_tilegaps_polys *pc, const dtmap_tilegaps *tg,
                                      dtmap_error *err);

/* Writes layer into gpkg as dtmap_gpkg_add_gaps does (same fields, one feature per region, in
 * gap id order): the pieces of each region are joined by an exact union (GEOS), the vertices
 * the union leaves where a boundary runs straight across a tile edge are dropped and each ring
 * starts at its north-west vertex, then coordinates are moved to the grid as GDALPolygonize
 * computes them on the whole grid. So each polygon has the same rings and vertices as the
 * whole-raster one (a ring may run the other way round, holes may come in another order). A
 * region that stays in more than one part is an error (DTMAP_ERR_GDAL). Errors also:
 * DTMAP_ERR_USAGE, DTMAP_ERR_CRS, DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL. The pieces are consumed (the
 * collector can only be freed). */
dtmap_status dtmap_tilegaps_polys_write(dtmap_tilegaps_polys *pc, dtmap_gpkg *gpkg,
                                        const char *layer, const dtmap_crs *crs,
                                        const dtmap_tilegaps_result *res, const char *tech,
                                        const char *metric, const char *unit, double threshold,
                                        dtmap_error *err);

/* Frees the collector and its pieces. Accepts NULL. */
void dtmap_tilegaps_polys_free(dtmap_tilegaps_polys *pc);

#ifdef __cplusplus
}
#endif
#endif
