/* class_list.c: coverage class lists (dtmap_class arrays, best first): the one class lookup of
 * dtmap (profiles, class rasters, charts and key figures all class values here) and the check
 * a list passes before it is used. */
#include "dtmap/profile.h"

#include <math.h>
#include <string.h>

/* See profile.h. */
int dtmap_colour_ok(const char *s) {
    if (s == NULL || s[0] != '#' || strlen(s) != 7) return 0;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i])) return 0;
    return 1;
}

/* See profile.h. */
dtmap_status dtmap_classes_check(const dtmap_class *classes, int n, dtmap_error *err) {
    if (classes == NULL || n < 1 || n > 255)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "classes: %d classes (need 1 to 255)",
                               classes == NULL ? 0 : n);
    for (int i = 0; i < n; i++) {
        const dtmap_class *c = &classes[i];
        if (!dtmap_colour_ok(c->colour))
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "classes: class %d (%.32s): colour '%.8s' is not #rrggbb", i + 1,
                                   c->name, c->colour);
        if (i == n - 1) break; /* the last class is unbounded below */
        if (!isfinite(c->lower))
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "classes: class %d (%.32s): lower bound is not finite", i + 1,
                                   c->name);
        if (i > 0 && !(c->lower < classes[i - 1].lower))
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "classes: class %d (%.32s): lower bound %g not below %g", i + 1,
                                   c->name, c->lower, classes[i - 1].lower);
    }
    return DTMAP_OK;
}

/* See profile.h. */
int dtmap_class_index(const dtmap_class *classes, int n, double v) {
    if (classes == NULL || n <= 0 || isnan(v)) return -1;
    for (int i = 0; i < n - 1; i++)
        if (v >= classes[i].lower) return i;
    return n - 1;
}
