/* kpi.h: key figures of one area of interest for one technology: how much of the area is
 * covered, weak, interfered or unmeasured (area-weighted, from the grid), the share above each
 * RSRP threshold, the sampling density and the distribution of the samples taken inside it. */
#ifndef DTMAP_KPI_H
#define DTMAP_KPI_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/areas.h"
#include "dtmap/cellkind.h"
#include "dtmap/grid.h"
#include "dtmap/profile.h"
#include "dtmap/sample.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Distribution of a set of sample values. All NAN when n == 0. */
typedef struct dtmap_dist {
    uint64_t n;  /* finite values */
    double mean; /* power metrics (RSRP): averaged in mW, given in dBm; ratios: in dB */
    double min, p5, median, p95, max;
} dtmap_dist;

/* Fills *out from values[0..n-1] (NANs and infinities are left out and not counted). The
 * percentiles are linear interpolation between order statistics (numpy's default, Excel's
 * PERCENTILE.INC): p-th percentile = v[h] + (h - floor h) (v[h+1] - v[h]) with h = (m - 1) p,
 * v the m finite values sorted, 0-based. power = 1 averages through mW. values is not changed.
 * Errors: DTMAP_ERR_NOMEM (a sorted copy is made). */
dtmap_status dtmap_dist_compute(const double *values, size_t n, int power, dtmap_dist *out,
                                dtmap_error *err);

/* Most RSRP levels reported per area: the weak threshold plus the profile's class bounds. */
#define DTMAP_KPI_MAX_LEVELS (DTMAP_PROFILE_MAX_CLASSES + 1)

/* The key figures of one area for one technology. Shares are fractions 0..1 of the area's
 * planar area (dtmap_areas_area_m2); cells are weighted by the part of them inside the area
 * (dtmap_areas_cover), so a cell half inside counts half. */
typedef struct dtmap_area_kpi {
    size_t area; /* index in the dtmap_areas */
    dtmap_tech tech;
    double area_m2;                      /* the area's planar area */
    double kind_share[DTMAP_KIND_COUNT]; /* by dtmap_cellkind; [NONE] = part outside the grid;
                                            the five sum to 1 */
    double measured_share;               /* covered + weak + interference */
    double unmeasured_share;             /* [UNMEASURED] + [NONE]: never counted as covered */
    int nlevels;
    double level[DTMAP_KPI_MAX_LEVELS];       /* RSRP levels, dBm, descending, distinct: the
                                                 finite lower bounds of the profile's RSRP
                                                 classes for the technology plus the weak
                                                 threshold */
    double level_share[DTMAP_KPI_MAX_LEVELS]; /* share of the area with RSRP >= level
                                                 (unmeasured parts count as not) */
    double level_share_measured[DTMAP_KPI_MAX_LEVELS]; /* the same over the measured part only
                                                          (NAN when nothing is measured) */
    double rsrp_threshold;                             /* the rule the kinds were made with */
    int has_sinr_threshold;
    double sinr_threshold;
    uint64_t samples;       /* samples of the technology inside the area */
    double samples_per_km2; /* samples / (area_m2 / 1e6) */
    dtmap_dist rsrp, sinr;  /* of the samples inside the area */
    int nclasses[2];        /* [0] RSRP, [1] SINR: the profile's classes (0: none) */
    uint64_t class_count[2][DTMAP_PROFILE_MAX_CLASSES]; /* samples in each class, best first */
    double class_share[2][DTMAP_PROFILE_MAX_CLASSES];   /* class_count / finite values (NAN
                                                           when there are none) */
} dtmap_area_kpi;

/* Everything dtmap_area_kpi_compute looks at. Nothing is kept. */
typedef struct dtmap_area_kpi_input {
    const dtmap_grid *grid;
    const dtmap_areas *areas;
    size_t area;
    const dtmap_area_cover *cover; /* dtmap_areas_cover of that area on grid */
    dtmap_tech tech;
    const dtmap_profile *profile; /* classes; NULL = dtmap_profile_default() */
    const uint8_t *kinds;         /* dtmap_cellkind per grid cell */
    const float *rsrp;            /* RSRP per cell (dBm) */
    float nodata;
    const dtmap_cellkind_rule *rule;
    const double *rsrp_values; /* RSRP of the technology's samples inside the area */
    size_t n_rsrp;
    const double *sinr_values; /* SINR of the same samples (may hold NANs) */
    size_t n_sinr;
    uint64_t samples; /* the technology's samples inside the area, any metric */
} dtmap_area_kpi_input;

/* Computes the key figures of one area and technology into *out. Errors: DTMAP_ERR_USAGE
 * (NULL grid, areas, cover, kinds, rsrp or rule; area out of range; values NULL with n > 0),
 * DTMAP_ERR_NOMEM. */
dtmap_status dtmap_area_kpi_compute(const dtmap_area_kpi_input *in, dtmap_area_kpi *out,
                                    dtmap_error *err);

#ifdef __cplusplus
}
#endif
#endif
