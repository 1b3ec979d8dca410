/* run.c: the map job: choose CRS and grid, grid every technology x metric layer, write the
 * GeoTIFFs, the gap GeoPackage and the summaries. */
#include "dtmap/run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "dtmap/crs.h"
#include "dtmap/fileio.h"
#include "dtmap/gaps.h"
#include "dtmap/grid.h"
#include "dtmap/raster.h"
#include "geo/clusters.h"
#include "geo/span.h"
#include "job/assess.h"
#include "job/plan.h"
#include "job/produce.h"
#include "job/sink.h"
#include "job/split.h"
#include "job/summary.h"
#include "job/tiles.h"

void dtmap_map_opts_default(dtmap_map_opts *o) {
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->outdir = "dtmap-out";
    o->res_m = 20.0;
    o->method = DTMAP_METHOD_IDW;
    o->idw.power = 2.0;
    o->idw.radius_m = 0; /* 3 * res_m */
    o->idw.max_points = 16;
    o->idw.min_points = 2;
    o->idw.threads = 0;
    o->gaps = 1;
    o->nodata = -9999.0f;
    o->ce2_share = 0.5;
    o->areas_margin_m = 200.0;
    o->min_gap_area_m2 = 1000.0;
    o->charts = 1;
    dtmap_thresholds_default(&o->thresholds);
}

void dtmap_map_result_free(dtmap_map_result *r) {
    if (!r) return;
    for (size_t i = 0; i < r->noutputs; i++)
        free(r->outputs[i]);
    free(r->outputs);
    free(r->layers);
    for (size_t i = 0; i < r->nareas; i++)
        free(r->area_names[i]);
    free(r->area_names);
    free(r->area_kpi);
    memset(r, 0, sizeof *r);
}

/* Tells the caller's progress callback (if any) that the job reached stage; DTMAP_ERR_CANCELLED
 * (detail "cancelled while STAGE") when the callback asks to stop. */
static dtmap_status stage(dtmap_progress_fn progress, void *user, const char *what,
                          dtmap_error *err) {
    if (progress && progress(user, what) != 0)
        return dtmap_error_set(err, DTMAP_ERR_CANCELLED, "cancelled while %s", what);
    return DTMAP_OK;
}

static int mapped(const dtmap_sample *s, dtmap_tech tech, dtmap_metric metric) {
    return s->tech == tech && isfinite(s->value[metric]);
}

/* 1 when sample s is mapped by one of r's layers. */
static int used(const dtmap_sample *s, const dtmap_map_result *r) {
    for (size_t k = 0; k < r->nlayers; k++)
        if (mapped(s, r->layers[k].tech, r->layers[k].metric)) return 1;
    return 0;
}

/* The longitudes and latitudes of the samples r maps (NAN for the others) in two new arrays
 * (the caller frees both, also on error). */
static dtmap_status used_lonlat(const dtmap_samples *set, const dtmap_map_result *r, double **lon,
                                double **lat, dtmap_error *err) {
    *lon = malloc((set->n ? set->n : 1) * sizeof **lon);
    *lat = malloc((set->n ? set->n : 1) * sizeof **lat);
    if (!*lon || !*lat) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%zu samples", set->n);
    for (size_t i = 0; i < set->n; i++) {
        int u = used(&set->v[i], r);
        (*lon)[i] = u ? set->v[i].lon : NAN;
        (*lat)[i] = u ? set->v[i].lat : NAN;
    }
    return DTMAP_OK;
}

/* The CRS: o->crs as given, or (NULL or "auto") the WGS 84 / UTM zone at the centre of the
 * smallest longitude interval that covers the mapped samples (so a drive across the antimeridian
 * gets the zone it is in, not one from the mean longitude, near 0), refused when the samples do
 * not fit that zone (geo/span.h). */
static dtmap_status pick_crs(const dtmap_samples *set, const dtmap_map_opts *o,
                             const dtmap_map_result *r, dtmap_crs **crs, dtmap_error *err) {
    if (!dtmap_crs_is_auto(o->crs)) return dtmap_crs_create(o->crs, 0, 0, crs, err);
    double *lon = NULL, *lat = NULL;
    dtmapi_span span;
    dtmap_status st = used_lonlat(set, r, &lon, &lat, err);
    if (st == DTMAP_OK) st = dtmapi_span_of(lon, lat, set->n, &span, err);
    if (st == DTMAP_OK) st = dtmapi_span_fits_utm(&span, lon, lat, set->n, err);
    if (st == DTMAP_OK)
        st = dtmap_crs_create(NULL, span.n ? span.mid_lon : NAN, span.n ? span.mid_lat : NAN, crs,
                              err);
    free(lon), free(lat);
    return st;
}

