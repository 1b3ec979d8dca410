/* test_plot.c: unit tests for the charts (plot.h): CDF, histogram and quick-look map written as
 * PNG (read back with GDAL's PNG driver) and SVG (parsed with CPLParseXMLString), repeatable
 * bytes, UTF-8 titles, PLplot's streams left as found, and the error cases. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_minixml.h>
#include <gdal.h>
#include <plplot/plplot.h>

#include "dtmap/plot.h"

/* fontconfig and pango keep process-wide caches that LeakSanitizer reports as leaks (measured:
 * the same ~33 kB whether 1 or 30 charts are drawn). Only those are suppressed. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void) {
    return "print_suppressions=0";
}
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
    return "leak:libfontconfig.so\n";
}

static char dir[64];

static int group_setup(void **state) {
    (void)state;
    GDALAllRegister();
    snprintf(dir, sizeof dir, "/tmp/dtmap-plot-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

/* DTMAP_TEST_KEEP=1 keeps the charts (the folder is named on stderr) to look at them. */
static int group_teardown(void **state) {
    (void)state;
    const char *keep = getenv("DTMAP_TEST_KEEP");
    if (keep && strcmp(keep, "1") == 0) {
        fprintf(stderr, "charts kept in %s\n", dir);
        return 0;
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *path(const char *name) {
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

/* The whole file (NUL-terminated, malloc'd) and its size. */
static char *slurp(const char *p, size_t *len) {
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return buf;
}

static int same_bytes(const char *a, const char *b) {
    size_t na, nb;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    int same = na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* Opens a PNG with GDAL's PNG driver only, checks its size and returns its RGB pixels. */
static unsigned char *png_read(const char *p, int w, int h) {
    const char *const drivers[] = {"PNG", NULL};
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_RASTER, drivers, NULL, NULL);
    assert_non_null(ds);
    assert_int_equal(GDALGetRasterXSize(ds), w);
    assert_int_equal(GDALGetRasterYSize(ds), h);
    assert_true(GDALGetRasterCount(ds) >= 3);
    unsigned char *rgb = malloc((size_t)w * h * 3);
    assert_non_null(rgb);
    int bands[3] = {1, 2, 3};
    assert_int_equal(
        GDALDatasetRasterIO(ds, GF_Read, 0, 0, w, h, rgb, w, h, GDT_Byte, 3, bands, 3, 3 * w, 1),
        CE_None);
    GDALClose(ds);
    return rgb;
}

/* Pixels of colour "#rrggbb" with x < xmax (exactly, so antialiased edges do not count). */
static size_t count_colour(const unsigned char *rgb, int w, int h, const char *hex, int xmax) {
    unsigned r, g, b;
    assert_int_equal(sscanf(hex, "#%2x%2x%2x", &r, &g, &b), 3);
    size_t n = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < xmax && x < w; x++) {
            const unsigned char *p = rgb + 3 * ((size_t)y * w + x);
            n += p[0] == r && p[1] == g && p[2] == b;
        }
    return n;
}

/* Leftmost column where 20 pixels in a row have colour hex (the legend's panel for "#f6f6f6";
 * antialiased text edges give single pixels of that grey), or w. */
static int first_x(const unsigned char *rgb, int w, int h, const char *hex) {
    unsigned r, g, b;
    assert_int_equal(sscanf(hex, "#%2x%2x%2x", &r, &g, &b), 3);
    int first = w;
    for (int y = 0; y < h; y++)
        for (int x = 0, run = 0; x < w; x++) {
            const unsigned char *p = rgb + 3 * ((size_t)y * w + x);
            run = p[0] == r && p[1] == g && p[2] == b ? run + 1 : 0;
            if (run == 20 && x - 19 < first) first = x - 19;
        }
    return first;
}

/* The texts of an SVG: every <text> element's characters joined, separated by '\n'. */
static void svg_texts_walk(const CPLXMLNode *n, int in_text, char *out, size_t size) {
    for (; n; n = n->psNext) {
        if (n->eType == CXT_Text && in_text) {
            strncat(out, n->pszValue, size - strlen(out) - 1);
        } else if (n->eType == CXT_Element) {
            int t = in_text || strcmp(n->pszValue, "text") == 0;
            svg_texts_walk(n->psChild, t, out, size);
            if (!in_text && t) strncat(out, "\n", size - strlen(out) - 1);
        }
    }
}

/* Parses the SVG (it must be well-formed XML) and returns its texts (malloc'd). */
static char *svg_texts(const char *p) {
    char *xml = slurp(p, NULL);
    CPLXMLNode *root = CPLParseXMLString(xml);
    assert_non_null(root);
    size_t size = 1 << 20;
    char *out = calloc(size, 1);
    assert_non_null(out);
    svg_texts_walk(root, 0, out, size);
    CPLDestroyXMLNode(root);
    free(xml);
    return out;
}

/* Fails unless line is one of the '\n'-separated texts. */
static void assert_text(const char *texts, const char *line) {
    size_t n = strlen(line);
    for (const char *p = texts; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, line, n) == 0) return;
        p += len + (e != NULL);
    }
    print_error("text \"%s\" not in the SVG\n", line);
    fail();
}

