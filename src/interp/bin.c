/* bin.c: per-cell means (linear mW domain for powers, plain for ratios) and sample counts. */
#include "dtmap/interp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Counts go straight into the float output (exact up to 2^24 samples per cell, where a cell
 * stops counting: its mean is settled long before), so the IDW path, which wants counts only,
 * allocates nothing per cell. */
#define COUNT_MAX 16777216.0f

dtmap_status dtmap_bin_grid(const dtmap_grid *grid, const double *x, const double *y,
                            const double *z, size_t n, int power_domain, float nodata,
                            float *mean_out, float *count_out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    double *sum = NULL;
    float *own_cnt = NULL, *cnt = count_out;
    if (!grid || (n > 0 && (!x || !y || !z))) {
        st = dtmap_error_set(err, DTMAP_ERR_USAGE, "bin: grid and point arrays are required");
        goto done;
    }
    size_t ncells = dtmap_grid_ncells(grid);
    if (ncells == 0 || (!mean_out && !count_out)) goto done;

    if (!cnt) cnt = own_cnt = malloc(ncells * sizeof *cnt);
    sum = mean_out ? calloc(ncells, sizeof *sum) : NULL;
    if (!cnt || (mean_out && !sum)) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "binning onto %d x %d cells", grid->ncols,
                             grid->nrows);
        goto done;
    }
    for (size_t c = 0; c < ncells; c++)
        cnt[c] = 0.0f;
    for (size_t i = 0; i < n; i++) {
        int col, row;
        if (!isfinite(x[i]) || !isfinite(y[i]) || !isfinite(z[i])) continue;
        if (!dtmap_grid_cell_of(grid, x[i], y[i], &col, &row)) continue;
        size_t c = (size_t)row * (size_t)grid->ncols + (size_t)col;
        if (cnt[c] >= COUNT_MAX) continue;
        cnt[c] += 1.0f;
        if (sum) sum[c] += power_domain ? pow(10.0, z[i] / 10.0) : z[i];
    }
    if (mean_out)
        for (size_t c = 0; c < ncells; c++) {
            if (cnt[c] == 0.0f) {
                mean_out[c] = nodata;
                continue;
            }
            double m = sum[c] / cnt[c];
            mean_out[c] = (float)(power_domain ? 10.0 * log10(m) : m);
        }
done:
    free(own_cnt);
    free(sum);
    return st;
}
