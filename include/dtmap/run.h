/* run.h: the map job: from ingested samples to per-technology, per-metric GeoTIFFs, the gap
 * GeoPackage and the summary files, with the thresholds of the default profile. */
#ifndef DTMAP_RUN_H
#define DTMAP_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dtmap/cellkind.h"
#include "dtmap/ingest.h"
#include "dtmap/interp.h"
#include "dtmap/kpi.h"
#include "dtmap/profile.h"
#include "dtmap/sample.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Weak-coverage thresholds (interference for SINR): a cell is weak when its value is below the
 * threshold. Each says where it comes from. */
typedef struct dtmap_thresholds {
    double value[DTMAP_TECH_COUNT][DTMAP_METRIC_COUNT];
    uint8_t set[DTMAP_TECH_COUNT][DTMAP_METRIC_COUNT]; /* 1 when a threshold applies */
    char source[DTMAP_TECH_COUNT][DTMAP_METRIC_COUNT][DTMAP_PROFILE_SOURCE];
} dtmap_thresholds;

/* Fills t from profile p: its weak.* values and their sources. */
void dtmap_thresholds_from_profile(dtmap_thresholds *t, const dtmap_profile *p);
/* Fills t from the built-in default profile (see man page, THRESHOLDS): RSRP LTE -110 dBm, NR and
 * RedCap -105 dBm, NB-IoT -115 dBm; SINR LTE 0 dB, NR and RedCap -3 dB, NB-IoT 0 dB; no RSRQ. */
void dtmap_thresholds_default(dtmap_thresholds *t);
/* Applies "METRIC.TECH=VALUE" (e.g. "rsrp.lte=-105", "rsrq.nr=-15") or "METRIC.TECH=none" to t
 * (source "command line"). DTMAP_ERR_USAGE with a detail when the text is not of that form. */
dtmap_status dtmap_thresholds_parse(dtmap_thresholds *t, const char *text, dtmap_error *err);

typedef enum dtmap_method { DTMAP_METHOD_IDW = 0, DTMAP_METHOD_BIN } dtmap_method;

/* The steps of a run split into tasks, for GNU parallel or Slurm. Every step reads the same
 * samples with the same options. PLAN writes the plan into plan_dir (no output); TASK computes
 * one task's tiles into plan_dir (idempotent: a task already complete is not redone; atomic);
 * MERGE writes every output from the tasks' tiles, or fails with DTMAP_ERR_EMPTY listing the
 * missing tasks. A run with DTMAP_SPLIT_NONE gives byte-identical outputs. */
typedef enum dtmap_split {
    DTMAP_SPLIT_NONE = 0,
    DTMAP_SPLIT_PLAN,
    DTMAP_SPLIT_TASK,
    DTMAP_SPLIT_MERGE
} dtmap_split;

/* Options of the map job. Start from dtmap_map_opts_default, which sets size and every
 * default; then change what you need. The struct can grow at its end in later versions without
 * breaking callers: size tells the library how much of it the caller knows (as GDAL's gridding
 * options do), and fields past it take their defaults. The structs embedded in it (idw,
 * thresholds) therefore never change size: a new IDW option is a new field at the end. */
