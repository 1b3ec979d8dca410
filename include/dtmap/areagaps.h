/* areagaps.h: the gaps of each area of interest: connected regions of weak, interference or
 * unmeasured cells (cellkind.h) within an area, traced with GDALPolygonize, cut to the area's
 * outline, measured, ranked by size and severity and written to a GeoPackage layer per kind. */
#ifndef DTMAP_AREAGAPS_H
#define DTMAP_AREAGAPS_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/areas.h"
#include "dtmap/cellkind.h"
#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "dtmap/plot.h"
#include "dtmap/sample.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One gap: one 4-connected region of cells of one kind, cut to one area. */
typedef struct dtmap_area_gap {
    dtmap_cellkind kind; /* WEAK, INTERFERENCE or UNMEASURED */
    int rank;            /* 1 = worst of its kind over the whole set (dtmap_area_gaps_rank);
                            0 before ranking */
    size_t area;         /* index of the area (dtmap_areas) */
    dtmap_tech tech;
    double area_m2;     /* planar area of the cut polygon, run CRS (OGR_G_Area) */
    size_t ncells;      /* cells of the region (each with some part inside the area) */
    double worst;       /* weak: lowest RSRP cell value (dBm); interference: lowest SINR (dB);
                           NAN for unmeasured */
    double mean;        /* mean over the region's cells: RSRP averaged in mW (dBm), SINR in
                           dB; NAN for unmeasured */
    double threshold;   /* the threshold the values are below; NAN for unmeasured */
    double deficit_db;  /* threshold - mean (> 0); NAN for unmeasured */
    double score;       /* ranking key: area_m2 * deficit_db (m2 dB) for weak and
                           interference, area_m2 for unmeasured */
    uint64_t samples;   /* the technology's samples inside the area lying in the region's
                           cells (for unmeasured gaps 0 unless a sample sits in a cell the
                           interpolator left empty, e.g. below --min-points) */
    double cx, cy;      /* centroid of the cut polygon, run CRS (OGR_G_Centroid) */
    double lon, lat;    /* the same centroid in WGS 84 degrees */
    unsigned char *wkb; /* the cut polygon, ISO WKB MultiPolygon in the run CRS; owned */
    size_t wkb_size;
} dtmap_area_gap;

/* A growable list of gaps. Zero it before first use; free with dtmap_area_gaps_free. */
typedef struct dtmap_area_gaps {
    dtmap_area_gap *v;
    size_t n, cap;
} dtmap_area_gaps;

/* Everything dtmap_area_gaps_find looks at, for one area and one technology. Nothing is kept. */
typedef struct dtmap_area_gaps_input {
    const dtmap_grid *grid;
    const dtmap_crs *crs; /* the run's CRS (for lon/lat of centroids) */
    const dtmap_areas *areas;
    size_t area;                   /* which area */
    const dtmap_area_cover *cover; /* dtmap_areas_cover of that area on grid */
    dtmap_tech tech;
    const uint8_t *kinds; /* dtmap_cellkind per grid cell (dtmap_cellkind_classify) */
    const float *rsrp;    /* RSRP per cell (dBm), nodata where unmeasured */
    const float *sinr;    /* SINR per cell (dB) or NULL */
    float nodata;
    const dtmap_cellkind_rule *rule; /* the thresholds the kinds were made with */
    const double *sx, *sy;           /* run-CRS positions of the technology's samples that lie
                                        inside the area (any metric), ns of them */
    size_t ns;
    double min_area_m2; /* gaps whose cut area is below this are dropped (>= 0) */
} dtmap_area_gaps_input;

/* Appends to out the gaps of one area and technology. For each kind WEAK, INTERFERENCE and
 * UNMEASURED: the cells of that kind whose cover fraction is > 0 are grouped 4-connected, the
 * regions are traced by GDALPolygonize (4-connected) into polygons in the run CRS, each polygon
 * is intersected with the area's geometry (OGR_G_Intersection; a region that only touches
 * the area along an edge or at a corner leaves an empty or non-areal result and is dropped) and
 * kept when its cut area is >= in->min_area_m2. Gaps are appended in kind order, then by
 * first cell in row-major order; rank stays 0. Errors: DTMAP_ERR_USAGE (NULL grid, crs, areas,
 * cover, kinds, rsrp or rule; area out of range), DTMAP_ERR_GDAL (detail names the step and
 * GDAL's message), DTMAP_ERR_NOMEM. On error out keeps what it had before the call. */
dtmap_status dtmap_area_gaps_find(const dtmap_area_gaps_input *in, dtmap_area_gaps *out,
                                  dtmap_error *err);

/* Sorts gaps by kind (weak, interference, unmeasured), then score descending, then area_m2
 * descending, then area index, tech, cy descending, cx ascending (a total order on distinct
 * gaps, so ranks are deterministic), and sets rank = 1, 2, ... within each kind. */
void dtmap_area_gaps_rank(dtmap_area_gaps *gaps);

/* Frees every gap's wkb and the list, and zeroes it. Accepts NULL. */
void dtmap_area_gaps_free(dtmap_area_gaps *gaps);

/* Writes a new GeoPackage at path (atomically, like dtmap_gpkg_begin/commit in gaps.h, with a
 * fixed gpkg_contents date so equal inputs give byte-identical files) holding three
 * MultiPolygon layers in the run CRS, "gaps_weak", "gaps_interference", "gaps_unmeasured"
 * (each created even when empty), one feature per gap of that kind in rank order, with fields
 * rank (int), kind, area_name, tech (label, "LTE"), area_m2, worst, mean, threshold (NULL for
 * unmeasured), unit ("dBm" weak, "dB" interference, "" unmeasured), deficit_db, score,
 * samples (int64), ncells (int), centroid_lon, centroid_lat. Errors: DTMAP_ERR_EXISTS (path
 * exists, overwrite 0), DTMAP_ERR_GDAL, DTMAP_ERR_IO, DTMAP_ERR_NOMEM; nothing is left behind
 * on failure. */
dtmap_status dtmap_area_gaps_write_gpkg(const char *path, const dtmap_area_gaps *gaps,
                                        const dtmap_areas *areas, const dtmap_crs *crs,
                                        int overwrite, dtmap_error *err);

/* Outlines for a quick-look map: every ring (exterior and holes) of the gaps of one area and
 * technology, as closed polylines in the run CRS. */
typedef struct dtmap_outlines {
    dtmap_polyline *v;
    size_t n;
    double *coords; /* storage of all x then y values the polylines point into */
} dtmap_outlines;

/* Fills *out with the rings of the gaps with that area index and tech (kinds as given by
 * kind_mask: bit (1 << kind); 0 = all). out owns its memory: free with dtmap_outlines_free.
 * Errors: DTMAP_ERR_NOMEM, DTMAP_ERR_GDAL (a WKB OGR cannot read). */
dtmap_status dtmap_area_gaps_outlines(const dtmap_area_gaps *gaps, size_t area, dtmap_tech tech,
                                      unsigned kind_mask, dtmap_outlines *out, dtmap_error *err);
/* Frees what dtmap_area_gaps_outlines gave and zeroes it. Accepts NULL. */
void dtmap_outlines_free(dtmap_outlines *out);

#ifdef __cplusplus
}
#endif
#endif
