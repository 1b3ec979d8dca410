/* summary.h (private): the run's summary files, summary.json and summary.csv. */
#ifndef DTMAP_SUMMARY_H
#define DTMAP_SUMMARY_H

#include "dtmap/ingest.h"
#include "dtmap/run.h"

/* Writes summary.json (inputs and their accounting, CRS, grid, method, layers) to path,
 * atomically. Errors: DTMAP_ERR_EXISTS, DTMAP_ERR_IO. */
dtmap_status dtmap_summary_write_json(const char *path, const dtmap_samples *set,
                                      const dtmap_ingest_report *rep, const dtmap_map_opts *opts,
                                      const dtmap_map_result *res, dtmap_error *err);
/* Writes summary.csv (one row per layer) to path, atomically. */
dtmap_status dtmap_summary_write_csv(const char *path, const dtmap_map_result *res, int overwrite,
                                     dtmap_error *err);

#endif
