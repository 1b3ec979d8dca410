/* cog.c: Cloud-Optimised GeoTIFFs whose overviews dtmap computes itself (powers in mW, ratios in
 * dB, categories by mode), handed to GDAL's COG driver as existing overviews. */
#include "dtmap/cog.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>

#include "dtmap/fileio.h"
#include "core/gdalutil.h"

#define MAX_LEVELS 31 /* 2^31 > INT_MAX: no int-sized band needs more */

/* ceil(n / 2) without overflow. */
static int half(int n) {
    return n / 2 + n % 2;
}

/* See cog.h. */
int dtmap_cog_levels(int ncols, int nrows, int tile_px) {
    if (tile_px == 0) tile_px = 512;
    if (ncols <= 0 || nrows <= 0 || (tile_px != 256 && tile_px != 512)) return -1;
    int n = 0;
    while (ncols > tile_px || nrows > tile_px) {
        ncols = half(ncols);
        nrows = half(nrows);
        n++;
    }
    return n;
}

/* 1 if v is data: not NaN and not the nodata value (a NaN nodata matches only NaN). */
static int valid(float v, float nodata) {
    return !isnan(v) && v != nodata;
}

/* One overview level of a mean: per cell, the sum (mW for powers, the value otherwise) and
 * the number of valid full-resolution cells in its footprint. Sums of sums give the mean over
 * the whole footprint, each full-resolution cell weighing the same. */
typedef struct sums {
    double *sum;
    uint32_t *n;
    int w, h;
} sums;

/* Allocates zeroed sums for a w x h level; 0 when out of memory (sums_free still applies). */
static int sums_alloc(sums *s, int w, int h) {
    size_t cells = (size_t)w * (size_t)h;
    s->w = w;
    s->h = h;
    s->sum = calloc(cells, sizeof *s->sum);
    s->n = calloc(cells, sizeof *s->n);
    return s->sum != NULL && s->n != NULL;
}

/* Frees the arrays of s (accepts a zeroed or half-allocated struct). */
static void sums_free(sums *s) {
    free(s->sum);
    free(s->n);
    s->sum = NULL;
    s->n = NULL;
}

/* First level from the band's cells (w x h): each cell of out gathers the valid cells of its
 * 2 x 2 block (fewer on the last column or row of an odd-sized band). */
static void sums_from_band(const float *data, int w, int h, float nodata, int power, sums *out) {
    for (int r = 0; r < h; r++) {
        const float *row = data + (size_t)r * (size_t)w;
        size_t o = (size_t)(r / 2) * (size_t)out->w;
        for (int c = 0; c < w; c++) {
            float v = row[c];
            if (!valid(v, nodata)) continue;
            out->sum[o + (size_t)(c / 2)] += power ? pow(10.0, (double)v / 10.0) : (double)v;
            out->n[o + (size_t)(c / 2)]++;
        }
    }
}

/* Next level from the sums of the level below. */
static void sums_from_sums(const sums *below, sums *out) {
    for (int r = 0; r < below->h; r++) {
        size_t i = (size_t)r * (size_t)below->w;
        size_t o = (size_t)(r / 2) * (size_t)out->w;
        for (int c = 0; c < below->w; c++) {
            out->sum[o + (size_t)(c / 2)] += below->sum[i + (size_t)c];
            out->n[o + (size_t)(c / 2)] += below->n[i + (size_t)c];
        }
    }
}

/* The level's values: the mean (back in dBm for powers), or nodata for an empty footprint. */
static void sums_values(const sums *s, int power, float nodata, float *out) {
    size_t cells = (size_t)s->w * (size_t)s->h;
    for (size_t i = 0; i < cells; i++) {
        if (s->n[i] == 0) {
            out[i] = nodata;
            continue;
        }
        double mean = s->sum[i] / (double)s->n[i];
        out[i] = (float)(power ? 10.0 * log10(mean) : mean);
    }
}

/* Most common valid value of each 2 x 2 block of src (w x h) into dst (half(w) x half(h));
 * a tie goes to the smallest value, a block without a valid cell is nodata. */
static void mode_reduce(const float *src, int w, int h, float nodata, float *dst) {
    int ow = half(w), oh = half(h);
    for (int r = 0; r < oh; r++) {
        for (int c = 0; c < ow; c++) {
            float v[4];
            int nv = 0;
            for (int dy = 0; dy < 2 && 2 * r + dy < h; dy++)
                for (int dx = 0; dx < 2 && 2 * c + dx < w; dx++) {
                    float x = src[(size_t)(2 * r + dy) * (size_t)w + (size_t)(2 * c + dx)];
                    if (valid(x, nodata)) v[nv++] = x;
                }
            float best = nodata;
            int best_n = 0;
            for (int i = 0; i < nv; i++) {
                int k = 0;
                for (int j = 0; j < nv; j++)
                    k += v[j] == v[i];
                if (k > best_n || (k == best_n && v[i] < best)) {
                    best = v[i];
                    best_n = k;
                }
            }
            dst[(size_t)r * (size_t)ow + (size_t)c] = best;
        }
    }
}

