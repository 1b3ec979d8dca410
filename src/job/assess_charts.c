/* assess_charts.c: the charts of one area and technology (see assess.h): RSRP and SINR CDF and
 * histogram, and a quick-look map of the RSRP classes with the area's and its gaps' outlines. */
#include "job/assess.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "dtmap/areagaps.h"
#include "dtmap/fileio.h"
#include "dtmap/plot.h"

void dtmapi_assess_chart_base(const dtmap_areas *areas, size_t area, dtmap_tech tech,
                              const char *what, char *out, size_t size) {
    char slug[48] = "";
    size_t n = 0;
    int gap = 0;
    for (const char *c = dtmap_areas_name(areas, area); *c && n < 40; c++) {
        unsigned char u = (unsigned char)*c;
        if (u < 0x80 && isalnum(u)) {
            if (gap && n) slug[n++] = '-';
            slug[n++] = (char)tolower(u);
            gap = 0;
        } else {
            gap = 1;
        }
    }
    slug[n] = '\0';
    snprintf(out, size, "charts/%02zu%s%s-%s-%s", area + 1, n ? "-" : "", slug,
             dtmap_tech_name(tech), what);
}

/* A cell index v clamped to 0..n while still a double: an area far off the grid (--extent)
 * gives indices beyond int. */
static int clamp_cell(double v, int n) {
    return !(v > 0) ? 0 : v > n ? n : (int)v;
}

/* The window of the grid around area i: its bounds grown by a tenth of their size (at least
 * five cells), clipped to the grid. */
static void window(const dtmap_areas *areas, size_t i, const dtmap_grid *g, int *c0, int *r0,
                   int *nc, int *nr) {
    double e[4];
    dtmap_areas_bounds(areas, i, e);
    double m = fmax(5 * g->res_m, 0.1 * fmax(e[2] - e[0], e[3] - e[1]));
    int x0 = clamp_cell(floor((e[0] - m - g->xmin) / g->res_m), g->ncols);
    int x1 = clamp_cell(ceil((e[2] + m - g->xmin) / g->res_m), g->ncols);
    int y0 = clamp_cell(floor((g->ymax - (e[3] + m)) / g->res_m), g->nrows);
    int y1 = clamp_cell(ceil((g->ymax - (e[1] - m)) / g->res_m), g->nrows);
    *c0 = x0, *r0 = y0, *nc = x1 > x0 ? x1 - x0 : 0, *nr = y1 > y0 ? y1 - y0 : 0;
}

/* The quick-look map: RSRP classes of the profile over the area's window, the area's outline
 * and its gaps' outlines. */
