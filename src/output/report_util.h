/* report_util.h (private): what the three area-report writers (report_csv.c, report_json.c,
 * report_md.c) share: argument checks, the C numeric locale while writing, number and text
 * formatting for CSV, JSON and Markdown, and the gaps of one area and technology. */
#ifndef DTMAP_REPORT_UTIL_H
#define DTMAP_REPORT_UTIL_H

#include <locale.h>
#include <stddef.h>
#include <stdio.h>

#include "core/json.h"
#include "dtmap/fileio.h"
#include "dtmap/report.h"

/* Size of the buffers the number formatters write into (the JSON writer's size). */
#define REPORT_NUM DTMAPI_JSON_NUM

/* An output being written: the file and the thread's locale to restore. */
typedef struct report_file {
    dtmap_outfile out;
    FILE *fp;
    locale_t c_locale; /* LC_NUMERIC "C" in use on this thread while writing */
    locale_t old;
} report_file;

/* Checks rep (not NULL, areas not NULL, kpi not NULL when nkpi > 0, every kpi's area index in
 * range and tech below DTMAP_TECH_COUNT) and path, switches this thread to the C numeric locale
 * (so every printf prints '.' decimals whatever the process locale) and opens path through
 * fileio.h. On success the caller writes to f->fp and ends with dtmapi_report_end. Errors:
 * DTMAP_ERR_USAGE (detail names the record), DTMAP_ERR_NOMEM, DTMAP_ERR_EXISTS, DTMAP_ERR_IO;
 * on error nothing is left open and the locale is restored. */
dtmap_status dtmapi_report_begin(const char *path, const dtmap_report *rep, int overwrite,
                                 report_file *f, dtmap_error *err);
/* Closes and commits the file (or aborts it when st is not DTMAP_OK) and restores the thread's
 * locale. Returns st when it is an error, else the commit's status. */
dtmap_status dtmapi_report_end(report_file *f, dtmap_status st, dtmap_error *err);

/* rep->profile, or the default profile when it is NULL. */
const dtmap_profile *dtmapi_report_profile(const dtmap_report *rep);

/* v with exactly decimals digits after the point ("-98.4", "0.4832"), no "-0"; "" when v is
 * not finite. Returns buf. */
const char *dtmapi_report_fixed(char buf[REPORT_NUM], double v, int decimals);
/* v with the fewest significant digits (15 to 17) that read back as the same double ("0.4832",
 * "-110", "1e-07"), no "-0"; "" when v is not finite: dtmapi_json_num_format with digits 0, so
 * the CSV, JSON and Markdown reports print the same figures. Returns buf. */
const char *dtmapi_report_full(char buf[REPORT_NUM], double v);
/* A share 0..1 as a percentage for people with one decimal: "48.3 %"; "< 0.1 %" for a share
 * above 0 that would print as 0.0, "> 99.9 %" for one below 1 that would print as 100.0; "–"
 * when not finite. Returns buf. */
const char *dtmapi_report_percent(char buf[REPORT_NUM], double share);

/* Writes one CSV text field: as it is, or quoted through libcsv (csv_fwrite) when it holds a
 * comma, a double quote, CR or LF (RFC 4180). NULL is "". */
void dtmapi_report_csv_text(FILE *fp, const char *s);

/* Writes s as Markdown text: the characters \ ` * _ [ ] < > # | & ~ backslash-escaped, control
 * characters as a space, an invalid UTF-8 byte as U+FFFD. NULL is "". */
void dtmapi_report_md_text(FILE *fp, const char *s);
/* Writes a relative path as a Markdown link destination: space, control characters, ( ) < >
 * and % percent-encoded, everything else (UTF-8 included) as it is. */
void dtmapi_report_md_path(FILE *fp, const char *path);

/* Counts the gaps of rep->gaps with that area index, tech and kind (any kind when kind is
 * DTMAP_KIND_NONE); *largest_m2 (may be NULL) gets the largest area_m2 among them (NAN when
 * there is none) and *total_m2 (may be NULL) their sum. 0 when rep->gaps is NULL. */
size_t dtmapi_report_gaps_count(const dtmap_report *rep, size_t area, dtmap_tech tech,
                                dtmap_cellkind kind, double *largest_m2, double *total_m2);

#endif
