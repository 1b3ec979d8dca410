/* styles.c: .qml styles and class rasters of the map job's layers (see styles.h). */
#include "job/styles.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "dtmap/style.h"
#include "dtmap/version.h"

static const dtmap_profile *profile_of(const dtmap_map_opts *o) {
    return o->profile ? o->profile : dtmap_profile_default();
}

/* "rsrp_lte" from "rsrp_lte.tif". */
static void base_of(const char *raster, char *base, size_t n) {
    snprintf(base, n, "%s", raster);
    char *dot = strrchr(base, '.');
    if (dot) *dot = '\0';
}

static int nclasses(const dtmap_map_opts *o, const dtmap_layer *l) {
    return profile_of(o)->tech[l->tech].nclasses[l->metric];
}

int dtmapi_styles_layer_files(const dtmap_map_opts *o, const dtmap_layer *l,
                              char names[STYLES_MAX_FILES][STYLES_NAME_SIZE]) {
    char b[sizeof l->raster];
    int n = 0;
    base_of(l->raster, b, sizeof b);
    snprintf(names[n++], STYLES_NAME_SIZE, "%s.qml", b);
    snprintf(names[n++], STYLES_NAME_SIZE, "%s_samples.qml", b);
    if (nclasses(o, l) > 0) {
        snprintf(names[n++], STYLES_NAME_SIZE, "%s_class.tif", b);
        snprintf(names[n++], STYLES_NAME_SIZE, "%s_class.tif.aux.xml", b);
        snprintf(names[n++], STYLES_NAME_SIZE, "%s_class.qml", b);
    }
    return n;
}

dtmap_status dtmapi_styles_class_begin(const char *outdir, const dtmap_grid *grid, int T,
                                       const dtmap_crs *crs, const dtmap_map_opts *o,
                                       const dtmap_layer *l, dtmap_tiled **out, dtmap_error *err) {
    char names[STYLES_MAX_FILES][STYLES_NAME_SIZE];
    const dtmap_profile *prof = profile_of(o);
    const dtmap_class *cls = prof->tech[l->tech].classes[l->metric];
    dtmapi_styles_layer_files(o, l, names);
    char *path = dtmap_path_join_alloc(outdir, names[2]);
    if (!path) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: class raster", l->raster);
    char metric[32], md[2][96];
    const char *mdp[3] = {md[0], md[1], NULL};
    snprintf(metric, sizeof metric, "%s", dtmap_metric_label(l->metric));
    snprintf(md[0], sizeof md[0], "VALUE_RASTER=%s", l->raster);
    snprintf(md[1], sizeof md[1], "DTMAP_VERSION=%s", DTMAP_VERSION_STRING);
    dtmap_class_raster_spec spec = {grid,
                                    dtmap_crs_wkt(crs),
                                    NULL,
                                    o->nodata,
                                    cls,
                                    nclasses(o, l),
                                    metric,
                                    dtmap_tech_label(l->tech),
                                    dtmap_metric_unit(l->metric),
                                    prof->name,
                                    mdp};
    dtmap_status st = dtmap_class_tiled_begin(path, &spec, T, o->overwrite, out, err);
    free(path);
    return st;
}

dtmap_status dtmapi_styles_write_layer(const char *outdir, const dtmap_map_opts *o,
                                       const dtmap_layer *l, double count_max, dtmap_error *err) {
    char names[STYLES_MAX_FILES][STYLES_NAME_SIZE];
    char *p[STYLES_MAX_FILES] = {NULL};
    const dtmap_profile *prof = profile_of(o);
    const dtmap_class *cls = prof->tech[l->tech].classes[l->metric];
    const char *unit = dtmap_metric_unit(l->metric);
    int nc = nclasses(o, l), n = dtmapi_styles_layer_files(o, l, names);
    dtmap_status st = DTMAP_OK;
    for (int i = 0; i < n; i++)
        if (!(p[i] = dtmap_path_join_alloc(outdir, names[i]))) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: styles", l->raster);
            goto done;
        }
    if (nc > 0) {
        st = dtmap_style_write_qml(p[0], cls, nc, unit, o->overwrite, err);
    } else { /* no classes (RSRQ in the default profile): a ramp over what the map holds */
        double lo = isfinite(l->min) ? l->min : -20, hi = isfinite(l->max) ? l->max : 0;
        if (hi <= lo) hi = lo + 1;
        st = dtmap_style_write_ramp_qml(p[0], DTMAP_RAMP_SIGNAL, lo, hi, unit, o->overwrite, err);
    }
    if (st == DTMAP_OK)
        st = dtmap_style_write_ramp_qml(p[1], DTMAP_RAMP_COUNT, 1, count_max > 1 ? count_max : 2,
                                        "samples", o->overwrite, err);
    if (st == DTMAP_OK && nc > 0)
        st = dtmap_style_write_class_qml(p[4], cls, nc, unit, o->overwrite, err);
done:
    for (int i = 0; i < n; i++)
        free(p[i]);
    return st;
}

int dtmapi_styles_ecl_files(const dtmap_ecl_result *e, char names[2][80]) {
    char b[64 + 1];
    base_of(e->raster, b, sizeof b);
    snprintf(names[0], 80, "%s.qml", b);
    base_of(e->share_raster, b, sizeof b);
    snprintf(names[1], 80, "%s.qml", b);
    return 2;
}

dtmap_status dtmapi_styles_write_ecl(const char *outdir, const dtmap_map_opts *o,
                                     const dtmap_ecl_result *e, dtmap_error *err) {
    static const dtmap_style_entry levels[3] = {{0, "#1a9641", "CE0 (normal coverage)"},
                                                {1, "#fdae61", "CE1 (robust: more repetitions)"},
                                                {2, "#d7191c", "CE2 (extreme: most repetitions)"}};
    char names[2][80];
    char *a = NULL, *b = NULL;
    dtmap_status st;
    dtmapi_styles_ecl_files(e, names);
    if (!(a = dtmap_path_join_alloc(outdir, names[0])) ||
        !(b = dtmap_path_join_alloc(outdir, names[1]))) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "ECL styles");
        goto done;
    }
    st = dtmap_style_write_paletted_qml(a, levels, 3, o->overwrite, err);
    if (st == DTMAP_OK)
        st = dtmap_style_write_ramp_qml(b, DTMAP_RAMP_SHARE, 0, 100, "%", o->overwrite, err);
done:
    free(a);
    free(b);
    return st;
}
