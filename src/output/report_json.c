/* report_json.c: areas.json, every key figure of every area and technology with the profile's
 * thresholds, the charts and the ranked gaps (report.h). */
#include <math.h>
#include <string.h>

#include "core/json.h"
#include "dtmap/report.h"
#include "output/report_util.h"

/* ", \"key\": " */
static void key(FILE *fp, const char *k) {
    fprintf(fp, ", \"%s\": ", k);
}

/* The thresholds of the technologies in the report, as the profile gives them. */
static void json_profile(FILE *fp, const dtmap_report *rep) {
    const dtmap_profile *prof = dtmapi_report_profile(rep);
    int seen[DTMAP_TECH_COUNT] = {0};
    for (size_t k = 0; k < rep->nkpi; k++)
        seen[rep->kpi[k].tech] = 1;
    fputs("  \"profile\": {\"name\": ", fp);
    dtmapi_json_str(fp, prof->name);
    key(fp, "origin"), dtmapi_json_str(fp, prof->origin);
    key(fp, "description"), dtmapi_json_str(fp, prof->description);
    fputs(", \"thresholds\": [", fp);
    int first = 1;
    for (int t = 0; t < DTMAP_TECH_COUNT; t++) {
        if (!seen[t]) continue;
        const dtmap_sourced *w = &prof->tech[t].weak[DTMAP_METRIC_RSRP];
        const dtmap_sourced *i = &prof->tech[t].weak[DTMAP_METRIC_SINR];
        fprintf(fp, "%s\n    {\"tech\": ", first ? "" : ",");
        dtmapi_json_str(fp, dtmap_tech_label((dtmap_tech)t));
        key(fp, "weak_rsrp_dbm"), dtmapi_json_num(fp, w->set ? w->value : NAN, 0);
        key(fp, "weak_rsrp_source");
        w->set ? dtmapi_json_str(fp, w->source) : (void)fputs("null", fp);
        key(fp, "interference_sinr_db"), dtmapi_json_num(fp, i->set ? i->value : NAN, 0);
        key(fp, "interference_sinr_source");
        i->set ? dtmapi_json_str(fp, i->source) : (void)fputs("null", fp);
        fputc('}', fp);
        first = 0;
    }
    fprintf(fp, "%s]},\n", first ? "" : "\n  ");
}

static void json_dist(FILE *fp, const char *name, const dtmap_dist *d) {
    fprintf(fp, ",\n          \"%s\": {\"n\": %llu", name, (unsigned long long)d->n);
    key(fp, "mean"), dtmapi_json_num(fp, d->mean, 0);
    key(fp, "min"), dtmapi_json_num(fp, d->min, 0);
    key(fp, "p5"), dtmapi_json_num(fp, d->p5, 0);
    key(fp, "median"), dtmapi_json_num(fp, d->median, 0);
    key(fp, "p95"), dtmapi_json_num(fp, d->p95, 0);
    key(fp, "max"), dtmapi_json_num(fp, d->max, 0);
    fputc('}', fp);
}

/* "rsrp_classes" ([0]) or "sinr_classes" ([1]): the profile's classes with their counts. */
static void json_classes(FILE *fp, const dtmap_report *rep, const dtmap_area_kpi *r, int m) {
    dtmap_metric metric = m ? DTMAP_METRIC_SINR : DTMAP_METRIC_RSRP;
    const dtmap_tech_profile *tp = &dtmapi_report_profile(rep)->tech[r->tech];
    int n = r->nclasses[m] < DTMAP_PROFILE_MAX_CLASSES ? r->nclasses[m] : DTMAP_PROFILE_MAX_CLASSES;
    fprintf(fp, ",\n          \"%s_classes\": [", m ? "sinr" : "rsrp");
    for (int i = 0; i < n; i++) {
        const dtmap_class *c = i < tp->nclasses[metric] ? &tp->classes[metric][i] : NULL;
        fputs(i ? ", {\"name\": " : "{\"name\": ", fp);
        c ? dtmapi_json_str(fp, c->name) : (void)fputs("null", fp);
        key(fp, "lower"),
            dtmapi_json_num(fp, c && i + 1 < tp->nclasses[metric] ? c->lower : NAN, 0);
        fprintf(fp, ", \"samples\": %llu", (unsigned long long)r->class_count[m][i]);
        key(fp, "share"), dtmapi_json_num(fp, r->class_share[m][i], 0);
        fputc('}', fp);
    }
    fputc(']', fp);
}

