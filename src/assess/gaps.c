/* gaps.c: coverage gaps: weak cells labelled into 4-connected regions (regions.c), with
 * per-region stats. */
#include "dtmap/gaps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assess/regions.h"

/* Running totals of one region, summed over its cells in fill order. */
typedef struct region {
    size_t first; /* row-major index of its first cell (where the fill started) */
    size_t ncells;
    double sum; /* of values, in mW when averaging powers */
    double min;
    double samples;
    double dx, dy; /* sum of cell-centre offsets from the first cell's centre, metres */
    double x0, y0; /* centre of the first cell */
} region;

/* 1 if the cell is measured and in a gap: below threshold, or at or above it when above. */
static int is_weak(float v, float nodata, double threshold, int above) {
    return isfinite(v) && v != nodata && (above ? (double)v >= threshold : (double)v < threshold);
}

/* Adds cell i to region r: updates totals. */
static void region_add(region *r, const dtmap_grid *grid, size_t i, const float *value,
                       const float *count, float nodata, int power_domain) {
    double v = value[i];
    int col = (int)(i % (size_t)grid->ncols), row = (int)(i / (size_t)grid->ncols);
    double x, y;
    dtmap_grid_cell_center(grid, col, row, &x, &y);
    if (r->ncells == 0) {
        r->first = i;
        r->min = v;
        r->x0 = x;
        r->y0 = y;
    }
    r->ncells++;
    r->sum += power_domain ? pow(10.0, v / 10.0) : v;
    if (v < r->min) r->min = v;
    if (count != NULL && isfinite(count[i]) && count[i] != nodata) r->samples += count[i];
    r->dx += x - r->x0;
    r->dy += y - r->y0;
}

/* Orders regions by area descending, then by first cell in row-major order. */
static int region_cmp(const void *a, const void *b) {
    const region *ra = *(const region *const *)a, *rb = *(const region *const *)b;
    if (ra->ncells != rb->ncells) return ra->ncells > rb->ncells ? -1 : 1;
    if (ra->first != rb->first) return ra->first < rb->first ? -1 : 1;
    return 0;
}

/* Turns the regions into dtmap_gap records in final order and relabels the cells. */
static dtmap_status regions_finish(const dtmap_grid *grid, const dtmap_crs *crs, region *regs,
                                   size_t nregs, int power_domain, dtmap_gaps *out,
                                   dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    region **order = NULL;
    int32_t *newid = NULL;
    double *x = NULL, *y = NULL;
    size_t ncells = dtmap_grid_ncells(grid);
    double cell_m2 = dtmap_grid_cell_area_m2(grid);

    if (nregs == 0) return DTMAP_OK;
    order = malloc(nregs * sizeof *order);
    newid = malloc((nregs + 1) * sizeof *newid);
    out->v = calloc(nregs, sizeof *out->v);
    x = malloc(nregs * sizeof *x);
    y = malloc(nregs * sizeof *y);
    if (order == NULL || newid == NULL || out->v == NULL || x == NULL || y == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "gaps: out of memory for %zu regions", nregs);
        goto done;
    }
    for (size_t k = 0; k < nregs; k++)
        order[k] = &regs[k];
    qsort(order, nregs, sizeof *order, region_cmp);

    newid[0] = 0;
    for (size_t k = 0; k < nregs; k++) {
        const region *r = order[k];
        dtmap_gap *g = &out->v[k];
        double n = (double)r->ncells;
        newid[(r - regs) + 1] = (int32_t)(k + 1);
        g->id = (int32_t)(k + 1);
        g->ncells = r->ncells;
        g->area_m2 = n * cell_m2;
        g->mean = power_domain ? 10.0 * log10(r->sum / n) : r->sum / n;
        g->min = r->min;
        g->samples = r->samples;
        x[k] = r->x0 + r->dx / n;
        y[k] = r->y0 + r->dy / n;
    }
    out->n = nregs;
    for (size_t i = 0; i < ncells; i++)
        out->label[i] = newid[out->label[i]];

    if (crs != NULL) {
        st = dtmap_crs_inverse(crs, x, y, nregs, x, y, err);
        if (st != DTMAP_OK) goto done;
    } else {
        for (size_t k = 0; k < nregs; k++)
            x[k] = y[k] = NAN;
    }
    for (size_t k = 0; k < nregs; k++) {
        out->v[k].lon = x[k];
        out->v[k].lat = y[k];
    }

