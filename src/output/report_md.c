/* report_md.c: report.md, the area report for people: how to read it, an overview table, then
 * one section per area with its key figures, worst gaps and charts (report.h). */
#include <math.h>
#include <string.h>

#include "dtmap/report.h"
#include "dtmap/style.h"
#include "output/report_util.h"

/* Writes a number with decimals, or "–" when it is not finite. */
static void md_num(FILE *fp, double v, int decimals) {
    char b[REPORT_NUM];
    fputs(isfinite(v) ? dtmapi_report_fixed(b, v, decimals) : "–", fp);
}

static void md_pct(FILE *fp, double share) {
    char b[REPORT_NUM];
    fputs(dtmapi_report_percent(b, share), fp);
}

/* The first record of tech in the report, or NULL. */
static const dtmap_area_kpi *first_of(const dtmap_report *rep, int tech) {
    for (size_t k = 0; k < rep->nkpi; k++)
        if ((int)rep->kpi[k].tech == tech) return &rep->kpi[k];
    return NULL;
}

/* "<value> <unit> (<source>)": the threshold used, with the profile's source when the profile
 * gives that value, else saying it was set for this run. */
static void md_threshold(FILE *fp, double used, const dtmap_sourced *s, const char *unit) {
    char b[REPORT_NUM], p[REPORT_NUM];
    fprintf(fp, "%s %s (", dtmapi_report_full(b, used), unit);
    if (s->set && fabs(s->value - used) < 1e-9) {
        dtmapi_report_md_text(fp, s->source);
    } else if (s->set) {
        fprintf(fp, "set for this run; the profile says %s %s: ", dtmapi_report_full(p, s->value),
                unit);
        dtmapi_report_md_text(fp, s->source);
    } else {
        fputs("set for this run", fp);
    }
    fputc(')', fp);
}

static void md_how_to_read(FILE *fp, const dtmap_report *rep) {
    const dtmap_profile *prof = dtmapi_report_profile(rep);
    char b[REPORT_NUM];
    fputs("## How to read this report\n\n"
          "Each area is judged per technology on the grid of the coverage maps. Every part of "
          "an area falls into exactly one of four kinds:\n\n"
          "- **covered**: the RSRP reaches the weak-coverage threshold and the SINR reaches the "
          "interference threshold (or no SINR was measured there).\n"
          "- **weak**: the RSRP is below the weak-coverage threshold, whatever the SINR.\n"
          "- **interference**: the RSRP is fine but the SINR is below the interference "
          "threshold.\n"
          "- **unmeasured** = no sample within reach of the interpolator; never counted as "
          "covered or weak (it includes any part of an area outside the grid).\n\n"
          "Kind shares and RSRP level shares are shares of the area's surface; class shares and "
          "the RSRP and SINR statistics are over the samples taken inside the area. The mean "
          "RSRP is a power mean (averaged in mW, then given in dBm), so it sits above the "
          "median; percentiles interpolate between samples as Excel's PERCENTILE.INC does.\n\n",
          fp);
    fputs("Thresholds (profile ", fp);
    dtmapi_report_md_text(fp, prof->name);
    if (prof->description[0]) fputs(": ", fp), dtmapi_report_md_text(fp, prof->description);
    fputs("):\n\n", fp);
    for (int t = 0; t < DTMAP_TECH_COUNT; t++) {
        const dtmap_area_kpi *r = first_of(rep, t);
        if (r == NULL) continue;
        const dtmap_tech_profile *tp = &prof->tech[t];
        fprintf(fp, "- **%s**: weak below RSRP ", dtmap_tech_label((dtmap_tech)t));
        md_threshold(fp, r->rsrp_threshold, &tp->weak[DTMAP_METRIC_RSRP], "dBm");
        if (r->has_sinr_threshold) {
            fputs("; interference below SINR ", fp);
            md_threshold(fp, r->sinr_threshold, &tp->weak[DTMAP_METRIC_SINR], "dB");
        } else {
            fputs("; no interference threshold", fp);
        }
        fputs(".\n", fp);
    }
    fputs("\nGrid: ", fp);
    dtmapi_report_md_text(fp, rep->crs ? rep->crs : "run CRS");
    fprintf(fp, ", %s m cells", dtmapi_report_full(b, rep->res_m));
    if (rep->method) fputs("; interpolation: ", fp), dtmapi_report_md_text(fp, rep->method);
    fprintf(fp,
            ".\n\nGaps are connected regions of one kind inside an area, ranked by size times "
            "the mean shortfall below the threshold (unmeasured gaps by size); rank 1 is the "
            "worst of its kind over all areas. Gaps smaller than %s m² are left out; the "
            "%zu worst of each kind are listed per area",
            dtmapi_report_full(b, rep->min_gap_area_m2), rep->gaps_listed ? rep->gaps_listed : 5);
    if (rep->gaps_file) {
        fputs(", and all gap polygons are in ", fp);
        dtmapi_report_md_text(fp, rep->gaps_file);
        fputs(" (layers gaps\\_weak, gaps\\_interference, gaps\\_unmeasured)", fp);
    }
    fputs(".\n\n", fp);
}

