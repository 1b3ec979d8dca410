/* summary.c: summary.json, summary.csv and the one-screen summary of a map run. */
#include "job/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/json.h"
#include "job/assess.h"
#include "dtmap/fileio.h"
#include "dtmap/version.h"

static double share(size_t part, size_t whole) {
    return whole ? (double)part / (double)whole : NAN;
}

/* ", "time_unusable": N" in a file's record when records were kept without their time, and
 * ", "fields_latin1": N, "fields_gb18030": M" when some of its fields were not UTF-8. */
static void json_csv_notes(FILE *fp, const dtmap_file_report *f) {
    if (f->time_unusable)
        fprintf(fp, ", \"time_unusable\": %llu", (unsigned long long)f->time_unusable);
    if (f->fields_latin1 || f->fields_gb18030)
        fprintf(fp, ", \"fields_latin1\": %llu, \"fields_gb18030\": %llu",
                (unsigned long long)f->fields_latin1, (unsigned long long)f->fields_gb18030);
}

/* "  "unknown_technology_values": [...]," when some record's technology value was in no table:
 * each value with its count over every file, in dtmap_ingest_report_unknown_tech's order. */
static dtmap_status json_unknown_tech(FILE *fp, const dtmap_ingest_report *rep, dtmap_error *err) {
    dtmap_value_count *v;
    size_t n;
    if (dtmap_ingest_report_unknown_tech(rep, &v, &n) != DTMAP_OK)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "summary.json: out of memory");
    if (!n) return DTMAP_OK;
    fputs("  \"unknown_technology_values\": [", fp);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", {\"value\": " : "{\"value\": ", fp);
        dtmapi_json_str(fp, v[i].value);
        fprintf(fp, ", \"count\": %llu}", (unsigned long long)v[i].count);
    }
    fputs("],\n", fp);
    free(v);
    return DTMAP_OK;
}

/* The i-th item {"file": FILE, "KEY": VALUE} of a JSON list, one per line. */
static void json_file_item(FILE *fp, size_t i, const char *file, const char *key,
                           const char *value) {
    fprintf(fp, "%s\n    {\"file\": ", i ? "," : "");
    dtmapi_json_str(fp, file);
    fprintf(fp, ", \"%s\": ", key);
    dtmapi_json_str(fp, value);
    fputc('}', fp);
}

/* The end of a list of n json_file_item lines, and of its member. */
static void json_file_list_end(FILE *fp, size_t n) {
    fprintf(fp, "%s],\n", n ? "\n  " : "");
}

/* "not_logs": the folder members that were not read and why; "duplicates": the inputs read once
 * (path, and the file read instead); "warnings": what needs a look in the files read. */
static void json_not_read(FILE *fp, const dtmap_samples *set, const dtmap_ingest_report *rep) {
    fputs("  \"not_logs\": [", fp);
    for (size_t i = 0; i < rep->nskipped_files; i++)
        json_file_item(fp, i, rep->skipped_files[i].path, "why", rep->skipped_files[i].why);
    json_file_list_end(fp, rep->nskipped_files);
    fputs("  \"duplicates\": [", fp);
    for (size_t i = 0; i < rep->nduplicates; i++)
        json_file_item(fp, i, rep->duplicates[i].path, "same_as", rep->duplicates[i].same_as);
    json_file_list_end(fp, rep->nduplicates);
    fputs("  \"warnings\": [", fp);
    for (size_t i = 0; i < rep->nwarnings; i++) {
        const dtmap_ingest_warning *w = &rep->warnings[i];
        json_file_item(fp, i, w->file < set->nfiles ? set->files[w->file] : "", "warning", w->text);
    }
    json_file_list_end(fp, rep->nwarnings);
}

/* The warning about layer l of r, into buf (len bytes): 1 when there is one (no cell has a
 * value), else 0. */
static int layer_warning(const dtmap_map_result *r, const dtmap_layer *l, char *buf, size_t len) {
    if (!l->empty) return 0;
    unsigned long long n = (unsigned long long)l->samples, in = l->samples_on_grid;
    if (in == 0)
        snprintf(buf, len,
                 "%s: no cell has a value: none of its %llu sample%s lies inside the grid (see "
                 "--extent, --areas)",
                 l->raster, n, n == 1 ? "" : "s");
    else if (r->method == DTMAP_METHOD_IDW)
        snprintf(buf, len,
                 "%s: no cell has a value: %llu of its %llu samples lie inside the grid, too few "
                 "near any cell for IDW (%d within %g m)",
                 l->raster, in, n, r->idw.min_points, r->idw.radius_m);
    else
        snprintf(buf, len, "%s: no cell has a value", l->raster);
    return 1;
}

