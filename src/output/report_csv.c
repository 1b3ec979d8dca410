/* report_csv.c: areas.csv, one row per area and technology with every key figure (report.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/report.h"
#include "output/report_util.h"

/* The columns that vary with the report: RSRP levels (union over technologies, descending)
 * and class names (union over technologies in profile order), for RSRP ([0]) and SINR ([1]). */
#define MAX_LEVELS (DTMAP_TECH_COUNT * DTMAP_KPI_MAX_LEVELS)
#define MAX_CLASSES (DTMAP_TECH_COUNT * DTMAP_PROFILE_MAX_CLASSES)
typedef struct columns {
    int nlevels;
    double level[MAX_LEVELS];
    char level_name[MAX_LEVELS][REPORT_NUM]; /* the level as printed in the column name */
    int nclasses[2];
    char class_name[2][MAX_CLASSES][32];
} columns;

static const dtmap_metric METRIC[2] = {DTMAP_METRIC_RSRP, DTMAP_METRIC_SINR};

static int level_desc(const void *a, const void *b) {
    const double *x = a, *y = b;
    return (*x < *y) - (*x > *y);
}

/* Index of the level printed as name in c, or -1. */
static int find_level(const columns *c, const char *name) {
    for (int i = 0; i < c->nlevels; i++)
        if (strcmp(c->level_name[i], name) == 0) return i;
    return -1;
}

/* Collects the level and class columns of the technologies present in the report. */
static void collect_columns(const dtmap_report *rep, columns *c) {
    const dtmap_profile *prof = dtmapi_report_profile(rep);
    int seen[DTMAP_TECH_COUNT] = {0};
    memset(c, 0, sizeof *c);
    for (size_t k = 0; k < rep->nkpi; k++) {
        const dtmap_area_kpi *r = &rep->kpi[k];
        if (seen[r->tech]) continue;
        seen[r->tech] = 1;
        for (int i = 0; i < r->nlevels && i < DTMAP_KPI_MAX_LEVELS; i++) {
            char name[REPORT_NUM];
            dtmapi_report_full(name, r->level[i]);
            if (name[0] == '\0' || find_level(c, name) >= 0) continue;
            memcpy(c->level_name[c->nlevels], name, sizeof name);
            c->level[c->nlevels++] = r->level[i];
        }
    }
    qsort(c->level, (size_t)c->nlevels, sizeof c->level[0], level_desc);
    /* the names again, in the sorted order */
    for (int i = 0; i < c->nlevels; i++)
        dtmapi_report_full(c->level_name[i], c->level[i]);
    for (int m = 0; m < 2; m++)
        for (int t = 0; t < DTMAP_TECH_COUNT; t++) {
            if (!seen[t]) continue;
            const dtmap_tech_profile *tp = &prof->tech[t];
            for (int i = 0; i < tp->nclasses[METRIC[m]]; i++) {
                const char *name = tp->classes[METRIC[m]][i].name;
                int dup = 0;
                for (int j = 0; j < c->nclasses[m] && !dup; j++)
                    dup = strcmp(c->class_name[m][j], name) == 0;
                if (!dup)
                    snprintf(c->class_name[m][c->nclasses[m]++], sizeof c->class_name[m][0], "%s",
                             name);
            }
        }
}

/* The share of the samples of r in the class called name (its technology's profile classes),
 * NAN when the technology has no such class. */
static double class_share(const dtmap_profile *prof, const dtmap_area_kpi *r, int m,
                          const char *name) {
    const dtmap_tech_profile *tp = &prof->tech[r->tech];
    for (int i = 0; i < tp->nclasses[METRIC[m]] && i < r->nclasses[m]; i++)
        if (strcmp(tp->classes[METRIC[m]][i].name, name) == 0) return r->class_share[m][i];
    return NAN;
}

