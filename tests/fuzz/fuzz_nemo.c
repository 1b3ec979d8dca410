/* fuzz_nemo.c: libFuzzer target for the Nemo Outdoor .nmf reader: each input is one log read
 * through the "nemo" reader (whatever the sniffer would say), then joined by time. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_ingest("nemo", data, size);
    return 0;
}
