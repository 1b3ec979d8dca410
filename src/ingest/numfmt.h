/* numfmt.h: the number texts of the normalised sample CSV, without printf or strtod in the
 * common case (numfmt.c). */
#ifndef DTMAP_INGEST_NUMFMT_H
#define DTMAP_INGEST_NUMFMT_H

#include <stddef.h>

/* Room a caller gives dtmapi_fmt_double / dtmapi_fmt_float (the longest text with its NUL). */
#define DTMAPI_NUMFMT_SIZE 32

/* Writes into buf (DTMAPI_NUMFMT_SIZE bytes) the text of v that the sample CSV holds: the
 * first of printf "%.15g", "%.16g", "%.17g" that strtod reads back to v ("%.17g" when none
 * does: NaN). Byte-identical to that printf/strtod loop for every double; finite normal values
 * are done with integer arithmetic, the others by the loop. Returns the length. */
size_t dtmapi_fmt_double(char *buf, double v);

/* The same for a float: the first of "%.6g".."%.9g" (of v widened to double) that strtod, then
 * a cast to float, reads back to v ("%.9g" when none does). Returns the length. */
size_t dtmapi_fmt_float(char *buf, float v);

/* Writes the decimal digits of v into buf (at least 21 bytes, no NUL); returns how many. */
size_t dtmapi_fmt_u64(char *buf, unsigned long long v);

#endif
