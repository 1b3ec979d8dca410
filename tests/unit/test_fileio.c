/* test_fileio.c: unit tests for the output files of core/fileio.c (errors name the path the
 * caller gave, never the temporary being written; an empty folder name is refused) and for the
 * file table of a sample set (core/sample.c: one entry per distinct path, found again fast). */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtmap/fileio.h"
#include "dtmap/sample.h"

/* Regression: dtmap_mkdir_p("") read the byte after its one-byte copy of the name (ASan:
 * heap-buffer-overflow); it is a usage error that says the name is empty. */
static void mkdir_empty_name(void **state) {
    (void)state;
    dtmap_error err = {0};
    assert_int_equal(dtmap_mkdir_p("", &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "empty"));
}

/* Regression: `dtmap ingest -o nosuch/s.csv` said "nosuch/.s.tmp-PID.csv: No such file or
 * directory", the name of the temporary it meant to write. */
static void fopen_missing_folder_names_the_path(void **state) {
    (void)state;
    dtmap_error err = {0};
    dtmap_outfile out;
    FILE *fp = (FILE *)1;
    const char *path = "/nonexistent-dtmap-folder/s.csv";
    assert_int_equal(dtmap_outfile_fopen(path, 0, &out, &fp, &err), DTMAP_ERR_IO);
    assert_null(fp);
    assert_string_equal(err.detail,
                        "/nonexistent-dtmap-folder/s.csv: cannot write: No such file or directory");
    assert_null(strstr(err.detail, ".tmp-"));
}

/* The same for the writers that begin an output and hand the temporary to GDAL. */
static void begin_missing_folder_names_the_path(void **state) {
    (void)state;
    dtmap_error err = {0};
    dtmap_outfile out;
    assert_int_equal(dtmap_outfile_begin("nosuch-dtmap/m.tif", 1, &out, &err), DTMAP_ERR_IO);
    assert_string_equal(err.detail, "nosuch-dtmap/m.tif: cannot write: No such file or directory");
    assert_null(out.tmp);
    const char *file = testutil_tmpfile(".txt", "x");
    char path[4096];
    snprintf(path, sizeof path, "%s/m.tif", file);
    assert_int_equal(dtmap_outfile_begin(path, 1, &out, &err), DTMAP_ERR_IO);
    assert_non_null(strstr(err.detail, ": cannot write: Not a directory"));
    remove(file);
}

/* A writer's failure that quotes the temporary (as GDAL's messages do: "Attempt to create new
 * tiff file `DIR/.m.tmp-PID.tif' failed") names the final path once it has gone through
 * dtmap_outfile_fail, which also removes the temporary. */
static void fail_names_the_path(void **state) {
    (void)state;
    dtmap_error err = {0};
    dtmap_outfile out;
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[1024];
    snprintf(path, sizeof path, "%s/dtmap-fail-%ld.tif", dir, (long)getpid());
    assert_int_equal(dtmap_outfile_begin(path, 1, &out, &err), DTMAP_OK);
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", out.tmp);
    FILE *fp = fopen(tmp, "w");
    assert_non_null(fp);
    fclose(fp);
    dtmap_error_set(&err, DTMAP_ERR_GDAL, "%s: GDALCreate: file `%s' failed (%s)", path, tmp, tmp);
    assert_int_equal(dtmap_outfile_fail(&out, DTMAP_ERR_GDAL, &err), DTMAP_ERR_GDAL);
    char want[3 * 1024 + 64];
    snprintf(want, sizeof want, "%s: GDALCreate: file `%s' failed (%s)", path, path, path);
    assert_string_equal(err.detail, want);
    assert_null(out.tmp);
    assert_int_not_equal(access(tmp, F_OK), 0);
}

/* A file written and committed ends under its name, and the temporary is gone. */
static void fopen_commit(void **state) {
    (void)state;
    dtmap_error err = {0};
    dtmap_outfile out;
    FILE *fp = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/dtmap-fileio-%ld.txt",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    assert_int_equal(dtmap_outfile_fopen(path, 1, &out, &fp, &err), DTMAP_OK);
    fputs("hello\n", fp);
    assert_int_equal(dtmap_outfile_close_commit(&out, fp, &err), DTMAP_OK);
    size_t n = 0;
    char *text = testutil_slurp(path, &n);
    assert_non_null(text);
    assert_string_equal(text, "hello\n");
    free(text);
    remove(path);
}

/* The file table keeps one entry per distinct path, in first-seen order, and finds each again. */
static void samples_file_table(void **state) {
    (void)state;
    dtmap_samples set;
    dtmap_samples_init(&set);
    enum { N = 5000 };
    char name[64];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < N; i++) {
            uint32_t idx = 99999;
            snprintf(name, sizeof name, "folder/log-%d.csv", (i * 7919) % N);
            assert_int_equal(dtmap_samples_add_file(&set, name, &idx), DTMAP_OK);
            assert_int_equal(idx, (uint32_t)i);
        }
    assert_int_equal(set.nfiles, N);
    uint32_t idx = 0;
    assert_int_equal(dtmap_samples_add_file(&set, "", &idx), DTMAP_OK);
    assert_int_equal(idx, N);
    assert_string_equal(set.files[3], "folder/log-3757.csv"); /* 3 * 7919 % 5000 */
    dtmap_samples_free(&set);
    assert_int_equal(set.nfiles, 0);
    assert_int_equal(dtmap_samples_add_file(&set, "again.csv", &idx), DTMAP_OK);
    assert_int_equal(idx, 0);
    dtmap_samples_free(&set);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mkdir_empty_name),
        cmocka_unit_test(fopen_missing_folder_names_the_path),
        cmocka_unit_test(begin_missing_folder_names_the_path),
        cmocka_unit_test(fail_names_the_path),
        cmocka_unit_test(fopen_commit),
        cmocka_unit_test(samples_file_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
