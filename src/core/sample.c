/* sample.c: technology and metric names, and the growable sample set. */
#include "dtmap/sample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const tech_names[DTMAP_TECH_COUNT] = {"lte", "nr", "redcap", "nbiot", "other"};
static const char *const tech_labels[DTMAP_TECH_COUNT] = {"LTE", "NR", "NR RedCap", "NB-IoT",
                                                          "other"};
static const char *const metric_names[DTMAP_METRIC_COUNT] = {"rsrp", "rsrq", "sinr"};
static const char *const metric_labels[DTMAP_METRIC_COUNT] = {"RSRP", "RSRQ", "SINR"};
static const char *const metric_units[DTMAP_METRIC_COUNT] = {"dBm", "dB", "dB"};

const char *dtmap_tech_name(dtmap_tech tech) {
    return (unsigned)tech < DTMAP_TECH_COUNT ? tech_names[tech] : "other";
}

const char *dtmap_tech_label(dtmap_tech tech) {
    return (unsigned)tech < DTMAP_TECH_COUNT ? tech_labels[tech] : "other";
}

int dtmap_tech_parse(const char *name, dtmap_tech *tech) {
    for (int i = 0; i < DTMAP_TECH_COUNT; i++)
        if (name && strcasecmp(name, tech_names[i]) == 0) {
            *tech = (dtmap_tech)i;
            return 0;
        }
    return -1;
}

const char *dtmap_metric_name(dtmap_metric m) {
    return (unsigned)m < DTMAP_METRIC_COUNT ? metric_names[m] : "?";
}

const char *dtmap_metric_label(dtmap_metric m) {
    return (unsigned)m < DTMAP_METRIC_COUNT ? metric_labels[m] : "?";
}

const char *dtmap_metric_unit(dtmap_metric m) {
    return (unsigned)m < DTMAP_METRIC_COUNT ? metric_units[m] : "";
}

int dtmap_metric_parse(const char *name, dtmap_metric *metric) {
    for (int i = 0; i < DTMAP_METRIC_COUNT; i++)
        if (name && strcasecmp(name, metric_names[i]) == 0) {
            *metric = (dtmap_metric)i;
            return 0;
        }
    return -1;
}

int dtmap_metric_is_power(dtmap_metric metric) {
    return metric == DTMAP_METRIC_RSRP;
}

void dtmap_samples_init(dtmap_samples *set) {
    memset(set, 0, sizeof *set);
}

void dtmap_samples_free(dtmap_samples *set) {
    if (!set) return;
    for (size_t i = 0; i < set->nfiles; i++)
        free(set->files[i]);
    free(set->files);
    free(set->v);
    free(set->nbr);
    free(set->fix);
    dtmap_samples_init(set);
}

dtmap_status dtmap_samples_push(dtmap_samples *set, const dtmap_sample *s) {
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        dtmap_sample *v = realloc(set->v, cap * sizeof *v);
        if (!v) return DTMAP_ERR_NOMEM;
        set->v = v;
        set->cap = cap;
    }
    set->v[set->n++] = *s;
    return DTMAP_OK;
}

/* Grows *v (element size sz) so that one more batch of need elements fits. */
static int grow(void **v, size_t *cap, size_t n, size_t need, size_t sz) {
    if (n + need <= *cap) return 1;
    size_t c = *cap ? *cap : 256;
    while (c < n + need)
        c *= 2;
    void *p = realloc(*v, c * sz);
    if (!p) return 0;
    *v = p;
    *cap = c;
    return 1;
}

dtmap_status dtmap_samples_push_neighbours(dtmap_samples *set, const dtmap_neighbour *v, size_t n,
                                           uint32_t *first) {
    if (n > UINT32_MAX - set->nnbr) return DTMAP_ERR_NOMEM;
    if (!grow((void **)&set->nbr, &set->capnbr, set->nnbr, n, sizeof *v)) return DTMAP_ERR_NOMEM;
    if (n) memcpy(set->nbr + set->nnbr, v, n * sizeof *v);
    *first = (uint32_t)set->nnbr;
    set->nnbr += n;
    return DTMAP_OK;
}

dtmap_status dtmap_samples_push_fix(dtmap_samples *set, const dtmap_fix *f) {
    if (!grow((void **)&set->fix, &set->capfix, set->nfix, 1, sizeof *f)) return DTMAP_ERR_NOMEM;
    set->fix[set->nfix++] = *f;
    return DTMAP_OK;
}

dtmap_status dtmap_samples_add_file(dtmap_samples *set, const char *path, uint32_t *index) {
    for (size_t i = 0; i < set->nfiles; i++)
        if (strcmp(set->files[i], path) == 0) {
            *index = (uint32_t)i;
            return DTMAP_OK;
        }
    char **files = realloc(set->files, (set->nfiles + 1) * sizeof *files);
    if (!files) return DTMAP_ERR_NOMEM;
    set->files = files;
    char *copy = strdup(path);
    if (!copy) return DTMAP_ERR_NOMEM;
    set->files[set->nfiles] = copy;
    *index = (uint32_t)set->nfiles++;
    return DTMAP_OK;
}

dtmap_sample dtmap_sample_blank(void) {
    dtmap_sample s;
    memset(&s, 0, sizeof s);
    s.time_s = NAN;
    s.lon = s.lat = NAN;
    for (int m = 0; m < DTMAP_METRIC_COUNT; m++)
        s.value[m] = NAN;
    s.cell_id = -1;
    s.pci = -1;
    s.channel = -1;
    s.tech = DTMAP_TECH_OTHER;
    s.ecl = -1;
    s.fix_quality = -1;
    s.hdop = NAN;
    return s;
}
