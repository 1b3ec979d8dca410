/* plot.h: charts for the area reports, drawn with PLplot: the distribution of a metric's samples
 * (CDF and histogram, with the profile's classes and threshold marked) and a quick-look map of a
 * coverage-class grid (legend, scale bar, north arrow, area and gap outlines). Every chart is
 * written twice from one call, BASE.png (PLplot's cairo driver "pngcairo") and BASE.svg
 * (PLplot's own "svg" driver, which keeps text as UTF-8 text), both atomically through fileio.h.
 *
 * Text is UTF-8; area names may be Chinese. Glyphs come from fontconfig: with a CJK font
 * installed (fonts-noto-cjk, fonts-wqy-zenhei) Chinese renders in the PNG; without one the PNG
 * shows a box per missing glyph and nothing fails. The SVG carries the characters themselves
 * (as XML character references) and leaves fonts to the viewer.
 *
 * Equal inputs give byte-identical files, also for repeated calls in one process. PLplot keeps
 * global state: these functions are not thread-safe (call them from one thread at a time); each
 * chart uses a stream of its own and ends it, leaving the caller's current stream selected. The
 * library never prints: PLplot's abort and exit handlers are routed into the returned status
 * during a call and reset to none afterwards. */
#ifndef DTMAP_PLOT_H
#define DTMAP_PLOT_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/grid.h"
#include "dtmap/profile.h"
#include "dtmap/sample.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default image sizes in pixels (the SVG gets the same size in points). */
#define DTMAP_PLOT_DIST_WIDTH 960
#define DTMAP_PLOT_DIST_HEIGHT 640
#define DTMAP_PLOT_MAP_WIDTH 1100
#define DTMAP_PLOT_MAP_HEIGHT 820
/* Most classes a map legend takes. */
#define DTMAP_PLOT_MAX_CLASSES 32

/* What a distribution chart is about. */
typedef struct dtmap_plot_dist_spec {
    const char *area; /* UTF-8 area name ("遇龙河景区"); NULL or "": no area */
    dtmap_tech tech;  /* LTE, NR, RedCap or NB-IoT */
    dtmap_metric metric;
    const dtmap_profile *profile; /* classes and threshold of tech/metric; NULL: the default */
    int width_px, height_px;      /* PNG size; 0: DTMAP_PLOT_DIST_WIDTH x _HEIGHT */
} dtmap_plot_dist_spec;

/* Fills *out with the texts a distribution chart of these values draws (so a report can quote
 * them): the CDF's title "遇龙河景区 · LTE RSRP: cumulative distribution" (the area and " · " left
 * out without one; the histogram's title ends in "histogram" instead), the subtitle
 * "n = 1234 samples · profile default" (plus " · 5 without a value" when values held NANs) and
 * the threshold label "weak < -110 dBm: 12.3% of samples" (share strictly below;
 * "interference < 0 dB: ..." for SINR; "" when the profile has no threshold for the metric).
 * The area name is cut at 60 characters ("…"), invalid UTF-8 shows as '?'. Numbers are printed
 * the same in every locale. Errors: DTMAP_ERR_USAGE (NULL spec or out, tech OTHER or out of
 * range, metric out of range), DTMAP_ERR_NOMEM. */
typedef struct dtmap_plot_dist_text {
    char title[320];
    char subtitle[256];
    char threshold[96];
} dtmap_plot_dist_text;
dtmap_status dtmap_plot_dist_texts(const double *values, size_t n, const dtmap_plot_dist_spec *spec,
                                   dtmap_plot_dist_text *out, dtmap_error *err);

/* Cumulative distribution of values[0..n-1] (dBm or dB; NANs are counted as "without a value"
 * and left out): the share of samples at or below each value, 0..100 %, as a step line over the
 * profile's classes (shaded bands in the class colours, with a strip of class names above the
 * plot) and the weak / interference threshold as a dashed line labelled with the share of
 * samples below it. Axis labels carry units ("RSRP (dBm)"). Writes base + ".png" and
 * base + ".svg"; base may hold a folder, which must exist. Both pages are drawn in memory before
 * either file is written; nothing is left behind on error. Errors: DTMAP_ERR_USAGE (bad spec, size
 * outside 200..8000 px, empty base), DTMAP_ERR_EMPTY (no finite value), DTMAP_ERR_EXISTS (an
 * output exists and overwrite is 0), DTMAP_ERR_IO (cannot write; detail names the path; also a
 * PLplot driver missing or PLplot reporting an error, detail "PLplot: ..."), DTMAP_ERR_NOMEM. */
