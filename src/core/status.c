/* status.c: messages for dtmap_status and the error-detail helpers. */
#include "dtmap/status.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const messages[DTMAP_STATUS_COUNT] = {
    [DTMAP_OK] = "ok",
    [DTMAP_ERR_NOMEM] = "out of memory",
    [DTMAP_ERR_IO] = "input/output error",
    [DTMAP_ERR_FORMAT] = "unrecognised input format",
    [DTMAP_ERR_CRS] = "coordinate reference system error",
    [DTMAP_ERR_USAGE] = "invalid option or argument",
    [DTMAP_ERR_EMPTY] = "nothing to map",
    [DTMAP_ERR_EXISTS] = "output exists (use --overwrite)",
    [DTMAP_ERR_GDAL] = "GDAL error",
    [DTMAP_ERR_STRICT] = "records rejected in strict mode",
    [DTMAP_ERR_CANCELLED] = "cancelled",
    [DTMAP_ERR_TOO_LARGE] = "grid too large",
};

const char *dtmap_strerror(dtmap_status status) {
    if ((unsigned)status >= DTMAP_STATUS_COUNT) return "unknown status";
    return messages[status];
}

dtmap_status dtmap_error_set(dtmap_error *err, dtmap_status status, const char *fmt, ...) {
    if (err) {
        va_list ap;
        err->status = status;
        va_start(ap, fmt);
        vsnprintf(err->detail, sizeof err->detail, fmt, ap);
        va_end(ap);
    }
    return status;
}

void dtmap_error_clear(dtmap_error *err) {
    if (!err) return;
    err->status = DTMAP_OK;
    err->detail[0] = '\0';
}
