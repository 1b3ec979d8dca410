/* gen_campaign.c: dtmap-gen, a seeded synthetic drive-test campaign (demo data, benchmarks). */
/*
 * Two modes:
 *   demo   five G-NetTrack Pro CSV drives around Yangshuo (Guilin, Guangxi): the county town's
 *          street grid, the road to the lower Yulong River scenic area and a loop around it.
 *          LTE-only phones and NR SA phones that fall back to LTE; a few documented bad rows.
 *   bench  N LTE samples along a dense synthetic road network over a square extent, written both
 *          as G-NetTrack CSV and as projected x,y,z CSV (same points) for gdal_grid.
 *
 * Radio model per sector: log-distance path loss (free-space loss at 1 m for the carrier
 * frequency, exponent 3.3-3.5 on the 3D distance), 3GPP-style horizontal and vertical antenna
 * pattern, spatially correlated shadowing (seeded value noise, half shared between sites, soft-
 * limited to 3 sigma) and small bounded fast fading. SINR is serving power over the load-weighted
 * sum of co-channel sectors plus thermal noise; RSRQ follows from SINR and the serving load.
 * Geometry is built in metres in WGS 84 / UTM 49N (EPSG:32649) and converted with dtmap_crs_*.
 * Everything random comes from one splitmix64-seeded xoshiro256** stream or from a stateless
 * hash (noise fields), so the same seed gives byte-identical files.
 */
#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dtmap/crs.h"
#include "dtmap/fileio.h"
#include "dtmap/status.h"

#define PI 3.14159265358979323846
#define DEFAULT_SEED 20260101ULL
#define GRID_CRS "EPSG:32649"
#define ANCHOR_LON 110.4900 /* Yangshuo county town, near West Street (approximate) */
#define ANCHOR_LAT 24.7780
#define SCENIC_DX (-6070.0) /* lower Yulong River near Gongnong Bridge, ~110.430E 24.750N */
#define SCENIC_DY (-3100.0)
#define HEADER                                                                                     \
    "Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR,CQI,"        \
    "RSSI,DL_bitrate,UL_bitrate,State,PINGAVG,PINGMIN,PINGMAX,PINGSTDEV,PINGLOSS,CELLHEX,"         \
    "NODEHEX,LACHEX,RAWCELLID,NRxRSRP,NRxRSRQ"
#define OPERATOR "Demo"
#define NO_VALUE (-99999)
#define SHADOW_SIGMA_DB 7.5
#define PRUNE_DB 36.0 /* sectors this far below the strongest (before shadowing) are ignored */

/* ---- random numbers ------------------------------------------------------------------- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t rng_next(rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static double rng_u01(rng *r) {
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static double rng_range(rng *r, double lo, double hi) {
    return lo + (hi - lo) * rng_u01(r);
}

static int rng_int(rng *r, int n) {
    return (int)(rng_u01(r) * n);
}

/* Bounded, roughly normal noise with standard deviation sigma: Irwin-Hall of three uniforms,
 * so |value| <= 3 sigma always. */
static double rng_bnormal(rng *r, double sigma) {
    double s = rng_u01(r) + rng_u01(r) + rng_u01(r) - 1.5; /* variance 1/4 */
    return 2.0 * sigma * s;
}

/* ---- value noise (stateless, seeded) -------------------------------------------------- */

static double noise_norm; /* 1/sqrt(mean squared interpolation weight), set by noise_init */

static double smooth(double t) {
    return t * t * (3.0 - 2.0 * t);
}

/* Normalises value noise to unit variance on average: the interpolated value of independent
 * unit-variance lattice values has variance sum(w^2), averaged here over the cell. */
static void noise_init(void) {
    double k1 = 0.0;
    const int n = 4096;
    for (int i = 0; i < n; i++) {
        double s = smooth((i + 0.5) / n);
        k1 += (1.0 - s) * (1.0 - s) + s * s;
    }
    k1 /= n;
    noise_norm = 1.0 / k1; /* 1/sqrt(k1^2) in two dimensions */
}

/* Lattice value, uniform with unit variance, from a hash of (seed, ix, iy). */
static double lattice(uint64_t seed, int64_t ix, int64_t iy) {
    uint64_t h =
        seed ^ ((uint64_t)ix * 0xD6E8FEB86659FD93ULL) ^ ((uint64_t)iy * 0xA0761D6478BD642FULL);
    h = splitmix64(&h);
    return ((double)(h >> 11) * 0x1.0p-53 * 2.0 - 1.0) * 1.7320508075688772;
}

static double value_noise(uint64_t seed, double x, double y, double cell_m) {
    double gx = x / cell_m, gy = y / cell_m;
    double fx = floor(gx), fy = floor(gy);
    int64_t ix = (int64_t)fx, iy = (int64_t)fy;
    double sx = smooth(gx - fx), sy = smooth(gy - fy);
    double a = lattice(seed, ix, iy), b = lattice(seed, ix + 1, iy);
    double c = lattice(seed, ix, iy + 1), d = lattice(seed, ix + 1, iy + 1);
    double top = a + (b - a) * sx, bottom = c + (d - c) * sx;
    return (top + (bottom - top) * sy) * noise_norm;
}

/* Two octaves (50 m and 250 m correlation cells), unit variance on average. */
static double field(uint64_t seed, double x, double y) {
    return 0.7745966692414834 * value_noise(seed, x, y, 50.0) +
           0.6324555320336759 * value_noise(seed ^ 0x5bd1e995ULL, x, y, 250.0);
}

/* ---- network -------------------------------------------------------------------------- */

/* Carrier layers. EPRE: reference-signal (LTE) or SSB (NR) power per resource element. */
typedef struct layer {
    const char *name;
    int nr;           /* 1 = NR, 0 = LTE */
    double f_mhz;     /* carrier frequency */
    double epre_dbm;  /* transmit power per resource element */
    double gain_dbi;  /* antenna gain minus feeder loss */
    double noise_dbm; /* thermal noise per resource element incl. 7 dB UE noise figure */
    double bw_mhz;    /* channel bandwidth, for throughput and RSSI */
    int n_rb;         /* resource blocks (RSSI bandwidth) */
} layer;

enum { L_B3, L_B41, L_N41, L_N78, L_COUNT };