static int file_exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0;
}

/* ---- distribution charts ---- */

/* 200 RSRP values, 50 of them (25 %) below -110 dBm, plus 3 without a value. */
static double *rsrp_values(size_t *n) {
    double *v = malloc(203 * sizeof *v);
    assert_non_null(v);
    for (int i = 0; i < 200; i++)
        v[i] = i < 50 ? -135 + 0.5 * i : -109 + 0.3 * (i - 50);
    v[200] = v[201] = v[202] = NAN;
    *n = 203;
    return v;
}

static const dtmap_plot_dist_spec lte_rsrp = {
    "遇龙河景区", DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, NULL, 0, 0};

static void test_dist_texts(void **state) {
    (void)state;
    size_t n;
    double *v = rsrp_values(&n);
    dtmap_plot_dist_text t;
    dtmap_error err = {0};
    assert_int_equal(dtmap_plot_dist_texts(v, n, &lte_rsrp, &t, &err), DTMAP_OK);
    assert_string_equal(t.title, "遇龙河景区 · LTE RSRP: cumulative distribution");
    assert_string_equal(t.subtitle, "n = 200 samples · profile default · 3 without a value");
    assert_string_equal(t.threshold, "weak < -110 dBm: 25.0% of samples");
    /* SINR: interference; NR's rule is -3 dB; 1 of 4 values below it */
    double s[4] = {-5, -3, 0, 12};
    dtmap_plot_dist_spec nr = {NULL, DTMAP_TECH_NR, DTMAP_METRIC_SINR, NULL, 0, 0};
    assert_int_equal(dtmap_plot_dist_texts(s, 4, &nr, &t, &err), DTMAP_OK);
    assert_string_equal(t.title, "NR SINR: cumulative distribution");
    assert_string_equal(t.subtitle, "n = 4 samples · profile default");
    assert_string_equal(t.threshold, "interference < -3 dB: 25.0% of samples");
    /* the default profile has no RSRQ threshold */
    nr.metric = DTMAP_METRIC_RSRQ;
    assert_int_equal(dtmap_plot_dist_texts(s, 1, &nr, &t, &err), DTMAP_OK);
    assert_string_equal(t.threshold, "");
    assert_string_equal(t.subtitle, "n = 1 sample · profile default");
    /* text is cleaned: invalid UTF-8 becomes '?', a newline a space */
    nr.area = "bad\xff\nname";
    assert_int_equal(dtmap_plot_dist_texts(s, 4, &nr, &t, &err), DTMAP_OK);
    assert_string_equal(t.title, "bad? name · NR RSRQ: cumulative distribution");
    free(v);
}

