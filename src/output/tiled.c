/* tiled.c: rasters written tile by tile into a sparse tiled GeoTIFF (GDALWriteBlock, one tile in
 * memory), with the metadata and styling facts of raster.c and paletted.c; tiled_cog.c adds
 * the COG layout. */
#include "output/tiled_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "core/gdalutil.h"
#include "output/paletted.h"

/* See tiled_int.h. */
size_t dtmapi_tiled_cell_size(dtmap_tiled_type t) {
    return t == DTMAP_TILED_BYTE ? 1 : sizeof(float);
}

/* Checks the spec before anything touches the disk; DTMAP_ERR_USAGE names what is wrong. */
static dtmap_status spec_check(const char *path, const dtmap_tiled_spec *s, dtmap_tiled **out,
                               dtmap_error *err) {
    if (path == NULL || s == NULL || s->grid == NULL || out == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "tiled raster: missing path, spec or grid");
    if (s->grid->ncols <= 0 || s->grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: empty grid (%d x %d)", path,
                               s->grid->ncols, s->grid->nrows);
    if (s->tile < 16 || s->tile % 16 != 0 || s->tile > 4096)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "%s: tile side %d is not a multiple of 16 from 16 to 4096", path,
                               s->tile);
    if (s->type != DTMAP_TILED_FLOAT32 && s->type != DTMAP_TILED_BYTE)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: unknown cell type %d", path,
                               (int)s->type);
    int paletted = s->colours != NULL || s->names != NULL;
    if (s->type == DTMAP_TILED_BYTE &&
        !(s->nodata >= 0 && s->nodata <= 255 && s->nodata == floor(s->nodata)))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: Byte nodata %g is not 0..255", path,
                               s->nodata);
    if (paletted && (s->type != DTMAP_TILED_BYTE || s->colours == NULL || s->ncolours < 0 ||
                     s->ncolours > 255 || s->nodata != 0))
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "%s: a palette needs Byte cells, nodata 0 and 0 to 255 colours "
                               "(category names need colours)",
                               path);
    if (s->cog && s->cog_kind != DTMAP_COG_POWER && s->cog_kind != DTMAP_COG_RATIO &&
        s->cog_kind != DTMAP_COG_CATEGORY)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: unknown overview kind %d", path,
                               (int)s->cog_kind);
    if (s->cog && s->type == DTMAP_TILED_BYTE && s->cog_kind != DTMAP_COG_CATEGORY)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: a Byte COG takes category overviews",
                               path);
    return DTMAP_OK;
}

/* GTiff creation options, CSL list the caller destroys: those of raster.c (Float32) or
 * paletted.c (Byte), plus SPARSE_OK; the COG's staging file is compressed fast, it is copied. */
static char **create_options(const dtmap_tiled *t) {
    char **o = NULL;
    o = CSLSetNameValue(o, "TILED", "YES");
    o = CSLSetNameValue(o, "BLOCKXSIZE", CPLSPrintf("%d", t->T));
    o = CSLSetNameValue(o, "BLOCKYSIZE", CPLSPrintf("%d", t->T));
    o = CSLSetNameValue(o, "SPARSE_OK", "TRUE");
    o = CSLSetNameValue(o, "COMPRESS", "DEFLATE");
    if (t->cog) return CSLSetNameValue(o, "ZLEVEL", "1");
    if (t->type == DTMAP_TILED_FLOAT32) {
        o = CSLSetNameValue(o, "PREDICTOR", "3");
        o = CSLSetNameValue(o, "ZLEVEL", "3");
        o = CSLSetNameValue(o, "NUM_THREADS", "ALL_CPUS"); /* tiles still written in order */
        o = CSLSetNameValue(o, "INTERLEAVE", "BAND");
    }
    return o;
}

static dtmap_status ds_close(dtmap_tiled *t, dtmap_error *err);

/* Sets the dataset metadata: md, plus DTMAP_OVERVIEWS for a COG (as cog.c does). */
static dtmap_status metadata_set(dtmap_tiled *t, const char *const *md, dtmap_error *err) {
    char **list = CSLDuplicate((CSLConstList)md);
    if (t->cog)
        list = CSLSetNameValue(list, "DTMAP_OVERVIEWS", dtmapi_tiled_overview_rule(t->kind));
    CPLErrorReset();
    dtmap_status st = DTMAP_OK;
    if (list != NULL && GDALSetMetadata(t->ds, list, NULL) != CE_None)
        st = dtmapi_gdalutil_fail(err, t->of.path, "setting metadata");
    CSLDestroy(list);
    return st;
}

