/* test_report.c: unit tests for the area report (areas.csv, areas.json, report.md) on the
 * yangshuo areas with key figures and gaps built by hand: the CSV header and rows field by
 * field (and read back with libcsv), the JSON validated and queried with jq, the Markdown's
 * sections and table lines, escaping of awkward names, locale independence, overwrite rules. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <gdal.h>

#include "dtmap/crs.h"
#include "dtmap/report.h"

#define NKPI 4
#define NGAPS 8

typedef struct fixture {
    char dir[4096];
    dtmap_areas *areas;
    dtmap_area_kpi kpi[NKPI];
    dtmap_report_charts charts[NKPI];
    dtmap_area_gap gap[NGAPS];
    dtmap_area_gaps gaps;
    dtmap_report rep;
} fixture;

/* One distribution (NAN everywhere when n is 0). */
static dtmap_dist dist(uint64_t n, double mean, double min, double p5, double median, double p95,
                       double max) {
    return (dtmap_dist){n, mean, min, p5, median, p95, max};
}

/* Fills the levels of r: LTE -85 -95 -105 -110 -115, NR -80 -90 -100 -105 -110. */
static void levels(dtmap_area_kpi *r, const double *lv, const double *share) {
    r->nlevels = 5;
    for (int i = 0; i < 5; i++) {
        r->level[i] = lv[i];
        r->level_share[i] = share[i];
        r->level_share_measured[i] = r->measured_share > 0 ? share[i] / r->measured_share : NAN;
    }
}

/* Class counts of r for RSRP (m 0) or SINR (m 1); shares over the finite values. */
static void classes(dtmap_area_kpi *r, int m, const uint64_t *count, uint64_t n) {
    r->nclasses[m] = 5;
    for (int i = 0; i < 5; i++) {
        r->class_count[m][i] = count[i];
        r->class_share[m][i] = n ? (double)count[i] / (double)n : NAN;
    }
}

static void kinds(dtmap_area_kpi *r, double none, double cov, double weak, double intf,
                  double unm) {
    r->kind_share[DTMAP_KIND_NONE] = none;
    r->kind_share[DTMAP_KIND_COVERED] = cov;
    r->kind_share[DTMAP_KIND_WEAK] = weak;
    r->kind_share[DTMAP_KIND_INTERFERENCE] = intf;
    r->kind_share[DTMAP_KIND_UNMEASURED] = unm;
    r->measured_share = cov + weak + intf;
    r->unmeasured_share = unm + none;
}

static const double LTE_LV[5] = {-85, -95, -105, -110, -115};
static const double NR_LV[5] = {-80, -90, -100, -105, -110};

static dtmap_area_gap gap(dtmap_cellkind kind, int rank, size_t area, dtmap_tech tech,
                          double area_m2, double worst, double mean, double thr, uint64_t samples,
                          double lon, double lat) {
    dtmap_area_gap g = {.kind = kind,
                        .rank = rank,
                        .area = area,
                        .tech = tech,
                        .area_m2 = area_m2,
                        .ncells = (size_t)(area_m2 / 400),
                        .worst = worst,
                        .mean = mean,
                        .threshold = thr,
                        .deficit_db = thr - mean,
                        .samples = samples,
                        .lon = lon,
                        .lat = lat};
    g.score = isnan(g.deficit_db) ? area_m2 : area_m2 * g.deficit_db;
    return g;
}

/* The report of a made-up run: town (LTE and NR), Yulong River (LTE, partly off the grid) and
 * West Street (LTE, nothing measured), gaps ranked as dtmap_area_gaps_rank would. */
