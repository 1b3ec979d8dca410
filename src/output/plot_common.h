/* plot_common.h: what the chart files share: drawing one page to BASE.png and BASE.svg through
 * PLplot with its errors caught, the colour slots, and text made safe for PLplot. */
#ifndef DTMAP_PLOT_COMMON_H
#define DTMAP_PLOT_COMMON_H

#include <stddef.h>

#include "dtmap/status.h"

/* Colour slots of PLplot's cmap0 set up for every chart (plcol0(slot) selects one). */
enum {
    PLOT_BG = 0,      /* white page */
    PLOT_INK,         /* near-black text, axes, frames, area outlines */
    PLOT_GRID,        /* light grey grid lines */
    PLOT_THRESHOLD,   /* dark red weak / interference line */
    PLOT_LINE,        /* dark blue data line (CDF) */
    PLOT_GAP,         /* blue gap outlines */
    PLOT_PANEL,       /* very light grey legend background */
    PLOT_WHITE,       /* pure white (scale bar, no-data box) */
    PLOT_MUTED,       /* mid grey (bar outlines, secondary text) */
    PLOT_SCRATCH,     /* set freely by a chart with plot_colour */
    PLOT_CLASS0 = 16, /* class i in slot PLOT_CLASS0 + i (opaque) */
    PLOT_BAND0 = 48,  /* class i in slot PLOT_BAND0 + i (light, for shaded bands) */
    PLOT_NCOLOURS = 80
};

/* Draws one page on the current PLplot stream (already initialised, page advanced, colours
 * set). ctx is the chart's own data. */
typedef void (*plot_draw_fn)(const void *ctx);

/* Draws the page twice, with "pngcairo" and "svg", into memory, then writes base.png and
 * base.svg through temporary names and renames both into place. width x height is the PNG size
 * in pixels. Errors: DTMAP_ERR_USAGE (empty base), DTMAP_ERR_EXISTS, DTMAP_ERR_IO (a driver
 * missing, PLplot reporting an error: detail "base.png: PLplot: ...", a file that cannot be
 * written: detail names it), DTMAP_ERR_NOMEM. Nothing is left behind on error. */
dtmap_status dtmapi_plot_render(const char *base, int width, int height, plot_draw_fn draw,
                                const void *ctx, int overwrite, dtmap_error *err);

/* Parses "#rrggbb" into rgb; returns 0, or -1 when s is not that form. */
int dtmapi_plot_parse_colour(const char *s, int rgb[3]);

/* Sets cmap0 slot to rgb with opacity alpha (0..1). */
void dtmapi_plot_set_colour(int slot, const int rgb[3], double alpha);

/* Copies UTF-8 text for PLplot into out (always NUL-terminated): invalid bytes become '?',
 * control characters a space, PLplot's escape '#' is doubled, and text beyond maxcp code points
 * (or beyond what out holds) is cut and ends with "…". NULL reads as "". */
void dtmapi_plot_text(const char *in, size_t maxcp, char *out, size_t size);

/* The same without doubling '#': text for people (reports, legends before dtmapi_plot_text). */
void dtmapi_plot_clean(const char *in, size_t maxcp, char *out, size_t size);

/* Prints v with exactly decimals digits after the point ("-110", "12.3"), the same in every
 * locale; a value that rounds to zero prints without a sign. */
void dtmapi_plot_fmt(double v, int decimals, char *buf, size_t size);

/* Prints a bound or step the short way: whole numbers without decimals ("-110"), others with
 * one ("-3.5"). */
void dtmapi_plot_fmt_num(double v, char *buf, size_t size);

/* Class name for people, cleaned as dtmapi_plot_clean does: '_' read as a space ("very_poor" ->
 * "very poor"). */
void dtmapi_plot_class_name(const char *name, char *buf, size_t size);

/* Width of a PLplot text at the current character size, in world x units of the current
 * window (0 for empty text). */
double dtmapi_plot_text_width(const char *text);

/* Millimetres as world units of the current window, along x and along y. */
double dtmapi_plot_mm_to_wx(double mm);
double dtmapi_plot_mm_to_wy(double mm);

/* Draws the filled rectangle [x0, x1] x [y0, y1] (world units) in the current colour. */
void dtmapi_plot_rect(double x0, double y0, double x1, double y1);

#endif
