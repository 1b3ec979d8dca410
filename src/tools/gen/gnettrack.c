/* gnettrack.c: the G-NetTrack Pro CSV row writer (the export's 26 columns) and the deliberate
 * defects the demo plants in a few rows. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

#define OPERATOR "Demo"

static const char *const bad_texts[] = {
    "",
    "0,0 position before the first GPS fix",
    "RSRP -200 no-measurement marker, nothing else measured",
    "RSRP -30 dBm on LTE, outside -140..-44",
    "UMTS row (RSRP/RSRQ hold RSCP and Ec/No)",
    "truncated row (first 9 fields only)",
    "non-numeric RSRP \"#VALUE!\" (spreadsheet error value)",
};

const char *bad_text(int kind) {
    return kind > 0 && (size_t)kind < sizeof bad_texts / sizeof bad_texts[0] ? bad_texts[kind] : "";
}

/* Formats one G-NetTrack row (with its newline) into buf; returns its length. */
int format_row(const row *w, char *buf, size_t size) {
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

/* The reporting ranges of the G-NetTrack rows dtmap reads (its default profile, rounded inward
 * to whole dB): index 0 LTE, 1 NR SA; per quantity {lowest, highest}. */
static const int report_range[2][3][2] = {
    {{-140, -44}, {-19, -3}, {-20, 30}},  /* LTE: RSRP, RSRQ, SINR */
    {{-156, -31}, {-43, 20}, {-23, 40}}}; /* NR: SS-RSRP, SS-RSRQ, SS-SINR */

/* Clamps *v into range[0]..range[1]. */
static void clamp_int(int *v, const int range[2]) {
    if (*v < range[0]) *v = range[0];
    if (*v > range[1]) *v = range[1];
}

void row_clamp_report(row *w) {
    const int(*rg)[2] = report_range[w->nr ? 1 : 0];
    clamp_int(&w->rsrp, rg[0]);
    clamp_int(&w->rsrq, rg[1]);
    clamp_int(&w->sinr, rg[2]);
}

/* Reporting-range check of a generated row (bad rows excluded): the generator must never emit
 * an out-of-range value by accident. Returns 0 if in range. */
int row_in_range(const row *w) {
    if (w->bad != BAD_NONE) return 0;
    const int(*rg)[2] = report_range[w->nr ? 1 : 0];
    return w->rsrp < rg[0][0] || w->rsrp > rg[0][1] || w->rsrq < rg[1][0] || w->rsrq > rg[1][1] ||
                   w->sinr < rg[2][0] || w->sinr > rg[2][1]
               ? -1
               : 0;
}