static void test_cdf_files(void **state) {
    (void)state;
    size_t n;
    double *v = rsrp_values(&n);
    dtmap_error err = {0};
    assert_int_equal(dtmap_plot_cdf(path("cdf"), v, n, &lte_rsrp, 0, &err), DTMAP_OK);
    unsigned char *rgb = png_read(path("cdf.png"), DTMAP_PLOT_DIST_WIDTH, DTMAP_PLOT_DIST_HEIGHT);
    int w = DTMAP_PLOT_DIST_WIDTH, h = DTMAP_PLOT_DIST_HEIGHT;
    assert_true(count_colour(rgb, w, h, "#08306b", w) > 500);  /* the CDF line */
    assert_true(count_colour(rgb, w, h, "#b2182b", w) > 150);  /* threshold line and label */
    assert_true(count_colour(rgb, w, h, "#d7191c", w) > 2000); /* very poor, in the strip */
    assert_true(count_colour(rgb, w, h, "#1a9641", w) > 2000); /* excellent, in the strip */
    free(rgb);
    char *texts = svg_texts(path("cdf.svg"));
    assert_text(texts, "遇龙河景区 · LTE RSRP: cumulative distribution");
    assert_text(texts, "n = 200 samples · profile default · 3 without a value");
    assert_text(texts, "weak < -110 dBm: 25.0% of samples");
    assert_text(texts, "RSRP (dBm)");
    assert_text(texts, "Samples at or below (%)");
    assert_text(texts, "very poor"); /* class strip */
    assert_text(texts, "excellent");
    free(texts);
    free(v);
}

static void test_histogram_files(void **state) {
    (void)state;
    size_t n;
    double *v = rsrp_values(&n);
    dtmap_error err = {0};
    dtmap_plot_dist_spec spec = lte_rsrp;
    spec.width_px = 700, spec.height_px = 500;
    assert_int_equal(dtmap_plot_histogram(path("hist"), v, n, &spec, 0, &err), DTMAP_OK);
    unsigned char *rgb = png_read(path("hist.png"), 700, 500);
    /* bars in class colours: 50 values below -110 fill very poor and poor bars */
    assert_true(count_colour(rgb, 700, 500, "#fdae61", 700) > 1000);
    assert_true(count_colour(rgb, 700, 500, "#a6d96a", 700) > 1000);
    free(rgb);
    char *texts = svg_texts(path("hist.svg"));
    assert_text(texts, "遇龙河景区 · LTE RSRP: histogram");
    /* range -140..-60 dBm, 200 values: at most sqrt(200) = 14 bins, so 10 dB bins */
    assert_text(texts, "Samples per 10 dBm bin");
    assert_text(texts, "weak < -110 dBm: 25.0% of samples");
    free(texts);
    free(v);
}

/* ---- the quick-look map ---- */

/* 40 x 30 cells of 25 m: west half class 1 (600 cells), east half class 5 (500 cells), the
 * north-east 10 x 10 block without data. */
static const dtmap_grid grid40 = {
    .xmin = 500000, .ymax = 3000000, .res_m = 25, .ncols = 40, .nrows = 30};

static uint8_t *halves(void) {
    uint8_t *c = malloc(40 * 30);
    assert_non_null(c);
    for (int r = 0; r < 30; r++)
        for (int k = 0; k < 40; k++)
            c[r * 40 + k] = k < 20 ? 1 : (r < 10 && k >= 30) ? 0 : 5;
    return c;
}

static const double ax[5] = {500100, 500900, 500900, 500100, 500100};
static const double ay[5] = {2999350, 2999350, 2999900, 2999900, 2999350};
static const double gx[5] = {500700, 500800, 500800, 500700, 500700};
static const double gy[5] = {2999400, 2999400, 2999500, 2999500, 2999400};

static dtmap_plot_map_spec map_spec(const uint8_t *cls, const dtmap_polyline *area,
                                    const dtmap_polyline *gap) {
    const dtmap_profile *p = dtmap_profile_default();
    dtmap_plot_map_spec s = {.title = "遇龙河景区 · LTE RSRP classes",
                             .subtitle = "25 m grid · profile default",
                             .grid = &grid40,
                             .cls = cls,
                             .classes = p->tech[DTMAP_TECH_LTE].classes[DTMAP_METRIC_RSRP],
                             .nclasses = p->tech[DTMAP_TECH_LTE].nclasses[DTMAP_METRIC_RSRP],
                             .unit = "dBm",
                             .areas = area,
                             .nareas = 1,
                             .gaps = gap,
                             .ngaps = 1,
                             .width_px = 900,
                             .height_px = 700};
    return s;
}

