/* cellkind.c: what each grid cell means for a planner (covered, weak, interference,
 * unmeasured): the kind names and colours, the per-cell classification and counts. The kind
 * raster and its QGIS style are files, written by output/cellkind_raster.c. */
#include "dtmap/cellkind.h"

#include <math.h>

/* Names by kind, as cellkind.h lists them. */
static const char *const NAMES[DTMAP_KIND_COUNT] = {"none", "covered", "weak", "interference",
                                                    "unmeasured"};

/* The four kinds as classes (covered first), colours from cellkind.h. */
static const dtmap_class CLASSES[DTMAP_KIND_COUNT - 1] = {
    {"covered", NAN, "#1a9641"},
    {"weak", NAN, "#d7191c"},
    {"interference", NAN, "#fdae61"},
    {"unmeasured", NAN, "#9e9e9e"},
};

/* See cellkind.h. */
const dtmap_cellkind dtmap_gap_kinds[DTMAP_GAP_KIND_COUNT] = {
    DTMAP_KIND_WEAK, DTMAP_KIND_INTERFERENCE, DTMAP_KIND_UNMEASURED};

/* See cellkind.h. */
const char *dtmap_cellkind_name(dtmap_cellkind kind) {
    return (unsigned)kind < DTMAP_KIND_COUNT ? NAMES[kind] : "?";
}

/* See cellkind.h. */
const dtmap_class *dtmap_cellkind_classes(void) {
    return CLASSES;
}

/* 1 if a cell value is a measurement: finite and not the nodata value. */
static int measured(float v, float nodata) {
    return isfinite(v) && v != nodata;
}

/* See cellkind.h. The SINR threshold is "in use" when the rule has one and a SINR layer is
 * given; only then must it be finite. Comparisons are made in double precision, so a cell
 * exactly on a threshold is on the good side of it. */
dtmap_status dtmap_cellkind_classify(size_t ncells, const float *rsrp, const float *sinr,
                                     float nodata, const dtmap_cellkind_rule *rule, uint8_t *out,
                                     dtmap_error *err) {
    if (rsrp == NULL || rule == NULL || out == NULL)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "cell kinds: missing rsrp, rule or output");
    if (!isfinite(rule->rsrp_threshold))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "cell kinds: RSRP threshold %g is not finite",
                               rule->rsrp_threshold);
    int use_sinr = rule->has_sinr && sinr != NULL;
    if (use_sinr && !isfinite(rule->sinr_threshold))
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "cell kinds: SINR threshold %g is not finite",
                               rule->sinr_threshold);
    for (size_t i = 0; i < ncells; i++) {
        if (!measured(rsrp[i], nodata))
            out[i] = DTMAP_KIND_UNMEASURED;
        else if ((double)rsrp[i] < rule->rsrp_threshold)
            out[i] = DTMAP_KIND_WEAK;
        else if (use_sinr && measured(sinr[i], nodata) && (double)sinr[i] < rule->sinr_threshold)
            out[i] = DTMAP_KIND_INTERFERENCE;
        else
            out[i] = DTMAP_KIND_COVERED;
    }
    return DTMAP_OK;
}

/* See cellkind.h. Values above the last kind are not counted. */
void dtmap_cellkind_count(const uint8_t *kinds, size_t ncells, size_t counts[DTMAP_KIND_COUNT]) {
    for (int k = 0; k < DTMAP_KIND_COUNT; k++)
        counts[k] = 0;
    for (size_t i = 0; kinds != NULL && i < ncells; i++)
        if (kinds[i] < DTMAP_KIND_COUNT) counts[kinds[i]]++;
}
