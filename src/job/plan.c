/* plan.c: the map job's output plan (see plan.h): the layers, the name of every output and
 * the check that nothing is overwritten by surprise. */
#include "job/plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "job/styles.h"

/* The fixed names of the run's files. */
static const char *const GAPS_FILE = "gaps.gpkg";
static const char *const SUMMARY_JSON = "summary.json";
static const char *const SUMMARY_CSV = "summary.csv";
static const char *const ECL_FILE = "ecl_nbiot.tif";
static const char *const ECL_SHARE_FILE = "ecl_ce2_share_nbiot.tif";

/* See plan.h. */
dtmap_status dtmapi_plan_layers(const dtmap_samples *set, const dtmap_map_opts *o,
                                dtmap_map_result *r, dtmap_error *err) {
    uint64_t count[DTMAP_TECH_COUNT][DTMAP_METRIC_COUNT] = {{0}};
    for (size_t i = 0; i < set->n; i++)
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++)
            if (set->v[i].tech < DTMAP_TECH_OTHER && isfinite(set->v[i].value[m]))
                count[set->v[i].tech][m]++;
    r->layers = calloc(DTMAP_TECH_COUNT * DTMAP_METRIC_COUNT, sizeof *r->layers);
    if (!r->layers) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "layers");
    for (int t = 0; t < DTMAP_TECH_OTHER; t++) {
        if (o->tech_mask && !(o->tech_mask & (1u << t))) continue;
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            if (o->metric_mask && !(o->metric_mask & (1u << m))) continue;
            if (!count[t][m]) continue;
            dtmap_layer *l = &r->layers[r->nlayers++];
            l->tech = (dtmap_tech)t;
            l->metric = (dtmap_metric)m;
            l->samples = count[t][m];
            snprintf(l->raster, sizeof l->raster, "%s_%s.tif", dtmap_metric_name(l->metric),
                     dtmap_tech_name(l->tech));
            snprintf(l->samples_raster, sizeof l->samples_raster, "%s_%s_samples.tif",
                     dtmap_metric_name(l->metric), dtmap_tech_name(l->tech));
            l->has_threshold = o->thresholds.set[t][m];
            l->threshold = o->thresholds.value[t][m];
        }
    }
    for (size_t i = 0; i < set->n && !(o->tech_mask && !(o->tech_mask & (1u << DTMAP_TECH_NBIOT)));
         i++)
        if (set->v[i].tech == DTMAP_TECH_NBIOT && set->v[i].ecl >= 0) {
            r->ecl.present = 1;
            snprintf(r->ecl.raster, sizeof r->ecl.raster, "%s", ECL_FILE);
            snprintf(r->ecl.share_raster, sizeof r->ecl.share_raster, "%s", ECL_SHARE_FILE);
            r->ecl.ce2_share_threshold = o->ce2_share;
            break;
        }
    if (r->nlayers == 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY,
                               "no accepted sample has RSRP, RSRQ or SINR of a mapped "
                               "technology%s: nothing to map",
                               (o->tech_mask || o->metric_mask) ? " (within --techs/--metrics)"
                                                                : "");
    return DTMAP_OK;
}

/* See plan.h. */
dtmap_status dtmapi_plan_add(dtmap_map_result *r, const char *dir, const char *name,
                             dtmap_error *err) {
    char **v = realloc(r->outputs, (r->noutputs + 1) * sizeof *v);
    if (!v) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "output list");
    r->outputs = v;
    if (!(v[r->noutputs] = dtmap_path_join_alloc(dir, name)))
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "output list");
    r->noutputs++;
    return DTMAP_OK;
}

/* Adds the n names of role to the plan. */
static dtmap_status add_role(dtmap_map_result *r, const char *dir, dtmapi_plan *p, dtmapi_out role,
                             const char *const *names, size_t n, dtmap_error *err) {
    p->first[role] = r->noutputs;
    for (size_t i = 0; i < n; i++) {
        dtmap_status st = dtmapi_plan_add(r, dir, names[i], err);
        if (st != DTMAP_OK) return st;
        p->count[role]++;
    }
    return DTMAP_OK;
}

/* Adds the n names of role held in a char[n][stride] table. */
static dtmap_status add_table(dtmap_map_result *r, const char *dir, dtmapi_plan *p, dtmapi_out role,
                              const char *names, size_t stride, size_t n, dtmap_error *err) {
    if (p->count[role] == 0) p->first[role] = r->noutputs;
    for (size_t i = 0; i < n; i++) {
        dtmap_status st = dtmapi_plan_add(r, dir, names + i * stride, err);
        if (st != DTMAP_OK) return st;
        p->count[role]++;
    }
    return DTMAP_OK;
}