static void md_overview(FILE *fp, const dtmap_report *rep) {
    fputs("## Overview\n\n"
          "| Area | Technology | Covered | Weak | Interference | Unmeasured | Samples per km² | "
          "Median RSRP |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|\n",
          fp);
    for (size_t k = 0; k < rep->nkpi; k++) {
        const dtmap_area_kpi *r = &rep->kpi[k];
        fputs("| ", fp);
        dtmapi_report_md_text(fp, dtmap_areas_name(rep->areas, r->area));
        fprintf(fp, " | %s | ", dtmap_tech_label(r->tech));
        md_pct(fp, r->kind_share[DTMAP_KIND_COVERED]);
        fputs(" | ", fp), md_pct(fp, r->kind_share[DTMAP_KIND_WEAK]);
        fputs(" | ", fp);
        md_pct(fp, r->has_sinr_threshold ? r->kind_share[DTMAP_KIND_INTERFERENCE] : NAN);
        fputs(" | ", fp), md_pct(fp, r->unmeasured_share);
        fputs(" | ", fp), md_num(fp, r->samples_per_km2, 1);
        fputs(" | ", fp), md_num(fp, r->rsrp.median, 1);
        fputs(isfinite(r->rsrp.median) ? " dBm |\n" : " |\n", fp);
    }
    if (rep->nkpi == 0) fputs("| – | – | – | – | – | – | – | – |\n", fp);
    fputc('\n', fp);
}

static void md_key_figures(FILE *fp, const dtmap_area_kpi *r) {
    char b[REPORT_NUM];
    fputs("| Key figure | Value |\n|---|---:|\n| Covered | ", fp);
    md_pct(fp, r->kind_share[DTMAP_KIND_COVERED]);
    fprintf(fp, " |\n| Weak (RSRP below %s dBm) | ", dtmapi_report_full(b, r->rsrp_threshold));
    md_pct(fp, r->kind_share[DTMAP_KIND_WEAK]);
    if (r->has_sinr_threshold) {
        fprintf(fp, " |\n| Interference (SINR below %s dB) | ",
                dtmapi_report_full(b, r->sinr_threshold));
        md_pct(fp, r->kind_share[DTMAP_KIND_INTERFERENCE]);
    } else {
        fputs(" |\n| Interference (no SINR threshold) | –", fp);
    }
    fputs(" |\n| Unmeasured (of which outside the grid: ", fp);
    md_pct(fp, r->kind_share[DTMAP_KIND_NONE]);
    fputs(") | ", fp), md_pct(fp, r->unmeasured_share);
    fputs(" |\n| Measured | ", fp), md_pct(fp, r->measured_share);
    fprintf(fp, " |\n| Samples inside the area | %llu (", (unsigned long long)r->samples);
    md_num(fp, r->samples_per_km2, 1);
    fputs(" per km²) |\n\n", fp);

    const dtmap_dist *d[2] = {&r->rsrp, &r->sinr};
    if (d[0]->n == 0 && d[1]->n == 0) {
        fputs("No RSRP or SINR value was measured inside the area.\n\n", fp);
        return;
    }
    fputs("| Metric | Count | Mean | 5th percentile | Median | 95th percentile | Min | Max |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|\n",
          fp);
    for (int m = 0; m < 2; m++) {
        double v[6] = {d[m]->mean, d[m]->p5, d[m]->median, d[m]->p95, d[m]->min, d[m]->max};
        fprintf(fp, "| %s | %llu", m ? "SINR (dB)" : "RSRP (dBm)", (unsigned long long)d[m]->n);
        for (int i = 0; i < 6; i++)
            fputs(" | ", fp), md_num(fp, v[i], 1);
        fputs(" |\n", fp);
    }
    fputc('\n', fp);
}

