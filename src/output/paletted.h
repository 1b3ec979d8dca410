/* paletted.h (private): the one writer of paletted Byte GeoTIFFs (class and kind rasters) with
 * colour table, category names in the .aux.xml side file, description and metadata. */
#ifndef DTMAP_PALETTED_H
#define DTMAP_PALETTED_H

#include <gdal.h>

#include "dtmap/cellkind.h"
#include "dtmap/grid.h"
#include "dtmap/status.h"
#include "dtmap/style.h"

#define PALETTED_TILE 256 /* tile side of the written TIFF, pixels */

/* Writes the cells of the open band (Byte, grid->ncols x grid->nrows, row 0 north; colour
 * table, names and nodata already set). Returns DTMAP_OK or fills err (its detail naming path,
 * e.g. with dtmapi_gdalutil_fail) and returns the status; user is paletted_spec.user. */
typedef dtmap_status (*paletted_fill_fn)(GDALRasterBandH band, const char *path, void *user,
                                         dtmap_error *err);

/* What a paletted raster is. Everything is borrowed: dtmapi_paletted_write neither keeps nor frees
 * any of it. */
typedef struct paletted_spec {
    const dtmap_grid *grid;      /* at least one cell */
    const char *crs_wkt;         /* NULL: no CRS */
    const char *const *metadata; /* dataset "KEY=VALUE" list, NULL-terminated, or NULL */
    const char *const *colours;  /* ncolours "#rrggbb": colours[i] is the colour of value i+1 */
    int ncolours;                /* 0..255 */
    const char *const *names;    /* category names of values 0..ncolours, NULL-terminated */
    const char *description;     /* band description ("LTE RSRP class (profile default)") */
    paletted_fill_fn fill;       /* writes the cells */
    void *user;                  /* passed to fill */
} paletted_spec;

/* Sets on band (Byte) what every paletted raster carries: nodata 0, the colour table (0
 * transparent, value i the colour colours[i-1], "#rrggbb"), the category names (values
 * 0..ncolours, NULL-terminated; NULL: none, no side file needed) and the description (NULL:
 * ""). Shared with the tiled writer
 * (tiled.h) so both give the same styling facts. Errors: DTMAP_ERR_GDAL (detail names path). */
dtmap_status dtmapi_paletted_band_setup(GDALRasterBandH band, const char *path,
                                        const char *const *colours, int ncolours,
                                        const char *const *names, const char *description,
                                        dtmap_error *err);

/* Writes a Byte GeoTIFF at path: tiled PALETTED_TILE x PALETTED_TILE, DEFLATE, CRS and
 * geotransform from the grid, spec->metadata on the dataset; on band 1 nodata 0, a colour
 * table (0 transparent, i the colour colours[i-1]), the category names and the description;
 * then spec->fill writes the cells. GeoTIFF keeps category names only in GDAL's PAM side file,
 * so PAM is on for this file only (GDAL messages go to err, never to stderr): GDAL writes the
 * side file beside the temporary TIFF on close, it is moved to path.aux.xml's own temporary
 * name (fileio.h), and the TIFF is committed first, then the side file; if that last step
 * fails the committed TIFF is removed. Nothing is left behind on failure; equal inputs give
 * byte-identical files. The caller checks its own spec first; this checks only what it needs.
 * Errors: DTMAP_ERR_USAGE (NULL path, grid, colours, names or fill, ncolours outside 0..255),
 * DTMAP_ERR_EMPTY (grid without cells), DTMAP_ERR_EXISTS (path or path.aux.xml exists and
 * overwrite is 0), DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL / DTMAP_ERR_IO (detail names the path), and
 * those of fill. */
dtmap_status dtmapi_paletted_write(const char *path, const paletted_spec *spec, int overwrite,
                                   dtmap_error *err);

/* The styling facts of one paletted raster: what dtmap_class_raster_write and
 * dtmap_cellkind_raster_write write besides the cells, for a writer of their own (the tiled
 * writer, tiled.h: its spec's metadata, description, colours, ncolours and names). */
typedef struct paletted_facts {
    char **metadata;          /* dataset "KEY=VALUE" list (CSL) */
    char **names;             /* category names of values 0..ncolours (CSL) */
    const char *colours[255]; /* "#rrggbb" of values 1..ncolours, borrowed from the spec */
    int ncolours;
    char description[200];
} paletted_facts;

/* Fills f with the facts of the class raster of s (style.h): metadata, category names, class
 * colours and band description, exactly as dtmap_class_raster_write writes them. s->classes
 * must pass dtmap_classes_check (not checked here); s->values is not read. Free with
 * dtmapi_paletted_facts_free. */
void dtmapi_class_raster_facts(const dtmap_class_raster_spec *s, paletted_facts *f);

/* Fills f with the facts of the kind raster of s (cellkind.h) whose cells have counts[k] cells
 * of kind k (CELLS_<KIND> in the metadata); s->kinds is not read. Free with
 * dtmapi_paletted_facts_free. */
void dtmapi_cellkind_raster_facts(const dtmap_cellkind_raster_spec *s,
                                  const size_t counts[DTMAP_KIND_COUNT], paletted_facts *f);

/* Frees the lists of f (accepts a zeroed struct). */
void dtmapi_paletted_facts_free(paletted_facts *f);

#endif
