/* report.c: ingest accounting (per-file counts, every reject), the rejects CSV and the summary. */
#include "ingest/report.h"

#include <csv.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/fileio.h"

static const char *const reject_names[DTMAP_REJ_COUNT] = {
    "fields",    "no_position",  "zero_position",  "bad_position", "bad_time",        "bad_number",
    "no_metric", "rsrp_range",   "rsrq_range",     "sinr_range",   "tech_not_mapped", "checksum",
    "no_fix",    "unpositioned", "duplicate_time", "bad_record"};

static const char *const reject_texts[DTMAP_REJ_COUNT] = {
    "fewer fields than the header",
    "latitude/longitude missing or not a number",
    "position 0,0 (GPS without a fix)",
    "position out of range",
    "timestamp present but unusable",
    "metric value is not a number",
    "no RSRP, RSRQ or SINR value",
    "RSRP outside 3GPP range",
    "RSRQ outside 3GPP range",
    "SINR outside 3GPP range",
    "2G/3G or unknown technology",
    "NMEA checksum mismatch",
    "GNSS record without a valid fix",
    "no GNSS fix within the maximum gap",
    "fix time repeated at another place",
    "record is no text or its quote never closes"};

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
    for (size_t i = 0; i < rep->nskipped_files; i++)
        free(rep->skipped_files[i].path);
    free(rep->skipped_files);
    for (size_t i = 0; i < rep->nduplicates; i++) {
        free(rep->duplicates[i].path);
        free(rep->duplicates[i].same_as);
    }
    free(rep->duplicates);
    free(rep->warnings);
    free(rep->files);
    free(rep->rejects);
    dtmap_ingest_report_init(rep);
}

/* Makes room for element n of *v (elements of size bytes): the capacity doubles at every power
 * of two, so that appending n elements costs O(n) however long the list gets (a folder of
 * 10,000 logs). Returns 0, or -1 out of memory (*v unchanged). */
static int room(void **v, size_t n, size_t size) {
    if (n != 0 && (n < 8 || (n & (n - 1)) != 0)) return 0; /* capacity 8, or the power of 2 >= n */
    void *p = realloc(*v, (n ? 2 * n : 8) * size);
    if (!p) return -1;
    *v = p;
    return 0;
}

