/* kpi.c: key figures of one area for one technology: area-weighted shares of each cell kind and
 * RSRP level (cells weighted by the part of them inside the area), sampling density, and the
 * distribution and class shares of the samples taken inside the area. */
#include "dtmap/kpi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* qsort order for finite doubles. */
static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* p-th percentile (0..1) of the m sorted values v: linear interpolation between order
 * statistics at h = (m - 1) p (numpy's default). */
static double percentile(const double *v, size_t m, double p) {
    double h = (double)(m - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= m) return v[m - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/* See kpi.h. The power mean is taken relative to the largest value (mean of 10^((x - max)/10),
 * then back to dB plus max), which is the same number without underflow for very low powers.
 * Sums run over the sorted values, so the result does not depend on the input order.
 * DTMAP_ERR_USAGE for a NULL out, or NULL values with n > 0. */
dtmap_status dtmap_dist_compute(const double *values, size_t n, int power, dtmap_dist *out,
                                dtmap_error *err) {
    if (out == NULL || (values == NULL && n > 0))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "distribution: missing values or output");
    *out = (dtmap_dist){0, NAN, NAN, NAN, NAN, NAN, NAN};
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += isfinite(values[i]) != 0;
    if (m == 0) return DTMAP_OK;
    double *v = malloc(m * sizeof *v);
    if (v == NULL)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "distribution: sorted copy of %zu values", m);
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i])) v[m++] = values[i];
    qsort(v, m, sizeof *v, cmp_double);

    double sum = 0;
    for (size_t i = 0; i < m; i++)
        sum += power ? pow(10.0, (v[i] - v[m - 1]) / 10.0) : v[i];
    out->n = m;
    out->mean = power ? v[m - 1] + 10.0 * log10(sum / (double)m) : sum / (double)m;
    out->min = v[0];
    out->max = v[m - 1];
    out->p5 = percentile(v, m, 0.05);
    out->median = percentile(v, m, 0.5);
    out->p95 = percentile(v, m, 0.95);
    free(v);
    return DTMAP_OK;
}

/* Checks the input; the detail names what is wrong. */
static dtmap_status input_check(const dtmap_area_kpi_input *in, dtmap_area_kpi *out,
                                dtmap_error *err) {
    if (in == NULL || out == NULL || in->grid == NULL || in->areas == NULL || in->cover == NULL ||
        in->kinds == NULL || in->rsrp == NULL || in->rule == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "area KPI: missing grid, areas, cover, kinds, rsrp or rule");
    if (in->area >= dtmap_areas_count(in->areas))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "area KPI: area %zu of %zu", in->area,
                               dtmap_areas_count(in->areas));
    if ((unsigned)in->tech >= DTMAP_TECH_COUNT)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "area KPI: unknown technology %d",
                               (int)in->tech);
    if ((in->rsrp_values == NULL && in->n_rsrp > 0) || (in->sinr_values == NULL && in->n_sinr > 0))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "area KPI: sample values missing");
    const dtmap_area_cover *c = in->cover;
    const dtmap_grid *g = in->grid;
    if (c->ncols < 0 || c->nrows < 0 || (c->ncols > 0 && c->nrows > 0 && c->frac == NULL) ||
        (c->ncols > 0 && c->nrows > 0 &&
         (c->col0 < 0 || c->row0 < 0 || c->col0 + c->ncols > g->ncols ||
          c->row0 + c->nrows > g->nrows)))
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "area KPI: cover window %d,%d %dx%d is not on the %dx%d grid",
                               c->col0, c->row0, c->ncols, c->nrows, g->ncols, g->nrows);
    return DTMAP_OK;
}

/* The RSRP levels (see kpi.h) into out->level, descending and distinct. */
static void levels_make(const dtmap_tech_profile *tp, double weak, dtmap_area_kpi *out) {
    double l[DTMAP_KPI_MAX_LEVELS];
    int n = 0;
    if (isfinite(weak)) l[n++] = weak;
    for (int i = 0; tp->present && i < tp->nclasses[DTMAP_METRIC_RSRP] && n < DTMAP_KPI_MAX_LEVELS;
         i++)
        if (isfinite(tp->classes[DTMAP_METRIC_RSRP][i].lower))
            l[n++] = tp->classes[DTMAP_METRIC_RSRP][i].lower;
    qsort(l, (size_t)n, sizeof *l, cmp_double);
    out->nlevels = 0;
    for (int i = n - 1; i >= 0; i--)
        if (out->nlevels == 0 || l[i] != out->level[out->nlevels - 1])
            out->level[out->nlevels++] = l[i];
}

/* Kind and level shares from the grid: m2 of each kind inside the area (cells weighted by
 * their cover fraction), the part of the area outside the grid as NONE, and the m2 with a
 * measured kind and RSRP >= each level. */
