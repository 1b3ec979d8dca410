/* plot_dist.c: distribution charts of one metric's samples in one area and technology: the CDF
 * and the histogram, over the profile's class bands, with the weak / interference threshold
 * drawn and labelled. */
#include "dtmap/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plplot.h>

#include "output/plot_common.h"

enum { KIND_CDF, KIND_HIST };

/* Everything one chart draws, computed before PLplot is touched (texts are PLplot-safe). */
typedef struct dist {
    int kind;
    double *v; /* finite values, ascending */
    size_t n;
    const dtmap_class *classes;
    int ncls;
    int has_thr;
    double thr, thr_share; /* threshold, percent of the values below it */
    char title[400], subtitle[200], thr_label[160], xlabel[64], ylabel[96];
    double xmin, xmax, ymax, xtick, ytick;
    double bw, b0; /* histogram: bin width and first edge */
    size_t nbins;
    double *count;
    double *cx, *cy; /* CDF: the step line */
    size_t ncdf;
} dist;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static dtmap_status spec_check(const dtmap_plot_dist_spec *spec, dtmap_error *err) {
    if (spec == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "plot: no chart spec");
    if ((int)spec->tech < 0 || spec->tech >= DTMAP_TECH_OTHER)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "plot: technology %d has no profile",
                               (int)spec->tech);
    if ((int)spec->metric < 0 || spec->metric >= DTMAP_METRIC_COUNT)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "plot: metric %d unknown", (int)spec->metric);
    return DTMAP_OK;
}

static const dtmap_tech_profile *tech_profile(const dtmap_plot_dist_spec *spec,
                                              const dtmap_profile **p) {
    *p = spec->profile ? spec->profile : dtmap_profile_default();
    return &(*p)->tech[spec->tech];
}

/* Texts for a chart of kind over values; nvalid finite values, share of them below the
 * threshold (NAN: not known). */
static void texts_make(int kind, size_t n, size_t nvalid, double share,
                       const dtmap_plot_dist_spec *spec, dtmap_plot_dist_text *out) {
    const dtmap_profile *p;
    const dtmap_tech_profile *tp = tech_profile(spec, &p);
    const char *what = kind == KIND_CDF ? "cumulative distribution" : "histogram";
    char area[256];
    dtmapi_plot_clean(spec->area, 60, area, sizeof area);
    snprintf(out->title, sizeof out->title, "%s%s%s %s: %s", area, area[0] ? " \xC2\xB7 " : "",
             dtmap_tech_label(spec->tech), dtmap_metric_label(spec->metric), what);
    char missing[48] = "";
    if (n > nvalid) snprintf(missing, sizeof missing, " \xC2\xB7 %zu without a value", n - nvalid);
    char pname[64];
    dtmapi_plot_clean(p->name, 40, pname, sizeof pname);
    snprintf(out->subtitle, sizeof out->subtitle, "n = %zu sample%s \xC2\xB7 profile %s%s", nvalid,
             nvalid == 1 ? "" : "s", pname, missing);
    out->threshold[0] = '\0';
    const dtmap_sourced *w = &tp->weak[spec->metric];
    if (tp->present && w->set && isfinite(w->value)) {
        char v[32], s[32] = "";
        dtmapi_plot_fmt_num(w->value, v, sizeof v);
        if (isfinite(share)) dtmapi_plot_fmt(share, 1, s, sizeof s);
        snprintf(out->threshold, sizeof out->threshold, "%s < %s %s%s%s%s",
                 spec->metric == DTMAP_METRIC_SINR ? "interference" : "weak", v,
                 dtmap_metric_unit(spec->metric), s[0] ? ": " : "", s, s[0] ? "% of samples" : "");
    }
}

/* Finite values of values[0..n-1], sorted, into *out (malloc'd); their count into *nvalid. */
static dtmap_status finite_sorted(const double *values, size_t n, double **out, size_t *nvalid,
                                  dtmap_error *err) {
    *out = NULL;
    *nvalid = 0;
    if (n == 0 || values == NULL) return DTMAP_OK;
    double *v = malloc(n * sizeof *v);
    if (v == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "plot: %zu values", n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i])) v[m++] = values[i];
    qsort(v, m, sizeof *v, cmp_double);
    *out = v;
    *nvalid = m;
    return DTMAP_OK;
}

