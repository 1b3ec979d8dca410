/* areagaps_gpkg.c: the gaps of the areas written to a GeoPackage, one MultiPolygon layer per gap
 * kind, atomically and byte-identically for equal inputs. */
#include "dtmap/areagaps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "dtmap/fileio.h"
#include "core/gdalutil.h"

/* gpkg_contents.last_change is stamped with this instead of the clock (as gpkg.c does). */
#define FIXED_DATE "2000-01-01T00:00:00Z"

/* Fields of every gap layer, in order (indices used by feature_write). */
static const struct {
    const char *name;
    OGRFieldType type;
} FIELDS[] = {
    {"rank", OFTInteger},    {"kind", OFTString},       {"area_name", OFTString},
    {"tech", OFTString},     {"area_m2", OFTReal},      {"worst", OFTReal},
    {"mean", OFTReal},       {"threshold", OFTReal},    {"unit", OFTString},
    {"deficit_db", OFTReal}, {"score", OFTReal},        {"samples", OFTInteger64},
    {"ncells", OFTInteger},  {"centroid_lon", OFTReal}, {"centroid_lat", OFTReal},
};
enum { NFIELDS = sizeof FIELDS / sizeof FIELDS[0] };

/* The layers, in file order. */
static const char *const LAYERS[DTMAP_GAP_KIND_COUNT] = {"gaps_weak", "gaps_interference",
                                                         "gaps_unmeasured"};
static const char *const UNITS[DTMAP_GAP_KIND_COUNT] = {"dBm", "dB", ""};
static const char *const KIND_NAMES[3] = {"weak", "interference", "unmeasured"};

/* Sets real field i, or leaves it NULL when v is not finite. */
static void set_real(OGRFeatureH f, int i, double v) {
    if (isfinite(v))
        OGR_F_SetFieldDouble(f, i, v);
    else
        OGR_F_SetFieldNull(f, i);
}

/* Writes gap g (of layer index k) as one feature of lyr. */
static dtmap_status feature_write(const char *path, OGRLayerH lyr, int k, const dtmap_area_gap *g,
                                  const dtmap_areas *areas, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    OGRGeometryH geom = NULL;
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    if (f == NULL) return dtmapi_gdalutil_fail(err, path, "creating a feature");
    OGR_F_SetFieldInteger(f, 0, g->rank);
    OGR_F_SetFieldString(f, 1, KIND_NAMES[k]);
    OGR_F_SetFieldString(f, 2, dtmap_areas_name(areas, g->area));
    OGR_F_SetFieldString(f, 3, dtmap_tech_label(g->tech));
    set_real(f, 4, g->area_m2);
    set_real(f, 5, g->worst);
    set_real(f, 6, g->mean);
    set_real(f, 7, g->threshold);
    OGR_F_SetFieldString(f, 8, UNITS[k]);
    set_real(f, 9, g->deficit_db);
    set_real(f, 10, g->score);
    OGR_F_SetFieldInteger64(f, 11, (GIntBig)g->samples);
    OGR_F_SetFieldInteger(f, 12, g->ncells > (size_t)INT32_MAX ? INT32_MAX : (int)g->ncells);
    set_real(f, 13, g->lon);
    set_real(f, 14, g->lat);
    if (g->wkb == NULL ||
        OGR_G_CreateFromWkb(g->wkb, NULL, &geom, (int)g->wkb_size) != OGRERR_NONE ||
        wkbFlatten(OGR_G_GetGeometryType(geom)) != wkbMultiPolygon) {
        st = dtmap_error_set(err, DTMAP_ERR_GDAL, "%s: %s gap of area '%s': not a MultiPolygon WKB",
                             path, KIND_NAMES[k], dtmap_areas_name(areas, g->area));
        goto done;
    }
    if (OGR_F_SetGeometryDirectly(f, geom) != OGRERR_NONE) {
        geom = NULL;
        st = dtmapi_gdalutil_fail(err, path, "setting a gap geometry");
        goto done;
    }
    geom = NULL; /* now owned by f */
    if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
        st = dtmapi_gdalutil_fail(err, path, "writing a gap");

done:
    OGR_G_DestroyGeometry(geom);
    OGR_F_Destroy(f);
    return st;
}

/* Rank order within a kind: by rank, then by position in the list (unranked gaps keep it). */
static int by_rank(const void *pa, const void *pb) {
    const dtmap_area_gap *a = *(const dtmap_area_gap *const *)pa,
                         *b = *(const dtmap_area_gap *const *)pb;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return a < b ? -1 : (a > b);
}