static dtmap_status shares(const dtmap_area_kpi_input *in, dtmap_area_kpi *out, dtmap_error *err) {
    const dtmap_area_cover *c = in->cover;
    double cell_m2 = dtmap_grid_cell_area_m2(in->grid);
    double kind_m2[DTMAP_KIND_COUNT] = {0}, level_m2[DTMAP_KPI_MAX_LEVELS] = {0}, inside = 0;
    for (int r = 0; r < c->nrows && c->ncols > 0; r++)
        for (int q = 0; q < c->ncols; q++) {
            double f = c->frac[(size_t)r * (size_t)c->ncols + (size_t)q];
            if (!(f > 0)) continue;
            size_t i = (size_t)(c->row0 + r) * (size_t)in->grid->ncols + (size_t)(c->col0 + q);
            uint8_t k = in->kinds[i];
            if (k >= DTMAP_KIND_COUNT)
                return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                       "area KPI: cell (col %d, row %d) has kind %u", c->col0 + q,
                                       c->row0 + r, (unsigned)k);
            double w = f * cell_m2;
            inside += w;
            kind_m2[k] += w;
            float v = in->rsrp[i];
            if (k == DTMAP_KIND_NONE || k == DTMAP_KIND_UNMEASURED || !isfinite(v) ||
                v == in->nodata)
                continue;
            for (int j = 0; j < out->nlevels; j++)
                if ((double)v >= out->level[j]) level_m2[j] += w;
        }
    double a = out->area_m2;
    double outside = a - inside;
    if (outside < 1e-9 * a) outside = 0; /* rounding of an area wholly on the grid */
    kind_m2[DTMAP_KIND_NONE] += outside;
    for (int k = 0; k < DTMAP_KIND_COUNT; k++)
        out->kind_share[k] = a > 0 ? kind_m2[k] / a : NAN;
    double measured_m2 =
        kind_m2[DTMAP_KIND_COVERED] + kind_m2[DTMAP_KIND_WEAK] + kind_m2[DTMAP_KIND_INTERFERENCE];
    out->measured_share = a > 0 ? measured_m2 / a : NAN;
    out->unmeasured_share =
        a > 0 ? (kind_m2[DTMAP_KIND_UNMEASURED] + kind_m2[DTMAP_KIND_NONE]) / a : NAN;
    for (int j = 0; j < out->nlevels; j++) {
        out->level_share[j] = a > 0 ? level_m2[j] / a : NAN;
        out->level_share_measured[j] = measured_m2 > 0 ? level_m2[j] / measured_m2 : NAN;
    }
    return DTMAP_OK;
}

/* Sample counts per profile class of one metric (m = 0 RSRP, 1 SINR); finite = the number of
 * finite values (the shares' denominator). */
static void class_counts(const dtmap_area_kpi_input *in, const dtmap_profile *p, int m,
                         const double *values, size_t n, uint64_t finite, dtmap_area_kpi *out) {
    dtmap_metric metric = m == 0 ? DTMAP_METRIC_RSRP : DTMAP_METRIC_SINR;
    const dtmap_tech_profile *tp = &p->tech[in->tech];
    out->nclasses[m] = tp->present ? tp->nclasses[metric] : 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i])) continue;
        int c = dtmap_profile_class(p, in->tech, metric, values[i]);
        if (c >= 0 && c < out->nclasses[m]) out->class_count[m][c]++;
    }
    for (int c = 0; c < out->nclasses[m]; c++)
        out->class_share[m][c] = finite > 0 ? (double)out->class_count[m][c] / (double)finite : NAN;
}

/* See kpi.h. Level slots beyond nlevels and class slots beyond nclasses are NAN (shares) and 0
 * (counts). The levels use in->rule's RSRP threshold as the weak threshold; a cell counts
 * towards a level only when its kind is measured (covered, weak, interference) and its RSRP is
 * a value, so unmeasured cells never reach a level. A kind above UNMEASURED in a cell inside
 * the area is DTMAP_ERR_USAGE. */
dtmap_status dtmap_area_kpi_compute(const dtmap_area_kpi_input *in, dtmap_area_kpi *out,
                                    dtmap_error *err) {
    dtmap_status st = input_check(in, out, err);
    if (st != DTMAP_OK) return st;
    const dtmap_profile *p = in->profile ? in->profile : dtmap_profile_default();
    memset(out, 0, sizeof *out);
    for (int j = 0; j < DTMAP_KPI_MAX_LEVELS; j++)
        out->level[j] = out->level_share[j] = out->level_share_measured[j] = NAN;
    for (int m = 0; m < 2; m++)
        for (int c = 0; c < DTMAP_PROFILE_MAX_CLASSES; c++)
            out->class_share[m][c] = NAN;
    out->area = in->area;
    out->tech = in->tech;
    out->area_m2 = dtmap_areas_area_m2(in->areas, in->area);
    out->rsrp_threshold = in->rule->rsrp_threshold;
    out->has_sinr_threshold = in->rule->has_sinr != 0;
    out->sinr_threshold = in->rule->has_sinr ? in->rule->sinr_threshold : NAN;
    levels_make(&p->tech[in->tech], in->rule->rsrp_threshold, out);
    if ((st = shares(in, out, err)) != DTMAP_OK) return st;

    out->samples = in->samples;
    out->samples_per_km2 = out->area_m2 > 0 ? (double)in->samples / (out->area_m2 / 1e6) : NAN;
    if ((st = dtmap_dist_compute(in->rsrp_values, in->n_rsrp, 1, &out->rsrp, err)) != DTMAP_OK ||
        (st = dtmap_dist_compute(in->sinr_values, in->n_sinr, 0, &out->sinr, err)) != DTMAP_OK)
        return st;
    class_counts(in, p, 0, in->rsrp_values, in->n_rsrp, out->rsrp.n, out);
    class_counts(in, p, 1, in->sinr_values, in->n_sinr, out->sinr.n, out);
    return DTMAP_OK;
}
