/* areas.h: named areas of interest (towns, scenic spots) read with OGR, reprojected into the
 * run's CRS, with their outlines, per-cell coverage fractions on a grid and a point test. */
#ifndef DTMAP_AREAS_H
#define DTMAP_AREAS_H

#include <stddef.h>

#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The areas of one file, in the run's CRS. Opaque; see dtmap_areas_create. */
typedef struct dtmap_areas dtmap_areas;

/* How to read the file. A zeroed struct (or NULL) means "decide for me":
 * - layer NULL: the first layer whose declared geometry type is Polygon or MultiPolygon (2D, Z
 *   or M); when no layer declares one (KML, mixed GeoJSON), the first layer that has a feature.
 *   The chosen layer is used even when empty (an error, no fallback to the next). A named
 *   layer must exist (DTMAP_ERR_USAGE lists the layers).
 * - name_field NULL: the first field named "name" in any ASCII letter case (name, NAME, Name,
 *   ...), else the field "名称"; none of them is DTMAP_ERR_FORMAT listing the fields. A named
 *   field is matched exactly, else ignoring ASCII case as OGR does; a missing one is
 *   DTMAP_ERR_USAGE listing the fields.
 * Names come back as OGR decodes them: UTF-8 for GeoPackage, GeoJSON and KML; for a Shapefile
 * from the code page its .cpg or DBF header declares (a Chinese Shapefile with neither needs
 * SHAPE_ENCODING=CP936 in the environment). */
typedef struct dtmap_areas_opts {
    const char *layer;
    const char *name_field;
} dtmap_areas_opts;

/* Reads every feature of the chosen layer of path (GeoPackage, GeoJSON, Shapefile, KML or any
 * vector format OGR opens) as one area and reprojects it into crs (the run's CRS, not NULL;
 * areas keeps no reference to it). Rules, each an error naming
 * the file, the layer and the feature (FID and name) when broken:
 * - the layer has at least one feature (DTMAP_ERR_EMPTY);
 * - every geometry is a non-empty Polygon or MultiPolygon (a GeometryCollection of polygons
 *   and curved polygons are accepted; Z/M are dropped); points, lines or no geometry are
 *   DTMAP_ERR_FORMAT;
 * - every geometry is valid in OGR's sense (OGR_G_IsValid, GEOS): a self-intersecting ring,
 *   a hole outside its shell etc. is DTMAP_ERR_FORMAT (fix with `ogr2ogr -makevalid`);
 * - every name is a non-empty string and unique within the layer (DTMAP_ERR_FORMAT): parts of
 *   one place belong in one MultiPolygon feature.
 * A layer without a CRS is taken as WGS 84 lon/lat when all its coordinates lie within
 * -180..180 / -90..90, and that assumption is reported by dtmap_areas_warnings; otherwise it
 * is DTMAP_ERR_CRS. Vertices are transformed with OGR/PROJ (traditional GIS axis order on both
 * sides); edges stay straight in the run's CRS (not densified). A vertex PROJ cannot
 * transform is DTMAP_ERR_CRS. A missing file is DTMAP_ERR_IO; a file OGR cannot read,
 * DTMAP_ERR_FORMAT. opts may be NULL. On success *out is owned by the caller: free with
 * dtmap_areas_destroy. On failure *out is NULL. */
dtmap_status dtmap_areas_create(const char *path, const dtmap_areas_opts *opts,
                                const dtmap_crs *crs, dtmap_areas **out, dtmap_error *err);
/* Frees areas. Accepts NULL. */
void dtmap_areas_destroy(dtmap_areas *areas);

/* Number of areas (>= 1), in the layer's feature order. */
size_t dtmap_areas_count(const dtmap_areas *areas);
/* Name of area i (UTF-8, as stored in the file), owned by areas. */
const char *dtmap_areas_name(const dtmap_areas *areas, size_t i);
/* Planar area of area i in the run's CRS, square metres (holes subtracted). */
double dtmap_areas_area_m2(const dtmap_areas *areas, size_t i);
/* Bounding box of area i in the run's CRS: ext = {xmin, ymin, xmax, ymax}. */
void dtmap_areas_bounds(const dtmap_areas *areas, size_t i, double ext[4]);
/* Bounding box of all areas grown by margin_m metres on every side, for
 * dtmap_grid_from_extent: ext = {xmin, ymin, xmax, ymax}. */
