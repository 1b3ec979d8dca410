/* ingest_fixture.h: the fixture the ingest unit tests share: one run (sample set, report, error,
 * options) per test, reading files or text, and lookups and assertions over what was read. */
#ifndef DTMAP_INGEST_FIXTURE_H
#define DTMAP_INGEST_FIXTURE_H

#include "testutil.h"

#include "dtmap/ingest.h"

/* One ingest run. fx_setup zeroes it, sets the default options and initialises set and rep; a test
 * may set opts before reading. tmp is the path of the last temporary file fx_ingest_bytes wrote
 * (removed again by then; "" before the first), for tests that look for it in err.detail. */
typedef struct fx_run {
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_error err;
    dtmap_ingest_opts opts;
    char tmp[4096];
} fx_run;

/* cmocka setup: allocates a run into *state. Returns 0, or -1 when out of memory. The run is
 * the fixture's; fx_teardown frees it. */
int fx_setup(void **state);

/* cmocka teardown: frees the run in *state with its sample set and report. Returns 0. */
int fx_teardown(void **state);

/* Reads the log at path into r (dtmap_ingest_file with r->opts) and returns its status; on
 * an error r->err says why. */
dtmap_status fx_ingest(fx_run *r, const char *path);

/* Writes n bytes (NUL bytes allowed) to a fresh temporary file under $TMPDIR (or /tmp),
 * reads it like fx_ingest, removes it and returns the status. Its path stays in r->tmp.
 * Fails the test when the file cannot be written. */
dtmap_status fx_ingest_bytes(fx_run *r, const char *bytes, size_t n);

/* fx_ingest_bytes for a NUL-terminated text. */
dtmap_status fx_ingest_text(fx_run *r, const char *text);

/* Reads the log at path, which must succeed (else fails the test with r->err's detail), then
 * asserts the accounting rule (fx_assert_accounting) and, unless format is NULL, the format
 * the report names. Returns the new file report (in r->rep, valid until the next read). */
const dtmap_file_report *fx_read(fx_run *r, const char *path, const char *format);

/* fx_read of a text, through a temporary file as in fx_ingest_text. */
const dtmap_file_report *fx_read_text(fx_run *r, const char *text, const char *format);

/* The report of the last file read (fails the test when there is none). Owned by r->rep. */
const dtmap_file_report *fx_last_file(const fx_run *r);

/* How many records of the file were skipped as kind (0 when the kind is not listed). */
uint64_t fx_skips(const dtmap_file_report *f, const char *kind);

/* How many records of the file were rejected, over every reason. */
uint64_t fx_rejected(const dtmap_file_report *f);

/* Fails unless the file keeps the accounting rule of dtmap_file_report:
 * lines = blank + meta + records, records = accepted + fixes + skipped + rejected, and the
 * skip kinds add up to skipped. The line rule is left out for CSV logs, whose lines is 0. */
void fx_assert_accounting(const dtmap_file_report *f);

/* The newest reject at line (so the last file read wins when several reuse a line number);
 * fails the test when there is none. Owned by r->rep. */
const dtmap_reject *fx_reject_at(const fx_run *r, uint32_t line);

/* fx_reject_at that also fails unless the reject's reason is reason and, unless detail is
 * NULL, its detail is exactly detail. Returns the reject. */
const dtmap_reject *fx_assert_reject(const fx_run *r, uint32_t line, dtmap_reject_reason reason,
                                     const char *detail);

/* fx_assert_reject where the detail must contain part rather than equal it. */
const dtmap_reject *fx_assert_reject_has(const fx_run *r, uint32_t line, dtmap_reject_reason reason,
                                         const char *part);

/* The newest sample from line (the last file read wins); fails the test when there is none.
 * Owned by r->set, valid until it grows. */
const dtmap_sample *fx_sample_at(const fx_run *r, uint32_t line);

/* The newest fix from line, as fx_sample_at. */
const dtmap_fix *fx_fix_at(const fx_run *r, uint32_t line);

#endif