typedef struct dtmap_map_opts {
    size_t size;        /* sizeof(dtmap_map_opts) as the caller was compiled */
    const char *outdir; /* output folder (created if missing) */
    const char *crs;    /* see dtmap_crs_create; NULL or "auto": the data's UTM zone */
    int extent_set;     /* 1 if extent[] is given, in the output CRS */
    double extent[4];   /* xmin, ymin, xmax, ymax */
    double res_m;       /* cell size */
    dtmap_method method;
    dtmap_idw_opts idw;   /* radius_m <= 0 means 3 * res_m */
    unsigned tech_mask;   /* bit (1 << dtmap_tech); 0 = every technology with samples */
    unsigned metric_mask; /* bit (1 << dtmap_metric); 0 = all metrics */
    dtmap_thresholds thresholds;
    const dtmap_profile *profile; /* named in the reports; NULL = the built-in default */
    int gaps;                     /* 1: write gaps.gpkg and the gap summary */
    int overwrite;
    float nodata;
    double ce2_share;        /* NB-IoT: CE2 gap when this fraction of a cell's samples used CE2 */
    int cog;                 /* 1: Cloud-Optimised GeoTIFFs with overviews (mW means for powers) */
    const char *areas;       /* areas of interest (GeoPackage, GeoJSON, Shapefile, KML); NULL:
                                none. With areas the grid covers them (plus areas_margin_m) unless
                                extent_set, and the area report is written (gaps must be on) */
    const char *areas_layer; /* layer of that file; NULL: areas.h decides */
    const char *areas_name;  /* name field; NULL: name / NAME / 名称 */
    double areas_margin_m;   /* grid margin around the areas (default 200) */
    double min_gap_area_m2;  /* area gaps smaller than this are dropped (default 1000) */
    int charts;              /* 1 (default): the area report's PLplot charts */
    const char *stage_dir;   /* NULL (default): files are written straight into outdir. Else
                                the folder they are written in (empty, e.g. the staging folder
                                of dtmap/publish.h), while outdir is still what the existence
                                check looks at and what the result's output list names */
    int tile;                /* tile side in cells, a multiple of 16 (0: 256). Tiles have their
                                corners on whole multiples of tile x res_m; only those within
                                reach of a sample are computed and stored */
    dtmap_split split;       /* DTMAP_SPLIT_NONE (default): the whole run here; else one step of
                                a run split into tasks (see dtmap_split) */
    const char *plan_dir;    /* split runs: the plan folder (created by DTMAP_SPLIT_PLAN) */
    size_t task;             /* DTMAP_SPLIT_TASK: the task to compute, 0-based */
    size_t tasks;            /* DTMAP_SPLIT_PLAN: tasks wanted (0: one per 16 tiles, <= 1000) */
} dtmap_map_opts;

/* Sets *o to the defaults (the CLI's --help shows these) and o->size to sizeof *o. */
void dtmap_map_opts_default(dtmap_map_opts *o);

/* What one layer (technology x metric) became. */
typedef struct dtmap_layer {
    dtmap_tech tech;
    dtmap_metric metric;
    char raster[64];         /* file name inside outdir, e.g. "rsrp_lte.tif" */
    char samples_raster[64]; /* its companion sample-count raster, "rsrp_lte_samples.tif" */
    uint64_t samples;        /* samples with this metric */
    int has_threshold;
    double threshold;
    uint64_t samples_below; /* samples whose value < threshold */
    size_t cells_total, cells_covered, cells_weak, cells_unmeasured;
    double cell_area_m2;
    double min, max, mean; /* over valid cells (mean in mW for power metrics) */
    int has_gaps;          /* 1 when gap regions were labelled (run with a threshold) */
    size_t ngaps;
    double largest_gap_m2;
    uint64_t samples_on_grid; /* of samples, those inside the grid */
    int empty; /* 1 when no cell has a value (all samples off the grid: --extent, the areas) */
} dtmap_layer;

/* The NB-IoT coverage-enhancement maps of a run (when NB-IoT samples carry an ECL). */
typedef struct dtmap_ecl_result {
    int present;
    char raster[64];       /* "ecl_nbiot.tif": most common ECL per cell */
    char share_raster[64]; /* "ecl_ce2_share_nbiot.tif": percentage of samples at CE2 */
    uint64_t samples, samples_by_level[3];
    size_t cells, cells_by_mode[3]; /* cells with samples, by their most common level */
    double cell_area_m2;
    double ce2_share_threshold; /* fraction: a cell at or above it is a CE2 gap cell */
    int has_gaps;
    size_t ce2_cells, ngaps;
    double largest_gap_m2;
} dtmap_ecl_result;

