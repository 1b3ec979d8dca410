/* style.c: QGIS .qml styles beside rasters: classed (discrete), continuous and paletted
 * renderers, plus the legend labels shared with the class raster (the class lookup and checks
 * are core/class_list.c). */
#include "dtmap/style.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cpl_port.h>
#include <cpl_string.h>

#include "core/text.h"
#include "dtmap/fileio.h"

#define LABEL_MAX 160 /* bytes of one legend label */
#define RAMP_STOPS 5

/* Colours of the continuous ramps, low value first: ColorBrewer RdYlGn, Blues (without its
 * palest steps, so a cell of one sample still shows on white), YlOrRd. */
static const char *const RAMP_COLOURS[DTMAP_RAMP_COUNT_OF][RAMP_STOPS] = {
    [DTMAP_RAMP_SIGNAL] = {"#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"},
    [DTMAP_RAMP_COUNT] = {"#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"},
    [DTMAP_RAMP_SHARE] = {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"},
};

/* Prints v with "%.10g" and '.' whatever the locale (profile bounds print as written); -0
 * prints as 0. */
static void num(char *buf, size_t size, double v) {
    if (v == 0) v = 0; /* -0 */
    CPLsnprintf(buf, size, "%.10g", v);
}

/* Prints v with a fixed number of decimals, '.' whatever the locale, no "-0". */
static void num_fixed(char *buf, size_t size, double v, int decimals) {
    if (fabs(v) < 0.5 * pow(10, -decimals)) v = 0;
    CPLsnprintf(buf, size, "%.*f", decimals, v);
}

/* See style.h. */
int dtmap_class_label(const dtmap_class *classes, int n, int i, const char *unit, char *buf,
                      size_t size) {
    char name[sizeof classes->name], lo[32], hi[32], sp[40] = "";
    if (size == 0) return 0;
    buf[0] = '\0';
    if (classes == NULL || i < 0 || i >= n) return 0;
    snprintf(name, sizeof name, "%s", classes[i].name);
    for (char *p = name; *p; p++)
        if (*p == '_') *p = ' ';
    if (name[0] == '\0') snprintf(name, sizeof name, "class %d", i + 1);
    if (unit != NULL && unit[0] != '\0') snprintf(sp, sizeof sp, " %.30s", unit);
    if (n == 1) return snprintf(buf, size, "%s (all values)", name);
    if (i < n - 1) num(lo, sizeof lo, classes[i].lower);
    if (i > 0) num(hi, sizeof hi, classes[i - 1].lower);
    if (i == 0) return snprintf(buf, size, "%s (>= %s%s)", name, lo, sp);
    if (i == n - 1) return snprintf(buf, size, "%s (< %s%s)", name, hi, sp);
    return snprintf(buf, size, "%s (>= %s, < %s%s)", name, lo, hi, sp);
}

/* Writes s as the inside of an XML attribute value: markup characters escaped, control
 * characters and invalid UTF-8 bytes replaced by '?', so the file is always well-formed. */
static void put_attr(FILE *fp, const char *s) {
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        int len = dtmapi_utf8_next((const char *)p, SIZE_MAX, NULL);
        if (len > 1) {
            fwrite(p, 1, (size_t)len, fp);
            p += len;
            continue;
        }
        switch (*p) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        case '\'':
            fputs("&apos;", fp);
            break;
        default:
            fputc(len == 1 && (*p >= 0x20 || *p == '\t') ? *p : '?', fp);
            break;
        }
        p++;
    }
}

/* The document start and the pipe up to the renderer's own children. type is the renderer
 * ("singlebandpseudocolor", "paletted"); extra holds more renderer attributes (or ""). */
