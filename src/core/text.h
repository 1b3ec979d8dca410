/* text.h (private): small text helpers every layer shares: joining a folder and a file name,
 * trimming blanks, and reading UTF-8 one sequence at a time. */
#ifndef DTMAP_TEXT_H
#define DTMAP_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/fileio.h"

/* Writes dir "/" name into buf (size bytes, always NUL-terminated when size > 0). No '/' is
 * added when dir is empty or already ends in '/'. Returns 0, or -1 when the result did not fit
 * (buf then holds a truncated prefix) or buf is NULL or size is 0. */
int dtmapi_path_join(char *buf, size_t size, const char *dir, const char *name);
/* dtmap_path_join_alloc (the same join into a new string) is public: dtmap/fileio.h. */

/* The span of s without leading and trailing bytes from blanks (" \t" when blanks is NULL):
 * returns its start and sets *len to its length. s is not changed; NULL s is "". */
const char *dtmapi_trim_span(const char *s, const char *blanks, size_t *len);
/* Trims s in place: cuts the trailing blanks (" \t" when NULL) with a NUL and returns the
 * first byte that is not one, inside s. */
char *dtmapi_trim(char *s, const char *blanks);

/* What dtmapi_utf8_next found at the start of a byte string. */
enum {
    DTMAPI_UTF8_INVALID = 0,    /* not valid UTF-8 (stray byte, overlong, surrogate, > U+10FFFF) */
    DTMAPI_UTF8_TRUNCATED = -1, /* a valid start of a sequence that n bytes cut short */
};
/* Reads the UTF-8 sequence at the start of s, looking at no more than n bytes (n > 0; a NUL
 * byte is an ordinary one-byte sequence). On a NUL-terminated string n may be SIZE_MAX: a
 * sequence cut by the NUL is invalid and nothing after the NUL is read. Returns its length 1..4 and
 * sets *cp (may be NULL) to its code point, or DTMAPI_UTF8_INVALID or DTMAPI_UTF8_TRUNCATED (RFC
 * 3629). */
int dtmapi_utf8_next(const char *s, size_t n, uint32_t *cp);
/* 1 when the n bytes at s are valid UTF-8 throughout, else 0. */
int dtmapi_utf8_valid(const char *s, size_t n);

#endif
