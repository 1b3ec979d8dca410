/* fuzz_nmea.c: libFuzzer target for the NMEA reader: each input is one log read
 * through the "nmea" reader (whatever the sniffer would say), then joined by time. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_ingest("nmea", data, size);
    return 0;
}
