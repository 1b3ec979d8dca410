/* nemo_events.c: the Nemo measurement events that become LTE samples: CELLMEAS (UE cell list),
 * CI (UE SINR) and OFDMSCAN (scanner per-channel cell list). Layouts as seen in format 2.27 and
 * 2.31 logs; every count on a line is checked against the fields it has before use. */
#include <math.h>

#include "ingest/nemo.h"
#include "ingest/validate.h"

/* Limits on counts read from a line: far above anything real, low enough that products of
 * them cannot overflow. */
#define MAX_HEADER 1000
#define MAX_CELLS 100000
#define MAX_PARAMS 1000
#define MAX_PCI 65535
#define MAX_CHANNEL 16777215

dtmap_status dtmapi_nemo_emit(nemo_reader *r, uint32_t line, const char *what, dtmap_sample *s,
                              size_t nnbr, dtmap_error *err) {
    dtmap_metric m;
    double lo, hi;
    int rc = dtmapi_ingest_sample_in_range(r->k->opts, s, &m, &lo, &hi);
    if (rc < 0)
        return dtmapi_ingest_sink_reject(
            r->k, line, dtmapi_ingest_range_reason(m), err, "%s: %s %g outside %g..%g %s (LTE)",
            what, dtmap_metric_label(m), (double)s->value[m], lo, hi, dtmap_metric_unit(m));
    if (rc == 0)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_NO_METRIC, err,
                                         "%s: no RSRP, RSRQ or SINR value", what);
    return dtmapi_ingest_sink_sample(r->k, line, s, r->nbr, nnbr, err);
}

/* Checks the measured system in field 3: 1 for LTE FDD/TDD (sets *sys), else makes the reject
 * (tech_not_mapped, or fields when it is no number) and returns 0 with its status in *st. */
static int lte_system(nemo_reader *r, uint32_t line, const char *what, long *sys, dtmap_status *st,
                      dtmap_error *err) {
    if (!dtmapi_nemo_int(r, 3, 1000000, sys)) {
        *st = dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err,
                                        "%s: measured system \"%.20s\" is not a number", what,
                                        r->nfield > 3 ? r->field[3] : "");
        return 0;
    }
    if (*sys != NEMO_SYSTEM_LTE_FDD && *sys != NEMO_SYSTEM_LTE_TDD) {
        *st = dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_TECH, err,
                                        "%s: measured system %ld is not LTE (7 FDD, 8 TDD)", what,
                                        *sys);
        return 0;
    }
    return 1;
}

/* Reads "<n_header>,<header...>,<n_items>,<n_params>" starting at field 4 and checks that the
 * n_items * n_params fields that follow exist. Sets *first (first item field), *nitem and
 * *npar. Returns 1, or makes the fields reject and returns 0 with its status in *st. */
static int item_block(nemo_reader *r, uint32_t line, const char *what, size_t *first, long *nitem,
                      long *npar, dtmap_status *st, dtmap_error *err) {
    long nh;
    if (!dtmapi_nemo_int(r, 4, MAX_HEADER, &nh)) {
        *st = dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err,
                                        "%s: header parameter count missing or bad", what);
        return 0;
    }
    size_t base = 5 + (size_t)nh;
    if (!dtmapi_nemo_int(r, base, MAX_CELLS, nitem) ||
        !dtmapi_nemo_int(r, base + 1, MAX_PARAMS, npar)) {
        *st = dtmapi_ingest_sink_reject(
            r->k, line, DTMAP_REJ_FIELDS, err,
            "%s: %zu fields, cell and parameter counts expected in fields "
            "%zu and %zu",
            what, r->nfield, base + 1, base + 2);
        return 0;
    }
    size_t need = base + 2 + (size_t)*nitem * (size_t)*npar;
    if (r->nfield < need) {
        *st = dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err,
                                        "%s: %zu fields, %ld cells of %ld parameters need %zu",
                                        what, r->nfield, *nitem, *npar, need);
        return 0;
    }
    *first = base + 2;
    return 1;
}

/* Reads a metric of a cell: 1 (value), 0 (missing: *v NAN), or makes the bad_number reject
 * and returns -1 with its status in *st. */
static int cell_value(nemo_reader *r, uint32_t line, const char *what, size_t f, long cell,
                      const char *name, double *v, dtmap_status *st, dtmap_error *err) {
    int got = dtmapi_nemo_number(r, f, v);
    if (got < 0) {
        *st = dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_BAD_NUMBER, err,
                                        "%s: cell %ld %s \"%.30s\" is not a number", what, cell + 1,
                                        name, r->field[f]);
        return -1;
    }
    if (got == 0) *v = NAN;
    return got;
}

