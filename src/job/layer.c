/* layer.c: the metadata of one map layer's rasters (see layer.h). */
#include "job/layer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/version.h"

dtmap_status dtmapi_layer_meta_make(const dtmap_samples *set, const dtmap_map_opts *o,
                                    const dtmap_idw_opts *idw, const dtmap_crs *crs,
                                    const dtmap_layer *l, layer_meta *m, dtmap_error *err) {
    memset(m, 0, sizeof *m);
    /* INPUT_FILES=a;b;c, however many files: sized, not truncated. */
    size_t len = sizeof "INPUT_FILES=";
    for (size_t i = 0; i < set->nfiles; i++)
        len += strlen(set->files[i]) + 1;
    if (!(m->inputs = malloc(len)))
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: metadata", l->raster);
    strcpy(m->inputs, "INPUT_FILES=");
    for (size_t i = 0; i < set->nfiles; i++) {
        if (i) strcat(m->inputs, ";");
        strcat(m->inputs, set->files[i]);
    }
    char(*md)[160] = m->text;
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
    /* The companion: same metadata, UNIT count. */
    snprintf(m->count_unit, sizeof m->count_unit, "UNIT=count (samples with %s per cell)",
             dtmap_metric_label(l->metric));
    for (int i = 0; i < k; i++) {
        m->md[i] = md[i];
        m->count_md[i] = i == 1 ? m->count_unit : md[i];
    }
    m->md[k] = m->count_md[k] = m->inputs;
    m->md[k + 1] = m->count_md[k + 1] = NULL;
    snprintf(m->desc, sizeof m->desc, "%s %s (%s)", dtmap_tech_label(l->tech),
             dtmap_metric_label(l->metric), dtmap_metric_unit(l->metric));
    snprintf(m->count_desc, sizeof m->count_desc, "%s %s samples per cell",
             dtmap_tech_label(l->tech), dtmap_metric_label(l->metric));
    return DTMAP_OK;
}

void dtmapi_layer_meta_free(layer_meta *m) {
    if (!m) return;
    free(m->inputs);
    m->inputs = NULL;
}
