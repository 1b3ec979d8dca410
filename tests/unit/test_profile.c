/* test_profile.c: unit tests for technology profiles (built-ins, the default's values, user
 * files, every error kind with its path:line, class lookup, the shared default). */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtmap/ingest.h"
#include "dtmap/profile.h"
#include "dtmap/run.h"

static const dtmap_tech techs[] = {DTMAP_TECH_LTE, DTMAP_TECH_NR, DTMAP_TECH_REDCAP,
                                   DTMAP_TECH_NBIOT};

/* Loads name_or_path and fails the test with the error detail if that does not work. */
static void load_ok(const char *name_or_path, dtmap_profile *p) {
    dtmap_error err = {0};
    dtmap_status st = dtmap_profile_load(name_or_path, p, &err);
    if (st != DTMAP_OK) fail_msg("%s: %s: %s", name_or_path, dtmap_strerror(st), err.detail);
}

/* Asserts that the i-th class of a metric has this name, bound and colour. */
static void assert_class(const dtmap_tech_profile *tp, dtmap_metric m, int i, const char *name,
                         double lower, const char *colour) {
    assert_string_equal(tp->classes[m][i].name, name);
    if (isinf(lower))
        assert_true(isinf(tp->classes[m][i].lower) && tp->classes[m][i].lower < 0);
    else
        assert_double_near(tp->classes[m][i].lower, lower, 0);
    assert_string_equal(tp->classes[m][i].colour, colour);
}

static void builtin_names_default_first(void **state) {
    (void)state;
    const char *const *names = dtmap_profile_builtin_names();
    assert_non_null(names);
    assert_string_equal(names[0], "default");
    assert_string_equal(names[1], "grid-report");
    assert_null(names[2]);
}

/* Every built-in loads, is named after its file, covers the four technologies with all three
 * ranges, RSRP and SINR thresholds and classes, and says where every value comes from. */
static void builtins_load_with_sources(void **state) {
    (void)state;
    const char *const *names = dtmap_profile_builtin_names();
    for (int k = 0; names[k]; k++) {
        dtmap_profile p;
        char origin[96];
        load_ok(names[k], &p);
        assert_string_equal(p.name, names[k]);
        snprintf(origin, sizeof origin, "built-in %s", names[k]);
        assert_string_equal(p.origin, origin);
        assert_true(strlen(p.description) > 20);
        assert_false(p.tech[DTMAP_TECH_OTHER].present);
        for (size_t t = 0; t < sizeof techs / sizeof *techs; t++) {
            const dtmap_tech_profile *tp = &p.tech[techs[t]];
            assert_true(tp->present);
            for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
                assert_true(tp->has_range[m]);
                assert_true(tp->range_lo[m] < tp->range_hi[m]);
                assert_true(strlen(tp->range_source[m]) > 10);
                if (tp->weak[m].set) assert_true(strlen(tp->weak[m].source) > 10);
                if (tp->nclasses[m]) assert_true(strlen(tp->classes_source[m]) > 10);
            }
            for (int m = 0; m < DTMAP_METRIC_COUNT; m += 2) { /* RSRP and SINR */
                assert_true(tp->weak[m].set);
                assert_true(tp->nclasses[m] >= 5);
            }
            assert_false(tp->weak[DTMAP_METRIC_RSRQ].set);
            assert_int_equal(tp->nclasses[DTMAP_METRIC_RSRQ], 0);
        }
        assert_true(p.ecl_ce2_share.set);
        assert_true(strlen(p.ecl_ce2_share.source) > 10);
    }
}

/* The default profile is what dtmap did before profiles: the ingest reporting ranges and the
 * man page's thresholds, to the last digit. */
