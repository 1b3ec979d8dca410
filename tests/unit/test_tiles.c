/* test_tiles.c: the tiled engine's tiling and tile producer: tiles line up on whole multiples
 * of T * res, only tiles within reach of a sample exist, and every tile's cells equal the
 * whole-grid IDW and bins of the same samples (the halo lists miss no sample). */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/interp.h"
#include "job/produce.h"
#include "job/tiles.h"

#define ND -9999.0f

static double frand(unsigned *s) {
    *s = *s * 1103515245u + 12345u;
    return ((*s >> 8) & 0xffffff) / (double)0x1000000;
}

static void tiling_aligned(void **state) {
    (void)state;
    dtmap_grid area = {.xmin = 1030, .ymax = 2990, .res_m = 10, .ncols = 50, .nrows = 40};
    double x[] = {1035, 1500, NAN}, y[] = {2985, 2700, 2500};
    dtmapi_tiles t;
    dtmap_error err;
    assert_int_equal(dtmapi_tiles_make(&area, 16, x, y, NULL, 3, 0, &t, &err), DTMAP_OK);
    assert_true(fmod(t.file.xmin, 160) == 0 && fmod(t.file.ymax, 160) == 0);
    assert_true(t.file.xmin <= area.xmin && t.file.ymax >= area.ymax);
    assert_int_equal(t.col0, 7); /* (1030 - 960) / 10 */
    assert_int_equal(t.row0, 5); /* (3040 - 2990) / 10 */
    /* same south-east edge */
    assert_true(t.file.xmin + t.file.ncols * 10.0 == area.xmin + area.ncols * 10.0);
    assert_true(t.file.ymax - t.file.nrows * 10.0 == area.ymax - area.nrows * 10.0);
    assert_int_equal(t.n, 2); /* one tile per finite sample, reach 0 */
    int tc, tr, c0, r0, c1, r1;
    dtmapi_tiles_pos(&t, 0, &tc, &tr);
    assert_int_equal(tc, 0);
    assert_int_equal(tr, 0);
    dtmapi_tiles_inside(&t, 0, &c0, &r0, &c1, &r1);
    assert_int_equal(c0, 7);
    assert_int_equal(r0, 5);
    assert_int_equal(c1, 16);
    assert_int_equal(r1, 16);
    dtmapi_tiles_free(&t);
}

/* Random samples in clusters far apart; every tile equals the whole grid's cells; tiles far
 * from the samples do not exist. */
static void tiles_equal_whole(void **state) {
    (void)state;
    unsigned seed = 7;
    size_t n = 3000;
    dtmap_samples set = {0};
    set.v = calloc(n, sizeof *set.v);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *z = malloc(n * sizeof *z);
    assert_non_null(set.v);
    set.n = n;
    for (size_t i = 0; i < n; i++) {
        int c = (int)(frand(&seed) * 3);
        double cx = c == 0 ? 500 : c == 1 ? 2600 : 1200, cy = c == 2 ? 3100 : 600;
        x[i] = cx + frand(&seed) * 300, y[i] = cy + frand(&seed) * 300;
        if (i % 7 == 0) x[i] = x[(i + 1) % n]; /* ties and duplicates */
        set.v[i].tech = DTMAP_TECH_LTE;
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++)
            set.v[i].value[m] = NAN;
        set.v[i].value[DTMAP_METRIC_RSRP] = (float)(-60 - frand(&seed) * 60);
        z[i] = set.v[i].value[DTMAP_METRIC_RSRP];
    }
    dtmap_grid area;
    assert_int_equal(dtmap_grid_from_extent(100, 100, 3500, 3600, 10, &area, NULL), DTMAP_OK);
    dtmap_idw_opts o = {.power = 2, .radius_m = 45, .max_points = 8, .min_points = 1, .threads = 2};
    dtmapi_tiles t;
    assert_int_equal(
        dtmapi_tiles_make(&area, 32, x, y, NULL, n, o.radius_m * (1 + 1e-9) + 1e-9, &t, NULL),
        DTMAP_OK);
    size_t all = (size_t)t.ntx * (size_t)t.nty;
    assert_true(t.n > 0 && t.n < all / 2); /* sparse: three clusters */
    size_t nc = dtmap_grid_ncells(&area);
    float *idw = malloc(nc * sizeof *idw), *cnt = malloc(nc * sizeof *cnt);
    assert_int_equal(dtmap_idw_grid(&area, x, y, z, n, &o, ND, idw, NULL), DTMAP_OK);
    assert_int_equal(dtmap_bin_grid(&area, x, y, z, n, 1, ND, NULL, cnt, NULL), DTMAP_OK);
    dtmap_layer layer = {.tech = DTMAP_TECH_LTE, .metric = DTMAP_METRIC_RSRP};
    dtmapi_produce_src src = {.tiles = &t,
                              .set = &set,
                              .x = x,
                              .y = y,
                              .layers = &layer,
                              .nlayers = 1,
                              .method = DTMAP_METHOD_IDW,
                              .idw = o,
                              .nodata = ND};
    dtmapi_tile tile;
    size_t valid_tiled = 0, valid_whole = 0;
    for (size_t i = 0; i < nc; i++)
        valid_whole += idw[i] != ND;
    assert_int_equal(dtmapi_tile_alloc(&src, &tile, NULL), DTMAP_OK);
    (void)tile;
    dtmapi_tile_free(&src, &tile);
    /* every tile through the pipeline, compared cell by cell */
    struct chk {
        const dtmapi_tiles *t;
        const dtmap_grid *area;
        const float *idw, *cnt;
        size_t valid, last;
        int bad;
    } c = {&t, &area, idw, cnt, 0, (size_t)-1, 0};
    dtmap_status consume(void *user, const dtmapi_tile *tl, dtmap_error *err);
    assert_int_equal(dtmapi_produce_run(&src, 0, t.n, consume, &c, NULL), DTMAP_OK);
    valid_tiled = c.valid;
    assert_int_equal(c.bad, 0);
    assert_int_equal(valid_tiled, valid_whole);
    dtmapi_tiles_free(&t);
    free(idw), free(cnt), free(x), free(y), free(z), free(set.v);
}

/* The pipeline's consumer for tiles_equal_whole: checks order and every cell. */
dtmap_status consume(void *user, const dtmapi_tile *tl, dtmap_error *err) {
    (void)err;
    struct chk {
        const dtmapi_tiles *t;
        const dtmap_grid *area;
        const float *idw, *cnt;
        size_t valid, last;
        int bad;
    } *c = user;
    if (c->last != (size_t)-1 && tl->k != c->last + 1) c->bad++;
    c->last = tl->k;
    int tc, tr, T = c->t->T;
    dtmapi_tiles_pos(c->t, tl->k, &tc, &tr);
    for (int r = 0; r < T; r++)
        for (int q = 0; q < T; q++) {
            int ac = tc * T + q - c->t->col0, ar = tr * T + r - c->t->row0;
            float v = tl->value[0][(size_t)r * T + q], n = tl->count[0][(size_t)r * T + q];
            if (ac < 0 || ar < 0 || ac >= c->area->ncols || ar >= c->area->nrows) {
                if (v != ND || n != ND) c->bad++;
                continue;
            }
            size_t i = (size_t)ar * c->area->ncols + ac;
            if (v != c->idw[i] || n != c->cnt[i]) c->bad++;
            c->valid += v != ND;
        }
    return DTMAP_OK;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tiling_aligned),
        cmocka_unit_test(tiles_equal_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
