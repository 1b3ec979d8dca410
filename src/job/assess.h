/* assess.h (private): the planner's view of a run. Per technology the gap-kind raster
 * (covered / weak / interference / unmeasured, cellkind.h); with areas of interest, per area
 * and technology the key figures (kpi.h), the ranked gap polygons (areagaps.h), the charts
 * (plot.h) and the report files (report.h). */
#ifndef DTMAP_JOB_ASSESS_H
#define DTMAP_JOB_ASSESS_H

#include <stddef.h>

#include "dtmap/areas.h"
#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "dtmap/report.h"
#include "dtmap/run.h"
#include "dtmap/tiled.h"
#include "job/produce.h"
#include "job/tiles.h"

/* The area report's files, named once in assess.c (dtmapi_assess_report_files). */
enum { ASSESS_AREA_GAPS, ASSESS_AREAS_CSV, ASSESS_AREAS_JSON, ASSESS_REPORT_MD, ASSESS_NREPORT };
extern const char *const dtmapi_assess_report_files[ASSESS_NREPORT];

/* Most files dtmapi_assess_files names. */
#define ASSESS_MAX_FILES (3 * DTMAP_TECH_COUNT + 4)

/* The window of the run's grid around one area of interest: the cells its key figures, gaps and
 * charts are computed from, filled tile by tile as the run's tiles pass. */
typedef struct assess_window {
    dtmap_grid g;                  /* the window, a part of the run's grid */
    int col0, row0;                /* its first cell in the run's grid */
    float *rsrp[DTMAP_TECH_COUNT]; /* RSRP cells of each judged technology (owned) */
    float *sinr[DTMAP_TECH_COUNT]; /* SINR cells, when that layer exists (owned) */
} assess_window;

/* What the map job hands over while it grids the layers. Zero it before use; release with
 * dtmapi_assess_free. */
typedef struct assess_state {
    dtmap_areas *areas; /* NULL without areas */
    assess_window *win; /* one per area, once dtmapi_assess_windows_open ran */
} assess_state;

/* Reads o->areas (when given) into a->areas in the run's crs and records the file, layer and
 * name field in r. Errors: those of dtmap_areas_create; DTMAP_ERR_USAGE when areas are given
 * but o->gaps is 0 (the area report is part of the gap report). */
dtmap_status dtmapi_assess_open(const dtmap_map_opts *o, const dtmap_crs *crs, assess_state *a,
                                dtmap_map_result *r, dtmap_error *err);

/* 1 when a technology gets a gap-kind raster: gaps on and an RSRP layer with a threshold. */
int dtmapi_assess_tech(const dtmap_map_opts *o, const dtmap_map_result *r, dtmap_tech tech);

/* Finds the window of every area (its bounds grown by a tenth of their size, at least five
 * cells, and one cell more, within the run's grid g) and, with alloc, allocates its RSRP and
 * SINR cells of every judged technology, set to nodata. Nothing without areas. Errors:
 * DTMAP_ERR_TOO_LARGE (the windows hold more than DTMAP_GRID_MAX_CELLS cells: the detail says
 * what to change), DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_assess_windows_open(assess_state *a, const dtmap_map_opts *o,
                                        const dtmap_map_result *r, const dtmap_grid *g, int alloc,
                                        dtmap_error *err);

/* Copies the RSRP and SINR cells of tile into the windows it overlaps (a dtmapi_tile of the
 * run's tiles, whose layers are r's). */
dtmap_status dtmapi_assess_windows_tile(assess_state *a, const dtmapi_tiles *tiles,
                                        const dtmapi_tile *tile, const dtmap_map_result *r,
                                        dtmap_error *err);

/* Opens technology t's gap-kind raster "gapclass_<tech>.tif" in o->outdir (tiled over grid,
 * judged by rule) for its tiles; dtmapi_assess_kinds_end sets its cell counts, commits it
 * and writes its style. Errors: those of dtmap/tiled.h. */
dtmap_status dtmapi_assess_kinds_begin(const dtmap_map_opts *o, dtmap_tech t,
                                       const dtmap_grid *grid, int tile, const dtmap_crs *crs,
                                       const dtmap_cellkind_rule *rule, dtmap_tiled **out,
                                       dtmap_error *err);