/* Share (percent) of the sorted values strictly below t. */
static double share_below(const double *v, size_t n, double t) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return n ? 100.0 * (double)lo / (double)n : NAN;
}

dtmap_status dtmap_plot_dist_texts(const double *values, size_t n, const dtmap_plot_dist_spec *spec,
                                   dtmap_plot_dist_text *out, dtmap_error *err) {
    dtmap_status st = spec_check(spec, err);
    if (st != DTMAP_OK) return st;
    if (out == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "plot: no output for the texts");
    double *v = NULL;
    size_t m = 0;
    st = finite_sorted(values, n, &v, &m, err);
    if (st != DTMAP_OK) return st;
    const dtmap_profile *p;
    const dtmap_tech_profile *tp = tech_profile(spec, &p);
    double share =
        tp->weak[spec->metric].set ? share_below(v, m, tp->weak[spec->metric].value) : NAN;
    /* the histogram's title differs only in its last word */
    texts_make(KIND_CDF, n, m, share, spec, out);
    free(v);
    return DTMAP_OK;
}

/* Smallest 1, 2 or 5 x 10^k at or above x (x > 0). */
static double nice_125(double x) {
    double p = pow(10, floor(log10(x)));
    return x <= p ? p : x <= 2 * p ? 2 * p : x <= 5 * p ? 5 * p : 10 * p;
}

/* A round step that cuts span into at most ticks parts, at least 1. */
static double nice_step(double span, int ticks) {
    return span > ticks ? nice_125(span / ticks) : 1.0;
}

static void x_range(dist *d) {
    double lo = d->v[0], hi = d->v[d->n - 1];
    if (d->has_thr) {
        lo = fmin(lo, d->thr);
        hi = fmax(hi, d->thr);
    }
    double span = hi - lo;
    if (span < 10) {
        double mid = (lo + hi) / 2;
        lo = mid - 5, hi = mid + 5, span = 10;
    }
    d->xmin = floor((lo - 0.04 * span) / 5) * 5;
    d->xmax = ceil((hi + 0.04 * span) / 5) * 5;
}

static dtmap_status hist_build(dist *d, dtmap_error *err) {
    double target = fmin(60, fmax(10, floor(sqrt((double)d->n))));
    d->bw = nice_step(d->xmax - d->xmin, (int)target);
    d->b0 = floor(d->xmin / d->bw) * d->bw;
    d->nbins = (size_t)ceil((d->xmax - d->b0) / d->bw - 1e-9);
    if (d->nbins == 0) d->nbins = 1;
    d->xmin = d->b0;
    d->xmax = d->b0 + (double)d->nbins * d->bw;
    d->count = calloc(d->nbins, sizeof *d->count);
    if (d->count == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "plot: histogram");
    double top = 0;
    for (size_t i = 0; i < d->n; i++) {
        double k = floor((d->v[i] - d->b0) / d->bw);
        size_t b = k < 0 ? 0 : k >= (double)d->nbins ? d->nbins - 1 : (size_t)k;
        d->count[b] += 1;
        if (d->count[b] > top) top = d->count[b];
    }
    d->ymax = fmax(1.0, top * 1.22);  /* headroom for the threshold label */
    d->ytick = nice_step(d->ymax, 6); /* whole counts */
    return DTMAP_OK;
}

