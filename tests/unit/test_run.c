/* test_run.c: the map job's calling contract: the progress callback sees every stage and can
 * cancel the job, which then stops with DTMAP_ERR_CANCELLED naming the stage; the CRS and grid
 * it picks for data across the antimeridian, too wide for a zone or far apart; empty layers. */
#include "testutil.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtmap/ingest.h"
#include "dtmap/run.h"

/* What the callback saw, and at which call it cancels (0: never). */
typedef struct seen {
    int calls, cancel_at;
    char last[128];
} seen;

static int on_stage(void *user, const char *stage) {
    seen *s = user;
    s->calls++;
    snprintf(s->last, sizeof s->last, "%s", stage);
    return s->cancel_at != 0 && s->calls >= s->cancel_at;
}

/* A 300 m line of LTE samples near Yangshuo, one every 10 m. */
static void fill(dtmap_samples *set) {
    uint32_t file;
    dtmap_samples_init(set);
    assert_int_equal(dtmap_samples_add_file(set, "line.csv", &file), DTMAP_OK);
    for (int i = 0; i < 30; i++) {
        dtmap_sample s = dtmap_sample_blank();
        s.tech = DTMAP_TECH_LTE;
        s.lon = 110.49 + i * 0.0001;
        s.lat = 24.78;
        s.value[DTMAP_METRIC_RSRP] = (float)(-90 - i);
        s.file = file;
        s.line = (uint32_t)i + 2;
        assert_int_equal(dtmap_samples_push(set, &s), DTMAP_OK);
    }
}

static void run_with(seen *s, dtmap_status want, const char *outdir) {
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_map_opts o;
    dtmap_map_result r = {0};
    dtmap_error err = {0};
    fill(&set);
    dtmap_ingest_report_init(&rep);
    dtmap_map_opts_default(&o);
    o.outdir = outdir;
    o.overwrite = 1;
    o.idw.threads = 1;
    assert_int_equal(dtmap_map_run(&set, &rep, &o, on_stage, s, &r, &err), want);
    if (want == DTMAP_ERR_CANCELLED) {
        char expect[160];
        snprintf(expect, sizeof expect, "cancelled while %s", s->last);
        assert_string_equal(err.detail, expect);
    }
    dtmap_map_result_free(&r);
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&set);
}

static void test_progress_sees_stages(void **state) {
    (void)state;
    char dir[] = "/tmp/dtmap-test-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    seen s = {0};
    run_with(&s, DTMAP_OK, dir);
    assert_true(s.calls >= 3); /* projecting, gridding per layer, gaps.gpkg */
    assert_string_equal(s.last, "writing gaps.gpkg");
    testutil_rmtree(dir);
}

static void test_progress_cancels(void **state) {
    (void)state;
    char dir[] = "/tmp/dtmap-test-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    seen s = {0, 1, ""};
    run_with(&s, DTMAP_ERR_CANCELLED, dir);
    assert_int_equal(s.calls, 1); /* cancelled at the first stage: nothing gridded */
    assert_string_equal(s.last, "projecting samples");
    assert_int_equal(testutil_dir_entries(dir), 0);
    seen later = {0, 2, ""};
    run_with(&later, DTMAP_ERR_CANCELLED, dir);
    assert_int_equal(later.calls, 2);
    assert_non_null(strstr(later.last, "gridding"));
    testutil_rmtree(dir);
    assert_string_equal(dtmap_strerror(DTMAP_ERR_CANCELLED), "cancelled");
}

/* The options' size field: a caller compiled against a shorter struct gets the defaults for
 * the fields it does not know; a size the library cannot honour is a usage error. */
static void test_opts_size(void **state) {
    (void)state;
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_map_result r = {0};
    dtmap_error err = {0};
    char dir[] = "/tmp/dtmap-test-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    fill(&set);
    dtmap_ingest_report_init(&rep);
    dtmap_map_opts o;
    dtmap_map_opts_default(&o);
    assert_int_equal(o.size, sizeof o);
    o.outdir = dir;
    o.idw.threads = 1;
    size_t sizes[] = {0, sizeof o + 8};
    for (int i = 0; i < 2; i++) {
        o.size = sizes[i];
        assert_int_equal(dtmap_map_run(&set, &rep, &o, NULL, NULL, &r, &err), DTMAP_ERR_USAGE);
        assert_non_null(strstr(err.detail, "map options: size"));
        dtmap_map_result_free(&r);
    }
    /* an older caller that knows nothing from gaps on: what it left there (gaps 0) is ignored
     * and the default (gaps on) applies, so gaps.gpkg is planned and written */
    o.size = offsetof(dtmap_map_opts, gaps);
    o.gaps = 0;
    assert_int_equal(dtmap_map_run(&set, &rep, &o, NULL, NULL, &r, &err), DTMAP_OK);
    int has_gpkg = 0;
    for (size_t i = 0; i < r.noutputs; i++)
        has_gpkg |= strstr(r.outputs[i], "/gaps.gpkg") != NULL && access(r.outputs[i], F_OK) == 0;
    assert_true(has_gpkg);
    dtmap_map_result_free(&r);
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&set);
    testutil_rmtree(dir);
}

