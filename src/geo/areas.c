/* areas.c: areas of interest read with OGR (layer and name field choice, checks, reprojection
 * into the run's CRS) and kept as rings; what lies inside them is areas_mask.c's business. */
#include "dtmap/areas.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/gdalutil.h"

typedef struct area {
    char *name;
    long long fid;
    double area_m2;
    double bbox[4];
    dtmap_ring *rings;
    size_t nrings;
    double *xy; /* all x, then all y, of every ring */
    unsigned char *wkb;
    size_t wkb_size;
} area;

struct dtmap_areas {
    char *path, *layer, *field;
    char warnings[1024];
    area *v;
    size_t n;
};

/* What the reader is looking at, for error details. */
typedef struct where {
    const char *path, *layer;
    long long fid;
    const char *name;
} where;

static dtmap_status fail_at(dtmap_error *err, dtmap_status st, const where *w, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Fills err with "path: layer 'l': FID n ('name'): <fmt>"; returns st. */
static dtmap_status fail_at(dtmap_error *err, dtmap_status st, const where *w, const char *fmt,
                            ...) {
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (w->name)
        return dtmap_error_set(err, st, "%s: layer '%s': FID %lld ('%s'): %s", w->path, w->layer,
                               w->fid, w->name, what);
    return dtmap_error_set(err, st, "%s: layer '%s': FID %lld: %s", w->path, w->layer, w->fid,
                           what);
}

static void free_area(area *a) {
    free(a->name);
    free(a->rings);
    free(a->xy);
    free(a->wkb);
}

void dtmap_areas_destroy(dtmap_areas *as) {
    if (!as) return;
    for (size_t i = 0; i < as->n; i++)
        free_area(&as->v[i]);
    free(as->v);
    free(as->path);
    free(as->layer);
    free(as->field);
    free(as);
}

static void warn(dtmap_areas *as, const char *msg) {
    size_t len = strlen(as->warnings);
    snprintf(as->warnings + len, sizeof as->warnings - len, "%s%s", len ? "\n" : "", msg);
}

/* "a, b, c" from the names given by name(i), i < n, into buf. */
static void list_names(char *buf, size_t size, int n, const char *(*name)(void *, int), void *ctx) {
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && len < size; i++) {
        snprintf(buf + len, size - len, "%s%s", i ? ", " : "", name(ctx, i));
        len += strlen(buf + len);
    }
    if (n == 0) snprintf(buf, size, "none");
}

static const char *layer_name(void *ds, int i) {
    return OGR_L_GetName(GDALDatasetGetLayer(ds, i));
}

static const char *field_name(void *defn, int i) {
    return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
}

static int is_polygonal(OGRwkbGeometryType t) {
    t = wkbFlatten(t);
    return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon || t == wkbMultiSurface;
}

/* The layer named want, or the first polygon layer, or the first layer with a feature. */
static dtmap_status pick_layer(GDALDatasetH ds, const char *path, const char *want, OGRLayerH *out,
                               dtmap_error *err) {
    char names[600];
    int n = GDALDatasetGetLayerCount(ds);
    list_names(names, sizeof names, n, layer_name, ds);
    if (want) {
        *out = GDALDatasetGetLayerByName(ds, want);
        if (!*out)
            return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: no layer '%s' (layers: %s)", path,
                                   want, names);
        return DTMAP_OK;
    }
    for (int i = 0; i < n; i++)
        if (is_polygonal(OGR_L_GetGeomType(GDALDatasetGetLayer(ds, i)))) {
            *out = GDALDatasetGetLayer(ds, i);
            return DTMAP_OK;
        }
    for (int i = 0; i < n; i++)
        if (OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, i), 1) > 0) {
            *out = GDALDatasetGetLayer(ds, i);
            return DTMAP_OK;
        }
    if (n == 0) return dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: no vector layers", path);
    return dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: no features in any layer (layers: %s)", path,
                           names);
}

static int ascii_caseeq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char ca = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char cb = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (ca != cb) return 0;
    }
    return *a == *b;
}