static dtmap_status draw_map(const assess_chart_input *in, const dtmap_map_opts *o,
                             const char *base, dtmap_error *err) {
    const dtmap_profile *p = o->profile ? o->profile : dtmap_profile_default();
    const dtmap_tech_profile *tp = &p->tech[in->tech];
    int nclass = tp->nclasses[DTMAP_METRIC_RSRP];
    int c0, r0, nc, nr;
    dtmap_outlines gaps = {0};
    dtmap_polyline *outline = NULL;
    uint8_t *cls = NULL;
    dtmap_status st = DTMAP_OK;
    size_t nrings = 0;
    const dtmap_ring *rings = dtmap_areas_rings(in->areas, in->area, &nrings);
    window(in->areas, in->area, in->g, &c0, &r0, &nc, &nr);
    if (nclass <= 0 || nc == 0 || nr == 0) return DTMAP_ERR_EMPTY; /* nothing to show */
    dtmap_grid w = {.xmin = in->g->xmin + c0 * in->g->res_m,
                    .ymax = in->g->ymax - r0 * in->g->res_m,
                    .res_m = in->g->res_m,
                    .ncols = nc,
                    .nrows = nr};
    cls = malloc((size_t)nc * (size_t)nr);
    outline = malloc((nrings ? nrings : 1) * sizeof *outline);
    if (!cls || !outline) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "quick-look map");
        goto done;
    }
    for (int r = 0; r < nr; r++)
        for (int c = 0; c < nc; c++) {
            float v = in->rsrp[(size_t)(r0 + r) * (size_t)in->g->ncols + (size_t)(c0 + c)];
            int k = v == in->nodata || !isfinite(v)
                        ? -1
                        : dtmap_profile_class(p, in->tech, DTMAP_METRIC_RSRP, v);
            cls[(size_t)r * (size_t)nc + (size_t)c] = (uint8_t)(k + 1);
        }
    for (size_t k = 0; k < nrings; k++)
        outline[k] = (dtmap_polyline){.x = rings[k].x, .y = rings[k].y, .n = rings[k].n};
    /* Weak and interference gaps only: unmeasured ones are the blank cells already. */
    unsigned mask = 1u << DTMAP_KIND_WEAK | 1u << DTMAP_KIND_INTERFERENCE;
    if ((st = dtmap_area_gaps_outlines(in->gaps, in->area, in->tech, mask, &gaps, err)) != DTMAP_OK)
        goto done;
    char title[320], subtitle[200];
    snprintf(title, sizeof title, "%s · %s RSRP", dtmap_areas_name(in->areas, in->area),
             dtmap_tech_label(in->tech));
    snprintf(subtitle, sizeof subtitle, "classes, gaps ≥ %g m² · %g m grid · %s · profile %s",
             o->min_gap_area_m2, in->g->res_m, in->crs_id, p->name);
    dtmap_plot_map_spec spec = {.title = title,
                                .subtitle = subtitle,
                                .grid = &w,
                                .cls = cls,
                                .classes = tp->classes[DTMAP_METRIC_RSRP],
                                .nclasses = nclass,
                                .unit = "dBm",
                                .areas = outline,
                                .nareas = nrings,
                                .gaps = gaps.v,
                                .ngaps = gaps.n};
    st = dtmap_plot_map(base, &spec, o->overwrite, err);
done:
    free(cls), free(outline);
    dtmap_outlines_free(&gaps);
    return st;
}

dtmap_status dtmapi_assess_charts_draw(const assess_chart_input *in, const dtmap_map_opts *o,
                                       dtmap_report_charts *out, dtmap_error *err) {
    char dir[4096], base[5][128], path[4096 + 140];
    char *slot[5] = {out->rsrp_cdf, out->rsrp_hist, out->sinr_cdf, out->sinr_hist, out->map};
    dtmap_status st;
    memset(out, 0, sizeof *out);
    if (dtmapi_path_join(dir, sizeof dir, o->outdir, "charts") != 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: output folder name too long", o->outdir);
    if ((st = dtmap_mkdir_p(dir, err)) != DTMAP_OK) return st;
    for (int k = 0; k < 5; k++) {
        dtmapi_assess_chart_base(in->areas, in->area, in->tech, dtmapi_assess_chart_kinds[k],
                                 base[k], sizeof base[k]);
        if (dtmapi_path_join(path, sizeof path, o->outdir, base[k]) != 0)
            return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: output folder name too long",
                                   o->outdir);
        if (k < 4) {
            int sinr = k >= 2;
            const double *v = sinr ? in->sinr_values : in->rsrp_values;
            size_t n = sinr ? in->n_sinr : in->n_rsrp;
            if (n == 0) continue; /* nothing to draw: the report says "no samples" */
            dtmap_plot_dist_spec spec = {.area = dtmap_areas_name(in->areas, in->area),
                                         .tech = in->tech,
                                         .metric = sinr ? DTMAP_METRIC_SINR : DTMAP_METRIC_RSRP,
                                         .profile = o->profile};
            st = k % 2 ? dtmap_plot_histogram(path, v, n, &spec, o->overwrite, err)
                       : dtmap_plot_cdf(path, v, n, &spec, o->overwrite, err);
        } else {
            st = draw_map(in, o, path, err);
        }
        if (st == DTMAP_ERR_EMPTY) { /* e.g. no measured cell in the window: no chart */
            dtmap_error_clear(err);
            continue;
        }
        if (st != DTMAP_OK) return st;
        snprintf(slot[k], sizeof out->map, "%s", base[k]);
    }
    return DTMAP_OK;
}
