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

/* Dataset metadata (see cellkind.h) for counts[k] cells of kind k, CSL list owned by the caller
 * (CSLDestroy). */
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

/* See paletted.h. */
void dtmapi_cellkind_raster_facts(const dtmap_cellkind_raster_spec *s,
                                  const size_t counts[DTMAP_KIND_COUNT], paletted_facts *f) {
    const dtmap_class *cls = dtmap_cellkind_classes();
    f->names = NULL;
    for (int k = 0; k < DTMAP_KIND_COUNT; k++)
        f->names = CSLAddString(f->names, dtmap_cellkind_name((dtmap_cellkind)k));
    for (int k = 1; k < DTMAP_KIND_COUNT; k++)
        f->colours[k - 1] = cls[k - 1].colour;
    f->ncolours = DTMAP_KIND_COUNT - 1;
    snprintf(f->description, sizeof f->description, "%.40s%scoverage and gap kinds%s%.64s%s",
             s->technology ? s->technology : "", s->technology ? " " : "",
             s->profile ? " (profile " : "", s->profile ? s->profile : "", s->profile ? ")" : "");
    f->metadata = kind_metadata(s, counts);
}

/* See cellkind.h. The file machinery (PAM side file beside the temporary TIFF, moved to the
 * side file's own temporary name and committed after the TIFF, the TIFF removed if that fails)
 * is dtmapi_paletted_write's (output/paletted.h). A NULL spec->rule leaves RSRP_THRESHOLD and
 * SINR_THRESHOLD out of the metadata. */
dtmap_status dtmap_cellkind_raster_write(const char *path, const dtmap_cellkind_raster_spec *spec,
                                         int overwrite, dtmap_error *err) {
    paletted_facts f = {0};
    size_t counts[DTMAP_KIND_COUNT];
    dtmap_status st = spec_check(path, spec, err);
    if (st != DTMAP_OK) return st;

    dtmap_cellkind_count(spec->kinds, dtmap_grid_ncells(spec->grid), counts);
    dtmapi_cellkind_raster_facts(spec, counts, &f);
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

/* See cellkind.h. */
dtmap_status dtmap_cellkind_tiled_begin(const char *path, const dtmap_cellkind_raster_spec *spec,
                                        int tile, int overwrite, dtmap_tiled **out,
                                        dtmap_error *err) {
    paletted_facts f = {0};
    size_t none[DTMAP_KIND_COUNT] = {0};
    dtmapi_cellkind_raster_facts(spec, none, &f);
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
    dtmap_status st = dtmap_tiled_begin(path, &ts, overwrite, out, err);
    dtmapi_paletted_facts_free(&f);
    return st;
}

/* See cellkind.h. */
dtmap_status dtmap_cellkind_tiled_end(dtmap_tiled *w, const dtmap_cellkind_raster_spec *spec,
                                      const size_t counts[DTMAP_KIND_COUNT], dtmap_error *err) {
    paletted_facts f = {0};
    dtmapi_cellkind_raster_facts(spec, counts, &f);
    dtmap_status st = dtmap_tiled_set_metadata(w, (const char *const *)f.metadata, err);
    dtmapi_paletted_facts_free(&f);
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