/* Index of the name field: want (exact, then as OGR matches), else name/NAME/..., else 名称. */
static dtmap_status pick_field(OGRFeatureDefnH defn, const where *w, const char *want, int *out,
                               dtmap_error *err) {
    char names[600];
    int n = OGR_FD_GetFieldCount(defn);
    list_names(names, sizeof names, n, field_name, defn);
    *out = -1;
    for (int i = 0; i < n && want && *out < 0; i++)
        if (strcmp(field_name(defn, i), want) == 0) *out = i;
    if (want && *out < 0) *out = OGR_FD_GetFieldIndex(defn, want);
    for (int i = 0; i < n && !want && *out < 0; i++)
        if (ascii_caseeq(field_name(defn, i), "name")) *out = i;
    for (int i = 0; i < n && !want && *out < 0; i++)
        if (strcmp(field_name(defn, i), "名称") == 0) *out = i;
    if (*out >= 0) return DTMAP_OK;
    if (want)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: layer '%s': no field '%s' (fields: %s)",
                               w->path, w->layer, want, names);
    return dtmap_error_set(err, DTMAP_ERR_FORMAT,
                           "%s: layer '%s': no name field (looked for name, NAME, Name, 名称; "
                           "fields: %s): choose one",
                           w->path, w->layer, names);
}

/* The transform from the layer's CRS into the run's (NULL *ct when they are the same). A layer
 * without a CRS is WGS 84 when its extent looks like lon/lat (noted in as->warnings). */
static dtmap_status make_transform(dtmap_areas *as, OGRLayerH layer, const where *w,
                                   const dtmap_crs *crs, OGRCoordinateTransformationH *ct,
                                   dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    OGRSpatialReferenceH lsrs = OGR_L_GetSpatialRef(layer);
    OGRSpatialReferenceH src = lsrs ? OSRClone(lsrs) : OSRNewSpatialReference(NULL);
    OGRSpatialReferenceH dst = OSRNewSpatialReference(NULL);
    OGREnvelope env;
    *ct = NULL;
    if (!src || !dst) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: spatial reference", w->path);
        goto done;
    }
    if (!lsrs) {
        char msg[600];
        if (OGR_L_GetExtent(layer, &env, 1) == OGRERR_NONE &&
            (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90)) {
            st = dtmap_error_set(err, DTMAP_ERR_CRS,
                                 "%s: layer '%s' has no CRS and its coordinates are not lon/lat: "
                                 "add one (e.g. a .prj, or ogr2ogr -a_srs)",
                                 w->path, w->layer);
            goto done;
        }
        OSRSetWellKnownGeogCS(src, "WGS84");
        snprintf(msg, sizeof msg, "%s: layer '%s' has no CRS: assuming WGS 84 lon/lat", w->path,
                 w->layer);
        warn(as, msg);
    }
    if (OSRSetFromUserInput(dst, dtmap_crs_wkt(crs)) != OGRERR_NONE) {
        st = dtmapi_gdalutil_fail(err, w->path, "reading the run's CRS");
        goto done;
    }
    OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRIsSame(src, dst)) goto done;
    *ct = OCTNewCoordinateTransformation(src, dst);
    if (!*ct)
        st = dtmap_error_set(err, DTMAP_ERR_CRS, "%s: layer '%s': no transformation to %s: %s",
                             w->path, w->layer, dtmap_crs_name(crs), CPLGetLastErrorMsg());
done:
    OSRDestroySpatialReference(dst);
    OSRDestroySpatialReference(src);
    return st;
}

