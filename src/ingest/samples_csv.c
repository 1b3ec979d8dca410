/* samples_csv.c: the normalised sample CSV writer (deterministic text that
 * dtmap_ingest_file reads back to identical samples). */
#include "dtmap/ingest.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/fileio.h"
#include "ingest/numfmt.h"
#include "ingest/report.h"
#include "ingest/timeparse.h"

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

/* The output buffer: rows are laid out in b and written with one fwrite per block. */
typedef struct obuf {
    FILE *fp;
    char *b;
    size_t n;
} obuf;

enum { OBUF_SIZE = 1 << 16, OBUF_ROOM = 512 };

/* Writes out what b holds. */
static void flush(obuf *o) {
    if (o->n) fwrite(o->b, 1, o->n, o->fp); /* errors are sticky on fp */
    o->n = 0;
}

/* Makes room for at least OBUF_ROOM more bytes. */
static void room(obuf *o) {
    if (o->n + OBUF_ROOM > OBUF_SIZE) flush(o);
}

static void put_str(obuf *o, const char *s, size_t len) {
    memcpy(o->b + o->n, s, len);
    o->n += len;
}

static void put_char(obuf *o, char c) {
    o->b[o->n++] = c;
}

static void put_u64(obuf *o, unsigned long long v) {
    o->n += dtmapi_fmt_u64(o->b + o->n, v);
}

static void put_float(obuf *o, float v) {
    o->n += dtmapi_fmt_float(o->b + o->n, v);
}

/* Two digits of v (0..99). */
static void put2(char *p, int v) {
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* The time text of t (as fmt_time writes it) into o. Whole seconds of years 0..9999 are laid
 * out here, with the date of the day before kept in *day/date; others go through fmt_time. */
static void put_time(obuf *o, double t, int utc, int64_t *day, char date[11]) {
    double sec = floor(t);
    if (sec != t || !(t >= 0 && t < 253402300800.0)) { /* a fraction, or outside 1970..9999 */
        char tb[96] = "";
        fmt_time(tb, sizeof tb, t, utc);
        put_str(o, tb, strlen(tb));
        return;
    }
    int64_t isec = (int64_t)sec, days = isec / 86400, sod = isec % 86400;
    if (days != *day) {
        int64_t y;
        int m, d;
        dtmapi_ingest_civil_from_days(days, &y, &m, &d);
        put2(date, (int)(y / 100));
        put2(date + 2, (int)(y % 100));
        date[4] = '-';
        put2(date + 5, m);
        date[7] = '-';
        put2(date + 8, d);
        date[10] = 'T';
        *day = days;
    }
    char *p = o->b + o->n;
    memcpy(p, date, 11);
    put2(p + 11, (int)(sod / 3600));
    p[13] = ':';
    put2(p + 14, (int)(sod / 60 % 60));
    p[16] = ':';
    put2(p + 17, (int)(sod % 60));
    o->n += 19;
    if (utc) put_char(o, 'Z');
}

/* "PCI/CHANNEL:RSRP[:RSRQ]" per neighbour, joined by ';' (empty parts for missing values). */
static void put_neighbours(obuf *o, const dtmap_samples *set, const dtmap_sample *s) {
    for (uint32_t k = 0; k < s->nnbr && s->nbr + k < set->nnbr; k++) {
        const dtmap_neighbour *n = &set->nbr[s->nbr + k];
        room(o);
        if (k) put_char(o, ';');
        if (n->pci >= 0) put_u64(o, (unsigned long long)n->pci);
        put_char(o, '/');
        if (n->channel >= 0) put_u64(o, (unsigned long long)n->channel);
        put_char(o, ':');
        if (!isnan(n->rsrp)) put_float(o, n->rsrp);
        if (!isnan(n->rsrq)) {
            put_char(o, ':');
            put_float(o, n->rsrq);
        }
    }
}

/* Whether dtmapi_ingest_csv_field writes s as it is (no quoting). */
static int plain_field(const char *s) {
    return !strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ');
}

dtmap_status dtmap_samples_write_csv(const dtmap_samples *set, const char *path, int overwrite,
                                     dtmap_error *err) {
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    obuf o = {0};
    o.b = malloc(OBUF_SIZE);
    if (!o.b) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
    dtmap_status st = dtmap_outfile_fopen(path, overwrite, &out, &fp, err);
    if (st != DTMAP_OK) goto done;
    o.fp = fp;
    fputs("time,lon,lat,tech,rsrp,rsrq,sinr,pci,cellid,channel,ecl,hdop,fix,neighbours,source,"
          "line\n",
          fp);
    int64_t day = INT64_MIN;
    char date[11];
    size_t file = SIZE_MAX, srclen = 0; /* the source field of the row before */
    const char *src = "";
    int plain = 1;
    for (size_t i = 0; i < set->n; i++) {
        const dtmap_sample *s = &set->v[i];
        room(&o);
        if (!isnan(s->time_s)) put_time(&o, s->time_s, s->time_utc, &day, date);
        put_char(&o, ',');
        o.n += dtmapi_fmt_double(o.b + o.n, s->lon);
        put_char(&o, ',');
        o.n += dtmapi_fmt_double(o.b + o.n, s->lat);
        put_char(&o, ',');
        const char *tech = dtmap_tech_name((dtmap_tech)s->tech);
        put_str(&o, tech, strlen(tech));
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            put_char(&o, ',');
            if (!isnan(s->value[m])) put_float(&o, s->value[m]);
        }
        put_char(&o, ',');
        if (s->pci >= 0) put_u64(&o, (unsigned long long)s->pci);
        put_char(&o, ',');
        if (s->cell_id >= 0) put_u64(&o, (unsigned long long)s->cell_id);
        put_char(&o, ',');
        if (s->channel >= 0) put_u64(&o, (unsigned long long)s->channel);
        put_char(&o, ',');
        if (s->ecl >= 0) put_u64(&o, (unsigned long long)s->ecl);
        put_char(&o, ',');
        if (!isnan(s->hdop)) put_float(&o, s->hdop);
        put_char(&o, ',');
        if (s->fix_quality >= 0) put_u64(&o, (unsigned long long)s->fix_quality);
        put_char(&o, ',');
        put_neighbours(&o, set, s);
        put_char(&o, ',');
        if (s->file != file) {
            file = s->file;
            src = file < set->nfiles ? set->files[file] : "";
            srclen = strlen(src);
            plain = plain_field(src);
        }
        if (plain && srclen < OBUF_ROOM - 32) {
            room(&o);
            put_str(&o, src, srclen);
        } else { /* quoted (or long): the shared writer */
            flush(&o);
            dtmapi_ingest_csv_field(fp, src);
        }
        room(&o);
        put_char(&o, ',');
        put_u64(&o, s->line);
        put_char(&o, '\n');
    }
    flush(&o);
    /* write errors are sticky on fp: close_commit checks them and removes the temporary */
    st = dtmap_outfile_close_commit(&out, fp, err);
done:
    free(o.b);
    return st;
}