/* DTMAP_ERR_EXISTS for the first planned output that exists in final_dir (the outputs are named
 * in dir), unless overwrite. */
static dtmap_status check_outputs(const dtmap_map_result *r, const char *dir, const char *final_dir,
                                  int overwrite, dtmap_error *err) {
    if (overwrite) return DTMAP_OK;
    size_t skip = strlen(dir);
    for (size_t i = 0; i < r->noutputs; i++) {
        const char *name = r->outputs[i] + skip;
        while (*name == '/')
            name++;
        char *path = dtmap_path_join_alloc(final_dir, name);
        if (!path) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "output list");
        FILE *f = fopen(path, "r");
        dtmap_status st = DTMAP_OK;
        if (f) {
            fclose(f);
            st = dtmap_error_set(err, DTMAP_ERR_EXISTS, "%s exists (use --overwrite to replace it)",
                                 path);
        }
        free(path);
        if (st != DTMAP_OK) return st;
    }
    return DTMAP_OK;
}

/* See plan.h. */
dtmap_status dtmapi_plan_outputs(const dtmap_map_opts *o, const char *final_dir,
                                 const assess_state *as, dtmap_map_result *r, dtmapi_plan *p,
                                 dtmap_error *err) {
    const char *dir = o->outdir;
    dtmap_status st = DTMAP_OK;
    *p = (dtmapi_plan){{0}, {0}};
    p->first[DTMAPI_OUT_RASTER] = r->noutputs;
    for (size_t k = 0; k < r->nlayers && st == DTMAP_OK; k++)
        if ((st = dtmapi_plan_add(r, dir, r->layers[k].raster, err)) == DTMAP_OK)
            p->count[DTMAPI_OUT_RASTER]++;
    p->first[DTMAPI_OUT_SAMPLES] = r->noutputs;
    for (size_t k = 0; k < r->nlayers && st == DTMAP_OK; k++)
        if ((st = dtmapi_plan_add(r, dir, r->layers[k].samples_raster, err)) == DTMAP_OK)
            p->count[DTMAPI_OUT_SAMPLES]++;
    for (size_t k = 0; k < r->nlayers && st == DTMAP_OK; k++) {
        char names[STYLES_MAX_FILES][STYLES_NAME_SIZE];
        int n = dtmapi_styles_layer_files(o, &r->layers[k], names);
        st = add_table(r, dir, p, DTMAPI_OUT_STYLES, names[0], sizeof names[0], (size_t)n, err);
    }
    if (st == DTMAP_OK && r->ecl.present) {
        const char *ecl[1] = {r->ecl.raster}, *share[1] = {r->ecl.share_raster};
        char names[2][80];
        dtmapi_styles_ecl_files(&r->ecl, names);
        if ((st = add_role(r, dir, p, DTMAPI_OUT_ECL, ecl, 1, err)) == DTMAP_OK &&
            (st = add_role(r, dir, p, DTMAPI_OUT_ECL_SHARE, share, 1, err)) == DTMAP_OK)
            st = add_table(r, dir, p, DTMAPI_OUT_ECL_STYLES, names[0], sizeof names[0], 2, err);
    }
    if (st == DTMAP_OK) {
        char assessed[ASSESS_MAX_FILES][80];
        int n = dtmapi_assess_files(o, r, as, assessed);
        st = add_table(r, dir, p, DTMAPI_OUT_ASSESS, assessed[0], sizeof assessed[0], (size_t)n,
                       err);
    }
    if (st == DTMAP_OK && o->gaps) st = add_role(r, dir, p, DTMAPI_OUT_GAPS, &GAPS_FILE, 1, err);
    if (st == DTMAP_OK) st = add_role(r, dir, p, DTMAPI_OUT_SUMMARY_JSON, &SUMMARY_JSON, 1, err);
    if (st == DTMAP_OK) st = add_role(r, dir, p, DTMAPI_OUT_SUMMARY_CSV, &SUMMARY_CSV, 1, err);
    return st == DTMAP_OK ? check_outputs(r, dir, final_dir, o->overwrite, err) : st;
}

/* See plan.h. */
const char *dtmapi_plan_path(const dtmapi_plan *p, const dtmap_map_result *r, dtmapi_out role,
                             size_t k) {
    if ((unsigned)role >= DTMAPI_OUT_COUNT || k >= p->count[role]) return NULL;
    return r->outputs[p->first[role] + k];
}
