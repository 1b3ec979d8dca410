/* span.c: the samples' extent in degrees, across the antimeridian, and the check that they fit
 * the UTM zone dtmap picks by itself (see span.h). */
#include "geo/span.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define UTM_K0 0.9996
#define EARTH_RADIUS_KM 6371.0
#define DEG (3.14159265358979323846 / 180.0)

double dtmapi_lon_normalise(double lon) {
    double l = fmod(lon + 180.0, 360.0);
    if (l < 0) l += 360.0;
    l -= 180.0;
    return l >= 180.0 ? -180.0 : l; /* rounding of a value just below 180 */
}

int dtmapi_utm_zone(double lon, double *central_meridian) {
    int zone = (int)floor((dtmapi_lon_normalise(lon) + 180.0) / 6.0) + 1;
    if (zone > 60) zone = 60;
    if (zone < 1) zone = 1;
    if (central_meridian) *central_meridian = 6.0 * zone - 183.0;
    return zone;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

dtmap_status dtmapi_span_of(const double *lon, const double *lat, size_t n, dtmapi_span *out,
                            dtmap_error *err) {
    *out = (dtmapi_span){0};
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "longitudes of %zu samples", n);
    size_t m = 0;
    double south = INFINITY, north = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(lon[i]) || !isfinite(lat[i])) continue;
        v[m++] = dtmapi_lon_normalise(lon[i]);
        south = fmin(south, lat[i]);
        north = fmax(north, lat[i]);
    }
    if (m == 0) {
        free(v);
        return DTMAP_OK;
    }
    qsort(v, m, sizeof *v, cmp_double);
    /* The largest gap between neighbours around the circle; the wrap gap (last -> first + 360)
     * first, so that it wins ties and an interval crosses 180 only when that is shorter. */
    double gap = v[0] + 360.0 - v[m - 1], west = v[0], east = v[m - 1];
    for (size_t i = 0; i + 1 < m; i++)
        if (v[i + 1] - v[i] > gap) {
            gap = v[i + 1] - v[i];
            west = v[i + 1];
            east = v[i] + 360.0;
        }
    free(v);
    out->n = m;
    out->west = west;
    out->east = east;
    out->width_deg = east - west;
    out->south = south;
    out->north = north;
    out->mid_lon = dtmapi_lon_normalise(west + out->width_deg / 2.0);
    out->mid_lat = (south + north) / 2.0;
    return DTMAP_OK;
}

char *dtmapi_lon_text(double lon, char *buf, size_t len) {
    double l = dtmapi_lon_normalise(lon);
    if (l <= -179.995) l = 180.0; /* prints as 180.00, named E */
    snprintf(buf, len, "%.2f%c", fabs(l), l < 0 && fabs(l) >= 0.005 ? 'W' : 'E');
    return buf;
}

char *dtmapi_lat_text(double lat, char *buf, size_t len) {
    snprintf(buf, len, "%.2f%c", fabs(lat), lat < 0 && fabs(lat) >= 0.005 ? 'S' : 'N');
    return buf;
}

char *dtmapi_count_text(double count, char *buf, size_t len) {
    char digits[64];
    if (!isfinite(count) || count < 0 || count >= 1e30) {
        snprintf(buf, len, "%g", count);
        return buf;
    }
    int nd = snprintf(digits, sizeof digits, "%.0f", count);
    size_t o = 0;
    for (int i = 0; i < nd && o + 1 < len; i++) {
        buf[o++] = digits[i];
        if (i + 1 < nd && (nd - i - 1) % 3 == 0 && o + 1 < len) buf[o++] = ',';
    }
    buf[o] = '\0';
    return buf;
}

/* Spherical transverse Mercator: easting in km of (lon, lat) from central meridian cm, and its
 * scale factor; a point 90 degrees or more from cm is infinitely far. */
static double easting_km(double lon, double lat, double cm, double *scale) {
    double d = remainder(lon - cm, 360.0);
    double b = cos(lat * DEG) * sin(fabs(d) * DEG);
    if (fabs(d) >= 90.0 || b >= 1.0) {
        *scale = INFINITY;
        return INFINITY;
    }
    *scale = UTM_K0 / sqrt(1.0 - b * b);
    return UTM_K0 * EARTH_RADIUS_KM * atanh(b);
}

dtmap_status dtmapi_span_fits_utm(const dtmapi_span *s, const double *lon, const double *lat,
                                  size_t n, dtmap_error *err) {
    char w[16], e[16], p[16], q[16], c[16], dist[32];
    if (s->n == 0) return DTMAP_OK;
    if (s->south < -80.0 || s->north > 84.0)
        return dtmap_error_set(err, DTMAP_ERR_CRS,
                               "data reach %s, beyond the latitudes of UTM (80S..84N): give "
                               "--crs (e.g. a polar stereographic CRS: EPSG:3413 north, "
                               "EPSG:3031 south)",
                               dtmapi_lat_text(s->north > 84.0 ? s->north : s->south, p, sizeof p));
    double cm, worst = -1, worst_scale = 1;
    int zone = dtmapi_utm_zone(s->mid_lon, &cm);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(lon[i]) || !isfinite(lat[i])) continue;
        double k, x = easting_km(lon[i], lat[i], cm, &k);
        if (x > worst) worst = x, worst_scale = k, at = i;
    }
    if (worst <= DTMAPI_UTM_REACH_KM) return DTMAP_OK;
    if (isfinite(worst))
        snprintf(dist, sizeof dist, "%s km", dtmapi_count_text(round(worst), q, sizeof q));
    else
        snprintf(dist, sizeof dist, "a quarter of the globe or more");
    char scale[32];
    if (isfinite(worst_scale))
        snprintf(scale, sizeof scale, "%.2f%%", 100.0 * (worst_scale - 1.0));
    else
        snprintf(scale, sizeof scale, "unbounded");
    dtmapi_lon_text(s->west, w, sizeof w);
    dtmapi_lon_text(s->east, e, sizeof e);
    dtmapi_lon_text(lon[at], p, sizeof p);
    dtmapi_lat_text(lat[at], q, sizeof q);
    dtmapi_lon_text(cm, c, sizeof c);
    return dtmap_error_set(err, DTMAP_ERR_CRS,
                           "data span %.2f degrees of longitude (%s..%s): too wide for one UTM "
                           "zone: the sample at %s %s is %s from the central meridian (%s) of "
                           "zone %d%c, where the scale error is %s; dtmap picks a UTM zone only "
                           "for data within %.0f km of its meridian (a zone's own edge is about "
                           "330 km out at the equator): give --crs (e.g. a national CRS, or "
                           "EPSG:3857 for an overview) or map each region in its own run",
                           s->width_deg, w, e, p, q, dist, c, zone, s->mid_lat >= 0 ? 'N' : 'S',
                           scale, DTMAPI_UTM_REACH_KM);
}
