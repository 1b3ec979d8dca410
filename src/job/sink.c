/* sink.c: where a run's tiles go, in tile order (see sink.h). */
#include "job/sink.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/cellkind.h"
#include "dtmap/fileio.h"
#include "dtmap/style.h"
#include "dtmap/tiled.h"
#include "dtmap/tilegaps.h"
#include "job/ecl.h"
#include "job/layer.h"
#include "job/styles.h"

/* One layer's writers and the figures gathered as its tiles pass. */
typedef struct lay {
    dtmap_tiled *val, *cnt, *cls;
    layer_meta meta; /* its metadata (layer.h) */
    double lo, hi, sum, count_max;
    size_t valid, covered, weak;
    dtmap_tilegaps *gaps; /* run-wide gap regions, or NULL */
    dtmap_tilegaps_polys *polys;
} lay;

/* One technology's gap-kind raster. */
typedef struct kinds {
    dtmap_tiled *w;
    int rsrp, sinr; /* layer indices, sinr -1 when the SINR does not judge */
    dtmap_cellkind_rule rule;
    size_t counts[DTMAP_KIND_COUNT];
} kinds;

struct dtmapi_sink {
    dtmapi_sink_ctx c;
    lay *L;
    kinds K[DTMAP_TECH_COUNT];
    int nk;
    dtmap_tiled *ecl_mode, *ecl_share;
    dtmap_tilegaps *ce2;
    dtmap_tilegaps_polys *ce2_polys;
    size_t inside; /* cells of the run's grid in the tiles seen */
    uint8_t *buf;  /* T * T bytes: a class or kind tile */
};

static const dtmap_profile *profile_of(const dtmap_map_opts *o) {
    return o->profile ? o->profile : dtmap_profile_default();
}

/* ---- opening ---- */

static dtmap_status open_layer(dtmapi_sink *s, size_t k, dtmap_error *err) {
    const dtmapi_sink_ctx *c = &s->c;
    const dtmap_map_opts *o = c->o;
    dtmap_layer *l = &c->r->layers[k];
    lay *y = &s->L[k];
    const dtmap_tech_profile *tp = &profile_of(o)->tech[l->tech];
    y->lo = INFINITY, y->hi = -INFINITY;
    dtmap_status st = dtmapi_layer_meta_make(c->set, o, c->idw, c->crs, l, &y->meta, err);
    if (st != DTMAP_OK) return st;
    int power = dtmap_metric_is_power(l->metric);
    dtmap_tiled_spec v = {.grid = &c->tiles->file,
                          .tile = c->tiles->T,
                          .crs_wkt = dtmap_crs_wkt(c->crs),
                          .type = DTMAP_TILED_FLOAT32,
                          .nodata = o->nodata,
                          .description = y->meta.desc,
                          .unit = dtmap_metric_unit(l->metric),
                          .metadata = y->meta.md,
                          .cog = o->cog,
                          .cog_kind = power ? DTMAP_COG_POWER : DTMAP_COG_RATIO};
    st = dtmap_tiled_begin(dtmapi_plan_path(c->plan, c->r, DTMAPI_OUT_RASTER, k), &v, o->overwrite,
                           &y->val, err);
    if (st != DTMAP_OK) return st;
    dtmap_tiled_spec n = v;
    n.description = y->meta.count_desc;
    n.unit = "count";
    n.metadata = y->meta.count_md;
    n.cog_kind = DTMAP_COG_RATIO; /* overviews: mean samples per full-resolution cell */
    st = dtmap_tiled_begin(dtmapi_plan_path(c->plan, c->r, DTMAPI_OUT_SAMPLES, k), &n, o->overwrite,
                           &y->cnt, err);
    if (st == DTMAP_OK && tp->nclasses[l->metric] > 0)
        st = dtmapi_styles_class_begin(o->outdir, &c->tiles->file, c->tiles->T, c->crs, o, l,
                                       &y->cls, err);
    if (st == DTMAP_OK && c->gpkg && l->has_threshold) {
        st = dtmap_tilegaps_begin(&c->tiles->file, c->tiles->T, o->nodata, l->threshold, power, 0,
                                  &y->gaps, err);
        if (st == DTMAP_OK) st = dtmap_tilegaps_polys_begin(&c->tiles->file, &y->polys, err);
    }
    return st;
}

