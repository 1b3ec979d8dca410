/* dialects.c: header recognition (column aliases, --column overrides) and the value conventions
 * of G-NetTrack Pro, OpenCelliD-style uploads, dtmap's normalised CSV and generic CSV logs. */
#include "ingest/dialects.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

static const char *const column_names[DTMAP_COL_COUNT] = {
    "time", "date", "lat",    "lon",     "tech", "rsrp", "rsrq",
    "sinr", "pci",  "cellid", "channel", "ecl",  "hdop"};

const char *dtmap_column_name(dtmap_column col) {
    return (unsigned)col < DTMAP_COL_COUNT ? column_names[col] : "?";
}

int dtmap_column_parse(const char *name, dtmap_column *col) {
    for (int i = 0; i < DTMAP_COL_COUNT; i++)
        if (name && strcasecmp(name, column_names[i]) == 0) {
            *col = (dtmap_column)i;
            return 0;
        }
    return -1;
}

/* Header aliases per logical column, best first (normalised: lower case, '-' and ' ' as '_').
 * G-NetTrack's CellID is a short local id: its RAWCELLID (the ECI) comes first. Its NRxRSRP and
 * NRxRSRQ columns hold neighbour-cell values and are deliberately absent. */
static const char *const aliases[DTMAP_COL_COUNT][8] = {
    [DTMAP_COL_TIME] = {"timestamp", "measured_at", "datetime", "date_time", "time"},
    [DTMAP_COL_DATE] = {"date"},
    [DTMAP_COL_LAT] = {"lat", "latitude"},
    [DTMAP_COL_LON] = {"lon", "lng", "long", "longitude"},
    [DTMAP_COL_TECH] = {"networkmode", "radio", "rat", "tech", "networktech"},
    [DTMAP_COL_RSRP] = {"rsrp", "ss_rsrp", "nr_rsrp", "nrsrp", "signal"},
    [DTMAP_COL_RSRQ] = {"rsrq", "ss_rsrq", "nr_rsrq", "nrsrq"},
    [DTMAP_COL_SINR] = {"sinr", "snr", "ss_sinr", "nr_sinr"},
    [DTMAP_COL_PCI] = {"pci"},
    [DTMAP_COL_CELL] = {"rawcellid", "cellid", "cell_id", "eci", "nci"},
    [DTMAP_COL_CHANNEL] = {"earfcn", "arfcn", "channel"},
    [DTMAP_COL_ECL] = {"ecl", "ce_level", "coverage_enhancement_level"},
    [DTMAP_COL_HDOP] = {"hdop"},
};

/* Header names that only G-NetTrack writes. */
static const char *const gnettrack_names[] = {"networkmode", "networktech", "rawcellid", "nrxrsrp",
                                              "operatorname"};

static const char *const dtmap_header[] = {"time", "lon",  "lat", "tech",   "rsrp",
                                           "rsrq", "sinr", "pci", "cellid", "channel"};

/* Normalises a header name into out: trimmed, lower case, '-' and ' ' as '_', a trailing unit
 * in parentheses or brackets dropped ("RSRP (dBm)" -> "rsrp"). */
static void normalise(const char *s, char *out, size_t outn) {
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = 0;
    for (; *s && n + 1 < outn; s++)
        out[n++] = (*s == '-' || *s == ' ') ? '_' : (char)tolower((unsigned char)*s);
    out[n] = '\0';
    char *open = strpbrk(out, "([");
    if (open && n && (out[n - 1] == ')' || out[n - 1] == ']')) n = (size_t)(open - out);
    while (n && out[n - 1] == '_')
        n--;
    out[n] = '\0';
}

/* Case-insensitive equality of two strings with surrounding spaces ignored. */
static int same_trimmed(const char *a, const char *b) {
    size_t la, lb;
    a = dtmapi_trim_span(a, " ", &la);
    b = dtmapi_trim_span(b, " ", &lb);
    return la == lb && strncasecmp(a, b, la) == 0;
}

