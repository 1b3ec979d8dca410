/* lines.h: a push splitter for line-oriented logs (NMEA, AT transcripts, Nemo): feed bytes,
 * get one callback per non-blank line with its physical line number. LF, CRLF and bare CR all
 * end a line; a UTF-8 BOM at the start is skipped; NUL bytes become '?'. */
#ifndef DTMAP_INGEST_LINES_H
#define DTMAP_INGEST_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/status.h"
#include "ingest/sink.h"

/* Lines longer than this are cut (the callback sees the first INGEST_LINE_MAX bytes and
 * truncated = 1); no log format dtmap reads has lines near it. */
#define INGEST_LINE_MAX 65536

/* Called for each non-blank line: text is NUL-terminated and writable, trailing spaces and tabs
 * removed. A non-OK status (err filled) stops the read. */
typedef dtmap_status (*ingest_line_fn)(void *user, char *text, size_t len, uint32_t line,
                                       int truncated, dtmap_error *err);

/* Reads k->path in chunks and calls fn for every non-blank line; counts every physical line
 * in k->fr->lines and blank ones in k->fr->blank. Errors: DTMAP_ERR_IO ("path: strerror"),
 * DTMAP_ERR_NOMEM, or whatever fn returned. */
dtmap_status dtmapi_ingest_lines_read(ingest_sink *k, ingest_line_fn fn, void *user,
                                      dtmap_error *err);

#endif