dtmap_status dtmap_plot_cdf(const char *base, const double *values, size_t n,
                            const dtmap_plot_dist_spec *spec, int overwrite, dtmap_error *err);

/* Histogram of the same values: bins w of 1, 2 or 5 x 10^k dB, at least 1, the finest that
 * cuts the x range into at most sqrt(n) bins (clamped to 10..60), edges on multiples of w; a
 * bar that spans a class bound is drawn in the colours of both classes, split at the bound.
 * Class bands, class strip and threshold as in dtmap_plot_cdf; y axis "Samples per <w> <unit>
 * bin" ("Samples per 10 dBm bin"). Same files and errors as dtmap_plot_cdf. */
dtmap_status dtmap_plot_histogram(const char *base, const double *values, size_t n,
                                  const dtmap_plot_dist_spec *spec, int overwrite,
                                  dtmap_error *err);

/* A line in the grid CRS, metres: n points x[i], y[i] (caller-owned). An outline is a closed
 * ring: repeat the first point at the end (it is drawn as given). A polygon with holes or
 * several parts is several polylines. */
typedef struct dtmap_polyline {
    const double *x, *y;
    size_t n;
} dtmap_polyline;

/* What a quick-look map shows. */
typedef struct dtmap_plot_map_spec {
    const char *title;    /* UTF-8, e.g. "遇龙河景区 · LTE RSRP classes"; required */
    const char *subtitle; /* UTF-8 or NULL, e.g. "25 m grid · EPSG:32649 · profile default" */
    const dtmap_grid *grid;
    const uint8_t *cls;          /* dtmap_grid_ncells cells, row 0 north: 0 = no data (blank),
                                    i = 1..nclasses = classes[i - 1], as the Byte class raster of
                                    dtmap_class_raster_write (style.h) */
    const dtmap_class *classes;  /* names and "#rrggbb" colours, best first */
    int nclasses;                /* 1..DTMAP_PLOT_MAX_CLASSES */
    const char *unit;            /* legend shows bounds in unit ("good (-95 .. -85 dBm)");
                                    NULL: names only (for classes without bounds, e.g. gap kinds) */
    const dtmap_polyline *areas; /* area outlines, drawn black; may be NULL with nareas 0 */
    size_t nareas;
    const dtmap_polyline *gaps; /* gap outlines, drawn blue; may be NULL with ngaps 0 */
    size_t ngaps;
    int width_px, height_px; /* PNG size; 0: DTMAP_PLOT_MAP_WIDTH x _HEIGHT */
} dtmap_plot_map_spec;

/* Quick-look map: cells coloured by class (a grid wider or taller than 500 cells is shown in
 * blocks of k x k cells holding their most frequent class, ties to the worse class, so a map of
 * any size stays light), no-data cells blank, area then gap outlines on top, a frame, a legend
 * at the top right (classes, "no data" when a drawn cell has none, the outline kinds given), a
 * scale bar of the longest 1, 2 or 5 x 10^k m up to a third of the width ("200 m", "2 km") and
 * a north arrow (the grid is north-up). The map keeps square cells and takes the room the
 * legend leaves, top-left aligned. Writes base + ".png" and base + ".svg" like dtmap_plot_cdf.
 * Errors: DTMAP_ERR_USAGE (NULL title, grid, cls or classes, nclasses out of range, a bad
 * colour, a class value above nclasses in cls, a polyline with NULL coordinates),
 * DTMAP_ERR_EMPTY (grid without cells, or no cell with a class), and those of dtmap_plot_cdf. */
dtmap_status dtmap_plot_map(const char *base, const dtmap_plot_map_spec *spec, int overwrite,
                            dtmap_error *err);

/* Checks that PLplot has the two drivers the charts need ("pngcairo", "svg"). DTMAP_ERR_IO names
 * the missing one and the Debian package that ships it. Cheap; every chart calls it too. */
dtmap_status dtmap_plot_check(dtmap_error *err);

/* Bytes dtmap_plot_version needs for any PLplot version string (PLplot asks for about 80). */
#define DTMAP_PLOT_VERSION_MAX 80

/* Writes the version of the PLplot libdtmap runs with (plgver, e.g. "5.15.0") into buf, cut to
 * size - 1 bytes and NUL-terminated (nothing is written when size is 0), and returns buf. Touches
 * no PLplot stream. */
char *dtmap_plot_version(char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
