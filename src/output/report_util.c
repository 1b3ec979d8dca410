/* report_util.c: checks, locale, number and text formatting shared by the area-report writers
 * (see report_util.h). */
#include "output/report_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/json.h"
#include "core/text.h"

dtmap_status dtmapi_report_begin(const char *path, const dtmap_report *rep, int overwrite,
                                 report_file *f, dtmap_error *err) {
    memset(f, 0, sizeof *f);
    if (path == NULL || rep == NULL || rep->areas == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "report: %s is NULL",
                               path == NULL  ? "the path"
                               : rep == NULL ? "the report"
                                             : "the report's areas");
    if (rep->nkpi > 0 && rep->kpi == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE,
                               "%s: report has %zu key-figure records but "
                               "kpi is NULL",
                               path, rep->nkpi);
    size_t nareas = dtmap_areas_count(rep->areas);
    for (size_t k = 0; k < rep->nkpi; k++) {
        const dtmap_area_kpi *r = &rep->kpi[k];
        if (r->area >= nareas)
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "%s: key-figure record %zu: area index "
                                   "%zu, but there are %zu areas",
                                   path, k, r->area, nareas);
        if ((int)r->tech < 0 || r->tech >= DTMAP_TECH_COUNT)
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "%s: key-figure record %zu: technology %d out of range", path, k,
                                   (int)r->tech);
    }
    f->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (f->c_locale == (locale_t)0)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: cannot make the C numeric locale", path);
    f->old = uselocale(f->c_locale);
    dtmap_status st = dtmap_outfile_fopen(path, overwrite, &f->out, &f->fp, err);
    if (st != DTMAP_OK) {
        uselocale(f->old);
        freelocale(f->c_locale);
        memset(f, 0, sizeof *f);
    }
    return st;
}

dtmap_status dtmapi_report_end(report_file *f, dtmap_status st, dtmap_error *err) {
    if (st == DTMAP_OK) {
        st = dtmap_outfile_close_commit(&f->out, f->fp, err);
    } else {
        fclose(f->fp);
        dtmap_outfile_abort(&f->out);
    }
    uselocale(f->old);
    freelocale(f->c_locale);
    memset(f, 0, sizeof *f);
    return st;
}

const dtmap_profile *dtmapi_report_profile(const dtmap_report *rep) {
    return rep->profile != NULL ? rep->profile : dtmap_profile_default();
}

/* Drops the sign of a printed number whose digits are all zero ("-0.0" -> "0.0"). */
static void drop_negative_zero(char *buf) {
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

const char *dtmapi_report_fixed(char buf[REPORT_NUM], double v, int decimals) {
    buf[0] = '\0';
    if (!isfinite(v)) return buf;
    snprintf(buf, REPORT_NUM, "%.*f", decimals, v);
    drop_negative_zero(buf);
    return buf;
}

const char *dtmapi_report_full(char buf[REPORT_NUM], double v) {
    return dtmapi_json_num_format(buf, v, 0);
}

const char *dtmapi_report_percent(char buf[REPORT_NUM], double share) {
    if (!isfinite(share)) {
        snprintf(buf, REPORT_NUM, "–");
        return buf;
    }
    /* Shares are sums of per-cell fractions over a polygon's area: within 1e-9 of 0 or 1 is
     * rounding, not a sliver, and prints as 0 or 100. */
    if (fabs(share) < 1e-9) share = 0;
    if (fabs(share - 1) < 1e-9) share = 1;
    double pct = 100 * share;
    if (share > 0 && pct < 0.05)
        snprintf(buf, REPORT_NUM, "< 0.1 %%");
    else if (share < 1 && pct >= 99.95)
        snprintf(buf, REPORT_NUM, "> 99.9 %%");
    else {
        char num[REPORT_NUM];
        snprintf(buf, REPORT_NUM, "%s %%", dtmapi_report_fixed(num, pct, 1));
    }
    return buf;
}

void dtmapi_report_csv_text(FILE *fp, const char *s) {
    if (s == NULL) s = "";
    if (strpbrk(s, ",\"\r\n") != NULL)
        csv_fwrite(fp, s, strlen(s));
    else
        fputs(s, fp);
}

void dtmapi_report_md_text(FILE *fp, const char *s) {
    const char *p = s != NULL ? s : "";
    for (size_t n = strlen(p); n > 0;) {
        int len = dtmapi_utf8_next(p, n, NULL);
        unsigned char c = (unsigned char)*p;
        if (len <= 0) {
            fputs("\xEF\xBF\xBD", fp); /* U+FFFD */
            len = 1;
        } else if (len > 1) {
            fwrite(p, 1, (size_t)len, fp);
        } else if (c < 0x20 || c == 0x7F) {
            fputc(' ', fp);
        } else if (strchr("\\`*_[]<>#|&~", c) != NULL) {
            fprintf(fp, "\\%c", c);
        } else {
            fputc(c, fp);
        }
        p += len;
        n -= (size_t)len;
    }
}

void dtmapi_report_md_path(FILE *fp, const char *path) {
    for (const unsigned char *p = (const unsigned char *)(path != NULL ? path : ""); *p; p++) {
        if (*p <= 0x20 || *p == 0x7F || strchr("()<>%", *p) != NULL)
            fprintf(fp, "%%%02X", *p);
        else
            fputc(*p, fp);
    }
}

size_t dtmapi_report_gaps_count(const dtmap_report *rep, size_t area, dtmap_tech tech,
                                dtmap_cellkind kind, double *largest_m2, double *total_m2) {
    size_t n = 0;
    double largest = NAN, total = 0;
    if (rep->gaps != NULL)
        for (size_t i = 0; i < rep->gaps->n; i++) {
            const dtmap_area_gap *g = &rep->gaps->v[i];
            if (g->area != area || g->tech != tech) continue;
            if (kind != DTMAP_KIND_NONE && g->kind != kind) continue;
            n++;
            total += g->area_m2;
            if (isnan(largest) || g->area_m2 > largest) largest = g->area_m2;
        }
    if (largest_m2 != NULL) *largest_m2 = largest;
    if (total_m2 != NULL) *total_m2 = total;
    return n;
}
