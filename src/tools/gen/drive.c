/* drive.c: routes (waypoints with cruise speeds and stops), driving along them with
 * acceleration, braking and slowing at corners, and the logged track with its coordinates. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

int route_add(route *rt, double x, double y, double cruise_kmh, double stop_s) {
    if (rt->n == rt->cap) {
        size_t ncap = rt->cap ? rt->cap * 2 : 64;
        waypoint *v = realloc(rt->v, ncap * sizeof *v);
        if (!v) return -1;
        rt->v = v;
        rt->cap = ncap;
    }
    rt->v[rt->n++] = (waypoint){x, y, cruise_kmh, stop_s};
    return 0;
}

int track_push(track *tr, const row *w) {
    if (tr->n == tr->cap) {
        size_t ncap = tr->cap ? tr->cap * 2 : 1024;
        row *v = realloc(tr->v, ncap * sizeof *v);
        if (!v) return -1;
        tr->v = v;
        tr->cap = ncap;
    }
    tr->v[tr->n++] = *w;
    return 0;
}

/* Speed allowed when passing waypoint k (m/s): 0 at a stop, slow at sharp turns. */
static double corner_speed(const route *rt, size_t k) {
    if (k + 1 >= rt->n || rt->v[k].stop_s > 0.0) return 0.0;
    const waypoint *a = &rt->v[k - 1], *b = &rt->v[k], *c = &rt->v[k + 1];
    double h1 = atan2(b->y - a->y, b->x - a->x), h2 = atan2(c->y - b->y, c->x - b->x);
    double turn = fabs(remainder(h2 - h1, 2.0 * PI)) * 180.0 / PI;
    double cruise = fmin(a->cruise_kmh, b->cruise_kmh) / 3.6;
    if (turn < 20.0) return cruise;
    if (turn > 150.0) return 3.0;
    return fmin(cruise, 4.5 + 6.0 * (150.0 - turn) / 130.0);
}

/* Drives rt from its first waypoint, logging one row per tick (1 s, or 2 s with probability
 * skip_p, as phones skip ticks) starting at local time t0 into tr (position, speed, time).
 * Returns 0 or -1 (memory). At most max_rows. */
int route_drive(const route *rt, double t0, double skip_p, rng *r, track *tr, size_t max_rows) {
    const double acc = 1.3, dec = 2.0; /* m/s^2 */
    size_t k = 0;                      /* current segment: v[k] -> v[k+1] */
    double u = 0.0, v = 0.0, t = t0, stop_left = 0.0, jitter = 0.0;
    while (k + 1 < rt->n && tr->n < max_rows) {
        double dt = rng_u01(r) < skip_p ? 2.0 : 1.0;
        for (double step = 0.0; step < dt; step += 1.0) {
            if (stop_left > 0.0) {
                stop_left -= 1.0;
                v = 0.0;
                continue;
            }
            jitter = fmin(fmax(jitter + rng_range(r, -0.4, 0.4), -1.0), 1.0);
            double target = rt->v[k].cruise_kmh / 3.6 + jitter;
            /* braking: the lowest speed allowed by upcoming corners and stops within 150 m;
             * never below a 1.5 m/s creep, so a stop line is always reached */
            double ahead = hypot(rt->v[k + 1].x - rt->v[k].x, rt->v[k + 1].y - rt->v[k].y) - u;
            for (size_t j = k + 1; j < rt->n && ahead < 150.0; j++) {
                double vc = corner_speed(rt, j);
                target = fmin(target, sqrt(vc * vc + 2.0 * dec * fmax(ahead - 2.0, 0.0)));
                if (j + 1 < rt->n)
                    ahead += hypot(rt->v[j + 1].x - rt->v[j].x, rt->v[j + 1].y - rt->v[j].y);
            }
            target = fmax(target, 1.5);
            double nv = target > v ? fmin(v + acc, target) : fmax(v - dec * 1.5, target);
            double dist = 0.5 * (v + nv);
            v = nv;
            /* advance along the polyline */
            while (k + 1 < rt->n) {
                double seg = hypot(rt->v[k + 1].x - rt->v[k].x, rt->v[k + 1].y - rt->v[k].y);
                if (u + dist < seg) {
                    u += dist;
                    break;
                }
                dist -= seg - u;
                u = 0.0;
                k++;
                if (rt->v[k].stop_s > 0.0) {
                    stop_left = rt->v[k].stop_s;
                    v = 0.0;
                    break;
                }
            }
            if (k + 1 >= rt->n) break;
        }
        t += dt;
        row w;
        memset(&w, 0, sizeof w);
        w.t = t;
        size_t kk = k + 1 < rt->n ? k : rt->n - 2;
        double seg = hypot(rt->v[kk + 1].x - rt->v[kk].x, rt->v[kk + 1].y - rt->v[kk].y);
        double f = k + 1 < rt->n && seg > 0.0 ? u / seg : 1.0;
        w.x = rt->v[kk].x + f * (rt->v[kk + 1].x - rt->v[kk].x) + rng_bnormal(r, 1.5);
        w.y = rt->v[kk].y + f * (rt->v[kk + 1].y - rt->v[kk].y) + rng_bnormal(r, 1.5);
        w.speed_kmh = (int)lround(v * 3.6);
        w.speed_ms = v;
        w.course_deg = fmod(atan2(rt->v[kk + 1].x - rt->v[kk].x, rt->v[kk + 1].y - rt->v[kk].y) *
                                    (180.0 / PI) +
                                360.0,
                            360.0);
        if (track_push(tr, &w) != 0) return -1;
    }
    return 0;
}

void track_at(const track *tr, double t, double *x, double *y) {
    size_t lo = 0, hi = tr->n - 1;
    if (t <= tr->v[0].t || tr->n == 1) {
        *x = tr->v[0].x;
        *y = tr->v[0].y;
        return;
    }
    if (t >= tr->v[hi].t) {
        *x = tr->v[hi].x;
        *y = tr->v[hi].y;
        return;
    }
    while (hi - lo > 1) { /* invariant: v[lo].t < t <= v[hi].t */
        size_t mid = lo + (hi - lo) / 2;
        if (tr->v[mid].t < t)
            lo = mid;
        else
            hi = mid;
    }
    double f = (t - tr->v[lo].t) / (tr->v[hi].t - tr->v[lo].t);
    *x = tr->v[lo].x + f * (tr->v[hi].x - tr->v[lo].x);
    *y = tr->v[lo].y + f * (tr->v[hi].y - tr->v[lo].y);
}

/* Converts the track's x/y to rounded lon/lat. Returns a dtmap status. */
dtmap_status track_geo(const dtmap_crs *crs, track *tr, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    double *buf = malloc(tr->n * 4 * sizeof *buf + 1);
    if (!buf) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
    double *x = buf, *y = buf + tr->n, *lon = buf + 2 * tr->n, *lat = buf + 3 * tr->n;
    for (size_t i = 0; i < tr->n; i++) {
        x[i] = tr->v[i].x;
        y[i] = tr->v[i].y;
    }
    st = dtmap_crs_inverse(crs, x, y, tr->n, lon, lat, err);
    if (st != DTMAP_OK) goto done;
    for (size_t i = 0; i < tr->n; i++) {
        if (!isfinite(lon[i]) || !isfinite(lat[i])) {
            st = dtmap_error_set(err, DTMAP_ERR_CRS, "point %zu does not transform", i);
            goto done;
        }
        tr->v[i].lon = round(lon[i] * 1e6) / 1e6;
        tr->v[i].lat = round(lat[i] * 1e6) / 1e6;
    }
done:
    free(buf);
    return st;
}