/* Computes every overview level of spec into the overviews already allocated on band. */
static dtmap_status levels_fill(GDALRasterBandH band, int nlev, const char *path,
                                const dtmap_cog_spec *spec, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    const int power = spec->kind == DTMAP_COG_POWER;
    sums below = {0}, here = {0};
    float *prev = NULL, *cur = NULL;
    int w = spec->grid->ncols, h = spec->grid->nrows;
    for (int k = 0; k < nlev; k++) {
        int ow = half(w), oh = half(h);
        GDALRasterBandH ovr = GDALGetOverview(band, k);
        if (ovr == NULL || GDALGetRasterBandXSize(ovr) != ow || GDALGetRasterBandYSize(ovr) != oh) {
            st = dtmap_error_set(err, DTMAP_ERR_GDAL, "%s: overview %d is not %d x %d", path, k + 1,
                                 ow, oh);
            goto done;
        }
        cur = malloc((size_t)ow * (size_t)oh * sizeof *cur);
        if (cur == NULL) goto nomem;
        if (spec->kind == DTMAP_COG_CATEGORY) {
            mode_reduce(k == 0 ? spec->data : prev, w, h, spec->nodata, cur);
        } else {
            if (!sums_alloc(&here, ow, oh)) goto nomem;
            if (k == 0)
                sums_from_band(spec->data, w, h, spec->nodata, power, &here);
            else
                sums_from_sums(&below, &here);
            sums_values(&here, power, spec->nodata, cur);
            sums_free(&below);
            below = here;
            here = (sums){0};
        }
        CPLErrorReset();
        if (GDALRasterIO(ovr, GF_Write, 0, 0, ow, oh, cur, ow, oh, GDT_Float32, 0, 0) != CE_None) {
            st = dtmapi_gdalutil_fail(err, path, "writing an overview");
            goto done;
        }
        free(prev);
        prev = cur;
        cur = NULL;
        w = ow;
        h = oh;
    }
    goto done;
nomem:
    st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: overview level buffers", path);
done:
    free(cur);
    free(prev);
    sums_free(&here);
    sums_free(&below);
    return st;
}

/* The DTMAP_OVERVIEWS metadata value naming how the overviews were made (static string). */
static const char *overview_rule(dtmap_cog_kind kind) {
    return kind == DTMAP_COG_POWER ? "power_mean_mw" : kind == DTMAP_COG_RATIO ? "mean" : "mode";
}

/* Builds an in-memory dataset over spec->data (not copied) with georeferencing, metadata, band
 * properties and nlev overview levels filled by dtmap. *ds is the caller's to close. */
static dtmap_status source_build(const char *path, const dtmap_cog_spec *spec, int nlev,
                                 GDALDatasetH *ds, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    char **md = NULL, **band_opts = NULL;
    char ptr[64];
    int factors[MAX_LEVELS];
    GDALDriverH mem = dtmapi_gdalutil_driver("MEM");
    if (mem == NULL) return dtmapi_gdalutil_fail(err, path, "MEM driver not available");

    CPLErrorReset();
    *ds = GDALCreate(mem, "", spec->grid->ncols, spec->grid->nrows, 0, GDT_Float32, NULL);
    if (*ds == NULL) return dtmapi_gdalutil_fail(err, path, "creating the in-memory source");
    /* The MEM driver reads the band in place; dtmap never writes to it. */
    snprintf(ptr, sizeof ptr, "%p", (const void *)spec->data);
    band_opts = CSLSetNameValue(band_opts, "DATAPOINTER", ptr);
    if (GDALAddBand(*ds, GDT_Float32, band_opts) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "wrapping the band");
        goto done;
    }
    if (spec->crs_wkt != NULL && GDALSetProjection(*ds, spec->crs_wkt) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting the CRS");
        goto done;
    }
    double gt[6];
    dtmap_grid_geotransform(spec->grid, gt);
    if (GDALSetGeoTransform(*ds, gt) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting the geotransform");
        goto done;
    }
    md = CSLDuplicate((CSLConstList)spec->metadata);
    md = CSLSetNameValue(md, "DTMAP_OVERVIEWS", overview_rule(spec->kind));
    if (GDALSetMetadata(*ds, md, NULL) != CE_None) {
        st = dtmapi_gdalutil_fail(err, path, "setting metadata");
        goto done;
    }
    GDALRasterBandH band = GDALGetRasterBand(*ds, 1);
    /* Nodata first, so the overviews allocated below carry it too. */
    if (GDALSetRasterNoDataValue(band, (double)spec->nodata) != CE_None ||
        (spec->unit != NULL && GDALSetRasterUnitType(band, spec->unit) != CE_None)) {
        st = dtmapi_gdalutil_fail(err, path, "setting nodata or unit");
        goto done;
    }
    if (spec->description != NULL) GDALSetDescription(band, spec->description);
    if (nlev == 0) goto done;
    for (int k = 0; k < nlev; k++)
        factors[k] = 1 << (k + 1);
    /* "NONE" only allocates the levels (ceil(size / factor) each); dtmap fills them. */
    if (GDALBuildOverviews(*ds, "NONE", nlev, factors, 0, NULL, NULL, NULL) != CE_None ||
        GDALGetOverviewCount(band) != nlev) {
        st = dtmapi_gdalutil_fail(err, path, "allocating overviews");
        goto done;
    }
    st = levels_fill(band, nlev, path, spec, err);
