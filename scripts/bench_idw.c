/* bench_idw.c: harness of scripts/bench_idw: times dtmap's IDW over a whole grid
 * (dtmap_idw_grid) or tile by tile (dtmap_idw_tile, one tile per thread, each tile given its
 * halo points from a sorted-by-tile index built here), and compares raw float rasters.
 *
 *   bench_idw convert XYZ.csv OUT.bin            x,y,z CSV (header line) -> n, x[], y[], z[]
 *   bench_idw grid  IN.bin OUT.f32 XMIN YMAX NCOLS NROWS RES RADIUS K POWER THREADS
 *   bench_idw tiles IN.bin OUT.f32 XMIN YMAX NCOLS NROWS RES RADIUS K POWER THREADS T
 *   bench_idw diff  A.f32 B.f32 NODATA           cells, equal bits, |diff| > 1e-3, nodata mismatch
 *
 * grid and tiles print "idw_wall_s W idw_cpu_s C" for the timed part (index, interpolation;
 * not reading the input). Nodata is -9999. A benchmark tool, not part of the library. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dtmap/interp.h"

#define ND -9999.0f

typedef struct pts {
    size_t n;
    double *x, *y, *z;
} pts;

static void die(const char *msg) {
    fprintf(stderr, "bench_idw: %s\n", msg);
    exit(1);
}

static double now(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static void convert(const char *in, const char *out) {
    FILE *f = fopen(in, "r");
    if (!f) die("cannot open the CSV");
    size_t cap = 1 << 20, n = 0;
    double *v = xmalloc(3 * cap * sizeof *v);
    char line[256];
    if (!fgets(line, sizeof line, f)) die("empty CSV");
    while (fgets(line, sizeof line, f)) {
        if (n == cap) {
            cap *= 2;
            double *nv = realloc(v, 3 * cap * sizeof *v);
            if (!nv) die("out of memory");
            v = nv;
        }
        if (sscanf(line, "%lf,%lf,%lf", &v[3 * n], &v[3 * n + 1], &v[3 * n + 2]) == 3) n++;
    }
    fclose(f);
    FILE *o = fopen(out, "wb");
    if (!o) die("cannot write the binary points");
    fwrite(&n, sizeof n, 1, o);
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < n; i++)
            fwrite(&v[3 * i + k], sizeof *v, 1, o);
    if (fclose(o) != 0) die("write failed");
    free(v);
}

static pts load(const char *in) {
    pts p;
    FILE *f = fopen(in, "rb");
    if (!f || fread(&p.n, sizeof p.n, 1, f) != 1) die("cannot read the binary points");
    p.x = xmalloc(p.n * sizeof *p.x);
    p.y = xmalloc(p.n * sizeof *p.y);
    p.z = xmalloc(p.n * sizeof *p.z);
    if (fread(p.x, sizeof *p.x, p.n, f) != p.n || fread(p.y, sizeof *p.y, p.n, f) != p.n ||
        fread(p.z, sizeof *p.z, p.n, f) != p.n)
        die("short binary points");
    fclose(f);
    return p;
}

static void save(const char *out, const float *v, size_t n) {
    FILE *o = fopen(out, "wb");
    if (!o || fwrite(v, sizeof *v, n, o) != n || fclose(o) != 0) die("cannot write the raster");
}

/* The tiles of the grid and, per tile, its halo points (within radius of the tile's box, in
 * input order), copied contiguously: a counting sort by tile. */
typedef struct tiling {
    dtmap_grid g;
    int t, ntx, nty;
    double radius;
    size_t *start; /* ntx * nty + 1 */
    double *x, *y, *z;
    float *out; /* the whole grid */
    dtmap_idw_opts o;
    atomic_int next;
    atomic_int failed;
} tiling;

/* Tile columns (or rows) c0..c1 whose span [v0 + c*side, v0 + (c+1)*side] is within r of v. */
static void tile_span(double v, double v0, double side, double r, int nt, int *c0, int *c1) {
    double a = floor((v - r - v0) / side), b = floor((v + r - v0) / side);
    *c0 = a < 0 ? 0 : (int)a;
    *c1 = b > nt - 1 ? nt - 1 : (int)b;
}

static void build_tiling(tiling *tl, const pts *p) {
    size_t nt = (size_t)tl->ntx * (size_t)tl->nty;
    double side = tl->t * tl->g.res_m;
    tl->start = calloc(nt + 1, sizeof *tl->start);
    if (!tl->start) die("out of memory");
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < p->n; i++) {
            int c0, c1, r0, r1;
            tile_span(p->x[i], tl->g.xmin, side, tl->radius, tl->ntx, &c0, &c1);
            /* rows count from the north: mirror y */
            tile_span(-p->y[i], -tl->g.ymax, side, tl->radius, tl->nty, &r0, &r1);
            for (int r = r0; r <= r1; r++)
                for (int c = c0; c <= c1; c++) {
                    size_t t = (size_t)r * tl->ntx + c;
                    if (pass == 0) {
                        tl->start[t + 1]++;
                    } else {
                        size_t k = tl->start[t]++;
                        tl->x[k] = p->x[i];
                        tl->y[k] = p->y[i];
                        tl->z[k] = p->z[i];
                    }
                }
        }
        if (pass == 0) {
            for (size_t t = 0; t < nt; t++)
                tl->start[t + 1] += tl->start[t];
            size_t m = tl->start[nt];
            tl->x = xmalloc(m * sizeof *tl->x);
            tl->y = xmalloc(m * sizeof *tl->y);
            tl->z = xmalloc(m * sizeof *tl->z);
        }
    }
    memmove(tl->start + 1, tl->start, nt * sizeof *tl->start);
    tl->start[0] = 0;
}

