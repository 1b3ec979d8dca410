/* test_cellkind.c: unit tests for cell kinds: the classification rule cell by cell (unmeasured
 * wins over everything, NAN SINR never makes interference), counts, the Byte kind raster read
 * back with the GDAL C API and gdalinfo -json, byte-identical reruns, overwrite and error rules,
 * and the paletted .qml parsed back as XML. */
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

#include "dtmap/cellkind.h"
#include "dtmap/crs.h"

#define NCOLS 6
#define NROWS 4
#define NCELLS (NCOLS * NROWS)
#define ND -9999.0f
#define C DTMAP_KIND_COVERED
#define W DTMAP_KIND_WEAK
#define I DTMAP_KIND_INTERFERENCE
#define U DTMAP_KIND_UNMEASURED

/* LTE rule of the default profile: weak below -110 dBm, interference below 0 dB. */
static const dtmap_cellkind_rule LTE = {-110, 1, 0};

/* 24 cells of RSRP / SINR and their kinds under LTE, worked out by hand. */
static const float RSRP[NCELLS] = {-90,  -110,     -110.5f, -120, -100, -100,     /* */
                                   -100, -100,     ND,      NAN,  ND,   INFINITY, /* */
                                   -60,  -109.99f, -111,    -80,  -95,  -140,     /* */
                                   -44,  -105,     -110,    ND,   -70,  -112};
static const float SINR[NCELLS] = {5,  0,         20,    -5,     -0.5f, NAN, /* */
                                   ND, -INFINITY, -5,    10,     NAN,   -10, /* */
                                   30, -20,       40,    -0.01f, 0.01f, -3,  /* */
                                   -1, -3,        -0.5f, 3,      12,    -8};
static const uint8_t KIND[NCELLS] = {C, C, W, W, I, C, /* on threshold; NAN SINR */
                                     C, C, U, U, U, U, /* nodata / -inf SINR; no RSRP */
                                     C, I, W, I, C, W, /* -109.99 above -110 */
                                     I, I, I, U, C, W};

typedef struct fixture {
    char dir[4096];
    dtmap_crs *crs;
    dtmap_grid grid;
    uint8_t kinds[NCELLS];
    dtmap_cellkind_raster_spec spec;
} fixture;

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL) return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/dtmap-cellkind-XXXXXX", tmp ? tmp : "/tmp");
    dtmap_error err;
    if (mkdtemp(fx->dir) == NULL ||
        dtmap_crs_create("EPSG:32649", 0, 0, &fx->crs, &err) != DTMAP_OK)
        return -1;
    fx->grid =
        (dtmap_grid){.xmin = 500000, .ymax = 2740080, .res_m = 20, .ncols = NCOLS, .nrows = NROWS};
    memcpy(fx->kinds, KIND, sizeof KIND);
    static const char *const more[] = {"AREA_FILE=areas.gpkg", NULL};
    fx->spec = (dtmap_cellkind_raster_spec){.grid = &fx->grid,
                                            .crs_wkt = dtmap_crs_wkt(fx->crs),
                                            .kinds = fx->kinds,
                                            .technology = "LTE",
                                            .profile = "default",
                                            .rule = &LTE,
                                            .metadata = more};
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

/* Names, legend classes and their colours. */
static void names_and_classes(void **state) {
    (void)state;
    const char *want[] = {"none", "covered", "weak", "interference", "unmeasured"};
    for (int k = 0; k < DTMAP_KIND_COUNT; k++)
        assert_string_equal(dtmap_cellkind_name((dtmap_cellkind)k), want[k]);
    assert_string_equal(dtmap_cellkind_name((dtmap_cellkind)5), "?");
    assert_string_equal(dtmap_cellkind_name((dtmap_cellkind)-1), "?");
    const dtmap_class *c = dtmap_cellkind_classes();
    const char *colour[] = {"#1a9641", "#d7191c", "#fdae61", "#9e9e9e"};
    for (int k = 0; k < 4; k++) {
        assert_string_equal(c[k].name, want[k + 1]);
        assert_string_equal(c[k].colour, colour[k]);
        assert_true(isnan(c[k].lower));
    }
}

