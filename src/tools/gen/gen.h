/* gen.h: private header of dtmap-gen, the seeded synthetic drive-test campaign generator. */
/*
 * Reading order (one file per concept):
 *   rng.c        random numbers (xoshiro256**) and seeded value noise (shadowing fields)
 *   radio.c      carrier layers, the network of sites and sectors, received power per sector
 *   phone.c      a phone on the network: cell selection, SA fallback, RSRP/RSRQ/SINR of a row
 *   drive.c      routes, driving along them (speed, stops) and the logged track
 *   fmt.c        time and number formatting shared by the writers
 *   gnettrack.c  the G-NetTrack Pro CSV row writer and its deliberate defects
 *   town.c       the demo geography: Yangshuo's street lattice, the road, the scenic loop
 *   demo.c       the demo campaign (five G-NetTrack drives, then devices.c)
 *   modem.c      a receiver on given layers: serving cell, neighbours, device losses
 *   devices.c    the 2026-03-14 drives and their four device logs:
 *     nmea.c       GNSS puck: satellites, DOP, NMEA 0183
 *     at_redcap.c  Quectel RG255C (RedCap, NR SA) AT+QENG transcript
 *     at_nbiot.c   NB-IoT module AT+NUESTATS transcript, ECL
 *     nemo.c       Nemo Outdoor .nmf UE log
 *   bench.c      the benchmark campaign
 *   bench_areas.c  its weak-coverage holes and the town polygons of its areas file
 *   options.c    the option table, --help and argument parsing
 *   main.c       dispatch
 * Everything random comes from one splitmix64-seeded xoshiro256** stream or from a stateless
 * hash (noise fields), so the same seed gives byte-identical files.
 */
#ifndef DTMAP_GEN_H
#define DTMAP_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dtmap/crs.h"
#include "dtmap/status.h"

#define PI 3.14159265358979323846
#define DEFAULT_SEED 20260101ULL
#define GRID_CRS "EPSG:32649"
#define ANCHOR_LON 110.4900 /* Yangshuo county town, near West Street (approximate) */
#define ANCHOR_LAT 24.7780
#define SCENIC_DX (-6070.0) /* lower Yulong River near Gongnong Bridge, ~110.430E 24.750N */
#define SCENIC_DY (-3100.0)
#define NO_VALUE (-99999)
#define SHADOW_SIGMA_DB 7.5
#define PRUNE_DB 36.0 /* sectors this far below the strongest (before shadowing) are ignored */

/* ---- rng.c ---------------------------------------------------------------------------- */

typedef struct rng {
    uint64_t s[4];
} rng;

/* splitmix64 step: advances *state and returns the next output. */
uint64_t splitmix64(uint64_t *state);
/* Seeds r from seed through splitmix64. */
void rng_seed(rng *r, uint64_t seed);
/* Next 64 random bits (xoshiro256**). */
uint64_t rng_next(rng *r);
/* Uniform in [0, 1). */
double rng_u01(rng *r);
/* Uniform in [lo, hi). */
double rng_range(rng *r, double lo, double hi);
/* Uniform integer in 0..n-1. */
int rng_int(rng *r, int n);
/* Bounded, roughly normal noise with standard deviation sigma (|value| <= 3 sigma). */
double rng_bnormal(rng *r, double sigma);
/* Sets the value-noise normalisation; call once before noise_field (model_init does). */
void noise_init(void);
/* Seeded spatial noise at (x, y) metres: two octaves (50 m and 250 m cells), unit variance on
 * average, stateless. */
double noise_field(uint64_t seed, double x, double y);

/* ---- radio.c -------------------------------------------------------------------------- */

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
    int arfcn;        /* EARFCN (LTE, NB-IoT) or NR-ARFCN of the carrier */
    int band;         /* 3GPP operating band */
} layer;

/* L_NB (NB-IoT in-band in the band 3 carrier) is only carried where network_add_overlay put it:
 * network_finish never creates its sectors, so adding it changed no other layer's draws. */
enum { L_B3, L_B41, L_N41, L_N78, L_NB, L_COUNT };

extern const layer layers[L_COUNT];

/* Fills the model's derived constants: noise normalisation and per-layer loss at 1 m. */
void model_init(void);

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
    int pci;        /* physical cell id (LTE 0..503, NR 0..1007), from the site and sector */
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

/* Frees what net owns and zeroes it. Accepts a zeroed network. */
void network_free(network *net);
/* Adds a site (draws its height, tilt and shadowing seed from r); *cap is the sites array's
 * capacity. Returns 0 or -1 when out of memory. Sectors are added by network_finish. */
