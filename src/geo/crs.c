/* crs.c: the output CRS (PROJ): creation and checks, UTM default, WGS 84 <-> grid transforms. */
#include "dtmap/crs.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <proj.h>

#include "geo/span.h"

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

/* Checks that crs is projected with metre axes; fills err with status st otherwise. */
static dtmap_status check_metric(PJ_CONTEXT *ctx, PJ *crs, const char *def, dtmap_status fail,
                                 dtmap_error *err) {
    PJ_TYPE type = proj_get_type(crs);
    if (type != PJ_TYPE_PROJECTED_CRS)
        return dtmap_error_set(err, fail,
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
            st = dtmap_error_set(err, fail, "CRS '%s' (%s) has axes in %s, not metres", def,
                                 proj_get_name(crs), unit ? unit : "unknown units");
    }
    if (n < 2 && st == DTMAP_OK)
        st = dtmap_error_set(err, fail, "CRS '%s' has no usable coordinate system", def);
    proj_destroy(cs);
    return st;
}

int dtmap_crs_is_auto(const char *def) {
    return def == NULL || strcasecmp(def, "auto") == 0;
}

/* What kind of text def is: a PROJ string ("+proj=...", "proj=..."), plain text that can only
 * be a name, or anything else PROJ parses itself (AUTH:CODE, a URN or URL, WKT, PROJJSON). */
typedef enum def_kind { DEF_PARSED, DEF_PROJ_STRING, DEF_NAME } def_kind;

static def_kind kind_of(const char *def) {
    const char *p = def, *q;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || strncmp(p, "proj=", 5) == 0) return DEF_PROJ_STRING;
    if (*p == '{') return DEF_PARSED;
    for (q = p; isalnum((unsigned char)*q) || *q == '_'; q++)
        ;
    if (q > p && *q == ':') return DEF_PARSED; /* EPSG:32650, urn:ogc:..., http://... */
    while (*q == ' ')
        q++;
    if (q > p && *q == '[') return DEF_PARSED; /* WKT: PROJCRS[...], PROJCS [...] */
    return DEF_NAME;
}

/* The CRS types a name may be looked up among. */
static const PJ_TYPE crs_types[] = {
    PJ_TYPE_PROJECTED_CRS,  PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS,
    PJ_TYPE_GEOCENTRIC_CRS, PJ_TYPE_COMPOUND_CRS,      PJ_TYPE_BOUND_CRS,
    PJ_TYPE_VERTICAL_CRS,   PJ_TYPE_ENGINEERING_CRS,   PJ_TYPE_OTHER_CRS};
#define NCRS_TYPES (sizeof crs_types / sizeof crs_types[0])
#define MAX_CANDIDATES 5

/* Appends " AUTH:CODE (name)" for o to buf (o's own id, or "no code"). */
static void add_candidate(char *buf, size_t len, size_t *count, PJ *o) {
    size_t used = strlen(buf);
    const char *auth = proj_get_id_auth_name(o, 0), *code = proj_get_id_code(o, 0);
    snprintf(buf + used, len - used, "%s%s%s%s (%s)", *count ? ", " : "", auth ? auth : "no code",
             auth ? ":" : "", auth && code ? code : "", proj_get_name(o));
    (*count)++;
}

/* When name reads as a UTM zone ("UTM 50N", "utm zone 50 s", "UTM50N"), the WGS 84 zone's code
 * (32601..32660 north, 32701..32760 south), else 0: PROJ's approximate names miss it. */
static int utm_code(const char *name) {
    const char *p = name;
    while (isspace((unsigned char)*p))
        p++;
    if (strncasecmp(p, "utm", 3) != 0) return 0;
    p += 3;
    while (isspace((unsigned char)*p))
        p++;
    if (strncasecmp(p, "zone", 4) == 0) p += 4;
    while (isspace((unsigned char)*p))
        p++;
    char *end;
    long zone = strtol(p, &end, 10);
    if (end == p || zone < 1 || zone > 60) return 0;
    while (isspace((unsigned char)*end))
        end++;
    int south = *end == 'S' || *end == 's';
    if (!south && *end != 'N' && *end != 'n') return 0;
    for (end++; isspace((unsigned char)*end); end++)
        ;
    return *end ? 0 : (south ? 32700 : 32600) + (int)zone;
}

/* Resolves a CRS name: an exact (case-insensitive) match in PROJ's database, preferring a
 * projected CRS that is not deprecated. With none, DTMAP_ERR_USAGE listing PROJ's approximate
 * matches (up to MAX_CANDIDATES, and the WGS 84 zone for a UTM-looking name), never one of
 * them silently. On success *out is owned by the caller (proj_destroy). */