size_t dtmap_map_result_warnings(const dtmap_map_result *r, const char *prefix, FILE *fp) {
    char text[512];
    size_t n = 0;
    for (size_t k = 0; k < r->nlayers; k++)
        if (layer_warning(r, &r->layers[k], text, sizeof text)) {
            fprintf(fp, "%s%s\n", prefix ? prefix : "", text);
            n++;
        }
    return n;
}

/* "inputs": per file its format, device, line accounting, skipped kinds and rejects; the
 * folder members that were not logs, the duplicates and warnings; the totals and the time
 * join. */
static void json_inputs(FILE *fp, const dtmap_samples *set, const dtmap_ingest_report *rep) {
    fputs("  \"inputs\": [", fp);
    for (size_t i = 0; i < rep->nfiles; i++) {
        const dtmap_file_report *f = &rep->files[i];
        uint64_t rej = 0;
        for (int k = 0; k < DTMAP_REJ_COUNT; k++)
            rej += f->rejected[k];
        fprintf(fp, "%s\n    {\"file\": ", i ? "," : "");
        dtmapi_json_str(fp, set->files[f->file]);
        fputs(", \"format\": ", fp);
        dtmapi_json_str(fp, f->format);
        if (f->device[0]) fputs(", \"device\": ", fp), dtmapi_json_str(fp, f->device);
        if (f->lines)
            fprintf(fp, ", \"lines\": %llu, \"blank\": %llu", (unsigned long long)f->lines,
                    (unsigned long long)f->blank);
        fprintf(fp,
                ", \"meta\": %llu, \"records\": %llu, \"accepted\": %llu, \"fixes\": %llu, "
                "\"skipped\": %llu, \"rejected\": %llu",
                (unsigned long long)f->meta, (unsigned long long)f->records,
                (unsigned long long)f->accepted, (unsigned long long)f->fixes,
                (unsigned long long)f->skipped, (unsigned long long)rej);
        json_csv_notes(fp, f);
        fputs(", \"skipped_by_kind\": {", fp);
        int first = 1;
        for (int k = 0; k <= DTMAP_SKIP_KINDS; k++)
            if (f->skip[k].count) {
                fputs(first ? "" : ", ", fp);
                dtmapi_json_str(fp, f->skip[k].kind);
                fprintf(fp, ": %llu", (unsigned long long)f->skip[k].count);
                first = 0;
            }
        fputs("}, \"rejected_by_reason\": {", fp);
        first = 1;
        for (int k = 0; k < DTMAP_REJ_COUNT; k++)
            if (f->rejected[k]) {
                fprintf(fp, "%s\"%s\": %llu", first ? "" : ", ",
                        dtmap_reject_name((dtmap_reject_reason)k),
                        (unsigned long long)f->rejected[k]);
                first = 0;
            }
        fputs("}}", fp);
    }
    fputs("\n  ],\n", fp);
    json_not_read(fp, set, rep);
    fprintf(fp, "  \"accepted\": %llu,\n  \"rejected\": %llu,\n",
            (unsigned long long)dtmap_ingest_report_accepted(rep),
            (unsigned long long)dtmap_ingest_report_rejected(rep));
    if (rep->joined)
        fprintf(fp,
                "  \"time_join\": {\"max_gap_s\": %.10g, \"positioned\": %llu, "
                "\"fixes\": %zu},\n",
                rep->max_gap_s, (unsigned long long)rep->positioned, set->nfix);
}

/* ",\n  "ecl": {...}" when the run made NB-IoT coverage-enhancement maps. */
static void json_ecl(FILE *fp, const dtmap_ecl_result *e) {
    if (!e->present) return;
    double a = e->cell_area_m2;
    fprintf(fp,
            ",\n  \"ecl\": {\"tech\": \"NB-IoT\", \"raster\": \"%s\", \"share_raster\": \"%s\", "
            "\"samples\": %llu, \"samples_by_level\": [%llu, %llu, %llu], \"cells\": %zu, "
            "\"area_by_most_common_level_m2\": [%.10g, %.10g, %.10g], "
            "\"ce2_share_threshold\": %.10g",
            e->raster, e->share_raster, (unsigned long long)e->samples,
            (unsigned long long)e->samples_by_level[0], (unsigned long long)e->samples_by_level[1],
            (unsigned long long)e->samples_by_level[2], e->cells, (double)e->cells_by_mode[0] * a,
            (double)e->cells_by_mode[1] * a, (double)e->cells_by_mode[2] * a,
            e->ce2_share_threshold);
    if (e->has_gaps)
        fprintf(fp, ", \"ce2_area_m2\": %.10g, \"gaps\": %zu, \"largest_gap_m2\": %.10g",
                (double)e->ce2_cells * a, e->ngaps, e->largest_gap_m2);
    fputc('}', fp);
}

