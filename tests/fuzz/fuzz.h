/* fuzz.h: what the fuzz targets (tests/fuzz/fuzz_*.c) share: the bytes of one input as a file
 * the readers can open, one ingest run over it with the project's invariants checked, and a
 * quiet GDAL. Each target defines LLVMFuzzerInitialize and LLVMFuzzerTestOneInput; they run
 * under libFuzzer (DTMAP_FUZZ builds) or under replay.c, which feeds them files. */
#ifndef DTMAP_TESTS_FUZZ_H
#define DTMAP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The libFuzzer entry points every target defines. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sets what every target wants once per process: GDAL's errors silenced (a bad input makes
 * GDAL complain on stderr, which only slows the fuzzer down). */
void fuzz_init(void);

/* 1 when DTMAP_FUZZ_VERBOSE is set in the environment: the targets then say on stderr what
 * each input gave (for triage; it slows fuzzing down). */
int fuzz_verbose(void);

/* Writes data[0..size) into file slot (0..3; each slot is one file reused for every input)
 * and returns its path: /proc/self/fd/N of a memfd, or a temporary file under $TMPDIR when
 * memfds or /proc are missing. The path is static storage. Aborts when nothing can be
 * written (the fuzzer would otherwise test the error path only). */
const char *fuzz_file(int slot, const uint8_t *data, size_t size);

/* Reads data as one log: through the reader named reader (a row of src/ingest/registry.c:
 * "csv", "nemo", "nmea", "quectel-at"), whatever its sniffer would say, or through
 * dtmap_ingest_file's sniffing when reader is NULL. The input's size picks the options, so that
 * every input runs with one fixed set and mutations reach all of them: size % 8 = bits
 * 1: no --tz (else +08:00), 2: --redcap, 4: --lte-sinr index. Then joins the samples to the
 * fixes by time (dtmap_ingest_join) and, when every sample then has a position and a time,
 * writes them as the sample CSV (dtmap_samples_write_csv, into a folder under /dev/shm or
 * $TMPDIR) and reads that back: the samples must come back the same. Aborts, so that the fuzzer
 * keeps the input, when the accounting of dtmap_file_report does not add up or a sample or fix
 * holds an impossible position. */
void fuzz_ingest(const char *reader, const uint8_t *data, size_t size);

/* fuzz_ingest of several logs read into one sample set and joined together: data holds them
 * separated by the line FUZZ_SEPARATOR (at most 4 logs; the rest stays in the last), each
 * read through dtmap_ingest_file's sniffing, with the options the whole input's size picks;
 * joined and written back as fuzz_ingest does. */
#define FUZZ_SEPARATOR "#dtmap-fuzz-next-file\n"
void fuzz_ingest_many(const uint8_t *data, size_t size);

#endif
