/* nemo.c: the Nemo Outdoor UE log (.nmf, file format 2.27) of the 2026-03-14 scenic drive: an
 * LTE FDD phone locked to band 3, with GPS about 1 Hz and CELLMEAS + CI about 2 Hz. */
/*
 * Times are local (UTC+8) without a zone; the date is only in #START and #STOP ("14.3.2026").
 * Event shapes follow the real UE logs in ../shared/data/real/nemo/: GPS longitude first;
 * CELLMEAS with system 7 (LTE FDD), 0 header parameters, 9 parameters per cell (cell type 0
 * serving / 2 neighbour, band code 70003 = E-UTRA band 3, EARFCN, PCI, RSSI, RSRP, RSRQ, timing,
 * path loss; neighbours leave the last two empty); CI with the SINR of the better receive
 * branch first, then both branches. RRCSM (measurement reports, handover commands) and PHRATE
 * lines are there so that readers must skip events they do not map; their payloads are filler.
 * The timing field is made up (a per-cell offset plus the distance in LTE basic time units).
 */
#include <math.h>
#include <stdio.h>

#include "dtmap/fileio.h"
#include "gen.h"

#define NEMO_BAND 70003 /* Nemo's band code: 7xxxx LTE FDD band xx, 8xxxx LTE TDD */
#define NEMO_MAX_NBR 3
#define NEMO_NBR_WINDOW_DB 20.0

static const char *const header[] = {"#PRODUCT,,,\"NEMO OUTDOOR\",\"7.8.0.8\"",
                                     "#FF,,,\"2.27\"",
                                     NULL /* #ID */,
                                     "#AG,,,0.00",
                                     "#BF,,,\"\"",
                                     "#BTSTEMPLATE,,,\"\"",
                                     "#CELLWHITELIST,,,\"\"",
                                     "#CL,,,0.00",
                                     "#DL,,,\"\"",
                                     "#DN,,,\"Qualcomm\"",
                                     "#DS,,,5,1,5,7,8,20",
                                     "#DT,,,1",
                                     "#SERVER,,,1,,",
                                     "#EI,,,\"000000000000000\"",
                                     "#HV,,,\"7.8.0.8\"",
                                     "#HW,,,\"synthetic UE\",\"\",\"\"",
                                     "#NN,,,\"\"",
                                     "#PC,,,0",
                                     "#SI,,,\"460000000000000\"",
                                     "#SP,,,\"\"",
                                     "#SW,,,\"dtmap-gen (synthetic, nothing measured)\"",
                                     "#TS,,,\"\"",
                                     "#UT,,,480,480",
                                     "#MM,,,1"};

/* "hh:mm:ss.mmm" of a local time. */
static void hms_ms(double t, char *buf, size_t size) {
    format_stamp_ms(t, "%H:%M:%S", buf, size);
}

/* Writes one CELLMEAS and its CI for measurement m at (x, y). Neighbours below -140 dBm (the
 * LTE reporting floor) or with RSRQ below -30 dB are not reported. Returns 0, or -1 (nothing
 * written) when a receive branch's SINR falls outside -23..40 dB. */