static void default_matches_current_behaviour(void **state) {
    (void)state;
    static const double range[4][DTMAP_METRIC_COUNT][2] = {
        {{-140, -44}, {-34, 2.5}, {-23, 40}},  /* LTE */
        {{-156, -31}, {-43, 20}, {-23, 40}},   /* NR */
        {{-156, -31}, {-43, 20}, {-23, 40}},   /* RedCap */
        {{-156, -44}, {-34, 2.5}, {-23, 40}}}; /* NB-IoT */
    static const double weak[4][2] = {{-110, 0}, {-105, -3}, {-105, -3}, {-115, 0}};
    dtmap_profile p;
    dtmap_thresholds th;
    load_ok("default", &p);
    dtmap_thresholds_default(&th);
    for (int t = 0; t < 4; t++) {
        const dtmap_tech_profile *tp = &p.tech[techs[t]];
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            double lo, hi;
            assert_double_near(tp->range_lo[m], range[t][m][0], 0);
            assert_double_near(tp->range_hi[m], range[t][m][1], 0);
            /* the same numbers ingest rejects against */
            assert_true(dtmap_metric_range(techs[t], (dtmap_metric)m, &lo, &hi));
            assert_double_near(tp->range_lo[m], lo, 0);
            assert_double_near(tp->range_hi[m], hi, 0);
            assert_int_equal(tp->weak[m].set, th.set[techs[t]][m]);
            if (th.set[techs[t]][m])
                assert_double_near(tp->weak[m].value, th.value[techs[t]][m], 0);
        }
        assert_double_near(tp->weak[DTMAP_METRIC_RSRP].value, weak[t][0], 0);
        assert_double_near(tp->weak[DTMAP_METRIC_SINR].value, weak[t][1], 0);
    }
    assert_double_near(p.ecl_ce2_share.value, 0.5, 0);
    assert_non_null(strstr(p.ecl_ce2_share.source, "dtmap choice"));
    assert_non_null(strstr(p.tech[DTMAP_TECH_LTE].range_source[DTMAP_METRIC_RSRP], "36.133"));
    assert_non_null(strstr(p.tech[DTMAP_TECH_NR].range_source[DTMAP_METRIC_SINR], "38.133"));
    assert_non_null(strstr(p.tech[DTMAP_TECH_LTE].range_source[DTMAP_METRIC_SINR], "dtmap choice"));
}

static void default_classes(void **state) {
    (void)state;
    static const char *const colour[5] = {"#1a9641", "#a6d96a", "#ffffbf", "#fdae61", "#d7191c"};
    static const char *const name[5] = {"excellent", "good", "medium", "poor", "very_poor"};
    /* RSRP and SINR bounds for LTE, NR, RedCap, NB-IoT (the last class has none) */
    static const double rsrp[4][4] = {{-85, -95, -105, -115},
                                      {-80, -90, -100, -110},
                                      {-80, -90, -100, -110},
                                      {-95, -105, -115, -125}};
    static const double sinr[4][4] = {
        {25, 16, 11, 3}, {25, 16, 11, 3}, {25, 16, 11, 3}, {10, 5, 0, -5}};
    dtmap_profile p;
    load_ok("default", &p);
    for (int t = 0; t < 4; t++) {
        const dtmap_tech_profile *tp = &p.tech[techs[t]];
        assert_int_equal(tp->nclasses[DTMAP_METRIC_RSRP], 5);
        assert_int_equal(tp->nclasses[DTMAP_METRIC_SINR], 5);
        for (int i = 0; i < 5; i++) {
            assert_class(tp, DTMAP_METRIC_RSRP, i, name[i], i < 4 ? rsrp[t][i] : -INFINITY,
                         colour[i]);
            assert_class(tp, DTMAP_METRIC_SINR, i, name[i], i < 4 ? sinr[t][i] : -INFINITY,
                         colour[i]);
        }
    }
    assert_non_null(strstr(p.tech[DTMAP_TECH_LTE].classes_source[0], "China Mobile"));
    assert_non_null(strstr(p.tech[DTMAP_TECH_NBIOT].classes_source[0], "dtmap choice"));
}

