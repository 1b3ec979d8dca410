/* quectel_nuestats.c: NB-IoT AT+NUESTATS responses (BC95/BC28-family modules) in both styles:
 * a block of "Key:value" lines ("Signal power:-702", "ECL:1", ...) and "NUESTATS:" records
 * ("NUESTATS: "RADIO","Signal power",-702", "NUESTATS:RADIO,Signal power:-702",
 * "NUESTATS:CELL,<earfcn>,<pci>,<primary>,<rsrp>,<rsrq>,<rssi>,<snr>"). Powers, RSRQ and SNR are
 * in tenths (-702 is -70.2 dBm). One response gives one sample, accounted at its first line;
 * its other lines are skipped as "NUESTATS field" and non-primary CELL records travel as its
 * neighbours. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ingest/quectel.h"

/* RADIO fields by name; the ones before NF_UNUSED are read, the others only recognised. */
enum {
    NF_SIGNAL = 0,
    NF_RSRQ,
    NF_SNR,
    NF_ECL,
    NF_CELL,
    NF_EARFCN,
    NF_PCI,
    NF_UNUSED,
    NF_TOTAL = NF_UNUSED,
    NF_TXPOWER,
    NF_TXTIME,
    NF_RXTIME,
    NF_OPMODE,
    NF_BAND,
    NF_COUNT
};
static const char *const names[NF_COUNT] = {
    "Signal power", "RSRQ",     "SNR",     "ECL",     "Cell ID",       "EARFCN",      "PCI",
    "Total power",  "TX power", "TX time", "RX time", "OPERATOR MODE", "CURRENT BAND"};

/* Index of a field name (case-insensitive, blanks around ignored), or -1. */
static int field_id(const char *key, size_t len) {
    while (len && (*key == ' ' || *key == '\t'))
        key++, len--;
    while (len && (key[len - 1] == ' ' || key[len - 1] == '\t'))
        len--;
    for (int i = 0; i < NF_COUNT; i++)
        if (strlen(names[i]) == len && strncasecmp(key, names[i], len) == 0) return i;
    return -1;
}

int dtmapi_q_nuestats_is(const char *text, int only_signal) {
    if (strncmp(text, "NUESTATS:", 9) == 0) return 2;
    const char *c = strchr(text, ':');
    if (!c) return 0;
    int id = field_id(text, (size_t)(c - text));
    return id >= 0 && (!only_signal || id == NF_SIGNAL);
}

/* The largest value an identifier field is stored with (sample.h: int32 PCI and channel; cell
 * ids as dtmapi_q_id bounds them), or -1 for the fields that are no identifiers. */
static double id_max(int id) {
    return id == NF_CELL ? 1e15 : id == NF_EARFCN || id == NF_PCI ? INT32_MAX : -1;
}

/* Records the first problem of a pending block (reported at its first line when emitted): val
 * of key is not a number (max < 0) or is above max. */
static void mark_bad(qpend *p, const char *key, const char *val, uint32_t line, double max) {
    if (p->bad) return;
    p->bad = 1;
    p->reason = DTMAP_REJ_BAD_NUMBER;
    if (max < 0)
        snprintf(p->detail, sizeof p->detail, "NUESTATS %s '%.40s' (line %u) is not a number", key,
                 val, line);
    else
        snprintf(p->detail, sizeof p->detail, "NUESTATS %s '%.40s' (line %u) is outside 0..%.0f",
                 key, val, line, max);
}

/* Stores one RADIO field, read at line, into p. */
static void apply(qpend *p, int id, char *val, uint32_t line) {
    if (id < 0 || id >= NF_UNUSED) return;
    char shown[48];
    snprintf(shown, sizeof shown, "%s", val);
    double v;
    int rc = dtmapi_q_num(val, &v);
    if (rc < 0) {
        mark_bad(p, names[id], shown, line, -1);
        return;
    }
    /* an identifier beyond what it is stored in (EARFCN:8589934590, which the int32 channel
     * cannot hold) is garbage: the response is rejected, never clamped or wrapped */
    if (rc == 1 && id_max(id) >= 0 && !(v <= id_max(id))) {
        mark_bad(p, names[id], shown, line, id_max(id));
        return;
    }
    int whole = rc == 1 && isfinite(v) && v >= 0 && v == floor(v);
    switch (id) {
    case NF_SIGNAL:
        p->s.value[DTMAP_METRIC_RSRP] = rc == 1 ? (float)(v / 10) : NAN;
        break;
    case NF_RSRQ:
        p->s.value[DTMAP_METRIC_RSRQ] = rc == 1 ? (float)(v / 10) : NAN;
        break;
    case NF_SNR:
        p->s.value[DTMAP_METRIC_SINR] = rc == 1 ? (float)(v / 10) : NAN;
        break;
    case NF_ECL:
        p->s.ecl = (int8_t)(whole && v <= 2 ? v : -1);
        break;    /* 255: unknown */
    case NF_CELL: /* bounded above (id_max), so the conversions are defined */
        p->s.cell_id = whole ? (int64_t)v : -1;
        break;
    case NF_EARFCN: /* negative or fractional: unknown */
        p->s.channel = whole ? (int32_t)v : -1;
        break;
    case NF_PCI:
        p->s.pci = whole ? (int32_t)v : -1;
        break;
    }
}

