/* ecl.c: NB-IoT coverage-enhancement level maps of the map job (see ecl.h). */
#include "job/ecl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/version.h"

/* Opens one of the two maps. */
static dtmap_status open_one(const char *path, const dtmap_grid *file, int T, const dtmap_crs *crs,
                             const dtmap_map_opts *o, const char *desc, const char *unit,
                             const char *what, uint64_t samples, dtmap_tiled **out,
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
    /* with --cog: the level map's overviews take the most common level, the share's the mean */
    dtmap_tiled_spec spec = {.grid = file,
                             .tile = T,
                             .crs_wkt = dtmap_crs_wkt(crs),
                             .type = DTMAP_TILED_FLOAT32,
                             .nodata = o->nodata,
                             .description = desc,
                             .unit = unit,
                             .metadata = mdp,
                             .cog = o->cog,
                             .cog_kind =
                                 strcmp(unit, "level") == 0 ? DTMAP_COG_CATEGORY : DTMAP_COG_RATIO};
    return dtmap_tiled_begin(path, &spec, o->overwrite, out, err);
}

dtmap_status dtmapi_ecl_begin(const dtmap_grid *area, const dtmap_grid *file, int T,
                              const dtmap_crs *crs, const double *x, const double *y,
                              const dtmap_samples *set, const dtmap_map_opts *o,
                              const char *ecl_path, const char *share_path, dtmap_ecl_result *e,
                              dtmap_tiled **mode, dtmap_tiled **share, dtmap_error *err) {
    for (size_t i = 0; i < set->n; i++) {
        const dtmap_sample *v = &set->v[i];
        int col, row;
        if (v->tech != DTMAP_TECH_NBIOT || v->ecl < 0 || v->ecl > 2 ||
            !dtmap_grid_cell_of(area, x[i], y[i], &col, &row))
            continue;
        e->samples++;
        e->samples_by_level[v->ecl]++;
    }
    e->cell_area_m2 = dtmap_grid_cell_area_m2(area);
    dtmap_status st =
        open_one(ecl_path, file, T, crs, o, "NB-IoT most common ECL (0, 1, 2)", "level",
                 "ECL (coverage-enhancement level, most common per cell)", e->samples, mode, err);
    if (st == DTMAP_OK)
        st = open_one(share_path, file, T, crs, o, "NB-IoT share of samples at CE2 (%)", "%",
                      "CE2 share (percentage of samples at ECL 2)", e->samples, share, err);
    return st;
}