static void test_map_files(void **state) {
    (void)state;
    uint8_t *cls = halves();
    dtmap_polyline area = {ax, ay, 5}, gap = {gx, gy, 5};
    dtmap_plot_map_spec s = map_spec(cls, &area, &gap);
    dtmap_error err = {0};
    assert_int_equal(dtmap_plot_map(path("map"), &s, 0, &err), DTMAP_OK);
    unsigned char *rgb = png_read(path("map.png"), 900, 700);
    /* west of the legend's panel only the map has class colours: their pixel counts follow the
     * cell counts, 600 : 500 (less the scale bar and the outlines drawn over them) */
    int legend = first_x(rgb, 900, 700, "#f6f6f6");
    assert_true(legend > 450 && legend < 800);
    size_t best = count_colour(rgb, 900, 700, "#1a9641", legend);
    size_t worst = count_colour(rgb, 900, 700, "#d7191c", legend);
    assert_true(worst > 50000);
    assert_double_near((double)best / (double)worst, 600.0 / 500.0, 0.08);
    assert_int_equal(count_colour(rgb, 900, 700, "#ffffbf", legend), 0); /* no medium cell */
    assert_true(count_colour(rgb, 900, 700, "#2166ac", legend) > 100);   /* gap outline */
    free(rgb);
    char *texts = svg_texts(path("map.svg"));
    assert_text(texts, "遇龙河景区 · LTE RSRP classes");
    assert_text(texts, "25 m grid · profile default");
    assert_text(texts, "excellent (>= -85 dBm)");
    assert_text(texts, "good (>= -95, < -85 dBm)");
    assert_text(texts, "very poor (< -115 dBm)");
    assert_text(texts, "no data");
    assert_text(texts, "area outline");
    assert_text(texts, "gap outline");
    assert_text(texts, "200 m"); /* 1000 m wide: a round length under a quarter of it */
    assert_text(texts, "N");
    free(texts);
    free(cls);
}

/* A grid of 1500 x 600 cells is drawn in 3 x 3 blocks; each block holds 4 cells of class 1,
 * 4 of class 2 and one without data: the tie goes to the worse class, class 2. */
static void test_map_blocks(void **state) {
    (void)state;
    dtmap_grid g = {.xmin = 0, .ymax = 6000, .res_m = 10, .ncols = 1500, .nrows = 600};
    uint8_t *cls = malloc(1500 * 600);
    assert_non_null(cls);
    for (int r = 0; r < 600; r++)
        for (int c = 0; c < 1500; c++) {
            int k = (r % 3) * 3 + c % 3;
            cls[r * 1500 + c] = k < 4 ? 1 : k < 8 ? 2 : 0;
        }
    dtmap_plot_map_spec s = map_spec(cls, NULL, NULL);
    s.grid = &g, s.nareas = 0, s.ngaps = 0, s.width_px = 0, s.height_px = 0;
    dtmap_error err = {0};
    assert_int_equal(dtmap_plot_map(path("blocks"), &s, 0, &err), DTMAP_OK);
    int w = DTMAP_PLOT_MAP_WIDTH, h = DTMAP_PLOT_MAP_HEIGHT;
    unsigned char *rgb = png_read(path("blocks.png"), w, h);
    int legend = first_x(rgb, w, h, "#f6f6f6");
    assert_true(legend > w / 2 && legend < w);
    assert_int_equal(count_colour(rgb, w, h, "#1a9641", legend), 0);
    assert_true(count_colour(rgb, w, h, "#a6d96a", legend) > 100000);
    assert_true(count_colour(rgb, w, h, "#1a9641", w) > 100); /* its legend box */
    free(rgb);
    char *texts = svg_texts(path("blocks.svg"));
    assert_null(strstr(texts, "no data")); /* every block has a class */
    assert_null(strstr(texts, "outline"));
    free(texts);
    free(cls);
}

/* ---- repeatable bytes, text, PLplot state ---- */