static const layer layers[L_COUNT] = {
    /* LTE band 3 FDD, 20 MHz, 46 dBm over 1200 REs */
    {"LTE B3 1.8 GHz", 0, 1850.0, 15.2, 15.0, -125.2, 20.0, 100},
    /* LTE band 41 TDD, 20 MHz */
    {"LTE B41 2.6 GHz", 0, 2585.0, 15.2, 15.0, -125.2, 20.0, 100},
    /* NR n41 TDD, 100 MHz, 30 kHz SCS, 53 dBm over 3276 REs, SSB beam gain */
    {"NR n41 2.6 GHz", 1, 2525.0, 17.8, 20.0, -122.2, 100.0, 273},
    /* NR n78 TDD, 100 MHz, 30 kHz SCS */
    {"NR n78 3.5 GHz", 1, 3500.0, 17.8, 20.0, -122.2, 100.0, 273},
};

static double pl1m_db[L_COUNT]; /* free-space loss at 1 m per layer, set by model_init */

/* Fills the model's derived constants: noise normalisation and per-layer loss at 1 m. */
static void model_init(void) {
    noise_init();
    for (int l = 0; l < L_COUNT; l++)
        pl1m_db[l] = 20.0 * log10(layers[l].f_mhz) - 27.55;
}

typedef struct site {
    double x, y;       /* UTM metres */
    double height_m;   /* antenna height above the UE */
    double tilt_deg;   /* electrical down-tilt */
    double exponent;   /* path-loss exponent */
    unsigned layers;   /* bit mask of layer indices carried */
    int enb, gnb, tac; /* eNB id (20 bit), gNB id (24 bit), tracking area code */
    uint64_t seed;     /* this site's shadowing field */
    int first, count;  /* its sectors: sectors[first .. first+count) */
} site;

typedef struct sector {
    int site, layer;
    double az_deg;
    double load;    /* fraction of resource elements in use, 0.3..0.7 */
    int cell_local; /* cell id within the eNB/gNB */
    long long raw;  /* ECI = eNB*256 + cell, or NCI = gNB*4096 + cell */
} sector;

typedef struct network {
    site *sites;
    int nsites;
    sector *sectors;
    int nsectors;
    uint64_t common_seed; /* shadowing component shared by all sites */
    /* bucket index of sites: square buckets of bucket_m, bx*by of them from (x0, y0) */
    double x0, y0, bucket_m, reach_m;
    int bx, by;
    int *bstart, *bsites; /* CSR: sites of bucket b are bsites[bstart[b] .. bstart[b+1]) */
} network;

static void network_free(network *net) {
    free(net->sites);
    free(net->sectors);
    free(net->bstart);
    free(net->bsites);
    memset(net, 0, sizeof *net);
}