int network_add_site(network *net, int *cap, double x, double y, int rural, unsigned layer_mask,
                     rng *r);
/* Creates three sectors per layer per site and the bucket index; sites further than reach_m
 * are ignored by radio_eval. Returns 0 or -1 (memory). */
int network_finish(network *net, double reach_m, rng *r);

/* Gives every site carrying from_layer one more sector on to_layer per from_layer sector (same
 * azimuth and PCI, cell ids 0x31.., loads drawn from r): an in-band carrier on the same antennas.
 * Returns 0 or -1 (memory; net is unchanged then). */
int network_add_overlay(network *net, int to_layer, int from_layer, rng *r);

/* One sector's received power at a point. */
typedef struct rx {
    int sector;
    double dbm;
} rx;

/* Evaluates every sector of the layers in layer_mask within reach of (x, y); writes at most cap
 * entries to out and returns how many. Sectors far below the strongest are pruned. */
int radio_eval(const network *net, double x, double y, unsigned layer_mask, rx *out, int cap);

/* ---- phone.c -------------------------------------------------------------------------- */

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
    int bad;           /* injected defect, enum bad_kind */
    double speed_ms;   /* true speed at the tick (route_drive) */
    double course_deg; /* heading of the road segment, clockwise from grid north, 0..360 */
} row;

typedef struct phone {
    int nr_capable;  /* NR SA phone (falls back to LTE) or LTE-only phone */
    int on_nr;       /* currently camped on NR */
    int serving[2];  /* serving sector per RAT (0 LTE, 1 NR), -1 none */
    int better_s[2]; /* seconds a neighbour has been better than the serving cell */
    int mode_s;      /* seconds the RAT-change condition has held */
    double share;    /* this phone's share of the cell's throughput, slowly varying */
} phone;

/* Resets *p: no serving cell, on LTE. */
void phone_init(phone *p, int nr_capable);
/* Picks the serving cell of one RAT (rat 0 LTE, 1 NR) among the n cells of v: hand over when a
 * neighbour is 2 dB stronger. Returns the index into v of the serving cell, or -1 if n is 0. */
int select_cell(phone *p, int rat, const rx *v, int n);
/* Linear SINR of cell is among the n cells of v: its power over the load-weighted power of the
 * co-channel cells plus noise_dbm (per resource element); also returns the three powers in mW. */
double cell_sinr(const network *net, const rx *v, int n, int is, double noise_dbm, double *s_mw,
                 double *i_mw, double *n_mw);
/* Fills the measurement fields of *w for the phone at (x, y). Returns 0, or -1 if no cell. */
int phone_measure(phone *p, const network *net, double x, double y, rng *r, row *w);

/* ---- modem.c -------------------------------------------------------------------------- */

/* A device measuring a set of layers: modems (RedCap, NB-IoT) and drive-test UEs. */
typedef struct receiver {
    unsigned layer_mask; /* layers it may camp on */
    double loss_db;      /* antenna or installation loss against the phone model */
    double nf_extra_db;  /* noise figure above the layer's 7 dB */
    phone sel;           /* serving-cell memory (select_cell, rat 0) */
} receiver;

#define MEAS_NBR 8

/* One measurement: the serving cell, noise included, and the strongest neighbours. */
typedef struct cell_meas {
    int sector;                                  /* serving sector, -1 when there is none */
    double rsrp_dbm, rsrq_db, sinr_db, rssi_dbm; /* RSSI over the layer's n_rb blocks */
    int nnbr;
    rx nbr[MEAS_NBR]; /* co-channel neighbours, strongest first, loss and fading included */
} cell_meas;

/* Resets *rc: no serving cell yet. */
void receiver_init(receiver *rc, unsigned layer_mask, double loss_db, double nf_extra_db);
/* Measures at (x, y) and fills *m (hand over when a cell is 2 dB stronger). Returns 0, or -1
 * when no cell of the layers is in reach (m->sector is -1 then). */
int receiver_measure(receiver *rc, const network *net, double x, double y, rng *r, cell_meas *m);

/* ---- drive.c -------------------------------------------------------------------------- */

typedef struct waypoint {
    double x, y;
    double cruise_kmh; /* cruise speed of the segment that starts here */
    double stop_s;     /* seconds stopped on arrival (traffic light, photo stop) */
} waypoint;

typedef struct route {
    waypoint *v;
    size_t n, cap;
} route;

