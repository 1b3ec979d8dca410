/* encoding.h: fields that are not UTF-8 (Latin-1 or GB18030 exports) read as UTF-8, and text for
 * messages cut or repaired so that it stays valid UTF-8. */
#ifndef DTMAP_INGEST_ENCODING_H
#define DTMAP_INGEST_ENCODING_H

#include <stddef.h>

/* The charset a field was read in. */
typedef enum ingest_charset {
    INGEST_UTF8 = 0, /* valid UTF-8: kept as it is */
    INGEST_GB18030,
    INGEST_LATIN1
} ingest_charset;

/* A decoder; holds an iconv descriptor once GB18030 was needed. Zero-initialise it; release
 * with dtmapi_ingest_decoder_free. */
typedef struct ingest_decoder {
    void *gb;    /* iconv_t from GB18030 to UTF-8, or NULL */
    int gb_fail; /* 1 when iconv has no GB18030 (then Latin-1 is used) */
} ingest_decoder;

/* Writes the n bytes at s (no NUL needed) as UTF-8 into out, which holds at least 2 * n + 1
 * bytes, NUL-terminated, and returns the length written; *cs says how they were read. Valid
 * UTF-8 is copied. Otherwise the field is GB18030 when the whole field decodes as GB18030 and
 * it either holds two multi-byte characters in a row or has no ASCII letter at all (a two-byte
 * character whose second byte is ASCII counts only as a break); else it is Latin-1, which
 * decodes any byte. The rule keeps Latin-1 words ("Müller", "ação", "Straße",
 * whose accented letters sit alone or in pairs among ASCII letters and would often also pass as
 * GB18030 pairs) out of GB18030, and reads Chinese names, which come in runs of characters. */
size_t dtmapi_ingest_decode(ingest_decoder *dec, const char *s, size_t n, char *out,
                            ingest_charset *cs);

void dtmapi_ingest_decoder_free(ingest_decoder *dec);

/* The largest length <= max of the first n bytes of s that does not cut a UTF-8 sequence. */
size_t dtmapi_ingest_utf8_prefix(const char *s, size_t n, size_t max);

/* Makes NUL-terminated s valid UTF-8 in place: every byte that is not part of a valid sequence
 * becomes '?' (a message cut mid-character by a fixed-size buffer, a raw byte in a detail).
 * Returns s. */
char *dtmapi_ingest_utf8_repair(char *s);

#endif