/* Adds n LTE RSRP samples from (lon, lat), one every dlon degrees east. */
static void add_line(dtmap_samples *set, double lon, double lat, double dlon, int n) {
    uint32_t file;
    assert_int_equal(dtmap_samples_add_file(set, "drive.csv", &file), DTMAP_OK);
    for (int i = 0; i < n; i++) {
        dtmap_sample s = dtmap_sample_blank();
        s.tech = DTMAP_TECH_LTE;
        s.lon = lon + i * dlon;
        if (s.lon >= 180) s.lon -= 360;
        s.lat = lat;
        s.value[DTMAP_METRIC_RSRP] = (float)(-85 - i);
        s.file = file;
        s.line = (uint32_t)i + 2;
        assert_int_equal(dtmap_samples_push(set, &s), DTMAP_OK);
    }
}

/* Runs the job on set with crs (NULL: automatic) and, when extent is not NULL, that extent;
 * returns its status, r and err filled. */
static dtmap_status run_set(dtmap_samples *set, const char *crs, const double *extent,
                            const char *dir, dtmap_map_result *r, dtmap_error *err) {
    dtmap_ingest_report rep;
    dtmap_map_opts o;
    dtmap_ingest_report_init(&rep);
    dtmap_map_opts_default(&o);
    o.outdir = dir;
    o.overwrite = 1;
    o.idw.threads = 1;
    o.crs = crs;
    if (extent) {
        o.extent_set = 1;
        memcpy(o.extent, extent, sizeof o.extent);
    }
    dtmap_status st = dtmap_map_run(set, &rep, &o, NULL, NULL, r, err);
    dtmap_ingest_report_free(&rep);
    return st;
}

/* regression: samples across the antimeridian (179.99E..179.997W near Fiji) were mapped in the
 * zone of their mean longitude (UTM 43S), every cell empty; now zone 60S, a grid 1.5 km wide. */
static void test_antimeridian_zone(void **state) {
    (void)state;
    char dir[] = "/tmp/dtmap-test-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    dtmap_samples set;
    dtmap_map_result r = {0};
    dtmap_error err = {0};
    dtmap_samples_init(&set);
    add_line(&set, 179.9902, -16.8, 0.0005, 28);
    assert_int_equal(run_set(&set, NULL, NULL, dir, &r, &err), DTMAP_OK);
    assert_string_equal(r.crs_id, "EPSG:32760");
    assert_int_equal(r.ncols, 79); /* 818743.6 - 60 .. 820183.7 + 60 m (cs2cs), 20 m cells */
    assert_int_equal(r.nrows, 8);
    assert_false(r.layers[0].empty);
    assert_int_equal(r.layers[0].samples_on_grid, 28);
    assert_true(r.layers[0].cells_unmeasured < r.layers[0].cells_total);
    dtmap_map_result_free(&r);
    dtmap_samples_free(&set);
    testutil_rmtree(dir);
}

/* regression: drives at 93.1E and 107.3E were gridded in UTM 47N, 68,581 x 731 cells of
 * nothing; an automatic CRS now refuses them, an explicit one is obeyed. */
static void test_too_wide_for_a_zone(void **state) {
    (void)state;
    char dir[] = "/tmp/dtmap-test-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    dtmap_samples set;
    dtmap_map_result r = {0};
    dtmap_error err = {0};
    dtmap_samples_init(&set);
    add_line(&set, 93.1, 30, 0.0003, 4);
    add_line(&set, 107.2991, 30, 0.0003, 4);
    assert_int_equal(run_set(&set, NULL, NULL, dir, &r, &err), DTMAP_ERR_CRS);
    assert_non_null(strstr(err.detail, "data span 14.20 degrees of longitude (93.10E..107.30E): "
                                       "too wide for one UTM zone"));
    assert_int_equal(testutil_dir_entries(dir), 0);
    dtmap_map_result_free(&r);
    assert_int_equal(run_set(&set, "auto", NULL, dir, &r, &err), DTMAP_ERR_CRS);
    dtmap_map_result_free(&r);
    assert_int_equal(run_set(&set, "EPSG:3857", NULL, dir, &r, &err), DTMAP_OK);
    assert_string_equal(r.crs_id, "EPSG:3857");
    dtmap_map_result_free(&r);
    dtmap_samples_free(&set);
    testutil_rmtree(dir);
}

/* regression: Guangzhou and Hangzhou in one run were a usage error (exit 2) "grid too large",
 * then a data error naming the clusters; with tiles the run maps the few tiles near the samples
 * of a 34,319 x 39,511 grid. An extent beyond what the tiling can number is still refused. */
