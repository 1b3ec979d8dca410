/* cellkind_raster.c: the Byte GeoTIFF of cell kinds (covered, weak, interference, unmeasured)
 * with its colour table, category names (in the .aux.xml side file), description and metadata. */
#include "dtmap/cellkind.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>

#include "dtmap/fileio.h"
#include "output/gdalutil.h"

#define TILE 256 /* tile side, pixels */

/* Checks the spec before anything touches the disk: no NULLs, cells, every value a kind. */
static dtmap_status spec_check(const char *path, const dtmap_cellkind_raster_spec *s,
                               dtmap_error *err) {
    if (path == NULL || s == NULL || s->grid == NULL || s->kinds == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "kind raster: missing path, spec, grid or kinds");
    if (s->grid->ncols <= 0 || s->grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: empty grid (%d x %d)", path,
                               s->grid->ncols, s->grid->nrows);
    size_t n = dtmap_grid_ncells(s->grid);
    for (size_t i = 0; i < n; i++)
        if (s->kinds[i] >= DTMAP_KIND_COUNT)
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "%s: cell (col %d, row %d) has kind %u (0..4 allowed)", path,
                                   (int)(i % (size_t)s->grid->ncols),
                                   (int)(i / (size_t)s->grid->ncols), (unsigned)s->kinds[i]);
    return DTMAP_OK;
}

/* A threshold for the metadata, the same in every locale. */
static const char *threshold_text(double v) {
    return CPLSPrintf("%.10g", v);
}

/* Dataset metadata (see cellkind.h), CSL list owned by the caller (CSLDestroy). */
static char **kind_metadata(const dtmap_cellkind_raster_spec *s) {
    char **md = NULL, key[40];
    size_t counts[DTMAP_KIND_COUNT];
    if (s->technology) md = CSLSetNameValue(md, "TECHNOLOGY", s->technology);
    if (s->profile) md = CSLSetNameValue(md, "PROFILE", s->profile);
    md = CSLSetNameValue(md, "KINDS", "1=covered,2=weak,3=interference,4=unmeasured");
    if (s->rule) {
        md = CSLSetNameValue(md, "RSRP_THRESHOLD", threshold_text(s->rule->rsrp_threshold));
        md = CSLSetNameValue(md, "SINR_THRESHOLD",
                             s->rule->has_sinr ? threshold_text(s->rule->sinr_threshold) : "none");
    }
    dtmap_cellkind_count(s->kinds, dtmap_grid_ncells(s->grid), counts);
    for (int k = 0; k < DTMAP_KIND_COUNT; k++) {
        snprintf(key, sizeof key, "CELLS_%s", dtmap_cellkind_name((dtmap_cellkind)k));
        for (char *c = key; *c; c++)
            if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
        md = CSLSetNameValue(md, key, CPLSPrintf("%zu", counts[k]));
    }
    for (int i = 0; s->metadata && s->metadata[i]; i++)
        md = CSLAddString(md, s->metadata[i]);
    return md;
}

/* Sets nodata, colour table, category names and description on the band. */
static dtmap_status band_setup(GDALRasterBandH band, const char *path,
                               const dtmap_cellkind_raster_spec *s, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    const dtmap_class *cls = dtmap_cellkind_classes();
    GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
    char **names = NULL;
    GDALColorEntry none = {0, 0, 0, 0};
    GDALSetColorEntry(ct, 0, &none);
    for (int k = 0; k < DTMAP_KIND_COUNT; k++)
        names = CSLAddString(names, dtmap_cellkind_name((dtmap_cellkind)k));
    for (int k = 1; k < DTMAP_KIND_COUNT; k++) {
        unsigned rgb = (unsigned)strtoul(cls[k - 1].colour + 1, NULL, 16);
        GDALColorEntry e = {(short)(rgb >> 16), (short)((rgb >> 8) & 0xff), (short)(rgb & 0xff),
                            255};
        GDALSetColorEntry(ct, k, &e);
    }
    char desc[200];
    snprintf(desc, sizeof desc, "%.40s%scoverage and gap kinds%s%.64s%s",
             s->technology ? s->technology : "", s->technology ? " " : "",
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

/* Creates the Byte GeoTIFF at tmp and fills it; *ds_out is left open for the caller. */
static dtmap_status tiff_fill(const char *tmp, const char *path,
                              const dtmap_cellkind_raster_spec *s, GDALDatasetH *ds_out,
                              dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    char **opts = NULL, **md = NULL;
    int ncols = s->grid->ncols, nrows = s->grid->nrows;
    GDALDriverH drv = gdalutil_driver("GTiff");
    if (drv == NULL) return gdalutil_fail(err, path, "GTiff driver not available");
    opts = CSLSetNameValue(opts, "TILED", "YES");
    opts = CSLSetNameValue(opts, "BLOCKXSIZE", CPLSPrintf("%d", TILE));
    opts = CSLSetNameValue(opts, "BLOCKYSIZE", CPLSPrintf("%d", TILE));
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");

    CPLErrorReset();
    *ds_out = GDALCreate(drv, tmp, ncols, nrows, 1, GDT_Byte, opts);
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
    md = kind_metadata(s);
    if (GDALSetMetadata(*ds_out, (CSLConstList)md, NULL) != CE_None) {
        st = gdalutil_fail(err, path, "setting metadata");
        goto done;
    }
    GDALRasterBandH band = GDALGetRasterBand(*ds_out, 1);
    if (band == NULL) {
        st = gdalutil_fail(err, path, "GDALGetRasterBand");
        goto done;
    }
    if ((st = band_setup(band, path, s, err)) != DTMAP_OK) goto done;
    CPLErrorReset();
    if (GDALRasterIO(band, GF_Write, 0, 0, ncols, nrows, (void *)s->kinds, ncols, nrows, GDT_Byte,
                     0, 0) != CE_None ||
        GDALFlushRasterCache(band) != CE_None)
        st = gdalutil_fail(err, path, "writing the kind band");
done:
    CSLDestroy(md);
    CSLDestroy(opts);
    return st;
}

/* See cellkind.h. GDAL messages go to err, never to stderr. PAM is on for this file only (it
 * is where GeoTIFF keeps category names); GDAL writes the side file beside the temporary TIFF
 * on close, and it is moved to the side file's own temporary name and committed after the
 * TIFF. If that last step fails the committed TIFF is removed, so no half output remains.
 * A NULL spec->rule leaves RSRP_THRESHOLD and SINR_THRESHOLD out of the metadata. */
dtmap_status dtmap_cellkind_raster_write(const char *path, const dtmap_cellkind_raster_spec *spec,
                                         int overwrite, dtmap_error *err) {
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
                             "%s: GDAL wrote no side file for the category names (%s)", path,
                             pam_tmp);
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
    if (st != DTMAP_OK && tif_done) unlink(path);
    dtmap_outfile_abort(&aux);
    dtmap_outfile_abort(&of);
    free(pam_tmp);
    free(aux_path);
    return st;
}