static void md_levels_classes(FILE *fp, const dtmap_report *rep, const dtmap_area_kpi *r) {
    char b[REPORT_NUM];
    if (r->nlevels > 0 && r->measured_share > 0) {
        fputs("| RSRP at or above | Share of the area | Share of the measured part |\n"
              "|---|---:|---:|\n",
              fp);
        for (int i = 0; i < r->nlevels && i < DTMAP_KPI_MAX_LEVELS; i++) {
            fprintf(fp, "| %s dBm%s | ", dtmapi_report_full(b, r->level[i]),
                    r->level[i] == r->rsrp_threshold ? " (weak threshold)" : "");
            md_pct(fp, r->level_share[i]);
            fputs(" | ", fp), md_pct(fp, r->level_share_measured[i]);
            fputs(" |\n", fp);
        }
        fputc('\n', fp);
    }
    const dtmap_tech_profile *tp = &dtmapi_report_profile(rep)->tech[r->tech];
    for (int m = 0; m < 2; m++) {
        dtmap_metric metric = m ? DTMAP_METRIC_SINR : DTMAP_METRIC_RSRP;
        int n = r->nclasses[m] < tp->nclasses[metric] ? r->nclasses[m] : tp->nclasses[metric];
        if (n <= 0 || (m ? r->sinr.n : r->rsrp.n) == 0) continue; /* no classes or no values */
        fprintf(fp, "| %s class (samples) | Samples | Share |\n|---|---:|---:|\n",
                m ? "SINR" : "RSRP");
        for (int i = 0; i < n; i++) {
            char label[128];
            dtmap_class_label(tp->classes[metric], tp->nclasses[metric], i,
                              dtmap_metric_unit(metric), label, sizeof label);
            fputs("| ", fp), dtmapi_report_md_text(fp, label);
            fprintf(fp, " | %llu | ", (unsigned long long)r->class_count[m][i]);
            md_pct(fp, r->class_share[m][i]);
            fputs(" |\n", fp);
        }
        fputc('\n', fp);
    }
}

/* The worst gaps of one kind for one record, in the order of rep->gaps (rank order). */
static void md_gaps_kind(FILE *fp, const dtmap_report *rep, const dtmap_area_kpi *r,
                         dtmap_cellkind kind) {
    static const char *const title[DTMAP_KIND_COUNT] = {"", "", "Weak signal", "Interference",
                                                        "Unmeasured"};
    char b[REPORT_NUM];
    double total;
    size_t n = dtmapi_report_gaps_count(rep, r->area, r->tech, kind, NULL, &total);
    size_t listed = rep->gaps_listed ? rep->gaps_listed : 5;
    fprintf(fp, "**%s**: ", title[kind]);
    if (n == 0) {
        fprintf(fp, "no gap of %s m² or more.\n\n", dtmapi_report_full(b, rep->min_gap_area_m2));
        return;
    }
    fprintf(fp, "%zu gap%s, %s m² together", n, n == 1 ? "" : "s",
            dtmapi_report_fixed(b, total, 0));
    if (n > listed) fprintf(fp, "; the %zu worst", listed);
    fputs(".\n\n", fp);
    const char *metric = kind == DTMAP_KIND_WEAK ? "RSRP (dBm)" : "SINR (dB)";
    if (kind == DTMAP_KIND_UNMEASURED)
        fputs("| Rank | Area (m²) | Samples | Centroid lon | Centroid lat |\n"
              "|---:|---:|---:|---:|---:|\n",
              fp);
    else
        fprintf(fp,
                "| Rank | Area (m²) | Worst %s | Mean %s | Below threshold by (dB) | "
                "Samples | Centroid lon | Centroid lat |\n"
                "|---:|---:|---:|---:|---:|---:|---:|---:|\n",
                metric, metric);
    size_t shown = 0;
    for (size_t i = 0; i < rep->gaps->n && shown < listed; i++) {
        const dtmap_area_gap *g = &rep->gaps->v[i];
        if (g->area != r->area || g->tech != r->tech || g->kind != kind) continue;
        fprintf(fp, "| %d | %s", g->rank, dtmapi_report_fixed(b, g->area_m2, 0));
        if (kind != DTMAP_KIND_UNMEASURED) {
            fputs(" | ", fp), md_num(fp, g->worst, 1);
            fputs(" | ", fp), md_num(fp, g->mean, 1);
            fputs(" | ", fp), md_num(fp, g->deficit_db, 1);
        }
        fprintf(fp, " | %llu | ", (unsigned long long)g->samples);
        md_num(fp, g->lon, 6);
        fputs(" | ", fp), md_num(fp, g->lat, 6);
        fputs(" |\n", fp);
        shown++;
    }
    fputc('\n', fp);
}

