/* values.c: option values from text and their bounds (see values.h). */
#include "cli/values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/run.h"

/* See values.h for the contracts of the functions below. */
int cli_value_number(const char *s, double *v) {
    char *end;
    if (strpbrk(s, "xX")) return 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(*v);
}

int cli_value_int(const char *s, int *v) {
    double d;
    if (!cli_value_number(s, &d) || d != floor(d) || fabs(d) > 1e9) return 0;
    *v = (int)d;
    return 1;
}

int cli_value_tz(const char *s, double *off) {
    if (!strcmp(s, "UTC") || !strcmp(s, "utc") || !strcmp(s, "Z")) {
        *off = 0;
        return 1;
    }
    if (!strncmp(s, "UTC", 3)) s += 3;
    int sign = *s == '-' ? -1 : *s == '+' ? 1 : 0;
    if (!sign) return 0;
    s++;
    int h = 0, m = 0, nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 2)
        h = h * 10 + (*s++ - '0'), nd++;
    if (!nd) return 0;
    if (*s == ':') s++;
    if (*s) {
        if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && !s[2])) return 0;
        m = (s[0] - '0') * 10 + (s[1] - '0');
    }
    if (h > 14 || m > 59) return 0;
    *off = sign * (h * 3600.0 + m * 60.0);
    return 1;
}

int cli_value_list(const char *s, int which, unsigned *mask) {
    char buf[128];
    if (!strcmp(s, "all")) {
        *mask = 0;
        return 1;
    }
    snprintf(buf, sizeof buf, "%s", s);
    *mask = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        dtmap_tech tech;
        dtmap_metric metric;
        if (which == 0 && dtmap_tech_parse(t, &tech) == 0 && tech != DTMAP_TECH_OTHER)
            *mask |= 1u << tech;
        else if (which == 1 && dtmap_metric_parse(t, &metric) == 0)
            *mask |= 1u << metric;
        else
            return 0;
    }
    return *mask != 0;
}

int cli_value_threshold_ok(const char *text, const dtmap_profile *p, char *why, size_t size) {
    dtmap_thresholds one;
    dtmap_error err;
    memset(&one, 0, sizeof one);
    if (dtmap_thresholds_parse(&one, text, &err) != DTMAP_OK) return 1;
    for (int t = 0; t < DTMAP_TECH_COUNT; t++)
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            const dtmap_tech_profile *tp = &p->tech[t];
            double v = one.value[t][m];
            if (!one.set[t][m] || !tp->has_range[m] ||
                (v >= tp->range_lo[m] && v <= tp->range_hi[m]))
                continue;
            snprintf(why, size, "outside range.%s %g..%g of [%s] in profile %s",
                     dtmap_metric_name((dtmap_metric)m), tp->range_lo[m], tp->range_hi[m],
                     dtmap_tech_name((dtmap_tech)t), p->name);
            return 0;
        }
    return 1;
}
