/* demo.c: the demo campaign: five G-NetTrack Pro drives around Yangshuo on one simulated
 * network, with a few documented bad rows, then the device logs of devices.c. */
#include <stdio.h>
#include <stdlib.h>

#include "dtmap/fileio.h"
#include "gen.h"

typedef struct drive_plan {
    const char *name;
    int y, mo, d, h, mi, s; /* local start time */
    int nr_capable;
    int kind; /* 0 town walk, 1 town + scenic */
    int steps;
    int bad_idx[2], bad_kind[2];
} drive_plan;

static const drive_plan plans[] = {
    {"town_lte", 2025, 11, 18, 9, 2, 11, 0, 0, 80, {0, 1212}, {BAD_ZERO_POS, BAD_NO_MEAS}},
    {"scenic_lte", 2025, 11, 18, 14, 10, 40, 0, 1, 12, {640, 1505}, {BAD_RANGE, BAD_UMTS}},
    {"town_nrsa", 2025, 11, 19, 10, 5, 2, 1, 0, 80, {1033, -1}, {BAD_TRUNC, 0}},
    {"scenic_nrsa", 2025, 11, 19, 15, 20, 30, 1, 1, 14, {777, -1}, {BAD_NONNUM, 0}},
    {"town_lte", 2025, 11, 20, 18, 30, 15, 0, 0, 55, {-1, -1}, {0, 0}},
};

/* Writes one drive; prints its bad rows unless quiet. Returns a dtmap status. */
static dtmap_status write_drive(const options *o, const drive_plan *pl, track *tr, size_t *rows,
                                dtmap_error *err) {
    char path[4096], ts[32], line[512];
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    dtmap_status st;
    double t0 = (double)days_from_civil(pl->y, pl->mo, pl->d) * 86400.0 + pl->h * 3600.0 +
                pl->mi * 60.0 + pl->s;
    format_time(t0, ts, sizeof ts);
    snprintf(path, sizeof path, "%s/%s_%s.csv", o->out_dir, pl->name, ts);
    st = dtmap_outfile_fopen(path, o->overwrite, &out, &fp, err);
    if (st != DTMAP_OK) goto done;
    fprintf(fp, "%s\n", GNETTRACK_HEADER);
    for (size_t i = 0; i < tr->n; i++) {
        format_row(&tr->v[i], line, sizeof line);
        fputs(line, fp);
        if (tr->v[i].bad != BAD_NONE && !o->quiet)
            printf("%s:%zu: %s\n", path, i + 2, bad_text(tr->v[i].bad));
    }
    *rows += tr->n;
    st = dtmap_outfile_close_commit(&out, fp, err);
    fp = NULL;
done:
    if (fp) {
        fclose(fp);
        dtmap_outfile_abort(&out);
    }
    return st;
}

dtmap_status run_demo(const options *o, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmap_crs *crs = NULL;
    network net = {0};
    route rt = {0};
    track tr = {0};
    town tw;
    rng r;
    double ax, ay;
    size_t total = 0, devices = 0;
    rng_seed(&r, o->seed);
    st = dtmap_crs_create(GRID_CRS, ANCHOR_LON, ANCHOR_LAT, &crs, err);
    if (st != DTMAP_OK) goto done;
    {
        double lon = ANCHOR_LON, lat = ANCHOR_LAT;
        st = dtmap_crs_forward(crs, &lon, &lat, 1, &ax, &ay, err);
        if (st != DTMAP_OK) goto done;
    }
    if (demo_network(&net, ax, ay, &r) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
        goto done;
    }
    town_build(&tw, ax, ay, &r);
    st = dtmap_mkdir_p(o->out_dir, err);
    if (st != DTMAP_OK) goto done;
    for (size_t p = 0; p < sizeof plans / sizeof plans[0]; p++) {
        const drive_plan *pl = &plans[p];
        int i = 2 + rng_int(&r, 4), j = 1 + rng_int(&r, 4);
        int fail = 0;
        rt.n = 0;
        tr.n = 0;
        fail |= route_add(&rt, tw.x[j][i], tw.y[j][i], 30.0, 0.0);
        if (pl->kind == 0) {
            fail |= town_walk(&tw, &rt, &i, &j, pl->steps, &r);
        } else {
            fail |= town_walk(&tw, &rt, &i, &j, pl->steps, &r);
            fail |= town_goto(&tw, &rt, &i, &j, 0, 0, &r);
            fail |= town_road(&tw, &rt, 0, &r);
            fail |= town_scenic_loop(&tw, &rt, &r);
            if (pl->nr_capable) fail |= town_scenic_loop(&tw, &rt, &r);
            fail |= town_road(&tw, &rt, 1, &r);
            fail |= town_walk(&tw, &rt, &i, &j, pl->steps / 2, &r);
        }
        double t0 = (double)days_from_civil(pl->y, pl->mo, pl->d) * 86400.0 + pl->h * 3600.0 +
                    pl->mi * 60.0 + pl->s - 1.0;
        if (fail || route_drive(&rt, t0, 0.03, &r, &tr, (size_t)-1) != 0) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
            goto done;
        }
        phone ph;
        phone_init(&ph, pl->nr_capable);
        for (size_t k = 0; k < tr.n; k++) {
            if (phone_measure(&ph, &net, tr.v[k].x, tr.v[k].y, &r, &tr.v[k]) != 0) {
                st = dtmap_error_set(err, DTMAP_ERR_EMPTY, "internal: no cell at %.0f,%.0f",
                                     tr.v[k].x, tr.v[k].y);
                goto done;
            }
            if (row_in_range(&tr.v[k]) != 0) {
                st = dtmap_error_set(err, DTMAP_ERR_EMPTY,
                                     "internal: %s row %zu out of range (RSRP %d RSRQ %d SINR %d)",
                                     pl->name, k + 2, tr.v[k].rsrp, tr.v[k].rsrq, tr.v[k].sinr);
                goto done;
            }
        }
        for (int b = 0; b < 2; b++)
            if (pl->bad_idx[b] >= 0 && (size_t)pl->bad_idx[b] < tr.n)
                tr.v[pl->bad_idx[b]].bad = pl->bad_kind[b];
        st = track_geo(crs, &tr, err);
        if (st != DTMAP_OK) goto done;
        st = write_drive(o, pl, &tr, &total, err);
        if (st != DTMAP_OK) goto done;
    }
    /* the 2026-03-14 device logs draw from r after the phones, so adding them changed nothing
     * in the G-NetTrack files */
    st = demo_devices(o, crs, &net, &tw, &r, &devices, err);
    if (st != DTMAP_OK) goto done;
    if (!o->quiet)
        printf("wrote %zu rows in %zu G-NetTrack files and %zu device logs to %s (seed %llu)\n",
               total, sizeof plans / sizeof plans[0], devices, o->out_dir,
               (unsigned long long)o->seed);
done:
    free(tr.v);
    free(rt.v);
    network_free(&net);
    dtmap_crs_destroy(crs);
    return st;
}
