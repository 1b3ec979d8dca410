/* style.h: how rasters look in QGIS: .qml styles (classed, continuous, paletted) written beside
 * a GeoTIFF of the same base name, and the Byte class raster (one class index per cell, with
 * an embedded colour table and class names) made from a value raster and a profile's classes. */
#ifndef DTMAP_STYLE_H
#define DTMAP_STYLE_H

#include <stddef.h>

#include "dtmap/grid.h"
#include "dtmap/tiled.h"
#include "dtmap/profile.h"
#include "dtmap/raster.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Legend label of class i for people, written into buf (always NUL-terminated; returns the
 * length snprintf would have written). The name with '_' read as a space, then its bounds in
 * unit (NULL or "": none): "excellent (>= -85 dBm)", "good (>= -95, < -85 dBm)",
 * "very poor (< -115 dBm)"; a single class reads "name (all values)". Numbers are printed the
 * same in every locale. */
int dtmap_class_label(const dtmap_class *classes, int n, int i, const char *unit, char *buf,
                      size_t size);

/* ---- QGIS styles (.qml, QGIS 3.x), written atomically through fileio.h ----
 * All styles are for band 1, show nodata cells as transparent (the raster's own nodata value is
 * used) and use nearest-neighbour resampling. Every writer fails with DTMAP_ERR_EXISTS when
 * path exists and overwrite is 0, DTMAP_ERR_IO (detail names the path) when it cannot write,
 * DTMAP_ERR_USAGE for invalid arguments; nothing is left at path on failure. Equal arguments
 * give byte-identical files. */

/* Style for a value raster (Float32 dBm / dB, e.g. rsrp_lte.tif): a single-band pseudocolour
 * renderer with a DISCRETE ramp of the n classes (labels from dtmap_class_label, worst class
 * first as QGIS wants ascending breaks). A cell exactly on a bound is drawn in the better
 * class, as dtmap_class_index classes it: each break is the largest float below the bound. */
dtmap_status dtmap_style_write_qml(const char *path, const dtmap_class *classes, int n,
                                   const char *unit, int overwrite, dtmap_error *err);

/* Continuous colour ramps for rasters without classes. */
typedef enum dtmap_ramp {
    DTMAP_RAMP_SIGNAL = 0, /* red - yellow - green: higher is better (RSRQ, SINR unclassed) */
    DTMAP_RAMP_COUNT,      /* pale to dark blue: counts and densities (samples per cell);
                              values below min are not drawn (min 1 hides empty cells) */
    DTMAP_RAMP_SHARE,      /* pale yellow to dark red: higher is worse (share of CE2 samples) */
    DTMAP_RAMP_COUNT_OF
} dtmap_ramp;

/* Style for a raster without classes: a single-band pseudocolour renderer, INTERPOLATED ramp
 * from min to max (finite, min < max; values beyond take the end colours), five labelled stops
 * with unit (NULL or "": none) and a continuous legend. */
dtmap_status dtmap_style_write_ramp_qml(const char *path, dtmap_ramp ramp, double min, double max,
                                        const char *unit, int overwrite, dtmap_error *err);

/* One entry of a paletted (categorical) style: a cell value, its "#rrggbb" colour, a label. */
typedef struct dtmap_style_entry {
    double value;
    const char *colour;
    const char *label;
} dtmap_style_entry;

/* Style for a categorical raster (class raster, ECL level): a paletted renderer with the n
 * entries (1..255) in the given order; values not listed are not drawn. */
dtmap_status dtmap_style_write_paletted_qml(const char *path, const dtmap_style_entry *entries,
                                            int n, int overwrite, dtmap_error *err);

/* Style for a class raster written by dtmap_class_raster_write with the same classes: paletted,
 * values 1..n, the class colours, labels from dtmap_class_label. */
dtmap_status dtmap_style_write_class_qml(const char *path, const dtmap_class *classes, int n,
                                         const char *unit, int overwrite, dtmap_error *err);

/* ---- the class raster ---- */

/* What a class raster is made of. Strings may be NULL (then left out of the metadata). */
typedef struct dtmap_class_raster_spec {
    const dtmap_grid *grid;
    const char *crs_wkt;
    const dtmap_band *values;   /* the value band (data, or fill by strips); only data, fill
                                   and user are used */
    float nodata;               /* nodata of values; NAN cells are nodata too */
    const dtmap_class *classes; /* best first, checked with dtmap_classes_check */
    int nclasses;
    const char *metric;          /* "RSRP" */
    const char *technology;      /* "LTE" */
    const char *unit;            /* unit of values and bounds: "dBm" */
    const char *profile;         /* profile name: "default" */
    const char *const *metadata; /* more "KEY=VALUE" (NULL-terminated) or NULL */
} dtmap_class_raster_spec;

/* Writes a Byte GeoTIFF at path holding per cell 1 + dtmap_class_index of the value (1 = best
 * class .. n), 0 where the value is nodata or NAN; 0 is the band's nodata. Tiled 256 x 256,
 * DEFLATE, CRS and geotransform from the grid; an embedded colour table (0 transparent, i the
 * colour of class i), category names ("no data", then the class names as in the profile), a
 * band description ("LTE RSRP class (profile default)") and metadata METRIC, TECHNOLOGY, UNIT,
 * PROFILE, CLASSES (count), CLASS_BOUNDS (lower bounds of classes 1..n-1, comma-separated) and
 * CLASS_<i> ("excellent: >= -85 dBm") plus spec->metadata.
 * GeoTIFF keeps category names only in GDAL's side file, so path.aux.xml is written too (the
 * names and the description, nothing else); both files go through temporary names and are
 * renamed into place, the TIFF first. Equal inputs give byte-identical files.
 * Errors: DTMAP_ERR_USAGE (bad spec or classes), DTMAP_ERR_EMPTY (grid without cells),
 * DTMAP_ERR_EXISTS (path or path.aux.xml exists and overwrite is 0), DTMAP_ERR_GDAL /
 * DTMAP_ERR_IO (detail names the path), and those of values->fill. Nothing is left behind on
 * failure. */
dtmap_status dtmap_class_raster_write(const char *path, const dtmap_class_raster_spec *spec,
                                      int overwrite, dtmap_error *err);

/* The same class raster written tile by tile (dtmap/tiled.h, tile side tile; spec->values
 * unused): the caller puts each tile's classes (1 + dtmap_class_index, 0 for nodata) and commits.
 * Errors: DTMAP_ERR_USAGE (bad classes), those of dtmap_tiled_begin. */
dtmap_status dtmap_class_tiled_begin(const char *path, const dtmap_class_raster_spec *spec,
                                     int tile, int overwrite, dtmap_tiled **out, dtmap_error *err);

#ifdef __cplusplus
}
#endif
#endif
