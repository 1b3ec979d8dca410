/* nemo.c: the Nemo Outdoor .nmf reader (text format 2.x): sniffing, header lines (#START date,
 * #UT zone, #PRODUCT and #FF versions), event times with midnight rollover, GPS fixes, and the
 * dispatch of the measurement events to nemo_events.c. Other events are skipped by name. */
#include "ingest/formats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/lines.h"
#include "ingest/nemo.h"
#include "ingest/timeparse.h"
#include "ingest/validate.h"

#define HALF_DAY_S 43200.0
#define LATE_S 60.0 /* an event this much before the previous one across midnight is late */

/* ---- fields ---- */

/* Splits text in place at commas into r->field; a field that starts with '"' runs to its
 * closing quote (commas inside kept, "" a literal quote) and loses the quotes. Returns 0, or -1
 * when out of memory. */
static int split(nemo_reader *r, char *text) {
    r->nfield = 0;
    char *p = text;
    for (;;) {
        if (r->nfield == r->capfield) {
            size_t cap = r->capfield ? 2 * r->capfield : 64;
            char **v = realloc(r->field, cap * sizeof *v);
            if (!v) return -1;
            r->field = v;
            r->capfield = cap;
        }
        char *start = p, *out = p;
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] != '"') {
                    p++;
                    break;
                }
                if (*p == '"') p++; /* "" */
                *out++ = *p;
            }
            while (*p && *p != ',')
                *out++ = *p++;
        } else {
            while (*p && *p != ',')
                p++;
            out = p;
        }
        char c = *p;
        *out = '\0';
        r->field[r->nfield++] = start;
        if (c == '\0') return 0;
        p++;
    }
}

int dtmapi_nemo_number(const nemo_reader *r, size_t i, double *v) {
    if (i >= r->nfield) return 0;
    return dtmapi_ingest_parse_number(r->field[i], ',', v);
}

int dtmapi_nemo_int(const nemo_reader *r, size_t i, long max, long *n) {
    double v;
    if (dtmapi_nemo_number(r, i, &v) != 1 || !(v >= 0 && v <= (double)max) || v != floor(v))
        return 0;
    *n = (long)v;
    return 1;
}

dtmap_status dtmapi_nemo_reserve_nbr(nemo_reader *r, size_t n, uint32_t line, dtmap_error *err) {
    if (n <= r->capnbr) return DTMAP_OK;
    dtmap_neighbour *v = realloc(r->nbr, n * sizeof *v);
    if (!v) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", r->k->path, line);
    r->nbr = v;
    r->capnbr = n;
    return DTMAP_OK;
}

dtmap_sample dtmapi_nemo_sample(const nemo_reader *r) {
    dtmap_sample s = dtmap_sample_blank();
    s.time_s = r->time_s;
    s.time_utc = r->time_utc;
    s.tech = DTMAP_TECH_LTE;
    return s;
}

/* ---- header lines ---- */

/* 1 for the format versions the reader was checked against (2.2x, 2.3x). */
static int version_checked(const char *v) {
    return strlen(v) == 4 && v[0] == '2' && v[1] == '.' && (v[2] == '2' || v[2] == '3') &&
           v[3] >= '0' && v[3] <= '9';
}

/* device = "Nemo Outdoor 7.8.0.8, format 2.27" from what #PRODUCT and #FF said so far. */
static void set_device(nemo_reader *r) {
    char *dev = r->k->fr->device;
    size_t n = sizeof r->k->fr->device;
    const char *name = strcasecmp(r->product, "NEMO OUTDOOR") == 0 ? "Nemo Outdoor" : r->product;
    int w =
        snprintf(dev, n, "%s%s%s", name, name[0] && r->product_ver[0] ? " " : "", r->product_ver);
    if (w < 0 || (size_t)w >= n || !r->format_ver[0]) return;
    w = snprintf(dev + w, n - (size_t)w, "%sformat %s%s", w ? ", " : "", r->format_ver,
                 version_checked(r->format_ver) ? "" : " (unchecked)");
    (void)w; /* a cut device name is still a device name */
}

static void copy_field(const nemo_reader *r, size_t i, char *dst, size_t n) {
    const char *s = i < r->nfield ? r->field[i] : "";
    size_t len = strlen(s);
    if (len >= n) len = n - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
}

