/* fmt.c: calendar arithmetic and the time and fixed-decimal formatting the writers share. */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "gen.h"

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

double civil_seconds(int y, int mo, int d, int h, int mi, double s) {
    return (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

/* t is read as UTC by gmtime_r, so whatever zone t counts in is what gets printed. */
void format_time_fmt(double t, const char *fmt, char *buf, size_t size) {
    time_t tt = (time_t)floor(t);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, size, fmt, &tm);
}

void format_time(double t, char *buf, size_t size) {
    format_time_fmt(t, "%Y.%m.%d_%H.%M.%S", buf, size); /* t is already local time (UTC+8) */
}

/* Writes v with a fixed number of decimals (v rounded to that many); the result matches
 * printf("%.*f") for the already-rounded values used here, at a fraction of the cost. */
void format_fixed(double v, int decimals, char *buf, size_t size) {
    static const long long pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    long long scale = pow10[decimals];
    long long k = llround(fabs(v) * (double)scale);
    snprintf(buf, size, "%s%lld.%0*lld", v < 0.0 && k ? "-" : "", k / scale, decimals, k % scale);
}

void format_stamp_ms(double t, const char *fmt, char *buf, size_t size) {
    long long ms = llround(t * 1000.0);
    long long sec = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    char head[40];
    format_time_fmt((double)sec, fmt, head, sizeof head);
    snprintf(buf, size, "%s.%03d", head, (int)(ms - sec * 1000));
}

void print_bad(int quiet, const char *path, long line, const char *what) {
    if (!quiet) printf("%s:%ld: %s\n", path, line, what);
}
