/* nmea.c: the GNSS puck of the 2026-03-14 town drive: a simple sky of GPS and GLONASS
 * satellites, dilution of precision from the satellites in use, and its NMEA 0183 output. */
/*
 * One epoch per second on the whole UTC second: $GNRMC and $GNGGA; every 60 s also two $GNGSA
 * (GPS, GLONASS) and the $GPGSV and $GLGSV satellites in view. Satellites start at random
 * elevations and azimuths and drift slowly. Buildings hide low satellites across the street:
 * the elevation mask is 8 degrees along the road and up to 38 degrees across it where a noise
 * field says the street is narrow. HDOP, VDOP and PDOP come from the geometry of the satellites
 * in use (least squares with one clock per constellation). Fix quality is 1 (autonomous) at every
 * epoch: the puck has had its fix since before the log starts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dtmap/fileio.h"
#include "gen.h"

#define N_GPS 11
#define N_GLO 8
#define N_SAT (N_GPS + N_GLO)
#define GEOID_SEP_M (-18.1) /* geoid height above the ellipsoid used in GGA (approximate) */
#define BAD_EPOCH 300       /* GGA with a corrupted byte: 5 minutes into the log */

typedef struct sat {
    int prn;           /* GPS 1..32, GLONASS 65..88 (NMEA numbering) */
    double el0, az0;   /* degrees at the first epoch */
    double del, daz;   /* drift, degrees per second */
    double el, az, cn; /* at the current epoch; cn C/N0 dB-Hz, 0 = not tracked */
    int used;
} sat;

typedef struct sky {
    sat s[N_SAT];
    int nused;
    double pdop, hdop, vdop;
} sky;

static void sky_init(sky *k, rng *r) {
    int taken[100] = {0};
    for (int i = 0; i < N_SAT; i++) {
        sat *s = &k->s[i];
        int lo = i < N_GPS ? 1 : 65, span = i < N_GPS ? 32 : 24;
        do
            s->prn = lo + rng_int(r, span);
        while (taken[s->prn]);
        taken[s->prn] = 1;
        s->el0 = rng_range(r, 6.0, 86.0);
        s->az0 = rng_range(r, 0.0, 360.0);
        s->del = rng_range(r, -0.008, 0.008);
        s->daz = rng_range(r, -0.01, 0.01);
    }
}

/* Inverts the m x m matrix a (row-major, m <= 5) in place by Gauss-Jordan elimination with
 * partial pivoting. Returns 0, or -1 when it is singular. */
static int invert(double *a, int m) {
    double inv[25] = {0};
    for (int i = 0; i < m; i++)
        inv[i * m + i] = 1.0;
    for (int c = 0; c < m; c++) {
        int p = c;
        for (int i = c + 1; i < m; i++)
            if (fabs(a[i * m + c]) > fabs(a[p * m + c])) p = i;
        if (fabs(a[p * m + c]) < 1e-12) return -1;
        for (int j = 0; j < m; j++) {
            double t = a[c * m + j];
            a[c * m + j] = a[p * m + j];
            a[p * m + j] = t;
            t = inv[c * m + j];
            inv[c * m + j] = inv[p * m + j];
            inv[p * m + j] = t;
        }
        double d = a[c * m + c];
        for (int j = 0; j < m; j++) {
            a[c * m + j] /= d;
            inv[c * m + j] /= d;
        }
        for (int i = 0; i < m; i++) {
            if (i == c) continue;
            double f = a[i * m + c];
            for (int j = 0; j < m; j++) {
                a[i * m + j] -= f * a[c * m + j];
                inv[i * m + j] -= f * inv[c * m + j];
            }
        }
    }
    memcpy(a, inv, (size_t)m * m * sizeof *a);
    return 0;
}

/* Positions the satellites dt seconds after the first epoch, decides which are tracked and used
 * at (x, y) heading course_deg, and computes the DOPs. */