static int write_cellmeas(FILE *fp, const char *ts, const network *net, const cell_meas *m,
                          double x, double y, rng *r) {
    const sector *c = &net->sectors[m->sector];
    const layer *L = &layers[c->layer];
    const site *s = &net->sites[c->site];
    int nn = 0;
    double nrsrq[NEMO_MAX_NBR];
    const rx *nb[NEMO_MAX_NBR];
    for (int i = 0; i < m->nnbr && nn < NEMO_MAX_NBR; i++) {
        double q = 20.0 + m->nbr[i].dbm - m->rssi_dbm; /* RSRQ = N x RSRP / RSSI, N = 100 */
        if (m->nbr[i].dbm < m->rsrp_dbm - NEMO_NBR_WINDOW_DB || m->nbr[i].dbm < -140.0 || q < -30.0)
            continue;
        nrsrq[nn] = q;
        nb[nn++] = &m->nbr[i];
    }
    double b0 = m->sinr_db + rng_bnormal(r, 1.0), b1 = m->sinr_db - 1.0 + rng_bnormal(r, 1.5);
    if (b0 < -23.0 || b0 > 40.0 || b1 < -23.0 || b1 > 40.0) return -1;
    double d = hypot(x - s->x, y - s->y);
    long timing = 100000 + (c->pci * 7919L) % 100000 + lround(d / 9.77);
    fprintf(fp, "CELLMEAS,%s,,7,0,%d,9,0,%d,%d,%d,%.1f,%.1f,%.1f,%ld,%.1f", ts, nn + 1, NEMO_BAND,
            L->arfcn, c->pci, m->rssi_dbm, m->rsrp_dbm, m->rsrq_db, timing,
            L->epre_dbm - m->rsrp_dbm);
    for (int i = 0; i < nn; i++)
        fprintf(fp, ",2,%d,%d,%d,%.1f,%.1f,%.1f,,", NEMO_BAND, L->arfcn,
                net->sectors[nb[i]->sector].pci, m->rssi_dbm + rng_bnormal(r, 0.5), nb[i]->dbm,
                nrsrq[i]);
    fputc('\n', fp);
    fprintf(fp, "CI,%s,,7,2,%.1f,0,2,2,%.1f,0,%.1f,1\n", ts, fmax(b0, b1), b0, b1);
    return 0;
}

/* RRC message with a filler payload of nbytes random bytes. */
static void write_rrcsm(FILE *fp, const char *ts, int dir, const char *msg, int earfcn, int pci,
                        int nbytes, rng *r) {
    fprintf(fp, "RRCSM,%s,,7,%d,\"%s\",\"DCCH\",%d,%d,\"", ts, dir, msg, earfcn, pci);
    for (int i = 0; i < nbytes; i++)
        fprintf(fp, "%02X", (unsigned)rng_int(r, 256));
    fputs("\"\n", fp);
}

/* One measurement slot at local time t: handover or periodic RRC messages, CELLMEAS, CI and
 * (first slot of a second) PHRATE. *last_sector is the serving sector of the previous slot.
 * Returns a dtmap status (an internal error when a value would leave its range). */
static dtmap_status measure_slot(FILE *fp, const devctx *d, receiver *rc, double t, size_t k,
                                 int slot, int *last_sector, dtmap_error *err) {
    const network *net = d->net;
    cell_meas m;
    char ts[64];
    double x, y;
    track_at(d->tr, t, &x, &y);
    if (receiver_measure(rc, net, x, y, d->r, &m) != 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY, "internal: no LTE cell at %.0f,%.0f", x, y);
    if (m.rsrp_dbm < -140.0 || m.rsrp_dbm > -44.0 || m.rsrq_db < -19.5 || m.rsrq_db > -3.0 ||
        m.sinr_db < -20.0 || m.sinr_db > 30.0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY,
                               "internal: Nemo sample out of range (%.1f, %.1f, %.1f)", m.rsrp_dbm,
                               m.rsrq_db, m.sinr_db);
    const sector *c = &net->sectors[m.sector];
    int earfcn = layers[c->layer].arfcn;
    if (*last_sector >= 0 && m.sector != *last_sector) {
        /* handover: the report that triggered it, then the command from the old cell */
        int old_pci = net->sectors[*last_sector].pci;
        hms_ms(t - 0.052, ts, sizeof ts);
        write_rrcsm(fp, ts, 1, "MeasurementReport", earfcn, old_pci, 8, d->r);
        hms_ms(t - 0.031, ts, sizeof ts);
        write_rrcsm(fp, ts, 2, "RRCConnectionReconfiguration", earfcn, old_pci, 24, d->r);
    } else if (k % 15 == 7 && slot == 0) {
        hms_ms(t - 0.045, ts, sizeof ts);
        write_rrcsm(fp, ts, 1, "MeasurementReport", earfcn, c->pci, 8, d->r);
    }
    *last_sector = m.sector;
    hms_ms(t, ts, sizeof ts);
    if (write_cellmeas(fp, ts, net, &m, x, y, d->r) != 0)
        return dtmap_error_set(err, DTMAP_ERR_EMPTY,
                               "internal: Nemo CI branch SINR out of range at %s", ts);
    if (slot == 0) fprintf(fp, "PHRATE,%s,,7,1,0,0.0,0\n", ts);
    return DTMAP_OK;
}

