/* version.c: libdtmap's version and those of GDAL, PROJ and libcsv that it runs with. */
#include "dtmap/version.h"

#include <csv.h>
#include <gdal.h>
#include <proj.h>

#define STR_(x) #x
#define STR(x) STR_(x)

/* DTMAP_VERSION_STRING as compiled into the library (a program's own headers may differ). */
const char *dtmap_version(void) {
    return DTMAP_VERSION_STRING;
}

/* GDAL's release name; the string is GDAL's, valid until its next GDALVersionInfo call in this
 * thread. */
const char *dtmap_version_gdal(void) {
    return GDALVersionInfo("RELEASE_NAME");
}

/* PROJ's "MAJOR.MINOR.PATCH" (proj_info().version; .release is the longer "Rel. 9.1.1, December
 * 1st, 2022"), static storage in PROJ. */
const char *dtmap_version_proj(void) {
    return proj_info().version;
}

/* csv.h's version macros as "MAJOR.MINOR.RELEASE", static storage. */
const char *dtmap_version_csv(void) {
    return STR(CSV_MAJOR) "." STR(CSV_MINOR) "." STR(CSV_RELEASE);
}
