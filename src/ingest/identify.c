/* identify.c: files that are no logs, told by their first bytes before any reader is tried:
 * spreadsheets (an Excel workbook wants a CSV export, and says so), pictures, databases, and
 * the files dtmap itself writes, so that an earlier run's outputs in a log folder are named as
 * such instead of being read back. One row per kind, tried in order. */
#include "ingest/identify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_HINT "save it as CSV (File > Save As > CSV UTF-8)"

/* The header of the sample CSV (samples_csv.c writes it; a unit test keeps the two equal). */
static const char samples_header[] =
    "time,lon,lat,tech,rsrp,rsrq,sinr,pci,cellid,channel,ecl,hdop,fix,neighbours,source,line";

/* Little-endian integers from bytes. */
static uint32_t le16(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}
static uint32_t le32(const unsigned char *p) {
    return le16(p) | le16(p + 2) << 16;
}

/* 1 when b[0..n) holds a ZIP header (local "PK\3\4", name at +30, its length at +26; or
 * central "PK\1\2", name at +46, length at +28) whose entry name starts with prefix. */
static int zip_entry(const unsigned char *b, size_t n, const char *prefix) {
    size_t plen = strlen(prefix);
    for (size_t i = 0; i + 46 + plen <= n; i++) {
        if (b[i] != 'P' || b[i + 1] != 'K') continue;
        size_t name, len;
        if (b[i + 2] == 3 && b[i + 3] == 4)
            name = i + 30, len = le16(b + i + 26);
        else if (b[i + 2] == 1 && b[i + 3] == 2)
            name = i + 46, len = le16(b + i + 28);
        else
            continue;
        if (len >= plen && name + plen <= n && memcmp(b + name, prefix, plen) == 0) return 1;
    }
    return 0;
}

/* Reads up to n bytes at offset off of fp into buf; returns the count (0 on any error). */
static size_t read_at(FILE *fp, long off, unsigned char *buf, size_t n) {
    if (!fp || off < 0 || fseek(fp, off, SEEK_SET) != 0) return 0;
    return fread(buf, 1, n, fp);
}

/* An Excel 2007+ workbook: a ZIP archive with entries under xl/. They sit in the first bytes
 * (local headers) of the files Excel and LibreOffice write, and in the central directory at the
 * end of any ZIP, so both ends are searched. */
static int is_xlsx(const unsigned char *h, size_t n, FILE *fp) {
    enum { TAIL = 65536 };
    if (n < 4 || memcmp(h, "PK\3\4", 4) != 0) return 0;
    if (zip_entry(h, n, "xl/")) return 1;
    if (!fp || fseek(fp, 0, SEEK_END) != 0) return 0;
    long size = ftell(fp);
    unsigned char *tail = malloc(TAIL);
    if (!tail) return 0;
    size_t got = read_at(fp, size > TAIL ? size - TAIL : 0, tail, TAIL);
    int found = zip_entry(tail, got, "xl/");
    free(tail);
    return found;
}

/* An OpenDocument spreadsheet: a ZIP whose first entry "mimetype" names it. */
static int is_ods(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    static const char mime[] = "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    return n >= 30 + sizeof mime - 1 && memcmp(h, "PK\3\4", 4) == 0 &&
           memcmp(h + 30, mime, sizeof mime - 1) == 0;
}

/* A compound file (OLE2) whose first directory sector holds a "Workbook" (Excel 97-2003) or
 * "Book" (Excel 5) stream: the header gives the sector size (1 << shift at offset 30) and the
 * first directory sector (offset 48); entries are 128 bytes, the name UTF-16LE first. */