static void qml_begin(FILE *fp, const char *type, const char *extra) {
    fputs("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
          "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
          "  <pipe>\n"
          "    <provider>\n"
          "      <resampling enabled=\"false\" zoomedInResamplingMethod=\"nearestNeighbour\""
          " zoomedOutResamplingMethod=\"nearestNeighbour\" maxOversampling=\"2\"/>\n"
          "    </provider>\n",
          fp);
    fprintf(fp,
            "    <rasterrenderer type=\"%s\" band=\"1\" opacity=\"1\" alphaBand=\"-1\""
            " nodataColor=\"\"%s>\n",
            type, extra);
    fputs("      <rasterTransparency/>\n"
          "      <minMaxOrigin>\n"
          "        <limits>None</limits>\n"
          "        <extent>WholeRaster</extent>\n"
          "        <statAccuracy>Estimated</statAccuracy>\n"
          "        <cumulativeCutLower>0.02</cumulativeCutLower>\n"
          "        <cumulativeCutUpper>0.98</cumulativeCutUpper>\n"
          "        <stdDevFactor>2</stdDevFactor>\n"
          "      </minMaxOrigin>\n",
          fp);
}

/* Closes the renderer and the document. */
static void qml_end(FILE *fp) {
    fputs("    </rasterrenderer>\n"
          "    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
          "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" invertColors=\"0\""
          " colorizeOn=\"0\" colorizeRed=\"255\" colorizeGreen=\"128\" colorizeBlue=\"128\""
          " colorizeStrength=\"100\"/>\n"
          "    <rasterresampler maxOversampling=\"2\"/>\n"
          "    <resamplingStage>resamplingFilter</resamplingStage>\n"
          "  </pipe>\n"
          "  <blendMode>0</blendMode>\n"
          "</qgis>\n",
          fp);
}

/* One colour-ramp item (value given as text: "inf" or a number). */
static void put_item(FILE *fp, const char *value, const char *colour, const char *label) {
    fprintf(fp, "          <item value=\"%s\" color=\"", value);
    put_attr(fp, colour);
    fputs("\" alpha=\"255\" label=\"", fp);
    put_attr(fp, label);
    fputs("\"/>\n", fp);
}

/* Body of the classed value style (see dtmap_style_write_qml). */
static void classed_body(FILE *fp, const dtmap_class *c, int n, const char *unit) {
    char lo[40] = "nan", hi[40] = "nan", extra[128], label[LABEL_MAX], value[40];
    if (n > 1) {
        num(lo, sizeof lo, c[n - 2].lower);
        num(hi, sizeof hi, c[0].lower);
    }
    snprintf(extra, sizeof extra, " classificationMin=\"%s\" classificationMax=\"%s\"", lo, hi);
    qml_begin(fp, "singlebandpseudocolor", extra);
    fprintf(fp,
            "      <rastershader>\n"
            "        <colorrampshader colorRampType=\"DISCRETE\" classificationMode=\"1\""
            " clip=\"0\" minimumValue=\"%s\" maximumValue=\"%s\" labelPrecision=\"0\">\n",
            lo, hi);
    /* QGIS draws a cell in the first item whose value is >= the cell's, so an item ends its
     * class inclusively. Class i ends just below class i-1's bound: at the largest float below
     * it, printed exactly, so a Float32 cell on the bound goes to the better class. */
    for (int i = n - 1; i >= 0; i--) {
        if (i > 0)
            CPLsnprintf(value, sizeof value, "%.17g",
                        (double)nextafterf((float)c[i - 1].lower, -INFINITY));
        else
            snprintf(value, sizeof value, "inf");
        dtmap_class_label(c, n, i, unit, label, sizeof label);
        put_item(fp, value, c[i].colour, label);
    }
    fputs("        </colorrampshader>\n"
          "      </rastershader>\n",
          fp);
    qml_end(fp);
}

/* Writes the whole style document to fp; args is the writer's own argument struct. */
typedef void (*qml_body)(FILE *fp, const void *args);

