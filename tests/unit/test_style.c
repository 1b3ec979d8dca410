/* test_style.c: unit tests for QGIS styles and the Byte class raster: class lookup and labels,
 * .qml files parsed back as XML (and QGIS's discrete rule applied to them), the class raster
 * read back with the GDAL C API and gdalinfo -json, overwrite rules and byte-identical runs. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "dtmap/crs.h"
#include "dtmap/profile.h"
#include "dtmap/style.h"

#define NCOLS 6
#define NROWS 4
#define NCELLS (NCOLS * NROWS)
#define NODATA -9999.0f

/* A 6 x 4 grid in UTM 50N with RSRP values around the default profile's LTE bounds
 * (-85, -95, -105, -115 dBm) and their classes worked out by hand (1 = excellent, 0 = none). */
typedef struct fixture {
    char dir[4096];
    dtmap_crs *crs;
    dtmap_grid grid;
    float value[NCELLS];
    unsigned char expect[NCELLS];
    const dtmap_class *classes;
    int n;
    dtmap_band band;
    dtmap_class_raster_spec spec;
} fixture;

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL) return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/dtmap-style-XXXXXX", tmp ? tmp : "/tmp");
    dtmap_error err;
    if (mkdtemp(fx->dir) == NULL ||
        dtmap_crs_create("EPSG:32650", 0, 0, &fx->crs, &err) != DTMAP_OK)
        return -1;
    fx->grid =
        (dtmap_grid){.xmin = 500000, .ymax = 3300040, .res_m = 10, .ncols = NCOLS, .nrows = NROWS};
    const float below85 = nextafterf(-85.0f, -INFINITY);
    const float v[NCELLS] = {-70,    -85,  below85, -95,      -100,     -105, /* */
                             -110,   -115, -115.5f, -140,     NODATA,   NAN,  /* */
                             -44,    -90,  -95.25f, -104.75f, -105.25f, -120, /* */
                             NODATA, -86,  -84.5f,  -96,      -116,     -100.5f};
    const unsigned char c[NCELLS] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0, 0,
                                     1, 2, 3, 3, 4, 5, 0, 2, 1, 3, 5, 3};
    memcpy(fx->value, v, sizeof v);
    memcpy(fx->expect, c, sizeof c);
    const dtmap_tech_profile *tp = &dtmap_profile_default()->tech[DTMAP_TECH_LTE];
    fx->classes = tp->classes[DTMAP_METRIC_RSRP];
    fx->n = tp->nclasses[DTMAP_METRIC_RSRP];
    fx->band = (dtmap_band){.data = fx->value};
    fx->spec = (dtmap_class_raster_spec){.grid = &fx->grid,
                                         .crs_wkt = dtmap_crs_wkt(fx->crs),
                                         .values = &fx->band,
                                         .nodata = NODATA,
                                         .classes = fx->classes,
                                         .nclasses = fx->n,
                                         .metric = "RSRP",
                                         .technology = "LTE",
                                         .unit = "dBm",
                                         .profile = "default"};
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    testutil_rmtree(fx->dir);
    dtmap_crs_destroy(fx->crs);
    free(fx);
    return 0;
}

/* Path of name inside the fixture folder (static buffer per slot). */
static const char *fpath(const fixture *fx, const char *name, int slot) {
    static char buf[4][4200];
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", fx->dir, name);
    return buf[slot];
}

/* Parses a .qml (fails the test unless it is well-formed XML with a <qgis> root); returns the
 * tree (CPLDestroyXMLNode) and sets *qgis to the root element. */
static CPLXMLNode *qml_parse(const char *path, CPLXMLNode **qgis) {
    size_t n;
    char *text = testutil_slurp(path, &n);
    assert_non_null(text);
    assert_true(n > 0 && text[n - 1] == '\n');
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLXMLNode *tree = CPLParseXMLString(text);
    CPLPopErrorHandler();
    if (tree == NULL) fail_msg("%s is not well-formed XML", path);
    free(text);
    *qgis = CPLGetXMLNode(tree, "=qgis");
    assert_non_null(*qgis);
    return tree;
}

