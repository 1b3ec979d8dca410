/* assess.c: the gap-kind rasters of a run and, with areas of interest, the area report: key
 * figures, ranked gap polygons, charts and report files (see assess.h). */
#include "job/assess.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "dtmap/areagaps.h"
#include "dtmap/cellkind.h"
#include "dtmap/fileio.h"
#include "dtmap/kpi.h"
#include "dtmap/report.h"

static const dtmap_profile *profile_of(const dtmap_map_opts *o) {
    return o->profile ? o->profile : dtmap_profile_default();
}

dtmap_status dtmapi_assess_open(const dtmap_map_opts *o, const dtmap_crs *crs, assess_state *a,
                                dtmap_map_result *r, dtmap_error *err) {
    if (!o->areas) return DTMAP_OK;
    if (!o->gaps)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "--areas makes the area gap report: it cannot be combined with "
                               "--no-gaps or the grid command");
    dtmap_areas_opts ao = {.layer = o->areas_layer, .name_field = o->areas_name};
    dtmap_status st = dtmap_areas_create(o->areas, &ao, crs, &a->areas, err);
    if (st != DTMAP_OK) return st;
    snprintf(r->areas_path, sizeof r->areas_path, "%s", dtmap_areas_path(a->areas));
    snprintf(r->areas_layer, sizeof r->areas_layer, "%s", dtmap_areas_layer(a->areas));
    snprintf(r->areas_field, sizeof r->areas_field, "%s", dtmap_areas_name_field(a->areas));
    return DTMAP_OK;
}

int dtmapi_assess_tech(const dtmap_map_opts *o, const dtmap_map_result *r, dtmap_tech tech) {
    if (!o->gaps) return 0;
    for (size_t k = 0; k < r->nlayers; k++)
        if (r->layers[k].tech == tech && r->layers[k].metric == DTMAP_METRIC_RSRP)
            return r->layers[k].has_threshold;
    return 0;
}

const char *const dtmapi_assess_report_files[ASSESS_NREPORT] = {
    [ASSESS_AREA_GAPS] = "area_gaps.gpkg",
    [ASSESS_AREAS_CSV] = "areas.csv",
    [ASSESS_AREAS_JSON] = "areas.json",
    [ASSESS_REPORT_MD] = "report.md",
};

int dtmapi_assess_files(const dtmap_map_opts *o, const dtmap_map_result *r, const assess_state *a,
                        char names[ASSESS_MAX_FILES][80]) {
    int n = 0;
    for (int t = 0; t < DTMAP_TECH_OTHER; t++) {
        if (!dtmapi_assess_tech(o, r, (dtmap_tech)t)) continue;
        snprintf(names[n++], 80, "gapclass_%s.tif", dtmap_tech_name((dtmap_tech)t));
        snprintf(names[n++], 80, "gapclass_%s.tif.aux.xml", dtmap_tech_name((dtmap_tech)t));
        snprintf(names[n++], 80, "gapclass_%s.qml", dtmap_tech_name((dtmap_tech)t));
    }
    if (a->areas) {
        for (int i = 0; i < ASSESS_NREPORT; i++)
            snprintf(names[n++], 80, "%s", dtmapi_assess_report_files[i]);
    }
    return n;
}

const char *const dtmapi_assess_chart_kinds[5] = {"rsrp-cdf", "rsrp-hist", "sinr-cdf", "sinr-hist",
                                                  "map"};

dtmap_status dtmapi_assess_check_charts(const dtmap_map_opts *o, const dtmap_map_result *r,
                                        const assess_state *a, dtmap_error *err) {
    if (!a->areas || !o->charts || o->overwrite) return DTMAP_OK;
    for (size_t i = 0; i < dtmap_areas_count(a->areas); i++)
        for (int t = 0; t < DTMAP_TECH_OTHER; t++) {
            if (!dtmapi_assess_tech(o, r, (dtmap_tech)t)) continue;
            for (int k = 0; k < 5; k++)
                for (int e = 0; e < 2; e++) {
                    char base[160], name[200];
                    dtmapi_assess_chart_base(a->areas, i, (dtmap_tech)t,
                                             dtmapi_assess_chart_kinds[k], base, sizeof base);
                    snprintf(name, sizeof name, "%s.%s", base, e ? "svg" : "png");
                    char *p = dtmap_path_join_alloc(o->outdir, name);
                    if (!p) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "chart names");
                    FILE *f = fopen(p, "r");
                    if (f) {
                        fclose(f);
                        dtmap_status st = dtmap_error_set(
                            err, DTMAP_ERR_EXISTS, "%s exists (use --overwrite to replace it)", p);
                        free(p);
                        return st;
                    }
                    free(p);
                }
        }
    return DTMAP_OK;
}