/* Runs body into a new .qml at path (fileio.h: temporary name, then rename). */
static dtmap_status qml_write(const char *path, int overwrite, qml_body body, const void *args,
                              dtmap_error *err) {
    dtmap_outfile of = {0};
    FILE *fp = NULL;
    if (path == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "style: no path given");
    dtmap_status st = dtmap_outfile_fopen(path, overwrite, &of, &fp, err);
    if (st != DTMAP_OK) return st;
    body(fp, args);
    return dtmap_outfile_close_commit(&of, fp, err); /* checks write errors, removes on failure */
}

/* Arguments of the classed and class-raster styles. */
typedef struct classed_args {
    const dtmap_class *classes;
    int n;
    const char *unit;
} classed_args;

/* qml_body of the classed value style. */
static void classed_run(FILE *fp, const void *args) {
    const classed_args *a = args;
    classed_body(fp, a->classes, a->n, a->unit);
}

/* See style.h. */
dtmap_status dtmap_style_write_qml(const char *path, const dtmap_class *classes, int n,
                                   const char *unit, int overwrite, dtmap_error *err) {
    dtmap_status st = dtmap_classes_check(classes, n, err);
    if (st != DTMAP_OK) return st;
    classed_args a = {classes, n, unit};
    return qml_write(path, overwrite, classed_run, &a, err);
}

/* Arguments of the continuous style. */
typedef struct ramp_args {
    dtmap_ramp ramp;
    double min, max;
    const char *unit;
} ramp_args;

/* qml_body of the continuous style: the stops, then a continuous legend with the unit. */
static void ramp_run(FILE *fp, const void *args) {
    const ramp_args *a = args;
    char lo[40], hi[40], extra[128], value[40], label[LABEL_MAX], v[40];
    double range = a->max - a->min;
    /* Decimals that tell the five stops apart: none for a range of tens, more below. */
    int decimals = (int)(1 - floor(log10(range)));
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    num(lo, sizeof lo, a->min);
    num(hi, sizeof hi, a->max);
    snprintf(extra, sizeof extra, " classificationMin=\"%s\" classificationMax=\"%s\"", lo, hi);
    qml_begin(fp, "singlebandpseudocolor", extra);
    fprintf(fp,
            "      <rastershader>\n"
            "        <colorrampshader colorRampType=\"INTERPOLATED\" classificationMode=\"1\""
            " clip=\"0\" minimumValue=\"%s\" maximumValue=\"%s\" labelPrecision=\"%d\">\n",
            lo, hi, decimals);
    if (a->ramp == DTMAP_RAMP_COUNT) {
        /* Below min nothing is drawn (cells without samples stay see-through): a transparent
         * first stop at the largest float below min, which QGIS uses for every lower value. */
        CPLsnprintf(value, sizeof value, "%.17g", (double)nextafterf((float)a->min, -INFINITY));
        fprintf(fp,
                "          <item value=\"%s\" color=\"#ffffff\" alpha=\"0\""
                " label=\"not drawn\"/>\n",
                value);
    }
    for (int k = 0; k < RAMP_STOPS; k++) {
        double x = k == RAMP_STOPS - 1 ? a->max : a->min + range * k / (RAMP_STOPS - 1);
        num(value, sizeof value, x);
        num_fixed(v, sizeof v, x, decimals);
        snprintf(label, sizeof label, "%s%s%.30s", v, a->unit && a->unit[0] ? " " : "",
                 a->unit ? a->unit : "");
        put_item(fp, value, RAMP_COLOURS[a->ramp][k], label);
    }
    fputs("          <rampLegendSettings minimumLabel=\"\" maximumLabel=\"\" prefix=\"\""
          " suffix=\"",
          fp);
    if (a->unit && a->unit[0]) {
        fputc(' ', fp);
        put_attr(fp, a->unit);
    }
    fprintf(fp,
            "\" direction=\"0\" useContinuousLegend=\"1\" orientation=\"2\">\n"
            "            <numericFormat id=\"basic\">\n"
            "              <Option type=\"Map\">\n"
            "                <Option name=\"decimals\" value=\"%d\" type=\"int\"/>\n"
            "                <Option name=\"rounding_type\" value=\"0\" type=\"int\"/>\n"
            "                <Option name=\"show_plus\" value=\"false\" type=\"bool\"/>\n"
            "                <Option name=\"show_thousand_separator\" value=\"false\""
            " type=\"bool\"/>\n"
            "                <Option name=\"show_trailing_zeros\" value=\"false\" type=\"bool\"/>\n"
            "              </Option>\n"
            "            </numericFormat>\n"
            "          </rampLegendSettings>\n"
            "        </colorrampshader>\n"
            "      </rastershader>\n",
            decimals);
    qml_end(fp);
}