/* Creates the GeoTIFF (of.tmp, or the COG's stage) with everything but the cells. */
static dtmap_status dataset_create(dtmap_tiled *t, const dtmap_tiled_spec *s, dtmap_error *err) {
    const char *path = t->of.path;
    GDALDriverH drv = dtmapi_gdalutil_driver("GTiff");
    if (drv == NULL) return dtmapi_gdalutil_fail(err, path, "GTiff driver not available");
    char **opts = create_options(t);
    CPLErrorReset();
    t->ds = GDALCreate(drv, t->cog ? t->stage : t->of.tmp, t->grid.ncols, t->grid.nrows, 1,
                       t->type == DTMAP_TILED_BYTE ? GDT_Byte : GDT_Float32, opts);
    CSLDestroy(opts);
    if (t->ds == NULL) return dtmapi_gdalutil_fail(err, path, "GDALCreate");
    if (s->crs_wkt != NULL && GDALSetProjection(t->ds, s->crs_wkt) != CE_None)
        return dtmapi_gdalutil_fail(err, path, "setting the CRS");
    double gt[6];
    dtmap_grid_geotransform(&t->grid, gt);
    if (GDALSetGeoTransform(t->ds, gt) != CE_None)
        return dtmapi_gdalutil_fail(err, path, "setting the geotransform");
    dtmap_status st = metadata_set(t, s->metadata, err);
    if (st != DTMAP_OK) return st;
    if ((t->band = GDALGetRasterBand(t->ds, 1)) == NULL)
        return dtmapi_gdalutil_fail(err, path, "GDALGetRasterBand");
    /* Nodata before the first tile, so that GDAL and the overviews know empty tiles. */
    if (s->colours != NULL)
        return dtmapi_paletted_band_setup(t->band, path, s->colours, s->ncolours, s->names,
                                          s->description, err);
    CPLErrorReset();
    if (GDALSetRasterNoDataValue(t->band, t->nodata) != CE_None)
        return dtmapi_gdalutil_fail(err, path, "setting nodata");
    if (s->unit != NULL && GDALSetRasterUnitType(t->band, s->unit) != CE_None)
        return dtmapi_gdalutil_fail(err, path, "setting band unit");
    if (s->description != NULL) {
        GDALSetDescription(t->band, s->description);
        if (dtmapi_gdalutil_failed())
            return dtmapi_gdalutil_fail(err, path, "setting band description");
    }
    return DTMAP_OK;
}

/* "<name><suffix>" in a new string (free), NULL when out of memory. */
static char *suffixed(const char *name, const char *suffix) {
    size_t n = strlen(name) + strlen(suffix) + 1;
    char *s = malloc(n);
    if (s != NULL) snprintf(s, n, "%s%s", name, suffix);
    return s;
}

