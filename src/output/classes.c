/* classes.c: the Byte class raster: per cell the profile class of a value raster (1 = best,
 * 0 = no data), with a colour table, category names, band description and metadata. */
#include "dtmap/style.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_port.h>
#include <cpl_string.h>
#include <gdal.h>

#include "core/gdalutil.h"
#include "output/paletted.h"

#define TILE PALETTED_TILE /* strip height, pixels: one row of tiles */

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

/* Category names: "no data", then the class names ("class <i>" for an unnamed class); CSL list
 * owned by the caller (CSLDestroy). */
static char **class_names(const dtmap_class_raster_spec *s) {
    char **names = CSLAddString(NULL, "no data");
    for (int i = 0; i < s->nclasses; i++)
        names = CSLAddString(names, s->classes[i].name[0] ? s->classes[i].name
                                                          : CPLSPrintf("class %d", i + 1));
    return names;
}

/* paletted_fill_fn: classifies the value band (user: the dtmap_class_raster_spec) strip by
 * strip into the open band. */
static dtmap_status band_fill(GDALRasterBandH band, const char *path, void *user,
                              dtmap_error *err) {
    const dtmap_class_raster_spec *s = user;
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
            st = dtmapi_gdalutil_fail(err, path, "writing the class band");
            goto done;
        }
    }
done:
    free(cls);
    free(strip);
    return st;
}

/* See paletted.h. */
void dtmapi_class_raster_facts(const dtmap_class_raster_spec *s, paletted_facts *f) {
    for (int i = 0; i < s->nclasses; i++)
        f->colours[i] = s->classes[i].colour;
    f->ncolours = s->nclasses;
    snprintf(f->description, sizeof f->description, "%s%s%s%sclass%s%s%s",
             s->technology ? s->technology : "", s->technology ? " " : "",
             s->metric ? s->metric : "", s->metric ? " " : "", s->profile ? " (profile " : "",
             s->profile ? s->profile : "", s->profile ? ")" : "");
    f->metadata = class_metadata(s);
    f->names = class_names(s);
}

/* See style.h. The file machinery (PAM side file, temporary names, commit order) is
 * dtmapi_paletted_write's (output/paletted.h). */
dtmap_status dtmap_class_raster_write(const char *path, const dtmap_class_raster_spec *spec,
                                      int overwrite, dtmap_error *err) {
    paletted_facts f = {0};
    dtmap_status st = spec_check(path, spec, err);
    if (st != DTMAP_OK) return st;

    dtmapi_class_raster_facts(spec, &f);
    paletted_spec ps = {.grid = spec->grid,
                        .crs_wkt = spec->crs_wkt,
                        .metadata = (const char *const *)f.metadata,
                        .colours = f.colours,
                        .ncolours = f.ncolours,
                        .names = (const char *const *)f.names,
                        .description = f.description,
                        .fill = band_fill,
                        .user = (void *)spec};
    st = dtmapi_paletted_write(path, &ps, overwrite, err);
    dtmapi_paletted_facts_free(&f);
    return st;
}

/* See style.h. */
dtmap_status dtmap_class_tiled_begin(const char *path, const dtmap_class_raster_spec *spec,
                                     int tile, int overwrite, dtmap_tiled **out, dtmap_error *err) {
    paletted_facts f = {0};
    dtmap_status st = dtmap_classes_check(spec->classes, spec->nclasses, err);
    if (st != DTMAP_OK) return st;
    dtmapi_class_raster_facts(spec, &f);
    dtmap_tiled_spec ts = {.grid = spec->grid,
                           .tile = tile,
                           .crs_wkt = spec->crs_wkt,
                           .type = DTMAP_TILED_BYTE,
                           .nodata = 0,
                           .description = f.description,
                           .metadata = (const char *const *)f.metadata,
                           .colours = f.colours,
                           .ncolours = f.ncolours,
                           .names = (const char *const *)f.names};
    st = dtmap_tiled_begin(path, &ts, overwrite, out, err);
    dtmapi_paletted_facts_free(&f);
    return st;
}
