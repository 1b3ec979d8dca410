/* quectel_qeng.c: +QENG responses of Quectel modules: LTE / NR5G-SA serving cells, the two
 * legs of NR5G-NSA, the serving-cell states without a cell, and LTE neighbour cells. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ingest/quectel.h"

/* Field positions of one serving-cell layout (indices into the split fields). min is the
 * fewest fields accepted: through the last metric (firmwares differ in the trailing ones). */
typedef struct layout {
    const char *name;
    size_t min;
    int cell, pci, channel, rsrp, rsrq, sinr; /* -1: not in this layout */
    int lte_sinr;                             /* SINR follows opts->lte_sinr */
} layout;

/* +QENG: "servingcell",<state>,"LTE",<duplex>,<MCC>,<MNC>,<cellID>,<PCI>,<EARFCN>,<band>,
 *        <UL bw>,<DL bw>,<TAC>,<RSRP>,<RSRQ>,<RSSI>,<SINR>[,<CQI>,<tx power>,<srxlev>]
 * (BG9x "eMTC"/"NBIoT" serving cells share it, without CQI and tx power). */
static const layout SERVING_LTE = {"servingcell LTE", 17, 6, 7, 8, 13, 14, 16, 1};
/* +QENG: "servingcell",<state>,"NR5G-SA",<duplex>,<MCC>,<MNC>,<cellID>,<PCI>,<TAC>,<ARFCN>,
 *        <band>,<DL bw>,<RSRP>,<RSRQ>,<SINR>[,<scs>,<srxlev>] */
static const layout SERVING_SA = {"servingcell NR5G-SA", 15, 6, 7, 9, 12, 13, 14, 0};
/* +QENG: "LTE",<duplex>,<MCC>,<MNC>,<cellID>,<PCI>,<EARFCN>,<band>,<UL bw>,<DL bw>,<TAC>,
 *        <RSRP>,<RSRQ>,<RSSI>,<SINR>[,<CQI>,<tx power>,<srxlev>] */
static const layout NSA_LTE = {"NSA LTE", 15, 4, 5, 6, 11, 12, 14, 1};
/* +QENG: "NR5G-NSA",<MCC>,<MNC>,<PCI>,<RSRP>,<SINR>,<RSRQ>[,<ARFCN>,<band>,<DL bw>,<scs>]
 * (early RM500Q firmware stops after RSRQ). */
static const layout NSA_NR = {"NR5G-NSA", 7, -1, 3, 7, 4, 6, 5, 0};

/* An identifier field (PCI, EARFCN, ARFCN) into *out: -1 when unknown or not a whole number.
 * Returns 0 when it is a number beyond int32 (12563504990 would wrap): the record is garbage. */
static int id32(char *s, int32_t *out) {
    double v;
    if (dtmapi_q_num(s, &v) == 1 && !(v <= INT32_MAX)) return 0;
    *out = (int32_t)dtmapi_q_id(s);
    return 1;
}

/* Reads one metric field into *v (NAN when missing). Returns 1, or 0 after rejecting the line
 * (*st holds the sink's status). */
static int metric(qreader *r, const char *what, const char *label, char *text, double *v,
                  dtmap_status *st, dtmap_error *err) {
    char shown[32];
    snprintf(shown, sizeof shown, "%s", text);
    int rc = dtmapi_q_num(text, v);
    if (rc == 1) return 1;
    *v = NAN;
    if (rc == 0) return 1;
    *st = dtmapi_q_reject(r, DTMAP_REJ_BAD_NUMBER, err, "%s %s '%s' is not a number", what, label,
                          shown);
    return 0;
}

/* Turns serving-cell fields f[0..n) in layout L into a pending sample of technology tech, or a
 * reject of the current line. */
