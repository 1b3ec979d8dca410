/* layer.h (private): what one technology x metric layer's rasters say about themselves: the
 * metadata every map and its sample-count companion carry. */
#ifndef DTMAP_JOB_LAYER_H
#define DTMAP_JOB_LAYER_H

#include <stddef.h>

#include "dtmap/crs.h"
#include "dtmap/interp.h"
#include "dtmap/run.h"

/* The metadata of a layer's value raster (md, desc) and of its sample-count companion
 * (count_md, count_desc): NULL-terminated "KEY=VALUE" lists pointing into text and inputs. */
typedef struct layer_meta {
    char text[12][160];
    char count_unit[160];
    char *inputs; /* "INPUT_FILES=a;b;c" (owned) */
    const char *md[14], *count_md[14];
    char desc[64], count_desc[64];
} layer_meta;

/* Fills m for layer l of a run over set with options o (method and its parameters idw,
 * averaging, samples, threshold and its source, profile, CRS, version, input files). Release
 * with dtmapi_layer_meta_free. Errors: DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_layer_meta_make(const dtmap_samples *set, const dtmap_map_opts *o,
                                    const dtmap_idw_opts *idw, const dtmap_crs *crs,
                                    const dtmap_layer *l, layer_meta *m, dtmap_error *err);
void dtmapi_layer_meta_free(layer_meta *m);

#endif