static void build(fixture *fx) {
    dtmap_area_kpi *r = &fx->kpi[0];
    memset(fx->kpi, 0, sizeof fx->kpi);
    for (int k = 0; k < NKPI; k++) {
        fx->kpi[k].rsrp_threshold = -110;
        fx->kpi[k].has_sinr_threshold = 1;
        fx->kpi[k].sinr_threshold = 0;
        fx->kpi[k].area_m2 = dtmap_areas_area_m2(fx->areas, fx->kpi[k].area);
    }
    /* 0: 阳朔县城, LTE */
    kinds(r, 0, 0.4832, 0.12, 0.031, 0.3658);
    levels(r, LTE_LV, (double[]){0.1012, 0.2534, 0.4466, 0.5142, 0.5801});
    r->samples = 1542;
    r->samples_per_km2 = 1542 / (r->area_m2 / 1e6);
    r->rsrp = dist(1542, -97.24, -121.3, -114.62, -98.36, -82.07, -70.5);
    r->sinr = dist(1530, 8.43, -6.2, -1.04, 9.1, 19.76, 28.3);
    classes(r, 0, (uint64_t[]){120, 300, 560, 400, 162}, 1542);
    classes(r, 1, (uint64_t[]){40, 150, 400, 700, 240}, 1530);
    /* 1: 阳朔县城, NR */
    r = &fx->kpi[1];
    r->tech = DTMAP_TECH_NR;
    r->rsrp_threshold = -105;
    r->sinr_threshold = -3;
    kinds(r, 0, 0.2, 0.3, 0.05, 0.45);
    levels(r, NR_LV, (double[]){0.05, 0.1, 0.2, 0.25, 0.4});
    r->samples = 300;
    r->samples_per_km2 = 300 / (r->area_m2 / 1e6);
    r->rsrp = dist(300, -101.5, -118, -113.9, -102.2, -88.3, -80.1);
    r->sinr = dist(290, 4.2, -9, -5.5, 4.9, 14.1, 20);
    classes(r, 0, (uint64_t[]){10, 40, 100, 100, 50}, 300);
    classes(r, 1, (uint64_t[]){0, 20, 60, 150, 60}, 290);
    /* 2: 遇龙河景区, LTE: a tenth off the grid, a sliver of weak signal */
    r = &fx->kpi[2];
    r->area = 1;
    r->area_m2 = dtmap_areas_area_m2(fx->areas, 1);
    kinds(r, 0.1, 0.6997, 0.0003, 0, 0.2);
    levels(r, LTE_LV, (double[]){0.3, 0.5, 0.65, 0.7, 0.7});
    r->samples = 800;
    r->samples_per_km2 = 800 / (r->area_m2 / 1e6);
    r->rsrp = dist(800, -90.1, -111, -104.3, -91.2, -78.8, -66);
    r->sinr = dist(800, 12.5, 1, 3.3, 12.9, 22.4, 30);
    classes(r, 0, (uint64_t[]){200, 300, 250, 50, 0}, 800);
    classes(r, 1, (uint64_t[]){50, 250, 300, 200, 0}, 800);
    /* 3: 西街, LTE: nothing measured */
    r = &fx->kpi[3];
    r->area = 2;
    r->area_m2 = dtmap_areas_area_m2(fx->areas, 2);
    kinds(r, 0, 0, 0, 0, 1);
    levels(r, LTE_LV, (double[]){0, 0, 0, 0, 0});
    r->rsrp = r->sinr = dist(0, NAN, NAN, NAN, NAN, NAN, NAN);
    classes(r, 0, (uint64_t[]){0, 0, 0, 0, 0}, 0);
    classes(r, 1, (uint64_t[]){0, 0, 0, 0, 0}, 0);

    const dtmap_tech L = DTMAP_TECH_LTE;
    fx->gap[0] =
        gap(DTMAP_KIND_WEAK, 1, 0, L, 52000, -121.3, -114.2, -110, 37, 110.4935123, 24.7812344);
    fx->gap[1] = gap(DTMAP_KIND_WEAK, 2, 0, L, 30400, -118.0, -113.5, -110, 12, 110.48, 24.77);
    fx->gap[2] = gap(DTMAP_KIND_WEAK, 3, 1, L, 2400, -111.0, -110.6, -110, 1, 110.43, 24.75);
    fx->gap[3] = gap(DTMAP_KIND_WEAK, 4, 0, L, 4100, -112.0, -111.0, -110, 3, 110.50, 24.78);
    fx->gap[4] = gap(DTMAP_KIND_INTERFERENCE, 1, 0, L, 8800, -4.26, -1.5, 0, 20, 110.49, 24.77);
    fx->gap[5] = gap(DTMAP_KIND_UNMEASURED, 1, 0, L, 81234.4, NAN, NAN, NAN, 0, 110.475, 24.785);
    fx->gap[6] = gap(DTMAP_KIND_UNMEASURED, 2, 2, L, 60223.7, NAN, NAN, NAN, 0, 110.4908, 24.7779);
    fx->gap[7] = gap(DTMAP_KIND_UNMEASURED, 3, 0, L, 1200, NAN, NAN, NAN, 2, 110.471, 24.77);
    fx->gaps = (dtmap_area_gaps){fx->gap, NGAPS, NGAPS};

    memset(fx->charts, 0, sizeof fx->charts);
    const char *kind[5] = {"rsrp_cdf", "rsrp_hist", "sinr_cdf", "sinr_hist", "map"};
    for (int i = 0; i < 5; i++) {
        char *c0 = i == 0   ? fx->charts[0].rsrp_cdf
                   : i == 1 ? fx->charts[0].rsrp_hist
                   : i == 2 ? fx->charts[0].sinr_cdf
                   : i == 3 ? fx->charts[0].sinr_hist
                            : fx->charts[0].map;
        snprintf(c0, 128, "charts/town_lte_%s", kind[i]);
    }
    snprintf(fx->charts[1].map, 128, "charts/town_nr_map");
    snprintf(fx->charts[2].map, 128, "charts/yulong river (a)_lte_map");

    fx->rep = (dtmap_report){.areas = fx->areas,
                             .kpi = fx->kpi,
                             .nkpi = NKPI,
                             .charts = fx->charts,
                             .gaps = &fx->gaps,
                             .profile = NULL,
                             .crs = "EPSG:32649",
                             .res_m = 20,
                             .method = "idw (power 2, radius 60 m, 12 points)",
                             .min_gap_area_m2 = 400,
                             .gaps_file = "area_gaps.gpkg",
                             .title = "Yangshuo #1 coverage",
                             .gaps_listed = 2};
}

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    dtmap_crs *crs = NULL;
    dtmap_error err;
    if (fx == NULL) return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/dtmap-report-XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(fx->dir) == NULL || dtmap_crs_create("EPSG:32649", 0, 0, &crs, &err) != DTMAP_OK)
        return -1;
    dtmap_status st =
        dtmap_areas_create(testutil_data("areas/yangshuo.geojson"), NULL, crs, &fx->areas, &err);
    dtmap_crs_destroy(crs);
    if (st != DTMAP_OK || dtmap_areas_count(fx->areas) != 3) return -1;
    build(fx);
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    testutil_rmtree(fx->dir);
    dtmap_areas_destroy(fx->areas);
    free(fx);
    return 0;
}

