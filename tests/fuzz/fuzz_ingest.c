/* fuzz_ingest.c: libFuzzer target for the whole ingest path: up to four logs in one input
 * (separated by the line FUZZ_SEPARATOR), each sniffed and read by dtmap_ingest_file into one
 * sample set, then joined by time (an NMEA track positioning a transcript, say). */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_ingest_many(data, size);
    return 0;
}