/* Adds a site; returns 0 or -1 when out of memory. Sectors are added by network_finish. */
static int network_add_site(network *net, int *cap, double x, double y, int rural,
                            unsigned layer_mask, rng *r) {
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

/* Creates three sectors per layer per site and the bucket index. Returns 0 or -1 (memory). */
static int network_finish(network *net, double reach_m, rng *r) {
    int rc = -1, total = 0;
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
    double u = 0.7071067811865476 * (common + field(s->seed, x, y)) / 3.0;
    return SHADOW_SIGMA_DB * 3.0 * u / sqrt(1.0 + u * u);
}

/* One sector's received power at a point. */
typedef struct rx {
    int sector;
    double dbm;
} rx;

/* Evaluates every sector of the layers in layer_mask within reach of (x, y); writes at most cap
 * entries to out and returns how many. Sectors far below the strongest are pruned. */
static int radio_eval(const network *net, double x, double y, unsigned layer_mask, rx *out,
                      int cap) {
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
    double common = field(net->common_seed, x, y);
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

/* ---- the phone ------------------------------------------------------------------------ */

/* One output row. Integers hold dBm/dB; NO_VALUE marks "-". */
typedef struct row {
    double t;        /* local time, seconds since 1970-01-01 00:00 local */
    double x, y;     /* UTM metres (GPS position, noise included) */
    double lon, lat; /* WGS 84, rounded to 1e-6 degree as printed */
    int speed_kmh;
    int nr; /* 1 = NR SA row */
    int cell_local, node, tac;
    long long raw;
    int rsrp, rsrq, sinr, cqi, rssi, dl_kbps, ul_kbps;
    int bad; /* injected defect, enum bad_kind */
} row;

enum bad_kind { BAD_NONE, BAD_ZERO_POS, BAD_NO_MEAS, BAD_RANGE, BAD_UMTS, BAD_TRUNC, BAD_NONNUM };

static const char *bad_text[] = {
    "",
    "0,0 position before the first GPS fix",
    "RSRP -200 no-measurement marker, nothing else measured",
    "RSRP -30 dBm on LTE, outside -140..-44",
    "UMTS row (RSRP/RSRQ hold RSCP and Ec/No)",
    "truncated row (first 9 fields only)",
    "non-numeric RSRP \"#VALUE!\" (spreadsheet error value)",
};

typedef struct phone {
    int nr_capable;  /* NR SA phone (falls back to LTE) or LTE-only phone */
    int on_nr;       /* currently camped on NR */
    int serving[2];  /* serving sector per RAT (0 LTE, 1 NR), -1 none */
    int better_s[2]; /* seconds a neighbour has been better than the serving cell */
    int mode_s;      /* seconds the RAT-change condition has held */
    double share;    /* this phone's share of the cell's throughput, slowly varying */
} phone;

static void phone_init(phone *p, int nr_capable) {
    memset(p, 0, sizeof *p);
    p->nr_capable = nr_capable;
    p->serving[0] = p->serving[1] = -1;
    p->share = 0.5;
}

/* Picks the serving cell of one RAT: hand over when a neighbour is 2 dB stronger (A3 offset;
 * the time to trigger is well below the 1 s logging tick). Returns
 * the index into v of the serving cell, or -1 if v has no cell. */
static int select_cell(phone *p, int rat, const rx *v, int n) {
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

/* Fills the measurement fields of *w for the phone at (x, y). Returns 0, or -1 if no cell. */
static int phone_measure(phone *p, const network *net, double x, double y, rng *r, row *w) {
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
    double s_mw = pow(10.0, v[is].dbm / 10.0), i_mw = 0.0;
    for (int i = 0; i < n; i++) {
        const sector *o = &net->sectors[v[i].sector];
        if (i != is && o->layer == c->layer) i_mw += o->load * pow(10.0, v[i].dbm / 10.0);
    }
    double n_mw = pow(10.0, L->noise_dbm / 10.0);
    double sinr_lin = s_mw / (i_mw + n_mw);
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

/* ---- routes and driving --------------------------------------------------------------- */

typedef struct waypoint {
    double x, y;
    double cruise_kmh; /* cruise speed of the segment that starts here */
    double stop_s;     /* seconds stopped on arrival (traffic light, photo stop) */
} waypoint;

typedef struct route {
    waypoint *v;
    size_t n, cap;
} route;

static int route_add(route *rt, double x, double y, double cruise_kmh, double stop_s) {
    if (rt->n == rt->cap) {
        size_t ncap = rt->cap ? rt->cap * 2 : 64;
        waypoint *v = realloc(rt->v, ncap * sizeof *v);
        if (!v) return -1;
        rt->v = v;
        rt->cap = ncap;
    }
    rt->v[rt->n++] = (waypoint){x, y, cruise_kmh, stop_s};
    return 0;
}

/* Samples of a drive: positions every logging tick. */
typedef struct track {
    row *v;
    size_t n, cap;
} track;

static int track_push(track *tr, const row *w) {
    if (tr->n == tr->cap) {
        size_t ncap = tr->cap ? tr->cap * 2 : 1024;
        row *v = realloc(tr->v, ncap * sizeof *v);
        if (!v) return -1;
        tr->v = v;
        tr->cap = ncap;
    }
    tr->v[tr->n++] = *w;
    return 0;
}

/* Speed allowed when passing waypoint k (m/s): 0 at a stop, slow at sharp turns. */
static double corner_speed(const route *rt, size_t k) {
    if (k + 1 >= rt->n || rt->v[k].stop_s > 0.0) return 0.0;
    const waypoint *a = &rt->v[k - 1], *b = &rt->v[k], *c = &rt->v[k + 1];
    double h1 = atan2(b->y - a->y, b->x - a->x), h2 = atan2(c->y - b->y, c->x - b->x);
    double turn = fabs(remainder(h2 - h1, 2.0 * PI)) * 180.0 / PI;
    double cruise = fmin(a->cruise_kmh, b->cruise_kmh) / 3.6;
    if (turn < 20.0) return cruise;
    if (turn > 150.0) return 3.0;
    return fmin(cruise, 4.5 + 6.0 * (150.0 - turn) / 130.0);
}

/* Drives rt from its first waypoint, logging one row per tick (1 s, sometimes 2 s) starting at
 * local time t0 into tr (position, speed, time). Returns 0 or -1 (memory). At most max_rows. */
static int drive(const route *rt, double t0, rng *r, track *tr, size_t max_rows) {
    const double acc = 1.3, dec = 2.0; /* m/s^2 */
    size_t k = 0;                      /* current segment: v[k] -> v[k+1] */
    double u = 0.0, v = 0.0, t = t0, stop_left = 0.0, jitter = 0.0;
    while (k + 1 < rt->n && tr->n < max_rows) {
        double dt = rng_u01(r) < 0.03 ? 2.0 : 1.0;
        for (double step = 0.0; step < dt; step += 1.0) {
            if (stop_left > 0.0) {
                stop_left -= 1.0;
                v = 0.0;
                continue;
            }
            jitter = fmin(fmax(jitter + rng_range(r, -0.4, 0.4), -1.0), 1.0);
            double target = rt->v[k].cruise_kmh / 3.6 + jitter;
            /* braking: the lowest speed allowed by upcoming corners and stops within 150 m;
             * never below a 1.5 m/s creep, so a stop line is always reached */
            double ahead = hypot(rt->v[k + 1].x - rt->v[k].x, rt->v[k + 1].y - rt->v[k].y) - u;
            for (size_t j = k + 1; j < rt->n && ahead < 150.0; j++) {
                double vc = corner_speed(rt, j);
                target = fmin(target, sqrt(vc * vc + 2.0 * dec * fmax(ahead - 2.0, 0.0)));
                if (j + 1 < rt->n)
                    ahead += hypot(rt->v[j + 1].x - rt->v[j].x, rt->v[j + 1].y - rt->v[j].y);
            }
            target = fmax(target, 1.5);
            double nv = target > v ? fmin(v + acc, target) : fmax(v - dec * 1.5, target);
            double dist = 0.5 * (v + nv);
            v = nv;
            /* advance along the polyline */
            while (k + 1 < rt->n) {
                double seg = hypot(rt->v[k + 1].x - rt->v[k].x, rt->v[k + 1].y - rt->v[k].y);
                if (u + dist < seg) {
                    u += dist;
                    break;
                }
                dist -= seg - u;
                u = 0.0;
                k++;
                if (rt->v[k].stop_s > 0.0) {
                    stop_left = rt->v[k].stop_s;
                    v = 0.0;
                    break;
                }
            }
            if (k + 1 >= rt->n) break;
        }
        t += dt;
        row w;
        memset(&w, 0, sizeof w);
        w.t = t;
        size_t kk = k + 1 < rt->n ? k : rt->n - 2;
        double seg = hypot(rt->v[kk + 1].x - rt->v[kk].x, rt->v[kk + 1].y - rt->v[kk].y);
        double f = k + 1 < rt->n && seg > 0.0 ? u / seg : 1.0;
        w.x = rt->v[kk].x + f * (rt->v[kk + 1].x - rt->v[kk].x) + rng_bnormal(r, 1.5);
        w.y = rt->v[kk].y + f * (rt->v[kk + 1].y - rt->v[kk].y) + rng_bnormal(r, 1.5);
        w.speed_kmh = (int)lround(v * 3.6);
        if (track_push(tr, &w) != 0) return -1;
    }
    return 0;
}

/* ---- output --------------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void format_time(double t, char *buf, size_t size) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm); /* t is already local time (UTC+8) */
    strftime(buf, size, "%Y.%m.%d_%H.%M.%S", &tm);
}

/* Converts the track's x/y to rounded lon/lat. Returns a dtmap status. */
static dtmap_status track_geo(const dtmap_crs *crs, track *tr, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    double *buf = malloc(tr->n * 4 * sizeof *buf + 1);
    if (!buf) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
    double *x = buf, *y = buf + tr->n, *lon = buf + 2 * tr->n, *lat = buf + 3 * tr->n;
    for (size_t i = 0; i < tr->n; i++) {
        x[i] = tr->v[i].x;
        y[i] = tr->v[i].y;
    }
    st = dtmap_crs_inverse(crs, x, y, tr->n, lon, lat, err);
    if (st != DTMAP_OK) goto done;
    for (size_t i = 0; i < tr->n; i++) {
        if (!isfinite(lon[i]) || !isfinite(lat[i])) {
            st = dtmap_error_set(err, DTMAP_ERR_CRS, "point %zu does not transform", i);
            goto done;
        }
        tr->v[i].lon = round(lon[i] * 1e6) / 1e6;
        tr->v[i].lat = round(lat[i] * 1e6) / 1e6;
    }
done:
    free(buf);
    return st;
}

/* Writes v with a fixed number of decimals (v rounded to that many); the result matches
 * printf("%.*f") for the already-rounded values used here, at a fraction of the cost. */
static void format_fixed(double v, int decimals, char *buf, size_t size) {
    static const long long pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    long long scale = pow10[decimals];
    long long k = llround(fabs(v) * (double)scale);
    snprintf(buf, size, "%s%lld.%0*lld", v < 0.0 && k ? "-" : "", k / scale, decimals, k % scale);
}

/* Formats one G-NetTrack row (with its newline) into buf; returns its length. */
static int format_row(const row *w, char *buf, size_t size) {
    char ts[32], rsrp[16], rsrq[16], snr[16], cqi[16], rssi[16], dl[16], ul[16], lon_s[24],
        lat_s[24];
    const char *mode = w->nr ? "NR" : "LTE";
    double lon = w->lon, lat = w->lat;
    int speed = w->speed_kmh;
    format_time(w->t, ts, sizeof ts);
    snprintf(rsrp, sizeof rsrp, "%d", w->rsrp);
    snprintf(rsrq, sizeof rsrq, "%d", w->rsrq);
    snprintf(snr, sizeof snr, "%d.0", w->sinr);
    snprintf(cqi, sizeof cqi, "%d", w->cqi);
    if (w->rssi == NO_VALUE)
        snprintf(rssi, sizeof rssi, "-");
    else
        snprintf(rssi, sizeof rssi, "%d", w->rssi);
    snprintf(dl, sizeof dl, "%d", w->dl_kbps);
    snprintf(ul, sizeof ul, "%d", w->ul_kbps);
    switch (w->bad) {
    case BAD_ZERO_POS:
        lon = lat = 0.0;
        speed = 0;
        break;
    case BAD_NO_MEAS:
        snprintf(rsrp, sizeof rsrp, "-200");
        strcpy(rsrq, "-");
        strcpy(snr, "-");
        strcpy(cqi, "-");
        strcpy(rssi, "-");
        strcpy(dl, "0");
        strcpy(ul, "0");
        break;
    case BAD_RANGE:
        mode = "LTE";
        snprintf(rsrp, sizeof rsrp, "-30");
        break;
    case BAD_UMTS:
        mode = "UMTS";
        snprintf(rsrp, sizeof rsrp, "-87");
        snprintf(rsrq, sizeof rsrq, "-9");
        strcpy(snr, "-");
        strcpy(cqi, "-");
        strcpy(rssi, "-");
        break;
    case BAD_NONNUM:
        strcpy(rsrp, "#VALUE!");
        break;
    default:
        break;
    }
    format_fixed(lon, 6, lon_s, sizeof lon_s);
    format_fixed(lat, 6, lat_s, sizeof lat_s);
    int len = snprintf(buf, size,
                       "%s,%s,%s,%d,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,D,-,-,-,-,-,%X,%X,%X,%lld,-,-\n",
                       ts, lon_s, lat_s, speed, OPERATOR, w->cell_local, mode, rsrp, rsrq, snr, cqi,
                       rssi, dl, ul, w->cell_local, w->node, w->tac, w->raw);
    if (w->bad == BAD_TRUNC) {
        int commas = 0;
        for (int i = 0; i < len; i++)
            if (buf[i] == ',' && ++commas == 9) {
                buf[i] = '\n';
                buf[i + 1] = '\0';
                len = i + 1;
                break;
            }
    }
    return len;
}

/* Reporting-range check of a generated row (bad rows excluded): the generator must never emit
 * an out-of-range value by accident. Returns 0 if in range. */
static int row_in_range(const row *w) {
    if (w->bad != BAD_NONE) return 0;
    if (w->nr)
        return w->rsrp < -156 || w->rsrp > -31 || w->rsrq < -43 || w->rsrq > 20 || w->sinr < -23 ||
                       w->sinr > 40
                   ? -1
                   : 0;
    return w->rsrp < -140 || w->rsrp > -44 || w->rsrq < -19 || w->rsrq > -3 || w->sinr < -20 ||
                   w->sinr > 30
               ? -1
               : 0;
}

/* ---- options -------------------------------------------------------------------------- */

typedef struct options {
    const char *out_dir;
    uint64_t seed;
    long long bench_n;
    double extent_km;
    const char *out_gnettrack, *out_xyz;
    int overwrite, quiet, help, version;
} options;

enum opt_kind { OPT_FLAG, OPT_STR, OPT_U64, OPT_LL, OPT_DBL };

typedef struct opt_def {
    const char *name, *arg;
    enum opt_kind kind;
    size_t offset;
    const char *help;
} opt_def;

/* One table drives both parsing and --help. */
static const opt_def opt_table[] = {
    {"out-dir", "DIR", OPT_STR, offsetof(options, out_dir),
     "demo mode: folder for the demo drives (default: current folder)"},
    {"seed", "N", OPT_U64, offsetof(options, seed),
     "seed of every random choice (default 20260101); same seed, same bytes"},
    {"bench", "N", OPT_LL, offsetof(options, bench_n),
     "benchmark mode: N LTE samples on a dense road network"},
    {"extent-km", "KM", OPT_DBL, offsetof(options, extent_km),
     "benchmark mode: side of the square area in km (default 20)"},
    {"out-gnettrack", "FILE", OPT_STR, offsetof(options, out_gnettrack),
     "benchmark mode: G-NetTrack CSV output (required with --bench)"},
    {"out-xyz", "FILE", OPT_STR, offsetof(options, out_xyz),
     "benchmark mode: x,y,z CSV (EPSG:32649 metres, z = RSRP) of the same points"},
    {"overwrite", NULL, OPT_FLAG, offsetof(options, overwrite), "replace existing output files"},
    {"quiet", NULL, OPT_FLAG, offsetof(options, quiet), "print nothing but errors"},
    {"help", NULL, OPT_FLAG, offsetof(options, help), "print this help and exit"},
    {"version", NULL, OPT_FLAG, offsetof(options, version), "print the version and exit"},
};
#define N_OPTS (sizeof opt_table / sizeof opt_table[0])

static void print_help(FILE *fp) {
    fprintf(fp, "Usage: dtmap-gen [--out-dir DIR] [--seed N] [--overwrite] [--quiet]\n"
                "       dtmap-gen --bench N [--extent-km KM] --out-gnettrack F.csv "
                "[--out-xyz F_xyz.csv] [--seed N]\n\n"
                "Writes a synthetic drive-test campaign in G-NetTrack Pro CSV format.\n"
                "Demo mode: five drives around Yangshuo (Guilin, Guangxi, China), LTE-only and\n"
                "NR SA phones, with a few deliberately bad rows (listed on stdout).\n"
                "Benchmark mode: N LTE samples around the same place; prints the extent used as\n"
                "\"extent EPSG:32649 XMIN,YMIN,XMAX,YMAX\" (multiples of 10 m).\n\nOptions:\n");
    for (size_t i = 0; i < N_OPTS; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", opt_table[i].name, opt_table[i].arg ? " " : "",
                 opt_table[i].arg ? opt_table[i].arg : "");
        fprintf(fp, "  %-22s %s\n", left, opt_table[i].help);
    }
    fprintf(fp, "\nExit status: 0 success, 1 runtime error, 2 usage error.\n");
}

/* Parses argv into *o. Returns 0, or -1 after printing a one-line hint to stderr. */
static int parse_args(int argc, char **argv, options *o) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "dtmap-gen: unexpected argument '%s' (try --help)\n", a);
            return -1;
        }
        a += 2;
        size_t len = strcspn(a, "=");
        if (a[len] == '=') val = a + len + 1;
        const opt_def *d = NULL;
        for (size_t k = 0; k < N_OPTS; k++)
            if (strlen(opt_table[k].name) == len && strncmp(opt_table[k].name, a, len) == 0)
                d = &opt_table[k];
        if (!d) {
            fprintf(stderr, "dtmap-gen: unknown option '%s' (try --help)\n", argv[i]);
            return -1;
        }
        char *field_ptr = (char *)o + d->offset;
        if (d->kind == OPT_FLAG) {
            if (val) {
                fprintf(stderr, "dtmap-gen: --%s takes no value\n", d->name);
                return -1;
            }
            *(int *)field_ptr = 1;
            continue;
        }
        if (!val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dtmap-gen: --%s needs a value (try --help)\n", d->name);
                return -1;
            }
            val = argv[++i];
        }
        char *end = NULL;
        errno = 0;
        switch (d->kind) {
        case OPT_STR:
            *(const char **)field_ptr = val;
            end = "";
            break;
        case OPT_U64:
            *(uint64_t *)field_ptr = strtoull(val, &end, 10);
            break;
        case OPT_LL:
            *(long long *)field_ptr = strtoll(val, &end, 10);
            break;
        case OPT_DBL:
            *(double *)field_ptr = strtod(val, &end);
            break;
        default:
            break;
        }
        if (errno || !end || *end || !*val) {
            fprintf(stderr, "dtmap-gen: --%s: invalid value '%s'\n", d->name, val);
            return -1;
        }
    }
    return 0;
}

