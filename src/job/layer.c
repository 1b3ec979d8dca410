/* layer.c: one map layer's cells, statistics and GeoTIFFs (see layer.h). */
#include "job/layer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/cog.h"
#include "dtmap/raster.h"
#include "dtmap/version.h"

static void accumulate(layer_src *s, const float *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (v[i] == s->nodata || !isfinite(v[i])) {
            s->unmeasured++;
            continue;
        }
        if (v[i] < s->lo) s->lo = v[i];
        if (v[i] > s->hi) s->hi = v[i];
        s->sum += s->power ? pow(10.0, v[i] / 10.0) : v[i];
        s->valid++;
        if (s->has_threshold) *(v[i] < s->threshold ? &s->weak : &s->covered) += 1;
    }
}

dtmap_status dtmapi_layer_fill_plain(void *user, int row0, int nrows, float *buf,
                                     dtmap_error *err) {
    layer_src *s = user;
    size_t nc = (size_t)s->g->ncols * (size_t)nrows;
    if (s->value) {
        memcpy(buf, s->value + (size_t)row0 * (size_t)s->g->ncols, nc * sizeof *buf);
        return DTMAP_OK;
    }
    if (s->idw) return dtmap_idw_rows(s->idw, row0, nrows, s->nodata, buf, err);
    dtmap_grid strip;
    dtmap_grid_rows(s->g, row0, nrows, &strip);
    return dtmap_bin_grid(&strip, s->x, s->y, s->z, s->n, s->power, s->nodata, buf, NULL, err);
}

dtmap_status dtmapi_layer_fill_value(void *user, int row0, int nrows, float *buf,
                                     dtmap_error *err) {
    layer_src *s = user;
    dtmap_status st = dtmapi_layer_fill_plain(user, row0, nrows, buf, err);
    if (st == DTMAP_OK) accumulate(s, buf, (size_t)s->g->ncols * (size_t)nrows);
    return st;
}

/* Largest count of a strip, for the count raster's style. */
static void count_max(layer_src *s, const float *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] != s->nodata && v[i] > s->count_max) s->count_max = v[i];
}

dtmap_status dtmapi_layer_fill_count(void *user, int row0, int nrows, float *buf,
                                     dtmap_error *err) {
    layer_src *s = user;
    size_t nc = (size_t)s->g->ncols * (size_t)nrows;
    dtmap_status st = DTMAP_OK;
    if (s->count) {
        memcpy(buf, s->count + (size_t)row0 * (size_t)s->g->ncols, nc * sizeof *buf);
    } else {
        dtmap_grid strip;
        dtmap_grid_rows(s->g, row0, nrows, &strip);
        st = dtmap_bin_grid(&strip, s->x, s->y, s->z, s->n, s->power, s->nodata, NULL, buf, err);
    }
    if (st == DTMAP_OK) count_max(s, buf, nc);
    return st;
}

