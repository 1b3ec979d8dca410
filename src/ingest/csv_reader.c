/* csv_reader.c: reads delimited text logs in chunks through libcsv's push parser, tracking the
 * physical line where each record starts (BOM, CRLF, blank lines and quoted fields handled). */
#include "ingest/csv_reader.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ingest/encoding.h"

enum { CHUNK = 1 << 16, SNIFF = 4096 };

typedef struct reader {
    const char *path;
    csv_row_fn on_header, on_record;
    void *user;
    dtmap_error *err;
    dtmap_status status; /* sticky: the first failure inside a callback */
    char delim;          /* 0 until the header line has been seen */
    int header_done;
    int in_record;     /* libcsv is inside a record (has consumed some of its bytes) */
    uint32_t line;     /* physical line being fed (1-based) */
    uint32_t rec_line; /* line where the current record started */
    int at_bol;        /* the last byte fed ended a line */
    /* the current record's fields, packed into one reused arena (no per-field malloc) */
    char *arena;
    size_t alen, acap;
    ingest_decoder dec;       /* fields that are not UTF-8 (Latin-1, GB18030) */
    unsigned latin1, gb18030; /* fields of the current record decoded so */
    char bad[80];             /* why the current record is no text ("" when it is) */
    size_t *off;
    char **ptr;
    size_t nf, fcap;
} reader;

/* Notes in r->bad the first byte of a raw field that no text holds: NUL, or a control byte
 * other than tab, line ends and form feed (a binary tail after the records, a stray NUL). */
static void check_bytes(reader *r, const unsigned char *b, size_t len) {
    if (r->bad[0]) return;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = b[i];
        if (c == 0) {
            snprintf(r->bad, sizeof r->bad, "NUL byte in the record");
            return;
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) {
            snprintf(r->bad, sizeof r->bad, "control byte 0x%02x in the record", c);
            return;
        }
    }
}

/* 1 when every byte of b is printable ASCII (0x20..0x7e): valid UTF-8 that check_bytes
 * passes, so that neither needs to look at it. */
static int printable_ascii(const unsigned char *b, size_t len) {
    unsigned char bad = 0;
    for (size_t i = 0; i < len; i++)
        bad |= (unsigned char)(b[i] < 0x20) | (unsigned char)(b[i] >= 0x7f);
    return !bad;
}

/* Appends the field to the arena; plain: its bytes are known to be printable ASCII. */
static void add_field(reader *r, const char *field, size_t len, int plain) {
    if (r->status != DTMAP_OK) return;
    if (!plain) check_bytes(r, (const unsigned char *)field, len);
    if (!r->in_record) { /* a record that began mid-line (bare CR line end) */
        r->in_record = 1;
        r->rec_line = r->line;
    }
    if (r->nf == r->fcap) {
        size_t cap = r->fcap ? r->fcap * 2 : 64;
        size_t *off = realloc(r->off, cap * sizeof *off);
        if (!off) goto nomem;
        r->off = off;
        char **ptr = realloc(r->ptr, cap * sizeof *ptr);
        if (!ptr) goto nomem;
        r->ptr = ptr;
        r->fcap = cap;
    }
    int utf8 = plain || dtmapi_utf8_valid(field, len);
    size_t need = utf8 ? len + 1 : 2 * len + 1; /* decoding at most doubles the bytes */
    if (r->alen + need > r->acap) {
        size_t cap = r->acap ? r->acap : 4096;
        while (cap < r->alen + need)
            cap *= 2;
        char *a = realloc(r->arena, cap);
        if (!a) goto nomem;
        r->arena = a;
        r->acap = cap;
    }
    if (utf8) {
        if (len) memcpy(r->arena + r->alen, field, len);
        r->arena[r->alen + len] = '\0';
    } else {
        ingest_charset cs;
        len = dtmapi_ingest_decode(&r->dec, field, len, r->arena + r->alen, &cs);
        r->latin1 += cs == INGEST_LATIN1;
        r->gb18030 += cs == INGEST_GB18030;
    }
    r->off[r->nf++] = r->alen;
    r->alen += len + 1;
    return;
nomem:
    r->status = dtmap_error_set(r->err, DTMAP_ERR_NOMEM, "out of memory reading a record");
}

/* Field callback of libcsv: appends the field to the arena. */
static void on_field(void *field, size_t len, void *data) {
    add_field(data, field, len, printable_ascii(field, len));
}

/* Record callback: hands the record to the header or record handler, then resets. */
static void on_row(int c, void *data) {
    (void)c;
    reader *r = data;
    if (r->status != DTMAP_OK) return;
    for (size_t i = 0; i < r->nf; i++)
        r->ptr[i] = r->arena + r->off[i];
    csv_row row = {
        r->ptr, r->nf, r->rec_line, r->delim, r->latin1, r->gb18030, r->bad[0] ? r->bad : NULL};
    if (!r->header_done) {
        r->header_done = 1;
        if (r->bad[0])
            r->status = dtmap_error_set(r->err, DTMAP_ERR_FORMAT,
                                        "%s: not a delimited text log (its header, line %u: %s)",
                                        r->path, r->rec_line, r->bad);
        else
            r->status = r->on_header(r->user, &row, r->err);
    } else {
        r->status = r->on_record(r->user, &row, r->err);
    }
    r->nf = 0;
    r->alen = 0;
    r->in_record = 0;
    r->latin1 = r->gb18030 = 0;
    r->bad[0] = '\0';
}

