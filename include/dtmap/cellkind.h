/* cellkind.h: what each grid cell of a technology means for a planner: covered, weak signal,
 * interference or unmeasured. The three gap kinds are never confused: a cell without a power
 * value is "unmeasured", never "covered" or "weak". Also the Byte raster of these kinds. */
#ifndef DTMAP_CELLKIND_H
#define DTMAP_CELLKIND_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/grid.h"
#include "dtmap/tiled.h"
#include "dtmap/profile.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Kind of one cell of one technology. The values are the cells of the kind raster. */
typedef enum dtmap_cellkind {
    DTMAP_KIND_NONE = 0,         /* no kind: outside the grid (the kind raster's nodata) */
    DTMAP_KIND_COVERED = 1,      /* RSRP >= its threshold and SINR >= its threshold (or the SINR
                                    is not measured there, or has no threshold) */
    DTMAP_KIND_WEAK = 2,         /* RSRP < its threshold (whatever the SINR) */
    DTMAP_KIND_INTERFERENCE = 3, /* RSRP >= its threshold but SINR < its threshold */
    DTMAP_KIND_UNMEASURED = 4,   /* no RSRP value: no sample within the interpolator's reach */
    DTMAP_KIND_COUNT = 5
} dtmap_cellkind;

/* "none", "covered", "weak", "interference", "unmeasured" (file and layer names, JSON keys);
 * "?" out of range. Static strings. */
const char *dtmap_cellkind_name(dtmap_cellkind kind);

/* The four kinds as classes for legends and styles, index kind - 1 (covered first): names as
 * dtmap_cellkind_name, lower = NAN (kinds have no bounds), colours covered "#1a9641" (green),
 * weak "#d7191c" (red), interference "#fdae61" (orange), unmeasured "#9e9e9e" (grey).
 * Static storage, 4 entries. */
const dtmap_class *dtmap_cellkind_classes(void);

/* The thresholds one technology is judged by. */
typedef struct dtmap_cellkind_rule {
    double rsrp_threshold; /* dBm: weak below */
    int has_sinr;          /* 0: no interference kind for this technology */
    double sinr_threshold; /* dB: interference below (with RSRP at or above its threshold) */
} dtmap_cellkind_rule;

/* Classifies ncells cells: out[i] = the dtmap_cellkind of (rsrp[i], sinr[i]) under rule. A cell
 * whose rsrp is nodata or not finite is UNMEASURED (whatever its SINR); sinr may be NULL (no
 * SINR layer: no cell is INTERFERENCE), and a SINR cell that is nodata or not finite does not
 * make a cell INTERFERENCE. Never writes NONE. Errors: DTMAP_ERR_USAGE (NULL rsrp, rule or
 * out, or a non-finite threshold in use). */
dtmap_status dtmap_cellkind_classify(size_t ncells, const float *rsrp, const float *sinr,
                                     float nodata, const dtmap_cellkind_rule *rule, uint8_t *out,
                                     dtmap_error *err);

/* The gap kinds (every kind but covered, outside the grid), in the order reports, layers and
 * rankings list them: weak, interference, unmeasured. Iterate these, never a literal list. */
#define DTMAP_GAP_KIND_COUNT 3
extern const dtmap_cellkind dtmap_gap_kinds[DTMAP_GAP_KIND_COUNT];

/* Counts of each kind over ncells cells (counts[k] for k in 0..DTMAP_KIND_COUNT-1). */
void dtmap_cellkind_count(const uint8_t *kinds, size_t ncells, size_t counts[DTMAP_KIND_COUNT]);

/* What a kind raster is. Strings may be NULL (left out). */
typedef struct dtmap_cellkind_raster_spec {
    const dtmap_grid *grid;
    const char *crs_wkt;
    const uint8_t *kinds;            /* dtmap_grid_ncells cells, row 0 north */
    const char *technology;          /* "LTE" */
    const char *profile;             /* "default" */
    const dtmap_cellkind_rule *rule; /* its thresholds go into the metadata */
    const char *const *metadata;     /* more "KEY=VALUE" (NULL-terminated) or NULL */
} dtmap_cellkind_raster_spec;

/* Writes the kind raster at path: a Byte GeoTIFF (tiled, DEFLATE, CRS and geotransform from
 * the grid) with the kinds as cell values, 0 the nodata, an embedded colour table (0
 * transparent, 1..4 the colours of dtmap_cellkind_classes), category names ("none", "covered",
 * "weak", "interference", "unmeasured"; kept by GDAL in path.aux.xml, written too), band
 * description "LTE coverage and gap kinds (profile default)", and metadata TECHNOLOGY, PROFILE,
 * KINDS ("1=covered,2=weak,3=interference,4=unmeasured"), RSRP_THRESHOLD, SINR_THRESHOLD
 * ("none" without one), CELLS_<KIND> counts, plus spec->metadata. Both files go through
 * temporary names (fileio.h), equal inputs give byte-identical files. Errors: DTMAP_ERR_USAGE
 * (bad spec or a cell value above 4), DTMAP_ERR_EMPTY (grid without cells), DTMAP_ERR_EXISTS
 * (path or path.aux.xml exists and overwrite is 0), DTMAP_ERR_GDAL / DTMAP_ERR_IO (detail names
 * the path). Nothing is left behind on failure. */
dtmap_status dtmap_cellkind_raster_write(const char *path, const dtmap_cellkind_raster_spec *spec,
                                         int overwrite, dtmap_error *err);

/* The same raster written tile by tile (dtmap/tiled.h, tile side tile; spec->kinds unused): begin
 * opens it at path; the caller puts each tile's kinds (NONE outside the grid); end sets the
 * CELLS_<KIND> counts (given: the kinds of every cell, the tiles never put included) and commits
 * (or aborts on failure) w. Errors: those of dtmap_tiled_begin and dtmap_tiled_commit. */
dtmap_status dtmap_cellkind_tiled_begin(const char *path, const dtmap_cellkind_raster_spec *spec,
                                        int tile, int overwrite, dtmap_tiled **out,
                                        dtmap_error *err);
dtmap_status dtmap_cellkind_tiled_end(dtmap_tiled *w, const dtmap_cellkind_raster_spec *spec,
                                      const size_t counts[DTMAP_KIND_COUNT], dtmap_error *err);

/* Writes the QGIS style of a kind raster (paletted, values 1..4 with the kind colours and
 * names; style.h dtmap_style_write_paletted_qml). */
dtmap_status dtmap_cellkind_write_qml(const char *path, int overwrite, dtmap_error *err);

#ifdef __cplusplus
}
#endif
#endif
