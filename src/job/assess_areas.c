/* assess_areas.c: per area of interest and technology, the key figures, the gaps and the
 * charts of a run (see assess.h). */
#include "job/assess.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/areagaps.h"
#include "dtmap/cellkind.h"
#include "dtmap/kpi.h"

/* Scratch arrays for the samples of one technology inside one area. */
typedef struct area_samples {
    double *sx, *sy, *rsrp, *sinr;
    size_t n, nr, ns;
    uint64_t any;
} area_samples;

static int has_value(const dtmap_sample *s) {
    for (int m = 0; m < DTMAP_METRIC_COUNT; m++)
        if (isfinite(s->value[m])) return 1;
    return 0;
}

/* The samples of technology t inside the area (inside[] from dtmap_areas_contains_n) that
 * carry a value: positions, RSRP values and SINR values (each list only the finite ones). */
static void collect(const dtmap_samples *set, const double *x, const double *y,
                    const unsigned char *inside, dtmap_tech t, area_samples *s) {
    s->n = s->nr = s->ns = 0;
    s->any = 0;
    for (size_t i = 0; i < set->n; i++) {
        const dtmap_sample *v = &set->v[i];
        if (!inside[i] || v->tech != t || !has_value(v)) continue;
        s->sx[s->n] = x[i];
        s->sy[s->n] = y[i];
        s->n++;
        s->any++;
        if (isfinite(v->value[DTMAP_METRIC_RSRP])) s->rsrp[s->nr++] = v->value[DTMAP_METRIC_RSRP];
        if (isfinite(v->value[DTMAP_METRIC_SINR])) s->sinr[s->ns++] = v->value[DTMAP_METRIC_SINR];
    }
}

/* Key figures, gaps and charts of area i and technology t. */
static dtmap_status one(const assess_state *a, const assess_window *w, uint8_t *kinds, size_t i,
                        dtmap_tech t, const dtmap_area_cover *cover, const area_samples *s,
                        const dtmap_crs *crs, const dtmap_map_opts *o, const dtmap_map_result *r,
                        dtmap_area_kpi *kpi, dtmap_report_charts *charts, dtmap_area_gaps *gaps,
                        dtmap_error *err) {
    const dtmap_thresholds *th = &o->thresholds;
    const dtmap_grid *g = &w->g;
    const float *sinr = w->sinr[t] && th->set[t][DTMAP_METRIC_SINR] ? w->sinr[t] : NULL;
    dtmap_cellkind_rule rule = {.rsrp_threshold = th->value[t][DTMAP_METRIC_RSRP],
                                .has_sinr = sinr != NULL,
                                .sinr_threshold = th->value[t][DTMAP_METRIC_SINR]};
    dtmap_status st = dtmap_cellkind_classify(dtmap_grid_ncells(g), w->rsrp[t], sinr, o->nodata,
                                              &rule, kinds, err);
    if (st != DTMAP_OK) return st;
    dtmap_area_kpi_input ki = {.grid = g,
                               .areas = a->areas,
                               .area = i,
                               .cover = cover,
                               .tech = t,
                               .profile = o->profile,
                               .kinds = kinds,
                               .rsrp = w->rsrp[t],
                               .nodata = o->nodata,
                               .rule = &rule,
                               .rsrp_values = s->rsrp,
                               .n_rsrp = s->nr,
                               .sinr_values = s->sinr,
                               .n_sinr = s->ns,
                               .samples = s->any};
    st = dtmap_area_kpi_compute(&ki, kpi, err);
    if (st != DTMAP_OK) return st;
    size_t first = gaps->n;
    dtmap_area_gaps_input gi = {.grid = g,
                                .crs = crs,
                                .areas = a->areas,
                                .area = i,
                                .cover = cover,
                                .tech = t,
                                .kinds = kinds,
                                .rsrp = w->rsrp[t],
                                .sinr = sinr,
                                .nodata = o->nodata,
                                .rule = &rule,
                                .sx = s->sx,
                                .sy = s->sy,
                                .ns = s->n,
                                .min_area_m2 = o->min_gap_area_m2};
    if ((st = dtmap_area_gaps_find(&gi, gaps, err)) != DTMAP_OK) return st;
    memset(charts, 0, sizeof *charts);
    if (!o->charts) return DTMAP_OK;
    dtmap_area_gaps mine = {.v = gaps->v + first, .n = gaps->n - first, .cap = 0};
    assess_chart_input ci = {.areas = a->areas,
                             .area = i,
                             .tech = t,
                             .g = g,
                             .rsrp = w->rsrp[t],
                             .nodata = o->nodata,
                             .rsrp_values = s->rsrp,
                             .sinr_values = s->sinr,
                             .n_rsrp = s->nr,
                             .n_sinr = s->ns,
                             .gaps = &mine,
                             .crs_id = r->crs_id[0] ? r->crs_id : r->crs_name};
    return dtmapi_assess_charts_draw(&ci, o, charts, err);
}

dtmap_status dtmapi_assess_areas(const assess_state *a, const dtmap_crs *crs, const double *x,
                                 const double *y, const dtmap_samples *set, const dtmap_map_opts *o,
                                 const dtmap_map_result *r, dtmap_area_kpi **kpi,
                                 dtmap_report_charts **charts, size_t *nkpi, dtmap_area_gaps *gaps,
                                 dtmap_error *err) {
    size_t na = dtmap_areas_count(a->areas), nt = 0, n = set->n ? set->n : 1, k = 0;
    dtmap_status st = DTMAP_OK;
    unsigned char *inside = malloc(n);
    uint8_t *kinds = NULL;
    area_samples s = {.sx = malloc(n * sizeof(double)),
                      .sy = malloc(n * sizeof(double)),
                      .rsrp = malloc(n * sizeof(double)),
                      .sinr = malloc(n * sizeof(double))};
    dtmap_area_cover cover = {0};
    for (int t = 0; t < DTMAP_TECH_OTHER; t++)
        nt += r->has_kinds[t] != 0;
    *kpi = calloc(na * nt, sizeof **kpi);
    *charts = calloc(na * nt, sizeof **charts);
    *nkpi = 0;
    if (!inside || !s.sx || !s.sy || !s.rsrp || !s.sinr || !*kpi || !*charts) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "area report of %zu areas", na);
        goto done;
    }
    for (size_t i = 0; i < na; i++) {
        const assess_window *w = &a->win[i];
        free(kinds);
        if (!(kinds = malloc(dtmap_grid_ncells(&w->g) ? dtmap_grid_ncells(&w->g) : 1))) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "area '%s': %d x %d cells",
                                 dtmap_areas_name(a->areas, i), w->g.ncols, w->g.nrows);
            goto done;
        }
        if ((st = dtmap_areas_contains_n(a->areas, i, x, y, set->n, inside, err)) != DTMAP_OK ||
            (st = dtmap_areas_cover(a->areas, i, &w->g, &cover, err)) != DTMAP_OK)
            goto done;
        for (int t = 0; t < DTMAP_TECH_OTHER; t++) {
            if (!r->has_kinds[t]) continue;
            collect(set, x, y, inside, (dtmap_tech)t, &s);
            st = one(a, w, kinds, i, (dtmap_tech)t, &cover, &s, crs, o, r, &(*kpi)[k],
                     &(*charts)[k], gaps, err);
            if (st != DTMAP_OK) goto done;
            *nkpi = ++k;
        }
        dtmap_area_cover_free(&cover);
    }
done:
    dtmap_area_cover_free(&cover);
    free(kinds);
    free(inside), free(s.sx), free(s.sy), free(s.rsrp), free(s.sinr);
    return st;
}