/* The end of the file came inside a quoted field: the record from rec_line (with the fields
 * before the quote) goes out marked bad, naming the lines the quote swallowed. */
static void open_quote(reader *r) {
    uint32_t last = r->at_bol && r->line > r->rec_line ? r->line - 1 : r->line;
    snprintf(r->bad, sizeof r->bad, "unterminated quote from line %u (lines %u-%u in one field)",
             r->rec_line, r->rec_line, last);
    on_row(0, r);
}

/* Tells UTF-32 and UTF-16 from the first lim bytes: by their byte-order mark, or without one by
 * the NULs of ASCII text in them (UTF-32: three of every four bytes, UTF-16: every other
 * byte, at the same offsets). Returns "UTF-32", "UTF-16" or NULL. */
static const char *wide_text(const unsigned char *b, size_t lim) {
    if (lim >= 4 && ((b[0] == 0xff && b[1] == 0xfe && !b[2] && !b[3]) ||
                     (!b[0] && !b[1] && b[2] == 0xfe && b[3] == 0xff)))
        return "UTF-32";
    if (lim >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)))
        return "UTF-16";
    size_t le32 = 0, be32 = 0, quads = lim / 4, zeros[2] = {0, 0}, pairs = lim / 2;
    for (size_t i = 0; i < quads; i++) {
        const unsigned char *q = b + 4 * i;
        le32 += q[0] && !q[1] && !q[2] && !q[3];
        be32 += !q[0] && !q[1] && !q[2] && q[3];
    }
    if (quads >= 2 && (le32 >= quads * 3 / 4 || be32 >= quads * 3 / 4)) return "UTF-32";
    for (size_t i = 0; i < 2 * pairs; i++)
        zeros[i & 1] += b[i] == 0;
    if (pairs >= 2 && ((zeros[1] >= pairs * 3 / 4 && zeros[0] <= pairs / 8) ||
                       (zeros[0] >= pairs * 3 / 4 && zeros[1] <= pairs / 8)))
        return "UTF-16";
    return NULL;
}

/* Rejects what is clearly not text from its start: UTF-32 or UTF-16, NUL or control bytes in
 * the first line (a NUL or binary tail further on costs only the records that hold it, see
 * check_bytes). Bytes that are not UTF-8 are text in another charset (Latin-1, GB18030
 * exports), decoded field by field. Returns 0 and fills why, or 1 when the start is text. */
static int looks_like_text(const unsigned char *b, size_t n, char *why, size_t whyn) {
    size_t lim = n < SNIFF ? n : SNIFF;
    const char *wide = wide_text(b, lim);
    if (wide) {
        snprintf(why, whyn, "%s text; save it as UTF-8", wide);
        return 0;
    }
    const unsigned char *nl = memchr(b, '\n', lim);
    if (nl) lim = (size_t)(nl - b);
    for (size_t i = 0; i < lim; i++) {
        unsigned char c = b[i];
        if (c == 0) {
            snprintf(why, whyn, "NUL byte at offset %zu", i);
            return 0;
        }
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f') || c == 0x7f) {
            snprintf(why, whyn, "control byte 0x%02x at offset %zu", c, i);
            return 0;
        }
    }
    return 1;
}

/* Picks the delimiter of a header line: the most frequent of comma, semicolon and tab outside
 * quotes (comma wins ties). Returns 0 when the line has none of them. */
static char sniff_delim(const char *s, size_t n) {
    size_t count[3] = {0, 0, 0};
    const char cand[3] = {',', ';', '\t'};
    int quoted = 0;
    for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
        if (s[i] == '"') quoted = !quoted;
        if (quoted) continue;
        for (int k = 0; k < 3; k++)
            if (s[i] == cand[k]) count[k]++;
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best]) best = k;
    return count[best] ? cand[best] : 0;
}

/* Whether libcsv, at the start of a record, would read the line [q, end) (its '\n' at end[-1])
 * as plain fields: no quote, and no CR but the one of a CRLF end (a bare CR ends a record). */
static int plain_line(const char *q, const char *end) {
    const char *stop = end - 1 > q && end[-2] == '\r' ? end - 2 : end - 1;
    return !memchr(q, '"', (size_t)(stop - q)) && !memchr(q, '\r', (size_t)(stop - q));
}

/* Hands the fields of a plain line (see plain_line) to add_field and the record to on_row, as
 * libcsv would: split at the delimiter, spaces and tabs around each field dropped. */
