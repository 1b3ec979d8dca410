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
 * "lon", "tech", "rsrp", "rsrq", "sinr", "pci", "cellid", "channel", "ecl", "hdop". */
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
    DTMAP_COL_ECL,  /* NB-IoT coverage-enhancement level 0..2 */
    DTMAP_COL_HDOP, /* GNSS horizontal dilution of precision */
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
    DTMAP_REJ_CHECKSUM,      /* "checksum": NMEA sentence whose *hh checksum does not match */
    DTMAP_REJ_NO_FIX,        /* "no_fix": GNSS record without a valid fix (GGA quality 0,
                                RMC status V, empty position) */
    DTMAP_REJ_UNPOSITIONED,  /* "unpositioned": measurement with no GNSS fix within the
                                maximum gap (--max-gap) on both sides */
    DTMAP_REJ_DUP_TIME,      /* "duplicate_time": a fix at the same time as an earlier one of
                                the same track but at another place */
    DTMAP_REJ_BAD_RECORD,    /* "bad_record": a record that is no text (a NUL or control byte,
                                a binary tail) or whose quote the end of the file left open */
    DTMAP_REJ_COUNT
} dtmap_reject_reason;

const char *dtmap_reject_name(dtmap_reject_reason r); /* "rsrp_range" */
const char *dtmap_reject_text(dtmap_reject_reason r); /* "RSRP outside 3GPP range" */

/* Valid reporting range of a metric for a technology in the built-in default profile (3GPP
 * reporting ranges, see profile.h). Returns 1 and sets lo/hi when the pair has a range, 0 when
 * the metric is not defined for that technology. Readers use the run's profile instead. */
int dtmap_metric_range(dtmap_tech tech, dtmap_metric metric, double *lo, double *hi);

/* How a Quectel LTE "servingcell" SINR field is scaled (module families differ). */
typedef enum dtmap_lte_sinr_scale {
    DTMAP_LTE_SINR_DB = 0, /* the field is SINR in dB (RM5xx/RG5xx 5G modules) */
    DTMAP_LTE_SINR_INDEX   /* 0..250 index, dB = index / 5 - 20 (EC2x/EG9x/BG9x LTE modules) */
} dtmap_lte_sinr_scale;

/* Options for readers. Start from dtmap_ingest_opts_default, then set what you need. As
 * dtmap_map_opts, the struct can grow at its end: size says how much of it the caller knows.
 * The CLI resolves per-input options (--tz FILE=..., --redcap FILE) into one per file. */
typedef struct dtmap_ingest_opts {
    size_t size;                         /* sizeof(dtmap_ingest_opts) as the caller was compiled */
    const char *column[DTMAP_COL_COUNT]; /* header name overrides (--column); NULL = detect,
                                            "-" = ignore the column even when detected */
    int tz_set;                          /* 1 if tz_offset_s is given (--tz) */
    double tz_offset_s;                  /* local-time logs: offset east of UTC, seconds */
    int tech_set;                        /* 1 if tech applies to rows without a tech column */
    dtmap_tech tech;                     /* default technology (--tech); LTE when not set */
    int redcap;                          /* 1: NR samples of this file come from a RedCap
                                            device and are tagged DTMAP_TECH_REDCAP */
    dtmap_lte_sinr_scale lte_sinr;       /* Quectel LTE SINR field scale (--lte-sinr) */
    const struct dtmap_profile *profile; /* valid ranges; NULL = the built-in default */
    int from_folder;                     /* 1: found by walking a folder, not named: dtmap's
                                            own sample CSV (an earlier `dtmap ingest`) is then
                                            refused as its output, not read back as a log */
} dtmap_ingest_opts;

/* Lines a reader read but did not turn into samples or fixes, by kind ("GSV", "PHRATE",
 * "AT command", "NUESTATS field", ...): the first DTMAP_SKIP_KINDS kinds by first
 * appearance, the rest summed under "other". */
#define DTMAP_SKIP_KINDS 24
typedef struct dtmap_skip_count {
    char kind[24];
    uint64_t count;
} dtmap_skip_count;

/* A text value and how many records carried it. */
typedef struct dtmap_value_count {
    char value[32]; /* as written, trimmed, cut to fit, valid UTF-8 */
    uint64_t count;
} dtmap_value_count;

/* How many distinct unknown technology values a file report lists; later ones are summed
 * under DTMAP_TECH_VALUES_MORE. */
#define DTMAP_TECH_VALUES 16
#define DTMAP_TECH_VALUES_MORE "(more values)"

