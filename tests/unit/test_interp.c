/* test_interp.c: unit tests for binning and IDW (hand-computed cells, options, determinism). */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/interp.h"

#define ND -9999.0f

/* One row of ncols 10 m cells from (0, 10): centres at (5 + 10 c, 5). */
static dtmap_grid row_grid(int ncols) {
    dtmap_grid g = {.xmin = 0, .ymax = 10, .res_m = 10, .ncols = ncols, .nrows = 1};
    return g;
}

static dtmap_idw_opts idw_opts(double power, double radius, int kmax, int kmin) {
    dtmap_idw_opts o = {
        .power = power, .radius_m = radius, .max_points = kmax, .min_points = kmin, .threads = 1};
    return o;
}

/* IDW of n points onto a one-cell grid centred at (5, 5). */
static float one_cell(const double *x, const double *y, const double *z, size_t n,
                      dtmap_idw_opts o) {
    dtmap_grid g = row_grid(1);
    float v = 12345;
    dtmap_error err;
    assert_int_equal(dtmap_idw_grid(&g, x, y, z, n, &o, ND, &v, &err), DTMAP_OK);
    return v;
}

static void idw_one_point(void **state) {
    (void)state;
    dtmap_grid g = row_grid(3);
    double x[] = {12}, y[] = {5}, z[] = {-87.5};
    float out[3];
    dtmap_idw_opts o = idw_opts(2, 8, 12, 1);
    assert_int_equal(dtmap_idw_grid(&g, x, y, z, 1, &o, ND, out, NULL), DTMAP_OK);
    assert_float_equal(out[0], -87.5f, 0); /* 7 m away */
    assert_float_equal(out[1], -87.5f, 0); /* 3 m away */
    assert_float_equal(out[2], ND, 0);     /* 13 m away: outside the radius */
}

static void idw_two_points_equidistant(void **state) {
    (void)state;
    double x[] = {0, 10}, y[] = {5, 5}, z[] = {10, 20};
    assert_float_equal(one_cell(x, y, z, 2, idw_opts(2, 50, 12, 1)), 15.0f, 1e-6);
    assert_float_equal(one_cell(x, y, z, 2, idw_opts(1, 50, 12, 1)), 15.0f, 1e-6);
    /* With room for one only, the lower input index wins the tie, whatever the order. */
    assert_float_equal(one_cell(x, y, z, 2, idw_opts(2, 50, 1, 1)), 10.0f, 0);
    double x2[] = {10, 0}, z2[] = {20, 10};
    assert_float_equal(one_cell(x2, y, z2, 2, idw_opts(2, 50, 1, 1)), 20.0f, 0);
}

static void idw_exact_hit(void **state) {
    (void)state;
    double x[] = {8, 5}, y[] = {5, 5}, z[] = {100, 7};
    assert_float_equal(one_cell(x, y, z, 2, idw_opts(2, 50, 12, 1)), 7.0f, 0);
    /* Closer than 1e-6 m counts as a hit; 1e-3 m is an ordinary (heavy) neighbour. */
    double xn[] = {8, 5 + 5e-7};
    assert_float_equal(one_cell(xn, y, z, 2, idw_opts(2, 50, 12, 1)), 7.0f, 0);
    double xf[] = {8, 5 + 1e-3};
    double w1 = 1.0 / 9, w2 = 1.0 / 1e-6;
    float v = one_cell(xf, y, z, 2, idw_opts(2, 50, 12, 1));
    assert_float_equal(v, (float)((100 * w1 + 7 * w2) / (w1 + w2)), 1e-6);
    assert_true(v != 7.0f);
    /* A hit gives its value even when min_points is not reached. */
    assert_float_equal(one_cell(x + 1, y, z + 1, 1, idw_opts(2, 50, 12, 5)), 7.0f, 0);
    /* That is also how the 1e-6 m threshold shows: 5e-7 m is a hit, 2e-6 m is not. */
    assert_float_equal(one_cell(xn + 1, y, z + 1, 1, idw_opts(2, 50, 12, 2)), 7.0f, 0);
    double xm[] = {5 + 2e-6};
    assert_float_equal(one_cell(xm, y, z + 1, 1, idw_opts(2, 50, 12, 2)), ND, 0);
}

static void idw_min_points(void **state) {
    (void)state;
    double x[] = {8, 2, 40}, y[] = {5, 5, 5}, z[] = {1, 3, 50};
    /* Two points within 10 m (3 m each), the third is 35 m away. */
    assert_float_equal(one_cell(x, y, z, 3, idw_opts(2, 10, 12, 2)), 2.0f, 1e-6);
    assert_float_equal(one_cell(x, y, z, 3, idw_opts(2, 10, 12, 3)), ND, 0);
    assert_float_equal(one_cell(x, y, z, 1, idw_opts(2, 10, 12, 2)), ND, 0);
}