/* Samples of a drive: positions every logging tick. */
typedef struct track {
    row *v;
    size_t n, cap;
} track;

/* Appends a waypoint. Returns 0 or -1 (memory); rt->v is freed by the caller. */
int route_add(route *rt, double x, double y, double cruise_kmh, double stop_s);
/* Appends a copy of *w. Returns 0 or -1 (memory); tr->v is freed by the caller. */
int track_push(track *tr, const row *w);
/* Drives rt from its first waypoint, logging one row per tick (1 s; with probability skip_p a
 * 2 s tick) starting one tick after t0 into tr (position with 1.5 m of GPS noise, speed, time).
 * Returns 0 or -1 (memory). Stops after max_rows rows. */
int route_drive(const route *rt, double t0, double skip_p, rng *r, track *tr, size_t max_rows);
/* Position at time t on a track of increasing times, linear between ticks, clamped to its
 * ends. tr must not be empty. */
void track_at(const track *tr, double t, double *x, double *y);
/* Converts the track's x/y to lon/lat rounded to 1e-6 degree. Returns a dtmap status. */
dtmap_status track_geo(const dtmap_crs *crs, track *tr, dtmap_error *err);

/* ---- fmt.c ---------------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long days_from_civil(int y, int m, int d);
/* Seconds since 1970 of a civil date and time (no zone arithmetic). */
double civil_seconds(int y, int mo, int d, int h, int mi, double s);
/* Formats t (seconds since 1970, any zone) with strftime's fmt, whole seconds. */
void format_time_fmt(double t, const char *fmt, char *buf, size_t size);
/* G-NetTrack timestamp "YYYY.MM.DD_HH.MM.SS" of t. */
void format_time(double t, char *buf, size_t size);
/* Writes v with a fixed number of decimals (0..6; v rounded to that many). */
void format_fixed(double v, int decimals, char *buf, size_t size);

/* Local time with milliseconds: strftime(fmt) of t's whole second, then ".mmm" (t rounded to
 * the millisecond first, so 09:21:07.9996 prints as 09:21:08.000). */
void format_stamp_ms(double t, const char *fmt, char *buf, size_t size);
/* Prints "path:line: what" on stdout unless quiet: the demo's list of deliberate defects. */
void print_bad(int quiet, const char *path, long line, const char *what);

/* ---- gnettrack.c ---------------------------------------------------------------------- */

#define GNETTRACK_HEADER                                                                           \
    "Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR,CQI,"        \
    "RSSI,DL_bitrate,UL_bitrate,State,PINGAVG,PINGMIN,PINGMAX,PINGSTDEV,PINGLOSS,CELLHEX,"         \
    "NODEHEX,LACHEX,RAWCELLID,NRxRSRP,NRxRSRQ"

enum bad_kind { BAD_NONE, BAD_ZERO_POS, BAD_NO_MEAS, BAD_RANGE, BAD_UMTS, BAD_TRUNC, BAD_NONNUM };

/* One line of text describing a defect kind ("" for BAD_NONE). */
const char *bad_text(int kind);
/* Formats one G-NetTrack row (with its newline, defect applied) into buf; returns its length. */
int format_row(const row *w, char *buf, size_t size);
/* Clamps the RSRP, RSRQ and SINR of *w to the reporting range of its RAT, as a UE reports a
 * value beyond the range as the range's end (36.133/38.133: "RSRQ_00: below -19.5 dB"), so
 * weak-coverage cell edges (SINR -7 dB gives RSRQ about -20 dB) still make valid rows. */
void row_clamp_report(row *w);
/* Reporting-range check of a generated row: 0 if in range (or a deliberately bad row). */
int row_in_range(const row *w);

/* ---- options.c ------------------------------------------------------------------------ */

typedef struct options {
    const char *out_dir;
    uint64_t seed;
    long long bench_n;
    double extent_km;
    const char *out_gnettrack, *out_xyz;
    int overwrite, quiet, help, version;
    long long bench_gaps;    /* weak-coverage holes: sites left out within GAP_RADIUS_M */
    const char *bench_areas; /* GeoJSON of town polygons over the extent (NULL: none) */
    long long bench_towns;   /* how many (default 50) */
} options;

/* Prints the usage and the option table to fp. */
void print_help(FILE *fp);
/* Parses argv into *o. Returns 0, or -1 after printing a one-line hint to stderr. */
int parse_args(int argc, char **argv, options *o);

/* ---- town.c --------------------------------------------------------------------------- */

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