/* ---- demo campaign -------------------------------------------------------------------- */

#define TOWN_NX 8
#define TOWN_NY 6

#define ROAD_N 13
#define LOOP_N 16

/* Demo geography in UTM metres: the town's street lattice (intersections with a little
 * jitter), the road to the scenic area (from lattice node 0,0) and the loop around it (loop[0]
 * is the road's end). Built once per run so every drive uses the same streets. */
typedef struct town {
    double x[TOWN_NY][TOWN_NX], y[TOWN_NY][TOWN_NX];
    double road[ROAD_N][2];
    double loop[LOOP_N][2];
} town;

static void town_build(town *tw, double ax, double ay, rng *r) {
    static const double xs[TOWN_NX] = {-1150, -880, -620, -360, -90, 170, 430, 680};
    static const double ys[TOWN_NY] = {-720, -470, -210, 50, 300, 560};
    for (int j = 0; j < TOWN_NY; j++)
        for (int i = 0; i < TOWN_NX; i++) {
            tw->x[j][i] = ax + xs[i] + rng_range(r, -25.0, 25.0) + 0.06 * ys[j];
            tw->y[j][i] = ay + ys[j] + rng_range(r, -25.0, 25.0) - 0.05 * xs[i];
        }
    /* the road: gentle bends between fixed way-marks, starting at the lattice corner */
    static const double p[ROAD_N][2] = {
        {0, 0},         {-1500, -820},  {-1900, -900},  {-2300, -1050}, {-2650, -1300},
        {-3050, -1500}, {-3450, -1650}, {-3800, -1900}, {-4150, -2150}, {-4500, -2300},
        {-4850, -2480}, {-5200, -2650}, {-5520, -2760}};
    tw->road[0][0] = tw->x[0][0];
    tw->road[0][1] = tw->y[0][0];
    for (int k = 1; k < ROAD_N; k++) {
        double bend = rng_range(r, -30.0, 30.0);
        tw->road[k][0] = ax + p[k][0] + bend;
        tw->road[k][1] = ay + p[k][1] - bend;
    }
    /* the loop: an uneven ellipse around the scenic centre through the road's end */
    const double cx = ax + SCENIC_DX, cy = ay + SCENIC_DY;
    const double sx = tw->road[ROAD_N - 1][0], sy = tw->road[ROAD_N - 1][1];
    const double a0 = atan2(sy - cy, sx - cx);
    tw->loop[0][0] = sx;
    tw->loop[0][1] = sy;
    for (int k = 1; k < LOOP_N; k++) {
        double a = a0 + 2.0 * PI * k / LOOP_N, rad = rng_range(r, 850.0, 1250.0);
        tw->loop[k][0] = cx + rad * cos(a);
        tw->loop[k][1] = cy + 0.8 * rad * sin(a);
    }
}

