/* radio.c: dtmap-gen's radio model: carrier layers, sites and sectors, received power per sector
 * (log-distance path loss, 3GPP-style antenna pattern, correlated shadowing). */
/*
 * Per sector: EPRE + antenna gain - pattern(horizontal, vertical) - [FSPL(f, 1 m) + 10 n
 * log10(d3D / 1 m)] + shadowing. The pattern is parabolic (65 degree horizontal and 10 degree
 * vertical beamwidth, 25 dB front-to-back, 20 dB vertical floor). Shadowing is seeded value
 * noise with sigma 7.5 dB, half of it shared by all sites, soft-limited to 3 sigma.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

const layer layers[L_COUNT] = {
    /* LTE band 3 FDD, 20 MHz, 46 dBm over 1200 REs */
    {"LTE B3 1.8 GHz", 0, 1850.0, 15.2, 15.0, -125.2, 20.0, 100, 1650, 3},
    /* LTE band 41 TDD, 20 MHz */
    {"LTE B41 2.6 GHz", 0, 2585.0, 15.2, 15.0, -125.2, 20.0, 100, 40540, 41},
    /* NR n41 TDD, 100 MHz, 30 kHz SCS, 53 dBm over 3276 REs, SSB beam gain */
    {"NR n41 2.6 GHz", 1, 2525.0, 17.8, 20.0, -122.2, 100.0, 273, 504990, 41},
    /* NR n78 TDD, 100 MHz, 30 kHz SCS */
    {"NR n78 3.5 GHz", 1, 3500.0, 17.8, 20.0, -122.2, 100.0, 273, 633334, 78},
    /* NB-IoT anchor carrier in-band in the B3 carrier (EARFCN 1640, 1849.0 MHz), one 180 kHz
     * PRB; NRS power boosted 3 dB over the LTE reference signals, same antennas */
    {"NB-IoT in-band B3", 0, 1849.0, 18.2, 15.0, -125.2, 0.18, 1, 1640, 3},
};

static double pl1m_db[L_COUNT]; /* free-space loss at 1 m per layer, set by model_init */

void model_init(void) {
    noise_init();
    for (int l = 0; l < L_COUNT; l++)
        pl1m_db[l] = 20.0 * log10(layers[l].f_mhz) - 27.55;
}

void network_free(network *net) {
    free(net->sites);
    free(net->sectors);
    free(net->bstart);
    free(net->bsites);
    memset(net, 0, sizeof *net);
}

/* Adds a site; returns 0 or -1 when out of memory. Sectors are added by network_finish. */
int network_add_site(network *net, int *cap, double x, double y, int rural, unsigned layer_mask,
                     rng *r) {
    if (net->nsites == *cap) {
        int ncap = *cap ? *cap * 2 : 16;
        site *v = realloc(net->sites, (size_t)ncap * sizeof *v);
        if (!v) return -1;
        net->sites = v;
        *cap = ncap;
    }
    site *s = &net->sites[net->nsites];
    memset(s, 0, sizeof *s);
    s->x = x;
    s->y = y;
    s->height_m = rural ? rng_range(r, 32.0, 40.0) : rng_range(r, 22.0, 32.0);
    s->tilt_deg = rural ? rng_range(r, 3.0, 5.0) : rng_range(r, 5.0, 8.0);
    s->exponent = rural ? 3.25 : 3.4;
    s->layers = layer_mask;
    s->enb = 0x89A00 + net->nsites;
    s->gnb = 0x3A2100 + net->nsites;
    s->tac = rural ? 0x5A22 : 0x5A21;
    s->seed = rng_next(r);
    net->nsites++;
    return 0;
}

/* PCI of sector k (0..2) of site i: one PSS group (i * 3 + k) per site, spread over the range
 * by a fixed multiplier so that neighbouring sites do not get consecutive groups. Draws no
 * random number (so adding PCIs changed none of the demo's bytes). */
static int sector_pci(int i, int nr, int k) {
    return nr ? 3 * ((i * 53 + 181) % 336) + k : 3 * ((i * 37 + 5) % 168) + k;
}