/* The n-th child element called name of node (0-based), or NULL; *count gets how many. */
static CPLXMLNode *child(CPLXMLNode *node, const char *name, int nth, int *count) {
    CPLXMLNode *hit = NULL;
    int k = 0;
    for (CPLXMLNode *c = node ? node->psChild : NULL; c; c = c->psNext)
        if (c->eType == CXT_Element && strcmp(c->pszValue, name) == 0) {
            if (k == nth) hit = c;
            k++;
        }
    if (count) *count = k;
    return hit;
}

/* ---- class lists ---- */

/* dtmap_class_index gives dtmap_profile_class's answer for every list of both built-in
 * profiles, on a 0.25 dB sweep that hits every bound, and -1 for NAN. */
static void class_index_matches_profile(void **state) {
    (void)state;
    const char *const *names = dtmap_profile_builtin_names();
    int compared = 0;
    for (int k = 0; names[k]; k++) {
        dtmap_profile p;
        dtmap_error err;
        assert_int_equal(dtmap_profile_load(names[k], &p, &err), DTMAP_OK);
        for (int t = 0; t < DTMAP_TECH_OTHER; t++)
            for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
                int n = p.tech[t].nclasses[m];
                if (n == 0) continue;
                assert_int_equal(dtmap_classes_check(p.tech[t].classes[m], n, &err), DTMAP_OK);
                for (double v = -160; v <= 45; v += 0.25, compared++)
                    assert_int_equal(dtmap_class_index(p.tech[t].classes[m], n, v),
                                     dtmap_profile_class(&p, t, m, v));
                assert_int_equal(dtmap_class_index(p.tech[t].classes[m], n, NAN), -1);
            }
    }
    assert_true(compared > 10000);
}

/* Labels name the bounds with the better class owning its bound. */
static void class_labels(void **state) {
    fixture *fx = *state;
    char b[160];
    assert_int_equal(fx->n, 5);
    dtmap_class_label(fx->classes, fx->n, 0, "dBm", b, sizeof b);
    assert_string_equal(b, "excellent (>= -85 dBm)");
    dtmap_class_label(fx->classes, fx->n, 1, "dBm", b, sizeof b);
    assert_string_equal(b, "good (>= -95, < -85 dBm)");
    dtmap_class_label(fx->classes, fx->n, 4, "dBm", b, sizeof b);
    assert_string_equal(b, "very poor (< -115 dBm)");
    dtmap_class_label(fx->classes, fx->n, 3, NULL, b, sizeof b);
    assert_string_equal(b, "poor (>= -115, < -105)");
    dtmap_class_label(fx->classes, fx->n, 5, "dBm", b, sizeof b); /* out of range */
    assert_string_equal(b, "");

    dtmap_class c[2] = {{"top_band", -10.5, "#000000"}, {"", -INFINITY, "#ffffff"}};
    dtmap_class_label(c, 2, 0, "dB", b, sizeof b);
    assert_string_equal(b, "top band (>= -10.5 dB)");
    dtmap_class_label(c, 2, 1, "dB", b, sizeof b);
    assert_string_equal(b, "class 2 (< -10.5 dB)");
    dtmap_class_label(c, 1, 0, "dB", b, sizeof b);
    assert_string_equal(b, "top band (all values)");
    char small[8];
    assert_int_equal(dtmap_class_label(fx->classes, fx->n, 0, "dBm", small, sizeof small), 22);
    assert_string_equal(small, "excelle");
}

