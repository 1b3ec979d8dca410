/* csv_log.c: the delimited-text log reader (G-NetTrack, OpenCelliD-style, dtmap's own CSV,
 * generic CSV): libcsv rows (csv_reader.c), the header's dialect (dialects.c) and the checks
 * that make each record a sample or a reject (validate.c), accounted through the sink. */
#include <stdio.h>

#include "ingest/csv_reader.h"
#include "ingest/dialects.h"
#include "ingest/formats.h"
#include "ingest/report.h"
#include "ingest/sink.h"
#include "ingest/validate.h"

typedef struct csv_log {
    ingest_sink *k;
    ingest_dialect dialect;
} csv_log;

/* The header row: detects the dialect, whose name becomes the file's format; a column name
 * given twice is a warning naming the file and the column (the first one is read). */
static dtmap_status on_header(void *user, const csv_row *row, dtmap_error *err) {
    csv_log *c = user;
    c->k->fr->fields_latin1 += row->latin1;
    c->k->fr->fields_gb18030 += row->gb18030;
    dtmap_status st = dtmapi_ingest_dialect_detect(c->k->path, row->field, row->nfields, c->k->opts,
                                                   &c->dialect, err);
    if (st != DTMAP_OK) return st;
    snprintf(c->k->fr->format, sizeof c->k->fr->format, "%s", c->dialect.format);
    for (int col = 0; col < DTMAP_COL_COUNT; col++) {
        int first = c->dialect.col[col], again = c->dialect.dup[col];
        if (again < 0) continue;
        if (dtmapi_ingest_report_add_warning(c->k->rep, c->k->fr->file,
                                             "%s: column \"%s\" appears twice (columns %d and "
                                             "%d): column %d is read, column %d ignored",
                                             c->k->path, row->field[first], first + 1, again + 1,
                                             first + 1, again + 1) != DTMAP_OK)
            return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", c->k->path);
    }
    return DTMAP_OK;
}

/* One data record: a sample or a reject (bad_record when the reader says it is no text). DTMAP_OK
 * or DTMAP_ERR_NOMEM. */
static dtmap_status on_record(void *user, const csv_row *row, dtmap_error *err) {
    csv_log *c = user;
    dtmap_sample s;
    dtmap_reject_reason reason;
    char detail[sizeof((dtmap_reject *)0)->detail];
    unsigned notes;
    if (row->bad) /* its fields are no text: their charset is no note about the file */
        return dtmapi_ingest_sink_reject(c->k, row->line, DTMAP_REJ_BAD_RECORD, err, "%s",
                                         row->bad);
    c->k->fr->fields_latin1 += row->latin1;
    c->k->fr->fields_gb18030 += row->gb18030;
    if (dtmapi_ingest_validate_row(&c->dialect, c->k->opts, row->field, row->nfields, row->delim,
                                   &s, &reason, detail, sizeof detail, &notes)) {
        if (notes & DTMAPI_ROW_TIME_DROPPED)
            dtmapi_ingest_sink_time_unusable(c->k, row->line, detail);
        return dtmapi_ingest_sink_sample(c->k, row->line, &s, NULL, 0, err);
    }
    if (notes & DTMAPI_ROW_UNKNOWN_TECH)
        dtmapi_ingest_sink_unknown_tech(c->k, row->field[c->dialect.col[DTMAP_COL_TECH]]);
    return dtmapi_ingest_sink_reject(c->k, row->line, reason, err, "%s", detail);
}

int dtmapi_ingest_csv_sniff(const char *head, size_t n) {
    (void)head;
    (void)n;
    return 1;
}

dtmap_status dtmapi_ingest_csv_read(ingest_sink *k, dtmap_error *err) {
    csv_log c = {k};
    dtmap_status st = dtmapi_csv_reader_read(k->path, on_header, on_record, &c, err);
    if (st == DTMAP_OK) dtmapi_ingest_sink_meta(k); /* the header */
    return st;
}
