/* options.c: the option table and the getopt_long parsing driven by it (help.c prints --help
 * from the same table). */
#include "cli/options.h"

#include "cli/values.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_OUTPUT = 'o',
    OPT_QUIET = 'q',
    OPT_HELP = 'h',
    OPT_CRS = 256,
    OPT_RES,
    OPT_EXTENT,
    OPT_METHOD,
    OPT_POWER,
    OPT_RADIUS,
    OPT_MAXPTS,
    OPT_MINPTS,
    OPT_THREADS,
    OPT_TECHS,
    OPT_METRICS,
    OPT_THRESHOLD,
    OPT_NOGAPS,
    OPT_COLUMN,
    OPT_COG,
    OPT_TECH,
    OPT_TZ,
    OPT_REDCAP,
    OPT_MAXGAP,
    OPT_LTESINR,
    OPT_PROFILE,
    OPT_REJECTS,
    OPT_STRICT,
    OPT_OVERWRITE,
    OPT_AREAS,
    OPT_AREASLAYER,
    OPT_AREASNAME,
    OPT_AREASMARGIN,
    OPT_MINGAPAREA,
    OPT_NOCHARTS,
    OPT_WAIT,
    OPT_TILE,
    OPT_TASKS
};

/* The one option table. man/dtmap.1 documents every row (tests/cli/man_page.sh checks). */
static const cli_option options[] = {
    {OPT_OUTPUT, "output", 'o', "PATH", CMD_ALL,
     "output folder (run, grid; default {outdir}) or samples CSV (ingest; default "
     "samples.csv)"},
    {OPT_CRS, "crs", 0, "CRS", CMD_RUN | CMD_GRID | CMD_PLAN,
     "output CRS: a code (EPSG:4547), WKT, +proj=... or an exact CRS name; default auto: "
     "the data's UTM zone"},
    {OPT_RES, "res", 0, "METRES", CMD_RUN | CMD_GRID | CMD_PLAN,
     "cell size in metres (default {res})"},
    {OPT_EXTENT, "extent", 0, "XMIN,YMIN,XMAX,YMAX", CMD_RUN | CMD_GRID | CMD_PLAN,
     "grid extent in the output CRS (default: the data's, padded by the radius)"},
    {OPT_METHOD, "method", 0, "idw|bin", CMD_RUN | CMD_GRID | CMD_PLAN,
     "idw: inverse distance weighting (default); bin: per-cell means only"},
    {OPT_POWER, "power", 0, "P", CMD_RUN | CMD_GRID | CMD_PLAN,
     "IDW distance power (default {power})"},
    {OPT_RADIUS, "radius", 0, "METRES", CMD_RUN | CMD_GRID | CMD_PLAN,
     "IDW search radius (default 3 x --res); beyond it cells stay nodata"},
    {OPT_MAXPTS, "max-points", 0, "N", CMD_RUN | CMD_GRID | CMD_PLAN,
     "IDW uses at most the N nearest samples (default {max_points})"},
    {OPT_MINPTS, "min-points", 0, "N", CMD_RUN | CMD_GRID | CMD_PLAN,
     "fewer samples within the radius gives nodata (default {min_points})"},
    {OPT_THREADS, "threads", 0, "N", CMD_RUN | CMD_GRID | CMD_PLAN,
     "worker threads for IDW (default: all CPUs)"},
    {OPT_TECHS, "techs", 0, "LIST", CMD_RUN | CMD_GRID | CMD_PLAN,
     "technologies to map: lte,nr,redcap,nbiot (default: all with samples)"},
    {OPT_METRICS, "metrics", 0, "LIST", CMD_RUN | CMD_GRID | CMD_PLAN,
     "metrics to map: rsrp,rsrq,sinr (default: all)"},
    {OPT_THRESHOLD, "threshold", 0, "METRIC.TECH=VALUE", CMD_RUN | CMD_PLAN,
     "weak-coverage threshold, repeatable (e.g. rsrp.lte=-105, rsrq.nr=-15, sinr.nr=none)"},
    {OPT_NOGAPS, "no-gaps", 0, NULL, CMD_RUN | CMD_PLAN,
     "skip gaps.gpkg and the gap-kind rasters (rasters and summaries only)"},
    {OPT_AREAS, "areas", 0, "FILE", CMD_RUN | CMD_PLAN,
     "areas of interest (GeoPackage, GeoJSON, Shapefile, KML; any CRS): grid over them plus "
     "--areas-margin, and per area key figures, ranked gaps, charts and report.md"},
    {OPT_AREASLAYER, "areas-layer", 0, "NAME", CMD_RUN | CMD_PLAN,
     "layer of the areas file (default: its first polygon layer)"},
    {OPT_AREASNAME, "areas-name", 0, "FIELD", CMD_RUN | CMD_PLAN,
     "field holding the area names (default: name, NAME or 名称)"},
    {OPT_AREASMARGIN, "areas-margin", 0, "METRES", CMD_RUN | CMD_PLAN,
     "grid margin around the areas (default {areas_margin})"},
    {OPT_MINGAPAREA, "min-gap-area", 0, "M2", CMD_RUN | CMD_PLAN,
     "area gaps smaller than M2 square metres are left out (default {min_gap_area})"},
    {OPT_NOCHARTS, "no-charts", 0, NULL, CMD_RUN | CMD_PLAN,
     "area report without the PLplot charts"},
    {OPT_TILE, "tile", 0, "CELLS", CMD_RUN | CMD_GRID | CMD_PLAN,
     "tile side in cells, a multiple of 16 (default 256): maps are computed and stored tile by "
     "tile, only near the samples"},
    {OPT_TASKS, "tasks", 0, "N", CMD_PLAN,
     "split the run into at most N tasks (default: one per 16 tiles, at most 1000)"},
    {OPT_COG, "cog", 0, NULL, CMD_RUN | CMD_GRID | CMD_PLAN,
     "write Cloud-Optimised GeoTIFFs with overviews (power means taken in mW, not dB)"},
    {OPT_COLUMN, "column", 0, "KEY=HEADER", CMD_ALL,
     "use column HEADER for KEY (lat, lon, rsrp, rsrq, sinr, pci, cellid, channel, tech, "
     "time, date, ecl, hdop), or ignore KEY's column with KEY=- (e.g. time=-); repeatable"},
    {OPT_TECH, "tech", 0, "NAME", CMD_ALL,
     "technology of logs without a technology column: lte, nr, redcap, nbiot (default lte)"},
    {OPT_TZ, "tz", 0, "[INPUT=]OFFSET", CMD_ALL,
     "UTC offset of local-time logs (e.g. +08:00) for every input, or with INPUT= for one file, "
     "file name or folder; repeatable; times are then stored as UTC"},
    {OPT_REDCAP, "redcap", 0, "INPUT", CMD_ALL,
     "NR samples of INPUT (file, file name or folder) come from a RedCap device: mapped as "
     "redcap, never with phone NR; repeatable"},
    {OPT_MAXGAP, "max-gap", 0, "SECONDS", CMD_ALL,
     "time join: a measurement whose GNSS fixes either side are more than SECONDS apart is "
     "rejected as unpositioned (default {max_gap})"},
    {OPT_LTESINR, "lte-sinr", 0, "db|index", CMD_ALL,
     "SINR field of Quectel LTE +QENG: db (RM5xx/RG5xx/RG255C, default) or index (EC2x/EG9x/"
     "BG9x: dB = index / 5 - 20)"},
    {OPT_PROFILE, "profile", 0, "NAME|FILE", CMD_ALL,
     "technology profile (valid ranges, coverage classes, thresholds): a built-in name or a "
     "profile file (default: default)"},
    {OPT_REJECTS, "rejects", 0, "FILE", CMD_ALL,
     "write rejected records as file,line,reason,detail (run, grid: default "
     "OUTPUT/rejects.csv)"},
    {OPT_STRICT, "strict", 0, NULL, CMD_ALL, "fail (exit 1) if any record is rejected"},
    {OPT_OVERWRITE, "overwrite", 0, NULL, CMD_ALL,
     "replace existing outputs (run, grid: and remove the earlier run's files that this run "
     "does not write)"},
    {OPT_WAIT, "wait", 0, NULL, CMD_RUN | CMD_GRID,
     "when another run holds the output folder, wait for it instead of failing"},
    {OPT_QUIET, "quiet", 'q', NULL, CMD_ALL, "no summary on stdout (errors still go to stderr)"},
    {OPT_HELP, "help", 'h', NULL, CMD_ALL, "show this help and exit"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

/* See options.h. */
const cli_option *cli_options(size_t *n) {
    *n = NOPTIONS;
    return options;
}

const char *cli_command_name(int command) {
    return command == CMD_RUN    ? "run"
           : command == CMD_GRID ? "grid"
           : command == CMD_PLAN ? "plan"
                                 : "ingest";
}

static int usage_error(int command, const char *fmt, const char *a, const char *b) {
    fprintf(stderr, "dtmap %s: ", cli_command_name(command));
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\nTry 'dtmap %s --help'.\n", cli_command_name(command));
    return 2;
}

/* Applies one parsed option; returns 0 or 2 (usage error printed). */
static int apply(int cmd, const cli_option *o, const char *arg, cli_args *a) {
    dtmap_map_opts *m = &a->map;
    dtmap_error err;
    double v;
    int n;
    switch (o->id) { /* a path or a name: never empty (-o '' once overran a buffer) */
    case OPT_OUTPUT:
    case OPT_CRS:
    case OPT_AREAS:
    case OPT_AREASLAYER:
    case OPT_AREASNAME:
    case OPT_REDCAP:
    case OPT_PROFILE:
    case OPT_REJECTS:
        if (!*arg) return usage_error(cmd, "--%s '': empty %s", o->name, o->arg);
        break;
    }
    switch (o->id) {
    case OPT_OUTPUT:
        a->output = arg;
        break;
    case OPT_CRS:
        m->crs = arg;
        break;
    case OPT_RES:
        if (!cli_value_number(arg, &v) || v <= 0 || v > CLI_MAX_LENGTH_M)
            return usage_error(cmd, "--res '%s': expected a positive number of metres up to %s",
                               arg, "10000000");
        m->res_m = v;
        break;
    case OPT_EXTENT: {
        char *end;
        const char *p = arg;
        for (int i = 0; i < 4; i++) {
            m->extent[i] = strtod(p, &end);
            if (end == p || (i < 3 && *end != ',') || (i == 3 && *end) || strpbrk(arg, "xX") ||
                !(fabs(m->extent[i]) <= CLI_MAX_COORD_M))
                return usage_error(cmd,
                                   "--extent '%s': expected XMIN,YMIN,XMAX,YMAX, numbers of "
                                   "metres within +-%s",
                                   arg, "1e9");
            p = end + 1;
        }
        if (m->extent[2] <= m->extent[0] || m->extent[3] <= m->extent[1])
            return usage_error(cmd, "--extent '%s': XMAX and YMAX must exceed XMIN and YMIN%s", arg,
                               "");
        m->extent_set = 1;
        break;
    }
    case OPT_METHOD:
        if (!strcmp(arg, "idw"))
            m->method = DTMAP_METHOD_IDW;
        else if (!strcmp(arg, "bin"))
            m->method = DTMAP_METHOD_BIN;
        else
            return usage_error(cmd, "--method '%s': expected idw or bin%s", arg, "");
        break;
    case OPT_POWER:
        if (!cli_value_number(arg, &v) || v <= 0 || v > CLI_MAX_POWER)
            return usage_error(cmd, "--power '%s': expected a positive number up to %s", arg, "20");
        m->idw.power = v;
        break;
    case OPT_RADIUS:
        if (!cli_value_number(arg, &v) || v <= 0 || v > CLI_MAX_LENGTH_M)
            return usage_error(cmd, "--radius '%s': expected a positive number of metres up to %s",
                               arg, "10000000");
        m->idw.radius_m = v;
        break;
    case OPT_MAXPTS:
    case OPT_MINPTS:
    case OPT_THREADS:
        if (!cli_value_int(arg, &n) || n < (o->id == OPT_THREADS ? 0 : 1))
            return usage_error(cmd, "--%s '%s': expected a whole number >= 1", o->name, arg);
        if (o->id == OPT_MAXPTS)
            m->idw.max_points = n;
        else if (o->id == OPT_MINPTS)
            m->idw.min_points = n;
        else
            m->idw.threads = n;
        break;
    case OPT_TILE:
        if (!cli_value_int(arg, &n) || n < 16 || n > 4096 || n % 16)
            return usage_error(cmd, "--tile '%s': expected a multiple of 16 from 16 to %s", arg,
                               "4096");
        m->tile = n;
        break;
    case OPT_TASKS:
        if (!cli_value_int(arg, &n) || n < 1 || n > 100000)
            return usage_error(cmd, "--tasks '%s': expected a whole number from 1 to %s", arg,
                               "100000");
        m->tasks = (size_t)n;
        break;
    case OPT_TECHS:
        if (!cli_value_list(arg, 0, &m->tech_mask))
            return usage_error(cmd, "--techs '%s': expected a list of lte, nr, redcap, nbiot%s",
                               arg, "");
        break;
    case OPT_METRICS:
        if (!cli_value_list(arg, 1, &m->metric_mask))
            return usage_error(cmd, "--metrics '%s': expected a list of rsrp, rsrq, sinr%s", arg,
                               "");
        break;
    case OPT_THRESHOLD:
        if (a->nthresholds == CLI_MAX_RULES)
            return usage_error(cmd, "--threshold: more than %s%s", "64", "");
        a->thresholds[a->nthresholds++] = arg;
        if (dtmap_thresholds_parse(&m->thresholds, arg, &err) != DTMAP_OK) /* syntax now */
            return usage_error(cmd, "%s%s", err.detail, "");
        break;
    case OPT_NOGAPS:
        m->gaps = 0;
        break;
    case OPT_AREAS:
        m->areas = arg;
        break;
    case OPT_AREASLAYER:
        m->areas_layer = arg;
        break;
    case OPT_AREASNAME:
        m->areas_name = arg;
        break;
    case OPT_AREASMARGIN:
    case OPT_MINGAPAREA:
        if (!cli_value_number(arg, &v) || v < 0 ||
            (o->id == OPT_AREASMARGIN && v > CLI_MAX_LENGTH_M))
            return usage_error(cmd,
                               o->id == OPT_AREASMARGIN
                                   ? "--%s '%s': expected a number of metres from 0 to 10000000"
                                   : "--%s '%s': expected a number >= 0",
                               o->name, arg);
        if (o->id == OPT_AREASMARGIN)
            m->areas_margin_m = v;
        else
            m->min_gap_area_m2 = v;
        break;
    case OPT_NOCHARTS:
        m->charts = 0;
        break;
    case OPT_COG:
        m->cog = 1;
        break;
    case OPT_COLUMN: {
        const char *eq = strchr(arg, '=');
        char key[16];
        dtmap_column col;
        if (!eq || eq == arg || !eq[1] || (size_t)(eq - arg) >= sizeof key)
            return usage_error(cmd, "--column '%s': expected KEY=HEADER or KEY=-%s", arg, "");
        memcpy(key, arg, (size_t)(eq - arg));
        key[eq - arg] = '\0';
        if (dtmap_column_parse(key, &col) != 0)
            return usage_error(cmd,
                               "--column '%s': unknown key '%s' (lat, lon, rsrp, rsrq, "
                               "sinr, pci, cellid, channel, tech, time, date, ecl, hdop)",
                               arg, key);
        a->ingest.column[col] = eq + 1;
        break;
    }
    case OPT_TECH:
        if (dtmap_tech_parse(arg, &a->ingest.tech) != 0 || a->ingest.tech == DTMAP_TECH_OTHER)
            return usage_error(cmd, "--tech '%s': expected lte, nr, redcap or nbiot%s", arg, "");
        a->ingest.tech_set = 1;
        break;
    case OPT_TZ: {
        const char *eq = strrchr(arg, '=');
        cli_tz_rule *r = &a->tz[a->ntz];
        if (a->ntz == CLI_MAX_RULES)
            return usage_error(cmd, "--tz: more than %s rules%s", "64", "");
        r->input = NULL;
        if (eq) {
            if (eq == arg) return usage_error(cmd, "--tz '%s': empty INPUT before '='%s", arg, "");
            char *input = strndup(arg, (size_t)(eq - arg));
            if (!input) return usage_error(cmd, "--tz '%s': out of memory%s", arg, "");
            r->input = input;
            a->owned[a->nowned++] = input;
        }
        if (!cli_value_tz(eq ? eq + 1 : arg, &r->offset_s))
            return usage_error(cmd,
                               "--tz '%s': expected [INPUT=]OFFSET with an offset like "
                               "+08:00, -05:30 or UTC%s",
                               arg, "");
        a->ntz++;
        break;
    }
    case OPT_REDCAP:
        if (a->nredcap == CLI_MAX_RULES)
            return usage_error(cmd, "--redcap: more than %s inputs%s", "64", "");
        a->redcap[a->nredcap++] = arg;
        break;
    case OPT_MAXGAP:
        if (!cli_value_number(arg, &v) || v < 0)
            return usage_error(cmd, "--max-gap '%s': expected a number of seconds >= 0%s", arg, "");
        a->max_gap_s = v;
        break;
    case OPT_LTESINR:
        if (!strcmp(arg, "db"))
            a->ingest.lte_sinr = DTMAP_LTE_SINR_DB;
        else if (!strcmp(arg, "index"))
            a->ingest.lte_sinr = DTMAP_LTE_SINR_INDEX;
        else
            return usage_error(cmd, "--lte-sinr '%s': expected db or index%s", arg, "");
        break;
    case OPT_PROFILE:
        a->profile_name = arg;
        break;
    case OPT_REJECTS:
        a->rejects = arg;
        break;
    case OPT_STRICT:
        a->strict = 1;
        break;
    case OPT_OVERWRITE:
        a->overwrite = 1;
        break;
    case OPT_WAIT:
        a->wait = 1;
        break;
    case OPT_QUIET:
        a->quiet = 1;
        break;
    case OPT_HELP:
        a->help = 1;
        break;
    }
    return 0;
}

int cli_parse(int command, int argc, char **argv, cli_args *a) {
    struct option longopts[NOPTIONS + 1];
    char shortopts[64] = ":"; /* ":": report a missing value as ':' */
    size_t n = 0;
    a->command = command;
    a->max_gap_s = DTMAP_JOIN_MAX_GAP_S;
    dtmap_map_opts_default(&a->map);
    dtmap_ingest_opts_default(&a->ingest);
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (!(options[i].commands & command)) continue;
        longopts[n].name = options[i].name;
        longopts[n].has_arg = options[i].arg ? required_argument : no_argument;
        longopts[n].flag = NULL;
        longopts[n].val = (int)i + 1000;
        n++;
        if (options[i].shortname) {
            size_t l = strlen(shortopts);
            shortopts[l] = options[i].shortname;
            shortopts[l + 1] = options[i].arg ? ':' : '\0';
            shortopts[l + 2] = '\0';
        }
    }
    memset(&longopts[n], 0, sizeof longopts[n]);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const cli_option *o = NULL;
        if (c >= 1000)
            o = &options[c - 1000];
        else
            for (size_t i = 0; i < NOPTIONS; i++)
                if (options[i].shortname == c && (options[i].commands & command)) o = &options[i];
        if (!o) {
            const char *bad = argv[optind - 1];
            if (c == ':') return usage_error(command, "option '%s' needs a value%s", bad, "");
            return usage_error(command, "unknown option '%s'%s", bad, "");
        }
        int rc = apply(command, o, optarg, a);
        if (rc) return rc;
    }
    a->map.overwrite = a->overwrite;
    if (!a->help) {
        dtmap_error err;
        if (dtmap_profile_load(a->profile_name ? a->profile_name : "default", &a->profile, &err) !=
            DTMAP_OK) {
            fprintf(stderr, "dtmap: --profile: %s\n", err.detail);
            return 1;
        }
        a->ingest.profile = &a->profile;
        a->map.profile = &a->profile;
        if (a->profile.ecl_ce2_share.set) a->map.ce2_share = a->profile.ecl_ce2_share.value;
        dtmap_thresholds_from_profile(&a->map.thresholds, &a->profile);
        for (int i = 0; i < a->nthresholds; i++) {
            (void)dtmap_thresholds_parse(&a->map.thresholds, a->thresholds[i], &err);
            char why[256];
            if (!cli_value_threshold_ok(a->thresholds[i], &a->profile, why, sizeof why))
                return usage_error(command, "--threshold '%s': %s", a->thresholds[i], why);
        }
    }
    a->inputs = argv + optind;
    a->ninputs = argc - optind;
    if (!a->help && a->ninputs == 0) return usage_error(command, "no input log given%s%s", "", "");
    if (!a->help && a->map.idw.min_points > a->map.idw.max_points)
        return usage_error(command, "--min-points exceeds --max-points%s%s", "", "");
    return 0;
}

void cli_args_free(cli_args *a) {
    for (int i = 0; i < a->nowned; i++)
        free(a->owned[i]);
    a->nowned = 0;
}
