/* identify.h: telling files that are no logs (spreadsheets, pictures, databases, dtmap's own
 * outputs) from their first bytes, before a reader is picked (identify.c). */
#ifndef DTMAP_INGEST_IDENTIFY_H
#define DTMAP_INGEST_IDENTIFY_H

#include <stddef.h>
#include <stdio.h>

/* What head (the file's first n bytes, NUL-terminated) says the file is when it is no log dtmap
 * reads: a static reason ("an Excel workbook, not a log: save it as CSV (...)", "dtmap output
 * (rejects.csv written by dtmap), not a log"), or NULL when it may be a log. dtmap's sample CSV
 * is a log unless from_folder. fp, the open file or NULL, lets a test look past the head (a
 * ZIP's central directory); its position is changed. */
const char *dtmapi_ingest_identify(const char *head, size_t n, FILE *fp, int from_folder);

#endif
