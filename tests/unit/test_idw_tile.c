/* test_idw_tile.c: unit tests for the tile IDW (dtmap_idw_tile): tile by tile from the points
 * near each tile, it gives the bytes of dtmap_idw_grid over the whole grid. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/interp.h"

#define ND -9999.0f
#define SENTINEL 12345.0f

/* Deterministic xorshift, so the random tests are the same on every run. */
static double rnd(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (double)(*s >> 11) * (1.0 / 9007199254740992.0);
}

/* n points over a w x h m box from (x0, y0) south-east: a dense road, a sparse scatter,
 * duplicates of earlier points (same place, other value) and points mirrored around a cell
 * centre of 10 m cells (exact distance ties). */
static void make_points(size_t n, double x0, double y0, double w, double h, double *x, double *y,
                        double *z) {
    uint64_t s = 0x2545F4914F6CDD1Dull;
    for (size_t i = 0; i < n; i++) {
        double u = rnd(&s), kind = rnd(&s);
        if (kind < 0.5) {
            x[i] = x0 + w * u;
            y[i] = y0 - h * (0.2 + 0.5 * u) + 8 * (rnd(&s) - 0.5);
        } else if (kind < 0.65 && i > 0) {
            size_t j = (size_t)(rnd(&s) * (double)i);
            x[i] = x[j];
            y[i] = y[j];
        } else if (kind < 0.8 && i > 0) {
            size_t j = (size_t)(rnd(&s) * (double)i);
            double cx = x0 + floor((x[j] - x0) / 10) * 10 + 5;
            double cy = y0 - floor((y0 - y[j]) / 10) * 10 - 5;
            x[i] = 2 * cx - x[j];
            y[i] = 2 * cy - y[j];
        } else {
            x[i] = x0 - 60 + (w + 120) * u;
            y[i] = y0 + 60 - (h + 120) * rnd(&s);
        }
        z[i] = -60 - 40 * rnd(&s);
    }
}

static dtmap_idw_opts opts(double power, double radius, int kmax, int kmin) {
    dtmap_idw_opts o = {
        .power = power, .radius_m = radius, .max_points = kmax, .min_points = kmin, .threads = 1};
    return o;
}

typedef struct ref_nbr {
    double d2;
    size_t id;
} ref_nbr;

static int ref_cmp(const void *a, const void *b) {
    const ref_nbr *p = a, *q = b;
    if (p->d2 != q->d2) return p->d2 < q->d2 ? -1 : 1;
    return p->id < q->id ? -1 : p->id > q->id;
}

/* Brute-force IDW of one cell centre with the rules of interp.h (ties by index). */
static float ref_idw(double cx, double cy, const double *x, const double *y, const double *z,
                     size_t n, dtmap_idw_opts o, ref_nbr *tmp) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double dx = x[i] - cx, dy = y[i] - cy, d2 = dx * dx + dy * dy;
        if (d2 <= o.radius_m * o.radius_m) tmp[m++] = (ref_nbr){d2, i};
    }
    if (m == 0) return ND;
    qsort(tmp, m, sizeof *tmp, ref_cmp);
    if (tmp[0].d2 < 1e-12) return (float)z[tmp[0].id];
    if (m > (size_t)o.max_points) m = (size_t)o.max_points;
    if (m < (size_t)o.min_points) return ND;
    double num = 0, den = 0;
    for (size_t k = 0; k < m; k++) {
        double w = 1.0 / pow(tmp[k].d2, o.power / 2);
        num += w * z[tmp[k].id];
        den += w;
    }
    return (float)(num / den);
}

/* Evaluates grid g in tiles of t x t cells (g's origin on multiples of t * res), each from the
 * points within radius of the tile's box in input order (all points when all_points), and
 * checks every cell against want, and that nothing past the tile's real size is written. */
static void check_tiles(const dtmap_grid *g, int t, const double *x, const double *y,
                        const double *z, size_t n, dtmap_idw_opts o, int all_points,
                        const float *want) {
    dtmap_idw_scratch *s = NULL;
    assert_int_equal(dtmap_idw_scratch_create(&o, &s, NULL), DTMAP_OK);
    double *hx = malloc((n + 1) * sizeof *hx), *hy = malloc((n + 1) * sizeof *hy);
    double *hz = malloc((n + 1) * sizeof *hz);
    float *buf = malloc((size_t)t * t * sizeof *buf);
    assert_non_null(hx && hy && hz && buf);
    for (int tr = 0; tr * t < g->nrows; tr++)
        for (int tc = 0; tc * t < g->ncols; tc++) {
            dtmap_grid tile = {.xmin = g->xmin + (double)(tc * t) * g->res_m,
                               .ymax = g->ymax - (double)(tr * t) * g->res_m,
                               .res_m = g->res_m};
            tile.ncols = g->ncols - tc * t < t ? g->ncols - tc * t : t;
            tile.nrows = g->nrows - tr * t < t ? g->nrows - tr * t : t;
            double bx0 = tile.xmin - o.radius_m,
                   bx1 = tile.xmin + tile.ncols * g->res_m + o.radius_m;
            double by1 = tile.ymax + o.radius_m,
                   by0 = tile.ymax - tile.nrows * g->res_m - o.radius_m;
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (all_points || (x[i] >= bx0 && x[i] <= bx1 && y[i] >= by0 && y[i] <= by1)) {
                    hx[m] = x[i];
                    hy[m] = y[i];
                    hz[m++] = z[i];
                }
            for (int i = 0; i < t * t; i++)
                buf[i] = SENTINEL;
            assert_int_equal(dtmap_idw_tile(s, &tile, hx, hy, hz, m, ND, buf, t, NULL), DTMAP_OK);
            for (int r = 0; r < t; r++)
                for (int c = 0; c < t; c++) {
                    float got = buf[r * t + c];
                    if (r >= tile.nrows || c >= tile.ncols) {
                        if (got != SENTINEL) fail_msg("tile (%d, %d) wrote past its edge", tc, tr);
                        continue;
                    }
                    float w = want[(size_t)(tr * t + r) * g->ncols + (size_t)(tc * t + c)];
                    if (memcmp(&w, &got, sizeof got) != 0)
                        fail_msg("t %d tile (%d, %d) cell (%d, %d): %.9g, whole grid %.9g", t, tc,
                                 tr, c, r, got, w);
                }
        }
    free(buf);
    free(hz);
    free(hy);
    free(hx);
    dtmap_idw_scratch_destroy(s);
}

