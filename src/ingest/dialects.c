/* dialects.c: header recognition (column aliases, --column overrides) and the value conventions
 * of G-NetTrack Pro, OpenCelliD-style uploads, dtmap's normalised CSV and generic CSV logs. */
#include "ingest/dialects.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "ingest/encoding.h"

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
    [DTMAP_COL_TECH] = {"networkmode", "radio", "act", "rat", "tech", "networktech"},
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

/* Joins the header names for error messages ("a,b,c", shortened with "...", valid UTF-8). */
static void join_header(char *const *names, size_t n, char *out, size_t outn) {
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len + 4 < outn; i++) {
        int w = snprintf(out + len, outn - len, "%s%s", i ? "," : "", names[i]);
        if (w < 0 || (size_t)w >= outn - len) {
            snprintf(out + (outn > 4 ? outn - 4 : 0), outn > 4 ? 4 : outn, "...");
            dtmapi_ingest_utf8_repair(out); /* a name cut mid-character */
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
        d->col[c] = d->dup[c] = -1, best[c] = 99;
    for (size_t i = 0; i < n; i++) {
        normalise(names[i], norm, sizeof norm);
        for (int c = 0; c < DTMAP_COL_COUNT; c++)
            for (int k = 0; k < 8 && aliases[c][k]; k++)
                if (k <= best[c] && strcmp(norm, aliases[c][k]) == 0) {
                    if (k < best[c])
                        best[c] = k, d->col[c] = (int)i, d->dup[c] = -1;
                    else if (d->dup[c] < 0) /* the same name again: the first one wins */
                        d->dup[c] = (int)i;
                }
        for (size_t k = 0; k < sizeof gnettrack_names / sizeof *gnettrack_names; k++)
            if (strcmp(norm, gnettrack_names[k]) == 0) gnettrack = 1;
        if (strcmp(norm, "networkmode") == 0) d->endc_is_lte = 1;
        if (strcmp(norm, "measured_at") == 0 || strcmp(norm, "signal") == 0) opencellid = 1;
        if (i < 10 && strcmp(norm, dtmap_header[i]) != 0) dtmap = 0;
    }
    for (int c = 0; opts && c < DTMAP_COL_COUNT; c++) {
        if (!opts->column[c]) continue;
        d->col[c] = d->dup[c] = -1;
        if (strcmp(opts->column[c], "-") == 0) continue; /* --column KEY=-: ignored */
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

/* What a tech value means: a technology, EN-DC (the "5G" rule below), or 2G/3G, rejected with
 * the note. Names are written as tech_key normalises them: upper case, without spaces, '-',
 * '_', '.', '/' and brackets, so "LTE CA", "lte_ca" and "LTE-CA" are one row. Android's
 * network type names (HSPAP, EVDO_A, LTE_CA, IDEN, ...) are here because G-NetTrack and most
 * logging apps write them. */
typedef enum tech_kind { TECH_MAPPED, TECH_ENDC, TECH_REJECTED } tech_kind;
typedef struct tech_value {
    const char *name;
    tech_kind kind;
    dtmap_tech tech;  /* TECH_MAPPED */
    const char *note; /* TECH_REJECTED */
} tech_value;

#define MAPPED(n, t)                                                                               \
    { n, TECH_MAPPED, t, NULL }
#define ENDC(n)                                                                                    \
    { n, TECH_ENDC, DTMAP_TECH_LTE, NULL }
#define G3(n)                                                                                      \
    { n, TECH_REJECTED, DTMAP_TECH_OTHER, "3G: RSCP is not RSRP" }
#define G2(n)                                                                                      \
    { n, TECH_REJECTED, DTMAP_TECH_OTHER, "2G: RxLev is not RSRP" }
static const tech_value tech_values[] = {
    MAPPED("LTE", DTMAP_TECH_LTE),
    MAPPED("LTEA", DTMAP_TECH_LTE),
    MAPPED("LTE+", DTMAP_TECH_LTE),
    MAPPED("LTECA", DTMAP_TECH_LTE),
    MAPPED("LTEAPRO", DTMAP_TECH_LTE),
    MAPPED("4G", DTMAP_TECH_LTE),
    MAPPED("4G+", DTMAP_TECH_LTE),
    MAPPED("EUTRA", DTMAP_TECH_LTE),
    MAPPED("EUTRAN", DTMAP_TECH_LTE),
    MAPPED("LTEFDD", DTMAP_TECH_LTE),
    MAPPED("LTETDD", DTMAP_TECH_LTE),
    MAPPED("FDDLTE", DTMAP_TECH_LTE),
    MAPPED("TDDLTE", DTMAP_TECH_LTE),
    MAPPED("TDLTE", DTMAP_TECH_LTE),
    MAPPED("LTEM", DTMAP_TECH_LTE),
    MAPPED("CATM", DTMAP_TECH_LTE),
    MAPPED("CATM1", DTMAP_TECH_LTE),
    MAPPED("EMTC", DTMAP_TECH_LTE),
    ENDC("5G"),
    ENDC("5GNSA"),
    ENDC("NRNSA"),
    ENDC("NR5GNSA"),
    ENDC("NSA"),
    ENDC("ENDC"),
    ENDC("LTE+NR"),
    ENDC("LTENR"),
    ENDC("LTE+5G"),
    MAPPED("NR", DTMAP_TECH_NR),
    MAPPED("5GSA", DTMAP_TECH_NR),
    MAPPED("NRSA", DTMAP_TECH_NR),
    MAPPED("NR5G", DTMAP_TECH_NR),
    MAPPED("NR5GSA", DTMAP_TECH_NR),
    MAPPED("REDCAP", DTMAP_TECH_REDCAP),
    MAPPED("NRREDCAP", DTMAP_TECH_REDCAP),
    MAPPED("NBIOT", DTMAP_TECH_NBIOT),
    MAPPED("NB", DTMAP_TECH_NBIOT),
    MAPPED("CATNB1", DTMAP_TECH_NBIOT),
    MAPPED("CATNB2", DTMAP_TECH_NBIOT),
    MAPPED("LTENB", DTMAP_TECH_NBIOT),
    G3("HSPA+"),
    G3("HSPAP"),
    G3("DCHSPA+"),
    G3("HSPA"),
    G3("HSDPA"),
    G3("HSUPA"),
    G3("UMTS"),
    G3("WCDMA"),
    G3("TDSCDMA"),
    G3("3G"),
    {"EVDO", TECH_REJECTED, DTMAP_TECH_OTHER, "3G CDMA: no RSRP"},
    {"EVDO0", TECH_REJECTED, DTMAP_TECH_OTHER, "3G CDMA: no RSRP"},
    {"EVDOA", TECH_REJECTED, DTMAP_TECH_OTHER, "3G CDMA: no RSRP"},
    {"EVDOB", TECH_REJECTED, DTMAP_TECH_OTHER, "3G CDMA: no RSRP"},
    {"EHRPD", TECH_REJECTED, DTMAP_TECH_OTHER, "3G CDMA: no RSRP"},
    {"CDMA", TECH_REJECTED, DTMAP_TECH_OTHER, "2G/3G CDMA: no RSRP"},
    {"CDMA2000", TECH_REJECTED, DTMAP_TECH_OTHER, "2G/3G CDMA: no RSRP"},
    {"1XRTT", TECH_REJECTED, DTMAP_TECH_OTHER, "2G/3G CDMA: no RSRP"},
    G2("EDGE"),
    G2("GPRS"),
    G2("GSM"),
    G2("IDEN"),
    G2("2G"),
};
#undef MAPPED
#undef ENDC
#undef G3
#undef G2

/* 1 for the characters a tech key leaves out (those of " \t-_./()[]"). */
static int is_tech_separator(char c) {
    switch (c) {
    case ' ':
    case '\t':
    case '-':
    case '_':
    case '.':
    case '/':
    case '(':
    case ')':
    case '[':
    case ']':
        return 1;
    default:
        return 0;
    }
}

/* The table key of a tech value: upper case, separators and brackets dropped, at most keyn - 1
 * bytes. Returns its length. */
static size_t tech_key(const char *value, char *key, size_t keyn) {
    size_t n = 0;
    for (const char *s = value; *s && n + 1 < keyn; s++)
        if (!is_tech_separator(*s)) key[n++] = (char)toupper((unsigned char)*s);
    key[n] = '\0';
    return n;
}

int dtmapi_ingest_tech_map(const ingest_dialect *d, const char *value, dtmap_tech *tech,
                           char *detail, size_t detailn) {
    char v[32];
    size_t n;
    value = dtmapi_trim_span(value, " \t", &n);
    if (n == 0 || (n == 1 && value[0] == '-')) {
        snprintf(detail, detailn, "%s is empty", d->tech_header);
        return 0;
    }
    char text[48]; /* the value as written, for the details */
    size_t kept = dtmapi_ingest_utf8_prefix(value, n, sizeof text - 1); /* <= n <= strlen */
    memcpy(text, value, kept);
    text[kept] = '\0';
    tech_key(text, v, sizeof v);
    if (d->accept_other && strcmp(v, "OTHER") == 0) {
        *tech = DTMAP_TECH_OTHER;
        return 1;
    }
    for (size_t i = 0; n < sizeof v && i < sizeof tech_values / sizeof *tech_values; i++) {
        const tech_value *t = &tech_values[i];
        if (strcmp(v, t->name) != 0) continue;
        switch (t->kind) {
        case TECH_ENDC:
            /* EN-DC (non-standalone 5G): in G-NetTrack (NetworkMode present) the RSRP/RSRQ/SNR
             * columns then hold the LTE anchor cell's values, so the sample is LTE; a
             * NetworkTech column follows that reading when NetworkMode is also present. The
             * explicit spellings ("5G NSA", "EN-DC", ...) say so in every dialect; "5G" alone,
             * outside G-NetTrack, means NR. */
            *tech = d->endc_is_lte || strcmp(v, "5G") != 0 ? DTMAP_TECH_LTE : DTMAP_TECH_NR;
            return 1;
        case TECH_REJECTED:
            snprintf(detail, detailn, "%s \"%s\" is %s", d->tech_header, text, t->note);
            return 0;
        case TECH_MAPPED:
            *tech = t->tech;
            return 1;
        }
    }
    snprintf(detail, detailn, "%s \"%s\" is not a known technology", d->tech_header, text);
    return -1;
}
