/* plan.h (private): the map job's output plan. Every file a run writes is named once, here or
 * in the file that plans it (styles.c, assess.c), and is found afterwards by its role, never by
 * its position in the result's output list. */
#ifndef DTMAP_JOB_PLAN_H
#define DTMAP_JOB_PLAN_H

#include <stddef.h>

#include "dtmap/run.h"
#include "dtmap/sample.h"
#include "job/assess.h"

/* What an output is for. Roles marked "per layer" hold one file per layer (r->layers order). */
typedef enum dtmapi_out {
    DTMAPI_OUT_RASTER,       /* per layer: METRIC_TECH.tif, the map */
    DTMAPI_OUT_SAMPLES,      /* per layer: METRIC_TECH_samples.tif, samples per cell */
    DTMAPI_OUT_STYLES,       /* styles and class rasters of the layers (styles.c names them) */
    DTMAPI_OUT_ECL,          /* ecl_nbiot.tif: most common NB-IoT ECL per cell */
    DTMAPI_OUT_ECL_SHARE,    /* ecl_ce2_share_nbiot.tif */
    DTMAPI_OUT_ECL_STYLES,   /* their styles */
    DTMAPI_OUT_ASSESS,       /* gap-kind rasters and area report files (assess.c names them) */
    DTMAPI_OUT_GAPS,         /* gaps.gpkg */
    DTMAPI_OUT_SUMMARY_JSON, /* summary.json */
    DTMAPI_OUT_SUMMARY_CSV,  /* summary.csv */
    DTMAPI_OUT_COUNT
} dtmapi_out;

/* Where each role's files sit in r->outputs: first index and count (0: none planned). */
typedef struct dtmapi_plan {
    size_t first[DTMAPI_OUT_COUNT];
    size_t count[DTMAPI_OUT_COUNT];
} dtmapi_plan;

/* Decides the layers: every mapped technology x metric pair of set with samples, within the
 * masks of o, with their raster names and thresholds, and whether NB-IoT ECL maps are made.
 * Fills r->layers (allocated; freed with r) and r->ecl. Errors: DTMAP_ERR_EMPTY (nothing to
 * map, detail says why), DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_plan_layers(const dtmap_samples *set, const dtmap_map_opts *o,
                                dtmap_map_result *r, dtmap_error *err);

/* Appends o->outdir/name to r->outputs (the copy is r's). DTMAP_ERR_NOMEM on failure. */
dtmap_status dtmapi_plan_add(dtmap_map_result *r, const char *dir, const char *name,
                             dtmap_error *err);

/* Plans every output of the run into r->outputs (o->outdir/NAME, in the order the summary lists
 * them) and records the roles in *p; then refuses to go on when any exists as final_dir/NAME
 * (the folder the run is published to: o->outdir itself, or the output folder when o->outdir
 * is a staging folder) and o->overwrite is off, so that a run never stops half-way with some
 * outputs replaced and others not. Errors: DTMAP_ERR_EXISTS (detail names the file),
 * DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_plan_outputs(const dtmap_map_opts *o, const char *final_dir,
                                 const assess_state *as, dtmap_map_result *r, dtmapi_plan *p,
                                 dtmap_error *err);

/* The path of the k-th file of role (r->outputs owns it), or NULL when the plan has none. */
const char *dtmapi_plan_path(const dtmapi_plan *p, const dtmap_map_result *r, dtmapi_out role,
                             size_t k);

#endif