/* Creates layer k with its fields and writes its gaps (order: scratch space for gaps->n). */
static dtmap_status kind_layer_write(const char *path, GDALDatasetH ds, OGRSpatialReferenceH srs,
                                     int k, const dtmap_area_gaps *gaps, const dtmap_areas *areas,
                                     const dtmap_area_gap **order, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    size_t n = 0;
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, LAYERS[k], srs, wkbMultiPolygon, NULL);
    if (lyr == NULL) return dtmapi_gdalutil_fail(err, path, LAYERS[k]);
    for (int i = 0; i < NFIELDS; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(FIELDS[i].name, FIELDS[i].type);
        OGRErr oe = OGR_L_CreateField(lyr, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (oe != OGRERR_NONE) return dtmapi_gdalutil_fail(err, path, "creating a field");
    }
    for (size_t i = 0; i < gaps->n; i++)
        if (gaps->v[i].kind == dtmap_gap_kinds[k]) order[n++] = &gaps->v[i];
    if (n > 1) qsort(order, n, sizeof *order, by_rank);
    if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE)
        return dtmapi_gdalutil_fail(err, path, "starting a transaction");
    for (size_t i = 0; i < n && st == DTMAP_OK; i++)
        st = feature_write(path, lyr, k, order[i], areas, err);
    if (st != DTMAP_OK)
        GDALDatasetRollbackTransaction(ds);
    else if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        st = dtmapi_gdalutil_fail(err, path, "committing the transaction");
    return st;
}

/* See areagaps.h. Features of a layer are written in rank order (ties, e.g. unranked gaps, in
 * list order); fields that are NAN (worst, mean, threshold, deficit_db of unmeasured gaps) are
 * NULL. A gap of another kind, or whose area index is out of range, is DTMAP_ERR_USAGE. */
dtmap_status dtmap_area_gaps_write_gpkg(const char *path, const dtmap_area_gaps *gaps,
                                        const dtmap_areas *areas, const dtmap_crs *crs,
                                        int overwrite, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmap_outfile of = {0};
    gdalutil_scope sc;
    OGRSpatialReferenceH srs = NULL;
    GDALDatasetH ds = NULL;
    const dtmap_area_gap **order = NULL;
    GDALDriverH drv;

    if (path == NULL || gaps == NULL || areas == NULL || crs == NULL ||
        (gaps->n > 0 && gaps->v == NULL))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "area gaps gpkg: missing argument");
    for (size_t i = 0; i < gaps->n; i++) {
        const dtmap_area_gap *g = &gaps->v[i];
        if (g->kind != DTMAP_KIND_WEAK && g->kind != DTMAP_KIND_INTERFERENCE &&
            g->kind != DTMAP_KIND_UNMEASURED)
            return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: gap %zu has kind %d, not a gap kind",
                                   path, i, (int)g->kind);
        if (g->area >= dtmap_areas_count(areas) || (unsigned)g->tech >= DTMAP_TECH_COUNT)
            return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: gap %zu: area %zu or tech %d unknown",
                                   path, i, g->area, (int)g->tech);
    }
    order = malloc((gaps->n > 0 ? gaps->n : 1) * sizeof *order);
    if (order == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
    st = dtmap_outfile_begin(path, overwrite, &of, err);
    if (st != DTMAP_OK) {
        free(order);
        return st;
    }

    dtmapi_gdalutil_enter(&sc, "OGR_CURRENT_DATE", FIXED_DATE);
    srs = OSRNewSpatialReference(dtmap_crs_wkt(crs));
    if (srs == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_GDAL, "%s: CRS not understood by OGR: %s", path,
                             CPLGetLastErrorMsg());
        goto done;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    drv = dtmapi_gdalutil_driver("GPKG");
    if (drv == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "GPKG driver not available");
        goto done;
    }
    ds = GDALCreate(drv, of.tmp, 0, 0, 0, GDT_Unknown, NULL);
    if (ds == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "creating the GeoPackage");
        goto done;
    }
    for (int k = 0; k < DTMAP_GAP_KIND_COUNT && st == DTMAP_OK; k++)
        st = kind_layer_write(path, ds, srs, k, gaps, areas, order, err);
    CPLErrorReset();
    GDALClose(ds);
    ds = NULL;
    if (st == DTMAP_OK && dtmapi_gdalutil_failed())
        st = dtmapi_gdalutil_fail(err, path, "closing the GeoPackage");

done:
    if (ds != NULL) GDALClose(ds);
    OSRRelease(srs);
    dtmapi_gdalutil_leave(&sc);
    if (st == DTMAP_OK)
        st = dtmap_outfile_commit(&of, err); /* removes the temporary on failure */
    else
        st = dtmap_outfile_fail(&of, st, err); /* GDAL's message names the final path */
    free(order);
    return st;
}