/* Bad lists are usage errors naming the class. */
static void classes_check_errors(void **state) {
    (void)state;
    dtmap_error err;
    dtmap_class c[3] = {{"a", -80, "#112233"}, {"b", -90, "#445566"}, {"c", -INFINITY, "#778899"}};
    assert_int_equal(dtmap_classes_check(c, 3, &err), DTMAP_OK);
    assert_int_equal(dtmap_classes_check(c, 0, &err), DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_classes_check(c, 256, &err), DTMAP_ERR_USAGE);
    c[1].lower = -80;
    assert_int_equal(dtmap_classes_check(c, 3, &err), DTMAP_ERR_USAGE);
    assert_string_equal(err.detail, "classes: class 2 (b): lower bound -80 not below -80");
    c[1].lower = NAN;
    assert_int_equal(dtmap_classes_check(c, 3, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "class 2 (b): lower bound is not finite"));
    c[1].lower = -90;
    snprintf(c[2].colour, sizeof c[2].colour, "#77889");
    assert_int_equal(dtmap_classes_check(c, 3, &err), DTMAP_ERR_USAGE);
    assert_string_equal(err.detail, "classes: class 3 (c): colour '#77889' is not #rrggbb");
}

/* ---- styles ---- */

/* The value style: DISCRETE, worst class first, each break the float just below the bound, and
 * QGIS's rule (a cell takes the first break >= its value) colours every fixture cell like
 * its class; nodata transparent, band 1. */
static void qml_classed(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "rsrp_lte.qml", 0);
    assert_int_equal(dtmap_style_write_qml(path, fx->classes, fx->n, "dBm", 0, &err), DTMAP_OK);
    assert_int_equal(testutil_dir_entries(fx->dir), 1);
    CPLXMLNode *qgis, *tree = qml_parse(path, &qgis);
    CPLXMLNode *r = CPLGetXMLNode(qgis, "pipe.rasterrenderer");
    assert_non_null(r);
    assert_string_equal(CPLGetXMLValue(r, "type", ""), "singlebandpseudocolor");
    assert_string_equal(CPLGetXMLValue(r, "band", ""), "1");
    assert_string_equal(CPLGetXMLValue(r, "nodataColor", "x"), "");
    assert_string_equal(CPLGetXMLValue(r, "minMaxOrigin.limits", ""), "None");
    CPLXMLNode *sh = CPLGetXMLNode(r, "rastershader.colorrampshader");
    assert_non_null(sh);
    assert_string_equal(CPLGetXMLValue(sh, "colorRampType", ""), "DISCRETE");
    int count;
    child(sh, "item", 0, &count);
    assert_int_equal(count, 5);
    double brk[5];
    const char *colour[5];
    for (int k = 0; k < 5; k++) {
        CPLXMLNode *it = child(sh, "item", k, NULL);
        int cls = 4 - k; /* worst first */
        char label[160];
        dtmap_class_label(fx->classes, fx->n, cls, "dBm", label, sizeof label);
        assert_string_equal(CPLGetXMLValue(it, "label", ""), label);
        assert_string_equal(CPLGetXMLValue(it, "color", ""), fx->classes[cls].colour);
        assert_string_equal(CPLGetXMLValue(it, "alpha", ""), "255");
        brk[k] = CPLAtof(CPLGetXMLValue(it, "value", ""));
        colour[k] = fx->classes[cls].colour;
        if (cls > 0)
            assert_true(brk[k] == (double)nextafterf((float)fx->classes[cls - 1].lower, -INFINITY));
        else
            assert_true(isinf(brk[k]) && brk[k] > 0);
    }
    assert_string_equal(CPLGetXMLValue(child(sh, "item", 4, NULL), "label", ""),
                        "excellent (>= -85 dBm)");
    assert_string_equal(CPLGetXMLValue(child(sh, "item", 0, NULL), "label", ""),
                        "very poor (< -115 dBm)");
    for (int i = 0; i < NCELLS; i++) {
        if (fx->expect[i] == 0) continue;
        int k = 0;
        while (k < 5 && !(brk[k] >= (double)fx->value[i]))
            k++;
        assert_true(k < 5);
        assert_string_equal(colour[k], fx->classes[fx->expect[i] - 1].colour);
    }
    CPLDestroyXMLNode(tree);
}

