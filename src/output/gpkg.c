/* gpkg.c: gap polygons, traced from the label grid by assess/trace.c, written to a GeoPackage. */
#include "dtmap/gaps.h"

#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "assess/trace.h"
#include "core/gdalutil.h"
#include "dtmap/fileio.h"
#include "output/gpkg_gaps.h"

/* gpkg_contents.last_change is stamped with this instead of the clock, so equal inputs give
 * byte-identical files. */
#define FIXED_DATE "2000-01-01T00:00:00Z"

struct dtmap_gpkg {
    dtmap_outfile of;
    GDALDatasetH ds;
};

/* See gaps.h. Errors: DTMAP_ERR_EXISTS, DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL (path and GDAL's message
 * in the detail). On failure *out is NULL and nothing is left on disk. */
dtmap_status dtmap_gpkg_begin(const char *path, int overwrite, dtmap_gpkg **out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmap_gpkg *g = NULL;
    gdalutil_scope sc;
    GDALDriverH drv;

    if (path == NULL || out == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "gpkg: missing path");
    *out = NULL;
    g = calloc(1, sizeof *g);
    if (g == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
    st = dtmap_outfile_begin(path, overwrite, &g->of, err);
    if (st != DTMAP_OK) {
        free(g);
        return st;
    }

    dtmapi_gdalutil_enter(&sc, "OGR_CURRENT_DATE", FIXED_DATE);
    drv = dtmapi_gdalutil_driver("GPKG");
    if (drv == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "GPKG driver not available");
        goto done;
    }
    g->ds = GDALCreate(drv, g->of.tmp, 0, 0, 0, GDT_Unknown, NULL);
    if (g->ds == NULL) st = dtmapi_gdalutil_fail(err, path, "creating the GeoPackage");

done:
    dtmapi_gdalutil_leave(&sc);
    if (st != DTMAP_OK) {
        st = dtmap_outfile_fail(&g->of, st, err); /* GDAL's message names the final path */
        dtmap_gpkg_abort(g);
        return st;
    }
    *out = g;
    return DTMAP_OK;
}

/* Field names and types of a gap layer, in order. */
static const struct {
    const char *name;
    OGRFieldType type;
} FIELDS[] = {
    {"gap_id", OFTInteger},   {"tech", OFTString},       {"metric", OFTString},
    {"unit", OFTString},      {"threshold", OFTReal},    {"area_m2", OFTReal},
    {"ncells", OFTInteger64}, {"mean", OFTReal},         {"min", OFTReal},
    {"samples", OFTReal},     {"centroid_lon", OFTReal}, {"centroid_lat", OFTReal},
};
enum { NFIELDS = sizeof FIELDS / sizeof FIELDS[0] };

