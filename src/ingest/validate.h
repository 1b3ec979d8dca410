/* validate.h: one data record to one sample, or to a reject reason with a specific detail. */
#ifndef DTMAP_INGEST_VALIDATE_H
#define DTMAP_INGEST_VALIDATE_H

#include <stddef.h>

#include "dtmap/ingest.h"
#include "ingest/dialects.h"

/* Returns 1 for a missing-value marker ("", "-", "NaN", "null", "N/A", "not available", any
 * case, surrounding spaces ignored), else 0. */
int dtmapi_ingest_is_missing(const char *s);

/* Parses a number field in place (trims it; in ';' or tab files turns one decimal comma into a
 * point). Returns 1 and sets *v, 0 for a missing marker, -1 when the text is not a number. */
int dtmapi_ingest_parse_number(char *s, char delim, double *v);

/* The valid range of metric for tech in the profile of opts (the built-in default profile when
 * opts or opts->profile is NULL). Returns 1 and sets lo/hi, or 0 when the profile gives none. */
int dtmapi_ingest_metric_range(const dtmap_ingest_opts *opts, dtmap_tech tech, dtmap_metric metric,
                        double *lo, double *hi);

/* Checks one data record (fields as read, writable) against dialect d. Returns 1 and fills *s
 * (file and line left to the caller), or 0 and sets *reason and detail. */
int dtmapi_ingest_validate_row(const ingest_dialect *d, const dtmap_ingest_opts *opts, char *const *field,
                        size_t nfields, char delim, dtmap_sample *s, dtmap_reject_reason *reason,
                        char *detail, size_t detailn);

#endif
