/* validate.c: metric ranges, number and missing-marker conventions, and the checks that turn a
 * record into a sample or a reject (reasons in a fixed order, never clamped). */
#include "ingest/validate.h"

#include "dtmap/profile.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "ingest/timeparse.h"

/* The valid range of metric for tech in the profile of opts (the built-in default profile when
 * opts or opts->profile is NULL). Returns 1 and sets lo/hi, or 0 when the profile gives none. */
static int metric_range(const dtmap_ingest_opts *opts, dtmap_tech tech, dtmap_metric metric,
                        double *lo, double *hi) {
    const dtmap_profile *p = opts && opts->profile ? opts->profile : dtmap_profile_default();
    if ((unsigned)tech >= DTMAP_TECH_COUNT || tech == DTMAP_TECH_OTHER ||
        (unsigned)metric >= DTMAP_METRIC_COUNT || !p->tech[tech].has_range[metric])
        return 0;
    *lo = p->tech[tech].range_lo[metric];
    *hi = p->tech[tech].range_hi[metric];
    return 1;
}

/* The valid reporting ranges are the profile's (profile.h): the built-in default profile
 * holds the 3GPP ranges (TS 36.133, TS 38.133) and says where each comes from. */
int dtmap_metric_range(dtmap_tech tech, dtmap_metric metric, double *lo, double *hi) {
    return metric_range(NULL, tech, metric, lo, hi);
}

int dtmapi_ingest_metric_in_range(const dtmap_ingest_opts *opts, dtmap_tech tech,
                                  dtmap_metric metric, double v, double *lo, double *hi) {
    double l, h;
    if (!metric_range(opts, tech, metric, &l, &h) || (v >= l && v <= h)) return 1;
    *lo = l;
    *hi = h;
    return 0;
}

int dtmapi_ingest_sample_in_range(const dtmap_ingest_opts *opts, const dtmap_sample *s,
                                  dtmap_metric *bad, double *lo, double *hi) {
    int any = 0;
    for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
        double v = s->value[m];
        if (isnan(v)) continue;
        any = 1;
        if (!dtmapi_ingest_metric_in_range(opts, (dtmap_tech)s->tech, (dtmap_metric)m, v, lo, hi)) {
            *bad = (dtmap_metric)m;
            return -1;
        }
    }
    return any;
}

float dtmapi_ingest_hdop(double h) {
    /* decided on the float kept, so that a sample written to samples.csv reads back the same */
    float f = isfinite(h) && fabs(h) < 1e6 ? (float)h : NAN;
    return f > 0 && f < 99.9f ? f : NAN;
}

dtmap_reject_reason dtmapi_ingest_range_reason(dtmap_metric metric) {
    return (dtmap_reject_reason)(DTMAP_REJ_RSRP_RANGE + metric);
}

int dtmapi_ingest_is_missing(const char *s) {
    static const char *const markers[] = {"-", "nan", "null", "n/a", "not available"};
    while (*s == ' ' || *s == '\t')
        s++;
    if ((*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9'))
        return 0; /* a number: no marker starts so */
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0) return 1;
    for (size_t i = 0; i < sizeof markers / sizeof *markers; i++)
        if (strlen(markers[i]) == n && strncasecmp(s, markers[i], n) == 0) return 1;
    return 0;
}

/* strtod's value of s when s is [+-]digits[.digits] with at most 15 digits: the integer of
 * the digits and the power of ten it is divided by are then exact doubles, and one IEEE
 * division of the two is the correctly rounded value strtod returns. Returns 1 and sets *v,
 * or 0 for every other text (strtod decides those). */
static int plain_decimal(const char *s, double *v) {
    static const double pow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char *p = s;
    int neg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    uint64_t m = 0;
    int digits = 0, frac = -1;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++digits > 15) return 0;
            m = m * 10 + (uint64_t)(*p - '0');
            if (frac >= 0) frac++;
        } else if (*p == '.' && frac < 0) {
            frac = 0;
        } else {
            break;
        }
    }
    if (*p != '\0' || digits == 0) return 0;
    double d = (double)m;
    if (frac > 0) d /= pow10[frac];
    *v = neg ? -d : d;
    return 1;
}

/* dtmapi_trim(s, NULL) (spaces and tabs cut off both ends, in place), without its strspn and
 * strchr calls. */
static char *trim_blanks(char *s) {
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    s[n] = '\0';
    return s;
}

int dtmapi_ingest_parse_number(char *s, char delim, double *v) {
    if (dtmapi_ingest_is_missing(s)) return 0;
    s = trim_blanks(s);
    char *comma = NULL;
    int dots = 0;
    for (char *p = s; *p; p++) {
        if (*p == ',') {
            if (comma || delim == ',') return -1;
            comma = p;
        } else if (*p == '.') {
            dots++;
        } else if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == 'e' ||
                     *p == 'E')) {
            /* letters other than an exponent: only "inf"/"infinity" parse, as non-finite */
            if (strcasecmp(s, "inf") && strcasecmp(s, "-inf") && strcasecmp(s, "+inf") &&
                strcasecmp(s, "infinity") && strcasecmp(s, "-infinity"))
                return -1;
            *v = s[0] == '-' ? -INFINITY : INFINITY;
            return 1;
        }
    }
    if (comma) {
        if (dots) return -1; /* "1.234,5": thousands separators are not guessed */
        *comma = '.';
    }
    if (plain_decimal(s, v)) return 1;
    char *end;
    *v = strtod(s, &end);
    if (end == s || *end != '\0') return -1;
    return 1;
}

