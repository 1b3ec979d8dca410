/* nmea_parse.c: one NMEA 0183 line to one sentence: framing, *hh checksum, GGA/RMC fields (see
 * nmea_parse.h). Numbers are parsed by hand, exactly and independently of the locale. */
#include "ingest/nmea_parse.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ingest/lines.h"
#include "ingest/timeparse.h"
#include "ingest/validate.h"

#define GGA_MIN_FIELDS 9 /* time .. altitude */
#define RMC_MIN_FIELDS 9 /* time .. date */
#define MAX_FIELDS 24    /* fields looked at; further ones are not split */

int dtmapi_nmea_gnss_talker(const char *s) {
    static const char talkers[][3] = {"GP", "GN", "GL", "GB", "GA", "BD", "QZ"};
    for (size_t i = 0; i < sizeof talkers / sizeof talkers[0]; i++)
        if (s[0] == talkers[i][0] && s[1] == talkers[i][1]) return 1;
    return 0;
}

static int is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

static int is_digit(char c) {
    return c >= '0' && c <= '9';
}

static int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

__attribute__((format(printf, 3, 4))) static void
reject(nmea_sentence *o, dtmap_reject_reason reason, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->detail, sizeof o->detail, fmt, ap);
    va_end(ap);
    o->ok = 0;
    o->reason = reason;
}

/* Parses an unsigned decimal "ddd[.fff]" as an integer mantissa over a power of ten, so that
 * "46.918" gives exactly the double of the literal 46.918 (both are correctly rounded). Up to
 * 15 significant digits are used; further fraction digits are dropped. Returns 1 and sets *v,
 * or 0 when s is not such a number. */
static int parse_udec(const char *s, double *v) {
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    uint64_t m = 0;
    int sig = 0, scale = 0, digits = 0, dot = 0;
    for (; *s; s++) {
        if (*s == '.' && !dot) {
            dot = 1;
            continue;
        }
        if (!is_digit(*s)) return 0;
        digits++;
        if (!dot && sig >= 15) return 0; /* integer part too long to be exact */
        if (sig >= 15 || scale >= 22) continue;
        m = m * 10 + (uint64_t)(*s - '0');
        if (m) sig++;
        if (dot) scale++;
    }
    if (!digits) return 0;
    *v = (double)m / p10[scale];
    return 1;
}

