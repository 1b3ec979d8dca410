/* timeparse.c: timestamps in drive-test logs: G-NetTrack local times, ISO 8601, epoch s/ms. */
#include "ingest/timeparse.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int cum_days[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q--;
    return q;
}

static int is_leap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m) {
    static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* Leap years among the years before y (relative count; valid for any y). */
static int64_t leaps_before(int64_t y) {
    int64_t n = y - 1;
    return floor_div(n, 4) - floor_div(n, 100) + floor_div(n, 400);
}

int64_t dtmapi_ingest_days_from_civil(int64_t y, int m, int d) {
    return 365 * (y - 1970) + leaps_before(y) - leaps_before(1970) + cum_days[m - 1] +
           (m > 2 && is_leap(y)) + d - 1;
}

void dtmapi_ingest_civil_from_days(int64_t days, int64_t *y, int *m, int *d) {
    int64_t yy = 1970 + floor_div(days * 400, 146097);
    while (dtmapi_ingest_days_from_civil(yy, 1, 1) > days)
        yy--;
    while (dtmapi_ingest_days_from_civil(yy + 1, 1, 1) <= days)
        yy++;
    int64_t doy = days - dtmapi_ingest_days_from_civil(yy, 1, 1);
    int mm = 1;
    while (mm < 12 && doy >= month_days(yy, mm))
        doy -= month_days(yy, mm++);
    *y = yy;
    *m = mm;
    *d = (int)doy + 1;
}

/* Reads between min and max decimal digits at *p; returns 1 and advances, or 0. */
static int read_digits(const char **p, int min, int max, int64_t *out) {
    int64_t v = 0;
    int n = 0;
    while (n < max && (*p)[n] >= '0' && (*p)[n] <= '9')
        v = v * 10 + ((*p)[n++] - '0');
    if (n < min) return 0;
    *p += n;
    *out = v;
    return 1;
}

static const char *skip_spaces(const char *p) {
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Date at *p: YYYY<s>MM<s>DD (s one of - . /) or DD.MM.YYYY. */
static int scan_date(const char **p, int64_t *days, char *why, size_t whyn) {
    const char *q = *p;
    int64_t a, b, c, y, mo, d;
    if (!read_digits(&q, 1, 4, &a) || (*q != '-' && *q != '.' && *q != '/')) goto bad;
    char sep = *q++;
    if (!read_digits(&q, 1, 2, &b) || *q++ != sep || !read_digits(&q, 1, 4, &c)) goto bad;
    if (q - *p >= 8 && c >= 1000 && sep == '.' && a <= 31) {
        d = a, mo = b, y = c; /* DD.MM.YYYY */
    } else if (a >= 1000 && c <= 31) {
        y = a, mo = b, d = c;
    } else {
        goto bad;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, (int)mo)) {
        snprintf(why, whyn, "no such date");
        return 0;
    }
    *days = dtmapi_ingest_days_from_civil(y, (int)mo, (int)d);
    *p = q;
    return 1;
bad:
    snprintf(why, whyn, "not a date");
    return 0;
}

/* Zone at *p: Z, or +HH, +HHMM, +HH:MM (also -). Sets offset east of UTC in seconds. */
static int scan_zone(const char **p, int *zoned, double *offset_s) {
    const char *q = skip_spaces(*p);
    *zoned = 0;
    *offset_s = 0;
    if (*q == 'Z' || *q == 'z') {
        *zoned = 1;
        *p = q + 1;
        return 1;
    }
    if (strncmp(q, "UTC", 3) == 0 || strncmp(q, "GMT", 3) == 0) {
        q += 3;
        *zoned = 1;
        if (*q != '+' && *q != '-') {
            *p = q;
            return 1;
        }
    }
    if (*q != '+' && *q != '-') return *q == '\0' || *zoned;
    int sign = *q++ == '-' ? -1 : 1;
    int64_t hh, mm = 0;
    if (!read_digits(&q, 2, 2, &hh)) return 0;
    if (*q == ':') q++;
    if (*q >= '0' && *q <= '9' && !read_digits(&q, 2, 2, &mm)) return 0;
    if (hh > 18 || mm > 59) return 0;
    *zoned = 1;
    *offset_s = sign * (double)(hh * 3600 + mm * 60);
    *p = q;
    return 1;
}

/* A time of day as read: whole seconds since midnight and the decimal digits of the fraction
 * as written (at most 20 kept; NUL-terminated, "" for none). */
typedef struct tod {
    int64_t sec;
    char frac[21];
} tod;

/* Time of day at *p: H:MM[:SS[.f]] or H.MM.SS[.f]. */
static int scan_tod(const char **p, tod *out) {
    const char *q = *p;
    int64_t h, mi, s = 0;
    size_t n = 0;
    if (!read_digits(&q, 1, 2, &h) || (*q != ':' && *q != '.')) return 0;
    char sep = *q++;
    if (!read_digits(&q, 2, 2, &mi)) return 0;
    if (*q == sep && q[1] >= '0' && q[1] <= '9') {
        q++;
        if (!read_digits(&q, 2, 2, &s)) return 0;
        if ((*q == '.' || (*q == ',' && sep == ':')) && q[1] >= '0' && q[1] <= '9')
            for (q++; *q >= '0' && *q <= '9'; q++)
                if (n < sizeof out->frac - 1) out->frac[n++] = *q;
    } else if (sep == '.') {
        return 0; /* "10.30" alone is a number, not a time */
    }
    if (h > 23 || mi > 59 || s > 60) return 0;
    out->frac[n] = '\0';
    out->sec = h * 3600 + mi * 60 + s;
    *p = q;
    return 1;
}

/* The double nearest to the decimal isec + 0.frac (correctly rounded by strtod, so that the same
 * instant gives the same double whichever way it is written: "28.597" after a date-time and
 * 1710408028597 ms agree, and the writer's shortest digits read back exactly). */
static double compose(int64_t isec, const char *frac) {
    size_t n = strlen(frac);
    while (n && frac[n - 1] == '0')
        n--;
    if (n == 0) return (double)isec;
    char buf[64];
    if (isec >= 0) {
        snprintf(buf, sizeof buf, "%" PRId64 ".%.*s", isec, (int)n, frac);
    } else {        /* isec + 0.f = -((-isec - 1) + (1 - 0.f)); 1 - 0.f by digit complement */
        char c[24]; /* the last digit is not 0, so no digit borrows */
        for (size_t i = 0; i < n; i++)
            c[i] = (char)('0' + (i == n - 1 ? 10 : 9) - (frac[i] - '0'));
        c[n] = '\0';
        snprintf(buf, sizeof buf, "-%" PRId64 ".%s", -isec - 1, c);
    }
    return strtod(buf, NULL);
}

/* Epoch seconds or milliseconds written as a plain number. Returns 1 (parsed), 0 (bad, why
 * set) or -1 (not a plain number: try date forms). */
static int scan_epoch(const char *s, double *t, char *why, size_t whyn) {
    const char *q = s;
    int sig = 0, lead = 1, expo = 0, dots = 0;
    while ((*q >= '0' && *q <= '9') || *q == '.') {
        if (*q == '.')
            dots++;
        else if (!(lead && *q == '0'))
            sig++, lead = 0;
        q++;
    }
    if (q == s || dots > 1) return -1;
    if (*q == 'e' || *q == 'E') {
        expo = 1;
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!(*q >= '0' && *q <= '9')) return -1;
        while (*q >= '0' && *q <= '9')
            q++;
    }
    if (*skip_spaces(q) != '\0') return -1;
    char *end;
    double v = strtod(s, &end);
    if (!isfinite(v) || v >= 1e14) {
        snprintf(why, whyn, "not an epoch in seconds or milliseconds");
        return 0;
    }
    double unit = v >= 1e11 ? 1e-3 : 1.0;
    if (expo && v > 0) {
        /* Excel shows big numbers as 1.68E+12: the last kept digit must still resolve a
         * second, or the timestamp is unusable. */
        double res = pow(10.0, floor(log10(v)) - (sig - 1)) * unit;
        if (res > 1.0) {
            snprintf(why, whyn, "number rounded by a spreadsheet, precision %g s lost", res);
            return 0;
        }
    }
    *t = unit < 1 ? v / 1000 : v; /* v / 1000 is correctly rounded, v * 1e-3 is not */
    return 1;
}