dtmap_status dtmap_ingest_report_skip_file(dtmap_ingest_report *rep, const char *path,
                                           const char *why) {
    if (room((void **)&rep->skipped_files, rep->nskipped_files, sizeof *rep->skipped_files))
        return DTMAP_ERR_NOMEM;
    dtmap_skipped_file *v = rep->skipped_files;
    if (!(v[rep->nskipped_files].path = strdup(path))) return DTMAP_ERR_NOMEM;
    snprintf(v[rep->nskipped_files].why, sizeof v->why, "%s", why);
    rep->nskipped_files++;
    return DTMAP_OK;
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

dtmap_status dtmapi_ingest_report_add_reject(dtmap_ingest_report *rep, uint32_t file, uint32_t line,
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

dtmap_status dtmapi_ingest_report_add_file(dtmap_ingest_report *rep, const dtmap_file_report *fr) {
    if (room((void **)&rep->files, rep->nfiles, sizeof *rep->files)) return DTMAP_ERR_NOMEM;
    rep->files[rep->nfiles++] = *fr;
    return DTMAP_OK;
}

dtmap_status dtmap_ingest_report_duplicate(dtmap_ingest_report *rep, const char *path,
                                           const char *same_as) {
    if (room((void **)&rep->duplicates, rep->nduplicates, sizeof *rep->duplicates))
        return DTMAP_ERR_NOMEM;
    dtmap_duplicate_file *d = &rep->duplicates[rep->nduplicates];
    d->path = strdup(path);
    d->same_as = strdup(same_as);
    if (!d->path || !d->same_as) {
        free(d->path);
        free(d->same_as);
        return DTMAP_ERR_NOMEM;
    }
    rep->nduplicates++;
    return DTMAP_OK;
}

dtmap_status dtmapi_ingest_report_add_warning(dtmap_ingest_report *rep, uint32_t file,
                                              const char *fmt, ...) {
    if (room((void **)&rep->warnings, rep->nwarnings, sizeof *rep->warnings))
        return DTMAP_ERR_NOMEM;
    dtmap_ingest_warning *w = &rep->warnings[rep->nwarnings++];
    va_list ap;
    va_start(ap, fmt);
    w->file = file;
    vsnprintf(w->text, sizeof w->text, fmt, ap);
    va_end(ap);
    return DTMAP_OK;
}

int dtmapi_ingest_csv_field(FILE *fp, const char *s) {
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
        dtmapi_ingest_csv_field(fp, file);
        fprintf(fp, ",%" PRIu32 ",%s,", j->line, dtmap_reject_name((dtmap_reject_reason)j->reason));
        dtmapi_ingest_csv_field(fp, j->detail);
        fputc('\n', fp);
    }
    /* write errors are sticky on fp: close_commit checks them and removes the temporary */
    return dtmap_outfile_close_commit(&out, fp, err);
}

/* Order of the merged unknown technology values: count descending, then value, the bucket of
 * further values last. */
static int cmp_value_count(const void *pa, const void *pb) {
    const dtmap_value_count *a = pa, *b = pb;
    int am = strcmp(a->value, DTMAP_TECH_VALUES_MORE) == 0;
    int bm = strcmp(b->value, DTMAP_TECH_VALUES_MORE) == 0;
    if (am != bm) return am - bm;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return strcmp(a->value, b->value);
}

dtmap_status dtmap_ingest_report_unknown_tech(const dtmap_ingest_report *rep,
                                              dtmap_value_count **out, size_t *n) {
    size_t cap = 0, m = 0;
    dtmap_value_count *v = NULL;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < rep->nfiles; i++)
        for (int k = 0; k <= DTMAP_TECH_VALUES; k++)
            cap += rep->files[i].unknown_tech[k].count != 0;
    if (!cap) return DTMAP_OK;
    if (!(v = calloc(cap, sizeof *v))) return DTMAP_ERR_NOMEM;
    for (size_t i = 0; i < rep->nfiles; i++)
        for (int k = 0; k <= DTMAP_TECH_VALUES; k++) {
            const dtmap_value_count *c = &rep->files[i].unknown_tech[k];
            size_t j = 0;
            if (!c->count) continue;
            while (j < m && strcmp(v[j].value, c->value) != 0)
                j++;
            if (j == m)
                v[m++] = *c;
            else
                v[j].count += c->count;
        }
    qsort(v, m, sizeof *v, cmp_value_count);
    *out = v;
    *n = m;
    return DTMAP_OK;
}

/* "   N  time unusable: ..." under a file whose records were kept without their time. */
static void print_time_unusable(FILE *fp, const dtmap_file_report *f) {
    if (f->time_unusable)
        fprintf(fp,
                "%45" PRIu64 "  time unusable: kept without time (first: line %" PRIu32 ", %s)\n",
                f->time_unusable, f->time_unusable_line, f->time_unusable_why);
}

/* "   not UTF-8: N field(s) read as Latin-1, M as GB18030" under a file that needed it. */
static void print_decoded(FILE *fp, const dtmap_file_report *f) {
    if (f->fields_latin1 || f->fields_gb18030)
        fprintf(fp,
                "%45s  not UTF-8: %" PRIu64 " field(s) read as Latin-1, %" PRIu64 " as GB18030\n",
                "", f->fields_latin1, f->fields_gb18030);
}

/* "unknown technology values: foo x 3, WCDMA2 x 1" over every file, on one line: the ten most
 * frequent, then how many more. */
static void print_unknown_tech(FILE *fp, const dtmap_ingest_report *rep) {
    dtmap_value_count *v;
    size_t n;
    if (dtmap_ingest_report_unknown_tech(rep, &v, &n) != DTMAP_OK || !n) return;
    fputs("unknown technology values (rejected as tech_not_mapped):", fp);
    for (size_t i = 0; i < n && i < 10; i++)
        fprintf(fp, "%s %s x %" PRIu64, i ? "," : "", v[i].value, v[i].count);
    if (n > 10) fprintf(fp, ", and %zu more (see summary.json or the rejects)", n - 10);
    fputc('\n', fp);
    free(v);
}