/* Joins the header names for error messages ("a,b,c", shortened with "..."). */
static void join_header(char *const *names, size_t n, char *out, size_t outn) {
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len + 4 < outn; i++) {
        int w = snprintf(out + len, outn - len, "%s%s", i ? "," : "", names[i]);
        if (w < 0 || (size_t)w >= outn - len) {
            snprintf(out + (outn > 4 ? outn - 4 : 0), outn > 4 ? 4 : outn, "...");
            return;
        }
        len += (size_t)w;
    }
}

dtmap_status dtmapi_ingest_dialect_detect(const char *path, char *const *names, size_t n,
                                          const dtmap_ingest_opts *opts, ingest_dialect *d,
                                          dtmap_error *err) {
    char norm[64], joined[400];
    int best[DTMAP_COL_COUNT];
    int gnettrack = 0, opencellid = 0, dtmap = n >= 10;
    memset(d, 0, sizeof *d);
    d->nheader = n;
    for (int c = 0; c < DTMAP_COL_COUNT; c++)
        d->col[c] = -1, best[c] = 99;
    for (size_t i = 0; i < n; i++) {
        normalise(names[i], norm, sizeof norm);
        for (int c = 0; c < DTMAP_COL_COUNT; c++)
            for (int k = 0; k < 8 && aliases[c][k]; k++)
                if (k < best[c] && strcmp(norm, aliases[c][k]) == 0)
                    best[c] = k, d->col[c] = (int)i;
        for (size_t k = 0; k < sizeof gnettrack_names / sizeof *gnettrack_names; k++)
            if (strcmp(norm, gnettrack_names[k]) == 0) gnettrack = 1;
        if (strcmp(norm, "networkmode") == 0) d->endc_is_lte = 1;
        if (strcmp(norm, "measured_at") == 0 || strcmp(norm, "signal") == 0) opencellid = 1;
        if (i < 10 && strcmp(norm, dtmap_header[i]) != 0) dtmap = 0;
    }
    for (int c = 0; opts && c < DTMAP_COL_COUNT; c++) {
        if (!opts->column[c]) continue;
        d->col[c] = -1;
        for (size_t i = 0; i < n && d->col[c] < 0; i++)
            if (same_trimmed(names[i], opts->column[c])) d->col[c] = (int)i;
        if (d->col[c] < 0) {
            join_header(names, n, joined, sizeof joined);
            return dtmap_error_set(err, DTMAP_ERR_FORMAT,
                                   "%s: column override %s=\"%s\": no such column (header: %s)",
                                   path, column_names[c], opts->column[c], joined);
        }
    }
    if (d->col[DTMAP_COL_LAT] < 0 || d->col[DTMAP_COL_LON] < 0) {
        join_header(names, n, joined, sizeof joined);
        return dtmap_error_set(err, DTMAP_ERR_FORMAT,
                               "%s: no latitude/longitude column (header: %s)", path, joined);
    }
    if (d->col[DTMAP_COL_RSRP] < 0 && d->col[DTMAP_COL_RSRQ] < 0 && d->col[DTMAP_COL_SINR] < 0)
        return dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: no RSRP, RSRQ or SINR column", path);
    if (d->col[DTMAP_COL_TECH] >= 0)
        snprintf(d->tech_header, sizeof d->tech_header, "%s", names[d->col[DTMAP_COL_TECH]]);
    if (dtmap) {
        strcpy(d->format, "dtmap");
        d->accept_other = 1;
    } else if (gnettrack) {
        strcpy(d->format, "gnettrack");
        d->gnettrack_markers = 1;
    } else {
        strcpy(d->format, opencellid ? "opencellid" : "csv");
    }
    return DTMAP_OK;
}

/* What a tech value means. DTMAP_TECH_COUNT marks 2G/3G values, rejected with the note. */
typedef struct tech_value {
    const char *name; /* upper case */
    dtmap_tech tech;
    const char *note;
} tech_value;