/* The continuous styles: INTERPOLATED from min to max, five labelled stops with the unit; the
 * count ramp adds a transparent stop just below min; bad ranges are refused. */
static void qml_ramp(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "rsrq_lte.qml", 0);
    assert_int_equal(dtmap_style_write_ramp_qml(path, DTMAP_RAMP_SIGNAL, -20, -3, "dB", 0, &err),
                     DTMAP_OK);
    CPLXMLNode *qgis, *tree = qml_parse(path, &qgis);
    CPLXMLNode *r = CPLGetXMLNode(qgis, "pipe.rasterrenderer");
    assert_double_near(CPLAtof(CPLGetXMLValue(r, "classificationMin", "")), -20, 0);
    assert_double_near(CPLAtof(CPLGetXMLValue(r, "classificationMax", "")), -3, 0);
    CPLXMLNode *sh = CPLGetXMLNode(r, "rastershader.colorrampshader");
    assert_string_equal(CPLGetXMLValue(sh, "colorRampType", ""), "INTERPOLATED");
    int count;
    child(sh, "item", 0, &count);
    assert_int_equal(count, 5);
    const char *labels[5] = {"-20 dB", "-16 dB", "-12 dB", "-7 dB", "-3 dB"};
    const double values[5] = {-20, -15.75, -11.5, -7.25, -3};
    for (int k = 0; k < 5; k++) {
        CPLXMLNode *it = child(sh, "item", k, NULL);
        assert_double_near(CPLAtof(CPLGetXMLValue(it, "value", "")), values[k], 0);
        assert_string_equal(CPLGetXMLValue(it, "label", ""), labels[k]);
    }
    assert_string_equal(CPLGetXMLValue(child(sh, "item", 0, NULL), "color", ""), "#d7191c");
    assert_string_equal(CPLGetXMLValue(child(sh, "item", 4, NULL), "color", ""), "#1a9641");
    assert_string_equal(CPLGetXMLValue(sh, "rampLegendSettings.suffix", ""), " dB");
    CPLDestroyXMLNode(tree);

    path = fpath(fx, "rsrp_lte_samples.qml", 0);
    assert_int_equal(dtmap_style_write_ramp_qml(path, DTMAP_RAMP_COUNT, 1, 41, "samples", 0, &err),
                     DTMAP_OK);
    tree = qml_parse(path, &qgis);
    sh = CPLGetXMLNode(qgis, "pipe.rasterrenderer.rastershader.colorrampshader");
    child(sh, "item", 0, &count);
    assert_int_equal(count, 6);
    CPLXMLNode *first = child(sh, "item", 0, NULL);
    assert_string_equal(CPLGetXMLValue(first, "alpha", ""), "0");
    double v0 = CPLAtof(CPLGetXMLValue(first, "value", ""));
    assert_true(v0 < 1 && v0 > 0.9999);
    assert_string_equal(CPLGetXMLValue(child(sh, "item", 1, NULL), "label", ""), "1 samples");
    assert_string_equal(CPLGetXMLValue(child(sh, "item", 3, NULL), "label", ""), "21 samples");
    assert_string_equal(CPLGetXMLValue(child(sh, "item", 5, NULL), "color", ""), "#08519c");
    CPLDestroyXMLNode(tree);

    assert_int_equal(
        dtmap_style_write_ramp_qml(fpath(fx, "x.qml", 0), DTMAP_RAMP_SHARE, 5, 5, "%", 0, &err),
        DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "x.qml"));
    assert_int_equal(
        dtmap_style_write_ramp_qml(fpath(fx, "x.qml", 0), DTMAP_RAMP_SHARE, NAN, 100, "%", 0, &err),
        DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_style_write_ramp_qml(fpath(fx, "x.qml", 0), DTMAP_RAMP_COUNT_OF, 0, 100,
                                                "%", 0, &err),
                     DTMAP_ERR_USAGE);
    assert_int_equal(testutil_dir_entries(fx->dir), 2);
}

