/* tiled_int.h (private): the tiled writer's state, shared by tiled.c (GeoTIFF, tiles, commit)
 * and tiled_cog.c (overviews computed tile by tile, the COG copy). */
#ifndef DTMAP_TILED_INT_H
#define DTMAP_TILED_INT_H

#include <stdint.h>

#include <gdal.h>

#include "dtmap/fileio.h"
#include "dtmap/tiled.h"

/* See tiled.h. Every pointer is owned by the writer. */
struct dtmap_tiled {
    dtmap_outfile of;  /* the raster (COG: the final COG) */
    dtmap_outfile aux; /* paletted: path.aux.xml (zeroed otherwise) */
    char *pam_tmp;     /* paletted: the side file GDAL writes beside of.tmp */
    char *stage;       /* COG: the sparse tiled GeoTIFF the tiles go to, copied at commit */
    char *stage_aux;   /* COG: its side file (category names), removed with it */
    GDALDatasetH ds;   /* open on of.tmp (or stage) until commit */
    GDALRasterBandH band;
    dtmap_grid grid;
    int T, ntc, ntr; /* tile side; tiles across and down */
    dtmap_tiled_type type;
    double nodata;
    int pam; /* 1: GDAL_PAM_ENABLED=YES for this raster (category names need a side file) */
    int cog;
    dtmap_cog_kind kind;
    long last;           /* row-major index of the last tile put, -1 before the first */
    dtmap_status failed; /* first error of a put; DTMAP_OK while none */
    dtmap_error failure; /* its detail */
    void *scratch;       /* T * T cells of type: the tile as written */
    uint8_t *present;    /* ntc * ntr: 1 where a tile with data was written */
};

/* Size of one cell of type t in bytes. */
size_t dtmapi_tiled_cell_size(dtmap_tiled_type t);

/* Overview levels of a ncols x nrows raster with T-cell tiles: levels are added (each
 * ceil(size / 2)) until the last one fits in one tile; 0 when the raster already does. */
int dtmapi_tiled_levels(int ncols, int nrows, int T);

/* The DTMAP_OVERVIEWS value for kind ("power_mean_mw", "mean", "mode"; as cog.c). */
const char *dtmapi_tiled_overview_rule(dtmap_cog_kind kind);

/* COG: allocates the overview levels on t->ds (open, every tile put) and fills them tile by
 * tile, depth first, from the tiles read back: memory one T x T buffer per level. Errors:
 * DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL (detail names t->of.path). */
dtmap_status dtmapi_tiled_overviews(dtmap_tiled *t, dtmap_error *err);

/* COG: copies the closed t->stage into the COG at t->of.tmp with GDAL's COG driver, keeping
 * dtmap's overviews and leaving empty tiles sparse. Errors: DTMAP_ERR_GDAL (detail names
 * t->of.path). */
dtmap_status dtmapi_tiled_cog_copy(dtmap_tiled *t, dtmap_error *err);

#endif