/* ",\n  "gap_kinds": {...}" per technology with a gap-kind raster (cellkind.h), and
 * ",\n  "areas": {...}" (headline figures per area; areas.json has them all) with areas. */
static void json_assess(FILE *fp, const dtmap_map_result *r) {
    int first = 1;
    for (int t = 0; t < DTMAP_TECH_OTHER; t++) {
        if (!r->has_kinds[t]) continue;
        double a = r->res_m * r->res_m;
        const size_t *c = r->kind_cells[t];
        fprintf(fp,
                "%s\n    \"%s\": {\"raster\": \"gapclass_%s.tif\", \"covered_area_m2\": %.10g, "
                "\"weak_area_m2\": %.10g, \"interference_area_m2\": %.10g, "
                "\"unmeasured_area_m2\": %.10g}",
                first ? ",\n  \"gap_kinds\": {" : ",", dtmap_tech_label((dtmap_tech)t),
                dtmap_tech_name((dtmap_tech)t), (double)c[DTMAP_KIND_COVERED] * a,
                (double)c[DTMAP_KIND_WEAK] * a, (double)c[DTMAP_KIND_INTERFERENCE] * a,
                (double)c[DTMAP_KIND_UNMEASURED] * a);
        first = 0;
    }
    if (!first) fputs("\n  }", fp);
    if (!r->nareas) return;
    fputs(",\n  \"areas\": {\"file\": ", fp);
    dtmapi_json_str(fp, r->areas_path);
    fputs(", \"layer\": ", fp);
    dtmapi_json_str(fp, r->areas_layer);
    fputs(", \"name_field\": ", fp);
    dtmapi_json_str(fp, r->areas_field);
    fputs(", \"report\": ", fp);
    dtmapi_json_str(fp, dtmapi_assess_report_files[ASSESS_REPORT_MD]);
    fputs(", \"gaps\": {", fp);
    for (int g = 0; g < DTMAP_GAP_KIND_COUNT; g++)
        fprintf(fp, "%s\"%s\": %zu", g ? ", " : "", dtmap_cellkind_name(dtmap_gap_kinds[g]),
                r->area_gaps[dtmap_gap_kinds[g]]);
    fputs("}, \"areas\": [", fp);
    for (size_t k = 0; k < r->narea_kpi; k++) {
        const dtmap_area_kpi *q = &r->area_kpi[k];
        fputs(k ? ",\n    {\"name\": " : "\n    {\"name\": ", fp);
        dtmapi_json_str(fp, r->area_names[q->area]);
        fprintf(fp,
                ", \"tech\": \"%s\", \"area_m2\": %.10g, \"samples\": %llu, \"covered_share\": ",
                dtmap_tech_label(q->tech), q->area_m2, (unsigned long long)q->samples);
        dtmapi_json_num(fp, q->kind_share[DTMAP_KIND_COVERED], 10);
        fputs(", \"weak_share\": ", fp), dtmapi_json_num(fp, q->kind_share[DTMAP_KIND_WEAK], 10);
        fputs(", \"interference_share\": ", fp);
        dtmapi_json_num(fp, q->kind_share[DTMAP_KIND_INTERFERENCE], 10);
        fputs(", \"unmeasured_share\": ", fp), dtmapi_json_num(fp, q->unmeasured_share, 10);
        fputc('}', fp);
    }
    fputs("\n  ]}", fp);
}

