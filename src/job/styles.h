/* styles.h (private): how the map job's rasters look in QGIS: a .qml of the same base name
 * beside every raster, and per classed layer the Byte class raster (style.h) of the profile's
 * coverage classes. */
#ifndef DTMAP_JOB_STYLES_H
#define DTMAP_JOB_STYLES_H

#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "dtmap/run.h"
#include "dtmap/tiled.h"

#define STYLES_MAX_FILES 5
#define STYLES_NAME_SIZE 96 /* a layer raster's base name (< 64) + "_class.tif.aux.xml" */

/* The file names (inside the output folder) dtmapi_styles_write_layer will write for layer l:
 * "rsrp_lte.qml", "rsrp_lte_samples.qml", and when the profile classes the metric
 * "rsrp_lte_class.tif", its ".tif.aux.xml" (category names) and "rsrp_lte_class.qml".
 * Returns how many (names[0..n)). */
int dtmapi_styles_layer_files(const dtmap_map_opts *o, const dtmap_layer *l,
                              char names[STYLES_MAX_FILES][STYLES_NAME_SIZE]);

/* Opens layer l's class raster (tiled over grid, tile side T: per cell the profile class of the
 * layer's value) for its tiles; *out is committed by the caller (dtmap/tiled.h). Only for a
 * layer whose metric the profile classes. Errors: those of dtmap_class_tiled_begin. */
dtmap_status dtmapi_styles_class_begin(const char *outdir, const dtmap_grid *grid, int T,
                                       const dtmap_crs *crs, const dtmap_map_opts *o,
                                       const dtmap_layer *l, dtmap_tiled **out, dtmap_error *err);

/* Writes the styles of layer l, after its rasters: classes as a discrete ramp, or a continuous
 * one over the layer's min..max when the profile has no classes; the count ramp over
 * 1..count_max; the class raster's paletted style. */
dtmap_status dtmapi_styles_write_layer(const char *outdir, const dtmap_map_opts *o,
                                       const dtmap_layer *l, double count_max, dtmap_error *err);

/* "ecl_nbiot.qml" (CE0/CE1/CE2 palette) and "ecl_ce2_share_nbiot.qml" (0..100 % ramp). */
int dtmapi_styles_ecl_files(const dtmap_ecl_result *e, char names[2][80]);
dtmap_status dtmapi_styles_write_ecl(const char *outdir, const dtmap_map_opts *o,
                                     const dtmap_ecl_result *e, dtmap_error *err);

#endif