/* "gapclass_<tech>" + ext inside o->outdir (allocated; NULL when out of memory). */
static char *kinds_path(const dtmap_map_opts *o, dtmap_tech t, const char *ext) {
    char name[80];
    snprintf(name, sizeof name, "gapclass_%s%s", dtmap_tech_name(t), ext);
    return dtmap_path_join_alloc(o->outdir, name);
}

/* The kind raster's spec for technology t (meta: its storage). */
static dtmap_cellkind_raster_spec kinds_spec(const dtmap_map_opts *o, dtmap_tech t,
                                             const dtmap_grid *grid, const dtmap_crs *crs,
                                             const dtmap_cellkind_rule *rule, char meta[2][200],
                                             const char *md[3]) {
    const dtmap_thresholds *th = &o->thresholds;
    snprintf(meta[0], 200, "RSRP_THRESHOLD_SOURCE=%s", th->source[t][DTMAP_METRIC_RSRP]);
    snprintf(meta[1], 200, "SINR_THRESHOLD_SOURCE=%s",
             rule->has_sinr ? th->source[t][DTMAP_METRIC_SINR] : "none");
    md[0] = meta[0], md[1] = meta[1], md[2] = NULL;
    return (dtmap_cellkind_raster_spec){.grid = grid,
                                        .crs_wkt = crs ? dtmap_crs_wkt(crs) : NULL,
                                        .kinds = NULL,
                                        .technology = dtmap_tech_label(t),
                                        .profile = profile_of(o)->name,
                                        .rule = rule,
                                        .metadata = md};
}

dtmap_status dtmapi_assess_kinds_begin(const dtmap_map_opts *o, dtmap_tech t,
                                       const dtmap_grid *grid, int tile, const dtmap_crs *crs,
                                       const dtmap_cellkind_rule *rule, dtmap_tiled **out,
                                       dtmap_error *err) {
    char meta[2][200];
    const char *md[3];
    char *tif = kinds_path(o, t, ".tif");
    if (!tif) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "gap-kind raster names");
    dtmap_cellkind_raster_spec spec = kinds_spec(o, t, grid, crs, rule, meta, md);
    dtmap_status st = dtmap_cellkind_tiled_begin(tif, &spec, tile, o->overwrite, out, err);
    free(tif);
    return st;
}

dtmap_status dtmapi_assess_kinds_end(const dtmap_map_opts *o, dtmap_tech t, const dtmap_grid *grid,
                                     const dtmap_cellkind_rule *rule, dtmap_tiled *w,
                                     const size_t counts[DTMAP_KIND_COUNT], dtmap_error *err) {
    char meta[2][200];
    const char *md[3];
    dtmap_cellkind_raster_spec spec = kinds_spec(o, t, grid, NULL, rule, meta, md);
    dtmap_status st = dtmap_cellkind_tiled_end(w, &spec, counts, err);
    if (st != DTMAP_OK) return st;
    char *qml = kinds_path(o, t, ".qml");
    if (!qml) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "gap-kind style names");
    st = dtmap_cellkind_write_qml(qml, o->overwrite, err);
    free(qml);
    return st;
}

/* The free-text method line of the report. */
static void method_text(const dtmap_map_result *r, char *out, size_t size) {
    if (r->method == DTMAP_METHOD_BIN)
        snprintf(out, size, "bin (mean of the samples in each cell)");
    else
        snprintf(out, size, "idw (power %g, radius %g m, %d..%d nearest samples)", r->idw.power,
                 r->idw.radius_m, r->idw.min_points, r->idw.max_points);
}