/* The inputs that were not read, each with its reason: the folder members that are no logs
 * (or no log dtmap can read) and the duplicates read once. */
static void print_not_read(const dtmap_ingest_report *rep, FILE *fp) {
    for (size_t i = 0; i < rep->nskipped_files; i++)
        fprintf(fp, "not read: %s (%s)\n", rep->skipped_files[i].path, rep->skipped_files[i].why);
    for (size_t i = 0; i < rep->nduplicates; i++)
        fprintf(fp, "not read: %s (the same bytes as %s, read once)\n", rep->duplicates[i].path,
                rep->duplicates[i].same_as);
}

/* One line of counts: records, accepted, fixes, skipped, rejected, format, name. */
static void print_counts(FILE *fp, const uint64_t c[5], const char *format, const char *name) {
    fprintf(fp, "%9" PRIu64 " %9" PRIu64 " %7" PRIu64 " %8" PRIu64 " %8" PRIu64 "  %-10s %s\n",
            c[0], c[1], c[2], c[3], c[4], format, name);
}

/* "skipped: PHRATE 673, TXPC 269, ..." on one line: the most frequent kinds first. */
static void print_skips(FILE *fp, const dtmap_file_report *f) {
    int order[DTMAP_SKIP_KINDS + 1], n = 0;
    for (int k = 0; k <= DTMAP_SKIP_KINDS; k++)
        if (f->skip[k].count) order[n++] = k;
    if (!n) return;
    for (int i = 1; i < n; i++) /* insertion sort: count descending, then first seen */
        for (int j = i; j > 0 && f->skip[order[j]].count > f->skip[order[j - 1]].count; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    fprintf(fp, "%45s  skipped:", "");
    for (int i = 0; i < n && i < 6; i++)
        fprintf(fp, "%s %s %" PRIu64, i ? "," : "", f->skip[order[i]].kind,
                f->skip[order[i]].count);
    if (n > 6) fprintf(fp, ", and %d more kinds (see summary.json)", n - 6);
    fputc('\n', fp);
}

void dtmap_ingest_report_print(const dtmap_ingest_report *rep, const dtmap_samples *set, FILE *fp) {
    uint64_t tot[5] = {0, 0, 0, 0, 0};
    fprintf(fp, "%9s %9s %7s %8s %8s  %-10s %s\n", "records", "accepted", "fixes", "skipped",
            "rejected", "format", "file");
    for (size_t i = 0; i < rep->nfiles; i++) {
        const dtmap_file_report *f = &rep->files[i];
        uint64_t c[5] = {f->records, f->accepted, f->fixes, f->skipped, 0};
        for (int r = 0; r < DTMAP_REJ_COUNT; r++)
            c[4] += f->rejected[r];
        print_counts(fp, c, f->format, set && f->file < set->nfiles ? set->files[f->file] : "?");
        for (int r = 0; r < DTMAP_REJ_COUNT; r++)
            if (f->rejected[r])
                fprintf(fp, "%45" PRIu64 "  rejected: %s\n", f->rejected[r],
                        dtmap_reject_name((dtmap_reject_reason)r));
        print_skips(fp, f);
        print_time_unusable(fp, f);
        print_decoded(fp, f);
        for (int k = 0; k < 5; k++)
            tot[k] += c[k];
    }
    if (rep->nfiles > 1) {
        char label[32];
        snprintf(label, sizeof label, "%zu files", rep->nfiles);
        print_counts(fp, tot, "total", label);
        for (int r = 0; r < DTMAP_REJ_COUNT; r++) {
            uint64_t n = 0;
            for (size_t i = 0; i < rep->nfiles; i++)
                n += rep->files[i].rejected[r];
            if (n)
                fprintf(fp, "%45" PRIu64 "  rejected: %s\n", n,
                        dtmap_reject_name((dtmap_reject_reason)r));
        }
    }
    print_unknown_tech(fp, rep);
    print_not_read(rep, fp); /* warnings go to stderr (the CLI), not here */
}
