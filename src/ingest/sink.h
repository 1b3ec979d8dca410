/* sink.h: where the line-oriented readers (NMEA, Quectel AT, Nemo) put what they read. Each
 * non-blank line gets exactly one call: meta, sample, fix, skip or reject, so that the file
 * report accounts for every line (see dtmap_file_report). */
#ifndef DTMAP_INGEST_SINK_H
#define DTMAP_INGEST_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/ingest.h"

typedef struct ingest_sink {
    const char *path;              /* the file, for messages */
    const dtmap_ingest_opts *opts; /* never NULL */
    dtmap_samples *set;
    dtmap_ingest_report *rep;
    dtmap_file_report *fr; /* this file's counts; fr->file is its index in set */
} ingest_sink;

/* A header or comment line (#START, #FF, ...). */
void dtmapi_ingest_sink_meta(ingest_sink *k);

/* The record at line became sample *s (file and line are set here; lon/lat may be NAN: the
 * time join positions it later). nbr[0..nnbr) are its neighbour measurements (copied).
 * DTMAP_OK or DTMAP_ERR_NOMEM (err filled). */
dtmap_status dtmapi_ingest_sink_sample(ingest_sink *k, uint32_t line, dtmap_sample *s,
                                       const dtmap_neighbour *nbr, size_t nnbr, dtmap_error *err);

/* The record at line became GNSS fix *f (file and line set here). shared = 1 for a track that
 * positions other files' measurements (NMEA), 0 for one that positions only this file's own
 * (Nemo GPS, +QGPSLOC). DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_ingest_sink_fix(ingest_sink *k, uint32_t line, dtmap_fix *f, int shared,
                                    dtmap_error *err);

/* The record at line carries no sample or fix; kind says what it is ("GSV", "PHRATE",
 * "AT command", "OK", ...; truncated to 23 bytes). Always succeeds. */
void dtmapi_ingest_sink_skip(ingest_sink *k, uint32_t line, const char *kind);

/* The record at line is rejected for reason; the printf-style detail names the offending
 * value. DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_ingest_sink_reject(ingest_sink *k, uint32_t line, dtmap_reject_reason reason,
                                       dtmap_error *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The sample about to be stored from line is kept without its time, which was present but
 * unusable (why): counted in the file report (time_unusable), with the first line and why. */
void dtmapi_ingest_sink_time_unusable(ingest_sink *k, uint32_t line, const char *why);

/* A record is rejected because its technology value is in no table: counts value (trimmed, cut
 * to fit, made valid UTF-8) in the file report's unknown_tech. Always succeeds. */
void dtmapi_ingest_sink_unknown_tech(ingest_sink *k, const char *value);

#endif