/* Turns a feature's geometry (owned by the caller, consumed) into a valid 2D MultiPolygon. */
static dtmap_status to_multipolygon(OGRGeometryH g, const where *w, int check_valid,
                                    OGRGeometryH *out, dtmap_error *err) {
    *out = NULL;
    if (!g) return fail_at(err, DTMAP_ERR_FORMAT, w, "no geometry");
    if (OGR_G_IsEmpty(g)) {
        OGR_G_DestroyGeometry(g);
        return fail_at(err, DTMAP_ERR_FORMAT, w, "empty geometry");
    }
    OGR_G_FlattenTo2D(g);
    OGR_G_SetMeasured(g, 0);
    if (OGR_G_HasCurveGeometry(g, 0)) {
        OGRGeometryH lin = OGR_G_GetLinearGeometry(g, 0, NULL);
        OGR_G_DestroyGeometry(g);
        if (!(g = lin)) return fail_at(err, DTMAP_ERR_GDAL, w, "cannot linearise curves");
    }
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int ok = t == wkbPolygon || t == wkbMultiPolygon;
    if (t == wkbGeometryCollection) {
        ok = 1;
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            if (wkbFlatten(OGR_G_GetGeometryType(OGR_G_GetGeometryRef(g, i))) != wkbPolygon) ok = 0;
    }
    if (!ok) {
        dtmap_status st = fail_at(err, DTMAP_ERR_FORMAT, w,
                                  "%s geometry: areas must be polygons or multipolygons",
                                  OGRGeometryTypeToName(OGR_G_GetGeometryType(g)));
        OGR_G_DestroyGeometry(g);
        return st;
    }
    if (t != wkbMultiPolygon) g = OGR_G_ForceToMultiPolygon(g);
    CPLErrorReset();
    if (check_valid && !OGR_G_IsValid(g)) {
        const char *why = CPLGetLastErrorMsg();
        dtmap_status st = fail_at(err, DTMAP_ERR_FORMAT, w,
                                  "invalid polygon (%s): fix it, e.g. with ogr2ogr -makevalid",
                                  why[0] ? why : "self-intersecting or badly nested rings");
        OGR_G_DestroyGeometry(g);
        return st;
    }
    *out = g;
    return DTMAP_OK;
}

/* Doubled signed area (shoelace) of a closed ring. */
static double ring_area2(const double *x, const double *y, size_t n) {
    double s = 0;
    for (size_t k = 0; k + 1 < n; k++)
        s += (x[k] - x[0]) * (y[k + 1] - y[0]) - (x[k + 1] - x[0]) * (y[k] - y[0]);
    return s;
}

/* Copies the rings of multipolygon g (in the run's CRS) into a, with area, bbox and WKB. */
static dtmap_status take_rings(area *a, OGRGeometryH g, const where *w, dtmap_error *err) {
    size_t nv = 0;
    a->nrings = 0;
    for (int p = 0; p < OGR_G_GetGeometryCount(g); p++) {
        OGRGeometryH poly = OGR_G_GetGeometryRef(g, p);
        for (int r = 0; r < OGR_G_GetGeometryCount(poly); r++) {
            nv += (size_t)OGR_G_GetPointCount(OGR_G_GetGeometryRef(poly, r)) + 1;
            a->nrings++;
        }
    }
    a->rings = calloc(a->nrings, sizeof *a->rings);
    a->xy = malloc(2 * nv * sizeof *a->xy);
    a->wkb_size = (size_t)OGR_G_WkbSize(g);
    a->wkb = malloc(a->wkb_size);
    if (!a->rings || !a->xy || !a->wkb) return fail_at(err, DTMAP_ERR_NOMEM, w, "out of memory");
    OGR_G_ExportToIsoWkb(g, wkbNDR, a->wkb);
    a->bbox[0] = a->bbox[1] = INFINITY;
    a->bbox[2] = a->bbox[3] = -INFINITY;
    size_t off = 0, k = 0;
    for (int p = 0; p < OGR_G_GetGeometryCount(g); p++) {
        OGRGeometryH poly = OGR_G_GetGeometryRef(g, p);
        for (int r = 0; r < OGR_G_GetGeometryCount(poly); r++, k++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
            double *x = a->xy + off, *y = a->xy + nv + off;
            size_t n = (size_t)OGR_G_GetPoints(ring, x, sizeof *x, y, sizeof *y, NULL, 0);
            if (n == 0 || x[n - 1] != x[0] || y[n - 1] != y[0]) { /* close it */
                x[n] = n ? x[0] : 0;
                y[n] = n ? y[0] : 0;
                n++;
            }
            for (size_t j = 0; j < n; j++) {
                if (!isfinite(x[j]) || !isfinite(y[j]))
                    return fail_at(err, DTMAP_ERR_CRS, w, "vertex outside the run's CRS");
                a->bbox[0] = fmin(a->bbox[0], x[j]);
                a->bbox[1] = fmin(a->bbox[1], y[j]);
                a->bbox[2] = fmax(a->bbox[2], x[j]);
                a->bbox[3] = fmax(a->bbox[3], y[j]);
            }
            a->rings[k] = (dtmap_ring){.x = x, .y = y, .n = n, .part = p, .hole = r > 0};
            a->area_m2 += (r > 0 ? -0.5 : 0.5) * fabs(ring_area2(x, y, n));
            off += n;
        }
    }
    return DTMAP_OK;
}