/* Paletted styles: the class style lists values 1..n with the class colours and labels; any
 * label text (markup characters, Chinese, a stray invalid byte) still gives well-formed XML. */
static void qml_paletted(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "rsrp_lte_class.qml", 0);
    assert_int_equal(dtmap_style_write_class_qml(path, fx->classes, fx->n, "dBm", 0, &err),
                     DTMAP_OK);
    CPLXMLNode *qgis, *tree = qml_parse(path, &qgis);
    CPLXMLNode *r = CPLGetXMLNode(qgis, "pipe.rasterrenderer");
    assert_string_equal(CPLGetXMLValue(r, "type", ""), "paletted");
    CPLXMLNode *pal = CPLGetXMLNode(r, "colorPalette");
    int count;
    child(pal, "paletteEntry", 0, &count);
    assert_int_equal(count, 5);
    for (int i = 0; i < 5; i++) {
        CPLXMLNode *e = child(pal, "paletteEntry", i, NULL);
        char label[160];
        dtmap_class_label(fx->classes, fx->n, i, "dBm", label, sizeof label);
        assert_int_equal(atoi(CPLGetXMLValue(e, "value", "")), i + 1);
        assert_string_equal(CPLGetXMLValue(e, "color", ""), fx->classes[i].colour);
        assert_string_equal(CPLGetXMLValue(e, "label", ""), label);
    }
    CPLDestroyXMLNode(tree);

    dtmap_style_entry e[3] = {{0, "#fee8c8", "CE0 <\"a&b'> 优秀"},
                              {1, "#fdbb84", "CE1 \x01 bad\xff byte"},
                              {2, "#e34a33", "CE2"}};
    path = fpath(fx, "ecl_nbiot.qml", 0);
    assert_int_equal(dtmap_style_write_paletted_qml(path, e, 3, 0, &err), DTMAP_OK);
    tree = qml_parse(path, &qgis);
    pal = CPLGetXMLNode(qgis, "pipe.rasterrenderer.colorPalette");
    assert_string_equal(CPLGetXMLValue(child(pal, "paletteEntry", 0, NULL), "label", ""),
                        "CE0 <\"a&b'> 优秀");
    assert_string_equal(CPLGetXMLValue(child(pal, "paletteEntry", 1, NULL), "label", ""),
                        "CE1 ? bad? byte");
    assert_string_equal(CPLGetXMLValue(child(pal, "paletteEntry", 0, NULL), "value", ""), "0");
    CPLDestroyXMLNode(tree);

    e[2].colour = "red";
    assert_int_equal(dtmap_style_write_paletted_qml(fpath(fx, "bad.qml", 0), e, 3, 0, &err),
                     DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "palette entry 3"));
    assert_int_equal(testutil_dir_entries(fx->dir), 2);
}

/* ---- the class raster ---- */

/* Reads band 1 of path as bytes into out (n cells) and returns the open dataset. */
static GDALDatasetH open_bytes(const char *path, unsigned char *out, int ncols, int nrows) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    assert_int_equal(GDALGetRasterXSize(ds), ncols);
    assert_int_equal(GDALGetRasterYSize(ds), nrows);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    assert_int_equal(GDALGetRasterDataType(b), GDT_Byte);
    assert_int_equal(
        GDALRasterIO(b, GF_Read, 0, 0, ncols, nrows, out, ncols, nrows, GDT_Byte, 0, 0), CE_None);
    return ds;
}

/* Pixels, nodata, colour table, category names, description, metadata, CRS and geotransform
 * read back with the GDAL C API; the output is the TIFF and its .aux.xml, nothing else. */