/* Random walk of nsteps edges over the town lattice from (*i, *j), no U-turns; stops at some
 * intersections (traffic lights). Updates *i, *j to the final node. */
static int town_walk(const town *tw, route *rt, int *i, int *j, int nsteps, rng *r) {
    int pdi = 0, pdj = 0;
    for (int s = 0; s < nsteps; s++) {
        static const int di[4] = {1, -1, 0, 0}, dj[4] = {0, 0, 1, -1};
        int di_ = 0, dj_ = 0;
        for (int tries = 0; tries < 20; tries++) {
            int d = rng_int(r, 4);
            int ni = *i + di[d], nj = *j + dj[d];
            if (ni < 0 || ni >= TOWN_NX || nj < 0 || nj >= TOWN_NY) continue;
            if (di[d] == -pdi && dj[d] == -pdj && tries < 19) continue;
            /* keep straight more often than not */
            if ((di[d] != pdi || dj[d] != pdj) && (pdi || pdj) && rng_u01(r) < 0.35 && tries < 10)
                continue;
            di_ = di[d];
            dj_ = dj[d];
            break;
        }
        if (!di_ && !dj_) continue;
        *i += di_;
        *j += dj_;
        pdi = di_;
        pdj = dj_;
        double stop = rng_u01(r) < 0.22 ? rng_range(r, 6.0, 40.0) : 0.0;
        if (route_add(rt, tw->x[*j][*i], tw->y[*j][*i], rng_range(r, 30.0, 42.0), stop) != 0)
            return -1;
    }
    return 0;
}