/* Reads the features of layer into as (see dtmap_areas_create for the rules). */
static dtmap_status read_features(dtmap_areas *as, OGRLayerH layer, int ifield,
                                  OGRCoordinateTransformationH ct, int check_valid, where *w,
                                  dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    OGRFeatureH f = NULL;
    OGRGeometryH g = NULL;
    size_t cap = 0;
    OGR_L_ResetReading(layer);
    CPLErrorReset();
    while (st == DTMAP_OK && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        w->fid = (long long)OGR_F_GetFID(f);
        w->name = NULL;
        if (as->n == cap) {
            area *v = realloc(as->v, (cap = cap ? 2 * cap : 8) * sizeof *v);
            if (!v) {
                st = fail_at(err, DTMAP_ERR_NOMEM, w, "out of memory");
                break;
            }
            as->v = v;
        }
        area *a = &as->v[as->n];
        memset(a, 0, sizeof *a);
        a->fid = w->fid;
        as->n++;
        const char *name =
            OGR_F_IsFieldSetAndNotNull(f, ifield) ? OGR_F_GetFieldAsString(f, ifield) : "";
        if (!name[0]) {
            st = fail_at(err, DTMAP_ERR_FORMAT, w, "empty name in field '%s'", as->field);
            break;
        }
        if (!(a->name = strdup(name))) {
            st = fail_at(err, DTMAP_ERR_NOMEM, w, "out of memory");
            break;
        }
        w->name = a->name;
        OGRGeometryH src = OGR_F_GetGeometryRef(f);
        st = to_multipolygon(src ? OGR_G_Clone(src) : NULL, w, check_valid, &g, err);
        if (st == DTMAP_OK && ct && OGR_G_Transform(g, ct) != OGRERR_NONE)
            st = fail_at(err, DTMAP_ERR_CRS, w, "cannot transform to the run's CRS: %s",
                         CPLGetLastErrorMsg());
        if (st == DTMAP_OK) st = take_rings(a, g, w, err);
        OGR_G_DestroyGeometry(g);
        g = NULL;
        OGR_F_Destroy(f);
        f = NULL;
        CPLErrorReset();
    }
    OGR_F_Destroy(f);
    if (st == DTMAP_OK && dtmapi_gdalutil_failed())
        st = dtmap_error_set(err, DTMAP_ERR_GDAL, "%s: layer '%s': reading features: %s", w->path,
                             w->layer, CPLGetLastErrorMsg());
    return st;
}

/* Checks that the layer held areas and that their names are unique. */
static dtmap_status check_names(const dtmap_areas *as, const where *w, dtmap_error *err) {
    if (as->n == 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: layer '%s' is empty: no areas", w->path,
                               w->layer);
    for (size_t i = 0; i < as->n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(as->v[i].name, as->v[j].name) == 0)
                return dtmap_error_set(err, DTMAP_ERR_FORMAT,
                                       "%s: layer '%s': area name '%s' appears twice (FID %lld "
                                       "and FID %lld): make names unique, or merge the parts "
                                       "into one multipolygon",
                                       w->path, w->layer, as->v[i].name, as->v[j].fid,
                                       as->v[i].fid);
    return DTMAP_OK;
}

