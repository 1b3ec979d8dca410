/* tiled_cog.c: the COG side of the tiled writer: overviews computed tile by tile (depth first,
 * one T x T buffer per level) with cog.c's rules, then GDAL's COG driver lays the file out. */
#include "output/tiled_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "core/gdalutil.h"

#define MAX_LEVELS 31                  /* 2^31 > INT_MAX: no int-sized raster needs more */
#define COPY_CACHE (GIntBig)(32 << 20) /* GDAL block cache while a COG is finished, at least */

/* ceil(n / 2) without overflow. */
static int half(int n) {
    return n / 2 + n % 2;
}

/* See tiled_int.h. */
int dtmapi_tiled_levels(int ncols, int nrows, int T) {
    int n = 0;
    while (ncols > T || nrows > T) {
        ncols = half(ncols);
        nrows = half(nrows);
        n++;
    }
    return n;
}

/* See tiled_int.h. */
const char *dtmapi_tiled_overview_rule(dtmap_cog_kind kind) {
    return kind == DTMAP_COG_POWER ? "power_mean_mw" : kind == DTMAP_COG_RATIO ? "mean" : "mode";
}

/* One level: its size and tiles, its overview band (NULL for level 0) and the buffers of the
 * one tile being made there: sums and counts of valid full-resolution cells (means), values. */
typedef struct level {
    int w, h, ntc, ntr;
    GDALRasterBandH band;
    double *sum;
    uint32_t *n;
    float *val; /* level 0: the tile read back; above: the tile's values */
} level;

/* The overview job of one raster. */
typedef struct ovr {
    dtmap_tiled *t;
    int nlev, T, mode, power;
    float nodata;
    level lv[MAX_LEVELS + 1];
    void *io; /* T * T cells of the raster's type, for Byte reads and writes */
    dtmap_error *err;
} ovr;

/* 1 if v is data: not NaN and not nodata (cog.c's rule). */
static int valid(float v, float nodata) {
    return !isnan(v) && v != nodata;
}

/* Reads tile (tc, tr) of the full-resolution band into lv[0].val; 0 or DTMAP_ERR_GDAL. */
static dtmap_status read_tile(ovr *o, int tc, int tr) {
    size_t cells = (size_t)o->T * (size_t)o->T;
    void *dst = o->t->type == DTMAP_TILED_BYTE ? o->io : (void *)o->lv[0].val;
    CPLErrorReset();
    if (GDALReadBlock(o->t->band, tc, tr, dst) != CE_None)
        return dtmapi_gdalutil_fail(o->err, o->t->of.path, "reading a tile back");
    if (o->t->type == DTMAP_TILED_BYTE)
        for (size_t i = 0; i < cells; i++)
            o->lv[0].val[i] = (float)((const uint8_t *)o->io)[i];
    return DTMAP_OK;
}

/* Adds child tile (ctc, ctr) of level k - 1 into quadrant (dx, dy) of level k's tile. */
static void reduce(ovr *o, int k, int ctc, int ctr, int dx, int dy) {
    const level *c = &o->lv[k - 1];
    level *p = &o->lv[k];
    int T = o->T, cw = c->w - ctc * T, ch = c->h - ctr * T;
    if (cw > T) cw = T;
    if (ch > T) ch = T;
    size_t base = (size_t)(dy * T / 2) * (size_t)T + (size_t)(dx * T / 2);
    if (o->mode) { /* cog.c mode_reduce: most common valid value, ties to the smallest */
        for (int r = 0; 2 * r < ch; r++)
            for (int q = 0; 2 * q < cw; q++) {
                float v[4], best = o->nodata;
                int nv = 0, best_n = 0;
                for (int y = 2 * r; y < 2 * r + 2 && y < ch; y++)
                    for (int x = 2 * q; x < 2 * q + 2 && x < cw; x++) {
                        float a = c->val[(size_t)y * (size_t)T + (size_t)x];
                        if (valid(a, o->nodata)) v[nv++] = a;
                    }
                for (int i = 0; i < nv; i++) {
                    int m = 0;
                    for (int j = 0; j < nv; j++)
                        m += v[j] == v[i];
                    if (m > best_n || (m == best_n && v[i] < best)) best = v[i], best_n = m;
                }
                p->val[base + (size_t)r * (size_t)T + (size_t)q] = best;
            }
        return;
    }
    for (int r = 0; r < ch; r++) /* row-major, as cog.c adds: the same sums, bit for bit */
        for (int q = 0; q < cw; q++) {
            size_t i = (size_t)r * (size_t)T + (size_t)q;
            size_t j = base + (size_t)(r / 2) * (size_t)T + (size_t)(q / 2);
            if (k == 1) {
                float v = c->val[i];
                if (!valid(v, o->nodata)) continue;
                p->sum[j] += o->power ? pow(10.0, (double)v / 10.0) : (double)v;
                p->n[j]++;
            } else {
                p->sum[j] += c->sum[i];
                p->n[j] += c->n[i];
            }
        }
}