done:
    free(y);
    free(x);
    free(newid);
    free(order);
    return st;
}

/* See gaps.h. Labels are provisional (discovery order, 1-based, dtmapi_regions_label) until
 * regions_finish renumbers them. The crs may be NULL: centroids are then NAN. Sample counts that
 * are NAN or nodata add nothing. Errors: DTMAP_ERR_USAGE (bad arguments, more than INT32_MAX
 * regions), DTMAP_ERR_NOMEM, and those of dtmap_crs_inverse. On failure *out is left empty. */
static dtmap_status find(const dtmap_grid *grid, const dtmap_crs *crs, const float *value,
                         const float *count, float nodata, double threshold, int above,
                         int power_domain, dtmap_gaps *out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmapi_regions rg = {0};
    region *regs = NULL;
    uint8_t *weak = NULL;
    size_t ncells;

    if (out == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "gaps: no output");
    memset(out, 0, sizeof *out);
    if (grid == NULL || value == NULL || grid->ncols <= 0 || grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "gaps: missing or empty grid");
    ncells = dtmap_grid_ncells(grid);
    weak = malloc(ncells);
    if (weak == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "gaps: out of memory for %zu cells", ncells);
        goto done;
    }
    for (size_t i = 0; i < ncells; i++) {
        float v = value[i];
        weak[i] = 0;
        if (!isfinite(v) || v == nodata)
            out->cells_unmeasured++;
        else if (!is_weak(v, nodata, threshold, above))
            out->cells_covered++;
        else {
            out->cells_weak++;
            weak[i] = 1;
        }
    }
    st = dtmapi_regions_label(weak, grid->ncols, grid->nrows, "gaps", &rg, err);
    if (st != DTMAP_OK) goto done;
    if (rg.n > 0 && (regs = calloc(rg.n, sizeof *regs)) == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "gaps: out of memory for regions");
        goto done;
    }
    for (size_t k = 0; k < rg.n; k++)
        for (size_t j = rg.first[k]; j < rg.first[k + 1]; j++)
            region_add(&regs[k], grid, rg.cells[j], value, count, nodata, power_domain);
    out->label = rg.label; /* provisional labels, now owned by out */
    rg.label = NULL;
    st = regions_finish(grid, crs, regs, rg.n, power_domain, out, err);

done:
    dtmapi_regions_free(&rg);
    free(regs);
    free(weak);
    if (st != DTMAP_OK) dtmap_gaps_free(out);
    return st;
}

dtmap_status dtmap_gaps_find(const dtmap_grid *grid, const dtmap_crs *crs, const float *value,
                             const float *count, float nodata, double threshold, int power_domain,
                             dtmap_gaps *out, dtmap_error *err) {
    return find(grid, crs, value, count, nodata, threshold, 0, power_domain, out, err);
}

dtmap_status dtmap_gaps_find_above(const dtmap_grid *grid, const dtmap_crs *crs, const float *value,
                                   const float *count, float nodata, double threshold,
                                   dtmap_gaps *out, dtmap_error *err) {
    return find(grid, crs, value, count, nodata, threshold, 1, 0, out, err);
}

/* See gaps.h: frees what dtmap_gaps_find allocated and zeroes *gaps. Accepts NULL. */
void dtmap_gaps_free(dtmap_gaps *gaps) {
    if (gaps == NULL) return;
    free(gaps->v);
    free(gaps->label);
    memset(gaps, 0, sizeof *gaps);
}
