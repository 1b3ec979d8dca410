/* nemo.h: private to the Nemo Outdoor reader: the read state shared by nemo.c (lines, headers,
 * times, GPS) and nemo_events.c (CELLMEAS, CI, OFDMSCAN). */
#ifndef DTMAP_INGEST_NEMO_H
#define DTMAP_INGEST_NEMO_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/ingest.h"
#include "ingest/sink.h"

/* Measured-system codes of the Nemo file format used here. */
#define NEMO_SYSTEM_LTE_FDD 7
#define NEMO_SYSTEM_LTE_TDD 8

/* State of one read. Lives on the reader's stack; nemo_reader_free releases what it owns. */
typedef struct nemo_reader {
    ingest_sink *k;
    char **field; /* the current line split at commas (quotes removed), owned */
    size_t nfield, capfield;
    dtmap_neighbour *nbr; /* scratch for one record's cells, owned */
    size_t capnbr;
    /* header facts */
    int have_date;      /* #START gave a date */
    int64_t day0;       /* that date, days since 1970-01-01 */
    char date_why[64];  /* why there is no date, for the bad_time detail */
    int have_ut;        /* #UT gave the logger's offset from UTC */
    double ut_offset_s; /* local = UTC + ut_offset_s */
    char product[24], product_ver[16], format_ver[16];
    /* time of the event being read (set by nemo.c before the handlers run) */
    double prev_sod; /* time of day of the previous event (NAN: none yet) */
    int64_t rolled;  /* days added by midnight rollovers so far */
    double time_s;   /* the current event's time (see time_utc) */
    uint8_t time_utc;
    uint64_t events; /* lines that were Nemo events */
    /* the last CELLMEAS serving cell, for CI (-1 when none yet) */
    int serving_system;
    int32_t serving_pci, serving_channel;
} nemo_reader;

/* Number in field i: 1 (sets *v; may be +-inf), 0 when missing or beyond the line, -1 when the
 * text is not a number. */
int dtmapi_nemo_number(const nemo_reader *r, size_t i, double *v);

/* Count or code in field i: 1 with *n (a whole number 0..max), else 0. */
int dtmapi_nemo_int(const nemo_reader *r, size_t i, long max, long *n);

/* Makes room for n neighbours in r->nbr. DTMAP_OK or DTMAP_ERR_NOMEM (err names the line). */
dtmap_status dtmapi_nemo_reserve_nbr(nemo_reader *r, size_t n, uint32_t line, dtmap_error *err);

/* A blank LTE sample at the current event's time. */
dtmap_sample dtmapi_nemo_sample(const nemo_reader *r);

/* Accepts s (with nnbr neighbours from r->nbr) or rejects it: no_metric when RSRP, RSRQ and
 * SINR are all NAN, rsrp_range / rsrq_range / sinr_range (checked in that order) when a value
 * is outside the LTE reporting range; what names the event in the detail. Returns the sink's
 * status. */
dtmap_status dtmapi_nemo_emit(nemo_reader *r, uint32_t line, const char *what, dtmap_sample *s,
                              size_t nnbr, dtmap_error *err);

/* Event handlers: each makes exactly one sink call for the line in r->field (a sample, a
 * reject, or a skip) and returns the sink's status. */
dtmap_status dtmapi_nemo_cellmeas(nemo_reader *r, uint32_t line, dtmap_error *err);
dtmap_status dtmapi_nemo_ci(nemo_reader *r, uint32_t line, dtmap_error *err);
dtmap_status dtmapi_nemo_ofdmscan(nemo_reader *r, uint32_t line, dtmap_error *err);

#endif