static dtmap_status cdf_build(dist *d, dtmap_error *err) {
    size_t uniq = 0;
    for (size_t i = 0; i < d->n; i++)
        if (i == 0 || d->v[i] != d->v[i - 1]) uniq++;
    size_t steps = uniq <= 4000 ? uniq : 2000; /* beyond: sampled at display resolution */
    d->cx = malloc((2 * steps + 4) * sizeof *d->cx);
    d->cy = malloc((2 * steps + 4) * sizeof *d->cy);
    if (d->cx == NULL || d->cy == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "plot: CDF");
    size_t m = 0;
    double prev = 0, n = (double)d->n;
    d->cx[m] = d->xmin, d->cy[m++] = 0;
    if (uniq <= 4000) {
        for (size_t i = 0; i < d->n; i++) {
            if (i + 1 < d->n && d->v[i + 1] == d->v[i]) continue;
            double f = 100.0 * (double)(i + 1) / n;
            d->cx[m] = d->v[i], d->cy[m++] = prev;
            d->cx[m] = d->v[i], d->cy[m++] = f;
            prev = f;
        }
    } else {
        size_t j = 0;
        for (size_t k = 1; k <= steps; k++) {
            double x = d->xmin + (d->xmax - d->xmin) * (double)k / (double)steps;
            while (j < d->n && d->v[j] <= x)
                j++;
            double f = 100.0 * (double)j / n;
            d->cx[m] = x, d->cy[m++] = prev;
            d->cx[m] = x, d->cy[m++] = f;
            prev = f;
        }
    }
    d->cx[m] = d->xmax, d->cy[m++] = prev;
    d->ncdf = m;
    d->ymax = 104;
    d->ytick = 20;
    return DTMAP_OK;
}

/* Class i spans [lower, upper) clipped to the x window; 0 when nothing of it shows. */
static int class_span(const dist *d, int i, double *lo, double *hi) {
    double upper = i == 0 ? INFINITY : d->classes[i - 1].lower;
    double lower = i == d->ncls - 1 ? -INFINITY : d->classes[i].lower;
    *lo = fmax(lower, d->xmin);
    *hi = fmin(upper, d->xmax);
    return *hi > *lo;
}

static int class_of(const dist *d, double x) {
    for (int i = 0; i < d->ncls - 1; i++)
        if (x >= d->classes[i].lower) return i;
    return d->ncls - 1;
}

static void draw_bands(const dist *d) {
    for (int i = 0; i < d->ncls; i++) {
        double lo, hi;
        if (!class_span(d, i, &lo, &hi)) continue;
        plcol0(PLOT_BAND0 + i);
        dtmapi_plot_rect(lo, 0, hi, d->ymax);
    }
}

static void draw_hist(const dist *d) {
    plwidth(0.6);
    for (size_t b = 0; b < d->nbins; b++) {
        if (d->count[b] <= 0) continue;
        double a = d->b0 + (double)b * d->bw, z = a + d->bw;
        double x = a; /* a bar across class bounds is drawn in the colour of each part */
        while (x < z) {
            int c = d->ncls > 0 ? class_of(d, x) : -1;
            double end = z;
            if (c > 0 && d->classes[c - 1].lower < end) end = d->classes[c - 1].lower;
            plcol0(c >= 0 ? PLOT_CLASS0 + c : PLOT_LINE);
            dtmapi_plot_rect(x, 0, end, d->count[b]);
            x = end;
        }
        PLFLT ox[5] = {a, a, z, z, a}, oy[5] = {0, d->count[b], d->count[b], 0, 0};
        plcol0(PLOT_MUTED);
        plline(5, ox, oy);
    }
}

static void draw_threshold(const dist *d) {
    if (!d->has_thr || d->thr <= d->xmin || d->thr >= d->xmax) return;
    PLFLT x[2] = {d->thr, d->thr}, y[2] = {0, d->ymax};
    plcol0(PLOT_THRESHOLD);
    plwidth(2.6);
    pllsty(2);
    plline(2, x, y);
    pllsty(1);
    plwidth(1.0);
    plschr(0, 0.85);
    double w = dtmapi_plot_text_width(d->thr_label), pad = dtmapi_plot_mm_to_wx(1.5);
    double h = dtmapi_plot_mm_to_wy(5.0), yl = d->ymax - dtmapi_plot_mm_to_wy(5.0);
    /* Where the data leaves room: a histogram has headroom at the top, right of the line. A
     * CDF is low left of the line (top left), and right of it never below the share at the
     * line (bottom right, when that share is 10 % or more; top right otherwise). */
    int fits_left = d->thr - pad - w - pad > d->xmin, fits_right = d->thr + pad + w + pad < d->xmax;
    int right = d->kind == KIND_CDF ? !fits_left && fits_right : fits_right || !fits_left;
    if (d->kind == KIND_CDF && right && d->thr_share >= 10) yl = dtmapi_plot_mm_to_wy(5.0);
    double x0 = right ? d->thr + pad : d->thr - pad - w;
    plscol0a(PLOT_SCRATCH, 255, 255, 255, 0.85);
    plcol0(PLOT_SCRATCH);
    dtmapi_plot_rect(x0 - pad / 2, yl - h / 2, x0 + w + pad / 2, yl + h / 2);
    plcol0(PLOT_THRESHOLD);
    plptex(x0, yl, 1, 0, 0, d->thr_label);
    plschr(0, 1.0);
}