/* Ranks the gaps and writes area_gaps.gpkg, areas.csv, areas.json and report.md. */
static dtmap_status write_reports(const assess_state *a, const dtmap_crs *crs,
                                  const dtmap_map_opts *o, dtmap_map_result *r,
                                  const dtmap_report_charts *charts, dtmap_area_gaps *gaps,
                                  dtmap_error *err) {
    const char *const *files = dtmapi_assess_report_files;
    char *p[ASSESS_NREPORT] = {NULL};
    char method[160];
    dtmap_status st = DTMAP_OK;
    dtmap_area_gaps_rank(gaps);
    for (size_t i = 0; i < gaps->n; i++)
        r->area_gaps[gaps->v[i].kind]++;
    method_text(r, method, sizeof method);
    dtmap_report rep = {.areas = a->areas,
                        .kpi = r->area_kpi,
                        .nkpi = r->narea_kpi,
                        .charts = o->charts ? charts : NULL,
                        .gaps = gaps,
                        .profile = profile_of(o),
                        .crs = r->crs_id[0] ? r->crs_id : r->crs_name,
                        .res_m = r->res_m,
                        .method = method,
                        .min_gap_area_m2 = o->min_gap_area_m2,
                        .gaps_file = files[ASSESS_AREA_GAPS],
                        .title = NULL,
                        .gaps_listed = 5};
    for (int i = 0; i < ASSESS_NREPORT; i++)
        if (!(p[i] = dtmap_path_join_alloc(o->outdir, files[i]))) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "report names");
            goto done;
        }
    if ((st = dtmap_area_gaps_write_gpkg(p[ASSESS_AREA_GAPS], gaps, a->areas, crs, o->overwrite,
                                         err)) ||
        (st = dtmap_report_write_csv(p[ASSESS_AREAS_CSV], &rep, o->overwrite, err)) ||
        (st = dtmap_report_write_json(p[ASSESS_AREAS_JSON], &rep, o->overwrite, err)))
        goto done;
    st = dtmap_report_write_markdown(p[ASSESS_REPORT_MD], &rep, o->overwrite, err);
done:
    for (int i = 0; i < ASSESS_NREPORT; i++)
        free(p[i]);
    return st;
}

dtmap_status dtmapi_assess_write(assess_state *a, const dtmap_crs *crs, const double *x,
                                 const double *y, const dtmap_samples *set, const dtmap_map_opts *o,
                                 dtmap_map_result *r,
                                 dtmap_status (*add_output)(dtmap_map_result *, const char *,
                                                            const char *, dtmap_error *),
                                 dtmap_error *err) {
    dtmap_report_charts *charts = NULL;
    dtmap_area_gaps gaps = {0};
    dtmap_status st = DTMAP_OK;
    int any = 0;
    if (!a->areas) return DTMAP_OK;
    for (int t = 0; t < DTMAP_TECH_OTHER; t++)
        any |= r->has_kinds[t];
    if (!any)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY,
                               "%s: no technology has an RSRP layer with a weak-coverage "
                               "threshold, so no area can be judged",
                               o->areas);
    size_t na = dtmap_areas_count(a->areas);
    if (!(r->area_names = calloc(na, sizeof *r->area_names))) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "area names");
        goto done;
    }
    r->nareas = na;
    for (size_t i = 0; i < na; i++)
        if (!(r->area_names[i] = strdup(dtmap_areas_name(a->areas, i)))) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "area names");
            goto done;
        }
    st = dtmapi_assess_areas(a, crs, x, y, set, o, r, &r->area_kpi, &charts, &r->narea_kpi, &gaps,
                             err);
    if (st != DTMAP_OK) goto done;
    if ((st = write_reports(a, crs, o, r, charts, &gaps, err)) != DTMAP_OK) goto done;
    for (size_t k = 0; k < r->narea_kpi && o->charts; k++) {
        const char *b[5] = {charts[k].rsrp_cdf, charts[k].rsrp_hist, charts[k].sinr_cdf,
                            charts[k].sinr_hist, charts[k].map};
        for (int i = 0; i < 5; i++)
            for (int e = 0; e < 2 && b[i][0]; e++) {
                char name[200];
                snprintf(name, sizeof name, "%s.%s", b[i], e ? "svg" : "png");
                if ((st = add_output(r, o->outdir, name, err)) != DTMAP_OK) goto done;
            }
    }
done:
    free(charts);
    dtmap_area_gaps_free(&gaps);
    return st;
}

void dtmapi_assess_free(assess_state *a) {
    if (!a) return;
    for (size_t i = 0; a->win && i < dtmap_areas_count(a->areas); i++)
        for (int t = 0; t < DTMAP_TECH_COUNT; t++)
            free(a->win[i].rsrp[t]), free(a->win[i].sinr[t]);
    free(a->win);
    dtmap_areas_destroy(a->areas);
    memset(a, 0, sizeof *a);
}
