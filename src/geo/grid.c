/* grid.c: the grid spec and the only cell <-> coordinate arithmetic in dtmap. */
#include "dtmap/grid.h"

#include <math.h>

#include "geo/span.h"

dtmap_status dtmap_grid_from_extent(double xmin, double ymin, double xmax, double ymax,
                                    double res_m, dtmap_grid *grid, dtmap_error *err) {
    return dtmap_grid_from_extent_max(xmin, ymin, xmax, ymax, res_m, DTMAP_GRID_MAX_CELLS, grid,
                                      err);
}

dtmap_status dtmap_grid_from_extent_max(double xmin, double ymin, double xmax, double ymax,
                                        double res_m, double max_cells, dtmap_grid *grid,
                                        dtmap_error *err) {
    if (!(res_m > 0) || !isfinite(res_m))
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "resolution must be a positive number of "
                               "metres (got %g)",
                               res_m);
    if (!isfinite(xmin) || !isfinite(ymin) || !isfinite(xmax) || !isfinite(ymax) || xmax < xmin ||
        ymax < ymin)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "extent %.3f,%.3f,%.3f,%.3f is empty or inverted", xmin, ymin, xmax,
                               ymax);
    double x0 = floor(xmin / res_m) * res_m;
    double y0 = floor(ymin / res_m) * res_m;
    double x1 = ceil(xmax / res_m) * res_m;
    double y1 = ceil(ymax / res_m) * res_m;
    if (x1 <= x0) x1 = x0 + res_m; /* a single point still gets one cell */
    if (y1 <= y0) y1 = y0 + res_m;
    double ncols = round((x1 - x0) / res_m);
    double nrows = round((y1 - y0) / res_m);
    if (!(ncols * nrows <= max_cells && ncols <= 2e9 && nrows <= 2e9)) { /* NaN too */
        char c[32], r[32], lim[32];
        return dtmap_error_set(
            err, DTMAP_ERR_TOO_LARGE, "grid of %s x %s cells at %g m is too large (limit %s cells)",
            dtmapi_count_text(ncols, c, sizeof c), dtmapi_count_text(nrows, r, sizeof r), res_m,
            dtmapi_count_text(max_cells, lim, sizeof lim));
    }
    grid->xmin = x0;
    grid->ymax = y1;
    grid->res_m = res_m;
    grid->ncols = (int)ncols;
    grid->nrows = (int)nrows;
    return DTMAP_OK;
}

void dtmap_grid_cell_center(const dtmap_grid *grid, int col, int row, double *x, double *y) {
    *x = grid->xmin + ((double)col + 0.5) * grid->res_m;
    *y = grid->ymax - ((double)row + 0.5) * grid->res_m;
}

int dtmap_grid_cell_of(const dtmap_grid *grid, double x, double y, int *col, int *row) {
    double c = floor((x - grid->xmin) / grid->res_m);
    double r = floor((grid->ymax - y) / grid->res_m);
    if (!(c >= 0 && c < grid->ncols && r >= 0 && r < grid->nrows)) return 0;
    *col = (int)c;
    *row = (int)r;
    return 1;
}

void dtmap_grid_rows(const dtmap_grid *grid, int row0, int nrows, dtmap_grid *strip) {
    *strip = *grid;
    strip->ymax = grid->ymax - (double)row0 * grid->res_m;
    strip->nrows = nrows;
}

size_t dtmap_grid_ncells(const dtmap_grid *grid) {
    return (size_t)grid->ncols * (size_t)grid->nrows;
}

void dtmap_grid_geotransform(const dtmap_grid *grid, double gt[6]) {
    gt[0] = grid->xmin;
    gt[1] = grid->res_m;
    gt[2] = 0.0;
    gt[3] = grid->ymax;
    gt[4] = 0.0;
    gt[5] = -grid->res_m;
}

double dtmap_grid_cell_area_m2(const dtmap_grid *grid) {
    return grid->res_m * grid->res_m;
}