/* Tiles of 16 and 32 cells, partial edge tiles, several option sets (k = 1, k larger than
 * most neighbourhoods, k past the insertion limit of idw_tile.c, k above n), the same scratch
 * reused: the bytes of dtmap_idw_grid, which are those of a brute-force search. */
static void tiles_equal_whole_grid(void **state) {
    (void)state;
    enum { N = 2500 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), *z = malloc(N * sizeof *z);
    dtmap_grid g = {.xmin = 400000, .ymax = 2540160, .res_m = 10, .ncols = 101, .nrows = 70};
    size_t nc = dtmap_grid_ncells(&g);
    float *want = malloc(nc * sizeof *want);
    ref_nbr *tmp = malloc(N * sizeof *tmp);
    assert_non_null(x && y && z && want && tmp);
    make_points(N, g.xmin, g.ymax, 1010, 700, x, y, z);
    dtmap_idw_opts sets[] = {opts(2, 60, 12, 1), opts(1, 25, 3, 2),    opts(3, 130, 40, 5),
                             opts(2, 45, 1, 1),  opts(2, 150, 300, 1), opts(0.7, 200, 5000, 1)};
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
        assert_int_equal(dtmap_idw_grid(&g, x, y, z, N, &sets[k], ND, want, NULL), DTMAP_OK);
        size_t valued = 0;
        for (int r = 0; r < g.nrows; r++)
            for (int c = 0; c < g.ncols; c++) {
                double cx, cy;
                dtmap_grid_cell_center(&g, c, r, &cx, &cy);
                float ref = ref_idw(cx, cy, x, y, z, N, sets[k], tmp);
                float got = want[(size_t)r * g.ncols + c];
                if (memcmp(&ref, &got, sizeof got) != 0)
                    fail_msg("set %zu cell (%d, %d): grid %.9g, brute force %.9g", k, c, r, got,
                             ref);
                valued += got != ND;
            }
        assert_true(valued > nc / 10);
        check_tiles(&g, 16, x, y, z, N, sets[k], 0, want);
        check_tiles(&g, 32, x, y, z, N, sets[k], k == 0, want);
    }
    free(tmp);
    free(want);
    free(z);
    free(y);
    free(x);
}

/* No points: nodata; non-finite points are ignored; bad arguments are usage errors. */
static void tile_edges_and_errors(void **state) {
    (void)state;
    dtmap_idw_opts o = opts(2, 50, 12, 1);
    dtmap_idw_scratch *s = NULL;
    dtmap_error err;
    dtmap_idw_opts bad = opts(2, 50, 3, 4);
    assert_int_equal(dtmap_idw_scratch_create(&bad, &s, &err), DTMAP_ERR_USAGE);
    assert_null(s);
    assert_int_equal(dtmap_idw_scratch_create(&o, &s, NULL), DTMAP_OK);
    dtmap_grid tile = {.xmin = 0, .ymax = 160, .res_m = 10, .ncols = 16, .nrows = 16};
    float buf[16 * 16];
    assert_int_equal(dtmap_idw_tile(s, &tile, NULL, NULL, NULL, 0, ND, buf, 16, NULL), DTMAP_OK);
    for (int i = 0; i < 16 * 16; i++)
        assert_float_equal(buf[i], ND, 0);
    double x[] = {5, NAN, 5}, y[] = {155, 155, 155}, z[] = {-70, -50, NAN};
    assert_int_equal(dtmap_idw_tile(s, &tile, x, y, z, 3, ND, buf, 16, NULL), DTMAP_OK);
    assert_float_equal(buf[0], -70, 0);
    assert_float_equal(buf[1], -70, 0);
    assert_int_equal(dtmap_idw_tile(s, &tile, x, y, z, 3, ND, buf, 15, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_idw_tile(s, &tile, NULL, y, z, 3, ND, buf, 16, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_idw_tile(NULL, &tile, x, y, z, 3, ND, buf, 16, &err), DTMAP_ERR_USAGE);
    dtmap_idw_scratch_destroy(s);
    dtmap_idw_scratch_destroy(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tiles_equal_whole_grid),
        cmocka_unit_test(tile_edges_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
