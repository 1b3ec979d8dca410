/* bin.c: per-cell means (linear mW domain for powers, plain for ratios) and sample counts. */
#include "dtmap/interp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

dtmap_status dtmap_bin_grid(const dtmap_grid *grid, const double *x, const double *y,
                            const double *z, size_t n, int power_domain, float nodata,
                            float *mean_out, float *count_out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    double *sum = NULL;
    uint32_t *cnt = NULL;
    if (!grid || (n > 0 && (!x || !y || !z))) {
        st = dtmap_error_set(err, DTMAP_ERR_USAGE, "bin: grid and point arrays are required");
        goto done;
    }
    size_t ncells = dtmap_grid_ncells(grid);
    if (ncells == 0 || (!mean_out && !count_out)) goto done;

    sum = mean_out ? calloc(ncells, sizeof *sum) : NULL;
    cnt = calloc(ncells, sizeof *cnt);
    if (!cnt || (mean_out && !sum)) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "binning onto %d x %d cells", grid->ncols,
                             grid->nrows);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int col, row;
        if (!isfinite(x[i]) || !isfinite(y[i]) || !isfinite(z[i])) continue;
        if (!dtmap_grid_cell_of(grid, x[i], y[i], &col, &row)) continue;
        size_t c = (size_t)row * (size_t)grid->ncols + (size_t)col;
        if (cnt[c] == UINT32_MAX) continue; /* a cell this full has its mean already */
        cnt[c]++;
        if (sum) sum[c] += power_domain ? pow(10.0, z[i] / 10.0) : z[i];
    }
    for (size_t c = 0; c < ncells; c++) {
        if (count_out) count_out[c] = (float)cnt[c];
        if (!mean_out) continue;
        if (cnt[c] == 0) {
            mean_out[c] = nodata;
            continue;
        }
        double m = sum[c] / cnt[c];
        mean_out[c] = (float)(power_domain ? 10.0 * log10(m) : m);
    }
done:
    free(cnt);
    free(sum);
    return st;
}
