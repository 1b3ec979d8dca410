/* classes.c: the Byte class raster: per cell the profile class of a value raster (1 = best,
 * 0 = no data), with a colour table, category names, band description and metadata. */
#include "dtmap/style.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_port.h>
#include <cpl_string.h>
#include <gdal.h>

#include "dtmap/fileio.h"
#include "output/gdalutil.h"

#define TILE 256 /* tile side and strip height, pixels */

/* Checks the spec before anything touches the disk. */
static dtmap_status spec_check(const char *path, const dtmap_class_raster_spec *s,
                               dtmap_error *err) {
    if (path == NULL || s == NULL || s->grid == NULL || s->values == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "class raster: missing path, spec, grid or values");
    if (s->grid->ncols <= 0 || s->grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: empty grid (%d x %d)", path,
                               s->grid->ncols, s->grid->nrows);
    if (s->values->data == NULL && s->values->fill == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: the value band has no data", path);
    dtmap_status st = dtmap_classes_check(s->classes, s->nclasses, err);
    if (st != DTMAP_OK) {
        char detail[sizeof err->detail];
        snprintf(detail, sizeof detail, "%s", err ? err->detail : "");
        return dtmap_error_set(err, st, "%s: %s", path, detail);
    }
    return DTMAP_OK;
}

/* Dataset metadata (see style.h), CSL list owned by the caller (CSLDestroy). */
static char **class_metadata(const dtmap_class_raster_spec *s) {
    char **md = NULL, key[32], text[256], v[32];
    const dtmap_class *c = s->classes;
    int n = s->nclasses;
    if (s->metric) md = CSLSetNameValue(md, "METRIC", s->metric);
    if (s->technology) md = CSLSetNameValue(md, "TECHNOLOGY", s->technology);
    if (s->unit) md = CSLSetNameValue(md, "UNIT", s->unit);
    if (s->profile) md = CSLSetNameValue(md, "PROFILE", s->profile);
    md = CSLSetNameValue(md, "CLASSES", CPLSPrintf("%d", n));
    text[0] = '\0';
    for (int i = 0; i + 1 < n; i++) {
        CPLsnprintf(v, sizeof v, "%.10g", c[i].lower);
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%s%s", i ? "," : "", v);
    }
    md = CSLSetNameValue(md, "CLASS_BOUNDS", text);
    md = CSLSetNameValue(md, "CLASS_0", "no data");
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "CLASS_%d", i + 1);
        dtmap_class_label(c, n, i, s->unit, text, sizeof text);
        md = CSLSetNameValue(md, key, text);
    }
    for (int i = 0; s->metadata && s->metadata[i]; i++)
        md = CSLAddString(md, s->metadata[i]);
    return md;
}

/* Sets nodata, colour table, category names and description on the band. */
static dtmap_status band_setup(GDALRasterBandH band, const char *path,
                               const dtmap_class_raster_spec *s, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
    char **names = CSLAddString(NULL, "no data");
    GDALColorEntry none = {0, 0, 0, 0};
    GDALSetColorEntry(ct, 0, &none);
    for (int i = 0; i < s->nclasses; i++) {
        unsigned rgb = (unsigned)strtoul(s->classes[i].colour + 1, NULL, 16);
        GDALColorEntry e = {(short)(rgb >> 16), (short)((rgb >> 8) & 0xff), (short)(rgb & 0xff),
                            255};
        GDALSetColorEntry(ct, i + 1, &e);
        names = CSLAddString(names, s->classes[i].name[0] ? s->classes[i].name
                                                          : CPLSPrintf("class %d", i + 1));
    }
    char desc[200];
    snprintf(desc, sizeof desc, "%s%s%s%sclass%s%s%s", s->technology ? s->technology : "",
             s->technology ? " " : "", s->metric ? s->metric : "", s->metric ? " " : "",
             s->profile ? " (profile " : "", s->profile ? s->profile : "", s->profile ? ")" : "");
    CPLErrorReset();
    if (GDALSetRasterNoDataValue(band, 0) != CE_None) {
        st = gdalutil_fail(err, path, "setting nodata");
        goto done;
    }
    if (GDALSetRasterColorTable(band, ct) != CE_None) {
        st = gdalutil_fail(err, path, "setting the colour table");
        goto done;
    }
    if (GDALSetRasterCategoryNames(band, names) != CE_None) {
        st = gdalutil_fail(err, path, "setting category names");
        goto done;
    }
    GDALSetDescription(band, desc);
    if (gdalutil_failed()) st = gdalutil_fail(err, path, "setting the band description");
done:
    CSLDestroy(names);
    GDALDestroyColorTable(ct);
    return st;
}

/* Classifies the value band strip by strip into the open dataset's band. */
static dtmap_status band_fill(GDALRasterBandH band, const char *path,
                              const dtmap_class_raster_spec *s, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    int ncols = s->grid->ncols, nrows = s->grid->nrows;
    float *strip = NULL;
    uint8_t *cls = malloc((size_t)TILE * (size_t)ncols);
    if (s->values->data == NULL) strip = malloc((size_t)TILE * (size_t)ncols * sizeof *strip);
    if (cls == NULL || (s->values->data == NULL && strip == NULL)) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: strip buffer", path);
        goto done;
    }
    for (int y0 = 0; y0 < nrows; y0 += TILE) {
        int h = nrows - y0 < TILE ? nrows - y0 : TILE;
        const float *v = s->values->data ? s->values->data + (size_t)y0 * (size_t)ncols : strip;
        if (s->values->data == NULL) {
            st = s->values->fill(s->values->user, y0, h, strip, err);
            if (st != DTMAP_OK) goto done;
        }
        size_t m = (size_t)h * (size_t)ncols;
        for (size_t i = 0; i < m; i++)
            cls[i] = (isnan(v[i]) || v[i] == s->nodata)
                         ? 0
                         : (uint8_t)(1 + dtmap_class_index(s->classes, s->nclasses, v[i]));
        CPLErrorReset();
        if (GDALRasterIO(band, GF_Write, 0, y0, ncols, h, cls, ncols, h, GDT_Byte, 0, 0) !=
                CE_None ||
            GDALFlushRasterCache(band) != CE_None) {
            st = gdalutil_fail(err, path, "writing the class band");
            goto done;
        }
    }
