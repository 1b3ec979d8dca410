/* quectel_cesq.c: the 3GPP TS 27.007 +CESQ response in a modem transcript:
 * +CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>. Only the E-UTRA fields are read: rsrp index
 * 0..97 (dBm = index - 141), rsrq index 0..34 (dB = index / 2 - 20), 255 = unknown. The 5G
 * fields some modules append (ss_rsrq, ss_rsrp, ss_sinr) are not read. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest/quectel.h"
#include "ingest/validate.h"

/* Reads an index field: 1 with *v, 0 when 255 or missing, -1 when not an integer. */
static int index_field(char *s, double *v) {
    int rc = dtmapi_ingest_parse_number(s, ',', v);
    if (rc != 1) return rc;
    if (!isfinite(*v) || *v != floor(*v)) return -1;
    return *v == 255 ? 0 : 1;
}

dtmap_status dtmapi_q_cesq(qreader *r, char *text, dtmap_error *err) {
    char *f[Q_MAXF];
    size_t n = dtmapi_q_split(text + strlen("+CESQ:"), f, Q_MAXF);
    if (n < 6) return dtmapi_q_reject(r, DTMAP_REJ_FIELDS, err, "+CESQ: %zu fields, 6 expected", n);
    char shown[2][24];
    snprintf(shown[0], sizeof shown[0], "%s", f[4]);
    snprintf(shown[1], sizeof shown[1], "%s", f[5]);
    double rsrq, rsrp;
    int q = index_field(f[4], &rsrq), p = index_field(f[5], &rsrp);
    if (p < 0)
        return dtmapi_q_reject(r, DTMAP_REJ_BAD_NUMBER, err, "+CESQ rsrp '%s' is not an index",
                               shown[1]);
    if (q < 0)
        return dtmapi_q_reject(r, DTMAP_REJ_BAD_NUMBER, err, "+CESQ rsrq '%s' is not an index",
                               shown[0]);
    if (p && !(rsrp >= 0 && rsrp <= 97))
        return dtmapi_q_reject(r, DTMAP_REJ_RSRP_RANGE, err, "+CESQ rsrp index %g outside 0..97",
                               rsrp);
    if (q && !(rsrq >= 0 && rsrq <= 34))
        return dtmapi_q_reject(r, DTMAP_REJ_RSRQ_RANGE, err, "+CESQ rsrq index %g outside 0..34",
                               rsrq);
    if (!p && !q)
        return dtmapi_q_reject(r, DTMAP_REJ_NO_METRIC, err, "+CESQ: rsrp and rsrq unknown (255)");
    dtmap_tech tech = r->have_tech           ? r->tech
                      : r->k->opts->tech_set ? r->k->opts->tech
                                             : DTMAP_TECH_LTE;
    dtmap_sample s = dtmapi_q_sample(r, tech);
    if (p) s.value[DTMAP_METRIC_RSRP] = (float)(rsrp - 141);
    if (q) s.value[DTMAP_METRIC_RSRQ] = (float)(rsrq * 0.5 - 20);
    dtmap_reject_reason why;
    char detail[96];
    if (!dtmapi_q_check(r->k->opts, &s, &why, detail, sizeof detail))
        return dtmapi_q_reject(r, why, err, "+CESQ: %s", detail);
    return dtmapi_ingest_sink_sample(r->k, r->line, &s, NULL, 0, err);
}
