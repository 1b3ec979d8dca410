/* gdalutil.c: GDAL driver lookup, error details and quiet scopes shared by the output writers. */
#include "core/gdalutil.h"

#include <cpl_conv.h>
#include <cpl_error.h>

GDALDriverH dtmapi_gdalutil_driver(const char *name) {
    GDALDriverH drv = GDALGetDriverByName(name);
    if (drv == NULL) {
        GDALAllRegister();
        drv = GDALGetDriverByName(name);
    }
    return drv;
}

dtmap_status dtmapi_gdalutil_fail(dtmap_error *err, const char *path, const char *what) {
    const char *msg = CPLGetLastErrorMsg();
    return dtmap_error_set(err, DTMAP_ERR_GDAL, "%s: %s: %s", path, what,
                           (msg != NULL && msg[0] != '\0') ? msg : "unknown GDAL error");
}

int dtmapi_gdalutil_failed(void) {
    return CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal;
}

void dtmapi_gdalutil_enter(gdalutil_scope *sc, const char *key, const char *value) {
    const char *old = CPLGetThreadLocalConfigOption(key, NULL);
    sc->key = key;
    sc->saved = old != NULL ? CPLStrdup(old) : NULL;
    CPLSetThreadLocalConfigOption(key, value);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
}

void dtmapi_gdalutil_leave(gdalutil_scope *sc) {
    CPLPopErrorHandler();
    CPLSetThreadLocalConfigOption(sc->key, sc->saved);
    CPLFree(sc->saved);
    sc->saved = NULL;
}
