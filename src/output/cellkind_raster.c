/* cellkind_raster.c: the Byte GeoTIFF of cell kinds (covered, weak, interference, unmeasured)
 * with its colour table, category names (in the .aux.xml side file), description and metadata,
 * and its QGIS style. */
#include "dtmap/cellkind.h"

#include <stdio.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>

#include "dtmap/style.h"
#include "core/gdalutil.h"
#include "output/paletted.h"

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
static char **kind_metadata(const dtmap_cellkind_raster_spec *s,
                            const size_t counts[DTMAP_KIND_COUNT]) {
    char **md = NULL, key[40];
    if (s->technology) md = CSLSetNameValue(md, "TECHNOLOGY", s->technology);
    if (s->profile) md = CSLSetNameValue(md, "PROFILE", s->profile);
    md = CSLSetNameValue(md, "KINDS", "1=covered,2=weak,3=interference,4=unmeasured");
    if (s->rule) {
        md = CSLSetNameValue(md, "RSRP_THRESHOLD", threshold_text(s->rule->rsrp_threshold));
        md = CSLSetNameValue(md, "SINR_THRESHOLD",
                             s->rule->has_sinr ? threshold_text(s->rule->sinr_threshold) : "none");
    }
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

/* paletted_fill_fn: writes the kinds (user: the dtmap_cellkind_raster_spec) into the band. */
static dtmap_status band_fill(GDALRasterBandH band, const char *path, void *user,
                              dtmap_error *err) {
    const dtmap_cellkind_raster_spec *s = user;
    int ncols = s->grid->ncols, nrows = s->grid->nrows;
    CPLErrorReset();
    if (GDALRasterIO(band, GF_Write, 0, 0, ncols, nrows, (void *)s->kinds, ncols, nrows, GDT_Byte,
                     0, 0) != CE_None ||
        GDALFlushRasterCache(band) != CE_None)
        return dtmapi_gdalutil_fail(err, path, "writing the kind band");
    return DTMAP_OK;
}

/* See cellkind.h. The file machinery (PAM side file beside the temporary TIFF, moved to the
 * side file's own temporary name and committed after the TIFF, the TIFF removed if that fails)
 * is dtmapi_paletted_write's (output/paletted.h). A NULL spec->rule leaves RSRP_THRESHOLD and
 * SINR_THRESHOLD out of the metadata. */
dtmap_status dtmap_cellkind_raster_write(const char *path, const dtmap_cellkind_raster_spec *spec,
                                         int overwrite, dtmap_error *err) {
    const dtmap_class *cls = dtmap_cellkind_classes();
    const char *colours[DTMAP_KIND_COUNT - 1], *names[DTMAP_KIND_COUNT + 1];
    char desc[200];
    dtmap_status st = spec_check(path, spec, err);
    if (st != DTMAP_OK) return st;

    for (int k = 0; k < DTMAP_KIND_COUNT; k++)
        names[k] = dtmap_cellkind_name((dtmap_cellkind)k);
    names[DTMAP_KIND_COUNT] = NULL;
    for (int k = 1; k < DTMAP_KIND_COUNT; k++)
        colours[k - 1] = cls[k - 1].colour;
    snprintf(desc, sizeof desc, "%.40s%scoverage and gap kinds%s%.64s%s",
             spec->technology ? spec->technology : "", spec->technology ? " " : "",
             spec->profile ? " (profile " : "", spec->profile ? spec->profile : "",
             spec->profile ? ")" : "");
    size_t counts[DTMAP_KIND_COUNT];
    dtmap_cellkind_count(spec->kinds, dtmap_grid_ncells(spec->grid), counts);
    char **md = kind_metadata(spec, counts);
    paletted_spec ps = {.grid = spec->grid,
                        .crs_wkt = spec->crs_wkt,
                        .metadata = (const char *const *)md,
                        .colours = colours,
                        .ncolours = DTMAP_KIND_COUNT - 1,
                        .names = names,
                        .description = desc,
                        .fill = band_fill,
                        .user = (void *)spec};
    st = dtmapi_paletted_write(path, &ps, overwrite, err);
    CSLDestroy(md);
    return st;
}

/* The colours, category names and description of a kind raster (names: DTMAP_KIND_COUNT + 1
 * entries, colours DTMAP_KIND_COUNT - 1, desc 200 bytes). */
static void kind_palette(const dtmap_cellkind_raster_spec *spec, const char **colours,
                         const char **names, char *desc) {
    const dtmap_class *cls = dtmap_cellkind_classes();
    for (int k = 0; k < DTMAP_KIND_COUNT; k++)
        names[k] = dtmap_cellkind_name((dtmap_cellkind)k);
    names[DTMAP_KIND_COUNT] = NULL;
    for (int k = 1; k < DTMAP_KIND_COUNT; k++)
        colours[k - 1] = cls[k - 1].colour;
    snprintf(desc, 200, "%.40s%scoverage and gap kinds%s%.64s%s",
             spec->technology ? spec->technology : "", spec->technology ? " " : "",
             spec->profile ? " (profile " : "", spec->profile ? spec->profile : "",
             spec->profile ? ")" : "");
}

/* See cellkind.h. */
dtmap_status dtmap_cellkind_tiled_begin(const char *path, const dtmap_cellkind_raster_spec *spec,
                                        int tile, int overwrite, dtmap_tiled **out,
                                        dtmap_error *err) {
    const char *colours[DTMAP_KIND_COUNT - 1], *names[DTMAP_KIND_COUNT + 1];
    char desc[200];
    size_t none[DTMAP_KIND_COUNT] = {0};
    kind_palette(spec, colours, names, desc);
    char **md = kind_metadata(spec, none);
    dtmap_tiled_spec ts = {.grid = spec->grid,
                           .tile = tile,
                           .crs_wkt = spec->crs_wkt,
                           .type = DTMAP_TILED_BYTE,
                           .nodata = 0,
                           .description = desc,
                           .metadata = (const char *const *)md,
                           .colours = colours,
                           .ncolours = DTMAP_KIND_COUNT - 1,
                           .names = names};
    dtmap_status st = dtmap_tiled_begin(path, &ts, overwrite, out, err);
    CSLDestroy(md);
    return st;
}

/* See cellkind.h. */
dtmap_status dtmap_cellkind_tiled_end(dtmap_tiled *w, const dtmap_cellkind_raster_spec *spec,
                                      const size_t counts[DTMAP_KIND_COUNT], dtmap_error *err) {
    char **md = kind_metadata(spec, counts);
    dtmap_status st = dtmap_tiled_set_metadata(w, (const char *const *)md, err);
    CSLDestroy(md);
    if (st != DTMAP_OK) {
        dtmap_tiled_abort(w);
        return st;
    }
    return dtmap_tiled_commit(w, err);
}

/* See cellkind.h. Labels are the kind names, as in the raster's category names. */
dtmap_status dtmap_cellkind_write_qml(const char *path, int overwrite, dtmap_error *err) {
    const dtmap_class *classes = dtmap_cellkind_classes();
    dtmap_style_entry e[DTMAP_KIND_COUNT - 1];
    for (int k = 1; k < DTMAP_KIND_COUNT; k++)
        e[k - 1] = (dtmap_style_entry){k, classes[k - 1].colour, dtmap_cellkind_name(k)};
    return dtmap_style_write_paletted_qml(path, e, DTMAP_KIND_COUNT - 1, overwrite, err);
}
