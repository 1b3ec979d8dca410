/* registry.h: the log readers as rows (name, sniffer, reader), tried in order by
 * dtmap_ingest_file, so that a new format is one row in registry.c (as GDAL drivers and Redis
 * commands are registered). */
#ifndef DTMAP_INGEST_REGISTRY_H
#define DTMAP_INGEST_REGISTRY_H

#include <stddef.h>

#include "dtmap/status.h"
#include "ingest/sink.h"

typedef struct ingest_reader {
    /* The reader's name: the format it writes to the file report ("nmea", "quectel-at",
     * "nemo"), or for "csv" the family whose dialect ("gnettrack", "opencellid", "dtmap",
     * "csv") the header decides. */
    const char *name;
    /* 1 when head (the file's first bytes, up to 64 KiB, NUL-terminated, may end mid-line; n
     * its length) looks like the format, else 0. */
    int (*sniff)(const char *head, size_t n);
    /* Reads k->path whole through the sink (see formats.h). */
    dtmap_status (*read)(ingest_sink *k, dtmap_error *err);
} ingest_reader;

/* The i-th reader in sniffing order, or NULL past the last. The rows are static: never freed. */
const ingest_reader *dtmapi_ingest_reader_at(size_t i);

/* The first reader whose sniffer takes head (see ingest_reader.sniff). Never NULL: the last
 * row (csv) takes every file. */
const ingest_reader *dtmapi_ingest_reader_sniff(const char *head, size_t n);

#endif