static void class_raster_reads_back(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "rsrp_lte_class.tif", 0);
    assert_int_equal(dtmap_class_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    assert_int_equal(testutil_dir_entries(fx->dir), 2);
    assert_int_equal(access(fpath(fx, "rsrp_lte_class.tif.aux.xml", 1), R_OK), 0);

    unsigned char got[NCELLS];
    GDALDatasetH ds = open_bytes(path, got, NCOLS, NROWS);
    assert_memory_equal(got, fx->expect, NCELLS);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    int has = 0, bx, by;
    assert_double_near(GDALGetRasterNoDataValue(b, &has), 0, 0);
    assert_true(has);
    GDALGetBlockSize(b, &bx, &by);
    assert_int_equal(bx, 256);
    assert_int_equal(by, 256);
    assert_int_equal(GDALGetRasterColorInterpretation(b), GCI_PaletteIndex);
    GDALColorTableH ct = GDALGetRasterColorTable(b);
    assert_non_null(ct);
    assert_true(GDALGetColorEntryCount(ct) >= 6);
    assert_int_equal(GDALGetColorEntry(ct, 0)->c4, 0); /* nodata: transparent */
    for (int i = 0; i < 5; i++) {
        const GDALColorEntry *e = GDALGetColorEntry(ct, i + 1);
        char hex[8];
        snprintf(hex, sizeof hex, "#%02x%02x%02x", e->c1, e->c2, e->c3);
        assert_string_equal(hex, fx->classes[i].colour);
        assert_int_equal(e->c4, 255);
    }
    char **cat = GDALGetRasterCategoryNames(b);
    const char *want[] = {"no data", "excellent", "good", "medium", "poor", "very_poor"};
    assert_int_equal(CSLCount(cat), 6);
    for (int i = 0; i < 6; i++)
        assert_string_equal(cat[i], want[i]);
    assert_string_equal(GDALGetDescription(b), "LTE RSRP class (profile default)");
    assert_string_equal(GDALGetMetadataItem(ds, "METRIC", NULL), "RSRP");
    assert_string_equal(GDALGetMetadataItem(ds, "TECHNOLOGY", NULL), "LTE");
    assert_string_equal(GDALGetMetadataItem(ds, "UNIT", NULL), "dBm");
    assert_string_equal(GDALGetMetadataItem(ds, "PROFILE", NULL), "default");
    assert_string_equal(GDALGetMetadataItem(ds, "CLASSES", NULL), "5");
    assert_string_equal(GDALGetMetadataItem(ds, "CLASS_BOUNDS", NULL), "-85,-95,-105,-115");
    assert_string_equal(GDALGetMetadataItem(ds, "CLASS_2", NULL), "good (>= -95, < -85 dBm)");
    assert_string_equal(GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(ds));
    assert_string_equal(OSRGetAuthorityCode(srs, NULL), "32650");
    OSRDestroySpatialReference(srs);
    double gt[6];
    assert_int_equal(GDALGetGeoTransform(ds, gt), CE_None);
    assert_double_near(gt[0], 500000, 0);
    assert_double_near(gt[1], 10, 0);
    assert_double_near(gt[3], 3300040, 0);
    assert_double_near(gt[5], -10, 0);
    GDALClose(ds);
    /* Every valid cell's class is dtmap_profile_class + 1: the hand figures agree with it. */
    for (int i = 0; i < NCELLS; i++)
        if (fx->expect[i])
            assert_int_equal(fx->expect[i],
                             1 + dtmap_profile_class(dtmap_profile_default(), DTMAP_TECH_LTE,
                                                     DTMAP_METRIC_RSRP, fx->value[i]));
}

/* gdalinfo -json (GDAL's own tool) sees the palette, the names and the nodata. */
static void class_raster_gdalinfo(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "c.tif", 0);
    assert_int_equal(dtmap_class_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "gdalinfo -json '%s'", path);
    char *out = testutil_command(cmd);
    assert_non_null(out);
    assert_non_null(strstr(out, "\"colorInterpretation\":\"Palette\""));
    assert_non_null(strstr(out, "\"noDataValue\":0.0"));
    assert_non_null(strstr(out, "\"type\":\"Byte\""));
    const char *cat = strstr(out, "\"categories\":[");
    assert_non_null(cat);
    assert_non_null(strstr(cat, "\"no data\",\n        \"excellent\""));
    assert_non_null(strstr(cat, "\"very_poor\""));
    assert_non_null(strstr(out, "\"palette\":\"RGB\""));
    free(out);
}