static void json_charts(FILE *fp, const dtmap_report_charts *c) {
    const char *name[5] = {"rsrp_cdf", "rsrp_hist", "sinr_cdf", "sinr_hist", "map"};
    const char *path[5] = {c->rsrp_cdf, c->rsrp_hist, c->sinr_cdf, c->sinr_hist, c->map};
    fputs(",\n          \"charts\": {", fp);
    for (int i = 0; i < 5; i++) {
        char buf[sizeof c->map + 8];
        fprintf(fp, "%s\"%s\": ", i ? ", " : "", name[i]);
        if (path[i][0] == '\0') {
            fputs("null", fp);
            continue;
        }
        snprintf(buf, sizeof buf, "%.*s.png", (int)sizeof c->map - 1, path[i]);
        dtmapi_json_str(fp, buf);
    }
    fputc('}', fp);
}

/* The gaps of one area and technology: weak, interference, unmeasured, each in the order of
 * rep->gaps (rank order after dtmap_area_gaps_rank). */
static void json_gaps(FILE *fp, const dtmap_report *rep, const dtmap_area_kpi *r) {
    int first = 1;
    fputs(",\n          \"gaps\": [", fp);
    for (int k = 0; k < DTMAP_GAP_KIND_COUNT && rep->gaps != NULL; k++)
        for (size_t i = 0; i < rep->gaps->n; i++) {
            const dtmap_area_gap *g = &rep->gaps->v[i];
            if (g->area != r->area || g->tech != r->tech || g->kind != dtmap_gap_kinds[k]) continue;
            fprintf(fp, "%s\n            {\"rank\": %d, \"kind\": ", first ? "" : ",", g->rank);
            dtmapi_json_str(fp, dtmap_cellkind_name(g->kind));
            key(fp, "area_m2"), dtmapi_json_num(fp, g->area_m2, 0);
            key(fp, "worst"), dtmapi_json_num(fp, g->worst, 0);
            key(fp, "mean"), dtmapi_json_num(fp, g->mean, 0);
            key(fp, "threshold"), dtmapi_json_num(fp, g->threshold, 0);
            key(fp, "deficit_db"), dtmapi_json_num(fp, g->deficit_db, 0);
            fprintf(fp, ", \"samples\": %llu, \"ncells\": %zu", (unsigned long long)g->samples,
                    g->ncells);
            key(fp, "centroid_lon"), dtmapi_json_num(fp, g->lon, 0);
            key(fp, "centroid_lat"), dtmapi_json_num(fp, g->lat, 0);
            fputc('}', fp);
            first = 0;
        }
    fputs(first ? "]" : "\n          ]", fp);
}

