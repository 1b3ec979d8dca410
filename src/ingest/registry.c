/* registry.c: the table of log readers. Order matters: the first sniffer that takes a file's
 * head wins, the more specific formats first; CSV, whose sniffer takes anything, is last. */
#include "ingest/registry.h"

#include "ingest/formats.h"

static const ingest_reader readers[] = {
    {"nemo", dtmapi_ingest_nemo_sniff, dtmapi_ingest_nemo_read},
    {"nmea", dtmapi_ingest_nmea_sniff, dtmapi_ingest_nmea_read},
    {"quectel-at", dtmapi_ingest_quectel_sniff, dtmapi_ingest_quectel_read},
    {"csv", dtmapi_ingest_csv_sniff, dtmapi_ingest_csv_read},
};

const ingest_reader *dtmapi_ingest_reader_at(size_t i) {
    return i < sizeof readers / sizeof *readers ? &readers[i] : NULL;
}

const ingest_reader *dtmapi_ingest_reader_sniff(const char *head, size_t n) {
    size_t last = sizeof readers / sizeof *readers - 1;
    for (size_t i = 0; i < last; i++)
        if (readers[i].sniff(head, n)) return &readers[i];
    return &readers[last]; /* csv takes every file */
}