/* The state of one map job, shared by its steps; released in dtmap_map_run's cleanup. */
typedef struct job {
    const dtmap_samples *set;
    const dtmap_map_opts *o;
    dtmap_map_result *r;
    dtmap_progress_fn progress;
    void *user;
    dtmap_crs *crs;
    dtmap_grid g;
    dtmap_idw_opts idw; /* o->idw with the radius resolved */
    assess_state as;
    dtmapi_plan plan;
    dtmap_gpkg *gpkg;   /* gaps.gpkg while it is being written, or NULL */
    double *x, *y;      /* projected sample coordinates */
    size_t n;           /* samples */
    dtmapi_tiles tiles; /* the tiles within reach of the samples */
    dtmapi_produce_src src;
    uint64_t fingerprint; /* of the run, for split runs */
    size_t *bounds;       /* tasks: tile ranges */
} job;

/* Projects every sample into the output CRS (j->x, j->y; non-finite where PROJ cannot). */
static dtmap_status project(job *j, dtmap_error *err) {
    size_t n = j->n = j->set->n;
    j->x = malloc((n ? n : 1) * sizeof *j->x);
    j->y = malloc((n ? n : 1) * sizeof *j->y);
    if (!j->x || !j->y) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%zu samples", n);
    for (size_t i = 0; i < n; i++) {
        j->x[i] = j->set->v[i].lon;
        j->y[i] = j->set->v[i].lat;
    }
    return dtmap_crs_forward(j->crs, j->x, j->y, n, j->x, j->y, err);
}

/* Appends text to err's detail (when err is given), cut short when it does not fit. */
static void append(dtmap_error *err, const char *text) {
    if (!err) return;
    size_t len = strlen(err->detail);
    snprintf(err->detail + len, sizeof err->detail - len, "%s", text);
}

/* A grid over the samples is too large (err holds the cells): adds where the samples are, their
 * span in degrees and the clusters they form (geo/clusters.h), and what to do. */
static dtmap_status explain_too_large(job *j, dtmap_status st, dtmap_error *err) {
    double *lon = NULL, *lat = NULL, *x = NULL, *y = NULL;
    dtmapi_cluster *cl = NULL;
    size_t ncl = 0;
    dtmapi_span span;
    dtmap_error sub;
    char text[800], w[16], e[16], s[16], n[16], list[600];
    if (used_lonlat(j->set, j->r, &lon, &lat, &sub) != DTMAP_OK ||
        dtmapi_span_of(lon, lat, j->set->n, &span, &sub) != DTMAP_OK ||
        !(x = malloc((j->n ? j->n : 1) * sizeof *x)) ||
        !(y = malloc((j->n ? j->n : 1) * sizeof *y)))
        goto done; /* the cells alone, then */
    for (size_t i = 0; i < j->n; i++) {
        x[i] = isfinite(lon[i]) ? j->x[i] : NAN;
        y[i] = isfinite(lon[i]) ? j->y[i] : NAN;
    }
    if (dtmapi_clusters_find(x, y, j->n, DTMAPI_CLUSTER_CELL_M, &cl, &ncl, &sub) != DTMAP_OK)
        goto done;
    snprintf(text, sizeof text,
             ": the samples span %.2f degrees of longitude (%s..%s) and %.2f of latitude "
             "(%s..%s) in %s; map each cluster with --extent or --areas, or separate runs, or "
             "use a coarser --res",
             span.width_deg, dtmapi_lon_text(span.west, w, sizeof w),
             dtmapi_lon_text(span.east, e, sizeof e), span.north - span.south,
             dtmapi_lat_text(span.south, s, sizeof s), dtmapi_lat_text(span.north, n, sizeof n),
             dtmapi_clusters_text(cl, ncl, 5, j->crs, list, sizeof list));
    append(err, text);
done:
    if (!cl) append(err, ": use a coarser --res, or --extent or --areas");
    free(lon), free(lat), free(x), free(y), free(cl);
    return st;
}

/* The grid: --extent, else the areas plus their margin, else the mapped samples padded by the
 * IDW radius. Records it in the result. A grid too large is DTMAP_ERR_TOO_LARGE saying what to
 * change (for the samples: where they are, see explain_too_large). */
