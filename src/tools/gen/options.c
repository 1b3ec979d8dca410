/* options.c: dtmap-gen's option table (one table drives both parsing and --help). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

enum opt_kind { OPT_FLAG, OPT_STR, OPT_U64, OPT_LL, OPT_DBL };

typedef struct opt_def {
    const char *name, *arg;
    enum opt_kind kind;
    size_t offset;
    const char *help;
} opt_def;

/* One table drives both parsing and --help. */
static const opt_def opt_table[] = {
    {"out-dir", "DIR", OPT_STR, offsetof(options, out_dir),
     "demo mode: folder for the demo files (default: current folder)"},
    {"seed", "N", OPT_U64, offsetof(options, seed),
     "seed of every random choice (default 20260101); same seed, same bytes"},
    {"bench", "N", OPT_LL, offsetof(options, bench_n),
     "benchmark mode: N LTE samples on a dense road network"},
    {"extent-km", "KM", OPT_DBL, offsetof(options, extent_km),
     "benchmark mode: side of the square area in km (default 20)"},
    {"out-gnettrack", "FILE", OPT_STR, offsetof(options, out_gnettrack),
     "benchmark mode: G-NetTrack CSV output (required with --bench)"},
    {"out-xyz", "FILE", OPT_STR, offsetof(options, out_xyz),
     "benchmark mode: x,y,z CSV (EPSG:32649 metres, z = RSRP) of the same points"},
    {"bench-gaps", "N", OPT_LL, offsetof(options, bench_gaps),
     "benchmark mode: N weak-coverage holes (no site within 1.5 km of a centre inside the "
     "extent, so roads through them read about -115 dBm; default 0); their centres are "
     "printed as \"gap EPSG:32649 X,Y RADIUS\""},
    {"bench-areas", "FILE", OPT_STR, offsetof(options, bench_areas),
     "benchmark mode: write town polygons over the extent to FILE (GeoJSON, WGS 84, a "
     "\"name\" per town) for dtmap --areas"},
    {"bench-towns", "N", OPT_LL, offsetof(options, bench_towns),
     "benchmark mode: how many towns --bench-areas writes (default 50)"},
    {"overwrite", NULL, OPT_FLAG, offsetof(options, overwrite), "replace existing output files"},
    {"quiet", NULL, OPT_FLAG, offsetof(options, quiet), "print nothing but errors"},
    {"help", NULL, OPT_FLAG, offsetof(options, help), "print this help and exit"},
    {"version", NULL, OPT_FLAG, offsetof(options, version), "print the version and exit"},
};
#define N_OPTS (sizeof opt_table / sizeof opt_table[0])

/* Prints text from column 26 on, broken at spaces before column HELP_WIDTH, then a newline. */
static void print_wrapped(FILE *fp, const char *text) {
    enum { HELP_INDENT = 25, HELP_WIDTH = 104 };
    int col = HELP_INDENT;
    while (*text) {
        size_t word = strcspn(text, " ");
        if (col > HELP_INDENT && col + 1 + (int)word > HELP_WIDTH) {
            fprintf(fp, "\n%*s", HELP_INDENT, "");
            col = HELP_INDENT;
        } else if (col > HELP_INDENT) {
            fputc(' ', fp);
            col++;
        }
        fwrite(text, 1, word, fp);
        col += (int)word;
        text += word;
        while (*text == ' ')
            text++;
    }
    fputc('\n', fp);
}

void print_help(FILE *fp) {
    fprintf(fp, "Usage: dtmap-gen [--out-dir DIR] [--seed N] [--overwrite] [--quiet]\n"
                "       dtmap-gen --bench N [--extent-km KM] --out-gnettrack F.csv "
                "[--out-xyz F_xyz.csv] [--seed N]\n"
                "                 [--bench-gaps N] [--bench-areas F.geojson [--bench-towns N]]\n\n"
                "Writes a synthetic drive-test campaign; nothing in it was measured.\n"
                "Demo mode: around Yangshuo (Guilin, Guangxi, China), five G-NetTrack Pro CSV\n"
                "drives (LTE-only and NR SA phones), then, on the same network and roads, an\n"
                "NMEA track with a RedCap (RG255C) and an NB-IoT (BC28) AT transcript of the same\n"
                "drive and a Nemo Outdoor .nmf log; a few deliberately bad lines are listed on\n"
                "stdout (file:line: what).\n"
                "Benchmark mode: N LTE samples around the same place; prints the extent used as\n"
                "\"extent EPSG:32649 XMIN,YMIN,XMAX,YMAX\" (multiples of 10 m). For a province-\n"
                "scale run: --extent-km 300, --bench-gaps for roads through weak coverage,\n"
                "--bench-areas for the towns of an area report (dtmap run --areas FILE).\n\n"
                "Options:\n");
    for (size_t i = 0; i < N_OPTS; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", opt_table[i].name, opt_table[i].arg ? " " : "",
                 opt_table[i].arg ? opt_table[i].arg : "");
        fprintf(fp, "  %-22s ", left);
        print_wrapped(fp, opt_table[i].help);
    }
    fprintf(fp, "\nExit status: 0 success, 1 runtime error, 2 usage error.\n");
}

/* Parses argv into *o. Returns 0, or -1 after printing a one-line hint to stderr. */
int parse_args(int argc, char **argv, options *o) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "dtmap-gen: unexpected argument '%s' (try --help)\n", a);
            return -1;
        }
        a += 2;
        size_t len = strcspn(a, "=");
        if (a[len] == '=') val = a + len + 1;
        const opt_def *d = NULL;
        for (size_t k = 0; k < N_OPTS; k++)
            if (strlen(opt_table[k].name) == len && strncmp(opt_table[k].name, a, len) == 0)
                d = &opt_table[k];
        if (!d) {
            fprintf(stderr, "dtmap-gen: unknown option '%s' (try --help)\n", argv[i]);
            return -1;
        }
        char *field_ptr = (char *)o + d->offset;
        if (d->kind == OPT_FLAG) {
            if (val) {
                fprintf(stderr, "dtmap-gen: --%s takes no value\n", d->name);
                return -1;
            }
            *(int *)field_ptr = 1;
            continue;
        }
        if (!val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dtmap-gen: --%s needs a value (try --help)\n", d->name);
                return -1;
            }
            val = argv[++i];
        }
        char *end = NULL;
        errno = 0;
        switch (d->kind) {
        case OPT_STR:
            *(const char **)field_ptr = val;
            end = "";
            break;
        case OPT_U64:
            *(uint64_t *)field_ptr = strtoull(val, &end, 10);
            break;
        case OPT_LL:
            *(long long *)field_ptr = strtoll(val, &end, 10);
            break;
        case OPT_DBL:
            *(double *)field_ptr = strtod(val, &end);
            break;
        default:
            break;
        }
        if (errno || !end || *end || !*val) {
            fprintf(stderr, "dtmap-gen: --%s: invalid value '%s'\n", d->name, val);
            return -1;
        }
    }
    return 0;
}
