/* run.c: the map job: choose CRS and grid, grid every technology x metric layer, write the
 * GeoTIFFs, the gap GeoPackage and the summaries. */
#include "dtmap/run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/crs.h"
#include "dtmap/fileio.h"
#include "dtmap/gaps.h"
#include "dtmap/grid.h"
#include "dtmap/raster.h"
#include "core/assess.h"
#include "core/ecl.h"
#include "core/layer.h"
#include "core/styles.h"
#include "output/summary.h"

void dtmap_map_opts_default(dtmap_map_opts *o) {
    memset(o, 0, sizeof *o);
    o->outdir = "dtmap-out";
    o->res_m = 20.0;
    o->method = DTMAP_METHOD_IDW;
    o->idw.power = 2.0;
    o->idw.radius_m = 0; /* 3 * res_m */
    o->idw.max_points = 16;
    o->idw.min_points = 2;
    o->idw.threads = 0;
    o->gaps = 1;
    o->nodata = -9999.0f;
    o->ce2_share = 0.5;
    o->areas_margin_m = 200.0;
    o->min_gap_area_m2 = 1000.0;
    o->charts = 1;
    dtmap_thresholds_default(&o->thresholds);
}

void dtmap_map_result_free(dtmap_map_result *r) {
    if (!r) return;
    for (size_t i = 0; i < r->noutputs; i++) free(r->outputs[i]);
    free(r->outputs);
    free(r->layers);
    for (size_t i = 0; i < r->nareas; i++) free(r->area_names[i]);
    free(r->area_names);
    free(r->area_kpi);
    memset(r, 0, sizeof *r);
}

static int mapped(const dtmap_sample *s, dtmap_tech tech, dtmap_metric metric) {
    return s->tech == tech && isfinite(s->value[metric]);
}

static char *join_path(const char *dir, const char *name) {
    size_t len = strlen(dir) + strlen(name) + 2;
    char *p = malloc(len);
    if (p) snprintf(p, len, "%s/%s", dir, name);
    return p;
}

static dtmap_status add_output(dtmap_map_result *r, const char *dir, const char *name,
                               dtmap_error *err) {
    char **v = realloc(r->outputs, (r->noutputs + 1) * sizeof *v);
    if (!v) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "output list");
    r->outputs = v;
    if (!(v[r->noutputs] = join_path(dir, name)))
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "output list");
    r->noutputs++;
    return DTMAP_OK;
}

/* Decides the layers: every mapped technology x metric pair with samples, within the masks. */
static dtmap_status plan_layers(const dtmap_samples *set, const dtmap_map_opts *o,
                                dtmap_map_result *r, dtmap_error *err) {
    uint64_t count[DTMAP_TECH_COUNT][DTMAP_METRIC_COUNT] = {{0}};
    for (size_t i = 0; i < set->n; i++)
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++)
            if (set->v[i].tech < DTMAP_TECH_OTHER && isfinite(set->v[i].value[m]))
                count[set->v[i].tech][m]++;
    r->layers = calloc(DTMAP_TECH_COUNT * DTMAP_METRIC_COUNT, sizeof *r->layers);
    if (!r->layers) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "layers");
    for (int t = 0; t < DTMAP_TECH_OTHER; t++) {
        if (o->tech_mask && !(o->tech_mask & (1u << t))) continue;
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            if (o->metric_mask && !(o->metric_mask & (1u << m))) continue;
            if (!count[t][m]) continue;
            dtmap_layer *l = &r->layers[r->nlayers++];
            l->tech = (dtmap_tech)t;
            l->metric = (dtmap_metric)m;
            l->samples = count[t][m];
            snprintf(l->raster, sizeof l->raster, "%s_%s.tif", dtmap_metric_name(l->metric),
                     dtmap_tech_name(l->tech));
            snprintf(l->samples_raster, sizeof l->samples_raster, "%s_%s_samples.tif",
                     dtmap_metric_name(l->metric), dtmap_tech_name(l->tech));
            l->has_threshold = o->thresholds.set[t][m];
            l->threshold = o->thresholds.value[t][m];
        }
    }
    for (size_t i = 0; i < set->n && !(o->tech_mask && !(o->tech_mask & (1u << DTMAP_TECH_NBIOT)));
         i++)
        if (set->v[i].tech == DTMAP_TECH_NBIOT && set->v[i].ecl >= 0) {
            r->ecl.present = 1;
            snprintf(r->ecl.raster, sizeof r->ecl.raster, "ecl_nbiot.tif");
            snprintf(r->ecl.share_raster, sizeof r->ecl.share_raster, "ecl_ce2_share_nbiot.tif");
            r->ecl.ce2_share_threshold = o->ce2_share;
            break;
        }
    if (r->nlayers == 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY,
                               "no accepted sample has RSRP, RSRQ or SINR of a mapped "
                               "technology%s: nothing to map",
                               (o->tech_mask || o->metric_mask) ? " (within --techs/--metrics)"
                                                                : "");
    return DTMAP_OK;
}

