/* devices.c: the demo's 2026-03-14 drives on the same network and roads as the G-NetTrack
 * drives: a car in town carrying a GNSS puck, a RedCap module and an NB-IoT module (one drive,
 * three logs), then a Nemo Outdoor UE on the road to the scenic area and one lap of the loop. */
#include <stdio.h>
#include <stdlib.h>

#include "gen.h"

#define TOWN_STEPS 23    /* lattice edges of the town drive: about 15 minutes */
#define NEMO_ROAD_FROM 9 /* the Nemo drive joins the road at this way-mark */

/* Writes one file named "<dir>/<stem>_<local start time><ext>" with fn. */
static dtmap_status write_one(const devctx *d, const char *stem, double t_start, const char *ext,
                              dtmap_status (*fn)(const devctx *, const char *, dtmap_error *),
                              size_t *files, dtmap_error *err) {
    char path[4096], ts[32];
    format_time(t_start, ts, sizeof ts);
    snprintf(path, sizeof path, "%s/%s_%s%s", d->o->out_dir, stem, ts, ext);
    dtmap_status st = fn(d, path, err);
    if (st == DTMAP_OK) (*files)++;
    return st;
}

/* Drives rt from local time t0 (first tick one second later, no skipped ticks) into tr and
 * gives it coordinates. Returns a dtmap status. */
static dtmap_status drive_track(const dtmap_crs *crs, const route *rt, double t0, rng *r, track *tr,
                                dtmap_error *err) {
    tr->n = 0;
    if (route_drive(rt, t0, 0.0, r, tr, (size_t)-1) != 0)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
    if (tr->n < 2) return dtmap_error_set(err, DTMAP_ERR_EMPTY, "internal: empty drive");
    return track_geo(crs, tr, err);
}

dtmap_status demo_devices(const options *o, const dtmap_crs *crs, network *net, const town *tw,
                          rng *r, size_t *files, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    route rt = {0};
    track tr = {0};
    devctx d = {o, net, &tr, r};
    int fail = 0;
    if (network_add_overlay(net, L_NB, L_B3, r) != 0) goto nomem;
    /* the town drive: 09:20 local, 01:20 UTC */
    {
        int i = 2 + rng_int(r, 4), j = 1 + rng_int(r, 4);
        double t0 = civil_seconds(2026, 3, 14, 9, 19, 59.0);
        fail |= route_add(&rt, tw->x[j][i], tw->y[j][i], 30.0, 0.0);
        fail |= town_walk(tw, &rt, &i, &j, TOWN_STEPS, r);
        if (fail) goto nomem;
        st = drive_track(crs, &rt, t0, r, &tr, err);
        if (st != DTMAP_OK) goto done;
        st = write_one(&d, "town_gnss", tr.v[0].t, ".nmea", nmea_write, files, err);
        if (st != DTMAP_OK) goto done;
        st =
            write_one(&d, "town_redcap_rg255c", tr.v[0].t + 28.0, ".log", redcap_write, files, err);
        if (st != DTMAP_OK) goto done;
        st = write_one(&d, "town_nbiot_bc28", tr.v[0].t + 40.0, ".log", nbiot_write, files, err);
        if (st != DTMAP_OK) goto done;
    }
    /* the scenic drive: 10:40 local, joining the road near the scenic area, one lap */
    {
        double t0 = civil_seconds(2026, 3, 14, 10, 40, 15.0);
        rt.n = 0;
        fail |= route_add(&rt, tw->road[NEMO_ROAD_FROM][0], tw->road[NEMO_ROAD_FROM][1], 45.0, 0.0);
        for (int k = NEMO_ROAD_FROM + 1; k < ROAD_N; k++)
            fail |= route_add(&rt, tw->road[k][0], tw->road[k][1], rng_range(r, 42.0, 50.0), 0.0);
        fail |= town_scenic_lap(tw, &rt, 0, r);
        if (fail) goto nomem;
        st = drive_track(crs, &rt, t0, r, &tr, err);
        if (st != DTMAP_OK) goto done;
        st = write_one(&d, "scenic_lte_nemo", t0, ".nmf", nemo_write, files, err);
        if (st != DTMAP_OK) goto done;
    }
    goto done;
nomem:
    st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
done:
    free(tr.v);
    free(rt.v);
    return st;
}