/* The layer index of tech x metric, or -1. */
static int layer_of(const dtmap_map_result *r, int t, dtmap_metric m) {
    for (size_t k = 0; k < r->nlayers; k++)
        if ((int)r->layers[k].tech == t && r->layers[k].metric == m) return (int)k;
    return -1;
}

static dtmap_status open_kinds(dtmapi_sink *s, int t, dtmap_error *err) {
    const dtmapi_sink_ctx *c = &s->c;
    const dtmap_thresholds *th = &c->o->thresholds;
    kinds *k = &s->K[t];
    k->rsrp = layer_of(c->r, t, DTMAP_METRIC_RSRP);
    k->sinr = th->set[t][DTMAP_METRIC_SINR] ? layer_of(c->r, t, DTMAP_METRIC_SINR) : -1;
    k->rule = (dtmap_cellkind_rule){.rsrp_threshold = th->value[t][DTMAP_METRIC_RSRP],
                                    .has_sinr = k->sinr >= 0,
                                    .sinr_threshold = th->value[t][DTMAP_METRIC_SINR]};
    s->nk++;
    return dtmapi_assess_kinds_begin(c->o, (dtmap_tech)t, &c->tiles->file, c->tiles->T, c->crs,
                                     &k->rule, &k->w, err);
}

static dtmap_status open_ecl(dtmapi_sink *s, dtmap_error *err) {
    const dtmapi_sink_ctx *c = &s->c;
    dtmap_status st =
        dtmapi_ecl_begin(&c->tiles->area, &c->tiles->file, c->tiles->T, c->crs, c->x, c->y, c->set,
                         c->o, dtmapi_plan_path(c->plan, c->r, DTMAPI_OUT_ECL, 0),
                         dtmapi_plan_path(c->plan, c->r, DTMAPI_OUT_ECL_SHARE, 0), &c->r->ecl,
                         &s->ecl_mode, &s->ecl_share, err);
    if (st == DTMAP_OK && c->gpkg) {
        /* at least the threshold share: a hair below it in float terms still counts */
        st = dtmap_tilegaps_begin(&c->tiles->file, c->tiles->T, c->o->nodata,
                                  100.0 * c->r->ecl.ce2_share_threshold - 1e-4, 0, 1, &s->ce2, err);
        if (st == DTMAP_OK) st = dtmap_tilegaps_polys_begin(&c->tiles->file, &s->ce2_polys, err);
    }
    return st;
}

dtmap_status dtmapi_sink_open(const dtmapi_sink_ctx *ctx, dtmapi_sink **out, dtmap_error *err) {
    dtmapi_sink *s = calloc(1, sizeof *s);
    dtmap_status st = DTMAP_OK;
    *out = NULL;
    if (!s) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "tile sink");
    s->c = *ctx;
    size_t T = (size_t)ctx->tiles->T;
    s->L = calloc(ctx->r->nlayers ? ctx->r->nlayers : 1, sizeof *s->L);
    s->buf = malloc(T * T);
    if (!s->L || !s->buf) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "tile sink");
        goto done;
    }
    for (size_t k = 0; k < ctx->r->nlayers && st == DTMAP_OK; k++)
        st = open_layer(s, k, err);
    for (int t = 0; t < DTMAP_TECH_OTHER && st == DTMAP_OK; t++)
        if (dtmapi_assess_tech(ctx->o, ctx->r, (dtmap_tech)t)) st = open_kinds(s, t, err);
    if (st == DTMAP_OK && ctx->r->ecl.present) st = open_ecl(s, err);
done:
    if (st != DTMAP_OK)
        dtmapi_sink_abort(s);
    else
        *out = s;
    return st;
}

/* ---- one tile ---- */