static void class_lookup_boundaries(void **state) {
    (void)state;
    const dtmap_profile *p = dtmap_profile_default();
    const dtmap_tech L = DTMAP_TECH_LTE;
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -44), 0);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -85), 0); /* bound: better */
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -85.01), 1);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -95), 1);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -104.5), 2);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -115), 3);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -115.01), 4);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -140), 4);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, -INFINITY), 4);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, INFINITY), 0);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRP, NAN), -1);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_SINR, 25), 0);
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_SINR, 2.5), 4);
    assert_int_equal(dtmap_profile_class(p, DTMAP_TECH_NR, DTMAP_METRIC_RSRP, -85), 1);
    assert_int_equal(dtmap_profile_class(p, DTMAP_TECH_NBIOT, DTMAP_METRIC_SINR, -5), 3);
    /* no classes: RSRQ, OTHER, bad arguments */
    assert_int_equal(dtmap_profile_class(p, L, DTMAP_METRIC_RSRQ, -10), -1);
    assert_int_equal(dtmap_profile_class(p, DTMAP_TECH_OTHER, DTMAP_METRIC_RSRP, -90), -1);
    assert_int_equal(dtmap_profile_class(p, DTMAP_TECH_COUNT, DTMAP_METRIC_RSRP, -90), -1);
    assert_int_equal(dtmap_profile_class(NULL, L, DTMAP_METRIC_RSRP, -90), -1);
}

/* The grid-report profile changes results: other classes and other thresholds. */
static void grid_report_differs(void **state) {
    (void)state;
    dtmap_profile g;
    const dtmap_profile *d = dtmap_profile_default();
    load_ok("grid-report", &g);
    const dtmap_tech_profile *gl = &g.tech[DTMAP_TECH_LTE];
    assert_int_equal(gl->nclasses[DTMAP_METRIC_RSRP], 6);
    assert_class(gl, DTMAP_METRIC_RSRP, 3, "marginal", -105, "#fee08b");
    assert_class(gl, DTMAP_METRIC_RSRP, 5, "very_weak", -INFINITY, "#d73027");
    assert_int_equal(dtmap_profile_class(d, DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, -82), 0);
    assert_int_equal(dtmap_profile_class(&g, DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, -82), 1);
    assert_int_equal(dtmap_profile_class(&g, DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, -110), 4);
    assert_int_equal(dtmap_profile_class(&g, DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, -110.5), 5);
    /* -107 dBm LTE: weak under grid-report (< -105), not under the default (< -110) */
    assert_double_near(gl->weak[DTMAP_METRIC_RSRP].value, -105, 0);
    assert_double_near(gl->weak[DTMAP_METRIC_SINR].value, -3, 0);
    assert_true(-107 < gl->weak[DTMAP_METRIC_RSRP].value);
    assert_false(-107 < d->tech[DTMAP_TECH_LTE].weak[DTMAP_METRIC_RSRP].value);
}

static void user_file_by_path(void **state) {
    (void)state;
    dtmap_profile p;
    const char *path = testutil_data("profiles/user.profile");
    load_ok(path, &p);
    assert_string_equal(p.name, "metering-2024");
    assert_string_equal(p.origin, path);
    const dtmap_tech_profile *lte = &p.tech[DTMAP_TECH_LTE], *nb = &p.tech[DTMAP_TECH_NBIOT];
    assert_true(lte->present && nb->present);
    assert_false(p.tech[DTMAP_TECH_NR].present || p.tech[DTMAP_TECH_REDCAP].present);
    assert_true(lte->has_range[DTMAP_METRIC_RSRP]);
    assert_false(lte->has_range[DTMAP_METRIC_SINR]);
    assert_double_near(lte->weak[DTMAP_METRIC_RSRP].value, -100, 0);
    assert_true(lte->weak[DTMAP_METRIC_RSRQ].set);
    assert_double_near(lte->weak[DTMAP_METRIC_RSRQ].value, -15, 0);
    assert_double_near(lte->weak[DTMAP_METRIC_SINR].value, 2, 0); /* spelt weak.sinr */
    assert_string_equal(lte->weak[DTMAP_METRIC_SINR].source,
                        "campaign rule: SINR < 2 dB counted as interference");
    assert_int_equal(lte->nclasses[DTMAP_METRIC_RSRP], 3);
    assert_class(lte, DTMAP_METRIC_RSRP, 2, "fail", -INFINITY, "#d7191c");
    assert_int_equal(dtmap_profile_class(&p, DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, -105), 1);
    assert_int_equal(nb->nclasses[DTMAP_METRIC_RSRP], 0);
    assert_double_near(p.ecl_ce2_share.value, 0.3, 1e-12);
}

