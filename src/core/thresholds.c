/* thresholds.c: dtmap's default weak-coverage thresholds and the METRIC.TECH=VALUE parser. */
#include "dtmap/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void dtmap_thresholds_from_profile(dtmap_thresholds *t, const dtmap_profile *p) {
    memset(t, 0, sizeof *t);
    for (int tech = 0; tech < DTMAP_TECH_OTHER; tech++)
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            const dtmap_sourced *w = &p->tech[tech].weak[m];
            if (!w->set) continue;
            t->value[tech][m] = w->value;
            t->set[tech][m] = 1;
            /* "profile NAME: SOURCE", cut to fit (the profile file has the whole text) */
            size_t cap = sizeof t->source[tech][m];
            int len = snprintf(t->source[tech][m], cap, "profile %.40s: ", p->name);
            if (len > 0 && (size_t)len < cap)
                snprintf(t->source[tech][m] + len, cap - (size_t)len, "%.*s",
                         (int)(cap - (size_t)len - 1), w->source);
        }
}

void dtmap_thresholds_default(dtmap_thresholds *t) {
    dtmap_thresholds_from_profile(t, dtmap_profile_default());
}

dtmap_status dtmap_thresholds_parse(dtmap_thresholds *t, const char *text, dtmap_error *err) {
    char metric_s[16], tech_s[16];
    const char *dot = strchr(text, '.');
    const char *eq = strchr(text, '=');
    dtmap_metric metric;
    dtmap_tech tech;
    if (!dot || !eq || eq < dot || (size_t)(dot - text) >= sizeof metric_s ||
        (size_t)(eq - dot - 1) >= sizeof tech_s)
        goto bad;
    memcpy(metric_s, text, (size_t)(dot - text));
    metric_s[dot - text] = '\0';
    memcpy(tech_s, dot + 1, (size_t)(eq - dot - 1));
    tech_s[eq - dot - 1] = '\0';
    if (dtmap_metric_parse(metric_s, &metric) != 0 || dtmap_tech_parse(tech_s, &tech) != 0 ||
        tech == DTMAP_TECH_OTHER)
        goto bad;
    snprintf(t->source[tech][metric], sizeof t->source[tech][metric],
             "command line (--threshold %s)", text);
    if (strcasecmp(eq + 1, "none") == 0) {
        t->set[tech][metric] = 0;
        return DTMAP_OK;
    }
    char *end;
    double v = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != '\0' || !isfinite(v)) goto bad;
    t->value[tech][metric] = v;
    t->set[tech][metric] = 1;
    return DTMAP_OK;
bad:
    return dtmap_error_set(err, DTMAP_ERR_USAGE,
                           "--threshold '%s': expected METRIC.TECH=VALUE with METRIC rsrp, rsrq "
                           "or sinr, TECH lte, nr, redcap or nbiot, VALUE a number or none",
                           text);
}