/* Creates the attribute fields of a gap layer. */
static dtmap_status fields_create(const char *path, OGRLayerH lyr, dtmap_error *err) {
    for (int i = 0; i < NFIELDS; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(FIELDS[i].name, FIELDS[i].type);
        OGRErr oe = OGR_L_CreateField(lyr, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (oe != OGRERR_NONE) return dtmapi_gdalutil_fail(err, path, "creating a field");
    }
    return DTMAP_OK;
}

/* Writes one feature: the traced polygon plus the attributes of gap g. */
static dtmap_status feature_write(const char *path, OGRLayerH lyr, OGRGeometryH geom,
                                  const dtmap_gap *g, const char *tech, const char *metric,
                                  const char *unit, double threshold, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    if (f == NULL) return dtmapi_gdalutil_fail(err, path, "creating a feature");
    OGR_F_SetFieldInteger(f, 0, g->id);
    OGR_F_SetFieldString(f, 1, tech != NULL ? tech : "");
    OGR_F_SetFieldString(f, 2, metric != NULL ? metric : "");
    OGR_F_SetFieldString(f, 3, unit != NULL ? unit : "");
    OGR_F_SetFieldDouble(f, 4, threshold);
    OGR_F_SetFieldDouble(f, 5, g->area_m2);
    OGR_F_SetFieldInteger64(f, 6, (GIntBig)g->ncells);
    OGR_F_SetFieldDouble(f, 7, g->mean);
    OGR_F_SetFieldDouble(f, 8, g->min);
    OGR_F_SetFieldDouble(f, 9, g->samples);
    OGR_F_SetFieldDouble(f, 10, g->lon);
    OGR_F_SetFieldDouble(f, 11, g->lat);
    if (OGR_F_SetGeometry(f, geom) != OGRERR_NONE) {
        st = dtmapi_gdalutil_fail(err, path, "setting a geometry");
        goto done;
    }
    if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
        st = dtmapi_gdalutil_fail(err, path, "writing a gap");

done:
    OGR_F_Destroy(f);
    return st;
}

/* Copies the traced polygons (sorted by gap id) into lyr inside one transaction (rolled back on
 * failure). */
static dtmap_status features_copy(const char *path, GDALDatasetH ds, OGRLayerH lyr,
                                  const dtmapi_traced *t, const dtmap_gaps *gaps, const char *tech,
                                  const char *metric, const char *unit, double threshold,
                                  dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE)
        return dtmapi_gdalutil_fail(err, path, "starting a transaction");
    for (size_t i = 0; i < t->n && st == DTMAP_OK; i++) {
        int32_t id = t->v[i].label;
        if (id < 1 || (size_t)id > gaps->n || gaps->v[id - 1].id != id)
            st = dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: traced label %d has no gap record",
                                 path, (int)id);
        else
            st = feature_write(path, lyr, t->v[i].geom, &gaps->v[id - 1], tech, metric, unit,
                               threshold, err);
    }
    if (st != DTMAP_OK)
        GDALDatasetRollbackTransaction(ds);
    else if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        st = dtmapi_gdalutil_fail(err, path, "committing the transaction");
    return st;
}

/* See gaps.h. Polygons are traced by dtmapi_trace_labels (assess/trace.h) and copied in its
 * order (by gap_id) inside one transaction, so equal inputs give byte-identical files. Errors:
 * DTMAP_ERR_USAGE (missing argument, or a label without a gap record), DTMAP_ERR_CRS (WKT
 * rejected by OGR), DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL (e.g. the layer exists). gpkg stays usable
 * for _abort. */
dtmap_status dtmap_gpkg_add_gaps(dtmap_gpkg *gpkg, const char *layer, const dtmap_grid *grid,
                                 const dtmap_crs *crs, const dtmap_gaps *gaps, const char *tech,
                                 const char *metric, const char *unit, double threshold,
                                 dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    gdalutil_scope sc;
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH lyr;
    dtmapi_traced t = {0};
    const char *path;

    if (gpkg == NULL || gpkg->ds == NULL || layer == NULL || grid == NULL || crs == NULL ||
        gaps == NULL || (gaps->n > 0 && (gaps->v == NULL || gaps->label == NULL)))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "gpkg: missing argument");
    path = gpkg->of.path;

    dtmapi_gdalutil_enter(&sc, "OGR_CURRENT_DATE", FIXED_DATE);
    srs = OSRNewSpatialReference(dtmap_crs_wkt(crs));
    if (srs == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_CRS, "%s: layer %s: CRS not understood by OGR: %s",
                             path, layer, CPLGetLastErrorMsg());
        goto done;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);

    /* Any positive label is let through: features_copy names one without a gap record. */
    if (gaps->n > 0) {
        st = dtmapi_trace_labels(grid, gaps->label, (size_t)INT32_MAX, srs, path, &t, err);
        if (st != DTMAP_OK) goto done;
    }

    lyr = GDALDatasetCreateLayer(gpkg->ds, layer, srs, wkbPolygon, NULL);
    if (lyr == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "creating the layer");
        goto done;
    }
    st = fields_create(path, lyr, err);
    if (st == DTMAP_OK)
        st = features_copy(path, gpkg->ds, lyr, &t, gaps, tech, metric, unit, threshold, err);

done:
    st = dtmap_error_nospace(err, st, gpkg->of.tmp, path); /* a full disk says so */
    dtmapi_traced_free(&t);
    OSRRelease(srs);
    dtmapi_gdalutil_leave(&sc);
    return st;
}

