/* report.c: ingest accounting (per-file counts, every reject), the rejects CSV and the summary. */
#include "ingest/report.h"

#include <csv.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/fileio.h"

static const char *const reject_names[DTMAP_REJ_COUNT] = {
    "fields",    "no_position", "zero_position", "bad_position", "bad_time",       "bad_number",
    "no_metric", "rsrp_range",  "rsrq_range",    "sinr_range",   "tech_not_mapped"};

static const char *const reject_texts[DTMAP_REJ_COUNT] = {
    "fewer fields than the header",     "latitude/longitude missing or not a number",
    "position 0,0 (GPS without a fix)", "position out of range",
    "timestamp present but unusable",   "metric value is not a number",
    "no RSRP, RSRQ or SINR value",      "RSRP outside 3GPP range",
    "RSRQ outside 3GPP range",          "SINR outside 3GPP range",
    "2G/3G or unknown technology"};

const char *dtmap_reject_name(dtmap_reject_reason r) {
    return (unsigned)r < DTMAP_REJ_COUNT ? reject_names[r] : "?";
}

const char *dtmap_reject_text(dtmap_reject_reason r) {
    return (unsigned)r < DTMAP_REJ_COUNT ? reject_texts[r] : "?";
}

void dtmap_ingest_report_init(dtmap_ingest_report *rep) {
    memset(rep, 0, sizeof *rep);
}

void dtmap_ingest_report_free(dtmap_ingest_report *rep) {
    if (!rep) return;
    free(rep->files);
    free(rep->rejects);
    dtmap_ingest_report_init(rep);
}

uint64_t dtmap_ingest_report_accepted(const dtmap_ingest_report *rep) {
    uint64_t n = 0;
    for (size_t i = 0; i < rep->nfiles; i++)
        n += rep->files[i].accepted;
    return n;
}

uint64_t dtmap_ingest_report_rejected(const dtmap_ingest_report *rep) {
    uint64_t n = 0;
    for (size_t i = 0; i < rep->nfiles; i++)
        for (int r = 0; r < DTMAP_REJ_COUNT; r++)
            n += rep->files[i].rejected[r];
    return n;
}

dtmap_status ingest_report_add_reject(dtmap_ingest_report *rep, uint32_t file, uint32_t line,
                                      dtmap_reject_reason reason, const char *detail) {
    if (rep->nrejects == rep->cap) {
        size_t cap = rep->cap ? rep->cap * 2 : 256;
        dtmap_reject *v = realloc(rep->rejects, cap * sizeof *v);
        if (!v) return DTMAP_ERR_NOMEM;
        rep->rejects = v;
        rep->cap = cap;
    }
    dtmap_reject *j = &rep->rejects[rep->nrejects++];
    j->file = file;
    j->line = line;
    j->reason = (uint8_t)reason;
    snprintf(j->detail, sizeof j->detail, "%s", detail ? detail : "");
    return DTMAP_OK;
}

dtmap_status ingest_report_add_file(dtmap_ingest_report *rep, const dtmap_file_report *fr) {
    dtmap_file_report *v = realloc(rep->files, (rep->nfiles + 1) * sizeof *v);
    if (!v) return DTMAP_ERR_NOMEM;
    rep->files = v;
    rep->files[rep->nfiles++] = *fr;
    return DTMAP_OK;
}

int ingest_csv_field(FILE *fp, const char *s) {
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' '))
        return fputs(s, fp) < 0 ? EOF : 0;
    return csv_fwrite(fp, s, strlen(s));
}

dtmap_status dtmap_ingest_write_rejects(const dtmap_ingest_report *rep, const dtmap_samples *set,
                                        const char *path, int overwrite, dtmap_error *err) {
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    dtmap_status st = dtmap_outfile_fopen(path, overwrite, &out, &fp, err);
    if (st != DTMAP_OK) return st;
    fputs("file,line,reason,detail\n", fp);
    for (size_t i = 0; i < rep->nrejects; i++) {
        const dtmap_reject *j = &rep->rejects[i];
        const char *file = j->file < set->nfiles ? set->files[j->file] : "";
        ingest_csv_field(fp, file);
        fprintf(fp, ",%" PRIu32 ",%s,", j->line, dtmap_reject_name((dtmap_reject_reason)j->reason));
        ingest_csv_field(fp, j->detail);
        fputc('\n', fp);
    }
    /* write errors are sticky on fp: close_commit checks them and removes the temporary */
    return dtmap_outfile_close_commit(&out, fp, err);
}

void dtmap_ingest_report_print(const dtmap_ingest_report *rep, const dtmap_samples *set, FILE *fp) {
    uint64_t tot[3] = {0, 0, 0};
    fprintf(fp, "%10s %10s %10s  %-11s %s\n", "records", "accepted", "rejected", "format", "file");
    for (size_t i = 0; i < rep->nfiles; i++) {
        const dtmap_file_report *f = &rep->files[i];
        uint64_t rej = 0;
        for (int r = 0; r < DTMAP_REJ_COUNT; r++)
            rej += f->rejected[r];
        const char *name = set && f->file < set->nfiles ? set->files[f->file] : "?";
        fprintf(fp, "%10" PRIu64 " %10" PRIu64 " %10" PRIu64 "  %-11s %s\n", f->records,
                f->accepted, rej, f->format, name);
        for (int r = 0; r < DTMAP_REJ_COUNT; r++)
            if (f->rejected[r])
                fprintf(fp, "%32" PRIu64 "  %s\n", f->rejected[r],
                        dtmap_reject_name((dtmap_reject_reason)r));
        tot[0] += f->records;
        tot[1] += f->accepted;
        tot[2] += rej;
    }
    if (rep->nfiles > 1) {
        fprintf(fp, "%10" PRIu64 " %10" PRIu64 " %10" PRIu64 "  %-11s %zu files\n", tot[0], tot[1],
                tot[2], "total", rep->nfiles);
        for (int r = 0; r < DTMAP_REJ_COUNT; r++) {
            uint64_t n = 0;
            for (size_t i = 0; i < rep->nfiles; i++)
                n += rep->files[i].rejected[r];
            if (n) fprintf(fp, "%32" PRIu64 "  %s\n", n, dtmap_reject_name((dtmap_reject_reason)r));
        }
    }
}
