/* plot_map.c: the quick-look map of a coverage-class grid: class cells, area and gap outlines,
 * legend, scale bar and north arrow, drawn with PLplot. */
#include "dtmap/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plplot.h>

#include "output/plot_common.h"

#define MAX_DISPLAY 500 /* display cells per side; larger grids are shown in blocks */

/* What the map draws, computed before PLplot is touched (texts are PLplot-safe). */
typedef struct map {
    const dtmap_plot_map_spec *s;
    int f;            /* a display cell is f x f grid cells */
    int dcols, drows; /* display grid */
    uint8_t *disp;    /* drows * dcols: 0 = no data, i = class i - 1 */
    int has_nodata;
    double xmin, xmax, ymin, ymax;
    double page_w, page_h; /* PNG size, pixels */
    char title[400], subtitle[400];
    char labels[DTMAP_PLOT_MAX_CLASSES][160];
} map;

static dtmap_status spec_check(const dtmap_plot_map_spec *s, dtmap_error *err) {
    if (s == NULL || s->title == NULL || s->grid == NULL || s->cls == NULL || s->classes == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "map: missing title, grid, cells or classes");
    if (s->nclasses < 1 || s->nclasses > DTMAP_PLOT_MAX_CLASSES)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "map: %d classes (1..%d can be drawn)",
                               s->nclasses, DTMAP_PLOT_MAX_CLASSES);
    for (int i = 0; i < s->nclasses; i++) {
        int rgb[3];
        if (dtmapi_plot_parse_colour(s->classes[i].colour, rgb) != 0)
            return dtmap_error_set(err, DTMAP_ERR_USAGE, "map: class %d (%s): colour \"%s\"", i + 1,
                                   s->classes[i].name, s->classes[i].colour);
    }
    const dtmap_grid *g = s->grid;
    if (g->ncols <= 0 || g->nrows <= 0 || !(g->res_m > 0))
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "map: empty grid (%d x %d)", g->ncols,
                               g->nrows);
    if ((s->nareas > 0 && s->areas == NULL) || (s->ngaps > 0 && s->gaps == NULL))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "map: outline list missing");
    for (int k = 0; k < 2; k++) {
        const dtmap_polyline *pl = k ? s->gaps : s->areas;
        size_t n = k ? s->ngaps : s->nareas;
        for (size_t i = 0; i < n; i++)
            if (pl[i].n > 0 && (pl[i].x == NULL || pl[i].y == NULL))
                return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                       "map: %s outline %zu has no coordinates", k ? "gap" : "area",
                                       i + 1);
    }
    return DTMAP_OK;
}

/* Fills m->disp: each display cell takes the most frequent class of its block (ties go to the
 * worse class, so small gaps stay visible), 0 when the block has no class. */
static dtmap_status display_build(map *m, dtmap_error *err) {
    const dtmap_plot_map_spec *s = m->s;
    const dtmap_grid *g = s->grid;
    int side = g->ncols > g->nrows ? g->ncols : g->nrows;
    m->f = (side + MAX_DISPLAY - 1) / MAX_DISPLAY;
    m->dcols = (g->ncols + m->f - 1) / m->f;
    m->drows = (g->nrows + m->f - 1) / m->f;
    m->disp = calloc((size_t)m->dcols * (size_t)m->drows, 1);
    if (m->disp == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "map: display grid");
    size_t any = 0;
    for (int dr = 0; dr < m->drows; dr++) {
        for (int dc = 0; dc < m->dcols; dc++) {
            unsigned count[DTMAP_PLOT_MAX_CLASSES + 1] = {0};
            for (int r = dr * m->f; r < (dr + 1) * m->f && r < g->nrows; r++) {
                const uint8_t *row = s->cls + (size_t)r * (size_t)g->ncols;
                for (int c = dc * m->f; c < (dc + 1) * m->f && c < g->ncols; c++) {
                    if (row[c] > s->nclasses)
                        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                               "map: cell (col %d, row %d) has class %d of %d", c,
                                               r, row[c], s->nclasses);
                    count[row[c]]++;
                }
            }
            int best = 0;
            for (int k = 1; k <= s->nclasses; k++)
                if (count[k] > 0 && count[k] >= count[best == 0 ? k : best]) best = k;
            m->disp[(size_t)dr * (size_t)m->dcols + (size_t)dc] = (uint8_t)best;
            if (best)
                any++;
            else
                m->has_nodata = 1;
        }
    }
    if (any == 0) return dtmap_error_set(err, DTMAP_ERR_EMPTY, "map: no cell has a class");
    return DTMAP_OK;
}

