/* join.c: dtmap_ingest_join: positions measurements from GNSS fixes by time. Fixes are grouped
 * by owner (a file's own track, or the shared NMEA tracks); each measurement is placed by
 * linear interpolation between the fixes around its time, or rejected as unpositioned. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dtmap/ingest.h"
#include "ingest/report.h"

static int cmp_fix(const void *pa, const void *pb) {
    const dtmap_fix *a = pa, *b = pb;
    if (a->owner != b->owner) return a->owner < b->owner ? -1 : 1;
    if (a->time_s != b->time_s) return a->time_s < b->time_s ? -1 : 1;
    if (a->file != b->file) return a->file < b->file ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

/* The fixes of one owner: [lo, hi) in the sorted table. */
typedef struct group {
    size_t lo, hi;
} group;

static group find_group(const dtmap_samples *set, uint32_t owner) {
    group g = {0, 0};
    size_t a = 0, b = set->nfix;
    while (a < b) { /* first fix with owner >= owner */
        size_t m = a + (b - a) / 2;
        if (set->fix[m].owner < owner)
            a = m + 1;
        else
            b = m;
    }
    g.lo = g.hi = a;
    while (g.hi < set->nfix && set->fix[g.hi].owner == owner)
        g.hi++;
    return g;
}

/* "2026-03-14 01:20:00" (UTC or log clock) for messages. */
static void fmt_time(double t, char *buf, size_t n) {
    time_t s = (time_t)floor(t);
    struct tm tm;
    if (!isfinite(t) || !gmtime_r(&s, &tm)) {
        snprintf(buf, n, "?");
        return;
    }
    strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
}

/* One file's waiting samples (those without a position), gathered in one pass over all
 * samples, so that the join stays linear in files + samples (a folder of 10,000 logs). */
typedef struct plan {
    group g;        /* the fixes they join with */
    int shared;     /* 1: the shared tracks (the file has no fixes of its own) */
    size_t waiting; /* samples without a position */
    size_t local;   /* of which in local time of unknown zone */
    size_t inside;  /* of which within max_gap_s of the span of g */
    double t0, t1;  /* their time span */
} plan;

/* Fills p[0..set->nfiles) (the fix table sorted). */
static void gather(const dtmap_samples *set, double max_gap_s, plan *p) {
    group shared = find_group(set, DTMAP_FIX_SHARED);
    for (uint32_t f = 0; f < set->nfiles; f++) {
        p[f] = (plan){find_group(set, f), 0, 0, 0, 0, INFINITY, -INFINITY};
        if (p[f].g.lo == p[f].g.hi) p[f].g = shared, p[f].shared = 1;
    }
    for (size_t i = 0; i < set->n; i++) {
        const dtmap_sample *s = &set->v[i];
        if (s->file >= set->nfiles || !isnan(s->lon)) continue;
        plan *q = &p[s->file];
        q->waiting++;
        q->local += !s->time_utc;
        if (isfinite(s->time_s)) {
            q->t0 = fmin(q->t0, s->time_s);
            q->t1 = fmax(q->t1, s->time_s);
        }
        if (q->g.lo < q->g.hi && s->time_s >= set->fix[q->g.lo].time_s - max_gap_s &&
            s->time_s <= set->fix[q->g.hi - 1].time_s + max_gap_s)
            q->inside++;
    }
}

/* Whether one file's waiting samples can join at all. */
static dtmap_status check_plan(const dtmap_samples *set, uint32_t file, const plan *p,
                               dtmap_error *err) {
    const char *name = set->files[file];
    const group *g = &p->g;
    if (!p->waiting) return DTMAP_OK;
    if (g->lo == g->hi)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY,
                               "%s: nothing to join: %zu measurement(s) without positions and no "
                               "GNSS track (give the drive's NMEA file, or log AT+QGPSLOC)",
                               name, p->waiting);
    if (p->shared && p->local)
        return dtmap_error_set(err, DTMAP_ERR_FORMAT,
                               "%s: times have no zone but must be joined with UTC GNSS fixes: "
                               "give --tz (e.g. --tz +08:00, or --tz '%s=+08:00')",
                               name, name);
    if (!p->inside) {
        char a[32], b[32], c[32], d[32];
        fmt_time(p->t0, a, sizeof a);
        fmt_time(p->t1, b, sizeof b);
        fmt_time(set->fix[g->lo].time_s, c, sizeof c);
        fmt_time(set->fix[g->hi - 1].time_s, d, sizeof d);
        return dtmap_error_set(err, DTMAP_ERR_FORMAT,
                               "%s: measurements (%s to %s%s) do not overlap the GNSS %s (%s to "
                               "%s%s) at all: check --tz and that both logs are of the same drive",
                               name, a, b, p->local ? ", log clock" : " UTC",
                               p->shared ? "tracks" : "fixes in the same file", c, d,
                               set->fix[g->lo].time_utc ? " UTC" : ", log clock");
    }
    return DTMAP_OK;
}