done:
    if (st == DTMAP_OK && dtmapi_gdalutil_failed())
        st = dtmapi_gdalutil_fail(err, path, "preparing the band");
    CSLDestroy(band_opts);
    CSLDestroy(md);
    return st;
}

/* Copies src into a COG at tmp, with src's overviews as they are. */
static dtmap_status cog_copy(GDALDatasetH src, const char *tmp, const char *path, int tile_px,
                             dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    char **opts = NULL;
    GDALDriverH drv = dtmapi_gdalutil_driver("COG");
    if (drv == NULL)
        return dtmapi_gdalutil_fail(err, path, "COG driver not available (GDAL >= 3.1)");
    opts = CSLSetNameValue(opts, "BLOCKSIZE", CPLSPrintf("%d", tile_px));
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "PREDICTOR", "YES"); /* 3 (floating point) for Float32 */
    opts = CSLSetNameValue(opts, "OVERVIEW_COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "OVERVIEW_PREDICTOR", "YES");
    /* dtmap's overviews, never GDAL's resampling; the level sizes are dtmap's too. */
    opts = CSLSetNameValue(opts, "OVERVIEWS", "FORCE_USE_EXISTING");
    /* Tiles are compressed in parallel but written in order: same bytes whatever the CPUs. */
    opts = CSLSetNameValue(opts, "NUM_THREADS", "ALL_CPUS");

    CPLErrorReset();
    GDALDatasetH out = GDALCreateCopy(drv, tmp, src, FALSE, opts, NULL, NULL);
    if (out == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "writing the COG");
        goto done;
    }
    CPLErrorReset();
    GDALClose(out); /* returns nothing on GDAL 3.6: the error state tells */
    if (dtmapi_gdalutil_failed()) st = dtmapi_gdalutil_fail(err, path, "closing the COG");
done:
    CSLDestroy(opts);
    return st;
}

/* Checks the spec before anything touches the disk; the error names what is wrong. */
static dtmap_status spec_check(const char *path, const dtmap_cog_spec *spec, dtmap_error *err) {
    if (path == NULL || spec == NULL || spec->grid == NULL || spec->data == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "cog: missing path, spec, grid or data");
    if (spec->grid->ncols <= 0 || spec->grid->nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: empty grid (%d x %d)", path,
                               spec->grid->ncols, spec->grid->nrows);
    if (dtmap_cog_levels(spec->grid->ncols, spec->grid->nrows, spec->tile_px) < 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: tile size %d is not 256 or 512", path,
                               spec->tile_px);
    if (spec->kind != DTMAP_COG_POWER && spec->kind != DTMAP_COG_RATIO &&
        spec->kind != DTMAP_COG_CATEGORY)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: unknown overview kind %d", path,
                               (int)spec->kind);
    return DTMAP_OK;
}

/* See cog.h. GDAL messages go to err, never to stderr; PAM side files are off. */
dtmap_status dtmap_cog_write(const char *path, const dtmap_cog_spec *spec, int overwrite,
                             dtmap_error *err) {
    dtmap_outfile of = {0};
    GDALDatasetH src = NULL;
    gdalutil_scope sc;
    dtmap_status st = spec_check(path, spec, err);
    if (st != DTMAP_OK) return st;
    int tile = spec->tile_px != 0 ? spec->tile_px : 512;
    int nlev = dtmap_cog_levels(spec->grid->ncols, spec->grid->nrows, tile);

    st = dtmap_outfile_begin(path, overwrite, &of, err);
    if (st != DTMAP_OK) return st;
    dtmapi_gdalutil_enter(&sc, "GDAL_PAM_ENABLED", "NO");

    st = source_build(path, spec, nlev, &src, err);
    if (st == DTMAP_OK) st = cog_copy(src, of.tmp, path, tile, err);
    if (src != NULL) {
        CPLErrorReset();
        GDALClose(src);
        if (st == DTMAP_OK && dtmapi_gdalutil_failed())
            st = dtmapi_gdalutil_fail(err, path, "closing");
    }
    if (st == DTMAP_OK)
        st = dtmap_outfile_commit(&of, err); /* frees of, removes the temporary on failure */
    else
        st = dtmap_outfile_fail(&of, st, err); /* GDAL's message names the final path */
    dtmapi_gdalutil_leave(&sc);
    return st;
}
