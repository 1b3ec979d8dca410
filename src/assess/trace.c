/* trace.c: the polygon tracer: a label grid written to a GDAL MEM raster and polygonized into
 * a memory layer, whose polygons are handed out sorted by label. */
#include "assess/trace.h"

#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>

#include "core/gdalutil.h"

/* A polygon with its position in tracing order, for a stable sort by label. */
typedef struct seqpoly {
    dtmapi_traced_polygon p;
    size_t seq;
} seqpoly;

static int seqpoly_cmp(const void *a, const void *b) {
    const seqpoly *sa = a, *sb = b;
    if (sa->p.label != sb->p.label) return sa->p.label < sb->p.label ? -1 : 1;
    return sa->seq < sb->seq ? -1 : (sa->seq > sb->seq);
}

/* Creates the Int32 label raster *ras of grid (nodata 0) holding label. */
static dtmap_status raster_make(const dtmap_grid *grid, const int32_t *label, const char *ctx,
                                GDALDatasetH *ras, dtmap_error *err) {
    GDALDriverH drv = dtmapi_gdalutil_driver("MEM");
    GDALRasterBandH band;
    double gt[6];
    if (drv == NULL) return dtmapi_gdalutil_fail(err, ctx, "MEM driver not available");
    *ras = GDALCreate(drv, "", grid->ncols, grid->nrows, 1, GDT_Int32, NULL);
    if (*ras == NULL) return dtmapi_gdalutil_fail(err, ctx, "creating the label raster");
    dtmap_grid_geotransform(grid, gt);
    band = GDALGetRasterBand(*ras, 1);
    if (GDALSetGeoTransform(*ras, gt) != CE_None || band == NULL ||
        GDALSetRasterNoDataValue(band, 0.0) != CE_None ||
        GDALRasterIO(band, GF_Write, 0, 0, grid->ncols, grid->nrows, (void *)label, grid->ncols,
                     grid->nrows, GDT_Int32, 0, 0) != CE_None)
        return dtmapi_gdalutil_fail(err, ctx, "filling the label raster");
    return DTMAP_OK;
}

/* Creates the in-memory vector dataset *vec with one polygon layer *lyr and an Int32 field. */
static dtmap_status layer_make(OGRSpatialReferenceH srs, const char *ctx, GDALDatasetH *vec,
                               OGRLayerH *lyr, dtmap_error *err) {
    GDALDriverH drv = dtmapi_gdalutil_driver("Memory");
    OGRFieldDefnH fd;
    OGRErr oe;
    if (drv == NULL) drv = dtmapi_gdalutil_driver("MEM"); /* GDAL >= 3.11 has vectors in MEM */
    if (drv == NULL) return dtmapi_gdalutil_fail(err, ctx, "Memory driver not available");
    *vec = GDALCreate(drv, "", 0, 0, 0, GDT_Unknown, NULL);
    *lyr = *vec != NULL ? GDALDatasetCreateLayer(*vec, "traced", srs, wkbPolygon, NULL) : NULL;
    if (*lyr == NULL) return dtmapi_gdalutil_fail(err, ctx, "creating the tracing layer");
    fd = OGR_Fld_Create("label", OFTInteger);
    oe = OGR_L_CreateField(*lyr, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (oe != OGRERR_NONE) return dtmapi_gdalutil_fail(err, ctx, "creating the tracing field");
    return DTMAP_OK;
}

/* Takes every polygon of lyr into *v (n of them, tracing order), checking its label. */
static dtmap_status collect(OGRLayerH lyr, size_t nlabels, const char *ctx, seqpoly **v, size_t *n,
                            dtmap_error *err) {
    size_t cap = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        int id = OGR_F_GetFieldAsInteger(f, 0);
        OGRGeometryH g = OGR_F_StealGeometry(f);
        OGR_F_Destroy(f);
        if (id < 1 || (size_t)id > nlabels || g == NULL) {
            OGR_G_DestroyGeometry(g);
            return dtmap_error_set(err, DTMAP_ERR_GDAL, "%s: GDALPolygonize: unexpected label %d",
                                   ctx, id);
        }
        if (*n == cap) {
            size_t c2 = cap ? cap * 2 : 64;
            seqpoly *v2 = realloc(*v, c2 * sizeof *v2);
            if (v2 == NULL) {
                OGR_G_DestroyGeometry(g);
                return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for polygons", ctx);
            }
            *v = v2;
            cap = c2;
        }
        (*v)[*n].p.label = (int32_t)id;
        (*v)[*n].p.geom = g;
        (*v)[*n].seq = *n;
        (*n)++;
    }
    return DTMAP_OK;
}

/* See trace.h. */
dtmap_status dtmapi_trace_labels(const dtmap_grid *grid, const int32_t *label, size_t nlabels,
                                 OGRSpatialReferenceH srs, const char *ctx, dtmapi_traced *out,
                                 dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    gdalutil_scope sc;
    GDALDatasetH ras = NULL, vec = NULL;
    OGRLayerH lyr = NULL;
    seqpoly *v = NULL;
    size_t n = 0;

    if (ctx == NULL) ctx = "trace";
    if (out == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: trace: no output", ctx);
    memset(out, 0, sizeof *out);
    if (grid == NULL || label == NULL || grid->ncols <= 0 || grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: trace: missing or empty grid", ctx);

    /* No .aux.xml matters for in-memory datasets, so PAM is off. */
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", "NO");
    st = raster_make(grid, label, ctx, &ras, err);
    if (st == DTMAP_OK) st = layer_make(srs, ctx, &vec, &lyr, err);
    /* No "8CONNECTED" option: GDALPolygonize joins 4-connected cells, as the labeller. */
    if (st == DTMAP_OK) {
        GDALRasterBandH band = GDALGetRasterBand(ras, 1);
        if (GDALPolygonize(band, GDALGetMaskBand(band), lyr, 0, NULL, NULL, NULL) != CE_None)
            st = dtmapi_gdalutil_fail(err, ctx, "GDALPolygonize");
    }
    if (st == DTMAP_OK) st = collect(lyr, nlabels, ctx, &v, &n, err);
    if (st == DTMAP_OK && n > 0) qsort(v, n, sizeof *v, seqpoly_cmp);

    CPLErrorReset();
    if (vec != NULL) GDALClose(vec);
    if (ras != NULL) GDALClose(ras);
    if (st == DTMAP_OK && dtmapi_gdalutil_failed())
        st = dtmapi_gdalutil_fail(err, ctx, "closing the tracing datasets");
    dtmapi_gdalutil_leave(&sc);

    if (st == DTMAP_OK && n > 0) {
        /* Hand the sorted polygons over without their sequence numbers. */
        out->v = malloc(n * sizeof *out->v);
        if (out->v == NULL)
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for polygons", ctx);
        else {
            for (size_t i = 0; i < n; i++)
                out->v[i] = v[i].p;
            out->n = n;
            n = 0;
        }
    }
    for (size_t i = 0; i < n; i++)
        OGR_G_DestroyGeometry(v[i].p.geom);
    free(v);
    return st;
}

void dtmapi_traced_free(dtmapi_traced *t) {
    if (t == NULL) return;
    for (size_t i = 0; i < t->n; i++)
        OGR_G_DestroyGeometry(t->v[i].geom);
    free(t->v);
    memset(t, 0, sizeof *t);
}