static void *tile_worker(void *arg) {
    tiling *tl = arg;
    dtmap_idw_scratch *s = NULL;
    dtmap_error err;
    int t = tl->t, k;
    float *buf = xmalloc((size_t)t * t * sizeof *buf);
    if (dtmap_idw_scratch_create(&tl->o, &s, &err) != DTMAP_OK) die(err.detail);
    while ((k = atomic_fetch_add(&tl->next, 1)) < tl->ntx * tl->nty) {
        int tr = k / tl->ntx, tc = k % tl->ntx;
        size_t a = tl->start[k], b = tl->start[k + 1];
        if (a == b) continue; /* never handed over: nodata */
        dtmap_grid tile = {.xmin = tl->g.xmin + (double)tc * t * tl->g.res_m,
                           .ymax = tl->g.ymax - (double)tr * t * tl->g.res_m,
                           .res_m = tl->g.res_m};
        tile.ncols = tl->g.ncols - tc * t < t ? tl->g.ncols - tc * t : t;
        tile.nrows = tl->g.nrows - tr * t < t ? tl->g.nrows - tr * t : t;
        if (dtmap_idw_tile(s, &tile, tl->x + a, tl->y + a, tl->z + a, b - a, ND, buf, t, &err) !=
            DTMAP_OK) {
            fprintf(stderr, "bench_idw: tile %d: %s\n", k, err.detail);
            atomic_store(&tl->failed, 1);
            break;
        }
        for (int r = 0; r < tile.nrows; r++)
            memcpy(tl->out + (size_t)(tr * t + r) * tl->g.ncols + (size_t)tc * t,
                   buf + (size_t)r * t, (size_t)tile.ncols * sizeof *buf);
    }
    dtmap_idw_scratch_destroy(s);
    free(buf);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc == 4 && !strcmp(argv[1], "convert")) {
        convert(argv[2], argv[3]);
        return 0;
    }
    if (argc == 5 && !strcmp(argv[1], "diff")) {
        FILE *fa = fopen(argv[2], "rb"), *fb = fopen(argv[3], "rb");
        float nd = strtof(argv[4], NULL), a, b;
        size_t cells = 0, same = 0, over = 0, mis = 0;
        if (!fa || !fb) die("cannot open the rasters");
        while (fread(&a, sizeof a, 1, fa) == 1 && fread(&b, sizeof b, 1, fb) == 1) {
            cells++;
            same += memcmp(&a, &b, sizeof a) == 0;
            if ((a == nd) != (b == nd))
                mis++;
            else if (fabsf(a - b) > 1e-3f)
                over++;
        }
        printf("cells %zu equal %zu differ_1e-3 %zu nodata_mismatch %zu\n", cells, same, over, mis);
        return 0;
    }
    int tiles = argc == 14 && !strcmp(argv[1], "tiles");
    if (!tiles && !(argc == 13 && !strcmp(argv[1], "grid"))) die("usage: see bench_idw.c");
    dtmap_grid g = {.xmin = atof(argv[4]),
                    .ymax = atof(argv[5]),
                    .ncols = atoi(argv[6]),
                    .nrows = atoi(argv[7]),
                    .res_m = atof(argv[8])};
    dtmap_idw_opts o = {.radius_m = atof(argv[9]),
                        .max_points = atoi(argv[10]),
                        .min_points = 1,
                        .power = atof(argv[11]),
                        .threads = atoi(argv[12])};
    pts p = load(argv[2]);
    size_t nc = dtmap_grid_ncells(&g);
    float *out = xmalloc(nc * sizeof *out);
    dtmap_error err;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    if (!tiles) {
        if (dtmap_idw_grid(&g, p.x, p.y, p.z, p.n, &o, ND, out, &err) != DTMAP_OK) die(err.detail);
    } else {
        tiling tl = {.g = g, .t = atoi(argv[13]), .radius = o.radius_m, .out = out, .o = o};
        tl.ntx = (g.ncols + tl.t - 1) / tl.t;
        tl.nty = (g.nrows + tl.t - 1) / tl.t;
        for (size_t i = 0; i < nc; i++)
            out[i] = ND;
        build_tiling(&tl, &p);
        pthread_t th[64];
        int nth = o.threads < 1 ? 1 : o.threads > 64 ? 64 : o.threads;
        for (int i = 1; i < nth; i++)
            if (pthread_create(&th[i], NULL, tile_worker, &tl) != 0) die("pthread_create");
        tile_worker(&tl);
        for (int i = 1; i < nth; i++)
            pthread_join(th[i], NULL);
        if (atomic_load(&tl.failed)) die("a tile failed");
        printf("tiles %d x %d of %d cells, %zu halo points\n", tl.ntx, tl.nty, tl.t,
               tl.start[(size_t)tl.ntx * tl.nty]);
        free(tl.start);
        free(tl.x);
        free(tl.y);
        free(tl.z);
    }
    printf("idw_wall_s %.3f idw_cpu_s %.3f\n", now(CLOCK_MONOTONIC) - w0,
           now(CLOCK_PROCESS_CPUTIME_ID) - c0);
    save(argv[3], out, nc);
    free(out);
    free(p.x);
    free(p.y);
    free(p.z);
    return 0;
}