/* The strip of class names above the plot, in the current viewport. */
static void draw_strip(const dist *d) {
    plwind(d->xmin, d->xmax, 0, 1);
    plschr(0, 0.8);
    for (int i = 0; i < d->ncls; i++) {
        double lo, hi;
        if (!class_span(d, i, &lo, &hi)) continue;
        plcol0(PLOT_CLASS0 + i);
        dtmapi_plot_rect(lo, 0, hi, 1);
        char clean[128], name[256];
        dtmapi_plot_class_name(d->classes[i].name, clean, sizeof clean);
        dtmapi_plot_text(clean, 60, name, sizeof name);
        if (dtmapi_plot_text_width(name) + dtmapi_plot_mm_to_wx(2) > hi - lo) continue;
        int rgb[3] = {0, 0, 0};
        dtmapi_plot_parse_colour(d->classes[i].colour, rgb);
        double luma = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
        plcol0(luma < 140 ? PLOT_WHITE : PLOT_INK);
        plptex((lo + hi) / 2, 0.5, 1, 0, 0.5, name);
    }
    plcol0(PLOT_INK);
    plbox("bc", 0, 0, "bc", 0, 0);
    plschr(0, 1.0);
}

static void draw_dist(const void *ctx) {
    const dist *d = ctx;
    const double vx0 = 0.09, vx1 = 0.975, vy0 = 0.115, vy1 = 0.775;
    for (int i = 0; i < d->ncls; i++) {
        int rgb[3] = {0, 0, 0}, tint[3];
        dtmapi_plot_parse_colour(d->classes[i].colour, rgb);
        for (int k = 0; k < 3; k++)
            tint[k] = (int)lround(255 - 0.28 * (255 - rgb[k]));
        dtmapi_plot_set_colour(PLOT_CLASS0 + i, rgb, 1.0);
        dtmapi_plot_set_colour(PLOT_BAND0 + i, tint, 1.0);
    }
    plvpor(vx0, vx1, vy0, vy1);
    plwind(d->xmin, d->xmax, 0, d->ymax);
    draw_bands(d);
    plcol0(PLOT_GRID);
    plwidth(0.7);
    plbox("g", d->xtick, 0, "g", d->ytick, 0);
    plwidth(1.0);
    if (d->kind == KIND_HIST) {
        draw_hist(d);
    } else {
        plcol0(PLOT_LINE);
        plwidth(2.2);
        plline((PLINT)d->ncdf, d->cx, d->cy);
        plwidth(1.0);
    }
    draw_threshold(d);
    plcol0(PLOT_INK);
    plbox("bcnst", d->xtick, 0, "bcnstv", d->ytick, 0);
    plmtex("b", 3.0, 0.5, 0.5, d->xlabel);
    plmtex("l", 4.6, 0.5, 0.5, d->ylabel);
    plvpor(vx0, vx1, vy1 + 0.012, vy1 + 0.056);
    if (d->ncls > 0) draw_strip(d);
    plcol0(PLOT_INK);
    plschr(0, 1.3);
    plmtex("t", 3.3, 0.5, 0.5, d->title);
    plschr(0, 0.95);
    plcol0(PLOT_MUTED);
    plmtex("t", 1.5, 0.5, 0.5, d->subtitle);
    plschr(0, 1.0);
}