static void test_deterministic(void **state) {
    (void)state;
    size_t n;
    double *v = rsrp_values(&n);
    uint8_t *cls = halves();
    dtmap_polyline area = {ax, ay, 5}, gap = {gx, gy, 5};
    dtmap_plot_map_spec s = map_spec(cls, &area, &gap);
    dtmap_error err = {0};
    const char *names[] = {"d_cdf1", "d_cdf2", "d_map1", "d_map2"};
    for (int k = 0; k < 4; k++) {
        dtmap_status st = k < 2 ? dtmap_plot_cdf(path(names[k]), v, n, &lte_rsrp, 0, &err)
                                : dtmap_plot_map(path(names[k]), &s, 0, &err);
        assert_int_equal(st, DTMAP_OK);
    }
    const char *pairs[][2] = {{"d_cdf1.png", "d_cdf2.png"},
                              {"d_cdf1.svg", "d_cdf2.svg"},
                              {"d_map1.png", "d_map2.png"},
                              {"d_map1.svg", "d_map2.svg"}};
    for (int k = 0; k < 4; k++) {
        char a[256];
        snprintf(a, sizeof a, "%s", path(pairs[k][0]));
        assert_true(same_bytes(a, path(pairs[k][1])));
    }
    free(cls);
    free(v);
}

/* Markup characters, PLplot's escape '#', and CJK reach the SVG as text; the SVG stays valid
 * UTF-8 XML. The PNG draws CJK with a CJK font when fontconfig has one, boxes otherwise. */
static void test_utf8_text(void **state) {
    (void)state;
    double v[3] = {-100, -90, -120};
    dtmap_plot_dist_spec spec = {
        "兴坪镇 <A&B> #2 \"x\"", DTMAP_TECH_NBIOT, DTMAP_METRIC_RSRP, NULL, 400, 300};
    dtmap_error err = {0};
    assert_int_equal(dtmap_plot_cdf(path("utf8"), v, 3, &spec, 0, &err), DTMAP_OK);
    size_t len;
    char *raw = slurp(path("utf8.svg"), &len);
    assert_int_equal(strlen(raw), len); /* no NUL */
    for (size_t i = 0; i < len; i++)
        assert_true((unsigned char)raw[i] < 0x80); /* all escaped */
    free(raw);
    char *texts = svg_texts(path("utf8.svg"));
    assert_text(texts, "兴坪镇 <A&B> #2 \"x\" · NB-IoT RSRP: cumulative distribution");
    assert_text(texts, "weak < -115 dBm: 33.3% of samples");
    free(texts);
    free(png_read(path("utf8.png"), 400, 300));
}

static void test_streams(void **state) {
    (void)state;
    double v[2] = {-100, -90};
    dtmap_error err = {0};
    PLINT mine = -1, cur = -1, probe = -1;
    plmkstrm(&mine); /* a caller's stream, current and never initialised */
    assert_true(mine > 0);
    for (int k = 0; k < 3; k++) {
        char name[32];
        snprintf(name, sizeof name, "strm%d", k);
        dtmap_plot_dist_spec spec = {NULL, DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, NULL, 200, 200};
        assert_int_equal(dtmap_plot_histogram(path(name), v, 2, &spec, 0, &err), DTMAP_OK);
        plgstrm(&cur);
        assert_int_equal(cur, mine);
    }
    plmkstrm(&probe); /* the charts' streams were freed: the next free one follows ours */
    assert_int_equal(probe, mine + 1);
    plend1();
    plsstrm(mine);
    plend1();
}

/* ---- errors: clear statuses, nothing printed, nothing left behind ---- */

static size_t dir_entries(void) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.' || strstr(e->d_name, ".tmp-");
    closedir(d);
    return n;
}

