/* lines.c: the line splitter of the line-oriented readers (see lines.h). */
#include "ingest/lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct splitter {
    ingest_sink *k;
    ingest_line_fn fn;
    void *user;
    char *buf;     /* current line, INGEST_LINE_MAX + 1 bytes */
    size_t len;    /* bytes kept in buf */
    int truncated; /* the current line was longer than INGEST_LINE_MAX */
    int prev_cr;   /* the previous byte was CR (a following LF ends nothing) */
    int started;   /* bytes of the current line seen (even if all cut) */
    int at_start;  /* nothing read yet: a BOM may follow */
    uint32_t line; /* number of the current line */
} splitter;

/* Ends the current line: blank or not, it counts; non-blank ones go to the callback. */
static dtmap_status end_line(splitter *s, dtmap_error *err) {
    size_t n = s->len;
    while (n && (s->buf[n - 1] == ' ' || s->buf[n - 1] == '\t'))
        n--;
    s->buf[n] = '\0';
    s->k->fr->lines++;
    size_t lead = strspn(s->buf, " \t");
    dtmap_status st = DTMAP_OK;
    if (lead == n)
        s->k->fr->blank++;
    else
        st = s->fn(s->user, s->buf, n, s->line, s->truncated, err);
    s->len = 0;
    s->truncated = 0;
    s->started = 0;
    s->line++;
    return st;
}

static dtmap_status feed(splitter *s, const char *p, size_t n, dtmap_error *err) {
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\n' && s->prev_cr) {
            s->prev_cr = 0;
            continue;
        }
        s->prev_cr = c == '\r';
        if (c == '\n' || c == '\r') {
            dtmap_status st = end_line(s, err);
            if (st != DTMAP_OK) return st;
            continue;
        }
        s->started = 1;
        if (s->len < INGEST_LINE_MAX)
            s->buf[s->len++] = c ? c : '?';
        else
            s->truncated = 1;
    }
    return DTMAP_OK;
}

dtmap_status dtmapi_ingest_lines_read(ingest_sink *k, ingest_line_fn fn, void *user,
                                      dtmap_error *err) {
    splitter s = {k, fn, user, NULL, 0, 0, 0, 0, 1, 1};
    dtmap_status st = DTMAP_OK;
    char *chunk = NULL;
    FILE *fp = fopen(k->path, "rb");
    if (!fp) return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", k->path, strerror(errno));
    s.buf = malloc(INGEST_LINE_MAX + 1);
    chunk = malloc(1 << 16);
    if (!s.buf || !chunk) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", k->path);
        goto done;
    }
    size_t got;
    while ((got = fread(chunk, 1, 1 << 16, fp)) > 0) {
        const char *p = chunk;
        if (s.at_start) {
            s.at_start = 0;
            if (got >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3, got -= 3;
        }
        if ((st = feed(&s, p, got, err)) != DTMAP_OK) goto done;
    }
    if (ferror(fp)) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: read error: %s", k->path, strerror(errno));
        goto done;
    }
    if (s.started || s.len) st = end_line(&s, err); /* last line without a line end */
done:
    free(chunk);
    free(s.buf);
    fclose(fp);
    return st;
}
