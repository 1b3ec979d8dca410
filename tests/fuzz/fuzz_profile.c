/* fuzz_profile.c: libFuzzer target for the technology-profile parser (src/core/profile_parse.c):
 * each input is a profile file loaded with dtmap_profile_load; a profile it accepts must keep
 * the promises of profile.h (classes best first ending at -inf, ranges in order) and answer
 * class lookups. */
#include "fuzz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dtmap/profile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

/* Aborts with what broke (the fuzzer keeps the input). */
static void broken(const char *what, int tech, int metric) {
    fprintf(stderr, "fuzz_profile: accepted profile breaks profile.h: %s (tech %d, metric %d)\n",
            what, tech, metric);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const double probes[] = {-INFINITY, -200, -140, -110, -20, 0, 30, 1e308, NAN};
    dtmap_profile p;
    dtmap_error err;
    if (dtmap_profile_load(fuzz_file(0, data, size), &p, &err) != DTMAP_OK) {
        if (fuzz_verbose()) fprintf(stderr, "fuzz_profile: %s\n", err.detail);
        return 0;
    }
    if (fuzz_verbose()) fprintf(stderr, "fuzz_profile: profile '%s' read\n", p.name);
    for (int t = 0; t < DTMAP_TECH_COUNT; t++) {
        const dtmap_tech_profile *tp = &p.tech[t];
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            int n = tp->nclasses[m];
            if (n < 0 || n > DTMAP_PROFILE_MAX_CLASSES) broken("class count", t, m);
            if (tp->has_range[m] && !(tp->range_lo[m] <= tp->range_hi[m]))
                broken("range lo > hi", t, m);
            for (int c = 1; c < n; c++)
                if (!(tp->classes[m][c].lower < tp->classes[m][c - 1].lower))
                    broken("classes not best first", t, m);
            if (n > 0 && tp->classes[m][n - 1].lower != -INFINITY)
                broken("last class does not end at -inf", t, m);
            for (size_t k = 0; k < sizeof probes / sizeof *probes; k++) {
                int c = dtmap_profile_class(&p, (dtmap_tech)t, (dtmap_metric)m, probes[k]);
                if (c >= n || (n > 0 && !isnan(probes[k]) && c < 0)) broken("class lookup", t, m);
            }
        }
    }
    return 0;
}
