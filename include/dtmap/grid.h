/* grid.h: the one explicit grid spec (origin, resolution, size) and its cell arithmetic. Every
 * other module asks these functions where a cell is; nobody else computes cell centres. */
#ifndef DTMAP_GRID_H
#define DTMAP_GRID_H

#include <stddef.h>

#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* North-up grid in the output CRS. Cell (col 0, row 0) is the north-west cell; its top-left
 * corner is (xmin, ymax). Rasters are stored row-major, row 0 first. */
typedef struct dtmap_grid {
    double xmin, ymax; /* top-left corner, metres; whole multiples of res_m */
    double res_m;      /* square cell size in metres */
    int ncols, nrows;
} dtmap_grid;

/* Largest grid dtmap agrees to allocate (cells). */
#define DTMAP_GRID_MAX_CELLS 400000000.0

/* Builds the grid that covers [xmin, xmax] x [ymin, ymax], with the origin snapped outward to
 * whole multiples of res_m. An edge that falls exactly on a multiple stays there, so an extent
 * of whole multiples gives exactly (xmax-xmin)/res_m columns. Errors: DTMAP_ERR_USAGE for a
 * non-positive or non-finite resolution or an inverted extent; DTMAP_ERR_TOO_LARGE for more
 * than DTMAP_GRID_MAX_CELLS cells (the detail gives the columns, rows and resolution; the
 * caller adds what to do about it). */
dtmap_status dtmap_grid_from_extent(double xmin, double ymin, double xmax, double ymax,
                                    double res_m, dtmap_grid *grid, dtmap_error *err);

/* Largest extent the tiled map job accepts (cells of its grid; only the tiles near samples are
 * computed, DTMAP_GRID_MAX_CELLS at most). */
#define DTMAP_GRID_MAX_EXTENT_CELLS 1e13

/* The same with another cell limit (max_cells), for callers that never allocate the grid. */
dtmap_status dtmap_grid_from_extent_max(double xmin, double ymin, double xmax, double ymax,
                                        double res_m, double max_cells, dtmap_grid *grid,
                                        dtmap_error *err);

/* Centre of cell (col, row) in grid CRS metres. */
void dtmap_grid_cell_center(const dtmap_grid *grid, int col, int row, double *x, double *y);

/* Cell containing (x, y). Cells own their west and north edges. Returns 1 and sets col/row if
 * the point is inside the grid, 0 otherwise (including NAN). */
int dtmap_grid_cell_of(const dtmap_grid *grid, double x, double y, int *col, int *row);

/* The grid of rows row0..row0+nrows-1 of grid (same columns and resolution, top edge moved
 * south), so that a strip of a raster can be computed as a grid of its own. */
void dtmap_grid_rows(const dtmap_grid *grid, int row0, int nrows, dtmap_grid *strip);

/* Number of cells, and the GDAL geotransform {xmin, res, 0, ymax, 0, -res}. */
size_t dtmap_grid_ncells(const dtmap_grid *grid);
void dtmap_grid_geotransform(const dtmap_grid *grid, double gt[6]);
/* Area of one cell in square metres. */
double dtmap_grid_cell_area_m2(const dtmap_grid *grid);

#ifdef __cplusplus
}
#endif
#endif