dtmap_status dtmapi_layer_write(const char *path, const char *samples_path, const dtmap_grid *g,
                                const dtmap_crs *crs, const dtmap_samples *set,
                                const dtmap_map_opts *o, const dtmap_idw_opts *idw, dtmap_layer *l,
                                layer_src *src, dtmap_error *err) {
    char md[12][160], desc[64];
    const char *mdp[14]; /* at most 11 of md, the inputs, NULL */
    /* INPUT_FILES=a;b;c, however many files: sized, not truncated. */
    size_t len = sizeof "INPUT_FILES=";
    for (size_t i = 0; i < set->nfiles; i++)
        len += strlen(set->files[i]) + 1;
    char *inputs = malloc(len);
    if (!inputs) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: metadata", path);
    strcpy(inputs, "INPUT_FILES=");
    for (size_t i = 0; i < set->nfiles; i++) {
        if (i) strcat(inputs, ";");
        strcat(inputs, set->files[i]);
    }
    int k = 0;
    snprintf(md[k++], sizeof md[0], "METRIC=%s", dtmap_metric_label(l->metric));
    snprintf(md[k++], sizeof md[0], "UNIT=%s", dtmap_metric_unit(l->metric));
    snprintf(md[k++], sizeof md[0], "TECHNOLOGY=%s", dtmap_tech_label(l->tech));
    if (o->method == DTMAP_METHOD_IDW)
        snprintf(md[k++], sizeof md[0],
                 "METHOD=idw power=%g radius_m=%g max_points=%d min_points=%d", idw->power,
                 idw->radius_m, idw->max_points, idw->min_points);
    else
        snprintf(md[k++], sizeof md[0], "METHOD=bin");
    snprintf(md[k++], sizeof md[0], "AVERAGING=%s",
             dtmap_metric_is_power(l->metric) ? "linear (mW) for cell means; IDW in dB" : "dB");
    snprintf(md[k++], sizeof md[0], "SAMPLES=%llu", (unsigned long long)l->samples);
    if (l->has_threshold) {
        snprintf(md[k++], sizeof md[0], "WEAK_THRESHOLD=%g %s", l->threshold,
                 dtmap_metric_unit(l->metric));
        snprintf(md[k++], sizeof md[0], "THRESHOLD_SOURCE=%.140s",
                 o->thresholds.source[l->tech][l->metric]);
    }
    snprintf(md[k++], sizeof md[0], "PROFILE=%.150s",
             (o->profile ? o->profile : dtmap_profile_default())->origin);
    snprintf(md[k++], sizeof md[0], "CRS=%s", dtmap_crs_id(crs));
    snprintf(md[k++], sizeof md[0], "DTMAP_VERSION=%s", DTMAP_VERSION_STRING);
    for (int i = 0; i < k; i++)
        mdp[i] = md[i];
    mdp[k++] = inputs;
    mdp[k] = NULL;
    snprintf(desc, sizeof desc, "%s %s (%s)", dtmap_tech_label(l->tech),
             dtmap_metric_label(l->metric), dtmap_metric_unit(l->metric));
    dtmap_band value = {NULL, desc, dtmap_metric_unit(l->metric), dtmapi_layer_fill_value, src};
    dtmap_raster_spec spec = {g, dtmap_crs_wkt(crs), o->nodata, &value, 1, mdp};
    dtmap_cog_spec cog = {g,          dtmap_crs_wkt(crs),
                          src->value, o->nodata,
                          desc,       dtmap_metric_unit(l->metric),
                          mdp,        src->power ? DTMAP_COG_POWER : DTMAP_COG_RATIO,
                          0};
    dtmap_status st;
    if (o->cog) { /* whole rasters (see layer_src): overviews averaged in mW for powers */
        accumulate(src, src->value, dtmap_grid_ncells(g));
        count_max(src, src->count, dtmap_grid_ncells(g));
        st = dtmap_cog_write(path, &cog, o->overwrite, err);
    } else {
        st = dtmap_raster_write(path, &spec, o->overwrite, err);
    }
    if (st == DTMAP_OK) {
        /* The companion: same metadata, UNIT count, one band of samples per cell. */
        snprintf(md[1], sizeof md[1], "UNIT=count (samples with %s per cell)",
                 dtmap_metric_label(l->metric));
        snprintf(desc, sizeof desc, "%s %s samples per cell", dtmap_tech_label(l->tech),
                 dtmap_metric_label(l->metric));
        dtmap_band count = {NULL, desc, "count", dtmapi_layer_fill_count, src};
        spec.bands = &count;
        cog.data = src->count;
        cog.unit = "count";
        cog.kind = DTMAP_COG_RATIO; /* overviews: mean samples per full-resolution cell */
        st = o->cog ? dtmap_cog_write(samples_path, &cog, o->overwrite, err)
                    : dtmap_raster_write(samples_path, &spec, o->overwrite, err);
    }
    free(inputs);
    if (st == DTMAP_OK) { /* the value band's statistics are complete now */
        int col, row;
        l->samples_on_grid = 0;
        for (size_t i = 0; i < src->n; i++)
            if (isfinite(src->z[i]) && dtmap_grid_cell_of(g, src->x[i], src->y[i], &col, &row))
                l->samples_on_grid++;
        l->empty = src->valid == 0;
    }
    return st;
}
