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

/* The one range check of a metric value, used by every reader: whether measured value v of
 * metric (NaN counts as outside: callers skip what was not measured) is inside the valid range
 * for tech in the profile of opts (the built-in default profile when opts or opts->profile is
 * NULL). Returns 1 when it is, or when the profile gives no range for tech and metric (lo, hi
 * untouched); 0 when outside, with *lo and *hi set to the range for the reject detail. */
int dtmapi_ingest_metric_in_range(const dtmap_ingest_opts *opts, dtmap_tech tech,
                                  dtmap_metric metric, double v, double *lo, double *hi);

/* The metrics of sample s (NaN = not measured) checked in metric order with
 * dtmapi_ingest_metric_in_range for s->tech. Returns 1 when at least one is measured and all
 * measured ones are in range, 0 when none is measured, -1 when one is outside: *bad is the
 * first such metric, *lo and *hi its range. */
int dtmapi_ingest_sample_in_range(const dtmap_ingest_opts *opts, const dtmap_sample *s,
                                  dtmap_metric *bad, double *lo, double *hi);

/* The one HDOP rule, used by every reader: h as read (NaN when absent or unreadable) to the
 * sample's or fix's HDOP. Kept when finite and 0 < h < 99.9 (compared as the float kept, so a
 * samples.csv reads back the same); anything else is missing (NAN): 0 or less is no dilution a
 * receiver can report, and 99.9 or more is the "no fix" marker receivers print (99.9, 99.99,
 * 100, 999). */
float dtmapi_ingest_hdop(double h);

/* The reject reason for a value of metric outside its range (DTMAP_REJ_RSRP_RANGE, ...). */
dtmap_reject_reason dtmapi_ingest_range_reason(dtmap_metric metric);

/* What dtmapi_ingest_validate_row noticed besides its verdict (bits of *notes). */
enum {
    DTMAPI_ROW_TIME_DROPPED = 1, /* accepted without its present but unusable time (time_s NAN);
                                    detail says why */
    DTMAPI_ROW_UNKNOWN_TECH = 2  /* rejected: the tech value is in no table */
};

/* Checks one data record (fields as read, writable) against dialect d. Returns 1 and fills *s
 * (file and line left to the caller), or 0 and sets *reason and detail; *notes gets the
 * DTMAPI_ROW_* bits that apply. A time that is present but unusable never rejects the record:
 * every record here has its position, so the time is not needed to place it. */
int dtmapi_ingest_validate_row(const ingest_dialect *d, const dtmap_ingest_opts *opts,
                               char *const *field, size_t nfields, char delim, dtmap_sample *s,
                               dtmap_reject_reason *reason, char *detail, size_t detailn,
                               unsigned *notes);

#endif