/* Writes level k's tile (tc, tr) (its values, cut at the level's edge) to its overview. */
static dtmap_status write_tile(ovr *o, int k, int tc, int tr) {
    level *l = &o->lv[k];
    int T = o->T, x0 = tc * T, y0 = tr * T;
    int w = l->w - x0 < T ? l->w - x0 : T, h = l->h - y0 < T ? l->h - y0 : T;
    size_t cells = (size_t)T * (size_t)T;
    void *src = l->val;
    GDALDataType dt = GDT_Float32;
    if (o->t->type == DTMAP_TILED_BYTE) {
        for (size_t i = 0; i < cells; i++)
            ((uint8_t *)o->io)[i] = (uint8_t)l->val[i];
        src = o->io;
        dt = GDT_Byte;
    }
    int cell = (int)dtmapi_tiled_cell_size(o->t->type);
    CPLErrorReset();
    if (GDALRasterIO(l->band, GF_Write, x0, y0, w, h, src, w, h, dt, cell, (GSpacing)T * cell) !=
        CE_None)
        return dtmapi_gdalutil_fail(o->err, o->t->of.path, "writing an overview tile");
    return DTMAP_OK;
}

/* Makes tile (tc, tr) of level k from the four tiles beneath it, depth first, and writes it
 * when it holds data. *any is 1 when it does. */
static dtmap_status make_tile(ovr *o, int k, int tc, int tr, int *any) {
    *any = 0;
    if (k == 0) {
        if (tc >= o->lv[0].ntc || tr >= o->lv[0].ntr ||
            !o->t->present[(size_t)tr * (size_t)o->lv[0].ntc + (size_t)tc])
            return DTMAP_OK;
        *any = 1;
        return read_tile(o, tc, tr);
    }
    level *l = &o->lv[k];
    size_t cells = (size_t)o->T * (size_t)o->T;
    for (int dy = 0; dy < 2; dy++)
        for (int dx = 0; dx < 2; dx++) {
            int child = 0, ctc = 2 * tc + dx, ctr = 2 * tr + dy;
            if (ctc >= o->lv[k - 1].ntc || ctr >= o->lv[k - 1].ntr) continue;
            dtmap_status st = make_tile(o, k - 1, ctc, ctr, &child);
            if (st != DTMAP_OK) return st;
            if (!child) continue;
            if (!*any) { /* first child with data: start this tile afresh */
                for (size_t i = 0; i < cells; i++)
                    l->val[i] = o->nodata;
                if (!o->mode) {
                    memset(l->sum, 0, cells * sizeof *l->sum);
                    memset(l->n, 0, cells * sizeof *l->n);
                }
            }
            *any = 1;
            reduce(o, k, ctc, ctr, dx, dy);
        }
    if (!*any) return DTMAP_OK; /* stays sparse */
    if (!o->mode)
        for (size_t i = 0; i < cells; i++) {
            double mean = l->n[i] ? l->sum[i] / (double)l->n[i] : 0.0;
            l->val[i] = l->n[i] == 0 ? o->nodata : (float)(o->power ? 10.0 * log10(mean) : mean);
        }
    return write_tile(o, k, tc, tr);
}