/* The layer's figures over the tile's cells inside the run's grid. */
static void layer_figures(lay *y, const dtmap_layer *l, const float *v, const float *n, int T,
                          int c0, int r0, int c1, int r1, float nodata) {
    int power = dtmap_metric_is_power(l->metric);
    for (int r = r0; r < r1; r++)
        for (int c = c0; c < c1; c++) {
            size_t i = (size_t)r * (size_t)T + (size_t)c;
            if (isfinite(n[i]) && n[i] != nodata && n[i] > y->count_max) y->count_max = n[i];
            float x = v[i];
            if (x == nodata || !isfinite(x)) continue;
            if (x < y->lo) y->lo = x;
            if (x > y->hi) y->hi = x;
            y->sum += power ? pow(10.0, x / 10.0) : x;
            y->valid++;
            if (l->has_threshold) *(x < l->threshold ? &y->weak : &y->covered) += 1;
        }
}

static dtmap_status tile_layer(dtmapi_sink *s, size_t k, const dtmapi_tile *t, int tc, int tr,
                               const int in[4], dtmap_error *err) {
    const dtmapi_sink_ctx *c = &s->c;
    const dtmap_layer *l = &c->r->layers[k];
    lay *y = &s->L[k];
    int T = c->tiles->T;
    const float *v = t->value[k], *n = t->count[k];
    layer_figures(y, l, v, n, T, in[0], in[1], in[2], in[3], c->o->nodata);
    dtmap_status st = dtmap_tiled_put(y->val, tc, tr, v, err);
    if (st == DTMAP_OK) st = dtmap_tiled_put(y->cnt, tc, tr, n, err);
    if (st == DTMAP_OK && y->cls) {
        const dtmap_tech_profile *tp = &profile_of(c->o)->tech[l->tech];
        const dtmap_class *cls = tp->classes[l->metric];
        int nc = tp->nclasses[l->metric];
        for (size_t i = 0; i < (size_t)T * (size_t)T; i++)
            s->buf[i] = (isnan(v[i]) || v[i] == c->o->nodata)
                            ? 0
                            : (uint8_t)(1 + dtmap_class_index(cls, nc, v[i]));
        st = dtmap_tiled_put(y->cls, tc, tr, s->buf, err);
    }
    if (st == DTMAP_OK && y->gaps) {
        st = dtmap_tilegaps_add_tile(y->gaps, tc, tr, v, n, err);
        if (st == DTMAP_OK) st = dtmap_tilegaps_polys_add(y->polys, y->gaps, err);
    }
    return st;
}

static dtmap_status tile_kinds(dtmapi_sink *s, int t, const dtmapi_tile *tl, int tc, int tr,
                               const int in[4], dtmap_error *err) {
    kinds *k = &s->K[t];
    int T = s->c.tiles->T;
    size_t cells = (size_t)T * (size_t)T;
    dtmap_status st =
        dtmap_cellkind_classify(cells, tl->value[k->rsrp], k->sinr >= 0 ? tl->value[k->sinr] : NULL,
                                s->c.o->nodata, &k->rule, s->buf, err);
    if (st != DTMAP_OK) return st;
    for (int r = 0; r < T; r++)
        for (int c = 0; c < T; c++) {
            uint8_t *b = &s->buf[(size_t)r * T + c];
            if (r < in[1] || r >= in[3] || c < in[0] || c >= in[2])
                *b = DTMAP_KIND_NONE;
            else
                k->counts[*b]++;
        }
    return dtmap_tiled_put(k->w, tc, tr, s->buf, err);
}

static dtmap_status tile_ecl(dtmapi_sink *s, const dtmapi_tile *t, int tc, int tr, const int in[4],
                             dtmap_error *err) {
    dtmap_ecl_result *e = &s->c.r->ecl;
    int T = s->c.tiles->T;
    for (int r = in[1]; r < in[3]; r++)
        for (int c = in[0]; c < in[2]; c++) {
            float m = t->ecl_mode[(size_t)r * T + c];
            if (m == s->c.o->nodata || !(m >= 0 && m <= 2)) continue;
            e->cells++;
            e->cells_by_mode[(int)m]++;
        }
    dtmap_status st = dtmap_tiled_put(s->ecl_mode, tc, tr, t->ecl_mode, err);
    if (st == DTMAP_OK) st = dtmap_tiled_put(s->ecl_share, tc, tr, t->ecl_share, err);
    if (st == DTMAP_OK && s->ce2) {
        st = dtmap_tilegaps_add_tile(s->ce2, tc, tr, t->ecl_share, t->ecl_count, err);
        if (st == DTMAP_OK) st = dtmap_tilegaps_polys_add(s->ce2_polys, s->ce2, err);
    }
    return st;
}

