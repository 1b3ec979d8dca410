/* thresholds.c: dtmap's default weak-coverage thresholds and the METRIC.TECH=VALUE parser. */
#include "dtmap/run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Sources: metrics.md (LTE RSRP < -110 dBm weak, SINR < 0 dB interference; NR coverage quoted
 * against SS-RSRP >= -105 dBm, SS-SINR >= -3 dB). RedCap takes NR's until profiles say more;
 * NB-IoT -115 dBm NRSRP and 0 dB SNR are dtmap's own choice, documented in the man page. */
void dtmap_thresholds_default(dtmap_thresholds *t) {
    memset(t, 0, sizeof *t);
    static const double rsrp[DTMAP_TECH_COUNT] = {-110, -105, -105, -115, 0};
    static const double sinr[DTMAP_TECH_COUNT] = {0, -3, -3, 0, 0};
    for (int tech = 0; tech < DTMAP_TECH_OTHER; tech++) {
        t->value[tech][DTMAP_METRIC_RSRP] = rsrp[tech];
        t->set[tech][DTMAP_METRIC_RSRP] = 1;
        t->value[tech][DTMAP_METRIC_SINR] = sinr[tech];
        t->set[tech][DTMAP_METRIC_SINR] = 1;
    }
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
