/* csv_reader.h: chunked libcsv push reader with delimiter sniffing and physical line numbers. */
#ifndef DTMAP_INGEST_CSV_READER_H
#define DTMAP_INGEST_CSV_READER_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/status.h"

/* One record as the reader hands it out. Fields are NUL-terminated, writable copies (valid only
 * during the callback), always valid UTF-8: a field that is not is decoded from GB18030 or
 * Latin-1 (encoding.h); unquoted fields are already trimmed of spaces by libcsv. */
typedef struct csv_row {
    char **field;
    size_t nfields;
    uint32_t line;            /* 1-based physical line where the record starts */
    char delim;               /* detected delimiter: ',', ';' or '\t' */
    unsigned latin1, gb18030; /* fields of this record decoded from Latin-1, GB18030 */
} csv_row;

/* Handler for one record. A non-OK status (with err filled) stops the read. */
typedef dtmap_status (*csv_row_fn)(void *user, const csv_row *row, dtmap_error *err);

/* Reads path in chunks: refuses UTF-16 and binary content (NUL or control bytes in the first
 * 4 KiB), skips a UTF-8 BOM and blank lines, detects the delimiter from the first
 * non-blank line, passes that line to on_header and every later record to on_record. Returns
 * DTMAP_OK, DTMAP_ERR_IO ("path: strerror"), DTMAP_ERR_FORMAT ("path: empty file", "path: not a
 * delimited text log (...)"), DTMAP_ERR_NOMEM, or whatever a handler returned. */
dtmap_status dtmapi_csv_reader_read(const char *path, csv_row_fn on_header, csv_row_fn on_record,
                                    void *user, dtmap_error *err);

#endif