dtmap_status dtmapi_assess_kinds_end(const dtmap_map_opts *o, dtmap_tech t, const dtmap_grid *grid,
                                     const dtmap_cellkind_rule *rule, dtmap_tiled *w,
                                     const size_t counts[DTMAP_KIND_COUNT], dtmap_error *err);

/* The files (names inside the output folder) dtmapi_assess_write writes besides the charts:
 * per technology "gapclass_<tech>.tif", its ".tif.aux.xml" and ".qml"; with areas
 * "area_gaps.gpkg", "areas.csv", "areas.json", "report.md". Returns how many. */
int dtmapi_assess_files(const dtmap_map_opts *o, const dtmap_map_result *r, const assess_state *a,
                        char names[ASSESS_MAX_FILES][80]);

/* Fails with DTMAP_ERR_EXISTS when a chart the run may draw exists and o->overwrite is 0
 * (checked before anything is written). */
dtmap_status dtmapi_assess_check_charts(const dtmap_map_opts *o, const dtmap_map_result *r,
                                        const assess_state *a, dtmap_error *err);

/* With areas: the key figures, gaps, charts and reports of every area, from its window, into
 * o->outdir (the gap-kind rasters were written tile by tile); x, y are the samples of set
 * projected to the run CRS (NAN when not). Fills the area parts of r and appends every chart
 * written to r->outputs (add_output). Errors: those of the modules named above;
 * DTMAP_ERR_EMPTY when no technology can be judged. */
dtmap_status dtmapi_assess_write(assess_state *a, const dtmap_crs *crs, const double *x,
                                 const double *y, const dtmap_samples *set, const dtmap_map_opts *o,
                                 dtmap_map_result *r,
                                 dtmap_status (*add_output)(dtmap_map_result *, const char *,
                                                            const char *, dtmap_error *),
                                 dtmap_error *err);

/* Frees what a holds and zeroes it. */
void dtmapi_assess_free(assess_state *a);

/* ---- shared by assess.c, assess_areas.c and assess_charts.c ---- */

/* Per area work of dtmapi_assess_write: key figures, gaps (appended to gaps, unranked) and charts
 * of every area x judged technology (r->has_kinds[t]), each from its window. *kpi and *charts
 * are allocated (caller frees) with *nkpi records. */
dtmap_status dtmapi_assess_areas(const assess_state *a, const dtmap_crs *crs, const double *x,
                                 const double *y, const dtmap_samples *set, const dtmap_map_opts *o,
                                 const dtmap_map_result *r, dtmap_area_kpi **kpi,
                                 dtmap_report_charts **charts, size_t *nkpi, dtmap_area_gaps *gaps,
                                 dtmap_error *err);

/* The base name of a chart, relative to the output folder and without extension:
 * "charts/01-yulong-river-lte-rsrp-cdf" (area number from 1, the ASCII letters and digits of
 * the area's name in lower case with '-' between runs of anything else, at most 40 of them;
 * "charts/02-lte-map" for a name without any). */
void dtmapi_assess_chart_base(const dtmap_areas *areas, size_t area, dtmap_tech tech,
                              const char *what, char *out, size_t size);
/* The chart kinds, in the order they are drawn: "rsrp-cdf", "rsrp-hist", "sinr-cdf",
 * "sinr-hist", "map". */
extern const char *const dtmapi_assess_chart_kinds[5];

/* What the charts of one area and technology are drawn from. */
typedef struct assess_chart_input {
    const dtmap_areas *areas;
    size_t area;
    dtmap_tech tech;
    const dtmap_grid *g;
    const float *rsrp; /* RSRP raster */
    float nodata;
    const double *rsrp_values, *sinr_values; /* the samples inside the area */
    size_t n_rsrp, n_sinr;
    const dtmap_area_gaps *gaps; /* the area's gaps (outlines) */
    const char *crs_id;
} assess_chart_input;

/* Draws the five charts of one area and technology into o->outdir/charts (created), PNG + SVG
 * each, and fills *out with the bases drawn ("" for a chart without values). Errors: those of
 * plot.h, DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_assess_charts_draw(const assess_chart_input *in, const dtmap_map_opts *o,
                                       dtmap_report_charts *out, dtmap_error *err);

#endif