/* The pending NUESTATS measurement of this response, started at the current line when there
 * is none (*created = 1: the line is accounted when it is emitted). */
static dtmap_status pending(qreader *r, qpend **p, int *created, dtmap_error *err) {
    *p = dtmapi_q_pend_find(r, QSRC_NUESTATS, -1);
    *created = 0;
    if (*p) return DTMAP_OK;
    dtmap_sample s = dtmapi_q_sample(r, DTMAP_TECH_NBIOT);
    r->have_tech = 1;
    r->tech = DTMAP_TECH_NBIOT;
    *created = 1;
    return dtmapi_q_pend_add(r, QSRC_NUESTATS, &s, p, err);
}

/* One RADIO field (from either style). A field the pending block already has starts a new
 * response. */
static dtmap_status radio(qreader *r, const char *key, char *val, dtmap_error *err) {
    int id = field_id(key, strlen(key));
    qpend *p = dtmapi_q_pend_find(r, QSRC_NUESTATS, -1);
    dtmap_status st;
    if (p && id >= 0 && (p->seen & (1u << id)) && (st = dtmapi_q_flush(r, 1, err)) != DTMAP_OK)
        return st;
    int created;
    if ((st = pending(r, &p, &created, err)) != DTMAP_OK) return st;
    apply(p, id, val, r->line);
    if (id >= 0) p->seen |= 1u << id;
    if (!created) dtmapi_ingest_sink_skip(r->k, r->line, "NUESTATS field");
    return DTMAP_OK;
}

/* NUESTATS:CELL,<earfcn>,<pci>,<primary>,<rsrp>,<rsrq>,<rssi>,<snr>: the primary cell gives the
 * sample when no RADIO block did; the others are its neighbours. */
static dtmap_status cell(qreader *r, char **f, size_t n, dtmap_error *err) {
    if (n < 8)
        return dtmapi_q_reject(r, DTMAP_REJ_FIELDS, err, "NUESTATS CELL: %zu fields, 8 expected",
                               n);
    double rsrp, rsrq;
    if (dtmapi_q_num(f[4], &rsrp) != 1) rsrp = NAN;
    if (dtmapi_q_num(f[5], &rsrq) != 1) rsrq = NAN;
    qpend *p = dtmapi_q_pend_find(r, QSRC_NUESTATS, -1);
    if (dtmapi_q_id(f[3]) == 1 && !p) {
        int created;
        dtmap_status st = pending(r, &p, &created, err);
        if (st != DTMAP_OK) return st;
        apply(p, NF_EARFCN, f[1], r->line);
        apply(p, NF_PCI, f[2], r->line);
        apply(p, NF_SIGNAL, f[4], r->line);
        apply(p, NF_RSRQ, f[5], r->line);
        apply(p, NF_SNR, f[7], r->line);
        return DTMAP_OK;
    }
    if (!p || dtmapi_q_id(f[3]) == 1 || (isnan(rsrp) && isnan(rsrq))) {
        dtmapi_ingest_sink_skip(r->k, r->line, "NUESTATS field");
        return DTMAP_OK;
    }
    /* a neighbour's EARFCN or PCI beyond int32 would wrap: the record is rejected */
    for (int i = 1; i <= 2; i++) {
        double v;
        if (dtmapi_q_num(f[i], &v) == 1 && !(v <= INT32_MAX))
            return dtmapi_q_reject(r, DTMAP_REJ_BAD_NUMBER, err,
                                   "NUESTATS CELL %s '%.40s' is outside 0..%d",
                                   i == 1 ? "EARFCN" : "PCI", f[i], INT32_MAX);
    }
    dtmapi_ingest_sink_skip(r->k, r->line, "NUESTATS field");
    dtmap_neighbour nb = {(int32_t)dtmapi_q_id(f[2]), (int32_t)dtmapi_q_id(f[1]),
                          (float)(rsrp / 10), (float)(rsrq / 10)};
    return dtmapi_q_pend_neighbour(r, p, &nb, err);
}

dtmap_status dtmapi_q_nuestats(qreader *r, char *text, dtmap_error *err) {
    if (strncmp(text, "NUESTATS:", 9) != 0) { /* block style "Key:value" */
        char *c = strchr(text, ':');
        *c = '\0';
        return radio(r, text, c + 1, err);
    }
    char *f[Q_MAXF];
    size_t n = dtmapi_q_split(text + 9, f, Q_MAXF);
    if (strcasecmp(f[0], "CELL") == 0) return cell(r, f, n, err);
    if (strcasecmp(f[0], "RADIO") != 0) { /* BLER, THP, APPSMEM, ... */
        dtmapi_ingest_sink_skip(r->k, r->line, "NUESTATS field");
        return DTMAP_OK;
    }
    char *key = n >= 2 ? f[1] : NULL, *val = n >= 3 ? f[2] : NULL;
    char *c = key && !val ? strchr(key, ':') : NULL;
    if (c) { /* NUESTATS:RADIO,Signal power:-702 */
        *c = '\0';
        val = c + 1;
    }
    if (!val)
        return dtmapi_q_reject(r, DTMAP_REJ_FIELDS, err, "NUESTATS RADIO record without a value");
    return radio(r, key, val, err);
}
