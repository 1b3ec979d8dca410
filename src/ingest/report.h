/* report.h: private accounting helpers shared by the ingest readers and the report writers. */
#ifndef DTMAP_INGEST_REPORT_H
#define DTMAP_INGEST_REPORT_H

#include "dtmap/ingest.h"

/* Appends a rejected record (detail truncated to fit). Returns DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_ingest_report_add_reject(dtmap_ingest_report *rep, uint32_t file, uint32_t line,
                                             dtmap_reject_reason reason, const char *detail);

/* Appends a finished file's counts. Returns DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_ingest_report_add_file(dtmap_ingest_report *rep, const dtmap_file_report *fr);

/* Appends a warning about file (an index into the sample set's file table); the printf-style
 * text names the file. Returns DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_ingest_report_add_warning(dtmap_ingest_report *rep, uint32_t file,
                                              const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes one CSV field: as is when it needs no quoting, else through libcsv's csv_fwrite.
 * Returns 0, or EOF on a write error. */
int dtmapi_ingest_csv_field(FILE *fp, const char *s);

#endif