/* Result of dtmap_map_run. Release with dtmap_map_result_free. */
typedef struct dtmap_map_result {
    dtmap_layer *layers;
    size_t nlayers;
    char crs_id[64], crs_name[128];
    int ncols, nrows;
    double res_m, xmin, ymax;
    dtmap_method method;
    dtmap_idw_opts idw; /* effective IDW parameters (radius resolved) */
    dtmap_ecl_result ecl;
    size_t kind_cells[DTMAP_TECH_COUNT][DTMAP_KIND_COUNT]; /* cells per kind of each
                                               technology's gapclass raster */
    int has_kinds[DTMAP_TECH_COUNT];                       /* 1 when that raster was written */
    char areas_path[512], areas_layer[128], areas_field[128];
    size_t nareas;            /* 0: run without areas */
    char **area_names;        /* nareas UTF-8 names */
    dtmap_area_kpi *area_kpi; /* narea_kpi records, by area then technology */
    size_t narea_kpi;
    size_t area_gaps[DTMAP_KIND_COUNT]; /* area gaps written, by gap kind */
    char **outputs;                     /* every file written, full paths, in order */
    size_t noutputs;
    int tile;                 /* tile side, cells */
    size_t ntiles, ntasks;    /* tiles computed; tasks of the plan (split runs) */
    int task_done_before;     /* DTMAP_SPLIT_TASK: 1 when the task was already done */
    int file_col0, file_row0; /* the rasters' grid: the run's grid with its north-west
                                 corner moved out by these cells to the tiling */
} dtmap_map_result;

void dtmap_map_result_free(dtmap_map_result *r);

/* Progress callback, called as each stage begins with a short description of it ("gridding
 * rsrp_lte.tif"); may be NULL. Return 0 to go on, non-zero to cancel: the job then stops before
 * that stage and returns DTMAP_ERR_CANCELLED; files written before it stay, as after any error. */
typedef int (*dtmap_progress_fn)(void *user, const char *stage);

/* Runs the map job on the accepted samples of set: picks the CRS and grid, and for every
 * technology and metric with samples writes "<metric>_<tech>.tif" (the interpolated or binned
 * value) and "<metric>_<tech>_samples.tif" (the per-cell sample count; a separate single-band
 * raster so that GIS software opens the map as a map), then (opts->gaps) "gaps.gpkg", and always
 * "summary.json" and "summary.csv" (ingest accounting from rep, grid, layers, thresholds).
 * Every output is checked for existence before any is written (DTMAP_ERR_EXISTS without
 * overwrite) and written atomically. Errors: DTMAP_ERR_EMPTY when no sample can be mapped,
 * DTMAP_ERR_CANCELLED (progress asked to stop), DTMAP_ERR_CRS (also: with an automatic CRS,
 * samples that do not fit one UTM zone), DTMAP_ERR_TOO_LARGE (the grid; the detail gives the
 * samples' span and clusters), DTMAP_ERR_USAGE (an opts->crs that is no usable CRS; also for
 * opts->size smaller than the size field or larger than this library's struct), DTMAP_ERR_USAGE,
 * DTMAP_ERR_GDAL, DTMAP_ERR_IO, DTMAP_ERR_NOMEM. On success *res is filled (caller frees). */
dtmap_status dtmap_map_run(const dtmap_samples *set, const dtmap_ingest_report *rep,
                           const dtmap_map_opts *opts, dtmap_progress_fn progress, void *user,
                           dtmap_map_result *res, dtmap_error *err);

/* The plan folder of a split run whose outputs go to outdir: "PARENT/.NAME.plan" beside it
 * (allocated; NULL when out of memory). */
char *dtmap_plan_dir_alloc(const char *outdir);

/* Removes a plan folder: its task files, plan.json, the CLI's args file, then the folder (left
 * when anything else is in it). */
void dtmap_plan_remove(const char *dir);

/* Prints a one-screen summary of a result (layers, coverage shares, gaps, empty layers, outputs) to
 * fp. */
void dtmap_map_result_print(const dtmap_map_result *res, FILE *fp);

/* Prints each warning about a result, one line each, prefix first ("dtmap: warning: "): today a
 * layer with no valued cell ("rsrp_lte.tif: no cell has a value: ..."). Returns their number. */
size_t dtmap_map_result_warnings(const dtmap_map_result *res, const char *prefix, FILE *fp);

#ifdef __cplusplus
}
#endif
#endif