/* Per-file accounting. Every physical line is accounted for:
 *   lines = blank + meta + records
 *   records = accepted + fixes + skipped + sum(rejected)
 * The first holds for the line-oriented formats (NMEA, AT transcripts, Nemo). A CSV record may
 * span lines (quoted line breaks), so for CSV logs lines and blank stay 0 and the account is
 * per record: meta is the header, and the second equation holds. */
typedef struct dtmap_file_report {
    uint32_t file;     /* index into the sample set's file table */
    char format[32];   /* "gnettrack", "opencellid", "csv", "nmea", "quectel-at", "nemo" */
    char device[48];   /* device/module named in the log, "" if none */
    uint64_t lines;    /* physical lines (text formats other than CSV; 0 for CSV) */
    uint64_t blank;    /* empty lines */
    uint64_t meta;     /* header and comment lines (#START, CSV header, ...) */
    uint64_t records;  /* data records seen (excluding header and blank lines) */
    uint64_t accepted; /* records that became samples (after the time join) */
    uint64_t fixes;    /* records that became GNSS fixes */
    uint64_t skipped;  /* records that carry neither (other events, AT echo, ...) */
    dtmap_skip_count skip[DTMAP_SKIP_KINDS + 1]; /* skipped by kind; last is "other" */
    uint64_t rejected[DTMAP_REJ_COUNT];
    /* Technology values that no table knows (their records are among the tech_not_mapped
     * rejects), by value: the first DTMAP_TECH_VALUES by first appearance, then the rest
     * summed under DTMAP_TECH_VALUES_MORE; unused entries have count 0. */
    dtmap_value_count unknown_tech[DTMAP_TECH_VALUES + 1];
    /* Records kept as samples without their time: it was present but unusable (a time of day
     * without a date, an epoch rounded by a spreadsheet, ...) and not needed, since the record
     * carries its position. Their time_s is NAN. Counted among accepted. */
    uint64_t time_unusable;
    uint32_t time_unusable_line; /* the first of them */
    char time_unusable_why[112]; /* why its time was unusable */
    /* CSV fields (header names included) that were not UTF-8, read as Latin-1 or GB18030. */
    uint64_t fields_latin1, fields_gb18030;
} dtmap_file_report;

/* One rejected record. */
typedef struct dtmap_reject {
    uint32_t file, line;
    uint8_t reason; /* dtmap_reject_reason */
    char detail[112];
} dtmap_reject;

/* A file found in an input folder that is not a log dtmap reads (a README, a picture...). */
typedef struct dtmap_skipped_file {
    char *path; /* owned */
    char why[160];
} dtmap_skipped_file;

/* An input not read because it holds the same bytes as one read before it (or is that file
 * under another path). */
typedef struct dtmap_duplicate_file {
    char *path;    /* owned */
    char *same_as; /* owned: the file that was read */
} dtmap_duplicate_file;

/* Something in a file that was read needs a look, though the run goes on (a RedCap module's
 * transcript mapped as phone NR, ...). */
typedef struct dtmap_ingest_warning {
    uint32_t file; /* index into the sample set's file table */
    char text[240];
} dtmap_ingest_warning;

/* A run's ingest accounting: per-file counts, every rejected record, the folder members that
 * were not logs, the duplicates read once and the warnings. Initialise with
 * dtmap_ingest_report_init; release with dtmap_ingest_report_free. */
typedef struct dtmap_ingest_report {
    dtmap_file_report *files;
    size_t nfiles;
    dtmap_reject *rejects;
    size_t nrejects, cap;
    dtmap_skipped_file *skipped_files;
    size_t nskipped_files;
    int joined;          /* 1 once dtmap_ingest_join ran */
    double max_gap_s;    /* its maximum gap */
    uint64_t positioned; /* samples it positioned from fixes */
    dtmap_duplicate_file *duplicates;
    size_t nduplicates;
    dtmap_ingest_warning *warnings; /* in the order the files were read */
    size_t nwarnings;
} dtmap_ingest_report;

void dtmap_ingest_report_init(dtmap_ingest_report *rep);
void dtmap_ingest_report_free(dtmap_ingest_report *rep);
/* Records that path was not read because it is not a log (why: the reader's detail).
 * DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmap_ingest_report_skip_file(dtmap_ingest_report *rep, const char *path,
                                           const char *why);
/* The unknown technology values of every file of rep (dtmap_file_report.unknown_tech) merged
 * by value into a new array *out (free() it) of *n entries: largest count first, equal counts
 * in byte order of the value, DTMAP_TECH_VALUES_MORE last. DTMAP_OK (*out NULL and *n 0 when
 * there are none) or DTMAP_ERR_NOMEM. */