/* Creates three sectors per layer per site and the bucket index. Returns 0 or -1 (memory). */
int network_finish(network *net, double reach_m, rng *r) {
    int rc = -1, total = 0;
    if (net->nsites < 1) goto done;
    for (int i = 0; i < net->nsites; i++)
        for (int l = 0; l < L_COUNT; l++)
            if (net->sites[i].layers & (1u << l)) total += 3;
    net->sectors = calloc((size_t)total, sizeof *net->sectors);
    if (!net->sectors) goto done;
    for (int i = 0; i < net->nsites; i++) {
        site *s = &net->sites[i];
        double az0 = rng_range(r, 0.0, 120.0);
        s->first = net->nsectors;
        for (int l = 0; l < L_COUNT; l++) {
            if (!(s->layers & (1u << l))) continue;
            for (int k = 0; k < 3; k++) {
                sector *c = &net->sectors[net->nsectors++];
                c->site = i;
                c->layer = l;
                c->az_deg = fmod(az0 + 120.0 * k + rng_range(r, -10.0, 10.0) + 360.0, 360.0);
                c->load = rng_range(r, 0.3, 0.7);
                int base = (l == L_B41 || l == L_N78) ? 4 : 1;
                c->cell_local = base + k;
                c->raw = layers[l].nr ? (long long)s->gnb * 4096 + c->cell_local
                                      : (long long)s->enb * 256 + c->cell_local;
                c->pci = sector_pci(i, layers[l].nr, k);
            }
        }
        s->count = net->nsectors - s->first;
    }
    /* bucket index */
    double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY;
    for (int i = 0; i < net->nsites; i++) {
        xmin = fmin(xmin, net->sites[i].x);
        ymin = fmin(ymin, net->sites[i].y);
        xmax = fmax(xmax, net->sites[i].x);
        ymax = fmax(ymax, net->sites[i].y);
    }
    net->reach_m = reach_m;
    net->bucket_m = 1000.0;
    net->x0 = xmin;
    net->y0 = ymin;
    net->bx = (int)((xmax - xmin) / net->bucket_m) + 1;
    net->by = (int)((ymax - ymin) / net->bucket_m) + 1;
    if (net->bx < 1 || net->by < 1 || net->bx > 100000 || net->by > 100000) goto done;
    size_t nb = (size_t)net->bx * (size_t)net->by;
    net->bstart = calloc(nb + 1, sizeof *net->bstart);
    net->bsites = calloc((size_t)net->nsites, sizeof *net->bsites);
    if (!net->bstart || !net->bsites) goto done;
    for (int i = 0; i < net->nsites; i++) {
        int b = (int)((net->sites[i].y - ymin) / net->bucket_m) * net->bx +
                (int)((net->sites[i].x - xmin) / net->bucket_m);
        net->bstart[b + 1]++;
    }
    for (size_t b = 0; b < nb; b++)
        net->bstart[b + 1] += net->bstart[b];
    int *fill = calloc(nb, sizeof *fill);
    if (!fill) goto done;
    for (int i = 0; i < net->nsites; i++) {
        int b = (int)((net->sites[i].y - ymin) / net->bucket_m) * net->bx +
                (int)((net->sites[i].x - xmin) / net->bucket_m);
        net->bsites[net->bstart[b] + fill[b]++] = i;
    }
    free(fill);
    rc = 0;
done:
    return rc;
}

int network_add_overlay(network *net, int to_layer, int from_layer, rng *r) {
    int extra = 0, n = 0;
    for (int j = 0; j < net->nsectors; j++)
        if (net->sectors[j].layer == from_layer) extra++;
    sector *v = calloc((size_t)(net->nsectors + extra) + 1, sizeof *v);
    if (!v) return -1;
    for (int i = 0; i < net->nsites; i++) {
        site *s = &net->sites[i];
        int first = n;
        for (int j = s->first; j < s->first + s->count; j++)
            v[n++] = net->sectors[j];
        for (int j = s->first, k = 0; j < s->first + s->count; j++) {
            const sector *b = &net->sectors[j];
            if (b->layer != from_layer) continue;
            sector *c = &v[n++];
            *c = *b;
            c->layer = to_layer;
            c->load = rng_range(r, 0.3, 0.7);
            c->cell_local = 0x31 + k++;
            c->raw = (long long)s->enb * 256 + c->cell_local;
            s->layers |= 1u << to_layer;
        }
        s->first = first;
        s->count = n - first;
    }
    free(net->sectors);
    net->sectors = v;
    net->nsectors = n;
    return 0;
}