void dtmap_areas_extent(const dtmap_areas *areas, double margin_m, double ext[4]);
/* What was read: the file, the layer and the name field used. Owned by areas. */
const char *dtmap_areas_path(const dtmap_areas *areas);
const char *dtmap_areas_layer(const dtmap_areas *areas);
const char *dtmap_areas_name_field(const dtmap_areas *areas);
/* Assumptions the caller should tell the user about (one per line, no trailing newline), e.g.
 * "yangshuo.shp: layer 'yangshuo' has no CRS: assuming WGS 84 lon/lat". "" when none. Owned by
 * areas. */
const char *dtmap_areas_warnings(const dtmap_areas *areas);

/* One outline ring in the run's CRS: n vertices, closed (x[n-1] == x[0], y[n-1] == y[0]). */
typedef struct dtmap_ring {
    const double *x, *y;
    size_t n;
    int part; /* which polygon of the area (0-based; > 0 only for multipolygons) */
    int hole; /* 0 for an exterior ring, 1 for a hole */
} dtmap_ring;

/* The rings of area i (exterior ring of each part first, then its holes), *nrings of them.
 * Owned by areas, valid until dtmap_areas_destroy. */
const dtmap_ring *dtmap_areas_rings(const dtmap_areas *areas, size_t i, size_t *nrings);

/* The geometry of area i in the run's CRS as ISO WKB (a MultiPolygon), *size bytes, for
 * OGR_G_CreateFromWkb. Owned by areas. */
const unsigned char *dtmap_areas_wkb(const dtmap_areas *areas, size_t i, size_t *size);

/* 1 if (x, y) in the run's CRS lies inside area i (not in a hole), 0 otherwise or for NAN.
 * Even-odd crossing test over all the area's edges (O(vertices); for many points use
 * dtmap_areas_contains_n). A point exactly on a boundary is classified consistently but
 * either way. Areas may overlap, so a point can be in several areas. */
int dtmap_areas_contains(const dtmap_areas *areas, size_t i, double x, double y);
/* The same test for n points: inside[k] = dtmap_areas_contains(areas, i, x[k], y[k]), through
 * an index of the area's edges by horizontal band, so each point costs the edges of one band
 * (about 4 for a smooth outline) instead of all of them. Errors: DTMAP_ERR_NOMEM. */
dtmap_status dtmap_areas_contains_n(const dtmap_areas *areas, size_t i, const double *x,
                                    const double *y, size_t n, unsigned char *inside,
                                    dtmap_error *err);

/* The share of each grid cell that lies inside one area, for the cells of a window of the grid
 * (the area's bounding box clipped to the grid). Cell (col0 + c, row0 + r) has fraction
 * frac[r * ncols + c] in 0..1: (area of cell inside the polygon) / (cell area). Cells outside
 * the window have fraction 0. ncols = nrows = 0 (frac NULL) when the area misses the grid. */
typedef struct dtmap_area_cover {
    int col0, row0;
    int ncols, nrows;
    double *frac;
} dtmap_area_cover;

/* Computes the coverage fractions of area i on grid (in the run's CRS). Exact up to
 * floating-point rounding for every cell, interior or cut by the boundary: the polygon's
 * boundary is split at the grid lines and Green's theorem gives each cell's covered area from
 * the pieces of boundary in its row (no sampling, no GEOS). Fractions within 1e-9 of 0 or 1
 * are snapped to 0 or 1. Time O(cells in the window + boundary crossings of grid lines);
 * memory 8 bytes per window cell. On success *out holds memory owned by the caller: release
 * with dtmap_area_cover_free. Errors: DTMAP_ERR_NOMEM; DTMAP_ERR_USAGE for a grid with a
 * non-positive resolution. */
dtmap_status dtmap_areas_cover(const dtmap_areas *areas, size_t i, const dtmap_grid *grid,
                               dtmap_area_cover *out, dtmap_error *err);
/* Fraction of cell (col, row) of the grid the cover was made on; 0 outside the window. */
double dtmap_area_cover_at(const dtmap_area_cover *cover, int col, int row);
/* Frees cover->frac and zeroes the struct. Accepts NULL and a zeroed struct. */
void dtmap_area_cover_free(dtmap_area_cover *cover);

#ifdef __cplusplus
}
#endif
#endif
