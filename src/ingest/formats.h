/* formats.h: the log readers. Each has a sniffer, used by dtmap_ingest_file (through the rows
 * of registry.c) to pick the reader from the first bytes of a file (never from its name), and a
 * reader that accounts for every line through the sink. */
#ifndef DTMAP_INGEST_FORMATS_H
#define DTMAP_INGEST_FORMATS_H

#include <stddef.h>

#include "dtmap/status.h"
#include "ingest/sink.h"

/* Sniffers: head is the file's first bytes (up to 64 KiB, NUL-terminated, may end mid-line),
 * n its length. Return 1 when the head looks like the format, else 0. */
int dtmapi_ingest_nmea_sniff(const char *head, size_t n);
int dtmapi_ingest_quectel_sniff(const char *head, size_t n);
int dtmapi_ingest_nemo_sniff(const char *head, size_t n);
/* Takes every file: delimited text is the fallback, tried last. */
int dtmapi_ingest_csv_sniff(const char *head, size_t n);

/* Readers: read k->path whole, set k->fr->format ("nmea", "quectel-at", "nemo") and report
 * every line through the sink. Bad records are rejects, never errors. Errors: DTMAP_ERR_IO,
 * DTMAP_ERR_FORMAT (the file holds nothing of its format at all: detail names the file),
 * DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_ingest_nmea_read(ingest_sink *k, dtmap_error *err);
dtmap_status dtmapi_ingest_quectel_read(ingest_sink *k, dtmap_error *err);
dtmap_status dtmapi_ingest_nemo_read(ingest_sink *k, dtmap_error *err);
/* Reads delimited text (csv_log.c): the header is a meta line and its dialect sets
 * k->fr->format ("gnettrack", "opencellid", "dtmap", "csv"); every record is a sample or a
 * reject. Errors: those of dtmapi_csv_reader_read, and DTMAP_ERR_FORMAT from the dialect
 * (an unusable header). */
dtmap_status dtmapi_ingest_csv_read(ingest_sink *k, dtmap_error *err);

#endif
