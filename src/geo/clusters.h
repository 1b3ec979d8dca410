/* clusters.h (private): the places a data set falls into: samples grouped by the coarse cells
 * they occupy, touching cells joined, so that an error about a grid too large can say where
 * the data are ("2 clusters: 2,811 samples around 113.26E 23.13N, ..."). */
#ifndef DTMAP_GEO_CLUSTERS_H
#define DTMAP_GEO_CLUSTERS_H

#include <stddef.h>

#include "dtmap/crs.h"
#include "dtmap/status.h"

/* Cell size of the grouping: samples less than about this far apart are one cluster. */
#define DTMAPI_CLUSTER_CELL_M 10000.0

/* One cluster: its samples and their mean position in the CRS (metres). */
typedef struct dtmapi_cluster {
    size_t n;
    double x, y;
} dtmapi_cluster;

/* Groups the n points (x[i], y[i]) (CRS metres; points with a non-finite coordinate are
 * skipped) into clusters: points in the same cell_m x cell_m cell (cells snapped to whole
 * multiples of cell_m) are together, and cells that touch, by an edge or a corner, join. The
 * clusters are sorted by size, largest first, then west to east and south to north. On success
 * *out (NULL when *nout is 0) is the caller's: free(). Errors: DTMAP_ERR_USAGE for a cell_m
 * that is not positive or would overflow a cell index, DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_clusters_find(const double *x, const double *y, size_t n, double cell_m,
                                  dtmapi_cluster **out, size_t *nout, dtmap_error *err);

/* Writes "2 clusters: 6 samples around 113.26E 23.13N, 5 around 120.15E 30.27N" into buf (len
 * bytes, NUL-terminated; cut short when it does not fit): the nc clusters c, at most max of
 * them named ("..., and 3 more"), their positions turned to WGS 84 with crs. Returns buf. */
char *dtmapi_clusters_text(const dtmapi_cluster *c, size_t nc, size_t max, const dtmap_crs *crs,
                           char *buf, size_t len);

#endif
