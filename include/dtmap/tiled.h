/* tiled.h: a raster written tile by tile (the sparse tiled engine's writer): GeoTIFF, or COG with
 * dtmap's own overviews, in memory O(tile) whatever the grid's size; tiles never handed over
 * stay empty (sparse) and read as nodata. */
#ifndef DTMAP_TILED_H
#define DTMAP_TILED_H

#include "dtmap/cog.h"
#include "dtmap/grid.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A raster being written (opaque): dtmap_tiled_begin, dtmap_tiled_put per tile, then
 * dtmap_tiled_commit or dtmap_tiled_abort, each exactly once. */
typedef struct dtmap_tiled dtmap_tiled;

/* Cell type of the raster and of the tiles handed to dtmap_tiled_put. */
typedef enum dtmap_tiled_type {
    DTMAP_TILED_FLOAT32 = 0, /* float cells: maps, sample counts (as raster.h writes them) */
    DTMAP_TILED_BYTE = 1     /* uint8_t cells: class and kind rasters (as style.h, cellkind.h) */
} dtmap_tiled_type;

/* What the raster is. Everything is borrowed for the length of dtmap_tiled_begin only: the
 * writer copies what it keeps. */
typedef struct dtmap_tiled_spec {
    const dtmap_grid *grid;      /* the file grid (notes/tiles.md): at least one cell */
    int tile;                    /* T, the tile side in cells: a multiple of 16, 16 or more */
    const char *crs_wkt;         /* NULL: no CRS */
    dtmap_tiled_type type;       /* Float32 or Byte */
    double nodata;               /* cells equal to it are nodata (NaN allowed for Float32);
                                    Byte: 0..255 (the paletted rasters use 0) */
    const char *description;     /* band description, "LTE RSRP (dBm)"; NULL: none */
    const char *unit;            /* band unit, "dBm"; NULL: none */
    const char *const *metadata; /* dataset "KEY=VALUE" list, NULL-terminated, or NULL */
    /* Byte only: a paletted raster as output/paletted.h writes it (nodata 0, colour 0
     * transparent, value i the colour colours[i-1]) and, when names is set, the category names
     * of values 0..ncolours, kept by GDAL in path.aux.xml beside the TIFF (written too). */
    const char *const *colours; /* ncolours "#rrggbb", or NULL (then names NULL too) */
    int ncolours;               /* 0..255 */
    const char *const *names;   /* NULL-terminated, or NULL */
    /* 1: a Cloud-Optimised GeoTIFF whose overviews dtmap computes as cog.h says for cog_kind
     * (and DTMAP_OVERVIEWS in the metadata as dtmap_cog_write puts it); tile side T, levels
     * until the last fits in one tile. Byte rasters take DTMAP_COG_CATEGORY only. 0: a plain
     * tiled GeoTIFF. */
    int cog;
    dtmap_cog_kind cog_kind;
} dtmap_tiled_spec;

/* Starts writing the raster of spec at path, through a temporary name in path's folder
 * (fileio.h). The GeoTIFF is tiled T x T with SPARSE_OK, compressed as dtmap_raster_write
 * (Float32: DEFLATE level 3, floating-point predictor) or dtmapi_paletted_write (Byte: DEFLATE)
 * does, with the CRS, geotransform, nodata, description, unit, metadata and (paletted) colour
 * table and category names they write, so the same cells give the same gdalinfo. On success
 * *out is the writer, owned by the caller until dtmap_tiled_commit or dtmap_tiled_abort.
 * Errors: DTMAP_ERR_USAGE (NULL path, spec, grid or out; bad tile side, type, nodata, palette or
 * COG kind), DTMAP_ERR_EMPTY (grid without cells), DTMAP_ERR_EXISTS (path, or path.aux.xml for
 * a paletted raster, exists and overwrite is 0), DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL /
 * DTMAP_ERR_IO (the detail names path). *out is NULL and nothing is left behind on failure. */
dtmap_status dtmap_tiled_begin(const char *path, const dtmap_tiled_spec *spec, int overwrite,
                               dtmap_tiled **out, dtmap_error *err);

/* Hands over tile (tc, tr): T * T cells (float or uint8_t as spec->type), row-major, stride T;
 * cells beyond the grid's edge are ignored (written as nodata). Tiles come in strictly
 * increasing row-major order (tr, then tc); a tile never handed over reads as nodata. A tile
 * whose cells all equal nodata is not written (it stays sparse). tile is read, never kept.
 * Errors: DTMAP_ERR_USAGE (NULL t or tile, (tc, tr) outside the grid's tiles or not after the
 * previous tile), DTMAP_ERR_GDAL / DTMAP_ERR_IO (detail names path). After an error the writer
 * takes only dtmap_tiled_abort (or dtmap_tiled_commit, which then fails). */
dtmap_status dtmap_tiled_put(dtmap_tiled *t, int tc, int tr, const void *tile, dtmap_error *err);

/* Replaces the dataset metadata given to dtmap_tiled_begin (for figures known only after the
 * last tile, such as cell counts); NULL-terminated "KEY=VALUE" list, copied. Errors:
 * DTMAP_ERR_USAGE (NULL t), DTMAP_ERR_GDAL. */
dtmap_status dtmap_tiled_set_metadata(dtmap_tiled *t, const char *const *metadata,
                                      dtmap_error *err);

/* Finishes the raster: (COG: computes the overviews tile by tile from the written tiles, in
 * memory O(T * T * levels), and copies into the COG layout) closes it, checks GDAL's errors,
 * renames it into place (a paletted raster's side file after it, as paletted.h does) and frees
 * t, whatever the outcome. Equal tiles give byte-identical files. Errors: those of the first
 * failed put, DTMAP_ERR_USAGE (NULL t), DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL / DTMAP_ERR_IO (the
 * detail names path). Nothing is left behind on failure. */
dtmap_status dtmap_tiled_commit(dtmap_tiled *t, dtmap_error *err);

/* Drops the raster: closes it, removes every temporary and frees t. NULL is fine. */
void dtmap_tiled_abort(dtmap_tiled *t);

#ifdef __cplusplus
}
#endif
#endif