static int ole2(const unsigned char *h, size_t n) {
    return n >= 512 && memcmp(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

static int is_xls(const unsigned char *h, size_t n, FILE *fp) {
    if (!ole2(h, n)) return 0;
    uint32_t shift = le16(h + 30), first = le32(h + 48);
    if (shift != 9 && shift != 12) return 0;
    unsigned char dir[4096];
    size_t len = (size_t)1 << shift;
    long off = (long)(((uint64_t)first + 1) << shift);
    size_t got = (size_t)off + len <= n ? len : read_at(fp, off, dir, len);
    const unsigned char *d = (size_t)off + len <= n ? h + off : dir;
    for (size_t e = 0; e + 128 <= got; e += 128) {
        char name[33];
        size_t k = 0, chars = le16(d + e + 64) / 2; /* name length in bytes, with its NUL */
        for (; k < 32 && k + 1 < chars; k++)
            name[k] = d[e + 2 * k + 1] ? '?' : (char)d[e + 2 * k];
        name[k] = '\0';
        if (strcmp(name, "Workbook") == 0 || strcmp(name, "Book") == 0) return 1;
    }
    return 0;
}

static int is_ole2(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    return ole2(h, n);
}

/* Magic numbers at the very start. */
static int magic(const unsigned char *h, size_t n, const char *m, size_t mlen) {
    return n >= mlen && memcmp(h, m, mlen) == 0;
}
/* The first line of text (after a UTF-8 BOM) is exactly line, or starts with it when prefix. */
static int first_line(const unsigned char *h, size_t n, const char *line, int prefix) {
    const char *s = (const char *)h;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, n -= 3;
    size_t len = strlen(line), end = 0;
    while (end < n && s[end] != '\n' && s[end] != '\r')
        end++;
    return prefix ? end >= len && memcmp(s, line, len) == 0
                  : end == len && memcmp(s, line, len) == 0;
}
static int is_samples(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    return first_line(h, n, samples_header, 0);
}
static int is_rejects(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    return first_line(h, n, "file,line,reason,detail", 0);
}
static int is_summary_csv(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    return first_line(h, n, "\"tech\",\"metric\",\"unit\",\"raster\",\"samples_raster\",", 1) ||
           first_line(h, n, "tech,metric,unit,raster,samples_raster,", 1);
}
static int is_areas_csv(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    return first_line(h, n, "area,tech,area_m2,covered_share,", 1);
}
static int is_summary_json(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    return magic(h, n, "{\n  \"dtmap_version\": ", 20);
}
static int is_areas_json(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    return magic(h, n, "{\n  \"profile\": {", 16) &&
           strstr((const char *)h, "\"min_gap_area_m2\"") &&
           strstr((const char *)h, "\"gaps_file\"");
}
static int is_report_md(const unsigned char *h, size_t n, FILE *fp) {
    (void)fp;
    return first_line(h, n, "# Coverage report", 0) &&
           strstr((const char *)h, "## How to read this report");
}

/* A kind of file that is no log: its test on the head (and the open file for tests that need
 * more than the head) or, for a row without test, the magic bytes it starts with; and the reason
 * given. Order matters: a workbook is a ZIP too. */
typedef struct kind {
    int (*test)(const unsigned char *head, size_t n, FILE *fp);
    const char *magic;
    size_t magic_len;
    const char *why;
    int samples; /* dtmap's sample CSV: read when named, refused only when found in a folder */
} kind;

/* A row for a file known by its first bytes M (a string literal, NULs allowed). */
#define MAGIC(M) NULL, M, sizeof M - 1

static const kind kinds[] = {
    {is_xlsx, NULL, 0, "an Excel workbook, not a log: " CSV_HINT, 0},
    {is_xls, NULL, 0, "an Excel workbook, not a log: " CSV_HINT, 0},
    {is_ods, NULL, 0, "an OpenDocument spreadsheet, not a log: " CSV_HINT, 0},
    {is_ole2, NULL, 0, "a Microsoft Office document (OLE2), not a log", 0},
    {MAGIC("PK\3\4"), "a ZIP archive, not a log (unpack it)", 0},
    {MAGIC("\x1F\x8B"), "a gzip-compressed file, not a log (unpack it)", 0},
    {MAGIC("II*\0"), "a TIFF image (GeoTIFF), not a log", 0},
    {MAGIC("MM\0*"), "a TIFF image (GeoTIFF), not a log", 0},
    {MAGIC("SQLite format 3\0"), "an SQLite database (GeoPackage), not a log", 0},
    {MAGIC("\x89PNG\r\n\x1a\n"), "a PNG image, not a log", 0},
    {MAGIC("\xFF\xD8\xFF"), "a JPEG image, not a log", 0},
    {MAGIC("%PDF-"), "a PDF document, not a log", 0},
    {is_samples, NULL, 0, "dtmap output (samples.csv written by dtmap ingest)", 1},
    {is_rejects, NULL, 0, "dtmap output (rejects.csv written by dtmap), not a log", 0},
    {is_summary_csv, NULL, 0, "dtmap output (summary.csv written by dtmap run), not a log", 0},
    {is_areas_csv, NULL, 0, "dtmap output (areas.csv written by dtmap run --areas), not a log", 0},
    {is_summary_json, NULL, 0, "dtmap output (summary.json written by dtmap run), not a log", 0},
    {is_areas_json, NULL, 0, "dtmap output (areas.json written by dtmap run --areas), not a log",
     0},
    {is_report_md, NULL, 0, "dtmap output (report.md written by dtmap run --areas), not a log", 0},
};

const char *dtmapi_ingest_identify(const char *head, size_t n, FILE *fp, int from_folder) {
    const unsigned char *h = (const unsigned char *)head;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (kinds[i].test ? kinds[i].test(h, n, fp)
                          : magic(h, n, kinds[i].magic, kinds[i].magic_len))
            return !kinds[i].samples || from_folder ? kinds[i].why : NULL;
    return NULL;
}
