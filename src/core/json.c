/* json.c: JSON string literals and numbers that are always valid (see json.h). */
#include "core/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Writes one byte below 0x80 of a string literal, escaped as RFC 8259 asks. */
static void put_ascii(FILE *fp, unsigned char c) {
    switch (c) {
    case '"':
        fputs("\\\"", fp);
        break;
    case '\\':
        fputs("\\\\", fp);
        break;
    case '\b':
        fputs("\\b", fp);
        break;
    case '\f':
        fputs("\\f", fp);
        break;
    case '\n':
        fputs("\\n", fp);
        break;
    case '\r':
        fputs("\\r", fp);
        break;
    case '\t':
        fputs("\\t", fp);
        break;
    default:
        if (c < 0x20)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
}

void dtmapi_json_str(FILE *fp, const char *s) {
    const char *p = s != NULL ? s : "";
    size_t n = strlen(p);
    fputc('"', fp);
    while (n > 0) {
        int len = dtmapi_utf8_next(p, n, NULL);
        if (len <= 0) {
            fprintf(fp, "\\u%04x", (unsigned char)*p); /* the byte as Latin-1 */
            len = 1;
        } else if (len == 1) {
            put_ascii(fp, (unsigned char)*p);
        } else {
            fwrite(p, 1, (size_t)len, fp);
        }
        p += len;
        n -= (size_t)len;
    }
    fputc('"', fp);
}

const char *dtmapi_json_num_format(char buf[DTMAPI_JSON_NUM], double v, int digits) {
    buf[0] = '\0';
    if (!isfinite(v)) return buf;
    if (digits > 0) {
        snprintf(buf, DTMAPI_JSON_NUM, "%.*g", digits, v);
        return buf;
    }
    if (v == 0) v = 0; /* -0 */
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, DTMAPI_JSON_NUM, "%.*g", p, v);
        if (strtod(buf, NULL) == v) break;
    }
    return buf;
}

void dtmapi_json_num(FILE *fp, double v, int digits) {
    char b[DTMAPI_JSON_NUM];
    fputs(isfinite(v) ? dtmapi_json_num_format(b, v, digits) : "null", fp);
}