/* Straight grid path from (*i, *j) to (ti, tj): along the row first, then the column. */
static int town_goto(const town *tw, route *rt, int *i, int *j, int ti, int tj, rng *r) {
    while (*i != ti || *j != tj) {
        if (*i != ti)
            *i += *i < ti ? 1 : -1;
        else
            *j += *j < tj ? 1 : -1;
        double stop = rng_u01(r) < 0.2 ? rng_range(r, 6.0, 35.0) : 0.0;
        if (route_add(rt, tw->x[*j][*i], tw->y[*j][*i], rng_range(r, 32.0, 42.0), stop) != 0)
            return -1;
    }
    return 0;
}

/* Road from the town's south-west corner to the scenic loop (or back, reverse = 1); cruise
 * 42-50 km/h; one village stop. */
static int road(const town *tw, route *rt, int reverse, rng *r) {
    for (int k = 1; k < ROAD_N; k++) {
        int idx = reverse ? ROAD_N - 1 - k : k;
        double stop = (k == ROAD_N / 2) ? rng_range(r, 20.0, 45.0) : 0.0;
        if (route_add(rt, tw->road[idx][0], tw->road[idx][1], rng_range(r, 42.0, 50.0), stop) != 0)
            return -1;
    }
    return 0;
}

/* One lap of the scenic loop, from and back to the road's end; two photo stops; cruise 28-36
 * km/h. */
static int scenic_loop(const town *tw, route *rt, rng *r) {
    for (int k = 1; k <= LOOP_N; k++) {
        double stop = (k == 5 || k == 11) ? rng_range(r, 60.0, 150.0) : 0.0;
        const double *p = tw->loop[k % LOOP_N];
        if (route_add(rt, p[0], p[1], rng_range(r, 28.0, 36.0), stop) != 0) return -1;
    }
    return 0;
}

/* Demo network: five town sites, two along the road, two at the scenic area. */
static int demo_network(network *net, double ax, double ay, rng *r) {
    const unsigned B3 = 1u << L_B3, B41 = 1u << L_B41, N41 = 1u << L_N41, N78 = 1u << L_N78;
    static const struct {
        double dx, dy;
        int rural;
    } s[] = {{-700, -350, 0},   {-50, -520, 0},    {480, 250, 0},
             {-430, 420, 0},    {450, -420, 0},    {-2550, -1150, 1},
             {-4250, -2350, 1}, {-5700, -2450, 1}, {-6600, -3700, 1}};
    const unsigned extra[] = {B41 | N41, B41 | N78, B41 | N41, N78, B41 | N41, 0, 0, N41, 0};
    int cap = 0;
    memset(net, 0, sizeof *net);
    net->common_seed = rng_next(r);
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (network_add_site(net, &cap, ax + s[i].dx, ay + s[i].dy, s[i].rural, B3 | extra[i], r) !=
            0)
            return -1;
    return network_finish(net, 4000.0, r);
}

typedef struct drive_plan {
    const char *name;
    int y, mo, d, h, mi, s; /* local start time */
    int nr_capable;
    int kind; /* 0 town walk, 1 town + scenic */
    int steps;
    int bad_idx[2], bad_kind[2];
} drive_plan;

static const drive_plan plans[] = {
    {"town_lte", 2025, 11, 18, 9, 2, 11, 0, 0, 80, {0, 1212}, {BAD_ZERO_POS, BAD_NO_MEAS}},
    {"scenic_lte", 2025, 11, 18, 14, 10, 40, 0, 1, 12, {640, 1505}, {BAD_RANGE, BAD_UMTS}},
    {"town_nrsa", 2025, 11, 19, 10, 5, 2, 1, 0, 80, {1033, -1}, {BAD_TRUNC, 0}},
    {"scenic_nrsa", 2025, 11, 19, 15, 20, 30, 1, 1, 14, {777, -1}, {BAD_NONNUM, 0}},
    {"town_lte", 2025, 11, 20, 18, 30, 15, 0, 0, 55, {-1, -1}, {0, 0}},
};

/* Writes one drive; prints its bad rows unless quiet. Returns a dtmap status. */
static dtmap_status write_drive(const options *o, const drive_plan *pl, track *tr, size_t *rows,
                                dtmap_error *err) {
    char path[4096], ts[32], line[512];
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    dtmap_status st;
    double t0 = (double)days_from_civil(pl->y, pl->mo, pl->d) * 86400.0 + pl->h * 3600.0 +
                pl->mi * 60.0 + pl->s;
    format_time(t0, ts, sizeof ts);
    snprintf(path, sizeof path, "%s/%s_%s.csv", o->out_dir, pl->name, ts);
    st = dtmap_outfile_fopen(path, o->overwrite, &out, &fp, err);
    if (st != DTMAP_OK) goto done;
    fprintf(fp, "%s\n", HEADER);
    for (size_t i = 0; i < tr->n; i++) {
        format_row(&tr->v[i], line, sizeof line);
        fputs(line, fp);
        if (tr->v[i].bad != BAD_NONE && !o->quiet)
            printf("%s:%zu: %s\n", path, i + 2, bad_text[tr->v[i].bad]);
    }
    *rows += tr->n;
    st = dtmap_outfile_close_commit(&out, fp, err);
    fp = NULL;
done:
    if (fp) {
        fclose(fp);
        dtmap_outfile_abort(&out);
    }
    return st;
}

