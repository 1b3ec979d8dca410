/* test_run.c: the map job's calling contract: the progress callback sees every stage and can
 * cancel the job, which then stops with DTMAP_ERR_CANCELLED naming the stage. */
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_sees_stages),
        cmocka_unit_test(test_progress_cancels),
        cmocka_unit_test(test_opts_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
