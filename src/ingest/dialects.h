/* dialects.h: which log dialect a header belongs to (G-NetTrack, OpenCelliD-style, dtmap's own
 * normalised CSV, generic CSV), where its logical columns are, and its value conventions. */
#ifndef DTMAP_INGEST_DIALECTS_H
#define DTMAP_INGEST_DIALECTS_H

#include <stddef.h>

#include "dtmap/ingest.h"

typedef struct ingest_dialect {
    char format[32];          /* "gnettrack", "opencellid", "dtmap", "csv" */
    int col[DTMAP_COL_COUNT]; /* header index of each logical column, -1 when absent */
    int dup[DTMAP_COL_COUNT]; /* a later column of the same name as col's (ignored), or -1 */
    size_t nheader;           /* fields in the header row */
    char tech_header[48];     /* the tech column's name as written, for reject details */
    int endc_is_lte;          /* NetworkMode present: "5G" means EN-DC (see dialects.c) */
    int gnettrack_markers;    /* metric values -200, -205, -340 mean "not measured" */
    int accept_other;         /* tech "other" is carried (dtmap's own files) */
} ingest_dialect;

/* Maps a header row to a dialect. Overrides in opts->column win over detection ("-" ignores
 * the column). A name that appears twice maps to its first column; d->dup says where the
 * second is, for the caller's warning. Returns
 * DTMAP_OK, or DTMAP_ERR_FORMAT naming path and the missing column or unknown override. */
dtmap_status dtmapi_ingest_dialect_detect(const char *path, char *const *names, size_t n,
                                          const dtmap_ingest_opts *opts, ingest_dialect *d,
                                          dtmap_error *err);

/* Maps a tech column value (spellings compared without case, spaces, '-', '_', '.', '/' or
 * brackets). Returns 1 and sets *tech; 0 with the reject detail written for a value that is
 * known but not mapped (2G/3G) or empty; -1 with the detail for a value no table knows. */
int dtmapi_ingest_tech_map(const ingest_dialect *d, const char *value, dtmap_tech *tech,
                           char *detail, size_t detailn);

#endif
