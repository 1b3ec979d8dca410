/* crs.h: the output coordinate reference system and the WGS 84 <-> grid transform (PROJ). */
#ifndef DTMAP_CRS_H
#define DTMAP_CRS_H

#include <stddef.h>

#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dtmap_crs dtmap_crs;

/* Creates the output CRS from def: an authority code ("EPSG:32650", "epsg:32650", a URN), WKT,
 * PROJJSON, a PROJ string ("+proj=utm +zone=50 +datum=WGS84"; "+type=crs" is implied), or the
 * exact name (or alias) of a CRS in PROJ's database, compared without regard to case ("WGS 84 / UTM
 * zone 50N"). A name PROJ only matches approximately is refused, listing the nearest CRSs with
 * their codes (PROJ would take "UTM 50N" for Timbalai 1948 / UTM zone 50N). With def NULL or "auto"
 * (any case), picks the WGS 84 / UTM zone (EPSG:326zz north, 327zz south) containing (lon, lat).
 * The CRS must be projected with metre axes. Axis order is normalised so x is east(ing) and y
 * north(ing) everywhere. Errors: DTMAP_ERR_USAGE when def does not give a usable CRS (unknown,
 * an approximate name, geographic, not in metres; the detail names def), DTMAP_ERR_CRS when no
 * UTM zone fits (lon, lat) or PROJ has no transformation from WGS 84, DTMAP_ERR_NOMEM. On
 * success *out is owned by the caller: free with dtmap_crs_destroy. */
dtmap_status dtmap_crs_create(const char *def, double lon, double lat, dtmap_crs **out,
                              dtmap_error *err);
void dtmap_crs_destroy(dtmap_crs *crs);

/* 1 when def asks dtmap to pick the CRS (NULL or "auto", any case), else 0. */
int dtmap_crs_is_auto(const char *def);

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