/* Legend label of class i: the name, then its bounds in unit when one is given. */
static void class_label(const dtmap_plot_map_spec *s, int i, char *buf, size_t size) {
    char name[128], lo[32], hi[32];
    dtmapi_plot_class_name(s->classes[i].name, name, sizeof name);
    int n = s->nclasses;
    if (s->unit == NULL || s->unit[0] == '\0' || n == 1) {
        snprintf(buf, size, "%s", name);
        return;
    }
    if (i < n - 1) dtmapi_plot_fmt_num(s->classes[i].lower, lo, sizeof lo);
    if (i > 0) dtmapi_plot_fmt_num(s->classes[i - 1].lower, hi, sizeof hi);
    if (i == 0)
        snprintf(buf, size, "%s (>= %s %s)", name, lo, s->unit);
    else if (i == n - 1)
        snprintf(buf, size, "%s (< %s %s)", name, hi, s->unit);
    else
        snprintf(buf, size, "%s (>= %s, < %s %s)", name, lo, hi, s->unit);
}

static void draw_cells(const map *m) {
    const dtmap_grid *g = m->s->grid;
    double step = m->f * g->res_m;
    /* The cairo driver draws between these two escapes into an image without antialiasing, so
     * cells that meet leave no seam; the SVG driver ignores them. */
    pl_cmd(PLESC_START_RASTERIZE, NULL);
    for (int dr = 0; dr < m->drows; dr++) {
        const uint8_t *row = m->disp + (size_t)dr * (size_t)m->dcols;
        double ytop = m->ymax - dr * step, ybot = fmax(ytop - step, m->ymin);
        for (int c0 = 0; c0 < m->dcols;) {
            int c1 = c0 + 1;
            while (c1 < m->dcols && row[c1] == row[c0])
                c1++;
            if (row[c0]) {
                plcol0(PLOT_CLASS0 + row[c0] - 1);
                dtmapi_plot_rect(m->xmin + c0 * step, ybot, fmin(m->xmin + c1 * step, m->xmax),
                                 ytop);
            }
            c0 = c1;
        }
    }
    pl_cmd(PLESC_END_RASTERIZE, NULL);
}

static void draw_lines(const dtmap_polyline *pl, size_t n, int colour, double width) {
    plcol0(colour);
    plwidth(width);
    for (size_t i = 0; i < n; i++)
        if (pl[i].n >= 2) plline((PLINT)pl[i].n, pl[i].x, pl[i].y);
    plwidth(1.0);
}

/* Scale bar in the lower left corner: the longest round length up to a third of the map's
 * width. */
static void draw_scale_bar(const map *m) {
    double w = m->xmax - m->xmin, len = 1;
    while (len * 10 <= w / 3)
        len *= 10;
    if (len * 5 <= w / 3)
        len *= 5;
    else if (len * 2 <= w / 3)
        len *= 2;
    char label[48], num[32];
    dtmapi_plot_fmt_num(len >= 1000 ? len / 1000 : len, num, sizeof num);
    snprintf(label, sizeof label, "%s %s", num, len >= 1000 ? "km" : "m");
    plschr(0, 0.85);
    double x0 = m->xmin + dtmapi_plot_mm_to_wx(6), y0 = m->ymin + dtmapi_plot_mm_to_wy(9);
    double bh = dtmapi_plot_mm_to_wy(1.8), pad = dtmapi_plot_mm_to_wx(2.5);
    double tw = dtmapi_plot_text_width(label);
    plscol0a(PLOT_SCRATCH, 255, 255, 255, 0.85);
    plcol0(PLOT_SCRATCH);
    dtmapi_plot_rect(x0 - pad, y0 - dtmapi_plot_mm_to_wy(6.5), x0 + len + 0.6 * tw + pad,
                     y0 + bh + dtmapi_plot_mm_to_wy(2.5));
    plcol0(PLOT_INK);
    dtmapi_plot_rect(x0, y0, x0 + len / 2, y0 + bh);
    plcol0(PLOT_WHITE);
    dtmapi_plot_rect(x0 + len / 2, y0, x0 + len, y0 + bh);
    PLFLT ox[5] = {x0, x0 + len, x0 + len, x0, x0}, oy[5] = {y0, y0, y0 + bh, y0 + bh, y0};
    plcol0(PLOT_INK);
    plline(5, ox, oy);
    double ty = y0 - dtmapi_plot_mm_to_wy(3.2);
    plptex(x0, ty, 1, 0, 0.5, "0");
    plptex(x0 + len, ty, 1, 0, 0.5, label);
    plschr(0, 1.0);
}