static dtmap_status choose_grid(job *j, dtmap_error *err) {
    const dtmap_map_opts *o = j->o;
    dtmap_map_result *r = j->r;
    dtmap_status st;
    if (o->extent_set) {
        st = dtmap_grid_from_extent_max(o->extent[0], o->extent[1], o->extent[2], o->extent[3],
                                        o->res_m, DTMAP_GRID_MAX_EXTENT_CELLS, &j->g, err);
        if (st == DTMAP_ERR_TOO_LARGE) append(err, ": use a coarser --res or a smaller --extent");
    } else if (j->as.areas) { /* the areas and a margin, whatever the samples cover */
        double e[4];
        dtmap_areas_extent(j->as.areas, o->areas_margin_m, e);
        st = dtmap_grid_from_extent_max(e[0], e[1], e[2], e[3], o->res_m,
                                        DTMAP_GRID_MAX_EXTENT_CELLS, &j->g, err);
        if (st == DTMAP_ERR_TOO_LARGE)
            append(err, " over the areas and their margin: use a coarser --res, fewer areas (one "
                        "run each) or --extent");
    } else {
        double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        for (size_t i = 0; i < j->n; i++) {
            if (!isfinite(j->x[i]) || !used(&j->set->v[i], r)) continue;
            x0 = fmin(x0, j->x[i]), x1 = fmax(x1, j->x[i]);
            y0 = fmin(y0, j->y[i]), y1 = fmax(y1, j->y[i]);
        }
        if (!isfinite(x0))
            return dtmap_error_set(err, DTMAP_ERR_CRS, "no sample could be projected to %s",
                                   r->crs_id[0] ? r->crs_id : r->crs_name);
        double pad = o->method == DTMAP_METHOD_IDW ? j->idw.radius_m : 0;
        st = dtmap_grid_from_extent_max(x0 - pad, y0 - pad, x1 + pad, y1 + pad, o->res_m,
                                        DTMAP_GRID_MAX_EXTENT_CELLS, &j->g, err);
        if (st == DTMAP_ERR_TOO_LARGE) st = explain_too_large(j, st, err);
    }
    if (st != DTMAP_OK) return st;
    r->ncols = j->g.ncols, r->nrows = j->g.nrows, r->res_m = j->g.res_m, r->xmin = j->g.xmin,
    r->ymax = j->g.ymax;
    r->method = o->method;
    r->idw = j->idw;
    return DTMAP_OK;
}

/* Which samples a layer maps (1) or not (0), for the tiles (allocated; NULL when out of
 * memory). */
static unsigned char *used_flags(const job *j) {
    unsigned char *u = malloc(j->n ? j->n : 1);
    for (size_t i = 0; u && i < j->n; i++)
        u[i] = (unsigned char)used(&j->set->v[i], j->r);
    return u;
}

/* The tiles within reach of the samples, and what they are computed from. */
static dtmap_status make_tiles(job *j, dtmap_error *err) {
    const dtmap_map_opts *o = j->o;
    dtmap_map_result *r = j->r;
    unsigned char *use = used_flags(j);
    if (!use) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%zu samples", j->n);
    /* a margin so that rounding never drops a sample the IDW's exact test would take */
    double reach = o->method == DTMAP_METHOD_IDW ? j->idw.radius_m * (1 + 1e-9) + 1e-6 : 0;
    dtmap_status st = dtmapi_tiles_make(&j->g, o->tile > 0 ? o->tile : DTMAPI_TILE, j->x, j->y, use,
                                        j->n, reach, &j->tiles, err);
    free(use);
    if (st == DTMAP_ERR_TOO_LARGE && !o->extent_set && !j->as.areas)
        return explain_too_large(j, st, err);
    if (st != DTMAP_OK) return st;
    r->tile = j->tiles.T;
    r->ntiles = j->tiles.n;
    r->file_col0 = j->tiles.col0, r->file_row0 = j->tiles.row0;
    j->src = (dtmapi_produce_src){.tiles = &j->tiles,
                                  .set = j->set,
                                  .x = j->x,
                                  .y = j->y,
                                  .layers = r->layers,
                                  .nlayers = r->nlayers,
                                  .method = o->method,
                                  .idw = j->idw,
                                  .nodata = o->nodata,
                                  .ecl = r->ecl.present};
    j->fingerprint = dtmapi_split_fingerprint(&j->src);
    return dtmapi_split_tasks(&j->tiles, o->tasks, &j->bounds, &r->ntasks, err);
}

