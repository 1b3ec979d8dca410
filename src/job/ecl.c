/* ecl.c: NB-IoT coverage-enhancement level maps of the map job (see ecl.h): the statistics of
 * assess/ecl_stats.c written as rasters and CE2 gap polygons. */
#include "job/ecl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/cog.h"
#include "assess/ecl_stats.h"
#include "dtmap/raster.h"
#include "dtmap/version.h"

static dtmap_status write_one(const char *path, const dtmap_grid *g, const dtmap_crs *crs,
                              const dtmap_map_opts *o, const float *data, const char *desc,
                              const char *unit, const char *what, uint64_t samples,
                              dtmap_error *err) {
    char md[5][200];
    const char *mdp[6];
    snprintf(md[0], sizeof md[0], "METRIC=%s", what);
    snprintf(md[1], sizeof md[1], "TECHNOLOGY=NB-IoT");
    snprintf(md[2], sizeof md[2], "METHOD=bin (samples per cell, never interpolated)");
    snprintf(md[3], sizeof md[3], "SAMPLES=%llu", (unsigned long long)samples);
    snprintf(md[4], sizeof md[4], "DTMAP_VERSION=%s", DTMAP_VERSION_STRING);
    for (int i = 0; i < 5; i++)
        mdp[i] = md[i];
    mdp[5] = NULL;
    dtmap_band band = {data, desc, unit, NULL, NULL};
    dtmap_raster_spec spec = {g, dtmap_crs_wkt(crs), o->nodata, &band, 1, mdp};
    /* with --cog: the level map's overviews take the most common level, the share's the mean */
    dtmap_cog_spec cog = {g,    dtmap_crs_wkt(crs),
                          data, o->nodata,
                          desc, unit,
                          mdp,  strcmp(unit, "level") == 0 ? DTMAP_COG_CATEGORY : DTMAP_COG_RATIO,
                          0};
    return o->cog ? dtmap_cog_write(path, &cog, o->overwrite, err)
                  : dtmap_raster_write(path, &spec, o->overwrite, err);
}

dtmap_status dtmapi_ecl_maps_write(const dtmap_grid *g, const dtmap_crs *crs, const double *x,
                                   const double *y, const dtmap_samples *set,
                                   const dtmap_map_opts *o, const char *ecl_path,
                                   const char *share_path, dtmap_gpkg *gpkg, dtmap_map_result *r,
                                   dtmap_error *err) {
    dtmap_ecl_result *e = &r->ecl;
    dtmap_status st = DTMAP_OK;
    size_t ncells = dtmap_grid_ncells(g);
    uint32_t *n = calloc(3 * ncells, sizeof *n);
    float *mode = malloc(ncells * sizeof *mode), *share = malloc(ncells * sizeof *share);
    float *count = malloc(ncells * sizeof *count);
    dtmap_gaps gaps = {0};
    if (!n || !mode || !share || !count) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "ECL maps: grid of %d x %d cells", g->ncols,
                             g->nrows);
        goto done;
    }
    dtmapi_ecl_bin(g, x, y, set, o->nodata, n, mode, share, count, e);
    e->cell_area_m2 = dtmap_grid_cell_area_m2(g);
    st = write_one(ecl_path, g, crs, o, mode, "NB-IoT most common ECL (0, 1, 2)", "level",
                   "ECL (coverage-enhancement level, most common per cell)", e->samples, err);
    if (st == DTMAP_OK)
        st = write_one(share_path, g, crs, o, share, "NB-IoT share of samples at CE2 (%)", "%",
                       "CE2 share (percentage of samples at ECL 2)", e->samples, err);
    if (st != DTMAP_OK || !gpkg) goto done;
    /* at least the threshold share: a hair below it in float terms still counts */
    st = dtmap_gaps_find_above(g, crs, share, count, o->nodata,
                               100.0 * e->ce2_share_threshold - 1e-4, &gaps, err);
    if (st != DTMAP_OK) goto done;
    e->has_gaps = 1;
    e->ce2_cells = gaps.cells_weak;
    e->ngaps = gaps.n;
    e->largest_gap_m2 = gaps.n ? gaps.v[0].area_m2 : 0;
    st = dtmap_gpkg_add_gaps(gpkg, "gaps_ce2_nbiot", g, crs, &gaps, "NB-IoT", "CE2 share", "%",
                             100.0 * e->ce2_share_threshold, err);
done:
    dtmap_gaps_free(&gaps);
    free(n), free(mode), free(share), free(count);
    return st;
}
