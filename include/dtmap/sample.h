/* sample.h: the one record every log reader emits, the technologies and metrics it carries,
 * and the growable sample set that owns a run's samples and source-file names. */
#ifndef DTMAP_SAMPLE_H
#define DTMAP_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Radio technology of a sample. Layers never mix technologies. */
typedef enum dtmap_tech {
    DTMAP_TECH_LTE = 0,
    DTMAP_TECH_NR,     /* 5G NR measured by a phone-class device */
    DTMAP_TECH_REDCAP, /* 5G NR measured by a RedCap device (never merged with NR) */
    DTMAP_TECH_NBIOT,
    DTMAP_TECH_OTHER, /* 2G/3G and anything else: carried, never mapped as RSRP */
    DTMAP_TECH_COUNT
} dtmap_tech;

/* Mapped metrics. RSRP is a power (dBm); RSRQ and SINR are ratios (dB). */
typedef enum dtmap_metric {
    DTMAP_METRIC_RSRP = 0,
    DTMAP_METRIC_RSRQ,
    DTMAP_METRIC_SINR,
    DTMAP_METRIC_COUNT
} dtmap_metric;

/* Short lower-case names used in file names and options: "lte", "nr", "redcap", "nbiot",
 * "other"; labels for people: "LTE", "NR", "NR RedCap", "NB-IoT", "other". Static strings. */
const char *dtmap_tech_name(dtmap_tech tech);
const char *dtmap_tech_label(dtmap_tech tech);
/* Parses a short name (case-insensitive); returns 0 and sets *tech, or -1 if unknown. */
int dtmap_tech_parse(const char *name, dtmap_tech *tech);

/* "rsrp", "rsrq", "sinr"; labels "RSRP", ...; units "dBm", "dB", "dB". Static strings. */
const char *dtmap_metric_name(dtmap_metric metric);
const char *dtmap_metric_label(dtmap_metric metric);
const char *dtmap_metric_unit(dtmap_metric metric);
/* Parses a short name (case-insensitive); returns 0 and sets *metric, or -1 if unknown. */
int dtmap_metric_parse(const char *name, dtmap_metric *metric);
/* 1 for power metrics (averaged in mW), 0 for ratios (averaged in dB). */
int dtmap_metric_is_power(dtmap_metric metric);

/* One measurement at one place. Missing values are NAN (floats) or -1 (integers). A sample
 * read from a log without positions (a modem transcript, a Nemo event) has lon/lat NAN until
 * dtmap_ingest_join gives it one from a GNSS track. */
typedef struct dtmap_sample {
    double time_s;                   /* seconds since 1970-01-01T00:00:00; NAN if unknown */
    double lon, lat;                 /* WGS 84 degrees */
    float value[DTMAP_METRIC_COUNT]; /* dBm / dB by dtmap_metric; NAN when not measured */
    int64_t cell_id;                 /* cell identity (ECI, NCI, ...); -1 if unknown */
    int32_t pci;                     /* physical cell id; -1 if unknown */
    int32_t channel;                 /* EARFCN / NR-ARFCN; -1 if unknown */
    uint32_t file;                   /* index into the owning set's file table */
    uint32_t line;                   /* 1-based line (record) number in that file */
    uint8_t tech;                    /* dtmap_tech */
    uint8_t time_utc;                /* 1 if time_s is UTC, 0 if local time of unknown zone */
    int8_t ecl;                      /* NB-IoT coverage-enhancement level 0..2; -1 unknown */
    int8_t fix_quality;              /* GNSS fix quality of the position (NMEA GGA 1..8); -1 */
    float hdop;                      /* horizontal dilution of precision; NAN if unknown */
    uint32_t nbr;                    /* first neighbour in the owning set's nbr table */
    uint32_t nnbr;                   /* neighbour measurements carried (0: none) */
} dtmap_sample;

/* A neighbour (or scanner) cell measured with a sample: kept so later work can map best
 * server and pilot pollution. Missing values NAN / -1. */
typedef struct dtmap_neighbour {
    int32_t pci;
    int32_t channel; /* EARFCN / NR-ARFCN; -1 if unknown */
    float rsrp;      /* dBm */
    float rsrq;      /* dB */
} dtmap_neighbour;

/* Owner value of a fix that serves every measurement without positions of its own (NMEA). */
#define DTMAP_FIX_SHARED UINT32_MAX

/* One GNSS position fix. Fixes position measurements by time (dtmap_ingest_join). */
typedef struct dtmap_fix {
    double time_s;   /* seconds since the epoch: UTC when time_utc, else the log's clock */
    double lon, lat; /* WGS 84 degrees */
    float hdop;      /* NAN if unknown */
    int8_t quality;  /* GGA fix quality 1..8 (1 GPS, 2 DGPS, 4 RTK fixed...); -1 unknown */
    uint8_t time_utc;
    uint32_t file, line; /* where the fix was read */
    uint32_t owner;      /* file whose measurements it positions, or DTMAP_FIX_SHARED */
} dtmap_fix;

/* A run's samples plus the table of file names they came from. A plain container (fields are
 * public so interpolators can walk it without calls); initialise with dtmap_samples_init,
 * release with dtmap_samples_free. */
typedef struct dtmap_samples {
    dtmap_sample *v;
    size_t n, cap;
    char **files; /* owned copies of source paths, indexed by dtmap_sample.file */
    size_t nfiles;
    dtmap_neighbour *nbr; /* neighbour table, indexed by dtmap_sample.nbr */
    size_t nnbr, capnbr;
    dtmap_fix *fix; /* GNSS fixes read so far (NMEA, Nemo GPS, +QGPSLOC) */
    size_t nfix, capfix;
    /* Private to sample.c: a hash index of files (open addressing; a slot holds a file's index
     * + 1, 0 when empty) so that dtmap_samples_add_file finds an equal path in O(1). */
    uint32_t *file_slots;
    size_t nslots; /* a power of two, at least twice nfiles; 0 before the first file */
} dtmap_samples;

void dtmap_samples_init(dtmap_samples *set);
/* Frees everything the set owns and re-initialises it. Accepts NULL. */
void dtmap_samples_free(dtmap_samples *set);
/* Appends a copy of *s; returns DTMAP_OK or DTMAP_ERR_NOMEM (set unchanged). */
dtmap_status dtmap_samples_push(dtmap_samples *set, const dtmap_sample *s);
/* Appends n neighbours and stores the index of the first in *first. DTMAP_OK or
 * DTMAP_ERR_NOMEM (table unchanged). */
dtmap_status dtmap_samples_push_neighbours(dtmap_samples *set, const dtmap_neighbour *v, size_t n,
                                           uint32_t *first);
/* Appends a copy of *f to the fix table. DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmap_samples_push_fix(dtmap_samples *set, const dtmap_fix *f);
/* Adds a copy of path to the file table and stores its index in *index (re-uses an existing
 * equal entry, found by hash: O(1) amortised). Returns DTMAP_OK or DTMAP_ERR_NOMEM (table
 * unchanged). */
dtmap_status dtmap_samples_add_file(dtmap_samples *set, const char *path, uint32_t *index);
/* Returns a sample with every field "missing" (NAN / -1, tech OTHER, file/line 0, no
 * neighbours). */
dtmap_sample dtmap_sample_blank(void);

#ifdef __cplusplus
}
#endif
#endif