/* Sets up the files: the raster's temporary, the side file's (paletted), the stage (COG). */
static dtmap_status files_begin(dtmap_tiled *t, const char *path, int overwrite, dtmap_error *err) {
    dtmap_status st = dtmap_outfile_begin(path, overwrite, &t->of, err);
    if (st != DTMAP_OK) return st;
    if (t->pam) {
        char *aux_path = suffixed(path, ".aux.xml");
        if (aux_path == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
        st = dtmap_outfile_begin(aux_path, overwrite, &t->aux, err);
        free(aux_path);
        if (st != DTMAP_OK) return st;
        if ((t->pam_tmp = suffixed(t->of.tmp, ".aux.xml")) == NULL)
            return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
        unlink(t->pam_tmp); /* a stale one would be read back into the new dataset */
    }
    if (t->cog) {
        if ((t->stage = suffixed(t->of.tmp, ".stage.tif")) == NULL ||
            (t->stage_aux = suffixed(t->stage, ".aux.xml")) == NULL)
            return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
        unlink(t->stage);
        unlink(t->stage_aux);
    }
    return DTMAP_OK;
}

/* See tiled.h. GDAL messages go to err, never to stderr; PAM (side files) is on only for a
 * paletted raster's category names. */
dtmap_status dtmap_tiled_begin(const char *path, const dtmap_tiled_spec *spec, int overwrite,
                               dtmap_tiled **out, dtmap_error *err) {
    gdalutil_scope sc;
    if (out != NULL) *out = NULL;
    dtmap_status st = spec_check(path, spec, out, err);
    if (st != DTMAP_OK) return st;
    dtmap_tiled *t = calloc(1, sizeof *t);
    if (t == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: tiled writer", path);
    t->grid = *spec->grid;
    t->T = spec->tile;
    t->ntc = (t->grid.ncols + t->T - 1) / t->T;
    t->ntr = (t->grid.nrows + t->T - 1) / t->T;
    t->type = spec->type;
    t->nodata = spec->type == DTMAP_TILED_FLOAT32 ? (double)(float)spec->nodata : spec->nodata;
    t->pam = spec->names != NULL;
    t->cog = spec->cog != 0;
    t->kind = spec->cog_kind;
    t->last = -1;
    t->scratch = malloc((size_t)t->T * (size_t)t->T * dtmapi_tiled_cell_size(t->type));
    t->present = calloc((size_t)t->ntc * (size_t)t->ntr, 1);
    if (t->scratch == NULL || t->present == NULL) {
        free(t->scratch);
        free(t->present);
        free(t);
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: tiled writer", path);
    }
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", t->pam ? "YES" : "NO");
    st = files_begin(t, path, overwrite, err);
    if (st == DTMAP_OK) st = dataset_create(t, spec, err);
    if (st != DTMAP_OK) {
        ds_close(t, NULL);
        st = dtmap_outfile_fail(&t->of, st, err); /* names path, never the temporary */
    }
    dtmapi_gdalutil_leave(&sc);
    if (st != DTMAP_OK) {
        dtmap_tiled_abort(t);
        return st;
    }
    *out = t;
    return DTMAP_OK;
}

/* Copies tile into t->scratch, cells beyond the grid's edge set to nodata; returns 1 when a
 * cell inside the grid does not equal nodata (the tile must be written), else 0. */
static int tile_prepare(dtmap_tiled *t, int tc, int tr, const void *tile) {
    int T = t->T, w = t->grid.ncols - tc * T, h = t->grid.nrows - tr * T, any = 0;
    if (w > T) w = T;
    if (h > T) h = T;
    if (t->type == DTMAP_TILED_BYTE) {
        const uint8_t *src = tile;
        uint8_t *dst = t->scratch, nd = (uint8_t)t->nodata;
        for (int r = 0; r < T; r++)
            for (int c = 0; c < T; c++) {
                size_t i = (size_t)r * (size_t)T + (size_t)c;
                dst[i] = (r < h && c < w) ? src[i] : nd;
                any |= dst[i] != nd;
            }
        return any;
    }
    const float *src = tile;
    float *dst = t->scratch, nd = (float)t->nodata;
    int nd_nan = isnan(nd);
    for (int r = 0; r < T; r++)
        for (int c = 0; c < T; c++) {
            size_t i = (size_t)r * (size_t)T + (size_t)c;
            float v = (r < h && c < w) ? src[i] : nd;
            dst[i] = v;
            any |= nd_nan ? !isnan(v) : !(v == nd);
        }
    return any;
}

/* See tiled.h. */
dtmap_status dtmap_tiled_put(dtmap_tiled *t, int tc, int tr, const void *tile, dtmap_error *err) {
    if (t == NULL || tile == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "tiled raster: put without writer or tile");
    if (t->failed != DTMAP_OK) return dtmap_error_set(err, t->failed, "%s", t->failure.detail);
    const char *path = t->of.path;
    long idx = (long)tr * t->ntc + tc;
    if (tc < 0 || tr < 0 || tc >= t->ntc || tr >= t->ntr)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: tile (%d, %d) outside the %d x %d tiles",
                               path, tc, tr, t->ntc, t->ntr);
    if (idx <= t->last)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "%s: tile (%d, %d) after tile (%ld, %ld): tiles go in row-major "
                               "order",
                               path, tc, tr, t->last % t->ntc, t->last / t->ntc);
    t->last = idx;
    if (!tile_prepare(t, tc, tr, tile)) return DTMAP_OK; /* all nodata: stays sparse */
    gdalutil_scope sc;
    dtmap_status st = DTMAP_OK;
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", t->pam ? "YES" : "NO");
    if (GDALWriteBlock(t->band, tc, tr, t->scratch) != CE_None || dtmapi_gdalutil_failed())
        st = dtmapi_gdalutil_fail(&t->failure, path, "writing a tile");
    dtmapi_gdalutil_leave(&sc);
    if (st != DTMAP_OK) {
        t->failed = st;
        return dtmap_error_set(err, st, "%s", t->failure.detail);
    }
    t->present[idx] = 1;
    return DTMAP_OK;
}

