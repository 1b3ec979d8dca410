/* trace.h (private): the one polygon tracer: a label grid polygonized by GDALPolygonize into
 * OGR polygons per label (gap polygons of gaps.c/gpkg.c and of areagaps.c). */
#ifndef DTMAP_ASSESS_TRACE_H
#define DTMAP_ASSESS_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "dtmap/grid.h"
#include "dtmap/status.h"

/* One traced polygon: the label of its cells and its geometry (an OGR Polygon in the grid's
 * coordinates; owned by the list). */
typedef struct dtmapi_traced_polygon {
    int32_t label;
    OGRGeometryH geom;
} dtmapi_traced_polygon;

/* The polygons of one label grid, sorted by label; polygons of one label keep the order
 * GDALPolygonize produced them in. */
typedef struct dtmapi_traced {
    dtmapi_traced_polygon *v;
    size_t n;
} dtmapi_traced;

/* Traces label (grid->ncols x grid->nrows Int32 cells, row-major, 0 = background) on an
 * in-memory raster with grid's geotransform: GDALPolygonize joins 4-connected cells of equal
 * label, as dtmapi_regions_label does. Every label must lie in 1..nlabels. srs (may be NULL)
 * is given to the tracing layer, so the polygons carry it. Runs in its own GDAL scope
 * (gdalutil.h: quiet, PAM off). *out is filled and owned by the caller (dtmapi_traced_free).
 * ctx names the culprit in error details (a path, "area 'x'"). Errors: DTMAP_ERR_USAGE
 * (missing argument), DTMAP_ERR_GDAL (the failed step and GDAL's message, or a label out of
 * range), DTMAP_ERR_NOMEM. On failure *out is empty. */
dtmap_status dtmapi_trace_labels(const dtmap_grid *grid, const int32_t *label, size_t nlabels,
                                 OGRSpatialReferenceH srs, const char *ctx, dtmapi_traced *out,
                                 dtmap_error *err);

/* Destroys the polygons, frees the list and zeroes *t. Accepts NULL. */
void dtmapi_traced_free(dtmapi_traced *t);

#endif
