/* test_identify.c: files that are no logs, told by their first bytes (identify.c through
 * dtmap_ingest_file): workbooks found at either end of a ZIP, other Office files, and dtmap's
 * own outputs as its writers write them, the sample CSV read when named and refused when found
 * in a folder. Regression: an Excel workbook was "not a delimited text log (control byte ...)"
 * and a samples.csv in a log folder was read back, every sample twice. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_fixture.h"

/* A ZIP whose first entry is not under xl/ and whose xl/ entry is named only in the central
 * directory, 70 KiB on: found by the tail search. Each call returns a fresh buffer (free it). */
static unsigned char *zip_with(const char *central_name, size_t *n) {
    size_t len = 70000, name = strlen(central_name);
    unsigned char *b = calloc(1, len + 46 + name);
    assert_non_null(b);
    memcpy(b, "PK\3\4", 4);
    b[26] = 9; /* local name length */
    memcpy(b + 30, "docProps/", 9);
    memcpy(b + len, "PK\1\2", 4);
    b[len + 28] = (unsigned char)name;
    memcpy(b + len + 46, central_name, name);
    *n = len + 46 + name;
    return b;
}

static void test_workbooks(void **state) {
    fx_run *r = *state;
    size_t n;
    unsigned char *z = zip_with("xl/workbook.xml", &n);
    assert_int_equal(fx_ingest_bytes(r, (const char *)z, n), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": an Excel workbook, not a log: save it as CSV "
                                          "(File > Save As > CSV UTF-8)"));
    free(z);
    z = zip_with("word/document.xml", &n);
    assert_int_equal(fx_ingest_bytes(r, (const char *)z, n), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": a ZIP archive, not a log"));
    free(z);
    unsigned char ole[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    ole[30] = 9; /* 512-byte sectors, directory at sector 0 (offset 512), no Workbook in it */
    assert_int_equal(fx_ingest_bytes(r, (const char *)ole, sizeof ole), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": a Microsoft Office document (OLE2), not a log"));
    static const char book[] = "B\0o\0o\0k\0"; /* Excel 5 names its stream "Book" */
    memcpy(ole + 512, book, 8);
    ole[512 + 64] = 10;
    assert_int_equal(fx_ingest_bytes(r, (const char *)ole, sizeof ole), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": an Excel workbook, not a log"));
    assert_int_equal(r->rep.nfiles, 0);
}

/* What the writers write is what identify.c knows: the sample CSV and the rejects CSV. */
static void test_own_outputs(void **state) {
    fx_run *r = *state;
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_error err;
    dtmap_samples_init(&set);
    dtmap_ingest_report_init(&rep);
    char samples[4096], rejects[4096];
    snprintf(samples, sizeof samples, "%s", testutil_tmpfile(".csv", ""));
    snprintf(rejects, sizeof rejects, "%s", testutil_tmpfile(".csv", ""));
    assert_int_equal(dtmap_samples_write_csv(&set, samples, 1, &err), DTMAP_OK);
    assert_int_equal(dtmap_ingest_write_rejects(&rep, &set, rejects, 1, &err), DTMAP_OK);
    assert_int_equal(fx_ingest(r, samples), DTMAP_OK); /* named: read (dialect "dtmap") */
    assert_string_equal(fx_last_file(r)->format, "dtmap");
    r->opts.from_folder = 1;
    assert_int_equal(fx_ingest(r, samples), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": dtmap output (samples.csv written by dtmap ingest)"));
    r->opts.from_folder = 0;
    assert_int_equal(fx_ingest(r, rejects), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, ": dtmap output (rejects.csv written by dtmap)"));
    assert_int_equal(r->rep.nfiles, 1);
    remove(samples);
    remove(rejects);
    dtmap_samples_free(&set);
    dtmap_ingest_report_free(&rep);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_workbooks, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_own_outputs, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
