/* modem.c: a receiver on the simulated network that reports what modems and drive-test UEs do:
 * the serving cell of a set of layers with its RSRP, RSRQ, SINR and RSSI, and its neighbours. */
/*
 * Same model as phone.c (strongest cell with a 2 dB margin, SINR against load-weighted
 * co-channel cells plus noise, RSRQ from SINR and load), with two knobs per device: an antenna
 * or installation loss that lowers every received power, and extra noise figure. Noise: 1.2 dB
 * on each RSRP, 1.5 dB on SINR, 0.5 dB on RSRQ and RSSI (bounded, see rng_bnormal).
 */
#include <math.h>
#include <string.h>

#include "gen.h"

void receiver_init(receiver *rc, unsigned layer_mask, double loss_db, double nf_extra_db) {
    memset(rc, 0, sizeof *rc);
    rc->layer_mask = layer_mask;
    rc->loss_db = loss_db;
    rc->nf_extra_db = nf_extra_db;
    phone_init(&rc->sel, 0);
}

int receiver_measure(receiver *rc, const network *net, double x, double y, rng *r, cell_meas *m) {
    enum { CAP = 512 };
    rx v[CAP];
    int n = radio_eval(net, x, y, rc->layer_mask, v, CAP);
    int is = select_cell(&rc->sel, 0, v, n);
    memset(m, 0, sizeof *m);
    m->sector = -1;
    if (is < 0) return -1;
    const sector *c = &net->sectors[v[is].sector];
    const layer *L = &layers[c->layer];
    double s_mw, i_mw, n_mw;
    /* the loss lowers signal and interference alike: add it to the noise instead */
    double sinr_lin =
        cell_sinr(net, v, n, is, L->noise_dbm + rc->loss_db + rc->nf_extra_db, &s_mw, &i_mw, &n_mw);
    double rb_mw = s_mw * (2.0 + 10.0 * c->load) + 12.0 * (i_mw + n_mw);
    m->sector = v[is].sector;
    m->sinr_db = 10.0 * log10(sinr_lin) + rng_bnormal(r, 1.5);
    m->rsrp_dbm = v[is].dbm - rc->loss_db + rng_bnormal(r, 1.2);
    m->rsrq_db = -10.0 * log10(2.0 + 10.0 * c->load + 12.0 / sinr_lin) + rng_bnormal(r, 0.5);
    m->rssi_dbm = 10.0 * log10(rb_mw * L->n_rb) - rc->loss_db + rng_bnormal(r, 0.5);
    /* neighbours on the serving layer, strongest first (insertion sort, at most MEAS_NBR) */
    for (int i = 0; i < n; i++) {
        if (i == is || net->sectors[v[i].sector].layer != c->layer) continue;
        rx e = {v[i].sector, v[i].dbm - rc->loss_db + rng_bnormal(r, 1.2)};
        int k = m->nnbr < MEAS_NBR ? m->nnbr++ : MEAS_NBR;
        while (k > 0 && m->nbr[k - 1].dbm < e.dbm) {
            if (k < MEAS_NBR) m->nbr[k] = m->nbr[k - 1];
            k--;
        }
        if (k < MEAS_NBR) m->nbr[k] = e;
    }
    return 0;
}