done:
    free(cls);
    free(strip);
    return st;
}

/* Creates the Byte GeoTIFF at tmp and fills it; *ds_out is left open for the caller. */
static dtmap_status tiff_fill(const char *tmp, const char *path, const dtmap_class_raster_spec *s,
                              GDALDatasetH *ds_out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    char **opts = NULL, **md = NULL;
    GDALDriverH drv = gdalutil_driver("GTiff");
    if (drv == NULL) return gdalutil_fail(err, path, "GTiff driver not available");
    opts = CSLSetNameValue(opts, "TILED", "YES");
    opts = CSLSetNameValue(opts, "BLOCKXSIZE", CPLSPrintf("%d", TILE));
    opts = CSLSetNameValue(opts, "BLOCKYSIZE", CPLSPrintf("%d", TILE));
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");

    CPLErrorReset();
    *ds_out = GDALCreate(drv, tmp, s->grid->ncols, s->grid->nrows, 1, GDT_Byte, opts);
    if (*ds_out == NULL) {
        st = gdalutil_fail(err, path, "GDALCreate");
        goto done;
    }
    if (s->crs_wkt != NULL && GDALSetProjection(*ds_out, s->crs_wkt) != CE_None) {
        st = gdalutil_fail(err, path, "setting the CRS");
        goto done;
    }
    double gt[6];
    dtmap_grid_geotransform(s->grid, gt);
    if (GDALSetGeoTransform(*ds_out, gt) != CE_None) {
        st = gdalutil_fail(err, path, "setting the geotransform");
        goto done;
    }
    md = class_metadata(s);
    if (GDALSetMetadata(*ds_out, (CSLConstList)md, NULL) != CE_None) {
        st = gdalutil_fail(err, path, "setting metadata");
        goto done;
    }
    GDALRasterBandH band = GDALGetRasterBand(*ds_out, 1);
    if (band == NULL) {
        st = gdalutil_fail(err, path, "GDALGetRasterBand");
        goto done;
    }
    st = band_setup(band, path, s, err);
    if (st == DTMAP_OK) st = band_fill(band, path, s, err);
done:
    CSLDestroy(md);
    CSLDestroy(opts);
    return st;
}

/* See style.h. GDAL messages go to err, never to stderr. PAM is on for this file only, since
 * it is where GeoTIFF keeps category names; its side file is renamed into place with the TIFF. */
dtmap_status dtmap_class_raster_write(const char *path, const dtmap_class_raster_spec *spec,
                                      int overwrite, dtmap_error *err) {
    dtmap_outfile of = {0}, aux = {0};
    char *aux_path = NULL, *pam_tmp = NULL;
    GDALDatasetH ds = NULL;
    gdalutil_scope sc;
    int entered = 0, tif_done = 0;
    dtmap_status st = spec_check(path, spec, err);
    if (st != DTMAP_OK) return st;

    size_t len = strlen(path) + 64;
    aux_path = malloc(len);
    if (aux_path == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
    snprintf(aux_path, len, "%s.aux.xml", path);
    if ((st = dtmap_outfile_begin(path, overwrite, &of, err)) != DTMAP_OK ||
        (st = dtmap_outfile_begin(aux_path, overwrite, &aux, err)) != DTMAP_OK)
        goto done;
    len = strlen(of.tmp) + 16;
    if ((pam_tmp = malloc(len)) == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
        goto done;
    }
    snprintf(pam_tmp, len, "%s.aux.xml", of.tmp);
    unlink(pam_tmp); /* a stale one would be read back into the new dataset */

    gdalutil_enter(&sc, "GDAL_PAM_ENABLED", "YES");
    entered = 1;
    st = tiff_fill(of.tmp, path, spec, &ds, err);
    if (ds != NULL) {
        CPLErrorReset();
        GDALClose(ds); /* writes the PAM side file */
        ds = NULL;
        if (st == DTMAP_OK && gdalutil_failed()) st = gdalutil_fail(err, path, "closing");
    }
    if (st != DTMAP_OK) goto done;
    if (access(pam_tmp, F_OK) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_GDAL,
                             "%s: GDAL wrote no side file for the category "
                             "names (%s)",
                             path, pam_tmp);
        goto done;
    }
    if (rename(pam_tmp, aux.tmp) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: rename from %s: %s", aux.path, pam_tmp,
                             strerror(errno));
        goto done;
    }
    if ((st = dtmap_outfile_commit(&of, err)) != DTMAP_OK) goto done;
    tif_done = 1;
    st = dtmap_outfile_commit(&aux, err);

done:
    if (entered) gdalutil_leave(&sc);
    if (pam_tmp != NULL) unlink(pam_tmp);
    if (st != DTMAP_OK && tif_done) unlink(path); /* names lost: no half output */
    dtmap_outfile_abort(&aux);
    dtmap_outfile_abort(&of);
    free(pam_tmp);
    free(aux_path);
    return st;
}