/* Positions s from g, or returns 0 with a detail. */
static int locate(const dtmap_samples *set, group g, double max_gap_s, dtmap_sample *s, char *why,
                  size_t whyn) {
    double t = s->time_s;
    size_t a = g.lo, b = g.hi; /* first fix with time > t */
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (set->fix[m].time_s <= t)
            a = m + 1;
        else
            b = m;
    }
    const dtmap_fix *before = a > g.lo ? &set->fix[a - 1] : NULL;
    const dtmap_fix *after = a < g.hi ? &set->fix[a] : NULL;
    if (before && before->time_s == t) {
        s->lon = before->lon;
        s->lat = before->lat;
        s->hdop = before->hdop;
        s->fix_quality = before->quality;
        return 1;
    }
    if (!before || !after || after->time_s - before->time_s > max_gap_s) {
        double gap_b = before ? t - before->time_s : INFINITY;
        double gap_a = after ? after->time_s - t : INFINITY;
        snprintf(why, whyn,
                 "no GNSS fix within %.0f s on both sides (previous %.1f s before, "
                 "next %.1f s after)",
                 max_gap_s, gap_b, gap_a);
        return 0;
    }
    double w = (t - before->time_s) / (after->time_s - before->time_s);
    s->lon = before->lon + w * (after->lon - before->lon);
    s->lat = before->lat + w * (after->lat - before->lat);
    s->hdop = isnan(before->hdop) || isnan(after->hdop) ? NAN : fmaxf(before->hdop, after->hdop);
    s->fix_quality = before->quality < after->quality ? before->quality : after->quality;
    return 1;
}

/* 1 when some file held measurements, all rejected (a Nemo log of 3G only, whose GPS events
 * are fixes): then nothing waits for a position, and the rejects tell the story, not "nothing
 * to join". The reasons are those no GNSS record is rejected for. */
static int measured(const dtmap_ingest_report *rep) {
    static const dtmap_reject_reason only_measurements[] = {
        DTMAP_REJ_NO_POSITION, DTMAP_REJ_BAD_NUMBER, DTMAP_REJ_NO_METRIC, DTMAP_REJ_RSRP_RANGE,
        DTMAP_REJ_RSRQ_RANGE,  DTMAP_REJ_SINR_RANGE, DTMAP_REJ_TECH};
    for (size_t i = 0; i < rep->nfiles; i++)
        for (size_t r = 0; r < sizeof only_measurements / sizeof *only_measurements; r++)
            if (rep->files[i].rejected[only_measurements[r]]) return 1;
    return 0;
}

dtmap_status dtmap_ingest_join(dtmap_samples *set, dtmap_ingest_report *rep, double max_gap_s,
                               dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    plan *plans = NULL;
    dtmap_file_report **reports = NULL;
    if (!(max_gap_s >= 0))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "maximum gap %g s: must be >= 0", max_gap_s);
    if (set->nfix && !set->n && !measured(rep))
        return dtmap_error_set(err, DTMAP_ERR_EMPTY,
                               "nothing to join: %zu GNSS fix(es) from %s but no measurement (give "
                               "the modem transcripts or logs of the same drive)",
                               set->nfix, set->files[set->fix[0].file]);
    if (set->nfix > 1) qsort(set->fix, set->nfix, sizeof *set->fix, cmp_fix);
    plans = calloc(set->nfiles ? set->nfiles : 1, sizeof *plans);
    reports = calloc(set->nfiles ? set->nfiles : 1, sizeof *reports);
    if (!plans || !reports) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "time join: out of memory");
        goto done;
    }
    gather(set, max_gap_s, plans);
    for (uint32_t f = 0; f < set->nfiles; f++) /* first every check, then any change */
        if ((st = check_plan(set, f, &plans[f], err)) != DTMAP_OK) goto done;
    for (size_t i = 0; i < rep->nfiles; i++) /* the last report of a file, as it is counted */
        if (rep->files[i].file < set->nfiles) reports[rep->files[i].file] = &rep->files[i];
    size_t out = 0;
    rep->joined = 1;
    rep->max_gap_s = max_gap_s;
    for (size_t i = 0; i < set->n; i++) {
        dtmap_sample s = set->v[i];
        char why[sizeof((dtmap_reject *)0)->detail];
        int waiting = isnan(s.lon);
        if (waiting && !locate(set, plans[s.file].g, max_gap_s, &s, why, sizeof why)) {
            dtmap_file_report *fr = reports[s.file];
            if (dtmapi_ingest_report_add_reject(rep, s.file, s.line, DTMAP_REJ_UNPOSITIONED, why) !=
                DTMAP_OK) {
                st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "time join: out of memory");
                goto done;
            }
            if (fr) {
                fr->accepted--;
                fr->rejected[DTMAP_REJ_UNPOSITIONED]++;
            }
            continue;
        }
        rep->positioned += (uint64_t)waiting;
        set->v[out++] = s;
    }
    set->n = out;
done:
    free(plans);
    free(reports);
    return st;
}