static void test_errors(void **state) {
    (void)state;
    double v[3] = {-100, NAN, -90}, nan3[3] = {NAN, NAN, NAN};
    dtmap_error err = {0};
    fflush(stdout);
    fflush(stderr);
    int out = dup(1), errfd = dup(2);
    char cap[] = "/tmp/dtmap-plot-out-XXXXXX";
    int capfd = mkstemp(cap);
    assert_true(out >= 0 && errfd >= 0 && capfd >= 0);
    dup2(capfd, 1);
    dup2(capfd, 2);
    size_t before = dir_entries();

    /* folder missing, or a file where a folder should be */
    assert_int_equal(dtmap_plot_cdf(path("none/x"), v, 3, &lte_rsrp, 0, &err), DTMAP_ERR_IO);
    assert_non_null(strstr(err.detail, "none/x.png"));
    FILE *f = fopen(path("plainfile"), "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(dtmap_plot_histogram(path("plainfile/x"), v, 3, &lte_rsrp, 0, &err),
                     DTMAP_ERR_IO);
    /* no value */
    assert_int_equal(dtmap_plot_cdf(path("e"), v, 0, &lte_rsrp, 0, &err), DTMAP_ERR_EMPTY);
    assert_int_equal(dtmap_plot_cdf(path("e"), nan3, 3, &lte_rsrp, 0, &err), DTMAP_ERR_EMPTY);
    assert_non_null(strstr(err.detail, "no LTE RSRP value to plot in 遇龙河景区"));
    /* bad arguments */
    dtmap_plot_dist_spec bad = lte_rsrp;
    bad.tech = DTMAP_TECH_OTHER;
    assert_int_equal(dtmap_plot_cdf(path("e"), v, 3, &bad, 0, &err), DTMAP_ERR_USAGE);
    bad = lte_rsrp, bad.width_px = 50;
    assert_int_equal(dtmap_plot_cdf(path("e"), v, 3, &bad, 0, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_plot_cdf("", v, 3, &lte_rsrp, 0, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_plot_cdf(path("e"), v, 3, NULL, 0, &err), DTMAP_ERR_USAGE);
    uint8_t *cls = halves();
    dtmap_polyline area = {ax, ay, 5}, gap = {NULL, gy, 5};
    dtmap_plot_map_spec s = map_spec(cls, &area, &gap);
    assert_int_equal(dtmap_plot_map(path("e"), &s, 0, &err), DTMAP_ERR_USAGE); /* gap without x */
    s = map_spec(cls, &area, &area);
    s.nclasses = 0;
    assert_int_equal(dtmap_plot_map(path("e"), &s, 0, &err), DTMAP_ERR_USAGE);
    s = map_spec(cls, &area, &area);
    cls[77] = 6; /* only 5 classes */
    assert_int_equal(dtmap_plot_map(path("e"), &s, 0, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "(col 37, row 1) has class 6 of 5"));
    memset(cls, 0, 40 * 30);
    assert_int_equal(dtmap_plot_map(path("e"), &s, 0, &err), DTMAP_ERR_EMPTY);
    dtmap_class odd[2] = {{"fine", -100, "#00ff00"}, {"not", -INFINITY, "red"}};
    cls[0] = 1;
    s.classes = odd, s.nclasses = 2;
    assert_int_equal(dtmap_plot_map(path("e"), &s, 0, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dir_entries(), before + 1); /* plainfile only: no chart, no temporary */

    /* existing outputs are kept unless overwrite is given */
    assert_int_equal(dtmap_plot_cdf(path("keep"), v, 3, &lte_rsrp, 0, &err), DTMAP_OK);
    assert_int_equal(dtmap_plot_cdf(path("keep"), v, 1, &lte_rsrp, 0, &err), DTMAP_ERR_EXISTS);
    char *texts = svg_texts(path("keep.svg"));
    assert_text(texts, "n = 2 samples · profile default · 1 without a value");
    free(texts);
    assert_int_equal(dtmap_plot_cdf(path("keep"), v, 1, &lte_rsrp, 1, &err), DTMAP_OK);
    texts = svg_texts(path("keep.svg"));
    assert_text(texts, "n = 1 sample · profile default");
    free(texts);
    assert_true(file_exists(path("keep.png")));
    /* a map that works prints nothing either */
    uint8_t *ok = halves();
    s = map_spec(ok, &area, &area);
    assert_int_equal(dtmap_plot_map(path("okmap"), &s, 0, &err), DTMAP_OK);
    free(ok);
    assert_int_equal(dir_entries(), before + 5);

    fflush(stdout);
    fflush(stderr);
    dup2(out, 1);
    dup2(errfd, 2);
    close(out);
    close(errfd);
    struct stat st;
    assert_int_equal(fstat(capfd, &st), 0);
    close(capfd);
    unlink(cap);
    assert_int_equal(st.st_size, 0); /* the library printed nothing */
    free(cls);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dist_texts),      cmocka_unit_test(test_cdf_files),
        cmocka_unit_test(test_histogram_files), cmocka_unit_test(test_map_files),
        cmocka_unit_test(test_map_blocks),      cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_utf8_text),       cmocka_unit_test(test_streams),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