/* Every tile into the sink: computed here, or (merge) read from the tasks' files. */
static dtmap_status grid_tiles(job *j, dtmap_error *err) {
    const dtmap_map_opts *o = j->o;
    char text[96];
    snprintf(text, sizeof text, "gridding %zu tiles of %d x %d cells", j->tiles.n, j->tiles.T,
             j->tiles.T);
    dtmap_status st = stage(j->progress, j->user, text, err);
    if (st != DTMAP_OK) return st;
    dtmapi_sink_ctx c = {.o = o,
                         .r = j->r,
                         .crs = j->crs,
                         .tiles = &j->tiles,
                         .plan = &j->plan,
                         .set = j->set,
                         .x = j->x,
                         .y = j->y,
                         .idw = &j->idw,
                         .as = &j->as,
                         .gpkg = j->gpkg};
    dtmapi_sink *sink = NULL;
    if ((st = dtmapi_sink_open(&c, &sink, err)) != DTMAP_OK) return st;
    if (o->split == DTMAP_SPLIT_MERGE)
        st = dtmapi_split_read(o->plan_dir, &j->src, j->fingerprint, j->bounds, j->r->ntasks,
                               dtmapi_sink_tile, sink, err);
    else
        st = dtmapi_produce_run(&j->src, 0, j->tiles.n, dtmapi_sink_tile, sink, err);
    if (st != DTMAP_OK) {
        dtmapi_sink_abort(sink);
        return st;
    }
    return dtmapi_sink_finish(sink, err);
}

/* The steps of a split run that write no output: the plan, or one task. */
static dtmap_status split_step(job *j, dtmap_error *err) {
    const dtmap_map_opts *o = j->o;
    if (!o->plan_dir)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "a split run needs a plan folder");
    if (o->split == DTMAP_SPLIT_PLAN)
        return dtmapi_split_write_plan(o->plan_dir, j->fingerprint, &j->tiles, j->bounds,
                                       j->r->ntasks, err);
    dtmap_status st = dtmapi_split_check_plan(o->plan_dir, j->fingerprint, j->r->ntasks, err);
    if (st != DTMAP_OK || o->split != DTMAP_SPLIT_TASK) return st;
    if (o->task >= j->r->ntasks)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "task %zu: the plan has tasks 0..%zu", o->task,
                               j->r->ntasks - 1);
    char text[64];
    snprintf(text, sizeof text, "computing task %zu of %zu", o->task, j->r->ntasks);
    if ((st = stage(j->progress, j->user, text, err)) != DTMAP_OK) return st;
    return dtmapi_split_run_task(o->plan_dir, &j->src, j->fingerprint, j->bounds, o->task,
                                 &j->r->task_done_before, err);
}

/* What follows the tiles: the area report, gaps.gpkg and the summaries. */
static dtmap_status finish(job *j, const dtmap_ingest_report *rep, dtmap_error *err) {
    const dtmap_map_opts *o = j->o;
    dtmap_map_result *r = j->r;
    dtmap_status st = DTMAP_OK;
    if (j->as.areas) {
        st = stage(j->progress, j->user, "judging the areas: key figures, gaps, charts, report",
                   err);
        if (st != DTMAP_OK) return st;
    }
    st = dtmapi_assess_write(&j->as, j->crs, j->x, j->y, j->set, o, r, dtmapi_plan_add, err);
    if (st != DTMAP_OK) return st;
    if (j->gpkg) {
        if ((st = stage(j->progress, j->user, "writing gaps.gpkg", err)) != DTMAP_OK) return st;
        st = dtmap_gpkg_commit(j->gpkg, err);
        j->gpkg = NULL;
        if (st != DTMAP_OK) return st;
    }
    st = dtmap_summary_write_json(dtmapi_plan_path(&j->plan, r, DTMAPI_OUT_SUMMARY_JSON, 0), j->set,
                                  rep, o, r, err);
    if (st == DTMAP_OK)
        st = dtmap_summary_write_csv(dtmapi_plan_path(&j->plan, r, DTMAPI_OUT_SUMMARY_CSV, 0), r,
                                     o->overwrite, err);
    return st;
}

/* Renames r's outputs from folder from (where they were written) to folder to. */
static dtmap_status rename_outputs(dtmap_map_result *r, const char *from, const char *to,
                                   dtmap_error *err) {
    size_t skip = strlen(from);
    for (size_t i = 0; i < r->noutputs; i++) {
        const char *name = r->outputs[i] + skip;
        while (*name == '/')
            name++;
        char *p = dtmap_path_join_alloc(to, name);
        if (!p) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "output list");
        free(r->outputs[i]);
        r->outputs[i] = p;
    }
    return DTMAP_OK;
}