/* See tiled.h. */
dtmap_status dtmap_tiled_set_metadata(dtmap_tiled *t, const char *const *metadata,
                                      dtmap_error *err) {
    if (t == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "tiled raster: no writer");
    gdalutil_scope sc;
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", t->pam ? "YES" : "NO");
    dtmap_status st = metadata_set(t, metadata, err);
    dtmapi_gdalutil_leave(&sc);
    return st;
}

/* Closes t->ds (if open), DTMAP_ERR_GDAL when GDAL reported a failure while closing. */
static dtmap_status ds_close(dtmap_tiled *t, dtmap_error *err) {
    if (t->ds == NULL) return DTMAP_OK;
    CPLErrorReset();
    GDALClose(t->ds); /* returns nothing on GDAL 3.6: the error state tells */
    t->ds = NULL;
    t->band = NULL;
    return dtmapi_gdalutil_failed() ? dtmapi_gdalutil_fail(err, t->of.path, "closing") : DTMAP_OK;
}

/* Moves the side file GDAL wrote beside the temporary TIFF to its own temporary name, commits
 * the TIFF, then the side file; removes the TIFF if that last step fails (paletted.c's order). */
static dtmap_status paletted_commit(dtmap_tiled *t, dtmap_error *err) {
    if (access(t->pam_tmp, F_OK) != 0)
        return dtmap_error_set(err, DTMAP_ERR_GDAL,
                               "%s: GDAL wrote no side file for the category names (%s)",
                               t->of.path, t->aux.path);
    if (rename(t->pam_tmp, t->aux.tmp) != 0)
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: cannot write: %s", t->aux.path,
                               strerror(errno));
    char *path = suffixed(t->of.path, "");
    if (path == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", t->of.path);
    dtmap_status st = dtmap_outfile_commit(&t->of, err);
    if (st == DTMAP_OK && (st = dtmap_outfile_commit(&t->aux, err)) != DTMAP_OK)
        unlink(path); /* names lost: no half output */
    free(path);
    return st;
}

/* See tiled.h. */
dtmap_status dtmap_tiled_commit(dtmap_tiled *t, dtmap_error *err) {
    if (t == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "tiled raster: no writer");
    if (t->failed != DTMAP_OK) {
        dtmap_status st = dtmap_error_set(err, t->failed, "%s", t->failure.detail);
        dtmap_tiled_abort(t);
        return st;
    }
    gdalutil_scope sc;
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", t->pam ? "YES" : "NO");
    dtmap_status st = ds_close(t, err);
    if (st == DTMAP_OK && t->cog) st = dtmapi_tiled_overviews(t, err);
    if (st == DTMAP_OK && t->cog) st = dtmapi_tiled_cog_copy(t, err);
    if (st == DTMAP_OK && t->pam)
        st = paletted_commit(t, err);
    else if (st == DTMAP_OK)
        st = dtmap_outfile_commit(&t->of, err); /* frees of, removes the temporary on failure */
    if (st != DTMAP_OK) st = dtmap_outfile_fail(&t->of, st, err); /* names path */
    dtmapi_gdalutil_leave(&sc);
    dtmap_tiled_abort(t);
    return st;
}

/* See tiled.h. */
void dtmap_tiled_abort(dtmap_tiled *t) {
    if (t == NULL) return;
    gdalutil_scope sc;
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", t->pam ? "YES" : "NO");
    ds_close(t, NULL);
    dtmapi_gdalutil_leave(&sc);
    if (t->pam_tmp != NULL) unlink(t->pam_tmp);
    if (t->stage != NULL) unlink(t->stage);
    if (t->stage_aux != NULL) unlink(t->stage_aux);
    dtmap_outfile_abort(&t->aux);
    dtmap_outfile_abort(&t->of);
    free(t->pam_tmp);
    free(t->stage);
    free(t->stage_aux);
    free(t->scratch);
    free(t->present);
    free(t);
}