/* Integer identifiers (PCI, cell id, channel): -1 unless a whole non-negative number. */
static int64_t parse_id(char *s, char delim, int64_t max) {
    double v;
    if (dtmapi_ingest_parse_number(s, delim, &v) != 1 || !(v >= 0 && v <= (double)max) ||
        v != floor(v))
        return -1;
    return (int64_t)v;
}

static int reject(dtmap_reject_reason *reason, dtmap_reject_reason r) {
    *reason = r;
    return 0;
}

/* Latitude or longitude. Returns -1 (ok), or the reject reason with detail written. */
static int check_coord(char *f, char delim, const char *what, double lim, double *v, char *detail,
                       size_t detailn) {
    f = trim_blanks(f);
    int r = dtmapi_ingest_parse_number(f, delim, v);
    if (r == 0 && strcasecmp(f, "nan") == 0) {
        *v = NAN;
        r = 1;
    }
    if (r == 0) {
        snprintf(detail, detailn, "%s missing", what);
        return DTMAP_REJ_NO_POSITION;
    }
    if (r < 0) {
        snprintf(detail, detailn, "%s \"%.40s\" is not a number", what, f);
        return DTMAP_REJ_NO_POSITION;
    }
    if (!isfinite(*v)) {
        snprintf(detail, detailn, "%s %g is not finite", what, *v);
        return DTMAP_REJ_BAD_POSITION;
    }
    if (*v < -lim || *v > lim) {
        snprintf(detail, detailn, "%s %.40s outside %g..%g", what, f, -lim, lim);
        return DTMAP_REJ_BAD_POSITION;
    }
    return -1;
}

/* Time of the record from the time and/or date columns. Returns 1 (set, or NAN when missing) or
 * 0 with the detail written. */
static int record_time(const ingest_dialect *d, const dtmap_ingest_opts *opts, char *const *field,
                       dtmap_sample *s, char *detail, size_t detailn) {
    int tc = d->col[DTMAP_COL_TIME], dc = d->col[DTMAP_COL_DATE];
    const char *tf = tc >= 0 ? field[tc] : NULL, *df = dc >= 0 ? field[dc] : NULL;
    int tmiss = !tf || dtmapi_ingest_is_missing(tf), dmiss = !df || dtmapi_ingest_is_missing(df);
    double t = NAN;
    int zoned = 0;
    char why[64] = "not understood";
    if (!dmiss) {
        int64_t days;
        if (!dtmapi_ingest_date_parse(df, &days, why, sizeof why)) {
            snprintf(detail, detailn, "date \"%.40s\": %s", df, why);
            return 0;
        }
        if (tmiss) {
            t = (double)(days * 86400);
        } else if (!dtmapi_ingest_date_tod_parse(days, tf, &t, &zoned) &&
                   !dtmapi_ingest_time_parse(tf, &t, &zoned, why, sizeof why)) {
            snprintf(detail, detailn, "time \"%.40s\": %s", tf, why);
            return 0;
        }
    } else if (!tmiss) {
        if (!dtmapi_ingest_time_parse(tf, &t, &zoned, why, sizeof why)) {
            double sod, off;
            if (dtmapi_ingest_tod_parse(tf, &sod, &zoned, &off))
                snprintf(why, sizeof why, "a time of day without a date");
            snprintf(detail, detailn, "time \"%.40s\": %s", tf, why);
            return 0;
        }
    }
    s->time_utc = 0;
    if (!isnan(t)) {
        if (zoned) {
            s->time_utc = 1;
        } else if (opts && opts->tz_set) {
            t -= opts->tz_offset_s;
            s->time_utc = 1;
        }
    }
    s->time_s = t;
    return 1;
}