dtmap_status dtmapi_sink_tile(void *user, const dtmapi_tile *t, dtmap_error *err) {
    dtmapi_sink *s = user;
    int tc, tr, in[4];
    dtmapi_tiles_pos(s->c.tiles, t->k, &tc, &tr);
    dtmapi_tiles_inside(s->c.tiles, t->k, &in[0], &in[1], &in[2], &in[3]);
    if (in[2] > in[0] && in[3] > in[1]) s->inside += (size_t)(in[2] - in[0]) * (in[3] - in[1]);
    dtmap_status st = DTMAP_OK;
    for (size_t k = 0; k < s->c.r->nlayers && st == DTMAP_OK; k++)
        st = tile_layer(s, k, t, tc, tr, in, err);
    for (int q = 0; q < DTMAP_TECH_OTHER && st == DTMAP_OK; q++)
        if (s->K[q].w) st = tile_kinds(s, q, t, tc, tr, in, err);
    if (st == DTMAP_OK && s->ecl_mode) st = tile_ecl(s, t, tc, tr, in, err);
    if (st == DTMAP_OK && s->c.as->areas)
        st = dtmapi_assess_windows_tile(s->c.as, s->c.tiles, t, s->c.r, err);
    return st;
}

/* ---- after the last tile ---- */

/* Cells of the run's grid. */
static size_t area_cells(const dtmapi_sink *s) {
    return dtmap_grid_ncells(&s->c.tiles->area);
}

/* Finds the run-wide gap regions of labeller g, records their figures and writes their
 * polygons as layer name of gaps.gpkg. */
static dtmap_status gap_layer(dtmapi_sink *s, dtmap_tilegaps *g, dtmap_tilegaps_polys *p,
                              const char *name, const char *tech, const char *metric,
                              const char *unit, double threshold, size_t *ngaps, double *largest,
                              size_t *weak, dtmap_error *err) {
    dtmap_tilegaps_result res = {0};
    dtmap_status st = dtmap_tilegaps_finish(g, s->c.crs, &res, err);
    if (st == DTMAP_OK) {
        *ngaps = res.n;
        *largest = res.n ? res.v[0].area_m2 : 0;
        if (weak) *weak = res.cells_weak;
        st = dtmap_tilegaps_polys_write(p, s->c.gpkg, name, s->c.crs, &res, tech, metric, unit,
                                        threshold, err);
    }
    dtmap_tilegaps_result_free(&res);
    return st;
}

static dtmap_status finish_layer(dtmapi_sink *s, size_t k, dtmap_error *err) {
    const dtmapi_sink_ctx *c = &s->c;
    dtmap_layer *l = &c->r->layers[k];
    lay *y = &s->L[k];
    const dtmap_grid *a = &c->tiles->area;
    int power = dtmap_metric_is_power(l->metric);
    l->cells_total = area_cells(s);
    l->cell_area_m2 = dtmap_grid_cell_area_m2(a);
    l->cells_covered = y->covered;
    l->cells_weak = y->weak;
    l->cells_unmeasured = l->cells_total - y->valid;
    l->min = y->valid ? y->lo : NAN; /* the styles' ramps need them */
    l->max = y->valid ? y->hi : NAN;
    l->mean = !y->valid ? NAN
              : power   ? 10.0 * log10(y->sum / (double)y->valid)
                        : y->sum / (double)y->valid;
    l->empty = y->valid == 0;
    l->samples_on_grid = l->samples_below = 0;
    for (size_t i = 0; i < c->set->n; i++) {
        const dtmap_sample *v = &c->set->v[i];
        int col, row;
        if (v->tech != l->tech || !isfinite(v->value[l->metric]) || !isfinite(c->x[i])) continue;
        if (l->has_threshold && v->value[l->metric] < l->threshold) l->samples_below++;
        if (dtmap_grid_cell_of(a, c->x[i], c->y[i], &col, &row)) l->samples_on_grid++;
    }
    dtmap_status st = dtmap_tiled_commit(y->val, err);
    y->val = NULL;
    if (st == DTMAP_OK) st = dtmap_tiled_commit(y->cnt, err);
    y->cnt = NULL;
    if (st == DTMAP_OK && y->cls) st = dtmap_tiled_commit(y->cls, err);
    y->cls = NULL;
    if (st == DTMAP_OK) st = dtmapi_styles_write_layer(c->o->outdir, c->o, l, y->count_max, err);
    if (st != DTMAP_OK || !y->gaps) return st;
    char name[64];
    snprintf(name, sizeof name, "gaps_%s_%s", dtmap_metric_name(l->metric),
             dtmap_tech_name(l->tech));
    l->has_gaps = 1;
    return gap_layer(s, y->gaps, y->polys, name, dtmap_tech_label(l->tech),
                     dtmap_metric_label(l->metric), dtmap_metric_unit(l->metric), l->threshold,
                     &l->ngaps, &l->largest_gap_m2, NULL, err);
}

