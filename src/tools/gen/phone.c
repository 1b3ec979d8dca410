/* phone.c: a phone on the simulated network: serving-cell selection with a handover margin, NR
 * SA fallback to LTE, and the RSRP, RSRQ, SINR, CQI, RSSI and throughput of one logged row. */
/*
 * SINR is the serving power over the load-weighted sum of co-channel sectors plus thermal noise,
 * plus 1.5 dB of measurement noise; RSRQ = -10 log10(2 + 10 load + 12 / SINR); RSRP adds bounded
 * fast fading (sigma 1.2 dB); the three are reported clamped to their reporting ranges. An NR SA
 * phone leaves NR when SS-RSRP stays below -112 dBm for 3 s and returns above -105 dBm for 3 s.
 */
#include <math.h>
#include <string.h>

#include "gen.h"

void phone_init(phone *p, int nr_capable) {
    memset(p, 0, sizeof *p);
    p->nr_capable = nr_capable;
    p->serving[0] = p->serving[1] = -1;
    p->share = 0.5;
}

/* Picks the serving cell of one RAT: hand over when a neighbour is 2 dB stronger (A3 offset;
 * the time to trigger is well below the 1 s logging tick). Returns
 * the index into v of the serving cell, or -1 if v has no cell. */
int select_cell(phone *p, int rat, const rx *v, int n) {
    int best = -1, cur = -1;
    for (int i = 0; i < n; i++) {
        if (best < 0 || v[i].dbm > v[best].dbm) best = i;
        if (v[i].sector == p->serving[rat]) cur = i;
    }
    if (best < 0) return -1;
    if (cur < 0) {
        p->serving[rat] = v[best].sector;
        p->better_s[rat] = 0;
        return best;
    }
    if (v[best].dbm > v[cur].dbm + 2.0) {
        if (++p->better_s[rat] >= 1) {
            p->serving[rat] = v[best].sector;
            p->better_s[rat] = 0;
            return best;
        }
    } else {
        p->better_s[rat] = 0;
    }
    return cur;
}

double cell_sinr(const network *net, const rx *v, int n, int is, double noise_dbm, double *s_mw,
                 double *i_mw, double *n_mw) {
    const sector *c = &net->sectors[v[is].sector];
    double s = pow(10.0, v[is].dbm / 10.0), i_sum = 0.0;
    for (int i = 0; i < n; i++) {
        const sector *o = &net->sectors[v[i].sector];
        if (i != is && o->layer == c->layer) i_sum += o->load * pow(10.0, v[i].dbm / 10.0);
    }
    *s_mw = s;
    *i_mw = i_sum;
    *n_mw = pow(10.0, noise_dbm / 10.0);
    return s / (i_sum + *n_mw);
}

/* Fills the measurement fields of *w for the phone at (x, y). Returns 0, or -1 if no cell. */
int phone_measure(phone *p, const network *net, double x, double y, rng *r, row *w) {
    enum { CAP = 512 };
    rx lte[CAP], nr[CAP];
    int nl = radio_eval(net, x, y, (1u << L_B3) | (1u << L_B41), lte, CAP);
    int nn = p->nr_capable ? radio_eval(net, x, y, (1u << L_N41) | (1u << L_N78), nr, CAP) : 0;
    int il = select_cell(p, 0, lte, nl);
    int in = nn ? select_cell(p, 1, nr, nn) : -1;
    /* SA reselection: leave NR below -112 dBm, return above -105 dBm, each held for 3 s */
    if (p->nr_capable) {
        int change = p->on_nr ? (in < 0 || nr[in].dbm < -112.0) : (in >= 0 && nr[in].dbm > -105.0);
        p->mode_s = change ? p->mode_s + 1 : 0;
        if (p->mode_s >= 3) {
            p->on_nr = !p->on_nr;
            p->mode_s = 0;
        }
    }
    int use_nr = p->on_nr && in >= 0;
    const rx *v = use_nr ? nr : lte;
    int n = use_nr ? nn : nl, is = use_nr ? in : il;
    if (is < 0) return -1;
    const sector *c = &net->sectors[v[is].sector];
    const layer *L = &layers[c->layer];
    double s_mw, i_mw, n_mw;
    double sinr_lin = cell_sinr(net, v, n, is, L->noise_dbm, &s_mw, &i_mw, &n_mw);
    double sinr_db = 10.0 * log10(sinr_lin) + rng_bnormal(r, 1.5);
    double rsrp = v[is].dbm + rng_bnormal(r, 1.2);
    double rsrq = -10.0 * log10(2.0 + 10.0 * c->load + 12.0 / sinr_lin) + rng_bnormal(r, 0.5);
    w->nr = use_nr;
    w->cell_local = c->cell_local;
    w->node = use_nr ? net->sites[c->site].gnb : net->sites[c->site].enb;
    w->tac = net->sites[c->site].tac;
    w->raw = c->raw;
    w->rsrp = (int)lround(rsrp);
    w->rsrq = (int)lround(rsrq);
    w->sinr = (int)lround(sinr_db);
    row_clamp_report(w); /* as reported: beyond the reporting range is its end */
    int cqi = (int)floor((sinr_db + 6.0) / 2.0) + 1; /* CQI is a 1..15 table index */
    w->cqi = cqi < 1 ? 1 : cqi > 15 ? 15 : cqi;
    if (use_nr) {
        w->rssi = NO_VALUE;
    } else {
        double rb_mw = s_mw * (2.0 + 10.0 * c->load) + 12.0 * (i_mw + n_mw);
        w->rssi = (int)lround(10.0 * log10(rb_mw * L->n_rb));
    }
    p->share = fmin(fmax(p->share + rng_range(r, -0.08, 0.08), 0.15), 0.9);
    double eff = log2(1.0 + pow(10.0, sinr_db / 10.0)) * 0.75 * (use_nr ? 0.7 : 1.0);
    w->dl_kbps = (int)lround(L->bw_mhz * 1000.0 * eff * p->share);
    w->ul_kbps = (int)lround(w->dl_kbps * rng_range(r, 0.04, 0.12));
    return 0;
}