/* See run.h. The steps: layers, CRS, areas, projection, grid, the output plan (nothing is
 * written before every output is named and checked), the layers one by one, then finish. With
 * a staging folder the files are written there and named (and checked) in outdir. */
dtmap_status dtmap_map_run(const dtmap_samples *set, const dtmap_ingest_report *rep,
                           const dtmap_map_opts *opts, dtmap_progress_fn progress, void *user,
                           dtmap_map_result *r, dtmap_error *err) {
    memset(r, 0, sizeof *r);
    if (opts == NULL || opts->size < sizeof opts->size || opts->size > sizeof *opts)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "map options: size %zu (this libdtmap knows %zu bytes; start from "
                               "dtmap_map_opts_default)",
                               opts ? opts->size : 0, sizeof *opts);
    /* the fields the caller knows, defaults for the rest */
    dtmap_map_opts known;
    dtmap_map_opts_default(&known);
    memcpy(&known, opts, opts->size);
    known.size = sizeof known;
    const char *final_dir = known.outdir;
    if (known.stage_dir) known.outdir = known.stage_dir;
    dtmap_map_opts checked = known; /* what the existence checks look at */
    checked.outdir = final_dir;
    const dtmap_map_opts *o = &known;
    job j = {.set = set, .o = o, .r = r, .progress = progress, .user = user, .idw = o->idw};
    dtmap_status st;

    int split_only = o->split == DTMAP_SPLIT_PLAN || o->split == DTMAP_SPLIT_TASK;
    if ((st = dtmapi_plan_layers(set, o, r, err)) != DTMAP_OK) goto done;
    if ((st = pick_crs(set, o, r, &j.crs, err)) != DTMAP_OK) goto done;
    snprintf(r->crs_id, sizeof r->crs_id, "%s", dtmap_crs_id(j.crs));
    snprintf(r->crs_name, sizeof r->crs_name, "%s", dtmap_crs_name(j.crs));
    if ((st = dtmapi_assess_open(o, j.crs, &j.as, r, err)) != DTMAP_OK) goto done;
    if (j.idw.radius_m <= 0) j.idw.radius_m = 3.0 * o->res_m;
    if ((st = stage(progress, user, "projecting samples", err)) != DTMAP_OK ||
        (st = project(&j, err)) != DTMAP_OK || (st = choose_grid(&j, err)) != DTMAP_OK ||
        (st = make_tiles(&j, err)) != DTMAP_OK ||
        (st = dtmapi_assess_windows_open(&j.as, o, r, &j.g, !split_only, err)) != DTMAP_OK)
        goto done;
    if (o->split != DTMAP_SPLIT_TASK &&
        ((!split_only && (st = dtmap_mkdir_p(o->outdir, err)) != DTMAP_OK) ||
         (st = dtmapi_plan_outputs(o, final_dir, &j.as, r, &j.plan, err)) != DTMAP_OK ||
         (st = dtmapi_assess_check_charts(&checked, r, &j.as, err)) != DTMAP_OK))
        goto done;
    if (o->split != DTMAP_SPLIT_NONE && (st = split_step(&j, err)) != DTMAP_OK) goto done;
    if (split_only) goto done;
    if (o->split == DTMAP_SPLIT_MERGE &&
        (st = dtmapi_split_check_tasks(o->plan_dir, j.fingerprint, j.bounds, r->ntasks, &j.src,
                                       err)) != DTMAP_OK)
        goto done;
    if (o->gaps) {
        st = dtmap_gpkg_begin(dtmapi_plan_path(&j.plan, r, DTMAPI_OUT_GAPS, 0), o->overwrite,
                              &j.gpkg, err);
        if (st != DTMAP_OK) goto done;
    }
    if ((st = grid_tiles(&j, err)) != DTMAP_OK) goto done;
    st = finish(&j, rep, err);
    if (st == DTMAP_OK && o->outdir != final_dir) st = rename_outputs(r, o->outdir, final_dir, err);
done:
    dtmap_gpkg_abort(j.gpkg);
    dtmapi_assess_free(&j.as);
    dtmap_crs_destroy(j.crs);
    free(j.x), free(j.y);
    free(j.bounds);
    dtmapi_tiles_free(&j.tiles);
    if (st != DTMAP_OK) dtmap_map_result_free(r);
    return st;
}