static dtmap_status finish_kinds(dtmapi_sink *s, int t, dtmap_error *err) {
    kinds *k = &s->K[t];
    k->counts[DTMAP_KIND_UNMEASURED] += area_cells(s) - s->inside; /* the tiles not computed */
    memcpy(s->c.r->kind_cells[t], k->counts, sizeof k->counts);
    s->c.r->has_kinds[t] = 1;
    dtmap_status st = dtmapi_assess_kinds_end(s->c.o, (dtmap_tech)t, &s->c.tiles->file, &k->rule,
                                              k->w, k->counts, err);
    k->w = NULL;
    return st;
}

static dtmap_status finish_ecl(dtmapi_sink *s, dtmap_error *err) {
    const dtmapi_sink_ctx *c = &s->c;
    dtmap_ecl_result *e = &c->r->ecl;
    dtmap_status st = dtmap_tiled_commit(s->ecl_mode, err);
    s->ecl_mode = NULL;
    if (st == DTMAP_OK) st = dtmap_tiled_commit(s->ecl_share, err);
    s->ecl_share = NULL;
    if (st == DTMAP_OK) st = dtmapi_styles_write_ecl(c->o->outdir, c->o, e, err);
    if (st != DTMAP_OK || !s->ce2) return st;
    e->has_gaps = 1;
    return gap_layer(s, s->ce2, s->ce2_polys, "gaps_ce2_nbiot", "NB-IoT", "CE2 share", "%",
                     100.0 * e->ce2_share_threshold, &e->ngaps, &e->largest_gap_m2, &e->ce2_cells,
                     err);
}

dtmap_status dtmapi_sink_finish(dtmapi_sink *s, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    for (size_t k = 0; k < s->c.r->nlayers && st == DTMAP_OK; k++)
        st = finish_layer(s, k, err);
    for (int t = 0; t < DTMAP_TECH_OTHER && st == DTMAP_OK; t++)
        if (s->K[t].w) st = finish_kinds(s, t, err);
    if (st == DTMAP_OK && s->ecl_mode) st = finish_ecl(s, err);
    dtmapi_sink_abort(s);
    return st;
}

void dtmapi_sink_abort(dtmapi_sink *s) {
    if (!s) return;
    for (size_t k = 0; s->L && k < s->c.r->nlayers; k++) {
        lay *y = &s->L[k];
        dtmap_tiled_abort(y->val), dtmap_tiled_abort(y->cnt), dtmap_tiled_abort(y->cls);
        dtmap_tilegaps_free(y->gaps);
        dtmap_tilegaps_polys_free(y->polys);
        dtmapi_layer_meta_free(&y->meta);
    }
    for (int t = 0; t < DTMAP_TECH_COUNT; t++)
        dtmap_tiled_abort(s->K[t].w);
    dtmap_tiled_abort(s->ecl_mode), dtmap_tiled_abort(s->ecl_share);
    dtmap_tilegaps_free(s->ce2);
    dtmap_tilegaps_polys_free(s->ce2_polys);
    free(s->L), free(s->buf);
    free(s);
}