static void idw_radius_inclusive(void **state) {
    (void)state;
    double x[] = {15}, y[] = {5}, z[] = {4};
    assert_float_equal(one_cell(x, y, z, 1, idw_opts(2, 10, 12, 1)), 4.0f, 0);
    assert_float_equal(one_cell(x, y, z, 1, idw_opts(2, 9.999, 12, 1)), ND, 0);
    double xd[] = {5 + 6}, yd[] = {5 + 8}; /* 6-8-10 triangle */
    assert_float_equal(one_cell(xd, yd, z, 1, idw_opts(2, 10, 12, 1)), 4.0f, 0);
}

static void idw_max_points(void **state) {
    (void)state;
    /* Distances 3, 1, 2 (input order) with z 100, 1, 2: the 2 nearest are z=1 (d 1) and
     * z=2 (d 2): (1/1 * 1 + 1/4 * 2) / (1 + 1/4) = 1.2. */
    double x[] = {8, 5, 5}, y[] = {5, 6, 3}, z[] = {100, 1, 2};
    assert_float_equal(one_cell(x, y, z, 3, idw_opts(2, 50, 2, 1)), 1.2f, 1e-6);
    /* All three: (1 + 0.5 + 100/9) / (1 + 1/4 + 1/9). */
    double all = (1 + 0.5 + 100.0 / 9) / (1 + 0.25 + 1.0 / 9);
    assert_float_equal(one_cell(x, y, z, 3, idw_opts(2, 50, 3, 1)), (float)all, 1e-5);
    assert_float_equal(one_cell(x, y, z, 3, idw_opts(2, 50, 1000000, 1)), (float)all, 1e-5);
    assert_float_equal(one_cell(x, y, z, 3, idw_opts(2, 50, 1, 1)), 1.0f, 0);
}

static void idw_power(void **state) {
    (void)state;
    /* Distances 1 (z 0) and 3 (z 10). */
    double x[] = {6, 5}, y[] = {5, 8}, z[] = {0, 10};
    assert_float_equal(one_cell(x, y, z, 2, idw_opts(1, 50, 12, 1)), 2.5f, 1e-6);
    assert_float_equal(one_cell(x, y, z, 2, idw_opts(2, 50, 12, 1)), 1.0f, 1e-6);
    assert_float_equal(one_cell(x, y, z, 2, idw_opts(3, 50, 12, 1)), (float)(10.0 / 28), 1e-6);
    assert_float_equal(one_cell(x, y, z, 2, idw_opts(0.5, 50, 12, 1)),
                       (float)(10 / sqrt(3.0) / (1 + 1 / sqrt(3.0))), 1e-6);
}

static void idw_ignores_non_finite(void **state) {
    (void)state;
    double x[] = {NAN, 6, 5}, y[] = {5, 5, INFINITY}, z[] = {1, 3, 2};
    assert_float_equal(one_cell(x, y, z, 3, idw_opts(2, 50, 12, 1)), 3.0f, 0);
    double zn[] = {1, NAN, 2};
    assert_float_equal(one_cell(x, y, zn, 3, idw_opts(2, 50, 12, 1)), ND, 0);
}

static void idw_empty_input(void **state) {
    (void)state;
    dtmap_grid g = row_grid(4);
    float out[4] = {0};
    dtmap_idw_opts o = idw_opts(2, 50, 12, 1);
    assert_int_equal(dtmap_idw_grid(&g, NULL, NULL, NULL, 0, &o, ND, out, NULL), DTMAP_OK);
    for (int i = 0; i < 4; i++)
        assert_float_equal(out[i], ND, 0);
    /* Points far outside the grid's reach are no input either. */
    double x[] = {1e6}, y[] = {5}, z[] = {1};
    assert_int_equal(dtmap_idw_grid(&g, x, y, z, 1, &o, ND, out, NULL), DTMAP_OK);
    for (int i = 0; i < 4; i++)
        assert_float_equal(out[i], ND, 0);
}

static void bad_option(dtmap_idw_opts o, const char *name) {
    dtmap_grid g = row_grid(1);
    double x[] = {5}, y[] = {5}, z[] = {1};
    float v = 0;
    dtmap_error err;
    dtmap_error_clear(&err);
    assert_int_equal(dtmap_idw_grid(&g, x, y, z, 1, &o, ND, &v, &err), DTMAP_ERR_USAGE);
    assert_int_equal(err.status, DTMAP_ERR_USAGE);
    if (!strstr(err.detail, name)) fail_msg("detail '%s' does not name %s", err.detail, name);
    assert_float_equal(v, 0, 0); /* output untouched */
}

