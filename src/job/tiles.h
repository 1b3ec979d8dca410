/* tiles.h (private): the fixed tiling of the output CRS and the tiles a run computes. Tiles are
 * T x T cells with their corners on whole multiples of T * res_m, so the tiles of any two runs
 * at the same resolution line up. Only tiles within reach of a mapped sample exist; nothing is
 * allocated for the others, whatever the extent. */
#ifndef DTMAP_JOB_TILES_H
#define DTMAP_JOB_TILES_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/grid.h"
#include "dtmap/status.h"

/* Default tile side in cells (also the GeoTIFF block size). */
#define DTMAPI_TILE 256

/* The tiling of one run and its tiles. Zero it before use; release with dtmapi_tiles_free. */
typedef struct dtmapi_tiles {
    dtmap_grid area; /* the run's grid (--extent, areas or samples): cells outside it are nodata */
    dtmap_grid file; /* the rasters' grid: area with its north-west corner moved out to whole
                        multiples of T * res_m (so file blocks are tiles); same south-east edge */
    int T;           /* tile side, cells */
    int ntx, nty;    /* tiles across and down the file grid (the last ones may be partial) */
    int col0, row0;  /* the area grid's first column and row in the file grid */
    size_t n;        /* tiles that exist */
    uint64_t *id;    /* their ids tr * ntx + tc, ascending: row-major order */
    size_t *first;   /* n + 1 offsets into pts */
    uint32_t *pts;   /* per tile, the samples within reach of it, in ascending sample order */
} dtmapi_tiles;

/* Builds the tiling of area at tile side T (a multiple of 16, >= 16) and finds its tiles: those
 * that overlap area and lie within reach (metres: the IDW radius, 0 for bins) of one of the n
 * samples (x, y projected; a sample with use[i] == 0, or non-finite x or y, is left out; use may
 * be NULL). Each tile lists the samples within reach of its rectangle. Errors: DTMAP_ERR_TOO_LARGE
 * (more than DTMAP_GRID_MAX_CELLS cells to compute, or a tiling too large to number),
 * DTMAP_ERR_NOMEM, DTMAP_ERR_USAGE (bad T, or more than 2^32 samples). */
dtmap_status dtmapi_tiles_make(const dtmap_grid *area, int T, const double *x, const double *y,
                               const unsigned char *use, size_t n, double reach, dtmapi_tiles *t,
                               dtmap_error *err);

/* Tile k's column and row in the tiling, and its grid: T x T cells from its north-west corner
 * (cells beyond the file grid's edge included; they are nodata). */
void dtmapi_tiles_pos(const dtmapi_tiles *t, size_t k, int *tc, int *tr);
void dtmapi_tiles_grid(const dtmapi_tiles *t, size_t k, dtmap_grid *tile);

/* The first column and row of tile k's cells that are inside the area grid, and one past the
 * last (tile coordinates, 0..T): cells outside are nodata. Empty when c1 <= c0. */
void dtmapi_tiles_inside(const dtmapi_tiles *t, size_t k, int *c0, int *r0, int *c1, int *r1);

/* Frees what t holds and zeroes it. Accepts a zeroed t. */
void dtmapi_tiles_free(dtmapi_tiles *t);

#endif
