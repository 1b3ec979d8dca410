/* status.h: dtmap's one status enum, its messages, and the error detail that names the culprit. */
#ifndef DTMAP_STATUS_H
#define DTMAP_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/* The lifecycle rule, for every libdtmap type:
 * - a struct that owns memory is made ready by its _init or _default function (or, where its
 *   header says so, by zeroing) before its first use, and released by its _free or _destroy
 *   function, which accepts NULL and leaves a caller-held struct re-initialised for reuse;
 * - what a function returns through a pointer is the caller's from then on, released by the
 *   _free/_destroy its comment names; strings returned as const char * are static or live as
 *   long as the object they came from, and are never freed by the caller;
 * - on error a function's outputs are still safe to release with their _free (never half
 *   built and leaked), and err carries the detail; the library prints nothing and never exits;
 * - objects are not shared between threads unless a comment says so; read-only tables and the
 *   once-loaded default profile may be.
 * Every fallible libdtmap function returns one of these. The library never prints or exits;
 * the CLI maps DTMAP_ERR_USAGE to exit status 2 and every other error to 1. */
typedef enum dtmap_status {
    DTMAP_OK = 0,
    DTMAP_ERR_NOMEM,     /* out of memory */
    DTMAP_ERR_IO,        /* a file cannot be opened, read, written or renamed */
    DTMAP_ERR_FORMAT,    /* input is not a log dtmap understands (no position/metric column, ...) */
    DTMAP_ERR_CRS,       /* unknown or unusable coordinate reference system */
    DTMAP_ERR_USAGE,     /* an option or argument value is invalid */
    DTMAP_ERR_EMPTY,     /* nothing to map: no accepted sample, empty grid, ... */
    DTMAP_ERR_EXISTS,    /* an output exists and --overwrite was not given */
    DTMAP_ERR_GDAL,      /* GDAL/OGR reported an error */
    DTMAP_ERR_STRICT,    /* records were rejected and strict mode was on */
    DTMAP_ERR_CANCELLED, /* the caller's progress callback asked to stop */
    DTMAP_ERR_TOO_LARGE, /* the data or extent need a grid larger than dtmap allocates */
    DTMAP_STATUS_COUNT
} dtmap_status;

/* Error report filled by fallible functions: the status and a detail naming the culprit, for
 * example "drive1.csv:1234: RSRP -200 outside -156..-31 dBm". Caller-owned, no cleanup. */
typedef struct dtmap_error {
    dtmap_status status;
    char detail[1024];
} dtmap_error;

/* Returns a static, never-NULL message for a status ("out of memory", ...). */
const char *dtmap_strerror(dtmap_status status);

/* Fills err (if not NULL) with status and a printf-style detail; returns status, so callers
 * can write `return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));`. */
dtmap_status dtmap_error_set(dtmap_error *err, dtmap_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resets err to DTMAP_OK with an empty detail. Accepts NULL. */
void dtmap_error_clear(dtmap_error *err);

#ifdef __cplusplus
}
#endif
#endif
