/* quectel_fields.c: field splitting, numbers, unknown markers and the sample check (ranges from
 * validate.c) shared by the Quectel AT-transcript reader's response parsers. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ingest/quectel.h"
#include "ingest/validate.h"

/* Trims blanks and one pair of surrounding double quotes in place; returns the start. */
static char *trim(char *s) {
    s = dtmapi_trim(s, NULL);
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        s[n - 1] = '\0';
        s++;
    }
    return s;
}

size_t dtmapi_q_split(char *s, char **f, size_t maxf) {
    size_t n = 0;
    char *p = s;
    while (n + 1 < maxf) {
        char *c = strchr(p, ',');
        if (!c) break;
        *c = '\0';
        f[n++] = trim(p);
        p = c + 1;
    }
    f[n++] = trim(p);
    return n;
}

/* Values modules print for "unknown" in numeric fields (NUESTATS, some QENG firmwares). */
static int unknown_marker(double v) {
    return v == -32768.0 || v == 65535.0 || v == 4294967295.0;
}

int dtmapi_q_num(char *s, double *v) {
    int rc = dtmapi_ingest_parse_number(s, ',', v);
    if (rc == 1 && unknown_marker(*v)) return 0;
    return rc;
}

int64_t dtmapi_q_id(char *s) {
    double v;
    if (dtmapi_q_num(s, &v) != 1 || !isfinite(v) || v < 0 || v != floor(v) || v > 1e15) return -1;
    return (int64_t)v;
}

int64_t dtmapi_q_hex(const char *s) {
    while (*s == ' ')
        s++;
    if (*s == '\0' || strcmp(s, "-") == 0) return -1;
    char *end;
    long long v = strtoll(s, &end, 16);
    if (*end != '\0' || v < 0) return -1;
    return (int64_t)v;
}

dtmap_sample dtmapi_q_sample(const qreader *r, dtmap_tech tech) {
    dtmap_sample s = dtmap_sample_blank();
    s.tech = (uint8_t)tech;
    s.time_s = r->t;
    s.time_utc = (uint8_t)r->utc;
    return s;
}

int dtmapi_q_check(const dtmap_ingest_opts *opts, const dtmap_sample *s,
                   dtmap_reject_reason *reason, char *detail, size_t n) {
    dtmap_metric m;
    double lo, hi;
    int rc = dtmapi_ingest_sample_in_range(opts, s, &m, &lo, &hi);
    if (rc == 0) {
        *reason = DTMAP_REJ_NO_METRIC;
        snprintf(detail, n, "no RSRP, RSRQ or SINR measured");
        return 0;
    }
    if (s->tech >= DTMAP_TECH_OTHER) { /* no ranges, so rc is 1 here */
        *reason = DTMAP_REJ_TECH;
        snprintf(detail, n, "technology %s is not mapped", dtmap_tech_name(s->tech));
        return 0;
    }
    if (rc < 0) {
        *reason = dtmapi_ingest_range_reason(m);
        snprintf(detail, n, "%s %g %s outside %g..%g (%s)", dtmap_metric_label(m),
                 (double)s->value[m], dtmap_metric_unit(m), lo, hi,
                 dtmap_tech_label((dtmap_tech)s->tech));
        return 0;
    }
    return 1;
}

dtmap_status dtmapi_q_reject(qreader *r, dtmap_reject_reason reason, dtmap_error *err,
                             const char *fmt, ...) {
    char detail[sizeof((dtmap_reject *)0)->detail];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return dtmapi_ingest_sink_reject(r->k, r->line, reason, err, "%s", detail);
}