/* Parses two digits at s (no bounds beyond s[1]; the caller checked them). */
static int two(const char *s) {
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* UTC time of day "hhmmss[.s...]" into microseconds (fraction digits beyond 6 ignored; second
 * 60 allowed for a leap second). Returns 1, or 0 when malformed. */
static int parse_tod(const char *s, int64_t *us) {
    for (int i = 0; i < 6; i++)
        if (!is_digit(s[i])) return 0;
    int h = two(s), m = two(s + 2), sec = two(s + 4);
    if (h > 23 || m > 59 || sec > 60) return 0;
    int64_t frac = 0, unit = 100000;
    if (s[6] == '.') {
        for (const char *p = s + 7; *p; p++) {
            if (!is_digit(*p)) return 0;
            frac += (*p - '0') * unit;
            unit /= 10;
        }
    } else if (s[6]) {
        return 0;
    }
    *us = ((int64_t)h * 3600 + m * 60 + sec) * 1000000 + frac;
    return 1;
}

/* RMC date "ddmmyy" (yy 80..99 -> 19yy, else 20yy) into days since 1970-01-01. Returns 1, or
 * 0 when malformed or not a calendar date. */
static int parse_date(const char *s, int64_t *day) {
    for (int i = 0; i < 6; i++)
        if (!is_digit(s[i])) return 0;
    if (s[6]) return 0;
    int d = two(s), m = two(s + 2), yy = two(s + 4);
    int64_t y = yy >= 80 ? 1900 + yy : 2000 + yy, y2;
    int m2, d2;
    if (m < 1 || m > 12 || d < 1) return 0;
    *day = dtmapi_ingest_days_from_civil(y, m, d);
    dtmapi_ingest_civil_from_days(*day, &y2, &m2, &d2); /* 31 April comes back as 1 May */
    return y2 == y && m2 == m && d2 == d;
}

/* A coordinate "ddmm.mmmm" (latitude) or "dddmm.mmmm" (longitude) and its hemisphere into
 * signed degrees: degrees + minutes / 60, minutes parsed exactly. Returns 1, 0 when outside
 * -90..90 / -180..180, -1 when malformed. */
static int parse_coord(const char *v, const char *hemi, int is_lon, double *out) {
    const char *dot = strchr(v, '.');
    size_t k = dot ? (size_t)(dot - v) : strlen(v); /* digits before the point */
    if (k < 3 || k > (is_lon ? 5u : 4u)) return -1;
    int deg = 0;
    for (size_t i = 0; i < k; i++)
        if (!is_digit(v[i])) return -1;
    for (size_t i = 0; i + 2 < k; i++)
        deg = deg * 10 + (v[i] - '0');
    double min;
    if (!parse_udec(v + k - 2, &min) || min >= 60) return -1;
    char pos = is_lon ? 'E' : 'N', neg = is_lon ? 'W' : 'S';
    if ((hemi[0] != pos && hemi[0] != neg) || hemi[1]) return -1;
    double d = deg + min / 60.0;
    if (d > (is_lon ? 180 : 90)) return 0;
    *out = hemi[0] == neg ? -d : d;
    return 1;
}

/* Both coordinates of a sentence (fields lat, N/S, lon, E/W at f). Returns 1, or 0 with the
 * reject filled. */
static int parse_position(char **f, const char *what, nmea_sentence *o) {
    int rl = parse_coord(f[0], f[1], 0, &o->lat);
    if (rl <= 0) {
        reject(o, DTMAP_REJ_BAD_POSITION, "%s latitude \"%.16s,%.4s\" %s", what, f[0], f[1],
               rl ? "is not ddmm.mmmm,N/S" : "outside -90..90");
        return 0;
    }
    int rn = parse_coord(f[2], f[3], 1, &o->lon);
    if (rn <= 0) {
        reject(o, DTMAP_REJ_BAD_POSITION, "%s longitude \"%.16s,%.4s\" %s", what, f[2], f[3],
               rn ? "is not dddmm.mmmm,E/W" : "outside -180..180");
        return 0;
    }
    if (o->lat == 0 && o->lon == 0) {
        reject(o, DTMAP_REJ_ZERO_POSITION, "%s position 0,0 (GPS without a fix)", what);
        return 0;
    }
    return 1;
}

static int any_empty(char **f, int n) {
    for (int i = 0; i < n; i++)
        if (!f[i][0]) return 1;
    return 0;
}

/* GGA: f[1] time, f[2..5] position, f[6] quality, f[7] satellites, f[8] HDOP, f[9] altitude.
 * An unreadable HDOP is only missing (NAN): the fix itself is good. */
static void parse_gga(char **f, size_t nf, nmea_sentence *o) {
    if (nf < GGA_MIN_FIELDS) {
        reject(o, DTMAP_REJ_FIELDS, "truncated GGA sentence: %zu fields, at least %d expected", nf,
               GGA_MIN_FIELDS);
        return;
    }
    const char *q = f[6];
    if (!q[0] || (q[0] == '0' && !q[1])) {
        reject(o, DTMAP_REJ_NO_FIX, "GGA fix quality %s (no fix)", q[0] ? "0" : "empty");
        return;
    }
    if (!is_digit(q[0]) || q[1]) {
        reject(o, DTMAP_REJ_FIELDS, "GGA fix quality \"%.8s\" is not 0..9", q);
        return;
    }
    o->quality = q[0] - '0';
    if (any_empty(f + 2, 4)) {
        reject(o, DTMAP_REJ_NO_FIX, "GGA without a position (quality %d)", o->quality);
        return;
    }
    if (!parse_tod(f[1], &o->tod_us)) {
        reject(o, DTMAP_REJ_BAD_TIME, "GGA time \"%.16s\" is not hhmmss.ss", f[1]);
        return;
    }
    if (!parse_position(f + 2, "GGA", o)) return;
    double h;
    if (parse_udec(f[8], &h)) o->hdop = dtmapi_ingest_hdop(h);
    o->ok = 1;
}

/* RMC: f[1] time, f[2] status, f[3..6] position, f[7] speed, f[8] course, f[9] date,
 * f[12] mode (NMEA 2.3+: N = data not valid). Time and date are read first so that an RMC
 * without a fix still dates the GGAs around it. */
static void parse_rmc(char **f, size_t nf, nmea_sentence *o) {
    if (nf < RMC_MIN_FIELDS) {
        reject(o, DTMAP_REJ_FIELDS, "truncated RMC sentence: %zu fields, at least %d expected", nf,
               RMC_MIN_FIELDS);
        return;
    }
    int64_t tod = 0, day = 0;
    int t_ok = parse_tod(f[1], &tod), d_ok = parse_date(f[9], &day);
    if (t_ok && d_ok) {
        o->dated = 1;
        o->tod_us = tod;
        o->day = day;
    }
    if (f[2][0] == 'V' && !f[2][1]) {
        reject(o, DTMAP_REJ_NO_FIX, "RMC status V (no fix)");
        return;
    }
    if (f[2][0] != 'A' || f[2][1]) {
        reject(o, DTMAP_REJ_FIELDS, "RMC status \"%.8s\" is not A or V", f[2]);
        return;
    }
    if (nf >= 12 && f[12][0] == 'N' && !f[12][1]) {
        reject(o, DTMAP_REJ_NO_FIX, "RMC mode N (data not valid)");
        return;
    }
    if (any_empty(f + 3, 4)) {
        reject(o, DTMAP_REJ_NO_FIX, "RMC without a position");
        return;
    }
    if (!t_ok) {
        reject(o, DTMAP_REJ_BAD_TIME, "RMC time \"%.16s\" is not hhmmss.ss", f[1]);
        return;
    }
    if (!d_ok) {
        reject(o, DTMAP_REJ_BAD_TIME, "RMC date \"%.16s\" is not ddmmyy", f[9]);
        return;
    }
    if (!parse_position(f + 3, "RMC", o)) return;
    o->tod_us = tod;
    o->ok = 1;
}

/* Length of the address field at s ("GPGGA" of "$GPGGA,..."): two talker letters and a
 * three-letter sentence id, or a proprietary address ('P', maker, type: "PUBX", "PMTK001").
 * Returns 0 when s holds no address. */
static size_t address_len(const char *s) {
    size_t n = 0;
    while (is_upper(s[n]) || is_digit(s[n]))
        n++;
    if (s[n] != ',' && s[n] != '*' && s[n] != '\0') return 0;
    if (s[0] == 'P') return n >= 4 ? n : 0;
    if (n != 5) return 0;
    for (size_t i = 0; i < 5; i++)
        if (!is_upper(s[i])) return 0;
    return 5;
}

/* A candidate sentence: from a '$' to the next '$' or the line's end. */
typedef struct frame {
    char *start, *end, *star; /* star: the first '*' in it, or NULL */
    size_t alen;              /* address length (0: not a sentence) */
    int stated;               /* stated checksum; -1 missing (truncated), -2 not hex */
    unsigned computed;        /* XOR of the bytes between '$' and '*' (or the end) */
} frame;

static void frame_at(char *s, char *end, frame *f) {
    f->start = s;
    f->end = end;
    f->alen = address_len(s + 1);
    f->star = memchr(s + 1, '*', (size_t)(end - s - 1));
    unsigned x = 0;
    for (const char *p = s + 1; p < (f->star ? f->star : end); p++)
        x ^= (unsigned char)*p;
    f->computed = x;
    f->stated = -1;
    if (f->star && end - f->star >= 3) {
        int hi = hex_value(f->star[1]), lo = hex_value(f->star[2]);
        f->stated = hi < 0 || lo < 0 ? -2 : hi * 16 + lo;
    }
}

/* Finds the sentence of a line. Junk before a '$' (serial noise, or a sentence cut short by a
 * lost line end: "$GPGSV,3,1,1$GNGGA,...*5C") is not fatal: the checksum decides. Of the
 * '$'-started candidates, the last one whose checksum matches is taken; when none matches, the
 * last one with an address, whose fault (truncated, checksum) is then reported. A line holds
 * one record, so when two whole sentences share a line only the last is read. Returns 0 when
 * the line holds no candidate at all. */
static int find_frame(char *line, size_t len, frame *out) {
    int have = 0;
    char *end = line + len;
    for (char *p = end; p-- > line;) {
        if (*p != '$') continue;
        frame f;
        frame_at(p, end, &f);
        end = p;
        if (!f.alen) continue;
        if (f.stated >= 0 && (unsigned)f.stated == f.computed) {
            *out = f;
            return 1;
        }
        if (!have) *out = f;
        have = 1;
    }
    return have;
}

/* A short printable excerpt of a line for a detail: at most 32 bytes, others shown as '?'. */
static void excerpt(const char *s, size_t len, char *buf, size_t n) {
    size_t i = 0, max = len > 32 ? 32 : len;
    for (; i < max && i + 4 < n; i++)
        buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
    if (max < len && i + 4 <= n) buf[i++] = '.', buf[i++] = '.', buf[i++] = '.';
    buf[i] = '\0';
}

void dtmapi_nmea_parse_line(char *line, size_t len, int truncated, nmea_sentence *o) {
    memset(o, 0, sizeof *o);
    o->type = NMEA_NONE;
    o->lat = o->lon = NAN;
    o->hdop = NAN;
    o->quality = -1;
    frame f;
    if (truncated) {
        reject(o, DTMAP_REJ_FIELDS, "line longer than %d bytes: not an NMEA sentence",
               INGEST_LINE_MAX);
        return;
    }
    if (!find_frame(line, len, &f)) {
        char ex[40];
        excerpt(line, len, ex, sizeof ex);
        reject(o, DTMAP_REJ_FIELDS, "not an NMEA sentence: \"%s\"", ex);
        return;
    }
    const char *addr = f.start + 1;
    if (addr[0] == 'P') { /* proprietary: named by maker, "PUBX" */
        o->type = NMEA_OTHER;
        memcpy(o->kind, addr, 4);
    } else if (dtmapi_nmea_gnss_talker(addr) && memcmp(addr + 2, "GGA", 3) == 0) {
        o->type = NMEA_GGA;
        memcpy(o->kind, "GGA", 3);
    } else if (dtmapi_nmea_gnss_talker(addr) && memcmp(addr + 2, "RMC", 3) == 0) {
        o->type = NMEA_RMC;
        memcpy(o->kind, "RMC", 3);
    } else { /* other sentences by id; GGA/RMC of non-GNSS talkers by address ("INGGA") */
        o->type = NMEA_OTHER;
        int whole = !memcmp(addr + 2, "GGA", 3) || !memcmp(addr + 2, "RMC", 3);
        memcpy(o->kind, whole ? addr : addr + 2, whole ? 5 : 3);
    }
    if (f.stated == -1) {
        reject(o, DTMAP_REJ_FIELDS, "truncated %s sentence: no *hh checksum", o->kind);
        return;
    }
    if (f.stated == -2) {
        char ex[8];
        excerpt(f.star + 1, 2, ex, sizeof ex);
        reject(o, DTMAP_REJ_CHECKSUM, "%s checksum: computed %02X, stated \"%s\" is not hex",
               o->kind, f.computed, ex);
        return;
    }
    if ((unsigned)f.stated != f.computed) {
        reject(o, DTMAP_REJ_CHECKSUM, "%s checksum: computed %02X, stated %02X", o->kind,
               f.computed, (unsigned)f.stated);
        return;
    }
    if (o->type == NMEA_OTHER) {
        o->ok = 1;
        return;
    }
    char *field[MAX_FIELDS];
    size_t nf = 0;
    *f.star = '\0';
    for (char *p = f.start + 1; p && nf < MAX_FIELDS; nf++) {
        field[nf] = p;
        p = strchr(p, ',');
        if (p) *p++ = '\0';
    }
    if (o->type == NMEA_GGA)
        parse_gga(field, nf - 1, o);
    else
        parse_rmc(field, nf - 1, o);
}