int dtmapi_ingest_time_parse(const char *s, double *t, int *zoned, char *why, size_t whyn) {
    s = skip_spaces(s);
    int e = scan_epoch(s, t, why, whyn);
    if (e >= 0) {
        *zoned = 1;
        return e;
    }
    const char *p = s;
    int64_t days;
    tod td = {0, ""};
    double off = 0;
    if (!scan_date(&p, &days, why, whyn)) return 0;
    if (*p == 'T' || *p == 't' || *p == '_' || *p == ' ') {
        p = skip_spaces(*p == ' ' ? p : p + 1);
        if (*p != '\0' && !scan_tod(&p, &td)) {
            snprintf(why, whyn, "no such time of day");
            return 0;
        }
    }
    if (!scan_zone(&p, zoned, &off) || *skip_spaces(p) != '\0') {
        snprintf(why, whyn, "not a recognised date-time");
        return 0;
    }
    *t = compose(days * 86400 + td.sec - (int64_t)off, td.frac);
    return 1;
}

int dtmapi_ingest_date_parse(const char *s, int64_t *days, char *why, size_t whyn) {
    const char *p = skip_spaces(s);
    if (!scan_date(&p, days, why, whyn)) return 0;
    if (*skip_spaces(p) != '\0') {
        snprintf(why, whyn, "not a date");
        return 0;
    }
    return 1;
}

int dtmapi_ingest_tod_parse(const char *s, double *sod, int *zoned, double *offset_s) {
    const char *p = skip_spaces(s);
    tod td;
    if (!scan_tod(&p, &td)) return 0;
    if (!scan_zone(&p, zoned, offset_s)) return 0;
    char f[24] = "0.";
    strcat(f, td.frac);
    *sod = (double)td.sec + strtod(f, NULL); /* as the Nemo reader has always summed it */
    return *skip_spaces(p) == '\0';
}

int dtmapi_ingest_date_tod_parse(int64_t days, const char *s, double *t, int *zoned) {
    const char *p = skip_spaces(s);
    tod td;
    double off;
    if (!scan_tod(&p, &td) || !scan_zone(&p, zoned, &off) || *skip_spaces(p) != '\0') return 0;
    *t = compose(days * 86400 + td.sec - (int64_t)off, td.frac);
    return 1;
}