static void md_charts(FILE *fp, const dtmap_report *rep, const dtmap_area_kpi *r,
                      const dtmap_report_charts *c) {
    const char *what[5] = {"RSRP class map", "RSRP CDF", "RSRP histogram", "SINR CDF",
                           "SINR histogram"};
    const char *path[5] = {c->map, c->rsrp_cdf, c->rsrp_hist, c->sinr_cdf, c->sinr_hist};
    int any = 0;
    for (int i = 0; i < 5; i++)
        any |= path[i][0] != '\0';
    fputs("#### Charts\n\n", fp);
    if (!any) {
        fputs("No charts (no values to draw).\n\n", fp);
        return;
    }
    for (int i = 0; i < 5; i++) {
        if (path[i][0] == '\0') continue;
        fprintf(fp, "![%s, ", what[i]);
        dtmapi_report_md_text(fp, dtmap_areas_name(rep->areas, r->area));
        fprintf(fp, ", %s](", dtmap_tech_label(r->tech));
        dtmapi_report_md_path(fp, path[i]);
        fputs(".png)\n\n", fp);
    }
    fputs("Vector versions (SVG):", fp);
    const char *sep = " ";
    for (int i = 0; i < 5; i++) {
        if (path[i][0] == '\0') continue;
        fprintf(fp, "%s[%s](", sep, what[i]);
        dtmapi_report_md_path(fp, path[i]);
        fputs(".svg)", fp);
        sep = ", ";
    }
    fputs(".\n\n", fp);
}

static void md_area(FILE *fp, const dtmap_report *rep, size_t a) {
    char b[REPORT_NUM];
    const char *name = dtmap_areas_name(rep->areas, a);
    fputs("## ", fp), dtmapi_report_md_text(fp, name);
    double m2 = dtmap_areas_area_m2(rep->areas, a);
    fprintf(fp, "\n\nArea: %s km²", dtmapi_report_fixed(b, m2 / 1e6, 2));
    if (m2 < 1e6) fprintf(fp, " (%s m²)", dtmapi_report_fixed(b, m2, 0));
    fputs(".\n\n", fp);
    int any = 0;
    for (size_t k = 0; k < rep->nkpi; k++) {
        const dtmap_area_kpi *r = &rep->kpi[k];
        if (r->area != a) continue;
        any = 1;
        fputs("### ", fp), dtmapi_report_md_text(fp, name);
        fprintf(fp, ": %s\n\n", dtmap_tech_label(r->tech));
        md_key_figures(fp, r);
        md_levels_classes(fp, rep, r);
        fputs("#### Worst gaps\n\n", fp);
        if (rep->gaps == NULL)
            fputs("Gaps were not computed.\n\n", fp);
        else
            for (int g = 0; g < DTMAP_GAP_KIND_COUNT; g++)
                md_gaps_kind(fp, rep, r, dtmap_gap_kinds[g]);
        if (rep->charts != NULL) md_charts(fp, rep, r, &rep->charts[k]);
    }
    if (!any) fputs("No technology was assessed in this area.\n\n", fp);
}

dtmap_status dtmap_report_write_markdown(const char *path, const dtmap_report *rep, int overwrite,
                                         dtmap_error *err) {
    report_file f;
    dtmap_status st = dtmapi_report_begin(path, rep, overwrite, &f, err);
    if (st != DTMAP_OK) return st;
    FILE *fp = f.fp;
    fputs("# ", fp);
    dtmapi_report_md_text(fp, rep->title ? rep->title : "Coverage report");
    fputs("\n\n", fp);
    md_how_to_read(fp, rep);
    md_overview(fp, rep);
    size_t nareas = dtmap_areas_count(rep->areas);
    for (size_t a = 0; a < nareas; a++)
        md_area(fp, rep, a);
    return dtmapi_report_end(&f, st, err);
}
