/* test_csv_bytes.c: delimited-text logs with bytes no text holds, or a shape libcsv alone gets
 * wrong (issue 10): a NUL or a binary tail costs its record, not the file; a quote the end of the
 * file leaves open is a reject naming its lines; UTF-16 without a BOM and UTF-32 are named; a
 * column name given twice reads the first and warns; a 4 MiB line reads in linear time. */
#define _DEFAULT_SOURCE
#include "ingest_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char header[] = "lat,lon,rsrp,tech\n";

/* Broke: one NUL inside a record refused the whole file ("NUL byte at offset 46"). */
static void test_nul_in_record(void **state) {
    fx_run *r = *state;
    static const char text[] = "lat,lon,rsrp,tech\n"
                               "51.9,-8.4,-100,LTE\n"
                               "51.9,-8.4,-9\0\0"
                               "5,LTE\n"
                               "51.9,-8.4,-102,LTE\n";
    assert_int_equal(fx_ingest_bytes(r, text, sizeof text - 1), DTMAP_OK);
    const dtmap_file_report *f = fx_last_file(r);
    assert_int_equal(f->accepted, 2);
    assert_int_equal(fx_rejected(f), 1);
    fx_assert_reject(r, 3, DTMAP_REJ_BAD_RECORD, "NUL byte in the record");
    assert_string_equal(dtmap_reject_name(DTMAP_REJ_BAD_RECORD), "bad_record");
}

/* Broke: records followed by a binary tail (a gzip stream appended) refused the file. The tail
 * is rejects; its charset is no note about the file. */
static void test_binary_tail(void **state) {
    fx_run *r = *state;
    static const char text[] = "lat,lon,rsrp,tech\n"
                               "51.9,-8.4,-100,LTE\n"
                               "51.9,-8.4,-101,LTE\n"
                               "\x1f\x8b\x08\x00\xe9\xff,\x03\n"
                               "\x01\x02\xfe\n";
    assert_int_equal(fx_ingest_bytes(r, text, sizeof text - 1), DTMAP_OK);
    const dtmap_file_report *f = fx_last_file(r);
    assert_int_equal(f->accepted, 2);
    assert_int_equal(fx_rejected(f), 2);
    assert_int_equal(f->fields_latin1 + f->fields_gb18030, 0);
    fx_assert_reject(r, 4, DTMAP_REJ_BAD_RECORD, "control byte 0x1f in the record");
    fx_assert_reject(r, 5, DTMAP_REJ_BAD_RECORD, "control byte 0x01 in the record");
}

/* A file binary from its start, or a NUL in the header, is still no log. */
static void test_binary_start_refused(void **state) {
    fx_run *r = *state;
    static const char nul_header[] = "lat,lon,\0rsrp\n51.9,-8.4,-100\n";
    assert_int_equal(fx_ingest_bytes(r, nul_header, sizeof nul_header - 1), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, "not a delimited text log (NUL byte at offset 8)"));
    static const char ctl[] = "\x02\x03lat,lon,rsrp\n51.9,-8.4,-100\n";
    assert_int_equal(fx_ingest_bytes(r, ctl, sizeof ctl - 1), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, "control byte 0x02 at offset 0"));
}

/* Broke: a quote that never closed swallowed the records after it, with no reject (libcsv's
 * csv_fini hands the rest of the file out as one field). */
static void test_open_quote(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *f = fx_read_text(r,
                                              "lat,lon,rsrp,note\n"
                                              "51.9,-8.4,-100,\"ok\"\n"
                                              "51.9,-8.4,-101,\"no end\n"
                                              "51.9,-8.4,-102,x\n"
                                              "51.9,-8.4,-103,y\n",
                                              "csv");
    assert_int_equal(f->accepted, 1);
    assert_int_equal(fx_rejected(f), 1);
    fx_assert_reject(r, 3, DTMAP_REJ_BAD_RECORD,
                     "unterminated quote from line 3 (lines 3-5 in one field)");
    /* without a final line end the last line is the file's last */
    fx_read_text(r, "lat,lon,rsrp\n51.9,-8.4,-100\n51.9,-8.4,\"-101\n51.9", "csv");
    fx_assert_reject(r, 3, DTMAP_REJ_BAD_RECORD,
                     "unterminated quote from line 3 (lines 3-4 in one field)");
    /* a quoted field over two lines that closes is one good record */
    f = fx_read_text(r, "lat,lon,rsrp,note\n51.9,-8.4,-100,\"a\nb\"\n51.9,-8.4,-101,c\n", "csv");
    assert_int_equal(f->accepted, 2);
    assert_int_equal(fx_rejected(f), 0);
    /* a quote closed by the file's last byte, with no line end after it, is no open quote */
    f = fx_read_text(r, "lat,lon,rsrp,note\n51.9,-8.4,-100,\"a\nb\"", "csv");
    assert_int_equal(f->accepted, 1);
    assert_int_equal(fx_rejected(f), 0);
    /* a header whose quote never closes is no log */
    assert_int_equal(fx_ingest_text(r, "lat,lon,\"rsrp\n51.9,-8.4,-100\n"), DTMAP_ERR_FORMAT);
    assert_non_null(strstr(r->err.detail, "not a delimited text log (its header, line 1: "
                                          "unterminated quote from line 1 (lines 1-2"));
}

