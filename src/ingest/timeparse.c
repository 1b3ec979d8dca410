/* timeparse.c: timestamps in drive-test logs: G-NetTrack local times, ISO 8601, epoch s/ms. */
#include "ingest/timeparse.h"

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

/* Time of day at *p: H:MM[:SS[.f]] or H.MM.SS[.f]; the fraction is parsed by strtod so that
 * what the normalised writer prints reads back to the same double. */
static int scan_tod(const char **p, double *sod) {
    const char *q = *p;
    int64_t h, mi, s = 0;
    double frac = 0;
    if (!read_digits(&q, 1, 2, &h) || (*q != ':' && *q != '.')) return 0;
    char sep = *q++;
    if (!read_digits(&q, 2, 2, &mi)) return 0;
    if (*q == sep && q[1] >= '0' && q[1] <= '9') {
        q++;
        if (!read_digits(&q, 2, 2, &s)) return 0;
        if ((*q == '.' || (*q == ',' && sep == ':')) && q[1] >= '0' && q[1] <= '9') {
            char buf[64] = "0.";
            size_t n = 2;
            for (q++; *q >= '0' && *q <= '9'; q++)
                if (n < sizeof buf - 1) buf[n++] = *q;
            buf[n] = '\0';
            frac = strtod(buf, NULL);
        }
    } else if (sep == '.') {
        return 0; /* "10.30" alone is a number, not a time */
    }
    if (h > 23 || mi > 59 || s > 60) return 0;
    *sod = (double)(h * 3600 + mi * 60 + s) + frac;
    *p = q;
    return 1;
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
    *t = v * unit;
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
    double sod = 0, off = 0;
    if (!scan_date(&p, &days, why, whyn)) return 0;
    if (*p == 'T' || *p == 't' || *p == '_' || *p == ' ') {
        p = skip_spaces(*p == ' ' ? p : p + 1);
        if (*p != '\0' && !scan_tod(&p, &sod)) {
            snprintf(why, whyn, "no such time of day");
            return 0;
        }
    }
    if (!scan_zone(&p, zoned, &off) || *skip_spaces(p) != '\0') {
        snprintf(why, whyn, "not a recognised date-time");
        return 0;
    }
    *t = (double)(days * 86400) + sod - off;
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
    if (!scan_tod(&p, sod)) return 0;
    if (!scan_zone(&p, zoned, offset_s)) return 0;
    return *skip_spaces(p) == '\0';
}
