/* at_redcap.c: the Quectel RG255C (5G RedCap, NR SA) transcript of the 2026-03-14 town drive:
 * ATI, then AT+QENG="servingcell" every 2 s, each line stamped "[YYYY-MM-DD hh:mm:ss.mmm]" in
 * local time without a zone (the user passes --tz +08:00). */
/*
 * The module camps on the NR layers (n41, n78) of the same network as the phones, SA only (no
 * LTE fallback). Against the phone model it loses 2 dB of antenna gain (a module antenna in the
 * car instead of a phone's) and has a 2 dB higher noise figure (one receive branch): its
 * SS-RSRP reads about 2 dB lower than a phone's at the same place, its SS-SINR up to 4 dB lower
 * where noise dominates. Values are whole dB, as Quectel prints them. State is "CONNECT" for 10 s
 * of every minute (an upload) and "NOCONN" otherwise.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dtmap/fileio.h"
#include "gen.h"

#define REDCAP_LOSS_DB 2.0
#define REDCAP_NF_EXTRA_DB 2.0
#define REDCAP_QUERY_S 2.0
#define REDCAP_BAD_QUERY 137 /* the response line of this query is cut short */
#define MCC 460
#define MNC "00"

/* "[2026-03-14 09:21:07.412] text\n" */
static void at_line(FILE *fp, double t, const char *text) {
    char ts[64];
    format_stamp_ms(t, "%Y-%m-%d %H:%M:%S", ts, sizeof ts);
    fprintf(fp, "[%s] %s\n", ts, text);
}

dtmap_status redcap_write(const devctx *d, const char *path, dtmap_error *err) {
    const track *tr = d->tr;
    const network *net = d->net;
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    receiver rc;
    long line = 0;
    double t0 = tr->v[0].t, t_end = tr->v[tr->n - 1].t - 1.0;
    dtmap_status st = dtmap_outfile_fopen(path, d->o->overwrite, &out, &fp, err);
    if (st != DTMAP_OK) goto done;
    receiver_init(&rc, (1u << L_N41) | (1u << L_N78), REDCAP_LOSS_DB, REDCAP_NF_EXTRA_DB);
    {
        static const char *const ati[] = {"ATI", "Quectel", "RG255C", "Revision: RG255CGLR01A01M4G",
                                          "OK"};
        double t = t0 + 28.204;
        for (size_t i = 0; i < sizeof ati / sizeof ati[0]; i++) {
            at_line(fp, t, ati[i]);
            t += i == 0 ? 0.021 : 0.001;
            line++;
        }
    }
    for (int q = 0;; q++) {
        double tq = t0 + 31.412 + REDCAP_QUERY_S * q + rng_range(d->r, -0.004, 0.004);
        if (tq > t_end) break;
        double tr_s = tq + rng_range(d->r, 0.040, 0.070), x, y;
        cell_meas m;
        char text[256];
        track_at(tr, tr_s, &x, &y);
        if (receiver_measure(&rc, net, x, y, d->r, &m) != 0) {
            st = dtmap_error_set(err, DTMAP_ERR_EMPTY, "internal: no NR cell at %.0f,%.0f", x, y);
            goto done;
        }
        const sector *c = &net->sectors[m.sector];
        const layer *L = &layers[c->layer];
        int rsrp = (int)lround(m.rsrp_dbm), rsrq = (int)lround(m.rsrq_db);
        int sinr = (int)lround(m.sinr_db);
        if (rsrp < -156 || rsrp > -31 || rsrq < -43 || rsrq > 20 || sinr < -23 || sinr > 40) {
            st = dtmap_error_set(err, DTMAP_ERR_EMPTY,
                                 "internal: RedCap query %d out of range (%d, %d, %d)", q, rsrp,
                                 rsrq, sinr);
            goto done;
        }
        at_line(fp, tq, "AT+QENG=\"servingcell\"");
        /* bandwidth index 12 = 100 MHz (the cell's carrier; the RedCap part uses 20 MHz of it),
         * SCS index 1 = 30 kHz, srxlev not reported */
        int len = snprintf(text, sizeof text,
                           "+QENG: \"servingcell\",\"%s\",\"NR5G-SA\",\"TDD\",%d,%s,%llX,%d,%X,%d,"
                           "%d,12,%d,%d,%d,1,-",
                           q % 30 < 5 ? "CONNECT" : "NOCONN", MCC, MNC, c->raw, c->pci,
                           net->sites[c->site].tac, L->arfcn, L->band, rsrp, rsrq, sinr);
        if (q == REDCAP_BAD_QUERY)
            text[len * 3 / 4] = '\0'; /* a line cut short on the serial port */
        at_line(fp, tr_s, text);
        at_line(fp, tr_s + 0.001, "OK");
        line += 3;
        if (q == REDCAP_BAD_QUERY)
            print_bad(d->o->quiet, path, line - 1,
                      "+QENG NR5G-SA response cut short inside the ARFCN (band, RSRP, RSRQ, SINR "
                      "missing)");
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