dtmap_status dtmap_areas_create(const char *path, const dtmap_areas_opts *opts,
                                const dtmap_crs *crs, dtmap_areas **out, dtmap_error *err) {
    dtmap_areas_opts none = {0};
    dtmap_status st = DTMAP_OK;
    GDALDatasetH ds = NULL;
    OGRLayerH layer = NULL;
    OGRCoordinateTransformationH ct = NULL;
    gdalutil_scope sc;
    struct stat sb;
    where w = {.path = path, .fid = -1};
    OGRwkbGeometryType t;
    int ifield = -1, have_geos;
    *out = NULL;
    if (!opts) opts = &none;
    if (stat(path, &sb) != 0)
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));
    if (S_ISREG(sb.st_mode) && sb.st_size == 0) /* OGR only says it cannot open it */
        return dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: empty file: no areas", path);
    dtmap_areas *as = calloc(1, sizeof *as);
    if (!as) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
    dtmapi_gdalutil_enter(&sc, "OSR_DEFAULT_AXIS_MAPPING_STRATEGY", "TRADITIONAL_GIS_ORDER");
    if (GDALGetDriverCount() == 0) GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        const char *msg = CPLGetLastErrorMsg();
        st = dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: %s OGR can read%s%s", path,
                             S_ISDIR(sb.st_mode) ? "folder holds no vector file"
                                                 : "not a vector file",
                             msg[0] ? ": " : "", msg);
        goto done;
    }
    if ((st = pick_layer(ds, path, opts->layer, &layer, err)) != DTMAP_OK) goto done;
    w.layer = OGR_L_GetName(layer);
    as->path = strdup(path);
    as->layer = strdup(w.layer);
    if (!as->path || !as->layer) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    t = wkbFlatten(OGR_L_GetGeomType(layer));
    if (t != wkbUnknown && t != wkbGeometryCollection && !is_polygonal(t)) {
        st = dtmap_error_set(err, DTMAP_ERR_FORMAT,
                             "%s: layer '%s' holds %s geometries: areas must be polygons or "
                             "multipolygons",
                             path, w.layer, OGRGeometryTypeToName(t));
        goto done;
    }
    if ((st = pick_field(OGR_L_GetLayerDefn(layer), &w, opts->name_field, &ifield, err)) !=
        DTMAP_OK)
        goto done;
    if (!(as->field = strdup(field_name(OGR_L_GetLayerDefn(layer), ifield)))) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    if ((st = make_transform(as, layer, &w, crs, &ct, err)) != DTMAP_OK) goto done;
    have_geos = OGRGetGEOSVersion(NULL, NULL, NULL);
    if (!have_geos) warn(as, "GDAL has no GEOS: polygon validity not checked");
    if ((st = read_features(as, layer, ifield, ct, have_geos, &w, err)) != DTMAP_OK) goto done;
    w.name = NULL;
    st = check_names(as, &w, err);
done:
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (ds) GDALClose(ds);
    dtmapi_gdalutil_leave(&sc);
    if (st != DTMAP_OK) {
        dtmap_areas_destroy(as);
        return st;
    }
    *out = as;
    return DTMAP_OK;
}

size_t dtmap_areas_count(const dtmap_areas *as) {
    return as->n;
}
const char *dtmap_areas_name(const dtmap_areas *as, size_t i) {
    return as->v[i].name;
}
double dtmap_areas_area_m2(const dtmap_areas *as, size_t i) {
    return as->v[i].area_m2;
}
const char *dtmap_areas_path(const dtmap_areas *as) {
    return as->path;
}
const char *dtmap_areas_layer(const dtmap_areas *as) {
    return as->layer;
}
const char *dtmap_areas_name_field(const dtmap_areas *as) {
    return as->field;
}
const char *dtmap_areas_warnings(const dtmap_areas *as) {
    return as->warnings;
}

void dtmap_areas_bounds(const dtmap_areas *as, size_t i, double ext[4]) {
    memcpy(ext, as->v[i].bbox, 4 * sizeof *ext);
}

void dtmap_areas_extent(const dtmap_areas *as, double margin_m, double ext[4]) {
    memcpy(ext, as->v[0].bbox, 4 * sizeof *ext);
    for (size_t i = 1; i < as->n; i++) {
        ext[0] = fmin(ext[0], as->v[i].bbox[0]);
        ext[1] = fmin(ext[1], as->v[i].bbox[1]);
        ext[2] = fmax(ext[2], as->v[i].bbox[2]);
        ext[3] = fmax(ext[3], as->v[i].bbox[3]);
    }
    ext[0] -= margin_m;
    ext[1] -= margin_m;
    ext[2] += margin_m;
    ext[3] += margin_m;
}

const dtmap_ring *dtmap_areas_rings(const dtmap_areas *as, size_t i, size_t *nrings) {
    *nrings = as->v[i].nrings;
    return as->v[i].rings;
}

const unsigned char *dtmap_areas_wkb(const dtmap_areas *as, size_t i, size_t *size) {
    *size = as->v[i].wkb_size;
    return as->v[i].wkb;
}