static dtmap_status by_name(PJ_CONTEXT *ctx, const char *name, PJ **out, dtmap_error *err) {
    *out = NULL;
    PJ_OBJ_LIST *l = proj_create_from_name(ctx, NULL, name, crs_types, NCRS_TYPES, 0, 0, NULL);
    int n = l ? proj_list_get_count(l) : 0, best = -1, best_rank = -1;
    for (int i = 0; i < n; i++) {
        PJ *o = proj_list_get(ctx, l, i);
        int rank =
            o ? 2 * (proj_get_type(o) == PJ_TYPE_PROJECTED_CRS) + !proj_is_deprecated(o) : -1;
        if (rank > best_rank) best = i, best_rank = rank;
        proj_destroy(o);
    }
    if (best >= 0) *out = proj_list_get(ctx, l, best);
    proj_list_destroy(l);
    if (*out) return DTMAP_OK;

    char list[640] = "";
    size_t count = 0, total = 0;
    int utm = utm_code(name);
    if (utm) {
        char code[16];
        snprintf(code, sizeof code, "EPSG:%d", utm);
        PJ *o = proj_create(ctx, code);
        if (o) add_candidate(list, sizeof list, &count, o), total++;
        proj_destroy(o);
    }
    l = proj_create_from_name(ctx, NULL, name, crs_types, NCRS_TYPES, 1, 0, NULL);
    n = l ? proj_list_get_count(l) : 0;
    for (int i = 0; i < n; i++) {
        PJ *o = proj_list_get(ctx, l, i);
        const char *code = o ? proj_get_id_code(o, 0) : NULL;
        const char *auth = o ? proj_get_id_auth_name(o, 0) : NULL;
        int dup = utm && auth && code && strcmp(auth, "EPSG") == 0 && atoi(code) == utm;
        if (o && !dup) {
            if (count < MAX_CANDIDATES) add_candidate(list, sizeof list, &count, o);
            total++;
        }
        proj_destroy(o);
    }
    proj_list_destroy(l);
    if (total == 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "unknown CRS '%s': not an authority code (EPSG:32650), WKT, "
                               "PROJ string (+proj=...) or the exact name of a CRS PROJ knows",
                               name);
    char more[48] = "";
    if (total > count) snprintf(more, sizeof more, ", and %zu more", total - count);
    return dtmap_error_set(err, DTMAP_ERR_USAGE,
                           "CRS '%s': not the exact name of a CRS; nearest: %s%s: give a code or "
                           "the exact name",
                           name, list, more);
}

/* The CRS the user's text def stands for (see dtmap_crs_create), or DTMAP_ERR_USAGE naming it.
 * On success *out is owned by the caller (proj_destroy). */
static dtmap_status parse(PJ_CONTEXT *ctx, const char *def, PJ **out, dtmap_error *err) {
    def_kind kind = kind_of(def);
    if (kind == DEF_NAME) return by_name(ctx, def, out, err);
    char *text = NULL;
    if (kind == DEF_PROJ_STRING && !strstr(def, "type=crs")) {
        /* without it PROJ makes a coordinate operation, not a CRS */
        size_t len = strlen(def) + sizeof " +type=crs";
        if (!(text = malloc(len))) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "CRS '%s'", def);
        snprintf(text, len, "%s +type=crs", def);
    }
    *out = proj_create(ctx, text ? text : def);
    free(text);
    if (*out) return DTMAP_OK;
    return dtmap_error_set(err, DTMAP_ERR_USAGE, "unknown CRS '%s': %s", def,
                           kind == DEF_PROJ_STRING ? "PROJ cannot make a CRS of this PROJ string"
                                                   : "PROJ does not recognise it");
}

dtmap_status dtmap_crs_create(const char *def, double lon, double lat, dtmap_crs **out,
                              dtmap_error *err) {
    char autodef[32];
    dtmap_status st = DTMAP_OK;
    PJ *given = NULL, *wgs84 = NULL, *raw = NULL;
    int automatic = dtmap_crs_is_auto(def);
    *out = NULL;
    dtmap_crs *c = calloc(1, sizeof *c);
    if (!c) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "CRS");
    c->ctx = proj_context_create();
    if (!c->ctx) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "PROJ context");
        goto done;
    }
    proj_log_level(c->ctx, PJ_LOG_NONE);
    if (automatic) {
        if (!(lon >= -180 && lon <= 180 && lat >= -80 && lat <= 84)) {
            st = dtmap_error_set(err, DTMAP_ERR_CRS,
                                 "no UTM zone for centroid %.6f,%.6f: give --crs", lon, lat);
            goto done;
        }
        snprintf(autodef, sizeof autodef, "EPSG:%d",
                 (lat >= 0 ? 32600 : 32700) + dtmapi_utm_zone(lon, NULL));
        def = autodef;
        if (!(given = proj_create(c->ctx, def))) {
            st = dtmap_error_set(err, DTMAP_ERR_CRS, "PROJ does not know %s (proj.db missing?)",
                                 def);
            goto done;
        }
    } else if ((st = parse(c->ctx, def, &given, err)) != DTMAP_OK) {
        goto done;
    }
    c->crs = proj_clone(c->ctx, given);
    if (c->crs && proj_get_type(c->crs) == PJ_TYPE_BOUND_CRS) { /* +towgs84: grid in its base */
        PJ *base = proj_get_source_crs(c->ctx, c->crs);
        if (base) {
            proj_destroy(c->crs);
            c->crs = base;
        }
    }
    if (!c->crs) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "CRS '%s'", def);
        goto done;
    }
    st = check_metric(c->ctx, c->crs, def, automatic ? DTMAP_ERR_CRS : DTMAP_ERR_USAGE, err);
    if (st != DTMAP_OK) goto done;

    wgs84 = proj_create(c->ctx, "EPSG:4326");
    raw = wgs84 ? proj_create_crs_to_crs_from_pj(c->ctx, wgs84, given, NULL, NULL) : NULL;
    if (raw) c->to_grid = proj_normalize_for_visualization(c->ctx, raw);
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
    proj_destroy(raw);
    proj_destroy(wgs84);
    proj_destroy(given);
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
