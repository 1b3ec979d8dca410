/* fuzz_quectel.c: libFuzzer target for the Quectel AT-transcript reader (QENG, NUESTATS, CESQ,
 * QGPSLOC): each input is one log read through the "quectel-at" reader (whatever the sniffer would
 * say), then joined by time. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_ingest("quectel-at", data, size);
    return 0;
}