static void json_record(FILE *fp, const dtmap_report *rep, size_t k) {
    const dtmap_area_kpi *r = &rep->kpi[k];
    fputs("\n        {\"tech\": ", fp);
    dtmapi_json_str(fp, dtmap_tech_label(r->tech));
    key(fp, "tech_name"), dtmapi_json_str(fp, dtmap_tech_name(r->tech));
    key(fp, "area_m2"), dtmapi_json_num(fp, r->area_m2, 0);
    fputs(",\n          \"kind_share\": {\"covered\": ", fp);
    dtmapi_json_num(fp, r->kind_share[DTMAP_KIND_COVERED], 0);
    key(fp, "weak"), dtmapi_json_num(fp, r->kind_share[DTMAP_KIND_WEAK], 0);
    key(fp, "interference"), dtmapi_json_num(fp, r->kind_share[DTMAP_KIND_INTERFERENCE], 0);
    key(fp, "unmeasured"), dtmapi_json_num(fp, r->kind_share[DTMAP_KIND_UNMEASURED], 0);
    key(fp, "outside_grid"), dtmapi_json_num(fp, r->kind_share[DTMAP_KIND_NONE], 0);
    fputs("}", fp);
    key(fp, "measured_share"), dtmapi_json_num(fp, r->measured_share, 0);
    key(fp, "unmeasured_share"), dtmapi_json_num(fp, r->unmeasured_share, 0);
    key(fp, "rsrp_threshold"), dtmapi_json_num(fp, r->rsrp_threshold, 0);
    key(fp, "sinr_threshold");
    dtmapi_json_num(fp, r->has_sinr_threshold ? r->sinr_threshold : NAN, 0);
    fputs(",\n          \"levels\": [", fp);
    for (int i = 0; i < r->nlevels && i < DTMAP_KPI_MAX_LEVELS; i++) {
        fputs(i ? ", {\"rsrp_dbm\": " : "{\"rsrp_dbm\": ", fp);
        dtmapi_json_num(fp, r->level[i], 0);
        key(fp, "share"), dtmapi_json_num(fp, r->level_share[i], 0);
        key(fp, "share_measured"), dtmapi_json_num(fp, r->level_share_measured[i], 0);
        fputc('}', fp);
    }
    fprintf(fp, "],\n          \"samples\": %llu", (unsigned long long)r->samples);
    key(fp, "samples_per_km2"), dtmapi_json_num(fp, r->samples_per_km2, 0);
    json_dist(fp, "rsrp", &r->rsrp);
    json_dist(fp, "sinr", &r->sinr);
    json_classes(fp, rep, r, 0);
    json_classes(fp, rep, r, 1);
    if (rep->charts != NULL)
        json_charts(fp, &rep->charts[k]);
    else
        fputs(",\n          \"charts\": null", fp);
    json_gaps(fp, rep, r);
    fputs("}", fp);
}

dtmap_status dtmap_report_write_json(const char *path, const dtmap_report *rep, int overwrite,
                                     dtmap_error *err) {
    report_file f;
    dtmap_status st = dtmapi_report_begin(path, rep, overwrite, &f, err);
    if (st != DTMAP_OK) return st;
    FILE *fp = f.fp;
    fputs("{\n", fp);
    json_profile(fp, rep);
    fputs("  \"crs\": ", fp);
    rep->crs ? dtmapi_json_str(fp, rep->crs) : (void)fputs("null", fp);
    fputs(",\n  \"res_m\": ", fp);
    dtmapi_json_num(fp, rep->res_m, 0);
    fputs(",\n  \"method\": ", fp);
    rep->method ? dtmapi_json_str(fp, rep->method) : (void)fputs("null", fp);
    fputs(",\n  \"min_gap_area_m2\": ", fp);
    dtmapi_json_num(fp, rep->min_gap_area_m2, 0);
    fputs(",\n  \"gaps_file\": ", fp);
    rep->gaps_file ? dtmapi_json_str(fp, rep->gaps_file) : (void)fputs("null", fp);
    fputs(",\n  \"areas\": [", fp);
    size_t nareas = dtmap_areas_count(rep->areas);
    for (size_t a = 0; a < nareas; a++) {
        fprintf(fp, "%s\n    {\"name\": ", a ? "," : "");
        dtmapi_json_str(fp, dtmap_areas_name(rep->areas, a));
        key(fp, "area_m2"), dtmapi_json_num(fp, dtmap_areas_area_m2(rep->areas, a), 0);
        fputs(", \"technologies\": [", fp);
        int first = 1;
        for (size_t k = 0; k < rep->nkpi; k++) {
            if (rep->kpi[k].area != a) continue;
            if (!first) fputc(',', fp);
            json_record(fp, rep, k);
            first = 0;
        }
        fputs(first ? "]}" : "\n      ]}", fp);
    }
    fputs(nareas ? "\n  ]\n}\n" : "]\n}\n", fp);
    return dtmapi_report_end(&f, st, err);
}