/* See gpkg_gaps.h. */
dtmap_status dtmapi_gpkg_write_gaps(dtmap_gpkg *gpkg, const char *layer, const dtmap_crs *crs,
                                    const dtmap_gap *v, size_t n, const char *tech,
                                    const char *metric, const char *unit, double threshold,
                                    dtmapi_gpkg_polygon_fn polygon, void *user, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    gdalutil_scope sc;
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH lyr;
    const char *path;

    if (gpkg == NULL || gpkg->ds == NULL || layer == NULL || crs == NULL || polygon == NULL ||
        (n > 0 && v == NULL))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "gpkg: missing argument");
    path = gpkg->of.path;

    dtmapi_gdalutil_enter(&sc, "OGR_CURRENT_DATE", FIXED_DATE);
    srs = OSRNewSpatialReference(dtmap_crs_wkt(crs));
    if (srs == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_CRS, "%s: layer %s: CRS not understood by OGR: %s",
                             path, layer, CPLGetLastErrorMsg());
        goto done;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    lyr = GDALDatasetCreateLayer(gpkg->ds, layer, srs, wkbPolygon, NULL);
    if (lyr == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "creating the layer");
        goto done;
    }
    st = fields_create(path, lyr, err);
    if (st != DTMAP_OK) goto done;
    if (GDALDatasetStartTransaction(gpkg->ds, FALSE) != OGRERR_NONE) {
        st = dtmapi_gdalutil_fail(err, path, "starting a transaction");
        goto done;
    }
    for (size_t k = 0; k < n && st == DTMAP_OK; k++) {
        OGRGeometryH geom = NULL;
        st = polygon(user, k, &geom, err);
        if (st == DTMAP_OK)
            st = feature_write(path, lyr, geom, &v[k], tech, metric, unit, threshold, err);
        OGR_G_DestroyGeometry(geom);
    }
    if (st != DTMAP_OK)
        GDALDatasetRollbackTransaction(gpkg->ds);
    else if (GDALDatasetCommitTransaction(gpkg->ds) != OGRERR_NONE)
        st = dtmapi_gdalutil_fail(err, path, "committing the transaction");

done:
    st = dtmap_error_nospace(err, st, gpkg->of.tmp, path); /* a full disk says so */
    OSRRelease(srs);
    dtmapi_gdalutil_leave(&sc);
    return st;
}

/* See gaps.h. Closing errors are DTMAP_ERR_GDAL, rename/fsync errors DTMAP_ERR_IO; gpkg is freed
 * in every case and nothing is left at the temporary name. */
dtmap_status dtmap_gpkg_commit(dtmap_gpkg *gpkg, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    gdalutil_scope sc;
    if (gpkg == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "gpkg: nothing to commit");

    dtmapi_gdalutil_enter(&sc, "OGR_CURRENT_DATE", FIXED_DATE);
    if (gpkg->ds != NULL) {
        CPLErrorReset();
        GDALClose(gpkg->ds);
        gpkg->ds = NULL;
        if (dtmapi_gdalutil_failed())
            st = dtmapi_gdalutil_fail(err, gpkg->of.path, "closing the GeoPackage");
    }
    dtmapi_gdalutil_leave(&sc);
    if (st == DTMAP_OK)
        st = dtmap_outfile_commit(&gpkg->of, err); /* frees of, removes the temporary on failure */
    else
        st = dtmap_outfile_fail(&gpkg->of, st, err); /* "No space left on device" when it is */
    free(gpkg);
    return st;
}

/* See gaps.h: closes without checking, removes the temporary, frees gpkg. Accepts NULL. */
void dtmap_gpkg_abort(dtmap_gpkg *gpkg) {
    gdalutil_scope sc;
    if (gpkg == NULL) return;
    if (gpkg->ds != NULL) {
        dtmapi_gdalutil_enter(&sc, "OGR_CURRENT_DATE", FIXED_DATE);
        GDALClose(gpkg->ds);
        dtmapi_gdalutil_leave(&sc);
    }
    dtmap_outfile_abort(&gpkg->of);
    free(gpkg);
}
