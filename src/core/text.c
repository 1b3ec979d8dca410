/* text.c: path join, blank trimming and UTF-8 decoding shared by all layers (see text.h). */
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The separator between dir and name: none when dir is empty or ends in '/'. */
static const char *separator(const char *dir) {
    size_t n = strlen(dir);
    return (n == 0 || dir[n - 1] == '/') ? "" : "/";
}

int dtmapi_path_join(char *buf, size_t size, const char *dir, const char *name) {
    if (buf == NULL || size == 0) return -1;
    int n = snprintf(buf, size, "%s%s%s", dir, separator(dir), name);
    return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

char *dtmap_path_join_alloc(const char *dir, const char *name) {
    size_t size = strlen(dir) + strlen(name) + 2; /* room for a separator and the NUL */
    char *p = malloc(size);
    if (p != NULL) dtmapi_path_join(p, size, dir, name);
    return p;
}

const char *dtmapi_trim_span(const char *s, const char *blanks, size_t *len) {
    if (s == NULL) s = "";
    if (blanks == NULL) blanks = " \t";
    s += strspn(s, blanks);
    size_t n = strlen(s);
    while (n > 0 && strchr(blanks, s[n - 1]) != NULL)
        n--;
    *len = n;
    return s;
}

char *dtmapi_trim(char *s, const char *blanks) {
    size_t n;
    char *start = s + (dtmapi_trim_span(s, blanks, &n) - s);
    start[n] = '\0';
    return start;
}

int dtmapi_utf8_next(const char *s, size_t n, uint32_t *cp) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    int len = c < 0x80                 ? 1
              : c >= 0xC2 && c <= 0xDF ? 2
              : c >= 0xE0 && c <= 0xEF ? 3
              : c >= 0xF0 && c <= 0xF4 ? 4
                                       : 0;
    if (len == 0) return DTMAPI_UTF8_INVALID;
    uint32_t v = len == 1 ? c : (uint32_t)(c & (0x7F >> len));
    for (int k = 1; k < len; k++) {
        if ((size_t)k >= n) return DTMAPI_UTF8_TRUNCATED;
        if ((p[k] & 0xC0) != 0x80) return DTMAPI_UTF8_INVALID;
        /* the second byte's range rules out overlong forms, surrogates and > U+10FFFF */
        if (k == 1 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
                       (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)))
            return DTMAPI_UTF8_INVALID;
        v = (v << 6) | (uint32_t)(p[k] & 0x3F);
    }
    if (cp != NULL) *cp = v;
    return len;
}

int dtmapi_utf8_valid(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        int len = dtmapi_utf8_next(s + i, n - i, NULL);
        if (len <= 0) return 0;
        i += (size_t)len;
    }
    return 1;
}