static void sky_update(sky *k, double dt, double x, double y, double course_deg, uint64_t street,
                       rng *r) {
    double f = noise_field(street, x, y);
    double narrow = 1.0 - 1.0 / (1.0 + exp(-1.6 * f)); /* 0 open .. 1 narrow street */
    int nglo = 0;
    k->nused = 0;
    for (int i = 0; i < N_SAT; i++) {
        sat *s = &k->s[i];
        s->el = fmin(fmax(s->el0 + s->del * dt, -5.0), 89.0);
        s->az = fmod(s->az0 + s->daz * dt + 360.0, 360.0);
        double across = fabs(sin((s->az - course_deg) * PI / 180.0));
        double mask = 8.0 + 30.0 * narrow * across;
        double cn = 20.0 + 26.0 * sqrt(fmax(sin(s->el * PI / 180.0), 0.0)) + rng_bnormal(r, 1.5);
        s->used = s->el > mask;
        if (!s->used) cn -= 12.0;
        s->cn = s->el > 0.0 && cn >= 14.0 ? cn : 0.0;
        if (!s->cn) s->used = 0;
    }
    /* a receiver keeps at least five satellites, the highest ones, when buildings hide the rest */
    for (int want = 0; want < 5; want++) {
        int n = 0, best = -1;
        for (int i = 0; i < N_SAT; i++) {
            if (k->s[i].used)
                n++;
            else if (k->s[i].el > 5.0 && (best < 0 || k->s[i].el > k->s[best].el))
                best = i;
        }
        if (n >= 5 || best < 0) break;
        k->s[best].used = 1;
        if (!k->s[best].cn) k->s[best].cn = 15.0;
    }
    double g[5 * 5] = {0};
    for (int i = 0; i < N_SAT; i++) {
        const sat *s = &k->s[i];
        if (!s->used) continue;
        double e = s->el * PI / 180.0, a = s->az * PI / 180.0;
        double h[5] = {cos(e) * sin(a), cos(e) * cos(a), sin(e), 1.0, i >= N_GPS ? 1.0 : 0.0};
        for (int p = 0; p < 5; p++)
            for (int q = 0; q < 5; q++)
                g[p * 5 + q] += h[p] * h[q];
        k->nused++;
        nglo += i >= N_GPS;
    }
    /* one clock per constellation in use: 4 unknowns with GPS only, 5 with both */
    int m = nglo ? 5 : 4;
    double q[25];
    for (int p = 0; p < m; p++)
        for (int c = 0; c < m; c++)
            q[p * m + c] = g[p * 5 + c];
    if (k->nused < m || invert(q, m) != 0) {
        k->pdop = k->hdop = k->vdop = 99.99;
        return;
    }
    k->hdop = sqrt(q[0] + q[m + 1]);
    k->vdop = sqrt(q[2 * m + 2]);
    k->pdop = sqrt(q[0] + q[m + 1] + q[2 * m + 2]);
}

/* Writes "$body*hh\n" (the XOR of body's bytes) to fp; with corrupt set, changes one digit of
 * body after the checksum is computed (a byte garbled on the serial line). */
static void sentence(FILE *fp, char *body, int corrupt) {
    unsigned cs = 0;
    for (const char *p = body; *p; p++)
        cs ^= (unsigned char)*p;
    if (corrupt) {
        /* units digit of the longitude minutes: field 4 is dddmm.mmmmm */
        char *p = body;
        for (int commas = 0; *p && commas < 4; p++)
            commas += *p == ',';
        if (strlen(p) > 5) p[4] = (char)('0' + (p[4] - '0' + 5) % 10);
    }
    fprintf(fp, "$%s*%02X\n", body, cs);
}

/* ddmm.mmmmm,N or dddmm.mmmmm,E of an angle in degrees (|deg| <= 180). */
static void nmea_angle(double deg, int lon, char *buf, size_t size) {
    long long u = llround(fmin(fabs(deg), 180.0) * 60.0 * 100000.0); /* 1e-5 minutes */
    int d = (int)(u / 6000000), mi = (int)(u % 6000000 / 100000), frac = (int)(u % 100000);
    char hemi = lon ? (deg < 0 ? 'W' : 'E') : (deg < 0 ? 'S' : 'N');
    snprintf(buf, size, "%0*d%02d.%05d,%c", lon ? 3 : 2, d, mi, frac, hemi);
}

/* GSA of one constellation (GPS: i in [0, N_GPS), GLONASS: the rest). */
static void write_gsa(FILE *fp, const sky *k, int glo) {
    char body[160];
    int len = snprintf(body, sizeof body, "GNGSA,A,3");
    int n = 0;
    for (int i = glo ? N_GPS : 0; i < (glo ? N_SAT : N_GPS) && n < 12; i++)
        if (k->s[i].used) {
            len += snprintf(body + len, sizeof body - len, ",%02d", k->s[i].prn);
            n++;
        }
    for (; n < 12; n++)
        len += snprintf(body + len, sizeof body - len, ",");
    snprintf(body + len, sizeof body - len, ",%.2f,%.2f,%.2f", k->pdop, k->hdop, k->vdop);
    sentence(fp, body, 0);
}

