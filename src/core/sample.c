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
    free(set->file_slots);
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

/* FNV-1a hash of a NUL-terminated string. */
static uint64_t hash_path(const char *s) {
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of slots[0..nslots) (a power of two) that holds path or, when path is not there, the
 * empty slot where it goes. */
static size_t find_slot(char *const *files, const uint32_t *slots, size_t nslots,
                        const char *path) {
    size_t k = (size_t)hash_path(path) & (nslots - 1);
    while (slots[k] != 0 && strcmp(files[slots[k] - 1], path) != 0)
        k = (k + 1) & (nslots - 1);
    return k;
}

/* Makes room for one more file: the index at least twice as large as nfiles + 1 and the file
 * array of nslots / 2 entries (both grow by doubling). DTMAP_OK or DTMAP_ERR_NOMEM (the files
 * and the index unchanged, the array maybe larger). */
static dtmap_status index_room(dtmap_samples *set) {
    if (set->nslots >= 2 * (set->nfiles + 1)) return DTMAP_OK;
    size_t n = set->nslots ? 2 * set->nslots : 64;
    char **files = realloc(set->files, n / 2 * sizeof *files);
    if (!files) return DTMAP_ERR_NOMEM;
    set->files = files;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots) return DTMAP_ERR_NOMEM;
    for (size_t i = 0; i < set->nfiles; i++)
        slots[find_slot(set->files, slots, n, set->files[i])] = (uint32_t)(i + 1);
    free(set->file_slots);
    set->file_slots = slots;
    set->nslots = n;
    return DTMAP_OK;
}

dtmap_status dtmap_samples_add_file(dtmap_samples *set, const char *path, uint32_t *index) {
    if (index_room(set) != DTMAP_OK) return DTMAP_ERR_NOMEM;
    size_t k = find_slot(set->files, set->file_slots, set->nslots, path);
    if (set->file_slots[k] != 0) {
        *index = set->file_slots[k] - 1;
        return DTMAP_OK;
    }
    char *copy = strdup(path);
    if (!copy) return DTMAP_ERR_NOMEM;
    set->files[set->nfiles] = copy;
    set->file_slots[k] = (uint32_t)(set->nfiles + 1);
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