dtmap_status dtmap_summary_write_json(const char *path, const dtmap_samples *set,
                                      const dtmap_ingest_report *rep, const dtmap_map_opts *o,
                                      const dtmap_map_result *r, dtmap_error *err) {
    dtmap_outfile out;
    FILE *fp;
    dtmap_status st = dtmap_outfile_fopen(path, o->overwrite, &out, &fp, err);
    if (st != DTMAP_OK) return st;
    fprintf(fp, "{\n  \"dtmap_version\": \"%s\",\n", DTMAP_VERSION_STRING);
    json_inputs(fp, set, rep);
    if ((st = json_unknown_tech(fp, rep, err)) != DTMAP_OK) {
        fclose(fp);
        dtmap_outfile_abort(&out);
        return st;
    }
    const dtmap_profile *prof = o->profile ? o->profile : dtmap_profile_default();
    fputs("  \"profile\": {\"name\": ", fp);
    dtmapi_json_str(fp, prof->name);
    fputs(", \"origin\": ", fp);
    dtmapi_json_str(fp, prof->origin);
    fputs(", \"description\": ", fp);
    dtmapi_json_str(fp, prof->description);
    fputs("},\n", fp);
    fputs("  \"crs\": {\"id\": ", fp);
    dtmapi_json_str(fp, r->crs_id);
    fputs(", \"name\": ", fp);
    dtmapi_json_str(fp, r->crs_name);
    fprintf(fp,
            "},\n  \"grid\": {\"res_m\": %.10g, \"ncols\": %d, \"nrows\": %d, "
            "\"xmin\": %.10g, \"ymax\": %.10g},\n",
            r->res_m, r->ncols, r->nrows, r->xmin, r->ymax);
    /* the rasters' grid: the same, its north-west corner moved out to the tiling */
    fprintf(fp,
            "  \"tiles\": {\"tile_cells\": %d, \"computed\": %zu, \"raster_xmin\": %.10g, "
            "\"raster_ymax\": %.10g, \"raster_ncols\": %d, \"raster_nrows\": %d},\n",
            r->tile, r->ntiles, r->xmin - r->file_col0 * r->res_m,
            r->ymax + r->file_row0 * r->res_m, r->ncols + r->file_col0, r->nrows + r->file_row0);
    if (r->method == DTMAP_METHOD_IDW)
        fprintf(fp,
                "  \"method\": {\"name\": \"idw\", \"power\": %.10g, \"radius_m\": %.10g, "
                "\"max_points\": %d, \"min_points\": %d},\n",
                r->idw.power, r->idw.radius_m, r->idw.max_points, r->idw.min_points);
    else
        fputs("  \"method\": {\"name\": \"bin\"},\n", fp);
    fputs("  \"layers\": [", fp);
    for (size_t k = 0; k < r->nlayers; k++) {
        const dtmap_layer *l = &r->layers[k];
        double a = l->cell_area_m2;
        size_t measured = l->cells_total - l->cells_unmeasured;
        fprintf(fp,
                "%s\n    {\"tech\": \"%s\", \"metric\": \"%s\", \"unit\": \"%s\", "
                "\"raster\": \"%s\", \"samples_raster\": \"%s\", \"samples\": %llu, ",
                k ? "," : "", dtmap_tech_label(l->tech), dtmap_metric_label(l->metric),
                dtmap_metric_unit(l->metric), l->raster, l->samples_raster,
                (unsigned long long)l->samples);
        fputs("\"min\": ", fp), dtmapi_json_num(fp, l->min, 10);
        fputs(", \"max\": ", fp), dtmapi_json_num(fp, l->max, 10);
        fputs(", \"mean\": ", fp), dtmapi_json_num(fp, l->mean, 10);
        fprintf(fp,
                ", \"cell_area_m2\": %.10g, \"cells\": %zu, \"measured_area_m2\": %.10g, "
                "\"unmeasured_area_m2\": %.10g, \"unmeasured_share\": ",
                a, l->cells_total, (double)measured * a, (double)l->cells_unmeasured * a);
        dtmapi_json_num(fp, share(l->cells_unmeasured, l->cells_total), 10);
        if (l->has_threshold) {
            fprintf(fp,
                    ", \"threshold\": %.10g, \"samples_below\": %llu, "
                    "\"samples_at_or_above\": %llu, \"covered_area_m2\": %.10g, "
                    "\"weak_area_m2\": %.10g, \"covered_share\": ",
                    l->threshold, (unsigned long long)l->samples_below,
                    (unsigned long long)(l->samples - l->samples_below),
                    (double)l->cells_covered * a, (double)l->cells_weak * a);
            dtmapi_json_num(fp, share(l->cells_covered, l->cells_total), 10);
            fputs(", \"threshold_source\": ", fp);
            dtmapi_json_str(fp, o->thresholds.source[l->tech][l->metric]);
            fputs(", \"weak_share\": ", fp);
            dtmapi_json_num(fp, share(l->cells_weak, l->cells_total), 10);
            fputs(", \"covered_share_of_measured\": ", fp);
            dtmapi_json_num(fp, share(l->cells_covered, measured), 10);
            if (l->has_gaps)
                fprintf(fp, ", \"gaps\": %zu, \"largest_gap_m2\": %.10g", l->ngaps,
                        l->largest_gap_m2);
            else
                fputs(", \"gaps\": null, \"largest_gap_m2\": null", fp);
        } else {
            fputs(", \"threshold\": null", fp);
        }
        char warning[512];
        fprintf(fp, ", \"samples_on_grid\": %llu, \"empty\": %s",
                (unsigned long long)l->samples_on_grid, l->empty ? "true" : "false");
        if (layer_warning(r, l, warning, sizeof warning))
            fputs(", \"warning\": ", fp), dtmapi_json_str(fp, warning);
        fputc('}', fp);
    }
    fputs("\n  ]", fp);
    json_ecl(fp, &r->ecl);
    json_assess(fp, r);
    fputs("\n}\n", fp);
    return dtmap_outfile_close_commit(&out, fp, err);
}