static int32_t int_or_missing(const nemo_reader *r, size_t f, long max) {
    long v;
    return dtmapi_nemo_int(r, f, max, &v) ? (int32_t)v : -1;
}

/* CELLMEAS,time,,system,n_header,<header>,n_cells,n_params,cells...; an LTE cell is
 * type,band,EARFCN,PCI,RSSI,RSRP,RSRQ,... with type 0 the serving cell (10, a secondary
 * serving cell, and 2, a neighbour, are carried as neighbours). */
dtmap_status dtmapi_nemo_cellmeas(nemo_reader *r, uint32_t line, dtmap_error *err) {
    const char *what = "CELLMEAS";
    dtmap_status st = DTMAP_OK;
    long sys, ncell, npar;
    size_t first;
    if (!lte_system(r, line, what, &sys, &st, err)) return st;
    if (!item_block(r, line, what, &first, &ncell, &npar, &st, err)) return st;
    if (npar < 7)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err,
                                         "%s: %ld parameters per cell, LTE cells have at least 7",
                                         what, npar);
    if ((st = dtmapi_nemo_reserve_nbr(r, (size_t)ncell, line, err)) != DTMAP_OK) return st;
    dtmap_sample s = dtmapi_nemo_sample(r);
    size_t nn = 0;
    int serving = 0;
    for (long c = 0; c < ncell; c++) {
        size_t f = first + (size_t)c * (size_t)npar;
        double rsrp, rsrq;
        if (cell_value(r, line, what, f + 5, c, "RSRP", &rsrp, &st, err) < 0 ||
            cell_value(r, line, what, f + 6, c, "RSRQ", &rsrq, &st, err) < 0)
            return st;
        int32_t channel = int_or_missing(r, f + 2, MAX_CHANNEL);
        int32_t pci = int_or_missing(r, f + 3, MAX_PCI);
        long type;
        if (!serving && dtmapi_nemo_int(r, f, 1000, &type) && type == 0) {
            serving = 1;
            s.value[DTMAP_METRIC_RSRP] = (float)rsrp;
            s.value[DTMAP_METRIC_RSRQ] = (float)rsrq;
            s.pci = pci;
            s.channel = channel;
            continue;
        }
        r->nbr[nn++] = (dtmap_neighbour){pci, channel, (float)rsrp, (float)rsrq};
    }
    if (!serving)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_NO_METRIC, err,
                                         "%s: no serving cell (type 0) among %ld cells", what,
                                         ncell);
    r->serving_system = (int)sys;
    r->serving_pci = s.pci;
    r->serving_channel = s.channel;
    return dtmapi_nemo_emit(r, line, what, &s, nn, err);
}

/* CI,time,,system,n_header,<SINR>,<cell type>,...,n_cells,n_params,cells...: the header's first
 * value is the SINR of the cell type given second (0 primary, 1 secondary serving cell). Only
 * the primary cell's becomes a sample, with the PCI/EARFCN of the last CELLMEAS serving cell. */
dtmap_status dtmapi_nemo_ci(nemo_reader *r, uint32_t line, dtmap_error *err) {
    const char *what = "CI";
    dtmap_status st = DTMAP_OK;
    long sys, nh, ncell, npar, type;
    size_t first;
    if (!lte_system(r, line, what, &sys, &st, err)) return st;
    if (!dtmapi_nemo_int(r, 4, MAX_HEADER, &nh) || r->nfield < 5 + (size_t)nh)
        return dtmapi_ingest_sink_reject(
            r->k, line, DTMAP_REJ_FIELDS, err,
            "%s: %zu fields, header parameter count missing or too large", what, r->nfield);
    /* the cell block is optional, but when it is there its counts must hold */
    if (r->nfield > 5 + (size_t)nh && !item_block(r, line, what, &first, &ncell, &npar, &st, err))
        return st;
    if (nh >= 2 && dtmapi_nemo_int(r, 6, 1000, &type) && type != 0) {
        dtmapi_ingest_sink_skip(r->k, line, "CI SCell");
        return DTMAP_OK;
    }
    double sinr = NAN;
    int got = nh >= 1 ? dtmapi_nemo_number(r, 5, &sinr) : 0;
    if (got < 0)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_BAD_NUMBER, err,
                                         "%s: SINR \"%.30s\" is not a number", what, r->field[5]);
    if (got == 0)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_NO_METRIC, err, "%s: SINR empty",
                                         what);
    dtmap_sample s = dtmapi_nemo_sample(r);
    s.value[DTMAP_METRIC_SINR] = (float)sinr;
    if (r->serving_system == (int)sys) {
        s.pci = r->serving_pci;
        s.channel = r->serving_channel;
    }
    return dtmapi_nemo_emit(r, line, what, &s, 0, err);
}

