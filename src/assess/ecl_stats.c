/* ecl_stats.c: NB-IoT coverage-enhancement levels per grid cell (see ecl_stats.h). ECL is a
 * category, so cells are binned (never interpolated): a cell shows what devices in it used. */
#include "assess/ecl_stats.h"

static int has_ecl(const dtmap_sample *s) {
    return s->tech == DTMAP_TECH_NBIOT && s->ecl >= 0 && s->ecl <= 2;
}

/* Per-cell level counts -> mode and CE2 percentage rasters (nodata without samples). */
static void classify(const uint32_t *n, size_t ncells, float nodata, float *mode, float *share,
                     float *count, dtmap_ecl_result *e) {
    for (size_t i = 0; i < ncells; i++) {
        const uint32_t *c = n + 3 * i;
        uint32_t tot = c[0] + c[1] + c[2];
        if (!tot) {
            mode[i] = share[i] = count[i] = nodata;
            continue;
        }
        int m = 2; /* ties go to the higher (costlier) level */
        if (c[1] > c[m]) m = 1;
        if (c[0] > c[m]) m = 0;
        mode[i] = (float)m;
        share[i] = (float)(100.0 * c[2] / tot);
        count[i] = (float)tot;
        if (!e) continue;
        e->cells++;
        e->cells_by_mode[m]++;
    }
}

/* See ecl_stats.h. */
void dtmapi_ecl_bin(const dtmap_grid *g, const double *x, const double *y, const dtmap_samples *set,
                    float nodata, uint32_t *n, float *mode, float *share, float *count,
                    dtmap_ecl_result *e) {
    for (size_t i = 0; i < set->n; i++) {
        const dtmap_sample *s = &set->v[i];
        int col, row;
        if (!has_ecl(s) || !dtmap_grid_cell_of(g, x[i], y[i], &col, &row)) continue;
        n[3 * ((size_t)row * (size_t)g->ncols + (size_t)col) + (size_t)s->ecl]++;
        e->samples++;
        e->samples_by_level[s->ecl]++;
    }
    classify(n, dtmap_grid_ncells(g), nodata, mode, share, count, e);
}

/* See ecl_stats.h. */
void dtmapi_ecl_bin_list(const dtmap_grid *g, const double *x, const double *y,
                         const dtmap_samples *set, const uint32_t *idx, size_t nidx, float nodata,
                         uint32_t *n, float *mode, float *share, float *count) {
    for (size_t k = 0; k < nidx; k++) {
        const dtmap_sample *s = &set->v[idx[k]];
        int col, row;
        if (!has_ecl(s) || !dtmap_grid_cell_of(g, x[idx[k]], y[idx[k]], &col, &row)) continue;
        n[3 * ((size_t)row * (size_t)g->ncols + (size_t)col) + (size_t)s->ecl]++;
    }
    classify(n, dtmap_grid_ncells(g), nodata, mode, share, count, NULL);
}