static dtmap_status serving(qreader *r, const layout *L, char **f, size_t n, dtmap_tech tech,
                            dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    if (n < L->min)
        return dtmapi_q_reject(r, DTMAP_REJ_FIELDS, err, "%s: %zu fields, at least %zu expected",
                               L->name, n, L->min);
    dtmap_sample s = dtmapi_q_sample(r, tech);
    double rsrp, rsrq, sinr;
    if (!metric(r, L->name, "RSRP", f[L->rsrp], &rsrp, &st, err) ||
        !metric(r, L->name, "RSRQ", f[L->rsrq], &rsrq, &st, err) ||
        !metric(r, L->name, "SINR", f[L->sinr], &sinr, &st, err))
        return st;
    if (L->lte_sinr && r->k->opts->lte_sinr == DTMAP_LTE_SINR_INDEX && !isnan(sinr)) {
        if (!(sinr >= 0 && sinr <= 250))
            return dtmapi_q_reject(r, DTMAP_REJ_SINR_RANGE, err, "%s SINR index %g outside 0..250",
                                   L->name, sinr);
        sinr = sinr / 5.0 - 20.0;
    }
    s.value[DTMAP_METRIC_RSRP] = (float)rsrp;
    s.value[DTMAP_METRIC_RSRQ] = (float)rsrq;
    s.value[DTMAP_METRIC_SINR] = (float)sinr;
    s.cell_id = L->cell >= 0 ? dtmapi_q_hex(f[L->cell]) : -1;
    char *chf = L->channel >= 0 && (size_t)L->channel < n ? f[L->channel] : NULL;
    int pci_ok = id32(f[L->pci], &s.pci);
    if (!pci_ok || (chf && !id32(chf, &s.channel)))
        return dtmapi_q_reject(r, DTMAP_REJ_BAD_NUMBER, err, "%s %s '%.40s' is outside 0..%d",
                               L->name, pci_ok ? "ARFCN" : "PCI", pci_ok ? chf : f[L->pci],
                               INT32_MAX);
    if (!chf) s.channel = -1;
    dtmap_reject_reason why;
    char detail[96];
    if (!dtmapi_q_check(r->k->opts, &s, &why, detail, sizeof detail))
        return dtmapi_q_reject(r, why, err, "%s: %s", L->name, detail);
    qpend *p;
    return dtmapi_q_pend_add(r, QSRC_QENG, &s, &p, err);
}

/* Technology word of a serving-cell line to a layout and technology. Returns 1 (mapped), 0
 * (a technology dtmap does not map: 2G/3G) or -1 (unknown word). */
static int serving_tech(const char *w, qreader *r, const layout **L, dtmap_tech *tech) {
    static const char *const lte[] = {"LTE", "eMTC", "CAT-M", "CAT-M1"};
    static const char *const nb[] = {"NBIoT", "NB-IoT", "CAT-NB", "CAT-NB1"};
    static const char *const old[] = {"GSM",  "WCDMA", "TDSCDMA", "TD-SCDMA",
                                      "CDMA", "HDR",   "UMTS",    "EVDO"};
    for (size_t i = 0; i < sizeof lte / sizeof *lte; i++)
        if (strcasecmp(w, lte[i]) == 0) return *L = &SERVING_LTE, *tech = DTMAP_TECH_LTE, 1;
    for (size_t i = 0; i < sizeof nb / sizeof *nb; i++)
        if (strcasecmp(w, nb[i]) == 0) return *L = &SERVING_LTE, *tech = DTMAP_TECH_NBIOT, 1;
    if (strcasecmp(w, "NR5G-SA") == 0) {
        *L = &SERVING_SA;
        *tech = r->k->opts->redcap ? DTMAP_TECH_REDCAP : DTMAP_TECH_NR;
        return 1;
    }
    for (size_t i = 0; i < sizeof old / sizeof *old; i++)
        if (strcasecmp(w, old[i]) == 0) return 0;
    return -1;
}

