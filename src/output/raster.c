/* raster.c: writes coverage maps as tiled, DEFLATE-compressed Float32 GeoTIFFs through GDAL. */
#include "dtmap/raster.h"

#include <stddef.h>
#include <stdlib.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>

#include "dtmap/fileio.h"
#include "core/gdalutil.h"

#define TILE 256 /* tile side, pixels */

/* Checks the spec before anything touches the disk; DTMAP_ERR_USAGE names what is wrong. */
static dtmap_status spec_check(const char *path, const dtmap_raster_spec *spec, dtmap_error *err) {
    if (path == NULL || spec == NULL || spec->grid == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "raster: missing path, spec or grid");
    if (spec->grid->ncols <= 0 || spec->grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: empty grid (%d x %d)", path,
                               spec->grid->ncols, spec->grid->nrows);
    if (spec->nbands <= 0 || spec->bands == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: no band to write", path);
    for (int i = 0; i < spec->nbands; i++) {
        if (spec->bands[i].data == NULL && spec->bands[i].fill == NULL)
            return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: band %d has no data", path, i + 1);
    }
    return DTMAP_OK;
}

/* Writes band contents, nodata, description and unit into the open dataset. */
static dtmap_status bands_write(GDALDatasetH ds, const char *path, const dtmap_raster_spec *spec,
                                float *strip, dtmap_error *err) {
    int ncols = spec->grid->ncols, nrows = spec->grid->nrows;
    for (int i = 0; i < spec->nbands; i++) {
        const dtmap_band *b = &spec->bands[i];
        GDALRasterBandH band = GDALGetRasterBand(ds, i + 1);
        if (band == NULL) return dtmapi_gdalutil_fail(err, path, "GDALGetRasterBand");
        CPLErrorReset();
        /* One row of tiles at a time, flushed as it completes, so GDAL's block cache never
         * holds more than a strip (a whole 2000 x 2000 band would be 16 MB per band). */
        for (int y0 = 0; y0 < nrows; y0 += TILE) {
            int h = nrows - y0 < TILE ? nrows - y0 : TILE;
            const float *rows = b->data ? b->data + (size_t)y0 * (size_t)ncols : strip;
            if (!b->data) {
                dtmap_status st = b->fill(b->user, y0, h, strip, err);
                if (st != DTMAP_OK) return st;
            }
            CPLErrorReset();
            if (GDALRasterIO(band, GF_Write, 0, y0, ncols, h, (void *)rows, ncols, h, GDT_Float32,
                             0, 0) != CE_None ||
                GDALFlushRasterCache(band) != CE_None)
                return dtmapi_gdalutil_fail(err, path, "writing band");
        }
        if (GDALSetRasterNoDataValue(band, (double)spec->nodata) != CE_None)
            return dtmapi_gdalutil_fail(err, path, "setting nodata");
        if (b->unit != NULL && GDALSetRasterUnitType(band, b->unit) != CE_None)
            return dtmapi_gdalutil_fail(err, path, "setting band unit");
        if (b->description != NULL) {
            GDALSetDescription(band, b->description);
            if (dtmapi_gdalutil_failed())
                return dtmapi_gdalutil_fail(err, path, "setting band description");
        }
    }
    return DTMAP_OK;
}

/* Creates the GeoTIFF at tmp and fills it; on return *ds_out is the (maybe NULL) dataset,
 * still open, which the caller closes. */
static dtmap_status tiff_fill(const char *tmp, const char *path, const dtmap_raster_spec *spec,
                              GDALDatasetH *ds_out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    char **opts = NULL;
    float *strip = NULL;
    GDALDriverH drv = dtmapi_gdalutil_driver("GTiff");
    if (drv == NULL) return dtmapi_gdalutil_fail(err, path, "GTiff driver not available");

    opts = CSLSetNameValue(opts, "TILED", "YES");
    opts = CSLSetNameValue(opts, "BLOCKXSIZE", CPLSPrintf("%d", TILE));
    opts = CSLSetNameValue(opts, "BLOCKYSIZE", CPLSPrintf("%d", TILE));
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "PREDICTOR", "3");
    /* Level 3: on coverage maps (mostly nodata) 2 % larger than the default 6, a third faster. */
    opts = CSLSetNameValue(opts, "ZLEVEL", "3");
    /* Tiles are compressed on every CPU; GDAL still writes them in order, so the file is the
     * same bytes whatever the thread count (run_outputs.sh checks identical repeats). */
    opts = CSLSetNameValue(opts, "NUM_THREADS", "ALL_CPUS");
    /* Band interleaving lets each band be written in one pass without re-reading tiles. */
    opts = CSLSetNameValue(opts, "INTERLEAVE", "BAND");

    CPLErrorReset();
    *ds_out =
        GDALCreate(drv, tmp, spec->grid->ncols, spec->grid->nrows, spec->nbands, GDT_Float32, opts);
    if (*ds_out == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "GDALCreate");
        goto done;
    }
    if (spec->crs_wkt != NULL && GDALSetProjection(*ds_out, spec->crs_wkt) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting the CRS");
        goto done;
    }
    double gt[6];
    dtmap_grid_geotransform(spec->grid, gt);
    if (GDALSetGeoTransform(*ds_out, gt) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting the geotransform");
        goto done;
    }
    if (spec->metadata != NULL && spec->metadata[0] != NULL &&
        GDALSetMetadata(*ds_out, (CSLConstList)spec->metadata, NULL) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting metadata");
        goto done;
    }
    /* One strip buffer for bands that are filled strip by strip. */
    for (int i = 0; i < spec->nbands && !strip; i++)
        if (spec->bands[i].data == NULL &&
            !(strip = malloc((size_t)TILE * (size_t)spec->grid->ncols * sizeof *strip))) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: strip buffer", path);
            goto done;
        }
    st = bands_write(*ds_out, path, spec, strip, err);

done:
    free(strip);
    CSLDestroy(opts);
    return st;
}

/* See raster.h. Errors also: DTMAP_ERR_USAGE (no band, a band without data), DTMAP_ERR_EMPTY
 * (grid without cells). GDAL messages go to err, never to stderr; PAM side files are off. */
dtmap_status dtmap_raster_write(const char *path, const dtmap_raster_spec *spec, int overwrite,
                                dtmap_error *err) {
    dtmap_outfile of = {0};
    GDALDatasetH ds = NULL;
    gdalutil_scope sc;
    dtmap_status st = spec_check(path, spec, err);
    if (st != DTMAP_OK) return st;

    st = dtmap_outfile_begin(path, overwrite, &of, err);
    if (st != DTMAP_OK) return st;

    /* The library never prints: GDAL messages are kept for the error detail only. No PAM
     * side files (.aux.xml) either: everything lives inside the TIFF. */
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", "NO");

    st = tiff_fill(of.tmp, path, spec, &ds, err);
    if (ds != NULL) {
        CPLErrorReset();
        GDALClose(ds);
        ds = NULL;
        if (st == DTMAP_OK && dtmapi_gdalutil_failed())
            st = dtmapi_gdalutil_fail(err, path, "closing");
    }
    if (st == DTMAP_OK)
        st = dtmap_outfile_commit(&of, err); /* frees of, removes the temporary on failure */
    else
        st = dtmap_outfile_fail(&of, st, err); /* "No space left on device" when it is that */

    dtmapi_gdalutil_leave(&sc);
    return st;
}
