/* quectel_pending.c: the Quectel reader's queue of held-back measurements. A response parser
 * (quectel_qeng.c, quectel_nuestats.c) holds a serving-cell measurement here so that the
 * neighbour lines after it can travel with it; quectel.c flushes the queue when the response
 * ends. Emitting a measurement (sample or reject, at the line that started it) happens here,
 * so the parsers and the framing both sit on top of this file and never call each other back. */
#include <stdlib.h>

#include "ingest/quectel.h"

dtmap_status dtmapi_q_pend_add(qreader *r, qsrc src, const dtmap_sample *s, qpend **out,
                               dtmap_error *err) {
    if (r->npend == Q_PEND_MAX) {
        dtmap_status st = dtmapi_q_flush(r, 0, err);
        if (st != DTMAP_OK) return st;
    }
    qpend *p = &r->pend[r->npend++];
    p->src = src;
    p->line = r->line;
    p->s = *s;
    p->nnbr = 0; /* p->nbr and p->cap stay: the slot's buffer is reused */
    p->bad = 0;
    p->detail[0] = '\0';
    p->seen = 0;
    *out = p;
    return DTMAP_OK;
}

qpend *dtmapi_q_pend_find(qreader *r, qsrc src, int tech) {
    for (size_t i = r->npend; i-- > 0;)
        if (r->pend[i].src == src && (tech < 0 || r->pend[i].s.tech == tech)) return &r->pend[i];
    return NULL;
}

dtmap_status dtmapi_q_pend_neighbour(qreader *r, qpend *p, const dtmap_neighbour *n,
                                     dtmap_error *err) {
    if (p->nnbr == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 8;
        dtmap_neighbour *v = realloc(p->nbr, cap * sizeof *v);
        if (!v)
            return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s:%u: out of memory", r->k->path,
                                   r->line);
        p->nbr = v;
        p->cap = cap;
    }
    p->nbr[p->nnbr++] = *n;
    return DTMAP_OK;
}

/* Emits a pending NUESTATS measurement at its first line: a reject when one of its fields was
 * bad or a metric is out of range, else a sample with its neighbours. DTMAP_OK or
 * DTMAP_ERR_NOMEM. */
static dtmap_status emit_nuestats(qreader *r, qpend *p, dtmap_error *err) {
    if (p->bad) return dtmapi_ingest_sink_reject(r->k, p->line, p->reason, err, "%s", p->detail);
    dtmap_reject_reason why;
    char detail[96];
    if (!dtmapi_q_check(r->k->opts, &p->s, &why, detail, sizeof detail))
        return dtmapi_ingest_sink_reject(r->k, p->line, why, err, "NUESTATS: %s", detail);
    return dtmapi_ingest_sink_sample(r->k, p->line, &p->s, p->nbr, p->nnbr, err);
}

dtmap_status dtmapi_q_flush(qreader *r, int keep_qeng, dtmap_error *err) {
    for (size_t i = 0; i < r->npend; i++) {
        qpend *p = &r->pend[i];
        if (keep_qeng && p->src == QSRC_QENG) continue;
        dtmap_status st = p->src == QSRC_NUESTATS ? emit_nuestats(r, p, err)
                                                  : dtmapi_ingest_sink_sample(r->k, p->line, &p->s,
                                                                              p->nbr, p->nnbr, err);
        if (st != DTMAP_OK) return st;
    }
    size_t kept = 0;
    for (size_t i = 0; i < r->npend; i++) { /* swap, so each slot keeps owning one buffer */
        if (!(keep_qeng && r->pend[i].src == QSRC_QENG)) continue;
        qpend tmp = r->pend[kept];
        r->pend[kept++] = r->pend[i];
        r->pend[i] = tmp;
    }
    r->npend = kept;
    return DTMAP_OK;
}