/* North arrow in the upper right corner: the grid is north-up. */
static void draw_north(const map *m) {
    double cx = m->xmax - dtmapi_plot_mm_to_wx(9), top = m->ymax - dtmapi_plot_mm_to_wy(11);
    double hw = dtmapi_plot_mm_to_wx(3.2), h = dtmapi_plot_mm_to_wy(11),
           notch = dtmapi_plot_mm_to_wy(3);
    plscol0a(PLOT_SCRATCH, 255, 255, 255, 0.85);
    plcol0(PLOT_SCRATCH);
    dtmapi_plot_rect(cx - 2.2 * hw, top - h - dtmapi_plot_mm_to_wy(2), cx + 2.2 * hw,
                     m->ymax - dtmapi_plot_mm_to_wy(2));
    PLFLT lx[4] = {cx, cx - hw, cx, cx}, ly[4] = {top, top - h, top - h + notch, top};
    PLFLT rx[4] = {cx, cx + hw, cx, cx}, ry[4] = {top, top - h, top - h + notch, top};
    plcol0(PLOT_INK);
    plfill(3, lx, ly);
    plcol0(PLOT_WHITE);
    plfill(3, rx, ry);
    PLFLT ox[5] = {cx, cx - hw, cx, cx + hw, cx},
          oy[5] = {top, top - h, top - h + notch, top - h, top};
    plcol0(PLOT_INK);
    plline(5, ox, oy);
    plschr(0, 1.0);
    plptex(cx, top + dtmapi_plot_mm_to_wy(4.5), 1, 0, 0.5, "N");
}

/* Draws the legend at the top right of the page (its top at page height top) and returns its
 * width as a fraction of the page width. */
static double draw_legend(const map *m, double top) {
    const dtmap_plot_map_spec *s = m->s;
    enum { MAXL = DTMAP_PLOT_MAX_CLASSES + 3 };
    PLINT opt[MAXL], tcol[MAXL], bcol[MAXL], bpat[MAXL], lcol[MAXL], lsty[MAXL];
    PLFLT bscale[MAXL], bwidth[MAXL], lwidth[MAXL];
    const char *text[MAXL];
    int n = 0;
    for (int i = 0; i < s->nclasses + 3; i++) {
        int kind = i < s->nclasses ? 0 : i - s->nclasses + 1; /* 1 no data, 2 area, 3 gap */
        if ((kind == 1 && !m->has_nodata) || (kind == 2 && s->nareas == 0) ||
            (kind == 3 && s->ngaps == 0))
            continue;
        opt[n] = kind >= 2 ? PL_LEGEND_LINE : PL_LEGEND_COLOR_BOX;
        tcol[n] = PLOT_INK;
        bcol[n] = kind == 0 ? PLOT_CLASS0 + i : PLOT_WHITE;
        bpat[n] = 0;
        bscale[n] = 0.8;
        bwidth[n] = 1.0;
        lcol[n] = kind == 3 ? PLOT_GAP : PLOT_INK;
        lsty[n] = 1;
        lwidth[n] = kind == 3 ? 2.0 : 2.6;
        text[n] = kind == 0   ? m->labels[i]
                  : kind == 1 ? "no data"
                  : kind == 2 ? "area outline"
                              : "gap outline";
        n++;
    }
    PLFLT lw = 0, lh = 0;
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    pllegend(&lw, &lh, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
             PL_POSITION_SUBPAGE | PL_POSITION_RIGHT | PL_POSITION_TOP | PL_POSITION_INSIDE, 0.02,
             1.0 - top, 0.03, PLOT_PANEL, PLOT_MUTED, 1, 0, 0, n, opt, 0.8, 0.75, 2.0, 0.0, tcol,
             text, bcol, bpat, bscale, bwidth, lcol, lsty, lwidth, NULL, NULL, NULL, NULL);
    return lw;
}

