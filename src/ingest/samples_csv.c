/* samples_csv.c: the normalised sample CSV writer (deterministic text that
 * dtmap_ingest_file reads back to identical samples). */
#include "dtmap/ingest.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/fileio.h"
#include "ingest/report.h"
#include "ingest/timeparse.h"

/* Shortest of %.6g..%.9g that reads back (strtod, then float, as the reader does) to v. */
static void fmt_float(char *buf, size_t n, float v) {
    for (int p = 6; p <= 9; p++) {
        snprintf(buf, n, "%.*g", p, (double)v);
        if ((float)strtod(buf, NULL) == v) return;
    }
}

/* Shortest of %.15g..%.17g that reads back to v. */
static void fmt_double(char *buf, size_t n, double v) {
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v) return;
    }
}

/* ISO 8601 time, "Z" when UTC, with the fewest fraction digits that read back to t. */
static void fmt_time(char *buf, size_t n, double t, int utc) {
    double sec = floor(t), frac = t - sec;
    int64_t isec = (int64_t)sec, days = isec / 86400, sod = isec % 86400;
    if (sod < 0) sod += 86400, days--;
    int64_t y;
    int m, d;
    dtmapi_ingest_civil_from_days(days, &y, &m, &d);
    int len = snprintf(buf, n, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d", y, m, d, (int)(sod / 3600),
                       (int)(sod / 60 % 60), (int)(sod % 60));
    if (len < 0 || (size_t)len >= n) return;
    if (frac > 0) {
        char fb[64], why[64];
        for (int digits = 1; digits <= 40; digits++) {
            snprintf(fb, sizeof fb, "%.*f", digits, frac);
            if (fb[0] != '0') continue; /* rounded up to 1 */
            snprintf(buf + len, n - (size_t)len, "%s%s", fb + 1, utc ? "Z" : "");
            double back;
            int zoned;
            if (dtmapi_ingest_time_parse(buf, &back, &zoned, why, sizeof why) && back == t) return;
        }
    } else {
        snprintf(buf + len, n - (size_t)len, "%s", utc ? "Z" : "");
    }
}

/* "PCI/CHANNEL:RSRP[:RSRQ]" per neighbour, joined by ';' (empty parts for missing values). */
static void write_neighbours(FILE *fp, const dtmap_samples *set, const dtmap_sample *s) {
    for (uint32_t k = 0; k < s->nnbr && s->nbr + k < set->nnbr; k++) {
        const dtmap_neighbour *n = &set->nbr[s->nbr + k];
        char b[24];
        if (k) fputc(';', fp);
        if (n->pci >= 0) fprintf(fp, "%" PRId32, n->pci);
        fputc('/', fp);
        if (n->channel >= 0) fprintf(fp, "%" PRId32, n->channel);
        fputc(':', fp);
        if (!isnan(n->rsrp)) {
            fmt_float(b, sizeof b, n->rsrp);
            fputs(b, fp);
        }
        if (!isnan(n->rsrq)) {
            fmt_float(b, sizeof b, n->rsrq);
            fprintf(fp, ":%s", b);
        }
    }
}

dtmap_status dtmap_samples_write_csv(const dtmap_samples *set, const char *path, int overwrite,
                                     dtmap_error *err) {
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    dtmap_status st = dtmap_outfile_fopen(path, overwrite, &out, &fp, err);
    if (st != DTMAP_OK) return st;
    fputs("time,lon,lat,tech,rsrp,rsrq,sinr,pci,cellid,channel,ecl,hdop,fix,neighbours,source,"
          "line\n",
          fp);
    for (size_t i = 0; i < set->n; i++) {
        const dtmap_sample *s = &set->v[i];
        char tb[96] = "", xb[32], yb[32], vb[DTMAP_METRIC_COUNT][24];
        if (!isnan(s->time_s)) fmt_time(tb, sizeof tb, s->time_s, s->time_utc);
        fmt_double(xb, sizeof xb, s->lon);
        fmt_double(yb, sizeof yb, s->lat);
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            vb[m][0] = '\0';
            if (!isnan(s->value[m])) fmt_float(vb[m], sizeof vb[m], s->value[m]);
        }
        fprintf(fp, "%s,%s,%s,%s,%s,%s,%s,", tb, xb, yb, dtmap_tech_name((dtmap_tech)s->tech),
                vb[0], vb[1], vb[2]);
        if (s->pci >= 0) fprintf(fp, "%" PRId32, s->pci);
        fputc(',', fp);
        if (s->cell_id >= 0) fprintf(fp, "%" PRId64, s->cell_id);
        fputc(',', fp);
        if (s->channel >= 0) fprintf(fp, "%" PRId32, s->channel);
        fputc(',', fp);
        if (s->ecl >= 0) fprintf(fp, "%d", s->ecl);
        fputc(',', fp);
        if (!isnan(s->hdop)) {
            fmt_float(xb, sizeof xb, s->hdop);
            fputs(xb, fp);
        }
        fputc(',', fp);
        if (s->fix_quality >= 0) fprintf(fp, "%d", s->fix_quality);
        fputc(',', fp);
        write_neighbours(fp, set, s);
        fputc(',', fp);
        dtmapi_ingest_csv_field(fp, s->file < set->nfiles ? set->files[s->file] : "");
        fprintf(fp, ",%" PRIu32 "\n", s->line);
    }
    /* write errors are sticky on fp: close_commit checks them and removes the temporary */
    return dtmap_outfile_close_commit(&out, fp, err);
}
