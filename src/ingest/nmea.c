/* nmea.c: the NMEA 0183 reader. GGA and RMC sentences become shared GNSS fixes, one per epoch
 * (UTC date and time); every other line is skipped by sentence id or rejected (formats.h).
 *
 * The file is read whole first (pass 1: one parsed record per non-blank line), because a GGA
 * carries no date and takes it from an RMC that may follow it, and because the sentences of
 * one epoch decide together which one becomes the fix. Pass 2 dates the GGAs, groups epochs,
 * and then reports every line to the sink in line order. */
#include "ingest/formats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/lines.h"
#include "ingest/nmea_parse.h"
#include "ingest/timeparse.h"

#define US_PER_DAY 86400000000LL
#define HALF_DAY_US 43200000000LL
#define SAME_PLACE_DEG 1e-6 /* two sentences of one time within this are at the same place */
#define NONE SIZE_MAX

/* ---- the sniffer ---- */

/* 1 when [s, e) is "$" + a GNSS talker + a three-letter sentence id + "," and holds a '*'. */
static int sniff_sentence(const char *s, const char *e) {
    if (e - s < 8 || s[0] != '$' || !dtmapi_nmea_gnss_talker(s + 1)) return 0;
    for (int i = 3; i < 6; i++)
        if (s[i] < 'A' || s[i] > 'Z') return 0;
    return s[6] == ',' && memchr(s + 7, '*', (size_t)(e - s - 7)) != NULL;
}

/* NMEA when at least two lines are GNSS sentences and lines starting with '$' are at least half
 * of the non-blank lines: one stray sentence in an AT transcript or a CSV does not make it an
 * NMEA log, nor do G-NetTrack rows, Nemo events ("GPS,10:50:14.134,...") or timestamped
 * transcript lines, which never start with '$'. */
int dtmapi_ingest_nmea_sniff(const char *head, size_t n) {
    const char *p = head, *end = head + n;
    size_t strict = 0, dollar = 0, lines = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end) {
        const char *e = p;
        while (e < end && *e != '\n' && *e != '\r')
            e++;
        const char *s = p;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        if (s < e) {
            lines++;
            dollar += *s == '$';
            strict += sniff_sentence(s, e);
        }
        p = e + 1;
    }
    return strict >= 2 && 2 * dollar >= lines;
}

/* ---- pass 1: one record per non-blank line ---- */

typedef struct rec {
    uint32_t line;
    uint8_t type;   /* nmea_type */
    uint8_t ok;     /* 0: rejected for reason, detail in the reader's detail table */
    uint8_t reason; /* dtmap_reject_reason */
    uint8_t dated;  /* RMC usable as a GGA's date (see nmea_parse.h) */
    int8_t quality; /* GGA 1..9, RMC -1 */
    char kind[8];   /* skip kind of OTHER */
    float hdop;
    uint32_t detail; /* index of a reject's detail */
    size_t group;    /* fix candidates: their epoch group (pass 2) */
    int64_t tod_us, day;
    double lat, lon;
} rec;

typedef struct detail_text {
    char s[112];
} detail_text;

typedef struct reader {
    ingest_sink *k;
    rec *v;
    size_t n, cap;
    detail_text *det;
    size_t ndet, capdet;
    size_t nsentences; /* lines holding a sentence, sound or not */
    size_t nrmc;       /* RMC sentences, sound or not */
} reader;

/* Makes room for need elements of size bytes in *v (capacity *cap). Returns 1, or 0 when out
 * of memory (*v unchanged). */
static int grow(void *v, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return 1;
    size_t c = *cap ? *cap * 2 : 256;
    void *p = realloc(*(void **)v, c * size);
    if (!p) return 0;
    *(void **)v = p;
    *cap = c;
    return 1;
}

/* Stores a reject's detail and marks record c rejected. DTMAP_OK or DTMAP_ERR_NOMEM. */
static dtmap_status set_reject(reader *r, rec *c, dtmap_reject_reason reason, const char *detail,
                               dtmap_error *err) {
    if (!grow(&r->det, &r->capdet, r->ndet + 1, sizeof *r->det))
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", r->k->path, c->line);
    snprintf(r->det[r->ndet].s, sizeof r->det[r->ndet].s, "%s", detail);
    c->ok = 0;
    c->reason = (uint8_t)reason;
    c->detail = (uint32_t)r->ndet++;
    return DTMAP_OK;
}