/* The 24 hand-classified cells; then the same RSRP without a SINR layer, and with a rule that
 * has no SINR threshold: no cell is interference, the interference cells become covered. */
static void classify_by_hand(void **state) {
    (void)state;
    uint8_t got[NCELLS];
    dtmap_error err;
    assert_int_equal(dtmap_cellkind_classify(NCELLS, RSRP, SINR, ND, &LTE, got, &err), DTMAP_OK);
    for (int i = 0; i < NCELLS; i++)
        if (got[i] != KIND[i])
            fail_msg("cell %d (RSRP %g, SINR %g): kind %d, want %d", i, RSRP[i], SINR[i], got[i],
                     KIND[i]);
    size_t counts[DTMAP_KIND_COUNT];
    dtmap_cellkind_count(got, NCELLS, counts);
    assert_int_equal(counts[DTMAP_KIND_NONE], 0);
    assert_int_equal(counts[C], 8);
    assert_int_equal(counts[W], 5);
    assert_int_equal(counts[I], 6);
    assert_int_equal(counts[U], 5);

    uint8_t want[NCELLS];
    for (int i = 0; i < NCELLS; i++)
        want[i] = KIND[i] == I ? C : KIND[i];
    assert_int_equal(dtmap_cellkind_classify(NCELLS, RSRP, NULL, ND, &LTE, got, &err), DTMAP_OK);
    assert_memory_equal(got, want, NCELLS);
    dtmap_cellkind_rule no_sinr = {-110, 0, NAN}; /* an unused NAN threshold is fine */
    assert_int_equal(dtmap_cellkind_classify(NCELLS, RSRP, SINR, ND, &no_sinr, got, &err),
                     DTMAP_OK);
    assert_memory_equal(got, want, NCELLS);

    /* The NR rule moves both thresholds: -105 dBm / -3 dB. */
    const float r[4] = {-106, -105, -104, -104}, s[4] = {-10, -3.5f, -3, NAN};
    dtmap_cellkind_rule nr = {-105, 1, -3};
    assert_int_equal(dtmap_cellkind_classify(4, r, s, ND, &nr, got, &err), DTMAP_OK);
    const uint8_t nr_want[4] = {W, I, C, C};
    assert_memory_equal(got, nr_want, 4);

    /* nodata NAN: NAN cells are unmeasured, -9999 is a (weak) value then. */
    const float r2[2] = {NAN, -9999};
    assert_int_equal(dtmap_cellkind_classify(2, r2, NULL, NAN, &LTE, got, &err), DTMAP_OK);
    assert_int_equal(got[0], U);
    assert_int_equal(got[1], W);
    assert_int_equal(dtmap_cellkind_classify(0, r2, NULL, ND, &LTE, got, &err), DTMAP_OK);

    dtmap_cellkind_count(NULL, 3, counts);
    assert_int_equal(counts[C], 0);
}

/* Missing arguments and non-finite thresholds in use are usage errors. */
static void classify_errors(void **state) {
    (void)state;
    uint8_t got[NCELLS];
    dtmap_error err;
    assert_int_equal(dtmap_cellkind_classify(NCELLS, NULL, SINR, ND, &LTE, got, &err),
                     DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_cellkind_classify(NCELLS, RSRP, SINR, ND, NULL, got, &err),
                     DTMAP_ERR_USAGE);
    assert_int_equal(dtmap_cellkind_classify(NCELLS, RSRP, SINR, ND, &LTE, NULL, &err),
                     DTMAP_ERR_USAGE);
    dtmap_cellkind_rule bad = {NAN, 1, 0};
    assert_int_equal(dtmap_cellkind_classify(NCELLS, RSRP, SINR, ND, &bad, got, &err),
                     DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "RSRP threshold"));
    bad = (dtmap_cellkind_rule){-110, 1, INFINITY};
    assert_int_equal(dtmap_cellkind_classify(NCELLS, RSRP, SINR, ND, &bad, got, &err),
                     DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "SINR threshold"));
}