/* Geometry of a point seen from a site: computed once per site, shared by its sectors. */
typedef struct site_view {
    double bearing_deg; /* clockwise from grid north, -180..180 */
    double av_db;       /* vertical pattern attenuation */
    double pl_db;       /* path loss without the frequency term */
} site_view;

static site_view site_look(const site *s, double x, double y) {
    site_view sv;
    double dx = x - s->x, dy = y - s->y;
    double d2sq = dx * dx + dy * dy;
    double d2 = sqrt(d2sq);
    double elev = atan(s->height_m / fmax(d2, 1e-3)) * (180.0 / PI); /* below horizon */
    double e = (elev - s->tilt_deg) / 10.0;
    sv.bearing_deg = atan2(dx, dy) * (180.0 / PI);
    sv.av_db = fmin(12.0 * e * e, 20.0);
    sv.pl_db = 5.0 * s->exponent * log10(d2sq + s->height_m * s->height_m); /* 10 n log10(d3) */
    return sv;
}

/* Received power of one sector, without shadowing or fading: EPRE + gain - pattern - loss. */
static double sector_rx_det(const sector *c, const site_view *sv) {
    const layer *L = &layers[c->layer];
    double off = fabs(sv->bearing_deg - c->az_deg);
    if (off > 360.0) off -= 360.0;
    if (off > 180.0) off = 360.0 - off;
    double ah = fmin(12.0 * (off / 65.0) * (off / 65.0), 25.0);
    double att = fmin(ah + sv->av_db, 25.0);
    double pl = pl1m_db[c->layer] + sv->pl_db;
    return L->epre_dbm + L->gain_dbi - att - pl;
}

/* Shadowing of a site at (x, y) given the shared component, soft-limited to 3 sigma with
 * u / sqrt(1 + u^2) (close to the identity below 1 sigma). */
static double site_shadow(const site *s, double common, double x, double y) {
    double u = 0.7071067811865476 * (common + noise_field(s->seed, x, y)) / 3.0;
    return SHADOW_SIGMA_DB * 3.0 * u / sqrt(1.0 + u * u);
}

/* Evaluates every sector of the layers in layer_mask within reach of (x, y); writes at most cap
 * entries to out and returns how many. Sectors far below the strongest are pruned. */
int radio_eval(const network *net, double x, double y, unsigned layer_mask, rx *out, int cap) {
    int n = 0;
    double best = -INFINITY;
    int r = (int)ceil(net->reach_m / net->bucket_m);
    int cx = (int)floor((x - net->x0) / net->bucket_m);
    int cy = (int)floor((y - net->y0) / net->bucket_m);
    for (int by = cy - r; by <= cy + r; by++) {
        if (by < 0 || by >= net->by) continue;
        for (int bx = cx - r; bx <= cx + r; bx++) {
            if (bx < 0 || bx >= net->bx) continue;
            int b = by * net->bx + bx;
            for (int k = net->bstart[b]; k < net->bstart[b + 1]; k++) {
                const site *s = &net->sites[net->bsites[k]];
                if (!(s->layers & layer_mask)) continue;
                double ddx = x - s->x, ddy = y - s->y;
                if (ddx * ddx + ddy * ddy > net->reach_m * net->reach_m) continue;
                site_view sv = site_look(s, x, y);
                for (int j = s->first; j < s->first + s->count && n < cap; j++) {
                    if (!(layer_mask & (1u << net->sectors[j].layer))) continue;
                    out[n].sector = j;
                    out[n].dbm = sector_rx_det(&net->sectors[j], &sv);
                    best = fmax(best, out[n].dbm);
                    n++;
                }
            }
        }
    }
    /* prune, then add each remaining site's shadowing (evaluated once per site) */
    double common = noise_field(net->common_seed, x, y);
    int m = 0, last_site = -1;
    double shadow = 0.0;
    for (int i = 0; i < n; i++) {
        if (out[i].dbm < best - PRUNE_DB) continue;
        int si = net->sectors[out[i].sector].site;
        if (si != last_site) {
            shadow = site_shadow(&net->sites[si], common, x, y);
            last_site = si;
        }
        out[m].sector = out[i].sector;
        out[m].dbm = out[i].dbm + shadow;
        m++;
    }
    return m;
}