/* A '#' line: keeps the facts the reader uses and counts the line as meta. */
static void header(nemo_reader *r) {
    const char *name = r->field[0] + 1;
    double v;
    if (strcmp(name, "PRODUCT") == 0) {
        copy_field(r, 3, r->product, sizeof r->product);
        copy_field(r, 4, r->product_ver, sizeof r->product_ver);
        set_device(r);
    } else if (strcmp(name, "FF") == 0) {
        copy_field(r, 3, r->format_ver, sizeof r->format_ver);
        set_device(r);
    } else if (strcmp(name, "UT") == 0) {
        /* #UT,,,<minutes east of UTC>,...: 420 in the Thai logs (UTC+7) */
        if (dtmapi_nemo_number(r, 3, &v) == 1 && fabs(v) <= 18 * 60) {
            r->have_ut = 1;
            r->ut_offset_s = v * 60;
        }
    } else if (strcmp(name, "START") == 0) {
        double sod, off;
        int zoned;
        int64_t days;
        char why[40];
        r->rolled = 0;
        r->prev_sod =
            r->nfield > 1 && dtmapi_ingest_tod_parse(r->field[1], &sod, &zoned, &off) && !zoned
                ? sod
                : NAN;
        const char *date = r->nfield > 3 ? r->field[3] : "";
        r->have_date = dtmapi_ingest_date_parse(date, &days, why, sizeof why);
        if (r->have_date)
            r->day0 = days;
        else
            snprintf(r->date_why, sizeof r->date_why, "#START date \"%.16s\": %s", date, why);
    }
    dtmapi_ingest_sink_meta(r->k);
}

/* ---- events ---- */

/* Sets r->time_s / r->time_utc from an event's time of day: the #START date plus the days
 * rolled over (a time more than 12 h before the previous event's is the next day; one less
 * than a minute before it across midnight, 23:59:59.9 after 00:00:00.2, is a late event of the
 * day before). The clock is converted to UTC with --tz when given, else with #UT; without
 * either it stays local (time_utc 0). Returns 1, or 0 with the reason in why. */
static int event_time(nemo_reader *r, const char *text, char *why, size_t whyn) {
    double sod, off;
    int zoned;
    if (!dtmapi_ingest_tod_parse(text, &sod, &zoned, &off) || zoned) {
        snprintf(why, whyn, "time \"%.20s\" is not hh:mm:ss.sss", text);
        return 0;
    }
    int64_t day = r->rolled;
    if (!isnan(r->prev_sod) && sod < r->prev_sod - HALF_DAY_S) {
        day = ++r->rolled;
        r->prev_sod = sod;
    } else if (!isnan(r->prev_sod) && sod > r->prev_sod + 86400.0 - LATE_S) {
        day = r->rolled - 1;
    } else {
        r->prev_sod = sod;
    }
    if (!r->have_date) {
        snprintf(why, whyn, "%s", r->date_why);
        return 0;
    }
    double t = (double)((r->day0 + day) * 86400) + sod;
    const dtmap_ingest_opts *o = r->k->opts;
    r->time_utc = 1;
    if (o->tz_set)
        t -= o->tz_offset_s;
    else if (r->have_ut)
        t -= r->ut_offset_s;
    else
        r->time_utc = 0;
    r->time_s = t;
    return 1;
}

/* GPS,time,,lon,lat,height,distance,fix,satellites,velocity,PDOP,HDOP,VDOP,...: a fix that
 * positions this file's own samples. */
static dtmap_status gps(nemo_reader *r, uint32_t line, dtmap_error *err) {
    double lon, lat, fix, hdop;
    int glon = dtmapi_nemo_number(r, 3, &lon), glat = dtmapi_nemo_number(r, 4, &lat);
    if (glon == 0 || glat == 0)
        return dtmapi_ingest_sink_reject(
            r->k, line, DTMAP_REJ_NO_FIX, err,
            "GPS: no position (longitude \"%.20s\", latitude \"%.20s\")",
            r->nfield > 3 ? r->field[3] : "", r->nfield > 4 ? r->field[4] : "");
    if (glon < 0 || glat < 0 || !(fabs(lon) <= 180) || !(fabs(lat) <= 90))
        return dtmapi_ingest_sink_reject(
            r->k, line, DTMAP_REJ_BAD_POSITION, err,
            "GPS: longitude \"%.20s\", latitude \"%.20s\" is no position", r->field[3],
            r->field[4]);
    if (lon == 0 && lat == 0)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_ZERO_POSITION, err,
                                         "GPS: position 0,0 (no fix)");
    int gfix = dtmapi_nemo_number(r, 7, &fix);
    if (gfix == 1 && fix == 0)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_NO_FIX, err, "GPS: fix 0 (no fix)");
    dtmap_fix f = {0};
    f.time_s = r->time_s;
    f.time_utc = r->time_utc;
    f.lon = lon;
    f.lat = lat;
    f.quality = gfix == 1 && fix >= 1 && fix <= 127 && fix == floor(fix) ? (int8_t)fix : -1;
    f.hdop = dtmapi_nemo_number(r, 11, &hdop) == 1 ? dtmapi_ingest_hdop(hdop) : NAN;
    return dtmapi_ingest_sink_fix(r->k, line, &f, 0, err);
}

