/* values.h: option values from text: numbers, UTC offsets, name lists, and the bounds that keep
 * them sane (options.c applies them; each returns 1 for a good value, 0 for a bad one). */
#ifndef DTMAP_CLI_VALUES_H
#define DTMAP_CLI_VALUES_H

#include <stddef.h>

#include "dtmap/profile.h"

/* Option values in metres (--res, --radius, --areas-margin) stay below this: no projected CRS
 * spans 10,000 km, and larger values overflow the grid arithmetic (a --res of 1e308 gave an
 * extent of -inf..inf). */
#define CLI_MAX_LENGTH_M 1e7
/* --extent coordinates stay within this (false eastings with a zone prefix reach 4e7 m), so
 * XMAX - XMIN is finite. */
#define CLI_MAX_COORD_M 1e9
/* IDW weights are 1 / d^P: above this power they underflow to 0 for distances of a few hundred
 * metres and the map is silently empty (--power 1e308 left every cell nodata). */
#define CLI_MAX_POWER 20.0

/* The whole of s as a finite decimal number into *v (no hexadecimal: "0x10" is not 16 m). */
int cli_value_number(const char *s, double *v);

/* The whole of s as a whole number of at most 1e9 in magnitude into *v. */
int cli_value_int(const char *s, int *v);

/* "+08:00", "-0530", "+8", "UTC+8", "UTC", "Z" into *off_s, seconds east of UTC (at most 14 h). */
int cli_value_tz(const char *s, double *off_s);

/* A comma list of technologies (which 0: lte, nr, redcap, nbiot) or metrics (which 1: rsrp,
 * rsrq, sinr) into the bit mask *mask (1 << value); "all" gives 0. */
int cli_value_list(const char *s, int which, unsigned *mask);

/* Whether --threshold text (valid syntax: dtmap_thresholds_parse accepts it) lies inside the
 * valid range profile p gives its metric and technology; if not, says why in why[size] (a
 * threshold of 1e308 dBm made every sample weak without a word). */
int cli_value_threshold_ok(const char *text, const dtmap_profile *p, char *why, size_t size);

#endif
