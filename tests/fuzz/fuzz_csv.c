/* fuzz_csv.c: libFuzzer target for the delimited-text readers (G-NetTrack, OpenCelliD-style,
 * dtmap's own and generic CSV): each input is one log read through the "csv" reader (whatever the
 * sniffer would say), then joined by time. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_ingest("csv", data, size);
    return 0;
}
