/* crs.c: the output CRS (PROJ): creation and checks, UTM default, WGS 84 <-> grid transforms. */
#include "dtmap/crs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proj.h>

struct dtmap_crs {
    PJ_CONTEXT *ctx;
    PJ *crs;
    PJ *to_grid; /* WGS 84 lon/lat -> grid x/y, axis order normalised */
    char *wkt;
    char *name;
    char id[64];
};

void dtmap_crs_destroy(dtmap_crs *c) {
    if (!c) return;
    proj_destroy(c->to_grid);
    proj_destroy(c->crs);
    free(c->wkt);
    free(c->name);
    proj_context_destroy(c->ctx);
    free(c);
}

/* Checks that crs is projected with metre axes; fills err otherwise. */
static dtmap_status check_metric(PJ_CONTEXT *ctx, PJ *crs, const char *def, dtmap_error *err) {
    PJ_TYPE type = proj_get_type(crs);
    if (type != PJ_TYPE_PROJECTED_CRS)
        return dtmap_error_set(err, DTMAP_ERR_CRS,
                               "CRS '%s' (%s) is not a projected CRS: dtmap grids in metres, "
                               "use e.g. a UTM or CGCS2000 Gauss-Kruger zone",
                               def, proj_get_name(crs));
    dtmap_status st = DTMAP_OK;
    PJ *cs = proj_crs_get_coordinate_system(ctx, crs);
    int n = cs ? proj_cs_get_axis_count(ctx, cs) : 0;
    for (int i = 0; i < n && st == DTMAP_OK; i++) {
        double factor = 0;
        const char *unit = NULL;
        if (!proj_cs_get_axis_info(ctx, cs, i, NULL, NULL, NULL, &factor, &unit, NULL, NULL) ||
            fabs(factor - 1.0) > 1e-12)
            st = dtmap_error_set(err, DTMAP_ERR_CRS, "CRS '%s' (%s) has axes in %s, not metres",
                                 def, proj_get_name(crs), unit ? unit : "unknown units");
    }
    if (n < 2 && st == DTMAP_OK)
        st = dtmap_error_set(err, DTMAP_ERR_CRS, "CRS '%s' has no usable coordinate system", def);
    proj_destroy(cs);
    return st;
}

dtmap_status dtmap_crs_create(const char *def, double lon, double lat, dtmap_crs **out,
                              dtmap_error *err) {
    char autodef[32];
    dtmap_status st = DTMAP_OK;
    *out = NULL;
    dtmap_crs *c = calloc(1, sizeof *c);
    if (!c) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "CRS");
    c->ctx = proj_context_create();
    if (!c->ctx) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "PROJ context");
        goto done;
    }
    proj_log_level(c->ctx, PJ_LOG_NONE);
    if (!def) {
        if (!(lon >= -180 && lon <= 180 && lat >= -80 && lat <= 84)) {
            st = dtmap_error_set(err, DTMAP_ERR_CRS,
                                 "no UTM zone for centroid %.6f,%.6f: give --crs", lon, lat);
            goto done;
        }
        int zone = (int)floor((lon + 180.0) / 6.0) + 1;
        if (zone > 60) zone = 60;
        snprintf(autodef, sizeof autodef, "EPSG:%d", (lat >= 0 ? 32600 : 32700) + zone);
        def = autodef;
    }
    c->crs = proj_create(c->ctx, def);
    if (!c->crs) {
        int e = proj_context_errno(c->ctx);
        st = dtmap_error_set(err, DTMAP_ERR_CRS, "unknown CRS '%s': %s", def,
                             e ? proj_context_errno_string(c->ctx, e) : "not recognised by PROJ");
        goto done;
    }
    if (proj_get_type(c->crs) == PJ_TYPE_BOUND_CRS) { /* +towgs84 etc.: grid in its base CRS */
        PJ *base = proj_get_source_crs(c->ctx, c->crs);
        if (base) {
            proj_destroy(c->crs);
            c->crs = base;
        }
    }
    if ((st = check_metric(c->ctx, c->crs, def, err)) != DTMAP_OK) goto done;

    PJ *raw = proj_create_crs_to_crs(c->ctx, "EPSG:4326", def, NULL);
    if (raw) {
        c->to_grid = proj_normalize_for_visualization(c->ctx, raw);
        proj_destroy(raw);
    }
    if (!c->to_grid) {
        st = dtmap_error_set(err, DTMAP_ERR_CRS, "no transformation from WGS 84 to '%s'", def);
        goto done;
    }
    const char *opts[] = {"MULTILINE=NO", NULL};
    const char *wkt = proj_as_wkt(c->ctx, c->crs, PJ_WKT2_2019, opts);
    const char *name = proj_get_name(c->crs);
    c->wkt = wkt ? strdup(wkt) : NULL;
    c->name = strdup(name ? name : def);
    if (!c->wkt || !c->name) {
        st = dtmap_error_set(err, DTMAP_ERR_CRS, "cannot describe CRS '%s' as WKT", def);
        goto done;
    }
    const char *auth = proj_get_id_auth_name(c->crs, 0);
    const char *code = proj_get_id_code(c->crs, 0);
    if (auth && code) snprintf(c->id, sizeof c->id, "%s:%s", auth, code);
done:
    if (st != DTMAP_OK) {
        dtmap_crs_destroy(c);
        return st;
    }
    *out = c;
    return DTMAP_OK;
}

/* Runs the transform in place over n points; failed points become NAN. */
static dtmap_status transform(const dtmap_crs *c, PJ_DIRECTION dir, const double *a,
                              const double *b, size_t n, double *oa, double *ob, dtmap_error *err) {
    if (oa != a) memmove(oa, a, n * sizeof *oa);
    if (ob != b) memmove(ob, b, n * sizeof *ob);
    if (n == 0) return DTMAP_OK;
    proj_errno_reset(c->to_grid);
    proj_trans_generic(c->to_grid, dir, oa, sizeof *oa, n, ob, sizeof *ob, n, NULL, 0, 0, NULL, 0,
                       0);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(oa[i]) || !isfinite(ob[i]) || oa[i] == HUGE_VAL) oa[i] = ob[i] = NAN;
    (void)err;
    return DTMAP_OK;
}

dtmap_status dtmap_crs_forward(const dtmap_crs *c, const double *lon, const double *lat, size_t n,
                               double *x, double *y, dtmap_error *err) {
    return transform(c, PJ_FWD, lon, lat, n, x, y, err);
}

dtmap_status dtmap_crs_inverse(const dtmap_crs *c, const double *x, const double *y, size_t n,
                               double *lon, double *lat, dtmap_error *err) {
    return transform(c, PJ_INV, x, y, n, lon, lat, err);
}

const char *dtmap_crs_wkt(const dtmap_crs *c) {
    return c->wkt;
}

const char *dtmap_crs_name(const dtmap_crs *c) {
    return c->name;
}

const char *dtmap_crs_id(const dtmap_crs *c) {
    return c->id;
}