static void idw_bad_options(void **state) {
    (void)state;
    bad_option(idw_opts(0, 50, 12, 1), "power");
    bad_option(idw_opts(-2, 50, 12, 1), "power");
    bad_option(idw_opts(NAN, 50, 12, 1), "power");
    bad_option(idw_opts(2, 0, 12, 1), "radius");
    bad_option(idw_opts(2, -1, 12, 1), "radius");
    bad_option(idw_opts(2, INFINITY, 12, 1), "radius");
    bad_option(idw_opts(2, 50, 0, 1), "max_points");
    bad_option(idw_opts(2, 50, 12, 0), "min_points");
    bad_option(idw_opts(2, 50, 3, 4), "min_points");
    dtmap_idw_opts o = idw_opts(2, 50, 12, 1);
    o.threads = -1;
    bad_option(o, "threads");
}

/* Deterministic xorshift, so the random tests are the same on every run. */
static double rnd(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (double)(*s >> 11) * (1.0 / 9007199254740992.0);
}

/* n points clustered along two "roads" over a grid of 10 m cells at the given origin, with
 * duplicates (same place, other value), points mirrored around cell centres (exact ties) and
 * some scattered ones. */
static void clustered_points(size_t n, double x0, double y0, double *x, double *y, double *z) {
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i++) {
        double u = rnd(&s), kind = rnd(&s);
        if (kind < 0.4) { /* road 1: diagonal */
            x[i] = x0 + 1500 * u + 6 * (rnd(&s) - 0.5);
            y[i] = y0 - 100 - 900 * u + 6 * (rnd(&s) - 0.5);
        } else if (kind < 0.7) { /* road 2: east-west */
            x[i] = x0 + 1500 * u;
            y[i] = y0 - 505 + 4 * (rnd(&s) - 0.5);
        } else if (kind < 0.8 && i > 0) { /* duplicate of an earlier point */
            size_t j = (size_t)(rnd(&s) * (double)i);
            x[i] = x[j];
            y[i] = y[j];
        } else if (kind < 0.9 && i > 0) { /* mirror of an earlier point around its cell centre */
            size_t j = (size_t)(rnd(&s) * (double)i);
            double cx = x0 + floor((x[j] - x0) / 10) * 10 + 5;
            double cy = y0 - floor((y0 - y[j]) / 10) * 10 - 5;
            x[i] = 2 * cx - x[j];
            y[i] = 2 * cy - y[j];
        } else {
            x[i] = x0 + 1600 * u - 50;
            y[i] = y0 - 1000 * rnd(&s) + 20;
        }
        z[i] = -60 - 40 * rnd(&s);
    }
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

/* The index gives exactly the brute-force answer, and 1, 2 or 3 threads give the same bytes. */
static void idw_matches_brute_force_any_threads(void **state) {
    (void)state;
    enum { N = 1500 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), *z = malloc(N * sizeof *z);
    ref_nbr *tmp = malloc(N * sizeof *tmp);
    dtmap_grid g = {.xmin = 400000, .ymax = 2540000, .res_m = 10, .ncols = 157, .nrows = 93};
    size_t nc = dtmap_grid_ncells(&g);
    float *a = malloc(nc * sizeof *a), *b = malloc(nc * sizeof *b);
    assert_non_null(x && y && z && tmp && a && b);
    clustered_points(N, g.xmin, g.ymax, x, y, z);
    dtmap_idw_opts sets[] = {idw_opts(2, 60, 12, 1), idw_opts(1, 25, 3, 2),
                             idw_opts(3, 130, 40, 5)};
    for (size_t s = 0; s < sizeof sets / sizeof *sets; s++) {
        dtmap_idw_opts o = sets[s];
        size_t valued = 0;
        assert_int_equal(dtmap_idw_grid(&g, x, y, z, N, &o, ND, a, NULL), DTMAP_OK);
        for (int r = 0; r < g.nrows; r++)
            for (int c = 0; c < g.ncols; c++) {
                double cx, cy;
                dtmap_grid_cell_center(&g, c, r, &cx, &cy);
                float want = ref_idw(cx, cy, x, y, z, N, o, tmp);
                float got = a[(size_t)r * g.ncols + c];
                if (memcmp(&want, &got, sizeof got) != 0)
                    fail_msg("set %zu cell (%d, %d): %.9g, brute force %.9g", s, c, r, got, want);
                valued += got != ND;
            }
        assert_true(valued > nc / 10 && valued < nc); /* the test covers both kinds of cell */
        for (int t = 2; t <= 3; t++) {
            o.threads = t;
            assert_int_equal(dtmap_idw_grid(&g, x, y, z, N, &o, ND, b, NULL), DTMAP_OK);
            assert_memory_equal(a, b, nc * sizeof *a);
        }
        /* Streaming: a prepared IDW evaluated in uneven strips gives the same bytes. */
        dtmap_idw *w = NULL;
        assert_int_equal(dtmap_idw_create(&g, x, y, z, N, &o, &w, NULL), DTMAP_OK);
        memset(b, 0, nc * sizeof *b);
        for (int r0 = 0, h = 1; r0 < g.nrows; r0 += h, h = h * 2 + 1) {
            if (r0 + h > g.nrows) h = g.nrows - r0;
            assert_int_equal(dtmap_idw_rows(w, r0, h, ND, b + (size_t)r0 * g.ncols, NULL),
                             DTMAP_OK);
        }
        assert_memory_equal(a, b, nc * sizeof *a);
        dtmap_error err;
        assert_int_equal(dtmap_idw_rows(w, g.nrows - 1, 2, ND, b, &err), DTMAP_ERR_USAGE);
        dtmap_idw_destroy(w);
    }
    free(b);
    free(a);
    free(tmp);
    free(z);
    free(y);
    free(x);
}

