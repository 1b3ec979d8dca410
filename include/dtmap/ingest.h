/* ingest.h: reading drive-test logs into samples. Every record is either accepted as a sample
 * or rejected with file:line:reason; nothing is dropped silently. */
#ifndef DTMAP_INGEST_H
#define DTMAP_INGEST_H

#include <stdint.h>
#include <stdio.h>

#include "dtmap/sample.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Logical columns of a delimited log. Names (for --column KEY=HEADER): "time", "date", "lat",
 * "lon", "tech", "rsrp", "rsrq", "sinr", "pci", "cellid", "channel". */
typedef enum dtmap_column {
    DTMAP_COL_TIME = 0, /* timestamp, or time of day when a DATE column exists */
    DTMAP_COL_DATE,
    DTMAP_COL_LAT,
    DTMAP_COL_LON,
    DTMAP_COL_TECH,
    DTMAP_COL_RSRP,
    DTMAP_COL_RSRQ,
    DTMAP_COL_SINR,
    DTMAP_COL_PCI,
    DTMAP_COL_CELL,
    DTMAP_COL_CHANNEL,
    DTMAP_COL_COUNT
} dtmap_column;

const char *dtmap_column_name(dtmap_column col);
/* Returns 0 and sets *col for a name above (case-insensitive), -1 otherwise. */
int dtmap_column_parse(const char *name, dtmap_column *col);

/* Why a record was rejected. Each has a stable short name used in reports and reject CSVs. */
typedef enum dtmap_reject_reason {
    DTMAP_REJ_FIELDS = 0,    /* "fields": fewer fields than the header, or unparseable row */
    DTMAP_REJ_NO_POSITION,   /* "no_position": latitude/longitude missing or not a number */
    DTMAP_REJ_ZERO_POSITION, /* "zero_position": 0,0 (GPS without a fix) */
    DTMAP_REJ_BAD_POSITION,  /* "bad_position": outside -90..90 / -180..180, NaN, inf */
    DTMAP_REJ_BAD_TIME,      /* "bad_time": timestamp present but unusable */
    DTMAP_REJ_BAD_NUMBER,    /* "bad_number": a metric field that is not a number */
    DTMAP_REJ_NO_METRIC,     /* "no_metric": no measured RSRP, RSRQ or SINR in the record */
    DTMAP_REJ_RSRP_RANGE,    /* "rsrp_range": RSRP outside the 3GPP range of its technology */
    DTMAP_REJ_RSRQ_RANGE,    /* "rsrq_range" */
    DTMAP_REJ_SINR_RANGE,    /* "sinr_range" */
    DTMAP_REJ_TECH,          /* "tech_not_mapped": 2G/3G or unknown technology (RSCP is never
                                mapped as RSRP) */
    DTMAP_REJ_COUNT
} dtmap_reject_reason;

const char *dtmap_reject_name(dtmap_reject_reason r); /* "rsrp_range" */
const char *dtmap_reject_text(dtmap_reject_reason r); /* "RSRP outside 3GPP range" */

/* 3GPP reporting range of a metric for a technology (metrics.md). Returns 1 and sets lo/hi when
 * the pair has a range, 0 when the metric is not defined for that technology. */
int dtmap_metric_range(dtmap_tech tech, dtmap_metric metric, double *lo, double *hi);

/* Options for readers. Zero-initialise, then set what you need. */
typedef struct dtmap_ingest_opts {
    const char *column[DTMAP_COL_COUNT]; /* header name overrides (--column); NULL = detect */
    int tz_set;                          /* 1 if tz_offset_s is given (--tz) */
    double tz_offset_s;                  /* local-time logs: offset east of UTC, seconds */
    int tech_set;                        /* 1 if tech applies to rows without a tech column */
    dtmap_tech tech;                     /* default technology (--tech); LTE when not set */
} dtmap_ingest_opts;

/* Per-file accounting. */
typedef struct dtmap_file_report {
    uint32_t file;       /* index into the sample set's file table */
    char format[32];     /* "gnettrack", "opencellid", "csv", ... */
    uint64_t records;    /* data records seen (excluding header and blank lines) */
    uint64_t accepted;
    uint64_t rejected[DTMAP_REJ_COUNT];
} dtmap_file_report;

/* One rejected record. */
typedef struct dtmap_reject {
    uint32_t file, line;
    uint8_t reason; /* dtmap_reject_reason */
    char detail[112];
} dtmap_reject;

/* A run's ingest accounting: per-file counts and every rejected record. Initialise with
 * dtmap_ingest_report_init; release with dtmap_ingest_report_free. */
typedef struct dtmap_ingest_report {
    dtmap_file_report *files;
    size_t nfiles;
    dtmap_reject *rejects;
    size_t nrejects, cap;
} dtmap_ingest_report;

void dtmap_ingest_report_init(dtmap_ingest_report *rep);
void dtmap_ingest_report_free(dtmap_ingest_report *rep);
/* Sums over all files: accepted, and rejected over every reason. */
uint64_t dtmap_ingest_report_accepted(const dtmap_ingest_report *rep);
uint64_t dtmap_ingest_report_rejected(const dtmap_ingest_report *rep);

/* Reads one log file, detecting its format from content, appending accepted samples to *set
 * and accounting for every record in *rep (one dtmap_file_report per call). Rejected records do
 * not fail the call. Errors: DTMAP_ERR_IO (cannot open/read; detail names the file and errno
 * text), DTMAP_ERR_FORMAT (no header, no recognisable position or metric column: detail names
 * the file and what is missing), DTMAP_ERR_NOMEM. */
dtmap_status dtmap_ingest_file(const char *path, const dtmap_ingest_opts *opts,
                               dtmap_samples *set, dtmap_ingest_report *rep, dtmap_error *err);

/* Writes every rejected record as CSV "file,line,reason,detail" (atomically, see fileio.h). */
dtmap_status dtmap_ingest_write_rejects(const dtmap_ingest_report *rep, const dtmap_samples *set,
                                        const char *path, int overwrite, dtmap_error *err);

/* Writes the normalised sample CSV (atomically): header
 * "time,lon,lat,tech,rsrp,rsrq,sinr,pci,cellid,channel,source,line", times ISO 8601 ("Z" when
 * UTC), missing values empty. dtmap_ingest_file reads this format back. */
dtmap_status dtmap_samples_write_csv(const dtmap_samples *set, const char *path, int overwrite,
                                     dtmap_error *err);

/* Prints a human summary (per file: format, records, accepted, rejected by reason) to fp. */
void dtmap_ingest_report_print(const dtmap_ingest_report *rep, const dtmap_samples *set,
                               FILE *fp);

#ifdef __cplusplus
}
#endif
#endif