/* CRLF line ends, a UTF-8 BOM, spaces around '=' and '|', and upper-case keys are fine. */
static void user_text_crlf_bom(void **state) {
    (void)state;
    dtmap_profile p;
    const char *text = "\xEF\xBB\xBFname=crlf\r\n\r\n[ NR ]\r\n"
                       "  RANGE.RSRP=-156   -31|3GPP TS 38.133  \r\n"
                       "interference.sinr = -1.5 |site rule\r\n";
    char *path = strdup(testutil_tmpfile(".profile", text));
    load_ok(path, &p);
    unlink(path);
    free(path);
    assert_string_equal(p.name, "crlf");
    assert_double_near(p.tech[DTMAP_TECH_NR].range_hi[DTMAP_METRIC_RSRP], -31, 0);
    assert_string_equal(p.tech[DTMAP_TECH_NR].range_source[DTMAP_METRIC_RSRP], "3GPP TS 38.133");
    assert_double_near(p.tech[DTMAP_TECH_NR].weak[DTMAP_METRIC_SINR].value, -1.5, 0);
}

/* Loads a file expected to fail with st, and checks the detail starts "path:line: " (line 0:
 * "path: ") and contains what. */
static void assert_load_error(const char *path, dtmap_status st, int line, const char *what) {
    dtmap_profile p;
    dtmap_error err = {0};
    char prefix[4200];
    memset(&p, 0x5a, sizeof p);
    assert_int_equal(dtmap_profile_load(path, &p, &err), st);
    assert_int_equal(err.status, st);
    if (line > 0)
        snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    else
        snprintf(prefix, sizeof prefix, "%s: ", path);
    if (strncmp(err.detail, prefix, strlen(prefix)) != 0 || !strstr(err.detail, what))
        fail_msg("detail '%s', expected '%s...%s'", err.detail, prefix, what);
    assert_int_equal(p.name[0], 0); /* zeroed on error */
}