static void split_line(reader *r, const char *q, const char *end) {
    const char *stop = end - 1 > q && end[-2] == '\r' ? end - 2 : end - 1;
    const char delim = r->delim;
    for (;;) {
        const char *e = q;
        unsigned char bad = 0;
        for (; e < stop && *e != delim; e++) {
            unsigned char c = (unsigned char)*e;
            bad |= (unsigned char)(c < 0x20) | (unsigned char)(c >= 0x7f);
        }
        const char *f = q, *l = e;
        while (f < l && (*f == ' ' || *f == '\t'))
            f++;
        while (l > f && (l[-1] == ' ' || l[-1] == '\t'))
            l--;
        add_field(r, f, (size_t)(l - f), !bad);
        if (e == stop) break;
        q = e + 1;
    }
    on_row('\n', r);
}

/* Feeds one chunk, cut at line ends so that every record learns its starting line. */
static dtmap_status feed(reader *r, struct csv_parser *p, const char *path, const char *buf,
                         size_t n) {
    const char *q = buf, *end = buf + n;
    while (q < end && r->status == DTMAP_OK) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        const char *seg_end = nl ? nl + 1 : end;
        int fresh = 0; /* a record starts in this line: libcsv holds nothing of it */
        if (!r->in_record) {
            /* Between records libcsv ignores spaces and line ends, so skipping them here changes
             * nothing but lets a blank line go by without starting a record. */
            while (q < seg_end && (*q == ' ' || *q == '\r' || *q == '\n' ||
                                   (*q == '\t' && r->delim && r->delim != '\t')))
                q++;
            if (q < seg_end) {
                if (!r->delim) {
                    r->delim = sniff_delim(q, (size_t)(end - q));
                    if (!r->delim)
                        return dtmap_error_set(r->err, DTMAP_ERR_FORMAT,
                                               "%s: not a delimited text log (no comma, semicolon "
                                               "or tab in the first line)",
                                               path);
                    csv_set_delim(p, (unsigned char)r->delim);
                }
                r->in_record = 1;
                r->rec_line = r->line;
                fresh = 1;
            }
        }
        if (fresh && nl && plain_line(q, seg_end)) {
            split_line(r, q, seg_end); /* the common line, without libcsv's byte loop */
        } else if (q < seg_end) {
            size_t len = (size_t)(seg_end - q);
            /* libcsv grows its field buffer by blk_size at a time (128 bytes by default): a
             * step as large as the buffer makes the growth geometric, and a long line or field
             * linear to read instead of quadratic. */
            size_t have = csv_get_buffer_size(p);
            csv_set_blk_size(p, have > CHUNK ? have : CHUNK);
            if (csv_parse(p, q, len, on_field, on_row, r) != len && r->status == DTMAP_OK)
                return dtmap_error_set(r->err, DTMAP_ERR_NOMEM, "%s:%u: %s", path, r->line,
                                       csv_strerror(csv_error(p)));
        }
        if (nl && r->line < UINT32_MAX) r->line++;
        q = seg_end;
    }
    r->at_bol = n > 0 && buf[n - 1] == '\n';
    return r->status;
}

dtmap_status dtmapi_csv_reader_read(const char *path, csv_row_fn on_header, csv_row_fn on_record,
                                    void *user, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    reader r = {0};
    struct csv_parser p;
    int parser_ok = 0;
    char *buf = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));
        goto done;
    }
    buf = malloc(CHUNK);
    if (!buf) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    parser_ok = 1;
    r.path = path;
    r.on_header = on_header;
    r.on_record = on_record;
    r.user = user;
    r.err = err;
    r.line = 1;
    for (int first = 1;; first = 0) {
        size_t n = fread(buf, 1, CHUNK, fp);
        if (ferror(fp)) {
            st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));
            goto done;
        }
        size_t skip = 0;
        if (first) {
            char why[96];
            if (!looks_like_text((const unsigned char *)buf, n, why, sizeof why)) {
                st = dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: not a delimited text log (%s)",
                                     path, why);
                goto done;
            }
            if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) skip = 3;
        }
        if (n == 0) break;
        st = feed(&r, &p, path, buf + skip, n - skip);
        if (st != DTMAP_OK) goto done;
    }
    /* Strict at the end only: csv_fini then refuses a quote still open (CSV_EPARSE) instead
     * of handing out the rest of the file as one field. */
    csv_set_opts(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI);
    if (csv_fini(&p, on_field, on_row, &r) != 0 && r.status == DTMAP_OK) {
        if (csv_error(&p) == CSV_EPARSE)
            open_quote(&r);
        else
            r.status =
                dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: %s", path, csv_strerror(csv_error(&p)));
    }
    st = r.status;
    if (st == DTMAP_OK && !r.header_done)
        st = dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: empty file", path);
done:
    if (parser_ok) csv_free(&p);
    free(buf);
    dtmapi_ingest_decoder_free(&r.dec);
    free(r.arena);
    free(r.off);
    free(r.ptr);
    if (fp) fclose(fp);
    return st;
}