static void header(FILE *fp, const columns *c) {
    static const char *const fixed[] = {"area",
                                        "tech",
                                        "area_m2",
                                        "covered_share",
                                        "weak_share",
                                        "interference_share",
                                        "unmeasured_share",
                                        "measured_share",
                                        "rsrp_threshold",
                                        "sinr_threshold",
                                        "samples",
                                        "samples_per_km2",
                                        "rsrp_n",
                                        "rsrp_mean",
                                        "rsrp_p5",
                                        "rsrp_median",
                                        "rsrp_p95",
                                        "sinr_n",
                                        "sinr_mean",
                                        "sinr_p5",
                                        "sinr_median",
                                        "sinr_p95"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        fprintf(fp, "%s%s", i ? "," : "", fixed[i]);
    for (int i = 0; i < c->nlevels; i++)
        fprintf(fp, ",rsrp_ge_%s_share", c->level_name[i]);
    for (int m = 0; m < 2; m++)
        for (int i = 0; i < c->nclasses[m]; i++) {
            char name[64];
            snprintf(name, sizeof name, "%s_class_%s_share", m ? "sinr" : "rsrp",
                     c->class_name[m][i]);
            fputc(',', fp);
            dtmapi_report_csv_text(fp, name);
        }
    fputs(",gaps_weak,gaps_interference,gaps_unmeasured,largest_gap_m2\n", fp);
}

/* ",<v with decimals>" (empty when not finite). */
static void num(FILE *fp, double v, int decimals) {
    char b[REPORT_NUM];
    fputc(',', fp);
    fputs(dtmapi_report_fixed(b, v, decimals), fp);
}

static void count(FILE *fp, unsigned long long n) {
    fprintf(fp, ",%llu", n);
}

static void dist(FILE *fp, const dtmap_dist *d) {
    count(fp, (unsigned long long)d->n);
    num(fp, d->mean, 1);
    num(fp, d->p5, 1);
    num(fp, d->median, 1);
    num(fp, d->p95, 1);
}

static void row(FILE *fp, const dtmap_report *rep, const columns *c, const dtmap_area_kpi *r) {
    const dtmap_profile *prof = dtmapi_report_profile(rep);
    dtmapi_report_csv_text(fp, dtmap_areas_name(rep->areas, r->area));
    fputc(',', fp);
    dtmapi_report_csv_text(fp, dtmap_tech_label(r->tech));
    num(fp, r->area_m2, 1);
    num(fp, r->kind_share[DTMAP_KIND_COVERED], 4);
    num(fp, r->kind_share[DTMAP_KIND_WEAK], 4);
    num(fp, r->kind_share[DTMAP_KIND_INTERFERENCE], 4);
    num(fp, r->unmeasured_share, 4);
    num(fp, r->measured_share, 4);
    num(fp, r->rsrp_threshold, 1);
    num(fp, r->has_sinr_threshold ? r->sinr_threshold : NAN, 1);
    count(fp, (unsigned long long)r->samples);
    num(fp, r->samples_per_km2, 1);
    dist(fp, &r->rsrp);
    dist(fp, &r->sinr);
    for (int i = 0; i < c->nlevels; i++) {
        double v = NAN;
        for (int j = 0; j < r->nlevels && j < DTMAP_KPI_MAX_LEVELS; j++) {
            char name[REPORT_NUM];
            if (strcmp(dtmapi_report_full(name, r->level[j]), c->level_name[i]) == 0)
                v = r->level_share[j];
        }
        num(fp, v, 4);
    }
    for (int m = 0; m < 2; m++)
        for (int i = 0; i < c->nclasses[m]; i++)
            num(fp, class_share(prof, r, m, c->class_name[m][i]), 4);
    if (rep->gaps == NULL) {
        fputs(",,,,\n", fp);
        return;
    }
    double largest;
    count(fp, dtmapi_report_gaps_count(rep, r->area, r->tech, DTMAP_KIND_WEAK, NULL, NULL));
    count(fp, dtmapi_report_gaps_count(rep, r->area, r->tech, DTMAP_KIND_INTERFERENCE, NULL, NULL));
    count(fp, dtmapi_report_gaps_count(rep, r->area, r->tech, DTMAP_KIND_UNMEASURED, NULL, NULL));
    dtmapi_report_gaps_count(rep, r->area, r->tech, DTMAP_KIND_NONE, &largest, NULL);
    num(fp, largest, 1);
    fputc('\n', fp);
}

dtmap_status dtmap_report_write_csv(const char *path, const dtmap_report *rep, int overwrite,
                                    dtmap_error *err) {
    report_file f;
    dtmap_status st = dtmapi_report_begin(path, rep, overwrite, &f, err);
    if (st != DTMAP_OK) return st;
    columns *c = malloc(sizeof *c);
    if (c == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    collect_columns(rep, c);
    header(f.fp, c);
    for (size_t k = 0; k < rep->nkpi; k++)
        row(f.fp, rep, c, &rep->kpi[k]);
done:
    free(c);
    return dtmapi_report_end(&f, st, err);
}