static const tech_value tech_values[] = {
    {"LTE", DTMAP_TECH_LTE, NULL},
    {"LTE-A", DTMAP_TECH_LTE, NULL},
    {"LTE+", DTMAP_TECH_LTE, NULL},
    {"LTE-CA", DTMAP_TECH_LTE, NULL},
    {"4G", DTMAP_TECH_LTE, NULL},
    {"4G+", DTMAP_TECH_LTE, NULL},
    {"E-UTRA", DTMAP_TECH_LTE, NULL},
    {"NR", DTMAP_TECH_NR, NULL},
    {"5G SA", DTMAP_TECH_NR, NULL},
    {"5G-SA", DTMAP_TECH_NR, NULL},
    {"5GSA", DTMAP_TECH_NR, NULL},
    {"NR5G", DTMAP_TECH_NR, NULL},
    {"NR5G-SA", DTMAP_TECH_NR, NULL},
    {"NR SA", DTMAP_TECH_NR, NULL},
    {"REDCAP", DTMAP_TECH_REDCAP, NULL},
    {"NR REDCAP", DTMAP_TECH_REDCAP, NULL},
    {"NR-REDCAP", DTMAP_TECH_REDCAP, NULL},
    {"NB-IOT", DTMAP_TECH_NBIOT, NULL},
    {"NBIOT", DTMAP_TECH_NBIOT, NULL},
    {"NB_IOT", DTMAP_TECH_NBIOT, NULL},
    {"NB", DTMAP_TECH_NBIOT, NULL},
    {"HSPA+", DTMAP_TECH_COUNT, "3G: RSCP is not RSRP"},
    {"HSPA", DTMAP_TECH_COUNT, "3G: RSCP is not RSRP"},
    {"HSDPA", DTMAP_TECH_COUNT, "3G: RSCP is not RSRP"},
    {"HSUPA", DTMAP_TECH_COUNT, "3G: RSCP is not RSRP"},
    {"UMTS", DTMAP_TECH_COUNT, "3G: RSCP is not RSRP"},
    {"WCDMA", DTMAP_TECH_COUNT, "3G: RSCP is not RSRP"},
    {"TD-SCDMA", DTMAP_TECH_COUNT, "3G: RSCP is not RSRP"},
    {"3G", DTMAP_TECH_COUNT, "3G: RSCP is not RSRP"},
    {"EVDO", DTMAP_TECH_COUNT, "3G CDMA: no RSRP"},
    {"CDMA", DTMAP_TECH_COUNT, "2G/3G CDMA: no RSRP"},
    {"EDGE", DTMAP_TECH_COUNT, "2G: RxLev is not RSRP"},
    {"GPRS", DTMAP_TECH_COUNT, "2G: RxLev is not RSRP"},
    {"GSM", DTMAP_TECH_COUNT, "2G: RxLev is not RSRP"},
    {"2G", DTMAP_TECH_COUNT, "2G: RxLev is not RSRP"},
};

int dtmapi_ingest_tech_map(const ingest_dialect *d, const char *value, dtmap_tech *tech,
                           char *detail, size_t detailn) {
    char v[32];
    size_t n = 0;
    while (*value == ' ')
        value++;
    for (const char *s = value; *s && n + 1 < sizeof v; s++)
        v[n++] = (char)toupper((unsigned char)*s);
    while (n && v[n - 1] == ' ')
        n--;
    v[n] = '\0';
    if (n == 0 || strcmp(v, "-") == 0) {
        snprintf(detail, detailn, "%s is empty", d->tech_header);
        return 0;
    }
    if (strcmp(v, "5G") == 0) {
        /* G-NetTrack's NetworkMode "5G" is EN-DC (non-standalone): the RSRP/RSRQ/SNR columns
         * then hold the LTE anchor cell's values, so the sample is LTE. A NetworkTech column
         * follows that reading when NetworkMode is also present; alone (and in other dialects)
         * "5G" means NR. */
        *tech = d->endc_is_lte ? DTMAP_TECH_LTE : DTMAP_TECH_NR;
        return 1;
    }
    if (d->accept_other && strcmp(v, "OTHER") == 0) {
        *tech = DTMAP_TECH_OTHER;
        return 1;
    }
    for (size_t i = 0; i < sizeof tech_values / sizeof *tech_values; i++) {
        if (strcmp(v, tech_values[i].name) != 0) continue;
        if (tech_values[i].tech == DTMAP_TECH_COUNT) {
            snprintf(detail, detailn, "%s \"%s\" is %s", d->tech_header, v, tech_values[i].note);
            return 0;
        }
        *tech = tech_values[i].tech;
        return 1;
    }
    snprintf(detail, detailn, "%s \"%.40s\" is not a known technology", d->tech_header, value);
    return 0;
}