/* Reads band 1 of path as bytes into out and returns the open dataset (GDALClose it). */
static GDALDatasetH open_bytes(const char *path, uint8_t *out, int ncols, int nrows) {
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

/* Values, nodata, colour table, category names, description, metadata, CRS and geotransform
 * read back with the GDAL C API; the output is the TIFF and its .aux.xml, nothing else. */
static void raster_reads_back(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    fx->kinds[0] = DTMAP_KIND_NONE; /* a NONE cell: nodata */
    const char *path = fpath(fx, "kind_lte.tif", 0);
    assert_int_equal(dtmap_cellkind_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    assert_int_equal(testutil_dir_entries(fx->dir), 2);
    assert_int_equal(access(fpath(fx, "kind_lte.tif.aux.xml", 1), R_OK), 0);

    uint8_t got[NCELLS];
    GDALDatasetH ds = open_bytes(path, got, NCOLS, NROWS);
    assert_memory_equal(got, fx->kinds, NCELLS);
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
    assert_true(GDALGetColorEntryCount(ct) >= 5);
    assert_int_equal(GDALGetColorEntry(ct, 0)->c4, 0); /* none: transparent */
    const short rgb[4][3] = {
        {0x1a, 0x96, 0x41}, {0xd7, 0x19, 0x1c}, {0xfd, 0xae, 0x61}, {0x9e, 0x9e, 0x9e}};
    for (int k = 1; k <= 4; k++) {
        const GDALColorEntry *e = GDALGetColorEntry(ct, k);
        assert_int_equal(e->c1, rgb[k - 1][0]);
        assert_int_equal(e->c2, rgb[k - 1][1]);
        assert_int_equal(e->c3, rgb[k - 1][2]);
        assert_int_equal(e->c4, 255);
    }
    char **cat = GDALGetRasterCategoryNames(b);
    const char *want[] = {"none", "covered", "weak", "interference", "unmeasured"};
    assert_int_equal(CSLCount(cat), 5);
    for (int k = 0; k < 5; k++)
        assert_string_equal(cat[k], want[k]);
    assert_string_equal(GDALGetDescription(b), "LTE coverage and gap kinds (profile default)");
    const char *md[][2] = {{"TECHNOLOGY", "LTE"},
                           {"PROFILE", "default"},
                           {"KINDS", "1=covered,2=weak,3=interference,4=unmeasured"},
                           {"RSRP_THRESHOLD", "-110"},
                           {"SINR_THRESHOLD", "0"},
                           {"CELLS_NONE", "1"},
                           {"CELLS_COVERED", "7"},
                           {"CELLS_WEAK", "5"},
                           {"CELLS_INTERFERENCE", "6"},
                           {"CELLS_UNMEASURED", "5"},
                           {"AREA_FILE", "areas.gpkg"}};
    for (size_t i = 0; i < sizeof md / sizeof md[0]; i++) {
        const char *v = GDALGetMetadataItem(ds, md[i][0], NULL);
        if (v == NULL || strcmp(v, md[i][1]) != 0)
            fail_msg("metadata %s = %s, want %s", md[i][0], v ? v : "(none)", md[i][1]);
    }
    assert_string_equal(GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(ds));
    assert_string_equal(OSRGetAuthorityCode(srs, NULL), "32649");
    OSRDestroySpatialReference(srs);
    double gt[6];
    assert_int_equal(GDALGetGeoTransform(ds, gt), CE_None);
    assert_double_near(gt[0], 500000, 0);
    assert_double_near(gt[1], 20, 0);
    assert_double_near(gt[3], 2740080, 0);
    assert_double_near(gt[5], -20, 0);
    GDALClose(ds);

    /* No SINR threshold: "none"; no technology or profile: a plain description. */
    dtmap_cellkind_rule nb = {-115, 0, NAN};
    dtmap_cellkind_raster_spec spec = fx->spec;
    spec.rule = &nb;
    spec.technology = spec.profile = NULL;
    spec.metadata = NULL;
    path = fpath(fx, "kind_nbiot.tif", 0);
    assert_int_equal(dtmap_cellkind_raster_write(path, &spec, 0, &err), DTMAP_OK);
    ds = open_bytes(path, got, NCOLS, NROWS);
    assert_string_equal(GDALGetMetadataItem(ds, "RSRP_THRESHOLD", NULL), "-115");
    assert_string_equal(GDALGetMetadataItem(ds, "SINR_THRESHOLD", NULL), "none");
    assert_null(GDALGetMetadataItem(ds, "TECHNOLOGY", NULL));
    assert_string_equal(GDALGetDescription(GDALGetRasterBand(ds, 1)), "coverage and gap kinds");
    GDALClose(ds);
}

/* gdalinfo -json (GDAL's own tool) sees the palette, the category names and the nodata. */
static void raster_gdalinfo(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "k.tif", 0);
    assert_int_equal(dtmap_cellkind_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "gdalinfo -json -stats '%s' 2>/dev/null", path);
    char *out = testutil_command(cmd);
    assert_non_null(out);
    assert_non_null(strstr(out, "\"colorInterpretation\":\"Palette\""));
    assert_non_null(strstr(out, "\"noDataValue\":0.0"));
    assert_non_null(strstr(out, "\"type\":\"Byte\""));
    assert_non_null(strstr(out, "\"palette\":\"RGB\""));
    const char *cat = strstr(out, "\"categories\":[");
    assert_non_null(cat);
    assert_non_null(strstr(cat, "\"interference\""));
    /* all 24 cells hold a kind: min 1 (covered), max 4 (unmeasured) */
    assert_non_null(strstr(out, "\"minimum\":1.0"));
    assert_non_null(strstr(out, "\"maximum\":4.0"));
    free(out);
    unlink(fpath(fx, "k.tif.aux.xml", 0)); /* -stats rewrote it; not ours to compare */
}

/* Equal inputs give byte-identical TIFF, side file and style, even a second apart. */
static void outputs_byte_identical(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *names[2][3] = {{"a.tif", "a.tif.aux.xml", "a.qml"},
                               {"b.tif", "b.tif.aux.xml", "b.qml"}};
    for (int r = 0; r < 2; r++) {
        if (r) sleep(1);
        assert_int_equal(dtmap_cellkind_raster_write(fpath(fx, names[r][0], 0), &fx->spec, 0, &err),
                         DTMAP_OK);
        assert_int_equal(dtmap_cellkind_write_qml(fpath(fx, names[r][2], 0), 0, &err), DTMAP_OK);
    }
    for (int f = 0; f < 3; f++) {
        size_t na, nb;
        char *a = testutil_slurp(fpath(fx, names[0][f], 0), &na);
        char *b = testutil_slurp(fpath(fx, names[1][f], 1), &nb);
        assert_non_null(a);
        assert_non_null(b);
        assert_true(na > 100);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        free(a);
        free(b);
    }
}

/* Existing outputs are refused without overwrite (untouched) and replaced with it; bad specs
 * and unwritable folders fail naming the culprit and leave nothing behind. */
static void overwrite_and_errors(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "o.tif", 0), *aux = fpath(fx, "o.tif.aux.xml", 1);
    assert_int_equal(dtmap_cellkind_raster_write(path, &fx->spec, 0, &err), DTMAP_OK);
    size_t n0, n1;
    char *before = testutil_slurp(path, &n0);
    uint8_t all_weak[NCELLS];
    memset(all_weak, W, sizeof all_weak);
    dtmap_cellkind_raster_spec spec = fx->spec;
    spec.kinds = all_weak;
    assert_int_equal(dtmap_cellkind_raster_write(path, &spec, 0, &err), DTMAP_ERR_EXISTS);
    char *after = testutil_slurp(path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
    assert_int_equal(dtmap_cellkind_raster_write(path, &spec, 1, &err), DTMAP_OK);
    uint8_t got[NCELLS];
    GDALDatasetH ds = open_bytes(path, got, NCOLS, NROWS);
    assert_memory_equal(got, all_weak, NCELLS);
    assert_string_equal(GDALGetMetadataItem(ds, "CELLS_WEAK", NULL), "24");
    assert_string_equal(GDALGetMetadataItem(ds, "CELLS_COVERED", NULL), "0");
    GDALClose(ds);
    assert_int_equal(testutil_dir_entries(fx->dir), 2);

    /* A side file alone still counts as an existing output. */
    unlink(path);
    assert_int_equal(dtmap_cellkind_raster_write(path, &spec, 0, &err), DTMAP_ERR_EXISTS);
    assert_non_null(strstr(err.detail, aux));
    assert_int_equal(access(path, F_OK), -1);
    unlink(aux);

    all_weak[NCOLS + 2] = 5; /* col 2, row 1 */
    assert_int_equal(dtmap_cellkind_raster_write(path, &spec, 0, &err), DTMAP_ERR_USAGE);
    assert_non_null(strstr(err.detail, "col 2, row 1"));
    assert_non_null(strstr(err.detail, path));
    spec.kinds = NULL;
    assert_int_equal(dtmap_cellkind_raster_write(path, &spec, 0, &err), DTMAP_ERR_USAGE);
    dtmap_grid empty = fx->grid;
    empty.nrows = 0;
    spec = fx->spec;
    spec.grid = &empty;
    assert_int_equal(dtmap_cellkind_raster_write(path, &spec, 0, &err), DTMAP_ERR_EMPTY);

    char bad[4300];
    snprintf(bad, sizeof bad, "%s/no-such-folder/k.tif", fx->dir);
    assert_int_equal(dtmap_cellkind_raster_write(bad, &fx->spec, 0, &err), DTMAP_ERR_IO);
    assert_non_null(strstr(err.detail, bad));
    assert_null(strstr(err.detail, ".tmp-")); /* told before GDAL sees the temporary's name */
    snprintf(bad, sizeof bad, "%s/no-such-folder/k.qml", fx->dir);
    assert_int_equal(dtmap_cellkind_write_qml(bad, 0, &err), DTMAP_ERR_IO);
    assert_int_equal(testutil_dir_entries(fx->dir), 0);
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

/* The style is a paletted renderer of values 1..4 with the kind colours and names; refused
 * when it exists without overwrite. */
static void qml_paletted(void **state) {
    fixture *fx = *state;
    dtmap_error err;
    const char *path = fpath(fx, "kind_lte.qml", 0);
    assert_int_equal(dtmap_cellkind_write_qml(path, 0, &err), DTMAP_OK);
    size_t n;
    char *text = testutil_slurp(path, &n);
    assert_non_null(text);
    CPLXMLNode *tree = CPLParseXMLString(text);
    free(text);
    assert_non_null(tree);
    CPLXMLNode *r = CPLGetXMLNode(tree, "=qgis.pipe.rasterrenderer");
    assert_non_null(r);
    assert_string_equal(CPLGetXMLValue(r, "type", ""), "paletted");
    CPLXMLNode *pal = CPLGetXMLNode(r, "colorPalette");
    int count;
    child(pal, "paletteEntry", 0, &count);
    assert_int_equal(count, 4);
    const dtmap_class *c = dtmap_cellkind_classes();
    for (int k = 0; k < 4; k++) {
        CPLXMLNode *e = child(pal, "paletteEntry", k, NULL);
        assert_int_equal(atoi(CPLGetXMLValue(e, "value", "")), k + 1);
        assert_string_equal(CPLGetXMLValue(e, "color", ""), c[k].colour);
        assert_string_equal(CPLGetXMLValue(e, "label", ""), c[k].name);
    }
    CPLDestroyXMLNode(tree);
    assert_int_equal(dtmap_cellkind_write_qml(path, 0, &err), DTMAP_ERR_EXISTS);
    assert_int_equal(dtmap_cellkind_write_qml(path, 1, &err), DTMAP_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_and_classes),
        cmocka_unit_test(classify_by_hand),
        cmocka_unit_test(classify_errors),
        cmocka_unit_test_setup_teardown(raster_reads_back, setup, teardown),
        cmocka_unit_test_setup_teardown(raster_gdalinfo, setup, teardown),
        cmocka_unit_test_setup_teardown(outputs_byte_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(overwrite_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(qml_paletted, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
