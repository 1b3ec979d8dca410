/* test_registry.c: unit tests for the table of log readers (src/ingest/registry.c): its rows in
 * sniffing order, the row each fixture format is sniffed as, and that a line reader writes its
 * row's name as the file's format. */
#include "ingest_fixture.h"

#include <stdio.h>
#include <string.h>

#include "ingest/registry.h"

/* The reader sniffed for the fixture at rel (under tests/data). */
static const ingest_reader *sniffed(const char *rel) {
    static char head[65537];
    FILE *fp = fopen(testutil_data(rel), "rb");
    assert_non_null(fp);
    size_t n = fread(head, 1, sizeof head - 1, fp);
    fclose(fp);
    head[n] = '\0';
    return dtmapi_ingest_reader_sniff(head, n);
}

static void test_rows(void **state) {
    (void)state;
    static const char *const order[] = {"nemo", "nmea", "quectel-at", "csv"};
    size_t i = 0;
    for (const ingest_reader *r; (r = dtmapi_ingest_reader_at(i)) != NULL; i++) {
        assert_true(i < sizeof order / sizeof *order);
        assert_string_equal(r->name, order[i]);
        assert_non_null(r->sniff);
        assert_non_null(r->read);
    }
    assert_int_equal(i, sizeof order / sizeof *order);
}

static void test_sniff(void **state) {
    (void)state;
    static const struct {
        const char *file, *reader;
    } cases[] = {
        {"nemo/ue_fdd.nmf", "nemo"},
        {"nemo/scanner.nmf", "nemo"},
        {"nmea/yangshuo.nmea", "nmea"},
        {"quectel/lte_ec25.log", "quectel-at"},
        {"quectel/nbiot_block.log", "quectel-at"},
        {"ingest/gnettrack.csv", "csv"},
        {"ingest/opencellid.csv", "csv"},
        {"cli/junk.bin", "csv"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const ingest_reader *r = sniffed(cases[i].file);
        if (strcmp(r->name, cases[i].reader) != 0)
            fail_msg("%s sniffed as %s, not %s", cases[i].file, r->name, cases[i].reader);
    }
    assert_string_equal(dtmapi_ingest_reader_sniff("", 0)->name, "csv");
}

/* The line readers name their format as their row does; CSV names the header's dialect. */
static void test_format_names(void **state) {
    fx_run *r = *state;
    assert_string_equal(fx_read(r, testutil_data("nemo/ue_fdd.nmf"), NULL)->format, "nemo");
    assert_string_equal(fx_read(r, testutil_data("nmea/yangshuo.nmea"), NULL)->format, "nmea");
    assert_string_equal(fx_read(r, testutil_data("quectel/lte_ec25.log"), NULL)->format,
                        "quectel-at");
    assert_int_equal(fx_ingest(r, testutil_data("ingest/gnettrack.csv")), DTMAP_OK);
    assert_string_equal(fx_last_file(r)->format, "gnettrack"); /* CSV counts no lines */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test_setup_teardown(test_format_names, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