/* Allocates the buffers of every level; 0 when out of memory (free_levels still applies). */
static int alloc_levels(ovr *o) {
    size_t cells = (size_t)o->T * (size_t)o->T;
    if ((o->io = malloc(cells)) == NULL) return 0;
    for (int k = 0; k <= o->nlev; k++) {
        level *l = &o->lv[k];
        if ((l->val = malloc(cells * sizeof *l->val)) == NULL) return 0;
        if (k > 0 && !o->mode &&
            ((l->sum = malloc(cells * sizeof *l->sum)) == NULL ||
             (l->n = malloc(cells * sizeof *l->n)) == NULL))
            return 0;
    }
    return 1;
}

/* Frees what alloc_levels allocated. */
static void free_levels(ovr *o) {
    free(o->io);
    for (int k = 0; k <= o->nlev; k++) {
        free(o->lv[k].val);
        free(o->lv[k].sum);
        free(o->lv[k].n);
    }
}

/* Allocates the overviews on the open stage and sets up the levels' sizes and bands. */
static dtmap_status levels_setup(ovr *o, GDALDatasetH ds) {
    int factors[MAX_LEVELS];
    for (int k = 0; k < o->nlev; k++)
        factors[k] = 1 << (k + 1);
    CPLErrorReset();
    /* "NONE" only allocates the levels (ceil(size / factor) each); dtmap fills them. */
    if (GDALBuildOverviews(ds, "NONE", o->nlev, factors, 0, NULL, NULL, NULL) != CE_None ||
        GDALGetOverviewCount(o->t->band) != o->nlev)
        return dtmapi_gdalutil_fail(o->err, o->t->of.path, "allocating overviews");
    for (int k = 0; k <= o->nlev; k++) {
        level *l = &o->lv[k];
        l->w = k == 0 ? o->t->grid.ncols : half(o->lv[k - 1].w);
        l->h = k == 0 ? o->t->grid.nrows : half(o->lv[k - 1].h);
        l->ntc = (l->w + o->T - 1) / o->T;
        l->ntr = (l->h + o->T - 1) / o->T;
        if (k == 0) continue;
        l->band = GDALGetOverview(o->t->band, k - 1);
        if (l->band == NULL || GDALGetRasterBandXSize(l->band) != l->w ||
            GDALGetRasterBandYSize(l->band) != l->h)
            return dtmap_error_set(o->err, DTMAP_ERR_GDAL, "%s: overview %d is not %d x %d",
                                   o->t->of.path, k, l->w, l->h);
    }
    return DTMAP_OK;
}

/* COPY_CACHE, or 16 tiles of t if that is more. */
static GIntBig cache_size(const dtmap_tiled *t) {
    GIntBig tiles = (GIntBig)16 * t->T * t->T * (GIntBig)dtmapi_tiled_cell_size(t->type);
    return tiles > COPY_CACHE ? tiles : COPY_CACHE;
}

/* Holds GDAL's block cache (by default 5 % of the machine's memory) at COPY_CACHE while the
 * overviews are written and copied (or 16 tiles if that is more): they need a few blocks at
 * a time, and would otherwise fill it. A process-wide setting: other open datasets only lose cached
 * blocks. Returns the size to give back to cache_release. */
static GIntBig cache_hold(const dtmap_tiled *t) {
    GIntBig cache = GDALGetCacheMax64(), hold = cache_size(t);
    if (cache > hold) GDALSetCacheMax64(hold);
    return cache;
}

/* Gives the block cache back its size from cache_hold. */
static void cache_release(const dtmap_tiled *t, GIntBig cache) {
    if (cache > cache_size(t)) GDALSetCacheMax64(cache);
}

