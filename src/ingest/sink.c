/* sink.c: the accounting behind ingest_sink: samples, fixes, skips and rejects of one file. */
#include "ingest/sink.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "ingest/encoding.h"
#include "ingest/report.h"

void dtmapi_ingest_sink_meta(ingest_sink *k) {
    k->fr->meta++;
}

dtmap_status dtmapi_ingest_sink_sample(ingest_sink *k, uint32_t line, dtmap_sample *s,
                                       const dtmap_neighbour *nbr, size_t nnbr, dtmap_error *err) {
    s->file = k->fr->file;
    s->line = line;
    s->nbr = 0;
    s->nnbr = 0;
    if (nnbr) {
        if (dtmap_samples_push_neighbours(k->set, nbr, nnbr, &s->nbr) != DTMAP_OK) goto nomem;
        s->nnbr = (uint32_t)nnbr;
    }
    if (dtmap_samples_push(k->set, s) != DTMAP_OK) goto nomem;
    k->fr->records++;
    k->fr->accepted++;
    return DTMAP_OK;
nomem:
    return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", k->path, line);
}

dtmap_status dtmapi_ingest_sink_fix(ingest_sink *k, uint32_t line, dtmap_fix *f, int shared,
                                    dtmap_error *err) {
    f->file = k->fr->file;
    f->line = line;
    f->owner = shared ? DTMAP_FIX_SHARED : k->fr->file;
    if (dtmap_samples_push_fix(k->set, f) != DTMAP_OK)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", k->path, line);
    k->fr->records++;
    k->fr->fixes++;
    return DTMAP_OK;
}

void dtmapi_ingest_sink_skip(ingest_sink *k, uint32_t line, const char *kind) {
    (void)line;
    dtmap_file_report *fr = k->fr;
    dtmap_skip_count *c = NULL;
    for (int i = 0; i < DTMAP_SKIP_KINDS && !c; i++) {
        if (!fr->skip[i].kind[0]) {
            snprintf(fr->skip[i].kind, sizeof fr->skip[i].kind, "%s", kind);
            c = &fr->skip[i];
        } else if (strncmp(fr->skip[i].kind, kind, sizeof fr->skip[i].kind - 1) == 0) {
            c = &fr->skip[i];
        }
    }
    if (!c) {
        c = &fr->skip[DTMAP_SKIP_KINDS];
        snprintf(c->kind, sizeof c->kind, "other");
    }
    c->count++;
    fr->records++;
    fr->skipped++;
}

dtmap_status dtmapi_ingest_sink_reject(ingest_sink *k, uint32_t line, dtmap_reject_reason reason,
                                       dtmap_error *err, const char *fmt, ...) {
    char detail[sizeof((dtmap_reject *)0)->detail];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    dtmapi_ingest_utf8_repair(detail); /* a value cut mid-character by a %.40s or the buffer */
    if (dtmapi_ingest_report_add_reject(k->rep, k->fr->file, line, reason, detail) != DTMAP_OK)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", k->path, line);
    k->fr->records++;
    k->fr->rejected[reason]++;
    return DTMAP_OK;
}

void dtmapi_ingest_sink_time_unusable(ingest_sink *k, uint32_t line, const char *why) {
    dtmap_file_report *fr = k->fr;
    if (fr->time_unusable++ == 0) {
        fr->time_unusable_line = line;
        snprintf(fr->time_unusable_why, sizeof fr->time_unusable_why, "%s", why);
        dtmapi_ingest_utf8_repair(fr->time_unusable_why);
    }
}

void dtmapi_ingest_sink_unknown_tech(ingest_sink *k, const char *value) {
    dtmap_file_report *fr = k->fr;
    char v[sizeof fr->unknown_tech[0].value];
    size_t n;
    value = dtmapi_trim_span(value, " \t", &n);
    snprintf(v, sizeof v, "%.*s", (int)dtmapi_ingest_utf8_prefix(value, n, sizeof v - 1), value);
    dtmapi_ingest_utf8_repair(v);
    dtmap_value_count *c = &fr->unknown_tech[DTMAP_TECH_VALUES];
    for (int i = 0; i < DTMAP_TECH_VALUES; i++) {
        if (fr->unknown_tech[i].count == 0) { /* the first free entry: a new value */
            snprintf(fr->unknown_tech[i].value, sizeof v, "%s", v);
            c = &fr->unknown_tech[i];
            break;
        }
        if (strcmp(fr->unknown_tech[i].value, v) == 0) {
            c = &fr->unknown_tech[i];
            break;
        }
    }
    if (c == &fr->unknown_tech[DTMAP_TECH_VALUES])
        snprintf(c->value, sizeof c->value, "%s", DTMAP_TECH_VALUES_MORE);
    c->count++;
}