dtmap_status dtmap_ingest_report_unknown_tech(const dtmap_ingest_report *rep,
                                              dtmap_value_count **out, size_t *n);

/* Records that path was not read because it holds the same bytes as same_as, which was.
 * DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmap_ingest_report_duplicate(dtmap_ingest_report *rep, const char *path,
                                           const char *same_as);
/* Sums over all files: accepted, and rejected over every reason. */
uint64_t dtmap_ingest_report_accepted(const dtmap_ingest_report *rep);
uint64_t dtmap_ingest_report_rejected(const dtmap_ingest_report *rep);

/* Sets *o to the defaults (detect every column, no time zone, LTE for rows without a
 * technology, the built-in profile's ranges) and o->size to sizeof *o. */
void dtmap_ingest_opts_default(dtmap_ingest_opts *o);

/* Reads one log file, detecting its format from content, appending accepted samples to *set
 * and accounting for every record in *rep (one dtmap_file_report per call). Rejected records do
 * not fail the call; what needs a look is appended to rep->warnings (a RedCap module's
 * transcript read without opts->redcap). Errors: DTMAP_ERR_IO (cannot open/read; detail names
 * the file and errno text), DTMAP_ERR_FORMAT (no header, no recognisable position or metric
 * column: detail names the file and what is missing; or the first bytes say the file is no log:
 * "x.xlsx: an Excel workbook, not a log: save it as CSV (...)", a picture, a database, or an
 * output of dtmap, "dtmap output (rejects.csv written by dtmap)"; dtmap's sample CSV is read
 * unless opts->from_folder), DTMAP_ERR_USAGE (opts->size smaller than the size field or larger
 * than this library's struct), DTMAP_ERR_NOMEM. opts NULL means the defaults. */
dtmap_status dtmap_ingest_file(const char *path, const dtmap_ingest_opts *opts, dtmap_samples *set,
                               dtmap_ingest_report *rep, dtmap_error *err);

/* The default largest time gap (seconds) between a measurement and the GNSS fixes around it
 * (the CLI's --max-gap). */
#define DTMAP_JOIN_MAX_GAP_S 5.0

/* Positions every sample that has none (lon/lat NAN) from the fixes in set: a file's own fixes
 * (owner == its file index) when it has any, else the shared fixes (NMEA tracks). Position is
 * linearly interpolated between the fixes just before and just after the sample's time when
 * they are at most max_gap_s apart (a fix at the very time is used as is); otherwise the sample
 * is rejected as "unpositioned" (moved from accepted to rejected in rep). Interpolated samples
 * carry the worse HDOP and fix quality of the two fixes. The fix table is sorted by time.
 * Errors (nothing is changed): DTMAP_ERR_EMPTY when fixes exist but no measurement was read at
 * all (no sample, and no record rejected for a measurement's reason: a Nemo log of 3G only is
 * no error here, its rejects are its account), or a file's samples have no fix to join with
 * ("nothing to join"); DTMAP_ERR_FORMAT when a file's samples
 * are in local time of unknown zone but must join UTC fixes (detail asks for --tz), or when no
 * sample of a file falls within the time span of its fixes (detail gives both spans in UTC);
 * DTMAP_ERR_NOMEM. */
dtmap_status dtmap_ingest_join(dtmap_samples *set, dtmap_ingest_report *rep, double max_gap_s,
                               dtmap_error *err);

/* Writes every rejected record as CSV "file,line,reason,detail" (atomically, see fileio.h). */
dtmap_status dtmap_ingest_write_rejects(const dtmap_ingest_report *rep, const dtmap_samples *set,
                                        const char *path, int overwrite, dtmap_error *err);

/* Writes the normalised sample CSV (atomically): header
 * "time,lon,lat,tech,rsrp,rsrq,sinr,pci,cellid,channel,ecl,hdop,fix,neighbours,source,line",
 * times ISO 8601 ("Z" when UTC), missing values empty, neighbours as "PCI/CHANNEL:RSRP" joined
 * by ';'. dtmap_ingest_file reads this format back (neighbours excepted). */
dtmap_status dtmap_samples_write_csv(const dtmap_samples *set, const char *path, int overwrite,
                                     dtmap_error *err);

/* Prints a human summary (per file: format, records, accepted, rejected by reason) to fp. */
void dtmap_ingest_report_print(const dtmap_ingest_report *rep, const dtmap_samples *set, FILE *fp);

#ifdef __cplusplus
}
#endif
#endif
