/* nmea_parse.h: one NMEA 0183 line to one parsed sentence (framing, *hh checksum, the GGA and
 * RMC fields), for the NMEA reader in nmea.c. No I/O, no allocation. */
#ifndef DTMAP_INGEST_NMEA_PARSE_H
#define DTMAP_INGEST_NMEA_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/ingest.h"

/* What a line holds. */
typedef enum nmea_type {
    NMEA_NONE = 0, /* no sentence at all (garbage, binary junk, a text message) */
    NMEA_GGA,      /* GGA of a GNSS talker */
    NMEA_RMC,      /* RMC of a GNSS talker */
    NMEA_OTHER     /* any other sentence (GSV, GSA, VTG, TXT, proprietary $PUBX...) */
} nmea_type;

/* One parsed line. When ok is 0 the line is a reject (reason, detail); otherwise GGA/RMC are
 * fix candidates and OTHER lines are skipped under kind. */
typedef struct nmea_sentence {
    nmea_type type;
    int ok;
    dtmap_reject_reason reason;
    char detail[112];
    char kind[8];   /* sentence id: "GSV", "GGA"; proprietary "PUBX"; other talkers "INGGA" */
    int64_t tod_us; /* GGA/RMC: UTC time of day in microseconds (set when ok, and for dated) */
    int dated;      /* RMC whose time and date parsed (even without a fix): a GGA date source */
    int64_t day;    /* RMC: days since 1970-01-01 (when dated) */
    double lat, lon;
    float hdop;  /* GGA; NAN when empty or unreadable (RMC: NAN) */
    int quality; /* GGA fix quality 1..9; -1 for RMC */
} nmea_sentence;

/* Parses one line (writable: fields are cut in place; len its length; truncated when the
 * line splitter cut it) into *out. Never fails: every outcome is described in *out. */
void dtmapi_nmea_parse_line(char *line, size_t len, int truncated, nmea_sentence *out);

/* 1 when s starts with a GNSS talker whose GGA and RMC dtmap reads (GP, GN, GL, GB, GA, BD,
 * QZ), else 0. */
int dtmapi_nmea_gnss_talker(const char *s);

#endif
