/* test_publish.c: unit tests for the publish step (dtmap/publish.h, job/publish_tree.h): which
 * leftovers of killed runs are removed (exactly fileio.c's temporary pattern with a dead PID, the
 * staging folders of this output folder only), the lock held twice, a manifest dtmap did not
 * write, and the name sets. The CLI tests (tests/cli/publish*.sh) cover whole runs. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtmap/publish.h"
#include "job/publish_tree.h"

static char root[256];

static int setup(void **state) {
    (void)state;
    snprintf(root, sizeof root, "%s/dtmap-publish-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return dtmapi_tree_remove(root);
}

static void touch(const char *rel) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("x\n", f);
    fclose(f);
}

static int exists(const char *rel) {
    char p[512];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", root, rel);
    return lstat(p, &sb) == 0;
}

static void make_dir(const char *rel) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    assert_int_equal(mkdir(p, 0777), 0);
}

/* Only ".STEM.tmp-PID[.EXT]" with a PID that is no live process goes; so do dead staging
 * folders of this output folder, not those of another or of a live PID. */
static void test_leftovers(void **state) {
    (void)state;
    char live[64];
    make_dir("out");
    make_dir("out/sub");
    const char *gone[] = {"out/.rsrp_lte.tmp-4999999.tif", "out/.summary.tmp-4999999.json",
                          "out/.rejects.tmp-4999999", "out/sub/.a.tmp-4999999.png"};
    const char *kept[] = {"out/.tmp-4999999.tif",                /* no stem */
                          "out/.a.tmp-.tif",                     /* no PID */
                          "out/.a.tmp-49x.tif",                  /* not a PID */
                          "out/.a.tmp-4999999.tif.bak",          /* two extensions */
                          "out/.a.tmp-4999999.",                 /* empty extension */
                          "out/a.tmp-4999999.tif",               /* not hidden */
                          "out/.a.tmp-99999999999999999999.tif", /* beyond any PID */
                          NULL};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        touch(gone[i]);
    for (size_t i = 0; kept[i]; i++)
        touch(kept[i]);
    snprintf(live, sizeof live, "out/.a.tmp-%ld.tif", (long)getpid());
    touch(live);
    make_dir(".out.staging-4999999");
    touch(".out.staging-4999999/rsrp_lte.tif");
    make_dir(".other.staging-4999999"); /* another output folder's */
    make_dir(".out.staging-49x");
    dtmapi_leftovers_clean(root, "out");
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        assert_false(exists(gone[i]));
    for (size_t i = 0; kept[i]; i++)
        assert_true(exists(kept[i]));
    assert_true(exists(live));
    assert_false(exists(".out.staging-4999999"));
    assert_true(exists(".other.staging-4999999"));
    assert_true(exists(".out.staging-49x"));
}

/* A second hold on the same folder is refused, naming the holder (this process). */
static void test_lock_twice(void **state) {
    (void)state;
    char out[512], want[64];
    dtmap_publish *a = NULL, *b = NULL;
    dtmap_error err;
    snprintf(out, sizeof out, "%s/out", root);
    assert_int_equal(dtmap_publish_begin(out, 0, &a, &err), DTMAP_OK);
    assert_int_equal(dtmap_publish_begin(out, 0, &b, &err), DTMAP_ERR_IO);
    assert_null(b);
    snprintf(want, sizeof want, "is in use by process %ld ", (long)getpid());
    assert_non_null(strstr(err.detail, want));
    dtmap_publish_end(a);
    assert_int_equal(testutil_dir_entries(root), 1); /* the lock file only: no staging left */
    assert_int_equal(dtmap_publish_begin(out, 0, &b, &err), DTMAP_OK);
    dtmap_publish_end(b);
}

/* A manifest.json that dtmap did not write stops the publish; the folder keeps it. */
static void test_foreign_manifest(void **state) {
    (void)state;
    char out[512], staged[600];
    dtmap_publish *p = NULL;
    dtmap_error err;
    make_dir("out");
    touch("out/manifest.json");
    snprintf(out, sizeof out, "%s/out", root);
    assert_int_equal(dtmap_publish_begin(out, 0, &p, &err), DTMAP_OK);
    snprintf(staged, sizeof staged, "%s/summary.json", dtmap_publish_stage_dir(p));
    FILE *f = fopen(staged, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(dtmap_publish_commit(p, 1, &err), DTMAP_ERR_EXISTS);
    assert_non_null(strstr(err.detail, "manifest.json was not written by dtmap"));
    dtmap_publish_end(p);
    assert_true(exists("out/manifest.json"));
    assert_false(exists("out/summary.json"));
    assert_int_equal(testutil_dir_entries(root), 2); /* out and the lock file */
}

static void test_names(void **state) {
    (void)state;
    dtmapi_names s = {0};
    const char *v[] = {"charts/b.png", "a.tif", "charts/a.png", "a.tif", "chartsx"};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(dtmapi_names_add(&s, v[i], NULL), DTMAP_OK);
    dtmapi_names_sort(&s);
    assert_int_equal(s.n, 4);
    assert_true(dtmapi_names_has(&s, "a.tif"));
    assert_false(dtmapi_names_has(&s, "charts"));
    assert_true(dtmapi_names_has_under(&s, "charts"));
    assert_false(dtmapi_names_has_under(&s, "chart"));
    assert_false(dtmapi_names_has_under(&s, "a.tif"));
    dtmapi_names_free(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_leftovers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_manifest, setup, teardown),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
