/* ingest.c: dtmap_ingest_file, the entry point: reader + dialect + checks, and the accounting
 * that keeps every record either a sample or a reject. */
#include "dtmap/ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/csv_reader.h"
#include "ingest/formats.h"
#include "ingest/dialects.h"
#include "ingest/report.h"
#include "ingest/validate.h"

typedef struct ingest_ctx {
    const char *path;
    const dtmap_ingest_opts *opts;
    dtmap_samples *set;
    dtmap_ingest_report *rep;
    ingest_dialect dialect;
    dtmap_file_report fr;
} ingest_ctx;

static dtmap_status on_header(void *user, const csv_row *row, dtmap_error *err) {
    ingest_ctx *c = user;
    dtmap_status st =
        dtmapi_ingest_dialect_detect(c->path, row->field, row->nfields, c->opts, &c->dialect, err);
    if (st == DTMAP_OK) snprintf(c->fr.format, sizeof c->fr.format, "%s", c->dialect.format);
    return st;
}

static dtmap_status on_record(void *user, const csv_row *row, dtmap_error *err) {
    ingest_ctx *c = user;
    dtmap_sample s;
    dtmap_reject_reason reason;
    char detail[sizeof((dtmap_reject *)0)->detail];
    c->fr.records++;
    if (dtmapi_ingest_validate_row(&c->dialect, c->opts, row->field, row->nfields, row->delim, &s, &reason,
                            detail, sizeof detail)) {
        s.file = c->fr.file;
        s.line = row->line;
        if (dtmap_samples_push(c->set, &s) != DTMAP_OK) goto nomem;
        c->fr.accepted++;
    } else {
        if (dtmapi_ingest_report_add_reject(c->rep, c->fr.file, row->line, reason, detail) != DTMAP_OK)
            goto nomem;
        c->fr.rejected[reason]++;
    }
    return DTMAP_OK;
nomem:
    return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", c->path, row->line);
}

typedef enum { FMT_CSV, FMT_NMEA, FMT_QUECTEL, FMT_NEMO } file_format;

/* Picks the reader from the first 64 KiB of the file (content, never the name). */
static dtmap_status sniff(const char *path, file_format *fmt, dtmap_error *err) {
    enum { HEAD = 65536 };
    FILE *fp = fopen(path, "rb");
    if (!fp) return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));
    char *head = malloc(HEAD + 1);
    if (!head) {
        fclose(fp);
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
    }
    size_t n = fread(head, 1, HEAD, fp);
    int bad = ferror(fp) ? errno : 0;
    fclose(fp);
    head[n] = '\0';
    *fmt = dtmapi_ingest_nemo_sniff(head, n)      ? FMT_NEMO
           : dtmapi_ingest_nmea_sniff(head, n)    ? FMT_NMEA
           : dtmapi_ingest_quectel_sniff(head, n) ? FMT_QUECTEL
                                           : FMT_CSV;
    free(head);
    if (bad) return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(bad));
    return DTMAP_OK;
}

dtmap_status dtmap_ingest_file(const char *path, const dtmap_ingest_opts *opts, dtmap_samples *set,
                               dtmap_ingest_report *rep, dtmap_error *err) {
    static const dtmap_ingest_opts no_opts;
    ingest_ctx c = {path, opts ? opts : &no_opts, set, rep};
    size_t n0 = set->n, r0 = rep->nrejects, f0 = set->nfix, nb0 = set->nnbr;
    file_format fmt = FMT_CSV;
    dtmap_status st = dtmap_samples_add_file(set, path, &c.fr.file);
    if (st != DTMAP_OK) {
        st = dtmap_error_set(err, st, "%s: out of memory", path);
        goto done;
    }
    if ((st = sniff(path, &fmt, err)) != DTMAP_OK) goto done;
    if (fmt == FMT_CSV) {
        st = dtmapi_csv_reader_read(path, on_header, on_record, &c, err);
        if (st == DTMAP_OK) c.fr.meta = 1; /* the header */
    } else {
        ingest_sink k = {path, c.opts, set, rep, &c.fr};
        st = fmt == FMT_NMEA      ? dtmapi_ingest_nmea_read(&k, err)
             : fmt == FMT_QUECTEL ? dtmapi_ingest_quectel_read(&k, err)
                                  : dtmapi_ingest_nemo_read(&k, err);
    }
    if (st != DTMAP_OK) goto done;
    if (dtmapi_ingest_report_add_file(rep, &c.fr) != DTMAP_OK)
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
done:
    if (st != DTMAP_OK) { /* a failed call leaves no samples or rejects behind */
        set->n = n0;
        set->nfix = f0;
        set->nnbr = nb0;
        rep->nrejects = r0;
    }
    return st;
}