/* OFDMSCAN,time,,system,n_header,EARFCN,scan type,bandwidth,RSSI,band,n_cells,n_params,cells,
 * [n_cells2,n_params2,cells2]. Scan type 1 cells are PCI,?,?,RSRP,RSRQ,CINR,...: the sample is
 * the best RSRP on the channel (the first listed on ties) with every cell as a neighbour. Scan
 * type 2 (synchronisation-signal measurements) and others are skipped. */
dtmap_status dtmapi_nemo_ofdmscan(nemo_reader *r, uint32_t line, dtmap_error *err) {
    const char *what = "OFDMSCAN";
    dtmap_status st = DTMAP_OK;
    long sys, ncell, npar, n2, p2, type;
    size_t first;
    if (!lte_system(r, line, what, &sys, &st, err)) return st;
    if (!item_block(r, line, what, &first, &ncell, &npar, &st, err)) return st;
    size_t end = first + (size_t)ncell * (size_t)npar; /* a second block may follow */
    if (r->nfield > end && (!dtmapi_nemo_int(r, end, MAX_CELLS, &n2) ||
                            !dtmapi_nemo_int(r, end + 1, MAX_PARAMS, &p2) ||
                            r->nfield < end + 2 + (size_t)n2 * (size_t)p2))
        return dtmapi_ingest_sink_reject(
            r->k, line, DTMAP_REJ_FIELDS, err,
            "%s: %zu fields, second cell block from field %zu incomplete", what, r->nfield,
            end + 1);
    if (first < 9 || !dtmapi_nemo_int(r, 6, 1000, &type)) /* fewer than 2 header values */
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err,
                                         "%s: no EARFCN and scan type in the header", what);
    if (type != 1) {
        dtmapi_ingest_sink_skip(r->k, line, type == 2 ? "OFDMSCAN sync" : "OFDMSCAN other");
        return DTMAP_OK;
    }
    int32_t earfcn = int_or_missing(r, 5, MAX_CHANNEL);
    if (npar < 6)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_FIELDS, err,
                                         "%s: %ld parameters per cell, scan type 1 has at least 6",
                                         what, npar);
    if (ncell == 0)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_NO_METRIC, err,
                                         "%s: no cell found on EARFCN %ld", what, (long)earfcn);
    if ((st = dtmapi_nemo_reserve_nbr(r, (size_t)ncell, line, err)) != DTMAP_OK) return st;
    long best = -1;
    double best_rsrp = -INFINITY, best_rsrq = NAN, best_cinr = NAN;
    for (long c = 0; c < ncell; c++) {
        size_t f = first + (size_t)c * (size_t)npar;
        double rsrp, rsrq, cinr;
        if (cell_value(r, line, what, f + 3, c, "RSRP", &rsrp, &st, err) < 0 ||
            cell_value(r, line, what, f + 4, c, "RSRQ", &rsrq, &st, err) < 0 ||
            cell_value(r, line, what, f + 5, c, "CINR", &cinr, &st, err) < 0)
            return st;
        r->nbr[c] =
            (dtmap_neighbour){int_or_missing(r, f, MAX_PCI), earfcn, (float)rsrp, (float)rsrq};
        if (!isnan(rsrp) && (best < 0 || rsrp > best_rsrp)) {
            best = c;
            best_rsrp = rsrp;
            best_rsrq = rsrq;
            best_cinr = cinr;
        }
    }
    if (best < 0)
        return dtmapi_ingest_sink_reject(r->k, line, DTMAP_REJ_NO_METRIC, err,
                                         "%s: no cell with an RSRP on EARFCN %ld", what,
                                         (long)earfcn);
    dtmap_sample s = dtmapi_nemo_sample(r);
    s.value[DTMAP_METRIC_RSRP] = (float)best_rsrp;
    s.value[DTMAP_METRIC_RSRQ] = (float)best_rsrq;
    s.value[DTMAP_METRIC_SINR] = (float)best_cinr;
    s.pci = r->nbr[best].pci;
    s.channel = earfcn;
    return dtmapi_nemo_emit(r, line, what, &s, (size_t)ncell, err);
}