/* See style.h. */
dtmap_status dtmap_style_write_ramp_qml(const char *path, dtmap_ramp ramp, double min, double max,
                                        const char *unit, int overwrite, dtmap_error *err) {
    if ((unsigned)ramp >= DTMAP_RAMP_COUNT_OF)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: unknown colour ramp %d",
                               path ? path : "style", (int)ramp);
    if (!isfinite(min) || !isfinite(max) || !(min < max))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: ramp range %g..%g is not increasing",
                               path ? path : "style", min, max);
    ramp_args a = {ramp, min, max, unit};
    return qml_write(path, overwrite, ramp_run, &a, err);
}

/* Arguments of the paletted style. */
typedef struct paletted_args {
    const dtmap_style_entry *e;
    int n;
} paletted_args;

/* qml_body of the paletted style: one paletteEntry per entry, in order. */
static void paletted_run(FILE *fp, const void *args) {
    const paletted_args *a = args;
    char value[40];
    qml_begin(fp, "paletted", "");
    fputs("      <colorPalette>\n", fp);
    for (int i = 0; i < a->n; i++) {
        num(value, sizeof value, a->e[i].value);
        fprintf(fp, "        <paletteEntry value=\"%s\" color=\"", value);
        put_attr(fp, a->e[i].colour);
        fputs("\" alpha=\"255\" label=\"", fp);
        put_attr(fp, a->e[i].label);
        fputs("\"/>\n", fp);
    }
    fputs("      </colorPalette>\n", fp);
    qml_end(fp);
}

/* See style.h. */
dtmap_status dtmap_style_write_paletted_qml(const char *path, const dtmap_style_entry *entries,
                                            int n, int overwrite, dtmap_error *err) {
    const char *p = path ? path : "style";
    if (entries == NULL || n < 1 || n > 255)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: %d palette entries (need 1 to 255)", p,
                               entries == NULL ? 0 : n);
    for (int i = 0; i < n; i++)
        if (!isfinite(entries[i].value) || !dtmap_colour_ok(entries[i].colour))
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "%s: palette entry %d: value %g, colour '%.8s' (need a finite "
                                   "value and #rrggbb)",
                                   p, i + 1, entries[i].value,
                                   entries[i].colour ? entries[i].colour : "");
    paletted_args a = {entries, n};
    return qml_write(path, overwrite, paletted_run, &a, err);
}

/* See style.h. */
dtmap_status dtmap_style_write_class_qml(const char *path, const dtmap_class *classes, int n,
                                         const char *unit, int overwrite, dtmap_error *err) {
    dtmap_style_entry e[255];
    char labels[255][LABEL_MAX];
    dtmap_status st = dtmap_classes_check(classes, n, err);
    if (st != DTMAP_OK) return st;
    for (int i = 0; i < n; i++) {
        dtmap_class_label(classes, n, i, unit, labels[i], sizeof labels[i]);
        e[i] = (dtmap_style_entry){.value = i + 1, .colour = classes[i].colour, .label = labels[i]};
    }
    return dtmap_style_write_paletted_qml(path, e, n, overwrite, err);
}