/* Picks the CRS from the centroid of the samples that will be mapped. */
static dtmap_status pick_crs(const dtmap_samples *set, const dtmap_map_opts *o,
                             const dtmap_map_result *r, dtmap_crs **crs, dtmap_error *err) {
    double slon = 0, slat = 0;
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        for (size_t k = 0; k < r->nlayers; k++)
            if (mapped(&set->v[i], r->layers[k].tech, r->layers[k].metric)) {
                slon += set->v[i].lon;
                slat += set->v[i].lat;
                n++;
                break;
            }
    return dtmap_crs_create(o->crs, slon / (double)n, slat / (double)n, crs, err);
}

/* Refuses to start when any output exists and overwrite is off, so that a run never stops
 * half-way with some outputs replaced and others not. */
static dtmap_status check_outputs(const dtmap_map_result *r, int overwrite, dtmap_error *err) {
    if (overwrite) return DTMAP_OK;
    for (size_t i = 0; i < r->noutputs; i++) {
        FILE *f = fopen(r->outputs[i], "r");
        if (f) {
            fclose(f);
            return dtmap_error_set(err, DTMAP_ERR_EXISTS,
                                   "%s exists (use --overwrite to replace it)", r->outputs[i]);
        }
    }
    return DTMAP_OK;
}