int dtmapi_ingest_validate_row(const ingest_dialect *d, const dtmap_ingest_opts *opts,
                               char *const *field, size_t nfields, char delim, dtmap_sample *s,
                               dtmap_reject_reason *reason, char *detail, size_t detailn,
                               unsigned *notes) {
    *s = dtmap_sample_blank();
    *notes = 0;
    if (nfields < d->nheader) {
        snprintf(detail, detailn, "%zu fields, header has %zu", nfields, d->nheader);
        return reject(reason, DTMAP_REJ_FIELDS);
    }
    /* position */
    double lat, lon;
    int r = check_coord(field[d->col[DTMAP_COL_LAT]], delim, "latitude", 90, &lat, detail, detailn);
    if (r < 0)
        r = check_coord(field[d->col[DTMAP_COL_LON]], delim, "longitude", 180, &lon, detail,
                        detailn);
    if (r >= 0) return reject(reason, (dtmap_reject_reason)r);
    if (lat == 0 && lon == 0) {
        snprintf(detail, detailn, "position 0,0 (GPS without a fix)");
        return reject(reason, DTMAP_REJ_ZERO_POSITION);
    }
    s->lat = lat;
    s->lon = lon;
    if (!record_time(d, opts, field, s, detail, detailn)) { /* kept: see validate.h */
        s->time_s = NAN;
        s->time_utc = 0;
        *notes |= DTMAPI_ROW_TIME_DROPPED;
    }
    /* technology */
    dtmap_tech tech = opts && opts->tech_set ? opts->tech : DTMAP_TECH_LTE;
    if (d->col[DTMAP_COL_TECH] >= 0) {
        int known =
            dtmapi_ingest_tech_map(d, field[d->col[DTMAP_COL_TECH]], &tech, detail, detailn);
        if (known < 0) *notes |= DTMAPI_ROW_UNKNOWN_TECH;
        if (known <= 0) return reject(reason, DTMAP_REJ_TECH);
    }
    if (tech == DTMAP_TECH_NR && opts && opts->redcap) tech = DTMAP_TECH_REDCAP;
    s->tech = (uint8_t)tech;
    /* metrics: every value must be a number or a marker, then within its range */
    static const dtmap_column mcol[DTMAP_METRIC_COUNT] = {DTMAP_COL_RSRP, DTMAP_COL_RSRQ,
                                                          DTMAP_COL_SINR};
    double v[DTMAP_METRIC_COUNT];
    const char *text[DTMAP_METRIC_COUNT];
    int have = 0, rsrp_marker = 0;
    for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
        v[m] = NAN;
        int c = d->col[mcol[m]];
        if (c < 0) continue;
        text[m] = trim_blanks(field[c]);
        int pr = dtmapi_ingest_parse_number(field[c], delim, &v[m]);
        if (pr < 0 || (pr == 1 && !isfinite(v[m]))) {
            snprintf(detail, detailn, "%s \"%.40s\" is not a number",
                     dtmap_metric_label((dtmap_metric)m), text[m]);
            return reject(reason, DTMAP_REJ_BAD_NUMBER);
        }
        int marker =
            pr == 1 && d->gnettrack_markers && (v[m] == -200 || v[m] == -205 || v[m] == -340);
        if (marker && m == DTMAP_METRIC_RSRP) rsrp_marker = 1;
        if (pr == 0 || marker) v[m] = NAN; /* G-NetTrack writes these when nothing was measured */
    }
    /* In G-NetTrack "nothing measured" rows the RSRQ and SNR fields hold placeholders too (the
     * Cork logs show RSRP -200 with RSRQ -20 and SNR -30.0 or empty): with no RSRP measured, the
     * row's RSRQ and SINR are not measurements either. */
    if (rsrp_marker) {
        snprintf(detail, detailn, "no measurement (RSRP %.20s marker)", text[DTMAP_METRIC_RSRP]);
        return reject(reason, DTMAP_REJ_NO_METRIC);
    }
    for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
        double lo, hi;
        if (isnan(v[m])) continue;
        if (!dtmapi_ingest_metric_in_range(opts, tech, (dtmap_metric)m, v[m], &lo, &hi)) {
            snprintf(detail, detailn, "%s %.40s outside %g..%g %s (%s)",
                     dtmap_metric_label((dtmap_metric)m), text[m], lo, hi,
                     dtmap_metric_unit((dtmap_metric)m), dtmap_tech_label(tech));
            return reject(reason, dtmapi_ingest_range_reason((dtmap_metric)m));
        }
        s->value[m] = (float)v[m];
        have = 1;
    }
    if (!have) {
        snprintf(detail, detailn, "no RSRP, RSRQ or SINR value");
        return reject(reason, DTMAP_REJ_NO_METRIC);
    }
    if (d->col[DTMAP_COL_PCI] >= 0)
        s->pci = (int32_t)parse_id(field[d->col[DTMAP_COL_PCI]], delim, INT32_MAX);
    if (d->col[DTMAP_COL_CELL] >= 0)
        s->cell_id = parse_id(field[d->col[DTMAP_COL_CELL]], delim, INT64_C(1) << 52);
    if (d->col[DTMAP_COL_CHANNEL] >= 0)
        s->channel = (int32_t)parse_id(field[d->col[DTMAP_COL_CHANNEL]], delim, INT32_MAX);
    if (d->col[DTMAP_COL_ECL] >= 0) { /* 0..2; anything else (255 = unknown) is missing */
        int64_t ecl = parse_id(field[d->col[DTMAP_COL_ECL]], delim, 255);
        s->ecl = (int8_t)(ecl >= 0 && ecl <= 2 ? ecl : -1);
    }
    if (d->col[DTMAP_COL_HDOP] >= 0) {
        double h;
        if (dtmapi_ingest_parse_number(field[d->col[DTMAP_COL_HDOP]], delim, &h) == 1)
            s->hdop = dtmapi_ingest_hdop(h);
    }
    return 1;
}