/* One CSV field through libcsv's quoting. */
static void csv_field(FILE *fp, const char *s, int last) {
    csv_fwrite(fp, s, strlen(s));
    fputc(last ? '\n' : ',', fp);
}

static const char *fmt_num(char *buf, size_t len, double v) {
    if (isfinite(v))
        snprintf(buf, len, "%.10g", v);
    else
        buf[0] = '\0';
    return buf;
}

dtmap_status dtmap_summary_write_csv(const char *path, const dtmap_map_result *r, int overwrite,
                                     dtmap_error *err) {
    static const char *const cols[] = {"tech",
                                       "metric",
                                       "unit",
                                       "raster",
                                       "samples_raster",
                                       "samples",
                                       "threshold",
                                       "samples_below",
                                       "samples_at_or_above",
                                       "cell_area_m2",
                                       "covered_area_m2",
                                       "weak_area_m2",
                                       "unmeasured_area_m2",
                                       "covered_share",
                                       "weak_share",
                                       "unmeasured_share",
                                       "gaps",
                                       "largest_gap_m2",
                                       "min",
                                       "max",
                                       "mean"};
    const size_t ncols = sizeof cols / sizeof cols[0];
    dtmap_outfile out;
    FILE *fp;
    dtmap_status st = dtmap_outfile_fopen(path, overwrite, &out, &fp, err);
    if (st != DTMAP_OK) return st;
    for (size_t c = 0; c < ncols; c++)
        csv_field(fp, cols[c], c + 1 == ncols);
    for (size_t k = 0; k < r->nlayers; k++) {
        const dtmap_layer *l = &r->layers[k];
        char b[16][64];
        double a = l->cell_area_m2, nan = NAN;
        int t = l->has_threshold;
        csv_field(fp, dtmap_tech_label(l->tech), 0);
        csv_field(fp, dtmap_metric_label(l->metric), 0);
        csv_field(fp, dtmap_metric_unit(l->metric), 0);
        csv_field(fp, l->raster, 0);
        csv_field(fp, l->samples_raster, 0);
        csv_field(fp, fmt_num(b[0], 64, (double)l->samples), 0);
        csv_field(fp, fmt_num(b[1], 64, t ? l->threshold : nan), 0);
        csv_field(fp, fmt_num(b[2], 64, t ? (double)l->samples_below : nan), 0);
        csv_field(fp, fmt_num(b[3], 64, t ? (double)(l->samples - l->samples_below) : nan), 0);
        csv_field(fp, fmt_num(b[4], 64, a), 0);
        csv_field(fp, fmt_num(b[5], 64, t ? (double)l->cells_covered * a : nan), 0);
        csv_field(fp, fmt_num(b[6], 64, t ? (double)l->cells_weak * a : nan), 0);
        csv_field(fp, fmt_num(b[7], 64, (double)l->cells_unmeasured * a), 0);
        csv_field(fp, fmt_num(b[8], 64, t ? share(l->cells_covered, l->cells_total) : nan), 0);
        csv_field(fp, fmt_num(b[9], 64, t ? share(l->cells_weak, l->cells_total) : nan), 0);
        csv_field(fp, fmt_num(b[10], 64, share(l->cells_unmeasured, l->cells_total)), 0);
        csv_field(fp, fmt_num(b[11], 64, l->has_gaps ? (double)l->ngaps : nan), 0);
        csv_field(fp, fmt_num(b[12], 64, l->has_gaps ? l->largest_gap_m2 : nan), 0);
        csv_field(fp, fmt_num(b[13], 64, l->min), 0);
        csv_field(fp, fmt_num(b[14], 64, l->max), 0);
        csv_field(fp, fmt_num(b[15], 64, l->mean), 1);
    }
    return dtmap_outfile_close_commit(&out, fp, err);
}

