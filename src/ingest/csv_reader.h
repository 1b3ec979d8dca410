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
    const char *bad; /* NULL, or why the record is no text ("NUL byte in the record", "control
                        byte 0x1f in the record", "unterminated quote from line 3 (...)") */
} csv_row;

/* Handler for one record. A non-OK status (with err filled) stops the read. */
typedef dtmap_status (*csv_row_fn)(void *user, const csv_row *row, dtmap_error *err);

/* Reads path in chunks: refuses UTF-32, UTF-16 (by BOM or the NULs of ASCII in the first
 * 4 KiB) and binary content (NUL or control bytes in the first line), skips a UTF-8 BOM and blank
 * lines, detects the delimiter from the first non-blank line, passes that line to on_header and
 * every later record to on_record; a later record with a NUL or control byte, or one whose quote
 * the file's end left open, goes to on_record with row->bad set (its fields are then not to be
 * trusted). Returns DTMAP_OK, DTMAP_ERR_IO ("path: strerror"), DTMAP_ERR_FORMAT ("path: empty
 * file", "path: not a delimited text log (...)"), DTMAP_ERR_NOMEM, or whatever a handler returned.
 */
dtmap_status dtmapi_csv_reader_read(const char *path, csv_row_fn on_header, csv_row_fn on_record,
                                    void *user, dtmap_error *err);

#endif
