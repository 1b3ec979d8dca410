/* quectel_gnss.c: +QGPSLOC fixes in a modem transcript, in the three latitude/longitude modes
 * of AT+QGPSLOC=<mode>:
 *   0: +QGPSLOC: <UTC>,ddmm.mmmmN,dddmm.mmmmE,<hdop>,<alt>,<fix>,<cog>,<spkm>,<spkn>,<date>,<nsat>
 *   1: +QGPSLOC: <UTC>,ddmm.mmmmmm,N,dddmm.mmmmmm,E,<hdop>,<alt>,<fix>,...,<nsat>
 *   2: +QGPSLOC: <UTC>,(-)dd.ddddd,(-)ddd.ddddd,<hdop>,<alt>,<fix>,...,<nsat>
 * <fix> is 2 (2D) or 3 (3D). The fix is stamped with the transcript line's time (the clock of
 * the measurements it positions), not the receiver's UTC field. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/quectel.h"
#include "ingest/validate.h"

/* Parses one coordinate: decimal degrees (hemi 0) or [d]ddmm.mmmm with hemisphere letter hemi
 * (one of pos/neg). Returns 1 and *deg, 0 when missing, -1 when malformed (*deg NAN then). */
static int coord(const char *text, char hemi, char pos, char neg, double *deg) {
    *deg = NAN;
    if (dtmapi_ingest_is_missing(text)) return 0;
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v)) return -1;
    if (!hemi) {
        *deg = v;
        return 1;
    }
    if ((hemi != pos && hemi != neg) || v < 0) return -1;
    double d = floor(v / 100), m = v - d * 100;
    if (m >= 60) return -1;
    *deg = (d + m / 60) * (hemi == neg ? -1 : 1);
    return 1;
}

/* Splits "3110.4869N" into its number (in buf) and hemisphere letter; leaves decimal text
 * (mode 2) as is with *hemi = 0. */
static void split_hemi(const char *text, char *buf, size_t n, char *hemi) {
    snprintf(buf, n, "%s", text);
    size_t len = strlen(buf);
    *hemi = 0;
    if (len > 1 && strchr("NSEW", buf[len - 1])) {
        *hemi = buf[len - 1];
        buf[len - 1] = '\0';
    }
}

dtmap_status dtmapi_q_qgpsloc(qreader *r, char *text, dtmap_error *err) {
    char *f[Q_MAXF];
    size_t n = dtmapi_q_split(text + strlen("+QGPSLOC:"), f, Q_MAXF);
    int mode1 = n >= 3 && (strcmp(f[2], "N") == 0 || strcmp(f[2], "S") == 0);
    size_t want = mode1 ? 13 : 11, k = mode1 ? 5 : 3; /* k: index of <hdop> */
    if (n < want)
        return dtmapi_q_reject(r, DTMAP_REJ_FIELDS, err, "+QGPSLOC: %zu fields, %zu expected", n,
                               want);
    char lat_s[40], lon_s[40], lat_h, lon_h;
    if (mode1) {
        snprintf(lat_s, sizeof lat_s, "%s", f[1]);
        snprintf(lon_s, sizeof lon_s, "%s", f[3]);
        lat_h = f[2][0];
        lon_h = f[4][0];
    } else {
        split_hemi(f[1], lat_s, sizeof lat_s, &lat_h);
        split_hemi(f[2], lon_s, sizeof lon_s, &lon_h);
    }
    double lat, lon;
    int a = coord(lat_s, lat_h, 'N', 'S', &lat), b = coord(lon_s, lon_h, 'E', 'W', &lon);
    if (a == 0 || b == 0)
        return dtmapi_q_reject(r, DTMAP_REJ_NO_POSITION, err, "+QGPSLOC without a position");
    if (a < 0 || b < 0 || fabs(lat) > 90 || fabs(lon) > 180)
        return dtmapi_q_reject(r, DTMAP_REJ_BAD_POSITION, err,
                               "+QGPSLOC position '%s','%s' unusable", f[1], mode1 ? f[3] : f[2]);
    if (lat == 0 && lon == 0)
        return dtmapi_q_reject(r, DTMAP_REJ_ZERO_POSITION, err, "+QGPSLOC at 0,0");
    double fix, hdop;
    if (dtmapi_q_num(f[k + 2], &fix) != 1 || (fix != 2 && fix != 3))
        return dtmapi_q_reject(r, DTMAP_REJ_NO_FIX, err, "+QGPSLOC fix mode '%s' (2 or 3 expected)",
                               f[k + 2]);
    if (dtmapi_q_num(f[k], &hdop) != 1) hdop = NAN;
    dtmap_fix fx = {0};
    fx.time_s = r->t;
    fx.time_utc = (uint8_t)r->utc;
    fx.lon = lon;
    fx.lat = lat;
    fx.hdop = dtmapi_ingest_hdop(hdop);
    fx.quality = (int8_t)fix;
    return dtmapi_ingest_sink_fix(r->k, r->line, &fx, 0, err);
}
