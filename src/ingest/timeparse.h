/* timeparse.h: timestamps found in drive-test logs (G-NetTrack, ISO 8601, epoch s/ms) and the
 * civil-calendar arithmetic the normalised CSV writer shares with them. */
#ifndef DTMAP_INGEST_TIMEPARSE_H
#define DTMAP_INGEST_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

/* Parses a whole timestamp: epoch seconds (< 1e11) or milliseconds, ISO 8601 date-times with
 * 'T', ' ' or '_' between date and time, '-', '.' or '/' date separators, ':' or '.' time
 * separators, optional fraction and zone (Z, +08:00, +0800, +08), or a date alone. Sets *t
 * (seconds since the epoch) and *zoned (1 when the text fixes the zone: epoch values and explicit
 * zones; *t is then UTC). Returns 1, or 0 with a reason in why. The caller handles missing
 * markers first. */
int dtmapi_ingest_time_parse(const char *s, double *t, int *zoned, char *why, size_t whyn);

/* Parses a date alone (YYYY-MM-DD with '-', '.' or '/', or DD.MM.YYYY) into days since
 * 1970-01-01. Returns 1, or 0 with a reason in why. */
int dtmapi_ingest_date_parse(const char *s, int64_t *days, char *why, size_t whyn);

/* Parses a time of day (HH:MM[:SS[.fff]] or HH.MM.SS, optional zone) into seconds since
 * midnight and the zone offset east of UTC (*zoned 1 when given). Returns 1, or 0. */
int dtmapi_ingest_tod_parse(const char *s, double *sod, int *zoned, double *offset_s);

/* Parses a time of day as dtmapi_ingest_tod_parse and sets *t to that time on day days (since
 * 1970-01-01), less the zone's offset when one is given (*zoned 1). The sum is rounded once, as
 * dtmapi_ingest_time_parse rounds a whole date-time, so both read the same instant to the same
 * double. Returns 1, or 0 when s is not a time of day. */
int dtmapi_ingest_date_tod_parse(int64_t days, const char *s, double *t, int *zoned);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t dtmapi_ingest_days_from_civil(int64_t y, int m, int d);
void dtmapi_ingest_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

#endif