static void bin_power_domain(void **state) {
    (void)state;
    dtmap_grid g = row_grid(3);
    /* Cell 0: -80 and -90 dBm; cell 1: one sample; cell 2 empty; plus one outside the grid
     * and one with a non-finite value. */
    double x[] = {1, 9, 15, 35, 2}, y[] = {5, 1, 5, 5, 5}, z[] = {-80, -90, -100, -50, NAN};
    float mean[3], count[3];
    assert_int_equal(dtmap_bin_grid(&g, x, y, z, 5, 1, ND, mean, count, NULL), DTMAP_OK);
    assert_float_equal(mean[0], -82.596f, 0.0005);
    assert_float_equal(mean[1], -100.0f, 1e-5);
    assert_float_equal(mean[2], ND, 0);
    assert_float_equal(count[0], 2, 0);
    assert_float_equal(count[1], 1, 0);
    assert_float_equal(count[2], 0, 0);
    /* The same samples as plain dB (not what powers should use, but what ratios use). */
    assert_int_equal(dtmap_bin_grid(&g, x, y, z, 5, 0, ND, mean, NULL, NULL), DTMAP_OK);
    assert_float_equal(mean[0], -85.0f, 1e-5);
}

static void bin_ratios_and_counts(void **state) {
    (void)state;
    dtmap_grid g = {.xmin = 0, .ymax = 20, .res_m = 10, .ncols = 2, .nrows = 2};
    /* SINR in dB: plain mean. Cell (1, 1) gets three; (0, 0) one on its west/north edges. */
    double x[] = {15, 12, 19.9, 0, 20}, y[] = {5, 1, 9.9, 20, 5}, z[] = {10, 20, -3, 7, 99};
    float mean[4], count[4];
    assert_int_equal(dtmap_bin_grid(&g, x, y, z, 5, 0, ND, mean, count, NULL), DTMAP_OK);
    assert_float_equal(mean[3], 9.0f, 1e-6);
    assert_float_equal(count[3], 3, 0);
    assert_float_equal(mean[0], 7.0f, 0);
    assert_float_equal(count[0], 1, 0);
    assert_float_equal(mean[1], ND, 0);
    assert_float_equal(count[2], 0, 0);
    /* Counts alone, and an empty input. */
    assert_int_equal(dtmap_bin_grid(&g, x, y, z, 5, 0, ND, NULL, count, NULL), DTMAP_OK);
    assert_float_equal(count[3], 3, 0);
    assert_int_equal(dtmap_bin_grid(&g, NULL, NULL, NULL, 0, 1, ND, mean, count, NULL), DTMAP_OK);
    for (int i = 0; i < 4; i++) {
        assert_float_equal(mean[i], ND, 0);
        assert_float_equal(count[i], 0, 0);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idw_one_point),
        cmocka_unit_test(idw_two_points_equidistant),
        cmocka_unit_test(idw_exact_hit),
        cmocka_unit_test(idw_min_points),
        cmocka_unit_test(idw_radius_inclusive),
        cmocka_unit_test(idw_max_points),
        cmocka_unit_test(idw_power),
        cmocka_unit_test(idw_ignores_non_finite),
        cmocka_unit_test(idw_empty_input),
        cmocka_unit_test(idw_bad_options),
        cmocka_unit_test(idw_matches_brute_force_any_threads),
        cmocka_unit_test(bin_power_domain),
        cmocka_unit_test(bin_ratios_and_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
