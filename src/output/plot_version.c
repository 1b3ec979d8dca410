/* plot_version.c: the version of the PLplot library that the charts are drawn with. */
#include <stdio.h>

#include <plplot.h>

#include "dtmap/plot.h"

/* plgver copies PLplot's version string; it is copied again to cut it to the caller's size. */
char *dtmap_plot_version(char *buf, size_t size) {
    char ver[DTMAP_PLOT_VERSION_MAX] = "";
    if (!buf || size == 0) return buf;
    plgver(ver);
    snprintf(buf, size, "%s", ver);
    return buf;
}
