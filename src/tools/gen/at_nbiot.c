/* at_nbiot.c: the NB-IoT module (Quectel BC28-style, as BC95/BC35-G) transcript of the 2026-03-14
 * town drive: AT+NUESTATS every 5 s, "Signal power:-702" style lines in tenths of dB, each line
 * stamped in ISO 8601 with its zone ("2026-03-14T09:21:07.412+08:00 "). */
/*
 * The NB-IoT anchor carrier is in-band in the band 3 carrier (layer L_NB: same antennas and
 * PCIs, NRS boosted 3 dB over the LTE reference signals), so NRSRP reads about 3 dB above the
 * LTE RSRP of the same sector at the same place; nothing more. As NB-IoT deep-coverage drive
 * tests do, the module is behind a fixed attenuator (NBIOT_ATTEN_DB) that stands for a meter in
 * a basement or a closed metal box: it lowers NRSRP and SNR alike. NB-IoT reaches deeper than LTE
 * by repeating transmissions (coverage-enhancement levels), not by a stronger signal. The module
 * reselects with a 2 dB hysteresis and picks its ECL from NRSRP with two thresholds: ECL 0 at or
 * above -110 dBm, ECL 1 down to -120 dBm, ECL 2 below. It sends a report every 60 s: TX power
 * follows open-loop power control (P0 -105 dBm, full path-loss compensation, at most 23 dBm;
 * 23 dBm at ECL 1 and 2) and TX time grows with the repetitions of its level.
 */
#include <math.h>
#include <stdio.h>

#include "dtmap/fileio.h"
#include "gen.h"

#define NBIOT_QUERY_S 5.0
#define NBIOT_ATTEN_DB 15.0 /* deep-coverage attenuator between antenna and module */
#define ECL1_DBM (-110.0)   /* NRSRP below this: ECL 1 */
#define ECL2_DBM (-120.0)   /* NRSRP below this: ECL 2 */
#define NBIOT_BAD_QUERY 71  /* this block reports "unknown" everywhere (cell lost) */

/* "2026-03-14T09:21:07.412+08:00 text\n" */
static void iso_line(FILE *fp, double t, const char *text) {
    char ts[64];
    format_stamp_ms(t, "%Y-%m-%dT%H:%M:%S", ts, sizeof ts);
    fprintf(fp, "%s+08:00 %s\n", ts, text);
}

static int ecl_of(double nrsrp_dbm) {
    return nrsrp_dbm >= ECL1_DBM ? 0 : nrsrp_dbm >= ECL2_DBM ? 1 : 2;
}

dtmap_status nbiot_write(const devctx *d, const char *path, dtmap_error *err) {
    const track *tr = d->tr;
    const network *net = d->net;
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    receiver rc;
    long line = 0, tx_ms = 0, rx_ms = 1520, tx_dbm10 = 0;
    double t0 = tr->v[0].t, t_end = tr->v[tr->n - 1].t - 1.0;
    dtmap_status st = dtmap_outfile_fopen(path, d->o->overwrite, &out, &fp, err);
    if (st != DTMAP_OK) goto done;
    receiver_init(&rc, 1u << L_NB, NBIOT_ATTEN_DB, 0.0);
    for (int q = 0;; q++) {
        double tq = t0 + 40.118 + NBIOT_QUERY_S * q + rng_range(d->r, -0.004, 0.004);
        if (tq > t_end) break;
        double tr_s = tq + rng_range(d->r, 0.030, 0.060), x, y;
        cell_meas m;
        char v[14][48];
        track_at(tr, tr_s, &x, &y);
        if (receiver_measure(&rc, net, x, y, d->r, &m) != 0) {
            st = dtmap_error_set(err, DTMAP_ERR_EMPTY, "internal: no NB-IoT cell at %.0f,%.0f", x,
                                 y);
            goto done;
        }
        const sector *c = &net->sectors[m.sector];
        const layer *L = &layers[c->layer];
        int nrsrp = (int)lround(m.rsrp_dbm * 10.0), rssi = (int)lround(m.rssi_dbm * 10.0);
        int snr = (int)lround(m.sinr_db * 10.0), rsrq = (int)lround(m.rsrq_db * 10.0);
        int ecl = ecl_of(nrsrp / 10.0);
        if (nrsrp < -1560 || nrsrp > -440 || rsrq < -340 || rsrq > 25 || snr < -230 || snr > 400) {
            st = dtmap_error_set(err, DTMAP_ERR_EMPTY,
                                 "internal: NB-IoT query %d out of range (%d, %d, %d)", q, nrsrp,
                                 rsrq, snr);
            goto done;
        }
        rx_ms += 100 + rng_int(d->r, 150); /* paging and measurements in the last 5 s */
        if (q % 12 == 0) {                 /* a report every 60 s */
            static const int reps[3] = {1, 8, 32};
            double pl_db = L->epre_dbm - m.rsrp_dbm; /* what the module estimates */
            double p = ecl ? 23.0 : fmin(23.0, -105.0 + pl_db);
            tx_dbm10 = lround(p * 10.0);
            tx_ms += 24L * reps[ecl] + rng_int(d->r, 8);
            rx_ms += 60L * reps[ecl];
        }
        if (q == NBIOT_BAD_QUERY) {
            snprintf(v[0], sizeof v[0], "Signal power:-32768");
            snprintf(v[1], sizeof v[1], "Total power:-32768");
            snprintf(v[5], sizeof v[5], "Cell ID:4294967295");
            snprintf(v[6], sizeof v[6], "ECL:255");
            snprintf(v[7], sizeof v[7], "SNR:-32768");
            snprintf(v[8], sizeof v[8], "EARFCN:4294967295");
            snprintf(v[9], sizeof v[9], "PCI:65535");
            snprintf(v[10], sizeof v[10], "RSRQ:-32768");
        } else {
            snprintf(v[0], sizeof v[0], "Signal power:%d", nrsrp);
            snprintf(v[1], sizeof v[1], "Total power:%d", rssi);
            snprintf(v[5], sizeof v[5], "Cell ID:%lld", c->raw);
            snprintf(v[6], sizeof v[6], "ECL:%d", ecl);
            snprintf(v[7], sizeof v[7], "SNR:%d", snr);
            snprintf(v[8], sizeof v[8], "EARFCN:%d", L->arfcn);
            snprintf(v[9], sizeof v[9], "PCI:%d", c->pci);
            snprintf(v[10], sizeof v[10], "RSRQ:%d", rsrq);
        }
        snprintf(v[2], sizeof v[2], "TX power:%ld", tx_dbm10);
        snprintf(v[3], sizeof v[3], "TX time:%ld", tx_ms);
        snprintf(v[4], sizeof v[4], "RX time:%ld", rx_ms);
        snprintf(v[11], sizeof v[11], "OPERATOR MODE:0"); /* in-band, same PCI */
        snprintf(v[12], sizeof v[12], "CURRENT BAND:%d", L->band);
        snprintf(v[13], sizeof v[13], "OK");
        iso_line(fp, tq, "AT+NUESTATS");
        line++;
        for (int i = 0; i < 14; i++) {
            iso_line(fp, tr_s + (i == 13 ? 0.002 : 0.0), v[i]);
            line++;
            if (q == NBIOT_BAD_QUERY && i == 0)
                print_bad(d->o->quiet, path, line,
                          "NUESTATS block with Signal power -32768 (unknown: cell lost), no "
                          "other metric either");
        }
    }
    st = dtmap_outfile_close_commit(&out, fp, err);
    fp = NULL;
done:
    if (fp) {
        fclose(fp);
        dtmap_outfile_abort(&out);
    }
    return st;
}