static dtmap_status run_demo(const options *o, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmap_crs *crs = NULL;
    network net = {0};
    route rt = {0};
    track tr = {0};
    town tw;
    rng r;
    double ax, ay;
    size_t total = 0;
    rng_seed(&r, o->seed);
    st = dtmap_crs_create(GRID_CRS, ANCHOR_LON, ANCHOR_LAT, &crs, err);
    if (st != DTMAP_OK) goto done;
    {
        double lon = ANCHOR_LON, lat = ANCHOR_LAT;
        st = dtmap_crs_forward(crs, &lon, &lat, 1, &ax, &ay, err);
        if (st != DTMAP_OK) goto done;
    }
    if (demo_network(&net, ax, ay, &r) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
        goto done;
    }
    town_build(&tw, ax, ay, &r);
    st = dtmap_mkdir_p(o->out_dir, err);
    if (st != DTMAP_OK) goto done;
    for (size_t p = 0; p < sizeof plans / sizeof plans[0]; p++) {
        const drive_plan *pl = &plans[p];
        int i = 2 + rng_int(&r, 4), j = 1 + rng_int(&r, 4);
        int fail = 0;
        rt.n = 0;
        tr.n = 0;
        fail |= route_add(&rt, tw.x[j][i], tw.y[j][i], 30.0, 0.0);
        if (pl->kind == 0) {
            fail |= town_walk(&tw, &rt, &i, &j, pl->steps, &r);
        } else {
            fail |= town_walk(&tw, &rt, &i, &j, pl->steps, &r);
            fail |= town_goto(&tw, &rt, &i, &j, 0, 0, &r);
            fail |= road(&tw, &rt, 0, &r);
            fail |= scenic_loop(&tw, &rt, &r);
            if (pl->nr_capable) fail |= scenic_loop(&tw, &rt, &r);
            fail |= road(&tw, &rt, 1, &r);
            fail |= town_walk(&tw, &rt, &i, &j, pl->steps / 2, &r);
        }
        double t0 = (double)days_from_civil(pl->y, pl->mo, pl->d) * 86400.0 + pl->h * 3600.0 +
                    pl->mi * 60.0 + pl->s - 1.0;
        if (fail || drive(&rt, t0, &r, &tr, (size_t)-1) != 0) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
            goto done;
        }
        phone ph;
        phone_init(&ph, pl->nr_capable);
        for (size_t k = 0; k < tr.n; k++) {
            if (phone_measure(&ph, &net, tr.v[k].x, tr.v[k].y, &r, &tr.v[k]) != 0) {
                st = dtmap_error_set(err, DTMAP_ERR_EMPTY, "internal: no cell at %.0f,%.0f",
                                     tr.v[k].x, tr.v[k].y);
                goto done;
            }
            if (row_in_range(&tr.v[k]) != 0) {
                st = dtmap_error_set(err, DTMAP_ERR_EMPTY,
                                     "internal: %s row %zu out of range (RSRP %d RSRQ %d SINR %d)",
                                     pl->name, k + 2, tr.v[k].rsrp, tr.v[k].rsrq, tr.v[k].sinr);
                goto done;
            }
        }
        for (int b = 0; b < 2; b++)
            if (pl->bad_idx[b] >= 0 && (size_t)pl->bad_idx[b] < tr.n)
                tr.v[pl->bad_idx[b]].bad = pl->bad_kind[b];
        st = track_geo(crs, &tr, err);
        if (st != DTMAP_OK) goto done;
        st = write_drive(o, pl, &tr, &total, err);
        if (st != DTMAP_OK) goto done;
    }
    if (!o->quiet)
        printf("wrote %zu rows in %zu files to %s (seed %llu)\n", total,
               sizeof plans / sizeof plans[0], o->out_dir, (unsigned long long)o->seed);
done:
    free(tr.v);
    free(rt.v);
    network_free(&net);
    dtmap_crs_destroy(crs);
    return st;
}

/* ---- benchmark campaign --------------------------------------------------------------- */

/* Road lattice of the benchmark: nodes every ~400 m with jitter, 4-neighbour edges. */
typedef struct lattice_net {
    int nx, ny;
    double *x, *y;
} lattice_net;