/* Each error kind of the fixture files, at its exact line. */
static void fixture_errors(void **state) {
    (void)state;
    static const struct {
        const char *file, *what;
        int line;
    } cases[] = {
        {"bad_section.profile", "unknown section [umts]", 6},
        {"bad_key.profile", "unknown key 'weak.rscp'", 7},
        {"bad_number.profile", "weak.rsrp: '-11O' is not a number", 6},
        {"bad_range.profile", "range.sinr: low 40 is not below high -23", 6},
        {"bad_order.profile", "not in descending order: medium -105 is not below poor -115", 7},
        {"no_source.profile", "interference.sinr: missing '| source'", 8},
        {"bad_colour.profile", "class 'good': bad colour '#a6d96'", 6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", testutil_data("profiles/"));
        strncat(path, cases[i].file, sizeof path - strlen(path) - 1);
        assert_load_error(path, DTMAP_ERR_FORMAT, cases[i].line, cases[i].what);
    }
}

/* Smaller mistakes, written to temporary files. */
static void text_errors(void **state) {
    (void)state;
    static const struct {
        const char *text, *what;
        int line;
    } cases[] = {
        {"name = x\n[lte]\nweak.sinr = 0 | a\ninterference.sinr = 1 | b\n",
         "interference.sinr: [lte] already set it at line 3", 4},
        {"name = x\n[lte]\n[nbiot]\n[lte]\n", "section [lte] given twice (first at line 2)", 4},
        {"name = x\nweak.rsrp = -110 | a\n", "weak.rsrp before any section", 2},
        {"name = x\n[lte]\necl.ce2_share = 0.5 | a\n", "ecl.ce2_share belongs in [nbiot]", 3},
        {"name = x\n[nbiot]\necl.ce2_share = 1.5 | a\n", "1.5 is not a share in (0, 1]", 3},
        {"name = x\n[lte]\nname = y\n", "name belongs before the first section", 3},
        {"name = x\nname = y\n[lte]\n", "name given twice (first at line 1)", 2},
        {"name = x\n[lte]\nweak.rsrp = -110 |   \n", "weak.rsrp: missing '| source'", 3},
        {"name = x\n[lte]\nweak.rsrp = | a\n", "weak.rsrp: no value before '|'", 3},
        {"name = x\n[lte]\nweak.rsrp = -110 -100 | a\n", "weak.rsrp: expected one number", 3},
        {"name = x\n[lte]\nweak.rsrp = nan | a\n", "'nan' is not a number", 3},
        {"name = x\n[lte]\nrange.rsrp = -140 | a\n", "expected two numbers LOW HIGH", 3},
        {"name = x\n[lte]\nrange.rsrp = -50 -50 | a\n", "low -50 is not below high -50", 3},
        {"name = x\n[lte]\nclasses.rsrp = a -80 #000000, b -80 #111111, c #222222 | s\n",
         "not in descending order: b -80 is not below a -80", 3},
        {"name = x\n[lte]\nclasses.rsrp = a -80 #000000, b -90 #111111 | s\n",
         "last class 'b': expected 'NAME #rrggbb'", 3},
        {"name = x\n[lte]\nclasses.rsrp = a #000000, b #111111 | s\n",
         "class 'a': expected 'NAME LOWER-BOUND #rrggbb' (only the last class has no bound)", 3},
        {"name = x\n[lte]\nclasses.rsrp = a -80 000000, b #111111 | s\n",
         "class 'a': bad colour '000000'", 3},
        {"name = x\n[lte]\nclasses.rsrp = a -80 #000000,, b #111111 | s\n", "class 2 is empty", 3},
        {"name = x\n[lte]\nclasses.rsrp = a #000000 | s\n", "1 classes; give 2 to 8", 3},
        {"name = x\n[lte]\nclasses.rsrp = a -8 #000000, b -9 #000000, c -10 #000000, d -11 "
         "#000000, e -12 #000000, f -13 #000000, g -14 #000000, h -15 #000000, i #000000 | s\n",
         "9 classes; give 2 to 8", 3},
        {"name = x\n[lte]\nclasses.rsrp = a -8 #000000, a #000000 | s\n",
         "class name 'a' used twice", 3},
        {"name = x\n[lte]\nrange.rsrp = -140 -44 | a\n\nweak.rsrp = -150 | b\n",
         "threshold rsrp -150 outside range.rsrp -140..-44 of [lte]", 5},
        {"name = x\n[lte]\njust some words\n", "expected 'key = value'", 3},
        {"name = x\n[lte\n", "expected '[section]'", 2},
        {"name = x\n[other]\n", "unknown section [other]", 2},
        {"[lte]\nweak.rsrp = -110 | a\n", "no 'name = ...' line", 0},
        {"# only a comment\nname = x\n", "no technology section", 0},
        {"", "no 'name = ...' line", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *path = strdup(testutil_tmpfile(".profile", cases[i].text));
        assert_non_null(path);
        assert_load_error(path, DTMAP_ERR_FORMAT, cases[i].line, cases[i].what);
        unlink(path);
        free(path);
    }
    /* a source longer than the 159 bytes a profile keeps */
    char text[512];
    snprintf(text, sizeof text, "name = x\n[lte]\nweak.rsrp = -110 | %0200d\n", 7);
    char *path = strdup(testutil_tmpfile(".profile", text));
    assert_load_error(path, DTMAP_ERR_FORMAT, 3, "weak.rsrp: source longer than 159 characters");
    unlink(path);
    free(path);
}

/* Regression: a NUL byte cut its line short (CSLLoad2 stopped there) and the profile loaded; it
 * is an error at its line, counted over CR, LF and CRLF line ends alike. */
static void nul_byte_and_line_ends(void **state) {
    (void)state;
    static const char text[] = "name = x\r\n[lte]\rweak.rsrp = -110 | a\0 -120\n";
    char *path = strdup(testutil_tmpfile(".profile", ""));
    assert_non_null(path);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, sizeof text - 1, fp), sizeof text - 1);
    assert_int_equal(fclose(fp), 0);
    assert_load_error(path, DTMAP_ERR_FORMAT, 3, "NUL byte");
    /* UTF-16 text is full of NUL bytes, but is told as what it is */
    static const char utf16[] = "\xff\xfen\0a\0m\0e\0";
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(utf16, 1, sizeof utf16 - 1, fp), sizeof utf16 - 1);
    assert_int_equal(fclose(fp), 0);
    assert_load_error(path, DTMAP_ERR_FORMAT, 1, "UTF-16 text");
    unlink(path);
    free(path);
    path = strdup(testutil_tmpfile(".profile", "name = x\r[lte]\r\njust some words\r"));
    assert_load_error(path, DTMAP_ERR_FORMAT, 3, "expected 'key = value'");
    unlink(path);
    free(path);
}