static void draw_map(const void *ctx) {
    const map *m = ctx;
    const double left = 0.03, bottom = 0.04, top = 0.86;
    for (int i = 0; i < m->s->nclasses; i++) {
        int rgb[3] = {0, 0, 0};
        dtmapi_plot_parse_colour(m->s->classes[i].colour, rgb);
        dtmapi_plot_set_colour(PLOT_CLASS0 + i, rgb, 1.0);
    }
    /* The legend first: the map takes the room it leaves, top-left aligned, cells square. */
    double right = 1.0 - 0.02 - draw_legend(m, top) - 0.03;
    double aspect = (m->ymax - m->ymin) / (m->xmax - m->xmin) * m->page_w / m->page_h;
    double vw = right - left, vh = vw * aspect;
    if (vh > top - bottom) vh = top - bottom, vw = vh / aspect;
    plvpor(left, left + vw, top - vh, top);
    plwind(m->xmin, m->xmax, m->ymin, m->ymax);
    draw_cells(m);
    draw_lines(m->s->areas, m->s->nareas, PLOT_INK, 2.4);
    draw_lines(m->s->gaps, m->s->ngaps, PLOT_GAP, 1.8);
    draw_scale_bar(m);
    draw_north(m);
    plcol0(PLOT_INK);
    plbox("bc", 0, 0, "bc", 0, 0);
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    plcol0(PLOT_INK);
    plschr(0, 1.35);
    plptex(0.5, 0.955, 1, 0, 0.5, m->title);
    if (m->subtitle[0]) {
        plschr(0, 0.95);
        plcol0(PLOT_MUTED);
        plptex(0.5, 0.912, 1, 0, 0.5, m->subtitle);
    }
    plschr(0, 1.0);
}

dtmap_status dtmap_plot_map(const char *base, const dtmap_plot_map_spec *spec, int overwrite,
                            dtmap_error *err) {
    map m;
    memset(&m, 0, sizeof m);
    m.s = spec;
    dtmap_status st = spec_check(spec, err);
    if (st != DTMAP_OK) return st;
    int w = spec->width_px ? spec->width_px : DTMAP_PLOT_MAP_WIDTH;
    int h = spec->height_px ? spec->height_px : DTMAP_PLOT_MAP_HEIGHT;
    if (w < 200 || w > 8000 || h < 200 || h > 8000)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "map: image size %d x %d outside 200..8000", w,
                               h);
    m.page_w = w;
    m.page_h = h;
    const dtmap_grid *g = spec->grid;
    m.xmin = g->xmin;
    m.ymax = g->ymax;
    m.xmax = g->xmin + g->ncols * g->res_m;
    m.ymin = g->ymax - g->nrows * g->res_m;
    st = display_build(&m, err);
    if (st != DTMAP_OK) goto done;
    dtmapi_plot_text(spec->title, 120, m.title, sizeof m.title);
    dtmapi_plot_text(spec->subtitle, 120, m.subtitle, sizeof m.subtitle);
    for (int i = 0; i < spec->nclasses; i++) {
        char label[256]; /* class_label: name (< 128), two bounds (< 32 each), the unit */
        class_label(spec, i, label, sizeof label);
        dtmapi_plot_text(label, 60, m.labels[i], sizeof m.labels[i]);
    }
    st = dtmapi_plot_render(base, w, h, draw_map, &m, overwrite, err);
done:
    free(m.disp);
    return st;
}