/* fx->dir/name in a static buffer. */
static const char *out_path(const fixture *fx, const char *name) {
    static char buf[8192];
    snprintf(buf, sizeof buf, "%s/%s", fx->dir, name);
    return buf;
}

/* Writes all three reports into fx->dir/<prefix>areas.csv, .json and report.md. */
static void write_all(const fixture *fx, const char *prefix, int overwrite) {
    char p[8192];
    dtmap_error err;
    snprintf(p, sizeof p, "%s/%sareas.csv", fx->dir, prefix);
    assert_int_equal(dtmap_report_write_csv(p, &fx->rep, overwrite, &err), DTMAP_OK);
    snprintf(p, sizeof p, "%s/%sareas.json", fx->dir, prefix);
    assert_int_equal(dtmap_report_write_json(p, &fx->rep, overwrite, &err), DTMAP_OK);
    snprintf(p, sizeof p, "%s/%sreport.md", fx->dir, prefix);
    assert_int_equal(dtmap_report_write_markdown(p, &fx->rep, overwrite, &err), DTMAP_OK);
}

static char *slurp(const char *path) {
    size_t n;
    char *s = testutil_slurp(path, &n);
    assert_non_null(s);
    return s;
}

/* Line number line (1-based) of text, copied into buf without its newline. */
static const char *line_of(const char *text, int line, char *buf, size_t size) {
    for (int i = 1; i < line && text != NULL; i++) {
        text = strchr(text, '\n');
        if (text) text++;
    }
    assert_non_null(text);
    size_t len = strcspn(text, "\n");
    assert_true(len < size);
    memcpy(buf, text, len);
    buf[len] = '\0';
    return buf;
}

#define assert_contains(text, part)                                                                \
    do {                                                                                           \
        if (strstr((text), (part)) == NULL) fail_msg("output lacks \"%s\"", (part));               \
    } while (0)
#define assert_lacks(text, part)                                                                   \
    do {                                                                                           \
        if (strstr((text), (part)) != NULL) fail_msg("output has \"%s\"", (part));                 \
    } while (0)

/* ---- a small JSON checker (RFC 8259 grammar, UTF-8 strings), so the test fails on invalid
 * JSON even where jq is missing ---- */
typedef struct jparse {
    const unsigned char *s;
    int depth;
} jparse;

static void jws(jparse *p) {
    while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
        p->s++;
}

static int jhex4(jparse *p) {
    for (int i = 0; i < 4; i++, p->s++)
        if (!((*p->s >= '0' && *p->s <= '9') || (*p->s >= 'a' && *p->s <= 'f') ||
              (*p->s >= 'A' && *p->s <= 'F')))
            return 0;
    return 1;
}

static int jstring(jparse *p) {
    if (*p->s != '"') return 0;
    p->s++;
    for (;;) {
        unsigned char c = *p->s;
        if (c == '"') {
            p->s++;
            return 1;
        }
        if (c < 0x20) return 0; /* end of text or a raw control character */
        if (c == '\\') {
            p->s++;
            if (*p->s == 'u') {
                p->s++;
                if (!jhex4(p)) return 0;
            } else if (*p->s != '\0' && strchr("\"\\/bfnrt", *p->s) != NULL) {
                p->s++;
            } else {
                return 0;
            }
            continue;
        }
        int len = c < 0x80             ? 1
                  : (c & 0xE0) == 0xC0 ? 2
                  : (c & 0xF0) == 0xE0 ? 3
                  : (c & 0xF8) == 0xF0 ? 4
                                       : 0;
        if (len == 0 || (len == 2 && c < 0xC2)) return 0;
        for (int k = 1; k < len; k++)
            if ((p->s[k] & 0xC0) != 0x80) return 0;
        p->s += len;
    }
}

static int jdigits(jparse *p) {
    const unsigned char *start = p->s;
    while (*p->s >= '0' && *p->s <= '9')
        p->s++;
    return p->s > start;
}

static int jnumber(jparse *p) {
    if (*p->s == '-') p->s++;
    if (*p->s == '0')
        p->s++;
    else if (!(*p->s >= '1' && *p->s <= '9') || !jdigits(p))
        return 0;
    if (*p->s == '.' && (p->s++, !jdigits(p))) return 0;
    if (*p->s == 'e' || *p->s == 'E') {
        p->s++;
        if (*p->s == '+' || *p->s == '-') p->s++;
        if (!jdigits(p)) return 0;
    }
    return 1;
}

static int jvalue(jparse *p);

/* Members of an object (close '}') or elements of an array (close ']'). */
static int jlist(jparse *p, char close) {
    p->s++;
    jws(p);
    if (*p->s == close) return p->s++, 1;
    for (;;) {
        if (close == '}') {
            if (!jstring(p)) return 0;
            jws(p);
            if (*p->s++ != ':') return 0;
        }
        if (!jvalue(p)) return 0;
        jws(p);
        if (*p->s == close) return p->s++, 1;
        if (*p->s++ != ',') return 0;
        jws(p);
    }
}