/* Strip callback over a tall value array (user = the array). */
static dtmap_status fill_rows(void *user, int row0, int nrows, float *buf, dtmap_error *err) {
    (void)err;
    const float *src = user;
    memcpy(buf, src + (size_t)row0 * 3, (size_t)nrows * 3 * sizeof *buf);
    return DTMAP_OK;
}

static dtmap_status fill_fails(void *user, int row0, int nrows, float *buf, dtmap_error *err) {
    (void)user, (void)buf, (void)nrows;
    return dtmap_error_set(err, DTMAP_ERR_IO, "strip at row %d failed", row0);
}

/* A 3 x 600 raster filled strip by strip (three strips) classes every row like the profile;
 * a failing fill leaves nothing behind. */
static void class_raster_strips(void **state) {
    fixture *fx = *state;
    enum { W = 3, H = 600 };
    float *v = malloc(sizeof(float) * W * H);
    unsigned char *got = malloc(W * H);
    assert_non_null(v);
    assert_non_null(got);
    for (int i = 0; i < W * H; i++)
        v[i] = i % 97 == 0 ? NODATA : -60.0f - 0.1f * (float)(i / W);
    dtmap_grid g = {.xmin = 500000, .ymax = 3306000, .res_m = 10, .ncols = W, .nrows = H};
    dtmap_band band = {.fill = fill_rows, .user = v};
    dtmap_class_raster_spec spec = fx->spec;
    spec.grid = &g;
    spec.values = &band;
    dtmap_error err;
    const char *path = fpath(fx, "tall.tif", 0);
    assert_int_equal(dtmap_class_raster_write(path, &spec, 0, &err), DTMAP_OK);
    GDALClose(open_bytes(path, got, W, H));
    int seen[6] = {0};
    for (int i = 0; i < W * H; i++) {
        int want = v[i] == NODATA ? 0
                                  : 1 + dtmap_profile_class(dtmap_profile_default(), DTMAP_TECH_LTE,
                                                            DTMAP_METRIC_RSRP, v[i]);
        assert_int_equal(got[i], want);
        seen[got[i]]++;
    }
    for (int k = 0; k < 6; k++)
        assert_true(seen[k] > 0); /* rows run from -60 to -119.9 dBm: every class */

    band.fill = fill_fails;
    assert_int_equal(dtmap_class_raster_write(fpath(fx, "fails.tif", 0), &spec, 0, &err),
                     DTMAP_ERR_IO);
    assert_string_equal(err.detail, "strip at row 0 failed");
    assert_int_equal(testutil_dir_entries(fx->dir), 2);
    free(v);
    free(got);
}

/* Equal inputs give byte-identical TIFF, side file and styles, even a second apart. */
static void outputs_byte_identical(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *names[2][3] = {{"a.tif", "a.tif.aux.xml", "a.qml"},
                               {"b.tif", "b.tif.aux.xml", "b.qml"}};
    for (int r = 0; r < 2; r++) {
        if (r) sleep(1);
        assert_int_equal(dtmap_class_raster_write(fpath(fx, names[r][0], 0), &fx->spec, 0, &err),
                         DTMAP_OK);
        assert_int_equal(
            dtmap_style_write_qml(fpath(fx, names[r][2], 0), fx->classes, fx->n, "dBm", 0, &err),
            DTMAP_OK);
    }
    for (int f = 0; f < 3; f++) {
        size_t na, nb;
        char *a = testutil_slurp(fpath(fx, names[0][f], 0), &na),
             *b = testutil_slurp(fpath(fx, names[1][f], 1), &nb);
        assert_non_null(a);
        assert_non_null(b);
        assert_true(na > 100);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        free(a);
        free(b);
    }
}