/* Satellites in view of one constellation, four per sentence; returns the sentences written. */
static int write_gsv(FILE *fp, const sky *k, int glo) {
    int idx[N_SAT], n = 0;
    for (int i = glo ? N_GPS : 0; i < (glo ? N_SAT : N_GPS); i++)
        if (k->s[i].el > 0.0) idx[n++] = i;
    int msgs = n ? (n + 3) / 4 : 1;
    for (int m = 0; m < msgs; m++) {
        char body[160];
        int len =
            snprintf(body, sizeof body, "%sGSV,%d,%d,%02d", glo ? "GL" : "GP", msgs, m + 1, n);
        for (int j = m * 4; j < n && j < m * 4 + 4; j++) {
            const sat *s = &k->s[idx[j]];
            len += snprintf(body + len, sizeof body - len, ",%02d,%02d,%03d,", s->prn,
                            (int)lround(s->el), (int)lround(s->az) % 360);
            if (s->cn > 0.0)
                len += snprintf(body + len, sizeof body - len, "%02d", (int)lround(s->cn));
        }
        sentence(fp, body, 0);
    }
    return msgs;
}

dtmap_status nmea_write(const devctx *d, const char *path, dtmap_error *err) {
    const track *tr = d->tr;
    dtmap_outfile out = {0};
    FILE *fp = NULL;
    sky k;
    long line = 0;
    double alt_err = 0.0;
    uint64_t street = rng_next(d->r), terrain = rng_next(d->r);
    dtmap_status st = dtmap_outfile_fopen(path, d->o->overwrite, &out, &fp, err);
    if (st != DTMAP_OK) goto done;
    sky_init(&k, d->r);
    for (size_t i = 0; i < tr->n; i++) {
        const row *w = &tr->v[i];
        char hms[16], date[16], lat[32], lon[32], body[200], spd[32], cog[32];
        double utc = w->t - TZ_OFFSET_S;
        sky_update(&k, w->t - tr->v[0].t, w->x, w->y, w->course_deg, street, d->r);
        format_time_fmt(utc, "%H%M%S", hms, sizeof hms);
        format_time_fmt(utc, "%d%m%y", date, sizeof date);
        nmea_angle(w->lat, 0, lat, sizeof lat);
        nmea_angle(w->lon, 1, lon, sizeof lon);
        int moving = w->speed_ms >= 0.5;
        double kn = moving ? w->speed_ms * 1.9438445 : fabs(rng_bnormal(d->r, 0.02));
        snprintf(spd, sizeof spd, "%.3f", kn);
        if (moving)
            snprintf(cog, sizeof cog, "%.2f", w->course_deg);
        else
            cog[0] = '\0'; /* receivers leave the course empty when standing still */
        snprintf(body, sizeof body, "GNRMC,%s.00,A,%s,%s,%s,%s,%s,,,A", hms, lat, lon, spd, cog,
                 date);
        sentence(fp, body, 0);
        line++;
        /* height above mean sea level: gentle terrain around 112 m plus a slowly wandering
         * vertical error that grows with VDOP */
        alt_err = 0.9 * alt_err + rng_bnormal(d->r, 0.35 * k.vdop);
        double alt = 112.0 + 4.0 * noise_field(terrain, w->x * 0.2, w->y * 0.2) + alt_err;
        snprintf(body, sizeof body, "GNGGA,%s.00,%s,%s,1,%02d,%.2f,%.1f,M,%.1f,M,,", hms, lat, lon,
                 k.nused, k.hdop, alt, GEOID_SEP_M);
        sentence(fp, body, i == BAD_EPOCH);
        line++;
        if (i == BAD_EPOCH)
            print_bad(d->o->quiet, path, line,
                      "$GNGGA with a garbled longitude digit (about 8 km off): checksum mismatch");
        if (i % 60 == 0) {
            write_gsa(fp, &k, 0);
            write_gsa(fp, &k, 1);
            line += 2;
            line += write_gsv(fp, &k, 0);
            line += write_gsv(fp, &k, 1);
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