static dtmap_status run_bench(const options *o, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    dtmap_crs *crs = NULL;
    network net = {0};
    lattice_net lat = {0};
    route rt = {0};
    track tr = {0};
    dtmap_outfile out_g = {0}, out_z = {0};
    FILE *fg = NULL, *fz = NULL;
    double *buf = NULL;
    char line[512];
    rng r;
    double ax, ay;
    rng_seed(&r, o->seed);
    st = dtmap_crs_create(GRID_CRS, ANCHOR_LON, ANCHOR_LAT, &crs, err);
    if (st != DTMAP_OK) goto done;
    {
        double lon = ANCHOR_LON, la = ANCHOR_LAT;
        st = dtmap_crs_forward(crs, &lon, &la, 1, &ax, &ay, err);
        if (st != DTMAP_OK) goto done;
    }
    /* extent: a square of extent_km centred on the town, edges on multiples of 10 m */
    double half = round(o->extent_km * 1000.0 / 20.0) * 10.0;
    double cx = round(ax / 10.0) * 10.0, cy = round(ay / 10.0) * 10.0;
    double xmin = cx - half, xmax = cx + half, ymin = cy - half, ymax = cy + half;
    /* sites: jittered hexagonal layout, 900 m apart, covering the extent plus 2 km */
    {
        int cap = 0;
        const double isd = 900.0, rowh = isd * 0.8660254037844386;
        net.common_seed = rng_next(&r);
        int row_i = 0;
        for (double y = ymin - 2000.0; y <= ymax + 2000.0; y += rowh, row_i++)
            for (double x = xmin - 2000.0 + (row_i % 2) * isd / 2.0; x <= xmax + 2000.0; x += isd)
                if (network_add_site(&net, &cap, x + rng_range(&r, -60.0, 60.0),
                                     y + rng_range(&r, -60.0, 60.0), 0, 1u << L_B3, &r) != 0)
                    goto nomem;
        if (network_finish(&net, 2000.0, &r) != 0) goto nomem;
    }
    /* road lattice, 150 m inside the extent */
    {
        const double spacing = 400.0, inset = 150.0;
        lat.nx = (int)((xmax - xmin - 2.0 * inset) / spacing) + 1;
        lat.ny = (int)((ymax - ymin - 2.0 * inset) / spacing) + 1;
        if (lat.nx < 2 || lat.ny < 2) {
            st = dtmap_error_set(err, DTMAP_ERR_USAGE, "--extent-km %g is too small (min 1)",
                                 o->extent_km);
            goto done;
        }
        lat.x = malloc((size_t)lat.nx * lat.ny * sizeof *lat.x);
        lat.y = malloc((size_t)lat.nx * lat.ny * sizeof *lat.y);
        if (!lat.x || !lat.y) goto nomem;
        double sx = (xmax - xmin - 2.0 * inset) / (lat.nx - 1);
        double sy = (ymax - ymin - 2.0 * inset) / (lat.ny - 1);
        double jit = fmin(sx, sy) * 0.25;
        for (int j = 0; j < lat.ny; j++)
            for (int i = 0; i < lat.nx; i++) {
                double dx = (i == 0 || i == lat.nx - 1) ? 0.0 : rng_range(&r, -jit, jit);
                double dy = (j == 0 || j == lat.ny - 1) ? 0.0 : rng_range(&r, -jit, jit);
                lat.x[j * lat.nx + i] = xmin + inset + i * sx + dx;
                lat.y[j * lat.nx + i] = ymin + inset + j * sy + dy;
            }
    }
    st = dtmap_outfile_fopen(o->out_gnettrack, o->overwrite, &out_g, &fg, err);
    if (st != DTMAP_OK) goto done;
    if (o->out_xyz) {
        st = dtmap_outfile_fopen(o->out_xyz, o->overwrite, &out_z, &fz, err);
        if (st != DTMAP_OK) goto done;
        fputs("x,y,z\n", fz);
    }
    fprintf(fg, "%s\n", HEADER);
    {
        size_t done_rows = 0, total = (size_t)o->bench_n;
        double day0 = (double)days_from_civil(2025, 3, 1) * 86400.0;
        int drive_no = 0;
        while (done_rows < total) {
            /* one drive: a random walk of 60 edges over the lattice, ~1 hour */
            int i = rng_int(&r, lat.nx), j = rng_int(&r, lat.ny), pdi = 0, pdj = 0;
            rt.n = 0;
            tr.n = 0;
            if (route_add(&rt, lat.x[j * lat.nx + i], lat.y[j * lat.nx + i], 40.0, 0.0) != 0)
                goto nomem;
            for (int s = 0; s < 60; s++) {
                static const int di[4] = {1, -1, 0, 0}, dj[4] = {0, 0, 1, -1};
                int d, ni, nj, tries = 0;
                do {
                    d = rng_int(&r, 4);
                    ni = i + di[d];
                    nj = j + dj[d];
                } while ((ni < 0 || ni >= lat.nx || nj < 0 || nj >= lat.ny ||
                          (di[d] == -pdi && dj[d] == -pdj)) &&
                         ++tries < 50);
                if (ni < 0 || ni >= lat.nx || nj < 0 || nj >= lat.ny) break;
                i = ni;
                j = nj;
                pdi = di[d];
                pdj = dj[d];
                double stop = rng_u01(&r) < 0.08 ? rng_range(&r, 5.0, 30.0) : 0.0;
                if (route_add(&rt, lat.x[j * lat.nx + i], lat.y[j * lat.nx + i],
                              rng_range(&r, 30.0, 50.0), stop) != 0)
                    goto nomem;
            }
            double t0 = day0 + drive_no * 86400.0 + 8 * 3600.0 + rng_int(&r, 8 * 3600);
            if (drive(&rt, t0, &r, &tr, total - done_rows) != 0) goto nomem;
            drive_no++;
            phone ph;
            phone_init(&ph, 0);
            for (size_t k = 0; k < tr.n; k++) {
                if (phone_measure(&ph, &net, tr.v[k].x, tr.v[k].y, &r, &tr.v[k]) != 0 ||
                    row_in_range(&tr.v[k]) != 0) {
                    st = dtmap_error_set(err, DTMAP_ERR_EMPTY,
                                         "internal: bad sample at %.0f,%.0f (RSRP %d SINR %d)",
                                         tr.v[k].x, tr.v[k].y, tr.v[k].rsrp, tr.v[k].sinr);
                    goto done;
                }
            }
            st = track_geo(crs, &tr, err);
            if (st != DTMAP_OK) goto done;
            /* x,y of exactly the printed lon/lat */
            free(buf);
            buf = malloc(tr.n * 2 * sizeof *buf + 1);
            if (!buf) goto nomem;
            for (size_t k = 0; k < tr.n; k++) {
                buf[k] = tr.v[k].lon;
                buf[tr.n + k] = tr.v[k].lat;
            }
            st = dtmap_crs_forward(crs, buf, buf + tr.n, tr.n, buf, buf + tr.n, err);
            if (st != DTMAP_OK) goto done;
            for (size_t k = 0; k < tr.n; k++) {
                format_row(&tr.v[k], line, sizeof line);
                fputs(line, fg);
                if (fz) {
                    char xs[32], ys[32];
                    format_fixed(buf[k], 6, xs, sizeof xs);
                    format_fixed(buf[tr.n + k], 6, ys, sizeof ys);
                    fprintf(fz, "%s,%s,%d\n", xs, ys, tr.v[k].rsrp);
                }
            }
            done_rows += tr.n;
        }
        if (!o->quiet) printf("wrote %zu samples in %d drives\n", done_rows, drive_no);
    }
    st = dtmap_outfile_close_commit(&out_g, fg, err);
    fg = NULL;
    if (st != DTMAP_OK) goto done;
    if (fz) {
        st = dtmap_outfile_close_commit(&out_z, fz, err);
        fz = NULL;
        if (st != DTMAP_OK) goto done;
    }
    printf("extent %s %.0f,%.0f,%.0f,%.0f\n", GRID_CRS, xmin, ymin, xmax, ymax);
    goto done;
nomem:
    st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "out of memory");
done:
    if (fg) {
        fclose(fg);
        dtmap_outfile_abort(&out_g);
    }
    if (fz) {
        fclose(fz);
        dtmap_outfile_abort(&out_z);
    }
    free(buf);
    free(tr.v);
    free(rt.v);
    free(lat.x);
    free(lat.y);
    network_free(&net);
    dtmap_crs_destroy(crs);
    return st;
}

int main(int argc, char **argv) {
    options o = {".", DEFAULT_SEED, 0, 20.0, NULL, NULL, 0, 0, 0, 0};
    dtmap_error err;
    dtmap_status st;
    dtmap_error_clear(&err);
    if (parse_args(argc, argv, &o) != 0) return 2;
    if (o.help) {
        print_help(stdout);
        return 0;
    }
    if (o.version) {
        printf("dtmap-gen %s\n", DTMAP_VERSION);
        return 0;
    }
    if (o.bench_n < 0 || (o.bench_n > 0 && !o.out_gnettrack) ||
        (!o.bench_n && (o.out_gnettrack || o.out_xyz)) || !(o.extent_km >= 1.0) ||
        o.extent_km > 500.0) {
        fprintf(stderr, "dtmap-gen: --bench N (N > 0) needs --out-gnettrack, and --extent-km "
                        "must be 1..500 (try --help)\n");
        return 2;
    }
    model_init();
    st = o.bench_n ? run_bench(&o, &err) : run_demo(&o, &err);
    if (st != DTMAP_OK) {
        fprintf(stderr, "dtmap-gen: %s: %s\n", dtmap_strerror(st), err.detail);
        return st == DTMAP_ERR_USAGE ? 2 : 1;
    }
    return 0;
}
