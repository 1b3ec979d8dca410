/* gdalutil.h (private): what every GDAL-writing file in src/output shares: driver lookup, error
 * details from GDAL's last message, and a scope that keeps GDAL quiet and sets one option. */
#ifndef DTMAP_GDALUTIL_H
#define DTMAP_GDALUTIL_H

#include <gdal.h>

#include "dtmap/status.h"

/* Returns the named GDAL driver, registering all drivers the first time one is missing; NULL
 * if GDAL has no such driver. */
GDALDriverH dtmapi_gdalutil_driver(const char *name);

/* Fills err with DTMAP_ERR_GDAL naming the path, the failed step and GDAL's last message;
 * returns DTMAP_ERR_GDAL. */
dtmap_status dtmapi_gdalutil_fail(dtmap_error *err, const char *path, const char *what);

/* 1 if GDAL reported a failure since the last CPLErrorReset (warnings do not count). */
int dtmapi_gdalutil_failed(void);

/* GDAL state held for the length of one library call: a quiet error handler (the library never
 * prints; messages are kept for error details) and one thread-local config option, both
 * restored by dtmapi_gdalutil_leave. */
typedef struct gdalutil_scope {
    const char *key;
    char *saved; /* CPLStrdup'd previous value or NULL */
} gdalutil_scope;

void dtmapi_gdalutil_enter(gdalutil_scope *sc, const char *key, const char *value);
void dtmapi_gdalutil_leave(gdalutil_scope *sc);

#endif