static dtmap_status on_line(void *user, char *text, size_t len, uint32_t line, int truncated,
                            dtmap_error *err) {
    reader *r = user;
    nmea_sentence s;
    dtmapi_nmea_parse_line(text, len, truncated, &s);
    if (!grow(&r->v, &r->cap, r->n + 1, sizeof *r->v))
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", r->k->path, line);
    rec *c = &r->v[r->n++];
    memset(c, 0, sizeof *c);
    c->line = line;
    c->type = (uint8_t)s.type;
    c->ok = (uint8_t)s.ok;
    c->dated = (uint8_t)s.dated;
    c->quality = (int8_t)s.quality;
    memcpy(c->kind, s.kind, sizeof c->kind);
    c->hdop = s.hdop;
    c->tod_us = s.tod_us;
    c->day = s.day;
    c->lat = s.lat;
    c->lon = s.lon;
    r->nsentences += s.type != NMEA_NONE;
    r->nrmc += s.type == NMEA_RMC;
    return s.ok ? DTMAP_OK : set_reject(r, c, s.reason, s.detail, err);
}

/* ---- pass 2: dates, epochs, and the sink calls ---- */

static int candidate(const rec *c) {
    return c->ok && (c->type == NMEA_GGA || c->type == NMEA_RMC);
}

/* The RMC that dates the GGA g: of the nearest dated RMCs before (p) and after (q) it in line
 * order, the one of the same time of day, else the nearer (before on a tie). NONE if none. */
static size_t date_source(const reader *r, const rec *g, size_t p, size_t q) {
    if (p != NONE && r->v[p].tod_us == g->tod_us) return p;
    if (q != NONE && r->v[q].tod_us == g->tod_us) return q;
    if (p == NONE || q == NONE) return p == NONE ? q : p;
    return g->line - r->v[p].line <= r->v[q].line - g->line ? p : q;
}

/* Gives every good GGA a day: its date source's, moved a day on across midnight (a GGA more
 * than 12 h before the RMC's time of day is the next day, more than 12 h after the previous
 * one). Without any dated RMC in the file every GGA is rejected bad_time. */
static dtmap_status date_ggas(reader *r, dtmap_error *err) {
    size_t *prev = malloc((r->n ? r->n : 1) * sizeof *prev), last = NONE, next = NONE;
    if (!prev) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", r->k->path);
    for (size_t i = 0; i < r->n; i++) {
        prev[i] = last;
        if (r->v[i].dated) last = i;
    }
    dtmap_status st = DTMAP_OK;
    for (size_t i = r->n; i-- > 0 && st == DTMAP_OK;) {
        rec *g = &r->v[i];
        if (g->dated) next = i;
        if (!g->ok || g->type != NMEA_GGA) continue;
        size_t src = date_source(r, g, prev[i], next);
        if (src == NONE) {
            st = set_reject(r, g, DTMAP_REJ_BAD_TIME,
                            r->nrmc ? "GGA has no date: no RMC in this file carries a usable date"
                                    : "GGA has no date: no RMC in this file",
                            err);
            continue;
        }
        int64_t d = g->tod_us - r->v[src].tod_us;
        g->day = r->v[src].day + (d < -HALF_DAY_US) - (d > HALF_DAY_US);
    }
    free(prev);
    return st;
}

/* An epoch group: consecutive fix candidates (other lines between them do not count) of one
 * UTC date and time. The first group of a time is its primary; later groups of the same time
 * are repeats. The fix of a primary is its first GGA, else its first RMC. */
typedef struct group {
    int64_t day, tod_us;
    uint32_t line;  /* first line */
    size_t fix;     /* record that becomes the fix */
    size_t primary; /* the primary group of this time */
} group;