/* The phone's GPS fix of tick w, delivered 0.45-0.53 s late as in the real logs; dist_m is the
 * distance driven so far. */
static void write_gps(FILE *fp, const row *w, double dist_m, rng *r) {
    char ts[64], lon[24], lat[24];
    double tg = w->t + 0.45 + rng_range(r, 0.0, 0.08);
    double hdop = 0.8 + 0.3 * rng_u01(r);
    format_fixed(w->lon, 6, lon, sizeof lon);
    format_fixed(w->lat, 6, lat, sizeof lat);
    hms_ms(tg, ts, sizeof ts);
    fprintf(fp, "GPS,%s,,%s,%s,%d,%ld,1,%d,%d,%.2f,%.2f,%.2f,1\n", ts, lon, lat,
            112 + rng_int(r, 5), lround(dist_m), 9 + rng_int(r, 4), (int)lround(w->speed_ms * 3.6),
            hdop * 1.9, hdop, hdop * 1.6);
}

dtmap_status nemo_write(const devctx *d, const char *path, dtmap_error *err) {
    const track *tr = d->tr;
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    receiver rc;
    char ts[64], date[16];
    double dist = 0.0, t_start = tr->v[0].t - 0.977;
    int last_sector = -1;
    dtmap_status st = dtmap_outfile_fopen(path, d->o->overwrite, &out, &fp, err);
    if (st != DTMAP_OK) goto done;
    receiver_init(&rc, 1u << L_B3, 0.0, 0.0);
    format_time_fmt(t_start, "%d.%m.%Y", date, sizeof date);
    /* "d.m.yyyy" without zero padding */
    int dd = 0, mo = 0, yy = 0;
    sscanf(date, "%d.%d.%d", &dd, &mo, &yy);
    snprintf(date, sizeof date, "%d.%d.%d", dd, mo, yy);
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++) {
        if (header[i]) {
            fprintf(fp, "%s\n", header[i]);
            continue;
        }
        uint64_t a = rng_next(d->r), b = rng_next(d->r);
        fprintf(fp, "#ID,,,\"{%08llX-%04llX-%04llX-%04llX-%012llX}\"\n",
                (unsigned long long)(a >> 32), (unsigned long long)((a >> 16) & 0xFFFF),
                (unsigned long long)(a & 0xFFFF), (unsigned long long)(b >> 48),
                (unsigned long long)(b & 0xFFFFFFFFFFFFULL));
    }
    hms_ms(t_start, ts, sizeof ts);
    fprintf(fp, "#START,%s,,\"%s\"\n", ts, date);
    hms_ms(t_start + 0.028, ts, sizeof ts);
    fprintf(fp, "LOCK,%s,,1,4,1,%d\n", ts, NEMO_BAND);
    for (size_t k = 0; k < tr->n; k++) {
        const row *w = &tr->v[k];
        if (k > 0) dist += hypot(w->x - tr->v[k - 1].x, w->y - tr->v[k - 1].y);
        for (int slot = 0; slot < 2; slot++) {
            double t = w->t + (slot ? 0.70 : 0.20) + rng_range(d->r, 0.0, 0.06);
            if (k + 1 == tr->n && slot) break;
            /* nothing is measured before the first GPS fix, so every measurement has a fix on
             * both sides in time */
            if (k > 0 || slot > 0) {
                st = measure_slot(fp, d, &rc, t, k, slot, &last_sector, err);
                if (st != DTMAP_OK) goto done;
            }
            if (slot == 0) write_gps(fp, w, dist, d->r);
        }
    }
    hms_ms(tr->v[tr->n - 1].t + 0.9, ts, sizeof ts);
    fprintf(fp, "#STOP,%s,,\"%s\"\n", ts, date);
    st = dtmap_outfile_close_commit(&out, fp, err);
    fp = NULL;
done:
    if (fp) {
        fclose(fp);
        dtmap_outfile_abort(&out);
    }
    return st;
}