/* See tiled_int.h. The stage is closed by the caller first; it is opened again for update here
 * (so every tile is on disk to be read back) and closed before returning. */
dtmap_status dtmapi_tiled_overviews(dtmap_tiled *t, dtmap_error *err) {
    ovr o = {.t = t,
             .T = t->T,
             .nlev = dtmapi_tiled_levels(t->grid.ncols, t->grid.nrows, t->T),
             .mode = t->kind == DTMAP_COG_CATEGORY,
             .power = t->kind == DTMAP_COG_POWER,
             .nodata = (float)t->nodata,
             .err = err};
    if (o.nlev == 0) return DTMAP_OK;
    dtmap_status st = DTMAP_OK;
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(t->stage, GDAL_OF_RASTER | GDAL_OF_UPDATE, NULL, NULL, NULL);
    if (ds == NULL) return dtmapi_gdalutil_fail(err, t->of.path, "reopening the COG's stage");
    GIntBig cache = cache_hold(t);
    t->band = GDALGetRasterBand(ds, 1);
    if (!alloc_levels(&o)) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: overview tile buffers", t->of.path);
        goto done;
    }
    if ((st = levels_setup(&o, ds)) != DTMAP_OK) goto done;
    int any = 0; /* the top level is one tile */
    st = make_tile(&o, o.nlev, 0, 0, &any);
done:
    CPLErrorReset();
    GDALClose(ds);
    if (st == DTMAP_OK && dtmapi_gdalutil_failed())
        st = dtmapi_gdalutil_fail(err, t->of.path, "closing the COG's stage");
    cache_release(t, cache);
    t->band = NULL;
    free_levels(&o);
    return st;
}

/* See tiled_int.h. Options as cog.c's, plus SPARSE_OK (GDAL >= 3.2). */
dtmap_status dtmapi_tiled_cog_copy(dtmap_tiled *t, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    char **opts = NULL;
    const char *path = t->of.path;
    GDALDriverH drv = dtmapi_gdalutil_driver("COG");
    if (drv == NULL) return dtmapi_gdalutil_fail(err, path, "COG driver not available");
    CPLErrorReset();
    GDALDatasetH src = GDALOpenEx(t->stage, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (src == NULL) return dtmapi_gdalutil_fail(err, path, "reopening the COG's stage");
    const char *pred = t->type == DTMAP_TILED_FLOAT32 ? "YES" : "NO"; /* 3 for Float32 */
    opts = CSLSetNameValue(opts, "BLOCKSIZE", CPLSPrintf("%d", t->T));
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "PREDICTOR", pred);
    opts = CSLSetNameValue(opts, "OVERVIEW_COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "OVERVIEW_PREDICTOR", pred);
    opts = CSLSetNameValue(opts, "OVERVIEWS", "FORCE_USE_EXISTING"); /* dtmap's, never GDAL's */
    opts = CSLSetNameValue(opts, "SPARSE_OK", "TRUE");
    opts = CSLSetNameValue(opts, "NUM_THREADS", "ALL_CPUS"); /* tiles still written in order */
    /* The COG driver reads every block of the stage, empty ones as nodata (it only skips
     * writing them), through GDAL's block cache, which it would fill. */
    GIntBig cache = cache_hold(t);
    GDALDatasetH out = GDALCreateCopy(drv, t->of.tmp, src, FALSE, opts, NULL, NULL);
    cache_release(t, cache);
    if (out == NULL) {
        st = dtmapi_gdalutil_fail(err, path, "writing the COG");
        goto done;
    }
    CPLErrorReset();
    GDALClose(out);
    if (dtmapi_gdalutil_failed()) st = dtmapi_gdalutil_fail(err, path, "closing the COG");
done:
    CPLErrorReset();
    GDALClose(src);
    if (st == DTMAP_OK && dtmapi_gdalutil_failed())
        st = dtmapi_gdalutil_fail(err, path, "closing the COG's stage");
    CSLDestroy(opts);
    return st;
}
