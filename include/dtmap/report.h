/* report.h: the area report of a run: areas.csv and areas.json for machines (one record per
 * area and technology, every key figure), and report.md for people (one section per area with
 * its key figures, its worst gaps and its charts). */
#ifndef DTMAP_REPORT_H
#define DTMAP_REPORT_H

#include <stddef.h>

#include "dtmap/areagaps.h"
#include "dtmap/areas.h"
#include "dtmap/kpi.h"
#include "dtmap/profile.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The charts of one area and technology: paths relative to the report's folder, without the
 * extension (each exists as .png and .svg), "" when the chart was not drawn (no values). */
typedef struct dtmap_report_charts {
    char rsrp_cdf[128], rsrp_hist[128];
    char sinr_cdf[128], sinr_hist[128];
    char map[128];
} dtmap_report_charts;

/* What the report is made of; all borrowed. */
typedef struct dtmap_report {
    const dtmap_areas *areas;
    const dtmap_area_kpi *kpi; /* nkpi records, grouped by area (ascending), then by
                                  technology (ascending dtmap_tech) */
    size_t nkpi;
    const dtmap_report_charts *charts; /* charts[k] belongs to kpi[k]; NULL: no charts */
    const dtmap_area_gaps *gaps;       /* ranked (dtmap_area_gaps_rank) */
    const dtmap_profile *profile;      /* named with its thresholds' sources; NULL = default */
    const char *crs;                   /* "EPSG:32649" */
    double res_m;                      /* grid cell size */
    const char *method;                /* "idw (power 2, radius 60 m, ...)" free text */
    double min_gap_area_m2;
    const char *gaps_file; /* "area_gaps.gpkg" (named in the Markdown) */
    const char *title;     /* Markdown title; NULL: "Coverage report" */
    size_t gaps_listed;    /* worst gaps listed per area and kind in the Markdown
                              (0: 5) */
} dtmap_report;

/* Writes areas.csv-style CSV at path: a header row, then one row per kpi record with columns
 * area, tech, area_m2, covered_share, weak_share, interference_share, unmeasured_share
 * (UNMEASURED + NONE), measured_share, rsrp_threshold, sinr_threshold (empty when none),
 * samples, samples_per_km2, rsrp_n, rsrp_mean, rsrp_p5, rsrp_median, rsrp_p95, sinr_n,
 * sinr_mean, sinr_p5, sinr_median, sinr_p95, then per RSRP level "rsrp_ge_<level>_share"
 * (levels of the first record of each technology: every record of a technology has the same
 * levels; a column a technology lacks is empty), per RSRP and SINR class
 * "rsrp_class_<name>_share" / "sinr_class_<name>_share" (union over technologies in profile
 * order, empty where missing), gaps_weak, gaps_interference, gaps_unmeasured (counts), and
 * largest_gap_m2. Numbers use '.' whatever the locale (shares 4 decimals, dB 1 decimal, areas
 * 1 decimal); NAN is an empty field; text fields are quoted by RFC 4180 rules when needed.
 * UTF-8 without BOM. Atomic (fileio.h). Errors: DTMAP_ERR_EXISTS, DTMAP_ERR_IO, DTMAP_ERR_USAGE
 * (NULL report or areas). */
dtmap_status dtmap_report_write_csv(const char *path, const dtmap_report *rep, int overwrite,
                                    dtmap_error *err);

/* Writes JSON at path: {"profile": {...name, thresholds with sources}, "crs", "res_m",
 * "method", "min_gap_area_m2", "areas": [{"name", "area_m2", "technologies": [{"tech", every
 * figure of dtmap_area_kpi by name ("kind_share": {"covered": .., "weak": .., "interference":
 * .., "unmeasured": .., "outside_grid": ..}, "levels": [{"rsrp_dbm", "share",
 * "share_measured"}], "rsrp": {"n", "mean", "min", "p5", "median", "p95", "max"}, "sinr": {..},
 * "rsrp_classes": [{"name", "lower", "samples", "share"}], "sinr_classes": [..]), "charts":
 * {..paths with .png}, "gaps": [worst first: {"rank", "kind", "area_m2", "worst", "mean",
 * "threshold", "deficit_db", "samples", "ncells", "centroid_lon", "centroid_lat"}]}]}]}.
 * NAN is null; full precision numbers (%.17g trimmed is fine, locale-independent); strings
 * escaped per RFC 8259 (UTF-8 kept). Atomic. Errors as dtmap_report_write_csv. */
dtmap_status dtmap_report_write_json(const char *path, const dtmap_report *rep, int overwrite,
                                     dtmap_error *err);

/* Writes the Markdown report at path: a title, a short "how to read" paragraph (the kinds,
 * the thresholds and their sources, grid, method, minimum gap area, where the gap polygons
 * are), an overview table (one row per area and technology: covered / weak / interference /
 * unmeasured shares, samples per km2, median RSRP), then one "## <area name>" section per area:
 * its area in km2, per technology a key-figure table, the RSRP level shares, the class shares,
 * a table of its worst gaps per kind (rank, area m2, worst, mean, samples, centroid lon/lat
 * with 6 decimals), and its charts as images (![..](charts/...png)). Names are Markdown-escaped
 * (| * _ ` [ ] < > #). Atomic. Errors as dtmap_report_write_csv. */
dtmap_status dtmap_report_write_markdown(const char *path, const dtmap_report *rep, int overwrite,
                                         dtmap_error *err);

#ifdef __cplusplus
}
#endif
#endif
