/* gpkg_gaps.h (private): a gap layer written from polygons made one at a time by the caller
 * (gpkg.c writes it; tilegaps_gpkg.c, the tiled engine's polygons, uses it). */
#ifndef DTMAP_OUTPUT_GPKG_GAPS_H
#define DTMAP_OUTPUT_GPKG_GAPS_H

#include <stddef.h>

#include <ogr_api.h>

#include "dtmap/crs.h"
#include "dtmap/gaps.h"
#include "dtmap/status.h"

/* Makes the polygon of gap number k (0-based) into *geom, which the writer then owns. */
typedef dtmap_status (*dtmapi_gpkg_polygon_fn)(void *user, size_t k, OGRGeometryH *geom,
                                               dtmap_error *err);

/* Adds layer to gpkg with the fields of dtmap_gpkg_add_gaps and one feature per gap v[0..n-1],
 * in that order, whose polygon polygon(user, k, ...) makes; inside one transaction (rolled back
 * on failure), in gpkg.c's GDAL scope, so equal inputs give byte-identical files. Errors: those
 * of dtmap_gpkg_add_gaps and of polygon. gpkg stays usable for _abort. */
dtmap_status dtmapi_gpkg_write_gaps(dtmap_gpkg *gpkg, const char *layer, const dtmap_crs *crs,
                                    const dtmap_gap *v, size_t n, const char *tech,
                                    const char *metric, const char *unit, double threshold,
                                    dtmapi_gpkg_polygon_fn polygon, void *user, dtmap_error *err);

#endif
