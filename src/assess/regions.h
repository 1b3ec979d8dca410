/* regions.h (private): the one region labeller: cells of equal nonzero class joined 4-connected
 * into numbered regions, with each region's cells in fill order (gaps.c, areagaps.c). */
#ifndef DTMAP_ASSESS_REGIONS_H
#define DTMAP_ASSESS_REGIONS_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/status.h"

/* The regions of one grid. Region k (0-based) is numbered k + 1 in label; its cells are
 * cells[first[k]] .. cells[first[k + 1] - 1], starting with its seed (its first cell in
 * row-major order) and then in the order the flood fill reached them, so statistics summed
 * over that list are reproducible to the bit. */
typedef struct dtmapi_regions {
    int32_t *label; /* ncols * nrows: 0 = class 0, else region number (1..n); owned */
    size_t n;       /* regions */
    size_t *cells;  /* row-major indices of the labelled cells, region by region; owned */
    size_t *first;  /* n + 1 offsets into cells; owned */
} dtmapi_regions;

/* Labels the ncols x nrows grid cls (row-major, one class per cell, 0 = in no region): cells of
 * the same nonzero class that share an edge form one region. Regions are numbered in row-major
 * order of their seeds; the fill pops cells from a stack and pushes unlabelled neighbours of
 * the same class in the order above, left, right, below. *out is filled and owned by the
 * caller (dtmapi_regions_free). ctx names the caller in error details ("gaps", "area 'x'").
 * Errors: DTMAP_ERR_USAGE (missing argument, grid not positive, more than INT32_MAX regions),
 * DTMAP_ERR_NOMEM. On failure *out is empty. */
dtmap_status dtmapi_regions_label(const uint8_t *cls, int ncols, int nrows, const char *ctx,
                                  dtmapi_regions *out, dtmap_error *err);

/* Number of cells of region k (0-based, k < r->n). */
size_t dtmapi_regions_size(const dtmapi_regions *r, size_t k);

/* Frees what dtmapi_regions_label gave and zeroes *r. Accepts NULL. */
void dtmapi_regions_free(dtmapi_regions *r);

#endif