/* 1 when s is an event name: an upper-case letter, then upper-case letters, digits or '_'. */
static int event_name(const char *s) {
    if (!(*s >= 'A' && *s <= 'Z')) return 0;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

static dtmap_status on_line(void *user, char *text, size_t len, uint32_t line, int truncated,
                            dtmap_error *err) {
    nemo_reader *r = user;
    (void)len;
    text += strspn(text, " \t");
    if (split(r, text) != 0)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", r->k->path, line);
    const char *name = r->field[0];
    if (name[0] == '#') {
        header(r);
        return DTMAP_OK;
    }
    if (!event_name(name))
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err,
                                         "not a Nemo event line: \"%.30s\"", name);
    r->events++;
    if (r->nfield < 2)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err, "%s: no time field",
                                         name);
    if (truncated)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err,
                                         "%s: line longer than %d bytes", name, INGEST_LINE_MAX);
    dtmap_status (*handler)(nemo_reader *, uint32_t, dtmap_error *) =
        strcmp(name, "GPS") == 0        ? gps
        : strcmp(name, "CELLMEAS") == 0 ? dtmapi_nemo_cellmeas
        : strcmp(name, "CI") == 0       ? dtmapi_nemo_ci
        : strcmp(name, "OFDMSCAN") == 0 ? dtmapi_nemo_ofdmscan
                                        : NULL;
    char why[96];
    int timed = event_time(r, r->field[1], why, sizeof why);
    if (!handler) {
        dtmapi_ingest_sink_skip(r->k, line, name);
        return DTMAP_OK;
    }
    if (!timed)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_BAD_TIME, err, "%s: %s", name, why);
    return handler(r, line, err);
}

dtmap_status dtmapi_ingest_nemo_read(ingest_sink *k, dtmap_error *err) {
    nemo_reader r = {0};
    r.k = k;
    r.prev_sod = NAN;
    r.serving_system = -1;
    r.serving_pci = r.serving_channel = -1;
    snprintf(r.date_why, sizeof r.date_why, "no #START date before this event");
    snprintf(k->fr->format, sizeof k->fr->format, "nemo");
    dtmap_status st = dtmapi_ingest_lines_read(k, on_line, &r, err);
    if (st == DTMAP_OK && r.events == 0)
        st = dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: no Nemo event lines (headers only?)",
                             k->path);
    free(r.field);
    free(r.nbr);
    return st;
}

/* ---- sniffing ---- */

/* 1 for "#NAME," with NAME upper case (a Nemo header line). */
static int header_line(const char *s, const char *end) {
    if (s >= end || *s++ != '#') return 0;
    const char *name = s;
    while (s < end && *s >= 'A' && *s <= 'Z')
        s++;
    return s > name && s < end && *s == ',';
}

/* 1 for "NAME,h:mm:ss.fff," (or the line ending after the time): a Nemo event line. */
static int event_line(const char *s, const char *end) {
    const char *p = s;
    if (p >= end || !(*p >= 'A' && *p <= 'Z')) return 0;
    while (p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
        p++;
    if (p >= end || *p++ != ',') return 0;
    static const char shape[] = "d:dd:dd"; /* the hour may have one digit */
    if (p < end && *p >= '0' && *p <= '9' && p + 1 < end && p[1] >= '0' && p[1] <= '9') p++;
    for (const char *c = shape; *c; c++, p++)
        if (p >= end || (*c == 'd' ? !(*p >= '0' && *p <= '9') : *p != *c)) return 0;
    if (p < end && *p == '.')
        for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
        }
    return p == end || *p == ',';
}

int dtmapi_ingest_nemo_sniff(const char *head, size_t n) {
    static const char *const first[] = {"#PRODUCT,", "#FF,", "#AG,", "#START,", "#ID,"};
    const char *p = head, *end = head + n;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    int lines = 0, hits = 0;
    while (p < end && lines < 20) {
        const char *eol = p;
        while (eol < end && *eol != '\n' && *eol != '\r')
            eol++;
        if (eol == end && n >= 65536) break; /* cut by the head size */
        const char *s = p, *e = eol;
        p = eol < end ? eol + 1 : end;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (s == e) continue;
        if (lines++ == 0)
            for (size_t i = 0; i < sizeof first / sizeof *first; i++)
                if ((size_t)(e - s) >= strlen(first[i]) &&
                    memcmp(s, first[i], strlen(first[i])) == 0)
                    return 1;
        hits += header_line(s, e) || event_line(s, e);
    }
    return lines >= 2 && hits * 5 >= lines * 4;
}