void dtmap_map_result_print(const dtmap_map_result *r, FILE *fp) {
    fprintf(fp, "grid: %d x %d cells of %g m in %s (%s)\n", r->ncols, r->nrows, r->res_m,
            r->crs_id[0] ? r->crs_id : "custom CRS", r->crs_name);
    fprintf(fp, "%-10s %-5s %9s %10s %9s %9s %11s %6s\n", "tech", "metric", "samples", "threshold",
            "covered", "weak", "unmeasured", "gaps");
    for (size_t k = 0; k < r->nlayers; k++) {
        const dtmap_layer *l = &r->layers[k];
        double a = l->cell_area_m2 / 1e6;
        char thr[24] = "-", cov[24] = "-", weak[24] = "-", gaps[16] = "-";
        if (l->has_threshold) {
            snprintf(thr, sizeof thr, "%g", l->threshold);
            snprintf(cov, sizeof cov, "%.2fkm2", (double)l->cells_covered * a);
            snprintf(weak, sizeof weak, "%.2fkm2", (double)l->cells_weak * a);
            if (l->has_gaps) snprintf(gaps, sizeof gaps, "%zu", l->ngaps);
        }
        fprintf(fp, "%-10s %-5s %9llu %10s %9s %9s %9.2fkm2 %6s\n", dtmap_tech_label(l->tech),
                dtmap_metric_label(l->metric), (unsigned long long)l->samples, thr, cov, weak,
                (double)l->cells_unmeasured * a, gaps);
    }
    int empty = 0;
    for (size_t k = 0; k < r->nlayers; k++)
        if (r->layers[k].empty)
            fprintf(fp, "%s%s",
                    empty++ ? ", " : "layers with no valued cell: ", r->layers[k].raster);
    if (empty) fputc('\n', fp);
    if (r->ecl.present) {
        const dtmap_ecl_result *e = &r->ecl;
        fprintf(fp,
                "NB-IoT ECL: %llu samples (CE0 %llu, CE1 %llu, CE2 %llu); cells mostly CE2: "
                "%zu of %zu",
                (unsigned long long)e->samples, (unsigned long long)e->samples_by_level[0],
                (unsigned long long)e->samples_by_level[1],
                (unsigned long long)e->samples_by_level[2], e->cells_by_mode[2], e->cells);
        if (e->has_gaps)
            fprintf(fp, "; CE2 share >= %g%%: %.2fkm2 in %zu gap(s)", 100 * e->ce2_share_threshold,
                    (double)e->ce2_cells * e->cell_area_m2 / 1e6, e->ngaps);
        fputc('\n', fp);
    }
    if (r->nareas)
        fprintf(fp, "%-10s %8s %8s %8s %10s %9s  %s\n", "tech", "covered", "weak", "interf.",
                "unmeasured", "samples", "area");
    for (size_t k = 0; k < r->narea_kpi; k++) {
        const dtmap_area_kpi *q = &r->area_kpi[k];
        fprintf(fp, "%-10s %7.1f%% %7.1f%% %7.1f%% %9.1f%% %9llu  %s\n", dtmap_tech_label(q->tech),
                100 * q->kind_share[DTMAP_KIND_COVERED], 100 * q->kind_share[DTMAP_KIND_WEAK],
                100 * q->kind_share[DTMAP_KIND_INTERFERENCE], 100 * q->unmeasured_share,
                (unsigned long long)q->samples, r->area_names[q->area]);
    }
    if (r->nareas) {
        fputs("area gaps:", fp);
        for (int g = 0; g < DTMAP_GAP_KIND_COUNT; g++)
            fprintf(fp, "%s %zu %s", g ? "," : "", r->area_gaps[dtmap_gap_kinds[g]],
                    dtmap_cellkind_name(dtmap_gap_kinds[g]));
        fprintf(fp, " (%s)\n", dtmapi_assess_report_files[ASSESS_AREA_GAPS]);
    }
    fputs("outputs:\n", fp);
    for (size_t i = 0; i < r->noutputs; i++)
        fprintf(fp, "  %s\n", r->outputs[i]);
}
