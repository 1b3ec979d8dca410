/* crs.h: the output coordinate reference system and the WGS 84 <-> grid transform (PROJ). */
#ifndef DTMAP_CRS_H
#define DTMAP_CRS_H

#include <stddef.h>

#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dtmap_crs dtmap_crs;

/* Creates the output CRS from anything PROJ accepts ("EPSG:4547", a PROJ string, WKT). With
 * def == NULL, picks the WGS 84 / UTM zone (EPSG:326zz north, 327zz south) containing
 * (lon, lat). The CRS must be projected with metre axes: a geographic or non-metric CRS is
 * DTMAP_ERR_CRS. Axis order is normalised so x is east(ing) and y north(ing) everywhere.
 * On success *out is owned by the caller: free with dtmap_crs_destroy. */
dtmap_status dtmap_crs_create(const char *def, double lon, double lat, dtmap_crs **out,
                              dtmap_error *err);
void dtmap_crs_destroy(dtmap_crs *crs);

/* Transforms n WGS 84 lon/lat pairs to grid x/y in metres (x, y may alias lon, lat). A point
 * that fails to transform becomes NAN/NAN; the function fails only on PROJ errors. */
dtmap_status dtmap_crs_forward(const dtmap_crs *crs, const double *lon, const double *lat, size_t n,
                               double *x, double *y, dtmap_error *err);
/* The inverse: grid x/y to WGS 84 lon/lat. Same aliasing and failure rules. */
dtmap_status dtmap_crs_inverse(const dtmap_crs *crs, const double *x, const double *y, size_t n,
                               double *lon, double *lat, dtmap_error *err);

/* WKT2 of the CRS, a short name ("WGS 84 / UTM zone 50N") and its authority id ("EPSG:32650",
 * or "" when it has none). Strings owned by crs, valid until dtmap_crs_destroy. */
const char *dtmap_crs_wkt(const dtmap_crs *crs);
const char *dtmap_crs_name(const dtmap_crs *crs);
const char *dtmap_crs_id(const dtmap_crs *crs);

#ifdef __cplusplus
}
#endif
#endif