dtmap_status dtmap_map_run(const dtmap_samples *set, const dtmap_ingest_report *rep,
                           const dtmap_map_opts *o, dtmap_progress_fn progress, void *user,
                           dtmap_map_result *r, dtmap_error *err) {
    dtmap_status st;
    dtmap_crs *crs = NULL;
    dtmap_gpkg *gpkg = NULL;
    double *x = NULL, *y = NULL, *z = NULL;
    float *value = NULL, *count = NULL;
    dtmap_grid g;
    dtmap_idw_opts idw = o->idw;
    assess_state as = {0};
    memset(r, 0, sizeof *r);

    if ((st = plan_layers(set, o, r, err)) != DTMAP_OK) goto done;
    if ((st = pick_crs(set, o, r, &crs, err)) != DTMAP_OK) goto done;
    snprintf(r->crs_id, sizeof r->crs_id, "%s", dtmap_crs_id(crs));
    snprintf(r->crs_name, sizeof r->crs_name, "%s", dtmap_crs_name(crs));
    if ((st = assess_open(o, crs, &as, r, err)) != DTMAP_OK) goto done;
    if (idw.radius_m <= 0) idw.radius_m = 3.0 * o->res_m;

    if (progress) progress(user, "projecting samples");
    size_t n = set->n;
    x = malloc((n ? n : 1) * sizeof *x);
    y = malloc((n ? n : 1) * sizeof *y);
    z = malloc((n ? n : 1) * sizeof *z);
    if (!x || !y || !z) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%zu samples", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = set->v[i].lon;
        y[i] = set->v[i].lat;
    }
    if ((st = dtmap_crs_forward(crs, x, y, n, x, y, err)) != DTMAP_OK) goto done;

    if (o->extent_set) {
        st = dtmap_grid_from_extent(o->extent[0], o->extent[1], o->extent[2], o->extent[3],
                                    o->res_m, &g, err);
    } else if (as.areas) { /* the areas and a margin, whatever the samples cover */
        double e[4];
        dtmap_areas_extent(as.areas, o->areas_margin_m, e);
        st = dtmap_grid_from_extent(e[0], e[1], e[2], e[3], o->res_m, &g, err);
    } else {
        double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            int used = 0;
            for (size_t k = 0; k < r->nlayers && !used; k++)
                used = mapped(&set->v[i], r->layers[k].tech, r->layers[k].metric);
            if (!used || !isfinite(x[i])) continue;
            x0 = fmin(x0, x[i]), x1 = fmax(x1, x[i]);
            y0 = fmin(y0, y[i]), y1 = fmax(y1, y[i]);
        }
        if (!isfinite(x0)) {
            st = dtmap_error_set(err, DTMAP_ERR_CRS, "no sample could be projected to %s",
                                 r->crs_id[0] ? r->crs_id : r->crs_name);
            goto done;
        }
        double pad = o->method == DTMAP_METHOD_IDW ? idw.radius_m : 0;
        st = dtmap_grid_from_extent(x0 - pad, y0 - pad, x1 + pad, y1 + pad, o->res_m, &g, err);
    }
    if (st != DTMAP_OK) goto done;
    r->ncols = g.ncols, r->nrows = g.nrows, r->res_m = g.res_m, r->xmin = g.xmin,
    r->ymax = g.ymax;
    r->method = o->method;
    r->idw = idw;

    if ((st = dtmap_mkdir_p(o->outdir, err)) != DTMAP_OK) goto done;
    for (size_t k = 0; k < r->nlayers; k++)
        if ((st = add_output(r, o->outdir, r->layers[k].raster, err)) != DTMAP_OK) goto done;
    for (size_t k = 0; k < r->nlayers; k++)
        if ((st = add_output(r, o->outdir, r->layers[k].samples_raster, err)) != DTMAP_OK)
            goto done;
    for (size_t k = 0; k < r->nlayers; k++) { /* styles and class rasters */
        char names[STYLES_MAX_FILES][STYLES_NAME_SIZE];
        int nfiles = styles_layer_files(o, &r->layers[k], names);
        for (int i = 0; i < nfiles; i++)
            if ((st = add_output(r, o->outdir, names[i], err)) != DTMAP_OK) goto done;
    }
    size_t ecl_out = r->noutputs, gpkg_out;
    if (r->ecl.present && ((st = add_output(r, o->outdir, r->ecl.raster, err)) != DTMAP_OK ||
                           (st = add_output(r, o->outdir, r->ecl.share_raster, err)) != DTMAP_OK))
        goto done;
    if (r->ecl.present) {
        char names[2][80];
        styles_ecl_files(&r->ecl, names);
        for (int i = 0; i < 2; i++)
            if ((st = add_output(r, o->outdir, names[i], err)) != DTMAP_OK) goto done;
    }
    char assessed[ASSESS_MAX_FILES][80];
    int nassessed = assess_files(o, r, &as, assessed);
    for (int i = 0; i < nassessed; i++)
        if ((st = add_output(r, o->outdir, assessed[i], err)) != DTMAP_OK) goto done;
    gpkg_out = r->noutputs;
    if (o->gaps && (st = add_output(r, o->outdir, "gaps.gpkg", err)) != DTMAP_OK) goto done;
    size_t js = r->noutputs;
    if ((st = add_output(r, o->outdir, "summary.json", err)) != DTMAP_OK) goto done;
    if ((st = add_output(r, o->outdir, "summary.csv", err)) != DTMAP_OK) goto done;
    if ((st = check_outputs(r, o->overwrite, err)) != DTMAP_OK ||
        (st = assess_check_charts(o, r, &as, err)) != DTMAP_OK)
        goto done;

    size_t ncells = dtmap_grid_ncells(&g);
    if (o->gaps &&
        (st = dtmap_gpkg_begin(r->outputs[gpkg_out], o->overwrite, &gpkg, err)) != DTMAP_OK)
        goto done;

    for (size_t k = 0; k < r->nlayers; k++) {
        dtmap_layer *l = &r->layers[k];
        int power = dtmap_metric_is_power(l->metric);
        int labelled = gpkg && l->has_threshold; /* gap labelling needs whole rasters */
        int kept = assess_wants(o, r, l);         /* the gap kinds and area report need it */
        int whole = labelled || o->cog || kept;   /* and so does a COG */
        char stage[96];
        snprintf(stage, sizeof stage, "gridding %s", l->raster);
        if (progress) progress(user, stage);
        /* The layer's values over all samples, NAN for the others: the interpolators skip
         * non-finite points, so no per-layer copy of the coordinates is needed. */
        for (size_t i = 0; i < n; i++) {
            z[i] = NAN;
            if (!mapped(&set->v[i], l->tech, l->metric) || !isfinite(x[i])) continue;
            z[i] = set->v[i].value[l->metric];
            if (l->has_threshold && z[i] < l->threshold) l->samples_below++;
        }
        layer_src src = {.g = &g, .x = x, .y = y, .z = z, .n = n, .power = power,
                         .nodata = o->nodata, .threshold = l->threshold,
                         .has_threshold = l->has_threshold, .lo = INFINITY, .hi = -INFINITY};
        if (o->method == DTMAP_METHOD_IDW)
            st = dtmap_idw_create(&g, x, y, z, n, &idw, &src.idw, err);
        if (st == DTMAP_OK && whole) {
            if (!value) value = malloc(ncells * sizeof *value);
            if (!count) count = malloc(ncells * sizeof *count);
            if (!value || !count) {
                st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "grid of %d x %d cells", g.ncols,
                                     g.nrows);
            } else {
                st = src.idw ? dtmap_idw_rows(src.idw, 0, g.nrows, o->nodata, value, err)
                             : dtmap_bin_grid(&g, x, y, z, n, power, o->nodata, value, NULL, err);
                if (st == DTMAP_OK)
                    st = dtmap_bin_grid(&g, x, y, z, n, power, o->nodata, NULL, count, err);
                src.value = value;
                src.count = count;
            }
        }
        if (st == DTMAP_OK && kept) st = assess_keep(&as, l, value, ncells, err);
        if (st == DTMAP_OK)
            st = layer_write(r->outputs[k], r->outputs[r->nlayers + k], &g, crs, set, o, &idw, l,
                             &src, err);
        l->min = src.valid ? src.lo : NAN; /* the styles' ramps need them */
        l->max = src.valid ? src.hi : NAN;
        if (st == DTMAP_OK) st = styles_write_layer(o->outdir, &g, crs, o, l, &src, err);
        dtmap_idw_destroy(src.idw);
        if (st != DTMAP_OK) goto done;
        l->cells_total = ncells;
        l->cell_area_m2 = dtmap_grid_cell_area_m2(&g);
        l->cells_covered = src.covered;
        l->cells_weak = src.weak;
        l->cells_unmeasured = src.unmeasured;
        l->min = src.valid ? src.lo : NAN;
        l->max = src.valid ? src.hi : NAN;
        l->mean = !src.valid ? NAN
                  : power    ? 10.0 * log10(src.sum / (double)src.valid)
                             : src.sum / (double)src.valid;
        if (labelled) {
            dtmap_gaps gaps;
            st = dtmap_gaps_find(&g, crs, value, count, o->nodata, l->threshold, power, &gaps,
                                 err);
            if (st != DTMAP_OK) goto done;
            l->has_gaps = 1;
            l->ngaps = gaps.n;
            l->largest_gap_m2 = gaps.n ? gaps.v[0].area_m2 : 0;
            char layer[64];
            snprintf(layer, sizeof layer, "gaps_%s_%s", dtmap_metric_name(l->metric),
                     dtmap_tech_name(l->tech));
            st = dtmap_gpkg_add_gaps(gpkg, layer, &g, crs, &gaps, dtmap_tech_label(l->tech),
                                     dtmap_metric_label(l->metric), dtmap_metric_unit(l->metric),
                                     l->threshold, err);
            dtmap_gaps_free(&gaps);
            if (st != DTMAP_OK) goto done;
        }
    }
    if (r->ecl.present) {
        if (progress) progress(user, "mapping NB-IoT coverage-enhancement levels");
        st = ecl_maps_write(&g, crs, x, y, set, o, r->outputs[ecl_out], r->outputs[ecl_out + 1],
                            gpkg, r, err);
        if (st == DTMAP_OK) st = styles_write_ecl(o->outdir, o, &r->ecl, err);
        if (st != DTMAP_OK) goto done;
    }
    if (progress && (nassessed || as.areas))
        progress(user, as.areas ? "judging the areas: key figures, gaps, charts, report"
                                : "classifying gap kinds");
    if ((st = assess_write(&as, &g, crs, x, y, set, o, r, add_output, err)) != DTMAP_OK)
        goto done;
    if (gpkg) {
        if (progress) progress(user, "writing gaps.gpkg");
        st = dtmap_gpkg_commit(gpkg, err);
        gpkg = NULL;
        if (st != DTMAP_OK) goto done;
    }
    if ((st = dtmap_summary_write_json(r->outputs[js], set, rep, o, r, err)) != DTMAP_OK)
        goto done;
    st = dtmap_summary_write_csv(r->outputs[js + 1], r, o->overwrite, err);
done:
    dtmap_gpkg_abort(gpkg);
    assess_free(&as);
    dtmap_crs_destroy(crs);
    free(x), free(y), free(z);
    free(value), free(count);
    if (st != DTMAP_OK) dtmap_map_result_free(r);
    return st;
}