static int jvalue(jparse *p) {
    int ok;
    jws(p);
    if (++p->depth > 64) return 0;
    if (*p->s == '{' || *p->s == '[')
        ok = jlist(p, *p->s == '{' ? '}' : ']');
    else if (*p->s == '"')
        ok = jstring(p);
    else if (strncmp((const char *)p->s, "true", 4) == 0 ||
             strncmp((const char *)p->s, "null", 4) == 0)
        ok = (p->s += 4, 1);
    else if (strncmp((const char *)p->s, "false", 5) == 0)
        ok = (p->s += 5, 1);
    else
        ok = jnumber(p);
    p->depth--;
    return ok;
}

/* 1 when text is one valid JSON value (surrounded by white space only). */
static int json_valid(const char *text) {
    jparse p = {(const unsigned char *)text, 0};
    if (!jvalue(&p)) return 0;
    jws(&p);
    return *p.s == '\0';
}

static int have_jq(void) {
    return system("command -v jq >/dev/null 2>&1") == 0;
}

/* 1 when `jq -e expr path` succeeds: the file parses and expr is true. expr holds no '. */
static int jq_true(const char *path, const char *expr) {
    char cmd[16384];
    assert_null(strchr(expr, '\''));
    snprintf(cmd, sizeof cmd, "jq -e '%s' '%s' >/dev/null 2>&1", expr, path);
    return system(cmd) == 0;
}

static void csv_contents(void **state) {
    fixture *fx = *state;
    write_all(fx, "", 0);
    char *csv = slurp(out_path(fx, "areas.csv")), line[4096];
    assert_string_equal(
        line_of(csv, 1, line, sizeof line),
        "area,tech,area_m2,covered_share,weak_share,interference_share,unmeasured_share,"
        "measured_share,rsrp_threshold,sinr_threshold,samples,samples_per_km2,rsrp_n,rsrp_mean,"
        "rsrp_p5,rsrp_median,rsrp_p95,sinr_n,sinr_mean,sinr_p5,sinr_median,sinr_p95,"
        "rsrp_ge_-80_share,rsrp_ge_-85_share,rsrp_ge_-90_share,rsrp_ge_-95_share,"
        "rsrp_ge_-100_share,rsrp_ge_-105_share,rsrp_ge_-110_share,rsrp_ge_-115_share,"
        "rsrp_class_excellent_share,rsrp_class_good_share,rsrp_class_medium_share,"
        "rsrp_class_poor_share,rsrp_class_very_poor_share,sinr_class_excellent_share,"
        "sinr_class_good_share,sinr_class_medium_share,sinr_class_poor_share,"
        "sinr_class_very_poor_share,gaps_weak,gaps_interference,gaps_unmeasured,largest_gap_m2");
    /* town, LTE: levels -80/-90/-100 belong to NR only; largest gap is the unmeasured one */
    assert_string_equal(line_of(csv, 2, line, sizeof line),
                        "阳朔县城,LTE,10124910.6,0.4832,0.1200,0.0310,0.3658,0.6342,-110.0,0.0,"
                        "1542,152.3,1542,-97.2,-114.6,-98.4,-82.1,1530,8.4,-1.0,9.1,19.8,"
                        ",0.1012,,0.2534,,0.4466,0.5142,0.5801,"
                        "0.0778,0.1946,0.3632,0.2594,0.1051,0.0261,0.0980,0.2614,0.4575,0.1569,"
                        "3,1,2,81234.4");
    /* town, NR: LTE-only levels -85/-95/-115 empty; no gaps: counts 0, largest empty */
    assert_string_equal(line_of(csv, 3, line, sizeof line),
                        "阳朔县城,NR,10124910.6,0.2000,0.3000,0.0500,0.4500,0.5500,-105.0,-3.0,"
                        "300,29.6,300,-101.5,-113.9,-102.2,-88.3,290,4.2,-5.5,4.9,14.1,"
                        "0.0500,,0.1000,,0.2000,0.2500,0.4000,,"
                        "0.0333,0.1333,0.3333,0.3333,0.1667,0.0000,0.0690,0.2069,0.5172,0.2069,"
                        "0,0,0,");
    /* West Street: nothing measured, statistics empty (NAN), one unmeasured gap */
    assert_string_equal(line_of(csv, 5, line, sizeof line),
                        "西街,LTE,60223.7,0.0000,0.0000,0.0000,1.0000,0.0000,-110.0,0.0,0,0.0,"
                        "0,,,,,0,,,,,,0.0000,,0.0000,,0.0000,0.0000,0.0000,,,,,,,,,,,0,0,1,"
                        "60223.7");
    assert_int_equal(strchr(line_of(csv, 6, line, sizeof line), ',') == NULL, 1);
    assert_int_equal(line[0], '\0'); /* 1 header + 4 rows, then the end */
    free(csv);
}

/* libcsv callbacks collecting the fields of row `want` (0-based). */
typedef struct csv_rows {
    int row, want, nfields;
    char field[64][256];
} csv_rows;
static void on_field(void *s, size_t len, void *user) {
    csv_rows *c = user;
    if (c->row != c->want || c->nfields >= 64) return;
    snprintf(c->field[c->nfields++], 256, "%.*s", (int)len, (const char *)s);
}
static void on_row(int ch, void *user) {
    (void)ch;
    ((csv_rows *)user)->row++;
}

