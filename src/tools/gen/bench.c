/* bench.c: the benchmark campaign: N LTE samples on a dense road lattice over a square extent,
 * written as G-NetTrack CSV and as projected x,y,z CSV (the same points) for gdal_grid; with
 * weak-coverage holes and a town areas file on request (bench_areas.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dtmap/fileio.h"
#include "gen.h"

/* Road lattice of the benchmark: nodes every ~400 m with jitter, 4-neighbour edges. */
typedef struct lattice_net {
    int nx, ny;
    double *x, *y;
} lattice_net;

dtmap_status run_bench(const options *o, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmap_crs *crs = NULL;
    network net = {0};
    lattice_net lat = {0};
    route rt = {0};
    track tr = {0};
    dtmap_outfile out_g = {0}, out_z = {0};
    FILE *fg = NULL, *fz = NULL;
    double *buf = NULL, *gx = NULL, *gy = NULL;
    char line[512];
    rng r;
    double ax, ay;
    rng_seed(&r, o->seed);
    st = dtmap_crs_create(GRID_CRS, ANCHOR_LON, ANCHOR_LAT, &crs, err);
    if (st != DTMAP_OK) goto done;
    {
        double lon = ANCHOR_LON, la = ANCHOR_LAT;
        st = dtmap_crs_forward(crs, &lon, &la, 1, &ax, &ay, err);
        if (st != DTMAP_OK) goto done;
    }
    /* extent: a square of extent_km centred on the town, edges on multiples of 10 m */
    double half = round(o->extent_km * 1000.0 / 20.0) * 10.0;
    double cx = round(ax / 10.0) * 10.0, cy = round(ay / 10.0) * 10.0;
    double xmin = cx - half, xmax = cx + half, ymin = cy - half, ymax = cy + half;
    bench_extent ext = {xmin, ymin, xmax, ymax};
    int ngaps = (int)o->bench_gaps;
    gx = malloc(((size_t)ngaps + 1) * 2 * sizeof *gx);
    if (!gx) goto nomem;
    gy = gx + ngaps + 1;
    if (bench_gaps(o->seed, &ext, ngaps, gx, gy) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_USAGE, "--bench-gaps needs --extent-km %g at least",
                             2.0 * GAP_INSET_M / 1000.0 + 1.0);
        goto done;
    }
    /* sites: jittered hexagonal layout, 900 m apart, covering the extent plus 2 km, none in a
     * hole (a site left out draws nothing) */
    {
        int cap = 0;
        const double isd = 900.0, rowh = isd * 0.8660254037844386;
        net.common_seed = rng_next(&r);
        int row_i = 0;
        for (double y = ymin - 2000.0; y <= ymax + 2000.0; y += rowh, row_i++)
            for (double x = xmin - 2000.0 + (row_i % 2) * isd / 2.0; x <= xmax + 2000.0; x += isd)
                if (!bench_in_gap(x, y, ngaps, gx, gy) &&
                    network_add_site(&net, &cap, x + rng_range(&r, -60.0, 60.0),
                                     y + rng_range(&r, -60.0, 60.0), 0, 1u << L_B3, &r) != 0)
                    goto nomem;
        if (network_finish(&net, 2000.0, &r) != 0) goto nomem;
    }
    /* road lattice, 150 m inside the extent */
    {
        const double spacing = 400.0, inset = 150.0;
        lat.nx = (int)((xmax - xmin - 2.0 * inset) / spacing) + 1;
        lat.ny = (int)((ymax - ymin - 2.0 * inset) / spacing) + 1;
        if (lat.nx < 2 || lat.ny < 2) {
            st = dtmap_error_set(err, DTMAP_ERR_USAGE, "--extent-km %g is too small (min 1)",
                                 o->extent_km);
            goto done;
        }
        lat.x = malloc((size_t)lat.nx * lat.ny * sizeof *lat.x);
        lat.y = malloc((size_t)lat.nx * lat.ny * sizeof *lat.y);
        if (!lat.x || !lat.y) goto nomem;
        double sx = (xmax - xmin - 2.0 * inset) / (lat.nx - 1);
        double sy = (ymax - ymin - 2.0 * inset) / (lat.ny - 1);
        double jit = fmin(sx, sy) * 0.25;
        for (int j = 0; j < lat.ny; j++)
            for (int i = 0; i < lat.nx; i++) {
                double dx = (i == 0 || i == lat.nx - 1) ? 0.0 : rng_range(&r, -jit, jit);
                double dy = (j == 0 || j == lat.ny - 1) ? 0.0 : rng_range(&r, -jit, jit);
                lat.x[j * lat.nx + i] = xmin + inset + i * sx + dx;
                lat.y[j * lat.nx + i] = ymin + inset + j * sy + dy;
            }
    }
    if (o->bench_areas) {
        st = bench_write_areas(o, crs, &ext, err);
        if (st != DTMAP_OK) goto done;
    }
    st = dtmap_outfile_fopen(o->out_gnettrack, o->overwrite, &out_g, &fg, err);
    if (st != DTMAP_OK) goto done;
    if (o->out_xyz) {
        st = dtmap_outfile_fopen(o->out_xyz, o->overwrite, &out_z, &fz, err);
        if (st != DTMAP_OK) goto done;
        fputs("x,y,z\n", fz);
    }
    fprintf(fg, "%s\n", GNETTRACK_HEADER);
    {
        size_t done_rows = 0, total = (size_t)o->bench_n;
        double day0 = (double)days_from_civil(2025, 3, 1) * 86400.0;
        int drive_no = 0;
        while (done_rows < total) {
            /* one drive: a random walk of 60 edges over the lattice, ~1 hour */
            int i = rng_int(&r, lat.nx), j = rng_int(&r, lat.ny), pdi = 0, pdj = 0;
            rt.n = 0;
            tr.n = 0;
            if (route_add(&rt, lat.x[j * lat.nx + i], lat.y[j * lat.nx + i], 40.0, 0.0) != 0)
                goto nomem;
            for (int s = 0; s < 60; s++) {
                static const int di[4] = {1, -1, 0, 0}, dj[4] = {0, 0, 1, -1};
                int d, ni, nj, tries = 0;
                do {
                    d = rng_int(&r, 4);
                    ni = i + di[d];
                    nj = j + dj[d];
                } while ((ni < 0 || ni >= lat.nx || nj < 0 || nj >= lat.ny ||
                          (di[d] == -pdi && dj[d] == -pdj)) &&
                         ++tries < 50);
                if (ni < 0 || ni >= lat.nx || nj < 0 || nj >= lat.ny) break;
                i = ni;
                j = nj;
                pdi = di[d];
                pdj = dj[d];
                double stop = rng_u01(&r) < 0.08 ? rng_range(&r, 5.0, 30.0) : 0.0;
                if (route_add(&rt, lat.x[j * lat.nx + i], lat.y[j * lat.nx + i],
                              rng_range(&r, 30.0, 50.0), stop) != 0)
                    goto nomem;
            }
            double t0 = day0 + drive_no * 86400.0 + 8 * 3600.0 + rng_int(&r, 8 * 3600);
            if (route_drive(&rt, t0, 0.03, &r, &tr, total - done_rows) != 0) goto nomem;
            drive_no++;
            phone ph;
            phone_init(&ph, 0);
            for (size_t k = 0; k < tr.n; k++) {
                if (phone_measure(&ph, &net, tr.v[k].x, tr.v[k].y, &r, &tr.v[k]) != 0 ||
                    row_in_range(&tr.v[k]) != 0) {
                    st = dtmap_error_set(err, DTMAP_ERR_EMPTY,
                                         "internal: bad sample at %.0f,%.0f (RSRP %d SINR %d)",
                                         tr.v[k].x, tr.v[k].y, tr.v[k].rsrp, tr.v[k].sinr);
                    goto done;
                }
            }
            st = track_geo(crs, &tr, err);
            if (st != DTMAP_OK) goto done;
            /* x,y of exactly the printed lon/lat */
            free(buf);
            buf = malloc(tr.n * 2 * sizeof *buf + 1);
            if (!buf) goto nomem;
            for (size_t k = 0; k < tr.n; k++) {
                buf[k] = tr.v[k].lon;
                buf[tr.n + k] = tr.v[k].lat;
            }
            st = dtmap_crs_forward(crs, buf, buf + tr.n, tr.n, buf, buf + tr.n, err);
            if (st != DTMAP_OK) goto done;
            for (size_t k = 0; k < tr.n; k++) {
                format_row(&tr.v[k], line, sizeof line);
                fputs(line, fg);
                if (fz) {
                    char xs[32], ys[32];
                    format_fixed(buf[k], 6, xs, sizeof xs);
                    format_fixed(buf[tr.n + k], 6, ys, sizeof ys);
                    fprintf(fz, "%s,%s,%d\n", xs, ys, tr.v[k].rsrp);
                }
            }
            done_rows += tr.n;
        }
        if (!o->quiet) printf("wrote %zu samples in %d drives\n", done_rows, drive_no);
    }
    st = dtmap_outfile_close_commit(&out_g, fg, err);
    fg = NULL;
    if (st != DTMAP_OK) goto done;
    if (fz) {
        st = dtmap_outfile_close_commit(&out_z, fz, err);
        fz = NULL;
        if (st != DTMAP_OK) goto done;
    }
    printf("extent %s %.0f,%.0f,%.0f,%.0f\n", GRID_CRS, xmin, ymin, xmax, ymax);
    for (int g = 0; g < ngaps && !o->quiet; g++)
        printf("gap %s %.0f,%.0f %.0f\n", GRID_CRS, gx[g], gy[g], GAP_RADIUS_M);
    if (o->bench_areas && !o->quiet)
        printf("areas %s: %lld towns\n", o->bench_areas, o->bench_towns);
    goto done;
nomem:
    st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
done:
    if (fg) {
        fclose(fg);
        dtmap_outfile_abort(&out_g);
    }
    if (fz) {
        fclose(fz);
        dtmap_outfile_abort(&out_z);
    }
    free(buf);
    free(gx);
    free(tr.v);
    free(rt.v);
    free(lat.x);
    free(lat.y);
    network_free(&net);
    dtmap_crs_destroy(crs);
    return st;
}