static dtmap_status plot_dist(int kind, const char *base, const double *values, size_t n,
                              const dtmap_plot_dist_spec *spec, int overwrite, dtmap_error *err) {
    dist d;
    memset(&d, 0, sizeof d);
    d.kind = kind;
    dtmap_status st = spec_check(spec, err);
    if (st != DTMAP_OK) return st;
    int w = spec->width_px ? spec->width_px : DTMAP_PLOT_DIST_WIDTH;
    int h = spec->height_px ? spec->height_px : DTMAP_PLOT_DIST_HEIGHT;
    if (w < 200 || w > 8000 || h < 200 || h > 8000)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "plot: image size %d x %d outside 200..8000",
                               w, h);
    const dtmap_profile *p;
    const dtmap_tech_profile *tp = tech_profile(spec, &p);
    dtmap_metric m = spec->metric;
    if (tp->present) {
        d.classes = tp->classes[m];
        d.ncls = tp->nclasses[m];
        d.has_thr = tp->weak[m].set && isfinite(tp->weak[m].value);
        d.thr = tp->weak[m].value;
    }
    for (int i = 0; i < d.ncls; i++) {
        int rgb[3];
        if (dtmapi_plot_parse_colour(d.classes[i].colour, rgb) != 0)
            return dtmap_error_set(err, DTMAP_ERR_USAGE, "profile %s: %s class %s: colour \"%s\"",
                                   p->name, dtmap_metric_name(m), d.classes[i].name,
                                   d.classes[i].colour);
    }
    st = finite_sorted(values, n, &d.v, &d.n, err);
    if (st != DTMAP_OK) goto done;
    if (d.n == 0) {
        st = dtmap_error_set(err, DTMAP_ERR_EMPTY, "%s: no %s %s value to plot%s%s",
                             base ? base : "plot", dtmap_tech_label(spec->tech),
                             dtmap_metric_label(m), spec->area && spec->area[0] ? " in " : "",
                             spec->area ? spec->area : "");
        goto done;
    }
    dtmap_plot_dist_text t;
    d.thr_share = d.has_thr ? share_below(d.v, d.n, d.thr) : NAN;
    texts_make(kind, n, d.n, d.thr_share, spec, &t);
    dtmapi_plot_text(t.title, 400, d.title, sizeof d.title);
    dtmapi_plot_text(t.subtitle, 200, d.subtitle, sizeof d.subtitle);
    dtmapi_plot_text(t.threshold, 200, d.thr_label, sizeof d.thr_label);
    snprintf(d.xlabel, sizeof d.xlabel, "%s (%s)", dtmap_metric_label(m), dtmap_metric_unit(m));
    x_range(&d);
    d.xtick = nice_step(d.xmax - d.xmin, 12);
    st = kind == KIND_HIST ? hist_build(&d, err) : cdf_build(&d, err);
    if (st != DTMAP_OK) goto done;
    if (kind == KIND_HIST) {
        char bw[32];
        dtmapi_plot_fmt_num(d.bw, bw, sizeof bw);
        snprintf(d.ylabel, sizeof d.ylabel, "Samples per %s %s bin", bw, dtmap_metric_unit(m));
    } else {
        snprintf(d.ylabel, sizeof d.ylabel, "Samples at or below (%%)");
    }
    st = dtmapi_plot_render(base, w, h, draw_dist, &d, overwrite, err);
done:
    free(d.cy);
    free(d.cx);
    free(d.count);
    free(d.v);
    return st;
}

dtmap_status dtmap_plot_cdf(const char *base, const double *values, size_t n,
                            const dtmap_plot_dist_spec *spec, int overwrite, dtmap_error *err) {
    return plot_dist(KIND_CDF, base, values, n, spec, overwrite, err);
}

dtmap_status dtmap_plot_histogram(const char *base, const double *values, size_t n,
                                  const dtmap_plot_dist_spec *spec, int overwrite,
                                  dtmap_error *err) {
    return plot_dist(KIND_HIST, base, values, n, spec, overwrite, err);
}