/* An area named with every character that needs care in CSV, JSON and Markdown. */
#define ODD_NAME "Town \"A\", *B* | [x] <y> #1 _z_ \\ back\ttab"
#define ODD_GEOJSON                                                                                \
    "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": "    \
    "{\"name\": \"Town \\\"A\\\", *B* | [x] <y> #1 _z_ \\\\ back\\ttab\"}, \"geometry\": "         \
    "{\"type\": \"Polygon\", \"coordinates\": [[[110.47, 24.77], [110.48, 24.77], "                \
    "[110.48, 24.78], [110.47, 24.78], [110.47, 24.77]]]}}]}"

static void odd_names(void **state) {
    fixture *fx = *state;
    dtmap_crs *crs = NULL;
    dtmap_areas *odd = NULL;
    dtmap_error err;
    char path[4096];
    snprintf(path, sizeof path, "%s", testutil_tmpfile(".geojson", ODD_GEOJSON));
    assert_int_equal(dtmap_crs_create("EPSG:32649", 0, 0, &crs, &err), DTMAP_OK);
    assert_int_equal(dtmap_areas_create(path, NULL, crs, &odd, &err), DTMAP_OK);
    unlink(path);
    dtmap_crs_destroy(crs);
    assert_string_equal(dtmap_areas_name(odd, 0), ODD_NAME);
    dtmap_report rep = fx->rep;
    rep.areas = odd;
    rep.nkpi = 1; /* the town's LTE record, now for area 0 of odd */
    rep.gaps = NULL;
    assert_int_equal(dtmap_report_write_csv(out_path(fx, "odd.csv"), &rep, 0, &err), DTMAP_OK);
    assert_int_equal(dtmap_report_write_json(out_path(fx, "odd.json"), &rep, 0, &err), DTMAP_OK);
    assert_int_equal(dtmap_report_write_markdown(out_path(fx, "odd.md"), &rep, 0, &err), DTMAP_OK);

    /* CSV: quoted by RFC 4180 rules, read back unchanged by libcsv; gaps not computed: empty */
    char *csv = slurp(out_path(fx, "odd.csv"));
    assert_contains(csv, "\n\"Town \"\"A\"\", *B* | [x] <y> #1 _z_ \\ back\ttab\",LTE,");
    assert_contains(csv, ",0.1569,,,,\n");
    struct csv_parser p;
    csv_rows rows = {.want = 1};
    assert_int_equal(csv_init(&p, CSV_STRICT), 0);
    assert_int_equal(csv_parse(&p, csv, strlen(csv), on_field, on_row, &rows), strlen(csv));
    csv_fini(&p, on_field, on_row, &rows);
    csv_free(&p);
    assert_int_equal(rows.row, 2);
    assert_int_equal(rows.nfields, 41); /* 22 + 5 LTE levels + 10 classes + 4 */
    assert_string_equal(rows.field[0], ODD_NAME);
    assert_string_equal(rows.field[3], "0.4832");
    free(csv);

    /* JSON: RFC 8259 escapes, valid */
    char *json = slurp(out_path(fx, "odd.json"));
    assert_contains(json, "\"name\": \"Town \\\"A\\\", *B* | [x] <y> #1 _z_ \\\\ back\\ttab\"");
    assert_true(json_valid(json));
    if (have_jq())
        assert_true(jq_true(out_path(fx, "odd.json"),
                            ".areas[0].name == \"Town \\\"A\\\", *B* | [x] <y> #1 _z_ \\\\ "
                            "back\\ttab\" and .areas[0].technologies[0].gaps == []"));
    free(json);

    /* Markdown: every special character escaped, the tab a space */
    char *md = slurp(out_path(fx, "odd.md"));
    const char *esc = "Town \"A\", \\*B\\* \\| \\[x\\] \\<y\\> \\#1 \\_z\\_ \\\\ back tab";
    char want[512];
    snprintf(want, sizeof want, "\n## %s\n", esc);
    assert_contains(md, want);
    snprintf(want, sizeof want, "\n| %s | LTE | 48.3 %% |", esc);
    assert_contains(md, want);
    assert_contains(md, "# Yangshuo \\#1 coverage\n");
    assert_contains(md, "Gaps were not computed.");
    free(md);
    dtmap_areas_destroy(odd);
}

static void json_contents(void **state) {
    fixture *fx = *state;
    write_all(fx, "", 0);
    char *json = slurp(out_path(fx, "areas.json"));
    assert_true(json_valid(json));
    /* UTF-8 names are kept as they are, not \u-escaped */
    assert_contains(json, "\"name\": \"阳朔县城\"");
    assert_contains(json, "\"name\": \"遇龙河景区\"");
    if (!have_jq()) {
        /* without jq: a few fragments, exact */
        assert_contains(json, "\"kind_share\": {\"covered\": 0.4832, \"weak\": 0.12, "
                              "\"interference\": 0.031, \"unmeasured\": 0.3658, "
                              "\"outside_grid\": 0}");
        assert_contains(json, "\"rsrp\": {\"n\": 0, \"mean\": null");
        free(json);
        return;
    }
    const char *p = out_path(fx, "areas.json");
    static const char *const facts[] = {
        ".crs == \"EPSG:32649\" and .res_m == 20 and .min_gap_area_m2 == 400 and "
        ".gaps_file == \"area_gaps.gpkg\" and (.method | startswith(\"idw\"))",
        ".profile.name == \"default\" and (.profile.thresholds | map(.tech)) == [\"LTE\", \"NR\"]",
        ".profile.thresholds[0].weak_rsrp_dbm == -110 and .profile.thresholds[1]"
        ".interference_sinr_db == -3 and .profile.thresholds[0].weak_rsrp_source == "
        "\"operator convention, not a standard: LTE weak coverage is RSRP < -110 dBm\"",
        ".areas | map(.name) == [\"阳朔县城\", \"遇龙河景区\", \"西街\"]",
        ".areas[0].area_m2 > 10124910.55 and .areas[0].area_m2 < 10124910.56",
        ".areas | map(.technologies | map(.tech)) == [[\"LTE\", \"NR\"], [\"LTE\"], [\"LTE\"]]",
        ".areas[0].technologies[0] | .kind_share == {\"covered\": 0.4832, \"weak\": 0.12, "
        "\"interference\": 0.031, \"unmeasured\": 0.3658, \"outside_grid\": 0} and "
        ".measured_share == 0.6342 and .rsrp_threshold == -110 and .sinr_threshold == 0 and "
        ".samples == 1542 and .tech_name == \"lte\"",
        ".areas[0].technologies[0].levels[3] == {\"rsrp_dbm\": -110, \"share\": 0.5142, "
        "\"share_measured\": (0.5142 / 0.6342)}",
        ".areas[0].technologies[0].rsrp == {\"n\": 1542, \"mean\": -97.24, \"min\": -121.3, "
        "\"p5\": -114.62, \"median\": -98.36, \"p95\": -82.07, \"max\": -70.5}",
        ".areas[0].technologies[0].rsrp_classes[0] == {\"name\": \"excellent\", \"lower\": -85, "
        "\"samples\": 120, \"share\": (120 / 1542)} and "
        ".areas[0].technologies[0].rsrp_classes[4].lower == null and "
        ".areas[0].technologies[0].sinr_classes[3].samples == 700",
        ".areas[0].technologies[0].charts == {\"rsrp_cdf\": \"charts/town_lte_rsrp_cdf.png\", "
        "\"rsrp_hist\": \"charts/town_lte_rsrp_hist.png\", \"sinr_cdf\": "
        "\"charts/town_lte_sinr_cdf.png\", \"sinr_hist\": \"charts/town_lte_sinr_hist.png\", "
        "\"map\": \"charts/town_lte_map.png\"}",
        ".areas[0].technologies[0].gaps | map([.kind, .rank]) == [[\"weak\", 1], [\"weak\", 2], "
        "[\"weak\", 4], [\"interference\", 1], [\"unmeasured\", 1], [\"unmeasured\", 3]]",
        ".areas[0].technologies[0].gaps[0] == {\"rank\": 1, \"kind\": \"weak\", \"area_m2\": "
        "52000, \"worst\": -121.3, \"mean\": -114.2, \"threshold\": -110, \"deficit_db\": "
        "(-110 - -114.2), \"samples\": 37, \"ncells\": 130, \"centroid_lon\": 110.4935123, "
        "\"centroid_lat\": 24.7812344}",
        ".areas[0].technologies[0].gaps[4] | .worst == null and .mean == null and "
        ".threshold == null and .deficit_db == null and .area_m2 == 81234.4",
        ".areas[0].technologies[1].gaps == [] and .areas[0].technologies[1].charts.rsrp_cdf == "
        "null and .areas[0].technologies[1].charts.map == \"charts/town_nr_map.png\"",
        ".areas[1].technologies[0].kind_share.outside_grid == 0.1 and "
        ".areas[1].technologies[0].unmeasured_share == 0.30000000000000004",
        ".areas[2].technologies[0] | .rsrp == {\"n\": 0, \"mean\": null, \"min\": null, \"p5\": "
        "null, \"median\": null, \"p95\": null, \"max\": null} and .levels[0].share_measured == "
        "null and .rsrp_classes[0].share == null and .charts.map == null",
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
        if (!jq_true(p, facts[i])) fail_msg("jq: not true: %s", facts[i]);
    /* the checks can fail: a false fact is reported false */
    assert_false(jq_true(p, ".areas[0].technologies[0].kind_share.covered == 0.4833"));
    free(json);
}

static void json_checker_fails_on_bad_json(void **state) {
    (void)state;
    static const char *const bad[] = {"",       "[1,]",         "{\"a\" 1}",    "[nan]",
                                      "[01]",   "\"a\tb\"",     "{\"a\": 1} x", "[\"\\x\"]",
                                      "[1.]",   "{\"a\": tru}", "[\"\xff\"]",   "{\"a\": 1,}",
                                      "[1] [2]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (json_valid(bad[i])) fail_msg("accepted invalid JSON: %s", bad[i]);
    assert_true(json_valid("{\"a\": [1, -2.5e-3, true, null, \"\\u00e9\\n\"], \"b\": {}}"));
    assert_true(json_valid("[\"阳朔\", \"\\ud83d\\ude00\"]"));
}

static void markdown_contents(void **state) {
    fixture *fx = *state;
    write_all(fx, "", 0);
    char *md = slurp(out_path(fx, "report.md")), line[4096];
    assert_string_equal(line_of(md, 1, line, sizeof line), "# Yangshuo \\#1 coverage");
    /* how to read: the kinds, the thresholds with their sources, grid, method, gaps */
    assert_contains(md, "\n## How to read this report\n");
    assert_contains(md, "\n- **covered**: the RSRP reaches the weak-coverage threshold");
    assert_contains(md, "\n- **weak**: the RSRP is below the weak-coverage threshold");
    assert_contains(md, "\n- **interference**: the RSRP is fine but the SINR is below");
    assert_contains(md, "\n- **unmeasured** = no sample within reach of the interpolator; never "
                        "counted as covered or weak");
    assert_contains(md, "\n- **LTE**: weak below RSRP -110 dBm (operator convention, not a "
                        "standard: LTE weak coverage is RSRP \\< -110 dBm); interference below "
                        "SINR 0 dB (operator convention, not a standard: SINR \\< 0 dB flags "
                        "interference).\n");
    assert_contains(md, "\n- **NR**: weak below RSRP -105 dBm (operator convention, not a "
                        "standard: NR coverage rates are quoted against SS-RSRP \\>= -105 dBm); "
                        "interference below SINR -3 dB (");
    assert_contains(md, "Grid: EPSG:32649, 20 m cells; interpolation: idw (power 2, radius 60 "
                        "m, 12 points).");
    assert_contains(md, "Gaps smaller than 400 m² are left out; the 2 worst of each kind are "
                        "listed per area, and all gap polygons are in area\\_gaps.gpkg (layers");
    /* overview */
    assert_contains(md,
                    "\n## Overview\n\n| Area | Technology | Covered | Weak | Interference | "
                    "Unmeasured | Samples per km² | Median RSRP |\n"
                    "|---|---|---:|---:|---:|---:|---:|---:|\n"
                    "| 阳朔县城 | LTE | 48.3 % | 12.0 % | 3.1 % | 36.6 % | 152.3 | -98.4 dBm |\n"
                    "| 阳朔县城 | NR | 20.0 % | 30.0 % | 5.0 % | 45.0 % | 29.6 | -102.2 dBm |\n"
                    "| 遇龙河景区 | LTE | 70.0 % | < 0.1 % | 0.0 % | 30.0 % | 190.0 | -91.2 dBm "
                    "|\n| 西街 | LTE | 0.0 % | 0.0 % | 0.0 % | 100.0 % | 0.0 | – |\n\n");
    /* one section per area, in the file's order */
    const char *town = strstr(md, "\n## 阳朔县城\n"), *river = strstr(md, "\n## 遇龙河景区\n"),
               *street = strstr(md, "\n## 西街\n"), *overview = strstr(md, "\n## Overview\n");
    assert_non_null(town);
    assert_non_null(river);
    assert_non_null(street);
    assert_true(overview < town && town < river && river < street);
    assert_contains(town, "\n## 阳朔县城\n\nArea: 10.12 km².\n\n### 阳朔县城: LTE\n\n");
    assert_contains(town, "\n| Weak (RSRP below -110 dBm) | 12.0 % |\n");
    assert_contains(town, "\n| Unmeasured (of which outside the grid: 0.0 %) | 36.6 % |\n");
    assert_contains(town, "\n| Samples inside the area | 1542 (152.3 per km²) |\n");
    assert_contains(town, "\n| RSRP (dBm) | 1542 | -97.2 | -114.6 | -98.4 | -82.1 | -121.3 | "
                          "-70.5 |\n");
    assert_contains(town, "\n| -110 dBm (weak threshold) | 51.4 % | 81.1 % |\n");
    assert_contains(town, "\n| excellent (\\>= -85 dBm) | 120 | 7.8 % |\n");
    assert_contains(river, "\n| Unmeasured (of which outside the grid: 10.0 %) | 30.0 % |\n");
    /* worst gaps: two of the three weak ones (gaps_listed 2), rank 4 left out */
    assert_contains(town, "\n#### Worst gaps\n\n**Weak signal**: 3 gaps, 86500 m² together; the "
                          "2 worst.\n\n| Rank | Area (m²) | Worst RSRP (dBm) | Mean RSRP (dBm) | "
                          "Below threshold by (dB) | Samples | Centroid lon | Centroid lat |\n"
                          "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                          "| 1 | 52000 | -121.3 | -114.2 | 4.2 | 37 | 110.493512 | 24.781234 |\n"
                          "| 2 | 30400 | -118.0 | -113.5 | 3.5 | 12 | 110.480000 | 24.770000 |\n\n"
                          "**Interference**: 1 gap, 8800 m² together.\n\n");
    assert_contains(town, "\n| 1 | 8800 | -4.3 | -1.5 | 1.5 | 20 | 110.490000 | 24.770000 |\n");
    assert_contains(town, "\n**Unmeasured**: 2 gaps, 82434 m² together.\n\n| Rank | Area (m²) | "
                          "Samples | Centroid lon | Centroid lat |\n|---:|---:|---:|---:|---:|\n"
                          "| 1 | 81234 | 0 | 110.475000 | 24.785000 |\n"
                          "| 3 | 1200 | 2 | 110.471000 | 24.770000 |\n\n");
    assert_lacks(md, "| 4 | 4100 |");
    assert_contains(town, "\n### 阳朔县城: NR\n");
    assert_contains(strstr(town, "\n### 阳朔县城: NR\n"),
                    "\n**Weak signal**: no gap of 400 m² or more.\n");
    /* charts as images with relative paths, SVG links beside */
    assert_contains(town, "\n#### Charts\n\n![RSRP class map, 阳朔县城, LTE]"
                          "(charts/town_lte_map.png)\n\n![RSRP CDF, 阳朔县城, LTE]"
                          "(charts/town_lte_rsrp_cdf.png)\n\n");
    assert_contains(town, "\nVector versions (SVG): [RSRP class map](charts/town_lte_map.svg), "
                          "[RSRP CDF](charts/town_lte_rsrp_cdf.svg), ");
    assert_contains(river, "![RSRP class map, 遇龙河景区, LTE]"
                           "(charts/yulong%20river%20%28a%29_lte_map.png)");
    /* nothing measured: no empty statistics, level or class tables */
    assert_contains(street, "\n## 西街\n\nArea: 0.06 km² (60224 m²).\n\n### 西街: LTE\n\n");
    assert_contains(street,
                    "\n| Measured | 0.0 % |\n| Samples inside the area | 0 (0.0 per km²) |\n\n"
                    "No RSRP or SINR value was measured inside the area.\n\n"
                    "#### Worst gaps\n\n");
    assert_contains(street, "\n#### Charts\n\nNo charts (no values to draw).\n");
    assert_lacks(md, "No technology was assessed");
    free(md);
}

static void atomic_and_overwrite(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    write_all(fx, "", 0);
    const char *names[3] = {"areas.csv", "areas.json", "report.md"};
    char *first[3];
    for (int i = 0; i < 3; i++)
        first[i] = slurp(out_path(fx, names[i]));
    /* without overwrite: DTMAP_ERR_EXISTS, file untouched, no temporary left */
    assert_int_equal(dtmap_report_write_csv(out_path(fx, "areas.csv"), &fx->rep, 0, &err),
                     DTMAP_ERR_EXISTS);
    assert_int_equal(dtmap_report_write_json(out_path(fx, "areas.json"), &fx->rep, 0, &err),
                     DTMAP_ERR_EXISTS);
    assert_int_equal(dtmap_report_write_markdown(out_path(fx, "report.md"), &fx->rep, 0, &err),
                     DTMAP_ERR_EXISTS);
    assert_int_equal(testutil_dir_entries(fx->dir), 3);
    /* with overwrite: byte-identical */
    write_all(fx, "", 1);
    assert_int_equal(testutil_dir_entries(fx->dir), 3);
    for (int i = 0; i < 3; i++) {
        char *again = slurp(out_path(fx, names[i]));
        assert_string_equal(again, first[i]);
        free(again);
        free(first[i]);
    }
}

static void usage_errors(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *p = out_path(fx, "x.csv");
    assert_int_equal(dtmap_report_write_csv(p, NULL, 0, &err), DTMAP_ERR_USAGE);
    dtmap_report rep = fx->rep;
    rep.areas = NULL;
    assert_int_equal(dtmap_report_write_json(p, &rep, 0, &err), DTMAP_ERR_USAGE);
    rep = fx->rep;
    fx->kpi[2].area = 7;
    assert_int_equal(dtmap_report_write_markdown(p, &rep, 0, &err), DTMAP_ERR_USAGE);
    assert_contains(err.detail, "record 2: area index 7, but there are 3 areas");
    fx->kpi[2].area = 1;
    rep.kpi = NULL;
    assert_int_equal(dtmap_report_write_csv(p, &rep, 0, &err), DTMAP_ERR_USAGE);
    assert_int_equal(testutil_dir_entries(fx->dir), 0);
}

/* The same bytes in a locale whose decimal separator is a comma (skipped when the machine has
 * no de_DE.UTF-8 locale). */
static void locale_independent(void **state) {
    fixture *fx = *state;
    write_all(fx, "c_", 0);
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL) skip();
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_equal(probe, "1,5"); /* the locale is really in force */
    write_all(fx, "de_", 0);
    setlocale(LC_NUMERIC, "C");
    const char *names[3] = {"areas.csv", "areas.json", "report.md"};
    for (int i = 0; i < 3; i++) {
        char a[64], b[64];
        snprintf(a, sizeof a, "c_%s", names[i]);
        snprintf(b, sizeof b, "de_%s", names[i]);
        char *x = slurp(out_path(fx, a)), *y = slurp(out_path(fx, b));
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_checker_fails_on_bad_json),
        cmocka_unit_test_setup_teardown(csv_contents, setup, teardown),
        cmocka_unit_test_setup_teardown(json_contents, setup, teardown),
        cmocka_unit_test_setup_teardown(markdown_contents, setup, teardown),
        cmocka_unit_test_setup_teardown(odd_names, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_and_overwrite, setup, teardown),
        cmocka_unit_test_setup_teardown(usage_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(locale_independent, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