static int cmp_group(const void *a, const void *b) {
    const group *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    if (x->tod_us != y->tod_us) return x->tod_us < y->tod_us ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Builds the groups (*out, caller frees) and sets each candidate's group. */
static dtmap_status group_epochs(reader *r, group **out, dtmap_error *err) {
    group *g = malloc((r->n ? r->n : 1) * sizeof *g), *sorted = NULL;
    size_t ng = 0;
    const rec *prevc = NULL;
    dtmap_status st = DTMAP_OK;
    if (!g) goto nomem;
    for (size_t i = 0; i < r->n; i++) {
        rec *c = &r->v[i];
        if (!candidate(c)) continue;
        if (!prevc || prevc->day != c->day || prevc->tod_us != c->tod_us)
            g[ng++] = (group){c->day, c->tod_us, c->line, i, 0};
        else if (r->v[g[ng - 1].fix].type != NMEA_GGA && c->type == NMEA_GGA)
            g[ng - 1].fix = i;
        c->group = ng - 1;
        prevc = c;
    }
    /* Sort a copy by (time, line), each remembering its index in primary; the first of each
     * run of one time is the primary of the run. */
    sorted = malloc((ng ? ng : 1) * sizeof *sorted);
    if (!sorted) goto nomem;
    for (size_t i = 0; i < ng; i++)
        sorted[i] = g[i], sorted[i].primary = i;
    qsort(sorted, ng, sizeof *sorted, cmp_group);
    for (size_t i = 0, first = 0; i < ng; i++) {
        if (sorted[i].day != sorted[first].day || sorted[i].tod_us != sorted[first].tod_us)
            first = i;
        g[sorted[i].primary].primary = sorted[first].primary;
    }
    *out = g;
    g = NULL;
    goto done;
nomem:
    st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", r->k->path);
done:
    free(sorted);
    free(g);
    return st;
}

/* "2026-03-14T01:20:05Z", with the fraction when there is one. */
static void format_utc(int64_t day, int64_t tod_us, char *buf, size_t n) {
    int64_t y;
    int m, d;
    dtmapi_ingest_civil_from_days(day, &y, &m, &d);
    int64_t s = tod_us / 1000000, us = tod_us % 1000000;
    int len = snprintf(buf, n, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y, m, d,
                       (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
    if (us && len > 0 && (size_t)len < n) {
        char frac[8];
        snprintf(frac, sizeof frac, "%06d", (int)us);
        for (int i = 5; i > 0 && frac[i] == '0'; i--)
            frac[i] = '\0';
        snprintf(buf + len, n - (size_t)len, ".%sZ", frac);
    } else if (len > 0 && (size_t)len < n) {
        snprintf(buf + len, n - (size_t)len, "Z");
    }
}

/* Reports one fix candidate: the fix of its time, or a skip when it repeats that fix's place,
 * or a duplicate_time reject when it is elsewhere. */
static dtmap_status emit_candidate(reader *r, const group *groups, const rec *c, dtmap_error *err) {
    ingest_sink *k = r->k;
    const group *g = &groups[c->group], *p = &groups[g->primary];
    const rec *f = &r->v[p->fix];
    if (f == c) {
        dtmap_fix fx = {0};
        fx.time_s = (double)(c->day * US_PER_DAY + c->tod_us) / 1e6;
        fx.lon = c->lon;
        fx.lat = c->lat;
        fx.hdop = c->hdop;
        fx.quality = c->quality;
        fx.time_utc = 1;
        return dtmapi_ingest_sink_fix(k, c->line, &fx, 1, err);
    }
    double dlat = c->lat - f->lat, dlon = c->lon - f->lon;
    if (fabs(dlat) <= SAME_PLACE_DEG && fabs(dlon) <= SAME_PLACE_DEG) {
        const char *kind = g != p                ? "repeated epoch"
                           : c->type == NMEA_GGA ? "GGA same epoch"
                                                 : "RMC same epoch";
        dtmapi_ingest_sink_skip(k, c->line, kind);
        return DTMAP_OK;
    }
    /* metres on a local plane (mean Earth radius): enough to show how far apart they are */
    const double rad = 3.14159265358979323846 / 180, m_per_deg = 6371008.8 * rad;
    double dy = dlat * m_per_deg, dx = dlon * m_per_deg * cos(f->lat * rad);
    char when[40];
    format_utc(c->day, c->tod_us, when, sizeof when);
    return dtmapi_ingest_sink_reject(k, c->line, DTMAP_REJ_DUP_TIME, err,
                                     "%s %s is %.1f m from the fix of the same time at line %u",
                                     c->type == NMEA_GGA ? "GGA" : "RMC", when, hypot(dx, dy),
                                     f->line);
}

static dtmap_status emit(reader *r, const group *groups, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    for (size_t i = 0; i < r->n && st == DTMAP_OK; i++) {
        const rec *c = &r->v[i];
        if (!c->ok)
            st = dtmapi_ingest_sink_reject(r->k, c->line, (dtmap_reject_reason)c->reason, err, "%s",
                                           r->det[c->detail].s);
        else if (c->type == NMEA_OTHER)
            dtmapi_ingest_sink_skip(r->k, c->line, c->kind);
        else
            st = emit_candidate(r, groups, c, err);
    }
    return st;
}

dtmap_status dtmapi_ingest_nmea_read(ingest_sink *k, dtmap_error *err) {
    reader r = {0};
    group *groups = NULL;
    r.k = k;
    snprintf(k->fr->format, sizeof k->fr->format, "nmea");
    dtmap_status st = dtmapi_ingest_lines_read(k, on_line, &r, err);
    if (st != DTMAP_OK) goto done;
    if (!r.nsentences) {
        st = dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: no NMEA sentence in the file", k->path);
        goto done;
    }
    if ((st = date_ggas(&r, err)) != DTMAP_OK) goto done;
    if ((st = group_epochs(&r, &groups, err)) != DTMAP_OK) goto done;
    st = emit(&r, groups, err);
done:
    free(groups);
    free(r.det);
    free(r.v);
    return st;
}
