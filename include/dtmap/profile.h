/* profile.h: technology profiles: per technology the valid reporting ranges, the coverage
 * classes and the weak-coverage / interference thresholds, each with where it comes from.
 * Profiles are data: text files under data/profiles/ (built into the binary) or the user's own
 * file; every report names the profile and the thresholds it used. */
#ifndef DTMAP_PROFILE_H
#define DTMAP_PROFILE_H

#include <stddef.h>

#include "dtmap/sample.h"
#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DTMAP_PROFILE_MAX_CLASSES 8
#define DTMAP_PROFILE_SOURCE 160 /* bytes of a "where it comes from" text */

/* One coverage class of a metric: values >= lower (and below the previous class's lower)
 * belong to it; the last class of a list has lower = -INFINITY. Classes are listed best
 * first. colour is "#rrggbb" (for styles and charts). */
typedef struct dtmap_class {
    char name[32];
    double lower;
    char colour[8];
} dtmap_class;

/* A number with its source. */
typedef struct dtmap_sourced {
    int set; /* 0: not given for this technology */
    double value;
    char source[DTMAP_PROFILE_SOURCE];
} dtmap_sourced;

/* What a profile says about one technology. */
typedef struct dtmap_tech_profile {
    int present;                       /* the profile has a section for it */
    int has_range[DTMAP_METRIC_COUNT]; /* valid reporting range */
    double range_lo[DTMAP_METRIC_COUNT], range_hi[DTMAP_METRIC_COUNT];
    char range_source[DTMAP_METRIC_COUNT][DTMAP_PROFILE_SOURCE];
    dtmap_sourced weak[DTMAP_METRIC_COUNT]; /* below: weak coverage (RSRP, RSRQ) or
                                               interference (SINR) */
    dtmap_class classes[DTMAP_METRIC_COUNT][DTMAP_PROFILE_MAX_CLASSES];
    int nclasses[DTMAP_METRIC_COUNT]; /* 0: no classes for the metric */
    char classes_source[DTMAP_METRIC_COUNT][DTMAP_PROFILE_SOURCE];
} dtmap_tech_profile;

/* A whole profile. A plain value: copy it freely, no destroy needed. */
typedef struct dtmap_profile {
    char name[64];    /* "name = ..." in the file */
    char origin[256]; /* "built-in NAME" or the path it was read from */
    char description[256];
    dtmap_tech_profile tech[DTMAP_TECH_COUNT]; /* indexed by dtmap_tech (OTHER unused) */
    dtmap_sourced ecl_ce2_share; /* NB-IoT: a cell is a CE2 gap when this share (0..1) of its
                                    samples used CE2 */
} dtmap_profile;

/* Names of the built-in profiles (the files of data/profiles/ compiled in), NULL-terminated;
 * the first is the default. Static storage. */
const char *const *dtmap_profile_builtin_names(void);

/* Loads a built-in profile by name (exact match, tried first), or else a profile file by path,
 * into *p (format: data/profiles/README.md). Errors: DTMAP_ERR_IO (no such built-in name and
 * the file cannot be read; detail lists the built-in names), DTMAP_ERR_FORMAT (detail
 * "path:line: what is wrong", or "path: what" for a missing name or section), DTMAP_ERR_USAGE
 * (NULL name). On error *p is zeroed. */
dtmap_status dtmap_profile_load(const char *name_or_path, dtmap_profile *p, dtmap_error *err);

/* The default built-in profile (loaded once; the pointer is to static storage). Never NULL:
 * the built-in text is checked by the tests. */
const dtmap_profile *dtmap_profile_default(void);

/* Index of the class of v for tech/metric (0 = best), or -1 when the metric has no classes
 * or v is NAN: dtmap_class_index on the profile's list. */
int dtmap_profile_class(const dtmap_profile *p, dtmap_tech tech, dtmap_metric metric, double v);

/* ---- class lists (best first, the last one unbounded): core/class_list.c ---- */

/* 1 if s is a colour as classes and styles spell it: "#rrggbb", hex digits of either case. */
int dtmap_colour_ok(const char *s);

/* Checks a class list before it is styled or used to classify: 1 <= n <= 255, every lower
 * bound but the last finite and strictly below the previous one, every colour "#rrggbb".
 * The last class takes every value below the one before it, whatever its own lower says.
 * Errors: DTMAP_ERR_USAGE, detail "classes: class 3 (good): what". */
dtmap_status dtmap_classes_check(const dtmap_class *classes, int n, dtmap_error *err);

/* Index (0 = best) of the class of v: the first class whose lower bound v reaches (a value on
 * a bound belongs to the better class), else the last; -1 for NAN or n <= 0. */
int dtmap_class_index(const dtmap_class *classes, int n, double v);

#ifdef __cplusplus
}
#endif
#endif
