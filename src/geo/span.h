/* span.h (private): where the samples lie in degrees (the smallest longitude interval that
 * covers them, across the antimeridian when that is shorter, and their latitudes), the WGS 84 /
 * UTM zone of a longitude, and whether the samples fit the zone dtmap picks by itself. */
#ifndef DTMAP_GEO_SPAN_H
#define DTMAP_GEO_SPAN_H

#include <stddef.h>

#include "dtmap/status.h"

/* Farthest a sample may lie east or west of the central meridian of the automatic UTM zone, in
 * km. A UTM zone is 6 degrees wide (about 330 km either side of its meridian at the equator,
 * where the scale error reaches 0.1%); transverse Mercator's scale error grows with the square
 * of that distance: 0.27% at 500 km, 0.5% at 700 km, 1.2% at 1000 km. Beyond 500 km, lengths
 * and areas in the maps would be off by more than a quarter to half a percent and a grid over
 * such data is mostly empty cells: the data want a CRS chosen for them. */
#define DTMAPI_UTM_REACH_KM 500.0

/* The samples' extent in degrees. */
typedef struct dtmapi_span {
    size_t n;          /* points with finite lon and lat */
    double west, east; /* west in [-180, 180); east = west + width_deg, so it may pass 180 */
    double width_deg;  /* east - west: 0 .. < 360 */
    double south, north;
    double mid_lon; /* west + width_deg / 2, normalised to [-180, 180) */
    double mid_lat; /* (south + north) / 2 */
} dtmapi_span;

/* The span of the n points (lon[i], lat[i]); points with a non-finite coordinate are skipped.
 * The longitude interval is the shortest that covers every longitude: the complement of the
 * largest gap between neighbouring longitudes around the circle (so 179.9E and 179.9W span 0.2
 * degrees, not 359.8); with equal gaps the interval that does not cross 180 wins. With no point
 * *out is zero with n 0. Errors: DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_span_of(const double *lon, const double *lat, size_t n, dtmapi_span *out,
                            dtmap_error *err);

/* Longitude normalised to [-180, 180). */
double dtmapi_lon_normalise(double lon);

/* WGS 84 / UTM zone (1..60) containing longitude lon (any value; normalised first), and its
 * central meridian in degrees (may be NULL). The Norway and Svalbard exceptions are not
 * applied. */
int dtmapi_utm_zone(double lon, double *central_meridian);

/* Checks that the span s of the n points (lon, lat) fits the UTM zone dtmap would pick for it
 * (the zone of s->mid_lon, north when s->mid_lat >= 0): every point within UTM's latitudes
 * (80S..84N) and within DTMAPI_UTM_REACH_KM east or west of the zone's central meridian
 * (spherical transverse Mercator easting). DTMAP_ERR_CRS otherwise, with a detail that gives
 * the span, the farthest point and its distance, and suggests --crs. */
dtmap_status dtmapi_span_fits_utm(const dtmapi_span *s, const double *lon, const double *lat,
                                  size_t n, dtmap_error *err);

/* "113.26E" / "0.50W" (lon normalised) and "23.13N" / "16.80S": two decimals, about 1 km.
 * buf gets at most len bytes, always NUL-terminated (len > 0). Returns buf. */
char *dtmapi_lon_text(double lon, char *buf, size_t len);
char *dtmapi_lat_text(double lat, char *buf, size_t len);

/* A whole count with thousands separators ("34,319"; negative and non-finite values as
 * "%g"). Returns buf (len > 0). */
char *dtmapi_count_text(double count, char *buf, size_t len);

#endif
