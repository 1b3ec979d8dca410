/* encoding.c: reading fields written in Latin-1 or GB18030 as UTF-8 (per field: one stray byte
 * never costs a file), and keeping message text valid UTF-8. */
#include "ingest/encoding.h"

#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "core/text.h"

/* Whether the n bytes at s pass the GB18030 rule of dtmapi_ingest_decode (structure only; iconv
 * checks that every sequence is a character). A two-byte sequence counts as a character only
 * when its second byte is not ASCII: a Latin-1 letter before an ASCII one ("\xe9l" in
 * "H\xe9l\xe8ne") forms such a pair, Chinese text seldom does. */
static int looks_gb18030(const unsigned char *s, size_t n) {
    int run = 0, two_in_a_row = 0, letters = 0, weak = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            letters |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            run = 0;
            i++;
            continue;
        }
        if (c == 0x80 || c == 0xff || i + 1 >= n) return 0;
        size_t len = s[i + 1] >= 0x30 && s[i + 1] <= 0x39 ? 4 : 2;
        if (i + len > n) return 0;
        if (len == 2 && s[i + 1] < 0x80) {
            weak = 1;
            run = 0;
        } else if (++run >= 2) {
            two_in_a_row = 1;
        }
        i += len;
    }
    return two_in_a_row || (!letters && !weak);
}

/* GB18030 to UTF-8 through iconv into out; returns the length, or (size_t)-1 when some byte
 * is not GB18030 (or iconv cannot convert). */
static size_t from_gb18030(ingest_decoder *dec, const char *s, size_t n, char *out, size_t outn) {
    if (!dec->gb && !dec->gb_fail) {
        iconv_t cd = iconv_open("UTF-8", "GB18030");
        if (cd == (iconv_t)-1)
            dec->gb_fail = 1;
        else
            dec->gb = cd;
    }
    if (!dec->gb) return (size_t)-1;
    iconv_t cd = dec->gb;
    iconv(cd, NULL, NULL, NULL, NULL);
    char *in = (char *)s, *o = out;
    size_t inleft = n, oleft = outn;
    if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 || inleft) return (size_t)-1;
    if (iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1) return (size_t)-1;
    return (size_t)(o - out);
}

size_t dtmapi_ingest_decode(ingest_decoder *dec, const char *s, size_t n, char *out,
                            ingest_charset *cs) {
    size_t len;
    if (dtmapi_utf8_valid(s, n)) {
        if (n) memcpy(out, s, n);
        out[n] = '\0';
        *cs = INGEST_UTF8;
        return n;
    }
    if (looks_gb18030((const unsigned char *)s, n) &&
        (len = from_gb18030(dec, s, n, out, 2 * n)) != (size_t)-1 && dtmapi_utf8_valid(out, len)) {
        out[len] = '\0';
        *cs = INGEST_GB18030;
        return len;
    }
    len = 0;
    for (size_t i = 0; i < n; i++) { /* Latin-1: byte b is U+00bb */
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[len++] = (char)c;
        } else {
            out[len++] = (char)(0xc0 | (c >> 6));
            out[len++] = (char)(0x80 | (c & 0x3f));
        }
    }
    out[len] = '\0';
    *cs = INGEST_LATIN1;
    return len;
}

void dtmapi_ingest_decoder_free(ingest_decoder *dec) {
    if (dec && dec->gb) iconv_close((iconv_t)dec->gb);
    if (dec) dec->gb = NULL;
}

size_t dtmapi_ingest_utf8_prefix(const char *s, size_t n, size_t max) {
    size_t i = 0;
    while (i < n) {
        int len = dtmapi_utf8_next(s + i, n - i, NULL);
        if (len <= 0) len = 1; /* an invalid byte is cut like a character */
        if (i + (size_t)len > max) break;
        i += (size_t)len;
    }
    return i;
}

char *dtmapi_ingest_utf8_repair(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int len = dtmapi_utf8_next(s + i, n - i, NULL);
        if (len <= 0) {
            s[i++] = '?';
            continue;
        }
        i += (size_t)len;
    }
    return s;
}
