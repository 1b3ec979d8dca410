/* paletted.c: the paletted Byte GeoTIFF writer shared by the class and kind rasters: colour
 * table, category names (kept by GDAL in the .aux.xml side file), description and metadata. */
#include "output/paletted.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "dtmap/fileio.h"
#include "core/gdalutil.h"

/* Checks what dtmapi_paletted_write itself relies on, before anything touches the disk. */
static dtmap_status spec_check(const char *path, const paletted_spec *s, dtmap_error *err) {
    if (path == NULL || s == NULL || s->grid == NULL || s->colours == NULL || s->names == NULL ||
        s->fill == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "paletted raster: missing path, spec, grid, colours, names or fill");
    if (s->grid->ncols <= 0 || s->grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: empty grid (%d x %d)", path,
                               s->grid->ncols, s->grid->nrows);
    if (s->ncolours < 0 || s->ncolours > 255)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: %d colours (0 to 255 allowed)", path,
                               s->ncolours);
    return DTMAP_OK;
}

/* See paletted.h. */
dtmap_status dtmapi_paletted_band_setup(GDALRasterBandH band, const char *path,
                                        const char *const *colours, int ncolours,
                                        const char *const *names, const char *description,
                                        dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
    GDALColorEntry none = {0, 0, 0, 0};
    GDALSetColorEntry(ct, 0, &none);
    for (int i = 0; i < ncolours; i++) {
        unsigned rgb = (unsigned)strtoul(colours[i] + 1, NULL, 16);
        GDALColorEntry e = {(short)(rgb >> 16), (short)((rgb >> 8) & 0xff), (short)(rgb & 0xff),
                            255};
        GDALSetColorEntry(ct, i + 1, &e);
    }
    CPLErrorReset();
    if (GDALSetRasterNoDataValue(band, 0) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting nodata");
        goto done;
    }
    if (GDALSetRasterColorTable(band, ct) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting the colour table");
        goto done;
    }
    if (names != NULL && GDALSetRasterCategoryNames(band, (CSLConstList)names) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting category names");
        goto done;
    }
    GDALSetDescription(band, description ? description : "");
    if (dtmapi_gdalutil_failed())
        st = dtmapi_gdalutil_fail(err, path, "setting the band description");
done:
    GDALDestroyColorTable(ct);
    return st;
}

/* Creates the Byte GeoTIFF at tmp and fills it; *ds_out is left open for the caller. */
static dtmap_status tiff_fill(const char *tmp, const char *path, const paletted_spec *s,
                              GDALDatasetH *ds_out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    char **opts = NULL;
    GDALDriverH drv = dtmapi_gdalutil_driver("GTiff");
    if (drv == NULL) return dtmapi_gdalutil_fail(err, path, "GTiff driver not available");
    opts = CSLSetNameValue(opts, "TILED", "YES");
    opts = CSLSetNameValue(opts, "BLOCKXSIZE", CPLSPrintf("%d", PALETTED_TILE));
    opts = CSLSetNameValue(opts, "BLOCKYSIZE", CPLSPrintf("%d", PALETTED_TILE));
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");

    CPLErrorReset();
    *ds_out = GDALCreate(drv, tmp, s->grid->ncols, s->grid->nrows, 1, GDT_Byte, opts);
    if (*ds_out == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "GDALCreate");
        goto done;
    }
    if (s->crs_wkt != NULL && GDALSetProjection(*ds_out, s->crs_wkt) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting the CRS");
        goto done;
    }
    double gt[6];
    dtmap_grid_geotransform(s->grid, gt);
    if (GDALSetGeoTransform(*ds_out, gt) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting the geotransform");
        goto done;
    }
    if (GDALSetMetadata(*ds_out, (CSLConstList)s->metadata, NULL) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting metadata");
        goto done;
    }
    GDALRasterBandH band = GDALGetRasterBand(*ds_out, 1);
    if (band == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "GDALGetRasterBand");
        goto done;
    }
    if ((st = dtmapi_paletted_band_setup(band, path, s->colours, s->ncolours, s->names,
                                         s->description, err)) != DTMAP_OK)
        goto done;
    st = s->fill(band, path, s->user, err);
done:
    CSLDestroy(opts);
    return st;
}

/* See paletted.h. */
dtmap_status dtmapi_paletted_write(const char *path, const paletted_spec *spec, int overwrite,
                                   dtmap_error *err) {
    dtmap_outfile of = {0}, aux = {0};
    char *aux_path = NULL, *pam_tmp = NULL;
    GDALDatasetH ds = NULL;
    gdalutil_scope sc;
    int entered = 0, tif_done = 0;
    dtmap_status st = spec_check(path, spec, err);
    if (st != DTMAP_OK) return st;

    size_t len = strlen(path) + 16;
    if ((aux_path = malloc(len)) == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
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

    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", "YES");
    entered = 1;
    st = tiff_fill(of.tmp, path, spec, &ds, err);
    if (ds != NULL) {
        CPLErrorReset();
        GDALClose(ds); /* writes the PAM side file */
        ds = NULL;
        if (st == DTMAP_OK && dtmapi_gdalutil_failed())
            st = dtmapi_gdalutil_fail(err, path, "closing");
    }
    if (st != DTMAP_OK) goto done;
    if (access(pam_tmp, F_OK) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_GDAL,
                             "%s: GDAL wrote no side file for the category names (%s)", path,
                             aux.path);
        goto done;
    }
    if (rename(pam_tmp, aux.tmp) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: cannot write: %s", aux.path, strerror(errno));
        goto done;
    }
    if ((st = dtmap_outfile_commit(&of, err)) != DTMAP_OK) goto done;
    tif_done = 1;
    st = dtmap_outfile_commit(&aux, err);

done:
    if (entered) dtmapi_gdalutil_leave(&sc);
    if (pam_tmp != NULL) unlink(pam_tmp);
    if (st != DTMAP_OK && tif_done) unlink(path); /* names lost: no half output */
    if (st != DTMAP_OK && !tif_done) st = dtmap_outfile_fail(&of, st, err); /* names path */
    dtmap_outfile_abort(&aux);
    dtmap_outfile_abort(&of);
    free(pam_tmp);
    free(aux_path);
    return st;
}

/* See paletted.h. */
void dtmapi_paletted_facts_free(paletted_facts *f) {
    if (f == NULL) return;
    CSLDestroy(f->metadata);
    CSLDestroy(f->names);
    f->metadata = f->names = NULL;
}