/* +QENG: "servingcell",<state>[,<tech>,...]: a new response starts. */
static dtmap_status servingcell(qreader *r, char **f, size_t n, dtmap_error *err) {
    dtmap_status st = dtmapi_q_flush(r, 0, err);
    if (st != DTMAP_OK) return st;
    const char *state = n >= 2 ? f[1] : "";
    if (n <= 2) {
        if (strcasecmp(state, "NOCONN") == 0 || strcasecmp(state, "CONNECT") == 0) {
            dtmapi_ingest_sink_skip(r->k, r->line, "QENG NSA header");
            return DTMAP_OK;
        }
        return dtmapi_q_reject(r, DTMAP_REJ_NO_METRIC, err, "servingcell state %s: no serving cell",
                               state[0] ? state : "(none)");
    }
    const layout *L;
    dtmap_tech tech;
    int t = serving_tech(f[2], r, &L, &tech);
    if (t <= 0)
        return dtmapi_q_reject(r, DTMAP_REJ_TECH, err, "servingcell technology %s %s", f[2],
                               t == 0 ? "is not mapped" : "is unknown");
    r->have_tech = 1;
    r->tech = tech;
    return serving(r, L, f, n, tech, err);
}

/* +QENG: "neighbourcell intra"|"neighbourcell inter","LTE",<EARFCN>,<PCI>,<RSRQ>,<RSRP>,...
 * travels with the pending LTE serving cell; other RATs' neighbours are only counted. */
static dtmap_status neighbour(qreader *r, char **f, size_t n, dtmap_error *err) {
    qpend *p = dtmapi_q_pend_find(r, QSRC_QENG, DTMAP_TECH_LTE);
    double rsrq = NAN, rsrp = NAN;
    if (p && n >= 6 && strcasecmp(f[1], "LTE") == 0) {
        if (dtmapi_q_num(f[4], &rsrq) != 1) rsrq = NAN;
        if (dtmapi_q_num(f[5], &rsrp) != 1) rsrp = NAN;
    }
    if (isnan(rsrp) && isnan(rsrq)) { /* not carried (or a frequency without a measured cell) */
        dtmapi_ingest_sink_skip(r->k, r->line, "QENG neighbour");
        return DTMAP_OK;
    }
    dtmap_neighbour nb = {-1, -1, (float)rsrp, (float)rsrq};
    if (!id32(f[3], &nb.pci) || !id32(f[2], &nb.channel))
        return dtmapi_q_reject(r, DTMAP_REJ_BAD_NUMBER, err,
                               "QENG neighbour EARFCN or PCI ('%.20s', '%.20s') is outside 0..%d",
                               f[2], f[3], INT32_MAX);
    dtmapi_ingest_sink_skip(r->k, r->line, "QENG neighbour");
    return dtmapi_q_pend_neighbour(r, p, &nb, err);
}

dtmap_status dtmapi_q_qeng(qreader *r, char *text, dtmap_error *err) {
    char *f[Q_MAXF];
    size_t n = dtmapi_q_split(text + strlen("+QENG:"), f, Q_MAXF);
    if (strcasecmp(f[0], "servingcell") == 0) return servingcell(r, f, n, err);
    if (strncasecmp(f[0], "neighbourcell", 13) == 0) return neighbour(r, f, n, err);
    if (strcasecmp(f[0], "LTE") == 0 || strcasecmp(f[0], "NR5G-NSA") == 0) {
        int is_lte = strcasecmp(f[0], "LTE") == 0;
        dtmap_tech tech = is_lte ? DTMAP_TECH_LTE : DTMAP_TECH_NR; /* RedCap is SA only */
        if (dtmapi_q_pend_find(r, QSRC_QENG, (int)tech)) {         /* a repeat: a new response */
            dtmap_status st = dtmapi_q_flush(r, 0, err);
            if (st != DTMAP_OK) return st;
        }
        if (is_lte) { /* the anchor is what +CESQ's E-UTRA fields describe */
            r->have_tech = 1;
            r->tech = DTMAP_TECH_LTE;
        }
        return serving(r, is_lte ? &NSA_LTE : &NSA_NR, f, n, tech, err);
    }
    dtmapi_ingest_sink_skip(r->k, r->line, "+QENG");
    return DTMAP_OK;
}