/* Reads text converted to a wide encoding (each ASCII byte b becomes b 0, 0 b, b 0 0 0 or
 * 0 0 0 b after bom) and checks the file is refused as that encoding. */
static void expect_wide(fx_run *r, const char *bom, size_t nbom, int width, int big_endian,
                        const char *name) {
    const char *text = "lat,lon,rsrp,tech\n51.9,-8.4,-100,LTE\n51.9,-8.4,-101,LTE\n";
    size_t n = strlen(text), len = nbom + n * (size_t)width;
    char *buf = calloc(len, 1);
    assert_non_null(buf);
    memcpy(buf, bom, nbom);
    for (size_t i = 0; i < n; i++)
        buf[nbom + i * (size_t)width + (big_endian ? (size_t)width - 1 : 0)] = text[i];
    dtmap_status st = fx_ingest_bytes(r, buf, len);
    free(buf);
    assert_int_equal(st, DTMAP_ERR_FORMAT);
    char want[96];
    snprintf(want, sizeof want, "not a delimited text log (%s text; save it as UTF-8)", name);
    if (!strstr(r->err.detail, want)) fail_msg("%s: %s", name, r->err.detail);
}

/* Broke: UTF-16 without a BOM was "NUL byte at offset 1", UTF-32LE with its BOM "UTF-16". */
static void test_wide_encodings(void **state) {
    fx_run *r = *state;
    expect_wide(r, "", 0, 2, 0, "UTF-16");
    expect_wide(r, "", 0, 2, 1, "UTF-16");
    expect_wide(r, "\xff\xfe", 2, 2, 0, "UTF-16");
    expect_wide(r, "\xff\xfe\0\0", 4, 4, 0, "UTF-32");
    expect_wide(r, "\0\0\xfe\xff", 4, 4, 1, "UTF-32");
    expect_wide(r, "", 0, 4, 0, "UTF-32");
    expect_wide(r, "", 0, 4, 1, "UTF-32");
}

/* Broke: a column name given twice was read from one of them silently. The first is read and
 * a warning names the file and the column. */
static void test_duplicate_column(void **state) {
    fx_run *r = *state;
    const dtmap_file_report *f = fx_read_text(r,
                                              "lat,lon,lat,rsrp\n"
                                              "24.78,110.49,25.1,-90\n"
                                              "24.79,110.49,25.1,-95\n",
                                              "csv");
    assert_int_equal(f->accepted, 2);
    assert_true(r->set.v[0].lat > 24.77 && r->set.v[0].lat < 24.785);
    assert_int_equal(r->rep.nwarnings, 1);
    assert_non_null(strstr(r->rep.warnings[0].text, r->tmp));
    assert_non_null(strstr(r->rep.warnings[0].text, "column \"lat\" appears twice (columns 1 and "
                                                    "3): column 1 is read, column 3 ignored"));
    /* two aliases of one column are no duplicate: the better name wins, quietly */
    fx_read_text(r, "latitude,lat,lon,rsrp\n24.78,25.1,110.49,-90\n", "csv");
    assert_int_equal(r->rep.nwarnings, 1);
}

/* Broke: libcsv grew its field buffer 128 bytes at a time, so a long line or field took time
 * quadratic in its length (a 2 MiB line 43 s under ASan). A 4 MiB field now reads in well under
 * a second; the bound leaves room for a busy machine. */
static void test_long_field_linear(void **state) {
    fx_run *r = *state;
    size_t big = (size_t)4 << 20, n = sizeof header - 1;
    char *buf = malloc(n + big + 64);
    assert_non_null(buf);
    memcpy(buf, header, n);
    n += (size_t)sprintf(buf + n, "51.9,-8.4,-100,");
    memset(buf + n, 'L', big);
    n += big;
    buf[n++] = '\n';
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dtmap_status st = fx_ingest_bytes(r, buf, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(buf);
    assert_int_equal(st, DTMAP_OK);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (s > 10) fail_msg("a 4 MiB field took %.1f s", s);
    assert_int_equal(fx_rejected(fx_last_file(r)), 1); /* the tech no table knows */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nul_in_record, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_binary_tail, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_binary_start_refused, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_open_quote, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_wide_encodings, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_column, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_long_field_linear, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