static void test_far_clusters_map(void **state) {
    (void)state;
    char dir[] = "/tmp/dtmap-test-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    dtmap_samples set;
    dtmap_map_result r = {0};
    dtmap_error err = {0};
    dtmap_samples_init(&set);
    add_line(&set, 113.26, 23.13, 0.0002, 6);
    add_line(&set, 120.15, 30.27, 0.0002, 5);
    assert_int_equal(run_set(&set, NULL, NULL, dir, &r, &err), DTMAP_OK);
    assert_int_equal(r.ncols, 34319);
    assert_int_equal(r.nrows, 39511);
    assert_true(r.ntiles >= 2 && r.ntiles <= 8); /* one or a few per city */
    assert_int_equal(r.tile, 256);
    dtmap_map_result_free(&r);
    double big[4] = {0, 0, 1e9, 1e9};
    assert_int_equal(run_set(&set, NULL, big, dir, &r, &err), DTMAP_ERR_TOO_LARGE);
    assert_non_null(strstr(err.detail, "50,000,000 x 50,000,000 cells at 20 m is too large"));
    assert_non_null(strstr(err.detail, "smaller --extent"));
    dtmap_map_result_free(&r);
    dtmap_samples_free(&set);
    testutil_rmtree(dir);
}

/* A layer whose samples all fall outside the grid: the result, summary.json and the screen
 * summary say so, and dtmap_map_result_warnings names it. */
static void test_empty_layer(void **state) {
    (void)state;
    char dir[] = "/tmp/dtmap-test-run-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    dtmap_samples set;
    dtmap_map_result r = {0};
    dtmap_error err = {0};
    fill(&set);
    double away[4] = {0, 0, 1000, 1000};
    assert_int_equal(run_set(&set, "EPSG:32649", away, dir, &r, &err), DTMAP_OK);
    assert_int_equal(r.nlayers, 1);
    assert_true(r.layers[0].empty);
    assert_int_equal(r.layers[0].samples_on_grid, 0);
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    assert_int_equal(dtmap_map_result_warnings(&r, "W: ", fp), 1);
    dtmap_map_result_print(&r, fp);
    fclose(fp);
    assert_non_null(strstr(text, "W: rsrp_lte.tif: no cell has a value: none of its 30 samples "
                                 "lies inside the grid (see --extent, --areas)\n"));
    assert_non_null(strstr(text, "layers with no valued cell: rsrp_lte.tif\n"));
    free(text);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = testutil_slurp(path, &len);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"samples_on_grid\": 0, \"empty\": true, \"warning\": "
                                 "\"rsrp_lte.tif: no cell has a value"));
    free(json);
    dtmap_map_result_free(&r);
    /* the same samples on their own grid: no warning */
    assert_int_equal(run_set(&set, NULL, NULL, dir, &r, &err), DTMAP_OK);
    assert_false(r.layers[0].empty);
    assert_int_equal(r.layers[0].samples_on_grid, 30);
    fp = open_memstream(&text, &len);
    assert_int_equal(dtmap_map_result_warnings(&r, "W: ", fp), 0);
    dtmap_map_result_print(&r, fp);
    fclose(fp);
    assert_null(strstr(text, "no valued cell"));
    free(text);
    json = testutil_slurp(path, &len);
    assert_non_null(strstr(json, "\"samples_on_grid\": 30, \"empty\": false}"));
    free(json);
    dtmap_map_result_free(&r);
    dtmap_samples_free(&set);
    testutil_rmtree(dir);
}

/* The CRS named by its exact name is the one used and recorded. */
static void test_crs_by_name(void **state) {
    (void)state;
    char dir[] = "/tmp/dtmap-test-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    dtmap_samples set;
    dtmap_map_result r = {0};
    dtmap_error err = {0};
    fill(&set);
    assert_int_equal(run_set(&set, "UTM 49N", NULL, dir, &r, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "CRS 'UTM 49N': not the exact name of a CRS"));
    assert_int_equal(testutil_dir_entries(dir), 0);
    dtmap_map_result_free(&r);
    assert_int_equal(run_set(&set, "wgs 84 / utm zone 49n", NULL, dir, &r, &err), DTMAP_OK);
    assert_string_equal(r.crs_id, "EPSG:32649");
    assert_string_equal(r.crs_name, "WGS 84 / UTM zone 49N");
    dtmap_map_result_free(&r);
    dtmap_samples_free(&set);
    testutil_rmtree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_sees_stages),
        cmocka_unit_test(test_progress_cancels),
        cmocka_unit_test(test_opts_size),
        cmocka_unit_test(test_antimeridian_zone),
        cmocka_unit_test(test_too_wide_for_a_zone),
        cmocka_unit_test(test_far_clusters_map),
        cmocka_unit_test(test_empty_layer),
        cmocka_unit_test(test_crs_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