static void io_and_usage_errors(void **state) {
    (void)state;
    dtmap_profile p;
    dtmap_error err = {0};
    memset(&p, 0x5a, sizeof p);
    assert_int_equal(dtmap_profile_load("defualt", &p, &err), DTMAP_ERR_IO);
    assert_int_equal(p.name[0], 0); /* zeroed on error */
    assert_non_null(strstr(err.detail, "defualt"));
    assert_non_null(strstr(err.detail, "No such file or directory"));
    assert_non_null(strstr(err.detail, "built-in: default, grid-report"));
    assert_int_equal(dtmap_profile_load(testutil_data("profiles"), &p, &err), DTMAP_ERR_IO);
    assert_non_null(strstr(err.detail, "is a folder"));
    assert_int_equal(dtmap_profile_load(NULL, &p, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_profile_load("", &p, &err), DTMAP_ERR_IO);
}

static void *default_in_thread(void *arg) {
    (void)arg;
    return (void *)dtmap_profile_default();
}

/* One default, loaded once, the same from every thread, equal to a fresh load. */
static void default_is_shared(void **state) {
    (void)state;
    pthread_t th[4];
    void *got[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, default_in_thread, NULL), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(th[i], &got[i]), 0);
    const dtmap_profile *a = dtmap_profile_default(), *b = dtmap_profile_default();
    assert_ptr_equal(a, b);
    for (int i = 0; i < 4; i++)
        assert_ptr_equal(got[i], a);
    dtmap_profile fresh;
    load_ok("default", &fresh);
    assert_memory_equal(a, &fresh, sizeof fresh);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_names_default_first),
        cmocka_unit_test(builtins_load_with_sources),
        cmocka_unit_test(default_matches_current_behaviour),
        cmocka_unit_test(default_classes),
        cmocka_unit_test(class_lookup_boundaries),
        cmocka_unit_test(grid_report_differs),
        cmocka_unit_test(user_file_by_path),
        cmocka_unit_test(user_text_crlf_bom),
        cmocka_unit_test(fixture_errors),
        cmocka_unit_test(text_errors),
        cmocka_unit_test(nul_byte_and_line_ends),
        cmocka_unit_test(io_and_usage_errors),
        cmocka_unit_test(default_is_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