/* Existing outputs are refused without overwrite (untouched, side file included) and replaced
 * with it; bad specs and unwritable folders fail naming the path and leave nothing. */
static void overwrite_and_errors(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "o.tif", 0), *aux = fpath(fx, "o.tif.aux.xml", 1);
    assert_int_equal(dtmap_class_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    size_t n0, n1;
    char *before = testutil_slurp(path, &n0);
    float all_good[NCELLS];
    for (int i = 0; i < NCELLS; i++)
        all_good[i] = -90;
    dtmap_band band = {.data = all_good};
    dtmap_class_raster_spec spec = fx->spec;
    spec.values = &band;
    assert_int_equal(dtmap_class_raster_write(path, &spec, 0, &err), DTMAP_ERR_EXISTS);
    char *after = testutil_slurp(path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
    assert_int_equal(dtmap_class_raster_write(path, &spec, 1, &err), DTMAP_OK);
    unsigned char got[NCELLS];
    GDALClose(open_bytes(path, got, NCOLS, NROWS));
    for (int i = 0; i < NCELLS; i++)
        assert_int_equal(got[i], 2);
    assert_int_equal(testutil_dir_entries(fx->dir), 2);

    /* A side file alone (the TIFF deleted by hand) still counts as an existing output. */
    unlink(path);
    assert_int_equal(dtmap_class_raster_write(path, &spec, 0, &err), DTMAP_ERR_EXISTS);
    assert_non_null(strstr(err.detail, aux));
    assert_int_equal(access(path, F_OK), -1);
    unlink(aux);

    assert_int_equal(
        dtmap_style_write_qml(fpath(fx, "s.qml", 0), fx->classes, fx->n, "dBm", 0, &err), DTMAP_OK);
    assert_int_equal(
        dtmap_style_write_qml(fpath(fx, "s.qml", 0), fx->classes, fx->n, "dBm", 0, &err),
        DTMAP_ERR_EXISTS);
    unlink(fpath(fx, "s.qml", 0));

    char bad[4300];
    snprintf(bad, sizeof bad, "%s/no-such-folder/c.tif", fx->dir);
    assert_int_equal(dtmap_class_raster_write(bad, &fx->spec, 0, &err), DTMAP_ERR_IO);
    assert_non_null(strstr(err.detail, bad));
    assert_null(strstr(err.detail, ".tmp-"));
    snprintf(bad, sizeof bad, "%s/no-such-folder/c.qml", fx->dir);
    assert_int_equal(dtmap_style_write_qml(bad, fx->classes, fx->n, "dBm", 0, &err), DTMAP_ERR_IO);
    assert_non_null(strstr(err.detail, "no-such-folder"));

    dtmap_class c[2] = {{"a", -80, "#112233"}, {"b", -90, "nope"}};
    spec.classes = c;
    spec.nclasses = 2;
    assert_int_equal(dtmap_class_raster_write(path, &spec, 0, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, path));
    assert_non_null(strstr(err.detail, "class 2 (b)"));
    assert_int_equal(dtmap_style_write_qml(fpath(fx, "c.qml", 0), c, 2, "dBm", 0, &err),
                     DTMAP_ERR_USAGE);
    assert_int_equal(testutil_dir_entries(fx->dir), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(class_index_matches_profile),
        cmocka_unit_test_setup_teardown(class_labels, setup, teardown),
        cmocka_unit_test(classes_check_errors),
        cmocka_unit_test_setup_teardown(qml_classed, setup, teardown),
        cmocka_unit_test_setup_teardown(qml_ramp, setup, teardown),
        cmocka_unit_test_setup_teardown(qml_paletted, setup, teardown),
        cmocka_unit_test_setup_teardown(class_raster_reads_back, setup, teardown),
        cmocka_unit_test_setup_teardown(class_raster_gdalinfo, setup, teardown),
        cmocka_unit_test_setup_teardown(class_raster_strips, setup, teardown),
        cmocka_unit_test_setup_teardown(outputs_byte_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(overwrite_and_errors, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