/* Builds the geography around the anchor (ax, ay), drawing its jitter from r. */
void town_build(town *tw, double ax, double ay, rng *r);
/* Random walk of nsteps edges over the lattice from (*i, *j), no U-turns, stops at some
 * crossings; updates *i, *j. Returns 0 or -1 (memory). */
int town_walk(const town *tw, route *rt, int *i, int *j, int nsteps, rng *r);
/* Straight grid path from (*i, *j) to (ti, tj): along the row first, then the column. */
int town_goto(const town *tw, route *rt, int *i, int *j, int ti, int tj, rng *r);
/* The road from the town's corner to the scenic loop (or back, reverse = 1). */
int town_road(const town *tw, route *rt, int reverse, rng *r);
/* One lap of the scenic loop from and back to the road's end, with two photo stops. */
int town_scenic_loop(const town *tw, route *rt, rng *r);
/* The same lap, with the photo stops only if photo_stops is set (a measurement drive does not
 * stop for photos). Returns 0 or -1 (memory). */
int town_scenic_lap(const town *tw, route *rt, int photo_stops, rng *r);
/* The demo network: five town sites, two along the road, two at the scenic area. Returns 0 or
 * -1 (memory); net is freed by the caller with network_free. */
int demo_network(network *net, double ax, double ay, rng *r);

/* ---- devices.c, nmea.c, at_redcap.c, at_nbiot.c, nemo.c ------------------------------- */

#define TZ_OFFSET_S (8 * 3600.0) /* China Standard Time: local = UTC + 8 h, no DST */

/* What a device writer reads: the drive (track times are local, positions UTM metres and
 * rounded lon/lat, at least two ticks), the network, and the random stream it draws from. */
typedef struct devctx {
    const options *o;
    const network *net;
    const track *tr;
    rng *r;
} devctx;

/* Each writer writes one file at path (atomically, see fileio.h), prints its deliberate defects
 * with print_bad and returns a dtmap status. */
dtmap_status nmea_write(const devctx *d, const char *path, dtmap_error *err);
dtmap_status redcap_write(const devctx *d, const char *path, dtmap_error *err);
dtmap_status nbiot_write(const devctx *d, const char *path, dtmap_error *err);
dtmap_status nemo_write(const devctx *d, const char *path, dtmap_error *err);

/* The 2026-03-14 drives: adds the NB-IoT overlay to net, drives the town with a GNSS puck, a
 * RedCap and an NB-IoT module, and the scenic route with a Nemo UE, drawing from r; writes four
 * files into o->out_dir and adds their count to *files. Returns a dtmap status. */
dtmap_status demo_devices(const options *o, const dtmap_crs *crs, network *net, const town *tw,
                          rng *r, size_t *files, dtmap_error *err);

/* ---- demo.c, bench.c ------------------------------------------------------------------ */

/* Writes the demo campaign into o->out_dir. Returns a dtmap status (detail in *err). */
dtmap_status run_demo(const options *o, dtmap_error *err);
/* Writes the benchmark campaign (o->bench_n samples). Returns a dtmap status. */
dtmap_status run_bench(const options *o, dtmap_error *err);

/* ---- bench_areas.c -------------------------------------------------------------------- */

#define GAP_RADIUS_M 1500.0 /* no site within this of a hole's centre: RSRP about -115 there */
#define GAP_INSET_M 3000.0  /* hole centres stay this far inside the extent */

/* The benchmark's square extent in EPSG:32649 metres. */
typedef struct bench_extent {
    double xmin, ymin, xmax, ymax;
} bench_extent;

/* Draws n hole centres (x into cx[i], y into cy[i]) inside ext from their own stream of seed,
 * so that the rest of the campaign draws as without holes. Returns 0, or -1 if the extent is
 * too small to hold a hole (side under 2 * GAP_INSET_M). */
int bench_gaps(uint64_t seed, const bench_extent *ext, int n, double *cx, double *cy);
/* 1 when (x, y) lies within GAP_RADIUS_M of one of the n hole centres. */
int bench_in_gap(double x, double y, int n, const double *cx, const double *cy);
/* Writes o->bench_towns town polygons ("Town 01"..., 1 to 2.3 km across, 500 m apart) over
 * ext as a WGS 84 GeoJSON FeatureCollection to o->bench_areas (atomically), drawn from their
 * own stream of o->seed. Errors: DTMAP_ERR_USAGE when the towns do not fit the extent, PROJ
 * and file errors as dtmap statuses. */
dtmap_status bench_write_areas(const options *o, const dtmap_crs *crs, const bench_extent *ext,
                               dtmap_error *err);

#endif
